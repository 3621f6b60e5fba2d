//! Cassandra CQL → Schema.
//!
//! Read: `CREATE KEYSPACE` (a namespace; its replication kept as a statement), `USE`,
//! `CREATE TYPE` (a user type, kept as a statement), `CREATE TABLE` (columns, `STATIC`,
//! collections, `frozen<…>`, `vector<…>`, `MASKED WITH …`, `PRIMARY KEY ((partition…),
//! clustering…)`, `WITH CLUSTERING ORDER BY (…) AND options`), `ALTER TABLE … ADD`,
//! `CREATE [CUSTOM] INDEX … USING '…' WITH OPTIONS`, `CREATE MATERIALIZED VIEW`.
//!
//! The representation: the primary key's columns are the partition key then the clustering
//! columns, in order; each key column says its role in `Column.extra` (`PARTITION KEY`,
//! `CLUSTERING KEY ASC|DESC`), a static column `STATIC`; `PrimaryKey.options` keeps the key as
//! written (`PRIMARY KEY ((a, b), c)`) and `Table.text.options` the `WITH` clause. An index's
//! class is its `method` (`SASI`, `StorageAttachedIndex`, or the class as written); a
//! `keys(…)`/`values(…)`/`entries(…)`/`full(…)` target is an expression part. Statements that
//! define nothing for the model (`DROP`, `INSERT`, `GRANT`…) are warnings naming them.

use super::common::{Ctx, find_table};
use super::ImportStats;
use super::lex::{self, CqlKind as K, CqlTok as T};
use crate::diagnostic::Diagnostic;
use crate::schema::{
    Column, ColumnId, DataType, Dialect, Index, IndexId, IndexKey, IndexPart, Object, ObjectId, ObjectKind, PrimaryKey, Schema,
    SourceFormat, Table, TableId, TypeKind, ViewId,
};

/// Splits `src` into statements of tokens (comments `--`, `//`, `/* */` skipped).
fn statements(src: &str, ctx: &mut Ctx) -> Vec<Vec<T>> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut cur: Vec<T> = Vec::new();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        let start = i;
        match c {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'-' | b'/' if b.get(i + 1) == Some(&c) => i = lex::line_end(src, i),
            b'/' if b.get(i + 1) == Some(&b'*') => match lex::closed_at(src, i + 2, "*/") {
                Some(end) => i = end,
                None => {
                    ctx.error(i, i + 2, "unterminated comment: `/*` without `*/`");
                    i = b.len();
                }
            },
            b'\'' | b'"' => match lex::quoted_end(b, i) {
                None => {
                    ctx.error(i, i + 1, "unterminated string or quoted name");
                    i = b.len();
                }
                Some(j) => {
                    cur.push(T { kind: if c == b'"' { K::QName } else { K::Str }, start, end: j + 1 });
                    i = j + 1;
                }
            },
            b'$' if b.get(i + 1) == Some(&b'$') => match lex::closed_at(src, i + 2, "$$") {
                Some(end) => {
                    cur.push(T { kind: K::Str, start, end });
                    i = end;
                }
                None => {
                    ctx.error(i, i + 2, "unterminated `$$` string");
                    i = b.len();
                }
            },
            b';' => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                i += 1;
            }
            c if c.is_ascii_digit() || (c == b'-' && b.get(i + 1).is_some_and(u8::is_ascii_digit)) => {
                let mut j = i + 1;
                while b.get(j).is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'.' || c == b'-') {
                    j += 1;
                }
                cur.push(T { kind: K::Num, start, end: j });
                i = j;
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let j = lex::word_end(b, i);
                cur.push(T { kind: K::Word, start, end: j });
                i = j;
            }
            _ => {
                let len = lex::punct_len(src, i, &[]);
                cur.push(T { kind: K::Punct, start, end: i + len });
                i += len;
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

struct P<'a> {
    src: &'a str,
    t: Vec<T>,
    i: usize,
}

