//! The tolerant parser: reads the DDL statements a schema designer needs from the token stream
//! and lowers them into the [`Schema`]. It is non-recursive (parentheses are counted, never
//! descended into), knows nothing of storage clauses and skips what it does not understand, so
//! no engine, storage or partition clause can lose a table.

use super::lex::{RawStmt, Tk, Token, paren_delta};
use super::ImportStats;
use crate::diagnostic::{Diagnostic, Severity};
use crate::schema::*;
use std::collections::HashMap;

#[derive(Clone, Debug)]
struct PendingFk {
    table: TableId,
    name: Option<String>,
    columns: Vec<ColumnId>,
    target: QName,
    ref_columns: Vec<String>,
    on_delete: FkAction,
    on_update: FkAction,
    deferrable: bool,
    initially_deferred: bool,
    /// Clauses kept as written (`MATCH FULL`, `NOT VALID`).
    options: Option<String>,
    span: Span,
    /// Byte offset of the statement, for the diagnostic's first line (made only when needed).
    stmt_start: u32,
}

/// How a column definition meets the table's existing columns.
#[derive(Copy, Clone, PartialEq, Eq)]
enum ColumnMode {
    /// In a column list whose caller already skipped duplicate names.
    New,
    /// `ALTER TABLE … ADD`: ignored when the name exists.
    Add,
    /// MySQL `MODIFY`: replaces the existing column, keeping its id.
    Modify,
    /// MySQL `CHANGE old new …`: replaces the column named by the token at this index.
    Change(usize),
}

/// A column definition as read, before it joins its table: the column and what its clauses say
/// beyond it.
struct ParsedColumn {
    col: Column,
    pk: bool,
    unique: bool,
    unique_options: Option<String>,
    fk: Option<InlineFk>,
    /// The name of `CONSTRAINT name`, taken by the inline constraint that follows.
    cname: Option<String>,
    checks: Vec<Check>,
    /// MySQL `FIRST` (Some(None)) or `AFTER col` (Some(Some(col))) in ALTER TABLE.
    position: Option<Option<String>>,
    /// Clauses kept as written (token ranges).
    kept: Vec<(usize, usize)>,
    /// Where a missing comma left the next column.
    next_element: Option<usize>,
}

/// What a bare name continues in a T-SQL `DROP` list.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Dropped {
    Column,
    Constraint,
}

/// An inline `REFERENCES` clause: target, its columns, ON DELETE, ON UPDATE, deferrable,
/// initially deferred, constraint name.
type InlineFk = (QName, Vec<String>, FkTail, Option<String>);

/// What follows a foreign key's referenced columns.
struct FkTail {
    on_delete: FkAction,
    on_update: FkAction,
    deferrable: bool,
    initially_deferred: bool,
    /// Clauses kept as written (`MATCH FULL`, `NOT VALID`, `NOT FOR REPLICATION`).
    options: Option<String>,
}

/// Everything the importer accumulates between statements.
/// Cloned for a point an import can go on from (`import::ResumePoint`).
#[derive(Clone)]
pub struct State {
    pub schema: Schema,
    pub diagnostics: Vec<Diagnostic>,
    pub stats: ImportStats,
    pub vars: Vec<(String, String)>,
    line_starts: Vec<usize>,
    by_name: HashMap<String, Vec<TableId>>,
    pending_fks: Vec<PendingFk>,
    view_reads: Vec<(usize, Vec<QName>)>,
    /// The namespace of an enclosing `CREATE SCHEMA`.
    default_schema: Option<String>,
    /// `CREATE INDEX` statements on tables not (yet) defined, replayed in `finish`.
    pending_indexes: Vec<Vec<Token>>,
    finishing: bool,
    /// The database to import from a text that defines several (`ImportOptions::database`).
    pub database_choice: Option<String>,
    /// The database being imported, once known: the chosen one, or the first one in which the
    /// text defines an object.
    chosen_database: Option<Option<String>>,
    /// The database of the last `USE name` (MySQL, SQL Server).
    use_database: Option<String>,
    /// Databases left out: name, CREATE statements in it, byte offset of its first one.
    other_databases: Vec<(String, usize, usize)>,
    /// Every database the text defines objects in, in text order (`""`: before any
    /// `\connect`/`USE`).
    pub databases: Vec<String>,
}

/// Statement keywords that are valid SQL but irrelevant to the model: skipped quietly.
const KNOWN_STATEMENTS: &[&str] = &[
    "SELECT", "INSERT", "UPDATE", "DELETE", "GRANT", "REVOKE", "SET", "USE", "DROP", "TRUNCATE", "LOCK", "UNLOCK",
    "BEGIN", "COMMIT", "ROLLBACK", "START", "SAVEPOINT", "RELEASE", "DECLARE", "EXEC", "EXECUTE", "PRINT", "IF",
    "WHILE", "DO", "CALL", "ANALYZE", "ANALYSE", "VACUUM", "PRAGMA", "REINDEX", "EXPLAIN", "SHOW", "DESCRIBE", "DESC",
    "COPY", "LOAD", "REPLACE", "MERGE", "WITH", "VALUES", "RENAME", "OPTIMIZE", "FLUSH", "CHECKPOINT", "DEALLOCATE",
    "PREPARE", "LISTEN", "NOTIFY", "REFRESH", "CLUSTER", "SECURITY", "SYSTEM", "DETACH", "ATTACH", "INSTALL", "PUT",
    "GET", "LIST", "REMOVE", "UNDROP", "RAISERROR", "THROW", "RETURN", "GOTO", "WAITFOR", "BACKUP", "RESTORE", "DBCC",
    "ENABLE", "DISABLE", "END", "COMMENT", "CREATE", "ALTER", "UPSERT", "RESET", "DISCARD", "CONNECT", "EXIT",
    "QUIT", "SOURCE", "TABLE", "FETCH", "CLOSE", "OPEN", "MOVE", "ABORT", "IMPORT", "EXPORT", "HANDLER", "PURGE",
    "AUDIT", "NOAUDIT", "BULK", "CHECK", "KILL", "DENY", "SHUTDOWN", "RECONFIGURE", "READTEXT", "WRITETEXT",
    "UPDATETEXT", "TRUNCATE", "LOCK", "SETUSER", "REPAIR", "RETURNING", "SUMMARIZE", "PIVOT", "UNPIVOT", "FROM", "ELSE", "ELSIF", "BREAK", "CONTINUE", "LOOP", "OPTION", "GRANT", "ASSOCIATE", "DISASSOCIATE", "GO", "SP_EXECUTESQL", "REVERT", "SECURITY LABEL",
];

/// `ALTER <kind> …` statements kept as written (after the owner changes, which are kept too).
const KEPT_ALTERS: &[&str] = &[
    "FUNCTION", "PROCEDURE", "AGGREGATE", "OPERATOR", "EXTENSION", "POLICY", "RULE", "TRIGGER", "TYPE", "DOMAIN",
    "COLLATION", "PUBLICATION", "SUBSCRIPTION", "STATISTICS", "TEXT", "SCHEMA", "EVENT", "MATERIALIZED", "VIEW",
    "INDEX", "ROUTINE", "CONVERSION", "LANGUAGE",
];

/// Functions whose call changes the schema (TimescaleDB hypertables and policies, pg_partman).
const SCHEMA_FUNCTIONS: &[&str] = &[
    "create_hypertable", "create_distributed_hypertable", "add_dimension", "add_retention_policy",
    "add_compression_policy", "add_continuous_aggregate_policy", "add_reorder_policy", "set_chunk_time_interval",
    "create_parent", "partman.create_parent", "public.create_hypertable",
];

/// Words between `CREATE` and the object kind (`CREATE UNIQUE CLUSTERED INDEX`).
const CREATE_MODIFIERS: &[&str] = &[
    "GLOBAL", "LOCAL", "TEMP", "TEMPORARY", "UNLOGGED", "TRANSIENT", "VOLATILE", "EXTERNAL", "VIRTUAL",
    "FOREIGN", "HYBRID", "DYNAMIC", "ICEBERG", "SHARDED", "MULTISET", "SET", "UNIQUE", "CLUSTERED",
    "NONCLUSTERED", "FULLTEXT", "SPATIAL", "BITMAP", "COLUMNSTORE", "XML", "PRIMARY", "RECURSIVE",
    "SECURE", "MATERIALIZED", "FORCE", "NOFORCE", "EDITIONABLE", "NONEDITIONABLE", "ONLINE",
];

/// Objects a `CREATE`/`ALTER`/`DROP` may name that the model does not keep (routines, security,
/// storage, replication): skipped quietly. Any other object word gets a diagnostic.
const KNOWN_OBJECTS: &[&str] = &[
    "FUNCTION", "PROCEDURE", "PROCEDURAL", "TRUSTED", "PROC", "CATALOG", "STOPLIST", "PROPERTY", "TRIGGER", "EVENT", "EXTENSION", "ROLE", "USER", "LOGIN", "GROUP", "POLICY",
    "RULE", "AGGREGATE", "OPERATOR", "CAST", "COLLATION", "CONVERSION", "LANGUAGE", "TABLESPACE", "PUBLICATION",
    "SUBSCRIPTION", "SERVER", "STATISTICS", "TEXT", "ACCESS", "DEFAULT", "PACKAGE", "SYNONYM", "PUBLIC",
    "DIRECTORY", "LIBRARY", "JAVA", "PROFILE", "CONTEXT", "DIMENSION", "CLUSTER", "OUTLINE", "TRANSFORM",
    "ASSEMBLY", "CERTIFICATE", "CREDENTIAL", "ENDPOINT", "FULLTEXT", "MESSAGE", "CONTRACT", "QUEUE", "SERVICE",
    "ROUTE", "PARTITION", "APPLICATION", "MASTER", "SYMMETRIC", "ASYMMETRIC", "COLUMN", "AVAILABILITY",
    "RESOURCE", "WORKLOAD", "SECURITY", "SEARCH", "SPATIAL", "SELECTIVE", "STAGE", "FILE", "WAREHOUSE", "TASK",
    "STREAM", "PIPE", "NETWORK", "INTEGRATION", "SECRET", "MACRO", "DICTIONARY", "QUOTA", "SETTINGS", "NAMED",
    "ROW", "LIVE", "WINDOW", "SNAPSHOT", "CONSTRAINT", "LOGFILE", "SPFILE", "PFILE", "CONTROLFILE", "FLASHBACK",
    "RESTORE", "ANALYTIC", "HIERARCHY", "ATTRIBUTE", "EDITION", "LOCKDOWN", "PLUGGABLE", "ROLLBACK", "SEQUENCE",
    "SESSION", "SYSTEM", "INSTANCE", "DATABASE", "SCHEMA", "VIEW", "INDEX", "TYPE", "DOMAIN", "MATERIALIZED",
    "AUTHORIZATION", "LARGE", "FOREIGN", "OWNED", "PRIVILEGES", "TEMPORARY", "TEMP", "GLOBAL", "LOCAL",
    "UNLOGGED", "OR", "IF", "TABLE", "TEMPLATE", "EXTERNAL", "VIRTUAL", "UNIQUE", "CLUSTERED",
    "NONCLUSTERED", "BITMAP", "XML", "PRIMARY", "RECURSIVE", "SECURE", "FORCE", "NOFORCE", "EDITIONABLE",
    "NONEDITIONABLE", "ONLINE", "DEFINER", "ALGORITHM", "SQL", "TRANSIENT", "VOLATILE", "HYBRID", "DYNAMIC",
    "ICEBERG", "SHARDED", "MULTISET", "SET", "COLUMNSTORE", "TEXTINDEX", "JSON", "PERIOD",
];

/// Words that continue a type after its first name (`double precision`, `character varying`,
/// `timestamp with local time zone`, `interval day to second`, `int unsigned zerofill`,
/// `long raw`, `integer array`).
const TYPE_CONTINUATION: &[&str] = &[
    "PRECISION", "VARYING", "WITH", "WITHOUT", "TIME", "ZONE", "LOCAL", "UNSIGNED", "SIGNED", "ZEROFILL", "LARGE",
    "OBJECT", "CHARACTER", "CHAR", "VARCHAR", "BYTE", "TO", "YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND",
    "RAW", "INT", "INTEGER", "TEXT", "BINARY", "VARBINARY", "ARRAY", "DOUBLE", "FLOAT", "NCHAR", "NVARCHAR",
];

/// Column clauses the model keeps as written (in `Column::extra`), never taking them apart.
const KEPT_COLUMN_CLAUSES: &[&str] = &[
    "CHARSET", "COLUMN_FORMAT", "STORAGE", "COMPRESSION", "SPARSE", "ROWGUIDCOL", "FILESTREAM", "MASKED",
    "ENCRYPTED", "INVISIBLE", "VISIBLE", "ENCODE", "CODEC", "TTL", "SRID", "HIDDEN", "ENABLE", "DISABLE",
    "OPTIONS", "DISTKEY", "SORTKEY", "NOVALIDATE", "VALIDATE", "RELY", "NORELY", "SECONDARY_ENGINE_ATTRIBUTE",
    "ENGINE_ATTRIBUTE", "INLINE", "DELETE", "MATERIALIZE",
];

/// Of those, the ones followed by one argument (`CHARACTER SET utf8mb4`, `ENCODE zstd`,
/// `MASKED WITH (…)`, `STORAGE DISK`).
const KEPT_WITH_ARGUMENT: &[&str] = &[
    "CHARACTER", "CHARSET", "COLUMN_FORMAT", "STORAGE", "COMPRESSION", "MASKED", "ENCRYPTED", "ENCODE", "SRID", "TTL",
    "SECONDARY_ENGINE_ATTRIBUTE", "ENGINE_ATTRIBUTE",
];

/// Words that start a column clause, which a missing comma cannot be mistaken for.
const KNOWN_COLUMN_WORDS: &[&str] = &[
    "NOT", "NULL", "DEFAULT", "PRIMARY", "UNIQUE", "REFERENCES", "CHECK", "CONSTRAINT", "COLLATE", "GENERATED",
    "AS", "AUTO_INCREMENT", "AUTOINCREMENT", "IDENTITY", "COMMENT", "ON", "MATERIALIZED", "ALIAS", "KEY",
];

/// Words that end a column type or a default expression at parenthesis depth zero.
const COLUMN_STOP: &[&str] = &[
    "NOT", "NULL", "DEFAULT", "PRIMARY", "UNIQUE", "REFERENCES", "CHECK", "CONSTRAINT", "COLLATE", "GENERATED",
    "AUTO_INCREMENT", "AUTOINCREMENT", "IDENTITY", "COMMENT", "ON", "CHARSET", "AS", "CODEC", "TTL", "MATERIALIZED",
    "ALIAS", "ROWGUIDCOL", "SPARSE", "ENCODE", "ENABLE", "DISABLE", "KEY", "COLUMN_FORMAT", "STORAGE", "INVISIBLE",
    "VISIBLE", "DEFERRABLE", "INITIALLY", "MASKING", "FILESTREAM", "EPHEMERAL", "SRID", "ENCRYPTED", "HIDDEN",
    "AUTO_RANDOM",
];

pub fn is_column_stop(word: &str) -> bool {
    COLUMN_STOP.iter().any(|k| k.eq_ignore_ascii_case(word))
}

/// First words of common types, to tell a column definition from the rest of an expression
/// when a `(` was left open (`a varchar(20, b int` reads as one element otherwise).
const TYPE_START: &[&str] = &[
    "INT", "INTEGER", "BIGINT", "SMALLINT", "TINYINT", "MEDIUMINT", "SERIAL", "BIGSERIAL", "DECIMAL", "NUMERIC",
    "NUMBER", "FLOAT", "REAL", "DOUBLE", "BOOLEAN", "BOOL", "BIT", "CHAR", "VARCHAR", "VARCHAR2", "NCHAR",
    "NVARCHAR", "NVARCHAR2", "TEXT", "CLOB", "BLOB", "BYTEA", "BINARY", "VARBINARY", "DATE", "TIME",
    "TIMESTAMP", "TIMESTAMPTZ", "DATETIME", "DATETIME2", "INTERVAL", "UUID", "JSON", "JSONB", "XML", "MONEY",
    "STRING", "INT64", "FLOAT64", "CHARACTER", "LONGTEXT", "MEDIUMTEXT", "TINYTEXT", "ENUM", "SET",
];

fn action(c: &Cur) -> Option<(FkAction, usize)> {
    if c.is("CASCADE") {
        Some((FkAction::Cascade, 1))
    } else if c.is("RESTRICT") {
        Some((FkAction::Restrict, 1))
    } else if c.is("SET") && c.is_at(1, "NULL") {
        Some((FkAction::SetNull, 2))
    } else if c.is("SET") && c.is_at(1, "DEFAULT") {
        Some((FkAction::SetDefault, 2))
    } else if c.is("NO") && c.is_at(1, "ACTION") {
        Some((FkAction::NoAction, 2))
    } else {
        None
    }
}

/// A cursor over a statement's tokens.
#[derive(Clone)]
struct Cur<'a> {
    src: &'a str,
    t: &'a [Token],
    i: usize,
    end: usize,
}

impl<'a> Cur<'a> {
    fn new(src: &'a str, t: &'a [Token], i: usize, end: usize) -> Self {
        Cur { src, t, i, end: end.min(t.len()) }
    }
    fn done(&self) -> bool {
        self.i >= self.end
    }
    fn tok(&self, off: usize) -> Option<&'a Token> {
        let j = self.i + off;
        if j < self.end { self.t.get(j) } else { None }
    }
    fn text(&self, off: usize) -> &'a str {
        self.tok(off).map_or("", |t| t.text(self.src))
    }
    fn is_at(&self, off: usize, k: &str) -> bool {
        self.tok(off).is_some_and(|t| t.kind == Tk::Word && t.text(self.src).eq_ignore_ascii_case(k))
    }
    fn is(&self, k: &str) -> bool {
        self.is_at(0, k)
    }
    fn is_any(&self, ks: &[&str]) -> bool {
        ks.iter().any(|k| self.is(k))
    }
    fn eat(&mut self, k: &str) -> bool {
        let yes = self.is(k);
        if yes {
            self.i += 1;
        }
        yes
    }
    fn is_seq(&self, ks: &[&str]) -> bool {
        ks.iter().enumerate().all(|(o, k)| self.is_at(o, k))
    }
    fn eat_seq(&mut self, ks: &[&str]) -> bool {
        let yes = self.is_seq(ks);
        if yes {
            self.i += ks.len();
        }
        yes
    }
    fn sym(&self, s: &str) -> bool {
        self.tok(0).is_some_and(|t| t.kind == Tk::Sym && same_bytes(t.text(self.src), s))
    }
    fn eat_sym(&mut self, s: &str) -> bool {
        let yes = self.sym(s);
        if yes {
            self.i += 1;
        }
        yes
    }
    fn is_ident(&self) -> bool {
        self.is_ident_at(0)
    }
    fn is_ident_at(&self, off: usize) -> bool {
        self.tok(off).is_some_and(|t| matches!(t.kind, Tk::Word | Tk::Quoted(_)))
    }
    /// If at `(`, the token range inside the parentheses; the cursor moves past `)`.
    fn group(&mut self) -> Option<(usize, usize)> {
        if !self.sym("(") {
            return None;
        }
        let start = self.i + 1;
        let mut depth = 0i32;
        while self.i < self.end {
            depth += self.tok(0).map_or(0, |t| paren_delta(self.src, t));
            self.i += 1;
            if depth == 0 {
                return Some((start, self.i - 1));
            }
        }
        Some((start, self.end))
    }
    /// Skips one token, or a whole parenthesized group; never moves past the end.
    fn skip(&mut self) {
        if self.group().is_none() && self.i < self.end {
            self.i += 1;
        }
    }
}

/// `a == b`, without a `memcmp` call for the one-byte symbols the parser compares most.
fn same_bytes(a: &str, b: &str) -> bool {
    match (a.as_bytes(), b.as_bytes()) {
        ([x], [y]) => x == y,
        (x, y) => x == y,
    }
}

/// A statement as written, from its first token to its last, for keeping it verbatim. The
/// markers of MySQL version comments (`/*!50003 CREATE*/ /*!50017 DEFINER=…*/`) are left out,
/// since the tokens inside them are the statement; every other gap (comments in a routine's
/// body, line breaks) is kept.
fn statement_text(src: &str, toks: &[Token]) -> String {
    let (Some(first), Some(last)) = (toks.first(), toks.last()) else { return String::new() };
    let whole = &src[first.start as usize..last.end as usize];
    if !whole.contains("/*!") && !whole.contains("*/") {
        return whole.to_string();
    }
    let mut out = String::with_capacity(whole.len());
    for (i, t) in toks.iter().enumerate() {
        if let Some(before) = i.checked_sub(1).and_then(|p| toks.get(p)) {
            let gap = &src[before.end as usize..t.start as usize];
            if gap.contains("/*!") || gap.trim() == "*/" || gap.contains("*/ /*!") || gap.trim_end().ends_with("*/") && !gap.contains("/*") {
                out.push(' ');
            } else {
                out.push_str(gap);
            }
        }
        out.push_str(t.text(src));
    }
    out
}

