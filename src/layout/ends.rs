//! Crow's-foot symbols at the ends of a relationship route, as path data.
//!
//! A route starts and ends on a box side; its symbol is drawn along the route's first (or last)
//! segment, outside the box, so that drawn above the boxes it is never covered by a box's fill
//! (the SVG export and the app draw these paths after the boxes). `many` is a crow's foot
//! touching the box, `one` a bar; `mandatory` adds a second bar, `optional` a small circle
//! further out.

use super::Tenths;
use crate::schema::Point;
use std::fmt::Write;

/// How far from the box side a symbol reaches (diagram units).
pub const END_LENGTH: f64 = 22.0;
/// Radius of the "optional" circle; the circle is filled with the canvas colour.
pub const CIRCLE_RADIUS: f64 = 3.5;

/// What one end of a relationship says: one or many rows, optional (zero allowed) or mandatory.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct End {
    pub many: bool,
    pub optional: bool,
}

impl End {
    /// Reads a marker name (`many-optional`, `one-mandatory`, …; see `export::svg::fk_ends`).
    pub fn named(name: &str) -> End {
        End { many: name.starts_with("many"), optional: name.ends_with("optional") }
    }
}

/// The end symbols of a route through `points` (from the referencing box to the referenced
/// one): the bars and crow's feet as one path, and the optional circles as another (drawn
/// filled, so the line does not run through them). Empty strings for a route of fewer than two
/// points.
pub fn end_paths(points: &[Point], start: End, end: End) -> (String, String) {
    let mut strokes = String::new();
    let mut circles = String::new();
    if let (Some(a), Some(b)) = (points.first(), points.get(1)) {
        push_end(&mut strokes, &mut circles, *a, *b, start);
    }
    if let [.., before, last] = points {
        push_end(&mut strokes, &mut circles, *last, *before, end);
    }
    (strokes, circles)
}

/// Where the optional circle of an end at `tip` going toward `toward` is centred.
pub fn circle_center(tip: Point, toward: Point, end: End) -> Point {
    let (d, _) = frame(tip, toward);
    let at = if end.many { 18.0 } else { 17.0 };
    Point { x: tip.x + d.x * at, y: tip.y + d.y * at }
}

/// The unit direction from `tip` toward `toward` and its normal.
fn frame(tip: Point, toward: Point) -> (Point, Point) {
    let (dx, dy) = (toward.x - tip.x, toward.y - tip.y);
    let len = (dx * dx + dy * dy).sqrt();
    let d = if len > 1e-9 { Point { x: dx / len, y: dy / len } } else { Point { x: 1.0, y: 0.0 } };
    (d, Point { x: -d.y, y: d.x })
}

fn push_end(strokes: &mut String, circles: &mut String, tip: Point, toward: Point, end: End) {
    let (d, n) = frame(tip, toward);
    let at = |along: f64, across: f64| Point { x: tip.x + d.x * along + n.x * across, y: tip.y + d.y * along + n.y * across };
    let mut line = |a: Point, b: Point| {
        let _ = write!(strokes, "M{} {} L{} {} ", Tenths(a.x), Tenths(a.y), Tenths(b.x), Tenths(b.y));
    };
    if end.many {
        // Three prongs from a point on the line to the box side.
        let joint = at(12.0, 0.0);
        line(joint, at(0.0, 6.5));
        line(joint, at(0.0, -6.5));
        line(joint, tip);
        if !end.optional {
            line(at(15.0, 6.0), at(15.0, -6.0));
        }
    } else {
        line(at(7.0, 6.0), at(7.0, -6.0));
        if !end.optional {
            line(at(12.0, 6.0), at(12.0, -6.0));
        }
    }
    if end.optional {
        let c = circle_center(tip, toward, end);
        let r = CIRCLE_RADIUS;
        let _ = write!(
            circles,
            "M{} {} A{r} {r} 0 1 0 {} {} A{r} {r} 0 1 0 {} {} ",
            Tenths(c.x + r),
            Tenths(c.y),
            Tenths(c.x - r),
            Tenths(c.y),
            Tenths(c.x + r),
            Tenths(c.y)
        );
    }
}
