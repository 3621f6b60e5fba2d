//! Scale advice: the distribution advisor on a real multi-tenant schema (Lago) and on seeded
//! generated schemas whose answer is known (tenant column, reference tables, every breaking
//! constraint planted), with a brute-force check that the pick co-locates the most foreign
//! keys; the report's "Scale advice" section through the CLI.

use crate::support::Pick;
use crate::support::{corpus, corpus_dir};
use erdsmith::analysis::distribution::{self, Distribution, Role};
use erdsmith::analysis::{AnalysisConfig, check};
use erdsmith::import::{ImportOptions, import};
use erdsmith::rng::Rng;
use erdsmith::schema::{Dialect, Schema, Table, TableId};
use erdsmith::testkit::schema;
use std::collections::BTreeSet;

fn lago() -> Schema {
    let text = corpus("lago_structure.sql");
    import(&text, &ImportOptions { dialect: Some(Dialect::Postgres), ..Default::default() }).schema
}

/// The invariants every proposal keeps, whatever the schema.
#[track_caller]
fn assert_consistent(s: &Schema, d: &Distribution) {
    for (id, role) in &d.roles {
        let t = s.table(*id).expect("a role names a table");
        match role {
            Role::Distributed(col) => assert!(t.column_by_name(col).is_some(), "{} is distributed by `{col}`, which it lacks", t.name),
            Role::Reference | Role::Local => {
                assert!(t.columns.iter().all(|c| !c.name.eq_ignore_ascii_case(&d.column)), "{} has `{}` but is not distributed", t.name, d.column);
            }
        }
    }
    assert!(d.colocated <= d.edges);
    assert!((0.0..=1.0).contains(&d.confidence), "{}", d.confidence);
    for b in &d.breaking {
        let t = s.table(b.table).expect("a breaking constraint names a table");
        assert!(b.columns.iter().all(|c| t.column(*c).is_some()), "{}: {}", t.name, b.what);
        if b.what.starts_with("primary key") || b.what.starts_with("unique") {
            let Some(Role::Distributed(col)) = d.role(b.table) else { panic!("{}: a key breaks only on a distributed table", t.name) };
            let dcol = t.column_by_name(col).map(|c| c.id);
            assert!(!b.columns.iter().any(|c| Some(*c) == dcol), "{}: {} includes `{col}`", t.name, b.what);
        }
    }
}

/// Co-located foreign keys under `column`, counted from the definition alone (a second,
/// independent implementation): tables with the column and what those columns reference are
/// distributed; what distributed tables reference otherwise, transitively, is reference; a
/// foreign key is co-located from distributed to distributed, or from either to reference.
fn naive_colocated(s: &Schema, column: &str) -> usize {
    let tables: Vec<&Table> = s.tables.iter().filter(|t| t.kind != erdsmith::schema::TableKind::Partition).collect();
    let has = |t: &Table| t.columns.iter().any(|c| c.name.eq_ignore_ascii_case(column));
    let mut dist: BTreeSet<TableId> = tables.iter().filter(|t| has(t)).map(|t| t.id).collect();
    let roots: Vec<TableId> = tables
        .iter()
        .filter(|t| has(t))
        .flat_map(|t| t.foreign_keys.iter().filter(|fk| fk.columns.iter().any(|c| t.column(*c).is_some_and(|c| c.name.eq_ignore_ascii_case(column)))))
        .map(|fk| fk.ref_table)
        .collect();
    dist.extend(roots);
    let mut reference: BTreeSet<TableId> = BTreeSet::new();
    loop {
        let found: BTreeSet<TableId> = tables
            .iter()
            .filter(|t| dist.contains(&t.id) || reference.contains(&t.id))
            .flat_map(|t| t.foreign_keys.iter().map(|fk| fk.ref_table))
            .filter(|r| !dist.contains(r) && tables.iter().any(|x| x.id == *r))
            .collect();
        if found.is_subset(&reference) {
            break;
        }
        reference.extend(found);
    }
    let in_scope = |t: TableId| tables.iter().any(|x| x.id == t);
    tables
        .iter()
        .flat_map(|t| t.foreign_keys.iter().map(move |fk| (t.id, fk.ref_table)))
        .filter(|(_, to)| in_scope(*to))
        .filter(|(from, to)| (dist.contains(from) && dist.contains(to)) || ((dist.contains(from) || reference.contains(from)) && reference.contains(to)))
        .count()
}

