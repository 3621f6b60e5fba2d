#!/usr/bin/env bash
# Runs tests/sql/differential.py against PostgreSQL and MariaDB started here on loopback
# (unix sockets) and SQLite in-process. Arguments go to differential.py (e.g. --only mysql).
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
source "$root/tests/sql/servers.sh"
cli="${CARGO_TARGET_DIR:-$root/target}/debug/erdsmith"
(cd "$root" && cargo build -q --bin erdsmith) || exit 1
start_servers || exit 1
python3 "$root/tests/sql/differential.py" --cli "$cli" --pg-sock "$pg_sock_dir" --my-sock "$my_sock" "$@"
