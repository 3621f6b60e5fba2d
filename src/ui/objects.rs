//! The statements the model keeps as written (`Schema.objects`: functions, triggers, policies,
//! grants, table settings…): a list with the table each belongs to and its statement shown
//! read-only; the same rows in the inspector for the selected table; a count on each table box.

use super::editor;
use super::state::{App, utf16_offset};
use crate::schema::{ObjectId, ObjectKind, Schema, Span, TableId};
use leptos::prelude::*;
use std::collections::HashMap;

/// At most this many objects are listed (the count still counts all of them).
const MAX_ROWS: usize = 500;

/// Whether the table's marker counts objects of this kind: what changes how the table behaves
/// (triggers, policies, rules, settings…), not the owner and grants that nearly every table of
/// a dump has (those are still listed in the inspector).
pub fn marked(kind: ObjectKind) -> bool {
    !matches!(kind, ObjectKind::Owner | ObjectKind::Grant)
}

/// The kinds of the marked objects that belong to each table, with how many of each (in kind
/// order).
pub fn kinds_by_table(s: &Schema) -> HashMap<TableId, Vec<(ObjectKind, usize)>> {
    let mut m: HashMap<TableId, Vec<(ObjectKind, usize)>> = HashMap::new();
    for o in &s.objects {
        let Some(t) = o.table.filter(|_| marked(o.kind)) else { continue };
        let kinds = m.entry(t).or_default();
        match kinds.iter_mut().find(|(k, _)| *k == o.kind) {
            Some((_, n)) => *n += 1,
            None => kinds.push((o.kind, 1)),
        }
    }
    for kinds in m.values_mut() {
        kinds.sort();
    }
    m
}

fn plural(label: &str, n: usize) -> String {
    if n == 1 {
        label.to_string()
    } else if let Some(stem) = label.strip_suffix('y') {
        format!("{stem}ies")
    } else {
        format!("{label}s")
    }
}

/// "2 triggers, 1 policy".
pub fn describe(kinds: &[(ObjectKind, usize)]) -> String {
    kinds.iter().map(|(k, n)| format!("{n} {}", plural(k.label(), *n))).collect::<Vec<_>>().join(", ")
}

/// One listed object.
#[derive(Clone, PartialEq)]
struct Row {
    id: ObjectId,
    kind: ObjectKind,
    name: String,
    table: Option<(TableId, String)>,
    sql: String,
    span: Option<Span>,
}

fn rows(s: &Schema, keep: impl Fn(&crate::schema::Object, Option<&str>) -> bool) -> (Vec<Row>, usize) {
    let mut n = 0;
    let mut out = Vec::new();
    for o in &s.objects {
        let table = o.table.and_then(|t| s.table(t).map(|tb| (t, tb.qualified_name())));
        if !keep(o, table.as_ref().map(|(_, n)| n.as_str())) {
            continue;
        }
        n += 1;
        if out.len() < MAX_ROWS {
            let name = match &o.schema {
                Some(sch) if !o.name.is_empty() => format!("{sch}.{}", o.name),
                _ => o.name.clone(),
            };
            out.push(Row { id: o.id, kind: o.kind, name, table, sql: o.sql.clone(), span: o.span });
        }
    }
    (out, n)
}

fn row_view(app: App, open: RwSignal<Option<ObjectId>>, r: Row, show_table: bool) -> impl IntoView {
    let Row { id, kind, name, table, sql, span } = r;
    let is_open = move || open.get() == Some(id);
    let table_name = table.as_ref().map(|(_, n)| n.clone()).unwrap_or_default();
    let table_id = table.as_ref().map(|(t, _)| *t);
    let on_table = (show_table && table.is_some()).then(|| view! { " on " <span class="object-table">{table_name.clone()}</span> });
    let toggle = move |_| open.update(|o| *o = if *o == Some(id) { None } else { Some(id) });
    let show_in_text = move |_| {
        if let Some(sp) = span {
            let (a, b) = app.text.with_untracked(|t| (utf16_offset(t, sp.start as usize), utf16_offset(t, sp.end as usize)));
            editor::select(a, b);
        }
    };
    let detail = move || {
        is_open().then(|| {
            view! {
                <pre class="object-sql" data-testid="object-sql" aria-label="Statement as written (read-only)">{sql.clone()}</pre>
                <div class="object-actions">
                    {span.map(|_| view! { <button data-testid="object-in-text" on:click=show_in_text>"Show in text"</button> })}
                    {(show_table).then_some(table_id).flatten().map(|t| view! {
                        <button data-testid="object-show-table" on:click=move |_| app.reveal(t)>"Show table"</button>
                    })}
                </div>
            }
        })
    };
    let data_name = name.clone();
    view! {
        <li class="object" data-testid="object" data-kind=kind.label() data-name=data_name data-table=table_name class:open=is_open>
            <button class="object-head" data-testid="object-open" aria-expanded=move || is_open().to_string() on:click=toggle>
                <span class="object-kind">{kind.label()}</span>
                " "
                <code class="object-name">{name}</code>
                {on_table}
            </button>
            {detail}
        </li>
    }
}

