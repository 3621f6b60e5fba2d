#!/usr/bin/env bash
# The migration acceptance cases of stripe/pg-schema-diff (MIT), run against erdsmith's migration
# plans on a real PostgreSQL 15 started here on a unix socket in a temp dir (as tests/sql/run.sh).
#
# The cases are read from ../shared/peer-cases/pg-schema-diff (or $ERDSMITH_PEER_CASES), never
# copied into the repository: one folder per case with a.sql, b.sql, meta.txt and sometimes
# roles.txt and expected_state.sql. For each case (tests/sql/pg_schema_diff.py does the work):
#   1. database A from a.sql and database B from b.sql; a case where either does not apply is
#      skipped and counted as such;
#   2. `erdsmith diff a.sql b.sql --dialect postgres` (up) and `… --down` (down);
#   3. up applied to A: its catalog must equal B's (or, where the case has one, the end state the
#      peer accepts, expected_state.sql — a column order ALTER TABLE cannot reproduce);
#      down applied to a copy of B: its catalog must equal A's. A catalog is `pg_dump
#      --schema-only`, split into its TOC entries (one per object), normalized and sorted — the
#      peer's own oracle, made independent of creation order;
#   4. a case the peer expects an empty plan for must get erdsmith's empty plan (both ways).
# Prints per category (folder-name prefix before `__`) the cases, the applicable ones, up correct
# and down correct, and the totals; writes every failure with the first differing catalog lines,
# and the plans, into target/pg-schema-diff/ (failures.txt, report.txt, plans/).
#
# Regression gate: tests/sql/pg-schema-diff-passing.txt lists every check that passes, one
# `up CASE` or `down CASE` per line. The run fails when a listed check fails (a regression), and
# when a check passes that is not listed (the file must stay exact: run with --update to rewrite
# it, and commit it with the change that made the case pass).
#
# Speed: cases run in $PEER_JOBS parallel workers (default 2, the machine's cores); each case
# costs two CREATE DATABASE (FILE_COPY, with wal_level=minimal: ~70 ms instead of ~300 ms) and
# four pg_dumps (~90 ms each). Measured on the 2-core machine with two other engineers' builds
# running: 282 s for all 412 cases. No sampling: every case runs on every run.
# --online plans in the CLI's online mode (`diff --online`: CONCURRENTLY and VALIDATE steps after
# the transaction) and prints the figures without the gate.
# Usage: tests/sql/pg-schema-diff.sh [--update] [--only SUBSTRING] [--online]
set -uo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
cases="${ERDSMITH_PEER_CASES:-$root/../shared/peer-cases/pg-schema-diff}"
pgbin=/usr/lib/postgresql/15/bin
cli="${CARGO_TARGET_DIR:-$root/target}/debug/erdsmith"
tmp="$(mktemp -d /tmp/erdsmith-peer.XXXXXX)"

cleanup() {
  if [ -f "$tmp/pg/postmaster.pid" ]; then
    runuser -u postgres -- "$pgbin/pg_ctl" -D "$tmp/pg" -m immediate stop >/dev/null 2>&1
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

[ -d "$cases" ] || { echo "no peer cases at $cases (set ERDSMITH_PEER_CASES)"; exit 1; }

echo "== building the CLI"
(cd "$root" && cargo build -q --bin erdsmith) || { echo "build failed"; exit 1; }

echo "== starting PostgreSQL"
chown postgres "$tmp"
runuser -u postgres -- "$pgbin/initdb" -D "$tmp/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$tmp/initdb.log" 2>&1 \
  || { cat "$tmp/initdb.log"; exit 1; }
runuser -u postgres -- "$pgbin/pg_ctl" -D "$tmp/pg" -l "$tmp/pg.log" -w \
  -o "-k $tmp -c listen_addresses='' -p 5432 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c wal_level=minimal -c max_wal_senders=0" start >/dev/null \
  || { cat "$tmp/pg.log"; exit 1; }

# A copy of the CLI: a build during the run must not change the plans halfway.
cp "$cli" "$tmp/erdsmith"
python3 "$root/tests/sql/pg_schema_diff.py" \
  --cases "$cases" --cli "$tmp/erdsmith" --host "$tmp" --pgbin "$pgbin" \
  --expect "$root/tests/sql/pg-schema-diff-passing.txt" --out "$root/target/pg-schema-diff" \
  --jobs "${PEER_JOBS:-2}" "$@"
