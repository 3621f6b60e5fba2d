#![doc = include_str!("low_selectivity_index.md")]

use super::{Ctx, Rule};
use crate::analysis::walk::{finding, index_label, words};
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;
use crate::schema::{IndexPart, TypeKind};

const DOC: &str = include_str!("low_selectivity_index.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "low-selectivity-index",
        severity: Severity::Info,
        summary: "Index on a lone low-cardinality column",
        category: Category::Indexes,
        fix: FixSafety::None,
        doc: DOC,
    },
    check,
};

fn status_like(name: &str) -> bool {
    let w = words(name);
    let first = w.first().map(String::as_str).unwrap_or("");
    let last = w.last().map(String::as_str).unwrap_or("");
    matches!(first, "is" | "has") || matches!(last, "status" | "state" | "type" | "flag" | "kind" | "gender" | "active" | "deleted")
}

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for t in &cx.schema.tables {
        for ix in &t.indexes {
            if ix.unique || ix.predicate.is_some() || ix.keys.len() != 1 {
                continue;
            }
            let Some(&IndexPart::Column(c)) = ix.keys.first().map(|k| &k.part) else { continue };
            let Some(col) = t.column(c) else { continue };
            let low = matches!(col.data_type.kind, TypeKind::Boolean | TypeKind::Enum { .. }) || status_like(&col.name);
            if !low {
                continue;
            }
            let mut f = finding(
                &RULE.info,
                t,
                format!("index `{}` is on `{}` alone, a column with few distinct values", index_label(t, ix), col.name),
                "use a partial index for the rare value, or put the column after a selective one",
            );
            f.index = Some(ix.id);
            f.columns = vec![c];
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
    fn flags_boolean_enum_and_status_indexes() {
        for (col, ty) in [("is_active", "int"), ("flag", "boolean"), ("mood", "enum('a','b')"), ("order_status", "text")] {
            fires(&RULE, Dialect::Mysql, &format!("table t\nid int | pk\n{col} {ty}\nindex {col}"), col);
        }
    }

    #[test]
    fn selective_composite_or_unique_indexes_are_clean() {
        clean(&RULE, Dialect::Postgres, "table t\nid int | pk\nemail text\nstatus text\nindex email\nindex email status\nuindex status");
    }
}
