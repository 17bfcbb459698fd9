#!/usr/bin/env python3
"""Writes docs/rules/<rule>.md from `dbl explain` (the rule declarations), or
with --check fails if any file is missing or stale."""
import os
import subprocess
import sys


def main():
    dbl, out_dir = sys.argv[1], sys.argv[2]
    check = "--check" in sys.argv
    names = [l.split()[0] for l in subprocess.run([dbl, "rules"], capture_output=True, text=True,
                                                  check=True).stdout.splitlines() if l.strip()]
    stale = []
    index = ["# Rules\n\nGenerated from the rule declarations in rules/ by tests/gen_docs.py.\n\n",
             "| rule | default severity | what it flags |\n|---|---|---|\n"]
    for l in subprocess.run([dbl, "rules"], capture_output=True, text=True, check=True).stdout.splitlines():
        parts = l.split(None, 2)
        index.append("| [%s](%s.md) | %s | %s |\n" % (parts[0], parts[0], parts[1], parts[2]))
    files = {"README.md": "".join(index)}
    for n in names:
        files[n + ".md"] = subprocess.run([dbl, "explain", n], capture_output=True, text=True, check=True).stdout
    os.makedirs(out_dir, exist_ok=True)
    for fname, text in files.items():
        path = os.path.join(out_dir, fname)
        old = open(path, encoding="utf-8").read() if os.path.exists(path) else None
        if old != text:
            if check:
                stale.append(path)
            else:
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
    if check:
        for p in stale:
            print("stale: %s (run tests/gen_docs.py DBL docs/rules)" % p)
        print("%d passed, %d failed" % (len(files) - len(stale), len(stale)))
        return 1 if stale else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
