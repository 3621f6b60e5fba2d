//! The whole-diagram SVG export: a well-formed document (parsed with a strict XML parser) that
//! holds every table and column name as text, escaped, whatever the names contain.

use erdsmith::export::{self, Format, svg};
use erdsmith::schema::{Dialect, Schema, View, ViewId};
use erdsmith::testkit::schema;

fn parse(doc: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(doc).unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{doc}"))
}

/// The text of every `<text class=CLASS>` element, in document order.
fn texts(doc: &roxmltree::Document, class: &str) -> Vec<String> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text") && n.attribute("class") == Some(class))
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect()
}

fn hostile() -> Schema {
    let mut s = schema(
        Dialect::Postgres,
        r#"table <script>alert(1)</script>
           `"><img src=x onerror=alert(1)>` int | pk
           `]]><x/>` varchar(10)
           `a&b` text
           table child
           id int | pk
           parent_id int | nn
           fk parent_id -> <script>alert(1)</script> `"><img src=x onerror=alert(1)>`"#,
    );
    s.tables[0].color = Some("red\" onload=\"alert(1)".into());
    s.tables[1].color = Some("#a0c4ff".into());
    s
}

#[test]
fn hostile_names_stay_text() {
    let s = hostile();
    let out = svg::render(&s);
    let doc = parse(&out);
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.tag_name().namespace(), Some("http://www.w3.org/2000/svg"));
    // No element or attribute was smuggled in by a name.
    for n in doc.descendants().filter(|n| n.is_element()) {
        assert!(!matches!(n.tag_name().name(), "script" | "img" | "x" | "foreignObject"), "element {:?} in\n{out}", n.tag_name());
        for a in n.attributes() {
            assert!(!a.name().starts_with("on"), "event attribute {} in\n{out}", a.name());
        }
    }
    assert_eq!(texts(&doc, "table-name"), ["<script>alert(1)</script>", "child"]);
    assert_eq!(texts(&doc, "col-name"), ["\"><img src=x onerror=alert(1)>", "]]><x/>", "a&b", "id", "parent_id"]);
    assert_eq!(texts(&doc, "col-type"), ["int", "varchar(10)", "text", "int", "int"]);
    assert_eq!(texts(&doc, "mark"), ["PK", "PK", "FK"]);
    // An unsafe colour is dropped, a hex one kept.
    let fills: Vec<&str> = doc.descendants().filter(|n| n.attribute("class") == Some("head")).filter_map(|n| n.attribute("style")).collect();
    assert_eq!(fills, ["fill:#a0c4ff"]);
}

/// The numbers of a path's data, as (x, y) points.
fn points_of(d: &str) -> Vec<(f64, f64)> {
    let nums: Vec<f64> = d.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-')).filter_map(|x| x.parse().ok()).collect();
    nums.chunks(2).filter(|c| c.len() == 2).map(|c| (c[0], c[1])).collect()
}

#[test]
fn edges_follow_the_layout_with_crows_feet_drawn_above_the_boxes() {
    let s = hostile();
    let out = svg::render(&s);
    let doc = parse(&out);
    let edges: Vec<_> = doc.descendants().filter(|n| n.attribute("class") == Some("edge")).collect();
    assert_eq!(edges.len(), 1);
    let d = edges[0].attribute("d").unwrap_or_default();
    assert!(d.starts_with('M') && d.matches(" L").count() >= 1, "{d}");
    let ends: Vec<_> = doc.descendants().filter(|n| n.attribute("class") == Some("end")).collect();
    assert_eq!(ends.len(), 1);
    // child.parent_id is NOT NULL and not unique: many on the child side, exactly one on the parent.
    assert_eq!((ends[0].attribute("data-start"), ends[0].attribute("data-end")), (Some("many-optional"), Some("one-mandatory")));
    // The symbols come after every table in the document (painted above the boxes' fill) …
    let order: Vec<&str> = doc.descendants().filter_map(|n| n.attribute("class")).filter(|c| ["table", "end"].contains(c)).collect();
    assert_eq!(order.last(), Some(&"end"), "{order:?}");
    assert!(order.iter().position(|c| *c == "end") > order.iter().rposition(|c| *c == "table"), "{order:?}");
    // … and lie outside every box, next to the route's ends: nothing covers them.
    let layout = erdsmith::layout::geometry(&s);
    let route = &layout.edges[0].points;
    let (first, last) = (route[0], route[route.len() - 1]);
    let pts = points_of(ends[0].attribute("d").unwrap_or_default());
    assert!(pts.len() >= 8, "{pts:?}");
    for (x, y) in pts {
        let inside = layout.boxes.iter().any(|b| x > b.x + 0.5 && x < b.x + b.width - 0.5 && y > b.y + 0.5 && y < b.y + b.height - 0.5);
        assert!(!inside, "({x}, {y}) is under a box");
        let near = |p: erdsmith::schema::Point| ((p.x - x).powi(2) + (p.y - y).powi(2)).sqrt() <= erdsmith::layout::ends::END_LENGTH;
        assert!(near(first) || near(last), "({x}, {y}) is not at an end of {route:?}");
    }
    // The child end is optional: its circle is drawn too.
    assert_eq!(doc.descendants().filter(|n| n.attribute("class") == Some("end-circle")).count(), 1);
}

