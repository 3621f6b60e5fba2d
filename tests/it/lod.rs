//! The zoomed-out picture's core (`canvas::lod`): it draws exactly what a brute force finds in
//! view, shifted while dragged, with names readable on screen; and a pointer is on the box a
//! brute force over the drawing order finds topmost.

use erdsmith::canvas::lod::{self, Head, SceneState};
use erdsmith::canvas::{Drag, Item, Selection};
use erdsmith::import::{ImportOptions, import};
use erdsmith::layout::{MIN_LABEL_PX, Rect, Viewport, geometry, place_unplaced};
use erdsmith::schema::{Dialect, Point, Schema, TableId};
use std::collections::HashMap;

/// A big generated schema with views, laid out.
fn big() -> Schema {
    let mut s = erdsmith::layout::synthetic::schema(400, 7);
    let names: Vec<String> = s.tables.iter().take(40).map(|t| t.name.clone()).collect();
    let views: String = names.iter().enumerate().map(|(i, n)| format!("CREATE VIEW v{i} AS SELECT * FROM {n};\n")).collect();
    let tables = erdsmith::export::sql::render(&s, Dialect::Postgres).text;
    let r = import(&format!("{tables}\n{views}"), &ImportOptions { dialect: Some(Dialect::Postgres), ..Default::default() });
    s = r.schema;
    assert_eq!((s.tables.len(), s.views.len()), (400, 40), "{:?}", r.diagnostics.iter().take(3).collect::<Vec<_>>());
    place_unplaced(&mut s);
    s
}

fn random_view(rng: &mut erdsmith::rng::Rng, l: &erdsmith::layout::Layout) -> Viewport {
    let zoom = 0.02 + rng.below(43) as f64 / 100.0;
    let at = Point { x: rng.below(l.width.max(1.0) as usize) as f64, y: rng.below(l.height.max(1.0) as usize) as f64 };
    Viewport { zoom, pan: Point::default() }.centered_on(at, (1200.0, 800.0))
}

/// Focus mode's set of shown tables every third round (a random half of them), else none.
fn random_shown(rng: &mut erdsmith::rng::Rng, s: &Schema, round: usize) -> Option<Vec<TableId>> {
    round.is_multiple_of(3).then(|| s.tables.iter().filter(|_| rng.chance(0.5)).map(|t| t.id).collect())
}

#[test]
fn lod_scene_draws_exactly_the_boxes_and_routes_in_view() {
    let s = big();
    let l = geometry(&s);
    let mut rng = erdsmith::rng::Rng::new(17);
    let mut drawn_some = 0;
    for round in 0..120 {
        let v = random_view(&mut rng, &l);
        let visible = v.visible((1200.0, 800.0));
        let shown = random_shown(&mut rng, &s, round);
        let is_shown = |t: &TableId| shown.as_ref().is_none_or(|sh| sh.contains(t));
        let selection = Selection::only(Item::Table(s.tables[round % 400].id));
        let state = SceneState { visible, zoom: v.zoom, drag: None, shown: shown.as_deref(), selection: &selection, marks: None, hot: &[] };
        let scene = lod::scene(&s, &l, &state);

        let mut got: Vec<Item> = scene.boxes.iter().map(|b| b.item).collect();
        let mut want: Vec<Item> = l.boxes.iter().filter(|b| is_shown(&b.table) && b.rect().intersects(&visible)).map(|b| Item::Table(b.table)).collect();
        want.extend(
            l.views
                .iter()
                .filter(|b| b.rect().intersects(&visible))
                .filter(|b| s.view(b.view).is_some_and(|x| shown.is_none() || x.reads.iter().any(&is_shown)))
                .map(|b| Item::View(b.view)),
        );
        got.sort_by_key(|i| format!("{i:?}"));
        want.sort_by_key(|i| format!("{i:?}"));
        assert_eq!(got, want, "boxes at {v:?}");
        drawn_some += usize::from(!got.is_empty());

        let mut edges: Vec<_> = scene.edges.iter().map(|e| (e.from_table, e.fk_index)).collect();
        let mut want_edges: Vec<_> = l
            .edges
            .iter()
            .filter(|e| is_shown(&e.from_table) && s.table(e.from_table).and_then(|t| t.foreign_keys.get(e.fk_index)).is_some_and(|fk| is_shown(&fk.ref_table)))
            .filter(|e| e.bounds().intersects(&visible))
            .map(|e| (e.from_table, e.fk_index))
            .collect();
        edges.sort();
        want_edges.sort();
        assert_eq!(edges, want_edges, "edges at {v:?}");

        for b in &scene.boxes {
            // Names are readable on screen from 5 % up, and absent below.
            match &b.label {
                Some((_, font)) => assert!(v.zoom >= lod::NAMES_MIN_ZOOM && font * v.zoom >= MIN_LABEL_PX - 1e-9, "{b:?} at {}", v.zoom),
                None => assert!(v.zoom < lod::NAMES_MIN_ZOOM, "{b:?} has no name at {}", v.zoom),
            }
            assert_eq!(b.selected, selection.contains(b.item));
            let table = matches!(b.item, Item::Table(_));
            assert_eq!(table, matches!(b.head, Head::Hue(_)), "{b:?}");
        }
    }
    assert!(drawn_some > 60, "most random views show something ({drawn_some} of 120)");
}

