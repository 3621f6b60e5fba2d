//! Sequences: created before the tables whose defaults use them, owned (`OWNED BY`) once the
//! owning column exists, dropped after what uses them. An owner that changes is let go first,
//! so that dropping the old owning column or table does not take the sequence along.

use super::{Change, Differ, key, pair};
use crate::schema::{QName, Schema, Sequence};
use std::collections::HashMap;

/// The owner of `q` in `s`: table name and column name.
fn owner(s: &Schema, q: &Sequence) -> Option<(QName, String)> {
    let (t, c) = q.owned_by?;
    let t = s.table(t)?;
    Some((QName::of(t), t.column(c)?.name.clone()))
}

fn qname(q: &Sequence) -> QName {
    QName { schema: q.schema.clone(), name: q.name.clone() }
}

impl Differ<'_> {
    pub(super) fn sequences(&mut self) {
        let by_id = self.by_id;
        let (pairs, dropped, added) =
            pair(&self.prev.sequences, &self.next.sequences, |q| q.id, |q| key(&q.schema, &q.name), |_, _| by_id, &HashMap::new());
        for q in added {
            self.phases.create_types.push(Change::CreateSequence(q.id));
            if let Some(o) = owner(self.next, q) {
                self.phases.table_properties.push(Change::SequenceOwner { sequence: qname(q), owner: Some(o) });
            }
        }
        for q in dropped {
            // A sequence owned by a column that goes goes with it.
            let goes_along = q.owned_by.is_some_and(|(t, c)| {
                let Some((pt, col)) = self.prev.table(t).and_then(|pt| Some((pt, pt.column(c)?))) else { return true };
                if self.dropped_ids.contains(&t) {
                    return true;
                }
                let next = self.table_rename.get(&QName::of(pt)).and_then(|n| self.next.find_table(n.schema.as_deref(), &n.name));
                next.is_none_or(|nt| nt.column_by_name(&col.name).is_none())
            });
            if !goes_along {
                self.phases.drop_types.push(Change::DropSequence(q.id));
            }
        }
        for p in pairs {
            let (a, b) = (p.previous, p.next);
            if a.settings().effective(a.bits()) != b.settings().effective(b.bits()) || a.settings().data_type != b.settings().data_type {
                self.phases.create_types.push(Change::AlterSequence { previous: a.id, next: b.id });
            }
            let (oa, ob) = (owner(self.prev, a), owner(self.next, b));
            let renamed = oa.as_ref().map(|(t, c)| (self.table_rename.get(t).cloned().unwrap_or_else(|| t.clone()), c.to_lowercase()));
            let same = match (&renamed, &ob) {
                (Some((ta, ca)), Some((tb, cb))) => key(&ta.schema, &ta.name) == key(&tb.schema, &tb.name) && *ca == cb.to_lowercase(),
                (None, None) => true,
                _ => false,
            };
            if !same {
                if oa.is_some() {
                    self.phases.drop_fks.push(Change::SequenceOwner { sequence: qname(a), owner: None });
                }
                if ob.is_some() {
                    self.phases.table_properties.push(Change::SequenceOwner { sequence: qname(b), owner: ob });
                }
            }
        }
    }
}
