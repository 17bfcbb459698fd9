#!/usr/bin/env python3
"""The index advisor against the corpus labels (../shared/corpus/querylogs/LABELS.json).

For every app and every one of its log files (all runs, every format), runs
`dbl analyze --format json --schema <app>/schema.sql <log>` and checks:

  * every `missing_indexes` label is suggested: a suggestion on the label's table
    whose columns are the label's `suggested_index_columns`, or start with them (dbl
    merges a suggestion into a longer one it is a leading prefix of), with the
    label's normalized query among the suggestion's `queries`;
  * no suggestion names a `served_queries` query;
  * an `index_non_candidates` case that got a suggestion is a failure, unless
    advice_labels_expect.json lists it (by label id) with the reason.

The last line is `N files, N failed`; exit status 1 on any failure.
Standard library only.
"""

import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
ADVICE_RULES = ("missing-index", "missing-composite-index")


def norm(q):
    """pg_stat_statements drops psql's trailing semicolon; compare without it."""
    return q.rstrip().rstrip(";").rstrip()


def qualified(table):
    return table if "." in table else "public." + table


def label_queries(item):
    """Every normalized text a label item stands for (the prepared query of an EXECUTE too)."""
    qs = list(item.get("normalized_queries") or [])
    if item.get("normalized_query"):
        qs.append(item["normalized_query"])
    if item.get("prepared_statement"):
        qs.append(item["prepared_statement"]["query"])
    return {norm(q) for q in qs}


def analyze(dbl, schema, log):
    p = subprocess.run([dbl, "analyze", "--format", "json", "--schema", schema, log],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                       env=dict(os.environ, LC_ALL="C", NO_COLOR="1"))
    if p.returncode not in (0, 1):
        raise RuntimeError("dbl analyze exit %d: %s" % (p.returncode, p.stderr.strip()))
    doc = json.loads(p.stdout)
    return [d for d in doc["diagnostics"] if d["rule"] in ADVICE_RULES]


def describe(d):
    o = d["object"]
    return "%s (%s)" % (o["table"], ", ".join(o["columns"]))


def check_file(app, labels, schema, log, dbl, expected):
    """(failures, notes, expected differences seen) for one log file."""
    fails, notes, seen = [], [], set()
    sugg = analyze(dbl, schema, log)
    notes.append("%d suggestions; %d missing-index labels, %d served queries, %d non-candidates checked" % (
        len(sugg), len(labels.get("missing_indexes", [])), len(labels.get("served_queries", [])),
        len(labels.get("index_non_candidates", []))))
    for d in sugg:
        d["_queries"] = {norm(q) for q in d["object"]["queries"]}

    for m in labels.get("missing_indexes", []):
        table, cols = qualified(m["table"]), m["suggested_index_columns"]
        qs = label_queries(m)
        exact = [d for d in sugg if d["object"]["table"] == table and d["object"]["columns"] == cols]
        longer = [d for d in sugg if d["object"]["table"] == table and d["object"]["columns"][:len(cols)] == cols]
        ok = [d for d in longer if d["_queries"] & qs]
        if ok:
            continue
        if exact:
            fails.append("%s %s (%s): suggested, but not for its query %s" % (
                m["id"], table, ", ".join(cols), sorted(qs)[0]))
        else:
            on_table = [describe(d) for d in sugg if d["object"]["table"] == table]
            fails.append("%s %s (%s) not suggested (suggestions on the table: %s) for %s" % (
                m["id"], table, ", ".join(cols), "; ".join(on_table) or "none", sorted(qs)[0]))

    for s in labels.get("served_queries", []):
        qs = label_queries(s)
        for d in sugg:
            if d["_queries"] & qs:
                fails.append("%s served by %s, but dbl suggests %s for %s" % (
                    s["id"], s.get("serving_index"), d["fix"]["sql"], sorted(d["_queries"] & qs)[0]))

    for x in labels.get("index_non_candidates", []):
        qs = label_queries(x)
        got = [d for d in sugg if d["_queries"] & qs]
        if not got:
            continue
        what = "%s %s: %s got %s" % (x["id"], x.get("reason"), sorted(qs)[0],
                                     ", ".join(d["fix"]["sql"] for d in got))
        if x["id"] in expected:
            seen.add(x["id"])
            notes.append("expected difference (not counted): %s [%s]" % (what, expected[x["id"]]))
        else:
            fails.append("index non-candidate " + what)
    return fails, notes, seen


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dbl", default=os.path.join(REPO, "build", "dbl"))
    ap.add_argument("--corpus", default=os.path.join(os.path.dirname(REPO), "shared", "corpus", "querylogs"))
    ap.add_argument("--expect", default=os.path.join(HERE, "advice_labels_expect.json"))
    args = ap.parse_args()

    with open(os.path.join(args.corpus, "LABELS.json"), encoding="utf-8") as f:
        labels = json.load(f)
    expected = {}
    if os.path.exists(args.expect):
        with open(args.expect, encoding="utf-8") as f:
            for e in json.load(f)["index_non_candidates"]:
                expected[e["id"]] = e["why"]
    n_files = n_failed = 0
    seen = set()
    for app in sorted(labels["apps"]):
        a = labels["apps"][app]
        schema = os.path.join(args.corpus, app, "schema.sql")
        logs = sorted({fl["path"] if isinstance(fl, dict) else fl
                       for run in a["runs"] for fl in run_files(run)})
        if len(logs) != 7:
            print("FAIL %s: %d log files in the labels, expected 7" % (app, len(logs)))
            n_failed += 1
        for log in logs:
            n_files += 1
            path = os.path.join(args.corpus, log)
            try:
                fails, notes, s = check_file(app, a, schema, path, args.dbl, expected)
            except (RuntimeError, ValueError, OSError) as e:
                fails, notes, s = ["%s" % e], [], set()
            seen |= s
            print("%s %s" % ("FAIL" if fails else "ok  ", log))
            for n in notes:
                print("    " + n)
            for f in fails:
                print("    FAIL " + f)
            n_failed += bool(fails)
    for k in sorted(set(expected) - seen):
        print("note: expected difference %s matched nothing (remove it)" % k)
    print("%d files, %d failed" % (n_files, n_failed))
    return 1 if n_failed else 0


def run_files(run):
    """The log files of one run in LABELS.json, as paths relative to the corpus folder."""
    files = run.get("files", [])
    if isinstance(files, dict):
        files = [dict(v, path=k) if isinstance(v, dict) else k for k, v in files.items()]
    return files


if __name__ == "__main__":
    sys.exit(main())
