#!/usr/bin/env python3
"""Lints every schema source of the corpus and PostgreSQL's regression SQL.

Passes when dbl never crashes (exit 0 or 1, JSON output) and every statement is
either parsed or reported: parsed + syntax_errors == statements, with one
syntax-error diagnostic per rejected statement. With --valgrind, each run goes
through memcheck and must report no errors and no leaks."""
import argparse
import json
import os
import subprocess
import sys


def sources(corpus):
    schemas = os.path.join(corpus, "schemas")
    for name in sorted(os.listdir(schemas)):
        d = os.path.join(schemas, name)
        if os.path.isdir(d):
            yield "schemas/" + name, [d]
    yield "pg-regress", [os.path.join(corpus, "pg-regress")]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dbl")
    ap.add_argument("corpus")
    ap.add_argument("--valgrind")
    ap.add_argument("--suppressions")
    a = ap.parse_args()
    passed = failed = 0
    for name, paths in sources(a.corpus):
        cmd = [a.dbl, "lint", "--no-config", "--format", "json"] + paths
        if a.valgrind:
            cmd = [a.valgrind, "--quiet", "--error-exitcode=99", "--leak-check=full",
                   "--show-leak-kinds=definite,indirect,possible", "--errors-for-leak-kinds=definite,indirect,possible"] + \
                  (["--suppressions=" + a.suppressions] if a.suppressions else []) + cmd
        p = subprocess.run(cmd, capture_output=True, text=True, errors="replace")
        problems = []
        if p.returncode not in (0, 1):
            problems.append("exit %d\n%s" % (p.returncode, p.stderr[-3000:]))
        else:
            try:
                out = json.loads(p.stdout)
                s = out["summary"]
                errs = sum(1 for d in out["diagnostics"] if d["rule"] == "syntax-error")
                if s["parsed"] + s["syntax_errors"] != s["statements"]:
                    problems.append("statements %d != parsed %d + rejected %d"
                                    % (s["statements"], s["parsed"], s["syntax_errors"]))
                if errs != s["syntax_errors"]:
                    problems.append("%d syntax-error diagnostics for %d rejected statements"
                                    % (errs, s["syntax_errors"]))
                if s["statements"] == 0:
                    problems.append("no statements read")
                detail = "%d files, %d statements, %d rejected, %d findings" % (
                    s["files"], s["statements"], s["syntax_errors"], len(out["diagnostics"]))
            except (ValueError, KeyError) as e:
                problems.append("bad JSON output: %s" % e)
        if problems:
            failed += 1
            print("FAIL %s" % name)
            for x in problems:
                print("  " + x)
        else:
            passed += 1
            print("ok   %s: %s" % (name, detail))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
