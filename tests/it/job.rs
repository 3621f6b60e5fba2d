//! The editor's import job (`sync::ImportJob`) and the messages that carry it between the page and
//! the import worker: what the worker sends is exactly what the page installs, a job run in
//! slices is the import at once, and a statement still being typed never becomes half a table.

use crate::support::{Pick, corpus_files};
use erdsmith::import::{self, ImportOptions};
use erdsmith::rng::Rng;
use erdsmith::schema::Dialect;
use erdsmith::analysis::{self, AnalysisConfig, Finding};
use erdsmith::schema::Schema;
use erdsmith::sync::{Assembly, ImportJob, Imported, JobReply, JobRequest, ReviewJob, TABLES_PER_REPLY, model_of, reconcile, span_shift, starts_blank};
use std::path::PathBuf;

fn read(path: &PathBuf) -> String {
    String::from_utf8_lossy(&std::fs::read(path).expect("read")).into_owned()
}

/// Sends `imported` as the worker does (its replies, each through its wire bytes) to an
/// assembly that first heard tables of an older generation; returns what the page installs.
fn cross(what: &str, generation: u64, imported: &Imported) -> Imported {
    let replies = JobReply::finished(generation, imported.clone(), 12.25, 0.5);
    let tables = imported.result.schema.tables.len();
    assert_eq!(replies.len(), tables.div_ceil(TABLES_PER_REPLY) + 1, "{what}: {tables} tables in {} replies", replies.len());
    let mut assembly = Assembly::default();
    assembly.add(generation - 1, imported.result.schema.tables.iter().take(3).cloned().collect());
    let mut installed = None;
    for reply in replies {
        let back = JobReply::from_wire(&reply.to_wire()).unwrap_or_else(|e| panic!("{what}: {e}"));
        // Not `assert_eq!`: a failure would print two schemas.
        assert!(back == reply, "{what}: a reply changed on its way ({:?})", std::mem::discriminant(&reply));
        match back {
            JobReply::Tables { generation, tables } => {
                assert!(tables.len() <= TABLES_PER_REPLY);
                assembly.add(generation, tables);
            }
            JobReply::Done { generation, imported, busy_ms, finish_ms } => {
                assert_eq!((busy_ms, finish_ms), (12.25, 0.5));
                installed = Some(assembly.complete(generation, *imported));
            }
            other => panic!("{what}: unexpected reply {other:?}"),
        }
    }
    let installed = installed.unwrap_or_else(|| panic!("{what}: no Done"));
    // The assembly kept a copy of the tables as its base; taken out, it is the import's tables.
    assert_eq!(assembly.base(), Some(generation), "{what}");
    let base = assembly.take_base();
    assert!(base.as_ref().is_some_and(|(g, t)| *g == generation && *t == installed.result.schema.tables), "{what}: the base taken is not the import's tables");
    assert_eq!(assembly.base(), None, "{what}: the base stays after it is taken");
    installed
}

#[test]
fn every_corpus_import_crosses_to_the_page_unchanged() {
    for (i, path) in corpus_files().iter().enumerate() {
        let text = read(path);
        let options = ImportOptions::default();
        let request = JobRequest::Import { generation: i as u64, text: text.clone(), options: options.clone(), review: (i % 2 == 0).then(Box::default), base: (i % 3 == 0).then_some(i as u64) };
        assert_eq!(JobRequest::from_wire(&request.to_wire()).as_ref(), Ok(&request), "{}: the request", path.display());
        let imported = ImportJob::run(text, &options);
        let installed = cross(&path.display().to_string(), i as u64 + 1, &imported);
        if installed != imported {
            panic!(
                "{}: the import changed on its way: tables equal: {}, diagnostics equal: {}",
                path.display(),
                installed.result.schema.tables == imported.result.schema.tables,
                installed.result.diagnostics == imported.result.diagnostics,
            );
        }
    }
    for reply in [JobReply::Ready, JobReply::Failed("no \"module\"\n".into()), JobReply::Progress { generation: u64::MAX, fraction: 0.37 }] {
        assert_eq!(JobReply::from_wire(&reply.to_wire()), Ok(reply));
    }
    assert!(JobReply::from_wire(b"{\"Done\":{}}").is_err(), "a broken message is refused, not read as something");
}

