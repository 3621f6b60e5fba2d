//! diff(baseline, current) → ordered changes; rendered per dialect by `export::migration`.
//!
//! Public API (used by ui/, the CLI `diff`): `migration_script`.
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

use crate::schema::{
    Check, Column, ColumnId, Dialect, EnumType, FkAction, Index, IndexPart, Schema, Table, TableId,
};
use std::collections::{HashMap, HashSet};

/// The same item before and after.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pair<T> {
    pub previous: T,
    pub next: T,
}

/// Schema-qualified object name.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct QName {
    pub schema: Option<String>,
    pub name: String,
}

impl QName {
    pub fn of(t: &Table) -> QName {
        QName { schema: t.schema.clone(), name: t.name.clone() }
    }
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
    Check(String),
    ForeignKey { ref_table: QName, ref_columns: Vec<String>, on_delete: FkAction, on_update: FkAction, deferrable: bool },
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
    RecreateEnum { previous: EnumType, next: EnumType, users: Vec<(QName, String)> },
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
    /// Next table/column; `previous` for the old type text.
    AlterType { table: TableId, column: ColumnId, previous: String },
    SetNotNull { table: TableId, column: ColumnId },
    DropNotNull { table: TableId, column: ColumnId },
    SetDefault { table: TableId, column: ColumnId },
    DropDefault { table: TableId, column: ColumnId },
    AddIdentity { table: TableId, column: ColumnId },
    DropIdentity { table: QName, column: String },
    AddConstraint { table: QName, constraint: Constraint },
    DropConstraint { table: QName, constraint: Constraint },
    RenameConstraint { table: QName, from: String, to: String },
    CreateIndex { table: TableId, index: Index },
    DropIndex { table: QName, name: String },
    RenameIndex { table: QName, from: String, to: String },
    TableComment { table: QName, comment: Option<String> },
    ColumnComment { table: QName, column: String, comment: Option<String> },
}

/// A rename of a table or a column between two schemas, by name (both schemas are independent
/// imports, so names are all they share). A column's `table` is the table's name in the
/// previous schema.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Rename {
    Table { from: QName, to: QName },
    Column { table: QName, from: String, to: String },
}

impl Rename {
    /// The same rename seen from the other side (for the down diff). A column's table is then
    /// named as in the other schema: `table_renames` maps previous → next table names.
    pub fn reversed(&self, table_renames: &[Rename]) -> Rename {
        match self {
            Rename::Table { from, to } => Rename::Table { from: to.clone(), to: from.clone() },
            Rename::Column { table, from, to } => {
                let table = table_renames
                    .iter()
                    .find_map(|r| match r {
                        Rename::Table { from: f, to: t } if same_table(f, table) => Some(t.clone()),
                        _ => None,
                    })
                    .unwrap_or_else(|| table.clone());
                Rename::Column { table, from: to.clone(), to: from.clone() }
            }
        }
    }

    /// One line for lists: `table posts → articles`, `users.phone → mobile`.
    pub fn describe(&self) -> String {
        match self {
            Rename::Table { from, to } => format!("table {} → {}", qualified(from), qualified(to)),
            Rename::Column { table, from, to } => format!("column {}.{from} → {to}", qualified(table)),
        }
    }
}

fn qualified(q: &QName) -> String {
    match &q.schema {
        Some(s) => format!("{s}.{}", q.name),
        None => q.name.clone(),
    }
}

fn same_table(a: &QName, b: &QName) -> bool {
    key(&a.schema, &a.name) == key(&b.schema, &b.name)
}

/// A likely rename the diff found but did not apply: the plan drops and adds until the user
/// confirms it (see [`diff_with`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Proposal {
    pub rename: Rename,
    /// Why it looks like a rename, as written at the top of the script.
    pub message: String,
}

/// What the user decided about likely renames (the "compare two schemas" view): confirmed ones
/// are passed to [`diff_with`]; rejected ones stay a drop and an add and are listed as such.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RenameChoices {
    pub confirmed: Vec<Rename>,
    pub rejected: Vec<Rename>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RenameStatus {
    /// Proposed by the diff, not decided yet (the plan drops and adds).
    Open,
    Confirmed,
    Rejected,
}

