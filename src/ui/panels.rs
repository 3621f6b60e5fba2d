//! Side panels: findings (design review) and exports.

use super::browser;
use super::state::App;
use crate::diagnostic::Severity;
use crate::export::{self, Format, mermaid};
use crate::schema::Dialect;
use leptos::prelude::*;

#[component]
pub fn FindingsPanel() -> impl IntoView {
    let app = expect_context::<App>();
    let filter = RwSignal::new(String::new());
    let rows = move || {
        let q = filter.get().to_lowercase();
        app.findings.with(|fs| {
            app.schema.with(|s| {
                let mut list: Vec<_> = fs
                    .iter()
                    .map(|f| {
                        let table = f.table.and_then(|t| s.table(t));
                        let name = table.map(|t| t.qualified_name()).unwrap_or_default();
                        (f.severity, f.rule, name, f.table, f.message.clone(), f.help.clone())
                    })
                    .filter(|(_, rule, name, _, msg, _)| {
                        q.is_empty() || rule.contains(&q) || name.to_lowercase().contains(&q) || msg.to_lowercase().contains(&q)
                    })
                    .collect();
                list.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
                list
            })
        })
    };
    let counts = move || {
        app.findings.with(|fs| {
            [Severity::Error, Severity::Warning, Severity::Info]
                .iter()
                .map(|sev| format!("{} {}", fs.iter().filter(|f| f.severity == *sev).count(), sev.as_str()))
                .collect::<Vec<_>>()
                .join(" · ")
        })
    };
    view! {
        <section class="panel findings" aria-label="Design review">
            <header class="panel-head">
                <h2>"Review"</h2>
                <span class="muted" data-testid="finding-counts">{counts}</span>
                <input type="search" placeholder="Filter" aria-label="Filter findings"
                    on:input=move |ev| filter.set(event_target_value(&ev)) />
            </header>
            <ul>
                {move || rows().into_iter().take(400).map(|(sev, rule, name, table, msg, help)| { let label = name.clone(); view! {
                    <li
                        data-testid="finding"
                        data-rule=rule
                        data-table=name
                        class=format!("finding sev-{}", sev.as_str())
                        tabindex="0"
                        title=help
                        on:click=move |_| if let Some(t) = table { app.reveal(t) }
                    >
                        <span class="sev">{sev.as_str()}</span>
                        " "
                        <code>{rule}</code>
                        " "
                        <strong>{label}</strong>
                        " "
                        {msg}
                    </li>
                }}).collect_view()}
            </ul>
        </section>
    }
}

/// Every export the menu offers, with its label.
fn formats() -> Vec<(Format, String)> {
    let mut v = vec![(Format::Mermaid, "Mermaid ERD".to_string())];
    for d in [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite, Dialect::Mssql, Dialect::Oracle] {
        v.push((Format::Sql(d), format!("SQL — {}", d.label())));
    }
    v.push((Format::Dbml, "DBML".into()));
    v.push((Format::Markdown, "Markdown".into()));
    v.push((Format::Json, "JSON".into()));
    v
}

#[component]
pub fn ExportBar() -> impl IntoView {
    let app = expect_context::<App>();
    let mermaid_text = move || app.schema.with(|s| mermaid::render(s, &mermaid::MermaidOptions::default()));
    let download_mermaid = move |_| {
        let name = format!("{}{}", app.name.get_untracked(), Format::Mermaid.file_suffix());
        if let Err(e) = browser::download(&name, &mermaid_text(), "text/vnd.mermaid;charset=utf-8") {
            app.status.set(e);
        }
    };
    let copy_mermaid = move |_| {
        browser::copy_to_clipboard(&mermaid_text());
        app.status.set("Mermaid copied to the clipboard".into());
    };
    let export_as = move |i: usize| {
        let Some((format, _)) = formats().get(i).cloned() else { return };
        let result = app.schema.with_untracked(|s| export::export(s, format));
        match result {
            Ok(out) => {
                let name = format!("{}{}", app.name.get_untracked(), format.file_suffix());
                if let Err(e) = browser::download(&name, &out.text, "text/plain;charset=utf-8") {
                    app.status.set(e);
                } else if !out.warnings.is_empty() {
                    app.status.set(format!("{name}: {} warnings (e.g. {})", out.warnings.len(), out.warnings[0].message));
                }
            }
            Err(e) => app.status.set(e),
        }
    };
    view! {
        <div class="export-bar" role="group" aria-label="Export">
            <button data-testid="download-mermaid" on:click=download_mermaid>"Download Mermaid"</button>
            <button data-testid="copy-mermaid" aria-label="Copy Mermaid to clipboard" on:click=copy_mermaid>"Copy"</button>
            <select
                data-testid="export-format"
                aria-label="Export as"
                on:change=move |ev| {
                    if let Ok(i) = event_target_value(&ev).parse::<usize>() { export_as(i); }
                    let el: web_sys::HtmlSelectElement = event_target(&ev);
                    el.set_value("");
                }
            >
                <option value="" selected>"Export as…"</option>
                {formats().into_iter().enumerate().map(|(i, (_, label))| view! {
                    <option value=i.to_string()>{label}</option>
                }).collect_view()}
            </select>
        </div>
    }
}
