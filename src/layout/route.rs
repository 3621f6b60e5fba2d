//! Orthogonal edge routes. ER diagrams conventionally leave and enter boxes horizontally at the
//! column rows (where crow's-foot ends go), and axis-parallel segments make "never through a
//! box" checkable; the UI may round the corners.
//!
//! Boxes are grouped into columns (maximal runs overlapping in x). The gaps between columns are
//! free channels: a route leaves its box towards the other box, runs vertically in each channel
//! and crosses every column in between at a y that is free across that whole column (between
//! two stacked boxes, or above/below them). Edges between boxes of one column — self-references
//! included — loop through the channel on the column's right.

use super::{Edge, HEADER_HEIGHT, ROW_HEIGHT, ReadEdge, TableBox};
use crate::schema::{Point, Schema};

/// How far a route runs beyond the outermost box of a column or above/below a column.
const CLEARANCE: f64 = 15.0;

struct Column {
    left: f64,
    right: f64,
    /// Merged y intervals occupied by the column's boxes, sorted.
    busy: Vec<(f64, f64)>,
}

impl Column {
    /// The free y closest to `want` at which a horizontal line crosses the column: `want` when
    /// that is free, else a point of the gap (or the clearance above or below the column)
    /// nearest to it, spread by `lane(gap's y range)` (0..1) so that edges crossing one gap
    /// (or gaps at the same height in other columns) are told apart instead of sharing a trunk.
    fn free_y(&self, want: f64, mut lane: impl FnMut((f64, f64)) -> f64) -> f64 {
        let k = self.busy.partition_point(|&(start, _)| start <= want);
        let Some(&(start, end)) = k.checked_sub(1).and_then(|p| self.busy.get(p)) else {
            return want; // above every box (or the column is empty)
        };
        if want > end {
            return want; // in a gap
        }
        // Gap `g` lies above busy interval `g` (gap `busy.len()` below the last one).
        let above = match k.checked_sub(2).and_then(|p| self.busy.get(p)).map(|b| b.1) {
            Some(prev_end) => (k - 1, prev_end, start),
            None => (k - 1, start - 2.0 * CLEARANCE, start - 0.3 * CLEARANCE),
        };
        let below = match self.busy.get(k) {
            Some(&(next_start, _)) => (k, end, next_start),
            None => (k, end + 0.3 * CLEARANCE, end + 2.0 * CLEARANCE),
        };
        let mid = |g: (usize, f64, f64)| (g.1 + g.2) / 2.0;
        let (_, a, b) = if want - mid(above) <= mid(below) - want { above } else { below };
        a + (b - a) * (0.2 + 0.6 * lane((a, b)))
    }
}

/// Lanes handed out per resource (a channel between two columns, a gap in a column): the n-th
/// route through one gets the n-th point of a golden-ratio sequence, so routes sharing a
/// channel or a gap are spread over it, never drawn on one path.
#[derive(Default)]
struct Lanes(std::collections::HashMap<(u8, usize, usize, usize), usize>);

impl Lanes {
    fn next(&mut self, key: (u8, usize, usize, usize)) -> f64 {
        let n = self.0.entry(key).or_insert(0);
        *n += 1;
        ((*n as f64 - 0.5) * 0.618_034) % 1.0
    }
}

/// Columns of the boxes of one band (sorted left to right) and the column index of each of them.
fn columns(band: &[(usize, &TableBox)]) -> (Vec<Column>, Vec<usize>) {
    // By position in the band: `of_box` has one entry a box of it.
    let mut order: Vec<(usize, &TableBox)> = band.iter().map(|&(_, b)| b).enumerate().collect();
    order.sort_by(|(a, ba), (b, bb)| ba.x.total_cmp(&bb.x).then(a.cmp(b)));
    let mut cols: Vec<Column> = Vec::new();
    let mut members: Vec<Vec<&TableBox>> = Vec::new();
    let mut of_box = vec![0; band.len()];
    for (k, b) in order {
        match cols.last_mut() {
            Some(c) if b.x <= c.right => {
                c.right = c.right.max(b.x + b.width);
            }
            _ => {
                cols.push(Column { left: b.x, right: b.x + b.width, busy: Vec::new() });
                members.push(Vec::new());
            }
        }
        if let Some(o) = of_box.get_mut(k) {
            *o = cols.len() - 1;
        }
        if let Some(m) = members.last_mut() {
            m.push(b);
        }
    }
    for (c, m) in cols.iter_mut().zip(members) {
        let mut spans: Vec<(f64, f64)> = m.iter().map(|b| (b.y, b.y + b.height)).collect();
        spans.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (s, e) in spans {
            match c.busy.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => c.busy.push((s, e)),
            }
        }
    }
    (cols, of_box)
}

