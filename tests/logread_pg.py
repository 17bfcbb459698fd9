#!/usr/bin/env python3
"""logread_pg.py LOGDUMP - the log reader against logs a real PostgreSQL 15 writes now.

A throwaway server (tests/pg/pgserver.sh) logs to stderr, csvlog and jsonlog
at once, through the logging collector. For each log_line_prefix below and each
statement-logging mode (log_statement=all; log_min_duration_statement=0) the
same workload runs into log files of their own:
  * psql -f: simple protocol, a multi-line statement, SQL-level PREPARE/EXECUTE,
    a failing statement, psql's trailing semicolons;
  * pgbench -M extended: unnamed statements with bind parameters;
  * pgbench -M prepared: named statements, parsed once;
  * a session of one statement (a health check).
Every file (stderr read with the prefix detected and with --log-line-prefix,
csvlog, jsonlog, and the stderr file gzip-compressed) must give exactly the
executions sent, with their protocol details, one failure, the sessions, and
nothing unreadable.
Prints "N passed, N failed"; exits 1 on failure, 77 if no server can be started.
"""
import collections
import gzip
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PGSERVER = os.path.join(HERE, "pg", "pgserver.sh")
BIN = os.environ.get("PG_BINDIR", "/usr/lib/postgresql/15/bin")

PREFIXES = [
    ("debian", "%m [%p] %q%u@%d ", True),
    ("pgbadger", "%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ", True),
    ("rds", "%t:%r:%u@%d:[%p]:", True),
    ("default", "%m [%p] ", True),
    ("azure", "%t-%c-", True),
    ("exotic", "%n|%-12a|%c|%e|%x|%v|%i %q%u %d ", False),
    ("empty", "", False),
]
MODES = [
    ("stmt_all", {"log_statement": "all", "log_min_duration_statement": "-1"}),
    ("duration0", {"log_statement": "none", "log_min_duration_statement": "0"}),
]

PSQL_SCRIPT = """\
SELECT 1;
SELECT n,
       n * 2 AS twice
  FROM generate_series(1, 3) AS n;
PREPARE q(int) AS SELECT $1 + 1;
EXECUTE q(1);
EXECUTE q(2);
EXECUTE q(3);
SELECT 1 / 0;
SELECT 'caf\u00e9' AS word;
"""
PSQL_STATEMENTS = 8      # executions psql sends
PSQL_EXECUTES = 3        # of which EXECUTE q(...)
PGBENCH_SCRIPT = "\\set id random(1, 100)\nSELECT :id::int + 1;\nSELECT 'x' || :id;\n"
PGBENCH_TX = 10
PGBENCH_STATEMENTS = 2 * PGBENCH_TX


