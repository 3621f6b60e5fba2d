//! The scanner: a quote-, comment- and dollar-quote-aware lexer that also interprets client
//! commands (psql, mysql, sqlcmd, SQL*Plus) and splits the text into statements.
//!
//! Tokens are byte ranges of the ORIGINAL text, so every span points at what the user wrote:
//! noise is skipped, never rewritten.

use crate::schema::Dialect;

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Tk {
    /// A bare word: keyword or unquoted identifier (also `@var`, `#temp`, `$(sqlcmd)`).
    Word,
    /// A quoted identifier; the byte is the opening quote (`"`, `` ` ``, `[`).
    Quoted(u8),
    /// A string literal (`'…'`, `E'…'`, `N'…'`, `$tag$…$tag$`).
    Str,
    Num,
    /// Punctuation or an operator.
    Sym,
}

#[derive(Copy, Clone, Debug)]
pub struct Token {
    pub kind: Tk,
    pub start: u32,
    pub end: u32,
}

impl Token {
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        &src[self.start as usize..self.end as usize]
    }
}

/// One statement: its tokens and whether the scanner saw it as a procedural block.
#[derive(Debug, Default)]
pub struct RawStmt {
    pub toks: Vec<Token>,
    /// The database a psql `\connect name` switched to before the statement, if any.
    pub database: Option<String>,
}

/// Lexer settings derived from the dialect.
#[derive(Copy, Clone)]
struct Flags {
    backslash_escapes: bool,
    hash_comments: bool,
    brackets: bool,
    nested_comments: bool,
    /// `$tag$…$tag$` strings (PostgreSQL and the engines that copied them); Oracle and SQL Server
    /// use `$` inside identifiers and for conditional compilation (`$IF $$debug $THEN`).
    dollar_quotes: bool,
    oracle: bool,
    mssql: bool,
}

impl Flags {
    fn new(d: Dialect) -> Self {
        Flags {
            backslash_escapes: matches!(d, Dialect::Mysql | Dialect::Clickhouse),
            hash_comments: matches!(d, Dialect::Mysql),
            // `[name]` quoting: SQL Server's, SQLite's for compatibility, and a script pasted
            // under the wrong dialect. PostgreSQL and DuckDB use brackets only for arrays;
            // Snowflake, ClickHouse and BigQuery too, so outside SQL Server a bracket is a quote
            // only around what looks like a name (see `bracketed_name`).
            brackets: !matches!(d, Dialect::Postgres | Dialect::Duckdb),
            nested_comments: matches!(d, Dialect::Postgres | Dialect::Duckdb),
            dollar_quotes: !matches!(d, Dialect::Oracle | Dialect::Mssql),
            oracle: d == Dialect::Oracle,
            mssql: d == Dialect::Mssql,
        }
    }
}

/// How a statement in progress ends.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
enum Mode {
    /// Not yet known (fewer than a few tokens seen).
    Plain,
    /// A procedural body: ends at `;` only once BEGIN…END nesting is back to zero.
    Block,
    /// `CREATE SCHEMA … CREATE TABLE …`: nested CREATEs do not start a new statement.
    Schema,
}

/// The incremental splitter. It holds only positions, so the caller keeps the text.
#[derive(Clone)]
pub struct Splitter {
    pub pos: usize,
    flags: Flags,
    line_start: bool,
    delimiter: String,
    /// Depth of open mysqldump `/*!NNNNN … */` version comments whose content is real SQL.
    version_comment: u32,
    copy_data: bool,
    cur: Vec<Token>,
    mode: Mode,
    block_depth: i32,
    seen_begin: bool,
    /// The statement's kind is known to be ordinary (no need to classify further tokens).
    decided: bool,
    /// Parenthesis depth of the statement in progress.
    depth: i32,
    /// No token yet on the current line.
    first_on_line: bool,
    /// Client variables as (text to replace in a name, value): sqlcmd `:setvar x v` gives
    /// `$(x)`, SQL*Plus `define x = v` gives `&x.` and `&x`.
    pub vars: Vec<(String, String)>,
    /// Scanner problems: byte offset and message.
    pub errors: Vec<(usize, String)>,
    /// The database of psql's last `\connect`/`\c`, and the one in force when the statement
    /// in progress began.
    database: Option<String>,
    stmt_database: Option<String>,
}

