#!/usr/bin/env python3
"""The index advisor's proof by PostgreSQL's planner.

For every case folder under testdata/planner/ (case.json: schema files, a data
generator, the logs to analyze, where to find literal examples, which queries are
served), this script

  1. starts a throwaway PostgreSQL 15 server (tests/pg/pgserver.sh) with the
     hypopg extension (Debian's postgresql-15-hypopg),
  2. loads the schema into a fresh database, runs the case's data generator and
     VACUUM ANALYZE,
  3. runs `dbl analyze --format json --schema ... LOG...`,
  4. for every missing-index / missing-composite-index suggestion and every query it
     names: EXPLAIN (FORMAT JSON) of the prepared query, as a generic plan
     (EXECUTE with NULLs) and as custom plans with literal values found in the log,
     before and after hypopg_create_index() of the suggested index; a suggestion is
     confirmed when, for at least one of its queries, the planner uses the
     hypothetical index and the plan's total cost drops,
  5. for every served query (the corpus labels' served_queries, a case's "served"
     list), checks that dbl suggested nothing for it and that the planner already
     uses an index on that table.

A suggestion that is not confirmed, or a served query the planner does not serve
with an index, fails the run (exit 1) unless tests/analyze/planner_expect.json lists
it with the reason. The last line is `N suggestions, M confirmed by the planner`.

Standard library only; psql is the client.
"""

import argparse
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
ADVICE_RULES = ("missing-index", "missing-composite-index")
MAX_EXAMPLES = 3


# --------------------------------------------------------------------------
# the server


class PgServer:
    """A throwaway server started with tests/pg/pgserver.sh, stopped by stop()."""

    def __init__(self, script):
        self.script = script
        self.parent = None
        self.env = None

    def start(self):
        # a private parent folder, so that cleanup also works if we are
        # interrupted while pgserver.sh is still starting
        self.parent = tempfile.mkdtemp(prefix="dbl-pg-planner.")
        os.chmod(self.parent, 0o755)  # the server may run as user postgres
        env = dict(os.environ, PGSERVER_TMPDIR=self.parent)
        p = subprocess.run(["bash", self.script, "start"], env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, universal_newlines=True)
        if p.returncode != 0:
            raise RuntimeError("pgserver.sh start failed:\n" + p.stderr + p.stdout)
        info = {}
        for ln in p.stdout.splitlines():
            k, _, v = ln.partition("=")
            if k:
                info[k] = shlex.split(v)[0] if v else ""
        self.env = dict(os.environ)
        for k in ("PGSERVICE", "PGSERVICEFILE", "PGPASSFILE", "PGCONNECT_TIMEOUT", "PGOPTIONS"):
            self.env.pop(k, None)
        for k in ("PGHOST", "PGPORT", "PGUSER", "PGDATABASE"):
            self.env[k] = info[k]
        self.env["PGOPTIONS"] = "-c client_min_messages=warning"
        bindir = info.get("PGBIN") or "/usr/lib/postgresql/15/bin"
        self.psql_bin = os.path.join(bindir, "psql")
        if not os.access(self.psql_bin, os.X_OK):
            self.psql_bin = shutil.which("psql") or "psql"

    def stop(self):
        if not self.parent:
            return
        old = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            if os.path.isdir(self.parent):
                for name in os.listdir(self.parent):
                    d = os.path.join(self.parent, name)
                    if name.startswith("dbl-pg.") and os.path.isdir(d):
                        subprocess.run(["bash", self.script, "stop", d], stdout=subprocess.DEVNULL)
                for _ in range(5):
                    shutil.rmtree(self.parent, ignore_errors=True)
                    if not os.path.exists(self.parent):
                        break
                    time.sleep(0.5)
        finally:
            signal.signal(signal.SIGINT, old)
            self.parent = None

    def psql(self, db, script=None, file=None, timeout=600):
        """Run psql on db (a script on stdin, or a file); return (rc, stdout, stderr)."""
        cmd = [self.psql_bin, "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-d", db]
        if file:
            cmd += ["-f", file]
        p = subprocess.run(cmd, input=script if script is not None else "", env=self.env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                           timeout=timeout)
        return p.returncode, p.stdout, p.stderr


