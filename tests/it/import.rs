//! Integration tests for `import`: every corpus file with counts found by reading it, one tiny
//! test per construct and dialect, bad input and the CLI's stderr contract.

use crate::support;
use erdsmith::diagnostic::Severity;
use erdsmith::import::{import, detect_dialect, ImportOptions, ImportResult, Importer};
use erdsmith::schema::{Dialect, FkAction, Identity, IndexPart, Schema, TableKind, TypeKind};

fn run(input: &str, dialect: Option<Dialect>) -> ImportResult {
    let r = import(input, &ImportOptions { dialect, ..Default::default() });
    assert_eq!(r.schema.validate(), Ok(()));
    r
}

/// A compact, stable rendering of what was imported, for data-driven expectations.
fn render(s: &Schema) -> String {
    let mut out = Vec::new();
    let col_name = |id| s.column(id).map(|(t, c)| format!("{}.{}", t.name, c.name)).unwrap_or_default();
    for t in &s.tables {
        let mut line = format!("table {}", t.qualified_name());
        if t.kind != TableKind::Table {
            line += &format!(" kind={:?}", t.kind);
        }
        if let Some(p) = t.parent.and_then(|p| s.table(p)) {
            line += &format!(" parent={}", p.name);
        }
        out.push(line);
        for c in &t.columns {
            let mut l = format!("  {}", c.name);
            if !c.data_type.raw.is_empty() {
                l += &format!(" {}", c.data_type.raw);
            }
            if !c.nullable {
                l += " not-null";
            }
            if let Some(d) = &c.default {
                l += &format!(" default={d}");
            }
            if let Some(i) = &c.identity {
                l += &format!(" identity={i:?}");
            }
            if let Some(g) = &c.generated {
                l += &format!(" generated={}", g.expr);
            }
            if let Some(cm) = &c.comment {
                l += &format!(" comment={cm}");
            }
            out.push(l);
        }
        if let Some(pk) = &t.primary_key {
            out.push(format!("  pk({})", pk.columns.iter().map(|c| col_name(*c)).collect::<Vec<_>>().join(",")));
        }
        for u in &t.uniques {
            out.push(format!("  unique({})", u.columns.iter().map(|c| col_name(*c)).collect::<Vec<_>>().join(",")));
        }
        for fk in &t.foreign_keys {
            let mut l = format!(
                "  fk({}) -> ({})",
                fk.columns.iter().map(|c| col_name(*c)).collect::<Vec<_>>().join(","),
                fk.ref_columns.iter().map(|c| col_name(*c)).collect::<Vec<_>>().join(",")
            );
            if fk.on_delete != FkAction::NoAction {
                l += &format!(" on-delete={}", fk.on_delete.as_sql());
            }
            if fk.deferrable {
                l += " deferrable";
            }
            out.push(l);
        }
        for ix in &t.indexes {
            let keys: Vec<String> = ix
                .keys
                .iter()
                .map(|k| {
                    let p = match &k.part {
                        IndexPart::Column(c) => col_name(*c),
                        IndexPart::Expression(e) => format!("expr:{e}"),
                    };
                    if k.descending { format!("{p} desc") } else { p }
                })
                .collect();
            let mut l = format!("  index{} ({})", if ix.unique { " unique" } else { "" }, keys.join(","));
            if let Some(m) = &ix.method {
                l += &format!(" using {m}");
            }
            if let Some(p) = &ix.predicate {
                l += &format!(" where {p}");
            }
            out.push(l);
        }
    }
    for v in &s.views {
        let reads: Vec<String> = v.reads.iter().filter_map(|r| s.table(*r)).map(|t| t.name.clone()).collect();
        out.push(format!("view {}{} reads {}", v.name, if v.materialized { " materialized" } else { "" }, reads.join(",")));
    }
    for e in &s.enums {
        out.push(format!("enum {} {}", e.name, e.values.join(",")));
    }
    for sq in &s.sequences {
        let owner = sq.owned_by.and_then(|(_, c)| s.column(c)).map(|(t, c)| format!(" owned-by {}.{}", t.name, c.name));
        out.push(format!("sequence {}{}", sq.name, owner.unwrap_or_default()));
    }
    for d in &s.domains {
        out.push(format!("domain {} {}", d.name, d.data_type.raw));
    }
    out.join("\n")
}

/// Imports `input` as `dialect` and compares the rendering with `expect` (whitespace-trimmed
/// lines); also checks that no error diagnostic was produced.
#[track_caller]
fn check(input: &str, dialect: Dialect, expect: &str) {
    let r = run(input, Some(dialect));
    let errors: Vec<_> = r.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    assert!(errors.is_empty(), "errors: {errors:#?}");
    let got = render(&r.schema);
    let want: Vec<&str> = expect.trim().lines().map(str::trim_end).collect();
    let got_lines: Vec<&str> = got.lines().collect();
    assert_eq!(got_lines, want, "\n--- got ---\n{got}\n");
}

// ---------------------------------------------------------------------------------------------
// Corpus: exact counts, counted by reading each file (grep), never by running the importer.
// ---------------------------------------------------------------------------------------------

/// Imports a corpus file with its detected dialect and checks tables, foreign keys and indexes,
/// and that no CREATE/ALTER statement produced an error.
#[track_caller]
fn corpus(file: &str, dialect: Dialect, tables: usize, fks: usize, indexes: usize) {
    let text = support::corpus(file);
    let r = import(&text, &ImportOptions::default());
    assert_eq!(r.schema.validate(), Ok(()), "{file}");
    assert_eq!(r.detected.dialect, dialect, "{file}: detected dialect");
    let got_fks: usize = r.schema.tables.iter().map(|t| t.foreign_keys.len()).sum();
    let got_ix: usize = r.schema.tables.iter().map(|t| t.indexes.len()).sum();
    assert_eq!((r.schema.tables.len(), got_fks, got_ix), (tables, fks, indexes), "{file}: (tables, fks, indexes)");
    let ddl_errors: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .filter(|d| {
            let s = d.statement.to_ascii_uppercase();
            s.starts_with("CREATE") || s.starts_with("ALTER")
        })
        .collect();
    assert!(ddl_errors.is_empty(), "{file}: {ddl_errors:#?}");
    assert_eq!(r.stats.tables, tables, "{file}: stats.tables");
    assert_eq!(r.stats.foreign_keys, fks, "{file}: stats.foreign_keys");
}

// How the numbers were counted (in /work/shared/corpus):
//   tables  = grep -ciE '^\s*create\s+(or\s+replace\s+)?(virtual\s+)?table' FILE, minus comment
//             lines that match (the Chinook files have one banner line "Create Tables"), minus
//             tables dropped and re-created (WordPress: 51 CREATE TABLE, 12 names twice → 39).
//   fks     = grep -ciE 'references' FILE (every hit is one FK clause; no comment mentions it).
//   indexes = grep -ciE 'create\s+(unique\s+)?(clustered\s+|nonclustered\s+)?(fulltext\s+)?
//             (primary\s+)?(xml\s+)?index' FILE minus commented-out lines and indexes on views,
//             plus MySQL inline `KEY`/`UNIQUE KEY`/`FULLTEXT KEY` lines
//             (grep -ciE '^\s*(unique\s+|fulltext\s+)?(key|index)\s'); PRIMARY KEY and UNIQUE
//             constraints are not indexes in the model.

#[test]
fn corpus_adventureworks_mssql() {
    // 106 CREATE … INDEX statements, 2 of them on indexed views (vProductAndDescription,
    // vStateProvinceCountryRegion).
    corpus("adventureworks_mssql_instawdb.sql", Dialect::Mssql, 71, 90, 104);
}

#[test]
fn corpus_chinook_mysql() {
    corpus("chinook_mysql.sql", Dialect::Mysql, 11, 11, 11);
}

#[test]
fn corpus_chinook_oracle() {
    corpus("chinook_oracle.sql", Dialect::Oracle, 11, 11, 0);
}

#[test]
fn corpus_chinook_postgres() {
    corpus("chinook_postgres.sql", Dialect::Postgres, 11, 11, 11);
}

#[test]
fn corpus_chinook_sqlite() {
    corpus("chinook_sqlite.sql", Dialect::Sqlite, 11, 11, 11);
}

#[test]
fn corpus_chinook_sqlserver() {
    corpus("chinook_sqlserver.sql", Dialect::Mssql, 11, 11, 11);
}

#[test]
fn corpus_clickbench_duckdb() {
    // One plain CREATE TABLE with nothing dialect-specific: detection says Generic.
    corpus("clickbench_duckdb_create.sql", Dialect::Generic, 1, 0, 0);
}

#[test]
fn corpus_employees_mysql() {
    // One inline `UNIQUE KEY (dept_name)`.
    corpus("employees_mysql.sql", Dialect::Mysql, 6, 6, 1);
}

#[test]
fn corpus_keycloak_pgdump() {
    corpus("keycloak_pgdump.sql", Dialect::Postgres, 93, 90, 77);
}

#[test]
fn corpus_mozilla_places_sqlite() {
    // 24 CREATE INDEX lines, 3 of them commented out with `--`, and one more (`CREATE UNIQUE
    // INDEX IF NOT EXISTS guid_uniqueindex ON moz_bookmarks`) names an index that exists
    // already, so SQLite does nothing.
    corpus("mozilla_places_sqlite.sql", Dialect::Sqlite, 18, 17, 20);
}

#[test]
fn corpus_northwind_psql() {
    corpus("northwind_psql.sql", Dialect::Postgres, 14, 13, 0);
}

#[test]
fn corpus_pagila_schema() {
    // 38 CREATE INDEX, one on the materialized view rental_by_category.
    corpus("pagila_schema.sql", Dialect::Postgres, 71, 37, 37);
}

#[test]
fn corpus_sakila_mysql() {
    corpus("sakila_mysql.sql", Dialect::Mysql, 16, 22, 23);
}

#[test]
fn corpus_sakila_oracle() {
    corpus("sakila_oracle.sql", Dialect::Oracle, 16, 22, 24);
}

#[test]
fn corpus_sakila_postgres() {
    corpus("sakila_postgres.sql", Dialect::Postgres, 21, 40, 29);
}

#[test]
fn corpus_sakila_sqlite() {
    corpus("sakila_sqlite.sql", Dialect::Sqlite, 16, 22, 24);
}

