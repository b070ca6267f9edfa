#!/usr/bin/env python3
"""A fake Trello REST API for Sextant's tests: real HTTP on 127.0.0.1, following the documented contract
(developer.atlassian.com/cloud/trello/rest). Built on fakekit (faults, stats, /__control/*).

Auth: `Authorization: OAuth oauth_consumer_key="KEY", oauth_token="TOKEN"`, or key= and token= in the query
string or the body. A bad key → 401 "invalid key", a bad token → 401 "invalid token", no token → 401
"unauthorized permission requested" — plain text, as Trello answers. Parameters may come in the query string, a
JSON body or a form body (body wins). Ids are 24-hex strings; a malformed id → 400 "invalid id", an unknown one →
404 "The requested resource was not found.". Other errors are plain text too ("invalid value for idList").

Faked, under /1:
  GET  /members/me, /members/me/boards
  GET  /boards/{id}                       {id, name, desc, url, shortUrl, shortLink, closed} (id or shortLink)
  GET  /boards/{id}/lists?filter=open|closed|all (default open)    [{id, name, closed, pos, idBoard}]
  POST /lists {name, idBoard, pos}        a new list
  GET  /lists/{id}/cards                  the list's open cards
  GET  /boards/{id}/members               [{id, username, fullName}]
  GET  /boards/{id}/labels                [{id, idBoard, name, color}] (the six default coloured, unnamed labels
                                          of a new board included); POST /boards/{id}/labels and POST /labels
                                          {name, color[, idBoard]}
  GET  /boards/{id}/cards[/open|/closed|/all]   every such card at once (no paging), ?fields=a,b|all,
                                          ?customFieldItems=true (always []: no Custom Fields Power-Up),
                                          ?checklists=all, ?members=true
  POST /cards {idList (required), name, desc (≤ 16384), pos top|bottom|n, start, due (ISO 8601), dueComplete,
              idMembers, idLabels (comma strings or lists), closed}
  GET|PUT|DELETE /cards/{id}              the same fields; idList moves the card, closed archives it
  POST /cards/{id}/idLabels {value}       add a label
  POST /cards/{id}/actions/comments {text}   → {id, type: "commentCard", data: {text, card, board, list}, ...}
  GET  /cards/{id}/actions?filter=commentCard
  POST /cards/{id}/checklists {name} and POST /checklists {idCard, name}; GET /cards/{id}/checklists
  POST /checklists/{id}/checkItems {name, checked, pos}
  PUT  /cards/{idCard}/checkItem/{idCheckItem} {state: complete|incomplete, name}
Cards carry {id, idShort, name, desc, idList, idBoard, idMembers, idLabels, labels, idChecklists, pos, start,
due, dueComplete, closed, dateLastActivity, shortLink, shortUrl, url, badges{checkItems, checkItemsChecked,
comments, description, due, dueComplete, start, ...}}.

Rate limit: more than --token-limit requests in any sliding 10 s window for the token → 429
{"error": "API_TOKEN_LIMIT_EXCEEDED", "message": "Rate limit exceeded"}, with no Retry-After or rate headers
(Trello sends none); counted in stats' throttled.

Control (fakekit): GET /__control/stats, POST /__control/faults, GET /__control/items →
{"lists": [...], "labels": [...], "cards": [every card with "comments" (texts) and "checklists"]}.
Prints "listening on PORT" when ready.
"""
import random
import re
import threading
import time
from collections import deque
from datetime import datetime, timezone

import fakekit

TEXT = "text/plain; charset=utf-8"
MAX_TEXT = 16384
COLORS = {"green", "yellow", "orange", "red", "purple", "blue", "sky", "lime", "pink", "black"}
COLORS |= {c + "_dark" for c in COLORS} | {c + "_light" for c in COLORS}
CARD_FIELDS = ["badges", "checkItemStates", "closed", "dueComplete", "dateLastActivity", "desc", "descData", "due",
               "dueReminder", "email", "idBoard", "idChecklists", "idList", "idMembers", "idMembersVoted", "idShort",
               "idAttachmentCover", "labels", "idLabels", "manualCoverAttachment", "name", "pos", "shortLink",
               "shortUrl", "start", "subscribed", "url", "isTemplate", "cardRole"]
