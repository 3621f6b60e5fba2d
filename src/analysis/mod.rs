//! Design review: the rule catalogue, functional dependencies and normal forms, index advice.
//!
//! Public API (used by ui/, the CLI): `Finding`, `AnalysisConfig`, `check`, `RULES`, `RuleInfo`,
//! `fd::normalize_report`, `advisor::advise`.
//!
//! **Invariant:** findings point at model ids (table, columns, index), never at text offsets.
//!
//! **Invariant:** a fix allocates ids from `schema.next_id` upwards, never below, and two
//! fixes of one `check` run never share an id, so any one of them can be applied after
//! [`reserve_fix_ids`] has moved `next_id` past them (rules only read the schema).

pub mod access;
pub mod advisor;
pub mod baseline;
pub mod config_file;
pub mod distribution;
pub mod fd;
pub mod listing;
pub mod partitioning;
pub mod render;
pub mod report;
pub mod rules;
pub mod scale;
pub mod suppress;
pub mod tenancy;
mod walk;
pub use walk::IdSource;

#[cfg(test)]
pub(crate) mod testkit;

use crate::diagnostic::Severity;
use crate::edit::Edit;
use crate::schema::{ColumnId, IndexId, Schema, Span, TableId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a rule reports: it points at model ids, never at text offsets.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// The rule's id, one of [`rules::RULES`] (read back as that rule's own `&'static str`).
    pub rule: &'static str,
    pub severity: Severity,
    pub table: Option<TableId>,
    pub columns: Vec<ColumnId>,
    pub index: Option<IndexId>,
    pub message: String,
    pub help: String,
    /// A suggested fix as edits (one click applies it; undoable).
    pub fix: Option<Vec<Edit>>,
}

/// A [`Finding`] as read back (its rule id an owned string until it is found in the catalogue).
#[derive(Deserialize)]
struct FindingWire {
    rule: String,
    severity: Severity,
    table: Option<TableId>,
    columns: Vec<ColumnId>,
    index: Option<IndexId>,
    message: String,
    help: String,
    fix: Option<Vec<Edit>>,
}

/// Written by hand: serde's derive would ask the input to live for `'static` (the rule id's
/// lifetime). A rule id no rule has is an error.
impl<'de> Deserialize<'de> for Finding {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Finding, D::Error> {
        let FindingWire { rule, severity, table, columns, index, message, help, fix } = FindingWire::deserialize(d)?;
        let known = rules::RULES.iter().map(|r| r.info.id).find(|known| *known == rule);
        let rule = known.ok_or_else(|| serde::de::Error::custom(format!("no rule is named {rule:?}")))?;
        Ok(Finding { rule, severity, table, columns, index, message, help, fix })
    }
}

/// Static facts about a rule, for the catalogue, docs and settings UI.
#[derive(Clone, Debug)]
pub struct RuleInfo {
    pub id: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    pub category: Category,
    /// Whether the rule's findings carry a fix, and whether applying it to a live database is
    /// safe (see [`FixSafety`]).
    pub fix: FixSafety,
    /// The rule's documentation (What it does / Why is this bad / Example / Fix): written once,
    /// in `rules/<rule>.md`, which is also the rule module's doc comment.
    pub doc: &'static str,
}

/// The groups of the catalogue, in the order `erdsmith rule` lists them.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// Primary and foreign keys, relationships between tables.
    Keys,
    Indexes,
    /// Column types and names.
    Types,
    Normalization,
    Security,
    /// Index advice from a query workload (`AnalysisConfig::workload`).
    Workload,
    /// Scale advice: partitioning, distribution (sharding) and multi-tenancy.
    Scale,
    /// Document, wide-column and key-value designs (MongoDB, Cassandra, DynamoDB).
    Nosql,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Keys => "keys",
            Category::Indexes => "indexes",
            Category::Types => "types",
            Category::Normalization => "normalization",
            Category::Security => "security",
            Category::Workload => "workload",
            Category::Scale => "scale",
            Category::Nosql => "nosql",
        }
    }
}

