//! The old model (imported from the text) and the new model (after an edit) → the text changes
//! that make the text say the new model.
//!
//! Per table, the smallest change that says it: a rename replaces each token that names the
//! table or column (its definition, key column lists, `REFERENCES`, `COMMENT ON`, `CREATE INDEX`,
//! `INSERT INTO` column lists); a type, `NOT NULL`, `DEFAULT` or comment change rewrites just
//! that clause; an added column is inserted after its neighbour with the neighbours'
//! indentation; a dropped key, index or column removes the text that defined it, wherever it
//! was written. What this cannot say for a table (an `ALTER TABLE … MODIFY` that redefines a
//! column, a column defined by an `ALTER`, …) falls back to regenerating that table's body
//! from the model (`regenerate`), which keeps the statement's head and options.

use super::change::{TextChange, apply_all};
use super::scan::{NameRef, Scan, Subject};
use super::views;
use super::sites::{ClauseKind, ColumnDef, Item, Loc, Site, SiteKind, Sites};
use crate::export::sql::{Pieces, literal, quote};
use crate::import::{Token, TokenKind};
use crate::schema::{
    Column, ColumnId, Dialect, EnumType, ForeignKey, Identity, Index, IndexPart, Schema, Table, TableKind,
};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// Why a table cannot be written minimally (or at all).
pub type Unsupported = String;

/// How `write` went: the new text and the tables whose body had to be regenerated, each with
/// the reason (`table: why`).
#[derive(Debug)]
pub struct Written {
    pub text: String,
    pub regenerated: Vec<String>,
    /// Byte ranges of the old text removed with a deleted table (its statements, and the
    /// kept statements on it): what was kept as written there goes with the table.
    pub dropped: Vec<(usize, usize)>,
}

/// Writes the difference between `old` (what `text` imports to) and `new` into `text`.
/// `regenerate_all`: regenerate every changed table instead of patching it minimally.
pub fn write(text: &str, old: &Schema, new: &Schema, regenerate_all: bool) -> Result<Written, Unsupported> {
    let scan = Scan::new(text, old.dialect);
    let mut w = Writer { scan: &scan, old, new, d: old.dialect, out: Out::default(), appended: Vec::new(), regenerated: Vec::new(), dropped: Vec::new() };
    for o in &old.tables {
        if new.table(o.id).is_none() {
            w.delete_table(o);
        }
    }
    for n in &new.tables {
        let Some(o) = old.table(n.id) else { continue };
        if same_text(o, n) {
            continue;
        }
        let minimal = if regenerate_all {
            Err("regenerating".to_string())
        } else {
            let mut t = w.table_writer(o, n);
            t.minimal().map(|()| t.out)
        };
        match minimal {
            Ok(out) => w.out.extend(out),
            Err(why) => {
                let mut t = w.table_writer(o, n);
                t.regenerate()?;
                w.out.extend(t.out);
                w.regenerated.push(format!("{}: {why}", n.qualified_name()));
            }
        }
    }
    for n in &new.tables {
        if old.table(n.id).is_none() {
            let text = w.render_table(n)?;
            w.appended.push(text);
        }
    }
    w.views()?;
    w.deleted_and_added_views()?;
    w.enums()?;
    w.check_untouched()?;
    let mut changes = w.out.assemble(text);
    if !w.appended.is_empty() {
        let sep = if text.is_empty() || text.ends_with("\n\n") {
            ""
        } else if text.ends_with('\n') {
            "\n"
        } else {
            "\n\n"
        };
        changes.push(TextChange::new(text.len(), text.len(), format!("{sep}{}", w.appended.join("\n"))));
    }
    let text = apply_all(text, &changes)?;
    Ok(Written { text, regenerated: w.regenerated, dropped: w.dropped })
}

/// Whether two versions of a table import from the same text: equal but for canvas position,
/// header color and spans.
pub fn same_text(a: &Table, b: &Table) -> bool {
    a.id == b.id
        && a.schema == b.schema
        && a.name == b.name
        && a.kind == b.kind
        && a.parent == b.parent
        && a.primary_key == b.primary_key
        && a.uniques == b.uniques
        && a.foreign_keys == b.foreign_keys
        && a.checks == b.checks
        && a.comment == b.comment
        && a.columns.len() == b.columns.len()
        && a.columns.iter().zip(&b.columns).all(|(x, y)| same_column(x, y) && x.comment == y.comment)
        && a.indexes.len() == b.indexes.len()
        && a.indexes.iter().zip(&b.indexes).all(|(x, y)| {
            x.id == y.id
                && x.name == y.name
                && x.unique == y.unique
                && x.keys == y.keys
                && x.method == y.method
                && x.predicate == y.predicate
                && x.include == y.include
        })
}

/// Whether two columns are equal but for their span and comment.
pub fn same_column(x: &Column, y: &Column) -> bool {
    x.id == y.id
        && x.name == y.name
        && x.data_type == y.data_type
        && x.nullable == y.nullable
        && x.default == y.default
        && x.identity == y.identity
        && x.generated == y.generated
        && x.collation == y.collation
}

/// Changes collected against one text: removals, and edits (replacements and insertions).
#[derive(Default)]
struct Out {
    removals: Vec<(usize, usize)>,
    edits: Vec<TextChange>,
}

impl Out {
    fn extend(&mut self, other: Out) {
        self.removals.extend(other.removals);
        self.edits.extend(other.edits);
    }

    fn remove(&mut self, range: (usize, usize)) {
        if range.0 < range.1 {
            self.removals.push(range);
        }
    }

    fn edit(&mut self, start: usize, end: usize, insert: impl Into<String>) {
        self.edits.push(TextChange::new(start, end, insert));
    }

    /// Removals merged, and the edits that fall inside a removal dropped.
    fn assemble(mut self, _text: &str) -> Vec<TextChange> {
        self.removals.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for (a, b) in self.removals {
            match merged.last_mut() {
                Some(last) if a <= last.1 => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        let inside = |e: &TextChange| merged.iter().any(|&(a, b)| a <= e.start && e.end <= b && (e.start > a && e.end < b || e.start != e.end));
        let mut out: Vec<TextChange> = self.edits.into_iter().filter(|e| !inside(e)).collect();
        out.extend(merged.into_iter().map(|(a, b)| TextChange::new(a, b, "")));
        // Equal edits (the same rename reached twice) apply once.
        let mut seen = HashSet::new();
        out.retain(|c| seen.insert((c.start, c.end, c.insert.clone())));
        out
    }
}

struct Writer<'s, 'a> {
    scan: &'s Scan<'a>,
    old: &'s Schema,
    new: &'s Schema,
    d: Dialect,
    out: Out,
    /// Whole statements added at the end of the text.
    appended: Vec<String>,
    regenerated: Vec<String>,
    dropped: Vec<(usize, usize)>,
}

/// An element to insert into the body: new text, or an existing element that moves.
#[derive(Clone, Debug)]
enum Pending {
    Text(String),
    Moved(usize),
}

/// Where a new body element goes: after element `k`, or first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Anchor {
    Start,
    After(usize),
}

struct TableWriter<'w, 's, 'a> {
    w: &'w Writer<'s, 'a>,
    o: &'s Table,
    n: &'s Table,
    s: Sites,
    out: Out,
    removed_elems: BTreeSet<usize>,
    inserts: BTreeMap<Anchor, Vec<Pending>>,
    removed_actions: BTreeSet<usize>,
    /// Statements to add right after the `CREATE TABLE` statement (indexes, comments).
    after_create: Vec<String>,
}

