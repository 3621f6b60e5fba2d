//! Auto-save: IO only. Tracks every saved part of the project and writes it once the changes
//! pause, to IndexedDB (`browser::save_project`).
//!
//! A 3,000-table project is ~12 MB of JSON. Cloning the project, serializing it whole and
//! handing it to the browser as one string blocked the page for ~1.5 s after every pause in
//! typing. So the project is written in pieces (as `project::json_head_around_text` lays them out): the two schemas are
//! serialized straight from their signals (no clone) and only when they changed since the last
//! save (their effects count the changes), and every piece goes to the browser as bytes, not as
//! a string to decode. A save after typing serializes the text (escaped 256 KB at a time), the
//! settings and the schema the import changed — the schema in chunks of 20 tables (`project::TableChunks`), of which only those
//! whose tables changed since the last save are written (the rest compared: after a drag, the
//! moved tables' chunks; after typing, those from the edited table on, whose spans moved), in slices of at most `SLICE_MS` between tasks; a
//! flush (the page hidden or left) finishes a save at once.

use super::browser::{self, Piece};
use super::state::App;
use crate::project::{BASELINE_KEY, CURRENT_KEY, ProjectRest, TableChunks, UiSettings, json_around_tables, json_head_around_text, json_tail, json_text_chunk};
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
        save(app, timer);
    });
}

/// How long one slice of a save may run (ms): a 3,000-table schema is ~50 ms of serializing,
/// which ran as one task after every pause in typing.
const SLICE_MS: f64 = 8.0;

/// A schema's pieces and the version of the schema they are of.
type Made = (u64, Vec<Piece>);

/// A schema's JSON being written, a few chunks of tables per slice.
struct Writing {
    which: usize,
    /// The version of the schema it writes; a change starts it again.
    version: u64,
    /// The JSON after the tables, the next chunk of tables, and the pieces made so far.
    after: String,
    next: usize,
    pieces: Vec<Piece>,
}

/// The text escaped for the project's JSON, a piece at a time (`project::json_text_chunk`): the
/// pieces so far, the byte the next begins at, and the version of the text they are of.
struct TextWriting {
    version: u64,
    next: usize,
    pieces: Vec<Piece>,
    done: bool,
}

thread_local! {
    /// How often the baseline, the current schema and the text changed (the effects below count).
    static VERSIONS: [Cell<u64>; 3] = const { [Cell::new(0), Cell::new(0), Cell::new(0)] };
    /// The text's escaped pieces, made or being made.
    static TEXT: RefCell<Option<TextWriting>> = const { RefCell::new(None) };
    /// The newest pieces of the baseline and the current schema, with the version they are of.
    static CACHE: RefCell<[Option<Made>; 2]> = const { RefCell::new([None, None]) };
    /// The schema being written, between slices.
    static WRITING: RefCell<Option<Writing>> = const { RefCell::new(None) };
    /// The chunks of the baseline's and the current schema's tables written so far, each with
    /// the tables it was written from: a save after typing writes the chunks that changed.
    static CHUNKS: RefCell<[TableChunks<Piece>; 2]> = RefCell::new([TableChunks::default(), TableChunks::default()]);
    /// The number of the newest save; a save in slices stops when a newer one begins.
    static RUNNING: Cell<u64> = const { Cell::new(0) };
}

const BASELINE: usize = 0;
const CURRENT: usize = 1;
/// The text's entry in `VERSIONS`.
const TEXT_VERSION: usize = 2;

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
        app.text.track();
        bump(TEXT_VERSION);
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

fn version(which: usize) -> u64 {
    VERSIONS.with(|v| v.get(which).map_or(0, Cell::get))
}

/// The pieces of schema `which` as it is now, when they are made.
fn cached(which: usize) -> Option<Vec<Piece>> {
    let now = version(which);
    CACHE.with(|c| c.borrow().get(which).and_then(|c| c.as_ref().filter(|(v, _)| *v == now).map(|(_, p)| p.clone())))
}

/// Whether the pieces of schema `which` as it is now are made ([`cached`] without the copy:
/// asked after every step of a save).
fn made(which: usize) -> bool {
    let now = version(which);
    CACHE.with(|c| c.borrow().get(which).is_some_and(|c| c.as_ref().is_some_and(|(v, _)| *v == now)))
}

fn keep(which: usize, version: u64, pieces: Vec<Piece>) {
    CACHE.with(|c| {
        if let Some(slot) = c.borrow_mut().get_mut(which) {
            *slot = Some((version, pieces));
        }
    });
}

