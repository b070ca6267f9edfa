# shellcheck shell=bash
# Sourced by run.sh: the static WooCommerce, nginx (nginx.conf.in) over a folder rendered by
# tests/fakes/fake_woocommerce.py --render, on a free port of 127.0.0.1, with its own prefix,
# config, pid and logs in a work folder.
#   static_start RENDERED_FOLDER WORK_FOLDER    sets static_url and static_pid
#   static_stop
nginx=/usr/sbin/nginx  # Debian's nginx-light (.ci/deps.sh)
static_template=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/nginx.conf.in

static_start() {
  local root=$1 work=$2 port user=""
  mkdir -p "$work/tmp"
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  # As root, nginx's workers would otherwise switch to nobody, who may not read a private work folder.
  [ "$(id -u)" -ne 0 ] || user="user root;"
  sed -e "s|@USER@|$user|" -e "s|@WORK@|$work|g" -e "s|@ROOT@|$root|g" -e "s|@PORT@|$port|" \
    "$static_template" > "$work/nginx.conf"
  "$nginx" -p "$work" -c "$work/nginx.conf" -e "$work/error.log" &
  static_pid=$!
  static_url="http://127.0.0.1:$port"
  for _ in $(seq 100); do
    kill -0 "$static_pid" 2>/dev/null || { echo "nginx did not start:"; cat "$work/error.log"; return 1; } >&2
    curl -s -o /dev/null "$static_url/" && return 0
    sleep 0.1
  done
  echo "nginx does not answer on $static_url" >&2
  return 1
}

static_stop() {
  [ -z "${static_pid:-}" ] && return 0
  kill -QUIT "$static_pid" 2>/dev/null || true  # graceful: the master stops its worker
  wait "$static_pid" 2>/dev/null || true
  static_pid=""
}
