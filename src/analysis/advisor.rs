//! Index advice from a workload of queries.
//!
//! The workload is SQL text: SELECT, UPDATE and DELETE statements, each optionally preceded by
//! a `-- freq: N` comment (how often it runs; default 1). Each statement is parsed with
//! sqlparser in the schema's dialect; tables and aliases are resolved against the schema and,
//! per table, the columns compared by equality (`=`, `IN`, `IS NULL`), by range (`<`, `>`,
//! `BETWEEN`, prefix `LIKE`), joined on, sorted and grouped by are collected.
//!
//! A proposal per query and table puts equality and join columns first (in table order, so
//! proposals can merge), then one range column, else the sort or grouping columns. Proposals
//! whose columns are a prefix of another are merged into it; a proposal an existing index,
//! primary key or unique constraint already serves (leftmost prefix, equality columns in any
//! order) is dropped. Non-unique b-tree indexes on the workload's tables that no query can use
//! (except those leading with a foreign key's columns, which serve its checks), and those a
//! proposal makes redundant, are reported too.

use super::walk::{access_paths, col_name, index_label};
use super::{Finding, walk::IdSource};
use crate::diagnostic::Severity;
use crate::edit::Edit;
use crate::schema::{ColumnId, Dialect, IndexId, Schema, TableId};
use sqlparser::ast::{
    BinaryOperator, Expr, FromTable, GroupByExpr, JoinConstraint, JoinOperator, ObjectName, ObjectNamePart,
    OrderByKind, Query, Select, SetExpr, Statement, TableFactor, TableWithJoins, UpdateTableFromKind,
};
use sqlparser::parser::Parser;

/// One statement of the workload.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkloadQuery {
    /// 1-based position in the workload.
    pub number: usize,
    pub sql: String,
    pub frequency: u64,
}

/// An index the workload would use.
#[derive(Clone, Debug, PartialEq)]
pub struct Proposal {
    pub table: TableId,
    pub columns: Vec<ColumnId>,
    /// Numbers of the queries it serves.
    pub serves: Vec<usize>,
    /// Sum of the frequencies of the queries it serves.
    pub weight: u64,
    /// Dialect-correct `CREATE INDEX` text.
    pub sql: String,
    pub name: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Advice {
    pub queries: Vec<WorkloadQuery>,
    pub proposals: Vec<Proposal>,
    /// Existing non-unique indexes on workload tables that no query can use.
    pub unused: Vec<(TableId, IndexId)>,
    /// Existing non-unique indexes that a proposal extends (drop after creating it).
    pub redundant: Vec<(TableId, IndexId, usize)>,
    /// Statements that could not be parsed or resolved, with the reason.
    pub diagnostics: Vec<String>,
    /// On a Cassandra or DynamoDB schema, the workload's access patterns that scan
    /// (`cql-query-needs-filtering`, `dynamodb-access-pattern-scan`; see [`super::access`]).
    pub access: Vec<Finding>,
}

/// Columns a query uses on one table, by role.
#[derive(Clone, Debug, Default)]
struct Usage {
    eq: Vec<ColumnId>,
    /// Columns compared with another table's column: each is a lookup of its own.
    join: Vec<ColumnId>,
    range: Vec<ColumnId>,
    sort: Vec<ColumnId>,
    group: Vec<ColumnId>,
}

impl Usage {
    fn all(&self) -> impl Iterator<Item = &ColumnId> {
        self.eq.iter().chain(&self.join).chain(&self.range).chain(&self.sort).chain(&self.group)
    }
}

fn push(v: &mut Vec<ColumnId>, c: ColumnId) {
    if !v.contains(&c) {
        v.push(c);
    }
}

/// Splits the workload into statements (on `;` outside quotes and comments) with frequencies.
pub fn split_workload(text: &str) -> Vec<WorkloadQuery> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = text.chars().peekable();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        if let Some(q) = quote {
            cur.push(c);
            if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '\'' | '"' | '`' => {
                quote = Some(c);
                cur.push(c);
            }
            '-' if chars.peek() == Some(&'-') => {
                cur.push(c);
                for c in chars.by_ref() {
                    cur.push(c);
                    if c == '\n' {
                        break;
                    }
                }
            }
            ';' => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    let mut queries = Vec::new();
    for chunk in out {
        let mut frequency = 1;
        let mut sql = String::new();
        for line in chunk.lines() {
            let t = line.trim();
            if let Some(rest) = t.strip_prefix("--") {
                let rest = rest.trim().to_ascii_lowercase();
                if let Some(n) = rest.strip_prefix("freq:").or_else(|| rest.strip_prefix("frequency:")) {
                    frequency = n.trim().parse().unwrap_or(1);
                }
                continue;
            }
            if !t.is_empty() {
                sql.push_str(line);
                sql.push('\n');
            }
        }
        if !sql.trim().is_empty() {
            queries.push(WorkloadQuery { number: queries.len() + 1, sql: sql.trim().to_string(), frequency });
        }
    }
    queries
}

pub(crate) fn parser_dialect(d: Dialect) -> Box<dyn sqlparser::dialect::Dialect> {
    use sqlparser::dialect::{
        ClickHouseDialect, DuckDbDialect, GenericDialect, MsSqlDialect, MySqlDialect, OracleDialect, PostgreSqlDialect,
        SQLiteDialect, SnowflakeDialect,
    };
    match d {
        Dialect::Postgres => Box::new(PostgreSqlDialect {}),
        Dialect::Mysql => Box::new(MySqlDialect {}),
        Dialect::Sqlite => Box::new(SQLiteDialect {}),
        Dialect::Mssql => Box::new(MsSqlDialect {}),
        Dialect::Oracle => Box::new(OracleDialect {}),
        Dialect::Clickhouse => Box::new(ClickHouseDialect {}),
        Dialect::Duckdb => Box::new(DuckDbDialect {}),
        Dialect::Snowflake => Box::new(SnowflakeDialect {}),
        Dialect::Generic => Box::new(GenericDialect {}),
    }
}

/// Tables in scope of one SELECT/UPDATE/DELETE: (alias or name, table).
struct Scope<'s> {
    schema: &'s Schema,
    tables: Vec<(String, TableId)>,
    usage: Vec<(TableId, Usage)>,
    unknown: Vec<String>,
}

