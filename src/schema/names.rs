//! The names an engine gives what DDL leaves unnamed, so that a migration can address it.
//!
//! PostgreSQL's rules (`makeObjectName`, `ChooseRelationName`, `ChooseConstraintName`,
//! `ChooseIndexName` and `ChooseIndexColumnNames` in its sources):
//! - `<table>_pkey`; a unique constraint `<table>_<columns>_key`; a foreign key
//!   `<table>_<columns>_fkey`; an index, unique or not, `<table>_<columns>_idx`, where an
//!   expression part is named after its function (`lower`), its column under a cast, or `expr`;
//! - a CHECK `<table>_<column>_check` when its expression reads exactly one column, else
//!   `<table>_check`;
//! - columns joined by `_`, stopping once the text reaches 64 bytes; the whole name truncated to
//!   63 bytes by shortening the longer of table and columns first (never inside a character);
//! - a name taken in the namespace gets a number on its label: `t_a_key1`, `t_check2`. Index
//!   names (and the indexes of keys) must be free among relations, constraint names among
//!   constraints. [`Names::postgres`] hands them out table by table in model order, the order
//!   the text created them in; serial and identity sequences (`<table>_<column>_seq`) take
//!   their names on the way.
//!
//! **Invariant:** a name given explicitly is kept as is; tests in `tests/it/export/migration.rs`
//! (`postgres_default_names`) compare these names with what PostgreSQL 15 gives, and the
//! pg-schema-diff cases (`tests/sql/pg-schema-diff.sh`) drop and re-add them on a real server.

use super::{Identity, Index, IndexPart, Schema, Table, TableId};
use std::collections::{HashMap, HashSet};

/// PostgreSQL's identifier limit: names are at most `NAMEDATALEN - 1` = 63 bytes.
pub const NAMEDATALEN: usize = 64;

/// One nameable item of a table, by its position in the table's list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Item {
    PrimaryKey,
    Unique(usize),
    Check(usize),
    ForeignKey(usize),
    Index(usize),
    /// The sequence of a serial or identity column (by column position).
    Sequence(usize),
}

/// The effective name of every constraint and index of a schema: the given one, or the one
/// the engine gives.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Names {
    by: HashMap<(TableId, Item), String>,
}

impl Names {
    pub fn get(&self, t: TableId, item: Item) -> Option<&str> {
        self.by.get(&(t, item)).map(String::as_str)
    }

