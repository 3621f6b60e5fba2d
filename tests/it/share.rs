//! Share links (`erdsmith::share`): every corpus schema, as imported and after random edits,
//! comes back from its link whole — text, model, positions, colours, notes, rule settings and
//! the migration baseline — and `encode` itself reports nothing left out; damaged links are
//! refused with a reason, never a panic.

use erdsmith::edit::Edit;
use erdsmith::import::{ImportOptions, import};
use erdsmith::project::Project;
use erdsmith::rng::Rng;
use erdsmith::schema::{Note, NoteId, Point, Schema};
use erdsmith::share::{self, ShareError};
use erdsmith::sync::{Document, History, equivalent, reconcile};

/// Positions, colours and notes by name (what the text does not say).
fn overlay(s: &Schema) -> Vec<(String, Option<Point>, Option<String>)> {
    let mut v: Vec<_> = s.tables.iter().map(|t| (t.qualified_name(), t.position, t.color.clone())).chain(s.views.iter().map(|v| (format!("view {}", v.qualified_name()), v.position, None))).collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

/// The link of `p` opens to `p`: asserted field by field, and `encode` reports no loss.
#[track_caller]
fn round_trip(what: &str, p: &Project) -> usize {
    let link = match share::encode(p) {
        Ok(l) => l,
        Err(ShareError::TooBig { bytes }) => {
            assert!(bytes > share::MAX_LINK_BYTES, "{what}: TooBig for {bytes} bytes");
            return bytes;
        }
        Err(e) => panic!("{what}: {e}"),
    };
    assert!(link.left_out.is_empty(), "{what}: the link leaves out {:?}", link.left_out);
    let q = share::decode(&link.payload).unwrap_or_else(|e| panic!("{what}: {e}"));
    assert_eq!(q.baseline_text, p.baseline_text, "{what}: text");
    assert_eq!(q.name, p.name);
    let current = reconcile(&p.current, q.current.clone());
    if let Err(e) = equivalent(&current, &p.current) {
        panic!("{what}: the model differs: {e}");
    }
    assert_eq!(overlay(&q.current), overlay(&p.current), "{what}: positions and colours");
    assert_eq!(q.current.notes, p.current.notes, "{what}: notes");
    let mut fa = p.analysis.clone();
    let mut fb = q.analysis.clone();
    let names = |pr: &Project, m: &std::collections::BTreeMap<erdsmith::schema::TableId, String>| -> Vec<(String, String)> {
        // The FD text of a deleted table waits for an undo; a link carries no undo history.
        m.iter().filter_map(|(id, t)| Some((pr.current.table(*id)?.qualified_name(), t.clone()))).collect()
    };
    assert_eq!(names(&q, &fb.table_fds), names(p, &fa.table_fds), "{what}: FD texts by table");
    fa.table_fds.clear();
    fb.table_fds.clear();
    assert_eq!(fb, fa, "{what}: rule settings");
    assert_eq!(q.viewport, p.viewport);
    let baseline = reconcile(&p.baseline, q.baseline.clone());
    if let Err(e) = equivalent(&baseline, &p.baseline) {
        panic!("{what}: the baseline differs: {e}");
    }
    link.bytes()
}

/// A project of `text` with what a user adds beside the text: a colour, a moved table, a
/// note, a switched-off rule and an FD text.
fn project(name: &str, text: &str) -> Project {
    let mut schema = import(text, &ImportOptions::default()).schema;
    erdsmith::layout::place_unplaced(&mut schema);
    let mut p = Project::new(name, text, None, schema.clone());
    if let Some(t) = p.current.tables.first_mut() {
        t.color = Some("#aa3366".into());
        t.position = Some(Point { x: 1234.5, y: -77.25 });
        p.analysis.table_fds.insert(t.id, "a -> b\nnot an fd".into());
    }
    let id = NoteId(p.current.fresh_id());
    p.current.notes.push(Note { id, text: "ask the DBA ✓".into(), position: Point { x: 10.0, y: 20.0 } });
    p.analysis.disabled.push("missing-primary-key".into());
    p.viewport.zoom = 0.5;
    p
}

#[test]
fn every_corpus_schema_comes_back_from_its_link() {
    let dir = crate::support::corpus_dir();
    let mut files: Vec<_> = std::fs::read_dir(&dir).expect("corpus").filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "sql")).collect();
    files.sort();
    assert!(files.len() >= 40, "{} corpus files", files.len());
    let mut report = Vec::new();
    for f in &files {
        let name = f.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let text = String::from_utf8_lossy(&std::fs::read(f).expect("read")).into_owned();
        let p = project(&name, &text);
        let bytes = round_trip(&name, &p);
        report.push(format!("{name}: {} tables, text {} B, link {} B ({:.1}×)", p.current.tables.len(), text.len(), bytes, text.len() as f64 / bytes.max(1) as f64));
        if text.len() > 4096 {
            assert!(bytes < text.len(), "{name}: the link ({bytes} B) is not smaller than the text ({} B)", text.len());
        }
    }
    eprintln!("share link sizes:\n  {}", report.join("\n  "));
}

