//! The app state: one small `Copy` context struct of signals and memos, plus the pure helpers the
//! panes use (text offsets, summaries). No DOM here; no geometry either: the viewport is
//! `layout::Viewport`, what the diagram draws comes from `layout` and `canvas`.

use crate::analysis::{self, AnalysisConfig, Finding};
use crate::canvas::{Drag, Selection};
use crate::diagnostic::Diagnostic;
use crate::edit::{Edit, EditError};
use crate::sync::{Document, History, Outcome};
use crate::import::{Detection, ImportResult, ImportStats};
use crate::layout::{self, Layout};
pub use crate::layout::Viewport;
use crate::schema::{ColumnId, Dialect, Schema, Table, TableId};
use leptos::prelude::*;
use crate::project::Project;


/// The result of the last finished import, shown in the input pane.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportSummary {
    pub diagnostics: Vec<Diagnostic>,
    pub detected: Detection,
    pub stats: ImportStats,
    /// Wall time of the sliced import, and of the first layout and review after it (ms).
    pub millis: f64,
    pub layout_ms: f64,
    pub review_ms: f64,
    /// `Importer::finish` alone (cross-references are resolved there, in one task).
    pub finish_ms: f64,
    /// The time the import's slices ran, without the pauses between them (ms).
    pub busy_ms: f64,
}

/// The shared app state, provided as context. Every field is a Copy handle.
#[derive(Copy, Clone)]
pub struct App {
    pub name: RwSignal<String>,
    pub text: RwSignal<String>,
    pub dialect: RwSignal<Option<Dialect>>,
    /// The language chosen in the selector (DBML, Prisma, Rails); `None` = detected.
    pub format: RwSignal<Option<crate::schema::SourceFormat>>,
    /// The database to import from a text that defines several (`ImportOptions::database`);
    /// `None`: the first one with objects. A new text resets it.
    pub database: RwSignal<Option<String>>,
    /// The databases the text defines (`ImportResult.databases`): more than one offers a choice.
    pub databases: RwSignal<Vec<String>>,
    pub schema: RwSignal<Schema>,
    /// The schema as last imported from the text (the project's baseline for diff/migration).
    pub baseline: RwSignal<Schema>,
    pub analysis: RwSignal<AnalysisConfig>,
    pub summary: RwSignal<Option<ImportSummary>>,
    /// Import progress in 0.0..=1.0 while a sliced import runs.
    pub progress: RwSignal<Option<f64>>,
    /// One undo history over the text and the model (`sync::History`; the text and the schema
    /// live in their own signals and are borrowed together as a `sync::Document`).
    pub history: RwSignal<History>,
    /// The text was edited and the import of the new text has not been installed yet.
    pub import_pending: RwSignal<bool>,
    /// The selected tables, views and notes (the inspector edits a single selected table).
    pub selected: RwSignal<Selection>,
    pub viewport: RwSignal<Viewport>,
    pub canvas_size: RwSignal<(f64, f64)>,
    pub drag: RwSignal<Option<Drag>>,
    /// The foreign key under the pointer: (owning table, index in its foreign_keys).
    pub hovered_fk: RwSignal<Option<(TableId, usize)>>,
    /// The column row under the pointer.
    pub hovered_column: RwSignal<Option<(TableId, ColumnId)>>,
    /// The foreign keys drawn highlighted: the hovered one, or those of the hovered column
    /// (`canvas::foreign_keys_of_column`).
    pub hot_fks: Memo<Vec<(TableId, usize)>>,
    /// Focus mode: show only this table and its neighbours up to `focus_hops` away.
    pub focus: RwSignal<Option<TableId>>,
    pub focus_hops: RwSignal<usize>,
    pub status: RwSignal<String>,
    /// A shared link is being viewed: nothing changes and nothing is saved until "Edit a copy".
    pub read_only: RwSignal<bool>,
    /// Counts refused edits: the inspector re-renders from the model on each, so a field never
    /// keeps a value the model refused.
    pub refusals: RwSignal<u64>,
    /// While set, the findings keep their last value (lets a big import paint before the review runs).
    pub review_paused: RwSignal<bool>,
    /// At most this many rows of table boxes are rendered (`canvas::box_rows`; the first box
    /// always); raised step by step after an import so the first paint of many boxes, or of a
    /// few wide ones, is spread over several tasks.
    pub render_limit: RwSignal<usize>,
    pub layout: Memo<Layout>,
    /// Partitioned tables whose partitions are drawn as boxes (else collapsed into a count).
    pub expanded: RwSignal<Vec<TableId>>,
    /// How many partitions each partitioned table has.
    pub partitions: Memo<std::collections::HashMap<TableId, usize>>,
    pub findings: RwSignal<Vec<Finding>>,
    /// The model without canvas positions: what the review reads (moving a table does not
    /// re-run it).
    pub model: Memo<Schema>,
    /// Columns highlighted in the diagram while their table is selected (the finding last clicked).
    pub highlighted: RwSignal<Vec<ColumnId>>,
    /// Findings per table, for the diagram's badges.
    pub finding_counts: Memo<std::collections::HashMap<TableId, usize>>,
    /// The kinds of the kept objects marked on each table (`objects::kinds_by_table`).
    pub object_kinds: Memo<std::collections::HashMap<TableId, Vec<(crate::schema::ObjectKind, usize)>>>,
    /// The changes since the baseline are drawn on the diagram (the Changes panel is open).
    pub show_changes: RwSignal<bool>,
    /// The diff from the baseline to the model as the diagram marks it, while `show_changes`
    /// (`export::diff_marks`; moving a box does not re-run it).
    pub changes: Memo<Option<crate::export::diff_marks::Marks>>,
    /// The plan from the baseline to the model whose diff `changes` marks (same condition).
    pub change_plan: Memo<Option<crate::export::migration::Migration>>,
}