class Server:
    def __init__(self):
        self.info = None

    def start(self):
        p = subprocess.run(["bash", PGSERVER, "start"], capture_output=True, text=True)
        if p.returncode != 0:
            return False
        self.info = {}
        for ln in p.stdout.splitlines():
            k, _, v = ln.partition("=")
            if k:
                self.info[k] = shlex.split(v)[0] if v else ""
        self.dir = self.info["PGSERVER_DIR"]
        self.data = os.path.join(self.dir, "data")
        self.logdir = os.path.join(self.dir, "log")
        self.env = dict(os.environ)
        for k in ("PGHOST", "PGPORT", "PGUSER", "PGDATABASE"):
            self.env[k] = self.info[k]
        self.env.pop("PGOPTIONS", None)
        self.as_owner(["mkdir", "-p", self.logdir])
        conf = "\n".join([
            "logging_collector = on",
            "log_destination = 'stderr,csvlog,jsonlog'",
            "log_directory = '%s'" % self.logdir,
            "log_filename = 'start.log'",
            "log_rotation_age = 0",
            "log_rotation_size = 0",
            "lc_messages = 'C'",
            "log_timezone = 'UTC'",
            "log_min_messages = warning",
            "log_connections = on",
            "log_disconnections = on",
            "log_checkpoints = on",
            "",
        ])
        self.as_owner(["sh", "-c", "cat >> '%s/postgresql.conf'" % self.data], input=conf)
        r = self.as_owner([os.path.join(BIN, "pg_ctl"), "-D", self.data, "-l",
                           os.path.join(self.dir, "server.log"), "-w", "-t", "60", "restart"])
        return r.returncode == 0

    def as_owner(self, cmd, input=None):
        if os.getuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--"] + cmd
        return subprocess.run(cmd, input=input, capture_output=True, text=True, cwd="/")

    def psql(self, sql, *args, check=True):
        p = subprocess.run([os.path.join(BIN, "psql"), "-X", "-q"] + list(args) + ["-c", sql],
                           env=self.env, capture_output=True, text=True)
        if check and p.returncode != 0:
            raise RuntimeError("psql failed: " + p.stderr)
        return p

    def phase(self, name, prefix, settings):
        """Points the logs at NAME.log/.csv/.json with these settings."""
        sets = dict(settings, log_line_prefix=prefix, log_filename=name + ".log")
        for k, v in sets.items():
            self.psql("ALTER SYSTEM SET %s = '%s'" % (k, v.replace("'", "''")))
        self.psql("SELECT pg_reload_conf()")
        # the collector must have read the new log_filename before it rotates: rotate
        # until the new files are there
        for _ in range(100):
            time.sleep(0.1)
            self.psql("SELECT pg_rotate_logfile()")
            time.sleep(0.1)
            if all(os.path.exists(os.path.join(self.logdir, name + ext)) for ext in (".log", ".csv", ".json")):
                return
        raise RuntimeError("the server did not start %s.log" % name)

    def stop(self):
        if self.info:
            subprocess.run(["bash", PGSERVER, "stop", self.dir], capture_output=True)


def workload(srv, tmp):
    script = os.path.join(tmp, "work.sql")
    with open(script, "w") as f:
        f.write(PSQL_SCRIPT)
    env = dict(srv.env, PGAPPNAME="work psql")
    subprocess.run([os.path.join(BIN, "psql"), "-X", "-q", "-f", script], env=env,
                   capture_output=True, text=True)
    bench = os.path.join(tmp, "bench.sql")
    with open(bench, "w") as f:
        f.write(PGBENCH_SCRIPT)
    for mode in ("extended", "prepared"):
        env = dict(srv.env, PGAPPNAME="bench-" + mode)
        p = subprocess.run([os.path.join(BIN, "pgbench"), "-n", "-M", mode, "-t", str(PGBENCH_TX),
                            "-c", "1", "-f", bench], env=env, capture_output=True, text=True)
        if p.returncode != 0:
            raise RuntimeError("pgbench failed: " + p.stderr)
    env = dict(srv.env, PGAPPNAME="health")
    subprocess.run([os.path.join(BIN, "psql"), "-X", "-q", "-c", "SELECT 1"], env=env,
                   capture_output=True, text=True)


def dump(logdump, path, *args):
    out = subprocess.run([logdump] + list(args) + [path], check=True, capture_output=True,
                         text=True).stdout.splitlines()
    return [json.loads(l) for l in out[:-1]], json.loads(out[-1])["stats"]


