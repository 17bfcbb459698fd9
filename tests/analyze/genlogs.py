#!/usr/bin/env python3
"""Makes labeled PostgreSQL query logs from a real server, for testing `dbl analyze`.

A throwaway PostgreSQL 15 server (tests/pg/pgserver.sh: a mktemp -d folder, a
unix socket inside it, no TCP, trust auth, run as user postgres when we are
root) loads a small billing schema with seed data, then, once per server
setting (RUNS below), a fresh copy of the database gets the same workload from
several concurrent sessions:

  * psql scripts (simple protocol): loops written out as statements, as an
    application that iterates over a result would send them; a `\\gexec` loop;
    SQL-level PREPARE / EXECUTE; COPY; psql -c health checks;
  * wlclient (tests/analyze/wlclient.c, libpq, extended protocol):
    PQexecParams with the unnamed statement, PQprepare + PQexecPrepared with a
    named one, and a driver that switches from unnamed to named mid-loop.

What was sent is written down as the expectation (OUT/labels.json), in the
spirit of the shared corpus' LABELS.json: every N+1 loop with its session, pid
(per run), normalized query, loop body, bursts and parent; every decoy (polling
with >= 1 s sleeps, identical repeats, health checks, a loop of 2, ANY()
batches, multi-row INSERT, COPY) with its sessions and shapes. The normalized
texts are checked against pg_stat_statements on the same server, so they are
what PostgreSQL itself calls the query's normalized form.

Usage: genlogs.py --out DIR --wlclient PATH [--runs NAME,...] [--list-runs]

OUT gets one folder per run with the server's log files (stderr as
postgresql.log, csvlog as postgresql.csv, jsonlog as postgresql.json, one of
them also gzipped), OUT/schema.sql and OUT/labels.json. Standard library only.
"""

import argparse
import gzip
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
PGSERVER = os.path.join(os.path.dirname(HERE), "pg", "pgserver.sh")

PGBADGER_PREFIX = "%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h "

# Server settings per run. "prefix_given": the checker passes --log-line-prefix
# (the others are common prefixes that dbl must detect by itself).
RUNS = [
    {"run": "stmt_all",
     "settings": {"log_destination": "stderr,csvlog,jsonlog", "log_statement": "all",
                  "log_min_duration_statement": -1, "log_line_prefix": "%m [%p] %q%u@%d ",
                  "log_connections": "on", "log_disconnections": "on"}},
    {"run": "duration0",
     "settings": {"log_destination": "stderr,csvlog,jsonlog", "log_statement": "none",
                  "log_min_duration_statement": 0, "log_line_prefix": "%m [%p] "}},
    {"run": "pgbadger",
     "settings": {"log_destination": "stderr", "log_statement": "none",
                  "log_min_duration_statement": 0, "log_line_prefix": PGBADGER_PREFIX,
                  "log_connections": "on", "log_disconnections": "on", "log_lock_waits": "on",
                  "log_temp_files": 0, "log_autovacuum_min_duration": 0},
     "gzip": ["postgresql.log"]},
    {"run": "managed",
     "settings": {"log_destination": "stderr", "log_statement": "all",
                  "log_min_duration_statement": -1, "log_line_prefix": "%t:%r:%u@%d:[%p]:",
                  "log_connections": "on"}},
    {"run": "session_id",
     "settings": {"log_destination": "stderr,jsonlog", "log_statement": "all",
                  "log_min_duration_statement": 0, "log_line_prefix": "%m [%c:%l] %u@%d/%a "},
     "prefix_given": True},
]

