//! ## What it does
//! Flags columns that hold several values of a relation in one field, violating first normal
//! form (1NF): arrays, JSON columns named for lists of references, and text columns named
//! `*_ids`, `*_list`, `*_csv` or `tags`.
//!
//! ## Why is this bad?
//! The database cannot enforce foreign keys on the elements, finding rows by one element
//! needs special operators or string matching (`LIKE '%,42,%'`), and updating one element
//! rewrites the whole value.
//!
//! ## Example
//! ```sql
//! CREATE TABLE posts (id int PRIMARY KEY, tag_ids text, category_ids int[]);
//! ```
//!
//! ## Fix
//! Move the elements to a link table (`post_tags (post_id, tag_id)`) with foreign keys.
//! Arrays of plain values that are always read and written whole may stay.

use super::{Ctx, Rule};
use crate::analysis::walk::{finding, words};
use crate::analysis::{Finding, RuleInfo};
use crate::diagnostic::Severity;
use crate::schema::TypeKind;

const DOC: &str = "## What it does\nFlags columns that hold several values of a relation in one field, violating first normal\nform (1NF): arrays, JSON columns named for lists of references, and text columns named\n`*_ids`, `*_list`, `*_csv` or `tags`.\n\n## Why is this bad?\nThe database cannot enforce foreign keys on the elements, finding rows by one element\nneeds special operators or string matching (`LIKE '%,42,%'`), and updating one element\nrewrites the whole value.\n\n## Example\n```sql\nCREATE TABLE posts (id int PRIMARY KEY, tag_ids text, category_ids int[]);\n```\n\n## Fix\nMove the elements to a link table (`post_tags (post_id, tag_id)`) with foreign keys.\nArrays of plain values that are always read and written whole may stay.\n";

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "multi-valued-column",
        severity: Severity::Warning,
        summary: "Column stores several values (1NF)",
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
