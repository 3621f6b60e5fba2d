#![doc = include_str!("varchar_without_length.md")]

use super::{Ctx, Rule};
use crate::analysis::walk::{finding, set_type_edit};
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;
use crate::schema::TypeKind;

const DOC: &str = include_str!("varchar_without_length.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "varchar-without-length",
        severity: Severity::Warning,
        summary: "varchar column without a length",
        category: Category::Types,
        fix: FixSafety::Unsafe,
        doc: DOC,
    },
    check,
};

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for t in &cx.schema.tables {
        for c in &t.columns {
            let n = &c.data_type.normalized;
            let varying = ["varchar", "nvarchar", "varchar2", "nvarchar2", "character varying"]
                .iter()
                .any(|p| n.strip_prefix(p).is_some_and(|rest| rest.is_empty() || rest.starts_with('(')));
            if !varying || c.data_type.kind != (TypeKind::Text { length: None, fixed: false }) {
                continue;
            }
            let base = n.split('(').next().unwrap_or(n);
            let mut f = finding(
                &RULE.info,
                t,
                format!("`{}.{}` is `{}` without a length; its meaning differs per database", t.name, c.name, c.data_type.raw),
                format!("state a length, e.g. `{base}(255)`, or use text"),
            );
            f.columns = vec![c.id];
            f.fix = Some(vec![set_type_edit(c, &format!("{base}(255)"))]);
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
    fn flags_bare_and_max_varchar() {
        fires(&RULE, Dialect::Postgres, "table u\nid int | pk\nname varchar", "without a length");
        fires(&RULE, Dialect::Mssql, "table u\nid int | pk\nname NVARCHAR(MAX)", "NVARCHAR(MAX)");
        fires(&RULE, Dialect::Postgres, "table u\nid int | pk\nname character varying", "name");
    }

    #[test]
    fn bounded_varchar_and_text_are_clean() {
        clean(&RULE, Dialect::Postgres, "table u\nid int | pk\nname varchar(80)\nbio text");
    }
}
