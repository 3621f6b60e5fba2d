//! The Graphviz DOT export, checked by the real `dot` (Debian's graphviz): every corpus file and
//! random schemas with hostile names render to SVG with no error and no warning (an unknown
//! port, a bad HTML label would be one), with one node per drawn table, one edge per foreign
//! key, and every table and column name drawn as written.
use super::tools::{corpus_schemas, hostile_schema, labels, normalize, run, scratch, svg_texts};
use erdsmith::export::dot;
use erdsmith::schema::Schema;

fn check(dir: &std::path::Path, name: &str, s: &Schema) -> Vec<String> {
    let file = dir.join(format!("{name}.dot"));
    std::fs::write(&file, dot::render(s)).expect("write");
    let out = run("dot", &["-Tsvg", &file.to_string_lossy()], None);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() || !stderr.trim().is_empty() {
        return vec![format!("{name}: dot exited {} with {stderr}", out.status)];
    }
    let svg = String::from_utf8_lossy(&out.stdout);
    let texts = svg_texts(&svg);
    let mut problems = Vec::new();
    let drawn = labels(s);
    let nodes = svg.matches("class=\"node\"").count();
    if nodes != drawn.len() {
        problems.push(format!("{name}: {nodes} nodes for {} tables", drawn.len()));
    }
    let ids: std::collections::HashSet<_> = drawn.iter().map(|(id, _)| *id).collect();
    let fks = drawn
        .iter()
        .filter_map(|(id, _)| s.table(*id))
        .flat_map(|t| &t.foreign_keys)
        .filter(|fk| ids.contains(&fk.ref_table))
        .count();
    let edges = svg.matches("class=\"edge\"").count();
    if edges != fks {
        problems.push(format!("{name}: {edges} edges for {fks} foreign keys"));
    }
    // A composite key's one edge names all its columns.
    for t in drawn.iter().filter_map(|(id, _)| s.table(*id)) {
        for fk in t.foreign_keys.iter().filter(|fk| ids.contains(&fk.ref_table)) {
            let Some(label) = s.table(fk.ref_table).and_then(|p| erdsmith::export::composite_label(t, p, fk)) else { continue };
            if !texts.contains(&normalize(&label)) {
                problems.push(format!("{name}: the edge of {}'s composite key has no label {label:?}", t.name));
            }
        }
    }
    for (id, label) in &drawn {
        let Some(t) = s.table(*id) else { continue };
        let mut want = vec![normalize(label)];
        want.extend(t.columns.iter().map(|c| normalize(&c.name)).filter(|n| !n.is_empty()));
        for w in want {
            if !texts.contains(&w) {
                problems.push(format!("{name}: no text {w:?} in the drawing of {label:?}"));
            }
        }
    }
    problems
}

#[test]
fn every_corpus_export_renders_with_its_tables_and_keys() {
    let dir = scratch("dot-corpus");
    let started = std::time::Instant::now();
    let schemas = corpus_schemas();
    let mut problems = Vec::new();
    for (name, s) in &schemas {
        problems.extend(check(&dir, name, s));
    }
    eprintln!("dot -Tsvg: {} corpus files in {:.1}s", schemas.len(), started.elapsed().as_secs_f64());
    assert_eq!(problems, Vec::<String>::new());
}

#[test]
fn random_hostile_names_render_as_written() {
    let dir = scratch("dot-hostile");
    let mut problems = Vec::new();
    for seed in 0..60 {
        problems.extend(check(&dir, &format!("h{seed}"), &hostile_schema(seed)));
    }
    assert_eq!(problems, Vec::<String>::new());
}

#[test]
fn the_check_can_fail() {
    let dir = scratch("dot-broken");
    let file = dir.join("bad.dot");
    std::fs::write(&file, "digraph { t1 [label=<<b>a</b>>]; t2 [label=<<font></font>>]; t1:c9 -> t2; }\n").expect("write");
    let out = run("dot", &["-Tsvg", &file.to_string_lossy()], None);
    assert!(!out.status.success() || !out.stderr.is_empty(), "dot said nothing about a broken graph");
}
