//! Namespaces and enum types: created before the tables that use them, dropped after.

use super::{Change, Differ, Pair, key, pair, uses_enum};
use crate::schema::{QName, Schema, Table};
use std::collections::HashMap;

/// The namespaces `s` uses or declares, without the default ones, sorted, case-insensitively
/// distinct.
fn spaces(s: &Schema) -> Vec<String> {
    let mut v: Vec<String> = s
        .tables
        .iter()
        .map(|t| &t.schema)
        .chain(s.enums.iter().map(|e| &e.schema))
        .chain(s.sequences.iter().map(|q| &q.schema))
        .chain(s.domains.iter().map(|d| &d.schema))
        .chain(s.views.iter().map(|v| &v.schema))
        .flatten()
        .chain(s.namespaces.iter()).filter(|&n| !matches!(n.to_lowercase().as_str(), "public" | "dbo" | "main")).cloned()
        .collect();
    v.sort_by_key(|x| x.to_lowercase());
    v.dedup_by_key(|x| x.to_lowercase());
    v
}

impl Differ<'_> {
    pub(super) fn namespaces(&mut self) {
        let (ps, ns) = (spaces(self.prev), spaces(self.next));
        for s in &ns {
            if !ps.iter().any(|p| p.eq_ignore_ascii_case(s)) {
                self.phases.create_types.push(Change::CreateSchema(s.clone()));
            }
        }
        // A schema is dropped last, once nothing lives in it.
        for s in &ps {
            if !ns.iter().any(|n| n.eq_ignore_ascii_case(s)) {
                self.phases.drop_schemas.push(Change::DropSchema(s.clone()));
            }
        }
    }

    pub(super) fn enums(&mut self, tpairs: &[Pair<&Table>]) {
        let by_id = self.by_id;
        let (epairs, edropped, eadded) = pair(
            &self.prev.enums,
            &self.next.enums,
            |e| e.id,
            |e| key(&e.schema, &e.name),
            |a, b| by_id && a.values.iter().any(|v| b.values.contains(v)),
            &HashMap::new(),
        );
        let create = &mut self.phases.create_types;
        for e in eadded {
            create.push(Change::CreateEnum(e.clone()));
        }
        for e in edropped {
            self.phases.drop_types.push(Change::DropEnum(e.clone()));
        }
        for p in epairs {
            let (a, b) = (p.previous, p.next);
            if !a.name.eq_ignore_ascii_case(&b.name) || a.schema != b.schema {
                create.push(Change::RenameEnum { from: QName { schema: a.schema.clone(), name: a.name.clone() }, to: b.name.clone() });
            }
            if a.values == b.values {
                continue;
            }
            let kept_in_order = {
                let mut it = b.values.iter();
                a.values.iter().all(|v| it.any(|x| x == v))
            };
            let name = QName { schema: b.schema.clone(), name: b.name.clone() };
            if kept_in_order {
                let values = b
                    .values
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| !a.values.contains(v))
                    .map(|(i, v)| (v.clone(), b.values.get(i + 1).filter(|n| a.values.contains(n)).cloned()))
                    .collect();
                create.push(Change::AddEnumValues { name, values });
            } else {
                let users = tpairs
                    .iter()
                    .flat_map(|tp| tp.previous.columns.iter().map(move |c| (tp, c)))
                    .filter(|(_, c)| uses_enum(&c.data_type, a))
                    .filter_map(|(tp, c)| {
                        let n = tp.next.column_by_name(&c.name).filter(|n| uses_enum(&n.data_type, b))?;
                        Some((QName::of(tp.previous), c.name.clone(), n.default.clone()))
                    })
                    .collect();
                create.push(Change::RecreateEnum { previous: a.clone(), next: b.clone(), users });
            }
        }
    }
}
