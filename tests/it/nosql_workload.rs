//! A workload on a Cassandra or DynamoDB schema (issue 18's access-pattern rules): the real
//! corpus schemas with their applications' real queries, `cql-query-needs-filtering` and
//! `dynamodb-access-pattern-scan` against oracles written apart from the rules (Cassandra's
//! restriction rules as a search over access plans; DynamoDB's Query condition as a truth
//! table), the CLI and the relational workload rules kept off these schemas.

use crate::support::Pick;
use crate::support::corpus;
use erdsmith::analysis::{advisor, check, AnalysisConfig, Finding};
use erdsmith::import::{import, ImportOptions};
use erdsmith::rng::Rng;
use erdsmith::schema::{Schema, SourceFormat};

const CQL: &str = "cql-query-needs-filtering";
const DYNAMO: &str = "dynamodb-access-pattern-scan";

fn schema(files: &[&str]) -> Schema {
    let text: String = files.iter().map(|f| corpus(f) + "\n").collect();
    let r = import(&text, &ImportOptions::default());
    assert!(r.schema.source.is_nosql(), "{files:?}");
    r.schema
}

/// The findings of the review with `workload`; its diagnostics must be none.
fn review(s: &Schema, workload: &str) -> Vec<Finding> {
    let diagnostics = advisor::advise(s, workload).diagnostics;
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let config = AnalysisConfig { workload: workload.into(), ..Default::default() };
    let all = check(s, &config);
    assert!(!all.iter().any(|f| f.rule.starts_with("workload-")), "relational workload rules on a NoSQL schema");
    all.into_iter().filter(|f| f.rule == CQL || f.rule == DYNAMO).collect()
}

/// The query numbers a rule flags (`query #N` opens each message).
fn flagged(found: &[Finding]) -> Vec<usize> {
    let mut n: Vec<usize> = found
        .iter()
        .filter_map(|f| f.message.strip_prefix("query #")?.split(' ').next()?.parse().ok())
        .collect();
    n.sort_unstable();
    n
}

/// KillrVideo's read paths (its services' queries on the v5 schema) and five that are not
/// served: comments by user read from `comments`, credentials by user id, moderation by status,
/// activity by time skipping its type, videos by language and location type.
const KILLRVIDEO: &str = "
-- freq: 100
SELECT * FROM killrvideo.users WHERE userid = ?;
SELECT userid, password, account_locked FROM killrvideo.user_credentials WHERE email = ?;
-- freq: 50
SELECT * FROM killrvideo.videos WHERE userid = ?;
SELECT * FROM killrvideo.latest_videos WHERE day = ? AND added_date < ? LIMIT 10;
SELECT * FROM killrvideo.comments WHERE videoid = ? AND commentid < ? LIMIT 20;
SELECT * FROM killrvideo.comments_by_user WHERE userid = ? LIMIT 20;
SELECT rating FROM killrvideo.video_ratings_by_user WHERE videoid = ? AND userid = ?;
SELECT * FROM killrvideo.videos WHERE tags CONTAINS ?;
SELECT * FROM killrvideo.videos WHERE category = ? AND content_rating = ?;
SELECT * FROM killrvideo.comments WHERE userid = ?;
SELECT * FROM killrvideo.user_credentials WHERE userid = ?;
SELECT * FROM killrvideo.content_moderation WHERE status = 'pending' ALLOW FILTERING;
SELECT * FROM killrvideo.user_activity WHERE userid = ? AND day = ? AND activity_timestamp > ?;
SELECT * FROM killrvideo.user_activity WHERE userid = ? AND day = ? AND activity_type = 'view';
SELECT * FROM killrvideo.videos WHERE language = 'en' AND location_type = 1;
SELECT videoid, name FROM killrvideo.videos ORDER BY content_features ANN OF [0.1, 0.2, 0.3] LIMIT 5;
SELECT * FROM killrvideo.payment_info WHERE userid = ?;
SELECT views FROM killrvideo.video_playback_stats WHERE videoid IN (?, ?, ?)
";

