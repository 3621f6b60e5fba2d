use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The language a schema text is written in: SQL DDL (in a [`super::Dialect`]) or one of the
/// schema-as-code formats. Named as on the CLI (`--format`, or `--dialect dbml`) and in the UI's
/// selector.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    #[default]
    Sql,
    /// DBML (dbdiagram.io).
    Dbml,
    /// A Prisma schema (`schema.prisma`).
    Prisma,
    /// A Rails `db/schema.rb`.
    Rails,
}

impl SourceFormat {
    pub const ALL: [SourceFormat; 4] = [SourceFormat::Sql, SourceFormat::Dbml, SourceFormat::Prisma, SourceFormat::Rails];

    pub fn is_sql(&self) -> bool {
        *self == SourceFormat::Sql
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SourceFormat::Sql => "sql",
            SourceFormat::Dbml => "dbml",
            SourceFormat::Prisma => "prisma",
            SourceFormat::Rails => "rails",
        }
    }

    /// A human label for menus.
    pub fn label(self) -> &'static str {
        match self {
            SourceFormat::Sql => "SQL",
            SourceFormat::Dbml => "DBML",
            SourceFormat::Prisma => "Prisma schema",
            SourceFormat::Rails => "Rails schema.rb",
        }
    }
}

impl fmt::Display for SourceFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SourceFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "sql" => Ok(SourceFormat::Sql),
            "dbml" => Ok(SourceFormat::Dbml),
            "prisma" => Ok(SourceFormat::Prisma),
            "rails" | "schema.rb" | "ruby" => Ok(SourceFormat::Rails),
            other => Err(format!("unknown format `{other}` (expected sql, dbml, prisma or rails)")),
        }
    }
}
