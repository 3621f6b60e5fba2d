//! Property test: SQL export followed by re-import gives back the model, for generated schemas in
//! every SQL dialect we export (issue 7).
//!
//! A small seeded PRNG builds schemas with random tables and columns (types from the target
//! dialect's common types), nullability, defaults, single and composite primary keys, unique
//! constraints, CHECK constraints, table and column comments, foreign keys (self references and
//! cycles included) with random actions and deferrability, and
//! indexes (unique, composite, descending), named with awkward identifiers (reserved words,
//! spaces, quotes, Unicode, leading digits). Each schema is exported with
//! `export(schema, Format::Sql(d))`, re-imported with `import(text, Some(d))`, and compared by
//! name, never by id.
//!
//! Where a dialect cannot represent something, the comparison expects the mapped form instead of
//! the original, and says so in [`expected_action`] and [`expected_kind`]:
//! - Oracle has only `ON DELETE CASCADE | SET NULL` and no `ON UPDATE`; SQL Server has no
//!   `RESTRICT`: the other actions come back as `NO ACTION`.
//! - MySQL keeps no primary key name; an unbounded text column in a MySQL key becomes
//!   `varchar(255)`, and so does a JSON column (InnoDB cannot key TEXT or JSON).
//! - A SQLite auto-increment key must be spelled `INTEGER PRIMARY KEY AUTOINCREMENT`, so a
//!   `bigint` identity key comes back as `integer` (64 bits in SQLite all the same).
//! - Types compare by `TypeKind` (the exporter reuses the source spelling in its own dialect).
//! - Only PostgreSQL, SQLite and Oracle have deferrable foreign keys.
//! - SQLite and SQL Server keep comments only as SQL comments: comments are compared elsewhere.
//! - Defaults compare without outer parentheses and SQL Server's `N` string prefix.

use crate::support::Pick;
use erdsmith::diagnostic::Severity;
use erdsmith::export::{export, Format};
use erdsmith::import::{import, ImportOptions};
use erdsmith::schema::*;
use erdsmith::rng::Rng;
use std::fmt::Write;

/// Cases per dialect; each case is one generated schema.
const CASES: u64 = 400;

const DIALECTS: [Dialect; 5] = [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite, Dialect::Mssql, Dialect::Oracle];

/// Common column types of each dialect, spelled as that dialect's DDL does.
fn types(d: Dialect) -> &'static [&'static str] {
    match d {
        Dialect::Postgres => &[
            "integer", "bigint", "smallint", "text", "varchar(40)", "char(3)", "boolean", "numeric(10,2)", "timestamp",
            "timestamp with time zone", "date", "uuid", "jsonb", "bytea", "double precision", "real",
        ],
        Dialect::Mysql => &[
            "int", "bigint", "smallint", "tinyint", "int unsigned", "varchar(40)", "char(3)", "text", "tinyint(1)",
            "decimal(10,2)", "datetime", "date", "json", "varbinary(16)", "double", "float", "enum('a','it''s','b c')",
        ],
        Dialect::Sqlite => &["integer", "bigint", "text", "varchar(40)", "real", "blob", "numeric(10,2)", "boolean", "date", "timestamp"],
        Dialect::Mssql => &[
            "int", "bigint", "smallint", "nvarchar(40)", "nvarchar(max)", "varchar(40)", "nchar(3)", "bit", "decimal(10,2)",
            "datetime2", "date", "uniqueidentifier", "varbinary(16)", "float", "real",
        ],
        Dialect::Oracle => &[
            "number(10)", "number(19)", "varchar2(40 char)", "varchar2(40)", "char(3)", "clob", "number(1)", "number(10,2)",
            "date", "timestamp", "timestamp with time zone", "raw(16)", "blob", "binary_double", "binary_float",
        ],
        _ => &["integer", "text"],
    }
}

/// Identifiers a generated name is drawn from: plain, reserved, spaced, quoted, Unicode, digits.
const NAMES: &[&str] = &[
    "id", "name", "order", "select", "user", "group", "key", "first name", "it's", "say \"hi\"", "naïve", "日本語",
    "1st", "2fa code", "MixedCase", "UPPER", "a]b", "back`tick", "x--y", "semi;colon", "Ünïcödé", "table", "from",
    "status", "created_at", "value", "index", "desc", "42", "_under", "dollar$", "per%cent", "tab\tname",
];