impl P<'_> {
    fn text(&self, k: usize) -> &str {
        self.t.get(k).map(|t| &self.src[t.start..t.end]).unwrap_or("")
    }
    fn peek(&self) -> &str {
        self.text(self.i)
    }
    fn word(&mut self, w: &str) -> bool {
        let hit = self.t.get(self.i).is_some_and(|t| t.kind == K::Word) && self.peek().eq_ignore_ascii_case(w);
        if hit {
            self.i += 1;
        }
        hit
    }
    fn words(&mut self, ws: &[&str]) -> bool {
        let save = self.i;
        for w in ws {
            if !self.word(w) {
                self.i = save;
                return false;
            }
        }
        true
    }
    fn punct(&mut self, p: &str) -> bool {
        let hit = self.t.get(self.i).is_some_and(|t| t.kind == K::Punct) && self.peek() == p;
        if hit {
            self.i += 1;
        }
        hit
    }
    fn at(&self) -> (usize, usize) {
        match self.t.get(self.i).or(self.t.last()) {
            Some(t) => (t.start, t.end),
            None => (self.src.len(), self.src.len()),
        }
    }
    /// A name: unquoted names fold to lower case, quoted ones keep their case.
    fn name(&mut self) -> Option<String> {
        let t = *self.t.get(self.i)?;
        let s = &self.src[t.start..t.end];
        let n = match t.kind {
            K::Word => s.to_ascii_lowercase(),
            K::QName => s[1..s.len() - 1].replace("\"\"", "\""),
            _ => return None,
        };
        self.i += 1;
        Some(n)
    }
    /// `[keyspace.]name`
    fn qualified(&mut self) -> Option<(Option<String>, String)> {
        let a = self.name()?;
        if self.punct(".") {
            let b = self.name()?;
            return Some((Some(a), b));
        }
        Some((None, a))
    }
    /// The source text from token `from` to before token `to`.
    fn slice(&self, from: usize, to: usize) -> &str {
        match (self.t.get(from), to.checked_sub(1).and_then(|k| self.t.get(k))) {
            (Some(a), Some(b)) if b.end >= a.start => &self.src[a.start..b.end],
            _ => "",
        }
    }
    /// Skips a balanced group starting at an opening `(`, `<`, `{` or `[`; false when the
    /// statement ends before it closes.
    fn skip_group(&mut self) -> bool {
        let mut depth = 0i32;
        while self.i < self.t.len() {
            match self.peek() {
                "(" | "<" | "{" | "[" => depth += 1,
                ")" | ">" | "}" | "]" => depth -= 1,
                _ => {}
            }
            self.i += 1;
            if depth <= 0 {
                return true;
            }
        }
        false
    }
}

pub(super) fn import(src: &str) -> (Schema, Vec<Diagnostic>, ImportStats) {
    let mut ctx = Ctx::new(src);
    let mut schema = Schema::new(Dialect::Generic);
    schema.source = SourceFormat::Cql;
    let mut keyspace: Option<String> = None;
    for toks in statements(src, &mut ctx) {
        ctx.stats.statements += 1;
        let mut p = P { src, t: toks, i: 0 };
        let (s, _) = p.at();
        let e = p.t.last().map(|t| t.end).unwrap_or(s);
        let stmt_text = src[s..e].to_string();
        if p.word("CREATE") {
            let _ = p.words(&["OR", "REPLACE"]);
            if p.word("KEYSPACE") || p.word("SCHEMA") {
                let _ = p.words(&["IF", "NOT", "EXISTS"]);
                let Some(name) = p.name() else {
                    ctx.error(s, e, "CREATE KEYSPACE without a name; not imported");
                    continue;
                };
                if !schema.namespaces.contains(&name) {
                    schema.namespaces.push(name.clone());
                }
                keep(&mut ctx, &mut schema, ObjectKind::Other, None, name, stmt_text, s, e);
            } else if p.word("TABLE") || p.word("COLUMNFAMILY") {
                create_table(&mut ctx, &mut schema, &mut p, keyspace.as_deref(), s, e);
            } else if p.word("TYPE") {
                let _ = p.words(&["IF", "NOT", "EXISTS"]);
                let Some((ks, name)) = p.qualified() else {
                    ctx.error(s, e, "CREATE TYPE without a name; not imported");
                    continue;
                };
                let ks = ks.or_else(|| keyspace.clone());
                keep(&mut ctx, &mut schema, ObjectKind::Type, ks, name, stmt_text, s, e);
            } else if p.words(&["MATERIALIZED", "VIEW"]) {
                materialized_view(&mut ctx, &mut schema, &mut p, keyspace.as_deref(), s, e);
            } else if p.word("INDEX") {
                create_index(&mut ctx, &mut schema, &mut p, keyspace.as_deref(), false, s, e);
            } else if p.words(&["CUSTOM", "INDEX"]) {
                create_index(&mut ctx, &mut schema, &mut p, keyspace.as_deref(), true, s, e);
            } else if p.word("FUNCTION") || p.word("AGGREGATE") || p.word("TRIGGER") {
                let kind = match p.text(p.i - 1).to_ascii_uppercase().as_str() {
                    "FUNCTION" => ObjectKind::Function,
                    "AGGREGATE" => ObjectKind::Aggregate,
                    _ => ObjectKind::Trigger,
                };
                let _ = p.words(&["IF", "NOT", "EXISTS"]);
                let (ks, name) = p.qualified().unwrap_or((None, String::new()));
                keep(&mut ctx, &mut schema, kind, ks.or_else(|| keyspace.clone()), name, stmt_text, s, e);
            } else {
                ctx.warn(s, e, format!("`{}` is not modelled; kept as written", first_words(&stmt_text)));
                keep(&mut ctx, &mut schema, ObjectKind::Other, None, String::new(), stmt_text, s, e);
            }
        } else if p.word("USE") {
            keyspace = p.name();
        } else if p.word("ALTER") && p.word("TABLE") {
            alter_table(&mut ctx, &mut schema, &mut p, keyspace.as_deref(), s, e);
        } else {
            ctx.warn(s, e, format!("`{}` defines nothing for the schema; skipped", first_words(&stmt_text)));
            ctx.stats.skipped += 1;
        }
    }
    ctx.finish(schema)
}

