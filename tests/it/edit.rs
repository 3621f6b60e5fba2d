//! Integration tests for `edit`: every edit and its inverse, validation errors, and random edit
//! sequences that must undo (revert their inverses) back to the start and redo to the end. The
//! app's undo history is tested in `sync.rs`.

use erdsmith::edit::{Edit, apply, revert};
use erdsmith::layout::synthetic::{self, Rng};
use erdsmith::schema::{
    Check, Column, ColumnId, DataType, Dialect, EnumId, EnumType, ForeignKey, FkAction, Index, IndexId,
    Note, NoteId, Point, PrimaryKey, Schema, Table, TableId, UniqueConstraint, View, ViewId,
};

// ---------------------------------------------------------------------------------------------
// Fixture: customer(id, email, name) ← orders(id, customer_id, parent_id → orders) ←
// order_line(order_id, line_no, sku) with a composite key referenced by shipment.

const CUSTOMER: TableId = TableId(1);
const C_ID: ColumnId = ColumnId(2);
const C_EMAIL: ColumnId = ColumnId(3);
const C_NAME: ColumnId = ColumnId(4);
const ORDERS: TableId = TableId(5);
const O_ID: ColumnId = ColumnId(6);
const O_CUSTOMER: ColumnId = ColumnId(7);
const O_PARENT: ColumnId = ColumnId(8);
const LINE: TableId = TableId(9);
const L_ORDER: ColumnId = ColumnId(10);
const L_NO: ColumnId = ColumnId(11);
const L_SKU: ColumnId = ColumnId(12);
const SHIPMENT: TableId = TableId(13);
const S_ORDER: ColumnId = ColumnId(14);
const S_LINE: ColumnId = ColumnId(15);
const IX_EMAIL: IndexId = IndexId(16);
const IX_SKU: IndexId = IndexId(17);
const IX_LINE: IndexId = IndexId(18);
const MOOD: EnumId = EnumId(19);
const NOTE: NoteId = NoteId(20);

fn col(id: ColumnId, name: &str, ty: &str) -> Column {
    Column::new(id, name, DataType::parse(ty))
}

fn fk(columns: &[ColumnId], ref_table: TableId, ref_columns: &[ColumnId]) -> ForeignKey {
    ForeignKey {
        name: None,
        columns: columns.to_vec(),
        ref_table,
        ref_columns: ref_columns.to_vec(),
        on_delete: FkAction::NoAction,
        on_update: FkAction::NoAction,
        deferrable: false,
        initially_deferred: false,
        options: None,
    }
}

fn index(id: IndexId, columns: &[ColumnId]) -> Index {
    Index::on_columns(id, Some(format!("ix_{}", id.0)), false, columns)
}

fn pk(columns: &[ColumnId]) -> Option<PrimaryKey> {
    Some(PrimaryKey { name: None, columns: columns.to_vec(), options: None })
}

