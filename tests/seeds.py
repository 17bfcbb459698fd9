#!/usr/bin/env python3
"""Seed cases: dbl's findings on testdata/seeds/<case>/migrations must be exactly
the findings listed in that case's EXPECTED.md (rule, object, file and statement)."""
import json
import os
import re
import subprocess
import sys

LINE = re.compile(r"^([a-z0-9-]+) \| (.+?) \| (\S+):(\d+) \|")


def expected(case_dir):
    out = []
    in_block = False
    with open(os.path.join(case_dir, "EXPECTED.md"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("## "):
                in_block = line.startswith("## Findings")
            m = LINE.match(line) if in_block else None
            if m:
                out.append((m.group(1), m.group(2).strip(), m.group(3), int(m.group(4))))
    return out


def key_of(diag, case_dir):
    o = diag["object"]
    rule = diag["rule"]
    if rule == "fk-without-index":
        obj = "%s(%s) -> %s" % (o["table"], ", ".join(o["columns"]), o["references"])
    elif rule == "redundant-index":
        t = o["table"]
        obj = "%s.%s" % (t, o["index"].split(".", 1)[1])
    elif "column" in o:
        obj = "%s.%s" % (o["table"], o["column"])
    else:
        obj = diag["message"]
    return rule, obj


def statement_contains(path, start_line, line):
    """True if `line` lies in the statement that starts at `start_line`."""
    if line < start_line:
        return False
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = f.read().split("\n")
    for l in range(start_line, line):
        text = re.sub(r"--.*$", "", lines[l - 1]).rstrip()
        if text.endswith(";"):
            return False
    return True


def main():
    dbl, seeds = os.path.abspath(sys.argv[1]), sys.argv[2]
    passed = failed = 0
    for case in sorted(os.listdir(seeds)):
        case_dir = os.path.join(seeds, case)
        if not os.path.isfile(os.path.join(case_dir, "EXPECTED.md")):
            continue
        res = subprocess.run([dbl, "lint", "--no-config", "--format", "json", "migrations"],
                             cwd=case_dir, capture_output=True, text=True)
        if res.returncode not in (0, 1):
            print("FAIL %s: dbl exited %d: %s" % (case, res.returncode, res.stderr))
            failed += 1
            continue
        got = {}
        for d in json.loads(res.stdout)["diagnostics"]:
            got.setdefault(key_of(d, case_dir), []).append(d)
        problems = []
        want = expected(case_dir)
        want_keys = set()
        for rule, obj, path, line in want:
            base = obj.split(" covered by ")[0] if rule == "redundant-index" else obj
            k = (rule, base)
            want_keys.add(k)
            ds = got.get(k)
            if not ds:
                problems.append("missing: %s | %s | %s:%d" % (rule, obj, path, line))
                continue
            d = ds[0]
            if d["file"] != path or not statement_contains(os.path.join(case_dir, path), line, d["line"]):
                problems.append("wrong place: %s | %s: expected the statement at %s:%d, got %s:%d"
                                % (rule, obj, path, line, d["file"], d["line"]))
            if rule == "redundant-index":
                allowed = [c.strip() for c in obj.split(" covered by ")[1].split(" / ")]
                table = d["object"]["table"]
                cov = "%s.%s" % (table, d["object"]["covered_by"].split(".", 1)[1])
                if cov not in allowed:
                    problems.append("covered by %s, expected one of %s: %s" % (cov, allowed, obj))
        for k, ds in sorted(got.items()):
            if k not in want_keys:
                d = ds[0]
                problems.append("unexpected: %s | %s | %s:%d | %s" % (k[0], k[1], d["file"], d["line"], d["message"]))
        if problems:
            failed += 1
            print("FAIL %s" % case)
            for p in problems:
                print("  " + p)
        else:
            passed += 1
            print("ok   %s (%d findings)" % (case, len(want)))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
