//! Mermaid `erDiagram` export.
//!
//! Mermaid's ER grammar (11.x, `erDiagram.jison`) is strict and its lexer takes the first rule
//! that matches, so every piece of user text is forced into a token that cannot mean anything
//! else:
//!
//! - entity names and relationship labels are always double-quoted (`ENTITY_NAME` /`WORD`); the
//!   characters that token cannot hold (`"`, `%`, `\`, control characters) and the ones Mermaid
//!   preprocesses before parsing (`%%{…}%%` directives, `#name;` entity codes, `<tag>`) are
//!   replaced by look-alikes, so hostile names cannot end the string or inject a directive;
//! - attribute types and names become one `ATTRIBUTE_WORD` (`[A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_()\[\]-\u00C0-\uFFFF]*`),
//!   never starting with a digit or with a word the lexer reads as a key marker (`PK`, `FK`, `UK`);
//! - comments are double-quoted with the same replacements, and never contain `~`, which the
//!   lexer's generic-type rule would otherwise grab across the whole line.
//!
//! Partitions (`PARTITION OF` tables) are not drawn as entities of their own: they have their
//! parent's columns, and pagila's 57 of them made a 19,557 px wide row. The parent is followed by
//! a `%%` comment naming how many partitions it has and the first and last of them. A partition
//! named in `MermaidOptions::tables` is drawn.
//!
//! **Invariant:** two different tables never share an entity name (schema-qualified when the
//! schema has several namespaces, suffixed when sanitizing makes two names equal).

use super::diff_marks::{Ghost, Mark, Marks, TableMarks};
use crate::schema::{Column, Schema, Table, TableId, TypeKind};
use std::collections::{HashMap, HashSet};
use std::fmt::Write;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MermaidOptions {
    /// Only key columns (PK, FK, unique) as attributes.
    pub keys_only: bool,
    /// Only tables of this namespace (case-insensitive); `Some("")` means tables without one.
    pub schema: Option<String>,
    /// Only these tables (by `name` or `schema.name`, case-insensitive), e.g. the selection.
    pub tables: Option<Vec<String>>,
    /// With `tables`: also draw the tables directly related to them by a foreign key.
    pub with_neighbors: bool,
}

pub fn render(schema: &Schema, options: &MermaidOptions) -> String {
    render_marked(schema, options, None)
}

/// [`render`] with the changes of `marks` marked: each changed entity gets the class of its
/// mark (`:::added`, `:::renamed`, `:::changed`, styled by `classDef`s at the end), each
/// marked attribute says what happened in its comment, dropped columns stay as attributes
/// commented `− removed`, and dropped tables as entities of class `removed`.
pub fn render_marked(schema: &Schema, options: &MermaidOptions, marks: Option<&Marks>) -> String {
    let included = included_tables(schema, options);
    let names = entity_names(schema);
    let mut out = String::from("erDiagram\n");
    let mut partitions: HashMap<TableId, Vec<&str>> = HashMap::new();
    for t in &schema.tables {
        if let Some(p) = crate::layout::partition_parent(schema, t) {
            partitions.entry(p).or_default().push(t.name.as_str());
        }
    }
    for t in schema.tables.iter().filter(|t| included.contains(&t.id)) {
        let name = names.get(&t.id).map_or(t.name.as_str(), String::as_str);
        render_entity(&mut out, t, name, options.keys_only, marks.and_then(|m| m.tables.get(&t.id)));
        if let Some(parts) = partitions.get(&t.id) {
            let (first, last) = (parts.first().copied().unwrap_or(""), parts.last().copied().unwrap_or(""));
            let _ = writeln!(
                out,
                "    %% partitions of {}: {} ({} … {})",
                sanitize_text(name, true),
                parts.len(),
                sanitize_text(first, true),
                sanitize_text(last, true)
            );
        }
    }
    for t in schema.tables.iter().filter(|t| included.contains(&t.id)) {
        for fk in &t.foreign_keys {
            if !included.contains(&fk.ref_table) {
                continue;
            }
            let Some(parent) = names.get(&fk.ref_table) else { continue };
            let cols: Vec<&Column> = fk.columns.iter().filter_map(|c| t.column(*c)).collect();
            let card = t.fk_cardinality(fk);
            let parent_card = if card.parent_required { "||" } else { "|o" };
            let child_card = if card.child_many { "o{" } else { "o|" };
            let line = if card.identifying { "--" } else { ".." };
            let label = match &fk.name {
                Some(n) if !n.trim().is_empty() => n.clone(),
                _ => cols.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", "),
            };
            let _ = writeln!(
                out,
                "    {} {parent_card}{line}{child_card} {} : {}",
                quoted(parent),
                quoted(names.get(&t.id).map_or(t.name.as_str(), String::as_str)),
                quoted_label(&label)
            );
        }
    }
    if let Some(m) = marks {
        let taken: HashSet<String> = names.values().map(|n| n.to_lowercase()).collect();
        push_marks(&mut out, m, &taken);
    }
    out
}