#[test]
fn killrvideo_queries_by_non_key_columns_are_flagged() {
    let s = schema(&["cql/killrvideo_schema_v5.cql"]);
    let found = review(&s, KILLRVIDEO);
    assert_eq!(flagged(&found), [10, 11, 12, 13, 15], "{:#?}", found.iter().map(|f| &f.message).collect::<Vec<_>>());
    let message = |n: usize| found.iter().find(|f| f.message.starts_with(&format!("query #{n} "))).map(|f| f.message.as_str()).unwrap_or("");
    assert!(message(10).contains("`userid` is no key column and has no index"), "{}", message(10));
    assert!(message(12).contains("ALLOW FILTERING is written"), "{}", message(12));
    assert!(message(13).contains("`activity_timestamp` is a clustering column after `activity_type`, not restricted"), "{}", message(13));
    // `language` has a SAI index, `location_type` none: only the latter breaks it.
    assert!(message(15).contains("`location_type` is no key column") && !message(15).contains("`language`"), "{}", message(15));
    // Comments by user: the schema has the query table for it. Credentials by user: `users` maps
    // a user to the email that keys them. Moderation by status: no table, a proposal.
    let help = |n: usize| found.iter().find(|f| f.message.starts_with(&format!("query #{n} "))).map(|f| f.help.as_str()).unwrap_or("");
    assert!(help(10).starts_with("the table `comments_by_user` is keyed for this query and holds the key of `comments` (videoid, commentid)"), "{}", help(10));
    assert!(help(11).starts_with("the table `users` is keyed for this query and holds the key of `user_credentials` (email)"), "{}", help(11));
    assert!(help(12).contains("`content_moderation_by_status` with PRIMARY KEY ((status), contentid, flagid)"), "{}", help(12));
}

/// Zipkin's storage queries (zipkin-storage/cassandra) over the schema and its SASI indexes: the
/// trace-id lookup by service and annotation reads two SASI indexes and is written with ALLOW
/// FILTERING; a span-name lookup on `span` is no query Zipkin has and is flagged too.
const ZIPKIN: &str = "
SELECT trace_id,parent_id,id,kind,span,ts,duration,l_ep,r_ep,annotations,tags,debug,shared FROM zipkin2.span WHERE trace_id IN ? LIMIT ?;
SELECT trace_id,ts FROM zipkin2.span WHERE l_service=:l_service AND annotation_query LIKE :annotation_query AND ts_uuid>=:start_ts AND ts_uuid<=:end_ts LIMIT :limit_ ALLOW FILTERING;
SELECT ts,trace_id FROM zipkin2.trace_by_service_span WHERE service=? AND span=? AND bucket IN ? AND ts>=? AND ts<=? LIMIT ?;
SELECT ts,trace_id FROM zipkin2.trace_by_service_span WHERE service=? AND span=? AND bucket=? AND ts>=? AND ts<=? AND duration>=? AND duration<=? LIMIT ?;
SELECT ts,trace_id FROM zipkin2.trace_by_service_remote_service WHERE service=? AND remote_service=? AND bucket IN ? AND ts>=? AND ts<=? LIMIT ?;
SELECT span FROM zipkin2.span_by_service WHERE service=? LIMIT ?;
SELECT DISTINCT service FROM zipkin2.span_by_service;
SELECT remote_service FROM zipkin2.remote_service_by_service WHERE service=? LIMIT ?;
SELECT parent,child,errors,calls FROM zipkin2.dependency WHERE day IN ?;
SELECT value FROM zipkin2.autocomplete_tags WHERE key=? LIMIT ?;
SELECT * FROM zipkin2.span WHERE span = ?
";

#[test]
fn zipkin_and_thingsboard_queries() {
    let s = schema(&["cql/zipkin2_schema.cql", "cql/zipkin2_schema_indexes.cql"]);
    let found = review(&s, ZIPKIN);
    assert_eq!(flagged(&found), [2, 11], "{:#?}", found.iter().map(|f| &f.message).collect::<Vec<_>>());
    assert!(found[0].message.contains("`annotation_query` has a SASI index, but one query reads one such index"), "{}", found[0].message);
    // ThingsBoard's time series reads: by partition and time range; the latest value across
    // partitions (without `partition`) is flagged.
    let s = schema(&["cql/thingsboard_schema_ts.cql"]);
    let found = review(
        &s,
        "SELECT key, ts, bool_v, str_v, long_v, dbl_v, json_v FROM thingsboard.ts_kv_cf WHERE entity_type = ? AND entity_id = ? AND key = ? AND partition = ? AND ts >= ? AND ts < ?;\n\
         SELECT partition FROM thingsboard.ts_kv_partitions_cf WHERE entity_type = ? AND entity_id = ? AND key = ? AND partition >= ? AND partition <= ?;\n\
         SELECT * FROM thingsboard.ts_kv_cf WHERE entity_type = ? AND entity_id = ? AND key = ? ORDER BY ts DESC LIMIT 1",
    );
    assert_eq!(flagged(&found), [3]);
    assert!(found[0].message.contains("restricted only in part (`partition` missing an `=`/`IN`)"), "{}", found[0].message);
}

