//! The saved unit: what was pasted, the schema as imported and as edited, and the canvas and
//! analysis settings, as one versioned JSON document (`*.erdsmith.json`). Pure data: the UI and
//! the CLI do the file and storage IO.
//!
//! **Invariant:** `Project::from_json` never panics and only returns projects whose schemas pass
//! `Schema::validate`.

use crate::analysis::AnalysisConfig;
use crate::layout::Viewport;
use crate::schema::{Dialect, Schema, Table, SCHEMA_VERSION};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The `format` tag every project file starts with.
pub const PROJECT_FORMAT: &str = "erdsmith-project";
/// The project file version this build writes (and the newest it reads).
pub const PROJECT_VERSION: u32 = 1;
/// The file name extension of saved projects.
pub const FILE_EXTENSION: &str = ".erdsmith.json";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Project {
    /// Always [`PROJECT_FORMAT`]; tells a project apart from any other JSON.
    pub format: String,
    pub version: u32,
    pub name: String,
    /// The DDL text. It says `current`: model edits are written into it (`sync`). (The name is
    /// from the first file version, when it held the text as pasted.)
    pub baseline_text: String,
    /// The dialect the user chose instead of the detected one.
    pub dialect: Option<Dialect>,
    /// The schema as imported from `baseline_text`.
    pub baseline: Schema,
    /// The schema as edited since (what the diagram shows; diffed against `baseline`).
    pub current: Schema,
    #[serde(default)]
    pub analysis: AnalysisConfig,
    #[serde(default)]
    pub viewport: Viewport,
    #[serde(default)]
    pub ui: UiSettings,
    /// The undo history over the text and the model, so a reload can still undo (absent in
    /// files written before it was kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<crate::sync::History>,
}

/// What comes before the two schemas in a project's compact JSON (see [`json_head_around_text`]).
#[derive(Serialize)]
struct Head<'a> {
    format: &'a str,
    version: u32,
    name: &'a str,
    baseline_text: &'a str,
    dialect: Option<Dialect>,
}

/// What comes after the two schemas.
#[derive(Serialize)]
struct Tail<'a> {
    analysis: &'a AnalysisConfig,
    viewport: &'a Viewport,
    ui: &'a UiSettings,
    #[serde(skip_serializing_if = "Option::is_none")]
    history: Option<&'a crate::sync::History>,
}

/// Everything of a project but its text and two schemas, borrowed (see [`json_head_around_text`]).
pub struct ProjectRest<'a> {
    pub name: &'a str,
    pub dialect: Option<Dialect>,
    pub analysis: &'a AnalysisConfig,
    pub viewport: &'a Viewport,
    pub ui: &'a UiSettings,
    pub history: Option<&'a crate::sync::History>,
}

/// The key written before the baseline's JSON, and the one before the current schema's.
pub const BASELINE_KEY: &str = ",\"baseline\":";
pub const CURRENT_KEY: &str = ",\"current\":";

/// What follows the two schemas in a project's compact JSON ([`json_head_around_text`]).
pub fn json_tail(rest: &ProjectRest) -> Result<String, serde_json::Error> {
    let tail = serde_json::to_string(&Tail { analysis: rest.analysis, viewport: rest.viewport, ui: rest.ui, history: rest.history })?;
    // `{"analysis":…}` → `,"analysis":…}`: never empty, `analysis` is always written.
    Ok(format!(",{}", tail.get(1..).unwrap_or_default()))
}