/// Makes the pieces of the two schemas as they are now, for at most `budget_ms` (`None`: all);
/// true when both are made. A schema is serialized only when it changed since its pieces were
/// made, and the current schema not at all while it equals the baseline (after a new text:
/// comparing costs a fraction of serializing a second copy).
fn make_pieces(app: App, budget_ms: Option<f64>) -> Result<bool, String> {
    let start = browser::now_ms();
    let failed = |e: serde_json::Error| format!("Not auto-saved: {e}");
    let over = || budget_ms.is_some_and(|b| browser::now_ms() - start >= b);
    // The text (megabytes after a paste: escaping it whole was a 20-35 ms task), a piece at a
    // time; a change starts it again.
    loop {
        let now = version(TEXT_VERSION);
        let mut writing = TEXT.with(|t| t.borrow_mut().take()).filter(|w| w.version == now).unwrap_or(TextWriting { version: now, next: 0, pieces: Vec::new(), done: false });
        if !writing.done {
            let (piece, next, len) = app.text.with_untracked(|t| json_text_chunk(t, writing.next).map(|(p, n)| (p, n, t.len()))).map_err(failed)?;
            writing.pieces.push(Piece::new(piece)?);
            writing.next = next;
            writing.done = next >= len;
        }
        let done = writing.done;
        TEXT.with(|t| *t.borrow_mut() = Some(writing));
        if done {
            break;
        }
        if over() {
            return Ok(false);
        }
    }
    loop {
        let Some(which) = [BASELINE, CURRENT].into_iter().find(|w| !made(*w)) else { return Ok(true) };
        let signal = if which == BASELINE { app.baseline } else { app.schema };
        let version = version(which);
        let mut writing = match WRITING.with(|w| w.borrow_mut().take()).filter(|w| w.which == which && w.version == version) {
            Some(w) => w,
            None => {
                if which == CURRENT
                    && let Some(baseline) = cached(BASELINE)
                    && app.baseline.with_untracked(|b| app.schema.with_untracked(|s| b == s))
                {
                    keep(CURRENT, version, baseline);
                    continue;
                }
                let (before, after) = signal.with_untracked(json_around_tables).map_err(failed)?;
                Writing { which, version, after, next: 0, pieces: vec![Piece::new(before)?] }
            }
        };
        let count = signal.with_untracked(TableChunks::<Piece>::count);
        while writing.next < count {
            let k = writing.next;
            let made = signal.with_untracked(|s| CHUNKS.with(|c| c.borrow_mut().get_mut(which).map(|c| c.chunk(s, k, Piece::new))));
            if let Some(made) = made {
                writing.pieces.push(made?.0);
            }
            writing.next += 1;
            if writing.next < count && over() {
                WRITING.with(|w| *w.borrow_mut() = Some(writing));
                return Ok(false);
            }
        }
        CHUNKS.with(|c| c.borrow_mut().get_mut(which).map(|c| c.truncate(count)));
        let Writing { mut pieces, after, .. } = writing;
        pieces.push(Piece::new(after)?);
        keep(which, version, pieces);
    }
}

/// Saves the project as it is now: at once when the save is flushed (`timer` false), else in
/// slices of at most `SLICE_MS` between tasks, so that serializing thousands of tables never
/// holds the page; until it is done, a flush finishes it at once.
fn save(app: App, timer: bool) {
    if timer {
        save_slice(app, next_run(), None);
    } else {
        save_all(app);
    }
}

/// A new save's number: the slices of any older one stop.
fn next_run() -> u64 {
    RUNNING.with(|r| {
        r.set(r.get() + 1);
        r.get()
    })
}

fn save_slice(app: App, run: u64, pending: Option<u64>) {
    if RUNNING.with(Cell::get) != run {
        return;
    }
    match make_pieces(app, Some(SLICE_MS)) {
        Ok(false) => {
            let pending = pending.or_else(|| browser::pending_save(move |_| save_now(app, run)));
            browser::yield_then(move || save_slice(app, run, pending));
        }
        done => {
            // Written first: the save state goes from "pending" to "saving", never "saved" between.
            let written = done.and_then(|_| write(app));
            if let Some(id) = pending {
                browser::drop_pending_save(id);
            }
            if let Err(e) = written {
                app.status.set(e);
            }
        }
    }
}

/// Finishes save `run` at once (a flush), unless a newer save began.
fn save_now(app: App, run: u64) {
    if RUNNING.with(Cell::get) == run {
        save_all(app);
    }
}

/// Saves at once; any slice of a save still queued stops.
fn save_all(app: App) {
    next_run();
    if let Err(e) = make_pieces(app, None).and_then(|_| write(app)) {
        app.status.set(e);
    }
}

/// The text's escaped pieces, when made for the text as it is now.
fn text_pieces() -> Option<Vec<Piece>> {
    let now = version(TEXT_VERSION);
    TEXT.with(|t| t.borrow().as_ref().filter(|w| w.version == now && w.done).map(|w| w.pieces.clone()))
}

/// Writes the project: the settings and history serialized now, the text's and the schemas'
/// pieces as made (the write itself finishes in the background).
fn write(app: App) -> Result<(), String> {
    let (Some(baseline), Some(current), Some(text)) = (cached(BASELINE), cached(CURRENT), text_pieces()) else {
        return Err("Not auto-saved: the project changed while it was written".to_string());
    };
    let name = app.name.get_untracked();
    let ui = UiSettings {
        focus: app.focus.get_untracked(),
        focus_hops: app.focus_hops.get_untracked() as u32,
        selection: app.selected.get_untracked(),
        ..UiSettings::default()
    };
    let dialect = app.dialect.get_untracked();
    // The text's pieces go between the head's two parts.
    let ((before, after), tail) = app
        .analysis
        .with_untracked(|analysis| {
            app.viewport.with_untracked(|viewport| {
                app.history.with_untracked(|history| {
                    let rest = ProjectRest { name: &name, dialect, analysis, viewport, ui: &ui, history: Some(history) };
                    json_head_around_text(&rest).and_then(|head| json_tail(&rest).map(|tail| (head, tail)))
                })
            })
        })
        .map_err(|e| format!("Not auto-saved: {e}"))?;
    let mut pieces = vec![Piece::new(before)?];
    pieces.extend(text);
    pieces.extend([Piece::new(after)?, Piece::new(BASELINE_KEY)?]);
    pieces.extend(baseline);
    pieces.push(Piece::new(CURRENT_KEY)?);
    pieces.extend(current);
    pieces.push(Piece::new(tail)?);
    browser::save_project(name, pieces, move |e| app.status.set(e));
    Ok(())
}
