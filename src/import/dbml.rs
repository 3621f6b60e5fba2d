//! DBML (dbdiagram.io) → Schema: `Project` (its `database_type` is the dialect of the column
//! types), `Table` (schema prefix, alias, settings, columns with `pk`, `not null`, `unique`,
//! `increment`, `default`, `note`, `ref`, `check`; `Indexes`; `Note`; `Checks`), `Ref` in every
//! form (inline, short, long, composite; `>` `<` `-`, and `<>` as the join table DBML's own SQL
//! export makes), `Enum`, `TableGroup` (→ `Schema.groups`) and sticky `Note`s.
//!
//! Unknown elements and settings are warnings with line:column and are skipped; bad input is an
//! error at its place and the rest is still read. No recursion: blocks are read with a cursor.

use super::common::{fk_action, resolve_enum_types, resolve_fks, unquote, Ctx, Cursor, PendingFk, Tok, K};
use super::ImportStats;
use crate::diagnostic::{Diagnostic, Severity};
use crate::schema::{
    Check, Column, ColumnId, DataType, Dialect, EnumId, EnumType, Group, Identity, Index, IndexId, IndexKey, IndexPart, Note, NoteId,
    Point, PrimaryKey, Schema, SourceFormat, Table, TableId, UniqueConstraint,
};
use std::collections::HashMap;

/// The dialect a DBML `Project { database_type: '…' }` names.
pub fn dialect_of(database_type: &str) -> Option<Dialect> {
    let k: String = database_type.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
    Some(match k.as_str() {
        "postgresql" | "postgres" => Dialect::Postgres,
        "mysql" | "mariadb" => Dialect::Mysql,
        "sqlite" => Dialect::Sqlite,
        "sqlserver" | "mssql" | "microsoftsqlserver" => Dialect::Mssql,
        "oracle" => Dialect::Oracle,
        "snowflake" => Dialect::Snowflake,
        "clickhouse" => Dialect::Clickhouse,
        "duckdb" => Dialect::Duckdb,
        "generic" => Dialect::Generic,
        _ => return None,
    })
}

/// DBML's name for a dialect, as `Project { database_type }` says it.
pub fn database_type(d: Dialect) -> &'static str {
    // The menu label but for the two that name more than the dialect.
    match d {
        Dialect::Mysql => "MySQL",
        Dialect::Generic => "Generic",
        _ => d.label(),
    }
}

struct Setting {
    key: String,
    /// Token range of the value after `:`.
    value: Option<(usize, usize)>,
    at: (usize, usize),
}

struct IndexLine {
    parts: Vec<(String, bool, (usize, usize))>,
    settings: Vec<Setting>,
    at: (usize, usize),
}

struct ManyToMany {
    left: (Option<String>, String, Vec<String>),
    right: (Option<String>, String, Vec<String>),
    at: (usize, usize),
}

/// A table named in a `TableGroup`: schema, name and where it was written.
type GroupMember = (Option<String>, String, (usize, usize));

struct P<'a> {
    c: Cursor<'a>,
    ctx: Ctx<'a>,
    schema: Schema,
    pending: Vec<PendingFk>,
    m2m: Vec<ManyToMany>,
    aliases: HashMap<String, (Option<String>, String)>,
    groups: Vec<(Group, Vec<GroupMember>)>,
    /// Columns that say `null` themselves: a primary key does not make them NOT NULL (SQLite).
    explicit_null: Vec<ColumnId>,
}

pub(super) fn import(src: &str) -> (Schema, Vec<Diagnostic>, ImportStats) {
    let mut ctx = Ctx::new(src);
    let c = Cursor::new(src, &mut ctx, true);
    let mut schema = Schema::new(Dialect::Generic);
    schema.source = SourceFormat::Dbml;
    let mut p = P { c, ctx, schema, pending: Vec::new(), m2m: Vec::new(), aliases: HashMap::new(), groups: Vec::new(), explicit_null: Vec::new() };
    p.run();
    p.finish()
}

impl<'a> P<'a> {
    fn span_of(&self, from: usize, to: usize) -> (usize, usize) {
        let s = self.c.toks.get(from).map(|t| t.start).unwrap_or(self.c.src.len());
        let e = self.c.toks.get(to.saturating_sub(1).max(from)).map(|t| t.end).unwrap_or(s);
        (s, e.max(s))
    }

