//! Messages about the user's input or model, shared by import, export and analysis.

use crate::schema::Span;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How serious a diagnostic or finding is. Ordered by seriousness: `Info < Warning < Error`
/// (the variants' order), so "at least a warning" is `>= Severity::Warning`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A problem found in the input text, located by line and column (1-based).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub span: Span,
    pub message: String,
    /// The first line of the statement it is about (trimmed), for context in lists.
    pub statement: String,
}

impl Diagnostic {
    /// `FILE:LINE:COL: severity: message`, the CLI's stderr format.
    pub fn render(&self, file: &str) -> String {
        format!("{file}:{}:{}: {}: {}", self.span.line, self.span.column, self.severity, self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::Severity;

    #[test]
    fn severities_are_ordered_by_seriousness() {
        assert!(Severity::Error > Severity::Warning && Severity::Warning > Severity::Info);
        let mut all = [Severity::Warning, Severity::Error, Severity::Info];
        all.sort();
        assert_eq!(all, [Severity::Info, Severity::Warning, Severity::Error]);
        assert_eq!(all.iter().max(), Some(&Severity::Error));
    }
}
