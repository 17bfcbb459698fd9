#!/usr/bin/env python3
"""lsp_protocol.py - a scripted JSON-RPC client for `dbl lsp`.

Covers the lifecycle, every malformed input the reader must survive, document
sync (incremental and full), UTF-16 and UTF-8 columns on non-ASCII lines,
stale-result dropping under rapid edits, the folder context, code actions,
hover and definition, and the tree-sitter requests.

Usage: lsp_protocol.py DBL TESTDATA_LSP [-k NAME] [--wrap CMD]
Prints one line per case and 'N passed, N failed' at the end.
"""
import json
import os
import queue
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse

TIMEOUT = float(os.environ.get("DBL_LSP_TIMEOUT", "20"))


def uri_of(path):
    return "file://" + urllib.parse.quote(os.path.abspath(path))


class Server:
    """One `dbl lsp` process with a reader thread splitting its stdout into messages."""

    def __init__(self, dbl, wrap=()):
        self.proc = subprocess.Popen(list(wrap) + [dbl, "lsp"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.msgs = queue.Queue()
        self.raw_ok = True
        self.next_id = 100
        self.stderr = b""
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_err, daemon=True).start()

    def _read_err(self):
        self.stderr = self.proc.stderr.read()

    def _read(self):
        out = self.proc.stdout
        while True:
            header = b""
            while not header.endswith(b"\r\n\r\n"):
                c = out.read(1)
                if not c:
                    self.msgs.put(None)
                    return
                header += c
            lines = header.decode("ascii").strip().split("\r\n")
            length = None
            for line in lines:
                name, _, value = line.partition(":")
                if name.lower() == "content-length":
                    length = int(value)
                else:
                    self.raw_ok = False  # only Content-Length is ever written
            body = out.read(length)
            try:
                self.msgs.put(json.loads(body))
            except ValueError:
                self.raw_ok = False
                self.msgs.put({"unparsable": body.decode("utf-8", "replace")})

    # -- sending
    def raw(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def frame(self, obj):
        body = json.dumps(obj).encode()
        return b"Content-Length: %d\r\n\r\n" % len(body) + body

    def send(self, obj):
        self.raw(self.frame(obj))

    def notify(self, method, params=None):
        m = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            m["params"] = params
        self.send(m)

    def request(self, method, params=None, send=True):
        self.next_id += 1
        m = {"jsonrpc": "2.0", "id": self.next_id, "method": method}
        if params is not None:
            m["params"] = params
        if send:
            self.send(m)
        return self.next_id if send else m

    # -- receiving
    def next(self, timeout=TIMEOUT):
        try:
            m = self.msgs.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError("no message from the server within %.0f s" % timeout)
        if m is None:
            raise AssertionError("the server closed its output")
        return m

    def wait(self, pred, what, timeout=TIMEOUT, keep=None):
        """Returns the first message for which pred holds; others go to keep (a list) or are dropped."""
        end = time.time() + timeout
        while True:
            left = end - time.time()
            if left <= 0:
                raise AssertionError("timed out waiting for " + what)
            m = self.next(left)
            if pred(m):
                return m
            if keep is not None:
                keep.append(m)

    def response(self, rid, keep=None):
        return self.wait(lambda m: m.get("id") == rid and "method" not in m, "response %r" % rid, keep=keep)

    def call(self, method, params=None):
        rid = self.request(method, params)
        return self.response(rid)

    def diagnostics(self, uri, version=None, keep=None):
        def ok(m):
            if m.get("method") != "textDocument/publishDiagnostics" or m["params"]["uri"] != uri:
                return False
            return version is None or m["params"].get("version") == version
        return self.wait(ok, "diagnostics for %s v%s" % (uri, version), keep=keep)["params"]

    def quiet(self, seconds):
        """Every message within the next seconds."""
        got = []
        end = time.time() + seconds
        while True:
            left = end - time.time()
            if left <= 0:
                return got
            try:
                m = self.msgs.get(timeout=left)
            except queue.Empty:
                return got
            if m is None:
                return got
            got.append(m)

    def init(self, encodings=None, options=None):
        caps = {"textDocument": {"publishDiagnostics": {"relatedInformation": True}}}
        if encodings is not None:
            caps["general"] = {"positionEncodings": encodings}
        params = {"processId": os.getpid(), "rootUri": None, "capabilities": caps,
                  "initializationOptions": options if options is not None else {"debounceMs": 0}}
        r = self.call("initialize", params)
        self.notify("initialized", {})
        return r["result"]

    def open(self, path, text=None, version=1, uri=None):
        uri = uri or uri_of(path)
        if text is None:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "sql",
                                                              "version": version, "text": text}})
        return uri

    def close(self):
        try:
            if self.proc.poll() is None:
                self.proc.stdin.close()
        except OSError:
            pass
        try:
            return self.proc.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError("the server did not exit")

    def shutdown_exit(self):
        r = self.call("shutdown")
        assert r.get("result", "missing") is None, r
        self.notify("exit")
        code = self.proc.wait(timeout=TIMEOUT)
        assert code == 0, "exit after shutdown must be 0, got %r (stderr: %s)" % (code, self.stderr[-2000:])
        assert self.raw_ok, "the server wrote something other than Content-Length framed JSON"
        assert not sanitizer_report(self.stderr), self.stderr.decode("utf-8", "replace")[-3000:]


