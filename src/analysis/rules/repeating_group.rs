#![doc = include_str!("repeating_group.md")]

use super::{Ctx, Rule};
use crate::analysis::walk::finding;
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;
use crate::schema::ColumnId;
use std::collections::BTreeMap;

const DOC: &str = include_str!("repeating_group.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "repeating-group",
        severity: Severity::Warning,
        summary: "Numbered columns form a repeating group (1NF)",
        category: Category::Normalization,
        fix: FixSafety::None,
        doc: DOC,
    },
    check,
};

/// `phone_2` → (`phone`, 2); `address_line_1` → (`address_line`, 1); `md5` stays unsplit
/// when its stem is shorter than 3 letters.
fn split_number(name: &str) -> Option<(String, u32)> {
    let lower = name.to_ascii_lowercase();
    let digits_at = lower.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits_at == lower.len() {
        return None;
    }
    let n: u32 = lower[digits_at..].parse().ok()?;
    let stem = lower[..digits_at].trim_end_matches('_').to_string();
    (stem.len() >= 3).then_some((stem, n))
}

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for t in &cx.schema.tables {
        let mut groups: BTreeMap<String, Vec<(u32, ColumnId)>> = BTreeMap::new();
        for c in &t.columns {
            if let Some((stem, n)) = split_number(&c.name) {
                groups.entry(stem).or_default().push((n, c.id));
            }
        }
        for (stem, mut members) in groups {
            members.sort();
            members.dedup_by_key(|m| m.0);
            // Versions and variants (`ipv4`, `ipv6`, `sha256`) do not start counting at 0-2.
            if members.len() < 2 || members.first().is_some_and(|m| m.0 > 2) {
                continue;
            }
            let consecutive = members.iter().zip(members.iter().skip(1)).all(|(a, b)| b.0 == a.0 + 1);
            let confidence = if consecutive && members.len() >= 3 { "high" } else { "medium" };
            let names: Vec<&str> = members.iter().filter_map(|(_, c)| t.column(*c)).map(|c| c.name.as_str()).collect();
            let mut f = finding(
                &RULE.info,
                t,
                format!(
                    "columns {} of `{}` are a repeating group `{stem}` (1NF; {confidence} confidence: {} numbered columns). \
                     Confirm: if the values are interchangeable (a search must check every column), they belong in a child table",
                    names.join(", "),
                    t.name,
                    members.len()
                ),
                format!("move `{stem}` values to a child table with one row per value"),
            );
            f.columns = members.iter().map(|m| m.1).collect();
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::testkit::{clean, fires, run};
    use crate::schema::Dialect;

    #[test]
    fn flags_numbered_groups_with_confidence() {
        fires(&RULE, Dialect::Postgres, "table c\nid int | pk\nphone1 text\nphone2 text\nphone3 text", "high confidence");
        fires(&RULE, Dialect::Postgres, "table c\nid int | pk\naddress_line_1 text\naddress_line_2 text", "medium confidence");
        let got = run(&RULE, Dialect::Postgres, "table c\nid int | pk\nphone1 text\nphone2 text\nemail_1 text\nemail_2 text");
        assert_eq!(got.len(), 2, "{got:?}");
    }

    #[test]
    fn single_numbers_and_short_stems_are_clean() {
        clean(&RULE, Dialect::Postgres, "table c\nid int | pk\nmd5 text\nsha1 text\naddress_line_1 text\nipv4 text\nipv6 text");
    }
}
