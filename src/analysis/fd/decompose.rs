//! Decompositions: 3NF synthesis (Bernstein), BCNF decomposition, the chase test for
//! losslessness and the dependency-preservation test.

use super::core::{Attrs, Fd, bit, closure, is_subset, members, minimal_cover, minimize};

/// One relation of a decomposition and the key it is given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relation {
    pub attrs: Attrs,
    pub key: Attrs,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decomposition {
    pub relations: Vec<Relation>,
    /// Verified with the chase, not assumed from the algorithm.
    pub lossless: bool,
    pub preserving: bool,
    /// Dependencies of the minimal cover that no longer follow from the relations' own ones.
    pub lost: Vec<Fd>,
}

/// The chase: true when joining the projections on `relations` always gives back the
/// original relation over `universe` under `fds`.
pub fn chase(universe: Attrs, relations: &[Attrs], fds: &[Fd]) -> bool {
    let cols: Vec<usize> = members(universe).collect();
    // Symbol 0 is the distinguished "a"; row i's own symbols are unique per column.
    let mut rows: Vec<Vec<u32>> = relations
        .iter()
        .enumerate()
        .map(|(i, r)| cols.iter().map(|&c| if r & bit(c) != 0 { 0 } else { i as u32 + 1 }).collect())
        .collect();
    let pos = |a: usize| cols.iter().position(|&c| c == a);
    loop {
        let mut changed = false;
        for fd in fds {
            let lhs: Vec<usize> = members(fd.lhs).filter_map(pos).collect();
            let rhs: Vec<usize> = members(fd.rhs).filter_map(pos).collect();
            if lhs.len() != fd.lhs.count_ones() as usize {
                continue; // a dependency on attributes outside the universe
            }
            for i in 0..rows.len() {
                for j in i + 1..rows.len() {
                    let cell = |rows: &[Vec<u32>], r: usize, c: usize| rows.get(r).and_then(|row| row.get(c)).copied();
                    if lhs.iter().any(|&c| cell(&rows, i, c) != cell(&rows, j, c)) {
                        continue;
                    }
                    for &c in &rhs {
                        let (Some(x), Some(y)) = (cell(&rows, i, c), cell(&rows, j, c)) else { continue };
                        if x != y {
                            let (keep, gone) = (x.min(y), x.max(y));
                            for v in rows.iter_mut().filter_map(|row| row.get_mut(c)) {
                                if *v == gone {
                                    *v = keep;
                                }
                            }
                            changed = true;
                        }
                    }
                }
            }
        }
        if rows.iter().any(|r| r.iter().all(|&s| s == 0)) {
            return true;
        }
        if !changed {
            return false;
        }
    }
}

/// True when `fd` follows from the dependencies that hold within the relations.
pub fn preserved(fd: Fd, relations: &[Attrs], fds: &[Fd]) -> bool {
    let mut z = fd.lhs;
    loop {
        let before = z;
        for &r in relations {
            z |= closure(z & r, fds) & r;
        }
        if is_subset(fd.rhs, z) {
            return true;
        }
        if z == before {
            return false;
        }
    }
}

fn finish(universe: Attrs, relations: Vec<Attrs>, fds: &[Fd]) -> Decomposition {
    let cover = minimal_cover(fds);
    let lost: Vec<Fd> = cover.iter().copied().filter(|f| !preserved(*f, &relations, &cover)).collect();
    Decomposition {
        lossless: chase(universe, &relations, &cover),
        preserving: lost.is_empty(),
        lost,
        relations: relations.iter().map(|&r| Relation { attrs: r, key: minimize(r, r, &cover) }).collect(),
    }
}

/// Drops relations contained in another one (keeping the first of equal ones).
fn drop_contained(mut rels: Vec<Attrs>) -> Vec<Attrs> {
    let mut out: Vec<Attrs> = Vec::new();
    rels.sort_by_key(|r| std::cmp::Reverse(r.count_ones()));
    for r in rels {
        if !out.iter().any(|o| is_subset(r, *o)) {
            out.push(r);
        }
    }
    out
}

/// Bernstein's 3NF synthesis: one relation per left side of a minimal cover, plus a key
/// relation when none contains a candidate key.
pub fn synthesize_3nf(universe: Attrs, fds: &[Fd], keys: &[Attrs]) -> Decomposition {
    let cover = minimal_cover(fds);
    let mut groups: Vec<(Attrs, Attrs)> = Vec::new();
    for fd in &cover {
        match groups.iter_mut().find(|g| g.0 == fd.lhs) {
            Some(g) => g.1 |= fd.rhs,
            None => groups.push((fd.lhs, fd.lhs | fd.rhs)),
        }
    }
    let mut rels = drop_contained(groups.into_iter().map(|g| g.1).collect());
    if !rels.iter().any(|r| keys.iter().any(|k| is_subset(*k, *r))) {
        rels.push(keys.first().copied().unwrap_or(universe));
    }
    // Keep the synthesis order stable: by lowest attribute.
    rels.sort_by_key(|r| r.trailing_zeros());
    finish(universe, rels, &cover)
}

/// The most attributes a relation may have for exhaustive BCNF violation search.
const EXHAUSTIVE: u32 = 16;

/// A left side `X ⊂ r` whose closure within `r` is neither `X` nor all of `r`.
fn bcnf_violation(r: Attrs, cover: &[Fd]) -> Option<Attrs> {
    let violates = |x: Attrs| {
        let c = closure(x, cover) & r;
        c != x && c != r
    };
    // Declared left sides first: they give the decompositions users expect.
    if let Some(x) = cover.iter().map(|f| f.lhs).filter(|x| is_subset(*x, r)).find(|x| violates(*x)) {
        return Some(x);
    }
    if r.count_ones() > EXHAUSTIVE {
        return None;
    }
    // Every subset of r, smallest first.
    let attrs: Vec<usize> = members(r).collect();
    let mut subsets: Vec<Attrs> = (0u32..(1 << attrs.len()))
        .map(|m| attrs.iter().enumerate().filter(|(i, _)| m & (1 << i) != 0).fold(0, |a, (_, &c)| a | bit(c)))
        .collect();
    subsets.sort_by_key(|s| s.count_ones());
    subsets.into_iter().find(|x| violates(*x))
}

/// BCNF decomposition by repeated binary splits on violating dependencies (lossless by
/// construction; the chase confirms it). Relations wider than 16 attributes are split only
/// on the cover's own left sides.
pub fn decompose_bcnf(universe: Attrs, fds: &[Fd]) -> Decomposition {
    let cover = minimal_cover(fds);
    let mut done: Vec<Attrs> = Vec::new();
    let mut todo = vec![universe];
    while let Some(r) = todo.pop() {
        match bcnf_violation(r, &cover) {
            Some(x) => {
                let c = closure(x, &cover) & r;
                todo.push(x | (r & !c));
                todo.push(c);
            }
            None => done.push(r),
        }
    }
    let mut rels = drop_contained(done);
    rels.sort_by_key(|r| r.trailing_zeros());
    finish(universe, rels, &cover)
}