impl<'s, 'a> Writer<'s, 'a> {
    fn table_writer<'w>(&'w self, o: &'s Table, n: &'s Table) -> TableWriter<'w, 's, 'a> {
        TableWriter {
            w: self,
            o,
            n,
            s: self.scan.sites(o),
            out: Out::default(),
            removed_elems: BTreeSet::new(),
            inserts: BTreeMap::new(),
            removed_actions: BTreeSet::new(),
            after_create: Vec::new(),
        }
    }

    fn q(&self, name: &str) -> String {
        quote(name, self.d)
    }

    /// `schema.name` as the model has it.
    fn qual(&self, schema: Option<&str>, name: &str) -> String {
        match schema {
            Some(s) => format!("{}.{}", self.q(s), self.q(name)),
            None => self.q(name),
        }
    }

    fn lit(&self, text: &str) -> String {
        literal(text, self.d)
    }

    /// Removes every statement about a table the new model no longer has.
    /// Its triggers, policies and grants go with it (they name it in `ON t`).
    fn delete_table(&mut self, o: &Table) {
        let mut sts: Vec<usize> = self.scan.about(o).into_iter().collect();
        for st in 0..self.scan.stmts.len() {
            if !sts.contains(&st) && (self.scan.on_table_names(st).iter().any(|n| n.is(o)) || self.attaches(st, o)) {
                sts.push(st);
            }
        }
        for st in sts {
            if let Some(r) = self.scan.stmt_removal(st) {
                self.out.remove(r);
                self.dropped.push(r);
            }
        }
    }

    /// Whether statement `st` is an `ALTER TABLE parent ATTACH PARTITION o …` (it goes with the
    /// partition).
    fn attaches(&self, st: usize, o: &Table) -> bool {
        let toks = self.scan.toks(st);
        matches!(self.scan.subject_of(st), Subject::AlterTable { .. })
            && (1..toks.len()).any(|k| {
                self.scan.is_kw(st, k - 1, "ATTACH") && self.scan.is_kw(st, k, "PARTITION") && self.scan.name_at(toks, k + 1).is_some_and(|n| n.is(o))
            })
    }

    /// A whole `CREATE TABLE` (with its indexes and comments) for a table the old model lacks.
    fn render_table(&self, t: &Table) -> Result<String, Unsupported> {
        let body = self.body_elements(t)?;
        let mut s = format!("CREATE TABLE {} (\n    {}\n){};\n", self.qual(t.schema.as_deref(), &t.name), body.join(",\n    "), self.table_options(t));
        for extra in self.extra_statements(t, true)? {
            s.push_str(&extra);
            s.push('\n');
        }
        Ok(s)
    }

    /// Table options that carry model facts: the table comment in MySQL and ClickHouse.
    fn table_options(&self, t: &Table) -> String {
        match (&t.comment, self.d) {
            (Some(c), Dialect::Mysql) => format!(" COMMENT={}", self.lit(c)),
            (Some(c), Dialect::Clickhouse) => format!(" COMMENT {}", self.lit(c)),
            _ => String::new(),
        }
    }

    /// Whether comments are written as `COMMENT ON` statements (else inline, or not at all).
    fn comment_statements(&self) -> bool {
        !matches!(self.d, Dialect::Mysql | Dialect::Clickhouse | Dialect::Sqlite | Dialect::Mssql)
    }

    fn check_comments_writable(&self, has_comment: bool) -> Result<(), Unsupported> {
        if has_comment && matches!(self.d, Dialect::Sqlite | Dialect::Mssql) {
            return Err(format!("{} DDL has no comments on tables or columns that erdsmith reads", self.d.label()));
        }
        Ok(())
    }

    /// The statements that follow a table's `CREATE TABLE`: its indexes and, where comments are
    /// statements, `COMMENT ON`. `comments`: include the comments.
    fn extra_statements(&self, t: &Table, comments: bool) -> Result<Vec<String>, Unsupported> {
        let mut out = Vec::new();
        let mut pieces = Pieces::new(self.new, self.d);
        for ix in &t.indexes {
            let s = pieces.create_index(t, ix);
            if s.is_empty() {
                return Err(format!("{}: index {:?} cannot be written in {}", t.qualified_name(), ix.name, self.d.label()));
            }
            out.push(s);
        }
        if comments {
            self.check_comments_writable(t.comment.is_some() || t.columns.iter().any(|c| c.comment.is_some()))?;
            if self.comment_statements() {
                let name = self.qual(t.schema.as_deref(), &t.name);
                if let Some(c) = &t.comment {
                    out.push(format!("COMMENT ON TABLE {name} IS {};", self.lit(c)));
                }
                for c in &t.columns {
                    if let Some(cm) = &c.comment {
                        out.push(format!("COMMENT ON COLUMN {name}.{} IS {};", self.q(&c.name), self.lit(cm)));
                    }
                }
            }
        }
        Ok(out)
    }

    /// One column definition as the new model has it.
    fn column_text(&self, t: &Table, c: &Column) -> String {
        let mut pieces = Pieces::new(self.new, self.d);
        let name = self.q(&c.name);
        if c.data_type.raw.trim().is_empty() {
            // A column written without a type (a T-SQL computed column, SQLite) stays so.
            if let (Dialect::Mssql, Some(g)) = (self.d, &c.generated) {
                return format!("{name} AS ({}){}", g.expr, if g.stored { " PERSISTED" } else { "" });
            }
            let ty = pieces.column_type(t, c);
            let full = pieces.column(t, c);
            if let Some(rest) = full.strip_prefix(&format!("{name} {ty}")) {
                return format!("{name}{rest}");
            }
        }
        let mut s = pieces.column(t, c);
        if let Some(cm) = &c.comment
            && self.d == Dialect::Clickhouse
        {
            s.push_str(&format!(" COMMENT {}", self.lit(cm)));
        }
        s
    }

    /// The body elements of a table: columns, then primary key, uniques, checks, foreign keys
    /// (and, for MySQL, nothing else: indexes are statements).
    fn body_elements(&self, t: &Table) -> Result<Vec<String>, Unsupported> {
        if t.columns.is_empty() {
            return Err(format!("{}: a table without columns cannot be written", t.qualified_name()));
        }
        let mut out: Vec<String> = t.columns.iter().map(|c| self.column_text(t, c)).collect();
        if let Some(pk) = &t.primary_key {
            out.push(self.pk_text(t, &pk.name, &pk.columns));
        }
        for u in &t.uniques {
            out.push(format!("{}UNIQUE ({})", self.constraint_name(&u.name), self.col_list(t, &u.columns)));
        }
        for c in &t.checks {
            out.push(format!("{}CHECK ({})", self.constraint_name(&c.name), c.expr));
        }
        for fk in &t.foreign_keys {
            out.push(self.fk_text(t, fk)?);
        }
        Ok(out)
    }

    fn constraint_name(&self, name: &Option<String>) -> String {
        match name {
            Some(n) if !n.is_empty() => format!("CONSTRAINT {} ", self.q(n)),
            _ => String::new(),
        }
    }

    fn col_list(&self, t: &Table, ids: &[ColumnId]) -> String {
        ids.iter().filter_map(|c| t.column(*c)).map(|c| self.q(&c.name)).collect::<Vec<_>>().join(", ")
    }

    fn pk_text(&self, t: &Table, name: &Option<String>, cols: &[ColumnId]) -> String {
        format!("{}PRIMARY KEY ({})", self.constraint_name(name), self.col_list(t, cols))
    }

    fn fk_text(&self, t: &Table, fk: &ForeignKey) -> Result<String, Unsupported> {
        let rt = if fk.ref_table == t.id { Some(t) } else { self.new.table(fk.ref_table) };
        let Some(rt) = rt else { return Err(format!("{}: a foreign key to a missing table", t.qualified_name())) };
        let mut s = format!(
            "{}FOREIGN KEY ({}) REFERENCES {} ({})",
            self.constraint_name(&fk.name),
            self.col_list(t, &fk.columns),
            self.qual(rt.schema.as_deref(), &rt.name),
            self.col_list(rt, &fk.ref_columns)
        );
        if fk.on_delete != Default::default() {
            s.push_str(&format!(" ON DELETE {}", fk.on_delete.as_sql()));
        }
        if fk.on_update != Default::default() {
            s.push_str(&format!(" ON UPDATE {}", fk.on_update.as_sql()));
        }
        if fk.deferrable {
            s.push_str(" DEFERRABLE");
            if fk.initially_deferred {
                s.push_str(" INITIALLY DEFERRED");
            }
        }
        Ok(s)
    }

    /// The new spelling of an identifier token: the same quotes it had, or none when the name
    /// needs none.
    fn ident_like(&self, old: &Token, name: &str) -> String {
        match old.kind {
            TokenKind::Quoted(b'[') => format!("[{}]", name.replace(']', "]]")),
            TokenKind::Quoted(q) => {
                let q = q as char;
                format!("{q}{}{q}", name.replace(q, &format!("{q}{q}")))
            }
            _ => self.q(name),
        }
    }

    /// Renames one occurrence of table `o` (to `n`'s name and namespace) at `name`.
    fn rename_table_at(&self, out: &mut Out, stmt: usize, name: &NameRef, o: &Table, n: &Table, is_create: bool) {
        let toks = self.scan.toks(stmt);
        let Some(last) = name.parts.last().and_then(|&l| toks.get(l)) else { return };
        if o.name != n.name {
            out.edit(last.start as usize, last.end as usize, self.ident_like(last, &n.name));
        }
        if o.schema == n.schema {
            return;
        }
        let schema_part = name.parts.len().checked_sub(2).and_then(|i| name.parts.get(i)).and_then(|&sp| toks.get(sp));
        match (schema_part, &n.schema) {
            (Some(sp), Some(ns)) => out.edit(sp.start as usize, sp.end as usize, self.ident_like(sp, ns)),
            (Some(sp), None) => out.edit(sp.start as usize, last.start as usize, ""),
            (None, Some(ns)) if is_create => out.edit(last.start as usize, last.start as usize, format!("{}.", self.q(ns))),
            _ => {}
        }
    }

    /// The views' queries follow renamed tables and columns (`views`); a view that reads a
    /// deleted table or column, or names a renamed column where the table it means cannot be
    /// told, refuses the edit, saying which view and where: a view is never left reading what
    /// is gone.
    fn views(&mut self) -> Result<(), Unsupported> {
        // The views that stay (a view deleted by the same edit reads nothing any more).
        let stays = |st: usize| self.new.views.iter().any(|v| v.span.is_some_and(|sp| self.scan.toks(st).first().is_some_and(|t| t.start == sp.start)));
        let queries: Vec<views::ViewQuery> = (0..self.scan.stmts.len()).filter(|&st| stays(st)).filter_map(|st| self.scan.view_query(st, self.old)).collect();
        if queries.is_empty() {
            return Ok(());
        }
        let view_name = |q: &views::ViewQuery| {
            let toks = self.scan.toks(q.stmt);
            let at = (0..toks.len()).find(|&k| self.scan.is_kw(q.stmt, k, "VIEW")).map_or(0, |k| k + 1);
            self.scan.name_at(toks, at).map(|n| n.values.join(".")).unwrap_or_default()
        };
        let ident = |t: &Token, name: &str| self.ident_like(t, name);
        let mut out = Out::default();
        for o in &self.old.tables {
            let reading: Vec<&views::ViewQuery> = queries.iter().filter(|q| q.relations.iter().any(|r| r.table == Some(o.id))).collect();
            let Some(&first_reading) = reading.first() else { continue };
            let Some(n) = self.new.table(o.id) else {
                return Err(format!("view {} reads {}; change or delete the view first", view_name(first_reading), o.qualified_name()));
            };
            for c in o.columns.iter().filter(|c| n.column(c.id).is_none()) {
                let gone = [(c.name.clone(), c.name.clone())];
                for q in &reading {
                    if !views::column_rewrites(self.scan, q, self.old, o, &gone, &ident).is_ok_and(|v| v.is_empty()) {
                        return Err(format!("view {} uses {}.{}; change or delete the view first", view_name(q), o.qualified_name(), c.name));
                    }
                }
            }
            let renamed: Vec<(String, String)> =
                o.columns.iter().filter_map(|c| n.column(c.id).filter(|x| x.name != c.name).map(|x| (c.name.clone(), x.name.clone()))).collect();
            for q in &reading {
                for (a, b, text) in views::column_rewrites(self.scan, q, self.old, o, &renamed, &ident).map_err(|e| format!("{e} (view {})", view_name(q)))? {
                    out.edit(a, b, text);
                }
                if o.name != n.name || o.schema != n.schema {
                    let names = q.relations.iter().filter(|r| r.table == Some(o.id)).map(|r| r.name.clone()).chain(views::qualifier_names(self.scan, q, o));
                    for name in names.collect::<Vec<_>>() {
                        self.rename_table_at(&mut out, q.stmt, &name, o, n, false);
                    }
                }
            }
        }
        self.out.extend(out);
        Ok(())
    }

    /// A deleted view takes its statement and those about it (`ALTER VIEW v …`, `COMMENT ON
    /// VIEW v`, grants and indexes on it) along, unless another view reads it; a view the old
    /// model lacks (an undone deletion written anew) is appended.
    fn deleted_and_added_views(&mut self) -> Result<(), Unsupported> {
        let scan = self.scan;
        let names_view = |n: &NameRef, v: &crate::schema::View| {
            n.name().eq_ignore_ascii_case(&v.name)
                && match (n.schema(), v.schema.as_deref()) {
                    (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                    _ => true,
                }
        };
        for v in self.old.views.iter().filter(|v| !self.new.views.iter().any(|n| n.id == v.id)) {
            let create = v.span.and_then(|sp| (0..scan.stmts.len()).find(|&i| scan.toks(i).first().is_some_and(|t| t.start == sp.start)));
            let create = create.ok_or_else(|| format!("view {}: its statement was not found", v.qualified_name()))?;
            for st in 0..scan.stmts.len() {
                if st == create {
                    continue;
                }
                if let Some(q) = scan.view_query(st, self.old)
                    && q.relations.iter().any(|r| names_view(&r.name, v))
                    && self.new.views.iter().any(|n| n.span.is_some_and(|sp| scan.toks(st).first().is_some_and(|t| t.start == sp.start)))
                {
                    return Err(format!("a view reads view {}; change or delete that view first", v.qualified_name()));
                }
            }
            let mut sts = vec![create];
            for st in 0..scan.stmts.len() {
                let toks = scan.toks(st);
                let kw = |i: usize, k: &str| scan.is_kw(st, i, k);
                let head = if kw(0, "ALTER") && kw(1, "VIEW") {
                    Some(2)
                } else if (kw(0, "ALTER") && kw(1, "MATERIALIZED") && kw(2, "VIEW")) || (kw(0, "COMMENT") && kw(1, "ON") && kw(2, "VIEW")) {
                    Some(3)
                } else if kw(0, "COMMENT") && kw(1, "ON") && kw(2, "MATERIALIZED") && kw(3, "VIEW") {
                    Some(4)
                } else {
                    None
                };
                let head = head.map(|h| if kw(h, "IF") && kw(h + 1, "EXISTS") { h + 2 } else { h });
                let about = head.and_then(|h| scan.name_at(toks, h)).is_some_and(|n| names_view(&n, v))
                    || match scan.subject_of(st) {
                        Subject::AlterTable { name, .. } | Subject::CommentOn { table: name, column: None, .. } => names_view(name, v),
                        Subject::CreateIndex { table, .. } => names_view(table, v),
                        _ => false,
                    }
                    || scan.on_table_names(st).iter().any(|n| names_view(n, v));
                if about && !sts.contains(&st) {
                    sts.push(st);
                }
            }
            for st in sts {
                if let Some(r) = scan.stmt_removal(st) {
                    self.out.remove(r);
                    self.dropped.push(r);
                }
            }
        }
        for v in self.new.views.iter().filter(|v| !self.old.views.iter().any(|o| o.id == v.id)) {
            let kind = if v.materialized { "MATERIALIZED VIEW" } else { "VIEW" };
            let with = v.options.as_ref().map(|o| format!(" WITH ({o})")).unwrap_or_default();
            self.appended.push(format!("CREATE {kind} {}{with} AS {};\n", self.qual(v.schema.as_deref(), &v.name), v.definition.trim_end().trim_end_matches(';')));
        }
        Ok(())
    }

    /// Every statement must still say what the model says about enums.
    fn enums(&mut self) -> Result<(), Unsupported> {
        let stmt_of = |e: &EnumType| -> Option<usize> {
            let sp = e.span?;
            (0..self.scan.stmts.len()).find(|&i| self.scan.toks(i).first().is_some_and(|t| t.start == sp.start))
        };
        let render = |e: &EnumType| {
            let values: Vec<String> = e.values.iter().map(|v| self.lit(v)).collect();
            format!("CREATE TYPE {} AS ENUM ({});", self.qual(e.schema.as_deref(), &e.name), values.join(", "))
        };
        let mut edits = Vec::new();
        let mut removals = Vec::new();
        for o in &self.old.enums {
            match self.new.enums.iter().find(|e| e.id == o.id) {
                Some(n) if EnumType { span: None, ..n.clone() } == EnumType { span: None, ..o.clone() } => {}
                Some(n) => {
                    let st = stmt_of(o).ok_or_else(|| format!("enum {}: its statement was not found", o.name))?;
                    let (a, b) = self.scan.stmt_range(st).ok_or("enum statement")?;
                    edits.push(TextChange::new(a, b, render(n)));
                }
                None => {
                    let st = stmt_of(o).ok_or_else(|| format!("enum {}: its statement was not found", o.name))?;
                    removals.extend(self.scan.stmt_removal(st));
                }
            }
        }
        let added: Vec<String> = self.new.enums.iter().filter(|n| !self.old.enums.iter().any(|o| o.id == n.id)).map(render).collect();
        if !added.is_empty() {
            if !matches!(self.d, Dialect::Postgres | Dialect::Generic | Dialect::Duckdb) {
                return Err(format!("{} has no named enum types", self.d.label()));
            }
            // Before the first table, which may use it.
            let first = (0..self.scan.stmts.len()).find(|&i| matches!(self.scan.subject_of(i), Subject::CreateTable { .. }));
            let at = first.and_then(|i| self.scan.stmt_range(i)).map_or(self.scan.src.len(), |r| r.0);
            let at_line = self.scan.src[..at].rfind('\n').map_or(0, |p| p + 1);
            let at = if self.scan.src[at_line..at].trim().is_empty() { at_line } else { at };
            edits.push(TextChange::new(at, at, format!("{}\n\n", added.join("\n"))));
        }
        self.out.edits.extend(edits);
        for r in removals {
            self.out.remove(r);
        }
        Ok(())
    }

    /// Views (but for their deletion and insertion), sequences and domains are not edited
    /// through the model: refuse a change there.
    fn check_untouched(&self) -> Result<(), Unsupported> {
        let both = |a: &Schema, b: &Schema| {
            a.views.iter().filter(|v| b.views.iter().any(|x| x.id == v.id)).map(|v| (v.id, v.name.clone(), v.definition.clone())).collect::<Vec<_>>()
        };
        if both(self.old, self.new) != both(self.new, self.old) {
            return Err("views are edited in the text".into());
        }
        if self.old.domains != self.new.domains {
            return Err("domains are edited in the text".into());
        }
        Ok(())
    }
}

