#![doc = include_str!("workload_redundant_index.md")]

use super::{Ctx, Rule};
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;

const DOC: &str = include_str!("workload_redundant_index.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "workload-redundant-index",
        severity: Severity::Info,
        summary: "An index becomes redundant once a proposed index exists",
        category: Category::Workload,
        fix: FixSafety::Unsafe,
        doc: DOC,
    },
    check,
};

/// The advisor's findings of this rule (none without a workload).
fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    cx.advice_findings(RULE.info.id, out);
}

#[cfg(test)]
mod tests {
    #[test]
    fn reports_only_with_a_workload_and_only_its_own_rule() {
        crate::analysis::testkit::workload_rule_reports_once(&super::RULE);
    }
}
