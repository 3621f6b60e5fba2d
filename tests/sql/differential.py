#!/usr/bin/env python3
"""Engine-differential tests of the importer: the real engine decides what is valid DDL and what
it means; erdsmith's import of the same text must agree with the engine's catalog.

For PostgreSQL, MariaDB and SQLite (servers started by tests/sql/servers.sh):
  1. keywords: every word of sqlparser's keyword list and of the engine's own list
     (pg_get_keywords(), information_schema.KEYWORDS, sqlite3_keyword_name()) is tried unquoted
     as a first column name, a later column name, a table name and a type name (bare, with one
     and with two parameters);
  2. syntax variants: each index/constraint/option form of the engine's CREATE TABLE grammar;
  3. random tables: a seeded generator combines names (keywords among them), types, column
     constraints, table constraints and options.
Every statement the engine accepts must import with the engine's columns (names, order,
NOT NULL), primary key, unique keys, indexes, foreign keys and number of CHECKs; a keyword
used as a type must keep its spelling. Statements the engine rejects are not compared.

Usage: differential.py --cli PATH --pg-sock DIR --my-sock PATH [--seed N] [--random N]
Exit status 1 when any accepted statement imports differently; each difference is printed.
"""

import argparse
import ctypes
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import time

# ----------------------------------------------------------------------------------------------
# Keyword lists
# ----------------------------------------------------------------------------------------------


def sqlparser_keywords():
    meta = json.loads(subprocess.check_output(
        ["cargo", "metadata", "--format-version", "1", "--locked"], cwd=os.path.dirname(__file__) + "/../..",
        stderr=subprocess.DEVNULL))
    manifest = next(p["manifest_path"] for p in meta["packages"] if p["name"] == "sqlparser")
    src = open(os.path.join(os.path.dirname(manifest), "src", "keywords.rs")).read()
    body = src[src.index("define_keywords!(") :]
    body = body[: body.index(");")]
    words = set()
    for m in re.finditer(r"^\s*([A-Z][A-Z0-9_]*)\s*(?:=\s*\"([^\"]*)\")?,?\s*$", body, re.M):
        word = m.group(2) or m.group(1)
        if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", word):
            words.add(word.lower())
    return words


def sqlite_keywords():
    lib = ctypes.CDLL("libsqlite3.so.0")
    lib.sqlite3_keyword_name.argtypes = [ctypes.c_int, ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(ctypes.c_int)]
    out = set()
    for i in range(lib.sqlite3_keyword_count()):
        p, n = ctypes.c_char_p(), ctypes.c_int()
        lib.sqlite3_keyword_name(i, ctypes.byref(p), ctypes.byref(n))
        out.add(ctypes.string_at(p, n.value).decode().lower())
    return out


# ----------------------------------------------------------------------------------------------
# Engines: run a script (errors do not stop it), read back a normalized catalog
# ----------------------------------------------------------------------------------------------

def norm_table(cols, notnull, pk, uniques, indexes, fks, checks):
    return {
        "columns": cols,
        "not_null": sorted(c for c in cols if notnull.get(c) and c not in pk),
        "primary_key": pk,
        "uniques": sorted(uniques),
        "indexes": sorted(indexes),
        "foreign_keys": sorted(fks),
        "checks": checks,
    }


class Postgres:
    name = "postgres"

    def __init__(self, sock):
        self.base = ["psql", "-X", "-q", "-h", sock, "-p", "5432", "-U", "postgres"]
        self.n = 0

    def query(self, db, sql):
        out = subprocess.run(self.base + ["-d", db, "-At", "-F", "\t", "-c", sql], capture_output=True, text=True)
        if out.returncode != 0:
            raise RuntimeError(out.stderr)
        return [line.split("\t") for line in out.stdout.splitlines() if line]

    def keywords(self):
        return {r[0] for r in self.query("postgres", "SELECT word FROM pg_get_keywords()")}

    def fresh(self):
        self.n += 1
        db = f"diff{self.n}"
        self.query("postgres", f"CREATE DATABASE {db}")
        return db

    def run(self, db, path):
        subprocess.run(self.base + ["-d", db, "-v", "ON_ERROR_STOP=0", "-f", path], capture_output=True, text=True)

    def catalog(self, db):
        cols = {}
        for rel, _, att, notnull in self.query(db, """
            SELECT c.relname, a.attnum, a.attname, a.attnotnull FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
            WHERE c.relkind IN ('r', 'p') AND c.relnamespace = 'public'::regnamespace AND a.attnum > 0
              AND NOT a.attisdropped ORDER BY c.relname, a.attnum"""):
            cols.setdefault(rel, []).append((att, notnull == "t"))
        cons = {}
        for rel, kind, keys, ref, refkeys in self.query(db, """
            SELECT c.relname, k.contype,
                   (SELECT string_agg(a.attname, ',' ORDER BY u.o) FROM unnest(k.conkey) WITH ORDINALITY u(n, o)
                      JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n),
                   coalesce((SELECT relname FROM pg_class WHERE oid = k.confrelid), ''),
                   coalesce((SELECT string_agg(a.attname, ',' ORDER BY u.o) FROM unnest(k.confkey) WITH ORDINALITY u(n, o)
                      JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n), '')
            FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
            WHERE c.relnamespace = 'public'::regnamespace"""):
            cons.setdefault(rel, []).append((kind, tuple((keys or "").split(",")), ref, tuple(refkeys.split(",")) if refkeys else ()))
        idx = {}
        for rel, unique, keys in self.query(db, """
            SELECT c.relname, i.indisunique,
                   (SELECT string_agg(coalesce(a.attname, '<expr>'), ',' ORDER BY u.o)
                      FROM unnest(i.indkey::int2[]) WITH ORDINALITY u(n, o)
                      LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = u.n AND u.n > 0
                     WHERE u.o <= i.indnkeyatts)
            FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
            WHERE c.relnamespace = 'public'::regnamespace
              AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid)"""):
            idx.setdefault(rel, []).append((unique == "t", tuple(keys.split(","))))
        out = {}
        for rel, cs in cols.items():
            names = [c for c, _ in cs]
            k = cons.get(rel, [])
            pk = next((list(keys) for kind, keys, _, _ in k if kind == "p"), [])
            uniques = [keys for kind, keys, _, _ in k if kind == "u"] + [keys for u, keys in idx.get(rel, []) if u]
            indexes = [keys for u, keys in idx.get(rel, []) if not u]
            fks = [(keys, ref, refkeys) for kind, keys, ref, refkeys in k if kind == "f"]
            checks = sum(1 for kind, *_ in k if kind == "c")
            out[rel] = norm_table(names, dict(cs), pk, uniques, indexes, fks, checks)
            out[rel]["exclusions"] = sum(1 for kind, *_ in k if kind == "x")
        return out


