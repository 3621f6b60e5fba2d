//! The diff drawn on the diagram: each change of a [`Diff`] placed on what the diagram shows — a
//! table of the next schema (added, renamed or changed; its columns added, renamed or changed;
//! its dropped columns as ghost rows under it), a dropped table as a ghost box beside the
//! drawing, a view — in the words of the pull-request summary ([`change_summary::describe`]).
//! The app's diagram and change list, the SVG/PNG export and the marked Mermaid all read this
//! one view-model, so they cannot disagree about what changed.

use super::change_summary::describe;
use crate::diff::{self, Change, Diff, QName};
use crate::layout::{self, Layout, Rect, ROW_HEIGHT};
use crate::schema::{ColumnId, Schema, TableId, ViewId};
use std::collections::HashMap;

/// What happened to an object, as the legend names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mark {
    Added,
    Removed,
    Renamed,
    Changed,
}

impl Mark {
    pub const ALL: [Mark; 4] = [Mark::Added, Mark::Removed, Mark::Renamed, Mark::Changed];

    fn of_symbol(c: char) -> Mark {
        match c {
            '+' => Mark::Added,
            '-' => Mark::Removed,
            '→' => Mark::Renamed,
            _ => Mark::Changed,
        }
    }

    /// The CSS class the diagram and the SVG export use.
    pub fn class(self) -> &'static str {
        match self {
            Mark::Added => "diff-added",
            Mark::Removed => "diff-removed",
            Mark::Renamed => "diff-renamed",
            Mark::Changed => "diff-changed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Mark::Added => "added",
            Mark::Removed => "removed",
            Mark::Renamed => "renamed",
            Mark::Changed => "changed",
        }
    }

    pub fn symbol(self) -> char {
        match self {
            Mark::Added => '+',
            Mark::Removed => '−',
            Mark::Renamed => '→',
            Mark::Changed => '~',
        }
    }

    /// The colour of the mark (stroke/fill accents), the same in the app and the exports.
    pub fn color(self) -> &'static str {
        match self {
            Mark::Added => "#2b8a3e",
            Mark::Removed => "#c92a2a",
            Mark::Renamed => "#5f3dc4",
            Mark::Changed => "#e67700",
        }
    }
}

/// Where a change is on the diagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// A table of the next schema.
    Table(TableId),
    /// The ghost of a dropped table: an index into [`Marks::removed`].
    Removed(usize),
    /// A view of the next schema.
    View(ViewId),
    /// Not drawn: a schema, an enum, a sequence, a dropped view, an object of no table.
    Elsewhere,
}

/// One change of the list the user steps through.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub mark: Mark,
    /// The object, e.g. ``column `orders.note` ``.
    pub object: String,
    /// What happens to it, e.g. `added (text)`.
    pub text: String,
    pub place: Place,
    /// The column of the next table it is about (added, renamed or changed).
    pub column: Option<ColumnId>,
}

/// A dropped column, or a column of a dropped table, as drawn in a ghost row.
#[derive(Clone, Debug, PartialEq)]
pub struct Ghost {
    pub name: String,
    pub data_type: String,
}

/// The marks of one table of the next schema.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TableMarks {
    /// Added, Renamed or Changed (a table with any change at all is at least Changed).
    pub mark: Option<Mark>,
    /// The previous name of a renamed table.
    pub renamed_from: Option<String>,
    /// Columns added, renamed or changed (one mark each: added over renamed over changed).
    pub columns: Vec<(ColumnId, Mark)>,
    /// Dropped columns, drawn as ghost rows under the box.
    pub ghosts: Vec<Ghost>,
    /// The list's items about this table, in words (the box's tooltip).
    pub lines: Vec<String>,
}

/// A dropped table: drawn as a ghost box beside the drawing.
#[derive(Clone, Debug, PartialEq)]
pub struct Removed {
    pub name: String,
    pub columns: Vec<Ghost>,
    /// The box's width and height, as `layout::box_size` gives them for the table.
    pub size: (f64, f64),
}

/// The diff as the diagram marks it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Marks {
    /// Every change, ordered for review: by table in the next schema's order, then the ghosts,
    /// then what is not drawn.
    pub items: Vec<Item>,
    pub tables: HashMap<TableId, TableMarks>,
    pub removed: Vec<Removed>,
    pub views: HashMap<ViewId, Mark>,
}

