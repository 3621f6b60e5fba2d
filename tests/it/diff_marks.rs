//! The diff on the diagram (`export::diff_marks`): after random edit sequences on corpus
//! schemas, every change the user made is marked on what the diagram draws — checked against an
//! oracle that compares the two schemas by id, not through the diff — and every change of the
//! plan has a place; the SVG and Mermaid exports draw the same marks.

use erdsmith::diff::{self, QName, Rename, canonical_type};
use erdsmith::export::diff_marks::{Mark, Marks, Place};
use erdsmith::export::{mermaid, svg};
use erdsmith::import::{ImportOptions, import};
use erdsmith::rng::Rng;
use erdsmith::schema::{Dialect, Schema, Table};
use erdsmith::sync::{Document, History};

fn imported(text: &str) -> Schema {
    import(text, &ImportOptions::default()).schema
}

/// `schema` after up to 40 random edits made the way the app makes them.
fn edited(schema: &Schema, text: &str, seed: u64) -> Schema {
    let (mut text, mut schema, mut history) = (text.to_string(), schema.clone(), History::new());
    let mut rng = Rng::new(seed);
    for n in 0..40 {
        let mut scratch = schema.clone();
        let Some(e) = (0..8).find_map(|_| crate::sync::random_edit(&mut scratch, &mut rng, n)) else { continue };
        schema.next_id = scratch.next_id;
        let mut d = Document { text: &mut text, schema: &mut schema, history: &mut history };
        let _ = d.edit(e);
    }
    schema
}

fn type_of(c: &erdsmith::schema::Column) -> String {
    canonical_type(&c.data_type.normalized)
}

