#![doc = include_str!("too_many_columns.md")]

use super::{Ctx, Rule};
use crate::analysis::walk::finding;
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;

const DOC: &str = include_str!("too_many_columns.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "too-many-columns",
        severity: Severity::Info,
        summary: "Table has more columns than the threshold",
        category: Category::Types,
        fix: FixSafety::None,
        doc: DOC,
    },
    check,
};

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    let max = cx.config.thresholds.max_columns;
    for t in &cx.schema.tables {
        if t.columns.len() > max {
            out.push(finding(
                &RULE.info,
                t,
                format!("`{}` has {} columns (threshold {max})", t.name, t.columns.len()),
                "split cohesive groups of columns into their own tables",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::testkit::{run_with, schema};
    use crate::analysis::AnalysisConfig;
    use crate::schema::Dialect;

    #[test]
    fn threshold_is_configurable() {
        let text: String = std::iter::once("table wide\n".to_string()).chain((0..41).map(|i| format!("c{i} int\n"))).collect();
        let s = schema(Dialect::Postgres, &text);
        let mut config = AnalysisConfig::default();
        assert_eq!(run_with(&RULE, &s, &config), ["wide: : `wide` has 41 columns (threshold 40)"]);
        config.thresholds.max_columns = 41;
        assert!(run_with(&RULE, &s, &config).is_empty());
    }
}
