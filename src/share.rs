//! Share links without a server: a project packed into a URL fragment (`#share=…`), which the
//! browser never sends anywhere. Pure: the UI reads and writes the location and the clipboard.
//!
//! A link holds the text (which *is* the schema: model edits are written into it, `sync`),
//! and what the text does not say: positions and colours of tables and views, notes, rule
//! settings, the canvas settings and viewport, and the migration baseline (as SQL, or DBML /
//! Prisma for those texts) when it differs from the current schema. It is JSON followed by the
//! text, compressed with PPMd (an order-n context model: 25–40 % smaller than deflate on DDL),
//! checksummed and base64url-encoded, with a version prefix. Version 1 links (deflate) still open.
//!
//! **Invariant:** a link never loses anything silently. [`encode`] opens its own link again
//! ([`decode`]) and compares it with the project ([`losses`]); whatever does not come back
//! (the undo history and the selection never travel; a baseline that its text cannot say
//! exactly) is listed in [`Link::left_out`] for the UI to say. Checked on every corpus schema
//! by `tests/it/share.rs`.

use crate::analysis::AnalysisConfig;
use crate::import::{import, ImportOptions};
use crate::layout::Viewport;
use crate::project::{Project, UiSettings};
use crate::schema::{Dialect, Note, Point, Schema, SourceFormat};
use base64::Engine;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The fragment key: a link is `…/#share=<payload>`.
pub const FRAGMENT_KEY: &str = "share=";
/// The payload version this build writes (and the newest it reads).
const VERSION: &str = "2";
/// The deflate links of the first release: still read.
const VERSION_DEFLATE: &str = "1";
/// PPMd7's model order and memory, fixed by the link version (the decoder must use the same).
/// Order 8 packed the corpus' SQL texts smallest in total (orders 6–32 measured: all within
/// 3 %); 16 MB holds the model of a 512 KB link without a restart.
const PPMD_ORDER: u32 = 8;
const PPMD_MEMORY: u32 = 16 << 20;
/// Above this a link is still made, with a warning: chat and mail tools cut long links.
pub const SHORT_LINK_BYTES: usize = 8 * 1024;
/// Above this no link is made: the project file is the way to share it.
pub const MAX_LINK_BYTES: usize = 512 * 1024;
/// Decompressed payloads above this are refused (a damaged or hostile link cannot exhaust memory).
const MAX_PAYLOAD_BYTES: usize = 64 << 20;

/// Where a table or view stands on the canvas and its header colour, by qualified name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Place {
    #[serde(rename = "n")]
    name: String,
    #[serde(rename = "v", default, skip_serializing_if = "is_false")]
    view: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    x: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    y: Option<f64>,
    #[serde(rename = "c", default, skip_serializing_if = "Option::is_none")]
    color: Option<String>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Settings left as they come are not written: every link is that much shorter.
fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

/// The payload. Ids do not travel (the text is imported again); what refers to a table does so
/// by its qualified name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Shared {
    name: String,
    /// Sent after the JSON as it is (JSON escapes would cost compression): see `pack`.
    #[serde(skip)]
    text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    dialect: Option<Dialect>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    database: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    places: Vec<Place>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    notes: Vec<Note>,
    #[serde(default, skip_serializing_if = "is_default")]
    analysis: AnalysisConfig,
    /// `analysis.table_fds` by qualified table name (the ids there do not travel).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    table_fds: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "is_default")]
    viewport: Viewport,
    #[serde(default, skip_serializing_if = "is_default")]
    ui: UiSettings,
    /// The migration baseline, when it is not the current schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    baseline: Option<Baseline>,
    /// Tables and columns renamed since the baseline, so they pair as renames again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    renames: Vec<Renamed>,
}

/// A baseline table whose current table has another name, or renamed columns.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Renamed {
    /// `(schema, name)` in the baseline and now.
    was: (Option<String>, String),
    now: (Option<String>, String),
    /// Column names in the baseline and now.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    columns: Vec<(String, String)>,
}

