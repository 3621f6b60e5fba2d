//! The one door through which the model changes: `apply(&mut Schema, Edit)` returns the inverse
//! edit, which is what undo applies.
//!
//! Public API (used by ui/, sync, analysis fixes): `Edit`, `EditError`, `apply`, `revert`. The undo
//! history is `sync::History`, over the text and the model together.
//!
//! **Invariant:** `apply` either succeeds and leaves a schema that passes `Schema::validate`, or
//! fails and leaves the schema exactly as it was.
//!
//! **Invariant:** applying the returned inverse restores a schema equal (`==`) to the one before
//! the edit, and applying the inverse of that inverse gives the edited schema again (redo).
//!
//! Deleting a column follows PostgreSQL's `DROP COLUMN … CASCADE`: every primary key, unique
//! constraint, index and foreign key (here or elsewhere) that names the column is dropped whole,
//! because narrowing a composite key would silently change its meaning.

pub mod forms;

use crate::schema::{
    Check, Column, ColumnId, DataType, EnumId, EnumType, ForeignKey, Index, IndexId, IndexPart, Note,
    NoteId, Point, PrimaryKey, Schema, Table, TableId, UniqueConstraint, View, ViewId,
};
use serde::{Deserialize, Serialize};

/// Every change to a Schema. Ids inside added objects are allocated by the caller with
/// `Schema::fresh_id` before the edit is built, so redo re-creates the very same ids.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Edit {
    /// Several edits applied in order as one undo step.
    Batch(Vec<Edit>),
    /// Inserts a whole table (at its id's place in the arena).
    AddTable { table: Table },
    /// Removes a table and every foreign key in other tables that references it.
    DeleteTable { table: TableId },
    /// Replaces a table wholesale (the generic inverse of column/key deletions).
    ReplaceTable { table: Table },
    RenameTable { table: TableId, schema: Option<String>, name: String },
    SetTableComment { table: TableId, comment: Option<String> },
    SetTableColor { table: TableId, color: Option<String> },
    /// Moves tables on the canvas (`None` = back to auto layout).
    MoveTables { moves: Vec<(TableId, Option<Point>)> },
    /// Moves views on the canvas (`None` = back to auto layout).
    MoveViews { moves: Vec<(ViewId, Option<Point>)> },
    /// Inserts a column at `position` in the table's column list.
    AddColumn { table: TableId, column: Column, position: usize },
    /// Removes a column and every key, index and foreign key part that names it.
    DeleteColumn { column: ColumnId },
    RenameColumn { column: ColumnId, name: String },
    MoveColumn { column: ColumnId, position: usize },
    SetColumnType { column: ColumnId, data_type: DataType },
    SetColumnNullable { column: ColumnId, nullable: bool },
    SetColumnDefault { column: ColumnId, default: Option<String> },
    SetColumnComment { column: ColumnId, comment: Option<String> },
    SetPrimaryKey { table: TableId, primary_key: Option<PrimaryKey> },
    SetUniques { table: TableId, uniques: Vec<UniqueConstraint> },
    SetChecks { table: TableId, checks: Vec<Check> },
    /// Adds a foreign key at `position` in the table's `foreign_keys`.
    AddForeignKey { table: TableId, foreign_key: ForeignKey, position: usize },
    DeleteForeignKey { table: TableId, position: usize },
    ReplaceForeignKey { table: TableId, position: usize, foreign_key: ForeignKey },
    /// Adds (or, when an index with the same id exists, replaces) an index.
    PutIndex { table: TableId, index: Index },
    DeleteIndex { table: TableId, index: IndexId },
    /// Adds or replaces an enum type (matched by id).
    PutEnum { value: EnumType },
    DeleteEnum { id: EnumId },
    /// Adds or replaces a canvas note (matched by id).
    PutNote { note: Note },
    DeleteNote { id: NoteId },
    /// Inserts a new index at `position` in the table's `indexes` (the inverse of `DeleteIndex`).
    InsertIndex { table: TableId, index: Index, position: usize },
    /// Inserts a new enum type at `position` in `Schema::enums` (the inverse of `DeleteEnum`).
    InsertEnum { value: EnumType, position: usize },
    /// Inserts a new note at `position` in `Schema::notes` (the inverse of `DeleteNote`).
    InsertNote { note: Note, position: usize },
    /// Removes a view (the SQL text loses its `CREATE VIEW` and the statements about it).
    DeleteView { view: ViewId },
    /// Inserts a view at `position` in `Schema::views` (the inverse of `DeleteView`).
    InsertView { view: View, position: usize },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditError(pub String);

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for EditError {}

