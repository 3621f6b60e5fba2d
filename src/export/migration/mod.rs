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

mod constraints;
mod objects;
mod sequences;
mod sqlite;
mod tables;
mod types;
mod views;

use super::sql::Pieces;
use crate::diff::{self, Change, Diff};
use crate::schema::{Dialect, QName, Schema, Table, TableId, TypeKind};
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

/// How a plan treats a live database.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// Every step in one transaction (PostgreSQL), as short as a script can be.
    #[default]
    Simple,
    /// PostgreSQL steps that hold long locks are done the online way: indexes on existing
    /// tables built `CONCURRENTLY` after the transaction, foreign keys and checks added `NOT
    /// VALID` and validated after it, `SET NOT NULL` through a validated CHECK. The hazards are
    /// still listed, each saying how the plan handles it. Other dialects: as `Simple`.
    Online,
}

pub fn plan(previous: &Schema, next: &Schema, d: Dialect) -> Migration {
    let up_diff = diff::diff(previous, next);
    let down_diff = diff::diff(next, previous);
    let (up, hazards) = render_mode(&up_diff, previous, next, d, "up", Mode::Simple);
    let (down, down_hazards) = render_mode(&down_diff, next, previous, d, "down", Mode::Simple);
    Migration { up, down, hazards, down_hazards, proposals: up_diff.proposals.clone(), up_diff }
}

/// The plan between two independently imported schemas with confirmed renames (see
/// [`diff::diff_with`]: pairing by name only); the down script applies them in reverse.
pub fn plan_with(previous: &Schema, next: &Schema, d: Dialect, confirmed: &[diff::Rename]) -> Migration {
    plan_with_mode(previous, next, d, confirmed, Mode::Simple)
}

/// [`plan_with`] in a [`Mode`].
pub fn plan_with_mode(previous: &Schema, next: &Schema, d: Dialect, confirmed: &[diff::Rename], mode: Mode) -> Migration {
    let up_diff = diff::diff_with(previous, next, confirmed);
    let tables: Vec<diff::Rename> = confirmed.iter().filter(|r| matches!(r, diff::Rename::Table { .. })).cloned().collect();
    let reversed: Vec<diff::Rename> = confirmed.iter().map(|r| r.reversed(&tables)).collect();
    let down_diff = diff::diff_with(next, previous, &reversed);
    let (up, hazards) = render_mode(&up_diff, previous, next, d, "up", mode);
    let (down, down_hazards) = render_mode(&down_diff, next, previous, d, "down", mode);
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
    /// PostgreSQL online mode (see [`Mode::Online`]).
    online: bool,
    /// Statements that run after the transaction, each on its own (online mode).
    post: String,
    /// A down script on PostgreSQL: a column re-added before existing ones gets its position
    /// back (see [`Ctx::column_order`]); elsewhere the position change is a hazard.
    restore_order: bool,
    /// Tables (keys) that a foreign key of this plan references: their new indexes stay in the
    /// transaction (the key needs the unique one).
    fk_targets: HashSet<String>,
    /// Indexes this plan creates `ON ONLY` a partitioned table (schema, engine name): the
    /// partitions' indexes the target attaches to them are attached at the end of the plan.
    only_created: Vec<(Option<String>, String)>,
    /// Indexes and keys this plan drops (lowercase names).
    dropped_indexes: HashSet<String>,
}

fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

pub fn render(df: &Diff, prev: &Schema, next: &Schema, d: Dialect, direction: &str) -> (String, Vec<String>) {
    render_mode(df, prev, next, d, direction, Mode::Simple)
}

/// [`render`] in a [`Mode`].
pub fn render_mode(df: &Diff, prev: &Schema, next: &Schema, d: Dialect, direction: &str, mode: Mode) -> (String, Vec<String>) {
    let mut c = Ctx::new(df, prev, next, d, direction, mode);
    c.steps(df);
    let text = c.script(df, direction);
    (text, c.hazards)
}