class Mariadb:
    name = "mysql"

    def __init__(self, sock):
        self.base = ["mariadb", "--no-defaults", "-S", sock, "-u", "root"]
        self.n = 0

    def query(self, db, sql):
        out = subprocess.run(self.base + ["-N", "-B", "-e", sql] + ([db] if db else []), capture_output=True, text=True)
        if out.returncode != 0:
            raise RuntimeError(out.stderr)
        return [line.split("\t") for line in out.stdout.splitlines() if line]

    def keywords(self):
        return {r[0].lower() for r in self.query(None, "SELECT WORD FROM information_schema.KEYWORDS")}

    def fresh(self):
        self.n += 1
        db = f"diff{self.n}"
        self.query(None, f"CREATE DATABASE {db}")
        return db

    def run(self, db, path):
        # Aria creates a table far faster than InnoDB; cases with foreign keys say ENGINE=InnoDB.
        with open(path) as f:
            script = "SET default_storage_engine = Aria;\n" + f.read()
        subprocess.run(self.base + ["--force", db], input=script, capture_output=True, text=True)

    def catalog(self, db):
        cols = {}
        for rel, _, col, nullable in self.query(db, """
            SELECT LOWER(TABLE_NAME), ORDINAL_POSITION, LOWER(COLUMN_NAME), IS_NULLABLE FROM information_schema.COLUMNS
            WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION"""):
            cols.setdefault(rel, []).append((col, nullable == "NO"))
        stats = {}
        for rel, index, non_unique, _, col in self.query(db, """
            SELECT LOWER(TABLE_NAME), INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, LOWER(COALESCE(COLUMN_NAME, '<expr>'))
            FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()
            ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX"""):
            entry = stats.setdefault(rel, {}).setdefault(index, [non_unique == "0", []])
            entry[1].append(col)
        fks = {}
        for rel, name, col, ref, refcol in self.query(db, """
            SELECT LOWER(TABLE_NAME), CONSTRAINT_NAME, LOWER(COLUMN_NAME), LOWER(REFERENCED_TABLE_NAME), LOWER(REFERENCED_COLUMN_NAME)
            FROM information_schema.KEY_COLUMN_USAGE
            WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL
            ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION"""):
            entry = fks.setdefault(rel, {}).setdefault(name, [[], ref, []])
            entry[0].append(col)
            entry[2].append(refcol)
        checks = {}
        for rel, clause in self.query(db, """
            SELECT LOWER(TABLE_NAME), CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE()"""):
            # MariaDB adds `json_valid(col)` to every JSON column itself.
            if not re.fullmatch(r"json_valid\(`[^`]*`\)", clause):
                checks[rel] = checks.get(rel, 0) + 1
        out = {}
        for rel, cs in cols.items():
            names = [c for c, _ in cs]
            ix = stats.get(rel, {})
            pk = ix.pop("PRIMARY", [True, []])[1]
            f = [(tuple(c), r, tuple(rc)) for name, (c, r, rc) in fks.get(rel, {}).items()]
            # InnoDB adds an index named after a foreign key when none covers its columns.
            auto = {name for name, (c, _, _) in fks.get(rel, {}).items()}
            uniques = [tuple(c) for u, c in ix.values() if u]
            indexes = [tuple(c) for name, (u, c) in ix.items() if not u and name not in auto]
            out[rel] = norm_table(names, dict(cs), pk, uniques, indexes, f, checks.get(rel, 0))
            # InnoDB makes an index for a foreign key that no index starts with, named after the
            # constraint or the column: one the source may or may not have written.
            others = [tuple(pk)] + uniques
            out[rel]["implicit_indexes"] = [
                c for c, _, _ in f if c in indexes and indexes.count(c) == 1
                and not any(o[: len(c)] == c for o in others) and not any(i != c and i[: len(c)] == c for i in indexes)
            ]
        return out


