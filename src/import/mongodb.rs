//! MongoDB: a mongosh script → Schema.
//!
//! Read: `db.createCollection(name, {validator: {$jsonSchema: …}, …})`, `db.runCommand({collMod:
//! name, validator: …})`, `db.x.createIndex(keys, options)`, `db.getCollection("x").createIndex`,
//! `createIndexes([…])`, `db = db.getSiblingDB("name")` and `use name` (the database).
//!
//! The representation (what every export can draw):
//! - a collection is a table; each `$jsonSchema` property a column whose type is its `bsonType`
//!   as written (`kind` mapped for analysis and exports), nullable unless `required`; `enum` an
//!   enum kind; `description` the comment; `pattern`, `minLength`, `minimum`… kept as written in
//!   `Column.extra`; `_id` the primary key.
//! - an embedded document (`bsonType: "object"` with `properties`, or an array whose `items` is
//!   one) is a table named `parent.field` (its `Table.text.head` is `EMBEDDED IN parent.field`)
//!   with a foreign key marked `options: "EMBEDDED"` from its first field to the parent's
//!   `field` column, so Mermaid, SVG and the other diagrams draw the edge to that row; an array
//!   of documents makes it "many".
//! - `fooId`/`foo_id` of bsonType `objectId` refers by convention to the collection `foos` or
//!   `foo` when it exists (with an `_id` field): a foreign key marked `options: "INFERRED"`.
//! - collection options (`capped`, `timeseries`, `validationLevel`…) are kept in
//!   `Table.text.options` as written; index options that are no SQL (`expireAfterSeconds` for
//!   TTL, `sparse`, `collation`) in `Index.options`; `partialFilterExpression` is the predicate.
//!
//! Everything else in the script is a warning naming it (data writes, other commands).

use super::common::{Ctx, find_table};
use super::jsval::{Part, Reader, V, Val};
use super::ImportStats;
use crate::diagnostic::Diagnostic;
use crate::schema::{
    Column, ColumnId, DataType, Dialect, FkAction, ForeignKey, Index, IndexId, IndexKey, IndexPart, PrimaryKey, Schema, SourceFormat,
    Table, TableId, TypeKind,
};

/// How deep embedded documents are taken apart into entities; deeper ones stay a column.
const MAX_EMBED_DEPTH: usize = 16;

pub(super) fn import(src: &str) -> (Schema, Vec<Diagnostic>, ImportStats) {
    let mut ctx = Ctx::new(src);
    let mut schema = Schema::new(Dialect::Generic);
    schema.source = SourceFormat::Mongodb;
    let mut r = Reader::new(src);
    loop {
        r.ws(true);
        if r.eof() {
            break;
        }
        let start = r.i;
        ctx.stats.statements += 1;
        // `use shop` (a mongosh shell command).
        if src[r.i..].starts_with("use ") {
            let line_end = src[r.i..].find('\n').map(|n| r.i + n).unwrap_or(src.len());
            let name = src[r.i + 4..line_end].trim().trim_end_matches(';').trim();
            schema.database = Some(name.to_string());
            r.i = line_end;
            continue;
        }
        for kw in ["const ", "let ", "var "] {
            if src[r.i..].starts_with(kw) {
                r.i += kw.len();
            }
        }
        let stmt = match r.value(0) {
            Ok(v) => v,
            Err(e) => {
                ctx.error(e.at, e.at + 1, format!("{}; this statement is not imported", e.message));
                r.i = next_top_line(src, start);
                ctx.stats.skipped += 1;
                continue;
            }
        };
        // `x = value`
        r.ws(false);
        let stmt = if r.peek() == b'=' && src.as_bytes().get(r.i + 1) != Some(&b'=') {
            r.i += 1;
            match r.value(0) {
                Ok(v) => v,
                Err(e) => {
                    ctx.error(e.at, e.at + 1, format!("{}; this statement is not imported", e.message));
                    r.recover();
                    ctx.stats.skipped += 1;
                    continue;
                }
            }
        } else {
            stmt
        };
        r.ws(false);
        match r.peek() {
            b';' => r.i += 1,
            b'\n' | b'}' | 0 => {}
            _ => {
                ctx.error(r.i, r.i + 1, "`;` or a new line was expected after the statement; the rest of the line is not imported");
                r.recover();
            }
        }
        statement(&mut ctx, &mut schema, &stmt);
    }
    infer_references(&mut ctx, &mut schema);
    ctx.finish(schema)
}

