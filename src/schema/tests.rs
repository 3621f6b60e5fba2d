use super::*;

#[track_caller]
fn check_type(raw: &str, normalized: &str, kind: TypeKind) {
    let t = DataType::parse(raw);
    assert_eq!(t.normalized, normalized, "normalized form of {raw:?}");
    assert_eq!(t.kind, kind, "kind of {raw:?}");
}

#[test]
fn types_normalize_and_classify() {
    check_type("character varying (120)", "character varying(120)", TypeKind::Text { length: Some(120), fixed: false });
    check_type("NVARCHAR(MAX)", "nvarchar(max)", TypeKind::Text { length: None, fixed: false });
    check_type("DOUBLE  PRECISION", "double precision", TypeKind::Float { bits: 64 });
    check_type("numeric(12, 2)", "numeric(12,2)", TypeKind::Decimal { precision: Some(12), scale: Some(2) });
    check_type("INT UNSIGNED", "int unsigned", TypeKind::Integer { bits: 32, unsigned: true });
    check_type("int(10) unsigned", "int(10) unsigned", TypeKind::Integer { bits: 32, unsigned: true });
    check_type("TINYINT(1)", "tinyint(1)", TypeKind::Boolean);
    check_type("timestamp without time zone", "timestamp without time zone", TypeKind::Timestamp { tz: false });
    check_type("timestamp(6) with time zone", "timestamp(6) with time zone", TypeKind::Timestamp { tz: true });
    check_type("ENUM('G','PG''13')", "enum('G','PG''13')", TypeKind::Enum { values: vec!["G".into(), "PG'13".into()] });
    check_type("text[]", "text[]", TypeKind::Array(Box::new(TypeKind::Text { length: None, fixed: false })));
    check_type("Nullable(UInt64)", "nullable(uint64)", TypeKind::Integer { bits: 64, unsigned: true });
    check_type("geometry", "geometry", TypeKind::Other);
}

#[test]
fn dialect_names_round_trip() {
    for d in Dialect::ALL {
        assert_eq!(d.as_str().parse::<Dialect>(), Ok(d));
    }
    assert_eq!("MariaDB".parse::<Dialect>(), Ok(Dialect::Mysql));
    assert!("cobol".parse::<Dialect>().unwrap_err().contains("postgres"));
}

#[test]
fn validate_catches_foreign_column_in_key() {
    let mut s = Schema::new(Dialect::Postgres);
    let t1 = TableId(s.fresh_id());
    let c1 = ColumnId(s.fresh_id());
    let mut a = Table::new(t1, None, "a");
    a.columns.push(Column::new(c1, "id", DataType::parse("int")));
    let t2 = TableId(s.fresh_id());
    let c2 = ColumnId(s.fresh_id());
    let mut b = Table::new(t2, None, "b");
    b.columns.push(Column::new(c2, "id", DataType::parse("int")));
    b.primary_key = Some(PrimaryKey { name: None, columns: vec![c1], options: None });
    s.tables.push(a);
    s.tables.push(b);
    assert!(s.validate().unwrap_err().contains("primary key"));
    s.tables[1].primary_key = Some(PrimaryKey { name: None, columns: vec![c2], options: None });
    assert_eq!(s.validate(), Ok(()));
    assert_eq!(s.table(t2).map(|t| t.name.as_str()), Some("b"));
}

/// `child(a, b, c)`: `a` NOT NULL, `b` and `c` nullable; primary key `(a, b)`; `c` unique by a
/// unique index; foreign keys on `a`, on `c`, on `b`, on `(a, b)`.
fn keyed_table() -> Table {
    let mut t = Table::new(TableId(1), None, "child");
    for (i, name) in ["a", "b", "c"].iter().enumerate() {
        let mut c = Column::new(ColumnId(10 + i as u32), *name, DataType::parse("int"));
        c.nullable = i > 0;
        t.columns.push(c);
    }
    t.primary_key = Some(PrimaryKey { name: None, columns: vec![ColumnId(10), ColumnId(11)], options: None });
    t.indexes.push(Index {
        id: IndexId(20),
        name: None,
        unique: true,
        keys: vec![IndexKey { part: IndexPart::Column(ColumnId(12)), descending: false, extra: None }],
        method: None,
        predicate: None,
        include: Vec::new(),
        span: None,
        options: None,
    });
    let fk = |cols: &[u32]| ForeignKey {
        name: None,
        columns: cols.iter().map(|c| ColumnId(*c)).collect(),
        ref_table: TableId(2),
        ref_columns: cols.iter().map(|c| ColumnId(*c + 100)).collect(),
        on_delete: FkAction::NoAction,
        on_update: FkAction::NoAction,
        deferrable: false,
        initially_deferred: false,
        options: None,
    };
    t.foreign_keys = vec![fk(&[10]), fk(&[12]), fk(&[11]), fk(&[10, 11])];
    t
}

#[test]
fn column_keys_mark_primary_foreign_and_unique_members() {
    let t = keyed_table();
    let k = |id| t.column_keys(ColumnId(id));
    assert_eq!(k(10), ColumnKeys { primary: true, foreign: true, in_unique_key: false });
    assert_eq!(k(11), ColumnKeys { primary: true, foreign: true, in_unique_key: false });
    assert_eq!(k(12), ColumnKeys { primary: false, foreign: true, in_unique_key: true });
    assert_eq!(k(99), ColumnKeys::default());
}

#[test]
fn fk_cardinality_reads_nullability_uniqueness_and_identification() {
    let t = keyed_table();
    let card = |i: usize| {
        let c = t.fk_cardinality(&t.foreign_keys[i]);
        (c.parent_required, c.child_many, c.identifying)
    };
    // a: NOT NULL, not unique alone, in the primary key.
    assert_eq!(card(0), (true, true, true));
    // c: nullable, unique (index), not in the key.
    assert_eq!(card(1), (false, false, false));
    // b: nullable, in the key.
    assert_eq!(card(2), (false, true, true));
    // (a, b): the whole primary key, so one child per parent; b is nullable.
    assert_eq!(card(3), (false, false, true));
}
