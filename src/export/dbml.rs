//! DBML (dbdiagram.io) export: `Project` with the dialect, enums, tables with column settings,
//! indexes, checks and notes, `Ref`s, table groups and sticky notes.
//!
//! **Invariant:** every name is double-quoted and every note single-quoted with the DBML
//! escapes (`\"`, `\'`, `\\`), newlines as `\n`, so no name or comment can end its token.
//!
//! **Invariant:** `import(render(s))` is `s` up to what DBML cannot say, which `render_checked`
//! lists as warnings (views, sequences, domains, statements kept as written, generated columns,
//! index sort orders, operator classes, predicates and covering columns, deferrable keys, the
//! identity kind, table options); unique constraints and unique indexes are one thing in DBML
//! (`tests/it/formats.rs` checks it on the DBML and SQL corpora, with @dbml/core parsing each
//! export, and on random schemas).

use super::Exported;
use crate::diagnostic::{Diagnostic, Severity};
use crate::schema::{Column, ColumnId, EnumType, FkAction, ForeignKey, Group, IndexPart, Schema, Table};
use std::fmt::Write;

/// The export with a warning for each kind of thing DBML cannot carry.
pub fn render_checked(schema: &Schema) -> Exported {
    let mut lost: Vec<String> = Vec::new();
    let mut count = |n: usize, what: &str| {
        if n > 0 {
            lost.push(format!("{n} {what}"));
        }
    };
    count(schema.views.len(), "views");
    let cols = || schema.tables.iter().flat_map(|t| t.columns.iter());
    count(
        cols().filter(|c| c.default.as_deref().is_some_and(|d| d.contains('`'))).count()
            + schema.tables.iter().flat_map(|t| t.checks.iter()).filter(|c| c.expr.contains('`')).count(),
        "defaults and checks with a backtick (a DBML expression cannot hold one)",
    );
    count(schema.sequences.len(), "sequences");
    count(schema.domains.len(), "domains");
    count(schema.objects.len(), "statements kept as written (functions, triggers, grants, …)");
    count(cols().filter(|c| c.generated.is_some()).count(), "generated column expressions");
    count(cols().filter(|c| c.collation.is_some() || !c.extra.is_empty()).count(), "column collations and clauses kept as written");
    let ixs = || schema.tables.iter().flat_map(|t| t.indexes.iter());
    count(
        ixs().filter(|ix| ix.predicate.is_some() || !ix.include.is_empty() || ix.keys.iter().any(|k| k.descending || k.extra.is_some()) || ix.options.is_some()).count(),
        "index predicates, covering columns, sort orders, operator classes or options",
    );
    count(ixs().filter(|ix| ix.method.as_deref().is_some_and(|m| !DBML_METHODS.contains(&m))).count(), "index methods DBML has no name for");
    count(schema.foreign_keys().filter(|(_, fk)| fk.deferrable || fk.options.is_some()).count(), "deferrable or MATCH options of foreign keys");
    count(schema.tables.iter().filter(|t| !t.text.is_empty() || t.temporary || t.kind != crate::schema::TableKind::Table).count(), "table options, partitions and temporary tables (exported as plain tables)");
    count(schema.tables.iter().filter(|t| t.color.as_deref().is_some_and(|c| !c.starts_with('#'))).count(), "table colors that are not #rrggbb");
    let warnings = lost
        .into_iter()
        .map(|l| Diagnostic { severity: Severity::Warning, span: Default::default(), message: format!("DBML cannot carry {l}; left out"), statement: String::new() })
        .collect();
    Exported { text: render(schema), warnings }
}

/// The index methods DBML names (`type:`).
const DBML_METHODS: [&str; 5] = ["btree", "hash", "gin", "gist", "brin"];

fn name(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n").replace('\r', ""))
}

fn string(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'").replace('\n', "\\n").replace('\r', ""))
}

fn expr(s: &str) -> String {
    // Backtick expressions cannot hold a backtick; such defaults become strings.
    if s.contains('`') { string(s) } else { format!("`{s}`") }
}

fn table_ref(t: &Table) -> String {
    match &t.schema {
        Some(s) => format!("{}.{}", name(s), name(&t.name)),
        None => name(&t.name),
    }
}

