//! Auto-save: IO only. Tracks every saved part of the project and writes it once the changes
//! pause, to IndexedDB (`browser::save_project`).
//!
//! A 3,000-table project is ~12 MB of JSON. Cloning the project, serializing it whole and
//! handing it to the browser as one string blocked the page for ~1.5 s after every pause in
//! typing. So the project is written in pieces (`project::json_pieces`): the two schemas are
//! serialized straight from their signals (no clone) and only when they changed since the last
//! save (their effects count the changes), and every piece goes to the browser as bytes, not as
//! a string to decode. A save after typing serializes the text and the settings.

use super::browser::{self, Piece};
use super::state::App;
use crate::project::{BASELINE_KEY, CURRENT_KEY, ProjectRest, UiSettings, json_pieces};
use leptos::prelude::*;
use std::cell::{Cell, RefCell};

/// How long changes must pause before a save (a drag or typing makes many in a row).
const SAVE_DELAY_MS: u32 = 400;

/// How long a save may wait for an import in flight (ms); see [`schedule`].
const IMPORT_WAIT_MS: f64 = 3_000.0;

/// Saves `app` after `SAVE_DELAY_MS`. While an import of the text is in flight, a save on the
/// timer waits for it (a paste of 5,000 tables serialized its 3.6 MB text in a 50 ms task that
/// held up the install, and the schema it installs is saved right after anyway) — since
/// `waiting_since`, for at most `IMPORT_WAIT_MS`. A flush (the page is hidden or left) saves
/// at once.
fn schedule(app: App, waiting_since: Option<f64>) {
    browser::debounce_save(SAVE_DELAY_MS, move |timer| {
        let now = browser::now_ms();
        let since = waiting_since.unwrap_or(now);
        if timer && app.import_pending.get_untracked() && now - since < IMPORT_WAIT_MS {
            schedule(app, Some(since));
            return;
        }
        if let Err(e) = save(app) {
            app.status.set(e);
        }
    });
}

/// A schema's piece as of one version of its signal.
struct Cached {
    version: u64,
    piece: Piece,
}

thread_local! {
    /// How often the baseline and the current schema changed (the effects below count).
    static VERSIONS: [Cell<u64>; 2] = const { [Cell::new(0), Cell::new(0)] };
    /// The newest pieces of the baseline and the current schema.
    static CACHE: RefCell<[Option<Cached>; 2]> = const { RefCell::new([None, None]) };
}

const BASELINE: usize = 0;
const CURRENT: usize = 1;

/// Starts auto-saving `app`'s project.
pub fn start(app: App) {
    let bump = |which: usize| VERSIONS.with(|v| v.get(which).map(|c| c.set(c.get() + 1)));
    Effect::new(move |_| {
        app.baseline.track();
        bump(BASELINE);
    });
    Effect::new(move |_| {
        app.schema.track();
        bump(CURRENT);
    });
    Effect::new(move |_| {
        app.track_saved();
        // A shared link being viewed is not saved (it would replace a project of the same name).
        if app.read_only.get() {
            return;
        }
        schedule(app, None);
    });
    // A reload, tab close or switch away must not lose the last change still waiting for the save delay.
    browser::flush_when_hidden();
}

/// The piece of schema `which`: kept from the last save while the schema did not change, else
/// what `same` gives (the piece of an equal schema), else serialized by `json`.
fn schema_piece(
    which: usize,
    same: impl FnOnce() -> Option<Piece>,
    json: impl FnOnce() -> Result<String, serde_json::Error>,
) -> Result<Piece, String> {
    let version = VERSIONS.with(|v| v.get(which).map_or(0, Cell::get));
    let kept = CACHE.with(|c| c.borrow().get(which).and_then(|c| c.as_ref().filter(|c| c.version == version).map(|c| c.piece.clone())));
    if let Some(piece) = kept {
        return Ok(piece);
    }
    let piece = match same() {
        Some(piece) => piece,
        None => Piece::new(json().map_err(|e| format!("Not auto-saved: {e}"))?)?,
    };
    CACHE.with(|c| {
        if let Some(slot) = c.borrow_mut().get_mut(which) {
            *slot = Some(Cached { version, piece: piece.clone() });
        }
    });
    Ok(piece)
}

/// Writes the project as it is now (the write itself finishes in the background).
fn save(app: App) -> Result<(), String> {
    let name = app.name.get_untracked();
    let ui = UiSettings {
        focus: app.focus.get_untracked(),
        focus_hops: app.focus_hops.get_untracked() as u32,
        selection: app.selected.get_untracked(),
        ..UiSettings::default()
    };
    let dialect = app.dialect.get_untracked();
    let (head, tail) = app
        .text
        .with_untracked(|text| {
            app.analysis.with_untracked(|analysis| {
                app.viewport.with_untracked(|viewport| {
                    app.history.with_untracked(|history| {
                        json_pieces(&ProjectRest { name: &name, baseline_text: text, dialect, analysis, viewport, ui: &ui, history: Some(history) })
                    })
                })
            })
        })
        .map_err(|e| format!("Not auto-saved: {e}"))?;
    let baseline = schema_piece(BASELINE, || None, || app.baseline.with_untracked(serde_json::to_string))?;
    // After a new text the current schema is the baseline: comparing the two costs a fraction of
    // serializing a second copy (a 1000-table paste saved in one ~35 ms task instead of ~70 ms).
    let equal = || app.baseline.with_untracked(|b| app.schema.with_untracked(|s| b == s));
    let current = schema_piece(CURRENT, || equal().then(|| baseline.clone()), || app.schema.with_untracked(serde_json::to_string))?;
    let pieces = vec![Piece::new(head)?, Piece::new(BASELINE_KEY)?, baseline, Piece::new(CURRENT_KEY)?, current, Piece::new(tail)?];
    browser::save_project(name, pieces, move |e| app.status.set(e));
    Ok(())
}
