//! Tables: created and dropped whole, or, for a pair, renamed and compared column by column,
//! constraint by constraint and index by index.

use super::{Change, Constraint, ConstraintKind, Differ, Pair, Proposal, Rename, col_names, columns_evidence, key, named_index, index_name, pair};
use crate::schema::names::{Item, Names};
use crate::schema::{Column, ColumnId, Identity, Index, IndexPart, QName, RowSecurity, Schema, Table, TableId, TableKind};
use std::collections::{HashMap, HashSet};

/// Whether PostgreSQL must create the table anew to go from `a` to `b`: partitioned or not,
/// or partitioned by something else (no ALTER changes either).
fn needs_recreate(a: &Table, b: &Table) -> bool {
    let partitioned = |t: &Table| t.kind == TableKind::Partitioned;
    let by = |t: &Table| t.partition_by().map(|x| x.split_whitespace().collect::<String>().to_lowercase());
    partitioned(a) != partitioned(b) || (partitioned(a) && by(a) != by(b))
}

/// What `recreated` returns: the pairs still altered in place, the dropped and added tables
/// (recreated ones included) and the ids of the tables recreated.
type Recreated<'a> = (Vec<Pair<&'a Table>>, Vec<&'a Table>, Vec<&'a Table>, HashSet<TableId>);

/// Moves the table pairs that must be recreated to the dropped and added tables: those
/// [`needs_recreate`] says, and the partitions of a recreated table that stay partitions (they
/// go with their parent). Added tables are ordered parents first.
pub(super) fn recreated<'a>(
    pairs: Vec<Pair<&'a Table>>,
    mut dropped: Vec<&'a Table>,
    mut added: Vec<&'a Table>,
) -> Recreated<'a> {
    let mut gone: HashSet<TableId> = pairs.iter().filter(|p| needs_recreate(p.previous, p.next)).map(|p| p.previous.id).collect();
    gone.extend(dropped.iter().map(|t| t.id));
    loop {
        let more: Vec<TableId> = pairs
            .iter()
            .filter(|p| !gone.contains(&p.previous.id))
            .filter(|p| p.previous.kind == TableKind::Partition && p.next.kind == TableKind::Partition)
            .filter(|p| p.previous.parent.is_some_and(|x| gone.contains(&x)))
            .map(|p| p.previous.id)
            .collect();
        if more.is_empty() {
            break;
        }
        gone.extend(more);
    }
    let (keep, redo): (Vec<_>, Vec<_>) = pairs.into_iter().partition(|p| !gone.contains(&p.previous.id));
    let mut recreated: HashSet<TableId> = redo.iter().map(|p| p.previous.id).collect();
    // A dropped parent of a recreated partition goes early too (it takes the old one along).
    let parents: Vec<TableId> = redo.iter().filter_map(|p| p.previous.parent.filter(|_| p.previous.kind == TableKind::Partition)).collect();
    recreated.extend(parents);
    for p in redo {
        dropped.push(p.previous);
        added.push(p.next);
    }
    dropped.sort_by_key(|t| t.id);
    added.sort_by_key(|t| t.id);
    // Parents before their partitions (a partition may come first in the text and be attached).
    let ids: HashSet<TableId> = added.iter().map(|t| t.id).collect();
    let mut ordered: Vec<&Table> = Vec::with_capacity(added.len());
    let mut placed: HashSet<TableId> = HashSet::new();
    while ordered.len() < added.len() {
        let before = ordered.len();
        for t in &added {
            let waits = t.parent.is_some_and(|p| ids.contains(&p) && !placed.contains(&p) && p != t.id);
            if !placed.contains(&t.id) && !waits {
                placed.insert(t.id);
                ordered.push(t);
            }
        }
        if ordered.len() == before {
            ordered.extend(added.iter().filter(|t| !placed.contains(&t.id)));
            break;
        }
    }
    (keep, dropped, ordered, recreated)
}

