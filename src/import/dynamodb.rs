//! DynamoDB → Schema, from four kinds of text:
//! - CloudFormation or SAM templates, YAML (short-form tags `!Ref`, `!GetAtt`, `!Sub`, `!If`…
//!   read as intrinsic functions) or JSON: `AWS::DynamoDB::Table`, `AWS::DynamoDB::GlobalTable`
//!   and `AWS::Serverless::SimpleTable` resources; other resources are counted in one note.
//! - AWS CLI `create-table --cli-input-json` documents (and `describe-table`'s `{"Table": …}`).
//! - NoSQL Workbench models (`DataModel`): key and non-key attributes, GSIs, and `TableFacets`,
//!   the entity types of a single-table design, each as a view over its table.
//!
//! The representation: a table per DynamoDB table (named by its literal `TableName`, else by the
//! resource's logical ID); a column per declared attribute (type `S`, `N`, `B`… as written);
//! the primary key is the key schema (HASH then RANGE), each key column's role in
//! `Column.extra` (`PARTITION KEY`, `SORT KEY`); a GSI or LSI is an index whose `method` is
//! `GSI`/`LSI` and whose `options` keep its projection (`PROJECTION ALL`, `PROJECTION INCLUDE
//! (a, b)`) and throughput; the table's other properties (billing mode, streams, TTL,
//! encryption, replicas…) are kept as written in `Table.text.options`.

use super::common::Ctx;
use super::jsval::{self, Part, V, Val};
use super::ImportStats;
use crate::diagnostic::Diagnostic;
use crate::schema::{
    Column, ColumnId, DataType, Dialect, Index, IndexId, IndexKey, IndexPart, PrimaryKey, Schema, SourceFormat, Table, TableId, TypeKind,
    ViewId,
};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser, Tag};
use yaml_rust2::scanner::Marker;

pub(super) fn import(src: &str) -> (Schema, Vec<Diagnostic>, ImportStats) {
    let mut ctx = Ctx::new(src);
    let mut schema = Schema::new(Dialect::Generic);
    schema.source = SourceFormat::Dynamodb;
    let doc = if src.trim_start().starts_with('{') {
        match jsval::parse_document(src) {
            Ok(v) => Some(v),
            Err(e) => {
                ctx.error(e.at, e.at + 1, format!("{}; the document is not imported", e.message));
                None
            }
        }
    } else {
        yaml(src, &mut ctx)
    };
    let Some(doc) = doc else { return ctx.finish(schema) };
    if let Some(resources) = doc.get("Resources") {
        let mut other = 0;
        for (logical, res) in resources.fields() {
            let ty = res.get("Type").and_then(Val::str).unwrap_or("");
            let props = res.get("Properties");
            ctx.stats.statements += 1;
            match (ty, props) {
                ("AWS::DynamoDB::Table" | "AWS::DynamoDB::GlobalTable", Some(p)) => table(&mut ctx, &mut schema, logical, p, res),
                ("AWS::Serverless::SimpleTable", _) => simple_table(&mut ctx, &mut schema, logical, props, res),
                ("AWS::DynamoDB::Table" | "AWS::DynamoDB::GlobalTable", None) => {
                    ctx.error(res.start, res.end, format!("`{logical}` ({ty}) has no Properties; not imported"));
                }
                _ => other += 1,
            }
        }
        if other > 0 {
            ctx.stats.skipped += other;
            let at = resources.start;
            ctx.diag(crate::diagnostic::Severity::Info, at, at + 1, format!("{other} resource(s) that are no DynamoDB table (functions, roles, queues…) are not part of the schema"));
        }
    } else if let Some(models) = doc.get("DataModel") {
        for m in models.items() {
            ctx.stats.statements += 1;
            workbench(&mut ctx, &mut schema, m);
        }
    } else if doc.get("TableName").is_some() {
        ctx.stats.statements += 1;
        let name = doc.get("TableName").and_then(Val::str).unwrap_or("table").to_string();
        table(&mut ctx, &mut schema, &name, &doc, &doc);
    } else if let Some(t) = doc.get("Table").or_else(|| doc.get("TableDescription")) {
        ctx.stats.statements += 1;
        let name = t.get("TableName").and_then(Val::str).unwrap_or("table").to_string();
        table(&mut ctx, &mut schema, &name, t, t);
    } else {
        ctx.error(doc.start, doc.start + 1, "no DynamoDB table here: expected a template's Resources, a create-table input (TableName, KeySchema) or a NoSQL Workbench DataModel");
    }
    ctx.finish(schema)
}

