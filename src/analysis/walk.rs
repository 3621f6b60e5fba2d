//! Small read-only helpers the rules share: column names, index prefixes, fix builders.

use super::{Finding, RuleInfo};
use crate::edit::Edit;
use crate::schema::{Column, ColumnId, DataType, Index, IndexId, IndexPart, Schema, Table};
use std::cell::Cell;

/// Hands out ids for fixes from `schema.next_id` upwards, distinct across one `check` run.
pub struct IdSource {
    next: Cell<u32>,
}

impl IdSource {
    pub fn new(schema: &Schema) -> Self {
        IdSource { next: Cell::new(schema.next_id) }
    }

    /// A source that hands out `next` first (a review run in steps goes on where it was).
    pub fn starting_at(next: u32) -> Self {
        IdSource { next: Cell::new(next) }
    }

    /// The id `fresh` would hand out next.
    pub fn peek(&self) -> u32 {
        self.next.get()
    }

    pub fn fresh(&self) -> u32 {
        let id = self.next.get();
        self.next.set(id + 1);
        id
    }
}

/// A finding about a table with the rule's id and severity filled in.
pub fn finding(info: &RuleInfo, table: &Table, message: String, help: impl Into<String>) -> Finding {
    Finding {
        rule: info.id,
        severity: info.severity,
        table: Some(table.id),
        columns: Vec::new(),
        index: None,
        message,
        help: help.into(),
        fix: None,
    }
}

pub fn col_name(t: &Table, id: ColumnId) -> &str {
    t.column(id).map_or("?", |c| c.name.as_str())
}

pub fn col_names(t: &Table, ids: &[ColumnId]) -> String {
    ids.iter().map(|c| col_name(t, *c)).collect::<Vec<_>>().join(", ")
}

/// The index's name or a description of its columns.
pub fn index_label(t: &Table, ix: &Index) -> String {
    match &ix.name {
        Some(n) => n.clone(),
        None => format!("({})", key_text(t, ix)),
    }
}

pub fn key_text(t: &Table, ix: &Index) -> String {
    ix.keys
        .iter()
        .map(|k| match &k.part {
            IndexPart::Column(c) => col_name(t, *c).to_string(),
            IndexPart::Expression(e) => e.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The ordered column lists that can serve lookups on `t`: the primary key, unique
/// constraints and every index without a predicate (leading plain columns only).
pub fn access_paths(t: &Table) -> Vec<Vec<ColumnId>> {
    let mut paths = Vec::new();
    if let Some(pk) = &t.primary_key {
        paths.push(pk.columns.clone());
    }
    for u in &t.uniques {
        paths.push(u.columns.clone());
    }
    for ix in &t.indexes {
        if ix.predicate.is_none() && !is_non_btree(ix) {
            paths.push(ix.leading_columns().collect());
        }
    }
    paths
}

/// Hash, GIN, full-text and similar indexes cannot serve a leftmost-prefix lookup.
pub fn is_non_btree(ix: &Index) -> bool {
    ix.method.as_deref().is_some_and(|m| !matches!(m, "btree" | "b-tree"))
}

/// True when some access path starts with exactly the columns `cols` (in any order).
pub fn has_prefix_path(t: &Table, cols: &[ColumnId]) -> bool {
    access_paths(t).iter().any(|p| p.get(..cols.len()).is_some_and(|prefix| cols.iter().all(|c| prefix.contains(c))))
}

/// A b-tree index on `cols` with a conventional name, as a `PutIndex` edit.
pub fn add_index_edit(ids: &IdSource, t: &Table, cols: &[ColumnId], unique: bool) -> Edit {
    let name = format!(
        "{}_{}_{}",
        t.name,
        cols.iter().map(|c| col_name(t, *c)).collect::<Vec<_>>().join("_"),
        if unique { "key" } else { "idx" }
    );
    Edit::PutIndex {
        table: t.id,
        index: Index::on_columns(IndexId(ids.fresh()), Some(name), unique, cols),
    }
}

pub fn set_type_edit(c: &Column, raw: &str) -> Edit {
    Edit::SetColumnType { column: c.id, data_type: DataType::parse(raw) }
}

/// The name in lowercase, allocating only when it has uppercase letters.
pub fn lower(name: &str) -> std::borrow::Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(name.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(name)
    }
}

/// Lowercase words of an identifier: `customerEmail` and `customer_email` → [customer, email].
pub fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for ch in name.chars() {
        if ch == '_' || ch == '-' || ch == ' ' || ch == '.' {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if ch.is_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = ch.is_lowercase() || ch.is_ascii_digit();
        cur.extend(ch.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Crude English singular: `categories` → `category`, `addresses` → `address`, `orders` → `order`.
pub fn singular(word: &str) -> String {
    let w = word.to_ascii_lowercase();
    if let Some(stem) = w.strip_suffix("ies") {
        return format!("{stem}y");
    }
    for suffix in ["sses", "shes", "ches", "xes", "zes"] {
        if w.ends_with(suffix) {
            return w[..w.len() - 2].to_string();
        }
    }
    if w.ends_with("ss") || w.ends_with("us") || w.ends_with("is") {
        return w;
    }
    w.strip_suffix('s').map(str::to_string).unwrap_or(w)
}

/// True for names ending in a plural noun (`orders`, `order_items`); `status`, `address` are not.
pub fn is_plural(name: &str) -> bool {
    let last = words(name).pop().unwrap_or_default();
    singular(&last) != last
}