fn err<T>(message: impl Into<String>) -> Result<T, EditError> {
    Err(EditError(message.into()))
}

/// Applies `edit`; on success returns the edit that undoes it. On error the schema is unchanged.
pub fn apply(schema: &mut Schema, edit: Edit) -> Result<Edit, EditError> {
    apply_with(schema, edit, true)
}

/// Applies an edit returned by [`apply`] (an undo, or the redo of an undo). It checks ids and
/// references like `apply` but not names: an inverse puts back names the schema had before —
/// duplicates included, when the import brought them — so undo always works.
pub fn revert(schema: &mut Schema, inverse: Edit) -> Result<Edit, EditError> {
    apply_with(schema, inverse, false)
}

/// `names`: whether to reject empty and duplicate names (user edits) or not (inverses).
fn apply_with(schema: &mut Schema, edit: Edit, names: bool) -> Result<Edit, EditError> {
    match edit {
        Edit::Batch(edits) => apply_batch(schema, edits, names),
        Edit::AddTable { table } => add_table(schema, table, names),
        Edit::DeleteTable { table } => delete_table(schema, table),
        Edit::ReplaceTable { table } => replace_table(schema, table, names),
        Edit::RenameTable { table, schema: namespace, name } => rename_table(schema, table, namespace, name, names),
        Edit::SetTableComment { table, comment } => {
            let t = table_mut(schema, table)?;
            let comment = std::mem::replace(&mut t.comment, comment);
            Ok(Edit::SetTableComment { table, comment })
        }
        Edit::SetTableColor { table, color } => {
            let t = table_mut(schema, table)?;
            let color = std::mem::replace(&mut t.color, color);
            Ok(Edit::SetTableColor { table, color })
        }
        Edit::MoveTables { moves } => move_tables(schema, moves),
        Edit::MoveViews { moves } => move_views(schema, moves),
        Edit::AddColumn { table, column, position } => add_column(schema, table, column, position, names),
        Edit::DeleteColumn { column } => delete_column(schema, column),
        Edit::RenameColumn { column, name } => rename_column(schema, column, name, names),
        Edit::MoveColumn { column, position } => move_column(schema, column, position),
        Edit::SetColumnType { column, data_type } => {
            let c = column_mut(schema, column)?;
            let data_type = std::mem::replace(&mut c.data_type, data_type);
            Ok(Edit::SetColumnType { column, data_type })
        }
        Edit::SetColumnNullable { column, nullable } => {
            let c = column_mut(schema, column)?;
            let nullable = std::mem::replace(&mut c.nullable, nullable);
            Ok(Edit::SetColumnNullable { column, nullable })
        }
        Edit::SetColumnDefault { column, default } => {
            let c = column_mut(schema, column)?;
            let default = std::mem::replace(&mut c.default, default);
            Ok(Edit::SetColumnDefault { column, default })
        }
        Edit::SetColumnComment { column, comment } => {
            let c = column_mut(schema, column)?;
            let comment = std::mem::replace(&mut c.comment, comment);
            Ok(Edit::SetColumnComment { column, comment })
        }
        Edit::SetPrimaryKey { table, primary_key } => set_primary_key(schema, table, primary_key),
        Edit::SetUniques { table, uniques } => set_uniques(schema, table, uniques),
        Edit::SetChecks { table, checks } => {
            let t = table_mut(schema, table)?;
            let checks = std::mem::replace(&mut t.checks, checks);
            Ok(Edit::SetChecks { table, checks })
        }
        Edit::AddForeignKey { table, foreign_key, position } => add_foreign_key(schema, table, foreign_key, position),
        Edit::DeleteForeignKey { table, position } => delete_foreign_key(schema, table, position),
        Edit::ReplaceForeignKey { table, position, foreign_key } => replace_foreign_key(schema, table, position, foreign_key),
        Edit::PutIndex { table, index } => put_index(schema, table, index),
        Edit::InsertIndex { table, index, position } => insert_index(schema, table, index, position),
        Edit::DeleteIndex { table, index } => delete_index(schema, table, index),
        Edit::PutEnum { value } => put_enum(schema, value, names),
        Edit::InsertEnum { value, position } => insert_enum(schema, value, position, names),
        Edit::DeleteEnum { id } => delete_enum(schema, id),
        Edit::PutNote { note } => put_note(schema, note),
        Edit::InsertNote { note, position } => insert_note(schema, note, position),
        Edit::DeleteNote { id } => delete_note(schema, id),
        Edit::DeleteView { view } => delete_view(schema, view),
        Edit::InsertView { view, position } => insert_view(schema, view, position, names),
    }
}

