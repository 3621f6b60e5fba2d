//! Dialect detection: weighted counts of characteristic spellings.

use super::Detection;
use crate::schema::{Dialect, SourceFormat};

/// (needle in lowercase text, dialect, weight).
const SIGNALS: &[(&str, Dialect, f32)] = &[
    ("\\connect", Dialect::Postgres, 5.0),
    ("\n\\c ", Dialect::Postgres, 5.0),
    ("double precision", Dialect::Postgres, 0.5),
    ("::regclass", Dialect::Postgres, 3.0),
    ("set search_path", Dialect::Postgres, 5.0),
    ("pg_catalog", Dialect::Postgres, 3.0),
    ("owner to", Dialect::Postgres, 3.0),
    ("from stdin", Dialect::Postgres, 5.0),
    ("nextval(", Dialect::Postgres, 2.0),
    ("::", Dialect::Postgres, 0.5),
    ("$$", Dialect::Postgres, 1.0),
    ("plpgsql", Dialect::Postgres, 3.0),
    ("character varying", Dialect::Postgres, 1.0),
    ("timestamptz", Dialect::Postgres, 1.0),
    ("jsonb", Dialect::Postgres, 1.0),
    ("bytea", Dialect::Postgres, 1.0),
    (" serial", Dialect::Postgres, 1.0),
    ("create extension", Dialect::Postgres, 3.0),
    ("create_hypertable", Dialect::Postgres, 3.0),
    (" as enum", Dialect::Postgres, 3.0),
    ("`", Dialect::Mysql, 1.5),
    ("engine=", Dialect::Mysql, 3.0),
    ("engine =", Dialect::Mysql, 1.0),
    ("auto_increment", Dialect::Mysql, 2.0),
    ("/*!4", Dialect::Mysql, 3.0),
    ("\ndelimiter ", Dialect::Mysql, 3.0),
    (" unsigned", Dialect::Mysql, 1.0),
    ("charset=", Dialect::Mysql, 2.0),
    ("lock tables", Dialect::Mysql, 2.0),
    ("innodb", Dialect::Mysql, 3.0),
    ("autoincrement", Dialect::Sqlite, 2.0),
    ("without rowid", Dialect::Sqlite, 4.0),
    ("pragma ", Dialect::Sqlite, 3.0),
    ("sqlite", Dialect::Sqlite, 2.0),
    // SQLite's rowid alias; other engines spell it `int … primary key` or with an identity.
    ("integer primary key", Dialect::Sqlite, 1.5),
    ("\ngo\n", Dialect::Mssql, 3.0),
    ("\ngo\r\n", Dialect::Mssql, 3.0),
    ("[dbo]", Dialect::Mssql, 3.0),
    ("nvarchar", Dialect::Mssql, 0.5),
    ("nvarchar(max)", Dialect::Mssql, 3.0),
    ("datetime2", Dialect::Mssql, 2.0),
    ("uniqueidentifier", Dialect::Mssql, 2.0),
    ("identity(", Dialect::Mssql, 1.0),
    ("set ansi_nulls", Dialect::Mssql, 4.0),
    ("nonclustered", Dialect::Mssql, 2.0),
    ("on [primary]", Dialect::Mssql, 4.0),
    (":setvar", Dialect::Mssql, 4.0),
    ("with check add", Dialect::Mssql, 3.0),
    ("varchar2", Dialect::Oracle, 3.0),
    ("number(", Dialect::Oracle, 1.0),
    ("\n/\n", Dialect::Oracle, 2.0),
    ("sysdate", Dialect::Oracle, 2.0),
    ("nvarchar2", Dialect::Oracle, 2.0),
    ("tablespace", Dialect::Oracle, 0.5),
    ("execute immediate", Dialect::Oracle, 2.0),
    ("nocache", Dialect::Oracle, 0.5),
    ("mergetree", Dialect::Clickhouse, 5.0),
    ("on cluster", Dialect::Clickhouse, 3.0),
    ("lowcardinality(", Dialect::Clickhouse, 3.0),
    ("nullable(", Dialect::Clickhouse, 2.0),
    ("datetime64", Dialect::Clickhouse, 2.0),
    ("uint64", Dialect::Clickhouse, 2.0),
    ("uint32", Dialect::Clickhouse, 2.0),
    ("index_granularity", Dialect::Clickhouse, 3.0),
    ("create warehouse", Dialect::Snowflake, 4.0),
    ("create or replace warehouse", Dialect::Snowflake, 4.0),
    ("use warehouse", Dialect::Snowflake, 4.0),
    ("warehouse_size", Dialect::Snowflake, 4.0),
    ("use role", Dialect::Snowflake, 4.0),
    ("file_format", Dialect::Snowflake, 3.0),
    ("copy into", Dialect::Snowflake, 2.0),
    ("create or replace stage", Dialect::Snowflake, 4.0),
    (" variant", Dialect::Snowflake, 1.0),
    ("install ", Dialect::Duckdb, 1.0),
    ("read_parquet", Dialect::Duckdb, 3.0),
    ("read_csv", Dialect::Duckdb, 3.0),
];