/// An import request carries its text raw after the JSON header, not escaped inside it: any
/// text (NUL bytes, quotes, backslashes, every kind of character) crosses unchanged and costs
/// its own bytes and the header's; a text that is not UTF-8, or a text after a request that
/// takes none, is refused.
#[test]
fn an_import_request_carries_its_text_raw() {
    let options = ImportOptions::default();
    let texts = ["", "CREATE TABLE t (id int);", "a\0b\0\0", "\"quoted\" \\ back\\slash\n\t", "naïve 日本 😀 \u{7f}\u{1}", "\0"];
    for (i, text) in texts.iter().enumerate() {
        let request = JobRequest::Import { generation: i as u64, text: text.to_string(), options: options.clone(), review: None, base: Some(3) };
        let wire = request.to_wire();
        let header = JobRequest::Import { generation: i as u64, text: String::new(), options: options.clone(), review: None, base: Some(3) }.to_wire();
        assert_eq!(wire.len(), header.len() + text.len(), "{text:?}: a request's bytes are its header's and its text's");
        assert!(wire.ends_with(text.as_bytes()), "{text:?}: the text travels raw");
        assert_eq!(JobRequest::from_wire(&wire), Ok(request), "{text:?}");
    }
    let cancel = JobRequest::Cancel { generation: 9 };
    assert_eq!(JobRequest::from_wire(&cancel.to_wire()), Ok(cancel.clone()));
    let mut with_text = cancel.to_wire();
    with_text.extend_from_slice(b"\0text");
    assert!(JobRequest::from_wire(&with_text).is_err(), "a cancel takes no text");
    let mut broken = JobRequest::Import { generation: 1, text: String::new(), options, review: None, base: None }.to_wire();
    broken.extend_from_slice(&[0xff, 0xfe]);
    assert!(JobRequest::from_wire(&broken).is_err(), "a text that is not UTF-8 is refused");
}

#[test]
fn a_big_import_crosses_in_several_replies_and_comes_back_whole() {
    let schema = erdsmith::layout::synthetic::schema(TABLES_PER_REPLY * 4 + 17, 0xb16);
    for dialect in [Dialect::Postgres, Dialect::Mysql] {
        let text = erdsmith::export::sql::render(&schema, dialect).text;
        let imported = ImportJob::run(text, &ImportOptions::default());
        assert_eq!(imported.result.schema.tables.len(), TABLES_PER_REPLY * 4 + 17);
        assert!(cross(&format!("{dialect:?}"), 9, &imported) == imported, "{dialect:?}: the import changed on its way");
    }
}

#[test]
fn a_job_run_in_slices_is_the_import_at_once() {
    let mut rng = Rng::new(0x10b);
    for path in corpus_files() {
        let text = read(&path);
        let options = ImportOptions::default();
        let at_once = import::import(&text, &options);
        let mut job = ImportJob::new(text.clone(), &options);
        let mut last = 0.0;
        let mut steps = 0;
        while !job.step(*rng.pick(&[1, 2, 7, 25, 60])) {
            let p = job.progress();
            assert!((last..=1.0).contains(&p), "{}: progress went from {last} to {p}", path.display());
            last = p;
            steps += 1;
        }
        assert_eq!(job.progress(), 1.0, "{}: a finished job is at 100 %", path.display());
        let Imported { result, held } = job.finish();
        // A finished schema has no statement left open.
        assert!(!held, "{}: a statement was held back", path.display());
        assert!(result == at_once, "{}: sliced ({steps} slices) and at once differ", path.display());
        // As the page and the worker run it: slices by a clock (here one that ticks 1 ms a read,
        // so every slice ends after a few steps).
        let clock = std::cell::Cell::new(0.0);
        let now = || {
            clock.set(clock.get() + 1.0);
            clock.get()
        };
        let mut job = ImportJob::new(text.clone(), &options);
        let mut slices = 1;
        while !job.step_for(3.0, now) {
            slices += 1;
        }
        assert!(job.finish().result == at_once, "{}: {slices} clocked slices and at once differ", path.display());
    }
}

