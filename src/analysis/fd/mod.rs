//! Functional dependencies: closures, keys, normal forms, decompositions.
//!
//! CONTRACT (used by the CLI `normalize`): `normalize_report`. The analysis helper owns this.

pub mod rng;

use crate::schema::Schema;

/// The `erdsmith normalize` report for one table, as text or JSON.
pub fn normalize_report(schema: &Schema, table: &str, _fds: &[String], _json: bool) -> Result<String, String> {
    let Some(_t) = schema.find_table(None, table) else {
        return Err(format!("no table named `{table}`"));
    };
    Err("normalization is not implemented yet".into())
}
