//! Functional dependencies: closures, keys, normal forms, decompositions, discovery from data.
//!
//! Public API: `normalize_report` (the CLI `normalize`), `view::normalization_view` and
//! `view::proposal_edits` (the inspector's Normalization section).
//!
//! Attribute sets are `u128` bitsets over a table's column positions, so a relation has at most
//! 128 columns here (discovery from data at most 30).

pub mod core;
pub mod decompose;
pub mod discover;
mod report;
pub mod view;

pub use self::core::{Analysis, Attrs, Fd, NormalForm, analyze, closure, minimal_cover, parse_fd};
pub use decompose::{Decomposition, Relation, chase, decompose_bcnf, synthesize_3nf};
pub use report::{
    Sample, TableFds, decomposition_edits, decomposition_edits_with, discover_for_table, normalize_report, table_fds,
};

#[cfg(test)]
mod tests;
