#!/usr/bin/env bash
# Import timings of the schema-as-code corpus (DBML, Prisma, Rails schema.rb) with the release
# CLI: the median wall time of RUNS imports per file (default 7), with the file's table count.
#   scripts/format-timings.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/erdsmith/target}"
runs=${1:-7}
cargo build --locked --release --bin erdsmith >/dev/null 2>&1
cli="$CARGO_TARGET_DIR/release/erdsmith"
corpus="${ERDSMITH_CORPUS:-../shared/corpus}"
printf '%-40s %8s %10s\n' file tables median_ms
for f in "$corpus"/dbml/*.dbml "$corpus"/prisma/*.prisma "$corpus"/rails/*.rb; do
  tables=$("$cli" import "$f" 2>/dev/null | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["tables"]))')
  times=()
  for _ in $(seq "$runs"); do
    s=$(date +%s%N)
    "$cli" import "$f" >/dev/null 2>&1
    e=$(date +%s%N)
    times+=($(((e - s) / 1000)))
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '%-40s %8s %10.1f\n' "${f#"$corpus"/}" "$tables" "$(echo "$median / 1000" | bc -l)"
done