    /// A name part: a word or a `"quoted name"`.
    fn name_part(&mut self) -> Option<String> {
        let t = self.c.tok()?;
        match t.kind {
            K::Word | K::Number => {
                self.c.i += 1;
                Some(self.c.text(t).to_string())
            }
            K::DString => {
                self.c.i += 1;
                Some(unquote(self.c.src, &t))
            }
            _ => None,
        }
    }

    /// `a.b.c` or `a.(x, y)`: the parts, the last one possibly a column list.
    fn path(&mut self) -> Option<(Vec<String>, Vec<String>)> {
        let mut parts = Vec::new();
        loop {
            if self.c.at_punct("(") {
                self.c.i += 1;
                let mut cols = Vec::new();
                while let Some(t) = self.c.tok() {
                    if t.is(self.c.src, ")") {
                        self.c.i += 1;
                        break;
                    }
                    if t.is(self.c.src, ",") || t.kind == K::Newline {
                        self.c.i += 1;
                        continue;
                    }
                    match self.name_part() {
                        Some(n) => cols.push(n),
                        None => return None,
                    }
                }
                return Some((parts, cols));
            }
            parts.push(self.name_part()?);
            if self.c.at_punct(".") {
                self.c.i += 1;
            } else {
                return Some((parts, Vec::new()));
            }
        }
    }

    /// `schema.name` or `name`.
    fn qualified(&mut self) -> Option<(Option<String>, String)> {
        let (mut parts, _) = self.path()?;
        let name = parts.pop()?;
        Some((parts.pop(), name))
    }

    /// A (qualified) name, or else an error with `message` and the rest of the line skipped.
    fn qualified_or(&mut self, message: &str) -> Option<(Option<String>, String)> {
        let q = self.qualified();
        if q.is_none() {
            let (s, e) = self.c.here();
            self.ctx.error(s, e, message);
            self.c.skip_line();
        }
        q
    }

    /// `[a, b: v, …]` after the cursor, if there.
    fn settings(&mut self) -> Vec<Setting> {
        let mut out = Vec::new();
        if !self.c.at_punct("[") {
            return out;
        }
        let open = self.c.i;
        self.c.i += 1;
        loop {
            let Some(t) = self.c.tok() else {
                let (s, e) = self.span_of(open, open + 1);
                self.ctx.error(s, e, "`[` without its closing `]`");
                return out;
            };
            if t.is(self.c.src, "]") {
                self.c.i += 1;
                return out;
            }
            if t.is(self.c.src, "}") || t.is(self.c.src, "{") {
                let (s, e) = self.span_of(open, open + 1);
                self.ctx.error(s, e, "`[` without its closing `]`");
                return out;
            }
            if t.is(self.c.src, ",") || t.kind == K::Newline {
                self.c.i += 1;
                continue;
            }
            let from = self.c.i;
            let mut key_words = Vec::new();
            while let Some(t) = self.c.tok() {
                if t.kind == K::Word {
                    key_words.push(self.c.text(t).to_ascii_lowercase());
                    self.c.i += 1;
                } else {
                    break;
                }
            }
            let mut value = None;
            if self.c.at_punct(":") {
                self.c.i += 1;
                let vs = self.c.i;
                let mut depth = 0;
                while let Some(t) = self.c.tok() {
                    if t.kind == K::Punct {
                        match self.c.text(t) {
                            "(" => depth += 1,
                            ")" => depth -= 1,
                            "," | "]" if depth <= 0 => break,
                            _ => {}
                        }
                    }
                    if t.kind == K::Newline {
                        break;
                    }
                    self.c.i += 1;
                }
                value = Some((vs, self.c.i));
            } else if key_words.is_empty() {
                // Not a setting: skip one token so the loop moves on.
                self.c.i += 1;
                while self.c.tok().is_some_and(|t| !(t.is(self.c.src, ",") || t.is(self.c.src, "]") || t.kind == K::Newline)) {
                    self.c.i += 1;
                }
            }
            let at = self.span_of(from, self.c.i);
            out.push(Setting { key: key_words.join(" "), value, at });
        }
    }

    fn value_tokens(&self, v: (usize, usize)) -> &[Tok] {
        self.c.toks.get(v.0..v.1).unwrap_or(&[])
    }

