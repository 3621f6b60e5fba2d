//! The inspector's pure form helpers (`edit::forms`): suggestions per dialect, index key text,
//! foreign keys from a form, enum value editing and table duplication; every edit they build
//! applies, validates and undoes to an equal schema.

use erdsmith::edit::forms::{
    EnumValueOp, FK_ACTIONS, duplicate_table, edit_enum_values, foreign_key_from_form, guess_fk_pairs,
    index_keys_text, index_methods, method_choices, new_enum, parse_index_keys, partial_indexes, rename_enum,
    toggled_pk, toggled_unique, type_suggestions, with_method, with_predicate,
};
use erdsmith::edit::{Edit, apply, revert};
use erdsmith::import::{ImportOptions, import};
use erdsmith::schema::{Dialect, EnumId, FkAction, IndexPart, Schema, Table, TableKind};

const DDL: &str = "
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE customer (id bigint PRIMARY KEY, email text NOT NULL, feeling mood);
CREATE TABLE orders (
  id bigint PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customer (id),
  parent_id bigint REFERENCES orders (id),
  note text,
  CONSTRAINT orders_note_key UNIQUE (note)
);
CREATE INDEX orders_customer_idx ON orders (customer_id, id DESC);
CREATE TABLE tag (label text, colour text);
";

fn fixture() -> Schema {
    let r = import(DDL, &ImportOptions { dialect: Some(Dialect::Postgres), ..Default::default() });
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    r.schema.validate().expect("valid fixture");
    r.schema
}

fn table<'a>(s: &'a Schema, name: &str) -> &'a Table {
    s.tables.iter().find(|t| t.name == name).unwrap_or_else(|| panic!("table {name}"))
}

/// Applies `edit`, checks the result is valid, reverts and checks the schema is equal again.
#[track_caller]
fn round_trip(s: &Schema, edit: Edit) -> Schema {
    let mut edited = s.clone();
    let inverse = apply(&mut edited, edit.clone()).unwrap_or_else(|e| panic!("{edit:?}: {e}"));
    edited.validate().unwrap_or_else(|e| panic!("invalid after {edit:?}: {e}"));
    assert_ne!(&edited, s, "{edit:?} changed something");
    let mut back = edited.clone();
    revert(&mut back, inverse).expect("the inverse applies");
    assert_eq!(&back, s, "undo of {edit:?} restores the schema");
    edited
}

#[test]
fn type_suggestions_follow_the_dialect_and_list_the_schema_enums() {
    let s = fixture();
    let pg = type_suggestions(Dialect::Postgres, &s);
    assert!(pg.iter().any(|t| t == "jsonb") && pg.iter().any(|t| t == "timestamptz"));
    assert!(pg.iter().any(|t| t == "mood"), "the schema's enum is offered: {pg:?}");
    let sqlite = type_suggestions(Dialect::Sqlite, &Schema::new(Dialect::Sqlite));
    assert!(sqlite.iter().any(|t| t == "INTEGER"));
    assert!(!sqlite.iter().any(|t| t.eq_ignore_ascii_case("jsonb")), "no PostgreSQL types for SQLite");
    let mssql = type_suggestions(Dialect::Mssql, &Schema::new(Dialect::Mssql));
    assert!(mssql.iter().any(|t| t == "uniqueidentifier") && !mssql.iter().any(|t| t == "uuid"));
    for d in Dialect::ALL {
        let list = type_suggestions(d, &s);
        assert!(list.len() >= 5, "{d:?} offers types");
        for (i, t) in list.iter().enumerate() {
            assert!(!list[..i].iter().any(|o| o.eq_ignore_ascii_case(t)), "{d:?}: {t} listed twice");
        }
    }
}

