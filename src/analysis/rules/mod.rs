//! One rule per file, named for what it flags; `RULES` is the one registry.
//!
//! Each rule's documentation (What it does / Why is this bad / Example / Fix) is written once,
//! in `<rule>.md` beside its module: the module's doc comment (`#![doc = include_str!(…)]`)
//! and its runtime `RuleInfo::doc` (`include_str!`) are that one file.

mod char_field;
mod circular_foreign_keys;
mod cql_query_needs_filtering;
mod declared_dependency_violation;
mod deep_document_nesting;
mod distribution_breaks_constraint;
mod duplicate_index;
mod dynamodb_access_pattern_scan;
mod entity_attribute_value;
mod fk_references_non_unique;
mod fk_type_mismatch;
mod float_for_money;
mod gsi_projects_all;
mod inconsistent_naming;
mod low_cardinality_partition_key;
mod low_selectivity_index;
mod missing_primary_key;
mod multi_valued_column;
mod nullable_fk_in_identifying_relationship;
mod nullable_unique_columns;
mod orphan_table;
mod partition_large_time_table;
mod partial_dependency;
mod pii_column;
mod plaintext_secret;
mod polymorphic_association;
mod redundant_index;
mod reference_without_index;
mod repeating_group;
mod reserved_word_identifier;
mod serial_instead_of_identity;
mod table_without_index;
mod tenant_key_missing;
mod tenant_key_not_indexed;
mod tenant_table_without_row_security;
mod text_primary_key;
mod timestamp_without_time_zone;
mod too_many_columns;
mod too_many_indexes;
mod too_many_secondary_indexes;
mod transitive_dependency;
mod unbounded_array;
mod unbounded_partition;
mod unindexed_foreign_key;
mod unique_index_duplicates_primary_key;
mod varchar_without_length;
mod wide_index;
mod workload_missing_index;
mod workload_redundant_index;
mod workload_unused_index;

use super::advisor::{self, Advice};
use super::walk::IdSource;
use super::{AnalysisConfig, Finding, RuleInfo};
use crate::schema::Schema;
use std::cell::OnceCell;

/// What a rule sees: the schema, the settings and where fix ids come from.
pub struct Ctx<'a> {
    pub schema: &'a Schema,
    pub config: &'a AnalysisConfig,
    pub ids: &'a IdSource,
    /// The workload advice, computed once for the three workload rules.
    advice: OnceCell<Option<Advice>>,
}

impl<'a> Ctx<'a> {
    pub fn new(schema: &'a Schema, config: &'a AnalysisConfig, ids: &'a IdSource) -> Self {
        Self::resume(schema, config, ids, OnceCell::new())
    }

    /// A context that keeps the workload advice an earlier one computed (`into_advice`): a
    /// review run in steps computes it once.
    pub fn resume(schema: &'a Schema, config: &'a AnalysisConfig, ids: &'a IdSource, advice: OnceCell<Option<Advice>>) -> Self {
        Ctx { schema, config, ids, advice }
    }

    /// The workload advice, if it was computed, for the next step's context.
    pub fn into_advice(self) -> OnceCell<Option<Advice>> {
        self.advice
    }

    /// The index advice for `config.workload` (`None` when there is no workload).
    pub fn advice(&self) -> Option<&Advice> {
        self.advice
            .get_or_init(|| (!self.config.workload.trim().is_empty()).then(|| advisor::advise(self.schema, &self.config.workload)))
            .as_ref()
    }

    /// Appends the workload advice's findings of the rule `rule` (the three `workload-*` rules;
    /// none without a workload).
    pub fn advice_findings(&self, rule: &str, out: &mut Vec<Finding>) {
        out.extend(self.advice().into_iter().flat_map(|a| a.findings_with(self.schema, self.ids)).filter(|f| f.rule == rule));
    }

    /// Appends the workload review's access-pattern findings of the rule `rule` (the NoSQL
    /// rules; none without a workload or on another source).
    pub fn access_findings(&self, rule: &str, out: &mut Vec<Finding>) {
        out.extend(self.advice().into_iter().flat_map(|a| a.access.iter()).filter(|f| f.rule == rule).cloned());
    }
}

pub struct Rule {
    pub info: RuleInfo,
    pub check: fn(&Ctx, &mut Vec<Finding>),
}

/// The catalogue, grouped by [`super::Category`]: keys and relationships, indexes, types and
/// naming, normalization, security, workload, scale, NoSQL designs.
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
    tenant_table_without_row_security::RULE,
    workload_missing_index::RULE,
    workload_unused_index::RULE,
    workload_redundant_index::RULE,
    partition_large_time_table::RULE,
    distribution_breaks_constraint::RULE,
    tenant_key_not_indexed::RULE,
    unbounded_array::RULE,
    deep_document_nesting::RULE,
    reference_without_index::RULE,
    unbounded_partition::RULE,
    too_many_secondary_indexes::RULE,
    gsi_projects_all::RULE,
    low_cardinality_partition_key::RULE,
    cql_query_needs_filtering::RULE,
    dynamodb_access_pattern_scan::RULE,
];

