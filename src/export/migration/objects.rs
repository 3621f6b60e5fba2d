//! Objects kept as written (see `diff::objects`): created with their own statement, replaced
//! with `CREATE OR REPLACE` where the engine has it, dropped with the statement their kind
//! needs (`DROP FUNCTION f(argtypes)`, `DROP TRIGGER t ON table`, `DROP POLICY p ON table`,
//! a grant revoked, a comment set to NULL). A statement in another dialect than the plan's is
//! left out with a hazard saying so.

use super::Ctx;
use crate::diff::Change;
use crate::diff::objects::{comment_target, drop_arguments, extension_version};
use crate::schema::{Dialect, Object, ObjectKind, Schema};

fn find(s: &Schema, id: crate::schema::ObjectId) -> Option<&Object> {
    s.objects.iter().find(|o| o.id == id)
}

/// `CREATE FUNCTION …` → `CREATE OR REPLACE FUNCTION …` (SQL Server: `CREATE OR ALTER`).
fn or_replace(sql: &str, d: Dialect) -> String {
    let t = sql.trim_start();
    let upper = t.to_ascii_uppercase();
    if !upper.starts_with("CREATE") || upper.split_whitespace().nth(1).is_some_and(|w| w == "OR") {
        return t.to_string();
    }
    let words = if d == Dialect::Mssql { "OR ALTER" } else { "OR REPLACE" };
    format!("CREATE {words}{}", &t["CREATE".len()..])
}

/// The words between the top-level `GRANT` / `REVOKE` and their role list, swapped:
/// `GRANT p ON x TO r [WITH GRANT OPTION]` ↔ `REVOKE p ON x FROM r`.
fn reverse_grant(sql: &str) -> Option<String> {
    let t = sql.trim().trim_end_matches(';').trim_end();
    let toks: Vec<&str> = t.split_whitespace().collect();
    let first = toks.first()?.to_ascii_uppercase();
    let find_last = |w: &str| toks.iter().rposition(|x| x.eq_ignore_ascii_case(w));
    match first.as_str() {
        "GRANT" => {
            let to = find_last("TO")?;
            let mut roles: Vec<&str> = toks.get(to + 1..)?.to_vec();
            if let Some(p) = roles.iter().position(|x| x.eq_ignore_ascii_case("WITH")) {
                roles.truncate(p);
            }
            if let Some(p) = roles.iter().position(|x| x.eq_ignore_ascii_case("GRANTED")) {
                roles.truncate(p);
            }
            Some(format!("REVOKE {} FROM {}", toks.get(1..to)?.join(" "), roles.join(" ")))
        }
        "REVOKE" => {
            let from = find_last("FROM")?;
            let mut start = 1;
            let grant_option = toks.len() > 4
                && matches!(toks.get(1..4), Some([g, o, f]) if g.eq_ignore_ascii_case("GRANT") && o.eq_ignore_ascii_case("OPTION") && f.eq_ignore_ascii_case("FOR"));
            if grant_option {
                start = 4;
            }
            let mut roles: Vec<&str> = toks.get(from + 1..)?.to_vec();
            if roles.last().is_some_and(|x| x.eq_ignore_ascii_case("CASCADE") || x.eq_ignore_ascii_case("RESTRICT")) {
                roles.pop();
            }
            let option = if grant_option { " WITH GRANT OPTION" } else { "" };
            Some(format!("GRANT {} TO {}{option}", toks.get(start..from)?.join(" "), roles.join(" ")))
        }
        _ => None,
    }
}