class Sqlite:
    name = "sqlite"

    def __init__(self, tmp):
        self.tmp = tmp
        self.n = 0

    def keywords(self):
        return sqlite_keywords()

    def fresh(self):
        self.n += 1
        return os.path.join(self.tmp, f"diff{self.n}.sqlite")

    def run(self, db, path):
        con = sqlite3.connect(db)
        # One CREATE TABLE per statement: without these, each would wait for its own fsync.
        con.execute("PRAGMA journal_mode = OFF")
        con.execute("PRAGMA synchronous = OFF")
        for stmt in split_script(open(path).read()):
            try:
                con.executescript(stmt)
            except sqlite3.Error:
                pass
        con.commit()
        con.close()

    def catalog(self, db):
        con = sqlite3.connect(db)
        out = {}
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        pks = {}
        for t in tables:
            info = con.execute(f'PRAGMA table_info("{t}")').fetchall()
            pks[t.lower()] = [r[1].lower() for r in sorted((r for r in info if r[5]), key=lambda r: r[5])]
        for t in tables:
            info = con.execute(f'PRAGMA table_xinfo("{t}")').fetchall()
            names = [r[1].lower() for r in info]
            notnull = {r[1].lower(): bool(r[3]) for r in info}
            types = {r[1].lower(): r[2] for r in info}
            uniques, indexes = [], []
            for _, name, unique, origin, _ in con.execute(f'PRAGMA index_list("{t}")').fetchall():
                if origin == "pk":
                    continue
                keys = tuple((r[2] or "<expr>").lower() for r in con.execute(f'PRAGMA index_xinfo("{name}")') if r[5])
                (uniques if unique else indexes).append(keys)
            fks = {}
            for fid, _, ref, col, refcol, *_ in con.execute(f'PRAGMA foreign_key_list("{t}")').fetchall():
                e = fks.setdefault(fid, [[], ref.lower(), []])
                e[0].append(col.lower())
                e[2].append(refcol.lower() if refcol else None)
            f = []
            for cols, ref, refcols in fks.values():
                if None in refcols:
                    refcols = pks.get(ref, [])
                f.append((tuple(cols), ref, tuple(refcols)))
            sql = con.execute("SELECT sql FROM sqlite_schema WHERE name = ?", (t,)).fetchone()[0] or ""
            checks = len(re.findall(r"\bcheck\s*\(", strip_strings(sql), re.I))
            out[t.lower()] = norm_table(names, notnull, pks[t.lower()], uniques, indexes, f, checks)
            out[t.lower()]["declared_types"] = types
        con.close()
        return out


def strip_strings(sql):
    return re.sub(r"'(?:[^']|'')*'", "''", sql)


# Between two cases of a generated script: a comment line, harmless to every engine.
CASE_SEPARATOR = "\n-- case\n"


def split_script(text):
    """The cases of a generated script, each one or more statements."""
    return [case for case in text.split(CASE_SEPARATOR) if case.strip()]


# ----------------------------------------------------------------------------------------------
# erdsmith's view of the same script
# ----------------------------------------------------------------------------------------------

def imported(cli, path, dialect):
    out = subprocess.run([cli, "import", path, "--dialect", dialect], capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"erdsmith import failed: {out.stderr[:500]}")
    schema = json.loads(out.stdout)
    # PostgreSQL names are case-sensitive once folded (the model folds them as the engine does);
    # MariaDB's column names and SQLite's names are not.
    low = (lambda n: n) if dialect == "postgres" else str.lower
    tables = {}
    exclusions = {}
    for o in schema.get("objects", []):
        if o.get("table") and re.search(r"\bEXCLUDE\b", o["sql"], re.I):
            exclusions[low(o["table"])] = exclusions.get(low(o["table"]), 0) + 1
    for t in schema["tables"]:
        names = [low(c["name"]) for c in t["columns"]]
        notnull = {low(c["name"]): not c["nullable"] for c in t["columns"]}
        pk = [low(c) for c in t["primary_key"] or []]
        key = lambda cols: tuple("<expr>" if not re.fullmatch(r"[\w$#@ ]+", c) else low(c) for c in cols)
        uniques = [key(u["columns"]) for u in t["uniques"]] + [key(i["columns"]) for i in t["indexes"] if i["unique"]]
        indexes = [key(i["columns"]) for i in t["indexes"] if not i["unique"]]
        fks = [(key(f["columns"]), f["ref_table"].lower(), key(f["ref_columns"])) for f in t["foreign_keys"]]
        entry = norm_table(names, notnull, pk, uniques, indexes, fks, len(t["checks"]))
        # A type as written includes MySQL's `CHARACTER SET x COLLATE y`, which the model keeps
        # beside it.
        entry["types"] = {low(c["name"]): " ".join([c["type"]] + [x for x in c.get("extra", []) if re.match(r"(?i)(character set|charset)\b", x)]
                                                   + ([f"collate {c['collation']}"] if c.get("collation") and dialect == "mysql" else []))
                          for c in t["columns"]}
        entry["exclusions"] = exclusions.get(low(t["name"]), 0)
        tables[low(t["name"])] = entry
    return tables, out.stderr


# ----------------------------------------------------------------------------------------------
# Cases
# ----------------------------------------------------------------------------------------------

class Case:
    def __init__(self, table, sql, kind, written_type=None):
        self.table, self.sql, self.kind, self.written_type = table, sql, kind, written_type


def keyword_cases(words):
    cases = []
    for i, w in enumerate(sorted(words)):
        cases += [
            Case(f"kw{i}a", f"CREATE TABLE kw{i}a ({w} int, x int);", f"column name `{w}` (first)"),
            Case(f"kw{i}b", f"CREATE TABLE kw{i}b (x int, {w} varchar(10) NOT NULL DEFAULT 'a');", f"column name `{w}` (later)"),
            Case(w, f"CREATE TABLE {w} (x int);", f"table name `{w}`"),
            Case(f"kt{i}", f"CREATE TABLE kt{i} (a {w}, b int);", f"type `{w}`", w),
            Case(f"kp{i}", f"CREATE TABLE kp{i} (a {w}(10), b int);", f"type `{w}(10)`", f"{w}(10)"),
            Case(f"kq{i}", f"CREATE TABLE kq{i} (a {w}(10,2), b int);", f"type `{w}(10,2)`", f"{w}(10,2)"),
        ]
    return cases


