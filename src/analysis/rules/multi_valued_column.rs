#![doc = include_str!("multi_valued_column.md")]

use super::{Ctx, Rule};
use crate::analysis::walk::{finding, words};
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;
use crate::schema::TypeKind;

const DOC: &str = include_str!("multi_valued_column.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "multi-valued-column",
        severity: Severity::Warning,
        summary: "Column stores several values (1NF)",
        category: Category::Normalization,
        fix: FixSafety::None,
        doc: DOC,
    },
    check,
};

fn list_name(name: &str) -> bool {
    const ENDINGS: &[&str] = &["ids", "list", "csv", "tags", "keys", "codes", "emails", "phones", "members", "items"];
    let lower = crate::analysis::walk::lower(name);
    if !ENDINGS.iter().any(|e| lower.ends_with(e)) {
        return false;
    }
    let w = words(name);
    let last = w.last().map(String::as_str).unwrap_or("");
    matches!(last, "ids" | "list" | "csv" | "tags" | "keys" | "codes" | "emails" | "phones" | "members" | "items")
}

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for t in &cx.schema.tables {
        for c in &t.columns {
            let candidate = matches!(c.data_type.kind, TypeKind::Array(_) | TypeKind::Json | TypeKind::Text { .. });
            let named = candidate && list_name(&c.name);
            let why = match &c.data_type.kind {
                TypeKind::Array(_) if named => "an array named as a list of references (high confidence)",
                TypeKind::Array(_) => "an array (medium confidence: fine if always read and written whole)",
                TypeKind::Json if named => "JSON named as a list of references (medium confidence)",
                TypeKind::Text { .. } if named => "text named as a list (medium confidence: likely delimited values)",
                _ => continue,
            };
            let mut f = finding(
                &RULE.info,
                t,
                format!(
                    "`{}.{}` holds several values: {why} (1NF). Confirm: if queries search for one element or the \
                     elements reference another table, it is a relation of its own",
                    t.name, c.name
                ),
                "move the elements to a link table with one row per element and foreign keys",
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
    fn flags_arrays_and_list_named_columns() {
        fires(&RULE, Dialect::Postgres, "table p\nid int | pk\ncategory_ids int[]", "high confidence");
        fires(&RULE, Dialect::Postgres, "table p\nid int | pk\nscores int[]", "medium confidence");
        fires(&RULE, Dialect::Mysql, "table p\nid int | pk\ntag_ids varchar(200)", "delimited");
        fires(&RULE, Dialect::Postgres, "table p\nid int | pk\ntags jsonb", "JSON");
    }

    #[test]
    fn scalars_and_document_json_are_clean() {
        clean(&RULE, Dialect::Postgres, "table p\nid int | pk\ntitle text\npayload jsonb\nuser_id int");
    }
}