/// The brute-force oracle: no column name used by a foreign key co-locates more foreign keys
/// than the pick, counted by the advisor and by [`naive_colocated`].
#[track_caller]
fn assert_pick_is_best(s: &Schema, d: &Distribution) {
    assert_eq!(naive_colocated(s, &d.column), d.colocated, "the pick `{}` counted two ways", d.column);
    let mut names: BTreeSet<String> = distribution::candidates(s).into_iter().collect();
    for (t, fk) in s.foreign_keys() {
        names.extend(fk.columns.iter().filter_map(|c| t.column(*c)).map(|c| c.name.to_lowercase()));
    }
    let candidates: BTreeSet<String> = distribution::candidates(s).into_iter().collect();
    for name in names {
        let other = distribution::evaluate(s, &name);
        // The naive count skips the fallback root by name (no declared reference needed).
        if s.foreign_keys().any(|(t, fk)| fk.columns.iter().any(|c| t.column(*c).is_some_and(|c| c.name.eq_ignore_ascii_case(&name)))) {
            assert_eq!(naive_colocated(s, &name), other.colocated, "`{name}` counted two ways");
        }
        if candidates.contains(&name) {
            assert!(other.colocated <= d.colocated, "`{name}` co-locates {} foreign keys, the pick `{}` {}", other.colocated, d.column, d.colocated);
        }
        assert_consistent(s, &other);
    }
}

#[test]
fn distribution_on_lago_picks_organization_id() {
    let s = lago();
    let d = distribution::propose(&s).expect("a proposal for Lago");
    assert_eq!(d.column, "organization_id");
    assert_consistent(&s, &d);
    assert_pick_is_best(&s, &d);
    // Every table with the column is distributed by it; the organizations table by its id.
    for t in s.tables.iter().filter(|t| t.kind != erdsmith::schema::TableKind::Partition) {
        if t.column_by_name("organization_id").is_some() {
            assert_eq!(d.role(t.id), Some(&Role::Distributed("organization_id".into())), "{}", t.name);
        }
    }
    let orgs = s.find_table(Some("public"), "organizations").expect("organizations");
    assert_eq!(d.role(orgs.id), Some(&Role::Distributed("id".into())));
    let reference: Vec<&str> = d.tables_with(&|r| *r == Role::Reference).iter().filter_map(|t| s.table(*t)).map(|t| t.name.as_str()).collect();
    assert!(reference.contains(&"users"), "{reference:?}");
    assert!(d.confidence >= 0.9, "{} ({})", d.confidence, d.reason);
    assert!(d.colocated * 10 >= d.edges * 9, "{} of {}", d.colocated, d.edges);
    // The rule reports each table with a breaking constraint once.
    let findings = check(&s, &AnalysisConfig::default());
    let flagged: BTreeSet<TableId> = findings.iter().filter(|f| f.rule == "distribution-breaks-constraint").filter_map(|f| f.table).collect();
    let breaking: BTreeSet<TableId> = d.breaking.iter().map(|b| b.table).collect();
    assert_eq!(flagged, breaking);
}

/// A schema built through the model's API, remembering what it planted.
struct Generated {
    schema: Schema,
    reference: BTreeSet<String>,
    /// `(table, what)` of every planted breaking constraint.
    breaking: BTreeSet<(String, String)>,
}

/// A table in `public` from `name type` pairs, in `erdsmith::testkit`'s notation: the `…id`
/// columns NOT NULL, the others nullable.
fn table(text: &mut String, name: &str, cols: &[(&str, &str)]) {
    text.push_str(&format!("table public.{name}\n"));
    for (n, ty) in cols {
        text.push_str(&format!("{n} {ty}{}\n", if n.ends_with("id") { " | nn" } else { "" }));
    }
}

