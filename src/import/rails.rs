//! Rails `db/schema.rb` → Schema. Reads the Active Record schema DSL without running Ruby:
//! `create_table` with its options (`id:` type or `false`, `primary_key:`, `default:`,
//! `comment:`), `t.<type>` columns with `null`, `default` (values and `-> { "sql" }`), `limit`,
//! `precision`, `scale`, `array`, `comment`, `collation`; `t.virtual` (generated columns);
//! `t.references`/`t.belongs_to` (`foreign_key:`, `index:`, `polymorphic:`, `type:`);
//! `t.timestamps`; `t.index`/`add_index`; `t.check_constraint`; `add_foreign_key` (`column:`,
//! `primary_key:`, `on_delete:`, `on_update:`, `name:`); `create_enum`; `create_join_table`;
//! `enable_extension` and `create_virtual_table` (kept as statements).
//!
//! Rails conventions: a table has an `id bigint` primary key unless `id: false` (or another
//! type with `id: :uuid`); `add_foreign_key "comments", "stories"` means `comments.story_id`
//! references `stories.id`. The dialect is the adapter's: PostgreSQL when the file enables an
//! extension or uses PostgreSQL types, SQLite for `create_virtual_table`, MySQL for `ENGINE=`
//! options. Unknown calls and options are warnings with line:column.

use super::common::{fk_action, resolve_enum_types, resolve_fks, Ctx, PendingFk};
use super::ImportStats;
use crate::diagnostic::Diagnostic;
use crate::schema::{
    Check, Column, ColumnId, DataType, Dialect, EnumId, EnumType, Generated, Identity, Index, IndexId, IndexKey, IndexPart, Object,
    ObjectId, ObjectKind, PrimaryKey, Schema, SourceFormat, Table, TableId,
};

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum R {
    Word,
    /// `name:` (a hash key), its text without the colon.
    Key,
    Sym,
    Str,
    Num,
    Punct,
    Newline,
}

#[derive(Copy, Clone, Debug)]
struct T {
    kind: R,
    start: usize,
    end: usize,
}

/// A Ruby value of the schema DSL.
#[derive(Clone, Debug, PartialEq)]
enum V {
    Str(String),
    Sym(String),
    Num(String),
    Bool(bool),
    Nil,
    /// `-> { "sql" }`: the SQL.
    Lambda(String),
    Array(Vec<V>),
    Hash(Vec<(String, V)>),
    /// Anything else, as written.
    Other(String),
}

impl V {
    fn name(&self) -> Option<&str> {
        match self {
            V::Str(s) | V::Sym(s) => Some(s),
            _ => None,
        }
    }
}

/// A method call: `recv.name args, key: value do |x|`.
#[derive(Debug)]
struct Call {
    recv: Option<String>,
    name: String,
    args: Vec<V>,
    opts: Vec<(String, V)>,
    block: bool,
    at: (usize, usize),
}

impl Call {
    fn opt(&self, k: &str) -> Option<&V> {
        self.opts.iter().find(|(n, _)| n == k).map(|(_, v)| v)
    }
}

fn scan(src: &str, ctx: &mut Ctx) -> Vec<T> {
    let b = src.as_bytes();
    let newline = |start| T { kind: R::Newline, start, end: start + 1 };
    super::lex::scan_lines(src, newline, |out, i, c| {
        let start = i;
        match c {
            b'\\' if b.get(i + 1) == Some(&b'\n') => Some(i + 2),
            b'#' => Some(super::lex::line_end(src, i)),
            b'"' | b'\'' => {
                let mut j = i + 1;
                while let Some(&cj) = b.get(j)
                    && cj != c
                {
                    if cj == b'\\' {
                        j += 1;
                    }
                    j += 1;
                }
                if j >= b.len() {
                    ctx.error(start, start + 1, format!("unterminated string: `{}` without its closing `{}`", c as char, c as char));
                    return None;
                }
                let i = j + 1;
                // `"name":` is a hash key too.
                if b.get(i) == Some(&b':') && b.get(i + 1) != Some(&b':') {
                    out.push(T { kind: R::Key, start: start + 1, end: j });
                    Some(i + 1)
                } else {
                    out.push(T { kind: R::Str, start, end: i });
                    Some(i)
                }
            }
            b':' if b.get(i + 1).is_some_and(|n| n.is_ascii_alphabetic() || *n == b'_' || *n == b'"') => {
                if b.get(i + 1) == Some(&b'"') {
                    let end = src[i + 2..].find('"').map(|n| i + 2 + n).unwrap_or(b.len());
                    out.push(T { kind: R::Sym, start: i + 2, end });
                    Some((end + 1).min(b.len()))
                } else {
                    let mut j = i + 1;
                    while b.get(j).is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'_' || c == b'?' || c == b'!') {
                        j += 1;
                    }
                    out.push(T { kind: R::Sym, start: i + 1, end: j });
                    Some(j)
                }
            }
            c if c.is_ascii_digit() || (c == b'-' && b.get(i + 1).is_some_and(|d| d.is_ascii_digit())) => {
                let mut j = i + 1;
                while b.get(j).is_some_and(|&c| c.is_ascii_digit() || c == b'_' || (c == b'.' && b.get(j + 1).is_some_and(|d| d.is_ascii_digit())) || c == b'e') {
                    j += 1;
                }
                out.push(T { kind: R::Num, start, end: j });
                Some(j)
            }
            c if c.is_ascii_alphabetic() || c == b'_' || c == b'@' => {
                let mut j = i + 1;
                while b.get(j).is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'_' || c == b'?' || c == b'!') {
                    j += 1;
                }
                // `Mod::Name` is one word.
                while src[j..].starts_with("::") && b.get(j + 2).is_some_and(|n| n.is_ascii_alphabetic()) {
                    j += 2;
                    while b.get(j).is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'_') {
                        j += 1;
                    }
                }
                if b.get(j) == Some(&b':') && b.get(j + 1) != Some(&b':') {
                    out.push(T { kind: R::Key, start, end: j });
                    Some(j + 1)
                } else {
                    out.push(T { kind: R::Word, start, end: j });
                    Some(j)
                }
            }
            _ => {
                let len = super::lex::punct_len(src, i, &["->", "=>"]);
                out.push(T { kind: R::Punct, start, end: i + len });
                Some(i + len)
            }
        }
    })
}

