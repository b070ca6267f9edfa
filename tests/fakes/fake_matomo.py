#!/usr/bin/env python3
"""A fake Matomo Reporting API for Sextant's tests: real HTTP on 127.0.0.1, one site, built on fakekit
(faults, stats, /__control/*). Sources: matomo-org/matomo at 5.2.0-b5 (commit f09912cb), cited as file paths.

Request: GET or POST /index.php (or /) with module=API, method, idSite, period, date, format=JSON,
token_auth. POST parameters are read only from an application/x-www-form-urlencoded body (PHP fills $_POST
from nothing else). Matomo reads `$_GET + $_POST`, and PHP's `+` keeps the left side: a parameter in both
the query string and the body takes the QUERY STRING's value [core/Common.php getRequestVar,
core/API/Request.php getDefaultRequest]. An empty value counts as absent [Common::getRequestVar].

Served methods (others, and format other than JSON, get a 501 text/plain: a limit of the fake, not Matomo):
  VisitsSummary.get            day rows {nb_uniq_visitors, nb_users, nb_visits, nb_actions, nb_visits_converted,
                               bounce_count, sum_visit_length, max_actions, bounce_rate ("43%"),
                               nb_actions_per_visit, avg_time_on_site} in that order [plugins/VisitsSummary/API.php
                               getCoreColumns; tests/PHPUnit/System/expected/
                               test_TwoVisitors_twoWebsites_differentDays__VisitsSummary.get_day.xml]
  Goals.get&idGoal=ecommerceOrder   day rows {nb_conversions, nb_visits_converted, revenue, revenue_subtotal,
                               revenue_tax, revenue_shipping, revenue_discount, items, avg_order_revenue,
                               conversion_rate, then the same ten suffixed _new_visit and _returning_visit}
                               [plugins/Goals/API.php get/getMetrics, plugins/Goals/Goals.php getGoalColumns;
                               plugins/Ecommerce/tests/System/expected/
                               test_ecommerceOrderWithItems_GoalOrder__Goals.get_day.xml]
  SitesManager.getSiteFromId   one OBJECT (a one-element list before Matomo 3.0.0: commit 2c395001 "Make JSON2
                               the now JSON formatting", plugins/API/Renderer/Json.php renderArray) with the site
                               table's columns [core/Db/Schema/Mysql.php] + timezone_name + currency_name;
                               creator_login only for a super user [plugins/SitesManager/API.php enrichSite].
                               --db-types native (PHP >= 8.1 with PDO: ints for int columns) or strings (older
                               PHP, mysqli): idsite 1 vs "1" [matomo issue #19963].
Shapes (format=JSON): a multi-day date (lastN, previousN, "A,B") gives an object keyed "YYYY-MM-DD", one key per
day; a single date (YYYY-MM-DD, today, yesterday, now) gives the row itself [core/Archive/DataTableFactory.php,
core/DataTable/Renderer.php convertDataTableToArray]. A day without visits is `[]`, an empty table
[DataTableFactory::makeFromMetricsArray; tests/PHPUnit/System/expected/
test_noVisit_PeriodIsLast__VisitsSummary.get_day.xml];
a day is also `[]`, whatever its data, when it ends more than two days before ts_created or starts after today in
the site's zone: Matomo never archives it [core/Archive.php cacheArchiveIdsAfterLaunching]. Percentages are
strings ("33.33%": format_metrics=bc formats only them) [core/API/Request.php getRequestArrayFromString,
core/API/Inconsistencies.php]; the ratios are rounded first: bounce_rate 2 places, conversion_rate 4,
nb_actions_per_visit 1, avg_time_on_site 0, avg_order_revenue 2 [plugins/CoreHome/Columns/Metrics/*.php,
plugins/Goals/Columns/Metrics/AverageOrderRevenue.php], half away from zero like PHP's round(). Stored values
with a fraction are rounded to 2 places [core/Archive.php formatNumericValue]; whole floats print as integers
(json_encode without JSON_PRESERVE_ZERO_FRACTION), "/" prints as "\\/" as json_encode does.

Dates [core/Period/Range.php, core/Period/Factory.php, core/Date.php]: "today", "yesterday", "now", lastN and
previousN are in the site's time zone (--timezone); lastN counts back from today (N capped at 5*365 for day),
previousN from yesterday; "A,B" takes B = YYYY-MM-DD|today|now|yesterday, caps B at Dec 31 ten years ahead,
and with A after B gives the day B alone (fillArraySubPeriods). YYYY-M-D with a day past the month's end rolls
over as strtotime does (2025-02-30 is 2025-03-02). Other strtotime phrases ("last monday") are refused here
though Matomo takes them (stricter, never more lenient). Only period=day is served; week, month, year and range
get a 501 (fake's limit); any other period gets Matomo's "The period 'X' is not supported. ..." error.

Errors are JSON {"result":"error","message":"..."} [plugins/API/Renderer/Json.php renderException], HTTP 200
unless the exception carries a code [core/API/ResponseBuilder.php getResponseException]:
  - a wrong token_auth (any non-empty value that is not --token, or --token while --secure-only and not sent
    securely) fails at start-up, before the API runs: HTTP 401 [core/NoAccessException.php code 401,
    core/ExceptionHandler.php dieWithHtmlErrorPage] with "Unable to authenticate with the provided token. It is
    either invalid or expired." when the token came only in the POST body, else "... It is either invalid,
    expired or is required to be sent as a POST parameter." [plugins/Login/Login.php onFailedAPILogin,
    core/API/Request.php isTokenAuthProvidedSecurely: no token_auth in the query string, one in the body].
    The body is that JSON only when module=API and method are in the QUERY STRING (Request::isApiRequest($_GET));
    with them in the body Matomo sends its HTML error page (text/html) with the message.
  - no token_auth: the anonymous user, refused by the method's access check: HTTP 401 "You can't access this
    resource as it requires 'view' access for the website id = 1." [core/Access.php checkUserHasViewAccess,
    lang/en.json General_ExceptionPrivilegeAccessWebsite]. The token's user has view access to the one site
    (--access view, the default), or is a super user (--access superuser).
  - an unknown idSite: the view user gets the 401 above for that id; a super user gets HTTP 200 "An unexpected
    website was found in the request: website id was set to '7' ." [core/Site.php setSiteFromArray].
    An empty or non-numeric idSite: 401 "The parameter 'idSite=' is missing from the request." (Access::getIdSites).
  - a missing parameter: 200 "Please specify a value for 'date'." [core/API/Proxy.php, General_PleaseSpecifyValue];
    no method: 200 "The parameter 'method' isn't set in the Request, and a default value wasn't provided.";
    a method without a dot: 200 "The method name is invalid. Expected 'module.methodName'".
  - a bad date: 200 "Date format must be: YYYY-MM-DD, or 'today' or 'yesterday' or any keyword supported by the
    strtotime function (see http://php.net/strtotime for more information): 'x'" [Date::getInvalidDateFormatException].
Without module=API, index.php serves its HTML sign-in page (200, text/html).
Matomo has no API rate limit; any day range is answered at once.

Data: --visits FILE {"YYYY-MM-DD": visits} (absent or 0 = no visits), or --generate-from/--generate-to/--seed:
visits(day) = scale * (100 + (ordinal(day) * 37 + seed) % 50), ordinal = Python's date.toordinal() = days since
1970-01-01 + 719163, scale = --scale (default 1: a demo shop of many orders a day takes more). Both can be given; the file wins on its days. The other columns follow from v = visits and the day's
ecommerce entry e: nb_uniq_visitors = v - v//4, nb_users = 0, nb_actions = 3v, nb_visits_converted =
e.nb_visits_converted (0 without e), bounce_count = v//2, sum_visit_length = 95v, max_actions = 12.
--ecommerce FILE {"YYYY-MM-DD": {"nb_conversions": n, "revenue": x, ...}}: optional nb_visits_converted (default
n), revenue_subtotal (default revenue), revenue_tax, revenue_shipping, revenue_discount (default 0), items
(default n). Goals.get has a row for a day with visits or ecommerce data; conversion_rate =
nb_visits_converted / v; the fake puts v//3 visits as new and every conversion on returning visits.
Site: --site-id 1, --timezone Europe/Paris (IANA or UTC, UTC+5.5), --ts-created "YYYY-MM-DD HH:MM:SS" (UTC, as
Matomo stores it), --currency EUR; --now "YYYY-MM-DD HH:MM:SS" (UTC) fixes the clock for "today".

Auth: --token (default matomo-token); --secure-only accepts it only from a POST body with no token_auth in the
query string [plugins/UsersManager/Model.php getTokenByTokenAuthIfNotExpired; matomo.org/faq/general/faq_114].

Faults (fakekit's, plus): {"matomo_error": "message"} answers the next API request with HTTP 200
{"result":"error","message": message}.
Control (fakekit's, plus):
  POST /__control/visits    {"YYYY-MM-DD": visits, ...} restates those days (0 = none), as re-archiving does
  POST /__control/ecommerce {"YYYY-MM-DD": {...} | null, ...} restates those days' orders
  POST /__control/site      {"timezone", "ts_created", "currency", "now"}: any of them
  GET  /__control/items     {"visits": {...}, "ecommerce": {...}, "site": {...}}
  GET  /__control/stats     fakekit's counters + "methods" {"VisitsSummary.get": n, ...} and "calls"
                            [{"method", "period", "date", "idSite", "status"}] in order, for every API request
                            that named a method and passed the token check (faulted ones are not in them)
Prints "listening on PORT" when ready.
"""
import html
import json
import re
import threading
import urllib.parse
from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import fakekit

