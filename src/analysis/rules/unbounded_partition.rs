#![doc = include_str!("unbounded_partition.md")]

use super::{Ctx, Rule};
use crate::analysis::walk::finding;
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;
use crate::schema::{Column, SourceFormat};

const DOC: &str = include_str!("unbounded_partition.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "unbounded-partition",
        severity: Severity::Warning,
        summary: "Cassandra time series partition without a time bucket",
        category: Category::Nosql,
        fix: FixSafety::None,
        doc: DOC,
    },
    check,
};

fn timelike(c: &Column) -> bool {
    let n = c.name.to_ascii_lowercase();
    matches!(c.data_type.raw.to_ascii_lowercase().as_str(), "timestamp" | "timeuuid" | "date" | "time")
        || ["ts", "time", "timestamp", "created", "created_at", "event_time"].contains(&n.as_str())
}

fn bucket(c: &Column) -> bool {
    let n = c.name.to_ascii_lowercase();
    c.data_type.raw.eq_ignore_ascii_case("date")
        || ["day", "date", "bucket", "month", "hour", "week", "year", "partition", "shard", "period"].iter().any(|b| n == *b || n.ends_with(&format!("_{b}")) || n.starts_with(&format!("{b}_")))
}

fn has_role(c: &Column, role: &str) -> bool {
    c.extra.iter().any(|x| x.starts_with(role))
}

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    if cx.schema.source != SourceFormat::Cql {
        return;
    }
    for t in &cx.schema.tables {
        let time = t.columns.iter().find(|c| has_role(c, "CLUSTERING KEY") && timelike(c));
        let bucketed = t.columns.iter().any(|c| has_role(c, "PARTITION KEY") && bucket(c));
        if let Some(time) = time
            && !bucketed
        {
            let mut f = finding(&RULE.info, t, format!("`{}` clusters by `{}` but its partition key has no time bucket: partitions grow without bound", t.name, time.name), "add a time bucket (day, month…) to the partition key");
            f.columns = vec![time.id];
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::testkit::{messages, nosql};
    use crate::schema::SourceFormat;

    #[test]
    fn flags_time_series_without_a_bucket() {
        let s = nosql(SourceFormat::Cql, "CREATE TABLE r (sensor uuid, ts timestamp, v double, PRIMARY KEY (sensor, ts));\nCREATE TABLE b (sensor uuid, day date, ts timestamp, PRIMARY KEY ((sensor, day), ts));\nCREATE TABLE k (a text, b text, PRIMARY KEY (a, b));");
        assert_eq!(messages(&RULE, &s), ["`r` clusters by `ts` but its partition key has no time bucket: partitions grow without bound"]);
    }
}
