//! Partitioning advice: which large, time-keyed tables to range-partition by their time
//! column, with a retention suggestion and the DDL for PostgreSQL, MySQL and Oracle.
//!
//! Row estimates come from hint comments in the DDL, one clear syntax:
//!
//! ```sql
//! -- erdsmith:rows 50M
//! CREATE TABLE events (id bigint, created_at timestamptz NOT NULL, payload jsonb);
//! ```
//!
//! The comment belongs to the statement it is written in, or, between statements, to the one
//! it ends the line of, else to the next one (as `erdsmith:ignore`). The number may be written
//! `50000000`, `50_000_000`, `50,000,000`, `5e7`, `2.5e9` or with a suffix `k`, `M`, `G`/`B`
//! (billion), `T`. The model has no row count of its own, so these hints are the only source;
//! the CLI reads them into `AnalysisConfig::row_estimates` ([`row_estimates`]) before the
//! review, and a UI can do the same with the text it holds.

use super::AnalysisConfig;
use crate::schema::{Column, Dialect, Schema, Table, TableId, TableKind, TypeKind};
use std::collections::BTreeMap;

/// The marker of a row-estimate comment.
pub const ROWS_MARKER: &str = "erdsmith:rows";

/// Reads a row count: `50000000`, `50_000_000`, `50,000,000`, `5e7`, `2.5e9`, `5M`, `1.2k`,
/// `3B`/`3G`, `1T`. `None` for anything else, a negative or a non-finite number.
pub fn parse_rows(text: &str) -> Option<u64> {
    let t: String = text.trim().chars().filter(|c| *c != '_' && *c != ',').collect();
    let head = t.get(..t.len().saturating_sub(1)).unwrap_or("");
    let (digits, scale) = match t.chars().last()? {
        'k' | 'K' => (head, 1e3),
        'm' | 'M' => (head, 1e6),
        'g' | 'G' | 'b' | 'B' => (head, 1e9),
        't' | 'T' => (head, 1e12),
        _ => (t.as_str(), 1.0),
    };
    if digits.is_empty() || !digits.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let value = digits.parse::<f64>().ok()? * scale;
    (0.0..1.8e19).contains(&value).then(|| value.round() as u64)
}

/// The row estimate of every table a `-- erdsmith:rows N` comment of `text` belongs to (see
/// the module doc); a comment that names no number, or belongs to no table, is skipped.
pub fn row_estimates(text: &str, schema: &Schema) -> BTreeMap<TableId, u64> {
    let mut out = BTreeMap::new();
    for (_, body, (start, end)) in super::suppress::marked_comments(text, schema.dialect, ROWS_MARKER) {
        let Some(rest) = body.trim_start().strip_prefix(ROWS_MARKER) else { continue };
        let word = rest.trim_start_matches([' ', '\t', '=', ':']).split_whitespace().next().unwrap_or("");
        let Some(rows) = parse_rows(word) else { continue };
        let table = schema.tables.iter().find(|t| t.span.is_some_and(|s| start <= s.start && s.start < end));
        if let Some(t) = table {
            out.insert(t.id, rows);
        }
    }
    out
}

/// Column names that say "when this row happened", best first.
const TIME_NAMES: &[&str] = &[
    "created_at", "occurred_at", "inserted_at", "recorded_at", "logged_at", "happened_at", "event_time", "event_at",
    "timestamp", "ts", "time", "created", "created_on", "date", "day", "at",
];

fn is_time(c: &Column) -> bool {
    matches!(c.data_type.kind, TypeKind::Timestamp { .. } | TypeKind::Date)
}

