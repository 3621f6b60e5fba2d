//! ## What it does
//! Reports tables that neither reference nor are referenced by any other table, in a schema
//! that otherwise uses foreign keys.
//!
//! ## Why is this bad?
//! It often is not: lookup, log and staging tables stand alone. But an isolated table in a
//! related schema frequently means a forgotten foreign key, so the relationship is neither
//! enforced nor visible in the diagram.
//!
//! ## Example
//! ```sql
//! CREATE TABLE customers (id int PRIMARY KEY);
//! CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers);
//! CREATE TABLE invoices (id int PRIMARY KEY, order_id int); -- no REFERENCES
//! ```
//!
//! ## Fix
//! Add the missing foreign keys, or ignore the finding for genuinely standalone tables.

use super::{Ctx, Rule};
use crate::analysis::walk::finding;
use crate::analysis::{Finding, RuleInfo};
use crate::diagnostic::Severity;
use crate::schema::{TableId, TableKind};
use std::collections::HashSet;

const DOC: &str = "## What it does\nReports tables that neither reference nor are referenced by any other table, in a schema\nthat otherwise uses foreign keys.\n\n## Why is this bad?\nIt often is not: lookup, log and staging tables stand alone. But an isolated table in a\nrelated schema frequently means a forgotten foreign key, so the relationship is neither\nenforced nor visible in the diagram.\n\n## Example\n```sql\nCREATE TABLE customers (id int PRIMARY KEY);\nCREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers);\nCREATE TABLE invoices (id int PRIMARY KEY, order_id int); -- no REFERENCES\n```\n\n## Fix\nAdd the missing foreign keys, or ignore the finding for genuinely standalone tables.\n";

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "orphan-table",
        severity: Severity::Info,
        summary: "Table has no relationship to any other table",
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