    /// A setting's value as a string (a quoted string unquoted, else the text).
    fn value_string(&self, v: (usize, usize)) -> String {
        let ts = self.value_tokens(v);
        if let [t] = ts
            && matches!(t.kind, K::SString | K::DString | K::Triple | K::Backtick)
        {
            return unquote(self.c.src, t);
        }
        match (ts.first(), ts.last()) {
            (Some(a), Some(b)) => self.c.src.get(a.start..b.end).unwrap_or("").to_string(),
            _ => String::new(),
        }
    }

    /// A `default:` value as SQL text.
    fn default_sql(&self, v: (usize, usize)) -> String {
        let ts = self.value_tokens(v);
        if let [t] = ts {
            let t = *t;
            match t.kind {
                K::SString | K::DString | K::Triple => return format!("'{}'", unquote(self.c.src, &t).replace('\'', "''")),
                K::Backtick => return unquote(self.c.src, &t),
                K::Word if self.c.text(t).eq_ignore_ascii_case("null") => return "NULL".into(),
                _ => {}
            }
        }
        self.value_string(v)
    }

    fn unknown_setting(&mut self, s: &Setting, what: &str) {
        self.ctx.warn(s.at.0, s.at.1, format!("setting `{}` of {what} is not imported", if s.key.is_empty() { "?" } else { &s.key }));
    }

    fn run(&mut self) {
        loop {
            self.c.skip_nl();
            let Some(t) = self.c.tok() else { break };
            self.ctx.stats.statements += 1;
            let start = self.c.i;
            let word = if t.kind == K::Word { self.c.text(t).to_ascii_lowercase() } else { String::new() };
            match word.as_str() {
                "project" => self.project(),
                "table" => self.table(),
                "ref" => self.reference(),
                "enum" => self.enumeration(),
                "tablegroup" => self.group(),
                "note" => self.sticky_note(),
                _ => {
                    let what = format!("`{}`", self.c.text(t));
                    if t.kind == K::Word {
                        self.ctx.warn(t.start, t.end, format!("{what} is not a DBML element erdsmith reads (Table, Ref, Enum, TableGroup, Project, Note); skipped"));
                    } else {
                        self.ctx.error(t.start, t.end, format!("unexpected {what}: expected Table, Ref, Enum, TableGroup, Project or Note"));
                    }
                    self.ctx.stats.skipped += 1;
                    // Skip the element: to the end of its block if it has one on this line.
                    while let Some(t) = self.c.tok() {
                        if t.is(self.c.src, "{") {
                            self.c.skip_block();
                            break;
                        }
                        if t.kind == K::Newline {
                            break;
                        }
                        self.c.i += 1;
                    }
                }
            }
            if self.c.i == start {
                self.c.i += 1;
            }
        }
    }

    /// Expects `{` (newlines before it allowed); an error names what it belongs to.
    fn open_brace(&mut self, what: &str) -> bool {
        let save = self.c.i;
        self.c.skip_nl();
        if self.c.at_punct("{") {
            self.c.i += 1;
            return true;
        }
        self.c.i = save;
        let (s, e) = self.c.here();
        self.ctx.error(s, e, format!("expected `{{` to open {what}"));
        self.c.skip_line();
        false
    }

    fn project(&mut self) {
        self.c.i += 1;
        if !self.c.at_punct("{") {
            self.name_part();
        }
        if !self.open_brace("the Project") {
            return;
        }
        while let Some(t) = self.c.block_item() {
            let key = if t.kind == K::Word { self.c.text(t).to_ascii_lowercase() } else { String::new() };
            self.c.i += 1;
            if key == "note" {
                if let Some(text) = self.note_body() {
                    self.push_note(text);
                }
                continue;
            }
            if self.c.at_punct(":") {
                self.c.i += 1;
                let v = self.c.tok();
                self.c.skip_line();
                match (key.as_str(), v) {
                    ("database_type", Some(v)) => {
                        let name = unquote(self.c.src, &v);
                        match dialect_of(&name) {
                            Some(d) => self.schema.dialect = d,
                            None => self.ctx.warn(v.start, v.end, format!("database_type `{name}` is not a dialect erdsmith knows; types are read as generic SQL")),
                        }
                    }
                    _ => self.ctx.warn(t.start, t.end, format!("Project setting `{}` is not imported", self.c.text(t))),
                }
            } else {
                self.ctx.warn(t.start, t.end, format!("`{}` in Project is not imported", self.c.text(t)));
                self.c.skip_line();
            }
        }
    }