#[test]
fn dbml_and_prisma_projects_come_back_from_their_links() {
    let dir = crate::support::corpus_dir();
    let mut n = 0;
    for sub in ["dbml", "prisma"] {
        for e in std::fs::read_dir(dir.join(sub)).expect("folder").filter_map(|e| e.ok()) {
            let text = std::fs::read_to_string(e.path()).expect("read");
            round_trip(&e.path().display().to_string(), &project("x", &text));
            n += 1;
        }
    }
    assert!(n >= 2, "{n} files");
}

#[test]
fn edited_projects_come_back_with_their_baseline() {
    for (file, seed) in [("pagila_schema.sql", 7), ("sakila_mysql.sql", 11), ("zabbix_postgres.sql", 3), ("mediawiki_sqlite.sql", 5), ("quartz_sqlserver.sql", 9)] {
        let path = crate::support::corpus_dir().join(file);
        if !path.exists() {
            // Not every dialect of every schema is in the corpus; the loop needs four.
            continue;
        }
        let text = crate::support::corpus(file);
        let mut p = project(file, &text);
        let (mut text, mut schema, mut history) = (p.baseline_text.clone(), p.current.clone(), History::new());
        let mut rng = Rng::new(seed);
        let mut applied = 0;
        for n in 0..40 {
            let mut scratch = schema.clone();
            let Some(e) = (0..8).find_map(|_| crate::sync::random_edit(&mut scratch, &mut rng, n)) else { continue };
            schema.next_id = scratch.next_id;
            let mut d = Document { text: &mut text, schema: &mut schema, history: &mut history };
            if d.edit(e).is_ok() {
                applied += 1;
            }
            // New tables get a place, as the app gives them after every edit.
            erdsmith::layout::place_unplaced(&mut schema);
        }
        assert!(applied >= 10, "{file}: only {applied} edits applied");
        p.baseline_text = text;
        p.current = schema;
        p.history = Some(history);
        round_trip(file, &p);
    }
}

#[test]
fn a_rename_since_the_baseline_stays_a_rename() {
    let text = "CREATE TABLE a (id int PRIMARY KEY, x int);\nCREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id));\n";
    let mut p = project("r", text);
    let (mut t, mut s, mut h) = (p.baseline_text.clone(), p.current.clone(), History::new());
    let a = s.tables.iter().find(|x| x.name == "a").map(|x| x.id).expect("a");
    Document { text: &mut t, schema: &mut s, history: &mut h }.edit(Edit::RenameTable { table: a, schema: None, name: "alpha".into() }).expect("rename");
    p.baseline_text = t;
    p.current = s;
    let link = share::encode(&p).expect("link");
    // The baseline's `a` is written as `a` and pairs with the current `alpha` by name only if
    // the link keeps the rename: encode must either keep it or say so.
    let q = share::decode(&link.payload).expect("opens");
    let renamed = q.baseline.tables.iter().any(|bt| bt.name == "a" && q.current.table(bt.id).is_some_and(|ct| ct.name == "alpha"));
    assert!(renamed || link.left_out.iter().any(|l| l.contains("baseline")), "a rename lost silently: {:?}", link.left_out);
}

