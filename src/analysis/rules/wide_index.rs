#![doc = include_str!("wide_index.md")]

use super::{Ctx, Rule};
use crate::analysis::walk::{finding, index_label};
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;

const DOC: &str = include_str!("wide_index.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "wide-index",
        severity: Severity::Info,
        summary: "Index has many key columns",
        category: Category::Indexes,
        fix: FixSafety::None,
        doc: DOC,
    },
    check,
};

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    let max = cx.config.thresholds.max_index_columns;
    for t in &cx.schema.tables {
        for ix in t.indexes.iter().filter(|ix| ix.keys.len() > max) {
            let mut f = finding(
                &RULE.info,
                t,
                format!("index `{}` has {} key parts (threshold {max})", index_label(t, ix), ix.keys.len()),
                "keep filter and sort columns as keys; move the rest to INCLUDE or drop them",
            );
            f.index = Some(ix.id);
            f.columns = ix.leading_columns().collect();
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::testkit::{clean, fires};
    use crate::schema::Dialect;

    const T: &str = "table t\na int\nb int\nc int\nd int\ne int\nf int\n";

    #[test]
    fn flags_six_columns() {
        fires(&RULE, Dialect::Postgres, &format!("{T}index a b c d e f"), "6 key parts");
    }

    #[test]
    fn five_columns_are_clean() {
        clean(&RULE, Dialect::Postgres, &format!("{T}index a b c d e"));
    }
}
