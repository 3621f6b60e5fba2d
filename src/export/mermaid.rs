//! Mermaid `erDiagram` export.

use crate::schema::Schema;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MermaidOptions {
    /// Only key columns (PK, FK, unique) as attributes.
    pub keys_only: bool,
}

pub fn render(_schema: &Schema, _options: &MermaidOptions) -> String {
    "erDiagram\n".to_string()
}
