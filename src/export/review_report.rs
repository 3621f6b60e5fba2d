//! The whole design review as one Markdown report for a team's docs (`erdsmith report`, the
//! app's "Review report" export): findings grouped by severity, each table's normal form,
//! index advice, scale advice (partitioning, distribution, multi-tenancy) and — given a
//! baseline — the migration's changes and hazards. Nothing here
//! decides anything: the findings are the caller's (`analysis::check` under its settings), the
//! verdicts `fd::normalization_view`'s, the advice the index rules' and the workload advisor's,
//! the hazards `migration::plan`'s.

use crate::analysis::fd::view::normalization_view;
use crate::analysis::{Category, Finding, render, rules};
use crate::analysis::distribution::Role;
use crate::analysis::scale::{distribution_is_clear, scale_view};
use crate::analysis::{AnalysisConfig, advisor};
use crate::diagnostic::Severity;
use crate::export::markdown::text;
use crate::export::{change_summary, migration};
use crate::schema::{Dialect, Schema, Table};
use std::fmt::Write;

/// What the report is about.
pub struct Review<'a> {
    /// A name for the title (the file or project name).
    pub name: &'a str,
    pub schema: &'a Schema,
    /// The review's findings, as the caller shows them (settings and suppressions applied).
    pub findings: &'a [Finding],
    /// The settings the findings were made under: declared dependencies and the workload.
    pub config: &'a AnalysisConfig,
    /// The schema before the change and the engine the migration runs on: adds the migration's
    /// changes and hazards.
    pub baseline: Option<(&'a Schema, Dialect)>,
}

/// The severities in the order the report lists them, with their section titles.
const SECTIONS: [(Severity, &str); 3] = [(Severity::Error, "Errors"), (Severity::Warning, "Warnings"), (Severity::Info, "Info")];

/// A table's verdict: its normal form and why, or why it was not analysed.
struct Verdict {
    table: String,
    form: String,
    keys: String,
    declared: usize,
    violations: Vec<String>,
}

fn verdicts(schema: &Schema, config: &AnalysisConfig) -> Vec<Verdict> {
    schema
        .tables
        .iter()
        .map(|t| {
            let fds = declared_text(schema, config, t);
            match normalization_view(t, &fds) {
                Ok(v) => Verdict {
                    table: t.qualified_name(),
                    form: v.normal_form.label().to_string(),
                    keys: if t.primary_key.is_none() && t.uniques.is_empty() && v.declared.is_empty() {
                        "none declared (the whole row)".to_string()
                    } else {
                        v.keys.iter().map(|k| format!("({})", k.join(", "))).collect::<Vec<_>>().join(" ")
                            + if v.keys_truncated { " …" } else { "" }
                    },
                    declared: v.declared.len(),
                    violations: v.violations.iter().map(|x| format!("{} ({})", x.fd, x.why)).collect(),
                },
                Err(e) => Verdict { table: t.qualified_name(), form: "not analysed".into(), keys: e, declared: 0, violations: Vec::new() },
            }
        })
        .collect()
}

/// The dependencies declared for `t`: the config file's (by name) and the inspector's (by id).
fn declared_text(schema: &Schema, config: &AnalysisConfig, t: &Table) -> String {
    let mut lines: Vec<String> = config
        .fds
        .iter()
        .filter(|(name, _)| schema.find_table(None, name).is_some_and(|x| x.id == t.id))
        .flat_map(|(_, fds)| fds.iter().cloned())
        .collect();
    lines.push(config.declared_fds(t.id).to_string());
    lines.join("\n")
}

