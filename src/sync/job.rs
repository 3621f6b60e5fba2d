//! The editor's import as one job, and the messages that carry it to the import worker.
//!
//! A job holds back the statements still being typed (`unfinished`) and imports the rest a few
//! statements at a time, so whoever runs it — the import worker (src/ui/worker.rs) or, where
//! there is no worker, the page itself — can yield between slices and drop it for a newer text.
//! The page and the worker speak in [`JobRequest`]s and [`JobReply`]s (a finished import as
//! several, so that the page reads it a few hundred tables per task); a reply crosses the
//! thread boundary as UTF-8 JSON bytes (`to_wire` / `from_wire`), which gives back exactly the value sent
//! (`tests/it/job.rs` checks it on every corpus schema).

use super::change::{TextChange, common_prefix};
use super::unfinished::{blank, diagnostic, unfinished};
use crate::analysis::{AnalysisConfig, Finding, Review};
use crate::import::{ImportOptions, ImportResult, Importer, ResumePoint};
use crate::schema::{Schema, SpanShift, Table};
use serde::{Deserialize, Serialize};

/// Statements per step inside a slice (`ImportJob::step_for`): small enough that a slice ends
/// close to its budget, large enough that reading the clock costs nothing.
pub const STEP_STATEMENTS: usize = 25;

/// An import of the editor's text, run in steps.
pub struct ImportJob {
    importer: Importer,
    /// The errors of the statements held back (empty: nothing was held back).
    held: Vec<crate::diagnostic::Diagnostic>,
}

/// A finished job: the import, and whether a statement still being typed was left out (the
/// model then waits as it is; see `App::prepare_import`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Imported {
    pub result: ImportResult,
    pub held: bool,
}

impl ImportJob {
    /// A job for `text`. DBML, Prisma, Rails and the NoSQL formats have no statements to hold
    /// back; in SQL, a statement whose parentheses are not closed is blanked out (every other
    /// offset stays where it was) and reported at its open parenthesis.
    pub fn new(text: String, options: &ImportOptions) -> Self {
        ImportJob::reusing(text, options, None)
    }

    /// [`ImportJob::new`], going on from what the import of an earlier text left (`reuse`)
    /// where the two texts begin alike: the statements before the first one the edit touched are
    /// not read again. Gives what [`ImportJob::new`] gives
    /// (`tests/it/job.rs::an_import_going_on_from_a_point_is_the_whole_import`).
    pub fn reusing(text: String, options: &ImportOptions, reuse: Option<Reuse>) -> Self {
        // The importer's own reading of the text (detecting scans it all: done once when
        // nothing is held back; a blanked text is detected again, as the import reads it).
        let detected = Importer::detection(&text, options);
        let held = if detected.format.is_sql() { unfinished(&text, detected.dialect) } else { Vec::new() };
        let (text, detected, errors) = if held.is_empty() {
            (text, detected, Vec::new())
        } else {
            let errors: Vec<_> = held.iter().map(|u| diagnostic(&text, u)).collect();
            let text = blank(&text, &held);
            let detected = Importer::detection(&text, options);
            (text, detected, errors)
        };
        let (point, same) = match reuse {
            Some(Reuse { text: before, point }) => (point, common_prefix(&before, &text)),
            None => (None, 0),
        };
        ImportJob { importer: Importer::resuming(text, options, detected, point, same), held: errors }
    }

    /// Imports up to `statements` more statements; true when the whole text is done.
    pub fn step(&mut self, statements: usize) -> bool {
        self.importer.step(statements)
    }

    /// Steps [`STEP_STATEMENTS`] at a time until the whole text is done or `budget_ms` has
    /// passed on `now` (a clock in ms, which the core does not have); true when done. The page
    /// and the import worker each run their slices with it.
    pub fn step_for(&mut self, budget_ms: f64, now: impl Fn() -> f64) -> bool {
        step_within(budget_ms, now, || self.step(STEP_STATEMENTS))
    }

    /// The byte at which the job went on from the point of an earlier import (`None`: it reads
    /// the whole text).
    pub fn resumed_at(&self) -> Option<usize> {
        self.importer.resumed_at()
    }

