//! The Leptos UI (wasm32 only): state.rs holds signals and memos, one file per pane, browser.rs
//! the only raw web-sys IO.

mod browser;
mod diagram;
mod input;
mod inspector;
mod migration;
mod panels;
mod review;
pub mod state;

use leptos::prelude::*;
use crate::project::{FILE_EXTENSION, Project};
use state::App;

/// Pause after the last change before the project is written to storage (ms).
const SAVE_DELAY_MS: u32 = 400;

pub fn start() {
    console_error_panic_hook::set_once();
    mount_to_body(Root);
}

#[component]
fn Root() -> impl IntoView {
    let app = App::new();
    provide_context(app);
    let projects = RwSignal::new(browser::project_names());

    // Restore the last project (or the first saved one) before the first render.
    if let Some(p) = browser::current_project()
        .or_else(|| projects.get_untracked().first().cloned())
        .and_then(|n| browser::load_project(&n))
    {
        app.load(p);
    }

    // Auto-save: IO only. Tracks every saved part, then writes once the changes pause (a
    // 1000-table project serializes to megabytes: not something to do on every keystroke or
    // inside a drag's pointerup).
    Effect::new(move |_| {
        app.track_saved();
        browser::debounce_save(SAVE_DELAY_MS, move || {
            if let Err(e) = browser::save_project(&app.snapshot_untracked()) {
                app.status.set(e);
            }
        });
    });

    // A reload or tab close must not lose the last change still waiting for the save delay.
    let _ = window_event_listener_untyped("pagehide", move |_| browser::flush_save());

    let switch_to = move |name: String| {
        browser::flush_save();
        if let Some(p) = browser::load_project(&name) {
            app.load(p);
            app.fit();
        }
    };
    let new_project = move |_| {
        browser::flush_save();
        let names = browser::project_names();
        let name = (1..).map(|i| format!("schema-{i}")).find(|n| !names.contains(n)).unwrap_or_default();
        app.load(Project::new(name, String::new(), None, Default::default()));
        projects.set(browser::project_names());
    };
    let save_file = move |_| {
        let p = app.snapshot_untracked();
        if let Err(e) = browser::download(&format!("{}{FILE_EXTENSION}", p.name), &p.to_json(), "application/json") {
            app.status.set(e);
        }
    };
    let rename_project = move |ev| {
        let new = event_target_value(&ev).trim().replace(['/', '\\'], "-");
        let old = app.name.get_untracked();
        if new.is_empty() || new == old {
            return;
        }
        app.name.set(new);
        browser::delete_project(&old);
        // The auto-save effect writes the project under its new name.
        projects.set(browser::project_names());
    };

    view! {
        <div
            class="app"
            on:dragover=move |ev| ev.prevent_default()
            on:drop=move |ev| {
                ev.prevent_default();
                if let Some(f) = ev.data_transfer().and_then(|d| d.files()).and_then(|l| l.get(0)) {
                    input::open_file(app, f);
                }
            }
        >
            <header class="topbar">
                <h1>"erdsmith"</h1>
                <label class="field">"Project "
                    <input data-testid="project-name" aria-label="Project name" prop:value=move || app.name.get()
                        on:change=rename_project />
                </label>
                <select
                    data-testid="project-switch"
                    aria-label="Switch project"
                    on:focus=move |_| projects.set(browser::project_names())
                    on:change=move |ev| switch_to(event_target_value(&ev))
                    prop:value=move || app.name.get()
                >
                    {move || {
                        let mut names = projects.get();
                        let current = app.name.get();
                        if !names.contains(&current) { names.push(current); }
                        names.into_iter().map(|n| view! { <option value=n.clone()>{n.clone()}</option> }).collect_view()
                    }}
                </select>
                <button aria-label="New project" on:click=new_project>"New"</button>
                <button data-testid="save-project" aria-label="Save project file" on:click=save_file>"Save file"</button>
                <panels::ExportBar />
            </header>
            <main class="workspace">
                <input::InputPane />
                <diagram::DiagramPane />
                <aside class="side">
                    <inspector::Inspector />
                    <panels::FindingsPanel />
                    <migration::MigrationPanel />
                </aside>
            </main>
        </div>
    }
}