#[test]
fn corpus_sakila_sqlserver() {
    corpus("sakila_sqlserver.sql", Dialect::Mssql, 16, 22, 24);
}

#[test]
fn corpus_snowflake_tasty_bytes() {
    corpus("snowflake_tasty_bytes_intro.sql", Dialect::Snowflake, 8, 0, 0);
}

#[test]
fn corpus_statshouse_clickhouse() {
    corpus("statshouse_clickhouse_cluster.sql", Dialect::Clickhouse, 16, 0, 0);
}

#[test]
fn corpus_wordpress_mariadb_dump() {
    // 87 KEY lines in the last definition of each of the 39 tables (114 over all 51 CREATEs).
    corpus("wordpress_mariadb_dump.sql", Dialect::Mysql, 39, 0, 87);
}

#[test]
fn corpus_zabbix_mysql() {
    corpus("zabbix_mysql.sql", Dialect::Mysql, 173, 226, 232);
}

#[test]
fn corpus_zabbix_oracle() {
    corpus("zabbix_oracle.sql", Dialect::Oracle, 173, 226, 232);
}

#[test]
fn corpus_zabbix_postgres() {
    corpus("zabbix_postgres.sql", Dialect::Postgres, 173, 226, 232);
}

#[test]
fn corpus_zabbix_sqlite() {
    corpus("zabbix_sqlite.sql", Dialect::Sqlite, 173, 226, 232);
}

#[test]
fn corpus_quartz_mysql() {
    // 20 CREATE INDEX plus one inline `INDEX (…)` line (line 107).
    corpus("quartz_mysql.sql", Dialect::Mysql, 11, 5, 21);
}

#[test]
fn corpus_quartz_oracle() {
    corpus("quartz_oracle.sql", Dialect::Oracle, 11, 5, 20);
}

#[test]
fn corpus_quartz_postgres() {
    corpus("quartz_postgres.sql", Dialect::Postgres, 11, 5, 20);
}

#[test]
fn corpus_quartz_sqlserver() {
    corpus("quartz_sqlserver.sql", Dialect::Mssql, 11, 5, 4);
}

#[test]
fn corpus_phpbb_mssql() {
    corpus("phpbb_mssql.sql", Dialect::Mssql, 63, 0, 109);
}

#[test]
fn corpus_phpbb_mysql() {
    // 101 inline KEY / UNIQUE KEY lines, no CREATE INDEX.
    corpus("phpbb_mysql.sql", Dialect::Mysql, 63, 0, 101);
}

#[test]
fn corpus_phpbb_oracle() {
    // The one more `CREATE TABLE` that grep finds is `CREATE TABLESPACE` in a comment.
    corpus("phpbb_oracle.sql", Dialect::Oracle, 63, 0, 101);
}

#[test]
fn corpus_phpbb_postgres() {
    corpus("phpbb_postgres.sql", Dialect::Postgres, 63, 0, 109);
}

#[test]
fn corpus_phpbb_sqlite() {
    // `INTEGER PRIMARY KEY` rowid aliases; `#` comment lines (phpBB strips them itself).
    corpus("phpbb_sqlite.sql", Dialect::Sqlite, 63, 0, 109);
}

#[test]
fn corpus_mediawiki_mssql() {
    // 44 `references` hits, 2 of them in comments.
    corpus("mediawiki_mssql.sql", Dialect::Mssql, 48, 42, 133);
}

#[test]
fn corpus_mediawiki_mysql() {
    // The 2 `references` hits are in comments.
    corpus("mediawiki_mysql.sql", Dialect::Mysql, 48, 0, 138);
}

#[test]
fn corpus_mediawiki_oracle() {
    // Names carry the SQL*Plus variable `&mw_prefix.`; 2 more CREATE TABLE and 1 more CREATE
    // INDEX are dynamic SQL built in a procedure (EXECUTE IMMEDIATE 'CREATE TABLE ' || …).
    corpus("mediawiki_oracle.sql", Dialect::Oracle, 48, 26, 127);
}

#[test]
fn corpus_mediawiki_postgres() {
    corpus("mediawiki_postgres.sql", Dialect::Postgres, 48, 28, 114);
}

#[test]
fn corpus_flowable_cockroachdb() {
    // The engine script only: 7 of its tables are here; of 27 foreign keys and 41 indexes, 3
    // and 19 are on those tables (the rest name tables of the other Flowable scripts, each a
    // warning).
    corpus("flowable_cockroachdb.sql", Dialect::Postgres, 7, 3, 19);
}

#[test]
fn corpus_flowable_mssql() {
    corpus("flowable_mssql.sql", Dialect::Mssql, 62, 59, 150);
}

#[test]
fn corpus_flowable_oracle() {
    corpus("flowable_oracle.sql", Dialect::Oracle, 62, 60, 156);
}

#[test]
fn corpus_flowable_postgres() {
    corpus("flowable_postgres.sql", Dialect::Postgres, 62, 60, 156);
}

#[test]
fn corpus_lago_structure() {
    corpus("lago_structure.sql", Dialect::Postgres, 139, 339, 624);
}

#[test]
fn corpus_timescale_airquality() {
    corpus("timescale_airquality_timescaledb.sql", Dialect::Postgres, 4, 4, 0);
}

#[test]
fn corpus_cloud_dwb_tpcds_redshift() {
    // Redshift DDL (distkey, sortkey): nothing another dialect claims, so Generic.
    corpus("cloud_dwb_tpcds_redshift.sql", Dialect::Generic, 25, 0, 0);
}

#[test]
fn corpus_ibis_bigquery() {
    // `{dataset}.name` template placeholders; STRUCT<…> and ARRAY<…> types.
    corpus("ibis_bigquery.sql", Dialect::Generic, 9, 0, 0);
}

#[test]
fn corpus_ibis_duckdb() {
    // Plain CREATE (OR REPLACE) TABLE with list and struct types: Generic.
    corpus("ibis_duckdb.sql", Dialect::Generic, 7, 0, 0);
}

#[test]
fn corpus_ibis_snowflake() {
    corpus("ibis_snowflake.sql", Dialect::Snowflake, 11, 0, 0);
}

#[test]
fn corpus_umami_clickhouse() {
    corpus("umami_clickhouse.sql", Dialect::Clickhouse, 6, 0, 0);
}

#[test]
fn corpus_ola_maintenance_mssql() {
    // 8 CREATE TABLE: the session temp table #Config and dbo.CommandLog at the top level; the
    // other 6 are #temp tables inside procedure bodies (ALTER PROCEDURE … AS …), which are
    // not part of the schema. The 2 inline INDEX lines are in one of those.
    corpus("ola_maintenance_mssql.sql", Dialect::Mssql, 2, 0, 0);
}

#[test]
fn corpus_logger_oracle() {
    // Every CREATE TABLE/INDEX is a string run by EXECUTE IMMEDIATE inside an anonymous PL/SQL
    // block (create the table if it does not exist): no table at the top level.
    corpus("logger_oracle.sql", Dialect::Oracle, 0, 0, 0);
}

