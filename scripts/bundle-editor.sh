#!/usr/bin/env bash
# Bundles web/editor.js (CodeMirror 6 and our glue) into build/editor.js, which index.html copies
# into the build. Skips the work when the bundle is newer than its sources and the lockfile.
set -euo pipefail
cd "$(dirname "$0")/.."
out=build/editor.js
if [[ -f $out && -z "$(find web package-lock.json -newer "$out" -print -quit)" ]]; then
  exit 0
fi
mkdir -p build
node_modules/.bin/esbuild web/editor.js --bundle --minify --format=iife --target=es2020 --log-level=warning --outfile="$out"
