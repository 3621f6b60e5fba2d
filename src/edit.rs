//! The one door through which the model changes: `apply(&mut Schema, Edit)` returns the inverse
//! edit, which is what undo applies.
//!
//! CONTRACT (used by ui/, analysis fixes): `Edit`, `EditError`, `apply`. The editor-core helper
//! owns this file.

use crate::schema::Schema;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Edit {
    /// Several edits applied in order as one undo step.
    Batch(Vec<Edit>),
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
    }
}
