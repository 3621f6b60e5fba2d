use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A SQL dialect: the one set of names used by the CLI (`--dialect`), the UI selector and the
/// project file. PostgreSQL-family (CockroachDB, YugabyteDB, TimescaleDB) import as `Postgres`,
/// MySQL-family (MariaDB, TiDB) as `Mysql`.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    Postgres,
    Mysql,
    Sqlite,
    Mssql,
    Oracle,
    Clickhouse,
    Duckdb,
    Snowflake,
    #[default]
    Generic,
}

impl Dialect {
    /// The dialects erdsmith writes SQL and migrations for: the export menu's SQL entries and the
    /// migration and comparison panels' targets (one list; the others are read, not written).
    pub const WRITTEN: [Dialect; 5] = [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite, Dialect::Mssql, Dialect::Oracle];

    /// `self` when erdsmith writes migrations for it, else PostgreSQL (the plan a schema of
    /// another engine gets by default).
    pub fn written(self) -> Dialect {
        if Self::WRITTEN.contains(&self) { self } else { Dialect::Postgres }
    }

    pub const ALL: [Dialect; 9] = [
        Dialect::Postgres,
        Dialect::Mysql,
        Dialect::Sqlite,
        Dialect::Mssql,
        Dialect::Oracle,
        Dialect::Clickhouse,
        Dialect::Duckdb,
        Dialect::Snowflake,
        Dialect::Generic,
    ];

    /// The CLI / project-file name.
    pub fn as_str(self) -> &'static str {
        match self {
            Dialect::Postgres => "postgres",
            Dialect::Mysql => "mysql",
            Dialect::Sqlite => "sqlite",
            Dialect::Mssql => "mssql",
            Dialect::Oracle => "oracle",
            Dialect::Clickhouse => "clickhouse",
            Dialect::Duckdb => "duckdb",
            Dialect::Snowflake => "snowflake",
            Dialect::Generic => "generic",
        }
    }

    /// A human label for menus.
    pub fn label(self) -> &'static str {
        match self {
            Dialect::Postgres => "PostgreSQL",
            Dialect::Mysql => "MySQL / MariaDB",
            Dialect::Sqlite => "SQLite",
            Dialect::Mssql => "SQL Server",
            Dialect::Oracle => "Oracle",
            Dialect::Clickhouse => "ClickHouse",
            Dialect::Duckdb => "DuckDB",
            Dialect::Snowflake => "Snowflake",
            Dialect::Generic => "Generic SQL",
        }
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Dialect {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let d = match s.to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" | "pg" | "cockroachdb" | "yugabytedb" | "timescaledb" => {
                Dialect::Postgres
            }
            "mysql" | "mariadb" | "tidb" => Dialect::Mysql,
            "sqlite" | "sqlite3" => Dialect::Sqlite,
            "mssql" | "sqlserver" | "tsql" => Dialect::Mssql,
            "oracle" => Dialect::Oracle,
            "clickhouse" => Dialect::Clickhouse,
            "duckdb" => Dialect::Duckdb,
            "snowflake" => Dialect::Snowflake,
            "generic" | "ansi" => Dialect::Generic,
            other => {
                let names: Vec<_> = Dialect::ALL.iter().map(|d| d.as_str()).collect();
                return Err(format!("unknown dialect `{other}` (expected one of {})", names.join(", ")));
            }
        };
        Ok(d)
    }
}

#[cfg(test)]
mod tests {
    use super::Dialect;

    #[test]
    fn a_dialect_is_written_as_itself_or_as_postgres() {
        for d in Dialect::ALL {
            let w = d.written();
            assert!(Dialect::WRITTEN.contains(&w));
            assert_eq!(w == d, Dialect::WRITTEN.contains(&d), "{d:?}");
        }
        assert_eq!(Dialect::Clickhouse.written(), Dialect::Postgres);
    }
}
