"""What every fake tracker server shares: a threaded HTTP/1.1 server on 127.0.0.1, injected
faults, request and write counters, and the /__control endpoints the tests drive.

Faults come from --faults or POST /__control/faults, one per API request, in order:
  {"status": 429, "retry_after": 1}   an HTTP error (with Retry-After when given; "body" to override)
  {"reset": true}                     the connection closed without an answer
  {"reset_after": true}               the request is carried out, then the connection closed unanswered
  {"truncate": true}                  half of the real answer, then the connection closed
  {"html": true}                      a 200 HTML page where JSON was expected
  {"delay_ms": 300}                   a slow answer
Control endpoints (never counted, never faulted):
  GET  /__control/stats    {"requests", "writes", "most_concurrent_writes", "by_status", "throttled"}
                           (most_concurrent_writes: the most writes the fake was handling at once)
  POST /__control/faults   [fault, ...]
  GET  /__control/items    the fake's whole store, as the fake defines it
Prints "listening on PORT" when ready.

route() may answer (status, payload), (status, payload, headers) or (status, payload, headers, content_type);
a str payload with a content_type serves plain text (Trello's errors). While route(), authenticated() and
rate_limited() run, self.query (dict), self.query_pairs (list, repeated parameters kept) and self.body are set;
`base_url` ("http://127.0.0.1:PORT") is set on the handler class by serve().
"""
import argparse
import json
import ssl
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
JSON_TYPE = "application/json; charset=utf-8"


class Counters:
    def __init__(self, faults):
        self.lock = threading.RLock()
        self.faults = list(faults)
        self.requests = 0
        self.writes = 0
        self.writes_in_flight = 0
        self.most_concurrent_writes = 0
        self.by_status = {}
        self.throttled = 0

    def snapshot(self):
        with self.lock:
            return {"requests": self.requests, "writes": self.writes,
                    "most_concurrent_writes": self.most_concurrent_writes,
                    "by_status": dict(self.by_status), "throttled": self.throttled}


