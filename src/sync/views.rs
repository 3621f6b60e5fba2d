//! The queries of views, read as far as a rename needs: which tokens name a table (a relation
//! after `FROM`/`JOIN`, or a qualifier `t.c`) and which name a column of it, so that renaming a
//! table or a column in the model rewrites the views that read it — or refuses, saying where,
//! when a name in a view cannot be told apart safely.

use super::scan::{NameRef, Scan};
use crate::import::{Token, TokenKind};
use crate::schema::{Schema, Table, TableId};

/// A relation a view's query reads: its name and the alias it is given, if any.
pub struct Relation {
    pub name: NameRef,
    pub alias: Option<String>,
    /// The table of the old model it names (`None`: a view, a CTE, a table not in the model).
    pub table: Option<TableId>,
}

/// The query of one `CREATE [MATERIALIZED] VIEW` statement.
pub struct ViewQuery {
    pub stmt: usize,
    /// The first token of the query (after `AS`).
    pub body: usize,
    pub relations: Vec<Relation>,
    /// Something the query reads is no table of the model (a derived table, a CTE, a function,
    /// another view): a bare column name cannot be resolved safely.
    pub opaque: bool,
}

/// Words after a relation name that are no alias.
const NOT_ALIAS: &[&str] = &[
    "WHERE", "JOIN", "LEFT", "RIGHT", "INNER", "OUTER", "FULL", "CROSS", "NATURAL", "ON", "USING", "GROUP", "ORDER", "HAVING",
    "UNION", "EXCEPT", "INTERSECT", "MINUS", "LIMIT", "OFFSET", "WINDOW", "FETCH", "FOR", "WITH", "LATERAL", "SELECT", "FROM",
    "RETURNING", "TABLESAMPLE", "AS", "STRAIGHT_JOIN", "QUALIFY",
];

/// Words that end a `FROM` list.
const FROM_END: &[&str] = &["WHERE", "GROUP", "ORDER", "HAVING", "UNION", "EXCEPT", "INTERSECT", "LIMIT", "ON", "SELECT", "WINDOW", "USING"];

fn is_ident(t: &Token) -> bool {
    matches!(t.kind, TokenKind::Word | TokenKind::Quoted(_))
}

impl Scan<'_> {
    fn word_is(&self, toks: &[Token], i: usize, k: &str) -> bool {
        toks.get(i).is_some_and(|t| t.kind == TokenKind::Word && self.text(t).eq_ignore_ascii_case(k))
    }

    fn sym_is(&self, toks: &[Token], i: usize, s: &str) -> bool {
        toks.get(i).is_some_and(|t| t.kind == TokenKind::Sym && self.text(t) == s)
    }

    /// The query of statement `st` when it creates a view.
    pub fn view_query(&self, st: usize, old: &Schema) -> Option<ViewQuery> {
        let toks = self.toks(st);
        if !self.word_is(toks, 0, "CREATE") {
            return None;
        }
        let view = (1..toks.len().min(8)).find(|&k| self.word_is(toks, k, "VIEW"))?;
        if (1..view).any(|k| self.word_is(toks, k, "TABLE") || self.word_is(toks, k, "INDEX")) {
            return None;
        }
        // The first `AS` at depth zero after the view's name starts the query.
        let mut depth = 0i32;
        let mut body = None;
        for (k, t) in toks.iter().enumerate().skip(view + 1) {
            if t.kind == TokenKind::Sym {
                match self.text(t) {
                    "(" => depth += 1,
                    ")" => depth -= 1,
                    _ => {}
                }
            } else if depth == 0 && self.word_is(toks, k, "AS") {
                body = Some(k + 1);
                break;
            }
        }
        let body = body?;
        let mut ctes: Vec<String> = Vec::new();
        let mut relations = Vec::new();
        let mut opaque = false;
        let (mut depth, mut from_depth, mut in_from) = (0i32, 0i32, false);
        let mut i = body;
        while let Some(t) = toks.get(i) {
            if is_ident(t) && self.word_is(toks, i + 1, "AS") && self.sym_is(toks, i + 2, "(") {
                ctes.push(self.ident(t).to_lowercase());
            }
            let starts = self.word_is(toks, i, "FROM") || self.word_is(toks, i, "JOIN") || (in_from && depth == from_depth && self.sym_is(toks, i, ","));
            if starts {
                in_from = true;
                from_depth = depth;
                let mut j = i + 1;
                // `FROM ((a JOIN b ON …) JOIN c ON …)`: parentheses around joins, not a subquery.
                while self.sym_is(toks, j, "(") && !["SELECT", "WITH", "VALUES"].iter().any(|w| self.word_is(toks, j + 1, w)) {
                    j += 1;
                    depth += 1;
                }
                while self.word_is(toks, j, "LATERAL") || self.word_is(toks, j, "ONLY") {
                    j += 1;
                }
                match self.name_at(toks, j) {
                    Some(name) if !self.sym_is(toks, name.parts.last().map_or(j, |p| p + 1), "(") => {
                        let after = name.parts.last().map_or(j, |p| p + 1);
                        let alias_at = if self.word_is(toks, after, "AS") { Some(after + 1) } else { Some(after) };
                        let alias = alias_at
                            .and_then(|a| toks.get(a).filter(|t| is_ident(t)).map(|t| (a, t)))
                            .filter(|(_, t)| t.kind != TokenKind::Word || !NOT_ALIAS.iter().any(|w| self.text(t).eq_ignore_ascii_case(w)))
                            .map(|(_, t)| self.ident(t));
                        let cte = name.parts.len() == 1 && ctes.contains(&name.name().to_lowercase());
                        let table = if cte { None } else { old.tables.iter().find(|t| name.is(t)).map(|t| t.id) };
                        opaque |= table.is_none();
                        relations.push(Relation { name, alias, table });
                        i = after;
                        continue;
                    }
                    // A derived table or a function.
                    _ => opaque = true,
                }
                i = j;
                continue;
            }
            if t.kind == TokenKind::Sym {
                match self.text(t) {
                    "(" => depth += 1,
                    ")" => {
                        depth -= 1;
                        if depth < from_depth {
                            in_from = false;
                        }
                    }
                    _ => {}
                }
            } else if FROM_END.iter().any(|w| self.word_is(toks, i, w)) && depth == from_depth {
                in_from = false;
            }
            i += 1;
        }
        Some(ViewQuery { stmt: st, body, relations, opaque })
    }
}

