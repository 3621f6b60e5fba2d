//! The schema as DDL in one dialect: PostgreSQL, MySQL/MariaDB, SQLite, SQL Server, Oracle
//! (other dialects get PostgreSQL-flavoured ANSI DDL).
//!
//! Order: schemas, enum types / domains / sequences, tables in foreign-key dependency order
//! (a foreign key to a table not created yet, as in a cycle, becomes an `ALTER TABLE … ADD
//! CONSTRAINT` after all tables; SQLite cannot do that and allows forward references, so it keeps
//! every foreign key inline), indexes, comments, views.
//!
//! **Invariant:** every identifier goes through [`quote`], which doubles the dialect's closing
//! quote character, so no name can end its quoted identifier; every string literal goes through
//! [`literal`]. Types written in the source are reused only when exporting to the source dialect
//! and only when they look like a type ([`safe_raw_type`]); otherwise the type is mapped from its
//! [`TypeKind`] and a lossy mapping is reported as a warning.

mod order;
mod paradigm;

use super::Exported;
use crate::diagnostic::{Diagnostic, Severity};
use crate::schema::{Column, Dialect, ForeignKey, Identity, IndexPart, Schema, Table, TableId, TypeKind};
use std::collections::{HashMap, HashSet};
use std::fmt::Write;

pub fn render(schema: &Schema, dialect: Dialect) -> Exported {
    let mut r = Renderer::new(schema, dialect);
    if schema.source.is_nosql() {
        for w in paradigm::warnings(schema) {
            r.warn(w);
        }
    }
    if r.same_dialect() {
        r.run_same();
    } else {
        r.run();
    }
    Exported { text: r.out, warnings: r.warnings }
}

/// Quotes an identifier when it needs it in `dialect` (not a plain lowercase-safe word, or a
/// reserved word); the closing quote character inside the name is doubled.
pub fn quote(name: &str, dialect: Dialect) -> String {
    let plain = !name.is_empty()
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !is_reserved(name)
        && match dialect {
            // Unquoted names fold to lowercase (PostgreSQL) or uppercase (Oracle): keep the case.
            Dialect::Postgres | Dialect::Generic | Dialect::Duckdb => !name.chars().any(|c| c.is_ascii_uppercase()),
            Dialect::Oracle => !name.chars().any(|c| c.is_ascii_lowercase()) || name.chars().all(|c| !c.is_ascii_uppercase()),
            _ => true,
        };
    if plain {
        return name.to_string();
    }
    match dialect {
        Dialect::Mysql | Dialect::Clickhouse => format!("`{}`", name.replace('`', "``")),
        Dialect::Mssql => format!("[{}]", name.replace(']', "]]")),
        _ => format!("\"{}\"", name.replace('"', "\"\"")),
    }
}

/// A SQL string literal; MySQL also treats backslash as an escape, so it is doubled there.
pub fn literal(text: &str, dialect: Dialect) -> String {
    let mut s = text.replace('\'', "''");
    if dialect == Dialect::Mysql {
        s = s.replace('\\', "\\\\");
    }
    if dialect == Dialect::Mssql { format!("N'{s}'") } else { format!("'{s}'") }
}

const RESERVED: &[&str] = &[
    "all", "alter", "analyze", "and", "any", "array", "as", "asc", "authorization", "between", "both",
    "by", "case", "cast", "change", "check", "collate", "column", "comment", "constraint", "create", "cross",
    "current", "current_date", "current_time", "current_timestamp", "current_user", "database", "default",
    "delete", "desc", "distinct", "do", "drop", "else", "end", "except", "exists", "false", "fetch", "file",
    "for", "foreign", "from", "full", "grant", "group", "having", "identity", "in", "index", "inner",
    "insert", "intersect", "interval", "into", "is", "join", "key", "keys", "leading", "left", "level",
    "like", "limit", "localtime", "localtimestamp", "lock", "long", "match", "minus", "mode", "natural",
    "not", "null", "number", "of", "offset", "on", "only", "option", "or", "order", "outer", "over",
    "partition", "primary", "range", "read", "references", "rename", "replace", "returning", "right",
    "row", "rowid", "rownum", "rows", "schema", "select", "session_user", "set", "size", "some", "table",
    "then", "to", "top", "trailing", "trigger", "true", "uid", "union", "unique", "update", "usage", "user",
    "using", "values", "view", "when", "where", "window", "with", "year", "zone",
    // MySQL / MariaDB reserved words a column is likely to be called.
    "accessible", "add", "before", "bigint", "binary", "blob", "call", "cascade", "char", "condition",
    "continue", "cursor", "databases", "dec", "decimal", "declare", "delayed", "describe", "deterministic",
    "div", "double", "dual", "each", "elseif", "escaped", "exit", "explain", "float", "force", "fulltext",
    "generated", "get", "high_priority", "if", "ignore", "int", "integer", "interval", "iterate", "kill",
    "leave", "limit", "linear", "lines", "load", "loop", "low_priority", "maxvalue", "mod", "modifies",
    "numeric", "optimize", "optionally", "out", "outfile", "period", "precision", "procedure", "purge",
    "reads", "real", "regexp", "release", "repeat", "require", "restrict", "return", "revoke", "rlike",
    "schemas", "separator", "show", "signal", "smallint", "spatial", "sql", "ssl", "starting", "stored",
    "straight_join", "system", "terminated", "tinyint", "undo", "unlock", "unsigned", "use", "varbinary",
    "varchar", "varying", "virtual", "while", "write", "xor", "zerofill",
    // PostgreSQL-only reserved words.
    "analyse", "asymmetric", "placing", "symmetric", "variadic", "verbose", "freeze", "ilike", "isnull",
    "notnull", "similar", "tablesample", "lateral", "collation", "concurrently", "exclude",
];

fn is_reserved(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    RESERVED.contains(&lower.as_str())
}

/// A type text from the source, reusable verbatim: letters, digits, spaces, `_ ( ) , . [ ] < >
/// = % - + $`, complete quoted strings and names; nothing that could end the statement (no
/// `;`, no unbalanced quote or parenthesis, no `--` comment).
pub fn safe_raw_type(raw: &str) -> bool {
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    for ch in raw.chars() {
        if let Some(q) = quote {
            if ch == q {
                quote = None;
            }
            continue;
        }
        match ch {
            // Strings (enum values; MySQL also takes double quotes) and quoted type names.
            '\'' | '"' | '`' => quote = Some(ch),
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            c if c.is_alphanumeric() || matches!(c, ' ' | '_' | ',' | '.' | '[' | ']' | '<' | '>' | '=' | '%' | '-' | '+' | '$') => {}
            _ => return false,
        }
    }
    !raw.trim().is_empty() && depth == 0 && quote.is_none() && !raw.contains("--")
}

/// Pieces of DDL for the migration renderer, named and quoted exactly as [`render`] does for the
/// same schema, so a migration applied to an exported baseline reaches the exported target.
pub(crate) struct Pieces<'a> {
    r: Renderer<'a>,
}

impl<'a> Pieces<'a> {
    /// A migration addresses objects of two schemas (the one it leaves, the one it leads to), so
    /// every name with an explicit namespace is qualified: an unqualified `DROP TABLE t` could
    /// drop another namespace's `t` (SQLite has no namespaces).
    pub(crate) fn new(schema: &'a Schema, d: Dialect) -> Self {
        let mut r = Renderer::new(schema, d);
        r.qualify = d != Dialect::Sqlite;
        r.dedup = false;
        r.partition_of = true;
        Pieces { r }
    }

    /// Whether the column carries an unnamed enum CHECK (see `Renderer::inline_enum_check`).
    pub(crate) fn inline_enum_check(&self, c: &Column) -> bool {
        self.r.inline_enum_check(c)
    }

    pub(crate) fn obj(&self, schema: Option<&str>, name: &str) -> String {
        self.r.obj(schema, name)
    }

    pub(crate) fn q(&self, name: &str) -> String {
        self.r.q(name)
    }

    /// `name type [DEFAULT …] [NOT NULL]` as in CREATE TABLE.
    pub(crate) fn column(&mut self, t: &Table, c: &Column) -> String {
        self.r.column_def(t, c, false)
    }

    pub(crate) fn column_type(&mut self, t: &Table, c: &Column) -> String {
        let in_key = t.is_pk_column(c.id) || t.is_fk_column(c.id);
        self.r.column_type(t, c, in_key)
    }

    pub(crate) fn default_expr(&mut self, def: &str) -> Option<String> {
        self.r.default_expr(def)
    }

    /// CREATE TABLE without foreign keys (SQLite: with them inline, it cannot add them later).
    pub(crate) fn create_table(&mut self, t: &Table) -> String {
        let start = self.r.out.len();
        let created = if self.r.d == Dialect::Sqlite { self.r.schema.tables.iter().map(|t| t.id).collect() } else { HashSet::new() };
        let mut deferred = Vec::new();
        self.r.create_table(t, &created, &mut deferred);
        let text = self.r.out[start..].trim_end().to_string();
        self.r.out.truncate(start);
        text
    }

    /// The CREATE INDEX statements of one index (one line, with `;`), or nothing.
    pub(crate) fn create_index(&mut self, t: &Table, ix: &crate::schema::Index) -> String {
        let start = self.r.out.len();
        let mut one = t.clone();
        one.indexes = vec![ix.clone()];
        self.r.indexes(&one);
        let text = self.r.out[start..].trim_end().to_string();
        self.r.out.truncate(start);
        text
    }

