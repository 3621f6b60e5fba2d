//! What the schema-as-code importers (DBML, Prisma, Rails schema.rb) share: line:column
//! diagnostics, a small scanner for brace-and-bracket languages, and foreign keys written by
//! name that are resolved once every table is known.

use super::ImportStats;
use crate::diagnostic::{Diagnostic, Severity};
use crate::schema::{ColumnId, FkAction, ForeignKey, Schema, Span, TableId, TypeKind};

/// Diagnostics with line:column for one text.
pub(super) struct Ctx<'a> {
    pub src: &'a str,
    line_starts: Vec<usize>,
    pub diagnostics: Vec<Diagnostic>,
    pub stats: ImportStats,
}

impl<'a> Ctx<'a> {
    pub fn new(src: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(src.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1));
        Ctx { src, line_starts, diagnostics: Vec::new(), stats: ImportStats::default() }
    }

    pub fn span(&self, start: usize, end: usize) -> Span {
        let start = start.min(self.src.len());
        let line = self.line_starts.partition_point(|&s| s <= start).max(1);
        let ls = self.line_starts.get(line - 1).copied().unwrap_or(0);
        let column = self.src.get(ls..start).map(|p| p.chars().count()).unwrap_or(start - ls);
        Span { start: start as u32, end: end.max(start) as u32, line: line as u32, column: column as u32 + 1 }
    }

    pub fn diag(&mut self, severity: Severity, start: usize, end: usize, message: impl Into<String>) {
        let span = self.span(start, end);
        let ls = (span.line as usize).checked_sub(1).and_then(|l| self.line_starts.get(l)).copied().unwrap_or(0);
        let statement: String = self.src.get(ls..).unwrap_or("").lines().next().unwrap_or("").trim().chars().take(200).collect();
        self.diagnostics.push(Diagnostic { severity, span, message: message.into(), statement });
    }

    pub fn warn(&mut self, start: usize, end: usize, message: impl Into<String>) {
        self.diag(Severity::Warning, start, end, message);
    }

    pub fn error(&mut self, start: usize, end: usize, message: impl Into<String>) {
        self.diag(Severity::Error, start, end, message);
    }

    pub fn finish(mut self, schema: Schema) -> (Schema, Vec<Diagnostic>, ImportStats) {
        self.stats.tables = schema.tables.len();
        self.stats.foreign_keys = schema.tables.iter().map(|t| t.foreign_keys.len()).sum();
        self.stats.indexes = schema.tables.iter().map(|t| t.indexes.len()).sum();
        self.stats.enums = schema.enums.len();
        self.diagnostics.sort_by_key(|d| d.span.start);
        (schema, self.diagnostics, self.stats)
    }
}

/// A foreign key named by table and column names, resolved when every table is read.
#[derive(Clone, Debug, Default)]
pub(super) struct PendingFk {
    pub table: Option<String>,
    pub table_schema: Option<String>,
    pub columns: Vec<String>,
    pub ref_schema: Option<String>,
    pub ref_table: String,
    pub ref_columns: Vec<String>,
    pub name: Option<String>,
    pub on_delete: FkAction,
    pub on_update: FkAction,
    /// Where it was written (byte range), for diagnostics.
    pub at: (usize, usize),
}

/// The table named `name` (in namespace `ns` when given): exact spelling first, then ignoring case.
pub(super) fn find_table(schema: &Schema, ns: Option<&str>, name: &str) -> Option<TableId> {
    let ns_ok = |t: &crate::schema::Table, exact: bool| match ns {
        Some(n) => t.schema.as_deref().is_some_and(|s| if exact { s == n } else { s.eq_ignore_ascii_case(n) }),
        None => true,
    };
    schema
        .tables
        .iter()
        .find(|t| t.name == name && ns_ok(t, true))
        .or_else(|| schema.tables.iter().find(|t| t.name.eq_ignore_ascii_case(name) && ns_ok(t, false)))
        .map(|t| t.id)
}

fn find_column(schema: &Schema, table: TableId, name: &str) -> Option<ColumnId> {
    let t = schema.table(table)?;
    t.columns.iter().find(|c| c.name == name).or_else(|| t.column_by_name(name)).map(|c| c.id)
}

