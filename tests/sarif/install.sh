#!/usr/bin/env bash
# Test-only tools for validating `ax lint --format sarif`: ajv and the SARIF 2.1.0 schema, pinned by
# version and integrity in package-lock.json, installed into DEST (default: beside this script).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dest=${1:-$here}
mkdir -p "$dest"
if [[ "$dest" != "$here" ]]; then cp "$here/package.json" "$here/package-lock.json" "$here/validate.js" "$dest/"; fi
cd "$dest"
if [[ -f node_modules/.package-lock.json ]] && cmp -s package-lock.json .installed-lock 2>/dev/null; then exit 0; fi
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
cp package-lock.json .installed-lock
