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
                con.execute(stmt)
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


def split_script(text):
    """Statements of a generated script: one per line, each ending with `;`."""
    return [line for line in text.split("\n") if line.strip()]


# ----------------------------------------------------------------------------------------------
# erdsmith's view of the same script
# ----------------------------------------------------------------------------------------------

def imported(cli, path, dialect):
    out = subprocess.run([cli, "import", path, "--dialect", dialect], capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"erdsmith import failed: {out.stderr[:500]}")
    schema = json.loads(out.stdout)
    tables = {}
    for t in schema["tables"]:
        names = [c["name"].lower() for c in t["columns"]]
        notnull = {c["name"].lower(): not c["nullable"] for c in t["columns"]}
        pk = [c.lower() for c in t["primary_key"] or []]
        key = lambda cols: tuple("<expr>" if not re.fullmatch(r"[\w$#@]+", c) else c.lower() for c in cols)
        uniques = [key(u["columns"]) for u in t["uniques"]] + [key(i["columns"]) for i in t["indexes"] if i["unique"]]
        indexes = [key(i["columns"]) for i in t["indexes"] if not i["unique"]]
        fks = [(key(f["columns"]), f["ref_table"].lower(), key(f["ref_columns"])) for f in t["foreign_keys"]]
        entry = norm_table(names, notnull, pk, uniques, indexes, fks, len(t["checks"]))
        entry["types"] = {c["name"].lower(): c["type"] for c in t["columns"]}
        entry["exclusions"] = len(t.get("exclusions", []))
        tables[t["name"].lower()] = entry
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


def compare(engine, case, theirs, ours):
    """Differences between the engine's table and erdsmith's, as strings."""
    if ours is None:
        return [f"table `{case.table}` missing from the import"]
    diffs = []
    for key in ["columns", "not_null", "primary_key", "uniques", "indexes", "foreign_keys", "checks", "exclusions"]:
        if key not in theirs:
            continue
        a, b = theirs[key], ours[key]
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
        f.write("\n".join(c.sql for c in cases) + "\n")
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
        t0 = time.time()
        accepted, failures, _ = run_engine(engine, args.cli, keyword_cases(words), tmp)
        print(f"{engine.name}: keywords: {len(words)} words, {accepted} statements accepted by the engine, "
              f"{len(failures)} imported differently ({time.time() - t0:.0f} s)")
        for case, diffs in failures:
            print(f"  FAIL {engine.name} {case.kind}: {case.sql}\n       " + "\n       ".join(diffs))
        total_fail += len(failures)
    print(f"differential: {total_fail} differences")
    return 1 if total_fail else 0


if __name__ == "__main__":
    sys.exit(main())
