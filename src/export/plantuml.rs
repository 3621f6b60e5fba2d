//! PlantUML ER diagram: one `entity` per table (primary key columns above the `--` separator,
//! `*` for NOT NULL, `<<PK>>`/`<<FK>>`/`<<UK>>` stereotypes) and one crow's-foot relation per
//! foreign key (`parent ||..o{ child`: `||`/`|o` as the key columns are NOT NULL or not, `o{`/`o|`
//! as they are unique or not, a solid line when the key is part of the primary key).
//!
//! PlantUML reads a line in an entity body as markup in several ways: a leading `+ - # ~` is a
//! visibility, a leading `'` a comment, a `}` ends the body, a trailing `\` joins the next line,
//! creole (`**`, `//`, `__`, `~~`, `""`, `[[…]]`, `<b>`) formats, and `(` makes a field a method.
//! So every line starts with `{field}` and every ASCII punctuation character of user text but
//! `( ) , . : ;` (and a lone `_` or `-` inside a word) is written as an entity `&#NN;`, which
//! PlantUML decodes after all of that (`\` and `$` as `<U+XXXX>`: see `text`); control characters
//! become spaces. Entities are addressed by `t1`, `t2`, … aliases (`export::table_keys`), never by name.
//!
//! **Invariant:** what PlantUML draws is the text we meant: `tests/it/export/plantuml.rs` renders
//! every corpus file and random hostile names with the real `plantuml` and reads the SVG's texts back.

use super::Drawing;
use crate::schema::{Schema, Table};
use std::fmt::Write;

pub fn render(schema: &Schema) -> String {
    let d = Drawing::new(schema);
    let mut out = String::from("@startuml\nhide circle\nhide empty members\n\n");
    for t in &d.tables {
        let label = d.label(t);
        entity(&mut out, t, label, d.key(t.id));
        if let Some(n) = d.partitions(t.id) {
            let _ = writeln!(out, "note bottom of {}\n  {n} partitions\nend note", d.key(t.id));
        }
    }
    out.push('\n');
    for t in &d.tables {
        for fk in &t.foreign_keys {
            if !d.draws(fk.ref_table) {
                continue;
            }
            let card = t.fk_cardinality(fk);
            let parent = if card.parent_required { "||" } else { "|o" };
            let child = if card.child_many { "o{" } else { "o|" };
            let line = if card.identifying { "--" } else { ".." };
            let label = match &fk.name {
                Some(n) if !n.trim().is_empty() => n.clone(),
                _ => fk.columns.iter().filter_map(|c| t.column(*c)).map(|c| c.name.as_str()).collect::<Vec<_>>().join(", "),
            };
            let _ = write!(out, "{} {parent}{line}{child} {}", d.key(fk.ref_table), d.key(t.id));
            if label.trim().is_empty() {
                out.push('\n');
            } else {
                let _ = writeln!(out, " : \"{}\"", text(&label));
            }
        }
    }
    out.push_str("@enduml\n");
    out
}

fn entity(out: &mut String, t: &Table, label: &str, key: &str) {
    let _ = writeln!(out, "entity \"{}\" as {key} {{", entity_name(label));
    let (keyed, rest): (Vec<_>, Vec<_>) = t.columns.iter().partition(|c| t.is_pk_column(c.id));
    for c in &keyed {
        field(out, t, c);
    }
    if !keyed.is_empty() && !rest.is_empty() {
        out.push_str("  --\n");
    }
    for c in &rest {
        field(out, t, c);
    }
    out.push_str("}\n");
}

fn field(out: &mut String, t: &Table, c: &crate::schema::Column) {
    let keys = t.column_keys(c.id);
    let mut marks = String::new();
    for (on, mark) in [(keys.primary, " <<PK>>"), (keys.foreign, " <<FK>>"), (keys.in_unique_key, " <<UK>>")] {
        if on {
            marks.push_str(mark);
        }
    }
    let ty = if c.data_type.raw.trim().is_empty() { "any" } else { c.data_type.raw.as_str() };
    let _ = writeln!(
        out,
        "  {{field}} {}{} : {}{marks}",
        if c.nullable { "" } else { "* " },
        text(&c.name),
        text(ty)
    );
}

/// User text as PlantUML shows it literally (see the module doc).
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    for (i, &ch) in chars.iter().enumerate() {
        let edge = i == 0 || i + 1 == chars.len();
        match ch {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '(' | ')' | ',' | '.' | ':' | ';' => out.push(ch),
            // A lone `_` or `-` inside a word is no markup (`__` underlines, `--` strikes, a
            // leading `-` is a visibility): `user_id` stays readable.
            '_' | '-' if i > 0 && chars.get(i - 1) != Some(&ch) && chars.get(i + 1) != Some(&ch) => out.push(ch),
            // Leading and trailing spaces would be trimmed.
            ' ' if !edge => out.push(' '),
            // `&#92;` and `&#36;` crash PlantUML (it substitutes entities with a regex
            // replacement, where `\` and `$` are special).
            '\\' | '$' => {
                let _ = write!(out, "<U+{:04X}>", ch as u32);
            }
            c if c.is_ascii() && !c.is_ascii_control() => {
                let _ = write!(out, "&#{};", c as u32);
            }
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}' | '\u{FEFF}') => out.push_str("&#32;"),
            c => out.push(c),
        }
    }
    out
}

/// An entity's display name: a name ending in `<U+…>` would be read as a generic (`Foo<T>`),
/// so a space follows it.
fn entity_name(s: &str) -> String {
    let mut out = text(s);
    if out.ends_with('>') {
        out.push_str("&#32;");
    }
    out
}
