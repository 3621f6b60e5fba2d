#!/usr/bin/env bash
# Sets up what is missing, builds the release app and serves it on http://127.0.0.1:${PORT:-8080}.
#   scripts/serve.sh [PORT]
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:-${PORT:-8080}}"
scripts/setup.sh
scripts/build.sh
exec node scripts/static-server.mjs dist "$port"
