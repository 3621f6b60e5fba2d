//! Attribute sets as bitsets, functional dependencies, closures, minimal covers, candidate
//! keys and normal forms.

use std::fmt;

/// A set of attributes (column positions 0..128) as a bitset.
pub type Attrs = u128;

/// The most attributes a relation may have here.
pub const MAX_ATTRS: usize = 128;

pub fn bit(i: usize) -> Attrs {
    1u128 << i
}

/// All attributes of an `n`-column relation.
pub fn all(n: usize) -> Attrs {
    if n >= 128 { Attrs::MAX } else { (1u128 << n) - 1 }
}

pub fn members(a: Attrs) -> impl Iterator<Item = usize> {
    (0..128).filter(move |i| a & (1u128 << i) != 0)
}

pub fn is_subset(a: Attrs, b: Attrs) -> bool {
    a & !b == 0
}

/// A functional dependency `lhs -> rhs`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fd {
    pub lhs: Attrs,
    pub rhs: Attrs,
}

impl Fd {
    pub fn new(lhs: Attrs, rhs: Attrs) -> Fd {
        Fd { lhs, rhs }
    }

    pub fn render(&self, names: &[String]) -> String {
        format!("{} -> {}", set_text(self.lhs, names), set_text(self.rhs, names))
    }
}

/// `a, b` for a set (`{}` for the empty set).
pub fn set_text(a: Attrs, names: &[String]) -> String {
    if a == 0 {
        return "{}".into();
    }
    members(a).map(|i| names.get(i).map_or("?", |s| s.as_str())).collect::<Vec<_>>().join(", ")
}

/// A declared FD that could not be read, with what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FdParseError(pub String);

impl fmt::Display for FdParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Parses `a, b -> c, d` over the given column names (case-insensitive; `→` also accepted).
pub fn parse_fd(text: &str, names: &[String]) -> Result<Fd, FdParseError> {
    let text = text.replace('→', "->");
    let Some((l, r)) = text.split_once("->") else {
        return Err(FdParseError(format!("`{}`: expected `columns -> columns`", text.trim())));
    };
    if r.contains("->") {
        return Err(FdParseError(format!("`{}`: more than one `->`", text.trim())));
    }
    let side = |s: &str, which: &str| -> Result<Attrs, FdParseError> {
        let mut set = 0;
        // `{}` is the empty set (a constant column: `{} -> c`), as `set_text` renders it.
        for part in s.split([',', ' ']).map(str::trim).filter(|p| !p.is_empty() && *p != "{}") {
            let part = part.trim_matches(|c| c == '"' || c == '`' || c == '[' || c == ']');
            match names.iter().position(|n| n.eq_ignore_ascii_case(part)) {
                Some(i) => set |= bit(i),
                None => {
                    return Err(FdParseError(format!(
                        "`{}`: no column `{part}` in the table (columns: {})",
                        text.trim(),
                        names.join(", ")
                    )));
                }
            }
        }
        if set == 0 && which == "right" {
            return Err(FdParseError(format!("`{}`: the right side names no column", text.trim())));
        }
        Ok(set)
    };
    Ok(Fd::new(side(l, "left")?, side(r, "right")?))
}

/// The closure of `attrs` under `fds`.
pub fn closure(attrs: Attrs, fds: &[Fd]) -> Attrs {
    let mut c = attrs;
    loop {
        let before = c;
        for fd in fds {
            if is_subset(fd.lhs, c) {
                c |= fd.rhs;
            }
        }
        if c == before {
            return c;
        }
    }
}

pub fn implies(fds: &[Fd], fd: Fd) -> bool {
    is_subset(fd.rhs, closure(fd.lhs, fds))
}

/// A minimal (canonical) cover: single attributes on the right, no extraneous left
/// attributes, no redundant dependencies; sorted, deterministic.
pub fn minimal_cover(fds: &[Fd]) -> Vec<Fd> {
    let mut g: Vec<Fd> = Vec::new();
    for fd in fds {
        for a in members(fd.rhs & !fd.lhs) {
            g.push(Fd::new(fd.lhs, bit(a)));
        }
    }
    g.sort();
    g.dedup();
    // Remove extraneous left attributes (against the full set, which is equivalent to g).
    for i in 0..g.len() {
        let Some(&fd) = g.get(i) else { continue };
        let mut lhs = fd.lhs;
        for a in members(fd.lhs) {
            let smaller = lhs & !bit(a);
            if is_subset(fd.rhs, closure(smaller, &g)) {
                lhs = smaller;
                if let Some(x) = g.get_mut(i) {
                    x.lhs = smaller;
                }
            }
        }
    }
    g.sort();
    g.dedup();
    // Remove redundant dependencies.
    let mut i = 0;
    while i < g.len() {
        let fd = g.remove(i);
        if !implies(&g, fd) {
            g.insert(i, fd);
            i += 1;
        }
    }
    g
}