#[test]
fn damaged_links_are_refused_with_a_reason() {
    let p = project("d", &crate::support::corpus("pagila_schema.sql"));
    let link = share::encode(&p).expect("link").payload;
    let cases = [
        (link[..link.len() / 2].to_string(), "cut"),
        (link[..link.len() / 2 / 4 * 4 + 2].to_string(), "cut or damaged"),
        (link.replacen('.', "", 1), "no version"),
        (format!("9{link}"), "newer"),
        (link.replacen("2.", "x.", 1), "not a link version"),
        (format!("{}%20{}", &link[..40], &link[40..]), "character 41"),
        ("1.".to_string(), "cut or damaged"),
        ("2.".to_string(), "cut or damaged"),
        (format!("{}A{}", &link[..2], &link[2..]), "cut or damaged"),
    ];
    for (bad, why) in cases {
        let err = share::decode(&bad).map(|_| ()).expect_err("a damaged link opened");
        assert!(err.to_string().contains(why), "{err} should say {why}");
    }
    assert!(link.starts_with("2."), "this build writes version 2 links: {}", &link[..8]);
    // Random damage: never a panic, and never a project whose text differs without an error
    // (the length, the end marker and the checksum of version 2 each refuse it).
    let mut rng = Rng::new(42);
    for _ in 0..300 {
        let mut b = link.clone().into_bytes();
        let at = rng.below(b.len());
        match rng.below(3) {
            0 => b.truncate(at),
            1 => b[at] = b"ABCxyz-_09"[rng.below(10)],
            _ => {
                b.remove(at);
            }
        }
        if let Ok(q) = share::decode(&String::from_utf8_lossy(&b)) {
            assert_eq!(q.baseline_text, p.baseline_text, "damaged link {} opened as another text", String::from_utf8_lossy(&b));
        }
    }
}

/// Links made by the first release (version 1, deflate) still open: this one was printed by
/// `erdsmith share` of main 484ad5a for the text below.
#[test]
fn a_version_1_link_still_opens() {
    let link = "1.bVHRSsMwFH3fV4Q8OchGJyoyn-aIIM4pdT4MkZC1mQ1Lc0uabp1jX-GrX-eXeNMWhmBeknPuufecJAdqZa7omG5HlFFppdmXuqTjA011KVdGpXT89s6oz5wqMzBpU8tlLbRNVa0QXrMGJ2Cq3CK-iNhJcKIvcYiy0npRZtKhZTS8YrSQzmuvwQoHO1SNonYdGV03Xkc8bbXaFeB8sP4EyFE2jEKvDUwdRiHcN3vQVzrwGHcn_L4IGb2rFGuZXLqNcifOykJ4EB9O41XX0pRItuC8GbuGpEK1rYzpgMigCFGxWRmVhPTBz4fnKtvnCom7owXfshhM1d7J5lLH3jTmkwUni8ntjBNZ-QwcOdMp0daT5_j-cRIvyQNfMhI-iHhsJfOnBZm_zmb9m95gQCRJIM8Vyn--v_6OWwFs_h_WGomuFPM7HvP5lL90BezpM4I_YlpLdPoF";
    let text = "CREATE TABLE author (id int PRIMARY KEY, name text NOT NULL);\n-- a comment ✓\nCREATE TABLE book (id int PRIMARY KEY, author_id int REFERENCES author(id), title text);\n";
    let p = share::decode(link).expect("a version 1 link opens");
    assert_eq!(p.baseline_text, text);
    assert_eq!(p.current.tables.len(), 2);
    assert_eq!(p.current.tables.iter().map(|t| t.foreign_keys.len()).sum::<usize>(), 1);
}

