#!/usr/bin/python3
"""A fake Shopify Admin GraphQL API for Sextant's tests: real HTTP on 127.0.0.1, following the
documented contract (shopify.dev): POST /admin/api/{version}/graphql.json with
X-Shopify-Access-Token; every document parsed and validated against the schema subset in
shopify_admin.graphql, an unknown field refused as Shopify refuses it, and answered field by field
(shopify_graphql.py); its requested cost computed as Shopify documents, over 1 000 refused with
MAX_COST_EXCEEDED; the calculated-cost leaky bucket reported in extensions.cost.throttleStatus:
the requested cost is held before execution (THROTTLED in an HTTP 200 when the bucket cannot hold
it) and the difference to the actual cost refunded after; bulkOperationRunQuery (one bulk query at
a time, as before API 2026-01) with a JSONL result whose nested connection nodes are lines of their
own carrying __parentId; currentBulkOperation; shopifyqlQuery sessions (read_reports only); the
client credentials grant (POST /admin/oauth/access_token) with expiring tokens.

Orders are stored as the API names them: each a dict of the Order's fields, connections (lineItems,
a refund's refundLineItems and refundShippingLines) as plain lists, served as connections.

Buckets (--plan): "legacy" 1 000 points restoring 50/s (the older documented figures,
https://help.shopify.com/en/api/graphql-admin-api/graphql-admin-api-rate-limits), or the current
plan-based rates of https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits: standard
100/s, advanced 200/s, plus 1 000/s, enterprise 2 000/s, each with a bucket of 20 seconds of
restore, as Shopify's throttleStatus reports them (maximumAvailable 2000.0 for restoreRate 100.0).
--bucket and --restore set any other.

Faults, one per API request, from POST /__control/faults or drawn at random (--fault-rate 0.2
--fault-seed N, every kind below alike):
  {"status": 429, "retry_after": 1}  HTTP 429 with Retry-After, Shopify's REST-style body
  {"status": 502}                    an HTTP 5xx ("after": true: the request is carried out first)
  {"reset": true}                    the connection closed unanswered
  {"truncate": true}                 the real answer cut short: half its bytes, then the connection closed
  {"json_half": true}                a 200 whose JSON is cut in half (Content-Length says so)
  {"html": true}                     a 200 captcha page (text/html); {"maintenance": true}: a 503 page
  {"internal": true}                 INTERNAL_SERVER_ERROR inside a 200, in Shopify's error shape
A random 5xx on bulkOperationRunQuery is "after": the operation starts and its answer is lost.
A queued fault with "on": "WORD" waits for a request whose document has WORD (say bulkOperationRunQuery).
GET /__control/stats reports requests, faults, throttled answers, requested and actual cost (the
largest requested too), MAX_COST_EXCEEDED refusals, tokens issued and bulk operations.
Prints "listening on PORT" when ready.
"""
import argparse
import base64
import json
import random
import re
import socket
import threading
import time
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from shopify_graphql import Document, QueryError

PLANS = {"legacy": (1000, 50), "standard": (2000, 100), "advanced": (4000, 200), "plus": (20000, 1000),
         "enterprise": (40000, 2000)}
FAULT_KINDS = [{"status": 429, "retry_after": 1}, {"status": 500}, {"status": 502}, {"reset": True},
               {"truncate": True}, {"json_half": True}, {"html": True}, {"maintenance": True}, {"internal": True}]
BULK_SECONDS = 0.2  # how long a bulk operation runs


def money(cents, currency="EUR"):
    return {"shopMoney": {"amount": "%.2f" % (cents / 100), "currencyCode": currency},
            "presentmentMoney": {"amount": "999.99", "currencyCode": "USD"}}


