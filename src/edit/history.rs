//! Undo and redo as two stacks of (edit, inverse) pairs, independent of any UI.

use super::{Edit, EditError, apply, revert};
use crate::schema::{Point, Schema, TableId};
use std::collections::{BTreeMap, VecDeque};

/// One undo step: the edit as applied and the edit that undoes it.
#[derive(Clone, Debug, PartialEq)]
struct Step {
    edit: Edit,
    inverse: Edit,
    /// Set while a coalescing run (a drag) may still extend this step.
    key: Option<String>,
}

/// Undo/redo stacks over `apply`. The history does not own the schema: every call takes the
/// schema it was built against, so the UI keeps one signal for the schema and one for this.
#[derive(Clone, Debug, PartialEq)]
pub struct History {
    undo: VecDeque<Step>,
    redo: Vec<Step>,
    cap: usize,
}

impl Default for History {
    fn default() -> Self {
        History::new()
    }
}

impl History {
    /// Undo steps kept by [`History::new`]; older steps are forgotten.
    pub const DEFAULT_CAP: usize = 500;

    pub fn new() -> Self {
        History::with_cap(History::DEFAULT_CAP)
    }

    /// A history keeping at most `cap` undo steps (at least one).
    pub fn with_cap(cap: usize) -> Self {
        History { undo: VecDeque::new(), redo: Vec::new(), cap: cap.max(1) }
    }

    /// Applies `edit` as a new undo step and forgets the redo stack. On error nothing changes.
    pub fn apply(&mut self, schema: &mut Schema, edit: Edit) -> Result<(), EditError> {
        let inverse = apply(schema, edit.clone())?;
        self.push(Step { edit, inverse, key: None });
        Ok(())
    }

    /// Applies `edit`, merging it into the previous step when that step was applied with the
    /// same `key` and both are `MoveTables` (so a whole drag is one undo step). Use a key that is
    /// unique per gesture (e.g. the pointer-down time) and call [`History::seal`] when it ends.
    pub fn apply_coalescing(&mut self, schema: &mut Schema, edit: Edit, key: &str) -> Result<(), EditError> {
        let inverse = apply(schema, edit.clone())?;
        if let Some(top) = self.undo.back_mut().filter(|s| s.key.as_deref() == Some(key))
            && let (Some(merged), Some(merged_inverse)) = (coalesce(&top.edit, &edit), coalesce(&inverse, &top.inverse))
        {
            top.edit = merged;
            top.inverse = merged_inverse;
            self.redo.clear();
            return Ok(());
        }
        self.push(Step { edit, inverse, key: Some(key.to_string()) });
        Ok(())
    }

    /// Ends any coalescing run: the next edit starts a new undo step.
    pub fn seal(&mut self) {
        if let Some(top) = self.undo.back_mut() {
            top.key = None;
        }
    }

    /// Undoes the last step. Returns `Ok(false)` when there is nothing to undo.
    pub fn undo(&mut self, schema: &mut Schema) -> Result<bool, EditError> {
        let Some(step) = self.undo.pop_back() else { return Ok(false) };
        match revert(schema, step.inverse.clone()) {
            Ok(redo_edit) => {
                self.redo.push(Step { edit: redo_edit, inverse: step.inverse, key: None });
                self.seal();
                Ok(true)
            }
            Err(e) => {
                // The schema changed behind the history's back; keep the step for inspection.
                self.undo.push_back(step);
                Err(e)
            }
        }
    }

    /// Redoes the last undone step. Returns `Ok(false)` when there is nothing to redo.
    pub fn redo(&mut self, schema: &mut Schema) -> Result<bool, EditError> {
        let Some(step) = self.redo.pop() else { return Ok(false) };
        match revert(schema, step.edit.clone()) {
            Ok(inverse) => {
                self.seal();
                self.undo.push_back(Step { edit: step.edit, inverse, key: None });
                self.trim();
                Ok(true)
            }
            Err(e) => {
                self.redo.push(step);
                Err(e)
            }
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }

    pub fn redo_len(&self) -> usize {
        self.redo.len()
    }

    /// Forgets every step (e.g. after loading another project).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }

    fn push(&mut self, step: Step) {
        self.seal();
        self.undo.push_back(step);
        self.redo.clear();
        self.trim();
    }

    fn trim(&mut self) {
        while self.undo.len() > self.cap {
            self.undo.pop_front();
        }
    }
}

/// One `MoveTables` equivalent to applying `first` then `second`, when both are `MoveTables`
/// (each table keeps its last position, in order of first mention); `None` otherwise.
pub fn coalesce(first: &Edit, second: &Edit) -> Option<Edit> {
    let (Edit::MoveTables { moves: a }, Edit::MoveTables { moves: b }) = (first, second) else {
        return None;
    };
    let mut moves: Vec<(TableId, Option<Point>)> = Vec::with_capacity(a.len().max(b.len()));
    // Where each table sits in `moves`: dragging a big selection stays linear-logarithmic.
    let mut slot_of: BTreeMap<TableId, usize> = BTreeMap::new();
    for &(id, p) in a.iter().chain(b) {
        match slot_of.get(&id) {
            Some(&k) => moves[k].1 = p,
            None => {
                slot_of.insert(id, moves.len());
                moves.push((id, p));
            }
        }
    }
    Some(Edit::MoveTables { moves })
}
