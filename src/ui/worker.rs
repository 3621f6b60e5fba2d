//! The import worker: the page's own WebAssembly module, started a second time in a dedicated
//! worker, runs the editor's imports (`sync::ImportJob`) so that parsing a big text never holds
//! up typing, panning or painting.
//!
//! - **Start.** `spawn` (page) starts `public/import-worker.js` as a module worker and sends it
//!   the URL of the wasm-bindgen glue and the already compiled `WebAssembly.Module` (nothing is
//!   fetched or compiled twice). The bootstrap imports the glue and instantiates the module,
//!   whose `main` sees a worker (`is_worker`) and calls `serve` instead of mounting the app.
//! - **Protocol.** The page posts `JobRequest`s, the worker `JobReply`s, each as its UTF-8 JSON
//!   bytes (`sync::job`) in a transferred buffer. Every request has a new generation; the worker runs one job at a time in
//!   slices of `SLICE_BUDGET_MS`, yielding in between so that a newer request (or a `Cancel`)
//!   drops the job in flight. The page installs only the reply of its current generation.
//!   A page whose model is blank asks for the review too: the worker reviews the import as the
//!   page's model will be (`sync::ReviewJob`) while the page reads and installs it, and the page
//!   waits for those findings instead of reviewing (`input::install`, `reviewer::wait_for_worker`).
//! - **Fallback.** Where there is no worker — the single-file build (its glue is the page
//!   itself), a worker that failed to load or panicked, or a request made before the worker is
//!   ready — `submit` hands the text back and the page imports it in slices itself, as before.
//!   A worker that fails is stopped for the rest of the session and the import it had is run
//!   on the page (`input::worker_replied`).
//!
//! Browser tests: `tests/e2e/app-worker.test.mjs`.

use crate::import::ImportOptions;
use crate::analysis::AnalysisConfig;
use crate::schema::{SpanShift, Table};
use crate::sync::{Assembly, ImportJob, JobReply, JobRequest, Reuse, ReviewJob, span_shift};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// How long the worker works on a job before it yields to read newer requests (ms). It is the
/// longest a newer text waits for the worker to notice it; no page work waits on it.
const SLICE_BUDGET_MS: f64 = 40.0;
/// The worker's bootstrap script, relative to the wasm-bindgen glue (both at the site's root).
const SCRIPT: &str = "public/import-worker.js";

#[wasm_bindgen]
extern "C" {
    type ImportMeta;
    #[wasm_bindgen(method, getter)]
    fn url(this: &ImportMeta) -> JsValue;
    /// `import.meta` of the wasm-bindgen glue module (this binding is emitted into it).
    #[wasm_bindgen(thread_local_v2, js_namespace = import, js_name = meta)]
    static IMPORT_META: ImportMeta;
}

/// `bytes` as a message: a `Uint8Array` and its buffer to transfer (the bytes move to the other
/// thread instead of being copied; as bytes, a text needs no conversion to and from UTF-16).
fn message(bytes: &[u8]) -> (js_sys::Uint8Array, js_sys::Array) {
    let array = js_sys::Uint8Array::from(bytes);
    let transfer = js_sys::Array::of1(&array.buffer());
    (array, transfer)
}

/// The bytes a message carries, copied into this module's memory.
fn bytes_of(ev: &web_sys::MessageEvent) -> Option<Vec<u8>> {
    ev.data().dyn_into::<js_sys::Uint8Array>().ok().map(|a| a.to_vec())
}

// ---- page side ------------------------------------------------------------------------------

/// The running worker, as the page holds it.
struct Conn {
    worker: web_sys::Worker,
    /// Whether it has said `Ready`.
    ready: Cell<bool>,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

thread_local! {
    static CONN: RefCell<Option<Rc<Conn>>> = const { RefCell::new(None) };
}

/// Whether the page has a worker that takes requests (the browser tests read it from
/// `data-import-worker` on the root element: `starting`, `ready`, `failed`, or absent).
fn set_state(state: &str) {
    super::browser::set_root_attribute("data-import-worker", state);
}

/// Starts the import worker; `on_reply` hears every reply (a `Failed` one when it could not start
/// or broke, after which the page is on its own). Does nothing in the single-file build.
pub fn spawn(on_reply: impl Fn(JobReply) + 'static) {
    let Some(glue) = IMPORT_META.with(|m| m.url().as_string()) else { return };
    // The single-file build runs its glue inline in the page: there is no module to import.
    if !glue.ends_with(".js") {
        return;
    }
    let Ok(script) = web_sys::Url::new_with_base(SCRIPT, &glue) else { return };
    let options = web_sys::WorkerOptions::new();
    options.set_type(web_sys::WorkerType::Module);
    let Ok(worker) = web_sys::Worker::new_with_options(&script.href(), &options) else {
        set_state("failed");
        return;
    };
    let on_reply = Rc::new(on_reply);
    let hear = on_reply.clone();
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
        let reply = match bytes_of(&ev).map(|b| JobReply::from_wire(&b)) {
            Some(Ok(reply)) => reply,
            Some(Err(e)) => JobReply::Failed(e.to_string()),
            None => JobReply::Failed("the import worker sent something that is not bytes".into()),
        };
        match &reply {
            JobReply::Ready => {
                CONN.with(|c| c.borrow().as_ref().map(|c| c.ready.set(true)));
                set_state("ready");
            }
            JobReply::Failed(_) => stop(),
            _ => {}
        }
        hear(reply);
    });
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
        let why = ev.dyn_ref::<web_sys::ErrorEvent>().map(web_sys::ErrorEvent::message).unwrap_or_else(|| "the import worker did not load".into());
        stop();
        on_reply(JobReply::Failed(why));
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    let init = js_sys::Object::new();
    let sent = js_sys::Reflect::set(&init, &"glue".into(), &glue.into())
        .and_then(|_| js_sys::Reflect::set(&init, &"module".into(), &wasm_bindgen::module()))
        .and_then(|_| worker.post_message(&init));
    if sent.is_err() {
        worker.terminate();
        set_state("failed");
        return;
    }
    set_state("starting");
    let conn = Conn { worker, ready: Cell::new(false), _on_message: on_message, _on_error: on_error };
    CONN.with(|c| *c.borrow_mut() = Some(Rc::new(conn)));
}

