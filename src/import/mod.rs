//! Text → (Schema, diagnostics). Never fails as a whole.
//!
//! The pipeline, one statement at a time so the UI can import in slices:
//! - `detect`: the dialect from weighted characteristic spellings (one pass over 256 KB).
//! - `lex`: a quote-, comment- and dollar-quote-aware scanner that interprets client commands
//!   (psql `\` lines and COPY data, mysql DELIMITER/source and `/*!NNNNN */` version comments,
//!   sqlcmd `:setvar`/`$(var)`/GO, SQL*Plus REM/PROMPT/SET/`/`) and splits statements, keeping
//!   procedural bodies whole. Tokens are byte ranges of the original text: spans never move.
//! - `lower`: a tolerant, non-recursive parser for the DDL a schema designer needs, which skips
//!   storage, engine and partition clauses it does not know instead of failing; forward
//!   references (foreign keys, view reads, enum-typed columns) are resolved in `finish`.
//! - `dbml`, `prisma`, `rails`: DBML, Prisma schemas and Rails schema.rb, each read whole by its
//!   own module (with `common`) when `detect::detect_format` or `ImportOptions.format` says so.
//! - `mongodb`, `cql`, `dynamodb`: the NoSQL stores (mongosh scripts with `$jsonSchema`
//!   validators, Cassandra CQL, DynamoDB CloudFormation/SAM/CLI/NoSQL Workbench), likewise;
//!   `jsval` reads the JavaScript and JSON values of the first and last.
//!
//! **Invariant:** no input makes the importer panic or recurse deeply; a statement it cannot
//! read is a diagnostic with line and column, and the import goes on.
//!
//! Public API (used by ui/, the CLI, tests): `import`, `Importer`, `ImportOptions`, `ImportResult`,
//! `ImportStats`, `Detection`, `detect_dialect`; for `sync`, which writes model edits back into
//! the text: `statements` (the statements and tokens exactly as the importer splits them),
//! `Token`, `TokenKind` and `is_column_stop`.

mod common;
mod cql;
mod dbml;
mod detect;
mod dynamodb;
mod jsval;
mod lex;
pub(crate) use lex::{CqlKind, CqlTok, closed_at, line_end, punct_len, quoted_end, word_end};
mod lower;
mod mongodb;
mod prisma;
mod rails;

pub use dbml::{database_type as dbml_database_type, dialect_of as dbml_dialect};
pub use prisma::{provider_of as prisma_provider, scalar_sql as prisma_scalar_sql, NATIVE as PRISMA_NATIVE, SCALARS as PRISMA_SCALARS};

use crate::diagnostic::{Diagnostic, Severity};
use crate::schema::{Dialect, Schema, SourceFormat};
use serde::{Deserialize, Serialize};

pub use lex::{Tk as TokenKind, Token, paren_delta};

/// The statements of `text` as the importer splits them for `dialect` (client commands and COPY
/// data skipped): each a list of tokens, byte ranges of `text`.
pub fn statements(text: &str, dialect: Dialect) -> Vec<Vec<Token>> {
    let mut splitter = lex::Splitter::new(dialect, text);
    std::iter::from_fn(|| splitter.next(text)).map(|s| s.toks).collect()
}

/// Whether `word` ends a column's type in a column definition (`NOT`, `DEFAULT`, `REFERENCES`…).
pub fn is_column_stop(word: &str) -> bool {
    lower::is_column_stop(word)
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportOptions {
    /// `None` = detect from the text.
    pub dialect: Option<Dialect>,
    /// For a text that defines several databases (`pg_dumpall`'s `\connect`, MySQL's `USE`):
    /// the one to import. `None` = the first one in which the text defines an object; each
    /// other database is named in a diagnostic, never merged into it.
    pub database: Option<String>,
    /// The language of the text; `None` = detect it (SQL unless the text reads as DBML, a
    /// Prisma schema or a Rails schema.rb).
    pub format: Option<SourceFormat>,
}

/// The dialect guessed from the text, with a confidence in 0.0..=1.0.
#[derive(Copy, Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Detection {
    pub dialect: Dialect,
    pub confidence: f32,
    /// The language: SQL in `dialect`, or DBML, Prisma, Rails (whose `dialect` is the one they name).
    pub format: SourceFormat,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportStats {
    pub statements: usize,
    pub tables: usize,
    pub foreign_keys: usize,
    pub indexes: usize,
    pub views: usize,
    pub enums: usize,
    /// Statements that produced nothing for the model (unsupported or failed).
    pub skipped: usize,
}

/// Serializable so the import worker (`sync::job`) can hand it to the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportResult {
    pub schema: Schema,
    pub diagnostics: Vec<Diagnostic>,
    pub detected: Detection,
    pub stats: ImportStats,
    /// The databases the text defines objects in, in text order (`""`: those before any
    /// `\connect` or `USE`); more than one means `ImportOptions.database` picks one.
    pub databases: Vec<String>,
}

