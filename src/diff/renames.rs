//! Renames between two schemas: what the diff proposes ("likely rename"), what the user
//! confirmed or rejected, and the list the compare view shows.

use super::{Change, Diff, key};
use crate::schema::QName;

/// A rename of a table or a column between two schemas, by name (both schemas are independent
/// imports, so names are all they share). A column's `table` is the table's name in the
/// previous schema.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Rename {
    Table { from: QName, to: QName },
    Column { table: QName, from: String, to: String },
}

impl Rename {
    /// The same rename seen from the other side (for the down diff). A column's table is then
    /// named as in the other schema: `table_renames` maps previous → next table names.
    pub fn reversed(&self, table_renames: &[Rename]) -> Rename {
        match self {
            Rename::Table { from, to } => Rename::Table { from: to.clone(), to: from.clone() },
            Rename::Column { table, from, to } => {
                let table = table_renames
                    .iter()
                    .find_map(|r| match r {
                        Rename::Table { from: f, to: t } if same_table(f, table) => Some(t.clone()),
                        _ => None,
                    })
                    .unwrap_or_else(|| table.clone());
                Rename::Column { table, from: to.clone(), to: from.clone() }
            }
        }
    }

    /// One line for lists: `table posts → articles`, `users.phone → mobile`.
    pub fn describe(&self) -> String {
        match self {
            Rename::Table { from, to } => format!("table {} → {}", qualified(from), qualified(to)),
            Rename::Column { table, from, to } => format!("column {}.{from} → {to}", qualified(table)),
        }
    }
}

fn qualified(q: &QName) -> String {
    match &q.schema {
        Some(s) => format!("{s}.{}", q.name),
        None => q.name.clone(),
    }
}

fn same_table(a: &QName, b: &QName) -> bool {
    key(&a.schema, &a.name) == key(&b.schema, &b.name)
}

/// A likely rename the diff found but did not apply: the plan drops and adds until the user
/// confirms it (see [`diff_with`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Proposal {
    pub rename: Rename,
    /// Why it looks like a rename, as written at the top of the script.
    pub message: String,
}

/// What the user decided about likely renames (the "compare two schemas" view): confirmed ones
/// are passed to [`diff_with`]; rejected ones stay a drop and an add and are listed as such.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RenameChoices {
    pub confirmed: Vec<Rename>,
    pub rejected: Vec<Rename>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RenameStatus {
    /// Proposed by the diff, not decided yet (the plan drops and adds).
    Open,
    Confirmed,
    Rejected,
}

/// One line of the rename list: the rename, its status and the text to show.
#[derive(Clone, Debug, PartialEq)]
pub struct RenameRow {
    pub rename: Rename,
    pub status: RenameStatus,
    pub text: String,
}

impl RenameChoices {
    pub fn confirm(&mut self, r: Rename) {
        self.rejected.retain(|x| *x != r);
        if !self.confirmed.contains(&r) {
            self.confirmed.push(r);
        }
    }

    /// Rejects a proposal, or takes back a confirmation (the rename is proposed again, rejected).
    pub fn reject(&mut self, r: Rename) {
        self.confirmed.retain(|x| *x != r);
        if !self.rejected.contains(&r) {
            self.rejected.push(r);
        }
    }

    /// The list to show for `d` (the diff made with `self.confirmed`): confirmed renames the plan
    /// applies, then every open or rejected proposal. Confirmed renames that no longer match
    /// anything (the target text changed) are left out.
    pub fn rows(&self, d: &Diff) -> Vec<RenameRow> {
        let mut out: Vec<RenameRow> = self
            .confirmed
            .iter()
            .filter(|r| applied(d, r))
            .map(|r| RenameRow { rename: r.clone(), status: RenameStatus::Confirmed, text: format!("{} (confirmed)", r.describe()) })
            .collect();
        for p in &d.proposals {
            if out.iter().any(|row| row.rename == p.rename) {
                continue;
            }
            let status = if self.rejected.contains(&p.rename) { RenameStatus::Rejected } else { RenameStatus::Open };
            out.push(RenameRow { rename: p.rename.clone(), status, text: p.message.clone() });
        }
        out
    }
}

/// Whether the diff renames what `r` names.
pub fn applied(d: &Diff, r: &Rename) -> bool {
    d.changes.iter().any(|c| match (c, r) {
        (Change::RenameTable { from, to }, Rename::Table { from: f, to: t }) => same_table(from, f) && same_table(to, t),
        (Change::RenameColumn { from, to, .. }, Rename::Column { from: f, to: t, .. }) => {
            from.eq_ignore_ascii_case(f) && to.eq_ignore_ascii_case(t)
        }
        _ => false,
    })
}
