#![doc = include_str!("low_cardinality_partition_key.md")]

use super::{Ctx, Rule};
use crate::analysis::walk::finding;
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;
use crate::schema::{Column, IndexPart, SourceFormat};

const DOC: &str = include_str!("low_cardinality_partition_key.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "low-cardinality-partition-key",
        severity: Severity::Warning,
        summary: "DynamoDB partition key with few distinct values",
        category: Category::Nosql,
        fix: FixSafety::None,
        doc: DOC,
    },
    check,
};

const LOW: [&str; 12] = ["status", "state", "type", "kind", "category", "country", "gender", "flag", "enabled", "active", "date", "day"];

fn low(c: &Column) -> bool {
    let n = c.name.to_ascii_lowercase();
    c.data_type.raw == "BOOL" || LOW.iter().any(|w| n == *w || n.ends_with(&format!("_{w}")) || n.starts_with("is_") || n.starts_with("is") && n.len() > 2 && c.name.as_bytes().get(2).is_some_and(u8::is_ascii_uppercase))
}

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    if cx.schema.source != SourceFormat::Dynamodb {
        return;
    }
    for t in &cx.schema.tables {
        let table_key = t.primary_key.as_ref().and_then(|k| k.columns.first()).map(|c| ("table", *c, None));
        let gsi_keys = t.indexes.iter().filter_map(|ix| match ix.keys.first().map(|k| &k.part) {
            Some(IndexPart::Column(c)) => Some(("GSI", *c, Some(ix))),
            _ => None,
        });
        for (what, col, ix) in table_key.into_iter().chain(gsi_keys) {
            let Some(c) = t.column(col) else { continue };
            if low(c) {
                let place = match ix {
                    Some(ix) => format!("{what} `{}` of `{}`", ix.name.as_deref().unwrap_or("?"), t.name),
                    None => format!("`{}`", t.name),
                };
                let mut f = finding(&RULE.info, t, format!("{place} is partitioned by `{}`, which has few distinct values: a hot partition", c.name), "key by a high-cardinality attribute or shard this one with a suffix");
                f.columns = vec![c.id];
                f.index = ix.map(|i| i.id);
                out.push(f);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::testkit::{messages, nosql};
    use crate::schema::SourceFormat;

    #[test]
    fn flags_status_like_partition_keys() {
        let s = nosql(SourceFormat::Dynamodb, r#"{"TableName": "orders", "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}, {"AttributeName": "status", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
            "GlobalSecondaryIndexes": [{"IndexName": "byStatus", "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}, {"AttributeName": "id", "KeyType": "RANGE"}], "Projection": {"ProjectionType": "KEYS_ONLY"}}]}"#);
        assert_eq!(messages(&RULE, &s), ["GSI `byStatus` of `orders` is partitioned by `status`, which has few distinct values: a hot partition"]);
    }
}
