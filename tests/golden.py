#!/usr/bin/env python3
"""Golden tests: run dbl on each case folder and compare its output byte for byte.

  testdata/rules/<rule>/input.sql  ->  expected.txt (text output) and expected.json (args: extra options)
  testdata/cli/<case>/args         ->  stdout, stderr, exit  (stdin and env optional)

In args, one argument per line; {case} is replaced by the case folder.
DBL_BLESS=1 rewrites the expectations; review the diff like any other change."""
import difflib
import json
import os
import subprocess
import sys

BLESS = os.environ.get("DBL_BLESS") == "1"
ENV = dict(os.environ, LC_ALL="C", NO_COLOR="1")


def check(path, got, failures):
    if BLESS:
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(got)
        return
    try:
        with open(path, encoding="utf-8", newline="") as f:
            want = f.read()
    except FileNotFoundError:
        want = ""
    if got != want:
        diff = "".join(difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                            "expected/" + os.path.basename(path), "actual"))
        failures.append("%s differs:\n%s" % (path, diff))


def run(dbl, args, cwd, stdin=None, env=None):
    p = subprocess.run([dbl] + args, cwd=cwd, input=stdin, capture_output=True, env=env or ENV)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def rule_case(dbl, d, rule, failures):
    # an optional args file: options the rule needs, one a line (unknown-object: --complete)
    extra = []
    if os.path.exists(os.path.join(d, "args")):
        with open(os.path.join(d, "args"), encoding="utf-8") as f:
            extra = [a for a in f.read().split("\n") if a != ""]
    code, out, err = run(dbl, ["lint", "--no-config"] + extra + ["input.sql"], d)
    if code not in (0, 1):
        failures.append("%s: exit %d: %s" % (d, code, err))
    check(os.path.join(d, "expected.txt"), out, failures)
    code, out, _ = run(dbl, ["lint", "--no-config", "--format", "json"] + extra + ["input.sql"], d)
    check(os.path.join(d, "expected.json"), out, failures)
    # the case must exercise its rule: at least one finding of it
    if rule and not BLESS:
        rules = {x["rule"] for x in json.loads(out)["diagnostics"]}
        if rule not in rules:
            failures.append("%s: no %s finding at all" % (d, rule))


def cli_case(dbl, d, failures):
    with open(os.path.join(d, "args"), encoding="utf-8") as f:
        args = [a.replace("{case}", d) for a in f.read().split("\n") if a != ""]
    stdin = None
    if os.path.exists(os.path.join(d, "stdin")):
        with open(os.path.join(d, "stdin"), "rb") as f:
            stdin = f.read()
    env = dict(ENV)
    if os.path.exists(os.path.join(d, "env")):  # KEY=VALUE per line; an empty value unsets KEY
        with open(os.path.join(d, "env"), encoding="utf-8") as f:
            for line in f.read().splitlines():
                k, _, v = line.partition("=")
                if v:
                    env[k] = v
                else:
                    env.pop(k, None)
    code, out, err = run(dbl, args, d, stdin, env)
    check(os.path.join(d, "stdout"), out, failures)
    check(os.path.join(d, "stderr"), err, failures)
    check(os.path.join(d, "exit"), "%d\n" % code, failures)


def main():
    dbl = os.path.abspath(sys.argv[1])
    root = os.path.abspath(sys.argv[2])
    passed = failed = 0
    for kind in ("rules", "catalog", "cli"):
        base = os.path.join(root, kind)
        if not os.path.isdir(base):
            continue
        for name in sorted(os.listdir(base)):
            d = os.path.join(base, name)
            failures = []
            if kind == "cli":
                cli_case(dbl, d, failures)
            elif kind == "catalog":
                # catalog cases are also differential cases: the whole schema, as PostgreSQL sees it
                code, out, err = run(dbl, ["catalog", "--no-config", "--complete", "input.sql"], d)
                check(os.path.join(d, "expected.json"), out, failures)
            else:
                rule_case(dbl, d, name if name in rule_names(dbl) else None, failures)
            if failures:
                failed += 1
                print("FAIL %s/%s" % (kind, name))
                for f in failures:
                    print("  " + f.replace("\n", "\n  "))
            else:
                passed += 1
                print("ok   %s/%s" % (kind, name))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed or passed == 0 else 0


_rules = None


def rule_names(dbl):
    global _rules
    if _rules is None:
        out = subprocess.run([dbl, "rules"], capture_output=True, text=True).stdout
        _rules = {l.split()[0] for l in out.splitlines() if l.strip()}
    return _rules


if __name__ == "__main__":
    sys.exit(main())
