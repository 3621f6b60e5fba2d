#![doc = include_str!("partial_dependency.md")]

use super::{Ctx, Rule};
use crate::analysis::walk::{finding, singular, words};
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;
use crate::schema::{Schema, Table};

const DOC: &str = include_str!("partial_dependency.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "partial-dependency",
        severity: Severity::Warning,
        summary: "Non-key column depends on part of a composite key (2NF)",
        category: Category::Normalization,
        fix: FixSafety::None,
        doc: DOC,
    },
    check,
};

/// The name words a reference column stands for: `product_id` → [product]; also the
/// referenced table's singular name when the column is a foreign key.
pub(crate) fn stems(s: &Schema, t: &Table, col: crate::schema::ColumnId) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    if let Some(c) = t.column(col) {
        let mut w = words(&c.name);
        if w.len() >= 2 && matches!(w.last().map(String::as_str), Some("id" | "code" | "key" | "no" | "number")) {
            w.pop();
            out.push(w);
        }
    }
    for fk in t.foreign_keys.iter().filter(|fk| fk.columns == [col]) {
        if let Some(rt) = s.table(fk.ref_table) {
            let mut w = words(&rt.name);
            if let Some(last) = w.pop() {
                w.push(singular(&last));
            }
            if !out.contains(&w) {
                out.push(w);
            }
        }
    }
    out
}

/// The rest of `name` after the stem words (`product_unit_price`, [product] → `unit_price`).
pub(crate) fn remainder(name: &str, stem: &[String]) -> Option<String> {
    let first = stem.first()?;
    if name.len() <= first.len() || !name.as_bytes().get(..first.len()).is_some_and(|p| p.eq_ignore_ascii_case(first.as_bytes())) {
        return None;
    }
    let w = words(name);
    let rest = w.strip_prefix(stem)?;
    (!rest.is_empty()).then(|| rest.join("_"))
}

/// The referenced table of a single-column foreign key on `col`, if any.
pub(crate) fn referenced<'s>(s: &'s Schema, t: &Table, col: crate::schema::ColumnId) -> Option<&'s Table> {
    t.foreign_keys.iter().find(|fk| fk.columns == [col]).and_then(|fk| s.table(fk.ref_table))
}

/// True when `rt` has a non-key column named like `attr` (words compared).
pub(crate) fn has_attribute(rt: &Table, attr: &str) -> bool {
    rt.columns.iter().any(|c| words(&c.name).join("_") == attr && !rt.is_pk_column(c.id))
}

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    let s = cx.schema;
    for t in &s.tables {
        let Some(pk) = &t.primary_key else { continue };
        if pk.columns.len() < 2 {
            continue;
        }
        let key_stems: Vec<(crate::schema::ColumnId, Vec<Vec<String>>)> = pk.columns.iter().map(|&k| (k, stems(s, t, k))).collect();
        for c in t.columns.iter().filter(|c| !t.is_pk_column(c.id) && !t.is_fk_column(c.id)) {
            let hit = key_stems.iter().find_map(|(k, stems)| {
                stems.iter().find_map(|stem| remainder(&c.name, stem).map(|attr| (*k, attr)))
            });
            let Some((k, attr)) = hit else { continue };
            let key_name = t.column(k).map_or("?", |c| c.name.as_str());
            let target = referenced(s, t, k).filter(|rt| has_attribute(rt, &attr));
            let confidence = match target {
                Some(rt) => format!("high confidence: `{}.{attr}` exists", rt.name),
                None => "medium confidence: by name only".to_string(),
            };
            let key_list = crate::analysis::walk::col_names(t, &pk.columns);
            let mut f = finding(
                &RULE.info,
                t,
                format!(
                    "`{}.{}` seems to depend on `{key_name}` alone, part of the key ({key_list}) (2NF; {confidence}). \
                     Confirm: erdsmith normalize FILE --table {} --fd '{key_name} -> {}'",
                    t.name, c.name, t.name, c.name
                ),
                format!("read `{}` through `{key_name}` instead of storing it per row", c.name),
            );
            f.columns = vec![c.id, k];
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RULE;
    use crate::analysis::testkit::{clean, fires};
    use crate::schema::Dialect;

    const PRODUCTS: &str = "table products\nid int | pk\nname text\ntable orders\nid int | pk\n";

    #[test]
    fn flags_key_part_attributes_with_confidence() {
        let items = "table order_items\norder_id int | fk orders.id\nproduct_id int | fk products.id\nquantity int\npk order_id product_id\n";
        fires(&RULE, Dialect::Postgres, &format!("{PRODUCTS}{items}product_name text"), "high confidence: `products.name` exists");
        fires(&RULE, Dialect::Postgres, &format!("{PRODUCTS}{items}product_colour text"), "medium confidence");
        fires(&RULE, Dialect::Postgres, &format!("{PRODUCTS}{items}product_name text"), "--fd 'product_id -> product_name'");
    }

    #[test]
    fn single_keys_and_unrelated_columns_are_clean() {
        clean(&RULE, Dialect::Postgres, &format!("{PRODUCTS}table order_items\norder_id int | fk orders.id\nproduct_id int | fk products.id\nquantity int\nunit_price numeric\npk order_id product_id"));
        clean(&RULE, Dialect::Postgres, &format!("{PRODUCTS}table lines\nid int | pk\nproduct_id int | fk products.id\nproduct_name text"));
    }
}