/// What applying a rule's fix does to a database that has data.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FixSafety {
    /// The rule offers no fix.
    None,
    /// Adds or drops an index that nothing else needs: no row changes, no statement that ran
    /// before fails after it.
    Safe,
    /// Changes what the data may hold or how it is stored (a type, NOT NULL, a key, a column or
    /// table moved, an index a query may still need): it can fail on existing rows, lose
    /// precision or change behaviour. Review before applying.
    Unsafe,
}

impl FixSafety {
    pub fn as_str(self) -> &'static str {
        match self {
            FixSafety::None => "none",
            FixSafety::Safe => "safe",
            FixSafety::Unsafe => "unsafe",
        }
    }
}

/// Per-project analysis settings, saved with the project.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AnalysisConfig {
    /// Rule ids switched off.
    #[serde(default)]
    pub disabled: Vec<String>,
    #[serde(default)]
    pub thresholds: Thresholds,
    /// Declared functional dependencies per table name (`"a, b -> c"`), used by `normalize`.
    #[serde(default)]
    pub fds: BTreeMap<String, Vec<String>>,
    /// The FD text the inspector's Normalization section holds per table (one `a, b -> c` per
    /// line, kept verbatim, bad lines included, so the user gets back what they typed). Keyed
    /// by `TableId`, not name: ids survive a rename in the editor and are saved with the
    /// schema, so the text follows its table; it lives here, not in the model, because it is
    /// a claim about the data for analysis, not DDL (exports and diffs never see it).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub table_fds: BTreeMap<TableId, String>,
    /// The query workload pasted into the Workload panel (`advisor::advise` reads it).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub workload: String,
    /// A severity per rule id in place of the rule's own (`erdsmith.toml`'s `[rules]`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub severities: BTreeMap<String, Severity>,
    /// Findings a team chose not to see, per table (`erdsmith.toml`'s `[[ignore]]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignores: Vec<Ignore>,
    /// Estimated rows per table, read from the text's `-- erdsmith:rows N` comments
    /// ([`partitioning::row_estimates`]); derived from the text on each review, never saved.
    #[serde(skip)]
    pub row_estimates: BTreeMap<TableId, u64>,
}

/// Findings on some tables not reported: `table` is a name or `schema.name`, compared without
/// case, with an optional `*` at the end for a prefix (`"staging_*"`, `"*"`); `rules` empty
/// means every rule. `reason` says why (an ignore without one is reported as a warning when
/// the config is read).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Ignore {
    pub table: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

impl Ignore {
    /// Whether this ignore covers a finding of `rule` on a table named `name` (`qualified`:
    /// with its schema).
    pub fn covers(&self, rule: &str, name: &str, qualified: &str) -> bool {
        let pattern = self.table.to_lowercase();
        let matches = |n: &str| match pattern.strip_suffix('*') {
            Some(prefix) => n.to_lowercase().starts_with(prefix),
            None => n.eq_ignore_ascii_case(&pattern),
        };
        (self.rules.is_empty() || self.rules.iter().any(|r| r == rule)) && (matches(name) || matches(qualified))
    }
}

/// Numbers the configurable rules compare against.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Thresholds {
    /// `too-many-indexes` fires above this many indexes on one table.
    pub max_indexes: usize,
    /// `too-many-columns` fires above this many columns.
    pub max_columns: usize,
    /// `wide-index` fires above this many key parts.
    pub max_index_columns: usize,
    /// `tenant-key-missing`, the other multi-tenancy rules and the distribution advisor's
    /// findings need at least this share of tables to carry the tenant key.
    pub tenant_share: f64,
    /// `partition-large-time-table` fires on time-keyed tables with at least this many rows
    /// (estimated by `-- erdsmith:rows N` comments, see [`partitioning`]).
    pub partition_rows: u64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds { max_indexes: 8, max_columns: 40, max_index_columns: 5, tenant_share: 0.6, partition_rows: 10_000_000 }
    }
}

impl AnalysisConfig {
    /// The FD text declared for a table in the inspector (empty when none).
    pub fn declared_fds(&self, table: TableId) -> &str {
        self.table_fds.get(&table).map_or("", String::as_str)
    }

