#!/usr/bin/env bash
# Makes the demo workspace with the CLI, keeps the CLI's report, then runs the C test on them.
#   run.sh SEXTANT ABI_TEST WORK_DIR CYCLES
set -euo pipefail
program=$1 test=$2 work=$3 cycles=$4
rm -rf "$work"
mkdir -p "$work"
"$program" --today 2026-11-26 -q demo --dir "$work/demo"
"$program" --config "$work/demo/sextant.json" --today 2026-11-26 --format json report > "$work/cli-report.json"
"$test" "$work/demo/sextant.json" 2026-11-26 "$work/cli-report.json" "$cycles"
