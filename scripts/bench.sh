#!/usr/bin/env bash
# Prints the benchmark figures: native benches (import, analysis, layout, export), then the
# figures of issue 17 in headless Chromium (tests/e2e/perf-figures.mjs: first visit, transfer and
# single-file sizes, 1000-table paste, pan, drag, wheel zoom, typing into 3,000 tables, 5,000
# tables, the largest corpus schemas, @dbml/core vs the native CLI; median of 3 runs each, one
# table with the goals), then the bad inputs of issue 3 (tests/e2e/perf-import.mjs --bad-only).
# Benchmarks, not tests: nothing here fails on a slow figure.
# Usage: scripts/bench.sh [--browser-only]
#   --browser-only (or BENCH_BROWSER_ONLY=1): skip the cargo benches and the release CLI build;
#   the @dbml/core comparison then uses an existing release erdsmith (ERDSMITH_BIN, or
#   $CARGO_TARGET_DIR/release/erdsmith) or says it has none.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Cargo's build output lives outside the clone, so a fresh clone on a machine that has built
# erdsmith before (CI, a second checkout) reuses it instead of recompiling every dependency.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/erdsmith/target}"
browser_only="${BENCH_BROWSER_ONLY:-0}"
for arg in "$@"; do
  case "$arg" in
    --browser-only) browser_only=1 ;;
    *) echo "usage: scripts/bench.sh [--browser-only]" >&2; exit 2 ;;
  esac
done
if [[ "$browser_only" != 1 ]]; then
  for bench in benches/*.rs; do
    name=$(basename "$bench" .rs)
    echo "== cargo bench --bench $name"
    cargo bench --locked --bench "$name"
  done
  # The native CLI that @dbml/core's importer is compared with (a benchmark: the release build).
  echo "== cargo build --release --bin erdsmith"
  cargo build --locked --release --bin erdsmith
  export ERDSMITH_BIN="$CARGO_TARGET_DIR/release/erdsmith"
fi
[[ -f dist/index.html ]] || scripts/build.sh
echo "== benchmark figures (headless Chromium, release build in dist/)"
node tests/e2e/perf-figures.mjs
echo "== bad inputs (headless Chromium)"
node tests/e2e/perf-import.mjs --bad-only