/// What was renamed between `baseline` and `current` (the same ids, other names).
fn renames(baseline: &Schema, current: &Schema) -> Vec<Renamed> {
    baseline
        .tables
        .iter()
        .filter_map(|b| {
            let c = current.table(b.id)?;
            let columns: Vec<(String, String)> =
                b.columns.iter().filter_map(|bc| c.column(bc.id).filter(|cc| cc.name != bc.name).map(|cc| (bc.name.clone(), cc.name.clone()))).collect();
            let moved = b.name != c.name || b.schema != c.schema;
            (moved || !columns.is_empty()).then(|| Renamed { was: (b.schema.clone(), b.name.clone()), now: (c.schema.clone(), c.name.clone()), columns })
        })
        .collect()
}

/// The baseline read from its text with the ids of `current`: renamed tables and columns take
/// their current names while ids are matched by name, then their baseline names back.
fn baseline_with_ids(current: &Schema, mut imported: Schema, renamed: &[Renamed]) -> Schema {
    let mut back = Vec::new();
    for r in renamed {
        let Some(t) = imported.tables.iter_mut().find(|t| (&t.schema, &t.name) == (&r.was.0, &r.was.1)) else { continue };
        t.schema = r.now.0.clone();
        t.name = r.now.1.clone();
        for (was, now) in &r.columns {
            if let Some(c) = t.columns.iter_mut().find(|c| &c.name == was) {
                c.name = now.clone();
            }
        }
        back.push(r);
    }
    let mut aligned = crate::sync::reconcile(current, imported);
    for r in back {
        let Some(id) = current.tables.iter().find(|t| (&t.schema, &t.name) == (&r.now.0, &r.now.1)).map(|t| t.id) else { continue };
        let Some(t) = aligned.tables.iter_mut().find(|t| t.id == id) else { continue };
        t.schema = r.was.0.clone();
        t.name = r.was.1.clone();
        for (was, now) in &r.columns {
            if let Some(c) = t.columns.iter_mut().find(|c| &c.name == now) {
                c.name = was.clone();
            }
        }
    }
    aligned
}

/// A baseline's text: the current text with the baseline written into it (`sync::write`, as an
/// undo would), sent as the lines that differ; or, when that cannot be written, an export.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
enum Baseline {
    /// `(start, end, insert)` byte ranges of the text, in order, not overlapping.
    #[serde(rename = "d")]
    Edits(Vec<(usize, usize, String)>),
    #[serde(rename = "t")]
    Text(String),
}

impl Baseline {
    fn of(project: &Project) -> Option<Baseline> {
        let text = &project.baseline_text;
        if let Ok((written, ..)) = crate::sync::write(text, &project.current, &project.baseline) {
            return Some(Baseline::Edits(line_edits(text, &written)));
        }
        // Views are not rewritten from the model: the undo history takes the text back instead.
        if let Some(undone) = undo_all(project).filter(|t| says(t, &project.baseline)) {
            return Some(Baseline::Edits(line_edits(text, &undone)));
        }
        baseline_text(&project.baseline).map(Baseline::Text)
    }

    /// The baseline's text, or why the link's edits do not fit its text.
    fn text(&self, current: &str) -> Result<String, ShareError> {
        match self {
            Baseline::Text(t) => Ok(t.clone()),
            Baseline::Edits(edits) => {
                let mut out = String::with_capacity(current.len());
                let mut at = 0;
                for (start, end, insert) in edits {
                    let piece = current.get(at..*start).filter(|_| start <= end).ok_or_else(|| ShareError::Damaged("its baseline does not fit its text".into()))?;
                    out.push_str(piece);
                    current.get(*start..*end).ok_or_else(|| ShareError::Damaged("its baseline does not fit its text".into()))?;
                    out.push_str(insert);
                    at = *end;
                }
                out.push_str(current.get(at..).unwrap_or_default());
                Ok(out)
            }
        }
    }
}

