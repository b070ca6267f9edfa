#!/usr/bin/env python3
"""A fake Shopify Admin GraphQL API for Sextant's tests: real HTTP on 127.0.0.1, following the
documented contract (shopify.dev): POST /admin/api/{version}/graphql.json with
X-Shopify-Access-Token; orders(first, after, sortKey: UPDATED_AT, query: "updated_at:>='...'")
with pageInfo cursors; ordersCount; the calculated-cost leaky bucket reported in
extensions.cost.throttleStatus, and THROTTLED errors inside an HTTP 200 when the bucket cannot hold
a query's requested cost; bulkOperationRunQuery with a JSONL result whose nested connection nodes are
lines of their own carrying __parentId; shopifyqlQuery sessions (read_reports only); the client
credentials grant (POST /admin/oauth/access_token) with expiring tokens.

It does not parse GraphQL: it recognises the operations Sextant sends and reads their variables.
Faults as in fake_woocommerce.py (POST /__control/faults). GET /__control/stats reports requests,
throttled answers, tokens issued and bulk operations. Prints "listening on PORT" when ready.
"""
import argparse
import base64
import json
import random
import re
import threading
import time
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

COST_PER_ORDER = 3  # this fake's price of an order node with its refunds


def money(amount, currency="EUR"):
    return {"shopMoney": {"amount": amount, "currencyCode": currency},
            "presentmentMoney": {"amount": "999.99", "currencyCode": "USD"}}


def generate(n, seed):
    rnd = random.Random(seed)
    start = datetime(2025, 1, 1, tzinfo=timezone.utc)
    orders = []
    for i in range(1, n + 1):
        created = start + timedelta(seconds=i * 300 + rnd.randint(0, 200))
        subtotal = rnd.choice([1990, 2500, 4900, 8900]) * rnd.randint(1, 3)
        tax = subtotal * 20 // 100
        o = {"id": "gid://shopify/Order/%d" % i, "legacyResourceId": str(i),
             "createdAt": created.strftime("%Y-%m-%dT%H:%M:%SZ"), "updatedAt": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
             "cancelledAt": None, "test": False, "taxesIncluded": False, "displayFinancialStatus": "PAID",
             "email": "buyer%d@example.org" % rnd.randint(1, 3000), "customer": None,
             "subtotalLineItemsQuantity": rnd.randint(1, 4),
             "subtotalPriceSet": money("%.2f" % (subtotal / 100)), "totalDiscountsSet": money("0.00"),
             "totalShippingPriceSet": money("0.00"), "totalTaxSet": money("%.2f" % (tax / 100)),
             "shippingLine": None, "refunds": []}
        orders.append(o)
    return orders


class Store:
    def __init__(self, args):
        self.lock = threading.Lock()
        self.orders = json.load(open(args.orders)) if args.orders else generate(args.generate, args.seed)
        self.sessions = json.load(open(args.sessions)) if args.sessions else {}
        self.tokens = {}  # token -> expiry (None: never)
        if args.token:
            self.tokens[args.token] = None
        self.client = (args.client_id, args.client_secret)
        self.token_lifetime = args.token_lifetime
        self.scopes = args.scopes.split(",")
        self.capacity, self.restore = float(args.bucket), float(args.restore)
        self.available, self.updated = self.capacity, time.monotonic()
        self.faults = []
        self.bulk = {}
        self.stats = {"requests": 0, "throttled": 0, "tokens_issued": 0, "bulk_operations": 0,
                      "requested_cost": 0}

    def take(self, requested):
        """Leaky bucket: refill, then take the requested cost if it fits. Returns the status."""
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