/// Bands of boxes (maximal runs overlapping in y, plus clearance) and, per box, its band and
/// column. Packed components and shelf rows are separate bands, so their columns never merge.
fn bands(boxes: &[TableBox]) -> (Vec<Vec<Column>>, Vec<(usize, usize)>) {
    let mut order: Vec<(usize, &TableBox)> = boxes.iter().enumerate().collect();
    order.sort_by(|(a, ba), (b, bb)| ba.y.total_cmp(&bb.y).then(a.cmp(b)));
    let mut groups: Vec<Vec<(usize, &TableBox)>> = Vec::new();
    let mut bottom = f64::NEG_INFINITY;
    for (i, b) in order {
        match groups.last_mut() {
            Some(g) if b.y <= bottom + 2.0 * CLEARANCE => g.push((i, b)),
            _ => groups.push(vec![(i, b)]),
        }
        bottom = bottom.max(b.y + b.height);
    }
    // Box positions index `place` (one entry a box).
    let mut place = vec![(0, 0); boxes.len()];
    let mut out = Vec::with_capacity(groups.len());
    for (band, members) in groups.iter().enumerate() {
        let (cols, of_box) = columns(members);
        for (&(i, _), &col) in members.iter().zip(&of_box) {
            if let Some(p) = place.get_mut(i) {
                *p = (band, col);
            }
        }
        out.push(cols);
    }
    (out, place)
}

/// The bands and the (band, column) of each box, as `bands` finds them.
struct Bands {
    bands: Vec<Vec<Column>>,
    place: Vec<(usize, usize)>,
}

impl Bands {
    fn of(boxes: &[TableBox]) -> Self {
        let (bands, place) = bands(boxes);
        Bands { bands, place }
    }

    /// The route from box `i` (`a`) to box `j` (`b`): through the channels of their band when
    /// they share one, else a plain three-segment route (hand-placed boxes far apart
    /// vertically).
    fn route(&self, lanes: &mut Lanes, (i, a): (usize, &TableBox), (j, b): (usize, &TableBox), ya: f64, yb: f64, lane: f64) -> Vec<Point> {
        match (self.place.get(i), self.place.get(j)) {
            (Some(&(band_a, ca)), Some(&(band_b, cb))) if band_a == band_b => match self.bands.get(band_a) {
                Some(cols) => route(cols, band_a, lanes, ca, cb, a, b, ya, yb, lane),
                None => direct(a, b, ya, yb, lane),
            },
            _ => direct(a, b, ya, yb, lane),
        }
    }
}

/// Routes of the views' "reads" edges; `boxes` holds the table boxes in table order followed by
/// the view boxes in view order. Each route runs from the middle of the view's header to the
/// middle of the table's header.
pub(super) fn reads(schema: &Schema, boxes: &[TableBox]) -> Vec<ReadEdge> {
    let bands = Bands::of(boxes);
    let n_tables = schema.tables.len();
    let mut lanes = Lanes::default();
    let mut out = Vec::new();
    for (k, v) in schema.views.iter().enumerate() {
        let Some(a) = boxes.get(n_tables + k) else { continue };
        let mut read: Vec<(usize, _)> =
            v.reads.iter().filter_map(|t| schema.table_position(*t).ok().map(|j| (j, *t))).collect();
        read.sort_unstable();
        read.dedup();
        for (tj, table) in read {
            let Some(b) = boxes.get(tj) else { continue };
            let (ya, yb) = (a.y + HEADER_HEIGHT / 2.0, b.y + HEADER_HEIGHT / 2.0);
            let lane = (((out.len() as f64 + 0.5) * 0.618_034) % 1.0) * 0.7 + 0.15;
            let points = bands.route(&mut lanes, (n_tables + k, a), (tj, b), ya, yb, lane);
            out.push(ReadEdge { view: v.id, table, points });
        }
    }
    out
}

