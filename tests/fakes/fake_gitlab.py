#!/usr/bin/env python3
"""A fake GitLab REST API v4 (issues) for Sextant's tests: real HTTP on 127.0.0.1, following the documented
contract (docs.gitlab.com/api, see /work/shared/reference/tracker-apis.md section 2).

Faked, under /api/v4 (:id is a project's numeric id or its URL-encoded path, e.g. acme%2Fshop):
  GET  /user, GET /users?username=X ([] or [user]), GET /users/:user_id
  GET  /projects/:id                              {id, path_with_namespace, web_url, ...}
  GET|POST /projects/:id/labels
  GET  /projects/:id/issues                       state=opened|closed|all (all), labels=a,b (all must match;
                                                  None/Any), not[labels], search, in=title,description,
                                                  assignee_id, iids[], order_by=created_at|updated_at, sort,
                                                  updated_after, per_page (20, max 100), page
  POST /projects/:id/issues                       {title, description, labels, assignee_ids, assignee_id,
                                                  due_date, confidential, issue_type} -> 201
  GET|PUT /projects/:id/issues/:iid               PUT: title, description, labels (replace), add_labels,
                                                  remove_labels, assignee_ids, due_date, state_event, ...
  POST /projects/:id/issues/:iid/time_estimate    duration=3h30m (query or body) -> 200 time_stats
  POST .../reset_time_estimate, POST .../add_spent_time (201), POST .../reset_spent_time, GET .../time_stats
  GET|POST /projects/:id/issues/:iid/notes        {body} -> 201 (listing newest first, system notes included)
  GET|POST /projects/:id/issues/:iid/links        {target_project_id, target_issue_iid, link_type} -> 201
  GET|DELETE /projects/:id/issues/:iid/links/:issue_link_id
Parameters come from the query string and from a JSON or form body (a[]=1&a[]=2 for arrays), as Grape does.

Contract details kept: `PRIVATE-TOKEN: <token>` or `Authorization: Bearer <token>`, else 401
{"message": "401 Unauthorized"}; ids are global (distinct from iids) and unique across projects; labels are
comma-separated and auto-created; assignee_ids are filtered like GitLab's IssuableBaseService: without
--multiple-assignees (GitLab Free) only the first id is considered, unknown ids are dropped, and when none is
left the assignees stay as they were; [0] or [] unassigns; an unparseable due_date becomes null; missing title
-> 400 {"error": "title is missing"}; PUT without any attribute -> 400 {"error": "... at least one parameter
must be provided"}; a bad duration -> 400 {"message": {"time_estimate": [...]}}; durations use GitLab's
units (1mo = 4w, 1w = 5d, 1d = 8h; a bare number is hours); duplicate links -> 409; list headers x-page,
x-per-page, x-next-page, x-prev-page, x-total, x-total-pages and Link (x-total, x-total-pages and rel="last"
left out above 10,000 items, as GitLab does). Error bodies use GitLab's three shapes: {"message": "..."},
{"message": {"field": ["..."]}} and {"error": "..."}.

Throttling:
  --create-limit-per-minute N  issue creation per project in fixed one-minute windows (GitLab's application
                               rate limiter; 0 = off, the self-managed default) -> 429 {"message": {"error":
                               "This endpoint has been requested too many times. Try again later."}}
  --burst N                    after every N API requests the next one gets Rack::Attack's answer: 429, plain
                               text "Retry later", Retry-After: 1 and RateLimit-* headers
Control endpoints (besides fakekit's /__control/stats and /__control/faults):
  GET /__control/items   {"projects", "issues": [issue + "links" + "notes"], "labels"}
Prints "listening on PORT" when ready.
"""
import json
import math
import re
import threading
import time
import urllib.parse
from datetime import date, datetime, timezone
from email.utils import formatdate

import fakekit

WEB = "https://gitlab.example.com"
BOT_ID = 100
LINK_TYPES = {"relates_to": "relates_to", "blocks": "is_blocked_by", "is_blocked_by": "blocks"}  # type -> inverse
UPDATE_ATTRIBUTES = ("title", "description", "assignee_id", "assignee_ids", "confidential", "created_at",
                     "discussion_locked", "due_date", "labels", "add_labels", "remove_labels", "milestone_id",
                     "state_event", "updated_at", "issue_type", "weight", "epic_id", "epic_iid")
