#![doc = include_str!("float_for_money.md")]

use super::{Ctx, Rule};
use crate::analysis::walk::{finding, set_type_edit, words};
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;
use crate::schema::{Dialect, TypeKind};

const DOC: &str = include_str!("float_for_money.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "float-for-money",
        severity: Severity::Warning,
        summary: "Floating point column holds money",
        category: Category::Types,
        fix: FixSafety::Unsafe,
        doc: DOC,
    },
    check,
};

const MONEY: &[&str] = &[
    "price", "amount", "cost", "total", "subtotal", "balance", "fee", "fees", "tax", "salary", "wage", "money",
    "payment", "revenue", "discount", "charge", "refund", "budget", "income", "credit", "debit",
];

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    let decimal = match cx.schema.dialect {
        Dialect::Mysql | Dialect::Mssql => "decimal(12,2)",
        _ => "numeric(12,2)",
    };
    for t in &cx.schema.tables {
        for c in &t.columns {
            if !matches!(c.data_type.kind, TypeKind::Float { .. }) {
                continue;
            }
            if !words(&c.name).iter().any(|w| MONEY.contains(&w.as_str())) {
                continue;
            }
            let mut f = finding(
                &RULE.info,
                t,
                format!("`{}.{}` holds money in a binary float (`{}`)", t.name, c.name, c.data_type.raw),
                format!("use `{decimal}` or integer cents"),
            );
            f.columns = vec![c.id];
            f.fix = Some(vec![set_type_edit(c, decimal)]);
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::testkit::{clean, findings, fires, schema};
    use crate::edit::Edit;
    use crate::schema::{Dialect, TypeKind};

    #[test]
    fn flags_float_prices() {
        fires(&RULE, Dialect::Postgres, "table i\nid int | pk\ntotal double precision", "binary float");
        fires(&RULE, Dialect::Mysql, "table i\nid int | pk\nunitPrice float", "unitPrice");
        let s = schema(Dialect::Mysql, "table i\nid int | pk\nprice real");
        let f = findings(&RULE, &s, &Default::default());
        let Some(Edit::SetColumnType { data_type, .. }) = f[0].fix.as_ref().map(|v| &v[0]) else { panic!() };
        assert_eq!(data_type.kind, TypeKind::Decimal { precision: Some(12), scale: Some(2) });
    }

    #[test]
    fn decimals_and_non_money_floats_are_clean() {
        clean(&RULE, Dialect::Postgres, "table i\nid int | pk\ntotal numeric(12,2)\nlatitude double precision\nratio real");
    }
}