    pub(crate) fn index_name(&self, t: &Table, ix: &crate::schema::Index) -> String {
        default_index_name(t, ix)
    }

    /// A view's statements (see `Renderer::create_view`), or none when its query is another
    /// dialect's SQL.
    pub(crate) fn create_view(&self, v: &crate::schema::View) -> Vec<String> {
        if !self.r.same_dialect() {
            return Vec::new();
        }
        self.r.create_view(v)
    }

    /// A statement kept as written, with the terminator its dialect's client needs (see
    /// `Renderer::object_text`).
    pub(crate) fn object_text(&self, o: &crate::schema::Object) -> String {
        self.r.object_text(o)
    }

    pub(crate) fn take_warnings(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.r.warnings)
    }
}

/// The name [`render`] gives an unnamed index: PostgreSQL's (`<table>_<columns>_idx`, see
/// [`crate::schema::names`]), made unique in the script with `_2`, `_3`, ….
pub(crate) fn default_index_name(t: &Table, ix: &crate::schema::Index) -> String {
    ix.name.clone().unwrap_or_else(|| crate::schema::names::index_base_name(t, ix))
}

/// The namespaces the schema's objects name (tables, views, types, sequences), and the ones
/// created explicitly, in model order.
fn object_spaces(s: &Schema) -> Vec<String> {
    let named = s.tables.iter().map(|t| &t.schema)
        .chain(s.views.iter().map(|v| &v.schema))
        .chain(s.enums.iter().map(|e| &e.schema))
        .chain(s.domains.iter().map(|d| &d.schema))
        .chain(s.sequences.iter().map(|q| &q.schema));
    named.flatten().chain(s.namespaces.iter()).cloned().collect()
}

struct Renderer<'a> {
    schema: &'a Schema,
    d: Dialect,
    out: String,
    warnings: Vec<Diagnostic>,
    qualify: bool,
    used_names: HashSet<String>,
    /// Whether [`Renderer::unique_name`] makes clashing names unique (the export) or not.
    dedup: bool,
    /// Whether a PostgreSQL partition is created `PARTITION OF` its parent (a migration) rather
    /// than as a table attached afterwards (the export, as pg_dump writes it).
    partition_of: bool,
    enum_names: HashMap<String, Vec<String>>,
}

impl<'a> Renderer<'a> {
    fn new(schema: &'a Schema, d: Dialect) -> Self {
        let mut spaces: Vec<String> = object_spaces(schema).into_iter().map(|s| s.to_lowercase()).collect();
        spaces.sort();
        spaces.dedup();
        let unqualified = schema.tables.iter().any(|t| t.schema.is_none());
        // One namespace for every table is left out only when it is the target's default one
        // (`public`, `dbo`): any other would be lost on re-import.
        let default_space = spaces.len() == 1 && matches!((d, spaces.first().map(String::as_str).unwrap_or_default()), (Dialect::Postgres | Dialect::Generic | Dialect::Duckdb, "public") | (Dialect::Mssql, "dbo"));
        let qualify = d != Dialect::Sqlite && (spaces.len() > 1 || (spaces.len() == 1 && (unqualified || !default_space)));
        let enum_names = schema
            .enums
            .iter()
            .flat_map(|e| {
                let mut v = vec![(e.name.to_lowercase(), e.values.clone())];
                if let Some(s) = &e.schema {
                    v.push((format!("{}.{}", s.to_lowercase(), e.name.to_lowercase()), e.values.clone()));
                }
                v
            })
            .collect();
        Renderer { schema, d, out: String::new(), warnings: Vec::new(), qualify, used_names: HashSet::new(), dedup: true, partition_of: false, enum_names }
    }

    fn warn(&mut self, message: String) {
        self.warnings.push(Diagnostic {
            severity: Severity::Warning,
            span: Default::default(),
            message,
            statement: String::new(),
        });
    }

    fn q(&self, name: &str) -> String {
        quote(name, self.d)
    }

    fn obj(&self, schema: Option<&str>, name: &str) -> String {
        match schema {
            Some(s) if self.qualify => format!("{}.{}", self.q(s), self.q(name)),
            _ => self.q(name),
        }
    }

    fn table_name(&self, t: &Table) -> String {
        self.obj(t.schema.as_deref(), &t.name)
    }

    /// A constraint or index name unique in the target's namespace `space` (PostgreSQL, Oracle
    /// and SQL Server share one namespace per schema; MySQL per database for foreign keys).
    fn unique_name(&mut self, space: Option<&str>, wanted: &str) -> String {
        self.unique_name_in(space.unwrap_or(""), wanted)
    }

    /// [`Self::unique_name`] among the names of one `scope` (MySQL's index names are per table).
    /// A migration (`dedup` off) names what is in the database: its names are taken as they are.
    fn unique_name_in(&mut self, scope: &str, wanted: &str) -> String {
        if !self.dedup {
            return wanted.to_string();
        }
        // The target's longest name, in bytes: a name that fits is kept as written.
        let limit = match self.d {
            Dialect::Postgres => 63,
            Dialect::Mysql => 64,
            Dialect::Oracle | Dialect::Mssql => 128,
            _ => usize::MAX,
        };
        let cut = |s: &str, max: usize| -> String {
            let mut end = s.len().min(max);
            while !s.is_char_boundary(end) {
                end -= 1;
            }
            s[..end].to_string()
        };
        let mut name = cut(wanted, limit);
        let mut n = 2;
        while !self.used_names.insert(format!("{}\u{1}{}", scope.to_lowercase(), name.to_lowercase())) {
            let suffix = format!("_{n}");
            name = format!("{}{suffix}", cut(wanted, limit.saturating_sub(suffix.len())));
            n += 1;
        }
        name
    }

    fn run(&mut self) {
        let d = self.d;
        let _ = writeln!(self.out, "-- Generated by erdsmith for {}.", d.label());
        if d == Dialect::Mysql {
            self.out.push_str("SET FOREIGN_KEY_CHECKS = 0;\n");
        }
        self.out.push('\n');
        self.schemas();
        self.types();
        let order = self.table_order();
        // Foreign keys inline only in SQLite (it cannot add them later); elsewhere after every
        // table and index, so the unique index a key references exists (MySQL needs it even
        // with FOREIGN_KEY_CHECKS = 0) and InnoDB uses a declared index instead of its own.
        let created: HashSet<TableId> = if d == Dialect::Sqlite { self.schema.tables.iter().map(|t| t.id).collect() } else { HashSet::new() };
        let mut deferred = Vec::new();
        for id in &order {
            let Some(t) = self.schema.table(*id) else { continue };
            self.create_table(t, &created, &mut deferred);
        }
        for id in &order {
            if let Some(t) = self.schema.table(*id) {
                self.indexes(t);
            }
        }
        for (t, i) in deferred {
            // `i` is the key's position in its table (create_table deferred it).
            let (Some(t), Some(fk)) = (self.schema.table(t), self.schema.table(t).and_then(|t| t.foreign_keys.get(i))) else { continue };
            let fk = self.foreign_key(t, fk);
            let _ = writeln!(self.out, "ALTER TABLE {} ADD {fk};", self.table_name(t));
        }
        for id in &order {
            if let Some(t) = self.schema.table(*id) {
                self.comments(t);
            }
        }
        self.views();
        if d == Dialect::Mysql {
            self.out.push_str("\nSET FOREIGN_KEY_CHECKS = 1;\n");
        }
    }

    fn schemas(&mut self) {
        if !self.qualify || !matches!(self.d, Dialect::Postgres | Dialect::Mssql | Dialect::Mysql | Dialect::Generic) {
            return;
        }
        let mut seen = HashSet::new();
        let names: Vec<String> = object_spaces(self.schema).into_iter().filter(|s| seen.insert(s.to_lowercase())).collect();
        for s in names {
            let builtin = matches!((self.d, s.to_lowercase().as_str()), (Dialect::Postgres, "public") | (Dialect::Mssql, "dbo"));
            if builtin {
                continue;
            }
            match self.d {
                Dialect::Mysql => { let _ = writeln!(self.out, "CREATE DATABASE IF NOT EXISTS {};", self.q(&s)); }
                Dialect::Mssql => { let _ = writeln!(self.out, "GO\nCREATE SCHEMA {};\nGO", self.q(&s)); }
                _ => { let _ = writeln!(self.out, "CREATE SCHEMA IF NOT EXISTS {};", self.q(&s)); }
            }
        }
        self.out.push('\n');
    }

    fn types(&mut self) {
        if !matches!(self.d, Dialect::Postgres | Dialect::Generic) {
            return;
        }
        for e in &self.schema.enums {
            let values: Vec<String> = e.values.iter().map(|v| literal(v, self.d)).collect();
            let _ = writeln!(self.out, "CREATE TYPE {} AS ENUM ({});", self.obj(e.schema.as_deref(), &e.name), values.join(", "));
        }
        for dm in &self.schema.domains {
            let ty = self.column_type_of(&dm.data_type, false);
            let mut line = format!("CREATE DOMAIN {} AS {ty}", self.obj(dm.schema.as_deref(), &dm.name));
            if let Some(def) = &dm.default {
                let _ = write!(line, " DEFAULT {def}");
            }
            if !dm.nullable {
                line.push_str(" NOT NULL");
            }
            for c in &dm.checks {
                let _ = write!(line, " CHECK ({})", c.expr);
            }
            let _ = writeln!(self.out, "{line};");
        }
        for s in &self.schema.sequences {
            if self.schema.dialect == Dialect::Postgres {
                let mut line = format!("CREATE SEQUENCE IF NOT EXISTS {}", self.obj(s.schema.as_deref(), &s.name));
                if self.d == Dialect::Postgres {
                    let settings = s.settings();
                    if let Some(t) = &settings.data_type {
                        let _ = write!(line, " AS {t}");
                    }
                    let opts = settings.to_sql();
                    if !opts.is_empty() {
                        let _ = write!(line, " {opts}");
                    }
                }
                let _ = writeln!(self.out, "{line};");
            }
        }
        if !self.schema.enums.is_empty() || !self.schema.domains.is_empty() || !self.schema.sequences.is_empty() {
            self.out.push('\n');
        }
    }

