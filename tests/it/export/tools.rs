//! Helpers for the exports checked by their real tools (PlantUML, Graphviz, D2): the corpus as
//! schemas, random schemas with hostile names, running a tool (a missing tool fails the test:
//! `scripts/setup.sh --test` installs them), and reading an SVG's texts back.

use crate::support::Pick;
use erdsmith::import::{self, ImportOptions};
use erdsmith::rng::Rng;
use erdsmith::schema::*;
use std::path::PathBuf;
use std::process::{Command, Output};

/// Every `*.sql` file of the corpus and every MongoDB, CQL and DynamoDB file, imported, by file
/// name.
pub fn corpus_schemas() -> Vec<(String, Schema)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(crate::support::corpus_dir())
        .expect("corpus dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "sql"))
        .collect();
    files.sort();
    assert!(files.len() >= 40, "the corpus is in ../shared/corpus ({} files)", files.len());
    for dir in ["mongodb", "cql", "dynamodb"] {
        let mut more: Vec<PathBuf> = std::fs::read_dir(crate::support::corpus_dir().join(dir)).expect("corpus dir").map(|e| e.expect("entry").path()).collect();
        more.sort();
        files.extend(more);
    }
    files
        .into_iter()
        .map(|p| {
            let text = String::from_utf8_lossy(&std::fs::read(&p).expect("corpus file")).into_owned();
            let name = p.file_stem().expect("stem").to_string_lossy().into_owned();
            (name, import::import(&text, &ImportOptions::default()).schema)
        })
        .collect()
}