/// The issue's goal: a link for a 100-table schema stays under 8 KB. Measured on the
/// benchmark generator's 100-table schema in each of its dialects (not written for links).
#[test]
fn a_100_table_schema_fits_a_short_link() {
    let script = crate::support::corpus_dir().join("../bench/gen_schema.py");
    for dialect in ["postgres", "mysql", "sqlite", "mssql"] {
        let out = std::process::Command::new("python3").arg(&script).args(["100", "--dialect", dialect]).output().expect("python3 runs gen_schema.py");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8(out.stdout).expect("utf-8");
        let p = project(dialect, &text);
        assert_eq!(p.current.tables.len(), 100, "{dialect}");
        let bytes = round_trip(dialect, &p);
        eprintln!("gen_schema 100 --dialect {dialect}: text {} B, link {bytes} B ({:.1}×)", text.len(), text.len() as f64 / bytes as f64);
        assert!(bytes <= share::SHORT_LINK_BYTES, "{dialect}: a 100-table link is {bytes} B, over {} B", share::SHORT_LINK_BYTES);
    }
}

#[test]
fn too_big_for_a_link_says_so_and_offers_the_file() {
    // Random text does not compress: over the limit once packed.
    let mut rng = Rng::new(1);
    let junk: String = (0..2 * share::MAX_LINK_BYTES).map(|_| char::from(b'a' + rng.below(26) as u8)).collect();
    let text = format!("CREATE TABLE t (id int);\n-- {junk}\n");
    match share::encode(&project("big", &text)) {
        Err(e @ ShareError::TooBig { .. }) => assert!(e.to_string().contains("project file"), "{e}"),
        other => panic!("expected TooBig, got {:?}", other.map(|l| l.bytes())),
    }
}

