//! The migration panel: the plan from the baseline (what was imported) to the current, edited
//! schema, for a chosen dialect: hazards, up and down scripts, Flyway-style downloads.

use super::browser;
use super::state::App;
use crate::export::migration::{self, Migration};
use crate::schema::Dialect;
use leptos::prelude::*;

/// The select of a plan's target dialect (`Dialect::WRITTEN`): shows `dialect`, sets `chosen`.
pub fn dialect_select(chosen: RwSignal<Option<Dialect>>, dialect: Memo<Dialect>, testid: &'static str, label: &'static str) -> impl IntoView {
    view! {
        <label class="field">"Target "
            <select data-testid=testid aria-label=label
                prop:value=move || dialect.get().as_str()
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    chosen.set(Dialect::WRITTEN.into_iter().find(|d| d.as_str() == v));
                }>
                {Dialect::WRITTEN.into_iter().map(|d| view! { <option value=d.as_str()>{d.label()}</option> }).collect_view()}
            </select>
        </label>
    }
}

/// A file-name-safe slug of the project name: lowercase ASCII letters, digits and `_`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let out = out.trim_matches('_').to_string();
    if out.is_empty() { "schema".into() } else { out }
}

/// Flyway's file names: `V1__<slug>.sql` (versioned, up) and `U1__<slug>.sql` (undo, down).
pub fn file_names(project: &str) -> (String, String) {
    let s = slug(project);
    (format!("V1__{s}.sql"), format!("U1__{s}.sql"))
}

/// What a migration starts from, in words: the baseline, with how many tables it has.
pub fn baseline_line(app: App, target: &str) -> String {
    let n = app.baseline.with(|b| b.tables.len());
    format!("From the baseline — the schema as imported or last made the baseline ({n} table{}) — to {target}.", if n == 1 { "" } else { "s" })
}

/// The test ids and labels of a [`plan_scripts`] block.
pub struct PlanIds {
    pub hazards: &'static str,
    pub hazard: &'static str,
    pub up: &'static str,
    pub down: &'static str,
    pub up_label: &'static str,
    pub down_label: &'static str,
}

impl PlanIds {
    pub const MIGRATION: PlanIds = PlanIds {
        hazards: "migration-hazards",
        hazard: "migration-hazard",
        up: "migration-up",
        down: "migration-down",
        up_label: "Up migration script",
        down_label: "Down migration script",
    };
    pub const COMPARE: PlanIds = PlanIds {
        hazards: "compare-hazards",
        hazard: "compare-hazard",
        up: "compare-up",
        down: "compare-down",
        up_label: "Comparison up migration script",
        down_label: "Comparison down migration script",
    };
}

/// A plan's hazard list and its read-only up and down scripts: the migration and compare
/// panels show them alike.
pub fn plan_scripts(plan: Memo<Migration>, ids: &PlanIds) -> impl IntoView {
    let hazard = ids.hazard;
    view! {
        <div class="hazards" data-testid=ids.hazards>
            {move || plan.with(|m| hazard_list(&m.hazards, hazard))}
        </div>
        <label class="script">"Up"
            <textarea data-testid=ids.up aria-label=ids.up_label readonly rows="10"
                prop:value=move || plan.with(|m| m.up.clone())></textarea>
        </label>
        <label class="script">"Down"
            <textarea data-testid=ids.down aria-label=ids.down_label readonly rows="10"
                prop:value=move || plan.with(|m| m.down.clone())></textarea>
        </label>
    }
}

/// A plan's hazards: their count and one item each (`testid` on every item), or "No hazards."
pub fn hazard_list(hazards: &[String], testid: &'static str) -> AnyView {
    if hazards.is_empty() {
        return view! { <p class="muted">"No hazards."</p> }.into_any();
    }
    view! {
        <p class="hazard-count">{format!("{} hazard{}", hazards.len(), if hazards.len() == 1 { "" } else { "s" })}</p>
        <ul>{hazards.iter().map(|h| view! { <li data-testid=testid>{h.clone()}</li> }).collect_view()}</ul>
    }
    .into_any()
}

#[component]
pub fn MigrationPanel() -> impl IntoView {
    let app = expect_context::<App>();
    let open = RwSignal::new(false);
    let chosen = RwSignal::new(None::<Dialect>);
    // The schema's own dialect when a migration can be written for it, else PostgreSQL.
    let dialect = Memo::new(move |_| {
        chosen.get().unwrap_or_else(|| {
            app.schema.with(|s| s.dialect).written()
        })
    });
    // Planned only while the panel is open: a diff of two large schemas is not free.
    let plan = Memo::new(move |_| {
        if !open.get() {
            return Migration::default();
        }
        let d = dialect.get();
        app.baseline.with(|b| app.schema.with(|s| migration::plan(b, s, d)))
    });
    let save = move |up: bool| {
        let (v, u) = file_names(&app.name.get_untracked());
        let (name, text) = plan.with_untracked(|m| if up { (v, m.up.clone()) } else { (u, m.down.clone()) });
        if let Err(e) = browser::download(&name, &text, "application/sql;charset=utf-8") {
            app.status.set(e);
        }
    };
    let copy_up = move |_| {
        plan.with_untracked(|m| browser::copy_to_clipboard(&m.up));
        app.status.set("Up migration copied to the clipboard".into());
    };
    view! {
        <details class="panel migration" aria-label="Migration" data-testid="migration-panel"
            on:toggle=move |ev| {
                let el: web_sys::HtmlDetailsElement = event_target(&ev);
                open.set(el.open());
            }>
            <summary><h2>"Migration"</h2></summary>
            <p class="muted baseline" data-testid="migration-baseline">
                {move || baseline_line(app, "the current model")}
                " "
                <button data-testid="reset-baseline" title="Start the next migration from the model as it is now"
                    on:click=move |_| {
                        app.baseline.set(app.schema.get_untracked());
                        app.status.set("The current model is now the migration baseline".into());
                    }>"Make the current model the baseline"</button>
            </p>
            <div class="migration-controls">
                {dialect_select(chosen, dialect, "migration-dialect", "Migration target dialect")}
                <button data-testid="download-migration-up" aria-label="Download up migration" title=move || format!("{} (Flyway versioned migration)", file_names(&app.name.get()).0)
                    on:click=move |_| save(true)>"Download up"</button>
                <button data-testid="download-migration-down" aria-label="Download down migration" title=move || format!("{} (Flyway undo migration)", file_names(&app.name.get()).1)
                    on:click=move |_| save(false)>"Download down (undo)"</button>
                <button data-testid="copy-migration-up" aria-label="Copy up migration to clipboard" on:click=copy_up>"Copy"</button>
            </div>
            {plan_scripts(plan, &PlanIds::MIGRATION)}
        </details>
    }
}
