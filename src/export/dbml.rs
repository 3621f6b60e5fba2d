//! DBML (dbdiagram.io) export: tables with column settings, indexes, notes, enums and `Ref`s.
//!
//! **Invariant:** every name is double-quoted and every note single-quoted with the DBML
//! escapes (`\"`, `\'`, `\\`), newlines as `\n`, so no name or comment can end its token.

use crate::schema::{FkAction, IndexPart, Schema, Table};
use std::fmt::Write;

fn name(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n").replace('\r', ""))
}

fn string(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'").replace('\n', "\\n").replace('\r', ""))
}

fn expr(s: &str) -> String {
    // Backtick expressions cannot hold a backtick; such defaults become strings.
    if s.contains('`') || s.contains('\n') { string(s) } else { format!("`{s}`") }
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

pub fn render(schema: &Schema) -> String {
    let mut out = String::new();
    for e in &schema.enums {
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
    for t in &schema.tables {
        let _ = writeln!(out, "Table {} {{", table_ref(t));
        let single_pk = t.primary_key.as_ref().filter(|pk| pk.columns.len() == 1).map(|pk| pk.columns[0]);
        for c in &t.columns {
            let mut settings = Vec::new();
            if single_pk == Some(c.id) {
                settings.push("pk".to_string());
            }
            if c.identity.is_some() {
                settings.push("increment".into());
            }
            if !c.nullable {
                settings.push("not null".into());
            }
            if t.uniques.iter().any(|u| u.columns == [c.id]) {
                settings.push("unique".into());
            }
            if let Some(d) = &c.default {
                settings.push(format!("default: {}", expr(d)));
            }
            if let Some(n) = &c.comment {
                settings.push(format!("note: {}", string(n)));
            }
            let ty = if c.data_type.raw.is_empty() { "any".to_string() } else { name(&c.data_type.raw) };
            let s = if settings.is_empty() { String::new() } else { format!(" [{}]", settings.join(", ")) };
            let _ = writeln!(out, "  {} {ty}{s}", name(&c.name));
        }
        let cols = |ids: &[crate::schema::ColumnId]| ids.iter().filter_map(|i| t.column(*i)).map(|c| name(&c.name)).collect::<Vec<_>>().join(", ");
        let composite_pk = t.primary_key.as_ref().filter(|pk| pk.columns.len() > 1);
        let multi_uniques: Vec<_> = t.uniques.iter().filter(|u| u.columns.len() > 1).collect();
        if composite_pk.is_some() || !multi_uniques.is_empty() || !t.indexes.is_empty() {
            out.push_str("\n  Indexes {\n");
            if let Some(pk) = composite_pk {
                let _ = writeln!(out, "    ({}) [pk]", cols(&pk.columns));
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
        if let Some(n) = &t.comment {
            let _ = writeln!(out, "\n  Note: {}", string(n));
        }
        out.push_str("}\n\n");
    }
    for (t, fk) in schema.foreign_keys() {
        let Some(rt) = schema.table(fk.ref_table) else { continue };
        let cs: Vec<String> = fk.columns.iter().filter_map(|c| t.column(*c)).map(|c| name(&c.name)).collect();
        let rs: Vec<String> = fk.ref_columns.iter().filter_map(|c| rt.column(*c)).map(|c| name(&c.name)).collect();
        let group = |v: &[String]| if v.len() == 1 { v[0].clone() } else { format!("({})", v.join(", ")) };
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
    out
}
