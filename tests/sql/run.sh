#!/usr/bin/env bash
# Executes exported DDL on real servers started here on loopback (unix sockets in a temp dir):
# PostgreSQL 15, MariaDB and SQLite. Runs
#   1. every SQL script the native export tests render (target/sql-samples/<dialect>/*.sql),
#   2. every corpus file exported to sql:postgres, sql:mysql and sql:sqlite, then re-imported and
#      compared with the original import by name (tables, columns, nullability, keys, indexes),
#   3. the migration round trips the native diff tests render (target/migration-samples):
#      baseline, up → catalog equals target's, down → catalog equals baseline's (PostgreSQL,
#      SQLite and MariaDB),
#   4. catalog identity (identity.py): each PostgreSQL, MySQL and SQLite corpus file, imported
#      and exported in its own dialect, gives the engine the same catalog as the original,
#   5. the engine-differential import checks (differential.py): what each engine accepts must
#      import as the engine's catalog says,
#   6. the operations kit (export --to opskit:DIALECT) of a few corpus schemas, executed on each
#      engine after the schema's export was loaded and analysed: every query must run; and on a
#      planted database (duplicate and redundant indexes, an unindexed foreign key, deleted rows,
#      a table without a primary key, one the design has and the database lacks) the rows each
#      query must find.
# Idempotent: a fresh temp dir each run, servers stopped and files removed on exit.
# Exits non-zero on any failure; the last line is `N passed, N failed`.
set -uo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
corpus="${ERDSMITH_CORPUS:-$root/../shared/corpus}"
cli="${CARGO_TARGET_DIR:-$root/target}/debug/erdsmith"
source "$root/tests/sql/servers.sh"
# A NOTICE (`extension "plpgsql" already exists, skipping`) is not a failure.
export PGOPTIONS="-c client_min_messages=warning"
passed=0
failed=0
failures=()

pass() { passed=$((passed + 1)); }
# known_limit "FILE → DIALECT": the one error allowed for that export (tests/sql/known-limits.tsv).
known_limit() {
  awk -F'\t' -v label="$1" '!/^#/ && NF >= 3 && ($1 " → " $2) == label { print $3 }' "$root/tests/sql/known-limits.tsv"
}
fail() { failed=$((failed + 1)); failures+=("$1"); echo "FAIL: $1" >&2; }

echo "== building the CLI and rendering the native samples"
(cd "$root" && cargo build -q --bin erdsmith) || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }
rm -rf "$root/target/sql-samples" "$root/target/migration-samples"
(cd "$root" && cargo test -q --test it export:: >/dev/null) || fail "cargo test --test it export::"

echo "== starting PostgreSQL and MariaDB"
start_servers || { echo "0 passed, 1 failed"; exit 1; }

n=0
# run_sql DIALECT FILE LABEL: executes FILE in a fresh database; 0 on success.
run_sql() {
  local d="$1" file="$2" label="$3" out
  n=$((n + 1))
  case "$d" in
    postgres)
      "${psql_base[@]}" -d postgres -c "CREATE DATABASE t$n" >/dev/null 2>&1
      # The roles a dump names as owners and grantees exist where it was dumped.
      grep -oiE '(OWNER TO|AUTHORIZATION) "?[a-z_][a-z0-9_]*' "$file" | awk '{print $NF}' | tr -d '"' | sort -u \
        | grep -viE '^(public|postgres)$' | while read -r role; do
          "${psql_base[@]}" -d postgres -c "CREATE ROLE \"$role\"" >/dev/null 2>&1
        done
      out="$("${psql_base[@]}" -d "t$n" -f "$file" 2>&1 >/dev/null)" ;;
    mysql)
      "${my_base[@]}" -e "CREATE DATABASE t$n" 2>/dev/null
      out="$("${my_base[@]}" "t$n" <"$file" 2>&1 >/dev/null)" ;;
    sqlite)
      out="$(sqlite3 -bail "$tmp/t$n.sqlite" <"$file" 2>&1 >/dev/null)" ;;
  esac
  local rc=$?
  local known
  known="$(known_limit "$label")"
  if [ -n "$known" ]; then
    # A known limit: exactly its error, every error line being it (psql goes on after an error,
    # so the rest of the script did run), and then it counts as verified.
    local errors others
    errors="$(grep -E 'ERROR|Error' <<<"$out")"
    others="$(grep -vF -- "$known" <<<"$errors")"
    if [ -n "$errors" ] && [ -z "$others" ]; then
      pass
      return 2
    fi
    fail "$label: expected only the known error '$known', got: $(head -3 <<<"${others:-no error}" | tr '\n' ' ' | cut -c1-400)"
    return 1
  fi
  if [ $rc -ne 0 ] || [ -n "$out" ]; then
    fail "$label: $( (grep -m2 -E 'ERROR|Error|error' <<<"$out" || head -3 <<<"$out") | tr '\n' ' ' | cut -c1-400)"
    return 1
  fi
  pass
  return 0
}

