//! Graphviz DOT: one node per table (`t1`, `t2`, … as in `export::table_keys`) with an
//! HTML-like label (a header row, then one row per column whose cell is the port `c1`, `c2`, …), one edge per foreign key from the first
//! referencing column's row to the first referenced column's row, with crow's-foot ends
//! (`arrowtail` at the child: `crowodot` many, `teeodot` at most one; `arrowhead` at the parent:
//! `teetee` exactly one, `teeodot` zero or one), dashed unless the key is part of the primary key.
//!
//! Node and port names are never user text; user text appears only inside HTML
//! labels, escaped as XML (`& < > "`), with control characters as spaces, so a name cannot close
//! the label or add an attribute.
//!
//! **Invariant:** `dot -Tsvg` reads every corpus export without an error or warning (an unknown
//! port would be a warning) and draws one node per table and one edge per foreign key
//! (`tests/it/export/dot.rs`, also with random hostile names).

use super::Drawing;
use crate::schema::{Column, Schema, Table};
use std::fmt::Write;

pub fn render(schema: &Schema) -> String {
    let d = Drawing::new(schema);
    let mut out = String::from(
        "digraph erd {\n  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=10, nodesep=0.4, ranksep=1.2];\n  node [shape=plain, fontname=\"Helvetica\", fontsize=10];\n  edge [dir=both, arrowsize=0.8, color=\"#555555\"];\n\n",
    );
    for t in &d.tables {
        let label = d.label(t);
        node(&mut out, t, d.key(t.id), label, d.partitions(t.id));
    }
    out.push('\n');
    for t in &d.tables {
        for fk in &t.foreign_keys {
            if !d.draws(fk.ref_table) {
                continue;
            }
            let Some(parent) = schema.table(fk.ref_table) else { continue };
            let port = |table: &Table, col: Option<&crate::schema::ColumnId>| table.columns.iter().position(|c| Some(&c.id) == col).map(|i| i + 1);
            let (Some(from), Some(to)) = (port(t, fk.columns.first()), port(parent, fk.ref_columns.first())) else { continue };
            let card = t.fk_cardinality(fk);
            let tail = if card.child_many { "crowodot" } else { "teeodot" };
            let head = if card.parent_required { "teetee" } else { "teeodot" };
            let style = if card.identifying { "solid" } else { "dashed" };
            // A composite key's edge runs between its first columns and names them all.
            let label = super::composite_label(t, parent, fk).map(|l| format!(", label=<{}>", html(&l))).unwrap_or_default();
            let _ = writeln!(
                out,
                "  {}:c{from} -> {}:c{to} [arrowtail={tail}, arrowhead={head}, style={style}{label}];",
                d.key(t.id),
                d.key(fk.ref_table)
            );
        }
    }
    out.push_str("}\n");
    out
}

fn node(out: &mut String, t: &Table, key: &str, label: &str, partitions: Option<usize>) {
    let _ = writeln!(out, "  {key} [label=<");
    out.push_str("    <table border=\"0\" cellborder=\"1\" cellspacing=\"0\" cellpadding=\"4\">\n");
    let _ = writeln!(out, "      <tr><td bgcolor=\"#dde4ee\">{}</td></tr>", wrap("b", &html(label)));
    for (i, c) in t.columns.iter().enumerate() {
        row(out, t, c, i + 1);
    }
    if let Some(n) = partitions {
        let _ = writeln!(out, "      <tr><td align=\"left\"><i>{n} partitions</i></td></tr>");
    }
    out.push_str("    </table>>];\n");
}

fn row(out: &mut String, t: &Table, c: &Column, port: usize) {
    let keys = t.column_keys(c.id);
    let marks = keys.marks();
    let name = if keys.primary { wrap("b", &html(&c.name)) } else { html(&c.name) };
    let ty = format!("{}{}", html(c.data_type.raw.trim()), if c.nullable { "" } else { " NOT NULL" });
    let _ = writeln!(
        out,
        "      <tr><td port=\"c{port}\" align=\"left\">{name} {} {}</td></tr>",
        wrap("font color=\"#666666\"", ty.trim()),
        wrap("font color=\"#8a5a00\"", &marks.join(" "))
    );
}

/// `<tag>inner</tag>`, or nothing for empty `inner` (Graphviz rejects an empty `<font>` or `<b>`).
fn wrap(tag: &str, inner: &str) -> String {
    if inner.trim().is_empty() {
        return String::new();
    }
    let close = tag.split(' ').next().unwrap_or(tag);
    format!("<{tag}>{inner}</{close}>")
}

/// Text for an HTML-like label: XML-escaped, control characters as spaces.
fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}' | '\u{FEFF}') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}
