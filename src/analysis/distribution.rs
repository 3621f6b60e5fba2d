//! The distribution (shard) key advisor, Citus-style: which column to distribute the schema
//! by so that the most foreign-key joins stay on one node, which tables to replicate as
//! reference tables, and which keys and foreign keys that layout would break.
//!
//! **The layout for a column `c`.** A table that has a column named `c` is *distributed* by
//! it; so is the root entity (the table the `c` columns reference, or the table named for it:
//! `organizations` for `organization_id`), by the column they reference. A table without `c`
//! that a distributed table references is a *reference* table (replicated to every node), and
//! so is every table a reference table references; the rest are *local* (left on the
//! coordinator). A foreign key is *co-located* when its join runs on one node: distributed to
//! distributed (rows of one tenant share a node), anything distributed or reference to a
//! reference table.
//!
//! **The pick** is the candidate with the most co-located foreign keys (then the most
//! distributed tables, then a known tenant name). Candidates are the column names that appear
//! in at least two tables and are a referencing column of some foreign key or a known tenant
//! key — not a column that is most tables' whole primary key (`id` is in every table and
//! means something else in each).
//!
//! **What breaks** (Citus's rules): a primary key, unique constraint or unique index of a
//! distributed table must include its distribution column; a foreign key between distributed
//! tables must pair the two distribution columns; a reference or local table cannot reference
//! a distributed table.
//!
//! **Invariant:** every table reported `Distributed(c)` has the column `c`, and the pick
//! co-locates at least as many foreign keys as any other candidate
//! (`tests/it/scale.rs::distribution_*`, against a brute-force count; each candidate's rank is
//! what [`evaluate`] reports for it: `ranks_count_what_evaluate_counts`). One layout function
//! (`lay_out`, on table positions) serves the ranking of every candidate and the full evaluation.

use super::tenancy::key_name;
use super::walk::{singular, words};
use crate::schema::{ColumnId, ForeignKey, IndexId, Schema, Table, TableId, TableKind};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// What a table becomes in the layout.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Role {
    /// Sharded by this column (its name as the table spells it).
    Distributed(String),
    /// Replicated to every node.
    Reference,
    /// Left on the coordinator.
    Local,
}

/// A key or foreign key the layout breaks.
#[derive(Clone, Debug, PartialEq)]
pub struct Breaking {
    pub table: TableId,
    /// The constraint's columns in `table`.
    pub columns: Vec<ColumnId>,
    /// The unique index, when it is one.
    pub index: Option<IndexId>,
    /// `primary key (id)`, `unique (code)`, `foreign key (customer_id) → customers`.
    pub what: String,
    pub reason: String,
}

/// The advisor's proposal for one column.
#[derive(Clone, Debug, PartialEq)]
pub struct Distribution {
    /// The column name, lowercase (`organization_id`).
    pub column: String,
    /// Every table but partitions (they follow their parent), in schema order.
    pub roles: Vec<(TableId, Role)>,
    /// Foreign keys whose join stays on one node, of `edges` between the tables of `roles`.
    pub colocated: usize,
    pub edges: usize,
    pub breaking: Vec<Breaking>,
    /// 0..1: how sure the advisor is that this is the tenant (or root entity) column.
    pub confidence: f64,
    pub reason: String,
}

impl Distribution {
    pub fn role(&self, t: TableId) -> Option<&Role> {
        self.roles.iter().find(|(id, _)| *id == t).map(|(_, r)| r)
    }

    pub fn tables_with(&self, role: &dyn Fn(&Role) -> bool) -> Vec<TableId> {
        self.roles.iter().filter(|(_, r)| role(r)).map(|(t, _)| *t).collect()
    }

    pub fn distributed(&self) -> usize {
        self.roles.iter().filter(|(_, r)| matches!(r, Role::Distributed(_))).count()
    }
}

fn considered(schema: &Schema) -> Vec<&Table> {
    schema.tables.iter().filter(|t| t.kind != TableKind::Partition).collect()
}

