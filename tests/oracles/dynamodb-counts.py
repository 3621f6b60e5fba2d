#!/usr/bin/env python3
"""Counts the DynamoDB tables a file defines, as an oracle for erdsmith's DynamoDB importer:
PyYAML (a different YAML parser from the importer's yaml-rust2) with a loader that accepts
CloudFormation's short-form tags (`!Ref`, `!GetAtt`, `!Sub`, `!If`...) as tagged values, or the
json module. `python3 tests/oracles/dynamodb-counts.py FILE...` prints one JSON object per line:
tables, attributes (declared attributes, plus key attributes that are not declared), keys (key
schema entries of the tables), gsis, lsis, projections_all, facets, streams, ttl."""
import json
import sys

import yaml


class Loader(yaml.SafeLoader):
    pass


def tagged(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        v = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        v = loader.construct_sequence(node, deep=True)
    else:
        v = loader.construct_mapping(node, deep=True)
    return {"__tag": suffix, "value": v}


Loader.add_multi_constructor("!", tagged)

TABLE_TYPES = ("AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable")


def count(doc):
    c = dict(tables=0, attributes=0, keys=0, gsis=0, lsis=0, projections_all=0, facets=0, streams=0, ttl=0)

    def cfn_table(p):
        c["tables"] += 1
        names = [a["AttributeName"] for a in p.get("AttributeDefinitions", []) if isinstance(a.get("AttributeName"), str)]
        keys = [k["AttributeName"] for k in p.get("KeySchema", [])]
        c["keys"] += len(keys)
        extra = set()
        for kind in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes"):
            for g in p.get(kind, []):
                c["gsis" if kind.startswith("Global") else "lsis"] += 1
                if g.get("Projection", {}).get("ProjectionType", "ALL") == "ALL":
                    c["projections_all"] += 1
                extra.update(k["AttributeName"] for k in g.get("KeySchema", []))
        extra.update(keys)
        c["attributes"] += len(set(names)) + len(extra - set(names))
        if p.get("StreamSpecification"):
            c["streams"] += 1
        if p.get("TimeToLiveSpecification"):
            c["ttl"] += 1

    if "Resources" in doc:
        for res in doc["Resources"].values():
            t = res.get("Type")
            if t in TABLE_TYPES:
                cfn_table(res.get("Properties", {}))
            elif t == "AWS::Serverless::SimpleTable":
                c["tables"] += 1
                c["attributes"] += 1
                c["keys"] += 1
    elif "DataModel" in doc:
        for m in doc["DataModel"]:
            c["tables"] += 1
            ka = m.get("KeyAttributes", {})
            names = {ka[r]["AttributeName"] for r in ("PartitionKey", "SortKey") if r in ka}
            c["keys"] += len(names)
            names |= {a["AttributeName"] for a in m.get("NonKeyAttributes", [])}
            for g in m.get("GlobalSecondaryIndexes", []):
                c["gsis"] += 1
                if g.get("Projection", {}).get("ProjectionType", "ALL") == "ALL":
                    c["projections_all"] += 1
                gk = g.get("KeyAttributes", {})
                names |= {gk[r]["AttributeName"] for r in ("PartitionKey", "SortKey") if r in gk}
            c["attributes"] += len(names)
            c["facets"] += len(m.get("TableFacets", []))
    elif "TableName" in doc:
        cfn_table(doc)
    elif "Table" in doc:
        cfn_table(doc["Table"])
    return c


for f in sys.argv[1:]:
    try:
        with open(f, encoding="utf-8") as fh:
            text = fh.read()
        doc = json.loads(text) if text.lstrip().startswith("{") else yaml.load(text, Loader=Loader)
        print(json.dumps(dict(file=f, **count(doc))))
    except Exception as e:  # noqa: BLE001 - the oracle reports, the test fails on it
        print(json.dumps(dict(file=f, error=repr(e))))