/// What the oracle sees changed in a table paired by id and name: (column marks expected,
/// dropped column names, whether the table's keys/indexes/comment changed).
fn expected(b: &Table, t: &Table) -> (Vec<(erdsmith::schema::ColumnId, &'static str)>, Vec<String>, bool) {
    let mut cols = Vec::new();
    for c in &t.columns {
        match b.column(c.id) {
            None => cols.push((c.id, "added")),
            Some(p) if !p.name.eq_ignore_ascii_case(&c.name) => cols.push((c.id, "renamed")),
            Some(p) if type_of(p) != type_of(c) || p.nullable != c.nullable || p.comment != c.comment => cols.push((c.id, "changed")),
            Some(_) => {}
        }
    }
    let dropped = b.columns.iter().filter(|c| t.column(c.id).is_none()).map(|c| c.name.clone()).collect();
    let names = |t: &Table, ids: &[erdsmith::schema::ColumnId]| ids.iter().filter_map(|c| t.column(*c)).map(|c| c.name.to_lowercase()).collect::<Vec<_>>();
    let keys = |t: &Table| {
        let mut u: Vec<Vec<String>> = t.uniques.iter().map(|u| names(t, &u.columns)).collect();
        u.sort();
        let mut f: Vec<Vec<String>> = t.foreign_keys.iter().map(|f| names(t, &f.columns)).collect();
        f.sort();
        (u, f, t.comment.clone())
    };
    // Keys compare by column names: a renamed column in a key is the column's change, not the key's.
    let renamed = cols.iter().any(|(_, k)| *k == "renamed");
    (cols, dropped, !renamed && keys(b) != keys(t))
}

#[test]
fn every_edit_is_marked_on_what_the_diagram_draws() {
    let mut checked = 0;
    for (file, seed) in [("pagila_schema.sql", 21), ("sakila_mysql.sql", 22), ("zabbix_postgres.sql", 23), ("mediawiki_sqlite.sql", 24), ("chinook_sqlserver.sql", 25)] {
        let path = crate::support::corpus_dir().join(file);
        if !path.exists() {
            continue;
        }
        let text = crate::support::corpus(file);
        let baseline = imported(&text);
        let current = edited(&baseline, &text, seed);
        let d = diff::diff(&baseline, &current);
        let m = Marks::of(&baseline, &current, &d);
        assert_eq!(m.items.len(), d.changes.len(), "{file}: one item per change");
        assert!(!m.is_empty(), "{file}: the edits changed something");
        for t in &current.tables {
            let tm = m.tables.get(&t.id);
            let Some(b) = baseline.table(t.id) else {
                if baseline.find_table(t.schema.as_deref(), &t.name).is_none() {
                    assert_eq!(tm.and_then(|x| x.mark), Some(Mark::Added), "{file}: new table {} marked added", t.name);
                }
                continue;
            };
            if !b.name.eq_ignore_ascii_case(&t.name) {
                let tm = tm.unwrap_or_else(|| panic!("{file}: renamed table {} → {} unmarked", b.name, t.name));
                assert_eq!(tm.mark, Some(Mark::Renamed), "{file}: {}", t.name);
                assert_eq!(tm.renamed_from.as_deref().map(|n| n.rsplit('.').next().unwrap_or(n)), Some(b.name.as_str()));
                continue;
            }
            let (cols, dropped, keys_changed) = expected(b, t);
            for (c, want) in &cols {
                let got = m.column(t.id, *c).map(Mark::label);
                let name = t.column(*c).map_or("?", |c| c.name.as_str());
                // A changed column may also be renamed or added in the same sequence: the mark
                // shown is the strongest, and an unmarked changed column is the failure.
                assert!(got.is_some(), "{file}: {}.{name} is {want} but not marked", t.name);
                if *want != "changed" {
                    assert_eq!(got, Some(*want), "{file}: {}.{name}", t.name);
                }
            }
            let ghosts: Vec<String> = tm.map(|x| x.ghosts.iter().map(|g| g.name.clone()).collect()).unwrap_or_default();
            for name in &dropped {
                assert!(ghosts.iter().any(|g| g == name), "{file}: dropped column {}.{name} has no ghost row ({ghosts:?})", t.name);
            }
            if keys_changed || !cols.is_empty() || !dropped.is_empty() {
                assert!(tm.and_then(|x| x.mark).is_some(), "{file}: changed table {} unmarked", t.name);
            }
            checked += 1;
        }
        for b in &baseline.tables {
            if current.table(b.id).is_none() && current.find_table(b.schema.as_deref(), &b.name).is_none() {
                assert!(m.removed.iter().any(|r| r.name == b.qualified_name()), "{file}: dropped table {} has no ghost", b.name);
            }
        }
        // Everything about a table is placed on it (or on its ghost), never lost off the diagram.
        for i in &m.items {
            let about_table = ["table ", "column ", "index ", "unique index ", "primary key ", "foreign key ", "unique constraint ", "check "]
                .iter()
                .any(|p| i.object.starts_with(p));
            if about_table {
                assert_ne!(i.place, Place::Elsewhere, "{file}: {} {} is placed nowhere", i.object, i.text);
            }
        }
    }
    assert!(checked > 100, "only {checked} tables checked");
}

#[test]
fn a_schema_against_itself_marks_nothing_and_against_nothing_marks_everything() {
    for file in ["pagila_schema.sql", "zabbix_postgres.sql", "mediawiki_mysql.sql", "chinook_sqlserver.sql"] {
        if !crate::support::corpus_dir().join(file).exists() {
            continue;
        }
        let s = imported(&crate::support::corpus(file));
        let same = Marks::of(&s, &s, &diff::diff(&s, &s));
        assert!(same.is_empty() && same.tables.is_empty() && same.removed.is_empty(), "{file}: {:?}", same.items.first());
        let empty = Schema::new(s.dialect);
        let all = Marks::of(&empty, &s, &diff::diff_with(&empty, &s, &[]));
        for t in &s.tables {
            assert_eq!(all.tables.get(&t.id).and_then(|m| m.mark), Some(Mark::Added), "{file}: {}", t.name);
        }
        assert_eq!(all.count(Mark::Removed), 0);
        let gone = Marks::of(&s, &empty, &diff::diff_with(&s, &empty, &[]));
        // A partition goes with its parent (one ghost, as the diagram folds partitions).
        let own: Vec<&Table> = s.tables.iter().filter(|t| erdsmith::layout::partition_parent(&s, t).is_none()).collect();
        assert_eq!(gone.removed.iter().map(|r| r.name.clone()).collect::<Vec<_>>(), own.iter().map(|t| t.qualified_name()).collect::<Vec<_>>(), "{file}: one ghost per dropped table");
        let columns: usize = own.iter().map(|t| t.columns.len()).sum();
        assert_eq!(gone.removed.iter().map(|r| r.columns.len()).sum::<usize>(), columns, "{file}: ghosts keep every column");
    }
}

const OLD: &str = "CREATE TABLE customers (id int PRIMARY KEY, email text, legacy_code text);
CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers(id), total numeric(10,2));
CREATE TABLE audit (id int PRIMARY KEY, what text);
CREATE TABLE notes (id int PRIMARY KEY, body text);
";
const NEW: &str = "CREATE TABLE customers (id int PRIMARY KEY, email varchar(200) NOT NULL, phone text);
CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers(id), total numeric(12,2));
CREATE INDEX orders_customer ON orders(customer_id);
CREATE TABLE shipments (id int PRIMARY KEY, order_id int REFERENCES orders(id));
CREATE TABLE remarks (id int PRIMARY KEY, body text);
";

