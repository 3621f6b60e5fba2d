//! The integration tests' one schema builder (the importer is not a dependency of the tests that
//! use it): `B::new(dialect).table("t", "id int pk, name text null")`, then keys, indexes and
//! foreign keys by column name. (The library's own unit tests have `analysis::testkit`, a
//! line notation, because they cannot reach this crate.)

use erdsmith::schema::*;

pub struct B {
    pub s: Schema,
}

/// The column flags `B::table` reads after a column's type.
const FLAGS: [&str; 4] = ["null", "pk", "unique", "identity"];

impl B {
    pub fn new(dialect: Dialect) -> B {
        B { s: Schema::new(dialect) }
    }

    /// `cols`: comma-separated `name type [null] [pk] [unique] [identity] [default=EXPR]
    /// [comment=TEXT]`; types may hold spaces and parentheses up to the first flag; a name in
    /// backticks may hold spaces. Columns are NOT NULL unless `null` is given. A word after the
    /// first flag that is no flag panics, naming it (a misspelled flag must not be ignored).
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
            let flags_only = tail.split_once(" default=").map_or(tail.as_str(), |(f, _)| f);
            if let Some(f) = flags_only.split_whitespace().find(|f| !FLAGS.contains(f)) {
                panic!("unknown flag {f:?} in column {spec:?} (flags: {}, default=, comment=)", FLAGS.join(", "));
            }
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

    /// Adds a nullable column to table `t`.
    pub fn column(&mut self, t: TableId, name: &str, ty: &str) -> ColumnId {
        let id = ColumnId(self.s.fresh_id());
        self.s.table_mut(t).expect("table").columns.push(Column::new(id, name, DataType::parse(ty)));
        id
    }

    /// Makes `cols` the primary key of table `t`.
    pub fn pk(&mut self, t: TableId, cols: &[&str]) {
        let columns = self.cols(t, cols);
        self.s.table_mut(t).expect("table").primary_key = Some(PrimaryKey { name: None, columns, options: None });
    }

    /// Adds a unique constraint on `cols` to table `t`.
    pub fn unique(&mut self, t: TableId, cols: &[&str]) {
        let columns = self.cols(t, cols);
        self.s.table_mut(t).expect("table").uniques.push(UniqueConstraint { name: None, columns, options: None });
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

#[test]
#[should_panic(expected = "unknown flag \"nul\"")]
fn a_misspelled_flag_is_an_error_not_ignored() {
    B::new(Dialect::Postgres).table("t", "id int pk nul");
}

#[test]
fn flags_after_the_type_are_read() {
    let mut b = B::new(Dialect::Postgres);
    let t = b.table("t", "id int pk, name varchar(20) null unique default='x' comment=a, n int identity");
    let s = b.done();
    let t = s.table(t).unwrap();
    let col = |n: &str| t.column_by_name(n).unwrap();
    assert!(!col("id").nullable && t.is_pk_column(col("id").id));
    assert!(col("name").nullable && t.is_unique_alone(col("name").id));
    assert_eq!(col("name").default.as_deref(), Some("'x'"));
    assert_eq!(col("name").comment.as_deref(), Some("a"));
    assert_eq!(col("name").data_type.raw, "varchar(20)");
    assert!(col("n").identity.is_some() && !col("n").nullable);
}