    /// How far the job is, in 0.0..=1.0.
    pub fn progress(&self) -> f64 {
        let (at, total) = self.importer.progress();
        if total == 0 { 1.0 } else { at as f64 / total as f64 }
    }

    /// Finishes the import (what `step` has not done yet included).
    pub fn finish(self) -> Imported {
        self.finish_keeping().0
    }

    /// [`ImportJob::finish`], with what the import of the next text can go on from.
    pub fn finish_keeping(self) -> (Imported, Reuse) {
        let (mut result, text, point) = self.importer.finish_keeping();
        let held = !self.held.is_empty();
        if held {
            result.diagnostics.extend(self.held);
            result.diagnostics.sort_by_key(|d| d.span.start);
        }
        (Imported { result, held }, Reuse { text, point })
    }

    /// Runs the whole job at once.
    pub fn run(text: String, options: &ImportOptions) -> Imported {
        let mut job = ImportJob::new(text, options);
        while !job.step(usize::MAX) {}
        job.finish()
    }
}

/// What an import leaves for the import of the next text: the text it read (with the statements
/// still being typed blanked out) and a point between statements to go on from
/// ([`crate::import::ResumePoint`]). Imports of a text being typed into go on from the last
/// statement boundary before the place of the edit; the tables before it are not read again.
pub struct Reuse {
    text: String,
    point: Option<ResumePoint>,
}

impl Reuse {
    /// The text the import read (statements still being typed blanked out, every offset kept).
    pub fn text(&self) -> &str {
        &self.text
    }
}

/// Runs `step` (true when the work is done) until the work is done or `budget_ms` has passed on
/// `now` (a clock in ms, which the core does not have); true when done. Every job run in slices
/// — the import and the review, on the page and in the import worker — runs its slices with it.
pub fn step_within(budget_ms: f64, now: impl Fn() -> f64, mut step: impl FnMut() -> bool) -> bool {
    let start = now();
    loop {
        if step() {
            return true;
        }
        if now() - start >= budget_ms {
            return false;
        }
    }
}

/// Imports `text` at once without its unfinished statements (their errors are among the
/// diagnostics); returns the result and whether a statement was held back.
pub fn import(text: &str, options: &ImportOptions) -> (ImportResult, bool) {
    let Imported { result, held } = ImportJob::run(text.to_string(), options);
    (result, held)
}

/// What the page asks of the worker. Each request has a generation, higher than any before it;
/// a newer request (or a `Cancel`) drops the job in flight.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum JobRequest {
    /// `review`: the page's rule settings when its model is blank (`starts_blank`), so that the
    /// worker reviews the import as the page's model will be ([`ReviewJob`]) while the page
    /// installs it; `None`: the page reviews it itself.
    ///
    /// `base`: the generation of the last import the page put together whole and still holds
    /// ([`Assembly::base`]); the worker then sends the tables equal to that import's, or equal
    /// with their spans moved by the edit, as [`JobReply::Kept`] runs instead of writing them out.
    Import {
        generation: u64,
        text: String,
        options: ImportOptions,
        review: Option<Box<AnalysisConfig>>,
        #[serde(default)]
        base: Option<u64>,
    },
    /// The page no longer wants the import in flight (it imports the text itself, or the text
    /// was replaced by a project).
    Cancel { generation: u64 },
}

/// What the worker tells the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum JobReply {
    /// The worker has started and takes requests.
    Ready,
    /// The worker could not start (its script or module did not load): the page imports on its own.
    Failed(String),
    /// How far the import of `generation` is, in 0.0..=1.0.
    Progress { generation: u64, fraction: f64 },
    /// Some of the tables of the import of `generation`, in order, ahead of its `Done`.
    Tables { generation: u64, tables: Vec<Table> },
    /// The next tables of the import of `generation` are tables `from..from + count` of the
    /// import `base` (the page's, see [`JobRequest::Import`]): as they were, or with their spans
    /// moved by `moved` (an edit before them). `tables`: the worker's own copy of them, which
    /// it keeps as its next base; never sent.
    Kept {
        generation: u64,
        base: u64,
        from: usize,
        count: usize,
        moved: Option<SpanShift>,
        #[serde(skip)]
        tables: Vec<Table>,
    },
    /// The import of `generation` (its tables sent ahead in `Tables` replies); `busy_ms`: the
    /// time its slices ran, `finish_ms`: of it, the last step (resolving references).
    Done { generation: u64, imported: Box<Imported>, busy_ms: f64, finish_ms: f64 },
    /// The findings of the import of `generation` as a blank page's model ([`ReviewJob`]), after
    /// its `Done`; `busy_ms`: the time the review's slices ran.
    Findings { generation: u64, findings: Vec<Finding>, busy_ms: f64 },
}