/// Skips the words between `PRIMARY KEY`/`UNIQUE` and the column list (`CLUSTERED`, `KEY`, …).
fn skip_key_modifiers(c: &mut Cur) {
    while c.is_any(&["CLUSTERED", "NONCLUSTERED", "KEY", "INDEX"]) {
        c.i += 1;
    }
}

/// PostgreSQL's `NULLS [NOT] DISTINCT` after `UNIQUE`, as written: kept at the start of the
/// constraint's options (the export puts it back before the column list).
fn nulls_distinct(c: &mut Cur) -> Option<String> {
    if !c.is("NULLS") {
        return None;
    }
    let not = c.is_at(1, "NOT");
    let n = if not { 3 } else { 2 };
    if !c.is_at(n - 1, "DISTINCT") {
        return None;
    }
    c.i += n;
    Some(if not { "NULLS NOT DISTINCT" } else { "NULLS DISTINCT" }.to_string())
}

/// Source text from token `a` to token `b` (exclusive).
fn slice<'a>(src: &'a str, t: &[Token], a: usize, b: usize) -> &'a str {
    let Some(range) = t.get(a..b) else { return "" };
    let (Some(first), Some(last)) = (range.first(), range.last()) else { return "" };
    &src[first.start as usize..last.end as usize]
}

/// Ranges of the comma-separated items in `a..b` at parenthesis depth zero.
/// Brackets count like parentheses (`DEFAULT ARRAY['a', 'b']`), and so do the angle brackets
/// of a type (`STRUCT<a INT64, b STRING>`, `ARRAY<…>`, `MAP<…>`).
fn split_commas(src: &str, t: &[Token], a: usize, b: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut angles = 0;
    let mut start = a;
    for (i, tk) in t.iter().enumerate().take(b).skip(a) {
        depth += paren_delta(src, tk);
        if tk.kind == Tk::Sym {
            match tk.text(src) {
                "[" => depth += 1,
                "]" => depth -= 1,
                "<" if i > a && t.get(i - 1).is_some_and(|p| p.kind == Tk::Word && ["STRUCT", "ARRAY", "MAP"].iter().any(|k| p.text(src).eq_ignore_ascii_case(k))) => angles += 1,
                ">" if angles > 0 => angles -= 1,
                _ => {}
            }
        }
        if depth == 0 && angles == 0 && tk.kind == Tk::Sym && tk.text(src) == "," {
            if i > start {
                out.push((start, i));
            }
            start = i + 1;
        }
    }
    if b > start {
        out.push((start, b));
    }
    out
}

fn unquote(text: &str, kind: Tk) -> String {
    let q = match kind {
        Tk::Quoted(b'[') => {
            let body = text.strip_prefix('[').unwrap_or(text);
            return body.strip_suffix(']').unwrap_or(body).replace("]]", "]");
        }
        Tk::Quoted(q) => q as char,
        Tk::Str if text.starts_with('$') => {
            // `$tag$body$tag$`.
            let tag_end = text[1..].find('$').map_or(text.len(), |p| p + 2);
            let body = &text[tag_end.min(text.len())..];
            let tag = &text[..tag_end.min(text.len())];
            return body.strip_suffix(tag).unwrap_or(body).to_string();
        }
        Tk::Str => '\'',
        _ => return text.to_string(),
    };
    let body = text.find(q).map_or(text, |p| &text[p + 1..]);
    let body = body.strip_suffix(q).unwrap_or(body);
    // The quote is one ASCII byte: look for it doubled without building a searcher per name.
    let qb = q as u8;
    if body.as_bytes().windows(2).any(|w| w == [qb, qb]) {
        body.replace(&format!("{q}{q}"), &q.to_string())
    } else {
        body.to_string()
    }
}

/// The starts of the lines that begin after byte `from` of `text`.
fn lines_from(text: &str, from: usize) -> impl Iterator<Item = usize> + '_ {
    text.as_bytes().get(from..).unwrap_or_default().iter().enumerate().filter(|(_, c)| **c == b'\n').map(move |(i, _)| from + i + 1)
}

impl State {
    pub fn new(dialect: Dialect, text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(lines_from(text, 0));
        State {
            schema: Schema::new(dialect),
            diagnostics: Vec::new(),
            stats: ImportStats::default(),
            vars: Vec::new(),
            line_starts,
            by_name: HashMap::new(),
            pending_fks: Vec::new(),
            view_reads: Vec::new(),
            default_schema: None,
            pending_indexes: Vec::new(),
            finishing: false,
            database_choice: None,
            chosen_database: None,
            use_database: None,
            other_databases: Vec::new(),
            databases: Vec::new(),
        }
    }

    /// This state, made from a text that begins with `text[..from]`, going on in `text`: the
    /// lines from `from` on are `text`'s.
    pub fn retext(&mut self, text: &str, from: usize) {
        let keep = self.line_starts.partition_point(|&s| s <= from);
        self.line_starts.truncate(keep);
        self.line_starts.extend(lines_from(text, from));
    }

    /// The span of tokens `a..b` (see [`range_bytes`]).
    fn span_toks(&self, src: &str, toks: &[Token], a: usize, b: usize) -> Span {
        let (start, end) = range_bytes(toks, a, b);
        self.span(src, start, end)
    }

    pub fn span(&self, src: &str, start: usize, end: usize) -> Span {
        let line = self.line_starts.partition_point(|&s| s <= start).max(1);
        let ls = self.line_starts.get(line - 1).copied().unwrap_or(0);
        let prefix = src.get(ls..start);
        let column = match prefix {
            Some(p) if p.len() < 4096 => p.chars().count(),
            _ => start - ls,
        };
        Span { start: start as u32, end: end as u32, line: line as u32, column: column as u32 + 1 }
    }

    pub fn diag(&mut self, src: &str, severity: Severity, at: usize, end: usize, statement: &str, message: String) {
        let span = self.span(src, at, end);
        self.diagnostics.push(Diagnostic { severity, span, message, statement: statement.to_string() });
    }

    /// An identifier as the engine stores it: unquoted PostgreSQL names fold to lower case
    /// (`CREATE TABLE Foo` makes `foo`; `"Foo"` stays `Foo`), so two names the engine tells
    /// apart stay apart and an export spells them so the engine makes the same name again.
    fn ident(&self, src: &str, t: &Token) -> String {
        let mut s = unquote(t.text(src), t.kind);
        if self.schema.dialect == Dialect::Postgres && t.kind == Tk::Word && s.bytes().any(|b| b.is_ascii_uppercase()) {
            s = s.to_lowercase();
        }
        if !self.vars.is_empty() && (s.contains("$(") || s.contains('&')) {
            for (k, v) in &self.vars {
                if s.contains(k.as_str()) {
                    s = s.replace(k.as_str(), v);
                }
            }
        }
        s
    }

    /// The value of a string literal token. MySQL and ClickHouse strings take backslash escapes
    /// (`\\`, `\'`, `\n`, …), which the scanner already kept inside the literal.
    fn string(&self, text: &str) -> String {
        let body = unquote(text, Tk::Str);
        if !matches!(self.schema.dialect, Dialect::Mysql | Dialect::Clickhouse) || text.starts_with('$') || !body.contains('\\') {
            return body;
        }
        super::lex::unescape(&body, |e, out| match e {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('0') => out.push('\0'),
            Some('b') => out.push('\u{8}'),
            Some('Z') => out.push('\u{1a}'),
            // `\%` and `\_` keep their backslash (they are LIKE escapes).
            Some(e @ ('%' | '_')) => {
                out.push('\\');
                out.push(e);
            }
            Some(e) => out.push(e),
            None => out.push('\\'),
        })
    }

    /// Reads `a.b.c` at the cursor; the last part is the name, the one before it the schema.
    fn qname(&self, c: &mut Cur) -> Option<QName> {
        if !c.is_ident() && !c.tok(0).is_some_and(|t| t.kind == Tk::Str) {
            return None;
        }
        let mut parts = vec![self.ident(c.src, c.tok(0)?)];
        c.i += 1;
        while c.sym(".") && c.tok(1).is_some_and(|t| matches!(t.kind, Tk::Word | Tk::Quoted(_))) {
            parts.push(self.ident(c.src, c.tok(1)?));
            c.i += 2;
        }
        let name = parts.pop()?;
        let schema = parts.pop().or_else(|| self.default_schema.clone());
        Some(QName { schema, name })
    }

    /// The key two table names share when the engine takes them for the same table: MySQL
    /// table names are case-sensitive (on Linux, its default), PostgreSQL's are once folded;
    /// SQL Server, SQLite and Oracle compare them without case.
    fn name_key(&self, name: &str) -> String {
        match self.schema.dialect {
            Dialect::Mysql | Dialect::Postgres => name.to_string(),
            _ => name.to_lowercase(),
        }
    }

    fn find(&self, q: &QName) -> Option<TableId> {
        let ids = self.by_name.get(&self.name_key(&q.name))?;
        if let Some(s) = &q.schema {
            for id in ids {
                let t = self.schema.table(*id)?;
                if t.schema.as_deref().is_some_and(|ts| ts.eq_ignore_ascii_case(s)) {
                    return Some(*id);
                }
            }
        }
        ids.first().copied()
    }

    /// Handles one statement.
    pub fn statement(&mut self, src: &str, stmt: &RawStmt) {
        let toks = &stmt.toks;
        self.stats.statements += 1;
        if toks.len() >= 2 && toks.first().is_some_and(|t| t.text(src).eq_ignore_ascii_case("USE")) {
            // `USE db` (MySQL, SQL Server), Snowflake `USE DATABASE db`; not `USE ROLE`,
            // `USE WAREHOUSE`, `USE SCHEMA`.
            let database = match toks.as_slice() {
                [_, db] => Some(db),
                [_, kw, db] if kw.text(src).eq_ignore_ascii_case("DATABASE") => Some(db),
                _ => None,
            };
            if let Some(t) = database {
                self.use_database = Some(self.ident(src, t));
            }
            return;
        }
        let database = stmt.database.clone().or_else(|| self.use_database.clone());
        if self.in_other_database(src, toks, database) {
            self.stats.skipped += 1;
            return;
        }
        let before = self.stats.tables + self.stats.indexes + self.stats.views + self.stats.enums;
        let used = self.dispatch(src, toks);
        let after = self.stats.tables + self.stats.indexes + self.stats.views + self.stats.enums;
        if !used && after == before {
            self.stats.skipped += 1;
        }
    }

