//! Shared helpers for the integration tests.

use std::path::PathBuf;

/// `../shared/corpus` beside the repository (set ERDSMITH_CORPUS to override).
pub fn corpus_dir() -> PathBuf {
    match std::env::var_os("ERDSMITH_CORPUS") {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
    }
}

/// Every corpus schema: the SQL files and those in the format folders.
#[allow(dead_code)]
pub fn corpus_files() -> Vec<PathBuf> {
    let dir = corpus_dir();
    let mut files = Vec::new();
    for sub in ["", "dbml", "prisma", "rails", "mongodb", "cql", "dynamodb"] {
        let Ok(entries) = std::fs::read_dir(dir.join(sub)) else { continue };
        files.extend(entries.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_file() && !p.ends_with("SOURCES.tsv")));
    }
    files.sort();
    assert!(files.len() >= 60, "{} corpus files in {}", files.len(), dir.display());
    files
}

/// The text of one corpus file (dumps are not all UTF-8: decoded lossily, as the CLI does).
#[allow(dead_code)]
pub fn corpus(file: &str) -> String {
    let path = corpus_dir().join(file);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    String::from_utf8_lossy(&bytes).into_owned()
}

/// `Rng::pick`: the tests' way to choose one of a few values. It lives here, not in the core,
/// because it indexes: an empty slice is the test's bug, and a panic is how a test fails.
pub trait Pick {
    /// One element of a non-empty slice.
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T;
}

impl Pick for erdsmith::rng::Rng {
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// `base` damaged the way a person's half-edited text is: one to five cuts at random places
/// (truncate, insert one of `junk`, or drop up to 200 bytes); decoded lossily.
pub fn mutate(rng: &mut erdsmith::rng::Rng, base: &str, junk: &[&str]) -> String {
    let mut bytes = base.as_bytes().to_vec();
    for _ in 0..rng.range(1, 6) {
        let at = rng.below(bytes.len().max(1));
        match rng.below(3) {
            0 => bytes.truncate(at),
            1 => {
                let j = rng.pick(junk);
                bytes.splice(at..at, j.bytes());
            }
            _ => {
                let end = (at + rng.below(200)).min(bytes.len());
                bytes.drain(at..end);
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}