impl<'w, 's, 'a> TableWriter<'w, 's, 'a> {
    fn scan(&self) -> &'s Scan<'a> {
        self.w.scan
    }

    /// Token `i` of statement `stmt`. Callers pass token numbers this statement's scan found (its
    /// sites and elements); like `Scan::bytes`, anything else reads as an empty token at 0.
    fn tok(&self, stmt: usize, i: usize) -> Token {
        self.scan().toks(stmt).get(i).copied().unwrap_or(Token { kind: TokenKind::Sym, start: 0, end: 0 })
    }

    /// The smallest changes that make the text say `n` instead of `o`.
    fn minimal(&mut self) -> Result<(), Unsupported> {
        let (o, n) = (self.o, self.n);
        if o.kind != n.kind || o.parent != n.parent {
            return Err("the partition or inheritance link changed".into());
        }
        if self.s.create.is_none() {
            return Err(format!("{}: its CREATE TABLE was not found", o.qualified_name()));
        }
        self.renames();
        self.table_comment()?;
        self.columns()?;
        self.keys()?;
        self.indexes()?;
        self.finish()
    }

    /// The table's body regenerated from the model (head, name and options kept; a table
    /// without a body gets a whole new statement), its other model statements replaced.
    fn regenerate(&mut self) -> Result<(), Unsupported> {
        let (o, n) = (self.o, self.n);
        let Some(create) = self.s.create else {
            return Err(format!("{}: its CREATE TABLE was not found", o.qualified_name()));
        };
        self.w.check_comments_writable(n.comment.is_some() || n.columns.iter().any(|c| c.comment.is_some()))?;
        let body = self.w.body_elements(n)?;
        // Statements that add model facts to the table go; the regenerated text says them all.
        for &st in &self.s.stmts.clone() {
            match self.scan().subject_of(st) {
                Subject::CreateIndex { .. } | Subject::CommentOn { .. } => {
                    if let Some(r) = self.scan().stmt_removal(st) {
                        self.out.remove(r);
                    }
                }
                Subject::AlterTable { .. } => {
                    let items: Vec<usize> = self.s.actions.iter().enumerate().filter(|(_, a)| a.stmt == st && self.scan().is_model_action(a)).map(|(k, _)| k).collect();
                    self.removed_actions.extend(items);
                }
                _ => {}
            }
        }
        let plain_head = self.s.body.is_some();
        let inherits = n.parent.is_some() || n.kind == TableKind::Partition;
        if inherits {
            return Err(format!("{}: a partition or inheriting table is written in the text", n.qualified_name()));
        }
        match (self.s.body, plain_head) {
            (Some((a, b)), true) => {
                let (start, end) = if a < b {
                    let (x, _) = self.scan().bytes(create, a, a + 1);
                    let (_, y) = self.scan().bytes(create, b - 1, b);
                    (x, y)
                } else {
                    let p = self.tok(create, b).start as usize;
                    (p, p)
                };
                let indent = self.indent();
                let sep = format!(",\n{indent}");
                let lead = if self.scan().src[..start].ends_with('(') { format!("\n{indent}") } else { String::new() };
                let close_line = self.tok(create, b).start as usize;
                let tail = if self.scan().src[end..close_line].contains('\n') { "" } else { "\n" };
                // A removal (so edits inside the old body drop) and an insertion.
                self.out.remove((start, end));
                self.out.edit(start, start, format!("{lead}{}{tail}", body.join(&sep)));
                // The name, namespace and table comment as in minimal().
                self.renames();
                self.table_comment()?;
            }
            _ => {
                let (a, b) = self.scan().stmt_range(create).ok_or("create statement")?;
                let text = self.w.render_table(n)?;
                self.out.remove((a, b));
                self.out.edit(a, a, text.trim_end().to_string());
                return Ok(());
            }
        }
        self.after_create = self.w.extra_statements(n, true)?;
        self.finish()
    }