#[test]
fn index_methods_are_those_the_dialect_can_state() {
    let pg = index_methods(Dialect::Postgres);
    for m in ["btree", "hash", "gin", "gist", "brin"] {
        assert!(pg.contains(&m), "postgres offers {m}");
    }
    assert!(index_methods(Dialect::Mysql).contains(&"fulltext"));
    assert!(!index_methods(Dialect::Mysql).contains(&"gin"));
    assert!(index_methods(Dialect::Sqlite).is_empty());
    assert!(partial_indexes(Dialect::Postgres) && partial_indexes(Dialect::Sqlite) && !partial_indexes(Dialect::Mysql));
    let s = fixture();
    let mut ix = table(&s, "orders").indexes[0].clone();
    ix.method = Some("rtree".into());
    assert!(method_choices(Dialect::Postgres, &ix).contains(&"rtree".to_string()), "an imported method stays offered");
}

#[test]
fn index_keys_read_back_what_they_show() {
    let s = fixture();
    let orders = table(&s, "orders");
    let ix = &orders.indexes[0];
    let text = index_keys_text(orders, ix);
    assert_eq!(text, "customer_id, id DESC");
    assert_eq!(parse_index_keys(orders, &text).expect("parses"), ix.keys);
    let keys = parse_index_keys(orders, " NOTE asc , lower(note, 'a,b') desc, \"id\"").expect("parses");
    assert_eq!(keys.len(), 3);
    assert_eq!(keys[0].part, IndexPart::Column(orders.column_by_name("note").expect("note").id));
    assert!(!keys[0].descending);
    assert_eq!(keys[1].part, IndexPart::Expression("lower(note, 'a,b')".into()));
    assert!(keys[1].descending);
    assert_eq!(keys[2].part, IndexPart::Column(orders.column_by_name("id").expect("id").id));
    assert!(parse_index_keys(orders, "nope").expect_err("unknown").contains("no column named `nope`"));
    assert!(parse_index_keys(orders, "id, ID").expect_err("twice").contains("twice"));
    assert!(parse_index_keys(orders, " , ").expect_err("empty").contains("at least one"));
}

#[test]
fn an_index_edited_through_the_form_round_trips() {
    let s = fixture();
    let orders = table(&s, "orders");
    let mut ix = with_method(&orders.indexes[0], "GIN");
    assert_eq!(ix.method.as_deref(), Some("gin"));
    ix = with_predicate(&ix, "  WHERE note IS NOT NULL ");
    assert_eq!(ix.predicate.as_deref(), Some("note IS NOT NULL"));
    ix.keys = parse_index_keys(orders, "note").expect("parses");
    ix.unique = true;
    let edited = round_trip(&s, Edit::PutIndex { table: orders.id, index: ix.clone() });
    assert_eq!(table(&edited, "orders").indexes[0], ix);
    assert_eq!(with_method(&ix, "").method, None);
    assert_eq!(with_predicate(&ix, " ").predicate, None);
}

#[test]
fn pk_and_unique_toggles_round_trip() {
    let s = fixture();
    let tag = table(&s, "tag");
    let label = tag.columns[0].id;
    let e = round_trip(&s, Edit::SetPrimaryKey { table: tag.id, primary_key: toggled_pk(tag, label, true) });
    assert!(table(&e, "tag").is_pk_column(label));
    let orders = table(&s, "orders");
    let note = orders.column_by_name("note").expect("note").id;
    assert_eq!(toggled_pk(orders, orders.columns[0].id, false), None, "the only key column off: no key");
    let e = round_trip(&s, Edit::SetUniques { table: orders.id, uniques: toggled_unique(orders, note, false) });
    assert!(!table(&e, "orders").is_unique_set(&[note]));
}

