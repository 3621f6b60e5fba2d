//! The CLI's Mermaid export options, run as a process (`erdsmith export FILE --to mermaid …`).

use std::path::PathBuf;
use std::process::Command;

const SQL: &str = "
CREATE SCHEMA sales;
CREATE TABLE customers (id int PRIMARY KEY, email varchar(200) UNIQUE, note text);
CREATE TABLE sales.orders (id int PRIMARY KEY, customer_id int REFERENCES customers (id), total numeric(12,2));
CREATE TABLE sales.lines (order_id int REFERENCES sales.orders (id), qty int);
CREATE TABLE audit (at timestamp);
";

/// A scratch directory for one test, emptied first.
fn scratch(test: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli").join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    std::fs::write(dir.join("shop.sql"), SQL).expect("input written");
    dir
}

/// Runs the CLI in `dir` and returns (exit code, stdout, stderr).
fn erdsmith(dir: &PathBuf, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_erdsmith")).current_dir(dir).args(args).output().expect("erdsmith runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The entity lines of a Mermaid diagram (`"name" {`).
fn entities(mmd: &str) -> Vec<String> {
    mmd.lines().filter(|l| l.trim_end().ends_with('{')).map(|l| l.trim().trim_end_matches('{').trim().to_string()).collect()
}

#[test]
fn mermaid_without_options_draws_every_table_with_every_column() {
    let dir = scratch("plain");
    let (code, out, err) = erdsmith(&dir, &["export", "shop.sql", "--to", "mermaid", "--from-dialect", "postgres"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(entities(&out).len(), 4, "{out}");
    assert!(out.contains(" note"), "non-key columns are drawn: {out}");
}

#[test]
fn keys_only_leaves_out_plain_columns() {
    let dir = scratch("keys");
    let (code, out, err) = erdsmith(&dir, &["export", "shop.sql", "--to", "mermaid", "--keys-only"]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains(" note"), "{out}");
    assert!(!out.contains(" total"), "{out}");
    assert!(out.contains(" email"), "a unique column is a key: {out}");
}

#[test]
fn schema_and_tables_select_what_is_drawn() {
    let dir = scratch("select");
    let (code, out, err) = erdsmith(&dir, &["export", "shop.sql", "--to", "mermaid", "--schema", "sales"]);
    assert_eq!(code, 0, "{err}");
    let names = entities(&out).join(" ");
    assert!(names.contains("orders") && names.contains("lines") && !names.contains("customers"), "{out}");

    let (code, out, err) = erdsmith(&dir, &["export", "shop.sql", "--to", "mermaid", "--tables", "customers,audit"]);
    assert_eq!(code, 0, "{err}");
    let names = entities(&out).join(" ");
    assert!(names.contains("customers") && names.contains("audit") && !names.contains("orders"), "{out}");

    let (code, out, err) = erdsmith(&dir, &["export", "shop.sql", "--to", "mermaid", "--tables", "customers", "--with-neighbors"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(entities(&out).len(), 2, "customers and the orders that reference it: {out}");

    let (code, _, err) = erdsmith(&dir, &["export", "shop.sql", "--to", "mermaid", "--tables", "nope"]);
    assert_eq!(code, 0);
    assert!(err.contains("no table named `nope`"), "{err}");
}

#[test]
fn split_dir_writes_one_diagram_per_namespace() {
    let dir = scratch("split");
    let (code, out, err) = erdsmith(&dir, &["export", "shop.sql", "--to", "mermaid", "--split-dir", "out"]);
    assert_eq!(code, 0, "{err}");
    let mut files: Vec<String> = std::fs::read_dir(dir.join("out")).expect("out dir").map(|e| e.expect("entry").file_name().to_string_lossy().into_owned()).collect();
    files.sort();
    assert_eq!(files, ["default.mmd", "sales.mmd"], "{out}");
    let sales = std::fs::read_to_string(dir.join("out/sales.mmd")).expect("sales.mmd");
    assert_eq!(entities(&sales).len(), 2, "{sales}");
    let default = std::fs::read_to_string(dir.join("out/default.mmd")).expect("default.mmd");
    assert_eq!(entities(&default).len(), 2, "{default}");
    assert_eq!(out.lines().count(), 2, "each written path is printed: {out}");

    let dir = scratch("split-one");
    let (code, _, err) = erdsmith(&dir, &["export", "shop.sql", "--to", "mermaid", "--split-dir", "out", "--schema", "sales", "--keys-only"]);
    assert_eq!(code, 0, "{err}");
    let files: Vec<_> = std::fs::read_dir(dir.join("out")).expect("out dir").collect();
    assert_eq!(files.len(), 1);
    let sales = std::fs::read_to_string(dir.join("out/sales.mmd")).expect("sales.mmd");
    assert!(!sales.contains(" total"), "{sales}");
}

#[test]
fn mermaid_options_with_another_format_are_an_error() {
    let dir = scratch("wrong-format");
    let (code, out, err) = erdsmith(&dir, &["export", "shop.sql", "--to", "sql:postgres", "--keys-only"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("need --to mermaid"), "{err}");
}

#[test]
fn svg_export_draws_the_whole_diagram() {
    let dir = scratch("svg");
    let (code, out, err) = erdsmith(&dir, &["export", "shop.sql", "--to", "svg"]);
    assert_eq!(code, 0, "{err}");
    let doc = roxmltree::Document::parse(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let mut names: Vec<&str> =
        doc.descendants().filter(|n| n.attribute("class") == Some("table-name")).filter_map(|n| n.text()).collect();
    names.sort();
    assert_eq!(names, ["audit", "customers", "sales.lines", "sales.orders"]);
    let (code, _, err) = erdsmith(&dir, &["export", "shop.sql", "--to", "png"]);
    assert_ne!(code, 0);
    assert!(err.contains("svg"), "the error lists svg: {err}");
}

/// `diff` reads both files as the database's dialect: a file without dialect markers is read
/// as PostgreSQL for a PostgreSQL script, so its CHECK and its generated column are kept.
#[test]
fn diff_reads_the_files_in_the_script_dialect() {
    let dir = scratch("diff");
    std::fs::write(dir.join("a.sql"), "CREATE TABLE t (a int);").expect("written");
    std::fs::write(dir.join("b.sql"), "CREATE TABLE t (a int CHECK (a > 0), b int GENERATED ALWAYS AS (a * 2) STORED);").expect("written");
    let (code, up, err) = erdsmith(&dir, &["diff", "a.sql", "b.sql", "--dialect", "postgres"]);
    assert_eq!(code, 0, "{err}");
    assert!(up.contains("ADD COLUMN b int GENERATED ALWAYS AS (a * 2) STORED"), "{up}");
    assert!(up.contains("ADD CONSTRAINT t_a_check CHECK (a > 0)"), "{up}");
}
