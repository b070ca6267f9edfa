#!/usr/bin/env bash
# Installs (if missing) and configures the real Redmine of the tests (Debian 12 packages), then
# writes its state and a snapshot of its configured database into STATE_DIR:
#   STATE_DIR/redmine-state.json  {"admin_key", "alice_key", "bob_key", "custom_field_id",
#                                  "users": {"alice": id, "bob": id}, "passwords": {...}}
#   STATE_DIR/redmine.sqlite      the database that start.sh copies for each server it starts
# Run as root. Idempotent; when nothing changed since the last run it returns at once.
#   setup.sh STATE_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ $# -eq 1 ] || { echo "usage: $0 STATE_DIR" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "redmine setup: must run as root (installs packages, runs Redmine as www-data)" >&2; exit 1; }
mkdir -p "$1"
state_dir=$(cd "$1" && pwd)
state=$state_dir/redmine-state.json
snapshot=$state_dir/redmine.sqlite
stamp=$state_dir/redmine.stamp
redmine=/usr/share/redmine

packages=(redmine redmine-sqlite thin)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "redmine setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt_log=$(mktemp)
  # The package lists may be missing or stale on a fresh machine: update only if needed.
  if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$apt_log" 2>&1; then
    if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$apt_log" 2>&1; then
      echo "redmine setup: apt-get install failed:" >&2; tail -n 30 "$apt_log" >&2; rm -f "$apt_log"; exit 1
    fi
  fi
  rm -f "$apt_log"
fi

# The database of the package's default instance (dbconfig-common, sqlite3).
# The package's postinst (dbconfig-common) creates it, migrated and with the default data loaded.
dbyml=/etc/redmine/default/database.yml
db=$(sed -n 's/^ *database: *//p' "$dbyml" 2>/dev/null | head -1 || true)
if [ -z "$db" ] || [ ! -f "$db" ]; then
  echo "redmine setup: no sqlite database for Redmine's default instance ($dbyml: '${db}')." >&2
  echo "  Reconfigure the package (dpkg-reconfigure redmine, choosing sqlite3), or purge it with" >&2
  echo "  its debconf answers (apt-get purge redmine; echo PURGE | debconf-communicate redmine) and rerun." >&2
  exit 1
fi

# Fast path: same database, same configuration script, and the outputs are there.
want_stamp() { sha256sum "$db" "$here/configure.rb" | cut -d' ' -f1 | tr -d '\n'; }
if [ -s "$state" ] && [ -s "$snapshot" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(want_stamp)" ]; then
  echo "redmine configured (unchanged), state in $state"
  exit 0
fi

# One rails runner (as www-data, from /usr/share/redmine) does all the configuration. It writes the
# state to a file of its own, kept out of stdout since it holds API keys and passwords.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
cp "$here/configure.rb" "$work/"
: >"$work/state.json"
chown www-data:www-data "$work/state.json"
chmod 600 "$work/state.json"
if ! (cd "$redmine" && runuser -u www-data -- env RAILS_ENV=production REDMINE_LANG=en \
        SEXTANT_REDMINE_STATE="$work/state.json" bin/rails runner "$work/configure.rb") \
        >"$work/runner.log" 2>&1; then
  echo "redmine setup: configuration failed:" >&2
  tail -n 40 "$work/runner.log" >&2
  exit 1
fi

install -m 600 "$work/state.json" "$state"
cp "$db" "$snapshot.tmp" && mv "$snapshot.tmp" "$snapshot"
want_stamp >"$stamp"
echo "redmine configured, state in $state"