def sanitizer_report(err):
    return b"ERROR: AddressSanitizer" in err or b"runtime error:" in err or b"ERROR: LeakSanitizer" in err


def error_code(m):
    return m.get("error", {}).get("code")


def codes(params):
    return sorted(d["code"] for d in params["diagnostics"])


def apply_edits(text, edits, utf16=True):
    """Applies LSP TextEdits (sorted from the end) to text."""
    lines = text.split("\n")

    def offset(pos):
        line = pos["line"]
        if line >= len(lines):
            return len(text)
        start = sum(len(l) + 1 for l in lines[:line])
        col = pos["character"]
        s = lines[line]
        if utf16:
            units = 0
            for i, ch in enumerate(s):
                if units >= col:
                    return start + i
                units += 2 if ord(ch) > 0xFFFF else 1
            return start + len(s)
        b = s.encode("utf-8")[:col].decode("utf-8", "ignore")
        return start + len(b)

    spans = sorted(((offset(e["range"]["start"]), offset(e["range"]["end"]), i, e["newText"])
                    for i, e in enumerate(edits)), reverse=True)
    for a, b, _, t in spans:
        text = text[:a] + t + text[b:]
    return text


# ---- cases ------------------------------------------------------------------------------

CASES = []


def case(fn):
    CASES.append(fn)
    return fn


@case
def lifecycle_before_initialize(t):
    s = t.server()
    m = s.call("textDocument/hover", {"textDocument": {"uri": "file:///x.sql"},
                                      "position": {"line": 0, "character": 0}})
    assert error_code(m) == -32002, m
    s.notify("textDocument/didOpen", {"textDocument": {"uri": "file:///x.sql", "languageId": "sql",
                                                       "version": 1, "text": "CREATE TABLE t (price real);"}})
    res = s.init()
    assert res["capabilities"]["positionEncoding"] == "utf-16", res
    assert res["serverInfo"]["name"] == "dbl"
    # the didOpen before initialize was dropped: the document is not open
    m = s.call("textDocument/hover", {"textDocument": {"uri": "file:///x.sql"},
                                      "position": {"line": 0, "character": 0}})
    assert error_code(m) == -32602, m
    m = s.call("initialize", {"capabilities": {}})
    assert error_code(m) == -32600, m
    s.shutdown_exit()


@case
def lifecycle_exit_codes(t):
    s = t.server()
    s.init()
    s.notify("exit")
    assert s.proc.wait(timeout=TIMEOUT) == 1, "exit without shutdown must be 1"
    s = t.server()
    s.init()
    assert s.call("shutdown")["result"] is None
    m = s.call("textDocument/hover", {"textDocument": {"uri": "file:///x.sql"},
                                      "position": {"line": 0, "character": 0}})
    assert error_code(m) == -32600, "requests after shutdown: InvalidRequest, got %r" % m
    s.notify("exit")
    assert s.proc.wait(timeout=TIMEOUT) == 0
    s = t.server()
    s.init()
    assert s.close() == 1, "end of input without exit must be 1"


@case
def encoding_negotiation(t):
    s = t.server()
    assert s.init(encodings=["utf-16", "utf-8"])["capabilities"]["positionEncoding"] == "utf-8"
    s.shutdown_exit()
    s = t.server()
    assert s.init(encodings=["utf-32", "utf-16"])["capabilities"]["positionEncoding"] == "utf-16"
    s.shutdown_exit()


