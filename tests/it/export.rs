//! Integration tests for `export` and `diff`: schemas are written in [`erdsmith::testkit`]'s notation,
//! so these tests do not depend on the importer.

pub(crate) mod mermaid;
mod json;
mod sql;
mod migration;
mod renames;
mod svg;
mod docs;
mod docs_folder;
mod tools;
mod plantuml;
mod dot;
mod d2;
mod opskit;