NOT_FOUND = "The requested resource was not found."
SHORT_LINK_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
ID = re.compile(r"[0-9a-f]{24}")


class TrelloError(Exception):
    """A refusal, answered as Trello does: plain text."""

    def __init__(self, status, text):
        super().__init__(text)
        self.status, self.text = status, text


def trello_time(t):
    moment = datetime.fromtimestamp(t, timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (moment.microsecond // 1000)


def parse_when(value, name):
    """An ISO 8601 date or date-time (or epoch milliseconds) as Trello's UTC form; None/"" clears."""
    if value is None or value == "" or value == "null":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return trello_time(value / 1000)
    if isinstance(value, str):
        text = value.strip().replace("z", "Z")
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            text += "T00:00:00Z"
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?", text):
            try:
                moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
                if moment.tzinfo is None:
                    moment = moment.replace(tzinfo=timezone.utc)
                return trello_time(moment.timestamp())
            except ValueError:
                pass
    raise TrelloError(400, "invalid value for %s" % name)


def parse_bool(value, name):
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise TrelloError(400, "invalid value for %s" % name)


def parse_ids(value, name, known):
    """idMembers/idLabels: a comma string or a list of existing ids."""
    if value is None or value == "":
        return []
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list):
        raise TrelloError(400, "invalid value for %s" % name)
    ids = [str(i).strip() for i in items if str(i).strip()]
    if any(i not in known for i in ids):
        raise TrelloError(400, "invalid value for %s" % name)
    return list(dict.fromkeys(ids))


def parse_text(value, name, required=False):
    if value is None and not required:
        return None
    if not isinstance(value, str) or len(value) > MAX_TEXT or (required and not value):
        raise TrelloError(400, "invalid value for %s" % name)
    return value


class TrelloStore:
    def __init__(self, board_id, lists, members):
        self.lock = threading.RLock()
        self.counter = random.Random(board_id).randrange(1 << 40)
        self.board = {"id": board_id, "name": "Sextant plan", "desc": "", "closed": False, "idOrganization": None,
                      "shortLink": self.short_link()}
        self.board["shortUrl"] = "https://trello.com/b/%s" % self.board["shortLink"]
        self.board["url"] = "https://trello.com/b/%s/sextant-plan" % self.board["shortLink"]
        self.members = [{"id": self.new_id(), "username": name, "fullName": name.title(),
                         "initials": name[:1].upper()} for name in members]
        self.lists, self.labels, self.cards, self.checklists = {}, {}, {}, {}
        for name in lists:
            self.add_list(name, "bottom")
        for color in ("green", "yellow", "orange", "red", "purple", "blue"):
            self.add_label("", color)
        self.next_short = 1

    def new_id(self):
        self.counter += 1
        return "%08x%016x" % (int(time.time()), self.counter)

    def short_link(self):
        return "".join(random.choice(SHORT_LINK_CHARS) for _ in range(8))

    @staticmethod
    def position(pos, siblings, name="pos"):
        if pos is None or pos == "bottom":
            return max((s["pos"] for s in siblings), default=0) + 16384
        if pos == "top":
            half = min((s["pos"] for s in siblings), default=32768) / 2
            return int(half) if half.is_integer() else half
        try:
            number = float(pos)
        except (TypeError, ValueError):
            raise TrelloError(400, "invalid value for %s" % name)
        if number < 0 or isinstance(pos, bool):
            raise TrelloError(400, "invalid value for %s" % name)
        return int(number) if number.is_integer() else number

    def add_list(self, name, pos):
        lst = {"id": self.new_id(), "name": name, "closed": False, "idBoard": self.board["id"],
               "pos": self.position(pos, self.lists.values()), "subscribed": False}
        self.lists[lst["id"]] = lst
        return lst

    def add_label(self, name, color):
        label = {"id": self.new_id(), "idBoard": self.board["id"], "name": name, "color": color}
        self.labels[label["id"]] = label
        return label

    def find(self, table, ident):
        """An object by id (or a card's/board's shortLink); TrelloError 400 for a malformed id, 404 unknown."""
        if not ID.fullmatch(ident) and not re.fullmatch(r"[A-Za-z0-9]{8}", ident):
            raise TrelloError(400, "invalid id")
        found = table.get(ident) or next((o for o in table.values() if o.get("shortLink") == ident), None)
        if found is None:
            raise TrelloError(404, NOT_FOUND)
        return found

    def check_board(self, ident):
        self.find({self.board["id"]: self.board}, ident)

    def card_json(self, card, fields=None):
        checklists = [self.checklists[c] for c in card["idChecklists"]]
        items = [i for c in checklists for i in c["checkItems"]]
        shown = {k: v for k, v in card.items() if not k.startswith("_")}
        shown["labels"] = [self.labels[i] for i in card["idLabels"]]
        shown["badges"] = {"attachmentsByType": {"trello": {"board": 0, "card": 0}}, "location": False, "votes": 0,
                           "viewingMemberVoted": False, "subscribed": False, "fogbugz": "",
                           "checkItems": len(items), "checkItemsChecked": sum(i["state"] == "complete" for i in items),
                           "checkItemsEarliestDue": None, "comments": len(card["_comments"]), "attachments": 0,
                           "description": bool(card["desc"]), "due": card["due"], "dueComplete": card["dueComplete"],
                           "start": card["start"]}
        shown["checkItemStates"] = [{"idCheckItem": i["id"], "state": "complete"} for i in items
                                    if i["state"] == "complete"]
        if fields is not None:
            shown = {k: v for k, v in shown.items() if k == "id" or k in fields}
        return shown

    def to_json(self):
        cards = []
        for card in self.cards.values():
            shown = self.card_json(card)
            shown["comments"] = [a["data"]["text"] for a in card["_comments"]]
            shown["checklists"] = [self.checklists[c] for c in card["idChecklists"]]
            cards.append(shown)
        return {"lists": list(self.lists.values()), "labels": list(self.labels.values()), "cards": cards}


class TrelloHandler(fakekit.FakeHandler):
    store: TrelloStore = None
    key = token = None
    token_limit = 100
    window = deque()
    window_lock = threading.Lock()

    # -- auth, limits ----------------------------------------------------------------------------------------------
    def credentials(self):
        header = self.headers.get("Authorization", "")
        if header.startswith("OAuth "):
            pairs = dict(re.findall(r'(\w+)\s*=\s*"([^"]*)"', header))
            return pairs.get("oauth_consumer_key"), pairs.get("oauth_token")
        params = self.params()
        return params.get("key"), params.get("token")

    def authenticated(self):
        key, token = self.credentials()
        self.problem = ("invalid key" if key != self.key else "unauthorized permission requested" if not token
                        else "invalid token" if token != self.token else None)
        return self.problem is None

    def unauthorized(self):
        return 401, self.problem, (), TEXT

    def malformed_body(self):
        return 400, "Invalid JSON in request body", (), TEXT

    def rate_limited(self, method, path):
        now = time.time()
        with self.window_lock:
            while self.window and self.window[0] <= now - 10:
                self.window.popleft()
            if len(self.window) >= self.token_limit:
                return 429, {"error": "API_TOKEN_LIMIT_EXCEEDED", "message": "Rate limit exceeded"}
            self.window.append(now)
        return None

    def params(self):
        """The query string and the body (JSON or form) as one set of parameters; the body wins."""
        merged = dict(self.query)
        if isinstance(self.body, dict):
            merged.update(self.body)
        return merged

    # -- dispatch --------------------------------------------------------------------------------------------------
    ROUTES = [
        ("GET", r"/members/me", "me"),
        ("GET", r"/members/me/boards", "my_boards"),
        ("GET", r"/boards/(?P<board>[^/]+)", "get_board"),
        ("GET", r"/boards/(?P<board>[^/]+)/lists", "board_lists"),
        ("GET", r"/boards/(?P<board>[^/]+)/members", "board_members"),
        ("GET", r"/boards/(?P<board>[^/]+)/labels", "board_labels"),
        ("POST", r"/boards/(?P<board>[^/]+)/labels", "create_label"),
        ("GET", r"/boards/(?P<board>[^/]+)/cards(?:/(?P<filter>open|closed|all|visible))?", "board_cards"),
        ("POST", r"/labels", "create_label"),
        ("POST", r"/lists", "create_list"),
        ("GET", r"/lists/(?P<lst>[^/]+)/cards", "list_cards"),
        ("POST", r"/cards", "create_card"),
        ("GET", r"/cards/(?P<card>[^/]+)", "get_card"),
        ("PUT", r"/cards/(?P<card>[^/]+)", "update_card"),
        ("DELETE", r"/cards/(?P<card>[^/]+)", "delete_card"),
        ("POST", r"/cards/(?P<card>[^/]+)/idLabels", "add_card_label"),
        ("POST", r"/cards/(?P<card>[^/]+)/actions/comments", "comment"),
        ("GET", r"/cards/(?P<card>[^/]+)/actions", "card_actions"),
        ("GET", r"/cards/(?P<card>[^/]+)/checklists", "card_checklists"),
        ("POST", r"/cards/(?P<card>[^/]+)/checklists", "create_checklist"),
        ("POST", r"/checklists", "create_checklist"),
        ("POST", r"/checklists/(?P<checklist>[^/]+)/checkItems", "create_check_item"),
        ("PUT", r"/cards/(?P<card>[^/]+)/checkItem/(?P<item>[^/]+)", "update_check_item"),
    ]

    def route(self, method, path, query, body):
        if path.startswith("/1/"):
            rest = path[2:].rstrip("/")
            for verb, pattern, name in self.ROUTES:
                match = re.fullmatch(pattern, rest)
                if match and verb == method:
                    self.now = time.time()
                    try:
                        return getattr(self, name)(self.params(), **{k: v for k, v in match.groupdict().items()
                                                                     if v is not None})
                    except TrelloError as e:
                        return e.status, e.text, (), TEXT
        return 404, "Cannot %s %s" % (method, path), (), TEXT

    def fields_wanted(self, params):
        fields = params.get("fields", "all")
        if fields == "all":
            return None
        return {f.strip() for f in (fields.split(",") if isinstance(fields, str) else fields)}

    def shown_card(self, card, params):
        shown = self.store.card_json(card, self.fields_wanted(params))
        if params.get("checklists") == "all":
            shown["checklists"] = [self.store.checklists[c] for c in card["idChecklists"]]
        if str(params.get("members")).lower() == "true":
            shown["members"] = [m for m in self.store.members if m["id"] in card["idMembers"]]
        if str(params.get("customFieldItems")).lower() == "true":
            shown["customFieldItems"] = []
        return shown

    # -- members, boards, lists, labels ----------------------------------------------------------------------------
    def me(self, params):
        return 200, dict(self.store.members[0], idBoards=[self.store.board["id"]], url="https://trello.com/u/%s"
                         % self.store.members[0]["username"])

    def my_boards(self, params):
        return 200, [self.store.board]

    def get_board(self, params, board):
        self.store.check_board(board)
        return 200, self.store.board

    def board_lists(self, params, board):
        self.store.check_board(board)
        which = params.get("filter", "open")
        return 200, sorted([l for l in self.store.lists.values()
                            if which == "all" or l["closed"] == (which == "closed")], key=lambda l: l["pos"])

    def board_members(self, params, board):
        self.store.check_board(board)
        return 200, [{"id": m["id"], "username": m["username"], "fullName": m["fullName"]} for m in self.store.members]

    def board_labels(self, params, board):
        self.store.check_board(board)
        return 200, list(self.store.labels.values())

    def create_label(self, params, board=None):
        self.store.check_board(board or str(params.get("idBoard", "")))
        name = parse_text(params.get("name", ""), "name")
        color = params.get("color")
        color = None if color in (None, "", "null") else color
        if color is not None and color not in COLORS:
            raise TrelloError(400, "invalid value for color")
        return 200, self.store.add_label(name, color)

    def create_list(self, params):
        name = parse_text(params.get("name"), "name", required=True)
        if str(params.get("idBoard")) != self.store.board["id"]:
            raise TrelloError(400, "invalid value for idBoard")
        return 200, self.store.add_list(name, params.get("pos", "bottom"))

    def list_cards(self, params, lst):
        target = self.store.find(self.store.lists, lst)
        cards = [c for c in self.store.cards.values() if c["idList"] == target["id"] and not c["closed"]]
        return 200, [self.shown_card(c, params) for c in sorted(cards, key=lambda c: c["pos"])]

    def board_cards(self, params, board, filter="open"):
        self.store.check_board(board)
        lists = self.store.lists
        cards = [c for c in self.store.cards.values()
                 if filter == "all" or c["closed"] == (filter == "closed")]
        cards.sort(key=lambda c: (lists[c["idList"]]["pos"], c["pos"]))
        return 200, [self.shown_card(c, params) for c in cards]

    # -- cards -----------------------------------------------------------------------------------------------------
    def card_changes(self, params, card):
        """Validate every card parameter present; returns the changes (nothing is applied on a refusal)."""
        store, changes = self.store, {}
        if "idList" in params or card is None:
            ident = params.get("idList")
            if not isinstance(ident, str) or not ID.fullmatch(ident):
                raise TrelloError(400, "invalid value for idList")
            if ident not in store.lists:
                raise TrelloError(404 if card is None else 400, "could not find the board that the card belongs to"
                                  if card is None else "invalid value for idList")
            changes["idList"] = ident
        for name in ("name", "desc"):
            if name in params:
                changes[name] = parse_text(params[name], name) or ""
        for name in ("start", "due"):
            if name in params:
                changes[name] = parse_when(params[name], name)
        for name in ("dueComplete", "closed"):
            if name in params:
                changes[name] = parse_bool(params[name], name)
        if "idMembers" in params:
            changes["idMembers"] = parse_ids(params["idMembers"], "idMembers", {m["id"] for m in store.members})
        if "idLabels" in params:
            changes["idLabels"] = parse_ids(params["idLabels"], "idLabels", store.labels)
        if "pos" in params or card is None:
            target = changes.get("idList", card["idList"] if card else None)
            siblings = [c for c in store.cards.values() if c["idList"] == target and c is not card]
            changes["pos"] = store.position(params.get("pos", "bottom"), siblings)
        return changes

    def create_card(self, params):
        changes = self.card_changes(params, None)
        store = self.store
        card = {"id": store.new_id(), "idShort": store.next_short, "name": "", "desc": "", "descData": {"emoji": {}},
                "idBoard": store.board["id"], "idList": None, "idMembers": [], "idMembersVoted": [], "idLabels": [],
                "idChecklists": [], "pos": 0, "start": None, "due": None, "dueReminder": None, "dueComplete": False,
                "closed": False, "dateLastActivity": trello_time(self.now), "email": None, "idAttachmentCover": None,
                "manualCoverAttachment": False, "shortLink": store.short_link(), "subscribed": False,
                "isTemplate": False, "cardRole": None, "_comments": []}
        card.update(changes)
        slug = re.sub(r"[^a-z0-9]+", "-", card["name"].lower()).strip("-")
        card["shortUrl"] = "https://trello.com/c/%s" % card["shortLink"]
        card["url"] = "https://trello.com/c/%s/%d-%s" % (card["shortLink"], card["idShort"], slug)
        store.next_short += 1
        store.cards[card["id"]] = card
        return 200, self.store.card_json(card)

    def get_card(self, params, card):
        return 200, self.shown_card(self.store.find(self.store.cards, card), params)

    def update_card(self, params, card):
        found = self.store.find(self.store.cards, card)
        found.update(self.card_changes(params, found))
        found["dateLastActivity"] = trello_time(self.now)
        return 200, self.store.card_json(found)

    def delete_card(self, params, card):
        found = self.store.find(self.store.cards, card)
        for checklist in found["idChecklists"]:
            del self.store.checklists[checklist]
        del self.store.cards[found["id"]]
        return 200, {"limits": {}}

    def add_card_label(self, params, card):
        found = self.store.find(self.store.cards, card)
        label = params.get("value")
        if not isinstance(label, str) or label not in self.store.labels:
            raise TrelloError(400, "invalid value for value")
        if label in found["idLabels"]:
            raise TrelloError(400, "that label is already on the card")
        found["idLabels"].append(label)
        found["dateLastActivity"] = trello_time(self.now)
        return 200, found["idLabels"]

    def comment(self, params, card):
        found = self.store.find(self.store.cards, card)
        text = parse_text(params.get("text"), "text", required=True)
        board, lst, me = self.store.board, self.store.lists[found["idList"]], self.store.members[0]
        action = {"id": self.store.new_id(), "idMemberCreator": me["id"], "type": "commentCard",
                  "date": trello_time(self.now), "limits": {},
                  "data": {"text": text, "textData": {"emoji": {}},
                           "card": {"id": found["id"], "name": found["name"], "idShort": found["idShort"],
                                    "shortLink": found["shortLink"]},
                           "board": {"id": board["id"], "name": board["name"], "shortLink": board["shortLink"]},
                           "list": {"id": lst["id"], "name": lst["name"]}},
                  "memberCreator": {"id": me["id"], "username": me["username"], "fullName": me["fullName"]}}
        found["_comments"].append(action)
        found["dateLastActivity"] = trello_time(self.now)
        return 200, action

    def card_actions(self, params, card):
        found = self.store.find(self.store.cards, card)
        wanted = params.get("filter", "commentCard").split(",")
        return 200, [a for a in reversed(found["_comments"]) if a["type"] in wanted or "all" in wanted]

    # -- checklists ------------------------------------------------------------------------------------------------
    def card_checklists(self, params, card):
        found = self.store.find(self.store.cards, card)
        return 200, [self.store.checklists[c] for c in found["idChecklists"]]

    def create_checklist(self, params, card=None):
        found = self.store.find(self.store.cards, card or str(params.get("idCard", "")))
        name = parse_text(params.get("name", "Checklist"), "name") or "Checklist"
        siblings = [self.store.checklists[c] for c in found["idChecklists"]]
        checklist = {"id": self.store.new_id(), "name": name, "idBoard": found["idBoard"], "idCard": found["id"],
                     "pos": self.store.position(params.get("pos", "bottom"), siblings), "checkItems": []}
        self.store.checklists[checklist["id"]] = checklist
        found["idChecklists"].append(checklist["id"])
        found["dateLastActivity"] = trello_time(self.now)
        return 200, checklist

    def create_check_item(self, params, checklist):
        found = self.store.find(self.store.checklists, checklist)
        name = parse_text(params.get("name"), "name", required=True)
        checked = parse_bool(params.get("checked", False), "checked")
        item = {"id": self.store.new_id(), "name": name, "nameData": None, "idChecklist": found["id"],
                "state": "complete" if checked else "incomplete", "due": None, "idMember": None,
                "pos": self.store.position(params.get("pos", "bottom"), found["checkItems"])}
        found["checkItems"].append(item)
        return 200, item

    def update_check_item(self, params, card, item):
        found = self.store.find(self.store.cards, card)
        if not ID.fullmatch(item):
            raise TrelloError(400, "invalid id")
        target = next((i for c in found["idChecklists"] for i in self.store.checklists[c]["checkItems"]
                       if i["id"] == item), None)
        if target is None:
            raise TrelloError(404, NOT_FOUND)
        state = params.get("state", target["state"])
        if isinstance(state, bool) or state in ("true", "false"):
            state = "complete" if parse_bool(state, "state") else "incomplete"
        if state not in ("complete", "incomplete"):
            raise TrelloError(400, "invalid value for state")
        name = parse_text(params.get("name", target["name"]), "name", required=True)
        target.update(state=state, name=name)
        found["dateLastActivity"] = trello_time(self.now)
        return 200, dict(target, idCard=found["id"])


def main():
    p = fakekit.arguments(__doc__.split("\n")[0])
    p.add_argument("--key", default="trello-key")
    p.add_argument("--token", default="trello-token")
    p.add_argument("--board", default="5f0b0a0a0a0a0a0a0a0a0a0a", help="the board's 24-hex id")
    p.add_argument("--lists", default="To Do,Doing,Done")
    p.add_argument("--members", default="alice,bob", help="usernames; the first one is the token's member")
    p.add_argument("--token-limit", type=int, default=100, help="requests per token in any 10 s")
    a = p.parse_args()
    if not ID.fullmatch(a.board):
        p.error("--board must be 24 hex digits")
    TrelloHandler.key, TrelloHandler.token, TrelloHandler.token_limit = a.key, a.token, a.token_limit
    store = TrelloStore(a.board, [n.strip() for n in a.lists.split(",") if n.strip()],
                        [m.strip() for m in a.members.split(",") if m.strip()])
    fakekit.serve(TrelloHandler, store, a)


if __name__ == "__main__":
    main()
