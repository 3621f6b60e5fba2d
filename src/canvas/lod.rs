//! The zoomed-out diagram as one picture (issue 17's level of detail).
//!
//! Below [`DETAIL_MIN_SCALE`] on a big schema (more than [`LOD_MIN_TABLES`] tables, or more than
//! [`LOD_MIN_ROWS`] column rows: a hundred wide tables cost the SVG what many narrow ones do) the page
//! stops drawing thousands of SVG elements and paints boxes, names and edges into one canvas
//! layer instead (`ui/lod.rs`): a pan or zoom step is then one repaint of what is in view, not a
//! re-layout and repaint of the whole SVG. At or above that zoom (or on a small schema) the
//! detailed SVG/DOM view draws what is on screen, as before.
//!
//! This module is the pure part, tested natively (`tests/it/canvas.rs`, the `lod_*` tests):
//! - [`scene`]: what is in view and how each thing is drawn — the boxes meeting the visible
//!   rectangle (shifted while dragged, marked when selected or changed, with their name at a
//!   readable size, [`layout::lod_label`](crate::layout::lod_label)), the foreign-key routes and
//!   the views' reads routes crossing it. Nothing is re-laid out or re-routed: the routes are the
//!   layout's, as in the SVG.
//! - [`finding_dots`]: where the review's finding dots go, a layer of their own over the
//!   picture.
//! - [`hit`]: which table or view a pointer at a diagram point is on, topmost first, as the SVG's
//!   hit testing would answer.

use super::{Drag, EdgeSet, Item, Selection, edge_routes, read_routes};
use crate::export::diff_marks::{Mark, Marks};
use crate::layout::{Layout, Rect, lod_label, namespace_hue};
use crate::schema::{Point, Schema, TableId};
use std::collections::HashMap;

/// The zoom below which a big diagram is drawn as one picture (the SVG draws rows from here up).
pub const DETAIL_MIN_SCALE: f64 = 0.45;
/// A schema of at most this many tables is drawn in detail at every zoom, unless it has more
/// than [`LOD_MIN_ROWS`] rows (it is fast enough as SVG).
pub const LOD_MIN_TABLES: usize = 150;
/// The column rows past which a schema of few tables is big too: Lago's 139 tables have 1,691
/// columns, and drawing them as SVG at fit was a 180 ms layout frame and 14,000 elements.
pub const LOD_MIN_ROWS: usize = 1500;
/// Below this zoom a big diagram draws no names: at 5,000 tables they would only overlap.
pub const NAMES_MIN_ZOOM: f64 = 0.05;

/// True when a diagram of `tables` tables with `rows` column rows in all, at `zoom`, is drawn
/// as one picture.
pub fn is_picture(tables: usize, rows: usize, zoom: f64) -> bool {
    (tables > LOD_MIN_TABLES || rows > LOD_MIN_ROWS) && zoom < DETAIL_MIN_SCALE
}

/// What [`is_picture`] weighs: the tables and their column rows.
pub fn size_of(schema: &Schema) -> (usize, usize) {
    (schema.tables.len(), schema.tables.iter().map(|t| t.columns.len()).sum())
}

/// The colour of a box's header.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Head {
    /// A table: the hue of its namespace (`layout::namespace_hue`, 0–7).
    Hue(usize),
    View,
    MaterializedView,
}

/// One table or view box of the picture, in diagram units.
#[derive(Clone, Debug, PartialEq)]
pub struct LodBox {
    pub item: Item,
    pub rect: Rect,
    pub head: Head,
    /// The colour the user gave the table (`Table::color`).
    pub fill: Option<String>,
    pub selected: bool,
    /// Its mark while the changes are shown.
    pub mark: Option<Mark>,
    /// Its name and font size (diagram units), or none below [`NAMES_MIN_ZOOM`].
    pub label: Option<(String, f64)>,
}

/// One foreign key's route in the picture.
#[derive(Clone, Debug, PartialEq)]
pub struct LodEdge {
    pub from_table: TableId,
    pub fk_index: usize,
    pub points: Vec<Point>,
    /// Highlighted (a column of it is hovered or selected), as the SVG's `.edge.hot`.
    pub hot: bool,
}

/// What the picture draws, bottom to top: edges, reads edges, table boxes, view boxes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scene {
    pub edges: Vec<LodEdge>,
    pub reads: Vec<Vec<Point>>,
    pub boxes: Vec<LodBox>,
}

/// What the picture shows besides the schema and its layout.
#[derive(Clone, Copy, Debug)]
pub struct SceneState<'a> {
    /// The visible diagram rectangle.
    pub visible: Rect,
    pub zoom: f64,
    pub drag: Option<&'a Drag>,
    /// The tables focus mode shows (None = all).
    pub shown: Option<&'a [TableId]>,
    pub selection: &'a Selection,
    pub marks: Option<&'a Marks>,
    /// Highlighted foreign keys, by (table, index).
    pub hot: &'a [(TableId, usize)],
}

