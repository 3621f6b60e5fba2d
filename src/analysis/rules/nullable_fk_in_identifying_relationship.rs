//! ## What it does
//! Flags foreign key columns that are part of their table's primary key (an identifying
//! relationship) but are declared nullable.
//!
//! ## Why is this bad?
//! In an identifying relationship the child cannot exist without its parent: the key part must
//! always hold a value. A nullable declaration contradicts the model; PostgreSQL silently makes
//! key columns NOT NULL, other databases reject or accept it inconsistently, and exports
//! round-trip differently.
//!
//! ## Example
//! ```sql
//! CREATE TABLE order_items (order_id bigint NULL REFERENCES orders, line int,
//!                           PRIMARY KEY (order_id, line));
//! ```
//!
//! ## Fix
//! Declare the column NOT NULL.

use super::{Ctx, Rule};
use crate::analysis::walk::finding;
use crate::analysis::{Finding, RuleInfo};
use crate::diagnostic::Severity;
use crate::edit::Edit;

const DOC: &str = "## What it does\nFlags foreign key columns that are part of their table's primary key (an identifying\nrelationship) but are declared nullable.\n\n## Why is this bad?\nIn an identifying relationship the child cannot exist without its parent: the key part must\nalways hold a value. A nullable declaration contradicts the model; PostgreSQL silently makes\nkey columns NOT NULL, other databases reject or accept it inconsistently, and exports\nround-trip differently.\n\n## Example\n```sql\nCREATE TABLE order_items (order_id bigint NULL REFERENCES orders, line int,\n                          PRIMARY KEY (order_id, line));\n```\n\n## Fix\nDeclare the column NOT NULL.\n";

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "nullable-fk-in-identifying-relationship",
        severity: Severity::Warning,
        summary: "Nullable foreign key column inside the primary key",
        doc: DOC,
    },
    check,
};

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for (t, fk) in cx.schema.foreign_keys() {
        if !fk.columns.iter().all(|c| t.is_pk_column(*c)) {
            continue;
        }
        let Some(rt) = cx.schema.table(fk.ref_table) else { continue };
        for c in fk.columns.iter().filter_map(|c| t.column(*c)).filter(|c| c.nullable) {
            let mut f = finding(
                &RULE.info,
                t,
                format!(
                    "`{}.{}` identifies its parent `{}` (it is part of the primary key) but is nullable",
                    t.name, c.name, rt.name
                ),
                format!("declare `{}` NOT NULL", c.name),
            );
            f.columns = vec![c.id];
            f.fix = Some(vec![Edit::SetColumnNullable { column: c.id, nullable: false }]);
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::testkit::{check, clean};
    use crate::schema::Dialect;

    const ORDERS: &str = "table orders\nid bigint | pk\n";

    #[test]
    fn flags_nullable_key_part() {
        check(
            &RULE,
            Dialect::Mysql,
            &format!("{ORDERS}table order_items\norder_id bigint | fk orders.id\nline int | nn\npk order_id line"),
            &["order_items: order_id: `order_items.order_id` identifies its parent `orders` (it is part of the primary key) but is nullable"],
        );
    }

    #[test]
    fn not_null_or_non_identifying_is_clean() {
        clean(&RULE, Dialect::Mysql, &format!("{ORDERS}table order_items\norder_id bigint | nn fk orders.id\nline int | nn\npk order_id line"));
        clean(&RULE, Dialect::Mysql, &format!("{ORDERS}table notes\nid int | pk\norder_id bigint | fk orders.id"));
    }
}
