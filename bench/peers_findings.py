#!/usr/bin/env python3
"""bench/peers_findings.py - what dbl and each peer linter report on the same real schema files.

Usage: bench/peers_findings.py [--dbl PATH] [--corpus DIR] [--files REL...]
                               [--sqlfluff-max-bytes N] [--sqlfluff-timeout S] [--examples N]

Runs dbl, squawk, postgres-language-server and sqlfluff on files of the shared
corpus and prints a Markdown section for BENCHMARKS.md on stdout (progress on
stderr): per file and tool, the number of findings by rule/code, whether each
tool reports the defects dbl targets (unindexed foreign keys, redundant
indexes, float money, nullable money, decimal-to-float conversions) or other
things (migration safety, type preferences, style, parse errors), and a few
example findings per tool.

dbl, squawk and postgres-language-server read each whole file. sqlfluff is
about a thousand times slower and superlinear in the file size (see the
benchmark), so it reads, per file, the statements other than INSERT/COPY (data
rows carry none of the defects), up to --sqlfluff-max-bytes, cut at statement
boundaries (libpg_query's splitter) into chunks of about 15 KB that it lints as
separate files. What it read is stated in the output.

squawk and postgres-language-server come from npm at the same pinned versions
as bench/run.sh, installed into a temporary folder; sqlfluff from the
distribution (apt-get install sqlfluff).
"""
import argparse
import bisect
import collections
import ctypes
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

SQUAWK_VERSION = os.environ.get("SQUAWK_VERSION", "2.66.0")
PLS_VERSION = os.environ.get("PLS_VERSION", "0.25.5")

DEFAULT_FILES = [
    "pagila/pagila-schema.sql",
    "listmonk/schema.sql",
    "northwind/northwind.sql",
    "chinook/ChinookDatabase/DataSources/Chinook_PostgreSql.sql",
    "lemmy/concatenated/lemmy_all_up_migrations.sql",
]

# The defects dbl targets, by dbl rule.
TARGETS = ["fk-without-index", "redundant-index", "float-money", "nullable-money", "decimal-to-float"]
TARGET_LABEL = {
    "fk-without-index": "unindexed foreign key",
    "redundant-index": "redundant index",
    "float-money": "float money",
    "nullable-money": "nullable money",
    "decimal-to-float": "decimal→float",
}

# Peers' rules about a column's type choice (as opposed to how a migration locks
# or breaks a running system). Every other squawk / postgres-language-server
# lint rule is counted as migration safety.
TYPE_RULES = {
    "prefer-big-int", "prefer-bigint-over-int", "prefer-bigint-over-smallint", "prefer-identity",
    "prefer-text-field", "prefer-timestamp-tz", "prefer-timestamptz", "ban-char-field",
    "preferBigInt", "preferBigintOverInt", "preferBigintOverSmallint", "preferIdentity",
    "preferTextField", "preferTimestamptz", "banCharField",
}

TOOLS = ["dbl", "squawk", "pls", "sqlfluff"]
TOOL_NAME = {"dbl": "dbl", "squawk": "squawk", "pls": "postgres-language-server", "sqlfluff": "sqlfluff"}


def say(msg):
    print("[peers] " + msg, file=sys.stderr, flush=True)


def category(tool, code):
    """The kind of finding a tool's rule/code is."""
    if tool == "dbl":
        if code in TARGETS:
            return "dbl target: " + TARGET_LABEL[code]
        if code in ("syntax-error", "invalid-input"):
            return "parse error"
        return "other"
    if tool == "sqlfluff":
        if code == "PRS":
            return "parse error"
        if code == "TMP":
            return "templating error"
        return "style/layout"
    # squawk and postgres-language-server
    if code in ("syntax-error", "syntax") or code.startswith("syntax"):
        return "parse error"
    name = code.rsplit("/", 1)[-1]
    if name in TYPE_RULES:
        return "type preference"
    return "migration safety"


# --- statement splitting (libpg_query's scanner-based splitter) ---------------

class SplitStmt(ctypes.Structure):
    _fields_ = [("stmt_location", ctypes.c_int), ("stmt_len", ctypes.c_int)]


class SplitResult(ctypes.Structure):
    _fields_ = [("stmts", ctypes.POINTER(ctypes.POINTER(SplitStmt))), ("n_stmts", ctypes.c_int),
                ("stderr_buffer", ctypes.c_char_p), ("error", ctypes.c_void_p)]


