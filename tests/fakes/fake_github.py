#!/usr/bin/env python3
"""A fake GitHub REST API (Issues) for Sextant's tests: real HTTP on 127.0.0.1, one repository, following
the documented contract (docs.github.com/rest, see /work/shared/reference/tracker-apis.md section 1).

Faked, at the root like api.github.com:
  GET    /repos/{o}/{r}                          has_issues, permissions {push, ...}, html_url
  GET    /repos/{o}/{r}/issues                   state=open|closed|all (open), labels=a,b (all must match),
                                                 assignee, since, sort=created|updated|comments, direction,
                                                 per_page (30, max 100), page; `link` header. Pull requests are
                                                 listed too (the store starts with PR #1): skip "pull_request".
  POST   /repos/{o}/{r}/issues                   {title, body, labels[], assignees[], assignee} -> 201
  GET    /repos/{o}/{r}/issues/{n}
  PATCH  /repos/{o}/{r}/issues/{n}               {title, body, state, state_reason, labels, assignees, assignee}
  GET|POST|PUT|DELETE /repos/{o}/{r}/issues/{n}/labels, DELETE .../labels/{name}
  GET|POST /repos/{o}/{r}/issues/{n}/comments    {body} -> 201
  GET|POST /repos/{o}/{r}/issues/{n}/sub_issues  {sub_issue_id (the child's id), replace_parent} -> 201 parent
  DELETE /repos/{o}/{r}/issues/{n}/sub_issue     {sub_issue_id} -> 200 parent
  GET    /repos/{o}/{r}/issues/{n}/parent
  GET|POST /repos/{o}/{r}/labels, GET /repos/{o}/{r}/assignees, GET /repos/{o}/{r}/assignees/{login} (204|404)
  GET    /user, GET /rate_limit (not counted against the limit)

Contract details kept: `Authorization: Bearer|token <token>` else 401 "Bad credentials"; no User-Agent -> 403
(plain text); X-GitHub-Api-Version other than 2022-11-28 / 2026-03-10 -> 400; bodies are parsed as JSON
whatever the Content-Type; labels unknown to the repo are created on the fly (colour ededed), matched
case-insensitively; assignees that cannot be assigned -> 422 (field assignees, code invalid), and with
--no-push the caller lacks push access so labels and assignees are silently dropped; missing title -> 422
missing_field; state_reason only applies when state changes (closing defaults it to "completed", reopening
sets "reopened"); sub_issues_summary {total, completed (closed as completed), percent_completed (floor)};
sub-issue rules: child found by id (a number that is not an id -> 404), one parent unless replace_parent,
no cycles, <= 100 children, <= 8 levels.
Every answer carries x-ratelimit-limit/remaining/used/reset/resource (primary, 5000/h by default).
Content-creating requests (POST issues, POST comments, POST sub_issues, PATCH issue) beyond
--write-limit-per-minute (80) or --write-limit-per-hour (500) in a sliding window -> 403 secondary rate
limit with retry-after (seconds until the window frees, >= 1). An exhausted primary limit -> 403
"API rate limit exceeded" with x-ratelimit-remaining 0 and no retry-after.

Control endpoints (besides fakekit's /__control/stats and /__control/faults):
  GET  /__control/items      {"issues": [issue + "parent" number], "comments": {number: [...]}, "labels": [...]}
  POST /__control/ratelimit  {"limit", "remaining", "reset_in"} sets the primary limit's state
Prints "listening on PORT" when ready.
"""
import base64
import json
import math
import re
import threading
import time
import urllib.parse
from collections import deque
from datetime import datetime, timezone

import fakekit

VERSIONS = ("2022-11-28", "2026-03-10")
DOCS = "https://docs.github.com/rest"
BOT = "sextant-bot"
STATE_REASONS = ("completed", "not_planned", "duplicate", "reopened")
MAX_SUB_ISSUES, MAX_LEVELS = 100, 8
MISSING_UA = ("Request forbidden by administrative rules. Please make sure your request has a User-Agent header "
              "(https://docs.github.com/en/rest/overview/resources-in-the-rest-api#user-agent-required). "
              "Check https://developer.github.com for other possible causes.\n")