#[test]
fn dynamodb_access_patterns_on_the_corpus() {
    // The global table: partition key Album; GSIs myGSI (Sales, Artist), myGSI2 (NumberOfSongs, Sales).
    let s = schema(&["dynamodb/globaltable_provisioned_cfn.yml"]);
    let found = review(
        &s,
        "SELECT * FROM \"myTableName\" WHERE \"Album\" = ?;\n\
         SELECT * FROM \"myTableName\".\"myGSI\" WHERE \"Sales\" = ? AND \"Artist\" = ?;\n\
         SELECT \"Album\" FROM \"myTableName\".\"myGSI2\" WHERE \"NumberOfSongs\" IN [10, 12] AND \"Sales\" > 1000;\n\
         SELECT * FROM \"myTableName\" WHERE \"Artist\" = ?;\n\
         SELECT * FROM \"myTableName\" WHERE \"Sales\" = ?;\n\
         SELECT * FROM \"myTableName\".\"myGSI\" WHERE \"Artist\" = ?",
    );
    assert_eq!(flagged(&found), [4, 5, 6]);
    assert!(found[0].help.contains("add a GSI partitioned by `Artist`"), "{}", found[0].help);
    assert!(found[1].help.contains("read FROM \"myTableName\".\"myGSI\""), "{}", found[1].help);
    assert!(found[2].index.is_some() && found[2].message.contains("index `myGSI` of `myTableName`"), "{}", found[2].message);
    // The social network's single table (PK, SK): a user, followers, posts by key; a user by
    // name and posts by time are scans.
    let s = schema(&["dynamodb/socialnetwork_nosql_workbench.json"]);
    let found = review(
        &s,
        "SELECT * FROM \"SNS\" WHERE \"PK\" = 'u#12345' AND \"SK\" = 'info';\n\
         SELECT * FROM \"SNS\" WHERE \"PK\" = 'u#12345#follower';\n\
         SELECT * FROM \"SNS\" WHERE \"PK\" = 'u#12345#post' AND begins_with(\"SK\", 'p#');\n\
         SELECT * FROM \"SNS\" WHERE \"name\" = 'hyuklee';\n\
         SELECT * FROM \"SNS\" WHERE \"timestamp\" > '2023-01-01'",
    );
    assert_eq!(flagged(&found), [4, 5]);
    // The recipe API: a user's recipes are one partition; GET /recipes/{recipeId} knows no
    // user, so it scans for the sort key.
    let s = schema(&["dynamodb/recipe_sam_template.yaml"]);
    let found = review(
        &s,
        "SELECT * FROM recipe_table WHERE PK = 'USER#1' AND begins_with(SK, 'RECIPE#');\nSELECT * FROM recipe_table WHERE PK = 'USER#1' AND SK = 'PROFILE';\nSELECT * FROM recipe_table WHERE SK = 'RECIPE#42'",
    );
    assert_eq!(flagged(&found), [3]);
    assert!(found[0].help.contains("add a GSI partitioned by `SK`"), "{}", found[0].help);
    let s = schema(&["dynamodb/event_driven_cfn.yaml"]);
    assert!(review(&s, "SELECT * FROM \"StateTable\" WHERE \"id\" = ?;\nSELECT * FROM \"ReduceTable\" WHERE \"MessageId\" IN ['a', 'b']").is_empty());
}