/// A fresh, empty directory for one test's files.
pub fn scratch(test: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("tool-checks").join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Runs `program` (which must be installed: the test fails otherwise).
pub fn run(program: &str, args: &[&str], cwd: Option<&std::path::Path>) -> Output {
    let mut cmd = Command::new(program);
    cmd.args(args);
    if let Some(dir) = cwd {
        cmd.current_dir(dir);
    }
    cmd.output().unwrap_or_else(|e| panic!("`{program}` must be installed (scripts/setup.sh --test installs it): {e}"))
}

/// Name fragments that have meant something to one of the tools: quotes, backslashes, markup of
/// PlantUML's creole, D2's keywords and substitutions, HTML, separators, comment starters,
/// Unicode, SQL reserved words.
const FRAGMENTS: &[&str] = &[
    "id", "order", "select", "user", "label", "shape", "style", "width", "constraint", "near", "_", "*", "&", "...",
    "entity", "as", "@enduml", "end", "note", "class", "hide", "skinparam", "digraph", "node", "edge", "graph",
    "first name", "it's", "say \"hi\"", "back\\slash", "trail\\", "${x}", "$", "<b>x</b>", "&amp;", "&#38;", "#tag",
    "100%", "%%", "~~strike~~", "**bold**", "__u__", "//it//", "\"\"mono\"\"", "--", "..", "==", "{", "}", "[[l]]",
    "|", ":", ";", "<<PK>>", "-lead", "+plus", "~tilde", "'quote", "{static}", "(paren)", "a.b", "->", "<->",
    "naïve", "日本語", "Ünï", "tab\tx", "line\nbreak", "MixedCase", "UPPER", "1st", "port", "c1", "t1",
];

/// A name of one to three fragments, unique ignoring case and surrounding spaces in `taken`.
pub fn hostile_name(rng: &mut Rng, taken: &mut Vec<String>) -> String {
    let n = 1 + rng.below(3);
    let base: String = (0..n).map(|_| *rng.pick(FRAGMENTS)).collect::<Vec<_>>().join("");
    let mut name = base.clone();
    let mut k = 2;
    while taken.iter().any(|t| t.trim().to_lowercase() == name.trim().to_lowercase()) {
        name = format!("{base}{k}");
        k += 1;
    }
    taken.push(name.clone());
    name
}

/// A random schema of 2–5 tables with hostile names: a primary key, nullable and unique columns,
/// and foreign keys to other tables' primary keys (some of them identifying).
pub fn hostile_schema(seed: u64) -> Schema {
    let mut rng = Rng::new(seed);
    let mut s = Schema::new(Dialect::Postgres);
    let mut names = Vec::new();
    let types = ["int", "text", "varchar(10)", "numeric(12,2)", "timestamp with time zone", "\"my type\"", "enum('a','b')"];
    for _ in 0..2 + rng.below(4) {
        let id = TableId(s.fresh_id());
        let schema_name = if rng.chance(0.3) { Some(hostile_name(&mut rng, &mut Vec::new())) } else { None };
        let mut t = Table::new(id, schema_name, hostile_name(&mut rng, &mut names));
        let mut cols = Vec::new();
        for i in 0..1 + rng.below(6) {
            let cid = ColumnId(s.fresh_id());
            let mut c = Column::new(cid, hostile_name(&mut rng, &mut cols), DataType::parse(types[rng.below(types.len())]));
            c.nullable = i > 0 && rng.chance(0.5);
            if rng.chance(0.3) {
                c.comment = Some(hostile_name(&mut rng, &mut Vec::new()));
            }
            t.columns.push(c);
        }
        let pk = t.columns[0].id;
        t.primary_key = Some(PrimaryKey { name: None, columns: vec![pk], options: None });
        if t.columns.len() > 2 && rng.chance(0.5) {
            t.uniques.push(UniqueConstraint { name: None, columns: vec![t.columns[2].id], options: None });
        }
        if rng.chance(0.3) {
            t.comment = Some(hostile_name(&mut rng, &mut Vec::new()));
        }
        s.tables.push(t);
    }
    let ids: Vec<(TableId, ColumnId)> = s.tables.iter().map(|t| (t.id, t.columns[0].id)).collect();
    for i in 0..s.tables.len() {
        let n = s.tables[i].columns.len();
        for _ in 0..rng.below(3) {
            let (parent, parent_pk) = *rng.pick(&ids);
            let col = s.tables[i].columns[rng.below(n)].id;
            let name = rng.chance(0.5).then(|| hostile_name(&mut rng, &mut Vec::new()));
            s.tables[i].foreign_keys.push(ForeignKey {
                name,
                columns: vec![col],
                ref_table: parent,
                ref_columns: vec![parent_pk],
                on_delete: FkAction::Cascade,
                on_update: FkAction::NoAction,
                deferrable: false,
                initially_deferred: false,
                options: None,
            });
        }
    }
    s.validate().expect("valid generated schema");
    s
}

/// The texts of an SVG's `<text>` elements, XML-unescaped, whitespace collapsed and trimmed.
pub fn svg_texts(svg: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = svg;
    while let Some(start) = rest.find("<text") {
        rest = &rest[start..];
        let Some(open_end) = rest.find('>') else { break };
        let Some(close) = rest.find("</text>") else { break };
        if open_end < close {
            out.push(normalize(&unescape_xml(&rest[open_end + 1..close])));
        }
        rest = &rest[close + 7..];
    }
    out
}

/// Whitespace (control characters included) collapsed to single spaces, trimmed.
pub fn normalize(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c.is_control() || c == '\u{a0}').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

fn unescape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';') else { break };
        let entity = &rest[1..end];
        let ch = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            e if e.starts_with("#x") => u32::from_str_radix(&e[2..], 16).ok().and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The label a diagram export gives each drawn table (as `export::table_labels`, which is
/// private): the table's name, schema-qualified when the tables span several namespaces,
/// suffixed on a clash.
pub fn labels(s: &Schema) -> Vec<(TableId, String)> {
    let first = s.tables.first().map(|t| t.schema.as_deref().map(str::to_lowercase));
    let qualify = s.tables.iter().any(|t| Some(t.schema.as_deref().map(str::to_lowercase)) != first);
    let mut used = std::collections::HashSet::new();
    let mut out = Vec::new();
    for t in &s.tables {
        let base = if qualify { t.qualified_name() } else { t.name.clone() };
        let base = if base.trim().is_empty() { "unnamed".to_string() } else { base };
        let mut label = base.clone();
        let mut n = 2;
        while !used.insert(label.to_lowercase()) {
            label = format!("{base} ({n})");
            n += 1;
        }
        if erdsmith::layout::partition_parent(s, t).is_none() {
            out.push((t.id, label));
        }
    }
    out
}