# --------------------------------------------------------------------------
# literal examples of a normalized query, from the logs

_LIT = r"(?:'(?:[^']|'')*'|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|TRUE|FALSE|NULL|true|false)"
_STMT = re.compile(r"LOG:  (?:statement|execute [^:]+): (.*)$")
_DETAIL = re.compile(r"DETAIL:  parameters: (.*)$")
_PARAM = re.compile(r"\$(\d+) = ('(?:[^']|'')*'|NULL)")


def read_statements(path):
    """[(text, params or None)] of a stderr log (default prefix) or a plain .sql file."""
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = f.read().split("\n")
    out = []
    if path.endswith(".sql"):
        cur = []
        for ln in lines:
            if not cur and (not ln.strip() or ln.lstrip().startswith("--")):
                continue
            cur.append(ln)
            if ln.rstrip().endswith(";"):
                out.append(("\n".join(cur).strip(), None))
                cur = []
        return out
    i = 0
    while i < len(lines):
        m = _STMT.search(lines[i])
        i += 1
        if not m:
            continue
        text = [m.group(1)]
        while i < len(lines) and lines[i].startswith("\t"):
            text.append(lines[i][1:])
            i += 1
        params = None
        if i < len(lines):
            d = _DETAIL.search(lines[i])
            if d:
                params = {int(k): v for k, v in _PARAM.findall(d.group(1))}
        out.append(("\n".join(text), params))
    return out


def examples_of(query, statements):
    """Up to MAX_EXAMPLES distinct parameter lists (SQL literals) for a normalized query."""
    q = query.rstrip().rstrip(";").rstrip()
    n = n_params(q)
    parts = re.split(r"\$(\d+)", q)
    rx, seen_groups = "", set()
    for k, part in enumerate(parts):
        if k % 2 == 0:
            rx += re.escape(part)
        elif part in seen_groups:
            rx += "(?P=p%s)" % part
        else:
            seen_groups.add(part)
            rx += "(?P<p%s>%s)" % (part, _LIT)
    pat = re.compile(r"\s*" + rx + r"\s*;?\s*\Z", re.S)
    found = []
    for text, params in statements:
        vals = None
        if params is not None and text.rstrip().rstrip(";").rstrip() == q:
            if all(i in params for i in range(1, n + 1)):
                vals = [params[i] for i in range(1, n + 1)]
        else:
            m = pat.match(text)
            if m and all(("p%d" % i) in m.groupdict() for i in range(1, n + 1)):
                vals = [m.group("p%d" % i) for i in range(1, n + 1)]
        if vals is not None and vals not in found:
            found.append(vals)
            if len(found) >= MAX_EXAMPLES:
                break
    return found


def n_params(query):
    return max([int(x) for x in re.findall(r"\$(\d+)", query)] or [0])


# --------------------------------------------------------------------------
# plans


def plan_facts(plan_json):
    """(total cost, [index names used], [node types]) of an EXPLAIN (FORMAT JSON) result."""
    top = json.loads(plan_json)[0]["Plan"]
    names, nodes = [], []

    def walk(n):
        nodes.append(n.get("Node Type"))
        if "Index Name" in n:
            names.append(n["Index Name"])
        for c in n.get("Plans", []):
            walk(c)
    walk(top)
    return top["Total Cost"], names, nodes