/// Tables per `Tables` reply. The page reads each reply in its own task: ~250 tables are ~1.6 MB
/// of JSON, read in well under 16 ms, where 5,000 tables in one reply took a task of ~150 ms.
pub const TABLES_PER_REPLY: usize = 250;

impl JobReply {
    /// The replies that carry a finished import to the page: its tables in `Tables` replies of at
    /// most [`TABLES_PER_REPLY`], then `Done` with the rest. [`Assembly`] puts them together.
    pub fn finished(generation: u64, imported: Imported, busy_ms: f64, finish_ms: f64) -> Vec<JobReply> {
        // Against no base: every table is written out.
        JobReply::finished_against(generation, imported, busy_ms, finish_ms, (0, &[]), SpanShift::default())
    }
}

/// Tables per [`JobReply::Kept`] reply: the page copies each from its base, ~500 in a few ms.
pub const KEPT_PER_REPLY: usize = 500;

impl JobReply {
    /// [`JobReply::finished`] for a page that holds the import `base` (its generation and
    /// tables, the worker's copy): a table equal to the base's table at the same place, or equal
    /// once its spans are moved back by `moved` (the edit between the two texts, [`span_shift`]),
    /// is sent as part of a [`JobReply::Kept`] run instead of written out. Typing into a
    /// 3,000-table text then sends one table, not 3,000.
    pub fn finished_against(generation: u64, mut imported: Imported, busy_ms: f64, finish_ms: f64, base: (u64, &[Table]), moved: SpanShift) -> Vec<JobReply> {
        let (base_generation, base_tables) = base;
        let tables = std::mem::take(&mut imported.result.schema.tables);
        let mut replies = Vec::new();
        let mut written: Vec<Table> = Vec::new();
        // The run being collected: where it starts, how its tables moved, and the tables.
        let mut run: Option<(usize, Option<SpanShift>, Vec<Table>)> = None;
        let end_run = |run: &mut Option<(usize, Option<SpanShift>, Vec<Table>)>, replies: &mut Vec<JobReply>| {
            if let Some((from, moved, tables)) = run.take() {
                replies.push(JobReply::Kept { generation, base: base_generation, from, count: tables.len(), moved, tables });
            }
        };
        for (i, mut table) in tables.into_iter().enumerate() {
            let kept = match base_tables.get(i) {
                Some(old) if *old == table => Some(None),
                Some(old) if moved != SpanShift::default() && moved_from(old, &mut table, moved) => Some(Some(moved)),
                _ => None,
            };
            match kept {
                Some(how) => {
                    if !written.is_empty() {
                        replies.push(JobReply::Tables { generation, tables: std::mem::take(&mut written) });
                    }
                    if run.as_ref().is_some_and(|(_, m, t)| *m != how || t.len() >= KEPT_PER_REPLY) {
                        end_run(&mut run, &mut replies);
                    }
                    run.get_or_insert_with(|| (i, how, Vec::new())).2.push(table);
                }
                None => {
                    end_run(&mut run, &mut replies);
                    written.push(table);
                    if written.len() >= TABLES_PER_REPLY {
                        replies.push(JobReply::Tables { generation, tables: std::mem::take(&mut written) });
                    }
                }
            }
        }
        end_run(&mut run, &mut replies);
        if !written.is_empty() {
            replies.push(JobReply::Tables { generation, tables: written });
        }
        replies.push(JobReply::Done { generation, imported: Box::new(imported), busy_ms, finish_ms });
        replies
    }
}

/// Whether `table` is `old` with its spans moved by `moved` (compared in place: moved back,
/// compared, moved again).
fn moved_from(old: &Table, table: &mut Table, moved: SpanShift) -> bool {
    if !table.shift_spans(moved.back()) {
        return false;
    }
    let same = old == table;
    table.shift_spans(moved);
    same
}