fn fixture() -> Schema {
    let mut s = Schema::new(Dialect::Postgres);
    // Ids 21..30 are "allocated" for the objects the edits below add.
    s.next_id = 30;
    let mut customer = Table::new(CUSTOMER, Some("sales".into()), "customer");
    customer.columns = vec![col(C_ID, "id", "bigint"), col(C_EMAIL, "email", "text"), col(C_NAME, "name", "text")];
    customer.primary_key = pk(&[C_ID]);
    customer.uniques = vec![UniqueConstraint { name: None, columns: vec![C_EMAIL], options: None }];
    customer.indexes = vec![index(IX_EMAIL, &[C_EMAIL])];
    customer.position = Some(Point { x: 10.0, y: 20.0 });

    let mut orders = Table::new(ORDERS, Some("sales".into()), "orders");
    orders.columns = vec![col(O_ID, "id", "bigint"), col(O_CUSTOMER, "customer_id", "bigint"), col(O_PARENT, "parent_id", "bigint")];
    orders.primary_key = pk(&[O_ID]);
    orders.foreign_keys = vec![fk(&[O_CUSTOMER], CUSTOMER, &[C_ID]), fk(&[O_PARENT], ORDERS, &[O_ID])];
    orders.checks = vec![Check { name: None, expr: "id > 0".into(), options: None }];

    let mut line = Table::new(LINE, None, "order_line");
    line.columns = vec![col(L_ORDER, "order_id", "bigint"), col(L_NO, "line_no", "int"), col(L_SKU, "sku", "text")];
    line.primary_key = pk(&[L_ORDER, L_NO]);
    line.foreign_keys = vec![fk(&[L_ORDER], ORDERS, &[O_ID])];
    line.indexes = vec![index(IX_SKU, &[L_SKU]), index(IX_LINE, &[L_ORDER, L_NO])];

    let mut shipment = Table::new(SHIPMENT, None, "shipment");
    shipment.columns = vec![col(S_ORDER, "order_id", "bigint"), col(S_LINE, "line_no", "int")];
    shipment.foreign_keys = vec![fk(&[S_ORDER], ORDERS, &[O_ID]), fk(&[S_ORDER, S_LINE], LINE, &[L_ORDER, L_NO])];

    s.tables = vec![customer, orders, line, shipment];
    s.enums = vec![EnumType { id: MOOD, schema: None, name: "mood".into(), values: vec!["ok".into()], span: None }];
    s.notes = vec![Note { id: NOTE, text: "hello".into(), position: Point { x: 1.0, y: 2.0 } }];
    s.validate().expect("the fixture is valid");
    s
}

/// Applies `edit` to the fixture; checks validity, that the inverse restores the fixture exactly
/// and that redo (the inverse of the inverse) gives the edited schema again. Returns it.
#[track_caller]
fn check_round_trip(edit: Edit) -> Schema {
    let original = fixture();
    let mut s = original.clone();
    let inverse = apply(&mut s, edit.clone()).unwrap_or_else(|e| panic!("{edit:?} failed: {e}"));
    s.validate().unwrap_or_else(|e| panic!("invalid after {edit:?}: {e}"));
    assert_ne!(s, original, "{edit:?} changed nothing");
    let edited = s.clone();
    let redo = apply(&mut s, inverse).expect("the inverse applies");
    assert_eq!(s, original, "the inverse of {edit:?} restores the schema");
    apply(&mut s, redo).expect("redo applies");
    assert_eq!(s, edited, "redo of {edit:?} gives the same schema as the first apply");
    edited
}

/// Applies `edit` to the fixture, expects an error mentioning `message` and no change.
#[track_caller]
fn check_error(edit: Edit, message: &str) {
    let original = fixture();
    let mut s = original.clone();
    match apply(&mut s, edit.clone()) {
        Ok(_) => panic!("{edit:?} should fail with {message:?}"),
        Err(e) => assert!(e.0.contains(message), "error of {edit:?} is {:?}, expected it to mention {message:?}", e.0),
    }
    assert_eq!(s, original, "a failed {edit:?} leaves the schema unchanged");
}

fn table(s: &Schema, id: TableId) -> &Table {
    s.table(id).expect("table exists")
}

