#![doc = include_str!("text_primary_key.md")]

use super::{Ctx, Rule};
use crate::analysis::walk::finding;
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;
use crate::schema::TypeKind;

const DOC: &str = include_str!("text_primary_key.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "text-primary-key",
        severity: Severity::Warning,
        summary: "Primary key of long or unbounded text",
        category: Category::Types,
        fix: FixSafety::None,
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
