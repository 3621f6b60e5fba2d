//! A tiny line-based schema notation for rule tests, so each test states its schema in a few
//! lines instead of constructing the model by hand (the importer is not a dependency here).
//!
//! ```text
//! table orders                 -- starts a table
//! id bigint | pk               -- column: name, type words, then flags after `|`
//! customer_id bigint | nn fk customers.id
//! pk a b                       -- composite primary key
//! unique a b                   -- unique constraint
//! index a b                    -- b-tree index; `uindex` for a unique one
//! fk a b -> customers x y      -- composite foreign key
//! ```
//! Flags: `pk` (primary key, not null), `nn` (not null), `fk table.col`, `serial`, `identity`;
//! any other flag panics naming it and its line (a misspelled flag must not be ignored).

use crate::schema::{
    ColumnId, DataType, Dialect, ForeignKey, Identity, Index, IndexId, IndexKey, IndexPart, PrimaryKey,
    Schema, Table, TableId, UniqueConstraint,
};

/// The column flags.
const FLAGS: [&str; 5] = ["pk", "nn", "fk", "serial", "identity"];

/// Builds a schema from the notation above; panics on malformed test input (a test bug).
pub fn schema(dialect: Dialect, text: &str) -> Schema {
    let mut s = Schema::new(dialect);
    let mut pending_fks: Vec<(TableId, Vec<String>, String, Vec<String>)> = Vec::new();
    let mut current: Option<TableId> = None;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let mut words = line.split_whitespace();
        let head = words.next().unwrap();
        let rest: Vec<&str> = words.collect();
        match head {
            "table" => {
                let id = TableId(s.fresh_id());
                s.tables.push(Table::new(id, None, rest[0]));
                current = Some(id);
            }
            "pk" | "unique" | "index" | "uindex" => {
                let tid = current.expect("column before table");
                let cols = ids(&s, tid, &rest);
                let fresh = s.fresh_id();
                let t = s.table_mut(tid).unwrap();
                match head {
                    "pk" => t.primary_key = Some(PrimaryKey { name: None, columns: cols, options: None }),
                    "unique" => t.uniques.push(UniqueConstraint { name: None, columns: cols, options: None }),
                    _ => t.indexes.push(Index {
                        id: IndexId(fresh),
                        name: Some(format!("ix{fresh}")),
                        unique: head == "uindex",
                        keys: cols.iter().map(|c| IndexKey { part: IndexPart::Column(*c), descending: false, extra: None }).collect(),
                        method: None,
                        predicate: None,
                        include: Vec::new(),
                        span: None,
                        options: None,
                    }),
                }
            }
            "fk" => {
                let arrow = rest.iter().position(|w| *w == "->").expect("fk needs ->");
                let cols = rest[..arrow].iter().map(|s| s.to_string()).collect();
                let target = rest[arrow + 1].to_string();
                let rcols = rest[arrow + 2..].iter().map(|s| s.to_string()).collect();
                pending_fks.push((current.unwrap(), cols, target, rcols));
            }
            _ => {
                let tid = current.expect("column before table");
                let (decl, flags) = line.split_once('|').unwrap_or((line, ""));
                let mut parts = decl.split_whitespace();
                let name = parts.next().unwrap();
                let words: Vec<&str> = parts.collect();
                // `serial` and `identity` are type words too; these three never are.
                if let Some(f) = words.iter().find(|w| ["pk", "nn", "fk"].contains(w)) {
                    panic!("flag {f:?} before `|` in {line:?}: it would be read as part of the type");
                }
                let ty = words.join(" ");
                let id = ColumnId(s.fresh_id());
                let mut col = crate::schema::Column::new(id, name, DataType::parse(&ty));
                let mut flags = flags.split_whitespace();
                let t = s.table_mut(tid).unwrap();
                while let Some(f) = flags.next() {
                    match f {
                        "pk" => {
                            col.nullable = false;
                            t.primary_key = Some(PrimaryKey { name: None, columns: vec![id], options: None });
                        }
                        "nn" => col.nullable = false,
                        "serial" => col.identity = Some(Identity::Serial),
                        "identity" => col.identity = Some(Identity::Always),
                        "fk" => {
                            let target = flags.next().and_then(|w| w.split_once('.'));
                            let (rt, rc) = target.unwrap_or_else(|| panic!("`fk` needs table.column in {line:?}"));
                            pending_fks.push((tid, vec![name.to_string()], rt.to_string(), vec![rc.to_string()]));
                        }
                        _ => panic!("unknown flag {f:?} in {line:?} (flags: {})", FLAGS.join(", ")),
                    }
                }
                t.columns.push(col);
            }
        }
    }
    for (tid, cols, target, rcols) in pending_fks {
        let rt = s.find_table(None, &target).unwrap_or_else(|| panic!("no table {target}")).id;
        let foreign_key = ForeignKey {
            name: None,
            columns: ids(&s, tid, &cols.iter().map(String::as_str).collect::<Vec<_>>()),
            ref_table: rt,
            ref_columns: ids(&s, rt, &rcols.iter().map(String::as_str).collect::<Vec<_>>()),
            on_delete: Default::default(),
            on_update: Default::default(),
            deferrable: false,
            initially_deferred: false,
            options: None,
        };
        s.table_mut(tid).unwrap().foreign_keys.push(foreign_key);
    }
    s.validate().unwrap();
    s
}

fn ids(s: &Schema, t: TableId, names: &[&str]) -> Vec<ColumnId> {
    let t = s.table(t).unwrap();
    names
        .iter()
        .map(|n| t.column_by_name(n).unwrap_or_else(|| panic!("no column {n} in {}", t.name)).id)
        .collect()
}

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

#[test]
#[should_panic(expected = "unknown flag \"nul\" in \"id int | pk nul\"")]
fn an_unknown_flag_is_refused_with_its_line() {
    schema(Dialect::Postgres, "table t\nid int | pk nul");
}

#[test]
#[should_panic(expected = "flag \"pk\" before `|` in \"id int pk\"")]
fn a_flag_without_its_bar_is_refused() {
    schema(Dialect::Postgres, "table t\nid int pk");
}

#[test]
#[should_panic(expected = "`fk` needs table.column")]
fn fk_without_a_target_is_refused() {
    schema(Dialect::Postgres, "table t\nid int | fk");
}

#[test]
fn known_flags_build_the_schema() {
    let s = schema(Dialect::Postgres, "table a\nid int | pk serial\ntable b\nid int | nn identity\na_id int | fk a.id");
    let (a, b) = (&s.tables[0], &s.tables[1]);
    assert_eq!(a.primary_key.as_ref().map(|k| k.columns.clone()), Some(vec![a.columns[0].id]));
    assert_eq!(a.columns[0].identity, Some(Identity::Serial));
    assert!(!b.columns[0].nullable && b.columns[0].identity == Some(Identity::Always));
    assert_eq!(b.foreign_keys[0].ref_table, a.id);
}
