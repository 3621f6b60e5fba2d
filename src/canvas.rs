//! What the diagram's gestures mean for the model, without a browser: the selection (tables,
//! views and notes together), what a rubber band catches, the edits that move or delete a
//! selection (one `Edit` per gesture, so one undo step), finding a table or view by name, and
//! carrying canvas positions across a re-import.
//!
//! Public API (used by ui/): `Item`, `Selection`, `move_edit`, `delete_edit`, `search`,
//! `keep_positions`.

use crate::edit::Edit;
use crate::layout::{Layout, Rect, note_rect};
use crate::schema::{Note, Point, Schema, Table, TableId, View, ViewId};
use std::collections::HashMap;

/// One thing on the canvas that can be selected, dragged or found.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Item {
    Table(TableId),
    View(ViewId),
    /// A sticky note, by `Note::id`.
    Note(u32),
}

/// The selected canvas items, each kind in the order it was selected, without duplicates.
/// Saved with the project (`UiSettings::selection`).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Selection {
    pub tables: Vec<TableId>,
    pub views: Vec<ViewId>,
    pub notes: Vec<u32>,
}

impl Selection {
    /// A selection of exactly `item`.
    pub fn only(item: Item) -> Selection {
        let mut s = Selection::default();
        s.insert(item);
        s
    }

    pub fn is_empty(&self) -> bool {
        self.tables.is_empty() && self.views.is_empty() && self.notes.is_empty()
    }

    pub fn len(&self) -> usize {
        self.tables.len() + self.views.len() + self.notes.len()
    }

    pub fn contains(&self, item: Item) -> bool {
        match item {
            Item::Table(t) => self.tables.contains(&t),
            Item::View(v) => self.views.contains(&v),
            Item::Note(n) => self.notes.contains(&n),
        }
    }

    /// Adds `item` unless it is already selected.
    pub fn insert(&mut self, item: Item) {
        fn push<T: PartialEq>(list: &mut Vec<T>, x: T) {
            if !list.contains(&x) {
                list.push(x);
            }
        }
        match item {
            Item::Table(t) => push(&mut self.tables, t),
            Item::View(v) => push(&mut self.views, v),
            Item::Note(n) => push(&mut self.notes, n),
        }
    }

    pub fn remove(&mut self, item: Item) {
        match item {
            Item::Table(t) => self.tables.retain(|x| *x != t),
            Item::View(v) => self.views.retain(|x| *x != v),
            Item::Note(n) => self.notes.retain(|x| *x != n),
        }
    }

    /// Selects `item` when it was not selected, deselects it when it was (shift-click).
    pub fn toggle(&mut self, item: Item) {
        if self.contains(item) {
            self.remove(item);
        } else {
            self.insert(item);
        }
    }

    /// Adds every item of `other` (a rubber band adds to the selection).
    pub fn extend(&mut self, other: &Selection) {
        let items = other
            .tables
            .iter()
            .map(|t| Item::Table(*t))
            .chain(other.views.iter().map(|v| Item::View(*v)))
            .chain(other.notes.iter().map(|n| Item::Note(*n)));
        for item in items {
            self.insert(item);
        }
    }

    /// The table when the selection is exactly one table (what the inspector edits).
    pub fn single_table(&self) -> Option<TableId> {
        match (self.tables.as_slice(), self.views.is_empty() && self.notes.is_empty()) {
            ([one], true) => Some(*one),
            _ => None,
        }
    }

    /// Forgets items `schema` no longer has (after an import, a load or an undo).
    pub fn retain_in(&mut self, schema: &Schema) {
        self.tables.retain(|t| schema.table(*t).is_some());
        self.views.retain(|v| schema.view(*v).is_some());
        self.notes.retain(|n| schema.notes.iter().any(|x| x.id == *n));
    }

    /// Every table box, view box and note that intersects (or touches) `r`.
    pub fn in_rect(layout: &Layout, notes: &[Note], r: Rect) -> Selection {
        Selection {
            tables: layout.boxes.iter().filter(|b| b.rect().intersects(&r)).map(|b| b.table).collect(),
            views: layout.views.iter().filter(|b| b.rect().intersects(&r)).map(|b| b.view).collect(),
            notes: notes.iter().filter(|n| note_rect(n).intersects(&r)).map(|n| n.id).collect(),
        }
    }
}