def generate(n, seed, refund_every, lines_each):
    """n tax-exclusive orders at 20 % VAT: one to three lines (lines_each, when given); every fifth order has 5.00 off its
    first line (a discount allocation); every refund_every-th (0: none) has one unit of its first
    line refunded, the next day. Every
    amount is whole cents: prices are multiples of 5 cents, so 20 % of them is exact."""
    rnd = random.Random(seed)
    start = datetime(2025, 1, 1, tzinfo=timezone.utc)
    stamp = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")
    orders = []
    for i in range(1, n + 1):
        created = start + timedelta(seconds=i * 300 + rnd.randint(0, 200))
        lines, net_total, tax_total, discount_total, quantity = [], 0, 0, 0, 0
        for k in range(lines_each or rnd.randint(1, 3)):
            unit, q = rnd.choice([1990, 2500, 4900, 8900]), rnd.randint(1, 3)
            discount = 500 if k == 0 and i % 5 == 0 else 0
            tax = (unit * q - discount) * 20 // 100
            lines.append({"id": "gid://shopify/LineItem/%d%02d" % (i, k), "quantity": q,
                          "originalTotalSet": money(unit * q),
                          "discountAllocations": [{"allocatedAmountSet": money(discount)}] if discount else [],
                          "taxLines": [{"priceSet": money(tax), "rate": 0.2, "title": "VAT"}]})
            net_total, tax_total = net_total + unit * q - discount, tax_total + tax
            discount_total, quantity = discount_total + discount, quantity + q
        updated, refunds = created, []
        if refund_every and i % refund_every == 0:
            unit = int(round(float(lines[0]["originalTotalSet"]["shopMoney"]["amount"]) * 100)) // lines[0]["quantity"]
            updated = created + timedelta(days=1)
            refunds = [{"id": "gid://shopify/Refund/%d" % i, "createdAt": stamp(updated),
                        "refundLineItems": [{"quantity": 1, "subtotalSet": money(unit),
                                             "totalTaxSet": money(unit * 20 // 100)}],
                        "refundShippingLines": []}]
        orders.append({"id": "gid://shopify/Order/%d" % i, "legacyResourceId": str(i),
                       "createdAt": stamp(created), "updatedAt": stamp(updated), "cancelledAt": None, "test": False,
                       "taxesIncluded": False,
                       "displayFinancialStatus": "PARTIALLY_REFUNDED" if refunds else "PAID",
                       "email": "buyer%d@example.org" % rnd.randint(1, 3000), "customer": None,
                       "subtotalLineItemsQuantity": quantity, "subtotalPriceSet": money(net_total),
                       "totalDiscountsSet": money(discount_total), "totalShippingPriceSet": money(0),
                       "totalTaxSet": money(tax_total), "shippingLine": None, "lineItems": lines, "refunds": refunds})
    return orders


class Store:
    def __init__(self, args):
        self.lock = threading.Lock()
        self.orders = json.load(open(args.orders)) if args.orders else generate(args.generate, args.seed, args.refund_every, args.lines)
        self.by_id = {o["id"]: o for o in self.orders}
        self.refunds = {r["id"]: r for o in self.orders for r in o["refunds"]}
        self.sessions = json.load(open(args.sessions)) if args.sessions else {}
        self.tokens = {}  # token -> expiry (None: never)
        if args.token:
            self.tokens[args.token] = None
        self.client = (args.client_id, args.client_secret)
        self.token_lifetime = args.token_lifetime
        self.scopes = args.scopes.split(",")
        capacity, restore = PLANS[args.plan]
        self.capacity = float(args.bucket or capacity)
        self.restore = float(args.restore or restore)
        self.available, self.updated = self.capacity, time.monotonic()
        self.max_cost = args.max_cost
        self.faults = []
        self.fault_rate, self.random = args.fault_rate, random.Random(args.fault_seed)
        self.bulk = {}
        self.stats = {"requests": 0, "faults": 0, "throttled": 0, "tokens_issued": 0, "bulk_operations": 0,
                      "requested_cost": 0, "actual_cost": 0, "max_requested_cost": 0, "max_cost_exceeded": 0,
                      "capacity": self.capacity, "restore_rate": self.restore}

    def take(self, requested):
        """Leaky bucket: refill, then hold the requested cost if it fits."""
        now = time.monotonic()
        self.available = min(self.capacity, self.available + (now - self.updated) * self.restore)
        self.updated = now
        ok = self.available >= requested
        if ok:
            self.available -= requested
        return ok

    def refund(self, points):
        self.available = min(self.capacity, self.available + points)

    def status(self):
        return {"maximumAvailable": self.capacity, "currentlyAvailable": int(self.available),
                "restoreRate": self.restore}

    def next_fault(self, query):
        mutation = query.lstrip().startswith("mutation")
        with self.lock:
            if self.faults and self.faults[0].get("on", "") in query:
                f = self.faults.pop(0)
            elif self.fault_rate and self.random.random() < self.fault_rate:
                f = dict(self.random.choice(FAULT_KINDS))
                if mutation and "status" in f and f["status"] >= 500:
                    f["after"] = True
            else:
                return None
            self.stats["faults"] += 1
            return f

    def bulk_state(self, op):
        b = self.bulk[op]
        return "COMPLETED" if time.monotonic() - b["started"] >= BULK_SECONDS else "RUNNING"


def matches(order, search):
    m = re.search(r"updated_at:>='([^']+)'", search or "")
    return not m or order["updatedAt"] >= m.group(1)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    store: Store = None

    def log_message(self, *args):
        pass

    def setup(self):
        super().setup()
        # Headers and body leave in two writes: without this, Nagle's algorithm holds the body
        # back until the client's delayed acknowledgement, 40 ms a request.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def send_body(self, status, body, content_type="application/json", headers=(), cut=None):
        """cut: how many bytes of the body to write before closing (Content-Length still says all)."""
        body = body if isinstance(body, bytes) else body.encode()
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if cut is None:
            self.wfile.write(body)
        else:
            self.wfile.write(body[:cut])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(2)

    def send_json(self, status, payload, content_type="application/json"):
        self.send_body(status, payload if isinstance(payload, str) else json.dumps(payload), content_type)

    def do_GET(self):
        if self.path == "/__control/stats":
            with self.store.lock:
                return self.send_json(200, self.store.stats)
        m = re.match(r"/bulk/(\w+)\.jsonl$", self.path)
        if m and m.group(1) in self.store.bulk:
            return self.send_json(200, self.store.bulk[m.group(1)]["file"], "application/jsonl")
        self.send_json(404, {"errors": "Not Found"})

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.path == "/__control/faults":
            with self.store.lock:
                self.store.faults.extend(json.loads(body))
            return self.send_json(200, {"ok": True})
        if self.path == "/admin/oauth/access_token":
            return self.token(json.loads(body))
        if not re.match(r"/admin/api/\d{4}-\d{2}/graphql\.json$", self.path):
            return self.send_json(404, {"errors": "Not Found"})
        with self.store.lock:
            self.store.stats["requests"] += 1
        request = json.loads(body)
        fault = self.store.next_fault(request["query"])
        if fault and not fault.get("after") and not fault.get("truncate"):
            return self.fail(fault)
        token = self.headers.get("X-Shopify-Access-Token", "")
        with self.store.lock:
            expiry = self.store.tokens.get(token, "absent")
        if expiry == "absent" or (expiry is not None and expiry < time.time()):
            return self.send_json(401, {"errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"})
        status, answer = self.graphql(request["query"], request.get("variables") or {})
        if fault and fault.get("after"):
            return self.fail(fault)
        text = json.dumps(answer)
        self.send_body(status, text, cut=len(text.encode()) // 2 if fault else None)

    def fail(self, f):
        if f.get("reset"):
            self.close_connection = True
            self.connection.shutdown(2)
        elif f.get("json_half"):
            self.send_body(200, '{"data": {"orders": {"pageInfo": {"hasNextPage": tr')
        elif f.get("html"):
            self.send_body(200, "<html><head><title>Verify you are human</title></head><body>captcha</body></html>",
                           "text/html; charset=utf-8")
        elif f.get("maintenance"):
            self.send_body(503, "<html><body><h1>Shop unavailable: down for maintenance</h1></body></html>",
                           "text/html; charset=utf-8")
        elif f.get("internal"):
            # https://shopify.dev/docs/api/admin-graphql#status-and-error-codes (INTERNAL_SERVER_ERROR)
            self.send_json(200, {"errors": [{"message": "Internal error. Looks like something went wrong on our end.\n"
                                                        "Request ID: 5f3b2a1c-fake (include this in support requests).",
                                             "extensions": {"code": "INTERNAL_SERVER_ERROR",
                                                            "requestId": "5f3b2a1c-fake"}}]})
        else:
            headers = [("Retry-After", str(f["retry_after"]))] if "retry_after" in f else []
            self.send_body(f["status"], json.dumps({"errors": "Exceeded 2 calls per second for api client. Reduce "
                                                              "request rates to resume uninterrupted service."}
                                                   if f["status"] == 429 else {"errors": "Internal Server Error"}),
                           headers=headers)

    def token(self, payload):
        if (payload.get("client_id"), payload.get("client_secret")) != self.store.client or \
                payload.get("grant_type") != "client_credentials":
            return self.send_json(400, {"error": "invalid_client", "error_description": "Client authentication failed"})
        token = "shpat_" + base64.b16encode(random.randbytes(8)).decode().lower()
        with self.store.lock:
            self.store.tokens[token] = time.time() + self.store.token_lifetime
            self.store.stats["tokens_issued"] += 1
        self.send_json(200, {"access_token": token, "scope": ",".join(self.store.scopes),
                             "expires_in": self.store.token_lifetime})

    def graphql(self, query, variables):
        """(HTTP status, answer): Shopify answers GraphQL errors, throttles included, in a 200."""
        s = self.store
        try:
            doc = Document(query, variables, max_cost=s.max_cost)
        except QueryError as e:
            with s.lock:
                s.stats["max_cost_exceeded"] += any(x["extensions"]["code"] == "MAX_COST_EXCEEDED" for x in e.errors)
            return 200, {"errors": e.errors}
        with s.lock:
            if not s.take(doc.requested):
                s.stats["throttled"] += 1
                return 200, {"errors": [{"message": "Throttled", "extensions": {
                    "code": "THROTTLED", "documentation": "https://shopify.dev/api/usage/rate-limits"}}],
                    "extensions": {"cost": {"requestedQueryCost": doc.requested, "actualQueryCost": None,
                                            "throttleStatus": s.status()}}}
        denied = []
        data, actual = doc.execute(lambda name, args: self.root(name, args, denied))
        with s.lock:
            s.refund(doc.requested - actual)
            st = s.stats
            st["requested_cost"] += doc.requested
            st["actual_cost"] += actual
            st["max_requested_cost"] = max(st["max_requested_cost"], doc.requested)
            cost = {"requestedQueryCost": doc.requested, "actualQueryCost": actual, "throttleStatus": s.status()}
        if denied:
            return 200, {"errors": [{"message": "Access denied for %s field." % denied[0],
                                     "extensions": {"code": "ACCESS_DENIED"}}], "data": None}
        return 200, {"data": data, "extensions": {"cost": cost}}

    def root(self, name, args, denied):
        """The stored value of one root field."""
        s = self.store
        if name in ("orders", "ordersCount") and "read_orders" not in s.scopes and "read_all_orders" not in s.scopes:
            denied.append(name)
            return None
        with s.lock:
            if name == "orders":
                return sorted((o for o in s.orders if matches(o, args.get("query"))),
                              key=lambda o: (o["updatedAt"], int(o["legacyResourceId"])))
            if name == "ordersCount":
                return {"count": sum(1 for o in s.orders if matches(o, args.get("query"))), "precision": "EXACT"}
            if name == "node":
                return self.node(args["id"])
            if name == "nodes":
                return [self.node(i) for i in args["ids"]]
            if name == "shop":
                return {"name": "Fake Shop", "currencyCode": "EUR", "ianaTimezone": "Europe/Paris"}
            if name == "currentAppInstallation":
                return {"accessScopes": [{"handle": h} for h in s.scopes]}
            if name == "currentBulkOperation":
                return self.node("gid://shopify/BulkOperation/b%d" % len(s.bulk)) if s.bulk else None
            if name == "bulkOperationRunQuery":
                return self.run_bulk(args["query"])
        if name == "shopifyqlQuery":
            if "read_reports" not in s.scopes:
                denied.append(name)
                return None
            since = re.search(r"SINCE (\d{4}-\d{2}-\d{2})", args["query"]).group(1)
            rows = [{"day": d, "sessions": str(n)} for d, n in sorted(s.sessions.items()) if d >= since]
            return {"tableData": {"columns": [{"name": "day"}, {"name": "sessions"}], "rows": rows}, "parseErrors": []}
        return None

    def node(self, gid):
        s = self.store
        kind, _, key = gid.rpartition("/")
        if kind == "gid://shopify/Order" and gid in s.by_id:
            return dict(s.by_id[gid], __typename="Order")
        if kind == "gid://shopify/Refund" and gid in s.refunds:
            return dict(s.refunds[gid], __typename="Refund")
        if kind == "gid://shopify/BulkOperation" and key in s.bulk:
            b, state = s.bulk[key], s.bulk_state(key)
            port = self.server.server_address[1]
            return {"__typename": "BulkOperation", "id": gid, "status": state, "errorCode": None,
                    "objectCount": str(b["count"]), "query": b["query"],
                    "url": "http://127.0.0.1:%d/bulk/%s.jsonl" % (port, key) if state == "COMPLETED" else None}
        return None

    def run_bulk(self, query):
        """One bulk query at a time (https://shopify.dev/docs/api/usage/bulk-operations/queries,
        "Operation restrictions"); its document validated like any other, the cost limit aside."""
        s = self.store
        try:
            Document(query, {}, bulk=True)
        except QueryError as e:
            return {"bulkOperation": None, "userErrors": [{"field": ["query"], "message": e.errors[0]["message"]}]}
        running = [k for k in s.bulk if s.bulk_state(k) != "COMPLETED"]
        if running:
            return {"bulkOperation": None, "userErrors": [{"field": None, "message": "A bulk query operation for this "
                    "app and shop is already in progress: gid://shopify/BulkOperation/%s." % running[0]}]}
        search = re.search(r'query: "([^"]*)"', query)
        op = "b%d" % (len(s.bulk) + 1)
        chosen = [o for o in s.orders if matches(o, search.group(1) if search else "")]
        s.bulk[op] = {"started": time.monotonic(), "file": jsonl(chosen), "count": len(chosen), "query": query}
        s.stats["bulk_operations"] += 1
        return {"bulkOperation": {"id": "gid://shopify/BulkOperation/" + op, "status": "CREATED"}, "userErrors": []}


def jsonl(orders):
    """Orders as bulk JSONL: line items and refund lines on lines of their own with __parentId, the
    children of every other order written before their parent (groupObjects: false)."""
    lines = []
    for i, order in enumerate(orders):
        o = json.loads(json.dumps(order))
        children = [dict(line, __parentId=o["id"]) for line in o.pop("lineItems", [])]
        for r in o["refunds"]:
            for line in r.pop("refundLineItems", []) + r.pop("refundShippingLines", []):
                children.append(dict(line, __parentId=r["id"]))
        parent = json.dumps(o)
        child_lines = [json.dumps(c) for c in children]
        lines.extend(child_lines + [parent] if i % 2 else [parent] + child_lines)
    return "\n".join(lines) + "\n"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--orders")
    p.add_argument("--sessions")
    p.add_argument("--generate", type=int, default=0)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--lines", type=int, default=0, help="generated orders: this many line items each (0: 1 to 3)")
    p.add_argument("--refund-every", type=int, default=10, help="generated orders: one in N has a refund (0: none)")
    p.add_argument("--token", default="shpat_test")
    p.add_argument("--client-id", default="client")
    p.add_argument("--client-secret", default="client-secret")
    p.add_argument("--token-lifetime", type=int, default=86399)
    p.add_argument("--scopes", default="read_orders,read_all_orders,read_reports")
    p.add_argument("--plan", choices=sorted(PLANS), default="legacy")
    p.add_argument("--bucket", type=float, help="bucket size, instead of the plan's")
    p.add_argument("--restore", type=float, help="points restored a second, instead of the plan's")
    p.add_argument("--max-cost", type=int, default=1000, help="the single-query cost limit (Shopify's: 1 000)")
    p.add_argument("--fault-rate", type=float, default=0.0, help="share of API requests answered with a random fault")
    p.add_argument("--fault-seed", type=int, default=1)
    a = p.parse_args()
    Handler.store = Store(a)
    server = ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    server.daemon_threads = True
    print("listening on %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