class Planner:
    def __init__(self, server, db):
        self.server = server
        self.db = db
        self.counter = 0

    def explain(self, query, values, hypo_sql=None):
        """Plan facts of query (values: None for a generic plan, else a list of literals),
        optionally with a hypothetical index. Returns (facts, hypo_name, error)."""
        self.counter += 1
        name = "dbl_p%d" % self.counter
        q = query.rstrip().rstrip(";")
        n = n_params(q)
        script = ["SET plan_cache_mode = %s;" % ("force_generic_plan" if values is None
                                                  else "force_custom_plan")]
        if hypo_sql:
            script.append("\\echo @@hypo")
            script.append("SELECT indexname FROM hypopg_create_index(%s);" % sql_literal(hypo_sql))
        script.append("PREPARE %s AS %s;" % (name, q))
        args = values if values is not None else ["NULL"] * n
        script.append("\\echo @@plan")
        script.append("EXPLAIN (FORMAT JSON) EXECUTE %s%s;" % (name, "(%s)" % ", ".join(args) if n else ""))
        rc, out, err = self.server.psql(self.db, "\n".join(script) + "\n")
        if rc != 0:
            return None, None, (err.strip() or "psql exit %d" % rc)
        hypo, _, plan = out.partition("@@plan\n")
        hypo_name = None
        if hypo_sql:
            hypo_name = hypo.replace("@@hypo\n", "").strip()
        try:
            return plan_facts(plan), hypo_name, None
        except (ValueError, KeyError, IndexError) as e:
            return None, hypo_name, "cannot read the plan (%s): %s" % (e, plan[:200])


def sql_literal(s):
    return "'" + s.replace("'", "''") + "'"


def hypothetical_sql(fix_sql):
    s = re.sub(r"^\s*CREATE\s+(UNIQUE\s+)?INDEX\s+CONCURRENTLY\s+", lambda m: "CREATE " + (m.group(1) or "") + "INDEX ",
               fix_sql, flags=re.I)
    return s.strip().rstrip(";")


# --------------------------------------------------------------------------
# cases


def expand(path, case_dir, shared):
    if path.startswith("{shared}/"):
        return os.path.join(shared, path[len("{shared}/"):])
    return os.path.join(case_dir, path)


def label_served(labels_path, app):
    """[(table, query, why)] of the corpus labels' served_queries for one app."""
    with open(labels_path, encoding="utf-8") as f:
        a = json.load(f)["apps"][app]
    out = []
    for s in a.get("served_queries", []):
        table = s["table"] if "." in s["table"] else "public." + s["table"]
        why = "%s (%s)" % (s.get("serving_index"), s.get("id"))
        if s.get("prepared_statement"):
            out.append((table, s["prepared_statement"]["query"], why))
            continue
        qs = s.get("normalized_queries") or [s["normalized_query"]]
        for q in qs:
            out.append((table, q, why))
    return out


def run_dbl(dbl, schemas, logs):
    cmd = [dbl, "analyze", "--format", "json"]
    for s in schemas:
        cmd += ["--schema", s]
    cmd += logs
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                       env=dict(os.environ, LC_ALL="C", NO_COLOR="1"))
    if p.returncode not in (0, 1):
        raise RuntimeError("%s: exit %d\n%s" % (" ".join(cmd), p.returncode, p.stderr))
    doc = json.loads(p.stdout)
    return [d for d in doc["diagnostics"] if d["rule"] in ADVICE_RULES], doc.get("summary", {})


def strip_semi(q):
    return q.rstrip().rstrip(";").rstrip()


class Expectations:
    def __init__(self, path):
        self.items = {"not_confirmed": [], "not_served": []}
        if path and os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
            for k in self.items:
                self.items[k] = [dict(e, used=False) for e in doc.get(k, [])]

    def find(self, kind, case, table, columns=None, query=None):
        for e in self.items[kind]:
            if e.get("case") != case or e.get("table") != table:
                continue
            if columns is not None and e.get("columns") != columns:
                continue
            if query is not None and strip_semi(e.get("query", "")) != strip_semi(query):
                continue
            e["used"] = True
            return e
        return None

    def unused(self, cases):
        return [(k, e) for k, l in self.items.items() for e in l if not e["used"] and e.get("case") in cases]