UNITS = [("mo", 160 * 3600), ("w", 40 * 3600), ("d", 8 * 3600), ("h", 3600), ("m", 60), ("s", 1)]
UNIT_NAMES = {"mo": "mo", "month": "mo", "months": "mo", "w": "w", "week": "w", "weeks": "w", "d": "d", "day": "d",
              "days": "d", "h": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h", "m": "m", "min": "m",
              "mins": "m", "minute": "m", "minutes": "m", "s": "s", "sec": "s", "secs": "s", "second": "s",
              "seconds": "s", "": "h"}
TASK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[([ xX])\]", re.M)
TOO_MANY = "This endpoint has been requested too many times. Try again later."


def now_iso():
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_duration(text):
    """Seconds in GitLab's time-tracking units, or None when the text is not a duration."""
    text = str(text).strip().lower()
    negative = text.startswith("-")
    text = text.lstrip("-").strip()
    parts = re.findall(r"(\d+(?:\.\d+)?)\s*([a-z]*)", text)
    if not parts or re.sub(r"(\d+(?:\.\d+)?)\s*([a-z]*)", "", text).strip(" ,"):
        return None
    seconds = 0
    for number, unit in parts:
        if unit not in UNIT_NAMES:
            return None
        seconds += float(number) * dict(UNITS)[UNIT_NAMES[unit]]
    return -int(seconds) if negative else int(seconds)


def human_duration(seconds):
    if not seconds:
        return None
    out = []
    for unit, size in UNITS:
        count, seconds = divmod(seconds, size)
        if count:
            out.append("%d%s" % (count, unit))
    return " ".join(out)


def grouped(pairs):
    """Grape-style parameters from (key, value) pairs: key[] collects a list, otherwise the last one wins."""
    out = {}
    for key, value in pairs:
        if key.endswith("[]"):
            out.setdefault(key[:-2], []).append(value)
        else:
            out[key] = value
    return out


def label_list(value):
    items = value if isinstance(value, list) else str(value).split(",")
    names = []
    for item in items:
        name = str(item).strip()
        if name and name not in names:
            names.append(name)
    return names


def int_list(value):
    """Grape's Array[Integer] with comma-separated coercion; ValueError when an element is not a number."""
    if value is None:
        return []
    items = value if isinstance(value, list) else str(value).split(",")
    return [int(str(v).strip()) for v in items if str(v).strip() != ""]


def due(value):
    """A due date as GitLab stores it: YYYY-MM-DD, or None for an empty or unparseable value."""
    try:
        return date.fromisoformat(str(value)).isoformat() if value else None
    except ValueError:
        return None


