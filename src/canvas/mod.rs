//! What the diagram's gestures mean for the model, without a browser: the selection (tables,
//! views and notes together), what a rubber band catches, the edits that move or delete a
//! selection (one `Edit` per gesture, so one undo step), finding a table or view by name, and
//! carrying canvas positions across a re-import.
//!
//! Public API (used by ui/): `Item`, `Selection`, `move_edit`, `delete_edit`, `search`,
//! `keep_positions`; `Drag`, `edge_views`, `read_views`, `route` (what the diagram draws while
//! boxes move); the gesture state machine — `Gesture` (press, move, release), `key_command`,
//! `wheel_zoom` — and the culling the page runs (`render_rect`, `visible_tables`).

use crate::edit::Edit;
use crate::layout::{HEADER_HEIGHT, Layout, Rect, TableBox, Viewport, note_rect, row_y};
use crate::schema::{ColumnId, Note, NoteId, Point, Schema, Table, TableId, View, ViewId};
use std::collections::HashMap;

pub mod lod;

/// One thing on the canvas that can be selected, dragged or found.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Item {
    Table(TableId),
    View(ViewId),
    /// A sticky note, by `Note::id`.
    Note(NoteId),
}

/// The selected canvas items, each kind in the order it was selected, without duplicates.
/// Saved with the project (`UiSettings::selection`).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Selection {
    pub tables: Vec<TableId>,
    pub views: Vec<ViewId>,
    pub notes: Vec<NoteId>,
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

/// The edit that deletes the selected views, tables and notes as one undo step; `None` when
/// none of them exists. (A view's deletion removes its statement from the text; one that
/// another view reads, or a table a view reads, is refused there, saying which.)
pub fn delete_edit(schema: &Schema, sel: &Selection) -> Option<Edit> {
    // Views first: a view reading a table goes before the table.
    let views = sel.views.iter().filter(|v| schema.views.iter().any(|x| x.id == **v)).map(|v| Edit::DeleteView { view: *v });
    let tables = sel.tables.iter().filter(|t| schema.table(**t).is_some()).map(|t| Edit::DeleteTable { table: *t });
    let notes = sel
        .notes
        .iter()
        .filter(|n| schema.notes.iter().any(|x| x.id == **n))
        .map(|n| Edit::DeleteNote { id: *n });
    one_step(views.chain(tables).chain(notes).collect())
}

fn one_step(mut edits: Vec<Edit>) -> Option<Edit> {
    match edits.len() {
        0 => None,
        1 => edits.pop(),
        _ => Some(Edit::Batch(edits)),
    }
}

/// The foreign keys a column takes part in, as `(owning table, index)`: those whose columns
/// include it and those that reference it. Hovering a column highlights them with both ends.
pub fn foreign_keys_of_column(schema: &Schema, table: TableId, column: crate::schema::ColumnId) -> Vec<(TableId, usize)> {
    let mut out = Vec::new();
    for t in &schema.tables {
        for (i, fk) in t.foreign_keys.iter().enumerate() {
            if (t.id == table && fk.columns.contains(&column)) || (fk.ref_table == table && fk.ref_columns.contains(&column)) {
                out.push((t.id, i));
            }
        }
    }
    out
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
            new.notes.push(Note { id: NoteId(id), ..n.clone() });
        }
    }
    carry_positions(&old.views, &mut new.views);
    carry_positions(&old.tables, &mut new.tables);
}

// ---- What the diagram draws while it changes: drags, routes, the edges in view ----
//
// The layout routes every edge; while a drag moves some boxes, their edges get a simple route
// (out of the facing side, across, in) until the drop lays them out. Edges are culled to the
// visible rectangle.

/// An in-progress drag of the selection: what moves and by how much (diagram units). Tables,
/// views and notes are drawn shifted until the drop applies one move edit.
#[derive(Clone, Debug, PartialEq)]
pub struct Drag {
    pub items: Selection,
    pub dx: f64,
    pub dy: f64,
}

