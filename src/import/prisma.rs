//! Prisma schema → Schema: `datasource` (its provider is the dialect), `model` (fields, `@id`,
//! `@@id`, `@unique`, `@@unique`, `@@index`, `@relation` with fields/references and referential
//! actions, `@map`, `@@map`, `@@schema`, `@default`, native types `@db.X(…)`, `///` comments),
//! `enum` (with `@map` values and `@@map`), and implicit many-to-many relations as the join table
//! Prisma Migrate creates (`_AToB` with columns `A` and `B`). A multi-file schema is read as the
//! concatenation of its files: a relation to a model that is not present is a warning.
//!
//! The model holds what the database holds: Prisma scalars become the SQL type Prisma Migrate
//! gives them for the provider; defaults the client computes (`cuid()`, `uuid()`, `@updatedAt`)
//! are kept in `Column.extra` as written, not as SQL defaults. Unknown blocks and attributes are
//! warnings with line:column.

use super::common::{fk_action, resolve_enum_types, resolve_fks, unquote, Ctx, Cursor, PendingFk, K};
use super::ImportStats;
use crate::diagnostic::{Diagnostic, Severity};
use crate::schema::{
    Column, ColumnId, DataType, Dialect, EnumId, EnumType, FkAction, Identity, Index, IndexId, IndexKey, IndexPart, PrimaryKey,
    Schema, SourceFormat, Table, TableId,
};
use std::collections::HashMap;

/// An attribute argument value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Val {
    Str(String),
    /// A name, a dotted name, a number, `true`/`false`.
    Word(String),
    Call(String, Vec<Arg>),
    List(Vec<Val>),
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Arg {
    pub name: Option<String>,
    pub value: Val,
}

#[derive(Clone, Debug)]
struct Attr {
    /// Without the `@`/`@@`: `id`, `db.VarChar`, `relation`.
    name: String,
    args: Vec<Arg>,
    at: (usize, usize),
}

impl Attr {
    fn arg(&self, name: &str) -> Option<&Val> {
        self.args.iter().find(|a| a.name.as_deref() == Some(name)).map(|a| &a.value)
    }
    /// The first unnamed argument.
    fn first(&self) -> Option<&Val> {
        self.args.iter().find(|a| a.name.is_none()).map(|a| &a.value)
    }
    fn named_or_first(&self, name: &str) -> Option<&Val> {
        self.arg(name).or_else(|| self.first())
    }
}

#[derive(Clone, Debug)]
struct Field {
    name: String,
    ty: String,
    list: bool,
    optional: bool,
    unsupported: Option<String>,
    attrs: Vec<Attr>,
    doc: Option<String>,
    at: (usize, usize),
}

impl Field {
    fn attr(&self, name: &str) -> Option<&Attr> {
        self.attrs.iter().find(|a| a.name == name)
    }
    fn column_name(&self) -> String {
        self.attr("map").and_then(|a| a.first()).and_then(val_str).unwrap_or_else(|| self.name.clone())
    }
}

#[derive(Clone, Debug)]
struct Model {
    name: String,
    fields: Vec<Field>,
    attrs: Vec<Attr>,
    doc: Option<String>,
    at: (usize, usize),
}

impl Model {
    fn table_name(&self) -> String {
        self.attrs.iter().find(|a| a.name == "map").and_then(|a| a.first()).and_then(val_str).unwrap_or_else(|| self.name.clone())
    }
    fn namespace(&self) -> Option<String> {
        self.attrs.iter().find(|a| a.name == "schema").and_then(|a| a.first()).and_then(val_str)
    }
    fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }
    /// The fields of its `@id` or `@@id`.
    fn id_fields(&self) -> Vec<&Field> {
        if let Some(f) = self.fields.iter().find(|f| f.attr("id").is_some()) {
            return vec![f];
        }
        let Some(a) = self.attrs.iter().find(|a| a.name == "id") else { return Vec::new() };
        match a.named_or_first("fields") {
            Some(Val::List(v)) => v.iter().filter_map(field_ref).filter_map(|n| self.field(&n)).collect(),
            _ => Vec::new(),
        }
    }
}

#[derive(Clone, Debug)]
struct PEnum {
    name: String,
    db_name: String,
    values: Vec<(String, String)>,
    at: (usize, usize),
}

fn val_str(v: &Val) -> Option<String> {
    match v {
        Val::Str(s) => Some(s.clone()),
        _ => None,
    }
}

/// A field named in a list: `a` or `a(sort: Desc)`.
fn field_ref(v: &Val) -> Option<String> {
    match v {
        Val::Word(w) => Some(w.clone()),
        Val::Call(n, _) => Some(n.clone()),
        _ => None,
    }
}

/// The dialect a datasource `provider` names.
pub fn dialect_of(provider: &str) -> Option<Dialect> {
    Some(match provider {
        "postgresql" | "postgres" | "cockroachdb" => Dialect::Postgres,
        "mysql" => Dialect::Mysql,
        "sqlite" => Dialect::Sqlite,
        "sqlserver" => Dialect::Mssql,
        _ => return None,
    })
}

/// The provider name of a dialect (for the export's datasource).
pub fn provider_of(d: Dialect) -> &'static str {
    match d {
        Dialect::Mysql => "mysql",
        Dialect::Sqlite => "sqlite",
        Dialect::Mssql => "sqlserver",
        _ => "postgresql",
    }
}

/// Prisma's scalar types.
pub const SCALARS: [&str; 9] = ["String", "Boolean", "Int", "BigInt", "Float", "Decimal", "DateTime", "Json", "Bytes"];

