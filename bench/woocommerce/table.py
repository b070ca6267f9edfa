#!/usr/bin/env python3
"""Prints the benchmark's table from measure.sh's results and the ledger sizes (SIZE REP BYTES):
for each size, client and setting the median run of the repetitions (by wall time, every column
from that one run); for the JS client and curl the best setting (lowest median wall); then the ratios.
  table.py RESULTS LEDGERS"""
import statistics
import sys
from collections import defaultdict

MB = 1024 * 1024


def load(path):
    runs = defaultdict(list)  # (size, client, setting) -> runs
    for line in open(path):
        size, client, setting, rep, wall, user, system, rss, blocks, compilers, load = line.split()
        runs[(size, client, setting)].append({"rep": int(rep), "wall": float(wall), "cpu": float(user) + float(system),
                                              "rss": int(rss) * 1024, "written": int(blocks) * 512,
                                              "compilers": int(compilers), "load": float(load)})
    return runs


def median_run(runs):
    ordered = sorted(runs, key=lambda r: r["wall"])
    return ordered[(len(ordered) - 1) // 2]


def main():
    runs = load(sys.argv[1])
    ledgers = defaultdict(list)
    for line in open(sys.argv[2]):
        size, _, size_bytes = line.split()
        ledgers[size].append(int(size_bytes))
    reps = max(len(r) for r in runs.values())
    busy = sum(1 for rs in runs.values() for r in rs if r["compilers"])
    print("\nEach figure: the median run (by wall time) of %d, the clients alternating; JS client and curl: their best "
          "setting (*).\nCPU = user + sys; written = bytes the process caused to be written to disk; the ledger on disk."
          % reps)
    loads = sorted(r["load"] for rs in runs.values() for r in rs)
    print("Runs started while a compiler (cc1plus) was running: %d of %d; 1-minute load average at their start: "
          "median %.2f, max %.2f (2 cores)." % (busy, len(loads), statistics.median(loads), loads[-1]))
    sizes = sorted({k[0] for k in runs if k[0] != "demo"}, key=int)
    head = "%-8s | %-26s | %8s | %8s | %8s | %11s | %9s" % ("orders", "client", "wall s", "CPU s", "peak MB",
                                                            "written MB", "ledger MB")
    print("\n" + head + "\n" + "-" * len(head))
    chosen = {}
    for size in sizes:
        for client in ("sextant", "js", "curl"):
            settings = sorted((k[2] for k in runs if k[0] == size and k[1] == client), key=int)
            medians = {s: median_run(runs[(size, client, s)]) for s in settings}
            best = min(settings, key=lambda s: medians[s]["wall"])
            chosen[(size, client)] = medians[best]
            for s in settings:
                r = medians[s]
                name = {"sextant": "sextant sync, parallel %s", "js": "JS client, parallel %s",
                        "curl": "curl --parallel-max %s"}[client] % s
                mark = "*" if client != "sextant" and s == best and len(settings) > 1 else " "
                ledger = "%9.1f" % (statistics.median(ledgers[size]) / MB) if client == "sextant" else "%9s" % ""
                print("%-8s | %-25s%s | %8.2f | %8.2f | %8.1f | %11.1f | %s" %
                      (size, name, mark, r["wall"], r["cpu"], r["rss"] / MB, r["written"] / MB, ledger))
        s, js, curl = chosen[(size, "sextant")], chosen[(size, "js")], chosen[(size, "curl")]
        print("%-8s | ratios: sextant/JS wall %.2f, sextant/curl wall %.2f, written/ledger %.1f" %
              (size, s["wall"] / js["wall"], s["wall"] / curl["wall"], s["written"] / statistics.median(ledgers[size])))
        print("-" * len(head))
    if len(sizes) >= 2:
        small, large = chosen[(sizes[0], "sextant")], chosen[(sizes[-1], "sextant")]
        print("sextant %s -> %s orders: time x%.2f, peak RSS x%.2f (for x%g the orders)" %
              (sizes[0], sizes[-1], large["wall"] / small["wall"], large["rss"] / small["rss"],
               int(sizes[-1]) / int(sizes[0])))
    if ("demo", "metrics", "0") in runs:
        m, r = median_run(runs[("demo", "metrics", "0")]), median_run(runs[("demo", "report", "0")])
        print("demo shop (%s): metrics %.3f s, report %.3f s, report / metrics %.2f" %
              (open(sys.argv[3]).read().strip() if len(sys.argv) > 3 else "", m["wall"], r["wall"], r["wall"] / m["wall"]))


if __name__ == "__main__":
    main()