fn is_word_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 || c == b'@'
}

fn is_word_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c == b'#' || c == b'@' || c >= 0x80
}

fn kw(src: &str, t: &Token, k: &str) -> bool {
    t.kind == Tk::Word && t.text(src).eq_ignore_ascii_case(k)
}

/// Length in bytes of the char starting at `b[i]` (1 for invalid positions).
fn char_len(b: &[u8], i: usize) -> usize {
    let Some(&c) = b.get(i) else { return 1 };
    let n = if c < 0x80 {
        1
    } else if c >= 0xF0 {
        4
    } else if c >= 0xE0 {
        3
    } else if c >= 0xC0 {
        2
    } else {
        1
    };
    n.min(b.len() - i)
}

impl Splitter {
    pub fn new(dialect: Dialect, text: &str) -> Self {
        let pos = if text.starts_with('\u{feff}') { 3 } else { 0 };
        Splitter {
            pos,
            flags: Flags::new(dialect),
            line_start: true,
            delimiter: ";".to_string(),
            version_comment: 0,
            copy_data: false,
            cur: Vec::new(),
            mode: Mode::Plain,
            block_depth: 0,
            seen_begin: false,
            depth: 0,
            decided: false,
            first_on_line: true,
            vars: Vec::new(),
            errors: Vec::new(),
            database: None,
            stmt_database: None,
        }
    }

    fn take(&mut self, src: &str) -> Option<RawStmt> {
        let toks = std::mem::take(&mut self.cur);
        self.mode = Mode::Plain;
        self.block_depth = 0;
        self.seen_begin = false;
        self.depth = 0;
        self.decided = false;
        if toks.is_empty() {
            return None;
        }
        // `COPY … FROM stdin;` is followed by data lines up to `\.`.
        if toks.first().is_some_and(|t| kw(src, t, "COPY")) && toks.iter().any(|t| kw(src, t, "STDIN")) {
            self.copy_data = true;
        }
        Some(RawStmt { toks, database: self.stmt_database.clone() })
    }

    /// The next statement, or `None` at the end of the text.
    pub fn next(&mut self, src: &str) -> Option<RawStmt> {
        let b = src.as_bytes();
        loop {
            if self.pos >= b.len() {
                return self.take(src);
            }
            if self.line_start {
                self.line_start = false;
                if self.copy_data {
                    self.skip_copy_data(src);
                    continue;
                }
                if let Some(ended) = self.line_command(src) {
                    if ended
                        && let Some(s) = self.take(src) {
                            return Some(s);
                        }
                    continue;
                }
            }
            let Some(&c) = b.get(self.pos) else { return self.take(src) };
            if c == b'\n' {
                self.pos += 1;
                self.line_start = true;
                self.first_on_line = true;
                continue;
            }
            if c.is_ascii_whitespace() {
                self.pos += 1;
                continue;
            }
            if self.delimiter != ";" && src[self.pos..].starts_with(self.delimiter.as_str()) {
                self.pos += self.delimiter.len();
                if let Some(s) = self.take(src) {
                    return Some(s);
                }
                continue;
            }
            if self.skip_comment(src) {
                continue;
            }
            let Some(mut tok) = self.lex(src) else { return self.take(src) };
            // A custom delimiter ends a statement even inside a word (`END$$`).
            if self.delimiter != ";" && matches!(tok.kind, Tk::Word | Tk::Num | Tk::Sym)
                && let Some(p) = tok.text(src).find(self.delimiter.as_str()).filter(|&p| p > 0) {
                    tok.end = tok.start + p as u32;
                    self.pos = tok.end as usize;
                }
            let first = std::mem::replace(&mut self.first_on_line, false);
            if tok.kind == Tk::Sym && tok.text(src) == ";" && self.delimiter == ";"
                && self.ends_statement() {
                    if let Some(s) = self.take(src) {
                        return Some(s);
                    }
                    continue;
                }
            if let Some(s) = self.push(src, tok, first) {
                return Some(s);
            }
        }
    }

    /// Whether a `;` ends the current statement.
    fn ends_statement(&self) -> bool {
        match self.mode {
            Mode::Block => {
                if self.flags.oracle || self.flags.mssql {
                    // PL/SQL ends at a `/` line and T-SQL at GO, but a finished BEGIN…END is enough.
                    self.seen_begin && self.block_depth <= 0
                } else {
                    !self.seen_begin || self.block_depth <= 0
                }
            }
            _ => true,
        }
    }