impl Differ<'_> {
    /// The parent of partition `t` of the previous (`next == false`) or next schema, by name.
    fn parent_name(&self, t: &Table, next: bool) -> Option<QName> {
        let s = if next { self.next } else { self.prev };
        t.parent.filter(|_| t.kind == TableKind::Partition).and_then(|p| s.table(p)).map(QName::of)
    }

    /// Whether a paired partition stays attached where it was: the same (paired) parent, the
    /// same bound. Its columns then follow the parent's changes.
    fn stays_attached(&self, a: &Table, b: &Table) -> bool {
        match (self.parent_name(a, false), self.parent_name(b, true)) {
            (Some(pa), Some(pb)) => {
                self.table_rename.get(&pa).is_some_and(|n| key(&n.schema, &n.name) == key(&pb.schema, &pb.name))
                    && !self.dropped_names.contains(&pa)
                    && a.text.bound == b.text.bound
            }
            _ => false,
        }
    }

    /// Tables whose primary key changes: foreign keys to them are dropped and re-added around it.
    pub(super) fn key_changes(&mut self, tpairs: &[Pair<&Table>]) {
        for p in tpairs {
            let lower = |t: &Table| t.primary_key.as_ref().map(|k| col_names(t, &k.columns).iter().map(|x| x.to_lowercase()).collect::<Vec<_>>());
            let renamed_cols = self.by_id && p.previous.primary_key.as_ref().map(|k| &k.columns) == p.next.primary_key.as_ref().map(|k| &k.columns);
            if lower(p.previous) != lower(p.next) && !renamed_cols {
                self.pk_changed.insert(p.previous.id);
            }
        }
        self.pk_changed_names = self.prev.tables.iter().filter(|t| self.pk_changed.contains(&t.id)).map(QName::of).collect();
    }

    pub(super) fn added_table(&mut self, t: &Table) {
        let ph = &mut self.phases;
        ph.creates.push(Change::CreateTable(t.id));
        for c in constraints(self.next, &self.next_names, t) {
            if matches!(c.kind, ConstraintKind::ForeignKey { .. }) {
                ph.add_fks.push(Change::AddConstraint { table: QName::of(t), constraint: c });
            }
        }
        for ix in &t.indexes {
            ph.create_indexes.push(Change::CreateIndex { table: t.id, index: named_index(&self.next_names, t, ix) });
        }
        if t.row_security != RowSecurity::default() || t.replica_identity.is_some() {
            ph.table_properties.push(Change::TableProperties { table: t.id, previous: None });
        }
        if t.comment.is_some() {
            ph.comments.push(Change::TableComment { table: QName::of(t), comment: t.comment.clone() });
        }
        for c in &t.columns {
            if c.comment.is_some() {
                ph.comments.push(Change::ColumnComment { table: QName::of(t), column: c.name.clone(), comment: c.comment.clone() });
            }
        }
    }

    pub(super) fn dropped_table(&mut self, t: &Table) {
        for c in constraints(self.prev, &self.prev_names, t) {
            if matches!(c.kind, ConstraintKind::ForeignKey { .. }) {
                self.phases.drop_fks.push(Change::DropConstraint { table: QName::of(t), constraint: c });
            }
        }
        // A partition goes with its dropped parent.
        if !(t.kind == TableKind::Partition && t.parent.is_some_and(|p| self.dropped_ids.contains(&p))) {
            let phase = if self.recreated.contains(&t.id) { &mut self.phases.drop_recreated } else { &mut self.phases.drop_tables };
            phase.push(Change::DropTable(t.id));
        }
    }

    /// A pair with nothing to compare (most of them, after an edit session): the same
    /// definition, and every foreign key still points at the same, unchanged-key, surviving table.
    fn untouched(&self, a: &Table, b: &Table) -> bool {
        let (prev, next) = (self.prev, self.next);
        a.schema == b.schema && a.name == b.name && a.kind == b.kind
            && a.parent.map(|p| prev.table(p).map(QName::of)) == b.parent.map(|p| next.table(p).map(QName::of))
            && (&a.text, &a.row_security, &a.replica_identity, a.temporary) == (&b.text, &b.row_security, &b.replica_identity, b.temporary)
            && a.columns.len() == b.columns.len() && a.columns.iter().zip(&b.columns).all(|(x, y)| same_column(x, y))
            && a.indexes.len() == b.indexes.len() && a.indexes.iter().zip(&b.indexes).all(|(x, y)| same_index(x, y))
            && a.primary_key == b.primary_key && a.uniques == b.uniques
            && a.foreign_keys == b.foreign_keys && a.checks == b.checks && a.comment == b.comment
            && a.foreign_keys.iter().all(|fk| {
                !self.pk_changed.contains(&fk.ref_table) && !self.dropped_ids.contains(&fk.ref_table)
                    && match (prev.table(fk.ref_table), next.table(fk.ref_table)) {
                        (Some(x), Some(y)) => x.schema == y.schema && x.name == y.name && col_names(x, &fk.ref_columns) == col_names(y, &fk.ref_columns),
                        _ => false,
                    }
            })
    }

    pub(super) fn table_pair(&mut self, a: &Table, b: &Table) {
        if self.untouched(a, b) {
            return;
        }
        let (qa, qb) = (QName::of(a), QName::of(b));
        // `public.t` and `t` are the same table; only a real name or namespace change renames.
        if qa.name != qb.name || key(&qa.schema, "") != key(&qb.schema, "") {
            self.phases.renames.push(Change::RenameTable { from: qa.clone(), to: qb.clone() });
        }
        let attached = self.stays_attached(a, b);
        if !attached {
            if let Some(parent) = self.parent_name(a, false) {
                self.phases.drop_other.push(Change::DetachPartition { table: qa.clone(), parent });
            }
            if b.kind == TableKind::Partition && b.parent.is_some() {
                self.phases.table_properties.push(Change::AttachPartition(b.id));
            }
        }
        if (a.row_security, &a.replica_identity) != (b.row_security, &b.replica_identity) {
            self.phases.table_properties.push(Change::TableProperties { table: b.id, previous: Some(a.id) });
        }
        let (rename, col_ids) = self.columns(a, b, attached);
        if a.comment != b.comment {
            self.phases.comments.push(Change::TableComment { table: qb.clone(), comment: b.comment.clone() });
        }
        self.constraints(a, b, &rename);
        self.indexes(a, b, &rename, col_ids);
    }

    /// Pairs the columns of a table pair and adds their changes; returns the previous → next
    /// column names (lowercase) and whether column ids paired them.
    ///
    /// `inherited`: the table is a partition that stays attached, so its columns follow the
    /// parent's (PostgreSQL refuses to add, drop, rename or retype a partition's column); only
    /// NOT NULL and comments are its own.
    fn columns(&mut self, a: &Table, b: &Table, inherited: bool) -> (HashMap<String, String>, bool) {
        let (qa, qb) = (QName::of(a), QName::of(b));
        // Column ids count only when this table pair shows shared ids (or nothing kept its name).
        let named: Vec<&Column> = a.columns.iter().filter(|c| b.column_by_name(&c.name).is_some()).collect();
        let same_ids = named.iter().filter(|c| b.column_by_name(&c.name).is_some_and(|d| d.id == c.id)).count();
        let col_ids = self.by_id
            && (if named.is_empty() { columns_evidence(a, b) || a.columns.iter().any(|c| b.column(c.id).is_some()) } else { same_ids * 2 >= named.len() });
        let no_force = HashMap::new();
        let forced = self.forced_columns.get(&key(&a.schema, &a.name)).unwrap_or(&no_force);
        let (mut cpairs, cdropped, cadded) = pair(&a.columns, &b.columns, |c| c.id, |c| c.name.to_lowercase(), |_, _| col_ids, forced);
        let position: HashMap<ColumnId, usize> = a.columns.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
        cpairs.sort_by_key(|p| position.get(&p.previous.id).copied().unwrap_or(usize::MAX));
        let mut rename: HashMap<String, String> = HashMap::new();
        if inherited {
            for cp in &cpairs {
                rename.insert(cp.previous.name.to_lowercase(), cp.next.name.to_lowercase());
                self.column_pair(a, b, cp.previous, cp.next, true);
            }
            return (rename, col_ids);
        }
        for cp in &cpairs {
            rename.insert(cp.previous.name.to_lowercase(), cp.next.name.to_lowercase());
            if cp.previous.name != cp.next.name {
                self.phases.renames.push(Change::RenameColumn { table: qb.clone(), from: cp.previous.name.clone(), to: cp.next.name.clone() });
            }
        }
        for c in &cadded {
            self.phases.columns.push(Change::AddColumn { table: b.id, column: c.id });
            if c.comment.is_some() {
                self.phases.comments.push(Change::ColumnComment { table: qb.clone(), column: c.name.clone(), comment: c.comment.clone() });
            }
        }
        for c in &cdropped {
            self.phases.drop_columns.push(Change::DropColumn { table: a.id, column: c.id });
            self.reshaped.insert(a.id);
        }
        if !self.by_id {
            for c in &cdropped {
                if let Some(n) = cadded.iter().find(|n| n.data_type.normalized == c.data_type.normalized) {
                    self.proposals.push(Proposal {
                        rename: Rename::Column { table: qa.clone(), from: c.name.clone(), to: n.name.clone() },
                        message: format!("{}: column {} may have been renamed to {} (same type); this plan drops and adds it", b.qualified_name(), c.name, n.name),
                    });
                }
            }
        }
        for cp in &cpairs {
            self.column_pair(a, b, cp.previous, cp.next, false);
        }
        (rename, col_ids)
    }

    /// The changes of one paired column (`a`, `t`: the previous and next table; `inherited`: a partition's
    /// column, whose type, default and identity follow the parent).
    fn column_pair(&mut self, a: &Table, t: &Table, x: &Column, y: &Column, inherited: bool) {
        let (tid, c) = (t.id, y.id);
        if inherited {
            if x.nullable != y.nullable {
                let ch = if y.nullable { Change::DropNotNull { table: tid, column: c } } else { Change::SetNotNull { table: tid, column: c } };
                self.phases.columns.push(ch);
            }
            if x.comment != y.comment {
                self.phases.comments.push(Change::ColumnComment { table: QName::of(t), column: y.name.clone(), comment: y.comment.clone() });
            }
            return;
        }
        let serial = |c: &Column| c.identity == Some(Identity::Serial);
        let ident = |c: &Column| c.identity.is_some() && !serial(c);
        // Same dialect: the type as the engine keeps it decides (`int` is `integer`, a serial an
        // integer with a default); across dialects, what the type holds.
        let type_changed = if self.prev.dialect == self.next.dialect {
            canonical_type(&x.data_type.normalized) != canonical_type(&y.data_type.normalized)
        } else {
            x.data_type.kind != y.data_type.kind
        };
        let collation_changed = self.prev.dialect == self.next.dialect
            && x.collation.as_deref().map(str::to_lowercase) != y.collation.as_deref().map(str::to_lowercase);
        let becomes_serial = !serial(x) && serial(y);
        let new_sequence = if becomes_serial { self.next_sequence_name(t, y) } else { None };
        let serial_sequence = (serial(x) && !serial(y)).then(|| self.sequence_name(a, x)).flatten();
        if type_changed || collation_changed {
            self.reshaped.insert(a.id);
        }
        let out = &mut self.phases.columns;
        if ident(x) && !ident(y) {
            out.push(Change::DropIdentity { table: QName::of(t), column: y.name.clone() });
        }
        if let Some(sequence) = serial_sequence {
            out.push(Change::DropSerial { table: QName::of(t), column: y.name.clone(), sequence });
        }
        // A default is an expression of the column's type: it is dropped before a type change
        // (the engine cannot always cast it, and it may hold on to an old type) and set again
        // after it. A column that becomes serial gets the default of its sequence.
        let default_around_type = (type_changed || becomes_serial) && x.default.is_some();
        if default_around_type {
            out.push(Change::DropDefault { table: tid, column: c });
        }
        if type_changed || collation_changed {
            out.push(Change::AlterType { table: tid, column: c, previous: x.data_type.raw.clone(), collation: collation_changed });
        }
        if default_around_type || becomes_serial {
            if y.default.is_some() {
                out.push(Change::SetDefault { table: tid, column: c });
            }
        } else if x.default != y.default {
            out.push(if y.default.is_some() { Change::SetDefault { table: tid, column: c } } else { Change::DropDefault { table: tid, column: c } });
        }
        if x.nullable && !y.nullable {
            out.push(Change::SetNotNull { table: tid, column: c });
        }
        if !x.nullable && y.nullable {
            out.push(Change::DropNotNull { table: tid, column: c });
        }
        if !ident(x) && ident(y) {
            out.push(Change::AddIdentity { table: tid, column: c });
        } else if let (Some(kx), Some(ky)) = (x.identity.clone().filter(|_| ident(x)), y.identity.as_ref().filter(|_| ident(y))) {
            let bits = match y.data_type.kind {
                crate::schema::TypeKind::Integer { bits, .. } => bits,
                _ => 64,
            };
            if kx != *ky || x.identity_options.effective(bits) != y.identity_options.effective(bits) {
                out.push(Change::AlterIdentity { table: tid, column: c, previous: kx, options: x.identity_options.clone() });
            }
        }
        if let Some(sequence) = new_sequence {
            out.push(Change::AddSerial { table: tid, column: c, sequence });
        }
        if x.comment != y.comment {
            self.phases.comments.push(Change::ColumnComment { table: QName::of(t), column: y.name.clone(), comment: y.comment.clone() });
        }
    }

    /// The implicit sequence of serial column `c` of previous table `t`, as PostgreSQL named it.
    fn sequence_name(&self, t: &Table, c: &Column) -> Option<QName> {
        let i = t.columns.iter().position(|x| x.id == c.id)?;
        let name = self.prev_names.get(t.id, Item::Sequence(i))?;
        Some(QName { schema: t.schema.clone(), name: name.to_string() })
    }

    /// The same for column `c` of next table `t`.
    fn next_sequence_name(&self, t: &Table, c: &Column) -> Option<QName> {
        let i = t.columns.iter().position(|x| x.id == c.id)?;
        let name = self.next_names.get(t.id, Item::Sequence(i))?;
        Some(QName { schema: t.schema.clone(), name: name.to_string() })
    }

    /// Constraints of a table pair, paired by key; a changed definition is a drop and an add.
    fn constraints(&mut self, a: &Table, b: &Table, rename: &HashMap<String, String>) {
        let (qa, qb) = (QName::of(a), QName::of(b));
        let ca = constraints(self.prev, &self.prev_names, a);
        let cb = constraints(self.next, &self.next_names, b);
        let mut kb: HashMap<String, &Constraint> = cb.iter().map(|c| (constraint_key(c, &HashMap::new(), &HashMap::new()), c)).collect();
        for c in &ca {
            let k = constraint_key(c, rename, &self.table_rename);
            let (to_changed_pk, target_dropped) = match &c.kind {
                ConstraintKind::ForeignKey { ref_table, .. } => (self.pk_changed_names.contains(ref_table), self.dropped_names.contains(ref_table)),
                _ => (false, false),
            };
            match kb.remove(&k) {
                Some(n) if same_definition(c, n, rename, &self.table_rename) && !to_changed_pk && !target_dropped => {
                    if c.name != n.name {
                        self.phases.renames.push(Change::RenameConstraint { table: qb.clone(), from: c.name.clone(), to: n.name.clone() });
                    }
                    let validated = match (&c.kind, &n.kind) {
                        (ConstraintKind::Check(x), ConstraintKind::Check(y)) => x.not_valid() && !y.not_valid(),
                        (ConstraintKind::ForeignKey { not_valid: x, .. }, ConstraintKind::ForeignKey { not_valid: y, .. }) => *x && !*y,
                        _ => false,
                    };
                    if validated {
                        self.phases.add_constraints.push(Change::ValidateConstraint { table: qb.clone(), name: n.name.clone() });
                    }
                }
                other => {
                    let drop = Change::DropConstraint { table: qa.clone(), constraint: c.clone() };
                    if matches!(c.kind, ConstraintKind::ForeignKey { .. }) { self.phases.drop_fks.push(drop) } else { self.phases.drop_other.push(drop) }
                    if let Some(n) = other {
                        self.add_constraint(&qb, n);
                    }
                }
            }
        }
        let mut rest: Vec<&Constraint> = kb.into_values().collect();
        rest.sort_by(|x, y| x.name.cmp(&y.name));
        for n in rest {
            self.add_constraint(&qb, n);
        }
    }

    fn add_constraint(&mut self, table: &QName, c: &Constraint) {
        let add = Change::AddConstraint { table: table.clone(), constraint: c.clone() };
        if matches!(c.kind, ConstraintKind::ForeignKey { .. }) { self.phases.add_fks.push(add) } else { self.phases.add_constraints.push(add) }
    }

    /// Indexes of a table pair: unnamed ones pair by shape; a changed one is dropped and created.
    fn indexes(&mut self, a: &Table, b: &Table, rename: &HashMap<String, String>, col_ids: bool) {
        let (qa, qb) = (QName::of(a), QName::of(b));
        let (ipairs, idropped, iadded) = pair(
            &a.indexes,
            &b.indexes,
            |i| i.id,
            |i| i.name.as_deref().map_or_else(|| format!("unnamed:{}", index_shape(b, i, &HashMap::new())), str::to_lowercase),
            |x, y| col_ids && x.unique == y.unique && x.keys.len() == y.keys.len(),
            &HashMap::new(),
        );
        for ix in idropped {
            self.phases.drop_other.push(Change::DropIndex { table: qa.clone(), name: index_name(&self.prev_names, a, ix) });
        }
        for ix in iadded {
            self.phases.create_indexes.push(Change::CreateIndex { table: b.id, index: named_index(&self.next_names, b, ix) });
        }
        for ip in ipairs {
            let same = index_shape(a, ip.previous, rename) == index_shape(b, ip.next, &HashMap::new());
            let (na, nb) = (index_name(&self.prev_names, a, ip.previous), index_name(&self.next_names, b, ip.next));
            if !same {
                self.phases.drop_other.push(Change::DropIndex { table: qa.clone(), name: na });
                self.phases.create_indexes.push(Change::CreateIndex { table: b.id, index: named_index(&self.next_names, b, ip.next) });
            } else if na != nb {
                self.phases.renames.push(Change::RenameIndex { table: qb.clone(), from: na, to: nb });
            }
        }
    }

    /// Dropped and added tables that look alike are proposed as renames (pairing by name only).
    pub(super) fn table_proposals(&mut self, dropped: &[&Table], added: &[&Table]) {
        for t in dropped.iter().filter(|t| !self.recreated.contains(&t.id)) {
            let names: HashSet<String> = t.columns.iter().map(|c| c.name.to_lowercase()).collect();
            for n in added.iter().filter(|n| n.kind == t.kind) {
                let common = n.columns.iter().filter(|c| names.contains(&c.name.to_lowercase())).count();
                let total = names.len().max(n.columns.len()).max(1);
                if common * 10 >= total * 7 {
                    self.proposals.push(Proposal {
                        rename: Rename::Table { from: QName::of(t), to: QName::of(n) },
                        message: format!(
                            "table {} may have been renamed to {} ({common} of {total} columns match); this plan drops and creates it",
                            t.qualified_name(),
                            n.qualified_name()
                        ),
                    });
                }
            }
        }
    }
}

