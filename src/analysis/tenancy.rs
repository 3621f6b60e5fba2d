//! Multi-tenancy facts the tenant rules share (`tenant-key-missing`, `tenant-key-not-indexed`,
//! `tenant-table-without-row-security`): which column names a tenant, which tables carry it,
//! and which table is the tenant itself.
//!
//! A schema is multi-tenant when at least `thresholds.tenant_share` of at least four tables
//! (partitions not counted: they follow their parent) carry a tenant key: a column named
//! `tenant_id`, `org_id`, `organization_id`, `organisation_id`, `account_id`, `workspace_id`
//! or `company_id` (in any case or camelCase).

use super::AnalysisConfig;
use super::walk::{singular, words};
use crate::schema::{ColumnId, Schema, Table, TableId, TableKind};

/// Column names that say "the tenant".
pub const TENANT_KEYS: &[&str] = &["tenant_id", "org_id", "organization_id", "organisation_id", "account_id", "workspace_id", "company_id"];

/// The tenant key `t` carries, as its normalized name (one of [`TENANT_KEYS`]).
pub fn tenant_key(t: &Table) -> Option<&'static str> {
    t.columns.iter().find_map(|c| key_name(&c.name))
}

/// The normalized tenant key a column name spells (`organizationId` → `organization_id`).
pub fn key_name(name: &str) -> Option<&'static str> {
    let w = words(name).join("_");
    TENANT_KEYS.iter().copied().find(|k| w == *k)
}

/// Whether `t` is the tenant table of `key` (`organizations` for `organization_id`).
pub fn is_tenant_table(t: &Table, key: &str) -> bool {
    let stem = key.trim_end_matches("_id");
    let name = singular(&words(&t.name).join("_"));
    name == stem || name.ends_with(&format!("_{stem}")) || (stem == "org" && name.starts_with("organi"))
}

/// A multi-tenant schema: its tenant key and the tables that carry it.
#[derive(Clone, Debug, PartialEq)]
pub struct Tenancy {
    /// The most common tenant key (normalized name).
    pub key: &'static str,
    /// Tables that are not partitions.
    pub tables: usize,
    /// Each table that carries `key`, with the column that spells it.
    pub carriers: Vec<(TableId, ColumnId)>,
}

/// The tables the tenant rules look at: all but partitions.
pub fn tables(schema: &Schema) -> impl Iterator<Item = &Table> {
    schema.tables.iter().filter(|t| t.kind != TableKind::Partition)
}

/// The schema's tenancy when it is multi-tenant under `config` (see the module doc).
pub fn tenancy(schema: &Schema, config: &AnalysisConfig) -> Option<Tenancy> {
    let all: Vec<&Table> = tables(schema).collect();
    if all.len() < 4 {
        return None;
    }
    let keys: Vec<&'static str> = all.iter().filter_map(|t| tenant_key(t)).collect();
    if (keys.len() as f64) < config.thresholds.tenant_share * all.len() as f64 || keys.is_empty() {
        return None;
    }
    // The most common key names the tenant (as `tenant-key-missing` picks it).
    let key = TENANT_KEYS.iter().copied().max_by_key(|k| keys.iter().filter(|x| *x == k).count())?;
    let carriers = all
        .iter()
        .filter_map(|t| t.columns.iter().find(|c| key_name(&c.name) == Some(key)).map(|c| (t.id, c.id)))
        .collect();
    Some(Tenancy { key, tables: all.len(), carriers })
}