/// Every kept object, filtered by kind, name or table; a click shows its statement.
#[component]
pub fn ObjectsPanel() -> impl IntoView {
    let app = expect_context::<App>();
    let filter = RwSignal::new(String::new());
    let open = RwSignal::new(None::<ObjectId>);
    let total = Memo::new(move |_| app.schema.with(|s| s.objects.len()));
    let listed = Memo::new(move |_| {
        let q = filter.get().to_lowercase();
        app.schema.with(|s| {
            rows(s, |o, table| {
                q.is_empty()
                    || o.kind.label().contains(&q)
                    || o.name.to_lowercase().contains(&q)
                    || table.is_some_and(|t| t.to_lowercase().contains(&q))
            })
        })
    });
    move || {
        (total.get() > 0).then(|| {
            view! {
                // Closed at first: one line that says how many there are, so the findings below
                // stay in view (issue 16, item 8); the inspector lists the selected table's.
                <details class="panel objects" data-testid="objects-panel">
                    <summary>
                        <h2>"Objects "</h2>
                        <span class="group-count" data-testid="object-count">{move || total.get()}</span>
                        " "
                        <span class="muted">"kept as written: functions, triggers, policies, settings…"</span>
                    </summary>
                    <input type="search" data-testid="object-filter" aria-label="Filter objects" placeholder="Filter by kind, name or table"
                        on:input=move |ev| filter.set(event_target_value(&ev)) />
                    <ul class="object-list">
                        {move || {
                            let (rows, n) = listed.get();
                            let more = (n > rows.len()).then(|| view! { <li class="muted">{format!("… and {} more (filter to find them)", n - rows.len())}</li> });
                            view! {
                                {rows.into_iter().map(|r| row_view(app, open, r, true)).collect_view()}
                                {more}
                            }
                        }}
                    </ul>
                </details>
            }
        })
    }
}

/// The objects that belong to table `id`, for the inspector.
pub fn on_table(app: App, id: TableId) -> impl IntoView {
    let open = RwSignal::new(None::<ObjectId>);
    move || {
        let (rows, n) = app.schema.with(|s| rows(s, |o, _| o.table == Some(id)));
        (n > 0).then(|| {
            let summary = app.schema.with(|s| {
                let mut kinds: Vec<(ObjectKind, usize)> = Vec::new();
                for o in s.objects.iter().filter(|o| o.table == Some(id)) {
                    match kinds.iter_mut().find(|(k, _)| *k == o.kind) {
                        Some((_, n)) => *n += 1,
                        None => kinds.push((o.kind, 1)),
                    }
                }
                kinds.sort();
                describe(&kinds)
            });
            view! {
                <div class="table-objects" data-testid="table-objects" data-count=n>
                    <h3>"Objects on this table"</h3>
                    <p class="muted">{summary}</p>
                    <ul class="object-list">{rows.into_iter().map(|r| row_view(app, open, r, false)).collect_view()}</ul>
                </div>
            }
        })
    }
}

/// The diagram's marker under a table box: how many kept objects belong to the table (its
/// title says which); a click selects the table, whose inspector lists them.
pub fn badge(app: App, id: TableId, height: f64) -> impl IntoView {
    move || {
        app.object_kinds.with(|m| m.get(&id).cloned()).map(|kinds| {
            let n: usize = kinds.iter().map(|(_, n)| n).sum();
            let title = describe(&kinds);
            let text = format!("⚙ {n}");
            let (data_kinds, aria) = (title.clone(), format!("Objects on this table: {title}"));
            let w = (text.chars().count() as f64 + 2.0) * crate::layout::CHAR_WIDTH;
            view! {
                <g class="object-badge" data-testid="object-badge" data-count=n data-kinds=data_kinds
                    role="button" aria-label=aria
                    transform=format!("translate(0,{:.1})", height + 4.0)
                    on:pointerdown=move |ev: web_sys::PointerEvent| ev.stop_propagation()
                    on:click=move |_| app.reveal(id)
                >
                    <title>{title}</title>
                    <rect x="0" y="0" width=w height="18" rx="9" />
                    <text x={w / 2.0} y="13" text-anchor="middle">{text}</text>
                </g>
            }
        })
    }
}
