//! Pure diagram geometry from a Schema: box sizes, auto-layout positions, edge routes.
//! Numbers only, never DOM.
//!
//! Public API (used by ui/): `Layout`, `TableBox`, `ViewBox`, `Edge`, `ReadEdge`, `geometry`,
//! `auto_layout`, `auto_layout_views`, the size constants, `view_box_size`, `note_rect`,
//! `Viewport`, `Rect`, `visible`, `fit`, `neighbours`.
//!
//! Views are nodes of the same layered layout: a view references the tables it reads, so it sits
//! right of them, and its dashed "reads" edges are routed through the same channels as foreign
//! keys (which in turn route around view boxes).
//!
//! The auto layout is layered (Sugiyama-style) and flows left to right: referenced tables sit
//! left of the tables that reference them, so every edge leaves a box side at a column row and
//! enters the facing side of the other box — where the rows are — and lookup tables read first.
//! See `layered.rs` for the steps and `route.rs` for the orthogonal edge routes.
//!
//! **Invariant:** `auto_layout` places boxes (tables and views) that never overlap, and it is
//! deterministic: the same schema gives the same numbers on every platform.

mod layered;
mod route;
pub mod synthetic;

use crate::schema::{ColumnId, Note, Point, Schema, Table, TableId, View, ViewId};
use serde::{Deserialize, Serialize};

/// Diagram text is monospace, so widths follow from character counts.
pub const CHAR_WIDTH: f64 = 7.2;
pub const ROW_HEIGHT: f64 = 20.0;
pub const HEADER_HEIGHT: f64 = 26.0;
/// Horizontal padding inside a box, each side.
pub const BOX_PADDING: f64 = 8.0;
/// Space below the last row.
pub const BOX_BOTTOM: f64 = 6.0;
/// Characters reserved at the start of each row for the key markers (`PK`, `FK`, `UQ`).
pub const MARKER_CHARS: usize = 3;
/// Characters between the column name and its type.
pub const NAME_TYPE_GAP_CHARS: usize = 2;
/// A sticky note's box on the canvas (its text wraps inside).
pub const NOTE_WIDTH: f64 = 200.0;
pub const NOTE_HEIGHT: f64 = 110.0;

/// How the diagram maps to the screen: `screen = diagram * zoom + pan`.
#[derive(Copy, Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Viewport {
    pub zoom: f64,
    pub pan: Point,
}

impl Default for Viewport {
    fn default() -> Self {
        Viewport { zoom: 1.0, pan: Point::default() }
    }
}

/// An axis-aligned rectangle in diagram units.
#[derive(Copy, Clone, Debug, Default, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    pub fn right(&self) -> f64 {
        self.x + self.width
    }

    pub fn bottom(&self) -> f64 {
        self.y + self.height
    }

    /// True when the rectangles share interior area or touch.
    pub fn intersects(&self, other: &Rect) -> bool {
        self.x <= other.right() && other.x <= self.right() && self.y <= other.bottom() && other.y <= self.bottom()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct TableBox {
    pub table: TableId,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    /// Offset from `x` where the type column starts (names start at `BOX_PADDING + markers`).
    pub type_offset: f64,
}

impl TableBox {
    pub fn rect(&self) -> Rect {
        Rect { x: self.x, y: self.y, width: self.width, height: self.height }
    }
}

/// A view's box: a header with its name and a `view` / `mat. view` tag, one row per known
/// output column.
#[derive(Clone, Debug, PartialEq)]
pub struct ViewBox {
    pub view: ViewId,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub materialized: bool,
}

impl ViewBox {
    pub fn rect(&self) -> Rect {
        Rect { x: self.x, y: self.y, width: self.width, height: self.height }
    }

    /// The box as an obstacle for the edge router (which knows table boxes only).
    fn obstacle(&self, k: usize) -> TableBox {
        // An id no edge endpoint compares equal to in practice; only self-loops compare ids.
        let table = TableId(u32::MAX - k as u32);
        TableBox { table, x: self.x, y: self.y, width: self.width, height: self.height, type_offset: 0.0 }
    }
}

/// A "reads" edge from a view to a table its query reads, routed like a foreign key from the
/// view's header to the table's header.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadEdge {
    pub view: ViewId,
    pub table: TableId,
    pub points: Vec<Point>,
}