SCHEMA = """\
CREATE TABLE customers (
    id bigint PRIMARY KEY,
    name text NOT NULL,
    region text NOT NULL,
    tier integer NOT NULL
);
CREATE TABLE accounts (
    id bigint PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers (id),
    balance_cents bigint NOT NULL,
    status text NOT NULL
);
CREATE INDEX accounts_customer_id_idx ON accounts (customer_id);
CREATE TABLE orders (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers (id),
    status text NOT NULL,
    total_cents bigint NOT NULL
);
CREATE INDEX orders_customer_id_idx ON orders (customer_id);
CREATE TABLE order_lines (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id bigint NOT NULL REFERENCES orders (id),
    sku text NOT NULL,
    qty integer NOT NULL,
    price_cents bigint NOT NULL
);
CREATE INDEX order_lines_order_id_idx ON order_lines (order_id);
CREATE TABLE invoices (
    id bigint PRIMARY KEY,
    order_id bigint NOT NULL REFERENCES orders (id),
    status text NOT NULL,
    amount_cents bigint NOT NULL
);
CREATE TABLE payments (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    invoice_id bigint NOT NULL REFERENCES invoices (id),
    amount_cents bigint NOT NULL,
    paid_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE payouts (
    id bigint PRIMARY KEY,
    batch integer NOT NULL,
    customer_id bigint NOT NULL REFERENCES customers (id),
    amount_cents bigint NOT NULL
);
CREATE TABLE events (
    id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    customer_id bigint NOT NULL,
    kind text NOT NULL,
    ref bigint,
    handled integer NOT NULL DEFAULT 0
);
CREATE TABLE audit_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id bigint NOT NULL,
    action text NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
);
"""

# Deterministic seed data: 200 customers in 4 regions, 3 to 7 orders each,
# 1 to 4 lines per order, one invoice per order (every fifth one open).
SEED = """\
INSERT INTO customers SELECT c, 'customer ' || c, (ARRAY['north','south','east','west'])[1 + c % 4], c % 3
  FROM generate_series(1, 200) c;
INSERT INTO accounts SELECT c, c, 1000 * c, CASE WHEN c % 7 = 0 THEN 'frozen' ELSE 'active' END
  FROM generate_series(1, 200) c;
INSERT INTO orders (customer_id, status, total_cents)
  SELECT c, (ARRAY['open','paid','shipped'])[1 + (c + k) % 3], 100 * (c + k)
  FROM generate_series(1, 200) c, generate_series(1, 3 + c % 5) k ORDER BY c, k;
INSERT INTO order_lines (order_id, sku, qty, price_cents)
  SELECT o.id, 'sku-' || (o.id * 7 + l) % 500, 1 + l, 250 * l
  FROM orders o, generate_series(1, 1 + o.id::int % 4) l ORDER BY o.id, l;
INSERT INTO invoices SELECT id, id, CASE WHEN id % 5 = 0 THEN 'open' ELSE 'paid' END, total_cents
  FROM orders;
INSERT INTO payouts SELECT p, 1 + p % 10, 1 + (p * 13) % 200, 500 * p FROM generate_series(1, 200) p;
INSERT INTO events (customer_id, kind, ref) SELECT 1 + e % 200, 'signup', e FROM generate_series(1, 30) e;
"""

ROLES = ("app_web", "app_worker", "app_api")


# --------------------------------------------------------------------------
# normalization (pg_stat_statements' rules: every constant becomes $n, numbered
# left to right after the highest $n already in the text)

_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<comment>--[^\n]*|/\*.*?\*/)
  | (?P<string>[EeBbXx]?'(?:[^']|'')*')
  | (?P<qident>"(?:[^"]|"")*")
  | (?P<param>\$\d+)
  | (?P<ident>[A-Za-z_][A-Za-z0-9_$]*)
  | (?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<other>::|.)