/// A project's compact JSON in pieces, so that a caller who saves after every pause in typing
/// serializes the two schemas (megabytes at a thousand tables) only when they changed, and
/// escapes a text of megabytes a slice at a time: `before`, the text escaped in
/// [`json_text_chunk`]s, `after`, [`BASELINE_KEY`], the baseline, [`CURRENT_KEY`], the current
/// schema (each as `serde_json::to_string` writes it) and [`json_tail`] are exactly
/// `serde_json::to_string` of the whole project (checked by
/// `project_json_pieces_are_the_project_json` and `a_text_escaped_in_pieces_is_the_text_escaped`
/// in tests/it/share.rs). Returns (`before`, ending with the text's opening quote; `after`,
/// beginning with its closing one).
pub fn json_head_around_text(rest: &ProjectRest) -> Result<(String, String), serde_json::Error> {
    let head = serde_json::to_string(&Head { format: PROJECT_FORMAT, version: PROJECT_VERSION, name: rest.name, baseline_text: "", dialect: rest.dialect })?;
    // The only `"baseline_text":""` outside a string: within one, quotes are escaped.
    const EMPTY: &str = "\"baseline_text\":\"\"";
    let at = head.find(EMPTY).ok_or_else(|| <serde_json::Error as serde::ser::Error>::custom("no text in the project's JSON"))?;
    let (before, after) = head.split_at(at + EMPTY.len() - 1);
    let mut after = after.to_string();
    after.pop(); // the closing brace: the schemas follow
    Ok((before.to_string(), after))
}

/// The bytes of text a piece of [`json_text_chunk`] covers, at most.
pub const TEXT_CHUNK_BYTES: usize = 256 * 1024;

/// The piece of `text` from byte `from` (a character boundary) of at most [`TEXT_CHUNK_BYTES`]
/// bytes, ended at a character boundary, escaped as in a JSON string (without quotes); and the
/// byte where the next begins. JSON escapes character by character, so the pieces of a text in
/// order are its escaped whole.
pub fn json_text_chunk(text: &str, from: usize) -> Result<(String, usize), serde_json::Error> {
    let mut end = from.saturating_add(TEXT_CHUNK_BYTES).min(text.len());
    while end > from && !text.is_char_boundary(end) {
        end -= 1;
    }
    let piece = text.get(from..end).ok_or_else(|| <serde_json::Error as serde::ser::Error>::custom("not a character boundary"))?;
    let quoted = serde_json::to_string(piece)?;
    let inner = quoted.get(1..quoted.len().saturating_sub(1)).unwrap_or_default().to_string();
    Ok((inner, end))
}

/// A schema's compact JSON before its tables and after them: what goes around the JSON of its
/// tables ([`TableChunks`]).
pub fn json_around_tables(schema: &Schema) -> Result<(String, String), serde_json::Error> {
    // The schema without its tables (a struct literal: a new field of `Schema` must be added
    // here, or this does not compile), split where its empty table list is. `version` and
    // `dialect` (a number and a plain name) are the only fields before `tables`, so the first
    // `"tables":[]` is the field itself.
    let shell = Schema {
        version: schema.version,
        dialect: schema.dialect,
        tables: Vec::new(),
        views: schema.views.clone(),
        enums: schema.enums.clone(),
        sequences: schema.sequences.clone(),
        domains: schema.domains.clone(),
        namespaces: schema.namespaces.clone(),
        objects: schema.objects.clone(),
        database: schema.database.clone(),
        notes: schema.notes.clone(),
        groups: schema.groups.clone(),
        source: schema.source,
        next_id: schema.next_id,
    };
    let json = serde_json::to_string(&shell)?;
    const EMPTY: &str = "\"tables\":[]";
    let at = json.find(EMPTY).ok_or_else(|| <serde_json::Error as serde::ser::Error>::custom("no table list in the schema's JSON"))?;
    let (before, after) = json.split_at(at + EMPTY.len() - 1);
    Ok((before.to_string(), after.to_string()))
}

/// Tables per chunk of [`TableChunks`].
pub const TABLES_PER_CHUNK: usize = 20;

/// The JSON of a schema's tables in chunks of [`TABLES_PER_CHUNK`], each kept as what the
/// caller made of it (`P`: the auto-save's byte copy in the browser) with a copy of the tables
/// it was written from. A later write of the schema, changed in a table or two (a pause in
/// typing into a 3,000-table text), writes only the chunks whose tables changed; the rest is
/// compared, not written. Between [`json_around_tables`]'s two parts, the chunks of a schema in
/// order are exactly its JSON (`tests/it/share.rs::table_chunks_are_the_schema_json_and_only_changed_ones_are_written`,
/// `table_chunks_of_every_corpus_schema_are_its_json`).
pub struct TableChunks<P> {
    kept: Vec<Option<(Vec<Table>, P)>>,
}

