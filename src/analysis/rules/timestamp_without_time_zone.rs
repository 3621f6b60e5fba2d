//! ## What it does
//! Flags `timestamp` (without time zone) columns on PostgreSQL.
//!
//! ## Why is this bad?
//! `timestamp` stores a wall-clock reading with no zone: the same value means different
//! instants for clients in different zones, and daylight-saving changes make some values
//! ambiguous. `timestamptz` stores an instant and converts on input and output.
//!
//! ## Example
//! ```sql
//! CREATE TABLE orders (id int PRIMARY KEY, created_at timestamp);
//! ```
//!
//! ## Fix
//! Use `timestamptz` (`timestamp with time zone`).

use super::{Ctx, Rule};
use crate::analysis::walk::{finding, set_type_edit};
use crate::analysis::{Finding, RuleInfo};
use crate::diagnostic::Severity;
use crate::schema::{Dialect, TypeKind};

const DOC: &str = "## What it does\nFlags `timestamp` (without time zone) columns on PostgreSQL.\n\n## Why is this bad?\n`timestamp` stores a wall-clock reading with no zone: the same value means different\ninstants for clients in different zones, and daylight-saving changes make some values\nambiguous. `timestamptz` stores an instant and converts on input and output.\n\n## Example\n```sql\nCREATE TABLE orders (id int PRIMARY KEY, created_at timestamp);\n```\n\n## Fix\nUse `timestamptz` (`timestamp with time zone`).\n";

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "timestamp-without-time-zone",
        severity: Severity::Warning,
        summary: "PostgreSQL timestamp without time zone",
        doc: DOC,
    },
    check,
};

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    if cx.schema.dialect != Dialect::Postgres {
        return;
    }
    for t in &cx.schema.tables {
        for c in t.columns.iter().filter(|c| c.data_type.kind == TypeKind::Timestamp { tz: false }) {
            let mut f = finding(
                &RULE.info,
                t,
                format!("`{}.{}` is `{}`, a wall-clock time without zone", t.name, c.name, c.data_type.raw),
                "use timestamptz",
            );
            f.columns = vec![c.id];
            f.fix = Some(vec![set_type_edit(c, "timestamptz")]);
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
    fn flags_plain_timestamp_on_postgres() {
        fires(&RULE, Dialect::Postgres, "table o\nid int | pk\ncreated_at timestamp", "created_at");
        fires(&RULE, Dialect::Postgres, "table o\nid int | pk\nat timestamp(3) without time zone", "at");
    }

    #[test]
    fn timestamptz_and_other_dialects_are_clean() {
        clean(&RULE, Dialect::Postgres, "table o\nid int | pk\na timestamptz\nb timestamp with time zone");
        clean(&RULE, Dialect::Mysql, "table o\nid int | pk\ncreated_at datetime");
    }
}
