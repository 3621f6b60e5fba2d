//! The Workload panel: queries in (saved with the project), index advice out
//! (`advisor::workload_view`), "Add index" as one undo step. On a Cassandra or DynamoDB schema
//! the queries are CQL or PartiQL and the notes are the access patterns that scan.

use super::review;
use super::state::App;
use crate::analysis::advisor::{self, ProposalRow};
use crate::schema::SourceFormat;
use leptos::prelude::*;

#[component]
pub fn WorkloadPanel() -> impl IntoView {
    let app = expect_context::<App>();
    let text = Memo::new(move |_| app.analysis.with(|c| c.workload.clone()));
    let advice = Memo::new(move |_| {
        text.with(|w| (!w.trim().is_empty()).then(|| app.schema.with(|s| advisor::workload_view(s, w))))
    });
    // What the workload is written in follows the schema's source.
    let source = Memo::new(move |_| app.schema.with(|s| s.source));
    view! {
        <details class="panel workload" aria-label="Workload" data-testid="workload-panel">
            <summary><h2>"Workload"</h2></summary>
            <p class="muted" data-testid="workload-hint">{move || hint(source.get()).0}" separated by ";", each optionally after a " <code>"-- freq: N"</code> " line."</p>
            <textarea data-testid="workload-input" aria-label="Workload queries" rows="6" spellcheck="false"
                placeholder=move || hint(source.get()).1
                prop:value=move || text.get()
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    app.analysis.update(|c| c.workload = v);
                }></textarea>
            {move || advice.get().map(|v| view! {
                <p class="muted" data-testid="workload-summary">
                    {summary(source.get(), &v)}
                </p>
                <ul class="workload-proposals">{v.proposals.into_iter().map(|p| row(app, p)).collect_view()}</ul>
                <ul class="workload-notes">
                    {v.notes.into_iter().map(|n| view! { <li data-testid="workload-note">{n}</li> }).collect_view()}
                    {v.diagnostics.into_iter().map(|d| view! { <li class="fd-error" data-testid="workload-diagnostic">{d}</li> }).collect_view()}
                </ul>
            })}
        </details>
    }
}

/// What the workload is written in, and an example, for a schema read from `source`.
fn hint(source: SourceFormat) -> (&'static str, &'static str) {
    match source {
        SourceFormat::Cql => ("CQL SELECT statements, checked against each table's keys, indexes and materialized views,", "SELECT * FROM ks.videos WHERE userid = ?;"),
        SourceFormat::Dynamodb => ("PartiQL SELECT statements, checked for an equality on the partition key,", "SELECT * FROM \"Table\" WHERE \"PK\" = ?;"),
        _ => ("SELECT / UPDATE / DELETE statements", "SELECT * FROM orders WHERE customer_id = 1;"),
    }
}

fn summary(source: SourceFormat, v: &advisor::WorkloadView) -> String {
    let queries = format!("{} quer{}", v.queries, if v.queries == 1 { "y" } else { "ies" });
    if matches!(source, SourceFormat::Cql | SourceFormat::Dynamodb) {
        let n = v.notes.len();
        return format!("{queries} · {n} that scan{}", if n == 1 { "s" } else { "" });
    }
    format!("{queries} · {} index proposal{}", v.proposals.len(), if v.proposals.len() == 1 { "" } else { "s" })
}

fn row(app: App, p: ProposalRow) -> impl IntoView {
    let ProposalRow { table, name, columns, queries, weight, sql, edit } = p;
    view! {
        <li class="workload-proposal" data-testid="workload-proposal" data-table=table.clone() data-index=name.clone()>
            <strong>{format!("{table} ({})", columns.join(", "))}</strong>
            " " <span class="muted">{format!("weight {weight}")}</span>
            <code class="create-index" data-testid="workload-sql">{sql}</code>
            <details class="served">
                <summary>{format!("serves {} quer{}", queries.len(), if queries.len() == 1 { "y" } else { "ies" })}</summary>
                <ol>{queries.into_iter().map(|(n, q)| view! { <li data-testid="workload-served" data-query=n><code>{q}</code></li> }).collect_view()}</ol>
            </details>
            <button data-testid="add-proposed-index" aria-label=format!("Add index {name}")
                on:click=move |_| review::apply_fix(app, vec![edit.clone()])>"Add index"</button>
        </li>
    }
}