/// The SQL type Prisma Migrate gives a scalar without a native type attribute.
pub fn scalar_sql(scalar: &str, d: Dialect) -> Option<&'static str> {
    Some(match (d, scalar) {
        (Dialect::Mysql, "String") => "varchar(191)",
        (Dialect::Mysql, "Boolean") => "tinyint(1)",
        (Dialect::Mysql, "Int") => "int",
        (Dialect::Mysql, "Float") => "double",
        (Dialect::Mysql, "DateTime") => "datetime(3)",
        (Dialect::Mysql, "Json") => "json",
        (Dialect::Mysql, "Bytes") => "longblob",
        (Dialect::Sqlite, "String") => "text",
        (Dialect::Sqlite, "Int") => "integer",
        (Dialect::Sqlite, "Float") => "real",
        (Dialect::Sqlite, "Decimal") => "decimal",
        (Dialect::Sqlite, "DateTime") => "datetime",
        (Dialect::Sqlite, "Json") => "jsonb",
        (Dialect::Sqlite, "Bytes") => "blob",
        (Dialect::Mssql, "String") => "nvarchar(1000)",
        (Dialect::Mssql, "Boolean") => "bit",
        (Dialect::Mssql, "Int") => "int",
        (Dialect::Mssql, "Float") => "float(53)",
        (Dialect::Mssql, "Decimal") => "decimal(32,16)",
        (Dialect::Mssql, "DateTime") => "datetime2",
        (Dialect::Mssql, "Json") => "nvarchar(max)",
        (Dialect::Mssql, "Bytes") => "varbinary(max)",
        (_, "String") => "text",
        (_, "Boolean") => "boolean",
        (_, "Int") => "integer",
        (_, "BigInt") => "bigint",
        (_, "Float") => "double precision",
        (_, "Decimal") => "decimal(65,30)",
        (_, "DateTime") => "timestamp(3)",
        (_, "Json") => "jsonb",
        (_, "Bytes") => "bytea",
        _ => return None,
    })
}

/// Native type attributes (`@db.X`): Prisma's name, the SQL type name, the scalar it goes with.
pub const NATIVE: &[(&str, &str, &str)] = &[
    ("Text", "text", "String"),
    ("VarChar", "varchar", "String"),
    ("Char", "char", "String"),
    ("Uuid", "uuid", "String"),
    ("Citext", "citext", "String"),
    ("Inet", "inet", "String"),
    ("Xml", "xml", "String"),
    ("Bit", "bit", "String"),
    ("VarBit", "varbit", "String"),
    ("TinyText", "tinytext", "String"),
    ("MediumText", "mediumtext", "String"),
    ("LongText", "longtext", "String"),
    ("NVarChar", "nvarchar", "String"),
    ("NChar", "nchar", "String"),
    ("NText", "ntext", "String"),
    ("UniqueIdentifier", "uniqueidentifier", "String"),
    ("Boolean", "boolean", "Boolean"),
    ("Integer", "integer", "Int"),
    ("Int", "int", "Int"),
    ("SmallInt", "smallint", "Int"),
    ("TinyInt", "tinyint", "Int"),
    ("MediumInt", "mediumint", "Int"),
    ("UnsignedInt", "int unsigned", "Int"),
    ("UnsignedSmallInt", "smallint unsigned", "Int"),
    ("UnsignedTinyInt", "tinyint unsigned", "Int"),
    ("UnsignedMediumInt", "mediumint unsigned", "Int"),
    ("Year", "year", "Int"),
    ("Oid", "oid", "Int"),
    ("BigInt", "bigint", "BigInt"),
    ("UnsignedBigInt", "bigint unsigned", "BigInt"),
    ("DoublePrecision", "double precision", "Float"),
    ("Double", "double", "Float"),
    ("Real", "real", "Float"),
    ("Float", "float", "Float"),
    ("Decimal", "decimal", "Decimal"),
    ("Money", "money", "Decimal"),
    ("SmallMoney", "smallmoney", "Decimal"),
    ("Timestamptz", "timestamptz", "DateTime"),
    ("Timestamp", "timestamp", "DateTime"),
    ("DateTime", "datetime", "DateTime"),
    ("DateTime2", "datetime2", "DateTime"),
    ("SmallDateTime", "smalldatetime", "DateTime"),
    ("DateTimeOffset", "datetimeoffset", "DateTime"),
    ("Date", "date", "DateTime"),
    ("Timetz", "timetz", "DateTime"),
    ("Time", "time", "DateTime"),
    ("JsonB", "jsonb", "Json"),
    ("Json", "json", "Json"),
    ("ByteA", "bytea", "Bytes"),
    ("Binary", "binary", "Bytes"),
    ("VarBinary", "varbinary", "Bytes"),
    ("TinyBlob", "tinyblob", "Bytes"),
    ("Blob", "blob", "Bytes"),
    ("MediumBlob", "mediumblob", "Bytes"),
    ("LongBlob", "longblob", "Bytes"),
    ("Image", "image", "Bytes"),
];

/// Defaults the Prisma client computes, not the database.
const CLIENT_DEFAULTS: [&str; 5] = ["uuid", "cuid", "nanoid", "ulid", "auto"];

struct P<'a> {
    c: Cursor<'a>,
    ctx: Ctx<'a>,
}

pub(super) fn import(src: &str) -> (Schema, Vec<Diagnostic>, ImportStats) {
    let mut ctx = Ctx::new(src);
    let c = Cursor::new(src, &mut ctx, false);
    let mut p = P { c, ctx };
    let mut models = Vec::new();
    let mut enums = Vec::new();
    let mut dialect = None;
    p.run(&mut models, &mut enums, &mut dialect);
    let mut schema = Schema::new(dialect.unwrap_or(Dialect::Postgres));
    schema.source = SourceFormat::Prisma;
    let mut ctx = p.ctx;
    build(&mut schema, &mut ctx, &models, &enums);
    ctx.finish(schema)
}

