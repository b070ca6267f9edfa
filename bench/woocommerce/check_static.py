#!/usr/bin/env python3
"""Fails loudly unless the static server answers as the fake does: on the first, a middle and the
last orders page and on a few refunds answers (refunded orders, and one order without refunds),
byte-identical bodies, the same status and the same Content-Type, X-WP-Total, X-WP-TotalPages and
Link. The fake is asked with nginx's Host, so that its Link names the same server.
  check_static.py FAKE_URL NGINX_URL RENDERED_FOLDER KEY SECRET"""
import http.client
import os
import secrets
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "fakes"))
from fake_woocommerce import API, FIRST_SYNC_QUERY, oauth1_signature  # noqa: E402

COMPARED = ("Content-Type", "X-WP-Total", "X-WP-TotalPages", "Link")


def get(server, host, path, params, key, secret):
    """A GET of path on server (host:port), signed with OAuth 1.0a for host, as Sextant signs."""
    params = dict(params, oauth_consumer_key=key, oauth_nonce=secrets.token_hex(16),
                  oauth_signature_method="HMAC-SHA1", oauth_timestamp=str(int(time.time())), oauth_version="1.0")
    params["oauth_signature"] = oauth1_signature("http://%s%s" % (host, path), params, secret)
    connection = http.client.HTTPConnection(server, timeout=30)
    connection.request("GET", path + "?" + urllib.parse.urlencode(params), headers={"Host": host})
    answer = connection.getresponse()
    body = answer.read()
    connection.close()
    return answer.status, {h: answer.getheader(h) for h in COMPARED}, body


def main():
    fake_url, nginx_url, folder, key, secret = sys.argv[1:6]
    fake, nginx = urllib.parse.urlsplit(fake_url).netloc, urllib.parse.urlsplit(nginx_url).netloc
    pages = len(os.listdir(os.path.join(folder, "orders")))
    list_query = dict(FIRST_SYNC_QUERY, per_page="100")
    samples = [(API + "/orders", dict(list_query, page=str(p))) for p in sorted({1, (pages + 1) // 2, pages})]
    refunded = sorted(int(f[:-5]) for f in os.listdir(os.path.join(folder, "refunds")) if f != "none.json")
    unrefunded = next(i for i in range(1, refunded[-1]) if i not in set(refunded))
    for oid in refunded[:3] + refunded[-2:] + [unrefunded]:
        samples.append(("%s/orders/%d/refunds" % (API, oid), {}))
    for path, params in samples:
        want = get(fake, nginx, path, params, key, secret)
        got = get(nginx, nginx, path, params, key, secret)
        where = path + ("?page=" + params["page"] if "page" in params else "")
        if want[0] != got[0]:
            sys.exit("static server differs from the fake on %s: status %d, the fake's %d" % (where, got[0], want[0]))
        for header in COMPARED:
            if want[1][header] != got[1][header]:
                sys.exit("static server differs from the fake on %s: %s %r, the fake's %r" %
                         (where, header, got[1][header], want[1][header]))
        if want[2] != got[2]:
            sys.exit("static server differs from the fake on %s: body of %d bytes, the fake's %d, first difference at %d" %
                     (where, len(got[2]), len(want[2]), next((i for i, (a, b) in enumerate(zip(got[2], want[2])) if a != b),
                                                            min(len(got[2]), len(want[2])))))
    print("static server: %d sample answers byte-identical with the fake's" % len(samples))


if __name__ == "__main__":
    main()