/// The text before every step of the project's undo history.
fn undo_all(project: &Project) -> Option<String> {
    let mut history = project.history.clone()?;
    let (mut text, mut schema) = (project.baseline_text.clone(), project.current.clone());
    let mut doc = crate::sync::Document { text: &mut text, schema: &mut schema, history: &mut history };
    while doc.undo().ok()?.is_some() {}
    Some(text)
}

/// `text` imports to `schema` (names matched, as a link's baseline is opened).
fn says(text: &str, schema: &Schema) -> bool {
    let options = ImportOptions { dialect: Some(schema.dialect), database: schema.database.clone(), format: Some(schema.source) };
    crate::sync::equivalent(&crate::sync::reconcile(schema, import(text, &options).schema), schema).is_ok()
}

/// The lines of `old` that `new` replaces, as byte ranges of `old` and their replacement.
fn line_edits(old: &str, new: &str) -> Vec<(usize, usize, String)> {
    let diff = similar::TextDiff::from_lines(old, new);
    let (a, b) = (diff.old_slices(), diff.new_slices());
    let offsets = |lines: &[&str]| -> Vec<usize> {
        let mut v = Vec::with_capacity(lines.len() + 1);
        let mut n = 0;
        v.push(0);
        for l in lines {
            n += l.len();
            v.push(n);
        }
        v
    };
    let (oa, ob) = (offsets(a), offsets(b));
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for op in diff.ops() {
        if op.tag() == similar::DiffTag::Equal {
            continue;
        }
        let (ra, rb) = (op.old_range(), op.new_range());
        // The diff's ranges are within its line lists; the offsets have one entry more.
        let (Some(&start), Some(&end), Some(&from), Some(&to)) = (oa.get(ra.start), oa.get(ra.end), ob.get(rb.start), ob.get(rb.end)) else { continue };
        let insert = new.get(from..to).unwrap_or_default().to_string();
        match edits.last_mut() {
            Some(last) if last.1 == start => {
                last.1 = end;
                last.2.push_str(&insert);
            }
            _ => edits.push((start, end, insert)),
        }
    }
    edits
}

/// A link's payload (after `#share=`) and what it does not carry.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    pub payload: String,
    /// What the link leaves out, in words for the user; empty when it is the whole project
    /// (apart from the undo history and the selection, which a link never carries).
    pub left_out: Vec<String>,
}

impl Link {
    /// The payload's size in bytes (it is ASCII).
    pub fn bytes(&self) -> usize {
        self.payload.len()
    }
}

/// Why a link was not made or cannot be opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// The project packs into more than [`MAX_LINK_BYTES`].
    TooBig { bytes: usize },
    /// The link is not one this build can open; the message says where and why.
    Damaged(String),
    /// Made by a newer erdsmith.
    Newer(String),
}

impl std::fmt::Display for ShareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ShareError::TooBig { bytes } => write!(
                f,
                "this project packs into {} KB, too big for a link (at most {} KB): save the project file and send that instead",
                bytes.div_ceil(1024),
                MAX_LINK_BYTES / 1024
            ),
            ShareError::Damaged(why) => write!(f, "the shared link cannot be opened: {why}"),
            ShareError::Newer(v) => write!(f, "the shared link was made by a newer erdsmith (link version {v}; this version reads {VERSION})"),
        }
    }
}

/// The places of `schema` that differ from `auto` (what opening the text alone gives: the auto
/// layout is deterministic, so an untouched diagram sends no positions at all).
fn places(schema: &Schema, auto: &Schema) -> Vec<Place> {
    let auto: std::collections::HashMap<(bool, String), Place> = all_places(auto).into_iter().map(|p| ((p.view, p.name.clone()), p)).collect();
    all_places(schema).into_iter().filter(|p| (p.x.is_some() || p.color.is_some()) && auto.get(&(p.view, p.name.clone())) != Some(p)).collect()
}

/// Every table's and view's place and colour, by qualified name.
fn all_places(schema: &Schema) -> Vec<Place> {
    let tables = schema.tables.iter().map(|t| Place { name: t.qualified_name(), view: false, x: t.position.map(|p| p.x), y: t.position.map(|p| p.y), color: t.color.clone() });
    let views = schema.views.iter().map(|v| Place { name: v.qualified_name(), view: true, x: v.position.map(|p| p.x), y: v.position.map(|p| p.y), color: None });
    tables.chain(views).collect()
}

