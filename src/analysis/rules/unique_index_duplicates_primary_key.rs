#![doc = include_str!("unique_index_duplicates_primary_key.md")]

use super::{Ctx, Rule};
use crate::analysis::walk::{col_names, finding, index_label};
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;
use crate::edit::Edit;
use crate::schema::ColumnId;

const DOC: &str = include_str!("unique_index_duplicates_primary_key.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "unique-index-duplicates-primary-key",
        severity: Severity::Warning,
        summary: "Unique index on exactly the primary key columns",
        category: Category::Indexes,
        fix: FixSafety::Safe,
        doc: DOC,
    },
    check,
};

fn same_set(a: &[ColumnId], b: &[ColumnId]) -> bool {
    a.len() == b.len() && a.iter().all(|c| b.contains(c))
}

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for t in &cx.schema.tables {
        let Some(pk) = &t.primary_key else { continue };
        for ix in t.indexes.iter().filter(|ix| ix.unique && ix.predicate.is_none()) {
            let cols: Vec<ColumnId> = ix.leading_columns().collect();
            if cols.len() != ix.keys.len() || !same_set(&cols, &pk.columns) {
                continue;
            }
            let mut f = finding(
                &RULE.info,
                t,
                format!("unique index `{}` repeats the primary key ({})", index_label(t, ix), col_names(t, &pk.columns)),
                "drop it: the primary key is already unique and indexed",
            );
            f.index = Some(ix.id);
            f.columns = cols;
            f.fix = Some(vec![Edit::DeleteIndex { table: t.id, index: ix.id }]);
            out.push(f);
        }
        for (i, u) in t.uniques.iter().enumerate() {
            if !same_set(&u.columns, &pk.columns) {
                continue;
            }
            let mut f = finding(
                &RULE.info,
                t,
                format!("unique constraint ({}) repeats the primary key", col_names(t, &u.columns)),
                "drop it: the primary key is already unique and indexed",
            );
            f.columns = u.columns.clone();
            let mut uniques = t.uniques.clone();
            uniques.remove(i);
            f.fix = Some(vec![Edit::SetUniques { table: t.id, uniques }]);
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::testkit::{check, clean};
    use crate::schema::Dialect;

    #[test]
    fn flags_unique_index_and_constraint_on_the_key() {
        let got = crate::analysis::testkit::run(&RULE, Dialect::Postgres, "table u\na int\nb int\npk a b\nuindex b a\nunique a b");
        assert_eq!(got.len(), 2, "{got:?}");
        check(&RULE, Dialect::Postgres, "table u\nid int | pk\nuindex id", &["u: id: unique index `ix3` repeats the primary key (id)"]);
    }

    #[test]
    fn other_unique_sets_are_clean() {
        clean(&RULE, Dialect::Postgres, "table u\nid int | pk\nemail text\nuindex email\nindex id\nuindex id email");
    }
}
