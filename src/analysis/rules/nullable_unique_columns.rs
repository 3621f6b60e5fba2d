//! ## What it does
//! Flags unique constraints and unique indexes that contain nullable columns.
//!
//! ## Why is this bad?
//! NULLs are distinct from each other in unique checks (in most databases), so any number of
//! rows may share the same values when one key column is NULL: `UNIQUE (email)` allows many
//! rows without an email, and `UNIQUE (tenant_id, code)` allows duplicate codes whenever
//! `tenant_id` is NULL. SQL Server does the opposite and allows only one NULL.
//!
//! ## Example
//! ```sql
//! CREATE TABLE accounts (id int PRIMARY KEY, tenant_id int, code text, UNIQUE (tenant_id, code));
//! ```
//!
//! ## Fix
//! Declare the columns NOT NULL, or state the intent explicitly (`NULLS NOT DISTINCT` on
//! PostgreSQL 15+, or a partial unique index).

use super::{Ctx, Rule};
use crate::analysis::walk::{col_names, finding};
use crate::analysis::{Finding, RuleInfo};
use crate::diagnostic::Severity;
use crate::edit::Edit;
use crate::schema::{ColumnId, Table};

const DOC: &str = "## What it does\nFlags unique constraints and unique indexes that contain nullable columns.\n\n## Why is this bad?\nNULLs are distinct from each other in unique checks (in most databases), so any number of\nrows may share the same values when one key column is NULL: `UNIQUE (email)` allows many\nrows without an email, and `UNIQUE (tenant_id, code)` allows duplicate codes whenever\n`tenant_id` is NULL. SQL Server does the opposite and allows only one NULL.\n\n## Example\n```sql\nCREATE TABLE accounts (id int PRIMARY KEY, tenant_id int, code text, UNIQUE (tenant_id, code));\n```\n\n## Fix\nDeclare the columns NOT NULL, or state the intent explicitly (`NULLS NOT DISTINCT` on\nPostgreSQL 15+, or a partial unique index).\n";

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "nullable-unique-columns",
        severity: Severity::Warning,
        summary: "Unique key contains nullable columns",
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