/// The model opening `text` alone gives, placed by the auto layout.
fn auto_placed(text: &str, dialect: Option<Dialect>, database: Option<String>) -> Schema {
    let mut s = import(text, &options(dialect, database)).schema;
    crate::layout::place_unplaced(&mut s);
    s
}

/// The text `schema` is written in, for a baseline: its own language, or SQL in its dialect.
fn baseline_text(schema: &Schema) -> Option<String> {
    let format = match schema.source {
        SourceFormat::Dbml => crate::export::Format::Dbml,
        SourceFormat::Prisma => crate::export::Format::Prisma,
        s if s.is_sql() => crate::export::Format::Sql(schema.dialect),
        _ => return None,
    };
    crate::export::export(schema, format).ok().map(|e| e.text)
}

fn options(dialect: Option<Dialect>, database: Option<String>) -> ImportOptions {
    ImportOptions { dialect, database, format: None }
}

/// Packs `project` into a link, opens it again and lists what did not come back.
pub fn encode(project: &Project) -> Result<Link, ShareError> {
    let current = &project.current;
    let name_of = |id| current.table(id).map(|t| t.qualified_name());
    let table_fds = project.analysis.table_fds.iter().filter_map(|(id, text)| Some((name_of(*id)?, text.clone()))).collect();
    let mut analysis = project.analysis.clone();
    analysis.table_fds.clear();
    let same_baseline = crate::sync::equivalent(&project.baseline, current).is_ok();
    let shared = Shared {
        name: project.name.clone(),
        text: project.baseline_text.clone(),
        dialect: project.dialect,
        database: current.database.clone(),
        places: places(current, &auto_placed(&project.baseline_text, project.dialect, current.database.clone())),
        notes: current.notes.clone(),
        analysis,
        table_fds,
        viewport: project.viewport,
        ui: UiSettings { focus: None, selection: Default::default(), ..project.ui.clone() },
        baseline: if same_baseline { None } else { Baseline::of(project) },
        renames: if same_baseline { Vec::new() } else { renames(&project.baseline, current) },
    };
    let packed = compress(&pack(&shared)?)?;
    let payload = format!("{VERSION}.{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(packed));
    if payload.len() > MAX_LINK_BYTES {
        return Err(ShareError::TooBig { bytes: payload.len() });
    }
    let opened = decode(&payload)?;
    Ok(Link { payload, left_out: losses(project, &opened) })
}

/// Opens a link's payload (what follows `#share=`) as a project.
pub fn decode(payload: &str) -> Result<Project, ShareError> {
    let payload = payload.trim();
    let (version, data) = payload.split_once('.').ok_or_else(|| ShareError::Damaged("it has no version (the link was cut before its first `.`)".into()))?;
    if version != VERSION && version != VERSION_DEFLATE {
        return match version.parse::<u32>() {
            Ok(_) => Err(ShareError::Newer(version.to_string())),
            Err(_) => Err(ShareError::Damaged(format!("`{}` is not a link version", version.chars().take(12).collect::<String>()))),
        };
    }
    if let Some((at, c)) = data.char_indices().find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_')) {
        return Err(ShareError::Damaged(format!("character {} of the link is `{c}`, which a link never holds (was it cut or changed?)", at + version.len() + 2)));
    }
    let packed = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(data)
        .map_err(|e| ShareError::Damaged(format!("it is not valid base64url ({e}); was it cut?")))?;
    let json = if version == VERSION_DEFLATE {
        miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_PAYLOAD_BYTES)
            .map_err(|e| ShareError::Damaged(format!("its data is cut or damaged ({:?} after {} bytes)", e.status, e.output.len())))?
    } else {
        decompress(&packed)?
    };
    open(unpack(&json)?)
}

