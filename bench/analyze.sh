#!/usr/bin/env bash
# bench/analyze.sh - time `dbl analyze` against pgBadger on the same PostgreSQL logs, side by side.
#
# Usage: bench/analyze.sh [--dbl PATH] [--runs N] [--bytes N] [--slow SECONDS]
#                         [--timeout SECONDS] [--no-pgbadger]
#
# The input is a stderr log of at least --bytes (default 1 GiB) made by
# bench/synth_log.py from the real server records of the corpus'
# pgbadger_prefix.stderr.log files (pids, timestamps and constants shifted per
# copy), plus its first 1/16 and 1/4 (cut at a copy boundary) and the gzip of
# each. Every input is read by `dbl analyze --format json`, by
# `dbl analyze --no-shape-cache` (a libpg_query parse per statement) and by
# pgBadger with -j 1 and -j 2 (its --prefix set to the log's prefix).
#
# Everything is measured in one run, interleaved: for each input, round r runs
# every tool once (in an order rotated by r), and this repeats --runs times, so
# noise on this shared machine hits all tools alike. A tool whose first run on
# an input takes more than --slow seconds runs only once there. Reported numbers
# are medians over the rounds; ratios are computed from medians of the same run.
# Throughput is log text (uncompressed bytes) per second. Progress goes to
# stderr; a Markdown block for BENCHMARKS.md goes to stdout. Generated files
# live in a temporary folder that is removed at the end.
set -euo pipefail
export LC_ALL=C   # decimal point in $EPOCHREALTIME, stable sort

DBL=build/dbl
RUNS=3
BYTES=1073741824
SLOW=60
TIMEOUT=3600
PGBADGER=1
PREFIX='%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h '

usage() {
	sed -n '4,5p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit "${1:-2}"
}

while (($#)); do
	case $1 in
	--dbl) DBL=$2; shift 2 ;;
	--runs) RUNS=$2; shift 2 ;;
	--bytes) BYTES=$2; shift 2 ;;
	--slow) SLOW=$2; shift 2 ;;
	--timeout) TIMEOUT=$2; shift 2 ;;
	--no-pgbadger) PGBADGER=0; shift ;;
	-h | --help) usage 0 ;;
	*) echo "analyze.sh: unknown argument: $1" >&2; usage ;;
	esac
done
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "analyze.sh: --runs must be a positive integer" >&2; exit 2; }
[[ $BYTES =~ ^[1-9][0-9]*$ ]] || { echo "analyze.sh: --bytes must be a positive integer" >&2; exit 2; }

