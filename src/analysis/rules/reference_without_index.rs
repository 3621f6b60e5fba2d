#![doc = include_str!("reference_without_index.md")]

use super::{Ctx, Rule};
use crate::analysis::walk::finding;
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;
use crate::schema::{IndexPart, SourceFormat};

const DOC: &str = include_str!("reference_without_index.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "reference-without-index",
        severity: Severity::Warning,
        summary: "Document reference field without an index",
        category: Category::Nosql,
        fix: FixSafety::None,
        doc: DOC,
    },
    check,
};

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    if cx.schema.source != SourceFormat::Mongodb {
        return;
    }
    for t in &cx.schema.tables {
        for fk in t.foreign_keys.iter().filter(|f| f.options.as_deref() == Some("INFERRED")) {
            let Some(&col) = fk.columns.first() else { continue };
            let led = t.indexes.iter().any(|ix| ix.keys.first().is_some_and(|k| k.part == IndexPart::Column(col)));
            if !led {
                let name = t.column(col).map_or("?", |c| c.name.as_str());
                let target = cx.schema.table(fk.ref_table).map_or("?", |r| r.name.as_str());
                let mut f = finding(&RULE.info, t, format!("`{}.{name}` refers to `{target}` but no index starts with it", t.name), format!("db.{}.createIndex({{ {name}: 1 }})", t.name));
                f.columns = vec![col];
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
    fn flags_references_without_a_leading_index() {
        let base = "db.createCollection('users', {validator: {$jsonSchema: {properties: {_id: {bsonType: 'objectId'}}}}})\ndb.createCollection('posts', {validator: {$jsonSchema: {properties: {userId: {bsonType: 'objectId'}, at: {bsonType: 'date'}}}}})\n";
        assert_eq!(messages(&RULE, &nosql(SourceFormat::Mongodb, base)), ["`posts.userId` refers to `users` but no index starts with it"]);
        let indexed = format!("{base}db.posts.createIndex({{userId: 1, at: -1}})\n");
        assert!(messages(&RULE, &nosql(SourceFormat::Mongodb, &indexed)).is_empty());
        let second = format!("{base}db.posts.createIndex({{at: 1, userId: 1}})\n");
        assert_eq!(messages(&RULE, &nosql(SourceFormat::Mongodb, &second)).len(), 1);
    }
}