fn compared(confirmed: &[Rename]) -> (Schema, Schema, Marks) {
    let (a, b) = (imported(OLD), imported(NEW));
    let plan = erdsmith::export::migration::plan_with(&a, &b, Dialect::Postgres, confirmed);
    let m = Marks::of(&a, &b, &plan.up_diff);
    (a, b, m)
}

#[test]
fn two_imported_schemas_are_marked_by_name() {
    let (_, b, m) = compared(&[]);
    let t = |n: &str| b.find_table(None, n).map(|t| t.id).expect("table");
    let col = |tn: &str, c: &str| b.find_table(None, tn).and_then(|t| t.column_by_name(c)).map(|c| (t(tn), c.id)).expect("column");
    assert_eq!(m.tables[&t("shipments")].mark, Some(Mark::Added));
    assert_eq!(m.tables[&t("remarks")].mark, Some(Mark::Added));
    assert_eq!(m.tables[&t("customers")].mark, Some(Mark::Changed));
    assert_eq!(m.tables[&t("orders")].mark, Some(Mark::Changed), "a new index and a wider type");
    let (ct, phone) = col("customers", "phone");
    assert_eq!(m.column(ct, phone), Some(Mark::Added));
    let (_, email) = col("customers", "email");
    assert_eq!(m.column(ct, email), Some(Mark::Changed));
    assert_eq!(m.tables[&ct].ghosts.iter().map(|g| g.name.as_str()).collect::<Vec<_>>(), ["legacy_code"]);
    let removed: Vec<&str> = m.removed.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(removed, ["audit", "notes"]);
    assert!(m.items.iter().any(|i| i.place == Place::Removed(0)));
    assert!(m.summary().contains("added") && m.summary().contains("removed"), "{}", m.summary());
    // Review order: the tables as NEW lists them, then the ghosts.
    let first_removed = m.items.iter().position(|i| matches!(i.place, Place::Removed(_))).expect("a ghost item");
    assert!(m.items[..first_removed].iter().all(|i| matches!(i.place, Place::Table(_))));
}

#[test]
fn a_confirmed_rename_is_marked_as_a_rename() {
    let q = |n: &str| QName { schema: None, name: n.into() };
    let (_, b, m) = compared(&[Rename::Table { from: q("notes"), to: q("remarks") }, Rename::Column { table: q("customers"), from: "legacy_code".into(), to: "phone".into() }]);
    let remarks = b.find_table(None, "remarks").expect("remarks");
    assert_eq!(m.tables[&remarks.id].mark, Some(Mark::Renamed));
    assert_eq!(m.tables[&remarks.id].renamed_from.as_deref(), Some("notes"));
    assert_eq!(m.removed.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["audit"]);
    let customers = b.find_table(None, "customers").expect("customers");
    let phone = customers.column_by_name("phone").expect("phone");
    assert_eq!(m.column(customers.id, phone.id), Some(Mark::Renamed));
    assert!(m.tables[&customers.id].ghosts.is_empty(), "the renamed column is no ghost");
}

