//! The whole diagram (every table, not the viewport) as a standalone SVG document: boxes with
//! headers, column rows with key markers and types, crow's-foot edges along the layout's routes,
//! view boxes with their reads edges, and sticky notes (`layout::note_rect`, text wrapped inside).
//!
//! **Invariant:** every text and attribute value is XML-escaped, and a table's colour is used
//! only when it is a plain colour name or `#hex`, so no identifier can leave its text node.

use crate::layout::{
    self, BOX_PADDING, CHAR_WIDTH, HEADER_HEIGHT, Layout, MARKER_CHARS, NOTE_HEIGHT, NOTE_WIDTH, ROW_HEIGHT, Rect,
};
use crate::schema::{Note, Point, Schema, Table};
use super::diff_marks::{GhostLayout, Mark, Marks};
use std::fmt::Write;

/// Space around the drawing.
const MARGIN: f64 = 24.0;
/// A note's text: padding inside the paper (left, top) and the height of a line.
const NOTE_PAD_X: f64 = 8.0;
const NOTE_PAD_Y: f64 = 6.0;
const NOTE_LINE: f64 = 15.0;

pub use crate::xml::escape;
use crate::xml::push_escaped;

/// A table colour safe to put in an attribute: a CSS colour name or `#` and 3–8 hex digits.
fn safe_color(c: &str) -> Option<&str> {
    let c = c.trim();
    let hex = c.strip_prefix('#').is_some_and(|h| (3..=8).contains(&h.len()) && h.chars().all(|x| x.is_ascii_hexdigit()));
    let name = !c.is_empty() && c.len() <= 30 && c.chars().all(|x| x.is_ascii_alphabetic());
    (hex || name).then_some(c)
}

/// Crow's-foot ends of a foreign key: (referencing end, referenced end). The referencing end is
/// "zero or one" when the FK columns are unique, else "zero or many"; the referenced end is
/// "exactly one" when every FK column is NOT NULL, else "zero or one".
pub fn fk_ends(table: &Table, fk_index: usize) -> (&'static str, &'static str) {
    let Some(fk) = table.foreign_keys.get(fk_index) else { return ("many-optional", "one-mandatory") };
    let card = table.fk_cardinality(fk);
    (
        if card.child_many { "many-optional" } else { "one-optional" },
        if card.parent_required { "one-mandatory" } else { "one-optional" },
    )
}

/// The key marker of a column row: `PK`, `FK`, `PF` (both), `UQ` or nothing.
pub fn marker(t: &Table, c: &crate::schema::Column) -> &'static str {
    let pk = t.is_pk_column(c.id);
    let fk = t.is_fk_column(c.id);
    match (pk, fk) {
        (true, true) => "PF",
        (true, false) => "PK",
        (false, true) => "FK",
        _ if t.is_unique_alone(c.id) => "UQ",
        _ => "",
    }
}

const STYLE: &str = "text{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;fill:#1f2933}\
.box{fill:#fff;stroke:#52606d;stroke-width:1}.head{fill:#d9e2ec}.table-name{font-weight:bold}\
.mark{fill:#9a6700;font-size:10px}.col-type{fill:#616e7c}.edge{fill:none;stroke:#52606d;stroke-width:1.2}\
.end{fill:none;stroke:#1f2933;stroke-width:1.4}.end-circle{fill:#fff;stroke:#1f2933;stroke-width:1.2}\
.view-box{stroke:#7c5cbf;stroke-dasharray:6 3}.view-head{fill:#e5dbff}.view-name{font-weight:bold}\
.view-tag{font-size:10px;font-style:italic;fill:#5f3dc4}.view-read{fill:none;stroke:#7c5cbf;stroke-width:1.2;stroke-dasharray:5 4}\
.note-paper{fill:#fff4b8;stroke:#d9c256;stroke-width:1}.note-text{fill:#3d3400}\
.ns-frame{fill-opacity:0.06;stroke-opacity:0.55;stroke-width:1.5}.ns-label{font-size:14px;font-weight:bold;fill:#616e7c}";

/// The legend of the namespaces' areas: one row above the drawing, `LEGEND_HEIGHT` tall.
const LEGEND_HEIGHT: f64 = 26.0;

/// The SVG document of the whole diagram, laid out by [`layout::geometry`].
pub fn render(schema: &Schema) -> String {
    render_layout(schema, &layout::geometry(schema))
}