    /// PostgreSQL's names for `s` (see the module docs).
    pub fn postgres(s: &Schema) -> Names {
        let space = |schema: &Option<String>| schema.as_deref().unwrap_or("public").to_lowercase();
        let given = |n: &Option<String>| n.as_deref().filter(|n| !n.is_empty()).map(str::to_lowercase);
        // Names taken before anything is chosen: every relation and constraint named in the text.
        let mut relations: HashSet<(String, String)> = HashSet::new();
        let mut constraints: HashSet<(String, String)> = HashSet::new();
        for t in &s.tables {
            let ns = space(&t.schema);
            relations.insert((ns.clone(), t.name.to_lowercase()));
            for n in t.indexes.iter().filter_map(|i| given(&i.name)) {
                relations.insert((ns.clone(), n));
            }
            let keys = t.primary_key.iter().map(|k| &k.name).chain(t.uniques.iter().map(|u| &u.name));
            for n in keys.filter_map(given) {
                relations.insert((ns.clone(), n.clone()));
                constraints.insert((ns.clone(), n));
            }
            let others = t.checks.iter().map(|c| &c.name).chain(t.foreign_keys.iter().map(|f| &f.name));
            for n in others.filter_map(given) {
                constraints.insert((ns.clone(), n));
            }
        }
        for v in &s.views {
            relations.insert((space(&v.schema), v.name.to_lowercase()));
        }
        for q in &s.sequences {
            relations.insert((space(&q.schema), q.name.to_lowercase()));
        }

        let mut by = HashMap::new();
        for t in &s.tables {
            let ns = space(&t.schema);
            let taken_rel = |relations: &HashSet<(String, String)>, constraints: &HashSet<(String, String)>, n: &str, constraint: bool| {
                let k = (ns.clone(), n.to_lowercase());
                relations.contains(&k) || (constraint && constraints.contains(&k))
            };
            // Sequences of serial and identity columns come with the table.
            for (i, c) in t.columns.iter().enumerate() {
                let owned = s.sequences.iter().any(|q| q.owned_by.is_some_and(|(ot, oc)| ot == t.id && oc == c.id));
                if matches!(c.identity, Some(Identity::Serial | Identity::Always | Identity::ByDefault)) && !owned {
                    let n = choose(&t.name, Some(&c.name), "seq", |n| taken_rel(&relations, &constraints, n, false));
                    relations.insert((ns.clone(), n.to_lowercase()));
                    by.insert((t.id, Item::Sequence(i)), n);
                }
            }
            for (i, ck) in t.checks.iter().enumerate() {
                let name = match ck.name.as_deref().filter(|n| !n.is_empty()) {
                    Some(n) => n.to_string(),
                    None => {
                        let col = check_column(t, &ck.expr);
                        choose(&t.name, col.as_deref(), "check", |n| constraints.contains(&(ns.clone(), n.to_lowercase())))
                    }
                };
                constraints.insert((ns.clone(), name.to_lowercase()));
                by.insert((t.id, Item::Check(i)), name);
            }
            let col_names = |ids: &[super::ColumnId]| -> Vec<String> { ids.iter().filter_map(|c| t.column(*c)).map(|c| c.name.clone()).collect() };
            let mut keys: Vec<(Item, &Option<String>, Option<String>, &str)> = Vec::new();
            if let Some(pk) = &t.primary_key {
                keys.push((Item::PrimaryKey, &pk.name, None, "pkey"));
            }
            for (i, u) in t.uniques.iter().enumerate() {
                keys.push((Item::Unique(i), &u.name, Some(addition(&col_names(&u.columns))), "key"));
            }
            for (item, explicit, cols, label) in keys {
                let name = match explicit.as_deref().filter(|n| !n.is_empty()) {
                    Some(n) => n.to_string(),
                    None => choose(&t.name, cols.as_deref(), label, |n| taken_rel(&relations, &constraints, n, true)),
                };
                relations.insert((ns.clone(), name.to_lowercase()));
                constraints.insert((ns.clone(), name.to_lowercase()));
                by.insert((t.id, item), name);
            }
            for (i, fk) in t.foreign_keys.iter().enumerate() {
                let name = match fk.name.as_deref().filter(|n| !n.is_empty()) {
                    Some(n) => n.to_string(),
                    None => {
                        let cols = addition(&col_names(&fk.columns));
                        choose(&t.name, Some(&cols), "fkey", |n| constraints.contains(&(ns.clone(), n.to_lowercase())))
                    }
                };
                constraints.insert((ns.clone(), name.to_lowercase()));
                by.insert((t.id, Item::ForeignKey(i)), name);
            }
            for (i, ix) in t.indexes.iter().enumerate() {
                let name = match ix.name.as_deref().filter(|n| !n.is_empty()) {
                    Some(n) => n.to_string(),
                    None => {
                        let cols = addition(&index_column_names(t, ix));
                        choose(&t.name, Some(&cols), "idx", |n| taken_rel(&relations, &constraints, n, false))
                    }
                };
                relations.insert((ns.clone(), name.to_lowercase()));
                by.insert((t.id, Item::Index(i)), name);
            }
        }
        Names { by }
    }
}

/// The name of an unnamed index of `t` without regard to other names (no number on a clash):
/// `<table>_<columns>_idx`, as PostgreSQL gives it.
pub fn index_base_name(t: &Table, ix: &Index) -> String {
    make_object_name(&t.name, Some(&addition(&index_column_names(t, ix))), "idx")
}

