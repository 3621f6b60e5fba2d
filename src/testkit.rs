//! For tests only: the one schema notation of the unit tests and the integration tests, so each
//! test states its schema in a few lines instead of constructing the model by hand (the importer
//! is not a dependency here). Public (hidden from the docs) because the integration tests cannot
//! reach `cfg(test)` code; nothing in the library calls it, so release builds drop it.
//!
//! ```text
//! table sales.orders           -- starts a table (`schema.name`; a name in backticks is whole)
//! id bigint | pk               -- column: name, type (the text up to `|`), then flags
//! `Full Name` double precision | nn default 0 comment free text, to the end of the line
//! customer_id bigint | nn fk customers.id
//! pk a b                       -- composite primary key
//! unique a b                   -- unique constraint
//! index a b                    -- b-tree index (named `ixN`); `uindex` for a unique one
//! index a b as orders_a_idx    -- a named index
//! fk a b -> customers x y      -- composite foreign key (`-> sales.customers` names a schema)
//! fk a -> customers x as a_fk  -- a named foreign key
//! alter orders                 -- continues an earlier table (later columns get later ids)
//! ```
//! Columns are nullable unless `pk` or `nn`. Flags: `pk` (joins the primary key, not null), `nn`
//! (not null), `unique` (a one-column unique constraint), `fk table.col`, `serial`, `identity`
//! (GENERATED ALWAYS), `identity-by-default`, `default EXPR` (one word), `comment TEXT` (the
//! rest of the line, so last); any other flag panics naming it and its line (a misspelled flag
//! must not be ignored). A column named like a keyword (`table`, `pk`, …) goes in backticks.
//! Ids are allocated in reading order: a table, then each column and each `pk`/`unique`/`index`/
//! `uindex` line as it comes (the rule tests' `ixN` index names count them); flags and foreign
//! keys take none.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use crate::schema::{
    Column, ColumnId, DataType, Dialect, ForeignKey, Identity, Index, IndexId, PrimaryKey,
    Schema, Table, TableId, UniqueConstraint,
};

/// The column flags.
const FLAGS: [&str; 9] = ["pk", "nn", "unique", "fk", "serial", "identity", "identity-by-default", "default", "comment"];

/// Builds a schema from the notation above; panics on malformed test input (a test bug).
pub fn schema(dialect: Dialect, text: &str) -> Schema {
    let mut s = Schema::new(dialect);
    add(&mut s, text);
    s
}

/// A foreign key waiting for every table of the text: table, columns, target, columns, name.
type PendingFk = (TableId, Vec<String>, String, Vec<String>, Option<String>);

