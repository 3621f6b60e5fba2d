//! Objects the model keeps as written ([`Object`]: functions, procedures, triggers, policies,
//! extensions, types, comments, grants, …). They pair by kind and identity (a routine by its
//! name and argument types, a trigger or policy by its name and table, a comment by what it is
//! on, a grant by its text); a pair whose text differs is replaced, an unpaired one is created
//! or dropped.
//!
//! Order: what hangs on a table or a routine (triggers, policies, rules, grants, comments) is
//! dropped first and created last; routines are created after the tables, columns and keys they
//! may read, but before the tables when a default, check or index of the next schema calls one,
//! and dropped after the tables; extensions and types are created before everything they may
//! type and dropped after. Within one phase an object comes after the objects it names (a
//! function after the functions it calls), and drops run in the reverse order.

use super::{Change, Differ, key};
use crate::schema::{Object, ObjectId, ObjectKind, Schema};
use std::collections::{HashMap, HashSet};

/// The same object before and after.
type ObjectPair<'a> = (&'a Object, &'a Object);

/// Where an object's drop and create go.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Rank {
    /// Hangs on a table or routine: dropped first, created last.
    Dependent,
    /// Functions, procedures, aggregates, operators, casts, packages.
    Routine,
    /// Extensions, types, collations: before everything that may use them.
    Base,
}

fn rank(k: ObjectKind) -> Rank {
    match k {
        ObjectKind::Function | ObjectKind::Procedure | ObjectKind::Aggregate | ObjectKind::Operator | ObjectKind::Cast | ObjectKind::Package => Rank::Routine,
        ObjectKind::Extension | ObjectKind::Type | ObjectKind::Collation => Rank::Base,
        _ => Rank::Dependent,
    }
}

/// `text` with runs of whitespace outside quotes made one space, without a trailing `;`: two
/// statements that differ only in layout are the same (string literals, quoted names and
/// dollar-quoted bodies are kept byte for byte: the catalog keeps them so).
pub(crate) fn squash(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let b = text.as_bytes();
    let mut i = 0;
    let mut space = false;
    while let Some(&c) = b.get(i) {
        if c.is_ascii_whitespace() {
            space = true;
            i += 1;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        let end = quoted_end(text, i).unwrap_or(i + text[i..].chars().next().map_or(1, char::len_utf8));
        out.push_str(&text[i..end]);
        i = end;
    }
    out.trim_end_matches(';').trim_end().to_string()
}

/// The end of the quoted piece starting at `i` (`'…'`, `"…"`, `` `…` ``, `$tag$…$tag$`), or None.
fn quoted_end(text: &str, i: usize) -> Option<usize> {
    let b = text.as_bytes();
    match *b.get(i)? {
        q @ (b'\'' | b'"' | b'`') => {
            let mut j = i + 1;
            while let Some(&c) = b.get(j) {
                if c == q {
                    if b.get(j + 1) == Some(&q) {
                        j += 2;
                        continue;
                    }
                    return Some(j + 1);
                }
                j += 1;
            }
            Some(b.len())
        }
        b'$' => {
            let rest = &text[i + 1..];
            let close = rest.find('$')?;
            let tag = &rest[..close];
            if !tag.chars().all(|c| c.is_alphanumeric() || c == '_') || tag.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                return None;
            }
            let delim = &text[i..i + close + 2];
            let body = i + delim.len();
            Some(text[body..].find(delim).map_or(b.len(), |p| body + p + delim.len()))
        }
        _ => None,
    }
}