/// Source spans are ignored: two imports of similar texts place the same column elsewhere.
/// Destructured in full so a new field cannot be left out of the comparison unnoticed.
fn same_column(x: &Column, y: &Column) -> bool {
    let Column { id, name, data_type, nullable, default, identity, identity_options, generated, collation, comment, span: _, extra } = x;
    (id, name, data_type, nullable, default, identity, identity_options, generated, collation, comment, extra)
        == (&y.id, &y.name, &y.data_type, &y.nullable, &y.default, &y.identity, &y.identity_options, &y.generated, &y.collation, &y.comment, &y.extra)
}

fn same_index(x: &Index, y: &Index) -> bool {
    let Index { id, name, unique, keys, method, predicate, include, span: _, options } = x;
    (id, name, unique, keys, method, predicate, include, options)
        == (&y.id, &y.name, &y.unique, &y.keys, &y.method, &y.predicate, &y.include, &y.options)
}

/// Every constraint of `t`, by name (`names`: the schema's, see [`Names::postgres`]).
fn constraints(s: &Schema, names: &Names, t: &Table) -> Vec<Constraint> {
    let mut out = Vec::new();
    let mut push = |item: Item, name: &Option<String>, kind: ConstraintKind, columns: Vec<String>| {
        let named = name.as_deref().is_some_and(|n| !n.is_empty());
        let name = names.get(t.id, item).map(str::to_string).or_else(|| name.clone()).unwrap_or_default();
        out.push(Constraint { name, named, kind, columns });
    };
    if let Some(pk) = &t.primary_key {
        push(Item::PrimaryKey, &pk.name, ConstraintKind::PrimaryKey, col_names(t, &pk.columns));
    }
    for (i, u) in t.uniques.iter().enumerate() {
        push(Item::Unique(i), &u.name, ConstraintKind::Unique, col_names(t, &u.columns));
    }
    for (i, ck) in t.checks.iter().enumerate() {
        push(Item::Check(i), &ck.name, ConstraintKind::Check(ck.clone()), Vec::new());
    }
    for (i, fk) in t.foreign_keys.iter().enumerate() {
        let Some(rt) = s.table(fk.ref_table) else { continue };
        push(
            Item::ForeignKey(i),
            &fk.name,
            ConstraintKind::ForeignKey {
                ref_table: QName::of(rt),
                ref_columns: col_names(rt, &fk.ref_columns),
                on_delete: fk.on_delete,
                on_update: fk.on_update,
                deferrable: fk.deferrable,
                initially_deferred: fk.initially_deferred,
                not_valid: fk.not_valid(),
            },
            col_names(t, &fk.columns),
        );
    }
    out
}