/// Adds the foreign keys to their tables; one that names a missing table or column is a warning
/// at the place it was written, and is not added.
pub(super) fn resolve_fks(schema: &mut Schema, ctx: &mut Ctx, pending: Vec<PendingFk>) {
    for p in pending {
        let (s, e) = p.at;
        let Some(table_name) = p.table.as_deref() else { continue };
        let Some(owner) = find_table(schema, p.table_schema.as_deref(), table_name) else {
            ctx.warn(s, e, format!("reference from `{table_name}`, which is not a table here; not imported"));
            continue;
        };
        let Some(target) = find_table(schema, p.ref_schema.as_deref(), &p.ref_table) else {
            ctx.warn(s, e, format!("reference to `{}`, which is not a table here; not imported", p.ref_table));
            continue;
        };
        if p.columns.len() != p.ref_columns.len() || p.columns.is_empty() {
            ctx.warn(s, e, format!("reference from `{table_name}` to `{}`: {} columns refer to {}; not imported", p.ref_table, p.columns.len(), p.ref_columns.len()));
            continue;
        }
        let mut columns = Vec::new();
        let mut ref_columns = Vec::new();
        let mut missing = None;
        for (c, r) in p.columns.iter().zip(&p.ref_columns) {
            match (find_column(schema, owner, c), find_column(schema, target, r)) {
                (Some(a), Some(b)) => {
                    columns.push(a);
                    ref_columns.push(b);
                }
                (None, _) => missing = Some(format!("`{table_name}` has no column `{c}`")),
                (_, None) => missing = Some(format!("`{}` has no column `{r}`", p.ref_table)),
            }
        }
        if let Some(m) = missing {
            ctx.warn(s, e, format!("reference not imported: {m}"));
            continue;
        }
        let fk = ForeignKey {
            name: p.name,
            columns,
            ref_table: target,
            ref_columns,
            on_delete: p.on_delete,
            on_update: p.on_update,
            deferrable: false,
            initially_deferred: false,
            options: None,
        };
        if let Some(t) = schema.table_mut(owner) {
            t.foreign_keys.push(fk);
        }
    }
}

/// Columns whose type names an enum of the schema get its values.
pub(super) fn resolve_enum_types(schema: &mut Schema) {
    if schema.enums.is_empty() {
        return;
    }
    let enums: Vec<(Option<String>, String, Vec<String>)> =
        schema.enums.iter().map(|e| (e.schema.clone(), e.name.clone(), e.values.clone())).collect();
    for t in &mut schema.tables {
        for col in &mut t.columns {
            let raw = col.data_type.raw.trim_end_matches("[]");
            let (ns, name) = match raw.rsplit_once('.') {
                Some((ns, n)) => (Some(ns.trim_matches('"')), n.trim_matches('"')),
                None => (None, raw.trim_matches('"')),
            };
            let hit = enums.iter().find(|(s, n, _)| n == name && (ns.is_none() || s.as_deref() == ns));
            if let Some((_, _, values)) = hit {
                let kind = TypeKind::Enum { values: values.clone() };
                col.data_type.kind = if col.data_type.raw.ends_with("[]") { TypeKind::Array(Box::new(kind)) } else { kind };
            }
        }
    }
}

/// A referential action by its spelling in DBML, Prisma or Rails (`cascade`, `Set Null`,
/// `SetNull`, `set_null`, `nullify`, `restrict`, `no action`, `NoAction`, `SetDefault`).
pub(super) fn fk_action(s: &str) -> Option<FkAction> {
    let k: String = s.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
    Some(match k.as_str() {
        "cascade" => FkAction::Cascade,
        "setnull" | "nullify" => FkAction::SetNull,
        "setdefault" => FkAction::SetDefault,
        "restrict" => FkAction::Restrict,
        "noaction" => FkAction::NoAction,
        _ => return None,
    })
}

// ---- a scanner for DBML and Prisma ----

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(super) enum K {
    /// A name or keyword (letters, digits, `_`; DBML colors `#abc` too).
    Word,
    /// A number (`12`, `-1.5`).
    Number,
    /// `"…"`.
    DString,
    /// `'…'` (DBML).
    SString,
    /// `'''…'''` (DBML).
    Triple,
    /// `` `…` `` (DBML expressions).
    Backtick,
    /// `///…` (a Prisma documentation comment), its text after the slashes.
    Doc,
    Newline,
    /// Any other character; `<>` and `@@` are one token.
    Punct,
}