class GitLabStore:
    def __init__(self, token, projects, users, multiple_assignees, create_limit, burst):
        self.lock = threading.RLock()
        self.handler = None  # the handler class, for base_url
        self.token, self.multiple_assignees = token, multiple_assignees
        self.create_limit, self.burst = create_limit, burst
        self.projects = {}
        for i, path in enumerate(projects):
            pid = 42 + i
            self.projects[pid] = {"id": pid, "path": path}
        names = ["sextant-bot"] + users
        self.users = {BOT_ID + i: {"id": BOT_ID + i, "username": u, "name": u.replace("-", " ").title()}
                      for i, u in enumerate(names)}
        self.labels = {pid: {} for pid in self.projects}  # project -> name -> label
        self.issues = {}  # global id -> issue (internal form)
        self.by_iid = {}  # (project id, iid) -> global id
        self.next_iid = {pid: 1 for pid in self.projects}
        self.next_seq = 1
        self.notes = {}  # global id -> [note]
        self.links = {}  # link id -> {"id", "source", "target", "type", "created_at", "updated_at"}
        self.next_note_id, self.next_link_id, self.next_label_id = 3001, 1, 11
        self.create_windows = {}  # (project, minute) -> count
        self.burst_count = 0

    # -- lookups ------------------------------------------------------------------------------
    def project(self, ref):
        ref = urllib.parse.unquote(str(ref))
        if ref.isdigit():
            return self.projects.get(int(ref))
        return next((p for p in self.projects.values() if p["path"].lower() == ref.lower()), None)

    def issue(self, project, iid):
        gid = self.by_iid.get((project["id"], int(iid)))
        return self.issues.get(gid)

    def user_by_name(self, name):
        return next((u for u in self.users.values() if u["username"].lower() == name.lower()), None)

    # -- model --------------------------------------------------------------------------------
    def label(self, pid, name):
        labels = self.labels[pid]
        if name not in labels:
            labels[name] = {"id": self.next_label_id, "name": name, "color": "#6699cc", "description": None,
                            "text_color": "#FFFFFF"}
            self.next_label_id += 1
        return labels[name]

    def assignees(self, requested, current):
        """GitLab's filter_assignees_using_checks: what assignee_ids become."""
        if requested is None:
            return current
        if not requested:
            return []
        if not self.multiple_assignees:
            requested = requested[:1]
        if requested == [0]:
            return []
        valid = [i for i in requested if i in self.users]
        return valid if valid else current

    def add_issue(self, project, title, description="", labels=(), assignee_ids=(), due_date=None,
                  confidential=False, issue_type="issue"):
        pid = project["id"]
        gid = 5000 + self.next_seq * 11
        self.next_seq += 1
        iid = self.next_iid[pid]
        self.next_iid[pid] += 1
        stamp = now_iso()
        issue = {"id": gid, "iid": iid, "project_id": pid, "title": title, "description": description,
                 "state": "opened", "labels": [self.label(pid, n)["name"] for n in labels],
                 "assignee_ids": list(assignee_ids), "due_date": due_date, "confidential": bool(confidential),
                 "issue_type": issue_type, "created_at": stamp, "updated_at": stamp, "closed_at": None,
                 "closed_by": None, "time_estimate": 0, "total_time_spent": 0}
        self.issues[gid] = issue
        self.by_iid[(pid, iid)] = gid
        self.notes[gid] = []
        return issue

    def touch(self, issue):
        issue["updated_at"] = now_iso()

    def add_note(self, issue, body, system=False):
        stamp = now_iso()
        note = {"id": self.next_note_id, "type": None, "body": body, "author": self.user_json(BOT_ID),
                "created_at": stamp, "updated_at": stamp, "system": system, "noteable_id": issue["id"],
                "noteable_type": "Issue", "noteable_iid": issue["iid"], "project_id": issue["project_id"],
                "resolvable": False, "confidential": False, "internal": False}
        self.next_note_id += 1
        self.notes[issue["id"]].append(note)
        return note

    def set_state(self, issue, event):
        if event == "close" and issue["state"] == "opened":
            issue.update(state="closed", closed_at=now_iso(), closed_by=BOT_ID)
            self.add_note(issue, "closed", system=True)
        elif event == "reopen" and issue["state"] == "closed":
            issue.update(state="opened", closed_at=None, closed_by=None)
            self.add_note(issue, "reopened", system=True)

    def links_of(self, issue):
        """(link, other issue, link type as seen from this issue), oldest link first."""
        out = []
        for link in sorted(self.links.values(), key=lambda l: l["id"]):
            if link["source"] == issue["id"]:
                out.append((link, self.issues[link["target"]], link["type"]))
            elif link["target"] == issue["id"]:
                out.append((link, self.issues[link["source"]], LINK_TYPES[link["type"]]))
        return out

    # -- rendering ----------------------------------------------------------------------------
    @property
    def api(self):
        return self.handler.base_url + "/api/v4"

    def user_json(self, uid):
        u = self.users[uid]
        return {"id": uid, "username": u["username"], "name": u["name"], "state": "active", "locked": False,
                "avatar_url": None, "web_url": "%s/%s" % (WEB, u["username"])}

    def project_json(self, project):
        path = project["path"]
        namespace, _, name = path.rpartition("/")
        return {"id": project["id"], "name": name, "path": name, "path_with_namespace": path,
                "name_with_namespace": " / ".join(path.split("/")), "web_url": "%s/%s" % (WEB, path),
                "default_branch": "main", "issues_enabled": True, "visibility": "private",
                "namespace": {"id": 7, "name": namespace, "path": namespace, "kind": "group", "full_path": namespace},
                "_links": {"self": "%s/projects/%d" % (self.api, project["id"]),
                           "issues": "%s/projects/%d/issues" % (self.api, project["id"])},
                "permissions": {"project_access": {"access_level": 30, "notification_level": 3},
                                "group_access": None}}

    def time_stats(self, issue):
        return {"time_estimate": issue["time_estimate"], "total_time_spent": issue["total_time_spent"],
                "human_time_estimate": human_duration(issue["time_estimate"]),
                "human_total_time_spent": human_duration(issue["total_time_spent"])}

    def issue_json(self, issue):
        project = self.projects[issue["project_id"]]
        path, iid, pid = project["path"], issue["iid"], project["id"]
        tasks = TASK.findall(issue["description"] or "")
        done = sum(1 for t in tasks if t in "xX")
        assignees = [self.user_json(u) for u in issue["assignee_ids"]]
        api = "%s/projects/%d" % (self.api, pid)
        return {"id": issue["id"], "iid": iid, "project_id": pid, "title": issue["title"],
                "description": issue["description"], "state": issue["state"], "created_at": issue["created_at"],
                "updated_at": issue["updated_at"], "closed_at": issue["closed_at"],
                "closed_by": self.user_json(issue["closed_by"]) if issue["closed_by"] else None,
                "labels": sorted(issue["labels"]), "milestone": None, "assignees": assignees,
                "assignee": assignees[0] if assignees else None, "author": self.user_json(BOT_ID),
                "type": issue["issue_type"].upper(), "issue_type": issue["issue_type"],
                "user_notes_count": sum(1 for n in self.notes[issue["id"]] if not n["system"]),
                "merge_requests_count": 0, "upvotes": 0, "downvotes": 0, "due_date": issue["due_date"],
                "confidential": issue["confidential"], "discussion_locked": None,
                "web_url": "%s/%s/-/issues/%d" % (WEB, path, iid), "time_stats": self.time_stats(issue),
                "task_completion_status": {"count": len(tasks), "completed_count": done},
                "has_tasks": bool(tasks), "weight": None, "severity": "UNKNOWN", "moved_to_id": None,
                "references": {"short": "#%d" % iid, "relative": "#%d" % iid, "full": "%s#%d" % (path, iid)},
                "_links": {"self": "%s/issues/%d" % (api, iid), "notes": "%s/issues/%d/notes" % (api, iid),
                           "award_emoji": "%s/issues/%d/award_emoji" % (api, iid), "project": api,
                           "closed_as_duplicate_of": None}}

    def linked_json(self, link, other, link_type):
        return dict(self.issue_json(other), issue_link_id=link["id"], link_type=link_type,
                    link_created_at=link["created_at"], link_updated_at=link["updated_at"])

    def to_json(self):
        issues = []
        for gid in sorted(self.issues):
            issue = self.issues[gid]
            links = [{"issue_link_id": l["id"], "issue_id": o["id"], "iid": o["iid"], "project_id": o["project_id"],
                      "link_type": t} for l, o, t in self.links_of(issue)]
            issues.append(dict(self.issue_json(issue), links=links, notes=self.notes[gid]))
        return {"projects": [self.project_json(p) for p in self.projects.values()], "issues": issues,
                "labels": {str(pid): list(labels.values()) for pid, labels in self.labels.items()}}

    # -- throttling ---------------------------------------------------------------------------
    def over_burst(self):
        """True for the request that follows every `burst` served ones."""
        with self.lock:
            if not self.burst:
                return False
            if self.burst_count >= self.burst:
                self.burst_count = 0
                return True
            self.burst_count += 1
            return False

    def over_create_limit(self, project):
        with self.lock:
            if not self.create_limit or project is None:
                return False
            key = (project["id"], int(time.time() // 60))
            count = self.create_windows.get(key, 0)
            if count >= self.create_limit:
                return True
            self.create_windows[key] = count + 1
            return False


PROJECT = r"/api/v4/projects/(?P<project>[^/]+)"
ISSUE = PROJECT + r"/issues/(?P<iid>\d+)"
CREATE_ISSUE = re.compile(PROJECT + r"/issues/?$")


def missing(name):
    return 400, {"error": "%s is missing" % name}


class GitLabHandler(fakekit.FakeHandler):
    store: GitLabStore = None

    # -- fakekit hooks ------------------------------------------------------------------------
    def authenticated(self):
        token = self.headers.get("PRIVATE-TOKEN")
        if token is None:
            scheme, _, token = self.headers.get("Authorization", "").partition(" ")
            token = token if scheme.lower() == "bearer" else None
        return token is not None and token.strip() == self.store.token

    def unauthorized(self):
        return 401, {"message": "401 Unauthorized"}

    def malformed_body(self):
        return 400, {"error": "The provided content-type 'application/json' is not supported or the body is "
                              "not valid JSON"}

    def read_body(self):
        """JSON when the Content-Type says so (and always for /__control/), else a form (a[]=1&a[]=2 for
        arrays)."""
        length = int(self.headers.get("Content-Length", "0") or "0")
        raw = self.rfile.read(length) if length else b""
        if not raw.strip():
            return None
        if "application/json" in self.headers.get("Content-Type", "") or self.path.startswith("/__control/"):
            return json.loads(raw)
        return grouped(urllib.parse.parse_qsl(raw.decode(), keep_blank_values=True))

    def rate_limited(self, method, path):
        if self.store.over_burst():
            reset = int(time.time()) + 1
            return 429, "Retry later\n", [
                ("Retry-After", "1"), ("RateLimit-Name", "throttle_authenticated_api"),
                ("RateLimit-Limit", str(self.store.burst)), ("RateLimit-Observed", str(self.store.burst + 1)),
                ("RateLimit-Remaining", "0"), ("RateLimit-Reset", str(reset)),
                ("RateLimit-ResetTime", formatdate(reset, usegmt=True))], "text/plain; charset=utf-8"
        match = CREATE_ISSUE.match(path)
        if method == "POST" and match:
            with self.store.lock:
                project = self.store.project(match.group("project"))
            if self.store.over_create_limit(project):
                return 429, {"message": {"error": TOO_MANY}}, []
        return None

    # -- routing ------------------------------------------------------------------------------
    ROUTES = [
        ("GET", r"/api/v4/user", "get_current_user"),
        ("GET", r"/api/v4/users", "list_users"),
        ("GET", r"/api/v4/users/(?P<user>\d+)", "get_user"),
        ("GET", PROJECT, "get_project"),
        ("GET", PROJECT + r"/labels", "list_labels"),
        ("POST", PROJECT + r"/labels", "create_label"),
        ("GET", PROJECT + r"/issues", "list_issues"),
        ("POST", PROJECT + r"/issues", "create_issue"),
        ("GET", ISSUE, "get_issue"),
        ("PUT", ISSUE, "update_issue"),
        ("POST", ISSUE + r"/time_estimate", "set_time_estimate"),
        ("POST", ISSUE + r"/reset_time_estimate", "reset_time_estimate"),
        ("POST", ISSUE + r"/add_spent_time", "add_spent_time"),
        ("POST", ISSUE + r"/reset_spent_time", "reset_spent_time"),
        ("GET", ISSUE + r"/time_stats", "get_time_stats"),
        ("GET", ISSUE + r"/notes", "list_notes"),
        ("POST", ISSUE + r"/notes", "create_note"),
        ("GET", ISSUE + r"/links", "list_links"),
        ("POST", ISSUE + r"/links", "create_link"),
        ("GET", ISSUE + r"/links/(?P<link>\d+)", "get_link"),
        ("DELETE", ISSUE + r"/links/(?P<link>\d+)", "delete_link"),
    ]
    COMPILED = [(m, re.compile(rx + r"/?$"), name) for m, rx, name in ROUTES]

    def route(self, method, path, query, body):
        if body is not None and not isinstance(body, dict):
            return 400, {"error": "The request body must be a JSON object"}
        params = dict(grouped(self.query_pairs), **(body or {}))
        for m, rx, name in self.COMPILED:
            match = rx.match(path)
            if not match or m != method:
                continue
            args = match.groupdict()
            project = issue = None
            if "project" in args:
                project = self.store.project(args["project"])
                if project is None:
                    return 404, {"message": "404 Project Not Found"}
            if "iid" in args:
                issue = self.store.issue(project, args["iid"])
                if issue is None:
                    return 404, {"message": "404 Issue Not Found"}
            return getattr(self, name)(args, project, issue, params)
        return 404, {"error": "404 Not Found"}

    def listing(self, items, params, default=20):
        """One page with GitLab's offset-pagination headers (totals left out above 10,000 items)."""
        def number(key, fallback):
            try:
                return int(params.get(key, fallback))
            except (TypeError, ValueError):
                return fallback
        page, per_page = max(1, number("page", 1)), number("per_page", default)
        per_page = default if per_page < 1 else min(per_page, 100)
        total = len(items)
        pages = max(1, math.ceil(total / per_page))
        chunk = items[(page - 1) * per_page: page * per_page]
        counted = total <= 10000
        headers = [("x-page", str(page)), ("x-per-page", str(per_page)),
                   ("x-next-page", str(page + 1) if page < pages else ""),
                   ("x-prev-page", str(page - 1) if page > 1 else "")]
        if counted:
            headers += [("x-total", str(total)), ("x-total-pages", str(pages))]
        query = [(k, v) for k, v in self.query_pairs if k != "page"]

        def url(n):
            return "<%s%s?%s>" % (self.base_url, self.path.split("?")[0], urllib.parse.urlencode(query + [("page", n)]))
        links = []
        if page > 1:
            links.append('%s; rel="prev"' % url(page - 1))
        if page < pages:
            links.append('%s; rel="next"' % url(page + 1))
        links.append('%s; rel="first"' % url(1))
        if counted:
            links.append('%s; rel="last"' % url(pages))
        headers.append(("Link", ", ".join(links)))
        return 200, chunk, headers

    # -- users and projects -------------------------------------------------------------------
    def get_current_user(self, args, project, issue, params):
        return 200, self.store.user_json(BOT_ID)

    def list_users(self, args, project, issue, params):
        users = sorted(self.store.users)
        if "username" in params:
            found = self.store.user_by_name(params["username"])
            users = [found["id"]] if found else []
        return self.listing([self.store.user_json(u) for u in users], params)

    def get_user(self, args, project, issue, params):
        uid = int(args["user"])
        if uid not in self.store.users:
            return 404, {"message": "404 User Not Found"}
        return 200, self.store.user_json(uid)

    def get_project(self, args, project, issue, params):
        return 200, self.store.project_json(project)

    def list_labels(self, args, project, issue, params):
        return self.listing(list(self.store.labels[project["id"]].values()), params)

    def create_label(self, args, project, issue, params):
        name = str(params.get("name", "")).strip()
        if not name:
            return missing("name")
        if "color" not in params:
            return missing("color")
        if name in self.store.labels[project["id"]]:
            return 409, {"message": "Label already exists"}
        label = self.store.label(project["id"], name)
        label.update(color=params["color"], description=params.get("description"))
        return 201, label

    # -- issues -------------------------------------------------------------------------------
    def list_issues(self, args, project, issue, params):
        state = params.get("state", "all")
        if state not in ("opened", "closed", "all"):
            return 400, {"error": "state does not have a valid value"}
        items = [i for i in self.store.issues.values()
                 if i["project_id"] == project["id"] and state in ("all", i["state"])]
        if "labels" in params:
            wanted = label_list(params["labels"])
            if wanted == ["None"]:
                items = [i for i in items if not i["labels"]]
            elif wanted == ["Any"]:
                items = [i for i in items if i["labels"]]
            else:
                items = [i for i in items if all(w in i["labels"] for w in wanted)]
        if "not[labels]" in params:
            unwanted = label_list(params["not[labels]"])
            items = [i for i in items if not any(u in i["labels"] for u in unwanted)]
        if params.get("search"):
            needle = params["search"].lower()
            fields = [f.strip() for f in str(params.get("in", "title,description")).split(",")]
            items = [i for i in items if any(needle in (i.get(f) or "").lower() for f in fields
                                             if f in ("title", "description"))]
        if "assignee_id" in params:
            who = str(params["assignee_id"])
            if who.lower() == "none":
                items = [i for i in items if not i["assignee_ids"]]
            elif who.lower() == "any":
                items = [i for i in items if i["assignee_ids"]]
            else:
                items = [i for i in items if who.isdigit() and int(who) in i["assignee_ids"]]
        if "iids" in params:
            try:
                iids = int_list(params["iids"])
            except ValueError:
                return 400, {"error": "iids is invalid"}
            items = [i for i in items if i["iid"] in iids]
        if params.get("updated_after"):
            items = [i for i in items if i["updated_at"] >= params["updated_after"]]
        order_by = params.get("order_by", "created_at")
        if order_by not in ("created_at", "updated_at"):
            return 400, {"error": "order_by does not have a valid value"}
        items.sort(key=lambda i: (i[order_by], i["id"]), reverse=params.get("sort", "desc") != "asc")
        return self.listing([self.store.issue_json(i) for i in items], params)

    def get_issue(self, args, project, issue, params):
        return 200, self.store.issue_json(issue)

    def requested_assignees(self, params):
        """assignee_ids (or the deprecated assignee_id) as a list of ints, None when absent; ValueError if bad."""
        if "assignee_ids" in params:
            return int_list(params["assignee_ids"])
        if "assignee_id" in params:
            return int_list(params["assignee_id"])
        return None

    def create_issue(self, args, project, issue, params):
        title = params.get("title")
        if title is None or str(title).strip() == "":
            return missing("title")
        try:
            requested = self.requested_assignees(params)
        except ValueError:
            return 400, {"error": "assignee_ids is invalid"}
        issue_type = params.get("issue_type", "issue")
        if issue_type not in ("issue", "incident", "test_case", "task"):
            return 400, {"error": "issue_type does not have a valid value"}
        store = self.store
        issue = store.add_issue(project, str(title), params.get("description"),
                                label_list(params.get("labels") or ""), store.assignees(requested, []),
                                due(params.get("due_date")), params.get("confidential") in (True, "true"),
                                issue_type)
        return 201, store.issue_json(issue)

    def update_issue(self, args, project, issue, params):
        if not any(a in params for a in UPDATE_ATTRIBUTES):
            return 400, {"error": "%s are missing, at least one parameter must be provided"
                                  % ", ".join(UPDATE_ATTRIBUTES)}
        if "title" in params and (params["title"] is None or str(params["title"]).strip() == ""):
            return 400, {"message": {"title": ["can't be blank"]}}
        if params.get("state_event") not in (None, "close", "reopen"):
            return 400, {"error": "state_event does not have a valid value"}
        try:
            requested = self.requested_assignees(params)
        except ValueError:
            return 400, {"error": "assignee_ids is invalid"}
        store, pid = self.store, project["id"]
        if "title" in params:
            issue["title"] = str(params["title"])
        if "description" in params:
            issue["description"] = params["description"]
        if "labels" in params:
            issue["labels"] = [store.label(pid, n)["name"] for n in label_list(params["labels"] or "")]
        for name in label_list(params.get("add_labels") or ""):
            if name not in issue["labels"]:
                issue["labels"].append(store.label(pid, name)["name"])
        for name in label_list(params.get("remove_labels") or ""):
            if name in issue["labels"]:
                issue["labels"].remove(name)
        issue["assignee_ids"] = store.assignees(requested, issue["assignee_ids"])
        if "due_date" in params:
            issue["due_date"] = due(params["due_date"])
        if "confidential" in params:
            issue["confidential"] = params["confidential"] in (True, "true")
        if params.get("state_event"):
            store.set_state(issue, params["state_event"])
        store.touch(issue)
        return 200, store.issue_json(issue)

    # -- time tracking ------------------------------------------------------------------------
    def duration(self, params, field):
        """(seconds, None) or (None, error answer) for the duration parameter."""
        if "duration" not in params:
            return None, missing("duration")
        seconds = parse_duration(params["duration"])
        if seconds is None or (field == "time_estimate" and seconds < 0):
            message = "must have a valid format and be greater than or equal to zero."
            return None, (400, {"message": {field: [message]}})
        return seconds, None

    def set_time_estimate(self, args, project, issue, params):
        seconds, problem = self.duration(params, "time_estimate")
        if problem:
            return problem
        issue["time_estimate"] = seconds
        self.store.add_note(issue, "changed time estimate to %s" % (human_duration(seconds) or "0m"), system=True)
        self.store.touch(issue)
        return 200, self.store.time_stats(issue)

    def reset_time_estimate(self, args, project, issue, params):
        issue["time_estimate"] = 0
        self.store.add_note(issue, "removed time estimate", system=True)
        self.store.touch(issue)
        return 200, self.store.time_stats(issue)

    def add_spent_time(self, args, project, issue, params):
        seconds, problem = self.duration(params, "time_spent")
        if problem:
            return problem
        issue["total_time_spent"] = max(0, issue["total_time_spent"] + seconds)
        self.store.touch(issue)
        return 201, self.store.time_stats(issue)

    def reset_spent_time(self, args, project, issue, params):
        issue["total_time_spent"] = 0
        self.store.touch(issue)
        return 200, self.store.time_stats(issue)

    def get_time_stats(self, args, project, issue, params):
        return 200, self.store.time_stats(issue)

    # -- notes --------------------------------------------------------------------------------
    def list_notes(self, args, project, issue, params):
        notes = sorted(self.store.notes[issue["id"]], key=lambda n: (n["created_at"], n["id"]),
                       reverse=params.get("sort", "desc") != "asc")
        return self.listing(notes, params)

    def create_note(self, args, project, issue, params):
        body = params.get("body")
        if body is None or str(body).strip() == "":
            return missing("body")
        note = self.store.add_note(issue, str(body))
        self.store.touch(issue)
        return 201, note

    # -- issue links --------------------------------------------------------------------------
    def link_json(self, link):
        source, target = self.store.issues[link["source"]], self.store.issues[link["target"]]
        return {"source_issue": self.store.issue_json(source), "target_issue": self.store.issue_json(target),
                "link_type": link["type"]}

    def list_links(self, args, project, issue, params):
        return 200, [self.store.linked_json(l, o, t) for l, o, t in self.store.links_of(issue)]

    def create_link(self, args, project, issue, params):
        for name in ("target_project_id", "target_issue_iid"):
            if name not in params:
                return missing(name)
        link_type = params.get("link_type", "relates_to")
        if link_type not in LINK_TYPES:
            return 400, {"error": "link_type does not have a valid value"}
        target_project = self.store.project(params["target_project_id"])
        if target_project is None:
            return 404, {"message": "404 Project Not Found"}
        if not str(params["target_issue_iid"]).isdigit():
            return 400, {"error": "target_issue_iid is invalid"}
        target = self.store.issue(target_project, params["target_issue_iid"])
        if target is None:
            return 404, {"message": "404 Not found"}
        if target["id"] == issue["id"]:
            return 400, {"message": "Cannot link an issue to itself"}
        if any(o["id"] == target["id"] for _, o, _ in self.store.links_of(issue)):
            return 409, {"message": "Issue(s) already assigned"}
        stamp = now_iso()
        link = {"id": self.store.next_link_id, "source": issue["id"], "target": target["id"], "type": link_type,
                "created_at": stamp, "updated_at": stamp}
        self.store.next_link_id += 1
        self.store.links[link["id"]] = link
        self.store.add_note(issue, "marked this issue as related to %s#%d" % (target_project["path"], target["iid"]),
                            system=True)
        return 201, self.link_json(link)

    def find_link(self, args, issue):
        link = self.store.links.get(int(args["link"]))
        if link is None or issue["id"] not in (link["source"], link["target"]):
            return None
        return link

    def get_link(self, args, project, issue, params):
        link = self.find_link(args, issue)
        return (200, self.link_json(link)) if link else (404, {"message": "404 Not found"})

    def delete_link(self, args, project, issue, params):
        link = self.find_link(args, issue)
        if link is None:
            return 404, {"message": "404 Not found"}
        del self.store.links[link["id"]]
        return 200, self.link_json(link)


def main():
    p = fakekit.arguments(__doc__.splitlines()[0])
    p.add_argument("--token", default="glpat-test")
    p.add_argument("--project", action="append",
                   help="project path (repeatable; ids 42, 43, ... in order; default acme/shop)")
    p.add_argument("--users", default="alice,bob", help="comma-separated usernames (ids 101, 102, ...)")
    p.add_argument("--multiple-assignees", action="store_true", help="a paid tier: issues take several assignees")
    p.add_argument("--create-limit-per-minute", type=int, default=0, help="issue creation limit (0 = off)")
    p.add_argument("--burst", type=int, default=0, help="after every N requests, one 429 'Retry later' (0 = off)")
    p.add_argument("--issues", type=int, default=0, help="issues to create at start in the first project")
    a = p.parse_args()
    users = [u.strip() for u in a.users.split(",") if u.strip()]
    store = GitLabStore(a.token, a.project or ["acme/shop"], users, a.multiple_assignees,
                        a.create_limit_per_minute, a.burst)
    first = store.projects[42]
    for k in range(a.issues):
        store.add_issue(first, "Seed issue %d" % (k + 1), "Seeded by the fake.")
    store.handler = GitLabHandler
    fakekit.serve(GitLabHandler, store, a)


if __name__ == "__main__":
    main()
