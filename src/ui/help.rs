//! First run and habits: the help dialog with the keyboard and mouse shortcuts (`?` or F1, or
//! the toolbar's `?`), a sample schema to try, and the light/dark theme switch (the system's by
//! default).

use super::browser;
use super::state::App;
use leptos::prelude::*;

/// A small shop schema to try the app with (`public/sample.sql`, also served as a file).
pub const SAMPLE: &str = include_str!("../../public/sample.sql");

/// What each key and gesture does: (keys, what).
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("? or F1", "Show or hide this help"),
    ("Ctrl+Z", "Undo (in the diagram and in the text: one history for both)"),
    ("Ctrl+Shift+Z or Ctrl+Y", "Redo"),
    ("/", "Find a table or view"),
    ("Click a header", "Select a table; the inspector edits it"),
    ("Shift+click, Shift+drag", "Add to the selection; select with a rubber band"),
    ("Drag a header", "Move the selection (only it moves)"),
    ("Arrows (Shift: larger steps)", "Nudge the selection"),
    ("Delete or Backspace", "Delete the selected tables and notes"),
    ("Double-click a header", "Rename the table"),
    ("Drag a column onto a column", "Add a foreign key"),
    ("Drag the background, wheel", "Pan, zoom"),
    ("Escape", "Clear the selection and focus mode"),
    ("Ctrl+F in the text", "Search the text"),
];

/// Loads the sample schema as a new text (a new baseline and history).
pub fn load_sample(app: App) {
    app.flush_import();
    app.name.set("sample-shop".into());
    app.text_edited(SAMPLE.to_string(), browser::now_ms());
    super::input::start_import(app, true);
}

/// The theme the user chose: "system" (follow `prefers-color-scheme`), "light" or "dark".
pub fn apply_theme(theme: &str) {
    browser::set_root_attribute("data-theme", theme);
}

#[component]
pub fn HelpDialog(open: RwSignal<bool>) -> impl IntoView {
    let app = expect_context::<App>();
    view! {
        <Show when=move || open.get()>
            <div class="modal-backdrop" on:click=move |_| open.set(false)>
                <div class="modal help" role="dialog" aria-modal="true" aria-labelledby="help-title" data-testid="help"
                    on:click=|ev| ev.stop_propagation()>
                    <header class="panel-head">
                        <h2 id="help-title">"erdsmith — help"</h2>
                        <button data-testid="help-close" aria-label="Close help" on:click=move |_| open.set(false)>"Close"</button>
                    </header>
                    <p>"Paste or drop DDL on the left (a pg_dump, a mysqldump, any dialect): the diagram, the review and the exports follow. "
                       "The text and the diagram are one schema: an edit in the inspector or the diagram is written into the text, "
                       "typing in the text updates the diagram, and one undo history covers both."</p>
                    <p>
                        <button data-testid="help-sample" on:click=move |_| { load_sample(app); open.set(false); }>"Try a sample schema"</button>
                    </p>
                    <h3>"Shortcuts"</h3>
                    <table class="shortcuts" data-testid="shortcuts">
                        {SHORTCUTS.iter().map(|(k, what)| view! { <tr><td><kbd>{*k}</kbd></td><td>{*what}</td></tr> }).collect_view()}
                    </table>
                </div>
            </div>
        </Show>
    }
}
