//! Integration tests for `layout`: box sizes, the layered auto layout (no overlaps, determinism,
//! shape), edge routes (ends at the right rows, never through a box) and the viewport helpers.

use erdsmith::edit::{Edit, apply};
use erdsmith::layout::synthetic::{self, Rng};
use erdsmith::layout::{
    self, CHAR_WIDTH, HEADER_HEIGHT, Layout, ROW_HEIGHT, Rect, TableBox, auto_layout, box_size, fit, geometry,
    neighbours, row_y,
};
use erdsmith::schema::{ColumnId, DataType, FkAction, ForeignKey, Note, NoteId, Point, Schema, Table, TableId, View, ViewId};

fn fk(columns: Vec<ColumnId>, ref_table: TableId, ref_columns: Vec<ColumnId>) -> ForeignKey {
    ForeignKey {
        name: None,
        columns,
        ref_table,
        ref_columns,
        on_delete: FkAction::NoAction,
        on_update: FkAction::NoAction,
        deferrable: false,
        initially_deferred: false,
        options: None,
    }
}

/// The synthetic schema plus cycles (earlier tables referencing later ones).
fn with_cycles(tables: usize, seed: u64) -> Schema {
    let mut s = synthetic::schema(tables, seed);
    let mut rng = Rng::new(seed ^ 0xC1C1E);
    let n = s.tables.len();
    for _ in 0..n / 5 {
        let (from, to) = (rng.below(n / 2), n / 2 + rng.below(n - n / 2));
        let (tid, cid) = (s.tables[to].id, s.tables[to].columns[0].id);
        let col = s.tables[from].columns[1..].first().map(|c| c.id).unwrap_or(s.tables[from].columns[0].id);
        s.tables[from].foreign_keys.push(fk(vec![col], tid, vec![cid]));
    }
    s
}

/// Several unrelated groups and isolated tables: the synthetic schema with FKs kept only inside
/// groups of `group` consecutive tables, and every seventh table stripped of its FKs.
fn disconnected(tables: usize, group: usize, seed: u64) -> Schema {
    let mut s = synthetic::schema(tables, seed);
    let ids: Vec<TableId> = s.tables.iter().map(|t| t.id).collect();
    for (i, t) in s.tables.iter_mut().enumerate() {
        let same_group = |id: &TableId| ids.iter().position(|x| x == id).is_some_and(|j| j / group == i / group);
        t.foreign_keys.retain(|f| same_group(&f.ref_table) && i % 7 != 0);
    }
    // Tables referenced by a stripped table's group mates keep their FKs; re-strip references to
    // every seventh table too, so those are truly isolated.
    let isolated: Vec<TableId> = s.tables.iter().enumerate().filter(|(i, _)| i % 7 == 0).map(|(_, t)| t.id).collect();
    for t in &mut s.tables {
        t.foreign_keys.retain(|f| !isolated.contains(&f.ref_table));
    }
    s
}

fn corpus() -> Vec<(String, Schema)> {
    let mut out = vec![
        ("empty".to_string(), Schema::default()),
        ("one table".to_string(), synthetic::schema(1, 1)),
        ("ten tables".to_string(), synthetic::schema(10, 2)),
        ("200 tables".to_string(), synthetic::schema(200, 3)),
        ("1000 tables".to_string(), synthetic::schema(1000, 7)),
        ("cycles".to_string(), with_cycles(120, 4)),
        ("disconnected".to_string(), disconnected(150, 12, 5)),
    ];
    // Only self-references.
    let mut selfs = synthetic::schema(6, 9);
    for t in &mut selfs.tables {
        let (tid, cid) = (t.id, t.columns[0].id);
        t.foreign_keys = vec![fk(vec![t.columns[1].id], tid, vec![cid])];
    }
    out.push(("self references".to_string(), selfs));
    out
}

