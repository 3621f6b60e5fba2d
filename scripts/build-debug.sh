#!/usr/bin/env bash
# Builds a DEBUG web app into dist-debug/ for the crash-panel browser test: debug_assertions on,
# so the test-only panic trigger (window.__erdsmithPanic) exists; release builds never have it.
# index.html pins the wasm-release profile (which beats --cargo-profile), so this builds from a
# copy without that pin. Trunk runs wasm-opt only in release mode, so none runs here.
# Skips the build when dist-debug is newer than every source it depends on.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/erdsmith/target}"
scripts/bundle-editor.sh
stamp=dist-debug/index.html
if [[ -f $stamp && -z "$(find src style public web build index.html Cargo.toml Cargo.lock -newer "$stamp" -print -quit)" ]]; then
  echo "dist-debug is up to date"
  exit 0
fi
sed 's/ data-cargo-profile="wasm-release"//; s/ data-wasm-opt="[a-z0-9]*"//' index.html > index.debug.html
trap 'rm -f index.debug.html' EXIT
trunk build --offline --dist dist-debug index.debug.html
if [[ -f dist-debug/index.debug.html ]]; then mv dist-debug/index.debug.html dist-debug/index.html; fi
touch "$stamp"
