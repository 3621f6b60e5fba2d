//! diff(baseline, current) → ordered changes; rendered per dialect by `export::migration`.
//!
//! Code map: `mod.rs` the changes and the pairing; `types.rs` namespaces and enum types;
//! `tables.rs` tables with their columns, constraints and indexes; `sequences.rs`; `views.rs`;
//! `objects.rs` what the model keeps as written (functions, triggers, policies, extensions,
//! comments, grants, …); `renames.rs` likely renames and the user's choices about them. Each object kind adds its changes to the phase it belongs
//! to ([`Phases`]), and the phases are concatenated in a dependency-safe order.
//!
//! Pairing: tables, columns and indexes are paired by id when the two schemas share their ids
//! (the editor's current schema descends from the baseline, so a rename in the editor is a
//! rename, not a drop and an add); what is left is paired by name, case-insensitively. Two
//! independently imported schemas pair by name only, and a dropped/added table or column that
//! looks alike is reported as a [`Diff::proposals`] entry ("likely rename"), never applied
//! silently.
//!
//! **Invariant:** `diff(a, b)` and `diff(b, a)` are mirror images, which is how the down script
//! is made: it is the up script of the reversed diff.

pub(crate) mod objects;
mod renames;
mod sequences;
mod tables;
mod types;
mod views;

pub use renames::{Proposal, Rename, RenameChoices, RenameRow, RenameStatus, applied};
pub use tables::canonical_type;

use crate::schema::names::{Item, Names};
pub use crate::schema::QName;
use crate::schema::{Check, ColumnId, EnumType, FkAction, Identity, Index, ObjectId, Schema, SequenceId, SequenceOptions, Table, TableId, ViewId};
use std::collections::{HashMap, HashSet};

/// The same item before and after.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pair<T> {
    pub previous: T,
    pub next: T,
}

/// A constraint with its columns by name, as the database knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Constraint {
    /// The name in the database: the model's, or the default PostgreSQL would give.
    pub name: String,
    /// Whether the model named it (unnamed constraints get dialect default names).
    pub named: bool,
    pub kind: ConstraintKind,
    pub columns: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConstraintKind {
    PrimaryKey,
    Unique,
    /// A CHECK (the model's [`crate::schema::Check`]: expression and PostgreSQL flags).
    Check(Check),
    ForeignKey { ref_table: QName, ref_columns: Vec<String>, on_delete: FkAction, on_update: FkAction, deferrable: bool, initially_deferred: bool, not_valid: bool },
}

