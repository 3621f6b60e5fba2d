//! The inspector's normalization view of one table: the FD text the user typed (one
//! `a, b -> c` per line) read against the table with an error per bad line, and what the
//! `normalize` report shows (keys, prime attributes, minimal cover, normal form, violations,
//! both decompositions) as plain strings; and the edits that apply a decomposition.

use super::core::{Attrs, NormalForm, analyze, members, parse_fd};
use super::decompose::{Decomposition, decompose_bcnf, synthesize_3nf};
use super::report::{decomposition_edits, table_fds, violation_note};
use crate::edit::Edit;
use crate::schema::{Schema, Table, TableId};

/// A declared line that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineError {
    /// 1-based line number in the text.
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// The readable FD lines of `text` (trimmed) and an error for each of the others. Blank lines
/// and comment lines (`--` or `#`) are skipped.
pub fn parse_fd_lines(t: &Table, text: &str) -> (Vec<String>, Vec<LineError>) {
    let names: Vec<String> = t.columns.iter().map(|c| c.name.clone()).collect();
    let mut ok = Vec::new();
    let mut errors = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with("--") || line.starts_with('#') {
            continue;
        }
        match parse_fd(line, &names) {
            Ok(_) => ok.push(line.to_string()),
            Err(e) => errors.push(LineError { line: i + 1, message: e.0 }),
        }
    }
    (ok, errors)
}

/// Which decomposition a proposal is.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ProposalKind {
    /// Bernstein's 3NF synthesis.
    Synthesis3nf,
    /// BCNF decomposition.
    Bcnf,
}

impl ProposalKind {
    pub fn title(self) -> &'static str {
        match self {
            ProposalKind::Synthesis3nf => "3NF synthesis (Bernstein)",
            ProposalKind::Bcnf => "BCNF decomposition",
        }
    }

    /// A short stable name (for test ids).
    pub fn id(self) -> &'static str {
        match self {
            ProposalKind::Synthesis3nf => "3nf",
            ProposalKind::Bcnf => "bcnf",
        }
    }
}

/// One relation of a proposal: its columns and key, by name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelationView {
    pub columns: Vec<String>,
    pub key: Vec<String>,
}

/// A decomposition as the inspector shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProposalView {
    pub kind: ProposalKind,
    pub relations: Vec<RelationView>,
    /// The chase test's verdict.
    pub lossless: bool,
    pub preserving: bool,
    /// The dependencies no relation keeps, rendered `a -> b`.
    pub lost: Vec<String>,
    /// Why "Apply" is unavailable (`None` when it can be applied).
    pub blocked: Option<&'static str>,
}

/// A dependency violating the next normal form, with why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    pub fd: String,
    pub why: String,
}

/// Everything the Normalization section shows for one table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NormalizationView {
    /// The dependencies the primary key and unique constraints imply.
    pub seeds: Vec<String>,
    /// The declared lines that were read.
    pub declared: Vec<String>,
    pub errors: Vec<LineError>,
    /// Candidate keys, each as its column names.
    pub keys: Vec<Vec<String>>,
    pub keys_truncated: bool,
    pub prime: Vec<String>,
    pub cover: Vec<String>,
    pub normal_form: NormalForm,
    /// The next normal form (`None` at BCNF) and the dependencies that violate it.
    pub next: Option<&'static str>,
    pub violations: Vec<Violation>,
    pub proposals: Vec<ProposalView>,
}

fn names_of(a: Attrs, names: &[String]) -> Vec<String> {
    members(a).filter_map(|i| names.get(i).cloned()).collect()
}

/// The next normal form after `nf`.
pub fn next_form(nf: NormalForm) -> Option<&'static str> {
    match nf {
        NormalForm::First => Some("2NF"),
        NormalForm::Second => Some("3NF"),
        NormalForm::Third => Some("BCNF"),
        NormalForm::Bcnf => None,
    }
}

fn proposal(kind: ProposalKind, d: &Decomposition, names: &[String]) -> ProposalView {
    let blocked = if d.relations.len() < 2 {
        Some("nothing to split: the table is already in this form")
    } else if !d.lossless {
        Some("not lossless: applying it would lose rows on a join")
    } else {
        None
    };
    ProposalView {
        kind,
        relations: d.relations.iter().map(|r| RelationView { columns: names_of(r.attrs, names), key: names_of(r.key, names) }).collect(),
        lossless: d.lossless,
        preserving: d.preserving,
        lost: d.lost.iter().map(|f| f.render(names)).collect(),
        blocked,
    }
}

/// A table's dependencies, their analysis and its two proposed decompositions.
type Decompositions = (super::report::TableFds, super::core::Analysis, [(ProposalKind, Decomposition); 2]);

/// The decompositions of `t` under its keys and the readable lines of `text`.
fn decompositions(t: &Table, text: &str) -> Result<Decompositions, String> {
    let (lines, _) = parse_fd_lines(t, text);
    let tf = table_fds(t, &lines)?;
    let a = analyze(tf.names.len(), &tf.all());
    let synthesis = synthesize_3nf(a.universe, &a.cover, &a.keys);
    let bcnf = decompose_bcnf(a.universe, &a.cover);
    Ok((tf, a, [(ProposalKind::Synthesis3nf, synthesis), (ProposalKind::Bcnf, bcnf)]))
}

/// The normalization view of `t` with the FD text `text`. Bad lines are reported in `errors`
/// and left out; the rest is analysed. Errs only when the table is too wide to analyse.
pub fn normalization_view(t: &Table, text: &str) -> Result<NormalizationView, String> {
    let (_, errors) = parse_fd_lines(t, text);
    let (tf, a, props) = decompositions(t, text)?;
    let names = &tf.names;
    Ok(NormalizationView {
        seeds: tf.from_keys.iter().map(|f| f.render(names)).collect(),
        declared: tf.declared.iter().map(|f| f.render(names)).collect(),
        errors,
        keys: a.keys.iter().map(|k| names_of(*k, names)).collect(),
        keys_truncated: a.keys_truncated,
        prime: names_of(a.prime, names),
        cover: a.cover.iter().map(|f| f.render(names)).collect(),
        normal_form: a.normal_form,
        next: next_form(a.normal_form),
        violations: a.violations.iter().map(|f| Violation { fd: f.render(names), why: violation_note(&a, f, names) }).collect(),
        proposals: props.iter().map(|(k, d)| proposal(*k, d, names)).collect(),
    })
}

/// The edits that apply proposal `kind` to table `table` under the FD text `text`: new tables
/// with keys, copied columns, foreign keys back, moved columns deleted (ids from
/// `schema.next_id` up; see `analysis::reserve_fix_ids`). Errs when the table is missing or
/// the proposal cannot be applied.
pub fn proposal_edits(schema: &Schema, table: TableId, text: &str, kind: ProposalKind) -> Result<Vec<Edit>, String> {
    let t = schema.table(table).ok_or_else(|| "the table no longer exists".to_string())?;
    let (tf, _, props) = decompositions(t, text)?;
    let Some((_, d)) = props.iter().find(|(k, _)| *k == kind) else { return Err("no such proposal".into()) };
    if let Some(why) = proposal(kind, d, &tf.names).blocked {
        return Err(format!("{} of `{}`: {why}", kind.title(), t.name));
    }
    Ok(decomposition_edits(schema, t, d))
}
