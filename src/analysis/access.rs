//! The workload's access patterns on a Cassandra or DynamoDB schema.
//!
//! The same workload text as the relational advisor's (the Workload panel, `--workload`), read
//! as CQL or PartiQL: statements separated by `;` (outside quotes and comments: `--`, `//`,
//! `/* */`), each optionally after a `-- freq: N` line. Neither language is SQL enough for
//! sqlparser (`ALLOW FILTERING`, `CONTAINS KEY`, `token(…)`, `m['k'] = v`, `"Table"."Index"`,
//! `IN [..]`), so each has a small parser here for the part that decides the access path: the
//! target and the WHERE clause. A statement that does not parse, names an unknown table, index
//! or column, or is no SELECT is a diagnostic with its line:column in the workload.
//!
//! - CQL (`cql-query-needs-filtering`): a SELECT needs filtering unless its restrictions are
//!   served by the primary key (the whole partition key by `=`/`IN`; clustering columns as a
//!   prefix, a range only on the last restricted one), by indexes on the other restricted
//!   columns (one index, or any number of SAI indexes), or by a materialized view of the table
//!   keyed for it. `ALLOW FILTERING` written does not make it served: it scans.
//! - DynamoDB (`dynamodb-access-pattern-scan`): a PartiQL SELECT is a Query only when its WHERE
//!   has `=` or `IN` on the partition key of the table (or of the index named in `FROM
//!   "Table"."Index"`) in every branch of its ORs; otherwise DynamoDB runs a Scan.

use super::advisor::WorkloadQuery;
use super::Finding;
use crate::diagnostic::Severity;
use crate::import::{CqlKind as K, CqlTok as Tok, closed_at, line_end, punct_len, quoted_end, word_end};
use crate::schema::{ColumnId, Index, IndexPart, Schema, SourceFormat, Table, View};

pub const CQL_RULE: &str = "cql-query-needs-filtering";
pub const DYNAMODB_RULE: &str = "dynamodb-access-pattern-scan";

/// The workload read against a CQL or DynamoDB schema.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Review {
    pub queries: Vec<WorkloadQuery>,
    /// Findings of the two rules above.
    pub findings: Vec<Finding>,
    /// Statements not analysed, with `line:column: query N: why`.
    pub diagnostics: Vec<String>,
}

/// Reads `workload` against `schema` (CQL or DynamoDB; any other source gives an empty review).
pub fn review(schema: &Schema, workload: &str) -> Review {
    let mut r = Review::default();
    let lang = match schema.source {
        SourceFormat::Cql => Lang::Cql,
        SourceFormat::Dynamodb => Lang::Partiql,
        _ => return r,
    };
    let (stmts, lex_errors) = statements(workload);
    let mut keyspace: Option<String> = None;
    for s in &stmts {
        let sql = workload.get(s.start..s.end).unwrap_or("").to_string();
        r.queries.push(WorkloadQuery { number: s.number, sql, frequency: s.frequency });
        let mut p = P { src: workload, t: &s.toks, i: 0, fold: lang == Lang::Cql };
        let outcome = match lang {
            Lang::Cql => cql(schema, &mut p, s.number, &mut keyspace),
            Lang::Partiql => partiql(schema, &mut p, s.number),
        };
        match outcome {
            Ok(Some(f)) => r.findings.push(f),
            Ok(None) => {}
            Err((at, msg)) => r.diagnostics.push(format!("{}: query {}: {msg}", line_col(workload, at), s.number)),
        }
    }
    for (at, msg) in lex_errors {
        r.diagnostics.push(format!("{}: {msg}", line_col(workload, at)));
    }
    r
}

/// `line:column` (1-based, columns in characters) of byte offset `at` in `text`.
pub fn line_col(text: &str, at: usize) -> String {
    let before = text.get(..at.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    format!("{line}:{col}")
}

#[derive(Copy, Clone, PartialEq, Eq, Debug)]
enum Lang {
    Cql,
    Partiql,
}

// ---- statements and tokens (`import::CqlTok`, shared with the CQL importer) ----

struct Stmt {
    number: usize,
    frequency: u64,
    start: usize,
    end: usize,
    toks: Vec<Tok>,
}

type Error = (usize, String);

/// Splits the workload into statements of tokens, numbered from 1 (statements without tokens
/// are not counted), with the `-- freq: N` each follows; unterminated strings and comments
/// are errors at their start.
fn statements(src: &str) -> (Vec<Stmt>, Vec<Error>) {
    let b = src.as_bytes();
    let mut out: Vec<Stmt> = Vec::new();
    let mut errors = Vec::new();
    let mut cur: Vec<Tok> = Vec::new();
    let mut frequency = 1;
    let mut i = 0;
    let flush = |cur: &mut Vec<Tok>, frequency: &mut u64, out: &mut Vec<Stmt>| {
        if let (Some(first), Some(last)) = (cur.first(), cur.last()) {
            let (start, end) = (first.start, last.end);
            out.push(Stmt { number: out.len() + 1, frequency: *frequency, start, end, toks: std::mem::take(cur) });
        }
        *frequency = 1;
    };
    while let Some(&c) = b.get(i) {
        let start = i;
        let next = b.get(i + 1).copied();
        match c {
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            b'-' | b'/' if next == Some(c) => {
                let end = line_end(src, i);
                let comment = src.get(i + 2..end).unwrap_or("").trim().to_ascii_lowercase();
                if let Some(n) = comment.strip_prefix("freq:").or_else(|| comment.strip_prefix("frequency:")) {
                    frequency = n.trim().parse().unwrap_or(1);
                }
                i = end;
            }
            b'/' if next == Some(b'*') => match closed_at(src, i + 2, "*/") {
                Some(end) => i = end,
                None => {
                    errors.push((i, "unterminated comment: `/*` without `*/`; the rest of the workload is not read".to_string()));
                    i = b.len();
                }
            },
            b'\'' | b'"' => match quoted_end(b, i) {
                None => {
                    errors.push((i, "unterminated string or quoted name; the rest of the workload is not read".to_string()));
                    i = b.len();
                }
                Some(j) => {
                    cur.push(Tok { kind: if c == b'"' { K::QName } else { K::Str }, start, end: j + 1 });
                    i = j + 1;
                }
            },
            b'$' if next == Some(b'$') => match closed_at(src, i + 2, "$$") {
                Some(end) => {
                    cur.push(Tok { kind: K::Str, start, end });
                    i = end;
                }
                None => {
                    errors.push((i, "unterminated `$$` string; the rest of the workload is not read".to_string()));
                    i = b.len();
                }
            },
            b';' => {
                flush(&mut cur, &mut frequency, &mut out);
                i += 1;
            }
            c if c.is_ascii_digit() => {
                let mut j = i + 1;
                while b.get(j).is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'.' || c == b'-' || c == b'_') {
                    j += 1;
                }
                cur.push(Tok { kind: K::Num, start, end: j });
                i = j;
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let j = word_end(b, i);
                cur.push(Tok { kind: K::Word, start, end: j });
                i = j;
            }
            _ => {
                let len = punct_len(src, i, &["<=", ">=", "!=", "<>", "<<", ">>"]);
                cur.push(Tok { kind: K::Punct, start, end: i + len });
                i += len;
            }
        }
    }
    flush(&mut cur, &mut frequency, &mut out);
    (out, errors)
}

