//! The places in the text that define one table: its `CREATE TABLE` body and elements, each
//! column's definition (name, type and the clauses after it), and each key, check and index,
//! wherever it is written (an element, a clause of a column, an `ALTER TABLE … ADD` action or a
//! `CREATE INDEX` statement).

use super::scan::{NameRef, Scan, Subject};
use crate::import::{self, TokenKind};
use crate::schema::Table;

/// One comma-separated item of a `CREATE TABLE` body or of an `ALTER TABLE` statement: the token
/// range `a..b` of statement `stmt`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Item {
    pub stmt: usize,
    pub a: usize,
    pub b: usize,
}

/// Where a column is defined: its name token, its type tokens and the tokens of the whole
/// definition, in the body (element `elem`) or in an `ALTER TABLE … ADD` (action `action`).
#[derive(Clone, Debug)]
pub struct ColumnDef {
    pub stmt: usize,
    pub name: usize,
    pub ty: (usize, usize),
    pub end: usize,
    pub elem: Option<usize>,
    pub action: Option<usize>,
    pub clauses: Vec<Clause>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ClauseKind {
    NotNull,
    Null,
    /// `DEFAULT expr`: the expression's tokens.
    Default(usize, usize),
    PrimaryKey,
    Unique,
    /// `REFERENCES name [(cols)] [ON …]`.
    References(NameRef, Vec<String>),
    /// `CHECK (expr)`: the expression's tokens.
    Check(usize, usize),
    /// `COMMENT 'text'`: the literal's token.
    Comment(usize),
    Other,
}

/// One clause of a column definition: tokens `a..b`, a leading `CONSTRAINT name` included.
#[derive(Clone, Debug)]
pub struct Clause {
    pub kind: ClauseKind,
    pub a: usize,
    pub b: usize,
    pub name: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SiteKind {
    PrimaryKey,
    Unique,
    ForeignKey,
    Check,
    Index,
}

/// Where a constraint or index is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loc {
    /// An element of the body (by index).
    Elem(usize),
    /// A clause of the definition of column `col` (index into `Sites::columns`), clause `clause`.
    Clause { col: usize, clause: usize },
    /// An action of an `ALTER TABLE` statement (index into `Sites::actions`).
    Action(usize),
    /// A whole statement (`CREATE INDEX`).
    Stmt(usize),
}

#[derive(Clone, Debug)]
pub struct Site {
    pub kind: SiteKind,
    pub name: Option<String>,
    /// Lowercase column names (plain key parts; an expression part is kept as written).
    pub columns: Vec<String>,
    pub unique: bool,
    pub ref_name: Option<NameRef>,
    pub ref_columns: Vec<String>,
    /// The CHECK expression as written.
    pub expr: Option<String>,
    pub loc: Loc,
}

/// Everything about one table's text.
pub struct Sites {
    pub create: Option<usize>,
    /// Token range inside the body's parentheses.
    pub body: Option<(usize, usize)>,
    pub elems: Vec<Item>,
    /// The actions of the table's `ALTER TABLE` statements, in text order.
    pub actions: Vec<Item>,
    pub columns: Vec<(String, ColumnDef)>,
    pub sites: Vec<Site>,
    /// Every statement about the table (create, alter, index, comment, data).
    pub stmts: Vec<usize>,
}

impl Sites {
    /// The definition of column `name` (case-insensitive): the first, as the importer keeps it.
    pub fn column(&self, name: &str) -> Option<(usize, &ColumnDef)> {
        self.columns.iter().enumerate().find(|(_, (n, _))| n.eq_ignore_ascii_case(name)).map(|(i, (_, d))| (i, d))
    }
}

/// Verbs of `ALTER TABLE` actions that change the table in the model.
const MODEL_VERBS: &[&str] = &["ADD", "ALTER", "MODIFY", "CHANGE", "DROP", "RENAME", "INHERIT"];

impl Scan<'_> {
    pub fn word_at(&self, stmt: usize, i: usize) -> Option<&str> {
        self.toks(stmt).get(i).filter(|t| t.kind == TokenKind::Word).map(|t| self.text(t))
    }

    pub fn is_kw(&self, stmt: usize, i: usize, k: &str) -> bool {
        self.word_at(stmt, i).is_some_and(|w| w.eq_ignore_ascii_case(k))
    }