/// One diagram per namespace (tables without one under `""`), in first-seen order; foreign
/// keys across namespaces are drawn in the referencing table's file only when both ends are in
/// it, so each file stands alone.
pub fn render_per_schema(schema: &Schema, options: &MermaidOptions) -> Vec<(String, String)> {
    let mut seen: Vec<String> = Vec::new();
    for t in &schema.tables {
        let s = t.schema.clone().unwrap_or_default();
        if !seen.iter().any(|x| x.eq_ignore_ascii_case(&s)) {
            seen.push(s);
        }
    }
    seen.into_iter()
        .map(|s| {
            let opts = MermaidOptions { schema: Some(s.clone()), ..options.clone() };
            let text = render(schema, &opts);
            (s, text)
        })
        .collect()
}

fn included_tables(schema: &Schema, options: &MermaidOptions) -> HashSet<TableId> {
    let in_schema = |t: &Table| match &options.schema {
        None => true,
        Some(s) if s.is_empty() => t.schema.is_none(),
        Some(s) => t.schema.as_deref().is_some_and(|ts| ts.eq_ignore_ascii_case(s)),
    };
    let selected = |t: &Table| match &options.tables {
        None => true,
        Some(list) => list.iter().any(|n| {
            n.eq_ignore_ascii_case(&t.name) || n.eq_ignore_ascii_case(&t.qualified_name())
        }),
    };
    // A partition is drawn only when asked for by name.
    let wanted = |t: &Table| crate::layout::partition_parent(schema, t).is_none() || options.tables.is_some();
    let mut set: HashSet<TableId> =
        schema.tables.iter().filter(|t| in_schema(t) && selected(t) && wanted(t)).map(|t| t.id).collect();
    if options.with_neighbors && options.tables.is_some() {
        let mut extra = Vec::new();
        for (t, fk) in schema.foreign_keys() {
            if set.contains(&t.id) {
                extra.push(fk.ref_table);
            }
            if set.contains(&fk.ref_table) && crate::layout::partition_parent(schema, t).is_none() {
                extra.push(t.id);
            }
        }
        set.extend(extra);
    }
    set
}

/// Unique display names: `schema.name` when the tables span several namespaces.
fn entity_names(schema: &Schema) -> HashMap<TableId, String> {
    let first = schema.tables.first().map(|t| t.schema.as_deref().map(str::to_lowercase));
    let qualify = schema.tables.iter().any(|t| Some(t.schema.as_deref().map(str::to_lowercase)) != first);
    let mut used: HashSet<String> = HashSet::new();
    let mut names = HashMap::new();
    for t in &schema.tables {
        let base = if qualify { t.qualified_name() } else { t.name.clone() };
        let base = sanitize_text(&base, true);
        let base = if base.trim().is_empty() { "unnamed".to_string() } else { base };
        let mut name = base.clone();
        let mut n = 2;
        while !used.insert(name.clone()) {
            name = format!("{base} ({n})");
            n += 1;
        }
        names.insert(t.id, name);
    }
    names
}

/// The comment of a marked attribute: what happened, then the column's own comment.
fn marked_comment(mark: Option<Mark>, comment: Option<&str>) -> Option<String> {
    let what = mark.map(|m| format!("{} {}", m.symbol(), m.label()));
    match (what, comment.filter(|s| !s.trim().is_empty())) {
        (Some(w), Some(c)) => Some(format!("{w} · {c}")),
        (Some(w), None) => Some(w),
        (None, c) => c.map(str::to_string),
    }
}

fn entity_head(name: &str, mark: Option<Mark>) -> String {
    match mark {
        Some(m) => format!("{}:::{}", quoted(name), m.label()),
        None => quoted(name),
    }
}

fn render_entity(out: &mut String, t: &Table, name: &str, keys_only: bool, tm: Option<&TableMarks>) {
    let mut attrs = String::new();
    for c in &t.columns {
        let marks = t.column_keys(c.id);
        let keys = marks.marks();
        if keys_only && keys.is_empty() {
            continue;
        }
        let _ = write!(attrs, "        {} {}", type_word(c), word(&c.name, "column"));
        if !keys.is_empty() {
            let _ = write!(attrs, " {}", keys.join(", "));
        }
        let mark = tm.and_then(|m| m.columns.iter().find(|(id, _)| *id == c.id).map(|(_, k)| *k));
        if let Some(comment) = marked_comment(mark, c.comment.as_deref()) {
            let _ = write!(attrs, " \"{}\"", sanitize_text(&comment, false));
        }
        attrs.push('\n');
    }
    for g in tm.map(|m| m.ghosts.as_slice()).unwrap_or_default() {
        push_ghost(&mut attrs, g);
    }
    let head = entity_head(name, tm.and_then(|m| m.mark));
    if attrs.is_empty() {
        let _ = writeln!(out, "    {head}");
    } else {
        let _ = write!(out, "    {head} {{\n{attrs}    }}\n");
    }
}

/// A dropped column as an attribute commented `− removed`.
fn push_ghost(attrs: &mut String, g: &Ghost) {
    let ty = if g.data_type.trim().is_empty() { "any".to_string() } else { g.data_type.to_lowercase() };
    let _ = writeln!(attrs, "        {} {} \"{}\"", word(&ty, "any"), word(&g.name, "column"), sanitize_text(&format!("{} removed", Mark::Removed.symbol()), false));
}

