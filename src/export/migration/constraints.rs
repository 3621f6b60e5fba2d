//! Constraints and indexes.

use super::Ctx;
use crate::diff::{Change, Constraint, ConstraintKind};
use crate::schema::{Dialect, QName, Schema, Table};
use std::fmt::Write;

impl Ctx<'_> {
    /// ADD, DROP and RENAME CONSTRAINT (SQLite rebuilds instead).
    pub(super) fn constraint_change(&mut self, ch: &Change) {
        let d = self.d;
        let pg = matches!(d, Dialect::Postgres | Dialect::Generic);
        match ch {
            Change::AddConstraint { table, constraint } => {
                if d == Dialect::Sqlite {
                    // New tables carry their foreign keys inline; other tables are rebuilt.
                    return;
                }
                let tn = self.tname(table);
                let mut def = self.constraint_def(constraint);
                let name = self.p.q(&constraint.name);
                let named = constraint.named || pg || matches!(d, Dialect::Oracle | Dialect::Mssql);
                let not_valid = match &constraint.kind {
                    ConstraintKind::ForeignKey { not_valid, .. } => *not_valid,
                    ConstraintKind::Check(c) => c.not_valid(),
                    _ => false,
                };
                // Online: added without the scan, validated after the transaction.
                // (Not on a partitioned table: PostgreSQL refuses a NOT VALID foreign key there.)
                let partitioned = self.next.tables.iter().any(|t| t.schema == table.schema && t.name == table.name && t.kind == crate::schema::TableKind::Partitioned);
                let validate_later = self.online
                    && !not_valid
                    && !partitioned
                    && !self.is_new(table)
                    && matches!(constraint.kind, ConstraintKind::ForeignKey { .. } | ConstraintKind::Check(_));
                if validate_later {
                    def.push_str(" NOT VALID");
                    self.post_line(&format!("ALTER TABLE {tn} VALIDATE CONSTRAINT {name}"));
                    self.hazard(format!(
                        "{}: {} is added NOT VALID and validated after the transaction (VALIDATE CONSTRAINT scans the table but lets writes through; the constraint holds for new rows at once)",
                        table.name, constraint.name
                    ));
                }
                if named {
                    self.line(&format!("ALTER TABLE {tn} ADD CONSTRAINT {name} {def}"));
                } else {
                    self.line(&format!("ALTER TABLE {tn} ADD {def}"));
                }
                if d == Dialect::Postgres && partitioned && not_valid && matches!(constraint.kind, ConstraintKind::Check(_)) {
                    self.validate_partition_copies(table, &constraint.name);
                }
                if !(self.is_new(table) || (not_valid && pg) || validate_later) {
                    match &constraint.kind {
                        ConstraintKind::ForeignKey { .. } | ConstraintKind::Check(_) => self.hazard(format!(
                            "{}: ADD CONSTRAINT {} validates every row while holding a lock that blocks writes (safer on PostgreSQL: ADD … NOT VALID, then VALIDATE CONSTRAINT in a separate transaction)",
                            table.name, constraint.name
                        )),
                        ConstraintKind::Unique | ConstraintKind::PrimaryKey => self.hazard(format!(
                            "{}: {} builds a unique index while blocking writes and fails on duplicates (safer on PostgreSQL: CREATE UNIQUE INDEX CONCURRENTLY outside a transaction, then ADD CONSTRAINT … USING INDEX)",
                            table.name, constraint.name
                        )),
                    }
                }
            }
            Change::DropConstraint { table, constraint } => {
                if d == Dialect::Sqlite {
                    return;
                }
                if d == Dialect::Postgres && matches!(constraint.kind, ConstraintKind::PrimaryKey | ConstraintKind::Unique) {
                    for (parent, pidx, part, key) in self.attached_keys() {
                        if part == table.name && key.eq_ignore_ascii_case(&constraint.name) && !self.dropped_indexes.contains(&pidx.to_lowercase()) {
                            self.fails(format!(
                                "{part}: its key {key} is attached to {parent}'s index {pidx}, which stays, so PostgreSQL refuses to drop it (cannot drop inherited constraint): drop or rebuild {pidx} on the whole tree first"
                            ));
                        }
                    }
                }
                let tn = self.tname(table);
                let name = self.p.q(&constraint.name);
                match (d, &constraint.kind) {
                    (Dialect::Mysql, ConstraintKind::ForeignKey { .. }) => {
                        let pt = self.prev.tables.iter().find(|t| t.schema == table.schema && t.name == table.name);
                        // A table that is dropped takes its foreign keys with it.
                        if pt.is_some_and(|t| !self.prev_to_next.contains_key(&t.id)) {
                            return;
                        }
                        let name = match pt {
                            Some(t) if !constraint.named => self.p.q(&mysql_fk_name(self.prev, t, constraint)),
                            _ => name,
                        };
                        self.line(&format!("ALTER TABLE {tn} DROP FOREIGN KEY {name}"));
                        // MySQL created an index for the key when nothing else indexed its
                        // columns, and keeps it after the key is dropped.
                        if let Some(t) = pt
                            && !indexed(t, &constraint.columns)
                        {
                            let ix = if constraint.named { constraint.name.clone() } else { constraint.columns.first().cloned().unwrap_or_default() };
                            self.line(&format!("ALTER TABLE {tn} DROP INDEX {}", self.p.q(&ix)));
                        }
                    }
                    (Dialect::Mysql, ConstraintKind::PrimaryKey) => self.line(&format!("ALTER TABLE {tn} DROP PRIMARY KEY")),
                    (Dialect::Mysql, ConstraintKind::Unique) => {
                        // MySQL names an unnamed unique key after its first column.
                        let name = match constraint.columns.first() {
                            Some(first) if !constraint.named => self.p.q(first),
                            _ => name,
                        };
                        self.line(&format!("ALTER TABLE {tn} DROP INDEX {name}"))
                    }
                    _ => self.line(&format!("ALTER TABLE {tn} DROP CONSTRAINT {name}")),
                }
            }
            Change::RenameConstraint { table, from, to } if pg || d == Dialect::Oracle => {
                self.line(&format!("ALTER TABLE {} RENAME CONSTRAINT {} TO {}", self.tname(table), self.p.q(from), self.p.q(to)));
            }
            Change::ValidateConstraint { table, name } if pg => {
                self.line(&format!("ALTER TABLE {} VALIDATE CONSTRAINT {}", self.tname(table), self.p.q(name)));
                self.hazard(format!("{}: VALIDATE CONSTRAINT {name} scans the table (it takes a lock that lets writes through)", table.name));
            }
            _ => {}
        }
    }

    /// CREATE, DROP and rename of indexes.
    pub(super) fn index_change(&mut self, ch: &Change) {
        let d = self.d;
        match ch {
            Change::CreateIndex { table, index } => {
                let Some(t) = self.next.table(*table) else { return };
                let t = t.clone();
                let mut s = self.p.create_index(&t, index);
                if s.is_empty() {
                    return;
                }
                // `ON ONLY`: the target's attachments are made one by one (`Ctx::reattach`) —
                // unless one names a partition index the target no longer has under that name
                // (made a key `USING INDEX`, which renames it): then on the whole tree, which
                // attaches the matching key as the target has it.
                if s.contains(" ON ONLY ") && !self.attachments_resolve(&t, &self.p.index_name(&t, index)) {
                    s = s.replacen(" ON ONLY ", " ON ", 1);
                }
                if self.d == Dialect::Postgres && t.kind == crate::schema::TableKind::Partitioned && !s.contains(" ON ONLY ") {
                    let name = self.p.index_name(&t, index);
                    let next = self.next;
                    for part in next.tables.iter().filter(|x| x.parent == Some(t.id)) {
                        for (_, local) in super::tables::matching_local(&self.p, &t, part).into_iter().filter(|(p, _)| *p == name) {
                            self.inexact(format!(
                                "{}: index {name} is made on the whole tree while partition {} has the matching {local}, so PostgreSQL makes {local} the partition's part of {name}; a database where {name} was made before {local} has a copy of {name} of its own beside {local}",
                                t.name, part.name
                            ));
                        }
                    }
                }
                let tq = QName::of(&t);
                // Online: built CONCURRENTLY after the transaction, unless a step of it needs
                // the index (a foreign key to the table) or the table is partitioned (no
                // CONCURRENTLY there).
                let partitioned = t.kind != crate::schema::TableKind::Table || t.parent.is_some();
                // `REPLICA IDENTITY USING INDEX x` in the transaction needs it too.
                let replica = t.replica_identity.as_deref().is_some_and(|r| r.to_ascii_uppercase().contains("INDEX"));
                if self.online && !self.is_new(&tq) && !partitioned && !replica && !self.fk_targets.contains(&super::key(&tq)) {
                    let concurrent = s.replacen("INDEX ", "INDEX CONCURRENTLY ", 1);
                    self.post_line(&concurrent);
                    self.hazard(format!(
                        "{}: index {} is built CONCURRENTLY after the transaction (writes go on; if the build fails it leaves an INVALID index to drop and build again)",
                        t.name,
                        self.p.index_name(&t, index)
                    ));
                    return;
                }
                self.out.push_str(&s);
                self.out.push('\n');
                if self.d == Dialect::Postgres && s.contains(" ON ONLY ") {
                    let name = self.p.index_name(&t, index);
                    self.only_created.push((t.schema.clone(), name));
                }
                if !self.is_new(&tq) {
                    self.hazard(format!(
                        "{}: CREATE INDEX {} blocks writes while it builds (safer on PostgreSQL: CREATE INDEX CONCURRENTLY, outside a transaction)",
                        t.name,
                        self.p.index_name(&t, index)
                    ));
                }
            }
            Change::DropIndex { table, name } => {
                if d == Dialect::Postgres {
                    for (parent, pidx, part, key) in self.attached_keys() {
                        if parent == table.name && pidx.eq_ignore_ascii_case(name) {
                            self.fails(format!(
                                "{parent}: its index {pidx} has partition {part}'s key {key} attached, so PostgreSQL refuses to drop it (other objects depend on it): drop the key {key} with it (DROP INDEX … CASCADE) and add it again"
                            ));
                        }
                    }
                }
                let q = self.p.q(name);
                match d {
                    Dialect::Mysql => {
                        self.line(&format!("DROP INDEX {q} ON {}", self.tname(table)));
                        self.mysql_index_for_fks(table, name);
                    }
                    Dialect::Mssql => self.line(&format!("DROP INDEX {q} ON {}", self.tname(table))),
                    _ => {
                        let qn = QName { schema: table.schema.clone(), name: name.clone() };
                        // A partition's index attached to a parent index this plan drops goes
                        // with it (PostgreSQL drops the attached ones): whichever comes first.
                        let attached_to_dropped = d == Dialect::Postgres && self.attached_parent(table, name).is_some_and(|p| self.dropped_indexes.contains(&p.to_lowercase()));
                        self.line(&format!("DROP INDEX {}{}", if attached_to_dropped { "IF EXISTS " } else { "" }, self.tname(&qn)));
                    }
                }
            }
            Change::RenameIndex { table, from, to } => match d {
                Dialect::Mysql => self.line(&format!("ALTER TABLE {} RENAME INDEX {} TO {}", self.tname(table), self.p.q(from), self.p.q(to))),
                Dialect::Postgres | Dialect::Generic | Dialect::Oracle => {
                    let qn = QName { schema: table.schema.clone(), name: from.clone() };
                    self.line(&format!("ALTER INDEX {} RENAME TO {}", self.tname(&qn), self.p.q(to)));
                }
                _ => {}
            },
            _ => {}
        }
    }

    /// A CHECK added NOT VALID to a partitioned table gives each partition that exists a NOT
    /// VALID copy; the target (as its export makes it: the check right after the parent, the
    /// partitions after) has them valid, so each partition's copy is validated — a scan of a
    /// partition that holds rows, without blocking writes.
    fn validate_partition_copies(&mut self, table: &QName, name: &str) {
        let next = self.next;
        let Some(parent) = next.tables.iter().find(|t| t.schema == table.schema && t.name == table.name) else { return };
        let q = self.p.q(name);
        for part in next.tables.iter().filter(|t| t.parent == Some(parent.id)) {
            let pn = self.table_name(part);
            self.line(&format!("ALTER TABLE {pn} VALIDATE CONSTRAINT {q}"));
            if !self.is_new(&QName::of(part)) {
                self.hazard(format!(
                    "{}: VALIDATE CONSTRAINT {name} scans the partition (the check is NOT VALID on {} only, as in the target; a lock that lets writes through)",
                    part.name, parent.name
                ));
            }
        }
    }

    fn constraint_def(&self, c: &Constraint) -> String {
        let cols = c.columns.iter().map(|n| self.p.q(n)).collect::<Vec<_>>().join(", ");
        match &c.kind {
            ConstraintKind::PrimaryKey => format!("PRIMARY KEY ({cols})"),
            ConstraintKind::Unique => format!("UNIQUE ({cols})"),
            ConstraintKind::Check(c) => {
                let pg = self.d == Dialect::Postgres;
                format!("CHECK ({}){}{}", c.expr, if c.no_inherit() && pg { " NO INHERIT" } else { "" }, if c.not_valid() && pg { " NOT VALID" } else { "" })
            }
            ConstraintKind::ForeignKey { ref_table, ref_columns, on_delete, on_update, deferrable, initially_deferred, not_valid } => {
                let rc = ref_columns.iter().map(|n| self.p.q(n)).collect::<Vec<_>>().join(", ");
                let mut s = format!("FOREIGN KEY ({cols}) REFERENCES {} ({rc})", self.tname(ref_table));
                if *on_delete != crate::schema::FkAction::NoAction {
                    let _ = write!(s, " ON DELETE {}", on_delete.as_sql());
                }
                if *on_update != crate::schema::FkAction::NoAction && self.d != Dialect::Oracle {
                    let _ = write!(s, " ON UPDATE {}", on_update.as_sql());
                }
                if *deferrable && matches!(self.d, Dialect::Postgres | Dialect::Oracle) {
                    s.push_str(" DEFERRABLE");
                    if *initially_deferred {
                        s.push_str(" INITIALLY DEFERRED");
                    }
                }
                if *not_valid && self.d == Dialect::Postgres {
                    s.push_str(" NOT VALID");
                }
                s
            }
        }
    }

    /// MySQL: an index dropped from under a foreign key that nothing else indexes leaves the key
    /// without the index MySQL had created for it (and dropped when this index came): re-create
    /// it under the name MySQL gives it (the constraint's, else the first column's).
    fn mysql_index_for_fks(&mut self, table: &QName, dropped: &str) {
        let by_name = |s: &Schema, q: &QName| s.tables.iter().find(|t| t.schema == q.schema && t.name == q.name).cloned();
        let Some(pt) = by_name(self.prev, table) else { return };
        let Some(ix) = pt.indexes.iter().find(|i| crate::export::sql::default_index_name(&pt, i) == dropped) else { return };
        let ix_cols: Vec<String> = ix.leading_columns().filter_map(|c| pt.column(c)).map(|c| c.name.to_lowercase()).collect();
        let Some(nt) = self.prev_to_next.get(&pt.id).and_then(|id| self.next.table(*id)).cloned() else { return };
        let names = |t: &Table, ids: &[crate::schema::ColumnId]| -> Vec<String> {
            ids.iter().filter_map(|c| t.column(*c)).map(|c| c.name.to_lowercase()).collect()
        };
        let mut leads: Vec<Vec<String>> = nt.indexes.iter().map(|i| i.leading_columns().filter_map(|c| nt.column(c)).map(|c| c.name.to_lowercase()).collect()).collect();
        leads.extend(nt.primary_key.iter().map(|k| names(&nt, &k.columns)));
        leads.extend(nt.uniques.iter().map(|u| names(&nt, &u.columns)));
        for fk in &nt.foreign_keys {
            let cols = names(&nt, &fk.columns);
            if cols.is_empty() || !ix_cols.starts_with(&cols) || leads.iter().any(|l| l.starts_with(&cols)) {
                continue;
            }
            let name = fk.name.clone().filter(|n| !n.is_empty()).or_else(|| cols.first().cloned()).unwrap_or_default();
            let list: Vec<String> = fk.columns.iter().filter_map(|c| nt.column(*c)).map(|c| self.p.q(&c.name)).collect();
            let tn = self.tname(table);
            self.line(&format!("ALTER TABLE {tn} ADD INDEX {} ({})", self.p.q(&name), list.join(", ")));
            leads.push(cols);
        }
    }
}