/// Where reading resumes after a statement that could not be read: the next line that starts
/// at its first column with something other than a closing bracket.
fn next_top_line(src: &str, start: usize) -> usize {
    let mut at = start;
    while let Some(n) = src[at..].find('\n') {
        at += n + 1;
        if src[at..].starts_with(|c: char| !c.is_whitespace() && !matches!(c, '}' | ')' | ']' | ',')) {
            return at;
        }
    }
    src.len()
}

/// The chain's parts as names and calls: `db.orders.createIndex(…)` → (["db", "orders"], "createIndex", args).
fn split_call(parts: &[Part]) -> Option<(Vec<String>, &[Val])> {
    let mut names = Vec::new();
    let mut last_args = None;
    for p in parts {
        match p {
            Part::Name(n) => names.push(n.clone()),
            Part::Index(v) => names.push(v.str().unwrap_or("?").to_string()),
            Part::Call(args) => {
                // `db.getCollection("x")` / `db.getSiblingDB("x")` name a collection or database.
                if names.last().is_some_and(|n| n == "getCollection" || n == "getSiblingDB") {
                    let arg = args.first().and_then(Val::str).unwrap_or("?").to_string();
                    names.pop();
                    names.push(arg);
                    continue;
                }
                last_args = Some(args.as_slice());
            }
        }
    }
    last_args.map(|a| (names, a))
}

fn statement(ctx: &mut Ctx, schema: &mut Schema, stmt: &Val) {
    let V::Chain(parts) = &stmt.v else {
        ctx.warn(stmt.start, stmt.end, "a value on its own is no schema statement; skipped");
        ctx.stats.skipped += 1;
        return;
    };
    // `db = db.getSiblingDB("shop")`
    if let [Part::Name(db), Part::Name(f), Part::Call(args)] = parts.as_slice()
        && db == "db"
        && f == "getSiblingDB"
    {
        schema.database = args.first().and_then(Val::str).map(str::to_string);
        return;
    }
    let Some((names, args)) = split_call(parts) else {
        ctx.warn(stmt.start, stmt.end, "no call here; skipped");
        ctx.stats.skipped += 1;
        return;
    };
    let method = names.last().map(String::as_str).unwrap_or("");
    let on_db = names.first().is_some_and(|n| n == "db");
    match (names.len(), method) {
        (2, "createCollection") if on_db => {
            let Some(name) = args.first().and_then(Val::str) else {
                ctx.error(stmt.start, stmt.end, "createCollection without a collection name; not imported");
                return;
            };
            collection(ctx, schema, name, args.get(1), stmt, false);
        }
        (2, "createView") if on_db => {
            let name = args.first().and_then(Val::str).unwrap_or("");
            let on = args.get(1).and_then(Val::str).unwrap_or("");
            let reads: Vec<TableId> = find_table(schema, None, on).into_iter().collect();
            let id = crate::schema::ViewId(schema.fresh_id());
            let pipeline = args.get(2).map(|p| p.text(ctx.src).to_string()).unwrap_or_default();
            let mut v = super::common::view(id, None, name, format!("{on}.aggregate({pipeline})"));
            v.reads = reads;
            v.span = Some(ctx.span(stmt.start, stmt.end));
            schema.views.push(v);
            ctx.stats.views += 1;
        }
        (2, "runCommand") if on_db => {
            let Some(cmd) = args.first() else { return };
            if let Some(name) = cmd.get("collMod").and_then(Val::str) {
                collection(ctx, schema, name, Some(cmd), stmt, true);
            } else if let Some(name) = cmd.get("create").and_then(Val::str) {
                collection(ctx, schema, name, Some(cmd), stmt, false);
            } else if let Some(name) = cmd.get("createIndexes").and_then(Val::str) {
                let tid = table_for(ctx, schema, name, stmt);
                for spec in cmd.get("indexes").map(Val::items).unwrap_or(&[]) {
                    if let Some(key) = spec.get("key") {
                        index(ctx, schema, tid, key, Some(spec), spec);
                    }
                }
            } else {
                ctx.warn(stmt.start, stmt.end, "a command that defines no collection or index; skipped");
                ctx.stats.skipped += 1;
            }
        }
        (3, "createIndex" | "ensureIndex") if on_db => {
            let Some(collection) = names.get(1) else { return };
            let tid = table_for(ctx, schema, collection, stmt);
            match args.first() {
                Some(keys) => index(ctx, schema, tid, keys, args.get(1), stmt),
                None => ctx.error(stmt.start, stmt.end, "createIndex without keys; not imported"),
            }
        }
        (3, "createIndexes") if on_db => {
            let Some(collection) = names.get(1) else { return };
            let tid = table_for(ctx, schema, collection, stmt);
            for keys in args.first().map(Val::items).unwrap_or(&[]) {
                index(ctx, schema, tid, keys, args.get(1), keys);
            }
        }
        _ => {
            ctx.warn(stmt.start, stmt.end, format!("`{}` defines no collection, validator or index; skipped", names.join(".")));
            ctx.stats.skipped += 1;
        }
    }
}

