//! erdsmith: paste DDL, get an ER diagram, a design review and exports.
//!
//! Modules in reading order: the model first, then what builds it, what changes it, what is
//! derived from it; the browser UI last (wasm32 only).

// The core does not panic (Cargo.toml [lints] denies unwrap, expect, panic! and indexing);
// unit tests may: a panic is how they fail.
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing))]

pub mod diagnostic;
pub mod rng;
pub mod schema;
pub mod import;
pub mod edit;
pub mod sync;
pub mod project;
pub mod share;
pub mod analysis;
pub mod layout;
pub mod canvas;
pub mod diff;
pub mod export;
pub mod xml;
#[doc(hidden)]
pub mod testkit;

#[cfg(target_arch = "wasm32")]
pub mod ui;

/// Reads JSON from UTF-8 bytes through `serde_json::from_str`, the one JSON reader the crate
/// uses: `from_slice` reads through another type, and every `Deserialize` of the model is then
/// compiled once per reader (the web build carried both). clippy.toml disallows `from_slice`
/// and `from_reader`.
pub(crate) fn json_from_utf8<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8: {e}"))?;
    serde_json::from_str(text).map_err(|e| e.to_string())
}
