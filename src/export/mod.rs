//! Pure text exports of a Schema.
//!
//! Public API (used by ui/, the CLI): `Format`, `export`, `mermaid::render`, `MermaidOptions`,
//! `json::render`.

pub mod dbml;
pub mod json;
pub mod markdown;
pub mod mermaid;
pub mod migration;
pub mod prisma;
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
            _ => match s.strip_prefix("sql:") {
                Some(d) => d.parse().map(Format::Sql),
                None => Err(format!(
                    "unknown export format `{s}` (expected mermaid, sql:postgres, sql:mysql, sql:sqlite, sql:mssql, sql:oracle, dbml, prisma, markdown, json or svg)"
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
    }
}