    pub fn is_sym(&self, stmt: usize, i: usize, s: &str) -> bool {
        self.toks(stmt).get(i).is_some_and(|t| t.kind == TokenKind::Sym && self.text(t) == s)
    }

    fn ident_at(&self, stmt: usize, i: usize) -> Option<String> {
        self.toks(stmt).get(i).filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Quoted(_) | TokenKind::Str)).map(|t| self.ident(t))
    }

    /// Byte offsets of tokens `a..b` of statement `stmt` (start of `a`, end of `b - 1`).
    pub fn bytes(&self, stmt: usize, a: usize, b: usize) -> (usize, usize) {
        // Callers pass a non-empty token range they found in this statement.
        let t = self.toks(stmt);
        let start = t.get(a).map_or(0, |x| x.start as usize);
        let end = b.checked_sub(1).and_then(|k| t.get(k)).map_or(start, |x| x.end as usize);
        (start, end)
    }

    pub fn slice(&self, stmt: usize, a: usize, b: usize) -> &str {
        if a >= b {
            return "";
        }
        let (x, y) = self.bytes(stmt, a, b);
        &self.src[x..y]
    }

    /// Whether an item of a body is a constraint rather than a column (the importer's rule).
    fn is_constraint(&self, stmt: usize, a: usize) -> bool {
        let kw = |k: usize, w: &str| self.is_kw(stmt, a + k, w);
        let sym = |k: usize, s: &str| self.is_sym(stmt, a + k, s);
        if ["CONSTRAINT", "PRIMARY", "FOREIGN", "CHECK", "EXCLUDE", "PERIOD", "PROJECTION", "LIKE"].iter().any(|w| kw(0, w)) {
            return true;
        }
        if kw(0, "FAMILY") && (sym(1, "(") || sym(2, "(")) {
            return true;
        }
        if kw(0, "UNIQUE") {
            return sym(1, "(") || kw(1, "KEY") || kw(1, "INDEX") || kw(1, "NONCLUSTERED") || kw(1, "CLUSTERED") || sym(2, "(");
        }
        if ["KEY", "INDEX", "FULLTEXT", "SPATIAL"].iter().any(|w| kw(0, w)) {
            return sym(1, "(") || sym(2, "(") || kw(1, "USING") || kw(1, "KEY") || kw(1, "INDEX") || kw(2, "TYPE") || kw(3, "TYPE");
        }
        false
    }

    /// Whether the word at token `i` ends a column's type or expression, as the importer reads
    /// it: a column keyword (`NOT`, `DEFAULT`, …) or `CHARACTER SET`.
    fn stops_column(&self, stmt: usize, i: usize) -> bool {
        self.word_at(stmt, i).is_some_and(|w| import::is_column_stop(w) || (w.eq_ignore_ascii_case("CHARACTER") && self.is_kw(stmt, i + 1, "SET")))
    }

    /// The end (exclusive) of a column's type starting at token `a`, before `b`.
    fn type_end(&self, stmt: usize, a: usize, b: usize) -> usize {
        let toks = self.toks(stmt);
        let mut depth = 0i32;
        let mut i = a;
        while i < b {
            let Some(t) = toks.get(i) else { break };
            if depth == 0 && t.kind == TokenKind::Word && self.stops_column(stmt, i) {
                break;
            }
            depth += import::paren_delta(self.src, t);
            i += 1;
        }
        i
    }

    /// Skips a token or a whole parenthesised group at `i`.
    fn skip(&self, stmt: usize, i: usize, b: usize) -> usize {
        if self.is_sym(stmt, i, "(") {
            self.close_of(self.toks(stmt), i).map_or(b, |c| c + 1).min(b)
        } else {
            (i + 1).min(b)
        }
    }

    /// An expression at `i` (a first token or group, then up to a column keyword or `)`), as the
    /// importer reads a DEFAULT.
    fn expr_end(&self, stmt: usize, i: usize, b: usize) -> usize {
        let toks = self.toks(stmt);
        let mut k = self.skip(stmt, i, b);
        let mut depth = 0i32;
        while k < b {
            let Some(t) = toks.get(k) else { break };
            if depth == 0 {
                if t.kind == TokenKind::Word {
                    let cast_null = self.text(t).eq_ignore_ascii_case("NULL") && k.checked_sub(1).and_then(|p| toks.get(p)).is_some_and(|p| self.text(p) == "::");
                    if !cast_null && self.stops_column(stmt, k) {
                        break;
                    }
                }
                if t.kind == TokenKind::Sym && self.text(t) == ")" {
                    break;
                }
            }
            depth += import::paren_delta(self.src, t);
            k += 1;
        }
        k
    }

    /// The end of a foreign key's tail (`ON DELETE …`, `MATCH …`, `DEFERRABLE`, …) from `i`.
    fn fk_tail_end(&self, stmt: usize, mut i: usize, b: usize) -> usize {
        let kw = |k: usize, w: &str| k < b && self.is_kw(stmt, k, w);
        loop {
            if kw(i, "ON") && (kw(i + 1, "DELETE") || kw(i + 1, "UPDATE")) {
                i += 2;
                i += if kw(i, "SET") || kw(i, "NO") { 2 } else { 1 };
            } else if kw(i, "MATCH") || (kw(i, "NOT") && (kw(i + 1, "DEFERRABLE") || kw(i + 1, "VALID") || kw(i + 1, "ENFORCED"))) {
                i += 2;
            } else if kw(i, "NOT") && kw(i + 1, "FOR") && kw(i + 2, "REPLICATION") {
                i += 3;
            } else if kw(i, "DEFERRABLE") {
                i += 1;
            } else if kw(i, "INITIALLY") {
                i += 2;
            } else if ["ENABLE", "DISABLE", "VALIDATE", "NOVALIDATE", "RELY", "NORELY"].iter().any(|w| kw(i, w)) {
                i += 1;
            } else {
                return i.min(b);
            }
        }
    }

    /// The clauses of a column definition after its type: tokens `a..b`.
    fn clauses(&self, stmt: usize, a: usize, b: usize) -> Vec<Clause> {
        let toks = self.toks(stmt);
        let kw = |k: usize, w: &str| k < b && self.is_kw(stmt, k, w);
        let mut out = Vec::new();
        let mut i = a;
        let mut pending: Option<(usize, Option<String>)> = None;
        while i < b {
            let start = pending.as_ref().map_or(i, |p| p.0);
            let name = pending.as_ref().and_then(|p| p.1.clone());
            let (kind, end) = if kw(i, "CONSTRAINT") {
                pending = Some((i, self.ident_at(stmt, i + 1)));
                i += 2;
                continue;
            } else if kw(i, "NOT") && kw(i + 1, "NULL") {
                (ClauseKind::NotNull, i + 2)
            } else if kw(i, "NULL") {
                (ClauseKind::Null, i + 1)
            } else if kw(i, "DEFAULT") {
                let mut s = i + 1;
                if kw(s, "ON") && kw(s + 1, "NULL") {
                    s += 2;
                }
                let e = self.expr_end(stmt, s, b);
                (ClauseKind::Default(s, e), e)
            } else if kw(i, "PRIMARY") && kw(i + 1, "KEY") {
                let mut e = i + 2;
                while kw(e, "ASC") || kw(e, "DESC") || kw(e, "AUTOINCREMENT") || kw(e, "CLUSTERED") || kw(e, "NONCLUSTERED") {
                    e += 1;
                }
                (ClauseKind::PrimaryKey, e)
            } else if kw(i, "UNIQUE") {
                (ClauseKind::Unique, if kw(i + 1, "KEY") { i + 2 } else { i + 1 })
            } else if kw(i, "REFERENCES") {
                let Some(target) = self.name_at(toks, i + 1) else { break };
                let mut e = target.parts.last().map_or(i + 1, |p| p + 1);
                let mut cols = Vec::new();
                if self.is_sym(stmt, e, "(")
                    && let Some(c) = self.close_of(toks, e)
                {
                    cols = self.items(toks, e + 1, c).into_iter().filter_map(|(x, _)| self.ident_at(stmt, x)).map(|n| n.to_lowercase()).collect();
                    e = c + 1;
                }
                let e = self.fk_tail_end(stmt, e, b);
                (ClauseKind::References(target, cols), e)
            } else if kw(i, "CHECK") && self.is_sym(stmt, i + 1, "(") {
                let c = self.close_of(toks, i + 1).unwrap_or(b - 1).min(b - 1);
                (ClauseKind::Check(i + 2, c), c + 1)
            } else if kw(i, "COMMENT") && toks.get(i + 1).is_some_and(|t| t.kind == TokenKind::Str) {
                (ClauseKind::Comment(i + 1), i + 2)
            } else {
                (ClauseKind::Other, self.skip(stmt, i, b))
            };
            pending = None;
            out.push(Clause { kind, a: start, b: end.max(i + 1).min(b), name });
            i = end.max(i + 1);
        }
        out
    }

    fn column_def(&self, stmt: usize, name: usize, end: usize, elem: Option<usize>, action: Option<usize>) -> ColumnDef {
        let ty_end = self.type_end(stmt, name + 1, end);
        ColumnDef { stmt, name, ty: (name + 1, ty_end), end, elem, action, clauses: self.clauses(stmt, ty_end, end) }
    }

    /// A constraint written as a body element or an `ALTER TABLE … ADD` action: tokens `a..b`.
    fn constraint_site(&self, stmt: usize, a: usize, b: usize, loc: Loc) -> Option<Site> {
        let toks = self.toks(stmt);
        let kw = |k: usize, w: &str| k < b && self.is_kw(stmt, k, w);
        let mut i = a;
        let mut name = None;
        if kw(i, "CONSTRAINT") && !["PRIMARY", "UNIQUE", "FOREIGN", "CHECK"].iter().any(|w| kw(i + 1, w)) {
            name = self.ident_at(stmt, i + 1);
            i += 2;
        } else if kw(i, "CONSTRAINT") {
            i += 1;
        }
        let group_after = |mut k: usize| -> Option<(usize, usize)> {
            while k < b && !self.is_sym(stmt, k, "(") {
                k += 1;
            }
            let c = self.close_of(toks, k)?;
            (c < b).then_some((k + 1, c))
        };
        let names = |(x, y): (usize, usize)| -> Vec<String> {
            self.items(toks, x, y)
                .into_iter()
                .map(|(p, q)| match self.key_column(stmt, p, q) {
                    Some(n) => n.to_lowercase(),
                    None => self.slice(stmt, p, q).to_string(),
                })
                .collect()
        };
        let site = |kind, columns, unique| Site {
            kind,
            name: name.clone(),
            columns,
            unique,
            ref_name: None,
            ref_columns: Vec::new(),
            expr: None,
            loc,
        };
        if kw(i, "PRIMARY") && kw(i + 1, "KEY") {
            return Some(site(SiteKind::PrimaryKey, names(group_after(i + 2)?), true));
        }
        if kw(i, "UNIQUE") {
            let is_index = kw(i + 1, "KEY") || kw(i + 1, "INDEX");
            if is_index {
                let mut s = site(SiteKind::Index, names(group_after(i + 2)?), true);
                if !self.is_sym(stmt, i + 2, "(") && !kw(i + 2, "USING") {
                    s.name = self.ident_at(stmt, i + 2).or(s.name);
                }
                return Some(s);
            }
            let mut s = site(SiteKind::Unique, names(group_after(i + 1)?), true);
            if s.name.is_none() && !self.is_sym(stmt, i + 1, "(") && !kw(i + 1, "CLUSTERED") && !kw(i + 1, "NONCLUSTERED") {
                s.name = self.ident_at(stmt, i + 1);
            }
            return Some(s);
        }
        if kw(i, "FOREIGN") && kw(i + 1, "KEY") {
            let g = group_after(i + 2)?;
            let mut s = site(SiteKind::ForeignKey, names(g), false);
            let r = g.1 + 1;
            if !kw(r, "REFERENCES") {
                return None;
            }
            let target = self.name_at(toks, r + 1)?;
            let after = target.parts.last().map_or(r + 1, |p| p + 1);
            if self.is_sym(stmt, after, "(") {
                s.ref_columns = names((after + 1, self.close_of(toks, after)?));
            }
            s.ref_name = Some(target);
            return Some(s);
        }
        if kw(i, "CHECK") {
            let (x, y) = group_after(i + 1)?;
            let mut s = site(SiteKind::Check, Vec::new(), false);
            s.expr = Some(self.slice(stmt, x, y).to_string());
            return Some(s);
        }
        if ["KEY", "INDEX", "FULLTEXT", "SPATIAL"].iter().any(|w| kw(i, w)) {
            let mut k = i + 1;
            while kw(k, "KEY") || kw(k, "INDEX") {
                k += 1;
            }
            let mut s = site(SiteKind::Index, names(group_after(k)?), false);
            if !self.is_sym(stmt, k, "(") && !kw(k, "USING") {
                s.name = self.ident_at(stmt, k).or(s.name);
            }
            return Some(s);
        }
        None
    }

    /// The comma-separated actions of `ALTER TABLE` statement `stmt` after its name.
    fn alter_items(&self, stmt: usize) -> Vec<(usize, usize)> {
        let Subject::AlterTable { from, .. } = self.subject_of(stmt) else { return Vec::new() };
        self.items(self.toks(stmt), *from, self.toks(stmt).len())
    }

    /// The column a key part (tokens `p..q` of a key list) names, by the importer's rule: a name,
    /// optionally with a prefix length `(n)` or an operator class, and ASC/DESC/NULLS FIRST/LAST.
    pub fn key_column(&self, stmt: usize, p: usize, q: usize) -> Option<String> {
        let toks = self.toks(stmt);
        let first = toks.get(p).filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Quoted(_)))?;
        let mut end = q;
        while end > p + 1 && ["ASC", "DESC", "FIRST", "LAST", "NULLS"].iter().any(|w| self.is_kw(stmt, end - 1, w)) {
            end -= 1;
        }
        let simple = end == p + 1
            || (self.is_sym(stmt, p + 1, "(") && end == p + 4 && toks.get(p + 2).is_some_and(|t| t.kind == TokenKind::Num))
            || (toks.get(p + 1).is_some_and(|t| t.kind == TokenKind::Word) && end <= p + 3 && !self.is_sym(stmt, p + 1, "."));
        simple.then(|| self.ident(first))
    }

    /// Whether an `ALTER TABLE` action at token `x` starts with a verb (else it continues the
    /// previous action's ADD or DROP list).
    pub fn starts_with_verb(&self, stmt: usize, x: usize) -> bool {
        const VERBS: &[&str] = &["ADD", "MODIFY", "CHANGE", "ALTER", "DROP", "ATTACH", "INHERIT", "OWNER", "RENAME", "SET", "ENABLE", "DISABLE", "WITH", "CLUSTER", "VALIDATE", "REPLICA", "NO", "DETACH", "FORCE", "RESET"];
        VERBS.iter().any(|v| self.is_kw(stmt, x, v))
    }

    /// Whether an action changes the model of its table (ADD, ALTER COLUMN, DROP, …), unlike
    /// `OWNER TO` or `ATTACH PARTITION` (which changes another table).
    pub fn is_model_action(&self, item: &Item) -> bool {
        if !self.starts_with_verb(item.stmt, item.a) {
            return true;
        }
        let w = self.word_at(item.stmt, item.a).unwrap_or("");
        let w = if w.eq_ignore_ascii_case("WITH") { self.word_at(item.stmt, item.a + 2).unwrap_or("") } else { w };
        MODEL_VERBS.iter().any(|v| v.eq_ignore_ascii_case(w))
    }

    /// Everything about `table` (as the old model has it) in the text.
    pub fn sites(&self, table: &Table) -> Sites {
        let stmts = self.about(table);
        let create = self.create_of(table);
        let mut s = Sites { create, body: None, elems: Vec::new(), actions: Vec::new(), columns: Vec::new(), sites: Vec::new(), stmts: stmts.clone() };
        if let Some(c) = create
            && let Subject::CreateTable { body: Some((a, b)), .. } = self.subject_of(c)
        {
            s.body = Some((*a, *b));
            let toks = self.toks(c);
            for (x, y) in self.items(toks, *a, *b) {
                let e = s.elems.len();
                s.elems.push(Item { stmt: c, a: x, b: y });
                if self.is_constraint(c, x) {
                    s.sites.extend(self.constraint_site(c, x, y, Loc::Elem(e)));
                } else if let Some(name) = self.ident_at(c, x)
                    && s.column(&name).is_none()
                {
                    s.columns.push((name, self.column_def(c, x, y, Some(e), None)));
                }
            }
        }
        for &st in &stmts {
            match self.subject_of(st) {
                Subject::AlterTable { .. } => self.alter_sites(st, &mut s),
                Subject::CreateIndex { .. } => s.sites.extend(self.index_site(st)),
                _ => {}
            }
        }
        self.clause_sites(&mut s);
        s
    }

    /// The actions of ALTER TABLE statement `st` (into `s.actions`), with the constraints and
    /// columns they add (into `s.sites` and `s.columns`).
    fn alter_sites(&self, st: usize, s: &mut Sites) {
        let mut adding = false;
        for (x, y) in self.alter_items(st) {
            let k = s.actions.len();
            s.actions.push(Item { stmt: st, a: x, b: y });
            // T-SQL `WITH CHECK ADD …`.
            let x = if self.is_kw(st, x, "WITH") && (self.is_kw(st, x + 1, "CHECK") || self.is_kw(st, x + 1, "NOCHECK")) { x + 2 } else { x };
            // T-SQL and MySQL go on adding without repeating ADD.
            let continues = adding && !self.starts_with_verb(st, x);
            adding = self.is_kw(st, x, "ADD") || continues;
            if !adding {
                continue;
            }
            let mut i = if continues { x } else { x + 1 };
            if self.is_constraint(st, i) {
                s.sites.extend(self.constraint_site(st, i, y, Loc::Action(k)));
                continue;
            }
            if self.is_kw(st, i, "COLUMN") {
                i += 1;
            }
            if self.is_kw(st, i, "IF") && self.is_kw(st, i + 1, "NOT") && self.is_kw(st, i + 2, "EXISTS") {
                i += 3;
            }
            if let Some(name) = self.ident_at(st, i)
                && i < y
                && !self.is_sym(st, i, "(")
                && s.column(&name).is_none()
            {
                s.columns.push((name, self.column_def(st, i, y, None, Some(k))));
            }
        }
    }

    /// The index site of CREATE INDEX statement `st`: name, uniqueness and key columns.
    fn index_site(&self, st: usize) -> Option<Site> {
        let Subject::CreateIndex { name, from, .. } = self.subject_of(st) else { return None };
        let toks = self.toks(st);
        let open = (*from..toks.len()).find(|&k| self.is_sym(st, k, "("))?;
        let close = self.close_of(toks, open)?;
        let mut site = self.constraint_site(st, open - 1, close + 1, Loc::Stmt(st)).unwrap_or(Site {
            kind: SiteKind::Index,
            name: None,
            columns: Vec::new(),
            unique: false,
            ref_name: None,
            ref_columns: Vec::new(),
            expr: None,
            loc: Loc::Stmt(st),
        });
        site.kind = SiteKind::Index;
        site.name = name.as_ref().map(|n| n.name().to_string());
        site.unique = toks.iter().take(4).any(|t| self.text(t).eq_ignore_ascii_case("UNIQUE"));
        site.columns = self
            .items(toks, open + 1, close)
            .into_iter()
            .map(|(p, q)| match self.key_column(st, p, q) {
                Some(n) => n.to_lowercase(),
                None => self.slice(st, p, q).to_string(),
            })
            .collect();
        Some(site)
    }

    /// The sites of constraints written as clauses of a column definition (`PRIMARY KEY`,
    /// `UNIQUE`, `REFERENCES`, `CHECK`), into `s.sites`.
    fn clause_sites(&self, s: &mut Sites) {
        for (ci, (name, def)) in s.columns.iter().enumerate() {
            for (k, cl) in def.clauses.iter().enumerate() {
                let loc = Loc::Clause { col: ci, clause: k };
                let base = Site {
                    kind: SiteKind::PrimaryKey,
                    name: cl.name.clone(),
                    columns: vec![name.to_lowercase()],
                    unique: false,
                    ref_name: None,
                    ref_columns: Vec::new(),
                    expr: None,
                    loc,
                };
                match &cl.kind {
                    ClauseKind::PrimaryKey => s.sites.push(base),
                    ClauseKind::Unique => s.sites.push(Site { kind: SiteKind::Unique, unique: true, ..base }),
                    ClauseKind::References(target, cols) => s.sites.push(Site {
                        kind: SiteKind::ForeignKey,
                        ref_name: Some(target.clone()),
                        ref_columns: cols.clone(),
                        ..base
                    }),
                    ClauseKind::Check(x, y) => s.sites.push(Site {
                        kind: SiteKind::Check,
                        columns: Vec::new(),
                        expr: Some(self.slice(def.stmt, *x, *y).to_string()),
                        ..base
                    }),
                    _ => {}
                }
            }
        }
    }
}
