#!/usr/bin/env bash
# Starts a real Redmine (thin, as www-data) on a free port of 127.0.0.1 for one test program, on
# its own copy of the database configured by setup.sh, and waits until the REST API answers.
#   start.sh DIR [STATE_DIR]     (STATE_DIR: the directory given to setup.sh; default DIR)
# Writes into DIR: redmine.json {"url", "admin_key", "alice_key", "bob_key", "custom_field_id",
# "users": {"alice": id, "bob": id}}, thin.yml, thin.pid, thin.log (thin and Rails logs) and
# db/redmine.sqlite (a fresh copy at every start; SEXTANT_REDMINE_KEEP_DATA=1 keeps an existing
# one). A server still running from an earlier start in DIR is stopped first; a stale pid file (a
# server killed with SIGKILL) is removed. Run as root. Stop with stop.sh DIR.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: $0 DIR [STATE_DIR]" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "redmine start: must run as root (the server runs as www-data)" >&2; exit 1; }
mkdir -p "$1"
dir=$(cd "$1" && pwd)
[ -d "${2:-$1}" ] || { echo "redmine start: no directory ${2:-$1}: run tests/redmine/setup.sh on it first" >&2; exit 1; }
state_dir=$(cd "${2:-$1}" && pwd)
state=$state_dir/redmine-state.json
snapshot=$state_dir/redmine.sqlite
[ -s "$state" ] && [ -s "$snapshot" ] || {
  echo "redmine start: no $state or $snapshot: run tests/redmine/setup.sh $state_dir first" >&2; exit 1; }
timeout_s=${SEXTANT_REDMINE_START_TIMEOUT:-60}

"$here/stop.sh" "$dir" >/dev/null
rm -f "$dir/redmine.json"  # written again only once the new server answers

# The database, writable by www-data (sqlite also writes its journal next to the file).
mkdir -p "$dir/db"
if [ "${SEXTANT_REDMINE_KEEP_DATA:-0}" != 1 ] || [ ! -s "$dir/db/redmine.sqlite" ]; then
  rm -f "$dir/db/redmine.sqlite" "$dir/db/redmine.sqlite-journal"
  cp "$snapshot" "$dir/db/redmine.sqlite"
fi
chown -R www-data:www-data "$dir/db"
chmod 700 "$dir/db"
chmod 600 "$dir/db/redmine.sqlite"
runuser -u www-data -- test -w "$dir/db/redmine.sqlite" || {
  echo "redmine start: user www-data cannot reach $dir/db: every parent directory of DIR must be" \
       "searchable by others (chmod o+x), e.g. a directory in the build tree rather than a mkdtemp one" >&2
  exit 1; }

free_port() { ruby -rsocket -e 's = TCPServer.new("127.0.0.1", 0); puts s.addr[1]; s.close'; }
log_tail() { echo "--- last lines of $dir/thin.log:" >&2; tail -n 30 "$dir/thin.log" >&2 2>/dev/null || true; }

start=$(date +%s)
free_port_override=${SEXTANT_REDMINE_PORT:-}  # a fixed port for the first attempt (debugging)
for attempt in 1 2 3; do
  port=$free_port_override
  [ -n "$port" ] || port=$(free_port)
  free_port_override=
  url=http://127.0.0.1:$port
  # Debian's example (/usr/share/doc/redmine/examples/thin-redmine.yml), on loopback, files in DIR.
  cat >"$dir/thin.yml" <<EOF
environment: production
chdir: /usr/share/redmine/
user: www-data
group: www-data
address: 127.0.0.1
port: $port
pid: $dir/thin.pid
log: $dir/thin.log
timeout: 60
EOF
  : >"$dir/thin.log"
  # The default instance's config and secret, with this copy of the database; Rails logs to the
  # thin log (stdout of the daemon).
  if ! env RAILS_ENV=production RAILS_LOG_TO_STDOUT=1 DATABASE_URL="sqlite3:$dir/db/redmine.sqlite" \
       thin -C "$dir/thin.yml" -d start >>"$dir/thin.log" 2>&1; then
    echo "redmine start: thin failed to start" >&2; log_tail; exit 1
  fi
  for _ in $(seq 50); do [ -s "$dir/thin.pid" ] && break; sleep 0.1; done
  pid=$(cat "$dir/thin.pid" 2>/dev/null || true)
  [ -n "$pid" ] || { echo "redmine start: thin wrote no pid file" >&2; log_tail; exit 1; }
  # Poll GET /users/current.json with the admin key (read from the state file, never put on a
  # command line) until 200, the server's death (exit 3) or the deadline (exit 2).
  rc=0
  ruby -rjson -rnet/http -e '
    state, url, pid, deadline = ARGV[0], ARGV[1], ARGV[2].to_i, ARGV[3].to_f
    key = JSON.parse(File.read(state)).fetch("admin_key")
    uri = URI(url + "/users/current.json")
    last = "no answer"
    alive = lambda { (File.read("/proc/#{pid}/stat")[/\) (\w)/, 1] != "Z") rescue false }
    loop do
      exit 3 unless alive.call
      begin
        res = Net::HTTP.start(uri.host, uri.port, open_timeout: 2, read_timeout: 10) do |http|
          http.get(uri.path, "X-Redmine-API-Key" => key)
        end
        exit 0 if res.code == "200"
        last = "HTTP #{res.code}"
      rescue StandardError => e
        last = e.class.name
      end
      if Process.clock_gettime(Process::CLOCK_REALTIME) >= deadline
        warn "redmine start: no answer 200 from #{uri} in time (last: #{last})"
        exit 2
      end
      sleep 0.2
    end' "$state" "$url" "$pid" "$(( start + timeout_s ))" || rc=$?
  [ "$rc" = 0 ] && break
  if [ "$rc" != 3 ]; then
    log_tail; "$here/stop.sh" "$dir" >/dev/null 2>&1 || true; exit 1
  fi
  # The server died: another process may have taken the port between the choice and the bind.
  rm -f "$dir/thin.pid"
  if ! grep -qiE 'no acceptor|address already in use' "$dir/thin.log" || [ "$attempt" = 3 ]; then
    echo "redmine start: the server exited before answering" >&2; log_tail; exit 1
  fi
done

ruby -rjson -e '
  s = JSON.parse(File.read(ARGV[0]))
  out = { "url" => ARGV[1], "admin_key" => s["admin_key"], "alice_key" => s["alice_key"],
          "bob_key" => s["bob_key"], "custom_field_id" => s["custom_field_id"], "users" => s["users"] }
  File.write(ARGV[2] + ".tmp", JSON.pretty_generate(out) + "\n")
  File.rename(ARGV[2] + ".tmp", ARGV[2])' "$state" "$url" "$dir/redmine.json"
chmod 600 "$dir/redmine.json"
echo "redmine ready at $url"