#[test]
fn lod_scene_shifts_what_is_dragged_and_its_edges() {
    let s = big();
    let l = geometry(&s);
    let t = s.tables.iter().find(|t| !t.foreign_keys.is_empty()).map(|t| t.id).unwrap();
    let b = l.box_of(t).unwrap().clone();
    // Dragged right of everything, so nothing else is there.
    let dx = l.width + 1000.0;
    let drag = Drag { items: Selection::only(Item::Table(t)), dx, dy: 40.0 };
    let sel = Selection::default();
    // A view of where the box is dragged to: the box is drawn there, moved, with its edges.
    let visible = Rect { x: b.x + dx - 10.0, y: b.y + 30.0, width: b.width + 20.0, height: b.height + 20.0 };
    let state = SceneState { visible, zoom: 0.2, drag: Some(&drag), shown: None, selection: &sel, marks: None, hot: &[] };
    let scene = lod::scene(&s, &l, &state);
    let drawn = scene.boxes.iter().find(|x| x.item == Item::Table(t)).expect("the dragged box is drawn where it is dragged");
    assert_eq!((drawn.rect.x, drawn.rect.y), (b.x + dx, b.y + 40.0));
    assert!(scene.edges.iter().any(|e| e.from_table == t), "its foreign keys follow it");
    // The hit test follows the drag too: the old place is no longer the box, the new one is.
    let new_centre = Point { x: b.x + dx + b.width / 2.0, y: b.y + 40.0 + b.height / 2.0 };
    assert_eq!(lod::hit(&s, &l, Some(&drag), None, new_centre), Some(Item::Table(t)));
    assert_ne!(lod::hit(&s, &l, Some(&drag), None, Point { x: b.x + b.width / 2.0, y: b.y + b.height / 2.0 }), Some(Item::Table(t)));
}

#[test]
fn lod_finding_dots_are_the_corners_of_the_tables_with_findings_that_reach_into_view() {
    let s = big();
    let l = geometry(&s);
    let mut rng = erdsmith::rng::Rng::new(29);
    let mut seen = 0;
    for round in 0..120 {
        let v = random_view(&mut rng, &l);
        let visible = v.visible((1200.0, 800.0));
        let radius = 9.0f64.max(2.5 / v.zoom);
        // Findings on a random part of the tables, some of them counted 0 (none).
        let findings: HashMap<TableId, usize> = s.tables.iter().filter(|_| rng.chance(0.3)).map(|t| t.id).collect::<Vec<_>>().into_iter().map(|t| (t, rng.below(3))).collect();
        let shown = random_shown(&mut rng, &s, round);
        let dragged = s.tables[round % 400].id;
        let drag = (round % 4 == 1).then(|| Drag { items: Selection::only(Item::Table(dragged)), dx: 300.0, dy: -120.0 });
        let got = lod::finding_dots(&s, &l, (drag.as_ref(), shown.as_deref()), visible, radius, &findings);
        // Brute force: every table's corner, shifted when dragged, kept when its disc meets the view.
        let want: Vec<Point> = l
            .boxes
            .iter()
            .filter(|b| findings.get(&b.table).copied().unwrap_or(0) > 0)
            .filter(|b| shown.as_ref().is_none_or(|sh| sh.contains(&b.table)))
            .map(|b| {
                let moved = drag.is_some() && b.table == dragged;
                let (dx, dy) = if moved { (300.0, -120.0) } else { (0.0, 0.0) };
                Point { x: b.x + dx + b.width - 4.0, y: b.y + dy }
            })
            .filter(|p| p.x + radius >= visible.x && p.x - radius <= visible.right() && p.y + radius >= visible.y && p.y - radius <= visible.bottom())
            .collect();
        assert_eq!(got, want, "dots at {v:?}");
        seen += got.len();
    }
    assert!(seen > 100, "random views show dots ({seen})");
    let none = HashMap::from([(s.tables[0].id, 0usize)]);
    assert!(lod::finding_dots(&s, &l, (None, None), l.bounds(), 9.0, &none).is_empty(), "a count of 0 draws no dot");
}