#[test]
fn the_cli_checks_a_cql_workload_and_says_where_a_query_is_wrong() {
    let dir = std::env::temp_dir().join(format!("erdsmith-nosql-workload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let workload = dir.join("killrvideo.cql");
    std::fs::write(&workload, format!("{KILLRVIDEO};\nSELECT * FROM killrvideo.videos WHERE nope = 1")).unwrap();
    let schema = crate::support::corpus_dir().join("cql/killrvideo_schema_v5.cql");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_erdsmith"))
        .arg("check")
        .arg(&schema)
        .arg("--workload")
        .arg(&workload)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let shown = workload.display().to_string();
    assert!(stderr.contains(&format!("{shown}:23:39: query 19: unknown column `nope` in `videos`")), "{stderr}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules: Vec<&str> = v.as_array().unwrap().iter().filter_map(|f| f["rule"].as_str()).collect();
    assert_eq!(rules.iter().filter(|r| **r == CQL).count(), 5, "{rules:?}");
}

#[test]
fn mangled_workloads_never_panic_and_every_statement_is_answered() {
    let cql = schema(&["cql/killrvideo_schema_v5.cql"]);
    let dynamo = schema(&["dynamodb/globaltable_provisioned_cfn.yml"]);
    let words = [
        "SELECT", "*", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "(", ")", "[", "]", "{", "}", ",", ".", "=", "<", ">=", "?", ":x",
        "'s'", "\"myTableName\"", "\"myGSI\"", "killrvideo", "videos", "videoid", "userid", "tags", "CONTAINS", "KEY", "token",
        "ALLOW", "FILTERING", "LIMIT", "1", "BETWEEN", "IS", "MISSING", "\"Sales\"", "begins_with", "-- c\n", "/*", "*/", "'",
        "\"", "$$", ";", "\n", "é", "USE",
    ];
    let mut rng = Rng::new(7);
    for case in 0..600 {
        let text: Vec<&str> = (0..rng.range(1, 40)).map(|_| *rng.pick(&words)).collect();
        let text = text.join(" ");
        for s in [&cql, &dynamo] {
            let advice = advisor::advise(s, &text);
            // Each diagnostic says where: `line:column: …`.
            for d in &advice.diagnostics {
                let at = d.split(':').take(2).collect::<Vec<_>>();
                assert!(at.len() == 2 && at.iter().all(|n| n.trim().parse::<usize>().is_ok()), "case {case}: {d}");
            }
            let config = AnalysisConfig { workload: text.clone(), ..Default::default() };
            let _ = check(s, &config);
        }
    }
    // Deep nesting and long chains are diagnostics or answers, not a stack overflow.
    for text in [
        format!("SELECT * FROM \"myTableName\" WHERE {}\"Album\" = 1", "NOT ".repeat(100_000)),
        format!("SELECT * FROM \"myTableName\" WHERE {}\"Album\" = 1{}", "(".repeat(50_000), ")".repeat(50_000)),
        format!("SELECT * FROM killrvideo.videos WHERE videoid = {}1{}", "(".repeat(50_000), ")".repeat(50_000)),
    ] {
        let _ = advisor::advise(&dynamo, &text);
        let _ = advisor::advise(&cql, &text);
    }
}

// ---- oracles ----

#[derive(Copy, Clone, Debug, PartialEq)]
enum Ix {
    None,
    Legacy,
    Sai,
}

/// Cassandra's restriction rules, stated as a search over access plans: a query runs without
/// filtering when some plan reads exactly what it restricts. A plan takes a prefix of the
/// clustering columns (`k` of them: the first `k - 1` by `=`/`IN`, the `k`-th by `=`/`IN` or
/// a range), with the whole partition key by `=`/`IN`, or without the partition key when the
/// prefix is empty or an index takes part; every other restriction is on an indexed column
/// whose index takes that operator (a legacy index `=` only, SAI `=`, `IN` and ranges), one
/// such column at most unless all are SAI.
fn cassandra_serves(partition: usize, clustering: usize, ops: &[Option<&str>], ix: &[Ix]) -> bool {
    let eq = |o: Option<&str>| matches!(o, Some("=") | Some("IN"));
    let range = |o: Option<&str>| matches!(o, Some("<") | Some(">="));
    let op = |c: usize| ops.get(c).copied().flatten();
    let indexed = |c: usize| matches!((ix.get(c), op(c)), (Some(Ix::Sai), Some(_)) | (Some(Ix::Legacy), Some("=")));
    for with_partition in [true, false] {
        if with_partition && !(0..partition).all(|c| eq(op(c))) {
            continue;
        }
        for k in 0..=clustering {
            let prefix_ok = (0..k).all(|j| {
                let o = op(partition + j);
                if j + 1 < k { eq(o) } else { eq(o) || range(o) }
            });
            if !prefix_ok {
                continue;
            }
            let by_key = |c: usize| (with_partition && c < partition) || (c >= partition && c < partition + k);
            let rest: Vec<usize> = (0..ops.len()).filter(|c| op(*c).is_some() && !by_key(*c)).collect();
            if !rest.iter().all(|c| indexed(*c)) {
                continue;
            }
            if rest.len() > 1 && !rest.iter().all(|c| ix.get(*c) == Some(&Ix::Sai)) {
                continue;
            }
            if !with_partition && k > 0 && rest.is_empty() {
                continue;
            }
            return true;
        }
    }
    false
}

#[test]
fn cql_rule_agrees_with_the_plan_search_on_random_tables_and_queries() {
    let mut rng = Rng::new(18);
    let mut flagged_count = 0;
    for case in 0..400 {
        let partition = rng.range(1, 3);
        let clustering = rng.range(0, 3);
        let regular = rng.range(0, 3);
        let n = partition + clustering + regular;
        let name = |c: usize| {
            if c < partition {
                format!("p{c}")
            } else if c < partition + clustering {
                format!("c{}", c - partition)
            } else {
                format!("r{}", c - partition - clustering)
            }
        };
        let ix: Vec<Ix> = (0..n).map(|c| if c < partition + clustering { Ix::None } else { *rng.pick(&[Ix::None, Ix::Legacy, Ix::Sai]) }).collect();
        // Mostly keyed partitions, clustering restricted half the time, few regular columns.
        let ops: Vec<Option<&str>> = (0..n)
            .map(|c| {
                let p = if c < partition { 0.9 } else if c < partition + clustering { 0.5 } else { 0.25 };
                let pick = if c < partition && rng.chance(0.85) { &["=", "IN"][..] } else { &["=", "IN", "<", ">="][..] };
                rng.chance(p).then(|| *rng.pick(pick))
            })
            .collect();
        let cols: Vec<String> = (0..n).map(|c| format!("{} int", name(c))).collect();
        let pk: Vec<String> = (0..partition).map(name).collect();
        let ck: Vec<String> = (partition..partition + clustering).map(name).collect();
        let key = if ck.is_empty() { format!("(({}))", pk.join(", ")) } else { format!("(({}), {})", pk.join(", "), ck.join(", ")) };
        let mut ddl = format!("CREATE KEYSPACE ks WITH replication = {{'class': 'SimpleStrategy'}};\nCREATE TABLE ks.t ({}, PRIMARY KEY {key});\n", cols.join(", "));
        for (c, i) in ix.iter().enumerate() {
            match i {
                Ix::Legacy => ddl.push_str(&format!("CREATE INDEX ON ks.t ({});\n", name(c))),
                Ix::Sai => ddl.push_str(&format!("CREATE INDEX ON ks.t ({}) USING 'sai';\n", name(c))),
                Ix::None => {}
            }
        }
        let mut order: Vec<usize> = (0..n).collect();
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i + 1));
        }
        let relations: Vec<String> = order
            .iter()
            .filter_map(|c| {
                ops[*c].map(|o| match o {
                    "IN" => format!("{} IN (1, 2)", name(*c)),
                    _ => format!("{} {o} ?", name(*c)),
                })
            })
            .collect();
        let filtering = if rng.chance(0.2) { " ALLOW FILTERING" } else { "" };
        let target = if rng.chance(0.5) { "ks.t" } else { "t" };
        let query = if relations.is_empty() {
            format!("SELECT * FROM {target}{filtering}")
        } else {
            format!("SELECT * FROM {target} WHERE {}{filtering}", relations.join(" AND "))
        };
        let s = import(&ddl, &ImportOptions { format: Some(SourceFormat::Cql), ..Default::default() }).schema;
        let found = review(&s, &query);
        let expect = !cassandra_serves(partition, clustering, &ops, &ix);
        assert_eq!(!found.is_empty(), expect, "case {case}:\n{ddl}{query}\n{:?}", found.iter().map(|f| &f.message).collect::<Vec<_>>());
        flagged_count += usize::from(expect);
    }
    assert!((60..340).contains(&flagged_count), "both outcomes are exercised: {flagged_count} of 400 flagged");
}