/// `config` with the row estimates of the text's `-- erdsmith:rows N` hints (the review reads
/// them; they are never saved apart from the text). The text is read untracked: the review
/// re-runs when the model changes, not on every keystroke (a hint typed or set moves the spans
/// of what follows it, so the model the import installs differs).
pub fn with_row_estimates(config: &AnalysisConfig, text: RwSignal<String>, schema: &Schema) -> AnalysisConfig {
    let mut c = config.clone();
    c.row_estimates = text.with_untracked(|t| analysis::partitioning::row_estimates(t, schema));
    c
}

/// An import made ready to install ([`App::prepare_import`]).
pub struct PreparedImport {
    rest: (Vec<Diagnostic>, Detection, ImportStats, Vec<String>),
    /// The model to install and, for a new text, its copy that becomes the baseline; `None`: the
    /// model waits as it is (a statement still being typed).
    model: Option<(Schema, Option<Schema>)>,
    /// [`model_version`] when it was made.
    against: u64,
}

/// `imported` reconciled with the model `old`, its new tables placed, and for a new text
/// (`fresh`) its copy for the baseline.
fn reconciled(old: &Schema, imported: Schema, fresh: bool) -> (Schema, Option<Schema>) {
    let mut schema = crate::sync::reconcile(old, imported);
    crate::layout::place_unplaced(&mut schema);
    let baseline = fresh.then(|| schema.clone());
    (schema, baseline)
}

