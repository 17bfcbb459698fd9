#!/usr/bin/env python3
"""Baseline round trip on a real corpus schema (pagila):
write a baseline; edit unrelated lines: no new findings; add one defect: exactly one new finding
(also when it is a second copy of a recorded defect); fix one: the prune count is one. The file is
sorted, one finding per line, byte-identical when rewritten, and written without leaving temporaries.

  tests/baseline.py DBL CORPUS_SCHEMAS"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ENV = dict(os.environ, LC_ALL="C", NO_COLOR="1")
failures = []


def lint(dbl, cwd, *args):
    p = subprocess.run([dbl, "lint", "--no-config", "--format", "json"] + list(args), cwd=cwd,
                       capture_output=True, text=True, env=ENV)
    if p.returncode not in (0, 1):
        sys.exit("dbl failed (%d): %s" % (p.returncode, p.stderr))
    out = json.loads(p.stdout) if p.stdout else None
    return p.returncode, out, p.stderr


def check(name, cond, detail=""):
    print(("ok   " if cond else "FAIL ") + name + ("" if cond else "\n  " + detail))
    if not cond:
        failures.append(name)


def main():
    dbl = os.path.abspath(sys.argv[1])
    src = os.path.join(sys.argv[2], "pagila", "pagila-schema.sql")
    tmp = tempfile.mkdtemp()
    try:
        schema = os.path.join(tmp, "schema.sql")
        shutil.copy(src, schema)
        text = open(schema, encoding="utf-8").read()
        _, full, _ = lint(dbl, tmp, "schema.sql")
        n = len(full["diagnostics"])
        code, _, err = lint(dbl, tmp, "--write-baseline", "baseline.json", "schema.sql")
        check("write: exit 0 and says how many", code == 0 and ("recorded %d findings" % n) in err, err)
        base = open(os.path.join(tmp, "baseline.json"), encoding="utf-8").read()
        doc = json.loads(base)
        lines = base.splitlines()[1:-1]
        entries = [l.strip().rstrip(",") for l in lines]
        check("baseline: one finding per line, sorted, no line numbers",
              len(doc["findings"]) == n and entries == sorted(entries) and '"line"' not in base, base[:400])
        check("write: no temporary file left", sorted(os.listdir(tmp)) == ["baseline.json", "schema.sql"],
              str(os.listdir(tmp)))
        lint(dbl, tmp, "--write-baseline", "baseline.json", "schema.sql")
        check("write: rewriting gives the same bytes", open(os.path.join(tmp, "baseline.json")).read() == base)

        # unrelated edits: lines added at the top and in the middle move every finding
        mid = text.index("CREATE TABLE public.rental")
        edited = "-- edited\n\n\n" + text[:mid] + "-- a note\n\n" + text[mid:]
        open(schema, "w", encoding="utf-8").write(edited)
        code, out, err = lint(dbl, tmp, "--baseline", "baseline.json", "schema.sql")
        check("unrelated edits: no new findings, exit 0", code == 0 and out["diagnostics"] == [],
              json.dumps(out["diagnostics"])[:400])
        check("unrelated edits: nothing fixed", "%d of %d entries still occur\n" % (n, n) in err, err)

        # one new defect
        defect = "\nCREATE TABLE public.review (id int PRIMARY KEY, film_id int NOT NULL REFERENCES public.film);\n"
        open(schema, "w", encoding="utf-8").write(edited + defect)
        code, out, err = lint(dbl, tmp, "--baseline", "baseline.json", "schema.sql")
        new = out["diagnostics"]
        check("one defect added: exactly one new finding",
              code == 1 and len(new) == 1 and new[0]["object"].get("table") == "public.review", json.dumps(new))

        # a second copy of a recorded defect (same rule and object) is new too
        dup = "\nALTER TABLE public.rental ADD CONSTRAINT rental_customer_again FOREIGN KEY (customer_id) REFERENCES public.customer;\n"
        open(schema, "w", encoding="utf-8").write(edited + dup)
        code, out, err = lint(dbl, tmp, "--baseline", "baseline.json", "schema.sql")
        new = out["diagnostics"]
        check("a second identical defect: exactly one new finding",
              len(new) == 1 and new[0]["object"] == {"table": "public.rental", "columns": ["customer_id"],
                                                     "references": "public.customer"}, json.dumps(new))

        # one defect fixed
        fix = "\nCREATE INDEX rental_staff_id_idx ON public.rental (staff_id);\n"
        open(schema, "w", encoding="utf-8").write(edited + fix)
        code, out, err = lint(dbl, tmp, "--baseline", "baseline.json", "schema.sql")
        m = re.search(r"; (\d+) no longer occurs? \(fixed\): prune with --write-baseline baseline.json", err)
        check("one defect fixed: no new findings, prune count one",
              code == 0 and out["diagnostics"] == [] and m and m.group(1) == "1", err)

        # a file that is not a baseline
        open(os.path.join(tmp, "bad.json"), "w").write('{"findings": 3}')
        p = subprocess.run([dbl, "lint", "--no-config", "--baseline", "bad.json", "schema.sql"], cwd=tmp,
                           capture_output=True, text=True, env=ENV)
        check("not a baseline: exit 2 with a message", p.returncode == 2 and "not a dbl baseline" in p.stderr,
              p.stderr)
    finally:
        shutil.rmtree(tmp)
    print("%d failed" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