/// Cassandra's rule for writes, as a search: an UPDATE or DELETE runs when it fixes the whole
/// partition key by `=`/`IN`, restricts no column outside the key, and its clustering
/// restrictions are some prefix of `k` columns — all by `=`/`IN` for an UPDATE (and `k` is all
/// of them); for a DELETE the `k`-th may be a range.
fn cassandra_writes(update: bool, partition: usize, clustering: usize, ops: &[Option<&str>]) -> bool {
    let eq = |o: Option<&str>| matches!(o, Some("=") | Some("IN"));
    let op = |c: usize| ops.get(c).copied().flatten();
    if !(0..partition).all(|c| eq(op(c))) || (partition + clustering..ops.len()).any(|c| op(c).is_some()) {
        return false;
    }
    let ks = if update { clustering..=clustering } else { 0..=clustering };
    ks.into_iter().any(|k| {
        (0..clustering).all(|j| match op(partition + j) {
            None => j >= k,
            Some(o) => (j + 1 < k && eq(Some(o))) || (j + 1 == k && (eq(Some(o)) || !update)),
        })
    })
}

#[test]
fn cql_writes_agree_with_the_key_search_on_random_tables() {
    let mut rng = Rng::new(1818);
    let mut refused = 0;
    for case in 0..400 {
        let (partition, clustering, regular) = (rng.range(1, 3), rng.range(0, 3), rng.range(0, 2));
        let n = partition + clustering + regular;
        let name = |c: usize| if c < partition { format!("p{c}") } else if c < partition + clustering { format!("c{}", c - partition) } else { format!("r{}", c - partition - clustering) };
        let ops: Vec<Option<&str>> = (0..n)
            .map(|c| {
                let p = if c < partition { 0.93 } else if c < partition + clustering { 0.75 } else { 0.1 };
                let pick = if c < partition + clustering && rng.chance(0.8) { &["=", "IN"][..] } else { &["=", "IN", "<", ">="][..] };
                rng.chance(p).then(|| *rng.pick(pick))
            })
            .collect();
        let cols: Vec<String> = (0..n).map(|c| format!("{} int", name(c))).collect();
        let pk: Vec<String> = (0..partition).map(name).collect();
        let ck: Vec<String> = (partition..partition + clustering).map(name).collect();
        let key = if ck.is_empty() { format!("(({}))", pk.join(", ")) } else { format!("(({}), {})", pk.join(", "), ck.join(", ")) };
        let ddl = format!("CREATE TABLE t ({}, v text, PRIMARY KEY {key});\n", cols.join(", "));
        let relations: Vec<String> = (0..n).filter_map(|c| ops[c].map(|o| if o == "IN" { format!("{} IN (1, 2)", name(c)) } else { format!("{} {o} ?", name(c)) })).collect();
        if relations.is_empty() {
            continue;
        }
        let update = rng.chance(0.5);
        let stmt = if update { format!("UPDATE t SET v = 'x' WHERE {}", relations.join(" AND ")) } else { format!("DELETE FROM t WHERE {}", relations.join(" AND ")) };
        let s = import(&ddl, &ImportOptions { format: Some(SourceFormat::Cql), ..Default::default() }).schema;
        let found = review(&s, &stmt);
        let expect = !cassandra_writes(update, partition, clustering, &ops);
        assert_eq!(!found.is_empty(), expect, "case {case}:\n{ddl}{stmt}\n{:?}", found.iter().map(|f| &f.message).collect::<Vec<_>>());
        refused += usize::from(expect);
    }
    assert!((60..340).contains(&refused), "both outcomes are exercised: {refused} refused");
}

