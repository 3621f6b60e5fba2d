//! The only place with raw browser IO: downloads, clipboard, storage, file reading, timers, clocks.

use crate::project::Project;
use gloo::file::callbacks::FileReader;
use gloo::storage::{LocalStorage, Storage};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// Milliseconds since page load (monotonic), for slicing work and timing it.
pub fn now_ms() -> f64 {
    thread_local! {
        // `performance` of the page or, in the import worker, of the worker.
        static PERFORMANCE: Option<web_sys::Performance> =
            js_sys::Reflect::get(&js_sys::global(), &"performance".into()).ok().and_then(|p| p.dyn_into().ok());
    }
    PERFORMANCE.with(|p| p.as_ref().map_or(0.0, web_sys::Performance::now))
}

/// Offers `text` as a file download named `filename` (through [`download_blob`]).
pub fn download(filename: &str, text: &str, mime: &str) -> Result<(), String> {
    let err = |e: JsValue| format!("download failed: {e:?}");
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(err)?;
    download_blob(filename, &blob)
}

/// Offers a Blob as a file download named `filename`. Every download goes through here:
/// an object URL and a temporary `<a download>` that is clicked and removed.
pub fn download_blob(filename: &str, blob: &web_sys::Blob) -> Result<(), String> {
    let err = |e: JsValue| format!("download failed: {e:?}");
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(err)?;
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

/// Draws an SVG document (`width` × `height` pixels, scaled by `scale`) onto a canvas and
/// downloads it as a PNG. Local only: the image loads from a `blob:` URL (CSP `img-src blob:`).
/// Errors after the image loads go to `on_error`.
pub fn download_svg_as_png(
    filename: &str,
    svg: &str,
    (width, height): (f64, f64),
    scale: f64,
    on_error: impl Fn(String) + Clone + 'static,
) -> Result<(), String> {
    let err = |e: JsValue| format!("PNG export failed: {e:?}");
    let parts = js_sys::Array::of1(&JsValue::from_str(svg));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("image/svg+xml");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(err)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(err)?;
    let image = web_sys::HtmlImageElement::new().map_err(err)?;
    let (w, h) = ((width * scale).round().max(1.0) as u32, (height * scale).round().max(1.0) as u32);
    let name = filename.to_string();
    let img = image.clone();
    let src = url.clone();
    let fail = on_error.clone();
    let onload = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&src);
        let result = (|| -> Result<(), String> {
            let canvas: web_sys::HtmlCanvasElement = gloo::utils::document()
                .create_element("canvas")
                .map_err(err)?
                .dyn_into()
                .map_err(|_| "not a canvas".to_string())?;
            canvas.set_width(w);
            canvas.set_height(h);
            let ctx: web_sys::CanvasRenderingContext2d = canvas
                .get_context("2d")
                .map_err(err)?
                .ok_or("no 2d context")?
                .dyn_into()
                .map_err(|_| "not a 2d context".to_string())?;
            ctx.set_fill_style_str("#ffffff");
            ctx.fill_rect(0.0, 0.0, w as f64, h as f64);
            ctx.draw_image_with_html_image_element_and_dw_and_dh(&img, 0.0, 0.0, w as f64, h as f64).map_err(err)?;
            let done_fail = fail.clone();
            let on_blob = Closure::once_into_js(move |b: Option<web_sys::Blob>| match b {
                Some(b) => {
                    if let Err(e) = download_blob(&name, &b) {
                        done_fail(e);
                    }
                }
                None => done_fail("PNG export failed: the canvas is too large for this browser".into()),
            });
            canvas.to_blob(on_blob.unchecked_ref()).map_err(err)
        })();
        if let Err(e) = result {
            fail(e);
        }
    });
    let onerror = Closure::once_into_js(move || on_error("PNG export failed: the diagram image did not load".into()));
    image.set_onload(Some(onload.unchecked_ref()));
    image.set_onerror(Some(onerror.unchecked_ref()));
    image.set_src(&url);
    Ok(())
}

/// The part of the page's address after `#`, if any.
pub fn fragment() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    hash.strip_prefix('#').map(str::to_string).filter(|h| !h.is_empty())
}

