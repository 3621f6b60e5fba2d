//! Integration tests for `analysis`: the public contract (catalogue, config file format,
//! `check`, `normalize_report`, the advisor) on schemas written in `erdsmith::testkit`'s notation.

use erdsmith::analysis::rules::RULES;
use erdsmith::analysis::{AnalysisConfig, advisor, check, fd, render};
use erdsmith::diagnostic::Severity;
use erdsmith::schema::{Dialect, Schema};
use erdsmith::testkit::{add, schema};

fn shop(dialect: Dialect) -> Schema {
    schema(
        dialect,
        "table customers
         id bigint | pk
         email text
         password varchar(100)
         table orders
         id bigint | pk
         customer_id integer | fk customers.id
         customer_email text
         total double precision
         created_at timestamp
         table audit_log
         at timestamptz
         message text",
    )
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
    "pii-column", "tenant-key-missing", "workload-missing-index", "workload-unused-index", "workload-redundant-index",
];

/// Issue 19's scale advice (partitioning, distribution, multi-tenancy).
const SCALE: &[&str] = &["partition-large-time-table", "distribution-breaks-constraint", "tenant-key-not-indexed", "tenant-table-without-row-security"];

/// The paradigm rules of issue 18 (category `nosql`).
const NOSQL: &[&str] = &[
    "unbounded-array", "deep-document-nesting", "reference-without-index", "unbounded-partition",
    "too-many-secondary-indexes", "gsi-projects-all", "low-cardinality-partition-key",
    "cql-query-needs-filtering", "dynamodb-access-pattern-scan",
];

