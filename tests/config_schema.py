#!/usr/bin/env python3
"""docs/dbl.schema.json matches what dbl accepts: its rule names are `dbl rules`, its keys are the keys
of the configuration golden cases (testdata/cli/config-key-*, one per key), every good case's
.dbl.json validates and every bad value's case (testdata/cli/bad-config-*) does not.

  tests/config_schema.py DBL SCHEMA TESTDATA_CLI"""
import json
import os
import subprocess
import sys

import jsonschema

# bad cases the schema cannot see: JSON that does not parse, duplicate keys, a missing file
NOT_SCHEMA = {"bad-config-json", "bad-config-duplicate-key", "bad-config-missing-file"}


def main():
    dbl, schema_path, cli = sys.argv[1:4]
    schema = json.load(open(schema_path))
    jsonschema.Draft7Validator.check_schema(schema)
    v = jsonschema.Draft7Validator(schema)
    failed = []
    rules = [l.split()[0] for l in subprocess.run([dbl, "rules"], capture_output=True, text=True).stdout.splitlines()
             if l.strip()]
    if sorted(schema["properties"]["rules"]["properties"]) != sorted(rules):
        failed.append("rules in the schema are not `dbl rules`")
    keys = set(schema["properties"]) - {"$schema"}
    keys = {k for k in keys if k != "money"} | {"money-" + k for k in schema["properties"]["money"]["properties"]}
    cases = {n[len("config-key-"):].replace("-", "_") for n in os.listdir(cli) if n.startswith("config-key-")}
    want = {k.replace("-", "_") for k in keys} | {"schema"}
    if cases != want:
        failed.append("keys without a golden case: %s; cases without a key: %s" % (sorted(want - cases),
                                                                                      sorted(cases - want)))
    for n in sorted(os.listdir(cli)):
        d = os.path.join(cli, n)
        for fn in (".dbl.json", "bad.json"):
            p = os.path.join(d, fn)
            if not os.path.exists(p) or n in NOT_SCHEMA:
                continue
            errors = list(v.iter_errors(json.load(open(p))))
            bad = n.startswith("bad-config")
            if bad and not errors:
                failed.append("%s: the schema accepts a configuration dbl refuses" % n)
            if not bad and errors:
                failed.append("%s: the schema refuses a configuration dbl accepts: %s" % (n, errors[0].message))
            print("%s %s" % ("FAIL" if (bad != bool(errors)) else "ok  ", n))
    for f in failed:
        print("FAIL " + f)
    print("%d failed" % len(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