    /// After `Note`: `: 'text'` or `{ 'text' }`.
    fn note_body(&mut self) -> Option<String> {
        if self.c.at_punct(":") {
            self.c.i += 1;
            let t = self.c.tok()?;
            self.c.skip_line();
            return Some(unquote(self.c.src, &t));
        }
        if self.c.at_punct("{") {
            let open = self.c.i;
            self.c.i += 1;
            self.c.skip_nl();
            let t = self.c.tok()?;
            let text = unquote(self.c.src, &t);
            while let Some(t) = self.c.tok() {
                self.c.i += 1;
                if t.is(self.c.src, "}") {
                    return Some(text);
                }
            }
            let (s, e) = self.span_of(open, open + 1);
            self.ctx.error(s, e, "`{` of a Note without its closing `}`");
            return Some(text);
        }
        let (s, e) = self.c.here();
        self.ctx.error(s, e, "expected `:` or `{` after Note");
        self.c.skip_line();
        None
    }

    fn push_note(&mut self, text: String) {
        let id = self.schema.fresh_id();
        let n = self.schema.notes.len() as f64;
        self.schema.notes.push(Note { id: NoteId(id), text, position: Point { x: 0.0, y: n * 40.0 } });
    }

    fn sticky_note(&mut self) {
        self.c.i += 1;
        if !self.c.at_punct("{") && !self.c.at_punct(":") {
            self.name_part();
        }
        if let Some(text) = self.note_body() {
            self.push_note(text);
        }
    }

    fn table(&mut self) {
        let head = self.c.i;
        self.c.i += 1;
        let Some((ns, name)) = self.qualified_or("expected a table name after Table") else { return };
        if self.c.tok().is_some_and(|t| t.word(self.c.src, "as")) {
            self.c.i += 1;
            if let Some(alias) = self.name_part() {
                self.aliases.insert(alias, (ns.clone(), name.clone()));
            }
        }
        let settings = self.settings();
        let id = TableId(self.schema.fresh_id());
        let mut table = Table::new(id, ns, name.clone());
        let (s, e) = self.span_of(head, self.c.i);
        table.span = Some(self.ctx.span(s, e));
        for st in &settings {
            match st.key.as_str() {
                "headercolor" | "color" => table.color = st.value.map(|v| self.value_string(v)),
                "note" => table.comment = st.value.map(|v| self.value_string(v)),
                _ => self.unknown_setting(st, "a table"),
            }
        }
        if !self.open_brace(&format!("table `{name}`")) {
            return;
        }
        let mut index_lines: Vec<IndexLine> = Vec::new();
        loop {
            self.c.skip_nl();
            let Some(t) = self.c.tok() else {
                self.ctx.error(s, e, format!("table `{name}` has no closing `}}`"));
                break;
            };
            if t.is(self.c.src, "}") {
                self.c.i += 1;
                break;
            }
            let lower = if t.kind == K::Word { self.c.text(t).to_ascii_lowercase() } else { String::new() };
            let next = self.c.toks.get(self.c.i + 1).copied();
            let next_is = |s: &str| next.is_some_and(|n| n.is(self.c.src, s));
            if lower == "indexes" && next_is("{") {
                self.c.i += 1;
                self.index_block(&mut index_lines);
                continue;
            }
            if lower == "checks" && next_is("{") {
                self.c.i += 1;
                self.check_block(&mut table);
                continue;
            }
            if lower == "note" && (next_is(":") || next_is("{")) {
                self.c.i += 1;
                if let Some(text) = self.note_body() {
                    table.comment = Some(text);
                }
                continue;
            }
            if t.kind == K::Punct && self.c.text(t) == "~" {
                self.ctx.warn(t.start, t.end, "table partials (`~name`) are not imported");
                self.c.skip_line();
                continue;
            }
            self.column(&mut table);
        }
        for line in index_lines {
            self.add_index(&mut table, line);
        }
        self.schema.tables.push(table);
    }