def fmt_cost(c):
    return "-" if c is None else "%.2f" % c


# the tables (with their row counts) and the indexes (with their table) of the user schemas
USER_RELATIONS = """\\pset fieldsep '\\t'
SELECT 'table', n.nspname || '.' || c.relname, c.reltuples::bigint FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
   AND n.nspname NOT LIKE 'pg_toast%' ORDER BY 2;
SELECT 'index', i.relname, n.nspname || '.' || t.relname FROM pg_index x
  JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
 WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%';
"""


def check_case(name, case_dir, conf, args, server, expect, totals):
    """Run one case; returns the list of failure messages."""
    failures = []
    db = "dbl_planner_" + re.sub(r"[^a-z0-9_]", "_", name.lower())
    schemas = [expand(p, case_dir, args.shared) for p in conf["schema"]]
    logs = [expand(p, case_dir, args.shared) for p in conf["logs"]]
    t0 = time.time()
    rc, out, err = server.psql("postgres", "DROP DATABASE IF EXISTS %s;\nCREATE DATABASE %s TEMPLATE template0;\n"
                               % (db, db))
    if rc:
        return ["%s: cannot create the database: %s" % (name, err.strip())]
    for path in schemas:
        rc, out, err = server.psql(db, file=path)
        if rc:
            return ["%s: loading %s failed:\n%s" % (name, path, err.strip())]
    # generated rows reference existing parents by construction: skip the per-row FK
    # triggers while loading them (as pg_restore --disable-triggers does)
    data = os.path.join(case_dir, conf["data"])
    rc, out, err = server.psql(db, "SET session_replication_role = replica;\n\\i %s\n" % data)
    if rc:
        return ["%s: loading %s failed:\n%s" % (name, data, err.strip())]
    rc, out, err = server.psql(db, "CREATE EXTENSION hypopg;\nVACUUM ANALYZE;\n")
    if rc:
        return ["%s: CREATE EXTENSION hypopg / VACUUM ANALYZE failed: %s" % (name, err.strip())]
    rc, out, err = server.psql(db, USER_RELATIONS)
    index_table = {}
    sizes = []
    for ln in out.split("\n"):
        f = ln.split("\t")
        if f[0] == "table" and len(f) == 3:
            sizes.append("%s %s" % (f[1], f[2]))
        elif f[0] == "index" and len(f) == 3:
            index_table[f[1]] = f[2]
    print("== %s: loaded in %.1f s (%s)" % (name, time.time() - t0, ", ".join(sizes)))

    suggestions, summary = run_dbl(args.dbl, schemas, logs)
    statements = []
    for p in conf.get("examples", []):
        statements += read_statements(expand(p, case_dir, args.shared))
    planner = Planner(server, db)
    # Which plans decide: the custom plans with the log's own values where the data was
    # generated to match the log ("values", the default), else the generic plan (the
    # corpus logs were captured against another database: their constants are not the
    # hot spots of the generated data).
    values_decide = conf.get("decide", "values") == "values"

    def plans(query, hypo_sql=None):
        """[(mode, facts, hypo_name, error)]: the generic plan, then custom plans per example."""
        modes = [("generic", None)] + [("values(%s)" % ", ".join(v), v) for v in examples_of(query, statements)]
        out = []
        for mode, values in modes:
            facts, hypo, error = planner.explain(query, values, hypo_sql)
            out.append((mode, facts, hypo, error))
        return out

    def compare(query, hypo_sql):
        """Print the plans of query before and after hypo_sql; return (what confirmed it
        or None, the first error or None). Confirmed: a deciding plan uses the hypothetical
        index and costs at least --min-gain less."""
        before, after = plans(query), plans(query, hypo_sql)
        decisive = values_decide and len(before) > 1
        confirmed = error = None
        for k, ((mode, fb, _, eb), (_, fa, hname, ea)) in enumerate(zip(before, after)):
            if eb or ea:
                error = error or "%s [%s]: %s" % (query, mode, eb or ea)
                print("    %-28s error: %s" % (mode[:28], (eb or ea).splitlines()[0]))
                continue
            used = hname in fa[1]
            gain = fa[0] <= fb[0] * (1 - args.min_gain)
            counts = (k > 0) == decisive
            print("    %-28s cost %s -> %s, hypothetical index %s%s; before: %s%s" % (
                mode[:28], fmt_cost(fb[0]), fmt_cost(fa[0]), "used" if used else "not used",
                "" if gain or not used else " (cost drop under %d%%)" % (args.min_gain * 100),
                ", ".join(fb[1]) or "no index", "" if counts else " (not decisive)"))
            if used and gain and counts and not confirmed:
                confirmed = "%s, cost %s -> %s" % (mode, fmt_cost(fb[0]), fmt_cost(fa[0]))
        return confirmed, error

    for d in suggestions:
        o = d["object"]
        table, cols = o["table"], o["columns"]
        hypo_sql = hypothetical_sql(d["fix"]["sql"])
        totals["suggestions"] += 1
        print("suggestion %s (%s): %s" % (table, ", ".join(cols), d["fix"]["sql"]))
        confirmed_by = None
        errors = []
        for q in o["queries"]:
            print("  query: %s" % q)
            ok, error = compare(q, hypo_sql)
            if ok and not confirmed_by:
                confirmed_by = "%s, %s" % (q, ok)
            if error:
                errors.append(error)
        if confirmed_by:
            totals["confirmed"] += 1
            print("  CONFIRMED (%s)" % confirmed_by)
            continue
        e = expect.find("not_confirmed", name, table, cols)
        if e:
            totals["expected"] += 1
            print("  not confirmed: expected (%s)" % e["why"])
            continue
        msg = "%s: suggestion %s (%s) not confirmed by the planner" % (name, table, ", ".join(cols))
        if errors:
            msg += "; errors: " + "; ".join(errors)
        print("  NOT CONFIRMED")
        failures.append(msg)

    # the case's own ground truth: queries that need an index (proven here with the case's
    # columns), which dbl must suggest (those columns, or a longer suggestion starting with them)
    for m in conf.get("missing", []):
        table, cols, q = m["table"], m["columns"], m["query"]
        totals["missing"] += 1
        names = [c.split()[0] for c in cols]
        hypo_sql = "CREATE INDEX ON %s (%s)" % (table, ", ".join(cols))
        print("missing %s (%s): %s  [%s]" % (table, ", ".join(cols), q, m.get("why", "")))
        proven, _ = compare(q, hypo_sql)
        if not proven:
            failures.append("%s: the case's missing index %s (%s) is not proven by the planner for %s" % (
                name, table, ", ".join(cols), q))
        got = [d for d in suggestions if d["object"]["table"] == table and
               d["object"]["columns"][:len(names)] == names and
               strip_semi(q) in (strip_semi(x) for x in d["object"]["queries"])]
        if got:
            totals["missing_ok"] += 1
            print("  suggested by dbl: %s" % got[0]["fix"]["sql"])
        else:
            on_table = ["(%s)" % ", ".join(d["object"]["columns"]) for d in suggestions
                        if d["object"]["table"] == table]
            print("  NOT SUGGESTED by dbl (its suggestions on %s: %s)" % (table, ", ".join(on_table) or "none"))
            failures.append("%s: dbl does not suggest %s (%s) for %s" % (name, table, ", ".join(cols), q))

    served = [(s["table"], s["query"], s.get("why", "")) for s in conf.get("served", [])]
    if conf.get("labels"):
        served += label_served(expand(conf["labels"][0], case_dir, args.shared), conf["labels"][1])
    for table, q, why in served:
        totals["served"] += 1
        named = [d for d in suggestions if strip_semi(q) in (strip_semi(x) for x in d["object"]["queries"])]
        for d in named:
            failures.append("%s: served query (%s) got a suggestion %s: %s" % (
                name, why, d["fix"]["sql"], q))
        results = plans(q)
        decisive = values_decide and len(results) > 1
        good = []
        print("served %s: %s  [%s]" % (table, q, why))
        for k, (mode, facts, _, error) in enumerate(results):
            if error:
                print("    %-28s error: %s" % (mode[:28], error.splitlines()[0]))
                continue
            on_table = [i for i in facts[1] if index_table.get(i) == table]
            counts = (k > 0) == decisive
            print("    %-28s cost %s, %s%s" % (mode[:28], fmt_cost(facts[0]),
                                               "index " + ", ".join(on_table) if on_table else
                                               "NO index on %s (%s)" % (table, ", ".join(facts[1]) or "no index"),
                                               "" if counts else " (not decisive)"))
            if on_table and counts:
                good.append(mode)
        if named:
            print("  dbl SUGGESTED an index for it: %s" % ", ".join(d["fix"]["sql"] for d in named))
        if good:
            totals["served_ok"] += 1
            continue
        e = expect.find("not_served", name, table, query=q)
        if e:
            print("  not served by an index: expected (%s)" % e["why"])
            continue
        print("  NOT SERVED by an index")
        failures.append("%s: the planner uses no index on %s for served query: %s" % (name, table, q))
    if not args.keep_dbs:
        server.psql("postgres", "DROP DATABASE IF EXISTS %s;\n" % db)
    return failures


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dbl", default=os.path.join(REPO, "build", "dbl"))
    ap.add_argument("--cases", default=os.path.join(REPO, "testdata", "planner"))
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(REPO), "shared"))
    ap.add_argument("--expect", default=os.path.join(HERE, "planner_expect.json"))
    ap.add_argument("--only", action="append", default=[], help="case name (repeatable)")
    ap.add_argument("--min-gain", type=float, default=0.10,
                    help="fraction of the plan's total cost the index must save (default 0.10)")
    ap.add_argument("--keep-dbs", action="store_true", help="do not drop the case databases")
    args = ap.parse_args()
    args.dbl = os.path.abspath(args.dbl)
    args.shared = os.path.abspath(args.shared)

    names = sorted(n for n in os.listdir(args.cases) if os.path.isfile(os.path.join(args.cases, n, "case.json")))
    if args.only:
        names = [n for n in names if n in args.only]
    if not names:
        print("planner: no case selected", file=sys.stderr)
        return 2
    expect = Expectations(args.expect)
    server = PgServer(os.path.join(REPO, "tests", "pg", "pgserver.sh"))
    totals = {"suggestions": 0, "confirmed": 0, "expected": 0, "served": 0, "served_ok": 0,
              "missing": 0, "missing_ok": 0}
    failures = []

    def on_term(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, on_term)
    try:
        server.start()
        for n in names:
            d = os.path.join(args.cases, n)
            with open(os.path.join(d, "case.json"), encoding="utf-8") as f:
                conf = json.load(f)
            try:
                failures += check_case(n, d, conf, args, server, expect, totals)
            except (RuntimeError, subprocess.TimeoutExpired, ValueError) as e:
                failures.append("%s: %s" % (n, e))
    except KeyboardInterrupt:
        print("planner: interrupted", file=sys.stderr)
        return 1
    finally:
        server.stop()
    for kind, e in expect.unused(names):
        print("note: expectation %s %s %s matched nothing (remove it): %s" % (
            kind, e.get("case"), e.get("table"), e.get("columns") or e.get("query")))
    print()
    for f in failures:
        print("FAIL " + f)
    print("%d served queries, %d served by an index" % (totals["served"], totals["served_ok"]))
    if totals["missing"]:
        print("%d missing indexes of the cases, %d suggested by dbl" % (totals["missing"], totals["missing_ok"]))
    print("%d suggestions, %d confirmed by the planner (%d expected not to be)" % (
        totals["suggestions"], totals["confirmed"], totals["expected"]))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