struct P<'a> {
    src: &'a str,
    t: &'a [Tok],
    i: usize,
    /// CQL folds unquoted names to lower case; PartiQL keeps them.
    fold: bool,
}

/// Words that end a CQL WHERE clause or a PartiQL one.
const CLAUSE_END: [&str; 6] = ["GROUP", "ORDER", "LIMIT", "PER", "ALLOW", "BYPASS"];

impl P<'_> {
    fn tok(&self, k: usize) -> Option<Tok> {
        self.t.get(k).copied()
    }
    fn text(&self, k: usize) -> &str {
        self.tok(k).and_then(|t| self.src.get(t.start..t.end)).unwrap_or("")
    }
    fn peek(&self) -> &str {
        self.text(self.i)
    }
    fn done(&self) -> bool {
        self.i >= self.t.len()
    }
    fn is_word(&self, w: &str) -> bool {
        self.tok(self.i).is_some_and(|t| t.kind == K::Word) && self.peek().eq_ignore_ascii_case(w)
    }
    fn word(&mut self, w: &str) -> bool {
        let hit = self.is_word(w);
        if hit {
            self.i += 1;
        }
        hit
    }
    fn is_punct(&self, p: &str) -> bool {
        self.tok(self.i).is_some_and(|t| t.kind == K::Punct) && self.peek() == p
    }
    fn punct(&mut self, p: &str) -> bool {
        let hit = self.is_punct(p);
        if hit {
            self.i += 1;
        }
        hit
    }
    /// Byte offset of the current token (the end of the statement past its last).
    fn at(&self) -> usize {
        match (self.tok(self.i), self.t.last()) {
            (Some(t), _) => t.start,
            (None, Some(t)) => t.end,
            (None, None) => 0,
        }
    }
    fn err<T>(&self, msg: impl Into<String>) -> Result<T, Error> {
        Err((self.at(), msg.into()))
    }
    /// What the current token is, for messages.
    fn shown(&self) -> String {
        if self.done() { "the end of the statement".to_string() } else { format!("`{}`", self.peek()) }
    }
    /// A name: a word (folded in CQL) or a quoted name (as written).
    fn name(&mut self) -> Option<String> {
        let t = self.tok(self.i)?;
        let s = self.src.get(t.start..t.end)?;
        let n = match t.kind {
            K::Word if self.fold => s.to_ascii_lowercase(),
            K::Word => s.to_string(),
            K::QName => s.get(1..s.len().saturating_sub(1)).unwrap_or("").replace("\"\"", "\""),
            _ => return None,
        };
        self.i += 1;
        Some(n)
    }
    /// `a` or `a.b`.
    fn dotted(&mut self) -> Option<(String, Option<String>)> {
        let a = self.name()?;
        if self.punct(".") {
            let b = self.name()?;
            return Some((a, Some(b)));
        }
        Some((a, None))
    }
    /// Skips a group opened by the current `(`, `[`, `{` or `<<`; an error when it never closes.
    fn skip_group(&mut self) -> Result<(), Error> {
        let at = self.at();
        let mut depth = 0i32;
        while !self.done() {
            if self.tok(self.i).is_some_and(|t| t.kind == K::Punct) {
                match self.peek() {
                    "(" | "[" | "{" | "<<" => depth += 1,
                    ")" | "]" | "}" | ">>" => depth -= 1,
                    _ => {}
                }
            }
            self.i += 1;
            if depth <= 0 {
                return Ok(());
            }
        }
        Err((at, "this bracket is never closed".to_string()))
    }
    fn opens_group(&self) -> bool {
        self.tok(self.i).is_some_and(|t| t.kind == K::Punct) && matches!(self.peek(), "(" | "[" | "{" | "<<")
    }
    /// Skips to the word `w` at depth 0 (not consumed); false when the statement ends first.
    fn skip_to_word(&mut self, w: &str) -> Result<bool, Error> {
        while !self.done() {
            if self.is_word(w) {
                return Ok(true);
            }
            if self.opens_group() {
                self.skip_group()?;
            } else {
                self.i += 1;
            }
        }
        Ok(false)
    }
}

/// A statement other than SELECT: named by its first word.
fn not_select(p: &P) -> Error {
    (p.at(), format!("only SELECT, UPDATE, DELETE and INSERT statements are checked against the keys; `{}` is skipped", p.peek().to_ascii_uppercase()))
}

/// `SELECT … FROM <target>` up to its target: where the target starts, and its dotted name.
fn select_target(p: &mut P) -> Result<(usize, (String, Option<String>)), Error> {
    if !p.skip_to_word("FROM")? {
        return p.err("FROM was expected in this SELECT");
    }
    p.i += 1;
    let target_at = p.at();
    match p.dotted() {
        Some(name) => Ok((target_at, name)),
        None => p.err(format!("a table name was expected after FROM, not {}", p.shown())),
    }
}

// ---- CQL ----

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Op {
    Eq,
    In,
    Range,
    /// A column after the first of a multi-column slice `(c1, c2) > (…)`.
    TupleTail,
    Contains,
    ContainsKey,
    /// `m['k'] = v`
    Entry,
    Like,
    NotEq,
    NotNull,
}

impl Op {
    fn text(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::In => "IN",
            Op::Range | Op::TupleTail => "a range",
            Op::Contains => "CONTAINS",
            Op::ContainsKey => "CONTAINS KEY",
            Op::Entry => "`m[key] =`",
            Op::Like => "LIKE",
            Op::NotEq => "!=",
            Op::NotNull => "IS NOT NULL",
        }
    }
    fn eq_like(self) -> bool {
        matches!(self, Op::Eq | Op::In)
    }
}

/// One restriction of a WHERE clause on a column of the queried table.
#[derive(Clone, Debug)]
struct Restriction {
    col: ColumnId,
    op: Op,
}

/// A primary key shape: partition key columns, then clustering columns, in order.
#[derive(Clone, Debug, Default)]
struct KeyShape {
    partition: Vec<ColumnId>,
    clustering: Vec<ColumnId>,
}

