#!/usr/bin/env python3
"""Checks `dbl analyze --format json` against labeled PostgreSQL logs.

Two kinds of labeled logs:

  check.py --dbl DBL corpus DIR
      the shared corpus (DIR/LABELS.json, e.g. ../shared/corpus/querylogs):
      every log file of every run of every app;
  check.py --dbl DBL generated DIR
      logs made by genlogs.py (DIR/labels.json);
  check.py --dbl DBL generate --wlclient WLCLIENT --out DIR [--runs ...]
      runs genlogs.py into DIR first (a throwaway PostgreSQL 15 server), then
      checks what it made.

Per log file, dbl runs once (`dbl analyze --format json --schema SCHEMA FILE`,
plus `--log-line-prefix` where the labels say the prefix is not a common one).
Then, for every label:

  * an N+1 loop passes when a `n-plus-one` finding has the label's normalized
    query as its `query` or as one of its `body[].query` (a trailing `;` and
    surrounding blanks ignored; for SQL-level EXECUTE the prepared query counts
    too) and its `occurrences` hold, for the label's pid, a burst of each
    expected count (a nested loop's inner level: one burst per execution of
    its parent). Generated labels also check the loop body (every statement, in
    order) and the parent query, each as its own line;
  * a decoy passes when no `n-plus-one` finding for one of its queries has an
    occurrence in one of the decoy's sessions (in any session for health checks
    and the like). Identical back-to-back repeats must also give a
    `repeated-query` finding in that session;
  * `summary.statements` must be every statement executed: the sum of the
    corpus' query_catalog occurrences, or what genlogs.py's sessions sent.

Every expectation prints one PASS/FAIL line (with what dbl reported instead,
on failure); the last line is `N passed, N failed`; exit status 1 on any
failure, 2 when the labels or dbl cannot be run at all. Standard library only.
"""

import argparse
import collections
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def sq(text):
    """A query as compared: surrounding blanks and a trailing `;` dropped."""
    if text is None:
        return None
    t = text.strip()
    while t.endswith(";"):
        t = t[:-1].rstrip()
    return t


def short(text, n=110):
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[:n - 3] + "..."


class Report:
    def __init__(self, verbose):
        self.passed = 0
        self.failed = 0
        self.verbose = verbose
        self.failures = []

    def result(self, ok, name, detail=""):
        if ok:
            self.passed += 1
            if self.verbose:
                print("PASS  %s" % name)
        else:
            self.failed += 1
            msg = "FAIL  %s%s" % (name, ("\n      " + detail.replace("\n", "\n      ")) if detail else "")
            print(msg)
            self.failures.append(name)
        sys.stdout.flush()


# --------------------------------------------------------------------------
# running dbl


def run_dbl(dbl, schema, path, prefix=None, timeout=600):
    """Returns (diagnostics, summary, error text or None)."""
    cmd = [dbl, "analyze", "--format", "json"]
    if schema:
        cmd += ["--schema", schema]
    if prefix:
        cmd += ["--log-line-prefix", prefix]
    cmd.append(path)
    env = dict(os.environ, LC_ALL="C", NO_COLOR="1")
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                           timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, None, "timed out after %d s: %s" % (timeout, " ".join(cmd))
    except OSError as e:
        return None, None, "cannot run %s: %s" % (dbl, e)
    if p.returncode not in (0, 1):
        return None, None, "exit %d: %s\n%s" % (p.returncode, " ".join(cmd),
                                                 p.stderr.decode("utf-8", "replace")[:300])
    try:
        doc = json.loads(p.stdout.decode("utf-8"))
    except ValueError as e:
        return None, None, "not JSON (%s): %s\n%s" % (e, " ".join(cmd), p.stdout[:500])
    if not isinstance(doc, dict) or not isinstance(doc.get("diagnostics"), list):
        return None, None, "no diagnostics array: %s" % " ".join(cmd)
    return doc["diagnostics"], doc.get("summary") or {}, None


def obj(d):
    o = d.get("object")
    return o if isinstance(o, dict) else {}


def finding_queries(d):
    o = obj(d)
    qs = [sq(o.get("query"))]
    for b in o.get("body") or []:
        if isinstance(b, dict):
            qs.append(sq(b.get("query")))
    return [x for x in qs if x]


def occurrences(d):
    occ = obj(d).get("occurrences")
    return [o for o in occ if isinstance(o, dict)] if isinstance(occ, list) else []


def occ_pid(o):
    """The backend pid of an occurrence: its `pid`, else the one inside its `session`, which
    is either "<pid>" or PostgreSQL's %c session id "<start time hex>.<pid hex>"."""
    try:
        pid = int(o.get("pid") or 0)
    except (TypeError, ValueError):
        pid = 0
    if pid:
        return pid
    m = re.match(r"^(?:([0-9]+)(?:#[0-9]+)?|[0-9a-f]+\.([0-9a-f]+))$", str(o.get("session") or ""))
    if m:
        return int(m.group(1)) if m.group(1) else int(m.group(2), 16)
    return None