/// One line of the rename list: the rename, its status and the text to show.
#[derive(Clone, Debug, PartialEq)]
pub struct RenameRow {
    pub rename: Rename,
    pub status: RenameStatus,
    pub text: String,
}

impl RenameChoices {
    pub fn confirm(&mut self, r: Rename) {
        self.rejected.retain(|x| *x != r);
        if !self.confirmed.contains(&r) {
            self.confirmed.push(r);
        }
    }

    /// Rejects a proposal, or takes back a confirmation (the rename is proposed again, rejected).
    pub fn reject(&mut self, r: Rename) {
        self.confirmed.retain(|x| *x != r);
        if !self.rejected.contains(&r) {
            self.rejected.push(r);
        }
    }

    /// The list to show for `d` (the diff made with `self.confirmed`): confirmed renames the plan
    /// applies, then every open or rejected proposal. Confirmed renames that no longer match
    /// anything (the target text changed) are left out.
    pub fn rows(&self, d: &Diff) -> Vec<RenameRow> {
        let mut out: Vec<RenameRow> = self
            .confirmed
            .iter()
            .filter(|r| applied(d, r))
            .map(|r| RenameRow { rename: r.clone(), status: RenameStatus::Confirmed, text: format!("{} (confirmed)", r.describe()) })
            .collect();
        for p in &d.proposals {
            if out.iter().any(|row| row.rename == p.rename) {
                continue;
            }
            let status = if self.rejected.contains(&p.rename) { RenameStatus::Rejected } else { RenameStatus::Open };
            out.push(RenameRow { rename: p.rename.clone(), status, text: p.message.clone() });
        }
        out
    }
}