/// One step of a migration. Tables are named as in the schema the step runs against: steps
/// before renames use previous names, steps after them use next names (see [`diff`] ordering).
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    CreateSchema(String),
    DropSchema(String),
    CreateEnum(EnumType),
    DropEnum(EnumType),
    RenameEnum { from: QName, to: String },
    /// Values appended or inserted; PostgreSQL `ADD VALUE`.
    AddEnumValues { name: QName, values: Vec<(String, Option<String>)> },
    /// Values removed or reordered: the type must be recreated.
    /// `users`: the columns of the type in both schemas — the table and column as named before
    /// the plan's renames, and the column's default in the next schema (restored afterwards).
    RecreateEnum { previous: EnumType, next: EnumType, users: Vec<(QName, String, Option<String>)> },
    RenameTable { from: QName, to: QName },
    /// The table as in the next schema (`TableId` there).
    CreateTable(TableId),
    /// The table as in the previous schema.
    DropTable(TableId),
    /// Column in the next schema's table.
    AddColumn { table: TableId, column: ColumnId },
    /// Column in the previous schema's table.
    DropColumn { table: TableId, column: ColumnId },
    RenameColumn { table: QName, from: String, to: String },
    /// Next table/column; `previous` for the old type text; `collation`: the collation changes
    /// too (PostgreSQL sets it with the type).
    AlterType { table: TableId, column: ColumnId, previous: String, collation: bool },
    SetNotNull { table: TableId, column: ColumnId },
    DropNotNull { table: TableId, column: ColumnId },
    SetDefault { table: TableId, column: ColumnId },
    DropDefault { table: TableId, column: ColumnId },
    AddIdentity { table: TableId, column: ColumnId },
    /// An identity column's kind (ALWAYS / BY DEFAULT) or sequence options change (next ids;
    /// the previous kind and options).
    AlterIdentity { table: TableId, column: ColumnId, previous: Identity, options: SequenceOptions },
    /// A column becomes serial: a sequence of its own (named as the engine would), owned by it,
    /// as its default (next ids).
    AddSerial { table: TableId, column: ColumnId, sequence: QName },
    /// A serial column stops being one: its default and its implicit sequence go.
    DropSerial { table: QName, column: String, sequence: QName },
    /// A sequence of the next schema, without its owner.
    CreateSequence(SequenceId),
    /// A sequence of the previous schema.
    DropSequence(SequenceId),
    /// The options of a paired sequence change (previous, next ids).
    AlterSequence { previous: SequenceId, next: SequenceId },
    /// `OWNED BY table.column`, or `NONE` (names as the step finds them).
    SequenceOwner { sequence: QName, owner: Option<(QName, String)> },
    DropIdentity { table: QName, column: String },
    AddConstraint { table: QName, constraint: Constraint },
    /// PostgreSQL: a NOT VALID constraint becomes valid (`VALIDATE CONSTRAINT`, next names).
    ValidateConstraint { table: QName, name: String },
    DropConstraint { table: QName, constraint: Constraint },
    RenameConstraint { table: QName, from: String, to: String },
    CreateIndex { table: TableId, index: Index },
    DropIndex { table: QName, name: String },
    RenameIndex { table: QName, from: String, to: String },
    TableComment { table: QName, comment: Option<String> },
    /// A view of the next schema, with its indexes and comment.
    CreateView(ViewId),
    /// A view of the previous schema.
    DropView(ViewId),
    /// The comment of a view (next id) changes.
    ViewComment(ViewId),
    /// PostgreSQL: the next table becomes a partition of its parent (`ATTACH PARTITION`).
    AttachPartition(TableId),
    /// PostgreSQL: the table stops being a partition of `parent` (names as before the plan).
    DetachPartition { table: QName, parent: QName },
    /// PostgreSQL row-level security and replica identity of the next table, set to what it
    /// says (`previous`: the table as it was, to leave alone what does not change).
    TableProperties { table: TableId, previous: Option<TableId> },
    ColumnComment { table: QName, column: String, comment: Option<String> },
    /// An object kept as written (function, trigger, policy, extension, comment, grant, …) of
    /// the next schema; `replace`: it exists in a shape `CREATE OR REPLACE` can change.
    CreateObject { object: ObjectId, replace: bool },
    /// An object kept as written of the previous schema.
    DropObject(ObjectId),
    /// An extension of the next schema whose statement changed (`ALTER EXTENSION … UPDATE`).
    AlterExtension(ObjectId),
}

/// The ordered changes from `previous` to `next`, and rename guesses for unpaired items.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Diff {
    pub changes: Vec<Change>,
    /// "likely rename" hints for tables/columns paired by nothing but looking alike.
    pub proposals: Vec<Proposal>,
    /// Paired tables (previous id, next id), for renderers that rebuild tables (SQLite).
    pub tables: Vec<Pair<TableId>>,
}

/// Whether `a` and `b` share ids (one descends from the other): most tables paired by name
/// also have the same id. Independent imports allocate ids in their own order, so they rarely do.
fn ids_shared(a: &Schema, b: &Schema) -> bool {
    let mut named = 0;
    let mut same = 0;
    let mut b_by_name: HashMap<String, &Table> = HashMap::with_capacity(b.tables.len());
    for u in &b.tables {
        b_by_name.entry(key(&u.schema, &u.name)).or_insert(u);
    }
    for t in &a.tables {
        if let Some(u) = b_by_name.get(&key(&t.schema, &t.name)) {
            named += 1;
            if u.id == t.id {
                same += 1;
            }
        }
    }
    if named == 0 {
        // Nothing kept its name: shared ids show as columns with the same id and name.
        return a.tables.iter().any(|t| b.table(t.id).is_some_and(|u| columns_evidence(t, u)));
    }
    same * 2 >= named
}

/// At least half of `a`'s columns have a column in `b` with the same id and name.
fn columns_evidence(a: &Table, b: &Table) -> bool {
    let same = a.columns.iter().filter(|c| b.column(c.id).is_some_and(|d| d.name.eq_ignore_ascii_case(&c.name))).count();
    !a.columns.is_empty() && same * 2 >= a.columns.len()
}

