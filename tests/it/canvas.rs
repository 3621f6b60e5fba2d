//! The canvas gestures' core: a selection of tables, views and notes, what a rubber band catches,
//! moving and deleting a selection as one undo step, search over tables and views, positions
//! carried across a re-import; and the gesture state machine the page's handlers carry out.

use erdsmith::canvas::{self, Item, Selection};
use erdsmith::import::{ImportOptions, import};
use erdsmith::layout::{self, Rect, geometry};
use erdsmith::schema::{Dialect, Note, NoteId, Point, Schema};
use erdsmith::sync::{Document, History};

const DDL: &str = "CREATE TABLE a (id int PRIMARY KEY, name text);
CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id));
CREATE TABLE far (id int PRIMARY KEY);
CREATE VIEW a_names AS SELECT id, name FROM a;
CREATE VIEW shop.far_view AS SELECT id FROM far;
";

fn schema() -> Schema {
    let r = import(DDL, &ImportOptions { dialect: Some(Dialect::Postgres), ..Default::default() });
    let mut s = r.schema;
    assert_eq!((s.tables.len(), s.views.len()), (3, 2), "{:?}", r.diagnostics);
    // Place things so a band can take some and leave others: a, b, a_names and one note near
    // the origin; far, far_view and another note far away.
    let ids: Vec<_> = s.tables.iter().map(|t| t.id).collect();
    for (id, p) in ids.iter().zip([(0.0, 0.0), (0.0, 300.0), (5000.0, 5000.0)]) {
        if let Some(t) = s.tables.iter_mut().find(|t| t.id == *id) {
            t.position = Some(Point { x: p.0, y: p.1 });
        }
    }
    s.views[0].position = Some(Point { x: 400.0, y: 0.0 });
    s.views[1].position = Some(Point { x: 5400.0, y: 5000.0 });
    let (n1, n2) = (NoteId(s.fresh_id()), NoteId(s.fresh_id()));
    s.notes.push(Note { id: n1, text: "near".into(), position: Point { x: 400.0, y: 300.0 } });
    s.notes.push(Note { id: n2, text: "far".into(), position: Point { x: 5400.0, y: 5400.0 } });
    s
}

fn id_of(s: &Schema, name: &str) -> Item {
    canvas::search(s, name).unwrap_or_else(|| panic!("{name} not found"))
}

fn near_band(s: &Schema) -> Selection {
    let l = geometry(s);
    Selection::in_rect(&l, &s.notes, Rect { x: -10.0, y: -10.0, width: 800.0, height: 600.0 })
}

#[test]
fn a_band_selects_the_tables_views_and_notes_it_touches_and_nothing_else() {
    let s = schema();
    let sel = near_band(&s);
    let Item::Table(a) = id_of(&s, "a") else { panic!("a is a table") };
    let Item::Table(b) = id_of(&s, "b") else { panic!("b is a table") };
    let Item::View(v) = id_of(&s, "a_names") else { panic!("a_names is a view") };
    assert_eq!(sel.tables, vec![a, b]);
    assert_eq!(sel.views, vec![v]);
    assert_eq!(sel.notes, vec![s.notes[0].id]);
    assert_eq!(sel.len(), 4);
    assert_eq!(sel.single_table(), None, "the inspector edits one table, not a mixed selection");
    // A band of zero size on a note's corner still takes it (touching counts).
    let l = geometry(&s);
    let corner = layout::note_rect(&s.notes[1]);
    let touch = Selection::in_rect(&l, &s.notes, Rect { x: corner.right(), y: corner.bottom(), width: 0.0, height: 0.0 });
    assert_eq!((touch.tables.len(), touch.views.len(), touch.notes.clone()), (0, 0, vec![s.notes[1].id]));
}