/// Relational rules that do not apply to a document, wide-column or key-value schema: keys,
/// references and normal forms mean something else there (a Cassandra table has no foreign
/// keys by design, a text partition key is the norm, collections are idiomatic, an embedded
/// document has no key of its own). The paradigm rules (category `nosql`) replace them. The
/// scale rules (partitioning, distribution, multi-tenancy) are about relational engines too, and
/// so are the workload rules' `CREATE INDEX` proposals (a CQL or PartiQL workload is checked by
/// the access-pattern rules instead).
const RELATIONAL_ONLY: [&str; 29] = [
    "missing-primary-key",
    "fk-type-mismatch",
    "fk-references-non-unique",
    "nullable-fk-in-identifying-relationship",
    "circular-foreign-keys",
    "orphan-table",
    "polymorphic-association",
    "entity-attribute-value",
    "unindexed-foreign-key",
    "too-many-indexes",
    "table-without-index",
    "timestamp-without-time-zone",
    "serial-instead-of-identity",
    "varchar-without-length",
    "char-field",
    "text-primary-key",
    "reserved-word-identifier",
    "repeating-group",
    "multi-valued-column",
    "partial-dependency",
    "transitive-dependency",
    "declared-dependency-violation",
    "partition-large-time-table",
    "distribution-breaks-constraint",
    "tenant-key-not-indexed",
    "tenant-table-without-row-security",
    "workload-missing-index",
    "workload-unused-index",
    "workload-redundant-index",
];

/// Rules about one NoSQL store's workload, which read its query language.
const ONE_SOURCE: [(&str, crate::schema::SourceFormat); 2] = [
    ("cql-query-needs-filtering", crate::schema::SourceFormat::Cql),
    ("dynamodb-access-pattern-scan", crate::schema::SourceFormat::Dynamodb),
];

/// Whether the rule `id` applies to a schema read from `source`.
pub fn applies(id: &str, source: crate::schema::SourceFormat) -> bool {
    !(source.is_nosql() && RELATIONAL_ONLY.contains(&id)) && ONE_SOURCE.iter().all(|(rule, only)| *rule != id || *only == source)
}

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
    fn every_rule_has_a_file_and_a_doc_named_for_it_and_the_module_doc_is_that_doc() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/analysis/rules");
        for r in RULES {
            let stem = r.info.id.replace('-', "_");
            let path = dir.join(format!("{stem}.rs"));
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let md = std::fs::read_to_string(dir.join(format!("{stem}.md"))).unwrap_or_else(|e| panic!("{stem}.md: {e}"));
            assert_eq!(md, r.info.doc, "{}: the runtime doc is the .md file", r.info.id);
            assert!(text.starts_with(&format!("#![doc = include_str!(\"{stem}.md\")]")), "{}: module doc is not {stem}.md", r.info.id);
            assert!(!text.contains("//!"), "{}: a second doc comment beside {stem}.md", r.info.id);
            for section in ["## What it does", "## Why is this bad?", "## Example", "## Fix"] {
                assert!(r.info.doc.contains(section), "{} doc lacks {section}", r.info.id);
            }
            assert!(text.contains("#[cfg(test)]"), "{} has no tests beside it", r.info.id);
            assert!(!r.info.summary.is_empty());
        }
        // No doc without its rule.
        for entry in std::fs::read_dir(&dir).expect("rules dir") {
            let name = entry.expect("entry").file_name().to_string_lossy().into_owned();
            if let Some(stem) = name.strip_suffix(".md") {
                assert!(RULES.iter().any(|r| r.info.id.replace('-', "_") == stem), "{name} documents no registered rule");
            }
        }
    }

    #[test]
    fn each_workload_rule_applies_to_its_own_paradigm() {
        use super::applies;
        use crate::schema::SourceFormat;
        for source in SourceFormat::ALL {
            for id in ["workload-missing-index", "workload-unused-index", "workload-redundant-index"] {
                assert_eq!(applies(id, source), !source.is_nosql(), "{id} on {source:?}");
            }
            assert_eq!(applies("cql-query-needs-filtering", source), source == SourceFormat::Cql, "{source:?}");
            assert_eq!(applies("dynamodb-access-pattern-scan", source), source == SourceFormat::Dynamodb, "{source:?}");
            assert!(applies("unbounded-partition", source), "the other nosql rules check their source themselves");
        }
    }

    #[test]
    fn registry_is_grouped_by_category_and_fix_labels_match_the_fixes() {
        use crate::analysis::FixSafety;
        let cats: Vec<_> = RULES.iter().map(|r| r.info.category).collect();
        let mut sorted = cats.clone();
        sorted.sort();
        assert_eq!(cats, sorted, "RULES lists each category together, in Category order");
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/analysis/rules");
        for r in RULES {
            let text = std::fs::read_to_string(dir.join(format!("{}.rs", r.info.id.replace('-', "_")))).expect("rule file");
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            let fixes = code.contains("fix = Some") || code.contains("fix: Some") || code.contains(".advice_findings(");
            assert_eq!(fixes, r.info.fix != FixSafety::None, "{}: fix label {:?} but fixes: {fixes}", r.info.id, r.info.fix);
        }
    }
}
