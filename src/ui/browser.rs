//! The only place with raw browser IO: downloads, clipboard, storage, file reading, timers, clocks.

use crate::project::Project;
use gloo::file::callbacks::FileReader;
use gloo::storage::{LocalStorage, Storage};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// Milliseconds since page load (monotonic), for slicing work and timing it.
pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

/// Offers `text` as a file download named `filename`. Every download goes through here:
/// a Blob, an object URL and a temporary `<a download>` that is clicked and removed.
pub fn download(filename: &str, text: &str, mime: &str) -> Result<(), String> {
    let err = |e: JsValue| format!("download failed: {e:?}");
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(err)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(err)?;
    let document = gloo::utils::document();
    let anchor: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(err)?.dyn_into().map_err(|_| "not an anchor".to_string())?;
    anchor.set_href(&url);
    anchor.set_download(filename);
    anchor.set_hidden(true);
    let body = gloo::utils::body();
    body.append_child(&anchor).map_err(err)?;
    anchor.click();
    anchor.remove();
    // Revoke later: the browser reads the blob asynchronously after the click.
    gloo::timers::callback::Timeout::new(10_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// Copies text to the clipboard (fire and forget: the promise's outcome is not awaited).
pub fn copy_to_clipboard(text: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().clipboard().write_text(text);
    }
}

/// Runs `f` after `ms` milliseconds (0 = after the browser had a chance to paint and handle input).
pub fn later(ms: u32, f: impl FnOnce() + 'static) {
    gloo::timers::callback::Timeout::new(ms, f).forget();
}

thread_local! {
    static SAVE_TIMER: std::cell::RefCell<Option<gloo::timers::callback::Timeout>> = const { std::cell::RefCell::new(None) };
    static SAVE_JOB: std::cell::RefCell<Option<Box<dyn FnOnce()>>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f` after `ms` unless called again before then (the newer call replaces the older).
pub fn debounce_save(ms: u32, f: impl FnOnce() + 'static) {
    SAVE_JOB.with(|j| *j.borrow_mut() = Some(Box::new(f)));
    let t = gloo::timers::callback::Timeout::new(ms, flush_save);
    SAVE_TIMER.with(|s| *s.borrow_mut() = Some(t));
}

/// Runs the pending save now, if any (the page is being hidden or unloaded).
pub fn flush_save() {
    let job = SAVE_JOB.with(|j| j.borrow_mut().take());
    if let Some(job) = job {
        job();
    }
}

/// Reads a dropped or chosen file as text; the returned reader must be kept alive until done.
pub fn read_text(file: web_sys::File, done: impl FnOnce(String, Result<String, String>) + 'static) -> FileReader {
    let name = file.name();
    let file = gloo::file::File::from(file);
    gloo::file::callbacks::read_as_text(&file, move |r| done(name, r.map_err(|e| e.to_string())))
}

// Projects are kept in localStorage through gloo::storage: it is synchronous, so a save finishes
// inside the edit's own task, and restore on load needs no async plumbing before the first render.
// The data is one JSON document per project: a few hundred KB for ordinary schemas, within the
// ~5 MB quota. Very large projects (1000 tables: baseline + current ≈ 6 MB) do not fit; the write
// fails, the user is told to save a file, and the app carries on (IndexedDB would lift this).
const INDEX_KEY: &str = "erdsmith.projects";
const CURRENT_KEY: &str = "erdsmith.current";

fn project_key(name: &str) -> String {
    format!("erdsmith.project.{name}")
}

/// Names of the saved projects, in creation order.
pub fn project_names() -> Vec<String> {
    LocalStorage::get::<Vec<String>>(INDEX_KEY).unwrap_or_default()
}

pub fn current_project() -> Option<String> {
    LocalStorage::get::<String>(CURRENT_KEY).ok()
}

pub fn save_project(p: &Project) -> Result<(), String> {
    // Compact JSON in storage; files get the pretty form (Project::to_json).
    let json = serde_json::to_string(p).map_err(|e| e.to_string())?;
    let storage = LocalStorage::raw();
    storage
        .set_item(&project_key(&p.name), &json)
        .map_err(|_| {
            format!(
                "Not auto-saved: this project ({:.1} MB) is larger than the browser's storage; use “Save file”",
                json.len() as f64 / 1e6
            )
        })?;
    let mut names = project_names();
    if !names.contains(&p.name) {
        names.push(p.name.clone());
        LocalStorage::set(INDEX_KEY, &names).map_err(|e| e.to_string())?;
    }
    LocalStorage::set(CURRENT_KEY, &p.name).map_err(|e| e.to_string())
}

pub fn load_project(name: &str) -> Option<Project> {
    let json = LocalStorage::raw().get_item(&project_key(name)).ok().flatten()?;
    Project::from_json(&json).ok()
}

pub fn delete_project(name: &str) {
    LocalStorage::delete(project_key(name));
    let names: Vec<String> = project_names().into_iter().filter(|n| n != name).collect();
    let _ = LocalStorage::set(INDEX_KEY, &names);
}

/// The client size of an element (for the canvas), if it is laid out.
pub fn element_size(el: &web_sys::Element) -> (f64, f64) {
    let r = el.get_bounding_client_rect();
    (r.width(), r.height())
}

/// The client position of an element's top-left corner.
pub fn element_origin(el: &web_sys::Element) -> (f64, f64) {
    let r = el.get_bounding_client_rect();
    (r.left(), r.top())
}

/// The nearest ancestor-or-self of the event target matching a CSS selector.
pub fn closest(target: Option<web_sys::EventTarget>, selector: &str) -> Option<web_sys::Element> {
    target?.dyn_into::<web_sys::Element>().ok()?.closest(selector).ok().flatten()
}

/// The element under a client point (pointer events end over it).
pub fn element_at(x: f64, y: f64) -> Option<web_sys::Element> {
    gloo::utils::document().element_from_point(x as f32, y as f32)
}
