//! Prisma schema export: a `datasource` for the dialect, enums, one model per table with
//! `@map`/`@@map` where a name is not a Prisma identifier, native types (`@db.VarChar(255)`)
//! where the column's type is not the one Prisma gives the scalar, `@id`/`@@id`,
//! `@unique`/`@@unique`, `@@index`, `@default`, and both sides of every relation
//! (`@relation` with fields, references, referential actions and the constraint name). A table
//! that is Prisma's implicit many-to-many join table (`_AToB`, columns `A` and `B`) becomes the
//! two list fields again.
//!
//! **Invariant:** `import(render(s))` is `s` for a schema read from Prisma (`tests/it/formats.rs`
//! on the Prisma corpus, each export validated by Prisma's own schema engine); what Prisma
//! cannot say (views, sequences, checks, expression or partial indexes, kept statements, types
//! it has no name for, which become `Unsupported("…")`) is a warning.

use super::Exported;
use crate::diagnostic::{Diagnostic, Severity};
use crate::import::{prisma_provider, prisma_scalar_sql, PRISMA_NATIVE, PRISMA_SCALARS};
use crate::schema::{Column, ColumnId, FkAction, Index, IndexPart, Schema, Table, TableId};
use std::collections::{HashMap, HashSet};
use std::fmt::Write;

/// A Prisma identifier for `s`: letters, digits and `_`, starting with a letter.
fn ident(s: &str) -> String {
    let mut out: String = s.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.insert(0, 'x');
    }
    out
}

fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n").replace('\r', "\\r").replace('\t', "\\t"))
}

fn action(a: FkAction) -> &'static str {
    match a {
        FkAction::NoAction => "NoAction",
        FkAction::Restrict => "Restrict",
        FkAction::Cascade => "Cascade",
        FkAction::SetNull => "SetNull",
        FkAction::SetDefault => "SetDefault",
    }
}

/// Unique names within one scope.
#[derive(Default)]
struct Names(HashSet<String>);

impl Names {
    fn take(&mut self, want: &str) -> String {
        let mut name = want.to_string();
        let mut n = 2;
        while self.0.contains(&name.to_ascii_lowercase()) {
            name = format!("{want}{n}");
            n += 1;
        }
        self.0.insert(name.to_ascii_lowercase());
        name
    }
}

struct Out {
    text: String,
    warnings: Vec<String>,
}

/// Splits `varchar(255)` into (`varchar`, `["255"]`), `int unsigned` into (`int unsigned`, []),
/// `decimal(10,2) unsigned` into (`decimal unsigned`, ["10", "2"]).
fn split_type(raw: &str) -> (String, Vec<String>) {
    let n = raw.trim().to_ascii_lowercase();
    match (n.find('('), n.rfind(')')) {
        (Some(a), Some(b)) if b > a => {
            let args = n[a + 1..b].split(',').map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect();
            let base = format!("{} {}", n[..a].trim(), n[b + 1..].trim());
            (base.trim().to_string(), args)
        }
        _ => (n, Vec::new()),
    }
}

/// The Prisma type and native attribute for a column type: `("String", Some("@db.VarChar(255)"))`,
/// or `Unsupported("…")` when Prisma has no name for it.
fn prisma_type(raw: &str, schema: &Schema, enums: &HashMap<String, String>) -> (String, Option<String>, bool) {
    let (raw, list) = match raw.strip_suffix("[]") {
        Some(r) => (r.trim(), true),
        None => (raw.trim(), false),
    };
    if let Some(e) = enums.get(raw) {
        return (e.clone(), None, list);
    }
    let (base, args) = split_type(raw);
    if let Some((native, _, scalar)) = PRISMA_NATIVE.iter().find(|(_, sql, _)| *sql == base) {
        if prisma_scalar_sql(scalar, schema.dialect).is_some_and(|d| d.eq_ignore_ascii_case(raw)) {
            return (scalar.to_string(), None, list);
        }
        let a = if args.is_empty() { String::new() } else { format!("({})", args.join(", ")) };
        return (scalar.to_string(), Some(format!("@db.{native}{a}")), list);
    }
    if let Some(s) = PRISMA_SCALARS.iter().find(|s| prisma_scalar_sql(s, schema.dialect).is_some_and(|d| d.eq_ignore_ascii_case(raw))) {
        return (s.to_string(), None, list);
    }
    (format!("Unsupported({})", quoted(raw)), None, list)
}

