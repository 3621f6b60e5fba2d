//! D2: one `sql_table` shape per table (key `t1`, `t2`, … as in `export::table_keys`; the table's name as its `label`), a field
//! per column (the name as a quoted key, the type as its value, `constraint: [primary_key;
//! foreign_key; unique]`), and one edge per foreign key between the first referencing and the
//! first referenced column, with crow's-foot arrowheads (`cf-many`/`cf-one` at the child,
//! `cf-one-required`/`cf-one` at the parent), dashed unless the key is part of the primary key.
//!
//! D2's rules that shape the escaping (checked with the real D2 compiler, `@terrastruct/d2` from
//! npm, in `tests/it/export/d2.rs`):
//! - in a double-quoted string `\` escapes, and `${…}` is a substitution: `"`, `\` and `$` are
//!   written with a backslash; control characters become spaces;
//! - quoting does not stop a key being a reserved keyword (`label`, `shape`, `width`, … are read
//!   as settings of the table, d2 issue #477); keys are case-insensitive. A column whose name is
//!   a keyword, or equal ignoring case to an earlier column's, gets trailing spaces (invisible in
//!   the drawing), the work-around D2's maintainers point to; so does a type equal to its column's
//!   name (`"Name": "Name"`, which D2 takes for no label).

use super::Drawing;
use crate::schema::{Schema, Table};
use std::collections::{HashMap, HashSet};
use std::fmt::Write;

/// D2's reserved keywords (d2graph's `ReservedKeywords`, `StyleKeywords` and holders), lower case.
const KEYWORDS: &[&str] = &[
    "label", "desc", "shape", "icon", "constraint", "tooltip", "link", "near", "width", "height", "direction", "top",
    "left", "grid-rows", "grid-columns", "grid-gap", "vertical-gap", "horizontal-gap", "class", "classes", "vars",
    "style", "source-arrowhead", "target-arrowhead", "opacity", "stroke", "fill", "fill-pattern", "stroke-width",
    "stroke-dash", "border-radius", "font", "font-size", "font-color", "bold", "italic", "underline",
    "text-transform", "shadow", "multiple", "double-border", "3d", "animated", "filled", "suspend", "layers",
    "scenarios", "steps", "_", "*", "**", "&", "!&", "...", "import", "on", "off", "null",
];

pub fn render(schema: &Schema) -> String {
    let d = Drawing::new(schema);
    let mut keys: HashMap<_, Vec<String>> = HashMap::new();
    let mut out = String::from("direction: right\n\n");
    for t in &d.tables {
        let label = d.label(t);
        let label = match d.partitions(t.id) {
            Some(n) => format!("{label} ({n} partitions)"),
            None => label.to_string(),
        };
        let column_keys = column_keys(t);
        let _ = writeln!(out, "{}: {{\n  shape: sql_table\n  label: {}", d.key(t.id), quoted(&label));
        for (c, key) in t.columns.iter().zip(&column_keys) {
            let marks = t.column_keys(c.id);
            let constraints: Vec<&str> = [(marks.primary, "primary_key"), (marks.foreign, "foreign_key"), (marks.in_unique_key, "unique")]
                .into_iter()
                .filter_map(|(on, m)| on.then_some(m))
                .collect();
            // A value equal to the key is no label for D2 (the type would be drawn empty).
            let ty = if clean(&c.data_type.raw) == *key { format!("{key} ") } else { c.data_type.raw.clone() };
            let _ = write!(out, "  {}: {}", quoted(key), quoted(&ty));
            match constraints.as_slice() {
                [] => out.push('\n'),
                [one] => {
                    let _ = writeln!(out, " {{constraint: {one}}}");
                }
                _ => {
                    let _ = writeln!(out, " {{constraint: [{}]}}", constraints.join("; "));
                }
            }
        }
        out.push_str("}\n");
        keys.insert(t.id, column_keys);
    }
    out.push('\n');
    for t in &d.tables {
        for fk in &t.foreign_keys {
            if !d.draws(fk.ref_table) {
                continue;
            }
            let (Some(from), Some(to)) = (fk.columns.first(), fk.ref_columns.first()) else { continue };
            let key_of = |table: &Table, col| {
                let i = table.columns.iter().position(|c| c.id == col)?;
                keys.get(&table.id)?.get(i).cloned()
            };
            let Some(parent) = schema.table(fk.ref_table) else { continue };
            let (Some(from), Some(to)) = (key_of(t, *from), key_of(parent, *to)) else { continue };
            let card = t.fk_cardinality(fk);
            // A composite key's edge runs between its first columns and names them all.
            let label = super::composite_label(t, parent, fk).map(|l| format!("{} ", quoted(&l))).unwrap_or_default();
            let _ = writeln!(
                out,
                "{}.{} <-> {}.{}: {label}{{\n  source-arrowhead.shape: {}\n  target-arrowhead.shape: {}{}\n}}",
                d.key(t.id),
                quoted(&from),
                d.key(parent.id),
                quoted(&to),
                if card.child_many { "cf-many" } else { "cf-one" },
                if card.parent_required { "cf-one-required" } else { "cf-one" },
                if card.identifying { "" } else { "\n  style.stroke-dash: 3" }
            );
        }
    }
    out
}

/// The key of each column: its name, with trailing spaces when it is a keyword or clashes
/// (ignoring case) with an earlier key of the table.
fn column_keys(t: &Table) -> Vec<String> {
    let mut used: HashSet<String> = HashSet::new();
    t.columns
        .iter()
        .map(|c| {
            let mut key = clean(&c.name);
            if key.trim().is_empty() {
                key = format!("{key} ");
            }
            while KEYWORDS.contains(&key.to_lowercase().as_str()) || used.contains(&key.to_lowercase()) {
                key.push(' ');
            }
            used.insert(key.to_lowercase());
            key
        })
        .collect()
}

/// Control characters as spaces.
fn clean(s: &str) -> String {
    s.chars().map(|c| if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}' | '\u{FEFF}') { ' ' } else { c }).collect()
}

/// A D2 double-quoted string (see the module doc).
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for ch in clean(s).chars() {
        if matches!(ch, '"' | '\\' | '$') {
            out.push('\\');
        }
        out.push(ch);
    }
    out.push('"');
    out
}
