//! Side panels: findings (design review) and exports.

use super::browser;
use super::review;
use super::state::App;
use crate::diagnostic::Severity;
use crate::export::{self, Format, mermaid};
use crate::schema::Dialect;
use leptos::prelude::*;

#[component]
pub fn FindingsPanel() -> impl IntoView {
    let app = expect_context::<App>();
    let filter = RwSignal::new(String::new());
    let shown = RwSignal::new(review::SEVERITIES.to_vec());
    let rows = RwSignal::new(MAX_ROWS);
    ROWS.with(|r| r.set(Some(rows)));
    // Moves when what is listed changes, not when more of it is listed: the groups and rows are
    // keyed by it, so that listing more builds only the new rows (`list_gradually`).
    let version = Memo::new(move |before: Option<&u64>| {
        filter.track();
        shown.track();
        app.findings.track();
        app.model.track();
        before.map_or(0, |v| v.wrapping_add(1))
    });
    let groups = Memo::new(move |_| {
        let v = version.get();
        let q = filter.get_untracked();
        let sev = shown.get_untracked();
        let limit = rows.get();
        // The model, not the schema: moving a box does not regroup the findings.
        let groups = app.findings.with_untracked(|fs| app.model.with_untracked(|s| review::group(s, fs, &q, &sev, limit)));
        Listed { version: v, groups }
    });
    let counts = move || app.findings.with(|fs| review::counts_line(fs));
    let export_review = move |_| {
        let md = app.findings.with_untracked(|fs| app.schema.with_untracked(|s| review::review_markdown(s, fs)));
        let name = format!("{}.review.md", app.name.get_untracked());
        if let Err(e) = browser::download(&name, &md, "text/markdown;charset=utf-8") {
            app.status.set(e);
        }
    };
    let severity_box = move |sev: Severity| {
        view! {
            <label class="sev-toggle">
                <input type="checkbox" data-testid=format!("show-{}", sev.as_str())
                    aria-label=format!("Show {} findings", sev.as_str())
                    prop:checked=move || shown.with(|s| s.contains(&sev))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        shown.update(|s| {
                            s.retain(|x| *x != sev);
                            if on { s.push(sev); }
                        });
                    } />
                {sev.as_str()}
            </label>
        }
    };
    view! {
        <section class="panel findings" aria-label="Design review">
            <header class="panel-head">
                <h2>"Review"</h2>
                <span class="muted" data-testid="finding-counts">{counts}</span>
                <button data-testid="export-review" aria-label="Export review as Markdown" on:click=export_review>"Export review"</button>
            </header>
            <div class="review-filters">
                <input type="search" placeholder="Filter" aria-label="Filter findings"
                    on:input=move |ev| filter.set(event_target_value(&ev)) />
                {review::SEVERITIES.into_iter().map(severity_box).collect_view()}
            </div>
            <For each=move || groups.with(|l| l.groups.iter().map(|g| (l.version, g.severity)).collect::<Vec<_>>()) key=|k| *k
                children=move |(_, sev)| severity_group(app, groups, sev) />
        </section>
    }
}

/// The findings listed, and the version of what is listed (see `FindingsPanel`).
#[derive(Clone, PartialEq)]
struct Listed {
    version: u64,
    groups: Vec<review::SeverityGroup>,
}

impl Listed {
    fn severity(&self, sev: Severity) -> Option<&review::SeverityGroup> {
        self.groups.iter().find(|g| g.severity == sev)
    }

    fn rule(&self, sev: Severity, rule: &str) -> Option<&review::RuleGroup> {
        self.severity(sev).and_then(|g| g.rules.iter().find(|r| r.rule == rule))
    }
}

fn severity_group(app: App, groups: Memo<Listed>, sev: Severity) -> impl IntoView {
    let count = move || groups.with(|l| l.severity(sev).map_or(0, |g| g.count));
    let rules = move || groups.with(|l| l.severity(sev).map(|g| g.rules.iter().map(|r| (l.version, r.rule)).collect::<Vec<_>>()).unwrap_or_default());
    view! {
        <div class=format!("severity-group sev-{}", sev.as_str()) data-testid="severity-group" data-severity=sev.as_str()>
            <h3>{sev.as_str()} " " <span class="group-count" data-testid="group-count">{count}</span></h3>
            <For each=rules key=|k| *k children=move |(_, rule)| rule_group(app, groups, sev, rule) />
        </div>
    }
}

/// At most this many findings are listed (the counts still count all of them).
const MAX_ROWS: usize = 400;
/// Findings listed in the task that shows a new review ([`list_gradually`]): about what the panel
/// shows in a tall window. That task's frame also paints the tables' finding dots, and 60
/// rows' style and layout made it a ~55 ms frame after a 1000-table paste.
const FIRST_ROWS: usize = 30;
/// Findings listed more in each task after.
const ROW_STEP: usize = 60;