#[test]
fn selection_toggles_extends_without_duplicates_and_forgets_what_is_gone() {
    let s = schema();
    let a = id_of(&s, "a");
    let v = id_of(&s, "a_names");
    let n = Item::Note(s.notes[0].id);
    let mut sel = Selection::only(a);
    assert_eq!(sel.single_table(), match a { Item::Table(t) => Some(t), _ => None });
    sel.toggle(v);
    sel.toggle(n);
    assert!(sel.contains(a) && sel.contains(v) && sel.contains(n));
    sel.toggle(a);
    assert!(!sel.contains(a), "a second shift-click deselects");
    sel.extend(&near_band(&s));
    assert_eq!(sel.len(), 4, "extending with what is already selected adds no duplicates");
    let mut gone = Schema::new(Dialect::Postgres);
    gone.notes.push(s.notes[0].clone());
    sel.retain_in(&gone);
    assert_eq!(sel, Selection { notes: vec![s.notes[0].id], ..Selection::default() });
}

#[test]
fn moving_a_mixed_selection_moves_every_item_and_undoes_in_one_step() {
    let mut s = schema();
    let original = s.clone();
    let sel = near_band(&s);
    let l = geometry(&s);
    let edit = canvas::move_edit(&s, &l, &sel, 30.4, -20.6, true).expect("something moves");
    // Through the app's history: the text, this model and one undo history.
    let (mut text, mut h) = (DDL.to_string(), History::new());
    Document { text: &mut text, schema: &mut s, history: &mut h }.edit(edit).expect("the move applies");
    assert_eq!(h.undo_len(), 1, "one gesture, one undo step");
    assert_eq!(text, DDL, "a move does not touch the text");
    let moved = geometry(&s);
    for t in &sel.tables {
        let (was, now) = (l.box_of(*t).expect("box"), moved.box_of(*t).expect("box"));
        assert_eq!((now.x, now.y), ((was.x + 30.4).round(), (was.y - 20.6).round()));
    }
    let view_at = |l: &layout::Layout, id| l.views.iter().find(|b| b.view == id).map(|b| (b.x, b.y));
    assert_eq!(view_at(&moved, sel.views[0]), Some((430.0, -21.0)));
    assert_eq!(s.notes[0].position, Point { x: 430.0, y: 279.0 });
    assert_eq!(s.notes[1].position, original.notes[1].position, "the unselected note stays");
    assert_eq!(s.views[1].position, original.views[1].position, "the unselected view stays");
    Document { text: &mut text, schema: &mut s, history: &mut h }.undo().expect("undo");
    assert_eq!(s, original, "one undo puts everything back");
    // Unrounded (a keyboard nudge) and a single kind: a plain MoveViews.
    let only_view = Selection { views: sel.views.clone(), ..Selection::default() };
    let e = canvas::move_edit(&s, &l, &only_view, 10.0, 0.0, false);
    assert!(matches!(e, Some(erdsmith::edit::Edit::MoveViews { .. })), "{e:?}");
    assert_eq!(canvas::move_edit(&s, &l, &Selection::default(), 10.0, 0.0, false), None);
}

#[test]
fn deleting_a_mixed_selection_removes_views_tables_and_notes_and_undoes_in_one_step() {
    let mut s = schema();
    let original = s.clone();
    let sel = near_band(&s);
    let edit = canvas::delete_edit(&s, &sel).expect("something to delete");
    let (mut text, mut h) = (DDL.to_string(), History::new());
    Document { text: &mut text, schema: &mut s, history: &mut h }.edit(edit).expect("the delete applies");
    assert_eq!(h.undo_len(), 1);
    assert!(!text.contains("CREATE TABLE a ") && !text.contains("a_names"), "the text says the delete:\n{text}");
    let names: Vec<_> = s.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["far"]);
    assert_eq!(s.notes.iter().map(|n| n.text.as_str()).collect::<Vec<_>>(), ["far"]);
    assert_eq!(s.views.len(), 2 - sel.views.len(), "the selected views go too");
    Document { text: &mut text, schema: &mut s, history: &mut h }.undo().expect("undo");
    assert_eq!(s, original, "one undo restores tables, notes and the foreign key");
    assert_eq!(text, DDL, "and the text as it was");
    let only_view = Selection { views: sel.views.clone(), ..Selection::default() };
    let views: Vec<_> = sel.views.iter().map(|v| erdsmith::edit::Edit::DeleteView { view: *v }).collect();
    let expected = if views.len() == 1 { views[0].clone() } else { erdsmith::edit::Edit::Batch(views) };
    assert_eq!(canvas::delete_edit(&s, &only_view), Some(expected), "a selection of views deletes them");
    assert_eq!(canvas::delete_edit(&s, &Selection::default()), None);
}