""", re.S | re.X)


def normalize(sql):
    """The statement with its constants replaced by $n (pg_stat_statements' numbering)."""
    params = [int(m) for m in re.findall(r"\$(\d+)", sql)]
    n = max(params) if params else 0
    out = []
    for m in _TOKEN.finditer(sql):
        kind = m.lastgroup
        if kind in ("string", "number"):
            n += 1
            out.append("$%d" % n)
        else:
            out.append(m.group())
    return "".join(out)


# --------------------------------------------------------------------------
# the server


class Server:
    """A throwaway server from pgserver.sh whose settings change between runs."""

    def __init__(self):
        self.parent = None
        self.dir = None

    def start(self):
        self.parent = tempfile.mkdtemp(prefix="dbl-pglogs.")
        os.chmod(self.parent, 0o755)  # the server may run as user postgres
        env = dict(os.environ, PGSERVER_TMPDIR=self.parent)
        p = subprocess.run(["bash", PGSERVER, "start"], env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, universal_newlines=True)
        if p.returncode != 0:
            raise RuntimeError("pgserver.sh start failed:\n" + p.stderr + p.stdout)
        info = {}
        for ln in p.stdout.splitlines():
            k, _, v = ln.partition("=")
            if k:
                info[k] = shlex.split(v)[0] if v else ""
        self.dir = info["PGSERVER_DIR"]
        self.data = os.path.join(self.dir, "data")
        self.bindir = info.get("PGBIN") or "/usr/lib/postgresql/15/bin"
        self.superuser = info["PGUSER"]
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith("PG") or k in ("PGSERVER_TMPDIR",)}
        self.env.update(PGHOST=info["PGHOST"], PGPORT=info["PGPORT"], PGUSER=info["PGUSER"],
                        PGDATABASE="postgres")
        st = os.stat(self.data)
        self.owner = (st.st_uid, st.st_gid)
        with open(os.path.join(self.data, "postgresql.conf"), "a") as f:
            f.write("\n# --- tests/analyze/genlogs.py ---\n"
                    "include_if_exists = 'dbl_run.conf'\n")
        self.configure({}, None)
        self.restart()

    def as_owner(self, args):
        if os.getuid() == 0:
            return ["runuser", "-u", os.environ.get("PGSERVER_OSUSER", "postgres"), "--"] + args
        return args

    def configure(self, settings, logdir):
        """Writes the run's settings (logging off when logdir is None)."""
        conf = {"shared_preload_libraries": "pg_stat_statements", "lc_messages": "C",
                "log_timezone": "UTC", "timezone": "UTC", "log_checkpoints": "on",
                "max_connections": 40}
        if logdir is None:
            conf.update(logging_collector="off", log_statement="none",
                        log_min_duration_statement=-1)
        else:
            conf.update(logging_collector="on", log_directory=logdir,
                        log_filename="postgresql.log", log_rotation_age=0, log_rotation_size=0)
            conf.update(settings)
        path = os.path.join(self.data, "dbl_run.conf")
        with open(path, "w") as f:
            for k, v in conf.items():
                f.write("%s = %s\n" % (k, v if isinstance(v, int) else "'%s'" % v))
        os.chown(path, *self.owner)

    def restart(self):
        p = subprocess.run(self.as_owner([os.path.join(self.bindir, "pg_ctl"), "-D", self.data,
                                          "-l", os.path.join(self.dir, "server.log"),
                                          "-w", "-t", "60", "restart", "-m", "fast"]),
                           cwd="/", stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           universal_newlines=True)
        if p.returncode != 0:
            raise RuntimeError("pg_ctl restart failed:\n" + p.stdout)

    def stop(self):
        if not self.parent:
            return
        old = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            if self.dir and os.path.isdir(self.dir):
                subprocess.run(["bash", PGSERVER, "stop", self.dir], stdout=subprocess.DEVNULL)
            shutil.rmtree(self.parent, ignore_errors=True)
        finally:
            signal.signal(signal.SIGINT, old)
            self.parent = None

    def client_env(self, db, user=None, app=None, quiet=False):
        env = dict(self.env, PGDATABASE=db)
        if user:
            env["PGUSER"] = user
        if app:
            env["PGAPPNAME"] = app
        if quiet:  # a session of the test harness: not part of the logged workload
            env["PGAPPNAME"] = "genlogs"
            env["PGOPTIONS"] = ("-c log_statement=none -c log_min_duration_statement=-1 "
                                "-c client_min_messages=warning")
        return env

    def psql_bin(self):
        return os.path.join(self.bindir, "psql")

    def sql(self, query, db="postgres"):
        p = subprocess.run([self.psql_bin(), "-X", "-Atq", "-v", "ON_ERROR_STOP=1", "-c", query],
                           env=self.client_env(db, quiet=True), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, universal_newlines=True)
        if p.returncode != 0:
            raise RuntimeError("psql failed on %r:\n%s" % (query[:200], p.stderr))
        return p.stdout

    def rows(self, query, db):
        """The rows of a query as lists of strings (no NULLs in our data)."""
        p = subprocess.run([self.psql_bin(), "-X", "-Atq", "-F", "\t", "-v", "ON_ERROR_STOP=1",
                            "-c", query], env=self.client_env(db, quiet=True),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True)
        if p.returncode != 0:
            raise RuntimeError("psql failed on %r:\n%s" % (query, p.stderr))
        return [ln.split("\t") for ln in p.stdout.splitlines()]


# --------------------------------------------------------------------------
# the workload


def q(sql, *row):
    """sql with {0}, {1}, ... replaced by the row's values as SQL literals."""
    return sql.format(*[v if re.fullmatch(r"-?\d+", v) else "'%s'" % v.replace("'", "''")
                        for v in row])


