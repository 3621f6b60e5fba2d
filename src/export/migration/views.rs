//! Views and materialized views: dropped first and created last (see `diff::views`).

use super::Ctx;
use super::super::sql::literal;
use crate::diff::Change;
use crate::schema::Dialect;

impl Ctx<'_> {
    pub(super) fn view_change(&mut self, ch: &Change) {
        let d = self.d;
        match ch {
            Change::CreateView(id) => {
                let Some(v) = self.next.view(*id) else { return };
                let lines = self.p.create_view(v);
                if lines.is_empty() {
                    self.hazard(format!("view {}: its query is {} SQL and is left out of this {} script", v.name, self.next.dialect.label(), d.label()));
                }
                for l in lines {
                    self.line(&l);
                }
                if v.materialized && d == Dialect::Postgres {
                    self.hazard(format!("materialized view {}: (re)created, its query runs in full while the plan holds its locks", v.name));
                }
            }
            Change::DropView(id) => {
                let Some(v) = self.prev.view(*id) else { return };
                let kw = if v.materialized && d == Dialect::Postgres { "MATERIALIZED VIEW" } else { "VIEW" };
                self.line(&format!("DROP {kw} {}", self.p.obj(v.schema.as_deref(), &v.name)));
            }
            Change::ViewComment(id) => {
                let Some(v) = self.next.view(*id) else { return };
                if !matches!(d, Dialect::Postgres | Dialect::Oracle | Dialect::Generic) {
                    return;
                }
                let kw = if v.materialized && d == Dialect::Postgres { "MATERIALIZED VIEW" } else { "VIEW" };
                let c = v.comment.as_deref().map_or_else(|| "NULL".to_string(), |c| literal(c, d));
                self.line(&format!("COMMENT ON {kw} {} IS {c}", self.p.obj(v.schema.as_deref(), &v.name)));
            }
            _ => {}
        }
    }
}