#[test]
fn search_finds_views_as_well_as_tables() {
    let s = schema();
    assert!(matches!(canvas::search(&s, "a_names"), Some(Item::View(_))));
    assert!(matches!(canvas::search(&s, " A_NAMES "), Some(Item::View(_))), "trimmed, case-insensitive");
    assert!(matches!(canvas::search(&s, "shop.far_view"), Some(Item::View(_))), "schema-qualified");
    assert!(matches!(canvas::search(&s, "far_view"), Some(Item::View(_))), "by its name alone");
    assert!(matches!(canvas::search(&s, "_nam"), Some(Item::View(_))), "a part of the name");
    // An exact table name wins over a view containing it; an exact view name over a table
    // containing it.
    let Some(Item::Table(t)) = canvas::search(&s, "far") else { panic!("far is a table") };
    assert_eq!(s.table(t).map(|t| t.name.as_str()), Some("far"));
    let Some(Item::Table(t)) = canvas::search(&s, "a") else { panic!("a is a table") };
    assert_eq!(s.table(t).map(|t| t.name.as_str()), Some("a"));
    assert_eq!(canvas::search(&s, "   "), None);
    assert_eq!(canvas::search(&s, "nothing_like_it"), None);
}

#[test]
fn reimport_keeps_table_and_view_positions_by_name_and_the_notes() {
    let old = schema();
    let mut new = import(DDL, &ImportOptions { dialect: Some(Dialect::Postgres), ..Default::default() }).schema;
    canvas::keep_positions(&old, &mut new);
    for t in &new.tables {
        let was = old.tables.iter().find(|o| o.name == t.name).and_then(|o| o.position);
        assert_eq!(t.position, was, "table {}", t.name);
        assert!(t.position.is_some());
    }
    for v in &new.views {
        let was = old.views.iter().find(|o| o.name == v.name).and_then(|o| o.position);
        assert_eq!(v.position, was, "view {}", v.name);
        assert!(v.position.is_some());
    }
    assert_eq!(new.notes.iter().map(|n| &n.text).collect::<Vec<_>>(), old.notes.iter().map(|n| &n.text).collect::<Vec<_>>());
    assert!(new.validate().is_ok(), "carried notes get fresh ids: {:?}", new.validate());
}

// The gesture state machine (`canvas::Gesture`, `key_command`, `wheel_zoom`, `render_rect`,
// `visible_tables`): what the page's pointer, wheel and key handlers carry out.

use canvas::{Gesture, KeyCommand, Moved, Released, key_command};
use erdsmith::layout::Viewport;

fn table_item(s: &Schema, name: &str) -> (erdsmith::schema::TableId, Item) {
    match id_of(s, name) {
        Item::Table(t) => (t, Item::Table(t)),
        other => panic!("{name} is {other:?}"),
    }
}