/// Pairing key: lowercase, with the default namespaces (`public`, `dbo`, `main`) the same as none
/// (also how `export::diff_marks` finds the tables a change names).
pub(crate) fn key(schema: &Option<String>, name: &str) -> String {
    match schema.as_deref().map(str::to_lowercase).as_deref() {
        None | Some("public" | "dbo" | "main") => name.to_lowercase(),
        Some(s) => format!("{s}.{}", name.to_lowercase()),
    }
}

/// Pairs items by name first (empty names never pair), then what is left by id where
/// `allow_id` accepts the pair; returns pairs and the unpaired of each side.
///
/// `forced` maps a previous item's name key to the next item's name key it must pair with (a
/// confirmed rename); those pairs are made first.
fn pair<'a, T, I: Eq + std::hash::Hash + Copy>(
    prev: &'a [T],
    next: &'a [T],
    id: impl Fn(&T) -> I,
    name: impl Fn(&T) -> String,
    allow_id: impl Fn(&T, &T) -> bool,
    forced: &HashMap<String, String>,
) -> (Vec<Pair<&'a T>>, Vec<&'a T>, Vec<&'a T>) {
    let mut pairs = Vec::new();
    let mut used_next = vec![false; next.len()];
    let mut next_by_name: HashMap<String, usize> = HashMap::new();
    for (i, t) in next.iter().enumerate() {
        let n = name(t);
        if !n.is_empty() {
            next_by_name.entry(n).or_insert(i);
        }
    }
    let mut prev_left = Vec::with_capacity(prev.len());
    for p in prev.iter().filter(|_| !forced.is_empty()) {
        let target = forced.get(&name(p)).and_then(|to| next_by_name.get(to).copied()).filter(|i| is_free(&used_next, *i));
        match target.and_then(|i| Some((i, next.get(i)?))) {
            Some((i, n)) => {
                mark_paired(&mut used_next, i);
                next_by_name.remove(&name(n));
                pairs.push(Pair { previous: p, next: n });
            }
            None => prev_left.push(p),
        }
    }
    if forced.is_empty() {
        prev_left = prev.iter().collect();
    }
    let mut rest = Vec::new();
    for p in prev_left {
        let n = name(p);
        match next_by_name.remove(&n).filter(|i| !n.is_empty() && is_free(&used_next, *i)).and_then(|i| Some((i, next.get(i)?))) {
            Some((i, next_item)) => {
                mark_paired(&mut used_next, i);
                pairs.push(Pair { previous: p, next: next_item });
            }
            None => rest.push(p),
        }
    }
    let next_by_id: HashMap<I, usize> = next.iter().zip(&used_next).enumerate().filter(|(_, (_, used))| !**used).map(|(i, (t, _))| (id(t), i)).collect();
    let mut unpaired_prev = Vec::new();
    for p in rest {
        match next_by_id.get(&id(p)).and_then(|&i| Some((i, next.get(i)?))) {
            Some((i, next_item)) if is_free(&used_next, i) && allow_id(p, next_item) => {
                mark_paired(&mut used_next, i);
                pairs.push(Pair { previous: p, next: next_item });
            }
            _ => unpaired_prev.push(p),
        }
    }
    let unpaired_next = next.iter().zip(&used_next).filter(|(_, used)| !**used).map(|(t, _)| t).collect();
    (pairs, unpaired_prev, unpaired_next)
}

/// Whether item `i` of `next` is not paired yet (`used` has one flag an item).
fn is_free(used: &[bool], i: usize) -> bool {
    used.get(i) == Some(&false)
}

/// Marks item `i` of `next` as paired.
fn mark_paired(used: &mut [bool], i: usize) {
    if let Some(u) = used.get_mut(i) {
        *u = true;
    }
}

/// The name of index `ix` of `t` in the database: its own, or the one the engine gave it.
fn index_name(names: &Names, t: &Table, ix: &Index) -> String {
    t.indexes
        .iter()
        .position(|i| i.id == ix.id)
        .and_then(|i| names.get(t.id, Item::Index(i)))
        .map_or_else(|| crate::schema::names::index_base_name(t, ix), str::to_string)
}

/// `ix` with the name it gets in the database, for a CREATE INDEX that must give it that name.
fn named_index(names: &Names, t: &Table, ix: &Index) -> Index {
    Index { name: Some(index_name(names, t, ix)), ..ix.clone() }
}