    /// Adds a token to the current statement; may first end the statement before it (a T-SQL
    /// batch or a dump without semicolons starts a new statement with CREATE at a line start).
    fn push(&mut self, src: &str, tok: Token, first: bool) -> Option<RawStmt> {
        let mut out = None;
        if !self.cur.is_empty() && self.mode == Mode::Plain && tok.kind == Tk::Word && first {
            let t = tok.text(src);
            let depth = self.depth;
            let starts = t.eq_ignore_ascii_case("CREATE")
                || (t.eq_ignore_ascii_case("ALTER") && self.next_word_is_object(src, tok.end as usize))
                || (self.flags.mssql
                    && ["DROP", "INSERT", "EXEC", "EXECUTE", "PRINT", "USE", "IF", "SET", "DECLARE", "GRANT"]
                        .iter()
                        .any(|k| t.eq_ignore_ascii_case(k)));
            if starts && depth == 0 {
                out = self.take(src);
            }
        }
        self.depth += paren_delta(src, &tok);
        if self.cur.is_empty() {
            self.stmt_database.clone_from(&self.database);
        }
        self.cur.push(tok);
        let n = self.cur.len();
        if n <= 16 && self.mode == Mode::Plain && !self.decided && (n <= 2 || tok.kind == Tk::Word) {
            self.classify(src);
        }
        if self.mode == Mode::Block && tok.kind == Tk::Word {
            let t = tok.text(src);
            if t.eq_ignore_ascii_case("BEGIN") || t.eq_ignore_ascii_case("CASE") {
                // `BEGIN` right after the statement start of an Oracle/T-SQL block is counted too.
                self.block_depth += 1;
                if t.eq_ignore_ascii_case("BEGIN") {
                    self.seen_begin = true;
                }
            } else if t.eq_ignore_ascii_case("END") {
                let follows = next_word(src, tok.end as usize);
                let closes_other = ["IF", "LOOP", "WHILE", "REPEAT", "FOR"]
                    .iter()
                    .any(|k| follows.eq_ignore_ascii_case(k));
                if !closes_other {
                    self.block_depth -= 1;
                }
            }
        }
        out
    }

    fn next_word_is_object(&self, src: &str, at: usize) -> bool {
        let w = next_word(src, at);
        ["TABLE", "SEQUENCE", "INDEX", "VIEW", "SCHEMA", "DATABASE", "TYPE", "FUNCTION", "PROCEDURE", "USER", "ROLE"]
            .iter()
            .any(|k| w.eq_ignore_ascii_case(k))
    }

    /// Decides from the first tokens whether the statement is a procedural block.
    fn classify(&mut self, src: &str) {
        let words: Vec<&str> = self
            .cur
            .iter()
            .filter(|t| t.kind == Tk::Word)
            .map(|t| t.text(src))
            .collect();
        let Some(first) = words.first() else { return };
        let is = |w: &str, k: &str| w.eq_ignore_ascii_case(k);
        if is(first, "BEGIN") {
            if let Some(&second) = self.cur.get(1) {
                let tx = second.kind == Tk::Sym
                    || ["TRANSACTION", "WORK", "TRAN", "ISOLATION", "DEFERRED", "IMMEDIATE", "EXCLUSIVE", "READ"]
                        .iter()
                        .any(|k| kw(src, &second, k));
                if !tx {
                    self.mode = Mode::Block;
                    self.block_depth = 1;
                    self.seen_begin = true;
                }
            }
            return;
        }
        if is(first, "DECLARE") && (self.flags.oracle || self.cur.len() >= 2) {
            if self.flags.oracle {
                self.mode = Mode::Block;
            }
            return;
        }
        // T-SQL `ALTER PROCEDURE … AS <body>` replaces a body like CREATE does.
        let alters_body = self.flags.mssql && is(first, "ALTER");
        if !is(first, "CREATE") && !alters_body {
            self.decided = !is(first, "DECLARE");
            return;
        }
        // Skip modifiers (`OR REPLACE`, `DEFINER=…`, `ALGORITHM=…`) up to the object kind.
        let objects = ["TABLE", "VIEW", "INDEX", "SEQUENCE", "DATABASE", "DOMAIN", "UNIQUE", "EXTENSION", "ROLE", "USER"];
        for w in words.iter().skip(1) {
            let procedural = ["FUNCTION", "PROCEDURE", "PROC", "TRIGGER", "PACKAGE", "EVENT"].iter().any(|k| is(w, k));
            if procedural || (is(w, "TYPE") && self.flags.oracle) {
                self.mode = Mode::Block;
                if self.flags.oracle && is(w, "PACKAGE") {
                    // A package's `IS`/`AS` opens a block that its last `END name;` closes; the
                    // BEGIN…END of each routine inside nests in it. (A SQL*Plus `/` line ends the
                    // package too, which also covers an initialization section.)
                    self.block_depth = 1;
                    self.seen_begin = true;
                }
                return;
            }
            if alters_body {
                self.decided = true;
                return;
            }
            if is(w, "SCHEMA") && !self.flags.mssql {
                self.mode = Mode::Schema;
                return;
            }
            if is(w, "TYPE") || objects.iter().any(|k| is(w, k)) {
                self.decided = true;
                return;
            }
        }
    }