    /// Whether a statement belongs to a database other than the one being imported (a
    /// `pg_dumpall`, a MySQL dump of several databases): such statements are left out, so
    /// same-named tables of two databases are never merged; `finish` says what was left out.
    fn in_other_database(&mut self, src: &str, toks: &[Token], database: Option<String>) -> bool {
        let defines = Self::defines_objects(src, toks);
        if defines {
            let name = database.clone().unwrap_or_default();
            if !self.databases.iter().any(|d| d.eq_ignore_ascii_case(&name)) {
                self.databases.push(name);
            }
        }
        let wanted = match (&self.database_choice, &self.chosen_database) {
            (Some(w), _) => Some(w.clone()),
            (None, Some(c)) => c.clone(),
            (None, None) => {
                if defines {
                    self.schema.database.clone_from(&database);
                    self.chosen_database = Some(database);
                }
                return false;
            }
        };
        let same = match (&database, &wanted) {
            (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
            (None, None) => true,
            _ => false,
        };
        if same {
            if defines && self.chosen_database.is_none() {
                self.schema.database.clone_from(&database);
                self.chosen_database = Some(database);
            }
            return false;
        }
        if defines {
            let name = database.unwrap_or_default();
            match self.other_databases.iter_mut().find(|(n, _, _)| *n == name) {
                Some(entry) => entry.1 += 1,
                None => self.other_databases.push((name, 1, toks.first().map_or(0, |t| t.start as usize))),
            }
        }
        true
    }

    /// `CREATE` of a schema object (not of a database, schema, role or tablespace).
    fn defines_objects(src: &str, toks: &[Token]) -> bool {
        if !toks.first().is_some_and(|t| t.text(src).eq_ignore_ascii_case("CREATE")) {
            return false;
        }
        let object = toks.iter().skip(1).map(|t| t.text(src)).find(|w| {
            !["OR", "REPLACE", "ALTER", "GLOBAL", "LOCAL", "TEMP", "TEMPORARY", "UNLOGGED", "UNIQUE"].iter().any(|k| w.eq_ignore_ascii_case(k))
        });
        !object.is_some_and(|w| ["DATABASE", "SCHEMA", "ROLE", "USER", "LOGIN", "TABLESPACE"].iter().any(|k| w.eq_ignore_ascii_case(k)))
    }

    fn first_line(src: &str, toks: &[Token]) -> String {
        let Some(first) = toks.first() else { return String::new() };
        let rest = &src[first.start as usize..];
        let line = rest.split('\n').next().unwrap_or("").trim();
        line.chars().take(200).collect()
    }

    /// Returns whether the statement contributed to the model.
    fn dispatch(&mut self, src: &str, toks: &[Token]) -> bool {
        let Some(first) = toks.first() else { return false };
        let mut c = Cur::new(src, toks, 0, toks.len());
        if first.kind != Tk::Word {
            let stmt = Self::first_line(src, toks);
            let end = toks.last().map_or(first.end, |t| t.end) as usize;
            self.diag(src, Severity::Warning, first.start as usize, end, &stmt, "not a SQL statement; skipped".into());
            return false;
        }
        if c.eat("CREATE") {
            let used = self.create(src, toks, c.clone());
            if !used && !self.keep_created_object(src, toks, c.clone()) {
                self.unknown_object(src, toks, c, "CREATE");
            }
            return used;
        }
        if c.eat("ALTER") {
            if Self::owner_change(src, toks) {
                return self.keep_owner(src, toks, c);
            }
            if c.eat("TABLE") {
                return self.alter_table(src, toks, c);
            }
            if c.eat("SEQUENCE") {
                return self.alter_sequence(src, c);
            }
            if c.eat("TYPE") && self.alter_enum(src, toks, c.clone()) {
                return true;
            }
            if c.is_any(KEPT_ALTERS) || (c.is("DEFAULT") && c.is_at(1, "PRIVILEGES")) {
                let kind = if c.is("DEFAULT") { ObjectKind::Grant } else { ObjectKind::Other };
                return self.keep(src, toks, kind, None, String::new());
            }
            self.unknown_object(src, toks, c, "ALTER");
            return false;
        }
        if c.is("GRANT") || c.is("REVOKE") {
            return self.keep_grant(src, toks);
        }
        // PostgreSQL `DO $$ … $$`, PL/SQL anonymous blocks: they can change the schema.
        if (c.is("DO") && toks.len() >= 2) || (self.schema.dialect == Dialect::Oracle && (c.is("BEGIN") || c.is("DECLARE"))) {
            self.dynamic_ddl_note(src, toks);
            return self.keep(src, toks, ObjectKind::Other, None, String::new());
        }
        // Functions that change the schema when called (TimescaleDB, pg_partman).
        if c.is("SELECT") && toks.iter().take(6).skip(1).any(|t| SCHEMA_FUNCTIONS.iter().any(|f| t.text(src).eq_ignore_ascii_case(f))) {
            return self.keep(src, toks, ObjectKind::Other, None, String::new());
        }
        // SQL Server's comments are extended properties.
        if (c.is("EXEC") || c.is("EXECUTE")) && c.text(1).rsplit('.').next().is_some_and(|w| w.eq_ignore_ascii_case("sp_addextendedproperty")) {
            return self.keep(src, toks, ObjectKind::Comment, None, String::new());
        }
        if c.is("SECURITY") && c.is_at(1, "LABEL") {
            return self.keep(src, toks, ObjectKind::Other, None, String::new());
        }
        if c.eat("DROP") {
            if c.eat("TABLE") {
                return self.drop_table(c);
            }
            if c.eat("INDEX") {
                return self.drop_index(src, toks, c);
            }
            if c.eat("VIEW") || c.eat_seq(&["MATERIALIZED", "VIEW"]) {
                return self.drop_view(c);
            }
        }
        if first.text(src).eq_ignore_ascii_case("RENAME") && c.is_at(1, "TABLE") {
            return self.rename_tables(src, toks);
        }
        let exec = c.is("EXEC") || c.is("EXECUTE");
        if exec && c.text(1).rsplit('.').next().is_some_and(|w| w.eq_ignore_ascii_case("sp_rename")) {
            return self.sp_rename(src, toks);
        }
        if c.eat("COMMENT") && c.eat("ON") {
            if self.comment_on(src, c) {
                return true;
            }
            return self.keep(src, toks, ObjectKind::Comment, None, String::new());
        }
        let word = first.text(src);
        if !KNOWN_STATEMENTS.iter().any(|k| k.eq_ignore_ascii_case(word)) && !word.starts_with('@') && !word.to_ascii_lowercase().starts_with("sp_") {
            let stmt = Self::first_line(src, toks);
            self.diag(
                src,
                Severity::Warning,
                first.start as usize,
                first.end as usize,
                &stmt,
                format!("unrecognized statement `{}`; skipped", word.chars().take(40).collect::<String>()),
            );
        }
        false
    }

    /// Keeps a statement as written, as an [`Object`] of `kind` on `table` named `name` (or the
    /// statement's own object name when `name` is empty).
    fn keep(&mut self, src: &str, toks: &[Token], kind: ObjectKind, table: Option<TableId>, name: String) -> bool {
        let (a, b) = stmt_bytes(toks);
        let (schema, name) = if name.is_empty() { self.object_name(src, toks, kind) } else { (None, name) };
        let object = Object {
            id: ObjectId(self.schema.fresh_id()),
            kind,
            schema,
            name,
            table,
            sql: statement_text(src, toks),
            dialect: self.schema.dialect,
            span: Some(self.span(src, a, b)),
        };
        self.schema.objects.push(object);
        true
    }

    /// The name of the object a kept statement creates or changes: the first name after the
    /// object words (`CREATE OR REPLACE FUNCTION public.f(…)` → `public`, `f`).
    fn object_name(&self, src: &str, toks: &[Token], kind: ObjectKind) -> (Option<String>, String) {
        let skip = [
            "CREATE", "ALTER", "OR", "REPLACE", "DEFINER", "CONSTRAINT", "EVENT", "IF", "NOT", "EXISTS", "TRUSTED",
            "PROCEDURAL", "AGGREGATE", "FUNCTION", "PROCEDURE", "PROC", "TRIGGER", "EXTENSION", "TYPE", "OPERATOR",
            "CLASS", "FAMILY", "COLLATION", "CAST", "POLICY", "RULE", "PACKAGE", "BODY", "SYNONYM",
            "EDITIONABLE", "NONEDITIONABLE", "TEXT", "SEARCH", "CONFIGURATION", "DICTIONARY", "PARSER", "TEMPLATE",
            "CONVERSION", "DEFAULT", "LANGUAGE", "STATISTICS", "PUBLICATION", "SUBSCRIPTION", "SERVER", "FOREIGN",
            "DATA", "WRAPPER", "ACCESS", "METHOD", "TRANSFORM", "MACRO", "STAGE", "FILE", "FORMAT", "TASK", "STREAM",
            "PIPE", "SEQUENCE", "SCHEMA", "DOMAIN", "VIEW", "MATERIALIZED", "TABLE", "INDEX", "ONLY", "DO",
            "COMMENT", "ON", "ROUTINE", "LABEL", "SECURITY",
        ];
        let mut c = Cur::new(src, toks, 0, toks.len());
        while c.is_any(&skip) || c.sym("=") || (kind == ObjectKind::Cast && c.sym("(")) || (c.is("PUBLIC") && c.is_at(1, "SYNONYM")) {
            // MySQL `DEFINER=`u`@`h``.
            if c.is("DEFINER") {
                c.i += 2;
                while c.tok(0).is_some_and(|t| t.kind != Tk::Word || t.text(src).starts_with('@')) || c.text(0) == "@" {
                    c.i += 1;
                }
                continue;
            }
            c.i += 1;
        }
        if kind == ObjectKind::Operator {
            // `public.<` or `<`: the operator's symbol.
            let start = c.i;
            while c.tok(0).is_some_and(|t| t.text(src) != "(") {
                c.i += 1;
            }
            return (None, slice(src, toks, start, c.i).to_string());
        }
        match self.qname(&mut c) {
            Some(q) => (q.schema, q.name),
            None => (None, toks.first().map(|t| t.text(src).to_ascii_uppercase()).unwrap_or_default()),
        }
    }

    /// `CREATE` of an object the model keeps as written (functions, triggers, extensions, …);
    /// false for a kind it does not keep (roles, tablespaces: the server's, not the schema's).
    fn keep_created_object(&mut self, src: &str, toks: &[Token], mut c: Cur) -> bool {
        c.eat_seq(&["OR", "REPLACE"]);
        c.eat_seq(&["OR", "ALTER"]);
        if c.is("DEFINER") {
            c.i += 2;
            while c.tok(0).is_some_and(|t| t.kind != Tk::Word || t.text(src).starts_with('@')) || c.text(0) == "@" {
                c.i += 1;
            }
        }
        while c.is_any(&["EDITIONABLE", "NONEDITIONABLE", "CONSTRAINT", "TRUSTED", "PROCEDURAL", "TEMP", "TEMPORARY", "SECURE", "DEFAULT"]) && c.tok(1).is_some_and(|t| t.kind == Tk::Word) {
            c.i += 1;
        }
        let word = c.text(0).to_ascii_uppercase();
        let kind = match word.as_str() {
            "FUNCTION" | "MACRO" => ObjectKind::Function,
            "PROCEDURE" | "PROC" => ObjectKind::Procedure,
            "TRIGGER" => ObjectKind::Trigger,
            "EVENT" => if c.is_at(1, "TRIGGER") { ObjectKind::Trigger } else { ObjectKind::Event },
            "AGGREGATE" => ObjectKind::Aggregate,
            "OPERATOR" => ObjectKind::Operator,
            "EXTENSION" => ObjectKind::Extension,
            "POLICY" => ObjectKind::Policy,
            "RULE" => ObjectKind::Rule,
            "TYPE" => ObjectKind::Type,
            "COLLATION" => ObjectKind::Collation,
            "CAST" => ObjectKind::Cast,
            "PACKAGE" => ObjectKind::Package,
            "SYNONYM" | "PUBLIC" if word == "SYNONYM" || c.is_at(1, "SYNONYM") => ObjectKind::Synonym,
            "TEXT" | "CONVERSION" | "LANGUAGE" | "STATISTICS" | "PUBLICATION" | "SUBSCRIPTION" | "SERVER" | "FOREIGN"
            | "ACCESS" | "TRANSFORM" | "STAGE" | "FILE" | "TASK" | "STREAM" | "PIPE" => ObjectKind::Other,
            _ => return false,
        };
        // The table a trigger, policy or rule is on.
        let table = match kind {
            ObjectKind::Trigger | ObjectKind::Policy | ObjectKind::Rule => {
                let on = (c.i..toks.len()).find(|&i| {
                    let Some(t) = toks.get(i) else { return false };
                    let w = t.text(src);
                    t.kind == Tk::Word && (w.eq_ignore_ascii_case("ON") || (kind == ObjectKind::Rule && w.eq_ignore_ascii_case("TO")))
                        && !toks.get(i + 1).is_some_and(|n| ["DATABASE", "SCHEMA"].iter().any(|k| n.text(src).eq_ignore_ascii_case(k)))
                });
                on.and_then(|i| {
                    let mut t = Cur::new(src, toks, i + 1, toks.len());
                    t.eat("ONLY");
                    self.qname(&mut t).and_then(|q| self.find(&q))
                })
            }
            _ => None,
        };
        if matches!(kind, ObjectKind::Function | ObjectKind::Procedure | ObjectKind::Package) {
            self.dynamic_ddl_note(src, toks);
        }
        self.keep(src, toks, kind, table, String::new())
    }

    /// `ALTER <object> … OWNER TO role`.
    fn owner_change(src: &str, toks: &[Token]) -> bool {
        toks.iter().zip(toks.iter().skip(1)).any(|(a, b)| a.text(src).eq_ignore_ascii_case("OWNER") && b.text(src).eq_ignore_ascii_case("TO"))
    }

    fn keep_owner(&mut self, src: &str, toks: &[Token], mut c: Cur) -> bool {
        let table = if c.eat("TABLE") {
            c.eat_seq(&["IF", "EXISTS"]);
            c.eat("ONLY");
            self.qname(&mut c).and_then(|q| self.find(&q))
        } else {
            None
        };
        self.keep(src, toks, ObjectKind::Owner, table, String::new())
    }

    /// `GRANT … ON [TABLE] name TO …` / `REVOKE …`: kept, on its table when it names one.
    fn keep_grant(&mut self, src: &str, toks: &[Token]) -> bool {
        let on = (1..toks.len()).find(|&i| toks.get(i).is_some_and(|t| t.kind == Tk::Word && t.text(src).eq_ignore_ascii_case("ON")));
        let mut table = None;
        let mut name = String::new();
        if let Some(i) = on {
            let mut t = Cur::new(src, toks, i + 1, toks.len());
            let on_table = t.eat("TABLE");
            let other_kind = !on_table && t.is_any(&["SCHEMA", "SEQUENCE", "FUNCTION", "PROCEDURE", "DATABASE", "TYPE", "DOMAIN", "LANGUAGE", "ALL", "FOREIGN", "LARGE", "TABLESPACE", "ROUTINE"]);
            if !other_kind && let Some(q) = self.qname(&mut t) {
                table = self.find(&q);
                name = q.name;
            }
        }
        if name.is_empty() {
            name = toks.first().map(|t| t.text(src).to_ascii_uppercase()).unwrap_or_default();
        }
        self.keep(src, toks, ObjectKind::Grant, table, name)
    }

    /// `ALTER TYPE name ADD VALUE [IF NOT EXISTS] 'v' [BEFORE|AFTER 'w']` on an enum the model has.
    fn alter_enum(&mut self, src: &str, toks: &[Token], mut c: Cur) -> bool {
        let Some(q) = self.qname(&mut c) else { return false };
        if !c.eat_seq(&["ADD", "VALUE"]) {
            return false;
        }
        c.eat_seq(&["IF", "NOT", "EXISTS"]);
        let Some(value) = c.tok(0).filter(|t| t.kind == Tk::Str).map(|t| self.string(t.text(src))) else { return false };
        c.i += 1;
        let relative = if c.is("BEFORE") || c.is("AFTER") {
            let before = c.is("BEFORE");
            c.tok(1).filter(|t| t.kind == Tk::Str).map(|t| (before, self.string(t.text(src))))
        } else {
            None
        };
        let Some(e) = self.schema.enums.iter_mut().find(|e| e.name.eq_ignore_ascii_case(&q.name)) else { return false };
        if e.values.contains(&value) {
            return true;
        }
        let at = relative.and_then(|(before, w)| e.values.iter().position(|v| *v == w).map(|p| if before { p } else { p + 1 }));
        e.values.insert(at.unwrap_or(e.values.len()), value);
        let _ = toks;
        true
    }

    /// An info note when a block builds DDL as strings (`EXECUTE IMMEDIATE 'CREATE TABLE …'`,
    /// `EXECUTE format('CREATE …')`): the tables it would create are not in the diagram.
    fn dynamic_ddl_note(&mut self, src: &str, toks: &[Token]) {
        let builds_ddl = toks.iter().any(|t| {
            t.kind == Tk::Str && {
                let body = t.text(src).trim_start_matches(['\'', '$', 'N', 'E']).trim_start();
                let upper: String = body.chars().take(30).collect::<String>().to_ascii_uppercase();
                upper.starts_with("CREATE TABLE") || upper.starts_with("CREATE GLOBAL TEMPORARY TABLE") || upper.starts_with("ALTER TABLE")
            }
        });
        if builds_ddl {
            let stmt = Self::first_line(src, toks);
            let (a, b) = tok_bytes(toks.first());
            self.diag(src, Severity::Info, a, b, &stmt, "this block creates or alters tables with dynamic SQL (a string it runs); those tables are not in the diagram, the block is kept as written".into());
        }
    }

    /// A `CREATE`/`ALTER` of an object kind this importer has never heard of: a warning at the
    /// object word, so a typo or an unsupported extension is not lost silently. Known kinds the
    /// model does not keep ([`KNOWN_OBJECTS`]) stay quiet.
    fn unknown_object(&mut self, src: &str, toks: &[Token], mut c: Cur, verb: &str) {
        c.eat_seq(&["OR", "REPLACE"]);
        c.eat_seq(&["OR", "ALTER"]);
        // `CREATE UNIQUE FOO` is as unknown as `CREATE FOO`; a modifier alone names no object.
        // (SQL Server's `CREATE PRIMARY XML INDEX` and MySQL's `CREATE DEFINER=…` stop here.)
        while verb == "CREATE" && c.is_any(CREATE_MODIFIERS) && c.tok(1).is_some_and(|t| t.kind == Tk::Word) {
            c.i += 1;
        }
        let Some(tok) = c.tok(0) else {
            let stmt = Self::first_line(src, toks);
            let (a, b) = tok_bytes(toks.first());
            self.diag(src, Severity::Warning, a, b, &stmt, format!("{verb} without an object; skipped"));
            return;
        };
        let word = tok.text(src);
        if tok.kind != Tk::Word || KNOWN_OBJECTS.iter().any(|k| k.eq_ignore_ascii_case(word)) {
            return;
        }
        let stmt = Self::first_line(src, toks);
        let word: String = word.chars().take(40).collect();
        self.diag(
            src,
            Severity::Warning,
            tok.start as usize,
            tok.end as usize,
            &stmt,
            format!("unrecognized statement `{verb} {word}`: erdsmith does not know this kind of object; skipped"),
        );
    }

    fn create(&mut self, src: &str, toks: &[Token], mut c: Cur) -> bool {
        c.eat_seq(&["OR", "REPLACE"]);
        c.eat_seq(&["OR", "ALTER"]);
        // MySQL `ALGORITHM=… DEFINER=`u`@`h` SQL SECURITY …` before VIEW (mysqldump).
        loop {
            if c.is("ALGORITHM") || c.is("DEFINER") {
                c.i += 1;
                c.eat_sym("=");
                c.i += 1;
                if c.text(0) == "@" {
                    c.i += 2;
                } else if c.text(0).starts_with('@') {
                    c.i += 1;
                }
            } else if c.eat_seq(&["SQL", "SECURITY"]) {
                c.i += 1;
            } else {
                break;
            }
        }
        let mods_start = c.i;
        loop {
            if c.is_any(CREATE_MODIFIERS) {
                c.i += 1;
            } else {
                break;
            }
        }
        let head = slice(src, toks, 1, c.i).to_ascii_uppercase();
        if c.is("TABLE") {
            let prefix = Some(slice(src, toks, mods_start, c.i).to_string()).filter(|p| !p.is_empty());
            c.i += 1;
            let temporary = head.contains("TEMP") || head.contains("VOLATILE");
            let other = head.contains("VIRTUAL") || head.contains("EXTERNAL") || head.contains("FOREIGN");
            return self.create_table(src, toks, c, other, temporary, prefix);
        }
        if c.eat("INDEX") {
            let unique = head.split_whitespace().any(|w| w == "UNIQUE");
            let method = ["FULLTEXT", "SPATIAL", "BITMAP", "COLUMNSTORE", "XML"]
                .iter()
                .find(|m| head.split_whitespace().any(|w| w == **m))
                .map(|m| m.to_ascii_lowercase());
            return self.create_index(src, toks, c, unique, method);
        }
        if c.eat("VIEW") {
            return self.create_view(src, toks, c, head.contains("MATERIALIZED"));
        }
        if c.eat("TYPE") {
            return self.create_type(src, toks, c);
        }
        if c.eat("DOMAIN") {
            return self.create_domain(src, toks, c);
        }
        if c.eat("SEQUENCE") {
            return self.create_sequence(src, toks, c);
        }
        if c.eat("SCHEMA") || c.eat("DATABASE") {
            return self.create_schema(src, toks, c);
        }
        false
    }

    fn create_schema(&mut self, src: &str, toks: &[Token], mut c: Cur) -> bool {
        c.eat_seq(&["IF", "NOT", "EXISTS"]);
        let name = if c.is("AUTHORIZATION") {
            c.i += 1;
            c.tok(0).map(|t| self.ident(src, t))
        } else {
            c.tok(0).map(|t| self.ident(src, t))
        };
        let Some(name) = name else { return false };
        if toks.get(1).is_some_and(|t| t.text(src).eq_ignore_ascii_case("SCHEMA"))
            && !self.schema.namespaces.iter().any(|n| n.eq_ignore_ascii_case(&name))
        {
            self.schema.namespaces.push(name.clone());
        }
        // Nested `CREATE TABLE …` elements of `CREATE SCHEMA`.
        let starts: Vec<usize> = (c.i + 1..toks.len())
            .filter(|&i| toks.get(i).is_some_and(|t| t.kind == Tk::Word && t.text(src).eq_ignore_ascii_case("CREATE")))
            .collect();
        let saved = self.default_schema.replace(name);
        for (k, &s) in starts.iter().enumerate() {
            let e = starts.get(k + 1).copied().unwrap_or(toks.len());
            self.dispatch(src, toks.get(s..e).unwrap_or_default());
        }
        self.default_schema = saved;
        true
    }

    fn err(&mut self, src: &str, toks: &[Token], message: &str) -> bool {
        let stmt = Self::first_line(src, toks);
        let (a, b) = (toks.first().map_or(0, |t| t.start), toks.last().map_or(0, |t| t.end));
        self.diag(src, Severity::Error, a as usize, b as usize, &stmt, message.to_string());
        false
    }

    fn new_table(&mut self, src: &str, toks: &[Token], q: &QName) -> TableId {
        let id = TableId(self.schema.fresh_id());
        let mut t = Table::new(id, q.schema.clone(), q.name.clone());
        let (a, b) = (toks.first().map_or(0, |t| t.start), toks.last().map_or(0, |t| t.end));
        t.span = Some(self.span(src, a as usize, b as usize));
        self.schema.tables.push(t);
        let key = self.name_key(&q.name);
        self.by_name.entry(key).or_default().push(id);
        self.stats.tables += 1;
        id
    }

    fn create_table(&mut self, src: &str, toks: &[Token], mut c: Cur, other: bool, temporary: bool, prefix: Option<String>) -> bool {
        let mut if_not_exists = c.eat_seq(&["IF", "NOT", "EXISTS"]);
        let Some(q) = self.qname(&mut c) else {
            return self.err(src, toks, "CREATE TABLE without a table name");
        };
        // Snowflake also takes `CREATE TABLE t IF NOT EXISTS (…)`.
        if_not_exists |= c.eat_seq(&["IF", "NOT", "EXISTS"]);
        // SQL Server's `#name` is a temporary table.
        let temporary = temporary || q.name.starts_with('#');
        if let Some(existing) = self.find(&q) {
            let same_schema = self.schema.table(existing).is_some_and(|t| {
                t.schema.as_deref().map(str::to_lowercase) == q.schema.as_deref().map(str::to_lowercase)
            });
            if same_schema {
                if !if_not_exists {
                    let stmt = Self::first_line(src, toks);
                    let (a, b) = tok_bytes(toks.first());
                    self.diag(src, Severity::Warning, a, b, &stmt, format!("table {} is defined twice; the first definition is kept", q.name));
                }
                return false;
            }
        }
        if c.eat_seq(&["ON", "CLUSTER"]) {
            c.i += 1;
        }
        // `PARTITION OF parent` (PostgreSQL): columns come from the parent.
        if c.eat_seq(&["PARTITION", "OF"]) {
            let parent_name = self.qname(&mut c);
            let parent = parent_name.as_ref().and_then(|p| self.find(p));
            let id = self.new_table(src, toks, &q);
            self.set_table_head(id, temporary, prefix);
            self.copy_columns(parent, id);
            if let Some(t) = self.schema.table_mut(id) {
                t.kind = TableKind::Partition;
                t.parent = parent;
            }
            if parent.is_none() {
                let name = parent_name.map(|p| p.name).unwrap_or_default();
                self.err(src, toks, &format!("PARTITION OF {name}: the parent table is not in the text; the partition has no columns"));
            }
            if c.sym("(") && let Some((a, b)) = self.checked_group(src, toks, &mut c) {
                self.elements(src, toks, id, a, b);
            }
            self.table_options(src, toks, id, c);
            return true;
        }
        // `AS other ENGINE …` (ClickHouse) and `LIKE other`: copy the columns.
        if (c.is("AS") || c.is("LIKE") || c.is("CLONE")) && !c.is_at(1, "SELECT") && !c.sym("(") && c.tok(1).is_some_and(|t| !matches!(t.kind, Tk::Sym)) {
            let head_start = c.i;
            c.i += 1;
            let from = self.qname(&mut c).and_then(|p| self.find(&p));
            let id = self.new_table(src, toks, &q);
            self.set_table_head(id, temporary, prefix);
            self.copy_columns(from, id);
            let head = slice(src, toks, head_start, c.i).to_string();
            if let Some(t) = self.schema.table_mut(id) {
                t.text.head = Some(head);
            }
            self.table_options(src, toks, id, c);
            return true;
        }
        let id = self.new_table(src, toks, &q);
        self.set_table_head(id, temporary, prefix);
        if other && let Some(t) = self.schema.table_mut(id) {
            t.kind = TableKind::Other;
        }
        // SQLite `CREATE VIRTUAL TABLE t USING fts5(a, b)`: kept as written.
        if c.is("USING") {
            let head_start = c.i;
            c.i += 2;
            let module_args = c.group();
            if let Some(t) = self.schema.table_mut(id) {
                t.text.head = Some(slice(src, toks, head_start, c.i).to_string());
            }
            if let Some((a, b)) = module_args {
                self.virtual_columns(src, toks, id, a, b);
            }
            self.table_options(src, toks, id, c);
            return true;
        }
        if c.sym("(") {
            if let Some((a, b)) = self.checked_group(src, toks, &mut c) {
                self.elements(src, toks, id, a, b);
            }
        } else if c.is("AS") || c.is("CLONE") || c.is("LIKE") || c.is("WITH") || c.is("COPY") {
            // `AS SELECT …` and the like: the columns come from a query the model does not run.
            let head = slice(src, toks, c.i, c.end).to_string();
            if let Some(t) = self.schema.table_mut(id) {
                t.text.head = Some(head);
            }
            return true;
        } else {
            self.err(src, toks, "CREATE TABLE without a column list");
        }
        self.table_options(src, toks, id, c);
        true
    }

    fn set_table_head(&mut self, id: TableId, temporary: bool, prefix: Option<String>) {
        if let Some(t) = self.schema.table_mut(id) {
            t.temporary = temporary;
            t.text.prefix = prefix;
        }
    }

    /// The group at the cursor, with an error when its `(` is never closed: the rest of the
    /// statement was read as its contents, and that is said rather than guessed at.
    fn checked_group(&mut self, src: &str, toks: &[Token], c: &mut Cur) -> Option<(usize, usize)> {
        let open = c.i;
        let (a, b) = c.group()?;
        if b < c.end || toks.get(b).is_some_and(|t| t.text(src) == ")") {
            return Some((a, b));
        }
        // The list is never closed: most often a `(` inside it (`varchar(20, next int`) took
        // the list's `)`. Point at that one when a column follows it, else at the list's.
        let stmt = Self::first_line(src, toks);
        let mut depth = 0i32;
        let mut opened: Vec<usize> = Vec::new();
        for (i, t) in toks.iter().enumerate().take(b).skip(a) {
            match paren_delta(src, t) {
                1 => {
                    depth += 1;
                    opened.push(i);
                }
                -1 => {
                    depth -= 1;
                    opened.pop();
                }
                _ => {}
            }
            // A top-level comma with a `(` still open inside one element: that `(` is unclosed.
            if depth > 0 && t.kind == Tk::Sym && t.text(src) == "," && self.is_element_start(src, toks, i + 1, b) {
                let at = opened.first().and_then(|&o| toks.get(o)).map_or(t.start as usize, |o| o.start as usize);
                self.diag(src, Severity::Error, at, at + 1, &stmt, "this `(` is never closed before the next column".into());
                return Some((a, b));
            }
        }
        let at = toks.get(open).map_or(0, |t| t.start as usize);
        self.diag(src, Severity::Error, at, at + 1, &stmt, "this `(` is never closed: a `)` is missing in the statement".into());
        Some((a, b))
    }

    /// Whether the tokens at `i` look like the start of a column definition (`name type`) or of
    /// a table constraint, for finding where an unclosed parenthesis swallowed the next element.
    fn is_element_start(&self, src: &str, toks: &[Token], i: usize, end: usize) -> bool {
        let c = Cur::new(src, toks, i, end);
        if self.is_constraint(&c) {
            return true;
        }
        c.is_ident() && c.tok(1).is_some_and(|t| t.kind == Tk::Word && TYPE_START.iter().any(|k| t.text(src).eq_ignore_ascii_case(k)))
    }

    /// The columns of a SQLite virtual table's module arguments (`fts5(title, body, tokenize=…)`):
    /// plain names are columns; `key=value` options are not.
    fn virtual_columns(&mut self, src: &str, toks: &[Token], id: TableId, a: usize, b: usize) {
        for (s, e) in split_commas(src, toks, a, b) {
            let is_option = (s..e).any(|i| toks.get(i).is_some_and(|t| t.text(src) == "="));
            if !is_option && toks.get(s).is_some_and(|t| matches!(t.kind, Tk::Word | Tk::Quoted(_))) {
                let name = toks.get(s).map(|t| self.ident(src, t)).unwrap_or_default();
                let cid = ColumnId(self.schema.fresh_id());
                let mut col = Column::new(cid, name, data_type(&type_text(src, toks, s + 1, e)));
                col.span = Some(self.span_toks(src, toks, s, e));
                if let Some(t) = self.schema.table_mut(id) {
                    t.columns.push(col);
                }
            }
        }
    }

    /// `DROP TABLE [IF EXISTS] a, b`: a dump that recreates a table keeps the last definition.
    fn drop_table(&mut self, mut c: Cur) -> bool {
        c.eat_seq(&["IF", "EXISTS"]);
        let mut dropped = false;
        while let Some(q) = self.qname(&mut c) {
            if let Some(id) = self.find(&q)
                && let Ok(pos) = self.schema.table_position(id) {
                    self.schema.tables.remove(pos);
                    // What was kept on the table (triggers, grants, settings) goes with it.
                    self.schema.objects.retain(|o| o.table != Some(id));
                    self.stats.tables -= 1;
                    let key = self.name_key(&q.name);
                    if let Some(ids) = self.by_name.get_mut(&key) {
                        ids.retain(|x| *x != id);
                    }
                    self.pending_fks.retain(|fk| fk.table != id);
                    dropped = true;
                }
            if !c.eat_sym(",") {
                break;
            }
        }
        dropped
    }

    /// `DROP INDEX [CONCURRENTLY] [IF EXISTS] name, … [ON table]`, SQL Server's `table.name`
    /// included. An index not found is a warning unless `IF EXISTS` said it may be missing.
    fn drop_index(&mut self, src: &str, toks: &[Token], mut c: Cur) -> bool {
        c.eat("CONCURRENTLY");
        let if_exists = c.eat_seq(&["IF", "EXISTS"]);
        let mut names = Vec::new();
        while let Some(q) = self.qname(&mut c) {
            names.push((q, c.i.checked_sub(1).and_then(|p| toks.get(p)).map_or(0, |t| t.start as usize)));
            if !c.eat_sym(",") {
                break;
            }
        }
        let on = if c.eat("ON") { self.qname(&mut c).and_then(|q| self.find(&q)) } else { None };
        let mut dropped = false;
        for (q, at) in names {
            // `table.index` (SQL Server) or `schema.index`: the qualifier names either.
            let by_table = q.schema.as_ref().and_then(|s| self.find(&QName { schema: None, name: s.clone() }));
            let found = self.schema.tables.iter().enumerate().find_map(|(ti, t)| {
                let table_ok = match (on, by_table) {
                    (Some(id), _) => t.id == id,
                    (None, Some(id)) => t.id == id || t.schema.as_deref().is_some_and(|s| q.schema.as_deref().is_some_and(|qs| qs.eq_ignore_ascii_case(s))),
                    (None, None) => true,
                };
                let ix = t.indexes.iter().position(|ix| ix.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(&q.name)));
                ix.filter(|_| table_ok).map(|ix| (ti, ix))
            });
            match found {
                Some((ti, ix)) => {
                    if let Some(t) = self.schema.tables.get_mut(ti) {
                        t.indexes.remove(ix);
                    }
                    self.stats.indexes = self.stats.indexes.saturating_sub(1);
                    dropped = true;
                }
                None if !if_exists => {
                    let stmt = Self::first_line(src, toks);
                    self.diag(src, Severity::Warning, at, at + q.name.len(), &stmt, format!("DROP INDEX {}: no index of that name; nothing dropped", q.name));
                }
                None => {}
            }
        }
        dropped
    }