    fn column(&mut self, table: &mut Table) {
        let from = self.c.i;
        let Some(name) = self.name_part() else {
            let (s, e) = self.c.here();
            self.ctx.error(s, e, format!("expected a column name in table `{}`", table.name));
            self.c.skip_line();
            return;
        };
        // The type: every token to `[`, the end of the line or `}`.
        let ty_from = self.c.i;
        let mut depth = 0;
        while let Some(t) = self.c.tok() {
            if t.kind == K::Newline {
                break;
            }
            if t.kind == K::Punct {
                match self.c.text(t) {
                    "(" => depth += 1,
                    ")" => depth -= 1,
                    "[" if depth == 0 && !self.c.toks.get(self.c.i + 1).is_some_and(|n| n.is(self.c.src, "]")) => break,
                    "}" if depth <= 0 => break,
                    _ => {}
                }
            }
            self.c.i += 1;
        }
        let ty_toks = self.c.toks.get(ty_from..self.c.i).unwrap_or(&[]);
        let raw = match ty_toks {
            [] => {
                let (s, e) = self.span_of(from, self.c.i);
                self.ctx.error(s, e, format!("column `{name}` of `{}` has no type", table.name));
                String::new()
            }
            [t] if t.kind == K::DString => unquote(self.c.src, t),
            [a, .., b] | [a @ b] => {
                // `"schema"."type"` → `schema.type`; spacing as written.
                let s = self.c.src.get(a.start..b.end).unwrap_or("");
                if ty_toks.iter().any(|t| t.kind == K::DString) { s.replace('"', "") } else { s.to_string() }
            }
        };
        let id = ColumnId(self.schema.fresh_id());
        let mut col = Column::new(id, name.clone(), DataType::parse(&raw));
        let settings = self.settings();
        let (s, e) = self.span_of(from, self.c.i);
        col.span = Some(self.ctx.span(s, e));
        let mut pk = false;
        let mut unique = false;
        for st in &settings {
            match (st.key.as_str(), st.value) {
                ("pk" | "primary key", None) => pk = true,
                ("not null", None) => col.nullable = false,
                ("null", None) => {
                    col.nullable = true;
                    self.explicit_null.push(id);
                }
                ("unique", None) => unique = true,
                ("increment", None) => {
                    col.identity = Some(match self.schema.dialect {
                        Dialect::Mysql | Dialect::Sqlite => Identity::AutoIncrement,
                        Dialect::Mssql => Identity::Identity { seed: 1, increment: 1 },
                        _ => Identity::ByDefault,
                    })
                }
                ("default", Some(v)) => col.default = Some(self.default_sql(v)),
                ("note", Some(v)) => col.comment = Some(self.value_string(v)),
                ("check", Some(v)) => table.checks.push(Check::new(None, self.value_string(v))),
                ("ref", Some(v)) => self.inline_ref(table, &name, v, st.at),
                _ => self.unknown_setting(st, &format!("column `{name}`")),
            }
        }
        if pk {
            col.nullable = self.explicit_null.contains(&id);
            match &mut table.primary_key {
                // Several `pk` columns make one composite key (as DBML's own SQL export does).
                Some(existing) => existing.columns.push(id),
                None => table.primary_key = Some(PrimaryKey { name: None, columns: vec![id], options: None }),
            }
        }
        if unique {
            table.uniques.push(UniqueConstraint { name: None, columns: vec![id], options: None });
        }
        table.columns.push(col);
        self.c.skip_line();
    }

    /// An endpoint `[schema.]table.col` or `[schema.]table.(a, b)` from a token range.
    fn endpoint(&mut self) -> Option<(Option<String>, String, Vec<String>)> {
        let (mut parts, cols) = self.path()?;
        let cols = if cols.is_empty() { vec![parts.pop()?] } else { cols };
        let table = parts.pop()?;
        let ns = parts.pop();
        let (ns, table) = match (ns, self.aliases.get(&table)) {
            (None, Some((n, t))) => (n.clone(), t.clone()),
            (ns, _) => (ns, table),
        };
        Some((ns, table, cols))
    }

    fn inline_ref(&mut self, table: &Table, column: &str, v: (usize, usize), at: (usize, usize)) {
        let save = self.c.i;
        self.c.i = v.0;
        let op = self.c.tok().map(|t| self.c.text(t).to_string()).unwrap_or_default();
        self.c.i += 1;
        let target = self.endpoint();
        self.c.i = save;
        let here = (table.schema.clone(), table.name.clone(), vec![column.to_string()]);
        match target {
            Some(target) => self.relation(here, &op, target, None, Vec::new(), at),
            None => self.ctx.error(at.0, at.1, "expected `ref: > table.column` (or `<`, `-`, `<>`)"),
        }
    }