# Built-in type names. PostgreSQL lists its own (pg_type, and the SQL-standard spellings
# format_type() gives); MariaDB has no catalog of types, so its manual's list is written here;
# SQLite takes any words as a type, which the keyword cases already try.
PG_STANDARD_TYPES = [
    "double precision", "character varying", "character varying(20)", "character(3)", "bit varying(5)",
    "timestamp without time zone", "timestamp with time zone", "timestamp(3) with time zone",
    "time without time zone", "time(2) with time zone", "interval year to month", "interval day to second(3)",
    "numeric(10,2)", "decimal(5)", "float(20)", "national character(4)", "int[]", "text[][]", "int array[3]",
    "varchar(10)[]", "timestamptz(0)", "bit(8)", "\"char\"",
]
MARIADB_TYPES = [
    "tinyint", "smallint", "mediumint", "int", "integer", "bigint", "int1", "int2", "int3", "int4", "int8",
    "middleint", "decimal", "dec", "numeric", "fixed", "float", "float4", "float8", "double", "double precision",
    "real", "bit", "boolean", "bool", "date", "time", "datetime", "timestamp", "year", "char", "varchar",
    "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob", "tinytext", "text", "mediumtext",
    "longtext", "long", "long varchar", "long varbinary", "json", "geometry", "point", "linestring", "polygon",
    "multipoint", "multilinestring", "multipolygon", "geometrycollection", "inet4", "inet6", "uuid",
    "national char", "nchar", "nvarchar", "national varchar", "character", "character varying", "char byte",
    "enum('a','b')", "set('x','y')", "int unsigned", "bigint unsigned zerofill", "decimal(10,2) unsigned",
    "double(8,3)", "float(7,4) unsigned", "varchar(20) character set latin1 collate latin1_bin",
    "char(3) binary", "text charset utf8mb4", "datetime(6)", "timestamp(3)", "time(1)", "bit(7)",
]
SQLITE_TYPES = [
    "unsigned big int", "varying character(255)", "native character(70)", "double precision",
    "decimal(10,5)", "nvarchar(100)", "int8", "blob", "", "any", "numeric",
]


def postgres_types(engine):
    rows = engine.query("postgres", """SELECT t.typname, format_type(t.oid, NULL) FROM pg_type t
        WHERE t.typnamespace = 'pg_catalog'::regnamespace AND t.typtype IN ('b', 'r', 'm', 'e', 'd')
          AND t.typname NOT LIKE '\\_%' AND t.typisdefined AND NOT t.typname LIKE 'pg\\_%'""")
    names = set()
    for typname, formatted in rows:
        names.add(typname)
        names.add(formatted.strip('"') if formatted.startswith('"') and " " not in formatted else formatted)
    return sorted(names) + PG_STANDARD_TYPES


def type_cases(engine, types):
    cases = []
    for i, t in enumerate(types):
        written = re.sub(r"\s+", " ", t.strip().lower())
        cases.append(Case(f"ty{i}", f"CREATE TABLE ty{i} (a {t}, b int NOT NULL);", f"type `{t}`", written or None))
        if not re.search(r"[(\[]", t) and engine != "sqlite":
            cases.append(Case(f"tz{i}", f"CREATE TABLE tz{i} (b int, a {t} NOT NULL, c int);", f"type `{t}` before NOT NULL", written))
    return cases