/// Whether a finding is index advice: a rule of the indexes or workload category.
fn is_index_advice(f: &Finding) -> bool {
    rules::rule(f.rule).is_some_and(|r| matches!(r.info.category, Category::Indexes | Category::Workload))
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// The report as Markdown.
pub fn render(r: &Review) -> String {
    let s = r.schema;
    let verdicts = verdicts(s, r.config);
    let advice: Vec<&Finding> = r.findings.iter().filter(|f| is_index_advice(f)).collect();
    let plan = r.baseline.map(|(old, d)| (d, migration::plan(old, s, d)));

    let mut out = format!("# Schema review: {}\n\n", text(r.name));
    let _ = writeln!(
        out,
        "{} tables, {} views ({}). **{}** · {} index advice · {} tables below 3NF{}\n",
        s.tables.len(),
        s.views.len(),
        s.dialect.label(),
        render::summary(r.findings),
        advice.len(),
        verdicts.iter().filter(|v| v.form == "1NF" || v.form == "2NF").count(),
        plan.as_ref().map(|(d, m)| format!(" · {} migration hazards ({})", m.hazards.len(), d.as_str())).unwrap_or_default()
    );

    out.push_str("## Findings by severity\n\n");
    if r.findings.is_empty() {
        out.push_str("No findings.\n\n");
    }
    for (sev, title) in SECTIONS {
        let group: Vec<Finding> = r.findings.iter().filter(|f| f.severity == sev).cloned().collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(out, "### {title} ({})\n", group.len());
        out.push_str(&render::markdown_table(s, &group));
        out.push('\n');
    }

    normalization_section(&mut out, r, &verdicts);

    advice_section(&mut out, r, &advice);

    if let (Some((old, _)), Some((d, m))) = (r.baseline, &plan) {
        let _ = writeln!(out, "## Migration from the baseline ({})\n", d.label());
        let changes = &m.up_diff.changes;
        let _ = writeln!(out, "{} changes, {} hazards.\n", changes.len(), m.hazards.len());
        if m.hazards.is_empty() {
            out.push_str("No hazards.\n\n");
        } else {
            out.push_str("### Hazards\n\n");
            for h in &m.hazards {
                let _ = writeln!(out, "- {}", cell(h));
            }
            out.push('\n');
        }
        if !changes.is_empty() {
            out.push_str("### Changes\n\n| | Object | Change |\n|---|---|---|\n");
            for c in changes {
                let (mark, what, how) = change_summary::describe(c, old, s);
                let _ = writeln!(out, "| {mark} | {} | {} |", cell(&what), cell(&how));
            }
            out.push('\n');
        }
    }

    scale_section(&mut out, r);

    out.push_str("## Operations\n\n");
    out.push_str(
        "What the live database says — unused and duplicate indexes from its statistics, foreign keys \
         without an index, bloat, tables without a primary key — is in the operations kit: \
         `erdsmith export FILE --to opskit:postgres` (or `opskit:mysql`, `opskit:sqlite`), read-only \
         queries to run there.\n",
    );
    out
}

/// A name as Markdown code (a backtick in it would end the span).
fn code(name: &str) -> String {
    format!("`{}`", name.replace('`', "'"))
}

/// At most this many breaking constraints are listed (the count says how many there are).
const MAX_BREAKING: usize = 40;

/// The names of `tables`, as Markdown code, comma-separated.
fn names(s: &Schema, tables: &[crate::schema::TableId]) -> String {
    let list: Vec<String> = tables.iter().filter_map(|t| s.table(*t)).map(|t| code(&t.qualified_name())).collect();
    if list.is_empty() { "none".to_string() } else { list.join(", ") }
}

/// The normal form of each table, under its keys and the declared dependencies.
fn normalization_section(out: &mut String, r: &Review, verdicts: &[Verdict]) {
    let s = r.schema;
    out.push_str("## Normalization\n\n");
    let declared: usize = verdicts.iter().map(|v| v.declared).sum();
    let _ = writeln!(
        out,
        "Each table's normal form under its keys{}. A table without declared dependencies is judged on its keys alone; declare what the data obeys (the inspector's Normalization section, or `[fds]` in erdsmith.toml) for a verdict on it.\n",
        if declared > 0 { format!(" and the {declared} declared functional dependencies") } else { String::new() }
    );
    let normalization = r.findings.iter().filter(|f| rules::rule(f.rule).is_some_and(|x| x.info.category == Category::Normalization)).count();
    if normalization > 0 {
        let _ = writeln!(out, "The normalization rules report {normalization} finding(s), listed above by severity.\n");
    }
    if s.tables.is_empty() {
        out.push_str("No tables.\n\n");
    } else {
        out.push_str("| Table | Normal form | Candidate keys | Declared | Violations |\n|---|---|---|---|---|\n");
        for v in verdicts {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                text(&v.table),
                v.form,
                cell(&v.keys),
                v.declared,
                cell(&v.violations.join("; "))
            );
        }
        out.push('\n');
    }
}

/// The index rules' advice, and the indexes the workload proposes.
fn advice_section(out: &mut String, r: &Review, advice: &[&Finding]) {
    let s = r.schema;
    out.push_str("## Index advice\n\n");
    if advice.is_empty() {
        out.push_str("The index rules have no advice.\n\n");
    } else {
        for f in advice {
            let table = f.table.and_then(|t| s.table(t)).map(|t| text(&t.qualified_name())).unwrap_or_default();
            let fix = render::fix_text(s, f).map(|x| format!(" — fix: {}", cell(&x))).unwrap_or_default();
            let _ = writeln!(out, "- **{table}** `{}` ({}): {}{fix}", f.rule, f.severity, cell(&f.message));
        }
        out.push('\n');
    }
    if !r.config.workload.trim().is_empty() {
        let view = advisor::workload_view(s, &r.config.workload);
        if s.source.is_nosql() {
            // A CQL or PartiQL workload gets no index proposals: its scans are findings above.
            let _ = writeln!(out, "From the workload ({} queries): {} access patterns that scan, listed above by severity.\n", view.queries, view.notes.len());
        } else {
            let _ = writeln!(out, "From the workload ({} queries): {} indexes proposed.\n", view.queries, view.proposals.len());
        }
        if !view.proposals.is_empty() {
            out.push_str("```sql\n");
            for p in &view.proposals {
                let _ = writeln!(out, "{}", p.sql.replace("```", "` ` `"));
            }
            out.push_str("```\n\n");
        }
    }
}

