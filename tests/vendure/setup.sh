#!/usr/bin/env bash
# Installs the real Vendure shop of the tests from npm into DIR (once: an existing install is
# kept), with the scripts that run it (server.js) and fill it (scenario.js).
#   setup.sh DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=$1
mkdir -p "$dir"
cp "$here/package.json" "$here/server.js" "$here/scenario.js" "$here/products.csv" "$dir/"
if [ ! -d "$dir/node_modules/@vendure/core" ] || [ ! -d "$dir/node_modules/sql.js" ]; then
  (cd "$dir" && npm install --no-audit --no-fund --loglevel=error)
fi
node -e "require('$dir/node_modules/@vendure/core/package.json')" >/dev/null
echo "vendure ready in $dir"
