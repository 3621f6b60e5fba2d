//! The one native integration test binary; each area is a module.

mod support;

mod analysis;
mod canvas;
mod corpus_columns;
mod diff_marks;
mod cli;
mod cli_review;
mod edit;
mod export;
mod formats;
mod forms;
mod import;
mod layout;
mod normalize;
mod nosql;
mod roundtrip;
mod scale;
mod share;
mod sync;
mod tidy;
