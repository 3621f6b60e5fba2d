//! Pure text exports of a Schema.
//!
//! Public API (used by ui/, the CLI): `Format`, `export`, `mermaid::render`, `MermaidOptions`,
//! `json::render`, `docs::render` (the documentation folder), `opskit::render` (the operations
//! kit), `review_report::render` (the whole review as Markdown).

pub mod change_summary;
pub mod d2;
pub mod diff_marks;
pub mod dbml;
pub mod docs;
pub mod dot;
pub mod json;
pub mod markdown;
pub mod mermaid;
pub mod migration;
pub mod opskit;
pub mod plantuml;
pub mod prisma;
pub mod review_report;
pub mod sql;
pub mod svg;

use crate::diagnostic::Diagnostic;
use crate::schema::{Dialect, Schema};
use std::str::FromStr;

/// An export target, named as on the CLI (`--to`).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Format {
    Mermaid,
    Sql(Dialect),
    Dbml,
    Markdown,
    Json,
    /// The whole diagram as a standalone SVG document.
    Svg,
    /// A Prisma schema.
    Prisma,
    /// A PlantUML ER diagram (`@startuml … entity …`).
    PlantUml,
    /// A D2 diagram of `sql_table` shapes.
    D2,
    /// A Graphviz DOT graph with HTML-like table labels.
    Dot,
    /// The operations kit: read-only catalog queries for the live database (`opskit`).
    OpsKit(Dialect),
}

impl Format {
    /// The file name suffix after the project name: `.mmd`, `.postgres.sql`, ….
    pub fn file_suffix(self) -> String {
        match self {
            Format::Mermaid => ".mmd".into(),
            Format::Sql(d) => format!(".{d}.sql"),
            Format::Dbml => ".dbml".into(),
            Format::Markdown => ".md".into(),
            Format::Json => ".json".into(),
            Format::Svg => ".svg".into(),
            Format::Prisma => ".prisma".into(),
            Format::PlantUml => ".puml".into(),
            Format::D2 => ".d2".into(),
            Format::Dot => ".dot".into(),
            Format::OpsKit(d) => format!(".opskit.{d}.sql"),
        }
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "mermaid" => Ok(Format::Mermaid),
            "dbml" => Ok(Format::Dbml),
            "markdown" => Ok(Format::Markdown),
            "json" => Ok(Format::Json),
            "svg" => Ok(Format::Svg),
            "prisma" => Ok(Format::Prisma),
            "plantuml" => Ok(Format::PlantUml),
            "d2" => Ok(Format::D2),
            "dot" | "graphviz" => Ok(Format::Dot),
            _ => match (s.strip_prefix("sql:"), s.strip_prefix("opskit:")) {
                (Some(d), _) => d.parse().map(Format::Sql),
                (_, Some(d)) => match d.parse::<Dialect>()? {
                    d if opskit::DIALECTS.contains(&d) => Ok(Format::OpsKit(d)),
                    _ => Err(format!("no operations kit for `{d}` (expected opskit:postgres, opskit:mysql or opskit:sqlite)")),
                },
                _ => Err(format!(
                    "unknown export format `{s}` (expected mermaid, sql:postgres, sql:mysql, sql:sqlite, sql:mssql, sql:oracle, dbml, prisma, markdown, json, svg, plantuml, d2, dot, opskit:postgres, opskit:mysql or opskit:sqlite)"
                )),
            },
        }
    }
}

/// The text of an export plus warnings (lossy type mappings, skipped objects).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Exported {
    pub text: String,
    pub warnings: Vec<Diagnostic>,
}

/// Renders `schema` in `format`.
pub fn export(schema: &Schema, format: Format) -> Result<Exported, String> {
    match format {
        Format::Mermaid => Ok(Exported { text: mermaid::render(schema, &mermaid::MermaidOptions::default()), warnings: Vec::new() }),
        Format::Json => Ok(Exported { text: json::render(schema) + "\n", warnings: Vec::new() }),
        Format::Sql(d) => Ok(sql::render(schema, d)),
        Format::Dbml => Ok(dbml::render_checked(schema)),
        Format::Markdown => Ok(Exported { text: markdown::render(schema), warnings: Vec::new() }),
        Format::Svg => Ok(Exported { text: svg::render(schema), warnings: Vec::new() }),
        Format::Prisma => Ok(prisma::render(schema)),
        Format::PlantUml => Ok(Exported { text: plantuml::render(schema), warnings: Vec::new() }),
        Format::D2 => Ok(Exported { text: d2::render(schema), warnings: Vec::new() }),
        Format::Dot => Ok(Exported { text: dot::render(schema), warnings: Vec::new() }),
        Format::OpsKit(d) => opskit::render(schema, d),
    }
}

