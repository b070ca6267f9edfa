"""A hostile server for the secret-leak test: every request is answered with an error whose body
echoes the whole request (request line, every header, the body), the way a misconfigured proxy or
a malicious endpoint would hand credentials back to whoever logs the answer.

  --answer 401    HTTP 401, JSON {"message": <the request>, "request": {...}}
  --answer 500    HTTP 500, the request as plain text
  --answer html   HTTP 200, an HTML page whose <title> and body hold the request
  --layout         which part of the request the echo starts with (messages quote only a start):
                   line, headers (last sent first) or body (a JSON body's members last first; with
                   this layout the token endpoints below echo too, so that the grant requests'
                   secrets come back)

Except with --layout body, two token endpoints answer as the real ones do, so that the tokens plugins obtain at run time
come back in the next requests' headers and are echoed too:
  POST /admin/oauth/access_token      Shopify's client credentials grant: {"access_token": --shopify-token}
  POST /admin-api (a login mutation)  Vendure's login: header vendure-auth-token: --vendure-token
Every request received is appended, as JSON, one a line, to --log.
Prints "listening on PORT" when ready.
"""
import argparse
import html
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def last_members_first(body):
    """A JSON object body with its members in reverse order (GraphQL variables before the query), as
    a server that logs what it parsed would show it; any other body as it came."""
    try:
        doc = json.loads(body)
    except ValueError:
        return body
    return json.dumps(dict(reversed(list(doc.items())))) if isinstance(doc, dict) else body


class EchoHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    options = None
    lock = threading.Lock()

    def log_message(self, *args):
        pass

    def answer(self, status, body, content_type, headers=()):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def handle_any(self):
        length = int(self.headers.get("Content-Length", "0") or "0")
        body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        request = {"line": self.requestline, "headers": [[k, v] for k, v in self.headers.items()], "body": body}
        with self.lock, open(self.options.log, "a") as log:
            log.write(json.dumps(request) + "\n")
        path = self.path.split("?")[0]
        granting = self.options.layout != "body"  # with "body", the grants' requests are echoed too
        if granting and self.command == "POST" and path == "/admin/oauth/access_token":
            return self.answer(200, json.dumps({"access_token": self.options.shopify_token, "expires_in": 86400}),
                               "application/json")
        if granting and self.command == "POST" and path == "/admin-api" and "login(" in body:
            return self.answer(200, json.dumps({"data": {"login": {"id": "1", "identifier": "superadmin"}}}),
                               "application/json", [("vendure-auth-token", self.options.vendure_token)])
        # Error messages quote the start of a body: each layout puts another part of the request first.
        line = self.requestline + "\r\n"
        headers = "".join("%s: %s\r\n" % kv for kv in self.headers.items())
        reversed_headers = "".join("%s: %s\r\n" % kv for kv in reversed(list(self.headers.items())))
        whole = {"line": line + headers + "\r\n" + body,
                 "headers": reversed_headers + line + "\r\n" + body,
                 "body": last_members_first(body) + "\r\n" + reversed_headers + line}[self.options.layout]
        if self.options.answer == "401":
            return self.answer(401, json.dumps({"message": whole, "request": request}), "application/json")
        if self.options.answer == "500":
            return self.answer(500, whole, "text/plain")
        page = "<html><head><title>%s</title></head><body><pre>%s</pre></body></html>" % (whole, html.escape(whole))
        return self.answer(200, page, "text/html")

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--answer", choices=["401", "500", "html"], required=True)
    p.add_argument("--layout", choices=["line", "headers", "body"], default="line",
                   help="what comes first in the echo: the request line, the headers (last sent first) or the body")
    p.add_argument("--shopify-token", required=True)
    p.add_argument("--vendure-token", required=True)
    p.add_argument("--log", required=True)
    EchoHandler.options = p.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", EchoHandler.options.port), EchoHandler)
    server.daemon_threads = True
    print("listening on %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