// ---- YAML with tags, into the same values as JSON ----

struct Frame {
    v: Val,
    key: Option<String>,
    tag: Option<Tag>,
    anchor: usize,
}

struct Builder<'a> {
    src: &'a str,
    /// Byte offset of each char index (yaml-rust2's markers count chars).
    bytes: Vec<usize>,
    stack: Vec<Frame>,
    done: Option<Val>,
    anchors: Vec<(usize, Val)>,
    /// Containers deeper than `jsval::MAX_DEPTH` are dropped (with an error at the first).
    too_deep: Option<usize>,
    skipped_depth: usize,
}

impl Builder<'_> {
    fn at(&self, m: &Marker) -> usize {
        self.bytes.get(m.index()).copied().unwrap_or(self.src.len())
    }

    /// A value under a local tag (`!Ref x`) becomes the call `!Ref(x)`.
    fn tagged(v: Val, tag: Option<Tag>) -> Val {
        match tag {
            Some(t) if t.handle == "!" => Val { start: v.start, end: v.end, v: V::Chain(vec![Part::Name(format!("!{}", t.suffix)), Part::Call(vec![v])]) },
            _ => v,
        }
    }

    fn push_value(&mut self, v: Val, anchor: usize) {
        if anchor > 0 {
            self.anchors.push((anchor, v.clone()));
        }
        match self.stack.last_mut() {
            None => {
                if self.done.is_none() {
                    self.done = Some(v);
                }
            }
            Some(f) => {
                f.v.end = f.v.end.max(v.end);
                match &mut f.v.v {
                    V::Arr(items) => items.push(v),
                    V::Obj(fields) => match f.key.take() {
                        None => f.key = Some(v.str().map(str::to_string).unwrap_or_else(|| v.text(self.src).to_string())),
                        Some(k) => fields.push((k, v)),
                    },
                    _ => {}
                }
            }
        }
    }
}

impl Builder<'_> {
    fn open(&mut self, at: usize, anchor: usize, tag: Option<Tag>, v: V) {
        if self.skipped_depth > 0 || self.stack.len() as u32 >= jsval::MAX_DEPTH {
            self.too_deep.get_or_insert(at);
            self.skipped_depth += 1;
            return;
        }
        self.stack.push(Frame { v: Val { v, start: at, end: at }, key: None, tag, anchor });
    }
}

impl MarkedEventReceiver for Builder<'_> {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let at = self.at(&mark);
        match ev {
            Event::Scalar(s, style, anchor, tag) => {
                if self.skipped_depth > 0 {
                    return;
                }
                let plain = matches!(style, yaml_rust2::scanner::TScalarStyle::Plain);
                let v = if !plain || tag.is_some() {
                    V::Str(s)
                } else {
                    match s.as_str() {
                        "true" | "True" | "TRUE" => V::Bool(true),
                        "false" | "False" | "FALSE" => V::Bool(false),
                        "null" | "Null" | "NULL" | "~" | "" => V::Null,
                        _ => match s.parse::<f64>() {
                            Ok(n) if s.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E')) => V::Num(n),
                            _ => V::Str(s),
                        },
                    }
                };
                let end = self.src[at..].find(['\n', ',', ']', '}']).map(|n| at + n).unwrap_or(self.src.len());
                let v = Builder::tagged(Val { v, start: at, end: end.max(at) }, tag);
                self.push_value(v, anchor);
            }
            Event::Alias(id) => {
                if self.skipped_depth > 0 {
                    return;
                }
                let v = self.anchors.iter().rev().find(|(a, _)| *a == id).map(|(_, v)| v.clone()).unwrap_or(Val { v: V::Null, start: at, end: at });
                self.push_value(v, 0);
            }
            Event::SequenceStart(anchor, tag) => self.open(at, anchor, tag, V::Arr(Vec::new())),
            Event::MappingStart(anchor, tag) => self.open(at, anchor, tag, V::Obj(Vec::new())),
            Event::SequenceEnd | Event::MappingEnd => {
                if self.skipped_depth > 0 {
                    self.skipped_depth -= 1;
                    return;
                }
                if let Some(f) = self.stack.pop() {
                    let v = Builder::tagged(f.v, f.tag);
                    self.push_value(v, f.anchor);
                }
            }
            _ => {}
        }
    }
}

