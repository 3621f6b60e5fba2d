"""Compares two `erdsmith import` JSON documents by name: tables, columns (name, nullability),
primary keys, foreign keys, uniques and indexes. Prints the first difference and exits 1.
Usage: compare.py ORIGINAL.json REIMPORTED.json TARGET_DIALECT SOURCE_DIALECT"""
import json
import sys


def shape(doc, drop_schema, cross, mysql_target=False, pg_target=False):
    out = {}
    for t in doc.get("tables", []):
        auto = {c["name"] for c in t["columns"] if c["identity"]}
        xml_cols = {c["name"] for c in t["columns"] if c["type"].lower().startswith("xml")}
        name = t["name"].lower() if drop_schema or not t.get("schema") else f'{t["schema"]}.{t["name"]}'.lower()
        cols = [(c["name"].lower(), c["nullable"] and c["name"] not in t["primary_key"]) for c in t["columns"]]
        uniques = sorted(tuple(c.lower() for c in u["columns"]) for u in t["uniques"])
        indexes = []
        for ix in t["indexes"]:
            col_names = {c["name"] for c in t["columns"]}
            on_columns = all(c in col_names for c in ix["columns"])
            plain = on_columns and not ix["predicate"]
            if cross and not on_columns:
                continue  # expression indexes are dialect SQL: left out with a warning
            if cross and ix["predicate"] and ix["unique"]:
                continue  # a partial unique index is left out with a warning (stricter without its predicate)
            # (a plain partial index crosses dialects as an index on its columns, without the predicate)
            if cross and pg_target and any(c in xml_cols for c in ix["columns"]):
                continue  # PostgreSQL has no btree for xml: left out with a warning
            if mysql_target and not ix["unique"] and (not ix["name"] or ix["name"] == ix["columns"][0]) and len(ix["columns"]) == 1 and ix["columns"][0] in auto:
                continue  # MySQL needs a key led by an AUTO_INCREMENT column: the export adds one (warned)
            if ix["unique"] and plain:
                uniques.append(tuple(c.lower() for c in ix["columns"]))
            else:
                indexes.append((tuple(c.lower() for c in ix["columns"]), ix["unique"]))
        fks = sorted(
            (tuple(c.lower() for c in fk["columns"]), fk["ref_table"].lower(), tuple(c.lower() for c in fk["ref_columns"]))
            for fk in t["foreign_keys"]
        )
        out[name] = {
            "columns": cols,
            "primary_key": [c.lower() for c in t["primary_key"]],
            "foreign_keys": fks,
            "uniques": sorted(set(uniques)),
            "indexes": sorted(indexes),
        }
    return out


def main():
    orig, back, target, source = sys.argv[1:5]
    with open(orig) as f:
        a = json.load(f)
    with open(back) as f:
        b = json.load(f)
    drop = target == "sqlite" or len({(t.get("schema") or "").lower() for t in a.get("tables", [])}) <= 1
    cross = target != source
    sa = shape(a, drop, cross, target == "mysql", target == "postgres")
    sb = shape(b, drop, cross, target == "mysql", target == "postgres")
    if set(sa) != set(sb):
        print(f"tables differ: missing {sorted(set(sa) - set(sb))[:5]}, extra {sorted(set(sb) - set(sa))[:5]}")
        return 1
    for name in sorted(sa):
        for key in sa[name]:
            if sa[name][key] != sb[name][key]:
                print(f"{name}.{key}: {sa[name][key]} != {sb[name][key]}")
                return 1
    return 0


sys.exit(main())