/// How much of the text detection reads: the schema part of a dump comes first.
const SAMPLE: usize = 256 * 1024;

/// The SQL dialect `text` most likely is, from weighted signals counted in its first `SAMPLE` bytes.
pub fn detect(text: &str) -> Detection {
    let sample = text.as_bytes().get(..text.len().min(SAMPLE)).unwrap_or_default();
    // One pass over the sample: at each byte, try only the needles starting with it.
    let mut by_first: [Vec<usize>; 256] = std::array::from_fn(|_| Vec::new());
    for (i, (needle, _, _)) in SIGNALS.iter().enumerate() {
        let Some(&b) = needle.as_bytes().first() else { continue };
        for first in [b, b.to_ascii_uppercase()] {
            if let Some(list) = by_first.get_mut(usize::from(first)) {
                list.push(i);
            }
        }
    }
    for list in by_first.iter_mut() {
        list.dedup();
    }
    let mut counts = [0u32; SIGNALS.len()];
    for (pos, &b) in sample.iter().enumerate() {
        for &i in by_first.get(usize::from(b)).into_iter().flatten() {
            let (Some((needle, _, _)), Some(count)) = (SIGNALS.get(i), counts.get_mut(i)) else { continue };
            let needle = needle.as_bytes();
            let hit = sample.get(pos..pos + needle.len()).is_some_and(|w| w.eq_ignore_ascii_case(needle));
            if hit {
                *count += 1;
            }
        }
    }
    let mut scores = [0f32; Dialect::ALL.len()];
    for ((_, dialect, weight), count) in SIGNALS.iter().zip(counts) {
        let n = count.min(20) as f32;
        if n > 0.0 {
            let d = Dialect::ALL.iter().position(|x| x == dialect).unwrap_or(0);
            // Diminishing returns: the first hit counts most.
            if let Some(score) = scores.get_mut(d) {
                *score += weight * (1.0 + n.ln());
            }
        }
    }
    let total: f32 = scores.iter().sum();
    let (best, score) = Dialect::ALL
        .iter()
        .zip(scores)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(d, s)| (*d, s))
        .unwrap_or((Dialect::Generic, 0.0));
    if score < 1.0 {
        return Detection { dialect: Dialect::Generic, confidence: 0.3, format: SourceFormat::Sql };
    }
    let share = score / total;
    let strength = (score / 10.0).min(1.0);
    Detection { dialect: best, confidence: (share * (0.5 + 0.5 * strength)).clamp(0.0, 1.0), format: SourceFormat::Sql }
}