/// Name lookups of both schemas and the table pairs between them.
struct Resolver<'a> {
    prev: &'a Schema,
    next: &'a Schema,
    next_by_key: HashMap<String, TableId>,
    prev_by_key: HashMap<String, TableId>,
    /// previous table id → next table id.
    paired: HashMap<TableId, TableId>,
}

impl<'a> Resolver<'a> {
    fn new(prev: &'a Schema, next: &'a Schema, diff: &Diff) -> Self {
        let by_key = |s: &Schema| {
            let mut m = HashMap::with_capacity(s.tables.len());
            for t in &s.tables {
                m.entry(diff::key(&t.schema, &t.name)).or_insert(t.id);
            }
            m
        };
        let paired = diff.tables.iter().map(|p| (p.previous, p.next)).collect();
        Resolver { prev, next, next_by_key: by_key(next), prev_by_key: by_key(prev), paired }
    }

    fn next_named(&self, q: &QName) -> Option<TableId> {
        self.next_by_key.get(&diff::key(&q.schema, &q.name)).copied()
    }

    /// A previous table's next id: its pair, else a next table of the same name (recreated).
    fn next_of(&self, previous: TableId) -> Option<TableId> {
        self.paired.get(&previous).copied().or_else(|| {
            let t = self.prev.table(previous)?;
            self.next_named(&QName::of(t))
        })
    }

    fn prev_named(&self, q: &QName) -> Option<TableId> {
        self.prev_by_key.get(&diff::key(&q.schema, &q.name)).and_then(|id| self.next_of(*id))
    }

    /// The next table a step names: steps that take something away name it as it was (before
    /// the plan's renames), the others as it will be; both are tried, that order first.
    fn table(&self, q: &QName, previous_first: bool) -> Option<TableId> {
        if previous_first { self.prev_named(q).or_else(|| self.next_named(q)) } else { self.next_named(q).or_else(|| self.prev_named(q)) }
    }

    fn column(&self, table: TableId, name: &str) -> Option<ColumnId> {
        self.next.table(table)?.column_by_name(name).map(|c| c.id)
    }
}

/// Where `change` is, and the column it is about.
fn place(change: &Change, r: &Resolver, removed_at: &HashMap<TableId, usize>) -> (Place, Option<ColumnId>) {
    let at = |t: Option<TableId>| t.map_or(Place::Elsewhere, Place::Table);
    let col = |t: TableId, c: ColumnId| (Place::Table(t), Some(c));
    let named_col = |q: &QName, name: &str, previous_first: bool| match r.table(q, previous_first) {
        Some(t) => (Place::Table(t), r.column(t, name)),
        None => (Place::Elsewhere, None),
    };
    let previous_table = |id: TableId| match removed_at.get(&id) {
        Some(i) => Place::Removed(*i),
        None => at(r.next_of(id)),
    };
    match change {
        Change::CreateTable(id) | Change::AttachPartition(id) => (Place::Table(*id), None),
        Change::TableProperties { table, .. } => (Place::Table(*table), None),
        Change::CreateIndex { table, .. } => (Place::Table(*table), None),
        Change::DropTable(id) => (previous_table(*id), None),
        Change::RenameTable { to, .. } => (at(r.next_named(to)), None),
        Change::AddColumn { table, column }
        | Change::AlterType { table, column, .. }
        | Change::SetNotNull { table, column }
        | Change::DropNotNull { table, column }
        | Change::SetDefault { table, column }
        | Change::DropDefault { table, column }
        | Change::AddIdentity { table, column }
        | Change::AlterIdentity { table, column, .. }
        | Change::AddSerial { table, column, .. } => col(*table, *column),
        Change::DropColumn { table, .. } => (previous_table(*table), None),
        Change::RenameColumn { table, to, .. } => named_col(table, to, false),
        Change::DropSerial { table, column, .. } | Change::DropIdentity { table, column } => named_col(table, column, true),
        Change::ColumnComment { table, column, .. } => named_col(table, column, false),
        Change::AddConstraint { table, .. } | Change::ValidateConstraint { table, .. } => (at(r.table(table, false)), None),
        Change::DropConstraint { table, .. }
        | Change::RenameConstraint { table, .. }
        | Change::DropIndex { table, .. }
        | Change::RenameIndex { table, .. }
        | Change::DetachPartition { table, .. } => (at(r.table(table, true)), None),
        Change::TableComment { table, .. } => (at(r.table(table, false)), None),
        Change::CreateView(id) | Change::ViewComment(id) => (Place::View(*id), None),
        Change::CreateObject { object, .. } | Change::AlterExtension(object) => {
            (at(r.next.objects.iter().find(|o| o.id == *object).and_then(|o| o.table)), None)
        }
        Change::DropObject(object) => match r.prev.objects.iter().find(|o| o.id == *object).and_then(|o| o.table) {
            Some(t) => (previous_table(t), None),
            None => (Place::Elsewhere, None),
        },
        Change::CreateSchema(_)
        | Change::DropSchema(_)
        | Change::CreateEnum(_)
        | Change::DropEnum(_)
        | Change::RenameEnum { .. }
        | Change::AddEnumValues { .. }
        | Change::RecreateEnum { .. }
        | Change::CreateSequence(_)
        | Change::DropSequence(_)
        | Change::AlterSequence { .. }
        | Change::SequenceOwner { .. }
        | Change::DropView(_) => (Place::Elsewhere, None),
    }
}

