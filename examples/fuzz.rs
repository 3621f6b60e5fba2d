//! A mutation fuzzer over the whole core: import → analysis → layout → every export → diff.
//!
//! cargo-fuzz needs a nightly toolchain, which this project's machines do not have, so this is
//! the stable equivalent: seeds are the statements of the public corpus (`../shared/corpus`),
//! mutated with byte flips, splices, truncations and a dictionary of hostile tokens. Every
//! execution runs under `catch_unwind`; a panic writes the input to `test-artifacts/fuzz/` and
//! makes the run fail. Exports are also checked for injection (a Mermaid directive or a raw
//! line break inside a quoted name must never come through).
//!
//!   cargo run --example fuzz -- [--seconds N] [--seed N]     (CI runs a 60-second smoke)

// The core's no-panic lints (Cargo.toml [lints]) do not apply to a bench or the fuzzer: a panic here fails the run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use erdsmith::analysis::{self, AnalysisConfig};
use erdsmith::export::{self, Format};
use erdsmith::import::{self, ImportOptions};
use erdsmith::rng::Rng;
use erdsmith::schema::Dialect;
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::time::{Duration, Instant};

const DICTIONARY: &[&str] = &[
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "%%{init: {\"theme\":\"dark\"}}%%",
    "'); DROP TABLE users; --",
    "$$",
    "$body$",
    "/*",
    "*/",
    "--",
    "\n",
    "\"",
    "`",
    "[",
    "]",
    "(",
    ")",
    "((((((((((",
    ",",
    ";",
    "\nGO\n",
    "DELIMITER //\n",
    "\\.\n",
    "COPY t FROM stdin;\n",
    "CREATE TABLE ",
    "REFERENCES ",
    "PRIMARY KEY ",
    "FOREIGN KEY (",
    "ALTER TABLE ONLY ",
    "CREATE UNIQUE INDEX ",
    " ENUM('a','b') ",
    "DOUBLE PRECISION",
    "é€😀",
    "\u{0}",
    "9table",
    // The ALTER TABLE and DROP paths that change what an earlier statement built.
    " DROP COLUMN ",
    " DROP CONSTRAINT ",
    " DROP PRIMARY KEY, DROP FOREIGN KEY ",
    " DROP (",
    "DROP INDEX ",
    " RENAME COLUMN ",
    " RENAME TO ",
    "CREATE FOO ",
    "RENAME TABLE ",
    "EXEC sp_rename N'",
];

fn seeds() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("fuzz: no corpus at {}", dir.display());
        return vec!["CREATE TABLE a (id int PRIMARY KEY, b_id int REFERENCES b(id));".into()];
    };
    let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "sql")).collect();
    paths.sort();
    for path in paths {
        let Ok(bytes) = std::fs::read(&path) else { continue };
        let text = String::from_utf8_lossy(&bytes);
        // Seeds of a few statements each keep executions fast and mutations meaningful.
        let statements: Vec<&str> = text.split_inclusive(';').collect();
        for chunk in statements.chunks(6).take(200) {
            out.push(chunk.concat());
        }
    }
    // The NoSQL inputs, whole (they are small): mutations of them go through their importers.
    for sub in ["mongodb", "cql", "dynamodb"] {
        let Ok(entries) = std::fs::read_dir(dir.join(sub)) else { continue };
        let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            if let Ok(bytes) = std::fs::read(&path) {
                out.push(String::from_utf8_lossy(&bytes).into_owned());
            }
        }
    }
    out
}

fn mutate(rng: &mut Rng, seeds: &[String]) -> String {
    let mut text: Vec<u8> = seeds[rng.below(seeds.len())].as_bytes().to_vec();
    for _ in 0..1 + rng.below(6) {
        let at = rng.below(text.len() + 1);
        match rng.below(7) {
            0 if !text.is_empty() => {
                let i = rng.below(text.len());
                text[i] ^= 1 << rng.below(8);
            }
            1 => text.splice(at..at, DICTIONARY[rng.below(DICTIONARY.len())].bytes()).for_each(drop),
            2 => {
                let end = (at + rng.below(64)).min(text.len());
                text.drain(at..end);
            }
            3 => text.truncate(at),
            4 => {
                let other = seeds[rng.below(seeds.len())].as_bytes();
                let from = rng.below(other.len());
                let to = (from + rng.below(400)).min(other.len());
                text.splice(at..at, other[from..to].iter().copied()).for_each(drop);
            }
            5 => {
                let end = (at + rng.below(200)).min(text.len());
                let copy = text[at..end].to_vec();
                text.splice(at..at, copy).for_each(drop);
            }
            _ => text.splice(at..at, std::iter::repeat_n(b'(', rng.below(3000))).for_each(drop),
        }
    }
    String::from_utf8_lossy(&text).into_owned()
}

