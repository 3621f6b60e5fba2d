//! A fresh import of the text, given the ids of the model it replaces: every table, column,
//! index, view, enum, sequence and domain that the old model had (by name) keeps its id, its
//! canvas position and its color, so undo steps, the selection, the diagram and the diff against
//! the baseline all still refer to the same objects. New objects get fresh ids above the old
//! model's `next_id`; ids are never reused.

use crate::schema::{ColumnId, IndexId, IndexPart, Schema, Table, TableId};
use std::collections::{HashMap, HashSet};

struct Ids {
    next: u32,
}

impl Ids {
    fn fresh(&mut self) -> u32 {
        let id = self.next;
        self.next += 1;
        id
    }
}

fn key(schema: &Option<String>, name: &str) -> String {
    match schema {
        Some(s) => format!("{}.{}", s.to_lowercase(), name.to_lowercase()),
        None => name.to_lowercase(),
    }
}

/// Whether `reconcile(old, x)` is `reconcile(&Schema::default(), x)` for every import `x`, notes
/// aside (what the page's model leaves out anyway: `model_of`): `old` has no object a name could
/// match and hands out ids from the start. The import worker reviews an import as the page's model
/// will be only for such a page (`tests/it/job.rs`).
pub fn starts_blank(old: &Schema) -> bool {
    old.tables.is_empty()
        && old.views.is_empty()
        && old.enums.is_empty()
        && old.sequences.is_empty()
        && old.domains.is_empty()
        && old.objects.is_empty()
        && old.next_id <= 1
}