impl<'a> P<'a> {

    /// Collects `///` lines before the next element.
    fn docs(&mut self) -> Option<String> {
        let mut lines = Vec::new();
        while let Some(t) = self.c.tok() {
            match t.kind {
                K::Doc => {
                    let s = self.c.text(t);
                    lines.push(s.strip_prefix(' ').unwrap_or(s).trim_end().to_string());
                    self.c.i += 1;
                }
                K::Newline => self.c.i += 1,
                _ => break,
            }
        }
        (!lines.is_empty()).then(|| lines.join("\n"))
    }

    fn run(&mut self, models: &mut Vec<Model>, enums: &mut Vec<PEnum>, dialect: &mut Option<Dialect>) {
        loop {
            let doc = self.docs();
            self.c.skip_nl();
            let Some(t) = self.c.tok() else { break };
            self.ctx.stats.statements += 1;
            let start = self.c.i;
            let kw = if t.kind == K::Word { self.c.text(t) } else { "" };
            match kw {
                "model" => {
                    if let Some(mut m) = self.model() {
                        m.doc = doc;
                        models.push(m);
                    }
                }
                "enum" => {
                    if let Some(e) = self.enumeration() {
                        enums.push(e);
                    }
                }
                "datasource" => self.datasource(dialect),
                "generator" => {
                    // Client generation settings: not part of the database schema.
                    self.skip_to_block();
                }
                "view" | "type" => {
                    let what = if kw == "view" { "views" } else { "composite types" };
                    self.ctx.warn(t.start, t.end, format!("Prisma {what} are not imported (`{}` skipped)", self.block_name()));
                    self.ctx.stats.skipped += 1;
                    self.skip_to_block();
                }
                _ => {
                    if t.kind == K::Word {
                        self.ctx.warn(t.start, t.end, format!("`{}` is not a Prisma block erdsmith reads (model, enum, datasource, generator); skipped", self.c.text(t)));
                    } else {
                        self.ctx.error(t.start, t.end, format!("unexpected `{}`: expected model, enum, datasource or generator", self.c.text(t)));
                    }
                    self.ctx.stats.skipped += 1;
                    self.skip_to_block();
                }
            }
            if self.c.i == start {
                self.c.i += 1;
            }
        }
    }

    fn block_name(&self) -> String {
        self.c.toks.get(self.c.i + 1).map(|t| self.c.text(*t).to_string()).unwrap_or_default()
    }

    /// Skips the current element: its block if one opens on this line, else the line.
    fn skip_to_block(&mut self) {
        while let Some(t) = self.c.tok() {
            if t.is(self.c.src, "{") {
                self.c.skip_block();
                return;
            }
            if t.kind == K::Newline {
                return;
            }
            self.c.i += 1;
        }
    }

    fn open(&mut self, what: &str) -> bool {
        if self.c.at_punct("{") {
            self.c.i += 1;
            return true;
        }
        let (s, e) = self.c.here();
        self.ctx.error(s, e, format!("expected `{{` to open {what}"));
        self.c.skip_line();
        false
    }

    fn datasource(&mut self, dialect: &mut Option<Dialect>) {
        self.c.i += 2;
        if !self.open("the datasource") {
            return;
        }
        while let Some(t) = self.c.block_item() {
            if t.word(self.c.src, "provider") && self.c.toks.get(self.c.i + 1).is_some_and(|n| n.is(self.c.src, "="))
                && let Some(v) = self.c.toks.get(self.c.i + 2).copied() {
                    let name = unquote(self.c.src, &v);
                    match dialect_of(&name) {
                        Some(d) => *dialect = Some(d),
                        None => self.ctx.warn(v.start, v.end, format!("provider `{name}` is not a SQL database erdsmith knows; types are read as PostgreSQL's")),
                    }
                }
            self.c.skip_line();
        }
    }

    fn enumeration(&mut self) -> Option<PEnum> {
        let head = self.c.tok()?;
        self.c.i += 1;
        let name_tok = self.c.tok().filter(|t| t.kind == K::Word)?;
        self.c.i += 1;
        let name = self.c.text(name_tok).to_string();
        if !self.open(&format!("enum `{name}`")) {
            return None;
        }
        let mut e = PEnum { db_name: name.clone(), name, values: Vec::new(), at: (head.start, name_tok.end) };
        loop {
            self.docs();
            self.c.skip_nl();
            let Some(t) = self.c.tok() else {
                self.ctx.error(head.start, name_tok.end, format!("enum `{}` has no closing `}}`", e.name));
                return Some(e);
            };
            if t.is(self.c.src, "}") {
                self.c.i += 1;
                return Some(e);
            }
            if t.is(self.c.src, "@@") {
                self.c.i += 1;
                if let Some(a) = self.attribute() {
                    match (a.name.as_str(), a.first().and_then(val_str)) {
                        ("map", Some(m)) => e.db_name = m,
                        ("schema", _) => self.ctx.warn(a.at.0, a.at.1, "`@@schema` on an enum is not kept"),
                        _ => self.ctx.warn(a.at.0, a.at.1, format!("`@@{}` on an enum is not imported", a.name)),
                    }
                }
                self.c.skip_line();
                continue;
            }
            if t.kind != K::Word {
                self.ctx.error(t.start, t.end, format!("expected a value of enum `{}`", e.name));
                self.c.skip_line();
                continue;
            }
            self.c.i += 1;
            let value = self.c.text(t).to_string();
            let mut db = value.clone();
            while self.c.at_punct("@") {
                self.c.i += 1;
                if let Some(a) = self.attribute() {
                    match (a.name.as_str(), a.first().and_then(val_str)) {
                        ("map", Some(m)) => db = m,
                        _ => self.ctx.warn(a.at.0, a.at.1, format!("`@{}` on an enum value is not imported", a.name)),
                    }
                }
            }
            e.values.push((value, db));
            self.c.skip_line();
        }
    }

