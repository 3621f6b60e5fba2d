//! The one model: a database schema as flat arenas addressed by id newtypes.
//!
//! Every other module reads a [`Schema`]; only `import` builds one from text and only
//! `edit::apply` changes one afterwards. Ids are allocated from [`Schema::next_id`] and never
//! reused, so an id stays valid across edits, undo and the diff between baseline and current.
//!
//! **Invariant:** `tables` is sorted by `TableId` (new tables are pushed with a fresh, larger id;
//! undo of a delete re-inserts at the id's place), so [`Schema::table`] is a binary search.
//!
//! **Invariant:** every `ColumnId` named by a key, index or foreign key belongs to a column of the
//! table that the constraint says (the referencing table for `columns`, `ref_table` for
//! `ref_columns`). `Schema::validate` checks it; tests call it after every import and edit.

mod dialect;
mod format;
pub mod names;
mod sequence;
mod types;

pub use dialect::Dialect;
pub use format::SourceFormat;
pub use sequence::SequenceOptions;
pub use types::{DataType, TypeKind};

use serde::{Deserialize, Serialize};

/// The project file format version written into every serialized Schema.
pub const SCHEMA_VERSION: u32 = 1;

macro_rules! id_newtype {
    ($($name:ident),*) => {$(
        #[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub u32);
    )*};
}
id_newtype!(TableId, ColumnId, IndexId, ViewId, EnumId, SequenceId, DomainId, ObjectId, NoteId);

/// Byte range in the imported text (`start..end`) with the 1-based line and column of `start`.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
    pub line: u32,
    pub column: u32,
}

/// How the spans after an edit of the text move: by `bytes` and `lines` (their columns stay).
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpanShift {
    pub bytes: i64,
    pub lines: i64,
}

impl SpanShift {
    /// The shift that undoes this one.
    pub fn back(self) -> SpanShift {
        SpanShift { bytes: -self.bytes, lines: -self.lines }
    }
}

impl Span {
    /// This span moved by `by`; `None` if it would leave the range of offsets.
    pub fn shifted(self, by: SpanShift) -> Option<Span> {
        let add = |v: u32, d: i64| u32::try_from(i64::from(v).checked_add(d)?).ok();
        Some(Span { start: add(self.start, by.bytes)?, end: add(self.end, by.bytes)?, line: add(self.line, by.lines)?, column: self.column })
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Schema {
    pub version: u32,
    /// The dialect the text was imported as (and the default for exports and type suggestions).
    pub dialect: Dialect,
    pub tables: Vec<Table>,
    pub views: Vec<View>,
    pub enums: Vec<EnumType>,
    pub sequences: Vec<Sequence>,
    pub domains: Vec<Domain>,
    /// Schemas (namespaces) declared explicitly, e.g. by `CREATE SCHEMA`.
    pub namespaces: Vec<String>,
    /// What the model keeps as written: functions, triggers, extensions, policies, grants, …
    /// (see [`Object`]), in the order of the text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objects: Vec<Object>,
    /// The database the text switched to (`\connect name`, `USE name`) before its tables, when
    /// it names one; a text with several databases imports one of them (`ImportOptions::database`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database: Option<String>,
    /// Sticky notes on the canvas.
    pub notes: Vec<Note>,
    /// Named groups of tables (DBML `TableGroup`): areas of the diagram, not namespaces.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Group>,
    /// The language the text is written in (SQL in `dialect`, DBML, Prisma, Rails schema.rb).
    #[serde(default, skip_serializing_if = "SourceFormat::is_sql")]
    pub source: SourceFormat,
    /// The next id to hand out; shared by every id kind.
    pub next_id: u32,
}

/// A point on the diagram canvas, in diagram units (CSS pixels at zoom 1).
#[derive(Copy, Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Note {
    pub id: NoteId,
    pub text: String,
    pub position: Point,
}

/// A named group of tables (DBML `TableGroup`), drawn as an area around them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub name: String,
    pub tables: Vec<TableId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Default for Schema {
    fn default() -> Self {
        Schema::new(Dialect::Generic)
    }
}

#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    #[default]
    Table,
    /// A partitioned parent (`PARTITION BY`).
    Partitioned,
    /// A partition of another table (`PARTITION OF`, `ATTACH PARTITION`).
    Partition,
    /// ClickHouse / engine-backed or external tables that are not ordinary heap tables.
    Other,
}