/// `@default([…])` for a list column's SQL default `'{a,b}'`, the inverse of what the importer reads.
fn list_default(d: &str, ty: &str, enum_values: Option<&Vec<(String, String)>>) -> Option<String> {
    let inner = d.strip_prefix("'{")?.strip_suffix("}'")?;
    if inner.contains('\'') || inner.contains('\\') {
        return None;
    }
    if inner.is_empty() {
        return Some("[]".into());
    }
    let mut items = Vec::new();
    for item in inner.split(',') {
        if let Some(s) = item.strip_prefix('"').and_then(|x| x.strip_suffix('"')) {
            if ty != "String" || s.contains('"') {
                return None;
            }
            items.push(quoted(s));
        } else if let Some(values) = enum_values {
            let (name, _) = values.iter().find(|(_, db)| db == item)?;
            items.push(name.clone());
        } else if matches!(ty, "Int" | "BigInt" | "Float" | "Decimal" | "Boolean") && !item.is_empty() && item.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-') {
            items.push(item.to_string());
        } else {
            return None;
        }
    }
    Some(format!("[{}]", items.join(", ")))
}

/// `@default(…)` for a SQL default, the inverse of what the importer reads.
fn default_attr(d: &str, ty: &str, enum_values: Option<&Vec<(String, String)>>) -> String {
    let literal = d.strip_prefix('\'').and_then(|x| x.strip_suffix('\'')).filter(|inner| !inner.replace("''", "").contains('\''));
    if d == "CURRENT_TIMESTAMP" {
        return "now()".into();
    }
    if let (Some(inner), Some(values)) = (literal, enum_values) {
        let value = inner.replace("''", "'");
        if let Some((name, _)) = values.iter().find(|(_, db)| *db == value) {
            return name.clone();
        }
    }
    if let Some(inner) = literal.filter(|_| ty == "String") {
        return quoted(&inner.replace("''", "'"));
    }
    let numeric = matches!(ty, "Int" | "BigInt" | "Float" | "Decimal") && d.parse::<f64>().is_ok() && !d.starts_with('+') && !d.contains(['e', 'E']) && !d.ends_with('.') && !d.starts_with('.');
    if numeric || (ty == "Boolean" && (d == "true" || d == "false")) {
        return d.to_string();
    }
    format!("dbgenerated({})", quoted(d))
}

/// An implicit many-to-many join table: `_Name` with columns `A`, `B` referencing single-column
/// ids, as Prisma Migrate makes it. Returns the relation name and the tables of `A` and `B`.
fn implicit_join(t: &Table, schema: &Schema, model_names: &HashMap<TableId, String>) -> Option<(String, TableId, TableId)> {
    let rel = t.name.strip_prefix('_')?;
    let [col_a, col_b] = t.columns.as_slice() else { return None };
    if col_a.name != "A" || col_b.name != "B" || t.foreign_keys.len() != 2 || !t.uniques.is_empty() || !t.checks.is_empty() {
        return None;
    }
    let (a, b) = (col_a.id, col_b.id);
    let pk = t.primary_key.as_ref()?;
    if pk.columns != [a, b] || pk.name.as_deref() != Some(&format!("{}_AB_pkey", t.name)) {
        return None;
    }
    let ix_ok = match t.indexes.as_slice() {
        [ix] => {
            ix.name.as_deref() == Some(&format!("{}_B_index", t.name))
                && !ix.unique
                && matches!(ix.keys.as_slice(), [k] if k.part == IndexPart::Column(b) && !k.descending)
                && ix.method.is_none()
        }
        _ => false,
    };
    if !ix_ok {
        return None;
    }
    let fk_to = |col: ColumnId, name: &str| {
        let fk = t.foreign_keys.iter().find(|fk| fk.columns == [col])?;
        let rt = schema.table(fk.ref_table)?;
        let pk = rt.primary_key.as_ref()?;
        let &[pk_column] = pk.columns.as_slice() else { return None };
        let ok = fk.ref_columns == pk.columns
            && fk.on_delete == FkAction::Cascade
            && fk.on_update == FkAction::Cascade
            && fk.name.as_deref() == Some(&format!("{}_{name}_fkey", t.name))
            && rt.schema == t.schema
            && rt.columns.iter().find(|c| c.id == pk_column).is_some_and(|c| c.data_type.raw == t.columns.iter().find(|x| x.id == col).map(|x| x.data_type.raw.as_str()).unwrap_or(""));
        ok.then_some(rt.id)
    };
    let (ta, tb) = (fk_to(a, "A")?, fk_to(b, "B")?);
    let (na, nb) = (model_names.get(&ta)?, model_names.get(&tb)?);
    // Prisma orders A and B by model name.
    if na > nb || (ta == tb) != (na == nb) {
        return None;
    }
    Some((rel.to_string(), ta, tb))
}

