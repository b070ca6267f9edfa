#!/usr/bin/env bash
# Benchmark (not a test): `sextant sync` of ORDERS generated orders, paged, from the fake Shopify
# (tests/fakes/fake_shopify.py, real HTTP on 127.0.0.1) whose bucket runs in real time, for each
# plan's bucket: "legacy" 1 000 points restoring 50/s, the current "standard" 2 000 at 100/s,
# "advanced" 4 000 at 200/s, "plus" 20 000 at 1 000/s. Prints the elapsed time, the bucket's
# theoretical minimum for the points the sync actually spent, and their ratio (goal: ≤ 1.2).
# The minimum: the bucket starts full, so (total actual cost − capacity) / restore rate seconds.
#   bench/shopify/run.sh BUILD_DIR [ORDERS] [PLAN...]     (default: 3000 orders, legacy and standard)
# At 1 000/50, 3 000 orders (about 74 000 points) need about 25 minutes however well paced; give
# fewer orders for a quicker run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source=$(cd "$here/../.." && pwd)
build=$(cd "$1" && pwd)
orders=${2:-3000}
shift $(( $# >= 2 ? 2 : 1 ))
plans=("${@:-legacy standard}")
plans=(${plans[@]})
work=$(mktemp -d)
fake=""
trap '[ -n "$fake" ] && kill "$fake" 2>/dev/null; rm -rf "$work"' EXIT
python=/usr/bin/python3  # Debian's, with python3-graphql-core (.ci/deps.sh)

printf '%-9s | %-7s | %-8s | %-9s | %-13s | %-10s | %s\n' plan orders requests "elapsed" "actual points" "minimum" ratio
for plan in "${plans[@]}"; do
  dir="$work/$plan"
  mkdir -p "$dir"
  "$python" "$source/tests/fakes/fake_shopify.py" --generate "$orders" --seed 7 --plan "$plan" > "$dir/fake.out" &
  fake=$!
  until grep -q listening "$dir/fake.out" 2>/dev/null; do sleep 0.2; done
  url="http://127.0.0.1:$(sed -n 's/listening on //p' "$dir/fake.out")"
  cp "$source/tests/data/valid/plan.json" "$dir/"
  cat > "$dir/sextant.json" <<JSON
{ "sources": [ { "name": "shopify", "plugin": "shopify",
    "settings": { "url": "$url", "allow_insecure_http": true, "access_token": { "env": "SHOPIFY_TOKEN" },
                  "sessions": false } } ] }
JSON
  start=$(date +%s.%N)
  SHOPIFY_TOKEN=shpat_test "$build/bin/sextant" --config "$dir/sextant.json" -q sync
  end=$(date +%s.%N)
  "$python" - "$plan" "$orders" "$start" "$end" "$url" <<'PY'
import json, sys, urllib.request
plan, orders, start, end, url = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
s = json.load(urllib.request.urlopen(url + "/__control/stats"))
elapsed = end - start
minimum = max(0.0, (s["actual_cost"] - s["capacity"]) / s["restore_rate"])
ratio = elapsed / minimum if minimum > 0 else float("nan")
print("%-9s | %-7d | %-8d | %7.1f s | %-13d | %8.1f s | %.2f" % (plan, orders, s["requests"], elapsed,
                                                                 s["actual_cost"], minimum, ratio))
PY
  kill "$fake" 2>/dev/null || true
  wait "$fake" 2>/dev/null || true
  fake=""
done
