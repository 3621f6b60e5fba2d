//! One rule per file, named for what it flags; `RULES` is the one registry.
//!
//! Each rule module starts with its documentation (What it does / Why is this bad / Example /
//! Fix); the same text is the rule's `DOC` const, so the catalogue can show it at runtime. A
//! test keeps the two in sync.

mod char_field;
mod circular_foreign_keys;
mod declared_dependency_violation;
mod duplicate_index;
mod entity_attribute_value;
mod fk_references_non_unique;
mod fk_type_mismatch;
mod float_for_money;
mod inconsistent_naming;
mod low_selectivity_index;
mod missing_primary_key;
mod multi_valued_column;
mod nullable_fk_in_identifying_relationship;
mod nullable_unique_columns;
mod orphan_table;
mod partial_dependency;
mod pii_column;
mod plaintext_secret;
mod polymorphic_association;
mod redundant_index;
mod repeating_group;
mod reserved_word_identifier;
mod serial_instead_of_identity;
mod table_without_index;
mod tenant_key_missing;
mod text_primary_key;
mod timestamp_without_time_zone;
mod too_many_columns;
mod too_many_indexes;
mod transitive_dependency;
mod unindexed_foreign_key;
mod unique_index_duplicates_primary_key;
mod varchar_without_length;
mod wide_index;

use super::walk::IdSource;
use super::{AnalysisConfig, Finding, RuleInfo};
use crate::schema::Schema;

/// What a rule sees: the schema, the settings and where fix ids come from.
pub struct Ctx<'a> {
    pub schema: &'a Schema,
    pub config: &'a AnalysisConfig,
    pub ids: &'a IdSource,
}

pub struct Rule {
    pub info: RuleInfo,
    pub check: fn(&Ctx, &mut Vec<Finding>),
}

/// The catalogue, grouped: keys and relationships, indexes, types and naming, normalization,
/// security.
pub static RULES: &[Rule] = &[
    missing_primary_key::RULE,
    fk_type_mismatch::RULE,
    fk_references_non_unique::RULE,
    nullable_fk_in_identifying_relationship::RULE,
    circular_foreign_keys::RULE,
    orphan_table::RULE,
    polymorphic_association::RULE,
    entity_attribute_value::RULE,
    unindexed_foreign_key::RULE,
    duplicate_index::RULE,
    redundant_index::RULE,
    unique_index_duplicates_primary_key::RULE,
    too_many_indexes::RULE,
    low_selectivity_index::RULE,
    wide_index::RULE,
    nullable_unique_columns::RULE,
    table_without_index::RULE,
    float_for_money::RULE,
    timestamp_without_time_zone::RULE,
    serial_instead_of_identity::RULE,
    varchar_without_length::RULE,
    char_field::RULE,
    text_primary_key::RULE,
    reserved_word_identifier::RULE,
    inconsistent_naming::RULE,
    too_many_columns::RULE,
    repeating_group::RULE,
    multi_valued_column::RULE,
    partial_dependency::RULE,
    transitive_dependency::RULE,
    declared_dependency_violation::RULE,
    plaintext_secret::RULE,
    pii_column::RULE,
    tenant_key_missing::RULE,
];

/// Looks a rule up by id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.info.id == id)
}

#[cfg(test)]
mod tests {
    use super::RULES;

    #[test]
    fn ids_are_unique_kebab_case() {
        let mut ids: Vec<_> = RULES.iter().map(|r| r.info.id).collect();
        for id in &ids {
            assert!(
                id.chars().all(|c| c.is_ascii_lowercase() || c == '-') && !id.starts_with('-') && !id.ends_with('-'),
                "{id} is not kebab-case"
            );
        }
        ids.sort();
        let before = ids.len();
        ids.dedup();
        assert_eq!(before, ids.len(), "duplicate rule ids");
    }

    #[test]
    fn every_rule_has_a_file_named_for_it_whose_doc_is_the_runtime_doc() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/analysis/rules");
        for r in RULES {
            let path = dir.join(format!("{}.rs", r.info.id.replace('-', "_")));
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let module_doc: String = text
                .lines()
                .take_while(|l| l.starts_with("//!"))
                .map(|l| format!("{}\n", l.strip_prefix("//! ").unwrap_or(l.strip_prefix("//!").unwrap_or(l))))
                .collect();
            assert_eq!(module_doc.trim_end(), r.info.doc.trim_end(), "{}: module doc and DOC differ", r.info.id);
            for section in ["## What it does", "## Why is this bad?", "## Example", "## Fix"] {
                assert!(r.info.doc.contains(section), "{} doc lacks {section}", r.info.id);
            }
            assert!(text.contains("#[cfg(test)]"), "{} has no tests beside it", r.info.id);
            assert!(!r.info.summary.is_empty());
        }
    }
}