    fn model(&mut self) -> Option<Model> {
        let head = self.c.tok()?;
        self.c.i += 1;
        let Some(name_tok) = self.c.tok().filter(|t| t.kind == K::Word) else {
            let (s, e) = self.c.here();
            self.ctx.error(s, e, "expected a model name");
            self.skip_to_block();
            return None;
        };
        self.c.i += 1;
        let name = self.c.text(name_tok).to_string();
        if !self.open(&format!("model `{name}`")) {
            return None;
        }
        let mut m = Model { name, fields: Vec::new(), attrs: Vec::new(), doc: None, at: (head.start, name_tok.end) };
        loop {
            let doc = self.docs();
            self.c.skip_nl();
            let Some(t) = self.c.tok() else {
                self.ctx.error(head.start, name_tok.end, format!("model `{}` has no closing `}}`", m.name));
                return Some(m);
            };
            if t.is(self.c.src, "}") {
                self.c.i += 1;
                return Some(m);
            }
            if t.is(self.c.src, "@@") {
                self.c.i += 1;
                if let Some(a) = self.attribute() {
                    m.attrs.push(a);
                }
                self.c.skip_line();
                continue;
            }
            if t.kind != K::Word {
                self.ctx.error(t.start, t.end, format!("expected a field of model `{}`", m.name));
                self.c.skip_line();
                continue;
            }
            self.c.i += 1;
            let fname = self.c.text(t).to_string();
            let Some(ty_tok) = self.c.tok().filter(|t| t.kind == K::Word) else {
                let (s, e) = self.c.here();
                self.ctx.error(s, e, format!("field `{fname}` of `{}` has no type", m.name));
                self.c.skip_line();
                continue;
            };
            self.c.i += 1;
            let mut ty = self.c.text(ty_tok).to_string();
            let mut unsupported = None;
            if ty == "Unsupported" && self.c.at_punct("(") {
                self.c.i += 1;
                if let Some(s) = self.c.tok() {
                    unsupported = Some(unquote(self.c.src, &s));
                }
                while self.c.tok().is_some_and(|t| !t.is(self.c.src, ")") && t.kind != K::Newline) {
                    self.c.i += 1;
                }
                if self.c.at_punct(")") {
                    self.c.i += 1;
                }
            }
            // A dotted type (a composite type of another namespace) is kept whole.
            while self.c.at_punct(".")
                && let Some(next) = self.c.toks.get(self.c.i + 1).copied().filter(|t| t.kind == K::Word)
            {
                ty.push('.');
                ty.push_str(self.c.text(next));
                self.c.i += 2;
            }
            let mut list = false;
            let mut optional = false;
            if self.c.at_punct("[") && self.c.toks.get(self.c.i + 1).is_some_and(|t| t.is(self.c.src, "]")) {
                list = true;
                self.c.i += 2;
            }
            if self.c.at_punct("?") {
                optional = true;
                self.c.i += 1;
            }
            let mut attrs = Vec::new();
            while self.c.at_punct("@") {
                self.c.i += 1;
                if let Some(a) = self.attribute() {
                    attrs.push(a);
                }
            }
            let end = self.c.toks.get(self.c.i.saturating_sub(1)).map(|t| t.end).unwrap_or(t.end);
            // A `///` comment after the field documents it too.
            let mut doc = doc;
            if let Some(d) = self.c.tok().filter(|d| d.kind == K::Doc) {
                let s = self.c.text(d);
                let s = s.strip_prefix(' ').unwrap_or(s).trim_end().to_string();
                doc = Some(match doc {
                    Some(before) => format!("{before}\n{s}"),
                    None => s,
                });
                self.c.i += 1;
            }
            if let Some(x) = self.c.tok()
                && x.kind != K::Newline
                && !x.is(self.c.src, "}")
            {
                let (s, e) = self.c.here();
                self.ctx.error(s, e, format!("unexpected `{}` after field `{fname}`", self.c.text(x)));
                self.c.skip_line();
            }
            m.fields.push(Field { name: fname, ty, list, optional, unsupported, attrs, doc, at: (t.start, end) });
        }
    }

    /// After `@` or `@@`: `name`, `db.Name`, with optional `(args)`.
    fn attribute(&mut self) -> Option<Attr> {
        let start = self.c.tok()?.start;
        let mut name = String::new();
        while let Some(t) = self.c.tok() {
            if t.kind == K::Word {
                name.push_str(self.c.text(t));
                self.c.i += 1;
                if self.c.at_punct(".") && self.c.toks.get(self.c.i + 1).is_some_and(|n| n.kind == K::Word) {
                    name.push('.');
                    self.c.i += 1;
                    continue;
                }
            }
            break;
        }
        if name.is_empty() {
            let (s, e) = self.c.here();
            self.ctx.error(s, e, "expected an attribute name after `@`");
            return None;
        }
        let mut args = Vec::new();
        if self.c.at_punct("(") {
            self.c.i += 1;
            args = self.args(0);
        }
        let end = self.c.toks.get(self.c.i.saturating_sub(1)).map(|t| t.end).unwrap_or(start);
        Some(Attr { name, args, at: (start, end) })
    }