TEXT = "text/plain; charset=utf-8"
HTML = "text/html; charset=utf-8"
FIRST_WEBSITE = date(1991, 8, 6)  # Date::FIRST_WEBSITE_TIMESTAMP = 681436800
MAX_LAST_DAYS = 5 * 365  # Range::getMaxN for day
SERVED = {"VisitsSummary.get", "Goals.get", "SitesManager.getSiteFromId"}
PERIODS = ["day", "week", "month", "year", "range"]  # [General] enabled_periods_API default
DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
RANGE = re.compile(r"((?:[0-9]{4}-[0-9]{1,2}-[0-9]{1,2})|last[ -]?(?:week|month|year)),"
                   r"((?:[0-9]{4}-[0-9]{1,2}-[0-9]{1,2})|today|now|yesterday|last[ -]?(?:week|month|year))",
                   re.IGNORECASE)  # Range::parseDateRange
LAST_N = re.compile(r"(last|previous)([0-9]*)")
BAD_TOKEN = "Unable to authenticate with the provided token. It is either invalid or expired."
BAD_TOKEN_INSECURE = ("Unable to authenticate with the provided token. It is either invalid, expired or is "
                      "required to be sent as a POST parameter.")
CURRENCY_NAMES = {"EUR": "Euro", "USD": "US Dollar", "GBP": "British Pound", "CHF": "Swiss Franc",
                  "JPY": "Japanese Yen"}
