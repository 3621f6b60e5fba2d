//! MongoDB, Cassandra CQL and DynamoDB: every corpus file imports with 0 errors and with counts
//! from oracles that do not use the importer (`tests/oracles/`: node running the mongosh script
//! against a stub `db`; a Python counter of CQL by regular expressions; PyYAML/json over the
//! DynamoDB templates), is detected, exports to every format, and warns what SQL cannot carry;
//! mangled inputs never panic and give diagnostics with line:column.

use crate::support::Pick;
use crate::support::corpus_dir;
use erdsmith::diagnostic::Severity;
use erdsmith::export::{self, Format};
use erdsmith::import::{import, ImportOptions, ImportResult};
use erdsmith::rng::Rng;
use erdsmith::schema::{Dialect, Schema, SourceFormat};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn files(dir: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(corpus_dir().join(dir))
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    v.sort();
    v
}

fn read(p: &Path) -> String {
    String::from_utf8_lossy(&std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))).into_owned()
}

fn oracle(program: &str, script: &str, files: &[PathBuf]) -> Vec<Value> {
    let out = Command::new(program)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg(script)
        .args(files)
        .output()
        .unwrap_or_else(|e| panic!("{program} {script}: {e}"));
    assert!(out.status.success(), "{program} {script} failed: {}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).expect("oracle prints JSON lines")).collect();
    assert_eq!(lines.len(), files.len(), "one oracle line per file");
    for (f, l) in files.iter().zip(&lines) {
        assert!(l.get("error").is_none(), "{}: {l}", f.display());
    }
    lines
}

fn n(v: &Value, k: &str) -> usize {
    v.get(k).and_then(Value::as_u64).unwrap_or(0) as usize
}

/// Imports a corpus file as detected; it must be `format`, without errors, and a valid model.
fn imported(f: &Path, format: SourceFormat) -> ImportResult {
    let started = Instant::now();
    let r = import(&read(f), &ImportOptions::default());
    eprintln!("{}: {} tables in {:?}", f.display(), r.schema.tables.len(), started.elapsed());
    let name = f.display();
    assert_eq!(r.detected.format, format, "{name}");
    let errors: Vec<String> = r.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.render("")).collect();
    assert!(errors.is_empty(), "{name}: {errors:?}");
    r.schema.validate().unwrap_or_else(|e| panic!("{name}: {e}"));
    r
}

fn columns(s: &Schema) -> usize {
    s.tables.iter().map(|t| t.columns.len()).sum()
}

fn indexes(s: &Schema) -> usize {
    s.tables.iter().map(|t| t.indexes.len()).sum()
}

fn role(s: &Schema, prefix: &str) -> usize {
    s.tables.iter().flat_map(|t| &t.columns).filter(|c| c.extra.iter().any(|x| x.starts_with(prefix))).count()
}

fn fk_marked(s: &Schema, mark: &str) -> usize {
    s.foreign_keys().filter(|(_, f)| f.options.as_deref() == Some(mark)).count()
}

#[test]
fn mongodb_corpus_counts_match_the_script_run_in_node() {
    let fs = files("mongodb");
    assert!(!fs.is_empty());
    let want = oracle("node", "tests/oracles/mongodb-counts.mjs", &fs);
    for (f, w) in fs.iter().zip(&want) {
        let s = imported(f, SourceFormat::Mongodb).schema;
        let embedded = s.tables.iter().filter(|t| t.text.head.is_some()).count();
        let ix = |p: &dyn Fn(&erdsmith::schema::Index) -> bool| s.tables.iter().flat_map(|t| &t.indexes).filter(|i| p(i)).count();
        let got = json!({
            "collections": s.tables.len() - embedded, "embedded": embedded, "fields": columns(&s),
            "pks": s.tables.iter().filter(|t| t.primary_key.is_some()).count(), "indexes": indexes(&s),
            "unique": ix(&|i| i.unique), "partial": ix(&|i| i.predicate.is_some()),
            "ttl": ix(&|i| i.options.as_deref().is_some_and(|o| o.contains("expireAfterSeconds"))),
            "refs": fk_marked(&s, "INFERRED"), "embedRefs": fk_marked(&s, "EMBEDDED"), "views": s.views.len(),
        });
        let keys = ["collections", "embedded", "fields", "pks", "indexes", "unique", "partial", "ttl", "refs", "embedRefs", "views"];
        let expected: Value = keys.iter().map(|k| (k.to_string(), json!(n(w, k)))).collect::<serde_json::Map<_, _>>().into();
        assert_eq!(got, expected, "{}", f.display());
    }
}

