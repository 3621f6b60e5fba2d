#!/usr/bin/env bash
# Builds the release web app into dist/ (wasm-opt'ed, content-hashed file names).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
trunk build --release --offline "$@"
node scripts/postbuild.mjs dist dist-single
