#!/usr/bin/env bash
# Prints the benchmark figures: native benches (import, analysis, layout, export) and the
# in-browser perf scripts (import, layout, drag fps, latency, heap at 1000 tables; import of the
# 1000-table postgres and mysql schemas and of the bad inputs).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Cargo's build output lives outside the clone, so a fresh clone on a machine that has built
# erdsmith before (CI, a second checkout) reuses it instead of recompiling every dependency.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/erdsmith/target}"
for bench in benches/*.rs; do
  name=$(basename "$bench" .rs)
  echo "== cargo bench --bench $name"
  cargo bench --locked --bench "$name"
done
if [[ -f tests/e2e/perf-drag.mjs ]]; then
  [[ -f dist/index.html ]] || scripts/build.sh
  echo "== browser perf (headless Chromium)"
  node tests/e2e/perf-drag.mjs
fi
if [[ -f tests/e2e/perf-import.mjs ]]; then
  [[ -f dist/index.html ]] || scripts/build.sh
  echo "== browser import and bad inputs (headless Chromium)"
  node tests/e2e/perf-import.mjs
fi