/// A random monotone condition: AND/OR over atoms, each on attribute 0 (the partition key), 1 or
/// 2, fixing it (`=`, `IN`) or not (a range, a function).
enum Cond {
    Atom { attr: usize, fixes: bool, text: String },
    And(Vec<Cond>),
    Or(Vec<Cond>),
}

fn condition(rng: &mut Rng, depth: usize) -> Cond {
    if depth == 0 || rng.chance(0.35) {
        let attr = rng.below(3);
        let name = ["\"pk\"", "sk", "\"other\""][attr];
        let (text, fixes) = match rng.below(6) {
            0 => (format!("{name} = ?"), true),
            1 => (format!("{name} IN ['a', 'b']"), true),
            2 => (format!("{name} > 3"), false),
            3 => (format!("begins_with({name}, 'x')"), false),
            4 => (format!("{name} BETWEEN 1 AND 9"), false),
            _ => (format!("'v' = {name}"), true),
        };
        return Cond::Atom { attr, fixes, text };
    }
    let parts = (0..rng.range(2, 3)).map(|_| condition(rng, depth - 1)).collect();
    if rng.chance(0.5) { Cond::And(parts) } else { Cond::Or(parts) }
}

fn text(c: &Cond) -> String {
    match c {
        Cond::Atom { text, .. } => text.clone(),
        Cond::And(v) => format!("({})", v.iter().map(text).collect::<Vec<_>>().join(" AND ")),
        Cond::Or(v) => format!("({})", v.iter().map(text).collect::<Vec<_>>().join(" OR ")),
    }
}