/// `tenants` + 10–16 tenant-rooted tables (`tenant_id`, parents, lookups) + 2–4 reference
/// tables (one referencing another) + a reference table that references tenant data + local
/// noise; 20% of keys and 25% of parent foreign keys planted without `tenant_id`.
fn generate(seed: u64) -> Generated {
    let mut rng = Rng::new(seed);
    let mut text = String::new();
    let (mut reference, mut breaking) = (BTreeSet::new(), BTreeSet::new());
    table(&mut text, "tenants", &[("id", "bigint"), ("name", "text")]);
    text.push_str("pk id\n");
    let mut refs: Vec<String> = Vec::new();
    for k in 0..rng.range(2, 4) {
        let name = format!("ref_{k}");
        table(&mut text, &name, &[("id", "int"), ("label", "text")]);
        text.push_str("pk id\n");
        if let Some(first) = refs.first() {
            // A lookup of a lookup: reference too.
            let col = format!("ref_{k}_parent_id");
            text.push_str(&format!("{col} int\nfk {col} -> public.{first} id\n"));
        }
        reference.insert(name.clone());
        refs.push(name);
    }
    let n = rng.range(10, 16);
    let mut tenant_tables: Vec<String> = Vec::new();
    for i in 0..n {
        let name = format!("t_{i}");
        let parent = (i > 0 && rng.chance(0.6)).then(|| rng.below(i));
        let parent_col = parent.map(|j| format!("t_{j}_id"));
        let lookup = refs.get(i % refs.len().max(1)).cloned().filter(|_| i < refs.len() || rng.chance(0.5));
        let lookup_col = lookup.as_ref().map(|r| format!("{r}_id"));
        let mut cols: Vec<(&str, &str)> = vec![("id", "bigint"), ("tenant_id", "bigint"), ("created_at", "timestamptz"), ("code", "text")];
        cols.extend(parent_col.as_deref().map(|c| (c, "bigint")));
        cols.extend(lookup_col.as_deref().map(|c| (c, "int")));
        table(&mut text, &name, &cols);
        text.push_str("fk tenant_id -> public.tenants id\n");
        if rng.chance(0.2) {
            text.push_str("pk id\n");
            breaking.insert((name.clone(), "primary key (id)".to_string()));
        } else {
            text.push_str("pk tenant_id id\n");
        }
        if rng.chance(0.15) {
            text.push_str("unique code\n");
            breaking.insert((name.clone(), "unique (code)".to_string()));
        } else if rng.chance(0.5) {
            text.push_str("unique tenant_id code\n");
        }
        if let (Some(j), Some(col)) = (parent, parent_col.as_deref()) {
            let pname = tenant_tables.get(j).cloned().expect("an earlier tenant table");
            if rng.chance(0.25) {
                text.push_str(&format!("fk {col} -> public.{pname} id\n"));
                breaking.insert((name.clone(), format!("foreign key ({col}) → {pname}")));
            } else {
                text.push_str(&format!("fk tenant_id {col} -> public.{pname} tenant_id id\n"));
            }
        }
        if let (Some(r), Some(col)) = (lookup, lookup_col.as_deref()) {
            text.push_str(&format!("fk {col} -> public.{r} id\n"));
        }
        tenant_tables.push(name);
    }
    let t0_name = tenant_tables.first().cloned().expect("tenant tables");
    // A reference table (a tenant table looks it up) that points at tenant data: not allowed.
    table(&mut text, "ref_owner", &[("id", "int"), ("t_0_owner_id", "bigint")]);
    text.push_str(&format!("pk id\nfk t_0_owner_id -> public.{t0_name} id\n"));
    reference.insert("ref_owner".into());
    breaking.insert(("ref_owner".into(), format!("foreign key (t_0_owner_id) → {t0_name}")));
    let last = tenant_tables.last().cloned().expect("tenant tables");
    text.push_str(&format!("alter public.{last}\nref_owner_id int\nfk ref_owner_id -> public.ref_owner id\n"));
    // Local noise: a log nobody references, and one that references tenant data (breaks).
    for k in 0..rng.range(0, 2) {
        table(&mut text, &format!("audit_{k}"), &[("id", "bigint"), ("message", "text"), ("at", "timestamptz")]);
        text.push_str("pk id\n");
    }
    if rng.chance(0.5) {
        table(&mut text, "export_log", &[("id", "bigint"), ("t_0_ref", "bigint")]);
        text.push_str(&format!("pk id\nfk t_0_ref -> public.{t0_name} id\n"));
        breaking.insert(("export_log".into(), format!("foreign key (t_0_ref) → {t0_name}")));
    }
    Generated { schema: schema(Dialect::Postgres, &text), reference, breaking }
}