#[test]
fn cql_corpus_counts_match_an_independent_counter() {
    let fs = files("cql");
    assert!(fs.len() >= 4);
    let want = oracle("python3", "tests/oracles/cql-counts.py", &fs);
    for (f, w) in fs.iter().zip(&want) {
        let s = imported(f, SourceFormat::Cql).schema;
        let kind = |k: erdsmith::schema::ObjectKind| s.objects.iter().filter(|o| o.kind == k).count();
        let got = json!({
            "keyspaces": kind(erdsmith::schema::ObjectKind::Other), "types": kind(erdsmith::schema::ObjectKind::Type),
            "tables": s.tables.len(), "columns": columns(&s), "partition": role(&s, "PARTITION KEY"),
            "clustering": role(&s, "CLUSTERING KEY"), "static": role(&s, "STATIC"),
            "collections": s.tables.iter().flat_map(|t| &t.columns).filter(|c| {
                let r = c.data_type.raw.to_ascii_lowercase();
                ["list<", "set<", "map<", "frozen<list<", "frozen<set<", "frozen<map<"].iter().any(|p| r.starts_with(p))
            }).count(),
            "indexes": indexes(&s), "custom": s.tables.iter().flat_map(|t| &t.indexes).filter(|i| i.method.is_some()).count(),
            "views": s.views.len(),
        });
        let keys = ["keyspaces", "types", "tables", "columns", "partition", "clustering", "static", "collections", "indexes", "custom", "views"];
        let expected: Value = keys.iter().map(|k| (k.to_string(), json!(n(w, k)))).collect::<serde_json::Map<_, _>>().into();
        assert_eq!(got, expected, "{}", f.display());
        // The primary key is the partition key then the clustering columns.
        for t in &s.tables {
            let pk = t.primary_key.as_ref().unwrap_or_else(|| panic!("{}: {} has no key", f.display(), t.name));
            let roles: Vec<bool> = pk.columns.iter().map(|c| t.column(*c).is_some_and(|c| c.extra[0] == "PARTITION KEY")).collect();
            assert!(roles[0] && roles.windows(2).all(|w| w[0] || !w[1]), "{}: {}", f.display(), t.name);
        }
    }
}

#[test]
fn dynamodb_corpus_counts_match_pyyaml_and_json() {
    let fs = files("dynamodb");
    assert!(fs.len() >= 5);
    let want = oracle("python3", "tests/oracles/dynamodb-counts.py", &fs);
    for (f, w) in fs.iter().zip(&want) {
        let s = imported(f, SourceFormat::Dynamodb).schema;
        let method = |m: &str| s.tables.iter().flat_map(|t| &t.indexes).filter(|i| i.method.as_deref() == Some(m)).count();
        let opt = |k: &str| s.tables.iter().filter(|t| t.text.options.as_deref().is_some_and(|o| o.contains(k))).count();
        let got = json!({
            "tables": s.tables.len(), "attributes": columns(&s),
            "keys": s.tables.iter().map(|t| t.primary_key.as_ref().map_or(0, |k| k.columns.len())).sum::<usize>(),
            "gsis": method("GSI"), "lsis": method("LSI"),
            "projections_all": s.tables.iter().flat_map(|t| &t.indexes).filter(|i| i.options.as_deref().is_some_and(|o| o.starts_with("PROJECTION ALL"))).count(),
            "facets": s.views.len(), "streams": opt("StreamSpecification"), "ttl": opt("TimeToLiveSpecification"),
        });
        let keys = ["tables", "attributes", "keys", "gsis", "lsis", "projections_all", "facets", "streams", "ttl"];
        let expected: Value = keys.iter().map(|k| (k.to_string(), json!(n(w, k)))).collect::<serde_json::Map<_, _>>().into();
        assert_eq!(got, expected, "{}", f.display());
    }
}