echo "== native export samples"
for d in postgres mysql sqlite; do
  for f in "$root/target/sql-samples/$d"/*.sql; do
    [ -e "$f" ] || continue
    run_sql "$d" "$f" "sample $d/$(basename "$f")"
  done
done

echo "== corpus exports (executed, then re-imported and compared)"
tables_run=0
while IFS=$'\t' read -r file dialect _; do
  [ "$file" = file ] && continue
  # SQL files only (dbml/, prisma/, … are other inputs). Dialects erdsmith has no name for
  # (cockroachdb, timescaledb, redshift, bigquery) are detected, as a user's paste would be.
  case "$file" in */*) continue ;; *.sql) ;; *) continue ;; esac
  src="$corpus/$file"
  [ -f "$src" ] || continue
  case "$dialect" in
    postgres|mysql|sqlite|mssql|oracle|clickhouse|duckdb|snowflake) from=(--from-dialect "$dialect"); imp=(--dialect "$dialect") ;;
    *) from=(); imp=() ;;
  esac
  "$cli" import "$src" "${imp[@]}" >"$tmp/orig.json" 2>/dev/null
  for d in postgres mysql sqlite; do
    out="$tmp/${file%.sql}.$d.sql"
    if ! "$cli" export "$src" "${from[@]}" --to "sql:$d" >"$out" 2>"$tmp/export.err"; then
      fail "$file → $d: export failed: $(head -2 "$tmp/export.err" | tr '\n' ' ')"
      continue
    fi
    tables_run=$((tables_run + $(grep -c '^CREATE TABLE' "$out")))
    # 0: executed; 2: a verified known limit (the export is still re-imported and compared).
    run_sql "$d" "$out" "$file → $d"
    [ $? -eq 1 ] && continue
    "$cli" import "$out" --dialect "$d" >"$tmp/back.json" 2>/dev/null
    if msg="$(python3 "$root/tests/sql/compare.py" "$tmp/orig.json" "$tmp/back.json" "$d" "$dialect")"; then
      pass
    else
      fail "$file → $d round trip: $msg"
    fi
  done
done <"$corpus/SOURCES.tsv"
echo "   $tables_run CREATE TABLE statements from the corpus executed"