/// How the spans after the one edit that makes `new` of `old` move ([`TextChange::between`]):
/// by the bytes and the lines it adds (or, negative, removes). For texts that differ in several
/// places, the shift of the spans after the last of them.
pub fn span_shift(old: &str, new: &str) -> SpanShift {
    let Some(change) = TextChange::between(old, new) else { return SpanShift::default() };
    let lines = |s: &str| s.bytes().filter(|&c| c == b'\n').count() as i64;
    let removed = old.get(change.start..change.end).unwrap_or_default();
    SpanShift { bytes: new.len() as i64 - old.len() as i64, lines: lines(&change.insert) - lines(removed) }
}

/// The page's side of [`JobReply::finished`] and [`JobReply::finished_against`]: collects the
/// tables of one generation — those written out and those kept from its base — and puts them
/// back into its `Done`. Tables of another generation start the collection over. It keeps the
/// tables of the last import it put together whole as the base of the next one
/// (`Kept` replies take theirs from it).
#[derive(Default)]
pub struct Assembly {
    generation: u64,
    tables: Vec<Table>,
    /// The last import put together whole: its generation and tables (a table taken by a
    /// `Kept` reply of the collection under way is `None`).
    base: Option<(u64, Vec<Option<Table>>)>,
    /// A copy of the tables collected so far: the next base.
    next_base: Vec<Table>,
    /// Whether the collection under way took tables from the base.
    took: bool,
}

impl Assembly {
    fn start(&mut self, generation: u64) {
        if generation != self.generation {
            if self.took {
                // The collection that took from the base was dropped: the base is no longer whole.
                self.base = None;
                self.took = false;
            }
            self.generation = generation;
            self.tables.clear();
            self.next_base.clear();
        }
    }

    /// The generation of the base a new request can name ([`JobRequest::Import`]): the last
    /// import put together whole, if no collection has taken from it since.
    pub fn base(&self) -> Option<u64> {
        self.base.as_ref().filter(|_| !self.took).map(|(g, _)| *g)
    }

    /// Adds tables of `generation` (dropping what an older generation left).
    pub fn add(&mut self, generation: u64, tables: Vec<Table>) {
        self.start(generation);
        self.next_base.extend(tables.iter().cloned());
        self.tables.extend(tables);
    }

    /// Adds tables `from..from + count` of the base `base`, moved by `moved`, to the tables of
    /// `generation`. False when this assembly does not hold them (the collection is then
    /// broken and the base dropped: the caller asks for the import again without a base).
    pub fn keep(&mut self, generation: u64, base: u64, from: usize, count: usize, moved: Option<SpanShift>) -> bool {
        self.start(generation);
        self.took = true;
        let taken = match self.base.as_mut().filter(|(g, _)| *g == base) {
            Some((_, tables)) => tables.get_mut(from..from.saturating_add(count)).map(|slots| slots.iter_mut().map(Option::take).collect::<Option<Vec<Table>>>()),
            None => None,
        };
        let Some(Some(taken)) = taken.filter(|t| t.as_ref().is_some_and(|t| t.len() == count)) else {
            self.base = None;
            return false;
        };
        for mut table in taken {
            if let Some(by) = moved
                && !table.shift_spans(by)
            {
                self.base = None;
                return false;
            }
            self.tables.push(table.clone());
            self.next_base.push(table);
        }
        true
    }

    /// The whole import of `generation`, from its `Done` and the tables sent ahead of it; its
    /// tables become the base.
    pub fn complete(&mut self, generation: u64, mut imported: Imported) -> Imported {
        self.start(generation);
        imported.result.schema.tables = std::mem::take(&mut self.tables);
        self.base = Some((generation, std::mem::take(&mut self.next_base).into_iter().map(Some).collect()));
        self.took = false;
        imported
    }

    /// Takes the base (the tables of the last import put together whole, see [`Assembly::base`])
    /// out of the assembly: for a caller that keeps them itself (the worker, after its review).
    pub fn take_base(&mut self) -> Option<(u64, Vec<Table>)> {
        let (generation, tables) = self.base.take().filter(|_| !self.took)?;
        Some((generation, tables.into_iter().collect::<Option<Vec<Table>>>()?))
    }
}

