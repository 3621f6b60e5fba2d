//! Discovering functional dependencies from sample rows: a TANE-style levelwise search over
//! the attribute lattice with stripped partitions. It returns the minimal non-trivial
//! dependencies `X -> A` that hold exactly in the rows (NULL equals NULL here, as in
//! `GROUP BY`). Bounded: at most 30 columns and 100,000 rows, and a step budget counted in
//! row visits so the browser stays responsive; hitting a bound sets `truncated`.
//!
//! Rows come from `INSERT ... VALUES` statements ([`rows_from_inserts`]) or CSV
//! ([`rows_from_csv`]).

use super::core::{Fd, bit};
use std::collections::HashMap;

pub const MAX_COLUMNS: usize = 30;

/// Sample rows: one value per column, `None` for NULL.
pub type Rows = Vec<Vec<Option<String>>>;
pub const MAX_ROWS: usize = 100_000;

#[derive(Clone, Debug)]
pub struct Limits {
    pub max_rows: usize,
    /// Row visits (partition products and checks) before giving up.
    pub max_steps: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_rows: MAX_ROWS, max_steps: 200_000_000 }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Discovery {
    /// Minimal dependencies, one attribute on the right, sorted.
    pub fds: Vec<Fd>,
    /// True when a bound stopped the search: `fds` then holds only what was found so far
    /// (each of them holds and is minimal, but some may be missing).
    pub truncated: bool,
    pub notes: Vec<String>,
}

/// Equivalence classes of size ≥ 2 of the rows agreeing on an attribute set.
#[derive(Clone, Debug)]
struct Partition {
    classes: Vec<Vec<u32>>,
}

impl Partition {
    /// ||π|| − |π|: zero exactly when the set is a superkey of the sample.
    fn error(&self) -> usize {
        self.classes.iter().map(|c| c.len() - 1).sum()
    }
}

struct Search {
    rows: usize,
    steps: u64,
    max_steps: u64,
    scratch: Vec<u32>,
}

const NONE: u32 = u32::MAX;

impl Search {
    /// The product of two partitions (stripped: classes of two or more rows).
    fn product(&mut self, a: &Partition, b: &Partition) -> Partition {
        self.steps += (self.rows + a.classes.iter().map(Vec::len).sum::<usize>()) as u64;
        // Row numbers index `scratch` (one entry a row): the class of `a` the row is in, or NONE.
        for (i, c) in a.classes.iter().enumerate() {
            for &t in c {
                if let Some(x) = self.scratch.get_mut(t as usize) {
                    *x = i as u32;
                }
            }
        }
        let mut groups: Vec<Vec<u32>> = vec![Vec::new(); a.classes.len()];
        let class_of = |scratch: &[u32], t: u32| scratch.get(t as usize).copied().filter(|&i| i != NONE).map(|i| i as usize);
        let mut out = Vec::new();
        for c in &b.classes {
            for &t in c {
                if let Some(g) = class_of(&self.scratch, t).and_then(|i| groups.get_mut(i)) {
                    g.push(t);
                }
            }
            for &t in c {
                if let Some(g) = class_of(&self.scratch, t).and_then(|i| groups.get_mut(i))
                    && !g.is_empty()
                {
                    let g = std::mem::take(g);
                    if g.len() >= 2 {
                        out.push(g);
                    }
                }
            }
        }
        for c in &a.classes {
            for &t in c {
                if let Some(x) = self.scratch.get_mut(t as usize) {
                    *x = NONE;
                }
            }
        }
        Partition { classes: out }
    }

    fn exhausted(&self) -> bool {
        self.steps > self.max_steps
    }
}