TIMEZONE_NAMES = {"Europe/Paris": "France", "Europe/London": "United Kingdom", "Asia/Tokyo": "Japan",
                  "America/New_York": "United States - New York", "Pacific/Kiritimati": "Kiribati - Kiritimati"}
GOAL_COLUMNS = ["nb_conversions", "nb_visits_converted", "revenue", "revenue_subtotal", "revenue_tax",
                "revenue_shipping", "revenue_discount", "items", "avg_order_revenue", "conversion_rate"]


class MatomoError(Exception):
    """An API exception, answered as Matomo renders it: {"result":"error","message":...} with `status`."""

    def __init__(self, message, status=200):
        super().__init__(message)
        self.message, self.status = message, status


class FakeLimit(Exception):
    """A request Matomo would answer but this fake does not serve: a 501 in plain text."""


def php_round(fraction, places):
    """round() as PHP does it: half away from zero."""
    return Decimal(fraction).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def quotient(dividend, divisor, places):
    """Piwik::getQuotientSafe: 0 when the divisor is 0."""
    if not divisor:
        return Decimal(0)
    return php_round(Decimal(dividend) / Decimal(divisor), places)


def number(value):
    """A JSON number as json_encode prints a PHP float: whole values without a fraction."""
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def percent(fraction):
    """NumberFormatter::formatPercent(value * 100, 4, 0) in English: "33.33%", "0%"."""
    text = "{:,.4f}".format(fraction * 100).rstrip("0").rstrip(".")
    return text + "%"