#[test]
fn distribution_recovers_the_planted_tenant_reference_tables_and_breaking_constraints() {
    let mut planted = [0; 4];
    for seed in 0..40 {
        let g = generate(seed);
        for (_, what) in &g.breaking {
            let kind = ["primary key", "unique", "foreign key (t_", "foreign key (t_0_"].iter().rposition(|k| what.starts_with(k)).unwrap_or(0);
            planted[kind] += 1;
        }
        let s = &g.schema;
        let d = distribution::propose(s).unwrap_or_else(|| panic!("seed {seed}: no proposal"));
        assert_eq!(d.column, "tenant_id", "seed {seed}: {}", d.reason);
        assert_consistent(s, &d);
        assert_pick_is_best(s, &d);
        let name = |t: &TableId| s.table(*t).map(|t| t.name.clone()).unwrap_or_default();
        let reference: BTreeSet<String> = d.tables_with(&|r| *r == Role::Reference).iter().map(name).collect();
        assert_eq!(reference, g.reference, "seed {seed}");
        let tenants = s.find_table(None, "tenants").expect("tenants");
        assert_eq!(d.role(tenants.id), Some(&Role::Distributed("id".into())), "seed {seed}");
        let found: BTreeSet<(String, String)> = d.breaking.iter().map(|b| (name(&b.table), b.what.clone())).collect();
        assert_eq!(found, g.breaking, "seed {seed}");
        // Every foreign key but the planted reference→distributed and local→distributed ones is co-located.
        let cross = g.breaking.iter().filter(|(t, _)| t == "ref_owner" || t == "export_log").count();
        assert_eq!(d.colocated + cross, d.edges, "seed {seed}");
    }
    // Each kind was planted: keys, uniques, parent foreign keys, references to tenant data.
    assert!(planted.iter().all(|n| *n >= 3), "{planted:?}");
}