    /// After `(`: arguments to the matching `)`.
    fn args(&mut self, depth: usize) -> Vec<Arg> {
        let mut out = Vec::new();
        loop {
            let Some(t) = self.c.tok() else { return out };
            if t.is(self.c.src, ")") {
                self.c.i += 1;
                return out;
            }
            if t.is(self.c.src, ",") || t.kind == K::Newline {
                self.c.i += 1;
                continue;
            }
            let mut name = None;
            if t.kind == K::Word && self.c.toks.get(self.c.i + 1).is_some_and(|n| n.is(self.c.src, ":")) {
                name = Some(self.c.text(t).to_string());
                self.c.i += 2;
            }
            match self.value(depth) {
                Some(value) => out.push(Arg { name, value }),
                None => {
                    let (s, e) = self.c.here();
                    self.ctx.error(s, e, "expected an attribute argument");
                    // Skip to the closing parenthesis of this list.
                    while let Some(t) = self.c.tok() {
                        self.c.i += 1;
                        if t.is(self.c.src, ")") || t.kind == K::Newline {
                            break;
                        }
                    }
                    return out;
                }
            }
        }
    }

    fn value(&mut self, depth: usize) -> Option<Val> {
        if depth > 32 {
            let (s, e) = self.c.here();
            self.ctx.error(s, e, "attribute arguments nested more than 32 deep");
            return None;
        }
        let t = self.c.tok()?;
        match t.kind {
            K::DString => {
                self.c.i += 1;
                Some(Val::Str(unquote(self.c.src, &t)))
            }
            K::Number => {
                self.c.i += 1;
                Some(Val::Word(self.c.text(t).to_string()))
            }
            K::Word => {
                self.c.i += 1;
                let mut w = self.c.text(t).to_string();
                while self.c.at_punct(".")
                    && let Some(next) = self.c.toks.get(self.c.i + 1).copied().filter(|n| n.kind == K::Word)
                {
                    w.push('.');
                    w.push_str(self.c.text(next));
                    self.c.i += 2;
                }
                if self.c.at_punct("(") {
                    self.c.i += 1;
                    let args = self.args(depth + 1);
                    return Some(Val::Call(w, args));
                }
                Some(Val::Word(w))
            }
            K::Punct if self.c.text(t) == "[" => {
                self.c.i += 1;
                let mut items = Vec::new();
                loop {
                    let Some(t) = self.c.tok() else { return Some(Val::List(items)) };
                    if t.is(self.c.src, "]") {
                        self.c.i += 1;
                        return Some(Val::List(items));
                    }
                    if t.is(self.c.src, ",") || t.kind == K::Newline {
                        self.c.i += 1;
                        continue;
                    }
                    items.push(self.value(depth + 1)?);
                }
            }
            _ => None,
        }
    }
}

/// SQL type of a `@db.Name(args)` attribute.
fn native_sql(name: &str, args: &[Arg]) -> String {
    let base = NATIVE.iter().find(|(n, _, _)| *n == name).map(|(_, s, _)| s.to_string()).unwrap_or_else(|| name.to_ascii_lowercase());
    let args: Vec<String> = args.iter().map(|a| match &a.value { Val::Word(w) | Val::Str(w) => w.clone(), _ => String::new() }).collect();
    if args.is_empty() {
        return base;
    }
    // `int unsigned` takes no arguments; others take them after the name.
    match base.split_once(' ') {
        Some((a, b)) => format!("{a}({}) {b}", args.join(",")),
        None => format!("{base}({})", args.join(",")),
    }
}

/// A `@default(…)` value: the SQL default, or the attribute as written when the client computes it.
fn default_of(v: &Val, field: &Field, enums: &[PEnum], src: &str, at: (usize, usize)) -> (Option<String>, Option<String>, bool) {
    let written = || format!("@{}", src.get(at.0..at.1).unwrap_or(""));
    match v {
        Val::Call(f, args) => match f.as_str() {
            "autoincrement" | "sequence" => (None, None, true),
            "now" => (Some("CURRENT_TIMESTAMP".into()), None, false),
            "dbgenerated" => (args.first().and_then(|a| val_str(&a.value)), None, false),
            f if CLIENT_DEFAULTS.contains(&f) => (None, Some(written()), false),
            _ => (None, Some(written()), false),
        },
        Val::Str(s) => (Some(format!("'{}'", s.replace('\'', "''"))), None, false),
        Val::Word(w) => {
            if let Some(e) = enums.iter().find(|e| e.name == field.ty) {
                let db = e.values.iter().find(|(v, _)| v == w).map(|(_, d)| d.clone()).unwrap_or_else(|| w.clone());
                return (Some(format!("'{}'", db.replace('\'', "''"))), None, false);
            }
            (Some(w.clone()), None, false)
        }
        Val::List(items) => {
            let parts: Vec<String> = items
                .iter()
                .map(|i| match i {
                    Val::Str(s) => format!("\"{}\"", s.replace('"', "\\\"")),
                    Val::Word(w) => enums
                        .iter()
                        .find(|e| e.name == field.ty)
                        .and_then(|e| e.values.iter().find(|(v, _)| v == w).map(|(_, d)| d.clone()))
                        .unwrap_or_else(|| w.clone()),
                    _ => String::new(),
                })
                .collect();
            (Some(format!("'{{{}}}'", parts.join(",").replace('\'', "''"))), None, false)
        }
    }
}