    /// The indentation of the body's first element (its line's leading whitespace) or four spaces.
    fn indent(&self) -> String {
        let src = self.scan().src;
        let first = self.s.elems.first().map(|e| self.tok(e.stmt, e.a).start as usize);
        match first {
            Some(p) => {
                let line = src[..p].rfind('\n').map_or(0, |x| x + 1);
                let lead = &src[line..p];
                if lead.trim().is_empty() && !lead.is_empty() { lead.to_string() } else { "    ".into() }
            }
            None => "    ".into(),
        }
    }

    /// The separator between body elements: a new line with the indentation when the body is
    /// written one element per line, else `, `.
    fn separator(&self) -> String {
        let src = self.scan().src;
        match self.s.elems.first() {
            Some(e) => {
                let p = self.tok(e.stmt, e.a).start as usize;
                let line = src[..p].rfind('\n').map_or(0, |x| x + 1);
                if src[line..p].trim().is_empty() && self.s.body.is_some() && src[..p].contains('\n') {
                    format!(",\n{}", self.indent())
                } else {
                    ", ".into()
                }
            }
            None => ",\n    ".into(),
        }
    }

    // ---- names ----

    /// Renames of the table and of its columns, wherever the text names them.
    fn renames(&mut self) {
        let (o, n) = (self.o, self.n);
        let scan = self.scan();
        if o.name != n.name || o.schema != n.schema {
            let mut out = Out::default();
            for &st in &self.s.stmts {
                let name = match scan.subject_of(st) {
                    Subject::CreateTable { name, .. } | Subject::AlterTable { name, .. } | Subject::Names { name, .. } => name,
                    Subject::CreateIndex { table, .. } | Subject::CommentOn { table, .. } => table,
                    _ => continue,
                };
                let is_create = Some(st) == self.s.create;
                self.w.rename_table_at(&mut out, st, name, o, n, is_create);
            }
            for st in 0..scan.stmts.len() {
                for (name, _) in scan.references(st) {
                    if name.is(o) {
                        self.w.rename_table_at(&mut out, st, &name, o, n, false);
                    }
                }
                for name in scan.other_table_names(st).into_iter().chain(scan.on_table_names(st)) {
                    if name.is(o) {
                        self.w.rename_table_at(&mut out, st, &name, o, n, false);
                    }
                }
            }
            self.out.extend(out);
        }
        let renamed: Vec<(String, String)> = o
            .columns
            .iter()
            .filter_map(|c| n.column(c.id).filter(|x| x.name != c.name).map(|x| (c.name.clone(), x.name.clone())))
            .collect();
        for (from, to) in renamed {
            self.rename_column(&from, &to);
        }
    }

    /// Renames the token `i` of `stmt` when it spells `from`.
    fn rename_token(&mut self, stmt: usize, i: usize, from: &str, to: &str) {
        let Some(t) = self.scan().toks(stmt).get(i).copied() else { return };
        if !matches!(t.kind, TokenKind::Word | TokenKind::Quoted(_)) || !self.scan().ident(&t).eq_ignore_ascii_case(from) {
            return;
        }
        self.out.edit(t.start as usize, t.end as usize, self.w.ident_like(&t, to));
    }

    /// Renames the plain column parts of the list inside tokens `a..b` (a key's column list).
    fn rename_in_list(&mut self, stmt: usize, a: usize, b: usize, from: &str, to: &str) {
        let scan = self.scan();
        for (p, q) in scan.items(scan.toks(stmt), a, b) {
            if scan.key_column(stmt, p, q).is_some() {
                self.rename_token(stmt, p, from, to);
            }
        }
    }

    /// The column-list groups of a constraint in tokens `a..b`: after PRIMARY KEY, UNIQUE,
    /// FOREIGN KEY, KEY/INDEX [name], INCLUDE (not CHECK or REFERENCES, which name other things).
    fn key_groups(&self, stmt: usize, a: usize, b: usize) -> Vec<(usize, usize)> {
        let scan = self.scan();
        let toks = scan.toks(stmt);
        let mut out = Vec::new();
        let mut i = a;
        let mut expect = false;
        while i < b {
            if scan.is_sym(stmt, i, "(") {
                let c = scan.close_of(toks, i).unwrap_or(b).min(b);
                if expect {
                    out.push((i + 1, c));
                    expect = false;
                }
                i = c + 1;
                continue;
            }
            let w = scan.word_at(stmt, i).unwrap_or("").to_ascii_uppercase();
            match w.as_str() {
                "PRIMARY" | "UNIQUE" | "FOREIGN" | "KEY" | "INDEX" | "FULLTEXT" | "SPATIAL" | "INCLUDE" => expect = true,
                "REFERENCES" | "CHECK" | "EXCLUDE" | "DEFAULT" | "WHERE" => expect = false,
                _ => {}
            }
            i += 1;
        }
        out
    }

    fn rename_column(&mut self, from: &str, to: &str) {
        let scan = self.scan();
        if let Some((_, def)) = self.s.column(from) {
            let (st, name) = (def.stmt, def.name);
            self.rename_token(st, name, from, to);
        }
        for &st in &self.s.stmts.clone() {
            let toks = scan.toks(st);
            match scan.subject_of(st) {
                Subject::CreateTable { body: Some((a, b)), .. } => {
                    for (x, y) in scan.items(toks, *a, *b) {
                        for (p, q) in self.key_groups(st, x, y) {
                            self.rename_in_list(st, p, q, from, to);
                        }
                    }
                }
                Subject::AlterTable { from: f, .. } => {
                    for (x, y) in scan.items(toks, *f, toks.len()) {
                        for (p, q) in self.key_groups(st, x, y) {
                            self.rename_in_list(st, p, q, from, to);
                        }
                        // ALTER [COLUMN] c, MODIFY c, CHANGE c c2, DROP [COLUMN] c, RENAME COLUMN c TO d.
                        let mut k = x;
                        if scan.is_kw(st, k, "ALTER") || scan.is_kw(st, k, "MODIFY") || scan.is_kw(st, k, "CHANGE") || scan.is_kw(st, k, "DROP") || scan.is_kw(st, k, "RENAME") {
                            k += 1;
                            if scan.is_kw(st, k, "COLUMN") {
                                k += 1;
                            }
                            if scan.is_kw(st, k, "IF") && scan.is_kw(st, k + 1, "EXISTS") {
                                k += 2;
                            }
                            if k < y {
                                self.rename_token(st, k, from, to);
                                if scan.is_kw(st, x, "CHANGE") || scan.is_kw(st, k + 1, "TO") {
                                    self.rename_token(st, k + if scan.is_kw(st, k + 1, "TO") { 2 } else { 1 }, from, to);
                                }
                            }
                        }
                        // T-SQL `ADD CONSTRAINT DF DEFAULT x FOR c`.
                        if let Some(f) = (x..y).find(|&i| scan.is_kw(st, i, "FOR")) {
                            self.rename_token(st, f + 1, from, to);
                        }
                    }
                }
                Subject::CreateIndex { from: f, .. } => {
                    let f = *f;
                    if let Some(open) = (f..toks.len()).find(|&k| scan.is_sym(st, k, "("))
                        && let Some(close) = scan.close_of(toks, open)
                    {
                        self.rename_in_list(st, open + 1, close, from, to);
                        for (p, q) in self.key_groups(st, close + 1, toks.len()) {
                            self.rename_in_list(st, p, q, from, to);
                        }
                    }
                }
                Subject::CommentOn { column: Some(c), .. } => {
                    let c = *c;
                    self.rename_token(st, c, from, to);
                }
                Subject::Names { from: f, .. } => {
                    let f = *f;
                    if scan.is_sym(st, f, "(")
                        && let Some(close) = scan.close_of(toks, f)
                    {
                        self.rename_in_list(st, f + 1, close, from, to);
                    }
                }
                _ => {}
            }
        }
        // `REFERENCES this (…, c, …)` anywhere.
        for st in 0..scan.stmts.len() {
            for (name, group) in scan.references(st) {
                if let Some((a, b)) = group
                    && name.is(self.o)
                {
                    self.rename_in_list(st, a, b, from, to);
                }
            }
        }
    }