    fn skip_copy_data(&mut self, src: &str) {
        let b = src.as_bytes();
        while self.pos < b.len() {
            let eol = memchr_nl(b, self.pos);
            let line = src[self.pos..eol].trim();
            self.pos = (eol + 1).min(b.len());
            if line == "\\." {
                break;
            }
        }
        self.copy_data = false;
        self.line_start = true;
    }

    /// Interprets a client command at the start of a line. `Some(true)`: the line ended the
    /// statement; `Some(false)`: the line was consumed; `None`: ordinary SQL.
    fn line_command(&mut self, src: &str) -> Option<bool> {
        let b = src.as_bytes();
        let eol = memchr_nl(b, self.pos);
        let line = src[self.pos..eol].trim();
        let consume = |s: &mut Self| {
            s.pos = eol;
        };
        let first = line.split_whitespace().next().unwrap_or("");
        let first_is = |k: &str| first.eq_ignore_ascii_case(k);
        // A `GO [n]` batch separator or a SQL*Plus `/` terminator line.
        if line == "/" || is_go_line(line) {
            consume(self);
            return Some(true);
        }
        if line.starts_with('\\') {
            // `\connect db` / `\c db [user]`: what follows lives in another database.
            let mut words = line.split_whitespace();
            if matches!(words.next(), Some("\\connect" | "\\c"))
                && let Some(db) = words.next().filter(|d| *d != "-")
            {
                self.database = Some(db.trim_end_matches(';').trim_matches('"').to_string());
            }
            consume(self);
            return Some(false);
        }
        if !self.cur.is_empty() {
            return None;
        }
        if first_is("delimiter") {
            if let Some(d) = line.split_whitespace().nth(1) {
                self.delimiter = d.to_string();
            }
            consume(self);
            return Some(false);
        }
        if line.starts_with(':') {
            let mut parts = line.splitn(3, char::is_whitespace);
            if parts.next().is_some_and(|p| p.eq_ignore_ascii_case(":setvar"))
                && let (Some(name), Some(value)) = (parts.next(), parts.next()) {
                    let value = value.trim().trim_matches('"').to_string();
                    self.vars.push((format!("$({name})"), value));
                }
            consume(self);
            return Some(false);
        }
        let sqlplus_any = ["rem", "remark", "prompt", "spool", "whenever", "@", "@@", "ttitle", "btitle"];
        let sqlplus_oracle = ["set", "exit", "quit", "connect", "conn", "define", "undefine", "column", "show", "host"];
        let first_bare = first.trim_end_matches(';');
        if self.flags.oracle && (first_bare.eq_ignore_ascii_case("define") || first_bare.eq_ignore_ascii_case("def")) {
            self.define(line);
        }
        if first_is("source") && !line.contains('(')
            || sqlplus_any.iter().any(|k| first_is(k))
            || line.starts_with('@')
            || (self.flags.oracle && sqlplus_oracle.iter().any(|k| first_bare.eq_ignore_ascii_case(k)))
        {
            consume(self);
            return Some(false);
        }
        None
    }

