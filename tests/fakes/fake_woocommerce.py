#!/usr/bin/env python3
"""A fake WooCommerce REST API v3 for Sextant's tests: real HTTP on 127.0.0.1, following the
documented contract (woocommerce-rest-api-docs): /wp-json/wc/v3/orders with page/per_page (max 100),
orderby, order, modified_after with dates_are_gmt, X-WP-Total / X-WP-TotalPages / Link headers;
/orders/{id}/refunds; Basic auth over HTTPS, query-string keys, OAuth 1.0a (HMAC-SHA1/SHA256, a
15-minute timestamp window, nonces used once) over HTTP; WooCommerce's JSON errors.

Faults for the tests come from --faults or POST /__control/faults, one per API request, in order:
  {"status": 429, "retry_after": 1}   an HTTP error (with Retry-After when given)
  {"reset": true}                     the connection closed without an answer
  {"truncate": true}                  half the body, then the connection closed (Content-Length says all)
  {"cut_json": true}                  a 200 whose JSON is cut in half, with a Content-Length that matches
  {"html": true}                      a 200 captcha page in HTML (what a host's bot protection sends)
  {"delay_ms": 300}                   a slow answer
A fault with "page": N waits for a request of the orders list's page N (other requests pass it by).
--fault-rate 0.2 --fault-seed N adds random faults of every kind above but the delay, on that share
of the API requests left unfaulted by the queue.
POST /__control/modify {"id": 5, ...fields} changes an order (and its date_modified_gmt);
GET /__control/stats counts requests and faults served by kind ("faults": {"429": 2, "reset": 1, ...})
lists the orders pages served whole, in order ("order_pages"), and counts the connections that asked
for the API ("connections": a client that keeps its connections alive opens few). Prints "listening on
PORT" when ready.

--render FOLDER writes the answers to a first sync as files and exits, for the benchmark's static
server (bench/woocommerce/run.sh): see render().
"""
import argparse
import base64
import hashlib
import hmac
import json
import os
import random
import ssl
import sys
import threading
import time
import urllib.parse
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

API = "/wp-json/wc/v3"
SITE_OFFSET = timedelta(hours=2)  # the site's own zone: dates without _gmt are in it


class Store:
    def __init__(self, orders, key, secret, faults, fault_rate=0.0, fault_seed=1):
        self.lock = threading.Lock()
        self.orders = {o["id"]: o for o in orders}
        self.key, self.secret = key, secret
        self.faults = list(faults)
        self.fault_rate = fault_rate
        self.random = random.Random(fault_seed)
        self.bag = []  # the random faults' kinds still to serve this round: every kind once per round
        self.faults_served = {}  # by kind, queued and random alike
        self.served_pages = []  # the orders pages answered whole, in order: the resume tests read it
        self.nonces = set()
        self.requests = 0
        self.connections = 0
        self.by_status = {}
        self.modify_after_page = None  # (page number, changes) applied once that page was served
        self.listings = {}  # filtered, sorted order lists by query; cleared by any change

    def listing(self, params):
        """The orders a list query selects, in its order (cached: big benchmark shops page a lot)."""
        field = "date_modified_gmt" if params.get("dates_are_gmt") == "true" else "date_modified"
        after = params["modified_after"][:19] if "modified_after" in params else None
        key = "id" if params.get("orderby", "date") == "id" else "date_created_gmt"
        descending = params.get("order", "desc") == "desc"
        query = (field, after, key, descending)
        with self.lock:
            if query not in self.listings:
                orders = list(self.orders.values())
                if after:
                    orders = [o for o in orders if public(o)[field] > after]
                orders.sort(key=lambda o: (o[key], o["id"]), reverse=descending)
                self.listings[query] = orders
            return self.listings[query]

    def next_fault(self, page):
        """The first queued fault for this request (page: the orders page asked, else None), else maybe a random one."""
        with self.lock:
            fault = next((f for f in self.faults if f.get("page") in (None, page)), None)
            if fault:
                self.faults.remove(fault)
            elif self.fault_rate and self.random.random() < self.fault_rate:
                if not self.bag:
                    self.bag = [dict(f) for f in RANDOM_FAULTS]
                    self.random.shuffle(self.bag)
                fault = self.bag.pop()
            if fault:
                kind = str(fault["status"]) if "status" in fault else next(k for k in fault if k != "page")
                self.faults_served[kind] = self.faults_served.get(kind, 0) + 1
            return fault