/// Stops the worker for the rest of the session. Its callbacks may be running (this is called
/// from them), so they are dropped in a later task.
fn stop() {
    if let Some(conn) = CONN.with(|c| c.borrow_mut().take()) {
        conn.worker.terminate();
        super::browser::later(0, move || drop(conn));
    }
    set_state("failed");
}

/// Sends the import of `text` to the worker as `generation` (and its review under `review`, see
/// `JobRequest::Import`); gives the text back when there is no ready worker (the caller imports
/// it on the page).
pub fn submit(generation: u64, text: String, options: &ImportOptions, review: Option<AnalysisConfig>, base: Option<u64>) -> Result<(), String> {
    let Some(conn) = CONN.with(|c| c.borrow().clone()).filter(|c| c.ready.get()) else { return Err(text) };
    let request = JobRequest::Import { generation, text, options: options.clone(), review: review.map(Box::new), base };
    let (array, transfer) = message(&request.to_wire());
    match conn.worker.post_message_with_transfer(&array, &transfer) {
        Ok(()) => Ok(()),
        Err(_) => match request {
            JobRequest::Import { text, .. } => Err(text),
            JobRequest::Cancel { .. } => Err(String::new()),
        },
    }
}

/// Tells the worker to drop the job in flight (`generation` is newer than it).
pub fn cancel(generation: u64) {
    if let Some(conn) = CONN.with(|c| c.borrow().clone()) {
        let (array, transfer) = message(&JobRequest::Cancel { generation }.to_wire());
        let _ = conn.worker.post_message_with_transfer(&array, &transfer);
    }
}

// ---- worker side ----------------------------------------------------------------------------

/// Whether this code runs in a worker (there is no document).
pub fn is_worker() -> bool {
    js_sys::Reflect::get(&js_sys::global(), &"document".into()).is_ok_and(|d| d.is_undefined())
}

thread_local! {
    /// The newest generation the page asked for; a job of an older one stops at its next slice.
    static LATEST: Cell<u64> = const { Cell::new(0) };
    /// What the last finished import left for the next one (`sync::Reuse`).
    static REUSE: RefCell<Option<Reuse>> = const { RefCell::new(None) };
    /// The generation and tables of the last import whose replies were all sent: the base the
    /// page names in its next request (`JobRequest::Import::base`).
    static SENT: RefCell<Option<(u64, Vec<Table>)>> = const { RefCell::new(None) };
}

/// What the page holds of an earlier import (`JobRequest::Import::base`) and how the spans
/// after the edit moved since it (`sync::span_shift`).
#[derive(Clone, Copy)]
struct Against {
    base: Option<u64>,
    moved: SpanShift,
}

fn post(reply: &JobReply) {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let (array, transfer) = message(&reply.to_wire());
    let _ = scope.post_message_with_transfer(&array, &transfer);
}

