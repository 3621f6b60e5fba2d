#![doc = include_str!("declared_dependency_violation.md")]

use super::{Ctx, Rule};
use crate::analysis::fd::view::parse_fd_lines;
use crate::analysis::fd::{analyze, decomposition_edits_with, synthesize_3nf, table_fds};
use crate::analysis::walk::finding;
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;

const DOC: &str = include_str!("declared_dependency_violation.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "declared-dependency-violation",
        severity: Severity::Warning,
        summary: "Declared functional dependencies violate a normal form",
        category: Category::Normalization,
        fix: FixSafety::Unsafe,
        doc: DOC,
    },
    check,
};

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    // By name (`fds`, the config file's form) and by id (`table_fds`, the inspector's text,
    // whose unreadable lines the inspector reports: they are skipped here).
    let mut declared: Vec<(&crate::schema::Table, Vec<String>)> = Vec::new();
    for (table, fds) in &cx.config.fds {
        if let Some(t) = cx.schema.find_table(None, table) {
            declared.push((t, fds.clone()));
        }
    }
    for (id, text) in &cx.config.table_fds {
        let Some(t) = cx.schema.table(*id) else { continue };
        let (lines, _) = parse_fd_lines(t, text);
        match declared.iter_mut().find(|(x, _)| x.id == t.id) {
            Some((_, fds)) => fds.extend(lines),
            None => declared.push((t, lines)),
        }
    }
    for (t, fds) in declared {
        let Ok(tf) = table_fds(t, &fds) else { continue };
        let a = analyze(tf.names.len(), &tf.all());
        if a.violations.is_empty() {
            continue;
        }
        let next = match a.normal_form {
            crate::analysis::fd::NormalForm::First => "2NF",
            crate::analysis::fd::NormalForm::Second => "3NF",
            _ => "BCNF",
        };
        let list: Vec<String> = a.violations.iter().map(|f| f.render(&tf.names)).collect();
        let mut f = finding(
            &RULE.info,
            t,
            format!("`{}` is in {} under its declared dependencies; {} violate {next}", t.name, a.normal_form.label(), list.join("; ")),
            format!("decompose it: erdsmith normalize FILE --table {}", t.name),
        );
        let cols = a.violations.iter().fold(0, |x, f| x | f.lhs | f.rhs);
        f.columns = crate::analysis::fd::core::members(cols).filter_map(|i| tf.columns.get(i).copied()).collect();
        let synthesis = synthesize_3nf(a.universe, &a.cover, &a.keys);
        if synthesis.relations.len() > 1 && synthesis.lossless {
            f.fix = Some(decomposition_edits_with(cx.schema, t, &synthesis, &mut || cx.ids.fresh()));
        }
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::AnalysisConfig;
    use crate::analysis::testkit::{run_with, schema};
    use crate::schema::Dialect;

    #[test]
    fn flags_declared_violations_with_a_synthesis_fix() {
        let s = schema(Dialect::Postgres, "table orders\nid int | pk\nzip text\ncity text");
        let mut config = AnalysisConfig::default();
        config.fds.insert("orders".into(), vec!["zip -> city".into()]);
        assert_eq!(
            run_with(&RULE, &s, &config),
            ["orders: zip, city: `orders` is in 2NF under its declared dependencies; zip -> city violate 3NF"]
        );
        let f = crate::analysis::testkit::findings(&RULE, &s, &config);
        assert!(matches!(f[0].fix.as_deref(), Some([crate::edit::Edit::AddTable { .. }, ..])));
    }

    #[test]
    fn reads_the_inspector_text_by_table_id_skipping_bad_lines() {
        let s = schema(Dialect::Postgres, "table orders\nid int | pk\nzip text\ncity text");
        let mut config = AnalysisConfig::default();
        config.set_declared_fds(s.tables[0].id, "zip -> town\nzip -> city");
        assert_eq!(
            run_with(&RULE, &s, &config),
            ["orders: zip, city: `orders` is in 2NF under its declared dependencies; zip -> city violate 3NF"]
        );
    }

    #[test]
    fn no_declarations_or_key_dependencies_are_clean() {
        let s = schema(Dialect::Postgres, "table orders\nid int | pk\nzip text\ncity text\nunique zip");
        assert!(run_with(&RULE, &s, &AnalysisConfig::default()).is_empty());
        let mut config = AnalysisConfig::default();
        config.fds.insert("orders".into(), vec!["zip -> city".into()]);
        assert!(run_with(&RULE, &s, &config).is_empty(), "zip is a key: BCNF");
    }
}