impl<'a> Ctx<'a> {
    /// The context for rendering `df`, a plan from `prev` to `next`: what it creates, renames,
    /// references and drops, which the steps look up.
    fn new(df: &Diff, prev: &'a Schema, next: &'a Schema, d: Dialect, direction: &str, mode: Mode) -> Self {
        let p = Pieces::new(next, d);
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
            online: mode == Mode::Online && d == Dialect::Postgres,
            post: String::new(),
            restore_order: direction == "down" && d == Dialect::Postgres,
            fk_targets: df
                .changes
                .iter()
                .filter_map(|ch| match ch {
                    Change::AddConstraint { constraint: diff::Constraint { kind: diff::ConstraintKind::ForeignKey { ref_table, .. }, .. }, .. } => Some(key(ref_table)),
                    _ => None,
                })
                .collect(),
            only_created: Vec::new(),
            dropped_indexes: df
                .changes
                .iter()
                .filter_map(|ch| match ch {
                    Change::DropIndex { name, .. } => Some(name.to_lowercase()),
                    Change::DropConstraint { constraint, .. } if matches!(constraint.kind, diff::ConstraintKind::PrimaryKey | diff::ConstraintKind::Unique) => {
                        Some(constraint.name.to_lowercase())
                    }
                    _ => None,
                })
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
            c.rebuilt = sqlite::sqlite_rebuilds(df, prev, next);
        }
        c
    }

    /// Each change's statements in plan order (on SQLite a table to rebuild is rebuilt once, at its
    /// first change that is not a drop or a rename; after a table's last added column, its
    /// column order), then the partitions' index attachments.
    fn steps(&mut self, df: &Diff) {
        let mut rebuilt_done: HashSet<TableId> = HashSet::new();
        for (i, ch) in df.changes.iter().enumerate() {
            if self.d == Dialect::Sqlite
                && let Some(t) = self.sqlite_table_of(ch)
                && self.rebuilt.contains(&t)
            {
                if !matches!(ch, Change::DropConstraint { .. } | Change::DropIndex { .. } | Change::RenameTable { .. } | Change::RenameColumn { .. })
                    && rebuilt_done.insert(t)
                {
                    self.sqlite_rebuild(t, df);
                }
                continue;
            }
            self.change(ch);
            // After a table's last added column: its column order (PostgreSQL).
            if let Change::AddColumn { table, .. } = ch
                && !df.changes.iter().skip(i + 1).any(|x| matches!(x, Change::AddColumn { table: t, .. } if t == table))
            {
                self.column_order(*table, df);
            }
        }
        self.reattach(df);
    }

    /// The script: a header (the change count, hazards, rename proposals, warnings), then the
    /// statements, in a transaction where the dialect has one, with `pre` before it and the
    /// online steps after it.
    fn script(&mut self, df: &Diff, direction: &str) -> String {
        let d = self.d;
        let mut text = String::new();
        let count = df.changes.len();
        let _ = writeln!(text, "-- Migration ({direction}) generated by erdsmith for {}: {count} change(s).", d.label());
        if self.hazards.is_empty() {
            text.push_str("-- Hazards: none found.\n");
        } else {
            text.push_str("-- Hazards (review before running on a live database):\n");
            for h in &self.hazards {
                let _ = writeln!(text, "--   * {}", one_line(h));
            }
        }
        for pr in &df.proposals {
            let _ = writeln!(text, "--   ? {}", one_line(&pr.message));
        }
        for w in self.p.take_warnings() {
            let _ = writeln!(text, "--   ! {}", one_line(&w.message));
        }
        text.push('\n');
        if count == 0 {
            text.push_str("-- Nothing to do.\n");
            return text;
        }
        let tx = matches!(d, Dialect::Postgres | Dialect::Sqlite | Dialect::Generic);
        text.push_str(&self.pre);
        if tx {
            text.push_str("BEGIN;\n");
        }
        if d == Dialect::Sqlite {
            text.push_str("PRAGMA defer_foreign_keys = ON;\n");
        }
        if d == Dialect::Mysql {
            text.push_str("SET FOREIGN_KEY_CHECKS = 0;\n");
        }
        text.push_str(&self.out);
        if d == Dialect::Mysql {
            text.push_str("SET FOREIGN_KEY_CHECKS = 1;\n");
        }
        if tx {
            text.push_str("COMMIT;\n");
        }
        if !self.post.is_empty() {
            text.push_str("-- Online steps: each on its own, after the transaction (CONCURRENTLY cannot run in one; VALIDATE lets writes through).\n");
            text.push_str(&self.post);
        }
        text
    }
}

fn key(q: &QName) -> String {
    match &q.schema {
        Some(s) => format!("{}.{}", s.to_lowercase(), q.name.to_lowercase()),
        None => q.name.to_lowercase(),
    }
}