fn role(t: &Table, c: ColumnId, role: &str) -> bool {
    t.column(c).is_some_and(|c| c.extra.iter().any(|x| x.starts_with(role)))
}

fn table_key(t: &Table) -> KeyShape {
    let pk = t.primary_key.as_ref().map(|k| k.columns.clone()).unwrap_or_default();
    KeyShape {
        partition: pk.iter().copied().filter(|c| role(t, *c, "PARTITION KEY")).collect(),
        clustering: pk.iter().copied().filter(|c| role(t, *c, "CLUSTERING KEY")).collect(),
    }
}

/// The key of a materialized view over `base`, from `PRIMARY KEY (…)` in its definition.
fn view_key(v: &View, base: &Table) -> Option<KeyShape> {
    let (toks, _) = statements(&v.definition);
    let stmt = toks.first()?;
    let mut p = P { src: &v.definition, t: &stmt.toks, i: 0, fold: true };
    let at_key = |p: &P| p.is_word("PRIMARY") && p.text(p.i + 1).eq_ignore_ascii_case("KEY");
    while !p.done() && !at_key(&p) {
        p.i += 1;
    }
    p.i += 2;
    if !p.punct("(") {
        return None;
    }
    let col = |n: &str| base.columns.iter().find(|c| c.name == n).map(|c| c.id);
    let mut key = KeyShape::default();
    if p.punct("(") {
        while let Some(n) = p.name() {
            key.partition.push(col(&n)?);
            p.punct(",");
        }
        p.punct(")");
    } else {
        key.partition.push(col(&p.name()?)?);
    }
    while p.punct(",") {
        key.clustering.push(col(&p.name()?)?);
    }
    Some(key)
}

/// Why the key alone does not serve a restriction.
#[derive(Clone, Debug)]
struct Unserved {
    col: ColumnId,
    why: String,
}

/// The restrictions the primary key `key` does not serve, each with why, and whether the key
/// serves the query as a whole (no unserved restriction and, when the partition key is not
/// fully restricted, no clustering restriction either).
fn key_leftover(t: &Table, key: &KeyShape, rs: &[Restriction]) -> (Vec<Unserved>, bool) {
    let name = |c: ColumnId| format!("`{}`", super::walk::col_name(t, c));
    let ops = |c: ColumnId| rs.iter().filter(move |r| r.col == c).map(|r| r.op);
    let only = |c: ColumnId, f: fn(Op) -> bool| {
        let mut any = false;
        for op in ops(c) {
            if !f(op) {
                return false;
            }
            any = true;
        }
        any
    };
    let pk_full = !key.partition.is_empty() && key.partition.iter().all(|c| only(*c, Op::eq_like));
    let mut served: Vec<ColumnId> = if pk_full { key.partition.clone() } else { Vec::new() };
    let mut clustering_served = Vec::new();
    let mut stop: Option<String> = None;
    for (k, c) in key.clustering.iter().enumerate() {
        if only(*c, Op::eq_like) {
            clustering_served.push(*c);
            continue;
        }
        if only(*c, |o| o == Op::Range) {
            clustering_served.push(*c);
            // A multi-column slice's other columns follow it.
            for d in key.clustering.iter().skip(k + 1) {
                if only(*d, |o| o == Op::TupleTail) {
                    clustering_served.push(*d);
                } else {
                    break;
                }
            }
            stop = Some(format!("{}, restricted by a range", name(*c)));
            break;
        }
        stop = Some(if ops(*c).next().is_some() {
            format!("{} (restricted by {})", name(*c), ops(*c).map(Op::text).collect::<Vec<_>>().join(" and "))
        } else {
            format!("{}, not restricted", name(*c))
        });
        break;
    }
    served.extend(&clustering_served);
    let mut left: Vec<Unserved> = Vec::new();
    for r in rs {
        if served.contains(&r.col) || left.iter().any(|u| u.col == r.col) {
            continue;
        }
        let why = if key.partition.contains(&r.col) {
            let missing: Vec<String> = key.partition.iter().filter(|c| !only(**c, Op::eq_like)).map(|c| name(*c)).collect();
            if only(r.col, Op::eq_like) {
                format!("{} is part of a partition key restricted only in part ({} missing an `=`/`IN`)", name(r.col), missing.join(", "))
            } else {
                format!("{} is a partition key column restricted by {}, not `=`/`IN`", name(r.col), r.op.text())
            }
        } else if key.clustering.contains(&r.col) {
            match &stop {
                Some(s) if !clustering_served.contains(&r.col) => format!("{} is a clustering column after {}", name(r.col), s),
                _ => format!("{} is a clustering column restricted by {}", name(r.col), r.op.text()),
            }
        } else {
            format!("{} is no key column", name(r.col))
        };
        left.push(Unserved { col: r.col, why });
    }
    let whole = left.is_empty() && (pk_full || clustering_served.is_empty());
    (left, whole)
}

/// Whether the CQL index `ix` serves `op` on `col` (SAI: =, IN, ranges; SASI: =, ranges,
/// LIKE; a legacy index: =; on a collection, its values, `keys(…)`, `entries(…)`, `full(…)`).
fn index_serves(t: &Table, ix: &Index, col: ColumnId, op: Op) -> bool {
    let Some(c) = t.column(col) else { return false };
    let method = ix.method.as_deref().unwrap_or("");
    let sai = method == "StorageAttachedIndex";
    let sasi = method == "SASI";
    let collection = {
        let ty = c.data_type.raw.to_ascii_lowercase();
        ["set<", "list<", "map<"].iter().any(|p| ty.starts_with(p))
    };
    ix.keys.iter().any(|k| match &k.part {
        IndexPart::Column(id) if *id == col => {
            if collection {
                // A plain index on a collection indexes its values.
                op == Op::Contains
            } else if sai {
                matches!(op, Op::Eq | Op::In | Op::Range)
            } else if sasi {
                matches!(op, Op::Eq | Op::Range | Op::Like)
            } else {
                op == Op::Eq
            }
        }
        IndexPart::Expression(e) => {
            let e = e.to_ascii_lowercase().replace(' ', "");
            let target = |f: &str| e == format!("{f}({})", c.name.to_ascii_lowercase());
            (target("keys") && op == Op::ContainsKey)
                || (target("values") && op == Op::Contains)
                || (target("entries") && op == Op::Entry)
                || (target("full") && op == Op::Eq)
        }
        _ => false,
    })
}

