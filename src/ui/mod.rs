//! The Leptos UI (wasm32 only): state.rs holds signals and memos, one file per pane, browser.rs
//! the only raw web-sys IO.

mod autosave;
mod browser;
mod changes;
mod compare;
pub mod crash;
mod diagram;
mod editor;
mod help;
mod input;
mod inspector;
mod lod;
mod migration;
mod normalize;
mod objects;
mod panels;
mod review;
mod reviewer;
mod scale;
mod settings;
pub mod state;
pub mod worker;
mod workload;

use leptos::prelude::*;
use crate::project::{FILE_EXTENSION, Project};
use state::App;

/// Opens project storage (IndexedDB is asynchronous), then mounts the app.
pub fn start() {
    wasm_bindgen_futures::spawn_local(async {
        browser::open_storage().await;
        mount_to_body(Root);
    });
}

#[component]
fn Root() -> impl IntoView {
    let app = App::new();
    provide_context(app);
    let projects = RwSignal::new(browser::project_names());

    // Restore the last project (or the first saved one), read by `start`, before the first render.
    if let Some(p) = browser::take_restored_project() {
        app.load(p);
    }
    if let Some(e) = browser::take_storage_error() {
        app.status.set(e);
    }
    // A share link (`#share=…`): its project, read-only until "Edit a copy"; the projects in
    // this browser stay as they are.
    if let Some(payload) = browser::fragment().and_then(|f| f.strip_prefix(crate::share::FRAGMENT_KEY).map(str::to_string)) {
        match crate::share::decode(&payload) {
            Ok(p) => {
                app.load(p);
                app.read_only.set(true);
            }
            Err(e) => app.status.set(e.to_string()),
        }
    }
    // The text editor follows the read-only state (the editor module keeps it for its mount).
    Effect::new(move || editor::set_read_only(app.read_only.get()));

    autosave::start(app);
    reviewer::start(app);
    worker::spawn(move |reply| input::worker_replied(app, reply));

    // Help on `?` (not while typing) or F1 (anywhere); the theme the user chose last.
    let help_open = RwSignal::new(false);
    let _ = window_event_listener(leptos::ev::keydown, move |ev| {
        let typing = browser::closest(ev.target(), "input, textarea, select, [contenteditable]").is_some();
        if ev.key() == "F1" || (ev.key() == "?" && !typing) {
            ev.prevent_default();
            help_open.update(|o| *o = !*o);
        } else if ev.key() == "Escape" && help_open.get_untracked() {
            help_open.set(false);
        }
    });
    let theme = RwSignal::new(browser::saved_theme());
    Effect::new(move || help::apply_theme(&theme.get()));

    let edit_copy = move |_| {
        let names = browser::project_names();
        let base = app.name.get_untracked();
        let name = std::iter::once(base.clone()).chain((2..).map(|i| format!("{base} ({i})"))).find(|n| !names.contains(n)).unwrap_or_default();
        app.name.set(name);
        app.read_only.set(false);
        browser::clear_fragment();
        app.status.set("Your copy: edits are saved in this browser.".to_string());
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
            <TopBar projects help_open theme />
            <Show when=move || app.read_only.get()>
                <div class="shared-banner" data-testid="shared-banner" role="status">
                    "A shared link, read-only: nothing was uploaded, the link holds the project. "
                    <button data-testid="edit-copy" on:click=edit_copy>"Edit a copy"</button>
                </div>
            </Show>
            <main class="workspace">
                <input::InputPane />
                <diagram::DiagramPane />
                <aside class="side">
                    <inspector::Inspector />
                    <objects::ObjectsPanel />
                    <panels::FindingsPanel />
                    <workload::WorkloadPanel />
                    <settings::RuleSettingsPanel />
                    <scale::ScalePanel />
                    <changes::ChangesPanel />
                    <migration::MigrationPanel />
                    <compare::ComparePanel />
                </aside>
            </main>
            <help::HelpDialog open=help_open />
        </div>
    }
}