/// The minimal functional dependencies that hold exactly in `rows` over `columns`.
pub fn discover(columns: &[String], rows: &[Vec<Option<String>>], limits: &Limits) -> Result<Discovery, String> {
    let n = columns.len();
    if n > MAX_COLUMNS {
        return Err(format!("{n} columns: discovery handles at most {MAX_COLUMNS}"));
    }
    if let Some((i, r)) = rows.iter().enumerate().find(|(_, r)| r.len() != n) {
        return Err(format!("row {} has {} values for {n} columns", i + 1, r.len()));
    }
    let mut notes = Vec::new();
    let mut truncated = false;
    let rows = if rows.len() > limits.max_rows {
        notes.push(format!("used the first {} of {} rows", limits.max_rows, rows.len()));
        truncated = true;
        rows.get(..limits.max_rows).unwrap_or(rows)
    } else {
        rows
    };
    let m = rows.len();
    let mut search = Search { rows: m, steps: 0, max_steps: limits.max_steps, scratch: vec![NONE; m] };
    // Level 1 partitions straight from the values.
    let mut singles: Vec<Partition> = Vec::with_capacity(n);
    for a in 0..n {
        let mut by_value: HashMap<Option<&str>, Vec<u32>> = HashMap::new();
        for (t, r) in rows.iter().enumerate() {
            // Every row has n values (checked first).
            by_value.entry(r.get(a).and_then(Option::as_deref)).or_default().push(t as u32);
        }
        let mut classes: Vec<Vec<u32>> = by_value.into_values().filter(|c| c.len() >= 2).collect();
        classes.sort();
        singles.push(Partition { classes });
        search.steps += m as u64;
    }
    let empty_error = m.saturating_sub(1);
    let universe: u32 = if n == 32 { u32::MAX } else { (1u32 << n) - 1 };
    let mut fds: Vec<Fd> = Vec::new();
    // Level state: set -> (partition, C+).
    let mut prev: HashMap<u32, (usize, u32)> = HashMap::new(); // error and C+ of the previous level
    prev.insert(0, (empty_error, universe));
    let mut level: Vec<(u32, Partition)> = singles.into_iter().enumerate().map(|(a, p)| (1u32 << a, p)).collect();
    while !level.is_empty() {
        let current = dependencies(n, universe, &level, &prev, &mut fds);
        if search.exhausted() {
            truncated = true;
            notes.push("stopped at the step budget".into());
            break;
        }
        // Prune sets whose C+ is empty (nothing minimal can be found above them).
        let kept: Vec<(u32, Partition)> = level.into_iter().filter(|(x, _)| current.get(x).is_some_and(|c| c.1 != 0)).collect();
        // Next level: join sets that differ only in their highest attribute.
        let index: HashMap<u32, usize> = kept.iter().enumerate().map(|(i, (x, _))| (*x, i)).collect();
        let mut next: Vec<(u32, Partition)> = Vec::new();
        'build: for (i, (x, px)) in kept.iter().enumerate() {
            for (y, py) in kept.iter().skip(i + 1) {
                let (x, y) = (*x, *y);
                let (hx, hy) = (31 - x.leading_zeros(), 31 - y.leading_zeros());
                if hx == hy || x & !(1 << hx) != y & !(1 << hy) {
                    continue;
                }
                let z = x | y;
                // Every subset one smaller must have survived.
                if (0..n).filter(|a| z & (1 << a) != 0).any(|a| !index.contains_key(&(z & !(1 << a)))) {
                    continue;
                }
                let p = search.product(px, py);
                next.push((z, p));
                if search.exhausted() {
                    break 'build;
                }
            }
        }
        prev = current;
        level = next;
    }
    fds.sort();
    fds.dedup();
    notes.dedup();
    Ok(Discovery { fds, truncated, notes })
}

/// One TANE level: C+ of every set and the minimal dependencies `X - {A} -> A` it yields.
fn dependencies(
    n: usize,
    universe: u32,
    level: &[(u32, Partition)],
    prev: &HashMap<u32, (usize, u32)>,
    fds: &mut Vec<Fd>,
) -> HashMap<u32, (usize, u32)> {
    let mut current = HashMap::new();
    for (x, p) in level {
        let x = *x;
        let mut cplus = universe;
        for a in (0..n).filter(|a| x & (1 << a) != 0) {
            cplus &= prev.get(&(x & !(1 << a))).map_or(0, |v| v.1);
        }
        let e = p.error();
        let candidates = x & cplus;
        for a in (0..n).filter(|a| candidates & (1 << a) != 0) {
            let lhs = x & !(1 << a);
            if prev.get(&lhs).is_some_and(|v| v.0 == e) {
                fds.push(Fd::new(to_attrs(lhs), bit(a)));
                cplus &= !(1 << a);
                cplus &= x;
            }
        }
        current.insert(x, (e, cplus));
    }
    current
}

fn to_attrs(x: u32) -> super::core::Attrs {
    x as super::core::Attrs
}

