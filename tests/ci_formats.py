#!/usr/bin/env python3
"""--format github and --format gitlab, checked against what GitHub and GitLab document.

github: every line is a workflow command `::error|warning|notice file=F,line=L,col=C,endLine=L2,
endColumn=C2,title=T::MESSAGE` where property values escape % \\r \\n : , as %25 %0D %0A %3A %2C and
the message escapes % \\r \\n (actions/toolkit, packages/core/src/command.ts). Each line is parsed back
and must equal the JSON output's finding.
gitlab: the Code Quality report is a JSON array of issues with description, check_name, fingerprint,
severity (info, minor, major, critical, blocker) and location.path + location.lines.begin
(docs.gitlab.com, ci/testing/code_quality). Fingerprints are unique and stable across runs and edits
of unrelated lines.

  tests/ci_formats.py DBL"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ENV = dict(os.environ, LC_ALL="C", NO_COLOR="1")
failures = []

SQL = """-- dbl-ignore redundant-index: 100% stale, see: notes
CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE "odd,name:x%y" (id bigint PRIMARY KEY, user_id bigint REFERENCES users, price float);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users);
CREATE TABLE x (;
"""


def run(dbl, cwd, fmt, path):
    p = subprocess.run([dbl, "lint", "--no-config", "--format", fmt, path], cwd=cwd, capture_output=True, env=ENV)
    assert p.returncode in (0, 1), p.stderr
    return p.stdout.decode("utf-8")


def check(name, cond, detail=""):
    print(("ok   " if cond else "FAIL ") + name + ("" if cond else "\n  " + str(detail)[:2000]))
    if not cond:
        failures.append(name)


def unescape(s):
    return s.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def parse_github(line):
    m = re.fullmatch(r"::(error|warning|notice) ([^:]*)::(.*)", line)
    if not m:
        return None
    cmd, props, msg = m.groups()
    if "\r" in msg or "\n" in msg or re.search(r"%(?!25|0D|0A)", msg):
        return None  # a raw newline, or a % that is not an escape
    out = {}
    for kv in props.split(","):
        k, eq, v = kv.partition("=")
        if not eq or re.search(r"%(?!25|0D|0A|3A|2C)", v):
            return None
        out[k] = unescape(v)
    return cmd, out, unescape(msg)


def main():
    dbl = os.path.abspath(sys.argv[1])
    tmp = tempfile.mkdtemp()
    try:
        name = "db,x/a:b %25c\nd.sql"
        os.makedirs(os.path.join(tmp, "db,x"))
        with open(os.path.join(tmp, name), "w", encoding="utf-8") as f:
            f.write(SQL)
        diags = json.loads(run(dbl, tmp, "json", name))["diagnostics"]
        check("the case has findings with fixes, edits and no fix", len(diags) >= 5, diags)
        gh = run(dbl, tmp, "github", name)
        lines = gh.split("\n")
        check("github: one line per finding, newline-terminated", lines[-1] == "" and len(lines) - 1 == len(diags),
              gh)
        levels = {"error": "error", "warning": "warning", "info": "notice"}
        for i, (line, d) in enumerate(zip(lines, diags)):
            p = parse_github(line)
            if not p:
                check("github line %d is a well-escaped workflow command" % (i + 1), False, line)
                continue
            cmd, props, msg = p
            want = {"file": name, "line": str(d["line"]), "col": str(d["column"]), "endLine": str(d["end_line"]),
                    "endColumn": str(d["end_column"]), "title": d["rule"]}
            text = d["message"]
            if "fix" in d:
                text += "\n" + d["fix"]["description"] + (": " + d["fix"]["sql"] if "sql" in d["fix"] else "")
            check("github line %d: %s at %s:%s" % (i + 1, d["rule"], d["line"], d["column"]),
                  cmd == levels[d["severity"]] and props == want and msg == text and list(props) == list(want),
                  (line, props, want, msg, text))

        gl_text = run(dbl, tmp, "gitlab", name)
        gl = json.loads(gl_text)
        sev = {"info", "minor", "major", "critical", "blocker"}
        shape = isinstance(gl, list) and len(gl) == len(diags)
        for issue, d in zip(gl if shape else [], diags):
            shape &= (isinstance(issue.get("description"), str) and issue.get("check_name") == d["rule"]
                      and issue.get("description") == d["message"]
                      and re.fullmatch(r"[0-9a-f]{32}", issue.get("fingerprint", "")) is not None
                      and issue.get("severity") in sev and issue["location"]["path"] == name
                      and issue["location"]["lines"]["begin"] == d["line"]
                      and issue["location"]["lines"]["end"] == d["end_line"])
        check("gitlab: the documented Code Quality shape", shape, gl_text)
        fps = [i["fingerprint"] for i in gl]
        check("gitlab: fingerprints unique", len(set(fps)) == len(fps), fps)
        check("gitlab: same output on a second run", run(dbl, tmp, "gitlab", name) == gl_text)
        with open(os.path.join(tmp, name), "w", encoding="utf-8") as f:
            f.write("-- a comment that moves every line\n\n" + SQL)
        moved = json.loads(run(dbl, tmp, "gitlab", name))
        check("gitlab: fingerprints survive edits of unrelated lines",
              sorted(i["fingerprint"] for i in moved if i["check_name"] != "syntax-error") ==
              sorted(i["fingerprint"] for i in gl if i["check_name"] != "syntax-error"), (moved, gl))
        # ./ is not part of a repository path
        os.rename(os.path.join(tmp, name), os.path.join(tmp, "plain.sql"))
        gl2 = json.loads(run(dbl, tmp, "gitlab", "./plain.sql"))
        check("gitlab: paths relative to the repository, without ./", all(i["location"]["path"] == "plain.sql"
                                                                          for i in gl2), gl2)
    finally:
        shutil.rmtree(tmp)
    print("%d failed" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
