//! "Compare two schemas": a target schema text (pasted or opened) beside the baseline; the
//! diff's likely renames are listed with confirm/reject, and the up/down migration for the
//! chosen dialect follows the confirmed ones. The logic is `diff::RenameChoices` and
//! `migration::plan_with`; this file only wires signals to them.

use super::browser;
use super::migration::{PlanIds, dialect_select, file_names, plan_scripts};
use super::state::App;
use crate::diff::{RenameChoices, RenameRow, RenameStatus};
use crate::export::diff_marks::Marks;
use crate::export::migration::{self, Migration};
use crate::export;
use crate::import::{ImportOptions, import};
use crate::schema::{Dialect, Schema};
use leptos::prelude::*;

/// How long the target text must rest before it is compared (ms).
const TYPING_PAUSE_MS: u32 = 250;

thread_local! {
    static PENDING: std::cell::RefCell<Option<gloo::timers::callback::Timeout>> = const { std::cell::RefCell::new(None) };
}

#[component]
pub fn ComparePanel() -> impl IntoView {
    let app = expect_context::<App>();
    let open = RwSignal::new(false);
    let target_text = RwSignal::new(String::new());
    let chosen = RwSignal::new(None::<Dialect>);
    let choices = RwSignal::new(RenameChoices::default());
    let dialect = Memo::new(move |_| {
        chosen.get().unwrap_or_else(|| {
            app.baseline.with(|s| s.dialect).written()
        })
    });
    // The target imported in the baseline's dialect (a comparison is within one dialect), by an
    // effect when the text (after the typing pause), the panel or the baseline's dialect
    // changes — not inside a memo, which may run while the page renders.
    let target = RwSignal::new(None::<Schema>);
    Effect::new(move |_| {
        let text = target_text.get();
        let d = app.baseline.with(|s| s.dialect);
        let imported = (open.get() && !text.trim().is_empty()).then(|| import(&text, &ImportOptions { dialect: Some(d), ..Default::default() }).schema);
        target.set(imported);
    });
    let plan = Memo::new(move |_| {
        let d = dialect.get();
        let confirmed = choices.with(|c| c.confirmed.clone());
        target.with(|t| t.as_ref().map(|t| app.baseline.with(|b| migration::plan_with(b, t, d, &confirmed))))
            .unwrap_or_default()
    });
    let rows = Memo::new(move |_| plan.with(|m| choices.with(|c| c.rows(&m.up_diff))));
    let save = move |which: Which| save_migration(app, plan, which);
    let copy_up = move |_| {
        plan.with_untracked(|m| browser::copy_to_clipboard(&m.up));
        app.status.set("Up migration copied to the clipboard".into());
    };
    let save_marked = move |svg: bool| save_marked_diagram(app, target, plan, svg);
    view! {
        <details class="panel migration compare" aria-label="Compare two schemas" data-testid="compare-panel"
            on:toggle=move |ev| {
                let el: web_sys::HtmlDetailsElement = event_target(&ev);
                open.set(el.open());
            }>
            <summary><h2>"Compare two schemas"</h2></summary>
            <p class="muted" data-testid="compare-baseline">{move || super::migration::baseline_line(app, "the target schema pasted or opened here")}</p>
            {target_input(target_text)}
            <div class="migration-controls">
                <label class="field">"Open "
                    <input type="file" accept=".sql,.txt,text/plain" data-testid="compare-file" aria-label="Open target schema file"
                        on:change=move |ev| open_target_file(app, target_text, ev) />
                </label>
                {dialect_select(chosen, dialect, "compare-dialect", "Comparison migration dialect")}
                <button data-testid="compare-download-up" aria-label="Download comparison up migration" title=move || format!("{} (Flyway versioned migration)", file_names(&app.name.get()).0)
                    on:click=move |_| save(Which::Up)>"Download up"</button>
                <button data-testid="compare-download-down" aria-label="Download comparison down migration" title=move || format!("{} (Flyway undo migration)", file_names(&app.name.get()).1)
                    on:click=move |_| save(Which::Down)>"Download down (undo)"</button>
                <button data-testid="compare-download-both" aria-label="Download comparison migration as one file" on:click=move |_| save(Which::Both)>"Download both"</button>
                <button data-testid="compare-copy-up" aria-label="Copy comparison up migration to clipboard" on:click=copy_up>"Copy"</button>
                <button data-testid="compare-marked-svg" aria-label="Download the target's diagram with the changes marked, as SVG" on:click=move |_| save_marked(true)>"Diagram of changes (SVG)"</button>
                <button data-testid="compare-marked-mermaid" aria-label="Download the target's diagram with the changes marked, as Mermaid" on:click=move |_| save_marked(false)>"Mermaid of changes"</button>
            </div>
            <div class="renames" data-testid="compare-renames">
                {move || {
                    let rows = rows.get();
                    if rows.is_empty() {
                        return view! { <p class="muted">"No likely renames."</p> }.into_any();
                    }
                    view! {
                        <h3>"Likely renames"</h3>
                        <ul>{rows.into_iter().map(|r| rename_row(choices, r)).collect_view()}</ul>
                    }.into_any()
                }}
            </div>
            {plan_scripts(plan, &PlanIds::COMPARE)}
        </details>
    }
}