fn overlaps(a: &TableBox, b: &TableBox) -> bool {
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

#[track_caller]
fn check_no_overlap(name: &str, layout: &Layout) {
    let mut order: Vec<&TableBox> = layout.boxes.iter().collect();
    order.sort_by(|a, b| a.x.total_cmp(&b.x));
    for (i, a) in order.iter().enumerate() {
        for b in order[i + 1..].iter().take_while(|b| b.x < a.x + a.width) {
            assert!(!overlaps(a, b), "{name}: boxes of tables {} and {} overlap", a.table.0, b.table.0);
        }
    }
}

#[test]
fn auto_layout_never_overlaps_and_is_finite_and_deterministic() {
    for (name, schema) in corpus() {
        let layout = geometry(&schema);
        // Partitions are drawn inside their parent (collapsed): no box of their own.
        let shown: Vec<_> = schema.tables.iter().filter(|t| layout::partition_parent(&schema, t).is_none()).collect();
        assert_eq!(layout.boxes.len(), shown.len(), "{name}: one box per table that is not a partition");
        for (b, t) in layout.boxes.iter().zip(shown) {
            assert_eq!(b.table, t.id, "{name}: boxes follow the table order");
            for v in [b.x, b.y, b.width, b.height] {
                assert!(v.is_finite(), "{name}: finite geometry");
            }
            assert!(b.x >= 0.0 && b.y >= 0.0, "{name}: the layout starts at the origin");
        }
        check_no_overlap(&name, &layout);
        assert_eq!(geometry(&schema), layout, "{name}: deterministic");
        assert_eq!(auto_layout(&schema).len(), layout.boxes.len());
    }
}

#[test]
fn large_layouts_are_roughly_sixteen_by_ten() {
    for (name, schema) in corpus().into_iter().filter(|(_, s)| s.tables.len() >= 100) {
        let layout = geometry(&schema);
        let ratio = layout.width / layout.height;
        assert!((0.6..=4.0).contains(&ratio), "{name}: aspect {ratio:.2} ({} x {})", layout.width, layout.height);
    }
}

#[test]
fn referenced_tables_sit_left_of_referencing_ones_in_a_tree() {
    // A chain and a star: no cycles, one component small enough not to wrap.
    let mut s = synthetic::schema(5, 11);
    for t in &mut s.tables {
        t.foreign_keys.clear();
    }
    let ids: Vec<(TableId, ColumnId)> = s.tables.iter().map(|t| (t.id, t.columns[0].id)).collect();
    for (i, j) in [(1, 0), (2, 1), (3, 1), (4, 0)] {
        let col = s.tables[i].columns[1].id;
        s.tables[i].foreign_keys.push(fk(vec![col], ids[j].0, vec![ids[j].1]));
    }
    let layout = geometry(&s);
    for (i, j) in [(1, 0), (2, 1), (3, 1), (4, 0)] {
        let (child, parent) = (&layout.boxes[i], &layout.boxes[j]);
        assert!(parent.x + parent.width < child.x, "table {j} is left of table {i} which references it");
    }
}

#[test]
fn box_size_follows_the_text() {
    let mut t = Table::new(TableId(1), Some("sales".into()), "x");
    let (w0, h0, _) = box_size(&t);
    assert_eq!(h0 - HEADER_HEIGHT, layout::BOX_BOTTOM, "an empty table is a header");
    t.columns.push(erdsmith::schema::Column::new(ColumnId(2), "a_rather_long_column_name", DataType::parse("varchar(120)")));
    let (w1, h1, type_offset) = box_size(&t);
    assert_eq!(h1 - h0, ROW_HEIGHT, "one row per column");
    let row_text = layout::MARKER_CHARS + 25 + layout::NAME_TYPE_GAP_CHARS + "varchar(120)".len();
    assert!(w1 >= row_text as f64 * CHAR_WIDTH && w1 > w0, "the row text fits");
    assert!(type_offset > 25.0 * CHAR_WIDTH && type_offset + 12.0 * CHAR_WIDTH <= w1, "the type column fits");
    t.name = "a_table_name_much_longer_than_any_of_its_rows_are".into();
    let (w2, _, _) = box_size(&t);
    assert!(w2 >= (t.qualified_name().len()) as f64 * CHAR_WIDTH, "the qualified name fits the header");
}

fn segment_hits_box(a: Point, b: Point, r: &TableBox) -> bool {
    // Axis-parallel segment against the open interior of the box.
    let (x0, x1) = (a.x.min(b.x), a.x.max(b.x));
    let (y0, y1) = (a.y.min(b.y), a.y.max(b.y));
    let e = 1e-6;
    x1 > r.x + e && x0 < r.x + r.width - e && y1 > r.y + e && y0 < r.y + r.height - e
}

#[test]
fn edges_attach_at_the_key_rows_and_never_cross_a_box() {
    for (name, schema) in corpus() {
        let layout = geometry(&schema);
        let fk_count: usize = schema.tables.iter().map(|t| t.foreign_keys.len()).sum();
        assert_eq!(layout.edges.len(), fk_count, "{name}: one edge per foreign key");
        for e in &layout.edges {
            let t = schema.table(e.from_table).expect("from table");
            let f = &t.foreign_keys[e.fk_index];
            assert_eq!((e.to_table, &e.from_columns, &e.to_columns), (f.ref_table, &f.columns, &f.ref_columns));
            let to = schema.table(e.to_table).expect("to table");
            let (from_box, to_box) = (layout.box_of(t.id).expect("box"), layout.box_of(to.id).expect("box"));
            let from_row = t.columns.iter().position(|c| c.id == f.columns[0]).expect("row");
            let to_row = to.columns.iter().position(|c| c.id == f.ref_columns[0]).expect("row");
            let (first, last) = (e.points[0], e.points[e.points.len() - 1]);
            // Within the row (several keys at one row are spread over it).
            assert!((first.y - row_y(from_box, from_row)).abs() <= ROW_HEIGHT * 0.5 + 1e-9, "{name}: starts at the referencing row");
            assert!((last.y - row_y(to_box, to_row)).abs() <= ROW_HEIGHT * 0.5 + 1e-9, "{name}: ends at the referenced row");
            assert!(first.x == from_box.x || first.x == from_box.x + from_box.width, "{name}: starts on a side");
            assert!(last.x == to_box.x || last.x == to_box.x + to_box.width, "{name}: ends on a side");
            for w in e.points.windows(2) {
                assert!(w[0].x == w[1].x || w[0].y == w[1].y, "{name}: orthogonal segments");
                for b in &layout.boxes {
                    assert!(!segment_hits_box(w[0], w[1], b), "{name}: edge {e:?} crosses table {}", b.table.0);
                }
            }
        }
    }
}

#[test]
fn self_references_loop_on_the_side() {
    let (_, schema) = corpus().pop().expect("self references");
    let layout = geometry(&schema);
    for e in &layout.edges {
        let b = layout.box_of(e.from_table).expect("box");
        assert_eq!(e.from_table, e.to_table);
        assert!(e.points.len() >= 4, "a loop");
        assert!(e.points.iter().all(|p| p.x >= b.x + b.width), "on the right side");
    }
}

#[test]
fn manual_positions_are_kept_and_the_rest_placed_below() {
    let mut s = synthetic::schema(30, 21);
    let moves: Vec<(TableId, Option<Point>)> =
        s.tables.iter().take(10).enumerate().map(|(i, t)| (t.id, Some(Point { x: 500.0 * i as f64, y: -300.0 }))).collect();
    apply(&mut s, Edit::MoveTables { moves: moves.clone() }).expect("moves");
    let layout = geometry(&s);
    for (id, p) in &moves {
        let b = layout.box_of(*id).expect("box");
        assert_eq!(Some(Point { x: b.x, y: b.y }), *p, "manual position kept");
    }
    check_no_overlap("mixed", &layout);
    // Applying the auto layout as an edit places everything.
    let moves = auto_layout(&s).into_iter().map(|(id, p)| (id, Some(p))).collect();
    apply(&mut s, Edit::MoveTables { moves }).expect("re-layout");
    let relaid = geometry(&s);
    check_no_overlap("re-layout", &relaid);
    let mut fresh = s.clone();
    fresh.tables.iter_mut().for_each(|t| t.position = None);
    assert_eq!(relaid, geometry(&fresh), "stored auto positions give the auto layout");
}

#[test]
fn fit_shows_every_box_and_note() {
    for (name, schema) in corpus().into_iter().filter(|(_, s)| !s.tables.is_empty()) {
        let layout = geometry(&schema);
        let (w, h, margin) = (1280.0, 800.0, 20.0);
        let v = fit(&layout, &schema.notes, (w, h), margin);
        let b = layout.content_bounds(&schema.notes).expect("boxes");
        let (x0, y0) = (b.x * v.zoom + v.pan.x, b.y * v.zoom + v.pan.y);
        let (x1, y1) = (b.right() * v.zoom + v.pan.x, b.bottom() * v.zoom + v.pan.y);
        assert!(v.zoom <= 1.0, "{name}: never zoomed in past 100%");
        if v.zoom > layout::Viewport::MIN_ZOOM {
            assert!(x0 >= margin - 1e-6 && y0 >= margin - 1e-6, "{name}: top-left inside");
            assert!(x1 <= w - margin + 1e-6 && y1 <= h - margin + 1e-6, "{name}: bottom-right inside");
        }
        assert!(((x0 + x1) / 2.0 - w / 2.0).abs() < 1e-6, "{name}: centred");
        // The visible rectangle of the fitted view holds the content.
        let r = v.visible((w, h));
        assert!(r.x <= b.x + 1e-6 && r.y <= b.y + 1e-6 && r.right() >= b.right() - 1e-6 && r.bottom() >= b.bottom() - 1e-6, "{name}");
    }
    assert_eq!(fit(&Layout::default(), &[], (800.0, 600.0), 24.0), layout::Viewport::default());
}

#[test]
fn zooming_keeps_the_point_under_the_pointer() {
    let v = layout::Viewport { zoom: 0.5, pan: Point { x: 30.0, y: -12.0 } };
    let before = v.to_world(400.0, 300.0);
    let z = v.zoom_at(1.25, 400.0, 300.0);
    let after = z.to_world(400.0, 300.0);
    assert!((before.x - after.x).abs() < 1e-9 && (before.y - after.y).abs() < 1e-9);
    assert_eq!(v.zoom_at(1e9, 0.0, 0.0).zoom, layout::Viewport::MAX_ZOOM);
    let c = v.centered_on(Point { x: 100.0, y: 50.0 }, (800.0, 600.0));
    let mid = c.to_world(400.0, 300.0);
    assert!((mid.x - 100.0).abs() < 1e-9 && (mid.y - 50.0).abs() < 1e-9);
    assert_eq!(v.panned(5.0, 6.0).pan, Point { x: 35.0, y: -6.0 });
}

#[test]
fn neighbours_follow_foreign_keys_both_ways() {
    let schema = synthetic::schema(60, 13);
    for t in schema.tables.iter().step_by(7) {
        assert_eq!(neighbours(&schema, t.id, 0), vec![t.id]);
        let mut direct: Vec<TableId> = schema
            .foreign_keys()
            .filter_map(|(owner, f)| match (owner.id == t.id, f.ref_table == t.id) {
                (true, _) => Some(f.ref_table),
                (_, true) => Some(owner.id),
                _ => None,
            })
            .chain(std::iter::once(t.id))
            .collect();
        direct.sort();
        direct.dedup();
        assert_eq!(neighbours(&schema, t.id, 1), direct, "one hop from {}", t.name);
        let two = neighbours(&schema, t.id, 2);
        assert!(direct.iter().all(|d| two.contains(d)), "two hops include one hop");
    }
    assert!(neighbours(&schema, TableId(999_999), 3).is_empty());
}

/// `schema` plus `count` views reading one to three random tables each (some none, some
/// materialized, some with output columns), and one reading a table id that does not exist.
fn with_views(mut s: Schema, count: usize, seed: u64) -> Schema {
    let mut rng = Rng::new(seed ^ 0x71E55);
    let n = s.tables.len();
    for k in 0..count {
        let reads: Vec<TableId> = if n == 0 || k % 5 == 4 {
            Vec::new()
        } else {
            (0..1 + rng.below(3)).map(|_| s.tables[rng.below(n)].id).collect()
        };
        let columns = (0..rng.below(5)).map(|c| format!("out_{k}_{c}")).collect();
        let id = ViewId(s.fresh_id());
        s.views.push(View {
            id,
            schema: (k % 3 == 0).then(|| "reporting".to_string()),
            name: format!("v_{k}"),
            materialized: k % 2 == 1,
            columns,
            reads,
            definition: "SELECT 1".into(),
            options: None,
            indexes: Vec::new(),
            comment: None,
            span: None,
            position: None,
        });
    }
    let dangling = ViewId(s.fresh_id());
    s.views.push(View {
        id: dangling,
        schema: None,
        name: "v_dangling".into(),
        materialized: false,
        columns: vec![],
        reads: vec![TableId(u32::MAX - 3)],
        definition: "SELECT 1".into(),
        options: None,
        indexes: Vec::new(),
        comment: None,
        span: None,
        position: None,
    });
    s
}

fn view_corpus() -> Vec<(String, Schema)> {
    vec![
        ("views only".to_string(), with_views(Schema::default(), 4, 1)),
        ("ten tables".to_string(), with_views(synthetic::schema(10, 2), 5, 2)),
        ("200 tables".to_string(), with_views(synthetic::schema(200, 3), 40, 3)),
        ("cycles".to_string(), with_views(with_cycles(120, 4), 25, 4)),
        ("disconnected".to_string(), with_views(disconnected(150, 12, 5), 30, 5)),
        ("1000 tables".to_string(), with_views(synthetic::schema(1000, 7), 60, 7)),
    ]
}

/// Every table and view box as (label, rectangle).
fn all_rects(layout: &Layout) -> Vec<(String, Rect)> {
    layout
        .boxes
        .iter()
        .map(|b| (format!("table {}", b.table.0), b.rect()))
        .chain(layout.views.iter().map(|v| (format!("view {}", v.view.0), v.rect())))
        .collect()
}

#[track_caller]
fn check_no_overlap_with_views(name: &str, layout: &Layout) {
    let mut rects = all_rects(layout);
    rects.sort_by(|a, b| a.1.x.total_cmp(&b.1.x));
    for (i, (la, a)) in rects.iter().enumerate() {
        for (lb, b) in rects[i + 1..].iter().take_while(|(_, b)| b.x < a.right()) {
            let overlap = a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom();
            assert!(!overlap, "{name}: {la} and {lb} overlap");
        }
    }
}

fn on_side(p: Point, r: &Rect) -> bool {
    (p.x == r.x || p.x == r.right()) && p.y >= r.y && p.y <= r.bottom()
}

#[test]
fn views_are_laid_out_without_overlaps_and_deterministically() {
    for (name, schema) in view_corpus() {
        let layout = geometry(&schema);
        assert_eq!(layout.views.len(), schema.views.len(), "{name}: one box per view");
        for (b, v) in layout.views.iter().zip(&schema.views) {
            assert_eq!((b.view, b.materialized), (v.id, v.materialized), "{name}: boxes follow the view order");
            let (w, h) = layout::view_box_size(v);
            assert_eq!((b.width, b.height), (w, h), "{name}: the box has the view's size");
            assert!(b.height >= HEADER_HEIGHT + v.columns.len() as f64 * ROW_HEIGHT, "{name}: a row per column");
            let header = v.qualified_name().len() + 2 + layout::view_tag(v.materialized).len();
            assert!(b.width >= header as f64 * CHAR_WIDTH, "{name}: the name and the tag fit the header");
            for x in [b.x, b.y, b.width, b.height] {
                assert!(x.is_finite() && x >= 0.0, "{name}: finite geometry from the origin");
            }
        }
        check_no_overlap_with_views(&name, &layout);
        assert_eq!(geometry(&schema), layout, "{name}: deterministic");
        assert_eq!(layout::auto_layout_views(&schema).len(), schema.views.len());
        let b = layout.bounds();
        for (label, r) in all_rects(&layout) {
            assert!(r.x >= b.x && r.y >= b.y && r.right() <= b.right() && r.bottom() <= b.bottom(), "{name}: {label} in bounds");
        }
    }
}

#[test]
fn every_reads_edge_has_both_ends_and_avoids_boxes() {
    for (name, schema) in view_corpus() {
        let layout = geometry(&schema);
        let expected: usize = schema
            .views
            .iter()
            .map(|v| {
                let mut ids: Vec<TableId> = v.reads.iter().copied().filter(|t| schema.table(*t).is_some()).collect();
                ids.sort_unstable();
                ids.dedup();
                ids.len()
            })
            .sum();
        assert_eq!(layout.reads.len(), expected, "{name}: one edge per (view, existing table read)");
        for e in &layout.reads {
            let v = schema.view(e.view).expect("the view exists");
            assert!(v.reads.contains(&e.table), "{name}: view {} reads table {}", v.name, e.table.0);
            let vb = layout.views.iter().find(|b| b.view == e.view).expect("view box").rect();
            let tb = layout.box_of(e.table).expect("table box").rect();
            assert!(e.points.len() >= 2, "{name}: a route");
            let (first, last) = (e.points[0], e.points[e.points.len() - 1]);
            assert!(on_side(first, &vb), "{name}: starts on a side of view {} ({first:?}, {vb:?})", v.name);
            assert!(on_side(last, &tb), "{name}: ends on a side of table {} ({last:?}, {tb:?})", e.table.0);
            for w in e.points.windows(2) {
                assert!(w[0].x == w[1].x || w[0].y == w[1].y, "{name}: orthogonal segments");
            }
        }
        // Foreign keys route around view boxes as they do around tables.
        for e in &layout.edges {
            for w in e.points.windows(2) {
                for v in &layout.views {
                    let r = v.rect();
                    let as_box = TableBox { table: TableId(0), x: r.x, y: r.y, width: r.width, height: r.height, type_offset: 0.0 };
                    assert!(!segment_hits_box(w[0], w[1], &as_box), "{name}: edge {e:?} crosses view {}", v.view.0);
                }
            }
        }
    }
}

#[test]
fn a_view_sits_right_of_the_tables_it_reads() {
    let mut s = synthetic::schema(4, 13);
    for t in &mut s.tables {
        t.foreign_keys.clear();
    }
    let read = [s.tables[0].id, s.tables[2].id];
    let s = {
        let mut s = with_views(s, 0, 1);
        s.views[0].reads = read.to_vec();
        s
    };
    let layout = geometry(&s);
    let v = &layout.views[0];
    for t in read {
        let b = layout.box_of(t).expect("box");
        assert!(b.x + b.width < v.x, "table {} is left of the view reading it", t.0);
    }
    assert_eq!(layout.reads.len(), 2);
}

#[test]
fn moved_views_keep_their_place_and_the_rest_go_below() {
    let mut s = with_views(synthetic::schema(30, 17), 6, 17);
    let moved = s.views[2].id;
    let target = Point { x: 5000.0, y: 40.0 };
    apply(&mut s, Edit::MoveViews { moves: vec![(moved, Some(target))] }).expect("move applies");
    let before = geometry(&s);
    let b = before.views.iter().find(|v| v.view == moved).expect("box");
    assert_eq!((b.x, b.y), (target.x, target.y), "a moved view stays where it was put");
    check_no_overlap_with_views("one view placed", &before);
    // Placing every table and view keeps them all where they are.
    let tables: Vec<_> = before.boxes.iter().map(|b| (b.table, Some(Point { x: b.x, y: b.y }))).collect();
    let views: Vec<_> = before.views.iter().map(|b| (b.view, Some(Point { x: b.x, y: b.y }))).collect();
    apply(&mut s, Edit::Batch(vec![Edit::MoveTables { moves: tables }, Edit::MoveViews { moves: views }])).expect("moves apply");
    let after = geometry(&s);
    assert_eq!(after.boxes, before.boxes);
    assert_eq!(after.views, before.views);
}

#[test]
fn fit_and_content_bounds_include_views_and_notes() {
    let mut s = with_views(synthetic::schema(5, 19), 3, 19);
    let note = Note { id: NoteId(s.fresh_id()), text: "far away".into(), position: Point { x: 9000.0, y: 7000.0 } };
    s.notes.push(note.clone());
    let layout = geometry(&s);
    let r = layout.content_bounds(&s.notes).expect("not empty");
    let n = layout::note_rect(&note);
    assert!(r.right() >= n.right() && r.bottom() >= n.bottom(), "the note is inside the content bounds");
    for v in &layout.views {
        assert!(v.x >= r.x && v.y >= r.y && v.x + v.width <= r.right() && v.y + v.height <= r.bottom());
    }
    assert_eq!(Layout::default().content_bounds(&[]), None, "an empty diagram has no bounds");
}

/// The corpus file imported with its detected dialect.
fn imported(file: &str) -> Schema {
    erdsmith::import::import(&crate::support::corpus(file), &Default::default()).schema
}

fn boxes_by_id(l: &Layout) -> Vec<(TableId, f64, f64)> {
    l.boxes.iter().map(|b| (b.table, b.x, b.y)).collect()
}

#[test]
fn moving_one_table_moves_nothing_else() {
    let mut s = imported("chinook_postgres.sql");
    layout::place_unplaced(&mut s);
    assert!(s.tables.iter().all(|t| t.position.is_some()), "a first import places every table");
    let before = geometry(&s);
    let genre = s.tables.iter().find(|t| t.name == "genre").expect("genre").id;
    let p = before.box_of(genre).expect("box");
    apply(&mut s, Edit::MoveTables { moves: vec![(genre, Some(Point { x: p.x + 60.0, y: p.y + 25.0 }))] }).expect("move");
    layout::place_unplaced(&mut s);
    let after = geometry(&s);
    for ((id, x, y), (id2, x2, y2)) in boxes_by_id(&before).into_iter().zip(boxes_by_id(&after)) {
        assert_eq!(id, id2);
        if id == genre {
            assert_eq!((x2, y2), (x + 60.0, y + 25.0));
        } else {
            assert_eq!((x, y), (x2, y2), "table {} moved", id.0);
        }
    }
}

#[test]
fn a_new_foreign_key_or_table_moves_nothing_and_the_table_gets_a_free_place() {
    let mut s = imported("pagila_schema.sql");
    layout::place_unplaced(&mut s);
    let before = geometry(&s);
    let find = |s: &Schema, n: &str| s.tables.iter().find(|t| t.name == n).expect(n).clone();
    let (film, language) = (find(&s, "film"), find(&s, "language"));
    let fk = ForeignKey {
        name: None,
        columns: vec![film.columns[0].id],
        ref_table: language.id,
        ref_columns: vec![language.columns[0].id],
        on_delete: FkAction::NoAction,
        on_update: FkAction::NoAction,
        deferrable: false,
        initially_deferred: false,
        options: None,
    };
    apply(&mut s, Edit::AddForeignKey { table: film.id, foreign_key: fk, position: 0 }).expect("fk");
    layout::place_unplaced(&mut s);
    assert_eq!(boxes_by_id(&geometry(&s)), boxes_by_id(&before), "a new foreign key moves no box");
    // A new table linked to `film` is placed beside it, overlapping nothing.
    let id = TableId(s.fresh_id());
    let col = ColumnId(s.fresh_id());
    let mut t = Table::new(id, Some("public".into()), "film_note");
    t.columns.push(erdsmith::schema::Column::new(col, "film_id", DataType::parse("integer")));
    t.foreign_keys.push(ForeignKey { columns: vec![col], ref_table: film.id, ref_columns: vec![film.columns[0].id], ..fk_template() });
    apply(&mut s, Edit::AddTable { table: t }).expect("add");
    layout::place_unplaced(&mut s);
    let after = geometry(&s);
    let kept: Vec<_> = boxes_by_id(&after).into_iter().filter(|(t, ..)| *t != id).collect();
    assert_eq!(kept, boxes_by_id(&before), "a new table moves no box");
    let new_box = after.box_of(id).expect("placed");
    let film_box = after.box_of(film.id).expect("film");
    for b in after.boxes.iter().filter(|b| b.table != id) {
        assert!(!b.rect().intersects(&new_box.rect()), "the new table overlaps table {}", b.table.0);
    }
    let gap = (new_box.x - film_box.x).abs() + (new_box.y - film_box.y).abs();
    assert!(gap < 1500.0, "the new table is near film: {new_box:?} vs {film_box:?}");
}

fn fk_template() -> ForeignKey {
    ForeignKey {
        name: None,
        columns: Vec::new(),
        ref_table: TableId(0),
        ref_columns: Vec::new(),
        on_delete: FkAction::NoAction,
        on_update: FkAction::NoAction,
        deferrable: false,
        initially_deferred: false,
        options: None,
    }
}

#[test]
fn partitions_are_drawn_inside_their_parent_until_it_is_expanded() {
    let mut s = imported("pagila_schema.sql");
    layout::place_unplaced(&mut s);
    let payment = s.tables.iter().find(|t| t.name == "payment").expect("payment").id;
    let counts = layout::partition_counts(&s);
    let n = counts.get(&payment).copied().unwrap_or(0);
    assert!(n >= 7, "pagila's payment has its partitions: {counts:?}");
    assert!(s.tables.iter().filter(|t| t.parent == Some(payment)).all(|t| t.position.is_none()), "partitions get no place of their own");
    let collapsed = geometry(&s);
    assert_eq!(collapsed.boxes.len(), s.tables.len() - counts.values().sum::<usize>());
    let expanded = layout::geometry_with(&s, &[payment]);
    assert_eq!(expanded.boxes.len(), collapsed.boxes.len() + n);
    check_no_overlap("pagila, payment expanded", &expanded);
    // Expanding moves no other box.
    let others: Vec<_> = boxes_by_id(&expanded).into_iter().filter(|(t, ..)| collapsed.box_of(*t).is_some()).collect();
    assert_eq!(others, boxes_by_id(&collapsed));
}

#[test]
fn zoomed_out_names_stay_readable_on_screen() {
    assert_eq!(layout::lod_label("film_category", 200.0, 1.0), None, "the header shows the name");
    assert_eq!(layout::lod_label("film_category", 200.0, layout::LOD_SCALE), None);
    for scale in [0.5, 0.27, 0.1, 0.05, 0.02] {
        let (text, font) = layout::lod_label("film_category", 200.0, scale).expect("a label");
        assert!((font * scale - layout::MIN_LABEL_PX).abs() < 1e-9, "{font} at {scale} is {} px", font * scale);
        // At most about one and a half box widths wide (monospace, 0.6 em a character), or four
        // characters when even those are wider.
        let width = text.chars().count() as f64 * 0.6 * font;
        assert!(width <= (1.6_f64 * 200.0).max(4.0 * 0.6 * font) + 1e-9, "{text:?} is {width} wide at {scale}");
        assert!(text == "film_category" || text.ends_with('…'), "{text:?}");
    }
    assert_eq!(layout::lod_label("film_category", 200.0, 0.27).map(|l| l.0).as_deref(), Some("film_category"), "fits at pagila's fit zoom");
    assert_eq!(layout::lod_label("a_very_long_table_name_indeed", 300.0, 0.2).map(|l| l.0).as_deref(), Some("a_very_long_t…"));
}

/// The stretches two routes share: collinear, overlapping axis-parallel segments longer than
/// `min` (in world units).
fn shared_stretch(a: &[Point], b: &[Point], min: f64, skip: impl Fn(usize, usize) -> bool) -> Option<(Point, Point)> {
    for (i, s) in a.windows(2).enumerate() {
        for (j, t) in b.windows(2).enumerate() {
            if skip(i, j) {
                continue;
            }
            let (p, q, r, u) = (s[0], s[1], t[0], t[1]);
            // Closer than a pixel apart reads as one line.
            let horizontal = (p.y - q.y).abs() < 1e-6 && (r.y - u.y).abs() < 1e-6 && (p.y - r.y).abs() < 1.0;
            let vertical = (p.x - q.x).abs() < 1e-6 && (r.x - u.x).abs() < 1e-6 && (p.x - r.x).abs() < 1.0;
            let overlap = |a0: f64, a1: f64, b0: f64, b1: f64| a0.max(a1).min(b0.max(b1)) - a0.min(a1).max(b0.min(b1));
            if (horizontal && overlap(p.x, q.x, r.x, u.x) > min) || (vertical && overlap(p.y, q.y, r.y, u.y) > min) {
                return Some((p, q));
            }
        }
    }
    None
}

#[test]
fn foreign_keys_between_different_columns_never_share_a_stretch_of_route() {
    // Two relationships drawn on one path cannot be followed: each pair of foreign keys linking
    // different column pairs must have routes that share no segment (crossings are points),
    // but for the converging ends at one column's row.
    let mut checked = 0;
    let mut shared: Vec<String> = Vec::new();
    let schemas: Vec<(String, Schema)> = ["pagila_schema.sql", "adventureworks_mssql_instawdb.sql", "chinook_postgres.sql", "sakila_mysql.sql"]
        .iter()
        .map(|f| (f.to_string(), erdsmith::import::import(&crate::support::corpus(f), &Default::default()).schema))
        .collect();
    for (name, s) in &schemas {
        let l = geometry(s);
        for (i, a) in l.edges.iter().enumerate() {
            for b in &l.edges[i + 1..] {
                let same_pair = a.from_columns == b.from_columns && a.to_columns == b.to_columns;
                if same_pair {
                    continue;
                }
                checked += 1;
                // Routes into one column converge on its row (a crow's foot each, side by side
                // as far as the row allows): their last segments may meet; likewise the first
                // segments of two keys leaving one column.
                let (la, lb) = (a.points.len() - 2, b.points.len() - 2);
                let same_target = a.to_table == b.to_table && a.to_column == b.to_column;
                let same_source = a.from_table == b.from_table && a.from_column == b.from_column;
                let skip = |i: usize, j: usize| (same_target && i == la && j == lb) || (same_source && i == 0 && j == 0);
                if let Some((p, q)) = shared_stretch(&a.points, &b.points, 1.0, skip) {
                    shared.push(format!("{name}: {:?}.{:?} and {:?}.{:?} share the stretch {p:?}–{q:?}", a.from_table, a.fk_index, b.from_table, b.fk_index));
                }
            }
        }
    }
    assert!(checked > 4_000, "{checked} pairs");
    eprintln!("{checked} pairs, {} sharing:\n{}", shared.len(), shared.join("\n"));
    // With one lane per edge (before), 53 of these 4,462 pairs shared a stretch; with lanes per
    // channel and gap and the ends at one row spread over it, 4 are left, all in
    // AdventureWorks: rows of two facing boxes at one height across a channel, and a route
    // between boxes of two bands whose lane meets a channel lane. This is a gate: no more.
    assert!(shared.len() <= 4, "{} of {checked} pairs share a stretch:\n{}", shared.len(), shared.join("\n"));
}

#[test]
fn each_namespace_is_one_labelled_area_holding_its_tables_and_no_other() {
    // AdventureWorks has several schemas (Person, Sales, Production, …): the auto layout keeps
    // each one's tables together, and its area (drawn with a label and in the legend) holds
    // them and no box of another namespace; areas do not overlap.
    let s = erdsmith::import::import(&crate::support::corpus("adventureworks_mssql_instawdb.sql"), &Default::default()).schema;
    let namespaces: std::collections::BTreeSet<String> = s.tables.iter().map(|t| t.schema.clone().unwrap_or_default().to_lowercase()).collect();
    assert!(namespaces.len() >= 4, "{namespaces:?}");
    let l = geometry(&s);
    assert_eq!(l.areas.len(), namespaces.len());
    assert_eq!(l.areas.iter().map(|a| a.tables).sum::<usize>(), s.tables.len());
    let inside = |r: &Rect, a: &Rect| r.x >= a.x && r.y >= a.y && r.right() <= a.right() && r.bottom() <= a.bottom();
    for (t, b) in s.tables.iter().zip(&l.boxes) {
        let ns = t.schema.clone().unwrap_or_default().to_lowercase();
        for a in &l.areas {
            if a.namespace.to_lowercase() == ns {
                assert!(inside(&b.rect(), &a.rect), "{} is outside its area {:?}", t.qualified_name(), a.rect);
            } else {
                assert!(!b.rect().intersects(&a.rect), "{} lies in the area of {}", t.qualified_name(), a.namespace);
            }
        }
    }
    for (i, a) in l.areas.iter().enumerate() {
        for b in &l.areas[i + 1..] {
            assert!(!a.rect.intersects(&b.rect), "areas {} and {} overlap", a.namespace, b.namespace);
        }
    }
    // One namespace (pagila: public only): no areas.
    let pagila = erdsmith::import::import(&crate::support::corpus("pagila_schema.sql"), &Default::default()).schema;
    assert!(geometry(&pagila).areas.is_empty());
}

#[test]
fn each_dbml_table_group_is_one_area_holding_its_tables_and_no_other() {
    // A DBML `TableGroup` is drawn as an area like a namespace: its tables laid out together
    // inside it, no other box in it, no two areas overlapping; the rest in their namespaces'.
    let dir = crate::support::corpus_dir().join("dbml");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        let s = erdsmith::import::import(&text, &Default::default()).schema;
        if s.groups.is_empty() {
            continue;
        }
        let l = geometry(&s);
        let area_of = |id| {
            s.groups.iter().find(|g| g.tables.contains(&id)).map(|g| g.name.clone()).unwrap_or_else(|| s.table(id).and_then(|t| t.schema.clone()).unwrap_or_default())
        };
        let expected: std::collections::BTreeSet<String> = s.tables.iter().map(|t| area_of(t.id).to_lowercase()).collect();
        assert_eq!(l.areas.len(), if expected.len() > 1 { expected.len() } else { 0 }, "{:?}", entry.path());
        let inside = |r: &Rect, a: &Rect| r.x >= a.x && r.y >= a.y && r.right() <= a.right() && r.bottom() <= a.bottom();
        for (t, b) in s.tables.iter().zip(&l.boxes) {
            let mine = area_of(t.id).to_lowercase();
            for a in &l.areas {
                if a.namespace.to_lowercase() == mine {
                    assert!(inside(&b.rect(), &a.rect), "{} is outside its area {}", t.name, a.namespace);
                } else {
                    assert!(!b.rect().intersects(&a.rect), "{} lies in the area of {}", t.name, a.namespace);
                }
            }
        }
        for (i, a) in l.areas.iter().enumerate() {
            for b in &l.areas[i + 1..] {
                assert!(!a.rect.intersects(&b.rect), "areas {} and {} overlap", a.namespace, b.namespace);
            }
        }
        checked += s.groups.len();
    }
    assert!(checked >= 1, "no DBML file of the corpus has a TableGroup");
}
