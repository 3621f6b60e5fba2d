#![doc = include_str!("too_many_indexes.md")]

use super::{Ctx, Rule};
use crate::analysis::walk::finding;
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;

const DOC: &str = include_str!("too_many_indexes.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "too-many-indexes",
        severity: Severity::Warning,
        summary: "Table has more indexes than the threshold",
        category: Category::Indexes,
        fix: FixSafety::None,
        doc: DOC,
    },
    check,
};

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    let max = cx.config.thresholds.max_indexes;
    for t in &cx.schema.tables {
        if t.indexes.len() > max {
            out.push(finding(
                &RULE.info,
                t,
                format!("`{}` has {} indexes (threshold {max})", t.name, t.indexes.len()),
                "drop unused or overlapping indexes; every index slows writes",
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
        let s = schema(Dialect::Postgres, "table t\na int\nb int\nc int\nindex a\nindex b\nindex c");
        let mut config = AnalysisConfig::default();
        assert!(run_with(&RULE, &s, &config).is_empty(), "3 indexes are under the default");
        config.thresholds.max_indexes = 2;
        assert_eq!(run_with(&RULE, &s, &config), ["t: : `t` has 3 indexes (threshold 2)"]);
        config.thresholds.max_indexes = 3;
        assert!(run_with(&RULE, &s, &config).is_empty(), "equal to the threshold is fine");
    }
}
