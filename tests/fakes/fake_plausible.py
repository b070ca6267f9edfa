#!/usr/bin/env python3
"""A fake Plausible Stats API v2 for Sextant's tests: real HTTP on 127.0.0.1, one site with daily visit counts,
following Plausible's contract. Built on fakekit (faults, stats, /__control/*).

Sources: [docs] plausible/docs docs/stats-api.md (https://plausible.io/docs/stats-api); [schema] plausible/analytics
priv/json-schemas/query-api-schema.json; [plug] lib/plausible_web/plugs/authorize_public_api.ex; [limit]
lib/plausible_web/controllers/api/rate_limit.ex and lib/plausible/rate_limit.ex; [parser]
lib/plausible/stats/api_query_parser.ex; [period] lib/plausible/stats/query_period.ex; [result]
lib/plausible/stats/query_result.ex; [errors] lib/plausible/stats/json_schema.ex and the queries' tests
(test/plausible/stats/query/query_parse_and_build_test.exs, query_validations_test.exs).

Request: POST /api/v2/query, `Authorization: Bearer KEY`, a JSON body {"site_id", "metrics", "date_range",
"dimensions", "filters", "order_by", "include": {"time_labels", "imports", "total_rows"}, "pagination":
{"limit" 1..10000 (default 10000), "offset" >= 0}} [docs, schema]. Every error is {"error": "message"} [plug,
controller], in this order:
  no `Bearer` header                 → 401 "Missing API key. Please use a valid Plausible API key as a Bearer Token."
  a key other than --key             → 401 "Invalid API key or site ID. Please make sure you're using a valid API
                                       key with access to the site you've requested." [plug]
  over the hourly budget             → 429 "Too many API requests. The limit is N per hour. Please contact us to
                                       request more capacity." No Retry-After nor rate headers [limit]
  over the burst budget (--burst-limit, off by default: its size is deployment configuration, not documented)
                                     → 429 "Too many API requests in a short period of time. The limit is N per S
                                       seconds. Please throttle your requests." [limit]
  no site_id                         → 400 "Missing site ID. Please provide the required site_id parameter with
                                       your request."
  a site_id other than --site        → 401, the invalid-key message: Plausible answers no 404 for a site [plug]
  a body the schema refuses          → 400, one line per error, "PATH: message" with Elixir's inspect() of the
                                       value: "#: Required property date_range was not present.", "#/metrics/0:
                                       Invalid metric \"foo\"", "#/dimensions/0: Invalid dimension \"x\"",
                                       "#/date_range: Invalid date range \"9x\"", "#/order_by/0/0: Invalid value in
                                       order_by \"x\"", "#/pagination/limit: Expected the value to be <= 10000",
                                       "#/metrics: Expected items to be unique but they were not.", "#/include/x:
                                       Schema does not allow additional properties.", "#/metrics: Type mismatch.
                                       Expected Array but got String." [errors]
  a query Plausible refuses after parsing → 400 "Invalid date_range \"0d\"" (Nd needs 1..5000, Nmo 1..100),
                                       "Invalid date_range '[\"2025-02-30\", \"2025-03-01\"]'.", "Invalid order_by
                                       entry '{:visits, :desc}'. Entry is not a queried metric or dimension.",
                                       "Invalid include.time_labels: requires a time dimension." [parser, errors]
  valid but not modelled here        → 400 "fake_plausible does not model ..." (a metric other than visits, a
                                       dimension other than time:day, filters, date-time ranges, "24h"): a test
                                       that needs more must extend the fake, never pass by accident.
The budgets count every request with the right key, whatever follows (a bad site or query included), in fixed
windows aligned on the epoch as Plausible.RateLimit does (bucket = floor(now / period)): the hour resets at each
whole UTC hour, not an hour after the first request [limit]. 600 an hour by default on Plausible Cloud [docs].

Answer: 200 {"results": [{"dimensions": ["YYYY-MM-DD"], "metrics": [visits]}], "meta": {...}, "query": {"site_id",
"metrics", "date_range": [first, last as ISO 8601 with the site's offset], "filters", "dimensions", "order_by" (the
default filled in: [time:day asc] then [first metric desc]), "include" (true values only), "pagination"}} [result,
docs examples]. Dates are the site's (--timezone) calendar days [docs "Time dimensions"]. A day without visits has
no row [docs: "If no data falls into a given time bucket, no values are returned"]; include.time_labels puts every
day of the range in meta.time_labels instead; include.total_rows puts the row count before pagination in
meta.total_rows; include.imports puts {"imports_included": false, "imports_skip_reason": "no_imported_data"} (this
site has no imports). Without dimensions the single row is the range's sum, 0 included.
Relative ranges, from today in the site's zone [period]: "day" today (its end truncated at now), "Nd" the N whole
days before today (today excluded), "Nmo" the N whole months before this one, "month" / "year" the whole calendar
month / year (future days included), "all" from the first day with visits to today.
Ties under order_by [["visits", ...]] fall back to the day, ascending (Plausible leaves them to ClickHouse).

Data: --visits FILE ({"YYYY-MM-DD": visits}) and/or --generate-from DAY --generate-to DAY --seed N, which sets
visits = 100 + (ordinal * 37 + seed) % 50 for each day, ordinal being Python's date.toordinal() (0001-01-01 is 1;
2025-06-01 is 739403, so with seed 0 it has 100 + 739403*37 % 50 = 111 visits); the file wins where both give a day.
Clock: the real one, or --now ISO8601 frozen; plus --clock-offset seconds; POST /__control/advance {"seconds": N}
moves it (the budgets' windows and "today" follow).

Control (fakekit's /__control/stats and /__control/faults, plus):
  GET  /__control/items    {"site_id", "timezone", "now", "today", "visits": {"YYYY-MM-DD": n}}
  POST /__control/visits   {"YYYY-MM-DD": n, ...} restates those days (0 leaves a day without visits)
  POST /__control/advance  {"seconds": N} → {"now", "today"}
Prints "listening on PORT" when ready.
"""
import json
import re
import threading
import time
from datetime import date, datetime, time as clock_time, timedelta, timezone
from zoneinfo import ZoneInfo