/// Reads a YAML document into values; a syntax error is an error with line:column, and the
/// values read before it are kept.
fn yaml(src: &str, ctx: &mut Ctx) -> Option<Val> {
    // yaml-rust2 recurses per nesting level of block collections (`- - - …`), so a text that
    // could nest deeper than it survives is refused before parsing: a line's indentation plus
    // its leading `- `/`? ` entries and brackets bounds the depth it opens.
    let mut at = 0;
    for line in src.split_inclusive('\n') {
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        let mut rest = trimmed;
        let mut entries = 0;
        while let Some(r) = rest.strip_prefix("- ").or_else(|| rest.strip_prefix("? ")) {
            entries += 1;
            rest = r.trim_start_matches(' ');
        }
        let brackets = rest.bytes().filter(|b| matches!(b, b'[' | b'{')).count();
        if indent + entries + brackets > 4 * jsval::MAX_DEPTH as usize {
            ctx.error(at, at + 1, format!("YAML nested deeper than {} levels here; the document is not imported", 4 * jsval::MAX_DEPTH));
            return None;
        }
        at += line.len();
    }
    let mut bytes: Vec<usize> = src.char_indices().map(|(i, _)| i).collect();
    bytes.push(src.len());
    let mut b = Builder { src, bytes, stack: Vec::new(), done: None, anchors: Vec::new(), too_deep: None, skipped_depth: 0 };
    let mut parser = Parser::new_from_str(src);
    if let Err(e) = parser.load(&mut b, false) {
        let at = b.at(e.marker());
        ctx.error(at, at + 1, format!("YAML: {}; what follows is not imported", e.info()));
        // Close what was open so the part before the error is kept.
        while let Some(f) = b.stack.pop() {
            let v = Builder::tagged(f.v, f.tag);
            b.push_value(v, f.anchor);
        }
    }
    // Only the first document of a stream is a template.
    let mut offset = 0;
    let mut seen_content = false;
    for line in src.split_inclusive('\n') {
        let l = line.trim_end();
        if l == "---" || l.starts_with("--- ") {
            if seen_content {
                ctx.warn(offset, offset + 3, "a second YAML document: only the first is read");
                break;
            }
        } else if !l.trim().is_empty() && !l.trim_start().starts_with('#') {
            seen_content = true;
        }
        offset += line.len();
    }
    if let Some(at) = b.too_deep {
        ctx.error(at, at + 1, format!("YAML nested more than {} deep; the deeper part is not imported", jsval::MAX_DEPTH));
    }
    b.done
}

// ---- tables ----

/// A literal string, or `None` for an intrinsic function (`!Ref x`, `{"Ref": "x"}`).
fn literal(v: &Val) -> Option<&str> {
    v.str()
}

/// An attribute type as written (`S`, `N`, `B`, `BOOL`, `M`, `L`, `SS`…) and its kind.
fn attr_type(t: &str) -> DataType {
    let kind = match t {
        "S" | "String" => TypeKind::Text { length: None, fixed: false },
        "N" | "Number" => TypeKind::Decimal { precision: None, scale: None },
        "B" | "Binary" => TypeKind::Binary { length: None },
        "BOOL" => TypeKind::Boolean,
        "M" => TypeKind::Json,
        "L" | "SS" | "NS" | "BS" => TypeKind::Array(Box::new(TypeKind::Other)),
        _ => TypeKind::Other,
    };
    DataType { raw: t.to_string(), normalized: t.to_ascii_lowercase(), kind }
}

fn add_column(ctx: &Ctx, schema: &mut Schema, t: &mut Table, name: &str, ty: &str, at: &Val) -> ColumnId {
    if let Some(c) = t.columns.iter().find(|c| c.name == name) {
        return c.id;
    }
    let cid = ColumnId(schema.fresh_id());
    let mut c = Column::new(cid, name, attr_type(ty));
    c.span = Some(ctx.span(at.start, at.end));
    t.columns.push(c);
    cid
}