/// The operator class or prefix length of an index field (`f(ops: raw("gin_trgm_ops"))`,
/// `f(ops: JsonbPathOps)`, `f(length: 10)`), as the index key's `extra`.
fn key_extra(args: &[Arg]) -> Option<String> {
    for a in args {
        match (a.name.as_deref(), &a.value) {
            (Some("ops"), Val::Call(f, inner)) if f == "raw" => return inner.first().and_then(|x| val_str(&x.value)),
            (Some("ops"), Val::Word(w)) => {
                // `JsonbPathOps` → `jsonb_path_ops`.
                let mut out = String::new();
                for (i, c) in w.chars().enumerate() {
                    if c.is_ascii_uppercase() && i > 0 {
                        out.push('_');
                    }
                    out.push(c.to_ascii_lowercase());
                }
                return Some(out);
            }
            (Some("length"), Val::Word(n)) => return Some(format!("({n})")),
            _ => {}
        }
    }
    None
}

/// The fields of `@@index([a, b(sort: Desc)])` (or a bare `@@index(a)`): name, descending, extra.
fn field_list(a: &Attr, key: &str) -> Vec<(String, bool, Option<String>)> {
    let one = |x: &Val| -> Option<(String, bool, Option<String>)> {
        let (desc, extra) = match x {
            Val::Call(_, args) => (
                args.iter().any(|a| a.name.as_deref() == Some("sort") && a.value == Val::Word("Desc".into())),
                key_extra(args),
            ),
            _ => (false, None),
        };
        field_ref(x).map(|n| (n, desc, extra))
    };
    match a.named_or_first(key) {
        Some(Val::List(v)) => v.iter().filter_map(one).collect(),
        Some(x @ (Val::Word(_) | Val::Call(..))) => one(x).into_iter().collect(),
        _ => Vec::new(),
    }
}

fn list_of(a: &Attr, key: &str) -> Vec<String> {
    match a.arg(key) {
        Some(Val::List(v)) => v.iter().filter_map(field_ref).collect(),
        _ => Vec::new(),
    }
}

/// Builds the schema from the parsed blocks: enums first, then one table per model, then the
/// implicit many-to-many join tables and the foreign keys (resolved once every table exists).
fn build(schema: &mut Schema, ctx: &mut Ctx, models: &[Model], enums: &[PEnum]) {
    push_enums(schema, ctx, enums);
    let model_by_name: HashMap<&str, &Model> = models.iter().map(|m| (m.name.as_str(), m)).collect();
    let mut pending = Vec::new();
    for m in models {
        let t = model_table(schema, ctx, m, &model_by_name, enums, &mut pending);
        schema.tables.push(t);
    }
    implicit_many_to_many(schema, ctx, models, &model_by_name, &mut pending);
    resolve_fks(schema, ctx, pending);
    resolve_enum_types(schema);
    // Enum columns named by the enum's Prisma name when it has @@map: the type is the database name.
}

/// Adds one `EnumType` per Prisma `enum`, named by its database name.
fn push_enums(schema: &mut Schema, ctx: &Ctx, enums: &[PEnum]) {
    for e in enums {
        let id = EnumId(schema.fresh_id());
        let span = Some(ctx.span(e.at.0, e.at.1));
        schema.enums.push(EnumType { id, schema: None, name: e.db_name.clone(), values: e.values.iter().map(|(_, v)| v.clone()).collect(), span });
    }
}

/// The table of one model: its scalar fields as columns, its `@@` attributes as keys and
/// indexes; the foreign keys it holds are queued in `pending`.
fn model_table<'m>(
    schema: &mut Schema,
    ctx: &mut Ctx,
    m: &'m Model,
    model_by_name: &HashMap<&str, &Model>,
    enums: &[PEnum],
    pending: &mut Vec<PendingFk>,
) -> Table {
    let id = TableId(schema.fresh_id());
    let mut t = Table::new(id, m.namespace(), m.table_name());
    t.span = Some(ctx.span(m.at.0, m.at.1));
    t.comment = m.doc.clone();
    let mut by_field: HashMap<&'m str, ColumnId> = HashMap::new();
    for f in &m.fields {
        if model_by_name.contains_key(f.ty.as_str()) {
            continue;
        }
        let Some(c) = field_column(schema, ctx, m, f, enums, &mut t) else { continue };
        by_field.insert(f.name.as_str(), c.id);
        t.columns.push(c);
    }
    model_attrs(schema, ctx, m, &by_field, &mut t);
    relation_fks(ctx, m, model_by_name, &t, pending);
    t
}

/// The column of a scalar or enum field, with its field attributes applied (`@id` and
/// `@unique` go to `t`); `None`, with a warning, for a type this schema does not define.
fn field_column(schema: &mut Schema, ctx: &mut Ctx, m: &Model, f: &Field, enums: &[PEnum], t: &mut Table) -> Option<Column> {
    let d = schema.dialect;
    let en = enums.iter().find(|e| e.name == f.ty);
    let scalar = SCALARS.contains(&f.ty.as_str());
    if !scalar && en.is_none() && f.unsupported.is_none() {
        // A relation to a model of another file of a multi-file schema, or a composite type.
        ctx.warn(f.at.0, f.at.1, format!("field `{}.{}`: `{}` is not a model, enum or scalar type in this schema (a relation to a model that is not present?); not imported", m.name, f.name, f.ty));
        return None;
    }
    let mut raw = if let Some(u) = &f.unsupported {
        u.clone()
    } else if let Some(e) = en {
        e.db_name.clone()
    } else if let Some(native) = f.attrs.iter().find(|a| a.name.starts_with("db.")) {
        native_sql(&native.name[3..], &native.args)
    } else {
        scalar_sql(&f.ty, d).map(str::to_string).unwrap_or_else(|| f.ty.clone())
    };
    if f.list {
        raw.push_str("[]");
    }
    let cid = ColumnId(schema.fresh_id());
    let mut c = Column::new(cid, f.column_name(), DataType::parse(&raw));
    c.nullable = f.optional;
    c.comment = f.doc.clone();
    c.span = Some(ctx.span(f.at.0, f.at.1));
    field_attrs(schema, ctx, m, f, enums, &mut c, t);
    Some(c)
}