/// Constraint identity across a rename: named ones by name, unnamed by kind and columns (with
/// columns mapped through the rename map, previous → next names).
fn constraint_key(c: &Constraint, rename: &HashMap<String, String>, table_rename: &HashMap<QName, QName>) -> String {
    let cols: Vec<String> = c.columns.iter().map(|n| rename.get(&n.to_lowercase()).cloned().unwrap_or_else(|| n.to_lowercase())).collect();
    if c.named {
        return format!("named:{}", c.name.to_lowercase());
    }
    match &c.kind {
        ConstraintKind::PrimaryKey => "pk".into(),
        ConstraintKind::Unique => format!("uq:{}", cols.join(",")),
        ConstraintKind::Check(c) => format!("ck:{}", c.expr.to_lowercase()),
        ConstraintKind::ForeignKey { ref_table, ref_columns, .. } => {
            let rt = table_rename.get(ref_table).unwrap_or(ref_table);
            format!("fk:{}:{}:{}", cols.join(","), key(&rt.schema, &rt.name), ref_columns.join(",").to_lowercase())
        }
    }
}

fn same_definition(a: &Constraint, b: &Constraint, rename: &HashMap<String, String>, table_rename: &HashMap<QName, QName>) -> bool {
    let map = |cols: &[String], m: &HashMap<String, String>| -> Vec<String> {
        cols.iter().map(|n| m.get(&n.to_lowercase()).cloned().unwrap_or_else(|| n.to_lowercase())).collect()
    };
    if map(&a.columns, rename) != map(&b.columns, &HashMap::new()) {
        return false;
    }
    match (&a.kind, &b.kind) {
        (ConstraintKind::PrimaryKey, ConstraintKind::PrimaryKey) | (ConstraintKind::Unique, ConstraintKind::Unique) => true,
        // Validity is compared apart ([`Differ::constraints`] validates instead of re-adding).
        (ConstraintKind::Check(x), ConstraintKind::Check(y)) => x.expr == y.expr && x.no_inherit() == y.no_inherit() && (x.not_valid() || !y.not_valid()),
        (
            ConstraintKind::ForeignKey { ref_table: ra, ref_columns: ca, on_delete: da, on_update: ua, deferrable: fa, initially_deferred: ia, not_valid: va },
            ConstraintKind::ForeignKey { ref_table: rb, ref_columns: cb, on_delete: db, on_update: ub, deferrable: fb, initially_deferred: ib, not_valid: vb },
        ) => {
            // Validity is compared apart, as for checks (NOT VALID → valid is a VALIDATE).
            if !*va && *vb {
                return false;
            }
            let ra = table_rename.get(ra).unwrap_or(ra);
            let same_cols = ca.iter().zip(cb).all(|(x, y)| x.eq_ignore_ascii_case(y)) && ca.len() == cb.len();
            key(&ra.schema, &ra.name) == key(&rb.schema, &rb.name) && same_cols && da == db && ua == ub && fa == fb && ia == ib
        }
        _ => false,
    }
}

