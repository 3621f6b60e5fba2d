//! Sequences, serial columns and identity options.

use super::{Ctx, column_of};
use super::super::sql::literal;
use crate::diff::Change;
use crate::schema::{Dialect, Identity, Sequence, TypeKind};

impl Ctx<'_> {
    fn seq_name(&self, q: &Sequence) -> String {
        self.p.obj(q.schema.as_deref(), &q.name)
    }

    /// CREATE, ALTER, DROP SEQUENCE and OWNED BY (PostgreSQL; SQL Server and Oracle have
    /// sequences too, without owners).
    pub(super) fn sequence_change(&mut self, ch: &Change) {
        let d = self.d;
        let pg = matches!(d, Dialect::Postgres | Dialect::Generic);
        if !pg && !matches!(d, Dialect::Mssql | Dialect::Oracle) {
            return;
        }
        match ch {
            Change::CreateSequence(id) => {
                let Some(q) = self.next.sequences.iter().find(|q| q.id == *id) else { return };
                let settings = q.settings();
                let mut s = format!("CREATE SEQUENCE {}", self.seq_name(q));
                if let Some(t) = settings.data_type.as_deref().filter(|_| d != Dialect::Oracle) {
                    s.push_str(" AS ");
                    s.push_str(t);
                }
                let opts = settings.to_sql();
                if !opts.is_empty() {
                    s.push(' ');
                    s.push_str(&opts);
                }
                self.line(&s);
            }
            Change::DropSequence(id) => {
                let Some(q) = self.prev.sequences.iter().find(|q| q.id == *id) else { return };
                self.line(&format!("DROP SEQUENCE {}", self.seq_name(q)));
            }
            Change::AlterSequence { previous, next } => {
                let (Some(a), Some(b)) = (self.prev.sequences.iter().find(|q| q.id == *previous), self.next.sequences.iter().find(|q| q.id == *next)) else {
                    return;
                };
                let (sa, sb) = (a.settings(), b.settings());
                let mut parts = Vec::new();
                if sa.data_type != sb.data_type && d != Dialect::Oracle {
                    parts.push(format!("AS {}", sb.data_type.as_deref().unwrap_or("bigint")));
                }
                parts.extend(sa.changes_to(a.bits(), &sb, b.bits()));
                if !parts.is_empty() {
                    self.line(&format!("ALTER SEQUENCE {} {}", self.seq_name(b), parts.join(" ")));
                }
                if parts.iter().any(|p| p == "RESTART") {
                    self.hazard(format!("sequence {}: its new range leaves out where it counted from, so it restarts: values handed out before may come again", b.name));
                }
            }
            Change::SequenceOwner { sequence, owner } if pg => {
                let to = match owner {
                    Some((t, c)) => format!("{}.{}", self.tname(t), self.p.q(c)),
                    None => "NONE".into(),
                };
                self.line(&format!("ALTER SEQUENCE {} OWNED BY {to}", self.tname(sequence)));
            }
            _ => {}
        }
    }

    /// Serial columns made or unmade, and identity kind and options.
    pub(super) fn serial_identity_change(&mut self, ch: &Change) {
        let d = self.d;
        let pg = matches!(d, Dialect::Postgres | Dialect::Generic);
        match ch {
            Change::AddSerial { table, column, sequence } if pg => {
                let Some((t, c)) = column_of(self.next, *table, *column) else { return };
                let ty = match crate::diff::canonical_type(&c.data_type.normalized).as_str() {
                    "smallint" => " AS smallint",
                    "bigint" => "",
                    _ => " AS integer",
                };
                let (tn, col, seq) = (self.table_name(t), self.p.q(&c.name), self.tname(sequence));
                self.line(&format!("CREATE SEQUENCE {seq}{ty}"));
                self.line(&format!("ALTER SEQUENCE {seq} OWNED BY {tn}.{col}"));
                self.line(&format!("ALTER TABLE {tn} ALTER COLUMN {col} SET DEFAULT nextval({}::regclass)", literal(&seq, d)));
            }
            Change::DropSerial { table, column, sequence } if pg => {
                let (tn, col) = (self.tname(table), self.p.q(column));
                self.line(&format!("ALTER TABLE {tn} ALTER COLUMN {col} DROP DEFAULT"));
                self.line(&format!("DROP SEQUENCE {}", self.tname(sequence)));
            }
            Change::AddSerial { table, column, .. } if d == Dialect::Mysql => self.mysql_modify(*table, *column),
            Change::DropSerial { table, column, .. } if d == Dialect::Mysql => {
                let Some(t) = self.next.tables.iter().find(|t| t.schema == table.schema && t.name == table.name) else { return };
                let Some(c) = t.column_by_name(column) else { return };
                self.mysql_modify(t.id, c.id);
            }
            Change::AlterIdentity { table, column, previous, options } if pg => {
                let Some((t, c)) = column_of(self.next, *table, *column) else { return };
                let mut parts = Vec::new();
                if c.identity.as_ref() != Some(previous) {
                    parts.push(format!("SET GENERATED {}", if c.identity == Some(Identity::Always) { "ALWAYS" } else { "BY DEFAULT" }));
                }
                let bits = match c.data_type.kind {
                    TypeKind::Integer { bits, .. } => bits,
                    _ => 64,
                };
                let changes = options.changes_to(bits, &c.identity_options, bits);
                if changes.iter().any(|p| p == "RESTART") {
                    self.hazard(format!("{}.{}: the identity's new range leaves out where it counted from, so it restarts: values handed out before may come again", t.name, c.name));
                }
                parts.extend(changes.into_iter().map(|p| if p == "RESTART" { p } else { format!("SET {p}") }));
                if !parts.is_empty() {
                    let col = self.p.q(&c.name);
                    self.line(&format!("ALTER TABLE {} ALTER COLUMN {col} {}", self.table_name(t), parts.join(" ")));
                }
            }
            _ => {}
        }
    }

    /// MySQL: the column's whole definition again.
    fn mysql_modify(&mut self, table: crate::schema::TableId, column: crate::schema::ColumnId) {
        let Some((t, c)) = column_of(self.next, table, column) else { return };
        let def = self.p.column(t, c);
        let tn = self.table_name(t);
        self.line(&format!("ALTER TABLE {tn} MODIFY COLUMN {def}"));
    }
}