    /// Tables so that referenced tables come first where possible (Kahn, stable by model order);
    /// tables in a cycle follow in model order.
    fn table_order(&self) -> Vec<TableId> {
        // Kahn's bookkeeping: every vector has one entry a table, in model order.
        let tables = &self.schema.tables;
        let index: HashMap<TableId, usize> = tables.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
        let mut deps: Vec<HashSet<usize>> = vec![HashSet::new(); tables.len()];
        let mut users: Vec<Vec<usize>> = vec![Vec::new(); tables.len()];
        for ((i, t), my_deps) in tables.iter().enumerate().zip(deps.iter_mut()) {
            // A partition comes after its parent; a table after the tables it references.
            let parent = t.parent.filter(|_| t.kind == crate::schema::TableKind::Partition);
            for r in t.foreign_keys.iter().map(|fk| fk.ref_table).chain(parent) {
                if let Some(&j) = index.get(&r)
                    && j != i
                    && my_deps.insert(j)
                    && let Some(u) = users.get_mut(j)
                {
                    u.push(i);
                }
            }
        }
        let mut remaining: Vec<usize> = deps.iter().map(HashSet::len).collect();
        let mut done = vec![false; tables.len()];
        let mut order = Vec::with_capacity(tables.len());
        let mut ready: std::collections::BTreeSet<usize> = remaining.iter().enumerate().filter(|(_, r)| **r == 0).map(|(i, _)| i).collect();
        loop {
            while let Some(i) = ready.pop_first() {
                let (Some(d), Some(t)) = (done.get_mut(i), tables.get(i)) else { continue };
                *d = true;
                order.push(t.id);
                for &u in users.get(i).into_iter().flatten() {
                    let Some(r) = remaining.get_mut(u) else { continue };
                    *r = r.saturating_sub(1);
                    if *r == 0 && done.get(u) == Some(&false) {
                        ready.insert(u);
                    }
                }
            }
            // A cycle: take the first table not done yet and go on.
            match done.iter().position(|d| !d) {
                Some(i) => {
                    if let Some(r) = remaining.get_mut(i) {
                        *r = 0;
                    }
                    ready.insert(i);
                }
                None => break,
            }
        }
        order
    }

    fn create_table(&mut self, t: &Table, created: &HashSet<TableId>, deferred: &mut Vec<(TableId, usize)>) {
        let d = self.d;
        let mut lines: Vec<String> = Vec::new();
        let sqlite_autoinc = d == Dialect::Sqlite
            && t.primary_key.as_ref().is_some_and(|pk| {
                matches!(pk.columns.as_slice(), [one] if t.column(*one).is_some_and(|c| c.identity.is_some() && matches!(c.data_type.kind, TypeKind::Integer { .. })))
            });
        // A migration's PostgreSQL partition (`PARTITION OF`) takes its columns from the parent:
        // only what differs is said.
        let parent = self.partition_parent(t);
        match parent {
            Some(p) => {
                for c in &t.columns {
                    let pc = p.column_by_name(&c.name);
                    let mut options = String::new();
                    if c.default.is_some() && pc.is_some_and(|pc| pc.default != c.default)
                        && let Some(def) = c.default.as_deref().and_then(|x| self.default_expr(x))
                    {
                        let _ = write!(options, " DEFAULT {def}");
                    }
                    if !c.nullable && pc.is_some_and(|pc| pc.nullable) && !t.is_pk_column(c.id) {
                        options.push_str(" NOT NULL");
                    }
                    if !options.is_empty() {
                        lines.push(format!("{} WITH OPTIONS{options}", self.q(&c.name)));
                    }
                }
            }
            None => {
                let inherited = self.inherited_columns(t);
                for c in t.columns.iter().filter(|c| !inherited.contains(&c.id)) {
                    let line = self.column_def(t, c, sqlite_autoinc);
                    lines.push(line);
                }
            }
        }
        if let Some(pk) = &t.primary_key
            && !sqlite_autoinc
            && !pk.columns.is_empty()
        {
            let cols = self.col_list(t, &pk.columns);
            let name = if d == Dialect::Mysql { String::new() } else { self.constraint(t.schema.as_deref(), &pk.name) };
            lines.push(format!("{name}PRIMARY KEY ({cols}){}", self.kept(&pk.options)));
        }
        if d == Dialect::Mysql {
            for c in &t.columns {
                let auto = c.identity.is_some() || c.default.as_deref().is_some_and(|x| x.to_ascii_lowercase().contains("nextval("));
                let leads = |cols: &[crate::schema::ColumnId]| cols.first() == Some(&c.id);
                let keyed = t.primary_key.as_ref().is_some_and(|pk| leads(&pk.columns))
                    || t.uniques.iter().any(|u| leads(&u.columns))
                    || t.indexes.iter().any(|ix| ix.leading_columns().next() == Some(c.id));
                if auto && !keyed {
                    lines.push(format!("KEY ({})", self.q(&c.name)));
                    self.warn(format!("{}.{}: MySQL needs an index led by an AUTO_INCREMENT column; one is added", t.qualified_name(), c.name));
                }
            }
        }
        for u in &t.uniques {
            let cols = self.col_list(t, &u.columns);
            if d == Dialect::Mysql {
                // MySQL names a UNIQUE constraint's index (the first column's name when unnamed):
                // no later index of the table may take that name.
                let implicit = u.name.clone().or_else(|| u.columns.first().and_then(|c| t.column(*c)).map(|c| c.name.clone()));
                if let Some(n) = implicit {
                    self.unique_name_in(&t.qualified_name(), &n);
                }
            }
            let name = self.constraint(t.schema.as_deref(), &u.name);
            // `NULLS [NOT] DISTINCT` goes before the columns; what follows them after.
            let (nulls, rest) = split_nulls(&u.options);
            let nulls = if self.same_dialect() { nulls } else { "" };
            lines.push(format!("{name}UNIQUE {nulls}({cols}){}", self.kept(&rest)));
        }
        if self.same_dialect() {
            // A NOT VALID check is added after the table (CREATE TABLE validates every check and
            // marks it valid).
            for c in t.checks.iter().filter(|c| !(c.not_valid() && d == Dialect::Postgres)) {
                let name = self.table_constraint(t, &c.name);
                lines.push(format!("{name}CHECK ({}){}", c.expr, self.kept(&c.options)));
            }
        } else if !t.checks.is_empty() {
            self.warn(format!("{}: {} CHECK constraint(s) left out: their expressions are {} SQL", t.qualified_name(), t.checks.len(), self.schema.dialect.label()));
        }
        for (i, fk) in t.foreign_keys.iter().enumerate() {
            // A MongoDB embedding is drawn as a key but is none (`export::sql::paradigm` warns).
            if fk.options.as_deref() == Some("EMBEDDED") {
                continue;
            }
            // A NOT VALID key is added after the tables (CREATE TABLE would check it).
            let not_valid = fk.not_valid() && d == Dialect::Postgres && self.same_dialect();
            if d == Dialect::Sqlite || (created.contains(&fk.ref_table) && !not_valid) {
                lines.push(self.foreign_key(t, fk));
            } else {
                let _ = fk;
                deferred.push((t.id, i));
            }
        }
        let create = self.create_words(t);
        let name = self.table_name(t);
        match parent {
            Some(p) => {
                let list = if lines.is_empty() { String::new() } else { format!(" (\n  {}\n)", lines.join(",\n  ")) };
                let bound = t.text.bound.as_deref().unwrap_or("DEFAULT");
                let _ = writeln!(self.out, "{create} {name} PARTITION OF {}{list} {bound}{};", self.table_name(p), self.table_options(t));
            }
            None => {
                let _ = writeln!(self.out, "{create} {name} (\n  {}\n){};", lines.join(",\n  "), self.table_options(t));
            }
        }
        if d == Dialect::Postgres && self.same_dialect() {
            for c in t.checks.iter().filter(|c| c.not_valid()) {
                let cname = self.table_constraint(t, &c.name);
                let _ = writeln!(self.out, "ALTER TABLE {name} ADD {cname}CHECK ({}){};", c.expr, self.kept(&c.options));
            }
        }
        self.out.push('\n');
    }