/// `makeObjectName`: `name1_name2_label`, at most 63 bytes, the longer of the two names
/// shortened first.
pub fn make_object_name(name1: &str, name2: Option<&str>, label: &str) -> String {
    // The engine truncates longer identifiers (a table's own name too) before it builds on them.
    let name1 = clip(name1, NAMEDATALEN - 1);
    let name2 = name2.map(|n| clip(n, NAMEDATALEN - 1));
    let mut overhead = label.len() + 1;
    if name2.is_some() {
        overhead += 1;
    }
    let avail = (NAMEDATALEN - 1).saturating_sub(overhead);
    let (mut n1, mut n2) = (name1.len(), name2.map_or(0, str::len));
    while n1 + n2 > avail {
        if n1 > n2 {
            n1 -= 1;
        } else {
            n2 -= 1;
        }
    }
    let mut out = String::from(clip(name1, n1));
    if let Some(n) = name2 {
        out.push('_');
        out.push_str(clip(n, n2));
    }
    out.push('_');
    out.push_str(label);
    out
}

/// The longest prefix of `s` of at most `bytes` bytes that ends on a character boundary.
fn clip(s: &str, bytes: usize) -> &str {
    let mut n = bytes.min(s.len());
    while !s.is_char_boundary(n) {
        n -= 1;
    }
    &s[..n]
}

/// The first free name: the label as is, then with 1, 2, … appended.
fn choose(name1: &str, name2: Option<&str>, label: &str, taken: impl Fn(&str) -> bool) -> String {
    let mut name = make_object_name(name1, name2, label);
    let mut pass = 0;
    while taken(&name) && pass < 10_000 {
        pass += 1;
        name = make_object_name(name1, name2, &format!("{label}{pass}"));
    }
    name
}

/// `ChooseIndexNameAddition`: names joined by `_`, stopping once 64 bytes are reached.
fn addition(names: &[String]) -> String {
    let mut out = String::new();
    for n in names {
        if !out.is_empty() {
            out.push('_');
        }
        out.push_str(clip(n, NAMEDATALEN - 1));
        if out.len() >= NAMEDATALEN {
            break;
        }
    }
    out
}

/// `ChooseIndexColumnNames`: each key's name (its column, or what its expression is called),
/// made distinct with a number.
pub fn index_column_names(t: &Table, ix: &Index) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(ix.keys.len() + ix.include.len());
    let parts = ix.keys.iter().map(|k| match &k.part {
        IndexPart::Column(c) => t.column(*c).map_or_else(|| "expr".to_string(), |c| c.name.clone()),
        IndexPart::Expression(e) => expression_name(e),
    });
    let included = ix.include.iter().map(|c| t.column(*c).map_or_else(|| "expr".to_string(), |c| c.name.clone()));
    for base in parts.chain(included) {
        let mut name = base.clone();
        let mut i = 1;
        while out.contains(&name) {
            let suffix = i.to_string();
            name = format!("{}{suffix}", clip(&base, NAMEDATALEN - 1 - suffix.len()));
            i += 1;
        }
        out.push(name);
    }
    out
}

/// `FigureIndexColname`: a function call is named after the function, a column (also under a
/// cast) after the column, `CASE` is `case`, anything else `expr`.
fn expression_name(e: &str) -> String {
    let mut s = e.trim();
    while let Some(inner) = s.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
        if !balanced(inner) {
            break;
        }
        s = inner.trim();
    }
    let Some((first, rest)) = word(s) else { return "expr".into() };
    let after = rest.trim_start();
    if first.eq_ignore_ascii_case("case") && !first.starts_with('"') {
        return "case".into();
    }
    // `schema.func(…)`: the last part names it.
    if after.starts_with('(') || after.starts_with('.') {
        let mut name = unquote(first);
        let mut tail = after;
        while let Some(r) = tail.strip_prefix('.') {
            let Some((n, t)) = word(r.trim_start()) else { break };
            name = unquote(n);
            tail = t.trim_start();
        }
        if tail.starts_with('(') || tail.is_empty() || tail.starts_with("::") {
            return name;
        }
        return "expr".into();
    }
    if after.is_empty() || after.starts_with("::") {
        return unquote(first);
    }
    "expr".into()
}

