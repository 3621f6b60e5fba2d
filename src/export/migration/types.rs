//! Namespaces and enum types.

use super::Ctx;
use super::super::sql::literal;
use crate::diff::Change;
use crate::schema::{Dialect, QName, Table};
use std::fmt::Write;

impl Ctx<'_> {
    /// CREATE/DROP SCHEMA and the enum changes (PostgreSQL types; MySQL columns of inline enums).
    pub(super) fn type_change(&mut self, ch: &Change) {
        let d = self.d;
        let pg = matches!(d, Dialect::Postgres | Dialect::Generic);
        match ch {
            Change::CreateSchema(s) => {
                if matches!(s.to_lowercase().as_str(), "public" | "dbo") || d == Dialect::Sqlite {
                    return;
                }
                let q = self.p.q(s);
                match d {
                    Dialect::Mysql => self.line(&format!("CREATE DATABASE IF NOT EXISTS {q}")),
                    Dialect::Oracle => self.line(&format!("-- create user/schema {q} first")),
                    _ => self.line(&format!("CREATE SCHEMA {q}")),
                }
            }
            Change::DropSchema(s) => {
                if matches!(s.to_lowercase().as_str(), "public" | "dbo") || matches!(d, Dialect::Sqlite | Dialect::Oracle) {
                    return;
                }
                self.hazard(format!("DATA LOSS: schema {s} is dropped"));
                let q = self.p.q(s);
                if d == Dialect::Mysql { self.line(&format!("DROP DATABASE {q}")) } else { self.line(&format!("DROP SCHEMA {q}")) }
            }
            Change::CreateEnum(e) if pg => {
                let v: Vec<String> = e.values.iter().map(|v| literal(v, d)).collect();
                self.line(&format!("CREATE TYPE {} AS ENUM ({})", self.p.obj(e.schema.as_deref(), &e.name), v.join(", ")));
            }
            Change::DropEnum(e) if pg => self.line(&format!("DROP TYPE {}", self.p.obj(e.schema.as_deref(), &e.name))),
            Change::RenameEnum { from, to } if pg => {
                self.line(&format!("ALTER TYPE {} RENAME TO {}", self.tname(from), self.p.q(to)));
            }
            Change::AddEnumValues { name, values } if pg => {
                // Before the transaction, so that the plan can use the values (as a default, in
                // a CHECK); IF NOT EXISTS lets the script run again after a later step failed.
                let outside = !self.renamed_enums.contains(&name.name.to_lowercase());
                for (v, before) in values {
                    let mut s = format!("ALTER TYPE {} ADD VALUE {}{}", self.tname(name), if outside { "IF NOT EXISTS " } else { "" }, literal(v, d));
                    if let Some(b) = before {
                        let _ = write!(s, " BEFORE {}", literal(b, d));
                    }
                    if outside {
                        self.pre.push_str(&s);
                        self.pre.push_str(";\n");
                    } else {
                        self.line(&s);
                    }
                }
                if outside {
                    self.hazard(format!("enum {}: new values are added before the transaction (PostgreSQL cannot use a value added in the same transaction); they stay if a later step fails", name.name));
                }
            }
            Change::RecreateEnum { previous, next, users } if pg => {
                let name = self.p.obj(next.schema.as_deref(), &next.name);
                let old = format!("{}__erdsmith_old", next.name);
                self.line(&format!("ALTER TYPE {} RENAME TO {}", self.p.obj(previous.schema.as_deref(), &previous.name), self.p.q(&old)));
                let v: Vec<String> = next.values.iter().map(|v| literal(v, d)).collect();
                self.line(&format!("CREATE TYPE {name} AS ENUM ({})", v.join(", ")));
                for (t, c, default) in users {
                    let col = self.p.q(c);
                    let tn = self.tname(t);
                    self.line(&format!("ALTER TABLE {tn} ALTER COLUMN {col} DROP DEFAULT, ALTER COLUMN {col} TYPE {name} USING {col}::text::{name}"));
                    if let Some(def) = default.as_deref().and_then(|x| self.p.default_expr(x)) {
                        self.line(&format!("ALTER TABLE {tn} ALTER COLUMN {col} SET DEFAULT {def}"));
                    }
                }
                self.line(&format!("DROP TYPE {}", self.p.obj(next.schema.as_deref(), &old)));
                self.hazard(format!("enum {}: values removed or reordered, so the type is recreated and every column using it is rewritten; fails if rows hold a removed value", next.name));
            }
            Change::AddEnumValues { name, .. } if d == Dialect::Mysql => self.mysql_enum_columns(&name.name.clone()),
            Change::RecreateEnum { next, .. } if d == Dialect::Mysql => self.mysql_enum_columns(&next.name.clone()),
            Change::CreateEnum(_) | Change::DropEnum(_) | Change::RenameEnum { .. } | Change::AddEnumValues { .. } | Change::RecreateEnum { .. } => {}
            _ => {}
        }
    }

    /// MySQL has no enum types: the export writes the values into each column using the enum,
    /// so a change of values is a MODIFY COLUMN of every such column of existing tables.
    fn mysql_enum_columns(&mut self, enum_name: &str) {
        let users: Vec<(Table, String)> = self
            .next
            .tables
            .iter()
            .filter(|t| !self.is_new(&QName::of(t)))
            .flat_map(|t| {
                t.columns
                    .iter()
                    .filter(|c| c.data_type.normalized.trim_matches('"').eq_ignore_ascii_case(enum_name))
                    .map(move |c| (t.clone(), c.name.clone()))
            })
            .collect();
        for (t, col) in users {
            let Some(c) = t.column_by_name(&col) else { continue };
            let def = self.p.column(&t, c);
            let tn = self.table_name(&t);
            self.line(&format!("ALTER TABLE {tn} MODIFY COLUMN {def}"));
        }
    }
}