def stored(value):
    """Archive::formatNumericValue: a stored value with a fraction is rounded to 2 places."""
    return number(php_round(Decimal(str(value)), 2))


def parse_ymd(text):
    """YYYY-M-D as strtotime reads it (days past the month's end roll over); None when it is not one."""
    match = DAY.fullmatch(text)
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    return date(year, month, 1) + timedelta(days=day - 1)


def zone_offset(name):
    """The site's zone as a tzinfo: an IANA name, UTC, or Matomo's manual UTC+5.5 form."""
    manual = re.fullmatch(r"UTC([+-]\d{1,2}(?:\.\d+)?)?", name)
    if manual:
        return timezone(timedelta(hours=float(manual.group(1) or 0)))
    return ZoneInfo(name)


class MatomoStore:
    def __init__(self, site, visits, ecommerce, now):
        self.lock = threading.RLock()
        self.site, self.visits, self.ecommerce, self.now = site, visits, ecommerce, now
        self.methods, self.calls = {}, []

    def today(self):
        """Today in the site's zone (Date::factory('now', $timezone))."""
        instant = self.now or datetime.now(timezone.utc)
        return instant.astimezone(zone_offset(self.site["timezone"])).date()

    def to_json(self):
        return {"visits": dict(sorted(self.visits.items())), "ecommerce": dict(sorted(self.ecommerce.items())),
                "site": dict(self.site)}


