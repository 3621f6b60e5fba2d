//! Helpers of the rules' unit tests: run one rule on a schema written in the crate's one test
//! notation ([`crate::testkit`]) and compare its findings.

use crate::schema::{Dialect, Schema};
pub(crate) use crate::testkit::schema;

/// Runs one rule on the schema and renders its findings one per line as
/// `table: col, col: message`, the way rule tests compare them.
pub fn run(rule: &crate::analysis::rules::Rule, dialect: Dialect, text: &str) -> Vec<String> {
    run_with(rule, &schema(dialect, text), &Default::default())
}

pub fn run_with(
    rule: &crate::analysis::rules::Rule,
    s: &Schema,
    config: &crate::analysis::AnalysisConfig,
) -> Vec<String> {
    findings(rule, s, config)
        .iter()
        .map(|f| {
            let t = f.table.and_then(|t| s.table(t)).unwrap();
            let cols = crate::analysis::walk::col_names(t, &f.columns);
            format!("{}: {}: {}", t.name, cols, f.message)
        })
        .collect()
}

pub fn findings(
    rule: &crate::analysis::rules::Rule,
    s: &Schema,
    config: &crate::analysis::AnalysisConfig,
) -> Vec<crate::analysis::Finding> {
    let ids = crate::analysis::walk::IdSource::new(s);
    let mut out = Vec::new();
    (rule.check)(&crate::analysis::rules::Ctx::new(s, config, &ids), &mut out);
    for f in &out {
        assert_eq!(f.rule, rule.info.id);
        assert_eq!(f.severity, rule.info.severity);
        assert!(f.table.is_some(), "findings point at a table");
    }
    out
}

/// Asserts the rule's rendered findings equal `expect` (order-sensitive).
#[track_caller]
pub fn check(rule: &crate::analysis::rules::Rule, dialect: Dialect, text: &str, expect: &[&str]) {
    let got = run(rule, dialect, text);
    assert_eq!(got, expect, "findings of {}", rule.info.id);
}

/// Asserts the rule finds nothing.
#[track_caller]
pub fn clean(rule: &crate::analysis::rules::Rule, dialect: Dialect, text: &str) {
    check(rule, dialect, text, &[]);
}

/// Asserts the rule fires exactly once on the given table and that the message mentions `needle`.
#[track_caller]
pub fn fires(rule: &crate::analysis::rules::Rule, dialect: Dialect, text: &str, needle: &str) {
    let got = run(rule, dialect, text);
    assert_eq!(got.len(), 1, "{} expected one finding, got {got:#?}", rule.info.id);
    assert!(got[0].contains(needle), "{:?} should mention {needle:?}", got[0]);
}

/// Asserts a tenancy rule fires on `s` through the whole review, and not when the tenant share
/// threshold is above 100%, when the rule is switched off, or when `s` is read from `nosql`
/// (a document, wide-column or key-value source).
#[track_caller]
pub fn tenancy_switches(rule: &crate::analysis::rules::Rule, s: &Schema, nosql: crate::schema::SourceFormat) {
    use crate::analysis::{AnalysisConfig, check};
    let fires = |s: &Schema, c: &AnalysisConfig| check(s, c).iter().any(|f| f.rule == rule.info.id);
    let mut config = AnalysisConfig::default();
    assert!(fires(s, &config), "{} fires", rule.info.id);
    config.thresholds.tenant_share = 1.01;
    assert!(!fires(s, &config), "{}: over the tenant share threshold", rule.info.id);
    config.thresholds.tenant_share = 0.6;
    config.set_enabled(rule.info.id, false);
    assert!(!fires(s, &config), "{}: switched off", rule.info.id);
    let mut other = s.clone();
    other.source = nosql;
    assert!(!fires(&other, &AnalysisConfig::default()), "{}: a {nosql:?} source", rule.info.id);
}

/// A MongoDB, CQL or DynamoDB text through its importer: the paradigm rules read what only the
/// importer writes (key roles, embedding and inferred-reference marks).
pub fn nosql(format: crate::schema::SourceFormat, text: &str) -> Schema {
    let r = crate::import::import(text, &crate::import::ImportOptions { format: Some(format), ..Default::default() });
    assert!(r.diagnostics.iter().all(|d| d.severity != crate::diagnostic::Severity::Error), "{:?}", r.diagnostics);
    r.schema
}

/// The messages of `rule`'s findings with the default settings.
pub fn messages(rule: &crate::analysis::rules::Rule, s: &Schema) -> Vec<String> {
    findings(rule, s, &crate::analysis::AnalysisConfig::default()).into_iter().map(|f| f.message).collect()
}

/// The findings of `rule` on `s` with `workload` as the review's workload.
pub fn workload_findings(rule: &crate::analysis::rules::Rule, s: &Schema, workload: &str) -> Vec<crate::analysis::Finding> {
    findings(rule, s, &crate::analysis::AnalysisConfig { workload: workload.into(), ..Default::default() })
}

/// Asserts a workload rule (`workload-*`) finds nothing without a workload and exactly one
/// finding of its own on a small shop schema with one query.
#[track_caller]
pub fn workload_rule_reports_once(rule: &crate::analysis::rules::Rule) {
    use crate::analysis::AnalysisConfig;
    const SHOP: &str = "table orders\nid bigint | pk\ncustomer_id bigint\nstatus text\ncreated_at timestamptz\nindex customer_id\nindex status";
    let s = schema(Dialect::Postgres, SHOP);
    assert!(findings(rule, &s, &AnalysisConfig::default()).is_empty(), "no workload, no finding");
    let found = workload_findings(rule, &s, "SELECT * FROM orders WHERE customer_id = 1 ORDER BY created_at DESC;");
    assert!(found.iter().all(|f| f.rule == rule.info.id), "{found:?}");
    assert_eq!(found.len(), 1, "{found:?}");
}
