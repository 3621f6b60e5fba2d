#![doc = include_str!("orphan_table.md")]

use super::{Ctx, Rule};
use crate::analysis::walk::finding;
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;
use crate::schema::{TableId, TableKind};
use std::collections::HashSet;

const DOC: &str = include_str!("orphan_table.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "orphan-table",
        severity: Severity::Info,
        summary: "Table has no relationship to any other table",
        category: Category::Keys,
        fix: FixSafety::None,
        doc: DOC,
    },
    check,
};

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    let s = cx.schema;
    let mut linked: HashSet<TableId> = HashSet::new();
    // A partition's foreign keys are its partitioned table's: the parent is linked through them.
    let owner = |id: TableId| s.table(id).and_then(|t| t.parent).unwrap_or(id);
    for (t, fk) in s.foreign_keys() {
        if fk.ref_table != t.id {
            linked.insert(t.id);
            linked.insert(fk.ref_table);
            linked.insert(owner(t.id));
            linked.insert(owner(fk.ref_table));
        }
    }
    if linked.is_empty() {
        return;
    }
    for t in &s.tables {
        if linked.contains(&t.id) || t.kind == TableKind::Partition || t.parent.is_some() {
            continue;
        }
        out.push(finding(
            &RULE.info,
            t,
            format!("`{}` has no foreign key to or from any other table", t.name),
            "add the missing foreign keys, or ignore this for standalone lookup, log or staging tables",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::testkit::{check, clean};
    use crate::schema::Dialect;

    #[test]
    fn flags_the_unrelated_table() {
        check(
            &RULE,
            Dialect::Postgres,
            "table customers\nid int | pk\ntable orders\nid int | pk\ncustomer_id int | fk customers.id\ntable invoices\nid int | pk\norder_id int",
            &["invoices: : `invoices` has no foreign key to or from any other table"],
        );
    }

    #[test]
    fn schemas_without_any_foreign_key_are_clean() {
        clean(&RULE, Dialect::Postgres, "table a\nid int | pk\ntable b\nid int | pk");
        clean(&RULE, Dialect::Postgres, "table a\nid int | pk\ntable b\nid int | pk\na_id int | fk a.id");
    }
}
