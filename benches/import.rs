//! Import benchmark: a generated 1,000-table schema (PostgreSQL and MySQL), median time of
//! several runs and the process's peak RSS. Run with `cargo bench --bench import`.

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
    }
    println!("peak RSS: {:.1} MB", peak_rss_mb());
}
