#![doc = include_str!("distribution_breaks_constraint.md")]

use super::{Ctx, Rule};
use crate::analysis::distribution::propose;
use crate::analysis::scale::distribution_is_clear;
use crate::analysis::walk::finding;
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;
use std::collections::BTreeMap;

const DOC: &str = include_str!("distribution_breaks_constraint.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "distribution-breaks-constraint",
        severity: Severity::Info,
        summary: "Key or foreign key a distribution by the tenant column would break",
        category: Category::Scale,
        fix: FixSafety::None,
        doc: DOC,
    },
    check,
};

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    let Some(d) = propose(cx.schema).filter(|d| distribution_is_clear(d, cx.config)) else { return };
    // One finding per table, listing what breaks there.
    let mut per_table: BTreeMap<_, Vec<&crate::analysis::distribution::Breaking>> = BTreeMap::new();
    for b in &d.breaking {
        per_table.entry(b.table).or_default().push(b);
    }
    for t in &cx.schema.tables {
        let Some(list) = per_table.get(&t.id) else { continue };
        let what: Vec<String> = list.iter().map(|b| format!("{} ({})", b.what, b.reason)).collect();
        let mut f = finding(
            &RULE.info,
            t,
            format!(
                "distributed by `{}` (confidence {:.2}: {}), `{}` breaks: {}",
                d.column,
                d.confidence,
                d.reason,
                t.name,
                what.join("; ")
            ),
            format!(
                "add `{}` to these keys and foreign keys (or give the table `{0}`), or keep the table off the distributed layout",
                d.column
            ),
        );
        if let [one] = list.as_slice() {
            f.columns.clone_from(&one.columns);
            f.index = one.index;
        }
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::testkit::{run, schema, tenancy_switches};
    use crate::schema::{Dialect, SourceFormat};

    const TENANTS: &str = "table orgs\nid int | pk\n\
        table customers\nid int\norg_id int | fk orgs.id\npk org_id id\n\
        table invoices\nid int\norg_id int | fk orgs.id\ncustomer_id int\npk org_id id\nfk org_id customer_id -> customers org_id id\n\
        table payments\nid int\norg_id int | fk orgs.id\ninvoice_id int\npk org_id id\nfk org_id invoice_id -> invoices org_id id\n";

    #[test]
    fn flags_keys_and_foreign_keys_without_the_distribution_column() {
        let text = format!("{TENANTS}table refunds\nid int | pk\norg_id int | fk orgs.id\npayment_id int\nuindex payment_id\nfk payment_id -> payments id");
        assert_eq!(
            run(&RULE, Dialect::Postgres, &text),
            ["refunds: : distributed by `org_id` (confidence 1.00: 5 of 5 tables distributed by it, 7 of 7 foreign keys co-located, named as a tenant key), `refunds` breaks: primary key (id) (a unique key of a distributed table must include its distribution column `org_id`); unique index ix21 (a unique key of a distributed table must include its distribution column `org_id`); foreign key (payment_id) → payments (a foreign key between distributed tables must include `org_id` on both sides)"]
        );
    }

    #[test]
    fn a_well_keyed_or_single_tenant_schema_is_clean() {
        assert!(run(&RULE, Dialect::Postgres, TENANTS).is_empty());
        // No column carried by most tables: no clear proposal.
        assert!(run(&RULE, Dialect::Postgres, "table a\nid int | pk\ntable b\nid int | pk\na_id int | fk a.id\ntable c\nid int | pk\ntable d\nid int | pk\ntable e\nid int | pk\nb_id int | fk b.id").is_empty());
    }

    #[test]
    fn off_switch_threshold_and_nosql_sources_are_respected() {
        let s = schema(Dialect::Postgres, &format!("{TENANTS}table refunds\nid int | pk\norg_id int | fk orgs.id"));
        tenancy_switches(&RULE, &s, SourceFormat::Mongodb);
    }
}