    /// Inheritance: the parent's columns come first, then the child's own.
    fn inherit_columns(&mut self, parent: Option<TableId>, id: TableId) {
        let Some(cols) = parent.and_then(|p| self.schema.table(p)).map(|t| t.columns.clone()) else { return };
        let own: Vec<String> = self.schema.table(id).map(|t| t.columns.iter().map(|c| c.name.to_lowercase()).collect()).unwrap_or_default();
        let mut fresh = Vec::new();
        for mut col in cols {
            if !own.contains(&col.name.to_lowercase()) {
                col.id = ColumnId(self.schema.fresh_id());
                fresh.push(col);
            }
        }
        if let Some(t) = self.schema.table_mut(id) {
            fresh.append(&mut t.columns);
            t.columns = fresh;
        }
    }

    fn copy_columns(&mut self, from: Option<TableId>, to: TableId) {
        let Some(cols) = from.and_then(|f| self.schema.table(f)).map(|t| t.columns.clone()) else { return };
        let mut fresh = Vec::with_capacity(cols.len());
        for mut col in cols {
            col.id = ColumnId(self.schema.fresh_id());
            fresh.push(col);
        }
        if let Some(t) = self.schema.table_mut(to) {
            t.columns = fresh;
        }
    }

    /// Options after the column list: partitioning, inheritance, engines, comments, keys. What
    /// the model keeps in its own fields (a MySQL or ClickHouse table comment, ClickHouse's
    /// PRIMARY KEY, a partition's bound) is taken out; everything else is kept as written in
    /// `Table::text.options`, so a same-dialect export writes it back.
    fn table_options(&mut self, src: &str, toks: &[Token], id: TableId, mut c: Cur) {
        let mut kept: Vec<(usize, usize)> = Vec::new();
        let partition = self.schema.table(id).is_some_and(|t| t.kind == TableKind::Partition);
        while !c.done() {
            let start = c.i;
            let mut keep = true;
            if partition && (c.is("FOR") && c.is_at(1, "VALUES") || c.is("DEFAULT")) {
                if c.eat("DEFAULT") {
                } else {
                    c.i += 2;
                    if c.eat("FROM") {
                        c.group();
                        c.eat("TO");
                        c.group();
                    } else {
                        c.eat("IN");
                        c.eat("WITH");
                        c.group();
                    }
                }
                let bound = slice(src, toks, start, c.i).to_string();
                if let Some(t) = self.schema.table_mut(id) {
                    t.text.bound = Some(bound);
                }
                keep = false;
            } else if c.eat_seq(&["PARTITION", "BY"]) {
                if let Some(t) = self.schema.table_mut(id)
                    && t.kind == TableKind::Table {
                        t.kind = TableKind::Partitioned;
                    }
            } else if c.eat("INHERITS") {
                if let Some((a, b)) = c.group() {
                    let mut p = Cur::new(src, toks, a, b);
                    let parent = self.qname(&mut p).and_then(|q| self.find(&q));
                    self.inherit_columns(parent, id);
                    if let Some(t) = self.schema.table_mut(id) {
                        t.parent = parent;
                    }
                }
            } else if c.eat("ENGINE") {
                c.eat_sym("=");
                let engine = c.text(0).to_ascii_lowercase();
                if !engine.is_empty() && !engine.ends_with("mergetree") && !["innodb", "myisam", "aria", "memory"].contains(&engine.as_str())
                    && self.schema.dialect == Dialect::Clickhouse
                    && let Some(t) = self.schema.table_mut(id) {
                        t.kind = TableKind::Other;
                    }
                c.i += 1;
            } else if c.is("COMMENT") && (c.sym_at(1, "=") || c.tok(1).is_some_and(|t| t.kind == Tk::Str)) {
                c.i += 1;
                c.eat_sym("=");
                if let Some(t) = c.tok(0).filter(|t| t.kind == Tk::Str) {
                    let text = self.string(t.text(src));
                    if let Some(tb) = self.schema.table_mut(id) {
                        tb.comment = Some(text);
                    }
                }
                c.i += 1;
                keep = false;
            } else if c.is("PRIMARY") && c.is_at(1, "KEY") && self.schema.dialect == Dialect::Clickhouse {
                c.i += 2;
                let (a, b) = match c.group() {
                    Some(r) => r,
                    None => {
                        let a = c.i.min(c.end);
                        c.i += 1;
                        (a, c.i.min(c.end))
                    }
                };
                let names = self.name_list(src, toks, a, b);
                let cols = self.resolve_cols(id, &names);
                if let (Some(cols), Some(t)) = (cols, self.schema.table_mut(id))
                    && t.primary_key.is_none() && !cols.is_empty() {
                        t.primary_key = Some(PrimaryKey { name: None, columns: cols, options: None });
                    }
                keep = false;
            } else {
                c.skip();
            }
            if keep {
                match kept.last_mut() {
                    Some(last) if last.1 == start => last.1 = c.i.min(c.end),
                    _ => kept.push((start, c.i.min(c.end))),
                }
            }
        }
        let options: Vec<&str> = kept.iter().map(|&(a, b)| slice(src, toks, a, b)).filter(|s| !s.is_empty()).collect();
        if !options.is_empty()
            && let Some(t) = self.schema.table_mut(id) {
                t.text.options = Some(options.join(" "));
            }
    }

    /// The elements of a `CREATE TABLE (…)` list (or an Oracle `ALTER TABLE … ADD (…)`).
    fn elements(&mut self, src: &str, toks: &[Token], id: TableId, a: usize, b: usize) {
        let items = split_commas(src, toks, a, b);
        if items.len() > 1000 {
            let (s, e) = range_bytes(toks, a, b.max(a + 1));
            let stmt = Self::first_line(src, toks);
            self.diag(src, Severity::Info, s, e, &stmt, format!("a very wide table: {} columns and constraints", items.len()));
        }
        let mut constraints = Vec::new();
        // Names seen so far, so a wide table is not quadratic in its duplicate-name check.
        let mut seen: std::collections::HashSet<String> = self
            .schema
            .table(id)
            .map(|t| t.columns.iter().map(|c| c.name.to_lowercase()).collect())
            .unwrap_or_default();
        for (s, e) in items {
            let c = Cur::new(src, toks, s, e);
            if self.is_constraint(&c) {
                constraints.push((s, e));
                continue;
            }
            // A missing comma leaves the next column inside this element: read it too.
            let mut at = Some(s);
            while let Some(s) = at.take() {
                if seen.insert(toks.get(s).map(|t| self.ident(src, t)).unwrap_or_default().to_lowercase()) {
                    at = self.column(src, toks, id, s, e, ColumnMode::New);
                } else if self.schema.table(id).is_some_and(|t| t.kind == TableKind::Partition) {
                    self.partition_column_options(src, toks, id, s, e);
                } else {
                    let stmt = Self::first_line(src, toks);
                    let (a, b) = tok_bytes(toks.get(s));
                    let name = toks.get(s).map(|t| self.ident(src, t)).unwrap_or_default();
                    self.diag(src, Severity::Error, a, b, &stmt, format!("column {name} is defined twice; the first definition is kept"));
                }
            }
        }
        for (s, e) in constraints {
            self.table_constraint(src, toks, id, Cur::new(src, toks, s, e));
        }
        self.drop_redundant_uniques(src, toks, id);
    }

    /// PostgreSQL and SQLite do not create a UNIQUE constraint of a CREATE TABLE that repeats
    /// the primary key or an earlier UNIQUE on the same columns (PostgreSQL gives its name to
    /// the earlier one if that one had none). The model does the same, and says so.
    fn drop_redundant_uniques(&mut self, src: &str, toks: &[Token], id: TableId) {
        let dialect = self.schema.dialect;
        if !matches!(dialect, Dialect::Postgres | Dialect::Sqlite) {
            return;
        }
        let Some(t) = self.schema.table_mut(id) else { return };
        // A SQLite rowid alias (`INTEGER PRIMARY KEY`) has no index a UNIQUE could repeat.
        let rowid = dialect == Dialect::Sqlite
            && t.primary_key.as_ref().is_some_and(|pk| {
                matches!(pk.columns.as_slice(), [one] if t.column(*one).is_some_and(|c| c.data_type.raw.eq_ignore_ascii_case("integer")))
            });
        let mut dropped = Vec::new();
        let mut kept: Vec<UniqueConstraint> = Vec::new();
        for u in std::mem::take(&mut t.uniques) {
            let same = |cols: &[ColumnId], opts: &Option<String>| cols == u.columns.as_slice() && *opts == u.options;
            if let Some(pk) = t.primary_key.as_mut().filter(|pk| !rowid && same(&pk.columns, &pk.options)) {
                if dialect == Dialect::Postgres && pk.name.is_none() {
                    pk.name = u.name.clone();
                }
                dropped.push(("the primary key", u));
            } else if let Some(prior) = kept.iter_mut().find(|k| same(&k.columns, &k.options)) {
                if dialect == Dialect::Postgres && prior.name.is_none() {
                    prior.name = u.name.clone();
                }
                dropped.push(("an earlier UNIQUE", u));
            } else {
                kept.push(u);
            }
        }
        t.uniques = kept;
        if dropped.is_empty() {
            return;
        }
        let names: Vec<(String, &str)> = dropped
            .iter()
            .map(|(what, u)| (u.columns.iter().filter_map(|c| t.column(*c)).map(|c| c.name.clone()).collect::<Vec<_>>().join(", "), *what))
            .collect();
        let stmt = Self::first_line(src, toks);
        let (a, b) = stmt_bytes(toks);
        for (cols, what) in names {
            let engine = if dialect == Dialect::Postgres { "PostgreSQL" } else { "SQLite" };
            self.diag(src, Severity::Warning, a, b, &stmt, format!("UNIQUE ({cols}) repeats {what}: {engine} does not create it, and neither does the model"));
        }
    }

    /// Whether a table element is a constraint or index rather than a column. Each word that
    /// starts one is also a valid column name in some engine (`key`, `period`, `exclude`,
    /// `family`, `index`), so the word alone decides nothing: what follows it does. A column
    /// named like the word is followed by its type (`key varchar(10)`, `period int`).
    /// `PARTITION OF p (c [WITH OPTIONS] NOT NULL | DEFAULT x, …)`: options of a column the
    /// partition has from its parent.
    fn partition_column_options(&mut self, src: &str, toks: &[Token], id: TableId, s: usize, e: usize) {
        let name = toks.get(s).map(|t| self.ident(src, t)).unwrap_or_default();
        let mut c = Cur::new(src, toks, s + 1, e);
        c.eat_seq(&["WITH", "OPTIONS"]);
        while !c.done() {
            if c.eat_seq(&["NOT", "NULL"]) {
                if let Some(col) = self.schema.table_mut(id).and_then(|t| t.columns.iter_mut().find(|x| x.name.eq_ignore_ascii_case(&name))) {
                    col.nullable = false;
                }
            } else if c.eat("DEFAULT") {
                let (a, b) = self.expr(src, &mut c);
                let expr = slice(src, toks, a, b).to_string();
                if let Some(col) = self.schema.table_mut(id).and_then(|t| t.columns.iter_mut().find(|x| x.name.eq_ignore_ascii_case(&name))) {
                    col.default = Some(expr);
                }
            } else {
                c.skip();
            }
        }
    }

    fn is_constraint(&self, c: &Cur) -> bool {
        // `word name (` where the group holds names, not a type's length (`key varchar(10)`).
        let named_group = |c: &Cur| c.is_ident_at(1) && c.sym_at(2, "(") && !c.tok(3).is_some_and(|t| t.kind == Tk::Num);
        let Some(word) = c.tok(0).filter(|t| t.kind == Tk::Word).map(|t| t.text(c.src)) else { return false };
        match word.to_ascii_uppercase().as_str() {
            "CONSTRAINT" => true,
            "PRIMARY" | "FOREIGN" => c.is_at(1, "KEY"),
            "CHECK" => c.sym_at(1, "("),
            "EXCLUDE" => c.is_at(1, "USING") || c.sym_at(1, "("),
            "PERIOD" => c.is_at(1, "FOR"),
            // ClickHouse `PROJECTION name (SELECT …)`.
            "PROJECTION" => c.is_ident_at(1) && c.sym_at(2, "(") && c.is_at(3, "SELECT"),
            // PostgreSQL `LIKE other [INCLUDING …]`; SQLite has no such clause and takes `like`
            // as a column name.
            "LIKE" => self.schema.dialect != Dialect::Sqlite && c.is_ident_at(1),
            // CockroachDB column families: `FAMILY [name] (a, b)`.
            "FAMILY" => c.sym_at(1, "(") || named_group(c),
            "UNIQUE" => {
                c.sym_at(1, "(") || c.is_at(1, "KEY") || c.is_at(1, "INDEX") || c.is_at(1, "NONCLUSTERED") || c.is_at(1, "CLUSTERED")
                    || c.is_at(1, "NULLS") || named_group(c) || c.is_at(2, "USING")
            }
            "KEY" | "INDEX" | "FULLTEXT" | "SPATIAL" => {
                c.sym_at(1, "(")
                    || named_group(c)
                    || c.is_at(1, "USING")
                    || c.is_at(2, "USING")
                    || c.is_at(1, "KEY")
                    || c.is_at(1, "INDEX")
                    // SQL Server `INDEX name [UNIQUE] [NON]CLUSTERED (…)`.
                    // (`key INTEGER UNIQUE` is a SQLite column: the group must follow.)
                    || (word.eq_ignore_ascii_case("INDEX") && c.is_ident_at(1) && {
                        let mut k = 2;
                        while c.is_at(k, "UNIQUE") || c.is_at(k, "CLUSTERED") || c.is_at(k, "NONCLUSTERED") {
                            k += 1;
                        }
                        k > 2 && c.sym_at(k, "(")
                    })
                    // ClickHouse `INDEX name expr TYPE kind GRANULARITY n`.
                    || c.is_at(2, "TYPE")
                    || c.is_at(3, "TYPE")
            }
            _ => false,
        }
    }

    fn name_list(&self, src: &str, toks: &[Token], a: usize, b: usize) -> Vec<String> {
        split_commas(src, toks, a, b)
            .into_iter()
            .filter_map(|(s, _)| {
                let t = toks.get(s)?;
                matches!(t.kind, Tk::Word | Tk::Quoted(_) | Tk::Str).then(|| self.ident(src, t))
            })
            .collect()
    }

    fn resolve_cols(&self, id: TableId, names: &[String]) -> Option<Vec<ColumnId>> {
        let t = self.schema.table(id)?;
        names.iter().map(|n| t.column_by_name(n).map(|c| c.id)).collect()
    }

    /// A column definition `name type constraints…`; `modify` updates an existing column.
    /// Returns where a next element starts when a comma is missing (`a int b int`): the caller
    /// reads it as its own element, after the error that says so.
    fn column(&mut self, src: &str, toks: &[Token], id: TableId, s: usize, e: usize, mode: ColumnMode) -> Option<usize> {
        let name = toks.get(s).map(|t| self.ident(src, t)).unwrap_or_default();
        let mut c = Cur::new(src, toks, s + 1, e);
        let type_start = c.i;
        self.scan_type(src, &mut c);
        let raw = type_text(src, toks, type_start, c.i);
        let cid = ColumnId(self.schema.fresh_id());
        let mut col = Column::new(cid, name.clone(), data_type(&raw));
        col.span = Some(self.span_toks(src, toks, s, e));
        let first_type_word = raw.split(|c: char| !c.is_ascii_alphanumeric()).next().unwrap_or("").to_ascii_lowercase();
        let serial = match self.schema.dialect {
            Dialect::Mysql => first_type_word == "serial",
            _ => ["serial", "serial2", "serial4", "serial8", "smallserial", "bigserial"].contains(&first_type_word.as_str()),
        };
        if serial {
            col.identity = Some(Identity::Serial);
            col.nullable = false;
        }
        // MySQL's SERIAL is BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE.
        let unique = serial && self.schema.dialect == Dialect::Mysql;
        let mut pc = ParsedColumn { col, pk: false, unique, unique_options: None, fk: None, cname: None, checks: Vec::new(), position: None, kept: Vec::new(), next_element: None };
        self.column_clauses(src, toks, &mut c, &mut pc, mode);
        let ParsedColumn { mut col, pk, unique, unique_options, fk, cname, checks, position, kept, next_element } = pc;
        col.extra = kept.iter().map(|&(a, b)| slice(src, toks, a, b).to_string()).filter(|x| !x.is_empty()).collect();
        if next_element.is_some() {
            let last = c.end.saturating_sub(1).max(s);
            col.span = Some(self.span_toks(src, toks, s, last + 1));
        }
        let replaced = match mode {
            ColumnMode::Change(old) => toks.get(old).map(|t| self.ident(src, t)).unwrap_or_default(),
            _ => name.clone(),
        };
        let Some(t) = self.schema.table_mut(id) else { return next_element };
        let place = |t: &mut Table, cid: ColumnId| {
            let Some(to) = position else { return };
            let Some(from) = t.columns.iter().position(|x| x.id == cid) else { return };
            let moved = t.columns.remove(from);
            let at = match to {
                None => 0,
                Some(after) => t.columns.iter().position(|x| x.name.eq_ignore_ascii_case(&after)).map_or(t.columns.len(), |i| i + 1),
            };
            t.columns.insert(at, moved);
        };
        if matches!(mode, ColumnMode::Modify | ColumnMode::Change(_))
            && let Some(old) = t.columns.iter_mut().find(|x| x.name.eq_ignore_ascii_case(&replaced))
        {
            let keep = old.id;
            *old = Column { id: keep, ..col };
            place(t, keep);
            return next_element;
        }
        if mode != ColumnMode::New && t.column_by_name(&name).is_some() {
            return next_element;
        }
        t.columns.push(col);
        place(t, cid);
        t.checks.extend(checks);
        if pk {
            match &mut t.primary_key {
                Some(p) => p.columns.push(cid),
                None => t.primary_key = Some(PrimaryKey { name: cname.clone(), columns: vec![cid], options: None }),
            }
        }
        if unique {
            t.uniques.push(UniqueConstraint { name: cname.clone(), columns: vec![cid], options: unique_options });
        }
        if let Some((target, ref_columns, FkTail { on_delete, on_update, deferrable, initially_deferred, options }, name)) = fk {
            let span = self.span_toks(src, toks, s, e);
            self.pending_fks.push(PendingFk {
                table: id,
                name,
                columns: vec![cid],
                target,
                ref_columns,
                on_delete,
                on_update,
                deferrable,
                initially_deferred,
                options,
                span,
                stmt_start: toks.first().map_or(0, |t| t.start),
            });
        }
        next_element
    }