/// The rectangle the document shows: every box, edge and note.
fn drawing_bounds(layout: &Layout, notes: &[Note]) -> Rect {
    let r = drawing_bounds_without_legend(layout, notes);
    if layout.areas.is_empty() {
        return r;
    }
    let legend = legend_width(layout);
    Rect { x: r.x, y: r.y - LEGEND_HEIGHT, width: r.width.max(legend), height: r.height + LEGEND_HEIGHT }
}

/// One legend entry: a swatch, the namespace and its table count.
fn legend_label(a: &layout::Area) -> String {
    let name = if a.namespace.is_empty() { "(no schema)" } else { a.namespace.as_str() };
    format!("{name} ({})", a.tables)
}

fn legend_width(layout: &Layout) -> f64 {
    layout.areas.iter().map(|a| 20.0 + legend_label(a).chars().count() as f64 * CHAR_WIDTH + 16.0).sum()
}

fn drawing_bounds_without_legend(layout: &Layout, notes: &[Note]) -> Rect {
    let b = layout.bounds();
    let Some(c) = layout.content_bounds(notes) else { return b };
    if layout.boxes.is_empty() && layout.views.is_empty() {
        // `bounds` of an empty layout is the origin, which the notes need not include.
        return c;
    }
    let (x0, y0) = (b.x.min(c.x), b.y.min(c.y));
    Rect { x: x0, y: y0, width: b.right().max(c.right()) - x0, height: b.bottom().max(c.bottom()) - y0 }
}

/// Width and height of the document for `layout` and `notes` (diagram units = SVG pixels).
pub fn document_size(layout: &Layout, notes: &[Note]) -> (f64, f64) {
    size_of(drawing_bounds(layout, notes))
}

fn size_of(b: Rect) -> (f64, f64) {
    ((b.width + 2.0 * MARGIN).max(2.0 * MARGIN), (b.height + 2.0 * MARGIN).max(2.0 * MARGIN))
}

/// The diff drawn on a diagram: its marks and where their ghosts go.
pub struct Diffed<'a> {
    pub marks: &'a Marks,
    pub ghosts: GhostLayout,
}

impl<'a> Diffed<'a> {
    pub fn new(layout: &Layout, marks: &'a Marks) -> Self {
        Diffed { marks, ghosts: GhostLayout::of(layout, marks) }
    }
}

/// The rectangle a marked document shows: the drawing, the ghosts, and the change legend under
/// them (`LEGEND_HEIGHT` tall).
fn marked_bounds(layout: &Layout, notes: &[Note], d: &Diffed) -> Rect {
    let mut b = drawing_bounds(layout, notes);
    if let Some(g) = d.ghosts.bounds(d.marks) {
        let (x, y) = (b.x.min(g.x), b.y.min(g.y));
        b = Rect { x, y, width: b.right().max(g.right()) - x, height: b.bottom().max(g.bottom()) - y };
    }
    Rect { height: b.height + LEGEND_HEIGHT + 8.0, width: b.width.max(diff_legend_width(d.marks)), ..b }
}

/// [`document_size`] of the document [`render_marked`] writes.
pub fn marked_size(layout: &Layout, notes: &[Note], d: &Diffed) -> (f64, f64) {
    size_of(marked_bounds(layout, notes, d))
}

fn diff_legend_entries(marks: &Marks) -> Vec<(Mark, String)> {
    Mark::ALL.iter().map(|m| (*m, format!("{} {} ({})", m.symbol(), m.label(), marks.count(*m)))).collect()
}

fn diff_legend_width(marks: &Marks) -> f64 {
    diff_legend_entries(marks).iter().map(|(_, l)| 20.0 + l.chars().count() as f64 * CHAR_WIDTH + 16.0).sum()
}

/// A note's text as the lines drawn on its paper: paragraphs wrapped at word boundaries (words
/// longer than a line are cut) to `max_chars` characters, at most `max_lines` lines, the last
/// one ending in `…` when text was left out.
pub fn note_lines(text: &str, max_chars: usize, max_lines: usize) -> Vec<String> {
    let max_chars = max_chars.max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut cut = false;
    'paragraphs: for paragraph in text.lines() {
        let mut line = String::new();
        let mut len = 0;
        let words = paragraph.split_whitespace().flat_map(|w| {
            let chars: Vec<char> = w.chars().collect();
            chars.chunks(max_chars).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>()
        });
        for word in words {
            let n = word.chars().count();
            if len > 0 && len + 1 + n > max_chars {
                if lines.len() == max_lines {
                    cut = true;
                    break 'paragraphs;
                }
                lines.push(std::mem::take(&mut line));
                len = 0;
            }
            if len > 0 {
                line.push(' ');
                len += 1;
            }
            line.push_str(&word);
            len += n;
        }
        if lines.len() == max_lines {
            cut = true;
            break;
        }
        lines.push(line);
    }
    if cut && let Some(last) = lines.last_mut() {
        // Room for the ellipsis within the line.
        while last.chars().count() + 1 > max_chars {
            last.pop();
        }
        last.push('…');
    }
    lines
}