/// The page's address without its fragment (what a share link starts with).
pub fn address() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split('#').next().unwrap_or_default().to_string())
        .unwrap_or_default()
}

/// Drops the fragment from the address bar without a reload or a new history entry.
pub fn clear_fragment() {
    if let Some(w) = web_sys::window()
        && let Ok(h) = w.history()
    {
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&address()));
    }
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

/// The callbacks [`yield_then`] queued, run in order.
type YieldQueue = std::rc::Rc<std::cell::RefCell<std::collections::VecDeque<Box<dyn FnOnce()>>>>;

thread_local! {
    /// One message channel for [`yield_then`]; its queued callbacks run in order.
    static YIELD: Option<(web_sys::MessageChannel, YieldQueue)> = {
        let channel = web_sys::MessageChannel::new().ok();
        channel.map(|channel| {
            let queue = std::rc::Rc::new(std::cell::RefCell::new(std::collections::VecDeque::<Box<dyn FnOnce()>>::new()));
            let q = queue.clone();
            let on_message = Closure::<dyn Fn()>::new(move || {
                let job = q.borrow_mut().pop_front();
                if let Some(job) = job {
                    job();
                }
            });
            channel.port1().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            on_message.forget();
            (channel, queue)
        })
    };
}

/// Runs `f` in a new task, after the browser has handled pending input and painted if a frame
/// was due. Unlike `setTimeout(0)`, which Chromium clamps to 4 ms once nested, a message to
/// ourselves costs no wait: long work sliced this way loses almost no time to yielding.
pub fn yield_then(f: impl FnOnce() + 'static) {
    let rejected = YIELD.with(|y| {
        let Some((channel, queue)) = y else { return Some(Box::new(f) as Box<dyn FnOnce()>) };
        queue.borrow_mut().push_back(Box::new(f));
        match channel.port2().post_message(&JsValue::NULL) {
            Ok(()) => None,
            Err(_) => queue.borrow_mut().pop_back(),
        }
    });
    if let Some(f) = rejected {
        later(0, f);
    }
}

