#!/usr/bin/env python3
"""synth_log.py - a large stderr log made of real PostgreSQL records, for bench/analyze.sh.

Usage: synth_log.py --bytes N --out FILE [--marks 16,4] SOURCE.log...

SOURCE files are stderr logs written by a real server with pgBadger's prefix
'%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h ' (the corpus'
pgbadger_prefix.stderr.log files). FILE gets copies of them, one source after
the other, until it holds at least N bytes. Copy k is not the source again:

  * every pid becomes a pid no earlier copy used (so sessions never merge),
  * every timestamp moves forward by k times (the sources' span + 1 minute),
  * every integer constant in the message part (SQL text, bind parameters)
    grows by k, so the statements' texts differ between copies while their
    shapes stay the same, as an application's traffic does.

It prints one line of JSON: {"bytes": ..., "copies": ..., "lines": ...,
"marks": {"16": offset, "4": offset}}, where a mark is the first copy boundary at
or after N/16 (N/4) bytes: `head -c offset FILE` is a log of 1/16 (1/4) of the
size made the same way. Standard library only.
"""

import argparse
import datetime
import json
import re
import sys

PREFIX = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC \[(\d+)\]: (.*)$", re.S)
# The message starts at the severity; the prefix before it keeps its numbers.
SEVERITY = re.compile(r" (?:LOG|DETAIL|ERROR|STATEMENT|FATAL|WARNING|HINT|CONTEXT|PANIC|NOTICE|INFO|"
                      r"DEBUG\d?|QUERY|LOCATION):  ")
INT = re.compile(r"(?<![\w$.])\d+(?![\w.])")
FMT = "%Y-%m-%d %H:%M:%S"


def load(path):
    """Lines of one source as templates: (ts, pid, prefix rest, message pieces)."""
    out = []
    times = []
    pids = set()
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        for line in f:
            m = PREFIX.match(line)
            if m:
                ts, pid, rest = m.group(1), int(m.group(2)), m.group(3)
                s = SEVERITY.search(rest)
                cut = s.end() if s else len(rest)
                head, msg = rest[:cut], rest[cut:]
                times.append(ts)
                pids.add(pid)
                sev = s.group().strip() if s else ""
                sql = ((sev == "LOG:" and msg.startswith(("duration:", "statement:", "execute ")))
                       or (sev == "DETAIL:" and msg.startswith("parameters:"))
                       or sev == "STATEMENT:")
            else:  # a continuation line (TAB): more of the statement
                ts, pid, head, msg, sql = None, None, None, line, True
            if sql:
                pieces = INT.split(msg)
                nums = [int(x) for x in INT.findall(msg)]
            else:
                pieces, nums = [msg], []
            out.append((ts, pid, head, pieces, nums))
    return out, times, pids


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bytes", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--marks", default="16,4")
    ap.add_argument("sources", nargs="+")
    args = ap.parse_args()

    srcs = [load(p) for p in args.sources]
    all_times = sorted(t for _, times, _ in srcs for t in times)
    t0 = datetime.datetime.strptime(all_times[0], FMT)
    t1 = datetime.datetime.strptime(all_times[-1], FMT)
    step = (t1 - t0) + datetime.timedelta(minutes=1)
    all_pids = sorted(p for _, _, pids in srcs for p in pids)
    pid_base, pid_span = all_pids[0], all_pids[-1] - all_pids[0] + 1
    distinct_ts = sorted(set(all_times))

    marks = {int(x): None for x in args.marks.split(",") if x}
    written = lines = copies = 0
    with open(args.out, "w", encoding="utf-8", errors="surrogateescape", newline="") as out:
        while written < args.bytes:
            tmpl, _, _ = srcs[copies % len(srcs)]
            k = copies
            shift = step * k
            tsmap = {t: (datetime.datetime.strptime(t, FMT) + shift).strftime(FMT) + " UTC"
                     for t in distinct_ts}
            pid_off = 1000 + k * pid_span - pid_base
            buf = []
            for ts, pid, head, pieces, nums in tmpl:
                if nums:
                    msg = pieces[0] + "".join(str(n + k) + p for n, p in zip(nums, pieces[1:]))
                else:
                    msg = pieces[0]
                if ts is None:
                    buf.append(msg)
                else:
                    buf.append("%s [%d]: %s%s" % (tsmap[ts], pid + pid_off, head, msg))
            chunk = "".join(buf)
            out.write(chunk)
            written += len(chunk.encode("utf-8", "surrogateescape"))
            lines += len(buf)
            copies += 1
            for frac in marks:
                if marks[frac] is None and written >= args.bytes / frac:
                    marks[frac] = written
    json.dump({"bytes": written, "copies": copies, "lines": lines,
               "marks": {str(k): v for k, v in marks.items()}}, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