fn action(a: FkAction) -> &'static str {
    match a {
        FkAction::NoAction => "no action",
        FkAction::Restrict => "restrict",
        FkAction::Cascade => "cascade",
        FkAction::SetNull => "set null",
        FkAction::SetDefault => "set default",
    }
}

/// The DBML text of `schema`: project, enums, tables, refs, table groups and sticky notes.
pub fn render(schema: &Schema) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Project {{\n  database_type: {}\n}}\n", string(crate::import::dbml_database_type(schema.dialect)));
    for e in &schema.enums {
        write_enum(&mut out, e);
    }
    for t in &schema.tables {
        write_table(&mut out, t);
    }
    for (t, fk) in schema.foreign_keys() {
        let Some(rt) = schema.table(fk.ref_table) else { continue };
        write_ref(&mut out, t, fk, rt);
    }
    for g in &schema.groups {
        write_group(&mut out, schema, g);
    }
    for n in &schema.notes {
        let _ = writeln!(out, "\nNote note_{} {{\n  {}\n}}", n.id.0, string(&n.text));
    }
    out
}

/// `Enum name { value … }`.
fn write_enum(out: &mut String, e: &EnumType) {
    let q = match &e.schema {
        Some(s) => format!("{}.{}", name(s), name(&e.name)),
        None => name(&e.name),
    };
    let _ = writeln!(out, "Enum {q} {{");
    for v in &e.values {
        let _ = writeln!(out, "  {}", name(v));
    }
    out.push_str("}\n\n");
}

/// `Table name [headercolor] { columns, Indexes { … }, Checks { … }, Note }`.
fn write_table(out: &mut String, t: &Table) {
    let color = t.color.as_deref().filter(|c| c.starts_with('#') && c[1..].bytes().all(|b| b.is_ascii_hexdigit()));
    let head = color.map(|c| format!(" [headercolor: {c}]")).unwrap_or_default();
    let _ = writeln!(out, "Table {}{head} {{", table_ref(t));
    let single_pk = t.primary_key.as_ref().filter(|pk| pk.name.is_none()).and_then(|pk| match pk.columns.as_slice() {
        [one] => Some(*one),
        _ => None,
    });
    for c in &t.columns {
        let _ = writeln!(out, "  {}", column_line(t, c, single_pk));
    }
    write_indexes(out, t);
    if t.checks.iter().any(|c| !c.expr.contains('`')) {
        out.push_str("\n  Checks {\n");
        for c in t.checks.iter().filter(|c| !c.expr.contains('`')) {
            let name = c.name.as_deref().map(|n| format!(" [name: {}]", string(n))).unwrap_or_default();
            let _ = writeln!(out, "    {}{name}", expr(&c.expr));
        }
        out.push_str("  }\n");
    }
    if let Some(n) = &t.comment {
        let _ = writeln!(out, "\n  Note: {}", string(n));
    }
    out.push_str("}\n\n");
}

/// A column line: `name type [pk, increment, not null, unique, default, note]` (`single_pk`:
/// the column of an unnamed one-column primary key, which is a column setting).
fn column_line(t: &Table, c: &Column, single_pk: Option<ColumnId>) -> String {
    let mut settings = Vec::new();
    if single_pk == Some(c.id) {
        settings.push("pk".to_string());
    }
    if c.identity.is_some() {
        settings.push("increment".into());
    }
    if !c.nullable {
        settings.push("not null".into());
    } else if t.is_pk_column(c.id) {
        // A key column that may be null (SQLite): DBML's `pk` alone means NOT NULL.
        settings.push("null".into());
    }
    if t.uniques.iter().any(|u| u.columns == [c.id] && u.name.is_none()) {
        settings.push("unique".into());
    }
    if let Some(d) = c.default.as_ref().filter(|d| !d.contains('`')) {
        settings.push(format!("default: {}", expr(d)));
    }
    if let Some(n) = &c.comment {
        settings.push(format!("note: {}", string(n)));
    }
    // A column without a type (SQLite allows one) is `""`, which reads back as no type.
    let ty = name(&c.data_type.raw);
    let s = if settings.is_empty() { String::new() } else { format!(" [{}]", settings.join(", ")) };
    format!("{} {ty}{s}", name(&c.name))
}