thread_local! {
    static SAVE_TIMER: std::cell::RefCell<Option<gloo::timers::callback::Timeout>> = const { std::cell::RefCell::new(None) };
    /// The pending save, with its number and whether it waits for the save delay (else it is
    /// the rest of a save under way, see [`pending_save`]).
    static SAVE_JOB: std::cell::RefCell<Option<(u64, bool, SaveJob)>> = const { std::cell::RefCell::new(None) };
    static SAVE_JOBS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// A pending save; it hears whether its time passed (see [`debounce_save`]).
type SaveJob = Box<dyn FnOnce(bool)>;

fn set_save_job(timed: bool, f: SaveJob) -> u64 {
    let id = SAVE_JOBS.with(|n| {
        n.set(n.get() + 1);
        n.get()
    });
    SAVE_JOB.with(|j| *j.borrow_mut() = Some((id, timed, f)));
    id
}

/// Runs `f` after `ms` unless called again before then (the newer call replaces the older).
/// `f` hears whether it runs because the time passed (`true`) or because the save is flushed
/// (`false`: the page is being hidden or left, and `f` must save now).
pub fn debounce_save(ms: u32, f: impl FnOnce(bool) + 'static) {
    set_save_job(true, Box::new(f));
    let t = gloo::timers::callback::Timeout::new(ms, || run_save(true));
    SAVE_TIMER.with(|s| *s.borrow_mut() = Some(t));
    set_save_state();
}

/// Makes `f` the pending save, with no timer, when none is pending: a save that runs in slices
/// leaves the rest of its work so, and a flush (the page hidden or left) runs it at once with
/// `false`; a later [`debounce_save`] replaces it. Returns its number for [`drop_pending_save`]
/// (`None`: another save was pending, and `f` is dropped).
pub fn pending_save(f: impl FnOnce(bool) + 'static) -> Option<u64> {
    if SAVE_JOB.with(|j| j.borrow().is_some()) {
        return None;
    }
    let id = set_save_job(false, Box::new(f));
    set_save_state();
    Some(id)
}

/// Forgets pending save `id` (its work was done another way), unless a newer one replaced it.
pub fn drop_pending_save(id: u64) {
    SAVE_JOB.with(|j| {
        let mut j = j.borrow_mut();
        if j.as_ref().is_some_and(|(pending, ..)| *pending == id) {
            *j = None;
        }
    });
    set_save_state();
}

/// Runs the pending save now, if any (the page is being hidden or unloaded).
pub fn flush_save() {
    run_save(false);
}

fn run_save(timer: bool) {
    let job = SAVE_JOB.with(|j| j.borrow_mut().take());
    if let Some((.., job)) = job {
        job(timer);
    }
    set_save_state();
}

/// Reads a dropped or chosen file as text; the returned reader must be kept alive until done.
pub fn read_text(file: web_sys::File, done: impl FnOnce(String, Result<String, String>) + 'static) -> FileReader {
    let name = file.name();
    let file = gloo::file::File::from(file);
    gloo::file::callbacks::read_as_text(&file, move |r| done(name, r.map_err(|e| e.to_string())))
}

// Project storage: IndexedDB. localStorage holds ~5 MB per origin and every write blocks the page;
// a 1000-table project (baseline + current ≈ 6 MB of JSON) did not fit, so auto-save silently
// stopped. IndexedDB holds hundreds of MB (a share of the disk) and writes without blocking.
//
// Layout: database `erdsmith` v1 with two object stores. `projects`: key = the project name (the
// id the UI switches by), value = the compact project JSON string. `meta`: key `index` = JSON
// array of names in creation order, key `current` = the name of the open project.
//
// IndexedDB is asynchronous, so `open_storage` runs before the app mounts: it opens the database,
// migrates projects left in localStorage (older builds, and the unload stash below), and reads
// the index and the open project into memory; the list and the first render stay synchronous.
// Saves serialize synchronously (the snapshot is the state as of the call) and write in the
// background; failures (quota, private mode) go to the caller's `on_error`, the app keeps going
// with its in-memory state.
//
// An unload can cut off a write still in flight; `flush_when_hidden` therefore also stashes the
// newest JSON in localStorage under the legacy keys when a write has not completed yet (it fits
// for all but the largest projects), and the next start migrates it into IndexedDB.
const DB_NAME: &str = "erdsmith";
const PROJECTS: &str = "projects";
const META: &str = "meta";
const META_INDEX: &str = "index";
const META_CURRENT: &str = "current";
const LEGACY_INDEX_KEY: &str = "erdsmith.projects";
const LEGACY_CURRENT_KEY: &str = "erdsmith.current";

fn legacy_key(name: &str) -> String {
    format!("erdsmith.project.{name}")
}

#[derive(Default)]
struct Store {
    db: Option<web_sys::IdbDatabase>,
    /// Names in creation order (the `meta/index` record).
    names: Vec<String>,
    current: Option<String>,
    /// The project read at start, handed to the first render.
    restored: Option<Project>,
    /// Why storage is unavailable, shown once after mount.
    error: Option<String>,
    /// The newest saved JSON (name, its pieces): the crash panel's and the unload stash's source.
    last: Option<(String, Vec<Piece>)>,
    /// Writes issued and not yet completed.
    in_flight: u32,
    /// Writes completed (exposed on <html data-saves> for tests and tools).
    saves: u32,
}

thread_local! {
    static STORE: std::cell::RefCell<Store> = std::cell::RefCell::new(Store::default());
}

/// Set by the crash panel: after a panic nothing but the panel writes to storage.
static CRASHED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

pub(crate) fn mark_crashed() {
    CRASHED.store(true, std::sync::atomic::Ordering::SeqCst);
}

fn crashed() -> bool {
    CRASHED.load(std::sync::atomic::Ordering::SeqCst)
}

fn js_error(e: JsValue) -> String {
    if let Some(d) = e.dyn_ref::<web_sys::DomException>() {
        return format!("{}: {}", d.name(), d.message());
    }
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        return String::from(err.message());
    }
    e.as_string().unwrap_or_else(|| "unknown storage error".to_string())
}