def split_statements(data):
    """Byte ranges (start, end) of the statements of data (bytes)."""
    lib = ctypes.CDLL("libpg_query.so")
    lib.pg_query_split_with_scanner.restype = SplitResult
    lib.pg_query_split_with_scanner.argtypes = [ctypes.c_char_p]
    lib.pg_query_free_split_result.argtypes = [SplitResult]
    res = lib.pg_query_split_with_scanner(data)
    try:
        if res.error:
            raise RuntimeError("pg_query_split_with_scanner failed")
        return [(res.stmts[i].contents.stmt_location,
                 res.stmts[i].contents.stmt_location + res.stmts[i].contents.stmt_len)
                for i in range(res.n_stmts)]
    finally:
        lib.pg_query_free_split_result(res)


COMMENT = re.compile(rb"\A(?:\s+|--[^\n]*\n?|/\*.*?\*/)*", re.S)


def stmt_start(data, s, e):
    """Where a statement's own text starts: the splitter's range begins right after
    the previous semicolon, so drop the line break(s) there; keep the indentation
    of a statement that starts its own line, not the spaces after a previous
    statement on the same line."""
    while s < e and data[s:s + 1] in (b" ", b"\t", b"\r", b"\n"):
        s += 1
    b = s
    while b > 0 and data[b - 1:b] in (b" ", b"\t"):
        b -= 1
    return b if b == 0 or data[b - 1:b] == b"\n" else s


def first_word(stmt):
    rest = stmt[COMMENT.match(stmt).end():]
    m = re.match(rb"[A-Za-z]+", rest)
    return m.group(0).upper().decode() if m else ""


# --- running the tools -------------------------------------------------------

def run(cmd, timeout, cwd):
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout, cwd=cwd)
    except subprocess.TimeoutExpired:
        return None, "timed out after %d s" % timeout
    return p, None