/// The collection named `name`, made (without fields) when the script indexes one it did not create.
fn table_for(ctx: &mut Ctx, schema: &mut Schema, name: &str, at: &Val) -> TableId {
    if let Some(t) = schema.tables.iter().find(|t| t.name == name) {
        return t.id;
    }
    let tid = TableId(schema.fresh_id());
    let mut t = Table::new(tid, None, name);
    t.span = Some(ctx.span(at.start, at.end));
    schema.tables.push(t);
    tid
}

fn collection(ctx: &mut Ctx, schema: &mut Schema, name: &str, options: Option<&Val>, stmt: &Val, modify: bool) {
    let existing = schema.tables.iter().find(|t| t.name == name).map(|t| t.id);
    if existing.is_some() && !modify {
        ctx.warn(stmt.start, stmt.end, format!("collection `{name}` is created twice; the later definition replaces the earlier one"));
    }
    let tid = match existing {
        Some(id) => id,
        None => table_for(ctx, schema, name, stmt),
    };
    let mut kept = Vec::new();
    let mut json_schema = None;
    for (k, v) in options.map(Val::fields).unwrap_or(&[]) {
        match k.as_str() {
            "collMod" | "create" => {}
            "validator" => {
                for (vk, vv) in v.fields() {
                    if vk == "$jsonSchema" {
                        json_schema = Some(vv);
                    } else {
                        // A query-operator validator: kept as a check, as written.
                        let mut check = crate::schema::Check::new(None, format!("{{{vk}: {}}}", vv.text(ctx.src)));
                        check.options = Some("MONGODB QUERY VALIDATOR".into());
                        if let Some(t) = schema.table_mut(tid) {
                            t.checks.push(check);
                        }
                    }
                }
            }
            _ => kept.push(format!("{k}: {}", v.text(ctx.src))),
        }
    }
    if let Some(js) = json_schema {
        // collMod replaces the validator: the fields are those of the new one.
        let embedded: Vec<TableId> = schema.tables.iter().filter(|t| t.text.head.as_deref().is_some_and(|h| h.starts_with(&format!("EMBEDDED IN {name}.")))).map(|t| t.id).collect();
        schema.tables.retain(|t| !embedded.contains(&t.id));
        if let Some(t) = schema.table_mut(tid) {
            t.columns.clear();
            t.primary_key = None;
            t.foreign_keys.retain(|f| f.options.as_deref() != Some("EMBEDDED"));
        }
        fields(ctx, schema, tid, name, js, 0);
        if let Some(t) = schema.table_mut(tid)
            && let Some(id) = t.columns.iter().find(|c| c.name == "_id").map(|c| c.id)
        {
            t.primary_key = Some(PrimaryKey { name: None, columns: vec![id], options: None });
            if let Some(c) = t.columns.iter_mut().find(|c| c.id == id) {
                c.nullable = false;
            }
        }
    }
    if let Some(t) = schema.table_mut(tid) {
        if !kept.is_empty() {
            let joined = kept.join(", ");
            t.text.options = Some(match (&t.text.options, modify) {
                (Some(old), true) => format!("{old}, {joined}"),
                _ => joined,
            });
        }
        t.span = Some(ctx.span(stmt.start, stmt.end));
    }
}