impl<P> Default for TableChunks<P> {
    fn default() -> Self {
        TableChunks { kept: Vec::new() }
    }
}

impl<P: Clone> TableChunks<P> {
    /// How many chunks `schema`'s tables are.
    pub fn count(schema: &Schema) -> usize {
        schema.tables.len().div_ceil(TABLES_PER_CHUNK)
    }

    /// Chunk `k` of `schema`'s tables, and whether it was made now: what was kept when its
    /// tables are those it was made from, else `make` of its JSON (a comma first unless it is
    /// the first chunk), kept.
    pub fn chunk(&mut self, schema: &Schema, k: usize, make: impl FnOnce(String) -> Result<P, String>) -> Result<(P, bool), String> {
        let start = k.saturating_mul(TABLES_PER_CHUNK).min(schema.tables.len());
        let end = start.saturating_add(TABLES_PER_CHUNK).min(schema.tables.len());
        let tables = schema.tables.get(start..end).unwrap_or_default();
        if let Some((_, made)) = self.kept.get(k).and_then(Option::as_ref).filter(|(kept, _)| kept.as_slice() == tables) {
            return Ok((made.clone(), false));
        }
        let mut json = String::new();
        for (i, table) in tables.iter().enumerate() {
            if start + i > 0 {
                json.push(',');
            }
            json.push_str(&serde_json::to_string(table).map_err(|e| e.to_string())?);
        }
        let made = make(json)?;
        if self.kept.len() <= k {
            self.kept.resize_with(k + 1, || None);
        }
        if let Some(slot) = self.kept.get_mut(k) {
            *slot = Some((tables.to_vec(), made.clone()));
        }
        Ok((made, true))
    }

    /// Forgets the chunks from `count` on (a schema with fewer tables).
    pub fn truncate(&mut self, count: usize) {
        self.kept.truncate(count);
    }
}

/// Canvas and panel preferences saved with a project.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UiSettings {
    /// Show column types in the boxes.
    pub show_types: bool,
    /// Show PK/FK/unique markers in the boxes.
    pub show_markers: bool,
    /// Snap moved tables to a grid of `grid` diagram units.
    pub snap_to_grid: bool,
    pub grid: f64,
    /// The table the focus view centres on and how many FK hops it shows.
    pub focus: Option<crate::schema::TableId>,
    pub focus_hops: u32,
    /// The selected tables, views and notes.
    pub selection: crate::canvas::Selection,
    /// Anything else the UI wants to remember, by key (kept verbatim).
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl Default for UiSettings {
    fn default() -> Self {
        UiSettings {
            show_types: true,
            show_markers: true,
            snap_to_grid: false,
            grid: 20.0,
            focus: None,
            focus_hops: 1,
            selection: crate::canvas::Selection::default(),
            extra: BTreeMap::new(),
        }
    }
}

/// The fields read before the rest, so a wrong or newer file gets a clear message.
#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    version: Option<serde_json::Value>,
}

impl Project {
    /// A fresh project from an import: the current schema starts equal to the baseline.
    pub fn new(name: impl Into<String>, baseline_text: impl Into<String>, dialect: Option<Dialect>, baseline: Schema) -> Self {
        Project {
            format: PROJECT_FORMAT.to_string(),
            version: PROJECT_VERSION,
            name: name.into(),
            baseline_text: baseline_text.into(),
            dialect,
            current: baseline.clone(),
            baseline,
            analysis: AnalysisConfig::default(),
            viewport: Viewport::default(),
            ui: UiSettings::default(),
            history: None,
        }
    }

    /// Pretty JSON (diffable when the file is kept in git).
    pub fn to_json(&self) -> String {
        // Serializing plain data with string keys cannot fail; keep a readable fallback anyway.
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }

    /// Reads a project file, with a message fit for the user when it is not one we can open.
    pub fn from_json(text: &str) -> Result<Project, String> {
        let header: Header = serde_json::from_str(text).map_err(|e| format!("not an erdsmith project: {e}"))?;
        match header.format.as_deref() {
            Some(PROJECT_FORMAT) => {}
            Some(other) => return Err(format!("not an erdsmith project: format is `{other}`, expected `{PROJECT_FORMAT}`")),
            None => return Err(format!("not an erdsmith project: the `format` field is missing (expected `{PROJECT_FORMAT}`)")),
        }
        let version = match header.version {
            Some(serde_json::Value::Number(n)) => n.as_u64(),
            _ => None,
        };
        match version {
            Some(v) if v == u64::from(PROJECT_VERSION) => {}
            Some(v) if v > u64::from(PROJECT_VERSION) => {
                return Err(format!(
                    "this project was saved by a newer erdsmith (file version {v}; this version reads up to {PROJECT_VERSION})"
                ));
            }
            Some(v) => return Err(format!("unsupported project file version {v} (expected {PROJECT_VERSION})")),
            None => return Err("the project file has no valid `version` number".to_string()),
        }
        let project: Project = serde_json::from_str(text).map_err(|e| format!("damaged project file: {e}"))?;
        for (what, schema) in [("baseline", &project.baseline), ("current", &project.current)] {
            if schema.version != SCHEMA_VERSION {
                return Err(format!("the {what} schema has version {} (expected {SCHEMA_VERSION})", schema.version));
            }
            schema.validate().map_err(|e| format!("the {what} schema is inconsistent: {e}"))?;
        }
        if !(project.viewport.zoom.is_finite() && project.viewport.zoom > 0.0) {
            return Err(format!("the viewport zoom {} is not a positive number", project.viewport.zoom));
        }
        Ok(project)
    }