class Workload:
    """Builds the scripts of every session and the expectations they give."""

    def __init__(self, server, db):
        self.server = server
        self.db = db
        self.psql = {}      # session -> {"user", "lines"}
        self.wl = {}        # session -> {"user", "lines"}
        self.health = []    # app names of one-statement sessions
        self.gexec_rows = {}  # session -> statements made by \gexec
        self.expect = []    # N+1 loops
        self.decoys = []
        self.normalized = set()  # every expected normalized text, for pg_stat_statements

    def rows(self, sql):
        return self.server.rows(sql, self.db)

    def session(self, name, user, client):
        box = self.psql if client == "psql" else self.wl
        if name not in box:
            box[name] = {"user": user, "lines": []}
        return box[name]["lines"]

    def add_loop(self, lid, session, protocol, what, parent, body, bursts, parent_of=None,
                 prepared=None):
        item = {"id": lid, "type": "n_plus_one", "session": session, "protocol": protocol,
                "description": what, "query": normalize(body[0]),
                "body": [normalize(b) for b in body] if len(body) > 1 else [],
                "count": sum(bursts), "bursts": bursts,
                "parent": normalize(parent)}
        if prepared:
            item["prepared_query"] = normalize(prepared)
        if parent_of:
            item["parent_loop"] = parent_of
        self.expect.append(item)
        for s in [parent] + body:
            self.normalized.add(normalize(s))
        if prepared:
            self.normalized.add(normalize(prepared))

    def add_decoy(self, did, kind, sessions, why, queries, expect_rule=None, any_session=False):
        d = {"id": did, "type": "decoy", "kind": kind, "sessions": sessions,
             "why_not_n_plus_one": why, "queries": [normalize(x) for x in queries]}
        if expect_rule:
            d["expect_rule"] = expect_rule
        if any_session:
            d["any_session"] = True
        self.decoys.append(d)
        for s in queries:
            self.normalized.add(normalize(s))

    # psql: a loop written out, one statement per row of the parent's result.
    def psql_loop(self, session, user, lid, what, parent, body, transaction=False):
        lines = self.session(session, user, "psql")
        rows = self.rows(parent)
        if transaction:
            lines.append("BEGIN;")
        lines.append(parent + ";")
        for r in rows:
            for b in body:
                lines.append(q(b, *r) + ";")
        if transaction:
            lines.append("COMMIT;")
        if lid:
            self.add_loop(lid, session, "simple (psql script)", what, parent + ";",
                          [q(b, *rows[0]) + ";" for b in body], [len(rows)])
        return rows

    def build(self):
        D = self.add_decoy

        # --- web-1 (psql): short and medium loops, and the decoys of one page
        s, u = "web-1", "app_web"
        self.psql_loop(s, u, "L01", "3 order lines per order: the smallest loop",
                       "SELECT id FROM orders WHERE customer_id = 5 ORDER BY id",
                       ["SELECT sku, qty, price_cents FROM order_lines WHERE order_id = {0}"])
        self.psql_loop(s, u, "L02", "invoice page: one query per open invoice",
                       "SELECT id FROM invoices WHERE status = 'open' ORDER BY id LIMIT 12",
                       ["SELECT i.amount_cents, o.customer_id\n  FROM invoices i\n  JOIN orders o ON o.id = i.order_id\n WHERE i.id = {0}"])
        rows = self.psql_loop(s, u, None, None,
                              "SELECT id FROM orders WHERE customer_id = 8 AND status <> 'paid' ORDER BY id LIMIT 2",
                              ["SELECT amount_cents, status FROM invoices WHERE order_id = {0}"])
        assert len(rows) == 2
        D("D01", "short_loop_2", [s], "a loop of only 2 executions is below the threshold",
          [q("SELECT amount_cents, status FROM invoices WHERE order_id = {0}", *rows[0])])
        lines = self.session(s, u, "psql")
        # a statement that fails (duplicate key): one execution, however the log spells it
        lines += ["\\set ON_ERROR_STOP 0",
                  "INSERT INTO customers (id, name, region, tier) VALUES (3, 'again', 'east', 0);",
                  "\\set ON_ERROR_STOP 1"]
        rep = "SELECT name, region FROM customers WHERE id = 42"
        lines += [rep + ";"] * 4
        D("D02", "identical_repeats", [s], "the same constants four times back to back: a "
          "cache problem (repeated-query), not a loop over rows", [rep + ";"],
          expect_rule="repeated-query")
        ids = [r[0] for r in self.rows("SELECT id FROM orders WHERE customer_id = 11 ORDER BY id")]
        anyq = "SELECT order_id, sku, qty FROM order_lines WHERE order_id = ANY(ARRAY[%s])" % ", ".join(ids)
        lines.append("SELECT id FROM orders WHERE customer_id = 11 ORDER BY id;")
        lines.append(anyq + ";")
        D("D03", "batched_any", [s], "one query for all the parent's keys", [anyq + ";"])
        copy = "COPY audit_log (customer_id, action) FROM STDIN"
        lines.append(copy + ";")
        lines += ["%d\timport" % c for c in range(1, 26)]
        lines.append("\\.")
        D("D05", "copy", [s], "25 rows loaded by one COPY", [copy + ";"])

        # --- web-2 (psql): a 200-iteration loop, a 3-statement body, a nested loop, \gexec
        s = "web-2"
        self.psql_loop(s, u, "L03", "customer list: order totals per customer (200 rows)",
                       "SELECT id FROM customers ORDER BY id",
                       ["SELECT count(*), coalesce(sum(total_cents), 0) FROM orders WHERE customer_id = {0}"])
        self.psql_loop(s, u, "L04", "payout report: three queries per payout",
                       "SELECT customer_id, id FROM payouts WHERE batch = 7 ORDER BY id",
                       ["SELECT name, tier FROM customers WHERE id = {0}",
                        "SELECT balance_cents, status FROM accounts WHERE customer_id = {0}",
                        "SELECT count(*) FROM invoices i JOIN orders o ON o.id = i.order_id WHERE o.customer_id = {0} AND i.status = 'open'"])
        lines = self.session(s, u, "psql")
        outer = "SELECT id FROM customers WHERE region = 'north' AND id <= 40 ORDER BY id"
        mid = "SELECT id FROM orders WHERE customer_id = {0} ORDER BY id"
        inner = "SELECT sku, qty FROM order_lines WHERE order_id = {0}"
        crow = self.rows(outer)
        lines.append(outer + ";")
        inner_bursts = []
        first_order = None
        for (c,) in crow:
            lines.append(q(mid, c) + ";")
            orows = self.rows(q(mid, c))
            inner_bursts.append(len(orows))
            for (o,) in orows:
                first_order = first_order or o
                lines.append(q(inner, o) + ";")
        self.add_loop("L05", s, "simple (psql script)", "nested loop, outer level: orders per customer",
                      outer + ";", [q(mid, crow[0][0]) + ";"], [len(crow)])
        self.add_loop("L06", s, "simple (psql script)", "nested loop, inner level: lines per order "
                      "(one burst per execution of L05's query)", q(mid, crow[0][0]) + ";",
                      [q(inner, first_order) + ";"], inner_bursts, parent_of="L05")
        gq = ("SELECT format('SELECT count(*) FROM order_lines WHERE order_id = %s', id) "
              "FROM orders WHERE customer_id = 9 ORDER BY id")
        n = len(self.rows("SELECT id FROM orders WHERE customer_id = 9"))
        lines.append(gq + " \\gexec")
        self.gexec_rows[s] = n
        first = self.rows("SELECT min(id) FROM orders WHERE customer_id = 9")[0][0]
        self.add_loop("L07", s, "simple (psql \\gexec)", "psql \\gexec: one generated statement per "
                      "row of the parent", gq + " ", ["SELECT count(*) FROM order_lines WHERE order_id = %s" % first],
                      [n])

        # --- worker (psql): PREPARE/EXECUTE, UPDATE + INSERT in one transaction, INSERT loop
        s, u = "worker", "app_worker"
        lines = self.session(s, u, "psql")
        prep = "SELECT sum(amount_cents) FROM invoices WHERE order_id = $1"
        lines.append("PREPARE inv_total(bigint) AS %s;" % prep)
        parent = "SELECT id FROM orders WHERE status = 'shipped' ORDER BY id LIMIT 25"
        prow = self.rows(parent)
        lines.append(parent + ";")
        lines += ["EXECUTE inv_total(%s);" % r[0] for r in prow]
        self.add_loop("L08", s, "simple (SQL-level PREPARE / EXECUTE)", "dunning: EXECUTE per shipped order",
                      parent + ";", ["EXECUTE inv_total(%s);" % prow[0][0]], [len(prow)], prepared=prep)
        self.psql_loop(s, u, "L09", "settlement: UPDATE + INSERT per open invoice in one transaction",
                       "SELECT id, amount_cents FROM invoices WHERE status = 'open' ORDER BY id LIMIT 15",
                       ["UPDATE invoices SET status = 'paid' WHERE id = {0}",
                        "INSERT INTO payments (invoice_id, amount_cents) VALUES ({0}, {1})"],
                       transaction=True)
        # an export job writes its rows in one statement; the reminder job below loops
        multi = ("INSERT INTO audit_log (customer_id, action) VALUES (1, 'export'), (2, 'export'), "
                 "(3, 'export'), (4, 'export')")
        lines.append(multi + ";")
        D("D04", "batched_multirow_insert", [s], "one multi-row INSERT (the same table and columns "
          "as L10's single-row INSERT, which comes later in this session)", [multi + ";"])
        self.psql_loop(s, u, "L10", "reminders: one INSERT per customer (N+1 writes)",
                       "SELECT id FROM customers WHERE tier = 2 ORDER BY id LIMIT 40",
                       ["INSERT INTO audit_log (customer_id, action) VALUES ({0}, 'reminder')"])

        # --- poller (psql): identical constants every 1.1 s
        s = "poller"
        lines = self.session(s, u, "psql")
        poll = "SELECT id, kind FROM events WHERE handled = 0 ORDER BY id LIMIT 10"
        for i in range(4):
            if i:
                lines.append("\\! sleep 1.1")
            lines.append(poll + ";")
        D("D06", "polling_identical", [s], "the same statement every 1.1 s: a timer, not a loop "
          "over rows", [poll + ";"])

        # --- health checks: one statement per short session
        self.health = ["lb-health"] * 5
        D("D07", "healthcheck_new_session_each", [], "one statement per session",
          ["SELECT 1"], any_session=True)
        D("D08", "two_sessions_once", [], "each psql session asks for its backend pid once",
          ["SELECT pg_backend_pid() "], any_session=True)

        # --- api-1 (wlclient, extended protocol)
        s, u = "api-1", "app_api"
        wl = self.session(s, u, "wlclient")

        def wloop(lid, mode, protocol, what, parent, body):
            rows = self.rows(parent)
            wl.append("\t".join(["loop", mode, parent] + body))
            self.add_loop(lid, s, protocol, what, parent, body, [len(rows)])

        wloop("L11", "unnamed", "extended (unnamed statement, PQexecParams)",
              "API: recent orders per customer",
              "SELECT id FROM customers WHERE tier = 1 ORDER BY id LIMIT 25",
              ["SELECT id, status, total_cents FROM orders WHERE customer_id = $1 ORDER BY id LIMIT 5"])
        wloop("L12", "named", "extended (named statement, PQprepare + PQexecPrepared)",
              "API: invoice per paid order",
              "SELECT id FROM orders WHERE status = 'paid' ORDER BY id LIMIT 40",
              ["SELECT amount_cents, status FROM invoices WHERE order_id = $1"])
        wloop("L13", "switch:5", "extended (unnamed for 5 executions, then named S_n)",
              "API: account per customer, driver switches to a named statement mid-loop",
              "SELECT id FROM customers WHERE region = 'south' ORDER BY id LIMIT 30",
              ["SELECT balance_cents, status FROM accounts WHERE customer_id = $1"])
        wloop("L14", "unnamed", "extended (unnamed statement, PQexecParams)",
              "API: one INSERT per order viewed (N+1 writes)",
              "SELECT customer_id, id FROM orders WHERE status = 'open' ORDER BY id LIMIT 12",
              ["INSERT INTO events (customer_id, kind, ref) VALUES ($1, 'order-viewed', $2)"])
        ids = [r[0] for r in self.rows("SELECT id FROM orders WHERE customer_id = 12 ORDER BY id")]
        wl.append("params\tunnamed\tSELECT id FROM orders WHERE customer_id = $1 ORDER BY id\t12")
        anyx = "SELECT id, amount_cents FROM invoices WHERE order_id = ANY($1)"
        wl.append("params\tunnamed\t%s\t{%s}" % (anyx, ",".join(ids)))
        D("D09", "batched_any_extended", [s], "one query with an array parameter", [anyx])
        rep = "SELECT name FROM customers WHERE id = $1"
        wl.append("repeat\t4\t0\tunnamed\t%s\t7" % rep)
        D("D10", "identical_repeats_extended", [s], "the same parameters four times back to back",
          [rep], expect_rule="repeated-query")

        # --- api-2 (wlclient): a cursor that grows, every 1.1 s
        s = "api-2"
        wl = self.session(s, u, "wlclient")
        cur = "SELECT id, kind FROM events WHERE id > $1 ORDER BY id LIMIT 5"
        wl.append("poll\t4\t1100\tnamed\t%s\t0" % cur)
        D("D11", "polling_cursor", [s], "a cursor polled every 1.1 s", [cur])


