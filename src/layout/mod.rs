//! Pure diagram geometry from a Schema: box sizes, auto-layout positions, edge routes.
//! Numbers only, never DOM.
//!
//! Public API (used by ui/): `Layout`, `TableBox`, `ViewBox`, `Edge`, `ReadEdge`, `geometry`,
//! `auto_layout`, `auto_layout_views`, `place_unplaced`, the size constants, `view_box_size`,
//! `note_rect`, `Viewport`, `Rect`, `fit`, `neighbours`, `ends` (crow's-foot symbols).
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

pub mod ends;
mod layered;
mod route;
pub mod synthetic;

use crate::schema::{ColumnId, Note, Point, Schema, Table, TableId, TableKind, View, ViewId};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

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

/// How the diagram maps to the screen: `screen = diagram * zoom + pan` (the app's one viewport,
/// saved with the project and restored on load).
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

impl Viewport {
    pub const MIN_ZOOM: f64 = 0.02;
    pub const MAX_ZOOM: f64 = 4.0;

    /// Screen (canvas pixels) → diagram point.
    pub fn to_world(self, sx: f64, sy: f64) -> Point {
        Point { x: (sx - self.pan.x) / self.zoom, y: (sy - self.pan.y) / self.zoom }
    }

    /// Zooms by `factor` keeping the diagram point under screen point (sx, sy) in place.
    pub fn zoom_at(self, factor: f64, sx: f64, sy: f64) -> Viewport {
        let zoom = (self.zoom * factor).clamp(Self::MIN_ZOOM, Self::MAX_ZOOM);
        let w = self.to_world(sx, sy);
        Viewport { zoom, pan: Point { x: sx - w.x * zoom, y: sy - w.y * zoom } }
    }

    /// Centres diagram point `p` in a screen of `size`, keeping the zoom.
    pub fn centered_on(self, p: Point, size: (f64, f64)) -> Viewport {
        Viewport { zoom: self.zoom, pan: Point { x: size.0 / 2.0 - p.x * self.zoom, y: size.1 / 2.0 - p.y * self.zoom } }
    }

    /// Moved by (dx, dy) screen pixels.
    pub fn panned(self, dx: f64, dy: f64) -> Viewport {
        Viewport { zoom: self.zoom, pan: Point { x: self.pan.x + dx, y: self.pan.y + dy } }
    }

