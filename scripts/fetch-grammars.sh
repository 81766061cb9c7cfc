#!/usr/bin/env bash
# Fetches the tree-sitter runtime and grammar sources pinned (version + integrity) in
# grammars/package-lock.json into grammars/node_modules. Nothing fetched is committed.
set -euo pipefail
cd "$(dirname "$0")/../grammars"
if [[ -f node_modules/.package-lock.json ]] && cmp -s package-lock.json .installed-lock 2>/dev/null; then
  exit 0
fi
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
cp package-lock.json .installed-lock
