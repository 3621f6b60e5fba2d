#![doc = include_str!("table_without_index.md")]

use super::{Ctx, Rule};
use crate::analysis::walk::finding;
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;
use crate::schema::TableKind;

const DOC: &str = include_str!("table_without_index.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "table-without-index",
        severity: Severity::Warning,
        summary: "Table has no index at all",
        category: Category::Indexes,
        fix: FixSafety::None,
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
