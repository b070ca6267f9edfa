#!/usr/bin/env bash
# End-to-end benchmark: `sextant sync` of a fake WooCommerce shop (tests/fakes/fake_woocommerce.py,
# real HTTP on 127.0.0.1, OAuth 1.0a) of 20 000 and then 200 000 orders, with orders per second,
# requests per second and peak memory; in the same run the official WooCommerce JavaScript client
# reads the same pages and sums the same totals, as a baseline. Both totals must agree.
#   bench/woocommerce/run.sh BUILD_DIR [ORDERS...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source=$(cd "$here/../.." && pwd)
build=$(cd "$1" && pwd)
shift
sizes=("${@:-20000 200000}")
sizes=(${sizes[@]})
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

cp "$here/package.json" "$here/baseline.js" "$work/"
(cd "$work" && npm install --no-audit --no-fund --loglevel=error >/dev/null)

printf '%-8s | %-36s | %-26s | %s\n' orders "sextant: s, orders/s, req/s, peak MB" "JS client: s, peak MB" "speed ratio"
for n in "${sizes[@]}"; do
  mkdir -p "$work/$n"
  python3 "$source/tests/fakes/fake_woocommerce.py" --generate "$n" --seed 7 > "$work/$n/fake.out" &
  until grep -q listening "$work/$n/fake.out" 2>/dev/null; do sleep 0.2; done
  port=$(sed -n 's/listening on //p' "$work/$n/fake.out")
  url="http://127.0.0.1:$port"
  cp "$source/tests/data/valid/plan.json" "$work/$n/"
  cat > "$work/$n/sextant.json" <<JSON
{ "sources": [ { "name": "woo", "plugin": "woocommerce", "http": { "parallel": 8 },
    "settings": { "url": "$url", "consumer_key": { "env": "WC_KEY" }, "consumer_secret": { "env": "WC_SECRET" } } } ] }
JSON
  export WC_KEY=ck_test WC_SECRET=cs_test
  /usr/bin/time -f "%e %M" -o "$work/sextant.time" "$build/bin/sextant" --config "$work/$n/sextant.json" -q sync
  read -r s_secs s_kb < "$work/sextant.time"
  requests=$(python3 -c "import json,urllib.request; print(json.load(urllib.request.urlopen('$url/__control/stats'))['requests'])")
  s_total=$("$build/bin/sextant" --config "$work/$n/sextant.json" --format json metrics --from 2023-01-01 --to 2026-12-31 |
            python3 -c "import json,sys; print(json.load(sys.stdin)['totals']['total_sales'])")

  /usr/bin/time -f "%e %M" -o "$work/node.time" node "$work/baseline.js" "$url" ck_test cs_test > "$work/node.out"
  read -r n_secs n_kb < "$work/node.time"
  n_total=$(python3 -c "import json; print('%.2f' % json.load(open('$work/node.out'))['total'])")
  kill %1 2>/dev/null || true
  wait 2>/dev/null || true

  [ "$s_total" = "$n_total" ] || { echo "totals differ: sextant $s_total, JS client $n_total"; exit 1; }
  python3 - "$n" "$s_secs" "$s_kb" "$requests" "$n_secs" "$n_kb" <<'PY'
import sys
n, s, skb, req, ns, nkb = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
print("%-8d | %6.1f s, %8.0f/s, %6.1f/s, %6.1f MB   | %6.1f s, %6.1f MB        | %.2fx" %
      (n, s, n / s, req / s, skb / 1024, ns, nkb / 1024, ns / s))
PY
  echo "$n $s_kb" >> "$work/memory"
done
python3 - "$work/memory" <<'PY'
import sys
rows = [tuple(map(int, l.split())) for l in open(sys.argv[1])]
if len(rows) >= 2:
    (n1, m1), (n2, m2) = rows[0], rows[-1]
    print("peak memory: %d orders %.1f MB, %d orders %.1f MB: x%.2f for x%d the orders" % (n1, m1 / 1024, n2, m2 / 1024, m2 / m1, n2 // n1))
PY
