#![doc = include_str!("entity_attribute_value.md")]

use super::{Ctx, Rule};
use crate::analysis::walk::finding;
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;

const DOC: &str = include_str!("entity_attribute_value.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "entity-attribute-value",
        severity: Severity::Warning,
        summary: "Entity-attribute-value table",
        category: Category::Keys,
        fix: FixSafety::None,
        doc: DOC,
    },
    check,
};

const ATTRIBUTE: &[&str] = &[
    "attribute", "attribute_name", "attr", "attr_name", "property", "property_name", "field", "field_name",
    "meta_key", "key", "name", "attribute_id", "property_id", "field_id",
];
const VALUE: &[&str] = &[
    "value", "val", "attribute_value", "attr_value", "property_value", "field_value", "meta_value", "value_text",
    "string_value", "text_value",
];

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for t in &cx.schema.tables {
        let named = |list: &[&str]| t.columns.iter().find(|c| list.iter().any(|n| c.name.eq_ignore_ascii_case(n)));
        let (Some(attr), Some(value)) = (named(ATTRIBUTE), named(VALUE)) else { continue };
        let entity = t.columns.iter().find(|c| {
            let n = c.name.to_ascii_lowercase();
            c.id != attr.id && n != "id" && !t.is_pk_column(c.id) && (n.ends_with("_id") || t.is_fk_column(c.id))
        });
        let Some(entity) = entity else { continue };
        let mut f = finding(
            &RULE.info,
            t,
            format!(
                "`{}` stores attributes as rows (`{}`, `{}`, `{}`): an entity-attribute-value design",
                t.name, entity.name, attr.name, value.name
            ),
            "promote common attributes to typed columns; keep dynamic ones in a single JSON column",
        );
        f.columns = vec![entity.id, attr.id, value.id];
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::testkit::{clean, fires};
    use crate::schema::Dialect;

    #[test]
    fn flags_eav_tables() {
        fires(&RULE, Dialect::Postgres, "table product_attributes\nproduct_id int\nattribute text\nvalue text", "entity-attribute-value");
        fires(&RULE, Dialect::Mysql, "table wp_postmeta\nmeta_id int | pk\npost_id int\nmeta_key varchar(255)\nmeta_value text", "post_id");
    }

    #[test]
    fn plain_settings_and_entities_are_clean() {
        clean(&RULE, Dialect::Postgres, "table settings\nkey text | pk\nvalue text");
        clean(&RULE, Dialect::Postgres, "table products\nid int | pk\nname text\nprice numeric(12,2)");
    }
}
