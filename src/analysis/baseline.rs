//! `--baseline`: which findings are new relative to an older schema. Findings are matched by
//! rule and by the identity of what they are about — the table's qualified name, the column
//! names, the index name, all without case — never by line, so a finding moved by an edit
//! above it is not new, and the same problem on another table is.

use super::Finding;
use crate::schema::Schema;
use std::collections::HashMap;

/// What a finding is about, by name: stable across two imports of two versions of a text.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Identity {
    pub rule: String,
    pub table: String,
    pub columns: Vec<String>,
    pub index: String,
}

impl Identity {
    pub fn of(schema: &Schema, f: &Finding) -> Identity {
        let table = f.table.and_then(|t| schema.table(t));
        let mut columns: Vec<String> =
            f.columns.iter().filter_map(|c| schema.column(*c)).map(|(_, c)| c.name.to_lowercase()).collect();
        columns.sort();
        let index = table
            .and_then(|t| f.index.and_then(|i| t.indexes.iter().find(|x| x.id == i)))
            .and_then(|ix| ix.name.clone())
            .unwrap_or_default()
            .to_lowercase();
        Identity {
            rule: f.rule.to_string(),
            table: table.map(|t| t.qualified_name().to_lowercase()).unwrap_or_default(),
            columns,
            index,
        }
    }

    /// A short stable text for it (`rule:table(columns)#index`), used as a fingerprint.
    pub fn text(&self) -> String {
        format!("{}:{}({})#{}", self.rule, self.table, self.columns.join(","), self.index)
    }
}

/// For each finding of `current` (on `schema`), whether it is new: not matched by a finding of
/// `old` (on `old_schema`) with the same identity. Matching counts: two identical findings now
/// and one before leave one new.
pub fn new_findings(old_schema: &Schema, old: &[Finding], schema: &Schema, current: &[Finding]) -> Vec<bool> {
    let mut before: HashMap<Identity, usize> = HashMap::new();
    for f in old {
        *before.entry(Identity::of(old_schema, f)).or_default() += 1;
    }
    current
        .iter()
        .map(|f| match before.get_mut(&Identity::of(schema, f)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .collect()
}