@case
def malformed_framing(t):
    s = t.server()
    s.init()
    # a Content-Length that is not a number
    s.raw(b"Content-Length: abc\r\n\r\n{}")
    m = s.next()
    assert error_code(m) == -32700 and m["id"] is None, m
    assert s.call("shutdown-not-yet", {}).get("error", {}).get("code") == -32601
    # a header block without Content-Length, then its body
    s.raw(b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\"}")
    rid = s.request("unknown/method")
    got = []
    m = s.response(rid, keep=got)
    assert error_code(m) == -32601, m
    assert got and all(error_code(g) == -32700 and g["id"] is None for g in got), got
    # garbage before a valid message
    s.raw(b"hello there\r\n" + s.frame({"jsonrpc": "2.0", "id": 7, "method": "nope"}))
    got = []
    m = s.response(7, keep=got)
    assert error_code(m) == -32601, m
    assert len(got) == 1 and error_code(got[0]) == -32700, got
    # other headers before Content-Length are fine
    body = json.dumps({"jsonrpc": "2.0", "id": 8, "method": "nope"}).encode()
    s.raw(b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
    assert error_code(s.response(8)) == -32601
    # a negative and a huge length
    s.raw(b"Content-Length: -5\r\n\r\n")
    assert error_code(s.next()) == -32700
    s.shutdown_exit()


@case
def malformed_json_and_envelopes(t):
    s = t.server()
    s.init()
    for body, code in [(b"{not json", -32700), (b"", -32700), (b"\xff\xfe", -32700),
                       (b"[]", -32600), (b'[{"jsonrpc":"2.0","id":1,"method":"shutdown"}]', -32600),
                       (b"42", -32600), (b'"str"', -32600), (b"null", -32600)]:
        s.raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        m = s.next()
        assert error_code(m) == code and m["id"] is None, (body, m)
    # wrong jsonrpc version, a method that is not a string, an id that is an object
    s.send({"jsonrpc": "1.0", "id": 3, "method": "initialize"})
    m = s.next()
    assert error_code(m) == -32600 and m["id"] == 3, m
    s.send({"jsonrpc": "2.0", "id": 4, "method": 12})
    m = s.next()
    assert error_code(m) == -32600 and m["id"] == 4, m
    s.send({"jsonrpc": "2.0", "id": {"x": 1}, "method": "shutdown"})
    m = s.next()
    assert error_code(m) == -32600 and m["id"] is None, m
    # string ids are echoed
    s.send({"jsonrpc": "2.0", "id": "abc", "method": "nope/nope"})
    m = s.next()
    assert error_code(m) == -32601 and m["id"] == "abc", m
    # params of the wrong type
    s.send({"jsonrpc": "2.0", "id": 5, "method": "textDocument/hover", "params": 3})
    assert error_code(s.response(5)) == -32602
    m = s.call("textDocument/hover", {"textDocument": {}})
    assert error_code(m) == -32602, m
    uri = s.open(os.path.join(t.data, "orders.sql"))
    s.diagnostics(uri)
    for bad in [{"textDocument": {"uri": uri}}, {"textDocument": {"uri": uri}, "position": {"line": -1, "character": 0}},
                {"textDocument": {"uri": uri}, "position": {"line": "x", "character": 0}}]:
        m = s.call("textDocument/hover", bad)
        assert error_code(m) == -32602, (bad, m)
    m = s.call("textDocument/codeAction", {"textDocument": {"uri": uri}})
    assert error_code(m) == -32602, m
    # malformed notifications are ignored, and the server keeps serving
    s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": 5})
    s.notify("textDocument/didOpen", {"textDocument": {"uri": 5}})
    s.notify("$/setTrace", {"value": "verbose"})
    s.notify("$/setTrace", {"value": 12})
    s.notify("$/unknownNotification", {})
    s.notify("some/unknownNotification", {})
    m = s.call("$/unknownRequest", {})
    assert error_code(m) == -32601, m
    s.shutdown_exit()


@case
def split_reads_and_coalesced_messages(t):
    s = t.server()
    s.init()
    data = s.frame({"jsonrpc": "2.0", "id": 11, "method": "nope"}) + s.frame({"jsonrpc": "2.0", "id": 12, "method": "nope"})
    for i in range(len(data)):  # one byte per write
        s.raw(data[i:i + 1])
        if i % 7 == 0:
            time.sleep(0.002)
    assert s.next()["id"] == 11
    assert s.next()["id"] == 12
    # three messages in one write, one split in the middle of its header
    data = b"".join(s.frame({"jsonrpc": "2.0", "id": i, "method": "nope"}) for i in (13, 14, 15))
    s.raw(data + b"Content-Len")
    time.sleep(0.05)
    body = json.dumps({"jsonrpc": "2.0", "id": 16, "method": "nope"}).encode()
    s.raw(b"gth: %d\r\n\r\n" % len(body) + body[:5])
    time.sleep(0.05)
    s.raw(body[5:])
    assert [s.next()["id"] for _ in range(4)] == [13, 14, 15, 16]
    # a non-ASCII body: Content-Length counts bytes
    uri = s.open(os.path.join(t.data, "x.sql"), text="CREATE TABLE \"prix€\" (amount real); -- é😀\n",
                 uri="file:///tmp/dbl-lsp-test/x.sql")
    p = s.diagnostics(uri)
    assert codes(p) == ["float-money", "nullable-money"], p
    s.shutdown_exit()


@case
def cancel_request(t):
    s = t.server()
    s.init()
    uri = s.open(os.path.join(t.data, "orders.sql"))
    s.diagnostics(uri)
    req = s.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}},
                    send=False)
    s.raw(s.frame(req) + s.frame({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": req["id"]}}))
    m = s.response(req["id"])
    assert error_code(m) == -32800, m
    # cancelling a request already answered is ignored
    s.notify("$/cancelRequest", {"id": req["id"]})
    s.notify("$/cancelRequest", {"id": 99999})
    assert error_code(s.call("nope")) == -32601
    s.shutdown_exit()


@case
def related_information_only_when_the_client_takes_it(t):
    s = t.server()
    s.call("initialize", {"capabilities": {}, "initializationOptions": {"debounceMs": 0}})
    s.notify("initialized", {})
    uri = s.open(os.path.join(t.data, "orders.sql"))
    p = s.diagnostics(uri)
    assert codes(p) == ["fk-without-index"], p
    assert "relatedInformation" not in p["diagnostics"][0], p


@case
def diagnostics_content(t):
    s = t.server()
    s.init()
    path = os.path.join(t.data, "orders.sql")
    uri = s.open(path, version=3)
    p = s.diagnostics(uri)
    assert p["version"] == 3, p
    assert codes(p) == ["fk-without-index"], p
    d = p["diagnostics"][0]
    assert d["range"] == {"start": {"line": 4, "character": 19}, "end": {"line": 4, "character": 29}}, d
    assert d["severity"] == 2 and d["source"] == "dbl"
    assert d["codeDescription"]["href"].endswith("/docs/rules/fk-without-index.md"), d
    rel = d["relatedInformation"]
    assert rel[0]["location"]["uri"] == uri and rel[0]["location"]["range"]["start"]["line"] == 0, rel
    assert "users" in rel[0]["message"]
    assert len(rel) == 1, rel  # not orders itself: the finding is inside its CREATE TABLE
    assert "data" not in d, d
    # incremental edit: add the index on a new line at the end
    text = open(path, encoding="utf-8").read()
    n_lines = text.count("\n")
    s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 4}, "contentChanges": [
        {"range": {"start": {"line": n_lines, "character": 0}, "end": {"line": n_lines, "character": 0}},
         "text": "CREATE INDEX ON orders (user_id);\n"}]})
    p = s.diagnostics(uri, version=4)
    assert codes(p) == ["redundant-index"] or codes(p) == [], p
    # full replacement
    s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 5},
                                        "contentChanges": [{"text": "CREATE TABLE t (amount float8);\n"}]})
    p = s.diagnostics(uri, version=5)
    assert codes(p) == ["float-money", "nullable-money"], p
    # a broken statement is a syntax error, and the others are still linted
    s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 6}, "contentChanges": [
        {"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
         "text": "CREATE TABLE half id int;\n"}]})
    p = s.diagnostics(uri, version=6)
    assert codes(p) == ["float-money", "nullable-money", "syntax-error"], p
    # didClose clears the diagnostics
    s.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    p = s.diagnostics(uri)
    assert p["diagnostics"] == [] and "version" not in p, p
    s.shutdown_exit()


