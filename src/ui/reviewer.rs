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
        let config = app.model.with_untracked(|s| app.analysis.with_untracked(|c| with_row_estimates(c, app.text, s)));
        run_slice(app, generation, Review::default(), config, 0.0);
    });
}

/// One slice of review `generation`; `busy`: the time (ms) the slices before it ran.
fn run_slice(app: App, generation: u64, mut review: Review, config: AnalysisConfig, busy: f64) {
    if GENERATION.with(Cell::get) != generation {
        return;
    }
    let start = browser::now_ms();
    let done = app.model.with_untracked(|s| loop {
        if review.step(s, &config) {
            break true;
        }
        if browser::now_ms() - start >= SLICE_BUDGET_MS {
            break false;
        }
    });
    if !done {
        let busy = busy + browser::now_ms() - start;
        browser::yield_then(move || run_slice(app, generation, review, config, busy));
        return;
    }
    let findings = app.model.with_untracked(|s| review.finish(s, &config));
    // The same findings (typing elsewhere, a re-import) re-render nothing.
    if app.findings.with_untracked(|old| *old != findings) {
        app.findings.set(findings);
    }
    let busy = busy + browser::now_ms() - start;
    if let Some(f) = ON_DONE.with(|d| d.borrow_mut().take()) {
        f(busy);
    }
}