/// Resolves with the request's result once it succeeds; rejects with its error.
async fn request(req: &web_sys::IdbRequest) -> Result<JsValue, String> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let ok_req = req.clone();
        let on_ok = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call1(&JsValue::UNDEFINED, &ok_req.result().unwrap_or(JsValue::UNDEFINED));
        });
        let err_req = req.clone();
        let on_err = Closure::once_into_js(move |_: web_sys::Event| {
            let e = err_req.error().ok().flatten().map(JsValue::from).unwrap_or(JsValue::NULL);
            let _ = reject.call1(&JsValue::UNDEFINED, &e);
        });
        req.set_onsuccess(Some(on_ok.unchecked_ref()));
        req.set_onerror(Some(on_err.unchecked_ref()));
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.map_err(js_error)
}

/// Resolves once a transaction has committed (durable); rejects when it aborts (quota, etc.).
async fn committed(tx: &web_sys::IdbTransaction) -> Result<(), String> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let on_ok = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        });
        let err_tx = tx.clone();
        let on_abort = Closure::once_into_js(move |_: web_sys::Event| {
            let e = err_tx.error().map(JsValue::from).unwrap_or(JsValue::NULL);
            let _ = reject.call1(&JsValue::UNDEFINED, &e);
        });
        tx.set_oncomplete(Some(on_ok.unchecked_ref()));
        tx.set_onabort(Some(on_abort.unchecked_ref()));
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.map(|_| ()).map_err(js_error)
}

async fn open_db() -> Result<web_sys::IdbDatabase, String> {
    let factory = web_sys::window()
        .ok_or("no window")?
        .indexed_db()
        .map_err(js_error)?
        .ok_or("IndexedDB is not available in this browser mode")?;
    let req = factory.open_with_u32(DB_NAME, 1).map_err(js_error)?;
    let upgrade = Closure::once_into_js(move |ev: web_sys::IdbVersionChangeEvent| {
        // Version 0 → 1 only: create both stores.
        let db = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::IdbOpenDbRequest>().ok())
            .and_then(|r| r.result().ok())
            .and_then(|r| r.dyn_into::<web_sys::IdbDatabase>().ok());
        if let Some(db) = db {
            let _ = db.create_object_store(PROJECTS);
            let _ = db.create_object_store(META);
        }
    });
    req.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    let db = request(&req).await?.dyn_into::<web_sys::IdbDatabase>().map_err(|_| "IndexedDB open returned no database")?;
    Ok(db)
}

fn store(db: &web_sys::IdbDatabase, names: &[&str], mode: web_sys::IdbTransactionMode) -> Result<web_sys::IdbTransaction, String> {
    let list = js_sys::Array::new();
    for n in names {
        list.push(&JsValue::from_str(n));
    }
    db.transaction_with_str_sequence_and_mode(&list, mode).map_err(js_error)
}

async fn get_string(db: &web_sys::IdbDatabase, store_name: &str, key: &str) -> Result<Option<String>, String> {
    let tx = store(db, &[store_name], web_sys::IdbTransactionMode::Readonly)?;
    let req = tx.object_store(store_name).map_err(js_error)?.get(&JsValue::from_str(key)).map_err(js_error)?;
    let value = request(&req).await?;
    // Projects are saved as Blobs (`save_project`); older builds and the crash panel wrote strings.
    match value.dyn_into::<web_sys::Blob>() {
        Ok(blob) => Ok(wasm_bindgen_futures::JsFuture::from(blob.text()).await.map_err(js_error)?.as_string()),
        Err(value) => Ok(value.as_string()),
    }
}

/// Projects found in localStorage (older builds, or stashed at unload): (name, json), and the
/// legacy `current` name.
fn legacy_projects() -> (Vec<(String, String)>, Option<String>) {
    let Ok(ls) = LocalStorage::raw().length() else { return (Vec::new(), None) };
    let raw = LocalStorage::raw();
    let mut found = Vec::new();
    for i in 0..ls {
        let Ok(Some(key)) = raw.key(i) else { continue };
        if let Some(name) = key.strip_prefix("erdsmith.project.")
            && let Ok(Some(json)) = raw.get_item(&key)
        {
            found.push((name.to_string(), json));
        }
    }
    // Keep the old list's order where there was one.
    let order = LocalStorage::get::<Vec<String>>(LEGACY_INDEX_KEY).unwrap_or_default();
    found.sort_by_key(|(n, _)| order.iter().position(|o| o == n).unwrap_or(usize::MAX));
    (found, LocalStorage::get::<String>(LEGACY_CURRENT_KEY).ok())
}

