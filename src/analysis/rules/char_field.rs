#![doc = include_str!("char_field.md")]

use super::{Ctx, Rule};
use crate::analysis::walk::{finding, set_type_edit};
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;
use crate::schema::TypeKind;

const DOC: &str = include_str!("char_field.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "char-field",
        severity: Severity::Info,
        summary: "Fixed-length char column",
        category: Category::Types,
        fix: FixSafety::Unsafe,
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