    // ---- comments ----

    fn table_comment(&mut self) -> Result<(), Unsupported> {
        let (o, n) = (self.o, self.n);
        if o.comment == n.comment {
            return Ok(());
        }
        self.w.check_comments_writable(n.comment.is_some())?;
        let scan = self.scan();
        let create = self.s.create.ok_or("create")?;
        if !self.w.comment_statements() {
            // `COMMENT [=] 'text'` among the table options, after the body.
            let toks = scan.toks(create);
            let from = self.s.body.map_or(0, |(_, b)| b + 1);
            let site = (from..toks.len()).find(|&k| scan.is_kw(create, k, "COMMENT"));
            let lit = site.map(|k| if scan.is_sym(create, k + 1, "=") { k + 2 } else { k + 1 }).filter(|&k| toks.get(k).is_some_and(|t| t.kind == TokenKind::Str));
            match (site, lit, &n.comment) {
                (Some(_), Some(l), Some(c)) => {
                    let t = toks.get(l).ok_or("the table comment's literal")?;
                    self.out.edit(t.start as usize, t.end as usize, self.w.lit(c));
                }
                (Some(k), Some(l), None) => {
                    let before = k.checked_sub(1).and_then(|p| toks.get(p)).ok_or("the table comment's place")?;
                    let t = toks.get(l).ok_or("the table comment's literal")?;
                    self.out.remove((before.end as usize, t.end as usize));
                }
                (None, _, Some(c)) => {
                    let close = self.s.body.map(|(_, b)| b).ok_or("a table comment needs a body")?;
                    let at = toks.get(close).ok_or("a table comment needs a body")?.end as usize;
                    let eq = if self.w.d == Dialect::Mysql { "=" } else { " " };
                    self.out.edit(at, at, format!(" COMMENT{eq}{}", self.w.lit(c)));
                }
                _ => return Err("the table comment was not found".into()),
            }
            return Ok(());
        }
        let sites: Vec<usize> = self.s.stmts.iter().copied().filter(|&st| matches!(scan.subject_of(st), Subject::CommentOn { column: None, .. })).collect();
        match (&n.comment, sites.last()) {
            (Some(c), Some(&st)) => {
                let Subject::CommentOn { literal: Some(l), .. } = scan.subject_of(st) else { return Err("comment literal".into()) };
                let t = self.tok(st, *l);
                self.out.edit(t.start as usize, t.end as usize, self.w.lit(c));
            }
            (Some(c), None) => {
                let name = self.w.qual(n.schema.as_deref(), &n.name);
                self.after_create.push(format!("COMMENT ON TABLE {name} IS {};", self.w.lit(c)));
            }
            (None, _) => {
                for st in sites {
                    self.out.remove(scan.stmt_removal(st).ok_or("comment")?);
                }
            }
        }
        Ok(())
    }

    fn column_comment(&mut self, oc: &Column, nc: &Column) -> Result<(), Unsupported> {
        self.w.check_comments_writable(nc.comment.is_some())?;
        let scan = self.scan();
        if !self.w.comment_statements() {
            let (_, def) = self.s.column(&oc.name).ok_or("column definition")?;
            let site = def.clauses.iter().rev().find(|c| matches!(c.kind, ClauseKind::Comment(_))).cloned();
            let (st, end) = (def.stmt, def.end);
            match (site, &nc.comment) {
                (Some(cl), Some(c)) => {
                    let ClauseKind::Comment(l) = cl.kind else { return Err("comment".into()) };
                    let t = self.tok(st, l);
                    self.out.edit(t.start as usize, t.end as usize, self.w.lit(c));
                }
                (Some(cl), None) => self.remove_clause(st, cl.a, cl.b),
                (None, Some(c)) => {
                    let at = self.tok(st, end - 1).end as usize;
                    self.out.edit(at, at, format!(" COMMENT {}", self.w.lit(c)));
                }
                (None, None) => {}
            }
            return Ok(());
        }
        let sites: Vec<usize> = self
            .s
            .stmts
            .iter()
            .copied()
            .filter(|&st| match scan.subject_of(st) {
                Subject::CommentOn { column: Some(c), .. } => scan.ident(&self.tok(st, *c)).eq_ignore_ascii_case(&oc.name),
                _ => false,
            })
            .collect();
        match (&nc.comment, sites.last()) {
            (Some(c), Some(&st)) => {
                let Subject::CommentOn { literal: Some(l), .. } = scan.subject_of(st) else { return Err("comment literal".into()) };
                let t = self.tok(st, *l);
                self.out.edit(t.start as usize, t.end as usize, self.w.lit(c));
            }
            (Some(c), None) => {
                let name = self.w.qual(self.n.schema.as_deref(), &self.n.name);
                self.after_create.push(format!("COMMENT ON COLUMN {name}.{} IS {};", self.w.q(&nc.name), self.w.lit(c)));
            }
            (None, _) => {
                for st in sites {
                    self.out.remove(scan.stmt_removal(st).ok_or("comment")?);
                }
            }
        }
        Ok(())
    }

    /// Removes clause tokens `a..b` with the space before them.
    fn remove_clause(&mut self, stmt: usize, a: usize, b: usize) {
        let start = if a > 0 { self.tok(stmt, a - 1).end as usize } else { self.tok(stmt, a).start as usize };
        self.out.remove((start, self.tok(stmt, b - 1).end as usize));
    }

    // ---- columns ----

    /// ALTER actions that redefine or alter column `name`: (action index, verb).
    fn column_actions(&self, name: &str) -> Vec<(usize, String)> {
        let scan = self.scan();
        let mut out = Vec::new();
        for (k, it) in self.s.actions.iter().enumerate() {
            let verb = scan.word_at(it.stmt, it.a).unwrap_or("").to_ascii_uppercase();
            let mut i = it.a + 1;
            match verb.as_str() {
                "ALTER" | "MODIFY" | "CHANGE" | "DROP" | "RENAME" => {
                    if scan.is_kw(it.stmt, i, "COLUMN") {
                        i += 1;
                    }
                    if scan.is_kw(it.stmt, i, "IF") && scan.is_kw(it.stmt, i + 1, "EXISTS") {
                        i += 2;
                    }
                    let hit = scan.toks(it.stmt).get(i).is_some_and(|t| scan.ident(t).eq_ignore_ascii_case(name));
                    if hit && i < it.b {
                        out.push((k, verb));
                    }
                }
                "ADD" => {
                    if let Some(f) = (it.a..it.b).find(|&x| scan.is_kw(it.stmt, x, "FOR"))
                        && scan.toks(it.stmt).get(f + 1).is_some_and(|t| scan.ident(t).eq_ignore_ascii_case(name))
                        && (it.a..f).any(|x| scan.is_kw(it.stmt, x, "DEFAULT"))
                    {
                        out.push((k, "DEFAULT FOR".into()));
                    }
                }
                _ => {}
            }
        }
        out
    }

    fn columns(&mut self) -> Result<(), Unsupported> {
        let (o, n) = (self.o, self.n);
        let old_pk: Vec<ColumnId> = o.primary_key.as_ref().map(|p| p.columns.clone()).unwrap_or_default();
        let new_pk: Vec<ColumnId> = n.primary_key.as_ref().map(|p| p.columns.clone()).unwrap_or_default();
        for oc in &o.columns {
            let Some(nc) = n.column(oc.id) else {
                self.delete_column(oc)?;
                continue;
            };
            let actions = self.column_actions(&oc.name);
            let redefined = actions.iter().any(|(_, v)| v == "MODIFY" || v == "CHANGE");
            let differs = oc.data_type.raw != nc.data_type.raw
                || oc.nullable != nc.nullable
                || oc.default != nc.default
                || oc.identity != nc.identity
                || oc.generated != nc.generated
                || oc.collation != nc.collation;
            if redefined && differs {
                return Err(format!("{}.{} is redefined by an ALTER TABLE", o.qualified_name(), oc.name));
            }
            if oc.identity != nc.identity || oc.generated != nc.generated || oc.collation != nc.collation {
                return Err("identity, generated or collation changed".into());
            }
            if oc.data_type.raw != nc.data_type.raw {
                self.set_type(oc, nc, &actions)?;
            }
            if oc.default != nc.default {
                self.set_default(oc, nc, &actions)?;
            }
            let pk_changed = old_pk.contains(&oc.id) != new_pk.contains(&oc.id);
            if oc.nullable != nc.nullable || pk_changed || o.primary_key != n.primary_key {
                self.set_nullable(oc, nc, &actions, new_pk.contains(&oc.id))?;
            }
            if oc.comment != nc.comment {
                self.column_comment(oc, nc)?;
            }
        }
        self.add_and_move_columns()
    }

    fn def(&self, name: &str) -> Result<ColumnDef, Unsupported> {
        self.s.column(name).map(|(_, d)| d.clone()).ok_or_else(|| format!("{}.{}: its definition was not found", self.o.qualified_name(), name))
    }

