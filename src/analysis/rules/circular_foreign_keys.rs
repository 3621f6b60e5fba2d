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

/// Strongly connected components of the table reference graph (iterative Tarjan), each
/// component's tables in arena order; only components with two or more tables.
#[allow(clippy::indexing_slicing)] // Every index is a node number below n, the length of each vector (Tarjan's bookkeeping).
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
    const UNSEEN: usize = usize::MAX;
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut counter = 0;
    let mut out = Vec::new();
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        // Each frame: (node, next edge to look at).
        let mut frames = vec![(root, 0usize)];
        index[root] = counter;
        low[root] = counter;
        counter += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut edge)) = frames.last_mut() {
            if let Some(&w) = adj[v].get(*edge) {
                *edge += 1;
                if index[w] == UNSEEN {
                    index[w] = counter;
                    low[w] = counter;
                    counter += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    frames.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut comp = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
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