import fakekit

QUERY_PATH = "/api/v2/query"
MISSING_KEY = "Missing API key. Please use a valid Plausible API key as a Bearer Token."
INVALID_KEY = ("Invalid API key or site ID. Please make sure you're using a valid API key with access to the site "
               "you've requested.")
MISSING_SITE = "Missing site ID. Please provide the required site_id parameter with your request."
MAX_LIMIT = 10000  # [schema] pagination.limit maximum
# [docs] "Metrics" table (the Cloud schema keeps the revenue metrics, its "only :ee" ones).
METRICS = ["visitors", "visits", "pageviews", "views_per_visit", "bounce_rate", "visit_duration", "events",
           "scroll_depth", "percentage", "conversion_rate", "group_conversion_rate", "average_revenue",
           "total_revenue", "time_on_page"]
# [schema] simple_filter_dimensions, plus time_dimensions and event:goal; event:props:<name> by pattern.
DIMENSIONS = ["event:name", "event:page", "event:hostname", "event:goal", "visit:source", "visit:channel",
              "visit:referrer", "visit:utm_medium", "visit:utm_source", "visit:utm_campaign", "visit:utm_content",
              "visit:utm_term", "visit:screen", "visit:device", "visit:browser", "visit:browser_version", "visit:os",
              "visit:os_version", "visit:country", "visit:region", "visit:city", "visit:country_name",
              "visit:region_name", "visit:city_name", "visit:entry_page", "visit:exit_page",
              "visit:entry_page_hostname", "visit:exit_page_hostname"]