/// The `Indexes { … }` block: a composite or named primary key, composite or named unique
/// constraints, and the indexes; nothing when there are none.
fn write_indexes(out: &mut String, t: &Table) {
    let cols = |ids: &[ColumnId]| ids.iter().filter_map(|i| t.column(*i)).map(|c| name(&c.name)).collect::<Vec<_>>().join(", ");
    let composite_pk = t.primary_key.as_ref().filter(|pk| pk.columns.len() > 1 || pk.name.is_some());
    let multi_uniques: Vec<_> = t.uniques.iter().filter(|u| u.columns.len() > 1 || u.name.is_some()).collect();
    if composite_pk.is_none() && multi_uniques.is_empty() && t.indexes.is_empty() {
        return;
    }
    out.push_str("\n  Indexes {\n");
    if let Some(pk) = composite_pk {
        let name = pk.name.as_deref().map(|n| format!(", name: {}", string(n))).unwrap_or_default();
        let _ = writeln!(out, "    ({}) [pk{name}]", cols(&pk.columns));
    }
    for u in multi_uniques {
        let mut s = vec!["unique".to_string()];
        if let Some(n) = &u.name {
            s.push(format!("name: {}", string(n)));
        }
        let _ = writeln!(out, "    ({}) [{}]", cols(&u.columns), s.join(", "));
    }
    for ix in &t.indexes {
        let parts: Vec<String> = ix
            .keys
            .iter()
            .map(|k| match &k.part {
                IndexPart::Column(c) => t.column(*c).map(|c| name(&c.name)).unwrap_or_default(),
                IndexPart::Expression(e) => expr(e),
            })
            .collect();
        let mut s = Vec::new();
        if ix.unique {
            s.push("unique".to_string());
        }
        if let Some(n) = &ix.name {
            s.push(format!("name: {}", string(n)));
        }
        if let Some(m) = ix.method.as_deref().filter(|m| matches!(*m, "btree" | "hash" | "gin" | "gist" | "brin")) {
            s.push(format!("type: {m}"));
        }
        let s = if s.is_empty() { String::new() } else { format!(" [{}]", s.join(", ")) };
        let _ = writeln!(out, "    ({}){s}", parts.join(", "));
    }
    out.push_str("  }\n");
}

/// `Ref name: table.cols > ref_table.cols [delete: …, update: …]` for foreign key `fk` of `t`
/// (`-` instead of `>` when its columns are unique: one-to-one).
fn write_ref(out: &mut String, t: &Table, fk: &ForeignKey, rt: &Table) {
    let cs: Vec<String> = fk.columns.iter().filter_map(|c| t.column(*c)).map(|c| name(&c.name)).collect();
    let rs: Vec<String> = fk.ref_columns.iter().filter_map(|c| rt.column(*c)).map(|c| name(&c.name)).collect();
    let group = |v: &[String]| match v {
        [one] => one.clone(),
        _ => format!("({})", v.join(", ")),
    };
    let rel = if t.is_unique_set(&fk.columns) { "-" } else { ">" };
    let label = fk.name.as_deref().map(|n| format!(" {}", name(n))).unwrap_or_default();
    let mut settings = Vec::new();
    if fk.on_delete != FkAction::NoAction {
        settings.push(format!("delete: {}", action(fk.on_delete)));
    }
    if fk.on_update != FkAction::NoAction {
        settings.push(format!("update: {}", action(fk.on_update)));
    }
    let s = if settings.is_empty() { String::new() } else { format!(" [{}]", settings.join(", ")) };
    let _ = writeln!(out, "Ref{label}: {}.{} {rel} {}.{}{s}", table_ref(t), group(&cs), table_ref(rt), group(&rs));
}

/// `TableGroup name [color] { tables…, Note }`.
fn write_group(out: &mut String, schema: &Schema, g: &Group) {
    let mut settings = Vec::new();
    if let Some(c) = g.color.as_deref().filter(|c| c.starts_with('#')) {
        settings.push(format!("color: {c}"));
    }
    let s = if settings.is_empty() { String::new() } else { format!(" [{}]", settings.join(", ")) };
    let _ = writeln!(out, "\nTableGroup {}{s} {{", name(&g.name));
    for t in g.tables.iter().filter_map(|id| schema.table(*id)) {
        let _ = writeln!(out, "  {}", table_ref(t));
    }
    if let Some(n) = &g.note {
        let _ = writeln!(out, "  Note: {}", string(n));
    }
    out.push_str("}\n");
}