/// Restrictions left by the key that indexes do not serve: none when indexes serve them all
/// (one indexed column, or any number of SAI-indexed ones).
fn index_leftover(t: &Table, rs: &[Restriction], left: &[Unserved]) -> Vec<Unserved> {
    let mut out = Vec::new();
    let mut used: Vec<&Index> = Vec::new();
    for u in left {
        let ops: Vec<Op> = rs.iter().filter(|r| r.col == u.col).map(|r| r.op).collect();
        let ix = t.indexes.iter().find(|ix| ops.iter().all(|op| index_serves(t, ix, u.col, *op)));
        match ix {
            Some(ix) => used.push(ix),
            None => {
                let indexed = t.indexes.iter().any(|ix| ix.keys.iter().any(|k| k.part == IndexPart::Column(u.col)));
                let why = if indexed {
                    format!("{}; its index does not serve {}", u.why, ops.iter().map(|o| o.text()).collect::<Vec<_>>().join(" and "))
                } else {
                    format!("{} and has no index", u.why)
                };
                out.push(Unserved { col: u.col, why });
            }
        }
    }
    if out.is_empty() && used.len() > 1 && used.iter().any(|ix| ix.method.as_deref() != Some("StorageAttachedIndex")) {
        // Cassandra reads one legacy (or SASI) index and filters the rest.
        for (u, ix) in left.iter().zip(&used).skip(1) {
            out.push(Unserved { col: u.col, why: format!("{} has a {} index, but one query reads one such index and filters the rest", u_name(t, u.col), ix.method.as_deref().unwrap_or("secondary")) });
        }
    }
    out
}

fn u_name(t: &Table, c: ColumnId) -> String {
    format!("`{}`", super::walk::col_name(t, c))
}

/// Whether the restrictions need filtering on `t` keyed by `key` with `indexes` (false for a
/// view, which has none): the reasons, empty when served.
fn filtering(t: &Table, key: &KeyShape, rs: &[Restriction], indexes: bool) -> Vec<Unserved> {
    let (left, whole) = key_leftover(t, key, rs);
    if whole {
        return Vec::new();
    }
    if left.is_empty() {
        // Clustering restrictions without the whole partition key: every partition is read.
        let missing: Vec<String> = key.partition.iter().map(|c| u_name(t, *c)).collect();
        let first = rs.iter().find(|r| key.clustering.contains(&r.col)).map_or_else(|| key.partition.first().copied(), |r| Some(r.col));
        return first
            .map(|col| Unserved { col, why: format!("{} is a clustering column restricted without the whole partition key ({})", u_name(t, col), missing.join(", ")) })
            .into_iter()
            .collect();
    }
    if indexes { index_leftover(t, rs, &left) } else { left }
}

/// The CQL statement at `p`: `Ok(Some)` a finding, `Ok(None)` served (or `USE`), `Err` a
/// diagnostic.
fn cql(schema: &Schema, p: &mut P, number: usize, keyspace: &mut Option<String>) -> Result<Option<Finding>, Error> {
    if p.word("USE") {
        *keyspace = p.name();
        return Ok(None);
    }
    if p.is_word("UPDATE") || p.is_word("DELETE") || p.is_word("INSERT") {
        return cql_write(schema, p, number, keyspace.as_deref());
    }
    if !p.word("SELECT") {
        return Err(not_select(p));
    }
    let (target_at, (a, b)) = select_target(p)?;
    let (ks, name) = match b {
        Some(b) => (Some(a), b),
        None => (keyspace.clone(), a),
    };
    let in_ks = |s: &Option<String>| ks.is_none() || s.as_deref() == ks.as_deref();
    let table = schema.tables.iter().find(|t| t.name == name && in_ks(&t.schema));
    let view = schema.views.iter().find(|v| v.materialized && v.name == name && in_ks(&v.schema));
    let (base, view) = match (table, view) {
        (Some(t), _) => (t, None),
        (None, Some(v)) => match v.reads.first().and_then(|t| schema.table(*t)) {
            Some(t) => (t, Some(v)),
            None => return Err((target_at, format!("the materialized view `{name}` reads no table of the schema"))),
        },
        (None, None) => {
            let shown = ks.map_or_else(|| name.clone(), |k| format!("{k}.{name}"));
            return Err((target_at, format!("unknown table `{shown}`")));
        }
    };
    let mut rs: Vec<Restriction> = Vec::new();
    if p.word("WHERE") {
        loop {
            relation(p, base, &mut rs)?;
            if p.word("AND") {
                continue;
            }
            if p.is_word("OR") {
                return p.err("OR in a CQL WHERE clause is not analysed (Cassandra accepts it only with SAI indexes)");
            }
            break;
        }
    }
    if !p.done() && !CLAUSE_END.iter().any(|w| p.is_word(w)) {
        return p.err(format!("{} was not expected here", p.shown()));
    }
    let mut allow = false;
    while !p.done() {
        if p.word("ALLOW") && p.word("FILTERING") {
            allow = true;
            continue;
        }
        p.i += 1;
    }
    let eq_on = |key: &KeyShape| key.partition.iter().all(|c| rs.iter().any(|r| r.col == *c) && rs.iter().filter(|r| r.col == *c).all(|r| r.op.eq_like()));
    let mut one_partition = eq_on(&table_key(base));
    let reasons = match view {
        Some(v) => match view_key(v, base) {
            Some(key) => {
                one_partition = eq_on(&key);
                filtering(base, &key, &rs, false)
            }
            None => return Err((target_at, format!("the primary key of the materialized view `{}` could not be read", v.name))),
        },
        None => {
            let reasons = filtering(base, &table_key(base), &rs, true);
            let by_view = schema
                .views
                .iter()
                .filter(|v| v.materialized && v.reads.first() == Some(&base.id))
                .any(|v| view_key(v, base).is_some_and(|key| filtering(base, &key, &rs, false).is_empty()));
            if by_view { Vec::new() } else { reasons }
        }
    };
    if reasons.is_empty() {
        return Ok(None);
    }
    let mut f = cql_finding(base, view, number, &rs, &reasons, (allow, one_partition));
    if let Some(other) = query_table(schema, base, &rs) {
        let key = base.primary_key.as_ref().map(|k| super::walk::col_names(base, &k.columns)).unwrap_or_default();
        f.help = format!("the table `{other}` is keyed for this query and holds the key of `{}` ({key}): read the rows there, or their key there and then the rows from `{}`", base.name, base.name);
    }
    Ok(Some(f))
}