#[test]
fn catalogue_has_every_required_rule_with_docs() {
    for id in REQUIRED {
        let rule = erdsmith::analysis::rules::rule(id).unwrap_or_else(|| panic!("missing rule {id}"));
        for section in ["## What it does", "## Why is this bad?", "## Example", "## Fix"] {
            assert!(rule.info.doc.contains(section), "{id}: {section}");
        }
    }
    // Issue 18's rules for documents, Cassandra and DynamoDB.
    for id in NOSQL {
        let rule = erdsmith::analysis::rules::rule(id).unwrap_or_else(|| panic!("missing rule {id}"));
        assert_eq!(rule.info.category, erdsmith::analysis::Category::Nosql, "{id}");
    }
    for id in SCALE {
        let rule = erdsmith::analysis::rules::rule(id).unwrap_or_else(|| panic!("missing rule {id}"));
        assert!(!rule.info.doc.is_empty(), "{id}");
    }
    // The required ones plus `declared-dependency-violation` (the FDs saved in the settings).
    assert_eq!(RULES.len(), REQUIRED.len() + NOSQL.len() + SCALE.len() + 1);
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

/// The app's Rule settings import an `erdsmith.toml` onto the project's config (FDs and
/// workload kept, settings replaced), show it, review with it, and export it back.
#[test]
fn erdsmith_toml_imports_into_the_rule_settings_and_exports_back() {
    use erdsmith::analysis::config_file;
    let s = shop(Dialect::Postgres);
    let mut project = AnalysisConfig { workload: "SELECT 1;".into(), ..Default::default() };
    project.set_enabled("orphan-table", false);
    project.fds.insert("orders".into(), vec!["customer_id -> customer_email".into()]);
    let file = "[rules]\npii-column = \"off\"\nfloat-for-money = \"error\"\n[[ignore]]\ntable = \"audit_log\"\nreason = \"log\"\n";
    let (config, warnings) = config_file::read(file, &config_file::without_settings(&project)).unwrap();
    assert!(warnings.is_empty());
    assert_eq!((config.workload.as_str(), &config.fds), ("SELECT 1;", &project.fds), "data claims are kept");
    let rows = erdsmith::analysis::rule_settings(&config);
    let row = |id: &str| rows.iter().find(|r| r.id == id).unwrap().clone();
    assert!(!row("pii-column").enabled);
    assert!(row("orphan-table").enabled, "importing replaces the settings");
    assert_eq!(row("float-for-money").severity, Severity::Error);
    let findings = check(&s, &config);
    assert!(!findings.iter().any(|f| f.table.and_then(|t| s.table(t)).is_some_and(|t| t.name == "audit_log")));
    assert!(findings.iter().any(|f| f.rule == "float-for-money" && f.severity == Severity::Error));
    let (back, _) = config_file::read(&config_file::write(&config), &config_file::without_settings(&config)).unwrap();
    assert_eq!(back, config);
}

#[test]
fn rule_settings_toggle_round_trips_through_the_project_config() {
    let s = shop(Dialect::Postgres);
    let mut config = AnalysisConfig::default();
    let rows = erdsmith::analysis::rule_settings(&config);
    assert_eq!(rows.len(), RULES.len());
    assert!(rows.iter().all(|r| r.enabled));
    config.set_enabled("pii-column", false);
    config.set_enabled("pii-column", false);
    assert_eq!(config.disabled, vec!["pii-column".to_string()]);
    let rows = erdsmith::analysis::rule_settings(&config);
    assert!(!rows.iter().find(|r| r.id == "pii-column").map(|r| r.enabled).unwrap_or(true));
    assert_eq!(rows.iter().filter(|r| !r.enabled).count(), 1);
    assert!(!check(&s, &config).iter().any(|f| f.rule == "pii-column"));
    let back: AnalysisConfig = serde_json::from_str(&serde_json::to_string(&config).unwrap()).unwrap();
    assert_eq!(back, config);
    config.set_enabled("pii-column", true);
    assert!(config.disabled.is_empty());
    assert!(check(&s, &config).iter().any(|f| f.rule == "pii-column"));
    assert_eq!(erdsmith::analysis::parse_count_threshold(" 12 "), Some(12));
    assert_eq!(erdsmith::analysis::parse_count_threshold("0"), None);
    assert_eq!(erdsmith::analysis::parse_count_threshold("-3"), None);
    assert_eq!(erdsmith::analysis::parse_count_threshold("x"), None);
}

/// Canvas arrangement is not the model: boxes moved anywhere and a sticky note added change no
/// finding and no change of the diff.
#[test]
fn moving_boxes_and_adding_notes_change_no_finding_and_no_diff() {
    use erdsmith::schema::{Note, NoteId, Point};
    let config = AnalysisConfig { workload: "SELECT * FROM orders WHERE customer_email = 'x';".into(), ..Default::default() };
    let mut s = shop(Dialect::Postgres);
    // Fix ids come from `next_id`: the note's id is taken before the copy, so both hand out the same.
    let id = NoteId(s.fresh_id());
    let mut arranged = s.clone();
    for (k, t) in arranged.tables.iter_mut().enumerate() {
        t.position = Some(Point { x: 1000.0 - 300.0 * k as f64, y: 40.0 * k as f64 });
    }
    arranged.notes.push(Note { id, text: "orders are archived yearly".into(), position: Point { x: 5.0, y: 5.0 } });
    assert!(!check(&s, &config).is_empty(), "the shop has findings to compare");
    assert_eq!(check(&arranged, &config), check(&s, &config));
    assert!(erdsmith::diff::diff(&s, &arranged).changes.is_empty());
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
            keys: vec![erdsmith::schema::IndexKey { part: erdsmith::schema::IndexPart::Column(email), descending: false, extra: None }],
            method: None,
            predicate: None,
            include: Vec::new(),
            span: None,
            options: None,
        });
    }
    add(&mut s, "table tags\nid serial | pk\nlabel char(20)\nnote varchar");
    let mut base = AnalysisConfig::default();
    base.fds.insert("orders".into(), vec!["customer_id -> customer_email".into()]);
    let findings = check(&s, &base);
    assert!(findings.iter().any(|f| f.rule == "declared-dependency-violation" && f.fix.is_some()));
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
            ..base.clone()
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

