//! The crash panel: a panic shows a recoverable panel instead of a dead page. It is built with
//! plain DOM calls (the Leptos runtime may be mid-update and unusable), needs no callback back
//! into Rust (the download is a blob link, reload a plain link), and saves the newest project
//! state it can find: the last saved JSON with the DDL text as it is in the editor now.

use crate::project::{FILE_EXTENSION, Project};
use wasm_bindgen::JsCast;

/// Installs the panic hook: the console message (console_error_panic_hook), then the panel.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show(&info.to_string());
    }));
    #[cfg(debug_assertions)]
    test_trigger();
}

/// Debug builds only: `window.__erdsmithPanic()` panics, for the crash-panel browser test.
#[cfg(debug_assertions)]
#[allow(clippy::panic)] // The panic is the point: the browser test checks the crash panel shows it.
fn test_trigger() {
    use wasm_bindgen::prelude::*;
    let f = Closure::<dyn Fn()>::new(|| panic!("erdsmith test panic (debug builds only)"));
    let _ = js_sys::Reflect::set(&gloo::utils::window(), &JsValue::from_str("__erdsmithPanic"), f.as_ref());
    f.forget();
}

/// The value of an input or text area by test id, read straight from the DOM.
fn dom_value(test_id: &str) -> Option<String> {
    let el = gloo::utils::document().query_selector(&format!("[data-testid=\"{test_id}\"]")).ok().flatten()?;
    if let Some(t) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        return Some(t.value());
    }
    el.dyn_ref::<web_sys::HtmlInputElement>().map(|i| i.value())
}

/// The project as JSON: the last saved one with the editor's text, or (nothing saved yet)
/// a new project holding the text. Returns (name, pretty JSON).
fn recover() -> (String, String) {
    let text = super::editor::current_text();
    let dom_name = dom_value("project-name").filter(|n| !n.trim().is_empty());
    if let Some((name, json)) = super::browser::last_saved_json()
        && let Ok(mut value) = serde_json::from_str::<serde_json::Value>(&json)
    {
        if let (Some(t), Some(obj)) = (&text, value.as_object_mut()) {
            obj.insert("baseline_text".to_string(), serde_json::Value::String(t.clone()));
        }
        let pretty = serde_json::to_string_pretty(&value).unwrap_or_else(|_| json.to_string());
        return (name, pretty);
    }
    let name = dom_name.unwrap_or_else(|| "recovered".to_string());
    let p = Project::new(name.clone(), text.unwrap_or_default(), None, Default::default());
    (name, p.to_json())
}

fn show(message: &str) {
    super::browser::mark_crashed();
    let (name, json) = recover();
    // Saved first, in case anything below fails: IndexedDB, and localStorage where it fits.
    let compact = serde_json::from_str::<serde_json::Value>(&json)
        .ok()
        .and_then(|v| serde_json::to_string(&v).ok())
        .unwrap_or_else(|| json.clone());
    let saved = super::browser::write_after_crash(&name, &compact);
    let stashed = super::browser::stash_legacy(&name, &compact);
    let _ = render(message, &name, &json, saved || stashed);
}

fn render(message: &str, name: &str, json: &str, saved: bool) -> Option<()> {
    let document = gloo::utils::document();
    let el = |tag: &str, class: &str, text: &str| -> Option<web_sys::Element> {
        let e = document.create_element(tag).ok()?;
        if !class.is_empty() {
            e.set_class_name(class);
        }
        if !text.is_empty() {
            e.set_text_content(Some(text));
        }
        Some(e)
    };
    // A second panic (say, from a handler still running) keeps the first panel.
    if document.query_selector("[data-testid=\"crash-panel\"]").ok().flatten().is_some() {
        return Some(());
    }
    let panel = el("div", "crash-panel", "")?;
    panel.set_attribute("data-testid", "crash-panel").ok()?;
    panel.set_attribute("role", "alertdialog").ok()?;
    panel.set_attribute("aria-labelledby", "crash-title").ok()?;
    let title = el("h2", "", "erdsmith hit an internal error")?;
    title.set_id("crash-title");
    panel.append_child(&title).ok()?;
    let note = if saved {
        "Your work is safe: the project (with your text as it is now) was saved in this browser. Download it as a file too, then reload."
    } else {
        "Download your project as a file now, then reload: browser storage could not take it."
    };
    let text = el("p", "", note)?;
    panel.append_child(&text).ok()?;

    let actions = el("div", "crash-actions", "")?;
    let file_name = format!("{name}{FILE_EXTENSION}");
    let download = el("a", "button", &format!("Download {file_name}"))?;
    download.set_attribute("data-testid", "crash-download").ok()?;
    download.set_attribute("role", "button").ok()?;
    download.set_attribute("download", &file_name).ok()?;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(json));
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &bag).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    download.set_attribute("href", &url).ok()?;
    actions.append_child(&download).ok()?;
    // A link to this page reloads it without running any script.
    let reload = el("a", "button", "Reload")?;
    reload.set_attribute("data-testid", "crash-reload").ok()?;
    reload.set_attribute("role", "button").ok()?;
    let href = gloo::utils::window().location().href().unwrap_or_else(|_| "./".to_string());
    reload.set_attribute("href", href.split('#').next().unwrap_or("./")).ok()?;
    actions.append_child(&reload).ok()?;
    panel.append_child(&actions).ok()?;

    let details = el("details", "", "")?;
    let summary = el("summary", "", "Details")?;
    details.append_child(&summary).ok()?;
    let pre = el("pre", "crash-message", message)?;
    details.append_child(&pre).ok()?;
    panel.append_child(&details).ok()?;
    gloo::utils::body().append_child(&panel).ok()?;
    Some(())
}
