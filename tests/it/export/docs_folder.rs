//! The tbls-style documentation folder: structure and links on every corpus file, escaping of
//! hostile names, and `erdsmith docs --check`. (Its Mermaid blocks are parsed by the real
//! Mermaid in `tests/e2e/docs-corpus.test.mjs`.)
use super::tools::{corpus_schemas, hostile_schema, run, scratch};
use erdsmith::analysis::{self, AnalysisConfig};
use erdsmith::export::docs::{self, DocFile};
use erdsmith::schema::Schema;
use std::collections::HashSet;

/// Every `](target)` link of a Markdown text (inline links; the pages write no other kind).
fn links(text: &str) -> Vec<String> {
    // Code spans hold no links: drop them (the pages write single-backtick spans).
    let text: String = text.split('`').step_by(2).collect::<Vec<_>>().join(" ");
    let mut out = Vec::new();
    let mut rest = text.as_str();
    while let Some(i) = rest.find("](") {
        // An escaped `\]` (after an odd number of backslashes) is text, not the end of a link.
        let escaped = rest[..i].chars().rev().take_while(|c| *c == '\\').count() % 2 == 1;
        rest = &rest[i + 2..];
        if escaped {
            continue;
        }
        if let Some(end) = rest.find(')') {
            out.push(rest[..end].to_string());
        }
    }
    out
}

fn check_folder(name: &str, s: &Schema, files: &[DocFile]) -> Vec<String> {
    let mut problems = Vec::new();
    let paths: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    if paths.len() != files.len() || files.len() != s.tables.len() + 1 || !paths.contains("README.md") {
        problems.push(format!("{name}: {} files ({} distinct) for {} tables", files.len(), paths.len(), s.tables.len()));
    }
    let lower: HashSet<String> = files.iter().map(|f| f.path.to_lowercase()).collect();
    if lower.len() != files.len() {
        problems.push(format!("{name}: two pages differ only in case"));
    }
    for f in files {
        if f.path.contains('/') || f.path.starts_with('.') || !f.path.ends_with(".md") {
            problems.push(format!("{name}: unsafe path {:?}", f.path));
        }
        for target in links(&f.text) {
            let file = target.split('#').next().unwrap_or("");
            if !paths.contains(file) {
                problems.push(format!("{name}/{}: link to {target:?} resolves to no file", f.path));
            }
        }
    }
    // Each table's page is linked from the README and draws the table in its diagram.
    let readme = &files[0].text;
    for f in &files[1..] {
        if !links(readme).contains(&f.path) {
            problems.push(format!("{name}: README does not link {}", f.path));
        }
        let blocks = f.text.matches("mermaid\nerDiagram\n").count();
        if blocks != 1 {
            problems.push(format!("{name}/{}: {blocks} Mermaid diagrams", f.path));
        }
    }
    problems
}

#[test]
fn every_corpus_folder_links_resolve_and_each_table_has_its_page() {
    let mut problems = Vec::new();
    let mut pages = 0;
    let started = std::time::Instant::now();
    for (name, s) in corpus_schemas() {
        let findings = analysis::check(&s, &AnalysisConfig::default());
        let files = docs::render(&s, &findings);
        pages += files.len();
        problems.extend(check_folder(&name, &s, &files));
        // Every finding about a table is a row on a table page; the others are in the README.
        let rows = |text: &str| {
            let section = text.split("\n## Findings").nth(1).and_then(|r| r.split("\n\n").nth(1)).unwrap_or("");
            section.lines().count().saturating_sub(2)
        };
        let on_pages: usize = files[1..].iter().map(|f| rows(&f.text)).sum();
        let about_tables = findings.iter().filter(|f| f.table.is_some()).count();
        if on_pages != about_tables || rows(&files[0].text) != findings.len() - about_tables {
            problems.push(format!("{name}: {on_pages} finding rows on table pages for {about_tables} findings about tables"));
        }
    }
    eprintln!("docs: {pages} pages for the corpus in {:.1}s", started.elapsed().as_secs_f64());
    assert_eq!(problems, Vec::<String>::new());
}

#[test]
fn hostile_names_neither_break_links_nor_add_rows() {
    for seed in 0..40 {
        let s = hostile_schema(seed);
        let files = docs::render(&s, &[]);
        assert_eq!(check_folder(&format!("hostile{seed}"), &s, &files), Vec::<String>::new());
        for (f, t) in files[1..].iter().zip(&s.tables) {
            // One row per column in the Columns table, whatever the names hold.
            let section = f.text.split("## Columns\n\n").nth(1).and_then(|r| r.split("\n\n").next()).unwrap_or("");
            assert_eq!(section.lines().count(), 2 + t.columns.len(), "{}:\n{section}", f.path);
        }
    }
}

#[test]
fn docs_check_names_the_files_that_are_out_of_date() {
    let dir = scratch("docs-cli");
    let sql = dir.join("s.sql");
    std::fs::write(&sql, "CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a(id));\n").expect("write");
    let cli = env!("CARGO_BIN_EXE_erdsmith");
    let out_dir = dir.join("docs");
    let (s, o) = (sql.to_string_lossy().into_owned(), out_dir.to_string_lossy().into_owned());
    let missing = run(cli, &["docs", &s, "--out", &o, "--check"], None);
    assert_eq!(missing.status.code(), Some(1), "a missing folder is out of date");
    let written = run(cli, &["docs", &s, "--out", &o], None);
    assert!(written.status.success(), "{}", String::from_utf8_lossy(&written.stderr));
    let mut names: Vec<String> = std::fs::read_dir(&out_dir).expect("dir").map(|e| e.expect("entry").file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["README.md", "a.md", "b.md"]);
    assert_eq!(run(cli, &["docs", &s, "--out", &o, "--check"], None).status.code(), Some(0), "fresh folder");
    // The schema changes: b gets a column (which a's diagram of its neighbours shows), c is new;
    // a page erdsmith wrote for a table that is gone is left from before, beside a page a person
    // keeps in the folder (never stale, never removed).
    std::fs::write(&sql, "CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a(id), x text);\nCREATE TABLE c (id int);\n").expect("write");
    std::fs::write(out_dir.join("old.md"), format!("{}# old\n", docs::GENERATED)).expect("write");
    std::fs::write(out_dir.join("notes.md"), "# Our notes\n").expect("write");
    let stale = run(cli, &["docs", &s, "--out", &o, "--check"], None);
    assert_eq!(stale.status.code(), Some(1));
    let said = String::from_utf8_lossy(&stale.stderr);
    let named: Vec<&str> = said.lines().filter_map(|l| l.strip_prefix("erdsmith: docs out of date: ")).collect();
    let named: Vec<String> = named.iter().map(|p| p.rsplit('/').next().unwrap_or("").to_string()).collect();
    assert_eq!(named, ["README.md", "a.md", "b.md", "c.md", "old.md"], "{said}");
    // Writing again brings it up to date and removes the page no table has.
    assert!(run(cli, &["docs", &s, "--out", &o], None).status.success());
    assert_eq!(run(cli, &["docs", &s, "--out", &o, "--check"], None).status.code(), Some(0));
    assert!(!out_dir.join("old.md").exists());
    assert_eq!(std::fs::read_to_string(out_dir.join("notes.md")).expect("kept"), "# Our notes\n", "a page a person wrote is kept");
}