/// The scale at which a raster image (PNG) of a `width` × `height` document stays within what
/// browsers can allocate for a canvas: at most 16384 pixels a side and 64 megapixels, never
/// enlarged.
pub fn raster_scale(width: f64, height: f64) -> f64 {
    if !(width > 0.0 && height > 0.0) {
        return 1.0;
    }
    let side = 16384.0 / width.max(height);
    let area = (64.0e6 / (width * height)).sqrt();
    side.min(area).min(1.0)
}

/// The SVG document for `schema` drawn with `layout` (the one the app shows).
pub fn render_layout(schema: &Schema, layout: &Layout) -> String {
    render_marked(schema, layout, None)
}

/// The namespaces' areas under everything, and their legend above the drawing.
fn push_areas(s: &mut String, layout: &Layout, b: Rect) {
    if !layout.areas.is_empty() {
        // The namespaces' areas under everything, and their legend above the drawing.
        s.push_str("<g class=\"areas\">\n");
        for a in &layout.areas {
            let hue = layout::namespace_color(Some(&a.namespace));
            let r = a.rect;
            let _ = writeln!(
                s,
                "<rect class=\"ns-frame\" data-namespace=\"{}\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"10\" style=\"fill:{hue};stroke:{hue}\"/>",
                escape(&a.namespace),
                r.x,
                r.y,
                r.width,
                r.height
            );
            let _ = writeln!(s, "<text class=\"ns-label\" x=\"{:.1}\" y=\"{:.1}\">{}</text>", r.x + 10.0, r.y + 22.0, escape(if a.namespace.is_empty() { "(no schema)" } else { &a.namespace }));
        }
        s.push_str("</g>\n<g class=\"legend\">\n");
        let (mut x, y) = (b.x, b.y + 4.0);
        for a in &layout.areas {
            let hue = layout::namespace_color(Some(&a.namespace));
            let label = legend_label(a);
            let _ = writeln!(s, "<rect class=\"legend-swatch\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"12\" height=\"12\" rx=\"2\" style=\"fill:{hue}\"/>");
            let _ = writeln!(s, "<text class=\"legend-item\" x=\"{:.1}\" y=\"{:.1}\">{}</text>", x + 18.0, y + 11.0, escape(&label));
            x += 20.0 + label.chars().count() as f64 * CHAR_WIDTH + 16.0;
        }
        s.push_str("</g>\n");
    }
}

/// The relationship routes, each titled with its two tables.
fn push_edges(s: &mut String, schema: &Schema, layout: &Layout) {
    s.push_str("<g class=\"edges\">\n");
    for e in &layout.edges {
        let Some(t) = schema.table(e.from_table) else { continue };
        if e.points.len() < 2 {
            continue;
        }
        let target = schema.table(e.to_table).map(|r| r.qualified_name()).unwrap_or_default();
        let _ = writeln!(
            s,
            "<path class=\"edge\" d=\"{}\"><title>{}</title></path>",
            path_d(&e.points),
            escape(&format!("{} → {target}", t.qualified_name()))
        );
    }
}