#[test]
fn every_corpus_file_has_a_test() {
    let this = include_str!("import.rs");
    for entry in std::fs::read_dir(support::corpus_dir()).expect("corpus dir") {
        let name = entry.expect("entry").file_name().to_string_lossy().into_owned();
        if name.ends_with(".sql") {
            assert!(this.contains(&format!("corpus(\"{name}\"")), "no test for {name}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Constructs, per dialect.
// ---------------------------------------------------------------------------------------------

#[test]
fn pg_table_pk_fk_alter() {
    check(
        "CREATE TABLE a (id serial PRIMARY KEY, name text NOT NULL DEFAULT 'x');
         CREATE TABLE b (id int, a_id int REFERENCES a ON DELETE CASCADE);
         ALTER TABLE ONLY b ADD CONSTRAINT b_pkey PRIMARY KEY (id);",
        Dialect::Postgres,
        "
table a
  id serial not-null identity=Serial
  name text not-null default='x'
  pk(a.id)
table b
  id int not-null
  a_id int
  pk(b.id)
  fk(b.a_id) -> (a.id) on-delete=CASCADE",
    );
}

#[test]
fn pg_forward_fk_resolved_at_finish() {
    check(
        "CREATE TABLE child (p int, CONSTRAINT f FOREIGN KEY (p) REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED);
         CREATE TABLE parent (id int PRIMARY KEY);",
        Dialect::Postgres,
        "
table child
  p int
  fk(child.p) -> (parent.id) deferrable
table parent
  id int not-null
  pk(parent.id)",
    );
}

#[test]
fn pg_dump_noise_and_copy_data() {
    check(
        "\u{feff}SET statement_timeout = 0;\nSELECT pg_catalog.set_config('search_path', '', false);\n\\connect shop\n\
         CREATE FUNCTION f() RETURNS trigger AS $$ BEGIN; CREATE TABLE nope (x int); END $$ LANGUAGE plpgsql;\n\
         CREATE TABLE public.t (id integer NOT NULL);\n\
         ALTER TABLE public.t OWNER TO postgres;\n\
         COPY public.t (id) FROM stdin;\n1\n2;CREATE TABLE bogus (x int);\n\\.\n\
         ALTER TABLE ONLY public.t ALTER COLUMN id SET DEFAULT nextval('public.t_id_seq'::regclass);\n",
        Dialect::Postgres,
        "
table public.t
  id integer not-null default=nextval('public.t_id_seq'::regclass) identity=Serial",
    );
}

#[test]
fn pg_partitions_and_inheritance() {
    check(
        "CREATE TABLE m (id int, at date) PARTITION BY RANGE (at);
         CREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
         CREATE TABLE m_old (id int, at date);
         ALTER TABLE ONLY m ATTACH PARTITION m_old FOR VALUES FROM (MINVALUE) TO ('2024-01-01');
         CREATE TABLE kid (extra int) INHERITS (m_old);",
        Dialect::Postgres,
        "
table m kind=Partitioned
  id int
  at date
table m_2024 kind=Partition parent=m
  id int
  at date
table m_old kind=Partition parent=m
  id int
  at date
table kid parent=m_old
  id int
  at date
  extra int",
    );
}

#[test]
fn pg_indexes() {
    check(
        "CREATE TABLE t (a int, b text, c int);
         CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS t_a ON ONLY public.t USING btree (a DESC, lower(b)) INCLUDE (c) WHERE (a > 0);",
        Dialect::Postgres,
        "
table t
  a int
  b text
  c int
  index unique (t.a desc,expr:lower(b)) using btree where (a > 0)",
    );
}

#[test]
fn pg_enum_domain_sequence_view_comment() {
    check(
        "CREATE TYPE mood AS ENUM ('sad', 'ok');
         CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
         CREATE TABLE p (id int, m mood);
         CREATE SEQUENCE p_id_seq START WITH 1 INCREMENT BY 1 NO MINVALUE CACHE 1;
         ALTER SEQUENCE p_id_seq OWNED BY p.id;
         COMMENT ON COLUMN p.m IS 'feeling';
         CREATE MATERIALIZED VIEW v AS SELECT p.id FROM p JOIN q ON true;",
        Dialect::Postgres,
        "
table p
  id int
  m mood comment=feeling
view v materialized reads p
enum mood sad,ok
sequence p_id_seq owned-by p.id
domain posint integer",
    );
    let r = run("CREATE TYPE mood AS ENUM ('sad'); CREATE TABLE p (m mood);", Some(Dialect::Postgres));
    assert_eq!(r.schema.tables[0].columns[0].data_type.kind, TypeKind::Enum { values: vec!["sad".into()] });
}

#[test]
fn pg_create_schema_with_elements() {
    check(
        "CREATE SCHEMA hr CREATE TABLE staff (id int PRIMARY KEY) CREATE VIEW v AS SELECT * FROM staff;",
        Dialect::Postgres,
        "
table hr.staff
  id int not-null
  pk(staff.id)
view v reads staff",
    );
}

#[test]
fn pg_identity_and_generated() {
    check(
        "CREATE TABLE g (id bigint GENERATED ALWAYS AS IDENTITY, n int GENERATED BY DEFAULT AS IDENTITY (START 5), d int GENERATED ALWAYS AS (id * 2) STORED);",
        Dialect::Postgres,
        "
table g
  id bigint not-null identity=Always
  n int not-null identity=ByDefault
  d int generated=id * 2",
    );
}

#[test]
fn mysql_inline_keys_and_noise() {
    check(
        "/*!40101 SET NAMES utf8 */;\nDELIMITER ;;\nCREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; END;;\nDELIMITER ;\n\
         source other.sql\n\
         CREATE TABLE `t` (\n  `id` int(10) unsigned NOT NULL AUTO_INCREMENT COMMENT 'key',\n  `s` enum('a','b') DEFAULT NULL,\n  \
         `key` varchar(9),\n  PRIMARY KEY (`id`),\n  UNIQUE KEY `u_s` (`s`),\n  KEY `k` (`key`(4)),\n  FULLTEXT KEY `ft` (`key`)\n) \
         ENGINE=InnoDB /*!50100 PARTITION BY HASH (id) */;",
        Dialect::Mysql,
        "
table t kind=Partitioned
  id int(10) unsigned not-null identity=AutoIncrement comment=key
  s enum('a','b') default=NULL
  key varchar(9)
  pk(t.id)
  index unique (t.s)
  index (t.key)
  index (t.key) using fulltext",
    );
}

#[test]
fn mysql_alter_add_and_modify() {
    check(
        "CREATE TABLE a (id int NOT NULL);\nCREATE TABLE b (id int, a_id int);\n\
         ALTER TABLE `a` ADD PRIMARY KEY (`id`), MODIFY `id` int NOT NULL AUTO_INCREMENT;\n\
         ALTER TABLE b ADD KEY `ix` (`a_id`), ADD CONSTRAINT `fk` FOREIGN KEY (`a_id`) REFERENCES `a` (`id`) ON DELETE SET NULL;",
        Dialect::Mysql,
        "
table a
  id int not-null identity=AutoIncrement
  pk(a.id)
table b
  id int
  a_id int
  fk(b.a_id) -> (a.id) on-delete=SET NULL
  index (b.a_id)",
    );
}

#[test]
fn sqlite_brackets_autoincrement_trigger() {
    check(
        "CREATE TABLE [Album] ([AlbumId] INTEGER PRIMARY KEY AUTOINCREMENT, [Title] NVARCHAR(160));
         CREATE TRIGGER tr AFTER INSERT ON Album BEGIN UPDATE Album SET Title = 'x'; INSERT INTO Album VALUES (1, 'y'); END;
         CREATE TABLE t2 (a, b INTEGER, FOREIGN KEY (b) REFERENCES Album) WITHOUT ROWID;",
        Dialect::Sqlite,
        "
table Album
  AlbumId INTEGER identity=AutoIncrement
  Title NVARCHAR(160)
  pk(Album.AlbumId)
table t2
  a
  b INTEGER
  fk(t2.b) -> (Album.AlbumId)",
    );
}

#[test]
fn mssql_go_setvar_storage_clauses() {
    check(
        ":setvar DatabaseName \"AW\"\n:on error exit\nUSE [$(DatabaseName)];\nGO\n\
         CREATE TABLE [dbo].[T]([ID] [int] IDENTITY(1,1) NOT NULL, [Name] [nvarchar](50) NULL,\n\
         [Total] AS (isnull([ID],(0))),\n\
         CONSTRAINT [PK_T] PRIMARY KEY CLUSTERED ([ID] ASC) WITH (PAD_INDEX = OFF) ON [PRIMARY]) ON [PRIMARY] TEXTIMAGE_ON [PRIMARY]\nGO\n\
         CREATE TABLE [dbo].[U]([ID] int NOT NULL, [T] int)\n\
         ALTER TABLE [dbo].[U] WITH CHECK ADD CONSTRAINT [FK] FOREIGN KEY([T]) REFERENCES [dbo].[T] ([ID])\n\
         ALTER TABLE [dbo].[U] ADD CONSTRAINT [DF_U] DEFAULT ((0)) FOR [T], CONSTRAINT [UQ] UNIQUE NONCLUSTERED ([ID])\nGO\n\
         CREATE NONCLUSTERED INDEX [IX] ON [dbo].[U] ([T]) INCLUDE ([ID]) WITH (ONLINE = OFF) ON [PRIMARY]\nGO",
        Dialect::Mssql,
        "
table dbo.T
  ID int not-null identity=Identity { seed: 1, increment: 1 }
  Name nvarchar(50)
  Total generated=isnull([ID],(0))
  pk(T.ID)
table dbo.U
  ID int not-null
  T int default=((0))
  unique(U.ID)
  fk(U.T) -> (T.ID)
  index (U.T)",
    );
}

#[test]
fn oracle_sqlplus_and_plsql() {
    check(
        "REM schema\nPROMPT creating\nSET DEFINE OFF\nSPOOL out.log\n\
         CREATE TABLE dept (id NUMBER(10) NOT NULL, name VARCHAR2(50 BYTE)) TABLESPACE users ORGANIZATION INDEX;\n\
         CREATE TABLE emp (id NUMBER, dept_id NUMBER) STORAGE (INITIAL 64K) PARTITION BY RANGE (id) (PARTITION p1 VALUES LESS THAN (10));\n\
         ALTER TABLE dept ADD (CONSTRAINT dept_pk PRIMARY KEY (id));\n\
         ALTER TABLE emp ADD CONSTRAINT emp_fk FOREIGN KEY (dept_id) REFERENCES dept (id) ENABLE;\n\
         CREATE OR REPLACE TRIGGER trg BEFORE INSERT ON emp FOR EACH ROW\nDECLARE\n  x NUMBER;\nBEGIN\n  IF x IS NULL THEN x := 1; END IF;\nEND;\n/\n\
         CREATE INDEX emp_ix ON emp (dept_id) TABLESPACE idx;\n",
        Dialect::Oracle,
        "
table dept
  id NUMBER(10) not-null
  name VARCHAR2(50 BYTE)
  pk(dept.id)
table emp kind=Partitioned
  id NUMBER
  dept_id NUMBER
  fk(emp.dept_id) -> (dept.id)
  index (emp.dept_id)",
    );
}

#[test]
fn clickhouse_engine_settings_and_aggregate_types() {
    check(
        "CREATE TABLE IF NOT EXISTS s ON CLUSTER c (`t` DateTime, `v` AggregateFunction(sum, Float64), `k` LowCardinality(String) CODEC(ZSTD(1)),\n\
         INDEX ix k TYPE bloom_filter GRANULARITY 1)\nENGINE = ReplicatedMergeTree('/p', '{r}') PARTITION BY toDate(t) ORDER BY (t, k) SETTINGS index_granularity = 8192;\n\
         CREATE TABLE s_dist ON CLUSTER c AS s ENGINE = Distributed(c, default, s);",
        Dialect::Clickhouse,
        "
table s kind=Partitioned
  t DateTime
  v AggregateFunction(sum, Float64)
  k LowCardinality(String)
  index (expr:k) using bloom_filter
table s_dist kind=Other
  t DateTime
  v AggregateFunction(sum, Float64)
  k LowCardinality(String)",
    );
}

#[test]
fn snowflake_and_duckdb_tables() {
    check(
        "USE ROLE sysadmin;\nCREATE OR REPLACE WAREHOUSE wh WAREHOUSE_SIZE = 'xsmall';\n\
         CREATE OR REPLACE TABLE db.raw.menu (id NUMBER(38,0), j VARIANT, n NUMBER AUTOINCREMENT START 1 INCREMENT 1);\n\
         COPY INTO db.raw.menu FROM @stage;",
        Dialect::Snowflake,
        "
table raw.menu
  id NUMBER(38,0)
  j VARIANT
  n NUMBER identity=AutoIncrement",
    );
    check("CREATE TABLE hits (WatchID BIGINT NOT NULL, Title TEXT);", Dialect::Duckdb, "
table hits
  WatchID BIGINT not-null
  Title TEXT");
}

#[test]
fn timescale_hypertable_select_is_quiet() {
    let r = run("CREATE TABLE m (t timestamptz NOT NULL); SELECT create_hypertable('m', 't');", Some(Dialect::Postgres));
    assert_eq!(r.schema.tables.len(), 1);
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    // The call changes the schema: it is kept as written, for a same-dialect export.
    assert_eq!(r.stats.skipped, 0);
    let kept: Vec<_> = r.schema.objects.iter().map(|o| (o.kind, o.sql.as_str())).collect();
    assert_eq!(kept, vec![(erdsmith::schema::ObjectKind::Other, "SELECT create_hypertable('m', 't')")]);
}

#[test]
fn fk_to_missing_table_is_a_warning() {
    let r = run("CREATE TABLE a (b_id int REFERENCES b (id));", Some(Dialect::Postgres));
    assert!(r.schema.tables[0].foreign_keys.is_empty());
    let d = &r.diagnostics[0];
    assert_eq!((d.severity, d.span.line, d.span.column), (Severity::Warning, 1, 17));
    assert!(d.message.contains("not in the input"), "{}", d.message);
}

#[test]
fn failing_statement_is_a_diagnostic_and_import_continues() {
    let r = run("CREATE TABLE ;\n  CREATE TABLE ok (id int);\nfoo bar baz;", Some(Dialect::Postgres));
    assert_eq!(r.schema.tables.len(), 1);
    let d: Vec<_> = r.diagnostics.iter().map(|d| (d.severity, d.span.line, d.span.column)).collect();
    assert_eq!(d, vec![(Severity::Error, 1, 1), (Severity::Warning, 3, 1)]);
    assert_eq!(r.diagnostics[1].statement, "foo bar baz;");
}

#[test]
fn spans_point_into_the_original_text() {
    let text = "-- header\n/*!40101 SET x=1 */;\n  CREATE TABLE `t` (\n  `id` int\n);";
    let r = run(text, Some(Dialect::Mysql));
    let t = &r.schema.tables[0];
    let span = t.span.expect("table span");
    assert_eq!((span.line, span.column), (3, 3));
    assert!(text[span.start as usize..span.end as usize].starts_with("CREATE TABLE `t`"));
    let c = t.columns[0].span.expect("column span");
    assert_eq!(&text[c.start as usize..c.end as usize], "`id` int");
    assert_eq!(t.columns[0].data_type.normalized, "int");
}

#[test]
fn detection() {
    let d = detect_dialect("CREATE TABLE `a` (id int AUTO_INCREMENT) ENGINE=InnoDB;");
    assert_eq!(d.dialect, Dialect::Mysql);
    assert!(d.confidence > 0.5);
    assert_eq!(detect_dialect("CREATE TABLE a (n VARCHAR2(10));\n/\n").dialect, Dialect::Oracle);
    assert_eq!(detect_dialect("CREATE TABLE a (id int)\nGO\n").dialect, Dialect::Mssql);
    assert_eq!(detect_dialect("CREATE TABLE a (x UInt64) ENGINE = MergeTree ORDER BY x;").dialect, Dialect::Clickhouse);
    assert_eq!(detect_dialect("\\connect db\nCREATE TABLE a (x jsonb);").dialect, Dialect::Postgres);
    let g = detect_dialect("CREATE TABLE a (x int);");
    assert_eq!(g.dialect, Dialect::Generic);
    assert!(g.confidence < 0.5);
}

#[test]
fn override_dialect_is_kept() {
    let r = run("CREATE TABLE a (x int) ENGINE=InnoDB;", Some(Dialect::Sqlite));
    assert_eq!((r.detected.dialect, r.detected.confidence, r.schema.dialect), (Dialect::Sqlite, 1.0, Dialect::Sqlite));
}

#[test]
fn importer_steps_and_reports_progress() {
    let text = "CREATE TABLE a (x int);\nCREATE TABLE b (y int);\nCREATE TABLE c (z int);\n".to_string();
    let total = text.len();
    let mut imp = Importer::new(text, &ImportOptions { dialect: Some(Dialect::Postgres), ..Default::default() });
    assert_eq!(imp.progress(), (0, total));
    assert!(!imp.step(1));
    let (done, _) = imp.progress();
    assert!(done > 0 && done < total, "{done}");
    while !imp.step(1) {}
    assert_eq!(imp.progress(), (total, total));
    let r = imp.finish();
    assert_eq!(r.schema.tables.len(), 3);
    assert_eq!(r.stats.statements, 3);
}

// ---------------------------------------------------------------------------------------------
// Bad input: never a panic or a stack overflow, always diagnostics.
// ---------------------------------------------------------------------------------------------

#[test]
fn bad_input_nested_parentheses_in_default() {
    let text = format!("CREATE TABLE t (a int DEFAULT {}1{});", "(".repeat(10_000), ")".repeat(10_000));
    let r = run(&text, Some(Dialect::Postgres));
    assert_eq!(r.schema.tables[0].columns.len(), 1);
    assert!(!r.diagnostics.is_empty());
    let unbalanced = format!("CREATE TABLE t (a int DEFAULT {}1);", "(".repeat(10_000));
    let r = run(&unbalanced, None);
    assert!(!r.diagnostics.is_empty());
}

#[test]
fn bad_input_random_binary() {
    // A deterministic stream of bytes, decoded lossily as the CLI does.
    let mut rng = erdsmith::rng::Rng::new(0x2545F4914F6CDD1D);
    let bytes: Vec<u8> = (0..200_000).map(|_| rng.next_u64() as u8).collect();
    let text = String::from_utf8_lossy(&bytes);
    for d in [None, Some(Dialect::Mysql), Some(Dialect::Mssql), Some(Dialect::Oracle)] {
        let r = run(&text, d);
        assert!(!r.diagnostics.is_empty());
    }
}

#[test]
fn bad_input_unterminated_string_and_dollar_quote() {
    for text in ["CREATE TABLE a (x int DEFAULT 'oops);\nCREATE TABLE b (y int);", "CREATE FUNCTION f() AS $$ BEGIN", "CREATE TABLE `a (x int);", "/* never closed"] {
        let r = run(text, Some(Dialect::Postgres));
        assert!(r.diagnostics.iter().any(|d| d.severity == Severity::Error && d.message.contains("unterminated")), "{text}: {:?}", r.diagnostics);
    }
}

#[test]
fn bad_input_wide_table() {
    let cols: Vec<String> = (0..5000).map(|i| format!("c{i} int")).collect();
    let text = format!("CREATE TABLE wide ({});", cols.join(",\n"));
    let r = run(&text, None);
    assert_eq!(r.schema.tables[0].columns.len(), 5000);
    assert!(r.diagnostics.iter().any(|d| d.message.contains("wide")));
}

#[test]
fn bad_input_ten_megabytes() {
    let mut text = String::with_capacity(10 << 20);
    let mut i = 0;
    while text.len() < 10 << 20 {
        text += &format!("CREATE TABLE t{i} (id int PRIMARY KEY, p int REFERENCES t{} (id));\nINSERT INTO t{i} VALUES (1, 'a;b', $$x$$);\n", i / 2);
        i += 1;
    }
    text += "CREATE TABLE broken (x int DEFAULT 'unterminated";
    let r = run(&text, Some(Dialect::Postgres));
    assert_eq!(r.schema.tables.len(), i + 1);
    assert!(!r.diagnostics.is_empty());
}

// ---------------------------------------------------------------------------------------------
// CLI.
// ---------------------------------------------------------------------------------------------

#[test]
fn cli_import_prints_json_and_renders_diagnostics() {
    let dir = std::env::temp_dir().join(format!("erdsmith-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("in.sql");
    std::fs::write(&file, "CREATE TABLE a (id int);\nCREATE TABLE b (a_id int REFERENCES nowhere (id));\n").expect("write");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_erdsmith"))
        .args(["import", file.to_str().expect("utf-8 path"), "--dialect", "postgres"])
        .output()
        .expect("run erdsmith");
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let expected = format!("{}:2:17: warning: ", file.display());
    assert!(stderr.lines().any(|l| l.starts_with(&expected)), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("\"a_id\""), "{stdout}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_input_deep_array_type_and_trailing_keywords() {
    let text = format!("CREATE TABLE t (a int{});\nCREATE TABLE c (x UInt8) ENGINE = MergeTree PRIMARY KEY", "[]".repeat(10_000));
    let r = run(&text, Some(Dialect::Clickhouse));
    assert_eq!(r.schema.tables.len(), 2);
    assert_eq!(r.schema.tables[0].columns[0].data_type.kind, TypeKind::Other);
}

#[test]
fn collation_checks_and_generic_arrays() {
    let r = run(
        "CREATE TABLE t (n varchar(10) COLLATE \"C\" CHECK (n <> ''), tags int[], CONSTRAINT pos CHECK (length(n) > 0));",
        Some(Dialect::Generic),
    );
    let t = &r.schema.tables[0];
    assert_eq!(t.columns[0].collation.as_deref(), Some("C"));
    assert_eq!(t.columns[1].data_type.raw, "int[]");
    assert!(matches!(t.columns[1].data_type.kind, TypeKind::Array(_)));
    let checks: Vec<_> = t.checks.iter().map(|c| (c.name.as_deref(), c.expr.as_str())).collect();
    assert_eq!(checks, vec![(None, "n <> ''"), (Some("pos"), "length(n) > 0")]);
}

#[test]
fn identity_kinds_per_dialect() {
    let cases = [
        ("CREATE TABLE t (id bigserial);", Dialect::Postgres, Identity::Serial),
        ("CREATE TABLE t (id int AUTO_INCREMENT);", Dialect::Mysql, Identity::AutoIncrement),
        ("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT);", Dialect::Sqlite, Identity::AutoIncrement),
        ("CREATE TABLE t (id int IDENTITY(10,5));", Dialect::Mssql, Identity::Identity { seed: 10, increment: 5 }),
        ("CREATE TABLE t (id NUMBER GENERATED BY DEFAULT ON NULL AS IDENTITY);", Dialect::Oracle, Identity::ByDefault),
    ];
    for (sql, d, want) in cases {
        let r = run(sql, Some(d));
        assert_eq!(r.schema.tables[0].columns[0].identity.as_ref(), Some(&want), "{sql}");
    }
}

#[test]
fn pg_family_cockroach_and_like() {
    check(
        "CREATE TABLE a (id UUID PRIMARY KEY DEFAULT gen_random_uuid(), n STRING, INDEX a_n (n), FAMILY f1 (id, n));
         CREATE TABLE b (LIKE a INCLUDING ALL, extra int);",
        Dialect::Postgres,
        "
table a
  id UUID not-null default=gen_random_uuid()
  n STRING
  pk(a.id)
  index (a.n)
table b
  id UUID not-null default=gen_random_uuid()
  n STRING
  extra int",
    );
}

#[test]
fn bracket_names_survive_a_wrong_dialect_and_tables_named_like_keywords() {
    // A table called `warehouse` must not make MySQL look like Snowflake.
    let mysql = "CREATE TABLE `warehouse` (`id` BIGINT NOT NULL, PRIMARY KEY (`id`));";
    assert_eq!(detect_dialect(mysql).dialect, Dialect::Mysql);
    for d in [Dialect::Snowflake, Dialect::Oracle, Dialect::Mysql, Dialect::Clickhouse] {
        let r = run("CREATE TABLE [a] ([id] INT NOT NULL, [n] NVARCHAR(MAX), CONSTRAINT [pk] PRIMARY KEY ([id]));", Some(d));
        let t = &r.schema.tables[0];
        assert_eq!((t.name.as_str(), t.columns.len(), t.primary_key.is_some()), ("a", 2, true), "{d}");
    }
}

#[test]
fn mysqldump_views_and_definer_routines() {
    check(
        "CREATE TABLE `t` (`id` int NOT NULL);\n\
         /*!50001 DROP VIEW IF EXISTS `v`*/;\n\
         /*!50001 CREATE ALGORITHM=UNDEFINED */\n/*!50013 DEFINER=`root`@`localhost` SQL SECURITY DEFINER */\n/*!50001 VIEW `v` AS select `t`.`id` AS `id` from `t` */;\n\
         CREATE DEFINER=`root`@`localhost` PROCEDURE p() BEGIN SELECT 1; CREATE TABLE inner_t (x int); END;\n\
         CREATE TABLE `after` (`x` int);",
        Dialect::Mysql,
        "
table t
  id int not-null
table after
  x int
view v reads t",
    );
}

#[test]
fn view_reads_skip_ctes_and_functions() {
    check(
        "CREATE TABLE a (id int); CREATE TABLE b (id int); CREATE TABLE recent (id int);
         CREATE VIEW v (x) AS WITH recent AS (SELECT id FROM a) SELECT r.id FROM recent r, generate_series(1, 2) g
           LEFT JOIN b ON b.id = g WHERE EXISTS (SELECT 1 FROM public.recent);",
        Dialect::Postgres,
        "
table a
  id int
table b
  id int
table recent
  id int
view v reads a,b,recent",
    );
}

#[test]
fn tidb_and_yugabyte_family_options() {
    check(
        "CREATE TABLE t (id bigint AUTO_RANDOM(5) PRIMARY KEY, v int) SHARD_ROW_ID_BITS = 4;\n\
         CREATE TABLE y (id int, ts timestamptz, PRIMARY KEY (id HASH, ts ASC)) SPLIT INTO 4 TABLETS;",
        Dialect::Mysql,
        "
table t
  id bigint not-null identity=AutoIncrement
  v int
  pk(t.id)
table y
  id int not-null
  ts timestamptz not-null
  pk(y.id,y.ts)",
    );
}

#[test]
fn index_before_its_table_is_resolved_at_finish() {
    check(
        "CREATE INDEX ix ON later (a);\nCREATE TABLE later (a int);",
        Dialect::Postgres,
        "
table later
  a int
  index (later.a)",
    );
    let r = run("CREATE INDEX ix ON nowhere (a);", Some(Dialect::Postgres));
    assert_eq!(r.diagnostics.len(), 1);
    assert_eq!(r.diagnostics[0].severity, Severity::Warning);
}

/// Client commands and dump noise in every flavor around one real table: the table survives,
/// nothing inside the noise becomes a table, and nothing is an error.
#[test]
fn client_command_noise_per_tool() {
    let table = "CREATE TABLE keep (id int);";
    let cases: [(&str, Dialect); 12] = [
        ("\\set ON_ERROR_STOP on\n\\pset pager off\n\\c db\n{T}\n\\i other.sql", Dialect::Postgres),
        ("COPY keep (id) FROM stdin;\n1\tCREATE TABLE nope (x int);\n\\.\n{T}", Dialect::Postgres),
        ("DO $body$ BEGIN CREATE TABLE nope (x int); END $body$;\n{T}", Dialect::Postgres),
        ("/*!40014 SET @OLD=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;\n{T}\n/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;", Dialect::Mysql),
        ("DELIMITER $$\nCREATE PROCEDURE p() BEGIN CREATE TABLE nope (x int); END$$\nDELIMITER ;\n{T}", Dialect::Mysql),
        ("source /tmp/other.sql;\n# a hash comment; CREATE TABLE nope (x int);\n{T}", Dialect::Mysql),
        (":setvar X \"y\"\n:r other.sql\nPRINT 'hello';\nGO\nCREATE PROCEDURE p AS\nCREATE TABLE #nope (x int);\nGO\n{T}\nGO 2", Dialect::Mssql),
        ("REM comment\nPROMPT making tables\nSET ECHO ON\nSPOOL x.log\nWHENEVER SQLERROR EXIT\n{T}\nBEGIN\n  EXECUTE IMMEDIATE 'CREATE TABLE nope (x int)';\nEND;\n/\nEXIT", Dialect::Oracle),
        ("CREATE TRIGGER t AFTER INSERT ON keep BEGIN INSERT INTO keep VALUES (1); END;\n{T}\nPRAGMA foreign_keys = ON;", Dialect::Sqlite),
        ("BEGIN TRANSACTION;\n{T}\nCOMMIT;", Dialect::Sqlite),
        ("\u{feff}-- header\n{T}", Dialect::Generic),
        ("SELECT create_hypertable('keep', 'id');\n{T}", Dialect::Postgres),
    ];
    for (template, dialect) in cases {
        let text = template.replace("{T}", table);
        let r = run(&text, Some(dialect));
        let names: Vec<&str> = r.schema.tables.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["keep"], "{dialect}: {text}");
        let errors: Vec<_> = r.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
        assert!(errors.is_empty(), "{dialect}: {text}: {errors:?}");
    }
}

#[test]
fn renames_and_clones() {
    check(
        "CREATE TABLE a (id int, n text);\nALTER TABLE a RENAME COLUMN n TO title;\nALTER TABLE a RENAME TO books;\n\
         CREATE TABLE c (b_id int REFERENCES books (id));\nCREATE OR REPLACE TABLE d CLONE books;",
        Dialect::Postgres,
        "
table books
  id int
  title text
table c
  b_id int
  fk(c.b_id) -> (books.id)
table d
  id int
  title text",
    );
}

/// Found by the fuzzer: a column definition cut off inside its type or default made the
/// expression scanner step past the statement's last token.
#[test]
fn bad_input_truncated_column_definitions() {
    let whole = "CREATE TABLE t (a bigint DEFAULT (1 + 2) NOT NULL, b varchar(10) REFERENCES u (id) ON DELETE CASCADE);";
    for cut in 1..whole.len() {
        for dialect in [Dialect::Postgres, Dialect::Duckdb, Dialect::Generic] {
            let r = run(&whole[..cut], Some(dialect));
            assert_eq!(r.schema.validate(), Ok(()), "cut at {cut}: {:?}", &whole[..cut]);
        }
    }
    let r = run("CREATE TABLE t (a bigint x bigint NOT NULL, b ON; y", Some(Dialect::Postgres));
    assert_eq!(r.schema.tables.len(), 1);
}

/// The warnings of an import, as `line:column message` lines.
fn warnings(input: &str, dialect: Dialect) -> Vec<String> {
    let r = run(input, Some(dialect));
    r.diagnostics.iter().filter(|d| d.severity != Severity::Info).map(|d| format!("{}:{} {}", d.span.line, d.span.column, d.message)).collect()
}

#[test]
fn unknown_create_and_alter_are_warnings_with_position() {
    let w = warnings("CREATE TABLE t (id int);\nCREATE FOO bar;\n  ALTER WIDGET x SET y;\nCREATE;", Dialect::Postgres);
    assert_eq!(w.len(), 3, "{w:#?}");
    assert!(w[0].starts_with("2:8 ") && w[0].contains("`CREATE FOO`") && w[0].contains("skipped"), "{w:#?}");
    assert!(w[1].starts_with("3:9 ") && w[1].contains("`ALTER WIDGET`"), "{w:#?}");
    assert!(w[2].starts_with("4:1 ") && w[2].contains("CREATE without an object"), "{w:#?}");
}

#[test]
fn known_irrelevant_statements_stay_quiet() {
    let text = "CREATE TABLE t (id int);\nINSERT INTO t VALUES (1);\nGRANT ALL ON t TO bob;\nSET search_path = public;\n\
                CREATE EXTENSION IF NOT EXISTS pgcrypto;\nCOMMENT ON EXTENSION pgcrypto IS 'x';\nALTER TABLE t OWNER TO bob;\n\
                CREATE FUNCTION f() RETURNS int AS $$ select 1 $$ LANGUAGE sql;\nALTER FUNCTION f() OWNER TO bob;\n\
                CREATE OR REPLACE PROCEDURAL LANGUAGE plpgsql;\nCREATE ROLE r;\nALTER DATABASE d SET x = 1;";
    assert_eq!(warnings(text, Dialect::Postgres), Vec::<String>::new());
}

#[test]
fn alter_table_drop_column_in_every_spelling() {
    let t = "CREATE TABLE t (a int PRIMARY KEY, b int, c int, d int, e int, f int);\n";
    check(&format!("{t}ALTER TABLE t DROP COLUMN IF EXISTS b CASCADE;"), Dialect::Postgres, "
table t
  a int not-null
  c int
  d int
  e int
  f int
  pk(t.a)");
    check(&format!("{t}ALTER TABLE t DROP b, DROP COLUMN c;"), Dialect::Mysql, "
table t
  a int not-null
  d int
  e int
  f int
  pk(t.a)");
    check(&format!("{t}ALTER TABLE t DROP COLUMN b, c;\nALTER TABLE t DROP CONSTRAINT x, COLUMN d;"), Dialect::Mssql, "
table t
  a int not-null
  e int
  f int
  pk(t.a)");
    check(&format!("{t}ALTER TABLE t DROP (b, c);\nALTER TABLE t DROP COLUMN d;"), Dialect::Oracle, "
table t
  a int not-null
  e int
  f int
  pk(t.a)");
}

#[test]
fn dropping_a_column_drops_what_names_it() {
    check(
        "CREATE TABLE p (id int PRIMARY KEY, code int UNIQUE, n int);\n\
         CREATE TABLE c (id int PRIMARY KEY, p_id int REFERENCES p (id), p_code int REFERENCES p (code));\n\
         CREATE INDEX p_n ON p (n, code);\nALTER TABLE p DROP COLUMN code;\nALTER TABLE c DROP COLUMN p_id;",
        Dialect::Postgres,
        "
table p
  id int not-null
  n int
  pk(p.id)
table c
  id int not-null
  p_code int
  pk(c.id)",
    );
}

#[test]
fn alter_table_drop_constraint_by_name_and_by_default_name() {
    let t = "CREATE TABLE p (id int PRIMARY KEY);\n\
             CREATE TABLE c (id int, p_id int, q int, CONSTRAINT c_pk PRIMARY KEY (id), CONSTRAINT c_p FOREIGN KEY (p_id) REFERENCES p (id), UNIQUE (q), CONSTRAINT positive CHECK (q > 0));\n";
    let kept = "
table p
  id int not-null
  pk(p.id)
table c
  id int not-null
  p_id int
  q int";
    check(&format!("{t}ALTER TABLE c DROP CONSTRAINT c_pk, DROP CONSTRAINT IF EXISTS c_p, DROP CONSTRAINT c_q_key;"), Dialect::Postgres, kept);
    check(&format!("{t}ALTER TABLE c DROP PRIMARY KEY, DROP FOREIGN KEY c_p, DROP INDEX q;"), Dialect::Mysql, kept);
    check(&format!("{t}ALTER TABLE c DROP CONSTRAINT c_pk, c_p;\nALTER TABLE c DROP CONSTRAINT c_q_key;"), Dialect::Mssql, kept);
    check(&format!("{t}ALTER TABLE c DROP PRIMARY KEY;\nALTER TABLE c DROP CONSTRAINT c_p;\nALTER TABLE c DROP UNIQUE (q);"), Dialect::Oracle, kept);
    let r = run(&format!("{t}ALTER TABLE c DROP CHECK positive;"), Some(Dialect::Mysql));
    assert!(r.schema.tables[1].checks.is_empty());
}

#[test]
fn drop_of_unnamed_keys_by_the_database_default_name() {
    let t = "CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (id int PRIMARY KEY, p_id int REFERENCES p (id), o int REFERENCES p (id));\n";
    check(&format!("{t}ALTER TABLE c DROP CONSTRAINT c_pkey, DROP CONSTRAINT c_p_id_fkey;"), Dialect::Postgres, "
table p
  id int not-null
  pk(p.id)
table c
  id int not-null
  p_id int
  o int
  fk(c.o) -> (p.id)");
    check(&format!("{t}ALTER TABLE c DROP FOREIGN KEY c_ibfk_2;"), Dialect::Mysql, "
table p
  id int not-null
  pk(p.id)
table c
  id int not-null
  p_id int
  o int
  pk(c.id)
  fk(c.p_id) -> (p.id)");
}

#[test]
fn alter_table_drop_index_and_a_drop_that_names_nothing() {
    check("CREATE TABLE t (a int, b int, KEY ab (a, b));\nALTER TABLE t DROP INDEX ab;", Dialect::Mysql, "
table t
  a int
  b int");
    let w = warnings("CREATE TABLE t (a int);\nALTER TABLE t DROP COLUMN zz, DROP CONSTRAINT nope;", Dialect::Postgres);
    assert_eq!(w.len(), 2, "{w:#?}");
    assert!(w[0].starts_with("2:20 ") && w[0].contains("DROP COLUMN zz on t: no such column"), "{w:#?}");
    assert!(w[1].contains("DROP nope on t: no constraint or index of that name"), "{w:#?}");
}

#[test]
fn alter_table_rename_column_and_table() {
    check(
        "CREATE TABLE t (a int PRIMARY KEY);\nCREATE TABLE u (t_a int REFERENCES t (a));\n\
         ALTER TABLE t RENAME COLUMN a TO id;\nALTER TABLE t RENAME TO things;",
        Dialect::Postgres,
        "
table things
  id int not-null
  pk(things.id)
table u
  t_a int
  fk(u.t_a) -> (things.id)",
    );
}

#[test]
fn drop_index_statements_in_every_spelling() {
    let t = "CREATE TABLE t (a int, b int);\nCREATE INDEX ia ON t (a);\nCREATE INDEX ib ON t (b);\n";
    let left = "
table t
  a int
  b int
  index (t.b)";
    check(&format!("{t}DROP INDEX CONCURRENTLY IF EXISTS ia;"), Dialect::Postgres, left);
    check(&format!("{t}DROP INDEX ia ON t;"), Dialect::Mysql, left);
    check(&format!("{t}DROP INDEX t.ia;"), Dialect::Mssql, left);
    check(&format!("{t}DROP INDEX ia;"), Dialect::Oracle, left);
    let w = warnings(&format!("{t}DROP INDEX nope;\nDROP INDEX IF EXISTS gone;"), Dialect::Postgres);
    assert_eq!(w.len(), 1, "{w:#?}");
    assert!(w[0].starts_with("4:12 ") && w[0].contains("DROP INDEX nope"), "{w:#?}");
}

/// Found by the round-trip property test: MySQL string escapes were kept in comments.
#[test]
fn mysql_comments_take_backslash_escapes() {
    let r = run("CREATE TABLE t (a int COMMENT 'back\\\\slash \\'q\\' \\n 100\\%') COMMENT='x\\\\y';", Some(Dialect::Mysql));
    let t = &r.schema.tables[0];
    assert_eq!(t.columns[0].comment.as_deref(), Some("back\\slash 'q' \n 100\\%"));
    assert_eq!(t.comment.as_deref(), Some("x\\y"));
    let r = run("CREATE TABLE t (a int); COMMENT ON COLUMN t.a IS 'x\\\\y';", Some(Dialect::Postgres));
    assert_eq!(r.schema.tables[0].columns[0].comment.as_deref(), Some("x\\\\y"), "PostgreSQL strings have no backslash escapes");
}

#[test]
fn rename_statements_per_dialect() {
    let t = "CREATE TABLE t (a int PRIMARY KEY);\nCREATE TABLE u (t_a int, FOREIGN KEY (t_a) REFERENCES t (a));\n";
    let renamed = "
table things
  id int not-null
  pk(things.id)
table u
  t_a int
  fk(u.t_a) -> (things.id)";
    check(&format!("{t}ALTER TABLE t RENAME COLUMN a TO id;\nRENAME TABLE t TO things;"), Dialect::Mysql, renamed);
    check(&format!("{t}EXEC sp_rename N'dbo.t.a', 'id', 'COLUMN';\nEXEC sp_rename '[t]', 'things';"), Dialect::Mssql, renamed);
    check(&format!("{t}ALTER TABLE t RENAME COLUMN a TO id;\nALTER TABLE t RENAME TO things;"), Dialect::Oracle, renamed);
    // SQLite: a PRIMARY KEY column takes NULL unless it says NOT NULL.
    check(&format!("{t}ALTER TABLE t RENAME a TO id;\nALTER TABLE t RENAME TO things;"), Dialect::Sqlite, &renamed.replace("id int not-null", "id int"));
}

#[test]
fn an_unknown_object_after_create_modifiers_is_still_reported() {
    let w = warnings("CREATE UNIQUE CLUSTERED FOO x;\nCREATE GLOBAL TEMPORARY TABLE tmp (a int);\nCREATE TABLE t (a int);\nCREATE UNIQUE INDEX i ON t (a);", Dialect::Oracle);
    assert_eq!(w.len(), 1, "{w:#?}");
    assert!(w[0].starts_with("1:25 ") && w[0].contains("`CREATE FOO`"), "{w:#?}");
}

/// What a migration needs beyond the columns: partition clauses, identity and sequence options,
/// CHECK flags, row-level security and replica identity.
#[test]
fn postgres_table_properties_for_migrations() {
    let s = run(
        "CREATE TABLE p (k text, n bigint GENERATED ALWAYS AS IDENTITY (START 3 INCREMENT 4 CACHE 5 CYCLE),
           CHECK (n > 0) NO INHERIT) PARTITION BY LIST (k);
         CREATE TABLE p1 PARTITION OF p FOR VALUES IN ('a', 'b');
         CREATE TABLE p2 (LIKE p);
         ALTER TABLE p ATTACH PARTITION p2 DEFAULT;
         ALTER TABLE p ADD CONSTRAINT c2 CHECK (k <> '') NOT VALID;
         ALTER TABLE p ENABLE ROW LEVEL SECURITY;
         ALTER TABLE p FORCE ROW LEVEL SECURITY;
         ALTER TABLE p1 REPLICA IDENTITY FULL;
         CREATE SEQUENCE s AS integer INCREMENT BY 2 START WITH 10 NO CYCLE;
         ALTER SEQUENCE s MAXVALUE 100;",
        Some(Dialect::Postgres),
    )
    .schema;
    let p = &s.tables[0];
    assert_eq!(p.partition_by(), Some("LIST (k)"));
    assert_eq!((p.row_security.enabled, p.row_security.forced), (true, true));
    let n = &p.columns[1].identity_options;
    assert_eq!((n.start, n.increment, n.cache, n.cycle), (Some(3), Some(4), Some(5), true));
    assert_eq!((p.checks[0].no_inherit(), p.checks[0].not_valid()), (true, false));
    assert_eq!((p.checks[1].no_inherit(), p.checks[1].not_valid()), (false, true));
    assert_eq!(s.tables[1].text.bound.as_deref(), Some("FOR VALUES IN ('a', 'b')"));
    assert_eq!(s.tables[1].replica_identity.as_deref(), Some("FULL"));
    assert_eq!((s.tables[2].kind, s.tables[2].text.bound.as_deref()), (TableKind::Partition, Some("DEFAULT")));
    let q = s.sequences[0].settings();
    assert_eq!((q.data_type.as_deref(), q.increment, q.start, q.max, q.cycle), (Some("integer"), Some(2), Some(10), Some(100), false));
}

/// View options, the indexes of a materialized view, and a key made of an existing index.
#[test]
fn postgres_view_options_view_indexes_and_keys_using_index() {
    let s = run(
        "CREATE TABLE t (id int, foo text);
         CREATE UNIQUE INDEX t_uq ON t (id);
         ALTER TABLE t ADD CONSTRAINT t_pk PRIMARY KEY USING INDEX t_uq;
         CREATE VIEW v WITH (security_barrier = true) AS SELECT id FROM t;
         CREATE MATERIALIZED VIEW m AS SELECT id, foo FROM t;
         CREATE UNIQUE INDEX m_id ON m USING btree (id);",
        Some(Dialect::Postgres),
    )
    .schema;
    let t = &s.tables[0];
    assert!(t.indexes.is_empty(), "{:?}", t.indexes);
    let pk = t.primary_key.as_ref().expect("the index became the primary key");
    assert_eq!((pk.name.as_deref(), pk.columns.len()), (Some("t_pk"), 1));
    assert!(!t.columns[0].nullable);
    assert_eq!((s.views[0].options.as_deref(), s.views[0].columns.len()), (Some("security_barrier = true"), 0));
    let ix = &s.views[1].indexes;
    assert_eq!(ix.len(), 1);
    assert_eq!((ix[0].name.as_deref(), ix[0].unique, ix[0].definition.as_str()), (Some("m_id"), true, "USING btree (id)"));
}

// ---------------------------------------------------------------------------------------------
// Nothing is lost silently (issue 14): each case below once lost a column, a clause or a table
// without a word. The engine-differential test (tests/sql/differential.py) checks the same
// rules for every keyword and type name against PostgreSQL, MariaDB and SQLite.
// ---------------------------------------------------------------------------------------------

fn errors(r: &ImportResult) -> Vec<String> {
    r.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| format!("{}:{} {}", d.span.line, d.span.column, d.message)).collect()
}

#[test]
fn mysql_key_using_btree_and_primary_key_using_hash_are_keys() {
    check(
        "CREATE TABLE t (id int NOT NULL, a int, b int, PRIMARY KEY USING HASH (id), KEY ix_a USING BTREE (a), UNIQUE KEY ux (b) USING BTREE);",
        Dialect::Mysql,
        "
table t
  id int not-null
  a int
  b int
  pk(t.id)
  index (t.a) using btree
  index unique (t.b) using btree",
    );
}

#[test]
fn sql_server_inline_index_is_an_index() {
    check(
        "CREATE TABLE t (a int NOT NULL, b int, INDEX ix_b UNIQUE CLUSTERED (b), INDEX ix_a NONCLUSTERED (a));",
        Dialect::Mssql,
        "
table t
  a int not-null
  b int
  index unique (t.b)
  index (t.a)",
    );
}

#[test]
fn array_default_with_commas_is_one_column() {
    check(
        "CREATE TABLE t (tags text[] DEFAULT ARRAY['a', 'b'], n int);",
        Dialect::Postgres,
        "
table t
  tags text[] default=ARRAY['a', 'b']
  n int",
    );
}

#[test]
fn oracle_global_temporary_table_is_kept() {
    let r = run("CREATE GLOBAL TEMPORARY TABLE tmp (a NUMBER) ON COMMIT PRESERVE ROWS;", Some(Dialect::Oracle));
    let t = &r.schema.tables[0];
    assert_eq!((t.name.as_str(), t.temporary, t.columns.len()), ("tmp", true, 1));
    assert_eq!(t.text.prefix.as_deref(), Some("GLOBAL TEMPORARY"));
    assert_eq!(t.text.options.as_deref(), Some("ON COMMIT PRESERVE ROWS"));
}

#[test]
fn snowflake_if_not_exists_after_the_name_comment_and_cluster_by() {
    let r = run("create table t if not exists (a int, b varchar) comment='x' cluster by (a);", Some(Dialect::Snowflake));
    let t = &r.schema.tables[0];
    assert_eq!(t.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["a", "b"]);
    assert_eq!(t.comment.as_deref(), Some("x"));
    assert_eq!(t.text.options.as_deref(), Some("cluster by (a)"));
}

#[test]
fn unclosed_parenthesis_is_an_error_at_it() {
    let r = run("CREATE TABLE t (a varchar(20, b int);", Some(Dialect::Postgres));
    assert_eq!(errors(&r), ["1:26 this `(` is never closed before the next column"], "{:?}", r.diagnostics);
}

#[test]
fn missing_comma_is_an_error_and_the_next_column_is_read() {
    let r = run("CREATE TABLE t (\n  a int\n  b text NOT NULL,\n  c int\n);", Some(Dialect::Postgres));
    assert_eq!(errors(&r), ["3:3 a comma is missing before `b`? `b …` is read as the next column"]);
    let t = &r.schema.tables[0];
    let cols: Vec<(&str, &str, bool)> = t.columns.iter().map(|c| (c.name.as_str(), c.data_type.raw.as_str(), c.nullable)).collect();
    assert_eq!(cols, [("a", "int", true), ("b", "text", false), ("c", "int", true)]);
    // SQLite takes `int b text` as one type name: no error there, as the engine says.
    let r = run("CREATE TABLE t (a int b text);", Some(Dialect::Sqlite));
    assert!(errors(&r).is_empty());
    assert_eq!(r.schema.tables[0].columns[0].data_type.raw, "int b text");
}

#[test]
fn unknown_column_clause_is_kept_and_said() {
    let r = run("CREATE TABLE t (a int frobnicate 3, b int);", Some(Dialect::Postgres));
    let t = &r.schema.tables[0];
    assert_eq!(t.columns[0].extra, ["frobnicate 3"]);
    let warnings: Vec<&str> = r.diagnostics.iter().filter(|d| d.severity == Severity::Warning).map(|d| d.message.as_str()).collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].contains("`frobnicate`"), "{warnings:?}");
}

#[test]
fn known_column_clauses_are_kept_as_written() {
    let r = run(
        "CREATE TABLE t (a varchar(10) CHARACTER SET utf8mb4 NOT NULL, u timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP) ENGINE=InnoDB DEFAULT CHARSET=latin1 ROW_FORMAT=DYNAMIC COMMENT='c';",
        Some(Dialect::Mysql),
    );
    let t = &r.schema.tables[0];
    assert_eq!(t.columns[0].extra, ["CHARACTER SET utf8mb4"]);
    assert_eq!(t.columns[1].extra, ["ON UPDATE CURRENT_TIMESTAMP"]);
    assert_eq!(t.text.options.as_deref(), Some("ENGINE=InnoDB DEFAULT CHARSET=latin1 ROW_FORMAT=DYNAMIC"));
    assert_eq!(t.comment.as_deref(), Some("c"));
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
}

#[test]
fn index_keys_keep_opclass_prefix_and_nulls_order() {
    let r = run(
        "CREATE TABLE t (a text, b text); CREATE INDEX i ON t (a text_pattern_ops, (lower(b)) varchar_pattern_ops DESC NULLS LAST) WITH (fillfactor = 70);",
        Some(Dialect::Postgres),
    );
    let ix = &r.schema.tables[0].indexes[0];
    let keys: Vec<(String, bool, Option<&str>)> = ix
        .keys
        .iter()
        .map(|k| (format!("{:?}", k.part), k.descending, k.extra.as_deref()))
        .collect();
    assert_eq!(keys[0].2, Some("text_pattern_ops"));
    assert_eq!((keys[1].0.as_str(), keys[1].1, keys[1].2), ("Expression(\"lower(b)\")", true, Some("varchar_pattern_ops NULLS LAST")));
    assert_eq!(ix.options.as_deref(), Some("WITH (fillfactor = 70)"));
    let r = run("CREATE TABLE t (a text, KEY k (a(191)));", Some(Dialect::Mysql));
    assert_eq!(r.schema.tables[0].indexes[0].keys[0].extra.as_deref(), Some("(191)"));
}

#[test]
fn mysql_tables_that_differ_in_case_stay_two_tables() {
    let r = run("CREATE TABLE Foo (a int); CREATE TABLE foo (b int);", Some(Dialect::Mysql));
    assert_eq!(r.schema.tables.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["Foo", "foo"]);
    // PostgreSQL folds unquoted names: `Foo` is `foo`, `"Foo"` another table.
    let r = run("CREATE TABLE Foo (a int); CREATE TABLE \"Foo\" (b int); CREATE TABLE c (x int REFERENCES FOO);", Some(Dialect::Postgres));
    assert_eq!(r.schema.tables.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["foo", "Foo", "c"]);
    // SQLite and SQL Server compare names without case: the second is the first again.
    let r = run("CREATE TABLE Foo (a int); CREATE TABLE foo (b int);", Some(Dialect::Sqlite));
    assert_eq!(r.schema.tables.len(), 1);
}

#[test]
fn pg_dumpall_databases_are_not_merged() {
    let text = "\\connect template1\nCREATE ROLE app;\n\\connect shop\nCREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (a_id int REFERENCES a);\n\\connect crm\nCREATE TABLE a (id int PRIMARY KEY, name text);\nCREATE TABLE b (a_id int REFERENCES a);\n";
    let r = run(text, Some(Dialect::Postgres));
    assert_eq!(r.schema.database.as_deref(), Some("shop"));
    assert_eq!(r.schema.tables.len(), 2);
    assert_eq!(r.schema.tables[1].foreign_keys.len(), 1, "no foreign key repeated per database");
    assert_eq!(r.schema.tables[0].columns.len(), 1);
    let info: Vec<&str> = r.diagnostics.iter().filter(|d| d.severity == Severity::Info).map(|d| d.message.as_str()).collect();
    assert!(info.iter().any(|m| m.contains("database `crm` (2 CREATE statements) is not imported")), "{info:?}");
    let r = import(text, &ImportOptions { dialect: Some(Dialect::Postgres), database: Some("crm".into()), ..Default::default() });
    assert_eq!(r.schema.tables[0].columns.len(), 2);
    assert_eq!(r.schema.database.as_deref(), Some("crm"));
    // MySQL: USE switches databases the same way.
    let r = run("CREATE DATABASE a; USE a; CREATE TABLE t (x int); CREATE DATABASE b; USE b; CREATE TABLE t (y int);", Some(Dialect::Mysql));
    assert_eq!(r.schema.tables.len(), 1);
    assert_eq!(r.schema.tables[0].columns[0].name, "x");
}

#[test]
fn objects_beyond_tables_are_kept_as_written() {
    let r = run(
        "CREATE EXTENSION IF NOT EXISTS citext;
         CREATE TABLE t (id int PRIMARY KEY, n int);
         CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
         CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();
         ALTER TABLE t ENABLE ROW LEVEL SECURITY;
         CREATE POLICY p ON t USING (n > 0);
         ALTER TABLE t OWNER TO app;
         GRANT SELECT ON TABLE t TO app;
         COMMENT ON FUNCTION f() IS 'hi';",
        Some(Dialect::Postgres),
    );
    use erdsmith::schema::ObjectKind::*;
    let t = r.schema.tables[0].id;
    let kept: Vec<_> = r.schema.objects.iter().map(|o| (o.kind, o.name.as_str(), o.table == Some(t))).collect();
    assert_eq!(
        kept,
        [
            (Extension, "citext", false),
            (Function, "f", false),
            (Trigger, "tr", true),
            (Policy, "p", true),
            (Owner, "t", true),
            (Grant, "t", true),
            (Comment, "f", false),
        ]
    );
    // Row-level security is the table's own (the migration switches it), not kept as text.
    assert!(r.schema.tables[0].row_security.enabled);
    let r2 = run("CREATE TABLE t (a int); ALTER TABLE t ALTER COLUMN a SET STATISTICS 500;", Some(Dialect::Postgres));
    assert_eq!(r2.schema.objects.iter().map(|o| (o.kind, o.sql.as_str())).collect::<Vec<_>>(), [(TableSetting, "ALTER TABLE t ALTER COLUMN a SET STATISTICS 500")]);
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
}

#[test]
fn partition_bounds_are_kept() {
    let r = run(
        "CREATE TABLE m (d date NOT NULL, v int) PARTITION BY RANGE (d);
         CREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
         CREATE TABLE m_old (d date NOT NULL, v int);
         ALTER TABLE ONLY m ATTACH PARTITION m_old FOR VALUES FROM (MINVALUE) TO ('2024-01-01');",
        Some(Dialect::Postgres),
    );
    let bounds: Vec<_> = r.schema.tables.iter().map(|t| (t.name.as_str(), t.kind, t.text.bound.as_deref())).collect();
    assert_eq!(
        bounds,
        [
            ("m", TableKind::Partitioned, None),
            ("m_2024", TableKind::Partition, Some("FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')")),
            ("m_old", TableKind::Partition, Some("FOR VALUES FROM (MINVALUE) TO ('2024-01-01')")),
        ]
    );
    assert_eq!(r.schema.tables[0].text.options.as_deref(), Some("PARTITION BY RANGE (d)"));
}

// Found by the syntax-variant and random-table cases of tests/sql/differential.py.

#[test]
fn unique_nulls_not_distinct_is_a_unique_key_kept_with_its_clause() {
    let r = run(
        "CREATE TABLE a (id int, x int UNIQUE NULLS NOT DISTINCT);
         CREATE TABLE b (id int, x int, CONSTRAINT u UNIQUE NULLS DISTINCT (x, id));",
        Some(Dialect::Postgres),
    );
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    let uniques: Vec<_> = r.schema.tables.iter().map(|t| (t.uniques.len(), t.uniques[0].options.clone(), t.columns[1].extra.clone())).collect();
    assert_eq!(
        uniques,
        [(1, Some("NULLS NOT DISTINCT".to_string()), vec![]), (1, Some("NULLS DISTINCT".to_string()), vec![])]
    );
    let sql = erdsmith::export::sql::render(&r.schema, Dialect::Postgres).text;
    assert!(sql.contains("UNIQUE NULLS NOT DISTINCT (x)"), "{sql}");
    assert!(sql.contains("CONSTRAINT u UNIQUE NULLS DISTINCT (x, id)"), "{sql}");
}

#[test]
fn exclusion_constraint_is_kept_as_written() {
    let r = run("CREATE TABLE r (a int, b tsrange, CONSTRAINT r_x EXCLUDE USING gist (b WITH &&) WHERE (a > 0));", Some(Dialect::Postgres));
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    let t = &r.schema.tables[0];
    assert_eq!(t.columns.len(), 2);
    let kept: Vec<_> = r.schema.objects.iter().map(|o| (o.table == Some(t.id), o.sql.as_str())).collect();
    assert_eq!(kept, [(true, "ALTER TABLE r ADD CONSTRAINT r_x EXCLUDE USING gist (b WITH &&) WHERE (a > 0)")]);
}

#[test]
fn array_type_with_a_size_is_one_type() {
    check("CREATE TABLE t (a int ARRAY[3], b text[2][2] NOT NULL);", Dialect::Postgres, "
table t
  a int ARRAY[3]
  b text[2][2] not-null");
}

#[test]
fn a_unique_that_repeats_the_key_is_not_created_and_says_so() {
    // PostgreSQL gives the repeated constraint's name to the key it repeats (checked on the engine).
    let r = run(
        "CREATE TABLE t (c0 int NOT NULL, c1 int, PRIMARY KEY (c0), CONSTRAINT u UNIQUE (c0), UNIQUE (c1), UNIQUE (c1));",
        Some(Dialect::Postgres),
    );
    let t = &r.schema.tables[0];
    assert_eq!(t.primary_key.as_ref().and_then(|p| p.name.as_deref()), Some("u"));
    assert_eq!(t.uniques.len(), 1);
    let warnings = r.diagnostics.iter().filter(|d| d.severity == Severity::Warning && d.message.contains("repeats")).count();
    assert_eq!(warnings, 2, "{:?}", r.diagnostics);
    // MySQL creates both indexes: nothing is dropped there.
    let r = run("CREATE TABLE t (c0 int NOT NULL, PRIMARY KEY (c0), UNIQUE (c0));", Some(Dialect::Mysql));
    assert_eq!(r.schema.tables[0].uniques.len(), 1);
    // A SQLite rowid alias has no index: the UNIQUE makes one.
    let r = run("CREATE TABLE t (c0 INTEGER PRIMARY KEY, UNIQUE (c0));", Some(Dialect::Sqlite));
    assert_eq!(r.schema.tables[0].uniques.len(), 1);
}

#[test]
fn mysql_alter_places_and_renames_columns() {
    let r = run(
        "CREATE TABLE t (a int, b varchar(20), c int);
         ALTER TABLE t ADD COLUMN z int NOT NULL AFTER a, ADD COLUMN y int FIRST;
         ALTER TABLE t CHANGE b bb varchar(30) NOT NULL;
         ALTER TABLE t MODIFY c bigint AFTER y;",
        Some(Dialect::Mysql),
    );
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    let cols: Vec<_> = r.schema.tables[0].columns.iter().map(|c| (c.name.as_str(), c.data_type.raw.as_str(), c.nullable)).collect();
    assert_eq!(cols, [("y", "int", true), ("c", "bigint", true), ("a", "int", true), ("z", "int", false), ("bb", "varchar(30)", false)]);
}

#[test]
fn sqlite_column_named_key_is_a_column() {
    check("CREATE TABLE t (key INTEGER UNIQUE, c1 NUMERIC);", Dialect::Sqlite, "
table t
  key INTEGER
  c1 NUMERIC
  unique(t.key)");
}

#[test]
fn pg_dump_view_stub_and_drop_view_leave_one_view_with_the_last_query() {
    let r = run(
        "CREATE OR REPLACE VIEW v AS SELECT NULL::int AS a;
         DROP VIEW IF EXISTS v;
         DROP VIEW IF EXISTS gone;
         CREATE TABLE t (a int PRIMARY KEY);
         CREATE VIEW v AS SELECT NULL::int AS a;
         CREATE VIEW w AS SELECT 1 AS one;
         CREATE OR REPLACE VIEW v AS SELECT t.a FROM t GROUP BY t.a;",
        Some(Dialect::Postgres),
    );
    let views: Vec<_> = r.schema.views.iter().map(|v| (v.name.as_str(), v.definition.trim())).collect();
    assert_eq!(views, [("v", "SELECT t.a FROM t GROUP BY t.a"), ("w", "SELECT 1 AS one")]);
}

#[test]
fn a_sequence_default_set_by_alter_table_is_taken_once() {
    let r = run(
        "CREATE TABLE t (id bigint NOT NULL);
         CREATE SEQUENCE t_id_seq;
         ALTER TABLE ONLY t ALTER COLUMN id SET DEFAULT nextval('t_id_seq'::regclass);",
        Some(Dialect::Postgres),
    );
    assert!(r.schema.objects.is_empty(), "kept besides the model: {:?}", r.schema.objects);
    let c = &r.schema.tables[0].columns[0];
    assert_eq!(c.default.as_deref(), Some("nextval('t_id_seq'::regclass)"));
    // The same-dialect export keeps the sequence default, not an identity.
    let sql = erdsmith::export::sql::render(&r.schema, Dialect::Postgres).text;
    assert!(sql.contains("id bigint DEFAULT nextval('t_id_seq'::regclass) NOT NULL") || sql.contains("id bigint NOT NULL DEFAULT nextval('t_id_seq'::regclass)"), "{sql}");
    assert!(!sql.contains("IDENTITY"), "{sql}");
}

#[test]
fn an_index_on_only_the_parent_stays_on_only_the_parent() {
    let r = run(
        "CREATE TABLE m (d date NOT NULL, v int) PARTITION BY RANGE (d);
         CREATE INDEX m_v ON ONLY m USING btree (v) WITH (fillfactor = 80);",
        Some(Dialect::Postgres),
    );
    assert_eq!(r.schema.tables[0].indexes[0].options.as_deref(), Some("ONLY WITH (fillfactor = 80)"));
    let sql = erdsmith::export::sql::render(&r.schema, Dialect::Postgres).text;
    assert!(sql.contains("CREATE INDEX m_v ON ONLY m (v) WITH (fillfactor = 80);"), "{sql}");
    let other = erdsmith::export::sql::render(&r.schema, Dialect::Mysql).text;
    assert!(!other.contains("ONLY"), "{other}");
}

#[test]
fn row_level_security_is_on_the_table_and_in_the_json() {
    let r = run(
        "CREATE TABLE post (id int);
         ALTER TABLE post ENABLE ROW LEVEL SECURITY;
         ALTER TABLE post REPLICA IDENTITY FULL;",
        Some(Dialect::Postgres),
    );
    let json = erdsmith::export::json::render(&r.schema);
    assert!(json.contains("\"row_security\": \"enabled\""), "{json}");
    assert!(json.contains("\"replica_identity\": \"FULL\""), "{json}");
}