/// Adds the tables of `text` (in the notation above) to `s`; foreign keys may point at tables
/// already in `s`. Panics on malformed test input or an invalid result.
pub fn add(s: &mut Schema, text: &str) {
    let mut pending: Vec<PendingFk> = Vec::new();
    let mut current: Option<TableId> = None;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let words = tokens(line);
        let head = if line.starts_with('`') { "" } else { words[0].as_str() };
        let rest = &words[1..];
        match head {
            "table" => {
                let (schema, name) = qualified(line, rest);
                let id = TableId(s.fresh_id());
                s.tables.push(Table::new(id, schema, name));
                current = Some(id);
            }
            "alter" => {
                let (schema, name) = qualified(line, rest);
                let t = s.find_table(schema.as_deref(), &name).unwrap_or_else(|| panic!("no table {name} in {line:?}"));
                current = Some(t.id);
            }
            "pk" | "unique" | "index" | "uindex" => {
                let tid = current.expect("key before table");
                let (rest, name) = named(rest);
                let cols = ids(s, tid, rest);
                let fresh = s.fresh_id();
                let t = s.table_mut(tid).unwrap();
                match head {
                    "pk" => t.primary_key = Some(PrimaryKey { name: None, columns: cols, options: None }),
                    "unique" => t.uniques.push(UniqueConstraint { name: None, columns: cols, options: None }),
                    _ => t.indexes.push(Index::on_columns(IndexId(fresh), Some(name.unwrap_or_else(|| format!("ix{fresh}"))), head == "uindex", &cols)),
                }
            }
            "fk" => {
                let tid = current.expect("fk before table");
                let (rest, name) = named(rest);
                let arrow = rest.iter().position(|w| w == "->").unwrap_or_else(|| panic!("fk needs -> in {line:?}"));
                let target = rest.get(arrow + 1).unwrap_or_else(|| panic!("fk needs a table after -> in {line:?}"));
                pending.push((tid, rest[..arrow].to_vec(), target.clone(), rest[arrow + 2..].to_vec(), name));
            }
            _ => {
                let tid = current.expect("column before table");
                let (name, after) = match line.strip_prefix('`') {
                    Some(r) => {
                        let end = r.find('`').unwrap_or_else(|| panic!("no closing backtick in {line:?}"));
                        (&r[..end], &r[end + 1..])
                    }
                    None => line.split_once(char::is_whitespace).unwrap_or((line, "")),
                };
                let (ty, flags) = after.split_once('|').unwrap_or((after, ""));
                // `serial` and `identity` are type words too; these never are.
                if let Some(f) = ty.split_whitespace().find(|w| ["pk", "nn", "fk", "unique"].contains(w)) {
                    panic!("flag {f:?} before `|` in {line:?}: it would be read as part of the type");
                }
                let id = ColumnId(s.fresh_id());
                let mut col = Column::new(id, name, DataType::parse(ty.trim()));
                let t = s.table_mut(tid).unwrap();
                let mut flags = flags.trim_start();
                while !flags.is_empty() {
                    let (f, tail) = flags.split_once(char::is_whitespace).unwrap_or((flags, ""));
                    flags = tail.trim_start();
                    let mut arg = || {
                        let (a, tail) = flags.split_once(char::is_whitespace).unwrap_or((flags, ""));
                        flags = tail.trim_start();
                        (!a.is_empty()).then(|| a.to_string())
                    };
                    match f {
                        "pk" => {
                            col.nullable = false;
                            match &mut t.primary_key {
                                Some(pk) => pk.columns.push(id),
                                None => t.primary_key = Some(PrimaryKey { name: None, columns: vec![id], options: None }),
                            }
                        }
                        "nn" => col.nullable = false,
                        "unique" => t.uniques.push(UniqueConstraint { name: None, columns: vec![id], options: None }),
                        "serial" => col.identity = Some(Identity::Serial),
                        "identity" => col.identity = Some(Identity::Always),
                        "identity-by-default" => col.identity = Some(Identity::ByDefault),
                        "default" => col.default = Some(arg().unwrap_or_else(|| panic!("`default` needs a value in {line:?}"))),
                        "comment" => {
                            col.comment = Some(flags.to_string());
                            flags = "";
                        }
                        "fk" => {
                            let target = arg();
                            let (rt, rc) = target
                                .as_deref()
                                .and_then(|w| w.rsplit_once('.'))
                                .unwrap_or_else(|| panic!("`fk` needs table.column in {line:?}"));
                            pending.push((tid, vec![name.to_string()], rt.to_string(), vec![rc.to_string()], None));
                        }
                        _ => panic!("unknown flag {f:?} in {line:?} (flags: {})", FLAGS.join(", ")),
                    }
                }
                t.columns.push(col);
            }
        }
    }
    for (tid, cols, target, rcols, name) in pending {
        let (schema, table) = match target.split_once('.') {
            Some((sc, t)) => (Some(sc), t),
            None => (None, target.as_str()),
        };
        let rt = s.find_table(schema, table).unwrap_or_else(|| panic!("no table {target}")).id;
        let foreign_key = ForeignKey {
            name,
            columns: ids(s, tid, &cols),
            ref_table: rt,
            ref_columns: ids(s, rt, &rcols),
            on_delete: Default::default(),
            on_update: Default::default(),
            deferrable: false,
            initially_deferred: false,
            options: None,
        };
        s.table_mut(tid).unwrap().foreign_keys.push(foreign_key);
    }
    s.validate().unwrap();
}

/// The words of a line; a word in backticks may hold spaces.
fn tokens(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line.trim_start();
    while !rest.is_empty() {
        let (word, tail) = match rest.strip_prefix('`') {
            Some(r) => {
                let end = r.find('`').unwrap_or_else(|| panic!("no closing backtick in {line:?}"));
                (&r[..end], &r[end + 1..])
            }
            None => rest.split_once(char::is_whitespace).unwrap_or((rest, "")),
        };
        out.push(word.to_string());
        rest = tail.trim_start();
    }
    out
}

/// A table's `schema.name` (a name in backticks is taken whole).
fn qualified(line: &str, rest: &[String]) -> (Option<String>, String) {
    let name = rest.first().unwrap_or_else(|| panic!("no table name in {line:?}"));
    let quoted = line.split_whitespace().nth(1).is_some_and(|w| w.starts_with('`'));
    match name.split_once('.') {
        Some((s, n)) if !quoted => (Some(s.to_string()), n.to_string()),
        _ => (None, name.clone()),
    }
}