/// The worker's side: takes requests until the worker is terminated.
pub fn serve() {
    console_error_panic_hook::set_once();
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
        let request = bytes_of(&ev).map(|b| JobRequest::from_wire(&b));
        match request {
            Some(Ok(JobRequest::Import { generation, text, options, review, base })) => {
                LATEST.with(|l| l.set(generation));
                // The review needs the text as written (its row estimates), which the job may blank.
                let review = review.map(|config| (text.clone(), *config));
                // Going on from what the last finished import left where the texts begin alike.
                let reuse = REUSE.with(|r| r.borrow_mut().take());
                // How the spans after the edit moved: tables the page has, moved by it, are not sent.
                let moved = reuse.as_ref().map(|r| span_shift(r.text(), &text)).unwrap_or_default();
                let against = Against { base, moved };
                run_slice(ImportJob::reusing(text, &options, reuse), generation, 0.0, review, against);
            }
            Some(Ok(JobRequest::Cancel { generation })) => LATEST.with(|l| l.set(generation)),
            Some(Err(e)) => post(&JobReply::Failed(e.to_string())),
            None => post(&JobReply::Failed("the page sent something that is not bytes".into())),
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    // The first import runs on the baseline compiler; imports of a mid-sized schema move the hot
    // functions (reading, and writing the replies) to the optimizing one before the user pastes
    // anything. Off the page, this costs the page nothing; requests wait until `Ready`.
    let sample = crate::layout::synthetic::schema(300, 0x5eed);
    for dialect in [crate::schema::Dialect::Postgres, crate::schema::Dialect::Mysql] {
        let text = crate::export::sql::render(&sample, dialect).text;
        let imported = ImportJob::run(text.clone(), &ImportOptions::default());
        let mut review = ReviewJob::new(imported.result.schema.clone(), &text, &crate::analysis::AnalysisConfig::default());
        while !review.step_for(f64::INFINITY, super::browser::now_ms) {}
        let findings = JobReply::Findings { generation: 0, findings: review.finish(), busy_ms: 0.0 };
        std::hint::black_box(findings.to_wire().len());
        std::hint::black_box(JobReply::finished(0, imported, 0.0, 0.0).iter().map(|r| r.to_wire().len()).sum::<usize>());
    }
    post(&JobReply::Ready);
}

/// One slice of the job of `generation`; `busy`: the time the slices before it ran (ms);
/// `review`: the text and rule settings to review the import with once it is sent.
fn run_slice(mut job: ImportJob, generation: u64, busy: f64, mut review: Option<(String, AnalysisConfig)>, against: Against) {
    if LATEST.with(Cell::get) != generation {
        return;
    }
    let now = super::browser::now_ms;
    let start = now();
    if !job.step_for(SLICE_BUDGET_MS, now) {
        post(&JobReply::Progress { generation, fraction: job.progress() });
        let busy = busy + now() - start;
        super::browser::yield_then(move || run_slice(job, generation, busy, review, against));
        return;
    }
    let t = now();
    let (imported, reuse) = job.finish_keeping();
    REUSE.with(|r| *r.borrow_mut() = Some(reuse));
    let finish_ms = now() - t;
    // The review reads the import while the page reads the replies and installs it; the
    // replies go first, and give the import back once sent (no copy of it is made).
    let mut sent = review.is_some().then(Assembly::default);
    let busy = busy + now() - start;
    // Against the page's base when it has the one this worker sent last (never with a review,
    // which reads the tables back from the replies).
    let base = SENT.with(|s| s.borrow_mut().take()).filter(|(g, _)| review.is_none() && against.base == Some(*g));
    let replies = match &base {
        Some((g, tables)) => JobReply::finished_against(generation, imported, busy, finish_ms, (*g, tables), against.moved),
        None => JobReply::finished(generation, imported, busy, finish_ms),
    };
    drop(base);
    let mut next_base = Vec::new();
    for reply in replies {
        post(&reply);
        match (reply, &mut sent) {
            (JobReply::Tables { tables, .. } | JobReply::Kept { tables, .. }, None) => next_base.extend(tables),
            (JobReply::Done { .. }, None) => SENT.with(|s| *s.borrow_mut() = Some((generation, std::mem::take(&mut next_base)))),
            (JobReply::Tables { generation, tables }, Some(assembly)) => assembly.add(generation, tables),
            (JobReply::Done { generation, imported, .. }, Some(assembly)) => {
                let schema = assembly.complete(generation, *imported).result.schema;
                // The base of the next import, once the findings are sent (the review takes the
                // schema): the copy of the tables the assembly kept as its own base.
                let tables = assembly.take_base().map(|(_, tables)| tables).unwrap_or_default();
                if let Some((text, config)) = review.take() {
                    super::browser::yield_then(move || {
                        let start = now();
                        let review = ReviewJob::new(schema, &text, &config);
                        review_slice(review, generation, now() - start, tables);
                    });
                }
            }
            _ => {}
        }
    }
}

/// One slice of the review of the import of `generation`; `busy`: the time the slices before it
/// ran (ms); `tables`: the import's tables, the base once the review is done or dropped. A newer
/// request drops it, as it drops an import.
fn review_slice(mut review: ReviewJob, generation: u64, busy: f64, tables: Vec<Table>) {
    if LATEST.with(Cell::get) != generation {
        // The page has the import all the same: the base of the newer one.
        SENT.with(|s| *s.borrow_mut() = Some((generation, tables)));
        return;
    }
    let now = super::browser::now_ms;
    let start = now();
    let done = review.step_for(SLICE_BUDGET_MS, now);
    let busy = busy + now() - start;
    if !done {
        super::browser::yield_then(move || review_slice(review, generation, busy, tables));
        return;
    }
    post(&JobReply::Findings { generation, findings: review.finish(), busy_ms: busy });
    SENT.with(|s| *s.borrow_mut() = Some((generation, tables)));
}
