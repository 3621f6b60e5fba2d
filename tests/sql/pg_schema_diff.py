"""Runs the pg-schema-diff acceptance cases against erdsmith's migration plans on a running
PostgreSQL (started by tests/sql/pg-schema-diff.sh, which documents the method). Exits 1 when the
results differ from the expectations file (a regression, or a pass not recorded)."""
import argparse
import concurrent.futures
import difflib
import os
import re
import subprocess
import sys
import time

ap = argparse.ArgumentParser()
ap.add_argument("--cases", required=True)
ap.add_argument("--cli", required=True)
ap.add_argument("--host", required=True)
ap.add_argument("--pgbin", required=True)
ap.add_argument("--expect", required=True)
ap.add_argument("--out", required=True)
ap.add_argument("--jobs", type=int, default=2)
ap.add_argument("--update", action="store_true", help="rewrite the expectations file")
ap.add_argument("--only", action="append", default=None, help="run the cases whose name contains this (repeatable; no regression gate)")
ap.add_argument("--online", action="store_true", help="plans in the CLI's online mode (figures only, no gate)")
args = ap.parse_args()

PSQL = [os.path.join(args.pgbin, "psql"), "-X", "-q", "-h", args.host, "-p", "5432", "-U", "postgres"]
PG_DUMP = [os.path.join(args.pgbin, "pg_dump"), "-h", args.host, "-p", "5432", "-U", "postgres", "--schema-only"]


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def admin(*sql):
    """Statements in the `postgres` database, each in its own transaction, in one session."""
    return run(PSQL + ["-d", "postgres", "-v", "ON_ERROR_STOP=1"] + [a for s in sql for a in ("-c", s)])


def apply(db, path):
    """Runs a script in `db`, stopping at the first error; returns the error text or None."""
    r = run(PSQL + ["-d", db, "-v", "ON_ERROR_STOP=1", "-f", path])
    if r.returncode != 0:
        lines = [l for l in r.stderr.splitlines() if "ERROR" in l or "FATAL" in l] or r.stderr.splitlines()
        return " ".join(lines[:2])[:400] or f"psql exit {r.returncode}"
    return None


HEADER = re.compile(r"^-- (?:Data for )?Name: (.*); Type: (.*); Schema: (.*); Owner: .*$")


def catalog(db):
    """pg_dump --schema-only as sorted TOC entries: each `Type Schema Name` header with its
    statements, comments and session settings removed."""
    r = run(PG_DUMP + [db])
    if r.returncode != 0:
        return None, r.stderr.strip()[:300]
    entries = []
    current = None
    for line in r.stdout.splitlines():
        m = HEADER.match(line)
        if m:
            current = [f"## {m.group(2)} {m.group(3)} {m.group(1)}"]
            entries.append(current)
            continue
        if current is None or not line.strip() or line.startswith("--"):
            continue
        if line.startswith("\\restrict") or line.startswith("\\unrestrict"):
            continue  # pg_dump 15.14+: a random key per dump
        if line.startswith("SET ") or line.startswith("SELECT pg_catalog.set_config("):
            continue
        current.append(line)
    entries.sort()
    return ["\n".join(e) for e in entries], None


def first_difference(got, want, n=8):
    d = [l for l in difflib.unified_diff("\n".join(want).splitlines(), "\n".join(got).splitlines(), "expected", "got", n=0, lineterm="") if not l.startswith(("---", "+++"))]
    return "\n".join(d[:n])


def erdsmith(a, b, down):
    cmd = [args.cli, "diff", a, b, "--dialect", "postgres"] + (["--down"] if down else []) + (["--online"] if args.online else [])
    r = run(cmd, timeout=60)
    if r.returncode != 0:
        return None, f"erdsmith exit {r.returncode}: {r.stderr.strip()[-300:]}"
    return r.stdout, None


# A plan says it cannot reach the target with a hazard that starts with one of these words
# (src/export/migration: `Ctx::inexact` and `Ctx::fails`): INEXACT — the plan runs and the
# catalog differs from the target in the way the hazard names; FAILS — a step fails on purpose
# (the transaction leaves the database as it was) until a person writes what it needs; UNREAD —
# the CLI could not import a statement of a file, so the plan does not account for it (it may
# fail or differ).
INEXACT, FAILS, UNREAD = "INEXACT:", "FAILS:", "UNREAD:"


def hazards(script):
    """The hazards listed at the top of a plan (`--   * …` lines before the first blank line)."""
    out = []
    for line in script.splitlines():
        if not line.strip():
            break
        if line.startswith("--   * "):
            out.append(line[len("--   * "):].strip())
    return out


def meta(case_dir):
    out = {}
    with open(os.path.join(case_dir, "meta.txt")) as f:
        for line in f:
            k, _, v = line.rstrip("\n").partition("\t")
            out[k] = v.strip()
    return out


