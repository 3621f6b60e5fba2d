//! The design review's logic for the findings panel: grouping and filtering findings, applying a
//! fix as one undo step, the Markdown review and the per-table badge. No DOM beyond the badge.

use super::state::App;
use crate::analysis::{self, Finding, render};
use crate::diagnostic::Severity;
use crate::edit::Edit;
use crate::schema::{ColumnId, Schema, TableId};
use leptos::prelude::*;

pub use crate::analysis::listing::{Row, RuleGroup, SEVERITIES, SeverityGroup, group};

/// "3 errors · 5 warnings · 0 info" (the same wording as before grouping).
pub fn counts_line(findings: &[Finding]) -> String {
    SEVERITIES
        .iter()
        .map(|sev| format!("{} {}", findings.iter().filter(|f| f.severity == *sev).count(), sev.as_str()))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The review as Markdown: a count line under the title, then the findings table.
pub fn review_markdown(schema: &Schema, findings: &[Finding]) -> String {
    let md = render::markdown(schema, findings);
    let count = |sev| findings.iter().filter(|f| f.severity == sev).count();
    let summary = format!(
        "{} findings: {} errors, {} warnings, {} info",
        findings.len(),
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    );
    match md.split_once("\n\n") {
        Some((title, rest)) => format!("{title}\n\n{summary}\n\n{rest}"),
        None => format!("{md}\n{summary}\n"),
    }
}

/// Findings per table, for the diagram's badges.
pub fn counts_by_table(findings: &[Finding]) -> std::collections::HashMap<TableId, usize> {
    let mut m = std::collections::HashMap::new();
    for t in findings.iter().filter_map(|f| f.table) {
        *m.entry(t).or_insert(0) += 1;
    }
    m
}

/// Applies a finding's fix as one undo step, after moving `next_id` past the ids it creates.
pub fn apply_fix(app: App, edits: Vec<Edit>) {
    // Untracked: the apply right after notifies once for both changes.
    app.schema.update_untracked(|s| analysis::reserve_fix_ids(s, &edits));
    app.apply(Edit::Batch(edits));
}

/// What a fix would change in the DDL text (`sync::preview`), or why it cannot be applied.
pub fn fix_preview(app: App, edits: &[Edit]) -> String {
    let mut schema = app.schema.get_untracked();
    analysis::reserve_fix_ids(&mut schema, edits);
    let result = app.text.with_untracked(|t| crate::sync::preview(t, &schema, Edit::Batch(edits.to_vec())));
    match result {
        Ok(p) if p.is_empty() => "(no change to the text)".into(),
        Ok(p) => p,
        Err(e) => e.to_string(),
    }
}

/// Selects a finding's table, centres it and highlights the finding's columns.
pub fn reveal_finding(app: App, table: Option<TableId>, columns: Vec<ColumnId>) {
    app.highlighted.set(columns);
    if let Some(t) = table {
        app.reveal(t);
    }
}

/// The finding count drawn at the top-right corner of a table box (nothing when zero).
pub fn badge(app: App, id: TableId, width: f64) -> impl IntoView {
    move || {
        let n = app.finding_counts.with(|m| m.get(&id).copied().unwrap_or(0));
        (n > 0).then(|| {
            let label = format!("{n} finding{}", if n == 1 { "" } else { "s" });
            view! {
                <g class="finding-badge" data-testid="finding-badge" data-count=n transform=format!("translate({:.1},0)", width - 4.0)>
                    <title>{label}</title>
                    <circle r="9" cx="0" cy="0" />
                    <text x="0" y="4" text-anchor="middle">{n}</text>
                </g>
            }
        })
    }
}
