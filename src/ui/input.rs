//! The DDL pane: the text editor (src/ui/editor.rs), dialect selector, file open / drop, sliced import with progress,
//! the import summary and the diagnostics list.

use super::{browser, editor};
use super::state::{App, PreparedImport, summary_line, utf16_offset};
use crate::analysis::{AnalysisConfig, Finding};
use crate::import::ImportOptions;
use crate::sync::{Assembly, ImportJob, Imported, JobReply, Reuse};
use crate::schema::Dialect;
use leptos::html;
use leptos::prelude::*;
use std::cell::{Cell, RefCell};

/// How long one import slice may run before yielding to the browser (ms): short enough that
/// input and paint are never held up noticeably, long enough that yielding costs little.
const SLICE_BUDGET_MS: f64 = 32.0;
/// Rows of table boxes (`canvas::box_rows`) added to the diagram per task after an import:
/// ~10 ms of building the boxes' elements and as much of laying them out. At 300 rows, the
/// install's task and the frames after it ran 55–70 ms on Keycloak's and AdventureWorks' wide
/// tables (bench: "longest task"); at 150 none is over 50 and the review comes sooner.
const RENDER_STEP_ROWS: usize = 150;
/// A re-import that adds more tables than this at once paints them gradually too.
const GRADUAL_NEW_TABLES: usize = 60;

/// Raises the render limit by one step per task until every table can be shown.
fn grow_render_limit(app: App) {
    let total = app.layout.with_untracked(crate::canvas::total_rows);
    let limit = app.render_limit.get_untracked();
    if limit >= total {
        app.render_limit.set(usize::MAX);
        return;
    }
    browser::later(0, move || {
        app.render_limit.set(limit.saturating_add(RENDER_STEP_ROWS));
        grow_render_limit(app);
    });
}

/// When the warm-up runs after the page opens (ms).
const WARM_UP_DELAY_MS: u32 = 150;

/// Runs what a paste runs on the page once, on a small generated schema (80 tables), shortly
/// after the page opens: the importer (PostgreSQL and MySQL; the page imports itself where there
/// is no worker), reading a worker's reply, installing (reconcile, placing, routing) and the
/// review, each in its own task. The browser first runs WebAssembly with its baseline compiler
/// and moves hot functions to the optimizing one as they run: cold, the first 1000-table paste
/// took twice as long as the next. This costs a few tasks of ~10-30 ms once, before the user has
/// pasted anything, and touches no app state.
fn warm_up() {
    browser::later(WARM_UP_DELAY_MS, || {
        let sample = crate::layout::synthetic::schema(80, 0x5eed);
        let mut imported = None;
        for dialect in [Dialect::Postgres, Dialect::Mysql] {
            let text = crate::export::sql::render(&sample, dialect).text;
            imported = Some(ImportJob::run(text, &ImportOptions { dialect: None, ..Default::default() }));
        }
        let Some(imported) = imported else { return };
        browser::later(0, move || {
            // The page reads the worker's replies.
            let reply = JobReply::Done { generation: 0, imported: Box::new(imported), busy_ms: 0.0, finish_ms: 0.0 };
            let Ok(JobReply::Done { imported, .. }) = JobReply::from_wire(&reply.to_wire()) else { return };
            browser::later(0, move || {
                let mut schema = crate::sync::reconcile(&crate::schema::Schema::default(), imported.result.schema);
                crate::layout::place_unplaced(&mut schema);
                std::hint::black_box(crate::layout::geometry(&schema));
                browser::later(0, move || {
                    std::hint::black_box(crate::analysis::check(&schema, &Default::default()));
                });
            });
        });
    });
}

/// Typing pause before an automatic import (ms).
const DEBOUNCE_MS: u32 = 300;

thread_local! {
    /// Bumped by every new import; a running sliced import stops when it is no longer current.
    static GENERATION: Cell<u64> = const { Cell::new(0) };
    /// A new text (a whole-text paste, an opened file) waits for its import, which then becomes
    /// the baseline and starts a new history.
    static FRESH: Cell<bool> = const { Cell::new(false) };
}