UNICODE_SQL = 'CREATE TABLE "ü😀x" (id int, "€😀" int, price numeric); -- 😀\n'


def unicode_columns(t, utf8):
    s = t.server()
    res = s.init(encodings=["utf-8"] if utf8 else None)
    assert res["capabilities"]["positionEncoding"] == ("utf-8" if utf8 else "utf-16")

    def width(txt):
        return len(txt.encode("utf-8")) if utf8 else len(txt.encode("utf-16-le")) // 2

    uri = s.open("/tmp/dbl-lsp-test/u.sql", text=UNICODE_SQL, uri="file:///tmp/dbl-lsp-test/u.sql")
    p = s.diagnostics(uri)
    d = [d for d in p["diagnostics"] if d["code"] == "nullable-money"][0]
    col = width(UNICODE_SQL[:UNICODE_SQL.index("price")])
    assert d["range"]["start"] == {"line": 0, "character": col}, (d, col)
    assert d["range"]["end"] == {"line": 0, "character": col + 5}, d
    # an edit addressed in the same unit: make price NOT NULL (after the astral characters)
    at = width(UNICODE_SQL[:UNICODE_SQL.index(" numeric") + 8])
    s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
        {"range": {"start": {"line": 0, "character": at}, "end": {"line": 0, "character": at}},
         "text": " NOT NULL"}]})
    p = s.diagnostics(uri, version=2)
    assert codes(p) == [], p
    # replace the 😀 in the table name (two UTF-16 units, four bytes) by "y"
    a = width(UNICODE_SQL[:UNICODE_SQL.index("😀")])
    s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 3}, "contentChanges": [
        {"range": {"start": {"line": 0, "character": a}, "end": {"line": 0, "character": a + width("😀")}},
         "text": "y"},
        {"range": {"start": {"line": 0, "character": width('CREATE TABLE "üyx" (id int, "€😀" int, price numeric')},
                   "end": {"line": 0, "character": width('CREATE TABLE "üyx" (id int, "€😀" int, price numeric NOT NULL')}},
         "text": ""}]})
    p = s.diagnostics(uri, version=3)
    d = [d for d in p["diagnostics"] if d["code"] == "nullable-money"][0]
    assert "üyx" in d["message"], d
    col = width('CREATE TABLE "üyx" (id int, "€😀" int, ')
    assert d["range"]["start"] == {"line": 0, "character": col}, (d, col)
    # hover on the quoted name with astral characters in the line
    h = s.call("textDocument/hover", {"textDocument": {"uri": uri},
                                      "position": {"line": 0, "character": width('CREATE TABLE "ü')}})["result"]
    assert h and "üyx" in h["contents"]["value"], h
    s.shutdown_exit()


