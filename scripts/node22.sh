#!/usr/bin/env bash
# Runs a command under Node 22 LTS, taken from the npm registry's `node` package (nothing fetched
# from outside the package registries) and cached in .local/node22. Usage: scripts/node22.sh npm test
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
NODE22="$PWD/.local/node22"
if ! "$NODE22/node_modules/.bin/node" --version 2>/dev/null | grep -q '^v22\.'; then
  echo "[node22] installing Node 22 from the npm registry into .local/node22"
  mkdir -p "$NODE22"
  npm install --prefix "$NODE22" --no-audit --no-fund --no-save node@22 >/dev/null
fi
export PATH="$NODE22/node_modules/.bin:$PATH"
echo "[node22] $(node --version): $*"
exec "$@"