thread_local! {
    /// How many findings the list shows: the panel's signal (made by the panel, so owned by it —
    /// a signal made on first use belonged to whatever effect first used it, and was disposed
    /// when that effect ran again).
    static ROWS: std::cell::Cell<Option<RwSignal<usize>>> = const { std::cell::Cell::new(None) };
}

/// New findings are about to be shown: list the first `FIRST_ROWS` in this task and `ROW_STEP`
/// more in each task after, up to `MAX_ROWS` (the rows are keyed, so each step builds only its
/// own). Building 400 rows took ~60 ms of the task that shows the review of a 5,000-table paste,
/// and the 340 after the first 60 were one ~50 ms task after a 1000-table paste.
pub fn list_gradually(findings: usize) {
    if findings <= FIRST_ROWS {
        return;
    }
    let Some(rows) = ROWS.with(std::cell::Cell::get) else { return };
    rows.set(FIRST_ROWS);
    more_rows_later(rows, findings.min(MAX_ROWS));
}

/// Lists `ROW_STEP` more in the next task, and so on up to `upto`; a new list (which sets the
/// signal back to `FIRST_ROWS`) or a shorter one stops it.
fn more_rows_later(rows: RwSignal<usize>, upto: usize) {
    let at = rows.get_untracked();
    browser::later(0, move || {
        if rows.try_get_untracked() != Some(at) {
            return;
        }
        let next = (at + ROW_STEP).min(MAX_ROWS);
        rows.set(next);
        if next < upto {
            more_rows_later(rows, upto);
        } else if next < MAX_ROWS {
            // Fewer findings than the most listed: the limit goes up to it, as before.
            rows.set(MAX_ROWS);
        }
    });
}

fn rule_group(app: App, groups: Memo<Listed>, sev: Severity, rule: &'static str) -> impl IntoView {
    let info = groups.with_untracked(|l| l.rule(sev, rule).map(|r| (r.summary, r.doc))).unwrap_or_default();
    let count = move || groups.with(|l| l.rule(sev, rule).map_or(0, |r| r.rows.len()));
    let rows = move || {
        groups.with(|l| l.rule(sev, rule).map(|r| r.rows.iter().cloned().enumerate().map(|(i, row)| ((l.version, i), row)).collect::<Vec<_>>()).unwrap_or_default())
    };
    view! {
        <div class="rule-group" data-testid="rule-group" data-rule=rule>
            <details class="rule-doc">
                <summary>
                    <code>{rule}</code> " " <span class="group-count" data-testid="rule-count">{count}</span>
                    " " <span class="muted">{info.0}</span>
                </summary>
                <pre data-testid="rule-doc">{info.1}</pre>
            </details>
            <ul>
                <For each=rows key=|(k, _)| *k children=move |(_, row)| finding_row(app, sev, rule, row) />
            </ul>
        </div>
    }
}

/// Text with its Markdown code spans shown as code (`analysis::render::code_spans`).
pub fn with_code(text: &str) -> impl IntoView + use<> {
    crate::analysis::render::code_spans(text)
        .into_iter()
        .map(|(code, part)| {
            let part = part.to_string();
            if code { view! { <code>{part}</code> }.into_any() } else { part.into_any() }
        })
        .collect_view()
}

fn finding_row(app: App, sev: Severity, rule: &'static str, row: review::Row) -> impl IntoView {
    let review::Row { table, table_name, columns, message, help, fix } = row;
    let label = table_name.clone();
    let reveal = move || review::reveal_finding(app, table, columns.clone());
    // The fix in words, what it changes in the text (computed when opened) and a button.
    // Whether the rule's fix is safe to apply to a database with data (the registry says).
    let safety = crate::analysis::rules::rule(rule).map_or("unsafe", |r| match r.info.fix {
        crate::analysis::FixSafety::Safe => "safe",
        _ => "unsafe",
    });
    let fix_view = fix.map(|(words, edits)| {
        let preview = RwSignal::new(None::<String>);
        let for_preview = edits.clone();
        view! {
            <details class="fix" data-testid="fix" on:click=move |ev| ev.stop_propagation()
                on:toggle=move |_| {
                    if preview.with_untracked(Option::is_none) {
                        preview.set(Some(review::fix_preview(app, &for_preview)));
                    }
                }>
                <summary>"Fix: " {with_code(&words)} " "
                    <span class=format!("fix-safety {safety}") data-testid="fix-safety" data-safety=safety
                        title=if safety == "safe" { "Safe: adds or drops an index nothing needs" } else { "Unsafe on a database with data: review before applying" }>
                        {safety}
                    </span>
                </summary>
                <pre class="fix-preview" data-testid="fix-preview">{move || preview.get()}</pre>
            </details>
            <button class="apply-fix" data-testid="apply-fix" aria-label=format!("Apply fix: {words}") title=words.clone()
                on:click=move |ev| {
                    ev.stop_propagation();
                    review::apply_fix(app, edits.clone());
                }>"Apply fix"</button>
        }
    });
    let reveal_key = reveal.clone();
    view! {
        <li
            data-testid="finding"
            data-rule=rule
            data-table=table_name
            class=format!("finding sev-{}", sev.as_str())
            tabindex="0"
            title=help
            on:click=move |_| reveal()
            on:keydown=move |ev| if ev.key() == "Enter" { reveal_key() }
        >
            <strong>{label}</strong>
            " "
            <span class="message" data-testid="finding-message">{with_code(&message)}</span>
            " "
            {fix_view}
        </li>
    }
}