def main():
    logdump = sys.argv[1]
    if not os.access(os.path.join(BIN, "pg_ctl"), os.X_OK):
        print("no PostgreSQL 15 server binaries: skipped")
        return 77
    srv = Server()
    tmp = tempfile.mkdtemp(prefix="dbl-logread-pg.")
    passed = failed = 0

    def check(ok, what):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print("FAIL", what)

    try:
        if not srv.start():
            print("the server did not start: skipped")
            return 77
        phases = []
        for pname, prefix, _ in PREFIXES:
            for mname, settings in MODES:
                name = "%s-%s" % (pname, mname)
                srv.phase(name, prefix, settings)
                workload(srv, tmp)
                phases.append((name, pname, prefix, mname))
        user = srv.info["PGUSER"]
        srv.phase("end", "%m [%p] ", {})
        srv.as_owner([os.path.join(BIN, "pg_ctl"), "-D", srv.data, "-m", "fast", "-w", "stop"])
        logs = os.path.join(tmp, "logs")
        shutil.copytree(srv.logdir, logs)
        srv.stop()
        srv.info = None
        for name, pname, prefix, mname in phases:
            detected = dict((p[0], p[2]) for p in PREFIXES)[pname]
            base = os.path.join(logs, name)
            with open(base + ".log", "rb") as src, gzip.open(base + ".log.gz", "wb") as dst:
                dst.write(src.read())
            variants = [("stderr, prefix given", base + ".log", ["--log-line-prefix", prefix]),
                        ("stderr gz", base + ".log.gz", []),
                        ("csvlog", base + ".csv", []),
                        ("jsonlog", base + ".json", [])]
            if detected:
                variants.append(("stderr, prefix detected", base + ".log", []))
            for vname, path, args in variants:
                what = "%s (%s)" % (name, vname)
                events, stats = dump(logdump, path, *args)
                # the test's own ALTER SYSTEM / reload / rotate land in the files too
                control = {e["session"] for e in events if e["kind"] == "statement" and
                           ("ALTER SYSTEM" in e["text"] or "pg_r" in e["text"])}
                if pname == "empty" and vname not in ("csvlog", "jsonlog"):
                    control = set()
                st = [e for e in events if e["kind"] == "statement" and e["session"] not in control and
                      "ALTER SYSTEM" not in e["text"] and "pg_r" not in e["text"]]
                events = [e for e in events if e["session"] not in control]
                bad = {k: v for k, v in stats["skipped"].items()
                       if k in ("unknown_line", "malformed", "truncated", "not_utf8", "unreadable")}
                check(not bad, "%s: skipped %s" % (what, bad))
                want = PSQL_STATEMENTS + 2 * PGBENCH_STATEMENTS + 1
                check(len(st) == want, "%s: %d statements, want %d" % (what, len(st), want))
                unnamed = [e for e in st if e.get("stmt_name") == ""]
                named = [e for e in st if e.get("stmt_name")]
                check(len(unnamed) == PGBENCH_STATEMENTS and len(named) == PGBENCH_STATEMENTS,
                      "%s: %d unnamed and %d named executions, want %d each"
                      % (what, len(unnamed), len(named), PGBENCH_STATEMENTS))
                check(all(e.get("params", "").startswith("$1 = '") for e in unnamed + named),
                      "%s: bind parameters" % what)
                prep = [e for e in st if e.get("prepared") == "SELECT $1 + 1;"]
                check(len(prep) == PSQL_EXECUTES, "%s: %d EXECUTEs with their query, want %d"
                      % (what, len(prep), PSQL_EXECUTES))
                fails = [e["text"] for e in st if e["failed"]]
                check(fails == ["SELECT 1 / 0;"], "%s: failed %s" % (what, fails))
                multi = [e for e in st if e["text"].startswith("SELECT n,\n")]
                check(len(multi) == 1 and multi[0]["text"].count("\n") == 2 and
                      multi[0]["end_line"] >= multi[0]["line"], "%s: the multi-line statement" % what)
                if mname == "duration0":
                    check(all("duration_ms" in e for e in st if not e["failed"]), "%s: durations" % what)
                sessions = collections.OrderedDict()
                for e in st:
                    sessions.setdefault(e["session"], []).append(e)
                counts = sorted(len(v) for v in sessions.values())
                if pname != "empty" or vname in ("csvlog", "jsonlog"):
                    check(counts == sorted([PSQL_STATEMENTS, PGBENCH_STATEMENTS, PGBENCH_STATEMENTS, 1]),
                          "%s: statements per session %s" % (what, counts))
                    starts = sum(1 for e in events if e["kind"] == "session_start")
                    ends = sum(1 for e in events if e["kind"] == "session_end")
                    check(starts >= 4 and ends >= 4, "%s: %d session starts, %d ends" % (what, starts, ends))
                if "%u" in prefix or vname in ("csvlog", "jsonlog"):
                    check(all(e.get("user") == user for e in st), "%s: user of every statement" % what)
                if "%m" in prefix or "%n" in prefix or vname in ("csvlog", "jsonlog"):
                    check(all(e.get("time_res_us") == 1000 for e in st), "%s: millisecond times" % what)
    finally:
        srv.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
