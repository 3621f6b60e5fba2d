//! The CLI's `import` JSON and the JSON export: a stable, name-based shape (not the project
//! file). Columns, keys and references are named, never ids, so two imports of the same DDL
//! print the same JSON and a diff of two prints is readable.
//!
//! **Invariant:** field order and presence are fixed (absent values are `null` or `[]`), so
//! consumers can rely on every key existing.

use crate::schema::{Column, ColumnId, Identity, IndexPart, Schema, Table, TableKind};
use serde::Serialize;

#[derive(Serialize)]
struct Doc<'a> {
    version: u32,
    dialect: &'static str,
    namespaces: &'a [String],
    tables: Vec<JTable<'a>>,
    views: Vec<JView<'a>>,
    enums: Vec<JEnum<'a>>,
    sequences: Vec<JSequence<'a>>,
    domains: Vec<JDomain<'a>>,
    /// Statements kept as written (functions, triggers, grants, …), in text order.
    objects: Vec<JObject<'a>>,
    database: Option<&'a str>,
}

#[derive(Serialize)]
struct JObject<'a> {
    kind: &'static str,
    schema: Option<&'a str>,
    name: &'a str,
    table: Option<String>,
    sql: &'a str,
}

#[derive(Serialize)]
struct JTable<'a> {
    schema: Option<&'a str>,
    name: &'a str,
    kind: &'static str,
    parent: Option<String>,
    columns: Vec<JColumn<'a>>,
    primary_key: Vec<&'a str>,
    primary_key_name: Option<&'a str>,
    uniques: Vec<JUnique<'a>>,
    foreign_keys: Vec<JForeignKey<'a>>,
    checks: Vec<JCheck<'a>>,
    indexes: Vec<JIndex<'a>>,
    comment: Option<&'a str>,
    temporary: bool,
    /// PostgreSQL row-level security: `enabled`, `forced` (absent when off).
    #[serde(skip_serializing_if = "Option::is_none")]
    row_security: Option<&'static str>,
    /// PostgreSQL `REPLICA IDENTITY` other than the default.
    #[serde(skip_serializing_if = "Option::is_none")]
    replica_identity: Option<&'a str>,
    /// Parts kept as written (prefix words, options after the column list, a partition bound).
    text: JText<'a>,
}

#[derive(Serialize)]
struct JText<'a> {
    prefix: Option<&'a str>,
    head: Option<&'a str>,
    options: Option<&'a str>,
    bound: Option<&'a str>,
}

#[derive(Serialize)]
struct JColumn<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    data_type: &'a str,
    nullable: bool,
    default: Option<&'a str>,
    identity: Option<String>,
    generated: Option<JGenerated<'a>>,
    collation: Option<&'a str>,
    comment: Option<&'a str>,
    /// Clauses kept as written.
    extra: &'a [String],
}

#[derive(Serialize)]
struct JGenerated<'a> {
    expr: &'a str,
    stored: bool,
}

#[derive(Serialize)]
struct JUnique<'a> {
    name: Option<&'a str>,
    columns: Vec<&'a str>,
}

#[derive(Serialize)]
struct JForeignKey<'a> {
    name: Option<&'a str>,
    columns: Vec<&'a str>,
    ref_schema: Option<&'a str>,
    ref_table: &'a str,
    ref_columns: Vec<&'a str>,
    on_delete: &'static str,
    on_update: &'static str,
    deferrable: bool,
    initially_deferred: bool,
}

#[derive(Serialize)]
struct JCheck<'a> {
    name: Option<&'a str>,
    expr: &'a str,
}

#[derive(Serialize)]
struct JIndex<'a> {
    name: Option<&'a str>,
    /// Column names, or the expression text of expression parts.
    columns: Vec<&'a str>,
    descending: Vec<bool>,
    unique: bool,
    method: Option<&'a str>,
    predicate: Option<&'a str>,
    include: Vec<&'a str>,
    /// What follows each key as written (operator class, prefix length, collation).
    key_extra: Vec<Option<&'a str>>,
    options: Option<&'a str>,
}

#[derive(Serialize)]
struct JView<'a> {
    schema: Option<&'a str>,
    name: &'a str,
    materialized: bool,
    columns: &'a [String],
    reads: Vec<String>,
    definition: &'a str,
    comment: Option<&'a str>,
}

#[derive(Serialize)]
struct JEnum<'a> {
    schema: Option<&'a str>,
    name: &'a str,
    values: &'a [String],
}

#[derive(Serialize)]
struct JSequence<'a> {
    schema: Option<&'a str>,
    name: &'a str,
    owned_by: Option<String>,
    options: Option<&'a str>,
}

#[derive(Serialize)]
struct JDomain<'a> {
    schema: Option<&'a str>,
    name: &'a str,
    #[serde(rename = "type")]
    data_type: &'a str,
    nullable: bool,
    default: Option<&'a str>,
    checks: Vec<JCheck<'a>>,
}

