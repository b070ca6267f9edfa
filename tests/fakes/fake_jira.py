#!/usr/bin/env python3
"""A fake Jira for Sextant's tests: real HTTP on 127.0.0.1, following the documented contract of Jira Cloud
REST v3 (developer.atlassian.com/cloud/jira/platform) and, for a Bearer PAT under /rest/api/2, of Jira Data
Center. Built on fakekit (faults, stats, /__control/*).

Cloud, Basic base64(email:api_token), under /rest/api/3:
  GET  /myself                               {accountId, displayName, emailAddress, ...}
  GET  /project/{idOrKey}                    {id, key, name, issueTypes: Epic (1), Task (0), Sub-task (-1)}
  GET  /issue/createmeta/{project}/issuetypes[/{typeId}]   {issueTypes} / {fields}: what the screens allow
  POST /issue                                {fields, update?, properties?} → 201 {id, key, self}
  GET  /issue/{idOrKey}?fields=              {id, key, self, fields}; fields: a comma list, *all, *navigable, -x
  PUT  /issue/{idOrKey}                      {fields, update?} → 204 (status only through transitions)
  GET|POST /issue/{idOrKey}/transitions      To Do (11), In Progress (21), Done (31); POST → 204
  GET|POST /issue/{idOrKey}/comment          POST {body: ADF} → 201
  POST /issue/{idOrKey}/worklog              {timeSpent: "2h" | timeSpentSeconds} → 201 (drives progress)
  GET|PUT /issue/{idOrKey}/properties/{key}  entity properties (also settable at create)
  GET|POST /search/jql                       jql, fields, maxResults (1-5000, default 50; at most 100 a page when
                                             fields other than id/key are asked for), nextPageToken,
                                             reconcileIssues (≤ 50 ids) → {issues, nextPageToken?, isLast}.
                                             Without fields an issue is {id} only. Eventually consistent: an
                                             issue created or changed less than --search-lag-ms ago is not
                                             seen, or seen as it was, unless its id is in reconcileIssues.
                                             Unbounded JQL (no restriction) → 400.
  GET|POST /search (and /rest/api/2/search with Basic)   410: the API was removed (CHANGE-2046)
Fields: summary, description (ADF only; a plain string, a text node holding "\\n" or an empty text node → 400),
labels (no whitespace), assignee {accountId}, duedate and customfield_10015 (Start date) "YYYY-MM-DD",
parent {key|id} (Task under Epic, Sub-task under Task), timetracking {originalEstimate, remainingEstimate}
("3d 4h"; 1w = 5d, 1d = 8h), priority {name|id}. Anything else, and any field in --hidden-fields, is
"Field 'x' cannot be set. It is not on the appropriate screen, or unknown.".
Workflow: To Do (id 10000, category new/2), In Progress (3, indeterminate/4), Done (10001, done/3); Done sets
resolution Done, leaving Done clears it.

Data Center, Authorization: Bearer PAT, under /rest/api/2: the same resources, with description and comment
bodies as wiki-markup strings (ADF refused), users by name ({"name": "alice"}), no hierarchyLevel on issue
types, and GET|POST /search (jql, startAt, maxResults ≤ 1000, fields) → {startAt, maxResults, total, issues},
consistent at once; unbounded JQL allowed.

JQL: project, labels, key/issuekey, id, parent, status, statusCategory, issuetype/type, assignee (with
currentUser()), summary ~, created/updated/duedate with < <= > >= ("-5m", "2026-01-31", "2026-01-31 10:00");
operators = != IN, NOT IN, IS [NOT] EMPTY; AND, OR, NOT, parentheses; ORDER BY key|id|created|updated|summary|
duedate|priority [ASC|DESC], ... (default: created DESC). Errors are 400 {"errorMessages": [...]}.

Limits: --burst-per-second N → more than N requests within a second are 429 {"errorMessages": ["Rate limit
exceeded"]} with Retry-After (seconds), X-RateLimit-Reset (yyyy-MM-ddTHH:mmZ), X-RateLimit-Limit,
X-RateLimit-Remaining and RateLimit-Reason: jira-burst-based. Bad credentials → 401 {"errorMessages": [...]}.
A POST/PUT with a form content type → 403 "XSRF check failed"; other non-JSON bodies → 415.

Control (fakekit): GET /__control/stats, POST /__control/faults, GET /__control/items → {"issues": [every
issue with all fields (description as it was sent), its comments, status and properties]}.
Prints "listening on PORT" when ready.
"""
import base64
import copy
import hashlib
import json
import math
import re
import threading
import time
from collections import deque
from datetime import date, datetime, timezone

import fakekit

START_DATE = "customfield_10015"
PROJECT_ID = "10000"
STATUSES = {"10000": ("To Do", 2), "3": ("In Progress", 4), "10001": ("Done", 3)}
CATEGORIES = {2: ("new", "To Do", "blue-gray"), 4: ("indeterminate", "In Progress", "yellow"),
              3: ("done", "Done", "green")}
TRANSITIONS = [("11", "To Do", "10000"), ("21", "In Progress", "3"), ("31", "Done", "10001")]
ISSUE_TYPES = [{"id": "10000", "name": "Epic", "subtask": False, "hierarchyLevel": 1},
               {"id": "10001", "name": "Task", "subtask": False, "hierarchyLevel": 0},
               {"id": "10002", "name": "Sub-task", "subtask": True, "hierarchyLevel": -1}]
PRIORITIES = {"1": "Highest", "2": "High", "3": "Medium", "4": "Low", "5": "Lowest"}
RESOLUTIONS = {"10000": "Done", "10001": "Won't Do", "10002": "Duplicate"}
SETTABLE = ["summary", "issuetype", "project", "description", "labels", "assignee", "duedate", "parent",
            "timetracking", START_DATE, "priority"]
FIELD_NAMES = {"summary": "Summary", "issuetype": "Issue Type", "project": "Project", "description": "Description",
               "labels": "Labels", "assignee": "Assignee", "duedate": "Due date", "parent": "Parent",
               "timetracking": "Time tracking", START_DATE: "Start date", "priority": "Priority"}
NOT_ON_SCREEN = "Field '%s' cannot be set. It is not on the appropriate screen, or unknown."
NOT_ADF = "Operation value must be an Atlassian Document (see the Atlassian Document Format)"
REMOVED = ("The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration "
           "guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046")
UNBOUNDED = "Unbounded JQL queries are not allowed here. Please add a search restriction to your query."
SEARCH_JQL_KEYS = {"jql", "nextPageToken", "maxResults", "fields", "expand", "properties", "fieldsByKeys",
                   "failFast", "reconcileIssues"}
ADF_NODES = {"doc", "paragraph", "text", "hardBreak", "heading", "bulletList", "orderedList", "listItem",
             "codeBlock", "blockquote", "rule", "panel", "mention", "emoji", "inlineCard", "blockCard", "date",
             "status", "table", "tableRow", "tableHeader", "tableCell", "mediaSingle", "mediaGroup", "media",
             "expand", "nestedExpand", "taskList", "taskItem", "decisionList", "decisionItem"}
ADF_BLOCKS = {"paragraph", "heading", "codeBlock", "listItem", "blockquote", "panel", "rule", "taskItem"}
DURATION_UNITS = {"w": 5 * 8 * 3600, "d": 8 * 3600, "h": 3600, "m": 60}


def error(status, messages=(), errors=None):
    return status, {"errorMessages": list(messages), "errors": errors or {}}