/// The tables the advisor considers and what evaluating a candidate looks up in them, computed
/// once per schema rather than once per candidate (a thousand tables have a hundred candidates).
/// Built in one pass over the columns, lowercasing a name only when it has a capital.
struct Prepared<'a> {
    tables: Vec<&'a Table>,
    /// Each table's name as one singular stem (`organizations` → `organization`).
    stems: Vec<String>,
    /// Each table's position in `tables`.
    position: HashMap<TableId, usize>,
    /// Each table's foreign keys to tables in scope, as positions (one entry per foreign key).
    targets: Vec<Vec<usize>>,
    /// The tables that have a column of each ASCII-lowercased name, as positions in order, with
    /// the first such column of each.
    carriers: HashMap<Cow<'a, str>, Vec<(usize, ColumnId)>>,
    /// The candidate column names (lowercase), in name order (see [`candidates`]).
    candidates: Vec<String>,
}

/// `name.to_lowercase()`, borrowed when that changes nothing.
fn lowercase(name: &str) -> Cow<'_, str> {
    let unchanged = if name.is_ascii() {
        !name.bytes().any(|b| b.is_ascii_uppercase())
    } else {
        name.chars().all(|c| c.to_lowercase().eq(std::iter::once(c)))
    };
    if unchanged { Cow::Borrowed(name) } else { Cow::Owned(name.to_lowercase()) }
}

/// `name.to_ascii_lowercase()`, borrowed when that changes nothing.
fn ascii_lowercase(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) { Cow::Owned(name.to_ascii_lowercase()) } else { Cow::Borrowed(name) }
}

impl<'a> Prepared<'a> {
    fn new(schema: &'a Schema) -> Self {
        let tables = considered(schema);
        let mut carriers: HashMap<Cow<'a, str>, Vec<(usize, ColumnId)>> = HashMap::new();
        // Per lowercase name: the columns that have it, and of them the whole primary keys.
        let mut counts: HashMap<Cow<'a, str>, (usize, usize)> = HashMap::new();
        for (i, t) in tables.iter().enumerate() {
            let whole_pk = t.primary_key.as_ref().and_then(|pk| match pk.columns.as_slice() {
                [c] => Some(*c),
                _ => None,
            });
            for c in &t.columns {
                let lower = lowercase(&c.name);
                let ascii = if c.name.is_ascii() { lower.clone() } else { ascii_lowercase(&c.name) };
                let e = counts.entry(lower).or_default();
                e.0 += 1;
                e.1 += usize::from(whole_pk == Some(c.id));
                let tables_with = carriers.entry(ascii).or_default();
                if tables_with.last().is_none_or(|(last, _)| *last != i) {
                    tables_with.push((i, c.id));
                }
            }
        }
        let referencing: HashSet<Cow<str>> = tables
            .iter()
            .flat_map(|t| t.foreign_keys.iter().flat_map(|fk| fk.columns.iter().filter_map(|c| t.column(*c))))
            .map(|c| lowercase(&c.name))
            .collect();
        let mut candidates: Vec<String> = counts
            .into_iter()
            .filter(|(name, (n, pk))| *n >= 2 && pk * 2 < *n && (referencing.contains(name) || key_name(name).is_some()))
            .map(|(name, _)| name.into_owned())
            .collect();
        candidates.sort_unstable();
        let stems = tables.iter().map(|t| singular(&words(&t.name).join("_"))).collect();
        let position: HashMap<TableId, usize> = tables.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
        let targets = tables.iter().map(|t| t.foreign_keys.iter().filter_map(|fk| position.get(&fk.ref_table).copied()).collect()).collect();
        Prepared {
            tables,
            stems,
            position,
            targets,
            carriers,
            candidates,
        }
    }
}

/// The candidate column names (lowercase), in name order (see the module doc).
pub fn candidates(schema: &Schema) -> Vec<String> {
    Prepared::new(schema).candidates
}

fn fk_label(schema: &Schema, t: &Table, fk: &ForeignKey) -> String {
    let cols = super::walk::col_names(t, &fk.columns);
    let target = schema.table(fk.ref_table).map_or("?", |r| r.name.as_str());
    format!("foreign key ({cols}) → {target}")
}

/// The proposal for `column` (any name; see [`candidates`] for the ones worth asking about).
pub fn evaluate(schema: &Schema, column: &str) -> Distribution {
    evaluate_in(schema, &Prepared::new(schema), column)
}