    fn set_type(&mut self, oc: &Column, nc: &Column, actions: &[(usize, String)]) -> Result<(), Unsupported> {
        if actions.iter().any(|(k, v)| v == "ALTER" && self.action_mentions(*k, "TYPE")) {
            return Err("the type is altered by an ALTER TABLE".into());
        }
        let def = self.def(&oc.name)?;
        let (a, b) = def.ty;
        let raw = nc.data_type.raw.trim();
        if raw.is_empty() {
            return Err("an empty type".into());
        }
        if a < b {
            let (x, y) = self.scan().bytes(def.stmt, a, b);
            self.out.edit(x, y, raw.to_string());
        } else {
            let at = self.tok(def.stmt, def.name).end as usize;
            self.out.edit(at, at, format!(" {raw}"));
        }
        Ok(())
    }

    fn action_mentions(&self, k: usize, word: &str) -> bool {
        self.s.actions.get(k).is_some_and(|it| (it.a..it.b).any(|i| self.scan().is_kw(it.stmt, i, word)))
    }

    /// Byte offset right after the column's type (or its name, when it has none).
    fn after_type(&self, def: &ColumnDef) -> usize {
        let last = if def.ty.0 < def.ty.1 { def.ty.1 - 1 } else { def.name };
        self.tok(def.stmt, last).end as usize
    }

    fn set_default(&mut self, oc: &Column, nc: &Column, actions: &[(usize, String)]) -> Result<(), Unsupported> {
        let def = self.def(&oc.name)?;
        let alter_sites: Vec<usize> = actions
            .iter()
            .filter(|(k, v)| v == "DEFAULT FOR" || (v == "ALTER" && self.action_mentions(*k, "DEFAULT")))
            .map(|(k, _)| *k)
            .collect();
        let clause = def.clauses.iter().rev().find(|c| matches!(c.kind, ClauseKind::Default(..))).cloned();
        if !alter_sites.is_empty() {
            let (&[k], None) = (alter_sites.as_slice(), &clause) else {
                return Err("the default is set in more than one place".into());
            };
            let Some(&it) = self.s.actions.get(k) else { return Err("the default's site is gone".into()) };
            let scan = self.scan();
            match &nc.default {
                None => {
                    self.removed_actions.insert(k);
                }
                Some(d) => {
                    // `… SET DEFAULT expr` or `… DEFAULT expr FOR c`.
                    let kw = (it.a..it.b).find(|&i| scan.is_kw(it.stmt, i, "DEFAULT")).ok_or("default")?;
                    let end = (kw + 1..it.b).find(|&i| scan.is_kw(it.stmt, i, "FOR")).unwrap_or(it.b);
                    if kw + 1 >= end {
                        return Err("default expression".into());
                    }
                    let (x, y) = scan.bytes(it.stmt, kw + 1, end);
                    self.out.edit(x, y, d.clone());
                }
            }
            return Ok(());
        }
        match (clause, &nc.default) {
            (Some(cl), Some(d)) => {
                let ClauseKind::Default(x, y) = cl.kind else { return Err("default".into()) };
                if x >= y {
                    return Err("default expression".into());
                }
                let (bx, by) = self.scan().bytes(def.stmt, x, y);
                self.out.edit(bx, by, d.clone());
            }
            (Some(cl), None) => self.remove_clause(def.stmt, cl.a, cl.b),
            (None, Some(d)) => {
                let at = self.after_type(&def);
                self.out.edit(at, at, format!(" DEFAULT {d}"));
            }
            (None, None) => {}
        }
        Ok(())
    }

    /// Makes the text's NOT NULL say `nc.nullable`, given whether the column is in the new
    /// primary key (which implies NOT NULL on import).
    fn set_nullable(&mut self, oc: &Column, nc: &Column, actions: &[(usize, String)], in_new_pk: bool) -> Result<(), Unsupported> {
        let want_not_null = !nc.nullable || in_new_pk;
        let serial = nc.data_type.raw.to_ascii_lowercase().contains("serial");
        let implied = in_new_pk || serial || matches!(nc.identity, Some(Identity::Always | Identity::ByDefault | Identity::Identity { .. } | Identity::Serial));
        let def = self.def(&oc.name)?;
        let nullability: Vec<_> = def.clauses.iter().filter(|c| matches!(c.kind, ClauseKind::NotNull | ClauseKind::Null)).cloned().collect();
        let alter_null = actions.iter().any(|(k, v)| v == "ALTER" && self.action_mentions(*k, "NULL"));
        // The inline PK clause, if the key leaves this column, no longer implies NOT NULL.
        let explicit = nullability.last().map(|c| c.kind == ClauseKind::NotNull);
        if alter_null {
            let now = !oc.nullable;
            if now == want_not_null {
                return Ok(());
            }
            return Err("NOT NULL is set by an ALTER TABLE".into());
        }
        if want_not_null {
            match explicit {
                Some(true) => {}
                Some(false) => {
                    let Some(cl) = nullability.last() else { return Ok(()) };
                    let (x, y) = self.scan().bytes(def.stmt, cl.a, cl.b);
                    self.out.edit(x, y, "NOT NULL");
                }
                None if implied => {}
                None => {
                    let at = self.after_type(&def);
                    self.out.edit(at, at, " NOT NULL");
                }
            }
        } else {
            if implied {
                return Err(format!("{}: a key or identity column cannot be nullable", nc.name));
            }
            for cl in nullability.iter().filter(|c| c.kind == ClauseKind::NotNull) {
                self.remove_clause(def.stmt, cl.a, cl.b);
            }
        }
        Ok(())
    }

    fn delete_column(&mut self, oc: &Column) -> Result<(), Unsupported> {
        let def = self.def(&oc.name)?;
        match (def.elem, def.action) {
            (Some(e), _) => {
                self.removed_elems.insert(e);
            }
            (None, Some(k)) => {
                self.removed_actions.insert(k);
            }
            _ => return Err("column definition".into()),
        }
        for (k, _) in self.column_actions(&oc.name) {
            self.removed_actions.insert(k);
        }
        let scan = self.scan();
        for &st in &self.s.stmts {
            if let Subject::CommentOn { column: Some(c), .. } = scan.subject_of(st)
                && scan.ident(&self.tok(st, *c)).eq_ignore_ascii_case(&oc.name)
            {
                self.out.remove(scan.stmt_removal(st).ok_or("comment")?);
            }
        }
        Ok(())
    }

    /// Inserts new columns after their neighbour and moves reordered ones.
    fn add_and_move_columns(&mut self) -> Result<(), Unsupported> {
        let (o, n) = (self.o, self.n);
        let common_new: Vec<ColumnId> = n.columns.iter().map(|c| c.id).filter(|id| o.column(*id).is_some()).collect();
        let old_rank = |id: ColumnId| o.columns.iter().position(|c| c.id == id).unwrap_or(usize::MAX);
        let ranks: Vec<usize> = common_new.iter().map(|id| old_rank(*id)).collect();
        let keep = lis(&ranks);
        let moved: HashSet<ColumnId> = common_new.iter().enumerate().filter(|(i, _)| !keep.contains(i)).map(|(_, id)| *id).collect();
        let mut anchor = Anchor::Start;
        let elem_of = |w: &Self, c: &Column| -> Result<usize, Unsupported> {
            let (_, def) = w.s.column(&c.name).ok_or("column definition")?;
            def.elem.ok_or_else(|| format!("{}.{} is defined by an ALTER TABLE", o.qualified_name(), c.name))
        };
        if self.s.body.is_none() || self.s.columns.iter().all(|(_, d)| d.elem.is_none()) {
            if n.columns.iter().any(|c| o.column(c.id).is_none()) || !moved.is_empty() {
                return Err("columns can only be added to a CREATE TABLE body".into());
            }
            return Ok(());
        }
        for nc in &n.columns {
            match o.column(nc.id) {
                Some(oc) if !moved.contains(&nc.id) => {
                    // A column defined by an ALTER TABLE is no anchor in the body.
                    if let Ok(e) = elem_of(self, oc) {
                        anchor = Anchor::After(e);
                    }
                }
                Some(oc) => {
                    let e = elem_of(self, oc)?;
                    self.removed_elems.insert(e);
                    self.inserts.entry(anchor).or_default().push(Pending::Moved(e));
                }
                None => {
                    let text = self.w.column_text(n, nc);
                    self.inserts.entry(anchor).or_default().push(Pending::Text(text));
                    if nc.comment.is_some() && self.w.comment_statements() {
                        let name = self.w.qual(n.schema.as_deref(), &n.name);
                        let cm = nc.comment.as_deref().unwrap_or("");
                        self.after_create.push(format!("COMMENT ON COLUMN {name}.{} IS {};", self.w.q(&nc.name), self.w.lit(cm)));
                    }
                    self.w.check_comments_writable(nc.comment.is_some())?;
                }
            }
        }
        Ok(())
    }

    /// The line layout of body element `e`: where its line starts, and the end of its line
    /// (after its comma, a trailing `--` comment and the newline) when nothing else shares it.
    fn line_of(&self, e: usize) -> Option<Line> {
        let src = self.scan().src;
        let it = *self.s.elems.get(e)?;
        let (s, t) = self.scan().bytes(it.stmt, it.a, it.b);
        let start = src[..s].rfind('\n').map_or(0, |p| p + 1);
        if !src[start..s].trim().is_empty() || start == 0 {
            return None;
        }
        let rest = &src[t..];
        let mut k = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        let comma = rest[k..].starts_with(',').then(|| t + k);
        if comma.is_some() {
            k += 1;
            k += rest[k..].len() - rest[k..].trim_start_matches([' ', '\t']).len();
        }
        let comment_start = t + k;
        if rest[k..].starts_with("--") {
            k += rest[k..].find('\n').unwrap_or(rest.len() - k);
        }
        let comment = (comment_start < t + k).then(|| src[comment_start..t + k].trim_end().to_string());
        if !rest[k..].starts_with('\n') {
            return None;
        }
        Some(Line { start, end: t + k + 1, comma, comment })
    }

