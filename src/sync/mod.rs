//! The SQL text and the model as one source of truth.
//!
//! The text is the schema: the model is always what the text imports to, with the ids, canvas
//! positions and colors of the model before it (`reconcile`). A model edit (inspector, diagram,
//! a fix) is written into the text as the smallest text change that says it (`patch`), at the
//! places the text defines the edited objects; the patched text is imported again and must give
//! the edited model (`equivalent`), or the edit is refused and nothing changes. Typing in the
//! text imports it and keeps the ids of everything that kept its name. One history (`History`)
//! holds both kinds of step, so undo restores the exact text and the model with it.
//!
//! **Invariant:** after every `Document` operation, `import(text)` reconciled with the model is
//! `equivalent` to the model: no model edit is ever lost by the next import
//! (`tests/it/sync.rs` checks it over random edit sequences on corpus schemas).
//!
//! Public API (used by ui/): `Document`, `History`, `TextChange`, `commit`, `type_text`,
//! `reconcile`, `equivalent`, `write`, `text_differs`; `ImportJob` and its worker messages
//! (`JobRequest`, `JobReply`), the editor's import.

mod change;
mod compare;
mod history;
mod job;
mod patch;
mod reconcile;
mod scan;
mod sites;
mod unfinished;
mod views;

pub use change::{TextChange, apply_all, byte_offset, common_prefix};
pub use compare::equivalent;
pub use history::{DatabaseSwitch, History, Step, TYPING_PAUSE_MS, compose};
pub use reconcile::{reconcile, starts_blank};
pub use job::{Assembly, ImportJob, Imported, JobReply, JobRequest, KEPT_PER_REPLY, Reuse, ReviewJob, STEP_STATEMENTS, TABLES_PER_REPLY, WireError, import, span_shift, step_within};
pub use unfinished::{Unfinished, blank, diagnostic as unfinished_diagnostic, unfinished};

use crate::diagnostic::Diagnostic;
use crate::edit::{self, Edit, EditError};
use crate::import::ImportOptions;
use crate::schema::Schema;

/// A model edit written into the text: the new text, the model it imports to (with the ids of
/// the edited model), that import's diagnostics, and what the writing needed.
#[derive(Debug)]
pub struct Committed {
    pub text: String,
    pub schema: Schema,
    /// `None` when the text did not change (a canvas-only edit: a move, a note, a color).
    pub diagnostics: Option<Vec<Diagnostic>>,
    pub inverse: Edit,
    /// Tables whose body had to be rewritten from the model instead of patched in place.
    pub regenerated: Vec<String>,
}

/// The model the review reads: `schema` without what the canvas alone holds (positions of
/// tables and views, sticky notes), so that moving a box does not review again.
pub fn model_of(schema: &Schema) -> Schema {
    let mut m = schema.clone();
    strip_canvas(&mut m);
    m
}

/// Turns `schema` into [`model_of`] itself, in place.
pub fn strip_canvas(schema: &mut Schema) {
    for t in &mut schema.tables {
        t.position = None;
    }
    for v in &mut schema.views {
        v.position = None;
    }
    schema.notes.clear();
}

/// Whether two models need different texts (anything but canvas positions, colors, notes and
/// spans differs).
pub fn text_differs(a: &Schema, b: &Schema) -> bool {
    let tables_differ = a.tables.len() != b.tables.len() || a.tables.iter().zip(&b.tables).any(|(x, y)| !patch::same_text(x, y));
    let enums = |s: &Schema| s.enums.iter().map(|e| (e.id, e.schema.clone(), e.name.clone(), e.values.clone())).collect::<Vec<_>>();
    let views = |s: &Schema| s.views.iter().map(|v| (v.id, v.name.clone(), v.definition.clone())).collect::<Vec<_>>();
    tables_differ || enums(a) != enums(b) || views(a) != views(b) || a.domains != b.domains
}

/// The import options that read a text as `schema` was read: the same dialect and database.
fn options_for(schema: &Schema) -> ImportOptions {
    ImportOptions { dialect: Some(schema.dialect), database: schema.database.clone(), format: Some(schema.source) }
}

