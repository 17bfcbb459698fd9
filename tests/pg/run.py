#!/usr/bin/env python3
"""Differential test: dbl's catalog model against PostgreSQL's own catalog.

For every case (hand-written cases in tests/pg/cases/<name>/ and the corpus
sources listed in tests/pg/corpus.json) this script

  1. creates a fresh database on a throwaway PostgreSQL 15 server
     (tests/pg/pgserver.sh), loads the case's SQL files in order with
     `psql -X -v ON_ERROR_STOP=0 -f FILE` and records every statement
     PostgreSQL rejected (file:line),
  2. dumps PostgreSQL's view with catalog.sql and findings.sql,
  3. runs `dbl catalog --format json FILES` and `dbl lint --format json FILES`,
  4. compares the two and prints a readable diff per table / column / index /
     foreign key / finding.

The last line is `N passed, N failed`; the exit status is 1 if any case
failed. Use --pg-only (no dbl needed) to print PostgreSQL's JSON per case.

Standard library only.
"""

import argparse
import collections
import fnmatch
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
COMPARED_RULES = ("fk-without-index", "redundant-index")


class Interrupted(Exception):
    pass


# --------------------------------------------------------------------------
# helpers


def natural_key(s):
    """Natural sort key: digit runs compare as numbers ("2" < "10")."""
    return [(0, int(p), p) if p.isdigit() else (1, 0, p)
            for p in re.split(r"(\d+)", s)]


def rel(path):
    """Short display form of a path."""
    for base in (os.path.join(REPO, ""), os.path.join(os.path.dirname(REPO), "")):
        if path.startswith(base):
            return path[len(base):]
    return path


def jdump(obj):
    return json.dumps(obj, ensure_ascii=False, sort_keys=False)


def q_ident(name):
    return '"' + name.replace('"', '""') + '"'


# --------------------------------------------------------------------------
# statement spans (to turn psql's "line where the statement ended" into the
# statement's first line)

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_$]*")
_DOLLAR = re.compile(r"\$([A-Za-z_\x80-\uffff][A-Za-z0-9_\x80-\uffff]*)?\$")