# Index, constraint and option forms of each engine's CREATE TABLE (and CREATE INDEX / ALTER TABLE)
# grammar. `{t}` is the case's table; p0 (created first) is a table to reference.
REFERENCED = {
    "postgres": "CREATE TABLE p0 (id int PRIMARY KEY, code text UNIQUE, a int, b int, UNIQUE (a, b));",
    "mysql": "CREATE TABLE p0 (id int PRIMARY KEY, code varchar(20) UNIQUE, a int, b int, UNIQUE (a, b)) ENGINE=InnoDB;",
    "sqlite": "CREATE TABLE p0 (id INTEGER PRIMARY KEY, code TEXT UNIQUE, a INT, b INT, UNIQUE (a, b));",
}
VARIANTS = {
    "postgres": [
        "CREATE TABLE {t} (id int CONSTRAINT {t}_pk PRIMARY KEY, a int);",
        "CREATE TABLE {t} (id int, a int, PRIMARY KEY (id));",
        "CREATE TABLE {t} (id int, a int, CONSTRAINT {t}_k PRIMARY KEY (id, a));",
        "CREATE TABLE {t} (id int PRIMARY KEY USING INDEX TABLESPACE pg_default, a int);",
        "CREATE TABLE {t} (id int, a int, PRIMARY KEY (id) INCLUDE (a));",
        "CREATE TABLE {t} (id int, a int, PRIMARY KEY (id) WITH (fillfactor = 80));",
        "CREATE TABLE {t} (id int, a int UNIQUE NULLS NOT DISTINCT);",
        "CREATE TABLE {t} (id int, a int, UNIQUE NULLS DISTINCT (a, id));",
        "CREATE TABLE {t} (id int, a int, UNIQUE (a) WITH (fillfactor = 70) USING INDEX TABLESPACE pg_default);",
        "CREATE TABLE {t} (id int, a int, CONSTRAINT {t}_u UNIQUE (a) DEFERRABLE INITIALLY DEFERRED);",
        "CREATE TABLE {t} (id int REFERENCES p0, a int);",
        "CREATE TABLE {t} (id int REFERENCES p0 (id) ON DELETE CASCADE ON UPDATE SET NULL, a int);",
        "CREATE TABLE {t} (id int, a int, b int, FOREIGN KEY (a, b) REFERENCES p0 (a, b) MATCH FULL);",
        "CREATE TABLE {t} (id int, a int, b int, CONSTRAINT {t}_f FOREIGN KEY (a, b) REFERENCES p0 (a, b) ON DELETE SET NULL (a));",
        "CREATE TABLE {t} (id int, a int REFERENCES p0 (id) DEFERRABLE INITIALLY IMMEDIATE NOT NULL);",
        "CREATE TABLE {t} (id int, code text REFERENCES p0 (code) MATCH SIMPLE ON UPDATE CASCADE);",
        "CREATE TABLE {t} (id int, a int, CHECK (a > 0), CHECK (id <> a));",
        "CREATE TABLE {t} (id int, a int CHECK (a > 0) NO INHERIT);",
        "CREATE TABLE {t} (id int, a int CONSTRAINT {t}_c CHECK (a IN (1, 2, 3)) NOT NULL);",
        "CREATE TABLE {t} (a int NOT NULL, b int NULL, c int CONSTRAINT {t}_nn NOT NULL);",
        "CREATE TABLE {t} (a int DEFAULT 1 NOT NULL, b text COLLATE \"C\" NOT NULL, c text DEFAULT 'a, b');",
        "CREATE TABLE {t} (a int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, b int);",
        "CREATE TABLE {t} (a int GENERATED BY DEFAULT AS IDENTITY (START WITH 10 INCREMENT BY 5) NOT NULL, b int);",
        "CREATE TABLE {t} (a int, b int GENERATED ALWAYS AS (a * 2) STORED, c int);",
        "CREATE TABLE {t} (a int, b tsrange, EXCLUDE USING gist (b WITH &&));",
        "CREATE TABLE {t} (a int, b tsrange, CONSTRAINT {t}_x EXCLUDE USING gist (b WITH &&) WHERE (a > 0));",
        "CREATE TABLE {t} (a int, b int) WITH (fillfactor = 70);",
        "CREATE TABLE {t} (a int, b int) TABLESPACE pg_default;",
        "CREATE TABLE {t} (a int, b int) PARTITION BY RANGE (a);",
        "CREATE TABLE {t} (a int, b int, PRIMARY KEY (a, b)) PARTITION BY LIST (a);",
        "CREATE UNLOGGED TABLE {t} (a int, b int);",
        "CREATE TABLE IF NOT EXISTS {t} (a int, b int);",
        "CREATE TABLE {t} (id serial PRIMARY KEY, b bigserial, c smallserial);",
        "CREATE TABLE {t} (a int[], b text[][] NOT NULL, c int ARRAY[3], d varchar(5) ARRAY);",
        "CREATE TABLE {t} (a int, b int, PRIMARY KEY (a, b), UNIQUE (b, a));",
        "CREATE TABLE {t} (a int /* one */, /* two */ b int -- three\n, c int);",
        "CREATE TABLE \"{t}\" (\"Col A\" int, \"select\" int, \"a,b\" int);",
        "CREATE TABLE public.{t} (a int, b int);",
        "CREATE TABLE {t} (a int, b text, c int); CREATE INDEX ON {t} (a);",
        "CREATE TABLE {t} (a int, b text, c int); CREATE UNIQUE INDEX {t}_i ON {t} (lower(b));",
        "CREATE TABLE {t} (a int, b text, c int); CREATE INDEX {t}_i ON {t} USING hash (b);",
        "CREATE TABLE {t} (a int, b text, c int); CREATE INDEX ON {t} (a) INCLUDE (c) WHERE a > 0;",
        "CREATE TABLE {t} (a int, b text, c int); CREATE INDEX ON {t} (a DESC NULLS LAST, b COLLATE \"C\" text_pattern_ops);",
        "CREATE TABLE {t} (a int, b text, c int); CREATE INDEX IF NOT EXISTS {t}_i ON ONLY {t} (c, a);",
        "CREATE TABLE {t} (a int, b text, c int); CREATE UNIQUE INDEX {t}_i ON {t} (a, (b || 'x')) NULLS NOT DISTINCT;",
        "CREATE TABLE {t} (a int, b text, c int); ALTER TABLE {t} ADD CONSTRAINT {t}_pk PRIMARY KEY (a);",
        "CREATE TABLE {t} (a int, b text, c int); ALTER TABLE ONLY {t} ADD CONSTRAINT {t}_f FOREIGN KEY (c) REFERENCES p0 (id);",
        "CREATE TABLE {t} (a int, b text, c int); ALTER TABLE {t} ADD COLUMN d int NOT NULL DEFAULT 0;",
        "CREATE TABLE {t} (a int, b text, c int); ALTER TABLE {t} ADD UNIQUE (a), ADD CHECK (c > 0);",
        "CREATE TABLE {t} (a int, b text, c int); ALTER TABLE {t} ALTER COLUMN a SET NOT NULL;",
        "CREATE TABLE {t} (a int, b text, c int); ALTER TABLE {t} DROP COLUMN b;",
        "CREATE TABLE {t} (a int, b text, c int); ALTER TABLE {t} RENAME COLUMN b TO bb;",
        "CREATE TABLE {t} (a int, b text, c int); ALTER TABLE IF EXISTS {t} ADD COLUMN IF NOT EXISTS e text;",
    ],
    "mysql": [
        "CREATE TABLE {t} (id int PRIMARY KEY, a int) ENGINE=InnoDB;",
        "CREATE TABLE {t} (id int, a int, PRIMARY KEY (id) USING BTREE);",
        "CREATE TABLE {t} (id int, a int, PRIMARY KEY USING HASH (id));",
        "CREATE TABLE {t} (id int, a int, CONSTRAINT pk PRIMARY KEY (id, a));",
        "CREATE TABLE {t} (id int, a varchar(20), KEY (a));",
        "CREATE TABLE {t} (id int, a varchar(20), KEY ka USING BTREE (a));",
        "CREATE TABLE {t} (id int, a varchar(20), INDEX ia (a) USING HASH);",
        "CREATE TABLE {t} (id int, a varchar(20), UNIQUE KEY ua (a));",
        "CREATE TABLE {t} (id int, a varchar(20), UNIQUE INDEX (a, id));",
        "CREATE TABLE {t} (id int, a varchar(20), UNIQUE (a));",
        "CREATE TABLE {t} (id int, a varchar(20), CONSTRAINT uc UNIQUE KEY (a));",
        "CREATE TABLE {t} (id int, a varchar(20), FULLTEXT KEY ft (a)) ENGINE=InnoDB;",
        "CREATE TABLE {t} (id int, a text, FULLTEXT INDEX (a)) ENGINE=InnoDB;",
        "CREATE TABLE {t} (id int, g geometry NOT NULL, SPATIAL INDEX (g)) ENGINE=InnoDB;",
        "CREATE TABLE {t} (id int, a varchar(200), KEY (a(10)));",
        "CREATE TABLE {t} (id int, a varchar(20), KEY (a DESC, id ASC));",
        "CREATE TABLE {t} (id int, a varchar(20), KEY k (a) COMMENT 'x');",
        "CREATE TABLE {t} (id int, a varchar(20), KEY k (a) IGNORED);",
        "CREATE TABLE {t} (id int AUTO_INCREMENT PRIMARY KEY, a int UNSIGNED ZEROFILL NOT NULL);",
        "CREATE TABLE {t} (id int, p int, FOREIGN KEY (p) REFERENCES p0 (id)) ENGINE=InnoDB;",
        "CREATE TABLE {t} (id int, p int, CONSTRAINT fk_{t} FOREIGN KEY fkidx (p) REFERENCES p0 (id) ON DELETE CASCADE ON UPDATE NO ACTION) ENGINE=InnoDB;",
        "CREATE TABLE {t} (id int, p int REFERENCES p0 (id)) ENGINE=InnoDB;",
        "CREATE TABLE {t} (id int, a int, b int, KEY (a, b), FOREIGN KEY (a, b) REFERENCES p0 (a, b) ON DELETE SET NULL) ENGINE=InnoDB;",
        "CREATE TABLE {t} (id int, a int, CHECK (a > 0), CONSTRAINT ck_{t} CHECK (id <> a));",
        "CREATE TABLE {t} (id int, a int CHECK (a > 0));",
        "CREATE TABLE {t} (a int NOT NULL DEFAULT 0 COMMENT 'x', b varchar(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL);",
        "CREATE TABLE {t} (c enum('a','b') NOT NULL DEFAULT 'a', d set('x','y'), e timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP);",
        "CREATE TABLE {t} (a int, f int AS (a * 2) VIRTUAL, g int GENERATED ALWAYS AS (a + 1) STORED, h json);",
        "CREATE TABLE {t} (a int, b double(10,2) unsigned, c bit(1) DEFAULT b'0', d varchar(5) DEFAULT 'a,b');",
        "CREATE TABLE {t} (id int PRIMARY KEY, a int) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci ROW_FORMAT=DYNAMIC COMMENT='x, (y)' AUTO_INCREMENT=5;",
        "CREATE TABLE {t} (id int NOT NULL, a int, PRIMARY KEY (id)) PARTITION BY HASH (id) PARTITIONS 4;",
        "CREATE TABLE {t} (id int NOT NULL, a int) PARTITION BY RANGE (id) (PARTITION p0 VALUES LESS THAN (10), PARTITION p1 VALUES LESS THAN MAXVALUE);",
        "CREATE TABLE IF NOT EXISTS {t} (a int, b int);",
        "CREATE TABLE `{t}` (`key` int, `from` int, `a b` int, `Mixed` int);",
        "CREATE TABLE {t} (a int /* one */, /* two */ b int, # three\n c int);",
        "CREATE TABLE {t} (a int, b varchar(20), c int); CREATE INDEX i_{t} ON {t} (a);",
        "CREATE TABLE {t} (a int, b varchar(20), c int); CREATE UNIQUE INDEX i_{t} USING BTREE ON {t} (b, a);",
        "CREATE TABLE {t} (a int, b varchar(20), c int); ALTER TABLE {t} ADD INDEX (a), ADD UNIQUE KEY (b);",
        "CREATE TABLE {t} (a int, b varchar(20), c int) ENGINE=InnoDB; ALTER TABLE {t} ADD CONSTRAINT fk_{t} FOREIGN KEY (c) REFERENCES p0 (id);",
        "CREATE TABLE {t} (a int NOT NULL, b varchar(20), c int); ALTER TABLE {t} ADD PRIMARY KEY (a);",
        "CREATE TABLE {t} (a int, b varchar(20), c int); ALTER TABLE {t} ADD COLUMN z int NOT NULL AFTER a;",
        "CREATE TABLE {t} (a int, b varchar(20), c int); ALTER TABLE {t} ADD COLUMN z int FIRST;",
        "CREATE TABLE {t} (a int, b varchar(20), c int); ALTER TABLE {t} MODIFY b varchar(30) NOT NULL;",
        "CREATE TABLE {t} (a int, b varchar(20), c int); ALTER TABLE {t} CHANGE b bb varchar(30);",
        "CREATE TABLE {t} (a int, b varchar(20), c int); ALTER TABLE {t} DROP COLUMN c;",
    ],
    "sqlite": [
        "CREATE TABLE {t} (id INTEGER PRIMARY KEY AUTOINCREMENT, a TEXT);",
        "CREATE TABLE {t} (id INTEGER PRIMARY KEY ASC, a TEXT);",
        "CREATE TABLE {t} (id INTEGER NOT NULL PRIMARY KEY ON CONFLICT REPLACE, a TEXT);",
        "CREATE TABLE {t} (a, b, PRIMARY KEY (a, b)) WITHOUT ROWID;",
        "CREATE TABLE {t} (a TEXT UNIQUE ON CONFLICT IGNORE, b);",
        "CREATE TABLE {t} (a, b, UNIQUE (a, b), CONSTRAINT u2 UNIQUE (b));",
        "CREATE TABLE {t} (a INT CONSTRAINT c CHECK (a > 0), b INT CHECK (b < 0) CHECK (b > -9));",
        "CREATE TABLE {t} (a REFERENCES p0, b INT);",
        "CREATE TABLE {t} (a INT REFERENCES p0 (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED, b INT);",
        "CREATE TABLE {t} (a, b, FOREIGN KEY (a) REFERENCES p0 (id) MATCH SIMPLE ON UPDATE SET DEFAULT);",
        "CREATE TABLE {t} (a, b, CONSTRAINT f FOREIGN KEY (a, b) REFERENCES p0 (a, b));",
        "CREATE TABLE {t} (x INT, a INT GENERATED ALWAYS AS (x + 1) VIRTUAL, b AS (x + 2) STORED);",
        "CREATE TABLE {t} (a TEXT COLLATE NOCASE NOT NULL DEFAULT 'x', b TEXT NOT NULL ON CONFLICT FAIL);",
        "CREATE TABLE {t} (a INT DEFAULT (1 + 2), b DEFAULT -1, c DEFAULT CURRENT_TIMESTAMP, d DEFAULT 'a,b');",
        "CREATE TABLE {t} (a INT, b TEXT) STRICT;",
        "CREATE TABLE {t} (a INT, b TEXT) STRICT, WITHOUT ROWID;",
        "CREATE TABLE IF NOT EXISTS {t} (a, b);",
        "CREATE TABLE main.{t} (a, b);",
        "CREATE TABLE \"{t}\" ([key] INT, `from` INT, \"a b\" INT);",
        "CREATE TABLE {t} (a INT /* one */, /* two */ b INT -- three\n, c INT);",
        "CREATE TABLE {t} (a, b, c); CREATE INDEX i_{t} ON {t} (a COLLATE NOCASE DESC) WHERE a IS NOT NULL;",
        "CREATE TABLE {t} (a, b, c); CREATE UNIQUE INDEX IF NOT EXISTS i_{t} ON {t} (b, a);",
        "CREATE TABLE {t} (a, b, c); CREATE INDEX i_{t} ON {t} (lower(b), c);",
        "CREATE TABLE {t} (a, b, c); ALTER TABLE {t} ADD COLUMN z INT NOT NULL DEFAULT 0;",
        "CREATE TABLE {t} (a, b, c); ALTER TABLE {t} ADD z INT REFERENCES p0 (id);",
        "CREATE TABLE {t} (a, b, c); ALTER TABLE {t} RENAME COLUMN b TO bb;",
        "CREATE TABLE {t} (a, b, c); ALTER TABLE {t} DROP COLUMN c;",
    ],
}