/// Writes `target` into `text`, which imports to `current`: first as the smallest changes, then
/// (if that does not import to `target`) with every changed table's body regenerated. Each try
/// is checked by importing it. Returns the text, the reconciled model and the diagnostics.
pub fn write(text: &str, current: &Schema, target: &Schema) -> Result<(String, Schema, Vec<Diagnostic>, Vec<String>), EditError> {
    let options = options_for(current);
    if !current.source.is_sql() {
        return write_whole(current, target, &options);
    }
    let mut why: Option<String> = None;
    for regenerate_all in [false, true] {
        let written = match patch::write(text, current, target, regenerate_all) {
            Ok(w) => w,
            Err(e) => {
                why.get_or_insert(e);
                continue;
            }
        };
        let (result, held) = import(&written.text, &options);
        if held {
            let first = result.diagnostics.iter().find(|d| d.message.contains("not finished"));
            let at = first.map(|d| format!(" at {}:{}", d.span.line, d.span.column)).unwrap_or_default();
            return Err(EditError(format!("finish the statement{at} in the text first; nothing was changed")));
        }
        let schema = reconcile(target, result.schema);
        // The kept statements removed with a deleted table are not expected back.
        let gone = |o: &crate::schema::Object| o.span.is_some_and(|sp| written.dropped.iter().any(|&(a, b)| a <= sp.start as usize && sp.end as usize <= b));
        let expected = target.objects.iter().any(gone).then(|| {
            let mut e = target.clone();
            e.objects.retain(|o| !gone(o));
            e
        });
        let target = expected.as_ref().unwrap_or(target);
        match equivalent(&schema, target) {
            // A change SQL cannot say (a nullable key column) imports back unchanged.
            Ok(()) if equivalent(&schema, current).is_ok() && equivalent(target, current).is_err() => {
                why.get_or_insert_with(|| "SQL cannot say it".to_string());
                break;
            }
            Ok(()) => return Ok((written.text, schema, result.diagnostics, written.regenerated)),
            Err(e) => {
                why.get_or_insert(e);
            }
        }
    }
    let why = why.unwrap_or_default();
    Err(EditError(format!("this change cannot be written into the SQL text ({why}); nothing was changed")))
}

/// A DBML or Prisma text: the edited model written out whole by its export (whose round trip is
/// the identity), accepted only when it imports to the edited model. A Rails schema.rb is
/// written by Rails from the database; it is not rewritten here.
fn write_whole(current: &Schema, target: &Schema, options: &ImportOptions) -> Result<(String, Schema, Vec<Diagnostic>, Vec<String>), EditError> {
    use crate::schema::SourceFormat;
    let text = match current.source {
        SourceFormat::Dbml => crate::export::dbml::render(target),
        SourceFormat::Prisma => crate::export::prisma::render(target).text,
        other => {
            let why = if other == SourceFormat::Rails { " (Rails writes schema.rb from the database)" } else { "" };
            return Err(EditError(format!("a {} text is not rewritten from the diagram{why}; nothing was changed", other.label())));
        }
    };
    let result = crate::import::import(&text, options);
    let schema = reconcile(target, result.schema);
    match equivalent(&schema, target) {
        Ok(()) => Ok((text, schema, result.diagnostics, Vec::new())),
        Err(e) => Err(EditError(format!("this change cannot be written as {} ({e}); nothing was changed", current.source.label()))),
    }
}

/// Applies `edit` to `schema` (which `text` imports to) and writes it into the text.
pub fn commit(text: &str, schema: &Schema, edit: Edit) -> Result<Committed, EditError> {
    let mut target = schema.clone();
    let inverse = edit::apply(&mut target, edit)?;
    sayable(schema, &target)?;
    if !text_differs(schema, &target) {
        return Ok(Committed { text: text.to_string(), schema: target, diagnostics: None, inverse, regenerated: Vec::new() });
    }
    let (text, schema, diagnostics, regenerated) = write(text, schema, &target)?;
    Ok(Committed { text, schema, diagnostics: Some(diagnostics), inverse, regenerated })
}

/// Refuses, with the reason, model changes that SQL cannot say: a nullable primary key column,
/// and columns of a partition that differ from its parent's (a partition has its parent's).
fn sayable(before: &Schema, after: &Schema) -> Result<(), EditError> {
    for t in &after.tables {
        let Some(old) = before.table(t.id) else { continue };
        if let Some(pk) = &t.primary_key {
            for c in pk.columns.iter().filter_map(|c| t.column(*c)) {
                let was_not_null = old.is_pk_column(c.id) && old.column(c.id).is_some_and(|o| !o.nullable);
                if c.nullable && was_not_null {
                    return Err(EditError(format!("{}.{} is in the primary key, which is always NOT NULL", t.qualified_name(), c.name)));
                }
            }
        }
        let partition = t.kind == crate::schema::TableKind::Partition && t.parent.is_some();
        let same_columns = t.columns.len() == old.columns.len() && t.columns.iter().zip(&old.columns).all(|(a, b)| patch::same_column(a, b));
        if partition && !same_columns {
            let parent = t.parent.and_then(|p| after.table(p)).map(|p| p.qualified_name()).unwrap_or_default();
            return Err(EditError(format!("{} is a partition: its columns are those of {parent}; edit them there", t.qualified_name())));
        }
    }
    Ok(())
}

