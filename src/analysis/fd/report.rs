//! The `normalize` report for one table and turning a proposal into edits.

use super::core::{Analysis, Attrs, Fd, analyze, bit, is_subset, members, parse_fd, set_text, MAX_ATTRS};
use super::decompose::{Decomposition, decompose_bcnf, synthesize_3nf};
use crate::edit::Edit;
use crate::schema::{ColumnId, ForeignKey, PrimaryKey, Schema, Table, TableId};
use serde_json::{Value, json};

/// A table's columns as attributes with its declared and key-implied dependencies.
pub struct TableFds {
    pub names: Vec<String>,
    pub columns: Vec<ColumnId>,
    pub declared: Vec<Fd>,
    /// Dependencies implied by the primary key and unique constraints (each determines all).
    pub from_keys: Vec<Fd>,
}

impl TableFds {
    pub fn all(&self) -> Vec<Fd> {
        self.declared.iter().chain(&self.from_keys).copied().collect()
    }
}

/// Reads the table's columns and seeds dependencies from its keys; parses `fds`.
pub fn table_fds(t: &Table, fds: &[String]) -> Result<TableFds, String> {
    if t.columns.len() > MAX_ATTRS {
        return Err(format!("`{}` has {} columns; normalization handles at most {MAX_ATTRS}", t.name, t.columns.len()));
    }
    let names: Vec<String> = t.columns.iter().map(|c| c.name.clone()).collect();
    let columns: Vec<ColumnId> = t.columns.iter().map(|c| c.id).collect();
    let set = |cols: &[ColumnId]| cols.iter().filter_map(|c| columns.iter().position(|x| x == c)).fold(0, |a, i| a | bit(i));
    let universe = super::core::all(names.len());
    let mut from_keys = Vec::new();
    let mut seed = |cols: &[ColumnId]| {
        let k = set(cols);
        if k != 0 && k != universe && !from_keys.iter().any(|f: &Fd| f.lhs == k) {
            from_keys.push(Fd::new(k, universe & !k));
        }
    };
    if let Some(pk) = &t.primary_key {
        seed(&pk.columns);
    }
    for u in &t.uniques {
        seed(&u.columns);
    }
    for ix in t.indexes.iter().filter(|ix| ix.unique && ix.predicate.is_none()) {
        let cols: Vec<ColumnId> = ix.leading_columns().collect();
        if cols.len() == ix.keys.len() {
            seed(&cols);
        }
    }
    let declared = fds.iter().map(|f| parse_fd(f, &names).map_err(|e| e.0)).collect::<Result<Vec<_>, _>>()?;
    Ok(TableFds { names, columns, declared, from_keys })
}

fn names_of(a: Attrs, names: &[String]) -> Vec<&str> {
    members(a).filter_map(|i| names.get(i)).map(String::as_str).collect()
}

fn decomposition_json(d: &Decomposition, names: &[String]) -> Value {
    json!({
        "relations": d.relations.iter().map(|r| json!({
            "columns": names_of(r.attrs, names),
            "key": names_of(r.key, names),
        })).collect::<Vec<_>>(),
        "lossless": d.lossless,
        "dependency_preserving": d.preserving,
        "lost": d.lost.iter().map(|f| f.render(names)).collect::<Vec<_>>(),
    })
}

fn decomposition_text(title: &str, d: &Decomposition, names: &[String], out: &mut String) {
    let lost = if d.lost.is_empty() {
        String::new()
    } else {
        format!(" (lost: {})", d.lost.iter().map(|f| f.render(names)).collect::<Vec<_>>().join("; "))
    };
    out.push_str(&format!(
        "{title}: lossless {} (chase), dependency preserving {}{lost}\n",
        if d.lossless { "yes" } else { "NO" },
        if d.preserving { "yes" } else { "no" }
    ));
    for (i, r) in d.relations.iter().enumerate() {
        out.push_str(&format!("  R{}({})  key ({})\n", i + 1, set_text(r.attrs, names), set_text(r.key, names)));
    }
}

pub(super) fn violation_note(a: &Analysis, f: &Fd, names: &[String]) -> String {
    match a.normal_form {
        super::core::NormalForm::First => {
            let key = a.keys.iter().find(|k| is_subset(f.lhs, **k) && f.lhs != **k).copied().unwrap_or(0);
            format!("partial dependency on part of key ({})", set_text(key, names))
        }
        super::core::NormalForm::Second => "transitive: the left side is not a superkey and the right side is not prime".into(),
        _ => "the left side is not a superkey".into(),
    }
}

