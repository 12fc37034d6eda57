#!/usr/bin/env python3
"""psa_server.py - a test PSA on loopback for termpsa's sync tests.

Standard library only.  Speaks both profiles at once:
  termpsa  (Bearer token; /clients, /tickets, ...; termpsa-psa(7)) and
  itflow   (api_key in the JSON body or query; /api/v1/...; sync.md facts).
It stores what it receives, replays the first answer to an Idempotency-Key
(termpsa side only: ITFlow has none), and injects faults on request.

  psa_server.py --port-file F [--port N] [--state FILE] [--token T]
                [--api-key K] [--oauth-secret S] [--itflow-strict]
                [--late SECONDS]

Binds 127.0.0.1 (a free port unless --port) and writes the port to F.
With --state, every change is saved to FILE and loaded at start, so a
crashed server comes back with what it had.

--itflow-strict makes the ITFlow side behave as a real ITFlow does beyond
the basics: names, notes, subjects and replies pass through PHP's
strip_tags() and trim() (an unclosed '<' eats the rest of the text), a
subject is cut to 200 characters (empty after stripping: the create
fails), and a text column the create did not set reads back as '' (a
ticket's assignee as "0").  --late makes every ITFlow POST wait that many
seconds before it is handled, and handled even when the client has gone
(PHP keeps running a request after the client's timeout).

Control (no auth):
  GET  /_control/state            everything stored, the request log
       (each request with "conn", the number of its connection)
  POST /_control/eval  (text)     a Python expression over S (state) and
       R (requests), statements on the lines before it; answers it as
       print() shows it (lists and objects as compact JSON)
  POST /_control/fault {...}      queue a fault: method, path (prefix),
       status, retry_after, delay, drop, crash, process (handle the
       request before failing: an unknown outcome), prefix (text before
       the JSON body), match (a substring of the request body),
       raw_id (handle the request, then answer {"id": RAW_ID} with
       RAW_ID as written: 1e999, true, {"a":1}, "" ...; JSON that
       Python would not write), times (default 1)
  POST /_control/mode {"cursor": M, "kind": K}   how lists of kind K
       page: "stuck" (next_cursor never changes), "same_page" (a new
       next_cursor, the same records), "endless" (new records and a new
       next_cursor on every page); null for normal paging
  POST /_control/clear            drop queued faults and the request log
  POST /_control/rotate           expire every oauth2 token handed out
  POST /_control/seed {"kind": K, "record": {...}}   a remote record
       (or "records": [...], termpsa kinds, many at once)
       (termpsa kinds: clients contacts locations assets tickets invoices;
        itflow kinds: itflow_clients itflow_tickets itflow_assets)
  POST /_control/update {"kind": K, "id": ID, "fields": {...}}
"""
import argparse
import base64
import json
import os
import re
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

LOCK = threading.RLock()
STATE = None
FAULTS = []
CONNS = [0]    # connections accepted so far
ARGS = None
BASE_TS = 1768471200  # 2026-01-15T10:00:00Z

TERMPSA_KINDS = ["clients", "contacts", "locations", "assets", "tickets",
                 "notes", "time_entries", "invoices", "payments"]
ITFLOW_KINDS = ["itflow_clients", "itflow_tickets", "itflow_ticket_replies",
                "itflow_assets"]


def fresh_state():
    s = {k: [] for k in TERMPSA_KINDS + ITFLOW_KINDS}
    s.update({"next_id": 100, "clock": 0, "idem": {}, "requests": [],
              "tokens": 0})
    return s


def save():
    if ARGS.state:
        tmp = ARGS.state + ".tmp"
        with open(tmp, "w") as f:
            json.dump(STATE, f)
        os.replace(tmp, ARGS.state)


def tick():
    STATE["clock"] += 1
    t = BASE_TS + STATE["clock"]
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def new_id():
    STATE["next_id"] += 1
    return STATE["next_id"]


# Where each id was last seen in its list: a lookup per request must not
# scan every record (a ticket create looks up its client), or the server
# slows down as it fills and the sync figure measures the server.  Tests
# may change the lists through /_control/eval, so a hit is checked and a
# miss falls back to a scan.
WHERE = {}


