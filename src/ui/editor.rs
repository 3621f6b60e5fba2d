//! The DDL editor: CodeMirror 6 (web/editor.js, bundled into build/editor.js and loaded before
//! the app as `window.erdsmithEditor`). This module is the only Rust that talks to it.
//!
//! The app's `text` signal stays the model: the user's edits are copied into it as they happen
//! (so saves and the crash panel always see them); texts the app sets (a loaded project, an
//! opened file, a model edit written into the text, an undo) are pushed into the editor by an
//! effect, as the smallest change. Undo and redo keys in the editor call the app's one history.
//! Import diagnostics are shown in the text (`show_diagnostics`). Every call is `catch`: a
//! missing or failing editor script is an error value, never a panic.

use leptos::prelude::*;
use std::cell::Cell;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = erdsmithEditor, js_name = mount, catch)]
    fn js_mount(
        parent: &web_sys::HtmlElement,
        text: &str,
        on_change: &js_sys::Function,
        on_undo: &js_sys::Function,
        on_redo: &js_sys::Function,
    ) -> Result<(), JsValue>;
    #[wasm_bindgen(js_namespace = erdsmithEditor, js_name = setDiagnostics, catch)]
    fn js_set_diagnostics(list: &js_sys::Array) -> Result<(), JsValue>;
    #[wasm_bindgen(js_namespace = erdsmithEditor, js_name = setText, catch)]
    fn js_set_text(text: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(js_namespace = erdsmithEditor, js_name = text, catch)]
    fn js_text() -> Result<String, JsValue>;
    #[wasm_bindgen(js_namespace = erdsmithEditor, js_name = select, catch)]
    fn js_select(from: u32, to: u32) -> Result<(), JsValue>;
    #[wasm_bindgen(js_namespace = erdsmithEditor, js_name = setReadOnly, catch)]
    fn js_set_read_only(on: bool) -> Result<(), JsValue>;
}

/// Makes the text read-only (a shared link being viewed) or editable.
pub fn set_read_only(on: bool) {
    if let Err(e) = js_set_read_only(on) {
        web_sys::console::error_1(&e);
    }
}

thread_local! {
    /// Set when the text signal changes because the user edited the editor: the effect that
    /// pushes texts into the editor then has nothing to do.
    static FROM_EDITOR: Cell<bool> = const { Cell::new(false) };
    /// The byte length of the text when the last edit by the user left it all ASCII (most
    /// DDL): the next edit's UTF-16 offsets are then its byte offsets, without reading the
    /// text (two passes over a 2 MB text were ~9 ms of every keystroke). Forgotten when the
    /// app sets the text; a length that does not match means "not known".
    static ASCII_LEN: Cell<Option<usize>> = const { Cell::new(None) };
}

/// How the user changed the text.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Typing,
    /// A paste or a drop into the text.
    Paste,
    /// A paste or a drop that replaced the whole text (or filled an empty one): a new schema.
    Replace,
}

/// What the user's edit made of the text.
pub enum NewText {
    /// One change to the text the app holds (the usual case: typing, a paste).
    Change(crate::sync::TextChange),
    /// The whole new text, read from the editor when the reported change did not fit the
    /// app's copy (which should not happen; this keeps the two equal if it does).
    Whole(String),
}

/// Mounts the editor in `parent` and keeps it and `text` in step. `on_edit(new_text, change)`
/// runs after each edit by the user and must put the new text into `text`; `on_undo` and
/// `on_redo` run for the undo and redo keys.
/// Returns an error message if the editor cannot load.
pub fn mount(
    parent: &web_sys::HtmlElement,
    text: RwSignal<String>,
    on_edit: impl Fn(NewText, Change) + 'static,
    on_undo: impl Fn() + 'static,
    on_redo: impl Fn() + 'static,
) -> Result<(), String> {
    let on_change = Closure::<dyn Fn(u32, u32, u32, String, u32)>::new(move |kind: u32, from: u32, to: u32, insert: String, new_len: u32| {
        let ascii_len = ASCII_LEN.with(|a| a.take());
        let change = text.with_untracked(|t| crate::sync::TextChange::from_editor(t, ascii_len, from as usize, to as usize, insert, new_len as usize));
        let (new_text, ascii_after) = match change {
            Some((c, ascii_after)) => (NewText::Change(c), ascii_after),
            None => match js_text() {
                Ok(t) => (NewText::Whole(t), false),
                Err(_) => return,
            },
        };
        FROM_EDITOR.with(|f| f.set(true));
        let change = match kind {
            2 => Change::Replace,
            1 => Change::Paste,
            _ => Change::Typing,
        };
        on_edit(new_text, change);
        if ascii_after {
            ASCII_LEN.with(|a| a.set(Some(text.with_untracked(String::len))));
        }
    });
    let on_undo = Closure::<dyn Fn()>::new(on_undo);
    let on_redo = Closure::<dyn Fn()>::new(on_redo);
    text.with_untracked(|t| {
        js_mount(parent, t, on_change.as_ref().unchecked_ref(), on_undo.as_ref().unchecked_ref(), on_redo.as_ref().unchecked_ref())
    })
    .map_err(describe)?;
    // The editor lives as long as the page.
    on_change.forget();
    on_undo.forget();
    on_redo.forget();
    Effect::new(move || {
        text.track();
        if FROM_EDITOR.with(|f| f.replace(false)) {
            return;
        }
        ASCII_LEN.with(|a| a.set(None));
        // setText does nothing when the editor already shows `t`.
        text.with_untracked(|t| {
            if let Err(e) = js_set_text(t) {
                web_sys::console::error_1(&e);
            }
        });
    });
    Ok(())
}

/// Shows `diagnostics` (of an import of `text`) in the editor: underlines, gutter marks and
/// messages on hover.
pub fn show_diagnostics(text: &str, diagnostics: &[crate::diagnostic::Diagnostic]) {
    let mut offsets: Vec<usize> = diagnostics.iter().flat_map(|d| [d.span.start as usize, d.span.end as usize]).collect();
    let units = super::state::utf16_offsets(text, &mut offsets);
    let list = js_sys::Array::new();
    for (d, pair) in diagnostics.iter().zip(units.chunks(2)) {
        let (from, to) = (pair.first().copied().unwrap_or(0), pair.get(1).copied().unwrap_or(0));
        let entry = js_sys::Array::new();
        entry.push(&JsValue::from(from));
        entry.push(&JsValue::from(to.max(from)));
        entry.push(&JsValue::from_str(d.severity.as_str()));
        entry.push(&JsValue::from_str(&d.message));
        list.push(&entry);
    }
    if let Err(e) = js_set_diagnostics(&list) {
        web_sys::console::error_1(&e);
    }
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
