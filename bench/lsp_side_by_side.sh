#!/usr/bin/env bash
# dbl lsp and postgres-language-server's lsp-proxy on the same 10,000-line file and the same
# edits (bench/lsp_bench.py), in alternating rounds, so both see the same machine.
# Usage: bench/lsp_side_by_side.sh DBL [ROUNDS] [EDITS]
# Installs @postgres-language-server/cli (pinned: PLS_VERSION) with npm into a temporary folder.
set -euo pipefail
dbl=$(realpath "$1") rounds=${2:-3} edits=${3:-100}
here=$(cd "$(dirname "$0")" && pwd)
PLS_VERSION=${PLS_VERSION:-0.25.5}
tmp=$(mktemp -d -t dbl-lsp-bench.XXXXXX)
trap 'pkill -f "$tmp/" 2>/dev/null || true; rm -rf "$tmp"' EXIT
npm install --prefix "$tmp/pls" --no-audit --no-fund --loglevel=error \
  "@postgres-language-server/cli@$PLS_VERSION" >"$tmp/npm.log" 2>&1 ||
  { echo "lsp_side_by_side: npm install failed:" >&2; tail -5 "$tmp/npm.log" >&2; exit 2; }
pls=$(ls "$tmp"/pls/node_modules/@postgres-language-server/cli-*/postgres-language-server | head -1)
echo "postgres-language-server $("$pls" --version | sed 's/Version: //'), dbl $("$dbl" --version)"
for ((r = 1; r <= rounds; r++)); do
  python3 "$here/lsp_bench.py" "$dbl" --edits "$edits" --timed "$edits" >"$tmp/dbl.$r.json"
  # its daemon outlives the proxy: each round starts a fresh one (and its logs stay in $tmp)
  HOME=$tmp/home python3 "$here/lsp_bench.py" --cmd "$pls lsp-proxy" --edits "$edits" --timed "$edits" \
    >"$tmp/pls.$r.json" || true  # exit status: its proxy outlives "exit" (lsp_bench kills it after 10 s)
  pkill -f "$pls" 2>/dev/null || true
done
python3 - "$tmp" "$rounds" <<'PY'
import json, statistics, sys
tmp, rounds = sys.argv[1], int(sys.argv[2])
def load(name):
    return [json.load(open("%s/%s.%d.json" % (tmp, name, r))) for r in range(1, rounds + 1)]
d, p = load("dbl"), load("pls")
def med(rs, k):
    return statistics.median(r[k] for r in rs)
print("| | dbl lsp | postgres-language-server lsp-proxy | ratio |")
print("|---|---:|---:|---:|")
for k, label in (("median_ms", "didChange → publishDiagnostics, median (ms)"), ("p90_ms", "p90 (ms)"),
                 ("open_ms", "didOpen → first publishDiagnostics (ms)"),
                 ("rss_after_edits_kb", "resident memory after the edits (KB, daemon included)")):
    a, b = med(d, k), med(p, k)
    print("| %s | %.1f | %.1f | %.1f× |" % (label, a, b, b / a if a else 0))
print("| diagnostics on the file | %d | %d | |" % (d[0]["diagnostics"], p[0]["diagnostics"]))
print("| exit status after shutdown/exit | %d | %d | |" % (d[0]["exit"], p[0]["exit"]))
print("rounds: %d, edits per round: %d; per-round medians: dbl %s, pls %s" % (
    rounds, d[0]["edits"], [r["median_ms"] for r in d], [r["median_ms"] for r in p]))
PY