#[test]
fn a_foreign_key_built_by_the_form_round_trips() {
    let s = fixture();
    let (orders, customer, tag) = (table(&s, "orders"), table(&s, "customer"), table(&s, "tag"));
    let guess = guess_fk_pairs(orders, customer);
    assert_eq!(guess, vec![(orders.column_by_name("customer_id").map(|c| c.id), customer.columns[0].id)]);
    assert_eq!(guess_fk_pairs(tag, customer), vec![(None, customer.columns[0].id)], "nothing matches in tag");
    let pairs: Vec<_> = guess.iter().map(|(a, b)| (*a, Some(*b))).collect();
    let fk = foreign_key_from_form(&s, orders.id, customer.id, &pairs, FkAction::Cascade, FkAction::SetNull)
        .expect("valid form");
    assert_eq!((fk.on_delete, fk.on_update), (FkAction::Cascade, FkAction::SetNull));
    let position = orders.foreign_keys.len();
    let edited = round_trip(&s, Edit::AddForeignKey { table: orders.id, foreign_key: fk.clone(), position });
    assert_eq!(table(&edited, "orders").foreign_keys[position], fk);
    let err = foreign_key_from_form(&s, tag.id, customer.id, &[(None, Some(customer.columns[0].id))], FkAction::NoAction, FkAction::NoAction)
        .expect_err("no column chosen");
    assert!(err.contains("choose a column of tag"), "{err}");
    let err = foreign_key_from_form(&s, orders.id, customer.id, &[], FkAction::NoAction, FkAction::NoAction).expect_err("empty");
    assert!(err.contains("at least one"));
    assert_eq!(FK_ACTIONS.len(), 5);
}

#[test]
fn a_duplicated_table_is_a_valid_independent_copy_and_undoes() {
    let mut s = fixture();
    let orders_id = table(&s, "orders").id;
    let copy = duplicate_table(&mut s, orders_id).expect("copy");
    let orders = table(&s, "orders").clone();
    assert_eq!(copy.name, "orders_copy");
    assert_eq!(copy.columns.len(), orders.columns.len());
    assert!(copy.columns.iter().all(|c| orders.column(c.id).is_none()), "fresh column ids");
    assert!(copy.uniques.iter().all(|u| u.name.is_none()), "constraint names are cleared");
    let self_ref = copy.foreign_keys.iter().find(|fk| fk.ref_table == copy.id).expect("self-reference kept");
    assert!(self_ref.ref_columns.iter().all(|c| copy.column(*c).is_some()), "and points into the copy");
    let to_customer = copy.foreign_keys.iter().find(|fk| fk.ref_table != copy.id).expect("fk to customer kept");
    assert_eq!(to_customer.ref_table, table(&s, "customer").id);
    assert_eq!(copy.indexes[0].name.as_deref(), Some("orders_copy_customer_idx"));
    let edited = round_trip(&s, Edit::AddTable { table: copy.clone() });
    assert_eq!(edited.tables.len(), s.tables.len() + 1);
    // A second copy gets the next free name.
    let mut s2 = edited.clone();
    let second = duplicate_table(&mut s2, orders_id).expect("copy");
    assert_eq!(second.name, "orders_copy2");
    assert_eq!(second.kind, TableKind::Table);
    assert!(duplicate_table(&mut s2, erdsmith::schema::TableId(9999)).is_none());
}

#[test]
fn enum_values_edit_through_put_enum_and_undo() {
    let mut s = fixture();
    let mood = s.enums[0].clone();
    let added = new_enum(&mut s);
    assert_eq!(added.name, "status");
    let with_new = round_trip(&s, Edit::PutEnum { value: added.clone() });
    assert_eq!(with_new.enums.len(), 2);

    let e = edit_enum_values(&mood, EnumValueOp::Add("ecstatic".into())).expect("adds");
    assert_eq!(e.values, ["sad", "ok", "happy", "ecstatic"]);
    let e = edit_enum_values(&e, EnumValueOp::Rename(1, "fine".into())).expect("renames");
    let e = edit_enum_values(&e, EnumValueOp::Move(3, 0)).expect("moves");
    let e = edit_enum_values(&e, EnumValueOp::Remove(1)).expect("removes");
    assert_eq!(e.values, ["ecstatic", "fine", "happy"]);
    let edited = round_trip(&s, Edit::PutEnum { value: e.clone() });
    assert_eq!(edited.enums[0].values, e.values);

    assert!(edit_enum_values(&mood, EnumValueOp::Add("ok".into())).expect_err("dup").contains("already exists"));
    assert!(edit_enum_values(&mood, EnumValueOp::Add(String::new())).expect_err("empty").contains("empty"));
    assert!(edit_enum_values(&mood, EnumValueOp::Rename(0, "sad".into())).is_ok(), "renaming to itself is fine");
    assert!(edit_enum_values(&mood, EnumValueOp::Remove(3)).is_err());
    assert!(edit_enum_values(&mood, EnumValueOp::Move(0, 3)).is_err());
}

