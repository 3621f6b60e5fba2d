//! The findings as the review panel lists them: grouped by severity (errors first) then rule
//! (catalogue order), filtered by a query, rows up to a limit. Pure; the panel (src/ui/panels.rs)
//! renders it (`tests/it/findings_panel.rs` checks it against the plain definition).

use super::{Finding, render, rules};
use crate::diagnostic::Severity;
use crate::edit::Edit;
use crate::schema::{ColumnId, Schema, TableId};

pub const SEVERITIES: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

/// One finding as the panel shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub table: Option<TableId>,
    pub table_name: String,
    pub columns: Vec<ColumnId>,
    pub message: String,
    pub help: String,
    /// The fix in words and as edits, when the rule offers one.
    pub fix: Option<(String, Vec<Edit>)>,
}

/// The findings of one rule.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleGroup {
    pub rule: &'static str,
    pub summary: &'static str,
    pub doc: &'static str,
    pub rows: Vec<Row>,
}

/// The findings of one severity, by rule.
#[derive(Clone, Debug, PartialEq)]
pub struct SeverityGroup {
    pub severity: Severity,
    pub count: usize,
    pub rules: Vec<RuleGroup>,
}

/// True when `query` (lowercase) is empty or found in the rule, table name or message.
fn matches(query: &str, f: &Finding, table_name: &str) -> bool {
    query.is_empty()
        || f.rule.contains(query)
        || table_name.to_lowercase().contains(query)
        || f.message.to_lowercase().contains(query)
}

/// The findings that pass the filter, grouped by severity (errors first) then rule (catalogue
/// order); at most `limit` rows in all (counts still count every matching finding).
pub fn group(schema: &Schema, findings: &[Finding], query: &str, shown: &[Severity], limit: usize) -> Vec<SeverityGroup> {
    let query = query.trim().to_lowercase();
    // The findings of each severity and rule, in one pass (8,914 findings of 5,000 tables were
    // scanned once per severity and rule, 150 times).
    let position: std::collections::HashMap<&str, usize> = rules::RULES.iter().enumerate().map(|(i, r)| (r.info.id, i)).collect();
    let mut buckets: Vec<Vec<&Finding>> = vec![Vec::new(); SEVERITIES.len() * rules::RULES.len()];
    for f in findings {
        let at = SEVERITIES.iter().position(|s| *s == f.severity).zip(position.get(f.rule)).map(|(s, r)| s * rules::RULES.len() + r);
        if let Some(bucket) = at.and_then(|at| buckets.get_mut(at)) {
            bucket.push(f);
        }
    }
    let mut out: Vec<SeverityGroup> = Vec::new();
    let mut budget = limit;
    for (s, severity) in SEVERITIES.into_iter().enumerate() {
        if !shown.contains(&severity) {
            continue;
        }
        let mut group = SeverityGroup { severity, count: 0, rules: Vec::new() };
        for (r, rule) in rules::RULES.iter().map(|r| &r.info).enumerate() {
            let Some(bucket) = buckets.get(s * rules::RULES.len() + r) else { continue };
            let mut rg = RuleGroup { rule: rule.id, summary: rule.summary, doc: rule.doc, rows: Vec::new() };
            let mut count = 0;
            for f in bucket {
                let table_name = || f.table.and_then(|t| schema.table(t)).map(|t| t.qualified_name()).unwrap_or_default();
                // The table's name is needed to filter, and to list a row; not to count one.
                let name = if query.is_empty() {
                    None
                } else {
                    let name = table_name();
                    if !matches(&query, f, &name) {
                        continue;
                    }
                    Some(name)
                };
                count += 1;
                if budget == 0 {
                    continue;
                }
                budget -= 1;
                rg.rows.push(Row {
                    table: f.table,
                    table_name: name.unwrap_or_else(table_name),
                    columns: f.columns.clone(),
                    message: f.message.clone(),
                    help: f.help.clone(),
                    fix: f.fix.clone().map(|edits| (render::fix_text(schema, f).unwrap_or_default(), edits)),
                });
            }
            if count > 0 {
                group.count += count;
                group.rules.push(rg);
            }
        }
        if group.count > 0 {
            out.push(group);
        }
    }
    out
}