/// Comment texts: quotes, backslashes, SQL punctuation, Unicode.
const COMMENTS: &[&str] = &["plain", "it's", "back\\slash \\n", "a; DROP TABLE x; --", "naïve 日本語", "\"quoted\"", "100%"];

/// A fresh name from the pool, made unique (case-insensitively) against `taken`.
fn fresh_name(rng: &mut Rng, taken: &mut Vec<String>) -> String {
    let base = rng.pick(NAMES).to_string();
    let mut name = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.to_lowercase() == name.to_lowercase()) {
        name = format!("{base}{n}");
        n += 1;
    }
    taken.push(name.clone());
    name
}

/// A literal default fitting `kind`, as the dialect writes it, or none.
fn default_for(rng: &mut Rng, kind: &TypeKind) -> Option<String> {
    match kind {
        TypeKind::Integer { .. } | TypeKind::Decimal { .. } => Some(rng.pick(&["0", "42", "-1"]).to_string()),
        TypeKind::Text { length, .. } if length.is_none_or(|l| l >= 3) => Some(rng.pick(&["'new'", "'it''s'", "''", "'a;b'", "'--'"]).to_string()),
        TypeKind::Timestamp { .. } => Some("CURRENT_TIMESTAMP".to_string()),
        _ => None,
    }
}