/// One token to rewrite in a view: its byte range and the new text.
pub type Rewrite = (usize, usize, String);

/// What renaming the columns `renames` (old name → new name) of table `o` changes in a view's
/// query: every `q.c` whose `q` is `o` or its alias, and every bare `c` when `o` is the only
/// table the view reads with such a column. A column that is a whole item of a select list
/// keeps its output name (`new AS old`), as PostgreSQL keeps a view's columns on a rename.
/// `Err`: where a bare name cannot be told apart (line:column, for the message).
pub fn column_rewrites(
    scan: &Scan,
    q: &ViewQuery,
    old: &Schema,
    o: &Table,
    renames: &[(String, String)],
    ident: &dyn Fn(&Token, &str) -> String,
) -> Result<Vec<Rewrite>, String> {
    let toks = scan.toks(q.stmt);
    let ours: Vec<&Relation> = q.relations.iter().filter(|r| r.table == Some(o.id)).collect();
    if ours.is_empty() || renames.is_empty() {
        return Ok(Vec::new());
    }
    let mut handles: Vec<String> = ours.iter().map(|r| r.alias.clone().unwrap_or_else(|| r.name.name().to_string()).to_lowercase()).collect();
    handles.extend(ours.iter().filter(|r| r.alias.is_none()).map(|r| r.name.values.join(".").to_lowercase()));
    let aliases: Vec<String> = q.relations.iter().filter_map(|r| r.alias.as_ref().map(|a| a.to_lowercase())).collect();
    let relation_tokens: Vec<usize> = q.relations.iter().flat_map(|r| r.name.parts.iter().copied()).collect();
    let sym = |i: usize, s: &str| toks.get(i).is_some_and(|t| t.kind == TokenKind::Sym && scan.text(t) == s);
    let word = |i: usize, k: &str| toks.get(i).is_some_and(|t| t.kind == TokenKind::Word && scan.text(t).eq_ignore_ascii_case(k));
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate().skip(q.body) {
        if !is_ident(t) || relation_tokens.contains(&i) || sym(i + 1, ".") || sym(i + 1, "(") {
            continue;
        }
        let name = scan.ident(t);
        let Some((_, to)) = renames.iter().find(|(from, _)| from.eq_ignore_ascii_case(&name)) else { continue };
        // `q.c` (or `s.t.c`): the qualifier before the dot.
        let (qualified, start) = if i >= 2 && sym(i - 1, ".") {
            let mut a = i - 2;
            while a >= 2 && sym(a - 1, ".") {
                a -= 2;
            }
            let qual: Vec<String> = (a..i - 1).step_by(2).filter_map(|k| toks.get(k).map(|t| scan.ident(t))).collect();
            let qual = qual.join(".").to_lowercase();
            if !handles.contains(&qual) {
                continue;
            }
            (true, a)
        } else {
            (false, i)
        };
        if !qualified {
            // A bare name: an alias the query defines, a keyword used as a word, or a column.
            if word(i.wrapping_sub(1), "AS") || aliases.contains(&name.to_lowercase()) {
                continue;
            }
            let has = |r: &&Relation| r.table.and_then(|id| old.table(id)).is_some_and(|t| t.column_by_name(&name).is_some());
            let others = q.relations.iter().filter(|r| r.table != Some(o.id)).filter(has).count();
            if q.opaque || others > 0 {
                let at = t.start as usize;
                let line = scan.src[..at].matches('\n').count() + 1;
                let col = at - scan.src[..at].rfind('\n').map_or(0, |p| p + 1) + 1;
                return Err(format!("a view names `{name}` at {line}:{col} without saying which table it means; qualify it (t.{name}) in the text first"));
            }
        }
        let mut new = ident(t, to);
        // A whole select item keeps its output name.
        let before = start.checked_sub(1);
        let item_start = before.is_some_and(|b| sym(b, ",") || word(b, "SELECT") || word(b, "DISTINCT"));
        let item_end = sym(i + 1, ",") || word(i + 1, "FROM") || i + 1 == toks.len();
        if item_start && item_end && in_select_list(scan, toks, q.body, i) {
            new = format!("{new} AS {}", ident(t, &name));
        }
        out.push((t.start as usize, t.end as usize, new));
    }
    Ok(out)
}