    /// A file name for downloads: the project name with unsafe characters replaced.
    pub fn file_name(&self) -> String {
        let stem: String = self
            .name
            .trim()
            .chars()
            .map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '_' })
            .collect();
        let stem = if stem.trim_matches('_').is_empty() { "schema".to_string() } else { stem };
        format!("{stem}{FILE_EXTENSION}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{Edit, apply};
    use crate::layout::synthetic;
    use crate::schema::Point;

    fn sample() -> Project {
        let schema = synthetic::schema(6, 3);
        let mut p = Project::new("Shop / v2", "CREATE TABLE t (id int);", Some(Dialect::Mysql), schema);
        let first = p.current.tables[0].id;
        apply(&mut p.current, Edit::MoveTables { moves: vec![(first, Some(Point { x: 12.5, y: -3.0 }))] }).expect("moves");
        p.viewport = Viewport { zoom: 0.75, pan: Point { x: 10.0, y: 20.0 } };
        p.analysis.disabled.push("missing_primary_key".into());
        p.ui.extra.insert("panel".into(), serde_json::json!({"open": true}));
        p.ui.selection = crate::canvas::Selection::only(crate::canvas::Item::Table(first));
        let mut history = crate::sync::History::new();
        let mut text = p.baseline_text.clone();
        let typed = format!("{text}\n-- typed");
        crate::sync::type_text(&mut text, &mut history, typed, 0.0);
        p.history = Some(history);
        p
    }

    #[test]
    fn round_trips_through_json() {
        let p = sample();
        let back = Project::from_json(&p.to_json()).expect("reads back");
        assert_eq!(back, p);
        assert_ne!(back.current, back.baseline, "the edit survived");
        assert!(back.history.as_ref().is_some_and(|h| h.can_undo()), "the undo history survived");
        assert_eq!(back.ui.selection.tables.len(), 1, "the selection survived");
        assert_eq!(p.file_name(), "Shop___v2.erdsmith.json");
    }

    #[test]
    fn note_ids_are_written_as_plain_numbers() {
        // As in files written before `NoteId`: a note's id, a selected note and a note edit in
        // the history are bare numbers, and such a file reads back.
        let mut p = sample();
        let id = crate::schema::NoteId(p.current.fresh_id());
        let put = Edit::PutNote { note: crate::schema::Note { id, text: "hi".into(), position: Point::default() } };
        let inverse = apply(&mut p.current, put.clone()).expect("adds the note");
        let mut history = crate::sync::History::new();
        history.push(crate::sync::Step { edit: Some((put, inverse)), text: None, typing_at: None, database: None });
        p.history = Some(history);
        p.ui.selection = crate::canvas::Selection::only(crate::canvas::Item::Note(id));
        let json = p.to_json();
        let v: serde_json::Value = serde_json::from_str(&json).expect("json");
        let n = serde_json::json!(id.0);
        assert_eq!(v["current"]["notes"][0]["id"], n);
        assert_eq!(v["ui"]["selection"]["notes"][0], n);
        assert_eq!(v["history"]["undo"][0]["edit"][1], serde_json::json!({"DeleteNote": {"id": id.0}}));
        assert_eq!(Project::from_json(&json).expect("reads back"), p);
    }

    #[track_caller]
    fn check_rejected(text: &str, message: &str) {
        match Project::from_json(text) {
            Ok(_) => panic!("{text:.80} should be rejected"),
            Err(e) => assert!(e.contains(message), "error {e:?} should mention {message:?}"),
        }
    }

    #[test]
    fn rejects_what_it_cannot_open_with_a_message() {
        let good: serde_json::Value = serde_json::from_str(&sample().to_json()).expect("json");
        let with = |pointer: &str, value: serde_json::Value| {
            let mut v = good.clone();
            if let Some(slot) = v.pointer_mut(pointer) {
                *slot = value;
            }
            v.to_string()
        };
        check_rejected("", "not an erdsmith project");
        check_rejected("[1, 2]", "not an erdsmith project");
        check_rejected("{\"name\": \"x\"}", "`format` field is missing");
        check_rejected("{\"format\": \"drawio\", \"version\": 1}", "format is `drawio`");
        check_rejected(&with("/version", serde_json::json!(7)), "newer erdsmith");
        check_rejected(&with("/version", serde_json::json!(0)), "unsupported project file version 0");
        check_rejected(&with("/version", serde_json::json!("1")), "no valid `version`");
        check_rejected(&with("/current/tables/0/id", serde_json::json!(999_999)), "current schema is inconsistent");
        check_rejected(&with("/baseline/next_id", serde_json::json!(1)), "baseline schema is inconsistent");
        check_rejected(&with("/current/version", serde_json::json!(9)), "current schema has version 9");
        check_rejected(&with("/viewport/zoom", serde_json::json!(0.0)), "zoom");
        check_rejected(&with("/baseline", serde_json::json!("oops")), "damaged project file");
    }

    #[test]
    fn never_panics_on_truncated_or_mangled_text() {
        let text = sample().to_json();
        let mut rejected = 0;
        for cut in (0..text.len()).step_by(97) {
            if text.is_char_boundary(cut) && Project::from_json(&text[..cut]).is_err() {
                rejected += 1;
            }
        }
        assert!(rejected > 10, "truncations are rejected");
        let mangled = text.replace("\"id\"", "\"id\":0,\"x\"");
        assert!(Project::from_json(&mangled).is_err());
        let deep = "[".repeat(100_000);
        assert!(Project::from_json(&deep).is_err(), "deep nesting is an error, not a stack overflow");
    }

    #[test]
    fn missing_settings_take_defaults() {
        let mut v: serde_json::Value = serde_json::from_str(&sample().to_json()).expect("json");
        if let Some(o) = v.as_object_mut() {
            o.remove("analysis");
            o.remove("viewport");
            o.remove("ui");
        }
        if let Some(o) = v.as_object_mut() {
            o.remove("history");
        }
        let p = Project::from_json(&v.to_string()).expect("reads");
        assert_eq!(p.history, None, "a file written before the history was kept opens");
        assert_eq!(p.viewport, Viewport::default());
        assert_eq!(p.ui, UiSettings::default());
        assert!(p.analysis.disabled.is_empty());
    }
}