fn ident_parts(name: &ObjectName) -> Vec<String> {
    name.0
        .iter()
        .filter_map(|p| match p {
            ObjectNamePart::Identifier(i) => Some(i.value.clone()),
            _ => None,
        })
        .collect()
}

impl<'s> Scope<'s> {
    fn add_factor(&mut self, f: &TableFactor) {
        match f {
            TableFactor::Table { name, alias, .. } => {
                let parts = ident_parts(name);
                let Some(last) = parts.last() else { return };
                let ns = parts.len().checked_sub(2).and_then(|i| parts.get(i)).map(String::as_str);
                let found = self.schema.find_table(ns, last).or_else(|| self.schema.find_table(None, last));
                match found {
                    Some(t) => {
                        let label = alias.as_ref().map_or_else(|| last.clone(), |a| a.name.value.clone());
                        self.tables.push((label, t.id));
                    }
                    None => self.unknown.push(parts.join(".")),
                }
            }
            TableFactor::Derived { subquery, .. } => self.nested(subquery),
            _ => {}
        }
    }

    fn add_from(&mut self, from: &[TableWithJoins]) {
        for twj in from {
            self.add_factor(&twj.relation);
            for j in &twj.joins {
                self.add_factor(&j.relation);
            }
        }
        for twj in from {
            for j in &twj.joins {
                let constraint = match &j.join_operator {
                    JoinOperator::Join(c)
                    | JoinOperator::Inner(c)
                    | JoinOperator::Left(c)
                    | JoinOperator::LeftOuter(c)
                    | JoinOperator::Right(c)
                    | JoinOperator::RightOuter(c)
                    | JoinOperator::FullOuter(c)
                    | JoinOperator::Semi(c)
                    | JoinOperator::LeftSemi(c)
                    | JoinOperator::RightSemi(c)
                    | JoinOperator::Anti(c)
                    | JoinOperator::LeftAnti(c)
                    | JoinOperator::RightAnti(c)
                    | JoinOperator::StraightJoin(c) => Some(c),
                    _ => None,
                };
                if let Some(JoinConstraint::On(e)) = constraint {
                    self.predicate(e);
                }
            }
        }
    }