#[test]
fn a_background_press_pans_and_a_shift_press_draws_a_band_that_selects_what_it_touches() {
    let s = schema();
    let l = geometry(&s);
    let view = Viewport { zoom: 2.0, pan: Point { x: 10.0, y: 20.0 } };
    let pan = Gesture::on_background((100.0, 100.0), Point { x: 0.0, y: 0.0 }, false, view);
    assert_eq!(pan.moved((130.0, 90.0), Point { x: 0.0, y: 0.0 }, 2.0), Moved::Pan(view.panned(30.0, -10.0)));
    assert_eq!(pan.released(None, None, &s, &l), Released::Nothing);

    let band = Gesture::on_background((0.0, 0.0), Point { x: -50.0, y: -50.0 }, true, view);
    let Moved::Gesture(band) = band.moved((9.0, 9.0), Point { x: 600.0, y: 450.0 }, 2.0) else { panic!("a band follows the pointer") };
    assert_eq!(band, Gesture::Band { from: Point { x: -50.0, y: -50.0 }, to: Point { x: 600.0, y: 450.0 } });
    let Released::Select(hit) = band.released(None, None, &s, &l) else { panic!("a band selects") };
    // The band's catch is what a brute-force test of every box against its rectangle gives.
    let r = canvas::rect_between(Point { x: -50.0, y: -50.0 }, Point { x: 600.0, y: 450.0 });
    let want: Vec<_> = l.boxes.iter().filter(|b| b.rect().intersects(&r)).map(|b| b.table).collect();
    assert_eq!(hit.tables, want);
    assert!(!hit.tables.is_empty() && hit.tables.len() < s.tables.len(), "{hit:?}");
    assert_eq!(hit, near_band(&s), "the same as the band the selection tests draw");
}

#[test]
fn pressing_an_item_selects_it_and_dragging_moves_the_selection_as_one_edit() {
    let s = schema();
    let l = geometry(&s);
    let (a, item_a) = table_item(&s, "a");
    let (_, item_b) = table_item(&s, "b");
    // A plain press on an unselected item selects only it and moves it.
    let (sel, g) = Gesture::on_item(item_a, (0.0, 0.0), false, &Selection::only(item_b));
    assert_eq!(sel, Selection::only(item_a));
    let g = g.expect("a move starts");
    // Shift adds to the selection; shift on a selected item takes it out, and nothing moves.
    let (both, g2) = Gesture::on_item(item_b, (0.0, 0.0), true, &sel);
    assert!(both.contains(item_a) && both.contains(item_b) && g2.is_some());
    let (only_a, none) = Gesture::on_item(item_b, (0.0, 0.0), true, &both);
    assert_eq!((only_a, none), (Selection::only(item_a), None));

    // Screen pixels become diagram units at the zoom.
    let Moved::Drag(d) = g.moved((50.0, -30.0), Point { x: 0.0, y: 0.0 }, 2.0) else { panic!("a move drags") };
    assert_eq!((d.dx, d.dy), (25.0, -15.0));
    let Released::Edit(e) = g.clone().released(Some(&d), None, &s, &l) else { panic!("a drop edits") };
    assert_eq!(Some(*e.clone()), canvas::move_edit(&s, &l, &d.items, 25.0, -15.0, true));
    let mut moved = s.clone();
    erdsmith::edit::apply(&mut moved, *e).expect("the move applies");
    let before = l.box_of(a).map(|b| (b.x, b.y)).expect("box");
    let after = geometry(&moved).box_of(a).map(|b| (b.x, b.y)).expect("box");
    assert_eq!((after.0 - before.0, after.1 - before.1), (25.0, -15.0));
    // Less than a unit is a click, not a move.
    let tiny = canvas::Drag { items: d.items.clone(), dx: 0.4, dy: 0.3 };
    assert_eq!(g.released(Some(&tiny), None, &s, &l), Released::Nothing);
}