/// Routes of every foreign key; `boxes` starts with the table boxes in table order (more boxes
/// after them are obstacles only).
pub(super) fn edges(schema: &Schema, boxes: &[TableBox]) -> Vec<Edge> {
    let bands = Bands::of(boxes);
    let ends = row_ends(schema);
    let mut lanes = Lanes::default();
    let mut out = Vec::new();
    for (ti, t) in schema.tables.iter().enumerate() {
        for (fk_index, fk) in t.foreign_keys.iter().enumerate() {
            let (Some(&from_column), Some(&to_column)) = (fk.columns.first(), fk.ref_columns.first()) else {
                continue;
            };
            let Ok(tj) = schema.table_position(fk.ref_table) else { continue };
            let Some(to) = schema.tables.get(tj) else { continue };
            let (Some(from_row), Some(to_row)) = (
                t.columns.iter().position(|c| c.id == from_column),
                to.columns.iter().position(|c| c.id == to_column),
            ) else {
                continue;
            };
            let (Some(a), Some(b)) = (boxes.get(ti), boxes.get(tj)) else { continue };
            // Several foreign keys at one column row leave or enter it at distinct heights, so
            // that their routes never share a segment.
            let ya = super::row_y(a, from_row) + ends.offset((ti, from_row), (ti, fk_index, false));
            let yb = super::row_y(b, to_row) + ends.offset((tj, to_row), (ti, fk_index, true));
            // A fixed, spread-out lane per edge inside each channel.
            let lane = ((out.len() as f64 * 0.618_034) % 1.0) * 0.7 + 0.15;
            let points = bands.route(&mut lanes, (ti, a), (tj, b), ya, yb, lane);
            out.push(Edge {
                from_table: t.id,
                fk_index,
                to_table: to.id,
                from_column,
                to_column,
                from_columns: fk.columns.clone(),
                to_columns: fk.ref_columns.clone(),
                points,
            });
        }
    }
    out
}

/// The foreign-key ends at each column row: `(table index, row)` → the ends there, each
/// `(owning table index, foreign key index, whether it is the referenced end)`, in order.
struct RowEnds(EndsByRow);

/// `(table index, row)` → `(owning table index, foreign key index, referenced end)`.
type EndsByRow = std::collections::HashMap<(usize, usize), Vec<(usize, usize, bool)>>;

impl RowEnds {
    /// How far from the row's middle end `end` of row `row` goes: 0 for a row with one end,
    /// else spread evenly over the row (its middle half when few).
    fn offset(&self, row: (usize, usize), end: (usize, usize, bool)) -> f64 {
        let Some(list) = self.0.get(&row) else { return 0.0 };
        let n = list.len();
        if n < 2 {
            return 0.0;
        }
        let i = list.iter().position(|e| *e == end).unwrap_or(0);
        let step = (ROW_HEIGHT * 0.6 / (n - 1) as f64).min(ROW_HEIGHT * 0.25);
        (i as f64 - (n - 1) as f64 / 2.0) * step
    }
}

/// The ends of every foreign key by the (table position, row) they attach to: the row of its
/// first column, and of the first column it references.
fn row_ends(schema: &Schema) -> RowEnds {
    let mut map = EndsByRow::new();
    for (ti, t) in schema.tables.iter().enumerate() {
        for (fk_index, fk) in t.foreign_keys.iter().enumerate() {
            let (Some(&from_column), Some(&to_column)) = (fk.columns.first(), fk.ref_columns.first()) else { continue };
            let Ok(tj) = schema.table_position(fk.ref_table) else { continue };
            let Some(target) = schema.tables.get(tj) else { continue };
            let from_row = t.columns.iter().position(|c| c.id == from_column);
            let to_row = target.columns.iter().position(|c| c.id == to_column);
            if let (Some(fr), Some(tr)) = (from_row, to_row) {
                map.entry((ti, fr)).or_default().push((ti, fk_index, false));
                map.entry((tj, tr)).or_default().push((ti, fk_index, true));
            }
        }
    }
    RowEnds(map)
}