    /// A subquery's usage is collected in a scope of its own and merged into this one.
    fn nested(&mut self, q: &Query) {
        let mut inner = Scope { schema: self.schema, tables: Vec::new(), usage: Vec::new(), unknown: Vec::new() };
        inner.query(q);
        self.unknown.append(&mut inner.unknown);
        for (t, u) in inner.usage {
            self.update_usage(t, |mine| {
                for c in u.eq {
                    push(&mut mine.eq, c);
                }
                for c in u.range {
                    push(&mut mine.range, c);
                }
                for c in u.join {
                    push(&mut mine.join, c);
                }
                if mine.sort.is_empty() {
                    mine.sort = u.sort;
                }
                if mine.group.is_empty() {
                    mine.group = u.group;
                }
            });
        }
    }

    fn query(&mut self, q: &Query) {
        self.set_expr(&q.body);
        if let Some(ob) = &q.order_by
            && let OrderByKind::Expressions(list) = &ob.kind
        {
            let cols: Vec<(TableId, ColumnId)> = list.iter().filter_map(|o| self.column(&o.expr)).collect();
            if let Some(&(table, _)) = cols.first()
                && cols.len() == list.len()
                && cols.iter().all(|c| c.0 == table)
            {
                self.update_usage(table, |u| u.sort = cols.iter().map(|c| c.1).collect());
            }
        }
    }

    fn set_expr(&mut self, e: &SetExpr) {
        match e {
            SetExpr::Select(s) => self.select(s),
            SetExpr::Query(q) => self.nested(q),
            SetExpr::SetOperation { left, right, .. } => {
                self.set_expr(left);
                self.set_expr(right);
            }
            _ => {}
        }
    }

    fn select(&mut self, s: &Select) {
        self.add_from(&s.from);
        if let Some(w) = &s.selection {
            self.predicate(w);
        }
        if let GroupByExpr::Expressions(list, _) = &s.group_by {
            let cols: Vec<(TableId, ColumnId)> = list.iter().filter_map(|e| self.column(e)).collect();
            if let Some(&(table, _)) = cols.first()
                && cols.len() == list.len()
                && cols.iter().all(|c| c.0 == table)
            {
                self.update_usage(table, |u| u.group = cols.iter().map(|c| c.1).collect());
            }
        }
    }

    /// Updates the usage of table `t`, which gets an entry (after the others) on its first use.
    fn update_usage(&mut self, t: TableId, f: impl FnOnce(&mut Usage)) {
        match self.usage.iter_mut().find(|u| u.0 == t) {
            Some((_, u)) => f(u),
            None => {
                let mut u = Usage::default();
                f(&mut u);
                self.usage.push((t, u));
            }
        }
    }

    /// Resolves a column reference to its table in scope.
    fn column(&self, e: &Expr) -> Option<(TableId, ColumnId)> {
        let (qualifier, name) = match e {
            Expr::Identifier(i) => (None, i.value.as_str()),
            Expr::CompoundIdentifier(parts) => match parts.as_slice() {
                [.., qualifier, name] => (Some(qualifier.value.as_str()), name.value.as_str()),
                _ => return None,
            },
            Expr::Nested(inner) => return self.column(inner),
            _ => return None,
        };
        let mut candidates = self.tables.iter().filter(|(label, tid)| {
            qualifier.is_none_or(|q| {
                label.eq_ignore_ascii_case(q) || self.schema.table(*tid).is_some_and(|t| t.name.eq_ignore_ascii_case(q))
            })
        });
        let mut found = None;
        for (_, tid) in candidates.by_ref() {
            if let Some(c) = self.schema.table(*tid).and_then(|t| t.column_by_name(name)) {
                if found.is_some() {
                    return None; // ambiguous
                }
                found = Some((*tid, c.id));
            }
        }
        found
    }