    /// The parent a PostgreSQL partition is created `PARTITION OF` in a migration (the export
    /// makes it a table, then attaches it, as pg_dump does; elsewhere a partition is a table of
    /// its own).
    fn partition_parent(&self, t: &Table) -> Option<&'a Table> {
        let pg = self.d == Dialect::Postgres && self.same_dialect() && self.partition_of;
        let schema: &'a Schema = self.schema;
        t.parent.filter(|_| pg && t.kind == crate::schema::TableKind::Partition && t.text.bound.is_some()).and_then(|p| schema.table(p))
    }

    /// PostgreSQL table properties set after the table and its indexes: row-level security and
    /// the replica identity (one statement per line, each with `;`).
    pub(crate) fn table_properties(&self, t: &Table) -> Vec<String> {
        let mut out = Vec::new();
        if self.d != Dialect::Postgres || !self.same_dialect() {
            return out;
        }
        let name = self.table_name(t);
        if t.row_security.enabled {
            out.push(format!("ALTER TABLE {name} ENABLE ROW LEVEL SECURITY;"));
        }
        if t.row_security.forced {
            out.push(format!("ALTER TABLE {name} FORCE ROW LEVEL SECURITY;"));
        }
        if let Some(r) = &t.replica_identity {
            out.push(format!("ALTER TABLE {name} REPLICA IDENTITY {r};"));
        }
        out
    }

    /// The columns a PostgreSQL `INHERITS (parent)` table takes from its parent: in the same
    /// dialect they are not written again (the engine would mark them as the child's own).
    fn inherited_columns(&self, t: &Table) -> Vec<crate::schema::ColumnId> {
        let inherits = t.text.options.as_deref().is_some_and(|o| o.to_ascii_uppercase().contains("INHERITS"));
        let Some(parent) = t.parent.and_then(|p| self.schema.table(p)).filter(|_| inherits && self.same_dialect() && self.d == Dialect::Postgres) else {
            return Vec::new();
        };
        t.columns.iter().zip(&parent.columns).take_while(|(c, p)| c.name == p.name).map(|(c, _)| c.id).collect()
    }

    /// ` text` for a clause kept as written, in the dialect it was written in; nothing else.
    fn kept(&self, text: &Option<String>) -> String {
        match text {
            Some(x) if self.same_dialect() && !x.is_empty() => format!(" {x}"),
            _ => String::new(),
        }
    }

    /// `CREATE TABLE`, with the words the source had between them (`UNLOGGED`, `GLOBAL
    /// TEMPORARY`) in the same dialect, and a temporary table's keyword in another.
    fn create_words(&mut self, t: &Table) -> String {
        if self.same_dialect() {
            if let Some(p) = &t.text.prefix {
                return format!("CREATE {p} TABLE");
            }
            return "CREATE TABLE".into();
        }
        if t.temporary {
            if matches!(self.d, Dialect::Postgres | Dialect::Mysql | Dialect::Sqlite | Dialect::Generic) {
                return "CREATE TEMPORARY TABLE".into();
            }
            self.warn(format!("{}: a temporary table, exported as an ordinary one ({} marks them otherwise)", t.qualified_name(), self.d.label()));
        }
        "CREATE TABLE".into()
    }

    /// `CONSTRAINT name ` for a named constraint (made unique), or nothing.
    fn constraint(&mut self, space: Option<&str>, name: &Option<String>) -> String {
        match name {
            Some(n) if !n.is_empty() => {
                let n = self.unique_name(space, n);
                format!("CONSTRAINT {} ", self.q(&n))
            }
            _ => String::new(),
        }
    }

    /// A CHECK's or foreign key's name: in PostgreSQL each table has its own (they make no
    /// index, unlike keys); elsewhere they share the schema's namespace.
    fn table_constraint(&mut self, t: &Table, name: &Option<String>) -> String {
        if self.d == Dialect::Postgres {
            let scope = format!("{}\u{2}{}", t.schema.as_deref().unwrap_or(""), t.name);
            return self.constraint(Some(&scope), name);
        }
        self.constraint(t.schema.as_deref(), name)
    }

    fn table_options(&self, t: &Table) -> String {
        let mut s = self.kept(&t.text.options);
        if let (Dialect::Mysql, Some(c)) = (self.d, &t.comment) {
            let _ = write!(s, " COMMENT={}", literal(c, self.d));
        }
        s
    }

    /// Whether the column's definition carries an unnamed `CHECK (c IN (…))` for its enum type
    /// (dialects without enum types); the database names it (`<table>_<column>_check` on
    /// PostgreSQL), so migrations rename it with the table or column.
    pub fn inline_enum_check(&self, c: &Column) -> bool {
        self.enum_values(c).is_some() && self.d != Dialect::Mysql && !(self.d == Dialect::Postgres && self.same_dialect())
    }

    /// The source is SQL of the target dialect (a NoSQL schema never is: its kept clauses are
    /// no SQL).
    fn same_dialect(&self) -> bool {
        self.schema.dialect == self.d && !self.schema.source.is_nosql()
    }

    fn col_list(&self, t: &Table, ids: &[crate::schema::ColumnId]) -> String {
        ids.iter().filter_map(|id| t.column(*id)).map(|c| self.q(&c.name)).collect::<Vec<_>>().join(", ")
    }

    fn foreign_key(&mut self, t: &Table, fk: &ForeignKey) -> String {
        let Some(rt) = self.schema.table(fk.ref_table) else { return String::new() };
        let name = self.table_constraint(t, &fk.name);
        let mut s = format!(
            "{name}FOREIGN KEY ({}) REFERENCES {} ({})",
            self.col_list(t, &fk.columns),
            self.table_name(rt),
            self.col_list(rt, &fk.ref_columns)
        );
        use crate::schema::FkAction;
        let target = self.d;
        let supported = |a: FkAction| match target {
            Dialect::Oracle => matches!(a, FkAction::Cascade | FkAction::SetNull),
            Dialect::Mssql => a != FkAction::Restrict,
            _ => true,
        };
        let not_null = fk.columns.iter().filter_map(|c| t.column(*c)).any(|c| !c.nullable);
        let on_delete = if fk.on_delete == FkAction::SetNull && not_null && self.d == Dialect::Mysql {
            self.warn(format!("{}: ON DELETE SET NULL on a NOT NULL column is rejected by MySQL; left out", t.qualified_name()));
            FkAction::NoAction
        } else {
            fk.on_delete
        };
        if on_delete != FkAction::NoAction && supported(on_delete) {
            let _ = write!(s, " ON DELETE {}", on_delete.as_sql());
        }
        if fk.on_update != FkAction::NoAction && supported(fk.on_update) && self.d != Dialect::Oracle {
            let _ = write!(s, " ON UPDATE {}", fk.on_update.as_sql());
        }
        if fk.deferrable && matches!(self.d, Dialect::Postgres | Dialect::Sqlite | Dialect::Oracle) {
            s.push_str(" DEFERRABLE");
            if fk.initially_deferred {
                s.push_str(" INITIALLY DEFERRED");
            }
        }
        s.push_str(&self.kept(&fk.options));
        s
    }

    /// A column's definition in a CREATE TABLE: name, type, kept clauses, collation, generated
    /// expression, identity or default, NOT NULL, enum CHECK and (MySQL) comment.
    fn column_def(&mut self, t: &Table, c: &Column, sqlite_autoinc: bool) -> String {
        let d = self.d;
        let is_serial = self.same_dialect() && d == Dialect::Postgres && c.data_type.normalized.contains("serial");
        if sqlite_autoinc && t.is_pk_column(c.id) {
            let name = t.primary_key.as_ref().map_or(String::new(), |pk| self.constraint(t.schema.as_deref(), &pk.name));
            // SQLite keeps NOT NULL only where it is written, even on the rowid.
            let not_null = if c.nullable { "" } else { "NOT NULL " };
            return format!("{} INTEGER {not_null}{name}PRIMARY KEY AUTOINCREMENT", self.q(&c.name));
        }
        let mut ty = self.target_type(t, c, 0);
        if is_serial {
            ty = c.data_type.raw.clone();
        }
        let mut s = format!("{} {ty}", self.q(&c.name));
        let late = self.kept_column_clauses(t, c, &mut s);
        if let Some(coll) = &c.collation
            && self.same_dialect()
        {
            let _ = write!(s, " COLLATE {}", if d == Dialect::Mysql || d == Dialect::Mssql { coll.clone() } else { quote(coll, d) });
        }
        if self.generated_clause(t, c, &mut s) {
            s.push_str(&late);
            return s;
        }
        let nextval = c.default.as_deref().is_some_and(|x| x.to_ascii_lowercase().contains("nextval("));
        let identity = c.identity.clone().or_else(|| (nextval && d != Dialect::Postgres).then_some(Identity::ByDefault));
        // In PostgreSQL itself, a sequence default (pg_dump's form of `serial`) stays one.
        let identity = identity.filter(|id| !(d == Dialect::Postgres && self.same_dialect() && *id == Identity::Serial && nextval));
        if let Some(id) = identity.filter(|_| !is_serial) {
            self.identity_clause(t, c, id, &mut s);
            s.push_str(&late);
            return s;
        }
        if let Some(def) = self.column_default(c) {
            let _ = write!(s, " DEFAULT {def}");
        }
        if !c.nullable {
            s.push_str(" NOT NULL");
        } else if d == Dialect::Mysql && matches!(c.data_type.kind, TypeKind::Timestamp { .. }) {
            s.push_str(" NULL");
        }
        if let Some(values) = self.enum_values(c)
            && self.inline_enum_check(c)
        {
            let list: Vec<String> = values.iter().map(|v| literal(v, d)).collect();
            let _ = write!(s, " CHECK ({} IN ({}))", self.q(&c.name), list.join(", "));
        }
        if d == Dialect::Mysql
            && let Some(cm) = &c.comment
        {
            let _ = write!(s, " COMMENT {}", literal(cm, d));
        }
        s.push_str(&late);
        s
    }

    /// Writes to `s` the column's clauses kept as written that belong right after the type
    /// (`CHARACTER SET x`, `COMPRESSION lz4`) and returns those that close a definition
    /// (`NOT FOR REPLICATION`, Oracle's `ENABLE`), which go last; only in the same dialect.
    fn kept_column_clauses(&mut self, t: &Table, c: &Column, s: &mut String) -> String {
        // A Prisma attribute kept as written (`@default(cuid())`, `@updatedAt`) is no SQL: the
        // Prisma client computes it. It is named in a warning instead.
        if c.extra.iter().any(|x| x.starts_with('@')) {
            let kept: Vec<&str> = c.extra.iter().filter(|x| x.starts_with('@')).map(String::as_str).collect();
            self.warn(format!("{}.{}: {} is computed by the Prisma client, not the database; left out", t.qualified_name(), c.name, kept.join(" ")));
        }
        let (late, early): (Vec<&String>, Vec<&String>) = if self.same_dialect() {
            c.extra.iter().filter(|x| !x.starts_with('@')).partition(|x| {
                let u = x.to_ascii_uppercase();
                u.starts_with("NOT ") || ["ENABLE", "DISABLE", "VALIDATE", "NOVALIDATE", "RELY", "NORELY"].iter().any(|k| u.starts_with(k))
            })
        } else {
            (Vec::new(), Vec::new())
        };
        for x in early {
            let _ = write!(s, " {x}");
        }
        late.iter().map(|x| format!(" {x}")).collect()
    }

    /// Writes the generated-column expression in the dialect's syntax (same dialect only; a
    /// warning otherwise); true when the definition ends there (SQL Server's computed column).
    fn generated_clause(&mut self, t: &Table, c: &Column, s: &mut String) -> bool {
        let d = self.d;
        let Some(g) = &c.generated else { return false };
        if !self.same_dialect() {
            self.warn(format!("{}.{}: generated column expression left out (it is {} SQL)", t.qualified_name(), c.name, self.schema.dialect.label()));
            return false;
        }
        let _ = match d {
            Dialect::Mysql => write!(s, " AS ({}) {}", g.expr, if g.stored { "STORED" } else { "VIRTUAL" }),
            Dialect::Mssql => write!(s, " AS ({}){}", g.expr, if g.stored { " PERSISTED" } else { "" }),
            Dialect::Oracle => write!(s, " GENERATED ALWAYS AS ({}) VIRTUAL", g.expr),
            Dialect::Sqlite => write!(s, " GENERATED ALWAYS AS ({}) {}", g.expr, if g.stored { "STORED" } else { "VIRTUAL" }),
            _ => write!(s, " GENERATED ALWAYS AS ({}) STORED", g.expr),
        };
        d == Dialect::Mssql
    }

    /// Writes the identity `id` in the dialect's form (AUTO_INCREMENT, IDENTITY(seed,inc),
    /// GENERATED … AS IDENTITY) with the NOT NULL it implies; SQLite's is dropped, with a warning.
    fn identity_clause(&mut self, t: &Table, c: &Column, id: Identity, s: &mut String) {
        let d = self.d;
        match d {
            Dialect::Mysql => {
                s.push_str(" NOT NULL AUTO_INCREMENT");
                if let Some(cm) = &c.comment {
                    let _ = write!(s, " COMMENT {}", literal(cm, d));
                }
            }
            Dialect::Mssql => {
                let (seed, inc) = match id {
                    Identity::Identity { seed, increment } => (seed, increment),
                    _ => (1, 1),
                };
                let _ = write!(s, " IDENTITY({seed},{inc}) NOT NULL");
            }
            Dialect::Sqlite => {
                self.warn(format!("{}.{}: SQLite has auto-increment only on a single INTEGER PRIMARY KEY; identity dropped", t.qualified_name(), c.name));
                if !c.nullable {
                    s.push_str(" NOT NULL");
                }
            }
            _ => {
                let kind = if id == Identity::Always { "ALWAYS" } else { "BY DEFAULT" };
                let _ = write!(s, " GENERATED {kind} AS IDENTITY");
                if !c.identity_options.is_default() {
                    let _ = write!(s, " ({})", c.identity_options.to_sql());
                }
                if d != Dialect::Oracle {
                    s.push_str(" NOT NULL");
                }
            }
        }
    }

    /// The column's DEFAULT expression in the target (none for a generated column): MySQL's
    /// date default and 0/1 booleans moved to PostgreSQL are adapted.
    fn column_default(&mut self, c: &Column) -> Option<String> {
        let d = self.d;
        let def = c.default.as_ref().filter(|_| c.generated.is_none())?;
        let def = self.default_expr(def)?;
        let def = match (&c.data_type.kind, d) {
            (TypeKind::Date, Dialect::Mysql) if def == "CURRENT_TIMESTAMP" => "(CURRENT_DATE)".to_string(),
            (TypeKind::Boolean, Dialect::Postgres | Dialect::Generic | Dialect::Duckdb) if !self.same_dialect() => {
                match def.trim_matches(|ch| ch == '(' || ch == ')' || ch == '\'') {
                    "0" => "false".to_string(),
                    "1" => "true".to_string(),
                    _ => def,
                }
            }
            _ => def,
        };
        Some(def)
    }

    /// The column's type in the target: the mapped type, widened where the target's identity
    /// needs an integer; in another dialect, a foreign-key column takes its referenced column's
    /// target type, so the key still joins equal types (`depth` bounds a chain of references).
    fn target_type(&mut self, t: &Table, c: &Column, depth: u8) -> String {
        let d = self.d;
        if !self.same_dialect() && depth < 8
            && let Some(fk) = t.foreign_keys.iter().find(|fk| fk.columns.contains(&c.id) && fk.options.as_deref() != Some("EMBEDDED"))
            && let Some(i) = fk.columns.iter().position(|x| *x == c.id)
            && let Some(rt) = self.schema.table(fk.ref_table)
            && let Some(rc) = fk.ref_columns.get(i).and_then(|r| rt.column(*r))
            && !(rt.id == t.id && rc.id == c.id)
        {
            let (rt, rc) = (rt.clone(), rc.clone());
            let theirs = self.target_type(&rt, &rc, depth + 1);
            let ours = self.own_type(t, c);
            if depth == 0 && theirs != ours {
                self.warn(format!("{}.{}: `{theirs}` like the column it references ({}.{}), not `{ours}`, so the foreign key holds in {}", t.qualified_name(), c.name, rt.qualified_name(), rc.name, d.label()));
            }
            return theirs;
        }
        self.own_type(t, c)
    }

    fn own_type(&mut self, t: &Table, c: &Column) -> String {
        let d = self.d;
        let in_key = t.is_pk_column(c.id)
            || t.is_fk_column(c.id)
            || t.uniques.iter().any(|u| u.columns.contains(&c.id))
            || t.indexes.iter().any(|ix| {
                // A MySQL key part with a prefix length, or a FULLTEXT/SPATIAL index, takes TEXT.
                let takes_text = matches!(ix.method.as_deref(), Some("fulltext" | "spatial"));
                !takes_text && ix.keys.iter().any(|k| k.part == IndexPart::Column(c.id) && !k.extra.as_deref().is_some_and(|x| x.starts_with('(')))
            });
        let ty = self.column_type(t, c, in_key);
        let has_identity = c.identity.is_some() || c.default.as_deref().is_some_and(|x| x.to_ascii_lowercase().contains("nextval("));
        let small_int = matches!(c.data_type.kind, TypeKind::Integer { bits: 0..=32, unsigned: false } | TypeKind::Integer { bits: 0..=16, .. });
        if has_identity && !self.same_dialect() && matches!(d, Dialect::Postgres | Dialect::Generic | Dialect::Duckdb) && !small_int && !c.data_type.normalized.contains("serial") {
            // PostgreSQL identities are smallint, integer or bigint only.
            return "bigint".into();
        }
        if c.identity.is_some() && !self.same_dialect() && d == Dialect::Mysql && !matches!(c.data_type.kind, TypeKind::Integer { .. }) {
            // AUTO_INCREMENT takes an integer type only (SQL Server's IDENTITY takes NUMERIC(p,0)).
            self.warn(format!("{}.{}: `{}` becomes `bigint`: MySQL auto-increments integers only", t.qualified_name(), c.name, c.data_type.raw));
            return "bigint".into();
        }
        ty
    }

    /// The default expression for the target, or `None` when it cannot be carried over.
    fn default_expr(&mut self, def: &str) -> Option<String> {
        let d = self.d;
        let t = def.trim();
        if t.is_empty() {
            return None;
        }
        if t.contains(":::") && matches!(d, Dialect::Postgres | Dialect::Generic) {
            // CockroachDB's type annotation (`'s':::STRING`) is no PostgreSQL: left out.
            let stripped = strip_annotations(t);
            self.warn(format!("default `{t}`: CockroachDB's `:::` type annotation left out (`{stripped}`)"));
            return Some(stripped);
        }
        if self.same_dialect() {
            return Some(match d {
                Dialect::Sqlite | Dialect::Mysql if !is_literal(t) => format!("({t})"),
                _ => t.to_string(),
            });
        }
        // Cross-dialect: literals carry over (PostgreSQL casts stripped); a few functions map.
        let stripped = strip_pg_casts(t);
        let lower = stripped.to_ascii_lowercase();
        if lower.starts_with("'0000-00-00") {
            self.warn(format!("default `{t}` (a MySQL zero date) left out: {} rejects it", d.label()));
            return None;
        }
        let now = matches!(lower.as_str(), "now()" | "'now'" | "('now')" | "current_timestamp" | "current_timestamp()" | "getdate()" | "sysdate" | "systimestamp" | "localtimestamp");
        if now {
            return Some(match d {
                Dialect::Mssql => "GETDATE()".into(),
                Dialect::Oracle => "SYSTIMESTAMP".into(),
                _ => "CURRENT_TIMESTAMP".into(),
            });
        }
        let bool_lit = matches!(lower.as_str(), "true" | "false");
        if bool_lit && matches!(d, Dialect::Mssql | Dialect::Oracle | Dialect::Sqlite) {
            return Some(if lower == "true" { "1".into() } else { "0".into() });
        }
        if is_literal(&stripped) {
            let s = stripped.trim_start_matches('(').trim_end_matches(')').to_string();
            let s = if stripped.starts_with('(') && is_literal(&s) { s } else { stripped.clone() };
            return Some(s);
        }
        self.warn(format!("default `{t}` left out: it is {} SQL", self.schema.dialect.label()));
        None
    }

    fn column_type(&mut self, t: &Table, c: &Column, in_key: bool) -> String {
        if let Some(dm) = self.schema.domains.iter().find(|dm| dm.name.eq_ignore_ascii_case(c.data_type.normalized.as_str())) {
            if self.d == Dialect::Postgres && self.same_dialect() {
                return self.obj(dm.schema.as_deref(), &dm.name);
            }
            return self.column_type_of(&dm.data_type.clone(), in_key);
        }
        let mut ty = self.column_type_of(&c.data_type, in_key);
        if self.d == Dialect::Mysql && in_key {
            // InnoDB cannot key a TEXT/BLOB column without a prefix length.
            if ty == "longtext" || ty == "json" {
                ty = "varchar(255)".into();
            } else if ty == "longblob" {
                ty = "varbinary(255)".into();
            }
        }
        if ty.is_empty() && !(self.same_dialect() && self.d == Dialect::Sqlite) {
            self.warn(format!("{}.{}: type `{}` has no {} equivalent; exported as text", t.qualified_name(), c.name, c.data_type.raw, self.d.label()));
            return self.column_type_of(&crate::schema::DataType::parse("text"), in_key);
        }
        ty
    }

    /// The target type for `dt`; empty when nothing fits.
    fn column_type_of(&mut self, dt: &crate::schema::DataType, in_key: bool) -> String {
        let d = self.d;
        // The type as written, in its own dialect (it was valid there, keys and all).
        let mysql_text_key = d == Dialect::Mysql && in_key && matches!(dt.kind, TypeKind::Text { length: None, .. } | TypeKind::Binary { length: None });
        if self.same_dialect() && !mysql_text_key && (safe_raw_type(&dt.raw) || (d == Dialect::Sqlite && dt.raw.trim().is_empty())) {
            return dt.raw.clone();
        }
        let mut kind = dt.kind.clone();
        // A column of a named enum follows the enum as it is now (the import also copies the
        // values into the column's kind, which an edit of the enum leaves behind).
        if let Some(values) = self.named_enum(dt) {
            if d == Dialect::Postgres && safe_raw_type(&dt.raw) {
                return dt.raw.clone();
            }
            kind = TypeKind::Enum { values };
        }
        let (ty, lossy) = map_type(&kind, d, in_key);
        if lossy {
            self.warn(format!("type `{}` becomes `{ty}` in {}", dt.raw, d.label()));
        }
        ty
    }

    /// The allowed values when the column is an inline or named enum.
    fn enum_values(&self, c: &Column) -> Option<Vec<String>> {
        if let Some(values) = self.named_enum(&c.data_type) {
            return Some(values);
        }
        match &c.data_type.kind {
            TypeKind::Enum { values } if !values.is_empty() => Some(values.clone()),
            _ => None,
        }
    }

    /// The current values of the schema's enum type that `dt` names, if it names one.
    fn named_enum(&self, dt: &crate::schema::DataType) -> Option<Vec<String>> {
        if !matches!(dt.kind, TypeKind::Other | TypeKind::Enum { .. }) {
            return None;
        }
        let n = dt.normalized.trim_matches('"').to_lowercase();
        self.enum_names.get(&n).or_else(|| self.enum_names.get(n.rsplit('.').next().unwrap_or("").trim_matches('"'))).cloned()
    }

    fn indexes(&mut self, t: &Table) {
        for ix in &t.indexes {
            let d = self.d;
            let cols: Vec<String> = ix
                .keys
                .iter()
                .map(|k| {
                    let part = match &k.part {
                        IndexPart::Column(c) => t.column(*c).map(|c| {
                            let name = self.q(&c.name);
                            let text_key = matches!(c.data_type.kind, TypeKind::Text { length: None, .. } | TypeKind::Binary { .. });
                            if d == Dialect::Mysql && text_key && !self.same_dialect() { format!("{name}(191)") } else { name }
                        }).unwrap_or_default(),
                        IndexPart::Expression(e) if needs_parens(e) => format!("({e})"),
                        IndexPart::Expression(e) => e.clone(),
                    };
                    match k.extra.as_deref().filter(|_| self.same_dialect()) {
                        // `col opclass DESC NULLS LAST`: the order before the nulls placement.
                        Some(x) => {
                            let (extra, nulls) = match x.to_ascii_uppercase().find("NULLS ") {
                                Some(p) => (x[..p].trim(), &x[p..]),
                                None => (x, ""),
                            };
                            let prefix_length = extra.starts_with('(');
                            let sep = if prefix_length || extra.is_empty() { "" } else { " " };
                            let desc = if k.descending { " DESC" } else { "" };
                            let nulls = if nulls.is_empty() { String::new() } else { format!(" {nulls}") };
                            format!("{part}{sep}{extra}{desc}{nulls}")
                        }
                        None if k.descending => format!("{part} DESC"),
                        None => part,
                    }
                })
                .collect();
            let xml = ix.leading_columns().filter_map(|c| t.column(c)).any(|c| matches!(c.data_type.kind, TypeKind::Xml));
            if xml && d == Dialect::Postgres && !self.same_dialect() {
                self.warn(format!("{}: index {:?} on an xml column left out (PostgreSQL has no btree for xml)", t.qualified_name(), ix.name));
                continue;
            }
            let has_expr = ix.keys.iter().any(|k| matches!(k.part, IndexPart::Expression(_)));
            if has_expr && !self.same_dialect() {
                self.warn(format!("{}: expression index {:?} left out", t.qualified_name(), ix.name));
                continue;
            }
            let wanted = default_index_name(t, ix);
            // MySQL names indexes per table; the others per schema.
            let scope = if d == Dialect::Mysql { t.qualified_name() } else { t.schema.clone().unwrap_or_default() };
            let name = self.unique_name_in(&scope, &wanted);
            let method = ix.method.as_deref().unwrap_or("");
            let kind = match (d, method) {
                (Dialect::Mysql, "fulltext") if self.same_dialect() => "FULLTEXT ",
                (Dialect::Mysql, "spatial") if self.same_dialect() => "SPATIAL ",
                _ if ix.unique => "UNIQUE ",
                _ => "",
            };
            let index_name = match d {
                Dialect::Postgres | Dialect::Oracle | Dialect::Generic if self.qualify => self.q(&name),
                _ => self.q(&name),
            };
            // Unnamed in the source and in its own dialect: the engine names it, by its own rule.
            let engine_named = ix.name.is_none() && self.same_dialect() && matches!(d, Dialect::Postgres | Dialect::Mysql);
            // `ON ONLY parent` (kept as the options' first word) in PostgreSQL itself.
            let (only, options) = match ix.options.as_deref().and_then(|o| o.strip_prefix("ONLY")).filter(|r| r.is_empty() || r.starts_with(' ')) {
                // A migration creates it `ON ONLY` too and re-attaches the partitions' indexes
                // the target attaches to it, one by one (`Ctx::reattach`).
                Some(rest) => (self.same_dialect() && d == Dialect::Postgres, Some(rest.trim().to_string()).filter(|r| !r.is_empty())),
                None => (false, ix.options.clone()),
            };
            let on = if only { "ON ONLY" } else { "ON" };
            let mut s = match (engine_named, d) {
                (true, Dialect::Mysql) => format!("ALTER TABLE {} ADD {kind}INDEX", self.table_name(t)),
                (true, _) => format!("CREATE {kind}INDEX {on} {}", self.table_name(t)),
                _ => format!("CREATE {kind}INDEX {index_name} {on} {}", self.table_name(t)),
            };
            // Generic DDL is the app's own dialect when detection finds no marker: what the user
            // wrote there (a method, a predicate) is taken at its word.
            let portable = self.same_dialect() || (self.schema.dialect == Dialect::Generic && !self.schema.source.is_nosql());
            let pg_method = matches!(method, "hash" | "gist" | "gin" | "brin" | "spgist");
            if d == Dialect::Postgres && !method.is_empty() && method != "btree" && (self.same_dialect() || pg_method) {
                let _ = write!(s, " USING {}", method);
            }
            let _ = write!(s, " ({})", cols.join(", "));
            if d == Dialect::Mysql && self.same_dialect() && matches!(method, "btree" | "hash") {
                let _ = write!(s, " USING {}", method.to_ascii_uppercase());
            }
            if !ix.include.is_empty() && matches!(d, Dialect::Postgres | Dialect::Mssql) {
                let _ = write!(s, " INCLUDE ({})", self.col_list(t, &ix.include));
            }
            // Options as written (`WITH (fillfactor=70)`, `TABLESPACE x`), before a predicate.
            s.push_str(&self.kept(&options));
            if let Some(p) = &ix.predicate {
                if portable && matches!(d, Dialect::Postgres | Dialect::Sqlite | Dialect::Mssql) {
                    let _ = write!(s, " WHERE {p}");
                } else if ix.unique {
                    // Without its predicate a unique index would refuse rows the original allows.
                    self.warn(format!("{}: partial unique index {name} left out (its predicate may not carry over to {})", t.qualified_name(), d.label()));
                    continue;
                } else {
                    self.warn(format!("{}: partial index {name} exported without its predicate", t.qualified_name()));
                }
            }
            let _ = writeln!(self.out, "{s};");
        }
    }

    fn comments(&mut self, t: &Table) {
        let d = self.d;
        let name = self.table_name(t);
        match d {
            Dialect::Postgres | Dialect::Oracle | Dialect::Generic => {
                if let Some(c) = &t.comment {
                    let _ = writeln!(self.out, "COMMENT ON TABLE {name} IS {};", literal(c, d));
                }
                for col in &t.columns {
                    if let Some(c) = &col.comment {
                        let _ = writeln!(self.out, "COMMENT ON COLUMN {name}.{} IS {};", self.q(&col.name), literal(c, d));
                    }
                }
            }
            Dialect::Sqlite | Dialect::Mssql => {
                let mut any = false;
                if let Some(c) = &t.comment {
                    let _ = writeln!(self.out, "-- {}: {}", t.qualified_name().replace(['\n', '\r'], " "), c.replace(['\n', '\r'], " "));
                    any = true;
                }
                for col in &t.columns {
                    if let Some(c) = &col.comment {
                        let _ = writeln!(self.out, "-- {}.{}: {}", t.qualified_name().replace(['\n', '\r'], " "), col.name.replace(['\n', '\r'], " "), c.replace(['\n', '\r'], " "));
                        any = true;
                    }
                }
                if any && d == Dialect::Mssql {
                    self.warn(format!("{}: comments written as SQL comments (no extended properties)", t.qualified_name()));
                }
            }
            _ => {}
        }
    }

    fn views(&mut self) {
        for v in &self.schema.views {
            self.view(v);
        }
        // What the model keeps as written is in the source's dialect: said, per object.
        for o in &self.schema.objects {
            let on = o.table.and_then(|t| self.schema.table(t)).map(|t| format!(" on {}", t.qualified_name())).unwrap_or_default();
            let lang = if self.schema.source.is_nosql() { self.schema.source.label().to_string() } else { format!("{} SQL", o.dialect.label()) };
            self.warn(format!("{} {}{on} left out: it is {lang}, kept as written", o.kind.label(), o.name));
        }
        for t in &self.schema.tables {
            let keys = t.primary_key.iter().map(|k| &k.options)
                .chain(t.uniques.iter().map(|u| &u.options))
                .chain(t.checks.iter().map(|c| &c.options))
                .chain(t.foreign_keys.iter().map(|f| &f.options))
                .chain(t.indexes.iter().map(|i| &i.options))
                .flatten();
            let verbatim = [&t.text.options, &t.text.head, &t.text.prefix].into_iter().flatten().chain(t.columns.iter().flat_map(|c| c.extra.iter())).chain(keys);
            let left: Vec<&str> = verbatim.map(String::as_str).filter(|x| !x.is_empty()).collect();
            if !left.is_empty() {
                let lang = if self.schema.source.is_nosql() { self.schema.source.label() } else { self.schema.dialect.label() };
                self.warn(format!("{}: {} clause(s) left out, written for {lang}: {}", t.qualified_name(), left.len(), left.join("; ")));
            }
        }
    }

    /// One view (nothing, with a warning, in another dialect: its query is the source's SQL).
    fn view(&mut self, v: &crate::schema::View) {
        if !self.same_dialect() {
            self.warn(format!("view {} left out: its query is {} SQL", v.name, self.schema.dialect.label()));
            return;
        }
        self.out.push('\n');
        for line in self.create_view(v) {
            let _ = writeln!(self.out, "{line}");
        }
    }

    /// CREATE [MATERIALIZED] VIEW with its column names and options, then a materialized
    /// view's indexes and the view's comment: one statement per line, each with `;`.
    pub(crate) fn create_view(&self, v: &crate::schema::View) -> Vec<String> {
        let d = self.d;
        let materialized = v.materialized && d == Dialect::Postgres;
        let kw = if materialized { "MATERIALIZED VIEW" } else { "VIEW" };
        let name = self.obj(v.schema.as_deref(), &v.name);
        let mut head = format!("CREATE {kw} {name}");
        if !v.columns.is_empty() {
            let cols: Vec<String> = v.columns.iter().map(|c| self.q(c)).collect();
            let _ = write!(head, " ({})", cols.join(", "));
        }
        if let Some(o) = v.options.as_deref().filter(|_| d == Dialect::Postgres) {
            let _ = write!(head, " WITH ({o})");
        }
        let def = v.definition.trim().trim_end_matches(';');
        let mut out = vec![format!("{head} AS {def};")];
        if materialized {
            for ix in &v.indexes {
                let ixname = ix.name.as_deref().map(|n| format!("{} ", self.q(n))).unwrap_or_default();
                out.push(format!("CREATE {}INDEX {ixname}ON {name} {};", if ix.unique { "UNIQUE " } else { "" }, ix.definition.trim().trim_end_matches(';')));
            }
        }
        if let Some(c) = v.comment.as_deref().filter(|_| matches!(d, Dialect::Postgres | Dialect::Oracle)) {
            out.push(format!("COMMENT ON {kw} {name} IS {};", literal(c, d)));
        }
        out
    }
}