/// Rows of `table` from the `INSERT ... VALUES` statements in `sql`, in the table's column
/// order (`columns`); statements naming other tables are skipped. Non-literal values are
/// kept as their SQL text.
pub fn rows_from_inserts(
    sql: &str,
    table: &str,
    columns: &[String],
    dialect: &dyn sqlparser::dialect::Dialect,
) -> Result<Rows, String> {
    use sqlparser::ast::{Expr, SetExpr, Statement, TableObject, UnaryOperator, Value};
    let statements = sqlparser::parser::Parser::parse_sql(dialect, sql).map_err(|e| e.to_string())?;
    let mut rows = Vec::new();
    for st in statements {
        let Statement::Insert(ins) = st else { continue };
        let TableObject::TableName(name) = &ins.table else { continue };
        let last = name.0.last().map(|p| p.to_string()).unwrap_or_default();
        if !last.trim_matches(|c| c == '"' || c == '`' || c == '[' || c == ']').eq_ignore_ascii_case(table) {
            continue;
        }
        let order: Vec<usize> = if ins.columns.is_empty() {
            (0..columns.len()).collect()
        } else {
            let mut order = Vec::new();
            for c in &ins.columns {
                let c = c.to_string();
                let c = c.trim_matches(|x| x == '"' || x == '`' || x == '[' || x == ']');
                let i = columns
                    .iter()
                    .position(|n| n.eq_ignore_ascii_case(c))
                    .ok_or_else(|| format!("INSERT names unknown column `{c}` of `{table}`"))?;
                order.push(i);
            }
            order
        };
        let Some(source) = &ins.source else { continue };
        let SetExpr::Values(values) = &*source.body else { continue };
        for r in &values.rows {
            if r.content.len() != order.len() {
                return Err(format!("an INSERT row into `{table}` has {} values for {} columns", r.content.len(), order.len()));
            }
            let mut row = vec![None; columns.len()];
            for (e, &i) in r.content.iter().zip(&order) {
                let value = match e {
                    Expr::Value(v) if matches!(v.value, Value::Null) => None,
                    Expr::Value(v) => Some(v.value.clone().into_string().unwrap_or_else(|| v.value.to_string())),
                    Expr::UnaryOp { op: UnaryOperator::Minus, expr } => Some(format!("-{expr}")),
                    other => Some(other.to_string()),
                };
                // `order` holds positions in `columns`, the length of `row`.
                if let Some(cell) = row.get_mut(i) {
                    *cell = value;
                }
            }
            rows.push(row);
        }
    }
    Ok(rows)
}