    fn predicate(&mut self, e: &Expr) {
        match e {
            Expr::BinaryOp { left, op: BinaryOperator::And, right } => {
                self.predicate(left);
                self.predicate(right);
            }
            Expr::Nested(inner) => self.predicate(inner),
            Expr::BinaryOp { left, op, right } => {
                let (l, r) = (self.column(left), self.column(right));
                match op {
                    BinaryOperator::Eq => match (l, r) {
                        (Some(a), Some(b)) if a.0 != b.0 => {
                            self.update_usage(a.0, |u| push(&mut u.join, a.1));
                            self.update_usage(b.0, |u| push(&mut u.join, b.1));
                        }
                        (Some(a), None) | (None, Some(a)) => self.update_usage(a.0, |u| push(&mut u.eq, a.1)),
                        _ => {}
                    },
                    BinaryOperator::Lt | BinaryOperator::LtEq | BinaryOperator::Gt | BinaryOperator::GtEq => {
                        if let (Some(a), None) | (None, Some(a)) = (l, r) {
                            self.update_usage(a.0, |u| push(&mut u.range, a.1));
                        }
                    }
                    _ => {}
                }
            }
            Expr::InList { expr, negated: false, .. } | Expr::IsNull(expr) => {
                if let Some(a) = self.column(expr) {
                    self.update_usage(a.0, |u| push(&mut u.eq, a.1));
                }
            }
            Expr::InSubquery { expr, subquery, negated: false } => {
                if let Some(a) = self.column(expr) {
                    self.update_usage(a.0, |u| push(&mut u.eq, a.1));
                }
                self.nested(subquery);
            }
            Expr::Between { expr, negated: false, .. } => {
                if let Some(a) = self.column(expr) {
                    self.update_usage(a.0, |u| push(&mut u.range, a.1));
                }
            }
            Expr::Like { expr, negated: false, pattern, .. } => {
                let prefix = matches!(&**pattern, Expr::Value(v) if v.value.to_string().trim_start_matches('\'').chars().next().is_some_and(|c| c != '%' && c != '_'));
                if let (true, Some(a)) = (prefix, self.column(expr)) {
                    self.update_usage(a.0, |u| push(&mut u.range, a.1));
                }
            }
            Expr::Exists { subquery, negated: false } | Expr::Subquery(subquery) => self.nested(subquery),
            _ => {}
        }
    }

    fn statement(&mut self, st: &Statement) -> bool {
        match st {
            Statement::Query(q) => self.query(q),
            Statement::Update(u) => {
                self.add_from(std::slice::from_ref(&u.table));
                if let Some(UpdateTableFromKind::BeforeSet(f) | UpdateTableFromKind::AfterSet(f)) = &u.from {
                    self.add_from(f);
                }
                if let Some(w) = &u.selection {
                    self.predicate(w);
                }
            }
            Statement::Delete(d) => {
                match &d.from {
                    FromTable::WithFromKeyword(f) | FromTable::WithoutKeyword(f) => self.add_from(f),
                }
                if let Some(using) = &d.using {
                    self.add_from(using);
                }
                if let Some(w) = &d.selection {
                    self.predicate(w);
                }
            }
            _ => return false,
        }
        true
    }
}

fn quote(d: Dialect, ident: &str) -> String {
    let plain = ident.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !ident.starts_with(|c: char| c.is_ascii_digit());
    if plain {
        return ident.to_string();
    }
    match d {
        Dialect::Mysql => format!("`{ident}`"),
        Dialect::Mssql => format!("[{ident}]"),
        _ => format!("\"{}\"", ident.replace('"', "\"\"")),
    }
}

/// `CREATE INDEX` in the schema's dialect (CONCURRENTLY on PostgreSQL, ONLINE on SQL Server).
pub fn create_index_sql(schema: &Schema, table: TableId, name: &str, cols: &[ColumnId]) -> String {
    let d = schema.dialect;
    let Some(t) = schema.table(table) else { return String::new() };
    let target = match &t.schema {
        Some(ns) => format!("{}.{}", quote(d, ns), quote(d, &t.name)),
        None => quote(d, &t.name),
    };
    let list = cols.iter().map(|c| quote(d, col_name(t, *c))).collect::<Vec<_>>().join(", ");
    let name = quote(d, name);
    match d {
        Dialect::Postgres => format!("CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON {target} ({list});"),
        Dialect::Sqlite | Dialect::Duckdb => format!("CREATE INDEX IF NOT EXISTS {name} ON {target} ({list});"),
        Dialect::Mysql => format!("CREATE INDEX {name} ON {target} ({list}) ALGORITHM=INPLACE LOCK=NONE;"),
        Dialect::Mssql => format!("CREATE INDEX {name} ON {target} ({list}) WITH (ONLINE = ON);"),
        _ => format!("CREATE INDEX {name} ON {target} ({list});"),
    }
}

/// True when an access path serves `cols` whose first `eq` columns are equality lookups.
fn served(path: &[ColumnId], cols: &[ColumnId], eq: usize) -> bool {
    let (Some(cols_eq), Some(path_eq), Some(cols_rest), Some(path_rest)) = (cols.get(..eq), path.get(..eq), cols.get(eq..), path.get(eq..cols.len())) else {
        return false;
    };
    cols_eq.iter().all(|c| path_eq.contains(c)) && path_rest == cols_rest
}

