//! The FD algorithms against brute-force oracles on thousands of random small relations.

use super::core::*;
use super::decompose::*;
use crate::rng::Rng;

/// Cases per property; each is a random relation of 1..=6 attributes with 0..=6 dependencies.
const CASES: usize = 3000;

fn random_fds(rng: &mut Rng, n: usize) -> Vec<Fd> {
    let count = rng.below(7);
    (0..count)
        .map(|_| {
            let mut lhs = 0;
            for _ in 0..1 + rng.below(3) {
                lhs |= bit(rng.below(n));
            }
            if rng.below(20) == 0 {
                lhs = 0; // a constant column
            }
            let mut rhs = bit(rng.below(n));
            if rng.below(3) == 0 {
                rhs |= bit(rng.below(n));
            }
            Fd::new(lhs, rhs)
        })
        .collect()
}

fn cases(seed: u64) -> impl Iterator<Item = (usize, Vec<Fd>)> {
    let mut rng = Rng::new(seed);
    (0..CASES).map(move |_| {
        let n = 1 + rng.below(6);
        let fds = random_fds(&mut rng, n);
        (n, fds)
    })
}

fn subsets(u: Attrs) -> Vec<Attrs> {
    (0..=u).filter(|s| is_subset(*s, u)).collect()
}

/// X+ as the intersection of every superset of X closed under the dependencies (a
/// characterization independent of the fixpoint loop).
fn oracle_closure(x: Attrs, u: Attrs, fds: &[Fd]) -> Attrs {
    subsets(u)
        .into_iter()
        .filter(|s| is_subset(x, *s) && fds.iter().all(|f| !is_subset(f.lhs, *s) || is_subset(f.rhs, *s)))
        .fold(u, |a, s| a & s)
}

fn oracle_keys(u: Attrs, fds: &[Fd]) -> Vec<Attrs> {
    let supers: Vec<Attrs> = subsets(u).into_iter().filter(|s| oracle_closure(*s, u, fds) == u).collect();
    let mut keys: Vec<Attrs> = supers.iter().copied().filter(|s| !supers.iter().any(|o| o != s && is_subset(*o, *s))).collect();
    keys.sort();
    keys
}

fn oracle_normal_form(u: Attrs, fds: &[Fd]) -> NormalForm {
    let keys = oracle_keys(u, fds);
    let prime = keys.iter().fold(0, |a, k| a | k);
    let (mut two, mut three, mut bcnf) = (true, true, true);
    for x in subsets(u) {
        let cl = oracle_closure(x, u, fds);
        let superkey = cl == u;
        for a in members(cl & !x) {
            let a_prime = prime & bit(a) != 0;
            if !superkey {
                bcnf = false;
                if !a_prime {
                    three = false;
                    if keys.iter().any(|k| is_subset(x, *k) && x != *k) {
                        two = false;
                    }
                }
            }
        }
    }
    if !two {
        NormalForm::First
    } else if !three {
        NormalForm::Second
    } else if !bcnf {
        NormalForm::Third
    } else {
        NormalForm::Bcnf
    }
}

#[test]
fn closure_matches_the_closed_set_oracle() {
    let mut checked = 0;
    for (n, fds) in cases(1) {
        let u = all(n);
        for x in subsets(u) {
            assert_eq!(closure(x, &fds), oracle_closure(x, u, &fds) | x & u, "n={n} {fds:?} x={x:b}");
            checked += 1;
        }
    }
    assert!(checked > CASES);
}

#[test]
fn minimal_cover_is_equivalent_and_minimal() {
    for (n, fds) in cases(2) {
        let u = all(n);
        let g = minimal_cover(&fds);
        for x in subsets(u) {
            assert_eq!(closure(x, &g), closure(x, &fds), "cover changes closures: {fds:?} -> {g:?}");
        }
        for (i, f) in g.iter().enumerate() {
            assert_eq!(f.rhs.count_ones(), 1, "single right side");
            assert!(f.lhs & f.rhs == 0, "non-trivial");
            let others: Vec<Fd> = g.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, f)| *f).collect();
            assert!(!implies(&others, *f), "redundant {f:?} in {g:?}");
            for a in members(f.lhs) {
                assert!(!implies(&g, Fd::new(f.lhs & !bit(a), f.rhs)), "extraneous attribute in {f:?}");
            }
        }
    }
}

#[test]
fn candidate_keys_and_prime_attributes_match_brute_force() {
    for (n, fds) in cases(3) {
        let u = all(n);
        let (mut keys, truncated) = candidate_keys(u, &fds, KEY_LIMIT);
        assert!(!truncated);
        keys.sort();
        assert_eq!(keys, oracle_keys(u, &fds), "n={n} {fds:?}");
        let a = analyze(n, &fds);
        assert_eq!(a.prime, keys.iter().fold(0, |x, k| x | k));
    }
}

