//! The D2 export, checked by the real D2 compiler: npm's `@terrastruct/d2` (D2's WebAssembly
//! build; no D2 binary or crate is installable here), driven by `tests/tools/d2-compile.mjs`.
//! Every corpus file and random schemas with hostile names compile, and D2 reads back each
//! table's label, each column's name, type and constraints, and one connection per foreign key
//! with its crow's-foot arrowheads.
use super::tools::{corpus_schemas, hostile_schema, labels, run, scratch};
use erdsmith::export::d2;
use erdsmith::schema::Schema;
use serde_json::Value;

/// Control characters as spaces (as the export writes them).
fn clean(s: &str) -> String {
    s.chars().map(|c| if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{85}' | '\u{FEFF}') { ' ' } else { c }).collect()
}

fn compile_all(dir: &std::path::Path, schemas: &[(String, Schema)]) -> Vec<(String, Value)> {
    let mut paths = Vec::new();
    for (name, s) in schemas {
        let path = dir.join(format!("{name}.d2"));
        std::fs::write(&path, d2::render(s)).expect("write");
        paths.push(path.to_string_lossy().into_owned());
    }
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/tools/d2-compile.mjs");
    let mut args = vec![script];
    args.extend(paths.iter().map(String::as_str));
    let out = run("node", &args, Some(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))));
    assert!(out.status.success(), "node d2-compile.mjs: {}", String::from_utf8_lossy(&out.stderr));
    let results: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(results.len(), schemas.len(), "one result per file");
    schemas.iter().map(|(n, _)| n.clone()).zip(results).collect()
}

fn check(name: &str, s: &Schema, got: &Value) -> Vec<String> {
    if got["ok"] != Value::Bool(true) {
        return vec![format!("{name}: d2 rejected it: {}", got["error"])];
    }
    let mut problems = Vec::new();
    let shapes = got["shapes"].as_array().cloned().unwrap_or_default();
    let drawn = labels(s);
    if shapes.len() != drawn.len() {
        problems.push(format!("{name}: {} shapes for {} tables", shapes.len(), drawn.len()));
    }
    // Tables are keyed `t1`, `t2`, … in the schema's order.
    let key = |id| s.tables.iter().position(|t| t.id == id).map(|i| format!("t{}", i + 1)).unwrap_or_default();
    for (id, label) in &drawn {
        let Some(t) = s.table(*id) else { continue };
        let Some(shape) = shapes.iter().find(|x| x["id"] == key(*id).as_str()) else {
            problems.push(format!("{name}: no shape {}", key(*id)));
            continue;
        };
        let label_got = shape["label"].as_str().unwrap_or("");
        if !(label_got == clean(label) || label_got.starts_with(&format!("{} (", clean(label)))) || shape["type"] != "sql_table" {
            problems.push(format!("{name}: {} is {:?} {label_got:?}, want sql_table {label:?}", key(*id), shape["type"]));
        }
        let cols = shape["columns"].as_array().cloned().unwrap_or_default();
        if cols.len() != t.columns.len() {
            problems.push(format!("{name}: {label}: {} columns drawn of {}", cols.len(), t.columns.len()));
            continue;
        }
        for (c, got) in t.columns.iter().zip(&cols) {
            let keys = t.column_keys(c.id);
            let want: Vec<&str> = [(keys.primary, "primary_key"), (keys.foreign, "foreign_key"), (keys.in_unique_key, "unique")]
                .into_iter()
                .filter_map(|(on, m)| on.then_some(m))
                .collect();
            let col_name = got[0].as_str().unwrap_or("");
            let constraints: Vec<&str> = got[2].as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
            // A keyword or a clash ignoring case is told apart by trailing spaces (see d2.rs).
            // So is a type equal to the column's name (D2 would draw no type).
            let ty = got[1].as_str().unwrap_or("");
            let ty_ok = ty == clean(&c.data_type.raw) || (ty.trim_end() == clean(&c.data_type.raw) && ty.trim_end() == col_name.trim_end());
            if col_name.trim_end() != clean(&c.name).trim_end() || !ty_ok || constraints != want {
                problems.push(format!("{name}: {label}: column {got} drawn for {:?} {:?} {want:?}", c.name, c.data_type.raw));
            }
        }
    }
    let ids: std::collections::HashSet<_> = drawn.iter().map(|(id, _)| *id).collect();
    let mut want_edges = Vec::new();
    for t in s.tables.iter().filter(|t| ids.contains(&t.id)) {
        for fk in t.foreign_keys.iter().filter(|fk| ids.contains(&fk.ref_table)) {
            let card = t.fk_cardinality(fk);
            let label = s.table(fk.ref_table).and_then(|p| erdsmith::export::composite_label(t, p, fk)).unwrap_or_default();
            want_edges.push((
                key(t.id),
                key(fk.ref_table),
                if card.child_many { "cf-many" } else { "cf-one" },
                if card.parent_required { "cf-one-required" } else { "cf-one" },
                !card.identifying,
                label,
            ));
        }
    }
    let mut got_edges: Vec<_> = got["connections"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|c| {
            (
                c["src"].as_str().unwrap_or("").to_string(),
                c["dst"].as_str().unwrap_or("").to_string(),
                c["srcArrow"].as_str().unwrap_or("").to_string(),
                c["dstArrow"].as_str().unwrap_or("").to_string(),
                c["dashed"] == Value::Bool(true),
                c["label"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let mut want_edges: Vec<_> = want_edges.into_iter().map(|(a, b, c, d, e, l)| (a, b, c.to_string(), d.to_string(), e, l)).collect();
    got_edges.sort();
    want_edges.sort();
    if got_edges != want_edges {
        problems.push(format!("{name}: connections {got_edges:?}, want {want_edges:?}"));
    }
    problems
}

#[test]
fn corpus_and_hostile_names_compile_with_d2_as_written() {
    let dir = scratch("d2");
    let mut schemas = corpus_schemas();
    let corpus = schemas.len();
    schemas.extend((0..30).map(|seed| (format!("hostile{seed}"), hostile_schema(seed))));
    let started = std::time::Instant::now();
    let results = compile_all(&dir, &schemas);
    eprintln!(
        "d2 compile (@terrastruct/d2, wasm): {corpus} corpus files and {} random schemas in {:.1}s",
        schemas.len() - corpus,
        started.elapsed().as_secs_f64()
    );
    let mut problems = Vec::new();
    for ((name, s), (_, got)) in schemas.iter().zip(&results) {
        problems.extend(check(name, s, got));
    }
    assert_eq!(problems, Vec::<String>::new());
}

#[test]
fn the_check_can_fail() {
    // An unescaped `${` and a keyword as a column: D2 rejects the first and misreads the second.
    let dir = scratch("d2-broken");
    let path = dir.join("bad.d2");
    std::fs::write(&path, "t1: {\n  shape: sql_table\n  \"label\": \"int\" {constraint: primary_key}\n}\nt2: \"${x\"\n").expect("write");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/tools/d2-compile.mjs");
    let out = run("node", &[script, &path.to_string_lossy()], Some(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))));
    let got: Value = serde_json::from_slice(&out.stdout).expect("one JSON line");
    assert_eq!(got["ok"], Value::Bool(false), "{got}");
}
