#!/usr/bin/env bash
# Installs what the project needs and is missing; a second run installs nothing.
#   scripts/setup.sh          build tools: wasm32 target, trunk, wasm-bindgen-cli, npm tools
#   scripts/setup.sh --test   also Chromium + ChromeDriver and the database servers the tests start
# Only the package registries are used (crates.io, npm, Debian): Trunk is pinned to tools on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
# wasm-bindgen-cli must be exactly the wasm-bindgen version in Cargo.lock (pinned with = in Cargo.toml).
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf 'setup: %s\n' "$*"; }

if [[ "${1:-}" == "--test" ]]; then
  missing=()
  # postgresql-15-partman: Lago's structure.sql (corpus) creates the pg_partman extension.
  # plantuml and graphviz: the PlantUML and DOT exports are checked by the real tools (tests/it).
  # ruby: tests/oracles/rails-counts.rb runs each corpus schema.rb on a stub of Rails' DSL.
  # python3-yaml: the DynamoDB oracle (tests/oracles/dynamodb-counts.py) reads CloudFormation with PyYAML.
  for pkg in chromium chromium-driver postgresql postgresql-15-partman mariadb-server sqlite3 plantuml graphviz ruby python3-yaml; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if ((${#missing[@]})); then
    say "installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

if ! rustup component list --installed | grep -q '^clippy'; then
  say "adding clippy (scripts/test.sh runs it first)"
  rustup component add clippy
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [[ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]]; then
  say "installing trunk $TRUNK_VERSION (about 12 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if [[ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: one of its locked dependencies is no longer in the registry.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# npm tools (binaryen's wasm-opt, playwright-core, mermaid, the SARIF 2.1.0 schema with ajv, D2's
# compiler, and the format oracles @dbml/core and Prisma's schema engine @prisma/prisma-schema-wasm),
# project-local from the lockfile.
stamp=node_modules/.erdsmith-lock-sha
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ "$(cat "$stamp" 2>/dev/null)" != "$want" ]]; then
  say "installing npm tools from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" >"$stamp"
fi
