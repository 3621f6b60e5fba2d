//! Columns per table, counted independently of the importer: each CREATE TABLE statement the
//! importer found is parsed again by sqlparser (a different parser, in the file's dialect), and
//! where sqlparser reads it, its column names must be the importer's, in order.

use crate::support;
use erdsmith::import::{import, ImportOptions};
use erdsmith::schema::Dialect;
use sqlparser::ast::Statement;
use sqlparser::parser::Parser;

fn parser_dialect(d: Dialect) -> Box<dyn sqlparser::dialect::Dialect> {
    use sqlparser::dialect as sp;
    match d {
        Dialect::Postgres => Box::new(sp::PostgreSqlDialect {}),
        Dialect::Mysql => Box::new(sp::MySqlDialect {}),
        Dialect::Sqlite => Box::new(sp::SQLiteDialect {}),
        Dialect::Mssql => Box::new(sp::MsSqlDialect {}),
        Dialect::Oracle => Box::new(sp::OracleDialect {}),
        Dialect::Clickhouse => Box::new(sp::ClickHouseDialect {}),
        Dialect::Duckdb => Box::new(sp::DuckDbDialect {}),
        Dialect::Snowflake => Box::new(sp::SnowflakeDialect {}),
        Dialect::Generic => Box::new(sp::GenericDialect {}),
    }
}

#[test]
fn corpus_columns_match_sqlparser() {
    let mut report = Vec::new();
    let mut mismatches = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(support::corpus_dir())
        .expect("corpus dir")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.ends_with(".sql"))
        .collect();
    files.sort();
    for file in files {
        let text = support::corpus(&file);
        let r = import(&text, &ImportOptions::default());
        let dialect = parser_dialect(r.detected.dialect);
        let (mut checked, mut unparsed) = (0, 0);
        for t in &r.schema.tables {
            let Some(span) = t.span else { continue };
            let stmt = &text[span.start as usize..span.end as usize];
            let parsed = Parser::parse_sql(dialect.as_ref(), stmt)
                .or_else(|_| Parser::parse_sql(&sqlparser::dialect::GenericDialect {}, stmt))
                .or_else(|e| head_and_columns(stmt).ok_or(e).and_then(|h| Parser::parse_sql(dialect.as_ref(), &h)));
            let Ok(parsed) = parsed else {
                unparsed += 1;
                continue;
            };
            let Some(Statement::CreateTable(ct)) = parsed.into_iter().next() else {
                unparsed += 1;
                continue;
            };
            if ct.columns.is_empty() {
                unparsed += 1;
                continue;
            }
            checked += 1;
            let theirs: Vec<String> = ct.columns.iter().map(|c| c.name.value.to_lowercase()).collect();
            // Columns defined in this statement (ALTER TABLE … ADD may add more later).
            let ours: Vec<String> = t
                .columns
                .iter()
                .filter(|c| c.span.is_some_and(|s| s.start >= span.start && s.end <= span.end))
                .map(|c| c.name.to_lowercase())
                .collect();
            if theirs != ours {
                mismatches.push(format!("{file}: {}: sqlparser {theirs:?}\n    erdsmith {ours:?}", t.name));
            }
        }
        report.push(format!("{file}: {checked} tables checked, {unparsed} not read by sqlparser"));
    }
    println!("{}", report.join("\n"));
    assert!(mismatches.is_empty(), "{} tables differ:\n{}", mismatches.len(), mismatches.join("\n"));
}

/// `CREATE TABLE name (…)` cut after the column list's closing parenthesis: table options
/// (storage, engines, partitioning) that sqlparser does not know are left out. The scan skips
/// quotes and comments; it shares no code with the importer.
fn head_and_columns(stmt: &str) -> Option<String> {
    let b = stmt.as_bytes();
    let (mut i, mut depth, mut open) = (0, 0i32, None);
    while i < b.len() {
        match b[i] {
            q @ (b'\'' | b'"' | b'`') => {
                i += 1;
                while i < b.len() && b[i] != q {
                    i += 1;
                }
            }
            b'[' if open.is_none() || depth > 0 => {
                while i < b.len() && b[i] != b']' {
                    i += 1;
                }
            }
            b'-' if b.get(i + 1) == Some(&b'-') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'(' => {
                open.get_or_insert(i);
                depth += 1;
            }
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(stmt[..=i].to_string());
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}