/// Detects the language of `text` and, for SQL, its dialect, from characteristic spellings in
/// its first 256 KB.
pub fn detect_dialect(text: &str) -> Detection {
    match detect::detect_format(text) {
        SourceFormat::Sql => detect::detect(text),
        format => Detection { dialect: Dialect::Generic, confidence: 0.9, format },
    }
}

/// Imports `text` in one go.
pub fn import(text: &str, options: &ImportOptions) -> ImportResult {
    let mut importer = Importer::new(text.to_string(), options);
    while !importer.step(usize::MAX) {}
    importer.finish()
}

/// Incremental import, so the UI can import a large text in slices between frames.
pub struct Importer {
    text: String,
    detected: Detection,
    options: ImportOptions,
    splitter: lex::Splitter,
    state: lower::State,
    done: bool,
    /// DBML, Prisma and Rails texts are read whole (they are small and their references need
    /// every table): the result, once read.
    other: Option<ImportResult>,
    /// Where to leave a [`ResumePoint`]: at the last statement boundary whose [`ResumePoint`]
    /// would hold for a text that differs from this one from this byte on (`None`: none asked
    /// for, or already left).
    aim: Option<usize>,
    /// The point left for a later text (or the one this import went on from, while it holds).
    point: Option<ResumePoint>,
    /// Where the statements this import read begin when it went on from a point.
    resumed_at: Option<usize>,
}

/// A SQL import stopped between two statements, from which the import of another text can go
/// on: the statements before it are not read again. It holds for a text that begins with the
/// same first bytes, as many as its `prefix_len`, as the text it was made from (and is read with the
/// same options, dialect and format): every statement before the point was split and lowered
/// from those bytes alone. The import that goes on from it gives what a whole import of the
/// text gives (`tests/it/job.rs::an_import_going_on_from_a_point_is_the_whole_import`).
#[derive(Clone)]
pub struct ResumePoint {
    splitter: lex::Splitter,
    state: lower::State,
    prefix_len: usize,
    dialect: Dialect,
    options: ImportOptions,
}

/// The bytes of `text` that the statements before byte `at` (a statement boundary) were read
/// from: up to the end of the line after the one `at` is on. The splitter decides where a
/// statement ends from the statement's last line (a `GO`, a `/`, a `DELIMITER`, a COPY's `\.`)
/// and a diagnostic quotes the rest of its line; one more line is margin. `None` when the text
/// ends before that: a statement at the end of the text may go on in a longer one.
fn read_through(text: &str, at: usize) -> Option<usize> {
    let rest = text.as_bytes().get(at..)?;
    let first = rest.iter().position(|&c| c == b'\n')?;
    let second = rest.get(first + 1..)?.iter().position(|&c| c == b'\n')?;
    Some(at + first + 1 + second + 1)
}

impl Importer {
    pub fn new(text: String, options: &ImportOptions) -> Self {
        let detected = Importer::detection(&text, options);
        Importer::with_detection(text, options, detected)
    }

    /// What an import of `text` with `options` reads it as: the format and dialect given, or
    /// what the text looks like.
    pub fn detection(text: &str, options: &ImportOptions) -> Detection {
        match (options.format, options.dialect) {
            (Some(format), _) if !format.is_sql() => Detection { dialect: Dialect::Generic, confidence: 1.0, format },
            (_, Some(dialect)) => Detection { dialect, confidence: 1.0, format: SourceFormat::Sql },
            (Some(_), None) => Detection { format: SourceFormat::Sql, ..detect::detect(text) },
            (None, None) => detect_dialect(text),
        }
    }

    /// [`Importer::new`] with the text's [`Importer::detection`] already made (it scans the text).
    pub fn with_detection(text: String, options: &ImportOptions, detected: Detection) -> Self {
        let splitter = lex::Splitter::new(detected.dialect, &text);
        let mut state = lower::State::new(detected.dialect, &text);
        state.database_choice.clone_from(&options.database);
        Importer { text, detected, options: options.clone(), splitter, state, done: false, other: None, aim: None, point: None, resumed_at: None }
    }

