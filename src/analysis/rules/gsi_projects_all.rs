#![doc = include_str!("gsi_projects_all.md")]

use super::{Ctx, Rule};
use crate::analysis::walk::finding;
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;
use crate::schema::{SourceFormat};

const DOC: &str = include_str!("gsi_projects_all.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "gsi-projects-all",
        severity: Severity::Info,
        summary: "DynamoDB GSI projecting every attribute",
        category: Category::Nosql,
        fix: FixSafety::None,
        doc: DOC,
    },
    check,
};

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    if cx.schema.source != SourceFormat::Dynamodb {
        return;
    }
    for t in &cx.schema.tables {
        for ix in t.indexes.iter().filter(|ix| ix.method.as_deref() == Some("GSI") && ix.options.as_deref().is_some_and(|o| o.starts_with("PROJECTION ALL"))) {
            let mut f = finding(&RULE.info, t, format!("GSI `{}` of `{}` projects every attribute", ix.name.as_deref().unwrap_or("?"), t.name), "project only what its queries read (INCLUDE or KEYS_ONLY)");
            f.index = Some(ix.id);
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::testkit::{messages, nosql};
    use crate::schema::SourceFormat;

    #[test]
    fn flags_all_projections() {
        let s = nosql(SourceFormat::Dynamodb, r#"{"TableName": "t", "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "g", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "GlobalSecondaryIndexes": [{"IndexName": "all", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}},
              {"IndexName": "keys", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}], "Projection": {"ProjectionType": "KEYS_ONLY"}}]}"#);
        assert_eq!(messages(&RULE, &s), ["GSI `all` of `t` projects every attribute"]);
    }
}