#[test]
fn every_edit_round_trips() {
    let new_table = {
        let mut t = Table::new(TableId(21), None, "audit");
        t.columns = vec![col(ColumnId(22), "at", "timestamptz"), col(ColumnId(23), "order_id", "bigint")];
        t.foreign_keys = vec![fk(&[ColumnId(23)], ORDERS, &[O_ID])];
        t
    };
    let mut replaced = fixture().table(LINE).cloned().expect("line");
    replaced.columns.push(col(ColumnId(21), "qty", "int"));
    replaced.name = "line_item".into();
    let edits = vec![
        Edit::AddTable { table: new_table },
        Edit::DeleteTable { table: CUSTOMER },
        Edit::DeleteTable { table: ORDERS },
        Edit::DeleteTable { table: SHIPMENT },
        Edit::ReplaceTable { table: replaced },
        Edit::RenameTable { table: ORDERS, schema: None, name: "purchase".into() },
        Edit::RenameTable { table: ORDERS, schema: Some("sales".into()), name: "Orders".into() },
        Edit::SetTableComment { table: ORDERS, comment: Some("all orders".into()) },
        Edit::SetTableColor { table: ORDERS, color: Some("#ff8800".into()) },
        Edit::MoveTables { moves: vec![(ORDERS, Some(Point { x: 5.0, y: 6.0 })), (CUSTOMER, None)] },
        Edit::MoveTables { moves: vec![(ORDERS, Some(Point { x: 5.0, y: 6.0 })), (ORDERS, Some(Point { x: 7.0, y: 8.0 }))] },
        Edit::AddColumn { table: ORDERS, column: col(ColumnId(21), "total", "numeric(12,2)"), position: 0 },
        Edit::AddColumn { table: ORDERS, column: col(ColumnId(21), "total", "numeric(12,2)"), position: 3 },
        Edit::DeleteColumn { column: C_NAME },
        Edit::DeleteColumn { column: C_EMAIL },
        Edit::DeleteColumn { column: O_ID },
        Edit::DeleteColumn { column: L_NO },
        Edit::DeleteColumn { column: S_LINE },
        Edit::RenameColumn { column: C_NAME, name: "full_name".into() },
        Edit::RenameColumn { column: C_NAME, name: "Name".into() },
        Edit::MoveColumn { column: C_ID, position: 2 },
        Edit::MoveColumn { column: C_NAME, position: 0 },
        Edit::SetColumnType { column: C_NAME, data_type: DataType::parse("varchar(80)") },
        Edit::SetColumnNullable { column: C_NAME, nullable: false },
        Edit::SetColumnDefault { column: C_NAME, default: Some("'anon'".into()) },
        Edit::SetColumnComment { column: C_NAME, comment: Some("shown on invoices".into()) },
        Edit::SetPrimaryKey { table: CUSTOMER, primary_key: None },
        Edit::SetPrimaryKey { table: SHIPMENT, primary_key: pk(&[S_ORDER, S_LINE]) },
        Edit::SetUniques { table: CUSTOMER, uniques: vec![] },
        Edit::SetUniques { table: ORDERS, uniques: vec![UniqueConstraint { name: Some("u".into()), columns: vec![O_CUSTOMER, O_PARENT], options: None }] },
        Edit::SetChecks { table: ORDERS, checks: vec![] },
        Edit::AddForeignKey { table: CUSTOMER, foreign_key: fk(&[C_NAME], CUSTOMER, &[C_EMAIL]), position: 0 },
        Edit::AddForeignKey { table: ORDERS, foreign_key: fk(&[O_PARENT], CUSTOMER, &[C_ID]), position: 1 },
        Edit::DeleteForeignKey { table: ORDERS, position: 0 },
        Edit::ReplaceForeignKey { table: ORDERS, position: 1, foreign_key: fk(&[O_PARENT], CUSTOMER, &[C_ID]) },
        Edit::PutIndex { table: ORDERS, index: index(IndexId(21), &[O_CUSTOMER]) },
        Edit::PutIndex { table: LINE, index: index(IX_SKU, &[L_SKU, L_NO]) },
        Edit::DeleteIndex { table: LINE, index: IX_SKU },
        Edit::InsertIndex { table: LINE, index: index(IndexId(21), &[L_NO]), position: 1 },
        Edit::PutEnum { value: EnumType { id: EnumId(21), schema: None, name: "status".into(), values: vec![], span: None } },
        Edit::PutEnum { value: EnumType { id: MOOD, schema: None, name: "mood".into(), values: vec!["sad".into()], span: None } },
        Edit::DeleteEnum { id: MOOD },
        Edit::InsertEnum { value: EnumType { id: EnumId(21), schema: None, name: "x".into(), values: vec![], span: None }, position: 0 },
        Edit::PutNote { note: Note { id: NoteId(21), text: "new".into(), position: Point { x: 0.0, y: 0.0 } } },
        Edit::PutNote { note: Note { id: NOTE, text: "moved".into(), position: Point { x: 9.0, y: 9.0 } } },
        Edit::DeleteNote { id: NOTE },
        Edit::InsertNote { note: Note { id: NoteId(21), text: "first".into(), position: Point::default() }, position: 0 },
        Edit::Batch(vec![
            Edit::DeleteColumn { column: O_CUSTOMER },
            Edit::RenameTable { table: CUSTOMER, schema: None, name: "client".into() },
            Edit::DeleteTable { table: LINE },
        ]),
    ];
    for edit in edits {
        check_round_trip(edit);
    }
}

