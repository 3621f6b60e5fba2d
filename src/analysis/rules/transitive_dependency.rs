//! ## What it does
//! Flags non-key columns that copy an attribute of a table referenced through a foreign key,
//! e.g. `orders.customer_email` beside `orders.customer_id` when `customers.email` exists: a
//! likely transitive dependency `id -> customer_id -> customer_email`, which third normal form
//! (3NF) forbids. Confidence is high when the referenced table has the attribute under the
//! remaining name; columns whose name merely starts with the reference are not reported.
//!
//! ## Why is this bad?
//! The copy goes stale when the customer changes their email; the two places disagree and
//! nothing says which one is right.
//!
//! ## Example
//! ```sql
//! CREATE TABLE customers (id int PRIMARY KEY, email text);
//! CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers, customer_email text);
//! ```
//!
//! ## Fix
//! Confirm the dependency: `erdsmith normalize FILE --table orders --fd 'customer_id ->
//! customer_email'` reports the 3NF violation. If it holds, join to the referenced table and
//! drop the copy (the suggested fix drops it); keep it only as a deliberate historical snapshot.

use super::partial_dependency::{has_attribute, referenced, remainder, stems};
use super::{Ctx, Rule};
use crate::analysis::walk::finding;
use crate::analysis::{Finding, RuleInfo};
use crate::diagnostic::Severity;
use crate::edit::Edit;

const DOC: &str = "## What it does\nFlags non-key columns that copy an attribute of a table referenced through a foreign key,\ne.g. `orders.customer_email` beside `orders.customer_id` when `customers.email` exists: a\nlikely transitive dependency `id -> customer_id -> customer_email`, which third normal form\n(3NF) forbids. Confidence is high when the referenced table has the attribute under the\nremaining name; columns whose name merely starts with the reference are not reported.\n\n## Why is this bad?\nThe copy goes stale when the customer changes their email; the two places disagree and\nnothing says which one is right.\n\n## Example\n```sql\nCREATE TABLE customers (id int PRIMARY KEY, email text);\nCREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers, customer_email text);\n```\n\n## Fix\nConfirm the dependency: `erdsmith normalize FILE --table orders --fd 'customer_id ->\ncustomer_email'` reports the 3NF violation. If it holds, join to the referenced table and\ndrop the copy (the suggested fix drops it); keep it only as a deliberate historical snapshot.\n";

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "transitive-dependency",
        severity: Severity::Warning,
        summary: "Column copies an attribute of a referenced table (3NF)",
        doc: DOC,
    },
    check,
};

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    let s = cx.schema;
    for t in &s.tables {
        for fk in t.foreign_keys.iter().filter(|fk| fk.columns.len() == 1) {
            let k = fk.columns[0];
            if t.is_pk_column(k) {
                continue; // part of the key: a partial dependency, or a 1:1 extension table
            }
            let Some(rt) = referenced(s, t, k) else { continue };
            let key_name = t.column(k).map_or("?", |c| c.name.as_str());
            let stems = stems(s, t, k);
            for c in t.columns.iter().filter(|c| !t.is_pk_column(c.id) && !t.is_fk_column(c.id)) {
                let attr = stems.iter().find_map(|stem| remainder(&c.name, stem));
                let Some(attr) = attr.filter(|a| has_attribute(rt, a)) else { continue };
                let mut f = finding(
                    &RULE.info,
                    t,
                    format!(
                        "`{}.{}` copies `{}.{attr}` through `{key_name}` (3NF; high confidence: the referenced \
                         column exists). Confirm: erdsmith normalize FILE --table {} --fd '{key_name} -> {}'",
                        t.name, c.name, rt.name, t.name, c.name
                    ),
                    format!("join `{}` on `{key_name}` and drop `{}`, unless it is a deliberate snapshot", rt.name, c.name),
                );
                f.columns = vec![c.id, k];
                f.fix = Some(vec![Edit::DeleteColumn { column: c.id }]);
                out.push(f);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::testkit::{check, clean};
    use crate::schema::Dialect;

    const CUSTOMERS: &str = "table customers\nid int | pk\nemail text\n";

    #[test]
    fn flags_copied_attributes() {
        check(
            &RULE,
            Dialect::Postgres,
            &format!("{CUSTOMERS}table orders\nid int | pk\ncustomer_id int | fk customers.id\ncustomer_email text"),
            &["orders: customer_email, customer_id: `orders.customer_email` copies `customers.email` through `customer_id` (3NF; high confidence: the referenced column exists). Confirm: erdsmith normalize FILE --table orders --fd 'customer_id -> customer_email'"],
        );
        let got = crate::analysis::testkit::run(&RULE, Dialect::Postgres, &format!("{CUSTOMERS}table orders\nid int | pk\nbuyer_id int | fk customers.id\ncustomer_email text"));
        assert_eq!(got.len(), 1, "the referenced table's name is a stem too");
    }

    #[test]
    fn unmatched_or_unreferenced_columns_are_clean() {
        clean(&RULE, Dialect::Postgres, &format!("{CUSTOMERS}table orders\nid int | pk\ncustomer_id int | fk customers.id\ncustomer_note text"));
        clean(&RULE, Dialect::Postgres, &format!("{CUSTOMERS}table orders\nid int | pk\ncustomer_id int\ncustomer_email text"));
    }
}
