//! The review for CI, run as a process: `erdsmith check --format sarif|junit|github`, inline
//! suppressions, `erdsmith.toml`, `--baseline`, `erdsmith rule` and `diff --format markdown`.
//!
//! Oracles: the official SARIF 2.1.0 schema (npm `@microsoft/jest-sarif` ships it; ajv from
//! the same install validates), an XML parser for JUnit, and the input text itself — each
//! reported line:column must be where the text defines the object.

use crate::support::{corpus, corpus_dir};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A scratch directory for one test, emptied first.
fn scratch(test: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-review").join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Runs the CLI in `dir` and returns (exit code, stdout, stderr).
fn erdsmith(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_erdsmith")).current_dir(dir).args(args).output().expect("erdsmith runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).expect("written");
}

fn json_findings(dir: &Path, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let (code, out, err) = erdsmith(dir, &all);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str::<Value>(&out).unwrap_or_else(|e| panic!("{e}: {out}")).as_array().cloned().unwrap_or_default()
}

fn has(findings: &[Value], rule: &str, table: &str) -> bool {
    findings.iter().any(|f| f["rule"] == rule && f["table"] == table)
}

const SHOP: &str = "\
CREATE TABLE customers (id bigint PRIMARY KEY, email text, password varchar(100));
-- erdsmith:ignore missing-primary-key append-only log, never updated
CREATE TABLE audit_log (at timestamptz, message text);
CREATE TABLE orders (
  id bigint PRIMARY KEY,
  customer_id int REFERENCES customers (id), /* erdsmith:ignore fk-type-mismatch */
  total double precision,
  note char(10) -- erdsmith:ignore char-feild typo in the rule id
);
COMMENT ON TABLE orders IS '-- erdsmith:ignore all not a comment';
";

/// Where the official schema is: installed from package-lock.json by scripts/setup.sh.
fn sarif_schema() -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
    assert!(p.is_file(), "{} is missing: run scripts/setup.sh (npm ci)", p.display());
    p
}

/// Validates SARIF files with ajv against the official schema; returns the validator's report.
fn validate_sarif(files: &[PathBuf]) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/validate.mjs");
    let out = Command::new("node")
        .arg(script)
        .arg(sarif_schema())
        .args(files)
        .output()
        .expect("node runs (installed by scripts/setup.sh)");
    let report = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "SARIF does not validate: {report}");
}

/// The text at 1-based `line`:`column` (in characters) of `text`.
fn at(text: &str, line: u64, column: u64) -> String {
    let l = text.lines().nth(line as usize - 1).unwrap_or_else(|| panic!("no line {line}"));
    l.chars().skip(column as usize - 1).collect()
}

/// Whether the text at a reported position defines the object: a statement start
/// (`CREATE`/`ALTER`) or the definition of one of the finding's columns.
fn defines(here: &str, columns: &[String]) -> bool {
    let word = here.trim_start_matches(['"', '`', '[']).to_lowercase();
    word.starts_with("create") || word.starts_with("alter") || columns.iter().any(|c| word.starts_with(&c.to_lowercase()))
}

/// The column names of a SARIF logical location: `t.c` → [c], `t(a, b)` → [a, b].
fn logical_columns(name: &str) -> Vec<String> {
    if let Some((_, inner)) = name.split_once('(') {
        return inner.trim_end_matches(')').split(", ").map(str::to_string).collect();
    }
    name.rsplit_once('.').map(|(_, c)| vec![c.to_string()]).unwrap_or_default()
}