/// The edit that moves every selected table, view and note by (dx, dy) from where `layout`
/// draws it (rounded to whole units when `round`): one `MoveTables`, `MoveViews` or note edit
/// when only one kind moves, else a `Batch` of them, so the move is one undo step either way.
/// `None` when nothing selected is on the canvas.
pub fn move_edit(schema: &Schema, layout: &Layout, sel: &Selection, dx: f64, dy: f64, round: bool) -> Option<Edit> {
    let at = |x: f64, y: f64| {
        let p = Point { x: x + dx, y: y + dy };
        if round { Point { x: p.x.round(), y: p.y.round() } } else { p }
    };
    let tables: Vec<_> =
        sel.tables.iter().filter_map(|id| layout.box_of(*id).map(|b| (*id, Some(at(b.x, b.y))))).collect();
    let views: Vec<_> = sel
        .views
        .iter()
        .filter_map(|id| layout.views.iter().find(|b| b.view == *id).map(|b| (*id, Some(at(b.x, b.y)))))
        .collect();
    let mut edits = Vec::new();
    if !tables.is_empty() {
        edits.push(Edit::MoveTables { moves: tables });
    }
    if !views.is_empty() {
        edits.push(Edit::MoveViews { moves: views });
    }
    for id in &sel.notes {
        if let Some(n) = schema.notes.iter().find(|n| n.id == *id) {
            edits.push(Edit::PutNote { note: Note { position: at(n.position.x, n.position.y), ..n.clone() } });
        }
    }
    one_step(edits)
}

/// The edit that deletes the selected tables and notes as one undo step; `None` when none of
/// them exists. Views are kept: they come from the DDL text, and no edit deletes one (the diff
/// and migration do not cover views, so deleting one here would go unnoticed there).
pub fn delete_edit(schema: &Schema, sel: &Selection) -> Option<Edit> {
    let tables = sel.tables.iter().filter(|t| schema.table(**t).is_some()).map(|t| Edit::DeleteTable { table: *t });
    let notes = sel
        .notes
        .iter()
        .filter(|n| schema.notes.iter().any(|x| x.id == **n))
        .map(|n| Edit::DeleteNote { id: *n });
    one_step(tables.chain(notes).collect())
}

fn one_step(mut edits: Vec<Edit>) -> Option<Edit> {
    match edits.len() {
        0 => None,
        1 => edits.pop(),
        _ => Some(Edit::Batch(edits)),
    }
}

/// The table or view `query` names (case-insensitive, with or without its schema): exact
/// matches first, tables before views; else the first whose qualified name contains it.
pub fn search(schema: &Schema, query: &str) -> Option<Item> {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return None;
    }
    let named = |name: &str, qualified: String| -> (bool, bool) {
        let qualified = qualified.to_lowercase();
        (name.to_lowercase() == q || qualified == q, qualified.contains(&q))
    };
    let tables = schema.tables.iter().map(|t| (Item::Table(t.id), named(&t.name, t.qualified_name())));
    let views = schema.views.iter().map(|v| (Item::View(v.id), named(&v.name, v.qualified_name())));
    let all: Vec<(Item, (bool, bool))> = tables.chain(views).collect();
    all.iter()
        .find(|(_, (exact, _))| *exact)
        .or_else(|| all.iter().find(|(_, (_, contains))| *contains))
        .map(|(item, _)| *item)
}

/// Something with a qualified name and a canvas position that a re-import can carry over.
trait Placed {
    fn key(&self) -> String;
    fn position_mut(&mut self) -> &mut Option<Point>;
    fn position(&self) -> Option<Point>;
}

/// Tables and views are placed alike: by qualified name and their `position` field.
macro_rules! impl_placed {
    ($($t:ty),*) => {$(
        impl Placed for $t {
            fn key(&self) -> String {
                self.qualified_name().to_lowercase()
            }
            fn position_mut(&mut self) -> &mut Option<Point> {
                &mut self.position
            }
            fn position(&self) -> Option<Point> {
                self.position
            }
        }
    )*};
}
impl_placed!(Table, View);

/// Gives each unplaced object of `new` the position of the object of `old` with the same
/// qualified name (case-insensitive), if that one was placed.
fn carry_positions<T: Placed>(old: &[T], new: &mut [T]) {
    let placed: HashMap<String, Point> = old.iter().filter_map(|o| o.position().map(|p| (o.key(), p))).collect();
    if placed.is_empty() {
        return;
    }
    for n in new {
        if n.position().is_none() {
            *n.position_mut() = placed.get(&n.key()).copied();
        }
    }
}

/// Copies `position` from tables and views of `old` to those of `new` with the same qualified
/// name, and carries the canvas notes over (the text does not hold them), so re-importing after
/// an edit to the text keeps the user's arrangement.
pub fn keep_positions(old: &Schema, new: &mut Schema) {
    if new.notes.is_empty() && !old.notes.is_empty() {
        // Fresh ids from the new schema: ids are never shared between objects.
        for n in &old.notes {
            let id = new.fresh_id();
            new.notes.push(Note { id, ..n.clone() });
        }
    }
    carry_positions(&old.views, &mut new.views);
    carry_positions(&old.tables, &mut new.tables);
}
