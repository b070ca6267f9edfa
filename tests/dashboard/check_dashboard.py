#!/usr/bin/env python3
"""The demo dashboard in a real browser (headless Chromium from Debian): the page loads with no
console error and nothing fetched, and every figure reads as the report JSON says it should
(`sextant report --format json`). What is compared is the text a person sees, read from the DOM
Chromium built: the figure's words on the page, or the hover text (SVG <title>) of a drawn point,
bar or span. The expected text is formatted here from the report's value, independently of the
C++ (Decimal, the currency's exponent, the page's number format below); the data-value attribute
the page also writes is only checked to be the report's value. Cumulated points equal the sum of
their months, added here in Decimal. Optionally writes a screenshot (docs/dashboard.png).

The page's number format (core/src/dashboard/html_text.cpp is one implementation of it):
  money       the amount with the currency's minor digits, thousands grouped by "," and the
              currency after a space: "4,252,913.94 EUR"; in the cash table, the same without it
  count       thousands grouped: "32,523"
  ratio       times 100, two decimals and " %": "2.15 %"
  percent     one decimal and " %": "112.1 %"
  none        "—"

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


# ISO 4217 minor units of the currencies a shop may report in.
CURRENCY_EXPONENTS = {"EUR": 2, "USD": 2, "GBP": 2, "CHF": 2, "CAD": 2, "AUD": 2, "SEK": 2, "DKK": 2, "NOK": 2,
                      "PLN": 2, "JPY": 0, "KRW": 0, "KWD": 3, "BHD": 3, "TND": 3}

# The unit of each metric, from the metric dictionary (README, "The metric dictionary").
MONEY_METRICS = {"gross_sales", "discounts", "returns", "net_sales", "shipping", "taxes", "total_sales",
                 "revenue_excl_tax", "aov"}
COUNT_METRICS = {"orders", "items", "customers", "new_customers", "returning_customers", "sessions"}
RATIO_METRICS = {"conversion_rate", "returning_customer_share"}

VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Figures(HTMLParser):
    """Collects every element that carries data-path or data-sum-of: its tag, its attributes, the
    text inside it, and the text of its <title> (an SVG element's hover text)."""

    def __init__(self):
        super().__init__()
        self.figures = []
        self.tags = set()
        self.open = []  # (tag, the figure it is, or None)

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        a = dict(attrs)
        figure = None
        if "data-path" in a or "data-sum-of" in a:
            figure = {"tag": tag, "attrs": a, "text": "", "title": ""}
            self.figures.append(figure)
        if tag not in VOID_TAGS:
            self.open.append((tag, figure))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS:
            self.open.pop()

    def handle_endtag(self, tag):
        while self.open:
            if self.open.pop()[0] == tag:
                break

    def handle_data(self, data):
        in_title = any(t == "title" for t, _ in self.open)
        for tag, figure in reversed(self.open):
            if figure is not None:
                figure["title" if in_title else "text"] += data
                return


def grouped(number):
    """A Decimal or int with its thousands grouped by ",", its digits kept."""
    return "{:,f}".format(number) if isinstance(number, Decimal) else "{:,}".format(number)


class Format:
    """The page's number format, from the report's values."""

    def __init__(self, currency):
        self.currency = currency
        self.exponent = CURRENCY_EXPONENTS[currency]

    def amount(self, value):  # money without its currency
        if value is None:
            return "—"
        return grouped(Decimal(str(value)).quantize(Decimal(1).scaleb(-self.exponent)))

    def money(self, value):
        return "—" if value is None else self.amount(value) + " " + self.currency

    @staticmethod
    def count(value):
        if value is None:
            return "—"
        if isinstance(value, int):
            return grouped(value)
        if isinstance(value, str):
            return grouped(Decimal(value))
        return grouped(Decimal(value).quantize(Decimal(1)))

    @staticmethod
    def ratio(value):
        return "—" if value is None else "%.2f %%" % (float(value) * 100)

    @staticmethod
    def percent(value):
        return "—" if value is None else "%.1f %%" % float(value)

    @staticmethod
    def plain(value):
        return "—" if value is None else value if isinstance(value, str) else json.dumps(value)

    def metric(self, kpi):
        """How a KPI's figures read."""
        if kpi in MONEY_METRICS:
            return self.money
        if kpi in COUNT_METRICS:
            return self.count
        if kpi in RATIO_METRICS:
            return self.ratio
        raise KeyError("no unit known for the KPI %r: add it from the metric dictionary" % kpi)


EXECUTION_LABELS = {"done": "done", "in_progress": "in progress", "open": "open", "not_pushed": "not pushed",
                    "overdue": "overdue"}
VALUATION_FORMATS = {"extra_revenue": "money", "extra_margin": "money", "one_off_costs": "money",
                     "recurring_costs": "money", "external_costs": "money", "roi_pct": "percent",
                     "payback_month": "plain", "workload_hours": "count"}


def expected_text(report, fmt, figure):
    """What a person should read for this figure: (the text on the page, or the hover text of a
    drawn mark), formatted from the report; None where the figure is not one of the page's."""
    a, tag = figure["attrs"], figure["tag"]
    months = report["months"]
    if "data-sum-of" in a:
        kpi = pointer(report, a["data-sum-of"].rsplit("/", 1)[0])["kpi"]
        through = int(a["data-through"])
        total = sum(Decimal(str(m["value"])) for m in pointer(report, a["data-sum-of"])[: through + 1] if m["value"] is not None)
        return "title", "%s, cumulated: %s" % (months[through], fmt.metric(kpi)(total))
    path = a["data-path"]
    parts = path.split("/")[1:]
    target = pointer(report, path)
    value = target["value"] if isinstance(target, dict) and "value" in target else target
    drawn = tag in ("circle", "rect", "line")
    if parts[:3] == ["steps", "dashboard", "kpis"]:
        kpi = report["steps"]["dashboard"]["kpis"][int(parts[3])]["kpi"]
        key = parts[4]
        if key == "band":
            return "text", value
        if key in ("attainment_pct", "gap_pct"):
            return "text", fmt.percent(value)
        if key in ("month_actuals", "month_targets"):
            return "title", "%s: %s" % (months[int(parts[5])], fmt.metric(kpi)(value))
        if drawn:  # the forecast's point at the year's end
            return "title", "forecast: " + fmt.metric(kpi)(value)
        return "text", fmt.metric(kpi)(value)
    if parts[:3] == ["steps", "valuation", "priorities"]:
        return "text", getattr(fmt, VALUATION_FORMATS[parts[4]])(value)
    if parts[:2] == ["steps", "financing"]:
        if parts[2] == "balanced":
            return "text", ("The plan is paid for: the cumulated cash never goes below zero." if value else
                            "The plan is not paid for: the cash runs short in %s."
                            % report["steps"]["financing"]["first_shortfall"])
        if drawn:
            return "title", "%s: %s" % (months[int(parts[3])], fmt.money(value))
        return "text", fmt.amount(value)
    if parts[:3] == ["steps", "dashboard", "execution"]:
        return "text", "%d %s" % (value, EXECUTION_LABELS[parts[3]])
    if parts[:3] == ["steps", "action_plan", "actions"]:
        action = report["steps"]["action_plan"]["actions"][int(parts[3])]
        return "title", "%s — %s, for %s: %s. %s → %s, %s%s" % (
            action["what"], action["who"], action["for_whom"], action["how"], action["when"], action["due"]["value"],
            action["state"], ", overdue" if action["overdue"] else "")
    if parts[:3] == ["steps", "dashboard", "alerts"]:
        return "text", value
    return None


def pointer(doc, path):
    node = doc
    for part in path.split("/")[1:]:
        part = part.replace("~1", "/").replace("~0", "~")
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


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
        fmt = Format(report["currency"])
        seen = set()
        sums = 0
        for figure in dom.figures:
            attrs = figure["attrs"]
            where = attrs.get("data-path") or "%s through %s" % (attrs["data-sum-of"], attrs["data-through"])
            expected = expected_text(report, fmt, figure)
            if expected is None:
                failures.append("%s: a figure the page should not carry" % where)
                continue
            which, text = expected
            read = " ".join(figure[which].split())  # as a person reads it: white space collapsed
            if read != text:
                failures.append("%s (%s %s): a person reads %r, the report says %r" % (where, figure["tag"], which, read, text))
            if "data-sum-of" in attrs:
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
                failures.append("%s: data-value %s, the report has %s" % (path, attrs["data-value"], json.dumps(target)))

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
        print("%d figures read back from the DOM as a person sees them, %d cumulated points checked"
              % (len(dom.figures), sums))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
