#![doc = include_str!("duplicate_index.md")]

use super::{Ctx, Rule};
use crate::analysis::walk::{finding, index_label, is_non_btree};
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;
use crate::edit::Edit;
use crate::schema::Index;

const DOC: &str = include_str!("duplicate_index.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "duplicate-index",
        severity: Severity::Warning,
        summary: "Index duplicates another index",
        category: Category::Indexes,
        fix: FixSafety::Safe,
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
            let Some(first) = t.indexes.iter().take(i).find(|o| same_definition(o, ix)) else { continue };
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