fn col_names(t: &Table, ids: &[ColumnId]) -> Vec<String> {
    ids.iter().filter_map(|c| t.column(*c)).map(|c| c.name.clone()).collect()
}

/// The ordered changes from `prev` to `next`.
pub fn diff(prev: &Schema, next: &Schema) -> Diff {
    diff_inner(prev, next, &[], true)
}

/// The diff of two independently imported schemas ("compare two schemas"), with confirmed
/// renames: objects pair by name only — two imports of similar texts hand out the same ids by
/// coincidence, so ids say nothing — and each confirmed rename pairs the named previous table
/// or column with the named next one (instead of a drop and an add), so the plan renames it and
/// diffs the rest of it. Renames naming nothing, or what is already paired, change nothing.
pub fn diff_with(prev: &Schema, next: &Schema, confirmed: &[Rename]) -> Diff {
    diff_inner(prev, next, confirmed, false)
}

/// The changes of one diff by phase, concatenated by [`Phases::into_changes`] in an order where
/// every step finds what it needs: dependents dropped first, dependencies created first.
#[derive(Default)]
struct Phases {
    /// What hangs on a table or routine (triggers, policies, grants, comments) goes first.
    drop_dependents: Vec<Change>,
    /// Views go next: they hold on to the columns and types everything else may change.
    drop_views: Vec<Change>,
    /// Routines and types that are dropped to be created anew (their shape changes).
    drop_routines_early: Vec<Change>,
    drop_fks: Vec<Change>,
    drop_other: Vec<Change>,
    /// Tables that must be created anew go before the new ones take their names.
    drop_recreated: Vec<Change>,
    create_types: Vec<Change>,
    /// Extensions, then the types kept as written.
    create_extensions: Vec<Change>,
    /// Routines that the next tables' defaults, checks or indexes call.
    create_routines: Vec<Change>,
    renames: Vec<Change>,
    creates: Vec<Change>,
    columns: Vec<Change>,
    drop_columns: Vec<Change>,
    drop_tables: Vec<Change>,
    add_constraints: Vec<Change>,
    create_indexes: Vec<Change>,
    add_fks: Vec<Change>,
    /// The other routines, once the tables and columns they may read are there.
    late_routines: Vec<Change>,
    /// Partitions attached, row security, replica identity: after tables and indexes exist.
    table_properties: Vec<Change>,
    /// Views come back last, once everything they read is there.
    create_views: Vec<Change>,
    /// Triggers, policies, grants, comments: on everything else.
    create_dependents: Vec<Change>,
    comments: Vec<Change>,
    /// Routines that go for good, once nothing uses them.
    drop_routines: Vec<Change>,
    drop_types: Vec<Change>,
    drop_extensions: Vec<Change>,
    drop_schemas: Vec<Change>,
}