/// One generated schema in dialect `d`.
pub(crate) fn generate(rng: &mut Rng, d: Dialect) -> Schema {
    let mut s = Schema::new(d);
    let mut table_names = Vec::new();
    let mut index_names = Vec::new();
    let n_tables = 1 + rng.below(5);
    // SQLite has no namespaces; elsewhere some schemas put some tables in a named one.
    let namespace = (d != Dialect::Sqlite && rng.chance(0.2)).then(|| rng.pick(&["sales", "Order Data", "ünï"]).to_string());
    for _ in 0..n_tables {
        let id = TableId(s.fresh_id());
        let ns = namespace.clone().filter(|_| rng.chance(0.5));
        let mut t = Table::new(id, ns, fresh_name(rng, &mut table_names));
        if rng.chance(0.2) {
            t.comment = Some(rng.pick(COMMENTS).to_string());
        }
        let mut col_names = Vec::new();
        for _ in 0..1 + rng.below(6) {
            let cid = ColumnId(s.fresh_id());
            let ty = *rng.pick::<&str>(types(d));
            let mut c = Column::new(cid, fresh_name(rng, &mut col_names), DataType::parse(ty));
            c.nullable = rng.chance(0.5);
            if rng.chance(0.3) {
                c.default = default_for(rng, &c.data_type.kind);
            }
            if rng.chance(0.15) {
                c.comment = Some(rng.pick(COMMENTS).to_string());
            }
            t.columns.push(c);
        }
        let ids: Vec<ColumnId> = t.columns.iter().map(|c| c.id).collect();
        if rng.chance(0.8) {
            let n = 1 + rng.below(ids.len().min(3));
            let pk: Vec<ColumnId> = ids[..n].to_vec();
            for c in &mut t.columns {
                if pk.contains(&c.id) {
                    c.nullable = false;
                }
            }
            // A single integer key is sometimes an identity (auto-increment) column.
            if let [only] = pk[..]
                && let Some(c) = t.columns.iter_mut().find(|c| c.id == only)
                && matches!(c.data_type.kind, TypeKind::Integer { .. })
                && rng.chance(0.5)
            {
                c.identity = Some(match d {
                    Dialect::Mysql | Dialect::Sqlite => Identity::AutoIncrement,
                    Dialect::Mssql => Identity::Identity { seed: 1, increment: 1 },
                    _ => Identity::ByDefault,
                });
                c.default = None;
            }
            let name = rng.chance(0.3).then(|| format!("pk_{}", s.next_id));
            t.primary_key = Some(PrimaryKey { name, columns: pk, options: None });
        }
        if ids.len() > 1 && rng.chance(0.4) {
            let start = rng.below(ids.len());
            let n = 1 + rng.below(ids.len() - start);
            let cols = ids[start..start + n].to_vec();
            if !t.is_unique_set(&cols) {
                let name = rng.chance(0.5).then(|| format!("uq_{}", s.next_id));
                t.uniques.push(UniqueConstraint { name, columns: cols, options: None });
            }
        }
        for _ in 0..rng.below(3) {
            let n = 1 + rng.below(ids.len().min(3));
            let mut keys = Vec::new();
            let mut used = Vec::new();
            for _ in 0..n {
                let c = *rng.pick(&ids);
                if !used.contains(&c) {
                    used.push(c);
                    keys.push(IndexKey { part: IndexPart::Column(c), descending: rng.chance(0.25), extra: None });
                }
            }
            let name = fresh_name(rng, &mut index_names);
            let ix = Index {
                id: IndexId(s.fresh_id()),
                name: Some(format!("ix {name}")),
                unique: rng.chance(0.3),
                keys,
                method: None,
                predicate: None,
                include: Vec::new(),
                span: None,
                options: None,
            };
            t.indexes.push(ix);
        }
        if rng.chance(0.25)
            && let Some(c) = t.columns.iter().find(|c| matches!(c.data_type.kind, TypeKind::Integer { .. } | TypeKind::Decimal { .. }))
        {
            let name = rng.chance(0.7).then(|| format!("ck_{}", s.next_id));
            let expr = format!("{} >= 0", erdsmith::export::sql::quote(&c.name, d));
            t.checks.push(Check { name, expr, options: None });
        }
        s.tables.push(t);
    }
    // Foreign keys: each adds its own referencing columns, typed like the referenced key.
    let actions = [FkAction::NoAction, FkAction::Restrict, FkAction::Cascade, FkAction::SetNull, FkAction::SetDefault];
    for i in 0..s.tables.len() {
        for _ in 0..rng.below(3) {
            let j = rng.below(s.tables.len());
            let Some(target) = s.tables[j].primary_key.clone() else { continue };
            let target_id = s.tables[j].id;
            let nullable = rng.chance(0.5);
            let mut cols = Vec::new();
            let mut taken: Vec<String> = s.tables[i].columns.iter().map(|c| c.name.clone()).collect();
            for rc in &target.columns {
                let ty = s.tables[j].column(*rc).map(|c| c.data_type.clone()).expect("referenced column");
                let cid = ColumnId(s.fresh_id());
                let mut c = Column::new(cid, fresh_name(rng, &mut taken), ty);
                c.nullable = nullable;
                s.tables[i].columns.push(c);
                cols.push(cid);
            }
            let mut on_delete = *rng.pick(&actions);
            if on_delete == FkAction::SetNull && !nullable {
                on_delete = FkAction::Cascade;
            }
            let name = rng.chance(0.5).then(|| format!("fk_{}", s.next_id));
            let deferrable = rng.chance(0.2);
            let fk = ForeignKey {
                name,
                columns: cols,
                ref_table: target_id,
                ref_columns: target.columns.clone(),
                on_delete,
                on_update: *rng.pick(&actions),
                deferrable,
                initially_deferred: deferrable && rng.chance(0.5),
                options: None,
            };
            s.tables[i].foreign_keys.push(fk);
        }
    }
    s.validate().expect("generated schema is valid");
    s
}

/// The action `d` can express: what the export keeps (see the module docs).
fn expected_action(a: FkAction, d: Dialect, on_update: bool) -> FkAction {
    let kept = match d {
        Dialect::Oracle => !on_update && matches!(a, FkAction::Cascade | FkAction::SetNull),
        Dialect::Mssql => a != FkAction::Restrict,
        _ => true,
    };
    if kept { a } else { FkAction::NoAction }
}

/// The type kind a column comes back with in `d` (see the module docs).
fn expected_kind(t: &Table, c: &Column, d: Dialect) -> TypeKind {
    let in_key = t.is_pk_column(c.id)
        || t.is_fk_column(c.id)
        || t.uniques.iter().any(|u| u.columns.contains(&c.id))
        || t.indexes.iter().any(|ix| ix.leading_columns().any(|x| x == c.id));
    match (&c.data_type.kind, d) {
        (TypeKind::Text { length: None, .. } | TypeKind::Json, Dialect::Mysql) if in_key => TypeKind::Text { length: Some(255), fixed: false },
        (TypeKind::Integer { .. }, Dialect::Sqlite) if c.identity.is_some() && t.primary_key.as_ref().is_some_and(|pk| pk.columns == [c.id]) => {
            TypeKind::Integer { bits: 32, unsigned: false }
        }
        (k, _) => k.clone(),
    }
}

