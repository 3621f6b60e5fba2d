#![doc = include_str!("inconsistent_naming.md")]

use super::{Ctx, Rule};
use crate::analysis::walk::{finding, is_plural};
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;
use crate::schema::ColumnId;

const DOC: &str = include_str!("inconsistent_naming.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "inconsistent-naming",
        severity: Severity::Info,
        summary: "Name breaks the schema's naming convention",
        category: Category::Types,
        fix: FixSafety::None,
        doc: DOC,
    },
    check,
};

#[derive(Copy, Clone, PartialEq, Eq, Debug)]
enum Style {
    Snake,
    Camel,
    Pascal,
    Upper,
    /// A single lowercase word: fits snake_case and camelCase alike.
    Lower,
}

impl Style {
    fn of(name: &str) -> Style {
        let has_upper = name.chars().any(|c| c.is_ascii_uppercase());
        let has_lower = name.chars().any(|c| c.is_ascii_lowercase());
        if has_upper && !has_lower {
            Style::Upper
        } else if name.starts_with(|c: char| c.is_ascii_uppercase()) {
            Style::Pascal
        } else if has_upper {
            Style::Camel
        } else if name.contains('_') {
            Style::Snake
        } else {
            Style::Lower
        }
    }

    fn label(self) -> &'static str {
        match self {
            Style::Snake => "snake_case",
            Style::Camel => "camelCase",
            Style::Pascal => "PascalCase",
            Style::Upper => "UPPER_CASE",
            Style::Lower => "lowercase",
        }
    }

    fn fits(self, dominant: Style) -> bool {
        self == dominant || (self == Style::Lower && matches!(dominant, Style::Snake | Style::Camel))
    }
}

/// The style most names use, when a strict majority of the decided names agree.
fn dominant<'a>(names: impl Iterator<Item = &'a str>) -> Option<Style> {
    let mut counts = [0usize; 4];
    for n in names {
        match Style::of(n) {
            Style::Snake => counts[0] += 1,
            Style::Camel => counts[1] += 1,
            Style::Pascal => counts[2] += 1,
            Style::Upper => counts[3] += 1,
            Style::Lower => {}
        }
    }
    let total: usize = counts.iter().sum();
    let (i, &best) = counts.iter().enumerate().max_by_key(|(_, c)| **c)?;
    if best * 2 > total && total > 0 { [Style::Snake, Style::Camel, Style::Pascal, Style::Upper].get(i).copied() } else { None }
}

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    let tables = &cx.schema.tables;
    if let Some(style) = dominant(tables.iter().map(|t| t.name.as_str())) {
        for t in tables.iter().filter(|t| !Style::of(&t.name).fits(style)) {
            out.push(finding(
                &RULE.info,
                t,
                format!("table `{}` is {} but most tables are {}", t.name, Style::of(&t.name).label(), style.label()),
                format!("rename it to {}", style.label()),
            ));
        }
    }
    if let Some(style) = dominant(tables.iter().flat_map(|t| t.columns.iter().map(|c| c.name.as_str()))) {
        for t in tables {
            let odd: Vec<ColumnId> = t.columns.iter().filter(|c| !Style::of(&c.name).fits(style)).map(|c| c.id).collect();
            if odd.is_empty() {
                continue;
            }
            let names: Vec<&str> = odd.iter().filter_map(|c| t.column(*c)).map(|c| c.name.as_str()).collect();
            let mut f = finding(
                &RULE.info,
                t,
                format!("columns {} of `{}` are not {} like most columns", names.join(", "), t.name, style.label()),
                format!("rename them to {}", style.label()),
            );
            f.columns = odd;
            out.push(f);
        }
    }
    if tables.len() >= 3 {
        let plural = tables.iter().filter(|t| is_plural(&t.name)).count();
        let singular = tables.len() - plural;
        let want_plural = plural > singular;
        if plural != singular {
            for t in tables.iter().filter(|t| is_plural(&t.name) != want_plural) {
                let (is, most) = if want_plural { ("singular", "plural") } else { ("plural", "singular") };
                out.push(finding(
                    &RULE.info,
                    t,
                    format!("table `{}` is {is} but most table names are {most}", t.name),
                    format!("use {most} table names throughout"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::testkit::{check, clean};
    use crate::schema::Dialect;

    #[test]
    fn flags_case_and_number_outliers() {
        check(
            &RULE,
            Dialect::Postgres,
            "table customers\nid int | pk\nfirst_name text\ntable order_items\nid int | pk\nunit_price int\ntable line_items\nid int | pk\ntable OrderItem\nId int | pk\nunit_count int",
            &[
                "OrderItem: : table `OrderItem` is PascalCase but most tables are snake_case",
                "OrderItem: Id: columns Id of `OrderItem` are not snake_case like most columns",
                "OrderItem: : table `OrderItem` is singular but most table names are plural",
            ],
        );
    }

    #[test]
    fn consistent_schemas_are_clean() {
        clean(&RULE, Dialect::Postgres, "table customers\nid int | pk\nfirst_name text\ntable orders\nid int | pk\ntable order_items\nid int | pk\nstatus text");
        clean(&RULE, Dialect::Mssql, "table Customer\nCustomerId int | pk\ntable OrderLine\nOrderLineId int | pk\ntable Address\nStreet text");
    }
}