/// The bsonType of a schema node: `bsonType` or `type`, a string or a list (with `"null"` = nullable).
fn bson_type(node: &Val) -> (Option<String>, bool) {
    let t = node.get("bsonType").or_else(|| node.get("type"));
    match t.map(|t| &t.v) {
        Some(V::Str(s)) => (Some(s.clone()), false),
        Some(V::Arr(items)) => {
            let names: Vec<&str> = items.iter().filter_map(Val::str).collect();
            let null = names.contains(&"null");
            let rest: Vec<&str> = names.into_iter().filter(|n| *n != "null").collect();
            (if rest.is_empty() { None } else { Some(rest.join("|")) }, null)
        }
        _ => (None, false),
    }
}

fn kind_of(bson: &str) -> TypeKind {
    match bson {
        "string" | "symbol" => TypeKind::Text { length: None, fixed: false },
        "int" => TypeKind::Integer { bits: 32, unsigned: false },
        "long" => TypeKind::Integer { bits: 64, unsigned: false },
        "double" | "number" => TypeKind::Float { bits: 64 },
        "decimal" => TypeKind::Decimal { precision: None, scale: None },
        "bool" | "boolean" => TypeKind::Boolean,
        "date" | "timestamp" => TypeKind::Timestamp { tz: true },
        "binData" => TypeKind::Binary { length: None },
        "object" => TypeKind::Json,
        "uuid" => TypeKind::Uuid,
        _ => TypeKind::Other,
    }
}

