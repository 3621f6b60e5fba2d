#![doc = include_str!("workload_missing_index.md")]

use super::{Ctx, Rule};
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;

const DOC: &str = include_str!("workload_missing_index.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "workload-missing-index",
        severity: Severity::Warning,
        summary: "A workload query has no index to use",
        category: Category::Workload,
        fix: FixSafety::Safe,
        doc: DOC,
    },
    check,
};

/// The advisor's findings of this rule (none without a workload).
fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    out.extend(cx.advice().into_iter().flat_map(|a| a.findings_with(cx.schema, cx.ids)).filter(|f| f.rule == RULE.info.id));
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::testkit::{findings, schema};
    use crate::analysis::AnalysisConfig;
    use crate::schema::Dialect;

    const SHOP: &str = "table orders\nid bigint | pk\ncustomer_id bigint\nstatus text\ncreated_at timestamptz\nindex customer_id\nindex status";

    #[test]
    fn reports_only_with_a_workload_and_only_its_own_rule() {
        let s = schema(Dialect::Postgres, SHOP);
        assert!(findings(&RULE, &s, &AnalysisConfig::default()).is_empty(), "no workload, no finding");
        let config = AnalysisConfig {
            workload: "SELECT * FROM orders WHERE customer_id = 1 ORDER BY created_at DESC;".into(),
            ..Default::default()
        };
        let found = findings(&RULE, &s, &config);
        assert!(found.iter().all(|f| f.rule == RULE.info.id), "{found:?}");
        assert_eq!(found.len(), 1, "{found:?}");
    }
}