#[test]
fn sarif_validates_against_the_official_schema_and_points_at_the_definitions() {
    let dir = scratch("sarif");
    write(&dir, "shop.sql", SHOP);
    let mut files = Vec::new();
    let mut located = 0;
    // The sample, then every SQL file of the corpus (dialect detected, as a user would run it).
    let mut cases: Vec<String> = vec!["shop.sql".into()];
    let mut corpus_files: Vec<String> = std::fs::read_dir(corpus_dir())
        .expect("corpus dir")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.ends_with(".sql"))
        .collect();
    corpus_files.sort();
    assert!(corpus_files.len() >= 40, "the corpus has {} SQL files", corpus_files.len());
    cases.extend(corpus_files);
    let mut total = 0;
    for (i, file) in cases.iter().enumerate() {
        let file = file.as_str();
        let path = if file == "shop.sql" { dir.join(file) } else { corpus_dir().join(file) };
        let text = if file == "shop.sql" { SHOP.to_string() } else { corpus(file) };
        let mut args = vec!["check", path.to_str().expect("utf-8 path"), "--format", "sarif"];
        if file == "shop.sql" {
            args.extend(["--dialect", "postgres"]);
        }
        let (code, out, err) = erdsmith(&dir, &args);
        assert_eq!(code, 0, "{file}: {err}");
        let log: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{file}: {e}"));
        let run = &log["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
        assert_eq!(rules.len(), erdsmith::analysis::rules::RULES.len());
        let results = run["results"].as_array().expect("results");
        for r in results {
            total += 1;
            let index = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
            assert_eq!(rules[index]["id"], r["ruleId"]);
            let loc = &r["locations"][0];
            assert_eq!(loc["physicalLocation"]["artifactLocation"]["uri"].as_str().map(|u| u.ends_with(file)), Some(true));
            let Some(region) = loc["physicalLocation"]["region"].as_object() else {
                panic!("{file}: {} is not located", r["message"]["text"]);
            };
            let (line, column) = (region["startLine"].as_u64().expect("line"), region["startColumn"].as_u64().expect("column"));
            let name = loc["logicalLocations"][0]["fullyQualifiedName"].as_str().unwrap_or("");
            let here = at(&text, line, column);
            assert!(defines(&here, &logical_columns(name)), "{file}:{line}:{column}: `{here}` does not define {name} ({})", r["ruleId"]);
            located += 1;
        }
        let target = dir.join(format!("{i}.sarif"));
        std::fs::write(&target, &out).expect("sarif written");
        files.push(target);
        if file == "shop.sql" {
            // The suppressed findings are in the log as suppressed results, with the reason.
            let suppressed: Vec<&Value> = results.iter().filter(|r| r.get("suppressions").is_some()).collect();
            assert_eq!(suppressed.len(), 2, "{out}");
            assert!(suppressed.iter().any(|r| r["ruleId"] == "missing-primary-key"
                && r["suppressions"][0]["justification"] == "append-only log, never updated"));
        }
    }
    assert_eq!(located, total, "every result is located");
    assert!(total > 1000, "only {total} results over the corpus");
    validate_sarif(&files);
    // The validator is not a rubber stamp: a broken log fails it.
    let broken = dir.join("broken.sarif");
    let mut log: Value = serde_json::from_str(&std::fs::read_to_string(&files[0]).expect("read")).expect("json");
    log["runs"][0]["results"][0]["level"] = Value::from("fatal");
    std::fs::write(&broken, log.to_string()).expect("written");
    let out = Command::new("node")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/validate.mjs"))
        .arg(sarif_schema())
        .arg(&broken)
        .output()
        .expect("node runs");
    assert!(!out.status.success(), "a level the schema does not allow must fail validation");
}

