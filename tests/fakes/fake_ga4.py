#!/usr/bin/env python3
"""A fake Google OAuth 2.0 token endpoint, Google Analytics 4 Data API (runReport) and Admin API
(properties.get) for Sextant's tests: real HTTP on 127.0.0.1, one server for the three hosts
(oauth2.googleapis.com, analyticsdata.googleapis.com, analyticsadmin.googleapis.com). Built on fakekit
(faults, stats, /__control/*). Sources: [P] googleapis/googleapis google/analytics/data/v1beta/
analytics_data_api.proto + data.proto, [A] google/analytics/admin/v1beta/resources.proto,
analytics_admin.proto, analyticsadmin_v1beta.yaml, analyticsdata_v1beta.yaml; [L] googleapis/
google-auth-library-python google/oauth2/service_account.py, _client.py, google/auth/jwt.py; [S]
developers.google.com/identity/protocols/oauth2/service-account. Each error wording names where a real
answer carrying it was quoted; those marked (unattested) are the fake's best guess. A client should key
on the HTTP status and `status`/`error`, never on the text.

Service account key (`--make-key FILE [--token-uri URL]` writes one and exits): Google's JSON format
{type: "service_account", project_id, private_key_id (40 hex), private_key (PKCS#8 PEM, RSA 2048),
client_email (NAME@PROJECT.iam.gserviceaccount.com), client_id, auth_uri, token_uri,
auth_provider_x509_cert_url, client_x509_cert_url, universe_domain} [L tests/data/service_account.json].
The server (`--service-account FILE`) reads FILE at each token request, so a test may start the fake
first, then write the key with `--token-uri http://127.0.0.1:PORT/token`, or replace it (a rotated key).

POST /token (the key's token_uri), form body grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer
&assertion=JWT [L _client.py _JWT_GRANT_TYPE, form-urlencoded]. The JWT: header {"alg": "RS256",
"typ": "JWT"[, "kid": private_key_id]} [L jwt.py; S shows no kid, so kid is optional; a kid that is
not the key's id is a deleted key: "Invalid JWT Signature."], claims {iss: client_email, scope
(space-separated), aud, iat, exp} [S; L _make_authorization_grant_assertion]. Checked, in order; every
refusal is HTTP 400 {"error", "error_description"} (as Google answers, issue threads below):
  grant_type other             unsupported_grant_type "Invalid grant_type: X" (unattested)
  no assertion / not a JWT     invalid_request "Missing required parameter: assertion" /
                               invalid_grant "Invalid JWT: ..." (unattested)
  iss not the key's email      invalid_grant "Invalid grant: account not found" (golang/oauth2 users:
                               "oauth2: cannot fetch token: 400 Bad Request ... account not found")
  alg not RS256, kid not the key's id, bad RS256 signature (RSASSA-PKCS1-v1_5 SHA-256 over
  "header.claims", verified with the key's public key)
                               invalid_grant "Invalid JWT Signature." (googleapis/google-cloud-python#10004)
  aud neither https://oauth2.googleapis.com/token [S: "always"; L uses this constant] nor the key's
  token_uri [golang.org/x/oauth2/jwt sends token_uri; equal in a real key]
                               invalid_grant "Invalid JWT: Failed audience check. The right audience is
                               https://oauth2.googleapis.com/token" (unattested)
  exp <= now, iat > now, exp <= iat or exp - iat > 3600 [S: "maximum of 1 hour after the issued time"]
                               invalid_grant "Invalid JWT: Token must be a short-lived token (60 minutes)
                               and in a reasonable timeframe. Check your iat and exp values in the JWT
                               claim." (google-api-php-client#1429, fastlane#14972)
  scope missing or empty       invalid_scope "Empty or missing scope not allowed."
  a scope Google does not know invalid_scope "Invalid OAuth scope or ID token audience provided."
Success: 200 {"access_token": "ya29.…", "expires_in": 3599, "token_type": "Bearer"}; --expires-in
makes tokens short-lived so a test sees renewal. The clock: real time, or --now (pinned; POST
/__control/clock {"advance": seconds} or {"now": ISO} moves it); it judges iat/exp, access token
expiry, "today" and the quota windows.

Bearer auth on the APIs (Authorization: Bearer TOKEN), Google's google.rpc.Status body
{"error": {"code", "message", "status"[, "details"]}}, with WWW-Authenticate on a 401:
  no header      401 UNAUTHENTICATED "Request is missing required authentication credential. ..."
                 (reason CREDENTIALS_MISSING)
  unknown or expired token
                 401 UNAUTHENTICATED "Request had invalid authentication credentials. Expected OAuth 2
                 access token, login cookie or other valid authentication credential. See
                 https://developers.google.com/identity/sign-in/web/devconsole-project." (seen in
                 rohitaryal/imageFX-api#2; reason ACCESS_TOKEN_EXPIRED for an expired one)
  token's scopes do not cover the method: 403 PERMISSION_DENIED "Request had insufficient
                 authentication scopes." Data API: analytics or analytics.readonly
                 [analyticsdata_v1beta.yaml]; Admin GetProperty: analytics.edit or analytics.readonly
                 [analyticsadmin_v1beta.yaml].

POST /v1beta/properties/{id}:runReport [P http rule], JSON body (camelCase or snake_case names, as
proto3 JSON parsers take): dateRanges [{startDate, endDate}] YYYY-MM-DD, "today", "yesterday" or
"NdaysAgo" in the property's time zone [P DateRange]; dimensions [{name}] (the fake knows "date"
only), metrics [{name}] (the fake knows "sessions" only, TYPE_INTEGER); offset, limit (0 or absent:
10 000, proto3 cannot tell them apart; above 250 000 served as 250 000, "no matter how many you ask
for"; negative refused [P]);
keepEmptyRows (false: a row whose metrics are all 0 is left out [P]); returnPropertyQuota; orderBys
[{dimension: {dimensionName, orderType}} | {metric: {metricName}}, desc]; currencyCode (echoed);
property (must be this one). Unknown field: 400 "Invalid JSON payload received. Unknown name \"x\":
Cannot find field." (any Google JSON API). dimensionFilter, metricFilter, metricAggregations,
cohortSpec, comparisons and a second date range are refused 400 as beyond the fake. Errors:
  an unknown metric / dimension  400 INVALID_ARGUMENT "Field X is not a valid metric. For a list of valid
                                 dimensions and metrics, see https://developers.google.com/analytics/
                                 devguides/reporting/data/v1/api-schema" ("... is not a valid dimension."
                                 likewise; both quoted in clients' tests)
  another property              403 PERMISSION_DENIED "User does not have sufficient permissions for this
                                 property. To learn more about Property ID, see https://developers.google.com/
                                 analytics/devguides/reporting/data/v1/property-id." (google/site-kit-wp#7361,
                                 googleapis/google-cloud-node#4780)
  a non-numeric id, bad dates, limit <= 0, offset < 0, orderBys naming a field not requested:
                                 400 INVALID_ARGUMENT (wording unattested)
Answer [P RunReportResponse], proto3 JSON (a default-valued field is left out: no "rows" and no
"rowCount" when nothing matched, no "dimensionHeaders" without dimensions; int64 as strings):
  {"dimensionHeaders": [{"name": "date"}], "metricHeaders": [{"name": "sessions", "type": "TYPE_INTEGER"}],
   "rows": [{"dimensionValues": [{"value": "20250601"}], "metricValues": [{"value": "123"}]}],
   "rowCount": 30, "metadata": {"currencyCode": "EUR", "timeZone": "Europe/Paris"},
   "propertyQuota": {...}, "kind": "analyticsData#runReport"}
Rows: days the property recorded: from its createTime's day to today (property zone); stored days and,
with keepEmptyRows, the other days as "0". Order: Google's default is "descending by the first metric"
(the Data API team, quoted in 8-bit-sheep/googleAnalyticsR#361), never by date: rows with equal
sessions come in a seeded shuffle. orderBys override it. rowCount counts every row before offset/limit.
Sampling and thresholding (POST /__control/report) set ResponseMetaData [P data.proto]:
samplingMetadatas [{samplesReadCount, samplingSpaceSize}] (int64 strings, one per date range),
subjectToThresholding true, dataLossFromOtherRow true.

Quotas per property [P PropertyQuota; developers.google.com/analytics/devguides/reporting/data/v1/quotas:
"Daily quotas refresh at midnight PST, and hourly quotas refresh within an hour"]: each served report
costs --tokens-per-request (default 10: "most requests consume fewer than 10 tokens"), taken from
tokensPerDay (--tokens-per-day, 200 000, a day of America/Los_Angeles), tokensPerHour (--tokens-per-hour,
40 000) and tokensPerProjectPerHour (--tokens-per-project-per-hour, 14 000 = 35 %), hours of the clock;
a report while thresholding is on also takes 1 of potentiallyThresholdedRequestsPerHour (120,
"Exhausted potentially thresholded requests quota.", the wording Airbyte's GA4 connector matches).
concurrentRequests is reported ({remaining: 10}), never exhausted: the fake answers one at a time.
A request while a bucket is at or below 0 (remaining may go negative: the request that crosses it is
served) → 429 RESOURCE_EXHAUSTED, for every request to the property [P "all requests to that property"]:
"Exhausted property tokens for a project per hour. These quota tokens will return in under an hour. To
learn more, see https://developers.google.com/analytics/devguides/reporting/data/v1/quotas" (a real
answer in TROCCO's GA4 docs); "Exhausted property tokens per hour. ..." and
"Exhausted property tokens per day. These quota tokens will return in under 24 hours. ..." (seen
quoted in clients' tests). propertyQuota, when asked: {tokensPerDay, tokensPerHour, concurrentRequests,
serverErrorsPerProjectPerHour, potentiallyThresholdedRequestsPerHour, tokensPerProjectPerHour}, each
{consumed (by this request; left out when 0: read absence as 0), remaining}. Server errors (5xx faults
on runReport) count in serverErrorsPerProjectPerHour (10 an hour; exhausted → 429 "Exhausted server
errors per project per hour quota." (unattested)).

GET /v1beta/properties/{id} (Admin API [A rpc GetProperty]) → {"name": "properties/ID", "propertyType":
"PROPERTY_TYPE_ORDINARY", "createTime", "updateTime", "parent": "accounts/ACCOUNT", "displayName",
"industryCategory", "timeZone", "currencyCode", "serviceLevel": "GOOGLE_ANALYTICS_STANDARD", "account"}
[A Property]; another property → 403 PERMISSION_DENIED "The caller does not have permission" (wording
as quoted in a client's tests).

Data: --property ID (the one property the service account can read), --sessions FILE {"YYYY-MM-DD": n}
or --generate-from/--generate-to/--seed (sessions = 100 + (date.toordinal() * 37 + seed) % 50),
--timezone, --currency, --create-time. Faults (fakekit, on any path, /token included) for 5xx.
Control: GET /__control/stats (fakekit's, plus "by_endpoint" {"token", "runReport", "getProperty"},
"tokens_issued", "token_refusals"); GET /__control/items {"property", "sessions", "quota", "report",
"now"}; POST /__control/sessions {"YYYY-MM-DD": n} restates days; POST /__control/report {"sampled":
{"samplesReadCount", "samplingSpaceSize"} | false, "thresholded": bool, "dataLossFromOtherRow": bool};
POST /__control/clock {"advance": s} | {"now": ISO}; POST /__control/quota {"tokensPerDay": remaining,
...} sets what remains. Prints "listening on PORT" when ready.
"""
import base64
import json
import os
import random
import re
import secrets
import sys
import threading
import time
import urllib.parse
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

