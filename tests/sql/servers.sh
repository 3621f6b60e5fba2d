# Sourced by the scripts in tests/sql: starts PostgreSQL 15 and MariaDB on unix sockets in a
# fresh temp dir (no network), and stops them and removes the dir on exit.
#   start_servers            sets $tmp, $pg_sock_dir, $my_sock, psql_base=(…), my_base=(…)
# Needs root (PostgreSQL runs as the postgres user through runuser).

pgbin=/usr/lib/postgresql/15/bin

stop_servers() {
  if [ -f "$tmp/pg/postmaster.pid" ]; then
    runuser -u postgres -- "$pgbin/pg_ctl" -D "$tmp/pg" -m immediate stop >/dev/null 2>&1
  fi
  if [ -f "$tmp/my.pid" ]; then
    kill "$(cat "$tmp/my.pid")" 2>/dev/null
    for _ in $(seq 50); do [ -f "$tmp/my.pid" ] || break; sleep 0.1; done
  fi
  rm -rf "$tmp"
}

start_servers() {
  tmp="$(mktemp -d /tmp/erdsmith-sql.XXXXXX)"
  trap stop_servers EXIT INT TERM
  chown postgres "$tmp"
  runuser -u postgres -- "$pgbin/initdb" -D "$tmp/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$tmp/initdb.log" 2>&1 \
    || { cat "$tmp/initdb.log"; return 1; }
  runuser -u postgres -- "$pgbin/pg_ctl" -D "$tmp/pg" -l "$tmp/pg.log" -w \
    -o "-k $tmp -c listen_addresses='' -p 5432 -c fsync=off" start >/dev/null \
    || { cat "$tmp/pg.log"; return 1; }
  pg_sock_dir="$tmp"
  psql_base=(psql -X -q -h "$tmp" -p 5432 -U postgres -v ON_ERROR_STOP=1)

  mariadb-install-db --no-defaults --datadir="$tmp/my" --user=root --auth-root-authentication-method=normal \
    --skip-test-db >"$tmp/my-install.log" 2>&1 || { cat "$tmp/my-install.log"; return 1; }
  mariadbd --no-defaults --datadir="$tmp/my" --socket="$tmp/my.sock" --skip-networking --user=root \
    --skip-grant-tables --pid-file="$tmp/my.pid" --log-error="$tmp/my.err" --innodb-flush-log-at-trx-commit=0 &
  for _ in $(seq 100); do [ -S "$tmp/my.sock" ] && break; sleep 0.1; done
  [ -S "$tmp/my.sock" ] || { cat "$tmp/my.err"; return 1; }
  my_sock="$tmp/my.sock"
  my_base=(mariadb --no-defaults -S "$tmp/my.sock" -u root)
}
