//! Pure helpers behind the inspector's forms: what a control offers (type suggestions and index
//! methods per dialect) and how a form's values become `Edit`s (index key lists typed as text,
//! foreign keys picked column by column, enum values, a duplicated table). The UI only wires
//! these to inputs, so every rule here is tested natively (`tests/it/forms.rs`).

use super::Edit;
use crate::schema::{
    ColumnId, Dialect, EnumId, EnumType, FkAction, ForeignKey, Index, IndexKey, IndexPart, Point, PrimaryKey, Schema,
    Table, TableId, UniqueConstraint,
};

/// Type names offered for a column of a schema in `dialect`: the dialect's common types, then the
/// schema's own enum and domain names (a column can be typed with them too). No duplicates.
pub fn type_suggestions(dialect: Dialect, schema: &Schema) -> Vec<String> {
    let base: &[&str] = match dialect {
        Dialect::Postgres | Dialect::Generic => &[
            "integer", "bigint", "smallint", "serial", "bigserial", "numeric(12,2)", "real", "double precision",
            "boolean", "text", "varchar(255)", "char(1)", "date", "timestamp", "timestamptz", "time", "interval",
            "uuid", "jsonb", "json", "bytea", "inet", "text[]",
        ],
        Dialect::Duckdb => &[
            "INTEGER", "BIGINT", "SMALLINT", "HUGEINT", "DECIMAL(12,2)", "DOUBLE", "BOOLEAN", "VARCHAR", "DATE",
            "TIMESTAMP", "TIMESTAMPTZ", "TIME", "INTERVAL", "UUID", "JSON", "BLOB",
        ],
        Dialect::Mysql => &[
            "int", "bigint", "smallint", "tinyint(1)", "decimal(12,2)", "double", "varchar(255)", "char(1)", "text",
            "datetime", "timestamp", "date", "time", "json", "blob", "enum('a','b')",
        ],
        Dialect::Sqlite => &["INTEGER", "TEXT", "REAL", "NUMERIC", "BLOB"],
        Dialect::Mssql => &[
            "int", "bigint", "smallint", "bit", "decimal(12,2)", "float", "nvarchar(255)", "nvarchar(max)",
            "varchar(255)", "datetime2", "datetimeoffset", "date", "time", "uniqueidentifier", "varbinary(max)",
        ],
        Dialect::Oracle => &[
            "NUMBER(10)", "NUMBER(12,2)", "VARCHAR2(255)", "NVARCHAR2(255)", "CHAR(1)", "CLOB", "BLOB", "DATE",
            "TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "RAW(16)",
        ],
        Dialect::Clickhouse => &[
            "UInt32", "UInt64", "Int32", "Int64", "Float64", "Decimal(12,2)", "String", "Date", "DateTime", "UUID",
            "Bool",
        ],
        Dialect::Snowflake => &[
            "NUMBER(38,0)", "FLOAT", "VARCHAR", "BOOLEAN", "DATE", "TIMESTAMP_NTZ", "TIMESTAMP_TZ", "VARIANT",
        ],
    };
    let mut out: Vec<String> = base.iter().map(|s| s.to_string()).collect();
    let user = schema
        .enums
        .iter()
        .map(|e| qualified(e.schema.as_deref(), &e.name))
        .chain(schema.domains.iter().map(|d| qualified(d.schema.as_deref(), &d.name)));
    for name in user {
        if !out.iter().any(|o| o.eq_ignore_ascii_case(&name)) {
            out.push(name);
        }
    }
    out
}

fn qualified(schema: Option<&str>, name: &str) -> String {
    match schema {
        Some(s) => format!("{s}.{name}"),
        None => name.to_string(),
    }
}

/// Index access methods a dialect can state (what the SQL export writes back). Empty when the
/// dialect has no choice: the index then uses the default method.
pub fn index_methods(dialect: Dialect) -> &'static [&'static str] {
    match dialect {
        Dialect::Postgres | Dialect::Generic => &["btree", "hash", "gin", "gist", "spgist", "brin"],
        Dialect::Mysql => &["btree", "hash", "fulltext", "spatial"],
        Dialect::Duckdb => &["art"],
        Dialect::Sqlite | Dialect::Mssql | Dialect::Oracle | Dialect::Clickhouse | Dialect::Snowflake => &[],
    }
}

/// Whether a dialect supports partial indexes (`… WHERE predicate`).
pub fn partial_indexes(dialect: Dialect) -> bool {
    matches!(dialect, Dialect::Postgres | Dialect::Generic | Dialect::Sqlite | Dialect::Mssql)
}

