//! Integration tests for `analysis`: the public contract (catalogue, config file format,
//! `check`, `normalize_report`, the advisor) on schemas built through the model's API.

use erdsmith::analysis::rules::RULES;
use erdsmith::analysis::{AnalysisConfig, advisor, check, fd, render};
use erdsmith::diagnostic::Severity;
use erdsmith::schema::{
    Column, ColumnId, DataType, Dialect, ForeignKey, PrimaryKey, Schema, Table, TableId,
};

/// A table from `name type` pairs; the first column is the primary key when `pk`.
fn table(s: &mut Schema, name: &str, cols: &[(&str, &str)], pk: bool) -> TableId {
    let id = TableId(s.fresh_id());
    let mut t = Table::new(id, None, name);
    for (n, ty) in cols {
        let mut c = Column::new(ColumnId(s.fresh_id()), *n, DataType::parse(ty));
        c.nullable = !(pk && t.columns.is_empty());
        t.columns.push(c);
    }
    if pk {
        t.primary_key = Some(PrimaryKey { name: None, columns: vec![t.columns[0].id] });
    }
    s.tables.push(t);
    id
}

fn fk(s: &mut Schema, from: TableId, col: &str, to: TableId) {
    let to_col = s.table(to).unwrap().columns[0].id;
    let t = s.table_mut(from).unwrap();
    let c = t.column_by_name(col).unwrap().id;
    t.foreign_keys.push(ForeignKey {
        name: None,
        columns: vec![c],
        ref_table: to,
        ref_columns: vec![to_col],
        on_delete: Default::default(),
        on_update: Default::default(),
        deferrable: false,
        initially_deferred: false,
    });
}

fn shop(dialect: Dialect) -> Schema {
    let mut s = Schema::new(dialect);
    let customers = table(&mut s, "customers", &[("id", "bigint"), ("email", "text"), ("password", "varchar(100)")], true);
    let orders = table(
        &mut s,
        "orders",
        &[("id", "bigint"), ("customer_id", "integer"), ("customer_email", "text"), ("total", "double precision"), ("created_at", "timestamp")],
        true,
    );
    fk(&mut s, orders, "customer_id", customers);
    table(&mut s, "audit_log", &[("at", "timestamptz"), ("message", "text")], false);
    s.validate().unwrap();
    s
}

/// The rule ids the issue requires; each must be in the catalogue.
const REQUIRED: &[&str] = &[
    "missing-primary-key", "fk-type-mismatch", "fk-references-non-unique", "nullable-fk-in-identifying-relationship",
    "circular-foreign-keys", "orphan-table", "polymorphic-association", "entity-attribute-value",
    "unindexed-foreign-key", "duplicate-index", "redundant-index", "unique-index-duplicates-primary-key",
    "too-many-indexes", "low-selectivity-index", "wide-index", "nullable-unique-columns", "table-without-index",
    "float-for-money", "timestamp-without-time-zone", "serial-instead-of-identity", "varchar-without-length",
    "char-field", "text-primary-key", "reserved-word-identifier", "inconsistent-naming", "too-many-columns",
    "repeating-group", "multi-valued-column", "partial-dependency", "transitive-dependency", "plaintext-secret",
    "pii-column", "tenant-key-missing",
];

#[test]
fn catalogue_has_every_required_rule_with_docs() {
    for id in REQUIRED {
        let rule = erdsmith::analysis::rules::rule(id).unwrap_or_else(|| panic!("missing rule {id}"));
        for section in ["## What it does", "## Why is this bad?", "## Example", "## Fix"] {
            assert!(rule.info.doc.contains(section), "{id}: {section}");
        }
    }
    assert_eq!(RULES.len(), REQUIRED.len());
    assert_eq!(erdsmith::analysis::rules::rule("orphan-table").unwrap().info.severity, Severity::Info);
    assert_eq!(erdsmith::analysis::rules::rule("pii-column").unwrap().info.severity, Severity::Info);
}