echo "== migrations on PostgreSQL (baseline → up → target catalog; down → baseline catalog)"
catalog() { # DB: a normalized catalog listing (columns, constraints, indexes, types)
  "${psql_base[@]}" -d "$1" -At -f "$root/tests/sql/catalog.sql" 2>&1
}
for dir in "$root/target/migration-samples/postgres"/*/; do
  [ -d "$dir" ] || continue
  name="$(basename "$dir")"
  n=$((n + 1)); a="m${n}a"; b="m${n}b"
  "${psql_base[@]}" -d postgres -c "CREATE DATABASE $a" -c "CREATE DATABASE $b" >/dev/null 2>&1
  if ! out="$("${psql_base[@]}" -d "$a" -f "$dir/baseline.sql" 2>&1 >/dev/null)" || [ -n "$out" ]; then
    fail "migration $name: baseline: $out"; continue
  fi
  if ! out="$("${psql_base[@]}" -d "$b" -f "$dir/target.sql" 2>&1 >/dev/null)" || [ -n "$out" ]; then
    fail "migration $name: target: $out"; continue
  fi
  base_cat="$(catalog "$a")"
  target_cat="$(catalog "$b")"
  # The comparison can fail: both catalogs list columns, and the migration changes something.
  if ! grep -q '^column|' <<<"$base_cat" || [ "$base_cat" = "$target_cat" ]; then
    fail "migration $name: catalog query broken or baseline equals target: $(head -2 <<<"$base_cat")"; continue
  fi
  if ! out="$("${psql_base[@]}" -d "$a" -f "$dir/up.sql" 2>&1 >/dev/null)" || [ -n "$out" ]; then
    fail "migration $name: up: $out"; continue
  fi
  if [ "$(catalog "$a")" = "$target_cat" ]; then pass; else
    fail "migration $name: after up the catalog differs from the target's: $(diff <(catalog "$a") <(echo "$target_cat") | head -5 | tr '\n' ' ')"; continue
  fi
  if ! out="$("${psql_base[@]}" -d "$a" -f "$dir/down.sql" 2>&1 >/dev/null)" || [ -n "$out" ]; then
    fail "migration $name: down: $out"; continue
  fi
  if [ "$(catalog "$a")" = "$base_cat" ]; then pass; else
    fail "migration $name: after down the catalog differs from the baseline's: $(diff <(catalog "$a") <(echo "$base_cat") | head -5 | tr '\n' ' ')"
  fi
done

echo "== migrations on SQLite (same check with pragma catalogs; table rebuilds where ALTER cannot)"
lite_catalog() { sqlite3 "$1" <"$root/tests/sql/catalog-sqlite.sql" 2>&1; }
for dir in "$root/target/migration-samples/sqlite"/*/; do
  [ -d "$dir" ] || continue
  name="$(basename "$dir")"
  n=$((n + 1)); a="$tmp/m${n}a.sqlite"; b="$tmp/m${n}b.sqlite"
  sqlite3 -bail "$a" <"$dir/baseline.sql" >/dev/null 2>"$tmp/err" && sqlite3 -bail "$b" <"$dir/target.sql" >/dev/null 2>>"$tmp/err" \
    || { fail "sqlite migration $name: setup: $(head -2 "$tmp/err")"; continue; }
  base_cat="$(lite_catalog "$a")"; target_cat="$(lite_catalog "$b")"
  if ! grep -q '^column|' <<<"$base_cat" || [ "$base_cat" = "$target_cat" ]; then
    fail "sqlite migration $name: catalog query broken or baseline equals target"; continue
  fi
  sqlite3 -bail "$a" <"$dir/up.sql" >/dev/null 2>"$tmp/err" || { fail "sqlite migration $name: up: $(head -2 "$tmp/err")"; continue; }
  if [ "$(lite_catalog "$a")" = "$target_cat" ]; then pass; else
    fail "sqlite migration $name: after up: $(diff <(lite_catalog "$a") <(echo "$target_cat") | head -6 | tr '\n' ' ')"; continue
  fi
  sqlite3 -bail "$a" <"$dir/down.sql" >/dev/null 2>"$tmp/err" || { fail "sqlite migration $name: down: $(head -2 "$tmp/err")"; continue; }
  if [ "$(lite_catalog "$a")" = "$base_cat" ]; then pass; else
    fail "sqlite migration $name: after down: $(diff <(lite_catalog "$a") <(echo "$base_cat") | head -6 | tr '\n' ' ')"
  fi
done