/// A CQL write. INSERT names the whole key by its grammar; UPDATE and DELETE apply only to rows
/// named by key, so Cassandra refuses one that does not fix every partition key column by `=` or
/// `IN`, restricts a column outside the key, or (UPDATE) leaves a clustering column open, or
/// (DELETE) restricts clustering columns other than as a prefix fixed by `=`/`IN` with at most
/// a range on its last. Such a write is a finding of [`CQL_RULE`] (the rule's severity, as every finding).
fn cql_write(schema: &Schema, p: &mut P, number: usize, keyspace: Option<&str>) -> Result<Option<Finding>, Error> {
    let verb = p.peek().to_ascii_uppercase();
    p.i += 1;
    let found = match verb.as_str() {
        "UPDATE" => true,
        "INSERT" => p.word("INTO"),
        _ => p.skip_to_word("FROM")? && p.word("FROM"),
    };
    if !found {
        return p.err(format!("{} was not expected in this {verb}", p.shown()));
    }
    let target_at = p.at();
    let Some((a, b)) = p.dotted() else { return p.err(format!("a table name was expected, not {}", p.shown())) };
    let (ks, name) = match b {
        Some(b) => (Some(a), b),
        None => (keyspace.map(str::to_string), a),
    };
    let in_ks = |s: &Option<String>| ks.is_none() || s.as_deref() == ks.as_deref();
    let Some(t) = schema.tables.iter().find(|t| t.name == name && in_ks(&t.schema)) else {
        let what = if schema.views.iter().any(|v| v.name == name && in_ks(&v.schema)) { "a materialized view, which cannot be written" } else { "no table of the schema" };
        return Err((target_at, format!("`{name}` is {what}")));
    };
    if verb == "INSERT" {
        return Ok(None);
    }
    if !p.skip_to_word("WHERE")? || !p.word("WHERE") {
        return p.err(format!("this {verb} has no WHERE: CQL requires one naming the rows by key"));
    }
    let mut rs: Vec<Restriction> = Vec::new();
    loop {
        relation(p, t, &mut rs)?;
        if !p.word("AND") {
            break;
        }
    }
    if !p.done() && !p.is_word("IF") {
        return p.err(format!("{} was not expected here", p.shown()));
    }
    let key = table_key(t);
    let fixed = |c: &ColumnId| rs.iter().any(|r| r.col == *c) && rs.iter().filter(|r| r.col == *c).all(|r| r.op.eq_like());
    let mut unserved: Vec<(ColumnId, String)> = Vec::new();
    for c in key.partition.iter().filter(|c| !fixed(c)) {
        unserved.push((*c, format!("the partition key column `{}` is not fixed by `=` or `IN`", super::walk::col_name(t, *c))));
    }
    for r in rs.iter().filter(|r| !key.partition.contains(&r.col) && !key.clustering.contains(&r.col)) {
        unserved.push((r.col, format!("`{}` is not part of the primary key", super::walk::col_name(t, r.col))));
    }
    // The clustering columns: fixed as a prefix; DELETE may end it with one range.
    let mut open: Option<ColumnId> = None;
    for c in &key.clustering {
        let restricted = rs.iter().any(|r| r.col == *c);
        let why = match (open, restricted, fixed(c)) {
            (None, true, true) => None,
            (None, true, false) if verb == "DELETE" => {
                open = Some(*c);
                None
            }
            (None, false, _) if verb == "DELETE" => {
                open = Some(*c);
                None
            }
            (None, _, _) => Some(format!("the clustering column `{}` is not fixed by `=` or `IN`", super::walk::col_name(t, *c))),
            (Some(prev), true, _) => Some(format!("`{}` is restricted although `{}`, before it in the clustering order, is not fixed", super::walk::col_name(t, *c), super::walk::col_name(t, prev))),
            (Some(_), false, _) => None,
        };
        if let Some(why) = why {
            unserved.push((*c, why));
        }
    }
    if unserved.is_empty() {
        return Ok(None);
    }
    let why = unserved.iter().map(|(_, w)| w.as_str()).collect::<Vec<_>>().join("; ");
    let key_names = key.partition.iter().chain(&key.clustering).map(|c| super::walk::col_name(t, *c)).collect::<Vec<_>>().join(", ");
    Ok(Some(Finding {
        rule: CQL_RULE,
        severity: Severity::Warning,
        table: Some(t.id),
        columns: unserved.iter().map(|(c, _)| *c).collect(),
        index: None,
        message: format!("query #{number}: Cassandra refuses this {verb} of `{}`: {why}", t.name),
        help: format!("a {verb} names its rows by primary key ({key_names}): find the keys first (from a query table keyed by what this statement knows), then {verb} each row by its key"),
        fix: None,
    }))
}

/// Another table of the keyspace with the restricted columns and the table's key columns (by
/// name: a copy of its rows) whose key serves the query: the query table the design already has.
fn query_table(schema: &Schema, base: &Table, rs: &[Restriction]) -> Option<String> {
    let key = base.primary_key.as_ref().map(|k| k.columns.as_slice()).unwrap_or_default();
    let holds_rows = |t: &Table| key.iter().filter_map(|c| base.column(*c)).all(|c| t.columns.iter().any(|x| x.name == c.name));
    schema.tables.iter().filter(|t| t.id != base.id && t.schema == base.schema && holds_rows(t)).find_map(|t| {
        let mapped: Option<Vec<Restriction>> = rs
            .iter()
            .map(|r| {
                let name = base.column(r.col)?.name.as_str();
                t.columns.iter().find(|c| c.name == name).map(|c| Restriction { col: c.id, op: r.op })
            })
            .collect();
        let mapped = mapped?;
        (!mapped.is_empty() && filtering(t, &table_key(t), &mapped, true).is_empty()).then(|| t.name.clone())
    })
}