#[test]
fn github_annotations_and_junit_carry_the_same_findings_and_locations() {
    let dir = scratch("github");
    let path = corpus_dir().join("chinook_postgres.sql");
    let path = path.to_str().expect("utf-8 path");
    let text = corpus("chinook_postgres.sql");
    let findings = json_findings(&dir, &[path, "--dialect", "postgres"]);
    let (code, gh, err) = erdsmith(&dir, &["check", path, "--dialect", "postgres", "--format", "github"]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = gh.lines().collect();
    assert_eq!(lines.len(), findings.len(), "{gh}");
    for (l, f) in lines.iter().zip(&findings) {
        let level = match f["severity"].as_str() {
            Some("error") => "error",
            Some("warning") => "warning",
            _ => "notice",
        };
        let rest = l.strip_prefix(&format!("::{level} file=")).unwrap_or_else(|| panic!("{l}"));
        let (props, message) = rest.split_once("::").expect("::message");
        assert!(!message.contains('\n'));
        let prop = |k: &str| props.split(',').find_map(|p| p.strip_prefix(&format!("{k}="))).map(str::to_string);
        assert_eq!(prop("title").as_deref(), Some(format!("erdsmith {}", f["rule"].as_str().unwrap_or("")).as_str()));
        let (line, col) = (prop("line").expect("line").parse().expect("n"), prop("col").expect("col").parse().expect("n"));
        let columns: Vec<String> = f["columns"].as_array().expect("columns").iter().filter_map(|c| c.as_str().map(str::to_string)).collect();
        let here = at(&text, line, col);
        assert!(defines(&here, &columns), "{l}: `{here}`");
        assert!(message.starts_with(&f["message"].as_str().unwrap_or("").replace('%', "%25")), "{l}");
        assert_eq!((f["line"].as_u64(), f["column"].as_u64()), (Some(line), Some(col)), "JSON and annotation agree: {l}");
    }

    let (code, xml, err) = erdsmith(&dir, &["check", path, "--dialect", "postgres", "--format", "junit"]);
    assert_eq!(code, 0, "{err}");
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}: {xml}"));
    let cases: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("testcase")).collect();
    let failed: Vec<_> = cases.iter().filter(|c| c.children().any(|n| n.has_tag_name("failure"))).collect();
    assert_eq!(failed.len(), findings.len());
    let suite = doc.descendants().find(|n| n.has_tag_name("testsuite")).expect("testsuite");
    assert_eq!(suite.attribute("tests").map(str::to_string), Some(cases.len().to_string()));
    assert_eq!(suite.attribute("failures").map(str::to_string), Some(findings.len().to_string()));
    for (c, f) in failed.iter().zip(&findings) {
        assert_eq!(c.attribute("classname").map(str::to_string), Some(format!("erdsmith.{}", f["rule"].as_str().unwrap_or(""))));
        let failure = c.children().find(|n| n.has_tag_name("failure")).expect("failure");
        assert_eq!(failure.attribute("type"), f["severity"].as_str());
        assert_eq!(failure.attribute("message"), f["message"].as_str());
        assert!(c.attribute("line").is_some());
    }
    // A rule that found nothing is a passing test case.
    assert!(cases.iter().any(|c| c.attribute("classname") == Some("erdsmith.duplicate-index") && c.children().all(|n| !n.has_tag_name("failure"))));
}

#[test]
fn junit_and_annotations_survive_hostile_names() {
    let dir = scratch("hostile");
    write(&dir, "h.sql", "CREATE TABLE \"a<b&c>'\" (\"x\"\"y,z:%\" float, note text);\n");
    let (code, xml, err) = erdsmith(&dir, &["check", "h.sql", "--dialect", "postgres", "--format", "junit"]);
    assert_eq!(code, 0, "{err}");
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}: {xml}"));
    assert!(doc.descendants().any(|n| n.attribute("message").is_some_and(|m| m.contains("a<b&c>'"))), "{xml}");
    let (_, gh, _) = erdsmith(&dir, &["check", "h.sql", "--dialect", "postgres", "--format", "github"]);
    for l in gh.lines() {
        let (props, _) = l.split_once(" file=").and_then(|(_, r)| r.split_once("::")).expect("command");
        assert_eq!(props.split(',').count(), 4, "commas in values are escaped: {l}");
    }
}