/// Every export the menu offers, with its label.
fn formats() -> Vec<(Format, String)> {
    let mut v = vec![(Format::Mermaid, "Mermaid ERD".to_string())];
    for d in Dialect::WRITTEN {
        v.push((Format::Sql(d), format!("SQL — {}", d.label())));
    }
    v.push((Format::Dbml, "DBML".into()));
    v.push((Format::Prisma, "Prisma schema".into()));
    v.push((Format::Markdown, "Markdown".into()));
    v.push((Format::Json, "JSON".into()));
    v.push((Format::Svg, "Diagram — SVG".into()));
    v.push((Format::PlantUml, "Diagram — PlantUML".into()));
    v.push((Format::D2, "Diagram — D2".into()));
    v.push((Format::Dot, "Diagram — Graphviz DOT".into()));
    // Named as on the CLI (`opskit:postgres`): the e2e helpers find "SQL — PostgreSQL" by text.
    for d in export::opskit::DIALECTS {
        v.push((Format::OpsKit(d), format!("Operations kit — {}", d.as_str())));
    }
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
        // The kit's design notes use the review as the app shows it (its settings).
        let result = app.schema.with_untracked(|s| match format {
            Format::OpsKit(d) => app.findings.with_untracked(|fs| export::opskit::render_with(s, d, fs)),
            _ => export::export(s, format),
        });
        match result {
            Ok(out) => {
                let name = format!("{}{}", app.name.get_untracked(), format.file_suffix());
                let mime = if format == Format::Svg { "image/svg+xml" } else { "text/plain;charset=utf-8" };
                if let Err(e) = browser::download(&name, &out.text, mime) {
                    app.status.set(e);
                } else if let Some(first) = out.warnings.first() {
                    app.status.set(format!("{name}: {} warnings (e.g. {})", out.warnings.len(), first.message));
                }
            }
            Err(e) => app.status.set(e),
        }
    };
    // The whole review as Markdown, with the migration from the baseline when there is a change.
    let export_report = move || {
        let name = app.name.get_untracked();
        let md = app.schema.with_untracked(|s| {
            app.baseline.with_untracked(|b| {
                app.findings.with_untracked(|fs| {
                    app.analysis.with_untracked(|c| {
                        let baseline = (b != s).then_some((b, s.dialect));
                        export::review_report::render(&export::review_report::Review { name: &name, schema: s, findings: fs, config: c, baseline })
                    })
                })
            })
        });
        if let Err(e) = browser::download(&format!("{name}.review-report.md"), &md, "text/markdown;charset=utf-8") {
            app.status.set(e);
        }
    };
    let download_png = move |_| {
        let (svg, size) = app.schema.with_untracked(|s| {
            app.layout.with_untracked(|l| (export::svg::render_layout(s, l), export::svg::document_size(l, &s.notes)))
        });
        let name = format!("{}.png", app.name.get_untracked());
        let scale = export::svg::raster_scale(size.0, size.1);
        if let Err(e) = browser::download_svg_as_png(&name, &svg, size, scale, move |e| app.status.set(e)) {
            app.status.set(e);
        }
    };
    view! {
        <div class="export-bar" role="group" aria-label="Export">
            <button data-testid="download-mermaid" on:click=download_mermaid>"Download Mermaid"</button>
            <button data-testid="copy-mermaid" aria-label="Copy Mermaid to clipboard" on:click=copy_mermaid>"Copy"</button>
            <button data-testid="download-png" aria-label="Download the whole diagram as PNG" on:click=download_png>"PNG"</button>
            <select
                data-testid="export-format"
                aria-label="Export as"
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    if value == "report" { export_report(); } else if let Ok(i) = value.parse::<usize>() { export_as(i); }
                    let el: web_sys::HtmlSelectElement = event_target(&ev);
                    el.set_value("");
                }
            >
                <option value="" selected>"Export as…"</option>
                {formats().into_iter().enumerate().map(|(i, (_, label))| view! {
                    <option value=i.to_string()>{label}</option>
                }).collect_view()}
                <option value="report">"Review report (Markdown)"</option>
            </select>
        </div>
    }
}
