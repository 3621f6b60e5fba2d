//! The findings panel's grouping (`ui::review::group`): one pass over the findings gives what
//! the plain definition — each severity, each rule in catalogue order, every finding that passes
//! the filter, rows up to the limit — gives, on real schemas, for filters, severities and limits.

use crate::support::corpus_dir;
use erdsmith::analysis::{self, Finding, render, rules};
use erdsmith::diagnostic::Severity;
use erdsmith::import::{ImportOptions, import};
use erdsmith::schema::Schema;
use erdsmith::analysis::listing::{Row, RuleGroup, SEVERITIES, SeverityGroup, group};

/// The definition, scanning all findings for each severity and rule.
fn reference(schema: &Schema, findings: &[Finding], query: &str, shown: &[Severity], limit: usize) -> Vec<SeverityGroup> {
    let query = query.trim().to_lowercase();
    let mut out = Vec::new();
    let mut budget = limit;
    for severity in SEVERITIES.into_iter().filter(|s| shown.contains(s)) {
        let mut g = SeverityGroup { severity, count: 0, rules: Vec::new() };
        for rule in rules::RULES.iter().map(|r| &r.info) {
            let mut rg = RuleGroup { rule: rule.id, summary: rule.summary, doc: rule.doc, rows: Vec::new() };
            let mut count = 0;
            for f in findings.iter().filter(|f| f.severity == severity && f.rule == rule.id) {
                let name = f.table.and_then(|t| schema.table(t)).map(|t| t.qualified_name()).unwrap_or_default();
                let hit = query.is_empty() || f.rule.contains(&query) || name.to_lowercase().contains(&query) || f.message.to_lowercase().contains(&query);
                if !hit {
                    continue;
                }
                count += 1;
                if budget > 0 {
                    budget -= 1;
                    let fix = f.fix.clone().map(|e| (render::fix_text(schema, f).unwrap_or_default(), e));
                    rg.rows.push(Row { table: f.table, table_name: name, columns: f.columns.clone(), message: f.message.clone(), help: f.help.clone(), fix });
                }
            }
            if count > 0 {
                g.count += count;
                g.rules.push(rg);
            }
        }
        if g.count > 0 {
            out.push(g);
        }
    }
    out
}

#[test]
fn grouping_in_one_pass_is_the_definition() {
    let mut files: Vec<_> = std::fs::read_dir(corpus_dir()).expect("corpus").filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "sql")).collect();
    files.sort();
    let mut rows = 0;
    for path in files {
        let text = String::from_utf8_lossy(&std::fs::read(&path).expect("read")).into_owned();
        let schema = import(&text, &ImportOptions::default()).schema;
        let mut findings = analysis::check(&schema, &Default::default());
        // A finding of another severity than its rule's (a settings override) is grouped by its own.
        if let Some(f) = findings.get_mut(1) {
            f.severity = Severity::Error;
        }
        let some_table = schema.tables.get(schema.tables.len() / 2).map(|t| t.name.to_uppercase()).unwrap_or_default();
        for query in ["", "  ", "index", "KEY", some_table.as_str(), "no finding says this"] {
            for shown in [SEVERITIES.to_vec(), vec![Severity::Warning], vec![Severity::Info, Severity::Error]] {
                let shown: Vec<Severity> = shown;
                for limit in [0, 1, 7, 400, usize::MAX] {
                    let got = group(&schema, &findings, query, &shown, limit);
                    let want = reference(&schema, &findings, query, &shown, limit);
                    assert!(got == want, "{}: query {query:?}, shown {shown:?}, limit {limit}", path.display());
                    rows += got.iter().flat_map(|g| &g.rules).map(|r| r.rows.len()).sum::<usize>();
                }
            }
        }
    }
    assert!(rows > 10_000, "{rows} rows compared");
}
