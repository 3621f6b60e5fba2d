//! ## What it does
//! Flags tables with no index at all: no primary key, no unique constraint, no index.
//!
//! ## Why is this bad?
//! Every lookup, join, update and delete on the table is a full scan, and nothing prevents
//! duplicate rows.
//!
//! ## Example
//! ```sql
//! CREATE TABLE events (happened_at timestamptz, kind text, payload jsonb);
//! ```
//!
//! ## Fix
//! Add a primary key, and indexes for the columns queries filter on.

use super::{Ctx, Rule};
use crate::analysis::walk::finding;
use crate::analysis::{Finding, RuleInfo};
use crate::diagnostic::Severity;
use crate::schema::TableKind;

const DOC: &str = "## What it does\nFlags tables with no index at all: no primary key, no unique constraint, no index.\n\n## Why is this bad?\nEvery lookup, join, update and delete on the table is a full scan, and nothing prevents\nduplicate rows.\n\n## Example\n```sql\nCREATE TABLE events (happened_at timestamptz, kind text, payload jsonb);\n```\n\n## Fix\nAdd a primary key, and indexes for the columns queries filter on.\n";

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "table-without-index",
        severity: Severity::Warning,
        summary: "Table has no index at all",
        doc: DOC,
    },
    check,
};

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for t in &cx.schema.tables {
        if t.primary_key.is_none() && t.uniques.is_empty() && t.indexes.is_empty() && t.kind != TableKind::Partition {
            out.push(finding(
                &RULE.info,
                t,
                format!("`{}` has no primary key, unique constraint or index: every access is a full scan", t.name),
                "add a primary key and indexes for the columns queries filter on",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::testkit::{clean, fires};
    use crate::schema::Dialect;

    #[test]
    fn flags_bare_table() {
        fires(&RULE, Dialect::Postgres, "table events\nat timestamptz\nkind text", "full scan");
    }

    #[test]
    fn any_index_is_enough() {
        clean(&RULE, Dialect::Postgres, "table events\nat timestamptz\nindex at");
        clean(&RULE, Dialect::Postgres, "table events\nat timestamptz\nunique at");
    }
}