/// Whether an index, the primary key or a unique constraint of `t` leads with `cols` (names).
fn indexed(t: &Table, cols: &[String]) -> bool {
    let lower = |v: Vec<String>| v.into_iter().map(|x| x.to_lowercase()).collect::<Vec<_>>();
    let want = lower(cols.to_vec());
    let names = |ids: Vec<crate::schema::ColumnId>| lower(ids.into_iter().filter_map(|c| t.column(c)).map(|c| c.name.clone()).collect());
    let mut leads: Vec<Vec<String>> = t.indexes.iter().map(|i| names(i.leading_columns().collect())).collect();
    leads.extend(t.primary_key.iter().map(|k| names(k.columns.clone())));
    leads.extend(t.uniques.iter().map(|u| names(u.columns.clone())));
    leads.iter().any(|l| l.starts_with(&want))
}

/// The name MySQL/MariaDB gives an unnamed foreign key: `<table>_ibfk_<n>`, numbered in the
/// order the export creates the table's unnamed keys.
fn mysql_fk_name(s: &Schema, t: &Table, c: &Constraint) -> String {
    let cols = |ids: &[crate::schema::ColumnId]| -> Vec<String> { ids.iter().filter_map(|i| t.column(*i)).map(|c| c.name.clone()).collect() };
    let n = t
        .foreign_keys
        .iter()
        .filter(|fk| fk.name.as_deref().is_none_or(str::is_empty))
        .position(|fk| {
            cols(&fk.columns) == c.columns
                && matches!(&c.kind, ConstraintKind::ForeignKey { ref_table, .. } if s.table(fk.ref_table).is_some_and(|r| QName::of(r) == *ref_table))
        })
        .map_or(1, |i| i + 1);
    format!("{}_ibfk_{n}", t.name)
}