#[test]
fn nosql_corpus_exports_and_sql_says_what_it_cannot_carry() {
    let formats = [Format::Mermaid, Format::Sql(Dialect::Postgres), Format::Sql(Dialect::Mysql), Format::Sql(Dialect::Sqlite), Format::Sql(Dialect::Generic), Format::Dbml, Format::Markdown, Format::Json, Format::Svg, Format::PlantUml, Format::D2, Format::Dot];
    for dir in ["mongodb", "cql", "dynamodb"] {
        for f in files(dir) {
            let s = import(&read(&f), &ImportOptions::default()).schema;
            for format in formats {
                let out = export::export(&s, format).unwrap_or_else(|e| panic!("{} as {format:?}: {e}", f.display()));
                assert!(!out.text.is_empty(), "{} as {format:?}", f.display());
                if let Format::Sql(d) = format {
                    let w: Vec<&str> = out.warnings.iter().map(|w| w.message.as_str()).collect();
                    assert!(w.iter().any(|m| m.contains("different paradigm")), "{} as {d}: {w:?}", f.display());
                    let needle = match dir {
                        "cql" => "partition key",
                        "dynamodb" => "key schema",
                        _ => "embedded document",
                    };
                    assert!(w.iter().any(|m| m.contains(needle)), "{} as {d}: {w:?}", f.display());
                    // Nothing written for another store leaks into the SQL.
                    for leak in ["PARTITION KEY", "CLUSTERING KEY", "EMBEDDED", "INFERRED", "PROJECTION"] {
                        assert!(!out.text.contains(leak), "{} as {d}: {leak} in\n{}", f.display(), out.text);
                    }
                }
            }
        }
    }
    // The DynamoDB GSIs are named in the warnings.
    let g = import(&read(&corpus_dir().join("dynamodb/globaltable_provisioned_cfn.yml")), &ImportOptions::default()).schema;
    let w = export::export(&g, Format::Sql(Dialect::Postgres)).unwrap().warnings;
    assert!(w.iter().any(|w| w.message.contains("GSI")), "{w:?}");
}

#[test]
fn nosql_formats_are_detected_and_chosen_by_name() {
    for (text, f) in [
        ("db.createCollection(\"a\")\ndb.a.createIndex({x: 1})\n", SourceFormat::Mongodb),
        ("CREATE KEYSPACE k WITH replication = {};\nCREATE TABLE k.t (a int PRIMARY KEY);\n", SourceFormat::Cql),
        ("{\"TableName\": \"t\", \"KeySchema\": [], \"AttributeDefinitions\": []}", SourceFormat::Dynamodb),
        ("Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n", SourceFormat::Dynamodb),
        ("CREATE TABLE users (id int primary key);\nCREATE INDEX i ON users (id);\n", SourceFormat::Sql),
    ] {
        assert_eq!(import(text, &ImportOptions::default()).detected.format, f, "{text}");
    }
    for name in ["mongodb", "cql", "dynamodb"] {
        let f: SourceFormat = name.parse().unwrap();
        assert!(f.is_nosql() && SourceFormat::ALL.contains(&f));
        assert_eq!(f.as_str(), name);
    }
}

