//! ## What it does
//! Flags tables that have no primary key.
//!
//! ## Why is this bad?
//! Without a primary key rows cannot be addressed reliably: updates and deletes by key, foreign
//! keys pointing at the table, replication and most ORMs all need one.
//!
//! ## Example
//! ```sql
//! CREATE TABLE audit_log (happened_at timestamptz, message text);
//! ```
//!
//! ## Fix
//! Add a primary key: a natural key if one exists, else a surrogate identity column.

use super::Rule;
use crate::analysis::{AnalysisConfig, Finding, RuleInfo};
use crate::diagnostic::Severity;
use crate::schema::{Schema, TableKind};

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "missing-primary-key",
        severity: Severity::Error,
        summary: "Table has no primary key",
    },
    check,
};

fn check(schema: &Schema, _config: &AnalysisConfig, out: &mut Vec<Finding>) {
    for t in &schema.tables {
        if t.primary_key.is_some() || t.kind == TableKind::Partition {
            continue;
        }
        out.push(Finding {
            rule: RULE.info.id,
            severity: RULE.info.severity,
            table: Some(t.id),
            columns: Vec::new(),
            index: None,
            message: format!("table `{}` has no primary key", t.qualified_name()),
            help: "add a primary key: a natural key if one exists, else a surrogate identity column".into(),
            fix: None,
        });
    }
}