    /// One relationship `left op right` with its settings.
    fn relation(
        &mut self,
        left: (Option<String>, String, Vec<String>),
        op: &str,
        right: (Option<String>, String, Vec<String>),
        name: Option<String>,
        settings: Vec<Setting>,
        at: (usize, usize),
    ) {
        let (from, to) = match op {
            ">" | "-" => (left, right),
            "<" => (right, left),
            "<>" => {
                self.m2m.push(ManyToMany { left, right, at });
                return;
            }
            _ => {
                self.ctx.error(at.0, at.1, format!("`{op}` is not a relationship: expected `>`, `<`, `-` or `<>`"));
                return;
            }
        };
        let mut fk = PendingFk {
            table_schema: from.0,
            table: Some(from.1),
            columns: from.2,
            ref_schema: to.0,
            ref_table: to.1,
            ref_columns: to.2,
            name,
            at,
            ..PendingFk::default()
        };
        for st in &settings {
            let value = st.value.map(|v| self.value_string(v)).unwrap_or_default();
            match st.key.as_str() {
                "delete" | "update" => match fk_action(&value) {
                    Some(a) if st.key == "delete" => fk.on_delete = a,
                    Some(a) => fk.on_update = a,
                    None => self.ctx.warn(st.at.0, st.at.1, format!("`{value}` is not a referential action; not imported")),
                },
                _ => self.unknown_setting(st, "a reference"),
            }
        }
        self.pending.push(fk);
    }

    fn reference(&mut self) {
        let head = self.c.i;
        self.c.i += 1;
        let name = if self.c.at_punct(":") || self.c.at_punct("{") { None } else { self.name_part() };
        if self.c.at_punct(":") {
            self.c.i += 1;
            self.ref_line(name);
            return;
        }
        if !self.open_brace("a Ref") {
            return;
        }
        loop {
            self.c.skip_nl();
            let Some(t) = self.c.tok() else {
                let (s, e) = self.span_of(head, head + 1);
                self.ctx.error(s, e, "Ref without its closing `}`");
                return;
            };
            if t.is(self.c.src, "}") {
                self.c.i += 1;
                return;
            }
            let before = self.c.i;
            self.ref_line(name.clone());
            if self.c.i == before {
                self.c.i += 1;
            }
        }
    }

    /// `a.b > c.d [settings]`.
    fn ref_line(&mut self, name: Option<String>) {
        let from = self.c.i;
        let left = self.endpoint();
        let op = self.c.tok().filter(|t| t.kind == K::Punct).map(|t| self.c.text(t).to_string()).unwrap_or_default();
        self.c.i += 1;
        let right = self.endpoint();
        let settings = self.settings();
        let at = self.span_of(from, self.c.i);
        match (left, right) {
            (Some(l), Some(r)) => self.relation(l, &op, r, name, settings, at),
            _ => self.ctx.error(at.0, at.1, "expected `table.column > table.column` (or `<`, `-`, `<>`)"),
        }
        self.c.skip_line();
    }

    fn index_block(&mut self, out: &mut Vec<IndexLine>) {
        self.c.i += 1; // `{`
        while let Some(t) = self.c.block_item() {
            let from = self.c.i;
            let mut parts = Vec::new();
            if t.is(self.c.src, "(") {
                self.c.i += 1;
                while let Some(t) = self.c.tok() {
                    self.c.i += 1;
                    match t.kind {
                        K::Punct if self.c.text(t) == ")" => break,
                        K::Punct | K::Newline => {}
                        K::Backtick => parts.push((unquote(self.c.src, &t), true, (t.start, t.end))),
                        _ => parts.push((unquote(self.c.src, &t), false, (t.start, t.end))),
                    }
                }
            } else if t.kind == K::Backtick {
                self.c.i += 1;
                parts.push((unquote(self.c.src, &t), true, (t.start, t.end)));
            } else if let Some(n) = self.name_part() {
                parts.push((n, false, (t.start, t.end)));
            } else {
                self.ctx.error(t.start, t.end, "expected a column, `(columns)` or `` `expression` `` in Indexes");
                self.c.skip_line();
                continue;
            }
            let settings = self.settings();
            let at = self.span_of(from, self.c.i);
            out.push(IndexLine { parts, settings, at });
            self.c.skip_line();
        }
    }

