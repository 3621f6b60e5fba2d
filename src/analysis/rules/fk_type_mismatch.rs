#![doc = include_str!("fk_type_mismatch.md")]

use super::{Ctx, Rule};
use crate::analysis::walk::{finding, set_type_edit};
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;
use crate::schema::{Column, TypeKind};

const DOC: &str = include_str!("fk_type_mismatch.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "fk-type-mismatch",
        severity: Severity::Warning,
        summary: "Foreign key column type differs from the referenced column",
        category: Category::Keys,
        fix: FixSafety::Unsafe,
        doc: DOC,
    },
    check,
};

/// The difference between two column types, if they differ in a way that matters for joins.
pub(crate) fn difference(a: &TypeKind, b: &TypeKind) -> Option<&'static str> {
    use TypeKind::*;
    match (a, b) {
        (Integer { bits: x, unsigned: ux }, Integer { bits: y, unsigned: uy }) => {
            if x != y {
                Some("integer widths differ")
            } else if ux != uy {
                Some("signedness differs")
            } else {
                None
            }
        }
        (Text { length: x, fixed: fx }, Text { length: y, fixed: fy }) => {
            if fx != fy {
                Some("fixed and variable length differ")
            } else if x != y {
                Some("lengths differ")
            } else {
                None
            }
        }
        (Decimal { precision: p, scale: s }, Decimal { precision: q, scale: t }) => {
            (p != q || s != t).then_some("precision or scale differ")
        }
        (Float { bits: x }, Float { bits: y }) => (x != y).then_some("float widths differ"),
        (Binary { length: x }, Binary { length: y }) => (x != y).then_some("lengths differ"),
        (Other, Other) => None,
        (x, y) if std::mem::discriminant(x) != std::mem::discriminant(y) => Some("types differ"),
        _ => None,
    }
}

/// The referenced column's type as a plain column type (`serial` → `integer`).
fn plain_type(c: &Column) -> String {
    let n = c.data_type.normalized.as_str();
    match n {
        "serial" | "serial4" => "integer".into(),
        "bigserial" | "serial8" => "bigint".into(),
        "smallserial" | "serial2" => "smallint".into(),
        _ => c.data_type.raw.clone(),
    }
}

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for (t, fk) in cx.schema.foreign_keys() {
        let Some(rt) = cx.schema.table(fk.ref_table) else { continue };
        for (c, rc) in fk.columns.iter().zip(&fk.ref_columns) {
            let (Some(c), Some(rc)) = (t.column(*c), rt.column(*rc)) else { continue };
            let Some(why) = difference(&c.data_type.kind, &rc.data_type.kind) else { continue };
            let mut f = finding(
                &RULE.info,
                t,
                format!(
                    "`{}.{}` is `{}` but references `{}.{}` of type `{}` ({why})",
                    t.name, c.name, c.data_type.raw, rt.name, rc.name, rc.data_type.raw
                ),
                format!("change `{}` to `{}`", c.name, plain_type(rc)),
            );
            f.columns = vec![c.id];
            f.fix = Some(vec![set_type_edit(c, &plain_type(rc))]);
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::testkit::{clean, fires};
    use crate::schema::Dialect;

    const PARENT: &str = "table customers\nid bigint | pk\ncode varchar(10) | nn\nu int unsigned\nuindex code\nuindex u\n";

    #[test]
    fn flags_width_length_and_signedness() {
        for (child, needle) in [
            ("customer_id integer | fk customers.id", "integer widths differ"),
            ("customer_code varchar(20) | fk customers.code", "lengths differ"),
            ("cu int | fk customers.u", "signedness differs"),
            ("customer_id text | fk customers.id", "types differ"),
        ] {
            fires(&RULE, Dialect::Mysql, &format!("{PARENT}table orders\nid bigint | pk\n{child}"), needle);
        }
    }

    #[test]
    fn equal_types_and_serial_keys_are_clean() {
        clean(&RULE, Dialect::Postgres, &format!("{PARENT}table orders\nid bigint | pk\ncustomer_id int8 | fk customers.id"));
        clean(&RULE, Dialect::Postgres, "table a\nid serial | pk\ntable b\nid int | pk\na_id integer | fk a.id");
    }
}
