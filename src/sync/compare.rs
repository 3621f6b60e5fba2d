//! Whether two schemas say the same thing in SQL: equal by names, types, nullability, defaults,
//! keys, indexes, checks, comments and the statements kept as written — not by ids, spans, canvas positions or colors, and not by
//! the order of constraints (the text may list them differently from the model).

use crate::schema::{Column, ColumnId, Index, IndexPart, ObjectKind, Schema, Table};
use std::collections::BTreeMap;

/// `Ok` when `a` and `b` say the same; else the first difference, for a message. Tables with
/// the same id and the same content (as `reconcile` leaves most of them) are equal at once; the
/// others are compared by name.
pub fn equivalent(a: &Schema, b: &Schema) -> Result<(), String> {
    let alike = |t: &Table, other: &Schema| {
        other.table(t.id).is_some_and(|u| super::patch::same_text(t, u) && parent_name(a, t) == parent_name(b, u))
    };
    let rest_a: Vec<&Table> = a.tables.iter().filter(|t| !alike(t, b)).collect();
    let rest_b: Vec<&Table> = b.tables.iter().filter(|t| !a.table(t.id).is_some_and(|u| super::patch::same_text(u, t))).collect();
    // A table left on one side only by the fast pass is compared by name with the other side.
    let ta: BTreeMap<String, Vec<(String, String)>> = rest_a.iter().map(|t| (t.qualified_name().to_lowercase(), facts(a, t))).collect();
    let tb: BTreeMap<String, Vec<(String, String)>> = rest_b.iter().map(|t| (t.qualified_name().to_lowercase(), facts(b, t))).collect();
    if a.tables.len() != b.tables.len() {
        let names = |s: &Schema| s.tables.iter().map(|t| t.qualified_name().to_lowercase()).collect::<std::collections::BTreeSet<_>>();
        let (na, nb) = (names(a), names(b));
        if let Some(n) = na.difference(&nb).next() {
            return Err(format!("table {n} is extra"));
        }
        if let Some(n) = nb.difference(&na).next() {
            return Err(format!("table {n} is missing"));
        }
    }
    let facts_of = |s: &Schema, name: &str| s.tables.iter().find(|t| t.qualified_name().to_lowercase() == name).map(|t| facts(s, t));
    for (name, x) in &ta {
        let y = match tb.get(name) {
            Some(y) => y.clone(),
            None => facts_of(b, name).ok_or_else(|| format!("table {name} is missing"))?,
        };
        if *x != y {
            return Err(first_difference(name, x, &y));
        }
    }
    for (name, y) in &tb {
        if ta.contains_key(name) {
            continue;
        }
        let x = facts_of(a, name).ok_or_else(|| format!("table {name} is extra"))?;
        if x != *y {
            return Err(first_difference(name, &x, y));
        }
    }
    let enums = |s: &Schema| {
        let mut v: Vec<String> = s.enums.iter().map(|e| format!("{:?}.{} {:?}", lower(&e.schema), e.name.to_lowercase(), e.values)).collect();
        v.sort();
        v
    };
    if enums(a) != enums(b) {
        return Err(format!("enum types differ: {:?} vs {:?}", enums(a), enums(b)));
    }
    // A view by its name and the tables it reads (a view left reading a renamed table's old
    // name reads nothing).
    let views = |s: &Schema| {
        let mut v: Vec<String> = s
            .views
            .iter()
            .map(|v| {
                let mut reads: Vec<String> = v.reads.iter().filter_map(|t| s.table(*t)).map(|t| t.qualified_name().to_lowercase()).collect();
                reads.sort();
                format!("{} reads {reads:?}", v.qualified_name().to_lowercase())
            })
            .collect();
        v.sort();
        v
    };
    let (va, vb) = (views(a), views(b));
    if va != vb {
        let what = va.iter().find(|x| !vb.contains(x)).or_else(|| vb.iter().find(|x| !va.contains(x))).cloned().unwrap_or_default();
        return Err(format!("views differ: {what}"));
    }
    let (ka, kb) = (kept(a), kept(b));
    let counts = |k: &BTreeMap<String, (usize, String)>| k.iter().map(|(k, v)| (k.clone(), v.0)).collect::<BTreeMap<_, _>>();
    if counts(&ka) != counts(&kb) {
        let only = |x: &BTreeMap<String, (usize, String)>, y: &BTreeMap<String, (usize, String)>| {
            x.iter().find(|(k, (n, _))| y.get(*k).map(|v| v.0) != Some(*n)).map(|(k, (n, sql))| {
                let short: String = sql.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(120).collect();
                format!("{n} vs {} of `{short}`", y.get(k).map_or(0, |v| v.0))
            })
        };
        let what = only(&ka, &kb).or_else(|| only(&kb, &ka)).unwrap_or_default();
        return Err(format!("kept statements differ: {what}"));
    }
    Ok(())
}