class MatomoHandler(fakekit.FakeHandler):
    store: MatomoStore = None
    token = "matomo-token"
    secure_only = False
    access = "view"
    db_types = "native"

    # -- parameters and auth -----------------------------------------------------------------------------------
    def read_body(self):
        """PHP fills $_POST from a form body only; any other body leaves it empty."""
        length = int(self.headers.get("Content-Length", "0") or "0")
        raw = self.rfile.read(length) if length else b""
        if self.path.startswith("/__control/"):
            return json.loads(raw) if raw else None
        if not self.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
            return {}
        return dict(urllib.parse.parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True))

    def params(self):
        """$_GET + $_POST: the query string wins a parameter given in both."""
        merged = dict(self.body or {})
        merged.update(self.query)
        return {k: v for k, v in merged.items() if v != ""}

    def token_sent_securely(self):
        return not self.query.get("token_auth") and bool((self.body or {}).get("token_auth"))

    def authenticated(self):
        """Only a non-empty token is checked up front (FrontController::init); none means anonymous."""
        token = self.params().get("token_auth", "")
        if token in ("", "anonymous"):
            return True
        return token == self.token and (not self.secure_only or self.token_sent_securely())

    def unauthorized(self):
        message = BAD_TOKEN if self.token_sent_securely() else BAD_TOKEN_INSECURE
        module, method = self.query.get("module"), self.query.get("method", "")
        if module == "API" and len(method.split(".")) == 2 and self.json_requested():
            return 401, self.error_json(message)
        page = ("<!DOCTYPE html><html><head><title>Matomo &rsaquo; Error</title></head><body><div class=\"box\">"
                "<p>%s</p></div></body></html>" % html.escape(message, quote=False))
        return 401, page, (), HTML

    def json_requested(self):
        return self.params().get("format", "xml").lower() == "json"

    def is_write(self, method, path):
        return False  # every request here reads, GET or POST

    # -- faults, stats, controls -------------------------------------------------------------------------------
    def handle_any(self, method):
        if not self.path.startswith("/__control/"):
            with self.counters.lock:
                fault = self.counters.faults[0] if self.counters.faults else None
                if fault and "matomo_error" in fault:
                    self.counters.faults.pop(0)
                    self.counters.requests += 1
                else:
                    fault = None
            if fault:
                self.read_body()
                return self.send(200, self.error_json(fault["matomo_error"]))
        return super().handle_any(method)

    def control(self, method, path, body):
        store = self.store
        if method == "GET" and path == "/__control/stats":
            stats = self.counters.snapshot()
            with store.lock:
                stats.update(methods=dict(store.methods), calls=list(store.calls))
            return self.send(200, stats)
        if method == "POST" and path in ("/__control/visits", "/__control/ecommerce"):
            try:
                for day, value in (body or {}).items():
                    date.fromisoformat(day)
                    int(value or 0) if path.endswith("visits") else dict(value or {})  # raises when malformed
            except (TypeError, ValueError) as e:
                return self.send(400, {"message": "bad restatement: %s" % e})
        if method == "POST" and path == "/__control/visits":
            with store.lock:
                for day, visits in (body or {}).items():
                    store.visits[day] = int(visits or 0)
            return self.send(200, {"restated": len(body or {})})
        if method == "POST" and path == "/__control/ecommerce":
            with store.lock:
                for day, entry in (body or {}).items():
                    if entry:
                        store.ecommerce[day] = entry
                    else:
                        store.ecommerce.pop(day, None)
            return self.send(200, {"restated": len(body or {})})
        if method == "POST" and path == "/__control/site":
            body = body or {}
            try:
                zone_offset(body.get("timezone", "UTC"))
                datetime.strptime(body.get("ts_created", "2020-01-01 00:00:00"), "%Y-%m-%d %H:%M:%S")
                now = parse_now(body["now"]) if "now" in body else None
            except (ZoneInfoNotFoundError, TypeError, ValueError) as e:
                return self.send(400, {"message": "bad site setting: %s" % e})
            with store.lock:
                store.site.update({k: body[k] for k in ("timezone", "ts_created", "currency") if k in body})
                if "now" in body:
                    store.now = now
                shown = dict(store.site)
            return self.send(200, shown)
        return super().control(method, path, body)

    @staticmethod
    def error_json(message):
        return php_json({"result": "error", "message": message})

    # -- dispatch ----------------------------------------------------------------------------------------------
    def route(self, method, path, query, body):
        if path not in ("/", "/index.php"):
            return 404, "Not Found", (), TEXT
        params = self.params()
        if params.get("module") != "API":
            return 200, "<!DOCTYPE html><html><head><title>Sign in - Matomo</title></head><body></body></html>", \
                (), HTML
        if not self.json_requested():
            return 501, "fake_matomo serves format=JSON only", (), TEXT
        api_method = params.get("method")
        call = None
        if api_method:
            call = {"method": api_method, "period": params.get("period"), "date": params.get("date"),
                    "idSite": params.get("idSite")}
            self.store.methods[api_method] = self.store.methods.get(api_method, 0) + 1
            self.store.calls.append(call)
        try:
            status, payload = self.api(params, api_method)
            answer = (status, payload)
        except MatomoError as e:
            answer = (e.status, self.error_json(e.message))
        except FakeLimit as e:
            answer = (501, str(e), (), TEXT)
        if call is not None:
            call["status"] = answer[0]
        return answer

    def api(self, params, api_method):
        if not api_method:
            raise MatomoError("The parameter 'method' isn't set in the Request, and a default value wasn't provided.")
        if len(api_method.split(".")) != 2:
            raise MatomoError("The method name is invalid. Expected 'module.methodName'")
        if api_method not in SERVED:
            raise FakeLimit("fake_matomo does not serve %s" % api_method)
        for name in ("idSite", "period", "date") if api_method != "SitesManager.getSiteFromId" else ("idSite",):
            if name not in params:
                raise MatomoError("Please specify a value for '%s'." % name)
        self.check_site(params["idSite"], anonymous=params.get("token_auth", "anonymous") == "anonymous")
        if api_method == "SitesManager.getSiteFromId":
            return 200, php_json(self.site_json())
        if api_method == "Goals.get" and params.get("idGoal") != "ecommerceOrder":
            raise FakeLimit("fake_matomo serves Goals.get with idGoal=ecommerceOrder only")
        days, multiple = self.days(params["period"], params["date"])
        row = self.visits_row if api_method == "VisitsSummary.get" else self.goals_row
        if not multiple:
            return 200, php_json(row(days[0]))
        return 200, php_json({d.isoformat(): row(d) for d in days})

    def check_site(self, text, anonymous):
        """Access::checkUserHasViewAccess, then (super user) Site::setSiteFromArray."""
        ids = [int(p) for p in text.split(",") if p.strip().isdigit()]
        if not ids:
            raise MatomoError("The parameter 'idSite=' is missing from the request.", 401)
        site_id = self.store.site["idsite"]
        for ident in ids:
            if ident != site_id:
                if anonymous or self.access != "superuser":
                    raise MatomoError("You can't access this resource as it requires 'view' access for the website "
                                      "id = %d." % ident, 401)
                raise MatomoError("An unexpected website was found in the request: website id was set to '%d' ."
                                  % ident)
        if anonymous:
            raise MatomoError("You can't access this resource as it requires 'view' access for the website id = %d."
                              % site_id, 401)
        if len(ids) > 1:
            raise FakeLimit("fake_matomo serves one idSite per request")

    # -- periods -----------------------------------------------------------------------------------------------
    def days(self, period, text):
        """The requested days and whether the answer is keyed by day (Period::isMultiplePeriod)."""
        multiple = bool(LAST_N.fullmatch(text) or RANGE.fullmatch(text.strip())) and period != "range"
        if multiple or period == "range":
            self.check_period(period)
            return self.range_days(text), True
        day = self.single_day(text)
        self.check_period(period)
        return [day], False

    @staticmethod
    def check_period(period):
        if period not in PERIODS:
            raise MatomoError("The period '%s' is not supported. Try any of the following instead: %s"
                              % (period, ", ".join(PERIODS)))
        if period != "day":
            raise FakeLimit("fake_matomo serves period=day only")

    def single_day(self, text):
        today = self.store.today()
        relative = {"today": today, "now": today, "yesterday": today - timedelta(days=1)}
        day = relative.get(text) or (parse_ymd(text) if "," not in text else None)
        if day is None:
            raise MatomoError("Date format must be: YYYY-MM-DD, or 'today' or 'yesterday' or any keyword supported "
                              "by the strtotime function (see http://php.net/strtotime for more information): '%s'"
                              % text.replace("\\", "\\\\").replace("'", "\\'"))
        if day < FIRST_WEBSITE:
            epoch = int(datetime(day.year, day.month, day.day, tzinfo=timezone.utc).timestamp())
            raise MatomoError("The date '%s' is a date before first website was online. Try date that's after "
                              "Aug 6, 1991 (timestamp 681436800).: %d" % (day.isoformat(), epoch))
        return day

    def range_days(self, text):
        today = self.store.today()
        last = LAST_N.fullmatch(text)
        if last:
            end = today if last.group(1) == "last" else today - timedelta(days=1)
            count = max(min(int(last.group(2) or 0), MAX_LAST_DAYS) - 1, 0)
            start = end - timedelta(days=count)
        else:
            first, final = RANGE.fullmatch(text.strip()).groups()
            if not DAY.fullmatch(first):
                raise FakeLimit("fake_matomo takes a range's start as YYYY-MM-DD only")
            start, end = self.single_day(first), self.single_day(final.lower())
            end = min(end, date(today.year + 10, 12, 31))  # Range::getMaxAllowedEndTimestamp
            if start > end:
                start = end  # fillArraySubPeriods starts from the end's day and never walks back past the start
        return [start + timedelta(days=i) for i in range((end - start).days + 1)]

    def archived(self, day):
        """Whether Matomo would archive this day at all (Archive::cacheArchiveIdsAfterLaunching)."""
        created = datetime.strptime(self.store.site["ts_created"], "%Y-%m-%d %H:%M:%S")
        two_days_after = datetime(day.year, day.month, day.day) + timedelta(days=2)
        return not two_days_after < created and not day > self.store.today()

    # -- rows --------------------------------------------------------------------------------------------------
    def visits_row(self, day):
        v = self.store.visits.get(day.isoformat(), 0) if self.archived(day) else 0
        if v <= 0:
            return []
        converted = int(self.ecommerce_entry(day).get("nb_visits_converted", 0))
        bounces, length, actions = v // 2, 95 * v, 3 * v
        return {"nb_uniq_visitors": v - v // 4, "nb_users": 0, "nb_visits": v, "nb_actions": actions,
                "nb_visits_converted": converted, "bounce_count": bounces, "sum_visit_length": length,
                "max_actions": 12, "bounce_rate": percent(quotient(bounces, v, 2)),
                "nb_actions_per_visit": number(quotient(actions, v, 1)),
                "avg_time_on_site": number(quotient(length, v, 0))}

    def ecommerce_entry(self, day):
        entry = dict(self.store.ecommerce.get(day.isoformat()) or {})
        if entry:
            orders = int(entry.get("nb_conversions", 0))
            entry.setdefault("nb_visits_converted", orders)
            entry.setdefault("revenue", 0)
            entry.setdefault("revenue_subtotal", entry["revenue"])
            entry.setdefault("items", orders)
        return entry

    def goals_row(self, day):
        if not self.archived(day):
            return []
        v = self.store.visits.get(day.isoformat(), 0)
        e = self.ecommerce_entry(day)
        if v <= 0 and not e:
            return []
        new_visits = v // 3
        total = self.goal_columns(e, v)
        row = dict(total)
        row.update({k + "_new_visit": v2 for k, v2 in self.goal_columns({}, new_visits).items()})
        row.update({k + "_returning_visit": v2 for k, v2 in self.goal_columns(e, v - new_visits).items()})
        return row

    @staticmethod
    def goal_columns(e, visits):
        orders = int(e.get("nb_conversions", 0))
        converted = int(e.get("nb_visits_converted", 0))
        revenue = Decimal(str(e.get("revenue", 0)))
        columns = {"nb_conversions": orders, "nb_visits_converted": converted}
        for name in ("revenue", "revenue_subtotal", "revenue_tax", "revenue_shipping", "revenue_discount"):
            columns[name] = stored(e.get(name, 0))
        columns["items"] = int(e.get("items", 0))
        columns["avg_order_revenue"] = number(quotient(revenue, orders, 2))
        columns["conversion_rate"] = percent(quotient(converted, visits, 4))
        return columns

    def site_json(self):
        site = self.store.site
        number_type = int if self.db_types == "native" else str
        shown = {"idsite": number_type(site["idsite"]), "name": site["name"], "main_url": site["main_url"],
                 "ts_created": site["ts_created"], "ecommerce": number_type(1), "sitesearch": number_type(1),
                 "sitesearch_keyword_parameters": "", "sitesearch_category_parameters": "",
                 "timezone": site["timezone"], "currency": site["currency"],
                 "exclude_unknown_urls": number_type(0), "excluded_ips": "", "excluded_parameters": "",
                 "excluded_user_agents": "", "excluded_referrers": "", "group": "", "type": "website",
                 "keep_url_fragment": number_type(0)}
        if self.access == "superuser":
            shown["creator_login"] = "admin"
        zone = site["timezone"]
        shown["timezone_name"] = zone if zone.startswith("UTC") else TIMEZONE_NAMES.get(
            zone, zone.split("/")[-1].replace("_", " "))
        shown["currency_name"] = CURRENCY_NAMES.get(site["currency"], site["currency"])
        return shown