impl ReadEdge {
    pub fn bounds(&self) -> Rect {
        bounds_of(self.points.iter().map(|p| Rect { x: p.x, y: p.y, width: 0.0, height: 0.0 }))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    /// The referencing table and the index of the foreign key in its `foreign_keys`.
    pub from_table: TableId,
    pub fk_index: usize,
    pub to_table: TableId,
    /// The first referencing and referenced columns: where the route attaches.
    pub from_column: ColumnId,
    pub to_column: ColumnId,
    /// Every column of a composite key, for highlighting.
    pub from_columns: Vec<ColumnId>,
    pub to_columns: Vec<ColumnId>,
    /// The orthogonal route, from the referencing column row to the referenced column row.
    pub points: Vec<Point>,
}

impl Edge {
    /// The bounding rectangle of the route.
    pub fn bounds(&self) -> Rect {
        bounds_of(self.points.iter().map(|p| Rect { x: p.x, y: p.y, width: 0.0, height: 0.0 }))
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    /// One box per table, in `Schema::tables` order (so sorted by table id).
    pub boxes: Vec<TableBox>,
    /// One box per view, in `Schema::views` order.
    pub views: Vec<ViewBox>,
    pub edges: Vec<Edge>,
    /// One edge per (view, table it reads), in view order.
    pub reads: Vec<ReadEdge>,
    /// Right and bottom extent of the boxes (from the origin).
    pub width: f64,
    pub height: f64,
}

impl Layout {
    pub fn box_of(&self, table: TableId) -> Option<&TableBox> {
        self.boxes.binary_search_by_key(&table, |b| b.table).ok().map(|i| &self.boxes[i])
    }

    /// The rectangle holding every box and edge.
    pub fn bounds(&self) -> Rect {
        bounds_of(
            self.boxes
                .iter()
                .map(TableBox::rect)
                .chain(self.views.iter().map(ViewBox::rect))
                .chain(self.edges.iter().map(Edge::bounds))
                .chain(self.reads.iter().map(ReadEdge::bounds)),
        )
    }

