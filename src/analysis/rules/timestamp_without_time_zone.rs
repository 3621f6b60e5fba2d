#![doc = include_str!("timestamp_without_time_zone.md")]

use super::{Ctx, Rule};
use crate::analysis::walk::{finding, set_type_edit};
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;
use crate::schema::{Dialect, TypeKind};

const DOC: &str = include_str!("timestamp_without_time_zone.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "timestamp-without-time-zone",
        severity: Severity::Warning,
        summary: "PostgreSQL timestamp without time zone",
        category: Category::Types,
        fix: FixSafety::Unsafe,
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
