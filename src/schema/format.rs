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
    /// A mongosh script: `createCollection`/`collMod` with `$jsonSchema` validators, `createIndex`.
    Mongodb,
    /// Cassandra CQL: keyspaces, tables, types, indexes, materialized views.
    Cql,
    /// DynamoDB tables: CloudFormation/SAM YAML or JSON, AWS CLI `create-table` JSON, NoSQL
    /// Workbench models.
    Dynamodb,
}

impl SourceFormat {
    pub const ALL: [SourceFormat; 7] = [
        SourceFormat::Sql,
        SourceFormat::Dbml,
        SourceFormat::Prisma,
        SourceFormat::Rails,
        SourceFormat::Mongodb,
        SourceFormat::Cql,
        SourceFormat::Dynamodb,
    ];

    pub fn is_sql(&self) -> bool {
        *self == SourceFormat::Sql
    }

    /// A document, wide-column or key-value store: its schema is no relational one, so SQL
    /// exports warn about what they cannot carry and relational rules do not apply.
    pub fn is_nosql(&self) -> bool {
        matches!(self, SourceFormat::Mongodb | SourceFormat::Cql | SourceFormat::Dynamodb)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SourceFormat::Sql => "sql",
            SourceFormat::Dbml => "dbml",
            SourceFormat::Prisma => "prisma",
            SourceFormat::Rails => "rails",
            SourceFormat::Mongodb => "mongodb",
            SourceFormat::Cql => "cql",
            SourceFormat::Dynamodb => "dynamodb",
        }
    }

    /// A human label for menus.
    pub fn label(self) -> &'static str {
        match self {
            SourceFormat::Sql => "SQL",
            SourceFormat::Dbml => "DBML",
            SourceFormat::Prisma => "Prisma schema",
            SourceFormat::Rails => "Rails schema.rb",
            SourceFormat::Mongodb => "MongoDB (mongosh)",
            SourceFormat::Cql => "Cassandra CQL",
            SourceFormat::Dynamodb => "DynamoDB",
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
            "mongodb" | "mongo" | "mongosh" => Ok(SourceFormat::Mongodb),
            "cql" | "cassandra" => Ok(SourceFormat::Cql),
            "dynamodb" | "dynamo" => Ok(SourceFormat::Dynamodb),
            other => Err(format!("unknown format `{other}` (expected sql, dbml, prisma, rails, mongodb, cql or dynamodb)")),
        }
    }
}