fn is_literal(t: &str) -> bool {
    let t = t.trim();
    let inner = t.trim_start_matches('(').trim_end_matches(')');
    let lower = inner.to_ascii_lowercase();
    (inner.starts_with('\'') && inner.ends_with('\'') && inner.len() >= 2 && !inner[1..inner.len() - 1].replace("''", "").contains('\''))
        || inner.parse::<f64>().is_ok()
        || matches!(lower.as_str(), "null" | "true" | "false" | "current_timestamp" | "current_date" | "current_time")
}

/// `nextval('s':::STRING)` → `nextval('s')`: CockroachDB's `:::type` annotations removed.
fn strip_annotations(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    let mut rest = t;
    while let Some(p) = rest.find(":::") {
        out.push_str(&rest[..p]);
        let after = &rest[p + 3..];
        let end = after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '[' || c == ']')).unwrap_or(after.len());
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// `'a'::character varying` → `'a'`, `0::smallint` → `0`.
fn strip_pg_casts(t: &str) -> String {
    let mut out = String::new();
    let mut in_quote = false;
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' {
            in_quote = !in_quote;
        }
        if !in_quote && c == ':' && chars.peek() == Some(&':') {
            chars.next();
            while let Some(&n) = chars.peek() {
                if n.is_ascii_alphanumeric() || n == '_' || n == ' ' || n == '"' || n == '[' || n == ']' || n == '.' {
                    chars.next();
                } else {
                    break;
                }
            }
            continue;
        }
        out.push(c);
    }
    out.trim().to_string()
}

