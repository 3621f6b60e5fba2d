//! The inspector's normalization view and the Workload panel's view (`analysis::fd::view`,
//! `advisor::workload_view`): FD lines read per table with per-line errors, keys and normal
//! forms, proposals that apply as edits and undo to an equal schema, and both texts saved in
//! the project.

use erdsmith::analysis::fd::NormalForm;
use erdsmith::analysis::fd::view::{ProposalKind, normalization_view, parse_fd_lines, proposal_edits};
use erdsmith::analysis::{AnalysisConfig, advisor, reserve_fix_ids};
use erdsmith::edit::{Edit, apply, revert};
use erdsmith::export::migration;
use erdsmith::import::{ImportOptions, import};
use erdsmith::project::Project;
use erdsmith::schema::{Dialect, Schema, Table, TableId};

const DDL: &str = "
CREATE TABLE emp (id int PRIMARY KEY, dept_id int NOT NULL, dept_name text);
CREATE TABLE address (street text NOT NULL, city text NOT NULL, zip text NOT NULL, PRIMARY KEY (street, city));
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, status text, created_at timestamptz);
";

fn fixture() -> Schema {
    let r = import(DDL, &ImportOptions { dialect: Some(Dialect::Postgres), ..Default::default() });
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    r.schema
}

fn table<'a>(s: &'a Schema, name: &str) -> &'a Table {
    s.find_table(None, name).unwrap_or_else(|| panic!("no table {name}"))
}

/// Applies the edits as one batch the way the app does, validates, and checks that the
/// inverse restores an equal schema; returns the schema after the edits.
#[track_caller]
fn apply_and_undo(s: &Schema, edits: Vec<Edit>) -> Schema {
    let mut after = s.clone();
    reserve_fix_ids(&mut after, &edits);
    let reserved = after.clone();
    let inverse = apply(&mut after, Edit::Batch(edits)).expect("edits apply");
    after.validate().expect("valid after apply");
    let mut back = after.clone();
    revert(&mut back, inverse).expect("inverse applies");
    assert_eq!(back, reserved, "undo restores the schema");
    after
}

#[test]
fn bad_lines_name_the_line_and_the_column_and_the_rest_is_read() {
    let s = fixture();
    let text = "dept_id -> dept_name\n\n-- a comment\ndept_id -> budget\nno arrow here\n  DEPT_ID  ->  dept_name  ";
    let (ok, errors) = parse_fd_lines(table(&s, "emp"), text);
    assert_eq!(ok, ["dept_id -> dept_name", "DEPT_ID  ->  dept_name"]);
    let shown: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(errors.iter().map(|e| e.line).collect::<Vec<_>>(), [4, 5], "{shown:?}");
    assert!(shown[0].starts_with("line 4: ") && shown[0].contains("no column `budget`"), "{}", shown[0]);
    assert!(shown[1].starts_with("line 5: ") && shown[1].contains("expected `columns -> columns`"), "{}", shown[1]);

    // The readable line is still analysed.
    let v = normalization_view(table(&s, "emp"), text).expect("view");
    assert_eq!(v.errors, errors);
    assert_eq!(v.normal_form, NormalForm::Second);
}

#[test]
fn a_transitive_dependency_is_2nf_with_its_violation_and_a_lossless_3nf_synthesis() {
    let s = fixture();
    let v = normalization_view(table(&s, "emp"), "dept_id -> dept_name").expect("view");
    assert_eq!(v.seeds, ["id -> dept_id, dept_name"], "the primary key seeds a dependency");
    assert_eq!(v.declared, ["dept_id -> dept_name"]);
    assert_eq!(v.keys, [vec!["id".to_string()]]);
    assert!(!v.keys_truncated);
    assert_eq!(v.prime, ["id"]);
    assert_eq!(v.cover, ["id -> dept_id", "dept_id -> dept_name"]);
    assert_eq!((v.normal_form.label(), v.next), ("2NF", Some("3NF")));
    assert_eq!(v.violations.iter().map(|x| x.fd.as_str()).collect::<Vec<_>>(), ["dept_id -> dept_name"]);
    assert!(v.violations[0].why.contains("transitive"), "{}", v.violations[0].why);
    let synthesis = &v.proposals[0];
    assert_eq!(synthesis.kind, ProposalKind::Synthesis3nf);
    assert!(synthesis.lossless && synthesis.preserving && synthesis.lost.is_empty());
    assert_eq!(synthesis.blocked, None);
    let mut rels: Vec<(Vec<String>, Vec<String>)> = synthesis.relations.iter().map(|r| (r.columns.clone(), r.key.clone())).collect();
    rels.sort();
    assert_eq!(
        rels,
        [
            (vec!["dept_id".to_string(), "dept_name".to_string()], vec!["dept_id".to_string()]),
            (vec!["id".to_string(), "dept_id".to_string()], vec!["id".to_string()]),
        ]
    );
}