#[test]
fn normal_form_matches_the_definitions() {
    let mut seen = [0usize; 4];
    for (n, fds) in cases(4) {
        let a = analyze(n, &fds);
        assert_eq!(a.normal_form, oracle_normal_form(all(n), &fds), "n={n} {fds:?}");
        assert_eq!(a.violations.is_empty(), a.normal_form == NormalForm::Bcnf);
        seen[a.normal_form as usize] += 1;
    }
    assert!(seen.iter().all(|&c| c > 20), "the generator reaches every normal form: {seen:?}");
}

/// Binary decompositions: lossless exactly when the common attributes determine one side.
#[test]
fn chase_agrees_with_the_binary_criterion() {
    let mut rng = Rng::new(5);
    for (n, fds) in cases(5) {
        let u = all(n);
        let r1 = (rng.next_u64() as Attrs) & u;
        let r2 = ((rng.next_u64() as Attrs) & u) | (u & !r1);
        let common = closure(r1 & r2, &fds);
        let expect = is_subset(r1, common) || is_subset(r2, common);
        assert_eq!(chase(u, &[r1, r2], &fds), expect, "{r1:b} {r2:b} {fds:?}");
    }
}

#[test]
fn synthesis_is_lossless_preserving_and_in_3nf() {
    for (n, fds) in cases(6) {
        let a = analyze(n, &fds);
        let d = synthesize_3nf(a.universe, &a.cover, &a.keys);
        assert!(d.lossless && chase(a.universe, &d.relations.iter().map(|r| r.attrs).collect::<Vec<_>>(), &fds), "{fds:?}");
        assert!(d.preserving && d.lost.is_empty(), "{fds:?} {d:?}");
        let union = d.relations.iter().fold(0, |x, r| x | r.attrs);
        assert_eq!(union, a.universe, "every attribute kept");
        for r in &d.relations {
            // Each relation is in 3NF under the projected dependencies (checked by brute force).
            let projected: Vec<Fd> = subsets(r.attrs).into_iter().map(|x| Fd::new(x, closure(x, &fds) & r.attrs & !x)).filter(|f| f.rhs != 0).collect();
            let local: Vec<usize> = members(r.attrs).collect();
            let remap = |s: Attrs| local.iter().enumerate().filter(|(_, c)| s & bit(**c) != 0).fold(0, |x, (i, _)| x | bit(i));
            let local_fds: Vec<Fd> = projected.iter().map(|f| Fd::new(remap(f.lhs), remap(f.rhs))).collect();
            assert!(oracle_normal_form(all(local.len()), &local_fds) >= NormalForm::Third, "{fds:?} {r:?}");
            assert_eq!(closure(r.key, &fds) & r.attrs, r.attrs, "the key determines its relation");
        }
    }
}

#[test]
fn bcnf_decomposition_is_lossless_and_every_relation_is_bcnf() {
    let mut not_preserving = 0;
    for (n, fds) in cases(7) {
        let u = all(n);
        let d = decompose_bcnf(u, &fds);
        let rels: Vec<Attrs> = d.relations.iter().map(|r| r.attrs).collect();
        assert!(d.lossless && chase(u, &rels, &fds), "{fds:?}");
        assert_eq!(rels.iter().fold(0, |x, r| x | r), u);
        for r in &rels {
            for x in subsets(*r) {
                let c = closure(x, &fds) & *r;
                assert!(c == x || c == *r, "{x:b} violates BCNF in {r:b} for {fds:?}");
            }
        }
        for f in minimal_cover(&fds) {
            assert_eq!(d.lost.contains(&f), !preserved(f, &rels, &fds));
        }
        if !d.preserving {
            not_preserving += 1;
        }
    }
    assert!(not_preserving > 0, "some cases lose dependencies (e.g. ab->c, c->b)");
}

#[test]
fn parse_reports_clear_errors() {
    let names: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
    assert_eq!(parse_fd("a, b -> c", &names), Ok(Fd::new(0b011, 0b100)));
    assert_eq!(parse_fd(" A B→C ", &names), Ok(Fd::new(0b011, 0b100)));
    let constant = Fd::new(0, 0b010);
    assert_eq!(parse_fd(&constant.render(&names), &names), Ok(constant), "rendered FDs parse back");
    for (bad, needle) in [("a b c", "expected"), ("a -> z", "no column `z`"), ("a ->", "right side"), ("a->b->c", "more than one")] {
        let err = parse_fd(bad, &names).unwrap_err();
        assert!(err.0.contains(needle), "{bad}: {err}");
    }
}

mod report {
    use crate::analysis::fd::{analyze, decompose_bcnf, decomposition_edits, normalize_report, table_fds};
    use crate::analysis::testkit::schema;
    use crate::edit::Edit;
    use crate::schema::Dialect;

    const ITEMS: &str = "table order_items\norder_id int | nn\nproduct_id int | nn\nproduct_name text\nquantity int\npk order_id product_id";