    /// The rectangle holding every table and view box and the given notes; `None` when empty.
    pub fn content_bounds(&self, notes: &[Note]) -> Option<Rect> {
        let r = bounds_of(
            self.boxes
                .iter()
                .map(TableBox::rect)
                .chain(self.views.iter().map(ViewBox::rect))
                .chain(notes.iter().map(note_rect)),
        );
        (self.boxes.len() + self.views.len() + notes.len() > 0).then_some(r)
    }
}

fn bounds_of(rects: impl Iterator<Item = Rect>) -> Rect {
    let (mut x0, mut y0, mut x1, mut y1) = (f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY);
    for r in rects {
        x0 = x0.min(r.x);
        y0 = y0.min(r.y);
        x1 = x1.max(r.right());
        y1 = y1.max(r.bottom());
    }
    if x0 > x1 {
        return Rect::default();
    }
    Rect { x: x0, y: y0, width: x1 - x0, height: y1 - y0 }
}

/// The y of the centre of a column row (`column_index` in the table's `columns`).
pub fn row_y(table_box: &TableBox, column_index: usize) -> f64 {
    table_box.y + HEADER_HEIGHT + (column_index as f64 + 0.5) * ROW_HEIGHT
}

/// Width, height and type-column offset of a table's box: a header with the qualified name and
/// one row per column with markers, name and type.
pub fn box_size(table: &Table) -> (f64, f64, f64) {
    let name_chars = table.columns.iter().map(|c| c.name.chars().count()).max().unwrap_or(0);
    let type_chars = table.columns.iter().map(|c| c.data_type.raw.chars().count()).max().unwrap_or(0);
    let row_chars = MARKER_CHARS + name_chars + NAME_TYPE_GAP_CHARS + type_chars;
    let header_chars = table.qualified_name().chars().count();
    let width = row_chars.max(header_chars).max(8) as f64 * CHAR_WIDTH + 2.0 * BOX_PADDING;
    let height = HEADER_HEIGHT + table.columns.len() as f64 * ROW_HEIGHT + BOX_BOTTOM;
    let type_offset = BOX_PADDING + (MARKER_CHARS + name_chars + NAME_TYPE_GAP_CHARS) as f64 * CHAR_WIDTH;
    (width, height, type_offset)
}

/// The tag a view's header shows after its name.
pub fn view_tag(materialized: bool) -> &'static str {
    if materialized { "mat. view" } else { "view" }
}

/// Width and height of a view's box: a header with the qualified name and the tag, one row per
/// known output column (names only: a view's column types are not in the model).
pub fn view_box_size(view: &View) -> (f64, f64) {
    let name_chars = view.columns.iter().map(|c| c.chars().count()).max().unwrap_or(0);
    let row_chars = MARKER_CHARS + name_chars;
    let header_chars = view.qualified_name().chars().count() + 2 + view_tag(view.materialized).len();
    let width = row_chars.max(header_chars).max(8) as f64 * CHAR_WIDTH + 2.0 * BOX_PADDING;
    let height = HEADER_HEIGHT + view.columns.len() as f64 * ROW_HEIGHT + BOX_BOTTOM;
    (width, height)
}

/// A note's rectangle on the canvas.
pub fn note_rect(note: &Note) -> Rect {
    Rect { x: note.position.x, y: note.position.y, width: NOTE_WIDTH, height: NOTE_HEIGHT }
}

/// Auto-layout positions of the tables, then of the views: one layered layout over both, where a
/// view references each table it reads.
fn auto_positions(schema: &Schema) -> (Vec<Point>, Vec<Point>) {
    let n_tables = schema.tables.len();
    let mut sizes: Vec<(f64, f64)> = schema
        .tables
        .iter()
        .map(|t| {
            let (w, h, _) = box_size(t);
            (w, h)
        })
        .collect();
    sizes.extend(schema.views.iter().map(view_box_size));
    let mut edges = layered::parent_edges(schema);
    for (k, v) in schema.views.iter().enumerate() {
        for t in &v.reads {
            if let Ok(j) = schema.table_position(*t) {
                edges.push((n_tables + k, j));
            }
        }
    }
    edges.sort_unstable();
    edges.dedup();
    let mut points = layered::layout(&edges, &sizes);
    let views = points.split_off(n_tables);
    (points, views)
}

/// Positions (top-left corners) for every table, in `Schema::tables` order, from the layered
/// layout; ignores the tables' current positions.
pub fn auto_layout(schema: &Schema) -> Vec<(TableId, Point)> {
    let (tables, _) = auto_positions(schema);
    schema.tables.iter().zip(tables).map(|(t, p)| (t.id, p)).collect()
}

/// Positions for every view, in `Schema::views` order, from the same layout as `auto_layout`.
pub fn auto_layout_views(schema: &Schema) -> Vec<(ViewId, Point)> {
    let (_, views) = auto_positions(schema);
    schema.views.iter().zip(views).map(|(v, p)| (v.id, p)).collect()
}

/// Boxes and edges for the schema. Tables and views keep their `position`; those without one get
/// the auto layout's, shifted below the manually placed ones so the two groups never overlap.
pub fn geometry(schema: &Schema) -> Layout {
    let missing = schema.tables.iter().any(|t| t.position.is_none()) || schema.views.iter().any(|v| v.position.is_none());
    let (auto, auto_views) = if missing { auto_positions(schema) } else { (Vec::new(), Vec::new()) };
    let placed_tables = schema.tables.iter().filter_map(|t| {
        let p = t.position?;
        let (w, h, _) = box_size(t);
        Some(Rect { x: p.x, y: p.y, width: w, height: h })
    });
    let placed_views = schema.views.iter().filter_map(|v| {
        let p = v.position?;
        let (w, h) = view_box_size(v);
        Some(Rect { x: p.x, y: p.y, width: w, height: h })
    });
    let placed = bounds_of(placed_tables.chain(placed_views));
    let any_placed = schema.tables.iter().any(|t| t.position.is_some()) || schema.views.iter().any(|v| v.position.is_some());
    let shift = if any_placed { placed.bottom() + 80.0 } else { 0.0 };
    let at = |own: Option<Point>, auto: Option<&Point>| match (own, auto) {
        (Some(p), _) => p,
        (None, Some(p)) => Point { x: p.x, y: p.y + shift },
        (None, None) => Point::default(),
    };
    let boxes: Vec<TableBox> = schema
        .tables
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let (width, height, type_offset) = box_size(t);
            let p = at(t.position, auto.get(i));
            TableBox { table: t.id, x: p.x, y: p.y, width, height, type_offset }
        })
        .collect();
    let views: Vec<ViewBox> = schema
        .views
        .iter()
        .enumerate()
        .map(|(k, v)| {
            let (width, height) = view_box_size(v);
            let p = at(v.position, auto_views.get(k));
            ViewBox { view: v.id, x: p.x, y: p.y, width, height, materialized: v.materialized }
        })
        .collect();
    let (edges, reads) = if views.is_empty() {
        (route::edges(schema, &boxes), Vec::new())
    } else {
        // Views are obstacles for the foreign keys' routes and share their channels.
        let mut all = boxes.clone();
        all.extend(views.iter().enumerate().map(|(k, v)| v.obstacle(k)));
        (route::edges(schema, &all), route::reads(schema, &all))
    };
    let extent = |f: fn(&Rect) -> f64| {
        boxes.iter().map(|b| f(&b.rect())).chain(views.iter().map(|v| f(&v.rect()))).fold(0.0, f64::max)
    };
    let (width, height) = (extent(Rect::right), extent(Rect::bottom));
    Layout { boxes, views, edges, reads, width, height }
}