impl Drag {
    /// The offset of `item`: (dx, dy) when it is being dragged, else zero.
    pub fn offset_of(drag: Option<&Drag>, item: Item) -> (f64, f64) {
        match drag {
            Some(d) if d.items.contains(item) => (d.dx, d.dy),
            _ => (0.0, 0.0),
        }
    }
}

/// True when the bounding box of `points` intersects `visible`.
fn points_hit(points: &[Point], visible: Rect) -> bool {
    let (x0, y0, x1, y1) = points.iter().fold((f64::MAX, f64::MAX, f64::MIN, f64::MIN), |r, p| {
        (r.0.min(p.x), r.1.min(p.y), r.2.max(p.x), r.3.max(p.y))
    });
    Rect { x: x0, y: y0, width: x1 - x0, height: y1 - y0 }.intersects(&visible)
}

/// One "reads" edge as the diagram draws it.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadView {
    pub view: ViewId,
    pub table: TableId,
    pub d: String,
}

/// The route of one view's "reads" edge (`read_routes`).
#[derive(Clone, Debug, PartialEq)]
pub struct ReadRoute {
    pub view: ViewId,
    pub table: TableId,
    pub points: Vec<Point>,
}

/// The views' reads edges to draw: the layout's routes, or a simple route from header to header
/// while the view or the table is being dragged; limited to those near the visible rectangle and
/// to shown tables.
pub fn read_routes(layout: &Layout, drag: Option<&Drag>, visible: Rect, shown: Option<&[TableId]>) -> Vec<ReadRoute> {
    let mut out = Vec::new();
    for e in &layout.reads {
        if shown.is_some_and(|s| !s.contains(&e.table)) {
            continue;
        }
        let (vdx, vdy) = Drag::offset_of(drag, Item::View(e.view));
        let (tdx, tdy) = Drag::offset_of(drag, Item::Table(e.table));
        let moving = drag.is_some_and(|d| d.items.contains(Item::View(e.view)) || d.items.contains(Item::Table(e.table)));
        let points = if !moving && e.points.len() >= 2 {
            e.points.clone()
        } else {
            let (Some(v), Some(t)) = (layout.views.iter().find(|v| v.view == e.view), layout.box_of(e.table)) else {
                continue;
            };
            let a = TableBox { table: e.table, x: v.x + vdx, y: v.y + vdy, width: v.width, height: v.height, type_offset: 0.0 };
            let b = TableBox { x: t.x + tdx, y: t.y + tdy, ..t.clone() };
            header_route(&a, &b)
        };
        if !points_hit(&points, visible) {
            continue;
        }
        out.push(ReadRoute { view: e.view, table: e.table, points });
    }
    out
}

/// [`read_routes`] as SVG path data.
pub fn read_views(layout: &Layout, drag: Option<&Drag>, visible: Rect, shown: Option<&[TableId]>) -> Vec<ReadView> {
    read_routes(layout, drag, visible, shown)
        .into_iter()
        .map(|r| ReadView { view: r.view, table: r.table, d: crate::export::svg::path_d(&r.points) })
        .collect()
}

/// Out of the side of `a` facing `b` at the middle of its header, across, into `b`'s header.
fn header_route(a: &TableBox, b: &TableBox) -> Vec<Point> {
    let (ay, by) = (a.y + HEADER_HEIGHT / 2.0, b.y + HEADER_HEIGHT / 2.0);
    let a_right = a.x + a.width / 2.0 <= b.x + b.width / 2.0;
    let (ax, bx) = if a_right { (a.x + a.width, b.x) } else { (a.x, b.x + b.width) };
    let mid = (ax + bx) / 2.0;
    vec![Point { x: ax, y: ay }, Point { x: mid, y: ay }, Point { x: mid, y: by }, Point { x: bx, y: by }]
}