def jira_time(t):
    moment = datetime.fromtimestamp(t, timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + "%03d+0000" % (moment.microsecond // 1000)


# -- durations, dates, ADF ----------------------------------------------------------------------------------------
def parse_duration(text):
    """Jira's duration syntax ("3d 4h", "90m", "1.5h", "45" = minutes) in seconds, or None."""
    if not isinstance(text, str) or not text.strip():
        return None
    text = text.strip().lower()
    if re.fullmatch(r"\d+", text):
        return int(text) * 60
    if not re.fullmatch(r"(\s*\d+(\.\d+)?\s*[wdhm])+\s*", text):
        return None
    return int(round(sum(float(n) * DURATION_UNITS[u] for n, u in re.findall(r"(\d+(?:\.\d+)?)\s*([wdhm])", text))))


def format_duration(seconds):
    parts = []
    for unit, size in DURATION_UNITS.items():
        if seconds >= size:
            parts.append("%d%s" % (seconds // size, unit))
            seconds %= size
    return " ".join(parts) or "0m"


def valid_day(text):
    if not isinstance(text, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return False
    try:
        date.fromisoformat(text)
        return True
    except ValueError:
        return False


def adf_problem(doc):
    """None for a valid ADF document; "not-adf" when it is no document at all; "invalid" for bad content."""
    if not isinstance(doc, dict) or doc.get("type") != "doc":
        return "not-adf"
    if doc.get("version") != 1 or not isinstance(doc.get("content"), list):
        return "invalid"

    def bad(node):
        if not isinstance(node, dict) or node.get("type") not in ADF_NODES or node.get("type") == "doc":
            return True
        if node["type"] == "text":
            text = node.get("text")
            return not isinstance(text, str) or not text or "\n" in text or "\r" in text
        content = node.get("content", [])
        return not isinstance(content, list) or any(bad(child) for child in content)

    return "invalid" if any(bad(node) for node in doc["content"]) else None


def adf_to_text(node):
    if node.get("type") == "text":
        return node.get("text", "")
    if node.get("type") == "hardBreak":
        return "\n"
    inner = "".join(adf_to_text(child) for child in node.get("content", []))
    return inner + "\n" if node.get("type") in ADF_BLOCKS else inner


def text_to_adf(text):
    paragraphs = [{"type": "paragraph", "content": [{"type": "text", "text": line}] if line else []}
                  for line in text.split("\n")]
    return {"type": "doc", "version": 1, "content": paragraphs}


def rich_text(value, api):
    """A stored ("adf", doc) / ("wiki", text) value as the API in use represents it."""
    if value is None:
        return None
    kind, content = value
    if api == "cloud":
        return content if kind == "adf" else text_to_adf(content)
    return content if kind == "wiki" else adf_to_text(content).rstrip("\n")


# -- JQL ----------------------------------------------------------------------------------------------------------
class JqlError(Exception):
    pass


TOKEN = re.compile(r'\s*(?:(?P<str>"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\')|(?P<op>!=|>=|<=|!~|=|~|>|<|\(|\)|,)'
                   r'|(?P<word>[^\s=!~<>(),"\']+))')
JQL_FIELDS = {"project": "project", "labels": "labels", "key": "key", "issuekey": "key", "id": "key",
              "parent": "parent", "status": "status", "statuscategory": "statuscategory", "issuetype": "issuetype",
              "type": "issuetype", "assignee": "assignee", "summary": "summary", "created": "created",
              "createddate": "created", "updated": "updated", "updateddate": "updated", "duedate": "duedate",
              "due": "duedate"}
LIST_OPS = {"=", "!=", "in", "not in"}
FIELD_OPS = {"project": LIST_OPS, "key": LIST_OPS, "parent": LIST_OPS, "status": LIST_OPS,
             "statuscategory": LIST_OPS, "issuetype": LIST_OPS,
             "labels": LIST_OPS | {"is", "is not"}, "assignee": LIST_OPS | {"is", "is not"},
             "summary": {"~", "!~"}, "created": {"<", "<=", ">", ">="}, "updated": {"<", "<=", ">", ">="},
             "duedate": {"<", "<=", ">", ">=", "is", "is not"}}
ORDER_FIELDS = {"key", "issuekey", "id", "created", "updated", "summary", "duedate", "priority"}
RELATIVE_UNITS = {"w": 7 * 86400, "d": 86400, "h": 3600, "m": 60}


def tokenize(jql):
    tokens, pos = [], 0
    while jql[pos:].strip():
        m = TOKEN.match(jql, pos)
        if not m:
            char = jql[pos:].lstrip()[0]
            raise JqlError("Error in the JQL Query: The character '%s' is a reserved JQL character. You must enclose "
                           "it in a string or use the escape '\\u%04x' instead. (line 1, character %d)"
                           % (char, ord(char), pos + 1))
        if m.group("str"):
            raw = m.group("str")[1:-1]
            tokens.append(("str", re.sub(r"\\(.)", r"\1", raw), m.start("str")))
        elif m.group("op"):
            tokens.append(("op", m.group("op"), m.start("op")))
        else:
            tokens.append(("word", m.group("word"), m.start("word")))
        pos = m.end()
    return tokens


class JqlParser:
    """Recursive descent over the JQL this fake knows: returns (where-tree or None, [(field, descending)])."""

    def __init__(self, jql):
        self.tokens = tokenize(jql)
        self.i = 0

    def peek(self, kind=None, *texts):
        if self.i >= len(self.tokens):
            return False
        k, text, _ = self.tokens[self.i]
        if kind and k != kind:
            return False
        return not texts or text.lower() in texts

    def next(self, what):
        if self.i >= len(self.tokens):
            raise JqlError("Error in the JQL Query: Expecting %s before the end of the query." % what)
        token = self.tokens[self.i]
        self.i += 1
        return token

    def fail(self, expecting):
        _, text, pos = self.tokens[self.i]
        raise JqlError("Error in the JQL Query: Expecting %s but got '%s'. (line 1, character %d)"
                       % (expecting, text, pos + 1))

    def parse(self):
        where = None
        if self.tokens and not self.peek("word", "order"):
            where = self.or_expr()
        order = []
        if self.peek("word", "order"):
            self.i += 1
            if not self.peek("word", "by"):
                self.fail("'by'") if self.i < len(self.tokens) else self.next("'by'")
            self.i += 1
            while True:
                kind, name, pos = self.next("a field name")
                if kind == "op":
                    self.i -= 1
                    self.fail("a field name")
                if name.lower() not in ORDER_FIELDS:
                    raise JqlError("Field '%s' does not exist or you do not have permission to view it." % name)
                descending = False
                if self.peek("word", "asc", "desc"):
                    descending = self.next("")[1].lower() == "desc"
                order.append((name.lower(), descending))
                if not self.peek("op", ","):
                    break
                self.i += 1
        if self.i < len(self.tokens):
            self.fail("',' or the end of the query" if order else "either 'OR' or 'AND'" if where is not None
                      else "'ORDER BY'")
        return where, order

    def or_expr(self):
        left = self.and_expr()
        while self.peek("word", "or"):
            self.i += 1
            left = ("or", left, self.and_expr())
        return left

    def and_expr(self):
        left = self.term()
        while self.peek("word", "and"):
            self.i += 1
            left = ("and", left, self.term())
        return left

    def term(self):
        if self.peek("op", "("):
            self.i += 1
            inner = self.or_expr()
            if not self.peek("op", ")"):
                self.next("')'") if self.i >= len(self.tokens) else self.fail("')'")
            self.i += 1
            return inner
        if self.peek("word", "not"):
            self.i += 1
            return ("not", self.term())
        return self.clause()

    def clause(self):
        kind, name, _ = self.next("a field name")
        if kind == "op":
            self.i -= 1
            self.fail("a field name")
        if self.peek("op", "=", "!=", "~", "!~", "<", "<=", ">", ">="):
            op = self.next("")[1]
        elif self.peek("word", "in"):
            self.i += 1
            op = "in"
        elif self.peek("word", "not"):
            self.i += 1
            if not self.peek("word", "in"):
                self.fail("'IN'") if self.i < len(self.tokens) else self.next("'IN'")
            self.i += 1
            op = "not in"
        elif self.peek("word", "is"):
            self.i += 1
            op = "is"
            if self.peek("word", "not"):
                self.i += 1
                op = "is not"
        else:
            if self.i >= len(self.tokens):
                self.next("an operator")
            self.fail("operator")
        if op in ("in", "not in"):
            if not self.peek("op", "("):
                self.next("'('") if self.i >= len(self.tokens) else self.fail("'('")
            self.i += 1
            values = [self.value()]
            while self.peek("op", ","):
                self.i += 1
                values.append(self.value())
            if not self.peek("op", ")"):
                self.next("')'") if self.i >= len(self.tokens) else self.fail("')'")
            self.i += 1
        elif op in ("is", "is not"):
            if not self.peek("word", "empty", "null"):
                self.next("'EMPTY'") if self.i >= len(self.tokens) else self.fail("'EMPTY' or 'NULL'")
            self.i += 1
            values = []
        else:
            values = [self.value()]
        return ("clause", name, op, values)

    def value(self):
        kind, text, _ = self.next("a value")
        if kind == "op":
            self.i -= 1
            self.fail("a value")
        if kind == "word" and self.peek("op", "("):
            self.i += 1
            if not self.peek("op", ")"):
                self.fail("')'")
            self.i += 1
            return ("fn", text)
        return ("lit", text)


def parse_jql_time(text, now):
    """A JQL date value ("-5m", "2026-01-31", "2026/01/31 10:00") as epoch seconds, UTC."""
    m = re.fullmatch(r"([-+]?)(\d+)([wdhm])", text.strip().lower())
    if m:
        delta = int(m.group(2)) * RELATIVE_UNITS[m.group(3)]
        return now - delta if m.group(1) == "-" else now + delta
    for fmt in ("%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M", "%Y-%m-%d", "%Y/%m/%d"):
        try:
            return datetime.strptime(text.strip(), fmt).replace(tzinfo=timezone.utc).timestamp()
        except ValueError:
            pass
    return None


# -- the store ----------------------------------------------------------------------------------------------------
class JiraStore:
    def __init__(self, project_key, users, email, lag_ms, hidden):
        self.lock = threading.RLock()
        self.project = {"id": PROJECT_ID, "key": project_key, "name": "%s project" % project_key.title()}
        self.users = {}
        for n, (account_id, value) in enumerate(users.items()):
            info = value if isinstance(value, dict) else {"displayName": value}
            display = info.get("displayName", account_id)
            self.users[account_id] = {"accountId": account_id, "displayName": display,
                                      "name": info.get("name", display.split()[0].lower()),
                                      "key": "JIRAUSER%d" % (10000 + n),
                                      "emailAddress": info.get("emailAddress", email if n == 0 else
                                                               "%s@example.com" % display.split()[0].lower())}
        self.me = next(iter(self.users))
        self.lag = lag_ms / 1000
        self.hidden = set(hidden)
        self.issues = {}  # numeric id → the issue as stored now
        self.history = {}  # numeric id → [(time, snapshot)], what search sees lags behind
        self.next_id, self.next_number, self.next_comment = 10001, 1, 10000

    # -- lookups ---------------------------------------------------------------------------------------------------
    def find(self, id_or_key):
        text = str(id_or_key).strip()
        if text.isdigit():
            return self.issues.get(int(text))
        for issue in self.issues.values():
            if issue["key"].lower() == text.lower():
                return issue
        return None

    def user_by(self, api, ref):
        """The account a user reference names: {"accountId"} on Cloud, {"name"|"key"} on Data Center."""
        if not isinstance(ref, dict):
            return None
        for user in self.users.values():
            if api == "cloud" and ref.get("accountId") == user["accountId"]:
                return user
            if api == "dc" and (ref.get("name") == user["name"] or ref.get("key") == user["key"]):
                return user
        return None

    def issue_type(self, ref):
        if not isinstance(ref, dict):
            return None
        return next((t for t in ISSUE_TYPES if str(ref.get("id")) == t["id"]
                     or str(ref.get("name", "")).lower() == t["name"].lower()), None)

    def children(self, issue_id):
        return [i for i in self.issues.values() if i["parent"] == issue_id]

    # -- writes and what search sees -------------------------------------------------------------------------------
    def commit(self, issue, now):
        """Record a change: the issue's `updated`, and a snapshot search will see once the lag has passed."""
        issue["updated"] = now
        history = self.history.setdefault(issue["id"], [])
        history.append((now, copy.deepcopy(issue)))
        settled = [n for n, (t, _) in enumerate(history) if t <= now - self.lag]
        if settled:
            del history[:settled[-1]]

    def seen_by_search(self, issue, now, reconciled):
        if reconciled or self.lag <= 0:
            return issue
        for t, snapshot in reversed(self.history.get(issue["id"], [])):
            if t <= now - self.lag:
                return snapshot
        return None

    def to_json(self):
        base = JiraHandler.base_url
        issues = []
        for issue in sorted(self.issues.values(), key=lambda i: i["id"]):
            shown = render_issue(self, issue, "cloud", base, None)
            shown["fields"]["description"] = issue["description"][1] if issue["description"] else None
            shown["comments"] = [{"id": c["id"], "author": c["author"], "body": c["body"][1],
                                  "created": jira_time(c["created"])} for c in issue["comments"]]
            shown["properties"] = issue["properties"]
            issues.append(shown)
        return {"issues": issues}


# -- rendering ----------------------------------------------------------------------------------------------------
def user_json(store, account_id, api, base):
    if account_id is None:
        return None
    user = store.users[account_id]
    if api == "cloud":
        return {"self": "%s/rest/api/3/user?accountId=%s" % (base, account_id), "accountId": account_id,
                "displayName": user["displayName"], "active": True, "accountType": "atlassian", "timeZone": "Etc/UTC"}
    return {"self": "%s/rest/api/2/user?username=%s" % (base, user["name"]), "name": user["name"], "key": user["key"],
            "displayName": user["displayName"], "emailAddress": user["emailAddress"], "active": True,
            "timeZone": "Etc/UTC"}


def status_json(status_id, base, api):
    name, category = STATUSES[status_id]
    key, category_name, colour = CATEGORIES[category]
    v = "3" if api == "cloud" else "2"
    return {"self": "%s/rest/api/%s/status/%s" % (base, v, status_id), "description": "", "name": name,
            "id": status_id, "statusCategory": {"self": "%s/rest/api/%s/statuscategory/%d" % (base, v, category),
                                                "id": category, "key": key, "colorName": colour, "name": category_name}}


def type_json(type_id, base, api):
    t = next(t for t in ISSUE_TYPES if t["id"] == type_id)
    v = "3" if api == "cloud" else "2"
    shown = {"self": "%s/rest/api/%s/issuetype/%s" % (base, v, t["id"]), "id": t["id"], "description": "",
             "name": t["name"], "subtask": t["subtask"]}
    if api == "cloud":
        shown["hierarchyLevel"] = t["hierarchyLevel"]
    return shown


def priority_json(priority_id, base, api):
    v = "3" if api == "cloud" else "2"
    return {"self": "%s/rest/api/%s/priority/%s" % (base, v, priority_id), "id": priority_id,
            "name": PRIORITIES[priority_id]}


def issue_self(issue, base, api):
    return "%s/rest/api/%s/issue/%d" % (base, "3" if api == "cloud" else "2", issue["id"])


def brief_issue(store, issue, base, api):
    return {"id": str(issue["id"]), "key": issue["key"], "self": issue_self(issue, base, api),
            "fields": {"summary": issue["summary"], "status": status_json(issue["status"], base, api),
                       "priority": priority_json(issue["priority"], base, api),
                       "issuetype": type_json(issue["issuetype"], base, api)}}


def progress(issues):
    spent = sum(i["spent"] for i in issues)
    total = spent + sum(i["remaining"] or 0 for i in issues)
    shown = {"progress": spent, "total": total}
    if total:
        shown["percent"] = spent * 100 // total
    return shown


def comment_json(store, issue, comment, base, api):
    author = user_json(store, comment["author"], api, base)
    return {"self": "%s/comment/%s" % (issue_self(issue, base, api), comment["id"]), "id": comment["id"],
            "author": author, "updateAuthor": author, "body": rich_text(comment["body"], api),
            "created": jira_time(comment["created"]), "updated": jira_time(comment["created"]), "jsdPublic": True}


def all_fields(store, issue, api, base):
    v = "3" if api == "cloud" else "2"
    tracking = {}
    if issue["estimate"] is not None or issue["spent"]:
        tracking = {"originalEstimate": format_duration(issue["estimate"] or 0),
                    "remainingEstimate": format_duration(issue["remaining"] or 0),
                    "originalEstimateSeconds": issue["estimate"] or 0,
                    "remainingEstimateSeconds": issue["remaining"] or 0}
        if issue["spent"]:
            tracking.update(timeSpent=format_duration(issue["spent"]), timeSpentSeconds=issue["spent"])
    subtasks = [c for c in store.children(issue["id"]) if c["issuetype"] == "10002"]
    fields = {
        "summary": issue["summary"],
        "description": rich_text(issue["description"], api),
        "labels": sorted(issue["labels"]),
        "assignee": user_json(store, issue["assignee"], api, base),
        "reporter": user_json(store, issue["reporter"], api, base),
        "creator": user_json(store, issue["reporter"], api, base),
        "duedate": issue["duedate"],
        START_DATE: issue["start"],
        "issuetype": type_json(issue["issuetype"], base, api),
        "project": {"self": "%s/rest/api/%s/project/%s" % (base, v, PROJECT_ID), "id": PROJECT_ID,
                    "key": store.project["key"], "name": store.project["name"]},
        "priority": priority_json(issue["priority"], base, api),
        "status": status_json(issue["status"], base, api),
        "statuscategorychangedate": jira_time(issue["category_changed"]),
        "resolution": None if issue["resolution"] is None else {
            "self": "%s/rest/api/%s/resolution/%s" % (base, v, issue["resolution"]), "id": issue["resolution"],
            "name": RESOLUTIONS[issue["resolution"]], "description": ""},
        "resolutiondate": jira_time(issue["resolved"]) if issue["resolved"] else None,
        "timetracking": tracking,
        "timeoriginalestimate": issue["estimate"],
        "timeestimate": issue["remaining"],
        "timespent": issue["spent"] or None,
        "progress": progress([issue]),
        "aggregateprogress": progress([issue] + subtasks),
        "subtasks": [brief_issue(store, c, base, api) for c in subtasks],
        "created": jira_time(issue["created"]),
        "updated": jira_time(issue["updated"]),
        "comment": {"comments": [comment_json(store, issue, c, base, api) for c in issue["comments"]],
                    "self": "%s/comment" % issue_self(issue, base, api), "maxResults": len(issue["comments"]),
                    "total": len(issue["comments"]), "startAt": 0},
    }
    parent = store.issues.get(issue["parent"]) if issue["parent"] else None
    if parent:
        fields["parent"] = brief_issue(store, parent, base, api)
    return fields


def render_issue(store, issue, api, base, wanted):
    """The issue as GET /issue answers it; `wanted` is the list of requested field names (None: *all)."""
    fields = all_fields(store, issue, api, base)
    if wanted is not None:
        names = {w for w in wanted if not w.startswith("-")}
        excluded = {w[1:] for w in wanted if w.startswith("-")}
        everything = "*all" in names or "*navigable" in names
        def shown(k):
            return (k in names or (everything and (k != "comment" or "*all" in names))) and k not in excluded

        fields = {k: v for k, v in fields.items() if shown(k)}
    return {"expand": "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations",
            "id": str(issue["id"]), "self": issue_self(issue, base, api), "key": issue["key"], "fields": fields}


# -- the handler --------------------------------------------------------------------------------------------------
class JiraHandler(fakekit.FakeHandler):
    store: JiraStore = None
    basic = pat = None
    burst = 0
    burst_times = deque()
    burst_lock = threading.Lock()

    def authenticated(self):
        header = self.headers.get("Authorization", "")
        self.api = None
        if header.startswith("Basic "):
            try:
                given = base64.b64decode(header[6:].strip()).decode()
            except (ValueError, UnicodeDecodeError):
                given = None
            self.api = "cloud" if given == self.basic else None
        elif header.startswith("Bearer "):
            self.api = "dc" if header[7:].strip() == self.pat else None
        return self.api is not None

    def unauthorized(self):
        return error(401, ["You are not authenticated. Authentication required to perform this operation."])

    def malformed_body(self):
        return error(400, ["Unexpected character in the request body: it is not valid JSON."])

    def is_write(self, method, path):
        return method in fakekit.WRITE_METHODS and not path.rstrip("/").endswith(("/search", "/search/jql"))

    def rate_limited(self, method, path):
        if not self.burst:
            return None
        now = time.time()
        with self.burst_lock:
            while self.burst_times and self.burst_times[0] <= now - 1:
                self.burst_times.popleft()
            if len(self.burst_times) < self.burst:
                self.burst_times.append(now)
                return None
            wait = max(1, math.ceil(self.burst_times[0] + 1 - now))
        reset = datetime.fromtimestamp(now + wait, timezone.utc).strftime("%Y-%m-%dT%H:%MZ")
        return 429, {"errorMessages": ["Rate limit exceeded"], "errors": {}}, [
            ("Retry-After", str(wait)), ("X-RateLimit-Reset", reset), ("X-RateLimit-Limit", str(self.burst)),
            ("X-RateLimit-Remaining", "0"), ("RateLimit-Reason", "jira-burst-based")]

    # -- dispatch --------------------------------------------------------------------------------------------------
    ROUTES = [
        ("GET", r"/myself", "myself"),
        ("GET", r"/project/(?P<project>[^/]+)", "get_project"),
        ("GET", r"/issue/createmeta/(?P<project>[^/]+)/issuetypes", "createmeta_types"),
        ("GET", r"/issue/createmeta/(?P<project>[^/]+)/issuetypes/(?P<type_id>[^/]+)", "createmeta_fields"),
        ("POST", r"/issue", "create_issue"),
        ("GET", r"/issue/(?P<key>[^/]+)", "get_issue"),
        ("PUT", r"/issue/(?P<key>[^/]+)", "edit_issue"),
        ("GET", r"/issue/(?P<key>[^/]+)/transitions", "get_transitions"),
        ("POST", r"/issue/(?P<key>[^/]+)/transitions", "do_transition"),
        ("GET", r"/issue/(?P<key>[^/]+)/comment", "get_comments"),
        ("POST", r"/issue/(?P<key>[^/]+)/comment", "add_comment"),
        ("POST", r"/issue/(?P<key>[^/]+)/worklog", "add_worklog"),
        ("GET", r"/issue/(?P<key>[^/]+)/properties/(?P<prop>[^/]+)", "get_property"),
        ("PUT", r"/issue/(?P<key>[^/]+)/properties/(?P<prop>[^/]+)", "set_property"),
        ("GET", r"/search/jql", "search_jql"),
        ("POST", r"/search/jql", "search_jql"),
        ("GET", r"/search", "search_offset"),
        ("POST", r"/search", "search_offset"),
    ]

    def route(self, method, path, query, body):
        m = re.fullmatch(r"/rest/api/(2|3|latest)(/.*)", path)
        if not m:
            return error(404, ["No resource found for %s" % path])
        version, rest = ("2" if m.group(1) == "latest" else m.group(1)), m.group(2).rstrip("/")
        if rest in ("/search", "/search/id") and (version == "3" or self.api == "cloud"):
            return error(410, [REMOVED])
        if (self.api == "cloud") != (version == "3") or (self.api == "dc" and rest == "/search/jql"):
            return error(404, ["null for uri: %s%s" % (self.base_url, path)])
        if method in ("POST", "PUT") and body is not None:
            kind = self.headers.get("Content-Type", "")
            if "application/x-www-form-urlencoded" in kind or "multipart/form-data" in kind or "text/plain" in kind:
                if self.headers.get("X-Atlassian-Token", "").lower() != "no-check":
                    return 403, "XSRF check failed", (), "text/plain;charset=UTF-8"
            if "application/json" not in kind:
                return error(415, ["Unsupported Media Type: send Content-Type: application/json"])
        self.now = time.time()
        allowed = []
        for verb, pattern, name in self.ROUTES:
            match = re.fullmatch(pattern, rest)
            if match:
                if verb == method:
                    return getattr(self, name)(query, body, **match.groupdict())
                allowed.append(verb)
        if allowed:
            return 405, None, [("Allow", ", ".join(allowed))]
        return error(404, ["null for uri: %s%s" % (self.base_url, path)])

    def issue_or_404(self, key):
        issue = self.store.find(key)
        if issue is None:
            return None, error(404, ["Issue does not exist or you do not have permission to see it."])
        return issue, None

    # -- simple resources ------------------------------------------------------------------------------------------
    def myself(self, query, body):
        shown = user_json(self.store, self.store.me, self.api, self.base_url)
        shown["emailAddress"] = self.store.users[self.store.me]["emailAddress"]
        return 200, shown

    def get_project(self, query, body, project):
        p = self.store.project
        if project.lower() not in (p["key"].lower(), p["id"]):
            return error(404, ["No project could be found with key '%s'." % project])
        v = "3" if self.api == "cloud" else "2"
        return 200, {"self": "%s/rest/api/%s/project/%s" % (self.base_url, v, p["id"]), "id": p["id"],
                     "key": p["key"], "name": p["name"], "projectTypeKey": "software", "simplified": False,
                     "style": "classic",
                     "issueTypes": [type_json(t["id"], self.base_url, self.api) for t in ISSUE_TYPES]}

    def screen_fields(self):
        return [f for f in SETTABLE if f not in self.store.hidden]

    def createmeta_types(self, query, body, project):
        if project.lower() not in (self.store.project["key"].lower(), PROJECT_ID):
            return error(404, ["No project could be found with key '%s'." % project])
        types = [type_json(t["id"], self.base_url, self.api) for t in ISSUE_TYPES]
        if self.api == "cloud":
            return 200, {"maxResults": 50, "startAt": 0, "total": len(types), "issueTypes": types}
        return 200, {"maxResults": 50, "startAt": 0, "total": len(types), "isLast": True, "values": types}

    def createmeta_fields(self, query, body, project, type_id):
        if project.lower() not in (self.store.project["key"].lower(), PROJECT_ID):
            return error(404, ["No project could be found with key '%s'." % project])
        if self.store.issue_type({"id": type_id}) is None:
            return error(404, ["The issue type with id '%s' does not exist." % type_id])
        fields = [{"fieldId": f, "key": f, "name": FIELD_NAMES[f], "required": f in ("summary", "issuetype", "project"),
                   "hasDefaultValue": False, "operations": ["set"] + (["add", "remove"] if f == "labels" else []),
                   "schema": {"type": "string", "system": f}} for f in self.screen_fields()]
        if self.api == "cloud":
            return 200, {"maxResults": 50, "startAt": 0, "total": len(fields), "fields": fields}
        return 200, {"maxResults": 50, "startAt": 0, "total": len(fields), "isLast": True, "values": fields}

    # -- create and edit -------------------------------------------------------------------------------------------
    def read_fields(self, fields, issue, creating, errors):
        """Validate `fields` against the screen; returns the changes to apply (stored representation)."""
        changes = {}
        if not isinstance(fields, dict):
            errors["fields"] = "Field 'fields' must be an object."
            return changes
        for name, value in fields.items():
            if name not in self.screen_fields() or (name == "project" and not creating):
                errors[name] = NOT_ON_SCREEN % name
                continue
            getattr(self, "field_" + name.replace(START_DATE, "start"))(value, changes, errors)
        if creating:
            if "project" not in fields:
                errors.setdefault("project", "Specify a valid project ID or key")
            if "issuetype" not in fields:
                errors.setdefault("issuetype", "Specify an issue type")
            if "summary" not in fields:
                errors.setdefault("summary", "You must specify a summary of the issue.")
        kind = changes.get("issuetype", issue["issuetype"] if issue else None)
        if kind and not errors.get("parent"):
            parent_id = changes["parent"] if "parent" in changes else (issue["parent"] if issue else None)
            self.check_hierarchy(kind, parent_id, issue, errors)
        return changes

    def check_hierarchy(self, kind, parent_id, issue, errors):
        level = self.store.issue_type({"id": kind})["hierarchyLevel"]
        if parent_id is None:
            if level == -1:
                errors["parent"] = "Sub-tasks must have a parent: specify a parent issue."
            return
        parent = self.store.issues[parent_id]
        parent_level = self.store.issue_type({"id": parent["issuetype"]})["hierarchyLevel"]
        if parent_level != level + 1 or (issue and parent_id == issue["id"]):
            errors["parent"] = "Given parent work item does not belong to appropriate hierarchy."

    def field_project(self, value, changes, errors):
        p = self.store.project
        if not isinstance(value, dict) or not (str(value.get("key", "")).lower() == p["key"].lower()
                                               or str(value.get("id", "")) == p["id"]):
            errors["project"] = "Specify a valid project ID or key"

    def field_issuetype(self, value, changes, errors):
        kind = self.store.issue_type(value)
        if kind is None:
            errors["issuetype"] = "Specify a valid issue type"
        else:
            changes["issuetype"] = kind["id"]

    def field_summary(self, value, changes, errors):
        if not isinstance(value, str) or not value.strip():
            errors["summary"] = "You must specify a summary of the issue."
        elif "\n" in value or "\r" in value:
            errors["summary"] = "The summary is invalid because it contains newline characters."
        elif len(value) > 255:
            errors["summary"] = "Summary must be less than 255 characters."
        else:
            changes["summary"] = value

    def field_description(self, value, changes, errors):
        if value is None:
            changes["description"] = None
        elif self.api == "dc":
            if isinstance(value, str):
                changes["description"] = ("wiki", value)
            else:
                errors["description"] = "Operation value must be a string"
        else:
            problem = adf_problem(value)
            if problem == "not-adf":
                errors["description"] = NOT_ADF
            elif problem:
                errors["__invalid_input__"] = "INVALID_INPUT"
            else:
                changes["description"] = ("adf", value)

    def field_labels(self, value, changes, errors):
        if value is None:
            value = []
        if not isinstance(value, list) or not all(isinstance(label, str) for label in value):
            errors["labels"] = "Labels must be a list of strings."
            return
        for label in value:
            if not label or re.search(r"\s", label):
                errors["labels"] = "The label '%s' contains spaces which is invalid." % label
                return
            if len(label) > 255:
                errors["labels"] = "The label '%s' exceeds the 255 character limit." % label[:20]
                return
        changes["labels"] = list(dict.fromkeys(value))

    def field_assignee(self, value, changes, errors):
        if value is None or (isinstance(value, dict) and value.get("accountId", value.get("name", "x")) is None):
            changes["assignee"] = None
            return
        user = self.store.user_by(self.api, value)
        if user is not None:
            changes["assignee"] = user["accountId"]
        elif self.api == "dc":
            who = value
            if isinstance(value, dict):
                who = value.get("name") or value.get("key") or value.get("accountId")
            errors["assignee"] = "User '%s' does not exist." % who
        else:
            errors["assignee"] = "Specify a valid value for assignee"

    def field_duedate(self, value, changes, errors):
        if value is None or valid_day(value):
            changes["duedate"] = value
        else:
            errors["duedate"] = "Error parsing date string: %s" % value

    def field_start(self, value, changes, errors):
        if value is None or valid_day(value):
            changes["start"] = value
        else:
            errors[START_DATE] = "Error parsing date string: %s" % value

    def field_parent(self, value, changes, errors):
        if value is None:
            changes["parent"] = None
            return
        ref = value.get("key", value.get("id")) if isinstance(value, dict) else None
        parent = self.store.find(ref) if ref is not None else None
        if parent is None:
            errors["parent"] = "Could not find issue by id or key."
        else:
            changes["parent"] = parent["id"]

    def field_timetracking(self, value, changes, errors):
        if not isinstance(value, dict):
            errors["timetracking"] = "Time tracking must be an object."
            return
        for name, key in (("originalEstimate", "estimate"), ("remainingEstimate", "remaining")):
            if name in value:
                seconds = parse_duration(value[name])
                if seconds is None:
                    errors["timetracking"] = "The %s specified is not valid." % (
                        "original estimate" if key == "estimate" else "remaining estimate")
                    return
                changes[key] = seconds

    def field_priority(self, value, changes, errors):
        found = None
        if isinstance(value, dict):
            found = next((pid for pid, name in PRIORITIES.items()
                          if str(value.get("id")) == pid or str(value.get("name", "")).lower() == name.lower()), None)
        if found is None:
            errors["priority"] = "The priority selected is invalid."
        else:
            changes["priority"] = found

    def read_update(self, update, issue, changes, errors):
        """The `update` verbs: set for every field, add/remove for labels."""
        if not isinstance(update, dict):
            errors["update"] = "Field 'update' must be an object."
            return
        for name, operations in update.items():
            if name not in self.screen_fields() or not isinstance(operations, list):
                errors[name] = NOT_ON_SCREEN % name
                continue
            for operation in operations:
                verb, value = ("?", None)
                if isinstance(operation, dict) and operation:
                    verb, value = next(iter(operation.items()))
                if verb == "set":
                    changes.update(self.read_fields({name: value}, issue, False, errors))
                elif name == "labels" and verb in ("add", "remove"):
                    labels = changes.get("labels", list(issue["labels"]) if issue else [])
                    if verb == "add":
                        self.field_labels(labels + [value], changes, errors)
                    else:
                        changes["labels"] = [label for label in labels if label != value]
                else:
                    errors[name] = "The operation '%s' is not supported for the field '%s'." % (verb, name)

    def validation_failure(self, errors):
        if errors.pop("__invalid_input__", None) and not errors:
            return error(400, ["INVALID_INPUT"])
        return error(400, [], errors)

    def apply(self, issue, changes):
        if "estimate" in changes and "remaining" not in changes and not issue["spent"]:
            changes["remaining"] = changes["estimate"]
        issue.update(changes)

    def create_issue(self, query, body):
        if not isinstance(body, dict) or "fields" not in body:
            return error(400, ["Field 'fields' is required: send {\"fields\": {...}}."])
        errors = {}
        changes = self.read_fields(body["fields"], None, True, errors)
        if "update" in body:
            self.read_update(body["update"], None, changes, errors)
        properties = body.get("properties", [])
        if not isinstance(properties, list) or not all(isinstance(p, dict) and "key" in p for p in properties):
            errors["properties"] = "Properties must be a list of {key, value}."
        if errors:
            return self.validation_failure(errors)
        store = self.store
        issue = {"id": store.next_id, "key": "%s-%d" % (store.project["key"], store.next_number),
                 "created": self.now, "updated": self.now, "category_changed": self.now, "summary": "",
                 "description": None, "labels": [], "assignee": None, "reporter": store.me, "duedate": None,
                 "start": None, "parent": None, "issuetype": None, "status": "10000", "priority": "3",
                 "estimate": None, "remaining": None, "spent": 0, "resolution": None, "resolved": None,
                 "comments": [], "worklogs": [], "properties": {p["key"]: p.get("value") for p in properties}}
        self.apply(issue, changes)
        store.next_id += 1
        store.next_number += 1
        store.issues[issue["id"]] = issue
        store.commit(issue, self.now)
        return 201, {"id": str(issue["id"]), "key": issue["key"], "self": issue_self(issue, self.base_url, self.api)}

    def get_issue(self, query, body, key):
        issue, missing = self.issue_or_404(key)
        if missing:
            return missing
        wanted = self.field_list(query.get("fields")) if "fields" in query else None
        return 200, render_issue(self.store, issue, self.api, self.base_url, wanted or None)

    def edit_issue(self, query, body, key):
        issue, missing = self.issue_or_404(key)
        if missing:
            return missing
        if not isinstance(body, dict) or not ("fields" in body or "update" in body):
            return error(400, ["Send {\"fields\": {...}} and/or {\"update\": {...}}."])
        errors = {}
        changes = self.read_fields(body.get("fields", {}), issue, False, errors)
        if "update" in body:
            self.read_update(body["update"], issue, changes, errors)
        if errors:
            return self.validation_failure(errors)
        self.apply(issue, changes)
        self.store.commit(issue, self.now)
        return 204, None

    # -- workflow, comments, worklogs, properties ------------------------------------------------------------------
    def get_transitions(self, query, body, key):
        issue, missing = self.issue_or_404(key)
        if missing:
            return missing
        return 200, {"expand": "transitions", "transitions": [
            {"id": tid, "name": name, "to": status_json(target, self.base_url, self.api), "hasScreen": False,
             "isGlobal": True, "isInitial": False, "isAvailable": True, "isConditional": False, "isLooped": False}
            for tid, name, target in TRANSITIONS]}

    def do_transition(self, query, body, key):
        issue, missing = self.issue_or_404(key)
        if missing:
            return missing
        ref = body.get("transition") if isinstance(body, dict) else None
        if not isinstance(ref, dict) or not ("id" in ref or "name" in ref):
            return error(400, ["Missing 'transition' identifier"])
        chosen = next((t for t in TRANSITIONS if str(ref.get("id")) == t[0] or ref.get("name") == t[1]), None)
        if chosen is None:
            return error(400, ["Transition id '%s' is not valid for this issue." % ref.get("id", ref.get("name"))])
        errors, changes = {}, {}
        resolution = None
        fields = dict(body.get("fields") or {})
        if "resolution" in fields:
            value = fields.pop("resolution")
            resolution = next((rid for rid, name in RESOLUTIONS.items() if isinstance(value, dict) and (
                str(value.get("id")) == rid or value.get("name") == name)), None)
            if resolution is None:
                errors["resolution"] = "The resolution selected is invalid."
        if fields:
            changes = self.read_fields(fields, issue, False, errors)
        if "update" in body:
            self.read_update(body["update"], issue, changes, errors)
        if errors:
            return self.validation_failure(errors)
        self.apply(issue, changes)
        target = chosen[2]
        if STATUSES[target][1] != STATUSES[issue["status"]][1]:
            issue["category_changed"] = self.now
        issue["status"] = target
        if STATUSES[target][1] == 3:
            issue["resolution"] = resolution or issue["resolution"] or "10000"
            issue["resolved"] = issue["resolved"] or self.now
        else:
            issue["resolution"] = issue["resolved"] = None
        self.store.commit(issue, self.now)
        return 204, None

    def get_comments(self, query, body, key):
        issue, missing = self.issue_or_404(key)
        if missing:
            return missing
        comments = [comment_json(self.store, issue, c, self.base_url, self.api) for c in issue["comments"]]
        return 200, {"startAt": 0, "maxResults": max(50, len(comments)), "total": len(comments), "comments": comments}

    def add_comment(self, query, body, key):
        issue, missing = self.issue_or_404(key)
        if missing:
            return missing
        text = body.get("body") if isinstance(body, dict) else None
        if self.api == "dc":
            if not isinstance(text, str):
                return error(400, ["Can not deserialize instance of java.lang.String out of START_OBJECT token"])
            if not text.strip():
                return error(400, [], {"comment": "Comment body can not be empty!"})
            stored = ("wiki", text)
        else:
            if text is None or text == "":
                return error(400, [], {"comment": "Comment body can not be empty!"})
            problem = adf_problem(text)
            if problem == "not-adf":
                return error(400, [], {"comment": NOT_ADF})
            if problem:
                return error(400, ["INVALID_INPUT"])
            stored = ("adf", text)
        comment = {"id": str(self.store.next_comment), "author": self.store.me, "body": stored, "created": self.now}
        self.store.next_comment += 1
        issue["comments"].append(comment)
        self.store.commit(issue, self.now)
        return 201, comment_json(self.store, issue, comment, self.base_url, self.api)

    def add_worklog(self, query, body, key):
        issue, missing = self.issue_or_404(key)
        if missing:
            return missing
        body = body if isinstance(body, dict) else {}
        seconds = body.get("timeSpentSeconds")
        if seconds is None:
            seconds = parse_duration(body.get("timeSpent"))
        if not isinstance(seconds, int) or seconds <= 0:
            return error(400, [], {"timeLogged": "You must indicate the time spent working."})
        issue["spent"] += seconds
        issue["remaining"] = max(0, (issue["remaining"] or 0) - seconds)
        worklog = {"id": str(10000 + sum(len(i["worklogs"]) for i in self.store.issues.values())),
                   "timeSpentSeconds": seconds, "timeSpent": format_duration(seconds), "started": jira_time(self.now)}
        issue["worklogs"].append(worklog)
        self.store.commit(issue, self.now)
        return 201, dict(worklog, issueId=str(issue["id"]), author=user_json(self.store, self.store.me, self.api,
                                                                             self.base_url))

    def get_property(self, query, body, key, prop):
        issue, missing = self.issue_or_404(key)
        if missing:
            return missing
        if prop not in issue["properties"]:
            return error(404, ["The property with key '%s' does not exist." % prop])
        return 200, {"key": prop, "value": issue["properties"][prop]}

    def set_property(self, query, body, key, prop):
        issue, missing = self.issue_or_404(key)
        if missing:
            return missing
        if len(prop) > 255 or len(json.dumps(body)) > 32768:
            return error(400, ["The property key or value is too long."])
        created = prop not in issue["properties"]
        issue["properties"][prop] = body
        return (201, {}) if created else (200, {})

    # -- search ----------------------------------------------------------------------------------------------------
    def field_list(self, value):
        """fields as a list (POST) or comma string(s) (GET, possibly repeated)."""
        if value is None:
            return []
        if isinstance(value, str):
            value = [v for pair_key, v in self.query_pairs if pair_key == "fields"] if self.body is None else [value]
        return [f.strip() for item in value for f in str(item).split(",") if f.strip()]

    def compile_jql(self, jql, bounded):
        """(predicate over an issue as search sees it, sort function) or a JqlError."""
        where, order = JqlParser(jql).parse()
        if where is None and bounded:
            raise JqlError(UNBOUNDED)
        predicate = self.predicate(where) if where is not None else (lambda issue: True)
        return predicate, order

    def predicate(self, node):
        if node[0] == "and":
            a, b = self.predicate(node[1]), self.predicate(node[2])
            return lambda i: a(i) and b(i)
        if node[0] == "or":
            a, b = self.predicate(node[1]), self.predicate(node[2])
            return lambda i: a(i) or b(i)
        if node[0] == "not":
            a = self.predicate(node[1])
            return lambda i: not a(i)
        _, name, op, values = node
        field = JQL_FIELDS.get(name.lower())
        if field is None:
            raise JqlError("Field '%s' does not exist or you do not have permission to view it." % name)
        if op not in FIELD_OPS[field]:
            raise JqlError("Error in the JQL Query: The operator '%s' is not supported by the '%s' field."
                           % (op.upper(), name))
        if field in ("created", "updated", "duedate") and op not in ("is", "is not"):
            return self.time_predicate(field, name, op, values[0])
        if field == "summary":
            needle = values[0][1].lower()
            return lambda i: (needle in i["summary"].lower()) == (op == "~")
        wanted = {self.jql_value(field, name, v) for v in values}
        facts = self.jql_facts(field)
        if op == "is":
            return lambda i: not facts(i)
        if op == "is not":
            return lambda i: bool(facts(i))
        if op in ("=", "in"):
            return lambda i: bool(facts(i) & wanted)
        return lambda i: bool(facts(i)) and not facts(i) & wanted

    def time_predicate(self, field, name, op, value):
        moment = parse_jql_time(value[1], self.now)
        if value[0] != "lit" or moment is None:
            raise JqlError("Date value '%s' for field '%s' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', "
                           "'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'."
                           % (value[1], name))
        compare = {"<": float.__lt__, "<=": float.__le__, ">": float.__gt__, ">=": float.__ge__}[op]

        def seconds(issue):
            if field == "duedate":
                if issue["duedate"] is None:
                    return None
                return datetime.fromisoformat(issue["duedate"]).replace(tzinfo=timezone.utc).timestamp()
            return float(issue[field])

        return lambda i: seconds(i) is not None and compare(float(seconds(i)), float(moment))

    def jql_value(self, field, name, value):
        """A JQL operand, normalised the way jql_facts() normalises the issue's side; unknown values → JqlError."""
        kind, text = value
        store = self.store
        if kind == "fn":
            if text.lower() != "currentuser" or field != "assignee":
                raise JqlError("Error in the JQL Query: Unable to find JQL function '%s()'." % text)
            return store.me
        lowered = text.lower()
        if field == "project":
            if lowered not in (store.project["key"].lower(), PROJECT_ID):
                raise JqlError("The value '%s' does not exist for the field '%s'." % (text, name))
            return PROJECT_ID
        if field == "key":
            issue = store.find(text)
            if issue is None:
                if name.lower() == "id" and text.isdigit():
                    return -1
                raise JqlError("An issue with key '%s' does not exist for field '%s'." % (text, name))
            return issue["id"]
        if field == "parent":
            issue = store.find(text)
            return issue["id"] if issue else -1
        if field == "status":
            found = next((sid for sid, (sname, _) in STATUSES.items() if lowered in (sid, sname.lower())), None)
        elif field == "statuscategory":
            found = next((cid for cid, (ckey, cname, _) in CATEGORIES.items()
                          if lowered in (str(cid), ckey, cname.lower())), None)
        elif field == "issuetype":
            found = next((t["id"] for t in ISSUE_TYPES if lowered in (t["id"], t["name"].lower())), None)
        elif field == "assignee":
            found = next((u["accountId"] for u in store.users.values() if text in (u["accountId"], u["name"], u["key"])
                          or lowered == u["displayName"].lower()), None)
        else:  # labels match exactly
            return text
        if found is None:
            raise JqlError("The value '%s' does not exist for the field '%s'." % (text, name))
        return found

    def jql_facts(self, field):
        if field == "project":
            return lambda i: {PROJECT_ID}
        if field == "key":
            return lambda i: {i["id"]}
        if field == "parent":
            return lambda i: {i["parent"]} if i["parent"] else set()
        if field == "status":
            return lambda i: {i["status"]}
        if field == "statuscategory":
            return lambda i: {STATUSES[i["status"]][1]}
        if field == "issuetype":
            return lambda i: {i["issuetype"]}
        if field == "assignee":
            return lambda i: {i["assignee"]} if i["assignee"] else set()
        return lambda i: set(i["labels"])

    def sorted_issues(self, issues, order):
        if not order:
            order = [("created", True)]
        keys = {"key": lambda i: i["id"], "issuekey": lambda i: i["id"], "id": lambda i: i["id"],
                "created": lambda i: (i["created"], i["id"]), "updated": lambda i: (i["updated"], i["id"]),
                "summary": lambda i: i["summary"].lower(),
                "duedate": lambda i: (i["duedate"] is None, i["duedate"] or ""),
                "priority": lambda i: -int(i["priority"])}
        result = list(issues)
        for name, descending in reversed(order):
            result.sort(key=keys[name], reverse=descending)
        return result

    def search_jql(self, query, body):
        """Cloud's enhanced search: cursor pages over what the (lagging) index sees."""
        if body is not None:
            if not isinstance(body, dict) or set(body) - SEARCH_JQL_KEYS:
                return error(400, ["Invalid request payload. Refer to the REST API documentation and try again."])
            params = body
        else:
            params = dict(query)
            params["reconcileIssues"] = [v for k, vs in self.query_pairs if k == "reconcileIssues"
                                         for v in vs.split(",") if v.strip()]
        jql = params.get("jql") or ""
        if not isinstance(jql, str):
            return error(400, ["Invalid request payload. Refer to the REST API documentation and try again."])
        wanted = self.field_list(params.get("fields"))
        try:
            limit = int(params.get("maxResults", 50))
            reconcile = {int(v) for v in params.get("reconcileIssues") or []}
        except (TypeError, ValueError):
            return error(400, ["Invalid request payload. Refer to the REST API documentation and try again."])
        if len(reconcile) > 50:
            return error(400, ["The number of issues to reconcile must not exceed 50."])
        if not 1 <= limit <= 5000:
            return error(400, ["The value of 'maxResults' must be between 1 and 5000."])
        offset = 0
        digest = hashlib.sha1(jql.encode()).hexdigest()[:12]
        token = params.get("nextPageToken")
        if token:
            try:
                offset, token_digest = json.loads(base64.urlsafe_b64decode(token.encode()))
                assert token_digest == digest and isinstance(offset, int) and offset >= 0
            except (ValueError, AssertionError, TypeError):
                return error(400, ["The provided next page token is invalid or expired."])
        try:
            predicate, order = self.compile_jql(jql, bounded=True)
        except JqlError as e:
            return error(400, [str(e)])
        seen = [self.store.seen_by_search(i, self.now, i["id"] in reconcile) for i in self.store.issues.values()]
        matches = self.sorted_issues([i for i in seen if i is not None and predicate(i)], order)
        if set(wanted) - {"id", "key"}:
            limit = min(limit, 100)
        page = matches[offset:offset + limit]
        if wanted:
            issues = [render_issue(self.store, i, "cloud", self.base_url, wanted) for i in page]
        else:
            issues = [{"id": str(i["id"])} for i in page]
        answer = {"issues": issues, "isLast": offset + len(page) >= len(matches)}
        if not answer["isLast"]:
            cursor = json.dumps([offset + len(page), digest]).encode()
            answer["nextPageToken"] = base64.urlsafe_b64encode(cursor).decode()
        return 200, answer

    def search_offset(self, query, body):
        """Data Center's search: startAt/maxResults/total, consistent at once."""
        params = body if isinstance(body, dict) else query
        try:
            start = int(params.get("startAt", 0))
            limit = int(params.get("maxResults", 50))
        except (TypeError, ValueError):
            return error(400, ["Invalid startAt or maxResults."])
        start, limit = max(0, start), min(max(0, limit), 1000)
        wanted = self.field_list(params.get("fields")) or ["*navigable"]
        try:
            predicate, order = self.compile_jql(params.get("jql") or "", bounded=False)
        except JqlError as e:
            return error(400, [str(e)])
        matches = self.sorted_issues([i for i in self.store.issues.values() if predicate(i)], order)
        page = matches[start:start + limit]
        return 200, {"expand": "schema,names", "startAt": start, "maxResults": limit, "total": len(matches),
                     "issues": [render_issue(self.store, i, "dc", self.base_url, wanted) for i in page]}


def main():
    p = fakekit.arguments(__doc__.split("\n")[0])
    p.add_argument("--email", default="pm@example.com")
    p.add_argument("--api-token", default="jira-test-token")
    p.add_argument("--pat", default="jira-dc-pat", help="the Data Center personal access token (Bearer)")
    p.add_argument("--project", default="SHOP")
    p.add_argument("--users", default=json.dumps({"5b10a2844c20165700ede21g": "Alice Martin",
                                                  "5b10ac8d82e05b22cc7d4ef5": "Bob Chen"}),
                   help="JSON map accountId → displayName (Data Center name: the first word, lower case); "
                        "the first user is the caller")
    p.add_argument("--search-lag-ms", type=int, default=2000)
    p.add_argument("--burst-per-second", type=int, default=0)
    p.add_argument("--hidden-fields", default="", help="comma list of fields not on the create/edit screens")
    a = p.parse_args()
    JiraHandler.basic = "%s:%s" % (a.email, a.api_token)
    JiraHandler.pat = a.pat
    JiraHandler.burst = a.burst_per_second
    hidden = [f.strip() for f in a.hidden_fields.split(",") if f.strip()]
    store = JiraStore(a.project, json.loads(a.users), a.email, a.search_lag_ms, hidden)
    fakekit.serve(JiraHandler, store, a)


if __name__ == "__main__":
    main()