    /// The clauses after a column's type, in any order, read into `pc`; those the model does not
    /// take apart are kept as written (`pc.kept`). Stops where a missing comma left the next
    /// column (`pc.next_element`).
    fn column_clauses(&mut self, src: &str, toks: &[Token], c: &mut Cur, pc: &mut ParsedColumn, mode: ColumnMode) {
        while !c.done() {
            let clause_start = c.i;
            let keep = if let Some(keep) = self.column_constraint(src, toks, c, pc) {
                keep
            } else if self.column_property(src, toks, c, &mut pc.col) {
                false
            } else if let Some(keep) = self.column_other(src, toks, c, pc, mode, clause_start) {
                keep
            } else {
                break;
            };
            if keep {
                match pc.kept.last_mut() {
                    Some(last) if last.1 == clause_start => last.1 = c.i.min(c.end),
                    _ => pc.kept.push((clause_start, c.i.min(c.end))),
                }
            }
        }
    }

    /// An inline constraint of a column definition (`NOT NULL`, `DEFAULT`, `PRIMARY KEY`, `UNIQUE`,
    /// `REFERENCES`, `CHECK`, a `CONSTRAINT name` before one): whether to keep the clause as
    /// written, or `None` when the clause at `c` is none of these.
    fn column_constraint(&mut self, src: &str, toks: &[Token], c: &mut Cur, pc: &mut ParsedColumn) -> Option<bool> {
        let mut keep = false;
        if c.eat("CONSTRAINT") {
            pc.cname = c.tok(0).map(|t| self.ident(src, t));
            c.i += 1;
        } else if c.eat_seq(&["NOT", "NULL"]) {
            pc.col.nullable = false;
            self.on_conflict(src, toks, c);
        } else if c.is("NOT") && c.is_at(1, "FOR") && c.is_at(2, "REPLICATION") || c.is("NOT") && c.is_at(1, "DEFERRABLE") {
            c.i += if c.is_at(1, "FOR") { 3 } else { 2 };
            keep = true;
        } else if c.eat("NULL") {
            pc.col.nullable = true;
        } else if c.eat("DEFAULT") {
            c.eat_seq(&["ON", "NULL"]);
            let (a, b) = self.expr(src, c);
            pc.col.default = Some(slice(src, toks, a, b).to_string());
        } else if c.eat_seq(&["PRIMARY", "KEY"]) {
            pc.pk = true;
            // SQLite: a PRIMARY KEY column may hold NULL unless it says NOT NULL (or is the
            // rowid, which the engine fills). Elsewhere the key implies NOT NULL.
            if self.schema.dialect != Dialect::Sqlite {
                pc.col.nullable = false;
            }
            c.eat("CLUSTERED");
            c.eat("NONCLUSTERED");
            if c.is("ASC") || c.is("DESC") {
                self.not_kept(src, toks, c.i, c.i + 1, "the key's sort order");
                c.i += 1;
            }
            self.on_conflict(src, toks, c);
        } else if c.eat("UNIQUE") {
            c.eat("KEY");
            c.eat("CLUSTERED");
            c.eat("NONCLUSTERED");
            pc.unique_options = nulls_distinct(c);
            pc.unique = true;
            self.on_conflict(src, toks, c);
        } else if c.eat("REFERENCES") || (c.is("FOREIGN") && c.is_at(1, "KEY") && c.is_at(2, "REFERENCES") && { c.i += 3; true }) {
            // (SQL Server also writes `FOREIGN KEY REFERENCES t (c)` on a column.)
            let target = self.qname(c).unwrap_or_default();
            let cols = c.group().map(|(a, b)| self.name_list(src, toks, a, b)).unwrap_or_default();
            let tail = self.fk_tail(c);
            pc.fk = Some((target, cols, tail, pc.cname.take()));
        } else if c.eat("CHECK") {
            if let Some((a, b)) = c.group() {
                let options = c.eat_seq(&["NO", "INHERIT"]).then(|| "NO INHERIT".to_string());
                pc.checks.push(Check { name: pc.cname.take(), expr: slice(src, toks, a, b).to_string(), options });
            }
        } else {
            return None;
        }
        Some(keep)
    }

    /// A property of the column itself (collation, generated expression, identity or
    /// auto-increment, comment): whether the clause at `c` was one.
    fn column_property(&mut self, src: &str, toks: &[Token], c: &mut Cur, col: &mut Column) -> bool {
        if c.eat("COLLATE") {
            col.collation = c.tok(0).map(|t| self.ident(src, t));
            c.i += 1;
            while c.sym(".") {
                col.collation = c.tok(1).map(|t| self.ident(src, t));
                c.i += 2;
            }
        } else if c.eat("GENERATED") {
            if c.eat("ALWAYS") {
                if c.eat("AS") && c.eat("IDENTITY") {
                    col.identity = Some(Identity::Always);
                    col.nullable = false;
                } else if let Some((a, b)) = c.group() {
                    let stored = c.is("STORED");
                    // PostgreSQL 18 and MySQL say VIRTUAL; the word is the default there.
                    if stored || c.is("VIRTUAL") {
                        c.i += 1;
                    }
                    col.generated = Some(Generated { expr: slice(src, toks, a, b).to_string(), stored });
                }
            } else {
                while !c.done() && !c.is("IDENTITY") {
                    c.i += 1;
                }
                c.i += 1;
                col.identity = Some(Identity::ByDefault);
                col.nullable = false;
            }
            if let Some((a, b)) = c.group() {
                col.identity_options.apply(slice(src, toks, a, b));
            }
        } else if c.eat("AS") {
            let (a, b) = self.expr(src, c);
            let stored = c.is("STORED") || c.is("PERSISTED");
            if stored || c.is("VIRTUAL") {
                c.i += 1;
            }
            let expr = slice(src, toks, a, b);
            let expr = expr.strip_prefix('(').and_then(|x| x.strip_suffix(')')).unwrap_or(expr);
            col.generated = Some(Generated { expr: expr.to_string(), stored });
        } else if c.eat("AUTO_INCREMENT") || c.eat("AUTOINCREMENT") || c.eat("AUTO_RANDOM") {
            col.identity = Some(Identity::AutoIncrement);
            c.group();
        } else if c.eat("IDENTITY") {
            let (mut seed, mut increment) = (1, 1);
            if let Some((a, b)) = c.group() {
                let nums: Vec<i64> = toks.get(a..b).unwrap_or_default().iter().filter_map(|t| t.text(src).parse().ok()).collect();
                if let [s, i] = nums.as_slice() {
                    (seed, increment) = (*s, *i);
                }
            }
            col.identity = Some(Identity::Identity { seed, increment });
            col.nullable = false;
        } else if c.eat("COMMENT") {
            if let Some(t) = c.tok(0).filter(|t| t.kind == Tk::Str) {
                col.comment = Some(self.string(t.text(src)));
            }
            c.i += 1;
        } else if c.is("MATERIALIZED") || c.is("ALIAS") {
            let stored = c.is("MATERIALIZED");
            c.i += 1;
            let (a, b) = self.expr(src, c);
            col.generated = Some(Generated { expr: slice(src, toks, a, b).to_string(), stored });
        } else {
            return false;
        }
        true
    }

    /// The other clauses of a column definition: `ON UPDATE`, those the model keeps as written
    /// (known or not, the latter with a warning) and MySQL's `FIRST`/`AFTER col`. Whether to keep
    /// the clause as written; `None` when a comma is missing and the next column starts at `c`.
    fn column_other(&mut self, src: &str, toks: &[Token], c: &mut Cur, pc: &mut ParsedColumn, mode: ColumnMode, clause_start: usize) -> Option<bool> {
        let mut keep = false;
        if c.is("ON") && c.is_at(1, "UPDATE") {
            // MySQL `ON UPDATE CURRENT_TIMESTAMP`.
            c.i += 2;
            self.expr(src, c);
            keep = true;
        } else if c.is_any(KEPT_COLUMN_CLAUSES) || (c.is("CHARACTER") && c.is_at(1, "SET")) {
            // Clauses the model does not take apart: the word and its argument, if any.
            let w = c.text(0).to_ascii_uppercase();
            c.i += if w == "CHARACTER" { 2 } else { 1 };
            c.eat_sym("=");
            if KEPT_WITH_ARGUMENT.contains(&w.as_str()) && !c.done() && !c.sym("(") {
                if c.is("WITH") {
                    c.i += 1;
                }
                c.skip();
            }
            if c.sym("(") {
                c.skip();
            }
            keep = true;
        } else if self.schema.dialect != Dialect::Sqlite && c.is_ident() && c.tok(1).is_some_and(|t| t.kind == Tk::Word && TYPE_START.iter().any(|k| t.text(src).eq_ignore_ascii_case(k))) && !KNOWN_COLUMN_WORDS.iter().any(|k| c.is(k)) {
            // `a int b int`: a comma is missing; `b int` is the next column.
            let stmt = Self::first_line(src, toks);
            let (a, b) = tok_bytes(toks.get(c.i));
            let word = c.text(0).to_string();
            self.diag(src, Severity::Error, a, b, &stmt, format!("a comma is missing before `{word}`? `{word} …` is read as the next column"));
            pc.next_element = Some(c.i);
            c.end = c.i;
            return None;
        } else if mode != ColumnMode::New && self.schema.dialect == Dialect::Mysql && c.eat("FIRST") {
            pc.position = Some(None);
        } else if mode != ColumnMode::New && self.schema.dialect == Dialect::Mysql && c.is("AFTER") && c.is_ident_at(1) {
            pc.position = c.tok(1).map(|t| Some(self.ident(src, t)));
            c.i += 2;
        } else {
            // A word erdsmith does not know here: kept as written, and said.
            c.skip();
            keep = true;
            let (a, b) = range_bytes(toks, clause_start, c.i.max(clause_start + 1));
            let stmt = Self::first_line(src, toks);
            let text: String = src[a..b].chars().take(60).collect();
            self.diag(src, Severity::Warning, a, b, &stmt, format!("`{text}` is not a column clause erdsmith knows; kept as written for {}", self.schema.dialect.label()));
        }
        Some(keep)
    }

    /// The type after a column name, up to the first column clause: the first name (qualified
    /// or quoted) is always the type; then its arguments `(…)`, array brackets, `<…>` of
    /// STRUCT/ARRAY, and the words that continue a type (`double precision`, `with time zone`,
    /// `unsigned`). SQLite takes every name up to a column constraint as the type.
    fn scan_type(&self, src: &str, c: &mut Cur) {
        if self.starts_typeless_clause(c) {
            return;
        }
        let sqlite = self.schema.dialect == Dialect::Sqlite;
        let start = c.i;
        while !c.done() {
            let Some(&t) = c.tok(0) else { break };
            match t.kind {
                Tk::Word | Tk::Quoted(_) if c.i == start => c.i += 1,
                Tk::Word if sqlite => {
                    if self.starts_typeless_clause(c) {
                        return;
                    }
                    c.i += 1;
                }
                Tk::Word => {
                    let w = t.text(src);
                    let stop = COLUMN_STOP.iter().any(|k| k.eq_ignore_ascii_case(w)) || (w.eq_ignore_ascii_case("CHARACTER") && c.is_at(1, "SET"));
                    if stop || !TYPE_CONTINUATION.iter().any(|k| k.eq_ignore_ascii_case(w)) {
                        return;
                    }
                    c.i += 1;
                }
                Tk::Sym => match t.text(src) {
                    "(" => {
                        c.group();
                    }
                    // `int[]`, `int[3]`, `int ARRAY[3]`.
                    "[" => {
                        c.i += 1;
                        if c.tok(0).is_some_and(|n| n.kind == Tk::Num) {
                            c.i += 1;
                        }
                    }
                    "]" => c.i += 1,
                    // `schema.type`, Oracle `table.column%TYPE`.
                    "." | "%" if c.tok(1).is_some_and(|n| matches!(n.kind, Tk::Word | Tk::Quoted(_))) => c.i += 2,
                    // BigQuery `STRUCT<a INT64, b ARRAY<STRING>>`.
                    "<" => {
                        let mut depth = 0;
                        while !c.done() {
                            match c.text(0) {
                                "<" => depth += 1,
                                ">" => depth -= 1,
                                _ => {}
                            }
                            c.i += 1;
                            if depth == 0 {
                                break;
                            }
                        }
                    }
                    _ => return,
                },
                Tk::Num if sqlite => c.i += 1,
                _ => return,
            }
        }
    }

    /// SQLite's `ON CONFLICT <resolution>` after a column constraint: said, not kept.
    fn on_conflict(&mut self, src: &str, toks: &[Token], c: &mut Cur) {
        if c.is("ON") && c.is_at(1, "CONFLICT") {
            let at = c.i;
            c.i += 3;
            self.not_kept(src, toks, at, c.i.min(c.end), "SQLite's conflict resolution");
        }
    }

    /// A warning for a clause the model drops: what it is, where, and that it is not kept.
    fn not_kept(&mut self, src: &str, toks: &[Token], a: usize, b: usize, what: &str) {
        let stmt = Self::first_line(src, toks);
        let (s, e) = range_bytes(toks, a, b.max(a + 1));
        let text: String = src[s..e].chars().take(60).collect();
        self.diag(src, Severity::Warning, s, e, &stmt, format!("`{text}` ({what}) is not kept by erdsmith's model"));
    }

    /// Whether the cursor is at a column constraint that can follow a column name directly
    /// (SQLite and ClickHouse columns need no type; in the other engines these words are
    /// reserved, so they cannot be a type either).
    fn starts_typeless_clause(&self, c: &Cur) -> bool {
        c.is_any(&["CONSTRAINT", "NULL", "UNIQUE", "DEFAULT", "REFERENCES"])
            || (c.is("NOT") && c.is_at(1, "NULL"))
            || (c.is("PRIMARY") && c.is_at(1, "KEY"))
            || (c.is("CHECK") && c.sym_at(1, "("))
            || (c.is("COLLATE") && c.is_ident_at(1))
            || (c.is("GENERATED") && (c.is_at(1, "ALWAYS") || c.is_at(1, "BY")))
            || (c.is("AS") && (c.sym_at(1, "(") || self.schema.dialect == Dialect::Mssql))
            || (self.schema.dialect == Dialect::Clickhouse && c.is_any(&["MATERIALIZED", "ALIAS", "EPHEMERAL", "CODEC", "TTL", "COMMENT"]))
            // SQLite takes a foreign key's deferral clause alone as a column constraint.
            || (self.schema.dialect == Dialect::Sqlite && (c.is("DEFERRABLE") || (c.is("NOT") && c.is_at(1, "DEFERRABLE"))))
    }

    /// An expression at the cursor: a first token or group, then tokens up to a column keyword.
    fn expr(&mut self, src: &str, c: &mut Cur) -> (usize, usize) {
        let a = c.i;
        c.skip();
        let mut depth = 0i32;
        let mut max_depth = 0;
        while !c.done() {
            let Some(&t) = c.tok(0) else { break };
            if depth == 0 {
                if t.kind == Tk::Word {
                    let w = t.text(src);
                    if COLUMN_STOP.iter().any(|k| k.eq_ignore_ascii_case(w)) && !(w.eq_ignore_ascii_case("NULL") && c.i.checked_sub(1).and_then(|p| c.t.get(p)).is_some_and(|p| p.text(src) == "::")) {
                        break;
                    }
                    if w.eq_ignore_ascii_case("CHARACTER") && c.is_at(1, "SET") {
                        break;
                    }
                }
                if t.kind == Tk::Sym && t.text(src) == ")" {
                    break;
                }
            }
            depth += paren_delta(src, &t);
            max_depth = max_depth.max(depth);
            c.i += 1;
        }
        // The first token's group was skipped whole; measure its depth for absurd input.
        let group_depth = c.t.get(a..c.i.min(c.end)).unwrap_or_default().iter().scan(0i32, |d, t| {
            *d += paren_delta(src, t);
            Some(*d)
        }).max().unwrap_or(0);
        if group_depth > 1000 {
            let (s, e) = range_bytes(c.t, a, c.i.max(a + 1));
            self.diag(src, Severity::Warning, s, e, "", format!("expression nested {group_depth} parentheses deep"));
        }
        (a, c.i)
    }

    fn fk_tail(&self, c: &mut Cur) -> FkTail {
        let (mut d, mut u, mut def, mut init) = (FkAction::NoAction, FkAction::NoAction, false, false);
        let mut kept: Vec<&str> = Vec::new();
        loop {
            let start = c.i;
            if c.eat_seq(&["ON", "DELETE"]) {
                if let Some((a, n)) = action(c) {
                    d = a;
                    c.i += n;
                }
            } else if c.eat_seq(&["ON", "UPDATE"]) {
                if let Some((a, n)) = action(c) {
                    u = a;
                    c.i += n;
                }
            } else if c.eat("MATCH") {
                if !c.is("SIMPLE") {
                    kept.push(slice(c.src, c.t, start, c.i + 1));
                }
                c.i += 1;
            } else if c.eat_seq(&["NOT", "DEFERRABLE"]) {
                def = false;
            } else if c.eat("DEFERRABLE") {
                def = true;
            } else if c.eat_seq(&["INITIALLY", "DEFERRED"]) {
                init = true;
            } else if c.eat_seq(&["INITIALLY", "IMMEDIATE"]) {
                // The default.
            } else if c.eat_seq(&["NOT", "FOR", "REPLICATION"]) || c.eat_seq(&["NOT", "VALID"]) || c.eat_seq(&["NOT", "ENFORCED"]) {
                kept.push(slice(c.src, c.t, start, c.i));
            } else if c.is_any(&["ENABLE", "DISABLE", "VALIDATE", "NOVALIDATE", "RELY", "NORELY"]) {
                c.i += 1;
                kept.push(slice(c.src, c.t, start, c.i));
            } else {
                break;
            }
        }
        let options = Some(kept.join(" ")).filter(|o| !o.is_empty());
        FkTail { on_delete: d, on_update: u, deferrable: def, initially_deferred: init, options }
    }