/// A possibly schema-qualified name (of a table, enum, sequence…): what the importer resolves
/// and what a migration step addresses.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct QName {
    pub schema: Option<String>,
    pub name: String,
}

impl QName {
    pub fn of(t: &Table) -> QName {
        QName { schema: t.schema.clone(), name: t.name.clone() }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub id: TableId,
    /// The namespace (`public`, `dbo`, `sales`), if the text named one.
    pub schema: Option<String>,
    pub name: String,
    pub kind: TableKind,
    /// Parent table for partitions and inheritance children.
    pub parent: Option<TableId>,
    pub columns: Vec<Column>,
    pub primary_key: Option<PrimaryKey>,
    pub uniques: Vec<UniqueConstraint>,
    pub foreign_keys: Vec<ForeignKey>,
    pub checks: Vec<Check>,
    pub indexes: Vec<Index>,
    pub comment: Option<String>,
    /// PostgreSQL row-level security (`ENABLE`, and `FORCE` for the owner too).
    #[serde(default)]
    pub row_security: RowSecurity,
    /// PostgreSQL `REPLICA IDENTITY` other than the default: `FULL`, `NOTHING`, `USING INDEX i`.
    #[serde(default)]
    pub replica_identity: Option<String>,
    /// Header color chosen in the editor (a CSS color name or `#rrggbb`).
    pub color: Option<String>,
    /// Top-left corner on the canvas once laid out or moved; `None` until then.
    pub position: Option<Point>,
    pub span: Option<Span>,
    /// A temporary table (`CREATE TEMP TABLE`, Oracle `GLOBAL TEMPORARY`, SQL Server `#name`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub temporary: bool,
    /// What the model does not take apart, kept as written for a same-dialect export.
    #[serde(default, skip_serializing_if = "TableText::is_empty")]
    pub text: TableText,
}

/// Parts of a `CREATE TABLE` kept as written, in the dialect of the schema they were read in.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableText {
    /// The words between `CREATE` and `TABLE` (`GLOBAL TEMPORARY`, `UNLOGGED`, `VIRTUAL`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// Everything after the column list (`ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
    /// `PARTITION BY RANGE (…)`, `WITH (fillfactor=70)`, `WITHOUT ROWID`, `INHERITS (…)`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<String>,
    /// A table made from another or from a query (`LIKE other`, `AS SELECT …`, `CLONE x`): the
    /// clause as written, after the table name, when there is no column list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<String>,
    /// A partition's bound (`FOR VALUES FROM (…) TO (…)`, `DEFAULT`), from `PARTITION OF` or
    /// `ATTACH PARTITION`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bound: Option<String>,
}

impl TableText {
    pub fn is_empty(&self) -> bool {
        self.prefix.is_none() && self.options.is_none() && self.head.is_none() && self.bound.is_none()
    }
}

/// A statement the model keeps as written because it does not take it apart: functions,
/// procedures, triggers, extensions, policies, operators, grants, owners… A same-dialect
/// export re-emits it where its dependencies allow; another dialect's export warns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Object {
    pub id: ObjectId,
    pub kind: ObjectKind,
    pub schema: Option<String>,
    /// The object's name (for a grant or an owner change: the object it is on).
    pub name: String,
    /// The table it belongs to (a trigger, a policy, a grant on a table, `ALTER TABLE … OWNER TO`).
    pub table: Option<TableId>,
    /// The statement as written, without its terminator.
    pub sql: String,
    /// The dialect `sql` is written in.
    pub dialect: Dialect,
    pub span: Option<Span>,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectKind {
    Extension,
    Type,
    Function,
    Procedure,
    Aggregate,
    Operator,
    Cast,
    Collation,
    Trigger,
    Policy,
    Rule,
    Event,
    Package,
    Synonym,
    /// `GRANT`/`REVOKE`.
    Grant,
    /// `ALTER … OWNER TO`.
    Owner,
    /// `COMMENT ON` an object that is not a table, column or view.
    Comment,
    /// A table setting the model does not keep (`ALTER TABLE … ENABLE ROW LEVEL SECURITY`,
    /// `… REPLICA IDENTITY …`, `… ALTER COLUMN … SET STATISTICS …`).
    TableSetting,
    /// Any other statement that changes the schema (`SELECT create_hypertable(…)`, `CREATE
    /// TEXT SEARCH CONFIGURATION`, …).
    Other,
}

