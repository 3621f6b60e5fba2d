#![doc = include_str!("nullable_unique_columns.md")]

use super::{Ctx, Rule};
use crate::analysis::walk::{col_names, finding};
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;
use crate::edit::Edit;
use crate::schema::{ColumnId, Table};

const DOC: &str = include_str!("nullable_unique_columns.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "nullable-unique-columns",
        severity: Severity::Warning,
        summary: "Unique key contains nullable columns",
        category: Category::Indexes,
        fix: FixSafety::Unsafe,
        doc: DOC,
    },
    check,
};

fn report(t: &Table, what: String, cols: &[ColumnId], out: &mut Vec<Finding>) {
    let nullable: Vec<ColumnId> = cols.iter().copied().filter(|c| t.column(*c).is_some_and(|c| c.nullable)).collect();
    if nullable.is_empty() {
        return;
    }
    let mut f = finding(
        &RULE.info,
        t,
        format!("{what} ({}) allows duplicates where {} is NULL", col_names(t, cols), col_names(t, &nullable)),
        "declare the columns NOT NULL, or say NULLS NOT DISTINCT / use a partial unique index",
    );
    f.fix = Some(nullable.iter().map(|c| Edit::SetColumnNullable { column: *c, nullable: false }).collect());
    f.columns = nullable;
    out.push(f);
}

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for t in &cx.schema.tables {
        for u in &t.uniques {
            report(t, "unique constraint".into(), &u.columns, out);
        }
        for ix in t.indexes.iter().filter(|ix| ix.unique && ix.predicate.is_none()) {
            let cols: Vec<ColumnId> = ix.leading_columns().collect();
            report(t, format!("unique index `{}`", crate::analysis::walk::index_label(t, ix)), &cols, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::testkit::{check, clean};
    use crate::schema::Dialect;

    #[test]
    fn flags_nullable_key_parts() {
        check(
            &RULE,
            Dialect::Postgres,
            "table a\nid int | pk\ntenant_id int\ncode text | nn\nunique tenant_id code",
            &["a: tenant_id: unique constraint (tenant_id, code) allows duplicates where tenant_id is NULL"],
        );
    }

    #[test]
    fn not_null_and_partial_are_clean() {
        clean(&RULE, Dialect::Postgres, "table a\nid int | pk\nemail text | nn\nuindex email\nunique id email");
    }
}
