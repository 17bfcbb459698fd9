#!/usr/bin/env python3
"""The CI examples say what the README says: .pre-commit-hooks.yaml has the dbl hook on .sql files
with an entry that exists and is executable; the GitHub Actions example lints to SARIF and uploads it
to code scanning with the permission it needs; the GitLab example publishes a Code Quality report.

  tests/ci_examples.py SOURCE_DIR"""
import os
import re
import sys

import yaml


def main():
    src = sys.argv[1]
    failed = []

    def check(name, cond):
        print(("ok   " if cond else "FAIL ") + name)
        if not cond:
            failed.append(name)

    hooks = yaml.safe_load(open(os.path.join(src, ".pre-commit-hooks.yaml")))
    hook = next((h for h in hooks if h.get("id") == "dbl"), None)
    check("pre-commit: a dbl hook", hook is not None)
    if hook:
        entry = os.path.join(src, hook["entry"].split()[0])
        check("pre-commit: entry exists and is executable", os.access(entry, os.X_OK))
        check("pre-commit: files match .sql only", re.search(hook["files"], "db/1_init.sql") is not None
              and re.search(hook["files"], "README.md") is None)
        check("pre-commit: language script, serial", hook["language"] == "script" and hook.get("require_serial"))
    gh = yaml.safe_load(open(os.path.join(src, "docs", "ci", "github-actions.yml")))
    steps = [s for job in gh["jobs"].values() for s in job["steps"]]
    runs = "\n".join(s.get("run", "") for s in steps)
    check("github: builds and installs dbl", "setup.sh" in runs and "cmake --install" in runs)
    check("github: lints to SARIF", "--format sarif" in runs)
    upload = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    check("github: uploads the SARIF to code scanning", len(upload) == 1 and upload[0]["with"]["sarif_file"] == "dbl.sarif")
    check("github: may write security events", gh["permissions"].get("security-events") == "write")
    gl = yaml.safe_load(open(os.path.join(src, "docs", "ci", "gitlab-ci.yml")))
    job = gl["dbl"]
    script = "\n".join(job["script"])
    report = job["artifacts"]["reports"]["codequality"]
    check("gitlab: writes the Code Quality report it publishes", "--format gitlab" in script and report in script)
    hook_doc = open(os.path.join(src, "docs", "ci", "git-pre-commit.sh")).read()
    check("git hook: executable and lints what is staged",
          os.access(os.path.join(src, "docs", "ci", "git-pre-commit.sh"), os.X_OK) and "checkout-index" in hook_doc)
    print("%d failed" % len(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
