//! Pure diagram geometry from a Schema: box sizes, auto-layout positions, edge routes.
//! Numbers only, never DOM.
//!
//! CONTRACT (used by ui/): `Layout`, `TableBox`, `Edge`, `geometry`, `auto_layout`, the size
//! constants. The editor-core helper owns this file.

pub mod synthetic;

use crate::schema::{ColumnId, Point, Schema, TableId};
use serde::{Deserialize, Serialize};

/// Diagram text is monospace, so widths follow from character counts.
pub const CHAR_WIDTH: f64 = 7.2;
pub const ROW_HEIGHT: f64 = 20.0;
pub const HEADER_HEIGHT: f64 = 26.0;

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

#[derive(Clone, Debug, PartialEq)]
pub struct TableBox {
    pub table: TableId,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    /// The referencing table and the index of the foreign key in its `foreign_keys`.
    pub from_table: TableId,
    pub fk_index: usize,
    pub to_table: TableId,
    pub from_column: ColumnId,
    pub to_column: ColumnId,
    /// The route, from the referencing column row to the referenced column row.
    pub points: Vec<Point>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    pub boxes: Vec<TableBox>,
    pub edges: Vec<Edge>,
    pub width: f64,
    pub height: f64,
}

/// Positions for every table (a grid until the layered layout lands).
pub fn auto_layout(schema: &Schema) -> Vec<(TableId, Point)> {
    let cols = (schema.tables.len() as f64).sqrt().ceil().max(1.0) as usize;
    schema
        .tables
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let p = Point { x: (i % cols) as f64 * 320.0 + 20.0, y: (i / cols) as f64 * 400.0 + 20.0 };
            (t.id, p)
        })
        .collect()
}

/// Boxes and edges for the schema, using each table's `position` (or the auto layout's).
pub fn geometry(schema: &Schema) -> Layout {
    let auto = auto_layout(schema);
    let boxes: Vec<TableBox> = schema
        .tables
        .iter()
        .zip(auto)
        .map(|(t, (_, p))| {
            let p = t.position.unwrap_or(p);
            let widest = t
                .columns
                .iter()
                .map(|c| c.name.chars().count() + c.data_type.raw.chars().count() + 6)
                .chain(std::iter::once(t.qualified_name().chars().count() + 2))
                .max()
                .unwrap_or(10);
            TableBox {
                table: t.id,
                x: p.x,
                y: p.y,
                width: widest as f64 * CHAR_WIDTH + 16.0,
                height: HEADER_HEIGHT + t.columns.len() as f64 * ROW_HEIGHT + 6.0,
            }
        })
        .collect();
    let width = boxes.iter().map(|b| b.x + b.width).fold(0.0, f64::max);
    let height = boxes.iter().map(|b| b.y + b.height).fold(0.0, f64::max);
    Layout { boxes, edges: Vec::new(), width, height }
}