def describe(diags, queries):
    """What dbl said about these queries, for a failure message."""
    out = []
    for d in diags:
        if not set(finding_queries(d)) & queries:
            continue
        o = obj(d)
        occ = ", ".join("pid %s count %s line %s" % (x.get("pid"), x.get("count"), x.get("line"))
                        for x in occurrences(d)[:12])
        out.append("%s: query %r body %d parent %r occurrences [%s]" % (
            d.get("rule"), short(o.get("query"), 80), len(o.get("body") or []),
            short(o.get("parent_query"), 60), occ))
    return "\n".join(out) if out else "dbl reported nothing for this query"


# --------------------------------------------------------------------------
# one expectation


def check_loop(rep, name, diags, pid, queries, bursts, body=None, parent=None):
    """queries: accepted texts; bursts: expected burst counts in session pid."""
    queries = {sq(x) for x in queries if x}
    cands = [d for d in diags if d.get("rule") == "n-plus-one" and set(finding_queries(d)) & queries]
    found = [(d, o) for d in cands for o in occurrences(d) if occ_pid(o) == pid]
    left = list(found)
    missing = []
    holder = None
    for c in bursts:
        hit = next((x for x in left if x[1].get("count") == c), None)
        if hit is None:
            missing.append(c)
        else:
            left.remove(hit)
            holder = holder or hit[0]
    want = ("%d bursts of %s" % (len(bursts), "/".join(map(str, bursts))) if len(bursts) > 1
            else "%d executions" % bursts[0])
    detail = ""
    if missing:
        detail = ("expected in pid %d: %s; missing bursts of %s\n%s" % (
            pid, want, ", ".join(map(str, missing)), describe(diags, queries)))
        same = ["%s %r: count %s line %s" % (d.get("rule"), short(obj(d).get("query"), 90),
                                             o.get("count"), o.get("line"))
                for d in diags if d.get("rule") == "n-plus-one"
                for o in occurrences(d) if occ_pid(o) == pid and o.get("count") in missing]
        if same:
            detail += "\nfindings in pid %d with a missing count:\n  %s" % (pid, "\n  ".join(same))
    rep.result(not missing, "%s: n-plus-one, pid %d, %s" % (name, pid, want), detail)
    if holder is None and cands:
        holder = next((d for d, o in found), None)
    if body:
        got = [sq(b.get("query")) for b in obj(holder).get("body") or []
               if isinstance(b, dict)] if holder else None
        exp = [sq(b) for b in body]
        rep.result(got == exp, "%s: loop body of %d statements, in order" % (name, len(exp)),
                   "expected body:\n  %s\ngot: %s" % (
                       "\n  ".join(short(x) for x in exp),
                       "no finding" if got is None else
                       ("\n  " + "\n  ".join(short(x) for x in got)) if got else "no body"))
    if parent is not None:
        got = sq(obj(holder).get("parent_query")) if holder else None
        rep.result(got == sq(parent), "%s: parent query" % name,
                   "expected %r\ngot      %r" % (sq(parent), got))


def check_decoy(rep, name, diags, pids, queries, expect_rule=None):
    """pids: the decoy's sessions (None: any session)."""
    queries = {sq(x) for x in queries}
    bad = []
    for d in diags:
        if d.get("rule") != "n-plus-one" or not set(finding_queries(d)) & queries:
            continue
        for o in occurrences(d) or [obj(d)]:
            if pids is None or occ_pid(o) in pids:
                bad.append("n-plus-one %r: pid %s count %s line %s" % (
                    short(obj(d).get("query"), 80), o.get("pid"), o.get("count"), o.get("line")))
    where = "any session" if pids is None else "pid " + ",".join(map(str, sorted(pids)))
    rep.result(not bad, "%s: no n-plus-one in %s" % (name, where), "\n".join(bad))
    if expect_rule:
        ok = False
        for d in diags:
            if d.get("rule") != expect_rule or sq(obj(d).get("query")) not in queries:
                continue
            o = obj(d)
            seen = {occ_pid(x) for x in occurrences(d)} | {occ_pid(o)}
            if pids is None or seen & pids:
                ok = True
        rep.result(ok, "%s: %s in %s" % (name, expect_rule, where),
                   describe(diags, queries) if not ok else "")


# --------------------------------------------------------------------------
# the two label formats