/// The condition's value when atom `i` (in order) has `truth(i)`.
fn eval(c: &Cond, next: &mut usize, truth: &dyn Fn(usize, &Cond) -> bool) -> bool {
    match c {
        Cond::Atom { .. } => {
            *next += 1;
            truth(*next - 1, c)
        }
        // Every part is evaluated (no short cut) so that atoms keep their numbers.
        Cond::And(v) => {
            let values: Vec<bool> = v.iter().map(|p| eval(p, next, truth)).collect();
            values.iter().all(|b| *b)
        }
        Cond::Or(v) => {
            let values: Vec<bool> = v.iter().map(|p| eval(p, next, truth)).collect();
            values.iter().any(|b| *b)
        }
    }
}

fn atoms(c: &Cond) -> usize {
    match c {
        Cond::Atom { .. } => 1,
        Cond::And(v) | Cond::Or(v) => v.iter().map(atoms).sum(),
    }
}

/// DynamoDB runs a Query when the condition cannot hold unless an atom fixing the partition key
/// holds. By truth table: with every such atom false and the others free, is it ever true?
fn needs_scan(c: &Cond) -> bool {
    holds_without(c, 0)
}

/// Whether the condition can hold with every atom fixing attribute `attr` false.
fn holds_without(c: &Cond, attr: usize) -> bool {
    let n = atoms(c);
    (0u64..(1 << n)).any(|bits| {
        let truth = |i: usize, a: &Cond| match a {
            Cond::Atom { attr: x, fixes: true, .. } if *x == attr => false,
            _ => bits & (1 << i) != 0,
        };
        eval(c, &mut 0, &truth)
    })
}

/// A DynamoDB table `T` keyed by `pk` (partition) and `sk` (sort), as the CLI describes it.
fn pk_sk_table() -> Schema {
    import(
        r#"{"TableName": "T", "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}]}"#,
        &ImportOptions::default(),
    )
    .schema
}

/// An UPDATE or DELETE names one item: DynamoDB refuses it unless the condition fixes both key
/// attributes (`pk`, `sk`) by equality — by truth table, as for the scan.
#[test]
fn dynamodb_writes_agree_with_a_truth_table_on_random_conditions() {
    let s = pk_sk_table();
    let mut rng = Rng::new(1819);
    let mut refused = 0;
    for case in 0..400 {
        let depth = rng.range(0, 2);
        let cond = condition(&mut rng, depth);
        let stmt = if rng.chance(0.5) { format!("UPDATE \"T\" SET a = 1 WHERE {}", text(&cond)) } else { format!("DELETE FROM T WHERE {}", text(&cond)) };
        let expect = holds_without(&cond, 0) || holds_without(&cond, 1);
        let found = review(&s, &stmt);
        assert_eq!(!found.is_empty(), expect, "case {case}: {stmt}");
        refused += usize::from(expect);
    }
    assert!(refused > 20 && refused < 400, "both outcomes are exercised: {refused} of 400 refused");
}

#[test]
fn dynamodb_rule_agrees_with_a_truth_table_on_random_conditions() {
    let s = pk_sk_table();
    let mut rng = Rng::new(18);
    let mut scans = 0;
    for case in 0..400 {
        // At most 9 atoms: a truth table of 512 rows.
        let depth = rng.range(0, 2);
        let cond = condition(&mut rng, depth);
        let query = format!("SELECT * FROM \"T\" WHERE {}", text(&cond));
        let expect = needs_scan(&cond);
        let found = review(&s, &query);
        assert_eq!(!found.is_empty(), expect, "case {case}: {query}");
        scans += usize::from(expect);
    }
    assert!((60..340).contains(&scans), "both outcomes are exercised: {scans} of 400 scan");
}