    /// Stores a table's FD text; blank text removes the entry.
    pub fn set_declared_fds(&mut self, table: TableId, text: &str) {
        if text.trim().is_empty() {
            self.table_fds.remove(&table);
        } else {
            self.table_fds.insert(table, text.to_string());
        }
    }

    pub fn is_enabled(&self, rule: &str) -> bool {
        !self.disabled.iter().any(|d| d == rule)
    }

    /// The severity `rule` reports with under this config.
    pub fn severity_of(&self, rule: &str) -> Option<Severity> {
        self.severities.get(rule).copied().or_else(|| rules::rule(rule).map(|r| r.info.severity))
    }
}

/// Moves `schema.next_id` past every id the edits create (tables, columns, indexes), so that
/// `edit::apply` accepts them as allocated. Call it before applying a finding's fix.
pub fn reserve_fix_ids(schema: &mut Schema, edits: &[Edit]) {
    fn max_id(e: &Edit) -> u32 {
        match e {
            Edit::Batch(list) => list.iter().map(max_id).max().unwrap_or(0),
            Edit::AddTable { table } | Edit::ReplaceTable { table } => table
                .columns
                .iter()
                .map(|c| c.id.0)
                .chain(table.indexes.iter().map(|i| i.id.0))
                .chain([table.id.0])
                .max()
                .unwrap_or(0),
            Edit::AddColumn { column, .. } => column.id.0,
            Edit::PutIndex { index, .. } => index.id.0,
            _ => 0,
        }
    }
    let top = edits.iter().map(max_id).max().unwrap_or(0);
    if top >= schema.next_id {
        schema.next_id = top + 1;
    }
}

/// Runs every enabled rule over the schema.
pub fn check(schema: &Schema, config: &AnalysisConfig) -> Vec<Finding> {
    let mut review = Review::default();
    while !review.step(schema, config) {}
    review.finish(schema, config)
}

/// [`check`] a rule at a time, so that a caller with a frame to keep (the UI) can run the
/// review in slices: `step` until it returns `true`, then `finish`. The schema and the
/// settings must be the same at every call (the UI starts a new review when they change).
/// The findings are [`check`]'s, in the same order (`tests/it/analysis.rs`,
/// `a_review_in_steps_finds_what_check_finds`).
#[derive(Default)]
pub struct Review {
    /// The next rule of `rules::RULES` to run.
    next: usize,
    /// Where fix ids come from, kept from one step to the next (`None` before the first).
    next_id: Option<u32>,
    /// The workload advice, once a step computed it.
    advice: std::cell::OnceCell<Option<advisor::Advice>>,
    findings: Vec<Finding>,
}

impl Review {
    /// Runs the next enabled rule; `true` when every rule has run.
    pub fn step(&mut self, schema: &Schema, config: &AnalysisConfig) -> bool {
        let ids = walk::IdSource::starting_at(self.next_id.unwrap_or(schema.next_id));
        let cx = rules::Ctx::resume(schema, config, &ids, std::mem::take(&mut self.advice));
        while let Some(rule) = rules::RULES.get(self.next) {
            self.next += 1;
            if config.is_enabled(rule.info.id) && rules::applies(rule.info.id, schema.source) {
                (rule.check)(&cx, &mut self.findings);
                break;
            }
        }
        self.advice = cx.into_advice();
        self.next_id = Some(ids.peek());
        self.next >= rules::RULES.len()
    }

    /// How many rules have run (or been skipped), of how many.
    pub fn progress(&self) -> (usize, usize) {
        (self.next.min(rules::RULES.len()), rules::RULES.len())
    }

    /// The findings, once every step has run: partitions folded, severities and ignores of
    /// `config` applied.
    pub fn finish(self, schema: &Schema, config: &AnalysisConfig) -> Vec<Finding> {
        let mut findings = self.findings;
        fold_partitions(schema, &mut findings);
        for f in &mut findings {
            if let Some(severity) = config.severities.get(f.rule) {
                f.severity = *severity;
            }
        }
        if !config.ignores.is_empty() {
            findings.retain(|f| {
                let Some(t) = f.table.and_then(|t| schema.table(t)) else { return true };
                let qualified = t.qualified_name();
                !config.ignores.iter().any(|i| i.covers(f.rule, &t.name, &qualified))
            });
        }
        findings
    }
}