fn ghosts(t: &crate::schema::Table) -> Vec<Ghost> {
    t.columns.iter().map(|c| Ghost { name: c.name.clone(), data_type: c.data_type.raw.clone() }).collect()
}

/// Column marks keep the strongest: added over renamed over changed.
fn mark_column(marks: &mut TableMarks, column: ColumnId, mark: Mark) {
    let rank = |m: Mark| match m {
        Mark::Added => 0,
        Mark::Renamed => 1,
        _ => 2,
    };
    match marks.columns.iter_mut().find(|(c, _)| *c == column) {
        Some((_, m)) if rank(mark) < rank(*m) => *m = mark,
        Some(_) => {}
        None => marks.columns.push((column, mark)),
    }
}

impl Marks {
    /// The marks of `diff`, the changes from `prev` to `next` (`diff::diff` for the baseline
    /// and the model, the comparison's `up_diff` for two imported schemas).
    pub fn of(prev: &Schema, next: &Schema, diff: &Diff) -> Marks {
        let r = Resolver::new(prev, next, diff);
        let mut marks = Marks::default();
        // Dropped tables become ghosts, except one whose name a created table takes (recreated:
        // the next table is marked changed instead).
        let mut removed_at = HashMap::new();
        for c in &diff.changes {
            if let Change::DropTable(id) = c {
                let Some(t) = prev.table(*id) else { continue };
                if r.next_named(&QName::of(t)).is_some() {
                    continue;
                }
                let (w, h, _) = layout::box_size(t);
                removed_at.insert(*id, marks.removed.len());
                marks.removed.push(Removed { name: t.qualified_name(), columns: ghosts(t), size: (w, h) });
            }
        }
        let mut items = Vec::with_capacity(diff.changes.len());
        for c in &diff.changes {
            let (symbol, object, text) = describe(c, prev, next);
            let mark = Mark::of_symbol(symbol);
            let (place, column) = place(c, &r, &removed_at);
            match place {
                Place::Table(t) => {
                    let tm = marks.tables.entry(t).or_default();
                    tm.lines.push(format!("{symbol} {object} {text}"));
                    match c {
                        Change::CreateTable(_) => tm.mark = Some(Mark::Added),
                        Change::RenameTable { from, .. } => {
                            tm.renamed_from = Some(from.schema.as_ref().map_or_else(|| from.name.clone(), |s| format!("{s}.{}", from.name)));
                            if tm.mark != Some(Mark::Added) {
                                tm.mark = Some(Mark::Renamed);
                            }
                        }
                        Change::DropColumn { table, column } => {
                            if let Some(col) = prev.table(*table).and_then(|t| t.column(*column)) {
                                tm.ghosts.push(Ghost { name: col.name.clone(), data_type: col.data_type.raw.clone() });
                            }
                        }
                        _ => {}
                    }
                    if tm.mark.is_none() {
                        tm.mark = Some(Mark::Changed);
                    }
                    if let Some(col) = column {
                        let m = if matches!(c, Change::AddColumn { .. }) { Mark::Added } else if mark == Mark::Renamed { Mark::Renamed } else { Mark::Changed };
                        mark_column(tm, col, m);
                    }
                }
                Place::View(v) => {
                    let m = if matches!(c, Change::CreateView(_)) { Mark::Added } else { Mark::Changed };
                    marks.views.entry(v).or_insert(m);
                }
                Place::Removed(_) | Place::Elsewhere => {}
            }
            items.push(Item { mark, object, text, place, column });
        }
        // Review order: tables as the next schema lists them, then ghosts, views, the rest;
        // within one place, the plan's order.
        let order: HashMap<TableId, usize> = next.tables.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
        let view_order: HashMap<ViewId, usize> = next.views.iter().enumerate().map(|(i, v)| (v.id, i)).collect();
        items.sort_by_key(|i| match i.place {
            Place::Table(t) => (0, order.get(&t).copied().unwrap_or(usize::MAX)),
            Place::Removed(k) => (1, k),
            Place::View(v) => (2, view_order.get(&v).copied().unwrap_or(usize::MAX)),
            Place::Elsewhere => (3, 0),
        });
        marks.items = items;
        marks
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// How many changes carry `mark`.
    pub fn count(&self, mark: Mark) -> usize {
        self.items.iter().filter(|i| i.mark == mark).count()
    }

    pub fn column(&self, table: TableId, column: ColumnId) -> Option<Mark> {
        self.tables.get(&table)?.columns.iter().find(|(c, _)| *c == column).map(|(_, m)| *m)
    }

    /// "3 added · 1 removed · 2 changed": the legend's counts, zero counts left out.
    pub fn summary(&self) -> String {
        let parts: Vec<String> = Mark::ALL.iter().map(|m| (m, self.count(*m))).filter(|(_, n)| *n > 0).map(|(m, n)| format!("{n} {}", m.label())).collect();
        if parts.is_empty() { "No changes".into() } else { parts.join(" · ") }
    }
}

/// Gap between the drawing and the ghost lane, and between ghost boxes.
const GHOST_GAP: f64 = 60.0;

/// Where the ghosts are drawn for `layout`: the dropped tables' boxes in a lane right of the
/// drawing (top to bottom, a new lane when one is as tall as the drawing), and the ghost rows of
/// each marked table right under its box.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GhostLayout {
    /// One rectangle per [`Marks::removed`], in order.
    pub tables: Vec<Rect>,
    /// A table's ghost rows: the rectangle of the first one (the others follow it down).
    pub rows: Vec<(TableId, Rect)>,
}