/// Derives index advice for the workload text over the schema. A NoSQL schema gets no index
/// advice: its workload is CQL or PartiQL, checked against its keys ([`super::access`]).
pub fn advise(schema: &Schema, workload: &str) -> Advice {
    if schema.source.is_nosql() {
        return nosql_advice(schema, workload);
    }
    let mut advice = Advice { queries: split_workload(workload), ..Default::default() };
    let dialect = parser_dialect(schema.dialect);
    let mut raw: Vec<Candidate> = Vec::new();
    let mut used: Vec<(TableId, ColumnId)> = Vec::new();
    let mut touched: Vec<TableId> = Vec::new();
    for q in &advice.queries {
        let statements = match Parser::parse_sql(&*dialect, &q.sql) {
            Ok(s) => s,
            Err(e) => {
                advice.diagnostics.push(format!("query {}: {e}", q.number));
                continue;
            }
        };
        for st in &statements {
            let mut scope = Scope { schema, tables: Vec::new(), usage: Vec::new(), unknown: Vec::new() };
            if !scope.statement(st) {
                advice.diagnostics.push(format!("query {}: only SELECT, UPDATE and DELETE are analyzed", q.number));
                continue;
            }
            for u in &scope.unknown {
                advice.diagnostics.push(format!("query {}: unknown table `{u}`", q.number));
            }
            for (_, t) in &scope.tables {
                if !touched.contains(t) {
                    touched.push(*t);
                }
            }
            for (tid, u) in scope.usage {
                let Some(t) = schema.table(tid) else { continue };
                for c in u.all() {
                    used.push((tid, *c));
                }
                let mut eq = u.eq.clone();
                let position = |c: &ColumnId| t.columns.iter().position(|x| x.id == *c).unwrap_or(usize::MAX);
                eq.sort_by_key(position);
                let mut cols = eq.clone();
                let filtered = !eq.is_empty() || !u.range.is_empty();
                let tail = if let Some(r) = u.range.iter().find(|c| !eq.contains(c)) {
                    vec![*r]
                } else if filtered || scope.tables.len() == 1 {
                    // Sorting or grouping alone is worth an index only for a single-table query.
                    if !u.sort.is_empty() { u.sort.clone() } else { u.group.clone() }
                } else {
                    Vec::new()
                };
                for c in tail {
                    push(&mut cols, c);
                }
                if !cols.is_empty() {
                    raw.push((tid, cols, eq.len(), q.number, q.frequency));
                }
                // Each join column is a lookup of its own, after this table's equality filters.
                // A join column an existing index already leads (a key, say) needs nothing more.
                let paths = access_paths(t);
                for j in u.join.iter().filter(|j| !eq.contains(j) && !paths.iter().any(|p| served(p, &[**j], 1))) {
                    let mut cols = eq.clone();
                    cols.push(*j);
                    raw.push((tid, cols, eq.len() + 1, q.number, q.frequency));
                }
            }
        }
    }
    advice.proposals = merged_proposals(schema, raw);
    unused_and_redundant(schema, &touched, &used, &mut advice);
    advice
}

/// An index candidate from one query: (table, columns, number of equality columns, query
/// number, frequency).
type Candidate = (TableId, Vec<ColumnId>, usize, usize, u64);

/// The proposals from the candidates: those existing indexes serve are dropped, and prefixes
/// are merged into the longer proposal; heaviest first.
fn merged_proposals(schema: &Schema, mut raw: Vec<Candidate>) -> Vec<Proposal> {
    raw.retain(|(tid, cols, eq, ..)| {
        schema.table(*tid).is_some_and(|t| !access_paths(t).iter().any(|p| served(p, cols, *eq)))
    });
    raw.sort_by_key(|r| std::cmp::Reverse(r.1.len()));
    let ids = IdSource::new(schema);
    let mut proposals: Vec<Proposal> = Vec::new();
    for (tid, cols, eq, number, freq) in raw {
        if let Some(p) = proposals.iter_mut().find(|p| p.table == tid && served(&p.columns, &cols, eq)) {
            if !p.serves.contains(&number) {
                p.serves.push(number);
                p.weight += freq;
            }
            continue;
        }
        let Some(t) = schema.table(tid) else { continue };
        let name = format!("{}_{}_idx", t.name, cols.iter().map(|c| col_name(t, *c)).collect::<Vec<_>>().join("_"));
        let _ = ids.fresh();
        proposals.push(Proposal {
            table: tid,
            sql: create_index_sql(schema, tid, &name, &cols),
            name,
            columns: cols,
            serves: vec![number],
            weight: freq,
        });
    }
    for p in &mut proposals {
        p.serves.sort_unstable();
    }
    proposals.sort_by(|a, b| b.weight.cmp(&a.weight).then(a.name.cmp(&b.name)));
    proposals
}