/// A default as compared: outer parentheses and SQL Server's `N` string prefix dropped.
fn norm_default(d: &str) -> String {
    let mut t = d.trim();
    while t.starts_with('(') && t.ends_with(')') {
        t = t[1..t.len() - 1].trim();
    }
    t.strip_prefix('N').filter(|r| r.starts_with('\'')).unwrap_or(t).to_string()
}

/// Everything compared, rendered by name so a difference reads as a line diff.
fn describe(s: &Schema, d: Dialect, expected: bool) -> Vec<String> {
    let mut out = Vec::new();
    let names = |t: &Table, ids: &[ColumnId]| -> String {
        ids.iter().map(|c| t.column(*c).map_or("?".to_string(), |c| format!("{:?}", c.name))).collect::<Vec<_>>().join(",")
    };
    let mut tables: Vec<&Table> = s.tables.iter().collect();
    tables.sort_by(|a, b| a.name.cmp(&b.name));
    for t in tables {
        let tn = match &t.schema {
            Some(ns) => format!("{ns:?}.{:?}", t.name),
            None => format!("{:?}", t.name),
        };
        // SQLite and SQL Server exports carry comments as SQL comments only (no COMMENT ON or
        // extended properties), so they are compared where the dialect can hold them.
        let comments = !matches!(d, Dialect::Sqlite | Dialect::Mssql);
        let comment = |c: &Option<String>| if comments { c.clone() } else { None };
        out.push(format!("table {tn} comment={:?}", comment(&t.comment)));
        for c in &t.columns {
            let kind = if expected { expected_kind(t, c, d) } else { c.data_type.kind.clone() };
            let default = c.default.as_deref().map(norm_default);
            out.push(format!("  column {tn}.{:?} {kind:?} nullable={} default={default:?} identity={} comment={:?}", c.name, c.nullable, c.identity.is_some(), comment(&c.comment)));
        }
        if let Some(pk) = &t.primary_key {
            let name = if d == Dialect::Mysql { None } else { pk.name.clone() };
            out.push(format!("  pk {tn} ({}) name={name:?}", names(t, &pk.columns)));
        }
        let mut uniques: Vec<String> = t.uniques.iter().map(|u| format!("  unique {tn} ({}) name={:?}", names(t, &u.columns), u.name)).collect();
        uniques.sort();
        out.extend(uniques);
        let mut checks: Vec<String> = t.checks.iter().map(|c| format!("  check {tn} {:?} name={:?}", c.expr.trim(), c.name)).collect();
        checks.sort();
        out.extend(checks);
        let mut fks: Vec<String> = t
            .foreign_keys
            .iter()
            .map(|fk| {
                let rt = s.table(fk.ref_table).expect("referenced table");
                let (del, upd) = if expected {
                    (expected_action(fk.on_delete, d, false), expected_action(fk.on_update, d, true))
                } else {
                    (fk.on_delete, fk.on_update)
                };
                // Only PostgreSQL, SQLite and Oracle have deferrable foreign keys.
                let deferrable = !expected || matches!(d, Dialect::Postgres | Dialect::Sqlite | Dialect::Oracle);
                format!(
                    "  fk {tn} ({}) -> {:?} ({}) on delete {del:?} on update {upd:?} name={:?} deferrable={} initially_deferred={}",
                    names(t, &fk.columns),
                    rt.name,
                    names(rt, &fk.ref_columns),
                    fk.name,
                    fk.deferrable && deferrable,
                    fk.initially_deferred && deferrable
                )
            })
            .collect();
        fks.sort();
        out.extend(fks);
        let mut indexes: Vec<String> = t
            .indexes
            .iter()
            .map(|ix| {
                let keys: Vec<String> = ix
                    .keys
                    .iter()
                    .map(|k| {
                        let part = match &k.part {
                            IndexPart::Column(c) => t.column(*c).map_or("?".into(), |c| format!("{:?}", c.name)),
                            IndexPart::Expression(e) => format!("expr {e}"),
                        };
                        if k.descending { format!("{part} desc") } else { part }
                    })
                    .collect();
                format!("  index {tn} {:?} unique={} ({})", ix.name, ix.unique, keys.join(","))
            })
            .collect();
        indexes.sort();
        out.extend(indexes);
    }
    out
}