impl Phases {
    fn into_changes(self) -> Vec<Change> {
        let Phases {
            drop_dependents, drop_views, drop_routines_early, drop_fks, drop_other, drop_recreated, create_types, create_extensions,
            create_routines, renames, creates, columns, drop_columns, drop_tables, add_constraints, create_indexes, add_fks, late_routines,
            table_properties, create_views, create_dependents, comments, drop_routines, drop_types, drop_extensions, drop_schemas,
        } = self;
        [
            drop_dependents, drop_views, drop_routines_early, drop_fks, drop_other, drop_recreated, create_types, create_extensions,
            create_routines, renames, creates, columns, drop_columns, drop_tables, add_constraints, create_indexes, add_fks, late_routines,
            table_properties, create_views, create_dependents, comments, drop_routines, drop_types, drop_extensions, drop_schemas,
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// One diff in progress: the two schemas, how they pair, and the changes found so far.
struct Differ<'a> {
    prev: &'a Schema,
    next: &'a Schema,
    /// Whether ids pair items (the schemas share them).
    by_id: bool,
    prev_names: Names,
    next_names: Names,
    /// Confirmed column renames: table key → previous column → next column (lowercase).
    forced_columns: HashMap<String, HashMap<String, String>>,
    /// Paired tables, previous → next names.
    table_rename: HashMap<QName, QName>,
    /// Tables (previous ids) whose primary key changes: foreign keys to them are re-added.
    pk_changed: HashSet<TableId>,
    pk_changed_names: HashSet<QName>,
    dropped_ids: HashSet<TableId>,
    /// Dropped tables (previous ids) that come back under the same name, created anew.
    recreated: HashSet<TableId>,
    /// Tables (previous ids) that lose or retype columns, or are created anew: the views that
    /// read them are created anew.
    reshaped: HashSet<TableId>,
    dropped_names: HashSet<QName>,
    /// Routines (lowercase names) dropped and created anew: the views naming them are too.
    recreated_routines: HashSet<String>,
    phases: Phases,
    proposals: Vec<Proposal>,
}

fn diff_inner(prev: &Schema, next: &Schema, confirmed: &[Rename], allow_ids: bool) -> Diff {
    let by_id = allow_ids && ids_shared(prev, next);
    let mut forced_tables: HashMap<String, String> = HashMap::new();
    let mut forced_columns: HashMap<String, HashMap<String, String>> = HashMap::new();
    for r in confirmed {
        match r {
            Rename::Table { from, to } => {
                forced_tables.insert(key(&from.schema, &from.name), key(&to.schema, &to.name));
            }
            Rename::Column { table, from, to } => {
                forced_columns.entry(key(&table.schema, &table.name)).or_default().insert(from.to_lowercase(), to.to_lowercase());
            }
        }
    }
    let (mut tpairs, dropped, added) = pair(
        &prev.tables,
        &next.tables,
        |t| t.id,
        |t| key(&t.schema, &t.name),
        |a, b| by_id && columns_evidence(a, b),
        &forced_tables,
    );
    tpairs.sort_by_key(|p| p.previous.id);
    let (tpairs, dropped, added, recreated) = tables::recreated(tpairs, dropped, added);
    let mut dx = Differ {
        prev,
        next,
        by_id,
        prev_names: Names::postgres(prev),
        next_names: Names::postgres(next),
        forced_columns,
        table_rename: tpairs.iter().map(|p| (QName::of(p.previous), QName::of(p.next))).collect(),
        pk_changed: HashSet::new(),
        pk_changed_names: HashSet::new(),
        dropped_ids: dropped.iter().map(|t| t.id).collect(),
        reshaped: recreated.clone(),
        recreated,
        dropped_names: dropped.iter().map(|t| QName::of(t)).collect(),
        recreated_routines: HashSet::new(),
        phases: Phases::default(),
        proposals: Vec::new(),
    };
    dx.namespaces();
    dx.enums(&tpairs);
    dx.sequences();
    dx.key_changes(&tpairs);
    for t in &added {
        dx.added_table(t);
    }
    for t in &dropped {
        dx.dropped_table(t);
    }
    // Foreign keys from surviving tables to dropped tables go with the table pairs (their
    // constraint disappears from `next`).
    for p in &tpairs {
        dx.table_pair(p.previous, p.next);
    }
    if !by_id {
        dx.table_proposals(&dropped, &added);
    }
    dx.objects();
    dx.views();
    // A partition's indexes before its parent's (deepest first, stable otherwise): a parent
    // index made on the whole tree attaches a matching partition index that exists, as the
    // export of `next` has it (its local indexes come before the parent's).
    let depth = |id: TableId| {
        let mut d = 0usize;
        let mut t = next.table(id);
        while let Some(p) = t.and_then(|t| t.parent) {
            d += 1;
            if d > next.tables.len() {
                break;
            }
            t = next.table(p);
        }
        d
    };
    dx.phases.create_indexes.sort_by_key(|ch| std::cmp::Reverse(if let Change::CreateIndex { table, .. } = ch { depth(*table) } else { 0 }));
    Diff {
        changes: dx.phases.into_changes(),
        proposals: dx.proposals,
        tables: tpairs.iter().map(|p| Pair { previous: p.previous.id, next: p.next.id }).collect(),
    }
}

/// Whether a column of type `dt` is of the enum type `e` (`color`, `s.color`, `"s"."color"`;
/// an unqualified name means the enum of that name in any namespace).
pub fn uses_enum(dt: &crate::schema::DataType, e: &EnumType) -> bool {
    let text = dt.normalized.replace('"', "");
    let (schema, name) = match text.rsplit_once('.') {
        Some((s, n)) => (Some(s), n),
        None => (None, text.as_str()),
    };
    name.eq_ignore_ascii_case(&e.name)
        && schema.is_none_or(|s| key(&Some(s.to_string()), "") == key(&e.schema, ""))
}