/// Existing indexes of the `touched` tables that no query uses (no `used` column leads them)
/// or that a longer proposal makes redundant; unique, non-b-tree and foreign-key indexes are
/// kept.
fn unused_and_redundant(schema: &Schema, touched: &[TableId], used: &[(TableId, ColumnId)], advice: &mut Advice) {
    for &tid in touched {
        let Some(t) = schema.table(tid) else { continue };
        // Unique indexes enforce constraints, non-b-tree ones serve operators this analysis does
        // not model, and indexes leading with a foreign key serve its checks on parent deletes.
        let serves_fk = |cols: &[ColumnId]| {
            t.foreign_keys.iter().any(|fk| cols.get(..fk.columns.len()).is_some_and(|lead| fk.columns.iter().all(|c| lead.contains(c))))
        };
        for ix in t.indexes.iter().filter(|ix| !ix.unique && !super::walk::is_non_btree(ix)) {
            let leading: Vec<ColumnId> = ix.leading_columns().collect();
            if serves_fk(&leading) {
                continue;
            }
            let first = ix.leading_columns().next();
            if first.is_none_or(|c| !used.contains(&(tid, c))) {
                advice.unused.push((tid, ix.id));
                continue;
            }
            let cols: Vec<ColumnId> = ix.leading_columns().collect();
            if let Some(i) = advice.proposals.iter().position(|p| p.table == tid && p.columns.len() > cols.len() && p.columns.starts_with(&cols)) {
                advice.redundant.push((tid, ix.id, i));
            }
        }
    }
}

/// The workload of a Cassandra or DynamoDB schema read as CQL or PartiQL; a MongoDB schema's
/// workload is not analysed (one diagnostic says so).
fn nosql_advice(schema: &Schema, workload: &str) -> Advice {
    if schema.source == crate::schema::SourceFormat::Mongodb {
        let queries = split_workload(workload);
        let diagnostics = if queries.is_empty() {
            Vec::new()
        } else {
            vec!["the workload is checked for SQL, Cassandra (CQL) and DynamoDB (PartiQL) schemas; MongoDB queries are not analysed".to_string()]
        };
        return Advice { queries, diagnostics, ..Default::default() };
    }
    let r = super::access::review(schema, workload);
    Advice { queries: r.queries, diagnostics: r.diagnostics, access: r.findings, ..Default::default() }
}

impl Proposal {
    /// The edit that creates the proposed index with id `id`.
    pub fn index_edit(&self, id: IndexId) -> Edit {
        Edit::PutIndex {
            table: self.table,
            index: crate::schema::Index::on_columns(id, Some(self.name.clone()), false, &self.columns),
        }
    }
}

/// One proposal as the Workload panel shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct ProposalRow {
    pub table: String,
    pub name: String,
    pub columns: Vec<String>,
    /// The queries it serves: (number, SQL as written, trimmed).
    pub queries: Vec<(usize, String)>,
    pub weight: u64,
    pub sql: String,
    /// Creates the index (its id from `schema.next_id` up; see `analysis::reserve_fix_ids`).
    pub edit: Edit,
}

/// The Workload panel's view of the advice.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WorkloadView {
    pub queries: usize,
    pub proposals: Vec<ProposalRow>,
    /// Existing indexes no query uses and those a proposal makes redundant, in words.
    pub notes: Vec<String>,
    /// Statements that could not be analysed, with why.
    pub diagnostics: Vec<String>,
}

/// Advises on `workload` over `schema` and renders the advice for the Workload panel.
pub fn workload_view(schema: &Schema, workload: &str) -> WorkloadView {
    let advice = advise(schema, workload);
    let ids = IdSource::new(schema);
    let sql_of = |n: usize| advice.queries.iter().find(|q| q.number == n).map(|q| q.sql.trim().to_string()).unwrap_or_default();
    let proposals = advice
        .proposals
        .iter()
        .filter_map(|p| {
            let t = schema.table(p.table)?;
            Some(ProposalRow {
                table: t.qualified_name(),
                name: p.name.clone(),
                columns: p.columns.iter().map(|c| col_name(t, *c).to_string()).collect(),
                queries: p.serves.iter().map(|n| (*n, sql_of(*n))).collect(),
                weight: p.weight,
                sql: p.sql.clone(),
                edit: p.index_edit(IndexId(ids.fresh())),
            })
        })
        .collect();
    let notes = advice
        .findings(schema)
        .into_iter()
        .filter(|f| f.rule != "workload-missing-index")
        .map(|f| f.message)
        .collect();
    WorkloadView { queries: advice.queries.len(), proposals, notes, diagnostics: advice.diagnostics }
}

