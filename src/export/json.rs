//! The CLI's `import` JSON: a stable, name-based shape (not the project file).

use crate::schema::Schema;

pub fn render(schema: &Schema) -> String {
    serde_json::to_string_pretty(schema).unwrap_or_default()
}