def check_corpus(dbl, root, rep, only=None):
    labels = json.load(open(os.path.join(root, "LABELS.json")))
    for app_name, app in sorted(labels["apps"].items()):
        schema = os.path.join(root, app["schema"])
        for run in app["runs"]:
            for rel, info in run["files"].items():
                if only and only not in rel:
                    continue
                path = os.path.join(root, rel)
                print("== %s (%s, run %s)" % (rel, info.get("format"), run["run"]))
                diags, summary, err = run_dbl(dbl, schema, path)
                items = [b for b in app["n_plus_one"] if rel in b["locations"]]
                decoys = [d for d in app["decoys"] if rel in d["locations"]]
                if err:
                    print("      dbl failed: " + err.replace("\n", "\n      "))
                    for b in items + decoys:
                        rep.result(False, "%s %s: dbl failed (above)" % (rel, b["id"]))
                    continue
                # query_catalog: every distinct statement of the (same, deterministic) workload
                # of each run, with its executions
                executed = sum(q["occurrences"] for q in app.get("query_catalog", []))
                if executed:
                    got = summary.get("statements")
                    rep.result(got == executed, "%s: summary.statements is every statement executed (%d)"
                               % (rel, executed), "dbl counted %r" % (got,))
                for b in items:
                    loc = b["locations"][rel]
                    alts = [b["normalized_query"]]
                    if b.get("prepared_statement"):
                        alts.append(b["prepared_statement"]["query"])
                    check_loop(rep, "%s %s (%s)" % (rel, b["id"], short(b["description"], 60)),
                               diags, loc["pid"], alts, [loc["count"]])
                for d in decoys:
                    pids = {v["pid"] for v in d["locations"][rel]["by_session"].values()}
                    check_decoy(rep, "%s %s %s" % (rel, d["id"], d["kind"]), diags, pids,
                                d["normalized_queries"],
                                "repeated-query" if d["kind"].startswith("identical") else None)


def check_generated(dbl, root, rep, only=None):
    labels = json.load(open(os.path.join(root, "labels.json")))
    schema = os.path.join(root, labels["schema"])
    for run in labels["runs"]:
        pids = {k: v["pid"] for k, v in run["sessions"].items()}
        for rel, info in sorted(run["files"].items()):
            if only and only not in rel:
                continue
            print("== %s (%s%s, %s)" % (rel, info["format"], ", gzip" if info.get("gzip") else "",
                                       ", ".join("%s=%s" % kv for kv in run["settings"].items())))
            diags, summary, err = run_dbl(dbl, schema, os.path.join(root, rel),
                                          info.get("log_line_prefix"))
            if err:
                print("      dbl failed: " + err.replace("\n", "\n      "))
                for b in labels["n_plus_one"] + labels["decoys"]:
                    rep.result(False, "%s %s: dbl failed (above)" % (rel, b["id"]))
                continue
            if "statements_sent" in run:
                got = summary.get("statements")
                rep.result(got == run["statements_sent"],
                           "%s: summary.statements is every statement sent (%d)" % (rel, run["statements_sent"]),
                           "dbl counted %r" % (got,))
            for b in labels["n_plus_one"]:
                alts = [b["query"]] + ([b["prepared_query"]] if b.get("prepared_query") else [])
                check_loop(rep, "%s %s (%s)" % (rel, b["id"], short(b["description"], 60)), diags,
                           pids[b["session"]], alts, b["bursts"], body=b["body"] or None,
                           parent=b["parent"])
            for d in labels["decoys"]:
                dp = None if d.get("any_session") else {pids[s] for s in d["sessions"]}
                check_decoy(rep, "%s %s %s" % (rel, d["id"], d["kind"]), diags, dp, d["queries"],
                            d.get("expect_rule"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dbl", required=True)
    ap.add_argument("-v", "--verbose", action="store_true", help="print passing checks too")
    ap.add_argument("--only", help="check only the log files whose path contains this")
    sub = ap.add_subparsers(dest="what", required=True)
    c = sub.add_parser("corpus")
    c.add_argument("dir")
    g = sub.add_parser("generated")
    g.add_argument("dir")
    m = sub.add_parser("generate")
    m.add_argument("--wlclient", required=True)
    m.add_argument("--out", required=True)
    m.add_argument("--runs")
    args = ap.parse_args()

    if not os.access(args.dbl, os.X_OK):
        print("check.py: %s is not an executable" % args.dbl, file=sys.stderr)
        return 2
    rep = Report(args.verbose)
    if args.what == "corpus":
        check_corpus(args.dbl, args.dir, rep, args.only)
    else:
        root = args.dir if args.what == "generated" else args.out
        if args.what == "generate":
            cmd = [sys.executable, os.path.join(HERE, "genlogs.py"), "--out", args.out,
                   "--wlclient", args.wlclient]
            if args.runs:
                cmd += ["--runs", args.runs]
            if subprocess.run(cmd).returncode != 0:
                print("check.py: genlogs.py failed", file=sys.stderr)
                return 2
        check_generated(args.dbl, root, rep, args.only)
    print("%d passed, %d failed" % (rep.passed, rep.failed))
    return 1 if rep.failed else 0


if __name__ == "__main__":
    sys.exit(main())