/// A DynamoDB definition (CloudFormation/SAM resource types, a `create-table` input, a NoSQL
/// Workbench model), a mongosh script (`db.createCollection(`, `$jsonSchema`, `.createIndex(`)
/// or Cassandra CQL (`CREATE KEYSPACE`, `timeuuid`, `frozen<`, `CLUSTERING ORDER BY`, SASI/SAI
/// indexes outnumbering SQL's `CREATE` lines): spellings no SQL dialect, DBML, Prisma or Rails
/// file uses.
fn detect_nosql(sample: &str) -> Option<SourceFormat> {
    let json_or_yaml = sample.trim_start().starts_with('{') || sample.contains("AWSTemplateFormatVersion") || sample.contains("Resources:");
    let dynamo = sample.contains("AWS::DynamoDB::Table")
        || sample.contains("AWS::DynamoDB::GlobalTable")
        || sample.contains("AWS::Serverless::SimpleTable")
        || (json_or_yaml && sample.contains("\"KeySchema\"") && sample.contains("\"AttributeDefinitions\""))
        || (json_or_yaml && sample.contains("\"DataModel\"") && sample.contains("\"KeyAttributes\""));
    if dynamo {
        return Some(SourceFormat::Dynamodb);
    }
    let (mut sql, mut mongo, mut cql) = (0u32, 0u32, 0u32);
    for line in sample.lines() {
        let l = line.trim_start();
        let lower = l.to_ascii_lowercase();
        if l.starts_with("db.") || l.starts_with("db[") || l.starts_with("db = db.getSiblingDB") {
            mongo += 1;
        }
        if l.contains("createCollection(") || l.contains("$jsonSchema") || l.contains(".createIndex(") || l.contains("collMod") {
            mongo += 3;
        }
        if lower.starts_with("create keyspace") {
            cql += 10;
        }
        if lower.starts_with("create") || lower.starts_with("alter") {
            sql += 1;
        }
        if lower.contains(" timeuuid") || lower.contains("frozen<") || lower.contains("clustering order by") {
            cql += 2;
        }
        if lower.starts_with("create custom index") || lower.contains("sasiindex'") || lower.contains("'storageattachedindex'") {
            cql += 2;
        }
    }
    if mongo >= 4 && mongo > sql {
        Some(SourceFormat::Mongodb)
    } else if cql >= 4 && cql >= sql {
        Some(SourceFormat::Cql)
    } else {
        None
    }
}

/// Whether `text` is SQL, DBML, a Prisma schema or a Rails schema.rb: each line's first words
/// are counted (`Table x {`, `Ref:` for DBML; `model X {`, `datasource`, `@@` for Prisma;
/// `create_table "x"`, `t.string`, `ActiveRecord::Schema` for Rails) against SQL's `CREATE TABLE`.
pub fn detect_format(text: &str) -> SourceFormat {
    let sample = match text.char_indices().nth(SAMPLE) {
        Some((i, _)) => &text[..i],
        None => text,
    };
    if let Some(f) = detect_nosql(sample) {
        return f;
    }
    let (mut sql, mut dbml, mut prisma, mut rails) = (0u32, 0u32, 0u32, 0u32);
    for line in sample.lines() {
        let l = line.trim_start();
        let mut words = l.split_whitespace();
        let first = words.next().unwrap_or("");
        let second = words.next().unwrap_or("");
        let opens = l.trim_end().ends_with('{');
        let lower = first.to_ascii_lowercase();
        if lower == "create" || lower == "alter" {
            sql += 1;
        }
        match first {
            "Table" | "table" | "TableGroup" | "Enum" | "Project" if opens => dbml += 2,
            "Ref" | "ref" | "Ref:" | "ref:" => dbml += 2,
            "model" | "datasource" | "generator" if opens => prisma += 2,
            "enum" if opens && !second.starts_with('"') => {
                dbml += 1;
                prisma += 1;
            }
            "create_table" | "add_foreign_key" | "add_index" | "create_enum" | "enable_extension" | "create_join_table" => rails += 2,
            _ => {}
        }
        if first.starts_with("t.") && second.starts_with(['"', ':']) {
            rails += 1;
        }
        if l.starts_with("ActiveRecord::Schema") {
            rails += 10;
        }
        if l.starts_with("@@") {
            prisma += 1;
        }
        if l.contains(" @id") || l.contains(" @relation(") {
            prisma += 1;
        }
        if l.contains("[pk") || l.contains("[ref:") || l.contains("[primary key") {
            dbml += 1;
        }
    }
    let best = [(dbml, SourceFormat::Dbml), (prisma, SourceFormat::Prisma), (rails, SourceFormat::Rails)]
        .into_iter()
        .max_by_key(|(n, _)| *n)
        .unwrap_or((0, SourceFormat::Sql));
    if best.0 >= 2 && best.0 > sql * 2 { best.1 } else { SourceFormat::Sql }
}
