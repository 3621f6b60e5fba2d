//! `erdsmith.toml`, the review settings a team keeps in its repository: rules on or off, their
//! severities, the thresholds and per-table ignores. The CLI reads it (`--config`, else the
//! file next to the input, else in the working directory); the app's Rule settings import and
//! export it. Only the settings part of [`AnalysisConfig`] is in it (not the FDs or the
//! workload, which are claims about one schema's data).
//!
//! ```toml
//! [rules]
//! pii-column = "off"          # off, on (the rule's own severity), error, warning or info
//! char-field = "error"
//!
//! [thresholds]
//! max-indexes = 10
//! partition-rows = 50_000_000  # partition-large-time-table: rows from `-- erdsmith:rows N`
//!
//! [[ignore]]
//! table = "audit_log"         # name or schema.name; a trailing * matches a prefix
//! rules = ["missing-primary-key"]   # none: every rule
//! reason = "append-only, never updated"
//! ```
//!
//! An unknown key, rule or value is an error with line:column (a typo must not switch a
//! rule off silently); an ignore without a reason is a warning.

use super::{AnalysisConfig, Ignore, Thresholds, rules};
use crate::diagnostic::{Diagnostic, Severity};
use crate::schema::Span;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use toml::Spanned;

/// A config file that cannot be read: where and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for ConfigError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileIn {
    #[serde(default)]
    rules: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    thresholds: Option<ThresholdsIn>,
    #[serde(default)]
    ignore: Vec<Spanned<IgnoreIn>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ThresholdsIn {
    max_indexes: Option<usize>,
    max_columns: Option<usize>,
    max_index_columns: Option<usize>,
    tenant_share: Option<f64>,
    partition_rows: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IgnoreIn {
    table: String,
    #[serde(default)]
    rules: Vec<Spanned<String>>,
    #[serde(default)]
    reason: String,
}

#[derive(Serialize)]
struct FileOut<'a> {
    rules: BTreeMap<&'a str, &'a str>,
    thresholds: ThresholdsOut,
    #[serde(skip_serializing_if = "<[Ignore]>::is_empty")]
    ignore: &'a [Ignore],
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct ThresholdsOut {
    max_indexes: usize,
    max_columns: usize,
    max_index_columns: usize,
    tenant_share: f64,
    partition_rows: u64,
}

/// 1-based line and column (in characters) of byte `at` of `text`.
fn position(text: &str, at: usize) -> (u32, u32) {
    let before = text.get(..at).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line as u32, column as u32)
}

fn error_at(text: &str, at: usize, message: String) -> ConfigError {
    let (line, column) = position(text, at);
    ConfigError { line, column, message }
}

/// Reads `text` onto `base`: the rules it names are switched and given their severity, the
/// thresholds it gives replace those of `base`, its ignores are added. Returns the config and
/// warnings (an ignore without a reason), each with line:column.
pub fn read(text: &str, base: &AnalysisConfig) -> Result<(AnalysisConfig, Vec<Diagnostic>), ConfigError> {
    let file: FileIn = toml::from_str(text).map_err(|e| {
        let at = e.span().map_or(0, |s| s.start);
        error_at(text, at, e.message().trim().to_string())
    })?;
    let mut config = base.clone();
    let mut warnings = Vec::new();
    let known = |id: &str, at: usize| -> Result<(), ConfigError> {
        match rules::rule(id) {
            Some(_) => Ok(()),
            None => Err(error_at(text, at, format!("no rule `{id}` (see `erdsmith rule`)"))),
        }
    };
    for (id, value) in &file.rules {
        known(id, value.span().start)?;
        config.disabled.retain(|d| d != id);
        config.severities.remove(id);
        match value.get_ref().as_str() {
            "on" => {}
            "off" => config.set_enabled(id, false),
            level => {
                let severity = match level {
                    "error" => Severity::Error,
                    "warning" => Severity::Warning,
                    "info" => Severity::Info,
                    other => {
                        return Err(error_at(
                            text,
                            value.span().start,
                            format!("`{id} = \"{other}\"`: expected off, on, error, warning or info"),
                        ));
                    }
                };
                config.severities.insert(id.clone(), severity);
            }
        }
    }
    if let Some(t) = file.thresholds {
        let th = &mut config.thresholds;
        th.max_indexes = t.max_indexes.unwrap_or(th.max_indexes);
        th.max_columns = t.max_columns.unwrap_or(th.max_columns);
        th.max_index_columns = t.max_index_columns.unwrap_or(th.max_index_columns);
        th.tenant_share = t.tenant_share.unwrap_or(th.tenant_share);
        th.partition_rows = t.partition_rows.unwrap_or(th.partition_rows);
    }
    for entry in file.ignore {
        let at = entry.span().start;
        let entry = entry.into_inner();
        for r in &entry.rules {
            known(r.get_ref(), r.span().start)?;
        }
        let ignore = Ignore {
            table: entry.table,
            rules: entry.rules.into_iter().map(Spanned::into_inner).collect(),
            reason: entry.reason.trim().to_string(),
        };
        if ignore.reason.is_empty() {
            let (line, column) = position(text, at);
            warnings.push(Diagnostic {
                severity: Severity::Warning,
                span: Span { start: at as u32, end: at as u32, line, column },
                message: format!("the ignore of table `{}` gives no reason: add `reason = \"…\"`", ignore.table),
                statement: String::new(),
            });
        }
        config.ignores.push(ignore);
    }
    Ok((config, warnings))
}

