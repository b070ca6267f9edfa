#!/usr/bin/env bash
# Installs the build into a staging prefix, builds tests/find-package against it with
# find_package(Sextant), then loads and runs the result with the installed sextant.
#   run.sh BUILD_DIR SOURCE_DIR WORK_DIR "CXX_FLAGS"
set -euo pipefail
build=$1 source=$2 work=$3 flags=${4:-}
rm -rf "$work"
mkdir -p "$work"
cmake --install "$build" --prefix "$work/prefix" > "$work/install.log"
cmake -S "$source/tests/find-package" -B "$work/build" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_MODULE_LINKER_FLAGS="$flags" > "$work/configure.log"
cmake --build "$work/build" > "$work/build.log"

listing=$(SEXTANT_PLUGIN_PATH="$work/build" "$work/prefix/bin/sextant" plugins)
echo "$listing"
grep -q "^source outoftree 0.1.0  ok  $work/build/sextant-source-outoftree.so$" <<< "$listing"
grep -q "^source demo 1.0.0  ok  $work/prefix/" <<< "$listing"  # the installed plugins are found too

# And it runs: one order of 12.34 on 2025-01-15.
cp "$source/tests/data/valid/plan.json" "$work/plan.json"
cat > "$work/sextant.json" <<JSON
{ "plugin_path": ["build"], "sources": [ { "plugin": "outoftree", "settings": { "amount": "12.34" } } ] }
JSON
"$work/prefix/bin/sextant" --config "$work/sextant.json" --today 2025-02-01 -q sync
csv=$("$work/prefix/bin/sextant" --config "$work/sextant.json" --format csv metrics --from 2025-01-15 --to 2025-01-15)
echo "$csv"
grep -q "^2025-01-15,1,1,12.34,0.00,0.00,12.34," <<< "$csv"
echo "find_package(Sextant) builds a plugin that the installed sextant loads and runs"