/// Runs the whole core on one input; returns a description of a broken invariant, if any.
fn run_one(text: &str, dialect: Option<Dialect>) -> Option<String> {
    let result = import::import(text, &ImportOptions { dialect, ..Default::default() });
    if let Err(e) = result.schema.validate() {
        return Some(format!("import produced an invalid schema: {e}"));
    }
    let schema = &result.schema;
    let _ = analysis::check(schema, &AnalysisConfig::default());
    let _ = erdsmith::layout::geometry(schema);
    let formats = [
        Format::Mermaid,
        Format::Json,
        Format::Dbml,
        Format::Markdown,
        Format::Sql(Dialect::Postgres),
        Format::Sql(Dialect::Mysql),
        Format::Sql(Dialect::Sqlite),
        Format::Sql(Dialect::Mssql),
        Format::Sql(Dialect::Oracle),
    ];
    for format in formats {
        if let Ok(out) = export::export(schema, format)
            && format == Format::Mermaid && out.text.contains("%%{") {
                return Some("a Mermaid directive came through into the export".into());
            }
    }
    // Model edits written back into the (mutated) text: an accepted edit imports back as the
    // edited model; a refused one is an error value, never a panic.
    if let Some(t) = schema.tables.first() {
        use erdsmith::edit::Edit;
        use erdsmith::schema::{Column, ColumnId, DataType};
        let mut edits = vec![Edit::RenameTable { table: t.id, schema: t.schema.clone(), name: format!("{}_renamed", t.name) }];
        if let Some(c) = t.columns.first() {
            edits.push(Edit::RenameColumn { column: c.id, name: format!("{}_renamed", c.name) });
            edits.push(Edit::SetColumnType { column: c.id, data_type: DataType::parse("varchar(12)") });
            edits.push(Edit::SetColumnNullable { column: c.id, nullable: !c.nullable });
            edits.push(Edit::DeleteColumn { column: c.id });
        }
        edits.push(Edit::AddColumn { table: t.id, column: Column::new(ColumnId(schema.next_id), "added", DataType::parse("integer")), position: 0 });
        edits.push(Edit::DeleteTable { table: t.id });
        for e in edits {
            let mut s = schema.clone();
            if matches!(e, Edit::AddColumn { .. }) {
                s.next_id += 1;
            }
            if let Ok(c) = erdsmith::sync::commit(text, &s, e) {
                let back = import::import(&c.text, &ImportOptions { dialect: Some(schema.dialect), ..Default::default() });
                let back = erdsmith::sync::reconcile(&c.schema, back.schema);
                if let Err(why) = erdsmith::sync::equivalent(&back, &c.schema) {
                    return Some(format!("an accepted edit does not import back: {why}"));
                }
            }
        }
    }
    let empty = erdsmith::schema::Schema::new(schema.dialect);
    let _ = erdsmith::export::migration::script(&empty, schema, Dialect::Postgres, false);
    let _ = erdsmith::export::migration::script(&empty, schema, Dialect::Postgres, true);
    None
}

fn main() {
    let mut seconds = 60u64;
    let mut seed = 0x5eed_u64;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().and_then(|v| v.parse().ok());
        match (arg.as_str(), value) {
            ("--seconds", Some(v)) => seconds = v,
            ("--seed", Some(v)) => seed = v,
            _ => {
                eprintln!("usage: fuzz [--seconds N] [--seed N]");
                std::process::exit(2);
            }
        }
    }
    let seeds = seeds();
    let mut rng = Rng::new(seed);
    let out_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("test-artifacts/fuzz");
    panic::set_hook(Box::new(|_| {}));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let (mut executions, mut failures) = (0u64, 0u64);
    while Instant::now() < deadline {
        let text = mutate(&mut rng, &seeds);
        let dialect = match rng.below(Dialect::ALL.len() + 1) {
            0 => None,
            i => Some(Dialect::ALL[i - 1]),
        };
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| run_one(&text, dialect)));
        executions += 1;
        let problem = match outcome {
            Ok(None) => continue,
            Ok(Some(broken)) => broken,
            Err(payload) => {
                let msg = payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                format!("panic: {msg}")
            }
        };
        failures += 1;
        let _ = std::fs::create_dir_all(&out_dir);
        let file = out_dir.join(format!("crash-{failures}.sql"));
        let _ = std::fs::write(&file, &text);
        eprintln!("fuzz: {problem} (dialect {dialect:?}); input saved to {}", file.display());
        if failures >= 20 {
            break;
        }
    }
    println!("fuzz: {executions} executions in {seconds}s from {} seeds, {failures} failures", seeds.len());
    if failures > 0 {
        std::process::exit(1);
    }
}