/// Applies the edits in order; when one fails, reverts those that succeeded.
fn apply_batch(schema: &mut Schema, edits: Vec<Edit>, names: bool) -> Result<Edit, EditError> {
    let mut inverses = Vec::with_capacity(edits.len());
    for e in edits {
        match apply_with(schema, e, names) {
            Ok(inv) => inverses.push(inv),
            Err(error) => {
                for inv in inverses.into_iter().rev() {
                    // Inverses of edits that just succeeded always apply.
                    let _ = revert(schema, inv);
                }
                return Err(error);
            }
        }
    }
    inverses.reverse();
    Ok(Edit::Batch(inverses))
}

fn add_table(schema: &mut Schema, table: Table, names: bool) -> Result<Edit, EditError> {
    let Err(at) = schema.table_position(table.id) else {
        return err(format!("a table with id {} already exists", table.id.0));
    };
    check_below_next_id(schema, "table", table.id.0)?;
    if names {
        check_name("table", &table.name)?;
        check_table_name_free(schema, table.id, &table.schema, &table.name)?;
    }
    check_columns(schema, &table, None, names)?;
    check_table_refs(schema, &table)?;
    let id = table.id;
    schema.tables.insert(at, table);
    Ok(Edit::DeleteTable { table: id })
}

fn delete_table(schema: &mut Schema, id: TableId) -> Result<Edit, EditError> {
    let ix = table_ix(schema, id)?;
    // Other tables lose their foreign keys to it (and their partition/inheritance link); the
    // inverse re-adds the table first, then puts those tables back as they were.
    let mut restore = Vec::new();
    for t in schema.tables.iter_mut().filter(|t| t.id != id) {
        let touched = t.parent == Some(id) || t.foreign_keys.iter().any(|fk| fk.ref_table == id);
        if touched {
            restore.push(Edit::ReplaceTable { table: t.clone() });
            t.foreign_keys.retain(|fk| fk.ref_table != id);
            if t.parent == Some(id) {
                t.parent = None;
            }
        }
    }
    let table = schema.tables.remove(ix);
    let add = Edit::AddTable { table };
    if restore.is_empty() {
        return Ok(add);
    }
    restore.insert(0, add);
    Ok(Edit::Batch(restore))
}

fn replace_table(schema: &mut Schema, table: Table, names: bool) -> Result<Edit, EditError> {
    let ix = table_ix(schema, table.id)?;
    let old = at(schema, ix)?;
    if names {
        check_name("table", &table.name)?;
    }
    if names && (!same_namespace(&old.schema, &table.schema) || !old.name.eq_ignore_ascii_case(&table.name)) {
        check_table_name_free(schema, table.id, &table.schema, &table.name)?;
    }
    check_columns(schema, &table, Some(old), names)?;
    check_table_refs(schema, &table)?;
    // Foreign keys elsewhere must still find the columns they reference.
    for other in schema.tables.iter().filter(|t| t.id != table.id) {
        for fk in other.foreign_keys.iter().filter(|fk| fk.ref_table == table.id) {
            if let Some(c) = fk.ref_columns.iter().find(|c| table.column(**c).is_none()) {
                return err(format!(
                    "{}: a foreign key in {} references column {} of it",
                    table.qualified_name(),
                    other.qualified_name(),
                    c.0
                ));
            }
        }
    }
    let old = std::mem::replace(at_mut(schema, ix)?, table);
    Ok(Edit::ReplaceTable { table: old })
}

fn delete_column(schema: &mut Schema, column: ColumnId) -> Result<Edit, EditError> {
    let (ti, ci) = column_ix(schema, column)?;
    let owner = at(schema, ti)?.id;
    let mut restore = vec![Edit::ReplaceTable { table: at(schema, ti)?.clone() }];
    let t = at_mut(schema, ti)?;
    t.columns.remove(ci);
    if t.primary_key.as_ref().is_some_and(|pk| pk.columns.contains(&column)) {
        t.primary_key = None;
    }
    t.uniques.retain(|u| !u.columns.contains(&column));
    t.indexes.retain(|ix| {
        !ix.include.contains(&column) && !ix.keys.iter().any(|k| k.part == IndexPart::Column(column))
    });
    let names = |fk: &ForeignKey| {
        fk.columns.contains(&column) || (fk.ref_table == owner && fk.ref_columns.contains(&column))
    };
    t.foreign_keys.retain(|fk| !names(fk));
    for other in schema.tables.iter_mut().filter(|t| t.id != owner) {
        if other.foreign_keys.iter().any(|fk| fk.ref_table == owner && fk.ref_columns.contains(&column)) {
            restore.push(Edit::ReplaceTable { table: other.clone() });
            other.foreign_keys.retain(|fk| !(fk.ref_table == owner && fk.ref_columns.contains(&column)));
        }
    }
    Ok(Edit::Batch(restore))
}