TIME_DIMENSIONS = ["time", "time:month", "time:week", "time:day", "time:hour"]
TOP_KEYS = ["site_id", "metrics", "date_range", "dimensions", "filters", "order_by", "include", "pagination"]
INCLUDE_KEYS = ["time_labels", "imports", "total_rows"]
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?")
NOT_MODELLED = "fake_plausible does not model %s; extend tests/fakes/fake_plausible.py if a test needs it"


def inspect(value):
    """Elixir's inspect(), which Plausible's messages quote values with."""
    if value is None:
        return "nil"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(inspect(v) for v in value) + "]"
    if isinstance(value, dict):
        return "%{" + ", ".join("%s => %s" % (inspect(k), inspect(value[k])) for k in sorted(value)) + "}"
    return repr(value)


def json_type(value):
    """The type names ExJsonSchema's messages use."""
    if value is None:
        return "Null"
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, int):
        return "Integer"
    return {float: "Number", str: "String", list: "Array", dict: "Object"}[type(value)]


def parse_day(text):
    try:
        return date.fromisoformat(text) if isinstance(text, str) and DATE.fullmatch(text) else None
    except ValueError:
        return None


def add_months(day, months):
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


class Clock:
    """Real or frozen (--now), shifted by --clock-offset and /__control/advance."""

    def __init__(self, frozen, offset):
        self.lock = threading.Lock()
        self.frozen, self.offset = frozen, offset

    def now(self):
        with self.lock:
            return (self.frozen if self.frozen is not None else time.time()) + self.offset

    def advance(self, seconds):
        with self.lock:
            self.offset += seconds


class PlausibleStore:
    def __init__(self, site, zone, visits, clock):
        self.lock = threading.RLock()
        self.site, self.zone, self.visits, self.clock = site, zone, dict(visits), clock

    def today(self):
        return datetime.fromtimestamp(self.clock.now(), self.zone).date()

    def to_json(self):
        return {"site_id": self.site, "timezone": self.zone.key, "now": self.now_iso(), "today": str(self.today()),
                "visits": {str(d): self.visits[d] for d in sorted(self.visits)}}

    def now_iso(self):
        return datetime.fromtimestamp(self.clock.now(), timezone.utc).isoformat().replace("+00:00", "Z")

    def local(self, day, at, first):
        """A local wall time as Plausible's DateTimeRange.new! settles it: in a DST gap, the first instant after it
        (for a range's first) or a time before it (for its last); when ambiguous, the later (first) or the earlier
        (last) of the two."""
        early = datetime.combine(day, at, self.zone)
        settled = early.astimezone(timezone.utc).astimezone(self.zone)
        if settled.replace(tzinfo=None) != early.replace(tzinfo=None):  # a gap: fold=0 lands after it
            return settled if first else \
                datetime.combine(day, at.replace(fold=1), self.zone).astimezone(timezone.utc).astimezone(self.zone)
        late = datetime.combine(day, at.replace(fold=1), self.zone)
        return late if first and late.utcoffset() != early.utcoffset() else early


class QueryError(Exception):
    pass