/// The table boxes (marked when `diffed`): header, key marks, column names and types.
fn push_tables(s: &mut String, schema: &Schema, layout: &Layout, diffed: Option<&Diffed>) {
    s.push_str("</g>\n<g class=\"tables\">\n");
    for bx in &layout.boxes {
        let Some(t) = schema.table(bx.table) else { continue };
        let tm = diffed.and_then(|d| d.marks.tables.get(&t.id));
        match tm.and_then(|m| m.mark.map(|k| (k, m))) {
            Some((k, m)) => {
                let _ = writeln!(s, "<g class=\"table {}\" transform=\"translate({:.1} {:.1})\">", k.class(), bx.x, bx.y);
                let _ = writeln!(s, "<title>{}</title>", escape(&m.lines.join("\n")));
            }
            None => {
                let _ = writeln!(s, "<g class=\"table\" transform=\"translate({:.1} {:.1})\">", bx.x, bx.y);
            }
        }
        let _ = writeln!(s, "<rect class=\"box\" x=\"0\" y=\"0\" width=\"{:.1}\" height=\"{:.1}\" rx=\"4\"/>", bx.width, bx.height);
        let fill = t.color.as_deref().and_then(safe_color).map(|c| format!(" style=\"fill:{}\"", escape(c))).unwrap_or_default();
        let _ = writeln!(s, "<rect class=\"head\" x=\"0\" y=\"0\" width=\"{:.1}\" height=\"{HEADER_HEIGHT:.1}\" rx=\"4\"{fill}/>", bx.width);
        let _ = writeln!(s, "<text class=\"table-name\" x=\"{BOX_PADDING:.1}\" y=\"17\">{}</text>", escape(&t.qualified_name()));
        for (i, c) in t.columns.iter().enumerate() {
            let y = HEADER_HEIGHT + i as f64 * ROW_HEIGHT + 14.0;
            if let Some(k) = diffed.and_then(|d| d.marks.column(t.id, c.id)) {
                let _ = writeln!(s, "<rect class=\"row-mark {}\" x=\"1\" y=\"{:.1}\" width=\"{:.1}\" height=\"{ROW_HEIGHT:.1}\"/>", k.class(), y - 14.0, bx.width - 2.0);
            }
            let m = marker(t, c);
            if !m.is_empty() {
                let _ = writeln!(s, "<text class=\"mark\" x=\"{BOX_PADDING:.1}\" y=\"{y:.1}\">{m}</text>");
            }
            let name_x = BOX_PADDING + MARKER_CHARS as f64 * CHAR_WIDTH;
            let _ = write!(s, "<text class=\"col-name\" x=\"{name_x:.1}\" y=\"{y:.1}\">");
            push_escaped(s, &c.name);
            let _ = write!(s, "</text>\n<text class=\"col-type\" x=\"{:.1}\" y=\"{y:.1}\">", bx.type_offset);
            push_escaped(s, &c.data_type.raw);
            s.push_str("</text>\n");
        }
        s.push_str("</g>\n");
    }
}

/// Crow's feet above the boxes, so no box fill covers them.
fn push_ends(s: &mut String, schema: &Schema, layout: &Layout) {
    // Crow's feet above the boxes, so no box fill covers them.
    s.push_str("</g>\n<g class=\"ends\">\n");
    for e in &layout.edges {
        let Some(t) = schema.table(e.from_table) else { continue };
        let (start, end) = fk_ends(t, e.fk_index);
        let (strokes, circles) = layout::ends::end_paths(&e.points, layout::ends::End::named(start), layout::ends::End::named(end));
        if strokes.is_empty() {
            continue;
        }
        let _ = writeln!(s, "<path class=\"end\" data-start=\"{start}\" data-end=\"{end}\" d=\"{}\"/>", strokes.trim_end());
        if !circles.is_empty() {
            let _ = writeln!(s, "<path class=\"end-circle\" d=\"{}\"/>", circles.trim_end());
        }
    }
}

/// The views' reads edges and boxes.
fn push_views(s: &mut String, schema: &Schema, layout: &Layout) {
    s.push_str("</g>\n<g class=\"views\">\n");
    for e in &layout.reads {
        if e.points.len() < 2 {
            continue;
        }
        let names = schema.view(e.view).map(|v| v.qualified_name()).zip(schema.table(e.table).map(|t| t.qualified_name()));
        let Some((from, to)) = names else { continue };
        let _ = writeln!(
            s,
            "<path class=\"view-read\" d=\"{}\"><title>{}</title></path>",
            path_d(&e.points),
            escape(&format!("{from} reads {to}"))
        );
    }
    for vb in &layout.views {
        let Some(v) = schema.view(vb.view) else { continue };
        let _ = writeln!(s, "<g class=\"view\" transform=\"translate({:.1} {:.1})\">", vb.x, vb.y);
        let _ = writeln!(s, "<rect class=\"box view-box\" x=\"0\" y=\"0\" width=\"{:.1}\" height=\"{:.1}\" rx=\"4\"/>", vb.width, vb.height);
        let _ = writeln!(s, "<rect class=\"head view-head\" x=\"0\" y=\"0\" width=\"{:.1}\" height=\"{HEADER_HEIGHT:.1}\" rx=\"4\"/>", vb.width);
        let _ = writeln!(s, "<text class=\"view-name\" x=\"{BOX_PADDING:.1}\" y=\"17\">{}</text>", escape(&v.qualified_name()));
        let _ = writeln!(
            s,
            "<text class=\"view-tag\" x=\"{:.1}\" y=\"17\" text-anchor=\"end\">{}</text>",
            vb.width - BOX_PADDING,
            layout::view_tag(v.materialized)
        );
        for (i, c) in v.columns.iter().enumerate() {
            let y = HEADER_HEIGHT + i as f64 * ROW_HEIGHT + 14.0;
            let name_x = BOX_PADDING + MARKER_CHARS as f64 * CHAR_WIDTH;
            let _ = write!(s, "<text class=\"view-col\" x=\"{name_x:.1}\" y=\"{y:.1}\">");
            push_escaped(s, c);
            s.push_str("</text>\n");
        }
        s.push_str("</g>\n");
    }
}

