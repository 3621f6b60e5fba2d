#![doc = include_str!("polymorphic_association.md")]

use super::{Ctx, Rule};
use crate::analysis::walk::finding;
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;

const DOC: &str = include_str!("polymorphic_association.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "polymorphic-association",
        severity: Severity::Warning,
        summary: "Polymorphic `*_type` + `*_id` pair without a foreign key",
        category: Category::Keys,
        fix: FixSafety::None,
        doc: DOC,
    },
    check,
};

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for t in &cx.schema.tables {
        for ty in &t.columns {
            let lower = ty.name.to_ascii_lowercase();
            let Some(stem) = lower.strip_suffix("_type").or_else(|| lower.strip_suffix("type").filter(|s| !s.is_empty())) else {
                continue;
            };
            let stem = stem.trim_end_matches('_');
            let Some(id) = t
                .columns
                .iter()
                .find(|c| c.name.eq_ignore_ascii_case(&format!("{stem}_id")) || c.name.eq_ignore_ascii_case(&format!("{stem}id")))
            else {
                continue;
            };
            // A foreign key protects it; the table's own key is not a reference at all.
            if t.is_fk_column(id.id) || t.is_pk_column(id.id) {
                continue;
            }
            let mut f = finding(
                &RULE.info,
                t,
                format!(
                    "`{}` + `{}` form a polymorphic association: `{}` can point at any table, so no foreign key protects it",
                    ty.name, id.name, id.name
                ),
                "use one foreign key column per target table, or a shared supertype table",
            );
            f.columns = vec![ty.id, id.id];
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
    fn flags_type_and_id_pairs() {
        check(
            &RULE,
            Dialect::Postgres,
            "table comments\nid int | pk\ncommentable_type text\ncommentable_id int\nbody text",
            &["comments: commentable_type, commentable_id: `commentable_type` + `commentable_id` form a polymorphic association: `commentable_id` can point at any table, so no foreign key protects it"],
        );
        let got = crate::analysis::testkit::run(&RULE, Dialect::Postgres, "table Events\nid int | pk\nOwnerType text\nOwnerId int");
        assert_eq!(got.len(), 1);
    }

    #[test]
    fn enforced_or_unpaired_columns_are_clean() {
        clean(&RULE, Dialect::Postgres, "table users\nid int | pk\ntable comments\nid int | pk\nauthor_type text\nauthor_id int | fk users.id");
        clean(&RULE, Dialect::Postgres, "table files\nid int | pk\ncontent_type text\nsize int");
        clean(&RULE, Dialect::Mysql, "table wp_comments\ncomment_ID int | pk\ncomment_type text");
    }
}