/// Version 2's bytes: the unpacked length (LEB128), the Adler-32 of the unpacked bytes (big
/// endian), then the PPMd7 stream with its end marker. The length, the end marker and the
/// checksum each refuse a cut or changed link that would otherwise open as something else.
fn compress(bytes: &[u8]) -> Result<Vec<u8>, ShareError> {
    use std::io::Write;
    let failed = |e: &dyn std::fmt::Display| ShareError::Damaged(format!("it could not be packed ({e})"));
    let mut out = Vec::with_capacity(bytes.len() / 4 + 16);
    let mut n = bytes.len();
    loop {
        let low = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(low);
            break;
        }
        out.push(low | 0x80);
    }
    out.extend_from_slice(&adler2::adler32_slice(bytes).to_be_bytes());
    let mut encoder = ppmd_rust::Ppmd7Encoder::new(out, PPMD_ORDER, PPMD_MEMORY).map_err(|e| failed(&e))?;
    encoder.write_all(bytes).map_err(|e| failed(&e))?;
    encoder.finish(true).map_err(|e| failed(&e))
}

fn decompress(packed: &[u8]) -> Result<Vec<u8>, ShareError> {
    use std::io::Read;
    let damaged = |why: String| ShareError::Damaged(format!("its data is cut or damaged ({why})"));
    let mut len = 0usize;
    let mut at = 0;
    loop {
        let byte = *packed.get(at).ok_or_else(|| damaged("no length".into()))?;
        len |= usize::from(byte & 0x7f).checked_shl(7 * at as u32).filter(|_| at < 4).ok_or_else(|| damaged("a length too long".into()))?;
        at += 1;
        if byte & 0x80 == 0 {
            break;
        }
    }
    if len > MAX_PAYLOAD_BYTES {
        return Err(damaged(format!("it says {len} bytes, more than a link holds")));
    }
    let sum = packed.get(at..at + 4).and_then(|s| <[u8; 4]>::try_from(s).ok()).ok_or_else(|| damaged("no checksum".into()))?;
    let stream = packed.get(at + 4..).unwrap_or_default();
    let mut decoder = ppmd_rust::Ppmd7Decoder::new(stream, PPMD_ORDER, PPMD_MEMORY).map_err(|e| damaged(e.to_string()))?;
    let mut bytes = vec![0; len];
    decoder.read_exact(&mut bytes).map_err(|e| damaged(format!("{e} before byte {len}")))?;
    let mut rest = [0u8; 1];
    match decoder.read(&mut rest) {
        Ok(0) => {}
        Ok(_) => return Err(damaged(format!("more than the {len} bytes it says"))),
        Err(e) => return Err(damaged(e.to_string())),
    }
    if adler2::adler32_slice(&bytes).to_be_bytes() != sum {
        return Err(damaged("its checksum does not match".into()));
    }
    Ok(bytes)
}

/// The payload's bytes before compression: the settings as one line of JSON, a newline, then
/// the text as it is.
fn pack(shared: &Shared) -> Result<Vec<u8>, ShareError> {
    let mut bytes = serde_json::to_vec(shared).map_err(|e| ShareError::Damaged(e.to_string()))?;
    bytes.push(b'\n');
    bytes.extend_from_slice(shared.text.as_bytes());
    Ok(bytes)
}

fn unpack(bytes: &[u8]) -> Result<Shared, ShareError> {
    let damaged = |why: String| ShareError::Damaged(format!("its content is not a shared project ({why})"));
    let at = bytes.iter().position(|&b| b == b'\n').ok_or_else(|| damaged("no text".into()))?;
    let (json, text) = bytes.split_at(at);
    let text = text.get(1..).unwrap_or_default();
    let mut shared: Shared = crate::json_from_utf8(json).map_err(damaged)?;
    shared.text = String::from_utf8(text.to_vec()).map_err(|e| damaged(e.to_string()))?;
    Ok(shared)
}