/// Constraint keywords kept as written in `Column.extra`.
const KEPT: [&str; 12] = ["pattern", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minItems", "maxItems", "uniqueItems", "additionalProperties", "multipleOf"];

/// The properties of `node` as columns of `tid` (embedded documents as tables `path.field`).
fn fields(ctx: &mut Ctx, schema: &mut Schema, tid: TableId, path: &str, node: &Val, depth: usize) {
    let required: Vec<&str> = node.get("required").map(Val::items).unwrap_or(&[]).iter().filter_map(Val::str).collect();
    let Some(props) = node.get("properties") else { return };
    for (name, prop) in props.fields() {
        let (bson, null_ok) = bson_type(prop);
        let items = prop.get("items");
        let item_type = items.map(bson_type).and_then(|(t, _)| t);
        let sub_doc = |n: &Val| n.get("properties").is_some();
        let is_array = bson.as_deref() == Some("array");
        let embeds = if is_array { items.is_some_and(sub_doc) } else { sub_doc(prop) };
        let enum_values: Option<Vec<String>> = prop.get("enum").map(|e| e.items().iter().map(|v| v.str().map(str::to_string).unwrap_or_else(|| v.text(ctx.src).to_string())).collect());
        let raw = match (&bson, &item_type) {
            (Some(_), Some(i)) if is_array => format!("array<{i}>"),
            (Some(b), _) => b.clone(),
            (None, _) if enum_values.is_some() => "enum".into(),
            (None, _) if sub_doc(prop) => "object".into(),
            (None, _) => "any".into(),
        };
        let mut kind = if is_array { TypeKind::Array(Box::new(item_type.as_deref().map(kind_of).unwrap_or(TypeKind::Other))) } else { kind_of(bson.as_deref().unwrap_or("")) };
        if let Some(values) = &enum_values {
            kind = TypeKind::Enum { values: values.clone() };
        }
        let cid = ColumnId(schema.fresh_id());
        let mut c = Column::new(cid, name.clone(), DataType { raw: raw.clone(), normalized: raw.to_ascii_lowercase(), kind });
        c.nullable = !required.contains(&name.as_str()) || null_ok;
        c.comment = prop.get("description").and_then(Val::str).map(str::to_string);
        c.span = Some(ctx.span(prop.start, prop.end));
        for k in KEPT {
            if let Some(v) = prop.get(k) {
                c.extra.push(format!("{k}: {}", v.text(ctx.src)));
            }
        }
        if let Some(items) = items.filter(|_| is_array) {
            for k in KEPT {
                if let Some(v) = items.get(k) {
                    c.extra.push(format!("items.{k}: {}", v.text(ctx.src)));
                }
            }
        }
        for (k, v) in prop.fields() {
            let known = ["bsonType", "type", "description", "enum", "properties", "required", "items", "title"].contains(&k.as_str()) || KEPT.contains(&k.as_str());
            if !known {
                ctx.warn(v.start, v.end, format!("`{k}` of `{path}.{name}` is not modelled; kept as written on the field"));
                c.extra.push(format!("{k}: {}", v.text(ctx.src)));
            }
        }
        if let Some(t) = schema.table_mut(tid) {
            t.columns.push(c);
        }
        if embeds {
            let doc = if is_array { items.unwrap_or(prop) } else { prop };
            if depth >= MAX_EMBED_DEPTH {
                ctx.warn(prop.start, prop.end, format!("`{path}.{name}` is nested more than {MAX_EMBED_DEPTH} documents deep; kept as one field"));
                continue;
            }
            embedded(ctx, schema, tid, cid, &format!("{path}.{name}"), doc, depth + 1);
        }
    }
}

fn embedded(ctx: &mut Ctx, schema: &mut Schema, parent: TableId, field: ColumnId, path: &str, doc: &Val, depth: usize) {
    let tid = TableId(schema.fresh_id());
    let mut t = Table::new(tid, None, path);
    t.span = Some(ctx.span(doc.start, doc.end));
    t.text.head = Some(format!("EMBEDDED IN {path}"));
    schema.tables.push(t);
    fields(ctx, schema, tid, path, doc, depth);
    let Some(t) = schema.table_mut(tid) else { return };
    let Some(first) = t.columns.first().map(|c| c.id) else { return };
    t.foreign_keys.push(ForeignKey {
        name: Some(format!("embedded in {}", path)),
        columns: vec![first],
        ref_table: parent,
        ref_columns: vec![field],
        on_delete: FkAction::Cascade,
        on_update: FkAction::NoAction,
        deferrable: false,
        initially_deferred: false,
        options: Some("EMBEDDED".into()),
    });
}

fn index(ctx: &mut Ctx, schema: &mut Schema, tid: TableId, keys: &Val, options: Option<&Val>, at: &Val) {
    let Some(t) = schema.table(tid) else { return };
    let table_name = t.name.clone();
    let mut parts = Vec::new();
    let mut method = None;
    for (field, dir) in keys.fields() {
        let part = match t.columns.iter().find(|c| &c.name == field) {
            Some(c) => IndexPart::Column(c.id),
            // A dotted path into an embedded document, or a field the validator does not name.
            None => IndexPart::Expression(field.clone()),
        };
        let descending = dir.num().is_some_and(|n| n < 0.0);
        if let Some(m) = dir.str() {
            method = Some(m.to_string());
        }
        parts.push(IndexKey { part, descending, extra: None });
    }
    if parts.is_empty() {
        ctx.error(at.start, at.end, format!("an index on `{table_name}` without keys; not imported"));
        return;
    }
    let mut ix = Index {
        id: IndexId(schema.fresh_id()),
        name: None,
        unique: false,
        keys: parts,
        method,
        predicate: None,
        include: Vec::new(),
        span: Some(ctx.span(at.start, at.end)),
        options: None,
    };
    let mut kept = Vec::new();
    for (k, v) in options.map(Val::fields).unwrap_or(&[]) {
        match k.as_str() {
            "key" => {}
            "unique" => ix.unique = v.truthy(),
            "name" => ix.name = v.str().map(str::to_string),
            "partialFilterExpression" => ix.predicate = Some(v.text(ctx.src).to_string()),
            _ => kept.push(format!("{k}: {}", v.text(ctx.src))),
        }
    }
    if !kept.is_empty() {
        ix.options = Some(kept.join(", "));
    }
    if let Some(t) = schema.table_mut(tid) {
        t.indexes.push(ix);
    }
}

/// `fooId`/`foo_id` of bsonType objectId → a reference to `foos`/`foo` (by convention).
fn infer_references(ctx: &mut Ctx, schema: &mut Schema) {
    let mut add = Vec::new();
    for t in &schema.tables {
        for c in &t.columns {
            if c.data_type.raw != "objectId" || c.name == "_id" {
                continue;
            }
            let base = c.name.strip_suffix("_id").or_else(|| c.name.strip_suffix("Id")).unwrap_or("");
            if base.is_empty() {
                continue;
            }
            let candidates = [format!("{base}s"), format!("{base}es"), base.to_string(), format!("{}ies", base.strip_suffix('y').unwrap_or(base))];
            let target = candidates.iter().find_map(|n| schema.tables.iter().find(|x| x.text.head.is_none() && (x.name == *n || x.name.eq_ignore_ascii_case(n))));
            let Some(target) = target else { continue };
            match target.columns.iter().find(|x| x.name == "_id") {
                Some(id) => add.push((t.id, c.id, target.id, id.id)),
                None => {
                    if let Some(span) = c.span {
                        ctx.warn(span.start as usize, span.end as usize, format!("`{}` looks like a reference to `{}`, whose validator names no `_id`; not drawn", c.name, target.name));
                    }
                }
            }
        }
    }
    for (tid, col, target, id) in add {
        if let Some(t) = schema.table_mut(tid) {
            t.foreign_keys.push(ForeignKey {
                name: None,
                columns: vec![col],
                ref_table: target,
                ref_columns: vec![id],
                on_delete: FkAction::NoAction,
                on_update: FkAction::NoAction,
                deferrable: false,
                initially_deferred: false,
                options: Some("INFERRED".into()),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(src: &str, tables: &[&str], fks: usize, indexes: usize, errors: usize) {
        let (s, d, _) = import(src);
        let names: Vec<&str> = s.tables.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, tables, "{d:?}");
        assert_eq!(s.tables.iter().map(|t| t.foreign_keys.len()).sum::<usize>(), fks);
        assert_eq!(s.tables.iter().map(|t| t.indexes.len()).sum::<usize>(), indexes);
        assert_eq!(d.iter().filter(|d| d.severity == crate::diagnostic::Severity::Error).count(), errors, "{d:?}");
        s.validate().unwrap();
    }

    #[test]
    fn collections_embedded_and_references() {
        check(
            r#"db.createCollection("users", {validator: {$jsonSchema: {properties: {_id: {bsonType: "objectId"}, a: {bsonType: "object", properties: {b: {bsonType: "string"}}}}}}})
db.createCollection('posts', {validator: {$jsonSchema: {required: ["userId"], properties: {userId: {bsonType: "objectId"}, tags: {bsonType: "array", items: {bsonType: "string"}}}}}});
db.posts.createIndex({userId: 1, "x.y": -1}, {unique: true, expireAfterSeconds: 60})
db.getCollection("users").createIndex({a: "text"})"#,
            &["users", "users.a", "posts"],
            2,
            2,
            0,
        );
    }

    #[test]
    fn bad_statements_are_diagnostics() {
        check("db.createCollection('a', {validator: {\ndb.b.createIndex({x: 1})\n", &["b"], 0, 1, 1);
        check("db.a.insertOne({x: 1});\nprint('hi')\n", &[], 0, 0, 0);
    }
}
