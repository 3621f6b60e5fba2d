//! "Compare two schemas": likely renames between two independent imports, confirmed or
//! rejected one by one, and the plans made with the confirmed ones.

use super::migration::save_sample_with;
use erdsmith::diff::{Change, Diff, QName, Rename, RenameChoices, RenameStatus, diff, diff_with};
use erdsmith::export::migration::plan_with;
use erdsmith::schema::{Dialect, Schema};
use erdsmith::testkit::schema;

fn q(name: &str) -> QName {
    QName { schema: None, name: name.into() }
}

fn table(from: &str, to: &str) -> Rename {
    Rename::Table { from: q(from), to: q(to) }
}

fn column(t: &str, from: &str, to: &str) -> Rename {
    Rename::Column { table: q(t), from: from.into(), to: to.into() }
}

/// Two independent imports (ids do not line up): posts became articles with title → headline,
/// users.phone became mobile.
fn pasted() -> (Schema, Schema) {
    let a = schema(
        Dialect::Postgres,
        "table users
         id int | pk
         email varchar(200) | nn
         phone varchar(30)
         table posts
         id int | pk
         author_id int | nn
         title varchar(200) | nn
         body text
         fk author_id -> users id as posts_author_fk
         index title as posts_title_idx
         table spacer
         x int",
    );
    let b = schema(
        Dialect::Postgres,
        // spacer first here, last there: no id lines up
        "table spacer
         x int
         table users
         id int | pk
         email varchar(200) | nn
         mobile varchar(30)
         table articles
         id int | pk
         author_id int | nn
         headline varchar(200) | nn
         body text
         fk author_id -> users id as posts_author_fk
         index headline as posts_title_idx",
    );
    (a, b)
}

fn kinds(d: &Diff) -> Vec<String> {
    d.changes.iter().map(|c| format!("{c:?}").split([' ', '(']).next().unwrap_or_default().to_string()).collect()
}

fn renames_of(d: &Diff) -> Vec<Rename> {
    d.proposals.iter().map(|p| p.rename.clone()).collect()
}

#[test]
fn proposals_name_what_they_would_rename() {
    let (a, b) = pasted();
    let d = diff(&a, &b);
    assert_eq!(renames_of(&d), [column("users", "phone", "mobile"), table("posts", "articles")]);
    assert!(kinds(&d).contains(&"DropTable".to_string()) && kinds(&d).contains(&"CreateTable".to_string()), "{:?}", kinds(&d));
}

#[test]
fn confirming_a_table_rename_pairs_it_and_proposes_its_columns() {
    let (a, b) = pasted();
    let d = diff_with(&a, &b, &[table("posts", "articles")]);
    let k = kinds(&d);
    assert!(!k.contains(&"DropTable".to_string()) && !k.contains(&"CreateTable".to_string()), "{k:?}");
    assert!(d.changes.contains(&Change::RenameTable { from: q("posts"), to: q("articles") }), "{:?}", d.changes);
    // Now paired, the table's own columns are compared: title/headline is the next proposal.
    assert_eq!(renames_of(&d), [column("users", "phone", "mobile"), column("posts", "title", "headline")]);
}

#[test]
fn confirming_every_proposal_leaves_only_renames() {
    let (a, b) = pasted();
    let all = [table("posts", "articles"), column("posts", "title", "headline"), column("users", "phone", "mobile")];
    let d = diff_with(&a, &b, &all);
    assert!(d.proposals.is_empty(), "{:?}", d.proposals);
    assert_eq!(kinds(&d), ["RenameColumn", "RenameTable", "RenameColumn", "RenameConstraint"], "{:?}", d.changes);
    let m = plan_with(&a, &b, Dialect::Postgres, &all);
    assert!(m.up.contains("ALTER TABLE posts RENAME TO articles;"), "{}", m.up);
    assert!(m.up.contains("ALTER TABLE articles RENAME COLUMN title TO headline;"), "{}", m.up);
    assert!(m.up.contains("ALTER TABLE users RENAME COLUMN phone TO mobile;"), "{}", m.up);
    assert!(!m.up.contains("DROP"), "{}", m.up);
    // The way back renames back, named as in the target.
    assert!(m.down.contains("ALTER TABLE articles RENAME TO posts;"), "{}", m.down);
    assert!(m.down.contains("ALTER TABLE posts RENAME COLUMN headline TO title;"), "{}", m.down);
    assert!(m.down.contains("ALTER TABLE users RENAME COLUMN mobile TO phone;"), "{}", m.down);
    assert!(!m.down.contains("DROP"), "{}", m.down);
    save_sample_with("confirmed_renames", &a, &b, &all);
}

