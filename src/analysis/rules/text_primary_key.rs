//! ## What it does
//! Flags primary key columns of unbounded text type (`text`, bare `varchar`, `clob`) or of
//! long strings (more than 100 characters).
//!
//! ## Why is this bad?
//! Every index entry and every referencing row repeats the key: long string keys bloat the
//! primary key, every foreign key and every secondary index (which stores the key on
//! InnoDB), compare slower than integers, and some databases cannot index unbounded text at
//! all. Natural text keys also tend to change (renames), cascading updates everywhere.
//!
//! ## Example
//! ```sql
//! CREATE TABLE tags (name text PRIMARY KEY);
//! ```
//!
//! ## Fix
//! Use a surrogate integer or UUID key and keep the text unique: `id bigint GENERATED ALWAYS
//! AS IDENTITY PRIMARY KEY, name text NOT NULL UNIQUE`.

use super::{Ctx, Rule};
use crate::analysis::walk::finding;
use crate::analysis::{Finding, RuleInfo};
use crate::diagnostic::Severity;
use crate::schema::TypeKind;

const DOC: &str = "## What it does\nFlags primary key columns of unbounded text type (`text`, bare `varchar`, `clob`) or of\nlong strings (more than 100 characters).\n\n## Why is this bad?\nEvery index entry and every referencing row repeats the key: long string keys bloat the\nprimary key, every foreign key and every secondary index (which stores the key on\nInnoDB), compare slower than integers, and some databases cannot index unbounded text at\nall. Natural text keys also tend to change (renames), cascading updates everywhere.\n\n## Example\n```sql\nCREATE TABLE tags (name text PRIMARY KEY);\n```\n\n## Fix\nUse a surrogate integer or UUID key and keep the text unique: `id bigint GENERATED ALWAYS\nAS IDENTITY PRIMARY KEY, name text NOT NULL UNIQUE`.\n";

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "text-primary-key",
        severity: Severity::Warning,
        summary: "Primary key of long or unbounded text",
        doc: DOC,
    },
    check,
};

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for t in &cx.schema.tables {
        let Some(pk) = &t.primary_key else { continue };
        for c in pk.columns.iter().filter_map(|c| t.column(*c)) {
            let long = match c.data_type.kind {
                TypeKind::Text { length: None, .. } => true,
                TypeKind::Text { length: Some(n), .. } => n > 100,
                _ => false,
            };
            if !long {
                continue;
            }
            let mut f = finding(
                &RULE.info,
                t,
                format!("primary key column `{}.{}` is `{}`", t.name, c.name, c.data_type.raw),
                "use a surrogate integer or UUID key and keep this column UNIQUE",
            );
            f.columns = vec![c.id];
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::testkit::{clean, fires};
    use crate::schema::Dialect;

    #[test]
    fn flags_text_keys() {
        fires(&RULE, Dialect::Postgres, "table tags\nname text | pk", "`text`");
        fires(&RULE, Dialect::Mysql, "table tags\nname varchar(255) | pk", "varchar(255)");
    }

    #[test]
    fn short_codes_and_integers_are_clean() {
        clean(&RULE, Dialect::Postgres, "table c\ncode varchar(3) | pk\ntable t\nid bigint | pk\nname text");
    }
}
