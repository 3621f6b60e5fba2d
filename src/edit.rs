//! The one door through which the model changes: `apply(&mut Schema, Edit)` returns the inverse
//! edit, which is what undo applies.
//!
//! CONTRACT (used by ui/, analysis fixes): `Edit`, `EditError`, `apply`. The editor-core helper
//! owns this file.

use crate::schema::{
    Check, Column, ColumnId, DataType, EnumId, EnumType, ForeignKey, Index, IndexId, Note, Point,
    PrimaryKey, Schema, Table, TableId, UniqueConstraint,
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
    DeleteNote { id: u32 },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditError(pub String);

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Applies `edit`; on success returns the edit that undoes it. On error the schema is unchanged.
pub fn apply(schema: &mut Schema, edit: Edit) -> Result<Edit, EditError> {
    match edit {
        Edit::Batch(edits) => {
            let mut inverses = Vec::with_capacity(edits.len());
            for e in edits {
                match apply(schema, e) {
                    Ok(inv) => inverses.push(inv),
                    Err(err) => {
                        for inv in inverses.into_iter().rev() {
                            let _ = apply(schema, inv);
                        }
                        return Err(err);
                    }
                }
            }
            inverses.reverse();
            Ok(Edit::Batch(inverses))
        }
        other => Err(EditError(format!("edit not implemented yet: {other:?}"))),
    }
}