    #[test]
    fn text_report_names_keys_form_violations_and_decompositions() {
        let s = schema(Dialect::Postgres, ITEMS);
        let out = normalize_report(&s, "order_items", &["product_id -> product_name".into()], false).unwrap();
        for needle in [
            "Candidate keys: (order_id, product_id)",
            "Normal form: 1NF",
            "Violations of 2NF:\n  product_id -> product_name  (partial dependency on part of key (order_id, product_id))",
            "3NF synthesis (Bernstein): lossless yes (chase), dependency preserving yes",
            "R1(order_id, product_id, quantity)  key (order_id, product_id)",
            "R2(product_id, product_name)  key (product_id)",
        ] {
            assert!(out.contains(needle), "missing {needle:?} in\n{out}");
        }
    }

    #[test]
    fn json_report_and_errors() {
        let s = schema(Dialect::Postgres, "table r\na int\nb int\nc int");
        let out = normalize_report(&s, "r", &["a,b->c".into(), "c->b".into()], true).unwrap();
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["normal_form"], "3NF");
        assert_eq!(v["candidate_keys"], serde_json::json!([["a", "b"], ["a", "c"]]));
        assert_eq!(v["decomposition_bcnf"]["dependency_preserving"], false);
        assert_eq!(v["decomposition_bcnf"]["lost"], serde_json::json!(["a, b -> c"]));
        assert_eq!(v["decomposition_bcnf"]["lossless"], true);
        assert!(normalize_report(&s, "nope", &[], false).unwrap_err().contains("no table"));
        assert!(normalize_report(&s, "r", &["a -> zz".into()], false).unwrap_err().contains("no column `zz`"));
    }

    #[test]
    fn applying_a_decomposition_moves_columns_to_a_keyed_table_with_a_foreign_key() {
        let s = schema(Dialect::Postgres, ITEMS);
        let t = &s.tables[0];
        let tf = table_fds(t, &["product_id -> product_name".into()]).unwrap();
        let a = analyze(tf.names.len(), &tf.all());
        let d = decompose_bcnf(a.universe, &a.cover);
        let edits = decomposition_edits(&s, t, &d);
        let Some(Edit::AddTable { table: nt }) = edits.first() else { panic!("{edits:?}") };
        assert_eq!(nt.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["product_id", "product_name"]);
        assert_eq!(nt.primary_key.as_ref().unwrap().columns, vec![nt.columns[0].id]);
        assert!(nt.id.0 >= s.next_id && nt.columns.iter().all(|c| c.id.0 >= s.next_id));
        assert!(matches!(&edits[1], Edit::AddForeignKey { table, foreign_key, .. } if *table == t.id && foreign_key.ref_table == nt.id && foreign_key.columns == [t.columns[1].id]));
        assert_eq!(edits[2], Edit::DeleteColumn { column: t.columns[2].id });
        assert_eq!(edits.len(), 3);
        // Applied through the one door, the schema is valid and normalized.
        let mut applied = s.clone();
        crate::analysis::reserve_fix_ids(&mut applied, &edits);
        crate::edit::apply(&mut applied, Edit::Batch(edits)).unwrap();
        applied.validate().unwrap();
        let out = normalize_report(&applied, "order_items", &[], false).unwrap();
        assert!(out.contains("Normal form: BCNF"), "{out}");
        let moved = applied.find_table(None, "order_items_by_product_id").unwrap();
        assert!(moved.column_by_name("product_name").is_some());
        assert!(applied.tables[0].column_by_name("product_name").is_none());
    }

    /// Random declared FDs on a 5-column table: every proposal applies and keeps the schema valid.
    #[test]
    fn every_proposal_applies() {
        let mut rng = crate::rng::Rng::new(77);
        let s = schema(Dialect::Postgres, "table r
a int | pk
b int
c int
d int
e int");
        let names = ["a", "b", "c", "d", "e"];
        for _ in 0..200 {
            let fds: Vec<String> = (0..1 + rng.below(4))
                .map(|_| format!("{} -> {}", names[1 + rng.below(4)], names[rng.below(5)]))
                .filter(|f| f.split(" -> ").collect::<Vec<_>>().windows(2).all(|w| w[0] != w[1]))
                .collect();
            let tf = table_fds(&s.tables[0], &fds).unwrap();
            let a = analyze(tf.names.len(), &tf.all());
            for d in [crate::analysis::fd::synthesize_3nf(a.universe, &a.cover, &a.keys), decompose_bcnf(a.universe, &a.cover)] {
                let edits = decomposition_edits(&s, &s.tables[0], &d);
                let mut applied = s.clone();
                crate::analysis::reserve_fix_ids(&mut applied, &edits);
                crate::edit::apply(&mut applied, Edit::Batch(edits)).unwrap_or_else(|e| panic!("{fds:?}: {e}"));
                applied.validate().unwrap();
                for n in names {
                    assert!(applied.tables.iter().any(|t| t.column_by_name(n).is_some()), "{n} lost for {fds:?}");
                }
            }
        }
    }
}