impl GhostLayout {
    pub fn of(layout: &Layout, marks: &Marks) -> GhostLayout {
        let b = layout.bounds();
        let lane_height = b.height.max(400.0);
        let (mut x, mut y, mut lane_width) = (b.right() + GHOST_GAP, b.y, 0.0_f64);
        let mut tables = Vec::with_capacity(marks.removed.len());
        for r in &marks.removed {
            let (w, h) = r.size;
            if y > b.y && y + h > b.y + lane_height {
                x += lane_width + GHOST_GAP / 2.0;
                y = b.y;
                lane_width = 0.0;
            }
            tables.push(Rect { x, y, width: w, height: h });
            y += h + GHOST_GAP / 2.0;
            lane_width = lane_width.max(w);
        }
        let mut rows: Vec<(TableId, Rect)> = marks
            .tables
            .iter()
            .filter(|(_, m)| !m.ghosts.is_empty())
            .filter_map(|(id, _)| layout.box_of(*id).map(|bx| (*id, Rect { x: bx.x, y: bx.y + bx.height, width: bx.width, height: ROW_HEIGHT })))
            .collect();
        rows.sort_by_key(|(id, _)| *id);
        GhostLayout { tables, rows }
    }

    /// Everything the ghosts cover (to widen a document or a fit around them).
    pub fn bounds(&self, marks: &Marks) -> Option<Rect> {
        let heights: HashMap<TableId, usize> = marks.tables.iter().map(|(id, m)| (*id, m.ghosts.len())).collect();
        let rects = self
            .tables
            .iter()
            .copied()
            .chain(self.rows.iter().map(|(id, r)| Rect { height: r.height * heights.get(id).copied().unwrap_or(1) as f64, ..*r }));
        rects.reduce(|a, c| {
            let (x, y) = (a.x.min(c.x), a.y.min(c.y));
            Rect { x, y, width: a.right().max(c.right()) - x, height: a.bottom().max(c.bottom()) - y }
        })
    }
}
