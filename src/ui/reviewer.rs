//! The review, run a rule at a time (`analysis::Review`), in slices with the page free in
//! between once a slice has used `SLICE_BUDGET_MS`. A newer model or rule setting starts it
//! over; the findings shown are those of the last review that finished.
//!
//! The budget was unbounded while the import's install on the page was the longest task (~190
//! ms at 1000 tables) anyway. Since the import runs in the worker (src/ui/worker.rs), the page's
//! install is ~15-35 ms and the review (~50 ms warm at 1000 tables) was the longest task left;
//! slices of `SLICE_BUDGET_MS` bring it under the 50 ms a task may take without delaying input
//! noticeably (issue 17).

use super::browser;
use super::state::{App, with_row_estimates};
use crate::analysis::{AnalysisConfig, Review};
use leptos::prelude::*;
use std::cell::{Cell, RefCell};

/// How long one slice may run before it yields to the page (ms); see the module doc.
const SLICE_BUDGET_MS: f64 = 20.0;

/// What hears the busy time (ms) of a finished review.
type OnDone = Box<dyn FnOnce(f64)>;

thread_local! {
    /// Bumped by every new review; a slice of an older one stops.
    static GENERATION: Cell<u64> = const { Cell::new(0) };
    /// Hears the busy time (ms) of the next review that finishes.
    static ON_DONE: RefCell<Option<OnDone>> = const { RefCell::new(None) };
    /// Set by [`wait_for_worker`] in the task that installs a model (the import's generation in
    /// the worker): the effect's next run waits for the worker's findings instead of reviewing.
    static EXPECT_WORKER: Cell<Option<u64>> = const { Cell::new(None) };
    /// The review that waits for the import worker's findings (its generation, `app`, and the
    /// import's generation in the worker).
    static WAITING: Cell<Option<(u64, App, u64)>> = const { Cell::new(None) };
}

/// How long a review waits for the import worker's findings before the page reviews itself (ms):
/// the worker reviews 5,000 tables in a few hundred ms; a worker that hangs must not leave the
/// page without findings.
const WORKER_PATIENCE_MS: u32 = 5_000;

/// The model the caller installs in this task, the import of `import` (its generation in the
/// worker), is being reviewed by the import worker (`sync::ReviewJob`): the review effect, which
/// runs in this task's microtasks — before any input can change the model —, waits for those
/// findings ([`worker_findings`]) instead of reviewing. Any change of the model or the rule
/// settings runs the effect again, which ends the wait; so do [`stop_waiting`] and, after
/// `WORKER_PATIENCE_MS`, a timer: the page then reviews the model itself.
pub fn wait_for_worker(import: u64) {
    EXPECT_WORKER.with(|e| e.set(Some(import)));
    // The effect did not run (the install left the model as it was): nothing to wait for.
    browser::later(0, || EXPECT_WORKER.with(|e| e.set(None)));
}

/// The import worker's findings (reviewed in `busy_ms`) of the import of `import`: shown if the
/// review waits for them (the model and the settings did not change since it was installed);
/// else given back.
pub fn worker_findings(import: u64, findings: Vec<crate::analysis::Finding>, busy_ms: f64) -> Option<Vec<crate::analysis::Finding>> {
    match WAITING.with(Cell::get) {
        Some((generation, app, awaited)) if awaited == import => {
            WAITING.with(Cell::take);
            finished(app, generation, findings, busy_ms, "worker");
            None
        }
        _ => Some(findings),
    }
}

/// The worker's findings will not come (a newer import, a failed worker): a review still
/// waiting for them is run on the page.
pub fn stop_waiting() {
    let Some((generation, app, _)) = WAITING.with(Cell::take) else { return };
    review(app, generation);
}

/// Runs `f` with the busy time (ms) of the next review that finishes (the import's summary
/// shows it).
pub fn when_reviewed(f: impl FnOnce(f64) + 'static) {
    ON_DONE.with(|d| *d.borrow_mut() = Some(Box::new(f)));
}

/// Reviews `app`'s model whenever it or the rule settings change, unless the review is paused.
pub fn start(app: App) {
    Effect::new(move |_| {
        let generation = GENERATION.with(|g| {
            g.set(g.get() + 1);
            g.get()
        });
        if app.review_paused.get() {
            return;
        }
        app.model.track();
        app.analysis.track();
        WAITING.with(Cell::take);
        if let Some(import) = EXPECT_WORKER.with(Cell::take) {
            WAITING.with(|w| w.set(Some((generation, app, import))));
            browser::later(WORKER_PATIENCE_MS, move || {
                if WAITING.with(Cell::get).is_some_and(|(g, ..)| g == generation) {
                    stop_waiting();
                }
            });
            return;
        }
        review(app, generation);
    });
}

/// Runs review `generation` of the model on the page, in slices.
fn review(app: App, generation: u64) {
    let config = app.model.with_untracked(|s| app.analysis.with_untracked(|c| with_row_estimates(c, app.text, s)));
    run_slice(app, generation, Review::default(), config, 0.0);
}

/// One slice of review `generation`; `busy`: the time (ms) the slices before it ran.
fn run_slice(app: App, generation: u64, mut review: Review, config: AnalysisConfig, busy: f64) {
    if GENERATION.with(Cell::get) != generation {
        return;
    }
    let start = browser::now_ms();
    let done = app.model.with_untracked(|s| crate::sync::step_within(SLICE_BUDGET_MS, browser::now_ms, || review.step(s, &config)));
    if !done {
        let busy = busy + browser::now_ms() - start;
        browser::yield_then(move || run_slice(app, generation, review, config, busy));
        return;
    }
    let findings = app.model.with_untracked(|s| review.finish(s, &config));
    finished(app, generation, findings, busy + browser::now_ms() - start, "page");
}

/// Shows the findings of review `generation` (if it is still the newest), which took `busy` ms
/// `by` the `page` or the `worker` (the browser tests read which from `data-last-review`).
fn finished(app: App, generation: u64, findings: Vec<crate::analysis::Finding>, busy: f64, by: &str) {
    if GENERATION.with(Cell::get) != generation {
        return;
    }
    browser::set_root_attribute("data-last-review", by);
    // The same findings (typing elsewhere, a re-import) re-render nothing.
    if app.findings.with_untracked(|old| *old != findings) {
        super::panels::list_gradually(findings.len());
        app.findings.set(findings);
    }
    if let Some(f) = ON_DONE.with(|d| d.borrow_mut().take()) {
        f(busy);
    }
}
