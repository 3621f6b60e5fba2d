#![doc = include_str!("tenant_key_not_indexed.md")]

use super::{Ctx, Rule};
use crate::analysis::tenancy::{is_tenant_table, tenancy};
use crate::analysis::walk::{add_index_edit, finding, has_prefix_path};
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;
use crate::schema::{ColumnId, Dialect, Table};

const DOC: &str = include_str!("tenant_key_not_indexed.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "tenant-key-not-indexed",
        severity: Severity::Warning,
        summary: "No key or index starts with the tenant key",
        category: Category::Scale,
        fix: FixSafety::Safe,
        doc: DOC,
    },
    check,
};

/// Whether `unindexed-foreign-key` reports the same column (a one-column foreign key on it,
/// outside MySQL, which indexes foreign keys itself).
fn reported_as_foreign_key(cx: &Ctx, t: &Table, col: ColumnId) -> bool {
    cx.schema.dialect != Dialect::Mysql
        && cx.config.is_enabled("unindexed-foreign-key")
        && t.foreign_keys.iter().any(|fk| fk.columns == [col])
}

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    let Some(tenancy) = tenancy(cx.schema, cx.config) else { return };
    for (tid, col) in &tenancy.carriers {
        let Some(t) = cx.schema.table(*tid) else { continue };
        if is_tenant_table(t, tenancy.key) || has_prefix_path(t, &[*col]) || reported_as_foreign_key(cx, t, *col) {
            continue;
        }
        if cx.schema.dialect == Dialect::Mysql && t.foreign_keys.iter().any(|fk| fk.columns.first() == Some(col)) {
            continue; // InnoDB made an index for the foreign key.
        }
        let Some(c) = t.column(*col) else { continue };
        let (confidence, why) = if !c.nullable || t.foreign_keys.iter().any(|fk| fk.columns.contains(col)) {
            (0.9, "it is NOT NULL or references the tenant")
        } else {
            (0.7, "a nullable tenant key may mark shared rows")
        };
        let mut f = finding(
            &RULE.info,
            t,
            format!(
                "no primary key, unique key or index of `{}` starts with `{}`: every tenant-scoped query scans the table (confidence {confidence:.2}: {why})",
                t.name, c.name
            ),
            format!("lead the primary key with `{}` (PRIMARY KEY ({0}, id)) or CREATE INDEX ON {} ({0});", c.name, t.name),
        );
        f.columns = vec![*col];
        f.fix = Some(vec![add_index_edit(cx.ids, t, &[*col], false)]);
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::testkit::{check, clean, schema, tenancy_switches};
    use crate::schema::{Dialect, SourceFormat};

    const TENANTS: &str = "table tenants\nid int | pk\n\
        table projects\nid int\ntenant_id int | nn\npk tenant_id id\n\
        table tasks\nid int | pk\ntenant_id int | nn\nindex tenant_id id\n";

    #[test]
    fn flags_tenant_tables_no_access_path_leads_with_the_key() {
        check(
            &RULE,
            Dialect::Postgres,
            &format!("{TENANTS}table labels\nid int | pk\ntenant_id int\nindex id tenant_id\ntable notes\nid int | pk\ntenant_id int | nn"),
            &[
                "labels: tenant_id: no primary key, unique key or index of `labels` starts with `tenant_id`: every tenant-scoped query scans the table (confidence 0.70: a nullable tenant key may mark shared rows)",
                "notes: tenant_id: no primary key, unique key or index of `notes` starts with `tenant_id`: every tenant-scoped query scans the table (confidence 0.90: it is NOT NULL or references the tenant)",
            ],
        );
    }

    #[test]
    fn indexed_tenant_keys_and_single_tenant_schemas_are_clean() {
        clean(&RULE, Dialect::Postgres, &format!("{TENANTS}table labels\nid int | pk\ntenant_id int\nindex tenant_id"));
        clean(&RULE, Dialect::Postgres, "table a\nid int | pk\ntenant_id int\ntable b\nid int | pk\ntable c\nid int | pk\ntable d\nid int | pk");
        // A one-column foreign key is `unindexed-foreign-key`'s to report.
        clean(&RULE, Dialect::Postgres, &format!("{TENANTS}table labels\nid int | pk\ntenant_id int | fk tenants.id"));
    }

    #[test]
    fn off_switch_threshold_and_nosql_sources_are_respected() {
        let s = schema(Dialect::Postgres, &format!("{TENANTS}table notes\nid int | pk\ntenant_id int | nn"));
        tenancy_switches(&RULE, &s, SourceFormat::Dynamodb);
    }
}
