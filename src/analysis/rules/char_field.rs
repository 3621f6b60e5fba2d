//! ## What it does
//! Reports fixed-length `char(n)` columns longer than 3 characters (short ISO codes such as
//! country or currency codes are exempt).
//!
//! ## Why is this bad?
//! `char(n)` pads values with spaces to `n` characters: comparisons, `length()` and client
//! code see the padding differently per database, and it saves no space over `varchar`.
//! `char(36)` holding UUIDs is better served by a `uuid` type.
//!
//! ## Example
//! ```sql
//! CREATE TABLE users (id int PRIMARY KEY, username char(30));
//! ```
//!
//! ## Fix
//! Use `varchar(n)` (or `uuid` for UUIDs).

use super::{Ctx, Rule};
use crate::analysis::walk::{finding, set_type_edit};
use crate::analysis::{Finding, RuleInfo};
use crate::diagnostic::Severity;
use crate::schema::TypeKind;

const DOC: &str = "## What it does\nReports fixed-length `char(n)` columns longer than 3 characters (short ISO codes such as\ncountry or currency codes are exempt).\n\n## Why is this bad?\n`char(n)` pads values with spaces to `n` characters: comparisons, `length()` and client\ncode see the padding differently per database, and it saves no space over `varchar`.\n`char(36)` holding UUIDs is better served by a `uuid` type.\n\n## Example\n```sql\nCREATE TABLE users (id int PRIMARY KEY, username char(30));\n```\n\n## Fix\nUse `varchar(n)` (or `uuid` for UUIDs).\n";

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "char-field",
        severity: Severity::Info,
        summary: "Fixed-length char column",
        doc: DOC,
    },
    check,
};

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for t in &cx.schema.tables {
        for c in &t.columns {
            let TypeKind::Text { length: Some(n), fixed: true } = c.data_type.kind else { continue };
            if n <= 3 {
                continue;
            }
            let replacement = if n == 36 { "uuid".to_string() } else { format!("varchar({n})") };
            let mut f = finding(
                &RULE.info,
                t,
                format!("`{}.{}` is `{}`, which pads values with spaces", t.name, c.name, c.data_type.raw),
                format!("use `{replacement}`"),
            );
            f.columns = vec![c.id];
            f.fix = Some(vec![set_type_edit(c, &replacement)]);
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
    fn flags_long_char() {
        fires(&RULE, Dialect::Postgres, "table u\nid int | pk\nusername char(30)", "pads");
        fires(&RULE, Dialect::Mysql, "table u\nid char(36) | pk", "`char(36)`");
    }

    #[test]
    fn short_codes_and_varchar_are_clean() {
        clean(&RULE, Dialect::Postgres, "table c\ncode char(2) | pk\ncurrency character(3)\nname varchar(30)\nflag char");
    }
}