fn rename_table(schema: &mut Schema, table: TableId, namespace: Option<String>, name: String, names: bool) -> Result<Edit, EditError> {
    let ix = table_ix(schema, table)?;
    let t = at(schema, ix)?;
    if names {
        check_name("table", &name)?;
    }
    if names && (!same_namespace(&t.schema, &namespace) || !t.name.eq_ignore_ascii_case(&name)) {
        check_table_name_free(schema, table, &namespace, &name)?;
    }
    let t = at_mut(schema, ix)?;
    let old_schema = std::mem::replace(&mut t.schema, namespace);
    let old_name = std::mem::replace(&mut t.name, name);
    Ok(Edit::RenameTable { table, schema: old_schema, name: old_name })
}

fn move_tables(schema: &mut Schema, moves: Vec<(TableId, Option<Point>)>) -> Result<Edit, EditError> {
    for (id, point) in &moves {
        table_ix(schema, *id)?;
        if let Some(p) = point
            && (!p.x.is_finite() || !p.y.is_finite())
        {
            return err(format!("table {}: canvas position must be finite", id.0));
        }
    }
    let mut old = Vec::with_capacity(moves.len());
    for (id, point) in moves {
        let t = table_mut(schema, id)?;
        old.push((id, std::mem::replace(&mut t.position, point)));
    }
    // Restoring in reverse order undoes a table named twice correctly.
    old.reverse();
    Ok(Edit::MoveTables { moves: old })
}

fn move_views(schema: &mut Schema, moves: Vec<(ViewId, Option<Point>)>) -> Result<Edit, EditError> {
    let mut at = Vec::with_capacity(moves.len());
    for (id, point) in &moves {
        let Some(i) = schema.views.iter().position(|v| v.id == *id) else {
            return err(format!("no view with id {}", id.0));
        };
        if let Some(p) = point {
            check_point(*p)?;
        }
        at.push(i);
    }
    let mut old = Vec::with_capacity(moves.len());
    for (i, (id, point)) in at.into_iter().zip(moves) {
        old.push((id, std::mem::replace(&mut slot(&mut schema.views, i)?.position, point)));
    }
    old.reverse();
    Ok(Edit::MoveViews { moves: old })
}

fn add_column(schema: &mut Schema, table: TableId, column: Column, position: usize, names: bool) -> Result<Edit, EditError> {
    let ix = table_ix(schema, table)?;
    let t = at(schema, ix)?;
    if position > t.columns.len() {
        return err(format!(
            "{}: column position {position} is out of range (0..={})",
            t.qualified_name(),
            t.columns.len()
        ));
    }
    if names {
        check_name("column", &column.name)?;
    }
    if names && t.column_by_name(&column.name).is_some() {
        return err(format!("{}: a column named `{}` already exists", t.qualified_name(), column.name));
    }
    check_fresh_column_id(schema, column.id)?;
    let id = column.id;
    at_mut(schema, ix)?.columns.insert(position, column);
    Ok(Edit::DeleteColumn { column: id })
}

fn rename_column(schema: &mut Schema, column: ColumnId, name: String, names: bool) -> Result<Edit, EditError> {
    if names {
        check_name("column", &name)?;
    }
    let (ti, ci) = column_ix(schema, column)?;
    let t = at(schema, ti)?;
    if names
        && let Some(other) = t.column_by_name(&name)
        && other.id != column
    {
        return err(format!("{}: a column named `{}` already exists", t.qualified_name(), other.name));
    }
    let name = std::mem::replace(&mut slot(&mut at_mut(schema, ti)?.columns, ci)?.name, name);
    Ok(Edit::RenameColumn { column, name })
}