/// The column to range-partition `t` by: the first time-typed column of its primary key or of
/// an index (queries already range over it), else the best-named time-typed column.
pub fn time_column(t: &Table) -> Option<&Column> {
    let keyed = t
        .primary_key
        .iter()
        .flat_map(|pk| pk.columns.iter().copied())
        .chain(t.indexes.iter().filter(|ix| ix.predicate.is_none()).flat_map(|ix| ix.leading_columns().take(1)))
        .filter_map(|id| t.column(id))
        .find(|c| is_time(c));
    keyed.or_else(|| {
        TIME_NAMES
            .iter()
            .find_map(|n| t.columns.iter().find(|c| is_time(c) && c.name.eq_ignore_ascii_case(n)))
            .or_else(|| t.columns.iter().find(|c| is_time(c) && (c.name.to_ascii_lowercase().ends_with("_at") || c.name.to_ascii_lowercase().ends_with("_time"))))
    })
}

/// Whether `t` is partitioned already (PostgreSQL `PARTITION BY`, MySQL/Oracle partition
/// clauses kept in its options) or is a partition.
pub fn is_partitioned(t: &Table) -> bool {
    t.kind == TableKind::Partitioned
        || t.kind == TableKind::Partition
        || t.parent.is_some()
        || t.text.options.as_deref().is_some_and(|o| o.to_ascii_uppercase().contains("PARTITION BY"))
}

/// A table to range-partition by time.
#[derive(Clone, Debug, PartialEq)]
pub struct PartitionCandidate {
    pub table: TableId,
    pub column: String,
    pub rows: u64,
    /// Partition width: `month`, or `day` from a billion rows.
    pub interval: &'static str,
    /// How many partitions to keep online.
    pub retention: &'static str,
    /// 0..1, and why.
    pub confidence: f64,
    pub why: String,
}

/// The tables of at least `thresholds.partition_rows` estimated rows with a time column that
/// are not partitioned, in schema order.
pub fn candidates(schema: &Schema, config: &AnalysisConfig) -> Vec<PartitionCandidate> {
    let threshold = config.thresholds.partition_rows;
    schema
        .tables
        .iter()
        .filter(|t| !is_partitioned(t))
        .filter_map(|t| {
            let rows = *config.row_estimates.get(&t.id)?;
            if rows < threshold {
                return None;
            }
            let col = time_column(t)?;
            let keyed = t.primary_key.iter().any(|pk| pk.columns.contains(&col.id))
                || t.indexes.iter().any(|ix| ix.leading_columns().next() == Some(col.id));
            let named = TIME_NAMES.iter().any(|n| col.name.eq_ignore_ascii_case(n));
            let (confidence, why) = match (keyed, named) {
                (true, _) => (0.9, format!("`{}` leads a key or index, so queries already range over it", col.name)),
                (false, true) => (0.7, format!("`{}` is named as the time a row happened; no index leads with it yet", col.name)),
                (false, false) => (0.5, format!("`{}` is the only time column found", col.name)),
            };
            let daily = rows >= 1_000_000_000;
            Some(PartitionCandidate {
                table: t.id,
                column: col.name.clone(),
                rows,
                interval: if daily { "day" } else { "month" },
                retention: if daily { "90 daily partitions" } else { "13 monthly partitions" },
                confidence,
                why,
            })
        })
        .collect()
}