def run_case(i, name):
    """Returns (name, status, details): status in applicable/skip; details per direction."""
    d = os.path.join(args.cases, name)
    flags = meta(d).get("flags", "").split()
    res = {"name": name, "flags": flags, "skip": None, "up": None, "down": None, "up_why": "", "down_why": "",
           "up_kind": "", "down_kind": "", "up_refusal": [], "down_refusal": []}
    dbs = [f"c{i}_a", f"c{i}_b", f"c{i}_e"]
    try:
        admin(*(f"CREATE DATABASE {db} STRATEGY FILE_COPY" for db in dbs[:2]))
        err = apply(dbs[0], os.path.join(d, "a.sql"))
        if err:
            res["skip"] = f"a.sql does not apply: {err}"
            return res
        err = apply(dbs[1], os.path.join(d, "b.sql"))
        if err:
            res["skip"] = f"b.sql does not apply: {err}"
            return res
        cat_a, e1 = catalog(dbs[0])
        cat_b, e2 = catalog(dbs[1])
        if e1 or e2:
            res["skip"] = f"pg_dump failed: {e1 or e2}"
            return res
        accepted = [cat_b]
        if os.path.exists(os.path.join(d, "expected_state.sql")):
            admin(f"CREATE DATABASE {dbs[2]} STRATEGY FILE_COPY")
            if apply(dbs[2], os.path.join(d, "expected_state.sql")) is None:
                cat_e, _ = catalog(dbs[2])
                if cat_e:
                    accepted.append(cat_e)
        plans = os.path.join(args.out, "plans", name)
        os.makedirs(plans, exist_ok=True)
        for direction, db, want in (("up", dbs[0], accepted), ("down", dbs[1], [cat_a])):
            script, err = erdsmith(os.path.join(d, "a.sql"), os.path.join(d, "b.sql"), direction == "down")
            if err:
                res[direction], res[direction + "_why"], res[direction + "_kind"] = False, err, "wrong/erdsmith-error"
                continue
            path = os.path.join(plans, direction + ".sql")
            with open(path, "w") as f:
                f.write(script)
            hz = hazards(script)
            unread = [h for h in hz if h.startswith(UNREAD)]
            inexact = [h for h in hz if h.startswith(INEXACT)] + unread
            fails = [h for h in hz if h.startswith(FAILS)] + unread
            res[direction + "_refusal"] = [h for h in hz if h.startswith((INEXACT, FAILS, UNREAD))]
            empty = "-- Nothing to do." in script
            if "empty_plan" in flags and not empty:
                res[direction], res[direction + "_why"], res[direction + "_kind"] = False, "the peer expects an empty plan; erdsmith's is not empty", "wrong/not-empty"
                continue
            err = apply(db, path)
            if err:
                # A failing plan is refused only when it says which step fails and why.
                res[direction], res[direction + "_why"] = False, f"plan fails: {err}"
                res[direction + "_kind"] = "refused" if fails else "wrong/fails"
                continue
            got, err = catalog(db)
            if err:
                res[direction], res[direction + "_why"], res[direction + "_kind"] = False, f"pg_dump failed: {err}", "wrong/pg_dump"
                continue
            if any(got == w for w in want):
                res[direction] = True
            else:
                what = "B's" if direction == "up" else "A's"
                res[direction], res[direction + "_why"] = False, f"catalog differs from {what}:\n" + first_difference(got, want[0])
                # The plan ran: it is refused only when it says that the result is not the target.
                res[direction + "_kind"] = "refused" if inexact else "wrong/silent"
        return res
    finally:
        # Names are unique per run (a fresh cluster): nothing to drop before.
        admin(*(f"DROP DATABASE IF EXISTS {db}" for db in dbs))


