#![doc = include_str!("nullable_fk_in_identifying_relationship.md")]

use super::{Ctx, Rule};
use crate::analysis::walk::finding;
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;
use crate::edit::Edit;

const DOC: &str = include_str!("nullable_fk_in_identifying_relationship.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "nullable-fk-in-identifying-relationship",
        severity: Severity::Warning,
        summary: "Nullable foreign key column inside the primary key",
        category: Category::Keys,
        fix: FixSafety::Unsafe,
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