    fn check_block(&mut self, table: &mut Table) {
        self.c.i += 1;
        while let Some(t) = self.c.block_item() {
            if t.kind == K::Backtick {
                self.c.i += 1;
                let settings = self.settings();
                let mut name = None;
                for st in &settings {
                    match (st.key.as_str(), st.value) {
                        ("name", Some(v)) => name = Some(self.value_string(v)),
                        _ => self.unknown_setting(st, "a check"),
                    }
                }
                table.checks.push(Check::new(name, unquote(self.c.src, &t)));
            } else {
                self.ctx.error(t.start, t.end, "expected `` `expression` `` in Checks");
            }
            self.c.skip_line();
        }
    }

    fn add_index(&mut self, table: &mut Table, line: IndexLine) {
        let mut keys = Vec::new();
        for (part, is_expr, at) in &line.parts {
            if *is_expr {
                keys.push(IndexKey { part: IndexPart::Expression(part.clone()), descending: false, extra: None });
                continue;
            }
            match table.columns.iter().find(|c| &c.name == part).or_else(|| table.column_by_name(part)) {
                Some(c) => keys.push(IndexKey { part: IndexPart::Column(c.id), descending: false, extra: None }),
                None => {
                    self.ctx.warn(at.0, at.1, format!("index names `{part}`, which is not a column of `{}`; index not imported", table.name));
                    return;
                }
            }
        }
        let (mut pk, mut unique, mut name, mut method) = (false, false, None, None);
        for st in &line.settings {
            match (st.key.as_str(), st.value) {
                ("pk" | "primary key", None) => pk = true,
                ("unique", None) => unique = true,
                ("name", Some(v)) => name = Some(self.value_string(v)),
                ("type", Some(v)) => method = Some(self.value_string(v).to_ascii_lowercase()),
                ("note", Some(_)) => self.ctx.warn(st.at.0, st.at.1, "notes on indexes are not kept"),
                _ => self.unknown_setting(st, "an index"),
            }
        }
        if pk {
            let columns: Vec<ColumnId> = keys.iter().filter_map(|k| if let IndexPart::Column(c) = k.part { Some(c) } else { None }).collect();
            if columns.len() != keys.len() {
                self.ctx.warn(line.at.0, line.at.1, "a primary key of expressions is not imported");
                return;
            }
            for c in &mut table.columns {
                if columns.contains(&c.id) && !self.explicit_null.contains(&c.id) {
                    c.nullable = false;
                }
            }
            if table.primary_key.is_some() {
                self.ctx.warn(line.at.0, line.at.1, format!("table `{}` already has a primary key; this one replaces it", table.name));
            }
            table.primary_key = Some(PrimaryKey { name, columns, options: None });
            return;
        }
        let id = IndexId(self.schema.fresh_id());
        let span = Some(self.ctx.span(line.at.0, line.at.1));
        table.indexes.push(Index { id, name, unique, keys, method, predicate: None, include: Vec::new(), span, options: None });
    }

    fn enumeration(&mut self) {
        let head = self.c.i;
        self.c.i += 1;
        let Some((ns, name)) = self.qualified_or("expected an enum name after Enum") else { return };
        if !self.open_brace(&format!("enum `{name}`")) {
            return;
        }
        let mut values = Vec::new();
        let mut noted = false;
        while let Some(t) = self.c.block_item() {
            match self.name_part() {
                Some(v) => values.push(v),
                None => {
                    self.ctx.error(t.start, t.end, format!("expected a value of enum `{name}`"));
                    self.c.skip_line();
                    continue;
                }
            }
            for st in self.settings() {
                if st.key == "note" && !noted {
                    noted = true;
                    self.ctx.diag(Severity::Info, st.at.0, st.at.1, format!("notes on the values of enum `{name}` are not kept"));
                } else if st.key != "note" {
                    self.unknown_setting(&st, "an enum value");
                }
            }
            self.c.skip_line();
        }
        let (s, e) = self.span_of(head, head + 2);
        let id = EnumId(self.schema.fresh_id());
        let span = Some(self.ctx.span(s, e));
        self.schema.enums.push(EnumType { id, schema: ns, name, values, span });
    }