def statement_spans(text):
    """Split SQL text roughly the way psql does; return [(first_line, last_line)].

    Knows about -- and nested /* */ comments, '...', E'...', "...", dollar
    quotes, psql backslash commands on their own line, and CREATE
    FUNCTION/PROCEDURE ... BEGIN ATOMIC ... END bodies.
    """
    spans = []
    i, n, line = 0, len(text), 1
    start = None          # line of the first token of the current statement
    words = []            # leading words of the current statement
    depth = 0             # BEGIN ATOMIC / CASE depth in a CREATE FUNCTION
    paren = 0
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
            continue
        if c in " \t\r\f":
            i += 1
            continue
        if text.startswith("--", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if text.startswith("/*", i):
            lvl, j = 1, i + 2
            while j < n and lvl:
                if text.startswith("/*", j):
                    lvl, j = lvl + 1, j + 2
                elif text.startswith("*/", j):
                    lvl, j = lvl - 1, j + 2
                else:
                    j += 1
            line += text.count("\n", i, j)
            i = j
            continue
        if c == "\\" and start is None:
            # psql meta-command: runs to the end of the line
            j = text.find("\n", i)
            j = n if j < 0 else j
            spans.append((line, line))
            i = j
            continue
        if start is None:
            start = line
        if c == "'" or c == '"':
            backslash = (c == "'" and i > 0 and text[i - 1] in "eE"
                         and (i < 2 or not (text[i - 2].isalnum() or text[i - 2] == "_")))
            j = i + 1
            while j < n:
                if backslash and text[j] == "\\":
                    j += 2
                    continue
                if text[j] == c:
                    if j + 1 < n and text[j + 1] == c:
                        j += 2
                        continue
                    break
                j += 1
            line += text.count("\n", i, j + 1)
            i = j + 1
            continue
        if c == "$":
            m = _DOLLAR.match(text, i)
            if m and not (i > 0 and (text[i - 1].isalnum() or text[i - 1] == "_")):
                tag = m.group(0)
                j = text.find(tag, m.end())
                j = n if j < 0 else j + len(tag)
                line += text.count("\n", i, j)
                i = j
                continue
            i += 1
            continue
        if c.isalpha() or c == "_":
            m = _WORD.match(text, i)
            w = m.group(0).lower()
            if len(words) < 6:
                words.append(w)
            is_routine = (words[:1] == ["create"] and
                          ("function" in words or "procedure" in words))
            if is_routine:
                if w in ("begin", "case"):
                    depth += 1
                elif w == "end" and depth > 0:
                    depth -= 1
            i = m.end()
            continue
        if c == "(":
            paren += 1
        elif c == ")":
            paren = max(0, paren - 1)
        elif c == ";" and paren == 0 and depth == 0:
            spans.append((start, line))
            start, words, depth = None, [], 0
        i += 1
    if start is not None:
        spans.append((start, line))
    return spans


# --------------------------------------------------------------------------
# PostgreSQL server and psql


class PgServer:
    """A throwaway server started with pgserver.sh, stopped by stop()."""

    def __init__(self, script):
        self.script = script
        self.parent = None
        self.env = None
        self.dir = None

    def start(self):
        # A private parent folder, so that cleanup also works if we are
        # interrupted while pgserver.sh is still starting.
        self.parent = tempfile.mkdtemp(prefix="dbl-pg-run.")
        os.chmod(self.parent, 0o755)  # the server may run as user postgres
        env = dict(os.environ, PGSERVER_TMPDIR=self.parent)
        p = subprocess.run(["bash", self.script, "start"], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True)
        if p.returncode != 0:
            raise RuntimeError("pgserver.sh start failed:\n" + p.stderr + p.stdout)
        info = {}
        for ln in p.stdout.splitlines():
            k, _, v = ln.partition("=")
            if k:
                info[k] = shlex.split(v)[0] if v else ""
        self.dir = info["PGSERVER_DIR"]
        self.env = dict(os.environ)
        for k in ("PGHOST", "PGPORT", "PGUSER", "PGDATABASE"):
            self.env[k] = info[k]
        for k in ("PGSERVICE", "PGSERVICEFILE", "PGPASSFILE", "PGOPTIONS", "PGCONNECT_TIMEOUT"):
            self.env.pop(k, None)
        self.env["PGOPTIONS"] = "-c client_min_messages=warning"
        self.bindir = info.get("PGBIN") or "/usr/lib/postgresql/15/bin"
        self.psql_bin = os.path.join(self.bindir, "psql")
        if not os.access(self.psql_bin, os.X_OK):
            self.psql_bin = shutil.which("psql") or "psql"

    def stop(self):
        if not self.parent:
            return
        old = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            if os.path.isdir(self.parent):
                for name in os.listdir(self.parent):
                    d = os.path.join(self.parent, name)
                    if name.startswith("dbl-pg.") and os.path.isdir(d):
                        subprocess.run(["bash", self.script, "stop", d],
                                       stdout=subprocess.DEVNULL)
                for _ in range(5):
                    shutil.rmtree(self.parent, ignore_errors=True)
                    if not os.path.exists(self.parent):
                        break
                    time.sleep(0.5)
        finally:
            signal.signal(signal.SIGINT, old)
            self.parent = None

    def psql(self, args, db="postgres", timeout=None, check=True):
        cmd = [self.psql_bin, "-X", "-d", db] + args
        p = subprocess.run(cmd, env=self.env, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, universal_newlines=True,
                           timeout=timeout)
        if check and p.returncode != 0:
            raise RuntimeError("psql %s failed (exit %d):\n%s" % (
                " ".join(shlex.quote(a) for a in args), p.returncode, p.stderr))
        return p

    def sql(self, query, db="postgres"):
        return self.psql(["-Atq", "-v", "ON_ERROR_STOP=1", "-c", query], db=db).stdout

    def json_file(self, path, db):
        p = self.psql(["-Atq", "-v", "ON_ERROR_STOP=1", "-f", path], db=db, timeout=600)
        return json.loads(p.stdout)


# --------------------------------------------------------------------------
# cases


class Case:
    def __init__(self, name, kind, files, database=None, search_path=None,
                 extensions=(), why="", expected=(), allow_errors=False, setup=(), partial=False):
        self.name = name
        self.setup = list(setup)    # SQL run on the server first; dbl does not see it (a migration tool's work)
        self.partial = partial      # dbl runs without --complete (the files are not the whole schema)
        self.allow_errors = allow_errors  # a case that shows rejected statements
        self.expected = list(expected)  # [{"match": regex, "why": text}]
        self.kind = kind            # "case" or "corpus"
        self.files = files          # absolute paths, in load order
        self.database = database    # the files \c to this database
        self.search_path = search_path
        self.extensions = list(extensions)
        self.why = why


def load_hand_cases(cases_dir):
    out = []
    if not os.path.isdir(cases_dir):
        return out
    for name in sorted(os.listdir(cases_dir), key=natural_key):
        d = os.path.join(cases_dir, name)
        if not os.path.isdir(d):
            continue
        meta = {}
        mp = os.path.join(d, "case.json")
        if os.path.exists(mp):
            with open(mp, encoding="utf-8") as f:
                meta = json.load(f)
        if "files" in meta:
            files = [os.path.join(d, f) for f in meta["files"]]
        else:
            files = sorted((os.path.join(d, f) for f in os.listdir(d) if f.endswith(".sql")),
                           key=lambda p: natural_key(os.path.basename(p)))
        if not files:
            continue
        out.append(Case(name, "case", files, search_path=meta.get("search_path"),
                        why=meta.get("why", ""),
                        expected=meta.get("expected_differences", []),
                        allow_errors=bool(meta.get("allow_errors")),
                        setup=meta.get("setup", []), partial=bool(meta.get("partial"))))
    return out


def load_corpus_cases(corpus_json, corpus_dir, warn):
    out = []
    if not os.path.exists(corpus_json):
        warn("no corpus list %s" % rel(corpus_json))
        return out
    if not os.path.isdir(corpus_dir):
        warn("corpus folder %s not found; corpus sources skipped" % corpus_dir)
        return out
    with open(corpus_json, encoding="utf-8") as f:
        doc = json.load(f)
    listed = collections.defaultdict(set)
    for src in doc["sources"]:
        base = os.path.join(corpus_dir, src["dir"])
        files = []
        for item in src["files"]:
            if isinstance(item, dict):
                p = os.path.join(REPO, item["repo"])
            else:
                p = os.path.join(base, item)
                listed[base].add(os.path.normpath(p))
            files.append(os.path.normpath(p))
        missing = [f for f in files if not os.path.exists(f)]
        if missing:
            warn("corpus/%s: %d listed files do not exist (first: %s)"
                 % (src["name"], len(missing), missing[0]))
            files = [f for f in files if os.path.exists(f)]
        out.append(Case("corpus/" + src["name"], "corpus", files,
                        database=src.get("database"),
                        search_path=src.get("search_path"),
                        extensions=src.get("extensions", []),
                        why=src.get("why", ""),
                        expected=src.get("expected_differences", [])))
    # .sql files in a source folder that no source lists (corpus updated?)
    for base, names in listed.items():
        for root, dirs, fnames in os.walk(base):
            dirs[:] = [x for x in dirs if x != "concatenated"]
            for fn in fnames:
                p = os.path.normpath(os.path.join(root, fn))
                if fn.endswith(".sql") and p not in names:
                    warn("corpus file not in corpus.json: %s" % rel(p))
    return out


def select_cases(cases, only):
    if not only:
        return cases
    pats = [p for o in only for p in o.split(",") if p]
    out = []
    for c in cases:
        short = c.name.split("/", 1)[1] if c.name.startswith("corpus/") else c.name
        if any(fnmatch.fnmatchcase(c.name, p) or fnmatch.fnmatchcase(short, p) for p in pats):
            out.append(c)
    return out


# --------------------------------------------------------------------------
# loading into PostgreSQL

_PSQL_ERR = re.compile(r"^psql:(?P<file>.*?):(?P<line>\d+): (?P<kind>ERROR|FATAL|error):\s+(?P<msg>.*)$")


def db_name(case):
    s = re.sub(r"[^a-z0-9_]+", "_", case.name.lower()).strip("_")
    return ("dbltest_" + s)[:63]


def load_case(server, case, dbname, single_session):
    """Load the files; return (errors, stderr_text). errors: list of dicts."""
    stderr_parts = []
    if single_session:
        args = ["-v", "ON_ERROR_STOP=0"]
        for f in case.files:
            args += ["-f", f]
        p = server.psql(args, db=dbname, timeout=3600, check=False)
        stderr_parts.append(p.stderr)
    else:
        for f in case.files:
            p = server.psql(["-v", "ON_ERROR_STOP=0", "-f", f], db=dbname,
                            timeout=900, check=False)
            if p.stderr:
                stderr_parts.append(p.stderr)
            if p.returncode not in (0, 3) and not p.stderr:
                stderr_parts.append("psql:%s:0: error: psql exited with %d\n" % (f, p.returncode))
    text = "".join(stderr_parts)
    errors = []
    spans_cache = {}
    for ln in text.splitlines():
        m = _PSQL_ERR.match(ln)
        if not m:
            continue
        path = m.group("file")
        end = int(m.group("line"))
        start = end
        if path not in spans_cache:
            try:
                with open(path, encoding="utf-8", errors="replace") as fh:
                    spans_cache[path] = statement_spans(fh.read())
            except OSError:
                spans_cache[path] = []
        for s, e in spans_cache[path]:
            if e == end:
                start = s
                break
        errors.append({"file": os.path.abspath(path), "start": start, "line": end,
                       "message": m.group("msg")})
    return errors, text


# --------------------------------------------------------------------------
# comparison


def _fmt_index(ix):
    s = "%s%s (%s)" % ("unique " if ix.get("unique") else "", ix.get("method"),
                       ", ".join(ix.get("columns") or []))
    if ix.get("include"):
        s += " include (%s)" % ", ".join(ix["include"])
    if ix.get("predicate") is not None:
        s += " where %s" % ix["predicate"]
    return s


def _fmt_fk(fk):
    return "(%s) -> %s(%s)" % (", ".join(fk.get("columns") or []), fk.get("references"),
                               ", ".join(fk.get("ref_columns") or []))


def _check_sorted(what, names, out, indent="  "):
    names = [str(n) for n in names]
    if names != sorted(names):
        out.append("%s%s not sorted by name in dbl output" % (indent, what))
    dups = [n for n, k in collections.Counter(names).items() if k > 1]
    if dups:
        out.append("%s%s listed more than once in dbl output: %s" % (indent, what, ", ".join(dups)))


def _pair_renamed(missing, extra, pg_by, dbl_by, sig):
    """Pair pg-only and dbl-only objects that differ only by name."""
    pairs = []
    extra = list(extra)
    for m in list(missing):
        for e in extra:
            if sig(pg_by[m]) == sig(dbl_by[e]):
                pairs.append((m, e))
                extra.remove(e)
                break
    paired_m = {m for m, _ in pairs}
    return pairs, [m for m in missing if m not in paired_m], extra


# Per-key index facts dbl may not know (an expression whose type it does not
# infer, a user-defined type): its "unknown" matches whatever PostgreSQL says.
UNKNOWN_KEY_FIELDS = ("collations", "opclasses")


def _field_equal(f, pv, dv):
    if f in UNKNOWN_KEY_FIELDS and isinstance(pv, list) and isinstance(dv, list) \
            and len(pv) == len(dv):
        return all(d == UNKNOWN_TYPE or p == d for p, d in zip(pv, dv))
    return pv == dv


def diff_named(kind, pg_list, dbl_list, fields, fmt, out, indent="    "):
    pg_by = {x["name"]: x for x in pg_list}
    dbl_by = {x.get("name"): x for x in dbl_list}
    plural = {"index": "indexes"}.get(kind, kind + "s")
    _check_sorted(plural, [x.get("name") for x in dbl_list], out, indent)
    missing = [n for n in pg_by if n not in dbl_by]
    extra = [n for n in dbl_by if n not in pg_by]

    def sig(x):
        return jdump([x.get(f) for f in fields if f not in UNKNOWN_KEY_FIELDS])
    pairs, missing, extra = _pair_renamed(missing, extra, pg_by, dbl_by, sig)
    for m, e in pairs:
        out.append("%s%s name differs: pg %s, dbl %s  [%s]" % (indent, kind, m, e, fmt(pg_by[m])))
    for m in missing:
        out.append("%s%s %s missing in dbl  [pg: %s]" % (indent, kind, m, fmt(pg_by[m])))
    for e in extra:
        out.append("%s%s %s only in dbl  [dbl: %s]" % (indent, kind, e, fmt(dbl_by[e])))
    for name, p in pg_by.items():
        d = dbl_by.get(name)
        if d is None:
            continue
        for f in fields:
            if not _field_equal(f, p.get(f), d.get(f)):
                line = "%s%s %s: %s pg %s, dbl %s" % (indent, kind, name, f,
                                                      jdump(p.get(f)), jdump(d.get(f)))
                if (LOOSE["expr"] and f in EXPR_FIELDS
                        and loose_expr(p.get(f)) == loose_expr(d.get(f))):
                    LOOSE["ignored"].append(line)
                else:
                    out.append(line)


# --loose-expr: index column / predicate texts that differ only in casts,
# parentheses, white space, letter case or pg_catalog. are not counted.
LOOSE = {"expr": False, "ignored": []}
EXPR_FIELDS = ("columns", "include", "predicate")
_CAST = re.compile(r"::\s*(\"[^\"]*\"|[a-z_][a-z0-9_.]*)"
                   r"(\s+(varying|precision|with\s+time\s+zone|without\s+time\s+zone))?"
                   r"(\s*\([0-9,\s]*\))?(\[\])*")


def loose_expr(v):
    if isinstance(v, list):
        return [loose_expr(x) for x in v]
    if not isinstance(v, str):
        return v
    t = v.lower().replace("pg_catalog.", "")
    t = _CAST.sub("", t)
    return re.sub(r"[\s()]", "", t)


UNKNOWN_TYPE = "unknown"


def diff_table(p, d):
    out = []
    pcols = p.get("columns", [])
    dcols = d.get("columns") or []
    pnames = [c["name"] for c in pcols]
    dnames = [c.get("name") for c in dcols]
    if pnames != dnames:
        pset, dset = set(pnames), set(dnames)
        for c in pcols:
            if c["name"] not in dset:
                out.append("    column %s missing in dbl  [pg: %s%s]" % (
                    c["name"], c["type"], " not null" if c["not_null"] else ""))
        for c in dcols:
            if c.get("name") not in pset:
                out.append("    column %s only in dbl  [dbl: %s%s]" % (
                    c.get("name"), c.get("type"), " not null" if c.get("not_null") else ""))
        common_p = [n for n in pnames if n in dset]
        common_d = [n for n in dnames if n in pset]
        if common_p != common_d:
            out.append("    column order differs: pg [%s], dbl [%s]" % (
                ", ".join(pnames), ", ".join(str(x) for x in dnames)))
    dby = {c.get("name"): c for c in dcols}
    for c in pcols:
        dc = dby.get(c["name"])
        if dc is None:
            continue
        for f in ("type", "not_null"):
            # dbl's "unknown": a CREATE TABLE AS column whose type needs type
            # analysis (an expression); its name, place and nullability count
            if f == "type" and dc.get(f) == UNKNOWN_TYPE:
                continue
            if c.get(f) != dc.get(f):
                out.append("    column %s: %s pg %s, dbl %s" % (c["name"], f, jdump(c.get(f)),
                                                               jdump(dc.get(f))))
    diff_named("index", p.get("indexes", []), d.get("indexes") or [],
               ("unique", "method", "partial", "columns", "collations", "opclasses", "predicate",
                "include"),
               _fmt_index, out)
    diff_named("foreign key", p.get("foreign_keys", []), d.get("foreign_keys") or [],
               ("columns", "references", "ref_columns"), _fmt_fk, out)
    return out


def diff_catalog(pg, dbl):
    out = []
    if not isinstance(dbl, dict) or not isinstance(dbl.get("tables"), list):
        return ["  dbl catalog output has no \"tables\" list"]
    pg_by = {t["name"]: t for t in pg["tables"]}
    dbl_by = {t.get("name"): t for t in dbl["tables"]}
    _check_sorted("tables", [t.get("name") for t in dbl["tables"]], out)
    for name, t in pg_by.items():
        if name not in dbl_by:
            out.append("  table %s missing in dbl  [pg: %d columns, %d indexes, %d foreign keys]"
                       % (name, len(t["columns"]), len(t["indexes"]), len(t["foreign_keys"])))
    for name, t in dbl_by.items():
        if name not in pg_by:
            out.append("  table %s only in dbl  [dbl: %d columns, %d indexes, %d foreign keys]"
                       % (name, len(t.get("columns") or []), len(t.get("indexes") or []),
                          len(t.get("foreign_keys") or [])))
    for name in sorted(pg_by):
        if name in dbl_by:
            lines = diff_table(pg_by[name], dbl_by[name])
            if lines:
                out.append("  table %s:" % name)
                out.extend(lines)
    return out


def _fk_key(o):
    return (o.get("table"), tuple(o.get("columns") or ()), o.get("references"))


def diff_findings(pg_findings, dbl_lint):
    out = []
    if not isinstance(dbl_lint, dict) or not isinstance(dbl_lint.get("diagnostics"), list):
        return ["  dbl lint output has no \"diagnostics\" list"], {}
    dbl_diags = dbl_lint["diagnostics"]
    others = collections.Counter(d.get("rule") for d in dbl_diags
                                 if d.get("rule") not in COMPARED_RULES)

    pg_fk = collections.Counter(_fk_key(f["object"]) for f in pg_findings
                                if f["rule"] == "fk-without-index")
    dbl_fk = collections.Counter(_fk_key(d.get("object") or {}) for d in dbl_diags
                                 if d.get("rule") == "fk-without-index")
    for k in sorted(set(pg_fk) | set(dbl_fk), key=lambda k: jdump(k)):
        a, b = pg_fk.get(k, 0), dbl_fk.get(k, 0)
        if a != b:
            where = "only in pg" if b == 0 else "only in dbl" if a == 0 else \
                "count differs (pg %d, dbl %d)" % (a, b)
            out.append("  fk-without-index %s: %s (%s) -> %s" % (where, k[0], ", ".join(k[1]), k[2]))

    def group(items):
        g = collections.defaultdict(set)
        for o in items:
            g[(o.get("table"), o.get("index"))].add(o.get("covered_by"))
        return g
    pg_r = group(f["object"] for f in pg_findings if f["rule"] == "redundant-index")
    dbl_r = group((d.get("object") or {}) for d in dbl_diags if d.get("rule") == "redundant-index")
    for k in sorted(set(pg_r) | set(dbl_r), key=lambda k: jdump(k)):
        a, b = pg_r.get(k), dbl_r.get(k)
        if b is None:
            out.append("  redundant-index only in pg: %s on %s (covered by %s)"
                       % (k[1], k[0], ", ".join(sorted(a))))
        elif a is None:
            out.append("  redundant-index only in dbl: %s on %s (covered by %s)"
                       % (k[1], k[0], ", ".join(sorted(str(x) for x in b))))
        elif not b <= a:
            out.append("  redundant-index %s on %s: covered_by pg {%s}, dbl {%s}"
                       % (k[1], k[0], ", ".join(sorted(a)), ", ".join(sorted(str(x) for x in b))))
    return out, others


_LOC = re.compile(r"([^\s:'\"()\[\]{}]+\.sql):(\d+)")


def _walk_locations(obj, out):
    """Collect (file, line) from JSON objects such as {"file": F, "line": N}."""
    if isinstance(obj, dict):
        f = next((obj[k] for k in ("file", "path", "filename") if isinstance(obj.get(k), str)), None)
        n = next((obj[k] for k in ("line", "start_line", "first_line")
                  if isinstance(obj.get(k), int) and not isinstance(obj.get(k), bool)), None)
        if f and n is not None:
            out.append((f, n))
        for v in obj.values():
            _walk_locations(v, out)
    elif isinstance(obj, list):
        for v in obj:
            _walk_locations(v, out)


def dbl_locations(texts, json_objs=()):
    """Where dbl said something: FILE:LINE in its stderr, file/line in its JSON."""
    found = []
    for t in texts:
        for m in _LOC.finditer(t or ""):
            found.append((m.group(1), int(m.group(2))))
    for o in json_objs:
        _walk_locations(o, found)
    locs = set()
    for p, n in found:
        if not os.path.isabs(p):
            p = os.path.join(REPO, p)
        locs.add((os.path.normpath(p), n))
    return locs


# --------------------------------------------------------------------------
# running dbl


def run_dbl(dbl, sub, case, timeout):
    # the server loads exactly these files, so they are the whole schema (unless the
    # case's setup made objects the files rely on: then dbl reads them as partial)
    cmd = [dbl, sub, "--format", "json", "--no-config"] + ([] if case.partial else ["--complete"])
    if case.search_path:
        cmd += ["--search-path", case.search_path]
    cmd += case.files
    t0 = time.time()
    try:
        p = subprocess.run(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, "dbl %s timed out after %ds" % (sub, timeout), "", None
    dt = time.time() - t0
    if p.returncode < 0:
        return None, "dbl %s killed by signal %d" % (sub, -p.returncode), p.stderr, dt
    try:
        return json.loads(p.stdout), None, p.stderr, dt
    except ValueError as e:
        return None, "dbl %s (exit %d) did not print JSON: %s; stderr: %s" % (
            sub, p.returncode, e, p.stderr.strip()[:2000]), p.stderr, dt


# --------------------------------------------------------------------------
# main


def summarize_pg(catalog, findings):
    t = catalog["tables"]
    nidx = sum(len(x["indexes"]) for x in t)
    nfk = sum(len(x["foreign_keys"]) for x in t)
    nparts = collections.Counter(f["rule"] for f in findings)
    return "%d tables, %d indexes, %d foreign keys; findings: %d fk-without-index, %d redundant-index" % (
        len(t), nidx, nfk, nparts.get("fk-without-index", 0), nparts.get("redundant-index", 0))


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def split_expected(diff, expected):
    """Move the diff lines an expected difference matches out of diff.

    A line is matched on its qualified form: a line under a "table X:" header
    is "table X: <line>". Returns (remaining, [(line, why)], unused entries).
    Headers left without lines are dropped."""
    if not expected:
        return diff, [], []
    pats = [(re.compile(e["match"]), e.get("why", ""), e) for e in expected]
    used = set()
    keep, hit = [], []
    header = None
    for line in diff:
        if line.startswith("  table ") and line.endswith(":"):
            header = line.strip()
            keep.append(line)
            continue
        if not line.startswith("    "):
            header = None
        q = "%s %s" % (header, line.strip()) if header and line.startswith("    ") else line.strip()
        for rx, why, e in pats:
            if rx.search(q):
                hit.append((q, why))
                used.add(id(e))
                break
        else:
            keep.append(line)
    out = []
    for i, line in enumerate(keep):
        is_header = line.startswith("  table ") and line.endswith(":")
        nxt = keep[i + 1] if i + 1 < len(keep) else ""
        if is_header and not nxt.startswith("    "):
            continue
        out.append(line)
    unused = [e for _, _, e in pats if id(e) not in used]
    return out, hit, unused


def run_case(server, case, args, outdir):
    """Returns (ok, report_lines)."""
    lines = []
    cdir = os.path.join(outdir, case.name)
    shutil.rmtree(cdir, ignore_errors=True)
    os.makedirs(cdir, exist_ok=True)
    write(os.path.join(cdir, "files.txt"), "".join(f + "\n" for f in case.files))

    dbname = db_name(case)
    server.sql("DROP DATABASE IF EXISTS %s WITH (FORCE)" % q_ident(dbname))
    if case.database:
        server.sql("DROP DATABASE IF EXISTS %s WITH (FORCE)" % q_ident(case.database))
    server.sql("CREATE DATABASE %s TEMPLATE template0" % q_ident(dbname))
    sp = case.search_path or "public"
    server.sql("ALTER DATABASE %s SET search_path TO %s" % (
        q_ident(dbname), ", ".join(q_ident(s.strip()) for s in sp.split(",") if s.strip())))
    try:
        for q in case.setup:
            server.sql(q, db=dbname)
        t0 = time.time()
        errors, stderr_text = load_case(server, case, dbname, args.single_session)
        load_s = time.time() - t0
        write(os.path.join(cdir, "pg-load.log"), stderr_text)
        write(os.path.join(cdir, "pg-errors.txt"), "".join(
            "%s:%d%s: %s\n" % (rel(e["file"]), e["start"],
                               "" if e["start"] == e["line"] else "-%d" % e["line"], e["message"])
            for e in errors))
        dump_db = case.database or dbname
        catalog = server.json_file(os.path.join(HERE, "catalog.sql"), dump_db)
        findings = server.json_file(os.path.join(HERE, "findings.sql"), dump_db)
    finally:
        if not args.keep_dbs:
            server.sql("DROP DATABASE IF EXISTS %s WITH (FORCE)" % q_ident(dbname))
            if case.database:
                server.sql("DROP DATABASE IF EXISTS %s WITH (FORCE)" % q_ident(case.database))
    write(os.path.join(cdir, "pg-catalog.json"), json.dumps(catalog, indent=1, ensure_ascii=False) + "\n")
    write(os.path.join(cdir, "pg-findings.json"), json.dumps(findings, indent=1, ensure_ascii=False) + "\n")

    ok = True
    lines.append("  pg: %s (%d files loaded in %.1fs)" % (summarize_pg(catalog, findings),
                                                        len(case.files), load_s))
    if case.kind == "case" and errors and not case.allow_errors:
        ok = False
        lines.append("  FAIL: a hand-written case must load without errors; PostgreSQL rejected %d statement(s)"
                     % len(errors))

    dbl_catalog = dbl_lint = None
    dbl_texts = []
    dbl_json = []
    diff = []
    other_rules = {}
    del LOOSE["ignored"][:]
    if not args.pg_only:
        dbl_catalog, err, stderr_c, dt_c = run_dbl(args.dbl, "catalog", case, args.dbl_timeout)
        dbl_texts.append(stderr_c)
        write(os.path.join(cdir, "dbl-catalog.stderr"), stderr_c or "")
        if err:
            diff.append("  " + err)
        else:
            write(os.path.join(cdir, "dbl-catalog.json"),
                  json.dumps(dbl_catalog, indent=1, ensure_ascii=False) + "\n")
            diff.extend(diff_catalog(catalog, dbl_catalog))
        dbl_lint, err, stderr_l, dt_l = run_dbl(args.dbl, "lint", case, args.dbl_timeout)
        dbl_texts.append(stderr_l)
        write(os.path.join(cdir, "dbl-lint.stderr"), stderr_l or "")
        if err:
            diff.append("  " + err)
        else:
            write(os.path.join(cdir, "dbl-lint.json"),
                  json.dumps(dbl_lint, indent=1, ensure_ascii=False) + "\n")
            fdiff, other_rules = diff_findings(findings, dbl_lint)
            diff.extend(fdiff)
            dbl_json.append([d for d in dbl_lint.get("diagnostics", [])
                             if d.get("rule") not in COMPARED_RULES])
            # unknown-object says PostgreSQL fails the statement: it must have, there
            for d in dbl_lint.get("diagnostics", []):
                if d.get("rule") != "unknown-object":
                    continue
                f = os.path.normpath(os.path.join(REPO, d.get("file", "")))
                if not any(os.path.normpath(e["file"]) == f and e["start"] <= d.get("line", 0) <= e["line"]
                           for e in errors):
                    diff.append("  dbl unknown-object at %s:%s, but PostgreSQL ran the statement: %s"
                                % (rel(f), d.get("line"), d.get("message")))
        diff, expected_hit, expected_unused = split_expected(diff, case.expected)
        write(os.path.join(cdir, "diff.txt"), "".join(l + "\n" for l in diff) + "".join(
            "(--loose-expr) " + l.strip() + "\n" for l in LOOSE["ignored"]) + "".join(
            "(expected) %s  [%s]\n" % (l, why) for l, why in expected_hit))
        if diff:
            ok = False

    # What PostgreSQL rejected, and whether dbl reported something there too.
    if errors:
        locs = dbl_locations(dbl_texts, dbl_json) if not args.pg_only else set()
        agreed = 0
        shown = []
        for e in errors:
            hit = any(f == e["file"] and e["start"] <= l <= e["line"] for f, l in locs)
            agreed += hit
            if len(shown) < args.max_errors:
                where = "%s:%d" % (rel(e["file"]), e["start"])
                mark = "" if args.pg_only else ("  [dbl: reported]" if hit else "  [dbl: -]")
                shown.append("    %s: %s%s" % (where, e["message"], mark))
        head = "  pg rejected %d statement(s)" % len(errors)
        if not args.pg_only:
            head += "; dbl reported %d of those locations" % agreed
        head += " (all in %s)" % rel(os.path.join(cdir, "pg-errors.txt"))
        lines.append(head)
        lines.extend(shown)
        if len(errors) > len(shown):
            lines.append("    ... %d more" % (len(errors) - len(shown)))
    if not args.pg_only:
        if other_rules:
            lines.append("  dbl other diagnostics (not compared): " + ", ".join(
                "%s %d" % (r, n) for r, n in sorted(other_rules.items(), key=lambda x: str(x[0]))))
        for l, why in expected_hit:
            lines.append("  expected difference (not counted): %s\n      why: %s" % (l, why))
        for e in expected_unused:
            lines.append("  note: expected difference not seen (fixed? remove it from the case list): %s"
                         % e["match"])
        if LOOSE["ignored"]:
            lines.append("  %d index expression/predicate text(s) differ only in casts/parentheses/case "
                         "(not counted: --loose-expr; listed in %s)"
                         % (len(LOOSE["ignored"]), rel(os.path.join(cdir, "diff.txt"))))
        if diff:
            lines.append("  differences (pg = PostgreSQL, dbl = dbl):")
            shown = diff[:args.max_diff] if args.max_diff > 0 else diff
            lines.extend("  " + l for l in shown)
            if len(diff) > len(shown):
                lines.append("    ... %d more lines in %s" % (len(diff) - len(shown),
                                                          rel(os.path.join(cdir, "diff.txt"))))
    else:
        indent = 1 if args.pretty else None
        lines.append("  pg catalog: " + json.dumps(catalog, indent=indent, ensure_ascii=False))
        lines.append("  pg findings: " + json.dumps(findings, indent=indent, ensure_ascii=False))
    return ok, lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dbl", default=os.path.join(REPO, "build", "dbl"),
                    help="path to the dbl binary (default: build/dbl)")
    ap.add_argument("--corpus", default=os.path.join(os.path.dirname(REPO), "shared", "corpus", "schemas"),
                    help="corpus root (default: ../shared/corpus/schemas from the repo root)")
    ap.add_argument("--cases", default=os.path.join(HERE, "cases"),
                    help="hand-written cases folder (default: tests/pg/cases)")
    ap.add_argument("--corpus-list", default=os.path.join(HERE, "corpus.json"),
                    help="load order for the corpus (default: tests/pg/corpus.json)")
    ap.add_argument("--only", action="append", default=[], metavar="NAME",
                    help="run only these cases (name, corpus/name or glob; repeat or comma-separate)")
    ap.add_argument("--keep-going", action="store_true",
                    help="run all cases even after a failure (default: stop at the first failed case)")
    ap.add_argument("--pg-only", action="store_true",
                    help="do not run dbl; print PostgreSQL's JSON per case")
    ap.add_argument("--pretty", action="store_true", help="indent the JSON printed by --pg-only")
    ap.add_argument("--no-corpus", action="store_true", help="skip the corpus sources")
    ap.add_argument("--no-cases", action="store_true", help="skip the hand-written cases")
    ap.add_argument("--single-session", action="store_true",
                    help="load all files of a case in one psql session (default: one psql per file)")
    ap.add_argument("--out", default=os.path.join(HERE, "out"),
                    help="where per-case outputs go (default: tests/pg/out)")
    ap.add_argument("--max-errors", type=int, default=25,
                    help="PostgreSQL rejections printed per case (all are written to out/)")
    ap.add_argument("--max-diff", type=int, default=200,
                    help="diff lines printed per case, 0 = all (all are written to out/)")
    ap.add_argument("--dbl-timeout", type=int, default=300)
    ap.add_argument("--keep-dbs", action="store_true", help="do not drop the case databases")
    ap.add_argument("--loose-expr", action="store_true",
                    help="do not count index column/predicate texts that differ only in casts, "
                         "parentheses, spaces, case or pg_catalog. (they are still listed in out/)")
    ap.add_argument("--list", action="store_true", help="list the cases and exit")
    args = ap.parse_args()
    LOOSE["expr"] = args.loose_expr

    warnings = []
    cases = []
    if not args.no_cases:
        cases += load_hand_cases(os.path.abspath(args.cases))
    if not args.no_corpus:
        cases += load_corpus_cases(os.path.abspath(args.corpus_list),
                                   os.path.abspath(args.corpus), warnings.append)
    cases = select_cases(cases, args.only)
    for w in warnings:
        print("warning: " + w)
    if args.list:
        for c in cases:
            print("%-28s %4d file(s)%s" % (c.name, len(c.files),
                                           "  (reads database %s)" % c.database if c.database else ""))
        return 0
    if not cases:
        print("no cases selected")
        print("0 passed, 0 failed")
        return 1
    if not args.pg_only:
        args.dbl = os.path.abspath(args.dbl)
        if not os.access(args.dbl, os.X_OK):
            print("error: dbl binary %s not found or not executable (build it, pass --dbl, "
                  "or use --pg-only)" % args.dbl, file=sys.stderr)
            return 2
    os.makedirs(args.out, exist_ok=True)
    outdir = os.path.abspath(args.out)

    def on_signal(signum, frame):
        raise Interrupted("signal %d" % signum)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)

    server = PgServer(os.path.join(HERE, "pgserver.sh"))
    passed = failed = 0
    summary = []
    try:
        server.start()
        need = sorted({e for c in cases for e in c.extensions})
        if need:
            have = set(server.sql("SELECT name FROM pg_available_extensions").split())
            for e in need:
                if e not in have:
                    users = ", ".join(c.name for c in cases if e in c.extensions)
                    print("note: extension %s is not available on this server (needed by %s); "
                          "PostgreSQL will reject CREATE EXTENSION %s and what depends on it"
                          % (e, users, e))
        for case in cases:
            print("== %s (%d file%s)" % (case.name, len(case.files), "" if len(case.files) == 1 else "s"))
            sys.stdout.flush()
            try:
                ok, lines = run_case(server, case, args, outdir)
            except (RuntimeError, ValueError, subprocess.TimeoutExpired) as e:
                ok, lines = False, ["  error: %s" % e]
            for l in lines:
                print(l)
            print("%s %s" % ("PASS" if ok else "FAIL", case.name))
            sys.stdout.flush()
            summary.append((case.name, ok))
            if ok:
                passed += 1
            else:
                failed += 1
                if not args.keep_going:
                    print("stopping after the first failure (use --keep-going to run all cases)")
                    break
    except (KeyboardInterrupt, Interrupted) as e:
        print("\ninterrupted (%s); stopping the server" % (str(e) or "Ctrl-C"))
        failed += 1
    finally:
        server.stop()
    if any(not ok for _, ok in summary):
        print("failed: " + ", ".join(n for n, ok in summary if not ok))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("\ninterrupted")
        sys.exit(130)