/// Splits a trailing `as NAME` off a key's words.
fn named(words: &[String]) -> (&[String], Option<String>) {
    match words {
        [head @ .., as_, name] if as_ == "as" => (head, Some(name.clone())),
        _ => (words, None),
    }
}

fn ids<S: AsRef<str>>(s: &Schema, t: TableId, names: &[S]) -> Vec<ColumnId> {
    let t = s.table(t).unwrap();
    names
        .iter()
        .map(|n| t.column_by_name(n.as_ref()).unwrap_or_else(|| panic!("no column {} in {}", n.as_ref(), t.name)).id)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[should_panic(expected = "unknown flag \"nul\" in \"id int | pk nul\"")]
    fn a_misspelled_flag_is_an_error_not_ignored() {
        schema(Dialect::Postgres, "table t\nid int | pk nul");
    }

    #[test]
    #[should_panic(expected = "flag \"pk\" before `|` in \"id int pk\"")]
    fn a_flag_without_its_bar_is_refused() {
        schema(Dialect::Postgres, "table t\nid int pk");
    }

    #[test]
    #[should_panic(expected = "`fk` needs table.column")]
    fn fk_without_a_target_is_refused() {
        schema(Dialect::Postgres, "table t\nid int | fk");
    }

    #[test]
    fn known_flags_build_the_schema() {
        let s = schema(Dialect::Postgres, "table a\nid int | pk serial\ntable b\nid int | nn identity\na_id int | fk a.id");
        let (a, b) = (&s.tables[0], &s.tables[1]);
        assert_eq!(a.primary_key.as_ref().map(|k| k.columns.clone()), Some(vec![a.columns[0].id]));
        assert_eq!(a.columns[0].identity, Some(Identity::Serial));
        assert!(!b.columns[0].nullable && b.columns[0].identity == Some(Identity::Always));
        assert_eq!(b.foreign_keys[0].ref_table, a.id);
    }

    #[test]
    fn flags_after_the_type_are_read() {
        let s = schema(
            Dialect::Postgres,
            "table sales.t
             id int | pk
             name varchar(20) | unique default 'x' comment a | b
             `n m` double precision | nn identity-by-default
             pk id `n m`",
        );
        let t = s.find_table(Some("sales"), "t").unwrap();
        let col = |n: &str| t.column_by_name(n).unwrap();
        assert!(!col("id").nullable && t.is_pk_column(col("id").id));
        assert!(col("name").nullable && t.is_unique_alone(col("name").id));
        assert_eq!(col("name").default.as_deref(), Some("'x'"));
        assert_eq!(col("name").comment.as_deref(), Some("a | b"));
        assert_eq!(col("name").data_type.raw, "varchar(20)");
        assert_eq!(col("n m").data_type.raw, "double precision");
        assert!(col("n m").identity == Some(Identity::ByDefault) && !col("n m").nullable);
        assert_eq!(t.primary_key.as_ref().map(|k| k.columns.len()), Some(2));
    }

    #[test]
    fn two_pk_flags_make_one_composite_key() {
        let s = schema(Dialect::Postgres, "table t\na int | pk\nb int | pk");
        let t = &s.tables[0];
        assert_eq!(t.primary_key.as_ref().map(|k| k.columns.clone()), Some(vec![t.columns[0].id, t.columns[1].id]));
    }

    #[test]
    fn names_schemas_and_later_additions() {
        let mut s = schema(
            Dialect::Postgres,
            "table sales.users\nid int | pk\ntable hr.users\nid int | pk\nsales_user int | fk sales.users.id\n\
             table `Line Items`\n`order` int | nn\nindex `order` as `items order`\nfk `order` -> hr.users id as `fk \"q\"`",
        );
        add(&mut s, "alter `Line Items`\nnote text\ntable tags\nid serial | pk");
        let (sales, hr, items) = (&s.tables[0], &s.tables[1], &s.tables[2]);
        assert_eq!((sales.schema.as_deref(), hr.schema.as_deref(), items.schema.as_deref()), (Some("sales"), Some("hr"), None));
        assert_eq!(hr.foreign_keys[0].ref_table, sales.id);
        assert_eq!(items.foreign_keys[0].ref_table, hr.id);
        assert_eq!(items.foreign_keys[0].name.as_deref(), Some("fk \"q\""));
        assert_eq!(items.indexes[0].name.as_deref(), Some("items order"));
        let ids: Vec<u32> = vec![items.columns[0].id.0, items.indexes[0].id.0, items.columns[1].id.0, s.tables[3].id.0];
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "ids in reading order: {ids:?}");
    }
}