fn first_words(s: &str) -> String {
    s.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
}

#[allow(clippy::too_many_arguments)]
fn keep(ctx: &mut Ctx, schema: &mut Schema, kind: ObjectKind, ks: Option<String>, name: String, sql: String, s: usize, e: usize) {
    let id = ObjectId(schema.fresh_id());
    schema.objects.push(Object { id, kind, schema: ks, name, table: None, sql: format!("{sql};"), dialect: Dialect::Generic, span: Some(ctx.span(s, e)) });
}

/// A CQL type (`text`, `map<text, frozen<list<int>>>`, `vector<float, 384>`) from the current token.
fn data_type(p: &mut P) -> Option<DataType> {
    let from = p.i;
    let first = p.name()?;
    if p.peek() == "<" {
        if !p.skip_group() {
            return None;
        }
    } else if p.punct(".") {
        p.name()?;
    }
    let raw = p.slice(from, p.i).split_whitespace().collect::<Vec<_>>().join(" ");
    let kind = match first.as_str() {
        "text" | "varchar" | "ascii" => TypeKind::Text { length: None, fixed: false },
        "int" => TypeKind::Integer { bits: 32, unsigned: false },
        "bigint" | "counter" | "varint" => TypeKind::Integer { bits: 64, unsigned: false },
        "smallint" => TypeKind::Integer { bits: 16, unsigned: false },
        "tinyint" => TypeKind::Integer { bits: 8, unsigned: false },
        "float" => TypeKind::Float { bits: 32 },
        "double" => TypeKind::Float { bits: 64 },
        "decimal" => TypeKind::Decimal { precision: None, scale: None },
        "boolean" => TypeKind::Boolean,
        "timestamp" => TypeKind::Timestamp { tz: true },
        "date" => TypeKind::Date,
        "time" => TypeKind::Time { tz: false },
        "duration" => TypeKind::Interval,
        "uuid" | "timeuuid" => TypeKind::Uuid,
        "blob" => TypeKind::Binary { length: None },
        "list" | "set" | "vector" => TypeKind::Array(Box::new(TypeKind::Other)),
        "map" | "frozen" | "tuple" => TypeKind::Json,
        _ => TypeKind::Other,
    };
    Some(DataType { normalized: raw.to_ascii_lowercase(), raw, kind })
}

fn table_of(schema: &Schema, ks: Option<&str>, name: &str) -> Option<TableId> {
    schema.tables.iter().find(|t| t.name == name && (ks.is_none() || t.schema.as_deref() == ks)).map(|t| t.id).or_else(|| find_table(schema, ks, name))
}