#[test]
fn the_svg_draws_the_marks_and_its_page_holds_the_ghosts() {
    let (_, b, m) = compared(&[]);
    let layout = erdsmith::layout::geometry(&b);
    let d = svg::Diffed::new(&layout, &m);
    let text = svg::render_marked(&b, &layout, Some(&d));
    let doc = roxmltree::Document::parse(&text).expect("well-formed SVG");
    let class_count = |c: &str| doc.descendants().filter(|n| n.attribute("class").is_some_and(|k| k.split(' ').any(|x| x == c))).count();
    assert_eq!(class_count("ghost-table"), m.removed.len());
    assert_eq!(class_count("ghost-column"), 1);
    assert_eq!(class_count("diff-added"), 2 + 1, "two added tables and one added row");
    let legend: Vec<&str> = doc.descendants().filter_map(|n| n.attribute("data-mark")).collect();
    assert_eq!(legend, ["added", "removed", "renamed", "changed"]);
    // The page (viewBox) holds every ghost box.
    let vb: Vec<f64> = doc.root_element().attribute("viewBox").expect("viewBox").split(' ').filter_map(|x| x.parse().ok()).collect();
    for r in &d.ghosts.tables {
        assert!(r.x >= vb[0] && r.right() <= vb[0] + vb[2] && r.y >= vb[1] && r.bottom() <= vb[1] + vb[3], "{r:?} outside {vb:?}");
    }
    // Unmarked, the document is the plain export.
    assert_eq!(svg::render_marked(&b, &layout, None), svg::render_layout(&b, &layout));
}

#[test]
fn the_marked_mermaid_says_every_mark() {
    let (_, b, m) = compared(&[]);
    let text = mermaid::render_marked(&b, &mermaid::MermaidOptions::default(), Some(&m));
    crate::export::mermaid::save_sample(&text);
    assert!(text.contains("\"shipments\":::added {"), "{text}");
    assert!(text.contains("\"customers\":::changed {"), "{text}");
    assert!(text.contains("\"audit\":::removed {"), "{text}");
    assert!(text.contains("text legacy_code \"− removed\""), "{text}");
    assert!(text.contains("text phone \"+ added\""), "{text}");
    for class in ["added", "removed", "changed"] {
        assert!(text.contains(&format!("classDef {class} ")), "{class}: {text}");
    }
    assert!(!text.contains("classDef renamed"), "no class for a mark not used");
    assert_eq!(mermaid::render_marked(&b, &mermaid::MermaidOptions::default(), None), mermaid::render(&b, &mermaid::MermaidOptions::default()));
}

#[test]
fn the_cli_writes_the_marked_diagram() {
    let dir = std::env::temp_dir().join(format!("erdsmith-diff-marks-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (old, new) = (dir.join("old.sql"), dir.join("new.sql"));
    std::fs::write(&old, OLD).expect("write");
    std::fs::write(&new, NEW).expect("write");
    for (format, needle) in [("mermaid", "\"audit\":::removed"), ("svg", "class=\"ghost ghost-table\"")] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_erdsmith"))
            .args(["diff", &old.display().to_string(), &new.display().to_string(), "--dialect", "postgres", "--format", format])
            .output()
            .expect("erdsmith runs");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stdout).contains(needle), "{format}");
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_erdsmith"))
        .args(["diff", &old.display().to_string(), &new.display().to_string(), "--dialect", "postgres", "--format", "svg", "--down"])
        .output()
        .expect("erdsmith runs");
    assert!(!out.status.success(), "--down has no meaning for a diagram");
    let _ = std::fs::remove_dir_all(&dir);
}