/// [`render_layout`], with the diff `diffed` marks drawn on it when given: marked boxes and rows
/// in the mark's colour, dropped columns as ghost rows under their box, dropped tables as ghost
/// boxes beside the drawing, and a legend with the counts under it.
pub fn render_marked(schema: &Schema, layout: &Layout, diffed: Option<&Diffed>) -> String {
    let b = match diffed {
        Some(d) => marked_bounds(layout, &schema.notes, d),
        None => drawing_bounds(layout, &schema.notes),
    };
    let (x0, y0) = (b.x - MARGIN, b.y - MARGIN);
    let (w, h) = size_of(b);
    let mut s = String::with_capacity(256 + schema.tables.len() * 600);
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w:.0}\" height=\"{h:.0}\" viewBox=\"{x0:.1} {y0:.1} {w:.1} {h:.1}\" role=\"img\">"
    );
    let _ = writeln!(s, "<title>{}</title>", escape(&format!("ER diagram: {} tables", schema.tables.len())));
    let _ = writeln!(s, "<style>{STYLE}{}</style>", if diffed.is_some() { DIFF_STYLE } else { "" });
    push_areas(&mut s, layout, b);
    push_edges(&mut s, schema, layout);
    push_tables(&mut s, schema, layout, diffed);
    push_ends(&mut s, schema, layout);
    push_views(&mut s, schema, layout);
    s.push_str("</g>\n<g class=\"notes\">\n");
    for n in &schema.notes {
        push_note(&mut s, n);
    }
    if let Some(d) = diffed {
        s.push_str("</g>\n<g class=\"diff\">\n");
        push_ghosts(&mut s, d);
        push_diff_legend(&mut s, d.marks, b.x, b.bottom() - LEGEND_HEIGHT + 4.0);
    }
    s.push_str("</g>\n</svg>\n");
    s
}

const DIFF_STYLE: &str = ".diff-added .box{stroke:#2b8a3e;stroke-width:2.5}.diff-renamed .box{stroke:#5f3dc4;stroke-width:2.5}\
.diff-changed .box{stroke:#e67700;stroke-width:2.5}.row-mark.diff-added{fill:#d3f9d8}.row-mark.diff-renamed{fill:#e5dbff}\
.row-mark.diff-changed{fill:#fff3bf}.ghost rect{fill:#fff5f5;stroke:#c92a2a;stroke-dasharray:5 3}.ghost text{fill:#c92a2a;text-decoration:line-through}\
.ghost .ghost-head{fill:#ffe3e3}.diff-legend text{font-size:12px}";