@case
def utf16_columns(t):
    unicode_columns(t, False)


@case
def utf8_columns(t):
    unicode_columns(t, True)


@case
def stale_results_dropped(t):
    s = t.server()
    s.init(options={"debounceMs": 0, "lintDelayMs": 300})
    uri = "file:///tmp/dbl-lsp-test/stale.sql"
    s.open("/tmp/dbl-lsp-test/stale.sql", text="CREATE TABLE t0 (price real);\n", uri=uri)
    for v in range(2, 10):  # faster than one lint
        s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": v},
                                            "contentChanges": [{"text": "CREATE TABLE t%d (price real);\n" % v}]})
        time.sleep(0.03)
    got = s.quiet(2.5)
    pubs = [m["params"] for m in got if m.get("method") == "textDocument/publishDiagnostics"]
    assert pubs, "no diagnostics at all"
    versions = [p["version"] for p in pubs]
    assert versions == [9], "only the latest version may be published, got %r" % versions
    assert all("public.t9" in d["message"] for d in pubs[-1]["diagnostics"]), pubs[-1]
    # debounce: with a delay, rapid edits give one lint
    s.notify("workspace/didChangeConfiguration", {"settings": {"dbl": {"debounceMs": 200, "lintDelayMs": 0}}})
    s.quiet(0.5)
    for v in range(10, 16):
        s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": v},
                                            "contentChanges": [{"text": "CREATE TABLE u%d (price real);\n" % v}]})
        time.sleep(0.02)
    got = s.quiet(1.5)
    versions = [m["params"]["version"] for m in got if m.get("method") == "textDocument/publishDiagnostics"]
    assert versions == [15], versions
    # requests are answered while a slow lint runs
    s.notify("workspace/didChangeConfiguration", {"settings": {"dbl": {"debounceMs": 0, "lintDelayMs": 1500}}})
    s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 16},
                                        "contentChanges": [{"text": "CREATE TABLE w (price real);\n"}]})
    time.sleep(0.2)
    t0 = time.time()
    assert error_code(s.call("nope")) == -32601
    assert time.time() - t0 < 0.5, "the reader waited for the lint"
    s.diagnostics(uri, version=16)
    s.shutdown_exit()