#[test]
fn config_file_format_has_defaults_for_missing_fields() {
    let old: AnalysisConfig = serde_json::from_str(r#"{"disabled": ["orphan-table"]}"#).unwrap();
    assert_eq!(old.disabled, ["orphan-table"]);
    assert_eq!(old.thresholds, Default::default());
    let mut config = AnalysisConfig::default();
    config.thresholds.max_columns = 12;
    config.fds.insert("orders".into(), vec!["customer_id -> customer_email".into()]);
    let text = serde_json::to_string(&config).unwrap();
    assert_eq!(serde_json::from_str::<AnalysisConfig>(&text).unwrap(), config);
    let partial: AnalysisConfig = serde_json::from_str(r#"{"thresholds": {"max_indexes": 3}}"#).unwrap();
    assert_eq!((partial.thresholds.max_indexes, partial.thresholds.max_columns), (3, 40));
}

/// The review of a small shop schema: which rules fire where (by table name).
#[test]
fn shop_review_finds_the_expected_problems() {
    let s = shop(Dialect::Postgres);
    let findings = check(&s, &AnalysisConfig::default());
    let got: Vec<(String, &str)> = findings
        .iter()
        .map(|f| (s.table(f.table.unwrap()).unwrap().name.clone(), f.rule))
        .collect();
    for expect in [
        ("audit_log", "missing-primary-key"),
        ("audit_log", "table-without-index"),
        ("audit_log", "orphan-table"),
        ("orders", "fk-type-mismatch"),
        ("orders", "unindexed-foreign-key"),
        ("orders", "float-for-money"),
        ("orders", "timestamp-without-time-zone"),
        ("orders", "transitive-dependency"),
        ("customers", "plaintext-secret"),
        ("customers", "pii-column"),
    ] {
        assert!(got.iter().any(|(t, r)| t == expect.0 && *r == expect.1), "missing {expect:?} in {got:?}");
    }
    // Dialect-aware: InnoDB indexes foreign keys itself, MySQL has no timestamptz.
    let mysql = check(&shop(Dialect::Mysql), &AnalysisConfig::default());
    assert!(!mysql.iter().any(|f| f.rule == "unindexed-foreign-key" || f.rule == "timestamp-without-time-zone"));
}

#[test]
fn disabled_rules_do_not_run() {
    let s = shop(Dialect::Postgres);
    let all = check(&s, &AnalysisConfig::default());
    let config = AnalysisConfig { disabled: vec!["pii-column".into(), "orphan-table".into()], ..Default::default() };
    let some = check(&s, &config);
    assert!(all.iter().any(|f| f.rule == "pii-column"));
    assert!(!some.iter().any(|f| f.rule == "pii-column" || f.rule == "orphan-table"));
    assert_eq!(some.len(), all.iter().filter(|f| f.rule != "pii-column" && f.rule != "orphan-table").count());
}

#[test]
fn fixes_never_reuse_ids_below_next_id_or_each_other() {
    let s = shop(Dialect::Postgres);
    let findings = check(&s, &AnalysisConfig::default());
    let mut new_ids = Vec::new();
    for f in &findings {
        for e in f.fix.iter().flatten() {
            match e {
                erdsmith::edit::Edit::PutIndex { index, .. } => new_ids.push(index.id.0),
                erdsmith::edit::Edit::AddColumn { column, .. } => new_ids.push(column.id.0),
                _ => {}
            }
        }
    }
    assert!(!new_ids.is_empty());
    assert!(new_ids.iter().all(|id| *id >= s.next_id));
    let before = new_ids.len();
    new_ids.sort_unstable();
    new_ids.dedup();
    assert_eq!(before, new_ids.len(), "two fixes share an id");
}

#[test]
fn json_rendering_is_the_cli_contract() {
    let s = shop(Dialect::Postgres);
    let findings = check(&s, &AnalysisConfig::default());
    let v: serde_json::Value = serde_json::from_str(&render::json(&s, &findings)).unwrap();
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), findings.len());
    for item in list {
        for key in ["rule", "severity", "table", "columns", "message", "fix"] {
            assert!(item.get(key).is_some(), "{key} missing in {item}");
        }
    }
    let mismatch = list.iter().find(|f| f["rule"] == "fk-type-mismatch").unwrap();
    assert_eq!(mismatch["columns"], serde_json::json!(["customer_id"]));
    assert_eq!(mismatch["fix"], "change type of orders.customer_id to bigint");
}

