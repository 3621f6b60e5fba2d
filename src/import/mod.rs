//! Text → (Schema, diagnostics). Never fails as a whole.
//!
//! CONTRACT (used by ui/, the CLI, tests): `import`, `Importer`, `ImportOptions`, `ImportResult`,
//! `ImportStats`, `Detection`, `detect_dialect`. The import helper owns everything below.

use crate::diagnostic::Diagnostic;
use crate::schema::{Dialect, Schema};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// `None` = detect from the text.
    pub dialect: Option<Dialect>,
}

/// The dialect guessed from the text, with a confidence in 0.0..=1.0.
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct Detection {
    pub dialect: Dialect,
    pub confidence: f32,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
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

#[derive(Clone, Debug)]
pub struct ImportResult {
    pub schema: Schema,
    pub diagnostics: Vec<Diagnostic>,
    pub detected: Detection,
    pub stats: ImportStats,
}

/// Detects the dialect of `text`.
pub fn detect_dialect(_text: &str) -> Detection {
    Detection { dialect: Dialect::Generic, confidence: 0.0 }
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
    done: bool,
}

impl Importer {
    pub fn new(text: String, options: &ImportOptions) -> Self {
        let detected = match options.dialect {
            Some(dialect) => Detection { dialect, confidence: 1.0 },
            None => detect_dialect(&text),
        };
        Importer { text, detected, done: false }
    }

    /// Processes up to `max_statements` statements; returns true when the whole text is done.
    pub fn step(&mut self, _max_statements: usize) -> bool {
        self.done = true;
        self.done
    }

    /// Bytes processed so far and the total, for a progress indicator.
    pub fn progress(&self) -> (usize, usize) {
        let total = self.text.len();
        (if self.done { total } else { 0 }, total)
    }

    pub fn finish(self) -> ImportResult {
        ImportResult {
            schema: Schema::new(self.detected.dialect),
            diagnostics: Vec::new(),
            detected: self.detected,
            stats: ImportStats::default(),
        }
    }
}