/// The methods to offer for `index`: the dialect's, plus the index's own if it is another one
/// (an imported method is never silently dropped by opening the form).
pub fn method_choices(dialect: Dialect, index: &Index) -> Vec<String> {
    let mut out: Vec<String> = index_methods(dialect).iter().map(|s| s.to_string()).collect();
    if let Some(m) = &index.method
        && !out.iter().any(|o| o.eq_ignore_ascii_case(m))
    {
        out.push(m.clone());
    }
    out
}

/// The index keys as the form's text: `a, b DESC, lower(email)`.
pub fn index_keys_text(table: &Table, index: &Index) -> String {
    index
        .keys
        .iter()
        .map(|k| {
            let part = match &k.part {
                IndexPart::Column(c) => table.column(*c).map(|c| c.name.clone()).unwrap_or_else(|| format!("#{}", c.0)),
                IndexPart::Expression(e) => e.clone(),
            };
            if k.descending { format!("{part} DESC") } else { part }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Splits at commas outside parentheses and quotes.
fn split_top_level(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut cur = String::new();
    for ch in text.chars() {
        match quote {
            Some(q) => {
                if ch == q {
                    quote = None;
                }
            }
            None => match ch {
                '\'' | '"' => quote = Some(ch),
                '(' => depth += 1,
                ')' => depth -= 1,
                ',' if depth == 0 => {
                    parts.push(std::mem::take(&mut cur));
                    continue;
                }
                _ => {}
            },
        }
        cur.push(ch);
    }
    parts.push(cur);
    parts
}

/// Reads the form's key list: comma-separated column names (case-insensitive, optionally quoted
/// with `"`), each optionally followed by `ASC` or `DESC`; a part with parentheses is an
/// expression. Anything else that names no column of `table` is an error.
pub fn parse_index_keys(table: &Table, text: &str) -> Result<Vec<IndexKey>, String> {
    let mut keys = Vec::new();
    for raw in split_top_level(text) {
        let mut item = raw.trim();
        if item.is_empty() {
            continue;
        }
        let mut descending = false;
        let upper = item.to_ascii_uppercase();
        for (suffix, desc) in [(" DESC", true), (" ASC", false)] {
            if upper.ends_with(suffix) {
                item = item[..item.len() - suffix.len()].trim_end();
                descending = desc;
                break;
            }
        }
        let unquoted = item.strip_prefix('"').and_then(|s| s.strip_suffix('"')).unwrap_or(item);
        let part = match table.column_by_name(unquoted) {
            Some(c) => IndexPart::Column(c.id),
            None if item.contains('(') => IndexPart::Expression(item.to_string()),
            None => return Err(format!("{} has no column named `{unquoted}`", table.qualified_name())),
        };
        if let IndexPart::Column(c) = part
            && keys.iter().any(|k: &IndexKey| k.part == IndexPart::Column(c))
        {
            return Err(format!("the index names `{unquoted}` twice"));
        }
        keys.push(IndexKey { part, descending, extra: None });
    }
    if keys.is_empty() {
        return Err("an index needs at least one column".to_string());
    }
    Ok(keys)
}

/// A trimmed, non-empty text, or `None`.
pub fn non_empty(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// The index with its method set from the form (`""` = the default method, stored as `None`).
pub fn with_method(index: &Index, method: &str) -> Index {
    Index { method: non_empty(method).map(|m| m.to_lowercase()), ..index.clone() }
}

/// The index with its partial predicate set from the form; a leading `WHERE` is dropped.
pub fn with_predicate(index: &Index, predicate: &str) -> Index {
    let p = predicate.trim();
    let p = if p.len() >= 6 && p[..6].eq_ignore_ascii_case("where ") { &p[6..] } else { p };
    Index { predicate: non_empty(p), ..index.clone() }
}

/// Primary key with `col` toggled in or out (the key's name is kept).
pub fn toggled_pk(t: &Table, col: ColumnId, on: bool) -> Option<PrimaryKey> {
    let mut cols = t.primary_key.as_ref().map(|p| p.columns.clone()).unwrap_or_default();
    cols.retain(|c| *c != col);
    if on {
        cols.push(col);
    }
    (!cols.is_empty()).then(|| PrimaryKey { name: t.primary_key.as_ref().and_then(|p| p.name.clone()), columns: cols, options: None })
}

/// Unique constraints with a single-column one for `col` added or removed.
pub fn toggled_unique(t: &Table, col: ColumnId, on: bool) -> Vec<UniqueConstraint> {
    let mut u: Vec<UniqueConstraint> = t.uniques.iter().filter(|u| u.columns != [col]).cloned().collect();
    if on {
        u.push(UniqueConstraint { name: None, columns: vec![col], options: None });
    }
    u
}

/// The referential actions a foreign key form offers, in menu order.
pub const FK_ACTIONS: [FkAction; 5] =
    [FkAction::NoAction, FkAction::Restrict, FkAction::Cascade, FkAction::SetNull, FkAction::SetDefault];

/// Column pairs a new foreign key from `table` to `target` starts with: one per column of the
/// target's primary key (its first column when it has none), each with the referencing column
/// named `<target>_<column>`, or of the same name (unless that is the table's own key), or
/// `None` when no column matches.
pub fn guess_fk_pairs(table: &Table, target: &Table) -> Vec<(Option<ColumnId>, ColumnId)> {
    let referenced: Vec<ColumnId> = match &target.primary_key {
        Some(pk) if !pk.columns.is_empty() => pk.columns.clone(),
        _ => target.columns.first().map(|c| vec![c.id]).unwrap_or_default(),
    };
    referenced
        .into_iter()
        .filter_map(|rc| {
            let name = &target.column(rc)?.name;
            // `customer_id` first; a column of the same name only when it is not this table's
            // own key (`orders.id` is not a reference to `customer.id`).
            let same = table.column_by_name(name).filter(|c| table.id != target.id && !table.is_pk_column(c.id));
            let local = table.column_by_name(&format!("{}_{name}", target.name)).or(same).map(|c| c.id);
            Some((local, rc))
        })
        .collect()
}

/// Builds the foreign key the form describes, checking what `apply` would refuse with a message
/// a form can show next to the button.
pub fn foreign_key_from_form(
    schema: &Schema,
    table: TableId,
    target: TableId,
    pairs: &[(Option<ColumnId>, Option<ColumnId>)],
    on_delete: FkAction,
    on_update: FkAction,
) -> Result<ForeignKey, String> {
    let t = schema.table(table).ok_or("the table no longer exists")?;
    let r = schema.table(target).ok_or("choose the referenced table")?;
    if pairs.is_empty() {
        return Err("a foreign key needs at least one column".to_string());
    }
    let mut columns = Vec::new();
    let mut ref_columns = Vec::new();
    for (i, (c, rc)) in pairs.iter().enumerate() {
        let c = c.filter(|c| t.column(*c).is_some()).ok_or(format!("pair {}: choose a column of {}", i + 1, t.name))?;
        let rc = rc.filter(|c| r.column(*c).is_some()).ok_or(format!("pair {}: choose a column of {}", i + 1, r.name))?;
        if columns.contains(&c) {
            return Err(format!("column {} is named twice", t.column(c).map(|c| c.name.as_str()).unwrap_or("?")));
        }
        columns.push(c);
        ref_columns.push(rc);
    }
    Ok(ForeignKey {
        name: None,
        columns,
        ref_table: target,
        ref_columns,
        on_delete,
        on_update,
        deferrable: false,
        initially_deferred: false,
        options: None,
    })
}

/// A copy of table `id` for "Duplicate": fresh ids for the table, its columns and indexes
/// (allocated from `schema`), a free name `<name>_copy`, constraint names cleared (they must be
/// unique in most databases), foreign keys kept (self-references point at the copy), placed
/// beside the original. `None` when there is no such table.
pub fn duplicate_table(schema: &mut Schema, id: TableId) -> Option<Table> {
    let original = schema.table(id)?.clone();
    let mut copy = original.clone();
    copy.id = TableId(schema.fresh_id());
    let taken = |n: &str| {
        schema.tables.iter().any(|t| same_ns(&t.schema, &original.schema) && t.name.eq_ignore_ascii_case(n))
    };
    let name = (1..)
        .map(|i| if i == 1 { format!("{}_copy", original.name) } else { format!("{}_copy{i}", original.name) })
        .find(|n| !taken(n))?;
    copy.name = name;
    let mut map = Vec::with_capacity(copy.columns.len());
    for c in &mut copy.columns {
        let new = ColumnId(schema.fresh_id());
        map.push((c.id, new));
        c.id = new;
        c.span = None;
    }
    let remap = |c: &mut ColumnId| {
        if let Some((_, new)) = map.iter().find(|(old, _)| old == c) {
            *c = *new;
        }
    };
    if let Some(pk) = &mut copy.primary_key {
        pk.name = None;
        pk.columns.iter_mut().for_each(remap);
    }
    for u in &mut copy.uniques {
        u.name = None;
        u.columns.iter_mut().for_each(remap);
    }
    for ch in &mut copy.checks {
        ch.name = None;
    }
    for fk in &mut copy.foreign_keys {
        fk.name = None;
        fk.columns.iter_mut().for_each(remap);
        if fk.ref_table == id {
            fk.ref_table = copy.id;
            fk.ref_columns.iter_mut().for_each(remap);
        }
    }
    for ix in &mut copy.indexes {
        ix.id = crate::schema::IndexId(schema.fresh_id());
        ix.name = ix.name.as_ref().map(|n| match n.strip_prefix(&original.name) {
            Some(rest) => format!("{}{rest}", copy.name),
            None => format!("{}_{n}", copy.name),
        });
        ix.span = None;
        for k in &mut ix.keys {
            if let IndexPart::Column(c) = &mut k.part {
                remap(c);
            }
        }
        ix.include.iter_mut().for_each(remap);
    }
    copy.span = None;
    copy.position = original.position.map(|p| Point { x: p.x + 40.0, y: p.y + 40.0 });
    if copy.parent == Some(id) {
        copy.parent = Some(copy.id);
    }
    Some(copy)
}

fn same_ns(a: &Option<String>, b: &Option<String>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
        _ => false,
    }
}

/// A new, empty enum type with a free name (`status`, `status_2`, …), id allocated from `schema`.
pub fn new_enum(schema: &mut Schema) -> EnumType {
    let name = (1..)
        .map(|i| if i == 1 { "status".to_string() } else { format!("status_{i}") })
        .find(|n| !schema.enums.iter().any(|e| e.name.eq_ignore_ascii_case(n)))
        .unwrap_or_default();
    EnumType { id: EnumId(schema.fresh_id()), schema: None, name, values: Vec::new(), span: None }
}

/// One change to an enum's value list from the form.
#[derive(Clone, Debug, PartialEq)]
pub enum EnumValueOp {
    Add(String),
    Rename(usize, String),
    Remove(usize),
    /// Moves the value at the first index to the second.
    Move(usize, usize),
}

/// The enum with `op` applied to its values; values must be non-empty and distinct.
pub fn edit_enum_values(e: &EnumType, op: EnumValueOp) -> Result<EnumType, String> {
    let mut values = e.values.clone();
    let out_of_range = |i: usize| format!("{}: no value at position {i}", e.name);
    let check_new = |values: &[String], v: &str, except: Option<usize>| {
        if v.is_empty() {
            return Err(format!("{}: an enum value must not be empty", e.name));
        }
        if values.iter().enumerate().any(|(i, o)| Some(i) != except && o == v) {
            return Err(format!("{}: the value `{v}` already exists", e.name));
        }
        Ok(())
    };
    match op {
        EnumValueOp::Add(v) => {
            check_new(&values, &v, None)?;
            values.push(v);
        }
        EnumValueOp::Rename(i, v) => {
            if i >= values.len() {
                return Err(out_of_range(i));
            }
            check_new(&values, &v, Some(i))?;
            if let Some(slot) = values.get_mut(i) {
                *slot = v;
            }
        }
        EnumValueOp::Remove(i) => {
            if i >= values.len() {
                return Err(out_of_range(i));
            }
            values.remove(i);
        }
        EnumValueOp::Move(from, to) => {
            if from >= values.len() || to >= values.len() {
                return Err(out_of_range(from.max(to)));
            }
            let v = values.remove(from);
            values.insert(to, v);
        }
    }
    Ok(EnumType { values, ..e.clone() })
}

/// The edit that renames enum `id` to `name`, retyping the columns declared with the old name
/// (one undo step). `None` when there is no such enum.
pub fn rename_enum(schema: &Schema, id: EnumId, name: &str) -> Option<Edit> {
    let e = schema.enums.iter().find(|e| e.id == id)?;
    let old = qualified(e.schema.as_deref(), &e.name).to_lowercase();
    let new_type = qualified(e.schema.as_deref(), name);
    let mut edits = vec![Edit::PutEnum { value: EnumType { name: name.to_string(), ..e.clone() } }];
    for t in &schema.tables {
        for c in &t.columns {
            let n = c.data_type.normalized.replace('"', "");
            let (base, array) = match n.strip_suffix("[]") {
                Some(b) => (b, "[]"),
                None => (n.as_str(), ""),
            };
            let written = if base == old {
                &new_type
            } else if e.schema.is_some() && base == e.name.to_lowercase() {
                name
            } else {
                continue;
            };
            edits.push(Edit::SetColumnType {
                column: c.id,
                data_type: crate::schema::DataType::parse(&format!("{written}{array}")),
            });
        }
    }
    Some(Edit::Batch(edits))
}
