#![doc = include_str!("deep_document_nesting.md")]

use super::{Ctx, Rule};
use crate::analysis::walk::finding;
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;
use crate::schema::{SourceFormat};

const DOC: &str = include_str!("deep_document_nesting.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "deep-document-nesting",
        severity: Severity::Warning,
        summary: "Embedded documents nested more than three levels deep",
        category: Category::Nosql,
        fix: FixSafety::None,
        doc: DOC,
    },
    check,
};

/// Levels of embedding below the collection that are still fine.
const MAX_LEVELS: usize = 3;

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    if cx.schema.source != SourceFormat::Mongodb {
        return;
    }
    for t in cx.schema.tables.iter().filter(|t| t.text.head.as_deref().is_some_and(|h| h.starts_with("EMBEDDED IN"))) {
        let levels = t.name.matches('.').count();
        if levels > MAX_LEVELS {
            out.push(finding(&RULE.info, t, format!("`{}` is embedded {levels} levels deep (more than {MAX_LEVELS})", t.name), "flatten it, or move it into a collection of its own"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::testkit::{messages, nosql};
    use crate::schema::SourceFormat;

    #[test]
    fn flags_deep_embedding_only() {
        let doc = |n: usize| (0..n).fold("{bsonType: 'string'}".to_string(), |inner, _| format!("{{bsonType: 'object', properties: {{x: {inner}}}}}"));
        let s = nosql(SourceFormat::Mongodb, &format!("db.createCollection('c', {{validator: {{$jsonSchema: {}}}}})", doc(5)));
        assert_eq!(messages(&RULE, &s), ["`c.x.x.x.x` is embedded 4 levels deep (more than 3)"]);
        let s = nosql(SourceFormat::Mongodb, &format!("db.createCollection('c', {{validator: {{$jsonSchema: {}}}}})", doc(4)));
        assert!(messages(&RULE, &s).is_empty());
    }
}