fn index_shape(t: &Table, ix: &Index, rename: &HashMap<String, String>) -> String {
    let parts: Vec<String> = ix
        .keys
        .iter()
        .map(|k| {
            let p = match &k.part {
                IndexPart::Column(c) => {
                    let n = t.column(*c).map(|c| c.name.to_lowercase()).unwrap_or_default();
                    rename.get(&n).cloned().unwrap_or(n)
                }
                IndexPart::Expression(e) => e.clone(),
            };
            format!("{p}{}", if k.descending { " desc" } else { "" })
        })
        .collect();
    format!("{}|{}|{:?}|{:?}|{}", ix.unique, parts.join(","), ix.method, ix.predicate, ix.include.len())
}

/// A type as PostgreSQL keeps it, to compare two spellings: `int` is `integer`, a serial is an
/// integer (with a default), `varchar(5)` is `character varying(5)`, `public.t` is `t`.
pub fn canonical_type(normalized: &str) -> String {
    let t = normalized.replace('"', "");
    let t = t.trim_start_matches("public.").trim_start_matches("dbo.");
    let split = t.find(['(', '[']).unwrap_or(t.len());
    let (base, rest) = t.split_at(split);
    let base = match base.trim() {
        "int" | "int4" | "integer" | "serial" | "serial4" => "integer",
        "int8" | "bigint" | "bigserial" | "serial8" => "bigint",
        "int2" | "smallint" | "smallserial" | "serial2" => "smallint",
        "varchar" | "character varying" => "character varying",
        "char" | "character" | "bpchar" => {
            return format!("character{}", if rest.is_empty() { "(1)" } else { rest });
        }
        "bool" | "boolean" => "boolean",
        "float8" | "double precision" | "float" => "double precision",
        "float4" | "real" => "real",
        "decimal" | "numeric" => "numeric",
        "timestamp" | "timestamp without time zone" => "timestamp without time zone",
        "timestamptz" | "timestamp with time zone" => "timestamp with time zone",
        "time" | "time without time zone" => "time without time zone",
        "timetz" | "time with time zone" => "time with time zone",
        other => other,
    };
    format!("{base}{rest}")
}
