//! All rules over a 1000-table schema shaped like `gen_schema.py 1000` (budget: 50 ms natively),
//! then over `gen_schema.py 5000` (issue 17's 5,000-table row: no budget, the figure and the
//! slowest rules are printed).
//!
//! Run: `cargo bench --bench analysis`. The schema comes from the importer when it can read
//! `python3 ../shared/bench/gen_schema.py 1000` (ERDSMITH_BENCH_SQL=path overrides the text);
//! otherwise an equivalent schema is built directly with the same shape and proportions.

// The core's no-panic lints (Cargo.toml [lints]) do not apply to a bench or the fuzzer: a panic here fails the run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use erdsmith::rng::Rng;
use erdsmith::analysis::{AnalysisConfig, check};
use erdsmith::schema::{
    Column, ColumnId, DataType, Dialect, ForeignKey, Index, IndexId, IndexKey, IndexPart, PrimaryKey, Schema, Table,
    TableId,
};
use std::time::Instant;

const TYPES: &[&str] = &[
    "integer", "bigint", "text", "varchar(120)", "boolean", "timestamptz", "numeric(12,2)", "jsonb", "uuid", "date",
    "smallint", "double precision",
];
const WORDS: &[&str] = &[
    "account", "order", "invoice", "product", "customer", "shipment", "payment", "warehouse", "supplier", "category",
    "review", "coupon", "employee", "region", "ticket", "project", "task", "comment", "tag", "session", "device", "event",
];
const COLS: &[&str] = &[
    "name", "title", "status", "amount", "created_at", "updated_at", "note", "code", "email", "phone", "city", "country",
    "price", "quantity", "score", "flag", "payload", "external_ref", "starts_on", "ratio", "version", "slug", "label",
];

fn synthetic(tables: usize) -> Schema {
    let mut rng = Rng::new(7);
    let mut s = Schema::new(Dialect::Postgres);
    for i in 0..tables {
        let tid = TableId(s.fresh_id());
        let mut t = Table::new(tid, None, format!("{}_{i}", WORDS[i % WORDS.len()]));
        let mut id = Column::new(ColumnId(s.fresh_id()), "id", DataType::parse("bigint"));
        id.nullable = false;
        t.primary_key = Some(PrimaryKey { name: Some(format!("pk_{}", t.name)), columns: vec![id.id], options: None });
        t.columns.push(id);
        let fk_count = if i == 0 { 0 } else { rng.below(4) };
        for j in 0..fk_count {
            let target = rng.below(i + 1);
            let mut c = Column::new(ColumnId(s.fresh_id()), format!("ref{j}_{}_id", WORDS[target % WORDS.len()]), DataType::parse("bigint"));
            c.nullable = rng.below(10) >= 6;
            let target_table = if target == i { &t } else { &s.tables[target] };
            let fk = ForeignKey {
                name: Some(format!("fk_{}_{j}", t.name)),
                columns: vec![c.id],
                ref_table: target_table.id,
                ref_columns: vec![target_table.columns[0].id],
                on_delete: Default::default(),
                on_update: Default::default(),
                deferrable: false,
                initially_deferred: false,
                options: None,
            };
            t.columns.push(c);
            t.foreign_keys.push(fk);
        }
        for k in 0..4 + rng.below(17) {
            let mut c = Column::new(
                ColumnId(s.fresh_id()),
                format!("{}_{k}", COLS[(i + k) % COLS.len()]),
                DataType::parse(TYPES[rng.below(TYPES.len())]),
            );
            c.nullable = rng.below(10) >= 3;
            t.columns.push(c);
        }
        let fk_cols: Vec<ColumnId> = t.foreign_keys.iter().map(|f| f.columns[0]).collect();
        for (n, c) in fk_cols.into_iter().enumerate() {
            if rng.below(2) == 0 {
                t.indexes.push(index(&mut s, format!("ix_{}_{n}", t.name), c, false));
            }
        }
        if rng.below(10) < 4 {
            let last = t.columns[t.columns.len() - 1].id;
            t.indexes.push(index(&mut s, format!("ux_{}", t.name), last, true));
        }
        s.tables.push(t);
    }
    s
}

fn index(s: &mut Schema, name: String, c: ColumnId, unique: bool) -> Index {
    Index {
        id: IndexId(s.fresh_id()),
        name: Some(name),
        unique,
        keys: vec![IndexKey { part: IndexPart::Column(c), descending: false, extra: None }],
        method: None,
        predicate: None,
        include: Vec::new(),
        span: None,
        options: None,
    }
}

/// The importer's schema of the generated SQL, when the importer can read it.
fn imported(tables: usize) -> Option<Schema> {
    let text = match std::env::var("ERDSMITH_BENCH_SQL") {
        Ok(path) if tables == 1000 => std::fs::read_to_string(path).ok()?,
        _ => {
            let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/bench/gen_schema.py");
            let out = std::process::Command::new("python3").arg(script).arg(tables.to_string()).output().ok()?;
            String::from_utf8(out.stdout).ok()?
        }
    };
    let result = std::panic::catch_unwind(|| {
        erdsmith::import::import(&text, &erdsmith::import::ImportOptions { dialect: Some(Dialect::Postgres), ..Default::default() })
    })
    .ok()?;
    (result.schema.tables.len() == tables).then_some(result.schema)
}

fn main() {
    let over_budget = measure(1000, 15);
    measure(5000, 5);
    if over_budget {
        eprintln!("analysis: over the 50 ms budget at 1000 tables");
        std::process::exit(1);
    }
}

/// Runs every rule `runs` times on `tables` tables and prints the median and the slowest rules;
/// true when the median is over the 50 ms budget.
fn measure(tables: usize, runs: usize) -> bool {
    let (schema, source) = match imported(tables) {
        Some(s) => (s, format!("imported gen_schema.py {tables}")),
        None => (synthetic(tables), format!("synthetic, shaped like gen_schema.py {tables} (importer not available)")),
    };
    let columns: usize = schema.tables.iter().map(|t| t.columns.len()).sum();
    let config = AnalysisConfig::default();
    let mut times = Vec::new();
    let mut findings = 0;
    for _ in 0..runs {
        let start = Instant::now();
        findings = std::hint::black_box(check(&schema, &config)).len();
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let median = times[times.len() / 2];
    println!(
        "analysis: all {} rules on {} tables / {columns} columns ({source}): median {median:.2} ms, min {:.2} ms, {findings} findings{}",
        erdsmith::analysis::rules::RULES.len(),
        schema.tables.len(),
        times[0],
        if tables == 1000 { " (budget 50 ms)" } else { "" }
    );
    // The slowest rules, to know where to look when the budget is at risk.
    let mut per_rule: Vec<(f64, &str)> = erdsmith::analysis::rules::RULES
        .iter()
        .map(|r| {
            let only = AnalysisConfig {
                disabled: erdsmith::analysis::rules::RULES.iter().filter(|o| o.info.id != r.info.id).map(|o| o.info.id.to_string()).collect(),
                ..Default::default()
            };
            let start = Instant::now();
            for _ in 0..5 {
                std::hint::black_box(check(&schema, &only));
            }
            (start.elapsed().as_secs_f64() * 1000.0 / 5.0, r.info.id)
        })
        .collect();
    per_rule.sort_by(|a, b| b.0.total_cmp(&a.0));
    let top: Vec<String> = per_rule.iter().take(5).map(|(ms, id)| format!("{id} {ms:.2} ms")).collect();
    println!("analysis: slowest rules at {tables} tables: {}", top.join(", "));
    tables == 1000 && median > 50.0
}
