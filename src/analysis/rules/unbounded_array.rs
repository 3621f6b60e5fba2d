#![doc = include_str!("unbounded_array.md")]

use super::{Ctx, Rule};
use crate::analysis::walk::finding;
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;
use crate::schema::{SourceFormat};

const DOC: &str = include_str!("unbounded_array.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "unbounded-array",
        severity: Severity::Warning,
        summary: "Document array field without maxItems",
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
        for c in &t.columns {
            if c.data_type.raw.starts_with("array") && !c.extra.iter().any(|x| x.starts_with("maxItems")) {
                let mut f = finding(&RULE.info, t, format!("`{}.{}` is an array without maxItems", t.name, c.name), "bound it with maxItems, or move its elements into a collection of their own");
                f.columns = vec![c.id];
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
    fn flags_arrays_without_max_items() {
        let s = nosql(SourceFormat::Mongodb, "db.createCollection('p', {validator: {$jsonSchema: {properties: {a: {bsonType: 'array'}, b: {bsonType: 'array', maxItems: 5}, c: {bsonType: 'string'}}}}})");
        assert_eq!(messages(&RULE, &s), ["`p.a` is an array without maxItems"]);
        assert!(messages(&RULE, &nosql(SourceFormat::Cql, "CREATE TABLE t (a int PRIMARY KEY, b list<int>);")).is_empty());
    }
}