class FakeHandler(BaseHTTPRequestHandler):
    """Subclasses set `store` (with a `lock` and `to_json()`), implement `route(method, path, query, body)`
    returning (status, payload[, headers]) — payload None for an empty body — and may override
    `authenticated()` and `rate_limited(method, path)`."""

    protocol_version = "HTTP/1.1"
    counters: Counters = None
    store = None

    def log_message(self, *args):
        pass

    # -- what subclasses override -------------------------------------------------------------
    def authenticated(self):
        return True

    def unauthorized(self):
        return 401, {"message": "Bad credentials"}

    def malformed_body(self):
        """The answer to a body that is not valid JSON."""
        return 400, {"message": "Problems parsing JSON"}

    def is_write(self, method, path):
        """Whether the request counts in stats' writes (a POST that only reads, like a search, need not)."""
        return method in WRITE_METHODS

    def rate_limited(self, method, path):
        """None, or (status, payload, headers) when this request is over the server's limits."""
        return None

    def route(self, method, path, query, body):
        return 404, {"message": "Not Found"}

    # -- plumbing -----------------------------------------------------------------------------
    def send(self, status, payload, headers=(), content_type=JSON_TYPE, truncate=False):
        if payload is None:
            body = b""
        elif isinstance(payload, (bytes, str)):
            body = payload.encode() if isinstance(payload, str) else payload
        else:
            body = json.dumps(payload).encode()
        self.send_response(status)
        if body:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        if truncate:
            self.wfile.write(body[: len(body) // 2])
            self.close_connection = True
        else:
            self.wfile.write(body)
        with self.counters.lock:
            self.counters.by_status[str(status)] = self.counters.by_status.get(str(status), 0) + 1

    def read_body(self):
        length = int(self.headers.get("Content-Length", "0") or "0")
        raw = self.rfile.read(length) if length else b""
        if not raw:
            return None
        if "application/json" in self.headers.get("Content-Type", ""):
            return json.loads(raw)
        return dict(urllib.parse.parse_qsl(raw.decode(), keep_blank_values=True))

    def control(self, method, path, body):
        if method == "GET" and path == "/__control/stats":
            return self.send(200, self.counters.snapshot())
        if method == "POST" and path == "/__control/faults":
            with self.counters.lock:
                self.counters.faults.extend(body or [])
            return self.send(200, {"queued": len(body or [])})
        if method == "GET" and path == "/__control/items":
            with self.store.lock:
                items = self.store.to_json()
            return self.send(200, items)
        return self.send(404, {"message": "no such control endpoint"})

    def handle_any(self, method):
        parsed = urllib.parse.urlsplit(self.path)
        try:
            body = self.read_body()
        except (ValueError, json.JSONDecodeError):
            return self.send(*self.malformed_body())
        if parsed.path.startswith("/__control/"):
            return self.control(method, parsed.path, body)
        self.query_pairs = urllib.parse.parse_qsl(parsed.query, keep_blank_values=True)
        query = dict(self.query_pairs)
        self.query, self.body = query, body
        with self.counters.lock:
            self.counters.requests += 1
            fault = self.counters.faults.pop(0) if self.counters.faults else None
        if fault and "delay_ms" in fault:
            time.sleep(fault["delay_ms"] / 1000)
            fault = None
        if fault and fault.get("reset"):
            self.close_connection = True
            self.connection.shutdown(2)
            return None
        if fault and fault.get("html"):
            return self.send(200, "<html><body>Please log in</body></html>", content_type="text/html")
        if fault and "status" in fault:
            headers = [("Retry-After", str(fault["retry_after"]))] if "retry_after" in fault else []
            return self.send(fault["status"], fault.get("body", {"message": "injected fault"}), headers)
        if not self.authenticated():
            return self.send(*self.unauthorized())
        limited = self.rate_limited(method, parsed.path)
        if limited:
            with self.counters.lock:
                self.counters.throttled += 1
            return self.send(*limited)
        write = self.is_write(method, parsed.path)
        if write:
            with self.counters.lock:
                self.counters.writes += 1
                self.counters.writes_in_flight += 1
                self.counters.most_concurrent_writes = max(self.counters.most_concurrent_writes,
                                                           self.counters.writes_in_flight)
        try:
            with self.store.lock:
                answer = self.route(method, parsed.path, query, body)
        finally:
            if write:  # before the answer leaves: a client that waits for it never overlaps its next write
                with self.counters.lock:
                    self.counters.writes_in_flight -= 1
        status, payload = answer[0], answer[1]
        headers = answer[2] if len(answer) > 2 else ()
        content_type = answer[3] if len(answer) > 3 else JSON_TYPE
        if fault and fault.get("reset_after"):
            self.close_connection = True
            self.connection.shutdown(2)
            return None
        return self.send(status, payload, headers, content_type, truncate=bool(fault and fault.get("truncate")))

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")

    def do_PUT(self):
        self.handle_any("PUT")

    def do_PATCH(self):
        self.handle_any("PATCH")

    def do_DELETE(self):
        self.handle_any("DELETE")


def arguments(description):
    """The options every fake takes; callers add their own before parse_args()."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--faults", default="[]", help="a JSON list of faults, applied one per request")
    p.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    return p


def serve(handler_class, store, args):
    handler_class.store = store
    handler_class.counters = Counters(json.loads(args.faults))
    server = ThreadingHTTPServer(("127.0.0.1", args.port), handler_class)
    server.daemon_threads = True
    handler_class.base_url = "%s://127.0.0.1:%d" % ("https" if args.tls else "http", server.server_address[1])
    if args.tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*args.tls)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print("listening on %d" % server.server_address[1], flush=True)
    server.serve_forever()


def link_header(base_url, query, page, pages):
    """RFC 8288 Link header for page-numbered listings (rel next/prev/first/last)."""
    links = []

    def url(n):
        q = dict(query)
        q["page"] = str(n)
        return "<%s?%s>" % (base_url, urllib.parse.urlencode(q))

    if page < pages:
        links.append('%s; rel="next"' % url(page + 1))
        links.append('%s; rel="last"' % url(pages))
    if page > 1:
        links.append('%s; rel="prev"' % url(page - 1))
        links.append('%s; rel="first"' % url(1))
    return ", ".join(links)