/// The dropped tables (as entities of class `removed`) and the `classDef` of each mark used.
fn push_marks(out: &mut String, marks: &Marks, taken: &HashSet<String>) {
    for r in &marks.removed {
        // A dropped table's name may be taken by a table of the next schema in another case.
        let name = if taken.contains(&r.name.to_lowercase()) { format!("{} (removed)", r.name) } else { r.name.clone() };
        let name = sanitize_text(&name, true);
        let mut attrs = String::new();
        for g in &r.columns {
            push_ghost(&mut attrs, g);
        }
        if attrs.is_empty() {
            let _ = writeln!(out, "    {}", entity_head(&name, Some(Mark::Removed)));
        } else {
            let _ = write!(out, "    {} {{\n{attrs}    }}\n", entity_head(&name, Some(Mark::Removed)));
        }
    }
    let used: HashSet<Mark> = marks.tables.values().filter_map(|m| m.mark).chain((!marks.removed.is_empty()).then_some(Mark::Removed)).collect();
    for m in Mark::ALL.iter().filter(|m| used.contains(m)) {
        let fill = match m {
            Mark::Added => "#d3f9d8",
            Mark::Removed => "#ffe3e3",
            Mark::Renamed => "#e5dbff",
            Mark::Changed => "#fff3bf",
        };
        let _ = writeln!(out, "    classDef {} fill:{fill},stroke:{},stroke-width:2px", m.label(), m.color());
    }
}

/// The column type as one attribute word: `numeric(12,2)` → `numeric(12-2)`,
/// `double precision` → `double_precision`, `enum('a','b')` → `enum(a-b)`.
fn type_word(c: &Column) -> String {
    let t = &c.data_type;
    let text = if t.normalized.is_empty() { "any" } else { &t.normalized };
    let text = match &t.kind {
        // An inline `ENUM('a','b')` lists its values; a named enum type keeps its name (its
        // values are in the schema's enum, which edits change).
        TypeKind::Enum { values } if !values.is_empty() && t.normalized.starts_with("enum") => format!("enum({})", values.join(",")),
        _ => text.to_string(),
    };
    word(&text, "any")
}

/// Forces `text` into Mermaid's `ATTRIBUTE_WORD`.
fn word(text: &str, fallback: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        let mapped = match ch {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '_' | '(' | ')' | '[' | ']' | '-' => ch,
            ',' => '-',
            '\'' | '"' | '`' => continue,
            c if c >= '\u{C0}' && !c.is_whitespace() && !c.is_control() && !is_line_sep(c) => c,
            _ => '_',
        };
        if mapped == '_' && out.ends_with('_') {
            continue;
        }
        out.push(mapped);
    }
    let out = out.trim_end_matches('_').to_string();
    let mut out = if out.is_empty() { fallback.to_string() } else { out };
    let first = out.chars().next().unwrap_or('_');
    let lower = out.to_ascii_lowercase();
    let key_like = ["pk", "fk", "uk"].iter().any(|k| {
        lower.starts_with(k)
            && !lower[2..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
    });
    if !(first.is_ascii_alphabetic() || first == '_' || first >= '\u{C0}') || key_like {
        out.insert(0, '_');
    }
    out
}

fn is_line_sep(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}' | '\u{FEFF}')
}

/// Replaces what could end or reinterpret a double-quoted Mermaid string. `initial` is for text
/// lexed outside entity blocks (names, labels), where `direction TB` anywhere in a line is a
/// statement.
fn sanitize_text(text: &str, initial: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        out.push(match ch {
            '"' => '\'',
            '%' => '\u{FF05}',
            '#' => '\u{FF03}',
            '\\' => '\u{2216}',
            '<' => '\u{2039}',
            '>' => '\u{203A}',
            '~' => '\u{223C}',
            c if c.is_control() || is_line_sep(c) => ' ',
            c => c,
        });
    }
    if initial {
        out = break_direction(&out);
    }
    out
}

/// `direction<whitespace>` → `direction_` (case-insensitive).
fn break_direction(text: &str) -> String {
    let lower = text.to_lowercase();
    if lower.len() != text.len() || !lower.contains("direction") {
        return if lower.contains("direction") { text.replace(char::is_whitespace, "_") } else { text.to_string() };
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut rest_lower = lower.as_str();
    while let Some(i) = rest_lower.find("direction") {
        out.push_str(&rest[..i + 9]);
        rest = &rest[i + 9..];
        rest_lower = &rest_lower[i + 9..];
        let ws = rest.len() - rest.trim_start().len();
        if ws > 0 {
            out.push('_');
            rest = &rest[ws..];
            rest_lower = &rest_lower[ws..];
        }
    }
    out.push_str(rest);
    out
}

fn quoted(name: &str) -> String {
    format!("\"{name}\"")
}

fn quoted_label(label: &str) -> String {
    let s = sanitize_text(label, true);
    format!("\"{s}\"")
}
