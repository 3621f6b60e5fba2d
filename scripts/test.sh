#!/usr/bin/env bash
# Runs every test: native (core, CLI, corpus), SQL on real servers, and the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Cargo's build output lives outside the clone, so a fresh clone on a machine that has built
# erdsmith before (CI, a second checkout) reuses it instead of recompiling every dependency.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/erdsmith/target}"
start=$SECONDS

# First and fast: the core does not panic (Cargo.toml [lints] denies unwrap, expect, panic! and
# unchecked indexing) and clippy's default lints are clean, natively and for the wasm32 UI.
echo "== clippy"
cargo clippy --locked --all-targets -- -D warnings
cargo clippy --locked --lib --target wasm32-unknown-unknown -- -D warnings

echo "== native tests"
cargo test --locked
cargo check --locked --benches   # benches are not built by cargo test; keep them compiling
native=$((SECONDS - start))

echo "== fuzz smoke (60 s; longer runs: cargo run --release --example fuzz -- --seconds 3600)"
cargo run --locked --example fuzz -- --seconds "${FUZZ_SECONDS:-60}"

echo "== release web build"
cargo build --locked --bin erdsmith
scripts/build.sh
scripts/build-debug.sh   # the crash-panel test needs debug_assertions (its panic trigger)

echo "== SQL exports and migrations on real servers (PostgreSQL, MariaDB, SQLite), then the peer migration cases"
tests/sql/run.sh
# pg-schema-diff's migration acceptance cases: a gate on tests/sql/pg-schema-diff-passing.txt.
tests/sql/pg-schema-diff.sh

echo "== browser tests"
browser_start=$SECONDS
node --test --test-concurrency=1 tests/e2e/
echo "timing: native tests ${native}s, browser tests $((SECONDS - browser_start))s, total $((SECONDS - start))s"