/// The report through the CLI: partitioning with DDL for three engines, the distribution
/// proposal with its reference tables and breaking constraints, the tenancy gaps.
#[test]
fn report_has_a_scale_advice_section() {
    let dir = std::env::temp_dir().join(format!("erdsmith-scale-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    let file = dir.join("saas.sql");
    std::fs::write(
        &file,
        "CREATE TABLE tenants (id bigint PRIMARY KEY);\n\
         CREATE TABLE plans (id int PRIMARY KEY, name text);\n\
         CREATE TABLE projects (tenant_id bigint NOT NULL REFERENCES tenants, id bigint, plan_id int REFERENCES plans, PRIMARY KEY (tenant_id, id));\n\
         -- erdsmith:rows 2e8\n\
         CREATE TABLE events (id bigint PRIMARY KEY, tenant_id bigint NOT NULL REFERENCES tenants, project_id bigint, created_at timestamptz NOT NULL,\n\
           FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id));\n\
         CREATE INDEX ON events (tenant_id, created_at);\n\
         CREATE TABLE notes (id bigint PRIMARY KEY, tenant_id bigint NOT NULL);\n\
         ALTER TABLE projects ENABLE ROW LEVEL SECURITY;\n",
    )
    .expect("written");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_erdsmith")).arg("report").arg(&file).output().expect("erdsmith runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let md = String::from_utf8_lossy(&out.stdout);
    let start = md.find("## Scale advice").unwrap_or_else(|| panic!("no scale section:\n{md}"));
    let section = md.get(start..).and_then(|s| s.split("\n## Operations").next()).unwrap_or_default();
    for needle in [
        "### Partitioning",
        "- **events**: about 200000000 rows; range-partition by `created_at`, one partition per month, keep 13 monthly partitions",
        "PARTITION BY RANGE (created_at);",
        "PARTITION BY RANGE (UNIX_TIMESTAMP(`created_at`))",
        "MODIFY PARTITION BY RANGE (created_at) INTERVAL (NUMTOYMINTERVAL(1, 'MONTH'))",
        "Distribute by **`tenant_id`**",
        "- Reference tables to replicate (1): `plans`",
        "- **events** primary key (id): a unique key of a distributed table must include its distribution column `tenant_id`",
        "3 of 5 tables carry `tenant_id`",
        "**notes** `tenant-key-not-indexed`",
        "**events** `tenant-table-without-row-security`",
        "**notes** `tenant-table-without-row-security`",
    ] {
        assert!(section.contains(needle), "{needle:?} not in:\n{section}");
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(corpus_dir().join("lago_structure.sql").is_file());
}

/// The row estimate the app sets writes a hint into the text that the next import gives to
/// that table and no other — after random edits of the model (so the spans the hint is placed
/// by are the ones the edits left), and set again, changed and removed.
#[test]
fn a_row_estimate_set_in_the_text_belongs_to_its_table() {
    use erdsmith::analysis::partitioning::{row_estimates, with_row_hint};
    use erdsmith::sync::{Document, History, reconcile};
    for (file, seed) in [("pagila_schema.sql", 31u64), ("sakila_mysql.sql", 32), ("lago_structure.sql", 33), ("mediawiki_sqlite.sql", 34)] {
        if !corpus_dir().join(file).exists() {
            continue;
        }
        let mut text = corpus(file);
        let mut schema = import(&text, &ImportOptions::default()).schema;
        let mut history = History::new();
        let mut rng = Rng::new(seed);
        for n in 0..20 {
            let mut scratch = schema.clone();
            let Some(e) = (0..8).find_map(|_| crate::sync::random_edit(&mut scratch, &mut rng, n)) else { continue };
            schema.next_id = scratch.next_id;
            let _ = Document { text: &mut text, schema: &mut schema, history: &mut history }.edit(e);
        }
        let reimport = |t: &str, s: &Schema| reconcile(s, import(t, &ImportOptions { dialect: Some(s.dialect), ..Default::default() }).schema);
        let ordinary: Vec<TableId> = schema.tables.iter().filter(|t| t.parent.is_none()).map(|t| t.id).collect();
        let mut want = std::collections::BTreeMap::new();
        for step in 0..12 {
            let id = *rng.pick(&ordinary);
            let rows = if step % 4 == 3 { None } else { Some([5_000_000u64, 25_000_000_000, 1_234, 70_000][rng.below(4)]) };
            let name = schema.table(id).map(|t| t.qualified_name()).unwrap_or_default();
            text = with_row_hint(&text, &schema, id, rows).unwrap_or_else(|| panic!("{file}: {name} has a statement"));
            schema = reimport(&text, &schema);
            match rows {
                Some(r) => want.insert(name.clone(), r),
                None => want.remove(&name),
            };
            let got: std::collections::BTreeMap<String, u64> =
                row_estimates(&text, &schema).into_iter().filter_map(|(t, r)| Some((schema.table(t)?.qualified_name(), r))).collect();
            assert_eq!(got, want, "{file}: step {step} ({name} → {rows:?})");
        }
    }
}

/// A small random schema that stresses what ranking a candidate looks at: names that differ only
/// in case, tables named for a key (`orgs`, `organizations`) with and without a declared
/// reference, composite and self-referencing foreign keys, foreign keys to partitions (out of
/// scope) or to a column that does not exist, and tables without a primary key.
fn tangled(rng: &mut Rng) -> Schema {
    const TABLES: &[&str] = &["orgs", "organizations", "tenants", "accounts", "users", "items", "org_users", "audit"];
    const COLUMNS: &[&str] = &["id", "org_id", "Org_ID", "organization_id", "tenant_id", "account_id", "user_id", "code", "parent_id"];
    let n = rng.range(2, 9);
    let mut names: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut columns: Vec<Vec<String>> = Vec::new();
    for i in 0..n {
        let name = format!("{}{}", rng.pick(TABLES), if i >= TABLES.len() / 2 { format!("_{i}") } else { String::new() });
        if names.contains(&name) {
            continue;
        }
        text.push_str(&format!("table {name}\n"));
        let mut cols: Vec<String> = Vec::new();
        for _ in 0..rng.range(1, 5) {
            let c = rng.pick(COLUMNS).to_string();
            if !cols.contains(&c) {
                let pk = if cols.is_empty() && rng.chance(0.8) { " | pk" } else { "" };
                text.push_str(&format!("`{c}` bigint{pk}\n"));
                cols.push(c);
            }
        }
        names.push(name);
        columns.push(cols);
    }
    for (i, name) in names.iter().enumerate() {
        let mut fks = String::new();
        for _ in 0..rng.below(4) {
            let j = rng.below(names.len());
            let width = rng.range(1, 3).min(columns[i].len()).min(columns[j].len());
            let from: Vec<&str> = (0..width).map(|_| rng.pick(&columns[i]).as_str()).collect();
            let to: Vec<&str> = (0..width).map(|_| rng.pick(&columns[j]).as_str()).collect();
            fks.push_str(&format!("fk {} -> {} {}\n", from.join(" "), names[j], to.join(" ")));
        }
        if !fks.is_empty() {
            text.push_str(&format!("alter {name}\n{fks}"));
        }
    }
    let mut s = schema(Dialect::Postgres, &text);
    if s.tables.len() > 2 && rng.chance(0.3) {
        let i = rng.below(s.tables.len());
        s.tables[i].kind = erdsmith::schema::TableKind::Partition;
    }
    if rng.chance(0.2) {
        // A foreign key to a column the target lacks (a model mid-edit): a root it makes has no
        // distribution column and does not count as distributed.
        let i = rng.below(s.tables.len());
        if let Some(fk) = s.tables[i].foreign_keys.first_mut() {
            fk.ref_columns[0] = erdsmith::schema::ColumnId(1_000_000);
        }
    }
    s
}

/// On every corpus schema, the seeded multi-tenant ones and random tangled ones, each
/// candidate's rank (`distribution::ranks`) is what its full evaluation reports, and the pick is
/// the best rank (first name on a tie).
#[test]
fn ranks_count_what_evaluate_counts() {
    let check = |label: &str, s: &Schema| {
        let ranks = distribution::ranks(s);
        assert_eq!(ranks.iter().map(|(c, _)| c.clone()).collect::<Vec<_>>(), distribution::candidates(s), "{label}");
        for (column, rank) in &ranks {
            let d = distribution::evaluate(s, column);
            let full = distribution::Rank { colocated: d.colocated, distributed: d.distributed(), named: rank.named };
            assert_eq!(*rank, full, "{label}: `{column}`");
        }
        let best = ranks.iter().map(|(_, r)| *r).max();
        let first_best = ranks.iter().find(|(_, r)| Some(*r) == best).map(|(c, _)| c.clone());
        assert_eq!(distribution::propose(s).map(|d| d.column), first_best, "{label}");
        ranks.len()
    };
    let mut ranked = 0;
    for entry in std::fs::read_dir(corpus_dir()).expect("the corpus") {
        let path = entry.expect("an entry").path();
        if path.extension().is_some_and(|e| e == "sql") {
            let text = String::from_utf8_lossy(&std::fs::read(&path).expect("readable")).into_owned();
            ranked += check(&path.display().to_string(), &import(&text, &ImportOptions::default()).schema);
        }
    }
    for seed in 0..40 {
        ranked += check(&format!("generated seed {seed}"), &generate(seed).schema);
    }
    let mut rng = Rng::new(17);
    for round in 0..400 {
        let s = tangled(&mut rng);
        ranked += check(&format!("tangled round {round}"), &s);
    }
    assert!(ranked > 1000, "only {ranked} candidates ranked");
}