#[test]
fn the_cli_prints_a_link_that_opens_to_the_file() {
    let file = crate::support::corpus_dir().join("pagila_schema.sql");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_erdsmith"))
        .args(["share", &file.display().to_string(), "--url", "http://localhost:8080/"])
        .output()
        .expect("erdsmith runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let payload = stdout.trim().strip_prefix("http://localhost:8080/#share=").unwrap_or_else(|| panic!("{stdout}"));
    let p = share::decode(payload).expect("opens");
    assert_eq!(p.baseline_text, crate::support::corpus("pagila_schema.sql"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("share link:") && stderr.contains("KB"), "{stderr}");
    assert!(!stderr.contains("leaves out"), "{stderr}");
}

/// A schema's JSON as the auto-save writes it: the parts around its tables and, between them,
/// its chunks of tables, each kept from the write before or written anew; with how many were
/// written anew.
fn written_in_chunks(chunks: &mut erdsmith::project::TableChunks<String>, schema: &Schema) -> (String, usize) {
    let (mut json, after) = erdsmith::project::json_around_tables(schema).unwrap();
    let count = erdsmith::project::TableChunks::<String>::count(schema);
    let mut made = 0;
    for k in 0..count {
        let (part, new) = chunks.chunk(schema, k, Ok).unwrap();
        made += usize::from(new);
        json.push_str(&part);
    }
    chunks.truncate(count);
    json.push_str(&after);
    (json, made)
}

/// The app's auto-save writes a schema's JSON as the parts around its tables and chunks of its
/// tables (`TableChunks`); put together they are `serde_json::to_string` of the schema, byte for
/// byte — on every corpus schema, the format folders', and on one with no table, notes, groups,
/// objects and a database — whether the chunks are written or kept from the write before.
#[test]
fn table_chunks_of_every_corpus_schema_are_its_json() {
    use erdsmith::project::TableChunks;
    let mut schemas: Vec<(String, erdsmith::schema::Schema)> = Vec::new();
    for path in crate::support::corpus_files() {
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        schemas.push((path.display().to_string(), erdsmith::import::import(&text, &Default::default()).schema));
    }
    let empty = erdsmith::schema::Schema { database: Some("app \"db\" \"tables\":[]".into()), ..Default::default() };
    schemas.push(("no table".into(), empty));
    let mut checked = 0;
    for (name, mut schema) in schemas {
        schema.notes.push(erdsmith::schema::Note { id: erdsmith::schema::NoteId(schema.next_id), text: "\"tables\":[] ✓".into(), position: Default::default() });
        schema.next_id += 1;
        let mut chunks: TableChunks<String> = TableChunks::default();
        let count = TableChunks::<String>::count(&schema);
        // Written, then kept (nothing changed), then with the last table changed.
        for round in 0..3 {
            if round == 2
                && let Some(last) = schema.tables.last_mut()
            {
                last.comment = Some("\"tables\":[] changed".into());
            }
            let (json, made) = written_in_chunks(&mut chunks, &schema);
            assert_eq!(json, serde_json::to_string(&schema).unwrap(), "{name}, write {round}");
            let expected = match round {
                0 => count,
                1 => 0,
                _ => usize::from(count > 0),
            };
            assert_eq!(made, expected, "{name}, write {round}: chunks written");
            checked += 1;
        }
    }
    assert!(checked > 3 * 40, "{checked}");
}

/// The app's auto-save writes a project in pieces (the two schemas serialized only when they
/// changed, the text escaped a piece at a time); the pieces put together are the project's
/// JSON, byte for byte, with and without an undo history, and open to the same project.
#[test]
fn project_json_pieces_are_the_project_json() {
    let dir = crate::support::corpus_dir();
    for file in ["pagila_schema.sql", "sakila_mysql.sql", "zabbix_postgres.sql"] {
        let text = std::fs::read_to_string(dir.join(file)).expect("corpus file");
        let mut p = project(file, &text);
        p.ui.focus = p.current.tables.get(1).map(|t| t.id);
        p.ui.extra.insert("\"baseline\":0".into(), serde_json::json!({"current": [1, 2]}));
        for with_history in [false, true] {
            if with_history {
                let mut h = History::default();
                let mut typed = p.baseline_text.clone();
                let more = format!("{typed}\n-- a \"note\" ✓\n");
                erdsmith::sync::type_text(&mut typed, &mut h, more, 1.0);
                p.history = Some(h);
            }
            let json = json_in_pieces(&p);
            assert_eq!(json, serde_json::to_string(&p).unwrap(), "{file}, history {with_history}");
            assert_eq!(Project::from_json(&json).unwrap(), p);
        }
    }
}

/// `p`'s JSON put together as the auto-save writes it: the head around the text, with the text
/// escaped in `json_text_chunk`s between, the two schemas after their keys, and the tail.
fn json_in_pieces(p: &Project) -> String {
    use erdsmith::project::{BASELINE_KEY, CURRENT_KEY, ProjectRest, json_head_around_text, json_tail, json_text_chunk};
    let rest = ProjectRest { name: &p.name, dialect: p.dialect, analysis: &p.analysis, viewport: &p.viewport, ui: &p.ui, history: p.history.as_ref() };
    let (mut json, after) = json_head_around_text(&rest).unwrap();
    let text = &p.baseline_text;
    let mut at = 0;
    loop {
        let (piece, next) = json_text_chunk(text, at).unwrap();
        json.push_str(&piece);
        if next >= text.len() {
            break;
        }
        assert!(next > at, "a piece moves on");
        at = next;
    }
    let schemas = [after.as_str(), BASELINE_KEY, &serde_json::to_string(&p.baseline).unwrap(), CURRENT_KEY, &serde_json::to_string(&p.current).unwrap()];
    json + &schemas.concat() + &json_tail(&rest).unwrap()
}

/// A text escaped in pieces is the text escaped whole, wherever the pieces end: texts of
/// every kind of character JSON escapes or keeps (quotes, backslashes, control characters,
/// 2-, 3- and 4-byte characters) across many piece boundaries, and names that hold the key.
#[test]
fn a_text_escaped_in_pieces_is_the_text_escaped() {
    use erdsmith::project::TEXT_CHUNK_BYTES;
    use erdsmith::rng::Rng;
    let mut rng = Rng::new(0x7e47);
    let alphabet = ["a", "Z", " ", "\n", "\t", "\"", "\\", "\u{1}", "\u{1f}", "é", "✓", "€", "😀", "\u{7f}", "/", "\r"];
    let mut p = project("t.sql", "CREATE TABLE t (id int);");
    for round in 0..12 {
        let target = [0, 1, TEXT_CHUNK_BYTES - 1, TEXT_CHUNK_BYTES, TEXT_CHUNK_BYTES + 1, 3 * TEXT_CHUNK_BYTES + 7][round % 6] + (round / 6) * 5;
        let mut text = String::new();
        while text.len() < target {
            text.push_str(alphabet[rng.below(alphabet.len())]);
        }
        p.baseline_text = text;
        for name in ["plain", "x\",\"baseline_text\":\"\"", "ünï \"q\""] {
            p.name = name.to_string();
            assert!(json_in_pieces(&p) == serde_json::to_string(&p).unwrap(), "round {round}, {} bytes, name {name:?}", p.baseline_text.len());
        }
    }
}

/// The auto-save's chunks of a schema's tables (`project::TableChunks`): between the parts
/// around the tables, they are the schema's JSON byte for byte after every change a person
/// makes (a column renamed, a table added, removed, moved, the schema emptied), and a change
/// in one table writes one chunk, not the schema.
#[test]
fn table_chunks_are_the_schema_json_and_only_changed_ones_are_written() {
    use erdsmith::project::{TableChunks, TABLES_PER_CHUNK};
    use erdsmith::rng::Rng;
    let mut rng = Rng::new(0xc4);
    let mut checked = 0;
    let mut schemas: Vec<(String, Schema)> = ["zabbix_postgres.sql", "lago_structure.sql", "adventureworks_mssql_instawdb.sql", "pagila_schema.sql"]
        .iter()
        .map(|f| (f.to_string(), erdsmith::import::import(&crate::support::corpus(f), &Default::default()).schema))
        .collect();
    schemas.push(("450 synthetic tables".into(), erdsmith::layout::synthetic::schema(450, 0x5eed)));
    assert!(schemas.iter().filter(|(_, s)| s.tables.len() > TABLES_PER_CHUNK).count() >= 3, "several chunks");
    for (file, mut schema) in schemas {
        let mut chunks: TableChunks<String> = TableChunks::default();
        for round in 0..30 {
            let n = schema.tables.len();
            let changed_one = match round % 6 {
                _ if round == 0 || n == 0 => false,
                0 => {
                    let i = rng.below(n);
                    let t = schema.tables.remove(i);
                    schema.tables.insert(rng.below(n), t);
                    false
                }
                1 => {
                    let mut t = schema.tables[rng.below(n)].clone();
                    t.name.push_str("_copy");
                    schema.tables.push(t);
                    true
                }
                2 => {
                    schema.tables.remove(rng.below(n));
                    false
                }
                3 if round == 27 => {
                    schema.tables.clear();
                    false
                }
                _ => {
                    let t = &mut schema.tables[rng.below(n)];
                    if let Some(c) = t.columns.first_mut() {
                        c.name.push('x');
                    } else {
                        t.name.push('x');
                    }
                    true
                }
            };
            let count = TableChunks::<String>::count(&schema);
            let (json, made) = written_in_chunks(&mut chunks, &schema);
            assert_eq!(json, serde_json::to_string(&schema).unwrap(), "{file}, change {round}");
            if round == 0 {
                assert_eq!(made, count, "{file}: the first write makes every chunk");
            } else if changed_one {
                // One table changed (or one added at the end): one chunk written.
                assert_eq!(made, 1, "{file}, change {round}: {made} of {count} chunks written for one table");
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 150);
}