/// A simple orthogonal route from a row of box `a` to a row of box `b`: out of the side facing
/// the other box, across, and in. Used while dragging and when a layout has no routes.
pub fn route(a: &TableBox, a_row: usize, b: &TableBox, b_row: usize) -> Vec<Point> {
    let (ay, by) = (row_y(a, a_row), row_y(b, b_row));
    let stub = 18.0;
    if a.table == b.table {
        let x = a.x + a.width;
        return vec![
            Point { x, y: ay },
            Point { x: x + stub * 2.0, y: ay },
            Point { x: x + stub * 2.0, y: by },
            Point { x, y: by },
        ];
    }
    let a_right = a.x + a.width / 2.0 <= b.x + b.width / 2.0;
    let (ax, bx) = if a_right { (a.x + a.width, b.x) } else { (a.x, b.x + b.width) };
    let (a_out, b_out) = if a_right { (ax + stub, bx - stub) } else { (ax - stub, bx + stub) };
    let mid = (a_out + b_out) / 2.0;
    let mid = if (a_right && mid < a_out) || (!a_right && mid > a_out) { a_out } else { mid };
    vec![
        Point { x: ax, y: ay },
        Point { x: mid, y: ay },
        Point { x: mid, y: by },
        Point { x: bx, y: by },
    ]
}

/// One edge as the diagram draws it.
#[derive(Clone, Debug, PartialEq)]
pub struct EdgeView {
    pub from_table: TableId,
    pub fk_index: usize,
    pub to_table: TableId,
    pub d: String,
    /// The crow's-foot kinds at the referencing and referenced ends (`many-optional`, …).
    pub start_marker: &'static str,
    pub end_marker: &'static str,
    /// The crow's-foot symbols as path data: bars and feet, and the optional circles.
    pub ends: (String, String),
    pub label: String,
}

fn shifted(b: &TableBox, drag: Option<&Drag>) -> TableBox {
    let (dx, dy) = Drag::offset_of(drag, Item::Table(b.table));
    TableBox { x: b.x + dx, y: b.y + dy, ..b.clone() }
}

/// Which foreign keys [`edge_views`] draws, by whether they touch one of `tables` (the tables
/// being dragged): the still edges change only when a drag starts or ends, the moving ones on
/// every frame, so a drag re-draws a handful of edges, not all of them.
#[derive(Clone, Copy, Debug)]
pub enum EdgeSet<'a> {
    Still(&'a [TableId]),
    Moving(&'a [TableId]),
}

/// One foreign key's route as the diagram draws it (`edge_routes`).
#[derive(Clone, Debug)]
pub struct EdgeRoute<'a> {
    pub table: &'a Table,
    pub fk_index: usize,
    pub to_table: TableId,
    pub points: std::borrow::Cow<'a, [Point]>,
}

