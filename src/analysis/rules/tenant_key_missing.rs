#![doc = include_str!("tenant_key_missing.md")]

use super::{Ctx, Rule};
use crate::analysis::walk::{finding, singular, words};
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;
use crate::schema::{Table, TableKind};

const DOC: &str = include_str!("tenant_key_missing.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "tenant-key-missing",
        severity: Severity::Warning,
        summary: "Table lacks the tenant key most tables have",
        category: Category::Security,
        fix: FixSafety::None,
        doc: DOC,
    },
    check,
};

const TENANT_KEYS: &[&str] = &["tenant_id", "org_id", "organization_id", "organisation_id", "account_id", "workspace_id", "company_id"];

fn tenant_key(t: &Table) -> Option<&'static str> {
    t.columns
        .iter()
        .filter(|c| c.name.len() > 2 && c.name.as_bytes().get(c.name.len() - 2..).is_some_and(|end| end.eq_ignore_ascii_case(b"id")))
        .find_map(|c| {
            let w = words(&c.name).join("_");
            TENANT_KEYS.iter().copied().find(|k| w == *k)
        })
}

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    let tables: Vec<&Table> = cx.schema.tables.iter().filter(|t| t.kind != TableKind::Partition).collect();
    if tables.len() < 4 {
        return;
    }
    let keys: Vec<Option<&'static str>> = tables.iter().map(|t| tenant_key(t)).collect();
    let keyed: Vec<&'static str> = keys.iter().flatten().copied().collect();
    let share = keyed.len() as f64 / tables.len() as f64;
    if share < cx.config.thresholds.tenant_share || keyed.len() == tables.len() {
        return;
    }
    // The most common key names the tenant.
    let key = TENANT_KEYS.iter().copied().max_by_key(|k| keyed.iter().filter(|x| *x == k).count()).unwrap_or("tenant_id");
    let stem = key.trim_end_matches("_id");
    for (t, _) in tables.into_iter().zip(&keys).filter(|(_, k)| k.is_none()) {
        let name = singular(&words(&t.name).join("_"));
        if name == stem || name.ends_with(&format!("_{stem}")) || (stem == "org" && name.starts_with("organi")) {
            continue; // the tenant table itself
        }
        out.push(finding(
            &RULE.info,
            t,
            format!(
                "`{}` has no `{key}` although {} of {} tables do: its rows cannot be scoped to a tenant directly",
                t.name,
                keyed.len(),
                cx.schema.tables.len()
            ),
            format!("add `{key}` NOT NULL with a foreign key, or disable the rule for global tables"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::testkit::{check, clean};
    use crate::schema::Dialect;

    const TENANTS: &str = "table tenants\nid int | pk\ntable projects\nid int | pk\ntenant_id int | fk tenants.id\ntable tasks\nid int | pk\ntenant_id int\ntable labels\nid int | pk\ntenant_id int\n";

    #[test]
    fn flags_the_unscoped_table() {
        check(
            &RULE,
            Dialect::Postgres,
            &format!("{TENANTS}table comments\nid int | pk\nbody text"),
            &["comments: : `comments` has no `tenant_id` although 3 of 5 tables do: its rows cannot be scoped to a tenant directly"],
        );
    }

    #[test]
    fn single_tenant_schemas_are_clean() {
        clean(&RULE, Dialect::Postgres, TENANTS);
        clean(&RULE, Dialect::Postgres, "table a\nid int | pk\ntable b\nid int | pk\ntable c\nid int | pk\ntenant_id int\ntable d\nid int | pk");
    }

    /// Found by the fuzzer: a name ending in a multi-byte character was sliced mid-character.
    #[test]
    fn non_ascii_column_names_do_not_panic() {
        clean(&RULE, Dialect::Postgres, "table a\nid int | pk\nnamé€😀 text\ntable b\nid int | pk\nxé int\ntable c\nid int | pk\ntable d\nid int | pk");
    }
}