impl Ctx<'_> {
    /// Whether this plan drops the index or key `name` (engine name), or the table it is on.
    fn index_goes(&self, name: &str) -> bool {
        if self.dropped_indexes.contains(&name.to_lowercase()) {
            return true;
        }
        self.prev.tables.iter().filter(|t| !self.prev_to_next.contains_key(&t.id)).any(|t| {
            t.indexes.iter().any(|ix| self.p.index_name(t, ix).eq_ignore_ascii_case(name))
                || t.primary_key.as_ref().and_then(|k| k.name.as_deref()).is_some_and(|n| n.eq_ignore_ascii_case(name))
                || t.uniques.iter().filter_map(|u| u.name.as_deref()).any(|n| n.eq_ignore_ascii_case(name))
        })
    }

    /// Writes a statement kept as written: with `;` added when it has none, or as the
    /// dialect's client needs it.
    pub(super) fn statement(&mut self, text: &str) {
        let t = text.trim_end();
        if t.ends_with(';') || t.ends_with("GO") || t.ends_with('/') {
            self.out.push_str(t);
            self.out.push('\n');
        } else {
            self.line(t);
        }
    }

    /// The previous schema's object `o` as the plan finds it: `true` when it may be written
    /// in this plan's dialect.
    fn object_fits(&mut self, o: &Object) -> bool {
        let fits = o.dialect == self.d || (o.dialect == Dialect::Generic && self.d != Dialect::Sqlite);
        if !fits {
            self.hazard(format!("{} {}: left out of this {} script, it is {} SQL kept as written", o.kind.label(), o.name, self.d.label(), o.dialect.label()));
        }
        fits
    }

    /// The `DROP` statement for an object of the previous schema, or None when no statement
    /// undoes it.
    fn drop_statement(&self, o: &Object) -> Option<String> {
        let d = self.d;
        let name = self.p.obj(o.schema.as_deref(), &o.name);
        let on = || o.table.and_then(|t| self.prev.table(t)).map(|t| self.table_name(t));
        let pg = matches!(d, Dialect::Postgres | Dialect::Generic);
        Some(match o.kind {
            ObjectKind::Function | ObjectKind::Procedure | ObjectKind::Aggregate => {
                let kw = match o.kind {
                    ObjectKind::Function => "FUNCTION",
                    ObjectKind::Procedure => "PROCEDURE",
                    _ => "AGGREGATE",
                };
                if pg {
                    format!("DROP {kw} {name}({})", drop_arguments(&o.sql).unwrap_or_default())
                } else {
                    format!("DROP {kw} {name}")
                }
            }
            ObjectKind::Trigger if pg => format!("DROP TRIGGER {} ON {}", self.p.q(&o.name), on()?),
            ObjectKind::Trigger => format!("DROP TRIGGER {name}"),
            ObjectKind::Policy => format!("DROP POLICY {} ON {}", self.p.q(&o.name), on()?),
            ObjectKind::Rule => format!("DROP RULE {} ON {}", self.p.q(&o.name), on()?),
            ObjectKind::Extension => format!("DROP EXTENSION {}", self.p.q(&o.name)),
            ObjectKind::Type => format!("DROP TYPE {name}"),
            ObjectKind::Collation => format!("DROP COLLATION {name}"),
            ObjectKind::Package => format!("DROP PACKAGE {name}"),
            ObjectKind::Synonym => format!("DROP SYNONYM {name}"),
            ObjectKind::Event => format!("DROP EVENT {name}"),
            ObjectKind::Comment => format!("{} IS NULL", comment_target(&o.sql)?),
            ObjectKind::Grant => reverse_grant(&o.sql)?,
            ObjectKind::Cast => {
                let upper = o.sql.to_ascii_uppercase();
                let at = upper.find("CAST")?;
                let open = o.sql[at..].find('(')? + at;
                let close = o.sql[open..].find(')')? + open;
                format!("DROP CAST {}", &o.sql[open..=close])
            }
            _ => return None,
        })
    }

    pub(super) fn object_change(&mut self, ch: &Change) {
        match ch {
            Change::CreateObject { object, replace } => {
                let Some(o) = find(self.next, *object) else { return };
                if !self.object_fits(o) {
                    return;
                }
                let can_replace = matches!(self.d, Dialect::Postgres | Dialect::Oracle | Dialect::Mssql | Dialect::Generic);
                if *replace && !can_replace {
                    // No CREATE OR REPLACE here: the previous one goes first.
                    if let Some(p) = self.prev.objects.iter().find(|p| p.kind == o.kind && p.name == o.name && p.schema == o.schema)
                        && let Some(s) = self.drop_statement(p)
                    {
                        self.line(&s);
                    }
                }
                let mut shown = o.clone();
                if *replace && can_replace {
                    shown.sql = or_replace(&o.sql, self.d);
                }
                let text = self.p.object_text(&shown);
                self.statement(&text);
            }
            Change::DropObject(id) => {
                let Some(o) = find(self.prev, *id) else { return };
                if !self.object_fits(o) {
                    return;
                }
                match self.drop_statement(o) {
                    Some(s) => {
                        if o.kind == ObjectKind::Extension {
                            self.hazard(format!("extension {}: dropped, with the objects it made (the drop fails while something of the schema still uses them)", o.name));
                        }
                        if o.kind == ObjectKind::Policy {
                            self.hazard(format!("policy {}: dropped, the rows it filtered are no longer filtered by it", o.name));
                        }
                        self.line(&s)
                    }
                    // An index attachment goes with the index it attaches or is attached to
                    // when the plan drops that (or its table).
                    None if crate::diff::objects::index_attachment(o).is_some_and(|(parent, child)| self.index_goes(&parent) || self.index_goes(&child)) => {}
                    None => self.inexact(format!("{} {}: no statement undoes it; it stays in the database", o.kind.label(), o.name)),
                }
            }
            Change::AlterExtension(id) => {
                let Some(o) = find(self.next, *id) else { return };
                if !self.object_fits(o) {
                    return;
                }
                let to = extension_version(&o.sql).map(|v| format!(" TO {v}")).unwrap_or_default();
                self.line(&format!("ALTER EXTENSION {} UPDATE{to}", self.p.q(&o.name)));
            }
            _ => {}
        }
    }
}
