//! Tables, columns and comments.

use super::{Ctx, column_of, is_widening};
use super::super::sql::literal;
use crate::diff::Change;
use crate::schema::{Dialect, QName, TableKind, TypeKind};

impl Ctx<'_> {
    /// CREATE, DROP and RENAME of whole tables.
    pub(super) fn table_change(&mut self, ch: &Change) {
        let d = self.d;
        let pg = matches!(d, Dialect::Postgres | Dialect::Generic);
        match ch {
            Change::RenameTable { from, to } => {
                let f = self.tname(from);
                if from.schema != to.schema && pg
                    && let Some(s) = &to.schema {
                        self.line(&format!("ALTER TABLE {} SET SCHEMA {}", self.tname(from), self.p.q(s)));
                    }
                if from.name != to.name {
                    let from_now = QName { schema: to.schema.clone(), name: from.name.clone() };
                    let f2 = if pg { self.tname(&from_now) } else { f.clone() };
                    match d {
                        Dialect::Mysql => self.line(&format!("RENAME TABLE {f2} TO {}", self.tname(to))),
                        Dialect::Mssql => self.line(&format!("EXEC sp_rename {}, {}", literal(&f2, d), literal(&to.name, d))),
                        _ => self.line(&format!("ALTER TABLE {f2} RENAME TO {}", self.p.q(&to.name))),
                    }
                }
                if pg && from.name != to.name {
                    self.rename_enum_checks(to, &from.name, None);
                }
                self.hazard(format!("rename: table {} → {}; deployed code using the old name breaks (safer: a view with the old name during the rollout)", from.name, to.name));
            }
            Change::CreateTable(t) => {
                let next = self.next;
                if let Some(t) = next.table(*t) {
                    // A new partition of a parent that already has the index: PostgreSQL builds
                    // the partition a copy of it at once, beside the partition's own matching
                    // index or key that the target has in its place.
                    if self.d == Dialect::Postgres
                        && let Some(parent) = t.parent.and_then(|p| next.table(p))
                        && !self.is_new(&QName::of(parent))
                        && let Some(prev_parent) = self.prev_to_next.iter().find(|(_, n)| **n == parent.id).and_then(|(p, _)| self.prev.table(*p))
                    {
                        let before: Vec<(String, String)> = matching_local(&self.p, prev_parent, t);
                        for (pidx, local) in before {
                            self.inexact(format!(
                                "{}: made PARTITION OF {}, whose index {pidx} exists already, so PostgreSQL builds the partition a copy of {pidx} beside its own matching {local}; the target has {local} as the partition's part of {pidx} (only a partition made before the parent's index, or attached, gets that)",
                                t.name, parent.name
                            ));
                        }
                    }
                    let s = self.p.create_table(t);
                    self.out.push_str(&s);
                    self.out.push('\n');
                }
            }
            Change::DropTable(t) => {
                if let Some(t) = self.prev.table(*t) {
                    let q = QName::of(t);
                    // A partition of a parent that stays is detached first: a foreign key that
                    // references the parent depends on each partition, and DROP TABLE refuses.
                    if self.d == Dialect::Postgres
                        && t.kind == TableKind::Partition
                        && let Some(parent) = t.parent.filter(|p| self.prev_to_next.contains_key(p)).and_then(|p| self.prev.table(p))
                    {
                        self.line(&format!("ALTER TABLE {} DETACH PARTITION {}", self.table_name(parent), self.tname(&q)));
                    }
                    // A partitioned table whose partitions stay (detached): they keep the
                    // defaults they took from it, and a serial's sequence is owned by it.
                    if self.d == Dialect::Postgres && t.kind == TableKind::Partitioned {
                        let prev = self.prev;
                        let serials: Vec<&str> = t
                            .columns
                            .iter()
                            .filter(|c| c.data_type.raw.to_ascii_lowercase().contains("serial") || c.default.as_deref().is_some_and(|x| x.to_ascii_lowercase().contains("nextval")))
                            .map(|c| c.name.as_str())
                            .collect();
                        let staying: Vec<&crate::schema::Table> = prev.tables.iter().filter(|x| x.parent == Some(t.id) && self.prev_to_next.contains_key(&x.id)).collect();
                        for part in staying {
                            if !serials.is_empty() {
                                self.fails(format!(
                                    "{}: dropped while its partition {} stays, whose {} still take values from {}'s sequence (the default it had from the parent), so PostgreSQL refuses (other objects depend on it): give {} its own defaults first",
                                    t.name,
                                    part.name,
                                    serials.join(", "),
                                    t.name,
                                    part.name
                                ));
                            }
                        }
                    }
                    self.line(&format!("DROP TABLE {}", self.tname(&q)));
                    self.hazard(format!("DATA LOSS: table {} is dropped (safer: rename it aside and drop it in a later release)", t.qualified_name()));
                }
            }
            _ => {}
        }
    }

    /// Columns added, dropped, renamed or retyped.
    pub(super) fn column_change(&mut self, ch: &Change) {
        let d = self.d;
        let pg = matches!(d, Dialect::Postgres | Dialect::Generic);
        match ch {
            Change::AddColumn { table, column } => {
                let Some((t, c)) = column_of(self.next, *table, *column) else { return };
                let def = self.p.column(t, c);
                let tn = self.table_name(t);
                let kw = if matches!(d, Dialect::Mssql | Dialect::Oracle) { "ADD" } else { "ADD COLUMN" };
                if d == Dialect::Oracle { self.line(&format!("ALTER TABLE {tn} ADD ({def})")) } else { self.line(&format!("ALTER TABLE {tn} {kw} {def}")) }
                if !c.nullable && c.default.is_none() && c.identity.is_none() {
                    self.hazard(format!("{}.{}: NOT NULL column without a default fails on a non-empty table (safer: add it nullable, backfill, then SET NOT NULL)", t.name, c.name));
                }
                let volatile = ["random(", "gen_random_uuid(", "uuid_generate", "clock_timestamp(", "nextval(", "timeofday("];
                if pg && c.default.as_deref().is_some_and(|x| volatile.iter().any(|v| x.to_ascii_lowercase().contains(v))) {
                    self.hazard(format!("{}.{}: a volatile default rewrites the whole table under an ACCESS EXCLUSIVE lock (safer: add without default, set the default, backfill in batches)", t.name, c.name));
                }
            }
            Change::DropColumn { table, column } => {
                let Some((pt, c)) = column_of(self.prev, *table, *column) else { return };
                let tq = match self.prev_to_next.get(table).and_then(|n| self.next.table(*n)) {
                    Some(nt) => QName::of(nt),
                    None => QName::of(pt),
                };
                self.line(&format!("ALTER TABLE {} DROP COLUMN {}", self.tname(&tq), self.p.q(&c.name)));
                self.hazard(format!("DATA LOSS: column {}.{} is dropped (safer: stop using it first, drop it in a later release)", pt.name, c.name));
            }
            Change::RenameColumn { table, from, to } => {
                let tn = self.tname(table);
                match d {
                    Dialect::Mssql => self.line(&format!("EXEC sp_rename {}, {}, 'COLUMN'", literal(&format!("{tn}.{}", self.p.q(from)), d), literal(to, d))),
                    _ => self.line(&format!("ALTER TABLE {tn} RENAME COLUMN {} TO {}", self.p.q(from), self.p.q(to))),
                }
                if pg {
                    self.rename_enum_checks(table, &table.name, Some((from, to)));
                }
                self.hazard(format!("rename: column {}.{from} → {to}; deployed code using the old name breaks", table.name));
            }
            Change::AlterType { table, column, previous, collation } => {
                let Some((t, c)) = column_of(self.next, *table, *column) else { return };
                let mut ty = self.p.column_type(t, c);
                // `serial` is no type: an integer with a sequence (AddSerial makes that part).
                if pg && ty.to_ascii_lowercase().contains("serial") {
                    ty = crate::diff::canonical_type(&ty.to_ascii_lowercase());
                }
                let tn = self.table_name(t);
                let col = self.p.q(&c.name);
                let collate = match (collation, &c.collation) {
                    (false, _) => String::new(),
                    (true, Some(x)) => format!(" COLLATE {}", if d == Dialect::Mssql { x.clone() } else { self.p.q(x) }),
                    (true, None) if pg => " COLLATE \"default\"".to_string(),
                    (true, None) => String::new(),
                };
                match d {
                    Dialect::Mysql => {
                        let def = self.p.column(t, c);
                        self.line(&format!("ALTER TABLE {tn} MODIFY COLUMN {def}"));
                    }
                    Dialect::Mssql => self.line(&format!("ALTER TABLE {tn} ALTER COLUMN {col} {ty}{collate}{}", if c.nullable { " NULL" } else { " NOT NULL" })),
                    Dialect::Oracle => self.line(&format!("ALTER TABLE {tn} MODIFY ({col} {ty})")),
                    _ => self.line(&format!("ALTER TABLE {tn} ALTER COLUMN {col} TYPE {ty}{collate} USING {col}::{ty}")),
                }
                let before = crate::schema::DataType::parse(previous);
                if pg && no_cast(&before.kind, &c.data_type.kind) {
                    self.fails(format!(
                        "{}.{}: PostgreSQL has no cast from {previous} to {}, so this step fails: write the USING expression that converts the values (what a number means as a time is yours to say)",
                        t.name, c.name, c.data_type.raw
                    ));
                }
                let same_type = crate::diff::canonical_type(&crate::schema::DataType::parse(previous).normalized) == crate::diff::canonical_type(&c.data_type.normalized);
                if *collation && same_type {
                    self.hazard(format!("{}.{}: the collation changes: indexes on the column are rebuilt under an ACCESS EXCLUSIVE lock", t.name, c.name));
                } else if !is_widening(previous, &c.data_type) {
                    self.hazard(format!(
                        "{}.{}: type {previous} → {}: rewrites the table under an ACCESS EXCLUSIVE lock on PostgreSQL and may fail or truncate data (safer: add a new column, backfill, swap)",
                        t.name, c.name, c.data_type.raw
                    ));
                }
            }
            _ => {}
        }
    }

    /// NOT NULL, defaults and identity of a column.
    pub(super) fn column_attribute_change(&mut self, ch: &Change) {
        let d = self.d;
        match ch {
            Change::SetNotNull { table, column } | Change::DropNotNull { table, column } => {
                let set = matches!(ch, Change::SetNotNull { .. });
                let Some((t, c)) = column_of(self.next, *table, *column) else { return };
                let tq = QName::of(t);
                let tn = self.tname(&tq);
                let col = self.p.q(&c.name);
                // (An identity or primary key made in the transaction needs NOT NULL there.)
                if set && self.online && !self.is_new(&tq) && c.identity.is_none() && !t.is_pk_column(c.id) {
                    // Online: a CHECK added NOT VALID and validated (writes go on), which lets
                    // SET NOT NULL skip its scan; the check then goes.
                    let check = crate::schema::names::make_object_name(&t.name, Some(&c.name), "not_null");
                    let cq = self.p.q(&check);
                    self.post_line(&format!("ALTER TABLE {tn} ADD CONSTRAINT {cq} CHECK ({col} IS NOT NULL) NOT VALID"));
                    self.post_line(&format!("ALTER TABLE {tn} VALIDATE CONSTRAINT {cq}"));
                    self.post_line(&format!("ALTER TABLE {tn} ALTER COLUMN {col} SET NOT NULL"));
                    self.post_line(&format!("ALTER TABLE {tn} DROP CONSTRAINT {cq}"));
                    self.hazard(format!(
                        "{}.{}: SET NOT NULL after the transaction, through a CHECK ({} IS NOT NULL) validated first (writes go on; it fails if a NULL exists)",
                        t.name, c.name, col
                    ));
                    return;
                }
                match d {
                    Dialect::Mysql => {
                        let def = self.p.column(t, c);
                        self.line(&format!("ALTER TABLE {tn} MODIFY COLUMN {def}"));
                    }
                    Dialect::Mssql => {
                        let ty = self.p.column_type(t, c);
                        self.line(&format!("ALTER TABLE {tn} ALTER COLUMN {col} {ty} {}", if set { "NOT NULL" } else { "NULL" }));
                    }
                    Dialect::Oracle => self.line(&format!("ALTER TABLE {tn} MODIFY ({col} {})", if set { "NOT NULL" } else { "NULL" })),
                    _ => self.line(&format!("ALTER TABLE {tn} ALTER COLUMN {col} {} NOT NULL", if set { "SET" } else { "DROP" })),
                }
                if set && !self.is_new(&tq) {
                    self.hazard(format!(
                        "{}.{}: SET NOT NULL scans the table under an ACCESS EXCLUSIVE lock and fails if a NULL exists (safer on PostgreSQL 12+: ADD CONSTRAINT … CHECK ({} IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT, then SET NOT NULL)",
                        t.name, c.name, col
                    ));
                }
            }
            Change::SetDefault { table, column } => {
                let Some((t, c)) = column_of(self.next, *table, *column) else { return };
                let tn = self.table_name(t);
                let Some(def) = c.default.as_deref().and_then(|x| self.p.default_expr(x)) else { return };
                let col = self.p.q(&c.name);
                match d {
                    Dialect::Mssql => self.line(&format!("ALTER TABLE {tn} ADD DEFAULT {def} FOR {col}")),
                    Dialect::Oracle => self.line(&format!("ALTER TABLE {tn} MODIFY ({col} DEFAULT {def})")),
                    _ => self.line(&format!("ALTER TABLE {tn} ALTER COLUMN {col} SET DEFAULT {def}")),
                }
            }
            Change::DropDefault { table, column } => {
                let Some((t, c)) = column_of(self.next, *table, *column) else { return };
                let tn = self.table_name(t);
                let col = self.p.q(&c.name);
                match d {
                    Dialect::Oracle => self.line(&format!("ALTER TABLE {tn} MODIFY ({col} DEFAULT NULL)")),
                    Dialect::Mssql => {
                        // SQL Server gives default constraints generated names: look it up.
                        let lit = |x: &str| x.replace('\'', "''");
                        self.line(&format!(
                            "DECLARE @df sysname = (SELECT dc.name FROM sys.default_constraints dc JOIN sys.columns c ON c.default_object_id = dc.object_id WHERE dc.parent_object_id = OBJECT_ID(N'{}') AND c.name = N'{}');\nIF @df IS NOT NULL EXEC(N'ALTER TABLE {} DROP CONSTRAINT ' + QUOTENAME(@df))",
                            lit(&tn),
                            lit(&c.name),
                            lit(&tn),
                        ))
                    }
                    _ => self.line(&format!("ALTER TABLE {tn} ALTER COLUMN {col} DROP DEFAULT")),
                }
            }
            Change::AddIdentity { table, column } => {
                let Some((t, c)) = column_of(self.next, *table, *column) else { return };
                let tn = self.table_name(t);
                let col = self.p.q(&c.name);
                match d {
                    Dialect::Mysql => {
                        let def = self.p.column(t, c);
                        self.line(&format!("ALTER TABLE {tn} MODIFY COLUMN {def}"));
                    }
                    _ => {
                        let kind = if c.identity == Some(crate::schema::Identity::Always) { "ALWAYS" } else { "BY DEFAULT" };
                        let options = if c.identity_options.is_default() { String::new() } else { format!(" ({})", c.identity_options.to_sql()) };
                        self.line(&format!("ALTER TABLE {tn} ALTER COLUMN {col} ADD GENERATED {kind} AS IDENTITY{options}"));
                    }
                }
            }
            Change::DropIdentity { table, column } => {
                let tn = self.tname(table);
                let col = self.p.q(column);
                match d {
                    Dialect::Mysql => self.line(&format!("-- {tn}.{col}: AUTO_INCREMENT is dropped by the MODIFY COLUMN of its definition")),
                    _ => self.line(&format!("ALTER TABLE {tn} ALTER COLUMN {col} DROP IDENTITY IF EXISTS")),
                }
            }
            _ => {}
        }
    }

    /// COMMENT ON (MySQL: the column definition again).
    pub(super) fn comment_change(&mut self, ch: &Change) {
        let d = self.d;
        match ch {
            Change::TableComment { table, comment } => {
                let v = comment.as_deref().map_or("NULL".to_string(), |c| literal(c, d));
                match d {
                    Dialect::Mysql => self.line(&format!("ALTER TABLE {} COMMENT = {}", self.tname(table), if comment.is_some() { v } else { "''".into() })),
                    Dialect::Postgres | Dialect::Generic | Dialect::Oracle => self.line(&format!("COMMENT ON TABLE {} IS {v}", self.tname(table))),
                    _ => {}
                }
            }
            Change::ColumnComment { table, column, comment } => {
                let v = comment.as_deref().map_or("NULL".to_string(), |c| literal(c, d));
                match d {
                    Dialect::Postgres | Dialect::Generic | Dialect::Oracle => {
                        self.line(&format!("COMMENT ON COLUMN {}.{} IS {v}", self.tname(table), self.p.q(column)))
                    }
                    Dialect::Mysql => {
                        let found = self.next.tables.iter().find(|t| t.schema == table.schema && t.name == table.name).cloned();
                        if let Some(t) = found
                            && let Some(c) = t.column_by_name(column)
                            && !self.is_new(table)
                        {
                            let def = self.p.column(&t, c);
                            self.line(&format!("ALTER TABLE {} MODIFY COLUMN {def}", self.tname(table)));
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }

    /// PostgreSQL partitions attached and detached, row-level security and replica identity.
    pub(super) fn table_property_change(&mut self, ch: &Change) {
        if self.d != Dialect::Postgres {
            return;
        }
        match ch {
            Change::AttachPartition(t) => {
                let Some(t) = self.next.table(*t) else { return };
                let Some(p) = t.parent.and_then(|p| self.next.table(p)) else { return };
                let bound = t.text.bound.clone().unwrap_or_else(|| "DEFAULT".into());
                self.line(&format!("ALTER TABLE {} ATTACH PARTITION {} {bound}", self.table_name(p), self.table_name(t)));
                // A table that stood on its own keeps its columns' defaults (a serial's own
                // sequence) when attached; the target's partition has the parent's.
                if let Some(pt) = self.prev_to_next.iter().find(|(_, n)| **n == t.id).and_then(|(x, _)| self.prev.table(*x))
                    && pt.parent.is_none()
                {
                    let norm = |x: &Option<String>| x.as_deref().map(|d| d.split_whitespace().collect::<String>().to_lowercase());
                    let differ: Vec<String> = pt
                        .columns
                        .iter()
                        .filter(|c| p.columns.iter().find(|pc| pc.name == c.name).is_some_and(|pc| norm(&pc.default) != norm(&c.default) || (pc.identity.is_some() != c.identity.is_some())))
                        .map(|c| c.name.clone())
                        .collect();
                    let serial = pt.columns.iter().any(|c| c.data_type.raw.to_ascii_lowercase().contains("serial"));
                    if !differ.is_empty() || serial {
                        self.inexact(format!(
                            "{}: an existing table attached as a partition of {} keeps its own column defaults and sequences ({}); the target's partition has the parent's",
                            t.name,
                            p.name,
                            if differ.is_empty() { "its serial columns".to_string() } else { differ.join(", ") }
                        ));
                    }
                }
                for (pidx, local) in matching_local(&self.p, p, t) {
                    self.inexact(format!(
                        "{}: attached with its index {local} matching {}'s index {pidx}, so PostgreSQL makes {local} the partition's part of {pidx}; a database where the partition was attached before {local} was made has a copy of {pidx} of its own beside {local}",
                        t.name, p.name
                    ));
                }
            }
            Change::DetachPartition { table, parent } => {
                self.line(&format!("ALTER TABLE {} DETACH PARTITION {}", self.tname(parent), self.tname(table)));
                let prev = self.prev;
                let find = |q: &QName| prev.tables.iter().find(|t| t.name == q.name && t.schema == q.schema);
                if let (Some(t), Some(p)) = (find(table), find(parent)) {
                    for (pidx, local) in matching_local(&self.p, p, t) {
                        self.inexact(format!(
                            "{}: detached with its index {local} matching {}'s index {pidx}; a database where the partition was attached before {local} was made has a copy of {pidx} of its own, which DETACH leaves on the table beside {local}",
                            t.name, p.name
                        ));
                    }
                }
            }
            Change::TableProperties { table, previous } => {
                let Some(t) = self.next.table(*table) else { return };
                let (rls, replica) = match previous.and_then(|p| self.prev.table(p)) {
                    Some(p) => (p.row_security, p.replica_identity.clone()),
                    None => (Default::default(), None),
                };
                let tn = self.table_name(t);
                if rls.enabled != t.row_security.enabled {
                    self.line(&format!("ALTER TABLE {tn} {} ROW LEVEL SECURITY", if t.row_security.enabled { "ENABLE" } else { "DISABLE" }));
                }
                if rls.forced != t.row_security.forced {
                    self.line(&format!("ALTER TABLE {tn} {} ROW LEVEL SECURITY", if t.row_security.forced { "FORCE" } else { "NO FORCE" }));
                }
                if replica != t.replica_identity {
                    self.line(&format!("ALTER TABLE {tn} REPLICA IDENTITY {}", t.replica_identity.as_deref().unwrap_or("DEFAULT")));
                }
            }
            _ => {}
        }
    }

    /// PostgreSQL: the unnamed enum CHECKs of table `to` (next name) are named after the table
    /// and column they were created with; rename them to what the export of `next` gets.
    /// `column`: only that renamed column (previous, next name); else every column.
    fn rename_enum_checks(&mut self, to: &QName, old_table: &str, column: Option<(&String, &String)>) {
        let Some(t) = self.next.tables.iter().find(|t| t.schema == to.schema && t.name == to.name).cloned() else { return };
        for c in &t.columns {
            if !self.p.inline_enum_check(c) {
                continue;
            }
            let old_col = match column {
                Some((f, n)) if n == &c.name => f.clone(),
                Some(_) => continue,
                None => c.name.clone(),
            };
            let (old, new) = (format!("{old_table}_{old_col}_check"), format!("{}_{}_check", t.name, c.name));
            if old != new {
                let tn = self.tname(to);
                self.line(&format!("ALTER TABLE {tn} RENAME CONSTRAINT {} TO {}", self.p.q(&old), self.p.q(&new)));
            }
        }
    }
}

/// Type changes PostgreSQL has no cast for (ALTER … TYPE fails even on an empty table): numbers,
/// booleans and uuids to and from dates and times, and numbers to and from uuids.
fn no_cast(a: &TypeKind, b: &TypeKind) -> bool {
    use TypeKind::*;
    let temporal = |k: &TypeKind| matches!(k, Date | Time { .. } | Timestamp { .. } | Interval);
    let number = |k: &TypeKind| matches!(k, Integer { .. } | Decimal { .. } | Float { .. } | Money);
    let other = |k: &TypeKind| matches!(k, Boolean | Uuid);
    (temporal(a) && (number(b) || other(b))) || (temporal(b) && (number(a) || other(a))) || (matches!(a, Uuid) && number(b)) || (matches!(b, Uuid) && number(a))
}

impl Ctx<'_> {
    /// PostgreSQL's `ADD COLUMN` appends, so a column added before existing ones leaves another
    /// column order than the target's. A down script (a rollback: the database as it was, for
    /// `SELECT *`, `COPY` and positional `INSERT`s of the code rolled back to) gives the order
    /// back where that is safe: every column from the first misplaced one on is renamed aside,
    /// added again, copied and the old one dropped — a rewrite under an ACCESS EXCLUSIVE lock,
    /// listed as a hazard. Safe means a plain table (no partitions, no inheritance) whose moved
    /// columns no key, index, check, foreign key, identity, sequence, generated column, comment,
    /// view or kept statement names. Otherwise, and in an up script (a new column goes at the
    /// end, as every tool adds it), the order difference is a hazard.
    pub(super) fn column_order(&mut self, table: crate::schema::TableId, df: &crate::diff::Diff) {
        if self.d != Dialect::Postgres {
            return;
        }
        let (prev, next) = (self.prev, self.next);
        let Some(t) = next.table(table) else { return };
        let Some(pt) = self.prev_to_next.iter().find(|(_, n)| **n == table).and_then(|(p, _)| prev.table(*p)) else { return };
        let has = |tb: &crate::schema::Table, n: &str| tb.columns.iter().any(|c| c.name == n);
        let mut now: Vec<&str> = pt.columns.iter().map(|c| c.name.as_str()).filter(|n| has(t, n)).collect();
        for ch in &df.changes {
            if let Change::AddColumn { table: x, column } = ch
                && *x == table
                && let Some(c) = t.column(*column)
                && !now.contains(&c.name.as_str())
            {
                now.push(&c.name);
            }
        }
        let target: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
        if now.len() != target.len() {
            return;
        }
        let Some(k) = now.iter().zip(&target).position(|(a, b)| a != b) else { return };
        let moved: Vec<&crate::schema::Column> = t.columns.iter().skip(k).collect();
        let tn = self.table_name(t);
        let tl = t.name.to_lowercase();
        let mentions = |text: &str, w: &str| {
            let text = text.to_lowercase();
            let w = w.to_lowercase();
            text.match_indices(&w).any(|(i, _)| {
                let ok = |ch: Option<char>| !ch.is_some_and(|ch| ch.is_alphanumeric() || ch == '_');
                ok(text[..i].chars().next_back()) && ok(text[i + w.len()..].chars().next())
            })
        };
        let column_free = |tb: &crate::schema::Table, s: &crate::schema::Schema, name: &str| {
            let Some(c) = tb.columns.iter().find(|c| c.name == name) else { return true };
            c.identity.is_none()
                && c.generated.is_none()
                && c.comment.is_none()
                && !c.default.as_deref().is_some_and(|x| x.to_lowercase().contains("nextval"))
                && !tb.primary_key.as_ref().is_some_and(|k| k.columns.contains(&c.id))
                && !tb.uniques.iter().any(|u| u.columns.contains(&c.id))
                && !tb.foreign_keys.iter().any(|f| f.columns.contains(&c.id))
                && !tb.checks.iter().any(|x| mentions(&x.expr, name))
                && !tb.indexes.iter().any(|ix| {
                    ix.include.contains(&c.id)
                        || ix.predicate.as_deref().is_some_and(|p| mentions(p, name))
                        || ix.keys.iter().any(|key| match &key.part {
                            crate::schema::IndexPart::Column(x) => *x == c.id,
                            crate::schema::IndexPart::Expression(e) => mentions(e, name),
                        })
                })
                && !s.tables.iter().any(|o| o.foreign_keys.iter().any(|f| f.ref_table == tb.id && f.ref_columns.contains(&c.id)))
        };
        let plain = |tb: &crate::schema::Table, s: &crate::schema::Schema| {
            tb.kind == TableKind::Table && tb.parent.is_none() && !s.tables.iter().any(|o| o.parent == Some(tb.id))
        };
        let reshaped = df.changes.iter().any(|ch| match ch {
            Change::DropColumn { table: x, .. } => *x == pt.id,
            Change::RenameColumn { table: q, .. } => q.name.eq_ignore_ascii_case(&t.name) && q.schema.as_deref().map(str::to_lowercase) == t.schema.as_deref().map(str::to_lowercase),
            _ => false,
        });
        let safe = self.restore_order
            && !reshaped
            && plain(t, next)
            && plain(pt, prev)
            && moved.iter().all(|c| column_free(t, next, &c.name) && column_free(pt, prev, &c.name))
            && !prev.views.iter().any(|v| mentions(&v.definition, &tl))
            && !prev.objects.iter().any(|o| o.table == Some(pt.id) || mentions(&o.sql, &tl));
        let names = moved.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ");
        if !safe {
            self.inexact(format!(
                "{}: ALTER TABLE adds a column at the end, so the column order differs from the target: {} instead of {}",
                t.name,
                now.join(", "),
                target.join(", ")
            ));
            return;
        }
        let aside = |n: &str| format!("{n}__erdsmith_moved");
        for c in &moved {
            self.line(&format!("ALTER TABLE {tn} RENAME COLUMN {} TO {}", self.p.q(&c.name), self.p.q(&aside(&c.name))));
        }
        let adds: Vec<String> = moved
            .iter()
            .map(|c| {
                let mut c2 = (*c).clone();
                c2.nullable = true;
                format!("ADD COLUMN {}", self.p.column(t, &c2))
            })
            .collect();
        self.line(&format!("ALTER TABLE {tn} {}", adds.join(", ")));
        let sets: Vec<String> = moved.iter().map(|c| format!("{} = {}", self.p.q(&c.name), self.p.q(&aside(&c.name)))).collect();
        self.line(&format!("UPDATE {tn} SET {}", sets.join(", ")));
        let drops: Vec<String> = moved.iter().map(|c| format!("DROP COLUMN {}", self.p.q(&aside(&c.name)))).collect();
        self.line(&format!("ALTER TABLE {tn} {}", drops.join(", ")));
        let not_null: Vec<String> = moved.iter().filter(|c| !c.nullable).map(|c| format!("ALTER COLUMN {} SET NOT NULL", self.p.q(&c.name))).collect();
        if !not_null.is_empty() {
            self.line(&format!("ALTER TABLE {tn} {}", not_null.join(", ")));
        }
        self.hazard(format!(
            "{}: columns {names} are added again behind {} to give the column order back (renamed aside, added, copied, dropped): rewrites the table under an ACCESS EXCLUSIVE lock",
            t.name,
            k.checked_sub(1).and_then(|p| target.get(p)).map_or_else(|| "nothing".to_string(), |name| name.to_string())
        ));
    }
}

/// The indexes and keys of a table as (engine name, unique, column names), plain columns only
/// (an index with an expression, a predicate or INCLUDE columns is left out).
fn index_shapes(p: &super::Pieces, t: &crate::schema::Table) -> Vec<(String, bool, Vec<String>)> {
    let names = |ids: &[crate::schema::ColumnId]| ids.iter().filter_map(|c| t.column(*c).map(|c| c.name.to_lowercase())).collect::<Vec<_>>();
    let mut out = Vec::new();
    if let Some(k) = &t.primary_key {
        out.push((k.name.clone().unwrap_or_else(|| format!("{}_pkey", t.name)), true, names(&k.columns)));
    }
    for u in &t.uniques {
        out.push((u.name.clone().unwrap_or_else(|| "a unique key".to_string()), true, names(&u.columns)));
    }
    for ix in &t.indexes {
        if ix.predicate.is_some() || !ix.include.is_empty() || ix.leading_columns().count() != ix.keys.len() {
            continue;
        }
        let cols: Vec<_> = ix.leading_columns().collect();
        out.push((p.index_name(t, ix), ix.unique, names(&cols)));
    }
    out
}

/// Pairs (parent index, partition index) where the partition `part` has an index or key of
/// the same columns and uniqueness as an index or key of `parent`: PostgreSQL makes such an
/// index the partition's part of the parent's when the partition is attached or the parent's
/// index is made, but builds a copy of its own when the partition is made `PARTITION OF` a
/// parent that already has the index.
pub(super) fn matching_local(p: &super::Pieces, parent: &crate::schema::Table, part: &crate::schema::Table) -> Vec<(String, String)> {
    let local = index_shapes(p, part);
    let mut out = Vec::new();
    for (pn, pu, pc) in index_shapes(p, parent) {
        if let Some((ln, _, _)) = local.iter().find(|(_, lu, lc)| *lu == pu && *lc == pc) {
            out.push((pn, ln.clone()));
        }
    }
    out
}
