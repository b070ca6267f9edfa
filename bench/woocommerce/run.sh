#!/usr/bin/env bash
# End-to-end benchmark of the client: the fake WooCommerce's answers to a first sync of 20 000 and
# then 200 000 orders, rendered once to files (tests/fakes/fake_woocommerce.py --render) and served
# by nginx on 127.0.0.1 (static_server.sh, nginx.conf.in), so that the server is not the limit; the
# static answers are first checked byte-identical with the fake's (check_static.py). Then, REPS
# times and alternating: `sextant sync` from an empty ledger on disk; the official WooCommerce
# JavaScript client (baseline.js) at each of JS_PARALLEL; `curl --parallel` of the same URLs (every
# orders page and every refunds answer asked, without signatures) at each of CURL_PARALLEL. Each run
# measured by measure.sh: wall, CPU, peak RSS, bytes written; the table (table.py) gives the
# median run and the ratios. Sextant's total sales and the JS client's sum must agree, and the JS
# client must ask as many URLs as curl. Last, `sextant metrics` and `sextant report` over the
# demo shop's years (sextant demo).
#   bench/woocommerce/run.sh BUILD_DIR [ORDERS...]
# Environment: REPS (5: runs of the same code vary by ±15 % on a shared 2-core VM), JS_PARALLEL
# ("1 8 16 32"), CURL_PARALLEL ("4 8 16 32"), SEXTANT_PARALLEL (8),
# IDLE_WAIT (0: seconds each run may wait for no compiler to be running, on a shared machine).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source=$(cd "$here/../.." && pwd)
build=$(cd "$1" && pwd)
shift
read -ra sizes <<< "${*:-20000 200000}"
reps=${REPS:-5}
read -ra js_parallel <<< "${JS_PARALLEL:-1 8 16 32}"
read -ra curl_parallel <<< "${CURL_PARALLEL:-4 8 16 32}"
sextant_parallel=${SEXTANT_PARALLEL:-8}
sextant=$build/bin/sextant
source "$here/static_server.sh"
source "$here/measure.sh"

# In the build tree, on disk: the ledger's writes must reach a disk to be counted, not a tmpfs.
work=$(mktemp -d "$build/woocommerce-bench.XXXXXX")
fake=""
trap 'static_stop; [ -n "$fake" ] && kill "$fake" 2>/dev/null; rm -rf "$work"' EXIT
if [ "$(stat -f -c %T "$work")" = tmpfs ]; then echo "$work is on a tmpfs: writes would not be counted" >&2; exit 1; fi
results=$work/results ledgers=$work/ledgers
: > "$results"
: > "$ledgers"

mkdir -p "$work/js"
cp "$here/package.json" "$here/baseline.js" "$work/js/"
(cd "$work/js" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
export WC_KEY=ck_test WC_SECRET=cs_test
echo "compilers (cc1plus) running at the start: $(pgrep -c cc1plus || true)"

for n in "${sizes[@]}"; do
  dir=$work/$n
  mkdir -p "$dir"
  python3 "$source/tests/fakes/fake_woocommerce.py" --generate "$n" --seed 7 --render "$dir/static"
  static_start "$dir/static" "$dir/nginx"
  python3 "$source/tests/fakes/fake_woocommerce.py" --generate "$n" --seed 7 > "$dir/fake.out" &
  fake=$!
  until grep -q listening "$dir/fake.out" 2>/dev/null; do sleep 0.2; done
  python3 "$here/check_static.py" "http://127.0.0.1:$(sed -n 's/listening on //p' "$dir/fake.out")" "$static_url" \
    "$dir/static" "$WC_KEY" "$WC_SECRET"
  kill "$fake"
  wait "$fake" 2>/dev/null || true
  fake=""

  # curl's URLs: every orders page, as Sextant asks it, and every refunded order's refunds.
  query="dates_are_gmt=true&orderby=id&order=asc&per_page=100&status=any"
  pages=$(find "$dir/static/orders" -name '*.json' | wc -l)
  { for p in $(seq "$pages"); do echo "url = \"$static_url/wp-json/wc/v3/orders?$query&page=$p\""; echo 'output = "/dev/null"'; done
    for f in "$dir/static/refunds/"[0-9]*.json; do
      id=$(basename "$f" .json)
      echo "url = \"$static_url/wp-json/wc/v3/orders/$id/refunds\""; echo 'output = "/dev/null"'
    done; } > "$dir/curl.conf"
  urls=$(grep -c '^url' "$dir/curl.conf")

  cp "$source/tests/data/valid/plan.json" "$dir/"
  cat > "$dir/sextant.json" <<JSON
{ "sources": [ { "name": "woo", "plugin": "woocommerce", "http": { "parallel": $sextant_parallel },
    "settings": { "url": "$static_url", "consumer_key": { "env": "WC_KEY" }, "consumer_secret": { "env": "WC_SECRET" } } } ] }
JSON
  for rep in $(seq "$reps"); do
    echo "$n orders, round $rep of $reps"
    rm -f "$dir"/sextant.db*
    measure "$results" "$n" sextant "$sextant_parallel" "$rep" "$sextant" --config "$dir/sextant.json" -q sync
    # The ledger: its file and its write-ahead log, if any is left (not the -shm index of the log).
    echo "$n $rep $(cat "$dir/sextant.db" "$dir/sextant.db-wal" 2>/dev/null | wc -c)" >> "$ledgers"
    s_total=$("$sextant" --config "$dir/sextant.json" --format json metrics --from 2023-01-01 --to 2026-12-31 |
              python3 -c "import json,sys; print(json.load(sys.stdin)['totals']['total_sales'])")
    for p in "${js_parallel[@]}"; do
      measure "$results" "$n" js "$p" "$rep" node "$work/js/baseline.js" "$static_url" "$WC_KEY" "$WC_SECRET" "$p"
      read -r n_total n_requests < <(python3 -c "import json; r = json.load(open('$results.out')); print('%.2f' % r['total'], r['requests'])")
      [ "$s_total" = "$n_total" ] || { echo "totals differ: sextant $s_total, JS client $n_total (parallel $p)"; exit 1; }
      [ "$n_requests" = "$urls" ] || { echo "the JS client asked $n_requests URLs, curl $urls"; exit 1; }
    done
    for p in "${curl_parallel[@]}"; do
      measure "$results" "$n" curl "$p" "$rep" curl --silent --show-error --no-progress-meter --fail --parallel --parallel-max "$p" --config "$dir/curl.conf"
    done
  done
  static_stop
  rm -rf "$dir/static"
done

# Reads over the demo shop: every day since its opening (2023-01-01) to yesterday.
demo=$work/demo
"$sextant" demo --dir "$demo" > "$work/demo.out"
yesterday=$(date -u -d yesterday +%F)
orders=$("$sextant" --config "$demo/sextant.json" --format json metrics --from 2023-01-01 --to "$yesterday" |
         python3 -c "import json,sys; print(json.load(sys.stdin)['totals']['orders'])")
for rep in $(seq "$reps"); do
  measure "$results" demo metrics 0 "$rep" "$sextant" --config "$demo/sextant.json" metrics --from 2023-01-01 --to "$yesterday"
  measure "$results" demo report 0 "$rep" "$sextant" --config "$demo/sextant.json" report
done
python3 "$here/table.py" "$results" "$ledgers" <(echo "2023-01-01 to $yesterday, $orders orders")
# Every run, for a closer look (the work folder goes).
cp "$results" "$build/woocommerce-bench.runs"
cp "$ledgers" "$build/woocommerce-bench.ledgers"
echo "every run (measure.sh's columns): $build/woocommerce-bench.runs"