import fakekit

GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token"
JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
SCOPE = "https://www.googleapis.com/auth/analytics"
KNOWN_SCOPES = {SCOPE, SCOPE + ".readonly", SCOPE + ".edit", SCOPE + ".manage.users",
                SCOPE + ".manage.users.readonly", "https://www.googleapis.com/auth/cloud-platform"}
DATA_SCOPES = {SCOPE, SCOPE + ".readonly"}
ADMIN_READ_SCOPES = {SCOPE + ".edit", SCOPE + ".readonly"}
MAX_JWT_LIFETIME = 3600
MAX_LIMIT, DEFAULT_LIMIT = 250000, 10000
QUOTA_DAY_ZONE = ZoneInfo("America/Los_Angeles")  # daily quotas follow Pacific time
SHORT_LIVED = ("Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. "
               "Check your iat and exp values in the JWT claim.")
UNAUTHENTICATED = ("Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or "
                   "other valid authentication credential. See "
                   "https://developers.google.com/identity/sign-in/web/devconsole-project.")
MISSING_CREDENTIAL = ("Request is missing required authentication credential. Expected OAuth 2 access token, login "
                      "cookie or other valid authentication credential. See "
                      "https://developers.google.com/identity/sign-in/web/devconsole-project.")
NO_PERMISSION = ("User does not have sufficient permissions for this property. To learn more about Property ID, see "
                 "https://developers.google.com/analytics/devguides/reporting/data/v1/property-id.")
