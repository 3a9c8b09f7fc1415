#!/usr/bin/env bash
# Lints proto/src/main/proto with buf (STANDARD rules, see buf.yaml), installing the pinned buf from npm on first use.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
if [ ! -x "$here/node_modules/.bin/buf" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --silent)
fi
cd "$root"
"$here/node_modules/.bin/buf" lint
echo "buf lint: proto/src/main/proto passes the STANDARD rules"
