//! Shared helpers for the integration tests.

use std::path::PathBuf;

/// `../shared/corpus` beside the repository (set ERDSMITH_CORPUS to override).
pub fn corpus_dir() -> PathBuf {
    match std::env::var_os("ERDSMITH_CORPUS") {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
    }
}

/// The text of one corpus file (dumps are not all UTF-8: decoded lossily, as the CLI does).
#[allow(dead_code)]
pub fn corpus(file: &str) -> String {
    let path = corpus_dir().join(file);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    String::from_utf8_lossy(&bytes).into_owned()
}
