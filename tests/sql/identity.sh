#!/usr/bin/env bash
# Runs tests/sql/identity.py (catalog identity of same-dialect exports of the corpus) against
# PostgreSQL and MariaDB started here on loopback and SQLite. Arguments go to identity.py.
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
source "$root/tests/sql/servers.sh"
cli="${CARGO_TARGET_DIR:-$root/target}/debug/erdsmith"
(cd "$root" && cargo build -q --bin erdsmith) || exit 1
start_servers || exit 1
python3 "$root/tests/sql/identity.py" --cli "$cli" --pg-sock "$pg_sock_dir" --my-sock "$my_sock" \
  --corpus "${ERDSMITH_CORPUS:-$root/../shared/corpus}" "$@"