/// The document covers the whole diagram: every box lies inside the viewBox.
#[test]
fn view_box_holds_every_table() {
    let text: String = (0..30).map(|i| format!("table t{i}\nid int | pk\nname text\n")).collect();
    let mut s = schema(Dialect::Postgres, &text);
    s.tables[7].position = Some(erdsmith::schema::Point { x: -500.0, y: 3000.0 });
    let out = svg::render(&s);
    let doc = parse(&out);
    let vb: Vec<f64> = doc.root_element().attribute("viewBox").unwrap_or_default().split(' ').filter_map(|x| x.parse().ok()).collect();
    assert_eq!(vb.len(), 4);
    let layout = erdsmith::layout::geometry(&s);
    for bx in &layout.boxes {
        assert!(bx.x >= vb[0] && bx.y >= vb[1] && bx.x + bx.width <= vb[0] + vb[2] && bx.y + bx.height <= vb[1] + vb[3], "{bx:?} outside {vb:?}");
    }
    assert_eq!(texts(&doc, "table-name").len(), 30);
}

#[test]
fn svg_is_an_export_format() {
    let f: Format = "svg".parse().expect("svg parses");
    assert_eq!(f.file_suffix(), ".svg");
    let s = hostile();
    assert_eq!(export::export(&s, f).map(|e| e.text), Ok(svg::render(&s)));
    assert_eq!(svg::render(&Schema::new(Dialect::Postgres)).matches("<g class=\"table\"").count(), 0);
    parse(&svg::render(&Schema::new(Dialect::Postgres)));
}

#[test]
fn raster_scale_keeps_canvases_allocatable() {
    assert_eq!(svg::raster_scale(800.0, 600.0), 1.0);
    let s = svg::raster_scale(40000.0, 1000.0);
    assert!((40000.0 * s - 16384.0).abs() < 1e-6, "{s}");
    let s = svg::raster_scale(12000.0, 12000.0);
    assert!(12000.0 * 12000.0 * s * s <= 64.0e6 + 1.0 && s > 0.6, "{s}");
    assert_eq!(svg::raster_scale(0.0, 10.0), 1.0);
}

#[test]
fn views_are_drawn_with_their_reads_edges_and_hostile_names_stay_text() {
    let mut s = hostile();
    let reads = vec![s.tables[0].id, s.tables[1].id];
    let id = ViewId(s.fresh_id());
    s.views.push(View {
        id,
        schema: None,
        name: "</text><script>alert(1)</script>".into(),
        materialized: true,
        columns: vec!["<b>x</b>".into(), "y&z".into()],
        reads,
        definition: "SELECT 1".into(),
        options: None,
        indexes: Vec::new(),
        comment: None,
        span: None,
        position: None,
    });
    let out = svg::render(&s);
    let doc = parse(&out);
    for n in doc.descendants().filter(|n| n.is_element()) {
        assert!(!matches!(n.tag_name().name(), "script" | "b"), "element {:?} in\n{out}", n.tag_name());
    }
    assert_eq!(texts(&doc, "view-name"), ["</text><script>alert(1)</script>"]);
    assert_eq!(texts(&doc, "view-tag"), ["mat. view"]);
    assert_eq!(texts(&doc, "view-col"), ["<b>x</b>", "y&z"]);
    let reads = doc.descendants().filter(|n| n.attribute("class") == Some("view-read")).count();
    assert_eq!(reads, 2, "one dashed edge per table read");
    assert_eq!(texts(&doc, "table-name").len(), 2, "tables are still drawn");
}

