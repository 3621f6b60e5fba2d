//! A small builder for test schemas: `B::new(dialect).table("t", "id int pk, name text null")`.

use erdsmith::schema::*;

pub struct B {
    pub s: Schema,
}

impl B {
    pub fn new(dialect: Dialect) -> B {
        B { s: Schema::new(dialect) }
    }

    /// `cols`: comma-separated `name type [null] [pk] [unique] [default=EXPR] [comment=TEXT]`;
    /// types may hold spaces and parentheses up to the first flag; a name in backticks may hold
    /// spaces. Columns are NOT NULL unless `null` is given.
    pub fn table(&mut self, qualified: &str, cols: &str) -> TableId {
        let (schema, name) = match qualified.split_once('.') {
            Some((s, n)) => (Some(s.to_string()), n.to_string()),
            None => (None, qualified.to_string()),
        };
        self.table_in(schema, &name, cols)
    }

    pub fn table_in(&mut self, schema: Option<String>, name: &str, cols: &str) -> TableId {
        let id = TableId(self.s.fresh_id());
        let mut t = Table::new(id, schema, name);
        let mut pk = Vec::new();
        for spec in split_top(cols) {
            let spec = spec.trim();
            if spec.is_empty() {
                continue;
            }
            let (cname, rest) = if let Some(r) = spec.strip_prefix('`') {
                let end = r.find('`').expect("closing backtick");
                (r[..end].to_string(), r[end + 1..].trim())
            } else {
                let (n, r) = spec.split_once(' ').unwrap_or((spec, ""));
                (n.to_string(), r.trim())
            };
            let flags = [" null", " pk", " unique", " default=", " comment=", " identity"];
            let cut = flags.iter().filter_map(|f| format!(" {rest}").find(f)).min().unwrap_or(rest.len() + 1);
            let ty = format!(" {rest}")[..cut].trim().to_string();
            let full_tail = format!(" {rest}")[cut..].to_string();
            let (tail, comment) = match full_tail.split_once(" comment=") {
                Some((t, c)) => (t.to_string(), Some(c.to_string())),
                None => (full_tail, None),
            };
            let cid = ColumnId(self.s.fresh_id());
            let mut c = Column::new(cid, cname, DataType::parse(&ty));
            c.nullable = tail.contains(" null");
            if tail.contains(" pk") {
                pk.push(cid);
            }
            if tail.contains(" identity") {
                c.identity = Some(Identity::ByDefault);
            }
            if tail.contains(" unique") {
                t.uniques.push(UniqueConstraint { name: None, columns: vec![cid], options: None });
            }
            c.comment = comment;
            if let Some(i) = tail.find(" default=") {
                c.default = Some(tail[i + 9..].to_string());
            }
            t.columns.push(c);
        }
        if !pk.is_empty() {
            t.primary_key = Some(PrimaryKey { name: None, columns: pk, options: None });
        }
        self.s.tables.push(t);
        id
    }

    pub fn col(&self, t: TableId, name: &str) -> ColumnId {
        self.s.table(t).and_then(|t| t.column_by_name(name)).map(|c| c.id).expect("column exists")
    }

    pub fn cols(&self, t: TableId, names: &[&str]) -> Vec<ColumnId> {
        names.iter().map(|n| self.col(t, n)).collect()
    }

    pub fn fk(&mut self, t: TableId, cols: &[&str], rt: TableId, rcols: &[&str], name: Option<&str>) {
        let fk = ForeignKey {
            name: name.map(str::to_string),
            columns: self.cols(t, cols),
            ref_table: rt,
            ref_columns: self.cols(rt, rcols),
            on_delete: FkAction::NoAction,
            on_update: FkAction::NoAction,
            deferrable: false,
            initially_deferred: false,
            options: None,
        };
        self.s.table_mut(t).expect("table").foreign_keys.push(fk);
    }

    pub fn index(&mut self, t: TableId, name: &str, cols: &[&str], unique: bool) {
        let keys = self.cols(t, cols).into_iter().map(|c| IndexKey { part: IndexPart::Column(c), descending: false, extra: None }).collect();
        let id = IndexId(self.s.fresh_id());
        self.s.table_mut(t).expect("table").indexes.push(Index {
            id,
            name: Some(name.to_string()),
            unique,
            keys,
            method: None,
            predicate: None,
            include: Vec::new(),
            span: None,
            options: None,
        });
    }

    pub fn done(self) -> Schema {
        self.s.validate().expect("test schema is valid");
        self.s
    }
}

/// Splits on commas outside parentheses and quotes.
fn split_top(s: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut depth = 0;
    let mut quote = None;
    for ch in s.chars() {
        match (quote, ch) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '`') => quote = Some(ch),
            (None, '(') => depth += 1,
            (None, ')') => depth -= 1,
            (None, ',') if depth == 0 => {
                parts.push(String::new());
                continue;
            }
            _ => {}
        }
        parts.last_mut().expect("non-empty").push(ch);
    }
    parts
}