    /// Key parts of an index: plain columns or expressions, with sort order.
    fn index_keys(&self, src: &str, toks: &[Token], id: TableId, a: usize, b: usize) -> Vec<IndexKey> {
        let Some(t) = self.schema.table(id) else { return Vec::new() };
        split_commas(src, toks, a, b)
            .into_iter()
            .map(|(s, e)| {
                let mut end = e;
                let mut descending = false;
                // Trailing `[ASC|DESC] [NULLS FIRST|LAST]`: the order is modelled, the nulls
                // placement kept with the key's other words.
                let mut nulls = None;
                if end >= s + 3 && toks.get(end - 2).is_some_and(|t| t.text(src).eq_ignore_ascii_case("NULLS")) {
                    nulls = Some(slice(src, toks, end - 2, end));
                    end -= 2;
                }
                if end > s + 1
                    && let Some(w) = toks.get(end - 1).map(|t| t.text(src))
                    && (w.eq_ignore_ascii_case("DESC") || w.eq_ignore_ascii_case("ASC"))
                {
                    descending = w.eq_ignore_ascii_case("DESC");
                    end -= 1;
                }
                let with_nulls = |extra: Option<String>| -> Option<String> {
                    match (extra, nulls) {
                        (Some(x), Some(n)) => Some(format!("{x} {n}")),
                        (None, Some(n)) => Some(n.to_string()),
                        (x, None) => x,
                    }
                };
                let col = toks
                    .get(s)
                    .filter(|first| matches!(first.kind, Tk::Word | Tk::Quoted(_)))
                    .and_then(|first| t.column_by_name(&self.ident(src, first)));
                // After a column: a prefix length `(191)`, an operator class, `COLLATE x`,
                // `NULLS FIRST` — kept as written.
                let after_column = (s + 1..end).all(|i| {
                    let Some(k) = toks.get(i) else { return false };
                    matches!(k.kind, Tk::Word | Tk::Quoted(_) | Tk::Num) || matches!(k.text(src), "(" | ")" | ".")
                }) && (toks.get(s + 1).is_none_or(|k| k.text(src) != "(") || toks.get(s + 2).is_some_and(|k| k.kind == Tk::Num));
                if let Some(col) = col.filter(|_| end == s + 1 || after_column) {
                    let extra = Some(slice(src, toks, s + 1, end).to_string()).filter(|x| !x.is_empty());
                    return IndexKey { part: IndexPart::Column(col.id), descending, extra: with_nulls(extra) };
                }
                // An expression, then maybe an operator class or collation after its last `)`.
                let mut depth = 0;
                let mut last_close = None;
                for (i, k) in toks.iter().enumerate().take(end).skip(s) {
                    depth += paren_delta(src, k);
                    if depth == 0 && k.text(src) == ")" {
                        last_close = Some(i);
                    }
                }
                let split = last_close.filter(|&lc| {
                    lc + 1 < end && (lc + 1..end).all(|i| toks.get(i).is_some_and(|t| matches!(t.kind, Tk::Word | Tk::Quoted(_)) || t.text(src) == "."))
                });
                let (expr_end, extra) = match split {
                    Some(lc) => (lc + 1, Some(slice(src, toks, lc + 1, end).to_string())),
                    None => (end, None),
                };
                // `(expr)`: the parentheses are the syntax of an expression key, not part of it.
                let (mut es, mut ee) = (s, expr_end);
                if toks.get(s).is_some_and(|t| t.text(src) == "(") && Cur::new(src, toks, s, expr_end).group().is_some_and(|(_, b)| b + 1 == expr_end) {
                    (es, ee) = (s + 1, expr_end - 1);
                }
                IndexKey { part: IndexPart::Expression(slice(src, toks, es, ee).to_string()), descending, extra: with_nulls(extra) }
            })
            .collect()
    }

    fn add_index(&mut self, src: &str, toks: &[Token], id: TableId, mut index: Index) {
        let (a, b) = (toks.first().map_or(0, |t| t.start), toks.last().map_or(0, |t| t.end));
        index.span = Some(self.span(src, a as usize, b as usize));
        if let Some(t) = self.schema.table_mut(id) {
            t.indexes.push(index);
            self.stats.indexes += 1;
        }
    }

    /// `[CONSTRAINT n] PRIMARY KEY | UNIQUE | FOREIGN KEY | CHECK | KEY | INDEX | FULLTEXT …`.
    fn table_constraint(&mut self, src: &str, toks: &[Token], id: TableId, mut c: Cur) -> bool {
        let mut used = false;
        loop {
            let before = self.schema.table(id).map(|t| (t.primary_key.clone(), t.uniques.len(), t.checks.len(), t.indexes.len()));
            let fks_before = self.pending_fks.len();
            let took = self.table_constraint_at(src, toks, id, &mut c);
            used |= took;
            if !took || c.done() {
                return used;
            }
            // SQLite takes table constraints with no comma between them.
            let next = (c.i..c.end).find(|&i| {
                let at = Cur::new(src, toks, i, c.end);
                at.is_any(&["CONSTRAINT", "CHECK", "FOREIGN", "PRIMARY", "UNIQUE"]) && self.is_constraint(&at)
            });
            let end = next.unwrap_or(c.end);
            // What follows the parts the model takes apart (`USING INDEX TABLESPACE x`, `NOT
            // VALID`, `WITH (fillfactor=…)`, `ON [PRIMARY]`) stays with the constraint, as written.
            if c.i < end {
                let text = slice(src, toks, c.i, end).to_string();
                let attach = |o: &mut Option<String>| *o = Some(o.take().map_or(text.clone(), |x| format!("{x} {text}")));
                let grew = |n: usize, m: usize| m > n;
                let fks_now = self.pending_fks.len();
                let Some((pk, uniques, checks, indexes)) = before else { return used };
                let mut placed = false;
                if fks_now > fks_before {
                    if let Some(fk) = self.pending_fks.last_mut() {
                        attach(&mut fk.options);
                        placed = true;
                    }
                } else if let Some(t) = self.schema.table_mut(id) {
                    if grew(checks, t.checks.len()) {
                        if let Some(x) = t.checks.last_mut() { attach(&mut x.options) }
                        placed = true;
                    } else if grew(uniques, t.uniques.len()) {
                        if let Some(x) = t.uniques.last_mut() { attach(&mut x.options) }
                        placed = true;
                    } else if grew(indexes, t.indexes.len()) {
                        if let Some(x) = t.indexes.last_mut() { attach(&mut x.options) }
                        placed = true;
                    } else if t.primary_key != pk
                        && let Some(p) = t.primary_key.as_mut()
                    {
                        attach(&mut p.options);
                        placed = true;
                    }
                }
                if !placed {
                    self.not_kept(src, toks, c.i, end, "a clause of this constraint");
                }
            }
            match next {
                Some(n) => c.i = n,
                None => return used,
            }
        }
    }

    fn table_constraint_at(&mut self, src: &str, toks: &[Token], id: TableId, c: &mut Cur) -> bool {
        let mut name = None;
        let element_start = c.i;
        if c.eat("CONSTRAINT") && !c.is_any(&["PRIMARY", "UNIQUE", "FOREIGN", "CHECK"]) {
            name = c.tok(0).map(|t| self.ident(src, t));
            c.i += 1;
        }
        if c.is("EXCLUDE") {
            return self.exclusion_constraint(src, toks, id, c, element_start);
        }
        // PostgreSQL `PRIMARY KEY | UNIQUE USING INDEX i`: the index becomes the constraint's
        // (renamed after it).
        let key_of_index = (c.is_seq(&["PRIMARY", "KEY", "USING", "INDEX"]) || c.is_seq(&["UNIQUE", "USING", "INDEX"])).then(|| c.is("PRIMARY"));
        if let Some(primary) = key_of_index {
            return self.key_using_index(src, toks, id, c, name, primary);
        }
        if c.eat_seq(&["PRIMARY", "KEY"]) {
            return self.table_primary_key(src, toks, id, c, name);
        }
        if c.eat("UNIQUE") {
            return self.table_unique(src, toks, id, c, name);
        }
        if c.eat_seq(&["FOREIGN", "KEY"]) {
            return self.table_foreign_key(src, toks, id, c, name);
        }
        if c.eat("LIKE") {
            // `CREATE TABLE t (LIKE other INCLUDING ALL)`: the other table's columns.
            let from = self.qname(c).and_then(|q| self.find(&q));
            self.inherit_columns(from, id);
            return true;
        }
        if c.eat("CHECK") {
            if let Some((a, b)) = c.group() {
                let expr = slice(src, toks, a, b).to_string();
                if let Some(t) = self.schema.table_mut(id) {
                    t.checks.push(Check { name, expr, options: None });
                }
            }
            return true;
        }
        if c.is_any(&["KEY", "INDEX", "FULLTEXT", "SPATIAL"]) {
            return self.table_index(src, toks, id, c, name);
        }
        false
    }

    /// A PostgreSQL exclusion constraint: the model does not take it apart; kept as written, as
    /// the `ALTER TABLE … ADD` that makes the same constraint.
    fn exclusion_constraint(&mut self, src: &str, toks: &[Token], id: TableId, c: &mut Cur, element_start: usize) -> bool {
        let text = slice(src, toks, element_start, c.end).to_string();
        let Some(t) = self.schema.table(id) else { return false };
        let dialect = self.schema.dialect;
        let table = match &t.schema {
            Some(sch) => format!("{}.{}", crate::export::sql::quote(sch, dialect), crate::export::sql::quote(&t.name, dialect)),
            None => crate::export::sql::quote(&t.name, dialect),
        };
        let (sch, tname) = (t.schema.clone(), t.name.clone());
        let (a, b) = range_bytes(toks, element_start, c.end);
        let object = Object {
            id: ObjectId(self.schema.fresh_id()),
            kind: ObjectKind::TableSetting,
            schema: sch,
            name: tname,
            table: Some(id),
            sql: format!("ALTER TABLE {table} ADD {text}"),
            dialect,
            span: Some(self.span(src, a, b)),
        };
        self.schema.objects.push(object);
        c.i = c.end;
        true
    }