fn evaluate_in(schema: &Schema, p: &Prepared, column: &str) -> Distribution {
    let column = column.to_lowercase();
    let mut s = Scratch::new(p.tables.len());
    lay_out(p, &mut s, &column);
    let colocated = colocated(p, &s);
    let edges = p.targets.iter().map(Vec::len).sum();
    let mut breaking = Vec::new();
    for (i, t) in p.tables.iter().enumerate() {
        let from = s.role(i);
        if let (DISTRIBUTED, Some(d)) = (from, s.column(i)) {
            breaking.extend(broken_keys(t, d, &column));
        }
        for (fk, r) in t.foreign_keys.iter().filter_map(|fk| Some((fk, *p.position.get(&fk.ref_table)?))) {
            let reason = match (from, s.role(r)) {
                (DISTRIBUTED, DISTRIBUTED) => {
                    let pair = s.column(i).zip(s.column(r));
                    let paired = pair.is_some_and(|(a, b)| fk.columns.iter().zip(&fk.ref_columns).any(|(c, r)| *c == a && *r == b));
                    (!paired).then(|| format!("a foreign key between distributed tables must include `{column}` on both sides"))
                }
                (REFERENCE, DISTRIBUTED) => Some("a reference table cannot reference a distributed table".to_string()),
                (LOCAL, DISTRIBUTED) => Some(format!("a local table cannot reference a distributed table: give it `{column}` and distribute it")),
                _ => None,
            };
            if let Some(reason) = reason {
                breaking.push(Breaking { table: t.id, columns: fk.columns.clone(), index: None, what: fk_label(schema, t, fk), reason });
            }
        }
    }
    let roles: Vec<(TableId, Role)> = p
        .tables
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let role = match (s.role(i), s.column(i).and_then(|c| t.column(c))) {
                (DISTRIBUTED, Some(c)) => Role::Distributed(c.name.clone()),
                (REFERENCE, _) => Role::Reference,
                _ => Role::Local,
            };
            (t.id, role)
        })
        .collect();
    // Every table the layout distributes, a root outside the tables considered included.
    let distributed = s.touched.iter().filter(|&&i| s.role(i) == DISTRIBUTED).count() + s.outside.len();
    let (confidence, reason) = confidence(&column, distributed, p.tables.len(), colocated, edges);
    Distribution { column, roles, colocated, edges, breaking, confidence, reason }
}

/// A distributed table's primary key, unique constraints and unique indexes without `d`.
fn broken_keys(t: &Table, d: ColumnId, column: &str) -> Vec<Breaking> {
    let reason = || format!("a unique key of a distributed table must include its distribution column `{column}`");
    let names = |cols: &[ColumnId]| super::walk::col_names(t, cols);
    let mut out = Vec::new();
    if let Some(pk) = t.primary_key.as_ref().filter(|pk| !pk.columns.contains(&d)) {
        out.push(Breaking { table: t.id, columns: pk.columns.clone(), index: None, what: format!("primary key ({})", names(&pk.columns)), reason: reason() });
    }
    for u in t.uniques.iter().filter(|u| !u.columns.contains(&d)) {
        out.push(Breaking { table: t.id, columns: u.columns.clone(), index: None, what: format!("unique ({})", names(&u.columns)), reason: reason() });
    }
    for ix in t.indexes.iter().filter(|ix| ix.unique && !ix.keys.iter().any(|k| k.part == crate::schema::IndexPart::Column(d))) {
        let cols: Vec<ColumnId> = ix.leading_columns().collect();
        let label = super::walk::index_label(t, ix);
        out.push(Breaking { table: t.id, columns: cols, index: Some(ix.id), what: format!("unique index {label}"), reason: reason() });
    }
    out
}

/// How sure the pick is: half how many tables it distributes, a third how many joins it keeps
/// local, the rest whether its name says "tenant".
fn confidence(column: &str, distributed: usize, tables: usize, colocated: usize, edges: usize) -> (f64, String) {
    let coverage = distributed as f64 / tables.max(1) as f64;
    let local = if edges == 0 { 0.0 } else { colocated as f64 / edges as f64 };
    let named = key_name(column).is_some();
    let value = (0.5 * coverage + 0.3 * local + if named { 0.2 } else { 0.0 }).clamp(0.0, 1.0);
    let reason = format!(
        "{distributed} of {tables} tables distributed by it, {colocated} of {edges} foreign keys co-located{}",
        if named { ", named as a tenant key" } else { "" }
    );
    ((value * 100.0).round() / 100.0, reason)
}