@case
def folder_context(t):
    tmp = tempfile.mkdtemp(prefix="dbl-lsp-")
    try:
        folder = os.path.join(tmp, "migrations")
        shutil.copytree(os.path.join(t.data, "folder"), folder)
        base, price = os.path.join(folder, "001_base.sql"), os.path.join(folder, "002_price.sql")
        s = t.server()
        s.init()
        uri = s.open(price)
        keep = []
        p = s.diagnostics(uri, keep=keep)
        assert codes(p) == ["nullable-money"], p  # orders comes from 001_base.sql
        rel = p["diagnostics"][0]["relatedInformation"][0]["location"]
        assert rel["uri"] == uri_of(base), rel
        assert rel["range"]["start"]["line"] == 5, rel
        assert not [m for m in keep if m.get("params", {}).get("uri") == uri_of(base)], \
            "findings of context files are not published"
        # go to definition of orders: into 001_base.sql
        line = open(price, encoding="utf-8").read().split("\n")[1]
        dfn = s.call("textDocument/definition", {"textDocument": {"uri": uri},
                                                 "position": {"line": 1, "character": line.index("orders") + 2}})
        assert dfn["result"]["uri"] == uri_of(base) and dfn["result"]["range"]["start"]["line"] == 5, dfn
        # hover on the table: its definition from the catalog
        h = s.call("textDocument/hover", {"textDocument": {"uri": uri},
                                          "position": {"line": 1, "character": line.index("orders")}})["result"]
        assert "table public.orders" in h["contents"]["value"] and "001_base.sql:6" in h["contents"]["value"], h
        # an open buffer wins over the file on disk
        base_uri = s.open(base, text="CREATE TABLE users (id bigint PRIMARY KEY);\n")
        got = []
        p = s.diagnostics(uri, keep=got)
        assert codes(p) == [], p
        # closing it puts the disk file back
        s.notify("textDocument/didClose", {"textDocument": {"uri": base_uri}})
        p = s.diagnostics(uri)
        assert codes(p) == ["nullable-money"], p
        # a change on disk, announced by the client
        with open(base, "w", encoding="utf-8") as f:
            f.write("CREATE TABLE orders (id bigint PRIMARY KEY, price numeric NOT NULL);\n")
        s.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": uri_of(base), "type": 2}]})
        p = s.diagnostics(uri)
        assert codes(p) == [], p  # price already exists: the ALTER fails, nothing to report
        with open(base, "w", encoding="utf-8") as f:
            f.write("CREATE TABLE orders (id bigint PRIMARY KEY);\n")
        s.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": uri_of(base), "type": 2}]})
        p = s.diagnostics(uri)
        assert codes(p) == ["nullable-money"], p
        # didSave of an open earlier file re-publishes its dependents
        s.open(base, text="CREATE TABLE users (id bigint);\n", version=1)
        p = s.diagnostics(uri)
        assert codes(p) == [], p
        s.notify("textDocument/didSave", {"textDocument": {"uri": base_uri}})
        p = s.diagnostics(uri)
        assert codes(p) == [], p
        s.shutdown_exit()
    finally:
        shutil.rmtree(tmp)


@case
def watcher_registration(t):
    s = t.server()
    r = s.call("initialize", {"capabilities": {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": True}}},
                              "initializationOptions": {"debounceMs": 0}})
    assert "result" in r, r
    s.notify("initialized", {})
    m = s.wait(lambda m: m.get("method") == "client/registerCapability", "client/registerCapability")
    reg = m["params"]["registrations"][0]
    assert reg["method"] == "workspace/didChangeWatchedFiles", reg
    assert [w["globPattern"] for w in reg["registerOptions"]["watchers"]] == ["**/*.sql", "**/.dbl.json"], reg
    s.send({"jsonrpc": "2.0", "id": m["id"], "result": None})  # the client's answer is accepted silently
    # a new .dbl.json re-lints the documents below it with its rules
    tmp = tempfile.mkdtemp(prefix="dbl-lsp-")
    try:
        path = os.path.join(tmp, "a.sql")
        with open(path, "w") as f:
            f.write("CREATE TABLE t (price real);\n")
        uri = s.open(path)
        assert codes(s.diagnostics(uri)) == ["float-money", "nullable-money"]
        with open(os.path.join(tmp, ".dbl.json"), "w") as f:
            f.write('{"rules": {"nullable-money": "off"}}\n')
        s.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": uri_of(os.path.join(tmp, ".dbl.json")),
                                                                  "type": 1}]})
        assert codes(s.diagnostics(uri)) == ["float-money"]
        s.shutdown_exit()
    finally:
        shutil.rmtree(tmp)


