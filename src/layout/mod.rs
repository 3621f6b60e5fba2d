//! Pure diagram geometry from a Schema: box sizes, auto-layout positions, edge routes.
//! Numbers only, never DOM.
//!
//! Public API (used by ui/): `Layout`, `TableBox`, `Edge`, `geometry`, `auto_layout`, the size
//! constants, `Viewport`, `Rect`, `visible`, `fit`, `neighbours`.
//!
//! The auto layout is layered (Sugiyama-style) and flows left to right: referenced tables sit
//! left of the tables that reference them, so every edge leaves a box side at a column row and
//! enters the facing side of the other box — where the rows are — and lookup tables read first.
//! See `layered.rs` for the steps and `route.rs` for the orthogonal edge routes.
//!
//! **Invariant:** `auto_layout` places boxes that never overlap, and it is deterministic: the
//! same schema gives the same numbers on every platform.

mod layered;
mod route;
pub mod synthetic;

use crate::schema::{ColumnId, Point, Schema, Table, TableId};
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
    pub edges: Vec<Edge>,
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
        bounds_of(self.boxes.iter().map(TableBox::rect).chain(self.edges.iter().map(Edge::bounds)))
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

/// Positions (top-left corners) for every table, in `Schema::tables` order, from the layered
/// layout; ignores the tables' current positions.
pub fn auto_layout(schema: &Schema) -> Vec<(TableId, Point)> {
    let sizes: Vec<(f64, f64)> = schema.tables.iter().map(|t| {
        let (w, h, _) = box_size(t);
        (w, h)
    }).collect();
    let points = layered::layout(schema, &sizes);
    schema.tables.iter().zip(points).map(|(t, p)| (t.id, p)).collect()
}

/// Boxes and edges for the schema. Tables keep their `position`; tables without one get the
/// auto layout's, shifted below the manually placed ones so the two groups never overlap.
pub fn geometry(schema: &Schema) -> Layout {
    let missing = schema.tables.iter().any(|t| t.position.is_none());
    let auto = if missing { auto_layout(schema) } else { Vec::new() };
    let placed = bounds_of(schema.tables.iter().filter_map(|t| {
        let p = t.position?;
        let (w, h, _) = box_size(t);
        Some(Rect { x: p.x, y: p.y, width: w, height: h })
    }));
    let shift = if schema.tables.iter().any(|t| t.position.is_some()) { placed.bottom() + 80.0 } else { 0.0 };
    let boxes: Vec<TableBox> = schema
        .tables
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let (width, height, type_offset) = box_size(t);
            let p = match (t.position, auto.get(i)) {
                (Some(p), _) => p,
                (None, Some((_, p))) => Point { x: p.x, y: p.y + shift },
                (None, None) => Point::default(),
            };
            TableBox { table: t.id, x: p.x, y: p.y, width, height, type_offset }
        })
        .collect();
    let edges = route::edges(schema, &boxes);
    let width = boxes.iter().map(|b| b.x + b.width).fold(0.0, f64::max);
    let height = boxes.iter().map(|b| b.y + b.height).fold(0.0, f64::max);
    Layout { boxes, edges, width, height }
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