/// The ghost rows of dropped columns under their boxes, and the ghost boxes of dropped tables.
fn push_ghosts(s: &mut String, d: &Diffed) {
    for (id, r) in &d.ghosts.rows {
        let Some(m) = d.marks.tables.get(id) else { continue };
        for (i, g) in m.ghosts.iter().enumerate() {
            let y = r.y + i as f64 * ROW_HEIGHT;
            let _ = writeln!(s, "<g class=\"ghost ghost-column\"><title>{}</title>", escape(&format!("dropped column {} {}", g.name, g.data_type)));
            let _ = writeln!(s, "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{ROW_HEIGHT:.1}\"/>", r.x, r.width);
            let name_x = r.x + BOX_PADDING + MARKER_CHARS as f64 * CHAR_WIDTH;
            let _ = writeln!(s, "<text x=\"{:.1}\" y=\"{:.1}\">−</text>", r.x + BOX_PADDING, y + 14.0);
            let _ = write!(s, "<text x=\"{name_x:.1}\" y=\"{:.1}\">", y + 14.0);
            push_escaped(s, &format!("{} {}", g.name, g.data_type));
            s.push_str("</text>\n</g>\n");
        }
    }
    for (r, rect) in d.marks.removed.iter().zip(&d.ghosts.tables) {
        let _ = writeln!(s, "<g class=\"ghost ghost-table\" transform=\"translate({:.1} {:.1})\"><title>{}</title>", rect.x, rect.y, escape(&format!("dropped table {}", r.name)));
        let _ = writeln!(s, "<rect x=\"0\" y=\"0\" width=\"{:.1}\" height=\"{:.1}\" rx=\"4\"/>", rect.width, rect.height);
        let _ = writeln!(s, "<rect class=\"ghost-head\" x=\"0\" y=\"0\" width=\"{:.1}\" height=\"{HEADER_HEIGHT:.1}\" rx=\"4\"/>", rect.width);
        let _ = writeln!(s, "<text class=\"table-name\" x=\"{BOX_PADDING:.1}\" y=\"17\">{}</text>", escape(&r.name));
        for (i, g) in r.columns.iter().enumerate() {
            let y = HEADER_HEIGHT + i as f64 * ROW_HEIGHT + 14.0;
            let _ = write!(s, "<text x=\"{:.1}\" y=\"{y:.1}\">", BOX_PADDING + MARKER_CHARS as f64 * CHAR_WIDTH);
            push_escaped(s, &format!("{} {}", g.name, g.data_type));
            s.push_str("</text>\n");
        }
        s.push_str("</g>\n");
    }
}

/// The change legend: a swatch per mark with its count.
fn push_diff_legend(s: &mut String, marks: &Marks, x: f64, y: f64) {
    s.push_str("<g class=\"diff-legend\">\n");
    let mut x = x;
    for (m, label) in diff_legend_entries(marks) {
        let _ = writeln!(s, "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"12\" height=\"12\" rx=\"2\" style=\"fill:{}\"/>", m.color());
        let _ = writeln!(s, "<text class=\"legend-item\" data-mark=\"{}\" x=\"{:.1}\" y=\"{:.1}\">{}</text>", m.label(), x + 18.0, y + 11.0, escape(&label));
        x += 20.0 + label.chars().count() as f64 * CHAR_WIDTH + 16.0;
    }
    s.push_str("</g>\n");
}

/// A sticky note at `layout::note_rect`: the paper, the wrapped text, the whole text as its title.
fn push_note(s: &mut String, n: &Note) {
    let r = layout::note_rect(n);
    let max_chars = ((NOTE_WIDTH - 2.0 * NOTE_PAD_X) / CHAR_WIDTH).floor() as usize;
    let max_lines = ((NOTE_HEIGHT - 2.0 * NOTE_PAD_Y) / NOTE_LINE).floor() as usize;
    let _ = writeln!(s, "<g class=\"note\" transform=\"translate({:.1} {:.1})\">", r.x, r.y);
    s.push_str("<title>");
    push_escaped(s, &n.text);
    s.push_str("</title>\n");
    let _ = writeln!(s, "<rect class=\"note-paper\" x=\"0\" y=\"0\" width=\"{:.1}\" height=\"{:.1}\" rx=\"3\"/>", r.width, r.height);
    for (i, line) in note_lines(&n.text, max_chars, max_lines).iter().enumerate() {
        let y = NOTE_PAD_Y + 12.0 + i as f64 * NOTE_LINE;
        let _ = write!(s, "<text class=\"note-text\" x=\"{NOTE_PAD_X:.1}\" y=\"{y:.1}\">");
        push_escaped(s, line);
        s.push_str("</text>\n");
    }
    s.push_str("</g>\n");
}

/// SVG path data through `points` (one decimal), shared with the app's canvas.
pub(crate) fn path_d(points: &[Point]) -> String {
    let mut d = String::with_capacity(points.len() * 16);
    for (i, p) in points.iter().enumerate() {
        let _ = write!(d, "{}{} {}", if i == 0 { "M" } else { " L" }, crate::layout::Tenths(p.x), crate::layout::Tenths(p.y));
    }
    d
}