/// A display name for every table, unique ignoring case: `schema.name` when the tables span
/// several namespaces, ` (2)`, ` (3)`, … after a name already taken. Shared by the diagram
/// exports whose tools match names case-insensitively (D2) or that label boxes (PlantUML, DOT).
pub(crate) fn table_labels(schema: &Schema) -> std::collections::HashMap<crate::schema::TableId, String> {
    let first = schema.tables.first().map(|t| t.schema.as_deref().map(str::to_lowercase));
    let qualify = schema.tables.iter().any(|t| Some(t.schema.as_deref().map(str::to_lowercase)) != first);
    let mut used = std::collections::HashSet::new();
    let mut labels = std::collections::HashMap::new();
    for t in &schema.tables {
        let base = if qualify { t.qualified_name() } else { t.name.clone() };
        let base = if base.trim().is_empty() { "unnamed".to_string() } else { base };
        let mut label = base.clone();
        let mut n = 2;
        while !used.insert(label.to_lowercase()) {
            label = format!("{base} ({n})");
            n += 1;
        }
        labels.insert(t.id, label);
    }
    labels
}

/// The tables a whole-schema diagram draws: all but partitions, which have their parent's
/// columns (pagila's 57 made a 19,557 px wide row); each parent says how many it has.
pub(crate) fn drawn_tables(schema: &Schema) -> Vec<&crate::schema::Table> {
    schema.tables.iter().filter(|t| crate::layout::partition_parent(schema, t).is_none()).collect()
}

/// What a box-and-line diagram export (DOT, PlantUML, D2) starts from: the drawn tables with
/// their labels ([`table_labels`]), keys ([`table_keys`]) and partition counts.
pub(crate) struct Drawing<'s> {
    pub tables: Vec<&'s crate::schema::Table>,
    labels: std::collections::HashMap<crate::schema::TableId, String>,
    keys: std::collections::HashMap<crate::schema::TableId, String>,
    drawn: std::collections::HashSet<crate::schema::TableId>,
    partitions: std::collections::HashMap<crate::schema::TableId, usize>,
}

impl<'s> Drawing<'s> {
    pub fn new(schema: &'s Schema) -> Self {
        let tables = drawn_tables(schema);
        let drawn = tables.iter().map(|t| t.id).collect();
        Drawing { labels: table_labels(schema), keys: table_keys(schema), tables, drawn, partitions: crate::layout::partition_counts(schema) }
    }
    /// The table's key (`t1`, …).
    pub fn key(&self, id: crate::schema::TableId) -> &str {
        self.keys.get(&id).map(String::as_str).unwrap_or("t0")
    }
    /// The table's display label (its name when it has none).
    pub fn label<'a>(&'a self, t: &'a crate::schema::Table) -> &'a str {
        self.labels.get(&t.id).map(String::as_str).unwrap_or(&t.name)
    }
    /// Whether the table is drawn (not a partition).
    pub fn draws(&self, id: crate::schema::TableId) -> bool {
        self.drawn.contains(&id)
    }
    /// How many partitions the table has, if any.
    pub fn partitions(&self, id: crate::schema::TableId) -> Option<usize> {
        self.partitions.get(&id).copied()
    }
}

/// The name a diagram gives each table: `t1`, `t2`, … in the order of `schema.tables` (not its
/// id, which depends on how the text was imported: the app and the CLI export the same text).
pub(crate) fn table_keys(schema: &Schema) -> std::collections::HashMap<crate::schema::TableId, String> {
    schema.tables.iter().enumerate().map(|(i, t)| (t.id, format!("t{}", i + 1))).collect()
}

/// The words on a composite foreign key's edge, `a, b → x, y` (the child's columns, then the
/// parent's), for the formats that draw one edge between the first columns of each side
/// (DOT, D2); `None` for a single-column key, whose edge says it.
pub fn composite_label(child: &crate::schema::Table, parent: &crate::schema::Table, fk: &crate::schema::ForeignKey) -> Option<String> {
    if fk.columns.len() < 2 {
        return None;
    }
    let names = |t: &crate::schema::Table, ids: &[crate::schema::ColumnId]| ids.iter().filter_map(|c| t.column(*c)).map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ");
    Some(format!("{} → {}", names(child, &fk.columns), names(parent, &fk.ref_columns)))
}