/// Two imports of similar texts hand out the same ids: the comparison must not pair by them.
#[test]
fn coinciding_ids_of_two_imports_still_propose_renames() {
    let a = schema(Dialect::Postgres, "table users\nid int | pk\nphone varchar(30)\ntable posts\nid int | pk\ntitle text | nn\nbody text");
    let b = schema(Dialect::Postgres, "table users\nid int | pk\nmobile varchar(30)\ntable articles\nid int | pk\ntitle text | nn\nbody text");
    assert_eq!(a.tables[1].id, b.tables[1].id, "the ids coincide");
    assert_eq!(renames_of(&diff_with(&a, &b, &[])), [column("users", "phone", "mobile"), table("posts", "articles")]);
}

#[test]
fn renames_naming_nothing_change_nothing() {
    let (a, b) = pasted();
    let none = diff(&a, &b);
    assert_eq!(diff_with(&a, &b, &[table("nope", "articles"), column("users", "nope", "mobile"), table("posts", "nope")]), none);
}

#[test]
fn choices_list_confirmed_open_and_rejected() {
    let (a, b) = pasted();
    let mut ch = RenameChoices::default();
    let rows = ch.rows(&diff_with(&a, &b, &ch.confirmed));
    let st: Vec<_> = rows.iter().map(|r| (r.rename.clone(), r.status)).collect();
    assert_eq!(st, [(column("users", "phone", "mobile"), RenameStatus::Open), (table("posts", "articles"), RenameStatus::Open)]);

    ch.confirm(table("posts", "articles"));
    ch.reject(column("users", "phone", "mobile"));
    let rows = ch.rows(&diff_with(&a, &b, &ch.confirmed));
    let st: Vec<_> = rows.iter().map(|r| (r.rename.clone(), r.status)).collect();
    assert_eq!(st, [
        (table("posts", "articles"), RenameStatus::Confirmed),
        (column("users", "phone", "mobile"), RenameStatus::Rejected),
        (column("posts", "title", "headline"), RenameStatus::Open),
    ]);
    assert_eq!(rows[0].text, "table posts → articles (confirmed)");

    // Taking a confirmation back: proposed again, marked rejected, and the plan drops and creates.
    ch.reject(table("posts", "articles"));
    assert!(ch.confirmed.is_empty());
    let d = diff_with(&a, &b, &ch.confirmed);
    assert!(ch.rows(&d).iter().any(|r| r.rename == table("posts", "articles") && r.status == RenameStatus::Rejected));
    assert!(kinds(&d).contains(&"DropTable".to_string()));

    // A confirmed rename the target no longer allows is not listed.
    let mut stale = RenameChoices::default();
    stale.confirm(table("posts", "gone"));
    let rows = stale.rows(&diff_with(&a, &b, &stale.confirmed));
    assert!(rows.iter().all(|r| r.status != RenameStatus::Confirmed), "{rows:?}");
}

/// SQLite rebuilds a table whose column changes type; a confirmed column rename must still copy
/// that column's data (by its old name) into the rebuilt table.
#[test]
fn sqlite_rebuild_copies_a_confirmed_renamed_column() {
    let a = schema(Dialect::Sqlite, "table users\nid int | pk\nphone varchar(30)\nage int");
    let b = schema(Dialect::Sqlite, "table spacer\nx int\ntable users\nid int | pk\nmobile varchar(30)\nage bigint");
    let r = [column("users", "phone", "mobile")];
    let m = plan_with(&a, &b, Dialect::Sqlite, &r);
    assert!(m.up.contains("SELECT \"id\", \"phone\", \"age\" FROM") || m.up.contains("SELECT id, phone, age FROM"), "{}", m.up);
    save_sample_with("sqlite_rebuild_rename", &a, &b, &r);
}

#[test]
fn combined_file_runs_only_the_up_script() {
    let (a, b) = pasted();
    let m = plan_with(&a, &b, Dialect::Postgres, &[table("posts", "articles")]);
    let c = erdsmith::export::migration::combined(&m);
    assert!(c.starts_with("-- ==== up ====\n") && c.contains(&m.up), "{c}");
    let (_, down) = c.split_once("-- ==== down").expect("down section");
    assert!(down.contains("-- ALTER TABLE articles RENAME TO posts;"), "{down}");
    // Every line of the down section is a comment.
    assert!(down.lines().skip(1).all(|l| l.is_empty() || l.starts_with("--")), "{down}");
}