/// The lowercase words of a text, and the names inside its quoted identifiers: the names it may
/// refer to.
pub(crate) fn words(text: &str) -> HashSet<String> {
    let mut out: HashSet<String> = HashSet::new();
    let mut i = 0;
    let b = text.as_bytes();
    let mut word = String::new();
    let flush = |w: &mut String, out: &mut HashSet<String>| {
        if !w.is_empty() && !w.starts_with(|c: char| c.is_ascii_digit()) {
            out.insert(w.to_lowercase());
        }
        w.clear();
    };
    while i < b.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        if c == '"' || c == '`' {
            flush(&mut word, &mut out);
            let end = quoted_end(text, i).unwrap_or(b.len());
            // Without the closing quote (an unterminated one runs to the end).
            let inner_end = if end > i + 1 && text[..end].ends_with(c) { end - 1 } else { end };
            let inner = text[i + 1..inner_end].replace("\"\"", "\"");
            if !inner.is_empty() {
                out.insert(inner.to_lowercase());
            }
            i = end;
            continue;
        }
        if c.is_alphanumeric() || c == '_' || c == '$' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
        }
        i += c.len_utf8();
    }
    flush(&mut word, &mut out);
    out
}

/// The byte range of the first top-level parenthesized group of `text` at or after `from`
/// (inside the parentheses), skipping quoted pieces.
fn group(text: &str, from: usize) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let mut i = from;
    let mut depth = 0;
    let mut start = None;
    while let Some(&c) = b.get(i) {
        if let Some(end) = quoted_end(text, i) {
            i = end;
            continue;
        }
        match c {
            b'(' => {
                if depth == 0 {
                    start = Some(i + 1);
                }
                depth += 1;
            }
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return start.map(|s| (s, i));
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// `text` split at top-level commas.
fn split_commas(text: &str) -> Vec<&str> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let (mut i, mut depth, mut start) = (0, 0, 0);
    while let Some(&c) = b.get(i) {
        if let Some(end) = quoted_end(text, i) {
            i = end;
            continue;
        }
        match c {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth -= 1,
            b',' if depth == 0 => {
                out.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    out.push(&text[start..]);
    out.into_iter().filter(|s| !s.trim().is_empty()).collect()
}

/// The top-level words of `text` (a quoted name or a parenthesized group is one token).
fn tokens(text: &str) -> Vec<&str> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let mut depth = 0;
        while let Some(&c) = b.get(i)
            && (depth > 0 || !c.is_ascii_whitespace())
        {
            if let Some(end) = quoted_end(text, i) {
                i = end;
                continue;
            }
            match c {
                b'(' => depth += 1,
                b')' => depth -= 1,
                _ => {}
            }
            i += 1;
        }
        out.push(&text[start..i]);
    }
    out
}

/// The argument list of a routine statement (`CREATE FUNCTION s.f(a int DEFAULT 1, OUT b
/// text)`): the text inside its first parentheses after the routine word.
fn argument_list(sql: &str) -> Option<&str> {
    let upper = sql.to_ascii_uppercase();
    let at = ["FUNCTION", "PROCEDURE", "AGGREGATE"].iter().filter_map(|w| upper.find(w)).min()?;
    let (a, b) = group(sql, at)?;
    Some(&sql[a..b])
}

/// Type words that a second word may follow (`double precision`, `character varying`).
const MULTIWORD_TYPES: &[&str] = &["double", "character", "char", "bit", "timestamp", "time", "interval", "national", "varying"];

/// One argument without its default, split into mode, name and type.
fn argument(arg: &str) -> (Option<String>, Option<String>, String) {
    let toks: Vec<&str> = tokens(arg);
    // Cut at `DEFAULT` or `=`.
    let mut end = toks.len();
    for (i, t) in toks.iter().enumerate() {
        if t.eq_ignore_ascii_case("DEFAULT") || *t == "=" || t.starts_with('=') {
            end = i;
            break;
        }
    }
    let mut toks = toks.get(..end).unwrap_or_default().to_vec();
    let mode = toks.first().filter(|t| ["IN", "OUT", "INOUT", "VARIADIC"].iter().any(|m| t.eq_ignore_ascii_case(m))).map(|t| t.to_ascii_uppercase());
    if mode.is_some() {
        toks.remove(0);
    }
    let name = match toks.as_slice() {
        [first, _, ..] if !MULTIWORD_TYPES.iter().any(|m| first.eq_ignore_ascii_case(m)) => Some(toks.remove(0).to_string()),
        _ => None,
    };
    (mode, name, toks.join(" "))
}

/// The argument list of a routine for `DROP FUNCTION f(…)`: modes, names and types, without
/// defaults.
pub(crate) fn drop_arguments(sql: &str) -> Option<String> {
    let list = argument_list(sql)?;
    let args: Vec<String> = split_commas(list)
        .into_iter()
        .map(|a| {
            let (mode, name, ty) = argument(a.trim());
            [mode, name, Some(ty)].into_iter().flatten().collect::<Vec<_>>().join(" ")
        })
        .collect();
    Some(args.join(", "))
}

/// What identifies a routine in PostgreSQL: its input argument types (lowercase).
fn input_types(sql: &str) -> String {
    let Some(list) = argument_list(sql) else { return String::new() };
    split_commas(list)
        .into_iter()
        .map(|a| argument(a.trim()))
        .filter(|(mode, _, _)| mode.as_deref() != Some("OUT"))
        .map(|(_, _, ty)| squash(&ty).to_lowercase())
        .collect::<Vec<_>>()
        .join(",")
}

/// What `CREATE OR REPLACE` must keep: the arguments as written (names, modes, defaults) and
/// the result type.
fn replace_shape(sql: &str) -> String {
    let args = argument_list(sql).map(|a| squash(a).to_lowercase()).unwrap_or_default();
    let Some(list) = argument_list(sql) else { return args };
    let after = list.as_ptr() as usize - sql.as_ptr() as usize + list.len() + 1;
    let rest = &sql[after.min(sql.len())..];
    let toks = tokens(rest);
    let mut returns = Vec::new();
    if toks.first().is_some_and(|t| t.eq_ignore_ascii_case("RETURNS")) {
        const STOP: &[&str] = &[
            "LANGUAGE", "AS", "IMMUTABLE", "STABLE", "VOLATILE", "STRICT", "CALLED", "RETURNS", "SECURITY", "PARALLEL", "COST", "ROWS",
            "SET", "WINDOW", "LEAKPROOF", "NOT", "EXTERNAL", "BEGIN", "RETURN", "TRANSFORM", "SUPPORT",
        ];
        for t in toks.iter().skip(1) {
            if STOP.iter().any(|s| t.eq_ignore_ascii_case(s)) {
                break;
            }
            returns.push(t.to_lowercase());
        }
    }
    format!("{args} -> {}", returns.join(" "))
}

/// The text before the top-level ` IS ` of a `COMMENT ON … IS …` (what it is on).
pub(crate) fn comment_target(sql: &str) -> Option<&str> {
    let b = sql.as_bytes();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if let Some(end) = quoted_end(sql, i) {
            i = end;
            continue;
        }
        if c.is_ascii_whitespace()
            && sql.get(i + 1..i + 3).is_some_and(|w| w.eq_ignore_ascii_case("IS"))
            && sql.get(i + 3..).is_some_and(|r| r.starts_with(|c: char| c.is_whitespace()))
        {
            return Some(&sql[..i]);
        }
        i += 1;
    }
    None
}

/// `VERSION 'x'` (or `VERSION x`) of a `CREATE EXTENSION`, quoted.
pub(crate) fn extension_version(sql: &str) -> Option<String> {
    let toks: Vec<&str> = sql.split_whitespace().collect();
    let at = toks.iter().position(|x| x.eq_ignore_ascii_case("VERSION"))?;
    let v = toks.get(at + 1)?.trim_end_matches(';');
    Some(if v.starts_with('\'') { v.to_string() } else { format!("'{}'", v.replace('\'', "''")) })
}

/// Whether an extension goes to a lower version (`1.6` → `1.5`): extensions have update
/// scripts upwards only, so it is dropped and created.
fn downgrade(a: &str, b: &str) -> bool {
    let parts = |s: &str| -> Vec<u64> { s.trim_matches('\'').split(|c: char| !c.is_ascii_digit()).filter_map(|x| x.parse().ok()).collect() };
    match (extension_version(a), extension_version(b)) {
        (Some(x), Some(y)) => parts(&y) < parts(&x),
        _ => false,
    }
}

/// The pairing key of an object of `s`.
fn identity(s: &Schema, o: &Object) -> String {
    let kind = o.kind.label();
    let space = key(&o.schema, "");
    match o.kind {
        ObjectKind::Function | ObjectKind::Procedure | ObjectKind::Aggregate => format!("{kind}:{space}:{}({})", o.name, input_types(&o.sql)),
        ObjectKind::Trigger | ObjectKind::Policy | ObjectKind::Rule => {
            let table = o.table.and_then(|t| s.table(t)).map_or_else(|| space.clone(), |t| key(&t.schema, &t.name));
            format!("{kind}:{table}:{}", o.name)
        }
        ObjectKind::Extension | ObjectKind::Type | ObjectKind::Collation | ObjectKind::Package | ObjectKind::Synonym | ObjectKind::Event => {
            format!("{kind}:{space}:{}", o.name)
        }
        ObjectKind::Comment => format!("{kind}:{}", comment_target(&o.sql).map(|t| squash(t).to_lowercase()).unwrap_or_else(|| squash(&o.sql))),
        _ => format!("{kind}:{}", squash(&o.sql)),
    }
}

/// The names an object makes that others may call or use.
fn provides(o: &Object) -> Option<String> {
    matches!(rank(o.kind), Rank::Routine | Rank::Base).then(|| o.name.to_lowercase())
}

/// `ids` of `s` ordered so that each object comes after the objects of `ids` whose name it
/// mentions (a cycle keeps model order).
fn dependency_order(s: &Schema, ids: &[ObjectId]) -> Vec<ObjectId> {
    // `objs`, `uses` and `placed` have one entry an object.
    let objs: Vec<&Object> = ids.iter().filter_map(|id| s.objects.iter().find(|o| o.id == *id)).collect();
    let uses: Vec<HashSet<String>> = objs.iter().map(|o| words(&o.sql)).collect();
    let mut out: Vec<ObjectId> = Vec::new();
    let mut placed = vec![false; objs.len()];
    while out.len() < objs.len() {
        let before = out.len();
        for (i, (&oi, ui)) in objs.iter().zip(&uses).enumerate() {
            if placed.get(i) != Some(&false) {
                continue;
            }
            let waits = objs.iter().zip(&placed).enumerate().any(|(j, (&oj, &pj))| {
                j != i && !pj && provides(oj).is_some_and(|n| ui.contains(&n)) && provides(oi) != provides(oj)
            });
            if !waits {
                if let Some(p) = placed.get_mut(i) {
                    *p = true;
                }
                out.push(oi.id);
            }
        }
        if out.len() == before {
            let i = placed.iter().position(|p| !p).unwrap_or(0);
            let Some(o) = objs.get(i) else { break };
            if let Some(p) = placed.get_mut(i) {
                *p = true;
            }
            out.push(o.id);
        }
    }
    out
}

/// The partition index a kept `ALTER INDEX parent ATTACH PARTITION child` names (lowercase).
fn attached_index(o: &Object) -> Option<String> {
    index_attachment(o).map(|(_, child)| child)
}

/// The parent and partition index (as the engine names them: unquoted lowercased, schema left
/// out) of a kept `ALTER INDEX parent ATTACH PARTITION child`.
pub(crate) fn index_attachment(o: &Object) -> Option<(String, String)> {
    let toks = tokens(&o.sql);
    let is = |i: usize, w: &str| toks.get(i).is_some_and(|t| t.eq_ignore_ascii_case(w));
    if !(is(0, "ALTER") && is(1, "INDEX")) {
        return None;
    }
    let at = (2..toks.len()).find(|&i| is(i, "ATTACH") && is(i + 1, "PARTITION"))?;
    let engine = |name: &str| {
        let name = name.trim_end_matches(';');
        let name = name.rsplit('.').next().unwrap_or(name);
        if name.starts_with('"') { name.trim_matches('"').replace("\"\"", "\"") } else { name.to_lowercase() }
    };
    let parent = toks.get(2..at)?.iter().rev().find(|t| !t.eq_ignore_ascii_case("IF") && !t.eq_ignore_ascii_case("EXISTS") && !t.eq_ignore_ascii_case("ONLY"))?;
    Some((engine(parent), engine(toks.get(at + 2)?)))
}

impl<'a> Differ<'a> {
    /// Whether the next schema has an index or key of that name (lowercase), as the engine
    /// names it.
    fn next_has_index(&self, name: &str) -> bool {
        self.next.tables.iter().any(|t| {
            t.indexes.iter().any(|ix| super::index_name(&self.next_names, t, ix).eq_ignore_ascii_case(name))
                || t.primary_key.as_ref().and_then(|k| k.name.as_deref()).is_some_and(|n| n.eq_ignore_ascii_case(name))
                || t.uniques.iter().filter_map(|u| u.name.as_deref()).any(|n| n.eq_ignore_ascii_case(name))
        })
    }

    /// The words that the next schema's table definitions use in expressions (defaults,
    /// checks, generated columns, index expressions and predicates, domains): a routine named
    /// there is created before the tables.
    fn table_expression_words(&self) -> HashSet<String> {
        let mut out = HashSet::new();
        for t in &self.next.tables {
            for c in &t.columns {
                out.extend(c.default.iter().flat_map(|d| words(d)));
                out.extend(c.generated.iter().flat_map(|g| words(&g.expr)));
            }
            for c in &t.checks {
                out.extend(words(&c.expr));
            }
            for ix in &t.indexes {
                out.extend(ix.predicate.iter().flat_map(|p| words(p)));
                for k in &ix.keys {
                    if let crate::schema::IndexPart::Expression(e) = &k.part {
                        out.extend(words(e));
                    }
                }
            }
        }
        for d in &self.next.domains {
            out.extend(d.default.iter().flat_map(|x| words(x)));
            for c in &d.checks {
                out.extend(words(&c.expr));
            }
        }
        out
    }

    /// Objects kept as written: pairs, drops, creates and replacements (see the module docs).
    /// Sets `recreated_routines` for the views.
    pub(super) fn objects(&mut self) {
        let (pairs, dropped, added) = pair_objects(self.prev, self.next);
        let (drop, create) = self.object_steps(&pairs, dropped, added);
        self.object_drops(&drop, &create);
        self.object_creates(&create);
    }

    /// What is dropped and what created (`true`: with `CREATE OR REPLACE`): the objects that
    /// go and come, and of the pairs those that changed, by kind; what names a routine that must
    /// be recreated goes and comes back with it. Sets `recreated_routines`.
    fn object_steps(&mut self, pairs: &[ObjectPair<'a>], dropped: Vec<&'a Object>, added: Vec<&'a Object>) -> (Vec<&'a Object>, Vec<(&'a Object, bool)>) {
        let mut drop: Vec<&Object> = dropped;
        let mut create: Vec<(&Object, bool)> = added.into_iter().map(|o| (o, false)).collect();
        // Routines whose replacement needs a drop and a create (its result type or arguments
        // change): what names them is dropped and created with them.
        let mut recreated: HashSet<String> = HashSet::new();
        let mut changed: Vec<(&Object, &Object)> = Vec::new();
        let mut unchanged: Vec<(&Object, &Object)> = Vec::new();
        for &(a, b) in pairs {
            let on_recreated = a.table.is_some_and(|t| self.recreated.contains(&t) || self.dropped_ids.contains(&t));
            if squash(&a.sql) != squash(&b.sql) || on_recreated {
                changed.push((a, b));
            } else {
                unchanged.push((a, b));
            }
        }
        for (a, b) in changed {
            let routine = matches!(a.kind, ObjectKind::Function | ObjectKind::Procedure);
            if routine && a.kind == b.kind && replace_shape(&a.sql) == replace_shape(&b.sql) {
                create.push((b, true));
            } else if a.kind == ObjectKind::Extension && b.kind == ObjectKind::Extension && !downgrade(&a.sql, &b.sql) {
                self.phases.create_extensions.push(Change::AlterExtension(b.id));
            } else if a.kind == ObjectKind::Comment {
                create.push((b, false));
            } else {
                if routine {
                    recreated.insert(a.name.to_lowercase());
                }
                // Dropped before its table even when the table goes too (dependents go first).
                drop.push(a);
                create.push((b, false));
            }
        }
        // What names a recreated routine goes and comes back with it (to a fixpoint: a routine
        // calling it is recreated too).
        loop {
            let (hit, rest): (Vec<_>, Vec<_>) = unchanged.into_iter().partition(|(a, _)| {
                let w = words(&a.sql);
                recreated.iter().any(|r| w.contains(r)) && provides(a).is_none_or(|n| !recreated.contains(&n))
            });
            unchanged = rest;
            if hit.is_empty() {
                break;
            }
            for (a, b) in hit {
                if matches!(a.kind, ObjectKind::Function | ObjectKind::Procedure) {
                    recreated.insert(a.name.to_lowercase());
                }
                drop.push(a);
                create.push((b, false));
            }
        }
        self.recreated_routines = recreated.clone();
        // An index attachment kept as written whose partition index the model no longer has
        // under that name (made a key `USING INDEX`, which renames it): the key's own steps
        // attach it.
        create.retain(|(o, _)| attached_index(o).is_none_or(|n| self.next_has_index(&n)));
        (drop, create)
    }

    /// The drops, by rank: a routine or base object that comes back is dropped early (after
    /// the views and what hangs on it), one that goes for good late (after the tables).
    fn object_drops(&mut self, drop: &[&Object], create: &[(&Object, bool)]) {
        let (prev, next) = (self.prev, self.next);
        let comes_back: HashSet<String> = create.iter().map(|(o, _)| identity(next, o)).collect();
        let mut dependents = Vec::new();
        let mut early = Vec::new();
        let mut late = Vec::new();
        let mut base = Vec::new();
        for o in drop {
            match rank(o.kind) {
                Rank::Dependent => dependents.push(o.id),
                Rank::Routine if comes_back.contains(&identity(prev, o)) => early.push(o.id),
                Rank::Routine => late.push(o.id),
                Rank::Base if comes_back.contains(&identity(prev, o)) => early.push(o.id),
                Rank::Base => base.push(o.id),
            }
        }
        for (ids, phase) in [
            (dependents, &mut self.phases.drop_dependents),
            (early, &mut self.phases.drop_routines_early),
            (late, &mut self.phases.drop_routines),
            (base, &mut self.phases.drop_extensions),
        ] {
            let mut order = dependency_order(prev, &ids);
            order.reverse();
            phase.extend(order.into_iter().map(Change::DropObject));
        }
    }

    /// The creates, by rank.
    fn object_creates(&mut self, create: &[(&Object, bool)]) {
        let next = self.next;
        let table_words = self.table_expression_words();
        let replace: HashSet<ObjectId> = create.iter().filter(|(_, r)| *r).map(|(o, _)| o.id).collect();
        let mut bases = Vec::new();
        let mut early = Vec::new();
        let mut late = Vec::new();
        let mut dependents = Vec::new();
        for (o, _) in create {
            match rank(o.kind) {
                Rank::Base => bases.push(o.id),
                Rank::Routine if table_words.contains(&o.name.to_lowercase()) => early.push(o.id),
                Rank::Routine => late.push(o.id),
                Rank::Dependent => dependents.push(o.id),
            }
        }
        let make = |id: ObjectId| Change::CreateObject { object: id, replace: replace.contains(&id) };
        // Extensions before the types that may use theirs.
        let (ext, types): (Vec<ObjectId>, Vec<ObjectId>) =
            bases.into_iter().partition(|id| next.objects.iter().any(|o| o.id == *id && o.kind == ObjectKind::Extension));
        self.phases.create_extensions.extend(dependency_order(next, &ext).into_iter().map(make));
        self.phases.create_extensions.extend(dependency_order(next, &types).into_iter().map(make));
        self.phases.create_routines.extend(dependency_order(next, &early).into_iter().map(make));
        self.phases.late_routines.extend(dependency_order(next, &late).into_iter().map(make));
        self.phases.create_dependents.extend(dependency_order(next, &dependents).into_iter().map(make));
    }
}

/// The objects of `prev` and `next` paired by identity, then those only `prev` has (dropped)
/// and those only `next` has (added).
fn pair_objects<'a>(prev: &'a Schema, next: &'a Schema) -> (Vec<ObjectPair<'a>>, Vec<&'a Object>, Vec<&'a Object>) {
    // Objects pair by identity only: two imports hand out the same ids by coincidence.
    let mut next_by_identity: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, o) in next.objects.iter().enumerate().rev() {
        next_by_identity.entry(identity(next, o)).or_default().push(i);
    }
    let mut pairs: Vec<(&Object, &Object)> = Vec::new();
    let mut dropped: Vec<&Object> = Vec::new();
    let mut used = vec![false; next.objects.len()];
    for o in &prev.objects {
        // `i` is a position in `next.objects` (the map holds nothing else).
        let i = next_by_identity.get_mut(&identity(prev, o)).and_then(Vec::pop);
        match i.and_then(|i| Some((used.get_mut(i)?, next.objects.get(i)?))) {
            Some((u, n)) => {
                *u = true;
                pairs.push((o, n));
            }
            None => dropped.push(o),
        }
    }
    let added: Vec<&Object> = next.objects.iter().zip(&used).filter(|(_, u)| !**u).map(|(o, _)| o).collect();
    (pairs, dropped, added)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_does_not_count_but_bodies_do() {
        assert_eq!(squash("CREATE  FUNCTION f()\n  RETURNS int AS $$ a  b $$;"), "CREATE FUNCTION f() RETURNS int AS $$ a  b $$");
        assert_ne!(squash("SELECT 'a  b'"), squash("SELECT 'a b'"));
    }

    #[test]
    fn arguments_for_drop_and_identity() {
        let f = "CREATE FUNCTION s.\"f(x\"(IN a integer DEFAULT 1, b double precision = 2, OUT c text) RETURNS int";
        assert_eq!(drop_arguments(f).as_deref(), Some("IN a integer, b double precision, OUT c text"));
        assert_eq!(input_types(f), "integer,double precision");
        assert_eq!(input_types("CREATE FUNCTION f(integer, text) RETURNS int"), "integer,text");
    }

    #[test]
    fn names_in_text_and_odd_input() {
        let w = words("EXECUTE PROCEDURE \"increment version\"(); SELECT add(a)");
        assert!(w.contains("increment version") && w.contains("add"));
        // Unterminated quotes and multibyte text never panic.
        let _ = words("\"é");
        let _ = squash("'é");
        assert_eq!(comment_target("COMMENT ON FUNCTION f() IS 'x'"), Some("COMMENT ON FUNCTION f()"));
        assert_eq!(comment_target("COMMENT ON é aé"), None);
    }
}