def now_iso():
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def node_id(prefix, number):
    return prefix + base64.b64encode(b"%08d" % number).decode().rstrip("=")


def error(status, message, doc=DOCS, **extra):
    return status, dict({"message": message, "documentation_url": doc, "status": str(status)}, **extra)


def validation(resource, field, code, doc=DOCS, **detail):
    return error(422, "Validation Failed", doc, errors=[dict({"resource": resource, "field": field, "code": code},
                                                             **detail)])


def not_found(doc=DOCS):
    return error(404, "Not Found", doc)


class SlidingWindow:
    """Timestamps of accepted requests within the last `seconds`."""

    def __init__(self, limit, seconds):
        self.limit, self.seconds, self.times = limit, seconds, deque()

    def wait(self, now):
        """0 when one more request fits, else the seconds until the oldest one leaves the window (>= 1)."""
        while self.times and self.times[0] <= now - self.seconds:
            self.times.popleft()
        if self.limit <= 0 or len(self.times) < self.limit:
            return 0
        return max(1, math.ceil(self.times[0] + self.seconds - now))


class GitHubStore:
    def __init__(self, token, owner, repo, users, push_access, rate_limit, per_minute, per_hour):
        self.lock = threading.RLock()
        self.handler = None  # the handler class, for base_url
        self.token, self.owner, self.repo, self.push_access = token, owner, repo, push_access
        self.users = {login.lower(): {"login": login, "id": 583231 + i} for i, login in enumerate(users)}
        self.labels = {}  # lower-case name -> label
        self.issues = {}  # number -> issue (internal form: label names, assignee logins)
        self.numbers_by_id = {}
        self.comments = {}  # number -> [comment]
        self.parent = {}  # child number -> parent number
        self.children = {}  # parent number -> [child numbers], in the order they were added
        self.next_number, self.next_label_id, self.next_comment_id = 1, 208045946, 1081119451
        self.rate = {"limit": rate_limit, "remaining": rate_limit, "reset": int(time.time()) + 3600}
        self.creation_windows = [SlidingWindow(per_minute, 60), SlidingWindow(per_hour, 3600)]
        self.add_issue("Update the checkout flow", "A pull request.", [], [], pull_request=True)

    # -- model --------------------------------------------------------------------------------
    def add_issue(self, title, body, labels, assignees, pull_request=False):
        n = self.next_number
        self.next_number += 1
        stamp = now_iso()
        issue = {"number": n, "id": 1000000 + n * 7, "title": title, "body": body, "state": "open",
                 "state_reason": None, "labels": [], "assignees": list(assignees), "created_at": stamp,
                 "updated_at": stamp, "closed_at": None, "pull_request": pull_request}
        issue["labels"] = self.label_names(labels)
        self.issues[n] = issue
        self.numbers_by_id[issue["id"]] = n
        return issue

    def label(self, name):
        """The repo's label of that name (case-insensitive), created on the fly when missing."""
        key = name.lower()
        if key not in self.labels:
            self.labels[key] = {"id": self.next_label_id, "name": name, "color": "ededed", "default": False,
                                "description": None}
            self.next_label_id += 1
        return self.labels[key]

    def label_names(self, labels):
        names = []
        for entry in labels:
            name = (entry.get("name") if isinstance(entry, dict) else str(entry)).strip()
            if name and name.lower() not in [n.lower() for n in names]:
                names.append(self.label(name)["name"])
        return names

    def touch(self, issue):
        issue["updated_at"] = now_iso()

    def set_state(self, issue, state, reason):
        """state_reason only counts when the state changes (documented)."""
        if state == issue["state"]:
            return
        issue["state"] = state
        if state == "closed":
            issue["state_reason"] = reason if reason in ("completed", "not_planned", "duplicate") else "completed"
            issue["closed_at"] = now_iso()
        else:
            issue["state_reason"] = "reopened"
            issue["closed_at"] = None

    def ancestors(self, n):
        chain = []
        while n in self.parent:
            n = self.parent[n]
            chain.append(n)
        return chain

    def height(self, n):
        return 1 + max((self.height(c) for c in self.children.get(n, [])), default=0)

    def detach(self, child):
        parent = self.parent.pop(child)
        self.children[parent].remove(child)

    def summary(self, n):
        kids = [self.issues[c] for c in self.children.get(n, [])]
        done = sum(1 for k in kids if k["state"] == "closed" and k["state_reason"] == "completed")
        return {"total": len(kids), "completed": done, "percent_completed": done * 100 // len(kids) if kids else 0}

    # -- rendering ----------------------------------------------------------------------------
    @property
    def api(self):
        return "%s/repos/%s/%s" % (self.handler.base_url, self.owner, self.repo)

    @property
    def web(self):
        return "https://github.com/%s/%s" % (self.owner, self.repo)

    def user_json(self, login, uid):
        return {"login": login, "id": uid, "node_id": node_id("U_", uid), "type": "User", "site_admin": False,
                "url": "%s/users/%s" % (self.handler.base_url, login), "html_url": "https://github.com/" + login}

    def label_json(self, name):
        label = self.labels[name.lower()]
        return dict(label, node_id=node_id("LA_", label["id"]),
                    url="%s/labels/%s" % (self.api, urllib.parse.quote(label["name"])))

    def issue_json(self, issue):
        n, api = issue["number"], self.api
        assignees = [self.user_json(self.users[a.lower()]["login"], self.users[a.lower()]["id"])
                     for a in issue["assignees"]]
        out = {"id": issue["id"], "node_id": node_id("I_", issue["id"]), "number": n,
               "url": "%s/issues/%d" % (api, n), "repository_url": api,
               "labels_url": "%s/issues/%d/labels{/name}" % (api, n),
               "comments_url": "%s/issues/%d/comments" % (api, n), "events_url": "%s/issues/%d/events" % (api, n),
               "html_url": "%s/issues/%d" % (self.web, n), "title": issue["title"], "body": issue["body"],
               "user": self.user_json(BOT, 1), "state": issue["state"], "state_reason": issue["state_reason"],
               "locked": False, "labels": [self.label_json(name) for name in issue["labels"]],
               "assignee": assignees[0] if assignees else None, "assignees": assignees, "milestone": None,
               "comments": len(self.comments.get(n, [])), "created_at": issue["created_at"],
               "updated_at": issue["updated_at"], "closed_at": issue["closed_at"], "author_association": "OWNER",
               "type": None, "sub_issues_summary": self.summary(n)}
        if issue["pull_request"]:
            out["html_url"] = "%s/pull/%d" % (self.web, n)
            out["pull_request"] = {"url": "%s/pulls/%d" % (api, n), "html_url": out["html_url"],
                                   "diff_url": out["html_url"] + ".diff", "patch_url": out["html_url"] + ".patch",
                                   "merged_at": None}
        return out

    def to_json(self):
        issues = []
        for n in sorted(self.issues):
            issues.append(dict(self.issue_json(self.issues[n]), parent=self.parent.get(n)))
        return {"issues": issues, "comments": {str(n): c for n, c in self.comments.items()},
                "labels": [self.label_json(l["name"]) for l in self.labels.values()]}

    # -- limits -------------------------------------------------------------------------------
    def rate_headers(self):
        with self.lock:
            r = self.rate
            return [("x-ratelimit-limit", str(r["limit"])), ("x-ratelimit-remaining", str(r["remaining"])),
                    ("x-ratelimit-used", str(r["limit"] - r["remaining"])), ("x-ratelimit-reset", str(r["reset"])),
                    ("x-ratelimit-resource", "core")]

    def spend_primary(self):
        """Counts one request against the primary limit; False when it is exhausted."""
        with self.lock:
            now = time.time()
            if now >= self.rate["reset"]:
                self.rate.update(remaining=self.rate["limit"], reset=int(now) + 3600)
            if self.rate["remaining"] <= 0:
                return False
            self.rate["remaining"] -= 1
            return True

    def spend_creation(self):
        """Records one content-creating request; the seconds to wait instead when over a secondary limit."""
        with self.lock:
            now = time.time()
            wait = max(w.wait(now) for w in self.creation_windows)
            if wait:
                return wait
            for w in self.creation_windows:
                w.times.append(now)
            return 0


OWNER_REPO = r"/repos/(?P<owner>[^/]+)/(?P<repo>[^/]+)"
ISSUE = OWNER_REPO + r"/issues/(?P<n>\d+)"
CONTENT_CREATION = [("POST", re.compile(OWNER_REPO + r"/issues/?$")),
                    ("POST", re.compile(ISSUE + r"/comments/?$")),
                    ("POST", re.compile(ISSUE + r"/sub_issues/?$")),
                    ("PATCH", re.compile(ISSUE + r"/?$"))]


def page_params(query, default=30):
    def number(key, fallback):
        try:
            return int(query.get(key, fallback))
        except ValueError:
            return fallback
    return max(1, number("page", 1)), min(100, max(1, number("per_page", default)))


class GitHubHandler(fakekit.FakeHandler):
    store: GitHubStore = None

    # -- fakekit hooks ------------------------------------------------------------------------
    def authenticated(self):
        self.refusal = self.refuse()
        return self.refusal is None

    def refuse(self):
        """GitHub's checks before a request is served: User-Agent, API version, credentials."""
        if not self.headers.get("User-Agent", "").strip():
            return 403, MISSING_UA, [], "text/plain; charset=utf-8"
        version = self.headers.get("X-GitHub-Api-Version")
        if version is not None and version.strip() not in VERSIONS:
            return error(400, "Invalid 'X-GitHub-Api-Version' header value: '%s'. Supported versions: %s."
                         % (version, ", ".join(VERSIONS)), DOCS + "/about-the-rest-api/api-versions")
        scheme, _, token = self.headers.get("Authorization", "").partition(" ")
        if scheme.lower() not in ("bearer", "token") or token.strip() != self.store.token:
            return error(401, "Bad credentials", "https://docs.github.com/rest")
        return None

    def unauthorized(self):
        return self.refusal

    def malformed_body(self):
        return error(400, "Problems parsing JSON")

    def read_body(self):
        """GitHub reads a body as JSON whatever its Content-Type says."""
        length = int(self.headers.get("Content-Length", "0") or "0")
        raw = self.rfile.read(length) if length else b""
        return json.loads(raw) if raw.strip() else None

    def send(self, status, payload, headers=(), *rest, **kw):
        if not self.path.startswith("/__control/"):
            headers = list(headers) + self.store.rate_headers()
        return super().send(status, payload, headers, *rest, **kw)

    def rate_limited(self, method, path):
        if path == "/rate_limit":
            return None
        if not self.store.spend_primary():
            status, payload = error(403, "API rate limit exceeded for user ID 1.",
                                    DOCS + "/overview/rate-limits-for-the-rest-api")
            return status, payload, []
        if any(method == m and rx.match(path) for m, rx in CONTENT_CREATION):
            wait = self.store.spend_creation()
            if wait:
                status, payload = error(
                    403, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
                    "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api"
                    "#about-secondary-rate-limits")
                return status, payload, [("retry-after", str(wait))]
        return None

    def control(self, method, path, body):
        if method == "POST" and path == "/__control/ratelimit":
            with self.store.lock:
                rate = self.store.rate
                rate["limit"] = int((body or {}).get("limit", rate["limit"]))
                rate["remaining"] = int((body or {}).get("remaining", rate["remaining"]))
                if "reset_in" in (body or {}):
                    rate["reset"] = int(time.time() + float(body["reset_in"]))
                answer = dict(rate)
            return super().send(200, answer)
        return super().control(method, path, body)

    # -- routing ------------------------------------------------------------------------------
    ROUTES = [
        ("GET", r"/rate_limit", "get_rate_limit"),
        ("GET", r"/user", "get_user"),
        ("GET", OWNER_REPO, "get_repo"),
        ("GET", OWNER_REPO + r"/labels", "list_repo_labels"),
        ("POST", OWNER_REPO + r"/labels", "create_repo_label"),
        ("GET", OWNER_REPO + r"/assignees", "list_assignees"),
        ("GET", OWNER_REPO + r"/assignees/(?P<login>[^/]+)", "check_assignee"),
        ("GET", OWNER_REPO + r"/issues", "list_issues"),
        ("POST", OWNER_REPO + r"/issues", "create_issue"),
        ("GET", ISSUE, "get_issue"),
        ("PATCH", ISSUE, "update_issue"),
        ("GET", ISSUE + r"/labels", "list_issue_labels"),
        ("POST", ISSUE + r"/labels", "add_labels"),
        ("PUT", ISSUE + r"/labels", "set_labels"),
        ("DELETE", ISSUE + r"/labels", "remove_all_labels"),
        ("DELETE", ISSUE + r"/labels/(?P<name>[^/]+)", "remove_label"),
        ("GET", ISSUE + r"/comments", "list_comments"),
        ("POST", ISSUE + r"/comments", "create_comment"),
        ("GET", ISSUE + r"/sub_issues", "list_sub_issues"),
        ("POST", ISSUE + r"/sub_issues", "add_sub_issue"),
        ("DELETE", ISSUE + r"/sub_issue", "remove_sub_issue"),
        ("GET", ISSUE + r"/parent", "get_parent"),
    ]
    COMPILED = [(m, re.compile(rx + r"/?$"), name) for m, rx, name in ROUTES]

    def route(self, method, path, query, body):
        for m, rx, name in self.COMPILED:
            match = rx.match(path)
            if not match or m != method:
                continue
            args = {k: urllib.parse.unquote(v) for k, v in match.groupdict().items()}
            if "owner" in args and (args["owner"].lower(), args["repo"].lower()) != (
                    self.store.owner.lower(), self.store.repo.lower()):
                return not_found()
            if body is not None and not isinstance(body, (dict, list)):
                return error(400, "Problems parsing JSON")
            issue = None
            if "n" in args:
                issue = self.store.issues.get(int(args["n"]))
                if issue is None:
                    return not_found()
            return getattr(self, name)(args, issue, query, body if body is not None else {})
        return not_found()

    def listing(self, items, query, default=30):
        """One page of items with GitHub's `link` header."""
        page, per_page = page_params(query, default)
        pages = max(1, math.ceil(len(items) / per_page))
        chunk = items[(page - 1) * per_page: page * per_page]
        link = fakekit.link_header(self.base_url + self.path.split("?")[0], query, page, pages)
        return 200, chunk, [("link", link)] if link else []

    # -- account, repository, labels ----------------------------------------------------------
    def get_rate_limit(self, args, issue, query, body):
        r = self.store.rate
        core = {"limit": r["limit"], "remaining": r["remaining"], "reset": r["reset"],
                "used": r["limit"] - r["remaining"], "resource": "core"}
        answer = {"resources": {"core": core}}
        if self.headers.get("X-GitHub-Api-Version", VERSIONS[0]).strip() == "2022-11-28":
            answer["rate"] = core  # removed in 2026-03-10
        return 200, answer

    def get_user(self, args, issue, query, body):
        return 200, self.store.user_json(BOT, 1)

    def get_repo(self, args, issue, query, body):
        s = self.store
        push = s.push_access
        return 200, {"id": 1296269, "node_id": node_id("R_", 1296269), "name": s.repo,
                     "full_name": "%s/%s" % (s.owner, s.repo), "owner": s.user_json(s.owner, 1342004),
                     "private": True, "html_url": s.web, "url": s.api, "has_issues": True,
                     "open_issues_count": sum(1 for i in s.issues.values() if i["state"] == "open"),
                     "default_branch": "main", "visibility": "private",
                     "permissions": {"admin": False, "maintain": False, "push": push, "triage": push, "pull": True}}

    def list_repo_labels(self, args, issue, query, body):
        return self.listing([self.store.label_json(l["name"]) for l in self.store.labels.values()], query)

    def create_repo_label(self, args, issue, query, body):
        name = str(body.get("name", "")).strip() if isinstance(body, dict) else ""
        if not name:
            return validation("Label", "name", "missing_field")
        if name.lower() in self.store.labels:
            return validation("Label", "name", "already_exists")
        label = self.store.label(name)
        label["color"] = str(body.get("color", "ededed")).lstrip("#")
        label["description"] = body.get("description")
        return 201, self.store.label_json(name)

    def list_assignees(self, args, issue, query, body):
        return self.listing([self.store.user_json(u["login"], u["id"]) for u in self.store.users.values()], query)

    def check_assignee(self, args, issue, query, body):
        return (204, None) if args["login"].lower() in self.store.users else not_found()

    # -- issues -------------------------------------------------------------------------------
    def list_issues(self, args, issue, query, body):
        state = query.get("state", "open")
        if state not in ("open", "closed", "all"):
            return validation("Issue", "state", "invalid")
        items = [i for i in self.store.issues.values() if state == "all" or i["state"] == state]
        wanted = [w.strip().lower() for w in query.get("labels", "").split(",") if w.strip()]
        items = [i for i in items if all(w in [l.lower() for l in i["labels"]] for w in wanted)]
        assignee = query.get("assignee")
        if assignee == "none":
            items = [i for i in items if not i["assignees"]]
        elif assignee == "*":
            items = [i for i in items if i["assignees"]]
        elif assignee:
            items = [i for i in items if assignee.lower() in [a.lower() for a in i["assignees"]]]
        if "since" in query:
            try:
                since = datetime.fromisoformat(query["since"].replace("Z", "+00:00"))
            except ValueError:
                return validation("Issue", "since", "invalid")
            if since.tzinfo is None:
                since = since.replace(tzinfo=timezone.utc)
            items = [i for i in items if datetime.fromisoformat(i["updated_at"].replace("Z", "+00:00")) >= since]
        sort = query.get("sort", "created")
        keys = {"created": lambda i: (i["created_at"], i["number"]),
                "updated": lambda i: (i["updated_at"], i["number"]),
                "comments": lambda i: (len(self.store.comments.get(i["number"], [])), i["number"])}
        if sort not in keys:
            return validation("Issue", "sort", "invalid")
        items.sort(key=keys[sort], reverse=query.get("direction", "desc") != "asc")
        return self.listing([self.store.issue_json(i) for i in items], query)

    def get_issue(self, args, issue, query, body):
        return 200, self.store.issue_json(issue)

    def people(self, body, doc):
        """(problem, labels, assignees) from a create/update body: problem is None or an error answer, and
        labels/assignees are None when absent or dropped."""
        labels = assignees = None
        if "labels" in body:
            if not isinstance(body["labels"], list):
                return error(422, "Invalid request.\n\nFor 'properties/labels', %s is not an array."
                             % json.dumps(body["labels"]), doc), None, None
            labels = body["labels"]
        if "assignees" in body or "assignee" in body:
            value = body["assignees"] if "assignees" in body else ([body["assignee"]] if body["assignee"] else [])
            if not isinstance(value, list) or not all(isinstance(a, str) for a in value):
                return error(422, "Invalid request.\n\nFor 'properties/assignees', %s is not an array of strings."
                             % json.dumps(value), doc), None, None
            unknown = [login for login in value if login.lower() not in self.store.users]
            if unknown and self.store.push_access:
                return validation("Issue", "assignees", "invalid", doc, value=unknown[0]), None, None
            assignees = [self.store.users[a.lower()]["login"] for a in value if a.lower() in self.store.users]
        if not self.store.push_access:  # documented silent drop for callers without push access
            labels = assignees = None
        return None, labels, assignees

    def create_issue(self, args, issue, query, body):
        doc = DOCS + "/issues/issues#create-an-issue"
        if not isinstance(body, dict):
            return error(400, "Problems parsing JSON", doc)
        title = body.get("title")
        if title is None or title == "":
            return validation("Issue", "title", "missing_field", doc)
        if isinstance(title, bool) or not isinstance(title, (str, int)):
            return validation("Issue", "title", "invalid", doc)
        problem, labels, assignees = self.people(body, doc)
        if problem:
            return problem
        issue = self.store.add_issue(str(title), body.get("body"), labels or [], assignees or [])
        headers = [("Location", "%s/issues/%d" % (self.store.api, issue["number"]))]
        return 201, self.store.issue_json(issue), headers

    def update_issue(self, args, issue, query, body):
        doc = DOCS + "/issues/issues#update-an-issue"
        if not isinstance(body, dict):
            return error(400, "Problems parsing JSON", doc)
        if "title" in body and (body["title"] is None or body["title"] == ""):
            return validation("Issue", "title", "missing_field", doc)
        if "state" in body and body["state"] not in ("open", "closed"):
            return validation("Issue", "state", "invalid", doc)
        if body.get("state_reason") is not None and body["state_reason"] not in STATE_REASONS:
            return validation("Issue", "state_reason", "invalid", doc)
        problem, labels, assignees = self.people(body, doc)
        if problem:
            return problem
        if "title" in body:
            issue["title"] = str(body["title"])
        if "body" in body:
            issue["body"] = body["body"]
        if labels is not None:
            issue["labels"] = self.store.label_names(labels)
        if assignees is not None:
            issue["assignees"] = assignees
        if "state" in body:
            self.store.set_state(issue, body["state"], body.get("state_reason"))
        self.store.touch(issue)
        return 200, self.store.issue_json(issue)

    # -- issue labels -------------------------------------------------------------------------
    def label_list(self, body):
        """Label names from {"labels": [...]} or a bare array (both accepted by GitHub)."""
        value = body.get("labels") if isinstance(body, dict) else body
        return value if isinstance(value, list) else None

    def issue_labels(self, issue):
        return [self.store.label_json(name) for name in issue["labels"]]

    def list_issue_labels(self, args, issue, query, body):
        return self.listing(self.issue_labels(issue), query)

    def add_labels(self, args, issue, query, body):
        names = self.label_list(body)
        if names is None:
            return validation("Label", "labels", "missing_field")
        issue["labels"] = self.store.label_names(issue["labels"] + names)
        self.store.touch(issue)
        return 200, self.issue_labels(issue)

    def set_labels(self, args, issue, query, body):
        names = self.label_list(body)
        if names is None:
            return validation("Label", "labels", "missing_field")
        issue["labels"] = self.store.label_names(names)
        self.store.touch(issue)
        return 200, self.issue_labels(issue)

    def remove_all_labels(self, args, issue, query, body):
        issue["labels"] = []
        self.store.touch(issue)
        return 204, None

    def remove_label(self, args, issue, query, body):
        present = [n for n in issue["labels"] if n.lower() == args["name"].lower()]
        if not present:
            return error(404, "Label does not exist", DOCS + "/issues/labels#remove-a-label-from-an-issue")
        issue["labels"].remove(present[0])
        self.store.touch(issue)
        return 200, self.issue_labels(issue)

    # -- comments -----------------------------------------------------------------------------
    def list_comments(self, args, issue, query, body):
        return self.listing(self.store.comments.get(issue["number"], []), query)

    def create_comment(self, args, issue, query, body):
        text = body.get("body") if isinstance(body, dict) else None
        if not isinstance(text, str) or not text:
            return validation("IssueComment", "body", "missing_field",
                              DOCS + "/issues/comments#create-an-issue-comment")
        s, n = self.store, issue["number"]
        cid = s.next_comment_id
        s.next_comment_id += 1
        stamp = now_iso()
        comment = {"id": cid, "node_id": node_id("IC_", cid), "url": "%s/issues/comments/%d" % (s.api, cid),
                   "html_url": "%s/issues/%d#issuecomment-%d" % (s.web, n, cid), "body": text,
                   "user": s.user_json(BOT, 1), "created_at": stamp, "updated_at": stamp,
                   "issue_url": "%s/issues/%d" % (s.api, n), "author_association": "OWNER"}
        s.comments.setdefault(n, []).append(comment)
        s.touch(issue)
        return 201, comment, [("Location", comment["url"])]

    # -- sub-issues ---------------------------------------------------------------------------
    def sub_issue_of(self, body, doc):
        """The issue named by body's sub_issue_id (an id, not a number), or an error answer."""
        sid = body.get("sub_issue_id") if isinstance(body, dict) else None
        if sid is None:
            return error(422, "Invalid request.\n\n\"sub_issue_id\" wasn't supplied.", doc)
        if isinstance(sid, bool) or not isinstance(sid, int):
            return error(422, "Invalid request.\n\nFor 'properties/sub_issue_id', %s is not an integer."
                         % json.dumps(sid), doc)
        number = self.store.numbers_by_id.get(sid)
        return self.store.issues[number] if number else not_found(doc)

    def list_sub_issues(self, args, issue, query, body):
        kids = [self.store.issue_json(self.store.issues[c]) for c in self.store.children.get(issue["number"], [])]
        return self.listing(kids, query)

    def add_sub_issue(self, args, issue, query, body):
        doc = DOCS + "/issues/sub-issues#add-sub-issue"
        child = self.sub_issue_of(body, doc)
        if isinstance(child, tuple):
            return child
        s, parent_n, child_n = self.store, issue["number"], child["number"]

        def refuse(reason):
            return error(422, "An error occurred while adding the sub-issue to the parent issue. " + reason, doc)

        if issue["pull_request"] or child["pull_request"]:
            return refuse("Pull requests cannot be sub-issues or parents.")
        if child_n == parent_n or child_n in s.ancestors(parent_n):
            return refuse("Sub issue cannot be an ancestor of its parent.")
        if s.parent.get(child_n) == parent_n:
            return refuse("Issue may not contain duplicate sub-issues.")
        if child_n in s.parent and not body.get("replace_parent"):
            return refuse("Sub issue may only have one parent.")
        if len(s.children.get(parent_n, [])) >= MAX_SUB_ISSUES:
            return refuse("Parent cannot have more than %d sub-issues." % MAX_SUB_ISSUES)
        if len(s.ancestors(parent_n)) + 1 + s.height(child_n) > MAX_LEVELS:
            return refuse("Sub-issues cannot be nested more than %d levels deep." % MAX_LEVELS)
        if child_n in s.parent:
            s.detach(child_n)
        s.parent[child_n] = parent_n
        s.children.setdefault(parent_n, []).append(child_n)
        s.touch(issue)
        return 201, s.issue_json(issue), [("Location", "%s/issues/%d/sub_issues" % (s.api, parent_n))]

    def remove_sub_issue(self, args, issue, query, body):
        doc = DOCS + "/issues/sub-issues#remove-sub-issue"
        child = self.sub_issue_of(body, doc)
        if isinstance(child, tuple):
            return child
        if self.store.parent.get(child["number"]) != issue["number"]:
            return not_found(doc)
        self.store.detach(child["number"])
        self.store.touch(issue)
        return 200, self.store.issue_json(issue)

    def get_parent(self, args, issue, query, body):
        parent = self.store.parent.get(issue["number"])
        if parent is None:
            return not_found(DOCS + "/issues/sub-issues#get-parent-issue")
        return 200, self.store.issue_json(self.store.issues[parent])


def main():
    p = fakekit.arguments(__doc__.splitlines()[0])
    p.add_argument("--token", default="ghp_test")
    p.add_argument("--owner", default="acme")
    p.add_argument("--repo", default="shop")
    p.add_argument("--users", default="alice,bob", help="comma-separated assignable logins")
    p.add_argument("--no-push", action="store_true",
                   help="the token lacks push access: labels and assignees are silently dropped")
    p.add_argument("--rate-limit", type=int, default=5000, help="primary limit per hour")
    p.add_argument("--write-limit-per-minute", type=int, default=80, help="secondary content-creation limit")
    p.add_argument("--write-limit-per-hour", type=int, default=500, help="secondary content-creation limit")
    p.add_argument("--issues", type=int, default=0, help="open issues to create at start, after PR #1")
    a = p.parse_args()
    users = [u.strip() for u in a.users.split(",") if u.strip()]
    store = GitHubStore(a.token, a.owner, a.repo, users, not a.no_push, a.rate_limit,
                        a.write_limit_per_minute, a.write_limit_per_hour)
    for k in range(a.issues):
        store.add_issue("Seed issue %d" % (k + 1), "Seeded by the fake.", [], [])
    store.handler = GitHubHandler
    fakekit.serve(GitHubHandler, store, a)


if __name__ == "__main__":
    main()