#[test]
fn delete_table_drops_foreign_keys_to_it_and_undo_restores_their_positions() {
    let s = check_round_trip(Edit::DeleteTable { table: ORDERS });
    assert!(s.table(ORDERS).is_none());
    assert!(s.foreign_keys().all(|(_, fk)| fk.ref_table != ORDERS), "no FK points at the deleted table");
    // shipment keeps its composite FK to order_line, which was second and is now first.
    assert_eq!(table(&s, SHIPMENT).foreign_keys, vec![fk(&[S_ORDER, S_LINE], LINE, &[L_ORDER, L_NO])]);
}

#[test]
fn delete_column_drops_every_constraint_naming_it() {
    let s = check_round_trip(Edit::DeleteColumn { column: L_NO });
    let line = table(&s, LINE);
    assert_eq!(line.primary_key, None, "a composite key loses its meaning without the column");
    assert_eq!(line.indexes.iter().map(|i| i.id).collect::<Vec<_>>(), vec![IX_SKU]);
    assert_eq!(table(&s, SHIPMENT).foreign_keys.len(), 1, "the composite FK referencing it is gone");

    let s = check_round_trip(Edit::DeleteColumn { column: O_ID });
    assert!(table(&s, ORDERS).foreign_keys.iter().all(|f| f.ref_columns != vec![O_ID]), "the self reference is gone");
    assert!(table(&s, LINE).foreign_keys.is_empty());
    assert_eq!(table(&s, ORDERS).foreign_keys.len(), 1, "orders keeps its FK to customer");
}

#[test]
fn add_table_goes_to_its_sorted_place() {
    let mut s = fixture();
    s.tables.retain(|t| t.id != ORDERS && t.id != SHIPMENT);
    s.tables.iter_mut().for_each(|t| t.foreign_keys.clear());
    let orders = fixture().table(ORDERS).cloned().map(|mut t| {
        t.foreign_keys.clear();
        t
    });
    let orders = orders.expect("orders");
    apply(&mut s, Edit::AddTable { table: orders }).expect("adds");
    assert_eq!(s.tables.iter().map(|t| t.id).collect::<Vec<_>>(), vec![CUSTOMER, ORDERS, LINE]);
    s.validate().expect("valid");
}