/// How a candidate ranks: co-located foreign keys, then distributed tables, then whether its
/// name says "tenant" — as [`evaluate`] would count them (`colocated`, `distributed()`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rank {
    pub colocated: usize,
    pub distributed: usize,
    pub named: bool,
}

/// Every candidate (in name order) with its rank. Each candidate's layout costs what it touches
/// (its distributed and reference tables), not the whole schema (5,000 tables and ninety
/// candidates: `benches/analysis.rs`).
pub fn ranks(schema: &Schema) -> Vec<(String, Rank)> {
    ranks_in(&Prepared::new(schema))
}

fn ranks_in(p: &Prepared) -> Vec<(String, Rank)> {
    let mut scratch = Scratch::new(p.tables.len());
    p.candidates
        .iter()
        .map(|c| {
            lay_out(p, &mut scratch, c);
            let rank = Rank { colocated: colocated(p, &scratch), distributed: distributed(p, &scratch), named: key_name(c).is_some() };
            scratch.clear();
            (c.clone(), rank)
        })
        .collect()
}

const LOCAL: u8 = 0;
const DISTRIBUTED: u8 = 1;
const REFERENCE: u8 = 2;

/// A candidate's layout, by table position; reused from one candidate to the next.
struct Scratch {
    /// Each table's role; all `LOCAL` between candidates.
    role: Vec<u8>,
    /// Each distributed table's distribution column.
    column: Vec<Option<ColumnId>>,
    /// The positions whose role is not `LOCAL`.
    touched: Vec<usize>,
    /// Root entities outside the tables considered (a partition, a table not in the schema),
    /// each once: they count as distributed tables in the confidence, as referenced.
    outside: Vec<TableId>,
}

impl Scratch {
    fn new(tables: usize) -> Self {
        Scratch { role: vec![LOCAL; tables], column: vec![None; tables], touched: Vec::new(), outside: Vec::new() }
    }

    fn role(&self, i: usize) -> u8 {
        self.role.get(i).copied().unwrap_or(LOCAL)
    }

    fn column(&self, i: usize) -> Option<ColumnId> {
        self.column.get(i).copied().flatten()
    }

    /// Gives a local table `role` (and a distributed one its column); false when it already had one.
    fn assign(&mut self, i: usize, role: u8, column: Option<ColumnId>) -> bool {
        match (self.role.get_mut(i), self.column.get_mut(i)) {
            (Some(r), Some(c)) if *r == LOCAL => {
                *r = role;
                *c = column;
                self.touched.push(i);
                true
            }
            _ => false,
        }
    }

    /// Every table local again.
    fn clear(&mut self) {
        for i in self.touched.drain(..) {
            if let (Some(r), Some(c)) = (self.role.get_mut(i), self.column.get_mut(i)) {
                *r = LOCAL;
                *c = None;
            }
        }
        self.outside.clear();
    }
}

/// The layout for `column` (see the module doc), into `s` (cleared): the tables that have the
/// column are distributed by it; so are the root entities — what those columns reference, or
/// when they reference nothing else, the table named for the column by its one-column primary
/// key — each by the first column it is reached with; the reference tables are reachable from a
/// distributed table through tables without the column.
fn lay_out(p: &Prepared, s: &mut Scratch, column: &str) {
    let key = column.to_ascii_lowercase();
    let carriers: &[(usize, ColumnId)] = p.carriers.get(key.as_str()).map_or(&[], Vec::as_slice);
    for &(i, c) in carriers {
        s.assign(i, DISTRIBUTED, Some(c));
    }
    let mut any_root = false;
    let mut rooted: Vec<(usize, ColumnId)> = Vec::new();
    for t in carriers.iter().filter_map(|(i, _)| p.tables.get(*i)) {
        for fk in &t.foreign_keys {
            for (c, rc) in fk.columns.iter().zip(&fk.ref_columns) {
                if t.column(*c).is_some_and(|c| c.name.eq_ignore_ascii_case(column)) {
                    let target = p.position.get(&fk.ref_table).copied();
                    if target.is_some_and(|r| s.role(r) == DISTRIBUTED) {
                        continue; // Has the column itself.
                    }
                    any_root = true;
                    match target {
                        Some(r) => rooted.push((r, *rc)),
                        None if !s.outside.contains(&fk.ref_table) => s.outside.push(fk.ref_table),
                        None => {}
                    }
                }
            }
        }
    }
    if !any_root {
        let stem = column.strip_suffix("_id").unwrap_or(column);
        let suffix = format!("_{stem}");
        for (i, (t, name)) in p.tables.iter().zip(&p.stems).enumerate() {
            if s.role(i) == LOCAL
                && let Some([pk]) = t.primary_key.as_ref().map(|pk| pk.columns.as_slice())
                && (name == stem || name.ends_with(&suffix))
            {
                rooted.push((i, *pk));
            }
        }
    }
    for (i, c) in rooted {
        s.assign(i, DISTRIBUTED, Some(c));
    }
    let mut queue: Vec<usize> = s.touched.clone();
    while let Some(i) = queue.pop() {
        for &r in p.targets.get(i).map_or(&[][..], Vec::as_slice) {
            if s.assign(r, REFERENCE, None) {
                queue.push(r);
            }
        }
    }
}