/// The top bar: the project (name, switch, new, delete, save file, share link), the export
/// menu, the theme and help.
#[component]
fn TopBar(projects: RwSignal<Vec<String>>, help_open: RwSignal<bool>, theme: RwSignal<String>) -> impl IntoView {
    let app = expect_context::<App>();
    let switch_to = move |name: String| switch_project(app, name);
    let new_project = move |_| {
        browser::flush_save();
        let names = browser::project_names();
        let name = (1..).map(|i| format!("schema-{i}")).find(|n| !names.contains(n)).unwrap_or_default();
        app.load(Project::new(name, String::new(), None, Default::default()));
        projects.set(browser::project_names());
    };
    let delete_current = move |_| delete_current_project(app, projects);
    // Share: the project packed into the link's fragment, copied; the link is also shown.
    let share_url = RwSignal::new(None::<String>);
    let copy_link = move |_| copy_share_link(app, share_url);
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
            <button data-testid="delete-project" aria-label="Delete project" on:click=delete_current>"Delete"</button>
            <button data-testid="save-project" aria-label="Save project file" on:click=save_file>"Save file"</button>
            <button data-testid="share-link" aria-label="Copy a share link" title="Copy a link that holds the whole project (nothing is uploaded)"
                on:click=copy_link>"Copy link"</button>
            {move || share_url.get().map(|u| view! {
                <input class="share-url" data-testid="share-url" aria-label="Share link" readonly prop:value=u
                    on:focus=move |ev| { if let Some(i) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok()) { i.select(); } } />
            })}
            <panels::ExportBar />
            <select data-testid="theme" aria-label="Colour theme" title="Colours: follow the system, or light, or dark"
                prop:value=move || theme.get()
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    browser::save_theme(&v);
                    theme.set(v);
                }>
                <option value="system">"Theme: system"</option>
                <option value="light">"Light"</option>
                <option value="dark">"Dark"</option>
            </select>
            <button data-testid="help-button" aria-label="Help and shortcuts" title="Help and shortcuts (? or F1)"
                on:click=move |_| help_open.update(|o| *o = !*o)>"?"</button>
        </header>
    }
}

/// Saves the current project and opens the stored project `name` (a status line when it is
/// missing or damaged).
fn switch_project(app: App, name: String) {
    browser::flush_save();
    leptos::task::spawn_local(async move {
        match browser::load_project(&name).await {
            Some(p) => {
                app.load(p);
                app.fit_unless_restored();
            }
            None => app.status.set(format!("Could not open “{name}”: it is missing or damaged in browser storage")),
        }
    });
}

/// Deletes the current project from storage, after a confirmation, and opens another (or a
/// new empty one).
fn delete_current_project(app: App, projects: RwSignal<Vec<String>>) {
    let name = app.name.get_untracked();
    let ok = web_sys::window()
        .and_then(|w| w.confirm_with_message(&format!("Delete project “{name}” from this browser?")).ok())
        .unwrap_or(false);
    if !ok {
        return;
    }
    browser::flush_save();
    browser::delete_project(&name);
    let remaining = browser::project_names();
    projects.set(remaining.clone());
    match remaining.first().cloned() {
        Some(other) => switch_project(app, other),
        None => app.load(Project::new("schema-1".to_string(), String::new(), None, Default::default())),
    }
}

/// Copies a share link (the project packed into the fragment) and shows it in `share_url`;
/// the status line says its size and what it leaves out.
fn copy_share_link(app: App, share_url: RwSignal<Option<String>>) {
    match crate::share::encode(&app.snapshot_untracked()) {
        Ok(link) => {
            let url = format!("{}#{}{}", browser::address(), crate::share::FRAGMENT_KEY, link.payload);
            browser::copy_to_clipboard(&url);
            let kb = link.bytes() as f64 / 1024.0;
            let mut msg = format!("Link copied ({kb:.1} KB): it holds the whole project, and opening it sends nothing anywhere. The undo history stays here.");
            if link.bytes() > crate::share::SHORT_LINK_BYTES {
                msg.push_str(&format!(" Over {} KB, some chat and mail tools cut links: the project file (Save file) always works.", crate::share::SHORT_LINK_BYTES / 1024));
            }
            if !link.left_out.is_empty() {
                msg.push_str(&format!(" The link leaves out {}.", link.left_out.join("; ")));
            }
            app.status.set(msg);
            share_url.set(Some(url));
        }
        Err(e) => {
            app.status.set(format!("No link: {e}"));
            share_url.set(None);
        }
    }
}