/// `(allow, one_partition)`: whether ALLOW FILTERING is written, and whether the partition key
/// is fixed (the filtering reads one partition, not every one).
fn cql_finding(t: &Table, view: Option<&View>, number: usize, rs: &[Restriction], reasons: &[Unserved], (allow, one_partition): (bool, bool)) -> Finding {
    let target = view.map_or_else(|| t.name.clone(), |v| format!("{} (a materialized view of `{}`)", v.name, t.name));
    let why = reasons.iter().map(|u| u.why.as_str()).collect::<Vec<_>>().join("; ");
    let reads = if one_partition { "the whole partition" } else { "every partition" };
    let outcome = if allow {
        format!("ALLOW FILTERING is written, so Cassandra reads {reads} and discards the rows that do not match")
    } else {
        format!("Cassandra refuses it without ALLOW FILTERING; with it, it reads {reads} and discards the rows that do not match")
    };
    let message = format!("query #{number} on `{target}` needs filtering: {why}. {outcome}");
    // A query table: the equality-restricted columns as partition key, a range column to
    // cluster by, then the table's own key so that no row is lost.
    let key = table_key(t);
    let mut partition: Vec<ColumnId> = Vec::new();
    let mut clustering: Vec<ColumnId> = Vec::new();
    for r in rs {
        let list = if matches!(r.op, Op::Eq | Op::In | Op::Contains | Op::Entry) { &mut partition } else { &mut clustering };
        if !list.contains(&r.col) {
            list.push(r.col);
        }
    }
    clustering.retain(|c| !partition.contains(c));
    for c in key.partition.iter().chain(&key.clustering) {
        if !partition.contains(c) && !clustering.contains(c) {
            clustering.push(*c);
        }
    }
    let names = |cs: &[ColumnId]| cs.iter().map(|c| super::walk::col_name(t, *c)).collect::<Vec<_>>();
    let qualified = t.schema.as_ref().map_or_else(|| t.name.clone(), |ks| format!("{ks}.{}", t.name));
    let first = reasons.first().map(|u| super::walk::col_name(t, u.col)).unwrap_or("?");
    let table_hint = if partition.is_empty() {
        format!("a query table partitioned by a bucket (day, month…) and clustered by ({})", names(&clustering).join(", "))
    } else {
        let mut pk = format!("({})", names(&partition).join(", "));
        if !clustering.is_empty() {
            pk = format!("{pk}, {}", names(&clustering).join(", "));
        }
        format!("a query table `{}_by_{}` with PRIMARY KEY ({pk}), written beside `{}`", t.name, names(&partition).join("_"), t.name)
    };
    let help = format!("denormalize into {table_hint}; or index the column: CREATE INDEX ON {qualified} ({first}) USING 'sai'");
    Finding {
        rule: CQL_RULE,
        severity: Severity::Warning,
        table: Some(t.id),
        columns: reasons.iter().map(|u| u.col).collect(),
        index: None,
        message,
        help,
        fix: None,
    }
}

/// One relation of a CQL WHERE clause, appended to `rs` (token relations add nothing).
fn relation(p: &mut P, t: &Table, rs: &mut Vec<Restriction>) -> Result<(), Error> {
    let col_of = |n: &str, at: usize| -> Result<ColumnId, Error> {
        t.columns.iter().find(|c| c.name == n).map(|c| c.id).ok_or_else(|| (at, format!("unknown column `{n}` in `{}`", t.name)))
    };
    // token(a, b) > ?: a token range, which reads partitions in token order.
    if p.is_word("TOKEN") && p.text(p.i + 1) == "(" {
        p.i += 1;
        p.skip_group()?;
        let _ = operator(p)?;
        return term(p);
    }
    // (c1, c2) = (…) / IN (…) / > (…)
    if p.punct("(") {
        let mut cols = Vec::new();
        loop {
            let at = p.at();
            let Some(n) = p.name() else { return p.err(format!("a column name was expected, not {}", p.shown())) };
            cols.push(col_of(&n, at)?);
            if !p.punct(",") {
                break;
            }
        }
        if !p.punct(")") {
            return p.err(format!("`)` was expected, not {}", p.shown()));
        }
        let op = operator(p)?;
        for (k, c) in cols.into_iter().enumerate() {
            let op = match op {
                Op::Eq | Op::In => op,
                Op::Range if k == 0 => Op::Range,
                Op::Range => Op::TupleTail,
                _ => return p.err("a multi-column relation takes =, IN or a range"),
            };
            rs.push(Restriction { col: c, op });
        }
        return term(p);
    }
    let at = p.at();
    let Some(n) = p.name() else { return p.err(format!("a column name was expected in the WHERE clause, not {}", p.shown())) };
    let col = col_of(&n, at)?;
    let mut entry = false;
    if p.is_punct("[") {
        p.skip_group()?;
        entry = true;
    }
    let op = operator(p)?;
    let op = if entry {
        if op != Op::Eq {
            return p.err("a map entry restriction takes `=`");
        }
        Op::Entry
    } else {
        op
    };
    rs.push(Restriction { col, op });
    if op == Op::NotNull { Ok(()) } else { term(p) }
}

/// A relation's operator (BETWEEN's `x AND` is consumed here, leaving the upper bound).
fn operator(p: &mut P) -> Result<Op, Error> {
    let op = match p.peek() {
        "=" | "==" => Op::Eq,
        "<" | ">" | "<=" | ">=" => Op::Range,
        "!=" | "<>" => Op::NotEq,
        _ => {
            if p.word("IN") {
                return Ok(Op::In);
            }
            if p.word("CONTAINS") {
                return Ok(if p.word("KEY") { Op::ContainsKey } else { Op::Contains });
            }
            if p.word("LIKE") {
                return Ok(Op::Like);
            }
            if p.word("IS") {
                if p.word("NOT") && p.word("NULL") {
                    return Ok(Op::NotNull);
                }
                return p.err("IS NOT NULL was expected");
            }
            if p.word("BETWEEN") {
                term(p)?;
                if !p.word("AND") {
                    return p.err("BETWEEN … AND … was expected");
                }
                return Ok(Op::Range);
            }
            return p.err(format!("an operator (=, <, >, IN, CONTAINS…) was expected, not {}", p.shown()));
        }
    };
    if p.tok(p.i).is_some_and(|t| t.kind == K::Punct) {
        p.i += 1;
        Ok(op)
    } else {
        p.err(format!("an operator was expected, not {}", p.shown()))
    }
}

/// A value: everything up to the next top-level AND or the end of the WHERE clause.
fn term(p: &mut P) -> Result<(), Error> {
    let from = p.i;
    while !p.done() && !p.is_word("AND") && !p.is_word("OR") && !CLAUSE_END.iter().any(|w| p.is_word(w)) {
        if p.opens_group() {
            p.skip_group()?;
        } else {
            p.i += 1;
        }
    }
    if p.i == from {
        return p.err(format!("a value was expected, not {}", p.shown()));
    }
    Ok(())
}

// ---- PartiQL (DynamoDB) ----

/// A WHERE condition as far as key access is concerned.
#[derive(Clone, Debug)]
enum Cond {
    And(Vec<Cond>),
    Or(Vec<Cond>),
    /// `attr = value` or `attr IN [...]` on a top-level attribute.
    Eq(String),
    /// Anything else (ranges, functions, NOT, nested paths…).
    Other,
}

/// Whether every way `c` can hold fixes `attr` by equality (DynamoDB's condition for a Query).
fn keyed(c: &Cond, attr: &str) -> bool {
    match c {
        Cond::And(v) => v.iter().any(|c| keyed(c, attr)),
        Cond::Or(v) => !v.is_empty() && v.iter().all(|c| keyed(c, attr)),
        Cond::Eq(a) => a == attr,
        Cond::Other => false,
    }
}

fn has_or(c: &Cond) -> bool {
    match c {
        Cond::Or(_) => true,
        Cond::And(v) => v.iter().any(has_or),
        _ => false,
    }
}