/// Indices of the boxes and edges that intersect `view` (diagram units), for rendering only
/// what is on screen.
pub fn visible(layout: &Layout, view: Rect) -> (Vec<usize>, Vec<usize>) {
    let boxes = layout.boxes.iter().enumerate().filter(|(_, b)| b.rect().intersects(&view)).map(|(i, _)| i).collect();
    let edges = layout.edges.iter().enumerate().filter(|(_, e)| e.bounds().intersects(&view)).map(|(i, _)| i).collect();
    (boxes, edges)
}

/// The zoom and pan that show the whole layout centred in a screen of the given size, with
/// `margin` screen pixels around it; zoom stays within 0.02..=2.
pub fn fit(layout: &Layout, screen_width: f64, screen_height: f64, margin: f64) -> Viewport {
    let b = layout.bounds();
    let avail_w = (screen_width - 2.0 * margin).max(1.0);
    let avail_h = (screen_height - 2.0 * margin).max(1.0);
    let zoom = if b.width <= 0.0 || b.height <= 0.0 {
        1.0
    } else {
        (avail_w / b.width).min(avail_h / b.height).clamp(0.02, 2.0)
    };
    let zoom = if zoom.is_finite() { zoom } else { 1.0 };
    let pan = Point {
        x: screen_width / 2.0 - (b.x + b.width / 2.0) * zoom,
        y: screen_height / 2.0 - (b.y + b.height / 2.0) * zoom,
    };
    Viewport { zoom, pan }
}

/// The table and every table within `hops` foreign-key steps of it (either direction), sorted
/// by id; empty when the table does not exist.
pub fn neighbours(schema: &Schema, table: TableId, hops: usize) -> Vec<TableId> {
    let Ok(start) = schema.table_position(table) else { return Vec::new() };
    let adjacency = layered::adjacency(schema);
    let mut seen = vec![false; schema.tables.len()];
    seen[start] = true;
    let mut frontier = vec![start];
    for _ in 0..hops {
        let mut next = Vec::new();
        for &i in &frontier {
            for &j in &adjacency[i] {
                if !seen[j] {
                    seen[j] = true;
                    next.push(j);
                }
            }
        }
        if next.is_empty() {
            break;
        }
        frontier = next;
    }
    schema.tables.iter().zip(seen).filter(|(_, s)| *s).map(|(t, _)| t.id).collect()
}