/// Real schemas: the rules never panic, and known problems of these dumps are found where
/// they are (file, rule, table, whether it should fire).
#[test]
fn corpus_reviews() {
    let cases: &[(&str, &str, &str, bool)] = &[
        // Once on the partitioned table, not once per partition (issue 16, item 11).
        ("pagila_schema.sql", "duplicate-index", "payment", true),
        ("pagila_schema.sql", "duplicate-index", "payment_p2022_01", false),
        ("pagila_schema.sql", "unindexed-foreign-key", "payment_p2022_02", false),
        // A partitioned table linked through its partitions is not an orphan.
        ("pagila_schema.sql", "orphan-table", "payment", false),
        ("pagila_schema.sql", "unindexed-foreign-key", "film_category", true),
        ("pagila_schema.sql", "unindexed-foreign-key", "film_actor", false),
        ("pagila_schema.sql", "plaintext-secret", "staff", true),
        ("pagila_schema.sql", "missing-primary-key", "film", false),
        ("wordpress_mariadb_dump.sql", "entity-attribute-value", "wp_postmeta", true),
        ("wordpress_mariadb_dump.sql", "polymorphic-association", "wp_comments", false),
        ("wordpress_mariadb_dump.sql", "unindexed-foreign-key", "wp_posts", false),
        ("chinook_postgres.sql", "timestamp-without-time-zone", "employee", true),
        ("sakila_mysql.sql", "unindexed-foreign-key", "film_actor", false),
    ];
    let dir = crate::support::corpus_dir();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "sql") {
            continue;
        }
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = crate::support::corpus(&file);
        let result = erdsmith::import::import(&text, &erdsmith::import::ImportOptions { dialect: None, ..Default::default() });
        let findings = check(&result.schema, &AnalysisConfig::default());
        for (f, rule, table, fires) in cases.iter().filter(|c| c.0 == file) {
            let found = findings.iter().any(|x| {
                x.rule == *rule && result.schema.table(x.table.unwrap()).is_some_and(|t| t.name.eq_ignore_ascii_case(table))
            });
            assert_eq!(found, *fires, "{f}: {rule} on {table}");
        }
    }
}

fn cli(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_erdsmith")).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn temp_file(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("erdsmith-analysis-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

const SHOP_SQL: &str = "
CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id integer NOT NULL REFERENCES customers (id),
                     customer_email text, zip text, city text, status text, created_at timestamptz);
INSERT INTO orders VALUES (1, 1, 'a@x', '1000', 'Oslo', 'new', now()), (2, 1, 'a@x', '1000', 'Oslo', 'paid', now()),
                          (3, 2, 'b@x', '5000', 'Bergen', 'new', now());
";

#[test]
fn check_cli_formats_and_fail_on() {
    let file = temp_file("shop.sql", SHOP_SQL);
    let (code, out, _) = cli(&["check", &file, "--format", "json", "--dialect", "postgres"]);
    assert_eq!(code, 0, "no --fail-on: success");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let mismatch = v.as_array().unwrap().iter().find(|f| f["rule"] == "fk-type-mismatch").unwrap();
    assert_eq!((mismatch["table"].as_str(), mismatch["columns"][0].as_str()), (Some("orders"), Some("customer_id")));
    let (code, _, _) = cli(&["check", &file, "--fail-on", "warning"]);
    assert_eq!(code, 1, "warnings exist");
    let (code, _, _) = cli(&["check", &file, "--fail-on", "error"]);
    assert_eq!(code, 0, "no errors in this schema");
    let (_, md, _) = cli(&["check", &file, "--format", "markdown"]);
    assert!(md.starts_with("# Design review") && md.contains("| warning | `fk-type-mismatch` | orders |"), "{md}");
    let (_, text, _) = cli(&["check", &file]);
    assert!(text.contains("orders: warning [fk-type-mismatch]"), "{text}");
    let workload = temp_file("q.sql", "-- freq: 20\nSELECT * FROM orders WHERE status = 'new' ORDER BY created_at;");
    let (_, out, _) = cli(&["check", &file, "--workload", &workload, "--format", "json"]);
    assert!(out.contains("CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_created_at_idx ON orders (status, created_at);"), "{out}");
}