/// Applies the field attributes (`@id`, `@unique`, `@default`, `@updatedAt`, …) to column `c`
/// of table `t`; an attribute the model cannot hold is a warning.
fn field_attrs(schema: &mut Schema, ctx: &mut Ctx, m: &Model, f: &Field, enums: &[PEnum], c: &mut Column, t: &mut Table) {
    let d = schema.dialect;
    let cid = c.id;
    for a in &f.attrs {
        match a.name.as_str() {
            "id" => {
                c.nullable = false;
                let name = a.arg("map").and_then(val_str);
                t.primary_key = Some(PrimaryKey { name, columns: vec![cid], options: None });
            }
            "unique" => {
                let name = a.arg("map").and_then(val_str);
                let ix = IndexId(schema.fresh_id());
                let key = IndexKey { part: IndexPart::Column(cid), descending: false, extra: None };
                t.indexes.push(Index { id: ix, name, unique: true, keys: vec![key], method: None, predicate: None, include: Vec::new(), span: Some(ctx.span(a.at.0, a.at.1)), options: None });
            }
            "default" => {
                if let Some(v) = a.named_or_first("value") {
                    let (sql, kept, ident) = default_of(v, f, enums, ctx.src, a.at);
                    c.default = sql;
                    if let Some(k) = kept {
                        c.extra.push(k);
                    }
                    if ident {
                        c.identity = Some(match d {
                            Dialect::Mysql | Dialect::Sqlite => Identity::AutoIncrement,
                            Dialect::Mssql => Identity::Identity { seed: 1, increment: 1 },
                            _ => Identity::Serial,
                        });
                    }
                }
            }
            "map" => {}
            n if n.starts_with("db.") => {}
            "updatedAt" | "ignore" => c.extra.push(format!("@{}", ctx.src.get(a.at.0..a.at.1).unwrap_or(""))),
            _ => {
                ctx.warn(a.at.0, a.at.1, format!("attribute `@{}` of `{}.{}` is not imported", a.name, m.name, f.name));
            }
        }
    }
}

/// The columns `names` designate in an `@@` attribute of model `m`, with each key's sort order
/// and extra; `None`, with a warning, when the list is empty or names a field `t` lacks.
fn attr_columns(
    ctx: &mut Ctx,
    m: &Model,
    by_field: &HashMap<&str, ColumnId>,
    t: &Table,
    names: &[(String, bool, Option<String>)],
    at: (usize, usize),
) -> Option<Vec<(ColumnId, bool, Option<String>)>> {
    if names.is_empty() {
        ctx.warn(at.0, at.1, format!("an attribute of model `{}` names no fields; not imported", m.name));
        return None;
    }
    let mut out = Vec::new();
    for (n, desc, extra) in names {
        match by_field.get(n.as_str()).and_then(|c| t.column(*c)).map(|c| c.id) {
            Some(c) => out.push((c, *desc, extra.clone())),
            None => {
                ctx.warn(at.0, at.1, format!("model `{}` has no scalar field `{n}`; not imported", m.name));
                return None;
            }
        }
    }
    Some(out)
}

/// Applies the model attributes (`@@id`, `@@unique`, `@@index`, `@@fulltext`, …) to `t`.
fn model_attrs(schema: &mut Schema, ctx: &mut Ctx, m: &Model, by_field: &HashMap<&str, ColumnId>, t: &mut Table) {
    for a in &m.attrs {
        match a.name.as_str() {
            "map" | "schema" => {}
            "id" => {
                let Some(cols) = attr_columns(ctx, m, by_field, t, &field_list(a, "fields"), a.at) else { continue };
                for c in &mut t.columns {
                    if cols.iter().any(|(x, _, _)| *x == c.id) {
                        c.nullable = false;
                    }
                }
                t.primary_key = Some(PrimaryKey { name: a.arg("map").and_then(val_str), columns: cols.into_iter().map(|x| x.0).collect(), options: None });
            }
            "unique" | "index" | "fulltext" => {
                let Some(cols) = attr_columns(ctx, m, by_field, t, &field_list(a, "fields"), a.at) else { continue };
                let keys = cols.into_iter().map(|(c, descending, extra)| IndexKey { part: IndexPart::Column(c), descending, extra }).collect();
                let method = match (a.name.as_str(), a.arg("type")) {
                    ("fulltext", _) => Some("fulltext".to_string()),
                    (_, Some(Val::Word(w))) => Some(w.to_ascii_lowercase()),
                    _ => None,
                };
                let ix = IndexId(schema.fresh_id());
                t.indexes.push(Index {
                    id: ix,
                    name: a.arg("map").and_then(val_str),
                    unique: a.name == "unique",
                    keys,
                    method,
                    predicate: None,
                    include: Vec::new(),
                    span: Some(ctx.span(a.at.0, a.at.1)),
                    options: None,
                });
            }
            "ignore" => ctx.diag(Severity::Info, a.at.0, a.at.1, format!("model `{}` is `@@ignore`d by the Prisma client; its table is imported", m.name)),
            _ => ctx.warn(a.at.0, a.at.1, format!("attribute `@@{}` of model `{}` is not imported", a.name, m.name)),
        }
    }
}