def find(kind, rid):
    rows, rid = STATE[kind], str(rid)
    i = WHERE.get((kind, rid))
    if i is not None and i < len(rows) and str(rows[i]["id"]) == rid:
        return rows[i]
    for i, r in enumerate(rows):
        WHERE[(kind, str(r["id"]))] = i
    i = WHERE.get((kind, rid))
    if i is not None and str(rows[i]["id"]) == rid:
        return rows[i]
    return None


def add(kind, rec):
    WHERE[(kind, str(rec["id"]))] = len(STATE[kind])
    STATE[kind].append(rec)


def strip_tags(text):
    """PHP's strip_tags() as far as ITFlow's data meets it: a '<' not
    followed by white space opens a tag that runs to its '>' (nested
    '<' counted) or to the end of the text."""
    out, depth, i, n = [], 0, 0, len(text)
    while i < n:
        c = text[i]
        if depth == 0 and c == "<":
            if i + 1 < n and not text[i + 1].isspace():
                depth = 1
            else:
                out.append(c)
        elif depth:
            if c == "<":
                depth += 1
            elif c == ">":
                depth -= 1
        else:
            out.append(c)
        i += 1
    return "".join(out)


STRIPPED = ("client_name", "client_notes", "asset_name", "asset_notes",
            "ticket_subject", "ticket_reply")
BLANK = {"client": ["client_type", "client_website", "client_notes"],
         "asset": ["asset_type", "asset_make", "asset_model", "asset_serial",
                   "asset_ip", "asset_mac", "asset_notes"],
         "ticket": ["ticket_details", "ticket_vendor_ticket_id"],
         "ticket_reply": []}


def itflow_real(prefix, rec):
    """What a real ITFlow stores of a create (--itflow-strict)."""
    for k in STRIPPED:
        if isinstance(rec.get(k), str):
            rec[k] = strip_tags(rec[k]).strip()
    if isinstance(rec.get("ticket_subject"), str):
        rec["ticket_subject"] = rec["ticket_subject"][:200]
    for k in BLANK[prefix]:
        if rec.get(k) is None:
            rec[k] = ""
    if prefix == "ticket":
        rec.setdefault("ticket_assigned_to", 0)
    return rec


def stringify(rec):
    return {k: (None if v is None else str(v)) for k, v in rec.items()}


