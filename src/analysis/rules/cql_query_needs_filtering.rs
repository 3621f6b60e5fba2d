#![doc = include_str!("cql_query_needs_filtering.md")]

use super::{Ctx, Rule};
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;

const DOC: &str = include_str!("cql_query_needs_filtering.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "cql-query-needs-filtering",
        severity: Severity::Warning,
        summary: "A workload CQL query restricts columns its table's key and indexes do not serve, or a write names no rows by key",
        category: Category::Nosql,
        fix: FixSafety::None,
        doc: DOC,
    },
    check,
};

/// The workload review's findings of this rule (none without a workload or on another source).
fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    cx.access_findings(RULE.info.id, out);
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::testkit::{findings, nosql, workload_findings};
    use crate::analysis::AnalysisConfig;
    use crate::schema::{Schema, SourceFormat};

    const VIDEOS: &str = "CREATE KEYSPACE kv WITH replication = {'class': 'SimpleStrategy'};\n\
        CREATE TABLE kv.videos (videoid uuid PRIMARY KEY, userid uuid, name text, category text, tags set<text>, added_date timestamp);\n\
        CREATE INDEX ON kv.videos (userid);\n\
        CREATE CUSTOM INDEX videos_name ON kv.videos (name) USING 'StorageAttachedIndex';\n\
        CREATE INDEX ON kv.videos (tags);\n\
        CREATE TABLE kv.comments (videoid uuid, commentid timeuuid, userid uuid, comment text, PRIMARY KEY (videoid, commentid));\n\
        CREATE TABLE kv.activity (userid uuid, day date, kind text, ts timestamp, id timeuuid, note text, PRIMARY KEY ((userid, day), kind, ts, id));\n\
        CREATE TABLE kv.videos_by_category (category text, videoid uuid, name text, PRIMARY KEY (category, videoid));\n\
        CREATE MATERIALIZED VIEW kv.comments_by_user AS SELECT * FROM kv.comments WHERE userid IS NOT NULL AND commentid IS NOT NULL AND videoid IS NOT NULL PRIMARY KEY (userid, commentid, videoid);";

    /// The rule's messages for `workload` over `schema`.
    fn run(s: &Schema, workload: &str) -> Vec<String> {
        workload_findings(&RULE, s, workload).into_iter().map(|f| f.message).collect()
    }

    #[track_caller]
    fn served(workload: &str) {
        let s = nosql(SourceFormat::Cql, VIDEOS);
        assert_eq!(run(&s, workload), Vec::<String>::new(), "{workload}");
    }

    #[track_caller]
    fn flagged(workload: &str, needle: &str) {
        let s = nosql(SourceFormat::Cql, VIDEOS);
        let got = run(&s, workload);
        assert_eq!(got.len(), 1, "{workload}: {got:?}");
        assert!(got[0].contains(needle), "{workload}: {:?} should say {needle:?}", got[0]);
    }

    #[test]
    fn key_lookups_prefixes_and_slices_are_served() {
        served("SELECT * FROM kv.videos WHERE videoid = ?");
        served("SELECT * FROM kv.comments WHERE videoid = ? AND commentid > maxTimeuuid('2020-01-01') LIMIT 10");
        served("SELECT * FROM kv.comments WHERE videoid IN (?, ?)");
        served("USE kv; SELECT * FROM activity WHERE userid = ? AND day = '2024-01-01' AND kind = 'view' AND ts >= ? AND ts < ?");
        served("SELECT * FROM kv.activity WHERE userid = ? AND day = ? AND (kind, ts) > ('view', 0)");
        served("SELECT * FROM kv.videos");
        served("SELECT * FROM kv.comments WHERE token(videoid) > token(?)");
    }

    #[test]
    fn indexes_and_views_serve_their_columns() {
        served("SELECT * FROM kv.videos WHERE userid = ?");
        served("SELECT * FROM kv.videos WHERE name = 'x' AND videoid = ?");
        served("SELECT * FROM kv.videos WHERE tags CONTAINS 'cats'");
        // The view keyed by userid serves a query by userid on its base table, and from itself.
        served("SELECT * FROM kv.comments WHERE userid = ?");
        served("SELECT * FROM kv.comments_by_user WHERE userid = ? AND commentid < ?");
    }

    #[test]
    fn non_key_columns_partial_keys_and_gaps_need_filtering() {
        flagged("SELECT * FROM kv.videos WHERE category = 'music'", "`category` is no key column and has no index. Cassandra refuses it without ALLOW FILTERING; with it, it reads every partition");
        flagged("SELECT * FROM kv.comments WHERE videoid = ? AND comment = 'hi'", "`comment` is no key column and has no index. Cassandra refuses it without ALLOW FILTERING; with it, it reads the whole partition");
        flagged("SELECT * FROM kv.activity WHERE userid = ?", "restricted only in part (`day` missing");
        flagged("SELECT * FROM kv.activity WHERE userid = ? AND day = ? AND ts > ?", "`ts` is a clustering column after `kind`, not restricted");
        flagged("SELECT * FROM kv.activity WHERE userid = ? AND day = ? AND kind > 'a' AND ts = ?", "after `kind`, restricted by a range");
        flagged("SELECT * FROM kv.comments WHERE commentid = ?", "restricted without the whole partition key (`videoid`)");
        flagged("SELECT * FROM kv.videos WHERE userid > ?", "its index does not serve a range");
        // Two legacy indexes: one is read, the other filtered.
        flagged("SELECT * FROM kv.videos WHERE userid = ? AND tags CONTAINS 'x'", "one query reads one such index");
        flagged("SELECT * FROM kv.comments_by_user WHERE commentid = ?", "comments_by_user (a materialized view of `comments`)");
    }

    /// UPDATE and DELETE name rows by key, or Cassandra refuses them ("Some partition key parts
    /// are missing", "Non PRIMARY KEY columns found in where clause", "Some clustering keys are
    /// missing"); DELETE may end its clustering prefix with a range; INSERT always names its key.
    #[test]
    fn writes_must_name_their_rows_by_key() {
        served("INSERT INTO kv.activity (userid, day, kind, ts, id) VALUES (?, ?, ?, ?, ?) IF NOT EXISTS");
        served("UPDATE kv.videos USING TTL 60 SET name = ? WHERE videoid = ? IF EXISTS");
        served("UPDATE kv.comments SET comment = ? WHERE videoid IN (?, ?) AND commentid = ?");
        served("DELETE FROM kv.comments WHERE videoid = ?");
        served("DELETE comment FROM kv.comments WHERE videoid = ? AND commentid > ?");
        served("DELETE FROM kv.activity WHERE userid = ? AND day = ? AND kind = ? AND ts < ?");
        let s = nosql(SourceFormat::Cql, VIDEOS);
        let write = |w: &str, needle: &str| {
            let got = workload_findings(&RULE, &s, w);
            assert_eq!(got.len(), 1, "{w}: {got:?}");
            assert!(got[0].message.contains(needle), "{w}: {:?} should say {needle:?}", got[0].message);
        };
        write("UPDATE kv.videos SET name = ? WHERE category = ?", "the partition key column `videoid` is not fixed by `=` or `IN`; `category` is not part of the primary key");
        write("UPDATE kv.comments SET comment = ? WHERE videoid = ?", "Cassandra refuses this UPDATE of `comments`: the clustering column `commentid` is not fixed");
        write("UPDATE kv.comments SET comment = ? WHERE videoid = ? AND commentid > ?", "the clustering column `commentid` is not fixed");
        write("DELETE FROM kv.activity WHERE userid = ? AND day = ? AND ts = ?", "`ts` is restricted although `kind`, before it in the clustering order, is not fixed");
        write("DELETE FROM kv.activity WHERE userid = ? AND kind = ?", "the partition key column `day` is not fixed");
        write("DELETE FROM kv.videos WHERE videoid > ?", "`videoid` is not fixed by `=` or `IN`");
        let advice = crate::analysis::advisor::advise(&s, "UPDATE kv.comments_by_user SET comment = ? WHERE userid = ?;\nDELETE FROM kv.comments;\nUPDATE kv.nope SET a = 1 WHERE b = 2");
        assert_eq!(
            advice.diagnostics,
            [
                "1:8: query 1: `comments_by_user` is a materialized view, which cannot be written",
                "2:24: query 2: this DELETE has no WHERE: CQL requires one naming the rows by key",
                "3:8: query 3: `nope` is no table of the schema",
            ]
        );
    }

    #[test]
    fn allow_filtering_is_still_a_scan_and_the_help_names_a_query_table() {
        let s = nosql(SourceFormat::Cql, VIDEOS);
        let found = workload_findings(&RULE, &s, "SELECT * FROM kv.videos WHERE category = ? AND added_date > ? ALLOW FILTERING");
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("ALLOW FILTERING is written, so Cassandra reads every partition"), "{}", found[0].message);
        assert_eq!(found[0].help, "denormalize into a query table `videos_by_category` with PRIMARY KEY ((category), added_date, videoid), written beside `videos`; or index the column: CREATE INDEX ON kv.videos (category) USING 'sai'");
        // A table of the keyspace keyed for the query is named instead.
        assert_eq!(workload_findings(&RULE, &s, "SELECT name FROM kv.videos WHERE category = ?")[0].help, "the table `videos_by_category` is keyed for this query and holds the key of `videos` (videoid): read the rows there, or their key there and then the rows from `videos`");
        let t = s.find_table(None, "videos").unwrap();
        let names: Vec<&str> = found[0].columns.iter().map(|c| t.column(*c).unwrap().name.as_str()).collect();
        assert_eq!(names, ["category", "added_date"]);
    }

    #[test]
    fn bad_queries_are_diagnostics_with_line_and_column_never_findings() {
        let s = nosql(SourceFormat::Cql, VIDEOS);
        let advice = crate::analysis::advisor::advise(&s, "SELECT * FROM kv.videos WHERE videoid = ?;\n-- freq: 3\nSELECT * FROM kv.nope WHERE a = 1;\nSELECT * FROM kv.videos WHERE colour = 'red';\nTRUNCATE kv.videos;\nSELECT * FROM kv.videos WHERE videoid = ? OR name = ?;\nSELECT * FROM kv.videos WHERE videoid 5");
        assert_eq!(advice.queries.len(), 6);
        assert_eq!(advice.queries[1].frequency, 3);
        assert_eq!(
            advice.diagnostics,
            [
                "3:15: query 2: unknown table `kv.nope`",
                "4:31: query 3: unknown column `colour` in `videos`",
                "5:1: query 4: only SELECT, UPDATE, DELETE and INSERT statements are checked against the keys; `TRUNCATE` is skipped",
                "6:43: query 5: OR in a CQL WHERE clause is not analysed (Cassandra accepts it only with SAI indexes)",
                "7:39: query 6: an operator (=, <, >, IN, CONTAINS…) was expected, not `5`",
            ]
        );
        assert!(advice.access.is_empty() && advice.proposals.is_empty());
        let open = crate::analysis::advisor::advise(&s, "SELECT 'open").diagnostics;
        assert!(open.iter().any(|d| d.starts_with("1:8: unterminated string")), "{open:?}");
    }

    #[test]
    fn only_cql_schemas_with_a_workload() {
        let s = nosql(SourceFormat::Cql, VIDEOS);
        assert!(findings(&RULE, &s, &AnalysisConfig::default()).is_empty(), "no workload, no finding");
        let sql = crate::import::import("CREATE TABLE videos (videoid int PRIMARY KEY, category text);", &Default::default()).schema;
        let config = AnalysisConfig { workload: "SELECT * FROM videos WHERE category = 'x'".into(), ..Default::default() };
        assert!(crate::analysis::check(&sql, &config).iter().all(|f| f.rule != RULE.info.id));
        assert!(crate::analysis::check(&sql, &config).iter().any(|f| f.rule == "workload-missing-index"), "SQL still gets its index advice");
        let config = AnalysisConfig { workload: "SELECT * FROM kv.videos WHERE category = 'x'".into(), ..Default::default() };
        let rules: Vec<&str> = crate::analysis::check(&s, &config).iter().map(|f| f.rule).collect();
        assert!(rules.contains(&RULE.info.id) && !rules.iter().any(|r| r.starts_with("workload-")), "{rules:?}");
    }
}