/// `--fail-on warning` fails on warnings and errors, not on infos; `--fail-on error` only on
/// errors (the severities of the shop's findings are set by a config, each in turn).
#[test]
fn fail_on_is_a_threshold_of_seriousness() {
    let file = temp_file("fail_on.sql", SHOP_SQL);
    let (_, out, _) = cli(&["check", &file, "--format", "json", "--dialect", "postgres"]);
    let findings: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rules: std::collections::BTreeSet<&str> = findings.as_array().unwrap().iter().filter_map(|f| f["rule"].as_str()).collect();
    assert!(!rules.is_empty(), "{out}");
    for (severity, on_warning, on_error) in [("error", 1, 1), ("warning", 1, 0), ("info", 0, 0)] {
        let toml: String = rules.iter().map(|r| format!("{r} = \"{severity}\"\n")).collect();
        let config = temp_file(&format!("fail_on_{severity}.toml"), &format!("[rules]\n{toml}"));
        let run = |threshold| cli(&["check", &file, "--dialect", "postgres", "--config", &config, "--format", "json", "--fail-on", threshold]);
        let (code, out, err) = run("warning");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
        assert!(v.as_array().unwrap().iter().all(|f| f["severity"] == severity), "all {severity}: {out}");
        assert_eq!(code, on_warning, "--fail-on warning with {severity} findings: {err}");
        assert_eq!(run("error").0, on_error, "--fail-on error with {severity} findings");
    }
}

#[test]
fn normalize_cli_with_declared_and_discovered_dependencies() {
    let file = temp_file("shop2.sql", SHOP_SQL);
    let (code, out, err) = cli(&["normalize", &file, "--table", "orders", "--fd", "zip -> city"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Normal form: 2NF") && out.contains("zip -> city"), "{out}");
    let (code, out, err) = cli(&["normalize", &file, "--table", "orders", "--discover", "--json"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("3 sample rows of `orders`"), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let declared: Vec<&str> = v["declared"].as_array().unwrap().iter().filter_map(|x| x.as_str()).collect();
    assert!(declared.contains(&"zip -> city") && declared.contains(&"customer_id -> customer_email"), "{declared:?}");
    let (code, _, err) = cli(&["normalize", &file, "--table", "orders", "--fd", "zip => city"]);
    assert_eq!(code, 2);
    assert!(err.contains("expected `columns -> columns`"), "{err}");
}

/// The UI runs the review a rule at a time (`analysis::Review`) between frames. Oracle: every
/// rule run in order over one shared context, as a review in one go does; on schemas without
/// partitions (whose findings `finish` folds) the findings are the same, fixes and their fresh
/// ids included, with and without a workload.
#[test]
fn a_review_in_steps_finds_what_check_finds() {
    use erdsmith::analysis::rules::{Ctx, applies};
    use erdsmith::analysis::IdSource;
    let dir = crate::support::corpus_dir();
    let mut compared = 0;
    for file in ["zabbix_mysql.sql", "zabbix_postgres.sql", "keycloak_pgdump.sql", "adventureworks_mssql_instawdb.sql", "sakila_mysql.sql"] {
        let text = std::fs::read_to_string(dir.join(file)).expect("corpus file");
        let schema = erdsmith::import::import(&text, &Default::default()).schema;
        assert!(schema.tables.iter().all(|t| t.parent.is_none()), "{file} has partitions");
        for workload in ["", "SELECT * FROM film WHERE title = 'x';\nSELECT * FROM items WHERE name = 'a' AND hostid = 3;"] {
            let config = AnalysisConfig { workload: workload.to_string(), ..Default::default() };
            let ids = IdSource::new(&schema);
            let cx = Ctx::new(&schema, &config, &ids);
            let mut expected = Vec::new();
            for rule in RULES.iter().filter(|r| config.is_enabled(r.info.id) && applies(r.info.id, schema.source)) {
                (rule.check)(&cx, &mut expected);
            }
            let mut review = erdsmith::analysis::Review::default();
            let mut steps = 1;
            while !review.step(&schema, &config) {
                steps += 1;
            }
            assert!(steps > 10, "{file}: {steps} steps");
            assert_eq!(review.finish(&schema, &config), expected, "{file} workload {:?}", !workload.is_empty());
            assert_eq!(check(&schema, &config), expected);
            compared += expected.len();
        }
    }
    assert!(compared > 100, "{compared} findings compared");
}