#[test]
fn inline_suppressions_hide_their_findings_and_unexplained_ones_warn() {
    let dir = scratch("inline");
    write(&dir, "shop.sql", SHOP);
    let (code, out, err) = erdsmith(&dir, &["check", "shop.sql", "--dialect", "postgres", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let f: Vec<Value> = serde_json::from_str::<Value>(&out).expect("json").as_array().cloned().unwrap_or_default();
    assert!(!has(&f, "missing-primary-key", "audit_log"), "{out}");
    assert!(!has(&f, "fk-type-mismatch", "orders"), "{out}");
    assert!(has(&f, "char-field", "orders"), "a misspelt rule id suppresses nothing: {out}");
    assert!(has(&f, "table-without-index", "audit_log"), "only the named rule is hidden: {out}");
    assert!(has(&f, "float-for-money", "orders"), "a string that looks like a comment suppresses nothing: {out}");
    // The text form leads each finding with where it is.
    let (_, text, _) = erdsmith(&dir, &["check", "shop.sql", "--dialect", "postgres"]);
    assert!(text.contains("shop.sql:7:3: orders: warning [float-for-money]"), "{text}");
    // Without the comments, the same findings are there.
    write(&dir, "plain.sql", &SHOP.replace("erdsmith:ignore", "note:"));
    let plain = json_findings(&dir, &["plain.sql", "--dialect", "postgres"]);
    assert!(has(&plain, "missing-primary-key", "audit_log") && has(&plain, "fk-type-mismatch", "orders"));
    assert_eq!(plain.len(), f.len() + 2);
    // The unexplained, the unknown and the useless suppressions are reported at their comment.
    assert!(err.contains("shop.sql:6:46: warning: `erdsmith:ignore fk-type-mismatch` gives no reason"), "{err}");
    assert!(err.contains("shop.sql:8:17: warning: `erdsmith:ignore`: no rule `char-feild`"), "{err}");
    assert!(err.contains("shop.sql:8:17: info: `erdsmith:ignore char-feild` suppresses nothing here"), "{err}");
    assert!(!err.contains("missing-primary-key"), "an explained suppression is quiet: {err}");
}

#[test]
fn project_config_sets_rules_severities_thresholds_and_ignores() {
    let dir = scratch("config");
    std::fs::create_dir_all(dir.join("db")).expect("db dir");
    write(&dir.join("db"), "shop.sql", &SHOP.replace("erdsmith:ignore", "note:"));
    let before = json_findings(&dir, &["db/shop.sql", "--dialect", "postgres"]);
    assert!(has(&before, "pii-column", "customers") && has(&before, "orphan-table", "audit_log"));
    // Found beside the input, from another working directory.
    write(
        &dir.join("db"),
        "erdsmith.toml",
        "[rules]\npii-column = \"off\"\nfloat-for-money = \"error\"\n\n[thresholds]\nmax-columns = 2\n\n\
         [[ignore]]\ntable = \"audit_*\"\nreason = \"logs are append-only\"\n\n[[ignore]]\ntable = \"orders\"\nrules = [\"char-field\"]\n",
    );
    let (code, out, err) = erdsmith(&dir, &["check", "db/shop.sql", "--dialect", "postgres", "--format", "json", "--fail-on", "error"]);
    let after: Vec<Value> = serde_json::from_str::<Value>(&out).expect("json").as_array().cloned().unwrap_or_default();
    assert!(!has(&after, "pii-column", "customers"), "off: {out}");
    assert!(!after.iter().any(|f| f["table"] == "audit_log"), "ignored by pattern: {out}");
    assert!(!has(&after, "char-field", "orders") && has(&after, "float-for-money", "orders"), "ignored per rule: {out}");
    let money = after.iter().find(|f| f["rule"] == "float-for-money").expect("float-for-money");
    assert_eq!(money["severity"], "error");
    assert_eq!(code, 1, "an error now fails the build: {err}");
    assert!(has(&after, "too-many-columns", "customers"), "threshold 2 < 3 columns: {out}");
    assert!(err.contains("db/erdsmith.toml:12:1: warning: the ignore of table `orders` gives no reason"), "{err}");
    // --config names another file; an error in it stops with its line:column.
    write(&dir, "strict.toml", "[rules]\npii-column = \"on\"\nno-such-rule = \"off\"\n");
    let (code, out, err) = erdsmith(&dir, &["check", "db/shop.sql", "--config", "strict.toml"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("strict.toml:3:16: no rule `no-such-rule`"), "{err}");
    // In the working directory when there is none beside the input.
    write(&dir, "shop2.sql", &SHOP.replace("erdsmith:ignore", "note:"));
    write(&dir, "erdsmith.toml", "[rules]\norphan-table = \"off\"\n");
    let cwd = json_findings(&dir, &["shop2.sql", "--dialect", "postgres"]);
    assert!(!has(&cwd, "orphan-table", "audit_log") && has(&cwd, "pii-column", "customers"), "{cwd:?}");
}

#[test]
fn baseline_fails_only_on_findings_the_change_introduces() {
    let dir = scratch("baseline");
    for file in ["chinook_postgres.sql", "pagila_schema.sql", "sakila_mysql.sql", "northwind_psql.sql"] {
        let old = corpus(file);
        write(&dir, "old.sql", &old);
        // The same schema, moved down by an edit above it: nothing is new.
        write(&dir, "moved.sql", &format!("-- a header\n\n\n{old}"));
        let all = json_findings(&dir, &["moved.sql"]);
        let (code, out, err) = erdsmith(&dir, &["check", "moved.sql", "--baseline", "old.sql", "--format", "json", "--fail-on", "warning"]);
        assert_eq!(code, 0, "{file}: {err}");
        assert_eq!(out.trim(), "[]", "{file}");
        assert!(err.contains(&format!("{} of {} findings were already there, 0 new", all.len(), all.len())), "{file}: {err}");
        // Two new problems: exactly they are reported and fail the build.
        let added = format!("{old}\nCREATE TABLE review_extra (at timestamp, amount real);\n");
        write(&dir, "new.sql", &added);
        let (code, out, err) = erdsmith(&dir, &["check", "new.sql", "--baseline", "old.sql", "--format", "json", "--fail-on", "error"]);
        let new: Vec<Value> = serde_json::from_str::<Value>(&out).expect("json").as_array().cloned().unwrap_or_default();
        assert!(!new.is_empty() && new.iter().all(|f| f["table"] == "review_extra"), "{file}: {out}");
        assert!(has(&new, "missing-primary-key", "review_extra"), "{file}: {out}");
        assert_eq!(code, 1, "{file}: a new error fails: {err}");
        let (_, sarif, _) = erdsmith(&dir, &["check", "new.sql", "--baseline", "old.sql", "--format", "sarif"]);
        let log: Value = serde_json::from_str(&sarif).expect("sarif");
        let results = log["runs"][0]["results"].as_array().expect("results");
        assert_eq!(results.len(), new.len(), "{file}");
        assert!(results.iter().all(|r| r["baselineState"] == "new"), "{file}");
        let whole = json_findings(&dir, &["new.sql"]);
        assert_eq!(whole.len(), all.len() + new.len(), "{file}");
    }
}

#[test]
fn rule_lists_the_catalogue_and_explains_each_rule() {
    let dir = scratch("rule");
    let (code, out, err) = erdsmith(&dir, &["rule", "--json"]);
    assert_eq!(code, 0, "{err}");
    let list: Vec<Value> = serde_json::from_str::<Value>(&out).expect("json").as_array().cloned().unwrap_or_default();
    let registry = erdsmith::analysis::rules::RULES;
    assert_eq!(list.len(), registry.len());
    for id in [
        "workload-missing-index", "workload-unused-index", "workload-redundant-index", "missing-primary-key",
        "partition-large-time-table", "distribution-breaks-constraint", "tenant-key-not-indexed", "tenant-table-without-row-security",
    ] {
        assert!(list.iter().any(|r| r["id"] == id), "{id}");
    }
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/analysis/rules");
    for r in &list {
        assert!(["keys", "indexes", "types", "normalization", "security", "workload", "scale", "nosql"].contains(&r["category"].as_str().unwrap_or("")));
        assert!(["none", "safe", "unsafe"].contains(&r["fix"].as_str().unwrap_or("")));
        let id = r["id"].as_str().expect("id");
        let (code, text, err) = erdsmith(&dir, &["rule", "--explain", id]);
        assert_eq!(code, 0, "{err}");
        let md = std::fs::read_to_string(docs.join(format!("{}.md", id.replace('-', "_")))).expect("the rule's .md");
        assert!(text.ends_with(&md), "{id}: --explain prints its doc");
        assert!(text.starts_with(&format!("# {id}\n")));
    }
    let (code, table, _) = erdsmith(&dir, &["rule"]);
    assert_eq!(code, 0);
    assert_eq!(table.lines().count(), registry.len() + 1);
    assert!(table.lines().any(|l| l.starts_with("unindexed-foreign-key") && l.contains(" indexes ") && l.contains(" safe ")), "{table}");
    let (code, _, err) = erdsmith(&dir, &["rule", "--explain", "primary-key"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean missing-primary-key"), "{err}");
    // Workload rules are switchable like the others.
    write(&dir, "s.sql", "CREATE TABLE t (id int PRIMARY KEY, a int, b int);\nCREATE INDEX t_b ON t (b);\n");
    write(&dir, "w.sql", "SELECT * FROM t WHERE a = 1;\n");
    let on = json_findings(&dir, &["s.sql", "--workload", "w.sql"]);
    assert!(has(&on, "workload-missing-index", "t") && has(&on, "workload-unused-index", "t"), "{on:?}");
    let off = json_findings(&dir, &["s.sql", "--workload", "w.sql", "--disable", "workload-unused-index"]);
    assert!(has(&off, "workload-missing-index", "t") && !has(&off, "workload-unused-index", "t"), "{off:?}");
}

/// The Markdown sections of a summary: `### Title` → body.
fn sections(md: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in md.lines() {
        if let Some(t) = line.strip_prefix("### ") {
            out.push((t.to_string(), String::new()));
        } else if let Some((_, body)) = out.last_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    out
}

fn section<'a>(s: &'a [(String, String)], prefix: &str) -> Option<&'a str> {
    s.iter().find(|(t, _)| t.starts_with(prefix)).map(|(_, b)| b.as_str())
}

#[test]
fn diff_markdown_summarises_corpus_changes_for_a_pull_request() {
    let dir = scratch("diff-md");
    for (file, dialect, table) in
        [("chinook_postgres.sql", "postgres", "album"), ("sakila_mysql.sql", "mysql", "film"), ("chinook_sqlite.sql", "sqlite", "Album")]
    {
        let old = corpus(file);
        write(&dir, "old.sql", &old);
        // The same file: no change, no finding.
        let (code, md, err) = erdsmith(&dir, &["diff", "old.sql", "old.sql", "--dialect", dialect, "--format", "markdown"]);
        assert_eq!(code, 0, "{file}: {err}");
        let s = sections(&md);
        assert!(md.starts_with("## Schema change: `old.sql` → `old.sql`"), "{md}");
        assert_eq!(section(&s, "Changes").map(str::trim), Some("No changes."), "{file}: {md}");
        assert_eq!(section(&s, "New findings").map(str::trim), Some("The change introduces no finding."), "{file}");
        assert!(section(&s, "Resolved findings").is_none(), "{file}");

        // A new table without a key, a new column and an index on an existing table.
        let new = format!(
            "{old}\nCREATE TABLE review_extra (at timestamp, amount real);\nALTER TABLE {table} ADD COLUMN review_note varchar(40);\nCREATE INDEX review_note_idx ON {table} (review_note);\n"
        );
        write(&dir, "new.sql", &new);
        let (code, md, err) = erdsmith(&dir, &["diff", "old.sql", "new.sql", "--dialect", dialect, "--format", "markdown"]);
        assert_eq!(code, 0, "{file}: {err}");
        let s = sections(&md);
        let changes = section(&s, "Changes").unwrap_or_else(|| panic!("{md}"));
        let rows: Vec<&str> = changes.lines().filter(|l| l.starts_with("| ") && !l.starts_with("| |")).collect();
        assert_eq!(rows.len(), 3, "{file}: {changes}");
        assert!(rows.iter().any(|r| r.starts_with("| + | table `review_extra`")), "{changes}");
        assert!(rows.iter().any(|r| r.starts_with("| + | column `") && r.contains("review_note` | added (varchar(40))")), "{changes}");
        assert!(rows.iter().any(|r| r.starts_with("| + | index `review_note_idx`")), "{changes}");
        let findings = section(&s, "New findings").expect("new findings");
        let rows: Vec<&str> = findings.lines().filter(|l| l.starts_with("| ") && !l.starts_with("| Severity")).collect();
        assert!(rows.iter().any(|r| r.contains("`missing-primary-key` | review_extra")), "{file}: {findings}");
        assert!(rows.iter().all(|r| r.contains("review_extra") || r.contains("review_note")), "{file}: only the change's findings: {findings}");
        assert!(md.contains("<details><summary>Migration (up"), "{md}");
        assert!(md.contains("review_note_idx"), "the up script is included");

        // A finding the new text suppresses is not reported as introduced.
        write(&dir, "quiet.sql", &new.replace("CREATE TABLE review_extra", "-- erdsmith:ignore missing-primary-key staging table\nCREATE TABLE review_extra"));
        let (code, md, err) = erdsmith(&dir, &["diff", "old.sql", "quiet.sql", "--dialect", dialect, "--format", "markdown"]);
        assert_eq!(code, 0, "{file}: {err}");
        let quiet = section(&sections(&md), "New findings").map(str::to_string).unwrap_or_default();
        assert!(!quiet.contains("`missing-primary-key`") && quiet.contains("review_extra"), "{file}: {quiet}");

        // Backwards: the drops, their hazards, the findings resolved.
        let (code, md, err) = erdsmith(&dir, &["diff", "new.sql", "old.sql", "--dialect", dialect, "--format", "markdown"]);
        assert_eq!(code, 0, "{file}: {err}");
        let s = sections(&md);
        let changes = section(&s, "Changes").expect("changes");
        assert!(changes.contains("| - | table `review_extra` | dropped |"), "{file}: {changes}");
        let hazards = section(&s, "Hazards").expect("hazards");
        assert!(hazards.contains("review_extra"), "{file}: dropping a table is a hazard: {hazards}");
        let resolved = section(&s, "Resolved findings").unwrap_or_else(|| panic!("{md}"));
        assert!(resolved.contains("`missing-primary-key` | review_extra"), "{resolved}");
    }
}