/// The picture of `schema` laid out as `layout`, for `state`.
pub fn scene(schema: &Schema, layout: &Layout, state: &SceneState) -> Scene {
    let SceneState { visible, zoom, drag, shown, selection, marks, hot } = *state;
    let is_shown = |t: TableId| shown.is_none_or(|s| s.contains(&t));
    let label = |name: &str, width: f64| if zoom >= NAMES_MIN_ZOOM { lod_label(name, width, zoom) } else { None };
    let dragged: &[TableId] = drag.map(|d| &d.items.tables[..]).unwrap_or(&[]);
    let mut routes = edge_routes(schema, layout, drag, visible, shown, EdgeSet::Still(dragged));
    routes.extend(edge_routes(schema, layout, drag, visible, shown, EdgeSet::Moving(dragged)));
    let edges = routes
        .into_iter()
        .map(|r| LodEdge {
            from_table: r.table.id,
            fk_index: r.fk_index,
            hot: hot.contains(&(r.table.id, r.fk_index)),
            points: r.points.into_owned(),
        })
        .collect();
    let reads = read_routes(layout, drag, visible, shown).into_iter().map(|r| r.points).collect();

    let mut boxes = Vec::new();
    for (b, t) in layout.boxes.iter().filter_map(|b| schema.table(b.table).map(|t| (b, t))) {
        let item = Item::Table(b.table);
        let (dx, dy) = Drag::offset_of(drag, item);
        let rect = Rect { x: b.x + dx, y: b.y + dy, width: b.width, height: b.height };
        if !is_shown(b.table) || !rect.intersects(&visible) {
            continue;
        }
        boxes.push(LodBox {
            item,
            rect,
            head: Head::Hue(namespace_hue(t.schema.as_deref())),
            fill: t.color.clone(),
            selected: selection.contains(item),
            mark: marks.and_then(|m| m.tables.get(&b.table)).and_then(|m| m.mark),
            label: label(&t.name, b.width),
        });
    }
    for (b, v) in layout.views.iter().filter_map(|b| schema.view(b.view).map(|v| (b, v))) {
        let item = Item::View(b.view);
        let (dx, dy) = Drag::offset_of(drag, item);
        let rect = Rect { x: b.x + dx, y: b.y + dy, width: b.width, height: b.height };
        let reads_shown = shown.is_none_or(|s| v.reads.iter().any(|t| s.contains(t)));
        if !reads_shown || !rect.intersects(&visible) {
            continue;
        }
        boxes.push(LodBox {
            item,
            rect,
            head: if v.materialized { Head::MaterializedView } else { Head::View },
            fill: None,
            selected: selection.contains(item),
            mark: marks.and_then(|m| m.views.get(&b.view)).copied(),
            label: label(&v.name, b.width),
        });
    }
    Scene { edges, reads, boxes }
}

/// Where the review's finding dots go: at the top right corner (4 units in) of each table box —
/// shown, shifted while dragged — that has findings, in table order; only the dots of radius
/// `radius` that reach into `visible`. The dots are a layer of their own over the picture
/// (`ui/lod.rs`), so findings that arrive or change never repaint the diagram under them.
pub fn finding_dots(
    schema: &Schema,
    layout: &Layout,
    (drag, shown): (Option<&Drag>, Option<&[TableId]>),
    visible: Rect,
    radius: f64,
    findings: &HashMap<TableId, usize>,
) -> Vec<Point> {
    if findings.values().all(|n| *n == 0) {
        return Vec::new();
    }
    let is_shown = |t: TableId| shown.is_none_or(|s| s.contains(&t));
    layout
        .boxes
        .iter()
        .filter(|b| findings.get(&b.table).is_some_and(|n| *n > 0) && is_shown(b.table) && schema.table(b.table).is_some())
        .filter_map(|b| {
            let (dx, dy) = Drag::offset_of(drag, Item::Table(b.table));
            let dot = Point { x: b.x + dx + b.width - 4.0, y: b.y + dy };
            let disc = Rect { x: dot.x - radius, y: dot.y - radius, width: 2.0 * radius, height: 2.0 * radius };
            disc.intersects(&visible).then_some(dot)
        })
        .collect()
}

/// The table or view whose box (shifted while dragged) contains `p`, the topmost when boxes
/// overlap (views are drawn over tables, later boxes over earlier ones), of the shown ones.
pub fn hit(schema: &Schema, layout: &Layout, drag: Option<&Drag>, shown: Option<&[TableId]>, p: Point) -> Option<Item> {
    let contains = |item: Item, r: Rect| {
        let (dx, dy) = Drag::offset_of(drag, item);
        p.x >= r.x + dx && p.x <= r.right() + dx && p.y >= r.y + dy && p.y <= r.bottom() + dy
    };
    let view = layout.views.iter().rev().find(|b| {
        let reads_shown = shown.is_none_or(|s| schema.view(b.view).is_some_and(|v| v.reads.iter().any(|t| s.contains(t))));
        reads_shown && contains(Item::View(b.view), b.rect())
    });
    if let Some(b) = view {
        return Some(Item::View(b.view));
    }
    layout
        .boxes
        .iter()
        .rev()
        .find(|b| shown.is_none_or(|s| s.contains(&b.table)) && contains(Item::Table(b.table), b.rect()))
        .map(|b| Item::Table(b.table))
}
