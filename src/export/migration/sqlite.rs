//! SQLite: `ALTER TABLE` cannot change a column or a constraint, so such a table is rebuilt —
//! created anew under a temporary name, filled from the old one, which is dropped, and renamed.

use super::Ctx;
use crate::diff::{Change, Diff};
use crate::schema::{Dialect, QName, Schema, TableId};
use std::collections::{HashMap, HashSet};

/// Tables (next ids) SQLite must rebuild: anything beyond rename, add/drop column and indexes.
pub(super) fn sqlite_rebuilds(df: &Diff, prev: &Schema, next: &Schema) -> HashSet<TableId> {
    let mut out = HashSet::new();
    let by_name = |s: &Schema, q: &QName| s.tables.iter().find(|t| t.schema == q.schema && t.name == q.name).map(|t| t.id);
    let prev_to_next: HashMap<TableId, TableId> = df.tables.iter().map(|x| (x.previous, x.next)).collect();
    let created: HashSet<TableId> = df.changes.iter().filter_map(|c| if let Change::CreateTable(t) = c { Some(*t) } else { None }).collect();
    for ch in &df.changes {
        let t = match ch {
            Change::AlterType { table, .. }
            | Change::SetNotNull { table, .. }
            | Change::DropNotNull { table, .. }
            | Change::SetDefault { table, .. }
            | Change::DropDefault { table, .. }
            | Change::AddIdentity { table, .. } => Some(*table),
            Change::AddColumn { table, column } => next.table(*table).and_then(|t| {
                let c = t.column(*column)?;
                let needs = t.is_pk_column(c.id) || t.uniques.iter().any(|u| u.columns.contains(&c.id)) || t.is_fk_column(c.id) || (!c.nullable && c.default.is_none());
                needs.then_some(t.id)
            }),
            Change::DropColumn { table, column } => prev.table(*table).and_then(|t| {
                let c = t.column(*column)?;
                let keyed = t.is_pk_column(c.id) || t.is_fk_column(c.id) || t.uniques.iter().any(|u| u.columns.contains(&c.id));
                if keyed { prev_to_next.get(table).copied() } else { None }
            }),
            Change::DropIdentity { table, .. } | Change::AddConstraint { table, .. } => by_name(next, table),
            Change::DropConstraint { table, .. } => by_name(prev, table).and_then(|id| prev_to_next.get(&id).copied()),
            _ => None,
        };
        if let Some(t) = t
            && !created.contains(&t)
        {
            out.insert(t);
        }
    }
    out
}

impl Ctx<'_> {
    /// The next table a change is about (SQLite rebuild grouping).
    pub(super) fn sqlite_table_of(&self, ch: &Change) -> Option<TableId> {
        let by_name = |s: &Schema, q: &QName| s.tables.iter().find(|t| t.schema == q.schema && t.name == q.name).map(|t| t.id);
        match ch {
            Change::AlterType { table, .. }
            | Change::SetNotNull { table, .. }
            | Change::DropNotNull { table, .. }
            | Change::SetDefault { table, .. }
            | Change::DropDefault { table, .. }
            | Change::AddIdentity { table, .. }
            | Change::AddColumn { table, .. }
            | Change::CreateIndex { table, .. } => Some(*table),
            Change::DropColumn { table, .. } => self.prev_to_next.get(table).copied(),
            Change::DropIdentity { table, .. } | Change::AddConstraint { table, .. } | Change::RenameColumn { table, .. } | Change::RenameIndex { table, .. } | Change::RenameConstraint { table, .. } => by_name(self.next, table),
            Change::RenameTable { from, .. } | Change::DropConstraint { table: from, .. } | Change::DropIndex { table: from, .. } => {
                by_name(self.prev, from).and_then(|id| self.prev_to_next.get(&id).copied())
            }
            _ => None,
        }
    }

    /// SQLite: create the new shape, copy the paired columns, drop the old, rename, re-index.
    pub(super) fn sqlite_rebuild(&mut self, t: TableId, df: &Diff) {
        let Some(nt) = self.next.table(t) else { return };
        let Some(prev_id) = df.tables.iter().find(|p| p.next == t).map(|p| p.previous) else { return };
        let Some(pt) = self.prev.table(prev_id) else { return };
        let tmp_name = format!("{}__erdsmith_new", nt.name);
        let mut tmp = nt.clone();
        tmp.name = tmp_name.clone();
        let create = self.p.create_table(&tmp);
        self.out.push_str(&create);
        self.out.push('\n');
        let by_id = pt.columns.iter().any(|c| nt.column(c.id).is_some_and(|n| n.name.eq_ignore_ascii_case(&c.name)));
        let mut to = Vec::new();
        let mut from = Vec::new();
        let renamed_from = |name: &str| {
            df.changes.iter().find_map(|ch| match ch {
                Change::RenameColumn { table, from, to } if table.name == nt.name && table.schema == nt.schema && to.eq_ignore_ascii_case(name) => Some(from.clone()),
                _ => None,
            })
        };
        for c in &nt.columns {
            let old = if by_id { pt.column(c.id) } else { None }
                .or_else(|| renamed_from(&c.name).and_then(|f| pt.column_by_name(&f)))
                .or_else(|| pt.column_by_name(&c.name));
            if let Some(o) = old {
                to.push(self.p.q(&c.name));
                from.push(self.p.q(&o.name));
            }
        }
        let tn = self.p.obj(None, &tmp_name);
        let mut pn = self.p.obj(None, &pt.name);
        if pt.name != nt.name {
            // Renamed first: SQLite rewrites the other tables' references to it, which a
            // drop and a rename of the rebuilt copy would leave pointing at the old name.
            let nn = self.p.obj(None, &nt.name);
            self.line(&format!("ALTER TABLE {pn} RENAME TO {nn}"));
            pn = nn;
        }
        self.line(&format!("INSERT INTO {tn} ({}) SELECT {} FROM {pn}", to.join(", "), from.join(", ")));
        self.line(&format!("DROP TABLE {pn}"));
        self.line(&format!("ALTER TABLE {tn} RENAME TO {}", self.p.obj(None, &nt.name)));
        for ix in nt.indexes.clone() {
            let s = self.p.create_index(nt, &ix);
            if !s.is_empty() {
                self.out.push_str(&s);
                self.out.push('\n');
            }
        }
        // The table's triggers went with the old table: back, unless the plan creates them.
        let planned: Vec<crate::schema::ObjectId> =
            df.changes.iter().filter_map(|ch| if let Change::CreateObject { object, .. } = ch { Some(*object) } else { None }).collect();
        let triggers: Vec<crate::schema::Object> = self
            .next
            .objects
            .iter()
            .filter(|o| o.table == Some(t) && o.kind == crate::schema::ObjectKind::Trigger && o.dialect == Dialect::Sqlite && !planned.contains(&o.id))
            .cloned()
            .collect();
        for o in triggers {
            let text = self.p.object_text(&o);
            self.out.push_str(&text);
            self.out.push('\n');
        }
        self.hazard(format!("{}: SQLite cannot alter this table in place; it is rebuilt (copy into a new table, drop, rename) — takes a write lock for the whole copy", nt.name));
    }
}