/// The review of an import as the page will review it when its model was blank before the import
/// ([`super::starts_blank`]): of the model the page installs (`reconcile` with nothing, without
/// the canvas: [`super::model_of`]), with the row estimates the text gives it. Run in steps, so
/// the import worker can yield between them; it finds what `analysis::check` finds on the page's
/// model (`tests/it/job.rs`).
pub struct ReviewJob {
    model: Schema,
    config: AnalysisConfig,
    review: Review,
}

impl ReviewJob {
    /// The review of `imported` (the import of `text`) under the page's rule settings `config`.
    pub fn new(imported: Schema, text: &str, config: &AnalysisConfig) -> ReviewJob {
        let mut model = super::reconcile(&Schema::default(), imported);
        super::strip_canvas(&mut model);
        let mut config = config.clone();
        config.row_estimates = crate::analysis::partitioning::row_estimates(text, &model);
        ReviewJob { model, config, review: Review::default() }
    }

    /// Runs rules until all have run or `budget_ms` has passed on `now`; true when done.
    pub fn step_for(&mut self, budget_ms: f64, now: impl Fn() -> f64) -> bool {
        step_within(budget_ms, now, || self.review.step(&self.model, &self.config))
    }

    /// The findings, once every step has run.
    pub fn finish(self) -> Vec<Finding> {
        self.review.finish(&self.model, &self.config)
    }
}

/// A message that could not be read (it was not written by this build's `to_wire`).
#[derive(Clone, Debug, PartialEq)]
pub struct WireError(pub String);

impl std::fmt::Display for WireError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unreadable import-worker message: {}", self.0)
    }
}

macro_rules! wire {
    ($t:ty) => {
        impl $t {
            /// This message as the bytes (UTF-8 JSON) that cross to the other thread.
            pub fn to_wire(&self) -> Vec<u8> {
                // Plain data with string keys: serializing it cannot fail.
                serde_json::to_vec(self).unwrap_or_default()
            }

            /// A message read back from [`Self::to_wire`]'s bytes.
            pub fn from_wire(bytes: &[u8]) -> Result<Self, WireError> {
                crate::json_from_utf8(bytes).map_err(WireError)
            }
        }
    };
}
wire!(JobReply);

impl JobRequest {
    /// This request as the bytes that cross to the worker: UTF-8 JSON, and for an import the
    /// text after it, raw, behind a NUL byte (which JSON never holds unescaped). Escaping a
    /// 2 MB text into a JSON string took milliseconds of every import request on the page, and
    /// reading it back as much in the worker.
    pub fn to_wire(&self) -> Vec<u8> {
        match self {
            JobRequest::Import { generation, text, options, review, base } => {
                let header = JobRequest::Import { generation: *generation, text: String::new(), options: options.clone(), review: review.clone(), base: *base };
                // Plain data with string keys: serializing it cannot fail.
                let mut bytes = serde_json::to_vec(&header).unwrap_or_default();
                bytes.reserve(text.len() + 1);
                bytes.push(0);
                bytes.extend_from_slice(text.as_bytes());
                bytes
            }
            JobRequest::Cancel { .. } => serde_json::to_vec(self).unwrap_or_default(),
        }
    }

    /// A request read back from [`Self::to_wire`]'s bytes.
    pub fn from_wire(bytes: &[u8]) -> Result<Self, WireError> {
        let Some(nul) = bytes.iter().position(|b| *b == 0) else {
            return crate::json_from_utf8(bytes).map_err(WireError);
        };
        let (header, rest) = bytes.split_at(nul);
        let mut request: JobRequest = crate::json_from_utf8(header).map_err(WireError)?;
        let raw = rest.get(1..).unwrap_or_default();
        match &mut request {
            JobRequest::Import { text, .. } if text.is_empty() => {
                *text = String::from_utf8(raw.to_vec()).map_err(|e| WireError(format!("the text is not UTF-8: {e}")))?;
                Ok(request)
            }
            _ => Err(WireError("a text follows a request that takes none".into())),
        }
    }
}
