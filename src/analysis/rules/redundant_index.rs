#![doc = include_str!("redundant_index.md")]

use super::{Ctx, Rule};
use crate::analysis::walk::{col_names, finding, index_label, is_non_btree};
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;
use crate::edit::Edit;
use crate::schema::{ColumnId, IndexPart};

const DOC: &str = include_str!("redundant_index.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "redundant-index",
        severity: Severity::Warning,
        summary: "Index is a prefix of another index",
        category: Category::Indexes,
        fix: FixSafety::Safe,
        doc: DOC,
    },
    check,
};

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for t in &cx.schema.tables {
        // Every other b-tree access path: (label, columns, unique).
        let mut paths: Vec<(String, Vec<ColumnId>, bool, Option<crate::schema::IndexId>)> = Vec::new();
        if let Some(pk) = &t.primary_key {
            paths.push(("the primary key".into(), pk.columns.clone(), true, None));
        }
        for u in &t.uniques {
            let label = u.name.clone().unwrap_or_else(|| format!("unique ({})", col_names(t, &u.columns)));
            paths.push((label, u.columns.clone(), true, None));
        }
        for ix in t.indexes.iter().filter(|ix| ix.predicate.is_none() && !is_non_btree(ix)) {
            if ix.keys.iter().all(|k| matches!(k.part, IndexPart::Column(_))) {
                paths.push((index_label(t, ix), ix.leading_columns().collect(), ix.unique, Some(ix.id)));
            }
        }
        for ix in &t.indexes {
            if ix.unique || ix.predicate.is_some() || is_non_btree(ix) || ix.keys.is_empty() {
                continue;
            }
            if !ix.keys.iter().all(|k| matches!(k.part, IndexPart::Column(_))) {
                continue;
            }
            let cols: Vec<ColumnId> = ix.leading_columns().collect();
            let covering = paths.iter().find(|(_, other, unique, id)| {
                *id != Some(ix.id)
                    && other.starts_with(&cols)
                    && (other.len() > cols.len() || *unique)
            });
            let Some((label, ..)) = covering else { continue };
            let mut f = finding(
                &RULE.info,
                t,
                format!("index `{}` ({}) is a leading prefix of {label}", index_label(t, ix), col_names(t, &cols)),
                format!("drop `{}`: {label} serves the same lookups", index_label(t, ix)),
            );
            f.index = Some(ix.id);
            f.columns = cols;
            f.fix = Some(vec![Edit::DeleteIndex { table: t.id, index: ix.id }]);
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::testkit::{clean, fires};
    use crate::schema::Dialect;

    const T: &str = "table o\nid int | pk\nc int\nd int\n";

    #[test]
    fn flags_prefixes_of_indexes_and_keys() {
        fires(&RULE, Dialect::Postgres, &format!("{T}index c\nindex c d"), "leading prefix of");
        fires(&RULE, Dialect::Postgres, &format!("{T}index id"), "the primary key");
        fires(&RULE, Dialect::Postgres, &format!("{T}unique c d\nindex c"), "unique (c, d)");
    }

    #[test]
    fn unique_prefixes_and_other_orders_are_clean() {
        clean(&RULE, Dialect::Postgres, &format!("{T}uindex c\nindex c d"));
        clean(&RULE, Dialect::Postgres, &format!("{T}index d\nindex c d"));
        clean(&RULE, Dialect::Postgres, &format!("{T}index c d"));
    }
}