#[test]
fn renaming_an_enum_retypes_its_columns_in_one_undo_step() {
    let s = fixture();
    let id = s.enums[0].id;
    let edit = rename_enum(&s, id, "feeling_t").expect("edit");
    let edited = round_trip(&s, edit);
    assert_eq!(edited.enums[0].name, "feeling_t");
    let feeling = table(&edited, "customer").column_by_name("feeling").expect("column");
    assert_eq!(feeling.data_type.raw, "feeling_t");
    assert_eq!(table(&edited, "customer").column_by_name("email").expect("email").data_type.raw, "text");
    assert!(rename_enum(&s, EnumId(9999), "x").is_none());
}

#[test]
fn exports_follow_an_edited_enum_not_the_values_seen_at_import() {
    // The importer copies an enum's values into its columns' types; an edit of the enum must
    // still reach every export: PostgreSQL names the type, the others check the current values.
    for source in [Some(Dialect::Postgres), Some(Dialect::Generic)] {
        let s = import(DDL, &ImportOptions { dialect: source, ..Default::default() }).schema;
        let e = edit_enum_values(&s.enums[0], EnumValueOp::Rename(1, "fine".into())).expect("renames");
        let edited = round_trip(&s, Edit::PutEnum { value: e });
        let pg = erdsmith::export::sql::render(&edited, Dialect::Postgres).text;
        assert!(pg.contains("AS ENUM ('sad', 'fine', 'happy')"), "{pg}");
        assert!(pg.contains("feeling mood"), "{source:?}: the column keeps its enum type: {pg}");
        assert!(!pg.contains("'ok'"), "{pg}");
        let sqlite = erdsmith::export::sql::render(&edited, Dialect::Sqlite).text;
        assert!(sqlite.contains("IN ('sad', 'fine', 'happy')"), "{sqlite}");
        let mermaid = erdsmith::export::mermaid::render(&edited, &Default::default());
        assert!(mermaid.contains("mood feeling"), "{mermaid}");
    }
    assert_eq!(erdsmith::import::detect_dialect("CREATE TYPE mood AS ENUM ('a');").dialect, Dialect::Postgres);
}

#[test]
fn an_index_method_and_predicate_set_in_the_form_reach_the_postgres_export() {
    let ddl = "CREATE TABLE b (id int PRIMARY KEY, note text, code text);\nCREATE INDEX b_note ON b (note);\nCREATE UNIQUE INDEX b_code ON b (code);";
    for source in [Dialect::Postgres, Dialect::Generic] {
        let s = import(ddl, &ImportOptions { dialect: Some(source), ..Default::default() }).schema;
        let t = table(&s, "b");
        let (note, code) = (t.indexes[0].clone(), t.indexes[1].clone());
        let s = round_trip(&s, Edit::PutIndex { table: t.id, index: with_predicate(&with_method(&note, "hash"), "WHERE note IS NOT NULL") });
        let s = round_trip(&s, Edit::PutIndex { table: t.id, index: with_predicate(&code, "code <> ''") });
        let pg = erdsmith::export::sql::render(&s, Dialect::Postgres).text;
        assert!(pg.contains("ON b USING hash (note) WHERE note IS NOT NULL;"), "{source:?}: {pg}");
        assert!(pg.contains("(code) WHERE code <> '';"), "{pg}");
        // MySQL has no partial indexes: the plain one stays (without its predicate), the unique
        // one is left out rather than refusing rows the original allows.
        let my = erdsmith::export::sql::render(&s, Dialect::Mysql);
        assert!(my.text.contains("INDEX b_note ON b"), "{}", my.text);
        assert!(!my.text.contains("b_code"), "{}", my.text);
        let index_warnings: Vec<_> = my.warnings.iter().filter(|w| w.message.contains("partial")).collect();
        assert_eq!(index_warnings.len(), 2, "{:?}", my.warnings);
    }
}
