//! Where each table lives in the text: the statements the importer reads (split and tokenized by
//! the importer's own scanner), classified just enough to find a table's `CREATE TABLE`, its
//! elements (columns and constraints), the `ALTER TABLE`, `CREATE INDEX` and `COMMENT ON`
//! statements about it, and every place that names it or one of its columns.

use crate::import::{self, Token, TokenKind};
use crate::schema::{Dialect, Table};
use std::collections::HashMap;

/// A possibly qualified name in a statement: the tokens of its parts, in order.
#[derive(Clone, Debug, PartialEq)]
pub struct NameRef {
    /// Token indices of the parts (`schema`, `.`, `name` → the two identifier tokens).
    pub parts: Vec<usize>,
    /// Unquoted part values, pairwise with `parts`.
    pub values: Vec<String>,
}

impl NameRef {
    pub fn name(&self) -> &str {
        self.values.last().map_or("", String::as_str)
    }

    pub fn schema(&self) -> Option<&str> {
        match self.values.as_slice() {
            [.., schema, _] => Some(schema.as_str()),
            _ => None,
        }
    }

    /// Whether this name denotes `table` (names compare case-insensitively, as the importer's do;
    /// an unqualified name matches a table in any namespace).
    pub fn is(&self, table: &Table) -> bool {
        self.name().eq_ignore_ascii_case(&table.name)
            && match (self.schema(), table.schema.as_deref()) {
                (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                _ => true,
            }
    }
}

/// What a statement is about, as far as writing the model back needs to know.
#[derive(Clone, Debug, PartialEq)]
pub enum Subject {
    /// `CREATE TABLE name [(…)]`: `body` is the token range inside the parentheses.
    CreateTable { name: NameRef, body: Option<(usize, usize)> },
    /// `ALTER TABLE name …`: `from` is the first token after the name.
    AlterTable { name: NameRef, from: usize },
    /// `CREATE INDEX … ON table (…)`.
    CreateIndex { table: NameRef, name: Option<NameRef>, from: usize },
    /// `COMMENT ON TABLE t IS …` (column: None) or `COMMENT ON COLUMN t.c IS …`; `literal` is the
    /// token index of the comment string.
    CommentOn { table: NameRef, column: Option<usize>, literal: Option<usize> },
    /// `CREATE TYPE name AS ENUM (…)`.
    CreateType { name: NameRef },
    /// `INSERT INTO t`, `COPY t`, `DROP TABLE t`: data and dump statements that name a table.
    Names { name: NameRef, from: usize },
    Other,
}

pub struct Scan<'a> {
    pub src: &'a str,
    pub stmts: Vec<Vec<Token>>,
    pub subjects: Vec<Subject>,
    /// Statement indices by the lowercase name of the table they are about.
    by_table: HashMap<String, Vec<usize>>,
}

impl<'a> Scan<'a> {
    /// The tokens of statement `st` (none past the last statement).
    pub fn toks(&self, st: usize) -> &[Token] {
        self.stmts.get(st).map_or(&[], Vec::as_slice)
    }

    /// What statement `st` is about (`Other` past the last statement).
    pub fn subject_of(&self, st: usize) -> &Subject {
        const OTHER: &Subject = &Subject::Other;
        self.subjects.get(st).unwrap_or(OTHER)
    }

    pub fn new(src: &'a str, dialect: Dialect) -> Scan<'a> {
        let stmts = import::statements(src, dialect);
        let mut scan = Scan { src, stmts: Vec::new(), subjects: Vec::new(), by_table: HashMap::new() };
        let subjects: Vec<Subject> = stmts.iter().map(|t| scan.subject(t)).collect();
        for (i, s) in subjects.iter().enumerate() {
            let name = match s {
                Subject::CreateTable { name, .. } | Subject::AlterTable { name, .. } | Subject::Names { name, .. } => name,
                Subject::CreateIndex { table, .. } | Subject::CommentOn { table, .. } => table,
                Subject::CreateType { .. } | Subject::Other => continue,
            };
            scan.by_table.entry(name.name().to_lowercase()).or_default().push(i);
        }
        scan.stmts = stmts;
        scan.subjects = subjects;
        scan
    }

    pub fn text(&self, t: &Token) -> &'a str {
        &self.src[t.start as usize..t.end as usize]
    }

