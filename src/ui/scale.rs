//! The Scale panel: how the schema will scale (`analysis::scale::scale_view`, computed while the
//! panel is open) — row estimates per time-keyed table, written into the text as
//! `-- erdsmith:rows N` hints (`partitioning::with_row_hint`, so they are saved, shared and
//! undone with the text), the partitioning candidates with their DDL, the distribution key
//! proposal (reference tables, constraints a distributed layout breaks) and the tenancy gaps
//! the rules find.

use super::state::{App, with_row_estimates};
use crate::analysis::distribution::Role;
use crate::analysis::partitioning::{self, parse_rows, rows_word, time_column};
use crate::analysis::scale::{ScaleView, scale_view};
use crate::schema::{Schema, TableId, TableKind};
use leptos::prelude::*;

/// At most this many rows in a list (the rest counted).
const LIST_MAX: usize = 60;

/// The rules whose findings the tenancy part lists.
const TENANCY_RULES: [&str; 3] = ["tenant-key-missing", "tenant-key-not-indexed", "tenant-table-without-row-security"];

fn name(s: &Schema, id: TableId) -> String {
    s.table(id).map_or_else(|| "?".into(), |t| t.qualified_name())
}

/// Sets (or, with an empty `word`, removes) the row estimate of `table` in the text.
fn set_rows(app: App, table: TableId, word: &str) {
    if app.refuse_read_only() {
        return;
    }
    let rows = match word.trim() {
        "" => None,
        w => match parse_rows(w) {
            Some(n) => Some(n),
            None => {
                app.status.set(format!("\"{w}\" is not a row count (write 50000000, 50M, 2.5e9 …)"));
                return;
            }
        },
    };
    app.flush_import();
    let text = app.text.with_untracked(|t| app.schema.with_untracked(|s| partitioning::with_row_hint(t, s, table, rows)));
    match text {
        Some(t) => {
            app.text_edited(t, super::browser::now_ms());
            super::input::start_import(app, false);
        }
        None => app.status.set("Row estimates are written as `-- erdsmith:rows N` comments, which only a SQL text has".into()),
    }
}

/// A table's name as a button that brings it into view.
fn table_button(app: App, s: &Schema, id: TableId) -> impl IntoView + use<> {
    view! { <button class="linkish" data-testid="scale-table" on:click=move |_| app.reveal(id)>{name(s, id)}</button> }
}

fn more(n: usize) -> Option<impl IntoView + use<>> {
    (n > LIST_MAX).then(|| view! { <li class="muted">{format!("… and {} more (the review report lists them all)", n - LIST_MAX)}</li> })
}

fn estimates(app: App, s: &Schema, rows: &std::collections::BTreeMap<TableId, u64>) -> impl IntoView + use<> {
    let tables: Vec<TableId> = s.tables.iter().filter(|t| t.kind != TableKind::Partition && time_column(t).is_some()).map(|t| t.id).collect();
    if tables.is_empty() {
        return view! { <p class="muted">"No table has a time column to partition by."</p> }.into_any();
    }
    let n = tables.len();
    let items = tables
        .into_iter()
        .take(LIST_MAX)
        .map(|id| {
            let value = rows.get(&id).map(|r| rows_word(*r)).unwrap_or_default();
            let label = name(s, id);
            view! {
                <li>
                    {table_button(app, s, id)}
                    " "
                    <input type="text" size="8" class="row-estimate" data-testid="row-estimate" data-table=label.clone()
                        aria-label=format!("Estimated rows of {label}") placeholder="rows, e.g. 50M" prop:value=value
                        on:change=move |ev| set_rows(app, id, &event_target_value(&ev)) />
                </li>
            }
        })
        .collect_view();
    view! { <ul class="scale-list">{items}{more(n)}</ul> }.into_any()
}

