#!/usr/bin/env python3
"""Counts what Cassandra CQL files define, as an oracle for erdsmith's CQL importer, by a
different method: comments stripped with regular expressions, statements split on `;`, each
statement classified by a regular expression on its head and a table body split on its top-level
commas (no tokenizer shared with the importer; no CQL grammar package is installable here).
`python3 tests/oracles/cql-counts.py FILE...` prints one JSON object per line: keyspaces, types,
tables, columns (ALTER TABLE ... ADD included when the table is in the file), partition and
clustering key columns, static columns, collection columns, indexes (those on tables of the
file), custom indexes, materialized views."""
import json
import re
import sys


def strip_comments(text):
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c in "'\"":
            j = i + 1
            while j < n:
                if text[j] == c:
                    if j + 1 < n and text[j + 1] == c:
                        j += 2
                        continue
                    break
                j += 1
            out.append(text[i:j + 1])
            i = j + 1
        elif text.startswith("--", i) or text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def split_top(body):
    parts, depth, cur = [], 0, []
    for ch in body:
        if ch in "(<{":
            depth += 1
        elif ch in ")>}":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return [p.strip() for p in parts if p.strip()]


def ident(s):
    s = s.strip()
    return s[1:-1] if s.startswith('"') else s.lower()


def table_name(s):
    return ident(s.split(".")[-1])


def count(text):
    c = dict(keyspaces=0, types=0, tables=0, columns=0, partition=0, clustering=0, static=0,
             collections=0, indexes=0, custom=0, views=0)
    tables = set()
    for stmt in strip_comments(text).split(";"):
        s = " ".join(stmt.split())
        if not s:
            continue
        up = s.upper()
        if re.match(r"CREATE (KEYSPACE|SCHEMA)\b", up):
            c["keyspaces"] += 1
        elif re.match(r"CREATE TYPE\b", up):
            c["types"] += 1
        elif re.match(r"CREATE MATERIALIZED VIEW\b", up):
            c["views"] += 1
        elif re.match(r"CREATE (TABLE|COLUMNFAMILY)\b", up):
            m = re.match(r"CREATE \w+ (?:IF NOT EXISTS )?([\w.\"]+) ?\(", s, re.I)
            name = table_name(m.group(1))
            start = m.end() - 1
            depth = 0
            for k in range(start, len(s)):
                depth += {"(": 1, ")": -1}.get(s[k], 0)
                if depth == 0:
                    body = s[start + 1:k]
                    break
            if name in tables:
                continue
            tables.add(name)
            c["tables"] += 1
            for el in split_top(body):
                eu = el.upper()
                if eu.startswith("PRIMARY KEY"):
                    inner = el[el.index("(") + 1:el.rindex(")")].strip()
                    if inner.startswith("("):
                        part = inner[1:inner.index(")")]
                        rest = inner[inner.index(")") + 1:]
                        c["partition"] += len([x for x in part.split(",") if x.strip()])
                        c["clustering"] += len([x for x in rest.split(",") if x.strip()])
                    else:
                        names = [x for x in inner.split(",") if x.strip()]
                        c["partition"] += 1
                        c["clustering"] += len(names) - 1
                    continue
                c["columns"] += 1
                words = eu.split()
                if "STATIC" in words:
                    c["static"] += 1
                if re.search(r"\bPRIMARY KEY\b", eu):
                    c["partition"] += 1
                if re.match(r"\S+ (FROZEN<)?(LIST|SET|MAP)<", eu):
                    c["collections"] += 1
        elif re.match(r"ALTER TABLE\b", up):
            m = re.match(r"ALTER TABLE ([\w.\"]+) ADD (?:IF NOT EXISTS )?(.*)$", s, re.I)
            if m and table_name(m.group(1)) in tables:
                c["columns"] += len(split_top(m.group(2).strip("() ")))
        elif re.match(r"CREATE (CUSTOM )?INDEX\b", up):
            m = re.search(r"\bON ([\w.\"]+) ?\(", s, re.I)
            if m and table_name(m.group(1)) in tables:
                c["indexes"] += 1
                if up.startswith("CREATE CUSTOM") or " USING " in up:
                    c["custom"] += 1
    return c


for f in sys.argv[1:]:
    try:
        with open(f, encoding="utf-8", errors="replace") as fh:
            print(json.dumps(dict(file=f, **count(fh.read()))))
    except Exception as e:  # noqa: BLE001 - the oracle reports, the test fails on it
        print(json.dumps(dict(file=f, error=repr(e))))