impl Advice {
    /// The advice as findings (`workload-missing-index`, `workload-unused-index`,
    /// `workload-redundant-index`, and on NoSQL schemas the access-pattern rules') so the CLI
    /// lists it with the rule findings.
    pub fn findings(&self, schema: &Schema) -> Vec<Finding> {
        self.findings_with(schema, &IdSource::new(schema))
    }

    /// [`Advice::findings`] with fix ids from `ids` (those of one `check` run, so that no two
    /// fixes of the run share an id).
    pub(crate) fn findings_with(&self, schema: &Schema, ids: &IdSource) -> Vec<Finding> {
        let mut out = Vec::new();
        for p in &self.proposals {
            let Some(t) = schema.table(p.table) else { continue };
            let queries = p.serves.iter().map(|n| format!("#{n}")).collect::<Vec<_>>().join(", ");
            out.push(Finding {
                rule: "workload-missing-index",
                severity: Severity::Warning,
                table: Some(p.table),
                columns: p.columns.clone(),
                index: None,
                message: format!(
                    "queries {queries} (weight {}) need an index on `{}` ({}): {}",
                    p.weight,
                    t.name,
                    super::walk::col_names(t, &p.columns),
                    p.sql
                ),
                help: p.sql.clone(),
                fix: Some(vec![p.index_edit(IndexId(ids.fresh()))]),
            });
        }
        for (tid, ix, why) in self
            .unused
            .iter()
            .map(|(t, i)| (*t, *i, None))
            .chain(self.redundant.iter().map(|(t, i, p)| (*t, *i, Some(*p))))
        {
            let Some(t) = schema.table(tid) else { continue };
            let Some(index) = t.indexes.iter().find(|x| x.id == ix) else { continue };
            let (rule, message) = match why {
                None => ("workload-unused-index", format!("no query in the workload uses index `{}`", index_label(t, index))),
                Some(p) => (
                    "workload-redundant-index",
                    format!(
                        "index `{}` becomes redundant once `{}` exists (it is a prefix)",
                        index_label(t, index),
                        self.proposals.get(p).map_or("", |p| p.name.as_str())
                    ),
                ),
            };
            out.push(Finding {
                rule,
                severity: Severity::Info,
                table: Some(tid),
                columns: index.leading_columns().collect(),
                index: Some(ix),
                message,
                help: "drop it if no other workload needs it".into(),
                fix: Some(vec![Edit::DeleteIndex { table: tid, index: ix }]),
            });
        }
        out.extend(self.access.iter().cloned());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::{advise, split_workload};
    use crate::analysis::testkit::schema;
    use crate::schema::Dialect;

    const SHOP: &str = "
        table customers
        id bigint | pk
        email text
        country text
        table orders
        id bigint | pk
        customer_id bigint | fk customers.id
        status text
        created_at timestamptz
        total numeric
        index status
        index customer_id
        table order_items
        order_id bigint | fk orders.id
        line int
        product_id bigint
        pk order_id line
    ";

    /// Runs the advisor and renders proposals as `sql  -- serves #n` lines.
    #[track_caller]
    fn check(dialect: Dialect, workload: &str, expect: &[&str]) {
        let s = schema(dialect, SHOP);
        let advice = advise(&s, workload);
        assert!(advice.diagnostics.is_empty(), "{:?}", advice.diagnostics);
        let got: Vec<String> = advice
            .proposals
            .iter()
            .map(|p| format!("{}  -- serves {}", p.sql, p.serves.iter().map(|n| format!("#{n}")).collect::<Vec<_>>().join(",")))
            .collect();
        assert_eq!(got, expect);
    }

    #[test]
    fn equality_then_range_then_sort() {
        check(
            Dialect::Postgres,
            "SELECT * FROM orders o WHERE o.status = 'paid' AND o.created_at > now() - interval '1 day' ORDER BY o.total",
            &["CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_created_at_idx ON orders (status, created_at);  -- serves #1"],
        );
        check(
            Dialect::Postgres,
            "SELECT id FROM customers WHERE country = 'NZ' ORDER BY email",
            &["CREATE INDEX CONCURRENTLY IF NOT EXISTS customers_country_email_idx ON customers (country, email);  -- serves #1"],
        );
    }

    #[test]
    fn proposals_sharing_a_prefix_merge_and_weights_order_them() {
        check(
            Dialect::Mysql,
            "-- freq: 5\nSELECT * FROM customers WHERE email = ?;\n-- freq: 100\nSELECT * FROM customers c WHERE c.email = ? AND c.country = ?;\nSELECT * FROM order_items WHERE product_id = 3",
            &[
                "CREATE INDEX customers_email_country_idx ON customers (email, country) ALGORITHM=INPLACE LOCK=NONE;  -- serves #1,#2",
                "CREATE INDEX order_items_product_id_idx ON order_items (product_id) ALGORITHM=INPLACE LOCK=NONE;  -- serves #3",
            ],
        );
    }

    #[test]
    fn existing_indexes_and_keys_serve_queries() {
        check(
            Dialect::Postgres,
            "SELECT * FROM orders WHERE customer_id = 1;\nSELECT * FROM order_items WHERE order_id = 1 AND line > 2;\nDELETE FROM orders WHERE id = 4;\nUPDATE orders SET total = 0 WHERE status IN ('a', 'b')",
            &[],
        );
    }

    #[test]
    fn joins_index_the_inner_side_and_unused_indexes_are_reported() {
        let s = schema(Dialect::Sqlite, SHOP);
        let advice = advise(
            &s,
            "SELECT c.email, count(*) FROM customers c JOIN order_items i ON i.product_id = c.id JOIN orders o ON o.id = i.order_id GROUP BY c.email",
        );
        let sql: Vec<&str> = advice.proposals.iter().map(|p| p.sql.as_str()).collect();
        assert_eq!(sql, ["CREATE INDEX IF NOT EXISTS order_items_product_id_idx ON order_items (product_id);"]);
        let orders = s.find_table(None, "orders").unwrap();
        let status = orders.indexes[0].id;
        let customer = orders.indexes[1].id;
        assert!(advice.unused.contains(&(orders.id, status)), "status index is unused");
        assert!(!advice.unused.contains(&(orders.id, customer)), "the customer_id index serves its foreign key");
        let findings = advice.findings(&s);
        assert!(findings.iter().any(|f| f.rule == "workload-missing-index" && f.fix.is_some()));
        assert_eq!(findings.iter().filter(|f| f.rule == "workload-unused-index").count(), 1);
    }

    #[test]
    fn a_proposal_extending_an_index_makes_it_redundant() {
        let s = schema(Dialect::Postgres, SHOP);
        let advice = advise(&s, "SELECT * FROM orders WHERE status = 'x' AND created_at < now()");
        let orders = s.find_table(None, "orders").unwrap();
        assert_eq!(advice.redundant, vec![(orders.id, orders.indexes[0].id, 0)]);
    }

    #[test]
    fn updates_and_deletes_get_indexes_for_their_filters() {
        check(
            Dialect::Postgres,
            "UPDATE orders SET status = 'x' WHERE created_at < now() - interval '1 year';\nDELETE FROM customers c USING orders o WHERE o.customer_id = c.id AND c.country = 'NZ'",
            &[
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS customers_country_idx ON customers (country);  -- serves #2",
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_created_at_idx ON orders (created_at);  -- serves #1",
            ],
        );
    }

    #[test]
    fn unknown_tables_and_bad_sql_are_diagnostics() {
        let s = schema(Dialect::Postgres, SHOP);
        let advice = advise(&s, "SELECT * FROM nowhere WHERE a = 1; SELEC oops; INSERT INTO orders VALUES (1)");
        assert_eq!(advice.diagnostics.len(), 3, "{:?}", advice.diagnostics);
        assert!(advice.diagnostics[0].contains("unknown table `nowhere`"));
    }

    #[test]
    fn workload_split_respects_quotes_and_frequencies() {
        let q = split_workload("-- freq: 7\nSELECT ';' FROM t;\n\n-- a note\nSELECT 2;");
        assert_eq!(q.len(), 2);
        assert_eq!((q[0].frequency, q[0].sql.as_str()), (7, "SELECT ';' FROM t"));
        assert_eq!((q[1].frequency, q[1].number), (1, 2));
    }
}