impl Ctx<'_> {
    fn line(&mut self, s: &str) {
        self.out.push_str(s);
        if !s.ends_with(';') {
            self.out.push(';');
        }
        self.out.push('\n');
    }

    /// A statement that runs after the transaction (online mode).
    fn post_line(&mut self, s: &str) {
        self.post.push_str(s.trim_end().trim_end_matches(';'));
        self.post.push_str(";\n");
    }

    /// The kept `ALTER INDEX parent ATTACH PARTITION child` statements of `next` whose parent
    /// index this plan created `ON ONLY` (a new index starts with no partition attached), that
    /// the plan does not already create as kept statements: run last, when every partition
    /// index exists. A partition with no attached index leaves the parent index invalid, as in
    /// the target.
    fn reattach(&mut self, df: &Diff) {
        if self.only_created.is_empty() {
            return;
        }
        let created: HashSet<crate::schema::ObjectId> = df
            .changes
            .iter()
            .filter_map(|ch| if let Change::CreateObject { object, .. } = ch { Some(*object) } else { None })
            .collect();
        let next = self.next;
        for o in &next.objects {
            if created.contains(&o.id) {
                continue;
            }
            let Some((parent, _)) = diff::objects::index_attachment(o) else { continue };
            let schema = o.schema.as_deref().map(str::to_lowercase);
            if self.only_created.iter().any(|(s, n)| n.eq_ignore_ascii_case(&parent) && (schema.is_none() || s.as_deref().map(str::to_lowercase) == schema)) {
                let text = self.p.object_text(o);
                self.statement(&text);
            }
        }
    }

    /// Whether every kept attachment of `next` to the index `name` of `t` names a partition
    /// index or key that `next` has.
    fn attachments_resolve(&self, t: &Table, name: &str) -> bool {
        let schema = t.schema.as_deref().map(str::to_lowercase);
        let exists = |child: &str| {
            self.next.tables.iter().any(|x| {
                x.indexes.iter().any(|ix| self.p.index_name(x, ix).eq_ignore_ascii_case(child))
                    || x.primary_key.as_ref().and_then(|k| k.name.as_deref()).is_some_and(|n| n.eq_ignore_ascii_case(child))
                    || x.uniques.iter().filter_map(|u| u.name.as_deref()).any(|n| n.eq_ignore_ascii_case(child))
            })
        };
        self.next.objects.iter().filter_map(|o| diff::objects::index_attachment(o).map(|a| (o, a))).all(|(o, (parent, child))| {
            let same = parent.eq_ignore_ascii_case(name) && (o.schema.is_none() || o.schema.as_deref().map(str::to_lowercase) == schema);
            !same || exists(&child)
        })
    }

    /// In the previous schema: (parent table, parent index or key, partition table, the
    /// partition's key — a PRIMARY KEY or UNIQUE constraint — of the same columns), the key
    /// PostgreSQL has attached to the parent's index.
    fn attached_keys(&self) -> Vec<(String, String, String, String)> {
        let prev = self.prev;
        let mut out = Vec::new();
        for part in prev.tables.iter().filter(|t| t.parent.is_some()) {
            let Some(parent) = part.parent.and_then(|p| prev.table(p)) else { continue };
            let keys: Vec<String> = part.primary_key.iter().filter_map(|k| k.name.clone()).chain(part.uniques.iter().filter_map(|u| u.name.clone())).collect();
            for (pidx, local) in tables::matching_local(&self.p, parent, part) {
                if keys.iter().any(|k| k.eq_ignore_ascii_case(&local)) {
                    out.push((parent.name.clone(), pidx, part.name.clone(), local));
                }
            }
        }
        out
    }

    /// The parent index (engine name) that the index `name` of the partition `table` is
    /// attached to in the previous schema: by a kept `ALTER INDEX … ATTACH PARTITION`, or as
    /// the matching index of a parent index made on the whole tree.
    fn attached_parent(&self, table: &QName, name: &str) -> Option<String> {
        let prev = self.prev;
        if let Some((parent, _)) = prev.objects.iter().filter_map(diff::objects::index_attachment).find(|(_, c)| c.eq_ignore_ascii_case(name)) {
            return Some(parent);
        }
        let part = prev.tables.iter().find(|t| t.name == table.name && t.schema == table.schema)?;
        let parent = part.parent.and_then(|p| prev.table(p))?;
        tables::matching_local(&self.p, parent, part).into_iter().find(|(_, l)| l.eq_ignore_ascii_case(name)).map(|(p, _)| p)
    }

    fn hazard(&mut self, s: String) {
        if !self.hazards.contains(&s) {
            self.hazards.push(s);
        }
    }

    /// A hazard saying the plan runs but does not reach the target exactly, and how the result
    /// differs (a column order ALTER TABLE cannot give, an attachment no statement can make).
    /// Starts with `INEXACT:`, the word tests/sql/pg_schema_diff.py reads: a plan that runs and
    /// leaves another catalog than the target's without it is a failure of the gate.
    fn inexact(&mut self, s: String) {
        self.hazard(format!("INEXACT: {s}"));
    }

    /// A hazard saying a step of the plan fails on purpose (so the transaction leaves the
    /// database as it was) until a person writes what it needs. Starts with `FAILS:`.
    fn fails(&mut self, s: String) {
        self.hazard(format!("FAILS: {s}"));
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

    /// Renders one change, by object kind.
    fn change(&mut self, ch: &Change) {
        match ch {
            Change::CreateSchema(_) | Change::DropSchema(_) | Change::CreateEnum(_) | Change::DropEnum(_) | Change::RenameEnum { .. }
            | Change::AddEnumValues { .. } | Change::RecreateEnum { .. } => self.type_change(ch),
            Change::RenameTable { .. } | Change::CreateTable(_) | Change::DropTable(_) => self.table_change(ch),
            Change::AddColumn { .. } | Change::DropColumn { .. } | Change::RenameColumn { .. } | Change::AlterType { .. } => self.column_change(ch),
            Change::SetNotNull { .. } | Change::DropNotNull { .. } | Change::SetDefault { .. } | Change::DropDefault { .. }
            | Change::AddIdentity { .. } | Change::DropIdentity { .. } => self.column_attribute_change(ch),
            Change::AddConstraint { .. } | Change::DropConstraint { .. } | Change::RenameConstraint { .. } | Change::ValidateConstraint { .. } => {
                self.constraint_change(ch)
            }
            Change::CreateIndex { .. } | Change::DropIndex { .. } | Change::RenameIndex { .. } => self.index_change(ch),
            Change::TableComment { .. } | Change::ColumnComment { .. } => self.comment_change(ch),
            Change::AttachPartition(_) | Change::DetachPartition { .. } | Change::TableProperties { .. } => self.table_property_change(ch),
            Change::CreateView(_) | Change::DropView(_) | Change::ViewComment(_) => self.view_change(ch),
            Change::CreateSequence(_) | Change::DropSequence(_) | Change::AlterSequence { .. } | Change::SequenceOwner { .. } => self.sequence_change(ch),
            Change::AddSerial { .. } | Change::DropSerial { .. } | Change::AlterIdentity { .. } => self.serial_identity_change(ch),
            Change::CreateObject { .. } | Change::DropObject(_) | Change::AlterExtension(_) => self.object_change(ch),
        }
    }
}

