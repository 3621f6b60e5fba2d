#![doc = include_str!("transitive_dependency.md")]

use super::partial_dependency::{has_attribute, referenced, remainder, stems};
use super::{Ctx, Rule};
use crate::analysis::walk::finding;
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;
use crate::edit::Edit;

const DOC: &str = include_str!("transitive_dependency.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "transitive-dependency",
        severity: Severity::Warning,
        summary: "Column copies an attribute of a referenced table (3NF)",
        category: Category::Normalization,
        fix: FixSafety::Unsafe,
        doc: DOC,
    },
    check,
};

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    let s = cx.schema;
    for t in &s.tables {
        for fk in t.foreign_keys.iter().filter(|fk| fk.columns.len() == 1) {
            let Some(&k) = fk.columns.first() else { continue };
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