    /// SQL*Plus `define name = 'value'`: names written `&name.` or `&name` take the value. A
    /// value that is not a plain name part (a placeholder of another tool, such as MediaWiki's
    /// `{$wgDBprefix}`) stands for nothing, so the names read as the other dialects spell them.
    fn define(&mut self, line: &str) {
        let rest = line.split_once(char::is_whitespace).map_or("", |(_, r)| r).trim().trim_end_matches(';');
        let Some((name, value)) = rest.split_once('=') else { return };
        let name = name.trim();
        let value = value.trim().trim_matches(|c| c == '\'' || c == '"');
        let value = if value.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c == b'#') { value } else { "" };
        self.vars.push((format!("&{name}."), value.to_string()));
        self.vars.push((format!("&{name}"), value.to_string()));
    }

    /// Skips a comment at `pos`; returns whether one was there. Handles `/*!NNNNN` version
    /// comments by skipping only their markers.
    fn skip_comment(&mut self, src: &str) -> bool {
        let b = src.as_bytes();
        let p = self.pos;
        let Some(&c) = b.get(p) else { return false };
        let next = b.get(p + 1).copied();
        // `#` comments are MySQL's; elsewhere a `#` that starts a line and is followed by a
        // space is one too (generated scripts such as phpBB's keep them for every engine),
        // while `#temp` names stay words.
        let hash_line = c == b'#' && self.first_on_line && matches!(next, None | Some(b' ' | b'\t' | b'#' | b'\r' | b'\n'));
        if (c == b'-' && next == Some(b'-')) || (c == b'#' && (self.flags.hash_comments || hash_line)) {
            self.pos = memchr_nl(b, p);
            return true;
        }
        if c == b'*' && next == Some(b'/') && self.version_comment > 0 {
            self.version_comment -= 1;
            self.pos += 2;
            return true;
        }
        if c == b'/' && next == Some(b'*') {
            if b.get(p + 2) == Some(&b'!') {
                let mut q = p + 3;
                while b.get(q).is_some_and(u8::is_ascii_digit) {
                    q += 1;
                }
                self.version_comment += 1;
                self.pos = q;
                return true;
            }
            let mut depth = 1;
            let mut q = p + 2;
            while let Some(&cq) = b.get(q) {
                if cq == b'*' && b.get(q + 1) == Some(&b'/') {
                    depth -= 1;
                    q += 2;
                    if depth == 0 || !self.flags.nested_comments {
                        break;
                    }
                } else if self.flags.nested_comments && cq == b'/' && b.get(q + 1) == Some(&b'*') {
                    depth += 1;
                    q += 2;
                } else {
                    q += 1;
                }
            }
            if q >= b.len() && !src[p..].ends_with("*/") {
                self.errors.push((p, "unterminated block comment".into()));
            }
            self.pos = q.min(b.len());
            return true;
        }
        false
    }

    /// The token at `pos`; `None` at the end of the text.
    fn lex(&mut self, src: &str) -> Option<Token> {
        let b = src.as_bytes();
        let start = self.pos;
        let &c = b.get(start)?;
        let (kind, end) = match c {
            b'\'' => (Tk::Str, self.quoted(src, start, b'\'', self.flags.backslash_escapes, "string literal")),
            b'"' => (Tk::Quoted(b'"'), self.quoted(src, start, b'"', false, "quoted identifier")),
            b'`' => (Tk::Quoted(b'`'), self.quoted(src, start, b'`', false, "quoted identifier")),
            b'[' if self.flags.brackets && (self.flags.mssql || bracketed_name(b, start)) => {
                (Tk::Quoted(b'['), self.quoted(src, start, b']', false, "bracketed identifier"))
            }
            b'$' if self.flags.dollar_quotes || b.get(start + 1) == Some(&b'(') => self.dollar(src, start),
            // PL/SQL conditional compilation (`$IF`, `$END`, `$$name`) is a word, never `END`.
            b'$' => {
                let mut q = start + 1;
                while b.get(q).is_some_and(|&c| is_word_char(c) || c == b'$') {
                    q += 1;
                }
                (Tk::Word, q)
            }
            // A template placeholder (`{dataset}.table`, Python/Jinja style) stands for a name.
            b'{' => template_placeholder(b, start).map_or((Tk::Sym, start + 1), |end| (Tk::Word, end)),
            // A SQL*Plus substitution variable (`&prefix.table`): part of the name it prefixes.
            b'&' if self.flags.oracle && b.get(start + 1).is_some_and(|c| c.is_ascii_alphabetic()) => {
                let mut q = start + 1;
                while b.get(q).is_some_and(|&c| is_word_char(c)) {
                    q += 1;
                }
                if b.get(q) == Some(&b'.') {
                    q += 1;
                }
                while let Some(&c) = b.get(q)
                    && is_word_char(c)
                {
                    q += if c >= 0x80 { char_len(b, q) } else { 1 };
                }
                (Tk::Word, q)
            }
            b'0'..=b'9' => (Tk::Num, number_end(b, start)),
            b'.' if b.get(start + 1).is_some_and(|d| d.is_ascii_digit()) => (Tk::Num, number_end(b, start)),
            c if is_word_start(c) || (c == b'#' && !self.flags.hash_comments) => {
                let mut q = start + 1;
                while let Some(&c) = b.get(q)
                    && is_word_char(c)
                {
                    q += if c >= 0x80 { char_len(b, q) } else { 1 };
                }
                // Prefixed strings: E'…' (escapes), N'…', X'…', B'…'.
                if q == start + 1 && b.get(q) == Some(&b'\'') && matches!(c | 0x20, b'e' | b'n' | b'x' | b'b') {
                    let esc = c | 0x20 == b'e' || self.flags.backslash_escapes;
                    (Tk::Str, self.quoted(src, q, b'\'', esc, "string literal"))
                } else {
                    (Tk::Word, q)
                }
            }
            _ => {
                let two = b.get(start..start + 2).unwrap_or(&[]);
                let ops: [&[u8]; 8] = [b"::", b"<=", b">=", b"<>", b"!=", b"||", b"=>", b":="];
                if ops.contains(&two) { (Tk::Sym, start + 2) } else { (Tk::Sym, start + char_len(b, start)) }
            }
        };
        self.pos = end;
        Some(Token { kind, start: start as u32, end: end as u32 })
    }

    /// End of a quoted run starting at `start` (the opening quote) closed by `close`, where a
    /// doubled closing quote escapes it.
    fn quoted(&mut self, src: &str, start: usize, close: u8, backslash: bool, what: &str) -> usize {
        let b = src.as_bytes();
        let mut q = start + 1;
        while let Some(&c) = b.get(q) {
            if backslash && c == b'\\' {
                q += 2;
                continue;
            }
            if c == close {
                if b.get(q + 1) == Some(&close) {
                    q += 2;
                    continue;
                }
                return q + 1;
            }
            q += 1;
        }
        self.errors.push((start, format!("unterminated {what}")));
        b.len()
    }

    /// `$tag$ … $tag$`, `$1`, or a sqlcmd `$(var)`.
    fn dollar(&mut self, src: &str, start: usize) -> (Tk, usize) {
        let b = src.as_bytes();
        if b.get(start + 1) == Some(&b'(') {
            let end = b.iter().skip(start).position(|&c| c == b')').map_or(b.len(), |p| start + p + 1);
            return (Tk::Word, end);
        }
        let mut q = start + 1;
        while b.get(q).is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'_') {
            q += 1;
        }
        let tag_is_ident = q == start + 1 || !b.get(start + 1).is_some_and(u8::is_ascii_digit);
        if b.get(q) == Some(&b'$') && tag_is_ident {
            let tag = &src[start..=q];
            match src[q + 1..].find(tag) {
                Some(p) => return (Tk::Str, q + 1 + p + tag.len()),
                None => {
                    self.errors.push((start, format!("unterminated dollar-quoted string {tag}")));
                    return (Tk::Str, b.len());
                }
            }
        }
        (Tk::Word, q.max(start + 1))
    }
}

