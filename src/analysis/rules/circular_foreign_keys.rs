#![doc = include_str!("circular_foreign_keys.md")]

use super::{Ctx, Rule};
use crate::analysis::walk::finding;
use crate::analysis::{Category, Finding, FixSafety, RuleInfo};
use crate::diagnostic::Severity;
use crate::schema::{Schema, Table, TableId};

const DOC: &str = include_str!("circular_foreign_keys.md");

pub const RULE: Rule = Rule {
    info: RuleInfo {
        id: "circular-foreign-keys",
        severity: Severity::Warning,
        summary: "Foreign keys form an insert-order cycle",
        category: Category::Keys,
        fix: FixSafety::None,
        doc: DOC,
    },
    check,
};

/// Tarjan's bookkeeping of a node it has reached: its visit number, the lowest visit number it
/// reaches, and whether it is on the stack of the component being built.
#[derive(Copy, Clone)]
struct Mark {
    index: usize,
    low: usize,
    on_stack: bool,
}

/// Marks node `v` reached: the next visit number, on the stack.
fn enter(marks: &mut [Option<Mark>], stack: &mut Vec<usize>, counter: &mut usize, v: usize) {
    if let Some(m) = marks.get_mut(v) {
        *m = Some(Mark { index: *counter, low: *counter, on_stack: true });
    }
    *counter += 1;
    stack.push(v);
}

/// Lowers node `v`'s low-link to `to` (when that is lower).
fn lower(marks: &mut [Option<Mark>], v: usize, to: usize) {
    if let Some(Some(m)) = marks.get_mut(v) {
        m.low = m.low.min(to);
    }
}

/// Strongly connected components of the table reference graph (iterative Tarjan), each
/// component's tables in arena order; only components with two or more tables.
pub fn cycles(schema: &Schema) -> Vec<Vec<usize>> {
    let n = schema.tables.len();
    let pos = |id: TableId| schema.table_position(id).ok();
    let adj: Vec<Vec<usize>> = schema
        .tables
        .iter()
        .map(|t| {
            let mut v: Vec<usize> = t.foreign_keys.iter().filter_map(|fk| pos(fk.ref_table)).collect();
            v.sort_unstable();
            v.dedup();
            v
        })
        .collect();
    // One entry a node (table position), `None` until reached.
    let mut marks: Vec<Option<Mark>> = vec![None; n];
    let mut stack = Vec::new();
    let mut counter = 0;
    let mut out = Vec::new();
    for root in 0..n {
        if marks.get(root).is_some_and(Option::is_some) {
            continue;
        }
        // Each frame: (node, next edge to look at).
        let mut frames = vec![(root, 0usize)];
        enter(&mut marks, &mut stack, &mut counter, root);
        while let Some(&mut (v, ref mut edge)) = frames.last_mut() {
            if let Some(&w) = adj.get(v).and_then(|a| a.get(*edge)) {
                *edge += 1;
                match marks.get(w).copied().flatten() {
                    None => {
                        enter(&mut marks, &mut stack, &mut counter, w);
                        frames.push((w, 0));
                    }
                    Some(m) if m.on_stack => lower(&mut marks, v, m.index),
                    Some(_) => {}
                }
                continue;
            }
            frames.pop();
            let Some(mv) = marks.get(v).copied().flatten() else { continue };
            if let Some(&(parent, _)) = frames.last() {
                lower(&mut marks, parent, mv.low);
            }
            if mv.low == mv.index {
                let mut comp = Vec::new();
                while let Some(w) = stack.pop() {
                    if let Some(Some(m)) = marks.get_mut(w) {
                        m.on_stack = false;
                    }
                    comp.push(w);
                    if w == v {
                        break;
                    }
                }
                if comp.len() > 1 {
                    comp.sort_unstable();
                    out.push(comp);
                }
            }
        }
    }
    out.sort();
    out
}

fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    let s = cx.schema;
    for comp in cycles(s) {
        let tables: Vec<&Table> = comp.iter().filter_map(|&i| s.tables.get(i)).collect();
        let Some(&first) = tables.first() else { continue };
        let ids: Vec<TableId> = tables.iter().map(|t| t.id).collect();
        let mut hard = true;
        for t in &tables {
            for fk in t.foreign_keys.iter().filter(|fk| ids.contains(&fk.ref_table)) {
                let nullable = fk.columns.iter().any(|c| t.column(*c).is_some_and(|c| c.nullable));
                if nullable || fk.deferrable {
                    hard = false;
                }
            }
        }
        let names: Vec<&str> = tables.iter().map(|t| t.name.as_str()).collect();
        let consequence = if hard {
            "every foreign key in it is NOT NULL and not deferrable, so no row can ever be inserted"
        } else {
            "rows must be inserted in two steps (NULL first, then UPDATE) or with deferred constraints"
        };
        out.push(finding(
            &RULE.info,
            first,
            format!("tables {} reference each other in a cycle: {consequence}", names.join(" → ")),
            "make one foreign key nullable or DEFERRABLE INITIALLY DEFERRED, or move it into a link table",
        ));
    }
    for t in &s.tables {
        for fk in t.foreign_keys.iter().filter(|fk| fk.ref_table == t.id && !fk.deferrable) {
            if fk.columns.iter().all(|c| t.column(*c).is_some_and(|c| !c.nullable)) {
                let mut f = finding(
                    &RULE.info,
                    t,
                    format!("`{}` references itself through NOT NULL columns: the first row can never be inserted", t.name),
                    "make the self-reference nullable (the root row has no parent)",
                );
                f.columns = fk.columns.clone();
                out.push(f);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{RULE, cycles};
    use crate::analysis::testkit::{check, clean, schema};
    use crate::schema::Dialect;

    #[test]
    fn finds_two_table_cycle_and_tells_hard_from_soft() {
        let hard = "table departments\nid int | pk\nmanager_id int | nn fk employees.id\ntable employees\nid int | pk\ndepartment_id int | nn fk departments.id";
        check(&RULE, Dialect::Postgres, hard, &["departments: : tables departments → employees reference each other in a cycle: every foreign key in it is NOT NULL and not deferrable, so no row can ever be inserted"]);
        let soft = hard.replacen("| nn fk employees.id", "| fk employees.id", 1);
        let got = crate::analysis::testkit::run(&RULE, Dialect::Postgres, &soft);
        assert!(got.len() == 1 && got[0].contains("two steps"), "{got:?}");
    }

    #[test]
    fn acyclic_and_nullable_self_references_are_clean() {
        clean(&RULE, Dialect::Postgres, "table a\nid int | pk\ntable b\nid int | pk\na_id int | fk a.id\ntable c\nid int | pk\nb_id int | fk b.id\nparent_id int | fk c.id");
    }

    #[test]
    fn self_reference_through_not_null_is_flagged() {
        check(&RULE, Dialect::Postgres, "table node\nid int | pk\nparent_id int | nn fk node.id", &["node: parent_id: `node` references itself through NOT NULL columns: the first row can never be inserted"]);
    }

    /// Tarjan against a brute-force reachability oracle on random graphs.
    #[test]
    #[allow(clippy::needless_range_loop, reason = "Warshall's algorithm reads best with indices")]
    fn components_match_mutual_reachability() {
        let mut rng = crate::rng::Rng::new(11);
        for _ in 0..300 {
            let n = 1 + rng.below(7);
            let mut text = String::new();
            let mut edges = vec![vec![false; n]; n];
            for i in 0..n {
                text.push_str(&format!("table t{i}\nid int | pk\n"));
                for j in 0..n {
                    if i != j && rng.below(4) == 0 {
                        edges[i][j] = true;
                        text.push_str(&format!("r{j} int | fk t{j}.id\n"));
                    }
                }
            }
            let s = schema(Dialect::Generic, &text);
            let mut reach = edges.clone();
            for k in 0..n {
                for i in 0..n {
                    for j in 0..n {
                        if reach[i][k] && reach[k][j] {
                            reach[i][j] = true;
                        }
                    }
                }
            }
            let mut expect: Vec<Vec<usize>> = Vec::new();
            for i in 0..n {
                let comp: Vec<usize> = (0..n).filter(|&j| j == i || (reach[i][j] && reach[j][i])).collect();
                if comp.len() > 1 && !expect.contains(&comp) {
                    expect.push(comp);
                }
            }
            expect.sort();
            assert_eq!(cycles(&s), expect, "{text}");
        }
    }
}