    /// The text of pending element `p` and its trailing comment.
    fn pending_text(&mut self, p: &Pending) -> (String, Option<String>) {
        match p {
            Pending::Text(t) => (t.clone(), None),
            Pending::Moved(e) => {
                let comment = self.line_of(*e).and_then(|l| l.comment);
                (self.patched_elem(*e), comment)
            }
        }
    }

    /// Removals and insertions of body elements as text changes: whole lines (with their
    /// trailing comments) when the body has one element per line, else tokens and `, `.
    fn assemble_body(&mut self) -> Result<(), Unsupported> {
        let scan = self.scan();
        let create = self.s.create.ok_or("create")?;
        let elems = self.s.elems.clone();
        let count = elems.len();
        // Element numbers are below `count`, the length of `elems` and `lines`.
        let span = |e: usize| elems.get(e).map_or((0, 0), |x| scan.bytes(create, x.a, x.b));
        let surviving: Vec<usize> = (0..count).filter(|e| !self.removed_elems.contains(e)).collect();
        let mut groups: BTreeMap<Option<usize>, Vec<Pending>> = BTreeMap::new();
        for (anchor, items) in std::mem::take(&mut self.inserts) {
            let at = match anchor {
                Anchor::Start => None,
                Anchor::After(k) => (0..=k).rev().find(|e| !self.removed_elems.contains(e)),
            };
            groups.entry(at).or_default().extend(items);
        }
        let mut texts: BTreeMap<Option<usize>, Vec<(String, Option<String>)>> = BTreeMap::new();
        for (at, items) in groups {
            let resolved: Vec<_> = items.iter().map(|p| self.pending_text(p)).collect();
            texts.insert(at, resolved);
        }
        let lines: Vec<Option<Line>> = (0..count).map(|e| self.line_of(e)).collect();
        let indent = self.indent();
        let removed: Vec<usize> = self.removed_elems.iter().copied().collect();
        let runs = runs_of(&removed);
        let first_survivor = surviving.first().copied();
        if let Some(lines) = lines.iter().cloned().collect::<Option<Vec<Line>>>() {
            let line = |e: usize| lines.get(e).ok_or("line");
            // One element per line.
            let line_text = |(t, c): &(String, Option<String>), last: bool| {
                let comma = if last { "" } else { "," };
                match c {
                    Some(c) => format!("{indent}{t}{comma} {c}\n"),
                    None => format!("{indent}{t}{comma}\n"),
                }
            };
            if surviving.is_empty() {
                let all: Vec<_> = texts.into_values().flatten().collect();
                if all.is_empty() {
                    return Err("a table cannot lose every column".into());
                }
                let body: String = all.iter().enumerate().map(|(i, x)| line_text(x, i + 1 == all.len())).collect();
                let (first, last) = (lines.first().ok_or("line")?, lines.last().ok_or("line")?);
                self.out.edit(first.start, last.end, body);
                return Ok(());
            }
            let last_survivor = *surviving.last().ok_or("survivor")?;
            for (first, last) in runs {
                self.out.remove((line(first)?.start, line(last)?.end));
                if last + 1 == count {
                    // The new last element loses its comma.
                    if let Some(c) = line(last_survivor)?.comma {
                        self.out.remove((c, c + 1));
                    }
                }
            }
            for (at, items) in texts {
                match at {
                    Some(j) => {
                        let ends = j == last_survivor;
                        if ends {
                            let t = span(j).1;
                            self.out.edit(t, t, ",");
                        }
                        let n = items.len();
                        let body: String = items.iter().enumerate().map(|(i, x)| line_text(x, ends && i + 1 == n)).collect();
                        let end = line(j)?.end;
                        self.out.edit(end, end, body);
                    }
                    None => {
                        let body: String = items.iter().map(|x| line_text(x, false)).collect();
                        let p = line(first_survivor.ok_or("survivor")?)?.start;
                        self.out.edit(p, p, body);
                    }
                }
            }
            return Ok(());
        }
        // Elements sharing lines: tokens and separators.
        let sep = self.separator();
        let plain = |items: &[(String, Option<String>)]| items.iter().map(|(t, _)| t.clone()).collect::<Vec<_>>().join(&sep);
        if surviving.is_empty() {
            let all: Vec<_> = texts.into_values().flatten().collect();
            if all.is_empty() {
                return Err("a table cannot lose every column".into());
            }
            self.out.edit(span(0).0, span(count - 1).1, plain(&all));
            return Ok(());
        }
        for (first, last) in runs {
            let range = if last + 1 < count {
                (span(first).0, span(last + 1).0)
            } else if first > 0 {
                (span(first - 1).1, span(last).1)
            } else {
                (span(first).0, span(last).1)
            };
            self.out.remove(range);
        }
        for (at, items) in texts {
            match at {
                Some(e) => {
                    let p = span(e).1;
                    self.out.edit(p, p, format!("{sep}{}", plain(&items)));
                }
                None => {
                    let p = span(first_survivor.ok_or("survivor")?).0;
                    self.out.edit(p, p, format!("{}{sep}", plain(&items)));
                }
            }
        }
        Ok(())
    }

    /// The text of body element `e` with the edits made inside it so far (which are taken out:
    /// the element moves).
    fn patched_elem(&mut self, e: usize) -> String {
        // `e` is an element number of this body's scan.
        let Some(&it) = self.s.elems.get(e) else { return String::new() };
        let (x, y) = self.scan().bytes(it.stmt, it.a, it.b);
        let (inner, rest): (Vec<TextChange>, Vec<TextChange>) =
            std::mem::take(&mut self.out.edits).into_iter().partition(|c| c.start >= x && c.end <= y);
        self.out.edits = rest;
        let mut removals = Vec::new();
        self.out.removals.retain(|&(a, b)| {
            let inside = a >= x && b <= y;
            if inside {
                removals.push((a, b));
            }
            !inside
        });
        let local: Vec<TextChange> = inner
            .into_iter()
            .map(|c| TextChange::new(c.start - x, c.end - x, c.insert))
            .chain(removals.into_iter().map(|(a, b)| TextChange::new(a - x, b - x, "")))
            .collect();
        let src = self.scan().src.get(x..y).unwrap_or_default();
        apply_all(src, &local).unwrap_or_else(|_| src.to_string())
    }

    // ---- keys ----

    fn names_of(t: &Table, cols: &[ColumnId]) -> Vec<String> {
        cols.iter().filter_map(|c| t.column(*c)).map(|c| c.name.to_lowercase()).collect()
    }

    /// Takes the first unused site matching `pred`.
    fn take_site(&self, used: &mut HashSet<usize>, pred: impl Fn(&Site) -> bool) -> Option<usize> {
        let k = self.s.sites.iter().enumerate().find(|(k, s)| !used.contains(k) && pred(s)).map(|(k, _)| k)?;
        used.insert(k);
        Some(k)
    }

    fn remove_site(&mut self, k: usize) -> Result<(), Unsupported> {
        let Some(site) = self.s.sites.get(k) else { return Err("site".into()) };
        match site.loc {
            Loc::Elem(e) => {
                self.removed_elems.insert(e);
            }
            Loc::Action(a) => {
                self.removed_actions.insert(a);
            }
            Loc::Stmt(st) => self.out.remove(self.scan().stmt_removal(st).ok_or("statement")?),
            Loc::Clause { col, clause } => {
                let def = &self.s.columns.get(col).ok_or("column")?.1;
                let cl = def.clauses.get(clause).ok_or("clause")?;
                let (st, a, b) = (def.stmt, cl.a, cl.b);
                self.remove_clause(st, a, b);
            }
        }
        Ok(())
    }

    fn add_element(&mut self, text: String) -> Result<(), Unsupported> {
        if self.s.body.is_none() {
            return Err("constraints are added to a CREATE TABLE body".into());
        }
        let last = self.s.elems.len().checked_sub(1).map_or(Anchor::Start, Anchor::After);
        self.inserts.entry(last).or_default().push(Pending::Text(text));
        Ok(())
    }

