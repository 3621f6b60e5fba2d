//! ## What it does
//! Reports tables with more columns than `thresholds.max_columns` (default 40).
//!
//! ## Why is this bad?
//! Very wide tables usually mix several entities or hold repeating groups and optional
//! attribute sets: many columns are NULL in most rows, rows get large, and every change
//! touches a table everyone depends on.
//!
//! ## Example
//! A `customers` table with billing, shipping, marketing and support columns side by side.
//!
//! ## Fix
//! Split cohesive groups of columns into their own tables (1:1 or 1:n), or raise the
//! threshold for deliberately wide tables (analytics facts).

use super::{Ctx, Rule};
use crate::analysis::walk::finding;
use crate::analysis::{Finding, RuleInfo};
use crate::diagnostic::Severity;

const DOC: &str = "## What it does\nReports tables with more columns than `thresholds.max_columns` (default 40).\n\n## Why is this bad?\nVery wide tables usually mix several entities or hold repeating groups and optional\nattribute sets: many columns are NULL in most rows, rows get large, and every change\ntouches a table everyone depends on.\n\n## Example\nA `customers` table with billing, shipping, marketing and support columns side by side.\n\n## Fix\nSplit cohesive groups of columns into their own tables (1:1 or 1:n), or raise the\nthreshold for deliberately wide tables (analytics facts).\n";

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "too-many-columns",
        severity: Severity::Info,
        summary: "Table has more columns than the threshold",
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
