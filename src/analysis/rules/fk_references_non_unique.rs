#![doc = include_str!("fk_references_non_unique.md")]

use super::{Ctx, Rule};
use crate::analysis::walk::{add_index_edit, col_names, finding};
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;

const DOC: &str = include_str!("fk_references_non_unique.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "fk-references-non-unique",
        severity: Severity::Error,
        summary: "Foreign key references columns that are not unique",
        category: Category::Keys,
        fix: FixSafety::Unsafe,
        doc: DOC,
    },
    check,
};

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for (t, fk) in cx.schema.foreign_keys() {
        let Some(rt) = cx.schema.table(fk.ref_table) else { continue };
        if rt.is_unique_set(&fk.ref_columns) {
            continue;
        }
        let mut f = finding(
            &RULE.info,
            t,
            format!(
                "foreign key ({}) references `{}` ({}), which is not a primary key or unique",
                col_names(t, &fk.columns),
                rt.name,
                col_names(rt, &fk.ref_columns)
            ),
            format!("add a unique constraint on `{}` ({}) or reference its primary key", rt.name, col_names(rt, &fk.ref_columns)),
        );
        f.columns = fk.columns.clone();
        f.fix = Some(vec![add_index_edit(cx.ids, rt, &fk.ref_columns, true)]);
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::testkit::{clean, findings, fires, schema};
    use crate::edit::Edit;
    use crate::schema::Dialect;

    #[test]
    fn flags_reference_to_plain_column() {
        fires(&RULE, Dialect::Postgres, "table countries\nid int | pk\ncode char(2)\ntable cities\nid int | pk\ncc char(2) | fk countries.code", "not a primary key or unique");
        let s = schema(Dialect::Postgres, "table countries\nid int | pk\ncode char(2)\nindex code\ntable cities\nid int | pk\ncc char(2) | fk countries.code");
        let f = findings(&RULE, &s, &Default::default());
        assert_eq!(f.len(), 1, "a plain index does not make a key");
        let countries = s.find_table(None, "countries").unwrap().id;
        assert!(matches!(&f[0].fix.as_ref().unwrap()[0], Edit::PutIndex { table, index } if *table == countries && index.unique));
    }

    #[test]
    fn keys_and_unique_targets_are_clean() {
        clean(&RULE, Dialect::Postgres, "table countries\nid int | pk\ncode char(2)\nunique code\ntable cities\nid int | pk\ncc char(2) | fk countries.code\ncid int | fk countries.id");
        clean(&RULE, Dialect::Postgres, "table c\na int\nb int\nuindex b a\ntable d\nx int | pk\ny int\nz int\nfk y z -> c a b");
    }
}