/// Whether the `[` at `start` opens a bracketed name in a dialect where brackets are also array
/// syntax: a non-empty run up to `]` on the same line with no quote, comma or bracket in it, and
/// not only digits (`[1]` indexes an array).
fn bracketed_name(b: &[u8], start: usize) -> bool {
    let rest = b.get(start + 1..).unwrap_or_default();
    let Some(end) = rest.iter().position(|&c| matches!(c, b']' | b'\n' | b'\'' | b'"' | b',' | b'[')) else { return false };
    let name = rest.get(..end).unwrap_or_default();
    end > 0 && rest.get(end) == Some(&b']') && !name.iter().all(|c| c.is_ascii_digit() || *c == b' ')
}

/// The end of a `{name}` template placeholder at `start`, if one is there.
fn template_placeholder(b: &[u8], start: usize) -> Option<usize> {
    let rest = b.get(start + 1..)?;
    let end = rest.iter().position(|&c| !(c.is_ascii_alphanumeric() || c == b'_'))?;
    (end > 0 && rest.get(end) == Some(&b'}') && rest.first().is_some_and(u8::is_ascii_alphabetic)).then_some(start + end + 2)
}

fn memchr_nl(b: &[u8], from: usize) -> usize {
    b.iter().skip(from).position(|&c| c == b'\n').map_or(b.len(), |p| from + p)
}