fn move_column(schema: &mut Schema, column: ColumnId, position: usize) -> Result<Edit, EditError> {
    let (ti, ci) = column_ix(schema, column)?;
    let columns = &mut at_mut(schema, ti)?.columns;
    if position >= columns.len() {
        return err(format!("column position {position} is out of range (0..{})", columns.len()));
    }
    let c = columns.remove(ci);
    columns.insert(position, c);
    Ok(Edit::MoveColumn { column, position: ci })
}

fn set_primary_key(schema: &mut Schema, table: TableId, primary_key: Option<PrimaryKey>) -> Result<Edit, EditError> {
    let ix = table_ix(schema, table)?;
    if let Some(pk) = &primary_key {
        check_key_columns(at(schema, ix)?, "primary key", &pk.columns)?;
    }
    let primary_key = std::mem::replace(&mut at_mut(schema, ix)?.primary_key, primary_key);
    Ok(Edit::SetPrimaryKey { table, primary_key })
}

fn set_uniques(schema: &mut Schema, table: TableId, uniques: Vec<UniqueConstraint>) -> Result<Edit, EditError> {
    let ix = table_ix(schema, table)?;
    for u in &uniques {
        check_key_columns(at(schema, ix)?, "unique constraint", &u.columns)?;
    }
    let uniques = std::mem::replace(&mut at_mut(schema, ix)?.uniques, uniques);
    Ok(Edit::SetUniques { table, uniques })
}

fn add_foreign_key(schema: &mut Schema, table: TableId, foreign_key: ForeignKey, position: usize) -> Result<Edit, EditError> {
    let ix = table_ix(schema, table)?;
    let len = at(schema, ix)?.foreign_keys.len();
    if position > len {
        return err(format!("foreign key position {position} is out of range (0..={len})"));
    }
    check_foreign_key(schema, at(schema, ix)?, &foreign_key)?;
    at_mut(schema, ix)?.foreign_keys.insert(position, foreign_key);
    Ok(Edit::DeleteForeignKey { table, position })
}

fn delete_foreign_key(schema: &mut Schema, table: TableId, position: usize) -> Result<Edit, EditError> {
    let t = table_mut(schema, table)?;
    let len = t.foreign_keys.len();
    if position >= len {
        return err(format!("{}: no foreign key at position {position} (it has {len})", t.qualified_name()));
    }
    let foreign_key = t.foreign_keys.remove(position);
    Ok(Edit::AddForeignKey { table, foreign_key, position })
}

fn replace_foreign_key(schema: &mut Schema, table: TableId, position: usize, foreign_key: ForeignKey) -> Result<Edit, EditError> {
    let ix = table_ix(schema, table)?;
    let t = at(schema, ix)?;
    let len = t.foreign_keys.len();
    if position >= len {
        return err(format!("{}: no foreign key at position {position} (it has {len})", t.qualified_name()));
    }
    check_foreign_key(schema, t, &foreign_key)?;
    let foreign_key = std::mem::replace(slot(&mut at_mut(schema, ix)?.foreign_keys, position)?, foreign_key);
    Ok(Edit::ReplaceForeignKey { table, position, foreign_key })
}

fn put_index(schema: &mut Schema, table: TableId, index: Index) -> Result<Edit, EditError> {
    let ix = table_ix(schema, table)?;
    let t = at(schema, ix)?;
    check_index(t, &index)?;
    if let Some(pos) = t.indexes.iter().position(|i| i.id == index.id) {
        let old = std::mem::replace(slot(&mut at_mut(schema, ix)?.indexes, pos)?, index);
        return Ok(Edit::PutIndex { table, index: old });
    }
    check_fresh_index_id(schema, index.id)?;
    let id = index.id;
    at_mut(schema, ix)?.indexes.push(index);
    Ok(Edit::DeleteIndex { table, index: id })
}

fn insert_index(schema: &mut Schema, table: TableId, index: Index, position: usize) -> Result<Edit, EditError> {
    let ix = table_ix(schema, table)?;
    let t = at(schema, ix)?;
    if position > t.indexes.len() {
        return err(format!("index position {position} is out of range (0..={})", t.indexes.len()));
    }
    check_index(t, &index)?;
    check_fresh_index_id(schema, index.id)?;
    let id = index.id;
    at_mut(schema, ix)?.indexes.insert(position, index);
    Ok(Edit::DeleteIndex { table, index: id })
}

fn delete_index(schema: &mut Schema, table: TableId, index: IndexId) -> Result<Edit, EditError> {
    let t = table_mut(schema, table)?;
    let Some(position) = t.indexes.iter().position(|i| i.id == index) else {
        return err(format!("{}: no index with id {}", t.qualified_name(), index.0));
    };
    let index = t.indexes.remove(position);
    Ok(Edit::InsertIndex { table, index, position })
}