/// The target schema's text area: compared as it is pasted or typed (after a short pause).
fn target_input(target_text: RwSignal<String>) -> impl IntoView {
    view! {
        <label class="script">"Target schema"
            <textarea data-testid="compare-target" aria-label="Target schema text" rows="6"
                placeholder="Paste the target DDL"
                prop:value=move || target_text.get()
                on:input=move |ev| {
                    // Compared as it is pasted or typed (after a short pause), not on blur.
                    let v = event_target_value(&ev);
                    let t = gloo::timers::callback::Timeout::new(TYPING_PAUSE_MS, move || target_text.set(v));
                    PENDING.with(|p| *p.borrow_mut() = Some(t));
                }
                on:change=move |ev| {
                    PENDING.with(|p| p.borrow_mut().take());
                    target_text.set(event_target_value(&ev));
                }></textarea>
        </label>
    }
}

/// Reads the file chosen in the "Open" input into the target text.
fn open_target_file(app: App, target_text: RwSignal<String>, ev: leptos::ev::Event) {
    let input: web_sys::HtmlInputElement = event_target(&ev);
    let Some(file) = input.files().and_then(|l| l.get(0)) else { return };
    let reader = browser::read_text(file, move |name, result| match result {
        Ok(text) => {
            target_text.set(text);
            app.status.set(format!("Comparing with {name}"));
        }
        Err(e) => app.status.set(format!("Could not read {name}: {e}")),
    });
    READER.with(|r| *r.borrow_mut() = Some(reader));
}

/// Downloads the comparison's up, down or combined migration script.
fn save_migration(app: App, plan: Memo<Migration>, which: Which) {
    let (v, u) = file_names(&app.name.get_untracked());
    let (name, text) = plan.with_untracked(|m: &Migration| match which {
        Which::Up => (v, m.up.clone()),
        Which::Down => (u, m.down.clone()),
        Which::Both => (format!("{}.migration.sql", super::migration::slug(&app.name.get_untracked())), migration::combined(m)),
    });
    if let Err(e) = browser::download(&name, &text, "application/sql;charset=utf-8") {
        app.status.set(e);
    }
}

/// Downloads the target's diagram (SVG or Mermaid) with the changes from the baseline marked
/// (`export::diff_marks`).
fn save_marked_diagram(app: App, target: RwSignal<Option<Schema>>, plan: Memo<Migration>, svg: bool) {
    let text = target.with_untracked(|t| {
        let t = t.as_ref()?;
        let marks = app.baseline.with_untracked(|b| plan.with_untracked(|m| Marks::of(b, t, &m.up_diff)));
        Some(if svg {
            let layout = crate::layout::geometry(t);
            export::svg::render_marked(t, &layout, Some(&export::svg::Diffed::new(&layout, &marks)))
        } else {
            export::mermaid::render_marked(t, &export::mermaid::MermaidOptions::default(), Some(&marks))
        })
    });
    let Some(text) = text else {
        app.status.set("Paste or open a target schema first".into());
        return;
    };
    let slug = super::migration::slug(&app.name.get_untracked());
    let (name, mime) = if svg { (format!("{slug}.compare.svg"), "image/svg+xml") } else { (format!("{slug}.compare.mmd"), "text/plain;charset=utf-8") };
    if let Err(e) = browser::download(&name, &text, mime) {
        app.status.set(e);
    }
}

#[derive(Clone, Copy)]
enum Which {
    Up,
    Down,
    Both,
}

thread_local! {
    static READER: std::cell::RefCell<Option<gloo::file::callbacks::FileReader>> = const { std::cell::RefCell::new(None) };
}

fn rename_row(choices: RwSignal<RenameChoices>, row: RenameRow) -> impl IntoView {
    let RenameRow { rename, status, text } = row;
    let status_name = match status {
        RenameStatus::Open => "open",
        RenameStatus::Confirmed => "confirmed",
        RenameStatus::Rejected => "rejected",
    };
    let what = rename.describe();
    let (r1, r2) = (rename.clone(), rename);
    view! {
        <li class=format!("rename-row {status_name}") data-testid="rename-row" data-status=status_name data-rename=what.clone()>
            <span>{text}</span>
            " "
            <button data-testid="confirm-rename" aria-label=format!("Confirm rename: {what}")
                disabled=status == RenameStatus::Confirmed
                on:click=move |_| choices.update(|c| c.confirm(r1.clone()))>"Confirm"</button>
            <button data-testid="reject-rename" aria-label=format!("Reject rename: {what}")
                disabled=status == RenameStatus::Rejected
                on:click=move |_| choices.update(|c| c.reject(r2.clone()))>"Reject"</button>
        </li>
    }
}
