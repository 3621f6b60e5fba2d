#!/usr/bin/env bash
# Builds the release web app into dist/ (wasm-opt'ed, content-hashed file names).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Cargo's build output lives outside the clone, so a fresh clone on a machine that has built
# erdsmith before (CI, a second checkout) reuses it instead of recompiling every dependency.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/erdsmith/target}"
scripts/bundle-editor.sh
trunk build --release --offline "$@"
node scripts/postbuild.mjs dist dist-single