/// The `erdsmith normalize` report for one table, as text or JSON.
pub fn normalize_report(schema: &Schema, table: &str, fds: &[String], json: bool) -> Result<String, String> {
    let Some(t) = schema.find_table(None, table) else {
        return Err(format!("no table named `{table}`"));
    };
    let tf = table_fds(t, fds)?;
    let names = &tf.names;
    let all = tf.all();
    let a = analyze(names.len(), &all);
    let synthesis = synthesize_3nf(a.universe, &a.cover, &a.keys);
    let bcnf = decompose_bcnf(a.universe, &a.cover);
    let next = match a.normal_form {
        super::core::NormalForm::First => Some("2NF"),
        super::core::NormalForm::Second => Some("3NF"),
        super::core::NormalForm::Third => Some("BCNF"),
        super::core::NormalForm::Bcnf => None,
    };
    if json {
        let v = json!({
            "table": t.qualified_name(),
            "columns": names,
            "declared": tf.declared.iter().map(|f| f.render(names)).collect::<Vec<_>>(),
            "from_keys": tf.from_keys.iter().map(|f| f.render(names)).collect::<Vec<_>>(),
            "minimal_cover": a.cover.iter().map(|f| f.render(names)).collect::<Vec<_>>(),
            "candidate_keys": a.keys.iter().map(|k| names_of(*k, names)).collect::<Vec<_>>(),
            "candidate_keys_truncated": a.keys_truncated,
            "prime": names_of(a.prime, names),
            "normal_form": a.normal_form.label(),
            "violations": a.violations.iter().map(|f| json!({
                "fd": f.render(names),
                "violates": next,
                "why": violation_note(&a, f, names),
            })).collect::<Vec<_>>(),
            "synthesis_3nf": decomposition_json(&synthesis, names),
            "decomposition_bcnf": decomposition_json(&bcnf, names),
        });
        return serde_json::to_string_pretty(&v).map(|s| s + "\n").map_err(|e| e.to_string());
    }
    let mut out = String::new();
    out.push_str(&format!("Table {} ({})\n", t.qualified_name(), names.join(", ")));
    let list = |fds: &[Fd]| if fds.is_empty() { "none".to_string() } else { fds.iter().map(|f| f.render(names)).collect::<Vec<_>>().join("; ") };
    out.push_str(&format!("Declared dependencies: {}\n", list(&tf.declared)));
    out.push_str(&format!("From keys: {}\n", list(&tf.from_keys)));
    out.push_str("Minimal cover:\n");
    for f in &a.cover {
        out.push_str(&format!("  {}\n", f.render(names)));
    }
    let keys: Vec<String> = a.keys.iter().map(|k| format!("({})", set_text(*k, names))).collect();
    out.push_str(&format!("Candidate keys: {}{}\n", keys.join(", "), if a.keys_truncated { " (truncated)" } else { "" }));
    out.push_str(&format!("Prime attributes: {}\n", set_text(a.prime, names)));
    out.push_str(&format!("Normal form: {}\n", a.normal_form.label()));
    if let Some(next) = next {
        out.push_str(&format!("Violations of {next}:\n"));
        for f in &a.violations {
            out.push_str(&format!("  {}  ({})\n", f.render(names), violation_note(&a, f, names)));
        }
    }
    decomposition_text("3NF synthesis (Bernstein)", &synthesis, names, &mut out);
    decomposition_text("BCNF decomposition", &bcnf, names, &mut out);
    Ok(out)
}

/// Turns a decomposition of `t` into edits: the relation holding the table's primary key (or
/// the first one) stays as `t`; every other relation becomes a new table with its key as the
/// primary key, its columns copied, and a foreign key back from `t` when `t` keeps its key
/// columns. Columns no longer in `t` are deleted last. New ids start at `schema.next_id`.
pub fn decomposition_edits(schema: &Schema, t: &Table, d: &Decomposition) -> Vec<Edit> {
    let mut next = schema.next_id;
    decomposition_edits_with(schema, t, d, &mut || {
        next += 1;
        next - 1
    })
}