#[test]
fn invalid_edits_are_errors_and_change_nothing() {
    let dup_table = Table::new(TableId(21), Some("SALES".into()), "Customer");
    let mut bad_fk_table = Table::new(TableId(21), None, "t");
    bad_fk_table.columns = vec![col(ColumnId(22), "a", "int")];
    bad_fk_table.foreign_keys = vec![fk(&[ColumnId(22)], CUSTOMER, &[O_ID])];
    let cases: Vec<(Edit, &str)> = vec![
        (Edit::AddTable { table: Table::new(ORDERS, None, "x") }, "already exists"),
        (Edit::AddTable { table: Table::new(TableId(99), None, "x") }, "fresh_id"),
        (Edit::AddTable { table: dup_table }, "already exists"),
        (Edit::AddTable { table: Table::new(TableId(21), None, "  ") }, "must not be empty"),
        (Edit::AddTable { table: bad_fk_table }, "not in sales.customer"),
        (Edit::DeleteTable { table: TableId(77) }, "no table with id 77"),
        (Edit::RenameTable { table: LINE, schema: Some("sales".into()), name: "ORDERS".into() }, "already exists"),
        (Edit::RenameTable { table: LINE, schema: None, name: "".into() }, "must not be empty"),
        (Edit::SetTableComment { table: TableId(77), comment: None }, "no table"),
        (Edit::MoveTables { moves: vec![(ORDERS, None), (TableId(77), None)] }, "no table"),
        (Edit::MoveTables { moves: vec![(ORDERS, Some(Point { x: f64::NAN, y: 0.0 }))] }, "finite"),
        (Edit::AddColumn { table: ORDERS, column: col(ColumnId(21), "x", "int"), position: 4 }, "out of range"),
        (Edit::AddColumn { table: ORDERS, column: col(ColumnId(21), "ID", "int"), position: 0 }, "already exists"),
        (Edit::AddColumn { table: ORDERS, column: col(C_ID, "x", "int"), position: 0 }, "already exists"),
        (Edit::AddColumn { table: ORDERS, column: col(ColumnId(21), "", "int"), position: 0 }, "must not be empty"),
        (Edit::DeleteColumn { column: ColumnId(77) }, "no column with id 77"),
        (Edit::RenameColumn { column: C_NAME, name: "EMAIL".into() }, "already exists"),
        (Edit::MoveColumn { column: C_NAME, position: 3 }, "out of range"),
        (Edit::SetColumnNullable { column: ColumnId(77), nullable: true }, "no column"),
        (Edit::SetPrimaryKey { table: CUSTOMER, primary_key: pk(&[O_ID]) }, "not in this table"),
        (Edit::SetPrimaryKey { table: CUSTOMER, primary_key: pk(&[]) }, "at least one column"),
        (Edit::SetUniques { table: CUSTOMER, uniques: vec![UniqueConstraint { name: None, columns: vec![C_ID, C_ID], options: None }] }, "twice"),
        (Edit::AddForeignKey { table: ORDERS, foreign_key: fk(&[O_ID, O_PARENT], CUSTOMER, &[C_ID]), position: 0 }, "has 2 columns but references 1"),
        (Edit::AddForeignKey { table: ORDERS, foreign_key: fk(&[C_ID], CUSTOMER, &[C_ID]), position: 0 }, "not in this table"),
        (Edit::AddForeignKey { table: ORDERS, foreign_key: fk(&[O_ID], CUSTOMER, &[O_ID]), position: 0 }, "not in sales.customer"),
        (Edit::AddForeignKey { table: ORDERS, foreign_key: fk(&[O_ID], TableId(77), &[C_ID]), position: 0 }, "does not exist"),
        (Edit::AddForeignKey { table: ORDERS, foreign_key: fk(&[O_ID], CUSTOMER, &[C_ID]), position: 3 }, "out of range"),
        (Edit::DeleteForeignKey { table: ORDERS, position: 2 }, "no foreign key at position 2"),
        (Edit::ReplaceForeignKey { table: ORDERS, position: 0, foreign_key: fk(&[], CUSTOMER, &[]) }, "at least one column"),
        (Edit::PutIndex { table: ORDERS, index: index(IX_SKU, &[O_ID]) }, "already belongs to order_line"),
        (Edit::PutIndex { table: ORDERS, index: index(IndexId(21), &[C_ID]) }, "not in this table"),
        (Edit::DeleteIndex { table: ORDERS, index: IX_SKU }, "no index with id"),
        (Edit::PutEnum { value: EnumType { id: EnumId(21), schema: None, name: "MOOD".into(), values: vec![], span: None } }, "already exists"),
        (Edit::DeleteEnum { id: EnumId(77) }, "no enum"),
        (Edit::PutEnum { value: EnumType { id: MOOD, schema: None, name: "mood".into(), values: vec!["a".into(), "b".into(), "a".into()], span: None } }, "appears twice"),
        (Edit::DeleteNote { id: NoteId(77) }, "no note"),
        (Edit::InsertNote { note: Note { id: NoteId(21), text: String::new(), position: Point::default() }, position: 2 }, "out of range"),
        (Edit::Batch(vec![Edit::DeleteTable { table: LINE }, Edit::DeleteColumn { column: L_SKU }]), "no column"),
    ];
    for (edit, message) in cases {
        check_error(edit, message);
    }
}