fn ruby_string(src: &str, t: &T) -> String {
    let s = src.get(t.start..t.end).unwrap_or("");
    let q = s.chars().next().unwrap_or('"');
    let inner = s.get(1..s.len().saturating_sub(1)).unwrap_or("");
    super::lex::unescape(inner, |e, out| match (q, e) {
        ('"', Some('n')) => out.push('\n'),
        ('"', Some('t')) => out.push('\t'),
        ('"', Some('r')) => out.push('\r'),
        ('"', Some('0')) => out.push('\0'),
        ('\'', Some(o)) if o != '\'' && o != '\\' => {
            out.push('\\');
            out.push(o);
        }
        (_, Some(o)) => out.push(o),
        (_, None) => out.push('\\'),
    })
}

struct P<'a> {
    src: &'a str,
    toks: Vec<T>,
    i: usize,
    ctx: Ctx<'a>,
}

impl<'a> P<'a> {
    fn tok(&self) -> Option<T> {
        self.toks.get(self.i).copied()
    }
    fn text(&self, t: T) -> &'a str {
        self.src.get(t.start..t.end).unwrap_or("")
    }
    fn punct(&self, s: &str) -> bool {
        self.tok().is_some_and(|t| t.kind == R::Punct && self.text(t) == s)
    }
    fn word(&self, s: &str) -> bool {
        self.tok().is_some_and(|t| t.kind == R::Word && self.text(t) == s)
    }
    fn skip_nl(&mut self) {
        while self.tok().is_some_and(|t| t.kind == R::Newline || (t.kind == R::Punct && self.text(t) == ";")) {
            self.i += 1;
        }
    }
    fn skip_line(&mut self) {
        let mut depth = 0i32;
        while let Some(t) = self.tok() {
            if t.kind == R::Newline && depth <= 0 {
                return;
            }
            if t.kind == R::Punct {
                match self.text(t) {
                    "(" | "[" | "{" => depth += 1,
                    ")" | "]" | "}" => depth -= 1,
                    _ => {}
                }
            }
            self.i += 1;
        }
    }

    /// A value, with at most 32 levels of arrays and hashes.
    fn value(&mut self, depth: usize) -> Option<V> {
        let t = self.tok()?;
        if depth > 32 {
            self.ctx.error(t.start, t.end, "values nested more than 32 deep");
            return None;
        }
        let text = self.text(t);
        match t.kind {
            R::Str => {
                self.i += 1;
                Some(V::Str(ruby_string(self.src, &t)))
            }
            R::Sym => {
                self.i += 1;
                Some(V::Sym(text.to_string()))
            }
            R::Num => {
                self.i += 1;
                Some(V::Num(text.replace('_', "")))
            }
            R::Word => {
                self.i += 1;
                Some(self.word_value(t))
            }
            R::Punct if text == "->" => Some(self.lambda_value()),
            R::Punct if text == "[" => self.array_value(depth),
            R::Punct if text == "{" => self.hash_value(depth),
            R::Punct if text == "%" => self.word_array(),
            _ => None,
        }
    }

    /// The value of word `t` (already consumed): `true`, `false`, `nil`, or as written to the
    /// end of its call (`BigDecimal("1.5")`, `Float::INFINITY`, …).
    fn word_value(&mut self, t: T) -> V {
        let text = self.text(t);
        match text {
            "true" => V::Bool(true),
            "false" => V::Bool(false),
            "nil" => V::Nil,
            _ => {
                // `BigDecimal("1.5")`, `Float::INFINITY`, …: as written to the end of the call.
                if self.punct("(") {
                    let from = t.start;
                    let mut depth = 0;
                    while let Some(x) = self.tok() {
                        self.i += 1;
                        match self.text(x) {
                            "(" => depth += 1,
                            ")" => {
                                depth -= 1;
                                if depth == 0 {
                                    return V::Other(self.src.get(from..x.end).unwrap_or("").to_string());
                                }
                            }
                            _ => {}
                        }
                    }
                }
                V::Other(text.to_string())
            }
        }
    }

    /// A lambda at its `->`: `-> { "SQL" }` gives the SQL of its body.
    fn lambda_value(&mut self) -> V {
        self.i += 1;
        if !self.punct("{") {
            return V::Other("->".into());
        }
        self.i += 1;
        let mut sql = String::new();
        while let Some(x) = self.tok() {
            self.i += 1;
            match x.kind {
                R::Punct if self.text(x) == "}" => break,
                R::Str => sql.push_str(&ruby_string(self.src, &x)),
                R::Newline => {}
                _ => sql.push_str(self.text(x)),
            }
        }
        V::Lambda(sql)
    }

    /// An array at its `[` (`depth`: of the array itself).
    fn array_value(&mut self, depth: usize) -> Option<V> {
        self.i += 1;
        let mut items = Vec::new();
        loop {
            let x = self.tok()?;
            if x.kind == R::Newline || self.text(x) == "," {
                self.i += 1;
                continue;
            }
            if self.text(x) == "]" {
                self.i += 1;
                return Some(V::Array(items));
            }
            items.push(self.value(depth + 1)?);
        }
    }

    /// A hash at its `{`: `key: value` and `key => value` pairs (`depth`: of the hash itself).
    fn hash_value(&mut self, depth: usize) -> Option<V> {
        self.i += 1;
        let mut pairs = Vec::new();
        loop {
            let x = self.tok()?;
            if x.kind == R::Newline || self.text(x) == "," {
                self.i += 1;
                continue;
            }
            if self.text(x) == "}" {
                self.i += 1;
                return Some(V::Hash(pairs));
            }
            let key = match x.kind {
                R::Key => {
                    self.i += 1;
                    self.text(x).to_string()
                }
                _ => {
                    let k = self.value(depth + 1)?;
                    if !self.punct("=>") {
                        return None;
                    }
                    self.i += 1;
                    k.name().unwrap_or("").to_string()
                }
            };
            pairs.push((key, self.value(depth + 1)?));
        }
    }

    /// `%w[a b]` (strings) or `%i[a b]` (symbols) at its `%`; `None` for any other `%`.
    fn word_array(&mut self) -> Option<V> {
        let kind = self.toks.get(self.i + 1).map(|x| self.text(*x)).unwrap_or("");
        if (kind == "w" || kind == "i") && self.toks.get(self.i + 2).is_some_and(|x| self.text(*x) == "[") {
            self.i += 3;
            let mut items = Vec::new();
            while let Some(x) = self.tok() {
                self.i += 1;
                if self.text(x) == "]" {
                    break;
                }
                if x.kind != R::Newline {
                    items.push(if kind == "w" { V::Str(self.text(x).to_string()) } else { V::Sym(self.text(x).to_string()) });
                }
            }
            return Some(V::Array(items));
        }
        None
    }

    /// A call statement at the cursor, or `None` (error reported, line skipped).
    fn call(&mut self) -> Option<Call> {
        let first = self.tok()?;
        if first.kind != R::Word {
            self.ctx.error(first.start, first.end, format!("unexpected `{}`: expected a schema statement", self.text(first)));
            self.skip_line();
            return None;
        }
        self.i += 1;
        let mut recv = None;
        let mut name = self.text(first).to_string();
        // `t.string`, `ActiveRecord::Schema[7.1].define`.
        if self.punct("[") {
            while self.tok().is_some_and(|t| self.text(t) != "]" && t.kind != R::Newline) {
                self.i += 1;
            }
            self.i += 1;
        }
        if self.punct(".") {
            self.i += 1;
            if let Some(t) = self.tok().filter(|t| t.kind == R::Word) {
                recv = Some(name);
                name = self.text(t).to_string();
                self.i += 1;
            }
        }
        let paren = self.punct("(");
        if paren {
            self.i += 1;
        }
        let mut args = Vec::new();
        let mut opts = Vec::new();
        while let Some(t) = self.tok() {
            let text = self.text(t);
            if t.kind == R::Newline {
                if paren || self.toks.get(self.i.wrapping_sub(1)).is_some_and(|p| self.text(*p) == ",") {
                    self.i += 1;
                    continue;
                }
                break;
            }
            if t.kind == R::Punct && text == "," {
                self.i += 1;
                continue;
            }
            if paren && t.kind == R::Punct && text == ")" {
                self.i += 1;
                break;
            }
            if t.kind == R::Word && text == "do" {
                break;
            }
            if t.kind == R::Key {
                self.i += 1;
                let key = text.to_string();
                match self.value(0) {
                    Some(v) => opts.push((key, v)),
                    None => {
                        let (s, e) = self.tok().map(|x| (x.start, x.end)).unwrap_or((t.start, t.end));
                        self.ctx.error(s, e, format!("expected a value for `{key}:`"));
                        self.skip_line();
                        return None;
                    }
                }
                continue;
            }
            match self.value(0) {
                Some(v) => {
                    if self.punct("=>") {
                        self.i += 1;
                        let key = v.name().unwrap_or("").to_string();
                        if let Some(val) = self.value(0) {
                            opts.push((key, val));
                        }
                    } else {
                        args.push(v);
                    }
                }
                None => {
                    self.ctx.error(t.start, t.end, format!("unexpected `{text}` in `{name}`"));
                    self.skip_line();
                    return None;
                }
            }
        }
        let mut block = false;
        if self.word("do") {
            block = true;
            self.i += 1;
            if self.punct("|") {
                self.i += 1;
                while self.tok().is_some_and(|t| self.text(t) != "|" && t.kind != R::Newline) {
                    self.i += 1;
                }
                self.i += 1;
            }
        }
        let end = self.toks.get(self.i.saturating_sub(1)).map(|t| t.end).unwrap_or(first.end);
        Some(Call { recv, name, args, opts, block, at: (first.start, end.max(first.end)) })
    }

    /// Skips a block body to its `end` (nested `do … end` counted).
    fn skip_block(&mut self) {
        let mut depth = 1;
        while let Some(t) = self.tok() {
            self.i += 1;
            if t.kind == R::Word {
                match self.text(t) {
                    "do" => depth += 1,
                    "end" => {
                        depth -= 1;
                        if depth == 0 {
                            return;
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

struct B {
    dialect: Dialect,
    /// `ActiveRecord::Schema[7.x]`: datetimes default to precision 6.
    precision6: bool,
    pending: Vec<PendingFk>,
    /// `add_foreign_key` without `column:`: resolved against the table's columns at the end.
    guessed: Vec<usize>,
}

fn sql_string(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// The SQL default of a `default:` option.
fn default_sql(v: &V) -> Option<String> {
    Some(match v {
        V::Str(s) | V::Sym(s) => sql_string(s),
        V::Num(n) => n.clone(),
        V::Bool(b) => b.to_string(),
        V::Nil => return None,
        V::Lambda(sql) => sql.clone(),
        V::Array(items) => {
            let parts: Vec<String> = items.iter().map(|i| match i {
                V::Str(s) | V::Sym(s) => format!("\"{}\"", s.replace('"', "\\\"")),
                V::Num(n) => n.clone(),
                V::Bool(b) => b.to_string(),
                _ => "NULL".into(),
            }).collect();
            sql_string(&format!("{{{}}}", parts.join(",")))
        }
        V::Hash(pairs) if pairs.is_empty() => "'{}'".into(),
        V::Hash(_) | V::Other(_) => return None,
    })
}

impl B {
    /// The SQL type of a Rails column type with its `limit`, `precision`, `scale`.
    fn sql_type(&self, ty: &str, c: &Call) -> String {
        let num = |k: &str| match c.opt(k) {
            Some(V::Num(n)) => Some(n.clone()),
            _ => None,
        };
        let (limit, precision, scale) = (num("limit"), num("precision"), num("scale"));
        let pg = self.dialect == Dialect::Postgres;
        let my = self.dialect == Dialect::Mysql;
        let with = |base: &str, arg: Option<String>| match arg {
            Some(a) => format!("{base}({a})"),
            None => base.to_string(),
        };
        let datetime = |base: &str| {
            let p = if c.opt("precision") == Some(&V::Nil) { None } else { precision.clone().or_else(|| self.precision6.then(|| "6".to_string())) };
            with(base, p)
        };
        let mut s = match ty {
            "string" => with(if pg { "character varying" } else { "varchar" }, limit.clone().or_else(|| my.then(|| "255".into()))),
            "text" if my => match limit.as_deref().and_then(|l| l.parse::<u64>().ok()) {
                Some(l) if l > 16_777_215 => "longtext".into(),
                Some(l) if l > 65_535 => "mediumtext".into(),
                Some(l) if l <= 255 => "tinytext".into(),
                _ => "text".into(),
            },
            "integer" => match limit.as_deref() {
                Some("1") if my => "tinyint".into(),
                Some("2") => "smallint".into(),
                Some("3") if my => "mediumint".into(),
                Some("8") => "bigint".into(),
                _ if my => "int".into(),
                _ => "integer".into(),
            },
            "float" => if pg { "double precision".into() } else { "float".into() },
            "decimal" | "numeric" => match (precision.clone(), scale.clone()) {
                (Some(p), Some(s)) => format!("{}({p},{s})", if pg { "numeric" } else { "decimal" }),
                (Some(p), None) => format!("{}({p})", if pg { "numeric" } else { "decimal" }),
                _ => if pg { "numeric".into() } else { "decimal".into() },
            },
            "datetime" => {
                if pg { datetime("timestamp") } else { datetime("datetime") }
            }
            "timestamp" => datetime("timestamp"),
            "timestamptz" => datetime("timestamptz"),
            "time" => with("time", precision.clone()),
            "binary" | "blob" => if pg { "bytea".into() } else { with("blob", limit.clone()) },
            "boolean" => if my { "tinyint(1)".into() } else { "boolean".into() },
            "primary_key" => if pg { "bigserial".into() } else { "bigint".into() },
            other => other.to_string(),
        };
        if c.opt("unsigned") == Some(&V::Bool(true)) {
            s.push_str(" unsigned");
        }
        if c.opt("array") == Some(&V::Bool(true)) {
            s.push_str("[]");
        }
        s
    }

    fn identity(&self) -> Identity {
        match self.dialect {
            Dialect::Mysql | Dialect::Sqlite => Identity::AutoIncrement,
            _ => Identity::Serial,
        }
    }
}

/// Rails' plural → singular for the usual English endings (`stories` → `story`, `addresses` →
/// `address`, `users` → `user`): the candidates, most likely first.
fn singulars(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (irregular, single) in [("people", "person"), ("children", "child"), ("men", "man"), ("women", "woman"), ("mice", "mouse")] {
        if let Some(p) = s.strip_suffix(irregular) {
            out.push(format!("{p}{single}"));
        }
    }
    if let Some(p) = s.strip_suffix("ies") {
        out.push(format!("{p}y"));
    }
    if let Some(p) = s.strip_suffix("es") {
        out.push(p.to_string());
    }
    if let Some(p) = s.strip_suffix('s') {
        out.push(p.to_string());
    }
    out.push(s.to_string());
    out
}

/// Rails' singular → plural, for `t.references :user, foreign_key: true` (→ `users`).
fn plural(s: &str) -> String {
    if s.ends_with('y') && !s.ends_with("ay") && !s.ends_with("ey") && !s.ends_with("oy") {
        format!("{}ies", &s[..s.len() - 1])
    } else if s.ends_with('s') || s.ends_with('x') || s.ends_with("ch") || s.ends_with("sh") {
        format!("{s}es")
    } else if s == "person" {
        "people".into()
    } else {
        format!("{s}s")
    }
}

pub(super) fn import(src: &str) -> (Schema, Vec<Diagnostic>, ImportStats) {
    let mut ctx = Ctx::new(src);
    let toks = scan(src, &mut ctx);
    let lower = src.to_ascii_lowercase();
    let dialect = if lower.contains("create_virtual_table") {
        Dialect::Sqlite
    } else if lower.contains("enable_extension") || lower.contains("create_enum") || lower.contains("t.jsonb") || lower.contains("t.uuid") {
        Dialect::Postgres
    } else if lower.contains("engine=") || lower.contains("charset: \"utf8") || lower.contains("unsigned: true") {
        Dialect::Mysql
    } else {
        Dialect::Postgres
    };
    let precision6 = src.contains("ActiveRecord::Schema[") && !src.contains("ActiveRecord::Schema[6") && !src.contains("ActiveRecord::Schema[5");
    let mut schema = Schema::new(dialect);
    schema.source = SourceFormat::Rails;
    let mut b = B { dialect, precision6, pending: Vec::new(), guessed: Vec::new() };
    let mut p = P { src, toks, i: 0, ctx };
    run(&mut p, &mut b, &mut schema);
    let mut ctx = p.ctx;
    // `add_foreign_key` without `column:`: the singular of the target + `_id` that the table has.
    for &k in &b.guessed {
        let Some(fk) = b.pending.get_mut(k) else { continue };
        let Some(tid) = super::common::find_table(&schema, None, fk.table.as_deref().unwrap_or("")) else { continue };
        let Some(t) = schema.table(tid) else { continue };
        for cand in singulars(&fk.ref_table) {
            let col = format!("{cand}_id");
            if t.columns.iter().any(|c| c.name == col) {
                fk.columns = vec![col];
                break;
            }
        }
    }
    let pending = std::mem::take(&mut b.pending);
    resolve_fks(&mut schema, &mut ctx, pending);
    resolve_enum_types(&mut schema);
    ctx.finish(schema)
}

fn run(p: &mut P, b: &mut B, schema: &mut Schema) {
    loop {
        p.skip_nl();
        let Some(t) = p.tok() else { return };
        if t.kind == R::Word && p.text(t) == "end" {
            // The end of `define … do`.
            p.i += 1;
            continue;
        }
        let start = p.i;
        let Some(call) = p.call() else {
            if p.i == start {
                p.i += 1;
            }
            continue;
        };
        p.ctx.stats.statements += 1;
        match (call.recv.as_deref(), call.name.as_str()) {
            (Some(r), "define") if r.starts_with("ActiveRecord::Schema") => {}
            (None, "create_table") => create_table(p, b, schema, &call),
            (None, "create_join_table") => create_join_table(p, b, schema, &call),
            (None, "add_index") => {
                let table = call.args.first().and_then(V::name).unwrap_or("").to_string();
                match super::common::find_table(schema, None, &table) {
                    Some(tid) => {
                        let idx = index_from(p, schema, tid, &call, 1);
                        if let (Some(ix), Some(t)) = (idx, schema.table_mut(tid)) {
                            t.indexes.push(ix);
                        }
                    }
                    None => p.ctx.warn(call.at.0, call.at.1, format!("add_index on `{table}`, which is not a table here; not imported")),
                }
            }
            (None, "add_foreign_key") => add_foreign_key(p, b, &call),
            (None, "create_enum") => {
                let name = call.args.first().and_then(V::name).unwrap_or("").to_string();
                let values = match call.args.get(1) {
                    Some(V::Array(v)) => v.iter().filter_map(V::name).map(str::to_string).collect(),
                    _ => Vec::new(),
                };
                let id = EnumId(schema.fresh_id());
                let span = Some(p.ctx.span(call.at.0, call.at.1));
                schema.enums.push(EnumType { id, schema: None, name, values, span });
            }
            (None, "enable_extension") => {
                let name = call.args.first().and_then(V::name).unwrap_or("").to_string();
                kept(p, schema, &call, ObjectKind::Extension, name.clone(), format!("CREATE EXTENSION IF NOT EXISTS \"{}\"", name.replace('"', "\"\"")), Dialect::Postgres);
            }
            (None, "create_virtual_table") => {
                let name = call.args.first().and_then(V::name).unwrap_or("").to_string();
                let module = call.args.get(1).and_then(V::name).unwrap_or("").to_string();
                let args: Vec<String> = match call.args.get(2) {
                    Some(V::Array(v)) => v.iter().filter_map(V::name).map(str::to_string).collect(),
                    _ => Vec::new(),
                };
                let sql = format!("CREATE VIRTUAL TABLE \"{}\" USING {module}({})", name.replace('"', "\"\""), args.join(", "));
                kept(p, schema, &call, ObjectKind::Other, name, sql, Dialect::Sqlite);
                p.ctx.diag(crate::diagnostic::Severity::Info, call.at.0, call.at.1, "a virtual table is kept as its statement, not drawn as a table");
            }
            _ => {
                p.ctx.warn(call.at.0, call.at.1, format!("`{}` is not a schema.rb statement erdsmith reads; skipped", call.name));
                p.ctx.stats.skipped += 1;
                if call.block {
                    p.skip_block();
                }
            }
        }
    }
}

fn kept(p: &mut P, schema: &mut Schema, call: &Call, kind: ObjectKind, name: String, sql: String, dialect: Dialect) {
    let id = ObjectId(schema.fresh_id());
    let span = Some(p.ctx.span(call.at.0, call.at.1));
    schema.objects.push(Object { id, kind, schema: None, name, table: None, sql, dialect, span });
}

fn create_table(p: &mut P, b: &mut B, schema: &mut Schema, call: &Call) {
    let name = call.args.first().and_then(V::name).unwrap_or("").to_string();
    if name.is_empty() {
        p.ctx.error(call.at.0, call.at.1, "create_table without a table name");
        if call.block {
            p.skip_block();
        }
        return;
    }
    let tid = TableId(schema.fresh_id());
    let mut t = Table::new(tid, None, name.clone());
    t.span = Some(p.ctx.span(call.at.0, call.at.1));
    if let Some(V::Str(c)) = call.opt("comment") {
        t.comment = Some(c.clone());
    }
    // The implicit primary key.
    let pk_opt = call.opt("primary_key");
    let id_opt = call.opt("id");
    let composite: Option<Vec<String>> = match pk_opt {
        Some(V::Array(v)) => Some(v.iter().filter_map(V::name).map(str::to_string).collect()),
        _ => None,
    };
    if id_opt != Some(&V::Bool(false)) && composite.is_none() {
        let pk_name = pk_opt.and_then(V::name).unwrap_or("id").to_string();
        let ty = match id_opt {
            Some(V::Sym(s)) | Some(V::Str(s)) => s.clone(),
            _ => "bigint".into(),
        };
        let cid = ColumnId(schema.fresh_id());
        let raw = match ty.as_str() {
            "bigint" | "integer" | "primary_key" | "serial" | "bigserial" => {
                let base = if ty == "integer" || ty == "serial" { "integer" } else { "bigint" };
                if b.dialect == Dialect::Mysql && base == "integer" { "int".to_string() } else { base.to_string() }
            }
            other => b.sql_type(other, call),
        };
        let mut c = Column::new(cid, pk_name, DataType::parse(&raw));
        c.nullable = false;
        if matches!(ty.as_str(), "bigint" | "integer" | "primary_key" | "serial" | "bigserial") && call.opt("default").is_none() {
            c.identity = Some(b.identity());
        }
        c.default = call.opt("default").and_then(default_sql);
        t.columns.push(c);
        t.primary_key = Some(PrimaryKey { name: None, columns: vec![cid], options: None });
    }
    for (k, v) in &call.opts {
        match k.as_str() {
            "id" | "primary_key" | "force" | "comment" | "default" | "if_not_exists" | "temporary" => {}
            "options" => {
                if let V::Str(o) = v {
                    t.text.options = Some(o.clone());
                }
            }
            "charset" | "collation" => {}
            _ => p.ctx.warn(call.at.0, call.at.1, format!("create_table option `{k}:` is not imported")),
        }
    }
    if !call.block {
        schema.tables.push(t);
        return;
    }
    // The block: `t.<type> "name", options` to `end`.
    let mut refs_index: Vec<Index> = Vec::new();
    loop {
        p.skip_nl();
        let Some(tok) = p.tok() else {
            p.ctx.error(call.at.0, call.at.1, format!("create_table `{name}` without its `end`"));
            break;
        };
        if tok.kind == R::Word && p.text(tok) == "end" {
            p.i += 1;
            break;
        }
        let start = p.i;
        let Some(c) = p.call() else {
            if p.i == start {
                p.i += 1;
            }
            continue;
        };
        if c.block {
            p.skip_block();
        }
        if c.recv.is_none() {
            p.ctx.warn(c.at.0, c.at.1, format!("`{}` inside create_table is not imported", c.name));
            continue;
        }
        table_call(p, b, schema, &mut t, &c, &mut refs_index);
    }
    if let Some(cols) = composite {
        let ids: Vec<ColumnId> = cols.iter().filter_map(|n| t.columns.iter().find(|c| &c.name == n).map(|c| c.id)).collect();
        if ids.len() == cols.len() {
            for c in &mut t.columns {
                if ids.contains(&c.id) {
                    c.nullable = false;
                }
            }
            t.primary_key = Some(PrimaryKey { name: None, columns: ids, options: None });
        } else {
            p.ctx.warn(call.at.0, call.at.1, format!("primary_key of `{name}` names a column it does not have; no primary key imported"));
        }
    }
    t.indexes.extend(refs_index);
    schema.tables.push(t);
}

fn column_from(p: &mut P, b: &B, schema: &mut Schema, t: &mut Table, c: &Call, name: &str, ty: &str) -> ColumnId {
    let raw = if ty == "enum" {
        c.opt("enum_type").and_then(V::name).unwrap_or("enum").to_string() + if c.opt("array") == Some(&V::Bool(true)) { "[]" } else { "" }
    } else {
        b.sql_type(ty, c)
    };
    let cid = ColumnId(schema.fresh_id());
    let mut col = Column::new(cid, name, DataType::parse(&raw));
    col.span = Some(p.ctx.span(c.at.0, c.at.1));
    for (k, v) in &c.opts {
        match (k.as_str(), v) {
            ("null", V::Bool(n)) => col.nullable = *n,
            ("default", v) => {
                col.default = default_sql(v);
                if col.default.is_none() && *v != V::Nil {
                    p.ctx.warn(c.at.0, c.at.1, format!("default of `{name}` is not a value erdsmith reads; not imported"));
                }
            }
            ("comment", V::Str(s)) => col.comment = Some(s.clone()),
            ("collation", V::Str(s)) => col.collation = Some(s.clone()),
            ("auto_increment", V::Bool(true)) => col.identity = Some(b.identity()),
            ("as", V::Str(expr)) => col.generated = Some(Generated { expr: expr.clone(), stored: c.opt("stored") == Some(&V::Bool(true)) }),
            ("limit" | "precision" | "scale" | "array" | "unsigned" | "enum_type" | "stored" | "type" | "index" | "foreign_key" | "polymorphic" | "primary_key", _) => {}
            ("charset", _) => {}
            _ => p.ctx.warn(c.at.0, c.at.1, format!("option `{k}:` of column `{name}` is not imported")),
        }
    }
    if c.opt("primary_key") == Some(&V::Bool(true)) {
        col.nullable = false;
        t.primary_key = Some(PrimaryKey { name: None, columns: vec![cid], options: None });
    }
    t.columns.push(col);
    cid
}

fn table_call(p: &mut P, b: &mut B, schema: &mut Schema, t: &mut Table, c: &Call, refs_index: &mut Vec<Index>) {
    match c.name.as_str() {
        "index" => {
            if let Some(ix) = build_index(p, schema, t, c, 0) {
                t.indexes.push(ix);
            }
        }
        "timestamps" => {
            for n in ["created_at", "updated_at"] {
                let mut opts: Vec<(String, V)> = c.opts.clone();
                if !opts.iter().any(|(k, _)| k == "null") {
                    opts.push(("null".into(), V::Bool(false)));
                }
                let call = Call { recv: None, name: "datetime".into(), args: Vec::new(), opts, block: false, at: c.at };
                column_from(p, b, schema, t, &call, n, "datetime");
            }
        }
        "check_constraint" => {
            let expr = c.args.first().and_then(V::name).unwrap_or("").to_string();
            let name = c.opt("name").and_then(V::name).map(str::to_string);
            t.checks.push(Check::new(name, expr));
        }
        "references" | "belongs_to" => {
            for arg in &c.args {
                let Some(r) = arg.name() else { continue };
                let ty = c.opt("type").and_then(V::name).unwrap_or("bigint").to_string();
                let mut cols = Vec::new();
                if c.opt("polymorphic").is_some_and(|v| *v != V::Bool(false)) {
                    let call = Call { recv: None, name: "string".into(), args: Vec::new(), opts: c.opts.iter().filter(|(k, _)| k == "null").cloned().collect(), block: false, at: c.at };
                    cols.push(column_from(p, b, schema, t, &call, &format!("{r}_type"), "string"));
                }
                let id = column_from(p, b, schema, t, c, &format!("{r}_id"), &ty);
                cols.push(id);
                if c.opt("index") != Some(&V::Bool(false)) {
                    let unique = matches!(c.opt("index"), Some(V::Hash(h)) if h.iter().any(|(k, v)| k == "unique" && *v == V::Bool(true)));
                    let ix = IndexId(schema.fresh_id());
                    let keys = cols.iter().rev().map(|c| IndexKey { part: IndexPart::Column(*c), descending: false, extra: None }).collect::<Vec<_>>();
                    let keys = if cols.len() == 2 { keys.into_iter().rev().collect() } else { keys };
                    refs_index.push(Index { id: ix, name: Some(format!("index_{}_on_{}", t.name, if cols.len() == 2 { format!("{r}_type_and_{r}_id") } else { format!("{r}_id") })), unique, keys, method: None, predicate: None, include: Vec::new(), span: Some(p.ctx.span(c.at.0, c.at.1)), options: None });
                }
                match c.opt("foreign_key") {
                    None | Some(V::Bool(false)) => {}
                    Some(fk) => {
                        let to = match fk {
                            V::Hash(h) => h.iter().find(|(k, _)| k == "to_table").and_then(|(_, v)| v.name()).map(str::to_string),
                            _ => None,
                        };
                        b.pending.push(PendingFk {
                            table: Some(t.name.clone()),
                            columns: vec![format!("{r}_id")],
                            ref_table: to.unwrap_or_else(|| plural(r)),
                            ref_columns: vec!["id".into()],
                            at: c.at,
                            ..PendingFk::default()
                        });
                    }
                }
            }
        }
        "column" => {
            let name = c.args.first().and_then(V::name).unwrap_or("").to_string();
            let ty = c.args.get(1).and_then(V::name).unwrap_or("string").to_string();
            column_from(p, b, schema, t, c, &name, &ty);
        }
        "virtual" => {
            let name = c.args.first().and_then(V::name).unwrap_or("").to_string();
            let ty = c.opt("type").and_then(V::name).unwrap_or("string").to_string();
            column_from(p, b, schema, t, c, &name, &ty);
        }
        ty => {
            if c.args.is_empty() {
                p.ctx.warn(c.at.0, c.at.1, format!("`t.{ty}` without a column name; not imported"));
                return;
            }
            for arg in &c.args {
                match arg.name() {
                    Some(name) => {
                        column_from(p, b, schema, t, c, name, ty);
                    }
                    None => p.ctx.warn(c.at.0, c.at.1, format!("`t.{ty}` with a column name that is not a string or symbol")),
                }
            }
        }
    }
}

fn index_from(p: &mut P, schema: &mut Schema, tid: TableId, c: &Call, first: usize) -> Option<Index> {
    let t = schema.table(tid)?.clone();
    build_index(p, schema, &t, c, first)
}

fn build_index(p: &mut P, schema: &mut Schema, t: &Table, c: &Call, first: usize) -> Option<Index> {
    let order: Vec<(String, bool)> = match c.opt("order") {
        Some(V::Hash(h)) => h.iter().map(|(k, v)| (k.clone(), v.name() == Some("desc"))).collect(),
        Some(V::Sym(s)) => t.columns.iter().map(|c| (c.name.clone(), s == "desc")).collect(),
        _ => Vec::new(),
    };
    let extra_of = |k: &str, col: &str| -> Option<String> {
        match c.opt(k) {
            Some(V::Hash(h)) => h.iter().find(|(n, _)| n == col).and_then(|(_, v)| match v {
                V::Num(n) => Some(format!("({n})")),
                other => other.name().map(str::to_string),
            }),
            Some(V::Sym(s)) | Some(V::Str(s)) if k == "opclass" => Some(s.clone()),
            _ => None,
        }
    };
    let mut keys = Vec::new();
    match c.args.get(first) {
        Some(V::Array(cols)) => {
            for v in cols {
                let Some(n) = v.name() else { continue };
                let Some(col) = t.columns.iter().find(|x| x.name == n) else {
                    p.ctx.warn(c.at.0, c.at.1, format!("index names `{n}`, which is not a column of `{}`; not imported", t.name));
                    return None;
                };
                let descending = order.iter().any(|(o, d)| o == n && *d);
                let extra = extra_of("opclass", n).or_else(|| extra_of("length", n));
                keys.push(IndexKey { part: IndexPart::Column(col.id), descending, extra });
            }
        }
        Some(V::Str(s)) | Some(V::Sym(s)) => match t.columns.iter().find(|x| &x.name == s) {
            Some(col) => keys.push(IndexKey { part: IndexPart::Column(col.id), descending: false, extra: None }),
            None => keys.push(IndexKey { part: IndexPart::Expression(s.clone()), descending: false, extra: None }),
        },
        _ => {
            p.ctx.warn(c.at.0, c.at.1, "index without columns; not imported");
            return None;
        }
    }
    let mut include = Vec::new();
    if let Some(V::Array(v)) = c.opt("include") {
        include = v.iter().filter_map(V::name).filter_map(|n| t.columns.iter().find(|x| x.name == n)).map(|x| x.id).collect();
    }
    for (k, _) in &c.opts {
        if !matches!(k.as_str(), "name" | "unique" | "where" | "using" | "order" | "opclass" | "length" | "include" | "if_not_exists" | "algorithm" | "nulls_not_distinct" | "type") {
            p.ctx.warn(c.at.0, c.at.1, format!("index option `{k}:` is not imported"));
        }
    }
    let id = IndexId(schema.fresh_id());
    Some(Index {
        id,
        name: c.opt("name").and_then(V::name).map(str::to_string),
        unique: c.opt("unique") == Some(&V::Bool(true)),
        keys,
        method: c.opt("using").and_then(V::name).map(|s| s.to_ascii_lowercase()).or_else(|| c.opt("type").and_then(V::name).map(|s| s.to_ascii_lowercase())),
        predicate: c.opt("where").and_then(V::name).map(str::to_string),
        include,
        span: Some(p.ctx.span(c.at.0, c.at.1)),
        options: None,
    })
}

fn add_foreign_key(p: &mut P, b: &mut B, c: &Call) {
    let (Some(from), Some(to)) = (c.args.first().and_then(V::name), c.args.get(1).and_then(V::name)) else {
        p.ctx.error(c.at.0, c.at.1, "add_foreign_key needs the table and the table it references");
        return;
    };
    let names = |v: Option<&V>| -> Option<Vec<String>> {
        match v? {
            V::Array(a) => Some(a.iter().filter_map(V::name).map(str::to_string).collect()),
            other => other.name().map(|n| vec![n.to_string()]),
        }
    };
    let columns = names(c.opt("column"));
    let guessed = columns.is_none();
    let mut fk = PendingFk {
        table: Some(from.to_string()),
        columns: columns.unwrap_or_else(|| vec![format!("{}_id", singulars(to).first().cloned().unwrap_or_default())]),
        ref_table: to.to_string(),
        ref_columns: names(c.opt("primary_key")).unwrap_or_else(|| vec!["id".into()]),
        name: c.opt("name").and_then(V::name).map(str::to_string),
        at: c.at,
        ..PendingFk::default()
    };
    for (k, v) in &c.opts {
        match k.as_str() {
            "on_delete" | "on_update" => match v.name().and_then(fk_action) {
                Some(a) if k == "on_delete" => fk.on_delete = a,
                Some(a) => fk.on_update = a,
                None => p.ctx.warn(c.at.0, c.at.1, format!("`{k}:` is not a referential action erdsmith knows; not imported")),
            },
            "column" | "primary_key" | "name" => {}
            "validate" | "deferrable" => p.ctx.warn(c.at.0, c.at.1, format!("foreign key option `{k}:` is not imported")),
            _ => p.ctx.warn(c.at.0, c.at.1, format!("foreign key option `{k}:` is not imported")),
        }
    }
    if guessed {
        b.guessed.push(b.pending.len());
    }
    b.pending.push(fk);
}

fn create_join_table(p: &mut P, b: &mut B, schema: &mut Schema, c: &Call) {
    let (Some(a), Some(z)) = (c.args.first().and_then(V::name), c.args.get(1).and_then(V::name)) else {
        p.ctx.error(c.at.0, c.at.1, "create_join_table needs two table names");
        return;
    };
    let mut pair = [a.to_string(), z.to_string()];
    pair.sort();
    let name = c.opt("table_name").and_then(V::name).map(str::to_string).unwrap_or_else(|| format!("{}_{}", pair[0], pair[1]));
    let tid = TableId(schema.fresh_id());
    let mut t = Table::new(tid, None, name);
    t.span = Some(p.ctx.span(c.at.0, c.at.1));
    for side in [a, z] {
        let col = format!("{}_id", singulars(side).first().cloned().unwrap_or_else(|| side.to_string()));
        let call = Call { recv: None, name: "bigint".into(), args: Vec::new(), opts: vec![("null".into(), V::Bool(false))], block: false, at: c.at };
        column_from(p, b, schema, &mut t, &call, &col, "bigint");
    }
    if c.block {
        loop {
            p.skip_nl();
            let Some(tok) = p.tok() else { break };
            if tok.kind == R::Word && p.text(tok) == "end" {
                p.i += 1;
                break;
            }
            let start = p.i;
            match p.call() {
                Some(inner) if inner.recv.is_some() => {
                    let mut sink = Vec::new();
                    table_call(p, b, schema, &mut t, &inner, &mut sink);
                    t.indexes.extend(sink);
                }
                Some(inner) => p.ctx.warn(inner.at.0, inner.at.1, format!("`{}` inside create_join_table is not imported", inner.name)),
                None if p.i == start => p.i += 1,
                None => {}
            }
        }
    }
    schema.tables.push(t);
}