def variant_cases(engine):
    cases = [Case("p0", REFERENCED[engine], "referenced table")]
    for i, v in enumerate(VARIANTS[engine]):
        t = f"sv{i}"
        cases.append(Case(t, v.replace("{t}", t), "syntax variant"))
    return cases


# Random tables: a seeded generator combines names (keywords among them), types, column and table
# constraints and indexes; the engine decides which statements are valid.
RANDOM_TYPES = {
    "postgres": ["int", "bigint", "smallint", "text", "varchar(20)", "numeric(8,2)", "boolean", "date",
                 "timestamptz", "uuid", "jsonb", "int[]", "double precision", "char(2)", "bytea", "inet"],
    "mysql": ["int", "bigint unsigned", "tinyint(1)", "varchar(20)", "decimal(8,2)", "date", "datetime(3)",
              "text", "char(2)", "double", "json", "enum('a','b')", "blob", "bit(3)", "smallint unsigned", "year"],
    "sqlite": ["INTEGER", "TEXT", "REAL", "BLOB", "NUMERIC", "varchar(20)", "", "int", "decimal(8,2)",
               "datetime", "boolean"],
}


def random_cases(engine, words, seed, n):
    rng = random.Random(seed)
    pool = sorted(words)
    cases, made = [], []
    for i in range(n):
        t = f"rt{i}"
        ncols = rng.randint(1, 7)
        names = []
        while len(names) < ncols:
            name = rng.choice(pool) if rng.random() < 0.4 else f"c{len(names)}"
            if name not in names:
                names.append(name)
        types = [rng.choice(RANDOM_TYPES[engine]) for _ in names]
        ints = [n for n, ty in zip(names, types) if re.match(r"(int|bigint|smallint|INTEGER)\b", ty)]
        parts, has_pk = [], False
        for name, ty in zip(names, types):
            col = f"{name} {ty}".rstrip()
            r = rng.random()
            if r < 0.25:
                col += " NOT NULL"
            elif r < 0.3:
                col += " NULL"
            if rng.random() < 0.15 and not has_pk:
                col += " PRIMARY KEY"
                has_pk = True
            elif rng.random() < 0.1:
                col += " UNIQUE"
            if rng.random() < 0.15:
                col += rng.choice([" DEFAULT 1", " DEFAULT NULL", " DEFAULT 'a'", " DEFAULT (1)"])
            if rng.random() < 0.08:
                col += f" CHECK ({name} IS NOT NULL)"
            if rng.random() < 0.1 and made and name in ints:
                col += f" REFERENCES {rng.choice(made)} (id)"
            parts.append(col)
        if not has_pk and rng.random() < 0.4:
            parts.append(f"PRIMARY KEY ({', '.join(rng.sample(names, rng.randint(1, min(2, len(names)))))})")
        if rng.random() < 0.3:
            parts.append(f"{'CONSTRAINT u_' + t + ' ' if rng.random() < 0.5 else ''}UNIQUE ({', '.join(rng.sample(names, rng.randint(1, min(3, len(names)))))})")
        if rng.random() < 0.2:
            parts.append(f"CHECK ({rng.choice(names)} IS NULL OR {rng.choice(names)} IS NOT NULL)")
        if ints and made and rng.random() < 0.3:
            parts.append(f"FOREIGN KEY ({rng.choice(ints)}) REFERENCES {rng.choice(made)} (id)")
        # MariaDB indexes BLOB/TEXT/JSON only with a prefix length: keys take other columns.
        keyable = [n for n, ty in zip(names, types) if engine != "mysql" or not re.match(r"(blob|text|json)\b", ty)] or names[:0]
        if engine == "mysql" and keyable and rng.random() < 0.3:
            parts.append(f"KEY ({rng.choice(keyable)})")
        sql = f"CREATE TABLE {t} ({', '.join(parts)});"
        if keyable and rng.random() < 0.3:
            sql += f" CREATE {'UNIQUE ' if rng.random() < 0.3 else ''}INDEX ri{i} ON {t} ({', '.join(rng.sample(keyable, rng.randint(1, min(2, len(keyable)))))});"
        if engine == "mysql" and "REFERENCES" in sql:
            sql = sql.replace(");", ") ENGINE=InnoDB;", 1)
        cases.append(Case(t, sql, f"random table (seed {seed})"))
        # A table others can reference: `id` integer primary key.
        ref = f"rr{i}"
        cases.append(Case(ref, f"CREATE TABLE {ref} (id {'INTEGER' if engine == 'sqlite' else 'int'} PRIMARY KEY, v int){' ENGINE=InnoDB' if engine == 'mysql' else ''};", "referenced table"))
        made.append(ref)
    return cases