@case
def code_actions(t):
    s = t.server()
    s.init()
    path = os.path.join(t.data, "orders.sql")
    text = open(path, encoding="utf-8").read()
    uri = s.open(path)
    p = s.diagnostics(uri)
    d = p["diagnostics"][0]
    r = s.call("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": d["range"],
                                           "context": {"diagnostics": [d]}})["result"]
    titles = [a["title"] for a in r]
    fix = [a for a in r if a["kind"] == "quickfix" and a.get("isPreferred")][0]
    ignore = [a for a in r if "ignore" in a["title"]][0]
    assert [a for a in r if a["kind"] == "source.fixAll.dbl"], titles
    fixed = apply_edits(text, fix["edit"]["changes"][uri])
    assert "CREATE INDEX CONCURRENTLY orders_user_id_idx ON public.orders (user_id);" in fixed, fixed
    s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                        "contentChanges": [{"text": fixed}]})
    p = s.diagnostics(uri, version=2)
    assert codes(p) == [], p
    ignored = apply_edits(text, ignore["edit"]["changes"][uri])
    assert "-- dbl-ignore fk-without-index: reason\nCREATE TABLE orders (" in ignored, ignored
    s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 3},
                                        "contentChanges": [{"text": ignored}]})
    p = s.diagnostics(uri, version=3)
    assert codes(p) == [], p
    # only= filters kinds; a stale lint offers nothing
    r = s.call("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": d["range"],
                                           "context": {"diagnostics": [], "only": ["source"]}})["result"]
    assert all(a["kind"].startswith("source") for a in r), r
    s.shutdown_exit()


@case
def hover_on_diagnostic(t):
    s = t.server()
    s.init()
    uri = s.open(os.path.join(t.data, "orders.sql"))
    d = s.diagnostics(uri)["diagnostics"][0]
    h = s.call("textDocument/hover", {"textDocument": {"uri": uri}, "position": d["range"]["start"]})["result"]
    assert "fk-without-index" in h["contents"]["value"] and "Fix" in h["contents"]["value"], h
    h = s.call("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 5, "character": 6}})["result"]
    assert "column public.orders.note" in h["contents"]["value"], h
    h = s.call("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 1, "character": 0}})
    assert h["result"] is None, h
    s.shutdown_exit()


@case
def tree_sitter_requests(t):
    s = t.server()
    caps = s.init()["capabilities"]
    if not caps.get("documentSymbolProvider"):
        assert not t.tree_sitter, "the build has tree-sitter, the server does not advertise it"
        t.note("built without tree-sitter: documentSymbol/foldingRange/selectionRange not advertised")
        m = s.call("textDocument/documentSymbol", {"textDocument": {"uri": "file:///x.sql"}})
        assert error_code(m) == -32601
        s.shutdown_exit()
        return
    text = open(os.path.join(t.data, "orders.sql"), encoding="utf-8").read()
    uri = s.open("/tmp/dbl-lsp-test/ts.sql", text=text, uri="file:///tmp/dbl-lsp-test/ts.sql")
    s.diagnostics(uri)
    syms = s.call("textDocument/documentSymbol", {"textDocument": {"uri": uri}})["result"]
    names = [(x["name"], x["detail"]) for x in syms]
    assert names == [("users", "table"), ("orders", "table"), ("orders_note_idx", "index")], names
    assert [c["name"] for c in syms[1]["children"]] == ["id", "user_id", "note"], syms[1]
    folds = s.call("textDocument/foldingRange", {"textDocument": {"uri": uri}})["result"]
    assert {"startLine": 2, "endLine": 6, "kind": "region"} in folds, folds
    sel = s.call("textDocument/selectionRange", {"textDocument": {"uri": uri},
                                                 "positions": [{"line": 4, "character": 6}]})["result"]
    chain = []
    r = sel[0]
    while r:
        chain.append(r["range"])
        r = r.get("parent")
    assert chain[0] == {"start": {"line": 4, "character": 4}, "end": {"line": 4, "character": 11}}, chain
    assert chain[-1]["start"] == {"line": 0, "character": 0}, chain
    # half-typed: the outline keeps the statements before the broken one
    s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
        {"range": {"start": {"line": 7, "character": 0}, "end": {"line": 7, "character": 0}},
         "text": "CREATE TABLE half (id int,\n"}]})
    p = s.diagnostics(uri, version=2)
    assert "syntax-error" in codes(p), p
    syms = s.call("textDocument/documentSymbol", {"textDocument": {"uri": uri}})["result"]
    assert [x["name"] for x in syms][:2] == ["users", "orders"], syms
    # many small incremental edits keep the tree in step with the text
    for i in range(31):
        s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 3 + i}, "contentChanges": [
            {"range": {"start": {"line": 7, "character": 0}, "end": {"line": 8 if i % 2 == 0 else 7, "character": 0}},
             "text": "" if i % 2 == 0 else "CREATE TABLE half (id int,\n"}]})
    p = s.diagnostics(uri, version=33)
    assert codes(p) == ["fk-without-index"], p
    syms = s.call("textDocument/documentSymbol", {"textDocument": {"uri": uri}})["result"]
    assert [x["name"] for x in syms] == ["users", "orders", "orders_note_idx"], syms
    s.shutdown_exit()