def main():
    start = time.time()
    names = sorted(n for n in os.listdir(args.cases) if os.path.isdir(os.path.join(args.cases, n)) and "__" in n)
    if args.only:
        names = [n for n in names if any(o in n for o in args.only)]
    roles = set()
    for n in names:
        p = os.path.join(args.cases, n, "roles.txt")
        if os.path.exists(p):
            with open(p) as f:
                roles.update(l.strip() for l in f if l.strip())
    for role in sorted(roles):
        ident = role if role.startswith('"') else '"' + role.replace('"', '""') + '"'
        admin(f"CREATE ROLE {ident}")
    os.makedirs(args.out, exist_ok=True)
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(lambda x: run_case(*x), enumerate(names)))

    cats = {}
    keys = ("cases", "skip", "applicable", "up", "down", "refused", "wrong", "silent")
    for r in results:
        c = cats.setdefault(r["name"].split("__")[0], dict.fromkeys(keys, 0))
        c["cases"] += 1
        if r["skip"]:
            c["skip"] += 1
            continue
        c["applicable"] += 1
        for direction in ("up", "down"):
            if r[direction]:
                c[direction] += 1
                continue
            kind = r[direction + "_kind"]
            if kind == "refused":
                c["refused"] += 1
            else:
                c["wrong"] += 1
                c["silent"] += kind == "wrong/silent"
    lines = ["checks are per direction: refused = the plan fails (FAILS:) or differs (INEXACT:) and a hazard says so (UNREAD: either); "
             "wrong = no such hazard (silent: the plan ran, the catalog differs)",
             f"{'category':24} {'cases':>5} {'skip':>4} {'applic.':>7} {'up ok':>6} {'down ok':>7} {'refused':>7} {'wrong':>5} {'silent':>6}"]
    tot = dict.fromkeys(keys, 0)
    for c in sorted(cats):
        v = cats[c]
        lines.append(f"{c:24} {v['cases']:5} {v['skip']:4} {v['applicable']:7} {v['up']:6} {v['down']:7} {v['refused']:7} {v['wrong']:5} {v['silent']:6}")
        for k in tot:
            tot[k] += v[k]
    v = tot
    lines.append(f"{'total':24} {v['cases']:5} {v['skip']:4} {v['applicable']:7} {v['up']:6} {v['down']:7} {v['refused']:7} {v['wrong']:5} {v['silent']:6}")
    empty = [r for r in results if "empty_plan" in r["flags"] and not r["skip"]]
    kept = sum(1 for r in empty if r["up"] and r["down"])
    lines.append(f"empty-plan cases kept empty and correct both ways: {kept} of {len(empty)}")
    needless = sorted(f"{d} {r['name']}" for r in results for d in ("up", "down") if r[d] and r[d + "_refusal"])
    lines.append(f"checks that pass although the plan carries a FAILS:/INEXACT:/UNREAD: hazard: {len(needless)}")
    lines += [f"  {x}" for x in needless]
    remaining = []
    for r in results:
        if r["skip"]:
            continue
        for direction in ("up", "down"):
            if r[direction]:
                continue
            kind = r[direction + "_kind"]
            if kind == "refused":
                why = " | ".join(r[direction + "_refusal"])
            else:
                why = " ".join(r[direction + "_why"].split())[:400]
            remaining.append(f"{r['name'].split('__')[0]}\t{direction} {r['name']}\t{kind}\t{why}")
    lines.append("")
    lines.append(f"remaining failing checks ({len(remaining)}; category, check, kind, reason):")
    lines += [f"  {x}" for x in remaining]
    report = "\n".join(lines)
    with open(os.path.join(args.out, "remaining.txt"), "w") as f:
        f.write("".join(x + "\n" for x in remaining))

    with open(os.path.join(args.out, "failures.txt"), "w") as f:
        for r in results:
            if r["skip"]:
                f.write(f"== {r['name']}: SKIPPED: {r['skip']}\n")
                continue
            for direction in ("up", "down"):
                if not r[direction]:
                    f.write(f"== {r['name']} {direction} [{r[direction + '_kind']}]: {r[direction + '_why']}\n")

    passing = sorted(f"{d} {r['name']}" for r in results for d in ("up", "down") if r[d])
    status = 0
    if not args.only and not args.online:
        with open(os.path.join(args.out, "passing.txt"), "w") as f:
            f.write("".join(p + "\n" for p in passing))
        if args.update:
            with open(args.expect, "w") as f:
                f.write("".join(p + "\n" for p in passing))
            print(f"wrote {len(passing)} passing checks to {args.expect}")
        else:
            try:
                with open(args.expect) as f:
                    expected = {l.strip() for l in f if l.strip() and not l.startswith("#")}
            except FileNotFoundError:
                expected = set()
            regressed = sorted(expected - set(passing))
            new = sorted(set(passing) - expected)
            for x in regressed:
                print(f"REGRESSION: {x} is listed as passing and fails")
            for x in new:
                print(f"NEW PASS: {x} passes and is not listed (run with --update and commit the file)")
            status = 1 if regressed or new else 0
    silent = sorted(f"{d} {r['name']}" for r in results for d in ("up", "down") if not r["skip"] and r[d + "_kind"] == "wrong/silent")
    for x in silent:
        print(f"SILENT: {x}: the plan runs and the catalog differs, and no INEXACT: hazard says so")
    if silent:
        status = 1  # in every mode (--only and --online too): a silent difference is never accepted
    with open(os.path.join(args.out, "report.txt"), "w") as f:
        f.write(report + "\n")
    print(report)
    print(f"failures and plans: {args.out}/failures.txt, {args.out}/remaining.txt, {args.out}/plans/")
    print(f"wall time: {time.time() - start:.0f} s with {args.jobs} job(s)")
    return status


sys.exit(main())