/// The statements kept as written (`Schema.objects`), counted by what identifies them: one on a
/// table by its kind, the table's name and (for triggers, policies and rules) its own name —
/// its text names the table, which a rename rewrites —; any other by its kind, name and text
/// with runs of whitespace as one space. A statement on a table the schema no longer has goes
/// with that table and is not counted.
fn kept(s: &Schema) -> BTreeMap<String, (usize, String)> {
    let mut out = BTreeMap::new();
    for o in &s.objects {
        let key = match o.table {
            Some(t) => {
                let Some(t) = s.table(t) else { continue };
                let own = matches!(o.kind, ObjectKind::Trigger | ObjectKind::Policy | ObjectKind::Rule).then(|| o.name.to_lowercase());
                format!("{:?} on {} {}", o.kind, t.qualified_name().to_lowercase(), own.unwrap_or_default())
            }
            None => format!("{:?} {:?}.{} {}", o.kind, lower(&o.schema), o.name.to_lowercase(), o.sql.split_whitespace().collect::<Vec<_>>().join(" ")),
        };
        out.entry(key).or_insert((0, o.sql.clone())).0 += 1;
    }
    out
}

fn parent_name(s: &Schema, t: &Table) -> Option<String> {
    t.parent.and_then(|p| s.table(p)).map(|p| p.qualified_name().to_lowercase())
}

fn lower(s: &Option<String>) -> Option<String> {
    s.as_ref().map(|x| x.to_lowercase())
}

fn first_difference(table: &str, x: &[(String, String)], y: &[(String, String)]) -> String {
    for (i, (k, v)) in x.iter().enumerate() {
        match y.get(i) {
            Some((k2, v2)) if k2 == k && v2 == v => {}
            Some((k2, v2)) => return format!("{table}: {k} = {v} vs {k2} = {v2}"),
            None => return format!("{table}: {k} = {v} is missing"),
        }
    }
    format!("{table}: {} facts vs {}", x.len(), y.len())
}

fn names(t: &Table, cols: &[ColumnId]) -> Vec<String> {
    cols.iter().map(|c| t.column(*c).map_or_else(|| format!("#{}", c.0), |c| c.name.to_lowercase())).collect()
}

fn facts(s: &Schema, t: &Table) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = Vec::new();
    let mut put = |k: &str, v: String| f.push((k.to_string(), v));
    put("kind", format!("{:?}", t.kind));
    let parent = t.parent.and_then(|p| s.table(p));
    put("parent", format!("{:?}", parent.map(|p| p.qualified_name().to_lowercase())));
    put("comment", format!("{:?}", t.comment));
    let in_pk = |c: &Column| t.is_pk_column(c.id);
    // Columns a partition or inheriting table takes from its parent are said by the parent.
    let inherited = |c: &Column| parent.is_some_and(|p| p.column_by_name(&c.name).is_some());
    for c in t.columns.iter().filter(|c| !inherited(c)) {
        put(
            &format!("column {}", c.name.to_lowercase()),
            format!(
                "{} null={} default={:?} identity={:?} generated={:?} comment={:?}",
                c.data_type.normalized,
                c.nullable && !in_pk(c),
                c.default.as_deref().map(str::trim),
                c.identity,
                c.generated,
                c.comment
            ),
        );
    }
    put("primary key", format!("{:?}", t.primary_key.as_ref().map(|p| (p.name.as_ref().map(|n| n.to_lowercase()), names(t, &p.columns)))));
    let mut uniques: Vec<String> = t.uniques.iter().map(|u| format!("{:?} {:?}", lower(&u.name), names(t, &u.columns))).collect();
    uniques.sort();
    put("uniques", format!("{uniques:?}"));
    let mut checks: Vec<String> = t.checks.iter().map(|c| format!("{:?} {}", lower(&c.name), c.expr.trim())).collect();
    checks.sort();
    put("checks", format!("{checks:?}"));
    let mut fks: Vec<String> = t
        .foreign_keys
        .iter()
        .map(|fk| {
            let rt = if fk.ref_table == t.id { Some(t) } else { s.table(fk.ref_table) };
            format!(
                "{:?} {:?} -> {:?} {:?} {:?}/{:?} {}/{}",
                lower(&fk.name),
                names(t, &fk.columns),
                rt.map(|r| r.qualified_name().to_lowercase()),
                rt.map(|r| names(r, &fk.ref_columns)),
                fk.on_delete,
                fk.on_update,
                fk.deferrable,
                fk.initially_deferred
            )
        })
        .collect();
    fks.sort();
    put("foreign keys", format!("{fks:?}"));
    let mut indexes: Vec<String> = t.indexes.iter().map(|ix| index_fact(t, ix)).collect();
    indexes.sort();
    put("indexes", format!("{indexes:?}"));
    f
}

fn index_fact(t: &Table, ix: &Index) -> String {
    let keys: Vec<String> = ix
        .keys
        .iter()
        .map(|k| {
            let part = match &k.part {
                IndexPart::Column(c) => t.column(*c).map_or_else(String::new, |c| c.name.to_lowercase()),
                IndexPart::Expression(e) => e.clone(),
            };
            format!("{part}{}", if k.descending { " desc" } else { "" })
        })
        .collect();
    format!(
        "{:?} unique={} {:?} method={:?} where={:?} include={:?}",
        lower(&ix.name),
        ix.unique,
        keys,
        ix.method,
        ix.predicate.as_deref().map(str::trim),
        names(t, &ix.include)
    )
}