#[test]
fn replace_table_must_keep_columns_referenced_elsewhere() {
    let mut t = fixture().table(CUSTOMER).cloned().expect("customer");
    t.columns.retain(|c| c.id != C_ID);
    t.primary_key = None;
    check_error(Edit::ReplaceTable { table: t }, "references column 2");
}

#[test]
fn undo_restores_duplicate_names_an_import_brought() {
    let mut original = fixture();
    // Two `sku` columns and two `order_line` tables, as a sloppy dump may have.
    original.tables[2].columns.push(col(ColumnId(21), "SKU", "text"));
    let mut twin = Table::new(TableId(22), None, "ORDER_LINE");
    twin.columns = vec![col(ColumnId(23), "x", "int")];
    original.tables.push(twin);
    original.validate().expect("valid");
    for edit in [Edit::DeleteColumn { column: L_SKU }, Edit::DeleteTable { table: LINE }] {
        let mut s = original.clone();
        let inverse = apply(&mut s, edit.clone()).expect("deleting a duplicate is allowed");
        let edited = s.clone();
        // A plain apply of the inverse would re-check the names and refuse the duplicate.
        assert!(apply(&mut s.clone(), inverse.clone()).is_err_and(|e| e.0.contains("already exists")));
        let redo = revert(&mut s, inverse).expect("revert restores it");
        assert_eq!(s, original, "undo of {edit:?}");
        revert(&mut s, redo).expect("redo");
        assert_eq!(s, edited, "redo of {edit:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Random edit sequences

fn rename(id: TableId, name: &str) -> Edit {
    Edit::RenameTable { table: id, schema: None, name: name.into() }
}

/// A random edit against the current schema: usually valid, sometimes not (those must fail
/// without changing anything).
fn random_edit(s: &mut Schema, rng: &mut Rng) -> Edit {
    let tables: Vec<TableId> = s.tables.iter().map(|t| t.id).collect();
    let columns: Vec<ColumnId> = s.tables.iter().flat_map(|t| t.columns.iter().map(|c| c.id)).collect();
    let any_table = |rng: &mut Rng| if tables.is_empty() { TableId(0) } else { tables[rng.below(tables.len())] };
    let any_column = |rng: &mut Rng| if columns.is_empty() { ColumnId(0) } else { columns[rng.below(columns.len())] };
    let t = any_table(rng);
    let c = any_column(rng);
    let t_len = |s: &Schema, id| s.table(id).map_or(0, |t| t.columns.len());
    match rng.below(22) {
        0 => {
            let id = TableId(s.fresh_id());
            let mut table = Table::new(id, None, format!("new_{}", id.0));
            for i in 0..rng.range(1, 4) {
                table.columns.push(col(ColumnId(s.fresh_id()), &format!("c{i}"), "int"));
            }
            table.primary_key = pk(&[table.columns[0].id]);
            if rng.chance(0.5)
                && let Some(rc) = s.table(t).and_then(|target| target.columns.first())
            {
                table.foreign_keys.push(fk(&[table.columns[0].id], t, &[rc.id]));
            }
            Edit::AddTable { table }
        }
        1 => Edit::DeleteTable { table: t },
        2 => rename(t, &format!("renamed_{}", rng.below(50))),
        3 => Edit::SetTableComment { table: t, comment: rng.chance(0.5).then(|| "c".to_string()) },
        4 => Edit::SetTableColor { table: t, color: Some("red".into()) },
        5 => Edit::MoveTables {
            moves: (0..rng.range(1, 3)).map(|_| (any_table(rng), Some(Point { x: rng.below(900) as f64, y: 1.0 }))).collect(),
        },
        6 => {
            let id = ColumnId(s.fresh_id());
            let position = rng.below(t_len(s, t) + 2);
            Edit::AddColumn { table: t, column: col(id, &format!("added_{}", id.0), "text"), position }
        }
        7 | 8 => Edit::DeleteColumn { column: c },
        9 => Edit::RenameColumn { column: c, name: format!("col_{}", rng.below(30)) },
        10 => Edit::MoveColumn { column: c, position: rng.below(8) },
        11 => Edit::SetColumnType { column: c, data_type: DataType::parse("uuid") },
        12 => Edit::SetColumnNullable { column: c, nullable: rng.chance(0.5) },
        13 => Edit::SetColumnDefault { column: c, default: Some("0".into()) },
        14 => Edit::SetPrimaryKey { table: t, primary_key: rng.chance(0.3).then(|| PrimaryKey { name: None, columns: vec![c], options: None }) },
        15 => Edit::SetUniques { table: t, uniques: vec![UniqueConstraint { name: None, columns: vec![c], options: None }] },
        16 => {
            let target = any_table(rng);
            let rc = s.table(target).and_then(|t| t.columns.first()).map_or(ColumnId(0), |c| c.id);
            Edit::AddForeignKey { table: t, foreign_key: fk(&[c], target, &[rc]), position: 0 }
        }
        17 => Edit::DeleteForeignKey { table: t, position: rng.below(3) },
        18 => Edit::PutIndex { table: t, index: index(IndexId(s.fresh_id()), &[c]) },
        19 => {
            let ix = s.table(t).and_then(|t| t.indexes.first()).map_or(IndexId(0), |i| i.id);
            Edit::DeleteIndex { table: t, index: ix }
        }
        20 => Edit::PutNote { note: Note { id: NoteId(s.fresh_id()), text: "n".into(), position: Point::default() } },
        _ => Edit::Batch(vec![random_edit(s, rng), random_edit(s, rng)]),
    }
}

#[test]
fn random_edit_sequences_undo_to_the_original() {
    for seed in 0..24 {
        let mut rng = Rng::new(seed);
        let original = synthetic::schema(12, seed);
        original.validate().expect("the generated schema is valid");
        let mut s = original.clone();
        let mut inverses = Vec::new();
        let mut applied = 0;
        for step in 0..80 {
            let edit = random_edit(&mut s, &mut rng);
            let before = s.clone();
            match apply(&mut s, edit.clone()) {
                Ok(inverse) => {
                    applied += 1;
                    inverses.push(inverse);
                }
                Err(_) => {
                    // fresh_id calls made while building the edit are the only allowed change.
                    let mut unchanged = s.clone();
                    unchanged.next_id = before.next_id;
                    assert_eq!(unchanged, before, "seed {seed} step {step}: failed {edit:?} changed the schema");
                }
            }
            s.validate().unwrap_or_else(|e| panic!("seed {seed} step {step}: invalid after {edit:?}: {e}"));
        }
        assert!(applied > 20, "seed {seed}: enough edits succeeded ({applied})");
        let next_id = s.next_id;
        for inverse in inverses.into_iter().rev() {
            apply(&mut s, inverse).expect("every inverse applies");
            s.validate().expect("valid while undoing");
        }
        s.next_id = original.next_id;
        assert_eq!(s, original, "seed {seed}: undoing everything restores the schema");
        assert!(next_id >= original.next_id, "ids are never handed back");
    }
}

#[test]
fn random_edits_revert_all_then_redo_all() {
    for seed in 100..112 {
        let mut rng = Rng::new(seed);
        let original = synthetic::schema(10, seed);
        let mut s = original.clone();
        let mut inverses = Vec::new();
        for _ in 0..60 {
            let edit = random_edit(&mut s, &mut rng);
            if let Ok(inverse) = apply(&mut s, edit) {
                inverses.push(inverse);
            }
        }
        let edited = s.clone();
        let mut redos = Vec::new();
        for inverse in inverses.into_iter().rev() {
            redos.push(revert(&mut s, inverse).expect("every inverse reverts"));
            s.validate().expect("valid");
        }
        let mut undone = s.clone();
        undone.next_id = original.next_id;
        assert_eq!(undone, original, "seed {seed}");
        for redo in redos.into_iter().rev() {
            revert(&mut s, redo).expect("every redo reverts");
        }
        assert_eq!(s, edited, "seed {seed}: redo all gives the edited schema");
    }
}

/// The fixture plus a view reading orders and customer.
fn fixture_with_view() -> (Schema, ViewId) {
    let mut s = fixture();
    let id = ViewId(s.fresh_id());
    s.views.push(View {
        id,
        schema: Some("sales".into()),
        name: "order_totals".into(),
        materialized: true,
        columns: vec!["customer_id".into(), "total".into()],
        reads: vec![ORDERS, CUSTOMER],
        definition: "SELECT 1".into(),
        options: None,
        indexes: Vec::new(),
        comment: None,
        span: None,
        position: None,
    });
    (s, id)
}

#[test]
fn moving_a_view_round_trips_through_its_inverse() {
    let (original, view) = fixture_with_view();
    let mut s = original.clone();
    let first = Point { x: 120.0, y: -40.0 };
    let inverse = apply(&mut s, Edit::MoveViews { moves: vec![(view, Some(first))] }).expect("applies");
    assert_eq!(s.view(view).and_then(|v| v.position), Some(first));
    let moved = s.clone();
    let redo = revert(&mut s, inverse).expect("the inverse applies");
    assert_eq!(s, original, "undo restores the auto-laid-out view");
    revert(&mut s, redo).expect("redo applies");
    assert_eq!(s, moved);

    // Named twice in one edit: the last position wins and the inverse restores the first.
    let second = Point { x: 7.0, y: 8.0 };
    let mut s = original.clone();
    let inverse = apply(&mut s, Edit::MoveViews { moves: vec![(view, Some(first)), (view, Some(second))] }).expect("applies");
    assert_eq!(s.view(view).and_then(|v| v.position), Some(second));
    revert(&mut s, inverse).expect("undo");
    assert_eq!(s, original);

    // Mixed with a table move in one batch, undone by its one inverse.
    let mut s = original.clone();
    let both = Edit::Batch(vec![
        Edit::MoveViews { moves: vec![(view, Some(first))] },
        Edit::MoveTables { moves: vec![(ORDERS, Some(second))] },
    ]);
    let inverse = apply(&mut s, both).expect("applies");
    revert(&mut s, inverse).expect("undo");
    assert_eq!(s, original);
}

#[test]
fn bad_view_moves_are_errors_and_change_nothing() {
    let (original, view) = fixture_with_view();
    let cases = [
        (Edit::MoveViews { moves: vec![(view, None), (ViewId(77), None)] }, "no view with id 77"),
        (Edit::MoveViews { moves: vec![(view, Some(Point { x: 1.0, y: f64::INFINITY }))] }, "finite"),
    ];
    for (edit, message) in cases {
        let mut s = original.clone();
        let e = apply(&mut s, edit.clone()).expect_err("must fail");
        assert!(e.0.contains(message), "{edit:?}: {e}");
        assert_eq!(s, original, "a failed {edit:?} changes nothing");
    }
}

#[test]
fn views_saved_before_they_had_positions_still_load() {
    let (s, view) = fixture_with_view();
    let mut json: serde_json::Value = serde_json::to_value(&s).expect("serializes");
    let v = json["views"][0].as_object_mut().expect("a view object");
    assert!(v.remove("position").is_some(), "the field is written");
    let back: Schema = serde_json::from_value(json).expect("an older file loads");
    assert_eq!(back.view(view).map(|v| v.position), Some(None));
    assert_eq!(back, s);
}
