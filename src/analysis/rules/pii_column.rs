#![doc = include_str!("pii_column.md")]

use super::{Ctx, Rule};
use crate::analysis::walk::{finding, words};
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;
use crate::schema::ColumnId;

const DOC: &str = include_str!("pii_column.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "pii-column",
        severity: Severity::Info,
        summary: "Column holds personal data (GDPR)",
        category: Category::Security,
        fix: FixSafety::None,
        doc: DOC,
    },
    check,
};

/// Substrings every personal-data name below contains; most names are rejected on these alone.
const HINTS: &[&str] = &[
    "mail", "phone", "mobile", "ssn", "passport", "dob", "birth", "street", "post", "zip", "iban", "social",
    "national", "tax", "ip", "address", "name",
];

fn is_pii(name: &str) -> bool {
    let lower = crate::analysis::walk::lower(name);
    if !HINTS.iter().any(|h| lower.contains(h)) {
        return false;
    }
    let w = words(name);
    let has = |x: &str| w.iter().any(|y| y == x);
    let joined = w.join("_");
    has("email") || has("phone") || has("mobile") || has("telephone") || has("ssn") || has("passport")
        || has("dob") || has("birthday") || has("birthdate") || has("street") || has("postcode") || has("zip")
        || has("iban")
        || joined.contains("birth_date") || joined.contains("date_of_birth") || joined.contains("social_security")
        || joined.contains("national_id") || joined.contains("tax_id") || joined.contains("ip_address")
        || (has("address") && !has("ip") && !has("mac"))
        || joined == "first_name" || joined == "last_name" || joined == "full_name" || joined == "surname"
}

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for t in &cx.schema.tables {
        let cols: Vec<ColumnId> = t.columns.iter().filter(|c| is_pii(&c.name)).map(|c| c.id).collect();
        if cols.is_empty() {
            continue;
        }
        let names = crate::analysis::walk::col_names(t, &cols);
        let mut f = finding(
            &RULE.info,
            t,
            format!(
                "`{}` holds personal data ({names}): under GDPR it needs a legal basis, a retention period, and \
                 support for access and erasure requests",
                t.name
            ),
            "document these columns, restrict who can read them, and include them in erasure and retention jobs",
        );
        f.columns = cols;
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::testkit::{clean, findings, schema};
    use crate::schema::Dialect;

    #[test]
    fn lists_personal_columns_per_table() {
        let s = schema(Dialect::Postgres, "table customers\nid int | pk\nemail text\nphoneNumber text\ndate_of_birth date\nbilling_address text\nnote text");
        let f = findings(&RULE, &s, &Default::default());
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].columns.len(), 4);
        assert!(f[0].message.contains("GDPR"));
    }

    #[test]
    fn non_personal_columns_are_clean() {
        clean(&RULE, Dialect::Postgres, "table servers\nid int | pk\nmac_address text\nname text\nemailed boolean");
    }
}