/// The up (or, with `down`, the down) migration script from `old` to `new` in `dialect`, for
/// two independently imported schemas (the CLI's two files): objects pair by name only, since
/// two imports hand out the same ids by coincidence.
pub fn script(old: &Schema, new: &Schema, dialect: Dialect, down: bool) -> String {
    script_mode(old, new, dialect, down, Mode::Simple)
}

/// [`script`] in a [`Mode`].
pub fn script_mode(old: &Schema, new: &Schema, dialect: Dialect, down: bool, mode: Mode) -> String {
    let m = plan_with_mode(old, new, dialect, &[], mode);
    if down { m.down } else { m.up }
}

/// A plan with `notes` added to its hazards as `UNREAD:` ones: statements of either file the
/// import could not read (the CLI), so neither schema has them and the plan does not account
/// for them — it may fail, or run and leave another catalog than the file's.
pub fn with_unread(script: &str, notes: &[String]) -> String {
    if notes.is_empty() {
        return script.to_string();
    }
    let lines: String = notes.iter().map(|n| format!("--   * UNREAD: {}\n", one_line(n))).collect();
    const NONE: &str = "-- Hazards: none found.\n";
    const SOME: &str = "-- Hazards (review before running on a live database):\n";
    if let Some(at) = script.find(NONE) {
        format!("{}{SOME}{lines}{}", &script[..at], &script[at + NONE.len()..])
    } else if let Some(at) = script.find(SOME) {
        let at = at + SOME.len();
        format!("{}{lines}{}", &script[..at], &script[at..])
    } else {
        format!("{SOME}{lines}{script}")
    }
}

/// The table `t` of `s` and its column `c`.
fn column_of(s: &Schema, t: TableId, c: crate::schema::ColumnId) -> Option<(&Table, &crate::schema::Column)> {
    let t = s.table(t)?;
    Some((t, t.column(c)?))
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