fn eq_attrs(c: &Cond, out: &mut Vec<String>) {
    match c {
        Cond::And(v) | Cond::Or(v) => v.iter().for_each(|c| eq_attrs(c, out)),
        Cond::Eq(a) => {
            if !out.contains(a) {
                out.push(a.clone());
            }
        }
        Cond::Other => {}
    }
}

const PARTIQL_KEYWORDS: [&str; 12] = ["AND", "OR", "NOT", "IN", "BETWEEN", "IS", "ORDER", "BY", "WHERE", "FROM", "SELECT", "LIMIT"];

struct Pq<'a, 'p> {
    p: &'a mut P<'p>,
    /// The table's name and its alias, either of which may qualify an attribute.
    qualifiers: Vec<String>,
    depth: usize,
}

impl Pq<'_, '_> {
    fn or(&mut self) -> Result<Cond, Error> {
        self.depth += 1;
        if self.depth > 200 {
            return self.p.err("the condition nests too deeply");
        }
        let mut v = vec![self.and()?];
        while self.p.word("OR") {
            v.push(self.and()?);
        }
        self.depth -= 1;
        Ok(if v.len() == 1 { v.pop().unwrap_or(Cond::Other) } else { Cond::Or(v) })
    }
    fn and(&mut self) -> Result<Cond, Error> {
        let mut v = vec![self.not()?];
        while self.p.word("AND") {
            v.push(self.not()?);
        }
        Ok(if v.len() == 1 { v.pop().unwrap_or(Cond::Other) } else { Cond::And(v) })
    }
    fn not(&mut self) -> Result<Cond, Error> {
        if self.p.word("NOT") {
            while self.p.word("NOT") {}
            let _ = self.not()?;
            return Ok(Cond::Other);
        }
        if self.p.is_punct("(") && self.grouped_condition() {
            self.p.i += 1;
            let c = self.or()?;
            if !self.p.punct(")") {
                return self.p.err(format!("`)` was expected, not {}", self.p.shown()));
            }
            return Ok(c);
        }
        self.predicate()
    }
    /// Whether the `(` at the cursor groups a condition (its closing `)` is not followed by an
    /// operator, as in `(a) = 1`).
    fn grouped_condition(&mut self) -> bool {
        let save = self.p.i;
        let closed = self.p.skip_group().is_ok();
        let next = self.p.peek().to_string();
        self.p.i = save;
        closed && !["=", "<", ">", "<=", ">=", "<>", "!="].contains(&next.as_str()) && !next.eq_ignore_ascii_case("IN") && !next.eq_ignore_ascii_case("BETWEEN")
    }
    fn predicate(&mut self) -> Result<Cond, Error> {
        let left = self.operand()?;
        let p = &mut *self.p;
        if p.tok(p.i).is_some_and(|t| t.kind == K::Punct) && ["=", "<", ">", "<=", ">=", "<>", "!="].contains(&p.peek()) {
            let eq = p.peek() == "=";
            p.i += 1;
            let right = self.operand()?;
            return Ok(match (eq, left, right) {
                (true, Some(a), None) | (true, None, Some(a)) => Cond::Eq(a),
                _ => Cond::Other,
            });
        }
        if p.word("IN") {
            let _ = self.operand()?;
            return Ok(left.map_or(Cond::Other, Cond::Eq));
        }
        if p.word("NOT") {
            if p.word("IN") {
                let _ = self.operand()?;
                return Ok(Cond::Other);
            }
            if !p.word("BETWEEN") {
                return p.err(format!("IN or BETWEEN was expected after NOT, not {}", p.shown()));
            }
            return self.between();
        }
        if p.word("BETWEEN") {
            return self.between();
        }
        if p.word("IS") {
            let _ = p.word("NOT");
            if p.word("MISSING") || p.word("NULL") {
                return Ok(Cond::Other);
            }
            return p.err(format!("MISSING or NULL was expected after IS, not {}", p.shown()));
        }
        // A function call (`begins_with(a, 'x')`, `contains(…)`) or a bare value.
        Ok(Cond::Other)
    }
    fn between(&mut self) -> Result<Cond, Error> {
        let _ = self.operand()?;
        if !self.p.word("AND") {
            return self.p.err(format!("BETWEEN … AND … was expected, not {}", self.p.shown()));
        }
        let _ = self.operand()?;
        Ok(Cond::Other)
    }
    /// An operand: `Some(attribute)` for a top-level attribute path, `None` for a value, a
    /// nested path or a function call.
    fn operand(&mut self) -> Result<Option<String>, Error> {
        let p = &mut *self.p;
        let Some(t) = p.tok(p.i) else { return p.err("a value or attribute was expected, not the end of the statement") };
        match t.kind {
            K::Str | K::Num => {
                p.i += 1;
                Ok(None)
            }
            K::Punct if p.opens_group() => {
                p.skip_group()?;
                Ok(None)
            }
            K::Punct if p.peek() == "?" => {
                p.i += 1;
                Ok(None)
            }
            K::Punct if p.peek() == "-" && p.tok(p.i + 1).is_some_and(|t| t.kind == K::Num) => {
                p.i += 2;
                Ok(None)
            }
            K::Word if ["TRUE", "FALSE", "NULL", "MISSING"].iter().any(|w| p.is_word(w)) => {
                p.i += 1;
                Ok(None)
            }
            K::Word if PARTIQL_KEYWORDS.iter().any(|w| p.is_word(w)) => p.err(format!("a value or attribute was expected, not {}", p.shown())),
            K::Word | K::QName => {
                let mut segments = vec![p.name().unwrap_or_default()];
                if p.is_punct("(") {
                    p.skip_group()?;
                    return Ok(None);
                }
                loop {
                    if p.punct(".") {
                        match p.name() {
                            Some(n) => segments.push(n),
                            None => return p.err(format!("an attribute name was expected after `.`, not {}", p.shown())),
                        }
                    } else if p.is_punct("[") {
                        p.skip_group()?;
                        segments.push(String::new());
                    } else {
                        break;
                    }
                }
                if segments.len() > 1 && self.qualifiers.iter().any(|q| segments.first() == Some(q)) {
                    segments.remove(0);
                }
                Ok(if segments.len() == 1 { segments.pop() } else { None })
            }
            _ => p.err(format!("a value or attribute was expected, not {}", p.shown())),
        }
    }
}