/// Stops a scheduled or running import of the text (the caller imports it at once instead);
/// returns whether that import was of a new text (see [`start_import`]).
pub fn cancel_pending_import() -> bool {
    DEBOUNCE.with(|d| d.borrow_mut().take());
    let generation = GENERATION.with(|g| {
        g.set(g.get() + 1);
        g.get()
    });
    if IN_WORKER.with(|w| w.take()).is_some() {
        super::worker::cancel(generation);
    }
    super::reviewer::stop_waiting();
    app_progress_done();
    FRESH.with(|f| f.replace(false))
}

thread_local! {
    static PROGRESS: Cell<Option<RwSignal<Option<f64>>>> = const { Cell::new(None) };
    /// What the last import run on the page left for the next one (`sync::Reuse`).
    static REUSE: RefCell<Option<Reuse>> = const { RefCell::new(None) };
}

/// Hides the progress bar of a cancelled import.
fn app_progress_done() {
    if let Some(p) = PROGRESS.with(Cell::get) {
        p.set(None);
    }
}

thread_local! {
    /// When the import in flight in the worker was asked for (`browser::now_ms`), with its
    /// generation; `None` when the worker has nothing of ours.
    static IN_WORKER: Cell<Option<(u64, f64)>> = const { Cell::new(None) };
    /// The tables the worker sent ahead of its `Done`.
    static ASSEMBLY: RefCell<Assembly> = RefCell::new(Assembly::default());
    /// The rule settings the worker was asked to review the import of a generation with (the
    /// page's model was blank when it asked).
    static REVIEW_ASKED: RefCell<Option<(u64, AnalysisConfig)>> = const { RefCell::new(None) };
    /// The worker's findings of that import, and the time its review ran (ms), when they came
    /// before the import was installed.
    static REVIEWED: RefCell<Option<(u64, Vec<Finding>, f64)>> = const { RefCell::new(None) };
}

/// The worker's findings of the import of `generation` came: the reviewer takes them if it waits
/// for them, else they are kept for the install of that import.
fn findings_came(generation: u64, findings: Vec<Finding>, busy_ms: f64) {
    if let Some(findings) = super::reviewer::worker_findings(generation, findings, busy_ms) {
        REVIEWED.with(|r| *r.borrow_mut() = Some((generation, findings, busy_ms)));
    }
}

/// Imports the current text: in the import worker when it is running (the page only installs
/// the result), else on the page in slices between tasks, so it keeps responding either way.
/// `fresh`: the text is new as a whole (see [`App::prepare_import`]).
pub fn start_import(app: App, fresh: bool) {
    if fresh {
        FRESH.with(|f| f.set(true));
    }
    let generation = GENERATION.with(|g| {
        g.set(g.get() + 1);
        g.get()
    });
    let options = ImportOptions { dialect: app.dialect.get_untracked(), database: app.database.get_untracked(), format: app.format.get_untracked() };
    let text = app.text.get_untracked();
    let started = browser::now_ms();
    PROGRESS.with(|p| p.set(Some(app.progress)));
    app.progress.set(Some(0.0));
    super::reviewer::stop_waiting();
    // A blank page's model will be exactly the import (reconciled with nothing): the worker can
    // review it while the page installs it (`JobRequest::Import`).
    let review = app.schema.with_untracked(crate::sync::starts_blank).then(|| app.analysis.get_untracked());
    REVIEWED.with(|r| r.borrow_mut().take());
    REVIEW_ASKED.with(|r| *r.borrow_mut() = review.clone().map(|c| (generation, c)));
    // The tables of the last import the page put together: the worker sends only what differs.
    let base = ASSEMBLY.with(|a| a.borrow().base());
    let text = match super::worker::submit(generation, text, &options, review, base) {
        Ok(()) => {
            IN_WORKER.with(|w| w.set(Some((generation, started))));
            return;
        }
        Err(text) => text,
    };
    IN_WORKER.with(|w| w.set(None));
    let reuse = REUSE.with(|r| r.borrow_mut().take());
    run_slice(app, ImportJob::reusing(text, &options, reuse), generation, started, 0.0);
}