    fn kw(&self, toks: &[Token], i: usize, k: &str) -> bool {
        toks.get(i).is_some_and(|t| t.kind == TokenKind::Word && self.text(t).eq_ignore_ascii_case(k))
    }

    fn sym(&self, toks: &[Token], i: usize, s: &str) -> bool {
        toks.get(i).is_some_and(|t| t.kind == TokenKind::Sym && self.text(t) == s)
    }

    /// The identifier a token spells, quotes removed.
    pub fn ident(&self, t: &Token) -> String {
        unquote(self.text(t), t.kind)
    }

    fn is_ident(t: &Token) -> bool {
        matches!(t.kind, TokenKind::Word | TokenKind::Quoted(_))
    }

    /// `a.b.c` starting at token `i`.
    pub fn name_at(&self, toks: &[Token], i: usize) -> Option<NameRef> {
        let first = toks.get(i).filter(|t| Self::is_ident(t))?;
        let mut r = NameRef { parts: vec![i], values: vec![self.ident(first)] };
        let mut j = i + 1;
        while self.sym(toks, j, ".")
            && let Some(next) = toks.get(j + 1).filter(|t| Self::is_ident(t))
        {
            r.parts.push(j + 1);
            r.values.push(self.ident(next));
            j += 2;
        }
        Some(r)
    }

