#!/usr/bin/env python3
"""Catalog identity: a same-dialect export of an unedited import gives back the schema.

For every corpus file in PostgreSQL, MySQL or SQLite (../shared/corpus/SOURCES.tsv) that
applies on the engine here: apply the original to a fresh database and dump its catalog; import
it with erdsmith, export it in the same dialect, apply that to another fresh database and dump
its catalog; the two must be identical.
  PostgreSQL: `pg_dump --schema-only`, statements normalized and sorted.
  MariaDB:    `mariadb-dump --no-data --routines --triggers --events`, statements normalized and sorted.
  SQLite:     pragmas (table_xinfo, index_list/xinfo, foreign_key_list) plus the text of views
              and triggers and the CHECK clauses and table options of each table, sorted.
A file that does not apply on the engine is reported with its first error and not compared;
tests/sql/known-limits.tsv may name such a file (target `identity`) with that exact error.

Usage: identity.py --cli PATH --pg-sock DIR --my-sock PATH --corpus DIR [--only FILE] [--show N]
Exit status 1 when any catalog differs (each difference is printed) or a known limit changed.
"""

import argparse
import difflib
import os
import re
import sqlite3
import subprocess
import sys
import tempfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def known_limits():
    out = {}
    for line in open(os.path.join(ROOT, "tests", "sql", "known-limits.tsv")):
        if line.startswith("#") or not line.strip():
            continue
        parts = line.rstrip("\n").split("\t")
        if len(parts) >= 3 and parts[1] == "identity":
            out[parts[0]] = parts[2]
    return out


def statements(dump):
    """A dump as a sorted list of normalized statements (comments and session settings out)."""
    text = "\n".join(l for l in dump.splitlines() if not l.startswith("--") and not l.startswith("\\"))
    out = []
    for stmt in re.split(r";\s*\n", text):
        s = re.sub(r"\s+", " ", stmt).strip()
        if not s or re.match(r"^(SET |SELECT pg_catalog\.set_config|/\*!\d+ SET)", s):
            continue
        s = re.sub(r" AUTO_INCREMENT=\d+", "", s)
        # The definer of a view, routine or trigger is whoever runs the script.
        s = re.sub(r" DEFINER=`[^`]*`@`[^`]*`| DEFINER=``@``| DEFINER=`[^`]*`", "", s)
        out.append(s)
    return sorted(out)


def switched_database(text, dialect):
    """The database a script switches to last (`\\connect x`, `USE x`), if it creates one."""
    pat = r"^\\c(?:onnect)?\s+\"?(\w+)" if dialect == "postgres" else r"^\s*USE\s+`?(\w+)`?\s*;"
    names = re.findall(pat, text, re.M | re.I)
    return names[-1] if names else None


class Postgres:
    dialect = "postgres"

    def __init__(self, sock):
        self.base = ["-h", sock, "-p", "5432", "-U", "postgres"]
        self.n = 0
        # The database a script left its objects in: the one it switched to, or its own.
        self.target = {}

    def psql(self, db, *args, stdin=None):
        return subprocess.run(["psql", "-X", "-q"] + self.base + ["-d", db] + list(args), capture_output=True, text=True, input=stdin)

    def fresh(self):
        self.n += 1
        db = f"ident{self.n}"
        self.psql("postgres", "-c", f"CREATE DATABASE {db}")
        return db

    def apply(self, db, text):
        # Roles the script names (owners, grants) exist on the servers it was dumped from.
        for role in set(re.findall(r"(?:OWNER TO|GRANT [^;]*? TO|AUTHORIZATION)\s+\"?(\w+)", text, re.I)) - {"public", "postgres", "PUBLIC"}:
            self.psql("postgres", "-c", f'CREATE ROLE "{role}"')
        switched = switched_database(text, "postgres")
        if switched:
            self.psql("postgres", "-c", f'DROP DATABASE IF EXISTS "{switched}"')
        self.target[db] = switched or db
        out = self.psql(db, "-v", "ON_ERROR_STOP=1", stdin=text)
        err = [l for l in out.stderr.splitlines() if "ERROR" in l]
        return err[0] if err or out.returncode else None

    def catalog(self, db):
        out = subprocess.run(["pg_dump", "--schema-only"] + self.base + [self.target.get(db, db)], capture_output=True, text=True)
        return statements(out.stdout)