    /// PostgreSQL `PRIMARY KEY | UNIQUE USING INDEX i`: the index becomes the constraint's
    /// (renamed after it).
    fn key_using_index(&mut self, src: &str, toks: &[Token], id: TableId, c: &mut Cur, name: Option<String>, primary: bool) -> bool {
        c.i += if primary { 4 } else { 3 };
        let Some(iname) = c.tok(0).map(|t| self.ident(src, t)) else { return self.err(src, toks, "USING INDEX without an index name") };
        c.i += 1;
        let Some(t) = self.schema.table_mut(id) else { return false };
        let Some(pos) = t.indexes.iter().position(|ix| ix.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(&iname))) else {
            return self.err(src, toks, &format!("USING INDEX names an unknown index ({iname})"));
        };
        let ix = t.indexes.remove(pos);
        let columns: Vec<ColumnId> = ix.leading_columns().collect();
        let name = name.or(Some(iname));
        if primary {
            for col in &columns {
                if let Some(c) = t.column_mut(*col) {
                    c.nullable = false;
                }
            }
            t.primary_key = Some(PrimaryKey { name, columns, options: None });
        } else {
            t.uniques.push(UniqueConstraint { name, columns, options: None });
        }
        true
    }

    /// `PRIMARY KEY (…)` as a table element, after the words.
    fn table_primary_key(&mut self, src: &str, toks: &[Token], id: TableId, c: &mut Cur, name: Option<String>) -> bool {
        skip_key_modifiers(c);
        if c.eat("USING") {
            c.i += 1;
        }
        if !c.sym("(") && c.is_ident() {
            c.i += 1;
        }
        let Some((a, b)) = c.group() else { return self.err(src, toks, "PRIMARY KEY without columns") };
        let names = self.name_list(src, toks, a, b);
        let Some(cols) = self.resolve_cols(id, &names) else {
            return self.err(src, toks, &format!("PRIMARY KEY names an unknown column ({})", names.join(", ")));
        };
        if let Some(t) = self.schema.table_mut(id) {
            for col in &cols {
                if let Some(c) = t.column_mut(*col) {
                    c.nullable = false;
                }
            }
            t.primary_key = Some(PrimaryKey { name, columns: cols, options: None });
        }
        true
    }

    /// `UNIQUE (…)` as a table element, after the word; MySQL `UNIQUE KEY|INDEX` is a unique index.
    fn table_unique(&mut self, src: &str, toks: &[Token], id: TableId, c: &mut Cur, name: Option<String>) -> bool {
        let is_index = c.is("KEY") || c.is("INDEX");
        skip_key_modifiers(c);
        let nulls = nulls_distinct(c);
        let mut iname = None;
        if !c.sym("(") && !c.is("USING") && c.is_ident() {
            iname = c.tok(0).map(|t| self.ident(src, t));
            c.i += 1;
        }
        if c.eat("USING") {
            c.i += 1;
        }
        let Some((a, b)) = c.group() else { return self.err(src, toks, "UNIQUE without columns") };
        if is_index {
            let keys = self.index_keys(src, toks, id, a, b);
            let mut method = None;
            if c.eat("USING") {
                method = Some(c.text(0).to_ascii_lowercase());
                c.i += 1;
            }
            let options = Some(slice(src, toks, c.i, c.end).to_string()).filter(|o| !o.is_empty());
            c.i = c.end;
            let index = Index { id: IndexId(self.schema.fresh_id()), name: iname.or(name), unique: true, keys, method, predicate: None, include: Vec::new(), span: None, options };
            self.add_index(src, toks, id, index);
            return true;
        }
        let names = self.name_list(src, toks, a, b);
        let Some(cols) = self.resolve_cols(id, &names) else {
            return self.err(src, toks, &format!("UNIQUE names an unknown column ({})", names.join(", ")));
        };
        if let Some(t) = self.schema.table_mut(id) {
            t.uniques.push(UniqueConstraint { name: name.or(iname), columns: cols, options: nulls });
        }
        true
    }

    /// `FOREIGN KEY (…) REFERENCES …` as a table element, after the words; resolved in `finish`.
    fn table_foreign_key(&mut self, src: &str, toks: &[Token], id: TableId, c: &mut Cur, mut name: Option<String>) -> bool {
        if !c.sym("(") && c.is_ident() {
            if name.is_none() {
                name = c.tok(0).map(|t| self.ident(src, t));
            }
            c.i += 1;
        }
        let Some((a, b)) = c.group() else { return self.err(src, toks, "FOREIGN KEY without columns") };
        let names = self.name_list(src, toks, a, b);
        let Some(cols) = self.resolve_cols(id, &names) else {
            return self.err(src, toks, &format!("FOREIGN KEY names an unknown column ({})", names.join(", ")));
        };
        if !c.eat("REFERENCES") {
            return self.err(src, toks, "FOREIGN KEY without REFERENCES");
        }
        let target = self.qname(c).unwrap_or_default();
        let ref_columns = c.group().map(|(a, b)| self.name_list(src, toks, a, b)).unwrap_or_default();
        let FkTail { on_delete, on_update, deferrable, initially_deferred, options } = self.fk_tail(c);
        let (s, e) = stmt_bytes(toks);
        let span = self.span(src, s, e);
        self.pending_fks.push(PendingFk {
            table: id, name, columns: cols, target, ref_columns, on_delete, on_update, deferrable, initially_deferred, options,
            span, stmt_start: toks.first().map_or(0, |t| t.start),
        });
        true
    }

    /// An index declared in the table (MySQL `KEY|INDEX|FULLTEXT|SPATIAL`, SQL Server and
    /// ClickHouse `INDEX`).
    fn table_index(&mut self, src: &str, toks: &[Token], id: TableId, c: &mut Cur, name: Option<String>) -> bool {
        let method = if c.is("FULLTEXT") || c.is("SPATIAL") { Some(c.text(0).to_ascii_lowercase()) } else { None };
        c.i += 1;
        c.eat("KEY");
        c.eat("INDEX");
        let mut iname = None;
        if !c.sym("(") && !c.is("USING") && c.is_ident() {
            iname = c.tok(0).map(|t| self.ident(src, t));
            c.i += 1;
        }
        // SQL Server `INDEX name [UNIQUE] [CLUSTERED|NONCLUSTERED] (…)`.
        let unique = c.eat("UNIQUE");
        c.eat("CLUSTERED");
        c.eat("NONCLUSTERED");
        let mut method = method;
        if c.eat("USING") {
            method = Some(c.text(0).to_ascii_lowercase());
            c.i += 1;
        }
        let keys = if let Some((a, b)) = c.group() {
            self.index_keys(src, toks, id, a, b)
        } else {
            // ClickHouse `INDEX name expr TYPE t GRANULARITY n`.
            let a = c.i;
            while !c.done() && !c.is("TYPE") {
                c.i += 1;
            }
            if c.eat("TYPE") {
                method = Some(c.text(0).to_ascii_lowercase());
            }
            vec![IndexKey { part: IndexPart::Expression(slice(src, toks, a, c.i.saturating_sub(1).max(a)).to_string()), descending: false, extra: None }]
        };
        if c.eat("USING") {
            method = Some(c.text(0).to_ascii_lowercase());
            c.i += 1;
        }
        // MySQL `COMMENT '…'`, `KEY_BLOCK_SIZE=…`, `INVISIBLE`: kept as written.
        let options = Some(slice(src, toks, c.i, c.end).to_string()).filter(|o| !o.is_empty());
        c.i = c.end;
        let index = Index { id: IndexId(self.schema.fresh_id()), name: iname.or(name), unique, keys, method, predicate: None, include: Vec::new(), span: None, options };
        self.add_index(src, toks, id, index);
        true
    }

    fn create_index(&mut self, src: &str, toks: &[Token], mut c: Cur, unique: bool, mut method: Option<String>) -> bool {
        c.eat("CONCURRENTLY");
        let if_not_exists = c.eat_seq(&["IF", "NOT", "EXISTS"]);
        let mut name = None;
        if !c.is("ON") && !c.is("USING") {
            name = self.qname(&mut c).map(|q| q.name);
        }
        if c.eat("USING") {
            method = Some(c.text(0).to_ascii_lowercase());
            c.i += 1;
        }
        if !c.eat("ON") {
            return self.err(src, toks, "CREATE INDEX without ON table");
        }
        // PostgreSQL `ON ONLY parent`: the index of a partitioned table alone (its partitions'
        // indexes are attached later). Kept as the first word of the index's options.
        let only = c.eat("ONLY");
        let Some(q) = self.qname(&mut c) else { return self.err(src, toks, "CREATE INDEX without a table name") };
        let on_view = self.find(&q).is_none().then(|| {
            self.schema.views.iter().position(|v| {
                v.materialized && v.name.eq_ignore_ascii_case(&q.name) && (q.schema.is_none() || v.schema.as_deref().is_some_and(|s| q.schema.as_deref().is_some_and(|qs| qs.eq_ignore_ascii_case(s))))
            })
        });
        if let Some(Some(v)) = on_view {
            let definition = slice(src, toks, c.i, toks.len()).to_string();
            if let Some(view) = self.schema.views.get_mut(v) {
                view.indexes.push(ViewIndex { name, unique, definition });
                return true;
            }
        }
        let Some(id) = self.find(&q) else {
            if !self.finishing {
                // The table may come later in the text: try again in `finish`.
                self.pending_indexes.push(toks.to_vec());
                return true;
            }
            let stmt = Self::first_line(src, toks);
            let (a, b) = stmt_bytes(toks);
            if self.schema.views.iter().any(|v| v.name.eq_ignore_ascii_case(&q.name)) {
                let msg = format!("index on view {} skipped (only a materialized view has indexes)", q.name);
                self.diag(src, Severity::Info, a, b, &stmt, msg);
            } else {
                self.diag(src, Severity::Warning, a, b, &stmt, format!("index on unknown table {}", q.name));
            }
            return false;
        };
        if c.eat("USING") {
            method = Some(c.text(0).to_ascii_lowercase());
            c.i += 1;
        }
        // `IF NOT EXISTS` with a name already taken does nothing (index names are the schema's,
        // but MySQL's, which are the table's).
        if if_not_exists && let Some(n) = &name {
            let taken = self.schema.tables.iter().filter(|t| self.schema.dialect != Dialect::Mysql || t.id == id).any(|t| {
                t.schema.as_deref().map(str::to_lowercase) == q.schema.as_deref().map(str::to_lowercase)
                    && t.indexes.iter().any(|ix| ix.name.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(n)))
            });
            if taken {
                let stmt = Self::first_line(src, toks);
                let (a, b) = stmt_bytes(toks);
                self.diag(src, Severity::Info, a, b, &stmt, format!("index {n} exists already: IF NOT EXISTS makes this statement do nothing"));
                return false;
            }
        }
        let Some((a, b)) = c.group() else { return self.err(src, toks, "CREATE INDEX without key columns") };
        let keys = self.index_keys(src, toks, id, a, b);
        let mut include = Vec::new();
        let mut predicate = None;
        let mut options: Vec<&str> = Vec::new();
        while !c.done() {
            if c.eat("INCLUDE") {
                if let Some((a, b)) = c.group() {
                    let names = self.name_list(src, toks, a, b);
                    include = self.resolve_cols(id, &names).unwrap_or_default();
                }
            } else if c.eat("WHERE") {
                let a = c.i;
                let mut depth = 0;
                while !c.done() {
                    depth += c.tok(0).map_or(0, |t| paren_delta(src, t));
                    if depth == 0 && c.is_any(&["WITH", "TABLESPACE"]) && c.i > a {
                        break;
                    }
                    c.i += 1;
                }
                predicate = Some(slice(src, toks, a, c.i).to_string());
            } else {
                let start = c.i;
                c.skip();
                options.push(slice(src, toks, start, c.i));
            }
        }
        if only {
            options.insert(0, "ONLY");
        }
        let options = Some(options.join(" ")).filter(|o| !o.is_empty());
        let index = Index { id: IndexId(self.schema.fresh_id()), name, unique, keys, method, predicate, include, span: None, options };
        self.add_index(src, toks, id, index);
        true
    }

    fn alter_table(&mut self, src: &str, toks: &[Token], mut c: Cur) -> bool {
        c.eat_seq(&["IF", "EXISTS"]);
        c.eat("ONLY");
        let Some(q) = self.qname(&mut c) else { return self.err(src, toks, "ALTER TABLE without a table name") };
        let Some(id) = self.find(&q) else {
            // pg_dump also runs ALTER TABLE on sequences and views (OWNER TO): only a change the
            // model would keep is worth a warning.
            let substantive = toks.iter().any(|t| {
                let w = t.text(src);
                ["ADD", "MODIFY", "ATTACH"].iter().any(|k| w.eq_ignore_ascii_case(k))
            });
            if substantive {
                let stmt = Self::first_line(src, toks);
                let (a, b) = stmt_bytes(toks);
                self.diag(src, Severity::Warning, a, b, &stmt, format!("ALTER TABLE on unknown table {}", q.name));
            }
            return false;
        };
        let mut used = false;
        let mut last_add = false;
        let mut last_drop: Option<Dropped> = None;
        let name_end = c.i;
        for (s, e) in split_commas(src, toks, c.i, toks.len()) {
            let objects_before = self.schema.objects.len();
            let kept = self.alter_item(src, toks, id, s, e, &mut used, &mut last_add, &mut last_drop);
            if !kept && objects_before == self.schema.objects.len() {
                // A change the model does not take apart (`ENABLE ROW LEVEL SECURITY`, `REPLICA
                // IDENTITY FULL`, `ALTER COLUMN … SET STATISTICS 500`): kept as written.
                let sql = format!("{} {}", statement_text(src, toks.get(..name_end).unwrap_or_default()), statement_text(src, toks.get(s..e).unwrap_or_default()));
                let (a, b) = range_bytes(toks, s, e);
                let object = Object {
                    id: ObjectId(self.schema.fresh_id()),
                    kind: ObjectKind::TableSetting,
                    schema: q.schema.clone(),
                    name: q.name.clone(),
                    table: Some(id),
                    sql,
                    dialect: self.schema.dialect,
                    span: Some(self.span(src, a, b)),
                };
                self.schema.objects.push(object);
                used = true;
            }
        }
        used
    }

    /// One item of `ALTER TABLE … a, b, …`. Returns whether the model took it in.
    #[allow(clippy::too_many_arguments)]
    fn alter_item(&mut self, src: &str, toks: &[Token], id: TableId, s: usize, e: usize, used: &mut bool, last_add: &mut bool, last_drop: &mut Option<Dropped>) -> bool {
        let mut a = Cur::new(src, toks, s, e);
        a.eat_seq(&["WITH", "CHECK"]);
        a.eat_seq(&["WITH", "NOCHECK"]);
        // T-SQL and MySQL continue an ADD list without repeating ADD.
        let verbs = ["ADD", "MODIFY", "CHANGE", "ALTER", "DROP", "ATTACH", "INHERIT", "OWNER", "RENAME", "SET", "ENABLE", "DISABLE"];
        let continues = *last_add && !a.is_any(&verbs);
        *last_add = a.is("ADD") || continues;
        // T-SQL continues a DROP list too: `DROP COLUMN a, b`, `DROP CONSTRAINT x, COLUMN y`.
        let drop_continues = last_drop.filter(|_| !a.is_any(&verbs));
        *last_drop = None;
        if drop_continues.is_some() || a.eat("DROP") {
            let (changed, kind) = self.alter_drop(src, toks, id, a, drop_continues);
            *used |= changed;
            *last_drop = kind;
            return true;
        }
        if continues || a.eat("ADD") {
            return self.alter_add(src, toks, id, a, e, used);
        }
        if a.eat("MODIFY") || a.eat("CHANGE") {
            a.eat("COLUMN");
            if a.is_ident() {
                let mode = if toks.get(s).is_some_and(|t| t.text(src).eq_ignore_ascii_case("CHANGE")) {
                    a.i += 1;
                    ColumnMode::Change(a.i - 1)
                } else {
                    ColumnMode::Modify
                };
                self.column(src, toks, id, a.i, e, mode);
                *used = true;
                return true;
            }
            return false;
        }
        if a.eat("ALTER") {
            return self.alter_column(src, toks, id, a, e, used);
        }
        if a.eat_seq(&["ATTACH", "PARTITION"]) {
            if let Some(child) = self.qname(&mut a).and_then(|q| self.find(&q)) {
                let bound = Some(slice(src, toks, a.i, e).to_string()).filter(|b| !b.is_empty());
                if let Some(t) = self.schema.table_mut(child) {
                    t.kind = TableKind::Partition;
                    t.parent = Some(id);
                    t.text.bound = bound;
                }
                if let Some(t) = self.schema.table_mut(id) {
                    t.kind = TableKind::Partitioned;
                }
                *used = true;
                return true;
            }
            return false;
        }
        if a.is_any(&["ENABLE", "DISABLE", "FORCE", "NO"]) && (a.is_at(1, "ROW") || a.is_at(2, "ROW")) && self.schema.dialect == Dialect::Postgres {
            // `ENABLE | DISABLE | [NO] FORCE ROW LEVEL SECURITY`: the model's (the migration
            // switches it).
            if let Some(t) = self.schema.table_mut(id) {
                match a.text(0).to_ascii_uppercase().as_str() {
                    "ENABLE" => t.row_security.enabled = true,
                    "DISABLE" => t.row_security.enabled = false,
                    "FORCE" => t.row_security.forced = true,
                    _ => t.row_security.forced = false,
                }
            }
            *used = true;
            return true;
        }
        if a.eat_seq(&["REPLICA", "IDENTITY"]) && self.schema.dialect == Dialect::Postgres {
            let how = slice(src, toks, a.i, e).to_string();
            if let Some(t) = self.schema.table_mut(id) {
                t.replica_identity = (!how.eq_ignore_ascii_case("DEFAULT")).then_some(how);
            }
            *used = true;
            return true;
        }
        if a.eat("RENAME") {
            *used |= self.rename(src, id, a);
            return true;
        }
        // mysqldump's `DISABLE KEYS` / `ENABLE KEYS` around its data: a loading hint, no schema.
        if (a.is("DISABLE") || a.is("ENABLE")) && a.is_at(1, "KEYS") && a.i + 2 == e {
            return true;
        }
        if a.eat("INHERIT") {
            // The parent is drawn; the statement is also kept as written, for the export.
            let parent = self.qname(&mut a).and_then(|q| self.find(&q));
            if let Some(t) = self.schema.table_mut(id) {
                t.parent = parent;
            }
        }
        false
    }

    /// One `ADD …` item of `ALTER TABLE` (after the word, or continuing an ADD list): a column, a
    /// constraint, a parenthesized element list, or T-SQL `CONSTRAINT DF DEFAULT x FOR col`.
    /// Whether the item was read; `used` is set when the model changed.
    fn alter_add(&mut self, src: &str, toks: &[Token], id: TableId, mut a: Cur, e: usize, used: &mut bool) -> bool {
        // T-SQL `ADD CONSTRAINT DF DEFAULT x FOR col`.
        if let Some(p) = (a.i..e).find(|&i| toks.get(i).is_some_and(|t| t.text(src).eq_ignore_ascii_case("FOR")) && i > a.i)
            && (a.i..p).any(|i| toks.get(i).is_some_and(|t| t.text(src).eq_ignore_ascii_case("DEFAULT")))
        {
            let d = (a.i..p).find(|&i| toks.get(i).is_some_and(|t| t.text(src).eq_ignore_ascii_case("DEFAULT"))).unwrap_or(p);
            let col = toks.get(p + 1).map(|t| self.ident(src, t)).unwrap_or_default();
            let expr = slice(src, toks, d + 1, p).to_string();
            if let Some(t) = self.schema.table_mut(id)
                && let Some(cl) = t.columns.iter_mut().find(|x| x.name.eq_ignore_ascii_case(&col)) {
                    cl.default = Some(expr);
                }
            *used = true;
            return true;
        }
        if a.sym("(") {
            if let Some((ga, gb)) = a.group() {
                self.elements(src, toks, id, ga, gb);
                *used = true;
            }
            return true;
        }
        if self.is_constraint(&a) {
            *used |= self.table_constraint(src, toks, id, a);
            return true;
        }
        a.eat("COLUMN");
        a.eat_seq(&["IF", "NOT", "EXISTS"]);
        if a.is_ident() {
            self.column(src, toks, id, a.i, e, ColumnMode::Add);
            *used = true;
            return true;
        }
        false
    }

    /// `ALTER [COLUMN] c …` (after ALTER): default, nullability, identity or type. Whether all of
    /// the item was understood (the rest is kept as written); `used` is set then.
    fn alter_column(&mut self, src: &str, toks: &[Token], id: TableId, mut a: Cur, e: usize, used: &mut bool) -> bool {
        a.eat("COLUMN");
        let col = a.tok(0).map(|t| self.ident(src, t)).unwrap_or_default();
        a.i += 1;
        let Some(t) = self.schema.table_mut(id) else { return false };
        let Some(cl) = t.columns.iter_mut().find(|x| x.name.eq_ignore_ascii_case(&col)) else { return false };
        let took = if a.eat_seq(&["SET", "DEFAULT"]) {
            let expr = slice(src, toks, a.i, e).to_string();
            if expr.to_ascii_lowercase().starts_with("nextval(") && cl.identity.is_none() {
                cl.identity = Some(Identity::Serial);
            }
            cl.default = Some(expr);
            a.i = e;
            true
        } else if a.eat_seq(&["DROP", "DEFAULT"]) {
            cl.default = None;
            true
        } else if a.eat_seq(&["SET", "NOT", "NULL"]) {
            cl.nullable = false;
            true
        } else if a.eat_seq(&["DROP", "NOT", "NULL"]) {
            cl.nullable = true;
            true
        } else if a.eat_seq(&["ADD", "GENERATED", "ALWAYS"]) {
            cl.identity = Some(Identity::Always);
            a.i = e;
            true
        } else if a.eat_seq(&["ADD", "GENERATED", "BY"]) {
            cl.identity = Some(Identity::ByDefault);
            a.i = e;
            true
        } else if (a.eat_seq(&["SET", "DATA", "TYPE"]) || a.eat("TYPE")) && !a.done() {
            // `ALTER COLUMN c TYPE t [USING …]`.
            let ts = a.i;
            let mut end = ts;
            while end < e && !toks.get(end).is_some_and(|t| t.text(src).eq_ignore_ascii_case("USING")) && !toks.get(end).is_some_and(|t| t.text(src).eq_ignore_ascii_case("COLLATE")) {
                end += 1;
            }
            cl.data_type = data_type(&type_text(src, toks, ts, end));
            a.i = e;
            true
        } else {
            false
        };
        // Anything after what was understood is not taken in: kept as written instead.
        if took && a.i >= e {
            *used = true;
        }
        took && a.i >= e
    }

    /// One `DROP …` item of `ALTER TABLE`, in every dialect's spelling: `[COLUMN] [IF EXISTS] c`,
    /// Oracle `(c1, c2)`, `CONSTRAINT [IF EXISTS] name`, `PRIMARY KEY`, MySQL `FOREIGN KEY name`,
    /// `INDEX|KEY name`, `CHECK name`, Oracle `UNIQUE (cols)`. `continued` is the kind of the
    /// previous item when T-SQL continues a list without repeating DROP. Returns whether the
    /// model changed and the kind a following bare name continues.
    fn alter_drop(&mut self, src: &str, toks: &[Token], id: TableId, mut a: Cur, continued: Option<Dropped>) -> (bool, Option<Dropped>) {
        let at = a.tok(0).or(toks.first()).map_or(0, |t| t.start) as usize;
        if a.eat_seq(&["PRIMARY", "KEY"]) {
            let had = self.schema.table_mut(id).and_then(|t| t.primary_key.take()).is_some();
            if !had {
                self.drop_missed(src, toks, at, id, "DROP PRIMARY KEY", "the table has no primary key");
            }
            return (had, None);
        }
        if a.eat_seq(&["FOREIGN", "KEY"]) || a.eat("INDEX") || a.eat("KEY") || a.eat("CHECK") {
            a.eat_seq(&["IF", "EXISTS"]);
            return (self.drop_constraint(src, toks, id, &a, at), None);
        }
        if a.eat("UNIQUE") {
            let Some((ga, gb)) = a.group() else { return (false, None) };
            let names = self.name_list(src, toks, ga, gb);
            let cols = self.resolve_cols(id, &names).unwrap_or_default();
            let t = self.schema.table_mut(id);
            let dropped = t.is_some_and(|t| {
                let before = t.uniques.len();
                t.uniques.retain(|u| u.columns != cols);
                t.uniques.len() < before
            });
            if !dropped {
                self.drop_missed(src, toks, at, id, "DROP UNIQUE", "no unique constraint on those columns");
            }
            return (dropped, None);
        }
        let kind = if a.eat("CONSTRAINT") {
            Dropped::Constraint
        } else if a.eat("COLUMN") {
            Dropped::Column
        } else if let Some(k) = continued {
            k
        } else if a.sym("(") || (a.is_ident() && !a.is_any(&["PARTITION", "DEFAULT", "SYSTEM", "PERIOD", "ROW", "EXPRESSION", "IDENTITY", "NOT"])) {
            // Oracle `DROP (a, b)`, MySQL `DROP a`.
            Dropped::Column
        } else {
            return (false, None);
        };
        a.eat_seq(&["IF", "EXISTS"]);
        if kind == Dropped::Constraint {
            return (self.drop_constraint(src, toks, id, &a, at), Some(kind));
        }
        let names = match a.group() {
            Some((ga, gb)) => self.name_list(src, toks, ga, gb),
            None => a.tok(0).map(|t| vec![self.ident(src, t)]).unwrap_or_default(),
        };
        let mut changed = false;
        for name in names {
            let col = self.schema.table(id).and_then(|t| t.column_by_name(&name)).map(|c| c.id);
            match col {
                Some(col) => {
                    // The edit door drops the keys, indexes and foreign keys (here and in other
                    // tables) that name the column, as PostgreSQL's DROP COLUMN … CASCADE does.
                    changed |= crate::edit::apply(&mut self.schema, crate::edit::Edit::DeleteColumn { column: col }).is_ok();
                    let target = |fk: &PendingFk| self.find(&fk.target) == Some(id) && fk.ref_columns.iter().any(|r| r.eq_ignore_ascii_case(&name));
                    let keep: Vec<bool> = self.pending_fks.iter().map(|fk| !fk.columns.contains(&col) && !target(fk)).collect();
                    let mut keep = keep.into_iter();
                    self.pending_fks.retain(|_| keep.next().unwrap_or(true));
                    for sq in &mut self.schema.sequences {
                        if sq.owned_by.is_some_and(|(_, c)| c == col) {
                            sq.owned_by = None;
                        }
                    }
                }
                None => self.drop_missed(src, toks, at, id, &format!("DROP COLUMN {name}"), "no such column"),
            }
        }
        (changed, Some(kind))
    }

    /// Drops the constraint or index named at the cursor: by its name, or by the name the
    /// database would have given an unnamed one (PostgreSQL `t_pkey`, `t_a_key`, `t_a_fkey`,
    /// `t_a_check`; MySQL `t_ibfk_N` and an unnamed key's first column).
    fn drop_constraint(&mut self, src: &str, toks: &[Token], id: TableId, a: &Cur, at: usize) -> bool {
        let Some(name) = a.tok(0).map(|t| self.ident(src, t)) else { return false };
        let Some(t) = self.schema.table_mut(id) else { return false };
        let is = |given: &Option<String>, default: &dyn Fn() -> String| match given {
            Some(n) => n.eq_ignore_ascii_case(&name),
            None => default().eq_ignore_ascii_case(&name),
        };
        let cols = |t: &Table, ids: &[ColumnId]| -> String {
            ids.iter().filter_map(|c| t.column(*c)).map(|c| c.name.as_str()).collect::<Vec<_>>().join("_")
        };
        let snapshot = t.clone();
        let tn = snapshot.name.as_str();
        let mut dropped = false;
        if t.primary_key.as_ref().is_some_and(|pk| is(&pk.name, &|| format!("{tn}_pkey"))) {
            t.primary_key = None;
            dropped = true;
        }
        if !dropped && let Some(i) = t.uniques.iter().position(|u| {
            is(&u.name, &|| format!("{tn}_{}_key", cols(&snapshot, &u.columns)))
                || (u.name.is_none() && u.columns.first().and_then(|c| snapshot.column(*c)).is_some_and(|c| c.name.eq_ignore_ascii_case(&name)))
        }) {
            t.uniques.remove(i);
            dropped = true;
        }
        if !dropped && let Some(i) = t.foreign_keys.iter().position(|fk| is(&fk.name, &|| format!("{tn}_{}_fkey", cols(&snapshot, &fk.columns)))) {
            t.foreign_keys.remove(i);
            dropped = true;
        }
        if !dropped && let Some(i) = t.checks.iter().position(|c| c.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(&name))) {
            t.checks.remove(i);
            dropped = true;
        }
        if !dropped && let Some(i) = t.indexes.iter().position(|ix| ix.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(&name))) {
            t.indexes.remove(i);
            self.stats.indexes = self.stats.indexes.saturating_sub(1);
            dropped = true;
        }
        if !dropped {
            // Foreign keys wait in `pending_fks` until `finish` resolves their targets.
            let mut nth = 0;
            let pending = self.pending_fks.iter().position(|fk| {
                if fk.table != id {
                    return false;
                }
                nth += 1;
                match &fk.name {
                    Some(n) => n.eq_ignore_ascii_case(&name),
                    None => {
                        format!("{tn}_{}_fkey", cols(&snapshot, &fk.columns)).eq_ignore_ascii_case(&name)
                            || format!("{tn}_ibfk_{nth}").eq_ignore_ascii_case(&name)
                    }
                }
            });
            if let Some(i) = pending {
                self.pending_fks.remove(i);
                dropped = true;
            }
        }
        if !dropped {
            self.drop_missed(src, toks, at, id, &format!("DROP {name}"), "no constraint or index of that name");
        }
        dropped
    }

    /// A DROP that names nothing in the model: a warning, since the model may now hold something
    /// the database does not.
    fn drop_missed(&mut self, src: &str, toks: &[Token], at: usize, id: TableId, what: &str, why: &str) {
        let stmt = Self::first_line(src, toks);
        let table = self.schema.table(id).map(|t| t.qualified_name()).unwrap_or_default();
        let end = toks.last().map_or(at, |t| t.end as usize);
        self.diag(src, Severity::Warning, at, end, &stmt, format!("{what} on {table}: {why}; nothing dropped"));
    }

    /// MySQL `RENAME TABLE a TO b, c TO d`.
    fn rename_tables(&mut self, src: &str, toks: &[Token]) -> bool {
        let mut used = false;
        for (s, e) in split_commas(src, toks, 2, toks.len()) {
            let mut a = Cur::new(src, toks, s, e);
            let Some(id) = self.qname(&mut a).and_then(|q| self.find(&q)) else { continue };
            used |= self.rename(src, id, a);
        }
        used
    }

    /// SQL Server `EXEC sp_rename 'schema.table.old', 'new', 'COLUMN'` and
    /// `sp_rename 'schema.table', 'new'` (strings may be N'…', parts may be [bracketed]).
    fn sp_rename(&mut self, src: &str, toks: &[Token]) -> bool {
        let args: Vec<String> = toks.iter().filter(|t| t.kind == Tk::Str).map(|t| unquote(t.text(src), Tk::Str)).collect();
        let (Some(object), Some(new)) = (args.first(), args.get(1)) else { return false };
        let kind = args.get(2).map(|k| k.to_ascii_uppercase()).unwrap_or_default();
        let mut parts: Vec<String> = object
            .split('.')
            .map(|p| p.trim().trim_start_matches('[').trim_end_matches(']').trim_matches('"').to_string())
            .collect();
        let new = new.trim().trim_start_matches('[').trim_end_matches(']').to_string();
        let column = if kind == "COLUMN" && parts.len() >= 2 { parts.pop() } else { None };
        if kind != "COLUMN" && !kind.is_empty() && kind != "OBJECT" {
            return false;
        }
        let Some(name) = parts.pop() else { return false };
        let Some(id) = self.find(&QName { schema: parts.pop(), name }) else { return false };
        let Some(t) = self.schema.table_mut(id) else { return false };
        let Some(column) = column else {
            let old = std::mem::replace(&mut t.name, new.clone());
            let (old_key, new_key) = (self.name_key(&old), self.name_key(&new));
            if let Some(ids) = self.by_name.get_mut(&old_key) {
                ids.retain(|x| *x != id);
            }
            self.by_name.entry(new_key).or_default().push(id);
            for fk in self.pending_fks.iter_mut().filter(|fk| fk.target.name.eq_ignore_ascii_case(&old)) {
                fk.target.name = new.clone();
            }
            return true;
        };
        match t.columns.iter_mut().find(|c| c.name.eq_ignore_ascii_case(&column)) {
            Some(c) => {
                c.name = new.clone();
                let table = t.name.to_lowercase();
                for fk in self.pending_fks.iter_mut().filter(|fk| fk.target.name.to_lowercase() == table) {
                    for r in fk.ref_columns.iter_mut().filter(|r| r.eq_ignore_ascii_case(&column)) {
                        *r = new.clone();
                    }
                }
                true
            }
            None => false,
        }
    }

    /// `RENAME TO new` and `RENAME [COLUMN] old TO new`.
    fn rename(&mut self, src: &str, id: TableId, mut a: Cur) -> bool {
        // Foreign keys wait for `finish` with their target and its columns by name: a rename
        // must reach them too, or they would point at a name that no longer exists.
        let targets_this: Vec<bool> = self.pending_fks.iter().map(|fk| self.find(&fk.target) == Some(id)).collect();
        if a.eat("TO") || a.eat("AS") {
            let Some(q) = self.qname(&mut a) else { return false };
            for (fk, yes) in self.pending_fks.iter_mut().zip(&targets_this) {
                if *yes {
                    fk.target.name = q.name.clone();
                }
            }
            let Some(t) = self.schema.table_mut(id) else { return false };
            let old = std::mem::replace(&mut t.name, q.name.clone());
            let (old_key, new_key) = (self.name_key(&old), self.name_key(&q.name));
            if let Some(ids) = self.by_name.get_mut(&old_key) {
                ids.retain(|x| *x != id);
            }
            self.by_name.entry(new_key).or_default().push(id);
            return true;
        }
        a.eat("COLUMN");
        let (Some(old), true) = (a.tok(0).map(|t| self.ident(src, t)), a.is_at(1, "TO")) else { return false };
        let Some(new) = a.tok(2).map(|t| self.ident(src, t)) else { return false };
        let Some(t) = self.schema.table_mut(id) else { return false };
        match t.columns.iter_mut().find(|c| c.name.eq_ignore_ascii_case(&old)) {
            Some(c) => {
                c.name = new.clone();
                for (fk, yes) in self.pending_fks.iter_mut().zip(&targets_this) {
                    if *yes {
                        for r in fk.ref_columns.iter_mut().filter(|r| r.eq_ignore_ascii_case(&old)) {
                            *r = new.clone();
                        }
                    }
                }
                true
            }
            None => false,
        }
    }

    fn create_view(&mut self, src: &str, toks: &[Token], mut c: Cur, materialized: bool) -> bool {
        c.eat_seq(&["IF", "NOT", "EXISTS"]);
        let Some(q) = self.qname(&mut c) else { return self.err(src, toks, "CREATE VIEW without a name") };
        let mut columns = Vec::new();
        let mut depth = 0;
        let mut as_at = None;
        let mut options = None;
        while !c.done() {
            if depth == 0 && c.is("WITH") && c.sym_at(1, "(") {
                c.i += 1;
                if let Some((a, b)) = c.group() {
                    options = Some(slice(src, toks, a, b).to_string());
                }
                continue;
            }
            if depth == 0 && c.sym("(") && as_at.is_none() && columns.is_empty() {
                if let Some((a, b)) = c.group() {
                    columns = self.name_list(src, toks, a, b);
                }
                continue;
            }
            depth += c.tok(0).map_or(0, |t| paren_delta(src, t));
            if depth == 0 && c.is("AS") {
                as_at = Some(c.i + 1);
                break;
            }
            c.i += 1;
        }
        let body = as_at.unwrap_or(c.i);
        let mut reads = Vec::new();
        let mut ctes: Vec<String> = Vec::new();
        let mut r = Cur::new(src, toks, body, toks.len());
        let mut in_from = false;
        let mut depth = 0;
        let mut from_depth = 0;
        // A relation name, unless it is a function call (`FROM generate_series(…)`).
        let relation = |s: &Self, r: &mut Cur, reads: &mut Vec<QName>| {
            if let Some(n) = s.qname(r)
                && !r.sym("(")
            {
                reads.push(n);
            }
        };
        while !r.done() {
            let d = r.tok(0).map_or(0, |t| paren_delta(src, t));
            // `WITH name AS (` and `, name AS (` name common table expressions, not tables.
            if r.is_ident() && r.is_at(1, "AS") && r.sym_at(2, "(") {
                ctes.push(r.text(0).to_lowercase());
            }
            if r.is("FROM") || r.is("JOIN") {
                r.i += 1;
                in_from = true;
                from_depth = depth;
                // `FROM ((a JOIN b ON …) JOIN c ON …)`, as pg_dump writes joins: the
                // parentheses open onto the first relation (not onto a subquery).
                while r.sym("(") && !r.is_at(1, "SELECT") && !r.is_at(1, "WITH") && !r.is_at(1, "VALUES") {
                    r.i += 1;
                    depth += 1;
                }
                relation(self, &mut r, &mut reads);
                continue;
            }
            if in_from && depth == from_depth && r.sym(",") {
                r.i += 1;
                relation(self, &mut r, &mut reads);
                continue;
            }
            if r.is_any(&["WHERE", "GROUP", "ORDER", "HAVING", "UNION", "LIMIT", "ON", "SELECT"]) {
                in_from = false;
            }
            depth += d;
            if depth < from_depth {
                in_from = false;
            }
            r.i += 1;
        }
        reads.retain(|n| n.schema.is_some() || !ctes.contains(&n.name.to_lowercase()));
        let definition = slice(src, toks, body, toks.len()).to_string();
        let (a, b) = stmt_bytes(toks);
        let view = View {
            id: ViewId(self.schema.fresh_id()),
            schema: q.schema,
            name: q.name,
            materialized,
            columns,
            reads: Vec::new(),
            definition,
            options,
            indexes: Vec::new(),
            comment: None,
            span: Some(self.span(src, a, b)),
            position: None,
        };
        // `CREATE OR REPLACE VIEW` of a view already read (pg_dump writes a stub first and the
        // real query later, when views depend on each other): one view, the last query, at
        // the first one's place.
        if let Some(i) = self.view_index(view.schema.as_deref(), &view.name)
            && let Some(old) = self.schema.views.get_mut(i)
        {
            old.definition = view.definition;
            old.columns = view.columns;
            old.materialized = view.materialized;
            self.view_reads.retain(|(x, _)| *x != i);
            self.view_reads.push((i, reads));
            return true;
        }
        self.view_reads.push((self.schema.views.len(), reads));
        self.schema.views.push(view);
        self.stats.views += 1;
        true
    }

    fn view_index(&self, schema: Option<&str>, name: &str) -> Option<usize> {
        let key = self.name_key(name);
        self.schema.views.iter().position(|v| self.name_key(&v.name) == key && v.schema.as_deref().map(str::to_lowercase) == schema.map(str::to_lowercase))
    }

    /// `DROP [MATERIALIZED] VIEW [IF EXISTS] a, b`: the views leave the model.
    fn drop_view(&mut self, mut c: Cur) -> bool {
        c.eat_seq(&["IF", "EXISTS"]);
        let mut dropped = false;
        while let Some(q) = self.qname(&mut c) {
            if let Some(i) = self.view_index(q.schema.as_deref(), &q.name) {
                self.schema.views.remove(i);
                self.stats.views -= 1;
                self.view_reads.retain(|(x, _)| *x != i);
                for (x, _) in &mut self.view_reads {
                    if *x > i {
                        *x -= 1;
                    }
                }
                dropped = true;
            }
            if !c.eat_sym(",") {
                break;
            }
        }
        dropped
    }

    fn create_type(&mut self, src: &str, toks: &[Token], mut c: Cur) -> bool {
        c.eat_seq(&["IF", "NOT", "EXISTS"]);
        let Some(q) = self.qname(&mut c) else { return false };
        if !c.eat_seq(&["AS", "ENUM"]) {
            return false;
        }
        let values = c
            .group()
            .map(|(a, b)| toks.get(a..b).unwrap_or_default().iter().filter(|t| t.kind == Tk::Str).map(|t| self.string(t.text(src))).collect())
            .unwrap_or_default();
        let (a, b) = stmt_bytes(toks);
        let e = EnumType { id: EnumId(self.schema.fresh_id()), schema: q.schema, name: q.name, values, span: Some(self.span(src, a, b)) };
        self.schema.enums.push(e);
        self.stats.enums += 1;
        true
    }

    fn create_domain(&mut self, src: &str, toks: &[Token], mut c: Cur) -> bool {
        let Some(q) = self.qname(&mut c) else { return false };
        c.eat("AS");
        let ts = c.i;
        let mut depth = 0;
        while !c.done() {
            if depth == 0 && c.is_any(&["DEFAULT", "NOT", "NULL", "CHECK", "CONSTRAINT", "COLLATE"]) {
                break;
            }
            depth += c.tok(0).map_or(0, |t| paren_delta(src, t));
            c.i += 1;
        }
        let raw = type_text(src, toks, ts, c.i);
        let (a, b) = stmt_bytes(toks);
        let mut d = Domain {
            id: DomainId(self.schema.fresh_id()),
            schema: q.schema,
            name: q.name,
            data_type: data_type(&raw),
            nullable: true,
            default: None,
            checks: Vec::new(),
            span: Some(self.span(src, a, b)),
        };
        let mut name = None;
        while !c.done() {
            if c.eat("CONSTRAINT") {
                name = c.tok(0).map(|t| self.ident(src, t));
                c.i += 1;
            } else if c.eat_seq(&["NOT", "NULL"]) {
                d.nullable = false;
            } else if c.eat("DEFAULT") {
                let (a, b) = self.expr(src, &mut c);
                d.default = Some(slice(src, toks, a, b).to_string());
            } else if c.eat("CHECK") {
                if let Some((a, b)) = c.group() {
                    d.checks.push(Check { name: name.take(), expr: slice(src, toks, a, b).to_string(), options: None });
                }
            } else {
                c.skip();
            }
        }
        self.schema.domains.push(d);
        true
    }

    /// The options of CREATE/ALTER SEQUENCE from token `from` on, as written, but for `OWNED BY
    /// t.c`, which the model keeps as a link.
    fn sequence_options(src: &str, toks: &[Token], from: usize) -> Option<String> {
        let owned = (from..toks.len()).find(|&i| toks.get(i).is_some_and(|t| t.text(src).eq_ignore_ascii_case("OWNED")) && toks.get(i + 1).is_some_and(|t| t.text(src).eq_ignore_ascii_case("BY")));
        let mut parts = Vec::new();
        match owned {
            Some(o) => {
                parts.push(slice(src, toks, from, o));
                let mut after = o + 2;
                while toks.get(after).is_some_and(|t| t.kind != Tk::Word || toks.get(after.wrapping_sub(1)).is_some_and(|p| p.text(src) == ".") || after == o + 2) {
                    after += 1;
                }
                parts.push(slice(src, toks, after, toks.len()));
            }
            None => parts.push(slice(src, toks, from, toks.len())),
        }
        let options: Vec<&str> = parts.into_iter().filter(|p| !p.is_empty()).collect();
        Some(options.join(" ")).filter(|o| !o.is_empty())
    }

    fn create_sequence(&mut self, src: &str, toks: &[Token], mut c: Cur) -> bool {
        c.eat_seq(&["IF", "NOT", "EXISTS"]);
        let Some(q) = self.qname(&mut c) else { return false };
        let (a, b) = stmt_bytes(toks);
        let options = Self::sequence_options(src, toks, c.i);
        let seq = Sequence { id: SequenceId(self.schema.fresh_id()), schema: q.schema, name: q.name, owned_by: None, span: Some(self.span(src, a, b)), options };
        self.schema.sequences.push(seq);
        let idx = self.schema.sequences.len() - 1;
        self.owned_by(src, c, idx);
        true
    }

    fn owned_by(&mut self, _src: &str, mut c: Cur, idx: usize) {
        while !c.done() {
            if c.eat_seq(&["OWNED", "BY"]) {
                let Some(q) = self.qname(&mut c) else { return };
                // `t.c` reads as schema `t`, name `c`; `s.t.c` loses `s`, which is fine for lookup.
                let table = QName { schema: None, name: q.schema.unwrap_or_default() };
                if let Some(tid) = self.find(&table) {
                    let col = self.schema.table(tid).and_then(|t| t.column_by_name(&q.name)).map(|c| c.id);
                    if let Some(col) = col
                        && let Some(s) = self.schema.sequences.get_mut(idx)
                    {
                        s.owned_by = Some((tid, col));
                    }
                }
                return;
            }
            c.i += 1;
        }
    }

    fn alter_sequence(&mut self, src: &str, mut c: Cur) -> bool {
        c.eat_seq(&["IF", "EXISTS"]);
        let Some(q) = self.qname(&mut c) else { return false };
        let Some(idx) = self.schema.sequences.iter().position(|s| s.name.eq_ignore_ascii_case(&q.name)) else { return false };
        // Later options override earlier ones: they are appended to what CREATE SEQUENCE said.
        if let Some(more) = Self::sequence_options(src, c.t, c.i)
            && let Some(s) = self.schema.sequences.get_mut(idx)
        {
            let options = &mut s.options;
            *options = Some(match options.take() {
                Some(o) => format!("{o} {more}"),
                None => more,
            });
        }
        self.owned_by(src, c, idx);
        true
    }

    fn comment_on(&mut self, src: &str, mut c: Cur) -> bool {
        let what = c.text(0).to_ascii_uppercase();
        c.i += 1;
        let start = c.i;
        while !c.done() && !c.is("IS") {
            c.i += 1;
        }
        let Some(text) = c.tok(1).filter(|t| t.kind == Tk::Str).map(|t| self.string(t.text(src))) else { return false };
        let mut n = Cur::new(src, c.t, start, c.i);
        let mut parts = Vec::new();
        while let Some(t) = n.tok(0) {
            if matches!(t.kind, Tk::Word | Tk::Quoted(_)) {
                parts.push(self.ident(src, t));
            }
            n.i += 1;
        }
        match what.as_str() {
            "TABLE" => {
                let name = parts.pop().unwrap_or_default();
                let q = QName { schema: parts.pop(), name };
                if let Some(t) = self.find(&q).and_then(|id| self.schema.table_mut(id)) {
                    t.comment = Some(text);
                    return true;
                }
            }
            "COLUMN" => {
                let col = parts.pop().unwrap_or_default();
                let name = parts.pop().unwrap_or_default();
                let q = QName { schema: parts.pop(), name };
                if let Some(t) = self.find(&q).and_then(|id| self.schema.table_mut(id))
                    && let Some(cl) = t.columns.iter_mut().find(|x| x.name.eq_ignore_ascii_case(&col)) {
                        cl.comment = Some(text);
                        return true;
                    }
            }
            "VIEW" | "MATERIALIZED" => {
                let name = parts.pop().unwrap_or_default();
                if let Some(v) = self.schema.views.iter_mut().find(|v| v.name.eq_ignore_ascii_case(&name)) {
                    v.comment = Some(text);
                    return true;
                }
            }
            _ => {}
        }
        false
    }

    /// Resolves what may point forward: foreign keys, view reads, enum-typed columns.
    pub fn finish(&mut self, src: &str) {
        self.finishing = true;
        for (name, creates, at) in std::mem::take(&mut self.other_databases) {
            let shown = if name.is_empty() { "the session's database (before any \\connect or USE)".to_string() } else { format!("database `{name}`") };
            let stmt = src[at..].lines().next().unwrap_or("").trim().chars().take(200).collect::<String>();
            let how = if name.is_empty() { String::new() } else { format!("; import it with --database {name} or the database selector") };
            self.diag(src, Severity::Info, at, at, &stmt, format!("the text defines several databases: {shown} ({creates} CREATE statements) is not imported{how}"));
        }
        if let Some(wanted) = &self.database_choice
            && self.chosen_database.is_none()
        {
            let msg = format!("database `{wanted}` is not in the text: nothing was imported from it");
            self.diagnostics.push(Diagnostic { severity: Severity::Error, span: Span::default(), message: msg, statement: String::new() });
        }
        for toks in std::mem::take(&mut self.pending_indexes) {
            self.dispatch(src, &toks);
        }
        for fk in std::mem::take(&mut self.pending_fks) {
            let warn = |s: &mut Self, msg: String| {
                let line = src.get(fk.stmt_start as usize..).and_then(|r| r.lines().next()).unwrap_or("");
                let statement = line.trim().chars().take(200).collect();
                s.diagnostics.push(Diagnostic { severity: Severity::Warning, span: fk.span, message: msg, statement });
            };
            let Some(target) = self.find(&fk.target) else {
                warn(self, format!("foreign key references table {} which is not in the input; not kept", fk.target.name));
                continue;
            };
            let Some(rt) = self.schema.table(target) else { continue };
            let ref_cols: Option<Vec<ColumnId>> = if fk.ref_columns.is_empty() {
                rt.primary_key.as_ref().map(|p| p.columns.clone())
            } else {
                fk.ref_columns.iter().map(|n| rt.column_by_name(n).map(|c| c.id)).collect()
            };
            let Some(ref_columns) = ref_cols.filter(|r| r.len() == fk.columns.len()) else {
                warn(self, format!("foreign key to {}: referenced columns not found", fk.target.name));
                continue;
            };
            if let Some(t) = self.schema.table_mut(fk.table) {
                t.foreign_keys.push(ForeignKey {
                    name: fk.name,
                    columns: fk.columns,
                    ref_table: target,
                    ref_columns,
                    on_delete: fk.on_delete,
                    on_update: fk.on_update,
                    deferrable: fk.deferrable,
                    initially_deferred: fk.initially_deferred,
                    options: fk.options,
                });
                self.stats.foreign_keys += 1;
            }
        }
        for (idx, names) in std::mem::take(&mut self.view_reads) {
            let mut reads: Vec<TableId> = Vec::new();
            for n in &names {
                if let Some(id) = self.find(n)
                    && !reads.contains(&id) {
                        reads.push(id);
                    }
            }
            if let Some(v) = self.schema.views.get_mut(idx) {
                v.reads = reads;
            }
        }
        if !self.schema.enums.is_empty() {
            let enums: Vec<(String, Vec<String>)> = self.schema.enums.iter().map(|e| (e.name.to_lowercase(), e.values.clone())).collect();
            for t in &mut self.schema.tables {
                for col in &mut t.columns {
                    let n = col.data_type.normalized.rsplit('.').next().unwrap_or("").trim_matches('"').to_string();
                    if let Some((_, values)) = enums.iter().find(|(e, _)| *e == n) {
                        col.data_type.kind = TypeKind::Enum { values: values.clone() };
                    }
                }
            }
        }
    }
}