pub fn render(schema: &Schema) -> String {
    let doc = Doc {
        version: schema.version,
        dialect: schema.dialect.as_str(),
        namespaces: &schema.namespaces,
        tables: schema.tables.iter().map(|t| table(schema, t)).collect(),
        views: schema
            .views
            .iter()
            .map(|v| JView {
                schema: v.schema.as_deref(),
                name: &v.name,
                materialized: v.materialized,
                columns: &v.columns,
                reads: v.reads.iter().filter_map(|id| schema.table(*id)).map(Table::qualified_name).collect(),
                definition: &v.definition,
                comment: v.comment.as_deref(),
            })
            .collect(),
        enums: schema
            .enums
            .iter()
            .map(|e| JEnum { schema: e.schema.as_deref(), name: &e.name, values: &e.values })
            .collect(),
        sequences: schema
            .sequences
            .iter()
            .map(|s| JSequence {
                schema: s.schema.as_deref(),
                name: &s.name,
                owned_by: s.owned_by.and_then(|(t, c)| {
                    let t = schema.table(t)?;
                    Some(format!("{}.{}", t.qualified_name(), t.column(c)?.name))
                }),
                options: s.options.as_deref(),
            })
            .collect(),
        domains: schema
            .domains
            .iter()
            .map(|d| JDomain {
                schema: d.schema.as_deref(),
                name: &d.name,
                data_type: &d.data_type.raw,
                nullable: d.nullable,
                default: d.default.as_deref(),
                checks: d.checks.iter().map(|c| JCheck { name: c.name.as_deref(), expr: &c.expr }).collect(),
            })
            .collect(),
        objects: schema
            .objects
            .iter()
            .map(|o| JObject {
                kind: o.kind.label(),
                schema: o.schema.as_deref(),
                name: &o.name,
                table: o.table.and_then(|t| schema.table(t)).map(Table::qualified_name),
                sql: &o.sql,
            })
            .collect(),
        database: schema.database.as_deref(),
    };
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

fn names<'a>(t: &'a Table, ids: &[ColumnId]) -> Vec<&'a str> {
    ids.iter().filter_map(|id| t.column(*id)).map(|c| c.name.as_str()).collect()
}

fn identity(i: &Identity) -> String {
    match i {
        Identity::Serial => "serial".into(),
        Identity::Always => "always".into(),
        Identity::ByDefault => "by_default".into(),
        Identity::AutoIncrement => "auto_increment".into(),
        Identity::Identity { seed, increment } => format!("identity({seed},{increment})"),
    }
}

fn column(c: &Column) -> JColumn<'_> {
    JColumn {
        name: &c.name,
        data_type: &c.data_type.raw,
        nullable: c.nullable,
        default: c.default.as_deref(),
        identity: c.identity.as_ref().map(identity),
        generated: c.generated.as_ref().map(|g| JGenerated { expr: &g.expr, stored: g.stored }),
        collation: c.collation.as_deref(),
        comment: c.comment.as_deref(),
        extra: &c.extra,
    }
}

fn table<'a>(schema: &'a Schema, t: &'a Table) -> JTable<'a> {
    JTable {
        schema: t.schema.as_deref(),
        name: &t.name,
        kind: match t.kind {
            TableKind::Table => "table",
            TableKind::Partitioned => "partitioned",
            TableKind::Partition => "partition",
            TableKind::Other => "other",
        },
        parent: t.parent.and_then(|p| schema.table(p)).map(Table::qualified_name),
        columns: t.columns.iter().map(column).collect(),
        primary_key: t.primary_key.as_ref().map(|pk| names(t, &pk.columns)).unwrap_or_default(),
        primary_key_name: t.primary_key.as_ref().and_then(|pk| pk.name.as_deref()),
        uniques: t.uniques.iter().map(|u| JUnique { name: u.name.as_deref(), columns: names(t, &u.columns) }).collect(),
        foreign_keys: t
            .foreign_keys
            .iter()
            .filter_map(|fk| {
                let rt = schema.table(fk.ref_table)?;
                Some(JForeignKey {
                    name: fk.name.as_deref(),
                    columns: names(t, &fk.columns),
                    ref_schema: rt.schema.as_deref(),
                    ref_table: &rt.name,
                    ref_columns: names(rt, &fk.ref_columns),
                    on_delete: fk.on_delete.as_sql(),
                    on_update: fk.on_update.as_sql(),
                    deferrable: fk.deferrable,
                    initially_deferred: fk.initially_deferred,
                })
            })
            .collect(),
        checks: t.checks.iter().map(|c| JCheck { name: c.name.as_deref(), expr: &c.expr }).collect(),
        indexes: t
            .indexes
            .iter()
            .map(|ix| JIndex {
                name: ix.name.as_deref(),
                columns: ix
                    .keys
                    .iter()
                    .map(|k| match &k.part {
                        IndexPart::Column(c) => t.column(*c).map_or("?", |c| c.name.as_str()),
                        IndexPart::Expression(e) => e.as_str(),
                    })
                    .collect(),
                descending: ix.keys.iter().map(|k| k.descending).collect(),
                unique: ix.unique,
                method: ix.method.as_deref(),
                predicate: ix.predicate.as_deref(),
                include: names(t, &ix.include),
                key_extra: ix.keys.iter().map(|k| k.extra.as_deref()).collect(),
                options: ix.options.as_deref(),
            })
            .collect(),
        comment: t.comment.as_deref(),
        temporary: t.temporary,
        row_security: match (t.row_security.enabled, t.row_security.forced) {
            (_, true) => Some("forced"),
            (true, false) => Some("enabled"),
            _ => None,
        },
        replica_identity: t.replica_identity.as_deref(),
        text: JText {
            prefix: t.text.prefix.as_deref(),
            head: t.text.head.as_deref(),
            options: t.text.options.as_deref(),
            bound: t.text.bound.as_deref(),
        },
    }
}