/// The type for `kind` in `d` and whether the mapping loses information.
pub fn map_type(kind: &TypeKind, d: Dialect, in_key: bool) -> (String, bool) {
    match d {
        Dialect::Mysql => map_mysql(kind, in_key),
        Dialect::Sqlite => map_sqlite(kind),
        Dialect::Mssql => map_mssql(kind, in_key),
        Dialect::Oracle => map_oracle(kind, in_key),
        _ => map_standard(kind, d),
    }
}

/// A mapping that keeps the type's meaning.
fn exact(x: &str) -> (String, bool) {
    (x.to_string(), false)
}

/// A mapping that loses information (a warning names it).
fn lossy(x: &str) -> (String, bool) {
    (x.to_string(), true)
}

/// `name(p,s)`, `name(p)` or `name`, as much of precision and scale as is known.
fn decimal_type(p: &Option<u32>, sc: &Option<u32>, name: &str) -> String {
    match (p, sc) {
        (Some(p), Some(sc)) => format!("{name}({p},{sc})"),
        (Some(p), None) => format!("{name}({p})"),
        _ => name.to_string(),
    }
}

/// The string length that holds every value of an enum (at least 1), for its CHECK-ed column.
fn enum_width(values: &[String]) -> usize {
    values.iter().map(|v| v.chars().count()).max().unwrap_or(1).max(1)
}