fn quoted(name: &str) -> String {
    if name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') && !name.starts_with(|c: char| c.is_ascii_digit()) {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}

fn mysql_quoted(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// `name` in `t`'s schema (a partition or a copy lives beside its table), quoted by `quote`.
fn in_schema(t: &Table, name: &str, quote: fn(&str) -> String) -> String {
    match &t.schema {
        Some(schema) => format!("{}.{}", quote(schema), quote(name)),
        None => quote(name),
    }
}

/// The DDL that range-partitions `t` by `column` in `dialect` (PostgreSQL, MySQL or
/// Oracle; `None` for the others), one statement per line, with the first partitions written
/// out as examples (`2026-01`, `2026-02`) and a catch-all.
pub fn ddl(t: &Table, c: &PartitionCandidate, dialect: Dialect) -> Option<String> {
    let pk: Vec<&str> = t.primary_key.iter().flat_map(|pk| pk.columns.iter()).filter_map(|id| t.column(*id)).map(|c| c.name.as_str()).collect();
    let needs_col = !pk.iter().any(|n| n.eq_ignore_ascii_case(&c.column));
    match dialect {
        Dialect::Postgres => {
            let (name, col) = (in_schema(t, &t.name, quoted), quoted(&c.column));
            let new = in_schema(t, &format!("{}_partitioned", t.name), quoted);
            let mut lines = vec![format!(
                "CREATE TABLE {new} (LIKE {name} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED) PARTITION BY RANGE ({col});"
            )];
            if !pk.is_empty() {
                let mut keys: Vec<String> = pk.iter().map(|n| quoted(n)).collect();
                if needs_col {
                    keys.push(col.clone());
                }
                lines.push(format!("ALTER TABLE {new} ADD PRIMARY KEY ({});", keys.join(", ")));
            }
            for (suffix, from, to) in [("2026_01", "2026-01-01", "2026-02-01"), ("2026_02", "2026-02-01", "2026-03-01")] {
                let part = in_schema(t, &format!("{}_p{suffix}", t.name), quoted);
                lines.push(format!("CREATE TABLE {part} PARTITION OF {new} FOR VALUES FROM ('{from}') TO ('{to}');"));
            }
            lines.push(format!("CREATE TABLE {} PARTITION OF {new} DEFAULT;", in_schema(t, &format!("{}_default", t.name), quoted)));
            Some(lines.join("\n"))
        }
        Dialect::Mysql => {
            let (name, col) = (in_schema(t, &t.name, mysql_quoted), mysql_quoted(&c.column));
            let timestamp = t.column_by_name(&c.column).is_some_and(|x| x.data_type.raw.to_ascii_lowercase().starts_with("timestamp"));
            // RANGE COLUMNS takes DATE and DATETIME; a TIMESTAMP goes through UNIX_TIMESTAMP().
            let by = if timestamp { format!("RANGE (UNIX_TIMESTAMP({col}))") } else { format!("RANGE COLUMNS ({col})") };
            let bound = |d: &str| if timestamp { format!("UNIX_TIMESTAMP('{d}')") } else { format!("'{d}'") };
            let mut lines = Vec::new();
            if needs_col && !pk.is_empty() {
                let mut keys: Vec<String> = pk.iter().map(|n| mysql_quoted(n)).collect();
                keys.push(col.clone());
                lines.push(format!("ALTER TABLE {name} DROP PRIMARY KEY, ADD PRIMARY KEY ({});", keys.join(", ")));
            }
            lines.push(format!(
                "ALTER TABLE {name} PARTITION BY {by} (PARTITION p2026_01 VALUES LESS THAN ({}), PARTITION p2026_02 VALUES LESS THAN ({}), PARTITION pmax VALUES LESS THAN (MAXVALUE));",
                bound("2026-02-01"),
                bound("2026-03-01")
            ));
            Some(lines.join("\n"))
        }
        Dialect::Oracle => {
            let (name, col) = (in_schema(t, &t.name, quoted), quoted(&c.column));
            let step = if c.interval == "day" { "NUMTODSINTERVAL(1, 'DAY')" } else { "NUMTOYMINTERVAL(1, 'MONTH')" };
            Some(format!(
                "ALTER TABLE {name} MODIFY PARTITION BY RANGE ({col}) INTERVAL ({step}) (PARTITION p_start VALUES LESS THAN (DATE '2026-01-01')) ONLINE;"
            ))
        }
        _ => None,
    }
}

/// The engines [`ddl`] writes for, in the order the advice lists them.
pub const DDL_DIALECTS: [Dialect; 3] = [Dialect::Postgres, Dialect::Mysql, Dialect::Oracle];

/// `rows` as the hint writes it: `50M`, `2B`, `1500k`, else the digits.
pub fn rows_word(rows: u64) -> String {
    match rows {
        0 => "0".into(),
        r if r % 1_000_000_000 == 0 => format!("{}B", r / 1_000_000_000),
        r if r % 1_000_000 == 0 => format!("{}M", r / 1_000_000),
        r if r % 1_000 == 0 => format!("{}k", r / 1_000),
        r => r.to_string(),
    }
}

/// `text` with the row estimate of `table` set to `rows` — a `-- erdsmith:rows N` line put
/// before its statement, any hint it had taken away — or with no estimate (`None`). `None` when
/// the text cannot say it: the table has no statement in the text, or the source is not SQL.
pub fn with_row_hint(text: &str, schema: &Schema, table: TableId, rows: Option<u64>) -> Option<String> {
    if !schema.source.is_sql() {
        return None;
    }
    let at = schema.table(table)?.span?.start as usize;
    let line_start = |i: usize| text.get(..i).and_then(|h| h.rfind('\n')).map_or(0, |n| n + 1);
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for (span, body, (s, e)) in super::suppress::marked_comments(text, schema.dialect, ROWS_MARKER) {
        if !(body.trim_start().starts_with(ROWS_MARKER) && s as usize <= at && at < e as usize) {
            continue;
        }
        let (a, b) = (span.start as usize, span.end as usize);
        let ls = line_start(a);
        let alone_before = text.get(ls..a).is_some_and(|h| h.trim().is_empty());
        let rest_of_line = text.get(b..).map_or(0, |r| r.find('\n').unwrap_or(r.len()));
        let alone_after = text.get(b..b + rest_of_line).is_some_and(|t| t.trim().is_empty());
        if alone_before && alone_after {
            // The whole line, with its line break.
            let end = (b + rest_of_line + 1).min(text.len());
            edits.push((ls, end, String::new()));
        } else {
            // After the statement on its line: the comment and the blanks before it.
            let lead = text.get(..a).map_or(0, |h| h.len() - h.trim_end_matches([' ', '\t']).len());
            edits.push((a - lead, b, String::new()));
        }
    }
    if let Some(n) = rows {
        let ls = line_start(at);
        let indent = text.get(ls..at).filter(|h| h.trim().is_empty()).unwrap_or("");
        // Before a statement that starts a line; else on its own line after what precedes it.
        let insert = if text.get(ls..at).is_some_and(|h| h.trim().is_empty()) {
            (ls, format!("-- {ROWS_MARKER} {}\n", rows_word(n)))
        } else {
            (at, format!("\n{indent}-- {ROWS_MARKER} {}\n", rows_word(n)))
        };
        edits.push((insert.0, insert.0, insert.1));
    }
    edits.sort_by(|x, y| y.0.cmp(&x.0).then(y.1.cmp(&x.1)));
    let mut out = text.to_string();
    for (a, b, with) in edits {
        if a <= b && b <= out.len() && out.is_char_boundary(a) && out.is_char_boundary(b) {
            out.replace_range(a..b, &with);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::{candidates, ddl, parse_rows, row_estimates, time_column};
    use crate::analysis::AnalysisConfig;
    use crate::import::{ImportOptions, import};
    use crate::schema::Dialect;

    #[test]
    fn row_counts_read_every_documented_spelling() {
        for (text, rows) in [
            ("50000000", 50_000_000),
            ("50_000_000", 50_000_000),
            ("50,000,000", 50_000_000),
            ("5e7", 50_000_000),
            ("2.5e9", 2_500_000_000),
            ("5M", 5_000_000),
            ("1.5k", 1_500),
            ("3B", 3_000_000_000),
            ("2G", 2_000_000_000),
            ("1T", 1_000_000_000_000),
        ] {
            assert_eq!(parse_rows(text), Some(rows), "{text}");
        }
        for bad in ["", "M", "-5", "lots", "1e99", "NaN", "inf"] {
            assert_eq!(parse_rows(bad), None, "{bad}");
        }
    }

    const EVENTS: &str = "-- erdsmith:rows 50M\nCREATE TABLE events (id bigint PRIMARY KEY, created_at timestamptz NOT NULL, body text);\n\
        CREATE TABLE users (id bigint PRIMARY KEY, created_at timestamptz); -- erdsmith:rows=2.5e9\n\
        CREATE TABLE small (id int PRIMARY KEY, at timestamptz); /* erdsmith:rows 1000 */\n\
        CREATE TABLE notime (id int PRIMARY KEY, n int); -- erdsmith:rows 1e8\n-- erdsmith:rows 1e8\n\
        CREATE TABLE parted (id int, ts timestamptz) PARTITION BY RANGE (ts);\n-- erdsmith:rows 7 (belongs to no table)\n";

    #[test]
    fn hints_belong_to_their_statement_and_only_large_time_keyed_unpartitioned_tables_qualify() {
        let s = import(EVENTS, &ImportOptions { dialect: Some(Dialect::Postgres), ..Default::default() }).schema;
        let config = AnalysisConfig { row_estimates: row_estimates(EVENTS, &s), ..Default::default() };
        let by_name: Vec<(String, u64)> = config.row_estimates.iter().filter_map(|(id, n)| Some((s.table(*id)?.name.clone(), *n))).collect();
        assert_eq!(
            by_name,
            [("events".into(), 50_000_000), ("users".into(), 2_500_000_000), ("small".into(), 1000), ("notime".into(), 100_000_000), ("parted".into(), 100_000_000)]
        );
        let got: Vec<(String, String, &str)> =
            candidates(&s, &config).iter().filter_map(|c| Some((s.table(c.table)?.name.clone(), c.column.clone(), c.interval))).collect();
        assert_eq!(got, [("events".into(), "created_at".into(), "month"), ("users".into(), "created_at".into(), "day")]);
    }

    #[test]
    fn the_time_column_prefers_the_one_a_key_leads_with() {
        let s = import(
            "CREATE TABLE m (created_at timestamp, sensor int, ts timestamp, PRIMARY KEY (sensor, ts));\nCREATE TABLE n (note text, logged_at datetime);",
            &ImportOptions { dialect: Some(Dialect::Mysql), ..Default::default() },
        )
        .schema;
        let names: Vec<Option<String>> = s.tables.iter().map(|t| time_column(t).map(|c| c.name.clone())).collect();
        assert_eq!(names, [Some("ts".to_string()), Some("logged_at".to_string())]);
    }

    #[test]
    fn ddl_for_each_engine_keeps_the_time_column_in_the_primary_key() {
        let s = import(EVENTS, &ImportOptions { dialect: Some(Dialect::Postgres), ..Default::default() }).schema;
        let config = AnalysisConfig { row_estimates: row_estimates(EVENTS, &s), ..Default::default() };
        let c = candidates(&s, &config).into_iter().next().expect("events");
        let t = s.table(c.table).expect("table");
        let pg = ddl(t, &c, Dialect::Postgres).unwrap_or_default();
        assert!(pg.contains("PARTITION BY RANGE (created_at)") && pg.contains("ADD PRIMARY KEY (id, created_at)"), "{pg}");
        let my = ddl(t, &c, Dialect::Mysql).unwrap_or_default();
        assert!(my.contains("RANGE (UNIX_TIMESTAMP(`created_at`))") && my.contains("ADD PRIMARY KEY (`id`, `created_at`)"), "{my}");
        let ora = ddl(t, &c, Dialect::Oracle).unwrap_or_default();
        assert!(ora.contains("INTERVAL (NUMTOYMINTERVAL(1, 'MONTH'))"), "{ora}");
        assert_eq!(ddl(t, &c, Dialect::Sqlite), None);
    }
}
