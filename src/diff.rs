//! diff(baseline, current) → ordered changes; rendered per dialect by export::migration.
//!
//! CONTRACT (used by ui/, the CLI `diff`): `migration_script`. The export helper owns this file.

use crate::schema::{Dialect, Schema};

/// The up (or, with `down`, the down) migration script from `old` to `new` in `dialect`.
pub fn migration_script(_old: &Schema, _new: &Schema, _dialect: Dialect, _down: bool) -> Result<String, String> {
    Err("migration plans are not implemented yet".into())
}
