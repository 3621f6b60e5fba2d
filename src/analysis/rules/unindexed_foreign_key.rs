#![doc = include_str!("unindexed_foreign_key.md")]

use super::{Ctx, Rule};
use crate::analysis::walk::{add_index_edit, col_names, finding, has_prefix_path};
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;
use crate::schema::Dialect;

const DOC: &str = include_str!("unindexed_foreign_key.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "unindexed-foreign-key",
        severity: Severity::Warning,
        summary: "Foreign key columns are not indexed",
        category: Category::Indexes,
        fix: FixSafety::Safe,
        doc: DOC,
    },
    check,
};

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    if cx.schema.dialect == Dialect::Mysql {
        return;
    }
    for (t, fk) in cx.schema.foreign_keys() {
        if has_prefix_path(t, &fk.columns) {
            continue;
        }
        let rt = cx.schema.table(fk.ref_table).map_or("?", |r| r.name.as_str());
        let cols = col_names(t, &fk.columns);
        let mut f = finding(
            &RULE.info,
            t,
            format!("foreign key ({cols}) to `{rt}` has no index starting with its columns"),
            format!("CREATE INDEX ON {} ({cols});", t.name),
        );
        f.columns = fk.columns.clone();
        f.fix = Some(vec![add_index_edit(cx.ids, t, &fk.columns, false)]);
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::testkit::{check, clean, findings, schema};
    use crate::edit::Edit;
    use crate::schema::{Dialect, IndexPart};

    const PARENTS: &str = "table customers\nid bigint | pk\ntable pairs\na int\nb int\npk a b\n";

    #[test]
    fn flags_unindexed_and_non_prefix_indexed() {
        check(
            &RULE,
            Dialect::Postgres,
            &format!("{PARENTS}table orders\nid bigint | pk\ncreated date\ncustomer_id bigint | fk customers.id\nindex created customer_id"),
            &["orders: customer_id: foreign key (customer_id) to `customers` has no index starting with its columns"],
        );
    }

    #[test]
    fn prefix_indexes_in_any_order_and_mysql_are_clean() {
        let composite = format!("{PARENTS}table c\nid int | pk\nx int\ny int\nfk x y -> pairs a b\n");
        clean(&RULE, Dialect::Postgres, &format!("{composite}index y x id"));
        clean(&RULE, Dialect::Postgres, &format!("{PARENTS}table o\ncustomer_id bigint | fk customers.id\nline int\npk customer_id line"));
        clean(&RULE, Dialect::Mysql, &format!("{PARENTS}table o\nid int | pk\ncustomer_id bigint | fk customers.id"));
        let got = crate::analysis::testkit::run(&RULE, Dialect::Postgres, &format!("{composite}index x"));
        assert_eq!(got.len(), 1, "an index on x alone does not cover (x, y)");
    }

    #[test]
    fn fix_indexes_the_fk_columns_in_order() {
        let s = schema(Dialect::Sqlite, &format!("{PARENTS}table c\nid int | pk\nx int\ny int\nfk y x -> pairs a b"));
        let f = findings(&RULE, &s, &Default::default());
        let Some(Edit::PutIndex { index, .. }) = f[0].fix.as_ref().and_then(|v| v.first()) else { panic!("no fix") };
        let cols: Vec<_> = index.keys.iter().map(|k| k.part.clone()).collect();
        assert_eq!(cols, f[0].columns.iter().map(|c| IndexPart::Column(*c)).collect::<Vec<_>>());
        assert_eq!(index.name.as_deref(), Some("c_y_x_idx"));
    }
}
