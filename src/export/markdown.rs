//! A Markdown data dictionary: one section per table with a column table, keys, foreign keys,
//! indexes and comments; enums and views at the end.
//!
//! **Invariant:** user text is escaped for a table cell (`|`, newlines, HTML `<`/`&`, backticks),
//! so a comment cannot add a column, a row or markup.

use crate::schema::{IndexPart, Schema, Table};
use std::fmt::Write;

/// Escapes Markdown emphasis and link characters too (`str::replace` above cannot use `$0`).
pub(crate) fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // A backslash is escaped first: `cell_base` adds the ones that escape `|` and backticks.
    for ch in cell_base(&s.replace('\\', "\\\\")).chars() {
        if matches!(ch, '*' | '_' | '[' | ']' | '#') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

fn cell_base(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace('`', "\\`")
        .replace("\r\n", "<br>")
        .replace(['\n', '\r'], "<br>")
}

pub(crate) fn code(s: &str) -> String {
    if s.is_empty() { String::new() } else { format!("`{}`", s.replace('`', "'").replace('|', "\\|").replace(['\n', '\r'], " ")) }
}

pub fn render(schema: &Schema) -> String {
    let mut out = String::from("# Data dictionary\n\n");
    let _ = writeln!(
        out,
        "{} tables, {} views, {} enums ({}).\n",
        schema.tables.len(),
        schema.views.len(),
        schema.enums.len(),
        schema.dialect.label()
    );
    for t in &schema.tables {
        table(&mut out, schema, t);
    }
    if !schema.enums.is_empty() {
        out.push_str("## Enums\n\n| Enum | Values |\n| --- | --- |\n");
        for e in &schema.enums {
            let q = match &e.schema { Some(s) => format!("{s}.{}", e.name), None => e.name.clone() };
            let vals: Vec<String> = e.values.iter().map(|v| code(v)).collect();
            let _ = writeln!(out, "| {} | {} |", text(&q), vals.join(", "));
        }
        out.push('\n');
    }
    if !schema.views.is_empty() {
        out.push_str("## Views\n\n| View | Reads | Comment |\n| --- | --- | --- |\n");
        for v in &schema.views {
            let q = match &v.schema { Some(s) => format!("{s}.{}", v.name), None => v.name.clone() };
            let reads: Vec<String> = v.reads.iter().filter_map(|id| schema.table(*id)).map(|t| text(&t.qualified_name())).collect();
            let _ = writeln!(out, "| {} | {} | {} |", text(&q), reads.join(", "), text(v.comment.as_deref().unwrap_or("")));
        }
        out.push('\n');
    }
    out
}

fn table(out: &mut String, schema: &Schema, t: &Table) {
    let _ = writeln!(out, "## {}\n", text(&t.qualified_name()));
    if let Some(c) = &t.comment {
        let _ = writeln!(out, "{}\n", text(c));
    }
    out.push_str("| Column | Type | Nullable | Default | Key | Comment |\n| --- | --- | --- | --- | --- | --- |\n");
    for c in &t.columns {
        let marks = t.column_keys(c.id);
        let keys = marks.marks();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            text(&c.name),
            code(&c.data_type.raw),
            if c.nullable { "yes" } else { "no" },
            code(c.default.as_deref().unwrap_or("")),
            keys.join(", "),
            text(c.comment.as_deref().unwrap_or(""))
        );
    }
    out.push('\n');
    let names = |tb: &Table, ids: &[crate::schema::ColumnId]| ids.iter().filter_map(|i| tb.column(*i)).map(|c| text(&c.name)).collect::<Vec<_>>().join(", ");
    if !t.foreign_keys.is_empty() {
        out.push_str("Foreign keys:\n\n");
        for fk in &t.foreign_keys {
            let Some(rt) = schema.table(fk.ref_table) else { continue };
            let label = fk.name.as_deref().map(|n| format!(" ({})", text(n))).unwrap_or_default();
            let _ = writeln!(out, "- {} → {}.{}{label}, on delete {}", names(t, &fk.columns), text(&rt.qualified_name()), names(rt, &fk.ref_columns), fk.on_delete.as_sql().to_lowercase());
        }
        out.push('\n');
    }
    if !t.indexes.is_empty() {
        out.push_str("Indexes:\n\n");
        for ix in &t.indexes {
            let parts: Vec<String> = ix
                .keys
                .iter()
                .map(|k| match &k.part {
                    IndexPart::Column(c) => t.column(*c).map(|c| text(&c.name)).unwrap_or_default(),
                    IndexPart::Expression(e) => code(e),
                })
                .collect();
            let _ = writeln!(
                out,
                "- {}{}: {}",
                text(ix.name.as_deref().unwrap_or("(unnamed)")),
                if ix.unique { " (unique)" } else { "" },
                parts.join(", ")
            );
        }
        out.push('\n');
    }
}
