//! ## What it does
//! Reports indexes with more key parts than `thresholds.max_index_columns` (default 5).
//!
//! ## Why is this bad?
//! Wide keys make every index entry large, so the index is big, slow to maintain and rarely
//! used beyond its first few columns; it often tries to cover queries an INCLUDE list or a
//! narrower index would serve better.
//!
//! ## Example
//! ```sql
//! CREATE INDEX orders_everything ON orders (customer_id, status, created_at, total, currency, channel);
//! ```
//!
//! ## Fix
//! Keep the columns queries filter and sort on as keys; move the rest to `INCLUDE (...)` or
//! drop them.

use super::{Ctx, Rule};
use crate::analysis::walk::{finding, index_label};
use crate::analysis::{Finding, RuleInfo};
use crate::diagnostic::Severity;

const DOC: &str = "## What it does\nReports indexes with more key parts than `thresholds.max_index_columns` (default 5).\n\n## Why is this bad?\nWide keys make every index entry large, so the index is big, slow to maintain and rarely\nused beyond its first few columns; it often tries to cover queries an INCLUDE list or a\nnarrower index would serve better.\n\n## Example\n```sql\nCREATE INDEX orders_everything ON orders (customer_id, status, created_at, total, currency, channel);\n```\n\n## Fix\nKeep the columns queries filter and sort on as keys; move the rest to `INCLUDE (...)` or\ndrop them.\n";

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "wide-index",
        severity: Severity::Info,
        summary: "Index has many key columns",
        doc: DOC,
    },
    check,
};

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    let max = cx.config.thresholds.max_index_columns;
    for t in &cx.schema.tables {
        for ix in t.indexes.iter().filter(|ix| ix.keys.len() > max) {
            let mut f = finding(
                &RULE.info,
                t,
                format!("index `{}` has {} key parts (threshold {max})", index_label(t, ix), ix.keys.len()),
                "keep filter and sort columns as keys; move the rest to INCLUDE or drop them",
            );
            f.index = Some(ix.id);
            f.columns = ix.leading_columns().collect();
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::testkit::{clean, fires};
    use crate::schema::Dialect;

    const T: &str = "table t\na int\nb int\nc int\nd int\ne int\nf int\n";

    #[test]
    fn flags_six_columns() {
        fires(&RULE, Dialect::Postgres, &format!("{T}index a b c d e f"), "6 key parts");
    }

    #[test]
    fn five_columns_are_clean() {
        clean(&RULE, Dialect::Postgres, &format!("{T}index a b c d e"));
    }
}