#[test]
fn a_key_only_table_is_bcnf_and_offers_nothing_to_apply() {
    let s = fixture();
    let v = normalization_view(table(&s, "orders"), "").expect("view");
    assert_eq!((v.normal_form, v.next), (NormalForm::Bcnf, None));
    assert!(v.violations.is_empty() && v.declared.is_empty() && v.errors.is_empty());
    assert!(v.proposals.iter().all(|p| p.blocked.is_some() && p.relations.len() == 1), "{:?}", v.proposals);
    let id = table(&s, "orders").id;
    let err = proposal_edits(&s, id, "", ProposalKind::Synthesis3nf).expect_err("nothing to apply");
    assert!(err.contains("nothing to split"), "{err}");
    assert!(proposal_edits(&s, TableId(9999), "", ProposalKind::Bcnf).is_err(), "a missing table is an error");
}

#[test]
fn bcnf_of_a_3nf_table_reports_the_lost_dependency() {
    let s = fixture();
    let v = normalization_view(table(&s, "address"), "zip -> city").expect("view");
    assert_eq!(v.normal_form, NormalForm::Third, "city is prime: 3NF but not BCNF");
    assert_eq!(v.next, Some("BCNF"));
    assert_eq!(v.violations.iter().map(|x| x.fd.as_str()).collect::<Vec<_>>(), ["zip -> city"]);
    let mut keys = v.keys.clone();
    keys.sort();
    assert_eq!(keys, [vec!["street".to_string(), "city".to_string()], vec!["street".to_string(), "zip".to_string()]]);
    let bcnf = v.proposals.iter().find(|p| p.kind == ProposalKind::Bcnf).expect("bcnf");
    assert!(bcnf.lossless, "BCNF decomposition is lossless by the chase");
    assert!(!bcnf.preserving);
    assert_eq!(bcnf.lost, ["street, city -> zip"]);
    assert_eq!(bcnf.relations.len(), 2);
}

#[test]
fn applying_the_3nf_proposal_moves_the_column_to_a_new_keyed_table() {
    let s = fixture();
    let emp = table(&s, "emp").clone();
    let edits = proposal_edits(&s, emp.id, "dept_id -> dept_name", ProposalKind::Synthesis3nf).expect("edits");
    let after = apply_and_undo(&s, edits);
    assert_eq!(after.tables.len(), s.tables.len() + 1);
    let new = after.tables.iter().find(|t| !s.tables.iter().any(|o| o.id == t.id)).expect("a new table");
    assert_eq!(new.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["dept_id", "dept_name"]);
    let pk = new.primary_key.as_ref().expect("the new table has a key");
    assert_eq!(pk.columns, [new.columns[0].id]);
    let emp_after = after.table(emp.id).expect("emp stays");
    assert_eq!(emp_after.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["id", "dept_id"]);
    assert!(emp_after.foreign_keys.iter().any(|fk| fk.ref_table == new.id), "emp references the new table");
    // Now in BCNF under the same (still readable) part of the text.
    let v = normalization_view(emp_after, "").expect("view");
    assert_eq!(v.normal_form, NormalForm::Bcnf);
    // The migration plan creates the new table.
    let plan = migration::plan(&s, &after, Dialect::Postgres);
    assert!(plan.up.contains(&format!("CREATE TABLE {}", new.name)) || plan.up.contains(&format!("CREATE TABLE \"{}\"", new.name)), "{}", plan.up);
}