def compare(engine, case, theirs, ours):
    """Differences between the engine's table and erdsmith's, as strings."""
    if ours is None:
        return [f"table `{case.table}` missing from the import"]
    diffs = []
    for key in ["columns", "not_null", "primary_key", "uniques", "indexes", "foreign_keys", "checks", "exclusions"]:
        if key not in theirs:
            continue
        a, b = theirs[key], ours[key]
        if key == "indexes" and theirs.get("implicit_indexes"):
            a, b = list(a), list(b)
            for c in theirs["implicit_indexes"]:
                if c in a:
                    a.remove(c)
                    if c in b:
                        b.remove(c)
        if engine == "sqlite" and key == "not_null":
            continue  # SQLite reports NOT NULL only where it was written; the model adds it for keys.
        if a != b:
            diffs.append(f"{key}: engine {a} · erdsmith {b}")
    if "declared_types" in theirs:
        # SQLite keeps the type as written: erdsmith's must be the same words.
        for col, declared in theirs["declared_types"].items():
            got = ours["types"].get(col)
            if got is not None and re.sub(r"\s+", " ", got.strip().lower()) != re.sub(r"\s+", " ", declared.strip().lower()):
                diffs.append(f"type of {col}: engine `{declared}` · erdsmith `{got}`")
    elif case.written_type and "a" in ours["types"]:
        got = re.sub(r"\s+", " ", ours["types"]["a"].strip().lower())
        if got != case.written_type:
            diffs.append(f"type of a: written `{case.written_type}` · erdsmith `{ours['types']['a']}`")
    return diffs