@case
def syntax_errors_where_the_token_is_missing(t):
    s = t.server()
    s.init()
    text = ("CREATE TABLE c (id int PRIMARY KEY);\n"
            "CREATE TABLE t (id int, c_id int REFERENCES c (id)\n"
            ";\n"
            "CREATE TABLE u (id int, c_id int REFERENCES c);\n"
            "CREATE INDEX u_id ON u (id\n")
    uri = s.open("/tmp/dbl-lsp-test/missing.sql", text=text, uri="file:///tmp/dbl-lsp-test/missing.sql")
    p = s.diagnostics(uri)
    errs = [d for d in p["diagnostics"] if d["code"] == "syntax-error"]
    # the statement after the unclosed one is still linted
    assert sorted(d["code"] for d in p["diagnostics"]) == ["fk-without-index", "syntax-error", "syntax-error"], p
    if not t.tree_sitter:
        t.note("built without tree-sitter: syntax errors where libpg_query puts them")
        assert errs[0]["range"]["start"] == {"line": 2, "character": 0}, errs
        s.shutdown_exit()
        return
    # libpg_query stops at the ';' of the next line; the ')' is missing after "(id)"
    assert errs[0]["range"] == {"start": {"line": 1, "character": 50}, "end": {"line": 1, "character": 50}}, errs
    assert errs[0]["message"] == 'syntax error at or near ";": ")" expected', errs
    # at the end of the file
    assert errs[1]["range"]["start"] == {"line": 4, "character": 26}, errs
    assert errs[1]["message"].endswith('")" expected'), errs
    # hover sees the diagnostic where it is published, with its message
    h = s.call("textDocument/hover", {"textDocument": {"uri": uri}, "position": errs[0]["range"]["start"]})
    assert '")" expected' in h["result"]["contents"]["value"], h
    # a statement being typed in the middle (no ")" and no ";" yet) is only itself
    s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
        {"range": {"start": {"line": 3, "character": 0}, "end": {"line": 3, "character": 0}},
         "text": "CREATE TABLE half (id int, c_id int REFERENCES c\n"}]})
    p = s.diagnostics(uri, version=2)
    got = sorted((d["code"], d["range"]["start"]["line"]) for d in p["diagnostics"])
    assert got == [("fk-without-index", 4), ("syntax-error", 1), ("syntax-error", 3), ("syntax-error", 5)], got
    s.shutdown_exit()


# ---- runner -----------------------------------------------------------------------------

class Tester:
    def __init__(self, dbl, data, wrap):
        self.dbl, self.data, self.wrap = dbl, data, wrap
        self.tree_sitter = os.environ.get("DBL_LSP_TREE_SITTER") == "ON"
        self.servers = []
        self.notes = []

    def server(self):
        s = Server(self.dbl, self.wrap)
        self.servers.append(s)
        return s

    def note(self, msg):
        self.notes.append(msg)

    def cleanup(self):
        for s in self.servers:
            if s.proc.poll() is None:
                s.proc.kill()
                s.proc.wait()
            elif sanitizer_report(s.stderr):
                raise AssertionError(s.stderr.decode("utf-8", "replace")[-3000:])
        self.servers = []


def main():
    args = sys.argv[1:]
    only, wrap = None, []
    if "-k" in args:
        i = args.index("-k")
        only = args[i + 1]
        del args[i:i + 2]
    if "--wrap" in args:
        i = args.index("--wrap")
        wrap = shlex.split(args[i + 1])
        del args[i:i + 2]
    dbl, data = args
    os.environ["LC_ALL"] = "C"
    passed = failed = 0
    for fn in CASES:
        if only and only not in fn.__name__:
            continue
        t = Tester(dbl, data, wrap)
        t0 = time.time()
        try:
            fn(t)
            t.cleanup()
            passed += 1
            print("ok   %-40s %.2fs%s" % (fn.__name__, time.time() - t0,
                                          "".join("  (" + n + ")" for n in t.notes)))
        except Exception:
            failed += 1
            print("FAIL %s" % fn.__name__)
            traceback.print_exc(file=sys.stdout)
            for s in t.servers:
                if s.stderr:
                    print("  server stderr: " + s.stderr.decode("utf-8", "replace")[-1500:])
            try:
                t.cleanup()
            except AssertionError:
                pass
        sys.stdout.flush()
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