/// Where the text defines what a finding is about: the index's statement (`CREATE INDEX`), else
/// the first of its columns' definitions, else its table's statement. `None` for a model that
/// was not imported from text (or an object without a span).
pub fn locate(schema: &Schema, f: &Finding) -> Option<Span> {
    let t = f.table.and_then(|t| schema.table(t))?;
    let index = f.index.and_then(|i| t.indexes.iter().find(|x| x.id == i)).and_then(|ix| ix.span);
    index.or_else(|| f.columns.iter().find_map(|c| t.column(*c).and_then(|c| c.span))).or(t.span)
}

/// A rule that fires on several partitions of one partitioned table reports once, on that
/// table (pagila's 7 `payment_p2022_*` partitions gave 7 copies of each warning): the message
/// says on how many partitions, and the fix is every partition's fix as one step.
fn fold_partitions(schema: &Schema, findings: &mut Vec<Finding>) {
    // The same finding: same rule, same partitioned table, same column names.
    let mut groups: BTreeMap<(TableId, &'static str, Vec<String>), Vec<usize>> = BTreeMap::new();
    for (i, f) in findings.iter().enumerate() {
        if let Some(parent) = f.table.and_then(|t| schema.table(t)).and_then(|t| t.parent) {
            let names = f.columns.iter().filter_map(|c| schema.column(*c)).map(|(_, c)| c.name.to_lowercase()).collect();
            groups.entry((parent, f.rule, names)).or_default().push(i);
        }
    }
    let mut dropped = vec![false; findings.len()];
    for ((parent, _, _), idx) in groups {
        let Some(p) = schema.table(parent) else { continue };
        if idx.len() < 2 {
            continue;
        }
        let fix = idx
            .iter()
            .map(|&i| findings.get(i).and_then(|f| f.fix.clone()))
            .collect::<Option<Vec<Vec<Edit>>>>()
            .map(|fixes| fixes.into_iter().flatten().collect::<Vec<Edit>>());
        let Some((&first, rest)) = idx.split_first() else { continue };
        let Some(f) = findings.get_mut(first) else { continue };
        let partition = f.table.and_then(|t| schema.table(t)).map(|t| t.name.clone()).unwrap_or_default();
        // The parent's columns of the same names (a partition has its parent's columns).
        f.columns = f
            .columns
            .iter()
            .filter_map(|c| schema.column(*c).and_then(|(_, col)| p.column_by_name(&col.name)).map(|c| c.id))
            .collect();
        f.table = Some(parent);
        f.index = None;
        f.message = format!("{} (on {} partitions of `{}`; shown for `{partition}`)", f.message, idx.len(), p.name);
        f.fix = fix;
        for &i in rest {
            if let Some(d) = dropped.get_mut(i) {
                *d = true;
            }
        }
    }
    let mut dropped = dropped.into_iter();
    findings.retain(|_| !dropped.next().unwrap_or(false));
}

/// One row of the rule settings view: a registered rule and whether `config` runs it.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleSetting {
    pub id: &'static str,
    pub summary: &'static str,
    pub severity: Severity,
    pub enabled: bool,
}

/// Every registered rule, in registry order, with its on/off state and severity under `config`.
pub fn rule_settings(config: &AnalysisConfig) -> Vec<RuleSetting> {
    rules::RULES
        .iter()
        .map(|r| RuleSetting {
            id: r.info.id,
            summary: r.info.summary,
            severity: config.severities.get(r.info.id).copied().unwrap_or(r.info.severity),
            enabled: config.is_enabled(r.info.id),
        })
        .collect()
}

impl AnalysisConfig {
    /// Switches a rule on or off; `disabled` stays sorted and free of duplicates.
    pub fn set_enabled(&mut self, rule: &str, on: bool) {
        self.disabled.retain(|d| d != rule);
        if !on {
            self.disabled.push(rule.to_string());
            self.disabled.sort();
        }
    }
}

/// Parses a threshold typed in a settings field: a whole number of at least 1, or `None`.
pub fn parse_count_threshold(text: &str) -> Option<usize> {
    text.trim().parse::<usize>().ok().filter(|n| *n >= 1)
}