/// Hears the import worker: its progress and finished imports of the current generation (older
/// ones are dropped); if it fails, the import it had is run on the page.
pub fn worker_replied(app: App, reply: JobReply) {
    let current = GENERATION.with(Cell::get);
    match reply {
        JobReply::Progress { generation, fraction } if generation == current => app.progress.set(Some(fraction)),
        JobReply::Tables { generation, tables } if generation == current => ASSEMBLY.with(|a| a.borrow_mut().add(generation, tables)),
        // Tables the page holds from the import before. Should it not hold them (never, unless
        // the two sides disagree), it asks again, naming no base.
        JobReply::Kept { generation, base, from, count, moved, .. }
            if generation == current && !ASSEMBLY.with(|a| a.borrow_mut().keep(generation, base, from, count, moved)) =>
        {
            start_import(app, false)
        }
        JobReply::Findings { generation, findings, busy_ms } if generation == current => findings_came(generation, findings, busy_ms),
        // Reading the reply was this task; installing the import is the next one, so that no
        // single task does both.
        JobReply::Done { generation, imported, busy_ms, finish_ms } if generation == current => {
            // Reconciling it with the model is the task after, and installing it the next.
            let imported = ASSEMBLY.with(|a| a.borrow_mut().complete(generation, *imported));
            browser::yield_then(move || {
                if GENERATION.with(Cell::get) != generation {
                    return;
                }
                let ready = prepare(app, imported);
                browser::yield_then(move || {
                    if GENERATION.with(Cell::get) != generation {
                        return;
                    }
                    let Some((_, started)) = IN_WORKER.with(|w| w.take()) else { return };
                    install(app, ready, started, busy_ms, finish_ms, Some(generation));
                });
            });
        }
        JobReply::Failed(_) => {
            super::reviewer::stop_waiting();
            let had = IN_WORKER.with(|w| w.take());
            if had.is_some_and(|(generation, _)| generation == current) {
                start_import(app, false);
            }
        }
        _ => {}
    }
}

/// One slice of an import on the page; `busy` is the time the slices before it ran (ms).
fn run_slice(app: App, mut job: ImportJob, generation: u64, started: f64, busy: f64) {
    if GENERATION.with(|g| g.get()) != generation {
        return;
    }
    let slice_start = browser::now_ms();
    if !job.step_for(SLICE_BUDGET_MS, browser::now_ms) {
        app.progress.set(Some(job.progress()));
        let busy = busy + browser::now_ms() - slice_start;
        browser::yield_then(move || run_slice(app, job, generation, started, busy));
        return;
    }
    let t_finish = browser::now_ms();
    let (imported, reuse) = job.finish_keeping();
    REUSE.with(|r| *r.borrow_mut() = Some(reuse));
    let finish_ms = browser::now_ms() - t_finish;
    install(app, prepare(app, imported), started, busy + browser::now_ms() - slice_start, finish_ms, None);
}

/// Whether the worker reviews the import of `generation` as the page would: it was asked to
/// (the page's model was blank), the page's model is still blank (so the import becomes exactly
/// the model the worker reviews, `sync::starts_blank`), and the rule settings are those it was
/// given.
fn worker_reviews(app: App, generation: u64) -> bool {
    let asked = REVIEW_ASKED.with(|r| r.borrow_mut().take()).filter(|(g, _)| *g == generation);
    asked.is_some_and(|(_, config)| app.schema.with_untracked(crate::sync::starts_blank) && app.analysis.with_untracked(|c| *c == config))
}

/// A finished import made ready to install ([`prepare`]), and whether its text is new as a whole.
struct Ready {
    prepared: PreparedImport,
    fresh: bool,
}

/// Does the work of installing `imported` that changes no state ([`App::prepare_import`]).
/// Whether the text is new is read, not taken: should a newer import begin before the install,
/// that one is installed instead and must still know.
fn prepare(app: App, imported: Imported) -> Ready {
    let Imported { result, held } = imported;
    let fresh = FRESH.with(Cell::get) || app.schema.with_untracked(|s| s.tables.is_empty());
    Ready { prepared: app.prepare_import(result, fresh, held), fresh }
}

