//! The operations kit and the review report on every corpus file: each engine's kit has each
//! of its queries, read-only, with the design review's own counts; the report's sections carry
//! the counts of the review it renders. (The kits are executed on PostgreSQL, MariaDB and
//! SQLite after loading corpus schemas by `tests/sql/run.sh`.)
use super::tools::{corpus_schemas, scratch};
use erdsmith::analysis::{self, AnalysisConfig, Category, Finding};
use erdsmith::diagnostic::Severity;
use erdsmith::export::opskit::{self, Check};
use erdsmith::export::review_report::{self, Review};
use erdsmith::export::sql::literal;
use erdsmith::export::{self, Format, migration};
use erdsmith::import::{self, ImportOptions};
use erdsmith::schema::{Dialect, Schema};

/// The checks each engine's kit has (SQLite keeps no index usage statistics).
fn expected(d: Dialect, s: &Schema) -> Vec<Check> {
    Check::ALL
        .into_iter()
        .filter(|c| !(d == Dialect::Sqlite && *c == Check::UnusedIndexes))
        .filter(|c| !(*c == Check::MissingTables && s.tables.is_empty()))
        .collect()
}

/// The statements of a kit: comment lines dropped, split at `;` ending a line.
fn statements(kit: &str) -> Vec<String> {
    let body: String = kit.lines().filter(|l| !l.trim_start().starts_with("--")).map(|l| format!("{l}\n")).collect();
    body.split(";\n").map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// Whether a line is a query's header line, `-- N. [id] title`.
fn is_header(l: &str) -> bool {
    l.strip_prefix("-- ").and_then(|r| r.split_once(". [")).is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// The section of a kit from its `[id]` header line to the next header line.
fn section(kit: &str, id: &str) -> String {
    let lines: Vec<&str> = kit.lines().collect();
    let start = lines.iter().position(|l| is_header(l) && l.contains(&format!(". [{id}] "))).unwrap_or_else(|| panic!("no [{id}]"));
    let end = lines[start + 1..].iter().position(|l| is_header(l)).map_or(lines.len(), |e| start + 1 + e);
    lines[start..end].join("\n")
}

#[test]
fn every_corpus_schema_gets_each_query_of_its_kit_read_only() {
    let mut problems = Vec::new();
    let mut kits = 0;
    for (name, s) in corpus_schemas() {
        let findings = analysis::check(&s, &AnalysisConfig::default());
        for d in opskit::DIALECTS {
            let kit = match opskit::render(&s, d) {
                Ok(k) => k.text,
                Err(e) => {
                    problems.push(format!("{name} → {d}: {e}"));
                    continue;
                }
            };
            kits += 1;
            let want = expected(d, &s);
            let tags: Vec<&str> = kit.lines().filter(|l| is_header(l)).filter_map(|l| l.split_once(". [").and_then(|(_, r)| r.split_once("] ")).map(|(id, _)| id)).collect();
            let ids: Vec<&str> = want.iter().map(|c| c.id()).collect();
            if tags != ids {
                problems.push(format!("{name} → {d}: queries {tags:?}, expected {ids:?}"));
            }
            for c in &want {
                let sec = section(&kit, c.id());
                if !sec.contains("-- Finds: ") || !sec.contains("-- Act:   ") {
                    problems.push(format!("{name} → {d}: [{}] has no Finds/Act header", c.id()));
                }
            }
            for st in statements(&kit) {
                let head = st.split_whitespace().next().unwrap_or("").to_uppercase();
                if head != "SELECT" && head != "WITH" {
                    problems.push(format!("{name} → {d}: a statement that is not a query: {}", st.chars().take(80).collect::<String>()));
                }
            }
            // The design-scoped query lists every table of the schema.
            if !s.tables.is_empty() {
                let sec = section(&kit, Check::MissingTables.id());
                let missing: Vec<&str> = s.tables.iter().filter(|t| !sec.contains(&literal(&t.name, d))).map(|t| t.name.as_str()).collect();
                if !missing.is_empty() {
                    problems.push(format!("{name} → {d}: design tables not in the drift query: {missing:?}"));
                }
            }
            // The design note counts the review's own findings.
            let unindexed = findings.iter().filter(|f| f.rule == "unindexed-foreign-key").count();
            let note = section(&kit, Check::UnindexedForeignKeys.id());
            let said = if unindexed == 0 { "finds none".to_string() } else { format!("finds {unindexed} in") };
            if !note.contains(&said) {
                problems.push(format!("{name} → {d}: the design note does not say `{said}`"));
            }
        }
    }
    assert!(kits >= 150, "{kits} kits rendered");
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn the_kit_is_offered_for_three_engines_only() {
    assert_eq!("opskit:postgres".parse::<Format>(), Ok(Format::OpsKit(Dialect::Postgres)));
    assert_eq!("opskit:mariadb".parse::<Format>(), Ok(Format::OpsKit(Dialect::Mysql)));
    assert_eq!(Format::OpsKit(Dialect::Sqlite).file_suffix(), ".opskit.sqlite.sql");
    assert!("opskit:mssql".parse::<Format>().unwrap_err().contains("no operations kit"));
    assert!(opskit::render(&Schema::default(), Dialect::Oracle).is_err());
    let kit = export::export(&Schema::default(), Format::OpsKit(Dialect::Mysql)).expect("kit").text;
    assert!(kit.contains("[unused-indexes]") && !kit.contains("[design-tables-missing]"), "{kit}");
}

/// The rows of a Markdown table in `text` that start with `| {first} |`.
fn rows_starting(text: &str, first: &str) -> usize {
    text.lines().filter(|l| l.starts_with(&format!("| {first} |"))).count()
}

/// The text of section `## title` up to the next `## `.
fn md_section<'a>(md: &'a str, title: &str) -> &'a str {
    let start = md.find(&format!("\n## {title}")).unwrap_or_else(|| panic!("no section {title}:\n{md}"));
    let rest = &md[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |e| e + 4);
    &rest[..end]
}

fn is_advice(f: &Finding) -> bool {
    analysis::rules::rule(f.rule).is_some_and(|r| matches!(r.info.category, Category::Indexes | Category::Workload))
}

#[test]
fn the_report_carries_the_reviews_counts_on_every_corpus_schema() {
    let mut problems = Vec::new();
    for (name, s) in corpus_schemas() {
        let config = AnalysisConfig::default();
        let findings = analysis::check(&s, &config);
        let md = review_report::render(&Review { name: &name, schema: &s, findings: &findings, config: &config, baseline: None });
        let summary = analysis::render::summary(&findings);
        if !md.contains(&format!("**{summary}**")) {
            problems.push(format!("{name}: no summary `{summary}`"));
        }
        let findings_md = md_section(&md, "Findings by severity");
        for (sev, title) in [(Severity::Error, "Errors"), (Severity::Warning, "Warnings"), (Severity::Info, "Info")] {
            let n = findings.iter().filter(|f| f.severity == sev).count();
            let heading = format!("### {title} ({n})");
            if (n > 0) != findings_md.contains(&heading) {
                problems.push(format!("{name}: heading `{heading}` expected: {}", n > 0));
            }
            let rows = rows_starting(findings_md, sev.as_str());
            if rows != n {
                problems.push(format!("{name}: {rows} {sev} rows for {n} {sev} findings"));
            }
        }
        let norm = md_section(&md, "Normalization");
        let verdicts = ["1NF", "2NF", "3NF", "BCNF", "not analysed"].iter().map(|f| norm.lines().filter(|l| l.contains(&format!(" | {f} | "))).count()).sum::<usize>();
        if verdicts != s.tables.len() {
            problems.push(format!("{name}: {verdicts} normalization verdicts for {} tables", s.tables.len()));
        }
        let advice = findings.iter().filter(|f| is_advice(f)).count();
        let bullets = md_section(&md, "Index advice").lines().filter(|l| l.starts_with("- **")).count();
        if bullets != advice || !md.contains(&format!(" · {advice} index advice · ")) {
            problems.push(format!("{name}: {bullets} index advice bullets for {advice} findings"));
        }
        if md.contains("## Migration") {
            problems.push(format!("{name}: a migration section without a baseline"));
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn the_report_adds_declared_dependencies_the_workload_and_the_migrations_hazards() {
    let base = "CREATE TABLE customers (id int PRIMARY KEY, name text, zip text, city text);\n\
                CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers (id), total numeric(10,2), note text);\n";
    let next = "CREATE TABLE customers (id int PRIMARY KEY, name text, zip text, city text);\n\
                CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers (id), total numeric(10,2));\n";
    let old = import::import(base, &ImportOptions { dialect: Some(Dialect::Postgres), ..Default::default() }).schema;
    let s = import::import(next, &ImportOptions { dialect: Some(Dialect::Postgres), ..Default::default() }).schema;
    let mut config = AnalysisConfig { workload: "SELECT * FROM orders WHERE total > 100 ORDER BY total;".into(), ..Default::default() };
    config.fds.insert("customers".into(), vec!["zip -> city".into()]);
    let findings = analysis::check(&s, &config);
    let md = review_report::render(&Review { name: "shop.sql", schema: &s, findings: &findings, config: &config, baseline: Some((&old, Dialect::Postgres)) });
    // zip -> city: customers is in 2NF, not 3NF, and the violation is named.
    assert!(md.contains("| customers | 2NF | (id) | 1 | zip -> city"), "{md}");
    assert!(md.contains(" · 1 tables below 3NF"), "{md}");
    assert!(md.contains("From the workload (1 queries): 1 indexes proposed."), "{md}");
    assert!(md.contains("CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_total_idx ON orders (total);"), "{md}");
    let plan = migration::plan(&old, &s, Dialect::Postgres);
    assert!(!plan.hazards.is_empty(), "dropping a column is a hazard");
    let migration_md = md_section(&md, "Migration from the baseline");
    assert!(migration_md.contains(&format!("{} changes, {} hazards.", plan.up_diff.changes.len(), plan.hazards.len())), "{md}");
    assert_eq!(migration_md.lines().filter(|l| l.starts_with("- ")).count(), plan.hazards.len(), "{md}");
    assert!(migration_md.contains("| - | column `orders.note` | dropped |"), "{md}");
    assert!(md.contains(&format!(" · {} migration hazards (postgres)", plan.hazards.len())), "{md}");
}

#[test]
fn the_cli_writes_the_kit_and_the_report() {
    let dir = scratch("opskit-cli");
    let base = "CREATE TABLE a (id int PRIMARY KEY, note text);\nCREATE TABLE b (a_id int REFERENCES a (id), at timestamp);\n";
    std::fs::write(dir.join("old.sql"), base).expect("written");
    std::fs::write(dir.join("new.sql"), base.replace(", note text", "")).expect("written");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_erdsmith")).current_dir(&dir).args(args).output().expect("runs");
        (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (code, kit, _) = run(&["export", "new.sql", "--to", "opskit:postgres"]);
    assert_eq!(code, Some(0));
    assert!(kit.starts_with("-- Operations kit for PostgreSQL") && kit.contains("[tables-without-primary-key]"), "{kit}");
    assert!(kit.contains("the design review (missing-primary-key) finds 1 in the imported schema"), "{kit}");
    let (code, _, err) = run(&["export", "new.sql", "--to", "opskit:oracle"]);
    assert_eq!(code, Some(2), "{err}");
    let (code, md, err) = run(&["report", "new.sql", "--baseline", "old.sql", "--migration-dialect", "mysql"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(md.starts_with("# Schema review: new.sql\n"), "{md}");
    assert!(md.contains("## Migration from the baseline (MySQL / MariaDB)") && md.contains("| - | column `a.note` | dropped |"), "{md}");
    let (code, check, _) = run(&["check", "new.sql"]);
    assert_eq!(code, Some(0));
    let summary = check.lines().last().unwrap_or_default().to_string();
    assert!(md.contains(&format!("**{summary}**")), "check says `{summary}`:\n{md}");
}