# --------------------------------------------------------------------------
# one run


def psql_statements(lines, gexec_rows):
    """How many statements a psql script of ours sends: every line ending in ';', and each
    \\gexec query with the statements its rows make."""
    return (sum(1 for ln in lines if ln.endswith(";")) +
            sum(1 for ln in lines if ln.endswith("\\gexec")) + gexec_rows)


def run_workload(server, work, wlclient, db, tmp):
    """Runs every session at once; returns ({session: pid}, {session: statements sent})."""
    procs = []
    pids = {}
    sent = {}
    for name, sess in work.psql.items():
        script = os.path.join(tmp, name + ".sql")
        pidfile = os.path.join(tmp, name + ".pid")
        if os.path.exists(pidfile):
            os.unlink(pidfile)
        with open(script, "w") as f:
            f.write("SELECT pg_backend_pid() \\g %s\n\\o /dev/null\n" % pidfile)
            f.write("\n".join(sess["lines"]) + "\n")
        p = subprocess.Popen([server.psql_bin(), "-X", "-Atq", "-v", "ON_ERROR_STOP=1", "-f", script],
                             env=server.client_env(db, sess["user"], name),
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             universal_newlines=True)
        procs.append((name, "psql", p, pidfile))
    for name, sess in work.wl.items():
        script = os.path.join(tmp, name + ".wl")
        with open(script, "w") as f:
            f.write("\n".join(sess["lines"]) + "\n")
        with open(script) as f:
            p = subprocess.Popen([wlclient], env=server.client_env(db, sess["user"], name),
                                 stdin=f, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 universal_newlines=True)
        procs.append((name, "wlclient", p, None))
    for app in work.health:
        time.sleep(0.3)
        subprocess.run([server.psql_bin(), "-X", "-Atq", "-c", "SELECT 1"],
                       env=server.client_env(db, "app_web", app), stdout=subprocess.DEVNULL,
                       check=True)
    failed = []
    for name, kind, p, pidfile in procs:
        out, err = p.communicate(timeout=300)
        if p.returncode != 0:
            failed.append("%s (%s) exited %d:\n%s" % (name, kind, p.returncode, err))
            continue
        if kind == "psql":
            with open(pidfile) as f:
                pids[name] = int(f.read().split()[0])
            sent[name] = 1 + psql_statements(work.psql[name]["lines"], work.gexec_rows.get(name, 0))
        else:
            first = json.loads(out.splitlines()[0])
            pids[name] = first["pid"]
            sent[name] = 0
            for ln in out.splitlines()[1:]:
                rec = json.loads(ln)
                sent[name] += rec["executions"] + (rec["cmd"] == "loop")
                if rec["cmd"] == "loop" and rec["names"] == []:
                    failed.append("%s: a loop ran no statement" % name)
    if failed:
        raise RuntimeError("workload failed:\n" + "\n".join(failed))
    return pids, sent