fn partitions(app: App, s: &Schema, v: &ScaleView) -> impl IntoView + use<> {
    if v.partitions.is_empty() {
        let threshold = app.analysis.with_untracked(|c| rows_word(c.thresholds.partition_rows));
        return view! { <p class="muted" data-testid="no-partition-advice">{format!("No time-keyed table is estimated at {threshold} rows or more.")}</p> }.into_any();
    }
    let items = v
        .partitions
        .iter()
        .map(|p| {
            let c = &p.candidate;
            let ddl = p.ddl.iter().find(|(d, _)| *d == s.dialect).or_else(|| p.ddl.first()).map(|(d, sql)| (d.label(), sql.clone()));
            view! {
                <li data-testid="partition-advice" data-table=name(s, c.table)>
                    {table_button(app, s, c.table)}
                    {format!(" — {} rows: range-partition by {} per {}, keep {} (confidence {:.2}: {})", rows_word(c.rows), c.column, c.interval, c.retention, c.confidence, c.why)}
                    {ddl.map(|(label, sql)| view! {
                        <details><summary>{format!("DDL ({label})")}</summary><pre data-testid="partition-ddl">{sql}</pre></details>
                    })}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="scale-list">{items}</ul> }.into_any()
}

fn distribution(app: App, s: &Schema, v: &ScaleView) -> impl IntoView + use<> {
    let Some(d) = &v.distribution else {
        return view! { <p class="muted">"No column is shared widely enough to distribute by."</p> }.into_any();
    };
    let refs = d.tables_with(&|r| matches!(r, Role::Reference));
    let local = d.tables_with(&|r| matches!(r, Role::Local));
    let breaking = d
        .breaking
        .iter()
        .take(LIST_MAX)
        .map(|b| view! { <li data-testid="breaking-constraint">{format!("{}: {} — {}", name(s, b.table), b.what, b.reason)}</li> })
        .collect_view();
    view! {
        <p data-testid="distribution-column" data-column=d.column.clone()>
            {format!("Distribute by {} (confidence {:.2}: {}). {} of {} tables distributed; {} of {} foreign keys stay on one node.",
                d.column, d.confidence, d.reason, d.distributed(), d.roles.len(), d.colocated, d.edges)}
        </p>
        <p>"Reference tables (replicated to every node): "
            {if refs.is_empty() { "none".into_any() } else { refs.iter().map(|id| view! { {table_button(app, s, *id)} " " }).collect_view().into_any() }}
        </p>
        {(!local.is_empty()).then(|| view! { <p class="muted">{format!("Left local: {}", local.iter().map(|id| name(s, *id)).collect::<Vec<_>>().join(", "))}</p> })}
        <p>{format!("{} constraint{} a distributed layout breaks", d.breaking.len(), if d.breaking.len() == 1 { "" } else { "s" })}</p>
        <ul class="scale-list">{breaking}{more(d.breaking.len())}</ul>
    }
    .into_any()
}

fn tenancy(app: App, s: &Schema, v: &ScaleView) -> impl IntoView + use<> {
    let Some(t) = &v.tenancy else {
        return view! { <p class="muted">"Not a shared-schema multi-tenant design (too few tables carry a tenant key)."</p> }.into_any();
    };
    let gaps: Vec<(String, String)> = app.findings.with_untracked(|fs| {
        fs.iter().filter(|f| TENANCY_RULES.contains(&f.rule)).map(|f| (f.rule.to_string(), format!("{}: {}", f.table.map(|id| name(s, id)).unwrap_or_default(), f.message))).collect()
    });
    let n = gaps.len();
    let items = gaps.into_iter().take(LIST_MAX).map(|(rule, text)| view! { <li data-testid="tenancy-gap" data-rule=rule>{text}</li> }).collect_view();
    view! {
        <p data-testid="tenant-key">{format!("Tenant key {}: carried by {} of {} tables.", t.key, t.carriers.len(), t.tables)}</p>
        {if n == 0 { view! { <p class="muted">"No gaps: every tenant table carries the key, indexed, with row-level security where the dialect has it."</p> }.into_any() }
         else { view! { <ul class="scale-list">{items}{more(n)}</ul> }.into_any() }}
    }
    .into_any()
}

#[component]
pub fn ScalePanel() -> impl IntoView {
    let app = expect_context::<App>();
    let open = RwSignal::new(false);
    // Computed while open, again when the model (and so the review) changes; moving a box does not.
    let advice = Memo::new(move |_| {
        if !open.get() {
            return None;
        }
        app.findings.track();
        app.schema.with_untracked(|s| {
            let config = app.analysis.with(|c| with_row_estimates(c, app.text, s));
            Some((scale_view(s, &config), config.row_estimates))
        })
    });
    view! {
        <details class="panel scale" aria-label="Scale advice" data-testid="scale-panel"
            on:toggle=move |ev| {
                let el: web_sys::HtmlDetailsElement = event_target(&ev);
                open.set(el.open());
            }>
            <summary><h2>"Scale"</h2></summary>
            {move || advice.with(|a| a.as_ref().map(|(v, rows)| app.schema.with_untracked(|s| view! {
                <h3>"Row estimates"</h3>
                <p class="muted">"Estimated rows of each time-keyed table, kept in the text as a -- erdsmith:rows comment (50M, 2.5e9, …; empty removes it)."</p>
                {estimates(app, s, rows)}
                <h3>"Partitioning"</h3>
                {partitions(app, s, v)}
                <h3>"Distribution key"</h3>
                {distribution(app, s, v)}
                <h3>"Multi-tenancy"</h3>
                {tenancy(app, s, v)}
            })))}
        </details>
    }
}