/// "Scale advice": partitioning candidates with their DDL, the distribution proposal and the
/// multi-tenancy findings. Each part is shown when its rule is on (`scale::scale_view` decides
/// what it says; the findings are the caller's).
fn scale_section(out: &mut String, r: &Review) {
    let s = r.schema;
    let view = scale_view(s, r.config);
    out.push_str("## Scale advice\n\n");
    out.push_str("### Partitioning\n\n");
    let partitions: Vec<_> = view.partitions.iter().filter(|p| r.findings.iter().any(|f| f.rule == "partition-large-time-table" && f.table == Some(p.candidate.table))).collect();
    if partitions.is_empty() {
        out.push_str("No large time-keyed table to partition (row estimates come from `-- erdsmith:rows N` comments; threshold `partition-rows`).\n\n");
    }
    for p in partitions {
        let c = &p.candidate;
        let name = s.table(c.table).map(|t| text(&t.qualified_name())).unwrap_or_default();
        let _ = writeln!(
            out,
            "- **{name}**: about {} rows; range-partition by {}, one partition per {}, keep {} (confidence {:.2}: {}).\n",
            c.rows, code(&c.column), c.interval, c.retention, c.confidence, cell(&c.why)
        );
        for (d, sql) in &p.ddl {
            let _ = writeln!(out, "  {}:\n\n  ```sql\n{}\n  ```\n", d.label(), sql.replace("```", "` ` `").lines().map(|l| format!("  {l}")).collect::<Vec<_>>().join("\n"));
        }
    }
    out.push_str("### Distribution\n\n");
    match view.distribution.as_ref().filter(|_| r.config.is_enabled("distribution-breaks-constraint")) {
        None if !r.config.is_enabled("distribution-breaks-constraint") => out.push_str("The distribution advisor is off (`distribution-breaks-constraint`).\n\n"),
        None => out.push_str("No distribution column proposed (no column that foreign keys use is carried by two tables or more).\n\n"),
        Some(d) => {
            let clear = distribution_is_clear(d, r.config);
            let _ = writeln!(
                out,
                "Distribute by **{}** (confidence {:.2}: {}){}. {} of {} foreign keys stay on one node.\n",
                code(&d.column),
                d.confidence,
                d.reason,
                if clear { "" } else { "; it distributes too few tables to be reported as findings" },
                d.colocated,
                d.edges
            );
            let distributed = d.tables_with(&|x| matches!(x, Role::Distributed(_)));
            let _ = writeln!(out, "- Distributed ({}): {}", distributed.len(), names(s, &distributed));
            let reference = d.tables_with(&|x| *x == Role::Reference);
            let _ = writeln!(out, "- Reference tables to replicate ({}): {}", reference.len(), names(s, &reference));
            let local = d.tables_with(&|x| *x == Role::Local);
            let _ = writeln!(out, "- Local ({}): {}\n", local.len(), names(s, &local));
            let _ = writeln!(out, "{} constraint(s) the layout would break:\n", d.breaking.len());
            for b in d.breaking.iter().take(MAX_BREAKING) {
                let t = s.table(b.table).map(|t| text(&t.qualified_name())).unwrap_or_default();
                let _ = writeln!(out, "- **{t}** {}: {}", cell(&b.what), cell(&b.reason));
            }
            if d.breaking.len() > MAX_BREAKING {
                let _ = writeln!(out, "- … and {} more (`erdsmith check` lists them per table)", d.breaking.len() - MAX_BREAKING);
            }
            out.push('\n');
        }
    }
    out.push_str("### Multi-tenancy\n\n");
    let gaps: Vec<&Finding> = r.findings.iter().filter(|f| TENANCY_RULES.contains(&f.rule)).collect();
    match &view.tenancy {
        None => out.push_str("Not a multi-tenant schema (too few tables carry a tenant key such as `tenant_id` or `organization_id`).\n\n"),
        Some(t) => {
            let _ = writeln!(out, "{} of {} tables carry {}; {} gap(s):\n", t.carriers.len(), t.tables, code(t.key), gaps.len());
            for f in &gaps {
                let table = f.table.and_then(|t| s.table(t)).map(|t| text(&t.qualified_name())).unwrap_or_default();
                let _ = writeln!(out, "- **{table}** `{}`: {}", f.rule, cell(&f.message));
            }
            out.push('\n');
        }
    }
}

/// The rules whose findings are multi-tenancy gaps.
const TENANCY_RULES: [&str; 3] = ["tenant-key-missing", "tenant-key-not-indexed", "tenant-table-without-row-security"];
