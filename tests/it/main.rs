//! The one native integration test binary; each area is a module.

// A panic is how a test, bench or fuzz run fails: the core's lints (Cargo.toml [lints]) do not apply here.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::disallowed_methods)]

mod support;

mod analysis;
mod canvas;
mod corpus_columns;
mod diff_marks;
mod cli;
mod cli_review;
mod edit;
mod export;
mod findings_panel;
mod formats;
mod forms;
mod import;
mod job;
mod layout;
mod lod;
mod normalize;
mod nosql;
mod nosql_workload;
mod roundtrip;
mod scale;
mod share;
mod sync;
mod tidy;
