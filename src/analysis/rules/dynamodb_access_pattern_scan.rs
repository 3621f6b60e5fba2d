#![doc = include_str!("dynamodb_access_pattern_scan.md")]

use super::{Ctx, Rule};
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;

const DOC: &str = include_str!("dynamodb_access_pattern_scan.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "dynamodb-access-pattern-scan",
        severity: Severity::Warning,
        summary: "A workload PartiQL query has no equality on its partition key (a Scan), or a write does not name its item by key",
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

    const MUSIC: &str = r#"{"TableName": "Music",
        "AttributeDefinitions": [{"AttributeName": "Artist", "AttributeType": "S"}, {"AttributeName": "SongTitle", "AttributeType": "S"},
            {"AttributeName": "Genre", "AttributeType": "S"}, {"AttributeName": "Year", "AttributeType": "N"}],
        "KeySchema": [{"AttributeName": "Artist", "KeyType": "HASH"}, {"AttributeName": "SongTitle", "KeyType": "RANGE"}],
        "GlobalSecondaryIndexes": [{"IndexName": "ByGenre", "KeySchema": [{"AttributeName": "Genre", "KeyType": "HASH"}, {"AttributeName": "Year", "KeyType": "RANGE"}], "Projection": {"ProjectionType": "KEYS_ONLY"}}],
        "LocalSecondaryIndexes": [{"IndexName": "ByYear", "KeySchema": [{"AttributeName": "Artist", "KeyType": "HASH"}, {"AttributeName": "Year", "KeyType": "RANGE"}], "Projection": {"ProjectionType": "ALL"}}]}"#;

    fn run(s: &Schema, workload: &str) -> Vec<(String, String)> {
        workload_findings(&RULE, s, workload).into_iter().map(|f| (f.message, f.help)).collect()
    }

    #[track_caller]
    fn query(workload: &str) {
        let got = run(&nosql(SourceFormat::Dynamodb, MUSIC), workload);
        assert!(got.is_empty(), "{workload}: {got:?}");
    }

    #[track_caller]
    fn scan(workload: &str, help: &str) {
        let got = run(&nosql(SourceFormat::Dynamodb, MUSIC), workload);
        assert_eq!(got.len(), 1, "{workload}: {got:?}");
        assert!(got[0].0.contains("DynamoDB runs it as a Scan"), "{got:?}");
        assert!(got[0].1.contains(help), "{workload}: {:?} should say {help:?}", got[0].1);
    }

    #[test]
    fn equality_or_in_on_the_partition_key_is_a_query() {
        query(r#"SELECT * FROM "Music" WHERE "Artist" = ?"#);
        query(r#"SELECT * FROM Music WHERE Artist = 'Acme Band' AND begins_with(SongTitle, 'Happy')"#);
        query(r#"SELECT * FROM "Music" WHERE Artist IN ['A', 'B'] AND "Year" BETWEEN 1990 AND 2000"#);
        query(r#"SELECT * FROM "Music" WHERE (Artist = 'A' AND Year > 1) OR (Artist = 'B')"#);
        query(r#"SELECT Genre FROM "Music"."ByGenre" WHERE Genre = ? AND "Year" > 2000 ORDER BY "Year" DESC"#);
        query(r#"SELECT * FROM "Music"."ByYear" m WHERE m.Artist = ? AND m.Year < 1970"#);
    }

    #[test]
    fn anything_else_is_a_scan_with_the_way_out() {
        scan(r#"SELECT * FROM "Music""#, "add `Artist = ?` to the WHERE");
        scan(r#"SELECT * FROM "Music" WHERE Genre = 'Jazz'"#, "the index `ByGenre` is partitioned by `Genre`: read FROM \"Music\".\"ByGenre\"");
        scan(r#"SELECT * FROM "Music" WHERE "Year" = 1999"#, "add a GSI partitioned by `Year`");
        scan(r#"SELECT * FROM "Music" WHERE Artist = 'A' OR Genre = 'Jazz'"#, "run one query per OR branch, each with `=` on a partition key (`Artist`, or a GSI's on `Artist`, `Genre`)");
        scan(r#"SELECT * FROM "Music" WHERE NOT Artist = 'A'"#, "add `Artist = ?`");
        scan(r#"SELECT * FROM "Music" WHERE begins_with(Artist, 'A')"#, "add `Artist = ?`");
        scan(r#"SELECT * FROM "Music" WHERE Artist > 'A'"#, "add `Artist = ?`");
        scan(r#"SELECT * FROM "Music"."ByGenre" WHERE Artist = 'A'"#, "the table itself is partitioned by `Artist`");
        scan(r#"SELECT * FROM "Music" WHERE info.Artist = 'A'"#, "add `Artist = ?`");
    }

    /// UPDATE and DELETE write one item named by `=` on its whole key, or DynamoDB refuses them
    /// ("Where clause does not contain a mandatory equality on all key attributes").
    #[test]
    fn writes_must_name_their_item_by_its_whole_key() {
        query(r#"INSERT INTO "Music" VALUE {'Artist': 'A', 'SongTitle': 'S'}"#);
        query(r#"UPDATE "Music" SET Genre = 'Jazz' REMOVE Year WHERE Artist = 'A' AND SongTitle = 'S' RETURNING ALL NEW *"#);
        query(r#"DELETE FROM Music WHERE "Artist" = ? AND "SongTitle" = ?"#);
        let s = nosql(SourceFormat::Dynamodb, MUSIC);
        let write = |w: &str, needle: &str| {
            let got = workload_findings(&RULE, &s, w);
            assert_eq!(got.len(), 1, "{w}: {got:?}");
            assert!(got[0].message.contains(needle), "{w}: {:?} should say {needle:?}", got[0].message);
            assert!(got[0].help.contains("by `Artist` and `SongTitle`"), "{:?}", got[0].help);
        };
        write(r#"UPDATE "Music" SET Genre = 'Jazz' WHERE Artist = 'A'"#, "DynamoDB refuses this UPDATE of `Music`: its WHERE does not fix `SongTitle` by `=`");
        write(r#"DELETE FROM "Music" WHERE Genre = 'Jazz'"#, "does not fix `Artist` and `SongTitle`");
        write(r#"DELETE FROM "Music" WHERE Artist = 'A' OR SongTitle = 'S'"#, "does not fix `Artist` and `SongTitle`");
        write(r#"DELETE FROM "Music""#, "DELETE of `Music`");
        let advice = crate::analysis::advisor::advise(&s, r#"UPDATE "Music"."ByGenre" SET a = 1 WHERE Genre = 'x'"#);
        assert_eq!(advice.diagnostics, ["1:8: query 1: a UPDATE writes a table, not an index"]);
    }

    #[test]
    fn bad_statements_are_diagnostics_with_line_and_column() {
        let s = nosql(SourceFormat::Dynamodb, MUSIC);
        let advice = crate::analysis::advisor::advise(&s, "SELECT * FROM \"Nope\" WHERE a = 1;\nSELECT * FROM \"Music\".\"NoIndex\";\nREPLACE \"Music\";\nSELECT * FROM \"Music\" WHERE Artist = ;\nSELECT * FROM \"Music\" WHERE (Artist = 'a'");
        assert_eq!(
            advice.diagnostics,
            [
                "1:15: query 1: unknown table `Nope`",
                "2:15: query 2: `Music` has no index `NoIndex`",
                "3:1: query 3: only SELECT, UPDATE, DELETE and INSERT statements are checked against the keys; `REPLACE` is skipped",
                "4:37: query 4: a value or attribute was expected, not the end of the statement",
                "5:29: query 5: this bracket is never closed",
            ]
        );
        assert!(advice.access.is_empty());
    }

    #[test]
    fn only_dynamodb_schemas() {
        let s = nosql(SourceFormat::Dynamodb, MUSIC);
        assert!(findings(&RULE, &s, &AnalysisConfig::default()).is_empty(), "no workload, no finding");
        let cql = nosql(SourceFormat::Cql, "CREATE TABLE music (artist text PRIMARY KEY, genre text);");
        let config = AnalysisConfig { workload: "SELECT * FROM music WHERE genre = 'x'".into(), ..Default::default() };
        assert!(crate::analysis::check(&cql, &config).iter().all(|f| f.rule != RULE.info.id));
    }
}