/// [`decomposition_edits`] taking new ids from `fresh`.
pub fn decomposition_edits_with(schema: &Schema, t: &Table, d: &Decomposition, fresh: &mut dyn FnMut() -> u32) -> Vec<Edit> {
    let columns: Vec<ColumnId> = t.columns.iter().map(|c| c.id).collect();
    let set = |cols: &[ColumnId]| cols.iter().filter_map(|c| columns.iter().position(|x| x == c)).fold(0, |a, i| a | bit(i));
    let pk = t.primary_key.as_ref().map(|pk| set(&pk.columns)).unwrap_or(0);
    let main = d
        .relations
        .iter()
        .position(|r| pk != 0 && is_subset(pk, r.attrs))
        .unwrap_or(0);
    let Some(kept) = d.relations.get(main).map(|r| r.attrs) else { return Vec::new() };
    let mut edits = Vec::new();
    let mut fks = Vec::new();
    let mut used: Vec<String> = Vec::new();
    for (i, r) in d.relations.iter().enumerate() {
        if i == main {
            continue;
        }
        let id = TableId(fresh());
        let key_names: Vec<&str> = members(r.key).filter_map(|a| t.columns.get(a)).map(|c| c.name.as_str()).collect();
        let mut name = format!("{}_by_{}", t.name, key_names.join("_"));
        let base = name.clone();
        let mut n = 2;
        while schema.find_table(t.schema.as_deref(), &name).is_some() || used.contains(&name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        used.push(name.clone());
        let mut nt = Table::new(id, t.schema.clone(), name);
        let mut map = Vec::new();
        for a in members(r.attrs) {
            let Some(mut c) = t.columns.get(a).cloned() else { continue };
            c.id = ColumnId(fresh());
            c.identity = None;
            c.span = None;
            if r.key & bit(a) != 0 {
                c.nullable = false;
            }
            map.push((a, c.id));
            nt.columns.push(c);
        }
        let new_col = |a: usize| map.iter().find(|(x, _)| *x == a).map(|(_, c)| *c);
        nt.primary_key = Some(PrimaryKey { name: None, columns: members(r.key).filter_map(new_col).collect(), options: None });
        if is_subset(r.key, kept) {
            fks.push(ForeignKey {
                name: None,
                columns: members(r.key).filter_map(|a| t.columns.get(a)).map(|c| c.id).collect(),
                ref_table: id,
                ref_columns: members(r.key).filter_map(new_col).collect(),
                on_delete: Default::default(),
                on_update: Default::default(),
                deferrable: false,
                initially_deferred: false,
                options: None,
            });
        }
        edits.push(Edit::AddTable { table: nt });
    }
    for (n, fk) in fks.into_iter().enumerate() {
        edits.push(Edit::AddForeignKey { table: t.id, foreign_key: fk, position: t.foreign_keys.len() + n });
    }
    for (a, c) in t.columns.iter().enumerate() {
        if kept & bit(a) == 0 {
            edits.push(Edit::DeleteColumn { column: c.id });
        }
    }
    edits
}

/// Sample data to discover dependencies from.
pub enum Sample<'a> {
    /// SQL text whose `INSERT ... VALUES` rows into the table are the sample.
    Inserts(&'a str),
    /// CSV with a header naming (some of) the table's columns.
    Csv(&'a str),
}

/// Discovers the dependencies that hold in the sample for `table`, rendered as `a, b -> c`
/// (ready for [`normalize_report`]), with notes (truncation, rows used).
pub fn discover_for_table(schema: &Schema, table: &str, sample: Sample) -> Result<(Vec<String>, Vec<String>), String> {
    let Some(t) = schema.find_table(None, table) else {
        return Err(format!("no table named `{table}`"));
    };
    let names: Vec<String> = t.columns.iter().map(|c| c.name.clone()).collect();
    let (cols, rows) = match sample {
        Sample::Inserts(sql) => {
            let rows = super::discover::rows_from_inserts(sql, &t.name, &names, &*crate::analysis::advisor::parser_dialect(schema.dialect))?;
            (names, rows)
        }
        Sample::Csv(text) => {
            let (header, rows) = super::discover::rows_from_csv(text)?;
            for h in &header {
                if t.column_by_name(h).is_none() {
                    return Err(format!("CSV column `{h}` is not a column of `{}`", t.name));
                }
            }
            (header, rows)
        }
    };
    let d = super::discover::discover(&cols, &rows, &Default::default())?;
    let mut notes = d.notes.clone();
    notes.insert(0, format!("{} sample rows of `{}`", rows.len().min(super::discover::MAX_ROWS), t.name));
    if d.truncated {
        notes.push("truncated: some dependencies may be missing".into());
    }
    Ok((d.fds.iter().map(|f| f.render(&cols)).collect(), notes))
}