class Query:
    """One validated query: Plausible's schema, then its parser's and builder's checks, then what the fake models."""

    def __init__(self, body, store):
        self.store = store
        errors = self.schema_errors(body)
        if errors:
            raise QueryError("\n".join(errors))
        self.metrics = body["metrics"]
        self.dimensions = body.get("dimensions", [])
        self.filters = body.get("filters", [])
        self.include = body.get("include", {})
        pagination = body.get("pagination", {})
        self.limit, self.offset = pagination.get("limit", MAX_LIMIT), pagination.get("offset", 0)
        self.first, self.last, self.end = self.date_range(body["date_range"])
        self.order_by = body.get("order_by")
        for value, direction in self.order_by or []:
            if value not in self.metrics + self.dimensions:
                shown = ":" + value if value in METRICS else inspect(value)
                raise QueryError("Invalid order_by entry '{%s, :%s}'. Entry is not a queried metric or dimension."
                                 % (shown, direction))
        if self.include.get("time_labels") and not any(d in TIME_DIMENSIONS for d in self.dimensions):
            raise QueryError("Invalid include.time_labels: requires a time dimension.")
        self.refuse_unmodelled(body)
        if self.order_by is None:  # [docs] "order_by": the time dimension ascending, then the first metric descending
            self.order_by = [[d, "asc"] for d in self.dimensions if d in TIME_DIMENSIONS] + [[self.metrics[0], "desc"]]

    # -- the schema [schema], worded as [errors] words it ------------------------------------------------------------
    def schema_errors(self, body):
        if not isinstance(body, dict):
            body = {}
        errors = []
        missing = [k for k in ("site_id", "metrics", "date_range") if k not in body]
        if len(missing) == 1:
            errors.append("#: Required property %s was not present." % missing[0])
        elif missing:
            errors.append("#: Required properties %s were not present." % ", ".join(missing))
        if "site_id" in body and not isinstance(body["site_id"], str):
            errors.append("#/site_id: Type mismatch. Expected String but got %s." % json_type(body["site_id"]))
        errors += self.list_errors(body, "metrics", lambda m: m in METRICS, "Invalid metric", minimum=1)
        if "date_range" in body and not self.valid_range_shape(body["date_range"]):
            errors.append("#/date_range: Invalid date range %s" % inspect(body["date_range"]))
        errors += self.list_errors(body, "dimensions", self.valid_dimension, "Invalid dimension")
        if "filters" in body and not isinstance(body["filters"], list):
            errors.append("#/filters: Type mismatch. Expected Array but got %s." % json_type(body["filters"]))
        errors += self.order_by_errors(body)
        errors += self.object_errors(body, "include", {k: ("Boolean", None, None) for k in INCLUDE_KEYS})
        errors += self.object_errors(body, "pagination", {"limit": ("Integer", 1, MAX_LIMIT),
                                                          "offset": ("Integer", 0, None)})
        errors += ["#/%s: Schema does not allow additional properties." % k for k in body if k not in TOP_KEYS]
        return errors

    @staticmethod
    def valid_dimension(value):
        return isinstance(value, str) and (value in DIMENSIONS or value in TIME_DIMENSIONS
                                           or re.fullmatch(r"event:props:.+", value) is not None)

    @staticmethod
    def valid_range_shape(value):
        if isinstance(value, str):
            return value in ("day", "24h", "month", "year", "all") or re.fullmatch(r"\d+(d|mo)", value) is not None
        return (isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value)
                and (all(DATE.fullmatch(v) for v in value) or all(DATE_TIME.fullmatch(v) for v in value)))

    @staticmethod
    def list_errors(body, key, valid, wording, minimum=0):
        if key not in body:
            return []
        items = body[key]
        if not isinstance(items, list):
            return ["#/%s: Type mismatch. Expected Array but got %s." % (key, json_type(items))]
        errors = ["#/%s/%d: %s %s" % (key, i, wording, inspect(v)) for i, v in enumerate(items) if not valid(v)]
        if len(items) < minimum:
            errors.append("#/%s: Expected a minimum of %d items but got %d." % (key, minimum, len(items)))
        if len({json.dumps(v, sort_keys=True) for v in items}) != len(items):
            errors.append("#/%s: Expected items to be unique but they were not." % key)
        return errors

    def order_by_errors(self, body):
        if "order_by" not in body:
            return []
        entries = body["order_by"]
        if not isinstance(entries, list):
            return ["#/order_by: Type mismatch. Expected Array but got %s." % json_type(entries)]
        errors = []
        for i, entry in enumerate(entries):
            path = "#/order_by/%d" % i
            if not isinstance(entry, list):
                errors.append("%s: Type mismatch. Expected Array but got %s." % (path, json_type(entry)))
                continue
            if len(entry) < 2:
                errors.append("%s: Expected a minimum of 2 items but got %d." % (path, len(entry)))
            if len(entry) > 2:
                errors.append("%s: Expected a maximum of 2 items but got %d." % (path, len(entry)))
            if entry and not (entry[0] in METRICS or (self.valid_dimension(entry[0]) and entry[0] != "event:goal")):
                errors.append("%s/0: Invalid value in order_by %s" % (path, inspect(entry[0])))
            if len(entry) > 1 and entry[1] not in ("asc", "desc"):
                errors.append("%s/1: Value %s is not allowed in enum." % (path, inspect(entry[1])))
        return errors

    @staticmethod
    def object_errors(body, key, fields):
        if key not in body:
            return []
        value = body[key]
        if not isinstance(value, dict):
            return ["#/%s: Type mismatch. Expected Object but got %s." % (key, json_type(value))]
        errors = []
        for name, item in value.items():
            path = "#/%s/%s" % (key, name)
            if name not in fields:
                errors.append("%s: Schema does not allow additional properties." % path)
                continue
            wanted, low, high = fields[name]
            if json_type(item) != wanted:
                errors.append("%s: Type mismatch. Expected %s but got %s." % (path, wanted, json_type(item)))
            elif low is not None and item < low:
                errors.append("%s: Expected the value to be >= %d" % (path, low))
            elif high is not None and item > high:
                errors.append("%s: Expected the value to be <= %d" % (path, high))
        return errors

    # -- the date range [parser, period] -----------------------------------------------------------------------------
    def date_range(self, value):
        """(first day, last day, the range's end as an aware datetime) in the site's zone."""
        store = self.store
        today = store.today()
        if isinstance(value, list):
            if DATE_TIME.fullmatch(value[0]):
                raise QueryError(NOT_MODELLED % "date-time ranges (visits are kept per day)")
            first, last = parse_day(value[0]), parse_day(value[1])
            if first is None or last is None:
                raise QueryError("Invalid date_range '%s'." % inspect(value))
        elif value == "24h":
            raise QueryError(NOT_MODELLED % 'the "24h" range (visits are kept per day)')
        elif value == "day":
            now = datetime.fromtimestamp(int(store.clock.now()), store.zone)
            return today, today, now
        elif value == "month":
            first, last = today.replace(day=1), add_months(today, 1) - timedelta(days=1)
        elif value == "year":
            first, last = date(today.year, 1, 1), date(today.year, 12, 31)
        elif value == "all":
            days = [d for d, n in store.visits.items() if n > 0 and d <= today]
            first, last = min(days, default=today), today
        else:
            count, unit = int(re.match(r"\d+", value).group()), re.sub(r"^\d+", "", value)
            if not (0 < count <= (5000 if unit == "d" else 100)):
                raise QueryError("Invalid date_range %s" % inspect(value))
            if unit == "d":
                first, last = today - timedelta(days=count), today - timedelta(days=1)
            else:
                first, last = add_months(today, -count), today.replace(day=1) - timedelta(days=1)
        return first, last, store.local(last, clock_time(23, 59, 59), first=False)

    def refuse_unmodelled(self, body):
        others = [m for m in self.metrics if m != "visits"]
        if others:
            raise QueryError(NOT_MODELLED % ("the metric(s) %s" % ", ".join(others)))
        if self.dimensions not in ([], ["time:day"]):
            shown = json.dumps(self.dimensions)
            raise QueryError(NOT_MODELLED % ("the dimensions %s (only [] or [\"time:day\"])" % shown))
        if self.filters:
            raise QueryError(NOT_MODELLED % "filters")

    # -- the answer [result] -----------------------------------------------------------------------------------------
    def days(self):
        day = self.first
        while day <= self.last:
            yield day
            day += timedelta(days=1)

    def answer(self):
        visits = self.store.visits
        if self.dimensions:
            rows = [{"dimensions": [str(d)], "metrics": [visits[d]]} for d in self.days() if visits.get(d, 0) > 0]
            for value, direction in reversed(self.order_by):  # stable sorts, the last key first
                rows.sort(key=(lambda r: r["metrics"][0]) if value == "visits" else (lambda r: r["dimensions"][0]),
                          reverse=direction == "desc")
        else:
            rows = [{"dimensions": [], "metrics": [sum(visits.get(d, 0) for d in self.days())]}]
        meta = {}
        if self.include.get("imports"):
            meta.update(imports_included=False, imports_skip_reason="no_imported_data")
        if self.include.get("time_labels"):
            meta["time_labels"] = [str(d) for d in self.days()]
        if self.include.get("total_rows"):
            meta["total_rows"] = len(rows)
        zone_first = self.store.local(self.first, clock_time(0, 0, 0), first=True)
        query = {"site_id": self.store.site, "metrics": self.metrics,
                 "date_range": [zone_first.isoformat(), self.end.isoformat()], "filters": self.filters,
                 "dimensions": self.dimensions, "order_by": self.order_by,
                 "include": {k: v for k, v in self.include.items() if v},
                 "pagination": {"limit": self.limit, "offset": self.offset}}
        return {"results": rows[self.offset:self.offset + self.limit], "meta": meta, "query": query}