/// The primary key of a table as read: partition columns, clustering columns, and the key
/// clause as written (kept in `PrimaryKey.options`).
#[derive(Default)]
struct KeySpec {
    partition: Vec<String>,
    clustering: Vec<String>,
    text: Option<String>,
}

/// `CREATE TABLE [IF NOT EXISTS] [ks.]name (columns…, PRIMARY KEY (…)) [WITH …]`: the table
/// with its columns, key roles and options (a table created twice keeps its first definition).
fn create_table(ctx: &mut Ctx, schema: &mut Schema, p: &mut P, keyspace: Option<&str>, s: usize, e: usize) {
    let _ = p.words(&["IF", "NOT", "EXISTS"]);
    let Some((ks, name)) = p.qualified() else {
        ctx.error(s, e, "CREATE TABLE without a name; not imported");
        return;
    };
    let ks = ks.or_else(|| keyspace.map(str::to_string));
    if !p.punct("(") {
        let (a, b) = p.at();
        ctx.error(a, b, format!("`(` was expected after the table name `{name}`; not imported"));
        return;
    }
    let tid = TableId(schema.fresh_id());
    let mut t = Table::new(tid, ks.clone(), name.clone());
    t.span = Some(ctx.span(s, e));
    let mut key = KeySpec::default();
    if table_elements(ctx, schema, p, &mut t, &mut key).is_none() {
        return;
    }
    let order = table_options(ctx, p, &mut t, e);
    key_roles(ctx, &mut t, key, &order, (s, e));
    if let Some(old) = table_of(schema, ks.as_deref(), &name) {
        ctx.warn(s, e, format!("table `{name}` is created twice; the first definition is kept"));
        let _ = old;
        return;
    }
    schema.tables.push(t);
}

/// Reads the parenthesized elements of a table (columns and `PRIMARY KEY (…)`) up to the
/// closing `)`; `None` when the table is not to be imported.
fn table_elements(ctx: &mut Ctx, schema: &mut Schema, p: &mut P, t: &mut Table, key: &mut KeySpec) -> Option<()> {
    loop {
        if p.punct(")") || p.i >= p.t.len() {
            break;
        }
        if p.punct(",") {
            continue;
        }
        let el_start = p.i;
        if p.words(&["PRIMARY", "KEY"]) {
            primary_key_element(ctx, p, key)?;
            continue;
        }
        let Some(cname) = p.name() else {
            let (a, b) = p.at();
            ctx.error(a, b, format!("a column name was expected in `{}`, not `{}`; the rest of the table is not imported", t.name, p.peek()));
            break;
        };
        if let Some(c) = column_element(ctx, schema, p, &t.name, cname, el_start, key) {
            t.columns.push(c);
        }
    }
    Some(())
}

/// The table element `PRIMARY KEY ((partition…), clustering…)` after its two words;
/// `None` when its `(` is missing (the table is not imported).
fn primary_key_element(ctx: &mut Ctx, p: &mut P, key: &mut KeySpec) -> Option<()> {
    let from = p.i;
    if !p.punct("(") {
        let (a, b) = p.at();
        ctx.error(a, b, "`(` was expected after PRIMARY KEY");
        return None;
    }
    if p.punct("(") {
        while let Some(n) = p.name() {
            key.partition.push(n);
            p.punct(",");
        }
        p.punct(")");
    } else if let Some(n) = p.name() {
        key.partition.push(n);
    }
    while p.punct(",") {
        if let Some(n) = p.name() {
            key.clustering.push(n);
        }
    }
    if !p.punct(")") {
        let (a, b) = p.at();
        ctx.error(a, b, "`)` was expected to close PRIMARY KEY (…)");
        let _ = p.skip_group();
    }
    key.text = Some(format!("PRIMARY KEY {}", p.slice(from, p.i)));
    Some(())
}