SCHEMA = "https://developers.google.com/analytics/devguides/reporting/data/v1/api-schema"
QUOTAS_PAGE = " To learn more, see https://developers.google.com/analytics/devguides/reporting/data/v1/quotas"
EXHAUSTED = {  # bucket -> the 429's message
    "tokensPerDay": "Exhausted property tokens per day. These quota tokens will return in under 24 hours.",
    "tokensPerHour": "Exhausted property tokens per hour. These quota tokens will return in under an hour.",
    "tokensPerProjectPerHour": "Exhausted property tokens for a project per hour. These quota tokens will return "
                               "in under an hour.",
    "serverErrorsPerProjectPerHour": "Exhausted server errors per project per hour quota.",
    "potentiallyThresholdedRequestsPerHour": "Exhausted potentially thresholded requests quota.",
}
REQUEST_FIELDS = {"property", "dimensions", "metrics", "dateRanges", "dimensionFilter", "metricFilter", "offset",
                  "limit", "metricAggregations", "orderBys", "currencyCode", "cohortSpec", "keepEmptyRows",
                  "returnPropertyQuota", "comparisons"}
BEYOND_THE_FAKE = {"dimensionFilter", "metricFilter", "metricAggregations", "cohortSpec", "comparisons"}
RUN_REPORT = re.compile(r"/v1beta/properties/([^/:]+):runReport")
GET_PROPERTY = re.compile(r"/v1beta/properties/([^/:]+)")
DAYS_AGO = re.compile(r"(\d+)daysAgo")


