#!/usr/bin/env python3
"""lsp_bench.py - time from didChange to publishDiagnostics in `dbl lsp`, and memory after edits.

Opens a 10,000-line schema (the start of bench/gen_schema.py's output, cut at a statement
end), then sends incremental edits one at a time (a comment line inserted, then removed,
in the middle of the file, alternately with a column rename that changes the findings)
and waits for the diagnostics of each version. Reports the median, p90 and max latency
of the timed edits and the server's resident memory after the first lint and after
every edit.

Usage: lsp_bench.py DBL [--lines 10000] [--edits 1000] [--timed 200] [--debounce 0]
       lsp_bench.py --cmd "postgres-language-server lsp-proxy" ...   (another server, same edits)

With --cmd, the server is any LSP server on stdio: the same file and the same edits, so
the two are measured side by side. Servers that do their work in a daemon of their own
(postgres-language-server's lsp-proxy) are charged the daemon's memory too, when they name
its PID in a window/logMessage ("... PID: N").
"""
import argparse
import json
import os
import re
import shlex
import shutil
import tempfile
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def schema(lines):
    out = subprocess.run([sys.executable, os.path.join(HERE, "gen_schema.py"), "--scale", "1"],
                         check=True, capture_output=True, text=True).stdout.split("\n")
    n = lines
    while n < len(out) and not out[n - 1].rstrip().endswith(";"):
        n += 1
    return "\n".join(out[:n]) + "\n"


class Client:
    def __init__(self, cmd):
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
        self.traces = []
        self.buf = b""
        self.pids = [self.p.pid]

    def send(self, obj):
        b = json.dumps(obj).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(b) + b)
        self.p.stdin.flush()

    def _fill(self):
        chunk = os.read(self.p.stdout.fileno(), 1 << 20)
        if not chunk:
            raise SystemExit("lsp_bench: the server exited")
        self.buf += chunk

    def recv(self):
        while b"\r\n\r\n" not in self.buf:
            self._fill()
        head, _, rest = self.buf.partition(b"\r\n\r\n")
        n = int(head.split(b":")[1])
        self.buf = rest
        while len(self.buf) < n:
            self._fill()
        body, self.buf = self.buf[:n], self.buf[n:]
        return json.loads(body)

    def wait_diags(self, version):
        while True:
            m = self.recv()
            if m.get("method") == "$/logTrace":
                self.traces.append(m["params"]["message"])
            if m.get("method") == "window/logMessage":
                pid = re.search(r"\bPID: (\d+)", m["params"].get("message", ""))
                if pid:
                    self.pids.append(int(pid.group(1)))
            if "id" in m and "method" in m:  # a request of the server's: answer it
                self.send({"jsonrpc": "2.0", "id": m["id"], "result": None})
            if m.get("method") == "textDocument/publishDiagnostics" and m["params"].get("version") == version:
                return m["params"]

    def rss_kb(self):
        total = 0
        for pid in self.pids:
            try:
                with open("/proc/%d/status" % pid) as f:
                    for line in f:
                        if line.startswith("VmRSS:"):
                            total += int(line.split()[1])
            except OSError:
                pass
        return total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dbl", nargs="?")
    ap.add_argument("--cmd", help="another LSP server's command line, instead of DBL lsp")
    ap.add_argument("--lines", type=int, default=10000)
    ap.add_argument("--edits", type=int, default=1000)
    ap.add_argument("--timed", type=int, default=200)
    ap.add_argument("--debounce", type=int, default=0)
    a = ap.parse_args()
    if not a.dbl and not a.cmd:
        ap.error("give DBL or --cmd")

    text = schema(a.lines)
    lines = text.split("\n")
    n_lines = len(lines) - 1
    # an empty workspace folder: no configuration file of any server's applies
    root = tempfile.mkdtemp(prefix="lsp-bench-")
    c = Client(shlex.split(a.cmd) if a.cmd else [a.dbl, "lsp"])
    c.send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"processId": os.getpid(), "rootUri": "file://" + root,
                       "workspaceFolders": [{"uri": "file://" + root, "name": "bench"}],
                       "capabilities": {"textDocument": {"publishDiagnostics": {"relatedInformation": True}}},
                       "trace": "messages", "initializationOptions": {"debounceMs": a.debounce}}})
    while "id" not in c.recv():
        pass
    c.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    uri = "file://%s/schema.sql" % root
    t0 = time.perf_counter()
    c.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": uri, "languageId": "sql", "version": 1, "text": text}}})
    first = c.wait_diags(1)
    open_ms = (time.perf_counter() - t0) * 1000
    rss_first = c.rss_kb()

    mid = n_lines // 2
    # a line in the middle that defines a column, for edits that change the findings
    col_line = next(i for i in range(mid, n_lines) if lines[i].startswith("    ") and " numeric" in lines[i])
    col_text = lines[col_line]
    lat = []
    version = 1
    c.traces = []
    rss_mid = 0
    for i in range(a.edits):
        version += 1
        k = i % 4
        if k == 0:    # insert a comment line
            ch = {"range": {"start": {"line": mid, "character": 0}, "end": {"line": mid, "character": 0}},
                  "text": "-- edit %d\n" % i}
        elif k == 1:  # remove it
            ch = {"range": {"start": {"line": mid, "character": 0}, "end": {"line": mid + 1, "character": 0}},
                  "text": ""}
        elif k == 2:  # a type change that the rules see
            ch = {"range": {"start": {"line": col_line, "character": 0},
                            "end": {"line": col_line, "character": len(col_text)}},
                  "text": col_text.replace(" numeric", " real", 1)}
        else:         # and back
            ch = {"range": {"start": {"line": col_line, "character": 0},
                            "end": {"line": col_line, "character": len(col_text.replace(" numeric", " real", 1))}},
                  "text": col_text}
        t = time.perf_counter()
        c.send({"jsonrpc": "2.0", "method": "textDocument/didChange",
                "params": {"textDocument": {"uri": uri, "version": version}, "contentChanges": [ch]}})
        c.wait_diags(version)
        if i < a.timed:
            lat.append((time.perf_counter() - t) * 1000)
        if i == a.edits // 2:
            rss_mid = c.rss_kb()
    rss_end = c.rss_kb()
    c.send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    while c.recv().get("id") != 2:
        pass
    c.send({"jsonrpc": "2.0", "method": "exit"})
    try:
        code = c.p.wait(timeout=10)
    except subprocess.TimeoutExpired:
        c.p.kill()
        code = c.p.wait()
    shutil.rmtree(root, ignore_errors=True)
    lat.sort()
    parts = {}
    for t in c.traces[:a.timed]:  # "engine X ms, diagnostics Y ms, publish Z ms"
        for part in t.split(": ", 1)[1].split(", "):
            name, ms, _ = part.split(" ")
            parts.setdefault(name, []).append(float(ms))
    res = {
        "lines": n_lines, "bytes": len(text.encode()), "diagnostics": len(first["diagnostics"]),
        "open_ms": round(open_ms, 1), "edits": a.edits, "timed": len(lat),
        "median_ms": round(statistics.median(lat), 2), "p90_ms": round(lat[int(len(lat) * 0.9) - 1], 2),
        "max_ms": round(lat[-1], 2), "rss_after_open_kb": rss_first, "rss_mid_kb": rss_mid,
        "rss_after_edits_kb": rss_end, "exit": code,
    }
    for name, v in parts.items():
        res["server_%s_median_ms" % name] = round(statistics.median(v), 2)
    print(json.dumps(res, indent=2))
    return 0 if code == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