    /// The diagram rectangle visible in a screen of `size`.
    pub fn visible(self, size: (f64, f64)) -> Rect {
        let a = self.to_world(0.0, 0.0);
        let b = self.to_world(size.0, size.1);
        Rect { x: a.x, y: a.y, width: b.x - a.x, height: b.y - a.y }
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

/// A namespace's area: a labelled frame around its tables and views, drawn when the diagram
/// has more than one namespace.
#[derive(Clone, Debug, PartialEq)]
pub struct Area {
    /// The namespace as the first of its tables spells it (`""`: tables without one).
    pub namespace: String,
    pub rect: Rect,
    pub tables: usize,
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
    /// One area per namespace, sorted by name, when there is more than one.
    pub areas: Vec<Area>,
    /// Right and bottom extent of the boxes (from the origin).
    pub width: f64,
    pub height: f64,
}

impl Layout {
    pub fn box_of(&self, table: TableId) -> Option<&TableBox> {
        self.boxes.binary_search_by_key(&table, |b| b.table).ok().and_then(|i| self.boxes.get(i))
    }

    /// The rectangle holding every box and edge.
    pub fn bounds(&self) -> Rect {
        bounds_of(
            self.boxes
                .iter()
                .map(TableBox::rect)
                .chain(self.views.iter().map(ViewBox::rect))
                .chain(self.edges.iter().map(Edge::bounds))
                .chain(self.reads.iter().map(ReadEdge::bounds))
                .chain(self.areas.iter().map(|a| a.rect)),
        )
    }

    /// The rectangle holding every table and view box and the given notes; `None` when empty.
    pub fn content_bounds(&self, notes: &[Note]) -> Option<Rect> {
        let r = bounds_of(
            self.boxes
                .iter()
                .map(TableBox::rect)
                .chain(self.views.iter().map(ViewBox::rect))
                .chain(self.areas.iter().map(|a| a.rect))
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

/// A coordinate as SVG path data writes it: `{:.1}` (rounded to tenths, the sign kept), the
/// same text, made without the float formatter where the rounding is not in doubt. Edge paths
/// are written for every visible edge on every pan frame; `{:.1}` spent most of that time in
/// its exact (Dragon) fallback. Tested against `{:.1}` (`tests::tenths_writes_what_format_writes`).
#[derive(Copy, Clone, Debug)]
pub struct Tenths(pub f64);

impl std::fmt::Display for Tenths {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mag = self.0.abs();
        let t = mag * 10.0;
        let r = t.round();
        // Far from a half tenth (the product's rounding error is below 1e-7 under 1e8), the
        // rounded product is the correctly rounded value.
        if mag < 1e8 && ((t - r).abs() - 0.5).abs() > 1e-6 {
            let r = r as u64;
            let sign = if self.0.is_sign_negative() { "-" } else { "" };
            return write!(f, "{sign}{}.{}", r / 10, r % 10);
        }
        write!(f, "{:.1}", self.0)
    }
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
    // `qualified_name().chars().count()`, without making the name.
    let header_chars = table.schema.as_ref().map_or(0, |s| s.chars().count() + 1) + table.name.chars().count();
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

/// The parent a partition is drawn inside of (collapsed, with a count on the parent's header)
/// unless the parent is expanded: a `PARTITION OF` (or attached) table whose parent exists.
pub fn partition_parent(schema: &Schema, t: &Table) -> Option<TableId> {
    t.parent.filter(|p| t.kind == TableKind::Partition && *p != t.id && schema.table(*p).is_some())
}

/// How many partitions each partitioned table has (only parents with at least one).
pub fn partition_counts(schema: &Schema) -> std::collections::HashMap<TableId, usize> {
    let mut out = std::collections::HashMap::new();
    for t in &schema.tables {
        if let Some(p) = partition_parent(schema, t) {
            *out.entry(p).or_insert(0) += 1;
        }
    }
    out
}

/// Auto-layout positions of the tables, then of the views: one layered layout over both, where a
/// view references each table it reads. Partitions are no nodes of it (they are drawn inside
/// their parent): they get their parent's position.
fn auto_positions(schema: &Schema) -> (Vec<Point>, Vec<Point>) {
    let n_tables = schema.tables.len();
    let parents: Vec<Option<TableId>> = schema.tables.iter().map(|t| partition_parent(schema, t)).collect();
    // Node index of each table that is a node (one entry a table); views follow the table nodes.
    let mut node_of: Vec<Option<usize>> = Vec::with_capacity(n_tables);
    let mut sizes: Vec<(f64, f64)> = Vec::with_capacity(n_tables + schema.views.len());
    for (t, parent) in schema.tables.iter().zip(&parents) {
        if parent.is_none() {
            node_of.push(Some(sizes.len()));
            let (w, h, _) = box_size(t);
            sizes.push((w, h));
        } else {
            node_of.push(None);
        }
    }
    let node = |i: usize| node_of.get(i).copied().flatten();
    let n_nodes = sizes.len();
    sizes.extend(schema.views.iter().map(view_box_size));
    let mut edges: Vec<(usize, usize)> = layered::parent_edges(schema).into_iter().filter_map(|(a, b)| Some((node(a)?, node(b)?))).collect();
    for (k, v) in schema.views.iter().enumerate() {
        for t in &v.reads {
            if let Some(j) = schema.table_position(*t).ok().and_then(node) {
                edges.push((n_nodes + k, j));
            }
        }
    }
    edges.sort_unstable();
    edges.dedup();
    // One group per namespace, so each namespace's tables stay together in its area.
    let mut keys: Vec<String> = Vec::with_capacity(sizes.len());
    for (t, n) in schema.tables.iter().zip(&node_of) {
        if n.is_some() {
            keys.push(area_of(schema, t).0);
        }
    }
    keys.extend(schema.views.iter().map(|v| namespace_key(v.schema.as_deref())));
    let mut names: Vec<&String> = keys.iter().collect();
    names.sort();
    names.dedup();
    let groups: Vec<usize> = keys.iter().map(|k| names.binary_search(&k).unwrap_or(0)).collect();
    let mut points = layered::layout_grouped(&edges, &sizes, &groups);
    let views = points.split_off(n_nodes);
    let mut tables: Vec<Point> = (0..n_tables).map(|i| node(i).and_then(|k| points.get(k).copied()).unwrap_or_default()).collect();
    // A partition at its parent's position (the parent placed above, or not a node either).
    for (i, parent) in parents.iter().enumerate() {
        if let Some(at) = parent.and_then(|p| schema.table_position(p).ok()).and_then(|j| tables.get(j).copied())
            && let Some(t) = tables.get_mut(i)
        {
            *t = at;
        }
    }
    (tables, views)
}

/// The colours namespaces are told apart by (a table's header, an area, the legend).
pub const HUES: [&str; 8] = ["#4a6fa5", "#2b8a3e", "#9c36b5", "#c2255c", "#e67700", "#0c8599", "#5f3dc4", "#495057"];

/// The colour of a namespace: [`HUES`] at [`namespace_hue`].
pub fn namespace_color(schema: Option<&str>) -> &'static str {
    // `namespace_hue` is below `HUES.len()`: the fallback is never taken.
    HUES.get(namespace_hue(schema)).copied().unwrap_or(HUES[0])
}

/// The index into [`HUES`] of a namespace (no schema: 0).
pub fn namespace_hue(schema: Option<&str>) -> usize {
    match schema {
        None => 0,
        Some(s) => (s.bytes().fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(b.to_ascii_lowercase() as u32)) % 8) as usize,
    }
}

/// The namespace a table or view is drawn in (no schema: `""`), case-folded.
fn namespace_key(schema: Option<&str>) -> String {
    schema.unwrap_or_default().to_lowercase()
}

/// The area a table is drawn in: its first table group's (a DBML `TableGroup`), else its
/// namespace's — (key, label). Group keys start with a character no namespace key has.
fn area_of(schema: &Schema, t: &Table) -> (String, String) {
    match schema.groups.iter().find(|g| g.tables.contains(&t.id)) {
        Some(g) => (format!("\u{1}{}", g.name.to_lowercase()), g.name.clone()),
        None => (namespace_key(t.schema.as_deref()), t.schema.clone().unwrap_or_default()),
    }
}

/// Positions (top-left corners) for every table but partitions, in `Schema::tables` order, from
/// the layered layout; ignores the tables' current positions.
pub fn auto_layout(schema: &Schema) -> Vec<(TableId, Point)> {
    let (tables, _) = auto_positions(schema);
    schema.tables.iter().zip(tables).filter(|(t, _)| partition_parent(schema, t).is_none()).map(|(t, p)| (t.id, p)).collect()
}

/// Positions for every view, in `Schema::views` order, from the same layout as `auto_layout`.
pub fn auto_layout_views(schema: &Schema) -> Vec<(ViewId, Point)> {
    let (_, views) = auto_positions(schema);
    schema.views.iter().zip(views).map(|(v, p)| (v.id, p)).collect()
}

/// Below this zoom a box's header name (12 diagram units tall) is too small to read: the
/// diagram draws [`lod_label`] instead.
pub const LOD_SCALE: f64 = 0.6;
/// The smallest size a table name is drawn at on screen, in CSS pixels.
pub const MIN_LABEL_PX: f64 = 11.0;

/// The zoomed-out label of a box `box_width` wide at zoom `scale`: the name (cut with `…` to
/// about one and a half box widths) and its font size in diagram units, so that it is
/// [`MIN_LABEL_PX`] tall on screen however far out the view is. `None` at [`LOD_SCALE`] and
/// above, where the header shows the name.
pub fn lod_label(name: &str, box_width: f64, scale: f64) -> Option<(String, f64)> {
    // Also `None` for a NaN scale.
    if scale.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) || scale >= LOD_SCALE {
        return None;
    }
    let font = MIN_LABEL_PX / scale;
    // Monospace: a character is ~0.6 of the font size wide.
    let room = ((1.6 * box_width) / (0.6 * font)).floor().max(4.0) as usize;
    let n = name.chars().count();
    let text = if n <= room { name.to_string() } else { format!("{}…", name.chars().take(room - 1).collect::<String>()) };
    Some((text, font))
}

/// Space kept around a box placed next to others.
const PLACE_GAP: f64 = 60.0;

/// Gives every table and view without a position one, moving none that has one: the auto
/// layout's when nothing is placed yet (a first import); else a free place right of (or below)
/// a placed table it is linked to; else a row below everything. Deterministic.
pub fn place_unplaced(schema: &mut Schema) {
    let partition: Vec<bool> = schema.tables.iter().map(|t| partition_parent(schema, t).is_some()).collect();
    let any_placed = schema.tables.iter().any(|t| t.position.is_some()) || schema.views.iter().any(|v| v.position.is_some());
    let any_unplaced = schema.tables.iter().zip(&partition).any(|(t, p)| t.position.is_none() && !p)
        || schema.views.iter().any(|v| v.position.is_none());
    if !any_unplaced {
        return;
    }
    if !any_placed {
        let (tables, views) = auto_positions(schema);
        for ((t, p), part) in schema.tables.iter_mut().zip(tables).zip(&partition) {
            // Partitions are placed when their parent is expanded.
            if !part {
                t.position = Some(p);
            }
        }
        for (v, p) in schema.views.iter_mut().zip(views) {
            v.position = Some(p);
        }
        return;
    }
    let mut placer = Placer::new(schema);
    let ids: Vec<TableId> = schema.tables.iter().zip(&partition).filter(|(t, p)| t.position.is_none() && !**p).map(|(t, _)| t.id).collect();
    // The tables referring to each table, in table order (what a scan of the tables per new
    // table gave, once).
    let mut referrers: HashMap<TableId, Vec<TableId>> = HashMap::new();
    for o in &schema.tables {
        let mut targets: Vec<TableId> = o.foreign_keys.iter().map(|fk| fk.ref_table).collect();
        targets.sort_unstable();
        targets.dedup();
        for target in targets {
            referrers.entry(target).or_default().push(o.id);
        }
    }
    for id in ids {
        let Some(t) = schema.table(id) else { continue };
        let linked: Vec<TableId> = t
            .foreign_keys
            .iter()
            .map(|fk| fk.ref_table)
            .chain(referrers.get(&id).into_iter().flatten().copied())
            .chain(t.parent)
            .filter(|x| *x != id)
            .collect();
        let anchors: Vec<Rect> = linked.iter().filter_map(|x| schema.table(*x)).filter_map(placed_rect).collect();
        let (w, h, _) = box_size(t);
        let p = placer.place(anchors, (w, h));
        if let Some(t) = schema.table_mut(id) {
            t.position = Some(p);
        }
    }
    for k in 0..schema.views.len() {
        let Some(v) = schema.views.get(k).filter(|v| v.position.is_none()) else { continue };
        let anchors: Vec<Rect> = v.reads.iter().filter_map(|x| schema.table(*x)).filter_map(placed_rect).collect();
        let size = view_box_size(v);
        let p = placer.place(anchors, size);
        if let Some(v) = schema.views.get_mut(k) {
            v.position = Some(p);
        }
    }
}

/// Boxes and edges for the schema with every partitioned table collapsed (its partitions are
/// drawn inside it, as a count): see [`geometry_with`].
pub fn geometry(schema: &Schema) -> Layout {
    geometry_with(schema, &[])
}

/// Boxes and edges for the schema, with the partitions of the `expanded` tables drawn as boxes
/// (where they were put, else in free places next to their parent) and every other partition
/// left out. Tables and views keep their `position`; those without one get the auto layout's,
/// shifted below the manually placed ones so the two groups never overlap.
pub fn geometry_with(schema: &Schema, expanded: &[TableId]) -> Layout {
    let parents: Vec<Option<TableId>> = schema.tables.iter().map(|t| partition_parent(schema, t)).collect();
    if parents.iter().all(Option::is_none) {
        return geometry_all(schema);
    }
    let mut shown = schema.clone();
    shown.tables.retain(|t| partition_parent(schema, t).is_none_or(|p| expanded.contains(&p)));
    // Expanded partitions without a place of their own go next to their parent.
    let all_placed = shown.tables.iter().all(|t| t.position.is_some() || partition_parent(schema, t).is_some());
    if all_placed {
        let mut placer = Placer::new(&shown);
        let ids: Vec<TableId> = shown.tables.iter().filter(|t| t.position.is_none()).map(|t| t.id).collect();
        for id in ids {
            let Some(t) = shown.table(id) else { continue };
            let anchors: Vec<Rect> = t.parent.and_then(|p| shown.table(p)).and_then(placed_rect).into_iter().collect();
            let (w, h, _) = box_size(t);
            let p = placer.place(anchors, (w, h));
            if let Some(t) = shown.table_mut(id) {
                t.position = Some(p);
            }
        }
    }
    geometry_all(&shown)
}

/// The rectangle of a placed table.
fn placed_rect(t: &Table) -> Option<Rect> {
    let p = t.position?;
    let (w, h, _) = box_size(t);
    Some(Rect { x: p.x, y: p.y, width: w, height: h })
}

/// Free places for new boxes among the placed ones: next to a linked box, else in a row below
/// everything.
///
/// The occupied rectangles are indexed by a uniform grid, so a free-place test looks at the
/// boxes near it, not at all of them (a paste of 1,000 new tables beside 250 placed ones made
/// ~40,000 tests over ~1,000 boxes each); the answers are those of the scan over all
/// (`tests::the_grid_answers_as_the_scan_over_all_boxes`).
struct Placer {
    occupied: Vec<Rect>,
    /// Indexes into `occupied` by the [`PLACER_CELL`] cells each rectangle meets.
    grid: HashMap<(i64, i64), Vec<usize>>,
    /// The bounds of `occupied`, kept as it grows.
    bounds: Rect,
    row: Point,
}

/// The side of a [`Placer`] grid cell: about one box.
const PLACER_CELL: f64 = 400.0;

/// The grid cells a rectangle meets, as inclusive ranges of cell numbers.
fn cells_of(r: &Rect) -> (std::ops::RangeInclusive<i64>, std::ops::RangeInclusive<i64>) {
    let cell = |v: f64| (v / PLACER_CELL).floor() as i64;
    (cell(r.x)..=cell(r.right()), cell(r.y)..=cell(r.bottom()))
}

impl Placer {
    fn new(schema: &Schema) -> Placer {
        let occupied: Vec<Rect> = schema
            .tables
            .iter()
            .filter_map(placed_rect)
            .chain(schema.views.iter().filter_map(|v| {
                let p = v.position?;
                let (w, h) = view_box_size(v);
                Some(Rect { x: p.x, y: p.y, width: w, height: h })
            }))
            .chain(schema.notes.iter().map(note_rect))
            .collect();
        let bounds = bounds_of(occupied.iter().copied());
        let mut placer = Placer { occupied: Vec::with_capacity(occupied.len()), grid: HashMap::new(), bounds, row: Point { x: bounds.x, y: bounds.bottom() + PLACE_GAP } };
        for r in occupied {
            placer.occupy(r);
        }
        placer
    }

    fn occupy(&mut self, r: Rect) {
        let k = self.occupied.len();
        let (xs, ys) = cells_of(&r);
        for cx in xs {
            for cy in ys.clone() {
                self.grid.entry((cx, cy)).or_default().push(k);
            }
        }
        self.bounds = if self.occupied.is_empty() { r } else { bounds_of([self.bounds, r].into_iter()) };
        self.occupied.push(r);
    }

    fn free(&self, r: Rect) -> bool {
        let grown = Rect { x: r.x - PLACE_GAP / 2.0, y: r.y - PLACE_GAP / 2.0, width: r.width + PLACE_GAP, height: r.height + PLACE_GAP };
        let (xs, ys) = cells_of(&grown);
        !xs.into_iter().any(|cx| {
            ys.clone().any(|cy| self.grid.get(&(cx, cy)).is_some_and(|ks| ks.iter().any(|k| self.occupied.get(*k).is_some_and(|o| o.intersects(&grown)))))
        })
    }

    /// A free place right of or below one of `anchors` (sliding down), else in the row.
    fn place(&mut self, anchors: Vec<Rect>, size: (f64, f64)) -> Point {
        for a in &anchors {
            for k in 0..40 {
                let dy = k as f64 * (ROW_HEIGHT * 2.0);
                for p in [Point { x: a.right() + PLACE_GAP * 1.5, y: a.y + dy }, Point { x: a.x, y: a.bottom() + PLACE_GAP + dy }] {
                    let r = Rect { x: p.x, y: p.y, width: size.0, height: size.1 };
                    if self.free(r) {
                        self.occupy(r);
                        return p;
                    }
                }
            }
        }
        // The row below everything (which boxes placed by their neighbours may have reached).
        let bounds = self.bounds;
        loop {
            let r = Rect { x: self.row.x, y: self.row.y, width: size.0, height: size.1 };
            if self.free(r) {
                self.row.x += size.0 + PLACE_GAP;
                self.occupy(r);
                return Point { x: r.x, y: r.y };
            }
            self.row.x += size.0 + PLACE_GAP;
            if self.row.x > bounds.right() {
                self.row = Point { x: bounds.x, y: bounds.bottom() + PLACE_GAP };
            }
        }
    }
}

/// [`geometry_with`] for a schema whose tables are all shown.
fn geometry_all(schema: &Schema) -> Layout {
    let missing = schema.tables.iter().any(|t| t.position.is_none()) || schema.views.iter().any(|v| v.position.is_none());
    let (auto, auto_views) = if missing { auto_positions(schema) } else { (Vec::new(), Vec::new()) };
    // Each box's size once (it is used twice below).
    let sizes: Vec<(f64, f64, f64)> = schema.tables.iter().map(box_size).collect();
    let placed_tables = schema.tables.iter().zip(&sizes).filter_map(|(t, &(w, h, _))| {
        let p = t.position?;
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
        .zip(sizes)
        .enumerate()
        .map(|(i, (t, (width, height, type_offset)))| {
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
    let areas = areas(schema, &boxes, &views);
    Layout { boxes, views, edges, reads, areas, width, height }
}

/// The areas around their boxes — one per namespace, or per table group (DBML's `TableGroup`)
/// for the tables in one — none when everything is in one.
fn areas(schema: &Schema, boxes: &[TableBox], views: &[ViewBox]) -> Vec<Area> {
    let mut by: std::collections::BTreeMap<String, (String, Vec<Rect>, usize)> = std::collections::BTreeMap::new();
    for (t, b) in schema.tables.iter().zip(boxes) {
        let (key, label) = area_of(schema, t);
        let e = by.entry(key).or_insert_with(|| (label, Vec::new(), 0));
        e.1.push(b.rect());
        e.2 += 1;
    }
    for (v, b) in schema.views.iter().zip(views) {
        by.entry(namespace_key(v.schema.as_deref())).or_insert_with(|| (v.schema.clone().unwrap_or_default(), Vec::new(), 0)).1.push(b.rect());
    }
    if by.len() < 2 {
        return Vec::new();
    }
    by.into_values()
        .map(|(namespace, rects, tables)| {
            let r = bounds_of(rects.into_iter());
            let (pad, head) = (layered::AREA_PAD * 0.75, layered::AREA_HEAD * 0.85);
            Area { namespace, rect: Rect { x: r.x - pad, y: r.y - head, width: r.width + 2.0 * pad, height: r.height + head + pad }, tables }
        })
        .collect()
}

/// The zoom and pan that show every table, view and note centred in a screen of `size` with
/// `margin` screen pixels around them; never zoomed in past 100% (a small diagram stays at its
/// size), never out past `Viewport::MIN_ZOOM`. The default viewport when there is nothing.
pub fn fit(layout: &Layout, notes: &[Note], size: (f64, f64), margin: f64) -> Viewport {
    let Some(b) = layout.content_bounds(notes) else { return Viewport::default() };
    let (w, h) = (b.width.max(1.0), b.height.max(1.0));
    let zoom = ((size.0 - 2.0 * margin) / w).min((size.1 - 2.0 * margin) / h).clamp(Viewport::MIN_ZOOM, 1.0);
    let zoom = if zoom.is_finite() { zoom } else { 1.0 };
    Viewport { zoom, pan: Point { x: (size.0 - w * zoom) / 2.0 - b.x * zoom, y: (size.1 - h * zoom) / 2.0 - b.y * zoom } }
}

/// The table and every table within `hops` foreign-key steps of it (either direction), sorted
/// by id; empty when the table does not exist.
pub fn neighbours(schema: &Schema, table: TableId, hops: usize) -> Vec<TableId> {
    let Ok(start) = schema.table_position(table) else { return Vec::new() };
    // Table positions index `seen` and `adjacency`, one entry a table.
    let adjacency = layered::adjacency(schema);
    let mut seen = vec![false; schema.tables.len()];
    if let Some(s) = seen.get_mut(start) {
        *s = true;
    }
    let mut frontier = vec![start];
    for _ in 0..hops {
        let mut next = Vec::new();
        for &i in &frontier {
            for &j in adjacency.get(i).into_iter().flatten() {
                if let Some(s) = seen.get_mut(j)
                    && !*s
                {
                    *s = true;
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

#[cfg(test)]
mod tests {
    use super::{Placer, Rect, Tenths, PLACE_GAP};
    use crate::rng::Rng;
    use crate::schema::Schema;

    /// The grid's answer is the scan over every occupied box, on random boxes of every size
    /// (smaller and larger than a cell, negative coordinates, touching edges).
    #[test]
    fn the_grid_answers_as_the_scan_over_all_boxes() {
        let mut rng = Rng::new(17);
        let rect = |rng: &mut Rng| Rect {
            x: rng.range(0, 6000) as f64 - 3000.0 + 0.5 * rng.below(2) as f64,
            y: rng.range(0, 6000) as f64 - 3000.0,
            width: [20.0, 180.0, 400.0, 950.0][rng.below(4)],
            height: [30.0, 240.0, 400.0, 2100.0][rng.below(4)],
        };
        let (mut free, mut taken) = (0, 0);
        for _ in 0..20 {
            let mut placer = Placer::new(&Schema::default());
            let mut all: Vec<Rect> = Vec::new();
            for _ in 0..rng.range(1, 150) {
                let r = rect(&mut rng);
                placer.occupy(r);
                all.push(r);
            }
            for _ in 0..400 {
                let q = rect(&mut rng);
                let grown = Rect { x: q.x - PLACE_GAP / 2.0, y: q.y - PLACE_GAP / 2.0, width: q.width + PLACE_GAP, height: q.height + PLACE_GAP };
                let scan = !all.iter().any(|o| o.intersects(&grown));
                assert_eq!(placer.free(q), scan, "{q:?} among {} boxes", all.len());
                if scan { free += 1 } else { taken += 1 }
            }
            assert_eq!(placer.bounds, super::bounds_of(all.iter().copied()));
        }
        assert!(free > 500 && taken > 500, "both answers are exercised: {free} free, {taken} taken");
    }

    #[test]
    fn tenths_writes_what_format_writes() {
        let mut rng = Rng::new(5);
        let mut values: Vec<f64> = vec![0.0, -0.0, 0.04, -0.04, 0.05, -0.05, 0.25, -0.25, 0.35, 1.25, 2.5, 1e7 + 0.05, 99999999.95, 1e8, 1e300, -1e-300, f64::NAN, f64::INFINITY, f64::NEG_INFINITY, f64::MIN_POSITIVE];
        for _ in 0..200_000 {
            let v = match rng.below(4) {
                // Coordinates as the layout makes them.
                0 => (rng.range(0, 4_000_000) as f64 - 2_000_000.0) / 100.0,
                // Near half tenths.
                1 => (rng.range(0, 200_000) as f64 + 0.5) / 10.0 + (rng.range(0, 3) as f64 - 1.0) * 1e-9,
                // Any bits.
                2 => f64::from_bits(rng.next_u64()),
                _ => (rng.next_u64() as f64 / u64::MAX as f64 - 0.5) * 10f64.powi(rng.range(0, 12) as i32),
            };
            values.push(v);
        }
        for v in values {
            assert_eq!(Tenths(v).to_string(), format!("{v:.1}"), "{v:e} ({:#x})", v.to_bits());
        }
    }
}
