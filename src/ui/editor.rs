//! The DDL editor: CodeMirror 6 (web/editor.js, bundled into build/editor.js and loaded before
//! the app as `window.erdsmithEditor`). This module is the only Rust that talks to it.
//!
//! The app's `text` signal stays the model: the user's edits are copied into it as they happen
//! (so saves and the crash panel always see them); texts the app sets (a loaded project, an
//! opened file) are pushed into the editor by an effect. Every call is `catch`: a missing or
//! failing editor script is an error value, never a panic.

use leptos::prelude::*;
use std::cell::Cell;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = erdsmithEditor, js_name = mount, catch)]
    fn js_mount(parent: &web_sys::HtmlElement, text: &str, on_change: &js_sys::Function) -> Result<(), JsValue>;
    #[wasm_bindgen(js_namespace = erdsmithEditor, js_name = setText, catch)]
    fn js_set_text(text: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(js_namespace = erdsmithEditor, js_name = text, catch)]
    fn js_text() -> Result<String, JsValue>;
    #[wasm_bindgen(js_namespace = erdsmithEditor, js_name = select, catch)]
    fn js_select(from: u32, to: u32) -> Result<(), JsValue>;
}

thread_local! {
    /// Set when the text signal changes because the user edited the editor: the effect that
    /// pushes texts into the editor then has nothing to do.
    static FROM_EDITOR: Cell<bool> = const { Cell::new(false) };
}

/// Mounts the editor in `parent` and keeps it and `text` in step; `on_edit(pasted)` runs after
/// each edit by the user, once `text` holds it (`pasted`: a paste or a drop, not typing).
/// Returns an error message if the editor cannot load.
pub fn mount(parent: &web_sys::HtmlElement, text: RwSignal<String>, on_edit: impl Fn(bool) + 'static) -> Result<(), String> {
    let on_change = Closure::<dyn Fn(bool)>::new(move |pasted: bool| {
        if let Ok(t) = js_text() {
            FROM_EDITOR.with(|f| f.set(true));
            text.set(t);
            on_edit(pasted);
        }
    });
    text.with_untracked(|t| js_mount(parent, t, on_change.as_ref().unchecked_ref())).map_err(describe)?;
    // The editor lives as long as the page.
    on_change.forget();
    Effect::new(move || {
        text.track();
        if FROM_EDITOR.with(|f| f.replace(false)) {
            return;
        }
        // setText does nothing when the editor already shows `t`.
        text.with_untracked(|t| {
            if let Err(e) = js_set_text(t) {
                web_sys::console::error_1(&e);
            }
        });
    });
    Ok(())
}

/// The editor's text, straight from the editor (the crash panel reads it this way).
pub fn current_text() -> Option<String> {
    js_text().ok()
}

/// Selects UTF-16 offsets [from, to), scrolls them into the middle of the view and focuses.
pub fn select(from: u32, to: u32) {
    if let Err(e) = js_select(from, to) {
        web_sys::console::error_1(&e);
    }
}

fn describe(e: JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".to_string())
}
