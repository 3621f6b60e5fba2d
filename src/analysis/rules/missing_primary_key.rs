#![doc = include_str!("missing_primary_key.md")]

use super::{Ctx, Rule};
use crate::analysis::walk::finding;
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;
use crate::edit::Edit;
use crate::schema::{Column, ColumnId, DataType, Dialect, Identity, PrimaryKey, TableKind};

const DOC: &str = include_str!("missing_primary_key.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "missing-primary-key",
        severity: Severity::Error,
        summary: "Table has no primary key",
        category: Category::Keys,
        fix: FixSafety::Unsafe,
        doc: DOC,
    },
    check,
};

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for t in &cx.schema.tables {
        if t.primary_key.is_some() || t.kind == TableKind::Partition {
            continue;
        }
        let mut f = finding(
            &RULE.info,
            t,
            format!("table `{}` has no primary key", t.qualified_name()),
            "add a primary key: a natural key if one exists, else a surrogate identity column",
        );
        let fix = match t.column_by_name("id") {
            Some(id) => {
                f.columns = vec![id.id];
                let mut edits = Vec::new();
                if id.nullable {
                    edits.push(Edit::SetColumnNullable { column: id.id, nullable: false });
                }
                edits.push(Edit::SetPrimaryKey {
                    table: t.id,
                    primary_key: Some(PrimaryKey { name: None, columns: vec![id.id], options: None }),
                });
                edits
            }
            None => {
                let (ty, identity) = match cx.schema.dialect {
                    Dialect::Mysql => ("bigint", Identity::AutoIncrement),
                    Dialect::Sqlite => ("integer", Identity::AutoIncrement),
                    Dialect::Mssql => ("bigint", Identity::Identity { seed: 1, increment: 1 }),
                    _ => ("bigint", Identity::Always),
                };
                let mut column = Column::new(ColumnId(cx.ids.fresh()), "id", DataType::parse(ty));
                column.nullable = false;
                column.identity = Some(identity);
                let id = column.id;
                vec![
                    Edit::AddColumn { table: t.id, column, position: 0 },
                    Edit::SetPrimaryKey { table: t.id, primary_key: Some(PrimaryKey { name: None, columns: vec![id], options: None }) },
                ]
            }
        };
        f.fix = Some(fix);
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::testkit::{check, clean, findings, schema};
    use crate::edit::Edit;
    use crate::schema::Dialect;

    #[test]
    fn flags_a_table_without_key() {
        check(&RULE, Dialect::Postgres, "table log\nat timestamptz", &["log: : table `log` has no primary key"]);
    }

    #[test]
    fn keyed_tables_are_clean() {
        clean(&RULE, Dialect::Postgres, "table t\nid bigint | pk");
    }

    #[test]
    fn fix_adds_an_identity_column_or_reuses_id() {
        let s = schema(Dialect::Postgres, "table log\nat timestamptz");
        let f = findings(&RULE, &s, &Default::default());
        let fix = f[0].fix.as_ref().unwrap();
        assert!(matches!(&fix[0], Edit::AddColumn { column, position: 0, .. } if column.name == "id" && column.id.0 >= s.next_id));
        let s = schema(Dialect::Postgres, "table log\nid bigint\nat timestamptz");
        let f = findings(&RULE, &s, &Default::default());
        let fix = f[0].fix.as_ref().unwrap();
        assert!(matches!(fix[0], Edit::SetColumnNullable { nullable: false, .. }));
        assert!(matches!(&fix[1], Edit::SetPrimaryKey { primary_key: Some(pk), .. } if pk.columns == f[0].columns));
    }
}