echo "== migrations on MariaDB (same check with information_schema catalogs)"
my_catalog() { "${my_base[@]}" -N -B "$1" <"$root/tests/sql/catalog-mysql.sql" 2>&1; }
for dir in "$root/target/migration-samples/mysql"/*/; do
  [ -d "$dir" ] || continue
  name="$(basename "$dir")"
  n=$((n + 1)); a="m${n}a"; b="m${n}b"
  "${my_base[@]}" -e "CREATE DATABASE $a; CREATE DATABASE $b" 2>/dev/null
  if ! out="$("${my_base[@]}" "$a" <"$dir/baseline.sql" 2>&1 >/dev/null)" || [ -n "$out" ]; then
    fail "mariadb migration $name: baseline: $(head -2 <<<"$out" | tr '\n' ' ')"; continue
  fi
  if ! out="$("${my_base[@]}" "$b" <"$dir/target.sql" 2>&1 >/dev/null)" || [ -n "$out" ]; then
    fail "mariadb migration $name: target: $(head -2 <<<"$out" | tr '\n' ' ')"; continue
  fi
  base_cat="$(my_catalog "$a")"; target_cat="$(my_catalog "$b")"
  if ! grep -q '^column' <<<"$base_cat" || [ "$base_cat" = "$target_cat" ]; then
    fail "mariadb migration $name: catalog query broken or baseline equals target: $(head -2 <<<"$base_cat")"; continue
  fi
  if ! out="$("${my_base[@]}" "$a" <"$dir/up.sql" 2>&1 >/dev/null)" || [ -n "$out" ]; then
    fail "mariadb migration $name: up: $(head -2 <<<"$out" | tr '\n' ' ')"; continue
  fi
  if [ "$(my_catalog "$a")" = "$target_cat" ]; then pass; else
    fail "mariadb migration $name: after up the catalog differs from the target's: $(diff <(my_catalog "$a") <(echo "$target_cat") | head -6 | tr '\n' ' ')"; continue
  fi
  if ! out="$("${my_base[@]}" "$a" <"$dir/down.sql" 2>&1 >/dev/null)" || [ -n "$out" ]; then
    fail "mariadb migration $name: down: $(head -2 <<<"$out" | tr '\n' ' ')"; continue
  fi
  if [ "$(my_catalog "$a")" = "$base_cat" ]; then pass; else
    fail "mariadb migration $name: after down the catalog differs from the baseline's: $(diff <(my_catalog "$a") <(echo "$base_cat") | head -6 | tr '\n' ' ')"
  fi
done

echo "== catalog identity of same-dialect exports (tests/sql/identity.py: pg_dump, mariadb-dump, SQLite pragmas)"
if python3 "$root/tests/sql/identity.py" --cli "$cli" --pg-sock "$pg_sock_dir" --my-sock "$my_sock" --corpus "$corpus" >"$tmp/identity.txt" 2>&1; then
  pass
  tail -1 "$tmp/identity.txt"
else
  cat "$tmp/identity.txt" | head -120
  fail "catalog identity: $(tail -1 "$tmp/identity.txt")"
fi

echo "== import against the engines (tests/sql/differential.py: keywords, syntax variants, random tables)"
if python3 "$root/tests/sql/differential.py" --cli "$cli" --pg-sock "$pg_sock_dir" --my-sock "$my_sock" >"$tmp/differential.txt" 2>&1; then
  pass
  grep -E '^(postgres|mysql|sqlite|differential):' "$tmp/differential.txt"
else
  cat "$tmp/differential.txt" | head -200
  fail "engine-differential import: $(tail -1 "$tmp/differential.txt")"
fi

echo "== operations kit on loaded corpus schemas (export --to opskit:DIALECT after the schema and ANALYZE)"
# Each kit query must execute on the real engine over a real catalog: the schema is loaded from
# its export to that engine, analysed, then the kit runs in the same database (psql stops at the
# first error; -bail for sqlite3; mariadb stops at one by default).
for file in sakila_postgres.sql sakila_mysql.sql chinook_sqlite.sql employees_mysql.sql mediawiki_postgres.sql zabbix_postgres.sql; do
  src="$corpus/$file"
  [ -f "$src" ] || { fail "opskit: $file missing from the corpus"; continue; }
  for d in postgres mysql sqlite; do
    n=$((n + 1)); schema="$tmp/opskit-schema-$n.sql"; kit="$tmp/opskit-$n.sql"; label="opskit $file → $d"
    if ! "$cli" export "$src" --to "sql:$d" >"$schema" 2>/dev/null || ! "$cli" export "$src" --to "opskit:$d" >"$kit" 2>"$tmp/err"; then
      fail "$label: export failed: $(head -2 "$tmp/err" | tr '\n' ' ')"; continue
    fi
    queries=$(grep -cE '^-- [0-9]+\. \[' "$kit")
    case "$d" in
      postgres)
        "${psql_base[@]}" -d postgres -c "CREATE DATABASE k$n" >/dev/null 2>&1
        out="$("${psql_base[@]}" -d "k$n" -f "$schema" -c ANALYZE 2>&1 >/dev/null)" || { fail "$label: loading the schema: $(head -2 <<<"$out" | tr '\n' ' ')"; continue; }
        out="$("${psql_base[@]}" -d "k$n" -f "$kit" 2>&1 >"$tmp/kit.out")" ;;
      mysql)
        "${my_base[@]}" -e "CREATE DATABASE k$n" 2>/dev/null
        # A dump's export keeps its `USE db` (sakila, employees): the tables go there, an earlier
        # section may have made that database already, and the kit must run where they are.
        db="k$n"
        used="$(grep -oiE '^USE `?[A-Za-z0-9_$]+' "$schema" | tail -1 | awk '{print $2}' | tr -d '`')"
        if [ -n "$used" ]; then "${my_base[@]}" -e "DROP DATABASE IF EXISTS \`$used\`" 2>/dev/null; db="$used"; fi
        out="$("${my_base[@]}" "k$n" <"$schema" 2>&1 >/dev/null)" || { fail "$label: loading the schema: $(head -2 <<<"$out" | tr '\n' ' ')"; continue; }
        out="$("${my_base[@]}" "$db" <"$kit" 2>&1 >"$tmp/kit.out")" ;;
      sqlite)
        out="$( (cat "$schema"; echo "ANALYZE;") | sqlite3 -bail "$tmp/k$n.sqlite" 2>&1 >/dev/null)" || { fail "$label: loading the schema: $(head -2 <<<"$out" | tr '\n' ' ')"; continue; }
        out="$(sqlite3 -bail "$tmp/k$n.sqlite" <"$kit" 2>&1 >"$tmp/kit.out")" ;;
    esac
    rc=$?
    if [ $rc -ne 0 ] || [ -n "$out" ]; then
      fail "$label: $( (grep -m2 -E 'ERROR|Error|error' <<<"$out" || head -3 <<<"$out") | tr '\n' ' ' | cut -c1-400)"
    elif [ "$queries" -lt 5 ]; then
      fail "$label: only $queries queries in the kit"
    else
      pass
    fi
  done
done

echo "== operations kit finds what was planted (duplicate and redundant indexes, an unindexed foreign key, bloat, no primary key, a missing table)"
planted="CREATE TABLE parent (id int PRIMARY KEY, name varchar(50));
CREATE TABLE child (id int PRIMARY KEY, parent_id int, note varchar(50), CONSTRAINT child_parent_fk FOREIGN KEY (parent_id) REFERENCES parent (id));
CREATE INDEX child_note_a ON child (note);
CREATE INDEX child_note_b ON child (note);
CREATE INDEX child_note_id ON child (note, id);
CREATE TABLE loose (v int);"
# The design has one more table than the database: the drift query must name it.
printf '%s\nCREATE TABLE ghost (id int PRIMARY KEY);\n' "$planted" >"$tmp/planted-design.sql"
# expect DIALECT OUTPUT PATTERN…: each extended regular expression must match a line of OUTPUT.
expect() {
  local d="$1" output="$2" missing=()
  shift 2
  for p in "$@"; do grep -qE -- "$p" "$output" || missing+=("$p"); done
  if [ ${#missing[@]} -eq 0 ]; then pass; else fail "opskit planted → $d: no row matching: ${missing[*]}"; fi
}
for d in postgres mysql sqlite; do
  "$cli" export "$tmp/planted-design.sql" --from-dialect "$d" --to "opskit:$d" >"$tmp/planted-kit.sql" 2>/dev/null
  n=$((n + 1)); out="$tmp/planted-$d.out"
  case "$d" in
    postgres)
      "${psql_base[@]}" -d postgres -c "CREATE DATABASE k$n" >/dev/null 2>&1
      "${psql_base[@]}" -d "k$n" -c "$planted" \
        -c "INSERT INTO parent SELECT g, 'p' || g FROM generate_series(1, 100) g" \
        -c "INSERT INTO child SELECT g, 1 + g % 100, repeat('x', 40) FROM generate_series(1, 20000) g" \
        -c "DELETE FROM child WHERE id % 10 <> 0" -c "ANALYZE" >/dev/null 2>"$tmp/err" || { fail "opskit planted → $d: setup: $(head -2 "$tmp/err")"; continue; }
      "${psql_base[@]}" -d "k$n" -At -F '|' -f "$tmp/planted-kit.sql" >"$out" 2>"$tmp/err" || { fail "opskit planted → $d: $(head -2 "$tmp/err")"; continue; }
      expect "$d" "$out" '^public\|child\|child_note_a\|0\|' '^public\|child\|child_note_a, child_note_b\|' \
        '^public\|child\|child_note_a\|child_note_id\|' '^public\|child\|child_parent_fk\|parent_id\|parent\|' \
        '^public\|child\|[^|]*\|[^|]*\|([5-9][0-9]|100)\.[0-9]\|f$' '^public\|loose\|' '^public\|ghost$' ;;
    mysql)
      "${my_base[@]}" -e "CREATE DATABASE k$n" 2>/dev/null
      "${my_base[@]}" "k$n" -e "$planted; INSERT INTO parent VALUES (1, 'p'); ANALYZE TABLE child;" >/dev/null 2>"$tmp/err" \
        || { fail "opskit planted → $d: setup: $(head -2 "$tmp/err")"; continue; }
      "${my_base[@]}" -N -B "k$n" <"$tmp/planted-kit.sql" >"$out" 2>"$tmp/err" || { fail "opskit planted → $d: $(head -2 "$tmp/err")"; continue; }
      # InnoDB indexes every foreign key itself: that query has no row to find here.
      expect "$d" "$out" $'^child\tchild_note_b\tnote\tchild_note_a\tnote\tduplicate$' \
        $'^child\tchild_note_a\tnote\tchild_note_id\tnote,id\tprefix$' $'^loose\tInnoDB\t' $'^child\tchild_note_a\t' '^ghost$' ;;
    sqlite)
      printf '%s\n' "$planted" "WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < 20000) INSERT INTO child SELECT i, NULL, 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' FROM g;" \
        "DELETE FROM child WHERE id > 2000;" | sqlite3 -bail "$tmp/k$n.sqlite" >/dev/null 2>"$tmp/err" || { fail "opskit planted → $d: setup: $(head -2 "$tmp/err")"; continue; }
      sqlite3 -bail "$tmp/k$n.sqlite" <"$tmp/planted-kit.sql" >"$out" 2>"$tmp/err" || { fail "opskit planted → $d: $(head -2 "$tmp/err")"; continue; }
      expect "$d" "$out" '^child\|child_note_b\|note\|child_note_a\|note\|duplicate$' '^child\|child_note_a\|note\|child_note_id\|note,id\|prefix$' \
        '^child\|parent_id\|parent$' '^[0-9]+\|[1-9][0-9]*\|[0-9]+\|[0-9]+\|[0-9.]+$' '^loose$' '^ghost$' ;;
  esac
done

if [ ${#failures[@]} -gt 0 ]; then
  echo "== failures"
  printf '  %s\n' "${failures[@]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