/// The settings of `config` as an `erdsmith.toml`: every rule that is off or has another
/// severity than its own, all thresholds, every ignore. [`read`] onto a default config gives
/// those settings back.
pub fn write(config: &AnalysisConfig) -> String {
    let mut rules_out = BTreeMap::new();
    for r in rules::RULES {
        let id = r.info.id;
        if !config.is_enabled(id) {
            rules_out.insert(id, "off");
        } else if let Some(s) = config.severities.get(id).filter(|s| **s != r.info.severity) {
            rules_out.insert(id, s.as_str());
        }
    }
    let t: &Thresholds = &config.thresholds;
    let file = FileOut {
        rules: rules_out,
        thresholds: ThresholdsOut {
            max_indexes: t.max_indexes,
            max_columns: t.max_columns,
            max_index_columns: t.max_index_columns,
            tenant_share: t.tenant_share,
            partition_rows: t.partition_rows,
        },
        ignore: &config.ignores,
    };
    let body = toml::to_string(&file).unwrap_or_default();
    format!("# erdsmith.toml: design review settings (read by `erdsmith check`; the app's Rule settings import and export it).\n# [rules] values: off, on, error, warning, info. `erdsmith rule` lists the rules.\n\n{body}")
}

/// The settings part of `config` back to defaults (FDs and workload kept): what an imported
/// file is read onto, so that importing it gives exactly its settings.
pub fn without_settings(config: &AnalysisConfig) -> AnalysisConfig {
    AnalysisConfig {
        disabled: Vec::new(),
        thresholds: Thresholds::default(),
        severities: BTreeMap::new(),
        ignores: Vec::new(),
        ..config.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::{read, write};
    use crate::analysis::{AnalysisConfig, Ignore};
    use crate::diagnostic::Severity;

    #[test]
    fn written_settings_read_back_the_same() {
        let mut c = AnalysisConfig::default();
        c.set_enabled("pii-column", false);
        c.set_enabled("orphan-table", false);
        c.severities.insert("char-field".into(), Severity::Error);
        c.thresholds.max_indexes = 3;
        c.thresholds.tenant_share = 0.75;
        c.thresholds.partition_rows = 2_500_000;
        c.ignores.push(Ignore { table: "audit \"log\"".into(), rules: vec!["missing-primary-key".into()], reason: "append-only".into() });
        c.ignores.push(Ignore { table: "staging_*".into(), rules: vec![], reason: "scratch = tables".into() });
        let text = write(&c);
        let (back, warnings) = read(&text, &AnalysisConfig::default()).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert!(warnings.is_empty());
        assert_eq!(back, c, "{text}");
    }

    #[test]
    fn errors_name_line_and_column() {
        let e = read("[rules]\nmissing-primary-key = \"off\"\nno-such-rule = \"off\"\n", &AnalysisConfig::default()).unwrap_err();
        assert_eq!((e.line, e.column), (3, 16), "{e}");
        let e = read("[rules]\nchar-field = \"loud\"\n", &AnalysisConfig::default()).unwrap_err();
        assert_eq!(e.line, 2, "{e}");
        assert!(e.message.contains("expected off, on"), "{e}");
        let e = read("[thresholds]\nmax-index = 3\n", &AnalysisConfig::default()).unwrap_err();
        assert_eq!(e.line, 2, "{e}");
        let e = read("[rules\n", &AnalysisConfig::default()).unwrap_err();
        assert_eq!(e.line, 1, "{e}");
    }

    #[test]
    fn an_ignore_without_reason_is_a_warning() {
        let (c, w) = read("[[ignore]]\ntable = \"t\"\n\n[[ignore]]\ntable = \"u\"\nreason = \"why\"\n", &AnalysisConfig::default()).unwrap();
        assert_eq!(c.ignores.len(), 2);
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].span.line, 1);
        assert!(w[0].message.contains("`t`"));
    }
}