/// A saved text and model brought in step: the model with fresh spans when the text says it;
/// else the model written into the text (projects saved before edits reached the text); else
/// the text wins and a warning says so. Returns the text, the model, the import's diagnostics,
/// the databases the text defines and the warning.
pub fn align(text: String, model: Schema) -> (String, Schema, Vec<Diagnostic>, Vec<String>, Option<String>) {
    let (result, _) = import(&text, &options_for(&model));
    let databases = result.databases;
    let imported = reconcile(&model, result.schema);
    if equivalent(&imported, &model).is_ok() {
        return (text, imported, result.diagnostics, databases, None);
    }
    match write(&text, &imported, &model) {
        Ok((new_text, schema, diagnostics, _)) => (new_text, schema, diagnostics, databases, None),
        Err(e) => (text, imported, result.diagnostics, databases, Some(format!("The saved diagram edits could not all be written into the text: {e}"))),
    }
}

/// Puts the text the user typed into `text` and records it in `history` (typing at `at_ms`
/// extends the last step); the model follows when the import of the new text is installed.
pub fn type_text(text: &mut String, history: &mut History, new_text: String, at_ms: f64) {
    let Some(change) = TextChange::between(text, &new_text) else { return };
    let Some(inverse) = change.inverse(text) else { return };
    *text = new_text;
    history.push_typing(change, inverse, text, at_ms);
}

/// Applies one change the user typed to `text` and records it in `history`, as [`type_text`]
/// does for a whole new text, without comparing the two texts. `false` (nothing changed) when
/// the change does not fit `text`; a change that replaces a range with the same bytes is no
/// change (`true`).
pub fn type_change(text: &mut String, history: &mut History, change: TextChange, at_ms: f64) -> bool {
    let Some(inverse) = change.inverse(text) else { return false };
    if inverse.insert == change.insert {
        return true;
    }
    change.apply(text);
    history.push_typing(change, inverse, text, at_ms);
    true
}

/// What `edit` would change in the text, before it is applied: the changed lines of the text
/// before (`- `) and after (`+ `), with one line of context (`  `) around each change; empty when
/// the edit changes no text (a move). Errors as `commit` refuses.
pub fn preview(text: &str, schema: &Schema, edit: Edit) -> Result<String, EditError> {
    let c = commit(text, schema, edit)?;
    let Some(change) = TextChange::between(text, &c.text) else { return Ok(String::new()) };
    // Whole lines around the change, in both texts.
    let line_start = |t: &str, at: usize| t[..at].rfind('\n').map_or(0, |p| p + 1);
    let line_end = |t: &str, at: usize| t[at..].find('\n').map_or(t.len(), |p| at + p);
    let (a0, a1) = (line_start(text, change.start), line_end(text, change.end));
    let new_end = change.start + change.insert.len();
    let (b0, b1) = (line_start(&c.text, change.start), line_end(&c.text, new_end));
    let before_ctx = text[..a0].trim_end_matches('\n').rsplit('\n').next().filter(|_| a0 > 0);
    let after_ctx = text.get(a1 + 1..).and_then(|r| r.split('\n').next()).filter(|_| a1 < text.len());
    let mut out = String::new();
    if let Some(l) = before_ctx {
        out.push_str(&format!("  {l}\n"));
    }
    for l in text[a0..a1].split('\n') {
        out.push_str(&format!("- {l}\n"));
    }
    for l in c.text[b0..b1].split('\n') {
        out.push_str(&format!("+ {l}\n"));
    }
    if let Some(l) = after_ctx {
        out.push_str(&format!("  {l}\n"));
    }
    Ok(out)
}

/// The text, the model and the history, edited together. The UI keeps the three in signals and
/// borrows them here for each operation; tests own them.
pub struct Document<'a> {
    pub text: &'a mut String,
    pub schema: &'a mut Schema,
    pub history: &'a mut History,
}

/// What an operation changed, for the caller to pass on (diagnostics to show).
#[derive(Debug, Default)]
pub struct Outcome {
    /// The diagnostics of the import the operation ran, if it ran one.
    pub diagnostics: Option<Vec<Diagnostic>>,
    /// Whether the text changed.
    pub text_changed: bool,
    /// Tables whose body was rewritten from the model (a model edit the text could not take in
    /// place).
    pub regenerated: Vec<String>,
    /// The operation chose another database of the text (a switch, or its undo or redo).
    pub database_switched: bool,
    /// The databases the text defines, when the operation imported it.
    pub databases: Option<Vec<String>>,
}