    /// The index of the `)` closing the `(` at `open`.
    pub fn close_of(&self, toks: &[Token], open: usize) -> Option<usize> {
        let mut depth = 0i32;
        for (k, t) in toks.iter().enumerate().skip(open) {
            if t.kind == TokenKind::Sym {
                match self.text(t) {
                    "(" => depth += 1,
                    ")" => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(k);
                        }
                    }
                    _ => {}
                }
            }
        }
        None
    }

    /// The comma-separated items of tokens `a..b` at parenthesis depth zero.
    pub fn items(&self, toks: &[Token], a: usize, b: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut depth = 0i32;
        let mut start = a;
        for (k, t) in toks.iter().enumerate().take(b).skip(a) {
            if t.kind != TokenKind::Sym {
                continue;
            }
            match self.text(t) {
                "(" => depth += 1,
                ")" => depth -= 1,
                "," if depth == 0 => {
                    if k > start {
                        out.push((start, k));
                    }
                    start = k + 1;
                }
                _ => {}
            }
        }
        if b > start {
            out.push((start, b));
        }
        out
    }

    fn subject(&self, toks: &[Token]) -> Subject {
        let kw = |i: usize, k: &str| self.kw(toks, i, k);
        if kw(0, "CREATE") {
            let mut i = 1;
            if kw(i, "OR") && (kw(i + 1, "REPLACE") || kw(i + 1, "ALTER")) {
                i += 2;
            }
            // Modifiers (TEMPORARY, UNIQUE, VIRTUAL, …) up to the object word.
            let object = (i..toks.len().min(i + 6)).find(|&k| kw(k, "TABLE") || kw(k, "INDEX") || kw(k, "TYPE") || kw(k, "VIEW"));
            match object {
                Some(k) if kw(k, "TABLE") => {
                    let mut j = k + 1;
                    if kw(j, "IF") && kw(j + 1, "NOT") && kw(j + 2, "EXISTS") {
                        j += 3;
                    }
                    let Some(name) = self.name_at(toks, j) else { return Subject::Other };
                    let after = name.parts.last().map_or(j, |p| p + 1);
                    let body = self.sym(toks, after, "(").then(|| self.close_of(toks, after).map(|c| (after + 1, c))).flatten();
                    return Subject::CreateTable { name, body };
                }
                Some(k) if kw(k, "INDEX") => {
                    let mut j = k + 1;
                    if kw(j, "CONCURRENTLY") {
                        j += 1;
                    }
                    if kw(j, "IF") && kw(j + 1, "NOT") && kw(j + 2, "EXISTS") {
                        j += 3;
                    }
                    let name = if kw(j, "ON") { None } else { self.name_at(toks, j) };
                    let Some(on) = (j..toks.len()).find(|&x| kw(x, "ON")) else { return Subject::Other };
                    let mut t = on + 1;
                    if kw(t, "ONLY") {
                        t += 1;
                    }
                    let Some(table) = self.name_at(toks, t) else { return Subject::Other };
                    let from = table.parts.last().map_or(t, |p| p + 1);
                    return Subject::CreateIndex { table, name, from };
                }
                Some(k) if kw(k, "TYPE") && toks.iter().any(|t| t.kind == TokenKind::Word && self.text(t).eq_ignore_ascii_case("ENUM")) => {
                    if let Some(name) = self.name_at(toks, k + 1) {
                        return Subject::CreateType { name };
                    }
                }
                _ => {}
            }
            return Subject::Other;
        }
        if kw(0, "ALTER") && kw(1, "TABLE") {
            let mut j = 2;
            if kw(j, "IF") && kw(j + 1, "EXISTS") {
                j += 2;
            }
            if kw(j, "ONLY") {
                j += 1;
            }
            let Some(name) = self.name_at(toks, j) else { return Subject::Other };
            let from = name.parts.last().map_or(j, |p| p + 1);
            return Subject::AlterTable { name, from };
        }
        if kw(0, "COMMENT") && kw(1, "ON") && (kw(2, "TABLE") || kw(2, "COLUMN")) {
            let Some(mut name) = self.name_at(toks, 3) else { return Subject::Other };
            let literal = (3..toks.len()).find(|&k| kw(k, "IS")).map(|k| k + 1).filter(|&k| toks.get(k).is_some_and(|t| t.kind == TokenKind::Str));
            if kw(2, "COLUMN") {
                if name.parts.len() < 2 {
                    return Subject::Other;
                }
                let column = name.parts.pop();
                name.values.pop();
                return Subject::CommentOn { table: name, column, literal };
            }
            return Subject::CommentOn { table: name, column: None, literal };
        }
        let names_at = if kw(0, "INSERT") && kw(1, "INTO") {
            Some(2)
        } else if kw(0, "COPY") {
            Some(1)
        } else if kw(0, "DROP") && kw(1, "TABLE") {
            Some(if kw(2, "IF") && kw(3, "EXISTS") { 4 } else { 2 })
        } else {
            None
        };
        if let Some(j) = names_at
            && let Some(name) = self.name_at(toks, j)
        {
            let from = name.parts.last().map_or(j, |p| p + 1);
            return Subject::Names { name, from };
        }
        Subject::Other
    }

    /// Indices of the statements about `table` (any kind), in text order.
    pub fn about(&self, table: &Table) -> Vec<usize> {
        let Some(list) = self.by_table.get(&table.name.to_lowercase()) else { return Vec::new() };
        list.iter()
            .copied()
            .filter(|&i| {
                let name = match self.subject_of(i) {
                    Subject::CreateTable { name, .. } | Subject::AlterTable { name, .. } | Subject::Names { name, .. } => name,
                    Subject::CreateIndex { table, .. } | Subject::CommentOn { table, .. } => table,
                    _ => return false,
                };
                name.is(table)
            })
            .collect()
    }

    /// The statement that created `table`: the one starting where its span starts, else the
    /// first `CREATE TABLE` of that name.
    pub fn create_of(&self, table: &Table) -> Option<usize> {
        let about = self.about(table);
        let creates = about.iter().copied().filter(|&i| matches!(self.subject_of(i), Subject::CreateTable { .. }));
        let by_span = table.span.and_then(|sp| {
            about.iter().copied().find(|&i| {
                matches!(self.subject_of(i), Subject::CreateTable { .. }) && self.toks(i).first().is_some_and(|t| t.start == sp.start)
            })
        });
        by_span.or_else(|| creates.clone().next())
    }

    /// Byte range of statement `i`, from its first token to its end: the `;` (or the delimiter)
    /// after its last token when there is one.
    pub fn stmt_range(&self, i: usize) -> Option<(usize, usize)> {
        let toks = self.stmts.get(i)?;
        let (a, b) = (toks.first()?.start as usize, toks.last()?.end as usize);
        let rest = &self.src[b..];
        let trimmed = rest.trim_start_matches([' ', '\t']);
        let end = if trimmed.starts_with(';') { b + (rest.len() - trimmed.len()) + 1 } else { b };
        Some((a, end))
    }

    /// The byte range to remove with statement `i`: from the start of its line (when only
    /// whitespace precedes it there) through the end of its line (when only whitespace follows).
    pub fn stmt_removal(&self, i: usize) -> Option<(usize, usize)> {
        let (a, b) = self.stmt_range(i)?;
        Some(whole_lines(self.src, a, b))
    }

    /// Every `REFERENCES name [(cols)]` in statement `i`: the name and the column group's token
    /// range (inside the parentheses), if any.
    pub fn references(&self, i: usize) -> Vec<(NameRef, Option<(usize, usize)>)> {
        let toks = self.toks(i);
        let mut out = Vec::new();
        for k in 0..toks.len() {
            if !self.kw(toks, k, "REFERENCES") {
                continue;
            }
            let Some(name) = self.name_at(toks, k + 1) else { continue };
            let after = name.parts.last().map_or(k + 1, |p| p + 1);
            let group = self.sym(toks, after, "(").then(|| self.close_of(toks, after).map(|c| (after + 1, c))).flatten();
            out.push((name, group));
        }
        out
    }

    /// The table a kept statement is on: `CREATE [OR REPLACE] [CONSTRAINT] TRIGGER … ON t`,
    /// `CREATE POLICY p ON t`, `GRANT/REVOKE … ON [TABLE] t` (the first `ON` after the head:
    /// a trigger's body may have others).
    pub fn on_table_names(&self, i: usize) -> Vec<NameRef> {
        let toks = self.toks(i);
        let head = if self.kw(toks, 0, "GRANT") || self.kw(toks, 0, "REVOKE") {
            true
        } else if self.kw(toks, 0, "CREATE") {
            let mut k = 1;
            while ["OR", "REPLACE", "CONSTRAINT", "DEFINER"].iter().any(|w| self.kw(toks, k, w)) || self.sym(toks, k, "=") {
                k += 1;
            }
            self.kw(toks, k, "TRIGGER") || self.kw(toks, k, "POLICY")
        } else {
            false
        };
        if !head {
            return Vec::new();
        }
        let Some(on) = (1..toks.len()).find(|&k| self.kw(toks, k, "ON")) else { return Vec::new() };
        let at = if self.kw(toks, on + 1, "TABLE") { on + 2 } else { on + 1 };
        self.name_at(toks, at).into_iter().collect()
    }

    /// Other places statement `i` names a table: `PARTITION OF t`, `ATTACH PARTITION t`,
    /// `INHERITS (t, …)`, `LIKE t`.
    pub fn other_table_names(&self, i: usize) -> Vec<NameRef> {
        let toks = self.toks(i);
        let mut out = Vec::new();
        for k in 0..toks.len() {
            let follows = (self.kw(toks, k, "OF") && k > 0 && self.kw(toks, k - 1, "PARTITION"))
                || (self.kw(toks, k, "PARTITION") && k > 0 && self.kw(toks, k - 1, "ATTACH"))
                || (self.kw(toks, k, "LIKE") && matches!(self.subject_of(i), Subject::CreateTable { .. }));
            if follows {
                out.extend(self.name_at(toks, k + 1));
            }
            if self.kw(toks, k, "INHERITS") && self.sym(toks, k + 1, "(")
                && let Some(c) = self.close_of(toks, k + 1)
            {
                for (a, _) in self.items(toks, k + 2, c) {
                    out.extend(self.name_at(toks, a));
                }
            }
        }
        out
    }
}

/// Widens byte range `a..b` of `src` to whole lines when nothing but whitespace shares them.
pub fn whole_lines(src: &str, a: usize, b: usize) -> (usize, usize) {
    let line_start = src[..a].rfind('\n').map_or(0, |p| p + 1);
    let before_blank = src[line_start..a].trim().is_empty();
    let line_end = src[b..].find('\n').map_or(src.len(), |p| b + p + 1);
    let after_blank = src[b..line_end].trim().is_empty();
    if before_blank && after_blank { (line_start, line_end) } else { (a, b) }
}

/// The identifier a token spells: quotes removed, doubled quote characters undoubled.
pub fn unquote(text: &str, kind: TokenKind) -> String {
    let TokenKind::Quoted(open) = kind else { return text.to_string() };
    let close = if open == b'[' { ']' } else { open as char };
    let body = text.get(1..text.len().saturating_sub(1)).unwrap_or("");
    let doubled = format!("{close}{close}");
    if body.contains(&doubled) { body.replace(&doubled, &close.to_string()) } else { body.to_string() }
}