thread_local! {
    /// How often the model changed: an effect counts (it runs in the microtasks of the task that
    /// changed it, so before any later task reads the count).
    static MODEL_VERSION: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

fn model_version() -> u64 {
    MODEL_VERSION.with(std::cell::Cell::get)
}

impl App {
    pub fn new() -> App {
        let schema = RwSignal::new(Schema::default());
        let config = RwSignal::new(AnalysisConfig::default());
        let expanded: RwSignal<Vec<TableId>> = RwSignal::new(Vec::new());
        let layout = Memo::new(move |_| schema.with(|s| expanded.with(|e| layout::geometry_with(s, e))));
        let partitions = Memo::new(move |_| schema.with(layout::partition_counts));
        // The model without canvas positions: moving tables must not re-run the review.
        let model = Memo::new(move |_| schema.with(crate::sync::model_of));
        let text = RwSignal::new(String::new());
        let baseline = RwSignal::new(Schema::default());
        let show_changes = RwSignal::new(false);
        // One plan (in the model's written dialect) while the changes are shown: its diff is what
        // the diagram marks, its hazards what the Changes panel lists. From the model without
        // positions, so moving a box re-runs neither.
        let change_plan = Memo::new(move |_| {
            if !show_changes.get() {
                return None;
            }
            baseline.with(|b| model.with(|s| Some(crate::export::migration::plan(b, s, s.dialect.written()))))
        });
        let changes = Memo::new(move |_| {
            change_plan.with(|p| p.as_ref().map(|p| baseline.with(|b| model.with(|s| crate::export::diff_marks::Marks::of(b, s, &p.up_diff)))))
        });
        let review_paused = RwSignal::new(false);
        let hovered_fk = RwSignal::new(None);
        let hovered_column = RwSignal::new(None);
        // Filled by `reviewer`, a rule at a time between frames.
        let findings = RwSignal::new(Vec::new());
        Effect::new(move || {
            schema.track();
            MODEL_VERSION.with(|v| v.set(v.get() + 1));
        });
        App {
            name: RwSignal::new("schema".to_string()),
            text,
            dialect: RwSignal::new(None),
            format: RwSignal::new(None),
            database: RwSignal::new(None),
            databases: RwSignal::new(Vec::new()),
            schema,
            baseline,
            analysis: config,
            summary: RwSignal::new(None),
            progress: RwSignal::new(None),
            history: RwSignal::new(History::new()),
            import_pending: RwSignal::new(false),
            selected: RwSignal::new(Selection::default()),
            viewport: RwSignal::new(Viewport::default()),
            canvas_size: RwSignal::new((800.0, 600.0)),
            drag: RwSignal::new(None),
            hovered_fk,
            hovered_column,
            hot_fks: Memo::new(move |_| {
                let mut hot: Vec<(TableId, usize)> = hovered_fk.get().into_iter().collect();
                if let Some((t, c)) = hovered_column.get() {
                    schema.with(|s| hot.extend(crate::canvas::foreign_keys_of_column(s, t, c)));
                }
                hot
            }),
            focus: RwSignal::new(None),
            focus_hops: RwSignal::new(1),
            status: RwSignal::new(String::new()),
            read_only: RwSignal::new(false),
            refusals: RwSignal::new(0),
            review_paused,
            render_limit: RwSignal::new(usize::MAX),
            layout,
            expanded,
            partitions,
            findings,
            model,
            highlighted: RwSignal::new(Vec::new()),
            finding_counts: Memo::new(move |_| findings.with(|f| super::review::counts_by_table(f))),
            object_kinds: Memo::new(move |_| schema.with(super::objects::kinds_by_table)),
            show_changes,
            changes,
            change_plan,
        }
    }

    /// Runs `f` on the text, the model and the history as one `sync::Document`; their
    /// subscribers hear of it when it succeeded (on an error nothing changed).
    fn with_document<R>(self, f: impl FnOnce(&mut Document) -> Result<R, EditError>) -> Result<R, EditError> {
        let (text, schema, history) = (self.text, self.schema, self.history);
        let r = text
            .try_update_untracked(|t| {
                schema.try_update_untracked(|s| {
                    history.try_update_untracked(|h| {
                        let r = f(&mut Document { text: t, schema: s, history: h });
                        // New tables (an added table, an undone delete) get a free place.
                        crate::layout::place_unplaced(s);
                        r
                    })
                })
            })
            .flatten()
            .flatten()
            .unwrap_or_else(|| Err(EditError("the app is shutting down".into())));
        if r.is_ok() {
            text.notify();
            schema.notify();
            history.notify();
        }
        r
    }

    /// Installs the import of the text typed so far before a model edit, an undo or a redo, so
    /// they start from the model the text says (a pending timer or sliced import is cancelled).
    pub fn flush_import(self) {
        if !self.import_pending.get_untracked() {
            return;
        }
        let fresh = super::input::cancel_pending_import();
        let diagnostics = self.with_document(|d| Ok(d.reimport())).unwrap_or_default();
        if fresh {
            // A new text (a whole-text paste): its import is the baseline and starts the history.
            self.schema.with_untracked(|s| self.baseline.set(s.clone()));
            self.history.update(History::clear);
        }
        self.import_pending.set(false);
        self.show_diagnostics(diagnostics);
    }

    /// The diagnostics of the import the last operation ran, in the list and in the editor.
    /// After a database switch (or its undo or redo) the baseline is that database's model.
    fn show_outcome(self, outcome: Outcome) {
        if let Some(databases) = outcome.databases {
            self.databases.set(databases);
        }
        if outcome.database_switched {
            self.schema.with_untracked(|s| {
                self.database.set(s.database.clone());
                self.baseline.set(s.clone());
            });
        }
        if let Some(diagnostics) = outcome.diagnostics {
            self.show_diagnostics(diagnostics);
        }
        if !outcome.regenerated.is_empty() {
            self.status.set(format!("Rewritten from the model (the text could not take the change in place): {}", outcome.regenerated.join("; ")));
        }
    }

    fn show_diagnostics(self, diagnostics: Vec<Diagnostic>) {
        self.text.with_untracked(|t| super::editor::show_diagnostics(t, &diagnostics));
        self.summary.update(|s| match s {
            Some(s) => s.diagnostics = diagnostics,
            None => {
                *s = Some(ImportSummary {
                    diagnostics,
                    detected: Detection { dialect: Dialect::Generic, confidence: 0.0, format: crate::schema::SourceFormat::Sql },
                    stats: ImportStats::default(),
                    millis: 0.0,
                    layout_ms: 0.0,
                    review_ms: 0.0,
                    finish_ms: 0.0,
                    busy_ms: 0.0,
                })
            }
        });
    }

    /// While a shared link is viewed: says so and returns true (the caller changes nothing).
    pub fn refuse_read_only(self) -> bool {
        let ro = self.read_only.get_untracked();
        if ro {
            self.status.set("This shared link is read-only: choose “Edit a copy” to change it.".to_string());
            // The inspector's fields show the model again, not what was typed into them.
            self.refusals.update(|n| *n += 1);
        }
        ro
    }

    /// Applies a model edit, written into the text, as one undo step.
    pub fn apply(self, e: Edit) {
        if self.refuse_read_only() {
            return;
        }
        self.flush_import();
        match self.with_document(|d| d.edit(e)) {
            Ok(outcome) => {
                self.status.set(String::new());
                self.show_outcome(outcome);
            }
            Err(err) => {
                self.status.set(format!("Edit refused: {err}"));
                // The inspector's fields show the model again, not the refused value.
                self.refusals.update(|n| *n += 1);
            }
        }
    }

    /// Reads another database of a text that defines several: one undo step; the text stays.
    pub fn switch_database(self, database: String) {
        if self.refuse_read_only() {
            return;
        }
        self.flush_import();
        match self.with_document(|d| d.switch_database(Some(database))) {
            Ok(outcome) => {
                self.status.set(String::new());
                self.show_outcome(outcome);
            }
            Err(err) => self.status.set(format!("Cannot switch the database: {err}")),
        }
        self.schema.with_untracked(|schema| self.selected.update(|sel| sel.retain_in(schema)));
    }

    pub fn undo(self) {
        if self.refuse_read_only() {
            return;
        }
        self.flush_import();
        match self.with_document(|d| d.undo()) {
            Ok(Some(outcome)) => self.show_outcome(outcome),
            Ok(None) => {}
            Err(err) => self.status.set(format!("Cannot undo: {err}")),
        }
        self.schema.with_untracked(|schema| self.selected.update(|sel| sel.retain_in(schema)));
    }

    pub fn redo(self) {
        if self.refuse_read_only() {
            return;
        }
        self.flush_import();
        match self.with_document(|d| d.redo()) {
            Ok(Some(outcome)) => self.show_outcome(outcome),
            Ok(None) => {}
            Err(err) => self.status.set(format!("Cannot redo: {err}")),
        }
        self.schema.with_untracked(|schema| self.selected.update(|sel| sel.retain_in(schema)));
    }

    /// The user changed the text (typing at `at_ms`, a paste, a drop): one undo step (typing
    /// extends the last one); the model follows when the import is installed.
    pub fn text_edited(self, new_text: String, at_ms: f64) {
        let history = self.history;
        self.text.update(|t| history.update(|h| crate::sync::type_text(t, h, new_text, at_ms)));
        self.import_pending.set(true);
    }

    /// The user changed the text by `change` (typing, a paste): as [`App::text_edited`],
    /// without the whole new text. A change that does not fit the text is ignored.
    pub fn text_changed(self, change: crate::sync::TextChange, at_ms: f64) {
        let history = self.history;
        let mut changed = false;
        self.text.update(|t| history.update(|h| changed = crate::sync::type_change(t, h, change, at_ms)));
        if changed {
            self.import_pending.set(true);
        }
    }

    /// The work of installing a finished import that changes no state (reconciling it with the
    /// model, placing new tables, the baseline's copy), so that a caller can do it in a task of
    /// its own and [`App::install_prepared`] in the next: after a 1000-table paste the two were
    /// one ~55 ms task. `fresh`: a new text (the first import, a whole-text paste, an opened
    /// file), which becomes the baseline and starts a new history; otherwise the model follows
    /// the text keeping its ids by name (`sync::reconcile`), and the history goes on. `held`: a
    /// statement still being typed was left out; unless the text is new, the model waits as it
    /// is (only the diagnostics change).
    pub fn prepare_import(self, result: ImportResult, fresh: bool, held: bool) -> PreparedImport {
        let ImportResult { schema, diagnostics, detected, stats, databases } = result;
        let rest = (diagnostics, detected, stats, databases);
        if held && !fresh {
            return PreparedImport { rest, model: None, against: model_version() };
        }
        let (schema, baseline) = self.schema.with_untracked(|old| reconciled(old, schema, fresh));
        PreparedImport { rest, model: Some((schema, baseline)), against: model_version() }
    }

    /// Installs an import [`App::prepare_import`] made ready. Should the model have changed since
    /// (an edit between the two tasks), the import is reconciled again with the model as it is
    /// now, so that the edit is not lost.
    pub fn install_prepared(self, prepared: PreparedImport, millis: f64) {
        let PreparedImport { rest: (diagnostics, detected, stats, databases), model, against } = prepared;
        self.databases.set(databases);
        let Some((schema, baseline)) = model else {
            self.import_pending.set(false);
            self.text.with_untracked(|t| super::editor::show_diagnostics(t, &diagnostics));
            self.summary.set(Some(ImportSummary { diagnostics, detected, stats, millis, layout_ms: 0.0, review_ms: 0.0, finish_ms: 0.0, busy_ms: 0.0 }));
            return;
        };
        let fresh = baseline.is_some();
        let (schema, baseline) = if against == model_version() {
            (schema, baseline)
        } else {
            self.schema.with_untracked(|old| reconciled(old, schema, fresh))
        };
        self.selected.update(|sel| sel.retain_in(&schema));
        if self.focus.get_untracked().is_some_and(|f| schema.table(f).is_none()) {
            self.focus.set(None);
        }
        // The schemas replaced are dropped in a task of their own: freeing thousands of tables
        // is ~5 ms at 3,000, which the install task need not carry.
        let mut replaced = Vec::new();
        if let Some(baseline) = baseline {
            replaced.extend(self.baseline.try_update(|b| std::mem::replace(b, baseline)));
            self.history.update(History::clear);
        }
        replaced.extend(self.schema.try_update(|s| std::mem::replace(s, schema)));
        super::browser::later(0, move || drop(replaced));
        self.import_pending.set(false);
        self.text.with_untracked(|t| super::editor::show_diagnostics(t, &diagnostics));
        self.summary.set(Some(ImportSummary { diagnostics, detected, stats, millis, layout_ms: 0.0, review_ms: 0.0, finish_ms: 0.0, busy_ms: 0.0 }));
    }

    /// Subscribes the caller to every part of the project that is saved.
    pub fn track_saved(self) {
        self.name.track();
        self.text.track();
        self.dialect.track();
        self.schema.track();
        self.baseline.track();
        self.analysis.track();
        self.focus.track();
        self.focus_hops.track();
        self.selected.track();
        self.history.track();
    }

    /// The project as it is now, without subscribing the caller to changes.
    pub fn snapshot_untracked(self) -> Project {
        let mut p = Project::new(
            self.name.get_untracked(),
            self.text.get_untracked(),
            self.dialect.get_untracked(),
            self.baseline.get_untracked(),
        );
        p.current = self.schema.get_untracked();
        p.analysis = self.analysis.get_untracked();
        p.viewport = self.viewport.get_untracked();
        p.ui.focus = self.focus.get_untracked();
        p.ui.focus_hops = self.focus_hops.get_untracked() as u32;
        p.ui.selection = self.selected.get_untracked();
        p.history = Some(self.history.get_untracked());
        p
    }

    /// Opens a saved project: its text and model (brought in step if an older version saved
    /// edits the text did not have), baseline, settings and viewport.
    pub fn load(self, p: Project) {
        let (text, mut current, diagnostics, databases, warning) = crate::sync::align(p.baseline_text, p.current);
        self.databases.set(databases);
        crate::layout::place_unplaced(&mut current);
        self.name.set(p.name);
        self.text.set(text);
        self.dialect.set(p.dialect);
        // The database the model was imported from (a text may define several).
        self.database.set(current.database.clone());
        self.baseline.set(p.baseline);
        self.schema.set(current);
        self.analysis.set(p.analysis);
        self.summary.set(None);
        self.show_diagnostics(diagnostics);
        if let Some(w) = warning {
            self.status.set(w);
        }
        self.import_pending.set(false);
        // The undo history and the selection come back with the project (the text is the one
        // the history was recorded against).
        self.history.set(p.history.unwrap_or_default());
        let mut selection = p.ui.selection;
        self.schema.with_untracked(|s| selection.retain_in(s));
        self.selected.set(selection);
        // The saved view comes back; a project saved before any view was kept gets fitted.
        let saved = p.viewport.zoom.is_finite() && p.viewport.zoom > 0.0 && p.viewport != crate::layout::Viewport::default();
        self.viewport.set(if saved {
            Viewport { zoom: p.viewport.zoom.clamp(Viewport::MIN_ZOOM, Viewport::MAX_ZOOM), pan: p.viewport.pan }
        } else {
            Viewport::default()
        });
        self.focus.set(p.ui.focus);
        self.focus_hops.set((p.ui.focus_hops as usize).clamp(1, 9));
    }
}

impl Default for App {
    fn default() -> Self {
        App::new()
    }
}

/// The UTF-16 offsets (what the editor uses) of byte offsets `bytes` in `text`, in one pass over
/// the text however many offsets there are; `bytes` is sorted in place, the result is in the
/// order given.
pub fn utf16_offsets(text: &str, bytes: &mut [usize]) -> Vec<u32> {
    let mut order: Vec<(usize, usize)> = bytes.iter().copied().enumerate().collect();
    order.sort_by_key(|&(_, byte)| byte);
    let mut out = vec![0u32; bytes.len()];
    let (mut at, mut units) = (0usize, 0u32);
    for (i, byte) in order {
        let mut target = byte.min(text.len());
        while !text.is_char_boundary(target) {
            target -= 1;
        }
        if target > at {
            units += text[at..target].encode_utf16().count() as u32;
            at = target;
        }
        if let Some(o) = out.get_mut(i) {
            *o = units;
        }
    }
    out
}

/// The UTF-16 offset (what a textarea's selection uses) of byte offset `byte` in `text`.
pub fn utf16_offset(text: &str, byte: usize) -> u32 {
    let mut byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    text[..byte].encode_utf16().count() as u32
}

/// "412 statements: 93 tables, 120 foreign keys, 210 indexes imported; 31 skipped".
pub fn summary_line(s: &ImportStats) -> String {
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut parts = vec![
        plural(s.tables, "table", "tables"),
        plural(s.foreign_keys, "foreign key", "foreign keys"),
        plural(s.indexes, "index", "indexes"),
    ];
    if s.views > 0 {
        parts.push(plural(s.views, "view", "views"));
    }
    if s.enums > 0 {
        parts.push(plural(s.enums, "enum", "enums"));
    }
    format!(
        "{}: {} imported; {} skipped",
        plural(s.statements, "statement", "statements"),
        parts.join(", "),
        s.skipped
    )
}

/// The CSS class for a table header: one of eight hues picked from the schema (namespace) name.
pub fn schema_hue_class(schema: Option<&str>) -> &'static str {
    const HUES: [&str; 8] = ["hue-0", "hue-1", "hue-2", "hue-3", "hue-4", "hue-5", "hue-6", "hue-7"];
    // `namespace_hue` is below 8, so the fallback is never taken.
    HUES.get(crate::layout::namespace_hue(schema)).copied().unwrap_or("hue-0")
}

/// Name for a new foreign key column list description, e.g. `film.language_id → language.language_id`.
pub fn describe_fk(schema: &Schema, table: &Table, fk_index: usize) -> String {
    let Some(fk) = table.foreign_keys.get(fk_index) else { return String::new() };
    let names = |t: &Table, cols: &[crate::schema::ColumnId]| {
        cols.iter().filter_map(|c| t.column(*c).map(|c| c.name.clone())).collect::<Vec<_>>().join(", ")
    };
    let target = schema.table(fk.ref_table);
    format!(
        "({}) → {}({})",
        names(table, &fk.columns),
        target.map(|t| t.qualified_name()).unwrap_or_else(|| "?".into()),
        target.map(|t| names(t, &fk.ref_columns)).unwrap_or_default()
    )
}