# What shared hosts, their proxies and their bot protection send: drawn from a shuffled bag, so that
# every kind comes once in each eight random faults.
RANDOM_FAULTS = [{"status": 429, "retry_after": 1}, {"status": 500}, {"status": 502}, {"status": 503},
                 {"reset": True}, {"truncate": True}, {"cut_json": True}, {"html": True}]


def gmt_now():
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")


def generate(n, seed):
    """n orders over the last years, with refunds on some, for benchmarks."""
    rnd = random.Random(seed)
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    orders = []
    for i in range(1, n + 1):
        created = start + timedelta(seconds=int(i * 86400 * 700 / n) + rnd.randint(0, 3600))
        lines, subtotal, tax = [], 0, 0
        for k in range(rnd.randint(1, 3)):
            qty, price = rnd.randint(1, 3), rnd.choice([990, 1990, 2500, 4900, 8900])
            t = qty * price * 20 // 100
            lines.append({"id": i * 10 + k, "name": "Product %d" % k, "quantity": qty,
                          "subtotal": "%.2f" % (qty * price / 100), "subtotal_tax": "%.2f" % (t / 100),
                          "total": "%.2f" % (qty * price / 100), "total_tax": "%.2f" % (t / 100), "price": price / 100})
            subtotal += qty * price
            tax += t
        shipping = 0 if subtotal >= 5000 else 590
        o = woo_order(i, created, "completed", rnd.randint(0, 4000), "buyer%d@example.org" % rnd.randint(1, 9000),
                      lines, 0, shipping, tax + shipping * 20 // 100)
        if rnd.random() < 0.04:
            when = created + timedelta(days=rnd.randint(2, 20))
            amount = round(float(lines[0]["total"]) * 100) + round(float(lines[0]["total_tax"]) * 100)
            o["_refunds"] = [{"id": 10_000_000 + i, "date_created_gmt": when.strftime("%Y-%m-%dT%H:%M:%S"),
                              "amount": "%.2f" % (amount / 100), "line_items": [
                                  {"id": 1, "quantity": -lines[0]["quantity"], "total": "-" + lines[0]["total"],
                                   "total_tax": "-" + lines[0]["total_tax"]}]}]
            o["date_modified_gmt"] = when.strftime("%Y-%m-%dT%H:%M:%S")
        orders.append(o)
    return orders


def woo_order(oid, created, status, customer, email, lines, discount, shipping, tax):
    subtotal = sum(round(float(l["subtotal"]) * 100) for l in lines)
    total = subtotal - discount + shipping + tax
    return {"id": oid, "status": status, "currency": "EUR", "prices_include_tax": False,
            "date_created": (created + SITE_OFFSET).strftime("%Y-%m-%dT%H:%M:%S"),
            "date_created_gmt": created.strftime("%Y-%m-%dT%H:%M:%S"),
            "date_modified_gmt": created.strftime("%Y-%m-%dT%H:%M:%S"),
            "discount_total": "%.2f" % (discount / 100), "shipping_total": "%.2f" % (shipping / 100),
            "total_tax": "%.2f" % (tax / 100), "total": "%.2f" % (total / 100), "customer_id": customer,
            "billing": {"email": email}, "line_items": lines, "refunds": []}


def public(order):
    o = {k: v for k, v in order.items() if not k.startswith("_")}
    o["date_modified"] = (datetime.strptime(order["date_modified_gmt"], "%Y-%m-%dT%H:%M:%S") + SITE_OFFSET).strftime(
        "%Y-%m-%dT%H:%M:%S")
    o["refunds"] = [{"id": r["id"], "reason": "", "total": "-" + r["amount"]} for r in order.get("_refunds", [])]
    return o


def encode(payload):
    """An answer's body, as served (and as rendered by --render: the same bytes)."""
    return json.dumps(payload).encode()


def orders_page(orders, page, per_page, base):
    """The orders list's page: its payload and its X-WP-Total, X-WP-TotalPages and Link headers, the
    links on base (the list's URL without query)."""
    total = len(orders)
    pages = max(1, (total + per_page - 1) // per_page)
    chunk = [public(o) for o in orders[(page - 1) * per_page: page * per_page]]
    links = []
    if page < pages:
        links.append('<%s?page=%d&per_page=%d>; rel="next"' % (base, page + 1, per_page))
    if page > 1:
        links.append('<%s?page=%d&per_page=%d>; rel="prev"' % (base, page - 1, per_page))
    headers = [("X-WP-Total", str(total)), ("X-WP-TotalPages", str(pages))]
    if links:
        headers.append(("Link", ", ".join(links)))
    return chunk, headers


def refunds_of(order):
    """The payload of /orders/{id}/refunds."""
    return order.get("_refunds", [])


def rfc3986(text):
    return urllib.parse.quote(text, safe="-._~")


def oauth1_signature(url, params, secret):
    """OAuth 1.0a's signature of a GET of url with params (oauth_* included, oauth_signature left out),
    by their oauth_signature_method, as WooCommerce checks it (the token secret is empty)."""
    signed = sorted((rfc3986(k), rfc3986(v)) for k, v in params.items() if k != "oauth_signature")
    normalized = "&".join("%s=%s" % kv for kv in signed)
    base = "GET&" + rfc3986(url) + "&" + rfc3986(normalized)
    digest = hashlib.sha256 if params.get("oauth_signature_method") == "HMAC-SHA256" else hashlib.sha1
    return base64.b64encode(hmac.new((secret + "&").encode(), base.encode(), digest).digest()).decode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    store: Store = None
    tls = False
    mangle = None  # how this request's answer is spoiled: None, "truncate" or "cut_json"
    counted = False  # this connection is among the stats' "connections" (a handler is one connection)

    def log_message(self, *args):
        pass

    # -- plumbing -----------------------------------------------------------------------------
    def send_json(self, status, payload, headers=()):
        body = encode(payload)
        whole = len(body)
        if status == 200 and self.mangle == "cut_json":
            body = body[: len(body) // 2]  # a complete answer of half a document: its length says so
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(body) if self.mangle != "truncate" else whole))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        if status == 200 and self.mangle == "truncate":
            self.wfile.write(body[: len(body) // 2])  # fewer bytes than announced, then the connection closed
            self.close_connection = True
            return
        self.wfile.write(body)
        with self.store.lock:
            self.store.by_status[str(status)] = self.store.by_status.get(str(status), 0) + 1

    def error(self, status, code, message):
        self.send_json(status, {"code": code, "message": message, "data": {"status": status}})

    def apply_fault(self, page):
        """Answers the request with its fault (True), or says how to spoil the real answer ("truncate",
        "cut_json"), or lets it through (None)."""
        fault = self.store.next_fault(page)
        if not fault:
            return None
        if "delay_ms" in fault:
            time.sleep(fault["delay_ms"] / 1000)
            return None
        if fault.get("reset"):
            self.close_connection = True
            self.connection.shutdown(2)
            return True
        if fault.get("html"):
            body = (b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body><form id=\"challenge\">"
                    b"Checking your browser before accessing the shop.</form></body></html>")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=UTF-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return True
        if fault.get("truncate"):
            return "truncate"
        if fault.get("cut_json"):
            return "cut_json"
        headers = [("Retry-After", str(fault["retry_after"]))] if "retry_after" in fault else []
        self.send_json(fault["status"], {"code": "fault", "message": "injected fault", "data": {"status": fault["status"]}},
                       headers)
        return True

    def authenticated(self, url, params):
        key, secret = self.store.key, self.store.secret
        header = self.headers.get("Authorization", "")
        if header.startswith("Basic "):
            if not self.tls:
                return "woocommerce_rest_cannot_view", "Basic authentication needs HTTPS"
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
            return None if (user, password) == (key, secret) else ("woocommerce_rest_authentication_error",
                                                                   "Consumer key is invalid.")
        if "consumer_key" in params:
            if not self.tls:
                return "woocommerce_rest_cannot_view", "Query-string keys need HTTPS"
            ok = params.get("consumer_key") == key and params.get("consumer_secret") == secret
            return None if ok else ("woocommerce_rest_authentication_error", "Consumer key is invalid.")
        if "oauth_signature" in params:
            if params.get("oauth_consumer_key") != key:
                return "woocommerce_rest_authentication_error", "Consumer key is invalid."
            if abs(int(params.get("oauth_timestamp", "0")) - time.time()) > 15 * 60:
                return "woocommerce_rest_authentication_error", "Invalid timestamp."
            with self.store.lock:
                if params["oauth_nonce"] in self.store.nonces:
                    return "woocommerce_rest_authentication_error", "Invalid nonce - nonce has already been used."
                self.store.nonces.add(params["oauth_nonce"])
            method = params.get("oauth_signature_method")
            if method not in ("HMAC-SHA1", "HMAC-SHA256"):
                return "woocommerce_rest_authentication_error", "Invalid signature method passed."
            expected = oauth1_signature(url, params, secret)
            if not hmac.compare_digest(expected, params["oauth_signature"]):
                return "woocommerce_rest_authentication_error", "Invalid signature - provided signature does not match."
            return None
        return "woocommerce_rest_cannot_view", "Sorry, you cannot list resources."

    # -- routes -------------------------------------------------------------------------------
    def do_GET(self):
        parsed = urllib.parse.urlsplit(self.path)
        params = dict(urllib.parse.parse_qsl(parsed.query, keep_blank_values=True))
        self.mangle = None
        if parsed.path == "/__control/stats":
            with self.store.lock:
                stats = {"requests": self.store.requests, "by_status": dict(self.store.by_status),
                         "order_pages": list(self.store.served_pages), "faults": dict(self.store.faults_served),
                         "connections": self.store.connections}
            return self.send_json(200, stats)
        with self.store.lock:
            self.store.requests += 1
            self.store.connections += 0 if self.counted else 1
        self.counted = True
        listing = parsed.path == API + "/orders"
        fault = self.apply_fault(int(params.get("page", "1")) if listing and params.get("page", "1").isdigit() else None)
        if fault is True:
            return
        self.mangle = fault
        scheme = "https" if self.tls else "http"
        url = "%s://%s%s" % (scheme, self.headers.get("Host"), parsed.path)
        problem = self.authenticated(url, params)
        if problem:
            return self.error(401, *problem)
        if listing:
            return self.orders(params)
        if parsed.path.startswith(API + "/orders/") and parsed.path.endswith("/refunds"):
            oid = int(parsed.path[len(API + "/orders/"):-len("/refunds")])
            with self.store.lock:
                order = self.store.orders.get(oid)
            if not order:
                return self.error(404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.")
            return self.send_json(200, refunds_of(order))
        return self.error(404, "rest_no_route", "No route was found matching the URL and request method.")

    def orders(self, params):
        try:
            per_page = int(params.get("per_page", "10"))
            page = int(params.get("page", "1"))
        except ValueError:
            return self.error(400, "rest_invalid_param", "Invalid parameter(s): page")
        if not 1 <= per_page <= 100:
            return self.error(400, "rest_invalid_param", "Invalid parameter(s): per_page")
        base = "%s://%s%s/orders" % ("https" if self.tls else "http", self.headers.get("Host"), API)
        chunk, headers = orders_page(self.store.listing(params), page, per_page, base)
        self.send_json(200, chunk, headers)
        if not self.mangle:
            with self.store.lock:
                self.store.served_pages.append(page)
        with self.store.lock:
            hook = self.store.modify_after_page
            if hook and hook[0] == page:
                self.store.modify_after_page = None
                for change in hook[1]:
                    self.modify(change)

    def modify(self, change):
        self.store.listings.clear()
        order = self.store.orders[change["id"]]
        order.update({k: v for k, v in change.items() if k != "id"})
        if "date_modified_gmt" not in change:
            order["date_modified_gmt"] = gmt_now()

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        payload = json.loads(self.rfile.read(length) or b"null")
        if self.path == "/__control/faults":
            with self.store.lock:
                self.store.faults.extend(payload)
            return self.send_json(200, {"queued": len(payload)})
        if self.path == "/__control/modify":
            with self.store.lock:
                self.modify(payload)
            return self.send_json(200, {"ok": True})
        if self.path == "/__control/modify-after-page":
            with self.store.lock:
                self.store.modify_after_page = (payload["page"], payload["changes"])
            return self.send_json(200, {"ok": True})
        return self.error(404, "rest_no_route", "No route was found matching the URL and request method.")


# The list query of a first sync (Sextant's and the benchmark's JS client's): no modified_after.
FIRST_SYNC_QUERY = {"status": "any", "orderby": "id", "order": "asc", "dates_are_gmt": "true"}


def render(store, folder, per_page=100):
    """The shop's answers to a first sync as files, for a static server (bench/woocommerce): every
    orders page (orders/PAGE.json), every refunded order's refunds (refunds/ID.json; refunds/none.json
    is the answer for any other order) and nginx maps (shop.conf) of the headers the fake sends, the
    Link's host left to nginx ($http_host, as the fake takes it from Host). Bodies and header values
    come from the functions that serve them, so they cannot drift."""
    orders = store.listing(FIRST_SYNC_QUERY)
    os.makedirs(os.path.join(folder, "orders"), exist_ok=True)
    os.makedirs(os.path.join(folder, "refunds"), exist_ok=True)
    base = "http://$http_host%s/orders" % API
    pages = max(1, (len(orders) + per_page - 1) // per_page)
    links = {}
    for page in range(1, pages + 1):
        chunk, headers = orders_page(orders, page, per_page, base)
        with open(os.path.join(folder, "orders", "%d.json" % page), "wb") as f:
            f.write(encode(chunk))
        values = dict(headers)
        links[page] = values.get("Link", "")
    for order in orders:
        if refunds_of(order):
            with open(os.path.join(folder, "refunds", "%d.json" % order["id"]), "wb") as f:
                f.write(encode(refunds_of(order)))
    with open(os.path.join(folder, "refunds", "none.json"), "wb") as f:
        f.write(encode([]))
    with open(os.path.join(folder, "shop.conf"), "w") as f:
        f.write("# Rendered by fake_woocommerce.py --render: %d orders, %d a page.\n" % (len(orders), per_page))
        f.write("map $arg_page $wc_page { default $arg_page; \"\" 1; }\n")
        f.write("map $wc_page $wc_link {\n  default \"\";\n")
        for page, link in links.items():
            f.write("  %d '%s';\n" % (page, link))
        f.write("}\n")
        f.write("map $wc_page $wc_total { default %s; }\n" % values["X-WP-Total"])
        f.write("map $wc_page $wc_pages { default %s; }\n" % values["X-WP-TotalPages"])
    print("rendered %d orders in %d pages to %s" % (len(orders), pages, folder), flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--orders", help="a JSON file: a list of orders, refunds under _refunds")
    p.add_argument("--generate", type=int, default=0)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--key", default="ck_test")
    p.add_argument("--secret", default="cs_test")
    p.add_argument("--faults", default="[]")
    p.add_argument("--fault-rate", type=float, default=0.0, help="share of API requests given a random fault")
    p.add_argument("--fault-seed", type=int, default=1)
    p.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    p.add_argument("--render", metavar="FOLDER", help="write the first sync's answers to FOLDER and exit (no server)")
    a = p.parse_args()
    orders = json.load(open(a.orders)) if a.orders else generate(a.generate, a.seed)
    Handler.store = Store(orders, a.key, a.secret, json.loads(a.faults), a.fault_rate, a.fault_seed)
    if a.render:
        return render(Handler.store, a.render)
    server = ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    server.daemon_threads = True
    if a.tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*a.tls)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        Handler.tls = True
    print("listening on %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