#[test]
fn notes_are_drawn_at_their_rect_with_hostile_text_kept_as_text() {
    use erdsmith::layout::{self, NOTE_HEIGHT, NOTE_WIDTH};
    use erdsmith::schema::{Note, NoteId, Point};
    let mut s = hostile();
    let hostile_text = "</text> <script>alert(1)</script> & <b>bold</b>\nsecond line";
    let far = Point { x: 4000.0, y: 3000.0 };
    let (a, b) = (NoteId(s.fresh_id()), NoteId(s.fresh_id()));
    s.notes.push(Note { id: a, text: hostile_text.into(), position: far });
    s.notes.push(Note { id: b, text: "x".repeat(400), position: Point { x: -700.0, y: -500.0 } });
    let out = svg::render(&s);
    let doc = parse(&out);
    for n in doc.descendants().filter(|n| n.is_element()) {
        assert!(!matches!(n.tag_name().name(), "script" | "b"), "element {:?} in\n{out}", n.tag_name());
    }
    let notes: Vec<_> = doc.descendants().filter(|n| n.attribute("class") == Some("note")).collect();
    assert_eq!(notes.len(), 2, "one group per note");
    // The same geometry as the canvas: translated to the note's corner, paper of note_rect's size.
    let r = layout::note_rect(&s.notes[0]);
    assert_eq!(notes[0].attribute("transform"), Some(format!("translate({:.1} {:.1})", r.x, r.y).as_str()));
    let paper = notes[0].children().find(|n| n.attribute("class") == Some("note-paper")).expect("paper");
    assert_eq!(paper.attribute("width"), Some(format!("{NOTE_WIDTH:.1}").as_str()));
    assert_eq!(paper.attribute("height"), Some(format!("{NOTE_HEIGHT:.1}").as_str()));
    let title = notes[0].children().find(|n| n.has_tag_name("title")).and_then(|n| n.text());
    assert_eq!(title, Some(hostile_text), "the whole text is the note's title");
    let lines: Vec<String> = notes[0]
        .children()
        .filter(|n| n.attribute("class") == Some("note-text"))
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect();
    assert_eq!(lines.join(" "), hostile_text.replace('\n', " "), "words kept in order: {lines:?}");
    assert!(lines.len() >= 3, "wrapped to the paper: {lines:?}");
    // Every line fits the paper (monospace: width from the character count).
    for l in lines.iter().chain(texts(&doc, "note-text").iter()) {
        assert!(l.chars().count() as f64 * layout::CHAR_WIDTH <= NOTE_WIDTH - 16.0, "{l:?} overflows");
    }
    let long = notes[1].children().filter(|n| n.attribute("class") == Some("note-text")).count();
    assert!(long as f64 * 15.0 <= NOTE_HEIGHT, "a long text is cut to the paper's height ({long} lines)");
    assert!(texts(&doc, "note-text").last().is_some_and(|l| l.ends_with('…')), "and says so");
    // The document's view box holds both notes, however far from the tables.
    let vb: Vec<f64> = doc.root_element().attribute("viewBox").unwrap_or_default().split(' ').filter_map(|x| x.parse().ok()).collect();
    assert_eq!(vb.len(), 4);
    assert!(vb[0] <= -700.0 && vb[1] <= -500.0, "{vb:?}");
    assert!(vb[0] + vb[2] >= r.right() && vb[1] + vb[3] >= r.bottom(), "{vb:?}");
}

#[test]
fn note_lines_wrap_at_words_cut_long_words_and_mark_what_is_left_out() {
    assert_eq!(svg::note_lines("one two three", 7, 5), ["one two", "three"]);
    assert_eq!(svg::note_lines("abcdefghij", 4, 5), ["abcd", "efgh", "ij"]);
    assert_eq!(svg::note_lines("a\n\nb", 10, 5), ["a", "", "b"], "blank lines are kept");
    assert_eq!(svg::note_lines("aa bb cc dd", 5, 2), ["aa bb", "cc dd"], "exactly full: no mark");
    assert_eq!(svg::note_lines("aa bb cc dd ee", 5, 2), ["aa bb", "cc d…"]);
    assert_eq!(svg::note_lines("", 5, 2), Vec::<String>::new());
}

#[test]
fn namespaces_are_drawn_as_labelled_areas_with_a_legend() {
    // AdventureWorks: one area per schema, under the boxes, each holding its tables' boxes,
    // and a legend naming every schema with its table count; names stay text.
    let mut s = erdsmith::import::import(&crate::support::corpus("adventureworks_mssql_instawdb.sql"), &Default::default()).schema;
    s.tables[0].schema = Some("<evil & \"ns\">".into());
    let l = erdsmith::layout::geometry(&s);
    let out = svg::render_layout(&s, &l);
    let doc = parse(&out);
    let frames: Vec<_> = doc.descendants().filter(|n| n.attribute("class") == Some("ns-frame")).collect();
    assert_eq!(frames.len(), l.areas.len());
    assert!(frames.len() >= 5, "{}", frames.len());
    let legend = texts(&doc, "legend-item");
    for a in &l.areas {
        let label = format!("{} ({})", if a.namespace.is_empty() { "(no schema)" } else { &a.namespace }, a.tables);
        assert!(legend.contains(&label), "{label} not in {legend:?}");
    }
    assert!(legend.iter().any(|x| x.starts_with("<evil & \"ns\">")));
    // The areas come first: every table and edge is drawn over them.
    let order: Vec<&str> = doc.root_element().children().filter_map(|n| n.attribute("class")).collect();
    assert_eq!(&order[..3], ["areas", "legend", "edges"], "{order:?}");
    // The legend lies inside the document's view box, above the drawing.
    let vb: Vec<f64> = doc.root_element().attribute("viewBox").unwrap_or_default().split(' ').filter_map(|x| x.parse().ok()).collect();
    let top = l.areas.iter().map(|a| a.rect.y).fold(f64::INFINITY, f64::min);
    for n in doc.descendants().filter(|n| n.attribute("class") == Some("legend-swatch")) {
        let y: f64 = n.attribute("y").and_then(|y| y.parse().ok()).unwrap_or(f64::NAN);
        assert!(y >= vb[1] && y + 12.0 <= top, "swatch at {y}, view box from {}, drawing from {top}", vb[1]);
    }
}