class Reply(Exception):
    def __init__(self, status, body=None, headers=None):
        self.status, self.body, self.headers = status, body, headers or {}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True   # one answer, not two delayed packets
    server_version = "psa-test/1"

    def log_message(self, fmt, *args):
        pass

    def setup(self):
        # Number the connections: the request log says which one each
        # request came on (a worker should keep one alive for a run).
        BaseHTTPRequestHandler.setup(self)
        with LOCK:
            CONNS[0] += 1
            self.conn = CONNS[0]

    # --- plumbing -------------------------------------------------------
    def send(self, status, body=None, headers=None, prefix=""):
        if body is None:
            data = b""
        elif isinstance(body, (bytes, str)):
            data = body.encode() if isinstance(body, str) else body
        else:
            data = json.dumps(body).encode()
        data = prefix.encode() + data
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, str(v))
        # end_headers() with the body in the same write: one segment for
        # the whole answer, so a client wakes once per answer, not twice.
        self._headers_buffer.append(b"\r\n" + data)
        self.flush_headers()

    def read_body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")

    def do_PATCH(self):
        self.handle_any("PATCH")

    def take_fault(self, method, path, raw):
        with LOCK:
            for f in FAULTS:
                if f.get("method") and f["method"] != method:
                    continue
                if f.get("path") and not path.startswith(f["path"]):
                    continue
                if f.get("match") and f["match"].encode() not in raw:
                    continue
                f["times"] -= 1
                if f["times"] <= 0:
                    FAULTS.remove(f)
                return dict(f)
        return None

    def handle_any(self, method):
        raw = self.read_body()
        url = urlsplit(self.path)
        path, query = url.path, parse_qs(url.query)
        if path.startswith("/_control/"):
            return self.control(method, path, raw)
        fault = self.take_fault(method, path, raw)
        if ARGS.late and method == "POST" and path.startswith("/api/v1/"):
            time.sleep(ARGS.late)
        if fault and fault.get("delay"):
            time.sleep(float(fault["delay"]))
        if fault and fault.get("crash") and not fault.get("process"):
            os._exit(3)
        if fault and fault.get("drop") and not fault.get("process"):
            self.drop()
            return
        if fault and fault.get("status") and not fault.get("process"):
            self.log(method, path, raw, fault["status"])
            hdr = {}
            if fault.get("retry_after") is not None:
                hdr["Retry-After"] = fault["retry_after"]
            body = fault.get("body", {"error": "injected fault %d" % fault["status"]})
            self.send(fault["status"], body, hdr)
            return
        try:
            with LOCK:
                status, body, hdr = self.route(method, path, query, raw)
                self.log(method, path, raw, status)
                save()
        except Reply as r:
            status, body, hdr = r.status, r.body, r.headers
            with LOCK:
                self.log(method, path, raw, status)
                save()
        if fault and fault.get("crash"):
            os._exit(3)
        if fault and fault.get("drop"):
            self.drop()
            return
        if fault and fault.get("status"):
            status, body = fault["status"], {"error": "injected after processing"}
        if fault and fault.get("raw_id") is not None:
            body = '{"id": %s}' % fault["raw_id"]
        self.send(status, body, hdr, (fault or {}).get("prefix", ""))

    def drop(self):
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.close_connection = True

    def log(self, method, path, raw, status):
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        if isinstance(body, dict) and "api_key" in body:
            body = dict(body, api_key="(redacted)")
        STATE["requests"].append({
            "method": method, "path": path, "status": status, "body": body,
            "query": urlsplit(self.path).query.replace(ARGS.api_key, "(redacted)"),
            "key": self.headers.get("Idempotency-Key"), "conn": self.conn,
            "auth": "Authorization" in self.headers})

    # --- control ----------------------------------------------------------
    def control(self, method, path, raw):
        data = json.loads(raw) if raw and path != "/_control/eval" else {}
        with LOCK:
            if path == "/_control/state":
                self.send(200, STATE)
                return
            if path == "/_control/eval":
                # Test queries without a Python start per query: the last
                # line is an expression over S (state) and R (requests).
                lines = raw.decode().strip().split("\n")
                env = {"S": STATE, "R": STATE["requests"]}
                exec("\n".join(lines[:-1]), env)
                v = eval(lines[-1], env)
                if isinstance(v, (dict, list)):
                    v = json.dumps(v, separators=(",", ":"))
                self.send(200, str(v))   # as print() would show it
                return
            if path == "/_control/fault":
                data.setdefault("times", 1)
                FAULTS.append(data)
                self.send(200, {"queued": len(FAULTS)})
                return
            if path == "/_control/mode":
                STATE["cursor_mode"] = data
                self.send(200, {"ok": True})
                return
            if path == "/_control/rotate":
                STATE["tokens"] += 1   # every oauth2 token so far expires
                self.send(200, {"tokens": STATE["tokens"]})
                return
            if path == "/_control/clear":
                FAULTS.clear()
                STATE["requests"] = []
                save()
                self.send(200, {"ok": True})
                return
            if path == "/_control/seed" and "records" in data:
                for one in data["records"]:
                    rec = dict(one, id=str(new_id()), updated_at=tick())
                    add(data["kind"], rec)
                save()
                self.send(200, {"seeded": len(data["records"])})
                return
            if path == "/_control/seed":
                rec = dict(data["record"])
                rec.setdefault("id", new_id() if data["kind"].startswith("itflow")
                               else str(new_id()))
                if not data["kind"].startswith("itflow"):
                    rec["updated_at"] = tick()
                else:
                    one = {"itflow_clients": "client", "itflow_tickets": "ticket",
                           "itflow_assets": "asset",
                           "itflow_ticket_replies": "ticket_reply"}[data["kind"]]
                    rec.setdefault(one + "_id", rec["id"])
                add(data["kind"], rec)
                save()
                self.send(200, rec)
                return
            if path == "/_control/update":
                rec = find(data["kind"], data["id"])
                if rec is None:
                    self.send(404, {"error": "no such record"})
                    return
                rec.update(data["fields"])
                if not data["kind"].startswith("itflow"):
                    rec["updated_at"] = tick()
                save()
                self.send(200, rec)
                return
        self.send(404, {"error": "unknown control path"})

    # --- routing --------------------------------------------------------
    def route(self, method, path, query, raw):
        if path == "/oauth/token":
            return self.oauth(raw)
        if path.startswith("/api/v1/"):
            return self.itflow(method, path, query, raw)
        return self.termpsa(method, path, query, raw)

    def oauth(self, raw):
        form = parse_qs(raw.decode())
        if form.get("client_secret", [""])[0] != (ARGS.oauth_secret or ""):
            raise Reply(401, {"error": "invalid_client"})
        STATE["tokens"] += 1
        return 200, {"access_token": "oauth-%d-%s" % (STATE["tokens"], ARGS.token),
                     "expires_in": 3600}, {}

    # --- termpsa ------------------------------------------------------------
    def termpsa_auth(self):
        auth = self.headers.get("Authorization", "")
        basic = base64.b64encode(("tech:" + ARGS.token).encode()).decode()
        ok = auth == "Bearer " + ARGS.token or auth == "Basic " + basic or \
            self.headers.get("X-Api-Key") == ARGS.token
        if ARGS.oauth_secret:
            ok = ok or re.match(r"^Bearer oauth-%d-" % STATE["tokens"], auth)
        if not ok:
            raise Reply(401, {"error": "bad or missing token"})

    def termpsa(self, method, path, query, raw):
        self.termpsa_auth()
        key = self.headers.get("Idempotency-Key")
        if method != "GET" and key and key in STATE["idem"]:
            st, body = STATE["idem"][key]
            return st, body, {"Idempotent-Replayed": "true"}
        try:
            data = json.loads(raw) if raw else {}
        except ValueError:
            raise Reply(400, {"error": "malformed JSON"})
        status, body = self.termpsa_op(method, path, query, data)
        if method != "GET" and key:
            STATE["idem"][key] = [status, body]
        return status, body, {}

    def termpsa_op(self, method, path, query, data):
        parts = [p for p in path.split("/") if p]
        simple = {"clients": "clients", "contacts": "contacts",
                  "locations": "locations", "assets": "assets",
                  "tickets": "tickets", "invoices": "invoices",
                  "payments": "payments"}
        if method == "GET" and len(parts) == 1 and parts[0] in simple:
            return 200, self.listing(parts[0], query)
        if method == "POST" and len(parts) == 1 and parts[0] in simple:
            kind = parts[0]
            need = {"clients": ["name"], "tickets": ["subject", "client_id"],
                    "assets": ["name", "client_id"], "contacts": ["name", "client_id"],
                    "locations": ["name", "client_id"],
                    "invoices": ["client_id", "number"],
                    "payments": ["client_id", "amount_cents"]}[kind]
            for f in need:
                if data.get(f) in (None, ""):
                    raise Reply(422, {"error": "%s is required" % f})
            if "client_id" in data and find("clients", data["client_id"]) is None:
                raise Reply(422, {"error": "client %s does not exist" % data["client_id"]})
            return 201, self.store(kind, data)
        if method == "PATCH" and len(parts) == 2 and parts[0] in simple:
            rec = find(parts[0], parts[1])
            if rec is None:
                raise Reply(404, {"error": "%s %s not found" % (parts[0], parts[1])})
            rec.update(data)
            rec["updated_at"] = tick()
            return 200, rec
        if method == "POST" and len(parts) == 3 and parts[0] == "tickets" and \
                parts[2] in ("notes", "time_entries"):
            if find("tickets", parts[1]) is None:
                raise Reply(422, {"error": "ticket %s does not exist" % parts[1]})
            return 201, self.store(parts[2], dict(data, ticket_id=parts[1]))
        raise Reply(404, {"error": "no route %s %s" % (method, path)})

    def store(self, kind, data):
        rec = dict(data)
        rec["id"] = str(new_id())
        rec["updated_at"] = tick()
        add(kind, rec)
        return {"id": rec["id"]}

    def bad_paging(self, kind, q):
        """The lists a broken PSA gives (/_control/mode), or None."""
        mode = STATE.get("cursor_mode") or {}
        if mode.get("kind") != kind or not mode.get("cursor"):
            return None
        limit = int(q.get("limit") or 100)
        cur = q.get("cursor") or ""
        n = int(cur[1:]) if cur[1:].isdigit() else 0
        if mode["cursor"] == "stuck":
            return {"data": STATE[kind][:limit], "next_cursor": "s0"}
        if mode["cursor"] == "same_page":
            return {"data": STATE[kind][:limit], "next_cursor": "p%d" % (n + 1)}
        page = []
        for _ in range(limit):
            rec = {"id": str(new_id()), "name": "Endless %d" % STATE["next_id"],
                   "updated_at": tick()}
            add(kind, rec)
            page.append(rec)
        return {"data": page, "next_cursor": "e%d" % (n + 1)}

    def listing(self, kind, query):
        q = {k: v[0] for k, v in query.items()}
        bad = self.bad_paging(kind, q)
        if bad is not None:
            return bad
        rows = STATE[kind]
        if q.get("updated_since"):
            rows = [r for r in rows if r.get("updated_at", "") > q["updated_since"]]
        if kind == "tickets" and q.get("status") == "open":
            rows = [r for r in rows if r.get("status") not in ("resolved", "closed")]
        if kind == "tickets" and q.get("assignee"):
            who = q["assignee"].split(",")
            rows = [r for r in rows if (r.get("assigned_to") or "none") in who]
        rows = sorted(rows, key=lambda r: (r.get("updated_at", ""), int(r["id"])))
        start = int(q.get("cursor") or 0)
        limit = int(q.get("limit") or 100)
        page = rows[start:start + limit]
        nxt = str(start + limit) if start + limit < len(rows) else None
        return {"data": page, "next_cursor": nxt}

    # --- itflow -------------------------------------------------------------
    def itflow_key(self, method, query, data):
        key = data.get("api_key") if method == "POST" else None
        if key is None:
            key = query.get("api_key", [None])[0]
        if key is None:
            raise Reply(401, None)
        if key != ARGS.api_key:
            raise Reply(401, {"success": "False", "message": "Incorrect or expired API key"})

    def itflow(self, method, path, query, raw):
        try:
            data = json.loads(raw) if raw else {}
        except ValueError:
            data = None
        if data is None or not isinstance(data, dict):
            return 200, {"success": "False", "message": "Failed"}, {}
        self.itflow_key(method, query, data)
        m = re.match(r"^/api/v1/(\w+)/(\w+)\.php$", path)
        if not m:
            raise Reply(404, None)
        res, action = m.groups()
        if action == "read" and method == "GET":
            return 200, self.itflow_read(res, {k: v[0] for k, v in query.items()}), {}
        if method != "POST":
            raise Reply(405, None)
        fail = {"success": "False", "message": "Resource creation failed"}
        if res == "clients" and action == "create":
            if not data.get("client_name"):
                return 200, fail, {}
            rid = self.itflow_insert("itflow_clients", "client", data)
        elif res == "tickets" and action == "create":
            if not data.get("ticket_subject") or (ARGS.itflow_strict and
                    not strip_tags(str(data["ticket_subject"])).strip()):
                return 200, {"success": "False",
                             "message": "insert query failed"}, {}
            if len(data["ticket_subject"]) > 500:
                raise Reply(500, None)   # the SQL error ITFlow gives
            rec = dict(data, ticket_status=1, ticket_source="API")
            rec.setdefault("ticket_priority", "Low")
            rid = self.itflow_insert("itflow_tickets", "ticket", rec)
        elif res == "tickets" and action == "resolve":
            t = find("itflow_tickets", data.get("ticket_id"))
            if t is None or str(t.get("client_id")) != str(data.get("client_id")) \
                    or int(t["ticket_status"]) in (4, 5):
                return 200, {"success": "False", "message": "Failed"}, {}
            t["ticket_status"] = 4
            return 200, {"success": "True", "count": "1", "data": [{"ticket_id": t["id"]}]}, {}
        elif res == "tickets" and action == "close":
            # later ITFlow versions: closes and sets ticket_closed_at
            t = find("itflow_tickets", data.get("ticket_id"))
            if t is None:
                return 200, {"success": "False", "message": "Failed"}, {}
            t["ticket_status"] = 5
            t.setdefault("ticket_resolved_at", tick())
            t["ticket_closed_at"] = tick()
            return 200, {"success": "True", "count": "1", "data": [{"ticket_id": t["id"]}]}, {}
        elif res == "ticket_replies" and action == "create":
            t = find("itflow_tickets", data.get("ticket_id"))
            if t is None or not data.get("ticket_reply"):
                return 200, fail, {}
            tw = data.get("ticket_reply_time_worked") or "00:00:00"
            if not re.match(r"^\d+:[0-5]\d:[0-5]\d$", str(tw)):
                tw = "00:00:00"   # ITFlow stores an invalid value as 0
            rec = dict(data, ticket_reply_time_worked=tw)
            rec.setdefault("ticket_reply_type", "Internal")
            if data.get("ticket_status") is not None:
                t["ticket_status"] = int(data["ticket_status"])
            rid = self.itflow_insert("itflow_ticket_replies", "ticket_reply", rec)
        elif res == "assets" and action == "create":
            if not data.get("asset_name") or not int(data.get("client_id") or 0):
                return 200, fail, {}
            rid = self.itflow_insert("itflow_assets", "asset", data)
        else:
            raise Reply(404, None)
        return 200, {"success": "True", "count": "1", "data": [{"insert_id": rid}]}, {}

    def itflow_insert(self, kind, prefix, data):
        rec = {k: v for k, v in data.items() if k != "api_key"}
        if ARGS.itflow_strict:
            rec = itflow_real(prefix, rec)
        rec["id"] = new_id()
        rec[prefix + "_id"] = rec["id"]
        if prefix == "ticket":
            rec["ticket_client_id"] = data.get("client_id")
        if prefix == "asset":
            rec["asset_client_id"] = data.get("client_id")
        add(kind, rec)
        return rec["id"]

    def itflow_read(self, res, q):
        kind = "itflow_" + res
        if kind not in STATE:
            raise Reply(404, None)
        limit = int(q.get("limit", 50))
        offset = int(q.get("offset", 0))
        if limit < 0 or offset < 0:
            raise Reply(500, None)
        rows = sorted(STATE[kind], key=lambda r: int(r["id"]))
        if res == "tickets" and q.get("ticket_id"):
            rows = [r for r in rows if str(r["id"]) == q["ticket_id"]]
        if res == "ticket_replies" and q.get("ticket_id"):
            rows = [r for r in rows if str(r.get("ticket_id")) == q["ticket_id"]]
        if res == "clients" and q.get("client_name"):
            rows = [r for r in rows if r.get("client_name") == q["client_name"]]
        if res == "assets" and q.get("asset_name"):
            rows = [r for r in rows if r.get("asset_name") == q["asset_name"]]
        rows = rows[offset:offset + limit]
        if not rows:
            return {"success": "False",
                    "message": "No resource (for this client and company) found"}
        return {"success": "True", "count": str(len(rows)),
                "data": [stringify(r) for r in rows]}


def main():
    global STATE, ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--state")
    ap.add_argument("--token", default="test-token")
    ap.add_argument("--api-key", default="test-api-key")
    ap.add_argument("--oauth-secret")
    ap.add_argument("--itflow-strict", action="store_true")
    ap.add_argument("--late", type=float, default=0)
    ARGS = ap.parse_args()
    STATE = fresh_state()
    if ARGS.state and os.path.exists(ARGS.state):
        with open(ARGS.state) as f:
            STATE = json.load(f)
    ThreadingHTTPServer.allow_reuse_address = True
    ThreadingHTTPServer.daemon_threads = True
    srv = ThreadingHTTPServer(("127.0.0.1", ARGS.port), Handler)
    tmp = ARGS.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.replace(tmp, ARGS.port_file)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