fn put_enum(schema: &mut Schema, value: EnumType, names: bool) -> Result<Edit, EditError> {
    check_enum(schema, &value, names)?;
    if let Some(pos) = schema.enums.iter().position(|e| e.id == value.id) {
        let old = std::mem::replace(slot(&mut schema.enums, pos)?, value);
        return Ok(Edit::PutEnum { value: old });
    }
    check_below_next_id(schema, "enum", value.id.0)?;
    let id = value.id;
    schema.enums.push(value);
    Ok(Edit::DeleteEnum { id })
}

fn insert_enum(schema: &mut Schema, value: EnumType, position: usize, names: bool) -> Result<Edit, EditError> {
    if position > schema.enums.len() {
        return err(format!("enum position {position} is out of range (0..={})", schema.enums.len()));
    }
    if schema.enums.iter().any(|e| e.id == value.id) {
        return err(format!("an enum with id {} already exists", value.id.0));
    }
    check_enum(schema, &value, names)?;
    check_below_next_id(schema, "enum", value.id.0)?;
    let id = value.id;
    schema.enums.insert(position, value);
    Ok(Edit::DeleteEnum { id })
}

fn delete_enum(schema: &mut Schema, id: EnumId) -> Result<Edit, EditError> {
    let Some(position) = schema.enums.iter().position(|e| e.id == id) else {
        return err(format!("no enum with id {}", id.0));
    };
    let value = schema.enums.remove(position);
    Ok(Edit::InsertEnum { value, position })
}

fn put_note(schema: &mut Schema, note: Note) -> Result<Edit, EditError> {
    check_point(note.position)?;
    if let Some(pos) = schema.notes.iter().position(|n| n.id == note.id) {
        let old = std::mem::replace(slot(&mut schema.notes, pos)?, note);
        return Ok(Edit::PutNote { note: old });
    }
    check_below_next_id(schema, "note", note.id.0)?;
    let id = note.id;
    schema.notes.push(note);
    Ok(Edit::DeleteNote { id })
}

fn insert_note(schema: &mut Schema, note: Note, position: usize) -> Result<Edit, EditError> {
    if position > schema.notes.len() {
        return err(format!("note position {position} is out of range (0..={})", schema.notes.len()));
    }
    if schema.notes.iter().any(|n| n.id == note.id) {
        return err(format!("a note with id {} already exists", note.id.0));
    }
    check_point(note.position)?;
    check_below_next_id(schema, "note", note.id.0)?;
    let id = note.id;
    schema.notes.insert(position, note);
    Ok(Edit::DeleteNote { id })
}

fn delete_note(schema: &mut Schema, id: NoteId) -> Result<Edit, EditError> {
    let Some(position) = schema.notes.iter().position(|n| n.id == id) else {
        return err(format!("no note with id {}", id.0));
    };
    let note = schema.notes.remove(position);
    Ok(Edit::InsertNote { note, position })
}

fn delete_view(schema: &mut Schema, view: ViewId) -> Result<Edit, EditError> {
    let Some(position) = schema.views.iter().position(|v| v.id == view) else {
        return err(format!("no view with id {}", view.0));
    };
    let view = schema.views.remove(position);
    Ok(Edit::InsertView { view, position })
}

fn insert_view(schema: &mut Schema, view: View, position: usize, names: bool) -> Result<Edit, EditError> {
    if position > schema.views.len() {
        return err(format!("view position {position} is out of range (0..={})", schema.views.len()));
    }
    if schema.views.iter().any(|v| v.id == view.id) {
        return err(format!("a view with id {} already exists", view.id.0));
    }
    if names {
        check_name("view", &view.name)?;
    }
    if let Some(t) = view.reads.iter().find(|t| schema.table(**t).is_none()) {
        return err(format!("view {}: no table with id {}", view.name, t.0));
    }
    let id = view.id;
    schema.views.insert(position, view);
    Ok(Edit::DeleteView { view: id })
}

fn table_ix(schema: &Schema, id: TableId) -> Result<usize, EditError> {
    schema.table_position(id).or_else(|_| err(format!("no table with id {}", id.0)))
}

/// The table at arena position `ix` (one `table_ix` or `column_ix` has just found).
fn at(schema: &Schema, ix: usize) -> Result<&Table, EditError> {
    schema.tables.get(ix).ok_or_else(|| EditError(format!("no table at position {ix}")))
}

