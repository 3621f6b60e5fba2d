//! Import benchmark: a generated 1,000-table schema (PostgreSQL and MySQL), median time of
//! several runs and the process's peak RSS. Run with `cargo bench --bench import`.

// The core's no-panic lints (Cargo.toml [lints]) do not apply to a bench or the fuzzer: a panic here fails the run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use erdsmith::import::{import, ImportOptions};
use std::process::Command;
use std::time::Instant;

fn generate(dialect: &str) -> String {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/bench/gen_schema.py");
    let out = Command::new("python3")
        .args([script, "1000", "--dialect", dialect])
        .output()
        .expect("python3 runs the schema generator");
    assert!(out.status.success(), "gen_schema.py failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("generator prints UTF-8")
}

/// Peak resident set size in MB (VmHWM), or 0 where /proc is unavailable.
fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() {
    for dialect in ["postgres", "mysql"] {
        let text = generate(dialect);
        let mut times = Vec::new();
        let mut tables = 0;
        for _ in 0..9 {
            let start = Instant::now();
            let r = import(&text, &ImportOptions::default());
            times.push(start.elapsed().as_secs_f64() * 1000.0);
            tables = r.schema.tables.len();
            std::hint::black_box(r);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "import {dialect}: {} KB, {tables} tables, median {:.1} ms (min {:.1}, max {:.1})",
            text.len() / 1024,
            times[times.len() / 2],
            times[0],
            times[times.len() - 1]
        );
        wire(&text);
    }
    // Before the bad inputs below (10 MB each) raise the high-water mark.
    println!("peak RSS after the 1000-table imports: {:.1} MB", peak_rss_mb());
    // The bad inputs of the import tests, timed here (the target is 2 s each, diagnostics included).
    for (label, text) in bad_inputs() {
        let mut times = Vec::new();
        let mut diagnostics = 0;
        for _ in 0..3 {
            let start = Instant::now();
            let r = import(&text, &ImportOptions::default());
            times.push(start.elapsed().as_secs_f64() * 1000.0);
            diagnostics = r.diagnostics.len();
            std::hint::black_box(r);
        }
        times.sort_by(f64::total_cmp);
        println!("bad input {label}: {} KB, {diagnostics} diagnostics, median {:.1} ms", text.len() / 1024, times[1]);
    }
    println!("peak RSS with the bad inputs: {:.1} MB", peak_rss_mb());
}

/// What crossing from the import worker to the page costs for this import: the reply's JSON size
/// and the median time to write it (worker) and to read it back (page).
fn wire(text: &str) {
    use erdsmith::sync::{ImportJob, JobReply};
    let imported = ImportJob::run(text.to_string(), &ImportOptions::default());
    let reply = JobReply::Done { generation: 1, imported: Box::new(imported), busy_ms: 0.0, finish_ms: 0.0 };
    let (mut write, mut read) = (Vec::new(), Vec::new());
    let mut json = Vec::new();
    for _ in 0..9 {
        let start = Instant::now();
        json = reply.to_wire();
        write.push(start.elapsed().as_secs_f64() * 1000.0);
        let start = Instant::now();
        std::hint::black_box(JobReply::from_wire(&json).unwrap());
        read.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    write.sort_by(f64::total_cmp);
    read.sort_by(f64::total_cmp);
    println!("  worker reply: {} KB of JSON, written in {:.1} ms, read in {:.1} ms (medians)", json.len() / 1024, write[4], read[4]);
}

fn bad_inputs() -> Vec<(&'static str, String)> {
    let mut ddl = String::with_capacity(10 << 20);
    let mut i = 0;
    while ddl.len() < 10 << 20 {
        ddl += &format!("CREATE TABLE t{i} (id int PRIMARY KEY, p int REFERENCES t{} (id));\nINSERT INTO t{i} VALUES (1, 'a;b');\n", i / 2);
        i += 1;
    }
    ddl += "CREATE TABLE broken (x int DEFAULT 'unterminated";
    let mut rng = erdsmith::rng::Rng::new(0x2545F4914F6CDD1D);
    let bytes: Vec<u8> = (0..10 << 20).map(|_| rng.next_u64() as u8).collect();
    let random = String::from_utf8_lossy(&bytes).into_owned();
    let nested = format!("CREATE TABLE t (a int DEFAULT {}1{});", "(".repeat(10_000), ")".repeat(10_000));
    let cols: Vec<String> = (0..5000).map(|i| format!("c{i} int")).collect();
    let wide = format!("CREATE TABLE wide ({});", cols.join(",\n"));
    vec![("10 MB of DDL", ddl), ("10 MB random bytes", random), ("10,000 nested parentheses", nested), ("5,000 columns", wide)]
}
