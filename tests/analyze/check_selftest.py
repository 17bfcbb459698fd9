#!/usr/bin/env python3
"""check_selftest.py - check.py must pass a perfect answer and fail every spoiled one.

Usage: check_selftest.py corpus DIR | generated DIR

Runs check.py with oracle.py in place of dbl: once as labeled (every check must
pass) and once per spoiling mode (check.py must then exit 1 and name the right
failure). Prints `N passed, N failed`. Standard library only.
"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = [("", 0, None),
         ("short", 1, "missing bursts of"),
         ("decoy", 1, "polling"),
         ("norepeat", 1, "repeated-query in"),
         ("nobody", 1, "loop body")]


def main():
    what, root = sys.argv[1], sys.argv[2]
    passed = failed = 0
    for mode, want, text in CASES:
        if what == "corpus" and mode == "nobody":
            continue  # the corpus labels name no loop bodies
        env = dict(os.environ, DBL_ORACLE_MODE=mode)
        p = subprocess.run([sys.executable, os.path.join(HERE, "check.py"), "--dbl",
                            os.path.join(HERE, "oracle.py"), what, root], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
        last = p.stdout.strip().splitlines()[-1] if p.stdout.strip() else ""
        fails = [ln for ln in p.stdout.splitlines() if ln.startswith("FAIL")]
        ok = p.returncode == want and (text is None or (fails and text in p.stdout))
        print("%s  mode %-9s exit %d (want %d): %s" % ("PASS" if ok else "FAIL", mode or "perfect",
                                                      p.returncode, want, last))
        if not ok:
            print(p.stdout[-3000:])
        passed, failed = passed + ok, failed + (not ok)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