fn at_mut(schema: &mut Schema, ix: usize) -> Result<&mut Table, EditError> {
    schema.tables.get_mut(ix).ok_or_else(|| EditError(format!("no table at position {ix}")))
}

/// The item at position `i` of `items` (one the caller has just found or checked).
fn slot<T>(items: &mut [T], i: usize) -> Result<&mut T, EditError> {
    let len = items.len();
    items.get_mut(i).ok_or_else(|| EditError(format!("position {i} is out of range (0..{len})")))
}

fn table_mut(schema: &mut Schema, id: TableId) -> Result<&mut Table, EditError> {
    let ix = table_ix(schema, id)?;
    at_mut(schema, ix)
}

/// Index of the owning table in `tables` and of the column in its `columns`.
fn column_ix(schema: &Schema, id: ColumnId) -> Result<(usize, usize), EditError> {
    schema
        .tables
        .iter()
        .enumerate()
        .find_map(|(ti, t)| t.columns.iter().position(|c| c.id == id).map(|ci| (ti, ci)))
        .ok_or_else(|| EditError(format!("no column with id {}", id.0)))
}

fn column_mut(schema: &mut Schema, id: ColumnId) -> Result<&mut Column, EditError> {
    let (ti, ci) = column_ix(schema, id)?;
    slot(&mut at_mut(schema, ti)?.columns, ci)
}

fn check_name(what: &str, name: &str) -> Result<(), EditError> {
    if name.trim().is_empty() {
        return err(format!("a {what} name must not be empty"));
    }
    Ok(())
}

fn same_namespace(a: &Option<String>, b: &Option<String>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
        _ => false,
    }
}

fn check_table_name_free(
    schema: &Schema,
    id: TableId,
    namespace: &Option<String>,
    name: &str,
) -> Result<(), EditError> {
    let clash = schema
        .tables
        .iter()
        .find(|t| t.id != id && same_namespace(&t.schema, namespace) && t.name.eq_ignore_ascii_case(name));
    match clash {
        Some(t) => err(format!("a table named `{}` already exists", t.qualified_name())),
        None => Ok(()),
    }
}

fn check_below_next_id(schema: &Schema, what: &str, id: u32) -> Result<(), EditError> {
    if id >= schema.next_id {
        return err(format!("{what} id {id} was not allocated with Schema::fresh_id (next id is {})", schema.next_id));
    }
    Ok(())
}

fn check_point(p: Point) -> Result<(), EditError> {
    if !p.x.is_finite() || !p.y.is_finite() {
        return err("a canvas position must be finite");
    }
    Ok(())
}

/// Column ids must be unique in the whole schema and allocated; names unique in the table. When
/// replacing a table, names the old table already had are accepted as they are (imports may
/// carry duplicates the user has not fixed yet).
fn check_columns(schema: &Schema, table: &Table, old: Option<&Table>, names: bool) -> Result<(), EditError> {
    let name = table.qualified_name();
    for (i, c) in table.columns.iter().enumerate() {
        if names {
            check_name("column", &c.name)?;
        }
        check_below_next_id(schema, "column", c.id.0)?;
        if table.columns.iter().take(i).any(|d| d.id == c.id) {
            return err(format!("{name}: column id {} appears twice", c.id.0));
        }
        let kept_name = old.is_some_and(|o| o.column(c.id).is_some_and(|oc| oc.name == c.name));
        if names && !kept_name && table.columns.iter().any(|d| d.id != c.id && d.name.eq_ignore_ascii_case(&c.name)) {
            return err(format!("{name}: a column named `{}` already exists", c.name));
        }
        if schema.tables.iter().any(|t| t.id != table.id && t.column(c.id).is_some()) {
            return err(format!("{name}: column id {} belongs to another table", c.id.0));
        }
    }
    Ok(())
}

fn check_fresh_column_id(schema: &Schema, id: ColumnId) -> Result<(), EditError> {
    check_below_next_id(schema, "column", id.0)?;
    if schema.column(id).is_some() {
        return err(format!("a column with id {} already exists", id.0));
    }
    Ok(())
}

fn check_fresh_index_id(schema: &Schema, id: IndexId) -> Result<(), EditError> {
    check_below_next_id(schema, "index", id.0)?;
    if let Some(t) = schema.tables.iter().find(|t| t.indexes.iter().any(|i| i.id == id)) {
        return err(format!("index id {} already belongs to {}", id.0, t.qualified_name()));
    }
    Ok(())
}