/// Shrinks a superkey to a key (a minimal superkey), dropping attributes from the highest.
pub fn minimize(superkey: Attrs, universe: Attrs, fds: &[Fd]) -> Attrs {
    let mut k = superkey;
    for a in members(superkey).collect::<Vec<_>>().into_iter().rev() {
        let smaller = k & !bit(a);
        if is_subset(universe, closure(smaller, fds)) {
            k = smaller;
        }
    }
    k
}

/// Every candidate key of the relation `universe` (Lucchesi–Osborn), sorted; stops after
/// `limit` keys (the count can be exponential).
pub fn candidate_keys(universe: Attrs, fds: &[Fd], limit: usize) -> (Vec<Attrs>, bool) {
    let fds: Vec<Fd> = fds.iter().map(|f| Fd::new(f.lhs & universe, f.rhs & universe)).filter(|f| is_subset(f.lhs, universe)).collect();
    let first = minimize(universe, universe, &fds);
    let mut keys = vec![first];
    let mut i = 0;
    let mut truncated = false;
    while i < keys.len() {
        let Some(&k) = keys.get(i) else { break };
        for fd in &fds {
            let s = fd.lhs | (k & !fd.rhs);
            if keys.iter().any(|&other| is_subset(other, s)) {
                continue;
            }
            if keys.len() >= limit {
                truncated = true;
                break;
            }
            keys.push(minimize(s, universe, &fds));
        }
        i += 1;
    }
    keys.sort_by_key(|k| (k.count_ones(), members(*k).collect::<Vec<_>>()));
    (keys, truncated)
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum NormalForm {
    First,
    Second,
    Third,
    Bcnf,
}

impl NormalForm {
    pub fn label(self) -> &'static str {
        match self {
            NormalForm::First => "1NF",
            NormalForm::Second => "2NF",
            NormalForm::Third => "3NF",
            NormalForm::Bcnf => "BCNF",
        }
    }
}

/// The facts the report needs about one relation.
#[derive(Clone, Debug)]
pub struct Analysis {
    pub universe: Attrs,
    pub cover: Vec<Fd>,
    pub keys: Vec<Attrs>,
    pub keys_truncated: bool,
    pub prime: Attrs,
    pub normal_form: NormalForm,
    /// The dependencies that violate the next normal form (empty in BCNF).
    pub violations: Vec<Fd>,
}

pub const KEY_LIMIT: usize = 1000;

pub fn analyze(n: usize, fds: &[Fd]) -> Analysis {
    let universe = all(n);
    let cover = minimal_cover(fds);
    let (keys, keys_truncated) = candidate_keys(universe, &cover, KEY_LIMIT);
    let prime = keys.iter().fold(0, |a, k| a | k);
    let superkey = |x: Attrs| is_subset(universe, closure(x, &cover));
    // 2NF: no non-prime attribute depends on a proper subset of a key. Closure is monotone, so
    // the maximal proper subsets (key minus one attribute) are enough.
    let mut partial = Vec::new();
    for &k in &keys {
        for a in members(k) {
            let x = k & !bit(a);
            let dependent = closure(x, &cover) & !x & !prime;
            if dependent != 0 && !partial.iter().any(|f: &Fd| f.lhs == x) {
                partial.push(Fd::new(x, dependent));
            }
        }
    }
    // 3NF and BCNF can be tested on any cover with single-attribute right sides.
    let not_bcnf: Vec<Fd> = cover.iter().copied().filter(|f| !superkey(f.lhs)).collect();
    let not_3nf: Vec<Fd> = not_bcnf.iter().copied().filter(|f| f.rhs & prime == 0).collect();
    let (normal_form, violations) = if !partial.is_empty() {
        (NormalForm::First, partial)
    } else if !not_3nf.is_empty() {
        (NormalForm::Second, not_3nf)
    } else if !not_bcnf.is_empty() {
        (NormalForm::Third, not_bcnf)
    } else {
        (NormalForm::Bcnf, Vec::new())
    };
    Analysis { universe, cover, keys, keys_truncated, prime, normal_form, violations }
}