/// The edges to draw: the layout's routes (or a simple route when the layout has none), re-routed
/// for tables being dragged, limited to those near the visible rectangle and the shown tables.
pub fn edge_routes<'a>(
    schema: &'a Schema,
    layout: &'a Layout,
    drag: Option<&Drag>,
    visible: Rect,
    shown: Option<&[TableId]>,
    set: EdgeSet,
) -> Vec<EdgeRoute<'a>> {
    let mut out = Vec::new();
    let is_shown = |id: TableId| shown.is_none_or(|s| s.contains(&id));
    let (moving_tables, want_moving) = match set {
        EdgeSet::Still(t) => (t, false),
        EdgeSet::Moving(t) => (t, true),
    };
    if want_moving && moving_tables.is_empty() {
        return out;
    }
    let routed_by_key: HashMap<(TableId, usize), &crate::layout::Edge> = if want_moving {
        HashMap::new()
    } else {
        layout.edges.iter().map(|e| ((e.from_table, e.fk_index), e)).collect()
    };
    for t in &schema.tables {
        for (i, fk) in t.foreign_keys.iter().enumerate() {
            let touches = moving_tables.contains(&t.id) || moving_tables.contains(&fk.ref_table);
            if touches != want_moving || !is_shown(t.id) || !is_shown(fk.ref_table) {
                continue;
            }
            let (Some(a), Some(b)) = (layout.box_of(t.id), layout.box_of(fk.ref_table)) else { continue };
            let moving = drag.is_some() && touches;
            let routed = routed_by_key.get(&(t.id, i));
            let points: std::borrow::Cow<[_]> = match (routed, moving) {
                (Some(e), false) if e.points.len() >= 2 => std::borrow::Cow::Borrowed(&e.points[..]),
                _ => {
                    let Some(target) = schema.table(fk.ref_table) else { continue };
                    let a_row = fk.columns.first().and_then(|c| t.columns.iter().position(|x| x.id == *c)).unwrap_or(0);
                    let b_row = fk
                        .ref_columns
                        .first()
                        .and_then(|c| target.columns.iter().position(|x| x.id == *c))
                        .unwrap_or(0);
                    std::borrow::Cow::Owned(route(&shifted(a, drag), a_row, &shifted(b, drag), b_row))
                }
            };
            if !points_hit(&points, visible) {
                continue;
            }
            out.push(EdgeRoute { table: t, fk_index: i, to_table: fk.ref_table, points });
        }
    }
    out
}

