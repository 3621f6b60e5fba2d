//! ## What it does
//! Flags indexes with the same key parts (columns or expressions, same order and direction),
//! the same uniqueness, method and predicate as an earlier index on the same table.
//!
//! ## Why is this bad?
//! The second index serves no query the first does not; it still costs disk, memory and time
//! on every insert, update and delete.
//!
//! ## Example
//! ```sql
//! CREATE INDEX orders_customer ON orders (customer_id);
//! CREATE INDEX orders_customer_2 ON orders (customer_id);
//! ```
//!
//! ## Fix
//! Drop the duplicate.

use super::{Ctx, Rule};
use crate::analysis::walk::{finding, index_label, is_non_btree};
use crate::analysis::{Finding, RuleInfo};
use crate::diagnostic::Severity;
use crate::edit::Edit;
use crate::schema::Index;

const DOC: &str = "## What it does\nFlags indexes with the same key parts (columns or expressions, same order and direction),\nthe same uniqueness, method and predicate as an earlier index on the same table.\n\n## Why is this bad?\nThe second index serves no query the first does not; it still costs disk, memory and time\non every insert, update and delete.\n\n## Example\n```sql\nCREATE INDEX orders_customer ON orders (customer_id);\nCREATE INDEX orders_customer_2 ON orders (customer_id);\n```\n\n## Fix\nDrop the duplicate.\n";

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "duplicate-index",
        severity: Severity::Warning,
        summary: "Index duplicates another index",
        doc: DOC,
    },
    check,
};

pub(crate) fn same_definition(a: &Index, b: &Index) -> bool {
    a.keys == b.keys
        && a.unique == b.unique
        && a.predicate == b.predicate
        && is_non_btree(a) == is_non_btree(b)
        && (!is_non_btree(a) || a.method == b.method)
}

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for t in &cx.schema.tables {
        for (i, ix) in t.indexes.iter().enumerate() {
            let Some(first) = t.indexes[..i].iter().find(|o| same_definition(o, ix)) else { continue };
            let mut f = finding(
                &RULE.info,
                t,
                format!("index `{}` duplicates `{}` on `{}`", index_label(t, ix), index_label(t, first), t.name),
                format!("drop `{}`", index_label(t, ix)),
            );
            f.index = Some(ix.id);
            f.columns = ix.leading_columns().collect();
            f.fix = Some(vec![Edit::DeleteIndex { table: t.id, index: ix.id }]);
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::testkit::{clean, findings, fires, schema};
    use crate::edit::Edit;
    use crate::schema::Dialect;

    #[test]
    fn flags_the_second_copy() {
        fires(&RULE, Dialect::Postgres, "table o\nid int | pk\nc int\nd int\nindex c d\nindex c d", "duplicates");
        let s = schema(Dialect::Postgres, "table o\nid int | pk\nc int\nindex c\nindex c");
        let f = findings(&RULE, &s, &Default::default());
        let second = s.tables[0].indexes[1].id;
        assert_eq!(f[0].index, Some(second));
        assert_eq!(f[0].fix, Some(vec![Edit::DeleteIndex { table: s.tables[0].id, index: second }]));
    }

    #[test]
    fn different_order_or_uniqueness_is_clean() {
        clean(&RULE, Dialect::Postgres, "table o\nid int | pk\nc int\nd int\nindex c d\nindex d c");
        clean(&RULE, Dialect::Postgres, "table o\nid int | pk\nc int\nindex c\nuindex c");
    }
}