/// HASH/RANGE key schema → columns (those the definitions do not name are added, with a warning).
fn key_schema(ctx: &mut Ctx, schema: &mut Schema, t: &mut Table, ks: &Val, what: &str) -> Vec<ColumnId> {
    let mut out = Vec::new();
    for k in ks.items() {
        let Some(name) = k.get("AttributeName").and_then(literal) else {
            ctx.warn(k.start, k.end, format!("a key of {what} without a literal AttributeName; left out"));
            continue;
        };
        let role = k.get("KeyType").and_then(Val::str).unwrap_or("HASH");
        let id = match t.columns.iter().find(|c| c.name == name) {
            Some(c) => c.id,
            None => {
                ctx.warn(k.start, k.end, format!("{what} names `{name}`, which AttributeDefinitions does not define (DynamoDB rejects that); added with an unknown type"));
                add_column(ctx, schema, t, name, "?", k)
            }
        };
        out.push((role == "RANGE", id));
    }
    out.sort_by_key(|(range, _)| *range);
    out.into_iter().map(|(_, id)| id).collect()
}

fn projection(p: Option<&Val>, src: &str) -> String {
    let Some(p) = p else { return "PROJECTION ALL".into() };
    let ty = p.get("ProjectionType").and_then(Val::str).unwrap_or("ALL");
    match p.get("NonKeyAttributes") {
        Some(attrs) if ty == "INCLUDE" => {
            let names: Vec<String> = attrs.items().iter().map(|a| a.str().map(str::to_string).unwrap_or_else(|| a.text(src).to_string())).collect();
            format!("PROJECTION INCLUDE ({})", names.join(", "))
        }
        _ => format!("PROJECTION {ty}"),
    }
}

fn secondary(ctx: &mut Ctx, schema: &mut Schema, t: &mut Table, list: &Val, method: &str) {
    for g in list.items() {
        let name = g.get("IndexName").and_then(literal).map(str::to_string);
        let what = format!("{method} {}", name.as_deref().unwrap_or("?"));
        let cols = match g.get("KeySchema") {
            Some(ks) => key_schema(ctx, schema, t, ks, &what),
            None => Vec::new(),
        };
        if cols.is_empty() {
            ctx.error(g.start, g.end, format!("{what} has no key schema; not imported"));
            continue;
        }
        let mut opts = vec![projection(g.get("Projection"), ctx.src)];
        for (k, v) in g.fields() {
            if !["IndexName", "KeySchema", "Projection"].contains(&k.as_str()) {
                opts.push(format!("{k}: {}", compact(v, ctx.src)));
            }
        }
        let ix = Index {
            id: IndexId(schema.fresh_id()),
            name,
            unique: false,
            keys: cols.into_iter().map(|c| IndexKey { part: IndexPart::Column(c), descending: false, extra: None }).collect(),
            method: Some(method.to_string()),
            predicate: None,
            include: Vec::new(),
            span: Some(ctx.span(g.start, g.end)),
            options: Some(opts.join("; ")),
        };
        t.indexes.push(ix);
    }
}

/// A value as one line: literals as themselves, intrinsic functions as `!Ref x`.
fn compact(v: &Val, src: &str) -> String {
    match &v.v {
        V::Str(s) => s.clone(),
        V::Num(n) => n.to_string(),
        V::Bool(b) => b.to_string(),
        V::Null => "null".into(),
        V::Arr(items) => format!("[{}]", items.iter().map(|i| compact(i, src)).collect::<Vec<_>>().join(", ")),
        V::Obj(fields) => format!("{{{}}}", fields.iter().map(|(k, v)| format!("{k}: {}", compact(v, src))).collect::<Vec<_>>().join(", ")),
        V::Chain(parts) => match parts.as_slice() {
            [Part::Name(tag), Part::Call(args)] => format!("{tag} {}", args.iter().map(|a| compact(a, src)).collect::<Vec<_>>().join(" ")),
            _ => v.text(src).to_string(),
        },
        V::Regex(r) => r.clone(),
    }
}

/// The properties modelled; every other one is kept as written in the table's options.
const MODELLED: [&str; 6] = ["TableName", "AttributeDefinitions", "KeySchema", "GlobalSecondaryIndexes", "LocalSecondaryIndexes", "Tags"];