impl ObjectKind {
    /// A lowercase label for lists and messages.
    pub fn label(self) -> &'static str {
        match self {
            ObjectKind::Extension => "extension",
            ObjectKind::Type => "type",
            ObjectKind::Function => "function",
            ObjectKind::Procedure => "procedure",
            ObjectKind::Aggregate => "aggregate",
            ObjectKind::Operator => "operator",
            ObjectKind::Cast => "cast",
            ObjectKind::Collation => "collation",
            ObjectKind::Trigger => "trigger",
            ObjectKind::Policy => "policy",
            ObjectKind::Rule => "rule",
            ObjectKind::Event => "event",
            ObjectKind::Package => "package",
            ObjectKind::Synonym => "synonym",
            ObjectKind::Grant => "grant",
            ObjectKind::Owner => "owner",
            ObjectKind::Comment => "comment",
            ObjectKind::TableSetting => "table setting",
            ObjectKind::Other => "statement",
        }
    }
}

#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowSecurity {
    pub enabled: bool,
    pub forced: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Column {
    pub id: ColumnId,
    pub name: String,
    pub data_type: DataType,
    pub nullable: bool,
    /// Default expression as SQL text (`0`, `'new'`, `now()`).
    pub default: Option<String>,
    pub identity: Option<Identity>,
    /// The options of an identity column's sequence (`START 3 INCREMENT 4 …`).
    #[serde(default)]
    pub identity_options: SequenceOptions,
    /// Expression of a generated (computed) column.
    pub generated: Option<Generated>,
    pub collation: Option<String>,
    pub comment: Option<String>,
    pub span: Option<Span>,
    /// Clauses the model does not take apart, as written (`CHARACTER SET utf8mb4`, `ON UPDATE
    /// CURRENT_TIMESTAMP`, `COMPRESSION lz4`, `SPARSE`), for a same-dialect export.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Identity {
    /// `serial`, `bigserial`, `smallserial` (PostgreSQL).
    Serial,
    /// `GENERATED ALWAYS AS IDENTITY`.
    Always,
    /// `GENERATED BY DEFAULT AS IDENTITY`.
    ByDefault,
    /// MySQL `AUTO_INCREMENT`, SQLite `AUTOINCREMENT`.
    AutoIncrement,
    /// SQL Server `IDENTITY(seed, increment)`.
    Identity { seed: i64, increment: i64 },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Generated {
    pub expr: String,
    pub stored: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrimaryKey {
    pub name: Option<String>,
    pub columns: Vec<ColumnId>,
    /// What follows the column list as written (`USING INDEX TABLESPACE x`, `WITH (…)`,
    /// `ON [PRIMARY]`, `INCLUDE (…)`), for a same-dialect export.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UniqueConstraint {
    pub name: Option<String>,
    pub columns: Vec<ColumnId>,
    /// What follows the column list as written (`USING INDEX TABLESPACE x`, `WITH (…)`,
    /// `ON [PRIMARY]`, `INCLUDE (…)`), for a same-dialect export.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<String>,
}

#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FkAction {
    #[default]
    NoAction,
    Restrict,
    Cascade,
    SetNull,
    SetDefault,
}

impl FkAction {
    pub fn as_sql(self) -> &'static str {
        match self {
            FkAction::NoAction => "NO ACTION",
            FkAction::Restrict => "RESTRICT",
            FkAction::Cascade => "CASCADE",
            FkAction::SetNull => "SET NULL",
            FkAction::SetDefault => "SET DEFAULT",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForeignKey {
    pub name: Option<String>,
    /// Referencing columns, in the owning table.
    pub columns: Vec<ColumnId>,
    pub ref_table: TableId,
    /// Referenced columns, in `ref_table`, pairwise with `columns`.
    pub ref_columns: Vec<ColumnId>,
    pub on_delete: FkAction,
    pub on_update: FkAction,
    pub deferrable: bool,
    pub initially_deferred: bool,
    /// Clauses as written that the model does not take apart (`MATCH FULL`, `NOT VALID`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<String>,
}

impl ForeignKey {
    /// Added `NOT VALID` (PostgreSQL): existing rows were not checked.
    pub fn not_valid(&self) -> bool {
        has_words(self.options.as_deref(), &["NOT", "VALID"])
    }
}

/// Whether `text` holds `words` one after the other (ASCII case-insensitive).
fn has_words(text: Option<&str>, words: &[&str]) -> bool {
    let Some(text) = text else { return false };
    let all: Vec<&str> = text.split_whitespace().collect();
    all.windows(words.len()).any(|w| w.iter().zip(words).all(|(a, b)| a.eq_ignore_ascii_case(b)))
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub name: Option<String>,
    pub expr: String,
    /// Clauses as written after the expression (`NOT VALID`, `NO INHERIT`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<String>,
}

impl Check {
    pub fn new(name: Option<String>, expr: impl Into<String>) -> Check {
        Check { name, expr: expr.into(), options: None }
    }

    /// PostgreSQL `NO INHERIT`: partitions and children do not get it.
    pub fn no_inherit(&self) -> bool {
        has_words(self.options.as_deref(), &["NO", "INHERIT"])
    }

    /// Added `NOT VALID`: existing rows were not checked.
    pub fn not_valid(&self) -> bool {
        has_words(self.options.as_deref(), &["NOT", "VALID"])
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum IndexPart {
    Column(ColumnId),
    /// An expression index part, as SQL text.
    Expression(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexKey {
    pub part: IndexPart,
    pub descending: bool,
    /// What follows the column or expression, as written, but for `ASC`/`DESC`: an operator
    /// class, a collation, a prefix length (`(191)`), `NULLS FIRST`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Index {
    pub id: IndexId,
    pub name: Option<String>,
    pub unique: bool,
    pub keys: Vec<IndexKey>,
    /// Access method (`btree`, `gin`, `hash`, `fulltext`, `spatial`, …), lowercase, if stated.
    pub method: Option<String>,
    /// Partial index predicate (`WHERE …`) as SQL text.
    pub predicate: Option<String>,
    /// Covering columns (`INCLUDE (…)`).
    pub include: Vec<ColumnId>,
    pub span: Option<Span>,
    /// Options as written after the key list (`WITH (fillfactor=70)`, `TABLESPACE x`,
    /// `COMMENT '…'`, `INVISIBLE`), for a same-dialect export.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<String>,
}

impl Index {
    /// A plain index on `columns` (ascending, no method, predicate, INCLUDE or options).
    pub fn on_columns(id: IndexId, name: Option<String>, unique: bool, columns: &[ColumnId]) -> Index {
        Index {
            id,
            name,
            unique,
            keys: columns.iter().map(|c| IndexKey { part: IndexPart::Column(*c), descending: false, extra: None }).collect(),
            method: None,
            predicate: None,
            include: Vec::new(),
            span: None,
            options: None,
        }
    }

    /// The plain column ids of the index, in order, stopping at the first expression part.
    pub fn leading_columns(&self) -> impl Iterator<Item = ColumnId> + '_ {
        self.keys.iter().map_while(|k| match k.part {
            IndexPart::Column(c) => Some(c),
            IndexPart::Expression(_) => None,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct View {
    pub id: ViewId,
    pub schema: Option<String>,
    pub name: String,
    pub materialized: bool,
    /// Output column names, when known.
    pub columns: Vec<String>,
    /// Tables the query reads (resolved against the schema).
    pub reads: Vec<TableId>,
    /// The defining query as SQL text.
    pub definition: String,
    /// `WITH (…)` storage or view options as written (`security_barrier = true`), without `WITH`.
    #[serde(default)]
    pub options: Option<String>,
    /// Indexes of a materialized view, kept as written.
    #[serde(default)]
    pub indexes: Vec<ViewIndex>,
    pub comment: Option<String>,
    pub span: Option<Span>,
    /// Top-left corner on the canvas once moved; `None` means the auto layout places it.
    /// Defaulted so project files written before views were drawn still load.
    #[serde(default)]
    pub position: Option<Point>,
}

/// An index of a materialized view: its name, and what follows the view's name in its
/// `CREATE INDEX` (`USING btree (foo) WHERE …`), as written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewIndex {
    pub name: Option<String>,
    pub unique: bool,
    pub definition: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumType {
    pub id: EnumId,
    pub schema: Option<String>,
    pub name: String,
    pub values: Vec<String>,
    pub span: Option<Span>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sequence {
    pub id: SequenceId,
    pub schema: Option<String>,
    pub name: String,
    /// `OWNED BY table.column`.
    pub owned_by: Option<(TableId, ColumnId)>,
    pub span: Option<Span>,
    /// The options as written (`AS bigint START WITH 1 INCREMENT BY 1 NO MINVALUE CACHE 1`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Domain {
    pub id: DomainId,
    pub schema: Option<String>,
    pub name: String,
    pub data_type: DataType,
    pub nullable: bool,
    pub default: Option<String>,
    pub checks: Vec<Check>,
    pub span: Option<Span>,
}

impl Schema {
    pub fn new(dialect: Dialect) -> Self {
        Schema {
            version: SCHEMA_VERSION,
            dialect,
            tables: Vec::new(),
            views: Vec::new(),
            enums: Vec::new(),
            sequences: Vec::new(),
            domains: Vec::new(),
            namespaces: Vec::new(),
            objects: Vec::new(),
            database: None,
            notes: Vec::new(),
            groups: Vec::new(),
            source: SourceFormat::Sql,
            next_id: 1,
        }
    }

    /// Hands out a fresh raw id; wrap it in the id newtype you need.
    pub fn fresh_id(&mut self) -> u32 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    pub fn table(&self, id: TableId) -> Option<&Table> {
        self.tables.binary_search_by_key(&id, |t| t.id).ok().and_then(|i| self.tables.get(i))
    }

    pub fn table_mut(&mut self, id: TableId) -> Option<&mut Table> {
        match self.tables.binary_search_by_key(&id, |t| t.id) {
            Ok(i) => self.tables.get_mut(i),
            Err(_) => None,
        }
    }

    /// Position of a table in `tables`, or where it would be inserted.
    pub fn table_position(&self, id: TableId) -> Result<usize, usize> {
        self.tables.binary_search_by_key(&id, |t| t.id)
    }

    pub fn view(&self, id: ViewId) -> Option<&View> {
        self.views.iter().find(|v| v.id == id)
    }

    /// Finds a table by name; `schema: None` matches a table in any namespace (first wins).
    /// Names compare case-insensitively, as unquoted SQL identifiers do.
    pub fn find_table(&self, schema: Option<&str>, name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| {
            t.name.eq_ignore_ascii_case(name)
                && match schema {
                    Some(s) => t.schema.as_deref().is_some_and(|ts| ts.eq_ignore_ascii_case(s)),
                    None => true,
                }
        })
    }

    /// The table owning a column, and the column.
    pub fn column(&self, id: ColumnId) -> Option<(&Table, &Column)> {
        self.tables.iter().find_map(|t| t.column(id).map(|c| (t, c)))
    }

    /// Every foreign key in the schema with the table that owns it.
    pub fn foreign_keys(&self) -> impl Iterator<Item = (&Table, &ForeignKey)> {
        self.tables.iter().flat_map(|t| t.foreign_keys.iter().map(move |fk| (t, fk)))
    }

    /// Checks the id invariants stated in the module docs; returns the first violation.
    pub fn validate(&self) -> Result<(), String> {
        if !self.tables.is_sorted_by(|a, b| a.id < b.id) {
            return Err("tables are not sorted by id".into());
        }
        for t in &self.tables {
            if t.id.0 >= self.next_id {
                return Err(format!("table {} has id {} >= next_id", t.name, t.id.0));
            }
            let own = |c: &ColumnId| t.column(*c).is_some();
            let name = t.qualified_name();
            if t.primary_key.as_ref().is_some_and(|pk| !pk.columns.iter().all(own)) {
                return Err(format!("{name}: primary key names a foreign column"));
            }
            if !t.uniques.iter().all(|u| u.columns.iter().all(own)) {
                return Err(format!("{name}: unique constraint names a foreign column"));
            }
            for ix in &t.indexes {
                let parts_ok = ix.keys.iter().all(|k| match &k.part {
                    IndexPart::Column(c) => own(c),
                    IndexPart::Expression(_) => true,
                });
                if !parts_ok || !ix.include.iter().all(own) {
                    return Err(format!("{name}: index {:?} names a foreign column", ix.name));
                }
            }
            for fk in &t.foreign_keys {
                let Some(rt) = self.table(fk.ref_table) else {
                    return Err(format!("{name}: foreign key to missing table {}", fk.ref_table.0));
                };
                if fk.columns.len() != fk.ref_columns.len() || fk.columns.is_empty() {
                    return Err(format!("{name}: foreign key column counts differ"));
                }
                if !fk.columns.iter().all(own) || !fk.ref_columns.iter().all(|c| rt.column(*c).is_some()) {
                    return Err(format!("{name}: foreign key names a column of the wrong table"));
                }
            }
        }
        Ok(())
    }
}

impl Table {
    /// Moves every span of the table — its own, its columns' and its indexes' — by `by`; when
    /// one of them would leave the range of offsets, none moves and the answer is false.
    pub fn shift_spans(&mut self, by: SpanShift) -> bool {
        let column_spans = self.columns.iter().map(|c| c.span);
        let index_spans = self.indexes.iter().map(|i| i.span);
        if !std::iter::once(self.span).chain(column_spans).chain(index_spans).flatten().all(|s| s.shifted(by).is_some()) {
            return false;
        }
        let spans = std::iter::once(&mut self.span).chain(self.columns.iter_mut().map(|c| &mut c.span)).chain(self.indexes.iter_mut().map(|i| &mut i.span));
        for span in spans.flatten() {
            if let Some(moved) = span.shifted(by) {
                *span = moved;
            }
        }
        true
    }

    /// An empty table with the given ids and names; the caller pushes it in id order.
    pub fn new(id: TableId, schema: Option<String>, name: impl Into<String>) -> Self {
        Table {
            id,
            schema,
            name: name.into(),
            kind: TableKind::Table,
            parent: None,
            columns: Vec::new(),
            primary_key: None,
            uniques: Vec::new(),
            foreign_keys: Vec::new(),
            checks: Vec::new(),
            indexes: Vec::new(),
            comment: None,
            row_security: RowSecurity::default(),
            replica_identity: None,
            color: None,
            position: None,
            span: None,
            temporary: false,
            text: TableText::default(),
        }
    }

    /// The partition key of a partitioned table (or sub-partitioned partition), as written after
    /// `PARTITION BY` in `text.options` (`LIST (foo)`, `RANGE (a, lower(b))`).
    pub fn partition_by(&self) -> Option<&str> {
        let options = self.text.options.as_deref()?;
        let upper = options.to_ascii_uppercase();
        let at = upper.find("PARTITION BY")? + "PARTITION BY".len();
        let rest = &options[at..];
        let open = rest.find('(')?;
        let mut depth = 0;
        for (i, ch) in rest.char_indices().skip(open) {
            match ch {
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(rest[..=i].trim());
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// `schema.name`, or `name` when the table has no explicit schema.
    pub fn qualified_name(&self) -> String {
        match &self.schema {
            Some(s) => format!("{s}.{}", self.name),
            None => self.name.clone(),
        }
    }

    pub fn column(&self, id: ColumnId) -> Option<&Column> {
        self.columns.iter().find(|c| c.id == id)
    }

    pub fn column_mut(&mut self, id: ColumnId) -> Option<&mut Column> {
        self.columns.iter_mut().find(|c| c.id == id)
    }

    /// Finds a column by name, case-insensitively.
    pub fn column_by_name(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name.eq_ignore_ascii_case(name))
    }

    pub fn is_pk_column(&self, id: ColumnId) -> bool {
        self.primary_key.as_ref().is_some_and(|pk| pk.columns.contains(&id))
    }

    pub fn is_fk_column(&self, id: ColumnId) -> bool {
        self.foreign_keys.iter().any(|fk| fk.columns.contains(&id))
    }

    /// True when exactly this set of columns (in any order) is the primary key, a unique
    /// constraint or a unique index without predicate: the set alone identifies a row. This is
    /// "unique" for cardinality (a foreign key on it is one-to-one) and for a column's `UQ` mark
    /// (`is_unique_alone`); being one of the columns of a unique key is
    /// `ColumnKeys::in_unique_key`, a weaker thing.
    pub fn is_unique_set(&self, cols: &[ColumnId]) -> bool {
        let same = |other: &[ColumnId]| {
            other.len() == cols.len() && cols.iter().all(|c| other.contains(c))
        };
        self.primary_key.as_ref().is_some_and(|pk| same(&pk.columns))
            || self.uniques.iter().any(|u| same(&u.columns))
            || self.indexes.iter().any(|ix| {
                ix.unique
                    && ix.predicate.is_none()
                    && ix.keys.len() == cols.len()
                    && same(&ix.leading_columns().collect::<Vec<_>>())
            })
    }

    /// True when column `id` alone is unique (`is_unique_set` of it alone): the SVG's and the
    /// diagram's `UQ` mark. A column of a composite unique key is not.
    pub fn is_unique_alone(&self, id: ColumnId) -> bool {
        self.is_unique_set(&[id])
    }
}

/// The key marks an ER notation draws beside a column (`PK`, `FK`, `UK`).
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct ColumnKeys {
    /// Part of the primary key.
    pub primary: bool,
    /// Part of a foreign key.
    pub foreign: bool,
    /// One of the columns of a unique constraint or of a unique index without predicate, maybe
    /// with others (the `UK` mark of Mermaid, DOT, PlantUML, D2, Markdown and docs). Not that the
    /// column alone is unique: that is `Table::is_unique_alone`.
    pub in_unique_key: bool,
}

impl ColumnKeys {
    /// The marks that are on, in the order the notations write them: `PK`, `FK`, `UK`.
    pub fn marks(&self) -> Vec<&'static str> {
        [(self.primary, "PK"), (self.foreign, "FK"), (self.in_unique_key, "UK")].into_iter().filter_map(|(on, mark)| on.then_some(mark)).collect()
    }
}

/// The crow's-foot cardinality of a foreign key, read from the referencing table.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct FkCardinality {
    /// Every referencing column is NOT NULL: a child row has exactly one parent (else zero or one).
    pub parent_required: bool,
    /// The referencing columns are not unique: a parent has many children (else at most one).
    pub child_many: bool,
    /// The referencing columns are all in the primary key: an identifying relationship (solid line).
    pub identifying: bool,
}

impl Table {
    /// Which keys column `id` belongs to; the one notion of key marks every diagram export uses.
    pub fn column_keys(&self, id: ColumnId) -> ColumnKeys {
        ColumnKeys {
            primary: self.is_pk_column(id),
            foreign: self.is_fk_column(id),
            in_unique_key: self.uniques.iter().any(|u| u.columns.contains(&id))
                || self.indexes.iter().any(|ix| ix.unique && ix.predicate.is_none() && ix.leading_columns().any(|x| x == id)),
        }
    }

    /// The cardinality of `fk`, one of this table's foreign keys, at both of its ends.
    pub fn fk_cardinality(&self, fk: &ForeignKey) -> FkCardinality {
        FkCardinality {
            parent_required: fk.columns.iter().all(|c| self.column(*c).is_some_and(|c| !c.nullable)),
            child_many: fk.columns.is_empty() || !self.is_unique_set(&fk.columns),
            identifying: !fk.columns.is_empty()
                && self.primary_key.as_ref().is_some_and(|pk| fk.columns.iter().all(|c| pk.columns.contains(c))),
        }
    }
}

impl View {
    /// `schema.name`, or `name` when the view has no explicit schema.
    pub fn qualified_name(&self) -> String {
        match &self.schema {
            Some(s) => format!("{s}.{}", self.name),
            None => self.name.clone(),
        }
    }
}

impl Column {
    pub fn new(id: ColumnId, name: impl Into<String>, data_type: DataType) -> Self {
        Column {
            id,
            name: name.into(),
            data_type,
            nullable: true,
            default: None,
            identity: None,
            identity_options: SequenceOptions::default(),
            generated: None,
            collation: None,
            comment: None,
            span: None,
            extra: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests;
