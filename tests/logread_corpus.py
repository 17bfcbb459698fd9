#!/usr/bin/env python3
"""logread_corpus.py LOGDUMP QUERYLOGS - the log reader against the labeled corpus logs.

For every log file of every run in LABELS.json:
  * the STATEMENT events of each labeled session's pid number its statements_sent;
  * every labeled location (N+1 bursts, decoys, index items, noise) lists exactly
    the lines of STATEMENT events of its pid (for csv files, physical lines);
  * failing statements (noise) are flagged failed, the rest are not;
  * the reader's record count equals the file's labeled record count, and
    nothing is counted as unknown, malformed, truncated or not UTF-8.
Each file is read as auto-detected, and again gzip-compressed.
Prints "N passed, N failed"; exits 1 on failure.
"""
import collections
import gzip
import json
import os
import subprocess
import sys
import tempfile


def run(logdump, path):
    out = subprocess.run([logdump, path], check=True, capture_output=True, text=True).stdout
    lines = out.splitlines()
    events = [json.loads(l) for l in lines[:-1]]
    stats = json.loads(lines[-1])["stats"]
    return events, stats


def locations(app):
    """Yields (item id, file, pid, lines) for every labeled location with lines."""
    for key in ("n_plus_one", "decoys", "missing_indexes", "served_queries", "index_non_candidates", "noise"):
        for item in app.get(key, []):
            for f, loc in item.get("locations", {}).items():
                if "by_session" in loc:
                    for sess, l in loc["by_session"].items():
                        if "lines" in l:
                            yield key, item.get("id", "?"), f, l["pid"], l["lines"]
                elif "lines" in loc:
                    yield key, item.get("id", "?"), f, loc["pid"], loc["lines"]


def main():
    logdump, root = sys.argv[1], sys.argv[2]
    labels = json.load(open(os.path.join(root, "LABELS.json")))
    passed = failed = 0

    def check(ok, what):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print("FAIL", what)

    tmp = tempfile.mkdtemp()
    for app_name, app in labels["apps"].items():
        locs = list(locations(app))
        prepares = collections.Counter(n["session"] for n in app["n_plus_one"]
                                       if "PQprepare" in n.get("protocol", ""))
        for run_ in app["runs"]:
            for f, meta in run_["files"].items():
                path = os.path.join(root, f)
                gz = os.path.join(tmp, os.path.basename(f) + ".gz")
                with open(path, "rb") as src, gzip.open(gz, "wb") as dst:
                    dst.write(src.read())
                for variant, p in (("", path), (" (gz)", gz)):
                    events, stats = run(logdump, p)
                    name = f + variant
                    fmt = stats["file_list"][0]["format"]
                    check(fmt == meta["format"], f"{name}: read as {fmt}, want {meta['format']}")
                    check(stats["records"] == meta["records"],
                          f"{name}: {stats['records']} records, want {meta['records']}")
                    bad = {k: v for k, v in stats["skipped"].items()
                           if k in ("unknown_line", "malformed", "truncated", "not_utf8", "unreadable")}
                    check(not bad, f"{name}: skipped {bad}")
                    stmts = [e for e in events if e["kind"] == "statement"]
                    by_pid = collections.Counter(e["pid"] for e in stmts)
                    for sname, sess in run_["sessions"].items():
                        got = by_pid.get(sess["pid"], 0)
                        # a PQprepare is sent but not executed: no trace with log_statement=all,
                        # a parse record folded into the first execution with durations
                        want = sess["statements_sent"] - prepares[sname]
                        check(got == want,
                              f"{name}: session {sname} (pid {sess['pid']}): {got} statements, "
                              f"want {want}")
                    lines_of = collections.defaultdict(set)
                    failed_lines = set()
                    for e in stmts:
                        lines_of[e["pid"]].add(e["line"])
                        if e["failed"]:
                            failed_lines.add(e["line"])
                    noise_lines = set()
                    for kind, item, lf, pid, lines in locs:
                        if lf != f:
                            continue
                        missing = [l for l in lines if l not in lines_of[pid]]
                        check(not missing, f"{name}: {kind} {item}: no statement of pid {pid} at lines {missing[:10]}")
                        if kind == "noise":
                            noise_lines.update(lines)
                    check(failed_lines == noise_lines,
                          f"{name}: failed statements at {sorted(failed_lines)}, errors labeled at {sorted(noise_lines)}")
                    sessions = {e["session"] for e in stmts}
                    starts = [e for e in events if e["kind"] == "session_start"]
                    ends = [e for e in events if e["kind"] == "session_end"]
                    if run_["settings"].get("log_connections"):
                        check(len(starts) == len(run_["sessions"]),
                              f"{name}: {len(starts)} session starts, want {len(run_['sessions'])}")
                        check(len(ends) == len(run_["sessions"]),
                              f"{name}: {len(ends)} session ends, want {len(run_['sessions'])}")
                    check(len(sessions) == len([s for s in run_["sessions"].values() if s["statements_sent"]]),
                          f"{name}: {len(sessions)} sessions with statements")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