/// A column definition after its name `cname` (its element starts at token `el_start`): type
/// and clauses (`STATIC`, `PRIMARY KEY`, `MASKED WITH …`); `None` when it has no type.
fn column_element(ctx: &mut Ctx, schema: &mut Schema, p: &mut P, table: &str, cname: String, el_start: usize, key: &mut KeySpec) -> Option<Column> {
    let Some(dt) = data_type(p) else {
        let (a, b) = p.at();
        ctx.error(a, b, format!("`{table}.{cname}` has no type; not imported"));
        while p.i < p.t.len() && p.peek() != "," && p.peek() != ")" {
            p.i += 1;
        }
        return None;
    };
    let cid = ColumnId(schema.fresh_id());
    let mut c = Column::new(cid, cname.clone(), dt);
    let from = p.t.get(el_start).map(|t| t.start).unwrap_or_default();
    // Column clauses: STATIC, PRIMARY KEY, MASKED WITH …
    while p.i < p.t.len() && p.peek() != "," && p.peek() != ")" {
        if p.word("STATIC") {
            c.extra.push("STATIC".into());
        } else if p.words(&["PRIMARY", "KEY"]) {
            key.partition = vec![cname.clone()];
            key.text = Some("PRIMARY KEY".into());
        } else {
            let k = p.i;
            while p.i < p.t.len() && p.peek() != "," && p.peek() != ")" {
                if p.peek() == "(" {
                    let _ = p.skip_group();
                } else {
                    p.i += 1;
                }
            }
            c.extra.push(p.slice(k, p.i).to_string());
        }
    }
    c.span = Some(ctx.span(from, p.t.get(p.i.saturating_sub(1)).map(|t| t.end).unwrap_or(from)));
    Some(c)
}

/// The `WITH …` options after the table's `)` (kept as written in `t.text.options`; the
/// statement ends at `e`); returns the `CLUSTERING ORDER BY` columns with their DESC flag.
fn table_options(ctx: &mut Ctx, p: &mut P, t: &mut Table, e: usize) -> Vec<(String, bool)> {
    let opts_from = p.i;
    let mut order: Vec<(String, bool)> = Vec::new();
    if p.word("WITH") {
        loop {
            if p.words(&["CLUSTERING", "ORDER", "BY"]) {
                p.punct("(");
                while let Some(n) = p.name() {
                    let desc = p.word("DESC");
                    let _ = p.word("ASC");
                    order.push((n, desc));
                    p.punct(",");
                }
                p.punct(")");
            } else if p.words(&["COMPACT", "STORAGE"]) {
            } else {
                while p.i < p.t.len() && !p.peek().eq_ignore_ascii_case("AND") {
                    if matches!(p.peek(), "{" | "(" | "[") {
                        let _ = p.skip_group();
                    } else {
                        p.i += 1;
                    }
                }
            }
            if !p.word("AND") {
                break;
            }
        }
    }
    if p.i < p.t.len() {
        let (a, _) = p.at();
        ctx.warn(a, e, format!("`{}` after the table `{}` is not read; kept with its options", p.slice(p.i, p.t.len()), t.name));
        p.i = p.t.len();
    }
    let opts = p.slice(opts_from, p.t.len()).to_string();
    if !opts.is_empty() {
        t.text.options = Some(opts);
    }
    order
}

/// Marks the key columns with their role (`PARTITION KEY`, `CLUSTERING KEY ASC|DESC`), makes
/// them NOT NULL and sets the table's primary key; warnings (at statement span `at`) for key
/// or order columns that do not exist and for a table without a key.
fn key_roles(ctx: &mut Ctx, t: &mut Table, key: KeySpec, order: &[(String, bool)], at: (usize, usize)) {
    let (s, e) = at;
    let mut pk = Vec::new();
    for (k, n) in key.partition.iter().chain(&key.clustering).enumerate() {
        let Some(c) = t.columns.iter_mut().find(|c| &c.name == n) else {
            ctx.warn(s, e, format!("the primary key of `{}` names `{n}`, which is no column of it; left out of the key", t.name));
            continue;
        };
        c.nullable = false;
        if k < key.partition.len() {
            c.extra.insert(0, "PARTITION KEY".into());
        } else {
            let desc = order.iter().find(|(o, _)| o == n).is_some_and(|(_, d)| *d);
            c.extra.insert(0, format!("CLUSTERING KEY {}", if desc { "DESC" } else { "ASC" }));
        }
        pk.push(c.id);
    }
    for (o, _) in order {
        if !key.clustering.contains(o) {
            ctx.warn(s, e, format!("CLUSTERING ORDER BY names `{o}`, which is no clustering column of `{}`", t.name));
        }
    }
    if pk.is_empty() {
        ctx.warn(s, e, format!("`{}` has no primary key (Cassandra requires one)", t.name));
    } else {
        t.primary_key = Some(PrimaryKey { name: None, columns: pk, options: key.text });
    }
}

