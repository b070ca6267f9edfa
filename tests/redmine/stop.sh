#!/usr/bin/env bash
# Stops the Redmine that start.sh DIR started and waits until it has exited. Nothing running (no
# pid file, or a stale one left by a server killed with SIGKILL) is not an error.
#   stop.sh DIR
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
pidfile=$1/thin.pid
if [ ! -e "$pidfile" ]; then echo "redmine not running"; exit 0; fi
pid=$(tr -dc 0-9 <"$pidfile" || true)
# Only signal the process if it is still our thin (a stale pid may belong to another process now).
if [ -z "$pid" ] || ! grep -qa '^thin server' "/proc/$pid/cmdline" 2>/dev/null; then
  rm -f "$pidfile"
  echo "redmine not running (stale pid file removed)"
  exit 0
fi
# Alive: exists and is not a zombie (a container's init may be slow to reap, or never reap).
alive() { [ -r "/proc/$pid/stat" ] && ! grep -q '^[0-9]* ([^)]*) Z' "/proc/$pid/stat" 2>/dev/null; }
kill -TERM "$pid" 2>/dev/null || true
for _ in $(seq 100); do alive || break; sleep 0.1; done
if alive; then
  echo "redmine stop: $pid still running after 10 s, sending SIGKILL" >&2
  kill -KILL "$pid" 2>/dev/null || true
  for _ in $(seq 50); do alive || break; sleep 0.1; done
fi
rm -f "$pidfile"
echo "redmine stopped"
