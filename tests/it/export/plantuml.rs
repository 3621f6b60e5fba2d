//! The PlantUML export, checked by the real `plantuml` (Debian's package).
//!
//! Every corpus file's export goes through `plantuml -checkonly` (its parser, one JVM for all
//! files, about 7 s); the exports of up to `RENDER_MAX_ENTITIES` entities are also rendered to
//! SVG (with Graphviz's layout; the 200-table ones take minutes each on 2 cores, so they are
//! only parsed) and their texts read back; random schemas with hostile names are rendered too.
use super::tools::{corpus_schemas, hostile_schema, labels, normalize, run, scratch, svg_texts};
use erdsmith::export::plantuml;
use erdsmith::schema::Schema;
use std::path::Path;

/// Corpus exports with at most this many entities are rendered and read back.
const RENDER_MAX_ENTITIES: usize = 40;

/// Runs plantuml on `files` in `dir`; panics naming the files PlantUML reports an error in.
fn plantuml(dir: &Path, args: &[&str], files: &[String]) {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(files.iter().map(String::as_str));
    let out = run("plantuml", &all, Some(dir));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() || stderr.contains("Error line") || stdout.contains("Error line") {
        // -checkonly does not say which file: render them to get "Error line N in file: …".
        let again = run("plantuml", &[&["-tsvg", "-o", "errors"], &files.iter().map(String::as_str).collect::<Vec<_>>()[..]].concat(), Some(dir));
        panic!(
            "plantuml {args:?} failed ({}): {stdout}{stderr}\n{}",
            out.status,
            String::from_utf8_lossy(&again.stderr)
        );
    }
}

/// What PlantUML drew must be what the schema says: each table's label is one text, each
/// column one text `name : type …`, each relation label one text.
fn check_meaning(name: &str, s: &Schema, svg: &str) -> Vec<String> {
    let texts = svg_texts(svg);
    let mut problems = Vec::new();
    // PlantUML draws its own crashes as a picture (exit status 0).
    if let Some(crash) = texts.iter().find(|t| t.contains("An error has occured") || t.contains("Syntax Error")) {
        return vec![format!("{name}: plantuml drew an error: {crash}")];
    }
    for (id, label) in labels(s) {
        let Some(t) = s.table(id) else { continue };
        if !texts.contains(&normalize(&label)) {
            problems.push(format!("{name}: no text {:?} for table", normalize(&label)));
        }
        for c in &t.columns {
            let ty = if c.data_type.raw.trim().is_empty() { "any" } else { &c.data_type.raw };
            let want = normalize(&format!("{} : {}", c.name, ty));
            if !texts.iter().any(|x| x == &want || x.starts_with(&format!("{want} «"))) {
                problems.push(format!("{name}: no text {want:?} for column of {label:?}"));
            }
        }
    }
    problems
}

#[test]
fn every_corpus_export_parses_and_the_small_ones_render_as_written() {
    let dir = scratch("plantuml-corpus");
    let mut files = Vec::new();
    let mut small = Vec::new();
    for (name, schema) in corpus_schemas() {
        let text = plantuml::render(&schema);
        assert!(text.starts_with("@startuml\n") && text.ends_with("@enduml\n"), "{name}");
        let file = format!("{name}.puml");
        std::fs::write(dir.join(&file), &text).expect("write");
        if text.matches("\nentity ").count() <= RENDER_MAX_ENTITIES {
            small.push((name.clone(), schema));
        }
        files.push(file);
    }
    let started = std::time::Instant::now();
    plantuml(&dir, &["-checkonly"], &files);
    let parsed = started.elapsed();
    let started = std::time::Instant::now();
    let small_files: Vec<String> = small.iter().map(|(n, _)| format!("{n}.puml")).collect();
    plantuml(&dir, &["-tsvg", "-o", "svg"], &small_files);
    let mut problems = Vec::new();
    for (name, schema) in &small {
        let svg = std::fs::read_to_string(dir.join("svg").join(format!("{name}.svg"))).expect("svg written");
        problems.extend(check_meaning(name, schema, &svg));
    }
    eprintln!(
        "plantuml: {} corpus files parsed in {:.1}s; {} of them (≤ {RENDER_MAX_ENTITIES} entities) rendered and read back in {:.1}s",
        files.len(),
        parsed.as_secs_f64(),
        small.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(small.len() >= 20, "enough corpus files rendered: {}", small.len());
    assert_eq!(problems, Vec::<String>::new());
}

#[test]
fn random_hostile_names_render_as_written() {
    let dir = scratch("plantuml-hostile");
    let schemas: Vec<(String, Schema)> = (0..24).map(|seed| (format!("h{seed}"), hostile_schema(seed))).collect();
    let files: Vec<String> = schemas
        .iter()
        .map(|(n, s)| {
            let file = format!("{n}.puml");
            std::fs::write(dir.join(&file), plantuml::render(s)).expect("write");
            file
        })
        .collect();
    plantuml(&dir, &["-tsvg", "-o", "svg"], &files);
    let mut problems = Vec::new();
    for (name, schema) in &schemas {
        let svg = std::fs::read_to_string(dir.join("svg").join(format!("{name}.svg"))).expect("svg written");
        problems.extend(check_meaning(name, schema, &svg));
        let relations = schema.tables.iter().map(|t| t.foreign_keys.len()).sum::<usize>();
        let drawn = svg.matches("<path").count();
        assert!(drawn >= relations, "{name}: {relations} relations, {drawn} paths");
    }
    assert_eq!(problems, Vec::<String>::new());
}

#[test]
fn the_check_can_fail() {
    // A name written without escaping would end the entity early: PlantUML must reject it.
    let dir = scratch("plantuml-broken");
    std::fs::write(dir.join("bad.puml"), "@startuml\nentity \"a\" as t1 {\n}\n}\nt1 ||..o{ t2 :\n@enduml\n").expect("write");
    let out = run("plantuml", &["-checkonly", "bad.puml"], Some(&dir));
    assert!(!out.status.success(), "plantuml accepted a broken diagram");
}