fn balanced(s: &str) -> bool {
    let mut depth = 0i32;
    for ch in s.chars() {
        match ch {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0
}

/// The first identifier of `s` (plain or double-quoted) and the text after it; empty when `s`
/// does not start with one.
fn word(s: &str) -> Option<(&str, &str)> {
    if let Some(rest) = s.strip_prefix('"') {
        let mut i = 0;
        let b = rest.as_bytes();
        while let Some(&c) = b.get(i) {
            if c == b'"' {
                if b.get(i + 1) == Some(&b'"') {
                    i += 2;
                    continue;
                }
                return Some((&s[..i + 2], &s[i + 2..]));
            }
            i += 1;
        }
        return None;
    }
    let end = s.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$')).unwrap_or(s.len());
    if end == 0 || s.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some((&s[..end], &s[end..]))
}

fn unquote(w: &str) -> String {
    match w.strip_prefix('"').and_then(|x| x.strip_suffix('"')) {
        Some(inner) => inner.replace("\"\"", "\""),
        None => w.to_lowercase(),
    }
}

/// The one column a CHECK expression reads, if it reads exactly one (what PostgreSQL names it
/// after): the table's column names among the expression's identifiers, outside strings, not
/// called as functions, not type names after `::`.
pub fn check_column(t: &Table, expr: &str) -> Option<String> {
    let mut found: Vec<String> = Vec::new();
    let b = expr.as_bytes();
    let mut i = 0;
    let mut after_cast = false;
    while let Some(&ch) = b.get(i) {
        if ch == b'\'' {
            i += 1;
            while let Some(&c) = b.get(i) {
                if c == b'\'' {
                    if b.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    break;
                }
                i += 1;
            }
            i += 1;
            after_cast = false;
            continue;
        }
        if ch == b':' && b.get(i + 1) == Some(&b':') {
            after_cast = true;
            i += 2;
            continue;
        }
        let ident_start = ch == b'"' || ch == b'_' || ch.is_ascii_alphabetic() || ch >= 0x80;
        let prev = i.checked_sub(1).and_then(|p| b.get(p)).copied();
        if ident_start && !prev.is_some_and(|p| p.is_ascii_alphanumeric() || p == b'_' || p == b'$') {
            let Some((w, rest)) = word(&expr[i..]) else {
                i += 1;
                continue;
            };
            let called = rest.trim_start().starts_with('(');
            let qualified_part = prev == Some(b'.');
            if !after_cast && !called && !qualified_part {
                let n = unquote(w);
                let quoted = w.starts_with('"');
                if let Some(c) = t.columns.iter().find(|c| if quoted { c.name == n } else { c.name.eq_ignore_ascii_case(&n) })
                    && !found.contains(&c.name)
                {
                    found.push(c.name.clone());
                }
            }
            after_cast = false;
            i += w.len();
            continue;
        }
        if !ch.is_ascii_whitespace() {
            after_cast = false;
        }
        i += 1;
    }
    if found.len() == 1 { found.pop() } else { None }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncates_the_longer_part_first() {
        let long = "a".repeat(70);
        let n = make_object_name(&long, Some("col"), "key");
        assert_eq!(n.len(), 63);
        assert!(n.ends_with("_col_key"), "{n}");
        let n = make_object_name("t", None, "pkey");
        assert_eq!(n, "t_pkey");
        // Never inside a character.
        let n = make_object_name(&"é".repeat(40), Some("c"), "check");
        assert!(n.len() <= 63 && n.ends_with("_c_check"), "{n}");
    }

    #[test]
    fn expression_names() {
        assert_eq!(expression_name("lower(email)"), "lower");
        assert_eq!(expression_name("(lower(email))"), "lower");
        assert_eq!(expression_name("public.f(a)"), "f");
        assert_eq!(expression_name("(a + b)"), "expr");
        assert_eq!(expression_name("a::text"), "a");
        assert_eq!(expression_name("CASE WHEN a THEN 1 END"), "case");
    }
}