#[test]
fn mangled_nosql_files_never_panic_and_say_where() {
    let mut rng = Rng::new(0x0d0c);
    let texts: Vec<(String, SourceFormat)> = [("mongodb", SourceFormat::Mongodb), ("cql", SourceFormat::Cql), ("dynamodb", SourceFormat::Dynamodb)]
        .iter()
        .flat_map(|(d, f)| files(d).into_iter().map(move |p| (read(&p), *f)))
        .collect();
    let junk = ["{", "}", "[", "]", "(", ")", "\"", "'", "`", "<", ">", ":", ",", ";", "\n", "!Ref ", "- ", "/*", "//", "\\", "$$", "frozen<", "PRIMARY KEY"];
    for i in 0..400 {
        let (base, f) = rng.pick(&texts).clone();
        let text = crate::support::mutate(&mut rng, &base, &junk);
        let r = import(&text, &ImportOptions { format: Some(f), ..Default::default() });
        r.schema.validate().unwrap_or_else(|e| panic!("mutation {i} as {f}: {e}"));
        for d in &r.diagnostics {
            assert!(d.span.line >= 1 && d.span.column >= 1, "mutation {i}: {d:?}");
        }
        let _ = export::export(&r.schema, Format::Mermaid);
        let _ = export::export(&r.schema, Format::Sql(Dialect::Postgres));
    }
    for (text, f) in [
        ("[".repeat(100_000), SourceFormat::Dynamodb),
        ("{a:".repeat(50_000), SourceFormat::Mongodb),
        ("- ".repeat(50_000), SourceFormat::Dynamodb),
        ("- ".repeat(380), SourceFormat::Dynamodb),
        ((0..380).map(|i| format!("{}k{i}:\n", " ".repeat(i))).collect::<String>(), SourceFormat::Dynamodb),
        ("CREATE TABLE t (a frozen<".to_string() + &"list<".repeat(50_000), SourceFormat::Cql),
    ] {
        let r = import(&text, &ImportOptions { format: Some(f), ..Default::default() });
        assert!(r.diagnostics.iter().any(|d| d.severity == Severity::Error), "{f}");
    }
}

#[test]
fn relational_rules_stay_off_nosql_schemas_and_paradigm_rules_fire() {
    use erdsmith::analysis::{check, AnalysisConfig};
    let relational = ["orphan-table", "missing-primary-key", "text-primary-key", "multi-valued-column", "unindexed-foreign-key", "table-without-index", "fk-references-non-unique"];
    let mut fired = std::collections::BTreeSet::new();
    for dir in ["mongodb", "cql", "dynamodb"] {
        for f in files(dir) {
            let s = import(&read(&f), &ImportOptions::default()).schema;
            for finding in check(&s, &AnalysisConfig::default()) {
                assert!(!relational.contains(&finding.rule), "{}: {} {}", f.display(), finding.rule, finding.message);
                fired.insert(finding.rule);
            }
        }
    }
    for rule in ["unbounded-array", "unbounded-partition", "too-many-secondary-indexes"] {
        assert!(fired.contains(rule), "{rule} never fires on the corpus: {fired:?}");
    }
    // The same relational rules still fire on SQL.
    let sql = import("CREATE TABLE a (x text PRIMARY KEY);\nCREATE TABLE b (y int);\n", &ImportOptions::default()).schema;
    let rules: Vec<&str> = check(&sql, &AnalysisConfig::default()).iter().map(|f| f.rule).collect();
    assert!(rules.contains(&"missing-primary-key"), "{rules:?}");
}

#[test]
fn the_cli_takes_the_nosql_formats_by_name() {
    let file = corpus_dir().join("cql/zipkin2_schema.cql");
    for args in [["--dialect", "cql"], ["--format", "cql"]] {
        let out = Command::new(env!("CARGO_BIN_EXE_erdsmith")).arg("import").arg(&file).args(args).output().expect("erdsmith runs");
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        let v: Value = serde_json::from_slice(&out.stdout).expect("json");
        assert_eq!(v["tables"].as_array().map(Vec::len), Some(2), "{args:?}");
    }
    // Read as another format, the same text is that format's diagnostics, not a crash.
    let out = Command::new(env!("CARGO_BIN_EXE_erdsmith")).arg("import").arg(&file).args(["--format", "dynamodb"]).output().expect("erdsmith runs");
    assert!(String::from_utf8_lossy(&out.stderr).contains("error"), "{}", String::from_utf8_lossy(&out.stderr));
}