say() { printf '[bench] %s\n' "$*" >&2; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
corpus=${DBL_CORPUS:-$repo/../shared/corpus/querylogs}
[[ $DBL == /* ]] || DBL=$PWD/$DBL

tmp=$(mktemp -d -t dbl-bench-analyze.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/in" "$tmp/out" "$tmp/res" "$tmp/work"
cd "$tmp/work"   # no stray .dbl.json changes what dbl does

# --- prerequisites -----------------------------------------------------------

for tool in python3 gzip timeout; do
	command -v "$tool" >/dev/null || { echo "analyze.sh: $tool is required" >&2; exit 2; }
done
HAVE_TIME=1
if [[ ! -x /usr/bin/time ]]; then
	HAVE_TIME=0
	say "/usr/bin/time not found: peak memory will not be measured (install it with: apt-get install time)"
fi
sources=("$corpus/shop/logs/pgbadger_prefix.stderr.log" "$corpus/social/logs/pgbadger_prefix.stderr.log")
schemas=(--schema "$corpus/shop/schema.sql" --schema "$corpus/social/schema.sql")
for f in "${sources[@]}"; do
	[[ -r $f ]] || { echo "analyze.sh: $f not found (set DBL_CORPUS)" >&2; exit 2; }
done
avail=$(df -Pk "$tmp" | awk 'NR == 2 {printf "%.0f\n", $4 * 1024}')
if ((avail < BYTES * 3)); then
	echo "analyze.sh: $tmp has $((avail / 1000000)) MB free; the inputs need about $((BYTES * 3 / 1000000)) MB" >&2
	exit 2
fi

# --- inputs ------------------------------------------------------------------

say "synthesizing a stderr log of $BYTES bytes from ${#sources[@]} real logs"
info=$(python3 "$here/synth_log.py" --bytes "$BYTES" --out "$tmp/in/full.log" "${sources[@]}")
say "synth: $info"
m16=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["marks"]["16"])' "$info")
m4=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["marks"]["4"])' "$info")
copies=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["copies"])' "$info")
head -c "$m16" "$tmp/in/full.log" >"$tmp/in/s16.log"
head -c "$m4" "$tmp/in/full.log" >"$tmp/in/s4.log"
mv "$tmp/in/full.log" "$tmp/in/s1.log"
SIZES=(s16 s4 s1)
declare -A LABEL=([s16]="1/16" [s4]="1/4" [s1]="1")
declare -A BYTES_OF LINES_OF
INPUTS=()
for s in "${SIZES[@]}"; do
	say "gzip $s"
	gzip -6 -c "$tmp/in/$s.log" >"$tmp/in/$s.log.gz"
	BYTES_OF[$s]=$(stat -c %s "$tmp/in/$s.log")
	BYTES_OF[$s.gz]=${BYTES_OF[$s]}   # throughput counts log text, also for gz
	LINES_OF[$s]=$(wc -l <"$tmp/in/$s.log")
	INPUTS+=("$s" "$s.gz")
done
declare -A GZBYTES
for s in "${SIZES[@]}"; do GZBYTES[$s]=$(stat -c %s "$tmp/in/$s.log.gz"); done

# --- tools -------------------------------------------------------------------

declare -A NOTE VERSION
NOTE[dbl]=""
if [[ ! -x $DBL ]]; then
	NOTE[dbl]="not yet measured ($DBL not found)"
else
	rc=0
	"$DBL" analyze --format json "${schemas[@]}" "${sources[0]}" >"$tmp/out/dbl.check" 2>"$tmp/out/dbl.check.err" || rc=$?
	if ((rc > 1)); then
		NOTE[dbl]="not yet measured (dbl analyze exited $rc: $(head -c 200 "$tmp/out/dbl.check.err" | tr '\n' ' '))"
	elif ! python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/out/dbl.check" 2>/dev/null; then
		NOTE[dbl]="not yet measured (dbl analyze --format json did not print JSON)"
	fi
fi
VERSION[dbl]=$([[ -x $DBL ]] && "$DBL" --version 2>/dev/null | head -1 || echo "not built")
if [[ -n ${DBL_COMMIT:-} ]]; then
	VERSION[dbl]+="; built from commit $DBL_COMMIT"
else
	VERSION[dbl]+="; repository at commit $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)"
fi
[[ -z ${NOTE[dbl]} ]] || say "dbl: ${NOTE[dbl]}"
NOTE[pgbadger]=""
if ((!PGBADGER)); then
	NOTE[pgbadger]="not measured (--no-pgbadger)"
elif ! command -v pgbadger >/dev/null; then
	NOTE[pgbadger]="not measured: pgbadger not found (apt-get install pgbadger)"
else
	VERSION[pgbadger]=$(pgbadger --version 2>/dev/null | head -1)
fi

TOOLS=(dbl dbl-noschema dbl-nocache pgb1 pgb2)
declare -A NAME=([dbl]="**dbl** \`analyze --format json\`"
	[dbl-noschema]="dbl \`analyze --format json\` without \`--schema\` (no index advisor)"
	[dbl-nocache]="dbl \`analyze --format json --no-shape-cache\`"
	[pgb1]="pgBadger \`-j 1\`" [pgb2]="pgBadger \`-j 2\`")

tool_note() {
	case $1 in
	dbl*) echo "${NOTE[dbl]}" ;;
	pgb*) echo "${NOTE[pgbadger]}" ;;
	esac
}

# set_cmd TOOL INPUT: the command line in CMD. pgBadger writes its HTML report
# to a file in $tmp/out (removed after each run), like a user would.
set_cmd() {
	local file=$tmp/in/$2.log
	[[ $2 == *.gz ]] && file=$tmp/in/${2%.gz}.log.gz
	case $1 in
	dbl) CMD=("$DBL" analyze --format json "${schemas[@]}" "$file") ;;
	dbl-noschema) CMD=("$DBL" analyze --format json "$file") ;;
	dbl-nocache) CMD=("$DBL" analyze --format json --no-shape-cache "${schemas[@]}" "$file") ;;
	pgb1) CMD=(pgbadger -j 1 -f stderr --prefix "$PREFIX" -q -o "$tmp/out/report.html" "$file") ;;
	pgb2) CMD=(pgbadger -j 2 -f stderr --prefix "$PREFIX" -q -o "$tmp/out/report.html" "$file") ;;
	esac
}

ok_exit() {
	case $1 in
	dbl*) (($2 == 0 || $2 == 1)) ;;
	*) (($2 == 0)) ;;
	esac
}

# --- measuring ---------------------------------------------------------------

# $tmp/res/TOOL@INPUT holds "elapsed_us rss_kb" per successful run.
run_one() {
	local tool=$1 input=$2 res=$tmp/res/$1@$2 out=$tmp/out/$1@$2
	local rc=0 t0 t1 us rss=0 wrap=()
	((HAVE_TIME)) && wrap=(/usr/bin/time -v -o "$out.time")
	set_cmd "$tool" "$input"
	t0=$EPOCHREALTIME
	timeout -k 5 "$TIMEOUT" "${wrap[@]}" "${CMD[@]}" >"$out.stdout" 2>"$out.stderr" || rc=$?
	t1=$EPOCHREALTIME
	us=$((${t1/./} - ${t0/./}))
	rm -f "$tmp/out/report.html"
	if ((rc == 124 || rc == 137)); then
		echo "timeout (> ${TIMEOUT} s)" >"$res.stop"
		say "$tool on $input: timed out"
		return
	fi
	if ! ok_exit "$tool" "$rc"; then
		echo "failed (exit $rc)" >"$res.stop"
		say "$tool on $input: exit $rc: $(head -c 300 "$out.stderr")"
		return
	fi
	((HAVE_TIME)) && rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out.time")
	echo "$us $rss" >>"$res"
	say "$tool on $input: $(awk -v u="$us" 'BEGIN {printf "%.2f s", u / 1e6}'), $((rss / 1024)) MB"
	# Keep the first run's output (dbl's JSON summary and findings); drop the rest.
	if [[ ! -e $out.first ]]; then mv "$out.stdout" "$out.first"; else rm -f "$out.stdout"; fi
	if ((us > SLOW * 1000000)) && [[ ! -e $res.once ]]; then
		touch "$res.once"
		say "$tool on $input took $((us / 1000000)) s: measured once there"
	fi
}

should_run() {
	local res=$tmp/res/$1@$2
	[[ -z $(tool_note "$1") && ! -e $res.stop && ! -e $res.once ]]
}

measure() {
	local input=$1 n=${#TOOLS[@]} r i tool
	for ((r = 0; r < RUNS; r++)); do
		say "$input: round $((r + 1))/$RUNS"
		for ((i = 0; i < n; i++)); do
			tool=${TOOLS[(i + r) % n]}
			should_run "$tool" "$input" && run_one "$tool" "$input"
		done
	done
	return 0
}

# Warm-up: page cache and binaries, on the smallest input.
for tool in "${TOOLS[@]}"; do
	[[ -z $(tool_note "$tool") ]] || continue
	set_cmd "$tool" s16
	timeout "$TIMEOUT" "${CMD[@]}" >/dev/null 2>&1 || true
	rm -f "$tmp/out/report.html"
done
for input in "${INPUTS[@]}"; do
	measure "$input"
done

# --- reporting -----------------------------------------------------------------

median() {
	[[ -s $1 ]] || return 0
	awk -v c="$2" '{print $c}' "$1" | sort -g |
		awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}
secs() { awk -v s="$1" 'BEGIN { if (s < 1) printf "%.3f s", s; else if (s < 10) printf "%.2f s", s; else printf "%.1f s", s }'; }
med_s() {
	local res=$tmp/res/$1@$2
	[[ -s $res && -z $(tool_note "$1") ]] || return 0
	awk -v u="$(median "$res" 1)" 'BEGIN {print u / 1e6}'
}
cell() {
	local res=$tmp/res/$1@$2 note
	note=$(tool_note "$1")
	if [[ -n $note ]]; then echo "${note%% (*}"; return; fi
	if [[ -s $res ]]; then
		local runs
		runs=$(wc -l <"$res")
		printf '%s' "$(secs "$(med_s "$1" "$2")")"
		((runs < RUNS)) && printf ' (%d run%s)' "$runs" "$([[ $runs == 1 ]] || echo s)"
		echo
	elif [[ -e $res.stop ]]; then cat "$res.stop"
	else echo "—"
	fi
}
mbps() {
	local s
	s=$(med_s "$1" "$2")
	[[ -n $s ]] || { echo "—"; return; }
	awk -v b="${BYTES_OF[$2]}" -v s="$s" 'BEGIN {printf "%.1f MB/s\n", b / 1e6 / s}'
}
ratio() {
	[[ -n $1 && -n $2 ]] || { echo "—"; return; }
	awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f×\n", a / b; else print "—" }'
}
rss_cell() {
	local res=$tmp/res/$1@$2 note
	note=$(tool_note "$1")
	if [[ -n $note ]]; then echo "${note%% (*}"; return; fi
	if ((!HAVE_TIME)); then echo "not measured (no /usr/bin/time)"; return; fi
	[[ -s $res ]] || { echo "—"; return; }
	awk -v k="$(median "$res" 2)" 'BEGIN {printf "%.1f MB\n", k * 1024 / 1e6}'
}
# dbl_summary TOOL KEY INPUT: a number from the first run's JSON (KEY findings: counts by rule).
dbl_summary() {
	local f=$tmp/out/$1@$3.first
	[[ -s $f ]] || { echo "—"; return; }
	python3 - "$f" "$2" <<'EOF' 2>/dev/null || echo "?"
import collections, json, sys
doc = json.load(open(sys.argv[1]))
key = sys.argv[2]
if key == "findings":
    c = collections.Counter(d.get("rule") for d in doc.get("diagnostics", []))
    print(", ".join("%s %d" % kv for kv in sorted(c.items())) or "none")
else:
    print(doc.get("summary", {}).get(key, "—"))
EOF
}

cells() { local f=$1 input; shift; for input in "${INPUTS[@]}"; do "$f" "$@" "$input"; done; }
row() { local name=$1 c; shift; printf '| %s |' "$name"; for c in "$@"; do printf ' %s |' "$c"; done; echo; }

header="| |$(for i in "${INPUTS[@]}"; do s=${i%.gz}; printf ' %s%s |' "${LABEL[$s]}" "$([[ $i == *.gz ]] && echo ' gz')"; done)"
rule="|---|$(for _ in "${INPUTS[@]}"; do printf -- '---:|'; done)"

echo "### dbl analyze against pgBadger ($(date -u +%Y-%m-%d), $(nproc) cores, $RUNS interleaved rounds, medians)"
echo
echo "dbl: ${VERSION[dbl]}. pgBadger: ${VERSION[pgbadger]:-${NOTE[pgbadger]}}."
echo "Input: bench/synth_log.py, $copies copies of the corpus' two pgbadger_prefix.stderr.log files (real PostgreSQL 15"
echo "records, \`log_min_duration_statement = 0\`, prefix \`$PREFIX\`), pids, timestamps and integer constants"
echo "shifted per copy; 1/16 and 1/4 are prefixes of the whole file cut at a copy boundary. Throughput counts"
echo "log text (uncompressed bytes) per second, also for the gz inputs. pgBadger runs with \`-f stderr --prefix ... -q -o report.html\`;"
echo "a tool whose first run on an input took over ${SLOW} s ran once there. Peak memory: maximum resident set size"
echo "(/usr/bin/time; for pgBadger \`-j 2\` the largest of its processes)."
echo
echo "| input | log text | lines | gz file |"
echo "|---|---:|---:|---:|"
for s in "${SIZES[@]}"; do
	printf '| %s | %.1f MB | %s | %.1f MB |\n' "${LABEL[$s]}" "$(awk -v b="${BYTES_OF[$s]}" 'BEGIN {print b / 1e6}')" \
		"${LINES_OF[$s]}" "$(awk -v b="${GZBYTES[$s]}" 'BEGIN {print b / 1e6}')"
done
echo
echo "#### Wall time and throughput"
echo
echo "$header"
echo "$rule"
for t in "${TOOLS[@]}"; do
	mapfile -t c < <(cells cell "$t"); row "${NAME[$t]}" "${c[@]}"
done
for t in "${TOOLS[@]}"; do
	mapfile -t c < <(cells mbps "$t"); row "${NAME[$t]}: throughput" "${c[@]}"
done
r1() { ratio "$(med_s pgb1 "$1")" "$(med_s dbl "$1")"; }
r2() { ratio "$(med_s pgb2 "$1")" "$(med_s dbl "$1")"; }
rc() { ratio "$(med_s dbl-nocache "$1")" "$(med_s dbl "$1")"; }
ra() { ratio "$(med_s dbl "$1")" "$(med_s dbl-noschema "$1")"; }
mapfile -t c < <(cells r1); row "dbl throughput ÷ pgBadger \`-j 1\` (target ≥ 10×, floor 5×)" "${c[@]}"
mapfile -t c < <(cells r2); row "dbl throughput ÷ pgBadger \`-j 2\`" "${c[@]}"
mapfile -t c < <(cells rc); row "shape cache: time without ÷ time with" "${c[@]}"
mapfile -t c < <(cells ra); row "index advisor: time with \`--schema\` ÷ without (target ≤ 1.10)" "${c[@]}"
echo
echo "#### Peak memory (target for dbl: flat from 1/16 to 1)"
echo
echo "$header"
echo "$rule"
for t in "${TOOLS[@]}"; do
	mapfile -t c < <(cells rss_cell "$t"); row "${NAME[$t]}" "${c[@]}"
done
echo
echo "#### What dbl read (first run)"
echo
echo "$header"
echo "$rule"
for key in statements sessions shapes; do
	mapfile -t c < <(cells dbl_summary dbl "$key"); row "summary.$key" "${c[@]}"
done
mapfile -t c < <(cells dbl_summary dbl findings); row "findings by rule" "${c[@]}"
mapfile -t c < <(cells dbl_summary dbl-nocache statements); row "summary.statements (--no-shape-cache)" "${c[@]}"
echo
echo "<details><summary>All samples (wall seconds per run, in run order)</summary>"
echo
for input in "${INPUTS[@]}"; do
	for tool in "${TOOLS[@]}"; do
		res=$tmp/res/$tool@$input
		[[ -s $res ]] || continue
		printf -- '- %s on %s: %s\n' "$tool" "$input" "$(awk '{printf "%s%.3f", (NR > 1 ? ", " : ""), $1 / 1e6}' "$res")"
	done
done
echo
echo "</details>"
say "done"