/// The project a payload describes: its text imported, then what the text does not say.
fn open(s: Shared) -> Result<Project, ShareError> {
    // The auto layout first (what the link leaves out is where it put things), then the places
    // the user changed.
    let mut current = auto_placed(&s.text, s.dialect, s.database.clone());
    for p in &s.places {
        let position = p.x.zip(p.y).map(|(x, y)| Point { x, y });
        if p.view {
            if let Some(v) = current.views.iter_mut().find(|v| v.qualified_name() == p.name) {
                v.position = position.or(v.position);
            }
        } else if let Some(t) = current.tables.iter_mut().find(|t| t.qualified_name() == p.name) {
            t.position = position.or(t.position);
            t.color = p.color.clone();
        }
    }
    current.notes = s.notes;
    current.next_id = current.notes.iter().map(|n| n.id.0 + 1).fold(current.next_id, u32::max);
    let baseline = match &s.baseline {
        Some(b) => {
            let text = b.text(&s.text)?;
            let options = ImportOptions { dialect: Some(current.dialect), database: current.database.clone(), format: Some(current.source) };
            baseline_with_ids(&current, import(&text, &options).schema, &s.renames)
        }
        None => current.clone(),
    };
    let mut analysis = s.analysis;
    analysis.table_fds = s.table_fds.into_iter().filter_map(|(name, text)| Some((current.tables.iter().find(|t| t.qualified_name() == name)?.id, text))).collect();
    let mut project = Project::new(s.name, s.text, s.dialect, baseline);
    project.current = current;
    project.analysis = analysis;
    project.viewport = s.viewport;
    project.ui = s.ui;
    Ok(project)
}

/// What `opened` (a link of `original`, opened) lost, in words. The undo history and the
/// selection are not listed: a link never carries them, and the UI says so once.
pub fn losses(original: &Project, opened: &Project) -> Vec<String> {
    let mut out = Vec::new();
    let (a, b) = (&original.current, &opened.current);
    if opened.baseline_text != original.baseline_text {
        out.push("the text".to_string());
    }
    let by_name = |s: &Schema| -> BTreeMap<String, (Option<Point>, Option<String>)> {
        s.tables.iter().map(|t| (t.qualified_name(), (t.position, t.color.clone()))).chain(s.views.iter().map(|v| (format!("view {}", v.qualified_name()), (v.position, None)))).collect()
    };
    let (pa, pb) = (by_name(a), by_name(b));
    if pa.keys().ne(pb.keys()) {
        out.push("some tables or views (the text imports differently on its own)".to_string());
    } else if let Some(((name, _), _)) = pa.iter().zip(&pb).find(|((_, x), (_, y))| x.1 != y.1 || x.0.is_some() && x.0 != y.0) {
        out.push(format!("the position or colour of {name}"));
    }
    if a.notes != b.notes {
        out.push("the notes".to_string());
    }
    let fds = |p: &Project| -> BTreeMap<String, String> {
        p.analysis.table_fds.iter().filter_map(|(id, t)| Some((p.current.table(*id)?.qualified_name(), t.clone()))).collect()
    };
    let mut settings = original.analysis.clone();
    settings.table_fds.clear();
    let mut settings_b = opened.analysis.clone();
    settings_b.table_fds.clear();
    if settings != settings_b || fds(original) != fds(opened) {
        out.push("some rule settings".to_string());
    }
    if !baseline_matches(original, opened) {
        out.push("the migration baseline (the link's baseline differs; the migration plan will too)".to_string());
    }
    out
}

/// The baseline came back: the same tables, columns and keys as before (compared with ids
/// matched by name), paired with the same current tables (a rename since the baseline stays
/// a rename, not a drop and an add).
fn baseline_matches(original: &Project, opened: &Project) -> bool {
    let aligned = crate::sync::reconcile(&original.baseline, opened.baseline.clone());
    let pairs = |p: &Project| -> Vec<(String, Option<String>)> {
        let mut v: Vec<_> = p.baseline.tables.iter().map(|t| (t.qualified_name(), p.current.table(t.id).map(|c| c.qualified_name()))).collect();
        v.sort();
        v
    };
    crate::sync::equivalent(&original.baseline, &aligned).is_ok() && pairs(original) == pairs(opened)
}