/// Installs a finished import begun at `started`; `busy_ms` and `finish_ms` are its working
/// time, for the summary; `worker`: the generation it had in the import worker (`None`: it ran on
/// the page; the browser tests read which from `data-last-import` on the root element).
fn install(app: App, ready: Ready, started: f64, busy_ms: f64, finish_ms: f64, worker: Option<u64>) {
    browser::set_root_attribute("data-last-import", if worker.is_some() { "worker" } else { "page" });
    let Ready { prepared, fresh } = ready;
    FRESH.with(|f| f.set(false));
    let tables_before = app.schema.with_untracked(|s| s.tables.len());
    let rows_before = if tables_before == 0 { 0 } else { app.layout.with_untracked(crate::canvas::total_rows) };
    let by_worker = worker.filter(|g| worker_reviews(app, *g));
    let summary_ready = move |layout_ms: f64| {
        super::reviewer::when_reviewed(move |review_ms| {
            app.summary.update(|s| {
                if let Some(s) = s {
                    s.layout_ms = layout_ms;
                    s.finish_ms = finish_ms;
                    s.review_ms = review_ms;
                    s.busy_ms = busy_ms;
                }
            });
        });
    };
    match by_worker {
        // The worker reviews the model this install makes: the reviewer waits for its findings,
        // which may have come already.
        Some(generation) => {
            super::reviewer::wait_for_worker(generation);
            if let Some((_, findings, busy)) = REVIEWED.with(|r| r.borrow_mut().take()).filter(|(g, ..)| *g == generation) {
                // Once the review effect, in this task's microtasks, has begun to wait.
                browser::later(0, move || findings_came(generation, findings, busy));
            }
        }
        // The diagram paints first, a few dozen boxes per task; the review runs after it
        // (it can take 100+ ms on a big schema).
        None => app.review_paused.set(true),
    }
    app.install_prepared(prepared, browser::now_ms() - started);
    // A new schema is painted a step at a time. A re-import of the same schema (after
    // typing) keeps the boxes drawn: resetting the limit tore down all 3,000 boxes of a
    // big diagram and rebuilt them over ~3 s after every pause in typing. Only many new
    // tables at once are painted gradually, from what was there.
    let tables_after = app.schema.with_untracked(|s| s.tables.len());
    if fresh {
        app.render_limit.set(RENDER_STEP_ROWS);
    } else if tables_after > tables_before + GRADUAL_NEW_TABLES {
        app.render_limit.set(rows_before.saturating_add(RENDER_STEP_ROWS));
    }
    let t0 = browser::now_ms();
    app.layout.with_untracked(|l| l.boxes.len());
    let layout_ms = browser::now_ms() - t0;
    if fresh {
        app.fit();
    }
    grow_render_limit(app);
    if by_worker.is_some() {
        summary_ready(layout_ms);
    } else {
        browser::later(0, move || {
            summary_ready(layout_ms);
            app.review_paused.set(false);
        });
    }
    app.progress.set(None);
}

thread_local! {
    static DEBOUNCE: RefCell<Option<gloo::timers::callback::Timeout>> = const { RefCell::new(None) };
    static READER: RefCell<Option<gloo::file::callbacks::FileReader>> = const { RefCell::new(None) };
}

/// Schedules an import after a typing pause (a newer keystroke cancels the older timer).
fn debounce_import(app: App) {
    let t = gloo::timers::callback::Timeout::new(DEBOUNCE_MS, move || start_import(app, false));
    DEBOUNCE.with(|d| *d.borrow_mut() = Some(t));
}

/// Loads a `.sql` (or `.erdsmith.json`) file chosen or dropped by the user.
pub fn open_file(app: App, file: web_sys::File) {
    if app.refuse_read_only() {
        return;
    }
    let reader = browser::read_text(file, move |name, result| match result {
        Ok(text) if name.ends_with(".json") => match crate::project::Project::from_json(&text) {
            Ok(project) => {
                browser::flush_save();
                app.load(project);
                app.fit_unless_restored();
            }
            Err(e) => app.status.set(format!("{name}: {e}")),
        },
        Ok(text) => {
            let base = name.trim_end_matches(".sql").trim_end_matches(".txt");
            if !base.is_empty() {
                app.name.set(base.to_string());
            }
            app.flush_import();
            app.database.set(None);
            app.text_edited(text, browser::now_ms());
            start_import(app, true);
        }
        Err(e) => app.status.set(format!("Cannot read {name}: {e}")),
    });
    READER.with(|r| *r.borrow_mut() = Some(reader));
}