/// Whether the diff renames what `r` names.
pub fn applied(d: &Diff, r: &Rename) -> bool {
    d.changes.iter().any(|c| match (c, r) {
        (Change::RenameTable { from, to }, Rename::Table { from: f, to: t }) => same_table(from, f) && same_table(to, t),
        (Change::RenameColumn { from, to, .. }, Rename::Column { from: f, to: t, .. }) => {
            from.eq_ignore_ascii_case(f) && to.eq_ignore_ascii_case(t)
        }
        _ => false,
    })
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

/// The up (or, with `down`, the down) migration script from `old` to `new` in `dialect`.
pub fn migration_script(old: &Schema, new: &Schema, dialect: Dialect, down: bool) -> Result<String, String> {
    let m = crate::export::migration::plan(old, new, dialect);
    Ok(if down { m.down } else { m.up })
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

/// Pairing key: lowercase, with the default namespaces (`public`, `dbo`, `main`) the same as none.
fn key(schema: &Option<String>, name: &str) -> String {
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
        let target = forced.get(&name(p)).and_then(|to| next_by_name.get(to).copied()).filter(|i| !used_next[*i]);
        match target {
            Some(i) => {
                used_next[i] = true;
                next_by_name.remove(&name(&next[i]));
                pairs.push(Pair { previous: p, next: &next[i] });
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
        match next_by_name.remove(&n).filter(|i| !n.is_empty() && !used_next[*i]) {
            Some(i) => {
                used_next[i] = true;
                pairs.push(Pair { previous: p, next: &next[i] });
            }
            None => rest.push(p),
        }
    }
    let next_by_id: HashMap<I, usize> = next.iter().enumerate().filter(|(i, _)| !used_next[*i]).map(|(i, t)| (id(t), i)).collect();
    let mut unpaired_prev = Vec::new();
    for p in rest {
        match next_by_id.get(&id(p)) {
            Some(&i) if !used_next[i] && allow_id(p, &next[i]) => {
                used_next[i] = true;
                pairs.push(Pair { previous: p, next: &next[i] });
            }
            _ => unpaired_prev.push(p),
        }
    }
    let unpaired_next = next.iter().enumerate().filter(|(i, _)| !used_next[*i]).map(|(_, t)| t).collect();
    (pairs, unpaired_prev, unpaired_next)
}

/// PostgreSQL's default name for an unnamed constraint.
fn default_constraint_name(table: &str, kind: &ConstraintKind, cols: &[String]) -> String {
    let suffix = match kind {
        ConstraintKind::PrimaryKey => return format!("{table}_pkey"),
        ConstraintKind::Unique => "key",
        ConstraintKind::Check(_) => "check",
        ConstraintKind::ForeignKey { .. } => "fkey",
    };
    let mut name = String::from(table);
    for c in cols.iter().take(if matches!(kind, ConstraintKind::Check(_)) { 1 } else { usize::MAX }) {
        name.push('_');
        name.push_str(c);
    }
    name.push('_');
    name.push_str(suffix);
    name
}

fn col_names(t: &Table, ids: &[ColumnId]) -> Vec<String> {
    ids.iter().filter_map(|c| t.column(*c)).map(|c| c.name.clone()).collect()
}

/// Every constraint of `t`, by name.
fn constraints(s: &Schema, t: &Table) -> Vec<Constraint> {
    let mut out = Vec::new();
    let mut push = |name: &Option<String>, kind: ConstraintKind, columns: Vec<String>| {
        let named = name.as_deref().is_some_and(|n| !n.is_empty());
        let name = match name {
            Some(n) if !n.is_empty() => n.clone(),
            _ => default_constraint_name(&t.name, &kind, &columns),
        };
        out.push(Constraint { name, named, kind, columns });
    };
    if let Some(pk) = &t.primary_key {
        push(&pk.name, ConstraintKind::PrimaryKey, col_names(t, &pk.columns));
    }
    for u in &t.uniques {
        push(&u.name, ConstraintKind::Unique, col_names(t, &u.columns));
    }
    for Check { name, expr, .. } in &t.checks {
        push(name, ConstraintKind::Check(expr.clone()), Vec::new());
    }
    for fk in &t.foreign_keys {
        let Some(rt) = s.table(fk.ref_table) else { continue };
        push(
            &fk.name,
            ConstraintKind::ForeignKey {
                ref_table: QName::of(rt),
                ref_columns: col_names(rt, &fk.ref_columns),
                on_delete: fk.on_delete,
                on_update: fk.on_update,
                deferrable: fk.deferrable,
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
        ConstraintKind::Check(e) => format!("ck:{}", e.to_lowercase()),
        ConstraintKind::ForeignKey { ref_table, ref_columns, .. } => {
            let rt = table_rename.get(ref_table).unwrap_or(ref_table);
            format!("fk:{}:{}:{}", cols.join(","), key(&rt.schema, &rt.name), ref_columns.join(",").to_lowercase())
        }
    }
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
    let no_force = HashMap::new();
    let (mut tpairs, dropped, added) = pair(
        &prev.tables,
        &next.tables,
        |t| t.id,
        |t| key(&t.schema, &t.name),
        |a, b| by_id && columns_evidence(a, b),
        &forced_tables,
    );
    tpairs.sort_by_key(|p| p.previous.id);
    let mut d = Diff { tables: tpairs.iter().map(|p| Pair { previous: p.previous.id, next: p.next.id }).collect(), ..Default::default() };

    // Phases, concatenated at the end in dependency-safe order.
    let mut drop_fks = Vec::new();
    let mut drop_other = Vec::new();
    let mut create_types = Vec::new();
    let mut renames = Vec::new();
    let mut creates = Vec::new();
    let mut columns = Vec::new();
    let mut drop_columns = Vec::new();
    let mut drop_tables = Vec::new();
    let mut add_constraints = Vec::new();
    let mut create_indexes = Vec::new();
    let mut add_fks = Vec::new();
    let mut comments = Vec::new();
    let mut drop_types = Vec::new();

    // Schemas.
    let spaces = |s: &Schema| -> Vec<String> {
        let mut v: Vec<String> = s
            .tables
            .iter()
            .filter_map(|t| t.schema.clone())
            .chain(s.namespaces.iter().cloned())
            .filter(|n| !matches!(n.to_lowercase().as_str(), "public" | "dbo" | "main"))
            .collect();
        v.sort_by_key(|x| x.to_lowercase());
        v.dedup_by_key(|x| x.to_lowercase());
        v
    };
    let (ps, ns) = (spaces(prev), spaces(next));
    for s in &ns {
        if !ps.iter().any(|p| p.eq_ignore_ascii_case(s)) {
            create_types.push(Change::CreateSchema(s.clone()));
        }
    }
    for s in &ps {
        if !ns.iter().any(|n| n.eq_ignore_ascii_case(s)) {
            drop_types.push(Change::DropSchema(s.clone()));
        }
    }

    // Enums.
    let (epairs, edropped, eadded) = pair(
        &prev.enums,
        &next.enums,
        |e| e.id,
        |e| key(&e.schema, &e.name),
        |a, b| by_id && a.values.iter().any(|v| b.values.contains(v)),
        &no_force,
    );
    for e in eadded {
        create_types.push(Change::CreateEnum(e.clone()));
    }
    for e in edropped {
        drop_types.push(Change::DropEnum(e.clone()));
    }
    for p in epairs {
        let (a, b) = (p.previous, p.next);
        if !a.name.eq_ignore_ascii_case(&b.name) || a.schema != b.schema {
            create_types.push(Change::RenameEnum { from: QName { schema: a.schema.clone(), name: a.name.clone() }, to: b.name.clone() });
        }
        if a.values != b.values {
            let kept_in_order = {
                let mut it = b.values.iter();
                a.values.iter().all(|v| it.any(|x| x == v))
            };
            let name = QName { schema: b.schema.clone(), name: b.name.clone() };
            if kept_in_order {
                let values = b
                    .values
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| !a.values.contains(v))
                    .map(|(i, v)| (v.clone(), b.values.get(i + 1).filter(|n| a.values.contains(n)).cloned()))
                    .collect();
                create_types.push(Change::AddEnumValues { name, values });
            } else {
                let users = next
                    .tables
                    .iter()
                    .flat_map(|t| t.columns.iter().map(move |c| (t, c)))
                    .filter(|(_, c)| c.data_type.normalized.trim_matches('"').eq_ignore_ascii_case(&b.name))
                    .map(|(t, c)| (QName::of(t), c.name.clone()))
                    .collect();
                create_types.push(Change::RecreateEnum { previous: a.clone(), next: b.clone(), users });
            }
        }
    }

    // Renamed tables: previous → next names, to match constraints across them.
    let mut table_rename: HashMap<QName, QName> = HashMap::new();
    for p in &tpairs {
        table_rename.insert(QName::of(p.previous), QName::of(p.next));
    }
    // Tables whose primary key changes: foreign keys to them are dropped and re-added around it.
    let mut pk_changed: HashSet<TableId> = HashSet::new();
    for p in &tpairs {
        let a = p.previous.primary_key.as_ref().map(|k| col_names(p.previous, &k.columns));
        let b = p.next.primary_key.as_ref().map(|k| col_names(p.next, &k.columns));
        let a = a.map(|v| v.iter().map(|x| x.to_lowercase()).collect::<Vec<_>>());
        let b = b.map(|v| v.iter().map(|x| x.to_lowercase()).collect::<Vec<_>>());
        let renamed_cols = by_id && p.previous.primary_key.as_ref().map(|k| &k.columns) == p.next.primary_key.as_ref().map(|k| &k.columns);
        if a != b && !renamed_cols {
            pk_changed.insert(p.previous.id);
        }
    }

    let pk_changed_names: HashSet<QName> = prev.tables.iter().filter(|t| pk_changed.contains(&t.id)).map(QName::of).collect();
    let dropped_names: HashSet<QName> = dropped.iter().map(|t| QName::of(t)).collect();
    for t in &added {
        creates.push(Change::CreateTable(t.id));
        for c in constraints(next, t) {
            if matches!(c.kind, ConstraintKind::ForeignKey { .. }) {
                add_fks.push(Change::AddConstraint { table: QName::of(t), constraint: c });
            }
        }
        for ix in &t.indexes {
            create_indexes.push(Change::CreateIndex { table: t.id, index: ix.clone() });
        }
        if t.comment.is_some() {
            comments.push(Change::TableComment { table: QName::of(t), comment: t.comment.clone() });
        }
        for c in &t.columns {
            if c.comment.is_some() {
                comments.push(Change::ColumnComment { table: QName::of(t), column: c.name.clone(), comment: c.comment.clone() });
            }
        }
    }
    for t in &dropped {
        for c in constraints(prev, t) {
            if matches!(c.kind, ConstraintKind::ForeignKey { .. }) {
                drop_fks.push(Change::DropConstraint { table: QName::of(t), constraint: c });
            }
        }
        drop_tables.push(Change::DropTable(t.id));
    }
    // Foreign keys from surviving tables to dropped tables are handled with the table pairs below
    // (their constraint disappears from `next`).

    // A pair with nothing to compare (most of them, after an edit session) is skipped: the same
    // definition, and every foreign key still points at the same, unchanged-key, surviving table.
    let dropped_ids: HashSet<TableId> = dropped.iter().map(|t| t.id).collect();
    // Source spans are ignored: two imports of similar texts place the same column elsewhere.
    // Destructured in full so a new field cannot be left out of the comparison unnoticed.
    let same_column = |x: &Column, y: &Column| {
        let Column { id, name, data_type, nullable, default, identity, generated, collation, comment, span: _, extra } = x;
        (id, name, data_type, nullable, default, identity, generated, collation, comment, extra)
            == (&y.id, &y.name, &y.data_type, &y.nullable, &y.default, &y.identity, &y.generated, &y.collation, &y.comment, &y.extra)
    };
    let same_index = |x: &Index, y: &Index| {
        let Index { id, name, unique, keys, method, predicate, include, span: _, options } = x;
        (id, name, unique, keys, method, predicate, include, options)
            == (&y.id, &y.name, &y.unique, &y.keys, &y.method, &y.predicate, &y.include, &y.options)
    };
    let untouched = |a: &Table, b: &Table| {
        a.schema == b.schema && a.name == b.name && a.kind == b.kind
            && a.parent.map(|p| prev.table(p).map(QName::of)) == b.parent.map(|p| next.table(p).map(QName::of))
            && a.columns.len() == b.columns.len() && a.columns.iter().zip(&b.columns).all(|(x, y)| same_column(x, y))
            && a.indexes.len() == b.indexes.len() && a.indexes.iter().zip(&b.indexes).all(|(x, y)| same_index(x, y))
            && a.primary_key == b.primary_key && a.uniques == b.uniques
            && a.foreign_keys == b.foreign_keys && a.checks == b.checks && a.comment == b.comment
            && a.foreign_keys.iter().all(|fk| {
                !pk_changed.contains(&fk.ref_table) && !dropped_ids.contains(&fk.ref_table)
                    && match (prev.table(fk.ref_table), next.table(fk.ref_table)) {
                        (Some(x), Some(y)) => x.schema == y.schema && x.name == y.name && col_names(x, &fk.ref_columns) == col_names(y, &fk.ref_columns),
                        _ => false,
                    }
            })
    };
    for p in &tpairs {
        let (a, b) = (p.previous, p.next);
        if untouched(a, b) {
            continue;
        }
        let qa = QName::of(a);
        let qb = QName::of(b);
        // `public.t` and `t` are the same table; only a real name or namespace change renames.
        if qa.name != qb.name || key(&qa.schema, "") != key(&qb.schema, "") {
            renames.push(Change::RenameTable { from: qa.clone(), to: qb.clone() });
        }
        // Column ids count only when this table pair shows shared ids (or nothing kept its name).
        let named: Vec<&Column> = a.columns.iter().filter(|c| b.column_by_name(&c.name).is_some()).collect();
        let same_ids = named.iter().filter(|c| b.column_by_name(&c.name).is_some_and(|d| d.id == c.id)).count();
        let col_ids = by_id && (if named.is_empty() { columns_evidence(a, b) || a.columns.iter().any(|c| b.column(c.id).is_some()) } else { same_ids * 2 >= named.len() });
        let forced = forced_columns.get(&key(&a.schema, &a.name)).unwrap_or(&no_force);
        let (mut cpairs, cdropped, cadded) = pair(&a.columns, &b.columns, |c| c.id, |c| c.name.to_lowercase(), |_, _| col_ids, forced);
        let position: HashMap<ColumnId, usize> = a.columns.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
        cpairs.sort_by_key(|p| position.get(&p.previous.id).copied().unwrap_or(usize::MAX));
        let mut rename: HashMap<String, String> = HashMap::new();
        for cp in &cpairs {
            rename.insert(cp.previous.name.to_lowercase(), cp.next.name.to_lowercase());
            if cp.previous.name != cp.next.name {
                renames.push(Change::RenameColumn { table: qb.clone(), from: cp.previous.name.clone(), to: cp.next.name.clone() });
            }
        }
        for c in &cadded {
            columns.push(Change::AddColumn { table: b.id, column: c.id });
            if c.comment.is_some() {
                comments.push(Change::ColumnComment { table: qb.clone(), column: c.name.clone(), comment: c.comment.clone() });
            }
        }
        for c in &cdropped {
            drop_columns.push(Change::DropColumn { table: a.id, column: c.id });
        }
        if !by_id {
            for c in &cdropped {
                if let Some(n) = cadded.iter().find(|n| n.data_type.normalized == c.data_type.normalized) {
                    d.proposals.push(Proposal {
                        rename: Rename::Column { table: qa.clone(), from: c.name.clone(), to: n.name.clone() },
                        message: format!("{}: column {} may have been renamed to {} (same type); this plan drops and adds it", b.qualified_name(), c.name, n.name),
                    });
                }
            }
        }
        for cp in &cpairs {
            let (x, y) = (cp.previous, cp.next);
            let (t, c) = (b.id, y.id);
            // Same dialect: the written type decides; across dialects, what the type holds.
            let plain = |t: &str| {
                let t = t.trim_start_matches("\"public\".").trim_start_matches("public.").trim_start_matches("dbo.");
                t.trim_matches('"').to_string()
            };
            let type_changed = if prev.dialect == next.dialect {
                x.data_type.normalized != y.data_type.normalized && plain(&x.data_type.normalized) != plain(&y.data_type.normalized)
            } else {
                x.data_type.kind != y.data_type.kind
            };
            if type_changed {
                columns.push(Change::AlterType { table: t, column: c, previous: x.data_type.raw.clone() });
            }
            if x.identity.is_some() && y.identity.is_none() {
                columns.push(Change::DropIdentity { table: qb.clone(), column: y.name.clone() });
            }
            if x.default != y.default {
                columns.push(if y.default.is_some() { Change::SetDefault { table: t, column: c } } else { Change::DropDefault { table: t, column: c } });
            }
            if x.nullable && !y.nullable {
                columns.push(Change::SetNotNull { table: t, column: c });
            }
            if !x.nullable && y.nullable {
                columns.push(Change::DropNotNull { table: t, column: c });
            }
            if x.identity.is_none() && y.identity.is_some() {
                columns.push(Change::AddIdentity { table: t, column: c });
            }
            if x.comment != y.comment {
                comments.push(Change::ColumnComment { table: qb.clone(), column: y.name.clone(), comment: y.comment.clone() });
            }
        }
        if a.comment != b.comment {
            comments.push(Change::TableComment { table: qb.clone(), comment: b.comment.clone() });
        }

        // Constraints: paired by key; a changed definition is a drop and an add.
        let ca = constraints(prev, a);
        let cb = constraints(next, b);
        let no_rename = HashMap::new();
        let mut kb: HashMap<String, &Constraint> = cb.iter().map(|c| (constraint_key(c, &no_rename, &HashMap::new()), c)).collect();
        for c in &ca {
            let k = constraint_key(c, &rename, &table_rename);
            let to_changed_pk = match &c.kind {
                ConstraintKind::ForeignKey { ref_table, .. } => pk_changed_names.contains(ref_table),
                _ => false,
            };
            let target_dropped = match &c.kind {
                ConstraintKind::ForeignKey { ref_table, .. } => dropped_names.contains(ref_table),
                _ => false,
            };
            match kb.remove(&k) {
                Some(n) if same_definition(c, n, &rename, &table_rename) && !to_changed_pk && !target_dropped => {
                    if c.name != n.name && !c.named && !n.named {
                        renames.push(Change::RenameConstraint { table: qb.clone(), from: c.name.clone(), to: n.name.clone() });
                    } else if c.name != n.name {
                        renames.push(Change::RenameConstraint { table: qb.clone(), from: c.name.clone(), to: n.name.clone() });
                    }
                }
                other => {
                    let is_fk = matches!(c.kind, ConstraintKind::ForeignKey { .. });
                    let drop = Change::DropConstraint { table: qa.clone(), constraint: c.clone() };
                    if is_fk { drop_fks.push(drop) } else { drop_other.push(drop) }
                    if let Some(n) = other {
                        let add = Change::AddConstraint { table: qb.clone(), constraint: n.clone() };
                        if matches!(n.kind, ConstraintKind::ForeignKey { .. }) { add_fks.push(add) } else { add_constraints.push(add) }
                    }
                }
            }
        }
        let mut rest: Vec<&Constraint> = kb.into_values().collect();
        rest.sort_by(|x, y| x.name.cmp(&y.name));
        for n in rest {
            let add = Change::AddConstraint { table: qb.clone(), constraint: n.clone() };
            if matches!(n.kind, ConstraintKind::ForeignKey { .. }) { add_fks.push(add) } else { add_constraints.push(add) }
        }

        // Indexes.
        let (ipairs, idropped, iadded) = pair(
            &a.indexes,
            &b.indexes,
            |i| i.id,
            |i| i.name.as_deref().map_or_else(|| format!("unnamed:{}", index_shape(b, i, &HashMap::new())), str::to_lowercase),
            |x, y| col_ids && x.unique == y.unique && x.keys.len() == y.keys.len(),
            &no_force,
        );
        for ix in idropped {
            drop_other.push(Change::DropIndex { table: qa.clone(), name: crate::export::sql::default_index_name(a, ix) });
        }
        for ix in iadded {
            create_indexes.push(Change::CreateIndex { table: b.id, index: ix.clone() });
        }
        for ip in ipairs {
            let same = index_shape(a, ip.previous, &rename) == index_shape(b, ip.next, &HashMap::new());
            let (na, nb) = (crate::export::sql::default_index_name(a, ip.previous), crate::export::sql::default_index_name(b, ip.next));
            if !same {
                drop_other.push(Change::DropIndex { table: qa.clone(), name: na });
                create_indexes.push(Change::CreateIndex { table: b.id, index: ip.next.clone() });
            } else if na != nb {
                renames.push(Change::RenameIndex { table: qb.clone(), from: na, to: nb });
            }
        }
    }
    // Foreign keys from surviving tables into a table whose primary key changes: drop and re-add.
    // (Handled above through `to_changed_pk`.)

    if !by_id {
        for t in &dropped {
            let names: HashSet<String> = t.columns.iter().map(|c| c.name.to_lowercase()).collect();
            for n in &added {
                let common = n.columns.iter().filter(|c| names.contains(&c.name.to_lowercase())).count();
                let total = names.len().max(n.columns.len()).max(1);
                if common * 10 >= total * 7 {
                    d.proposals.push(Proposal {
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

    for phase in [
        drop_fks, drop_other, create_types, renames, creates, columns, drop_columns, drop_tables, add_constraints,
        create_indexes, add_fks, comments, drop_types,
    ] {
        d.changes.extend(phase);
    }
    d
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
        (ConstraintKind::Check(x), ConstraintKind::Check(y)) => x == y,
        (
            ConstraintKind::ForeignKey { ref_table: ra, ref_columns: ca, on_delete: da, on_update: ua, deferrable: fa },
            ConstraintKind::ForeignKey { ref_table: rb, ref_columns: cb, on_delete: db, on_update: ub, deferrable: fb },
        ) => {
            let ra = table_rename.get(ra).unwrap_or(ra);
            let same_cols = ca.iter().zip(cb).all(|(x, y)| x.eq_ignore_ascii_case(y)) && ca.len() == cb.len();
            key(&ra.schema, &ra.name) == key(&rb.schema, &rb.name) && same_cols && da == db && ua == ub && fa == fb
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

/// The column of `id` in the table (helper for renderers).
pub fn column_of(s: &Schema, t: TableId, c: ColumnId) -> Option<(&Table, &Column)> {
    let t = s.table(t)?;
    Some((t, t.column(c)?))
}