fn partiql(schema: &Schema, p: &mut P, number: usize) -> Result<Option<Finding>, Error> {
    if p.is_word("UPDATE") || p.is_word("DELETE") || p.is_word("INSERT") {
        return partiql_write(schema, p, number);
    }
    if !p.word("SELECT") {
        return Err(not_select(p));
    }
    let (target_at, (name, index)) = select_target(p)?;
    let t = schema.tables.iter().find(|t| t.name == name).or_else(|| schema.tables.iter().find(|t| t.name.eq_ignore_ascii_case(&name)));
    let Some(t) = t else { return Err((target_at, format!("unknown table `{name}`"))) };
    let ix = match &index {
        Some(i) => match t.indexes.iter().find(|x| x.name.as_deref() == Some(i.as_str())) {
            Some(x) => Some(x),
            None => return Err((target_at, format!("`{}` has no index `{i}`", t.name))),
        },
        None => None,
    };
    let mut qualifiers = vec![t.name.clone()];
    if p.word("AS") || (p.tok(p.i).is_some_and(|t| matches!(t.kind, K::Word | K::QName)) && !p.is_word("WHERE") && !CLAUSE_END.iter().any(|w| p.is_word(w))) {
        match p.name() {
            Some(a) => qualifiers.push(a),
            None => return p.err(format!("an alias was expected, not {}", p.shown())),
        }
    }
    let cond = if p.word("WHERE") {
        let mut q = Pq { p: &mut *p, qualifiers, depth: 0 };
        q.or()?
    } else {
        Cond::And(Vec::new())
    };
    if !p.done() && !CLAUSE_END.iter().any(|w| p.is_word(w)) {
        return p.err(format!("{} was not expected here", p.shown()));
    }
    let pk_col = match ix {
        Some(x) => x.leading_columns().next(),
        None => t.primary_key.as_ref().and_then(|k| k.columns.first().copied()),
    };
    let Some(pk) = pk_col.and_then(|c| t.column(c)) else {
        return Err((target_at, format!("`{}` has no partition key in the schema", t.name)));
    };
    if keyed(&cond, &pk.name) {
        return Ok(None);
    }
    Ok(Some(dynamo_finding(t, ix, number, &cond, pk.id)))
}

/// A PartiQL write. INSERT names the item by its grammar; UPDATE and DELETE run only on one item
/// named by `=` on every key attribute of the table (partition and sort key), else DynamoDB
/// refuses them: a finding of [`DYNAMODB_RULE`].
fn partiql_write(schema: &Schema, p: &mut P, number: usize) -> Result<Option<Finding>, Error> {
    let verb = p.peek().to_ascii_uppercase();
    p.i += 1;
    let found = match verb.as_str() {
        "UPDATE" => true,
        "INSERT" => p.word("INTO"),
        _ => p.word("FROM"),
    };
    if !found {
        return p.err(format!("{} was not expected in this {verb}", p.shown()));
    }
    let target_at = p.at();
    let Some((name, index)) = p.dotted() else { return p.err(format!("a table name was expected, not {}", p.shown())) };
    if index.is_some() {
        return Err((target_at, format!("a {verb} writes a table, not an index")));
    }
    let t = schema.tables.iter().find(|t| t.name == name).or_else(|| schema.tables.iter().find(|t| t.name.eq_ignore_ascii_case(&name)));
    let Some(t) = t else { return Err((target_at, format!("unknown table `{name}`"))) };
    if verb == "INSERT" {
        return Ok(None);
    }
    let qualifiers = vec![t.name.clone()];
    let cond = if p.skip_to_word("WHERE")? && p.word("WHERE") {
        let mut q = Pq { p: &mut *p, qualifiers, depth: 0 };
        q.or()?
    } else {
        Cond::And(Vec::new())
    };
    let key = t.primary_key.as_ref().map(|k| k.columns.clone()).unwrap_or_default();
    let open: Vec<ColumnId> = key.iter().copied().filter(|c| !keyed(&cond, super::walk::col_name(t, *c))).collect();
    if open.is_empty() {
        return Ok(None);
    }
    let names = |cs: &[ColumnId]| cs.iter().map(|c| format!("`{}`", super::walk::col_name(t, *c))).collect::<Vec<_>>().join(" and ");
    Ok(Some(Finding {
        rule: DYNAMODB_RULE,
        severity: Severity::Warning,
        table: Some(t.id),
        columns: open.clone(),
        index: None,
        message: format!("query #{number}: DynamoDB refuses this {verb} of `{}`: its WHERE does not fix {} by `=` (a {verb} writes one item, named by its whole key)", t.name, names(&open)),
        help: format!("query the items first (by a key or a GSI this access pattern knows), then {verb} each by {}", names(&key)),
        fix: None,
    }))
}

fn dynamo_finding(t: &Table, ix: Option<&Index>, number: usize, cond: &Cond, pk: ColumnId) -> Finding {
    let pk_name = super::walk::col_name(t, pk);
    let target = match ix {
        Some(x) => format!("index `{}` of `{}`", x.name.as_deref().unwrap_or("?"), t.name),
        None => format!("`{}`", t.name),
    };
    let message = format!(
        "query #{number} reads {target} without `=` or `IN` on its partition key `{pk_name}`: DynamoDB runs it as a Scan, reading (and billing) every item"
    );
    let mut attrs = Vec::new();
    eq_attrs(cond, &mut attrs);
    let fixed: Vec<&String> = attrs.iter().filter(|a| keyed(cond, a)).collect();
    // An index whose partition key the query already fixes.
    let other = t.indexes.iter().filter(|x| ix.is_none_or(|i| i.id != x.id)).find_map(|x| {
        let c = x.leading_columns().next().and_then(|c| t.column(c))?;
        fixed.iter().any(|a| **a == c.name).then(|| (x.name.clone().unwrap_or_default(), c.name.clone()))
    });
    let table_key = t.primary_key.as_ref().and_then(|k| k.columns.first()).map(|c| super::walk::col_name(t, *c).to_string());
    let help = if ix.is_some() && table_key.as_ref().is_some_and(|k| fixed.contains(&k)) {
        format!("the table itself is partitioned by `{}`: read FROM \"{}\"", table_key.unwrap_or_default(), t.name)
    } else if let Some((x, c)) = other {
        format!("the index `{x}` is partitioned by `{c}`: read FROM \"{}\".\"{x}\"", t.name)
    } else if let Some(a) = fixed.first() {
        format!("add a GSI partitioned by `{a}` (its sort key what the query orders or ranges by, if anything) and read from it")
    } else if has_or(cond) && !attrs.is_empty() {
        format!("run one query per OR branch, each with `=` on a partition key (`{pk_name}`, or a GSI's on {})", attrs.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", "))
    } else {
        format!("add `{pk_name} = ?` to the WHERE, or a GSI partitioned by an attribute this access pattern knows")
    };
    Finding {
        rule: DYNAMODB_RULE,
        severity: Severity::Warning,
        table: Some(t.id),
        columns: vec![pk],
        index: ix.map(|x| x.id),
        message,
        help,
        fix: None,
    }
}