def run_engine(engine, cli, cases, tmp):
    db = engine.fresh()
    path = os.path.join(tmp, f"{engine.name}-{engine.n}.sql")
    with open(path, "w") as f:
        f.write(CASE_SEPARATOR.join(c.sql for c in cases) + "\n")
    engine.run(db, path)
    catalog = engine.catalog(db)
    ours, _ = imported(cli, path, engine.name)
    accepted, failures = 0, []
    for case in cases:
        theirs = catalog.get(case.table.lower())
        if theirs is None:
            continue
        accepted += 1
        diffs = compare(engine.name, case, theirs, ours.get(case.table.lower()))
        if diffs:
            failures.append((case, diffs))
    return accepted, failures, catalog


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--pg-sock", required=True)
    ap.add_argument("--my-sock", required=True)
    ap.add_argument("--seed", type=int, default=int(os.environ.get("DIFF_SEED", "1")))
    ap.add_argument("--random", type=int, default=int(os.environ.get("DIFF_RANDOM", "400")))
    ap.add_argument("--only", default="")
    args = ap.parse_args()
    common = sqlparser_keywords()
    tmp = tempfile.mkdtemp(prefix="erdsmith-diff.")
    engines = [Postgres(args.pg_sock), Mariadb(args.my_sock), Sqlite(tmp)]
    total_fail = 0
    for engine in engines:
        if args.only and engine.name != args.only:
            continue
        words = common | engine.keywords()
        types = {"postgres": lambda: postgres_types(engine), "mysql": lambda: MARIADB_TYPES, "sqlite": lambda: SQLITE_TYPES}[engine.name]()
        groups = [
            ("keywords", f"{len(words)} words", keyword_cases(words)),
            ("types", f"{len(types)} types", type_cases(engine.name, types)),
            ("syntax variants", f"{len(VARIANTS[engine.name])} forms", variant_cases(engine.name)),
            ("random tables", f"seed {args.seed}", random_cases(engine.name, words, args.seed, args.random)),
        ]
        for label, size, cases in groups:
            t0 = time.time()
            accepted, failures, _ = run_engine(engine, args.cli, cases, tmp)
            print(f"{engine.name}: {label}: {size}, {accepted} statements accepted by the engine, "
                  f"{len(failures)} imported differently ({time.time() - t0:.0f} s)")
            for case, diffs in failures:
                print(f"  FAIL {engine.name} {case.kind}: {case.sql}\n       " + "\n       ".join(diffs))
            total_fail += len(failures)
    print(f"differential: {total_fail} differences")
    return 1 if total_fail else 0


if __name__ == "__main__":
    sys.exit(main())
