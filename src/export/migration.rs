//! Up and down migration scripts from a [`Diff`], per dialect, with hazards summarized at the
//! top (data loss, rewrites and long locks on PostgreSQL, validation scans, renames) and the
//! safer way to do each.
//!
//! The down script is the up script of the reversed diff (`diff(next, previous)`).
//! PostgreSQL scripts run in one transaction (DDL is transactional there); SQLite changes that
//! `ALTER TABLE` cannot express rebuild the table (create new, copy, drop, rename, re-index).
//!
//! **Invariant:** names and types come from [`sql::Pieces`] built on the schema the script
//! leads to, so applying `up` to the export of `previous` gives the export of `next`.

use super::sql::{Pieces, literal};
use crate::diff::{self, Change, Constraint, ConstraintKind, Diff, QName};
use crate::schema::{Dialect, Schema, Table, TableId, TypeKind};
use std::collections::{HashMap, HashSet};
use std::fmt::Write;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Migration {
    pub up: String,
    pub down: String,
    /// Hazards of the up script (also written at its top).
    pub hazards: Vec<String>,
    pub down_hazards: Vec<String>,
    /// Likely renames of the up diff the plan does not apply (drop + add until confirmed).
    pub proposals: Vec<diff::Proposal>,
    /// The up diff's changes, for the rename list (which confirmed renames it applies).
    pub up_diff: Diff,
}

pub fn plan(previous: &Schema, next: &Schema, d: Dialect) -> Migration {
    let up_diff = diff::diff(previous, next);
    let down_diff = diff::diff(next, previous);
    let (up, hazards) = render(&up_diff, previous, next, d, "up");
    let (down, down_hazards) = render(&down_diff, next, previous, d, "down");
    Migration { up, down, hazards, down_hazards, proposals: up_diff.proposals.clone(), up_diff }
}

/// The plan between two independently imported schemas with confirmed renames (see
/// [`diff::diff_with`]: pairing by name only); the down script applies them in reverse.
pub fn plan_with(previous: &Schema, next: &Schema, d: Dialect, confirmed: &[diff::Rename]) -> Migration {
    let up_diff = diff::diff_with(previous, next, confirmed);
    let tables: Vec<diff::Rename> = confirmed.iter().filter(|r| matches!(r, diff::Rename::Table { .. })).cloned().collect();
    let reversed: Vec<diff::Rename> = confirmed.iter().map(|r| r.reversed(&tables)).collect();
    let down_diff = diff::diff_with(next, previous, &reversed);
    let (up, hazards) = render(&up_diff, previous, next, d, "up");
    let (down, down_hazards) = render(&down_diff, next, previous, d, "down");
    Migration { up, down, hazards, down_hazards, proposals: up_diff.proposals.clone(), up_diff }
}

/// Up and down in one file: the up script, then the down script with every line commented out
/// so that running the file applies only the migration.
pub fn combined(m: &Migration) -> String {
    let mut s = String::from("-- ==== up ====\n");
    s.push_str(&m.up);
    s.push_str("\n-- ==== down (to undo: uncomment and run) ====\n");
    for line in m.down.lines() {
        if line.starts_with("--") || line.is_empty() {
            s.push_str(line);
        } else {
            s.push_str("-- ");
            s.push_str(line);
        }
        s.push('\n');
    }
    s
}

struct Ctx<'a> {
    prev: &'a Schema,
    next: &'a Schema,
    d: Dialect,
    p: Pieces<'a>,
    hazards: Vec<String>,
    out: String,
    created: HashSet<String>,
    /// previous table id → next table (for steps on paired tables after renames).
    prev_to_next: HashMap<TableId, TableId>,
    rebuilt: HashSet<TableId>,
    /// Statements that must run before the transaction (PostgreSQL `ALTER TYPE … ADD VALUE`:
    /// a value added in a transaction cannot be used before it commits).
    pre: String,
    /// Enums renamed by this plan (next names, lowercase): their new values stay in the transaction.
    renamed_enums: HashSet<String>,
}

fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

pub fn render(df: &Diff, prev: &Schema, next: &Schema, d: Dialect, direction: &str) -> (String, Vec<String>) {
    let mut p = Pieces::new(next, d);
    p.forget_names();
    let mut c = Ctx {
        prev,
        next,
        d,
        p,
        hazards: Vec::new(),
        out: String::new(),
        created: HashSet::new(),
        prev_to_next: df.tables.iter().map(|x| (x.previous, x.next)).collect(),
        rebuilt: HashSet::new(),
        pre: String::new(),
        renamed_enums: df
            .changes
            .iter()
            .filter_map(|ch| if let Change::RenameEnum { to, .. } = ch { Some(to.to_lowercase()) } else { None })
            .collect(),
    };
    for ch in &df.changes {
        if let Change::CreateTable(t) = ch
            && let Some(t) = next.table(*t)
        {
            c.created.insert(key(&QName::of(t)));
        }
    }
    if d == Dialect::Sqlite {
        c.rebuilt = sqlite_rebuilds(df, prev, next);
    }
    let mut body_started = false;
    let mut rebuilt_done: HashSet<TableId> = HashSet::new();
    for ch in &df.changes {
        if d == Dialect::Sqlite
            && let Some(t) = c.sqlite_table_of(ch)
            && c.rebuilt.contains(&t)
        {
            if !matches!(ch, Change::DropConstraint { .. } | Change::DropIndex { .. } | Change::RenameTable { .. } | Change::RenameColumn { .. })
                && rebuilt_done.insert(t)
            {
                c.sqlite_rebuild(t, df);
            }
            continue;
        }
        body_started = true;
        c.change(ch);
    }
    let _ = body_started;
    let mut text = String::new();
    let count = df.changes.len();
    let _ = writeln!(text, "-- Migration ({direction}) generated by erdsmith for {}: {count} change(s).", d.label());
    if c.hazards.is_empty() {
        text.push_str("-- Hazards: none found.\n");
    } else {
        text.push_str("-- Hazards (review before running on a live database):\n");
        for h in &c.hazards {
            let _ = writeln!(text, "--   * {}", one_line(h));
        }
    }
    for pr in &df.proposals {
        let _ = writeln!(text, "--   ? {}", one_line(&pr.message));
    }
    for w in c.p.take_warnings() {
        let _ = writeln!(text, "--   ! {}", one_line(&w.message));
    }
    text.push('\n');
    if count == 0 {
        text.push_str("-- Nothing to do.\n");
        return (text, c.hazards);
    }
    let tx = matches!(d, Dialect::Postgres | Dialect::Sqlite | Dialect::Generic);
    text.push_str(&c.pre);
    if tx {
        text.push_str("BEGIN;\n");
    }
    if d == Dialect::Sqlite {
        text.push_str("PRAGMA defer_foreign_keys = ON;\n");
    }
    if d == Dialect::Mysql {
        text.push_str("SET FOREIGN_KEY_CHECKS = 0;\n");
    }
    text.push_str(&c.out);
    if d == Dialect::Mysql {
        text.push_str("SET FOREIGN_KEY_CHECKS = 1;\n");
    }
    if tx {
        text.push_str("COMMIT;\n");
    }
    (text, c.hazards)
}

fn key(q: &QName) -> String {
    match &q.schema {
        Some(s) => format!("{}.{}", s.to_lowercase(), q.name.to_lowercase()),
        None => q.name.to_lowercase(),
    }
}