/// The layout's co-located foreign keys: distributed to distributed, or from a distributed or
/// reference table to a reference table (only those two kinds of table can start one).
fn colocated(p: &Prepared, s: &Scratch) -> usize {
    s.touched
        .iter()
        .map(|&i| {
            let from = s.role(i);
            let targets = p.targets.get(i).map_or(&[][..], Vec::as_slice);
            targets.iter().filter(|&&r| s.role(r) == REFERENCE || (from == DISTRIBUTED && s.role(r) == DISTRIBUTED)).count()
        })
        .sum()
}

/// The tables the layout distributes that have their distribution column (as
/// [`Distribution::distributed`] counts them).
fn distributed(p: &Prepared, s: &Scratch) -> usize {
    s.touched.iter().filter(|&&i| s.role(i) == DISTRIBUTED && s.column(i).zip(p.tables.get(i)).is_some_and(|(c, t)| t.column(c).is_some())).count()
}

/// The best proposal (see the module doc), or `None` when no column qualifies. Candidates are
/// ranked by their counts alone ([`ranks`]); only the winner is [`evaluate`]d in full (its broken
/// keys and their labels).
pub fn propose(schema: &Schema) -> Option<Distribution> {
    let p = Prepared::new(schema);
    let best = ranks_in(&p)
        .into_iter()
        // On a full tie the first name in order wins.
        .max_by(|(a, ra), (b, rb)| ra.cmp(rb).then_with(|| b.cmp(a)))?;
    Some(evaluate_in(schema, &p, &best.0))
}

#[cfg(test)]
mod tests {
    use super::{Role, propose};
    use crate::analysis::testkit::schema;
    use crate::schema::Dialect;

    #[test]
    fn picks_the_tenant_and_replicates_the_lookup_tables() {
        let s = schema(
            Dialect::Postgres,
            "table orgs\nid int | pk\n\
             table countries\nid int | pk\n\
             table customers\nid int\norg_id int | fk orgs.id\ncountry_id int | fk countries.id\npk org_id id\n\
             table invoices\nid int\norg_id int | fk orgs.id\ncustomer_id int\npk org_id id\nfk org_id customer_id -> customers org_id id\n\
             table audit\nid int | pk\ninvoice_id int | fk invoices.id",
        );
        let d = propose(&s).expect("a proposal");
        assert_eq!(d.column, "org_id");
        let role = |n: &str| s.find_table(None, n).and_then(|t| d.role(t.id)).cloned();
        assert_eq!(role("orgs"), Some(Role::Distributed("id".into())));
        assert_eq!(role("customers"), Some(Role::Distributed("org_id".into())));
        assert_eq!(role("countries"), Some(Role::Reference));
        assert_eq!(role("audit"), Some(Role::Local));
        // orgs←customers, orgs←invoices, invoices→customers (paired), customers→countries.
        assert_eq!((d.colocated, d.edges), (4, 5));
        let breaking: Vec<&str> = d.breaking.iter().map(|b| b.reason.as_str()).collect();
        assert_eq!(breaking, ["a local table cannot reference a distributed table: give it `org_id` and distribute it"]);
    }
}