/// [`map_type`] for MySQL (and MariaDB): a text key column needs a bounded length.
fn map_mysql(kind: &TypeKind, in_key: bool) -> (String, bool) {
    use TypeKind as K;
    match kind {
        K::Boolean => exact("tinyint(1)"),
        K::Integer { bits, unsigned } => {
            let b = match bits { 0..=8 => "tinyint", 9..=16 => "smallint", 17..=24 => "mediumint", 25..=32 => "int", _ => "bigint" };
            if *unsigned { (format!("{b} unsigned"), false) } else { exact(b) }
        }
        K::Decimal { precision, scale } => (decimal_type(precision, scale, "decimal"), false),
        K::Float { bits } => exact(if *bits <= 32 { "float" } else { "double" }),
        K::Money => exact("decimal(19,4)"),
        K::Text { length: Some(n), fixed: true } if *n <= 255 => (format!("char({n})"), false),
        K::Text { length: Some(n), .. } if *n <= 16383 => (format!("varchar({n})"), false),
        K::Text { .. } if in_key => lossy("varchar(255)"),
        K::Text { .. } => exact("longtext"),
        K::Binary { length: Some(n) } if *n <= 65535 => (format!("varbinary({n})"), false),
        K::Binary { .. } => exact("longblob"),
        K::Date => exact("date"),
        K::Time { tz } => (String::from("time"), *tz),
        K::Timestamp { tz } => ("datetime(6)".into(), *tz),
        K::Interval => lossy("varchar(64)"),
        K::Uuid => exact("char(36)"),
        K::Json => exact("json"),
        K::Xml => lossy("longtext"),
        K::Array(_) => lossy("json"),
        K::Enum { values } if !values.is_empty() => {
            (format!("enum({})", values.iter().map(|v| literal(v, Dialect::Mysql)).collect::<Vec<_>>().join(",")), false)
        }
        K::Enum { .. } | K::Other => lossy("longtext"),
    }
}