/// A route between boxes of one band, `ca` and `cb` their columns (column numbers of `cols`).
#[allow(clippy::too_many_arguments)]
fn route(cols: &[Column], band: usize, lanes: &mut Lanes, ca: usize, cb: usize, a: &TableBox, b: &TableBox, ya: f64, yb: f64, lane: f64) -> Vec<Point> {
    let p = |x, y| Point { x, y };
    let mut pts = Vec::new();
    if a.table == b.table {
        // A self-reference loops just right of its own box: whatever lies right of a box is at
        // least a stacking gap away (the channel, or the next box in a packed grid).
        let x = a.x + a.width + CLEARANCE * (0.4 + 0.4 * lane);
        let yb = if (ya - yb).abs() < 1e-9 { yb + ROW_HEIGHT * 0.3 } else { yb };
        return vec![p(a.x + a.width, ya), p(x, ya), p(x, yb), p(a.x + a.width, yb)];
    }
    if ca == cb {
        // Loop through the channel right of the column.
        let right = cols.get(ca).map_or(a.x + a.width, |c| c.right);
        let width = cols.get(ca + 1).map_or(4.0 * CLEARANCE, |next| next.left - right);
        // The channel right of the column is shared with the routes that cross it.
        let lane = lanes.next((0, band, ca, 0));
        let x = right + CLEARANCE * 0.6 + lane * (width * 0.5 - CLEARANCE * 0.6).max(CLEARANCE);
        pts.extend([p(a.x + a.width, ya), p(x, ya), p(x, yb), p(b.x + b.width, yb)]);
        return simplify(pts);
    }
    let rightwards = ca < cb;
    pts.push(p(if rightwards { a.x + a.width } else { a.x }, ya));
    let mut y = ya;
    let mut k = ca;
    while k != cb {
        let next = if rightwards { k + 1 } else { k - 1 };
        let (Some(here), Some(there)) = (cols.get(k), cols.get(next)) else { break };
        let (left, right) = if rightwards { (here.right, there.left) } else { (there.right, here.left) };
        let x = left + (right - left) * (0.15 + 0.7 * lanes.next((0, band, k.min(next), 0)));
        let target = if next == cb { yb } else { there.free_y(yb, |(a, b)| lanes.next((1, band, a.round() as i64 as usize, b.round() as i64 as usize))) };
        pts.push(p(x, y));
        pts.push(p(x, target));
        y = target;
        k = next;
    }
    pts.push(p(if rightwards { b.x } else { b.x + b.width }, yb));
    simplify(pts)
}

fn direct(a: &TableBox, b: &TableBox, ya: f64, yb: f64, lane: f64) -> Vec<Point> {
    let p = |x, y| Point { x, y };
    let (start, end) = if a.x + a.width <= b.x {
        (a.x + a.width, b.x)
    } else if b.x + b.width <= a.x {
        (a.x, b.x + b.width)
    } else {
        let x = a.x.max(b.x) + a.width.max(b.width) + CLEARANCE * (1.5 + lane);
        return simplify(vec![p(a.x + a.width, ya), p(x, ya), p(x, yb), p(b.x + b.width, yb)]);
    };
    let x = start + (end - start) * lane;
    simplify(vec![p(start, ya), p(x, ya), p(x, yb), p(end, yb)])
}

/// Drops repeated points and the middle of three collinear ones.
fn simplify(points: Vec<Point>) -> Vec<Point> {
    let mut out: Vec<Point> = Vec::with_capacity(points.len());
    for q in points {
        if out.last() == Some(&q) {
            continue;
        }
        if let [.., a, b] = out.as_slice()
            && ((a.x == b.x && b.x == q.x) || (a.y == b.y && b.y == q.y))
        {
            out.pop();
        }
        out.push(q);
    }
    out
}