#[derive(Copy, Clone, Debug)]
pub(super) struct Tok {
    pub kind: K,
    pub start: usize,
    pub end: usize,
}

impl Tok {
    pub fn text<'s>(&self, src: &'s str) -> &'s str {
        src.get(self.start..self.end).unwrap_or("")
    }

    pub fn is(&self, src: &str, s: &str) -> bool {
        self.kind == K::Punct && self.text(src) == s
    }

    pub fn word(&self, src: &str, s: &str) -> bool {
        self.kind == K::Word && self.text(src).eq_ignore_ascii_case(s)
    }
}

/// A parser's place in the tokens of [`scan`]: the text, its tokens and the position, with the
/// moves the DBML and Prisma parsers share. Each parser holds one.
pub(super) struct Cursor<'a> {
    pub src: &'a str,
    pub toks: Vec<Tok>,
    pub i: usize,
}

impl<'a> Cursor<'a> {
    /// Scans `src` ([`scan`]) and stands at its first token.
    pub fn new(src: &'a str, ctx: &mut Ctx, dbml: bool) -> Self {
        Cursor { src, toks: scan(src, ctx, dbml), i: 0 }
    }

    pub fn tok(&self) -> Option<Tok> {
        self.toks.get(self.i).copied()
    }
    pub fn text(&self, t: Tok) -> &'a str {
        t.text(self.src)
    }
    pub fn at_punct(&self, s: &str) -> bool {
        self.tok().is_some_and(|t| t.is(self.src, s))
    }
    pub fn skip_nl(&mut self) {
        while self.tok().is_some_and(|t| t.kind == K::Newline) {
            self.i += 1;
        }
    }
    /// Skips to the end of the current line (brackets and braces included, to their end).
    pub fn skip_line(&mut self) {
        let mut depth = 0i32;
        while let Some(t) = self.tok() {
            if t.kind == K::Newline && depth <= 0 {
                return;
            }
            if t.kind == K::Punct {
                match self.text(t) {
                    "{" | "[" | "(" => depth += 1,
                    // A stray `)` or `]` is skipped; only `}` ends the enclosing block.
                    "}" if depth == 0 => return,
                    "}" | "]" | ")" => depth = (depth - 1).max(0),
                    _ => {}
                }
            }
            self.i += 1;
        }
    }
    /// At `{`: skips past its matching `}`.
    pub fn skip_block(&mut self) {
        let mut depth = 0i32;
        while let Some(t) = self.tok() {
            self.i += 1;
            if t.is(self.src, "{") {
                depth += 1;
            } else if t.is(self.src, "}") {
                depth -= 1;
                if depth <= 0 {
                    return;
                }
            }
        }
    }
    /// The next line of a `{ … }` block, past blank lines: `None` at the closing `}` (stepped
    /// past) or at the end of the text.
    pub fn block_item(&mut self) -> Option<Tok> {
        self.skip_nl();
        let t = self.tok()?;
        if t.is(self.src, "}") {
            self.i += 1;
            return None;
        }
        Some(t)
    }
    /// The current token's span (the end of the text past the last one).
    pub fn here(&self) -> (usize, usize) {
        self.tok().map_or((self.src.len(), self.src.len()), |t| (t.start, t.end))
    }
}