    fn group(&mut self) {
        self.c.i += 1;
        let Some((_, name)) = self.qualified_or("expected a name after TableGroup") else { return };
        let mut group = Group { name: name.clone(), tables: Vec::new(), color: None, note: None };
        for st in self.settings() {
            match st.key.as_str() {
                "color" => group.color = st.value.map(|v| self.value_string(v)),
                "note" => group.note = st.value.map(|v| self.value_string(v)),
                _ => self.unknown_setting(&st, "a table group"),
            }
        }
        if !self.open_brace(&format!("table group `{name}`")) {
            return;
        }
        let mut members = Vec::new();
        while let Some(t) = self.c.block_item() {
            if t.word(self.c.src, "note") && self.c.toks.get(self.c.i + 1).is_some_and(|n| n.is(self.c.src, ":") || n.is(self.c.src, "{")) {
                self.c.i += 1;
                group.note = self.note_body();
                continue;
            }
            match self.qualified() {
                Some((ns, n)) => members.push((ns, n, (t.start, t.end))),
                None => self.ctx.error(t.start, t.end, format!("expected a table name in table group `{name}`")),
            }
            self.c.skip_line();
        }
        self.groups.push((group, members));
    }

    fn finish(mut self) -> (Schema, Vec<Diagnostic>, ImportStats) {
        // Many-to-many: the join table DBML's SQL export makes (`a_b` with `a_id`, `b_id`).
        for m in std::mem::take(&mut self.m2m) {
            self.join_table(m);
        }
        let pending = std::mem::take(&mut self.pending);
        resolve_fks(&mut self.schema, &mut self.ctx, pending);
        resolve_enum_types(&mut self.schema);
        for (mut group, members) in std::mem::take(&mut self.groups) {
            for (ns, n, at) in members {
                let (ns, n) = match (ns, self.aliases.get(&n)) {
                    (None, Some((a, b))) => (a.clone(), b.clone()),
                    (ns, _) => (ns, n),
                };
                match super::common::find_table(&self.schema, ns.as_deref(), &n) {
                    Some(id) => group.tables.push(id),
                    None => self.ctx.warn(at.0, at.1, format!("table group `{}` names `{n}`, which is not a table here", group.name)),
                }
            }
            self.schema.groups.push(group);
        }
        let schema = std::mem::take(&mut self.schema);
        self.ctx.finish(schema)
    }

    fn join_table(&mut self, m: ManyToMany) {
        let (Some(lt), Some(rt)) = (
            super::common::find_table(&self.schema, m.left.0.as_deref(), &m.left.1),
            super::common::find_table(&self.schema, m.right.0.as_deref(), &m.right.1),
        ) else {
            self.ctx.warn(m.at.0, m.at.1, "many-to-many reference between tables that are not here; not imported");
            return;
        };
        let name = format!("{}_{}", m.left.1, m.right.1);
        if super::common::find_table(&self.schema, m.left.0.as_deref(), &name).is_some() {
            self.ctx.warn(m.at.0, m.at.1, format!("many-to-many reference: a table `{name}` exists already; its join table is not made"));
            return;
        }
        let id = TableId(self.schema.fresh_id());
        let mut join = Table::new(id, m.left.0.clone(), name);
        join.span = Some(self.ctx.span(m.at.0, m.at.1));
        let mut key = Vec::new();
        for (side, tid) in [(&m.left, lt), (&m.right, rt)] {
            let mut cols = Vec::new();
            for c in &side.2 {
                let ty = self.schema.table(tid).and_then(|t| t.columns.iter().find(|x| &x.name == c)).map(|x| x.data_type.clone());
                let Some(ty) = ty else {
                    self.ctx.warn(m.at.0, m.at.1, format!("many-to-many reference: `{}` has no column `{c}`; not imported", side.1));
                    return;
                };
                let cid = ColumnId(self.schema.fresh_id());
                let cname = format!("{}_{c}", side.1);
                let mut col = Column::new(cid, cname.clone(), ty);
                col.nullable = false;
                join.columns.push(col);
                key.push(cid);
                cols.push(cname);
            }
            self.pending.push(PendingFk {
                table_schema: m.left.0.clone(),
                table: Some(join.name.clone()),
                columns: cols,
                ref_schema: side.0.clone(),
                ref_table: side.1.clone(),
                ref_columns: side.2.clone(),
                at: m.at,
                ..PendingFk::default()
            });
        }
        join.primary_key = Some(PrimaryKey { name: None, columns: key, options: None });
        self.ctx.diag(Severity::Info, m.at.0, m.at.1, format!("many-to-many reference made the join table `{}`", join.name));
        self.schema.tables.push(join);
    }
}
