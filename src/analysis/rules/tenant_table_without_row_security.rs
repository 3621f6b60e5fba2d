#![doc = include_str!("tenant_table_without_row_security.md")]

use super::{Ctx, Rule};
use crate::analysis::tenancy::{is_tenant_table, tenancy};
use crate::analysis::walk::finding;
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;
use crate::schema::{Dialect, ObjectKind, SourceFormat, Table, TableId};

const DOC: &str = include_str!("tenant_table_without_row_security.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "tenant-table-without-row-security",
        severity: Severity::Info,
        summary: "PostgreSQL tenant table without row-level security",
        category: Category::Security,
        fix: FixSafety::None,
        doc: DOC,
    },
    check,
};

fn has_policy(cx: &Ctx, t: TableId) -> bool {
    cx.schema.objects.iter().any(|o| o.kind == ObjectKind::Policy && o.table == Some(t))
}

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    if cx.schema.dialect != Dialect::Postgres || cx.schema.source != SourceFormat::Sql {
        return;
    }
    let Some(tenancy) = tenancy(cx.schema, cx.config) else { return };
    let tenant_tables: Vec<(&Table, &str)> = tenancy
        .carriers
        .iter()
        .filter_map(|(t, c)| {
            let t = cx.schema.table(*t)?;
            Some((t, t.column(*c)?.name.as_str()))
        })
        .filter(|(t, _)| !is_tenant_table(t, tenancy.key))
        .collect();
    let protected = tenant_tables.iter().filter(|(t, _)| t.row_security.enabled).count();
    if protected == 0 {
        // None uses it: one finding for the schema's choice, on the tenant table the most
        // foreign keys reference (the first of those in schema order).
        let referenced = |t: &Table| cx.schema.foreign_keys().filter(|(_, fk)| fk.ref_table == t.id).count();
        let most = tenant_tables.iter().rev().max_by_key(|(t, _)| referenced(t));
        if let Some((first, key)) = most {
            out.push(finding(
                &RULE.info,
                first,
                format!(
                    "none of the {} tables carrying `{key}` enables row-level security: isolation between tenants rests on every query's WHERE clause (confidence 0.50: the application may scope tenants itself)",
                    tenant_tables.len()
                ),
                format!("ALTER TABLE {0} ENABLE ROW LEVEL SECURITY; CREATE POLICY tenant_isolation ON {0} USING ({key} = current_setting('app.tenant_id')::bigint); and the same for each tenant table", first.name),
            ));
        }
        return;
    }
    for (t, key) in tenant_tables.iter().filter(|(t, _)| !t.row_security.enabled) {
        let policy = if has_policy(cx, t.id) { "has a policy but row-level security is not enabled, so the policy does nothing" } else { "has no row-level security" };
        out.push(finding(
            &RULE.info,
            t,
            format!(
                "`{}` carries `{key}` but {policy}, while {protected} of {} tenant tables enable it (confidence 0.90: the others show the intent)",
                t.name,
                tenant_tables.len()
            ),
            format!("ALTER TABLE {0} ENABLE ROW LEVEL SECURITY; and a policy on `{key}` like the other tables'", t.name),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::testkit::{run_with, tenancy_switches};
    use crate::analysis::AnalysisConfig;
    use crate::import::{ImportOptions, import};
    use crate::schema::{Dialect, Schema};

    const TENANTS: &str = "CREATE TABLE tenants (id int PRIMARY KEY);\n\
        CREATE TABLE projects (id int PRIMARY KEY, tenant_id int NOT NULL REFERENCES tenants);\n\
        CREATE TABLE tasks (id int PRIMARY KEY, tenant_id int NOT NULL REFERENCES tenants);\n\
        CREATE TABLE labels (id int PRIMARY KEY, tenant_id int NOT NULL REFERENCES tenants);\n";
    const RLS: &str = "ALTER TABLE projects ENABLE ROW LEVEL SECURITY;\n\
        CREATE POLICY p ON projects USING (tenant_id = current_setting('app.tenant')::int);\n\
        ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;\n";

    fn pg(text: &str, dialect: Dialect) -> Schema {
        import(text, &ImportOptions { dialect: Some(dialect), ..Default::default() }).schema
    }

    fn run(text: &str) -> Vec<String> {
        run_with(&RULE, &pg(text, Dialect::Postgres), &AnalysisConfig::default())
    }

    #[test]
    fn flags_the_tables_left_out_of_row_level_security() {
        assert_eq!(
            run(&format!("{TENANTS}{RLS}CREATE POLICY l ON labels USING (true);")),
            ["labels: : `labels` carries `tenant_id` but has a policy but row-level security is not enabled, so the policy does nothing, while 2 of 3 tenant tables enable it (confidence 0.90: the others show the intent)"]
        );
        assert_eq!(
            run(TENANTS),
            ["projects: : none of the 3 tables carrying `tenant_id` enables row-level security: isolation between tenants rests on every query's WHERE clause (confidence 0.50: the application may scope tenants itself)"]
        );
    }

    #[test]
    fn protected_single_tenant_and_other_engines_are_clean() {
        assert!(run(&format!("{TENANTS}{RLS}ALTER TABLE labels ENABLE ROW LEVEL SECURITY;")).is_empty());
        assert!(run("CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (id int PRIMARY KEY, tenant_id int);\nCREATE TABLE c (id int PRIMARY KEY);\nCREATE TABLE d (id int PRIMARY KEY);").is_empty());
        assert!(run_with(&RULE, &pg(TENANTS, Dialect::Mysql), &AnalysisConfig::default()).is_empty());
    }

    #[test]
    fn off_switch_threshold_and_nosql_sources_are_respected() {
        tenancy_switches(&RULE, &pg(TENANTS, Dialect::Postgres), crate::schema::SourceFormat::Cql);
    }
}