class Budget:
    """Plausible.RateLimit: a counter per fixed window of `period` seconds aligned on the epoch; every check counts."""

    def __init__(self, limit, period):
        self.lock = threading.Lock()
        self.limit, self.period, self.counts = limit, period, {}

    def allow(self, now):
        bucket = int(now // self.period)
        with self.lock:
            self.counts = {bucket: self.counts.get(bucket, 0) + 1}
            return self.counts[bucket] <= self.limit


class PlausibleHandler(fakekit.FakeHandler):
    store: PlausibleStore = None
    key = None
    hourly = burst = None

    def read_body(self):
        """Control bodies are JSON whatever their Content-Type; API bodies follow fakekit (JSON when it says so)."""
        if self.path.startswith("/__control/"):
            length = int(self.headers.get("Content-Length", "0") or "0")
            raw = self.rfile.read(length) if length else b""
            return json.loads(raw) if raw.strip() else None
        return super().read_body()

    def malformed_body(self):
        # Plug.Parsers refuses the body before the router: Phoenix's generic 400 page (PlausibleWeb.ErrorView).
        return 400, "<html><body><h1>Bad Request</h1></body></html>", (), "text/html; charset=utf-8"

    def is_write(self, method, path):
        return False  # a query only reads

    def bearer(self):
        header = self.headers.get("Authorization", "")
        return header[len("Bearer "):].strip() if header.startswith("Bearer ") else None

    def authenticated(self):
        if urlpath(self.path) != QUERY_PATH:
            return True  # the router answers unknown paths before the API's plug runs
        self.problem = (MISSING_KEY if self.bearer() is None else INVALID_KEY if self.bearer() != self.key else None)
        return self.problem is None

    def unauthorized(self):
        return 401, {"error": self.problem}

    def rate_limited(self, method, path):
        if path != QUERY_PATH:
            return None
        now = self.store.clock.now()
        if not self.hourly.allow(now):
            return 429, {"error": "Too many API requests. The limit is %d per hour. Please contact us to request more "
                                  "capacity." % self.hourly.limit}, []
        if self.burst and not self.burst.allow(now):
            return 429, {"error": "Too many API requests in a short period of time. The limit is %d per %d seconds. "
                                  "Please throttle your requests." % (self.burst.limit, self.burst.period)}, []
        return None

    def route(self, method, path, query, body):
        if path != QUERY_PATH or method != "POST":
            return 404, {"error": "Not found"}
        site = body.get("site_id") if isinstance(body, dict) else None
        if site is None:
            return 400, {"error": MISSING_SITE}
        if site != self.store.site:
            return 401, {"error": INVALID_KEY}
        try:
            return 200, Query(body, self.store).answer()
        except QueryError as e:
            return 400, {"error": str(e)}

    def control(self, method, path, body):
        if method == "POST" and path == "/__control/visits":
            days = {parse_day(k): v for k, v in (body or {}).items()} if isinstance(body, dict) else {None: None}
            if any(d is None or not isinstance(n, int) or isinstance(n, bool) or n < 0 for d, n in days.items()):
                return self.send(400, {"message": "expected {\"YYYY-MM-DD\": visits >= 0, ...}"})
            with self.store.lock:
                self.store.visits.update(days)
            return self.send(200, {"updated": len(days)})
        if method == "POST" and path == "/__control/advance":
            seconds = (body or {}).get("seconds") if isinstance(body, dict) else None
            if not isinstance(seconds, (int, float)) or isinstance(seconds, bool):
                return self.send(400, {"message": "expected {\"seconds\": N}"})
            self.store.clock.advance(seconds)
            return self.send(200, {"now": self.store.now_iso(), "today": str(self.store.today())})
        return super().control(method, path, body)


def urlpath(raw):
    return raw.split("?", 1)[0]


def generated(first, last, seed):
    """visits = 100 + (ordinal * 37 + seed) % 50 for each day from first to last."""
    day, visits = first, {}
    while day <= last:
        visits[day] = 100 + (day.toordinal() * 37 + seed) % 50
        day += timedelta(days=1)
    return visits


def main():
    p = fakekit.arguments(__doc__.split("\n")[0])
    p.add_argument("--key", default="plausible-key", help="the Stats API key (Bearer)")
    p.add_argument("--site", default="shop.example", help="the site's domain, its site_id")
    p.add_argument("--timezone", default="Europe/Paris", help="the site's reporting time zone (IANA)")
    p.add_argument("--hourly-limit", type=int, default=600, help="requests per key per clock hour")
    p.add_argument("--burst-limit", type=int, default=0, help="requests per --burst-seconds window; 0: no burst limit")
    p.add_argument("--burst-seconds", type=int, default=10)
    p.add_argument("--visits", help='a JSON file {"YYYY-MM-DD": visits}')
    p.add_argument("--generate-from", help="first day of generated visits (YYYY-MM-DD)")
    p.add_argument("--generate-to", help="last day of generated visits (YYYY-MM-DD)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--now", help="freeze the clock at this ISO 8601 instant (with its offset, or Z)")
    p.add_argument("--clock-offset", type=float, default=0.0, help="seconds added to the clock")
    a = p.parse_args()
    visits = {}
    if a.generate_from or a.generate_to:
        first, last = parse_day(a.generate_from), parse_day(a.generate_to)
        if first is None or last is None:
            p.error("--generate-from and --generate-to take YYYY-MM-DD, both")
        visits.update(generated(first, last, a.seed))
    if a.visits:
        with open(a.visits) as f:
            visits.update({parse_day(k): int(v) for k, v in json.load(f).items()})
        if None in visits:
            p.error("--visits: keys must be YYYY-MM-DD")
    frozen = None
    if a.now:
        moment = datetime.fromisoformat(a.now.replace("Z", "+00:00"))
        if moment.tzinfo is None:
            p.error("--now needs an offset or Z")
        frozen = moment.timestamp()
    store = PlausibleStore(a.site, ZoneInfo(a.timezone), visits, Clock(frozen, a.clock_offset))
    PlausibleHandler.key = a.key
    PlausibleHandler.hourly = Budget(a.hourly_limit, 3600)
    PlausibleHandler.burst = Budget(a.burst_limit, a.burst_seconds) if a.burst_limit > 0 else None
    fakekit.serve(PlausibleHandler, store, a)


if __name__ == "__main__":
    main()
