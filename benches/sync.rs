//! Writing model edits into the DDL text (`sync`): median time of a rename, a type change, an
//! added column and a foreign key written into pagila and into a generated 1,000-table schema
//! (each includes the import that checks the written text), of typing reconciled, and of a
//! bigger version pasted over a schema (1,000 tables reconciled with the 250 drawn before).
//! Run with `cargo bench --bench sync`.

// The core's no-panic lints (Cargo.toml [lints]) do not apply to a bench or the fuzzer: a panic here fails the run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use erdsmith::edit::Edit;
use erdsmith::import::{ImportOptions, import};
use erdsmith::schema::{Column, ColumnId, DataType, Schema};
use erdsmith::sync::{commit, reconcile};
use std::process::Command;
use std::time::Instant;

fn generated() -> String {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/bench/gen_schema.py");
    let out = Command::new("python3").args([script, "1000"]).output().expect("python3 runs the schema generator");
    assert!(out.status.success(), "gen_schema.py failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("generator prints UTF-8")
}

fn median(mut f: impl FnMut() -> f64) -> f64 {
    let mut times: Vec<f64> = (0..7).map(|_| f()).collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn time(text: &str, schema: &Schema, edit: &Edit) -> f64 {
    median(|| {
        let start = Instant::now();
        let c = commit(text, schema, edit.clone()).expect("the edit is written");
        std::hint::black_box(c);
        start.elapsed().as_secs_f64() * 1000.0
    })
}

fn main() {
    let pagila = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/pagila_schema.sql")).expect("corpus");
    for (label, text) in [("pagila", pagila), ("1000 tables", generated())] {
        let schema = import(&text, &ImportOptions::default()).schema;
        let t = schema.tables.iter().find(|t| t.parent.is_none() && t.columns.len() > 2 && !t.foreign_keys.is_empty()).expect("a table");
        let c = &t.columns[1];
        let mut s = schema.clone();
        let fresh = ColumnId(s.fresh_id());
        let edits = [
            ("rename column", Edit::RenameColumn { column: c.id, name: format!("{}_renamed", c.name) }),
            ("set type", Edit::SetColumnType { column: c.id, data_type: DataType::parse("varchar(99)") }),
            ("add column", Edit::AddColumn { table: t.id, column: Column::new(fresh, "added", DataType::parse("integer")), position: 1 }),
            ("drop foreign key", Edit::DeleteForeignKey { table: t.id, position: 0 }),
            ("rename table", Edit::RenameTable { table: t.id, schema: t.schema.clone(), name: format!("{}_renamed", t.name) }),
        ];
        for (name, e) in edits {
            println!("sync {label} ({} KB): {name} written and checked: median {:.1} ms", text.len() / 1024, time(&text, &s, &e));
        }
        let typed = format!("{text}\n-- typed\n");
        let ms = median(|| {
            let start = Instant::now();
            let r = import(&typed, &ImportOptions { dialect: Some(s.dialect), ..Default::default() });
            std::hint::black_box(reconcile(&s, r.schema));
            start.elapsed().as_secs_f64() * 1000.0
        });
        println!("sync {label}: typing imported and reconciled: median {ms:.1} ms");
        if label == "1000 tables" {
            let mut quarter = schema.clone();
            quarter.tables.truncate(250);
            let kept: std::collections::HashSet<_> = quarter.tables.iter().map(|t| t.id).collect();
            for t in &mut quarter.tables {
                t.foreign_keys.retain(|fk| kept.contains(&fk.ref_table));
            }
            let ms = median(|| {
                let imported = schema.clone();
                let start = Instant::now();
                std::hint::black_box(reconcile(&quarter, imported));
                start.elapsed().as_secs_f64() * 1000.0
            });
            println!("sync {label}: pasted over its first 250 tables, reconciled: median {ms:.1} ms");
        }
    }
}