#[test]
fn lod_hit_is_the_topmost_box_a_brute_force_finds() {
    let mut s = big();
    // Overlaps on purpose: a view over tables, tables over each other.
    let first = s.tables[0].position.unwrap();
    s.tables[1].position = Some(Point { x: first.x + 20.0, y: first.y + 10.0 });
    s.views[0].position = Some(Point { x: first.x + 40.0, y: first.y + 20.0 });
    let l = geometry(&s);
    let mut rng = erdsmith::rng::Rng::new(5);
    let mut hits = 0;
    for i in 0..3000 {
        let p = if i % 3 == 0 {
            Point { x: first.x + rng.below(300) as f64, y: first.y + rng.below(200) as f64 }
        } else {
            Point { x: rng.below(l.width as usize + 1) as f64, y: rng.below(l.height as usize + 1) as f64 }
        };
        let inside = |r: Rect| p.x >= r.x && p.x <= r.right() && p.y >= r.y && p.y <= r.bottom();
        // Drawn order: tables, then views; the last drawn that contains the point is on top.
        let mut want = None;
        for b in &l.boxes {
            if inside(b.rect()) {
                want = Some(Item::Table(b.table));
            }
        }
        for b in &l.views {
            if inside(b.rect()) {
                want = Some(Item::View(b.view));
            }
        }
        let got = lod::hit(&s, &l, None, None, p);
        assert_eq!(got, want, "at {p:?}");
        hits += usize::from(got.is_some());
    }
    assert!(hits > 300, "the points meet boxes often enough to test ({hits})");
}

#[test]
fn only_a_big_diagram_zoomed_out_is_a_picture() {
    let few_rows = lod::LOD_MIN_ROWS;
    assert!(lod::is_picture(lod::LOD_MIN_TABLES + 1, 0, lod::DETAIL_MIN_SCALE - 0.01));
    assert!(!lod::is_picture(lod::LOD_MIN_TABLES + 1, few_rows, lod::DETAIL_MIN_SCALE));
    assert!(!lod::is_picture(lod::LOD_MIN_TABLES, few_rows, 0.05));
    // Few tables, many rows (Lago: 139 tables, 1,691 columns) is big too.
    assert!(lod::is_picture(lod::LOD_MIN_TABLES, few_rows + 1, lod::DETAIL_MIN_SCALE - 0.01));
    assert!(!lod::is_picture(lod::LOD_MIN_TABLES, few_rows + 1, lod::DETAIL_MIN_SCALE));
}

#[test]
fn the_picture_weighs_tables_and_their_rows() {
    let text = crate::support::corpus("lago_structure.sql");
    let s = erdsmith::import::import(&text, &Default::default()).schema;
    let (tables, rows) = lod::size_of(&s);
    assert_eq!(tables, s.tables.len());
    assert_eq!(rows, s.tables.iter().map(|t| t.columns.len()).sum::<usize>());
    assert!(tables <= lod::LOD_MIN_TABLES && rows > lod::LOD_MIN_ROWS, "Lago ({tables} tables, {rows} rows) is big by its rows");
}
