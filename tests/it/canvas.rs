//! The canvas gestures' core: a selection of tables, views and notes, what a rubber band catches,
//! moving and deleting a selection as one undo step, search over tables and views, positions
//! carried across a re-import.

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