fn number_end(b: &[u8], start: usize) -> usize {
    let mut q = start;
    if b.get(q) == Some(&b'0') && matches!(b.get(q + 1), Some(b'x' | b'X')) {
        q += 2;
        while b.get(q).is_some_and(u8::is_ascii_hexdigit) {
            q += 1;
        }
        return q;
    }
    while b.get(q).is_some_and(|&c| c.is_ascii_digit() || c == b'.') {
        q += 1;
    }
    if matches!(b.get(q), Some(b'e' | b'E')) {
        let mut r = q + 1;
        if matches!(b.get(r), Some(b'+' | b'-')) {
            r += 1;
        }
        if b.get(r).is_some_and(u8::is_ascii_digit) {
            q = r;
            while b.get(q).is_some_and(u8::is_ascii_digit) {
                q += 1;
            }
        }
    }
    q
}

fn is_go_line(line: &str) -> bool {
    let line = line.split("--").next().unwrap_or("").trim();
    let mut parts = line.split_whitespace();
    let Some(first) = parts.next() else { return false };
    if !first.eq_ignore_ascii_case("go") {
        return false;
    }
    match (parts.next(), parts.next()) {
        (None, _) => true,
        (Some(n), None) => n.bytes().all(|c| c.is_ascii_digit()),
        _ => false,
    }
}

/// The bare word after byte `at` (skipping whitespace), or "".
fn next_word(src: &str, at: usize) -> &str {
    let b = src.as_bytes();
    let mut p = at;
    while b.get(p).is_some_and(u8::is_ascii_whitespace) {
        p += 1;
    }
    let mut q = p;
    while b.get(q).is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'_') {
        q += 1;
    }
    &src[p..q]
}

/// What a CQL or PartiQL token is: the CQL importer (`import::cql`) and the workload
/// tokenizer (`analysis::access`) read the same tokens.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum CqlKind {
    Word,
    /// `"Quoted"` name.
    QName,
    /// `'string'` or `$$string$$`.
    Str,
    Num,
    Punct,
}

/// A CQL or PartiQL token: its kind and byte range in the text.
#[derive(Copy, Clone, Debug)]
pub(crate) struct CqlTok {
    pub kind: CqlKind,
    pub start: usize,
    pub end: usize,
}

/// The loop of the line-based tokenizers (DBML and Prisma in `import::common`, schema.rb in
/// `import::rails`): a `\n` is a token of its own (`newline(at)`), spaces, tabs and `\r` are
/// skipped, and `token(out, i, c)` reads the token at any other byte `c` into `out` and returns
/// where the scan goes on, past `i` (`None` ends the scan: an unterminated string or comment).
pub(crate) fn scan_lines<T>(
    src: &str,
    newline: impl Fn(usize) -> T,
    mut token: impl FnMut(&mut Vec<T>, usize, u8) -> Option<usize>,
) -> Vec<T> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        match c {
            b'\n' => {
                out.push(newline(i));
                i += 1;
            }
            b' ' | b'\t' | b'\r' => i += 1,
            _ => match token(&mut out, i, c) {
                Some(next) => i = next,
                None => break,
            },
        }
    }
    out
}

/// The end of the line that `i` is on: the index of its `\n`, or the end of the text (a `--` or
/// `//` comment runs to it). The CQL importer and the workload tokenizer share it.
pub(crate) fn line_end(src: &str, i: usize) -> usize {
    src.get(i..).and_then(|r| r.find('\n')).map_or(src.len(), |n| i + n)
}