fn alter_table(ctx: &mut Ctx, schema: &mut Schema, p: &mut P, keyspace: Option<&str>, s: usize, e: usize) {
    let Some((ks, name)) = p.qualified() else {
        ctx.error(s, e, "ALTER TABLE without a name; not imported");
        return;
    };
    let ks = ks.or_else(|| keyspace.map(str::to_string));
    let Some(tid) = table_of(schema, ks.as_deref(), &name) else {
        ctx.warn(s, e, format!("ALTER TABLE of `{name}`, which this text does not create; not imported"));
        ctx.stats.skipped += 1;
        return;
    };
    if !p.word("ADD") {
        ctx.warn(s, e, format!("this ALTER TABLE of `{name}` is not modelled; skipped"));
        ctx.stats.skipped += 1;
        return;
    }
    let _ = p.words(&["IF", "NOT", "EXISTS"]);
    let paren = p.punct("(");
    while let Some(cname) = p.name() {
        let Some(dt) = data_type(p) else { break };
        let cid = ColumnId(schema.fresh_id());
        let mut c = Column::new(cid, cname, dt);
        if p.word("STATIC") {
            c.extra.push("STATIC".into());
        }
        c.span = Some(ctx.span(s, e));
        if let Some(t) = schema.table_mut(tid) {
            t.columns.push(c);
        }
        if !(paren && p.punct(",")) {
            break;
        }
    }
    if paren {
        p.punct(")");
    }
    if p.i < p.t.len() {
        let (a, _) = p.at();
        ctx.warn(a, e, format!("`{}` in ALTER TABLE `{name}` is not read", p.slice(p.i, p.t.len())));
    }
}

#[allow(clippy::too_many_arguments)]
fn create_index(ctx: &mut Ctx, schema: &mut Schema, p: &mut P, keyspace: Option<&str>, custom: bool, s: usize, e: usize) {
    let _ = p.words(&["IF", "NOT", "EXISTS"]);
    let name = if p.peek().eq_ignore_ascii_case("ON") { None } else { p.name() };
    if !p.word("ON") {
        let (a, b) = p.at();
        ctx.error(a, b, "ON was expected in CREATE INDEX; not imported");
        return;
    }
    let Some((ks, table)) = p.qualified() else {
        ctx.error(s, e, "CREATE INDEX without a table; not imported");
        return;
    };
    let ks = ks.or_else(|| keyspace.map(str::to_string));
    let Some(tid) = table_of(schema, ks.as_deref(), &table) else {
        ctx.warn(s, e, format!("an index on `{table}`, which this text does not create; not imported"));
        ctx.stats.skipped += 1;
        return;
    };
    let mut keys = Vec::new();
    if p.punct("(") {
        while p.i < p.t.len() && !p.punct(")") {
            if p.punct(",") {
                continue;
            }
            let from = p.i;
            let Some(n) = p.name() else {
                p.i += 1;
                continue;
            };
            let part = if p.punct("(") {
                let inner = p.name().unwrap_or_default();
                p.punct(")");
                IndexPart::Expression(format!("{n}({inner})"))
            } else {
                match schema.table(tid).and_then(|t| t.columns.iter().find(|c| c.name == n)) {
                    Some(c) => IndexPart::Column(c.id),
                    None => {
                        ctx.warn(s, e, format!("an index on `{table}.{}`, which is no column of it; kept as an expression", p.slice(from, p.i)));
                        IndexPart::Expression(n)
                    }
                }
            };
            keys.push(IndexKey { part, descending: false, extra: None });
        }
    }
    let mut method = None;
    if p.word("USING") {
        let class = p.text(p.i).trim_matches('\'').to_string();
        p.i += 1;
        method = Some(if class.ends_with("SASIIndex") { "SASI".to_string() } else if class.ends_with("StorageAttachedIndex") || class.eq_ignore_ascii_case("sai") { "StorageAttachedIndex".to_string() } else { class });
    } else if custom {
        ctx.warn(s, e, "CREATE CUSTOM INDEX without USING 'class'");
    }
    let opts = (p.i < p.t.len()).then(|| p.slice(p.i, p.t.len()).to_string());
    if keys.is_empty() {
        ctx.error(s, e, format!("an index on `{table}` without columns; not imported"));
        return;
    }
    let ix = Index { id: IndexId(schema.fresh_id()), name, unique: false, keys, method, predicate: None, include: Vec::new(), span: Some(ctx.span(s, e)), options: opts };
    if let Some(t) = schema.table_mut(tid) {
        t.indexes.push(ix);
    }
}

