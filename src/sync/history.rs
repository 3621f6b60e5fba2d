//! One undo history over the text and the model together. A step is a model edit (with its
//! inverse), a text change (with its inverse), or both: an edit that was written into the text.
//! Undo puts the text back exactly as it was and the model with it.

use super::change::TextChange;
use crate::edit::Edit;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// Typing within this many milliseconds of the previous keystroke extends the same undo step.
pub const TYPING_PAUSE_MS: f64 = 1000.0;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// The model edit and its inverse.
    pub edit: Option<(Edit, Edit)>,
    /// The text change and its inverse.
    pub text: Option<(TextChange, TextChange)>,
    /// When typing last extended this step (ms, the caller's clock); `None` once sealed.
    #[serde(default)]
    pub typing_at: Option<f64>,
    /// The model before and after choosing another database of a text that defines several
    /// (the text stays; the model is another one, so it is kept whole).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database: Option<Box<DatabaseSwitch>>,
}

/// The models on either side of a database switch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DatabaseSwitch {
    pub before: crate::schema::Schema,
    pub after: crate::schema::Schema,
}

/// Undo and redo stacks; see [`super::Document`] for applying them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
    /// Undo steps kept; older ones are forgotten.
    pub const DEFAULT_CAP: usize = 500;

    pub fn new() -> History {
        History { undo: VecDeque::new(), redo: Vec::new(), cap: History::DEFAULT_CAP }
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

    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }

    /// Records a new step and forgets the redo stack.
    pub fn push(&mut self, step: Step) {
        self.seal();
        self.undo.push_back(step);
        self.redo.clear();
        while self.undo.len() > self.cap {
            self.undo.pop_front();
        }
    }

    /// Records typing: a text change made at `at_ms` to `after` (the text it produced). It
    /// extends the last step when that was typing less than [`TYPING_PAUSE_MS`] ago.
    pub fn push_typing(&mut self, change: TextChange, inverse: TextChange, after: &str, at_ms: f64) {
        if let Some(top) = self.undo.back_mut()
            && top.edit.is_none()
            && top.database.is_none()
            && top.typing_at.is_some_and(|t| at_ms - t < TYPING_PAUSE_MS && at_ms >= t)
            && let Some((first, first_inv)) = &top.text
            && let Some(merged) = compose(first, first_inv, &change, &inverse, after)
        {
            top.text = Some(merged);
            top.typing_at = Some(at_ms);
            self.redo.clear();
            return;
        }
        self.push(Step { edit: None, text: Some((change, inverse)), typing_at: Some(at_ms), database: None });
    }

    /// Ends a typing run: the next keystroke starts a new step.
    pub fn seal(&mut self) {
        if let Some(top) = self.undo.back_mut() {
            top.typing_at = None;
        }
    }

    pub(super) fn pop_undo(&mut self) -> Option<Step> {
        self.undo.pop_back()
    }

    pub(super) fn push_redo(&mut self, step: Step) {
        self.redo.push(step);
    }

    pub(super) fn pop_redo(&mut self) -> Option<Step> {
        self.redo.pop()
    }

    /// Puts an undone step back (after a failed undo) or a redone one on the undo stack.
    pub(super) fn push_undo_kept(&mut self, step: Step) {
        self.undo.push_back(Step { typing_at: None, ..step });
    }

    pub(super) fn push_redo_back(&mut self, step: Step) {
        self.redo.push(step);
    }
}

/// The one change equal to `first` then `second` (each with its inverse), given the text after
/// both; `None` when a change does not fit. Only the region the two touch is rebuilt.
pub fn compose(first: &TextChange, first_inv: &TextChange, second: &TextChange, second_inv: &TextChange, after: &str) -> Option<(TextChange, TextChange)> {
    // In the text between the two changes (T1): where the first one's insertion lies.
    let (a1, l1) = (first.start, first.insert.len());
    let s1 = a1.min(second.start);
    let e1 = (a1 + l1).max(second.end);
    // The same region in the final text (T2).
    let e2 = (e1 + second.insert.len()).checked_sub(second.end - second.start)?;
    let window2 = after.get(s1..e2)?;
    // Back to T1, then to T0, inside the window only.
    let mut window1 = window2.to_string();
    let local2 = TextChange::new(second_inv.start.checked_sub(s1)?, second_inv.end.checked_sub(s1)?, second_inv.insert.clone());
    if !local2.apply(&mut window1) {
        return None;
    }
    let mut window0 = window1;
    let local1 = TextChange::new(first_inv.start.checked_sub(s1)?, first_inv.end.checked_sub(s1)?, first_inv.insert.clone());
    if !local1.apply(&mut window0) {
        return None;
    }
    let e0 = s1 + window0.len();
    let forward = TextChange::new(s1, e0, window2);
    let inverse = TextChange::new(s1, s1 + forward.insert.len(), window0);
    Some((forward, inverse))
}
