#!/bin/sh
# The demo with its sessions from Matomo: starts a fake Matomo site on 127.0.0.1 (its visits
# generated since the demo shop opened), writes examples/sextant-matomo.json into DIR with the
# fake's address, syncs both sources, prints the last week's metrics and the review, and stops the
# fake. Usage: examples/demo-matomo.sh [SEXTANT] [DIR]
set -eu
sextant=${1:-./build/release/bin/sextant}
dir=${2:-sextant-demo-matomo}
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$dir"
"$sextant" init --dir "$dir" >/dev/null  # the starter plan (kept if it exists)

# About 25 times the demo shop's orders in visits: a conversion rate of some 2 to 4 %.
python3 "$root/tests/fakes/fake_matomo.py" --port 0 --token demo-matomo-token --seed 42 --scale 40 \
  --generate-from 2023-01-01 --generate-to 2099-12-31 --ts-created "2022-12-31 23:00:00" >"$dir/matomo.out" 2>&1 &
fake=$!
trap 'kill "$fake" 2>/dev/null || true' EXIT INT TERM
port=""
for _ in $(seq 100); do  # up to 10 s for "listening on PORT"
  port=$(sed -n 's/^listening on \([0-9]*\)$/\1/p' "$dir/matomo.out")
  [ -n "$port" ] && break
  kill -0 "$fake" 2>/dev/null || { cat "$dir/matomo.out" >&2; exit 1; }
  sleep 0.1
done
[ -n "$port" ] || { echo "the fake Matomo did not start" >&2; exit 1; }
sed "s|http://127.0.0.1:8431|http://127.0.0.1:$port|" "$root/examples/sextant-matomo.json" >"$dir/sextant.json"

export MATOMO_TOKEN=demo-matomo-token
config="$dir/sextant.json"
echo "== Syncing the demo shop's orders and the Matomo site's sessions (fake Matomo on port $port)"
"$sextant" --config "$config" sync
today=$(TZ=Europe/Paris date +%F)
echo
echo "== The last 7 days: sessions from Matomo, conversion = orders / sessions"
"$sextant" --config "$config" metrics --from "$(TZ=Europe/Paris date -d "$today - 7 days" +%F)" \
  --to "$(TZ=Europe/Paris date -d "$today - 1 day" +%F)"
echo
"$sextant" --config "$config" report --step 2
