//! Views and materialized views. PostgreSQL has no ALTER for a view's query that every change
//! fits (and none at all for a materialized one), and a view holds on to the columns it reads:
//! so a view that changes, or reads a table whose columns are dropped or retyped, or reads such
//! a view, is dropped before everything else and created after everything else, dependents
//! first when dropping and last when creating.

use super::{Change, Differ, key, pair};
use crate::schema::{Schema, View, ViewId};
use std::collections::{HashMap, HashSet};

/// The views of `s` that `v`'s query names (by name, as a word of its text).
fn view_deps(s: &Schema, v: &View) -> Vec<ViewId> {
    let words: HashSet<String> = v
        .definition
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    s.views.iter().filter(|o| o.id != v.id && words.contains(&o.name.to_lowercase())).map(|o| o.id).collect()
}

/// `ids` ordered so that every view comes after the views it reads (a cycle keeps model order).
fn dependency_order(s: &Schema, ids: &HashSet<ViewId>) -> Vec<ViewId> {
    let mut out: Vec<ViewId> = Vec::new();
    let mut placed: HashSet<ViewId> = HashSet::new();
    let todo: Vec<&View> = s.views.iter().filter(|v| ids.contains(&v.id)).collect();
    while out.len() < todo.len() {
        let before = out.len();
        for v in &todo {
            if !placed.contains(&v.id) && view_deps(s, v).iter().all(|d| !ids.contains(d) || placed.contains(d)) {
                placed.insert(v.id);
                out.push(v.id);
            }
        }
        if out.len() == before {
            out.extend(todo.iter().filter(|v| !placed.contains(&v.id)).map(|v| v.id));
            break;
        }
    }
    out
}

/// What decides a view's shape (its query text compared without its layout).
fn same_view(a: &View, b: &View) -> bool {
    let squash = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ").trim_end_matches(';').trim().to_lowercase();
    let idx = |v: &View| v.indexes.iter().map(|i| (i.name.clone(), i.unique, squash(&i.definition))).collect::<Vec<_>>();
    a.materialized == b.materialized
        && squash(&a.definition) == squash(&b.definition)
        && a.columns == b.columns
        && a.options.as_deref().map(squash) == b.options.as_deref().map(squash)
        && idx(a) == idx(b)
}

impl Differ<'_> {
    /// Views: after the tables' changes are known (`reshaped`: previous tables whose columns a
    /// view may hold on to).
    pub(super) fn views(&mut self) {
        let by_id = self.by_id;
        let (pairs, dropped, added) = pair(&self.prev.views, &self.next.views, |v| v.id, |v| key(&v.schema, &v.name), |_, _| by_id, &HashMap::new());
        let mut drop: HashSet<ViewId> = dropped.iter().map(|v| v.id).collect();
        let mut create: HashSet<ViewId> = added.iter().map(|v| v.id).collect();
        let prev_to_next: HashMap<ViewId, ViewId> = pairs.iter().map(|p| (p.previous.id, p.next.id)).collect();
        for p in &pairs {
            let reads_changed = p.previous.reads.iter().any(|t| self.reshaped.contains(t) || self.dropped_ids.contains(t))
                || (!self.recreated_routines.is_empty() && {
                    let w = super::objects::words(&p.previous.definition);
                    self.recreated_routines.iter().any(|r| w.contains(r))
                });
            if !same_view(p.previous, p.next) || reads_changed {
                drop.insert(p.previous.id);
                create.insert(p.next.id);
            } else if p.previous.comment != p.next.comment {
                self.phases.comments.push(Change::ViewComment(p.next.id));
            }
        }
        // A view that reads a view that goes goes too, and comes back.
        loop {
            let more: Vec<ViewId> = self
                .prev
                .views
                .iter()
                .filter(|v| !drop.contains(&v.id) && view_deps(self.prev, v).iter().any(|d| drop.contains(d)))
                .map(|v| v.id)
                .collect();
            if more.is_empty() {
                break;
            }
            for v in more {
                drop.insert(v);
                if let Some(n) = prev_to_next.get(&v) {
                    create.insert(*n);
                }
            }
        }
        let mut order = dependency_order(self.prev, &drop);
        order.reverse();
        self.phases.drop_views.extend(order.into_iter().map(Change::DropView));
        let order = dependency_order(self.next, &create);
        self.phases.create_views.extend(order.into_iter().map(Change::CreateView));
    }
}