def npm_install(tmp, name, pkg, version):
    d = os.path.join(tmp, name)
    say("npm install %s@%s" % (pkg, version))
    p = subprocess.run(["npm", "install", "--prefix", d, "--no-audit", "--no-fund", "--loglevel=error",
                        "%s@%s" % (pkg, version)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600)
    if p.returncode != 0:
        return None, None, "npm install %s@%s failed: %s" % (pkg, version, p.stdout.decode(errors="replace")[:200])
    got = json.load(open(os.path.join(d, "node_modules", pkg, "package.json")))["version"]
    return d, got, None


def find_binary(pattern_dirs, name):
    for base in pattern_dirs:
        if not os.path.isdir(base):
            continue
        for root, _dirs, files in os.walk(base):
            if name in files and os.access(os.path.join(root, name), os.X_OK):
                return os.path.join(root, name)
    return None


# Each parser returns a list of (code, line, message).

def parse_dbl(out):
    doc = json.loads(out)
    return [(d["rule"], d.get("line"), d.get("message", "")) for d in doc["diagnostics"]]


def parse_squawk(out):
    doc = json.loads(out) if out.strip() else []
    # squawk's JSON lines are 0-based.
    return [(d["rule_name"], d["line"] + 1, d["message"]) for d in doc]


def parse_pls(out):
    doc = json.loads(out)
    res = []
    for d in doc["diagnostics"]:
        loc = d.get("location") or {}
        start = loc.get("start") or {}
        res.append((d.get("category", "?"), start.get("line"), d.get("message", "")))
    return res


def parse_sqlfluff(out, line_map):
    doc = json.loads(out)
    res = []
    for f in doc:
        starts = line_map.get(os.path.basename(f["filepath"]), [(1, 1)])
        for v in f["violations"]:
            line = v.get("line_no")
            if line is not None:
                i = bisect.bisect_right(starts, (line, float("inf"))) - 1
                chunk_line, orig_line = starts[max(i, 0)]
                line = orig_line + line - chunk_line
            res.append((v["code"], line, v.get("description", "")))
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--dbl", default=os.path.join(os.path.dirname(here), "build", "dbl"))
    ap.add_argument("--corpus", default="/work/shared/corpus/schemas")
    ap.add_argument("--files", nargs="+", default=DEFAULT_FILES, help="paths relative to --corpus")
    ap.add_argument("--sqlfluff-whole-bytes", type=int, default=40000,
                    help="sqlfluff reads files up to this size whole")
    ap.add_argument("--sqlfluff-max-bytes", type=int, default=150000)
    ap.add_argument("--sqlfluff-chunk-bytes", type=int, default=15000)
    ap.add_argument("--sqlfluff-timeout", type=int, default=900, help="seconds per file")
    ap.add_argument("--sqlfluff-processes", type=int, default=2)
    ap.add_argument("--timeout", type=int, default=300, help="seconds per run of the other tools")
    ap.add_argument("--examples", type=int, default=3)
    args = ap.parse_args()
    dbl = os.path.abspath(args.dbl)

    tmp = tempfile.mkdtemp(prefix="dbl-peers.")
    try:
        work = os.path.join(tmp, "work")  # empty folder: no stray config files
        os.mkdir(work)
        note, version, binary = {}, {}, {}
        p = subprocess.run([dbl, "version"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        version["dbl"] = p.stdout.decode().strip() or "?"
        binary["dbl"] = dbl
        if shutil.which("npm"):
            d, v, err = npm_install(tmp, "squawk", "squawk-cli", SQUAWK_VERSION)
            if err:
                note["squawk"] = err
            else:
                version["squawk"] = v
                binary["squawk"] = find_binary([os.path.join(d, "node_modules", "@squawk-cli")], "squawk") or \
                    os.path.join(d, "node_modules", ".bin", "squawk")
            d, v, err = npm_install(tmp, "pls", "@postgres-language-server/cli", PLS_VERSION)
            if err:
                note["pls"] = err
            else:
                version["pls"] = v
                nm = os.path.join(d, "node_modules", "@postgres-language-server")
                binary["pls"] = find_binary([nm], "postgres-language-server") or \
                    os.path.join(d, "node_modules", ".bin", "postgres-language-server")
        else:
            note["squawk"] = note["pls"] = "npm not found"
        if shutil.which("sqlfluff"):
            p = subprocess.run(["sqlfluff", "--version"], stdout=subprocess.PIPE)
            version["sqlfluff"] = p.stdout.decode().split()[-1]
            cfg = os.path.join(tmp, "sqlfluff.cfg")
            with open(cfg, "w") as f:
                f.write("[sqlfluff]\nlarge_file_skip_byte_limit = 0\nlarge_file_skip_char_limit = 0\n")
        else:
            note["sqlfluff"] = "sqlfluff not found (apt-get install sqlfluff)"

        # results[file][tool] = {"findings": [...], "note": str, "scope": str}
        results = collections.OrderedDict()
        sizes = {}
        for rel in args.files:
            path = os.path.join(args.corpus, rel)
            data = open(path, "rb").read()
            spans = split_statements(data)
            sizes[rel] = (len(data), len(spans))
            r = results[rel] = {}

            say("%s: dbl" % rel)
            p, err = run([dbl, "lint", "--no-config", "--format", "json", path], args.timeout, work)
            if err or p.returncode not in (0, 1):
                r["dbl"] = {"note": err or "exit %d: %s" % (p.returncode, p.stderr.decode()[:200])}
            else:
                r["dbl"] = {"findings": parse_dbl(p.stdout)}

            if "squawk" not in note:
                say("%s: squawk" % rel)
                p, err = run([binary["squawk"], "--reporter", "json", path], args.timeout, work)
                if err or p.returncode not in (0, 1):
                    r["squawk"] = {"note": err or "exit %d: %s" % (p.returncode, p.stderr.decode()[:200])}
                else:
                    r["squawk"] = {"findings": parse_squawk(p.stdout)}

            if "pls" not in note:
                say("%s: postgres-language-server" % rel)
                p, err = run([binary["pls"], "check", "--disable-db", "--files-max-size=1000000000",
                              "--reporter=json", path], args.timeout, work)
                if err:
                    r["pls"] = {"note": err}
                else:
                    try:
                        r["pls"] = {"findings": parse_pls(p.stdout)}
                    except ValueError:
                        r["pls"] = {"note": "exit %d, no JSON: %s" % (p.returncode, p.stderr.decode()[:200])}

            if "sqlfluff" not in note and len(data) <= args.sqlfluff_whole_bytes:
                scope = "whole file"
                say("%s: sqlfluff on the whole file" % rel)
                p, err = run(["sqlfluff", "lint", "--dialect", "postgres", "--ignore-local-config", "--config", cfg,
                              "--format", "json", "--disable-progress-bar", "--processes", "1", path],
                             args.sqlfluff_timeout, work)
                if err:
                    r["sqlfluff"] = {"note": err, "scope": scope}
                else:
                    try:
                        r["sqlfluff"] = {"findings": parse_sqlfluff(p.stdout, {}), "scope": scope}
                    except ValueError:
                        r["sqlfluff"] = {"note": "exit %d, no JSON: %s" % (p.returncode, p.stderr.decode()[:200]),
                                         "scope": scope}
            elif "sqlfluff" not in note:
                # Statements other than INSERT/COPY, up to the byte cap, in chunks.
                keep = [(s, e) for s, e in spans if first_word(data[s:e]) not in ("INSERT", "COPY")]
                chunks, cur, used, taken = [], [], 0, 0
                for s, e in keep:
                    n = e - s + 2
                    if used + n > args.sqlfluff_max_bytes and taken:
                        break
                    if cur and sum(e2 - s2 + 2 for s2, e2 in cur) + n > args.sqlfluff_chunk_bytes:
                        chunks.append(cur)
                        cur = []
                    cur.append((s, e))
                    used += n
                    taken += 1
                if cur:
                    chunks.append(cur)
                cdir = os.path.join(tmp, "sqlfluff", re.sub(r"[^A-Za-z0-9]+", "_", rel))
                os.makedirs(cdir)
                line_map, files = {}, []
                for i, chunk in enumerate(chunks):
                    name = "chunk%04d.sql" % i
                    parts, starts, line = [], [], 1
                    for s, e in chunk:
                        s = stmt_start(data, s, e)
                        text = data[s:e] + b";\n"
                        # (line in the chunk, line in the original file) of this statement,
                        # so reported line numbers refer to the original file.
                        starts.append((line, data.count(b"\n", 0, s) + 1))
                        line += text.count(b"\n")
                        parts.append(text)
                    line_map[name] = starts
                    with open(os.path.join(cdir, name), "wb") as f:
                        f.write(b"".join(parts))
                    files.append(os.path.join(cdir, name))
                scope = "%d of %d statements (%s; %.0f KB), in %d chunks" % (
                    taken, len(spans),
                    "no INSERT/COPY" if len(keep) < len(spans) else "all kinds",
                    used / 1000, len(chunks))
                if taken < len(keep):
                    scope += "; capped at %d KB" % (args.sqlfluff_max_bytes // 1000)
                say("%s: sqlfluff on %s" % (rel, scope))
                p, err = run(["sqlfluff", "lint", "--dialect", "postgres", "--ignore-local-config", "--config", cfg,
                              "--format", "json", "--disable-progress-bar", "--processes",
                              str(args.sqlfluff_processes)] + files, args.sqlfluff_timeout, work)
                if err:
                    r["sqlfluff"] = {"note": err, "scope": scope}
                else:
                    try:
                        r["sqlfluff"] = {"findings": parse_sqlfluff(p.stdout, line_map), "scope": scope}
                    except ValueError:
                        r["sqlfluff"] = {"note": "exit %d, no JSON: %s" % (p.returncode, p.stderr.decode()[:200]),
                                         "scope": scope}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    report(args, results, sizes, note, version)


def report(args, results, sizes, note, version):
    out = []
    w = out.append
    w("### What each peer finds (real schema files)")
    w("")
    w("Produced by `bench/peers_findings.py --dbl PATH` (dbl built Release as above). Tools and commands:")
    w("")
    w("- %s: `dbl lint --no-config --format json FILE`" % version.get("dbl", "?"))
    for t, cmd in (("squawk", "`squawk --reporter json FILE` (squawk-cli %s)"),
                   ("pls", "`postgres-language-server check --disable-db --files-max-size=1000000000 "
                           "--reporter=json FILE` (@postgres-language-server/cli %s)"),
                   ("sqlfluff", "`sqlfluff lint --dialect postgres --format json` with "
                                "`large_file_skip_byte_limit = 0` (sqlfluff %s, default rules, jinja templater)")):
        w("- %s: %s" % (TOOL_NAME[t], cmd % version[t] if t in version else "not run: " + note.get(t, "?")))
    w("- Files are from `%s`. dbl, squawk and postgres-language-server read each whole file. sqlfluff reads "
      "files up to %d KB whole. Larger files are too slow for it (see the timing table above), so there it reads "
      "the statements other than INSERT/COPY, at most %d KB of them, cut at statement boundaries into chunks "
      "of about %d KB linted as separate files (each statement on its own line, blank lines between "
      "statements dropped, line numbers mapped back to the file). That changes some layout counts: on "
      "listmonk (small enough for both) the chunked run gave L003 53 and L016 34 where the whole file gives "
      "124 and 86: the one INSERT left out holds most of the L003s, and lines holding two statements, which "
      "the chunks split, hold many of the L016s. "
      "Its row says what it read."
      % (args.corpus, args.sqlfluff_whole_bytes // 1000, args.sqlfluff_max_bytes // 1000,
         args.sqlfluff_chunk_bytes // 1000))
    w("- Categories: *dbl target* = one of the five defects dbl looks for; *migration safety* = squawk / "
      "postgres-language-server rules about locks, timeouts, destructive or non-idempotent DDL "
      "(e.g. require-concurrent-index-creation, ban-drop-table, prefer-robust-stmts); *type preference* = "
      "prefer-bigint-over-int, prefer-identity, prefer-text-field, prefer-timestamptz, ban-char-field; "
      "*style/layout* = sqlfluff's L0xx rules; *parse error* = a statement the tool could not parse.")
    w("")

    # Table 1: per file, findings per tool and category.
    w("#### Findings per file and tool, by kind")
    w("")
    w("| file | size | tool | findings | dbl targets | migration safety | type preference | style/layout | parse errors |")
    w("|---|---:|---|---:|---:|---:|---:|---:|---:|")
    totals = collections.defaultdict(collections.Counter)
    for rel, r in results.items():
        b, n = sizes[rel]
        first = True
        for t in TOOLS:
            if t not in r:
                continue
            label = "%s (%.0f KB, %d stmts)" % (rel, b / 1000, n) if first else ""
            first = False
            res = r[t]
            if "findings" not in res:
                w("| %s | | %s | %s | | | | | |" % (label, TOOL_NAME[t], res["note"]))
                continue
            c = collections.Counter()
            for code, _line, _msg in res["findings"]:
                cat = category(t, code)
                c["dbl targets" if cat.startswith("dbl target") else cat] += 1
            totals[t].update(c)
            totals[t]["findings"] += len(res["findings"])
            scope = ""
            if t == "sqlfluff":
                scope = " (input: %s)" % res["scope"]
            w("| %s | | %s%s | %d | %d | %d | %d | %d | %d |" % (
                label, TOOL_NAME[t], scope, len(res["findings"]), c["dbl targets"], c["migration safety"],
                c["type preference"], c["style/layout"], c["parse error"]))
    w("")

    # Table 2: the defects dbl targets, per tool.
    w("#### The defects dbl targets: who reports them")
    w("")
    w("Counts over all files above. A peer's count is the number of its findings whose rule is about that "
      "defect; none of the rule codes the peers reported on these files is (the full list is below).")
    w("")
    hdr = "| defect | " + " | ".join(TOOL_NAME[t] for t in TOOLS) + " |"
    w(hdr)
    w("|---|" + "---:|" * len(TOOLS))
    dbl_by_rule = collections.Counter()
    for r in results.values():
        for code, _l, _m in r.get("dbl", {}).get("findings", []):
            dbl_by_rule[code] += 1
    for rule in TARGETS:
        cells = []
        for t in TOOLS:
            if t == "dbl":
                cells.append("%d" % dbl_by_rule[rule])
            elif t in note:
                cells.append("not run")
            else:
                cells.append("0")
        w("| %s (`%s`) | %s |" % (TARGET_LABEL[rule], rule, " | ".join(cells)))
    w("")

    # Table 3: per file and tool, counts by rule/code.
    w("#### Findings by rule/code")
    w("")
    w("| file | tool | rule/code: count |")
    w("|---|---|---|")
    desc = {}
    for rel, r in results.items():
        for t in TOOLS:
            res = r.get(t)
            if not res or "findings" not in res:
                continue
            c = collections.Counter(code for code, _l, _m in res["findings"])
            for code, _l, msg in res["findings"]:
                desc.setdefault((t, code), msg)
            cells = ", ".join("`%s` %d" % (code, n) for code, n in c.most_common()) or "none"
            w("| %s | %s | %s |" % (rel, TOOL_NAME[t], cells))
    w("")
    if any(t == "sqlfluff" for t, _c in desc):
        w("sqlfluff codes seen: " + "; ".join(
            "`%s` %s" % (code, d.rstrip(".")) for (t, code), d in sorted(desc.items()) if t == "sqlfluff") + ".")
        w("")

    # Examples.
    w("#### Example findings")
    w("")
    for t in TOOLS:
        ex = []
        seen = set()
        for rel, r in results.items():
            for code, line, msg in r.get(t, {}).get("findings", []):
                if code in seen:
                    continue
                seen.add(code)
                msg = " ".join(msg.split())
                if len(msg) > 160:
                    msg = msg[:157] + "..."
                ex.append("`%s` %s:%s: %s" % (code, rel.split("/")[0], line if line is not None else "?",
                                              msg.replace("|", "\\|")))
        if not ex:
            continue
        w("- %s:" % TOOL_NAME[t])
        # Targets first for dbl; otherwise the most frequent codes overall.
        freq = collections.Counter()
        for r in results.values():
            for code, _l, _m in r.get(t, {}).get("findings", []):
                freq[code] += 1
        ex.sort(key=lambda s: -freq[s.split("`")[1]])
        for e in ex[:args.examples + (2 if t == "dbl" else 0)]:
            w("  - " + e)
    w("")
    print("\n".join(out))


if __name__ == "__main__":
    main()