class BadRequest(Exception):
    """400 INVALID_ARGUMENT with Google's message."""


def b64url(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def rpc_error(code, status, message, details=None):
    error = {"code": code, "message": message, "status": status}
    if details:
        error["details"] = details
    return {"error": error}


def quota_status(consumed, remaining):
    """QuotaStatus; consumed is left out when 0, so a client must read its absence as 0 (answers quoted
    in clients' code show "consumed": 0 too)."""
    return dict({"consumed": consumed} if consumed else {}, remaining=remaining)


def make_key(path, token_uri, project="sextant-tests", name="ga4-reader"):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    email = "%s@%s.iam.gserviceaccount.com" % (name, project)
    info = {"type": "service_account", "project_id": project, "private_key_id": secrets.token_hex(20),
            "private_key": pem, "client_email": email, "client_id": str(10 ** 20 + secrets.randbelow(10 ** 20)),
            "auth_uri": "https://accounts.google.com/o/oauth2/auth", "token_uri": token_uri,
            "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
            "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/" + email.replace("@", "%40"),
            "universe_domain": "googleapis.com"}
    with open(path, "w") as f:
        json.dump(info, f, indent=2)
    os.chmod(path, 0o600)


class Clock:
    def __init__(self, pinned):
        self.pinned, self.offset = pinned, 0.0

    def now(self):
        return self.pinned if self.pinned is not None else time.time() + self.offset

    def advance(self, seconds):
        if self.pinned is not None:
            self.pinned += seconds
        else:
            self.offset += seconds


def parse_instant(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def generated_sessions(first, last, seed):
    days, day = {}, first
    while day <= last:
        days[day.isoformat()] = 100 + (day.toordinal() * 37 + seed) % 50
        day += timedelta(days=1)
    return days


class Ga4Store:
    def __init__(self, a):
        self.lock = threading.RLock()
        self.clock = Clock(parse_instant(a.now) if a.now else None)
        self.key_path, self.expires_in = a.service_account, a.expires_in
        self.property_id, self.zone_name, self.currency = a.property, a.timezone, a.currency
        self.zone = ZoneInfo(a.timezone)
        self.create_time = a.create_time
        self.seed = a.seed
        if a.sessions:
            with open(a.sessions) as f:
                self.sessions = {k: int(v) for k, v in json.load(f).items()}
        elif a.generate_from:
            self.sessions = generated_sessions(date.fromisoformat(a.generate_from),
                                               date.fromisoformat(a.generate_to or a.generate_from), a.seed)
        else:
            self.sessions = {}
        self.tokens = {}  # access token -> {"expiry", "scopes"}
        self.tokens_per_request = a.tokens_per_request
        self.limits = {"tokensPerDay": a.tokens_per_day, "tokensPerHour": a.tokens_per_hour,
                       "tokensPerProjectPerHour": a.tokens_per_project_per_hour,
                       "concurrentRequests": 10, "serverErrorsPerProjectPerHour": 10,
                       "potentiallyThresholdedRequestsPerHour": 120}
        self.used = {}  # bucket -> (window, consumed)
        self.report = {"sampled": None, "thresholded": False, "dataLossFromOtherRow": False}
        self.stats = {"by_endpoint": {"token": 0, "runReport": 0, "getProperty": 0},
                      "tokens_issued": 0, "token_refusals": 0}

    # -- time ------------------------------------------------------------------------------
    def today(self):
        return datetime.fromtimestamp(self.clock.now(), self.zone).date()

    def window(self, bucket):
        now = self.clock.now()
        if bucket == "tokensPerDay":
            return datetime.fromtimestamp(now, QUOTA_DAY_ZONE).date().isoformat()
        return int(now // 3600)

    # -- quotas ----------------------------------------------------------------------------
    def remaining(self, bucket):
        window, consumed = self.used.get(bucket, (None, 0))
        return self.limits[bucket] - (consumed if window == self.window(bucket) else 0)

    def consume(self, bucket, amount):
        window, consumed = self.used.get(bucket, (None, 0))
        current = self.window(bucket)
        self.used[bucket] = (current, (consumed if window == current else 0) + amount)

    def exhausted(self):
        for bucket in EXHAUSTED:
            if self.remaining(bucket) <= 0:
                return bucket
        return None

    def charge(self):
        """Takes one request's tokens; answers the PropertyQuota as it stands after it."""
        cost = self.tokens_per_request
        for bucket in ("tokensPerDay", "tokensPerHour", "tokensPerProjectPerHour"):
            self.consume(bucket, cost)
        thresholded = 1 if self.report["thresholded"] else 0
        if thresholded:
            self.consume("potentiallyThresholdedRequestsPerHour", 1)
        spent = {"tokensPerDay": cost, "tokensPerHour": cost, "tokensPerProjectPerHour": cost,
                 "potentiallyThresholdedRequestsPerHour": thresholded}
        order = ["tokensPerDay", "tokensPerHour", "concurrentRequests", "serverErrorsPerProjectPerHour",
                 "potentiallyThresholdedRequestsPerHour", "tokensPerProjectPerHour"]
        return {b: quota_status(spent.get(b, 0), self.limits[b] if b == "concurrentRequests" else self.remaining(b))
                for b in order}

    def quota_json(self):
        return {b: self.remaining(b) for b in self.limits if b != "concurrentRequests"}

    def to_json(self):
        return {"property": self.property_json(), "sessions": dict(sorted(self.sessions.items())),
                "quota": self.quota_json(), "report": dict(self.report),
                "now": datetime.fromtimestamp(self.clock.now(), timezone.utc).isoformat()}

    # -- the service account ---------------------------------------------------------------
    def key(self):
        with open(self.key_path) as f:
            info = json.load(f)
        public = serialization.load_pem_private_key(info["private_key"].encode(), password=None).public_key()
        return info, public

    def property_json(self):
        stamp = self.create_time
        return {"name": "properties/" + self.property_id, "propertyType": "PROPERTY_TYPE_ORDINARY",
                "createTime": stamp, "updateTime": stamp, "parent": "accounts/100200300",
                "displayName": "Sextant test shop", "industryCategory": "SHOPPING", "timeZone": self.zone_name,
                "currencyCode": self.currency, "serviceLevel": "GOOGLE_ANALYTICS_STANDARD",
                "account": "accounts/100200300"}


class OAuthRefusal(Exception):
    def __init__(self, error, description):
        super().__init__(description)
        self.error, self.description = error, description


class Ga4Handler(fakekit.FakeHandler):
    store: Ga4Store = None
    rows_seed = 0

    # -- fakekit hooks ---------------------------------------------------------------------
    def handle_any(self, method):
        path = self.path.split("?", 1)[0]
        endpoint = ("token" if path == "/token" else "runReport" if RUN_REPORT.fullmatch(path)
                    else "getProperty" if GET_PROPERTY.fullmatch(path) else None)
        if endpoint:
            with self.store.lock:
                self.store.stats["by_endpoint"][endpoint] += 1
        return super().handle_any(method)

    def read_body(self):
        """The token endpoint takes a form; the APIs take JSON whatever the Content-Type says."""
        length = int(self.headers.get("Content-Length", "0") or "0")
        raw = self.rfile.read(length) if length else b""
        if self.path.startswith("/token"):
            return dict(urllib.parse.parse_qsl(raw.decode(), keep_blank_values=True))
        return json.loads(raw) if raw.strip() else None

    def is_write(self, method, path):
        return False  # nothing here writes: runReport and /token are POSTs that only read

    def malformed_body(self):
        return 400, rpc_error(400, "INVALID_ARGUMENT", "Invalid JSON payload received. Unexpected token.")

    def send(self, status, payload, headers=(), *rest, **kw):
        if status >= 500 and RUN_REPORT.fullmatch(self.path.split("?", 1)[0]):
            with self.store.lock:
                self.store.consume("serverErrorsPerProjectPerHour", 1)
        return super().send(status, payload, headers, *rest, **kw)

    def authenticated(self):
        self.refusal = None
        path = self.path.split("?", 1)[0]
        if path == "/token":
            return True
        scheme, _, token = self.headers.get("Authorization", "").partition(" ")
        challenge = ('WWW-Authenticate', 'Bearer realm="https://accounts.google.com/"')
        if scheme.lower() != "bearer" or not token.strip():
            self.refusal = (401, rpc_error(401, "UNAUTHENTICATED", MISSING_CREDENTIAL,
                                           [self.error_info("CREDENTIALS_MISSING", path)]), [challenge])
            return False
        with self.store.lock:
            held = self.store.tokens.get(token.strip())
            now = self.store.clock.now()
        if held is None or held["expiry"] <= now:
            reason = "ACCESS_TOKEN_EXPIRED" if held else "ACCESS_TOKEN_TYPE_UNSUPPORTED"
            bearer_error = (challenge[0], challenge[1] + ', error="invalid_token"')
            self.refusal = (401, rpc_error(401, "UNAUTHENTICATED", UNAUTHENTICATED,
                                           [self.error_info(reason, path)]), [bearer_error])
            return False
        needed = DATA_SCOPES if RUN_REPORT.fullmatch(path) else ADMIN_READ_SCOPES
        if not held["scopes"] & needed:
            self.refusal = (403, rpc_error(403, "PERMISSION_DENIED", "Request had insufficient authentication scopes.",
                                           [self.error_info("ACCESS_TOKEN_SCOPE_INSUFFICIENT", path)]),
                            [(challenge[0], challenge[1] + ', error="insufficient_scope"')])
            return False
        return True

    def unauthorized(self):
        return self.refusal

    @staticmethod
    def error_info(reason, path):
        service = "analyticsdata.googleapis.com" if RUN_REPORT.fullmatch(path) else "analyticsadmin.googleapis.com"
        return {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": reason, "domain": "googleapis.com",
                "metadata": {"service": service}}

    def rate_limited(self, method, path):
        match = RUN_REPORT.fullmatch(path)
        if not match or method != "POST" or match.group(1) != self.store.property_id:
            return None
        with self.store.lock:
            bucket = self.store.exhausted()
        if bucket is None:
            return None
        return 429, rpc_error(429, "RESOURCE_EXHAUSTED", EXHAUSTED[bucket] + QUOTAS_PAGE), []

    def control(self, method, path, body):
        store = self.store
        with store.lock:
            if method == "GET" and path == "/__control/stats":
                return super().send(200, dict(self.counters.snapshot(), by_endpoint=dict(store.stats["by_endpoint"]),
                                              tokens_issued=store.stats["tokens_issued"],
                                              token_refusals=store.stats["token_refusals"]))
            if method == "POST" and path == "/__control/sessions":
                store.sessions.update({k: int(v) for k, v in (body or {}).items()})
                return super().send(200, {"restated": len(body or {})})
            if method == "POST" and path == "/__control/report":
                store.report.update({k: v for k, v in (body or {}).items() if k in store.report})
                return super().send(200, dict(store.report))
            if method == "POST" and path == "/__control/clock":
                if "now" in (body or {}):
                    store.clock.pinned = parse_instant(body["now"])
                store.clock.advance(float((body or {}).get("advance", 0)))
                return super().send(200, {"now": store.clock.now()})
            if method == "POST" and path == "/__control/quota":
                for bucket, remaining in (body or {}).items():
                    store.used[bucket] = (store.window(bucket), store.limits[bucket] - int(remaining))
                return super().send(200, store.quota_json())
        return super().control(method, path, body)

    # -- routing ---------------------------------------------------------------------------
    def route(self, method, path, query, body):
        if path == "/token" and method == "POST":
            return self.token(body or {})
        match = RUN_REPORT.fullmatch(path)
        if match and method == "POST":
            try:
                return self.run_report(match.group(1), body)
            except BadRequest as e:
                return 400, rpc_error(400, "INVALID_ARGUMENT", str(e))
        match = GET_PROPERTY.fullmatch(path)
        if match and method == "GET":
            if match.group(1) != self.store.property_id:
                return 403, rpc_error(403, "PERMISSION_DENIED", "The caller does not have permission")
            return 200, self.store.property_json()
        return 404, rpc_error(404, "NOT_FOUND", "Method not found.")

    # -- POST /token -----------------------------------------------------------------------
    def token(self, form):
        store = self.store
        try:
            scopes = self.verify_assertion(form)
        except OAuthRefusal as e:
            store.stats["token_refusals"] += 1
            return 400, {"error": e.error, "error_description": e.description}
        access = "ya29.fake-" + secrets.token_urlsafe(32)
        store.tokens[access] = {"expiry": store.clock.now() + store.expires_in, "scopes": scopes}
        store.stats["tokens_issued"] += 1
        return 200, {"access_token": access, "expires_in": store.expires_in, "token_type": "Bearer"}

    def verify_assertion(self, form):
        if "application/x-www-form-urlencoded" not in self.headers.get("Content-Type", ""):
            raise OAuthRefusal("invalid_request", "Invalid Content-Type; expected application/x-www-form-urlencoded")
        if form.get("grant_type") != JWT_GRANT:
            raise OAuthRefusal("unsupported_grant_type", "Invalid grant_type: %s" % form.get("grant_type", ""))
        assertion = form.get("assertion", "")
        if not assertion:
            raise OAuthRefusal("invalid_request", "Missing required parameter: assertion")
        try:
            head_b64, claims_b64, signature_b64 = assertion.split(".")
            header, claims = json.loads(unb64url(head_b64)), json.loads(unb64url(claims_b64))
            signature = unb64url(signature_b64)
            if not isinstance(header, dict) or not isinstance(claims, dict):
                raise ValueError("not objects")
        except ValueError:
            raise OAuthRefusal("invalid_grant", "Invalid JWT: the assertion is not a JWT")
        info, public = self.store.key()
        if claims.get("iss") != info["client_email"]:
            raise OAuthRefusal("invalid_grant", "Invalid grant: account not found")
        if header.get("alg") != "RS256" or header.get("kid", info["private_key_id"]) != info["private_key_id"]:
            raise OAuthRefusal("invalid_grant", "Invalid JWT Signature.")
        try:
            public.verify(signature, (head_b64 + "." + claims_b64).encode(), padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature:
            raise OAuthRefusal("invalid_grant", "Invalid JWT Signature.")
        if claims.get("aud") not in (GOOGLE_TOKEN_URI, info.get("token_uri")):
            raise OAuthRefusal("invalid_grant", "Invalid JWT: Failed audience check. The right audience is "
                               + GOOGLE_TOKEN_URI)
        iat, exp, now = claims.get("iat"), claims.get("exp"), self.store.clock.now()
        if (not isinstance(iat, int) or not isinstance(exp, int) or exp <= now or iat > now or exp <= iat
                or exp - iat > MAX_JWT_LIFETIME):
            raise OAuthRefusal("invalid_grant", SHORT_LIVED)
        scopes = set(str(claims.get("scope", "")).split())
        if not scopes:
            raise OAuthRefusal("invalid_scope", "Empty or missing scope not allowed.")
        if not scopes <= KNOWN_SCOPES:
            raise OAuthRefusal("invalid_scope", "Invalid OAuth scope or ID token audience provided.")
        return scopes

    # -- POST :runReport -------------------------------------------------------------------
    def run_report(self, property_id, body):
        store = self.store
        if not property_id.isdigit():
            raise BadRequest("Invalid property ID: %s. A numeric Property ID is required. To learn more about "
                             "Property ID, see https://developers.google.com/analytics/devguides/reporting/data/v1/"
                             "property-id." % property_id)
        if property_id != store.property_id:
            return 403, rpc_error(403, "PERMISSION_DENIED", NO_PERMISSION)
        request = self.camel(body if isinstance(body, dict) else {})
        if request.get("property") not in (None, "", "properties/" + property_id):
            raise BadRequest("property in the body must be empty or properties/%s" % property_id)
        beyond = BEYOND_THE_FAKE & set(request)
        if beyond:
            raise BadRequest("the fake does not serve %s" % ", ".join(sorted(beyond)))
        dimensions = [d.get("name", "") for d in request.get("dimensions", [])]
        metrics = [m.get("name", "") for m in request.get("metrics", [])]
        for name in dimensions:
            if name != "date":
                raise BadRequest("Field %s is not a valid dimension. For a list of valid dimensions and metrics, "
                                 "see %s " % (name, SCHEMA))
        if not metrics:
            raise BadRequest("A report request needs at least one metric.")
        for name in metrics:
            if name != "sessions":
                raise BadRequest("Field %s is not a valid metric. For a list of valid dimensions and metrics, "
                                 "see %s " % (name, SCHEMA))
        ranges = request.get("dateRanges", [])
        if len(ranges) != 1:
            raise BadRequest("the fake serves exactly one date range (Google takes up to 4)")
        first, last = self.resolve(ranges[0].get("startDate", ""), "startDate"), \
            self.resolve(ranges[0].get("endDate", ""), "endDate")
        if first > last:
            raise BadRequest("Invalid date range: startDate %s is after endDate %s." % (first, last))
        offset, limit = self.integer(request, "offset", 0), self.integer(request, "limit", 0)
        if offset < 0:
            raise BadRequest("offset must be non-negative: %d" % offset)
        if limit < 0:
            raise BadRequest("limit must be positive: %d" % limit)
        limit = limit or DEFAULT_LIMIT  # proto3: 0 is "unspecified"
        rows = self.rows(first, last, bool(dimensions), len(metrics), bool(request.get("keepEmptyRows")))
        rows = self.order(rows, request.get("orderBys", []), dimensions, metrics)
        answer = {"dimensionHeaders": [{"name": n} for n in dimensions]} if dimensions else {}
        answer["metricHeaders"] = [{"name": n, "type": "TYPE_INTEGER"} for n in metrics]
        page = rows[offset:offset + min(limit, MAX_LIMIT)]
        if page:
            answer["rows"] = page
        if rows:
            answer["rowCount"] = len(rows)
        answer["metadata"] = self.metadata(request)
        quota = store.charge()
        if request.get("returnPropertyQuota"):
            answer["propertyQuota"] = quota
        answer["kind"] = "analyticsData#runReport"
        return 200, answer

    @staticmethod
    def camel(request):
        def camel_name(name):
            head, *rest = name.split("_")
            return head + "".join(p[:1].upper() + p[1:] for p in rest)

        def walk(value):
            if isinstance(value, dict):
                return {camel_name(k): walk(v) for k, v in value.items()}
            if isinstance(value, list):
                return [walk(v) for v in value]
            return value

        request = walk(request)
        for name in request:
            if name not in REQUEST_FIELDS:
                raise BadRequest('Invalid JSON payload received. Unknown name "%s": Cannot find field.' % name)
        return request

    @staticmethod
    def integer(request, name, default):
        value = request.get(name, default)
        try:  # int64 in proto3 JSON: a number or a string of digits
            return int(value)
        except (TypeError, ValueError):
            raise BadRequest('Invalid value at \'%s\' (TYPE_INT64), "%s"' % (name, value))

    def resolve(self, text, field):
        today = self.store.today()
        if text == "today":
            return today
        if text == "yesterday":
            return today - timedelta(days=1)
        ago = DAYS_AGO.fullmatch(text)
        if ago:
            return today - timedelta(days=int(ago.group(1)))
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                raise ValueError(text)
            return date.fromisoformat(text)
        except ValueError:
            raise BadRequest("Invalid %s: '%s'. Dates are YYYY-MM-DD, NdaysAgo, yesterday or today." % (field, text))

    def rows(self, first, last, by_date, metric_count, keep_empty):
        store = self.store
        recorded_from = datetime.fromisoformat(store.create_time.replace("Z", "+00:00")).astimezone(store.zone).date()
        day, per_day = max(first, recorded_from), []
        while day <= min(last, store.today()):
            per_day.append((day.strftime("%Y%m%d"), store.sessions.get(day.isoformat(), 0)))
            day += timedelta(days=1)
        if not by_date:
            per_day = [(None, sum(n for _, n in per_day))] if per_day else []
        rows = []
        for value, sessions in per_day:
            if sessions == 0 and not keep_empty:
                continue
            row = {"dimensionValues": [{"value": value}]} if by_date else {}
            row["metricValues"] = [{"value": str(sessions)} for _ in range(metric_count)]
            rows.append(row)
        return rows

    def order(self, rows, order_bys, dimensions, metrics):
        """Google's default: descending by the first metric, ties in no promised order (a seeded shuffle)."""
        rows = list(rows)
        random.Random(self.rows_seed).shuffle(rows)
        if not order_bys:
            return sorted(rows, key=lambda r: -int(r["metricValues"][0]["value"]))
        for spec in reversed(order_bys):
            desc = bool(spec.get("desc"))
            if "dimension" in spec:
                name = spec["dimension"].get("dimensionName", "")
                if name not in dimensions:
                    raise BadRequest("orderBys names the dimension '%s', which is not in the request." % name)
                i = dimensions.index(name)
                rows.sort(key=lambda r: r["dimensionValues"][i]["value"], reverse=desc)
            elif "metric" in spec:
                name = spec["metric"].get("metricName", "")
                if name not in metrics:
                    raise BadRequest("orderBys names the metric '%s', which is not in the request." % name)
                i = metrics.index(name)
                rows.sort(key=lambda r: int(r["metricValues"][i]["value"]), reverse=desc)
            else:
                raise BadRequest("an orderBy needs a dimension or a metric")
        return rows

    def metadata(self, request):
        report = self.store.report
        meta = {"currencyCode": request.get("currencyCode") or self.store.currency, "timeZone": self.store.zone_name}
        if report["dataLossFromOtherRow"]:
            meta["dataLossFromOtherRow"] = True
        if report["thresholded"]:
            meta["subjectToThresholding"] = True
        sampled = report["sampled"]
        if sampled:
            sampled = sampled if isinstance(sampled, dict) else {"samplesReadCount": 500000,
                                                                 "samplingSpaceSize": 2000000}
            meta["samplingMetadatas"] = [{k: str(v) for k, v in sampled.items()}]
        return meta


def main():
    p = fakekit.arguments(__doc__.split("\n")[0])
    p.add_argument("--make-key", metavar="FILE", help="write a test service account key and exit")
    p.add_argument("--token-uri", default=GOOGLE_TOKEN_URI, help="the key's token_uri (with --make-key)")
    p.add_argument("--service-account", metavar="FILE", help="the key whose public half verifies the JWTs")
    p.add_argument("--property", default="123456789", help="the numeric property the service account can read")
    p.add_argument("--sessions", metavar="FILE", help='{"YYYY-MM-DD": sessions}')
    p.add_argument("--generate-from", metavar="YYYY-MM-DD")
    p.add_argument("--generate-to", metavar="YYYY-MM-DD")
    p.add_argument("--seed", type=int, default=0, help="for generated sessions and the order of tied rows")
    p.add_argument("--timezone", default="Europe/Paris", help="the property's reporting time zone")
    p.add_argument("--currency", default="EUR")
    p.add_argument("--create-time", default="2024-01-15T09:30:00Z", help="the property's createTime")
    p.add_argument("--now", help="pin the clock to this instant (ISO 8601); default: real time")
    p.add_argument("--expires-in", type=int, default=3599, help="access token lifetime, seconds")
    p.add_argument("--tokens-per-request", type=int, default=10)
    p.add_argument("--tokens-per-day", type=int, default=200000)
    p.add_argument("--tokens-per-hour", type=int, default=40000)
    p.add_argument("--tokens-per-project-per-hour", type=int, default=14000)
    a = p.parse_args()
    if a.make_key:
        make_key(a.make_key, a.token_uri)
        return
    if not a.service_account:
        p.error("--service-account FILE is required to serve (make one with --make-key)")
    if not a.property.isdigit():
        p.error("--property must be numeric")
    Ga4Handler.rows_seed = a.seed
    fakekit.serve(Ga4Handler, Ga4Store(a), a)


if __name__ == "__main__":
    sys.exit(main())