    fn keys(&mut self) -> Result<(), Unsupported> {
        let (o, n) = (self.o, self.n);
        let mut used = HashSet::new();
        if o.primary_key != n.primary_key {
            while let Some(k) = self.take_site(&mut used, |s| s.kind == SiteKind::PrimaryKey) {
                self.remove_site(k)?;
            }
            // `REFERENCES this` without columns means its primary key: say the old key's
            // columns, so those foreign keys keep their meaning.
            if let Some(pk) = &o.primary_key {
                let cols: Vec<String> = pk.columns.iter().filter_map(|c| n.column(*c)).map(|c| self.w.q(&c.name)).collect();
                let scan = self.scan();
                for st in 0..scan.stmts.len() {
                    for (name, group) in scan.references(st) {
                        if group.is_none() && name.is(o) && let Some(&last) = name.parts.last() {
                            let at = self.tok(st, last).end as usize;
                            self.out.edit(at, at, format!(" ({})", cols.join(", ")));
                        }
                    }
                }
            }
            if let Some(pk) = &n.primary_key {
                let text = self.w.pk_text(n, &pk.name, &pk.columns);
                self.add_element(text)?;
            }
        }
        for u in &o.uniques {
            if n.uniques.contains(u) {
                continue;
            }
            let cols = Self::names_of(o, &u.columns);
            let k = self.take_site(&mut used, |s| s.kind == SiteKind::Unique && s.columns == cols).ok_or("unique constraint site")?;
            self.remove_site(k)?;
        }
        for u in &n.uniques {
            if !o.uniques.contains(u) {
                let text = format!("{}UNIQUE ({})", self.w.constraint_name(&u.name), self.w.col_list(n, &u.columns));
                self.add_element(text)?;
            }
        }
        for c in &o.checks {
            if n.checks.contains(c) {
                continue;
            }
            let k = self.take_site(&mut used, |s| s.kind == SiteKind::Check && s.expr.as_deref().map(str::trim) == Some(c.expr.trim())).ok_or("check site")?;
            self.remove_site(k)?;
        }
        for c in &n.checks {
            if !o.checks.contains(c) {
                let text = format!("{}CHECK ({})", self.w.constraint_name(&c.name), c.expr);
                self.add_element(text)?;
            }
        }
        let mut remaining: Vec<&ForeignKey> = n.foreign_keys.iter().collect();
        for fk in &o.foreign_keys {
            if let Some(p) = remaining.iter().position(|x| *x == fk) {
                remaining.remove(p);
                continue;
            }
            let cols = Self::names_of(o, &fk.columns);
            let rt = self.w.old.table(fk.ref_table).ok_or("referenced table")?;
            let rcols = Self::names_of(rt, &fk.ref_columns);
            let k = self
                .take_site(&mut used, |s| {
                    s.kind == SiteKind::ForeignKey
                        && s.columns == cols
                        && s.ref_name.as_ref().is_some_and(|r| r.is(rt))
                        && (s.ref_columns.is_empty() || s.ref_columns == rcols)
                })
                .ok_or("foreign key site")?;
            self.remove_site(k)?;
        }
        for fk in remaining {
            self.add_foreign_key(fk)?;
        }
        Ok(())
    }

    /// A new foreign key: a body element when the referenced table is created earlier in the
    /// text (or is this table, or SQLite, which allows forward references); else an
    /// `ALTER TABLE … ADD` right after the referenced table's `CREATE TABLE`.
    fn add_foreign_key(&mut self, fk: &ForeignKey) -> Result<(), Unsupported> {
        let text = self.w.fk_text(self.n, fk)?;
        let create = self.s.create.ok_or("create")?;
        let target_create = self.w.old.table(fk.ref_table).and_then(|rt| self.scan().create_of(rt));
        let inline = fk.ref_table == self.n.id || self.w.d == Dialect::Sqlite || target_create.is_some_and(|t| t < create);
        if inline {
            return self.add_element(text);
        }
        let name = self.w.qual(self.n.schema.as_deref(), &self.n.name);
        let stmt = format!("ALTER TABLE {name} ADD {text};");
        match target_create.and_then(|t| self.scan().stmt_range(t)) {
            Some((_, end)) => self.out.edit(end, end, format!("\n{stmt}")),
            // A table added by the same edit is appended at the end of the text.
            None => return Err("a foreign key to a table that is not in the text yet".into()),
        }
        Ok(())
    }

    fn indexes(&mut self) -> Result<(), Unsupported> {
        let (o, n) = (self.o, self.n);
        let mut used = HashSet::new();
        let mut pieces = Pieces::new(self.w.new, self.w.d);
        for ix in &o.indexes {
            let now = n.indexes.iter().find(|x| x.id == ix.id);
            if now.is_some_and(|x| Index { span: None, ..x.clone() } == Index { span: None, ..ix.clone() }) {
                continue;
            }
            let by_stmt = ix.span.and_then(|sp| {
                self.s.sites.iter().position(|s| matches!(s.loc, Loc::Stmt(st) if self.scan().toks(st).first().is_some_and(|t| t.start == sp.start)))
            });
            let cols: Vec<String> = ix
                .keys
                .iter()
                .map(|k| match &k.part {
                    IndexPart::Column(c) => o.column(*c).map(|c| c.name.to_lowercase()).unwrap_or_default(),
                    IndexPart::Expression(e) => e.clone(),
                })
                .collect();
            let k = match by_stmt.filter(|k| !used.contains(k)) {
                Some(k) => {
                    used.insert(k);
                    k
                }
                None => self
                    .take_site(&mut used, |s| {
                        s.kind == SiteKind::Index
                            && match (&s.name, &ix.name) {
                                (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                                _ => s.columns == cols,
                            }
                    })
                    .ok_or("index site")?,
            };
            let loc = self.s.sites.get(k).ok_or("index site")?.loc;
            match (now, loc) {
                (Some(x), Loc::Stmt(st)) => {
                    let text = pieces.create_index(n, x);
                    if text.is_empty() {
                        return Err("index cannot be written".into());
                    }
                    let (a, b) = self.scan().stmt_range(st).ok_or("index statement")?;
                    self.out.edit(a, b, text);
                }
                (Some(x), _) => {
                    self.remove_site(k)?;
                    let text = pieces.create_index(n, x);
                    if text.is_empty() {
                        return Err("index cannot be written".into());
                    }
                    self.after_create.push(text);
                }
                (None, _) => self.remove_site(k)?,
            }
        }
        for ix in &n.indexes {
            if o.indexes.iter().any(|x| x.id == ix.id) {
                continue;
            }
            let text = pieces.create_index(n, ix);
            if text.is_empty() {
                return Err("index cannot be written".into());
            }
            self.after_create.push(text);
        }
        Ok(())
    }

    // ---- assembly ----

    /// Turns element and action removals and insertions into changes.
    fn finish(&mut self) -> Result<(), Unsupported> {
        let scan = self.scan();
        // Body elements.
        if !self.removed_elems.is_empty() || !self.inserts.is_empty() {
            self.assemble_body()?;
        }
        // ALTER TABLE actions.
        let mut by_stmt: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (k, it) in self.s.actions.iter().enumerate() {
            by_stmt.entry(it.stmt).or_default().push(k);
        }
        for (st, ks) in by_stmt {
            let gone: Vec<usize> = ks.iter().copied().filter(|k| self.removed_actions.contains(k)).collect();
            if gone.is_empty() {
                continue;
            }
            if gone.len() == ks.len() {
                self.out.remove(scan.stmt_removal(st).ok_or("alter statement")?);
                continue;
            }
            // `ks` holds action numbers of this statement, in order; an action removed with
            // others left is either followed by one or, the last, preceded by one.
            let action = |k: usize| self.s.actions.get(k).copied().ok_or("action");
            for (pos, &k) in ks.iter().enumerate().filter(|&(_, k)| gone.contains(k)) {
                let it: Item = action(k)?;
                let (a, b) = scan.bytes(st, it.a, it.b);
                let range = if let Some(&next_k) = ks.get(pos + 1) {
                    let next = action(next_k)?;
                    // `ADD a, b` where `b` goes on without ADD: keep the ADD for it.
                    let keeps_verb = scan.is_kw(st, it.a, "ADD") && !scan.starts_with_verb(st, next.a) && !self.removed_actions.contains(&next_k) && it.b > it.a + 1;
                    let a = if keeps_verb { scan.bytes(st, it.a + 1, it.b).0 } else { a };
                    (a, scan.bytes(st, next.a, next.b).0)
                } else {
                    let prev = action(*pos.checked_sub(1).and_then(|p| ks.get(p)).ok_or("action")?)?;
                    (scan.bytes(st, prev.a, prev.b).1, b)
                };
                self.out.remove(range);
            }
        }
        // Statements after the CREATE TABLE.
        if !self.after_create.is_empty() {
            let create = self.s.create.ok_or("create")?;
            let (_, end) = scan.stmt_range(create).ok_or("create statement")?;
            let text = self.after_create.iter().map(|s| format!("\n{s}")).collect::<String>();
            self.out.edit(end, end, text);
        }
        Ok(())
    }
}

/// A body element's line: its start, the end after its newline, its comma and its trailing comment.
#[derive(Clone, Debug)]
struct Line {
    start: usize,
    end: usize,
    comma: Option<usize>,
    comment: Option<String>,
}

/// Runs of consecutive numbers in a sorted list, as (first, last).
fn runs_of(sorted: &[usize]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for &x in sorted {
        match out.last_mut() {
            Some(r) if r.1 + 1 == x => r.1 = x,
            _ => out.push((x, x)),
        }
    }
    out
}

/// Indices of one longest strictly increasing subsequence of `xs`.
fn lis(xs: &[usize]) -> HashSet<usize> {
    // Patience sorting: `tails` holds, for each length, the position of the smallest value that
    // ends an increasing run of that length; `prev` links each position to the one before it.
    let mut tails: Vec<usize> = Vec::new();
    let mut prev = vec![usize::MAX; xs.len()];
    for (i, &x) in xs.iter().enumerate() {
        let pos = tails.partition_point(|&t| xs.get(t).is_some_and(|&v| v < x));
        if let (Some(&before), Some(p)) = (pos.checked_sub(1).and_then(|k| tails.get(k)), prev.get_mut(i)) {
            *p = before;
        }
        match tails.get_mut(pos) {
            Some(t) => *t = i,
            None => tails.push(i),
        }
    }
    let mut out = HashSet::new();
    let mut k = tails.last().copied().unwrap_or(usize::MAX);
    while let Some(&before) = prev.get(k) {
        out.insert(k);
        k = before;
    }
    out
}