#[test]
fn the_bcnf_proposal_applies_too() {
    let s = fixture();
    let id = table(&s, "address").id;
    let edits = proposal_edits(&s, id, "zip -> city", ProposalKind::Bcnf).expect("edits");
    let after = apply_and_undo(&s, edits);
    assert_eq!(after.tables.len(), s.tables.len() + 1);
    let kept: Vec<&str> = after.table(id).expect("address").columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(kept.len(), 2, "{kept:?}");
}

#[test]
fn inspector_text_and_workload_are_saved_with_the_project_and_old_files_load() {
    let s = fixture();
    let id = table(&s, "emp").id;
    let mut p = Project::new("p", DDL, None, s.clone());
    p.analysis.set_declared_fds(id, "dept_id -> dept_name\nbad -> line");
    p.analysis.workload = "SELECT * FROM orders WHERE customer_id = 1;".into();
    let json = p.to_json();
    let back = Project::from_json(&json).expect("loads");
    assert_eq!(back.analysis.declared_fds(id), "dept_id -> dept_name\nbad -> line", "kept verbatim");
    assert_eq!(back.analysis.workload, p.analysis.workload);
    assert_eq!(back, p);

    // Blank text removes the entry.
    let mut c = back.analysis.clone();
    c.set_declared_fds(id, "  \n");
    assert!(c.table_fds.is_empty());
    assert_eq!(c.declared_fds(id), "");

    // A file written before these fields existed still loads, with nothing declared.
    let mut v: serde_json::Value = serde_json::from_str(&Project::new("old", DDL, None, s).to_json()).expect("json");
    let analysis = v["analysis"].as_object_mut().expect("analysis object");
    analysis.remove("table_fds");
    analysis.remove("workload");
    assert!(!v.to_string().contains("table_fds"));
    let old = Project::from_json(&v.to_string()).expect("old file loads");
    assert_eq!(old.analysis, AnalysisConfig::default());
}

#[test]
fn the_declared_dependency_rule_reads_the_inspector_text() {
    let s = fixture();
    let mut config = AnalysisConfig::default();
    config.set_declared_fds(table(&s, "emp").id, "dept_id -> dept_name\nnope -> id");
    let findings = erdsmith::analysis::check(&s, &config);
    let f: Vec<_> = findings.iter().filter(|f| f.rule == "declared-dependency-violation").collect();
    assert_eq!(f.len(), 1, "{findings:?}");
    assert!(f[0].message.contains("2NF") && f[0].message.contains("dept_id -> dept_name"), "{}", f[0].message);
}

#[test]
fn the_workload_view_lists_proposals_with_their_queries_and_an_index_edit() {
    let s = fixture();
    let workload = "-- freq: 5\nSELECT * FROM orders WHERE customer_id = 7 AND status = 'open';\nSELECT id FROM orders WHERE customer_id = 3;\nSELECT * FROM nowhere WHERE x = 1;\nSELEC broken;";
    let v = advisor::workload_view(&s, workload);
    assert_eq!(v.queries, 4);
    assert_eq!(v.proposals.len(), 1, "the two-column index serves both queries: {:?}", v.proposals);
    let p = &v.proposals[0];
    assert_eq!(p.table, "orders");
    assert_eq!(p.columns, ["customer_id", "status"]);
    assert_eq!(p.queries.iter().map(|(n, _)| *n).collect::<Vec<_>>(), [1, 2]);
    assert!(p.queries[1].1.starts_with("SELECT id FROM orders"), "{:?}", p.queries);
    assert_eq!(p.weight, 6);
    assert!(p.sql.starts_with("CREATE INDEX CONCURRENTLY"), "{}", p.sql);
    assert!(v.diagnostics.iter().any(|d| d.contains("query 3") && d.contains("nowhere")), "{:?}", v.diagnostics);
    assert!(v.diagnostics.iter().any(|d| d.starts_with("query 4")), "{:?}", v.diagnostics);

    let after = apply_and_undo(&s, vec![p.edit.clone()]);
    let orders = table(&after, "orders");
    let ix = orders.indexes.iter().find(|i| i.name.as_deref() == Some(p.name.as_str())).expect("the index exists");
    assert_eq!(ix.leading_columns().count(), 2);
    // Once it exists nothing more is proposed.
    assert!(advisor::workload_view(&after, workload).proposals.is_empty());
    // An empty workload proposes nothing and reports nothing.
    assert_eq!(advisor::workload_view(&s, ""), advisor::WorkloadView::default());
}