fn table(ctx: &mut Ctx, schema: &mut Schema, logical: &str, p: &Val, res: &Val) {
    let name = p.get("TableName").and_then(literal).unwrap_or(logical).to_string();
    let tid = TableId(schema.fresh_id());
    let mut t = Table::new(tid, None, name.clone());
    t.span = Some(ctx.span(res.start, res.end.max(res.start)));
    if p.get("TableName").is_some_and(|n| literal(n).is_none()) {
        t.comment = Some(format!("TableName: {}", compact(p.get("TableName").unwrap_or(p), ctx.src)));
    }
    for a in p.get("AttributeDefinitions").map(Val::items).unwrap_or(&[]) {
        match (a.get("AttributeName").and_then(literal), a.get("AttributeType").and_then(Val::str)) {
            (Some(n), Some(ty)) => {
                add_column(ctx, schema, &mut t, n, ty, a);
            }
            _ => ctx.warn(a.start, a.end, format!("an attribute definition of `{name}` without a literal name and type; left out")),
        }
    }
    let pk = match p.get("KeySchema") {
        Some(ks) => key_schema(ctx, schema, &mut t, ks, &format!("the key schema of `{name}`")),
        None => {
            ctx.error(p.start, p.end, format!("`{name}` has no KeySchema"));
            Vec::new()
        }
    };
    set_key(&mut t, pk);
    if let Some(g) = p.get("GlobalSecondaryIndexes") {
        secondary(ctx, schema, &mut t, g, "GSI");
    }
    if let Some(l) = p.get("LocalSecondaryIndexes") {
        secondary(ctx, schema, &mut t, l, "LSI");
    }
    let kept: Vec<String> = p.fields().iter().filter(|(k, _)| !MODELLED.contains(&k.as_str())).map(|(k, v)| format!("{k}: {}", compact(v, ctx.src))).collect();
    if !kept.is_empty() {
        t.text.options = Some(kept.join("; "));
    }
    if let Some(tags) = p.get("Tags") {
        t.text.prefix = Some(format!("Tags: {}", compact(tags, ctx.src)));
    }
    schema.tables.push(t);
}

/// HASH then RANGE: the primary key, each column's role in its `extra`.
fn set_key(t: &mut Table, pk: Vec<ColumnId>) {
    for (k, id) in pk.iter().enumerate() {
        if let Some(c) = t.columns.iter_mut().find(|c| c.id == *id) {
            c.nullable = false;
            c.extra.insert(0, if k == 0 { "PARTITION KEY".into() } else { "SORT KEY".into() });
        }
    }
    if !pk.is_empty() {
        t.primary_key = Some(PrimaryKey { name: None, columns: pk, options: None });
    }
}

fn simple_table(ctx: &mut Ctx, schema: &mut Schema, logical: &str, p: Option<&Val>, res: &Val) {
    let name = p.and_then(|p| p.get("TableName")).and_then(literal).unwrap_or(logical).to_string();
    let tid = TableId(schema.fresh_id());
    let mut t = Table::new(tid, None, name);
    t.span = Some(ctx.span(res.start, res.end.max(res.start)));
    // SAM's default key: `id` of type String.
    let (key, ty) = match p.and_then(|p| p.get("PrimaryKey")) {
        Some(k) => (k.get("Name").and_then(literal).unwrap_or("id").to_string(), k.get("Type").and_then(Val::str).unwrap_or("String").to_string()),
        None => ("id".to_string(), "String".to_string()),
    };
    let ty = match ty.as_str() {
        "Number" => "N",
        "Binary" => "B",
        _ => "S",
    };
    let id = add_column(ctx, schema, &mut t, &key, ty, res);
    set_key(&mut t, vec![id]);
    let kept: Vec<String> = p.map(Val::fields).unwrap_or(&[]).iter().filter(|(k, _)| k != "PrimaryKey" && k != "TableName").map(|(k, v)| format!("{k}: {}", compact(v, ctx.src))).collect();
    if !kept.is_empty() {
        t.text.options = Some(kept.join("; "));
    }
    schema.tables.push(t);
}

