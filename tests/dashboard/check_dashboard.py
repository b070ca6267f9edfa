#!/usr/bin/env python3
"""The demo dashboard in a real browser (headless Chromium from Debian): the page loads with no
console error and nothing fetched, and every value it draws or writes, read back from the DOM
Chromium built, equals the report JSON's (`sextant report --format json`), looked up by the JSON
pointer each figure carries; cumulated points equal the sum of their months, computed here in
integer cents. Optionally writes a screenshot (docs/dashboard.png).

  check_dashboard.py --program SEXTANT [--chromium chromium] [--screenshot OUT.png]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from decimal import Decimal
from html.parser import HTMLParser

TODAY = "2026-11-26"  # a fixed day: the demo shop is generated for the year of this day


class Figures(HTMLParser):
    """Collects the attributes of every element that carries data-path or data-sum-of."""

    def __init__(self):
        super().__init__()
        self.figures = []
        self.tags = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        a = dict(attrs)
        if "data-path" in a or "data-sum-of" in a:
            self.figures.append((tag, a))


def pointer(doc, path):
    node = doc
    for part in path.split("/")[1:]:
        part = part.replace("~1", "/").replace("~0", "~")
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def cents(value):
    return int((Decimal(str(value)) * 100).to_integral_value()) if value is not None else 0


def chromium(binary, profile, *args):
    return subprocess.run([binary, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                           "--disable-background-networking", "--disable-component-update", "--disable-sync",
                           "--no-first-run", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
                           *args], capture_output=True, text=True, timeout=120)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--program", required=True, type=os.path.abspath)
    p.add_argument("--chromium", default="chromium")
    p.add_argument("--screenshot", type=os.path.abspath)
    a = p.parse_args()
    failures = []
    work = tempfile.mkdtemp(prefix="sextant-dashboard-")
    try:
        def sextant(*args):
            r = subprocess.run([a.program, "--today", TODAY, *args], cwd=work, capture_output=True, text=True)
            if r.returncode != 0:
                sys.exit("sextant %s failed: %s" % (" ".join(args), r.stderr))
            return r.stdout

        sextant("-q", "demo", "--dir", "demo")
        os.chdir(work)
        config = os.path.join(work, "demo", "sextant.json")
        report = json.loads(sextant("--config", config, "--format", "json", "report"))
        page = os.path.join(work, "dashboard.html")
        sextant("--config", config, "--format", "html", "dashboard", "--out", page)
        html = open(page, encoding="utf-8").read()
        for forbidden in ("<script", "http://", "https://", "@import", "url("):
            if forbidden in html:
                failures.append("the page is not self-contained: it holds %r" % forbidden)

        r = chromium(a.chromium, os.path.join(work, "profile"), "--dump-dom", "file://" + page)
        if r.returncode != 0 or "</html>" not in r.stdout:
            sys.exit("chromium could not load the page: %s" % r.stderr[-2000:])
        for line in r.stderr.splitlines():
            if "CONSOLE" in line or "Uncaught" in line or "Failed to load resource" in line:
                failures.append("console: " + line)

        dom = Figures()
        dom.feed(r.stdout)
        if "svg" not in dom.tags:
            failures.append("no chart in the page")
        seen = set()
        sums = 0
        for tag, attrs in dom.figures:
            if "data-sum-of" in attrs:
                months = pointer(report, attrs["data-sum-of"])
                through = int(attrs["data-through"])
                expected = sum(cents(m["value"]) for m in months[: through + 1])
                if cents(attrs["data-value"]) != expected:
                    failures.append("%s cumulated through %d: drawn %s, the months add up to %s"
                                    % (attrs["data-sum-of"], through, attrs["data-value"], Decimal(expected) / 100))
                sums += 1
                continue
            path = attrs["data-path"]
            seen.add(path)
            target = pointer(report, path)
            if isinstance(target, dict) and "def" in target:  # a figure: {"def", "value"}
                if attrs.get("data-def") != target["def"]:
                    failures.append("%s: definition %r, the report says %r" % (path, attrs.get("data-def"), target["def"]))
                target = target["value"]
            if "data-value" in attrs and json.loads(attrs["data-value"]) != target:
                failures.append("%s: the page shows %s, the report has %s" % (path, attrs["data-value"], json.dumps(target)))

        # What must be on the page: each KPI's figures and months, each priority's value, the
        # cash line, each action's state.
        steps = report["steps"]
        for i, k in enumerate(steps["dashboard"]["kpis"]):
            for key in ("actual", "target", "attainment_pct", "objective", "forecast", "gap", "band"):
                need = "/steps/dashboard/kpis/%d/%s" % (i, key)
                if need not in seen:
                    failures.append("missing " + need)
            for key in ("month_actuals", "month_targets"):
                for m, month in enumerate(k[key]):
                    # A month still to come has no value, and nothing to draw.
                    if month["value"] is not None and "/steps/dashboard/kpis/%d/%s/%d" % (i, key, m) not in seen:
                        failures.append("missing /steps/dashboard/kpis/%d/%s/%d" % (i, key, m))
        for i, _ in enumerate(steps["valuation"]["priorities"]):
            for key in ("extra_revenue", "extra_margin", "roi_pct"):
                if "/steps/valuation/priorities/%d/%s" % (i, key) not in seen:
                    failures.append("missing valuation %d %s" % (i, key))
        for m in range(len(report["months"])):
            if "/steps/financing/cumulative/%d" % m not in seen:
                failures.append("missing /steps/financing/cumulative/%d" % m)
        for i, _ in enumerate(steps["action_plan"]["actions"]):
            if "/steps/action_plan/actions/%d/state" % i not in seen:
                failures.append("missing the state of action %d" % i)
        if sums == 0:
            failures.append("no cumulated trajectory drawn")

        if a.screenshot:
            shot = chromium(a.chromium, os.path.join(work, "profile"), "--window-size=1280,4200",
                            "--screenshot=" + os.path.abspath(a.screenshot), "file://" + page)
            if shot.returncode != 0 or not os.path.getsize(a.screenshot):
                failures.append("no screenshot: " + shot.stderr[-500:])
        print("%d figures read back from the DOM, %d cumulated points checked" % (len(dom.figures), sums))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