class Mariadb:
    dialect = "mysql"

    def __init__(self, sock):
        self.base = ["--no-defaults", "-S", sock, "-u", "root"]
        self.n = 0
        self.target = {}

    def fresh(self):
        self.n += 1
        db = f"ident{self.n}"
        subprocess.run(["mariadb"] + self.base + ["-e", f"CREATE DATABASE {db}"], capture_output=True)
        return db

    def apply(self, db, text):
        switched = switched_database(text, "mysql")
        if switched:
            subprocess.run(["mariadb"] + self.base + ["-e", f"DROP DATABASE IF EXISTS `{switched}`"], capture_output=True)
        self.target[db] = switched or db
        out = subprocess.run(["mariadb"] + self.base + [db], capture_output=True, text=True, input=text)
        err = [l for l in out.stderr.splitlines() if "ERROR" in l]
        return err[0] if err or out.returncode else None

    def catalog(self, db):
        out = subprocess.run(["mariadb-dump"] + self.base + ["--no-data", "--skip-comments", "--skip-dump-date",
                                                            "--routines", "--triggers", "--events", self.target.get(db, db)],
                             capture_output=True, text=True)
        return statements(out.stdout)


class Sqlite:
    dialect = "sqlite"

    def __init__(self, tmp):
        self.tmp = tmp
        self.n = 0

    def fresh(self):
        self.n += 1
        return os.path.join(self.tmp, f"ident{self.n}.sqlite")

    def apply(self, db, text):
        out = subprocess.run(["sqlite3", "-bail", db], capture_output=True, text=True, input=text)
        return out.stderr.strip().splitlines()[0] if out.returncode or out.stderr.strip() else None

    def catalog(self, db):
        con = sqlite3.connect(db)
        rows = []
        for kind, name, table, sql in con.execute("SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'"):
            sql = sql or ""
            if kind in ("view", "trigger"):
                rows.append(f"{kind} {name}: {ws(sql)}")
            elif kind == "table":
                for r in con.execute(f'PRAGMA table_xinfo("{name}")'):
                    rows.append(f"column {name}.{r[1]}: type={r[2]} notnull={r[3]} default={r[4]} pk={r[5]} hidden={r[6]}")
                for r in con.execute(f'PRAGMA foreign_key_list("{name}")'):
                    rows.append(f"fk {name}: {r[2]}({r[3]} -> {r[4]}) update={r[5]} delete={r[6]} match={r[7]}")
                # Strings blanked to the same length, so positions in `body` are those of `sql`.
                body = re.sub(r"'(?:[^']|'')*'", lambda m: "'" + "x" * (len(m.group(0)) - 2) + "'", sql)
                for m in re.finditer(r"\bcheck\s*\(", body, re.I):
                    rows.append(f"check {name}: {ws(sql[m.end():]).split(')')[0]}")
                tail = sql[sql.rfind(")") + 1:].strip().upper()
                rows.append(f"options {name}: {ws(tail)}")
            elif kind == "index":
                r = con.execute(f"SELECT \"unique\", origin, partial FROM pragma_index_list(?) WHERE name = ?", (table, name)).fetchone()
                keys = [f"{k[2] or '<expr>'}{' desc' if k[3] else ''}{'' if k[4] == 'BINARY' else ' ' + k[4]}"
                        for k in con.execute(f'PRAGMA index_xinfo("{name}")') if k[5]]
                origin = r[1] if r else "?"
                label = name if origin == "c" else f"({origin})"
                rows.append(f"index {table} {label}: unique={r[0] if r else '?'} partial={r[2] if r else '?'} {keys}")
        con.close()
        return sorted(rows)