#[test]
fn a_link_dropped_on_another_column_adds_a_foreign_key_and_nothing_else_does() {
    let s = schema();
    let l = geometry(&s);
    let (b, _) = table_item(&s, "b");
    let (far, _) = table_item(&s, "far");
    let a_id = s.table(b).and_then(|t| t.column_by_name("a_id")).map(|c| c.id).expect("b.a_id");
    let far_id = s.table(far).and_then(|t| t.column_by_name("id")).map(|c| c.id).expect("far.id");
    let start = Point { x: 1.0, y: 2.0 };
    let link = Gesture::Link { table: b, column: a_id, from: start, to: start };
    let Moved::Gesture(moved) = link.moved((0.0, 0.0), Point { x: 70.0, y: 80.0 }, 1.0) else { panic!("a link follows the pointer") };
    assert_eq!(moved, Gesture::Link { table: b, column: a_id, from: start, to: Point { x: 70.0, y: 80.0 } });
    assert_eq!(moved.clone().released(None, None, &s, &l), Released::Nothing, "dropped on nothing");
    assert_eq!(moved.clone().released(None, Some((b, a_id)), &s, &l), Released::Nothing, "dropped on itself");
    let Released::Edit(e) = moved.released(None, Some((far, far_id)), &s, &l) else { panic!("a foreign key") };
    let mut linked = s.clone();
    erdsmith::edit::apply(&mut linked, *e).expect("the foreign key applies");
    let fks = linked.table(b).map(|t| t.foreign_keys.clone()).unwrap_or_default();
    assert_eq!(fks.len(), s.table(b).map_or(0, |t| t.foreign_keys.len()) + 1);
    assert!(fks.last().is_some_and(|fk| fk.ref_table == far && fk.columns == [a_id] && fk.ref_columns == [far_id]));
}

#[test]
fn keys_are_commands_and_arrows_nudge_only_a_selection() {
    let k = |key: &str, ctrl: bool, shift: bool, sel: bool| key_command(key, ctrl, shift, sel);
    assert_eq!(k("z", true, false, false), Some(KeyCommand::Undo));
    assert_eq!(k("Z", true, true, false), Some(KeyCommand::Redo));
    assert_eq!(k("y", true, false, false), Some(KeyCommand::Redo));
    assert_eq!(k("z", false, false, false), None, "a plain z is typing elsewhere, not undo");
    assert_eq!(k("Delete", false, false, true), Some(KeyCommand::DeleteSelection));
    assert_eq!(k("Backspace", false, false, false), Some(KeyCommand::DeleteSelection));
    assert_eq!(k("Escape", false, false, false), Some(KeyCommand::Escape));
    assert_eq!(k("/", false, false, false), Some(KeyCommand::FocusSearch));
    assert_eq!(k("ArrowLeft", false, false, true), Some(KeyCommand::Nudge(-10.0, 0.0)));
    assert_eq!(k("ArrowDown", false, true, true), Some(KeyCommand::Nudge(0.0, 50.0)));
    assert_eq!(k("ArrowUp", false, false, false), None, "nothing to nudge: the page scrolls");
    assert_eq!(k("a", false, false, true), None);
}

#[test]
fn the_wheel_zooms_about_the_pointer() {
    let mut rng = erdsmith::rng::Rng::new(5);
    for _ in 0..200 {
        let v = Viewport { zoom: 0.2 + rng.below(300) as f64 / 100.0, pan: Point { x: rng.below(2000) as f64 - 1000.0, y: rng.below(2000) as f64 - 1000.0 } };
        let at = (rng.below(1600) as f64, rng.below(1000) as f64);
        let delta = rng.below(400) as f64 - 200.0;
        let z = canvas::wheel_zoom(v, delta, at);
        // The diagram point under the pointer stays under it (unless the zoom hit its bounds).
        let (p, q) = (v.to_world(at.0, at.1), z.to_world(at.0, at.1));
        if z.zoom > Viewport::MIN_ZOOM && z.zoom < Viewport::MAX_ZOOM {
            assert!((p.x - q.x).abs() < 1e-6 && (p.y - q.y).abs() < 1e-6, "{v:?} {delta} {at:?}");
        }
        assert!(if delta < 0.0 { z.zoom >= v.zoom } else { z.zoom <= v.zoom }, "scrolling up zooms in, down out");
    }
}