/// A CSV text with a header line: (column names, rows). Quoted fields may contain commas,
/// doubled quotes and newlines; an empty unquoted field is NULL.
pub fn rows_from_csv(text: &str) -> Result<(Vec<String>, Rows), String> {
    let mut records: Vec<Vec<Option<String>>> = Vec::new();
    let mut record: Vec<Option<String>> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut was_quoted = false;
    let mut chars = text.chars().peekable();
    let end_field = |field: &mut String, was_quoted: &mut bool, record: &mut Vec<Option<String>>| {
        let f = std::mem::take(field);
        record.push(if f.is_empty() && !*was_quoted { None } else { Some(f) });
        *was_quoted = false;
    };
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' => {
                quoted = true;
                was_quoted = true;
            }
            ',' => end_field(&mut field, &mut was_quoted, &mut record),
            '\r' => {}
            '\n' => {
                end_field(&mut field, &mut was_quoted, &mut record);
                records.push(std::mem::take(&mut record));
            }
            _ => field.push(c),
        }
    }
    if quoted {
        return Err("unterminated quoted field".into());
    }
    if !field.is_empty() || !record.is_empty() || was_quoted {
        end_field(&mut field, &mut was_quoted, &mut record);
        records.push(record);
    }
    records.retain(|r| !matches!(r.as_slice(), [None]));
    let mut it = records.into_iter();
    let header: Vec<String> = it.next().ok_or("empty CSV")?.into_iter().map(|h| h.unwrap_or_default().trim().to_string()).collect();
    let rows: Vec<Vec<Option<String>>> = it.collect();
    if let Some((i, r)) = rows.iter().enumerate().find(|(_, r)| r.len() != header.len()) {
        return Err(format!("CSV line {} has {} fields, the header {}", i + 2, r.len(), header.len()));
    }
    Ok((header, rows))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::fd::core::{Attrs, is_subset};
    use crate::rng::Rng;

    fn holds(rows: &[Vec<Option<String>>], lhs: Attrs, a: usize) -> bool {
        for i in 0..rows.len() {
            for j in i + 1..rows.len() {
                let agree = (0..rows[i].len()).filter(|c| lhs & bit(*c) != 0).all(|c| rows[i][c] == rows[j][c]);
                if agree && rows[i][a] != rows[j][a] {
                    return false;
                }
            }
        }
        true
    }

    /// Every minimal X -> A by enumerating all X.
    fn brute_force(n: usize, rows: &[Vec<Option<String>>]) -> Vec<Fd> {
        let mut out = Vec::new();
        for a in 0..n {
            let mut found: Vec<Attrs> = Vec::new();
            let mut sets: Vec<Attrs> = (0..(1u128 << n)).filter(|x| x & bit(a) == 0).collect();
            sets.sort_by_key(|x| x.count_ones());
            for x in sets {
                if found.iter().any(|f| is_subset(*f, x)) {
                    continue;
                }
                if holds(rows, x, a) {
                    found.push(x);
                    out.push(Fd::new(x, bit(a)));
                }
            }
        }
        out.sort();
        out
    }

    /// Discovery on this many random tables of 1..=6 columns and 0..=12 rows with small domains.
    const CASES: usize = 1500;

    #[test]
    fn discovery_matches_brute_force_on_random_tables() {
        let mut rng = Rng::new(42);
        let mut nontrivial = 0;
        for _ in 0..CASES {
            let n = 1 + rng.below(6);
            let m = rng.below(13);
            let domain = 1 + rng.below(4);
            let rows: Vec<Vec<Option<String>>> = (0..m)
                .map(|_| (0..n).map(|_| match rng.below(domain + 1) {
                    0 if rng.below(3) == 0 => None,
                    v => Some(v.to_string()),
                }).collect())
                .collect();
            let names: Vec<String> = (0..n).map(|i| format!("c{i}")).collect();
            let d = discover(&names, &rows, &Limits::default()).unwrap();
            assert!(!d.truncated);
            let expect = brute_force(n, &rows);
            assert_eq!(d.fds, expect, "rows {rows:?}");
            nontrivial += expect.iter().filter(|f| f.lhs.count_ones() >= 2).count();
        }
        assert!(nontrivial > 50, "the generator produces composite left sides: {nontrivial}");
    }

    #[test]
    fn budget_truncates_with_a_note_and_sound_results() {
        let mut rng = Rng::new(9);
        let n = 12;
        let rows: Vec<Vec<Option<String>>> =
            (0..300).map(|_| (0..n).map(|_| Some(rng.below(5).to_string())).collect()).collect();
        let names: Vec<String> = (0..n).map(|i| format!("c{i}")).collect();
        let d = discover(&names, &rows, &Limits { max_rows: 200, max_steps: 20_000 }).unwrap();
        assert!(d.truncated);
        assert!(d.notes.iter().any(|n| n.contains("first 200 of 300")));
        assert!(d.notes.iter().any(|n| n.contains("step budget")));
        for f in &d.fds {
            let a = f.rhs.trailing_zeros() as usize;
            assert!(holds(&rows[..200], f.lhs, a), "reported FDs hold");
        }
        let wide: Vec<String> = (0..31).map(|i| format!("c{i}")).collect();
        assert!(discover(&wide, &[], &Limits::default()).unwrap_err().contains("at most 30"));
    }

    #[test]
    fn reads_inserts_and_csv() {
        let cols: Vec<String> = ["id", "zip", "city"].iter().map(|s| s.to_string()).collect();
        let sql = "INSERT INTO places (zip, city, id) VALUES ('1000', 'Oslo', 1), ('1000', 'Oslo', 2), ('5000', NULL, -3);\nINSERT INTO other VALUES (1);";
        let rows = rows_from_inserts(sql, "places", &cols, &sqlparser::dialect::GenericDialect {}).unwrap();
        assert_eq!(rows[2], vec![Some("-3".into()), Some("5000".into()), None]);
        let d = discover(&cols, &rows, &Limits::default()).unwrap();
        let names = |f: &Fd| f.render(&cols);
        assert!(d.fds.iter().map(names).any(|s| s == "zip -> city"), "{:?}", d.fds.iter().map(names).collect::<Vec<_>>());
        let (header, rows) = rows_from_csv("a,b\n\"x, y\",\n\"q\"\"\",2\n").unwrap();
        assert_eq!(header, ["a", "b"]);
        assert_eq!(rows, vec![vec![Some("x, y".into()), None], vec![Some("q\"".into()), Some("2".into())]]);
        assert!(rows_from_csv("a,b\n1\n").unwrap_err().contains("line 2"));
    }
}