def focus(diff):
    """Diff lines, a removed and an added one of the same object shown around where they part."""
    minus = {d[1:41]: d[1:] for d in diff if d[0] == "-"}
    out, paired = [], set()
    for d in diff:
        head = d[1:41]
        if d[0] == "+" and head in minus and head not in paired:
            a, b = minus[head], d[1:]
            i = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]), min(len(a), len(b)))
            lo = max(0, i - 60)
            out.append(f"~ {a[:40]}… original: …{a[lo:i + 120]}")
            out.append(f"~ {' ' * 40}  export:   …{b[lo:i + 120]}")
            paired.add(head)
    out += [d[:300] for d in diff if d[1:41] not in paired]
    return out


def as_applied(text):
    """The script as its own installer applies it, schema only: data files a MySQL script
    `source`s are not part of the schema (and not in the corpus), and a script that opens a
    transaction it never commits (MediaWiki's installer commits it) is committed."""
    text = re.sub(r"(?im)^\s*source\s+\S+\s*;?\s*$", "", text)
    if re.search(r"(?im)^\s*BEGIN\s*;", text) and not re.search(r"(?im)^\s*COMMIT\s*;", text):
        text += "\nCOMMIT;\n"
    return text


def ws(text):
    return re.sub(r"\s+", " ", text).strip()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--pg-sock", required=True)
    ap.add_argument("--my-sock", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--only", default="")
    ap.add_argument("--show", type=int, default=12)
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="erdsmith-identity.")
    engines = {"postgres": Postgres(args.pg_sock), "mysql": Mariadb(args.my_sock), "sqlite": Sqlite(tmp)}
    limits = known_limits()
    compared = identical = 0
    failures = []
    used = set()
    for line in open(os.path.join(args.corpus, "SOURCES.tsv")):
        file, dialect = line.split("\t")[:2]
        if dialect not in engines or not file.endswith(".sql") or "/" in file or (args.only and file != args.only):
            continue
        engine = engines[dialect]
        text = as_applied(open(os.path.join(args.corpus, file), encoding="utf-8", errors="replace").read())
        a = engine.fresh()
        err = engine.apply(a, text)
        if err:
            known = limits.get(file)
            if known and known in err:
                used.add(file)
                print(f"  {file}: does not apply here (known limit): {err[:200]}")
            else:
                failures.append(f"{file}: the original does not apply here: {err[:300]}")
            continue
        if not engine.catalog(a):
            # `BEGIN;` and no COMMIT (MediaWiki's installer commits itself): nothing is left.
            err = "the original leaves nothing in the database"
            known = limits.get(file)
            if known and known in err:
                used.add(file)
                print(f"  {file}: does not apply here (known limit): {err}")
            else:
                failures.append(f"{file}: {err}")
            continue
        exported = subprocess.run([args.cli, "export", os.path.join(args.corpus, file), "--from-dialect", dialect,
                                   "--to", f"sql:{dialect}"], capture_output=True, text=True)
        if exported.returncode:
            failures.append(f"{file}: export failed: {exported.stderr[:300]}")
            continue
        b = engine.fresh()
        err = engine.apply(b, exported.stdout)
        compared += 1
        if err:
            failures.append(f"{file}: the same-dialect export does not apply: {err[:300]}")
            continue
        ca, cb = engine.catalog(a), engine.catalog(b)
        if ca == cb:
            identical += 1
            print(f"  {file}: identical ({len(ca)} catalog entries)")
            continue
        diff = [d for d in difflib.unified_diff(ca, cb, "original", "export", n=0, lineterm="") if d[:1] in "+-" and d[:3] not in ("+++", "---")]
        failures.append(f"{file}: {len(diff)} catalog lines differ (- original, + export):\n      " + "\n      ".join(focus(diff)[: args.show]))
    if not args.only:
        for file in sorted(set(limits) - used):
            failures.append(f"{file}: listed in known-limits.tsv (identity) but its original applies here: remove the entry")
    for f in failures:
        print(f"FAIL {f}")
    print(f"identity: {identical} of {compared} exports give the original catalog; {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