#[test]
fn the_rendered_rectangle_holds_the_view_and_moves_only_across_grid_lines() {
    let mut rng = erdsmith::rng::Rng::new(9);
    let size = (1200.0, 800.0);
    let mut same = 0;
    for _ in 0..300 {
        let v = Viewport { zoom: 0.1 + rng.below(200) as f64 / 100.0, pan: Point { x: rng.below(4000) as f64 - 2000.0, y: rng.below(4000) as f64 - 2000.0 } };
        let r = canvas::render_rect(v, size);
        let vis = v.visible(size);
        assert!(r.x <= vis.x && r.y <= vis.y && r.right() >= vis.right() && r.bottom() >= vis.bottom(), "{r:?} ⊉ {vis:?}");
        // A one-pixel pan mostly renders the same set.
        if canvas::render_rect(v.panned(1.0, 0.0), size) == r {
            same += 1;
        }
    }
    assert!(same > 250, "only {same} of 300 one-pixel pans kept the rendered rectangle");
}

#[test]
fn visible_tables_are_those_a_brute_force_finds_in_the_rectangle() {
    let s = erdsmith::layout::synthetic::schema(200, 3);
    let l = geometry(&s);
    let mut rng = erdsmith::rng::Rng::new(3);
    for _ in 0..50 {
        let r = Rect { x: rng.below(4000) as f64, y: rng.below(4000) as f64, width: 100.0 + rng.below(2000) as f64, height: 100.0 + rng.below(1500) as f64 };
        let shown: Vec<_> = s.tables.iter().filter(|_| rng.chance(0.5)).map(|t| t.id).collect();
        let dragged: Vec<_> = s.tables.iter().take(2).map(|t| t.id).collect();
        let got = canvas::visible_tables(&l, r, Some(&shown), &dragged, usize::MAX);
        let want: Vec<_> = l.boxes.iter().filter(|b| shown.contains(&b.table) && (b.rect().intersects(&r) || dragged.contains(&b.table))).map(|b| b.table).collect();
        assert_eq!(got, want);
        // A row budget: the longest run of those boxes, in layout order, whose rows fit it (the
        // first box always).
        let meeting: Vec<_> = l.boxes.iter().filter(|b| b.rect().intersects(&r)).collect();
        for budget in [0, 1, 7, 30, 120] {
            let got = canvas::visible_tables(&l, r, None, &[], budget);
            let mut want = Vec::new();
            let mut rows = 0;
            for b in &meeting {
                rows += canvas::box_rows(b);
                if !want.is_empty() && rows > budget {
                    break;
                }
                want.push(b.table);
            }
            assert_eq!(got, want, "budget {budget}");
            assert!(want.len() <= 1 || want.iter().map(|id| canvas::box_rows(l.boxes.iter().find(|b| b.table == *id).unwrap())).sum::<usize>() <= budget);
        }
    }
}

#[test]
fn edges_drawn_are_exactly_the_routes_that_meet_the_rectangle() {
    let s = erdsmith::layout::synthetic::schema(200, 3);
    let l = geometry(&s);
    for view in [
        Rect { x: 0.0, y: 0.0, width: 800.0, height: 600.0 },
        Rect { x: l.width / 2.0, y: l.height / 3.0, width: 1200.0, height: 900.0 },
        Rect { x: -5000.0, y: -5000.0, width: 10.0, height: 10.0 },
    ] {
        let drawn: Vec<_> = canvas::edge_views(&s, &l, None, view, None, canvas::EdgeSet::Still(&[])).into_iter().map(|e| (e.from_table, e.fk_index)).collect();
        let want: Vec<_> = l.edges.iter().filter(|e| e.bounds().intersects(&view)).map(|e| (e.from_table, e.fk_index)).collect();
        assert!(l.edges.iter().all(|e| e.points.len() >= 2), "every foreign key is routed");
        let (mut drawn_sorted, mut want_sorted) = (drawn.clone(), want.clone());
        drawn_sorted.sort();
        want_sorted.sort();
        assert_eq!(drawn_sorted, want_sorted, "edges in {view:?}");
        assert!(drawn.len() < l.edges.len(), "a view shows a part of a big diagram");
    }
}