/// Keys, indexes and foreign keys of a table (being added or replaced) name existing columns.
fn check_table_refs(schema: &Schema, table: &Table) -> Result<(), EditError> {
    if let Some(pk) = &table.primary_key {
        check_key_columns(table, "primary key", &pk.columns)?;
    }
    for u in &table.uniques {
        check_key_columns(table, "unique constraint", &u.columns)?;
    }
    for (i, ix) in table.indexes.iter().enumerate() {
        check_index(table, ix)?;
        if table.indexes.iter().take(i).any(|o| o.id == ix.id) {
            return err(format!("{}: index id {} appears twice", table.qualified_name(), ix.id.0));
        }
        check_below_next_id(schema, "index", ix.id.0)?;
        if let Some(t) = schema.tables.iter().find(|t| t.id != table.id && t.indexes.iter().any(|o| o.id == ix.id)) {
            return err(format!("index id {} already belongs to {}", ix.id.0, t.qualified_name()));
        }
    }
    for fk in &table.foreign_keys {
        check_foreign_key(schema, table, fk)?;
    }
    if let Some(parent) = table.parent
        && parent != table.id
        && schema.table(parent).is_none()
    {
        return err(format!("{}: parent table {} does not exist", table.qualified_name(), parent.0));
    }
    Ok(())
}

fn check_key_columns(table: &Table, what: &str, columns: &[ColumnId]) -> Result<(), EditError> {
    let name = table.qualified_name();
    if columns.is_empty() {
        return err(format!("{name}: a {what} needs at least one column"));
    }
    for (i, c) in columns.iter().enumerate() {
        if table.column(*c).is_none() {
            return err(format!("{name}: the {what} names column {} which is not in this table", c.0));
        }
        if columns.iter().take(i).any(|x| x == c) {
            return err(format!("{name}: the {what} names column {} twice", c.0));
        }
    }
    Ok(())
}

fn check_index(table: &Table, index: &Index) -> Result<(), EditError> {
    let name = table.qualified_name();
    if index.keys.is_empty() {
        return err(format!("{name}: an index needs at least one key"));
    }
    let own = |c: &ColumnId| table.column(*c).is_some();
    let keys_ok = index.keys.iter().all(|k| match &k.part {
        IndexPart::Column(c) => own(c),
        IndexPart::Expression(e) => !e.trim().is_empty(),
    });
    if !keys_ok || !index.include.iter().all(own) {
        return err(format!("{name}: the index names a column that is not in this table (or an empty expression)"));
    }
    Ok(())
}

/// A foreign key of `table` (which may be about to be added, so self-references resolve to it).
fn check_foreign_key(schema: &Schema, table: &Table, fk: &ForeignKey) -> Result<(), EditError> {
    let name = table.qualified_name();
    let target = if fk.ref_table == table.id { Some(table) } else { schema.table(fk.ref_table) };
    let Some(target) = target else {
        return err(format!("{name}: the foreign key references table {} which does not exist", fk.ref_table.0));
    };
    if fk.columns.is_empty() {
        return err(format!("{name}: a foreign key needs at least one column"));
    }
    if fk.columns.len() != fk.ref_columns.len() {
        return err(format!(
            "{name}: the foreign key has {} columns but references {}",
            fk.columns.len(),
            fk.ref_columns.len()
        ));
    }
    if let Some(c) = fk.columns.iter().find(|c| table.column(**c).is_none()) {
        return err(format!("{name}: the foreign key names column {} which is not in this table", c.0));
    }
    if let Some(c) = fk.ref_columns.iter().find(|c| target.column(**c).is_none()) {
        return err(format!(
            "{name}: the foreign key references column {} which is not in {}",
            c.0,
            target.qualified_name()
        ));
    }
    Ok(())
}

fn check_enum(schema: &Schema, value: &EnumType, names: bool) -> Result<(), EditError> {
    if !names {
        return Ok(());
    }
    check_name("enum", &value.name)?;
    let clash = schema.enums.iter().find(|e| {
        e.id != value.id && same_namespace(&e.schema, &value.schema) && e.name.eq_ignore_ascii_case(&value.name)
    });
    if let Some(e) = clash {
        return err(format!("an enum named `{}` already exists", e.name));
    }
    if let Some(v) = value.values.iter().enumerate().find(|(i, v)| value.values.iter().take(*i).any(|w| w == *v)).map(|(_, v)| v) {
        return err(format!("{}: the value `{}` appears twice", value.name, v));
    }
    Ok(())
}