/// [`edge_routes`] as the SVG draws them: path data, crow's feet and a tooltip.
pub fn edge_views(
    schema: &Schema,
    layout: &Layout,
    drag: Option<&Drag>,
    visible: Rect,
    shown: Option<&[TableId]>,
    set: EdgeSet,
) -> Vec<EdgeView> {
    edge_routes(schema, layout, drag, visible, shown, set)
        .into_iter()
        .map(|r| {
            let (t, i, points) = (r.table, r.fk_index, &r.points);
            let (start_marker, end_marker) = crate::export::svg::fk_ends(t, i);
            let target_name = schema.table(r.to_table).map(|x| x.qualified_name()).unwrap_or_default();
            let ends = crate::layout::ends::end_paths(points, crate::layout::ends::End::named(start_marker), crate::layout::ends::End::named(end_marker));
            EdgeView {
                from_table: t.id,
                fk_index: i,
                to_table: r.to_table,
                d: crate::export::svg::path_d(points),
                start_marker,
                end_marker,
                ends,
                label: format!("{} → {}", t.qualified_name(), target_name),
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Gestures: what a pointer press, move and release, a key and the wheel mean on the canvas, as
// a state machine without a browser. The page turns DOM events into these calls and carries out
// what they return (`ui/diagram.rs`); `tests/it/canvas.rs` drives them.

/// A pointer gesture in progress, from press to release. Screen positions are client pixels;
/// world positions diagram units.
#[derive(Clone, Debug, PartialEq)]
pub enum Gesture {
    /// Dragging the background pans the view.
    Pan { start: (f64, f64), from: Viewport },
    /// Dragging a selected item's handle moves the selection.
    Move { start: (f64, f64), items: Selection },
    /// Dragging from a column's row draws a foreign key to the column it is released on.
    Link { table: TableId, column: ColumnId, from: Point, to: Point },
    /// Shift-dragging the background selects what the band touches.
    Band { from: Point, to: Point },
}

/// What the page does after a pointer move.
#[derive(Clone, Debug, PartialEq)]
pub enum Moved {
    /// Show this viewport.
    Pan(Viewport),
    /// Draw the selection shifted by this drag (nothing is edited before the release).
    Drag(Drag),
    /// The gesture goes on as this one (the link's or band's loose end follows the pointer).
    Gesture(Gesture),
}

/// What the page does when the pointer is released.
#[derive(Clone, Debug, PartialEq)]
pub enum Released {
    Nothing,
    /// Apply this edit (one undo step): the moved selection, or the new foreign key.
    Edit(Box<Edit>),
    /// Add these to the selection (the band's catch).
    Select(Selection),
}

/// The rectangle spanned by two corners.
pub fn rect_between(a: Point, b: Point) -> Rect {
    Rect { x: a.x.min(b.x), y: a.y.min(b.y), width: (a.x - b.x).abs(), height: (a.y - b.y).abs() }
}

impl Gesture {
    /// A press on the background at `screen` (`world` in diagram units): a band with shift,
    /// else a pan of the viewport `view`.
    pub fn on_background(screen: (f64, f64), world: Point, shift: bool, view: Viewport) -> Gesture {
        if shift { Gesture::Band { from: world, to: world } } else { Gesture::Pan { start: screen, from: view } }
    }

    /// A press on `item`'s handle with `selection` as it is: the selection the press leaves
    /// (shift toggles the item; a plain press on an unselected item selects only it) and, when
    /// the item is in it, the move of the whole selection.
    pub fn on_item(item: Item, screen: (f64, f64), shift: bool, selection: &Selection) -> (Selection, Option<Gesture>) {
        let mut sel = selection.clone();
        if shift {
            sel.toggle(item);
        } else if !sel.contains(item) {
            sel = Selection::only(item);
        }
        let gesture = sel.contains(item).then(|| Gesture::Move { start: screen, items: sel.clone() });
        (sel, gesture)
    }

    /// The pointer moved to `screen` (`world` in diagram units) at `zoom`.
    pub fn moved(&self, screen: (f64, f64), world: Point, zoom: f64) -> Moved {
        match self {
            Gesture::Pan { start, from } => Moved::Pan(from.panned(screen.0 - start.0, screen.1 - start.1)),
            Gesture::Move { start, items } => {
                let z = if zoom > 0.0 { zoom } else { 1.0 };
                Moved::Drag(Drag { items: items.clone(), dx: (screen.0 - start.0) / z, dy: (screen.1 - start.1) / z })
            }
            Gesture::Link { table, column, from, .. } => Moved::Gesture(Gesture::Link { table: *table, column: *column, from: *from, to: world }),
            Gesture::Band { from, .. } => Moved::Gesture(Gesture::Band { from: *from, to: world }),
        }
    }

    /// The pointer is released: `drag` is the drag drawn so far, `over` the column row under the
    /// pointer (a link's target). A move of less than a unit, a link dropped on nothing or on its
    /// own column, and a pan change nothing.
    pub fn released(self, drag: Option<&Drag>, over: Option<(TableId, ColumnId)>, schema: &Schema, layout: &Layout) -> Released {
        match self {
            Gesture::Pan { .. } => Released::Nothing,
            Gesture::Move { .. } => {
                let edit = drag.filter(|d| d.dx.abs() + d.dy.abs() >= 1.0).and_then(|d| move_edit(schema, layout, &d.items, d.dx, d.dy, true));
                edit.map_or(Released::Nothing, |e| Released::Edit(Box::new(e)))
            }
            Gesture::Link { table, column, .. } => {
                let Some((ref_table, ref_column)) = over.filter(|(_, c)| *c != column) else { return Released::Nothing };
                let Some(position) = schema.table(table).map(|t| t.foreign_keys.len()) else { return Released::Nothing };
                let foreign_key = crate::schema::ForeignKey {
                    name: None,
                    columns: vec![column],
                    ref_table,
                    ref_columns: vec![ref_column],
                    on_delete: Default::default(),
                    on_update: Default::default(),
                    deferrable: false,
                    initially_deferred: false,
                    options: None,
                };
                Released::Edit(Box::new(Edit::AddForeignKey { table, foreign_key, position }))
            }
            Gesture::Band { from, to } => Released::Select(Selection::in_rect(layout, &schema.notes, rect_between(from, to))),
        }
    }
}

/// A key pressed on the canvas (not while typing in a field), as a command.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum KeyCommand {
    Undo,
    Redo,
    DeleteSelection,
    /// Clear the selection, leave focus mode, stop renaming.
    Escape,
    FocusSearch,
    /// Move the selection by (dx, dy) diagram units.
    Nudge(f64, f64),
}

/// The command of `key` (a `KeyboardEvent.key`) with the modifiers; `None`: not ours. Arrows
/// nudge only a non-empty selection (10 units, 50 with shift).
pub fn key_command(key: &str, ctrl: bool, shift: bool, has_selection: bool) -> Option<KeyCommand> {
    let step = if shift { 50.0 } else { 10.0 };
    Some(match key {
        "z" | "Z" if ctrl && shift => KeyCommand::Redo,
        "z" | "Z" if ctrl => KeyCommand::Undo,
        "y" | "Y" if ctrl => KeyCommand::Redo,
        "Delete" | "Backspace" => KeyCommand::DeleteSelection,
        "Escape" => KeyCommand::Escape,
        "/" => KeyCommand::FocusSearch,
        "ArrowLeft" if has_selection => KeyCommand::Nudge(-step, 0.0),
        "ArrowRight" if has_selection => KeyCommand::Nudge(step, 0.0),
        "ArrowUp" if has_selection => KeyCommand::Nudge(0.0, -step),
        "ArrowDown" if has_selection => KeyCommand::Nudge(0.0, step),
        _ => return None,
    })
}

/// The viewport after a wheel step of `delta_y` pixels with the pointer at `at` (canvas pixels):
/// zoomed about the pointer, smoothly (`exp(-0.0015 · delta)`).
pub fn wheel_zoom(view: Viewport, delta_y: f64, at: (f64, f64)) -> Viewport {
    view.zoom_at((-delta_y * 0.0015).exp(), at.0, at.1)
}

/// The diagram rectangle the page renders for `view` on a canvas of `size`: the visible one grown
/// by a margin of 120 screen pixels and snapped outward to a grid of 256 screen pixels, so panning
/// changes the rendered set (and re-runs culling) only when it crosses a grid line.
pub fn render_rect(view: Viewport, size: (f64, f64)) -> Rect {
    let r = view.visible(size);
    let q = 256.0 / view.zoom.max(0.01);
    let m = 120.0 / view.zoom.max(0.01);
    let (x0, y0) = (((r.x - m) / q).floor() * q, ((r.y - m) / q).floor() * q);
    let (x1, y1) = (((r.right() + m) / q).ceil() * q, ((r.bottom() + m) / q).ceil() * q);
    Rect { x: x0, y: y0, width: x1 - x0, height: y1 - y0 }
}

/// What rendering a table's box costs, roughly: its rows (the header counts as two), from its
/// height. The page renders a new diagram a number of rows per task, not of tables: 60 tables of
/// AdventureWorks (wide ones) took a ~60 ms task, 60 of two columns a few.
pub fn box_rows(b: &TableBox) -> usize {
    (b.height / crate::layout::ROW_HEIGHT).ceil().max(1.0) as usize
}

/// The rows of every box of `layout` ([`box_rows`]).
pub fn total_rows(layout: &Layout) -> usize {
    layout.boxes.iter().map(box_rows).fold(0, usize::saturating_add)
}

/// The tables to render in `rect`: those whose box meets it or that are being dragged, of
/// `shown` (focus mode) when given, in layout order, as many as fit in `max_rows` rows
/// ([`box_rows`]; the first always).
pub fn visible_tables(layout: &Layout, rect: Rect, shown: Option<&[TableId]>, dragged: &[TableId], max_rows: usize) -> Vec<TableId> {
    let mut rows = 0usize;
    layout
        .boxes
        .iter()
        .filter(|b| shown.is_none_or(|s| s.contains(&b.table)))
        .filter(|b| b.rect().intersects(&rect) || dragged.contains(&b.table))
        .take_while(|b| {
            let first = rows == 0;
            rows = rows.saturating_add(box_rows(b));
            first || rows <= max_rows
        })
        .map(|b| b.table)
        .collect()
}