/// Scans `src`; an unterminated string or comment is an error at its start and ends the scan.
pub(super) fn scan(src: &str, ctx: &mut Ctx, dbml: bool) -> Vec<Tok> {
    let b = src.as_bytes();
    let newline = |start| Tok { kind: K::Newline, start, end: start + 1 };
    super::lex::scan_lines(src, newline, |out, i, c| {
        let start = i;
        match c {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                let end = super::lex::line_end(src, i);
                if !dbml && b.get(i + 2) == Some(&b'/') {
                    out.push(Tok { kind: K::Doc, start: i + 3, end });
                }
                Some(end)
            }
            b'/' if b.get(i + 1) == Some(&b'*') => super::lex::closed_at(src, i + 2, "*/").or_else(|| {
                ctx.error(start, start + 2, "unterminated comment: `/*` without `*/`");
                None
            }),
            b'"' | b'\'' | b'`' => {
                let triple = dbml && c == b'\'' && src[i..].starts_with("'''");
                let (kind, close): (K, &str) = if triple {
                    (K::Triple, "'''")
                } else {
                    (match c { b'"' => K::DString, b'\'' => K::SString, _ => K::Backtick }, if c == b'"' { "\"" } else if c == b'\'' { "'" } else { "`" })
                };
                let open = close.len();
                let mut j = i + open;
                let mut found = None;
                while let Some(&cj) = b.get(j) {
                    if cj == b'\\' && kind != K::Backtick {
                        j += 2;
                        continue;
                    }
                    if b.get(j..).is_some_and(|rest| rest.starts_with(close.as_bytes())) {
                        found = Some(j);
                        break;
                    }
                    if cj == b'\n' && kind != K::Triple && kind != K::Backtick && !(dbml && kind == K::SString) {
                        break;
                    }
                    j += 1;
                }
                match found {
                    Some(j) => {
                        out.push(Tok { kind, start, end: j + close.len() });
                        Some(j + close.len())
                    }
                    None => {
                        ctx.error(start, start + 1, format!("unterminated string: `{close}` without its closing `{close}`"));
                        Some(super::lex::line_end(src, i))
                    }
                }
            }
            c if c.is_ascii_digit() || (c == b'-' && b.get(i + 1).is_some_and(|d| d.is_ascii_digit()) && !prev_is_value(out, src)) => {
                let mut j = i + 1;
                while b.get(j).is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'.' || c == b'_') {
                    j += 1;
                }
                let kind = if src[i..j].trim_start_matches('-').bytes().all(|d| d.is_ascii_digit() || d == b'.') { K::Number } else { K::Word };
                out.push(Tok { kind, start, end: j });
                Some(j)
            }
            c if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 || (dbml && c == b'#') => {
                let mut j = i + 1;
                while b.get(j).is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80) {
                    j += 1;
                }
                out.push(Tok { kind: K::Word, start, end: j });
                Some(j)
            }
            _ => {
                let len = super::lex::punct_len(src, i, &["<>", "@@"]);
                out.push(Tok { kind: K::Punct, start, end: i + len });
                Some(i + len)
            }
        }
    })
}

fn prev_is_value(out: &[Tok], src: &str) -> bool {
    out.last().is_some_and(|t| matches!(t.kind, K::Word | K::Number | K::DString) || t.is(src, ")"))
}

/// The value of a quoted token with the escapes of DBML and Prisma strings decoded.
pub(super) fn unquote(src: &str, t: &Tok) -> String {
    let s = t.text(src);
    let inner = match t.kind {
        K::Triple => s.get(3..s.len().saturating_sub(3)).unwrap_or(""),
        K::DString | K::SString | K::Backtick => s.get(1..s.len().saturating_sub(1)).unwrap_or(""),
        _ => return s.to_string(),
    };
    if t.kind == K::Backtick {
        return inner.to_string();
    }
    let inner = if t.kind == K::Triple { dedent(inner) } else { inner.to_string() };
    super::lex::unescape(&inner, |e, out| match e {
        Some('n') => out.push('\n'),
        Some('t') => out.push('\t'),
        Some('r') => out.push('\r'),
        Some('\n') => {}
        Some(o) => out.push(o),
        None => out.push('\\'),
    })
}

/// DBML's multi-line strings drop the indentation common to their lines and a leading and
/// trailing blank line.
fn dedent(s: &str) -> String {
    let lines: Vec<&str> = s.split('\n').collect();
    let indent = lines.iter().filter(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start().len()).min().unwrap_or(0);
    let mut v: Vec<&str> = lines.iter().map(|l| l.get(indent..).unwrap_or(l.trim_start())).collect();
    if v.first().is_some_and(|l| l.trim().is_empty()) {
        v.remove(0);
    }
    if v.last().is_some_and(|l| l.trim().is_empty()) {
        v.pop();
    }
    v.join("\n")
}

/// A view read by a NoSQL importer (a MongoDB `createView`, a CQL materialized view).
pub(super) fn view(id: crate::schema::ViewId, schema: Option<String>, name: &str, definition: String) -> crate::schema::View {
    crate::schema::View {
        id,
        schema,
        name: name.to_string(),
        materialized: false,
        columns: Vec::new(),
        reads: Vec::new(),
        definition,
        options: None,
        indexes: Vec::new(),
        comment: None,
        span: None,
        position: None,
    }
}