/// Whether token `i` lies in a select list (between `SELECT` and its `FROM` at the same depth).
fn in_select_list(scan: &Scan, toks: &[Token], body: usize, i: usize) -> bool {
    let mut depth = 0i32;
    let mut selects: Vec<i32> = Vec::new();
    for (k, t) in toks.iter().enumerate().take(i).skip(body) {
        if t.kind == TokenKind::Sym {
            match scan.text(t) {
                "(" => depth += 1,
                ")" => {
                    depth -= 1;
                    selects.retain(|d| *d <= depth);
                }
                _ => {}
            }
        } else if t.kind == TokenKind::Word {
            let w = scan.text(t);
            if w.eq_ignore_ascii_case("SELECT") {
                selects.push(depth);
            } else if w.eq_ignore_ascii_case("FROM") {
                selects.retain(|d| *d != depth);
            }
        }
        let _ = k;
    }
    selects.last() == Some(&depth)
}

/// Qualifiers `t.c` (or `s.t.c`) in a view's query that name table `o` by its name (not an
/// alias): the name references to rename with the table.
pub fn qualifier_names(scan: &Scan, q: &ViewQuery, o: &Table) -> Vec<NameRef> {
    let toks = scan.toks(q.stmt);
    let aliased_as_o = q.relations.iter().any(|r| r.alias.as_ref().is_some_and(|a| a.eq_ignore_ascii_case(&o.name)));
    if aliased_as_o {
        return Vec::new();
    }
    let relation_tokens: Vec<usize> = q.relations.iter().flat_map(|r| r.name.parts.iter().copied()).collect();
    let sym = |i: usize, s: &str| toks.get(i).is_some_and(|t| t.kind == TokenKind::Sym && scan.text(t) == s);
    let mut out = Vec::new();
    let mut i = q.body;
    while i < toks.len() {
        if relation_tokens.contains(&i) || (i > 0 && sym(i - 1, ".")) || !toks.get(i).is_some_and(is_ident) {
            i += 1;
            continue;
        }
        let Some(name) = scan.name_at(toks, i) else {
            i += 1;
            continue;
        };
        let (Some((&last, parts)), Some((_, values))) = (name.parts.split_last(), name.values.split_last()) else {
            i += 1;
            continue;
        };
        // `t.c` or `s.t.c`: the name without its last part names the table.
        if !parts.is_empty() && !sym(last + 1, "(") {
            let table = NameRef { parts: parts.to_vec(), values: values.to_vec() };
            if table.parts.len() <= 2 && table.is(o) {
                out.push(table);
            }
        }
        i = last + 1;
    }
    out
}