fn workbench(ctx: &mut Ctx, schema: &mut Schema, m: &Val) {
    let Some(name) = m.get("TableName").and_then(Val::str).map(str::to_string) else {
        ctx.error(m.start, m.end, "a DataModel entry without TableName; not imported");
        return;
    };
    let tid = TableId(schema.fresh_id());
    let mut t = Table::new(tid, None, name.clone());
    t.span = Some(ctx.span(m.start, m.end));
    let mut pk = Vec::new();
    if let Some(keys) = m.get("KeyAttributes") {
        for role in ["PartitionKey", "SortKey"] {
            if let Some(k) = keys.get(role) {
                let n = k.get("AttributeName").and_then(Val::str).unwrap_or("");
                let ty = k.get("AttributeType").and_then(Val::str).unwrap_or("S");
                if n.is_empty() {
                    ctx.warn(k.start, k.end, format!("{role} of `{name}` without AttributeName; left out"));
                    continue;
                }
                pk.push(add_column(ctx, schema, &mut t, n, ty, k));
            }
        }
    } else {
        ctx.error(m.start, m.end, format!("`{name}` has no KeyAttributes"));
    }
    for a in m.get("NonKeyAttributes").map(Val::items).unwrap_or(&[]) {
        match (a.get("AttributeName").and_then(Val::str), a.get("AttributeType").and_then(Val::str)) {
            (Some(n), Some(ty)) => {
                add_column(ctx, schema, &mut t, n, ty, a);
            }
            _ => ctx.warn(a.start, a.end, format!("a non-key attribute of `{name}` without name or type; left out")),
        }
    }
    set_key(&mut t, pk);
    if let Some(g) = m.get("GlobalSecondaryIndexes") {
        // Workbench writes a GSI's key as KeyAttributes {PartitionKey, SortKey}.
        for gsi in g.items() {
            let iname = gsi.get("IndexName").and_then(Val::str).map(str::to_string);
            let mut cols = Vec::new();
            for role in ["PartitionKey", "SortKey"] {
                if let Some(n) = gsi.get("KeyAttributes").and_then(|k| k.get(role)).and_then(|k| k.get("AttributeName")).and_then(Val::str) {
                    let ty = gsi.get("KeyAttributes").and_then(|k| k.get(role)).and_then(|k| k.get("AttributeType")).and_then(Val::str).unwrap_or("S");
                    cols.push(add_column(ctx, schema, &mut t, n, ty, gsi));
                }
            }
            if cols.is_empty() {
                ctx.error(gsi.start, gsi.end, format!("GSI {} of `{name}` has no key attributes; not imported", iname.as_deref().unwrap_or("?")));
                continue;
            }
            t.indexes.push(Index {
                id: IndexId(schema.fresh_id()),
                name: iname,
                unique: false,
                keys: cols.into_iter().map(|c| IndexKey { part: IndexPart::Column(c), descending: false, extra: None }).collect(),
                method: Some("GSI".into()),
                predicate: None,
                include: Vec::new(),
                span: Some(ctx.span(gsi.start, gsi.end)),
                options: Some(projection(gsi.get("Projection"), ctx.src)),
            });
        }
    }
    let kept: Vec<String> = m
        .fields()
        .iter()
        .filter(|(k, _)| !["TableName", "KeyAttributes", "NonKeyAttributes", "GlobalSecondaryIndexes", "TableFacets", "TableData"].contains(&k.as_str()))
        .map(|(k, v)| format!("{k}: {}", compact(v, ctx.src)))
        .collect();
    if !kept.is_empty() {
        t.text.options = Some(kept.join("; "));
    }
    if let Some(data) = m.get("TableData") {
        ctx.diag(crate::diagnostic::Severity::Info, data.start, data.start + 1, format!("{} sample item(s) of `{name}` are data, not schema; not imported", data.items().len()));
    }
    let facets = m.get("TableFacets").map(Val::items).unwrap_or(&[]);
    schema.tables.push(t);
    // Each facet (an entity type of a single-table design) is a view over the table.
    for f in facets {
        let Some(fname) = f.get("FacetName").and_then(Val::str) else {
            ctx.warn(f.start, f.end, format!("a facet of `{name}` without FacetName; left out"));
            continue;
        };
        let alias = f.get("KeyAttributeAlias");
        let mut columns: Vec<String> = ["PartitionKeyAlias", "SortKeyAlias"].iter().filter_map(|k| alias.and_then(|a| a.get(k)).and_then(Val::str).map(str::to_string)).collect();
        columns.extend(f.get("NonKeyAttributes").map(Val::items).unwrap_or(&[]).iter().filter_map(Val::str).map(str::to_string));
        let mut v = super::common::view(ViewId(schema.fresh_id()), None, &format!("{name}.{fname}"), format!("facet {fname} of {name}: {}", compact(f, ctx.src)));
        v.columns = columns;
        v.reads = vec![tid];
        v.span = Some(ctx.span(f.start, f.end));
        schema.views.push(v);
        ctx.stats.views += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cloudformation_yaml_with_tags() {
        let src = "Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      TableName: !Sub '${Env}-t'\n      AttributeDefinitions:\n        - {AttributeName: pk, AttributeType: S}\n        - {AttributeName: g, AttributeType: N}\n      KeySchema:\n        - {AttributeName: pk, KeyType: HASH}\n      GlobalSecondaryIndexes:\n        - IndexName: byG\n          KeySchema: [{AttributeName: g, KeyType: HASH}]\n          Projection: {ProjectionType: ALL}\n      BillingMode: !If [IsProd, PROVISIONED, PAY_PER_REQUEST]\n  F:\n    Type: AWS::Lambda::Function\n";
        let (s, d, _) = import(src);
        assert_eq!(d.iter().filter(|d| d.severity == crate::diagnostic::Severity::Error).count(), 0, "{d:?}");
        let t = &s.tables[0];
        assert_eq!(t.name, "T");
        assert_eq!(t.columns.len(), 2);
        assert_eq!(t.indexes[0].options.as_deref(), Some("PROJECTION ALL"));
        assert!(t.text.options.as_deref().unwrap().contains("!If"), "{:?}", t.text.options);
        s.validate().unwrap();
    }

    #[test]
    fn workbench_facets_are_views_over_their_table() {
        let src = r#"{"ModelName": "m", "DataModel": [{"TableName": "app",
            "KeyAttributes": {"PartitionKey": {"AttributeName": "PK", "AttributeType": "S"}, "SortKey": {"AttributeName": "SK", "AttributeType": "S"}},
            "NonKeyAttributes": [{"AttributeName": "GSI1PK", "AttributeType": "S"}, {"AttributeName": "email", "AttributeType": "S"}],
            "GlobalSecondaryIndexes": [{"IndexName": "GSI1", "KeyAttributes": {"PartitionKey": {"AttributeName": "GSI1PK", "AttributeType": "S"}}, "Projection": {"ProjectionType": "KEYS_ONLY"}}],
            "TableFacets": [{"FacetName": "User", "KeyAttributeAlias": {"PartitionKeyAlias": "UserId", "SortKeyAlias": "Profile"}, "NonKeyAttributes": ["email"]},
                            {"FacetName": "Order", "KeyAttributeAlias": {"PartitionKeyAlias": "UserId", "SortKeyAlias": "OrderId"}}],
            "TableData": [], "BillingMode": "PAY_PER_REQUEST"}]}"#;
        let (s, d, _) = import(src);
        assert!(d.iter().all(|d| d.severity != crate::diagnostic::Severity::Error), "{d:?}");
        let t = &s.tables[0];
        assert_eq!(t.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["PK", "SK", "GSI1PK", "email"]);
        assert_eq!(t.primary_key.as_ref().unwrap().columns.len(), 2);
        assert_eq!(t.indexes[0].options.as_deref(), Some("PROJECTION KEYS_ONLY"));
        assert_eq!(s.views.iter().map(|v| v.name.as_str()).collect::<Vec<_>>(), ["app.User", "app.Order"]);
        assert_eq!(s.views[0].columns, ["UserId", "Profile", "email"]);
        assert_eq!(s.views[1].reads, vec![t.id]);
        s.validate().unwrap();
    }

    #[test]
    fn broken_yaml_is_an_error_with_a_line() {
        let (_, d, _) = import("Resources:\n  T:\n    Type: [AWS::DynamoDB::Table\n");
        assert!(d.iter().any(|d| d.severity == crate::diagnostic::Severity::Error && d.span.line >= 3), "{d:?}");
    }
}
