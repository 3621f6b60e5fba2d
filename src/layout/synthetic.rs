//! Deterministic synthetic schemas with the shape of `shared/bench/gen_schema.py`, for layout
//! tests and benchmarks that must not wait for (or depend on) the importer.

use crate::schema::{
    Column, ColumnId, DataType, Dialect, ForeignKey, FkAction, Index, IndexId, IndexKey, IndexPart,
    PrimaryKey, Schema, Table, TableId,
};

const WORDS: [&str; 22] = [
    "account", "order", "invoice", "product", "customer", "shipment", "payment", "warehouse",
    "supplier", "category", "review", "coupon", "employee", "region", "ticket", "project", "task",
    "comment", "tag", "session", "device", "event",
];
const COLS: [&str; 23] = [
    "name", "title", "status", "amount", "created_at", "updated_at", "note", "code", "email",
    "phone", "city", "country", "price", "quantity", "score", "flag", "payload", "external_ref",
    "starts_on", "ratio", "version", "slug", "label",
];
const TYPES: [&str; 12] = [
    "integer", "bigint", "text", "varchar(120)", "boolean", "timestamptz", "numeric(12,2)",
    "jsonb", "uuid", "date", "smallint", "double precision",
];

pub use crate::rng::Rng;

/// `tables` tables of 6–24 columns with a primary key, 0–3 foreign keys to earlier tables
/// (self-references included), some indexes and comments.
pub fn schema(tables: usize, seed: u64) -> Schema {
    let mut rng = Rng::new(seed);
    let mut s = Schema::new(Dialect::Postgres);
    // (table id, id column) of every table so far.
    let mut keys: Vec<(TableId, ColumnId)> = Vec::with_capacity(tables);
    let word = |n: usize| WORDS.get(n % WORDS.len()).copied().unwrap_or_default();
    for i in 0..tables {
        let tid = TableId(s.fresh_id());
        let mut t = Table::new(tid, None, format!("{}_{i}", word(i)));
        let id_col = ColumnId(s.fresh_id());
        let mut id = Column::new(id_col, "id", DataType::parse("bigint"));
        id.nullable = false;
        t.columns.push(id);
        keys.push((tid, id_col));
        let fk_count = if i == 0 { 0 } else { rng.range(0, 3) };
        for j in 0..fk_count {
            let target = rng.below(i + 1);
            let cid = ColumnId(s.fresh_id());
            let mut c = Column::new(cid, format!("ref{j}_{}_id", word(target)), DataType::parse("bigint"));
            c.nullable = !rng.chance(0.6);
            t.columns.push(c);
            // `target` is at most `i`: every earlier table and this one have their key.
            let Some(&(ref_table, ref_column)) = keys.get(target) else { continue };
            t.foreign_keys.push(ForeignKey {
                name: Some(format!("fk_{}_{j}", t.name)),
                columns: vec![cid],
                ref_table,
                ref_columns: vec![ref_column],
                on_delete: if rng.chance(0.3) { FkAction::Cascade } else { FkAction::NoAction },
                on_update: FkAction::NoAction,
                deferrable: false,
                initially_deferred: false,
                options: None,
            });
        }
        for k in 0..rng.range(4, 20) {
            let cid = ColumnId(s.fresh_id());
            let mut c = Column::new(cid, format!("{}_{k}", COLS.get((i + k) % COLS.len()).copied().unwrap_or_default()), DataType::parse(TYPES.get(rng.below(TYPES.len())).copied().unwrap_or_default()));
            c.nullable = !rng.chance(0.3);
            t.columns.push(c);
        }
        t.primary_key = Some(PrimaryKey { name: Some(format!("pk_{}", t.name)), columns: vec![id_col], options: None });
        for (n, fk) in t.foreign_keys.clone().iter().enumerate() {
            if rng.chance(0.5)
                && let Some(&column) = fk.columns.first()
            {
                let iid = IndexId(s.fresh_id());
                t.indexes.push(index(iid, format!("ix_{}_{n}", t.name), false, column));
            }
        }
        if rng.chance(0.4) {
            let last = t.columns.last().map(|c| c.id).unwrap_or(id_col);
            let iid = IndexId(s.fresh_id());
            t.indexes.push(index(iid, format!("ux_{}", t.name), true, last));
        }
        if rng.chance(0.2) {
            t.comment = Some(format!("Generated table {i} for benchmarks"));
        }
        s.tables.push(t);
    }
    s
}

fn index(id: IndexId, name: String, unique: bool, column: ColumnId) -> Index {
    Index {
        id,
        name: Some(name),
        unique,
        keys: vec![IndexKey { part: IndexPart::Column(column), descending: false, extra: None }],
        method: None,
        predicate: None,
        include: Vec::new(),
        span: None,
        options: None,
    }
}