def matches(order, search):
    m = re.search(r"updated_at:>='([^']+)'", search or "")
    return not m or order["updatedAt"] >= m.group(1)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    store: Store = None

    def log_message(self, *args):
        pass

    def send_json(self, status, payload, content_type="application/json"):
        body = (payload if isinstance(payload, str) else json.dumps(payload)).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def fault(self):
        with self.store.lock:
            f = self.store.faults.pop(0) if self.store.faults else None
        if not f:
            return False
        if f.get("reset"):
            self.close_connection = True
            self.connection.shutdown(2)
            return True
        if f.get("html"):
            self.send_json(200, "<html><head><title>Shopify is down</title></head></html>", "text/html")
            return True
        self.send_response(f["status"])
        if "retry_after" in f:
            self.send_header("Retry-After", str(f["retry_after"]))
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")
        return True

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
            st = self.store.stats
            st["requests"] += 1
        if self.fault():
            return
        token = self.headers.get("X-Shopify-Access-Token", "")
        with self.store.lock:
            expiry = self.store.tokens.get(token, "absent")
        if expiry == "absent" or (expiry is not None and expiry < time.time()):
            return self.send_json(401, {"errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"})
        request = json.loads(body)
        self.graphql(request["query"], request.get("variables") or {})

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

    def answer(self, data, requested, actual):
        s = self.store
        with s.lock:
            if not s.take(requested):
                s.stats["throttled"] += 1
                return self.send_json(200, {"errors": [{"message": "Throttled", "extensions": {"code": "THROTTLED",
                                       "documentation": "https://shopify.dev/api/usage/rate-limits"}}],
                                            "extensions": {"cost": {"requestedQueryCost": requested,
                                                                    "actualQueryCost": None,
                                                                    "throttleStatus": s.status()}}})
            s.refund(requested - actual)
            s.stats["requested_cost"] += requested
            status = s.status()
        self.send_json(200, {"data": data, "extensions": {"cost": {"requestedQueryCost": requested,
                                                                   "actualQueryCost": actual,
                                                                   "throttleStatus": status}}})

    def denied(self, field):
        self.send_json(200, {"errors": [{"message": "Access denied for %s field." % field,
                                         "extensions": {"code": "ACCESS_DENIED"}}], "data": None})

    def graphql(self, query, variables):
        s = self.store
        if "bulkOperationRunQuery" in query:
            search = re.search(r'query: "([^"]*)"', variables["query"])
            with s.lock:
                op = "b%d" % (len(s.bulk) + 1)
                chosen = [o for o in s.orders if matches(o, search.group(1) if search else "")]
                s.bulk[op] = {"polls": 0, "file": self.jsonl(chosen, op), "count": len(chosen)}
                s.stats["bulk_operations"] += 1
            gid = "gid://shopify/BulkOperation/" + op
            return self.answer({"bulkOperationRunQuery": {"bulkOperation": {"id": gid, "status": "CREATED"},
                                                          "userErrors": []}}, 10, 10)
        if "... on BulkOperation" in query:
            op = variables["id"].rsplit("/", 1)[1]
            with s.lock:
                b = s.bulk[op]
                b["polls"] += 1
                state = "RUNNING" if b["polls"] < 3 else "COMPLETED"
            port = self.server.server_address[1]
            node = {"id": variables["id"], "status": state, "errorCode": None, "objectCount": str(b["count"]),
                    "url": "http://127.0.0.1:%d/bulk/%s.jsonl" % (port, op) if state == "COMPLETED" else None}
            return self.answer({"node": node}, 1, 1)
        if "ordersCount" in query:
            with s.lock:
                n = sum(1 for o in s.orders if matches(o, variables.get("query")))
            return self.answer({"ordersCount": {"count": n, "precision": "EXACT"}}, 1, 1)
        if "shopifyqlQuery" in query:
            if "read_reports" not in s.scopes:
                return self.denied("shopifyqlQuery")
            since = re.search(r"SINCE (\d{4}-\d{2}-\d{2})", variables["q"]).group(1)
            rows = [{"day": d, "sessions": str(n)} for d, n in sorted(s.sessions.items()) if d >= since]
            return self.answer({"shopifyqlQuery": {"tableData": {"columns": [{"name": "day"}, {"name": "sessions"}],
                                                                 "rows": rows}, "parseErrors": []}}, 10, 10)
        if "orders(first:" in query:
            if "read_orders" not in s.scopes and "read_all_orders" not in s.scopes:
                return self.denied("orders")
            first = int(variables["first"])
            with s.lock:
                chosen = sorted((o for o in s.orders if matches(o, variables.get("query"))),
                                key=lambda o: (o["updatedAt"], int(o["legacyResourceId"])))
            start = int(base64.b64decode(variables["after"])) if variables.get("after") else 0
            page = chosen[start:start + first]
            end = start + len(page)
            info = {"hasNextPage": end < len(chosen), "endCursor": base64.b64encode(str(end).encode()).decode()}
            return self.answer({"orders": {"pageInfo": info, "nodes": [self.node(o) for o in page]}},
                               2 + first * COST_PER_ORDER, 2 + len(page) * COST_PER_ORDER)
        if "shop {" in query:
            return self.answer({"shop": {"name": "Fake Shop", "currencyCode": "EUR", "ianaTimezone": "Europe/Paris"},
                                "currentAppInstallation": {"accessScopes": [{"handle": h} for h in s.scopes]}}, 1, 1)
        self.send_json(200, {"errors": [{"message": "this fake does not know that query"}]})

    @staticmethod
    def node(order):
        """An order as the API shows it: the stored plain lists (lineItems, each refund's
        refundLineItems and refundShippingLines) as connections of nodes."""
        o = json.loads(json.dumps(order))
        o["lineItems"] = {"nodes": o.get("lineItems", [])}
        for r in o["refunds"]:
            r["refundLineItems"] = {"nodes": r.get("refundLineItems", [])}
            r["refundShippingLines"] = {"nodes": r.get("refundShippingLines", [])}
        return o

    @staticmethod
    def jsonl(orders, op):
        """Orders as bulk JSONL: line items and refund line nodes on lines of their own with
        __parentId, the children of every other order written before their parent
        (groupObjects: false)."""
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
    p.add_argument("--token", default="shpat_test")
    p.add_argument("--client-id", default="client")
    p.add_argument("--client-secret", default="client-secret")
    p.add_argument("--token-lifetime", type=int, default=86399)
    p.add_argument("--scopes", default="read_orders,read_all_orders,read_reports")
    p.add_argument("--bucket", type=float, default=1000)
    p.add_argument("--restore", type=float, default=50)
    a = p.parse_args()
    Handler.store = Store(a)
    server = ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    server.daemon_threads = True
    print("listening on %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
