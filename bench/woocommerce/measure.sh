# shellcheck shell=bash
# Sourced by run.sh: one measured run of a command, appended to the results as
#   SIZE CLIENT SETTING REP WALL_S USER_S SYS_S PEAK_RSS_KB WRITTEN_BLOCKS COMPILERS LOAD
# Wall time from the clock in ns (/usr/bin/time's is in hundredths); the rest from /usr/bin/time:
# %O is the blocks of 512 bytes the process caused to be written to storage, counted when the pages
# are dirtied (so a file deleted before writeback still counts). COMPILERS: cc1plus processes running
# when it started (the machine is shared with other builds); with IDLE_WAIT=S, each run first waits
# up to S seconds for none to be running. LOAD: the 1-minute load average then (others' tests count,
# and so does this benchmark's previous run).
#   measure RESULTS SIZE CLIENT SETTING REP command...     (the command's stdout to RESULTS.out)
measure() {
  local results=$1 size=$2 client=$3 setting=$4 rep=$5 compilers start end user sys rss blocks
  shift 5
  for _ in $(seq "${IDLE_WAIT:-0}"); do
    pgrep cc1plus > /dev/null || break
    sleep 1
  done
  compilers=$(pgrep -c cc1plus || true)
  start=$(date +%s%N)
  /usr/bin/time -f "%U %S %M %O" -o "$results.time" "$@" > "$results.out"
  end=$(date +%s%N)
  read -r user sys rss blocks < <(tail -1 "$results.time")
  echo "$size $client $setting $rep $(awk "BEGIN { printf \"%.4f\", ($end - $start) / 1e9 }") $user $sys $rss $blocks $compilers $(cut -d' ' -f1 /proc/loadavg)" \
    >> "$results"
}
