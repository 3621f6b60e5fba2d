//! What a relational export cannot carry of a document, wide-column or key-value schema: one
//! warning per table (and per materialized view or facet) naming it, so a conversion across
//! paradigms never looks lossless.

use crate::schema::{Schema, SourceFormat, Table};

fn roles<'a>(t: &'a Table, role: &str) -> Vec<&'a str> {
    t.columns.iter().filter(|c| c.extra.iter().any(|x| x.starts_with(role))).map(|c| c.name.as_str()).collect()
}

pub(super) fn warnings(schema: &Schema) -> Vec<String> {
    let mut out = Vec::new();
    let label = schema.source.label();
    out.push(format!("a {label} schema exported as SQL: a different paradigm; what follows is not carried"));
    for t in &schema.tables {
        let name = t.qualified_name();
        match schema.source {
            SourceFormat::Cql => {
                let part = roles(t, "PARTITION KEY");
                let clus: Vec<String> = t.columns.iter().filter_map(|c| c.extra.iter().find(|x| x.starts_with("CLUSTERING KEY")).map(|x| format!("{} {}", c.name, x.trim_start_matches("CLUSTERING KEY ")))).collect();
                if !part.is_empty() {
                    out.push(format!("{name}: partition key ({}) and clustering order ({}) become one primary key; data distribution and on-disk order are not carried", part.join(", "), clus.join(", ")));
                }
                let stat = roles(t, "STATIC");
                if !stat.is_empty() {
                    out.push(format!("{name}: static column(s) {} (one value per partition) become ordinary columns", stat.join(", ")));
                }
                let coll: Vec<&str> = t.columns.iter().filter(|c| ["list<", "set<", "map<", "frozen<", "vector<", "tuple<"].iter().any(|p| c.data_type.raw.to_ascii_lowercase().starts_with(p))).map(|c| c.name.as_str()).collect();
                if !coll.is_empty() {
                    out.push(format!("{name}: collection, UDT or vector column(s) {} have no relational equivalent", coll.join(", ")));
                }
                if t.columns.iter().any(|c| c.data_type.raw.eq_ignore_ascii_case("counter")) {
                    out.push(format!("{name}: counter columns become integers (no increment-only semantics)"));
                }
                let custom: Vec<String> = t.indexes.iter().filter_map(|i| i.method.as_ref().map(|m| format!("{} ({m})", i.name.as_deref().unwrap_or("unnamed")))).collect();
                if !custom.is_empty() {
                    out.push(format!("{name}: index class(es) not carried: {}", custom.join(", ")));
                }
            }
            SourceFormat::Mongodb => {
                if let Some(head) = &t.text.head {
                    out.push(format!("{name}: an embedded document ({}) becomes a table of its own; its link to the parent is not a foreign key and is left out", head.trim_start_matches("EMBEDDED IN ")));
                }
                let inferred = t.foreign_keys.iter().filter(|f| f.options.as_deref() == Some("INFERRED")).count();
                if inferred > 0 {
                    out.push(format!("{name}: {inferred} reference(s) inferred by naming convention become foreign keys MongoDB never enforced"));
                }
                let arrays: Vec<&str> = t.columns.iter().filter(|c| c.data_type.raw.starts_with("array")).map(|c| c.name.as_str()).collect();
                if !arrays.is_empty() {
                    out.push(format!("{name}: array field(s) {} have no relational equivalent", arrays.join(", ")));
                }
            }
            SourceFormat::Dynamodb => {
                let part = roles(t, "PARTITION KEY");
                let sort = roles(t, "SORT KEY");
                if !part.is_empty() {
                    out.push(format!("{name}: the key schema (partition {}{}) becomes a primary key; items' other attributes are schemaless and not exported", part.join(", "), if sort.is_empty() { String::new() } else { format!(", sort {}", sort.join(", ")) }));
                }
                for ix in &t.indexes {
                    out.push(format!(
                        "{name}: {} {} becomes a plain index; its projection and throughput ({}) are not carried",
                        ix.method.as_deref().unwrap_or("index"),
                        ix.name.as_deref().unwrap_or("unnamed"),
                        ix.options.as_deref().unwrap_or("")
                    ));
                }
            }
            _ => {}
        }
    }
    for v in &schema.views {
        out.push(format!("{}: a {} is not carried", v.qualified_name(), if schema.source == SourceFormat::Cql { "materialized view" } else { "view or facet" }));
    }
    out
}
