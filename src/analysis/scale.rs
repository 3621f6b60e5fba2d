//! The scale advice as one view for a report or a panel: partitioning candidates with their
//! DDL per engine, the distribution proposal and the schema's tenancy. Each part comes from its
//! module ([`super::partitioning`], [`super::distribution`], [`super::tenancy`]); the rules
//! `partition-large-time-table`, `distribution-breaks-constraint`, `tenant-key-not-indexed` and
//! `tenant-table-without-row-security` report the same facts as findings.

use super::distribution::{self, Distribution};
use super::partitioning::{self, PartitionCandidate};
use super::tenancy::{self, Tenancy};
use super::AnalysisConfig;
use crate::schema::{Dialect, Schema};

/// A partitioning candidate with the DDL that partitions it, per engine.
#[derive(Clone, Debug, PartialEq)]
pub struct PartitionAdvice {
    pub candidate: PartitionCandidate,
    pub ddl: Vec<(Dialect, String)>,
}

/// Everything the scale advice says about a schema.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScaleView {
    pub partitions: Vec<PartitionAdvice>,
    /// The distribution proposal, when some column qualifies (see its `confidence`).
    pub distribution: Option<Distribution>,
    /// The tenancy, when the schema is multi-tenant under the thresholds.
    pub tenancy: Option<Tenancy>,
}

/// The scale advice for `schema` under `config` (row estimates and thresholds). Empty for a
/// document, wide-column or key-value schema: partitions, shards and tenants mean something
/// else there (the NoSQL rules cover their keys).
pub fn scale_view(schema: &Schema, config: &AnalysisConfig) -> ScaleView {
    if schema.source.is_nosql() {
        return ScaleView::default();
    }
    let partitions = partitioning::candidates(schema, config)
        .into_iter()
        .filter_map(|c| {
            let t = schema.table(c.table)?;
            let ddl = partitioning::DDL_DIALECTS.iter().filter_map(|d| Some((*d, partitioning::ddl(t, &c, *d)?))).collect();
            Some(PartitionAdvice { candidate: c, ddl })
        })
        .collect();
    ScaleView { partitions, distribution: distribution::propose(schema), tenancy: tenancy::tenancy(schema, config) }
}

/// Whether the proposal is strong enough to report its breaking constraints as findings: it
/// distributes at least `thresholds.tenant_share` of at least four tables.
pub fn distribution_is_clear(d: &Distribution, config: &AnalysisConfig) -> bool {
    d.roles.len() >= 4 && d.distributed() as f64 >= config.thresholds.tenant_share * d.roles.len() as f64
}