/// `imported` with the ids (and canvas positions, colors, notes) of `old` where the names match.
/// A table whose name changed but whose columns did not (a rename typed in the text) keeps its
/// id too, and so does a column renamed in place (the only one that changed in its table).
pub fn reconcile(old: &Schema, mut imported: Schema) -> Schema {
    let mut ids = Ids { next: old.next_id.max(1) };
    // Tables: by qualified name, then unmatched ones by their column names.
    let old_by_key: HashMap<String, &Table> = old.tables.iter().rev().map(|t| (key(&t.schema, &t.name), t)).collect();
    let mut used: HashSet<TableId> = HashSet::new();
    let mut pairs: Vec<Option<&Table>> = imported
        .tables
        .iter()
        .map(|t| {
            let o = old_by_key.get(&key(&t.schema, &t.name)).copied().filter(|o| !used.contains(&o.id));
            if let Some(o) = o {
                used.insert(o.id);
            }
            o
        })
        .collect();
    let col_names = |t: &Table| -> Vec<String> { t.columns.iter().map(|c| c.name.to_lowercase()).collect() };
    // The old tables left, by their column names (in table order), built once: a paste of many
    // new tables compared each with every old table, lowercasing its names each time.
    let mut old_by_columns: HashMap<Vec<String>, Vec<&Table>> = HashMap::new();
    if pairs.iter().any(Option::is_none) {
        for o in old.tables.iter().filter(|o| !used.contains(&o.id)) {
            old_by_columns.entry(col_names(o)).or_default().push(o);
        }
    }
    for (t, pair) in imported.tables.iter().zip(pairs.iter_mut()) {
        if pair.is_some() {
            continue;
        }
        let cols = col_names(t);
        let candidates: Vec<&Table> = match old_by_columns.get(&cols) {
            Some(same) if !cols.is_empty() => same.iter().copied().filter(|o| !used.contains(&o.id)).collect(),
            _ => Vec::new(),
        };
        if let [only] = candidates.as_slice() {
            used.insert(only.id);
            *pair = Some(only);
        }
    }
    let mut table_map: HashMap<TableId, TableId> = HashMap::new();
    let mut column_map: HashMap<ColumnId, ColumnId> = HashMap::new();
    let mut index_map: HashMap<IndexId, IndexId> = HashMap::new();
    for (t, o) in imported.tables.iter_mut().zip(&pairs) {
        let new_id = match o {
            Some(o) => o.id,
            None => TableId(ids.fresh()),
        };
        table_map.insert(t.id, new_id);
        // Columns: by name; one renamed in place keeps its id.
        let mut taken: HashSet<ColumnId> = HashSet::new();
        let mut matched: Vec<Option<ColumnId>> = t
            .columns
            .iter()
            .map(|c| {
                let found = o.and_then(|o| o.columns.iter().find(|oc| oc.name.eq_ignore_ascii_case(&c.name) && !taken.contains(&oc.id)));
                found.map(|oc| {
                    taken.insert(oc.id);
                    oc.id
                })
            })
            .collect();
        if let Some(o) = o {
            let new_left: Vec<usize> = matched.iter().enumerate().filter(|(_, m)| m.is_none()).map(|(i, _)| i).collect();
            let old_left: Vec<(usize, ColumnId)> = o.columns.iter().enumerate().filter(|(_, c)| !taken.contains(&c.id)).map(|(i, c)| (i, c.id)).collect();
            if let ([n], [(k, old_id)]) = (new_left.as_slice(), old_left.as_slice())
                && *n == *k
                && let Some(m) = matched.get_mut(*n)
            {
                *m = Some(*old_id);
            }
        }
        for (c, m) in t.columns.iter_mut().zip(matched) {
            let id = m.unwrap_or_else(|| ColumnId(ids.fresh()));
            column_map.insert(c.id, id);
            c.id = id;
        }
        // Indexes: by name, else by their key text.
        let mut taken: HashSet<IndexId> = HashSet::new();
        for ix in &mut t.indexes {
            let found = o.and_then(|o| {
                o.indexes.iter().find(|oi| {
                    !taken.contains(&oi.id)
                        && match (&oi.name, &ix.name) {
                            (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                            (None, None) => oi.unique == ix.unique && oi.keys.len() == ix.keys.len(),
                            _ => false,
                        }
                })
            });
            let id = match found {
                Some(oi) => {
                    taken.insert(oi.id);
                    oi.id
                }
                None => IndexId(ids.fresh()),
            };
            index_map.insert(ix.id, id);
            ix.id = id;
        }
        t.id = new_id;
        if let Some(o) = o {
            t.position = o.position;
            t.color = o.color.clone();
        }
    }
    let m = IdMap { tables: table_map, columns: column_map };
    remap_table_refs(&mut imported.tables, &m);
    imported.tables.sort_by_key(|t| t.id);
    keep_old_order(old, &mut imported.tables);
    reconcile_named(old, &mut imported, &mut ids, &m);
    reconcile_objects(old, &mut imported.objects, &mut ids, &m);
    imported.notes = old.notes.clone();
    imported.next_id = ids.next;
    imported
}

/// The ids the imported tables and columns get (imported id → kept or fresh id).
struct IdMap {
    tables: HashMap<TableId, TableId>,
    columns: HashMap<ColumnId, ColumnId>,
}

impl IdMap {
    fn tab(&self, t: &mut TableId) {
        if let Some(n) = self.tables.get(t) {
            *t = *n;
        }
    }

    fn col(&self, c: &mut ColumnId) {
        if let Some(n) = self.columns.get(c) {
            *c = *n;
        }
    }
}

/// What tables refer to — parents, keys, foreign keys, indexes — follows the ids `m` gives.
fn remap_table_refs(tables: &mut [Table], m: &IdMap) {
    for t in tables.iter_mut() {
        if let Some(p) = &mut t.parent {
            m.tab(p);
        }
        if let Some(pk) = &mut t.primary_key {
            pk.columns.iter_mut().for_each(|c| m.col(c));
        }
        for u in &mut t.uniques {
            u.columns.iter_mut().for_each(|c| m.col(c));
        }
        for fk in &mut t.foreign_keys {
            fk.columns.iter_mut().for_each(|c| m.col(c));
            fk.ref_columns.iter_mut().for_each(|c| m.col(c));
            m.tab(&mut fk.ref_table);
        }
        for ix in &mut t.indexes {
            for k in &mut ix.keys {
                if let IndexPart::Column(c) = &mut k.part {
                    m.col(c);
                }
            }
            ix.include.iter_mut().for_each(|c| m.col(c));
        }
    }
}

/// Keys and indexes in the old model's order: undo steps address foreign keys by position.
fn keep_old_order(old: &Schema, tables: &mut [Table]) {
    for t in tables.iter_mut() {
        let Some(o) = old.table(t.id) else { continue };
        let rank_fk = |fk: &crate::schema::ForeignKey| o.foreign_keys.iter().position(|x| x == fk).unwrap_or(usize::MAX);
        t.foreign_keys.sort_by_key(|fk| rank_fk(fk));
        t.indexes.sort_by_key(|ix| o.indexes.iter().position(|x| x.id == ix.id).unwrap_or(usize::MAX));
        let rank_u = |u: &crate::schema::UniqueConstraint| o.uniques.iter().position(|x| x == u).unwrap_or(usize::MAX);
        t.uniques.sort_by_key(|u| rank_u(u));
        let rank_c = |c: &crate::schema::Check| o.checks.iter().position(|x| x == c).unwrap_or(usize::MAX);
        t.checks.sort_by_key(|c| rank_c(c));
    }
}

/// Views, enums, sequences and domains keep the ids (and a view its place) of their namesakes.
fn reconcile_named(old: &Schema, imported: &mut Schema, ids: &mut Ids, m: &IdMap) {
    for v in &mut imported.views {
        v.reads.iter_mut().for_each(|t| m.tab(t));
        match old.views.iter().find(|o| key(&o.schema, &o.name) == key(&v.schema, &v.name)) {
            Some(o) => {
                v.id = o.id;
                v.position = o.position;
            }
            None => v.id = crate::schema::ViewId(ids.fresh()),
        }
    }
    for e in &mut imported.enums {
        e.id = match old.enums.iter().find(|o| key(&o.schema, &o.name) == key(&e.schema, &e.name)) {
            Some(o) => o.id,
            None => crate::schema::EnumId(ids.fresh()),
        };
    }
    for s in &mut imported.sequences {
        s.id = match old.sequences.iter().find(|o| key(&o.schema, &o.name) == key(&s.schema, &s.name)) {
            Some(o) => o.id,
            None => crate::schema::SequenceId(ids.fresh()),
        };
        if let Some((t, c)) = &mut s.owned_by {
            m.tab(t);
            m.col(c);
        }
    }
    for d in &mut imported.domains {
        d.id = match old.domains.iter().find(|o| key(&o.schema, &o.name) == key(&d.schema, &d.name)) {
            Some(o) => o.id,
            None => crate::schema::DomainId(ids.fresh()),
        };
    }
}

/// Kept statements: the table each belongs to follows the table's id; the statement keeps its id
/// while its kind, name and table stay (its text may change).
fn reconcile_objects(old: &Schema, objects: &mut [crate::schema::Object], ids: &mut Ids, m: &IdMap) {
    let mut taken: HashSet<crate::schema::ObjectId> = HashSet::new();
    let mut new_ids = Vec::with_capacity(objects.len());
    for o in objects.iter_mut() {
        if let Some(t) = &mut o.table {
            m.tab(t);
        }
        let o: &crate::schema::Object = o;
        let same = |x: &&crate::schema::Object| {
            !taken.contains(&x.id) && x.kind == o.kind && x.table == o.table && key(&x.schema, &x.name) == key(&o.schema, &o.name)
        };
        let exact = old.objects.iter().filter(same).find(|x| x.sql == o.sql);
        let id = match exact.or_else(|| old.objects.iter().find(same)) {
            Some(x) => x.id,
            None => crate::schema::ObjectId(ids.fresh()),
        };
        new_ids.push(id);
        taken.insert(id);
    }
    for (o, id) in objects.iter_mut().zip(new_ids) {
        o.id = id;
    }
}