/// Tables (next ids) SQLite must rebuild: anything beyond rename, add/drop column and indexes.
fn sqlite_rebuilds(df: &Diff, prev: &Schema, next: &Schema) -> HashSet<TableId> {
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
    fn line(&mut self, s: &str) {
        self.out.push_str(s);
        if !s.ends_with(';') {
            self.out.push(';');
        }
        self.out.push('\n');
    }

    fn hazard(&mut self, s: String) {
        if !self.hazards.contains(&s) {
            self.hazards.push(s);
        }
    }

    fn tname(&self, q: &QName) -> String {
        self.p.obj(q.schema.as_deref(), &q.name)
    }

    /// The quoted, qualified name of a table of either schema.
    fn table_name(&self, t: &Table) -> String {
        self.p.obj(t.schema.as_deref(), &t.name)
    }

    fn is_new(&self, q: &QName) -> bool {
        self.created.contains(&key(q))
    }

    /// The next table a change is about (SQLite rebuild grouping).
    fn sqlite_table_of(&self, ch: &Change) -> Option<TableId> {
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
    fn sqlite_rebuild(&mut self, t: TableId, df: &Diff) {
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
        self.hazard(format!("{}: SQLite cannot alter this table in place; it is rebuilt (copy into a new table, drop, rename) — takes a write lock for the whole copy", nt.name));
    }

    /// PostgreSQL: the unnamed enum CHECKs of table `to` (next name) are named after the table
    /// and column they were created with; rename them to what the export of `next` gets.
    /// `column`: only that renamed column (previous, next name); else every column.
    fn rename_enum_checks(&mut self, to: &QName, old_table: &str, column: Option<(&String, &String)>) {
        let Some(t) = self.next.tables.iter().find(|t| t.schema == to.schema && t.name == to.name).cloned() else { return };
        for c in &t.columns {
            if !self.p.inline_enum_check(c) {
                continue;
            }
            let old_col = match column {
                Some((f, n)) if n == &c.name => f.clone(),
                Some(_) => continue,
                None => c.name.clone(),
            };
            let (old, new) = (format!("{old_table}_{old_col}_check"), format!("{}_{}_check", t.name, c.name));
            if old != new {
                let tn = self.tname(to);
                self.line(&format!("ALTER TABLE {tn} RENAME CONSTRAINT {} TO {}", self.p.q(&old), self.p.q(&new)));
            }
        }
    }

    /// MySQL has no enum types: the export writes the values into each column using the enum,
    /// so a change of values is a MODIFY COLUMN of every such column of existing tables.
    fn mysql_enum_columns(&mut self, enum_name: &str) {
        let users: Vec<(Table, String)> = self
            .next
            .tables
            .iter()
            .filter(|t| !self.is_new(&QName::of(t)))
            .flat_map(|t| {
                t.columns
                    .iter()
                    .filter(|c| c.data_type.normalized.trim_matches('"').eq_ignore_ascii_case(enum_name))
                    .map(move |c| (t.clone(), c.name.clone()))
            })
            .collect();
        for (t, col) in users {
            let Some(c) = t.column_by_name(&col) else { continue };
            let def = self.p.column(&t, c);
            let tn = self.table_name(&t);
            self.line(&format!("ALTER TABLE {tn} MODIFY COLUMN {def}"));
        }
    }

    /// MySQL: an index dropped from under a foreign key that nothing else indexes leaves the key
    /// without the index MySQL had created for it (and dropped when this index came): re-create
    /// it under the name MySQL gives it (the constraint's, else the first column's).
    fn mysql_index_for_fks(&mut self, table: &QName, dropped: &str) {
        let by_name = |s: &Schema, q: &QName| s.tables.iter().find(|t| t.schema == q.schema && t.name == q.name).cloned();
        let Some(pt) = by_name(self.prev, table) else { return };
        let Some(ix) = pt.indexes.iter().find(|i| super::sql::default_index_name(&pt, i) == dropped) else { return };
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
            let name = fk.name.clone().filter(|n| !n.is_empty()).unwrap_or_else(|| cols[0].clone());
            let list: Vec<String> = fk.columns.iter().filter_map(|c| nt.column(*c)).map(|c| self.p.q(&c.name)).collect();
            let tn = self.tname(table);
            self.line(&format!("ALTER TABLE {tn} ADD INDEX {} ({})", self.p.q(&name), list.join(", ")));
            leads.push(cols);
        }
    }

    fn constraint_def(&self, c: &Constraint) -> String {
        let cols = c.columns.iter().map(|n| self.p.q(n)).collect::<Vec<_>>().join(", ");
        match &c.kind {
            ConstraintKind::PrimaryKey => format!("PRIMARY KEY ({cols})"),
            ConstraintKind::Unique => format!("UNIQUE ({cols})"),
            ConstraintKind::Check(e) => format!("CHECK ({e})"),
            ConstraintKind::ForeignKey { ref_table, ref_columns, on_delete, on_update, deferrable } => {
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
                }
                s
            }
        }
    }

    fn change(&mut self, ch: &Change) {
        let d = self.d;
        let pg = matches!(d, Dialect::Postgres | Dialect::Generic);
        match ch {
            Change::CreateSchema(s) => {
                if matches!(s.to_lowercase().as_str(), "public" | "dbo") || d == Dialect::Sqlite {
                    return;
                }
                let q = self.p.q(s);
                match d {
                    Dialect::Mysql => self.line(&format!("CREATE DATABASE IF NOT EXISTS {q}")),
                    Dialect::Oracle => self.line(&format!("-- create user/schema {q} first")),
                    _ => self.line(&format!("CREATE SCHEMA {q}")),
                }
            }
            Change::DropSchema(s) => {
                if matches!(s.to_lowercase().as_str(), "public" | "dbo") || matches!(d, Dialect::Sqlite | Dialect::Oracle) {
                    return;
                }
                self.hazard(format!("DATA LOSS: schema {s} is dropped"));
                let q = self.p.q(s);
                if d == Dialect::Mysql { self.line(&format!("DROP DATABASE {q}")) } else { self.line(&format!("DROP SCHEMA {q}")) }
            }
            Change::CreateEnum(e) if pg => {
                let v: Vec<String> = e.values.iter().map(|v| literal(v, d)).collect();
                self.line(&format!("CREATE TYPE {} AS ENUM ({})", self.p.obj(e.schema.as_deref(), &e.name), v.join(", ")));
            }
            Change::DropEnum(e) if pg => self.line(&format!("DROP TYPE {}", self.p.obj(e.schema.as_deref(), &e.name))),
            Change::RenameEnum { from, to } if pg => {
                self.line(&format!("ALTER TYPE {} RENAME TO {}", self.tname(from), self.p.q(to)));
            }
            Change::AddEnumValues { name, values } if pg => {
                // Before the transaction, so that the plan can use the values (as a default, in
                // a CHECK); IF NOT EXISTS lets the script run again after a later step failed.
                let outside = !self.renamed_enums.contains(&name.name.to_lowercase());
                for (v, before) in values {
                    let mut s = format!("ALTER TYPE {} ADD VALUE {}{}", self.tname(name), if outside { "IF NOT EXISTS " } else { "" }, literal(v, d));
                    if let Some(b) = before {
                        let _ = write!(s, " BEFORE {}", literal(b, d));
                    }
                    if outside {
                        self.pre.push_str(&s);
                        self.pre.push_str(";\n");
                    } else {
                        self.line(&s);
                    }
                }
                if outside {
                    self.hazard(format!("enum {}: new values are added before the transaction (PostgreSQL cannot use a value added in the same transaction); they stay if a later step fails", name.name));
                }
            }
            Change::RecreateEnum { previous, next, users } if pg => {
                let name = self.p.obj(next.schema.as_deref(), &next.name);
                let old = format!("{}__erdsmith_old", next.name);
                self.line(&format!("ALTER TYPE {} RENAME TO {}", self.p.obj(previous.schema.as_deref(), &previous.name), self.p.q(&old)));
                let v: Vec<String> = next.values.iter().map(|v| literal(v, d)).collect();
                self.line(&format!("CREATE TYPE {name} AS ENUM ({})", v.join(", ")));
                for (t, c, default) in users {
                    let col = self.p.q(c);
                    let tn = self.tname(t);
                    self.line(&format!("ALTER TABLE {tn} ALTER COLUMN {col} DROP DEFAULT, ALTER COLUMN {col} TYPE {name} USING {col}::text::{name}"));
                    if let Some(def) = default.as_deref().and_then(|x| self.p.default_expr(x)) {
                        self.line(&format!("ALTER TABLE {tn} ALTER COLUMN {col} SET DEFAULT {def}"));
                    }
                }
                self.line(&format!("DROP TYPE {}", self.p.obj(next.schema.as_deref(), &old)));
                self.hazard(format!("enum {}: values removed or reordered, so the type is recreated and every column using it is rewritten; fails if rows hold a removed value", next.name));
            }
            Change::AddEnumValues { name, .. } if d == Dialect::Mysql => self.mysql_enum_columns(&name.name.clone()),
            Change::RecreateEnum { next, .. } if d == Dialect::Mysql => self.mysql_enum_columns(&next.name.clone()),
            Change::CreateEnum(_) | Change::DropEnum(_) | Change::RenameEnum { .. } | Change::AddEnumValues { .. } | Change::RecreateEnum { .. } => {}
            Change::RenameTable { from, to } => {
                let f = self.tname(from);
                if from.schema != to.schema && pg {
                    if let Some(s) = &to.schema {
                        self.line(&format!("ALTER TABLE {} SET SCHEMA {}", self.tname(from), self.p.q(s)));
                    }
                }
                if from.name != to.name {
                    let from_now = QName { schema: to.schema.clone(), name: from.name.clone() };
                    let f2 = if pg { self.tname(&from_now) } else { f.clone() };
                    match d {
                        Dialect::Mysql => self.line(&format!("RENAME TABLE {f2} TO {}", self.tname(to))),
                        Dialect::Mssql => self.line(&format!("EXEC sp_rename {}, {}", literal(&f2, d), literal(&to.name, d))),
                        _ => self.line(&format!("ALTER TABLE {f2} RENAME TO {}", self.p.q(&to.name))),
                    }
                }
                if pg && from.name != to.name {
                    self.rename_enum_checks(to, &from.name, None);
                }
                self.hazard(format!("rename: table {} → {}; deployed code using the old name breaks (safer: a view with the old name during the rollout)", from.name, to.name));
            }
            Change::CreateTable(t) => {
                let next = self.next;
                if let Some(t) = next.table(*t) {
                    let s = self.p.create_table(t);
                    self.out.push_str(&s);
                    self.out.push('\n');
                }
            }
            Change::DropTable(t) => {
                if let Some(t) = self.prev.table(*t) {
                    let q = QName::of(t);
                    self.line(&format!("DROP TABLE {}", self.tname(&q)));
                    self.hazard(format!("DATA LOSS: table {} is dropped (safer: rename it aside and drop it in a later release)", t.qualified_name()));
                }
            }
            Change::AddColumn { table, column } => {
                let Some((t, c)) = diff::column_of(self.next, *table, *column) else { return };
                let def = self.p.column(t, c);
                let tn = self.table_name(t);
                let kw = if matches!(d, Dialect::Mssql | Dialect::Oracle) { "ADD" } else { "ADD COLUMN" };
                if d == Dialect::Oracle { self.line(&format!("ALTER TABLE {tn} ADD ({def})")) } else { self.line(&format!("ALTER TABLE {tn} {kw} {def}")) }
                if !c.nullable && c.default.is_none() && c.identity.is_none() {
                    self.hazard(format!("{}.{}: NOT NULL column without a default fails on a non-empty table (safer: add it nullable, backfill, then SET NOT NULL)", t.name, c.name));
                }
                let volatile = ["random(", "gen_random_uuid(", "uuid_generate", "clock_timestamp(", "nextval(", "timeofday("];
                if pg && c.default.as_deref().is_some_and(|x| volatile.iter().any(|v| x.to_ascii_lowercase().contains(v))) {
                    self.hazard(format!("{}.{}: a volatile default rewrites the whole table under an ACCESS EXCLUSIVE lock (safer: add without default, set the default, backfill in batches)", t.name, c.name));
                }
            }
            Change::DropColumn { table, column } => {
                let Some((pt, c)) = diff::column_of(self.prev, *table, *column) else { return };
                let tq = match self.prev_to_next.get(table).and_then(|n| self.next.table(*n)) {
                    Some(nt) => QName::of(nt),
                    None => QName::of(pt),
                };
                self.line(&format!("ALTER TABLE {} DROP COLUMN {}", self.tname(&tq), self.p.q(&c.name)));
                self.hazard(format!("DATA LOSS: column {}.{} is dropped (safer: stop using it first, drop it in a later release)", pt.name, c.name));
            }
            Change::RenameColumn { table, from, to } => {
                let tn = self.tname(table);
                match d {
                    Dialect::Mssql => self.line(&format!("EXEC sp_rename {}, {}, 'COLUMN'", literal(&format!("{tn}.{}", self.p.q(from)), d), literal(to, d))),
                    _ => self.line(&format!("ALTER TABLE {tn} RENAME COLUMN {} TO {}", self.p.q(from), self.p.q(to))),
                }
                if pg {
                    self.rename_enum_checks(table, &table.name, Some((from, to)));
                }
                self.hazard(format!("rename: column {}.{from} → {to}; deployed code using the old name breaks", table.name));
            }
            Change::AlterType { table, column, previous } => {
                let Some((t, c)) = diff::column_of(self.next, *table, *column) else { return };
                let ty = self.p.column_type(t, c);
                let tn = self.table_name(t);
                let col = self.p.q(&c.name);
                match d {
                    Dialect::Mysql => {
                        let def = self.p.column(t, c);
                        self.line(&format!("ALTER TABLE {tn} MODIFY COLUMN {def}"));
                    }
                    Dialect::Mssql => self.line(&format!("ALTER TABLE {tn} ALTER COLUMN {col} {ty}{}", if c.nullable { " NULL" } else { " NOT NULL" })),
                    Dialect::Oracle => self.line(&format!("ALTER TABLE {tn} MODIFY ({col} {ty})")),
                    _ => self.line(&format!("ALTER TABLE {tn} ALTER COLUMN {col} TYPE {ty} USING {col}::{ty}")),
                }
                let widening = is_widening(previous, &c.data_type);
                if !widening {
                    self.hazard(format!(
                        "{}.{}: type {previous} → {}: rewrites the table under an ACCESS EXCLUSIVE lock on PostgreSQL and may fail or truncate data (safer: add a new column, backfill, swap)",
                        t.name, c.name, c.data_type.raw
                    ));
                }
            }
            Change::SetNotNull { table, column } | Change::DropNotNull { table, column } => {
                let set = matches!(ch, Change::SetNotNull { .. });
                let Some((t, c)) = diff::column_of(self.next, *table, *column) else { return };
                let tq = QName::of(t);
                let tn = self.tname(&tq);
                let col = self.p.q(&c.name);
                match d {
                    Dialect::Mysql => {
                        let def = self.p.column(t, c);
                        self.line(&format!("ALTER TABLE {tn} MODIFY COLUMN {def}"));
                    }
                    Dialect::Mssql => {
                        let ty = self.p.column_type(t, c);
                        self.line(&format!("ALTER TABLE {tn} ALTER COLUMN {col} {ty} {}", if set { "NOT NULL" } else { "NULL" }));
                    }
                    Dialect::Oracle => self.line(&format!("ALTER TABLE {tn} MODIFY ({col} {})", if set { "NOT NULL" } else { "NULL" })),
                    _ => self.line(&format!("ALTER TABLE {tn} ALTER COLUMN {col} {} NOT NULL", if set { "SET" } else { "DROP" })),
                }
                if set && !self.is_new(&tq) {
                    self.hazard(format!(
                        "{}.{}: SET NOT NULL scans the table under an ACCESS EXCLUSIVE lock and fails if a NULL exists (safer on PostgreSQL 12+: ADD CONSTRAINT … CHECK ({} IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT, then SET NOT NULL)",
                        t.name, c.name, col
                    ));
                }
            }
            Change::SetDefault { table, column } => {
                let Some((t, c)) = diff::column_of(self.next, *table, *column) else { return };
                let tn = self.table_name(t);
                let Some(def) = c.default.as_deref().and_then(|x| self.p.default_expr(x)) else { return };
                let col = self.p.q(&c.name);
                match d {
                    Dialect::Mssql => self.line(&format!("ALTER TABLE {tn} ADD DEFAULT {def} FOR {col}")),
                    Dialect::Oracle => self.line(&format!("ALTER TABLE {tn} MODIFY ({col} DEFAULT {def})")),
                    _ => self.line(&format!("ALTER TABLE {tn} ALTER COLUMN {col} SET DEFAULT {def}")),
                }
            }
            Change::DropDefault { table, column } => {
                let Some((t, c)) = diff::column_of(self.next, *table, *column) else { return };
                let tn = self.table_name(t);
                let col = self.p.q(&c.name);
                match d {
                    Dialect::Oracle => self.line(&format!("ALTER TABLE {tn} MODIFY ({col} DEFAULT NULL)")),
                    Dialect::Mssql => {
                        // SQL Server gives default constraints generated names: look it up.
                        let lit = |x: &str| x.replace('\'', "''");
                        self.line(&format!(
                            "DECLARE @df sysname = (SELECT dc.name FROM sys.default_constraints dc JOIN sys.columns c ON c.default_object_id = dc.object_id WHERE dc.parent_object_id = OBJECT_ID(N'{}') AND c.name = N'{}');\nIF @df IS NOT NULL EXEC(N'ALTER TABLE {} DROP CONSTRAINT ' + QUOTENAME(@df))",
                            lit(&tn),
                            lit(&c.name),
                            lit(&tn),
                        ))
                    }
                    _ => self.line(&format!("ALTER TABLE {tn} ALTER COLUMN {col} DROP DEFAULT")),
                }
            }
            Change::AddIdentity { table, column } => {
                let Some((t, c)) = diff::column_of(self.next, *table, *column) else { return };
                let tn = self.table_name(t);
                let col = self.p.q(&c.name);
                match d {
                    Dialect::Mysql => {
                        let def = self.p.column(t, c);
                        self.line(&format!("ALTER TABLE {tn} MODIFY COLUMN {def}"));
                    }
                    _ => {
                        let kind = if c.identity == Some(crate::schema::Identity::Always) { "ALWAYS" } else { "BY DEFAULT" };
                        self.line(&format!("ALTER TABLE {tn} ALTER COLUMN {col} ADD GENERATED {kind} AS IDENTITY"));
                    }
                }
            }
            Change::DropIdentity { table, column } => {
                let tn = self.tname(table);
                let col = self.p.q(column);
                match d {
                    Dialect::Mysql => self.line(&format!("-- {tn}.{col}: AUTO_INCREMENT is dropped by the MODIFY COLUMN of its definition")),
                    _ => self.line(&format!("ALTER TABLE {tn} ALTER COLUMN {col} DROP IDENTITY IF EXISTS")),
                }
            }
            Change::AddConstraint { table, constraint } => {
                if d == Dialect::Sqlite {
                    // New tables carry their foreign keys inline; other tables are rebuilt.
                    return;
                }
                let tn = self.tname(table);
                let def = self.constraint_def(constraint);
                let name = self.p.q(&constraint.name);
                let named = constraint.named || pg || matches!(d, Dialect::Oracle | Dialect::Mssql);
                if named {
                    self.line(&format!("ALTER TABLE {tn} ADD CONSTRAINT {name} {def}"));
                } else {
                    self.line(&format!("ALTER TABLE {tn} ADD {def}"));
                }
                if !self.is_new(table) {
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
            Change::RenameConstraint { table, from, to } => {
                if pg || d == Dialect::Oracle {
                    self.line(&format!("ALTER TABLE {} RENAME CONSTRAINT {} TO {}", self.tname(table), self.p.q(from), self.p.q(to)));
                }
            }
            Change::CreateIndex { table, index } => {
                let Some(t) = self.next.table(*table) else { return };
                let t = t.clone();
                let s = self.p.create_index(&t, index);
                if s.is_empty() {
                    return;
                }
                self.out.push_str(&s);
                self.out.push('\n');
                let tq = QName::of(&t);
                if !self.is_new(&tq) {
                    self.hazard(format!(
                        "{}: CREATE INDEX {} blocks writes while it builds (safer on PostgreSQL: CREATE INDEX CONCURRENTLY, outside a transaction)",
                        t.name,
                        self.p.index_name(&t, index)
                    ));
                }
            }
            Change::DropIndex { table, name } => {
                let q = self.p.q(name);
                match d {
                    Dialect::Mysql => {
                        self.line(&format!("DROP INDEX {q} ON {}", self.tname(table)));
                        self.mysql_index_for_fks(table, name);
                    }
                    Dialect::Mssql => self.line(&format!("DROP INDEX {q} ON {}", self.tname(table))),
                    _ => {
                        let qn = QName { schema: table.schema.clone(), name: name.clone() };
                        self.line(&format!("DROP INDEX {}", self.tname(&qn)));
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
            Change::TableComment { table, comment } => {
                let v = comment.as_deref().map_or("NULL".to_string(), |c| literal(c, d));
                match d {
                    Dialect::Mysql => self.line(&format!("ALTER TABLE {} COMMENT = {}", self.tname(table), if comment.is_some() { v } else { "''".into() })),
                    Dialect::Postgres | Dialect::Generic | Dialect::Oracle => self.line(&format!("COMMENT ON TABLE {} IS {v}", self.tname(table))),
                    _ => {}
                }
            }
            Change::ColumnComment { table, column, comment } => {
                let v = comment.as_deref().map_or("NULL".to_string(), |c| literal(c, d));
                match d {
                    Dialect::Postgres | Dialect::Generic | Dialect::Oracle => {
                        self.line(&format!("COMMENT ON COLUMN {}.{} IS {v}", self.tname(table), self.p.q(column)))
                    }
                    Dialect::Mysql => {
                        let found = self.next.tables.iter().find(|t| t.schema == table.schema && t.name == table.name).cloned();
                        if let Some(t) = found
                            && let Some(c) = t.column_by_name(column)
                            && !self.is_new(table)
                        {
                            let def = self.p.column(&t, c);
                            self.line(&format!("ALTER TABLE {} MODIFY COLUMN {def}", self.tname(table)));
                        }
                    }
                    _ => {}
                }
            }
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

/// Type changes PostgreSQL does without a rewrite: varchar(n) → varchar(m ≥ n) or → text,
/// numeric(p,s) → numeric(q ≥ p,s).
fn is_widening(previous: &str, next: &crate::schema::DataType) -> bool {
    let p = crate::schema::DataType::parse(previous);
    match (&p.kind, &next.kind) {
        (TypeKind::Text { length: Some(a), fixed: false }, TypeKind::Text { length: Some(b), fixed: false }) => b >= a,
        (TypeKind::Text { fixed: false, .. }, TypeKind::Text { length: None, fixed: false }) => true,
        (TypeKind::Decimal { precision: Some(a), scale: sa }, TypeKind::Decimal { precision: Some(b), scale: sb }) => b >= a && sa == sb,
        _ => false,
    }
}