/// Queues the foreign keys of the relations model `m` (table `t`) holds: the relation fields
/// with `@relation(fields: …, references: …)`, with Prisma Migrate's default actions.
fn relation_fks(ctx: &mut Ctx, m: &Model, model_by_name: &HashMap<&str, &Model>, t: &Table, pending: &mut Vec<PendingFk>) {
    for f in &m.fields {
        let Some(target) = model_by_name.get(f.ty.as_str()) else { continue };
        let Some(rel) = f.attr("relation") else { continue };
        let fields = list_of(rel, "fields");
        let refs = list_of(rel, "references");
        if fields.is_empty() {
            continue;
        }
        let columns: Vec<String> = fields.iter().map(|n| m.field(n).map(|x| x.column_name()).unwrap_or_else(|| n.clone())).collect();
        let ref_columns: Vec<String> = refs.iter().map(|n| target.field(n).map(|x| x.column_name()).unwrap_or_else(|| n.clone())).collect();
        let action = |key: &str, dflt: FkAction, ctx: &mut Ctx| match rel.arg(key) {
            Some(Val::Word(w)) => fk_action(w).unwrap_or_else(|| {
                ctx.warn(rel.at.0, rel.at.1, format!("`{w}` is not a referential action"));
                dflt
            }),
            _ => dflt,
        };
        let optional = fields.iter().any(|n| m.field(n).is_some_and(|x| x.optional));
        // Prisma Migrate's defaults: a required relation restricts deletes, an optional one sets null.
        let on_delete = action("onDelete", if optional { FkAction::SetNull } else { FkAction::Restrict }, ctx);
        let on_update = action("onUpdate", FkAction::Cascade, ctx);
        pending.push(PendingFk {
            table_schema: t.schema.clone(),
            table: Some(t.name.clone()),
            columns,
            ref_schema: target.namespace(),
            ref_table: target.table_name(),
            ref_columns,
            name: rel.arg("map").and_then(val_str),
            on_delete,
            on_update,
            at: rel.at,
        });
    }
}

/// The relation name of a relation field (`@relation("name")` or `@relation(name: "name")`).
fn relation_name(f: &Field) -> Option<String> {
    f.attr("relation").and_then(|a| a.named_or_first("name")).and_then(val_str)
}

fn implicit_many_to_many(schema: &mut Schema, ctx: &mut Ctx, models: &[Model], by_name: &HashMap<&str, &Model>, pending: &mut Vec<PendingFk>) {
    let mut made: Vec<String> = Vec::new();
    for m in models {
        for f in m.fields.iter().filter(|f| f.list && by_name.contains_key(f.ty.as_str())) {
            if f.attr("relation").is_some_and(|r| r.arg("fields").is_some()) {
                continue;
            }
            let Some(other) = by_name.get(f.ty.as_str()) else { continue };
            let rname = relation_name(f);
            // The opposite field: on the other model, of this model's type, with the same relation name.
            let opposite = other.fields.iter().find(|g| {
                g.ty == m.name && relation_name(g) == rname && !(std::ptr::eq(*other, m) && g.name == f.name)
            });
            let Some(opposite) = opposite else {
                ctx.warn(f.at.0, f.at.1, format!("field `{}.{}` has no opposite relation field on `{}`", m.name, f.name, other.name));
                continue;
            };
            if !opposite.list {
                continue;
            }
            let (a, b) = if m.name <= other.name { (m, *other) } else { (*other, m) };
            let name = match &rname {
                Some(r) => format!("_{r}"),
                None => format!("_{}To{}", a.name, b.name),
            };
            if made.contains(&name) {
                continue;
            }
            made.push(name.clone());
            let (ida, idb) = (a.id_fields(), b.id_fields());
            let (&[ida], &[idb]) = (ida.as_slice(), idb.as_slice()) else {
                ctx.warn(f.at.0, f.at.1, format!("implicit many-to-many `{name}` needs a single-field id on both models; not imported"));
                continue;
            };
            let col_type = |model: &Model, fld: &Field| -> Option<DataType> {
                let tn = model.table_name();
                let t = schema.tables.iter().find(|t| t.name == tn)?;
                t.columns.iter().find(|c| c.name == fld.column_name()).map(|c| DataType::parse(&c.data_type.raw))
            };
            let (Some(ta), Some(tb)) = (col_type(a, ida), col_type(b, idb)) else { continue };
            let id = TableId(schema.fresh_id());
            let mut t = Table::new(id, a.namespace(), name.clone());
            t.span = Some(ctx.span(f.at.0, f.at.1));
            let ca = ColumnId(schema.fresh_id());
            let cb = ColumnId(schema.fresh_id());
            for (cid, n, ty) in [(ca, "A", ta), (cb, "B", tb)] {
                let mut c = Column::new(cid, n, ty);
                c.nullable = false;
                t.columns.push(c);
            }
            t.primary_key = Some(PrimaryKey { name: Some(format!("{name}_AB_pkey")), columns: vec![ca, cb], options: None });
            let ix = IndexId(schema.fresh_id());
            t.indexes.push(Index {
                id: ix,
                name: Some(format!("{name}_B_index")),
                unique: false,
                keys: vec![IndexKey { part: IndexPart::Column(cb), descending: false, extra: None }],
                method: None,
                predicate: None,
                include: Vec::new(),
                span: None,
                options: None,
            });
            for (col, model, idf) in [("A", a, ida), ("B", b, idb)] {
                pending.push(PendingFk {
                    table_schema: a.namespace(),
                    table: Some(name.clone()),
                    columns: vec![col.into()],
                    ref_schema: model.namespace(),
                    ref_table: model.table_name(),
                    ref_columns: vec![idf.column_name()],
                    name: Some(format!("{name}_{col}_fkey")),
                    on_delete: FkAction::Cascade,
                    on_update: FkAction::Cascade,
                    at: f.at,
                });
            }
            schema.tables.push(t);
        }
    }
}