/// [`map_type`] for SQLite: type names as affinities, enums as a sized varchar.
fn map_sqlite(kind: &TypeKind) -> (String, bool) {
    use TypeKind as K;
    match kind {
        K::Boolean => exact("boolean"),
        K::Integer { bits, .. } => exact(if *bits > 32 { "bigint" } else { "integer" }),
        K::Decimal { precision, scale } => (decimal_type(precision, scale, "numeric"), false),
        K::Float { .. } => exact("real"),
        K::Money => exact("numeric(19,4)"),
        K::Text { length: Some(n), fixed: true } => (format!("char({n})"), false),
        K::Text { length: Some(n), .. } => (format!("varchar({n})"), false),
        K::Text { .. } | K::Xml | K::Interval => exact("text"),
        K::Binary { .. } => exact("blob"),
        K::Date => exact("date"),
        K::Time { .. } => exact("time"),
        K::Timestamp { .. } => exact("timestamp"),
        K::Uuid => exact("uuid"),
        K::Json => exact("json"),
        K::Array(_) => lossy("json"),
        K::Enum { values } => (format!("varchar({})", enum_width(values)), false),
        K::Other => lossy("text"),
    }
}

/// [`map_type`] for SQL Server: a text key column needs a bounded length.
fn map_mssql(kind: &TypeKind, in_key: bool) -> (String, bool) {
    use TypeKind as K;
    match kind {
        K::Boolean => exact("bit"),
        K::Integer { bits, unsigned } => match (bits, unsigned) {
            (0..=8, true) => exact("tinyint"),
            (0..=16, false) => exact("smallint"),
            (0..=32, _) => exact("int"),
            (_, false) => exact("bigint"),
            (_, true) => lossy("decimal(20,0)"),
        },
        K::Decimal { precision, scale } => (decimal_type(precision, scale, "decimal"), false),
        K::Float { bits } => exact(if *bits <= 32 { "real" } else { "float" }),
        K::Money => exact("money"),
        K::Text { length: Some(n), fixed: true } if *n <= 4000 => (format!("nchar({n})"), false),
        K::Text { length: Some(n), .. } if *n <= 4000 => (format!("nvarchar({n})"), false),
        K::Text { .. } if in_key => lossy("nvarchar(450)"),
        K::Text { .. } => exact("nvarchar(max)"),
        K::Binary { length: Some(n) } if *n <= 8000 => (format!("varbinary({n})"), false),
        K::Binary { .. } => exact("varbinary(max)"),
        K::Date => exact("date"),
        K::Time { tz } => ("time".into(), *tz),
        K::Timestamp { tz: false } => exact("datetime2"),
        K::Timestamp { tz: true } => exact("datetimeoffset"),
        K::Interval => lossy("nvarchar(64)"),
        K::Uuid => exact("uniqueidentifier"),
        K::Json => exact("nvarchar(max)"),
        K::Xml => exact("xml"),
        K::Array(_) => lossy("nvarchar(max)"),
        K::Enum { values } => (format!("nvarchar({})", enum_width(values)), false),
        K::Other => lossy("nvarchar(max)"),
    }
}

/// [`map_type`] for Oracle: a text key column needs a bounded length.
fn map_oracle(kind: &TypeKind, in_key: bool) -> (String, bool) {
    use TypeKind as K;
    match kind {
        K::Boolean => exact("number(1)"),
        K::Integer { bits, .. } => (format!("number({})", match bits { 0..=8 => 3, 9..=16 => 5, 17..=32 => 10, _ => 19 }), false),
        K::Decimal { precision, scale } => (decimal_type(precision, scale, "number"), false),
        K::Float { bits } => exact(if *bits <= 32 { "binary_float" } else { "binary_double" }),
        K::Money => exact("number(19,4)"),
        K::Text { length: Some(n), fixed: true } if *n <= 2000 => (format!("char({n} char)"), false),
        K::Text { length: Some(n), .. } if *n <= 4000 => (format!("varchar2({n} char)"), false),
        K::Text { .. } if in_key => lossy("varchar2(4000 char)"),
        K::Text { .. } | K::Json => exact("clob"),
        K::Binary { length: Some(n) } if *n <= 2000 => (format!("raw({n})"), false),
        K::Binary { .. } => exact("blob"),
        K::Date => exact("date"),
        K::Time { .. } => lossy("varchar2(32 char)"),
        K::Timestamp { tz: false } => exact("timestamp"),
        K::Timestamp { tz: true } => exact("timestamp with time zone"),
        K::Interval => exact("interval day to second"),
        K::Uuid => exact("raw(16)"),
        K::Xml => exact("xmltype"),
        K::Array(_) => lossy("clob"),
        K::Enum { values } => (format!("varchar2({} char)", enum_width(values)), false),
        K::Other => lossy("clob"),
    }
}

/// [`map_type`] for PostgreSQL and the dialects that take its types (`d` for array elements).
fn map_standard(kind: &TypeKind, d: Dialect) -> (String, bool) {
    use TypeKind as K;
    match kind {
        K::Boolean => exact("boolean"),
        K::Integer { bits, unsigned } => match (bits, unsigned) {
            (0..=16, false) | (0..=8, true) => exact("smallint"),
            (0..=32, false) | (0..=24, true) => exact("integer"),
            (_, false) | (0..=32, true) => exact("bigint"),
            (_, true) => lossy("numeric(20,0)"),
        },
        K::Decimal { precision, scale } => (decimal_type(precision, scale, "numeric"), false),
        K::Float { bits } => exact(if *bits <= 32 { "real" } else { "double precision" }),
        K::Money => exact("numeric(19,4)"),
        K::Text { length: Some(n), fixed: true } if *n <= 10_485_760 => (format!("char({n})"), false),
        K::Text { length: Some(n), .. } if *n <= 10_485_760 => (format!("varchar({n})"), false),
        K::Text { .. } => exact("text"),
        K::Binary { .. } => exact("bytea"),
        K::Date => exact("date"),
        K::Time { tz } => exact(if *tz { "time with time zone" } else { "time" }),
        K::Timestamp { tz } => exact(if *tz { "timestamp with time zone" } else { "timestamp" }),
        K::Interval => exact("interval"),
        K::Uuid => exact("uuid"),
        K::Json => exact("jsonb"),
        K::Xml => exact("xml"),
        K::Array(inner) => {
            let (t, l) = map_type(inner, d, false);
            (format!("{t}[]"), l)
        }
        K::Enum { values } => (format!("varchar({})", enum_width(values)), false),
        K::Other => lossy("text"),
    }
}

/// An index key expression needs its own parentheses unless it already is one parenthesized
/// expression, or is a column with an operator class or collation (`embedding vector_cosine_ops`),
/// which parentheses would turn into invalid SQL.
fn needs_parens(e: &str) -> bool {
    let e = e.trim();
    if e.starts_with('(') && e.ends_with(')') {
        let mut depth = 0i32;
        let wraps_all = e.char_indices().all(|(i, c)| {
            depth += match c {
                '(' => 1,
                ')' => -1,
                _ => 0,
            };
            depth > 0 || i == e.len() - 1
        });
        if wraps_all {
            return false;
        }
    }
    !e.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '"' | '`' | '[' | ']' | ' '))
}

/// A unique constraint's options split into its leading `NULLS [NOT] DISTINCT ` (with a space
/// after it, or empty) and the rest.
fn split_nulls(options: &Option<String>) -> (&'static str, Option<String>) {
    let Some(o) = options else { return ("", None) };
    let upper = o.to_ascii_uppercase();
    for lead in ["NULLS NOT DISTINCT", "NULLS DISTINCT"] {
        if upper.starts_with(lead) {
            let rest = o[lead.len()..].trim().to_string();
            let lead = if lead == "NULLS NOT DISTINCT" { "NULLS NOT DISTINCT " } else { "NULLS DISTINCT " };
            return (lead, Some(rest).filter(|r| !r.is_empty()));
        }
    }
    ("", Some(o.clone()))
}

#[cfg(test)]
mod needs_parens_tests {
    use super::needs_parens;

    #[test]
    fn wraps_only_what_needs_it() {
        assert!(needs_parens("lower(email)"));
        assert!(needs_parens("a + b"));
        assert!(needs_parens("(a) + (b)"));
        assert!(!needs_parens("(lower(email))"));
        assert!(!needs_parens("embedding public.vector_cosine_ops"));
        assert!(!needs_parens("title COLLATE \"C\""));
    }
}