def php_json(payload):
    """json_encode's text: ASCII with \\u escapes and "/" escaped as "\\/"."""
    return json.dumps(payload, separators=(",", ":")).replace("/", "\\/")


def parse_now(text):
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=timezone.utc) if text else None


def load_visits(args, p):
    visits = {}
    if args.generate_from or args.generate_to:
        if not (args.generate_from and args.generate_to):
            p.error("--generate-from and --generate-to go together")
        day, last = date.fromisoformat(args.generate_from), date.fromisoformat(args.generate_to)
        while day <= last:
            visits[day.isoformat()] = args.scale * (100 + (day.toordinal() * 37 + args.seed) % 50)
            day += timedelta(days=1)
    if args.visits:
        with open(args.visits) as f:
            visits.update({d: int(v) for d, v in json.load(f).items()})
    for d in visits:
        date.fromisoformat(d)
    return visits


def main():
    p = fakekit.arguments(__doc__.split("\n")[0])
    p.add_argument("--token", default="matomo-token")
    p.add_argument("--secure-only", action="store_true", help="the token is valid only in a POST body")
    p.add_argument("--access", choices=["view", "superuser"], default="view")
    p.add_argument("--db-types", choices=["native", "strings"], default="native")
    p.add_argument("--site-id", type=int, default=1)
    p.add_argument("--site-name", default="Sextant Shop")
    p.add_argument("--main-url", default="https://shop.example.com")
    p.add_argument("--timezone", default="Europe/Paris")
    p.add_argument("--ts-created", default="2020-01-01 00:00:00")
    p.add_argument("--currency", default="EUR")
    p.add_argument("--now", help="UTC 'YYYY-MM-DD HH:MM:SS' to use as the current time")
    p.add_argument("--visits", help='a JSON file {"YYYY-MM-DD": visits}')
    p.add_argument("--generate-from")
    p.add_argument("--generate-to")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--scale", type=int, default=1, help="generated visits are multiplied by it")
    p.add_argument("--ecommerce", help='a JSON file {"YYYY-MM-DD": {"nb_conversions": n, "revenue": x}}')
    a = p.parse_args()
    try:
        zone_offset(a.timezone)
        datetime.strptime(a.ts_created, "%Y-%m-%d %H:%M:%S")
    except (ZoneInfoNotFoundError, ValueError) as e:
        p.error(str(e))
    ecommerce = {}
    if a.ecommerce:
        with open(a.ecommerce) as f:
            ecommerce = json.load(f)
    MatomoHandler.token, MatomoHandler.secure_only = a.token, a.secure_only
    MatomoHandler.access, MatomoHandler.db_types = a.access, a.db_types
    site = {"idsite": a.site_id, "name": a.site_name, "main_url": a.main_url, "ts_created": a.ts_created,
            "timezone": a.timezone, "currency": a.currency}
    fakekit.serve(MatomoHandler, MatomoStore(site, load_visits(a, p), ecommerce, parse_now(a.now)), a)


if __name__ == "__main__":
    main()
