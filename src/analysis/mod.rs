//! Design review: the rule catalogue, functional dependencies and normal forms, index advice.
//!
//! CONTRACT (used by ui/, the CLI): `Finding`, `AnalysisConfig`, `check`, `RULES`, `RuleInfo`,
//! `fd::normalize_report`, `advisor::advise`. The analysis helper owns `src/analysis/`.

pub mod fd;
pub mod rules;

use crate::diagnostic::Severity;
use crate::edit::Edit;
use crate::schema::{ColumnId, IndexId, Schema, TableId};
use serde::{Deserialize, Serialize};

/// What a rule reports: it points at model ids, never at text offsets.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub table: Option<TableId>,
    pub columns: Vec<ColumnId>,
    pub index: Option<IndexId>,
    pub message: String,
    pub help: String,
    /// A suggested fix as edits (one click applies it; undoable).
    pub fix: Option<Vec<Edit>>,
}

/// Static facts about a rule, for the catalogue, docs and settings UI.
#[derive(Clone, Debug)]
pub struct RuleInfo {
    pub id: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
}

/// Per-project analysis settings, saved with the project.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AnalysisConfig {
    /// Rule ids switched off.
    pub disabled: Vec<String>,
}

/// Runs every enabled rule over the schema.
pub fn check(schema: &Schema, config: &AnalysisConfig) -> Vec<Finding> {
    let mut findings = Vec::new();
    for rule in rules::RULES {
        if !config.disabled.iter().any(|d| d == rule.info.id) {
            (rule.check)(schema, config, &mut findings);
        }
    }
    findings
}