/// Exports `s` to `d`, re-imports it and returns a precise message on the first difference.
fn round_trip(s: &Schema, d: Dialect) -> Result<(), String> {
    let exported = export(s, Format::Sql(d)).map_err(|e| format!("export failed: {e}"))?;
    let back = import(&exported.text, &ImportOptions { dialect: Some(d), ..Default::default() });
    back.schema.validate().map_err(|e| format!("re-imported schema is invalid: {e}"))?;
    let errors: Vec<_> = back.diagnostics.iter().filter(|x| x.severity != Severity::Info).collect();
    let want = describe(s, d, true);
    let got = describe(&back.schema, d, false);
    if errors.is_empty() && want == got {
        return Ok(());
    }
    let mut msg = String::new();
    for e in &errors {
        let _ = writeln!(msg, "diagnostic {}:{}: {} [{}]", e.span.line, e.span.column, e.message, e.statement);
    }
    for w in &want {
        if !got.contains(w) {
            let _ = writeln!(msg, "- {w}");
        }
    }
    for g in &got {
        if !want.contains(g) {
            let _ = writeln!(msg, "+ {g}");
        }
    }
    if want != got && msg.is_empty() {
        msg.push_str("same lines in a different order\n");
    }
    let _ = write!(msg, "--- exported {d} ---\n{}", exported.text);
    Err(msg)
}

#[test]
fn generated_schemas_survive_sql_export_and_reimport() {
    let mut failures = Vec::new();
    for d in DIALECTS {
        for case in 0..CASES {
            let mut rng = Rng::new(case + 1);
            let s = generate(&mut rng, d);
            if let Err(msg) = round_trip(&s, d) {
                failures.push(format!("{d} case {case}:\n{msg}"));
            }
        }
    }
    let shown: Vec<&String> = failures.iter().take(40).collect();
    assert!(failures.is_empty(), "{} of {} round trips differ; first ones:\n{}", failures.len(), CASES as usize * DIALECTS.len(), shown.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n"));
}

#[test]
fn the_generator_covers_what_it_promises() {
    // The property is only as good as its inputs: check that the generated schemas hold every
    // construct listed in the module docs at least once.
    let (mut composite_pk, mut self_ref, mut cycle, mut desc, mut unique_ix, mut awkward) = (false, false, false, false, false, false);
    let (mut check, mut deferrable, mut comment, mut namespace) = (false, false, false, false);
    for case in 0..CASES {
        let s = generate(&mut Rng::new(case + 1), Dialect::Postgres);
        for t in &s.tables {
            composite_pk |= t.primary_key.as_ref().is_some_and(|pk| pk.columns.len() > 1);
            self_ref |= t.foreign_keys.iter().any(|fk| fk.ref_table == t.id);
            cycle |= t.foreign_keys.iter().any(|fk| {
                fk.ref_table != t.id && s.table(fk.ref_table).is_some_and(|r| r.foreign_keys.iter().any(|b| b.ref_table == t.id))
            });
            desc |= t.indexes.iter().any(|ix| ix.keys.iter().any(|k| k.descending));
            unique_ix |= t.indexes.iter().any(|ix| ix.unique && ix.keys.len() > 1);
            awkward |= t.columns.iter().any(|c| c.name.contains(' ') && c.name.contains('"'));
            check |= !t.checks.is_empty();
            deferrable |= t.foreign_keys.iter().any(|fk| fk.initially_deferred);
            comment |= t.comment.is_some() && t.columns.iter().any(|c| c.comment.is_some());
            namespace |= t.schema.is_some();
        }
    }
    let all = [composite_pk, self_ref, cycle, desc, unique_ix, awkward, check, deferrable, comment, namespace];
    assert!(all.iter().all(|x| *x), "composite pk, self ref, cycle, desc, unique index, awkward name, check, deferrable, comment, namespace: {all:?}");
}