#[component]
pub fn InputPane() -> impl IntoView {
    let app = expect_context::<App>();
    let editor_host = NodeRef::<html::Div>::new();
    warm_up();
    let file_input = NodeRef::<html::Input>::new();

    let editor_error = RwSignal::new(None::<String>);
    mount_editor(app, editor_host, editor_error);

    // A text that defines several databases imports one; the others can be picked here. The
    // text stays as it is: switching reads the other database as one undo step.
    view! {
        <section class="pane input-pane" aria-label="Schema text">
            <div class="toolbar">
                <DialectSelect />
                <DatabasePicker />
                <button data-testid="import" on:click=move |_| start_import(app, false)>"Import"</button>
                <button aria-label="Open a SQL or project file" on:click=move |_| {
                    if let Some(i) = file_input.get() { i.click(); }
                }>"Open file…"</button>
                <input
                    type="file"
                    class="hidden"
                    accept=".sql,.txt,.ddl,.json"
                    data-testid="file-input"
                    node_ref=file_input
                    on:change=move |ev| {
                        let input: web_sys::HtmlInputElement = event_target(&ev);
                        if let Some(f) = input.files().and_then(|l| l.get(0)) {
                            open_file(app, f);
                        }
                        input.set_value("");
                    }
                />
            </div>
            // The host is a layout boundary (style/main.css): a keystroke lays out the editor
            // alone, not the page and its diagram of thousands of boxes.
            <div class="editor"><div class="editor-host" node_ref=editor_host></div></div>
            {move || editor_error.get().map(|e| view! { <p class="editor-error" role="alert">{e}</p> })}
            {move || app.progress.get().map(|p| view! {
                <progress data-testid="import-progress" max="1" value=p aria-label="Import progress"></progress>
            })}
            <p class="summary" data-testid="import-summary">
                {move || app.summary.with(|s| s.as_ref().map(|s| {
                    format!(
                        "{} (import {:.0} ms ({:.0} ms working, finish {:.0} ms) · layout {:.0} ms · review {:.0} ms)",
                        summary_line(&s.stats), s.millis, s.busy_ms, s.finish_ms, s.layout_ms, s.review_ms
                    )
                }))}
            </p>
            <Diagnostics />
        </section>
    }
}

/// Mounts the text editor in its host once the host exists; what an edit does (a new schema or
/// an edit of this one, imported now or after typing pauses) is decided here.
fn mount_editor(app: App, editor_host: NodeRef<html::Div>, editor_error: RwSignal<Option<String>>) {
    Effect::new(move || {
        let Some(el) = editor_host.get() else { return };
        let on_edit = move |new_text: editor::NewText, change: editor::Change| {
            // A paste over the whole text (or into an empty one) is a new schema: a new
            // baseline and history. Any other edit goes on from the model it changes.
            let whole = change == editor::Change::Replace || app.text.with_untracked(|old| old.trim().is_empty());
            if whole {
                app.database.set(None);
            }
            match new_text {
                editor::NewText::Change(c) => app.text_changed(c, browser::now_ms()),
                editor::NewText::Whole(t) => app.text_edited(t, browser::now_ms()),
            }
            if change == editor::Change::Typing {
                debounce_import(app);
            } else {
                DEBOUNCE.with(|d| d.borrow_mut().take());
                start_import(app, whole);
            }
        };
        if let Err(e) = editor::mount(&el, app.text, on_edit, move || app.undo(), move || app.redo()) {
            editor_error.set(Some(format!("The text editor did not load ({e}); reload the page.")));
        }
    });
}