/// Where the first `close` at or after `from` ends (just past it), or `None` when the text ends
/// first: the end of a `/* … */` comment or a `$$ … $$` string.
pub(crate) fn closed_at(src: &str, from: usize, close: &str) -> Option<usize> {
    src.get(from..)?.find(close).map(|n| from + n + close.len())
}

/// The end of the name that starts at `b[start]`: letters, digits and `_` after its first byte.
pub(crate) fn word_end(b: &[u8], start: usize) -> usize {
    let mut j = start + 1;
    while b.get(j).is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'_') {
        j += 1;
    }
    j
}

/// The length of the punctuation token at `i`: two bytes when it starts one of `pairs` (`<>`,
/// `=>`, …), else its one character (one byte at the end of the text).
pub(crate) fn punct_len(src: &str, i: usize, pairs: &[&str]) -> usize {
    let two = src.get(i..i + 2).unwrap_or("");
    if pairs.contains(&two) {
        2
    } else {
        src.get(i..).and_then(|r| r.chars().next()).map_or(1, char::len_utf8)
    }
}

/// `s` with each backslash escape replaced by what `escape` writes for the character after the
/// backslash (`None` when the backslash ends the text); other characters are kept.
pub(crate) fn unescape(s: &str, mut escape: impl FnMut(Option<char>, &mut String)) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            escape(chars.next(), &mut out);
        } else {
            out.push(c);
        }
    }
    out
}

/// Where the quoted string or name that opens at `b[open]` ends: the index of its closing quote
/// (the same character; doubled, it stands for itself), or `None` when the text ends first.
/// The CQL importer and the workload tokenizer (`analysis::access`) read quotes this way.
pub(crate) fn quoted_end(b: &[u8], open: usize) -> Option<usize> {
    let quote = *b.get(open)?;
    let mut j = open + 1;
    loop {
        match b.get(j) {
            None => return None,
            Some(&c) if c == quote && b.get(j + 1) == Some(&quote) => j += 2,
            Some(&c) if c == quote => return Some(j),
            _ => j += 1,
        }
    }
}

/// +1 for `(`, -1 for `)`, 0 otherwise.
pub fn paren_delta(src: &str, t: &Token) -> i32 {
    if t.kind != Tk::Sym {
        return 0;
    }
    // Bytes, not a string match: this runs for every token of every statement.
    match src.as_bytes().get(t.start as usize..t.end as usize) {
        Some([b'(']) => 1,
        Some([b')']) => -1,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::{closed_at, line_end, punct_len, scan_lines, unescape, word_end};

    #[test]
    fn shared_scanning_steps_find_the_ends_of_comments_strings_and_names() {
        let src = "-- c\n/* b */ $$x$$ name_1+";
        assert_eq!(line_end(src, 0), 4);
        assert_eq!(line_end(src, 5), src.len());
        assert_eq!(closed_at(src, 7, "*/"), Some(12));
        assert_eq!(closed_at(src, 15, "$$"), Some(18));
        assert_eq!(closed_at(src, 15, "*/"), None);
        assert_eq!(word_end(src.as_bytes(), 19), 25);
        assert_eq!(punct_len("<>=", 0, &["<>"]), 2);
        assert_eq!(punct_len("<>=", 1, &["<>"]), 1);
        assert_eq!(punct_len("é", 0, &[]), 2);
        assert_eq!(punct_len("", 0, &[]), 1);
    }

    #[test]
    fn scan_lines_keeps_newlines_skips_blanks_and_stops_where_the_reader_says() {
        // Each other byte is read as a one-byte token; `!` ends the scan.
        let read = |out: &mut Vec<(char, usize)>, i: usize, c: u8| (c != b'!').then(|| out.push((c as char, i))).map(|()| i + 1);
        let newline = |i| ('\n', i);
        assert_eq!(scan_lines("a b\r\n\tc", newline, read), [('a', 0), ('b', 2), ('\n', 4), ('c', 6)]);
        assert_eq!(scan_lines("a\n!b", newline, read), [('a', 0), ('\n', 1)]);
    }

    #[test]
    fn unescape_hands_each_escaped_character_to_the_caller() {
        let upper = |e: Option<char>, out: &mut String| out.push(e.map_or('!', |c| c.to_ascii_uppercase()));
        assert_eq!(unescape(r"a\bc\", upper), "aBc!");
        assert_eq!(unescape("plain", upper), "plain");
    }
}