#[test]
fn a_statement_being_typed_never_becomes_half_a_table() {
    let mut rng = Rng::new(0xc07);
    let mut held_cuts = 0;
    for file in ["pagila_schema.sql", "sakila_mysql.sql", "zabbix_postgres.sql", "quartz_sqlserver.sql", "phpbb_sqlite.sql", "flowable_oracle.sql"] {
        let text = crate::support::corpus(file);
        let full = import::import(&text, &ImportOptions::default()).schema;
        for _ in 0..40 {
            // Cut the text where a person typing it from the top would be.
            let mut at = rng.below(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let typed = &text[..at];
            let Imported { result, held } = ImportJob::run(typed.to_string(), &ImportOptions::default());
            let opens = typed.matches('(').count() > typed.matches(')').count();
            if !held {
                continue;
            }
            held_cuts += 1;
            assert!(opens || typed.contains(')'), "{file}@{at}: held without parentheses");
            // Every table read has only columns the finished text gives it: nothing half-typed.
            for t in &result.schema.tables {
                let Some(f) = full.tables.iter().find(|f| f.name == t.name && f.schema == t.schema) else {
                    panic!("{file}@{at}: table {} is not in the finished schema", t.name);
                };
                for c in &t.columns {
                    let same = f.columns.iter().find(|fc| fc.name == c.name);
                    assert!(same.is_some_and(|fc| fc.data_type == c.data_type), "{file}@{at}: column {}.{} is half-typed ({:?})", t.name, c.name, c.data_type);
                }
            }
            // The statement held back is reported at its open parenthesis, with its line and column.
            let d = result.diagnostics.iter().find(|d| d.message.contains("is not closed")).unwrap_or_else(|| panic!("{file}@{at}: held without an error"));
            let start = d.span.start as usize;
            assert_eq!(&typed[start..start + 1], "(", "{file}@{at}");
            assert_eq!(d.span.line as usize, typed[..start].matches('\n').count() + 1, "{file}@{at}");
        }
    }
    assert!(held_cuts >= 20, "only {held_cuts} cuts fell inside a statement");
}

/// The review the page runs after installing `imported` (the import of `text`) over `old`: the
/// reconciled, placed model without the canvas, with the text's row estimates.
fn page_review(old: &Schema, imported: &Schema, text: &str, config: &AnalysisConfig) -> Vec<Finding> {
    let mut schema = reconcile(old, imported.clone());
    erdsmith::layout::place_unplaced(&mut schema);
    let model = model_of(&schema);
    let mut config = config.clone();
    config.row_estimates = analysis::partitioning::row_estimates(text, &model);
    analysis::check(&model, &config)
}

/// The worker's review, a rule per step, through its reply's wire bytes.
fn worker_review(imported: &Schema, text: &str, config: &AnalysisConfig, what: &str) -> Vec<Finding> {
    let mut job = ReviewJob::new(imported.clone(), text, config);
    while !job.step_for(0.0, || 0.0) {}
    let reply = JobReply::Findings { generation: 3, findings: job.finish(), busy_ms: 1.5 };
    match JobReply::from_wire(&reply.to_wire()).unwrap_or_else(|e| panic!("{what}: {e}")) {
        JobReply::Findings { generation: 3, findings, busy_ms: 1.5 } => findings,
        other => panic!("{what}: {other:?}"),
    }
}

/// The import worker reviews an import while the page installs it, when the page's model was
/// blank (`JobRequest::Import::review`); the page then shows those findings instead of its own.
/// They are what the page's review would find, on every corpus schema, under default and other
/// rule settings, from every kind of blank page; and a page that is not blank is one the
/// worker's review would get wrong (so `starts_blank` is what guards it).
#[test]
fn the_workers_review_of_a_blank_page_is_the_pages_review() {
    let mut blanks = vec![Schema::default()];
    let mut noted = Schema { dialect: erdsmith::schema::Dialect::Mysql, namespaces: vec!["app".into()], next_id: 1, ..Schema::default() };
    noted.notes.push(erdsmith::schema::Note { id: erdsmith::schema::NoteId(0), text: "a sticky note".into(), position: Default::default() });
    blanks.push(noted);
    for old in &blanks {
        assert!(starts_blank(old), "{old:?} is blank");
    }
    let mut strict = AnalysisConfig { disabled: vec!["missing-primary-key".into()], ..AnalysisConfig::default() };
    strict.severities.insert("unindexed-foreign-key".into(), erdsmith::diagnostic::Severity::Error);
    strict.ignores.push(analysis::Ignore { table: "user*".into(), rules: vec![], reason: String::new() });
    let mut not_blank = 0;
    let mut compared = 0;
    for (i, path) in corpus_files().iter().enumerate() {
        let text = read(path);
        let what = path.display().to_string();
        let imported = ImportJob::run(text.clone(), &ImportOptions::default()).result.schema;
        let config = if i % 2 == 0 { AnalysisConfig::default() } else { strict.clone() };
        let worker = worker_review(&imported, &text, &config, &what);
        for old in &blanks {
            let page = page_review(old, &imported, &text, &config);
            assert!(page == worker, "{what}: the worker found {} findings, the page {}", worker.len(), page.len());
            compared += page.len();
        }
        // Ids handed out from elsewhere: the same findings would point at other objects.
        let used = Schema { next_id: 40, ..Schema::default() };
        assert!(!starts_blank(&used));
        if !worker.is_empty() && page_review(&used, &imported, &text, &config) != worker {
            not_blank += 1;
        }
    }
    assert!(compared > 1000, "{compared} findings compared");
    assert!(not_blank > 20, "a page that is not blank differs on {not_blank} schemas only");
    // The row estimates come from the text as written, on both sides.
    let text = "CREATE TABLE tenants (id bigint PRIMARY KEY);\n-- erdsmith:rows 2e8\nCREATE TABLE events (id bigint PRIMARY KEY, tenant_id bigint NOT NULL REFERENCES tenants, created_at timestamptz NOT NULL);\n";
    let imported = ImportJob::run(text.into(), &ImportOptions::default()).result.schema;
    let worker = worker_review(&imported, text, &AnalysisConfig::default(), "rows");
    assert!(worker.iter().any(|f| f.rule.contains("partition")), "{worker:#?}");
    assert!(worker == page_review(&Schema::default(), &imported, text, &AnalysisConfig::default()));
    // A finding whose rule this build does not know is refused, not read as another.
    let f = worker.first().cloned().expect("a finding");
    let wire = String::from_utf8(JobReply::Findings { generation: 1, findings: vec![f.clone()], busy_ms: 0.0 }.to_wire()).expect("utf-8");
    let renamed = wire.replace(&format!("\"rule\":\"{}\"", f.rule), "\"rule\":\"no-such-rule\"");
    assert_ne!(renamed, wire);
    assert!(JobReply::from_wire(renamed.as_bytes()).is_err());
}

/// `text` with one edit near byte `near` such as a person makes while typing: a few characters
/// inserted, deleted or replaced, among them the ones that change where statements end.
fn typed_edit(rng: &mut Rng, text: &str, near: usize) -> (String, usize) {
    const INSERTS: &[&str] = &[
        "x", "_", "1", " ", "\n", "\n\n", ";", "(", ")", ",", "'", "\"", "`", "--", "/*", "*/", "$$", "\nGO\n", "\n/\n", "\\.\n",
        "\nDELIMITER //\n", " INT", " NOT NULL", ",\n  extra_col integer", "CREATE TABLE t_new (id int);\n", "BEGIN ", " END;",
    ];
    let mut at = if rng.chance(0.5) { near } else { (near + rng.below(41)).saturating_sub(20) }.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let mut end = (at + rng.below(6)).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let insert = match rng.below(3) {
        0 => "",
        _ => *rng.pick(INSERTS),
    };
    let end = if insert.is_empty() || rng.chance(0.3) { end } else { at };
    (format!("{}{}{}", &text[..at], insert, &text[end..]), at)
}

#[test]
fn an_import_going_on_from_a_point_is_the_whole_import() {
    // A person typing: bursts of edits at one place, then somewhere else; every import goes on
    // from what the one before left, and must give what a whole import of the text gives.
    let mut rng = Rng::new(0x1a57);
    let options = ImportOptions::default();
    let (mut edits, mut resumed, mut read_saved) = (0usize, 0usize, 0usize);
    for path in corpus_files() {
        let mut text = read(&path);
        let (_, mut reuse) = ImportJob::new(text.clone(), &options).finish_keeping();
        for burst in 0..4 {
            // Half the bursts start right after where a statement ends (where a point is left:
            // an edit there may change how the statement before it ends).
            let ends: Vec<usize> = ["GO", ";", "\n/", "$$", "END"].iter().flat_map(|e| text.match_indices(e).map(|(i, m)| i + m.len())).collect();
            let mut near = if burst % 2 == 1 && !ends.is_empty() { *rng.pick(&ends) } else { rng.below(text.len() + 1) };
            for _ in 0..4 {
                let (next, at) = typed_edit(&mut rng, &text, near);
                near = at;
                text = next;
                let mut job = ImportJob::reusing(text.clone(), &options, Some(reuse));
                // In slices of a few statements, as the worker runs it.
                while !job.step(*rng.pick(&[1, 3, 25])) {}
                // (It may go on from after the edit when the edit is inside a statement held
                // back, blanked out before and after: the whole import below is the judge.)
                if let Some(from) = job.resumed_at() {
                    resumed += 1;
                    read_saved += from;
                }
                let (incremental, left) = job.finish_keeping();
                let whole = ImportJob::new(text.clone(), &options).finish();
                assert!(incremental == whole, "{}: the import going on from a point differs from the whole import after an edit at byte {at}", path.display());
                reuse = left;
                edits += 1;
            }
        }
    }
    // Not a test of nothing: most edits in the SQL files went on from a point.
    assert!(resumed * 2 > edits, "only {resumed} of {edits} imports went on from a point");
    assert!(read_saved > 1 << 20, "the points skipped only {read_saved} bytes in all");
}

#[test]
fn typing_into_a_big_text_reads_only_from_the_statement_before_the_edit() {
    let schema = erdsmith::layout::synthetic::schema(1000, 0x5eed);
    let text = erdsmith::export::sql::render(&schema, Dialect::Postgres).text;
    let options = ImportOptions::default();
    let mut rng = Rng::new(7);
    let (_, mut reuse) = ImportJob::new(text.clone(), &options).finish_keeping();
    // Inside a column name, at the places a person types in turn.
    let mut text = text;
    for _ in 0..12 {
        let at = text.match_indices("\n  ").nth(rng.below(2000)).map(|(i, _)| i + 3).expect("column lines");
        for key in ["x", "y"] {
            text.insert_str(at, key);
            let job = ImportJob::reusing(text.clone(), &options, Some(reuse));
            let (incremental, left) = {
                let from = job.resumed_at();
                let done = job.finish_keeping();
                if key == "y" {
                    // The second key goes on from the point the first one left: the statement
                    // before the edit.
                    let from = from.expect("the second key goes on from a point");
                    assert!(from <= at && at - from < 4096, "went on from byte {from} for an edit at {at}");
                }
                done
            };
            assert!(incremental == ImportJob::new(text.clone(), &options).finish(), "edit at {at}");
            reuse = left;
        }
    }
}

/// The worker's side of a session of imports: what the last import left, and the tables of the
/// last import whose replies were all sent (its base for the page).
#[derive(Default)]
struct Worker {
    reuse: Option<erdsmith::sync::Reuse>,
    sent: Option<(u64, Vec<erdsmith::schema::Table>)>,
}

impl Worker {
    /// The replies to an import request, as the worker writes them.
    fn import(&mut self, generation: u64, text: &str, base: Option<u64>) -> Vec<Vec<u8>> {
        let options = ImportOptions::default();
        let moved = self.reuse.as_ref().map(|r| span_shift(r.text(), text)).unwrap_or_default();
        let (imported, reuse) = ImportJob::reusing(text.to_string(), &options, self.reuse.take()).finish_keeping();
        self.reuse = Some(reuse);
        let sent = self.sent.take().filter(|(g, _)| base == Some(*g));
        let replies = match &sent {
            Some((g, tables)) => JobReply::finished_against(generation, imported, 0.0, 0.0, (*g, tables), moved),
            None => JobReply::finished(generation, imported, 0.0, 0.0),
        };
        let wire = replies.iter().map(JobReply::to_wire).collect();
        let mut next = Vec::new();
        for reply in replies {
            if let JobReply::Tables { tables, .. } | JobReply::Kept { tables, .. } = reply {
                next.extend(tables);
            }
        }
        self.sent = Some((generation, next));
        wire
    }
}

/// The page reads `replies` (their wire bytes) into `assembly`; the import, or `None` when a
/// `Kept` reply named tables the page does not hold.
fn page_reads(assembly: &mut Assembly, replies: &[Vec<u8>]) -> Option<Imported> {
    for bytes in replies {
        match JobReply::from_wire(bytes).expect("a reply reads back") {
            JobReply::Tables { generation, tables } => assembly.add(generation, tables),
            JobReply::Kept { generation, base, from, count, moved, tables } => {
                assert!(tables.is_empty(), "the worker's copy of kept tables is never sent");
                if !assembly.keep(generation, base, from, count, moved) {
                    return None;
                }
            }
            JobReply::Done { generation, imported, .. } => return Some(assembly.complete(generation, *imported)),
            other => panic!("unexpected reply {other:?}"),
        }
    }
    None
}

#[test]
fn a_page_holding_the_import_before_is_sent_only_what_changed_and_installs_the_whole_import() {
    // Typing bursts into every corpus file and a 1,000-table text; now and then the page drops
    // an import half-read (a newer text came). What the page puts together is always the whole
    // import of the text, byte for byte, and the worker never names tables the page lacks.
    let mut rng = Rng::new(0xba5e);
    let options = ImportOptions::default();
    let mut texts: Vec<(String, String)> = corpus_files().iter().map(|p| (p.display().to_string(), read(p))).collect();
    let big = erdsmith::export::sql::render(&erdsmith::layout::synthetic::schema(1000, 0x5eed), Dialect::Postgres).text;
    texts.push(("1,000 synthetic tables".into(), big));
    let (mut kept_replies, mut dropped) = (0usize, 0usize);
    for (name, mut text) in texts {
        let synthetic = name.starts_with("1,000");
        let (mut worker, mut page, mut generation) = (Worker::default(), Assembly::default(), 1u64);
        let whole_bytes: usize = worker.import(generation, &text, page.base()).iter().map(Vec::len).sum();
        let first = worker.sent.as_ref().map(|(_, t)| t.len());
        // The first import crosses whole.
        let replies = JobReply::finished(generation, ImportJob::new(text.clone(), &options).finish(), 0.0, 0.0).iter().map(JobReply::to_wire).collect::<Vec<_>>();
        let got = page_reads(&mut page, &replies).expect("the first import is read");
        assert!(got.result.schema.tables.len() == first.unwrap_or(0), "{name}");
        for burst in 0..3 {
            let mut near = rng.below(text.len() + 1);
            for key in 0..4 {
                let (next, at) = typed_edit(&mut rng, &text, near);
                near = at;
                text = next;
                generation += 1;
                let replies = worker.import(generation, &text, page.base());
                let bytes: usize = replies.iter().map(Vec::len).sum();
                kept_replies += replies.iter().filter(|r| matches!(JobReply::from_wire(r), Ok(JobReply::Kept { .. }))).count();
                if burst == 1 && key == 1 && replies.len() > 2 {
                    // A newer text comes while the page reads this one: it reads half and drops it.
                    let half = replies.len() / 2;
                    let before = page.base();
                    let first = replies.get(..half).unwrap_or_default();
                    let _ = page_reads(&mut page, first);
                    // A base that a dropped read took tables from is named no more; one it did
                    // not take from still is.
                    let took = first.iter().any(|r| matches!(JobReply::from_wire(r), Ok(JobReply::Kept { .. })));
                    assert_eq!(page.base(), if took { None } else { before }, "{name}");
                    dropped += 1;
                    continue;
                }
                let got = page_reads(&mut page, &replies).unwrap_or_else(|| panic!("{name}: the page lacked tables the worker kept (edit at {at})"));
                let whole = ImportJob::new(text.clone(), &options).finish();
                assert!(got == whole, "{name}: the page put together another import than the whole one (edit at {at})");
                assert!(bytes <= whole_bytes * 2, "{name}");
            }
        }
        if synthetic {
            // Typing into a column name or adding empty lines (the lines of every later table
            // move) in one table of 1,000 sends that table, not the schema.
            for key in ["x", "\n", "y", "\n\n", "z"] {
                let at = text.match_indices("\n  ").nth(rng.below(2000)).map(|(i, _)| i + 3).expect("column lines");
                let at = if key.starts_with('\n') { at - 3 } else { at };
                text.insert_str(at, key);
                generation += 1;
                let replies = worker.import(generation, &text, page.base());
                let bytes: usize = replies.iter().map(Vec::len).sum();
                let got = page_reads(&mut page, &replies).expect("read");
                assert!(got == ImportJob::new(text.clone(), &options).finish(), "{name}: {key:?} at {at}");
                assert!(bytes * 50 < whole_bytes, "{name}: {bytes} of {whole_bytes} bytes sent for {key:?} at {at}");
            }
        }
    }
    assert!(kept_replies > 200, "only {kept_replies} kept runs in all");
    assert!(dropped > 20, "{dropped}");
}