/// The dialect (or schema format) selector and what was detected or chosen.
#[component]
fn DialectSelect() -> impl IntoView {
    let app = expect_context::<App>();
    let detected = move || match (app.format.get(), app.dialect.get()) {
        (Some(f), _) => Some(format!("using {}", f.label())),
        (None, Some(d)) => Some(format!("using {}", d.label())),
        (None, None) => app.summary.with(|s| {
            s.as_ref().map(|s| match s.detected.format {
                crate::schema::SourceFormat::Sql => {
                    format!("detected {} ({:.0}%)", s.detected.dialect.label(), s.detected.confidence * 100.0)
                }
                f => format!("detected {} (types: {})", f.label(), s.detected.dialect.label()),
            })
        }),
    };
    view! {
        <label class="field">
            "Dialect "
            <select
                data-testid="dialect"
                aria-label="SQL dialect or schema format"
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    // A SQL dialect, or DBML, Prisma, Rails schema.rb (their own dialect is in the text).
                    let format = v.parse::<crate::schema::SourceFormat>().ok().filter(|f| !f.is_sql());
                    app.format.set(format);
                    app.dialect.set(v.parse::<Dialect>().ok().filter(|_| v != "auto" && format.is_none()));
                    start_import(app, false);
                }
                prop:value=move || match (app.format.get(), app.dialect.get()) {
                    (Some(f), _) => f.as_str().to_string(),
                    (None, Some(d)) => d.as_str().to_string(),
                    (None, None) => "auto".into(),
                }
            >
                <option value="auto">"Auto-detect"</option>
                {Dialect::ALL
                    .iter()
                    .map(|d| view! { <option value=d.as_str()>{d.label()}</option> })
                    .collect_view()}
                {crate::schema::SourceFormat::ALL
                    .iter()
                    .filter(|f| !f.is_sql())
                    .map(|f| view! { <option value=f.as_str()>{f.label()}</option> })
                    .collect_view()}
            </select>
        </label>
        <span class="muted" data-testid="detected">{detected}</span>
    }
}

/// The import's diagnostics (the first 500); a click or Enter selects the text each is about.
#[component]
fn Diagnostics() -> impl IntoView {
    let app = expect_context::<App>();
    let jump_to = move |start: u32, end: u32| {
        let (a, b) = app.text.with_untracked(|t| (utf16_offset(t, start as usize), utf16_offset(t, end as usize)));
        editor::select(a, b);
    };
    view! {
    <ul class="diagnostics" aria-label="Import diagnostics">
        {move || app.summary.with(|s| {
            s.as_ref().map(|s| s.diagnostics.clone()).unwrap_or_default()
                .into_iter()
                .take(500)
                .map(|d| {
                    let (start, end) = (d.span.start, d.span.end);
                    view! {
                        <li
                            data-testid="diagnostic"
                            data-line=d.span.line
                            class=format!("diag sev-{}", d.severity.as_str())
                            tabindex="0"
                            on:click=move |_| jump_to(start, end)
                            on:keydown=move |ev| if ev.key() == "Enter" { jump_to(start, end) }
                        >
                            <span class="pos">{format!("{}:{}", d.span.line, d.span.column)}</span>
                            " "
                            <span class="sev">{d.severity.as_str()}</span>
                            " "
                            {d.message}
                        </li>
                    }
                })
                .collect_view()
        })}
    </ul>
    }
}

/// The database selector, shown when the text defines several (`ImportResult.databases`): the
/// one read first, then the others; a change switches (`App::switch_database`, one undo step).
#[component]
fn DatabasePicker() -> impl IntoView {
    let app = expect_context::<App>();
    let databases = Memo::new(move |_| {
        let current = app.schema.with(|s| s.database.clone()).unwrap_or_default();
        let mut all: Vec<String> = vec![current];
        for d in app.databases.get() {
            if !all.iter().any(|a| a.eq_ignore_ascii_case(&d)) {
                all.push(d);
            }
        }
        all
    });
    move || {
        let all = databases.get();
        (all.len() > 1).then(|| {
            let current = all.first().cloned().unwrap_or_default();
            view! {
                <label class="field">
                    "Database "
                    <select
                        data-testid="database"
                        aria-label="Database to import"
                        title="This text defines several databases; one is imported at a time"
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            if app.schema.with_untracked(|s| s.database.as_deref().unwrap_or_default() != v) {
                                app.switch_database(v);
                            }
                        }
                        prop:value=current
                    >
                        {all.into_iter().map(|d| {
                            let label = if d.is_empty() { "(the text's own)".to_string() } else { d.clone() };
                            view! { <option value=d>{label}</option> }
                        }).collect_view()}
                    </select>
                </label>
            }
        })
    }
}
