#!/usr/bin/env bash
# Runs every fuzz target of a fuzz build for a set time: `make fuzz` (FUZZ_SECONDS, default 60).
#   tests/fuzz/run.sh BUILD_DIR SECONDS [TARGET...]
# Each target starts from its committed seeds and regressions, copied to a scratch folder so that
# what it learns never changes the tree. A crash, a failed property, a hang (over 10 s on one
# input) or a leak is a finding: the input is kept in BUILD_DIR/findings/TARGET/ with the command
# that reproduces it, and the script fails once every target has run.
set -uo pipefail
cd "$(dirname "$0")/../.."
build=${1:?usage: tests/fuzz/run.sh BUILD_DIR SECONDS [TARGET...]}
seconds=${2:?usage: tests/fuzz/run.sh BUILD_DIR SECONDS [TARGET...]}
shift 2
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for dir in tests/fuzz/corpus/*/; do targets+=("$(basename "$dir")"); done
fi

json_targets="json plan config amount woocommerce_page shopify_page"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
failed=()
summary=()
for name in "${targets[@]}"; do
  program=$build/tests/fuzz/fuzz_$name
  scratch=$build/fuzz-scratch/$name
  findings=$build/findings/$name
  rm -rf "$scratch" "$findings" "$build/fuzz-scratch/$name.dict"
  mkdir -p "$scratch" "$findings"
  cp tests/fuzz/corpus/"$name"/* "$scratch"/
  [ -d tests/fuzz/regressions/"$name" ] && find tests/fuzz/regressions/"$name" -type f ! -name .gitkeep -exec cp {} "$scratch"/ \;
  log=$findings/fuzz.log
  echo "fuzz: $name for ${seconds}s"
  # The words it starts from: JSON's for the targets that read JSON, then its own.
  words=$build/fuzz-scratch/$name.dict
  case " $json_targets " in *" $name "*) cat tests/fuzz/json.dict >"$words" ;; *) : >"$words" ;; esac
  [ -f tests/fuzz/"$name".dict ] && cat tests/fuzz/"$name".dict >>"$words"
  dict=()
  [ -s "$words" ] && dict=(-dict="$words")
  # A hang that strikes inside malloc can lock libFuzzer's own timeout handler: the run is cut
  # off two minutes past its time, and that is a finding too.
  timeout -k 10 $((seconds + 120)) \
  "$program" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    "${dict[@]}" -artifact_prefix="$findings/" "$scratch" >"$log" 2>&1
  status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  # A run that ends in a finding prints no final stats: its last progress line has the count.
  [ -n "$execs" ] || execs=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#')
  kept=$(find "$findings" -type f ! -name fuzz.log ! -name reproduce.txt | sort)
  if [ $status -ne 0 ] || [ -n "$kept" ]; then
    failed+=("$name")
    {
      echo "# $name: a finding (exit $status); reproduce each input with:"
      for input in $kept; do echo "$program $input"; done
      [ $status -eq 124 ] || [ $status -eq 137 ] && echo "# cut off by timeout: libFuzzer hung in its own handler, no input kept"
      echo "# the run's log: $log"
    } >"$findings/reproduce.txt"
    tail -40 "$log"
    cat "$findings/reproduce.txt"
    summary+=("$name: ${execs:-?} runs, FINDING (see $findings/reproduce.txt)")
  else
    summary+=("$name: ${execs:-?} runs, no finding")
  fi
done

echo "fuzz summary (${seconds}s each):"
printf '  %s\n' "${summary[@]}"
if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzz: findings in ${failed[*]}" >&2
  exit 1
fi