#[test]
fn normalize_report_on_a_transitive_dependency() {
    let s = shop(Dialect::Postgres);
    let out = fd::normalize_report(&s, "orders", &["customer_id -> customer_email".into()], false).unwrap();
    assert!(out.contains("Candidate keys: (id)"), "{out}");
    assert!(out.contains("Normal form: 2NF"), "{out}");
    assert!(out.contains("Violations of 3NF:\n  customer_id -> customer_email"), "{out}");
    assert!(out.contains("R2(customer_id, customer_email)  key (customer_id)"), "{out}");
    let clean = fd::normalize_report(&s, "orders", &[], true).unwrap();
    let v: serde_json::Value = serde_json::from_str(&clean).unwrap();
    assert_eq!(v["normal_form"], "BCNF");
}

#[test]
fn advisor_proposes_dialect_correct_indexes() {
    let s = shop(Dialect::Postgres);
    let advice = advisor::advise(&s, "-- freq: 50\nSELECT * FROM orders WHERE customer_id = $1 ORDER BY created_at DESC");
    let sql: Vec<&str> = advice.proposals.iter().map(|p| p.sql.as_str()).collect();
    assert_eq!(sql, ["CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_created_at_idx ON orders (customer_id, created_at);"]);
    assert_eq!(advice.proposals[0].weight, 50);
    let s = shop(Dialect::Mssql);
    let advice = advisor::advise(&s, "SELECT * FROM orders WHERE customer_id = 1 ORDER BY created_at");
    assert!(advice.proposals[0].sql.ends_with("WITH (ONLINE = ON);"), "{}", advice.proposals[0].sql);
}

/// Every fix of every finding applies through `edit::apply`, leaves a valid schema, and the
/// finding it fixes is gone when the rule runs again.
#[test]
fn fixes_apply_and_resolve_their_finding() {
    let mut s = shop(Dialect::Postgres);
    // More fixable problems: a duplicate index, a nullable unique column, a serial key.
    let customers = s.find_table(None, "customers").unwrap().id;
    let email = s.table(customers).unwrap().column_by_name("email").unwrap().id;
    for unique in [true, false, false] {
        let id = erdsmith::schema::IndexId(s.fresh_id());
        s.table_mut(customers).unwrap().indexes.push(erdsmith::schema::Index {
            id,
            name: Some(format!("ix{}", id.0)),
            unique,
            keys: vec![erdsmith::schema::IndexKey { part: erdsmith::schema::IndexPart::Column(email), descending: false }],
            method: None,
            predicate: None,
            include: Vec::new(),
            span: None,
        });
    }
    table(&mut s, "tags", &[("id", "serial"), ("label", "char(20)"), ("note", "varchar")], true);
    s.validate().unwrap();
    let findings = check(&s, &AnalysisConfig::default());
    let mut applied = 0;
    for f in findings.iter().filter(|f| f.fix.is_some()) {
        let mut copy = s.clone();
        let fix = f.fix.clone().unwrap();
        erdsmith::analysis::reserve_fix_ids(&mut copy, &fix);
        erdsmith::edit::apply(&mut copy, erdsmith::edit::Edit::Batch(fix))
            .unwrap_or_else(|e| panic!("{} fix does not apply: {e}", f.rule));
        copy.validate().unwrap_or_else(|e| panic!("{} fix breaks the schema: {e}", f.rule));
        let only = AnalysisConfig {
            disabled: RULES.iter().map(|r| r.info.id.to_string()).filter(|id| id != f.rule).collect(),
            ..Default::default()
        };
        let again = check(&copy, &only);
        assert!(
            !again.iter().any(|g| g.table == f.table && g.columns == f.columns && g.index == f.index && g.message == f.message),
            "{} still reports {:?} after its fix",
            f.rule,
            f.message
        );
        applied += 1;
    }
    let rules: std::collections::BTreeSet<&str> = findings.iter().filter(|f| f.fix.is_some()).map(|f| f.rule).collect();
    assert!(applied >= 10 && rules.len() >= 9, "{applied} fixes over {rules:?}");
}
