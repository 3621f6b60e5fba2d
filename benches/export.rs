//! Export and diff timings on a generated 1000-table schema (`gen_schema.py 1000`).
//! Run: `cargo bench --bench export` (release). Budget: each export and the diff ≤ 50 ms.

// The core's no-panic lints (Cargo.toml [lints]) do not apply to a bench or the fuzzer: a panic here fails the run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use erdsmith::diff;
use erdsmith::export::{self, Format, mermaid};
use erdsmith::import::{self, ImportOptions};
use erdsmith::schema::{Column, ColumnId, DataType, Dialect, Schema};
use std::hint::black_box;
use std::process::Command;
use std::time::{Duration, Instant};

const BUDGET_MS: f64 = 50.0;

/// Median of `runs` timings of `f`, in milliseconds.
fn time(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut v: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1000.0
}

fn main() {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/bench/gen_schema.py");
    let out = Command::new("python3").args([script, "1000"]).output().expect("python3 runs gen_schema.py");
    assert!(out.status.success(), "gen_schema.py failed");
    let sql = String::from_utf8(out.stdout).expect("utf-8");
    let schema = import::import(&sql, &ImportOptions { dialect: Some(Dialect::Postgres), ..Default::default() }).schema;
    assert!(schema.tables.len() >= 1000, "imported {} tables", schema.tables.len());

    // An edited copy: renames, added and dropped columns, nullability and type changes.
    let mut edited: Schema = schema.clone();
    for i in (0..edited.tables.len()).step_by(7) {
        let id = ColumnId(edited.fresh_id());
        let t = &mut edited.tables[i];
        t.name.push_str("_renamed");
        let mut c = Column::new(id, "added_col", DataType::parse("varchar(40)"));
        c.nullable = true;
        t.columns.push(c);
        if let Some(c) = t.columns.get_mut(1) {
            c.nullable = !c.nullable;
            c.data_type = DataType::parse("text");
        }
    }

    let mut failed = false;
    let mut report = |name: &str, ms: f64| {
        let ok = ms <= BUDGET_MS;
        failed |= !ok;
        println!("{name:<28} {ms:>8.2} ms {}", if ok { "ok" } else { "OVER BUDGET" });
    };
    println!("schema: {} tables, {} columns", schema.tables.len(), schema.tables.iter().map(|t| t.columns.len()).sum::<usize>());
    report("mermaid", time(11, || { black_box(mermaid::render(&schema, &Default::default())); }));
    for f in ["sql:postgres", "sql:mysql", "sql:sqlite", "sql:mssql", "sql:oracle", "dbml", "markdown", "json"] {
        let format: Format = f.parse().expect("format");
        report(f, time(11, || { black_box(export::export(&schema, format).expect("exports")); }));
    }
    // The SVG of an already laid-out diagram (the layout has its own bench; the app has it memoized).
    let laid_out = erdsmith::layout::geometry(&schema);
    report("svg (laid out)", time(11, || { black_box(export::svg::render_layout(&schema, &laid_out)); }));
    report("diff (1000 vs edited)", time(11, || { black_box(diff::diff(&schema, &edited)); }));
    // "Compare two schemas": two independent imports (ids say nothing; pairing by name), the
    // second text with a table added, every 10th `varchar(120)` widened and every 25th
    // nullable `text` column made NOT NULL.
    let mut n = 0;
    let mut edited_text = String::with_capacity(sql.len() + 100);
    for line in sql.split_inclusive('\n') {
        n += 1;
        if line.contains(" varchar(120)") && n % 10 == 0 {
            edited_text.push_str(&line.replace(" varchar(120)", " varchar(200)"));
        } else if line.trim_end().ends_with(" text,") && n % 25 == 0 {
            edited_text.push_str(&line.replace(" text,", " text NOT NULL,"));
        } else {
            edited_text.push_str(line);
        }
    }
    edited_text.push_str("\nCREATE TABLE bench_extra (id bigint PRIMARY KEY, note text);\n");
    let other = import::import(&edited_text, &ImportOptions { dialect: Some(Dialect::Postgres), ..Default::default() }).schema;
    let changes = diff::diff_with(&schema, &other, &[]).changes.len();
    report(&format!("diff two imports ({changes} ch.)"), time(11, || { black_box(diff::diff_with(&schema, &other, &[])); }));
    // Two diffs (up and down) plus rendering: budgeted as two diffs.
    let ms = time(5, || { black_box(export::migration::plan(&schema, &edited, Dialect::Postgres)); });
    report("migration up+down (pg) / 2", ms / 2.0);
    if failed {
        std::process::exit(1);
    }
}