impl Cur<'_> {
    fn sym_at(&self, off: usize, s: &str) -> bool {
        self.tok(off).is_some_and(|t| t.kind == Tk::Sym && t.text(self.src) == s)
    }
}

/// `DataType::parse`, except that absurdly long type texts (which its recursive classification
/// would descend into) are kept raw and classified as `Other`.
fn data_type(raw: &str) -> DataType {
    if raw.len() <= 256 {
        return DataType::parse(raw);
    }
    let mut t = DataType::parse("");
    t.raw = raw.trim().to_string();
    t.normalized = t.raw.to_ascii_lowercase();
    t
}

/// The type text of tokens `a..b`, with bracket quotes removed (`[nvarchar](50)` → `nvarchar(50)`).
fn type_text(src: &str, toks: &[Token], a: usize, b: usize) -> String {
    let mut out = String::new();
    let mut before: Option<&Token> = None;
    for t in toks.iter().take(b).skip(a) {
        if before.is_some_and(|p| t.start > p.end) {
            out.push(' ');
        }
        match t.kind {
            // `[int]` is a quoted type name; an empty `[]` is an array suffix.
            Tk::Quoted(b'[') | Tk::Quoted(b'`') if t.text(src).as_bytes().get(1).is_some_and(u8::is_ascii_alphabetic) => {
                out.push_str(&unquote(t.text(src), t.kind))
            }
            _ => out.push_str(t.text(src)),
        }
        before = Some(t);
    }
    out
}

/// The bytes a statement's tokens cover (`(0, 0)` for none).
fn stmt_bytes(toks: &[Token]) -> (usize, usize) {
    (toks.first().map_or(0, |t| t.start as usize), toks.last().map_or(0, |t| t.end as usize))
}

/// The bytes of one token (`(0, 0)` for none).
fn tok_bytes(t: Option<&Token>) -> (usize, usize) {
    t.map_or((0, 0), |t| (t.start as usize, t.end as usize))
}

/// The bytes tokens `a..b` cover: the start of `a` to the end of `b - 1` (clamped to what is
/// there; `(0, 0)` for none).
fn range_bytes(toks: &[Token], a: usize, b: usize) -> (usize, usize) {
    let start = toks.get(a).map_or(0, |t| t.start as usize);
    let end = b.checked_sub(1).and_then(|l| toks.get(l)).map_or(start, |t| t.end as usize);
    (start, end.max(start))
}