    /// [`Importer::with_detection`], going on from `point` when it holds for `text` — whose
    /// first `same` bytes are those of the text `point` was made from — and leaving a point for
    /// the next text at the last statement boundary before byte `same` (the user edits there).
    /// The point it goes on from is kept as the next one while no later boundary qualifies.
    pub fn resuming(text: String, options: &ImportOptions, detected: Detection, point: Option<ResumePoint>, same: usize) -> Self {
        let holds = |p: &ResumePoint| {
            detected.format.is_sql() && p.dialect == detected.dialect && p.options == *options && p.prefix_len <= same && p.prefix_len <= text.len()
        };
        let mut importer = match point.filter(holds) {
            Some(point) => {
                let mut state = point.state.clone();
                state.retext(&text, point.splitter.pos);
                Importer {
                    splitter: point.splitter.clone(),
                    state,
                    text,
                    detected,
                    options: options.clone(),
                    done: false,
                    other: None,
                    aim: None,
                    resumed_at: Some(point.splitter.pos),
                    point: Some(point),
                }
            }
            None => Importer::with_detection(text, options, detected),
        };
        if importer.detected.format.is_sql() {
            importer.aim = Some(same);
        }
        importer
    }

    /// The byte at which this import went on from a point (`None`: it read the whole text).
    pub fn resumed_at(&self) -> Option<usize> {
        self.resumed_at
    }

    /// Reads a DBML, Prisma or Rails text whole.
    fn read_other(&mut self) {
        let (schema, diagnostics, stats) = match self.detected.format {
            SourceFormat::Dbml => dbml::import(&self.text),
            SourceFormat::Prisma => prisma::import(&self.text),
            SourceFormat::Rails => rails::import(&self.text),
            SourceFormat::Mongodb => mongodb::import(&self.text),
            SourceFormat::Cql => cql::import(&self.text),
            SourceFormat::Dynamodb => dynamodb::import(&self.text),
            SourceFormat::Sql => return,
        };
        let detected = Detection { dialect: schema.dialect, ..self.detected };
        self.detected = detected;
        self.other = Some(ImportResult { schema, diagnostics, detected, stats, databases: Vec::new() });
        self.done = true;
    }

    /// Processes up to `max_statements` statements; returns true when the whole text is done.
    pub fn step(&mut self, max_statements: usize) -> bool {
        if !self.detected.format.is_sql() {
            if self.other.is_none() {
                self.read_other();
            }
            return true;
        }
        let mut n = 0;
        while !self.done && n < max_statements {
            // A boundary a point may be left at, and the splitter as it is there.
            let before = self
                .aim
                .filter(|&aim| read_through(&self.text, self.splitter.pos).is_some_and(|end| end <= aim))
                .map(|_| self.splitter.clone());
            if before.is_none() {
                // Boundaries only move on: no later one qualifies either.
                self.aim = None;
            }
            let next = self.splitter.next(&self.text);
            if let (Some(before), Some(aim)) = (before, self.aim) {
                let last = next.is_none() || read_through(&self.text, self.splitter.pos).is_none_or(|end| end > aim);
                if last {
                    self.leave_point(before);
                }
            }
            match next {
                Some(stmt) => {
                    if self.splitter.vars.len() != self.state.vars.len() {
                        self.state.vars = self.splitter.vars.clone();
                    }
                    self.state.statement(&self.text, &stmt);
                    n += 1;
                }
                None => self.done = true,
            }
        }
        self.done
    }

    /// Leaves the point at the boundary `before` was at (the state is still as it was there),
    /// unless it is the point this import went on from.
    fn leave_point(&mut self, before: lex::Splitter) {
        self.aim = None;
        if self.point.as_ref().is_some_and(|p| p.splitter.pos == before.pos) {
            return;
        }
        let Some(prefix_len) = read_through(&self.text, before.pos) else { return };
        self.point = Some(ResumePoint {
            splitter: before,
            state: self.state.clone(),
            prefix_len,
            dialect: self.detected.dialect,
            options: self.options.clone(),
        });
    }

    /// Bytes processed so far and the total, for a progress indicator.
    pub fn progress(&self) -> (usize, usize) {
        let total = self.text.len();
        (if self.done { total } else { self.splitter.pos.min(total) }, total)
    }

    pub fn finish(self) -> ImportResult {
        self.finish_keeping().0
    }

    /// [`Importer::finish`], giving back the text and the point left for the next text.
    pub fn finish_keeping(mut self) -> (ImportResult, String, Option<ResumePoint>) {
        while !self.step(usize::MAX) {}
        let point = self.point.take();
        if let Some(result) = self.other.take() {
            return (result, self.text, point);
        }
        let src = self.text.as_str();
        for (at, message) in std::mem::take(&mut self.splitter.errors) {
            let line: String = src[at..].lines().next().unwrap_or("").trim().chars().take(200).collect();
            self.state.diag(src, Severity::Error, at, at + 1, &line, message);
        }
        self.state.finish(src);
        let mut diagnostics = self.state.diagnostics;
        diagnostics.sort_by_key(|d| d.span.start);
        let databases = std::mem::take(&mut self.state.databases);
        let result = ImportResult { schema: self.state.schema, diagnostics, detected: self.detected, stats: self.state.stats, databases };
        (result, self.text, point)
    }
}
