#![doc = include_str!("partition_large_time_table.md")]

use super::{Ctx, Rule};
use crate::analysis::partitioning::{self, DDL_DIALECTS};
use crate::analysis::walk::finding;
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;

const DOC: &str = include_str!("partition_large_time_table.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "partition-large-time-table",
        severity: Severity::Info,
        summary: "Large time-keyed table is not partitioned by time",
        category: Category::Scale,
        fix: FixSafety::None,
        doc: DOC,
    },
    check,
};

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for c in partitioning::candidates(cx.schema, cx.config) {
        let Some(t) = cx.schema.table(c.table) else { continue };
        let ddl: Vec<String> = DDL_DIALECTS
            .iter()
            .filter_map(|d| Some(format!("{}: {}", d.label(), partitioning::ddl(t, &c, *d)?.replace('\n', " "))))
            .collect();
        let mut f = finding(
            &RULE.info,
            t,
            format!(
                "`{}` holds about {} rows and is keyed by time: range-partition it by `{}` (one partition per {}; confidence {:.2}: {})",
                t.name,
                human(c.rows),
                c.column,
                c.interval,
                c.confidence,
                c.why
            ),
            format!(
                "keep {} online and drop or detach older partitions instead of DELETE; {}",
                c.retention,
                ddl.join(" — ")
            ),
        );
        f.columns = t.column_by_name(&c.column).map(|col| vec![col.id]).unwrap_or_default();
        out.push(f);
    }
}

/// `50M`, `2.5B`, `12k` (rounded to what the estimate can claim).
fn human(rows: u64) -> String {
    let (value, unit) = match rows {
        r if r >= 1_000_000_000 => (r as f64 / 1e9, "B"),
        r if r >= 1_000_000 => (r as f64 / 1e6, "M"),
        r if r >= 1_000 => (r as f64 / 1e3, "k"),
        r => (r as f64, ""),
    };
    let text = format!("{value:.1}");
    format!("{}{unit}", text.strip_suffix(".0").unwrap_or(&text))
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::partitioning::row_estimates;
    use crate::analysis::testkit::run_with;
    use crate::analysis::{AnalysisConfig, check};
    use crate::import::{ImportOptions, import};
    use crate::schema::{Dialect, SourceFormat};

    fn run(text: &str, dialect: Dialect, config: AnalysisConfig) -> Vec<String> {
        let s = import(text, &ImportOptions { dialect: Some(dialect), ..Default::default() }).schema;
        let config = AnalysisConfig { row_estimates: row_estimates(text, &s), ..config };
        run_with(&RULE, &s, &config)
    }

    const EVENTS: &str = "-- erdsmith:rows 5e7\nCREATE TABLE events (id bigint PRIMARY KEY, created_at timestamptz NOT NULL, body text);\nCREATE INDEX ON events (created_at);\n";

    #[test]
    fn flags_a_large_time_keyed_table_with_ddl_for_three_engines() {
        let got = run(EVENTS, Dialect::Postgres, AnalysisConfig::default());
        assert_eq!(
            got,
            ["events: created_at: `events` holds about 50M rows and is keyed by time: range-partition it by `created_at` (one partition per month; confidence 0.90: `created_at` leads a key or index, so queries already range over it)"]
        );
        let s = import(EVENTS, &ImportOptions { dialect: Some(Dialect::Postgres), ..Default::default() }).schema;
        let config = AnalysisConfig { row_estimates: row_estimates(EVENTS, &s), ..Default::default() };
        let f = crate::analysis::testkit::findings(&RULE, &s, &config);
        let help = f.first().map(|f| f.help.as_str()).unwrap_or_default();
        for needle in ["keep 13 monthly partitions online", "PostgreSQL: CREATE TABLE events_partitioned", "MySQL / MariaDB: ALTER TABLE `events`", "Oracle: ALTER TABLE events MODIFY PARTITION BY RANGE"] {
            assert!(help.contains(needle), "{needle}: {help}");
        }
    }

    #[test]
    fn small_unhinted_partitioned_or_timeless_tables_are_clean() {
        // Below the threshold, then above a raised threshold.
        assert!(run(&EVENTS.replace("5e7", "9M"), Dialect::Postgres, AnalysisConfig::default()).is_empty());
        let mut raised = AnalysisConfig::default();
        raised.thresholds.partition_rows = 100_000_000;
        assert!(run(EVENTS, Dialect::Postgres, raised).is_empty());
        assert!(run(&EVENTS.replace("-- erdsmith:rows 5e7\n", ""), Dialect::Postgres, AnalysisConfig::default()).is_empty());
        assert!(run("-- erdsmith:rows 1B\nCREATE TABLE e (id int, ts timestamptz) PARTITION BY RANGE (ts);", Dialect::Postgres, AnalysisConfig::default()).is_empty());
        assert!(run("-- erdsmith:rows 1B\nCREATE TABLE e (id int, ts datetime) PARTITION BY RANGE COLUMNS (ts) (PARTITION p VALUES LESS THAN (MAXVALUE));", Dialect::Mysql, AnalysisConfig::default()).is_empty());
        assert!(run("-- erdsmith:rows 1B\nCREATE TABLE k (id int PRIMARY KEY, v text);", Dialect::Postgres, AnalysisConfig::default()).is_empty());
    }

    #[test]
    fn off_switch_and_nosql_sources_are_respected() {
        let s = import(EVENTS, &ImportOptions { dialect: Some(Dialect::Postgres), ..Default::default() }).schema;
        let mut config = AnalysisConfig { row_estimates: row_estimates(EVENTS, &s), ..Default::default() };
        assert!(check(&s, &config).iter().any(|f| f.rule == RULE.info.id));
        config.set_enabled(RULE.info.id, false);
        assert!(!check(&s, &config).iter().any(|f| f.rule == RULE.info.id));
        let mut nosql = s.clone();
        nosql.source = SourceFormat::Cql;
        config.set_enabled(RULE.info.id, true);
        assert!(!check(&nosql, &config).iter().any(|f| f.rule == RULE.info.id));
    }
}
