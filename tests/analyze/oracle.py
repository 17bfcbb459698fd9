#!/usr/bin/env python3
"""oracle.py - stands in for `dbl analyze --format json` in check_selftest.py.

Called as `oracle.py analyze [OPTIONS] LOG`, it prints the JSON that a dbl
finding exactly what the labels next to LOG say would print (LABELS.json of the
corpus or labels.json of genlogs.py, found in LOG's folder or above), so the
checker can be tested without dbl. DBL_ORACLE_MODE spoils the answer on
purpose: "short" (one burst one execution short), "decoy" (an n-plus-one
finding on a polling decoy), "nobody" (loop bodies left out), "norepeat" (no
repeated-query findings). Standard library only.
"""
import json
import os
import sys


def labels_dir(path):
    d = os.path.dirname(os.path.abspath(path))
    while d != "/":
        for name in ("LABELS.json", "labels.json"):
            if os.path.exists(os.path.join(d, name)):
                return d, name
        d = os.path.dirname(d)
    sys.exit("oracle.py: no labels above %s" % path)


def n1(query, occ, parent=None, body=()):
    return {"rule": "n-plus-one", "severity": "warning",
            "object": {"query": query, "parent_query": parent,
                       "body": [{"query": b} for b in body], "occurrences": occ}}


def main():
    path = sys.argv[-1]
    mode = os.environ.get("DBL_ORACLE_MODE", "")
    root, name = labels_dir(path)
    rel = os.path.relpath(os.path.abspath(path), root)
    L = json.load(open(os.path.join(root, name)))
    diags = []
    summary = {}
    if name == "LABELS.json":
        spoiled = False
        for app in L["apps"].values():
            if any(rel in r["files"] for r in app["runs"]):
                summary["statements"] = sum(q["occurrences"] for q in app["query_catalog"])
            for b in app["n_plus_one"]:
                loc = b["locations"].get(rel)
                if loc:
                    c = loc["count"]
                    if mode == "short" and not spoiled:
                        c, spoiled = c - 1, True
                    diags.append(n1(b["normalized_query"] + ";", [{"pid": loc["pid"], "count": c}]))
            for d in app["decoys"]:
                for s in d["locations"].get(rel, {}).get("by_session", {}).values():
                    if d["kind"].startswith("identical") and mode != "norepeat":
                        diags.append({"rule": "repeated-query",
                                      "object": {"query": d["normalized_queries"][0], "pid": s["pid"]}})
                    if mode == "decoy" and d["kind"].startswith("polling"):
                        diags.append(n1(d["normalized_queries"][0], [{"pid": s["pid"], "count": s["count"]}]))
    else:
        run = [r for r in L["runs"] if r["run"] == rel.split("/")[0]][0]
        pids = {k: v["pid"] for k, v in run["sessions"].items()}
        summary["statements"] = run.get("statements_sent")
        for i, b in enumerate(L["n_plus_one"]):
            bursts = list(b["bursts"])
            if mode == "short" and i == 0:
                bursts[0] -= 1
            diags.append(n1(b["query"], [{"pid": pids[b["session"]], "count": c} for c in bursts],
                            b["parent"], [] if mode == "nobody" else b["body"]))
        for d in L["decoys"]:
            if d.get("expect_rule") and mode != "norepeat":
                diags.append({"rule": d["expect_rule"],
                              "object": {"query": d["queries"][0], "pid": pids[d["sessions"][0]]}})
            if mode == "decoy" and d["kind"].startswith("polling"):
                diags.append(n1(d["queries"][0], [{"pid": pids[d["sessions"][0]], "count": 4}]))
    json.dump({"version": 1, "diagnostics": diags, "summary": summary}, sys.stdout)
    print()
    return 1 if diags else 0


if __name__ == "__main__":
    sys.exit(main())