fn materialized_view(ctx: &mut Ctx, schema: &mut Schema, p: &mut P, keyspace: Option<&str>, s: usize, e: usize) {
    let _ = p.words(&["IF", "NOT", "EXISTS"]);
    let Some((ks, name)) = p.qualified() else {
        ctx.error(s, e, "CREATE MATERIALIZED VIEW without a name; not imported");
        return;
    };
    let ks = ks.or_else(|| keyspace.map(str::to_string));
    if !p.word("AS") {
        let (a, b) = p.at();
        ctx.error(a, b, "AS was expected in CREATE MATERIALIZED VIEW; not imported");
        return;
    }
    let def_from = p.i;
    let mut columns = Vec::new();
    if p.word("SELECT") {
        while p.i < p.t.len() && !p.peek().eq_ignore_ascii_case("FROM") {
            if let Some(n) = p.name() {
                columns.push(n);
            } else {
                p.i += 1;
            }
        }
    }
    let mut reads = Vec::new();
    if p.word("FROM")
        && let Some((bks, base)) = p.qualified()
    {
        let bks = bks.or_else(|| ks.clone());
        match table_of(schema, bks.as_deref(), &base) {
            Some(t) => reads.push(t),
            None => ctx.warn(s, e, format!("materialized view `{name}` reads `{base}`, which this text does not create")),
        }
    }
    let mut definition = p.slice(def_from, p.t.len()).to_string();
    let mut options = None;
    if let Some(w) = (p.i..p.t.len()).find(|&k| p.text(k).eq_ignore_ascii_case("WITH")) {
        definition = p.slice(def_from, w).to_string();
        options = Some(p.slice(w + 1, p.t.len()).to_string());
    }
    let mut v = super::common::view(ViewId(schema.fresh_id()), ks, &name, definition);
    v.materialized = true;
    v.columns = columns;
    v.reads = reads;
    v.options = options;
    v.span = Some(ctx.span(s, e));
    schema.views.push(v);
    ctx.stats.views += 1;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_roles_and_indexes() {
        let (s, d, _) = import(
            "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy'};\nUSE ks;\n\
             CREATE TABLE t (a text, b int, c timeuuid, d text STATIC, m map<text, frozen<list<int>>>, PRIMARY KEY ((a, b), c)) WITH CLUSTERING ORDER BY (c DESC) AND default_time_to_live = 10;\n\
             CREATE CUSTOM INDEX ON t (d) USING 'org.apache.cassandra.index.sasi.SASIIndex';\nCREATE INDEX ON t (keys(m));\n\
             CREATE MATERIALIZED VIEW v AS SELECT a, b, c FROM t WHERE a IS NOT NULL PRIMARY KEY (c, a, b);\nDROP TABLE x;",
        );
        assert_eq!(d.iter().filter(|d| d.severity == crate::diagnostic::Severity::Error).count(), 0, "{d:?}");
        let t = &s.tables[0];
        assert_eq!(t.schema.as_deref(), Some("ks"));
        assert_eq!(t.primary_key.as_ref().unwrap().columns.len(), 3);
        assert_eq!(t.columns[2].extra, vec!["CLUSTERING KEY DESC".to_string()]);
        assert_eq!(t.columns[3].extra, vec!["STATIC".to_string()]);
        assert_eq!(t.columns[4].data_type.raw, "map<text, frozen<list<int>>>");
        assert_eq!(t.indexes.len(), 2);
        assert_eq!(t.indexes[0].method.as_deref(), Some("SASI"));
        assert_eq!(s.views[0].reads, vec![t.id]);
        assert!(d.iter().any(|d| d.message.contains("DROP TABLE")));
        s.validate().unwrap();
    }
}
