#![doc = include_str!("too_many_secondary_indexes.md")]

use super::{Ctx, Rule};
use crate::analysis::walk::finding;
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;
use crate::schema::{SourceFormat};

const DOC: &str = include_str!("too_many_secondary_indexes.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "too-many-secondary-indexes",
        severity: Severity::Warning,
        summary: "Cassandra table with more than three secondary indexes",
        category: Category::Nosql,
        fix: FixSafety::None,
        doc: DOC,
    },
    check,
};

/// Secondary indexes a table may have before it is flagged.
const MAX: usize = 3;

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    if cx.schema.source != SourceFormat::Cql {
        return;
    }
    for t in cx.schema.tables.iter().filter(|t| t.indexes.len() > MAX) {
        out.push(finding(&RULE.info, t, format!("`{}` has {} secondary indexes (more than {MAX})", t.name, t.indexes.len()), "model the frequent queries as tables of their own"));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::testkit::{messages, nosql};
    use crate::schema::SourceFormat;

    #[test]
    fn flags_more_than_three() {
        let mut text = "CREATE TABLE t (k int PRIMARY KEY, a int, b int, c int, d int);\n".to_string();
        for c in ["a", "b", "c"] {
            text.push_str(&format!("CREATE INDEX ON t ({c});\n"));
        }
        assert!(messages(&RULE, &nosql(SourceFormat::Cql, &text)).is_empty());
        text.push_str("CREATE INDEX ON t (d);\n");
        assert_eq!(messages(&RULE, &nosql(SourceFormat::Cql, &text)), ["`t` has 4 secondary indexes (more than 3)"]);
    }
}