/// Renders the schema with warnings for what Prisma cannot carry.
pub fn render(schema: &Schema) -> Exported {
    let mut out = Out { text: String::new(), warnings: Vec::new() };
    render_into(schema, &mut out);
    let warnings = out
        .warnings
        .into_iter()
        .map(|message| Diagnostic { severity: Severity::Warning, span: Default::default(), message, statement: String::new() })
        .collect();
    Exported { text: out.text, warnings }
}

fn render_into(schema: &Schema, out: &mut Out) {
    let w = &mut out.warnings;
    for (n, what) in [
        (schema.views.len(), "views"),
        (schema.sequences.len(), "sequences"),
        (schema.domains.len(), "domains"),
        (schema.objects.len(), "statements kept as written (functions, triggers, extensions, …)"),
        (schema.tables.iter().map(|t| t.checks.len()).sum(), "check constraints"),
    ] {
        if n > 0 {
            w.push(format!("Prisma cannot carry {n} {what}; left out"));
        }
    }
    let mut top = Names::default();
    for s in PRISMA_SCALARS {
        top.take(s);
    }
    let Enums { names: enums, values: enum_values, text: enum_text } = render_enums(schema, &mut top);
    let mut model_names: HashMap<TableId, String> = HashMap::new();
    for t in &schema.tables {
        model_names.insert(t.id, top.take(&ident(&t.name)));
    }
    let joins: HashMap<TableId, (String, TableId, TableId)> =
        schema.tables.iter().filter_map(|t| implicit_join(t, schema, &model_names).map(|j| (t.id, j))).collect();
    let namespaces: Vec<String> = {
        let mut v: Vec<String> = schema.tables.iter().filter_map(|t| t.schema.clone()).collect();
        v.sort();
        v.dedup();
        v
    };
    let _ = writeln!(out.text, "datasource db {{\n  provider = {}", quoted(prisma_provider(schema.dialect)));
    if !namespaces.is_empty() {
        let list: Vec<String> = namespaces.iter().map(|n| quoted(n)).collect();
        let _ = writeln!(out.text, "  schemas  = [{}]", list.join(", "));
    }
    out.text.push_str("}\n\ngenerator client {\n  provider = \"prisma-client-js\"\n}\n\n");
    out.text.push_str(&enum_text);

    let mut relation_lines = relation_lines(schema, &joins, &model_names, &mut out.warnings);

    for t in schema.tables.iter().filter(|t| !joins.contains_key(&t.id)) {
        let model = model_names.get(&t.id).cloned().unwrap_or_default();
        if let Some(c) = &t.comment {
            for line in c.lines() {
                let _ = writeln!(out.text, "/// {line}");
            }
        }
        let _ = writeln!(out.text, "model {model} {{");
        let single_pk = t.primary_key.as_ref().and_then(|pk| match pk.columns.as_slice() {
            [one] => Some(*one),
            _ => None,
        });
        let single_unique: HashMap<ColumnId, Option<&str>> = t
            .indexes
            .iter()
            .filter(|ix| ix.unique && ix.predicate.is_none() && ix.method.is_none())
            .filter_map(|ix| match ix.keys.as_slice() {
                [k] if !k.descending && k.extra.is_none() => match k.part {
                    IndexPart::Column(c) => Some((c, ix.name.as_deref())),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        let mut used_single: HashSet<ColumnId> = HashSet::new();
        for c in &t.columns {
            let line = field_line(schema, t, c, &FieldKeys { single_pk, single_unique: &single_unique, enums: &enums, enum_values: &enum_values }, &mut used_single, out);
            out.text.push_str(&line);
            out.text.push('\n');
        }
        for l in relation_lines.remove(&t.id).unwrap_or_default() {
            out.text.push_str(&l);
            out.text.push('\n');
        }
        let cols = |ids: &[ColumnId]| ids.iter().filter_map(|id| t.column(*id)).map(|c| ident(&c.name)).collect::<Vec<_>>().join(", ");
        let mut tail = Vec::new();
        if let Some(pk) = t.primary_key.as_ref().filter(|pk| pk.columns.len() > 1) {
            let map = pk.name.as_deref().map(|n| format!(", map: {}", quoted(n))).unwrap_or_default();
            tail.push(format!("  @@id([{}]{map})", cols(&pk.columns)));
        }
        for u in &t.uniques {
            let map = u.name.as_deref().map(|n| format!(", map: {}", quoted(n))).unwrap_or_default();
            tail.push(format!("  @@unique([{}]{map})", cols(&u.columns)));
        }
        if !t.uniques.is_empty() {
            out.warnings.push(format!("{}: unique constraints become unique indexes in Prisma", t.qualified_name()));
        }
        let mut seen_single: HashSet<ColumnId> = HashSet::new();
        for ix in &t.indexes {
            if let Some(attr) = index_attr(t, ix, &used_single, &mut seen_single, &mut out.warnings) {
                tail.push(attr);
            }
        }
        let has_unique = t.primary_key.is_some() || !t.uniques.is_empty() || t.indexes.iter().any(|ix| ix.unique);
        if !has_unique {
            out.warnings.push(format!("{}: a table without a primary key or unique index is `@@ignore`d by the Prisma client", t.qualified_name()));
            tail.push("  @@ignore".into());
        }
        if model != t.name {
            tail.push(format!("  @@map({})", quoted(&t.name)));
        }
        if let Some(s) = &t.schema {
            tail.push(format!("  @@schema({})", quoted(s)));
        }
        if !tail.is_empty() {
            out.text.push('\n');
            for l in tail {
                out.text.push_str(&l);
                out.text.push('\n');
            }
        }
        out.text.push_str("}\n\n");
    }
}

/// The enums of a Prisma schema: their Prisma names, their values (Prisma name, value) and text.
struct Enums {
    names: HashMap<String, String>,
    values: HashMap<String, Vec<(String, String)>>,
    text: String,
}

fn render_enums(schema: &Schema, top: &mut Names) -> Enums {
    let mut enums: HashMap<String, String> = HashMap::new();
    let mut enum_values: HashMap<String, Vec<(String, String)>> = HashMap::new();
    let mut enum_text = String::new();
    for e in &schema.enums {
        let name = top.take(&ident(&e.name));
        enums.insert(e.name.clone(), name.clone());
        let _ = writeln!(enum_text, "enum {name} {{");
        let mut vals = Names::default();
        let mut pairs = Vec::new();
        for v in &e.values {
            let vn = vals.take(&ident(v));
            if vn == *v {
                let _ = writeln!(enum_text, "  {vn}");
            } else {
                let _ = writeln!(enum_text, "  {vn} @map({})", quoted(v));
            }
            pairs.push((vn, v.clone()));
        }
        if name != e.name {
            let _ = writeln!(enum_text, "\n  @@map({})", quoted(&e.name));
        }
        enum_text.push_str("}\n\n");
        enum_values.insert(name, pairs);
    }
    Enums { names: enums, values: enum_values, text: enum_text }
}

/// The relation fields of every model, from every foreign key and implicit many-to-many join.
fn relation_lines(
    schema: &Schema,
    joins: &HashMap<TableId, (String, TableId, TableId)>,
    model_names: &HashMap<TableId, String>,
    warnings: &mut Vec<String>,
) -> HashMap<TableId, Vec<String>> {
    // Relation fields, per model: (field line) lists filled from every foreign key.
    let mut field_names: HashMap<TableId, Names> = HashMap::new();
    for t in &schema.tables {
        let names = field_names.entry(t.id).or_default();
        for c in &t.columns {
            names.take(&ident(&c.name));
        }
    }
    let mut relation_lines: HashMap<TableId, Vec<String>> = HashMap::new();
    let mut rel_names = Names::default();
    for t in schema.tables.iter().filter(|t| !joins.contains_key(&t.id)) {
        for fk in &t.foreign_keys {
            let Some(rt) = schema.table(fk.ref_table) else { continue };
            if joins.contains_key(&rt.id) {
                continue;
            }
            let model = model_names.get(&t.id).cloned().unwrap_or_default();
            let target = model_names.get(&rt.id).cloned().unwrap_or_default();
            let col_names = |tb: &Table, ids: &[ColumnId]| -> Vec<String> {
                ids.iter().filter_map(|id| tb.column(*id)).map(|c| ident(&c.name)).collect()
            };
            let fields = col_names(t, &fk.columns);
            let refs = col_names(rt, &fk.ref_columns);
            if !rt.is_unique_set(&fk.ref_columns) {
                warnings.push(format!("{}: foreign key to {} references columns that are not unique there; Prisma will not validate it", t.qualified_name(), rt.qualified_name()));
            }
            let rel = rel_names.take(&format!("{model}_{}_fkey", fields.join("_")));
            let optional = fk.columns.iter().any(|c| t.column(*c).is_some_and(|c| c.nullable));
            let one_to_one = t.is_unique_set(&fk.columns);
            let lower_first = |s: &str| {
                let mut c = s.chars();
                c.next().map(|f| f.to_ascii_lowercase().to_string() + c.as_str()).unwrap_or_default()
            };
            let fname = field_names.entry(t.id).or_default().take(&lower_first(&target));
            let map = fk.name.as_deref().map(|n| format!(", map: {}", quoted(n))).unwrap_or_default();
            relation_lines.entry(t.id).or_default().push(format!(
                "  {fname} {target}{} @relation({}, fields: [{}], references: [{}], onDelete: {}, onUpdate: {}{map})",
                if optional { "?" } else { "" },
                quoted(&rel),
                fields.join(", "),
                refs.join(", "),
                action(fk.on_delete),
                action(fk.on_update),
            ));
            let back = field_names.entry(rt.id).or_default().take(&format!("{}_{}", lower_first(&model), fields.join("_")));
            relation_lines.entry(rt.id).or_default().push(format!("  {back} {model}{} @relation({})", if one_to_one { "?" } else { "[]" }, quoted(&rel)));
        }
    }
    for (jid, (rel, a, b)) in joins {
        let _ = jid;
        let (na, nb) = (model_names.get(a).cloned().unwrap_or_default(), model_names.get(b).cloned().unwrap_or_default());
        let fa = field_names.entry(*a).or_default().take(&format!("{}_{rel}", nb.to_ascii_lowercase()));
        relation_lines.entry(*a).or_default().push(format!("  {fa} {nb}[] @relation({})", quoted(rel)));
        if a != b {
            let fb = field_names.entry(*b).or_default().take(&format!("{}_{rel}", na.to_ascii_lowercase()));
            relation_lines.entry(*b).or_default().push(format!("  {fb} {na}[] @relation({})", quoted(rel)));
        } else {
            let fb = field_names.entry(*b).or_default().take(&format!("{}_{rel}_of", na.to_ascii_lowercase()));
            relation_lines.entry(*b).or_default().push(format!("  {fb} {na}[] @relation({})", quoted(rel)));
        }
    }
    relation_lines
}

/// What a model's field line needs to know of its table and the schema's enums.
struct FieldKeys<'a> {
    single_pk: Option<ColumnId>,
    single_unique: &'a HashMap<ColumnId, Option<&'a str>>,
    enums: &'a HashMap<String, String>,
    enum_values: &'a HashMap<String, Vec<(String, String)>>,
}

/// One column's field line (with its doc comment lines written to `out` first).
fn field_line(schema: &Schema, t: &Table, c: &Column, k: &FieldKeys, used_single: &mut HashSet<ColumnId>, out: &mut Out) -> String {
    let FieldKeys { single_pk, single_unique, enums, enum_values } = *k;
    if let Some(doc) = &c.comment {
        for line in doc.lines() {
            let _ = writeln!(out.text, "  /// {line}");
        }
    }
    let fname = ident(&c.name);
    let (ty, native, list) = prisma_type(&c.data_type.raw, schema, enums);
    if ty.starts_with("Unsupported") {
        out.warnings.push(format!("{}.{}: Prisma has no name for the type `{}`; written as Unsupported", t.qualified_name(), c.name, c.data_type.raw));
    }
    let mut line = format!("  {fname} {ty}{}", if list { "[]" } else if c.nullable { "?" } else { "" });
    if single_pk == Some(c.id) {
        let map = t.primary_key.as_ref().and_then(|pk| pk.name.as_deref()).map(|n| format!("(map: {})", quoted(n))).unwrap_or_default();
        let _ = write!(line, " @id{map}");
    }
    if let Some(name) = single_unique.get(&c.id).filter(|_| !used_single.contains(&c.id)) {
        used_single.insert(c.id);
        let map = name.map(|n| format!("(map: {})", quoted(n))).unwrap_or_default();
        let _ = write!(line, " @unique{map}");
    }
    if c.identity.is_some() {
        line.push_str(" @default(autoincrement())");
    } else if let Some(d) = &c.default {
        let value = if list {
            list_default(d, &ty, enum_values.get(&ty)).unwrap_or_else(|| format!("dbgenerated({})", quoted(d)))
        } else {
            default_attr(d, &ty, enum_values.get(&ty))
        };
        let _ = write!(line, " @default({value})");
    }
    for x in &c.extra {
        if x.starts_with('@') {
            let _ = write!(line, " {x}");
        } else {
            out.warnings.push(format!("{}.{}: `{x}` cannot be said in Prisma; left out", t.qualified_name(), c.name));
        }
    }
    if fname != c.name {
        let _ = write!(line, " @map({})", quoted(&c.name));
    }
    if let Some(n) = native {
        let _ = write!(line, " {n}");
    }
    if c.generated.is_some() {
        out.warnings.push(format!("{}.{}: Prisma cannot say a generated column's expression; left out", t.qualified_name(), c.name));
    }
    line
}

/// The `@@index`/`@@unique`/`@@fulltext` attribute of an index (`None`: said by a field's
/// `@unique` already, or not sayable in Prisma — with a warning).
fn index_attr(t: &Table, ix: &Index, used_single: &HashSet<ColumnId>, seen_single: &mut HashSet<ColumnId>, warnings: &mut Vec<String>) -> Option<String> {
    if let (true, [key]) = (ix.unique, ix.keys.as_slice())
        && let IndexPart::Column(c) = &key.part
        && used_single.contains(c)
        && !seen_single.contains(c)
        && ix.predicate.is_none()
        && ix.method.is_none()
        && !key.descending
        && key.extra.is_none()
    {
        seen_single.insert(*c);
        return None;
    }
    let mut parts = Vec::new();
    for k in &ix.keys {
        match &k.part {
            IndexPart::Column(c) => {
                let n = t.column(*c).map(|c| ident(&c.name)).unwrap_or_default();
                let mut args = Vec::new();
                if k.descending {
                    args.push("sort: Desc".to_string());
                }
                match k.extra.as_deref() {
                    Some(x) if x.starts_with('(') && x.ends_with(')') => args.push(format!("length: {}", &x[1..x.len() - 1])),
                    Some(x) => args.push(format!("ops: raw({})", quoted(x))),
                    None => {}
                }
                parts.push(if args.is_empty() { n } else { format!("{n}({})", args.join(", ")) });
            }
            IndexPart::Expression(e) => {
                warnings.push(format!("{}: index {} on the expression `{e}` cannot be said in Prisma; left out", t.qualified_name(), ix.name.as_deref().unwrap_or("")));
                parts.clear();
                break;
            }
        }
    }
    if parts.is_empty() {
        return None;
    }
    if ix.predicate.is_some() || !ix.include.is_empty() {
        warnings.push(format!("{}: the predicate or covering columns of index {} cannot be said in Prisma; left out", t.qualified_name(), ix.name.as_deref().unwrap_or("")));
    }
    let mut args = vec![format!("[{}]", parts.join(", "))];
    if let Some(n) = &ix.name {
        args.push(format!("map: {}", quoted(n)));
    }
    let kind = if ix.unique { "unique" } else if ix.method.as_deref() == Some("fulltext") { "fulltext" } else { "index" };
    if let Some(m) = ix.method.as_deref().filter(|m| *m != "fulltext") {
        let name = match m {
            "btree" => "BTree",
            "hash" => "Hash",
            "gin" => "Gin",
            "gist" => "Gist",
            "brin" => "Brin",
            "spgist" => "SpGist",
            _ => "",
        };
        if name.is_empty() {
            warnings.push(format!("{}: index method `{m}` cannot be said in Prisma; left out", t.qualified_name()));
        } else {
            args.push(format!("type: {name}"));
        }
    }
    Some(format!("  @@{kind}({})", args.join(", ")))
}