fn clear_legacy(names: &[String]) {
    for n in names {
        LocalStorage::delete(legacy_key(n));
    }
    LocalStorage::delete(LEGACY_INDEX_KEY);
    LocalStorage::delete(LEGACY_CURRENT_KEY);
}

/// Opens project storage, migrates localStorage projects once, and reads the project to restore.
/// On an error the app still runs (in memory) and `take_storage_error` says why.
pub async fn open_storage() {
    if let Err(e) = open_storage_inner().await {
        STORE.with(|s| s.borrow_mut().error = Some(format!("Not auto-saved: browser storage is unavailable ({e}); use “Save file”")));
    }
}

async fn open_storage_inner() -> Result<(), String> {
    let db = open_db().await?;
    let mut names: Vec<String> = get_string(&db, META, META_INDEX)
        .await?
        .and_then(|j| serde_json::from_str(&j).ok())
        .unwrap_or_default();
    let mut current = get_string(&db, META, META_CURRENT).await?;

    let (legacy, legacy_current) = legacy_projects();
    if !legacy.is_empty() {
        let tx = store(&db, &[PROJECTS, META], web_sys::IdbTransactionMode::Readwrite)?;
        let projects = tx.object_store(PROJECTS).map_err(js_error)?;
        for (name, json) in &legacy {
            // Only well-formed projects move; a damaged entry stays in localStorage, untouched.
            if Project::from_json(json).is_err() {
                continue;
            }
            projects.put_with_key(&JsValue::from_str(json), &JsValue::from_str(name)).map_err(js_error)?;
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
        if legacy_current.is_some() {
            current = legacy_current;
        }
        put_meta(&tx, &names, current.as_deref())?;
        committed(&tx).await?;
        let moved: Vec<String> = legacy.iter().filter(|(_, j)| Project::from_json(j).is_ok()).map(|(n, _)| n.clone()).collect();
        clear_legacy(&moved);
    }

    let open = current.clone().filter(|c| names.contains(c)).or_else(|| names.first().cloned());
    let restored = match &open {
        Some(name) => get_string(&db, PROJECTS, name).await?.and_then(|j| Project::from_json(&j).ok()),
        None => None,
    };
    STORE.with(|s| {
        let mut s = s.borrow_mut();
        s.db = Some(db);
        s.names = names;
        s.current = open;
        s.restored = restored;
    });
    Ok(())
}

fn put_meta(tx: &web_sys::IdbTransaction, names: &[String], current: Option<&str>) -> Result<(), String> {
    let meta = tx.object_store(META).map_err(js_error)?;
    let index = serde_json::to_string(names).map_err(|e| e.to_string())?;
    meta.put_with_key(&JsValue::from_str(&index), &JsValue::from_str(META_INDEX)).map_err(js_error)?;
    if let Some(c) = current {
        meta.put_with_key(&JsValue::from_str(c), &JsValue::from_str(META_CURRENT)).map_err(js_error)?;
    }
    Ok(())
}

/// Why storage could not be opened, once.
pub fn take_storage_error() -> Option<String> {
    STORE.with(|s| s.borrow_mut().error.take())
}

/// The project read from storage at start, once.
pub fn take_restored_project() -> Option<Project> {
    STORE.with(|s| s.borrow_mut().restored.take())
}

/// Names of the saved projects, in creation order.
pub fn project_names() -> Vec<String> {
    STORE.with(|s| s.borrow().names.clone())
}

fn set_save_state() {
    let (in_flight, saves) = STORE.with(|s| {
        let s = s.borrow();
        (s.in_flight, s.saves)
    });
    // "pending": a change waits for the save delay; "writing": a save is being serialized in
    // slices; "saving": a write is in flight.
    let pending = SAVE_JOB.with(|j| j.try_borrow().map(|j| j.as_ref().map(|(_, timed, _)| *timed)).unwrap_or(Some(true)));
    let state = if pending == Some(true) {
        "pending"
    } else if pending == Some(false) {
        "writing"
    } else if in_flight > 0 {
        "saving"
    } else {
        "saved"
    };
    set_root_attribute("data-save-state", state);
    set_root_attribute("data-saves", &saves.to_string());
}

/// A piece of a project's JSON (see `project::json_head_around_text`), with its bytes already copied out
/// of the wasm memory into a `Blob`. The two schemas' pieces are kept from one save to the next
/// while they do not change: a save after a pause in typing copies the text and the settings,
/// not megabytes of schema.
#[derive(Clone)]
pub struct Piece {
    text: std::rc::Rc<str>,
    blob: web_sys::Blob,
}

impl Piece {
    pub fn new(text: impl Into<std::rc::Rc<str>>) -> Result<Piece, String> {
        let text: std::rc::Rc<str> = text.into();
        // A byte copy: no UTF-8 decoding into a JavaScript string (that took ~400 ms for the
        // 12 MB of a 3,000-table project).
        let bytes = js_sys::Uint8Array::from(text.as_bytes());
        let blob = web_sys::Blob::new_with_u8_array_sequence(&js_sys::Array::of1(&bytes)).map_err(js_error)?;
        Ok(Piece { text, blob })
    }
}

/// The pieces put together: the project's JSON.
fn joined(pieces: &[Piece]) -> String {
    pieces.iter().map(|p| &*p.text).collect()
}

/// Writes the project (its JSON in `pieces`, as it is now) in the background, as one `Blob`;
/// `on_error` hears about a failed write. The in-memory state is never touched.
pub fn save_project(name: String, pieces: Vec<Piece>, on_error: impl FnOnce(String) + 'static) {
    if crashed() {
        return;
    }
    let parts = js_sys::Array::new();
    for p in &pieces {
        parts.push(&p.blob);
    }
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = match web_sys::Blob::new_with_blob_sequence_and_options(&parts, &options) {
        Ok(b) => b,
        Err(e) => return on_error(format!("Not auto-saved: {}", js_error(e))),
    };
    let size_mb = blob.size() / 1e6;
    let db = STORE.with(|s| {
        let mut s = s.borrow_mut();
        s.last = Some((name.clone(), pieces));
        if !s.names.contains(&name) {
            s.names.push(name.clone());
        }
        s.current = Some(name.clone());
        s.db.clone()
    });
    let Some(db) = db else {
        return on_error("Not auto-saved: browser storage is unavailable; use “Save file”".to_string());
    };
    let names = project_names();
    let write = move || -> Result<web_sys::IdbTransaction, String> {
        let tx = store(&db, &[PROJECTS, META], web_sys::IdbTransactionMode::Readwrite)?;
        tx.object_store(PROJECTS).map_err(js_error)?.put_with_key(&blob, &JsValue::from_str(&name)).map_err(js_error)?;
        put_meta(&tx, &names, Some(&name))?;
        Ok(tx)
    };
    // The transaction is created now, so writes commit in the order of the calls.
    let tx = write();
    STORE.with(|s| s.borrow_mut().in_flight += 1);
    set_save_state();
    wasm_bindgen_futures::spawn_local(async move {
        let result = match tx {
            Ok(tx) => committed(&tx).await,
            Err(e) => Err(e),
        };
        STORE.with(|s| {
            let mut s = s.borrow_mut();
            s.in_flight -= 1;
            if result.is_ok() {
                s.saves += 1;
            }
        });
        set_save_state();
        if let Err(e) = result {
            on_error(format!("Not auto-saved ({size_mb:.1} MB): {e}; use “Save file”"));
        }
    });
}

/// Reads a saved project; None when it is missing or damaged.
pub async fn load_project(name: &str) -> Option<Project> {
    let db = STORE.with(|s| s.borrow().db.clone())?;
    let json = get_string(&db, PROJECTS, name).await.ok().flatten()?;
    Project::from_json(&json).ok()
}

/// Removes a project from the list and from storage (in the background).
pub fn delete_project(name: &str) {
    let (db, names, current) = STORE.with(|s| {
        let mut s = s.borrow_mut();
        s.names.retain(|n| n != name);
        if s.current.as_deref() == Some(name) {
            s.current = None;
        }
        (s.db.clone(), s.names.clone(), s.current.clone())
    });
    LocalStorage::delete(legacy_key(name));
    let Some(db) = db else { return };
    let Ok(tx) = store(&db, &[PROJECTS, META], web_sys::IdbTransactionMode::Readwrite) else { return };
    if let Ok(projects) = tx.object_store(PROJECTS) {
        let _ = projects.delete(&JsValue::from_str(name));
    }
    let _ = put_meta(&tx, &names, current.as_deref());
}

/// Flushes the pending save when the page is hidden or unloaded; on unload a write that has not
/// committed yet is also stashed in localStorage (synchronous), migrated back at the next start.
pub fn flush_when_hidden() {
    let window = gloo::utils::window();
    gloo::events::EventListener::new(&window, "pagehide", |_| {
        flush_save();
        stash_unfinished();
    })
    .forget();
    let document = gloo::utils::document();
    gloo::events::EventListener::new(&document, "visibilitychange", |_| {
        if gloo::utils::document().visibility_state() == web_sys::VisibilityState::Hidden {
            flush_save();
        }
    })
    .forget();
}

fn stash_unfinished() {
    if crashed() {
        // The crash panel already wrote the newer state.
        return;
    }
    let pending = STORE.with(|s| {
        let s = s.borrow();
        if s.in_flight > 0 { s.last.clone() } else { None }
    });
    if let Some((name, pieces)) = pending {
        stash_legacy(&name, &joined(&pieces));
    }
}

/// Writes a project to localStorage under the legacy keys (migrated at the next start); false
/// when it does not fit.
pub(crate) fn stash_legacy(name: &str, json: &str) -> bool {
    let raw = LocalStorage::raw();
    raw.set_item(&legacy_key(name), json).is_ok() && LocalStorage::set(LEGACY_CURRENT_KEY, name).is_ok()
}

/// For the crash panel: the newest saved (name, JSON), without waiting on any borrow.
pub(crate) fn last_saved_json() -> Option<(String, String)> {
    STORE.try_with(|s| s.try_borrow().ok().and_then(|s| s.last.as_ref().map(|(n, p)| (n.clone(), joined(p))))).ok().flatten()
}

/// For the crash panel: writes the project JSON with plain IndexedDB calls (no callback back into
/// Rust, which may be unusable after the panic); the browser commits it on its own.
pub(crate) fn write_after_crash(name: &str, json: &str) -> bool {
    let Some(db) = STORE.try_with(|s| s.try_borrow().ok().and_then(|s| s.db.clone())).ok().flatten() else { return false };
    let names = STORE.try_with(|s| s.try_borrow().map(|s| s.names.clone()).unwrap_or_default()).unwrap_or_default();
    let mut names = names;
    if !names.iter().any(|n| n == name) {
        names.push(name.to_string());
    }
    let Ok(tx) = store(&db, &[PROJECTS, META], web_sys::IdbTransactionMode::Readwrite) else { return false };
    let Ok(projects) = tx.object_store(PROJECTS) else { return false };
    projects.put_with_key(&JsValue::from_str(json), &JsValue::from_str(name)).is_ok() && put_meta(&tx, &names, Some(name)).is_ok()
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

/// Focuses the first element matching `selector` and selects its text (an input), if any.
pub fn focus_and_select(selector: &str) {
    let Ok(Some(el)) = gloo::utils::document().query_selector(selector) else { return };
    if let Some(input) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        let _ = input.focus();
        input.select();
    }
}

/// Sets an attribute on the document's root element (`<html>`), e.g. the theme.
pub fn set_root_attribute(name: &str, value: &str) {
    if let Some(root) = gloo::utils::document().document_element() {
        let _ = root.set_attribute(name, value);
    }
}

/// The theme saved in this browser ("system", "light" or "dark").
pub fn saved_theme() -> String {
    LocalStorage::get::<String>("erdsmith.theme").unwrap_or_else(|_| "system".into())
}

pub fn save_theme(theme: &str) {
    let _ = LocalStorage::set("erdsmith.theme", theme);
}