def check_normalized(server, work, db):
    """Every expected normalized text must be one pg_stat_statements knows."""
    known = set(json.loads(server.sql(
        "SELECT coalesce(json_agg(query), '[]') FROM pg_stat_statements WHERE dbid = "
        "(SELECT oid FROM pg_database WHERE datname = '%s')" % db, db="seed")))
    missing = []
    for n in sorted(work.normalized):
        t = n.rstrip().rstrip(";")
        if t.startswith("EXECUTE ") or t.startswith("COPY ") or t.startswith("SELECT format("):
            continue  # pg_stat_statements shows the PREPARE / a utility text differently
        if t not in known and not any(k.endswith(" AS " + t) for k in known):
            missing.append(t)
    if missing:
        raise RuntimeError("normalized texts that pg_stat_statements does not know:\n  " +
                           "\n  ".join(repr(m) for m in missing))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--wlclient", required=True)
    ap.add_argument("--runs", help="comma-separated run names (default: all)")
    ap.add_argument("--list-runs", action="store_true")
    args = ap.parse_args()
    if args.list_runs:
        for r in RUNS:
            print(r["run"], json.dumps(r["settings"]))
        return 0
    runs = RUNS
    if args.runs:
        want = args.runs.split(",")
        runs = [r for r in RUNS if r["run"] in want]
        if len(runs) != len(want):
            ap.error("unknown run in --runs (see --list-runs)")
    wlclient = os.path.abspath(args.wlclient)
    out = os.path.abspath(args.out)
    if os.path.isdir(out):
        shutil.rmtree(out)
    os.makedirs(out)
    with open(os.path.join(out, "schema.sql"), "w") as f:
        f.write(SCHEMA)

    # A TERM (ctest's timeout, a Ctrl-C'd parent) still stops the server and removes its folder.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    server = Server()
    t0 = time.time()
    try:
        server.start()
        for role in ROLES:
            server.sql("CREATE ROLE %s LOGIN" % role)
        server.sql("CREATE DATABASE seed")
        server.sql(SCHEMA + SEED + "".join(
            "GRANT ALL ON ALL TABLES IN SCHEMA public TO %s;" % r for r in ROLES) +
            "CREATE EXTENSION pg_stat_statements;", db="seed")
        work = Workload(server, "seed")
        work.build()
        tmp = os.path.join(server.parent, "scripts")
        os.makedirs(tmp)
        os.chmod(tmp, 0o755)
        labels = {"set": "generated", "format_version": 1, "generator": "tests/analyze/genlogs.py",
                  "schema": "schema.sql", "runs": [], "n_plus_one": work.expect,
                  "decoys": work.decoys}
        for r in runs:
            name = r["run"]
            sys.stderr.write("genlogs: run %s\n" % name)
            db = "billing"
            server.sql("DROP DATABASE IF EXISTS %s" % db)
            server.sql("CREATE DATABASE %s TEMPLATE seed" % db)
            logdir = os.path.join(server.dir, "log-" + name)
            server.configure(r["settings"], logdir)
            server.restart()
            pids, sent = run_workload(server, work, wlclient, db, tmp)
            check_normalized(server, work, db)
            server.configure({}, None)
            server.restart()  # the run's logs end with the shutdown checkpoint
            rundir = os.path.join(out, name)
            os.makedirs(rundir)
            files = {}
            fmt = {".log": "stderr", ".csv": "csvlog", ".json": "jsonlog"}
            for fn in sorted(os.listdir(logdir)):
                src = os.path.join(logdir, fn)
                ext = os.path.splitext(fn)[1]
                if ext not in fmt or os.path.getsize(src) == 0:
                    continue
                dst = os.path.join(rundir, fn)
                shutil.copyfile(src, dst)
                files[name + "/" + fn] = {"format": fmt[ext], "bytes": os.path.getsize(dst)}
                if fn in r.get("gzip", []):
                    with open(dst, "rb") as fi, gzip.open(dst + ".gz", "wb") as fo:
                        shutil.copyfileobj(fi, fo)
                    files[name + "/" + fn + ".gz"] = {"format": fmt[ext], "gzip": True,
                                                      "bytes": os.path.getsize(dst + ".gz")}
            for f in files.values():
                if r.get("prefix_given") and f["format"] == "stderr":
                    f["log_line_prefix"] = r["settings"]["log_line_prefix"]
            labels["runs"].append({
                "run": name, "settings": r["settings"], "files": files,
                "sessions": {k: {"pid": v, "statements_sent": sent[k]} for k, v in sorted(pids.items())},
                "health_check_sessions": len(work.health),
                "statements_sent": sum(sent.values()) + len(work.health)})
        with open(os.path.join(out, "labels.json"), "w") as f:
            json.dump(labels, f, indent=1)
            f.write("\n")
    finally:
        server.stop()
    sys.stderr.write("genlogs: %d runs, %d loops, %d decoys in %.1f s -> %s\n" % (
        len(runs), len(work.expect), len(work.decoys), time.time() - t0, out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