impl Document<'_> {
    /// Applies a model edit, writes it into the text and records one undo step.
    pub fn edit(&mut self, edit: Edit) -> Result<Outcome, EditError> {
        let before = self.text.clone();
        let c = commit(self.text, self.schema, edit.clone())?;
        let text_step = TextChange::between(&before, &c.text).and_then(|ch| ch.inverse(&before).map(|inv| (ch, inv)));
        let text_changed = text_step.is_some();
        *self.text = c.text;
        *self.schema = c.schema;
        self.history.push(Step { edit: Some((edit, c.inverse)), text: text_step, typing_at: None, database: None });
        Ok(Outcome { diagnostics: c.diagnostics, text_changed, regenerated: c.regenerated, ..Outcome::default() })
    }

    /// Records that the user changed the text to `new_text` at `at_ms` (typing extends the last
    /// step). The model follows when the caller installs the import of the new text.
    pub fn text_edited(&mut self, new_text: String, at_ms: f64) {
        type_text(self.text, self.history, new_text, at_ms);
    }

    /// Installs the import of the current text: the model takes it, keeping ids by name. When
    /// a statement was `held` back (still being typed), the model waits as it is.
    pub fn install(&mut self, imported: Schema, held: bool) {
        if !held {
            *self.schema = reconcile(self.schema, imported);
        }
    }

    /// Reads the text's database `database` instead of the one the model was read from (a
    /// text that defines several): one undo step, the text unchanged. Tables of the same name
    /// keep their place on the canvas.
    pub fn switch_database(&mut self, database: Option<String>) -> Result<Outcome, EditError> {
        let database = database.filter(|d| !d.is_empty());
        if self.schema.database.as_deref().unwrap_or_default().eq_ignore_ascii_case(database.as_deref().unwrap_or_default()) {
            return Ok(Outcome::default());
        }
        let options = ImportOptions { database: database.clone(), ..options_for(self.schema) };
        let (result, held) = import(self.text, &options);
        if held {
            return Err(EditError("finish the statement being typed in the text first; nothing was changed".into()));
        }
        let mut after = reconcile(self.schema, result.schema);
        after.database = database;
        let before = std::mem::replace(self.schema, after.clone());
        self.history.push(Step { edit: None, text: None, typing_at: None, database: Some(Box::new(DatabaseSwitch { before, after })) });
        Ok(Outcome { diagnostics: Some(result.diagnostics), database_switched: true, databases: Some(result.databases), ..Outcome::default() })
    }

    /// Imports the current text now and installs it.
    pub fn reimport(&mut self) -> Vec<Diagnostic> {
        let (result, held) = import(self.text, &options_for(self.schema));
        self.install(result.schema, held);
        result.diagnostics
    }

    /// Undoes the last step. `Ok(None)` when there is nothing to undo.
    pub fn undo(&mut self) -> Result<Option<Outcome>, EditError> {
        let Some(step) = self.history.pop_undo() else { return Ok(None) };
        match self.replay(&step, true) {
            Ok(outcome) => {
                self.history.push_redo(Step { typing_at: None, ..step });
                Ok(Some(outcome))
            }
            Err(e) => {
                self.history.push_undo_kept(step);
                Err(e)
            }
        }
    }

    /// Redoes the last undone step. `Ok(None)` when there is nothing to redo.
    pub fn redo(&mut self) -> Result<Option<Outcome>, EditError> {
        let Some(step) = self.history.pop_redo() else { return Ok(None) };
        match self.replay(&step, false) {
            Ok(outcome) => {
                self.history.push_undo_kept(step);
                Ok(Some(outcome))
            }
            Err(e) => {
                self.history.push_redo_back(step);
                Err(e)
            }
        }
    }

    /// Applies a step backwards (`undo`) or forwards: the exact text change, the model edit, and
    /// the import of the text reconciled with the model the edit gives.
    fn replay(&mut self, step: &Step, undo: bool) -> Result<Outcome, EditError> {
        if let Some(switch) = &step.database {
            let schema = if undo { &switch.before } else { &switch.after };
            let (result, _) = import(self.text, &options_for(schema));
            *self.schema = reconcile(schema, result.schema);
            return Ok(Outcome { diagnostics: Some(result.diagnostics), database_switched: true, databases: Some(result.databases), ..Outcome::default() });
        }
        let mut target = self.schema.clone();
        if let Some((edit, inverse)) = &step.edit {
            let e = if undo { inverse } else { edit };
            edit::revert(&mut target, e.clone())?;
        }
        let Some((forward, backward)) = &step.text else {
            *self.schema = target;
            return Ok(Outcome::default());
        };
        let change = if undo { backward } else { forward };
        let mut text = self.text.clone();
        if !change.apply(&mut text) {
            return Err(EditError("the text changed outside the history; this step cannot be replayed".into()));
        }
        let (result, held) = import(&text, &options_for(self.schema));
        let schema = if held { target } else { reconcile(&target, result.schema) };
        *self.text = text;
        *self.schema = schema;
        Ok(Outcome { diagnostics: Some(result.diagnostics), text_changed: true, ..Outcome::default() })
    }
}
