#!/usr/bin/env bash
# bench/run.sh - time dbl against libpg_query's raw parser and peer linters, side by side.
#
# Usage: bench/run.sh [--dbl PATH] [--runs N] [--scales "1 4 16"] [--prefixes "500 1000 2000"]
#                     [--sqlfluff-prefixes "50 100 200"] [--sqlfluff-timeout SECONDS]
#                     [--timeout SECONDS] [--no-peers]
#
# Everything is measured in one run, interleaved: for each input, round r runs
# every tool once (in an order rotated by r), and this repeats --runs times, so
# noise on this shared machine hits all tools alike. Reported numbers are medians
# over the rounds; ratios are computed from medians of the same run.
# Progress goes to stderr; a Markdown block for BENCHMARKS.md goes to stdout.
set -euo pipefail
export LC_ALL=C   # decimal point in $EPOCHREALTIME, stable sort

# Peer versions are pinned (the environment may override them); the version
# npm actually resolved is reported.
SQUAWK_VERSION=${SQUAWK_VERSION:-2.66.0}
PLS_VERSION=${PLS_VERSION:-0.25.5}

DBL=build/dbl
RUNS=5
SCALES="1 4 16"
PREFIXES="500 1000 2000"
SF_PREFIXES="50 100 200"   # sqlfluff is much slower and superlinear: small prefixes only
TIMEOUT=300          # seconds per single run of any tool
SF_TIMEOUT=120       # seconds per single run of sqlfluff
SLOW=30              # a tool whose first run on an input exceeds this runs only once there
PEERS=1
SEED=1

usage() {
	sed -n '4,6p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit "${1:-2}"
}

while (($#)); do
	case $1 in
	--dbl) DBL=$2; shift 2 ;;
	--runs) RUNS=$2; shift 2 ;;
	--scales) SCALES=$2; shift 2 ;;
	--prefixes) PREFIXES=$2; shift 2 ;;
	--sqlfluff-prefixes) SF_PREFIXES=$2; shift 2 ;;
	--sqlfluff-timeout) SF_TIMEOUT=$2; shift 2 ;;
	--timeout) TIMEOUT=$2; shift 2 ;;
	--no-peers) PEERS=0; shift ;;
	-h | --help) usage 0 ;;
	*) echo "run.sh: unknown argument: $1" >&2; usage ;;
	esac
done
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --runs must be a positive integer" >&2; exit 2; }

say() { printf '[bench] %s\n' "$*" >&2; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(dirname "$here")
[[ $DBL == /* ]] || DBL=$PWD/$DBL

tmp=$(mktemp -d -t dbl-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/in" "$tmp/out" "$tmp/res" "$tmp/work" "$tmp/peers"
# Tools run from an empty folder, so no stray config file (.dbl.json,
# postgres-language-server.jsonc, .squawk.toml) changes what they do.
cd "$tmp/work"

# --- prerequisites -----------------------------------------------------------

for tool in python3 cc timeout; do
	command -v "$tool" >/dev/null || { echo "run.sh: $tool is required" >&2; exit 2; }
done
HAVE_TIME=1
if [[ ! -x /usr/bin/time ]]; then
	HAVE_TIME=0
	say "/usr/bin/time not found: peak memory will not be measured (install it with: apt-get install time)"
fi

# --- inputs ------------------------------------------------------------------

say "building raw_parse"
cc -O2 -I/usr/include/postgresql/15/server "$here/raw_parse.c" -lpg_query -o "$tmp/raw_parse"

# Input names: "1x", "4x", ... are whole files; "p500", ... are the first N
# statements of the 1x file (squawk's default reporter is quadratic); the
# sqlfluff prefixes are smaller still.
INPUTS_FULL=()
INPUTS_PREFIX=()
INPUTS_SF=()
for s in $SCALES; do
	say "generating scale $s"
	python3 "$here/gen_schema.py" --scale "$s" --seed "$SEED" >"$tmp/in/${s}x.sql"
	INPUTS_FULL+=("${s}x")
done
for n in $PREFIXES; do
	python3 "$here/gen_schema.py" --scale 1 --seed "$SEED" --limit "$n" >"$tmp/in/p$n.sql"
	INPUTS_PREFIX+=("p$n")
done
for n in $SF_PREFIXES; do
	[[ -e $tmp/in/p$n.sql ]] || python3 "$here/gen_schema.py" --scale 1 --seed "$SEED" --limit "$n" >"$tmp/in/p$n.sql"
	INPUTS_SF+=("p$n")
done

# Every input must parse: a parse error would be a generator bug, not a benchmark.
declare -A BYTES STMTS
for input in "${INPUTS_FULL[@]}" "${INPUTS_PREFIX[@]}" "${INPUTS_SF[@]}"; do
	line=$("$tmp/raw_parse" "$tmp/in/$input.sql" 1) || { echo "run.sh: $input does not parse" >&2; exit 1; }
	[[ $line =~ statements=([0-9]+) ]] && STMTS[$input]=${BASH_REMATCH[1]}
	[[ $line =~ bytes=([0-9]+) ]] && BYTES[$input]=${BASH_REMATCH[1]}
done
smallest=${INPUTS_PREFIX[0]:-${INPUTS_FULL[0]}}

# --- tools -------------------------------------------------------------------

declare -A NOTE    # why a tool is not measured at all ("" = measured)
declare -A VERSION

# dbl: must run and print JSON; exit 1 (findings) is success, 2 is failure.
NOTE[dbl]=""
if [[ ! -x $DBL ]]; then
	NOTE[dbl]="not yet measured ($DBL not found)"
else
	rc=0
	"$DBL" lint --format json "$tmp/in/$smallest.sql" >"$tmp/out/dbl.check" 2>"$tmp/out/dbl.check.err" || rc=$?
	if ((rc > 1)); then
		NOTE[dbl]="not yet measured (dbl lint exited $rc: $(head -c 200 "$tmp/out/dbl.check.err"))"
	elif ! python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/out/dbl.check" 2>/dev/null; then
		NOTE[dbl]="not yet measured (dbl lint --format json did not print JSON)"
	fi
fi
if [[ ! -x $DBL ]]; then
	VERSION[dbl]="not built"
else
	rc=0
	v=$("$DBL" --version 2>/dev/null) || rc=$?
	if ((rc == 0)) && [[ -n $v ]]; then
		VERSION[dbl]=${v%%$'\n'*}
	else
		VERSION[dbl]="(dbl --version exited $rc)"
	fi
fi
# DBL_COMMIT names the commit the binary was built from, when that is not the
# checkout's HEAD (e.g. a Release build of `git archive HEAD` made earlier).
if [[ -n ${DBL_COMMIT:-} ]]; then
	VERSION[dbl]+="; built from commit $DBL_COMMIT"
else
	VERSION[dbl]+="; repository at commit $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)"
fi
[[ -z ${NOTE[dbl]} ]] || say "dbl: ${NOTE[dbl]}"

# npm_peer NAME PACKAGE VERSION: installs into its own folder; sets NOTE/VERSION.
npm_peer() {
	local name=$1 pkg=$2 want=$3 dir=$tmp/peers/$1
	mkdir -p "$dir"
	say "npm install $pkg@$want"
	if ! timeout 600 npm install --prefix "$dir" --no-audit --no-fund --loglevel=error \
		"$pkg@$want" >"$tmp/out/npm-$name.log" 2>&1; then
		# The first two "npm error" lines carry the code and the reason.
		NOTE[$name]="not measured: npm install $pkg@$want failed ($(grep -m2 -E '^npm (error|ERR!)' "$tmp/out/npm-$name.log" | tr '\n' ' ' | cut -c1-200))"
		say "${NOTE[$name]}"
		return 1
	fi
	VERSION[$name]=$(node -p "require('$dir/node_modules/$pkg/package.json').version")
}

# first_file GLOB-EXPANSION...: the first argument that is an existing file.
first_file() {
	local f
	for f in "$@"; do [[ -f $f ]] && { echo "$f"; return; }; done
	return 0
}

# Peers run as their native binaries (shipped inside the npm packages), so node's
# start-up is not charged to them; the node wrapper is the fallback.
SQUAWK=""
PLS=""
for peer in squawk pls sqlfluff; do NOTE[$peer]="not measured (--no-peers)"; done
if ((PEERS)); then
	if ! command -v npm >/dev/null; then
		NOTE[squawk]="not measured: npm not found"
		NOTE[pls]="not measured: npm not found"
	fi
	if command -v npm >/dev/null && npm_peer squawk squawk-cli "$SQUAWK_VERSION"; then
		NOTE[squawk]=""
		SQUAWK=$(first_file "$tmp"/peers/squawk/node_modules/@squawk-cli/*/bin/squawk)
		[[ -n $SQUAWK ]] || SQUAWK=$tmp/peers/squawk/node_modules/.bin/squawk
		"$SQUAWK" --version >/dev/null 2>&1 || NOTE[squawk]="not measured: installed squawk does not run"
	fi
	if command -v npm >/dev/null && npm_peer pls @postgres-language-server/cli "$PLS_VERSION"; then
		NOTE[pls]=""
		PLS=$(first_file "$tmp"/peers/pls/node_modules/@postgres-language-server/cli-*/postgres-language-server)
		[[ -n $PLS ]] || PLS=$tmp/peers/pls/node_modules/.bin/postgres-language-server
		"$PLS" --version >/dev/null 2>&1 || NOTE[pls]="not measured: installed postgres-language-server does not run"
	fi
	# sqlfluff comes from the distribution (Debian: apt-get install sqlfluff).
	# Its default config skips files over 20,000 bytes without linting them;
	# large_file_skip_byte_limit = 0 turns that off (1.4.5 has no command-line
	# option for it). --ignore-local-config: only this config counts.
	if command -v sqlfluff >/dev/null; then
		NOTE[sqlfluff]=""
		VERSION[sqlfluff]=$(sqlfluff --version 2>/dev/null | awk '{print $NF}')
		printf '[sqlfluff]\nlarge_file_skip_byte_limit = 0\nlarge_file_skip_char_limit = 0\n' >"$tmp/sqlfluff.cfg"
	else
		NOTE[sqlfluff]="not measured: sqlfluff not found (apt-get install sqlfluff)"
	fi
fi

# set_cmd TOOL FILE: the command line for one tool on one input, in CMD.
# Every linter writes all of its findings as JSON where it can, like dbl does.
set_cmd() {
	local file=$2
	case $1 in
	raw) CMD=("$tmp/raw_parse" "$file" 1) ;;
	dbl) CMD=("$DBL" lint --format json "$file") ;;
	squawk-json) CMD=("$SQUAWK" --reporter json "$file") ;;
	squawk-tty) CMD=("$SQUAWK" --reporter tty "$file") ;;
	pls) CMD=("$PLS" check --disable-db --files-max-size=1000000000 "$file") ;;
	pls-json) CMD=("$PLS" check --disable-db --files-max-size=1000000000 --reporter=json "$file") ;;
	sqlfluff) CMD=(sqlfluff lint --dialect postgres --ignore-local-config --config "$tmp/sqlfluff.cfg"
		--format json --disable-progress-bar --processes 1 "$file") ;;
	esac
}

# The exit codes that mean "ran to completion" (1 = findings, for the linters).
ok_exit() {
	case $1 in
	raw) (($2 == 0)) ;;
	*) (($2 == 0 || $2 == 1)) ;;
	esac
}

# tool_note TOOL: why a tool is off entirely ("" = it runs).
tool_note() {
	case $1 in
	raw) echo "" ;;
	dbl) echo "${NOTE[dbl]}" ;;
	squawk-*) echo "${NOTE[squawk]}" ;;
	pls*) echo "${NOTE[pls]}" ;;
	sqlfluff) echo "${NOTE[sqlfluff]}" ;;
	esac
}

# --- measuring ---------------------------------------------------------------

# Results: $tmp/res/TOOL@INPUT holds "elapsed_us rss_kb" per successful run;
# $tmp/res/TOOL@INPUT.inparse holds raw_parse's in-process parse seconds;
# $tmp/res/TOOL@INPUT.stop says why a tool stopped on that input.
run_one() {
	local tool=$1 input=$2 res=$tmp/res/$1@$2 out=$tmp/out/$1@$2
	local rc=0 t0 t1 us rss=0 wrap=() limit=$TIMEOUT
	[[ $tool == sqlfluff ]] && limit=$SF_TIMEOUT
	((HAVE_TIME)) && wrap=(/usr/bin/time -v -o "$out.time")
	set_cmd "$tool" "$tmp/in/$input.sql"
	t0=$EPOCHREALTIME
	timeout -k 5 "$limit" "${wrap[@]}" "${CMD[@]}" >"$out.stdout" 2>"$out.stderr" || rc=$?
	t1=$EPOCHREALTIME
	us=$((${t1/./} - ${t0/./}))
	if ((rc == 124 || rc == 137)); then
		echo "timeout (> ${limit} s)" >"$res.stop"
		say "$tool on $input: timed out"
		return
	fi
	# /usr/bin/time reports the command's own exit status as its own.
	if ! ok_exit "$tool" "$rc"; then
		echo "failed (exit $rc)" >"$res.stop"
		say "$tool on $input: exit $rc: $(head -c 300 "$out.stderr")"
		return
	fi
	((HAVE_TIME)) && rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out.time")
	echo "$us $rss" >>"$res"
	[[ $tool == raw ]] && sed 's/.*median_s=\([0-9.]*\).*/\1/' "$out.stdout" >>"$res.inparse"
	# Keep the first run's output to count findings.
	[[ -e $out.first ]] || cp "$out.stdout" "$out.first"
	if ((us > SLOW * 1000000)) && [[ ! -e $res.once ]]; then
		touch "$res.once"
		say "$tool on $input took $((us / 1000000)) s: measured once there"
	fi
}

# should_run TOOL INPUT: not switched off, not stopped, not done with its one slow run.
should_run() {
	local res=$tmp/res/$1@$2
	[[ -z $(tool_note "$1") && ! -e $res.stop && ! -e $res.once ]] || return 1
	# A tool that timed out on a smaller whole file is not tried on larger ones.
	[[ ! -e $tmp/res/$1.timedout ]]
}

# measure INPUT TOOL...: RUNS interleaved rounds, tool order rotated each round.
measure() {
	local input=$1; shift
	local tools=("$@") n=$# r i tool
	for ((r = 0; r < RUNS; r++)); do
		say "$input: round $((r + 1))/$RUNS"
		for ((i = 0; i < n; i++)); do
			tool=${tools[(i + r) % n]}
			should_run "$tool" "$input" && run_one "$tool" "$input"
		done
	done
	for tool in "${tools[@]}"; do
		grep -qs timeout "$tmp/res/$tool@$input.stop" && touch "$tmp/res/$tool.timedout"
	done
	return 0
}

# Warm-up: one untimed run of every tool on the smallest input (page cache, binaries).
for tool in raw dbl squawk-json pls; do
	[[ -z $(tool_note "$tool") ]] || continue
	set_cmd "$tool" "$tmp/in/$smallest.sql"
	timeout "$TIMEOUT" "${CMD[@]}" >/dev/null 2>&1 || true
done
if ((${#INPUTS_SF[@]})) && [[ -z $(tool_note sqlfluff) ]]; then
	set_cmd sqlfluff "$tmp/in/${INPUTS_SF[0]}.sql"
	timeout "$SF_TIMEOUT" "${CMD[@]}" >/dev/null 2>&1 || true
fi

for input in "${INPUTS_FULL[@]}"; do
	tools=(raw dbl squawk-json pls)
	# postgres-language-server's JSON reporter needs ~3 GB per MB of input: 1x only.
	[[ $input == 1x ]] && tools+=(pls-json)
	measure "$input" "${tools[@]}"
done
# Prefixes are smaller than any whole file: a timeout above does not carry over.
rm -f "$tmp"/res/*.timedout
for input in "${INPUTS_PREFIX[@]}"; do
	measure "$input" raw dbl squawk-tty squawk-json
done
rm -f "$tmp"/res/*.timedout
for input in "${INPUTS_SF[@]}"; do
	measure "$input" raw dbl squawk-json sqlfluff
done

# --- reporting helpers -------------------------------------------------------

# median FILE COLUMN: median of one column (average of the middle two if even).
median() {
	[[ -s $1 ]] || return 0
	awk -v c="$2" '{print $c}' "$1" | sort -g |
		awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

# secs SECONDS: a time with three significant digits.
secs() { awk -v s="$1" 'BEGIN { if (s < 1) printf "%.3f s", s; else if (s < 10) printf "%.2f s", s; else printf "%.1f s", s }'; }

# cell TOOL INPUT: the median wall time, or why there is none.
cell() {
	local res=$tmp/res/$1@$2 note
	note=$(tool_note "$1")
	if [[ -n $note ]]; then echo "${note%% (*}"; return; fi
	if [[ -s $res ]]; then
		local med runs
		med=$(median "$res" 1)
		runs=$(wc -l <"$res")
		printf '%s' "$(secs "$(awk -v u="$med" 'BEGIN {print u / 1e6}')")"
		((runs < RUNS)) && printf ' (%d run%s)' "$runs" "$([[ $runs == 1 ]] || echo s)"
		echo
	elif [[ -e $res.stop ]]; then cat "$res.stop"
	elif [[ -e $tmp/res/$1.timedout ]]; then echo "skipped (timed out on a smaller input)"
	else echo "—"
	fi
}

# med_s TOOL INPUT: median seconds, empty when not measured.
med_s() {
	local res=$tmp/res/$1@$2
	[[ -s $res && -z $(tool_note "$1") ]] || return 0
	awk -v u="$(median "$res" 1)" 'BEGIN {print u / 1e6}'
}
inparse_s() { median "$tmp/res/raw@$1.inparse" 1; }

# ratio A B: A/B to two decimals, "—" when either is missing.
ratio() {
	[[ -n $1 && -n $2 ]] || { echo "—"; return; }
	awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else print "—" }'
}

mb() { awk -v b="$1" 'BEGIN {printf "%.2f", b / 1e6}'; }

# rss_cell TOOL INPUT: median peak RSS in MB and as a multiple of the input size.
rss_cell() {
	local res=$tmp/res/$1@$2 note
	note=$(tool_note "$1")
	if [[ -n $note ]]; then echo "${note%% (*}"; return; fi
	if ((!HAVE_TIME)); then echo "not measured (no /usr/bin/time)"; return; fi
	[[ -s $res ]] || { echo "—"; return; }
	awk -v k="$(median "$res" 2)" -v b="${BYTES[$2]}" 'BEGIN {printf "%.1f MB (%.1f× input)", k * 1024 / 1e6, k * 1024 / b}'
}

# findings TOOL INPUT: number of findings in the first run's JSON output.
findings() {
	local f=$tmp/out/$1@$2.first
	[[ -s $f ]] || { echo "—"; return; }
	python3 - "$1" "$f" <<'EOF' 2>/dev/null || echo "?"
import json, sys
tool, path = sys.argv[1], sys.argv[2]
doc = json.load(open(path))
if tool == "dbl":
    print(len(doc["diagnostics"]))
elif tool.startswith("squawk"):
    print(len(doc))
elif tool == "sqlfluff":
    print(sum(len(f["violations"]) for f in doc))
else:
    print(len(doc["diagnostics"]))
EOF
}

# dbl_rules INPUT: "rule: count" of dbl's findings on one input.
dbl_rules() {
	local f=$tmp/out/dbl@$1.first
	[[ -s $f ]] || return 0
	python3 - "$f" <<'EOF' 2>/dev/null || true
import collections, json, sys
doc = json.load(open(sys.argv[1]))
c = collections.Counter(d["rule"] for d in doc["diagnostics"])
print(", ".join("%s %d" % (r, n) for r, n in sorted(c.items())))
EOF
}

# --- report ------------------------------------------------------------------

cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
pgq=$(dpkg-query -W -f='${Version}' libpg-query-dev 2>/dev/null || echo unknown)
peer_version() { [[ -n ${VERSION[$1]:-} ]] && echo "${VERSION[$1]}" || echo "${NOTE[$1]}"; }

header="| tool |"
rule="|---|"
for input in "${INPUTS_FULL[@]}"; do
	header+=" $input: $(mb "${BYTES[$input]}") MB, ${STMTS[$input]} stmts |"
	rule+="---:|"
done

echo "### Results ($(date -u +%Y-%m-%d))"
echo
echo "- Machine: $(nproc) cores, ${cpu:-unknown CPU}, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM, Linux $(uname -r) (shared and noisy: compare numbers within one run only)"
echo "- dbl: ${VERSION[dbl]} ($DBL); libpg_query (Debian libpg-query-dev) $pgq"
echo "- squawk-cli: $(peer_version squawk) (pinned $SQUAWK_VERSION); @postgres-language-server/cli: $(peer_version pls) (pinned $PLS_VERSION); node $(node --version 2>/dev/null || echo none)"
echo "- sqlfluff: $(peer_version sqlfluff) (distribution package; \`lint --dialect postgres\`, jinja templater, large-file skip off, 1 process, timeout ${SF_TIMEOUT} s)"
echo "- Inputs: \`bench/gen_schema.py --seed $SEED --scale N\`; each time is the median wall time of the whole process over $RUNS interleaved rounds (fewer where a run count is given)"
echo
echo "#### Whole files: wall time"
echo
echo "$header"
echo "$rule"
row() { local label=$1; shift; printf '| %s |' "$label"; for c in "$@"; do printf ' %s |' "$c"; done; echo; }
cells() { local f=$1; shift; local out=(); for input in "${INPUTS_FULL[@]}"; do out+=("$("$f" "$@" "$input")"); done; printf '%s\n' "${out[@]}"; }
inparse_cell() { local v; v=$(inparse_s "$1"); [[ -n $v ]] && secs "$v" || echo "—"; }
mapfile -t c < <(cells inparse_cell); row "pg_query_raw_parse, in-process (parse only)" "${c[@]}"
mapfile -t c < <(cells cell raw); row "raw_parse process (start, read, 1 parse, exit)" "${c[@]}"
mapfile -t c < <(cells cell dbl); row "**dbl** \`lint --format json\`" "${c[@]}"
mapfile -t c < <(cells cell squawk-json); row "squawk \`--reporter json\`" "${c[@]}"
mapfile -t c < <(cells cell pls); row "postgres-language-server \`check --disable-db\` (prints 20 findings)" "${c[@]}"
pj() { [[ $1 == 1x ]] && cell pls-json "$1" || echo "— (1x only)"; }
mapfile -t c < <(cells pj); row "postgres-language-server \`check --disable-db --reporter=json\` (all findings)" "${c[@]}"
r_dbl_parse() { ratio "$(med_s dbl "$1")" "$(inparse_s "$1")"; }
r_dbl_proc() { ratio "$(med_s dbl "$1")" "$(med_s raw "$1")"; }
r_sq() { ratio "$(med_s squawk-json "$1")" "$(med_s dbl "$1")"; }
r_pls() { ratio "$(med_s pls "$1")" "$(med_s dbl "$1")"; }
mapfile -t c < <(cells r_dbl_parse); row "dbl ÷ in-process raw parse (target ≤ 2×)" "${c[@]}"
mapfile -t c < <(cells r_dbl_proc); row "dbl ÷ raw_parse process" "${c[@]}"
mapfile -t c < <(cells r_sq); row "squawk json ÷ dbl" "${c[@]}"
mapfile -t c < <(cells r_pls); row "postgres-language-server check ÷ dbl" "${c[@]}"
fd() { findings dbl "$1"; }
fs() { findings squawk-json "$1"; }
fp() { [[ $1 == 1x ]] && findings pls-json "$1" || echo "—"; }
mapfile -t c < <(cells fd); row "findings: dbl" "${c[@]}"
mapfile -t c < <(cells fs); row "findings: squawk (other rules)" "${c[@]}"
mapfile -t c < <(cells fp); row "findings: postgres-language-server (other rules)" "${c[@]}"
echo
for input in "${INPUTS_FULL[@]}"; do
	rules=$(dbl_rules "$input")
	[[ -n $rules ]] && echo "dbl findings on $input by rule: $rules"
done
echo

echo "#### Growth (dbl should be linear: time per MB flat from 1x to 16x)"
echo
echo "| input | MB | statements | raw parse in-process | raw parse s/MB | dbl | dbl s/MB | dbl time ÷ dbl time at ${INPUTS_FULL[0]} | input size ÷ ${INPUTS_FULL[0]} |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
base=${INPUTS_FULL[0]}
for input in "${INPUTS_FULL[@]}"; do
	m=$(mb "${BYTES[$input]}")
	p=$(inparse_s "$input")
	d=$(med_s dbl "$input")
	printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$input" "$m" "${STMTS[$input]}" \
		"$([[ -n $p ]] && secs "$p" || echo —)" \
		"$([[ -n $p ]] && awk -v s="$p" -v m="$m" 'BEGIN {printf "%.4f", s / m}' || echo —)" \
		"$(cell dbl "$input")" \
		"$([[ -n $d ]] && awk -v s="$d" -v m="$m" 'BEGIN {printf "%.4f", s / m}' || echo —)" \
		"$(ratio "$d" "$(med_s dbl "$base")")" \
		"$(ratio "${BYTES[$input]}" "${BYTES[$base]}")"
done
echo

echo "#### Peak memory (maximum resident set size, /usr/bin/time; target for dbl: under 10× the input)"
echo
echo "$header"
echo "$rule"
mapfile -t c < <(cells rss_cell raw); row "raw_parse process" "${c[@]}"
mapfile -t c < <(cells rss_cell dbl); row "**dbl**" "${c[@]}"
mapfile -t c < <(cells rss_cell squawk-json); row "squawk \`--reporter json\`" "${c[@]}"
mapfile -t c < <(cells rss_cell pls); row "postgres-language-server \`check\`" "${c[@]}"
pjm() { [[ $1 == 1x ]] && rss_cell pls-json "$1" || echo "— (1x only)"; }
mapfile -t c < <(cells pjm); row "postgres-language-server \`check --reporter=json\`" "${c[@]}"
echo

if ((${#INPUTS_PREFIX[@]})); then
	echo "#### Prefixes of the 1x file: squawk's default (tty) reporter is quadratic, so it runs only on these"
	echo
	echo "| first N statements | MB | pg_query_raw_parse in-process | **dbl** | squawk (default tty reporter) | squawk \`--reporter json\` | squawk tty ÷ dbl |"
	echo "|---:|---:|---:|---:|---:|---:|---:|"
	for input in "${INPUTS_PREFIX[@]}"; do
		p=$(inparse_s "$input")
		printf '| %s | %s | %s | %s | %s | %s | %s |\n' "${STMTS[$input]}" "$(mb "${BYTES[$input]}")" \
			"$([[ -n $p ]] && secs "$p" || echo —)" "$(cell dbl "$input")" \
			"$(cell squawk-tty "$input")" "$(cell squawk-json "$input")" \
			"$(ratio "$(med_s squawk-tty "$input")" "$(med_s dbl "$input")")"
	done
	echo
fi

if ((${#INPUTS_SF[@]})); then
	echo "#### Prefixes of the 1x file for sqlfluff (too slow for the whole files)"
	echo
	echo "| first N statements | MB | pg_query_raw_parse in-process | **dbl** | squawk \`--reporter json\` | sqlfluff \`lint --dialect postgres\` | sqlfluff ÷ dbl | sqlfluff peak memory | findings: dbl / squawk / sqlfluff |"
	echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	for input in "${INPUTS_SF[@]}"; do
		p=$(inparse_s "$input")
		printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s / %s / %s |\n' "${STMTS[$input]}" "$(mb "${BYTES[$input]}")" \
			"$([[ -n $p ]] && secs "$p" || echo —)" "$(cell dbl "$input")" \
			"$(cell squawk-json "$input")" "$(cell sqlfluff "$input")" \
			"$(ratio "$(med_s sqlfluff "$input")" "$(med_s dbl "$input")")" \
			"$(rss_cell sqlfluff "$input")" \
			"$(findings dbl "$input")" "$(findings squawk-json "$input")" "$(findings sqlfluff "$input")"
	done
	echo
fi

# Every sample, so the spread on a noisy machine is visible.
echo "<details><summary>All samples (wall seconds per run, in run order)</summary>"
echo
for input in "${INPUTS_FULL[@]}" "${INPUTS_PREFIX[@]}" "${INPUTS_SF[@]}"; do
	for tool in raw dbl squawk-json squawk-tty pls pls-json sqlfluff; do
		res=$tmp/res/$tool@$input
		[[ -s $res ]] || continue
		printf -- '- %s on %s: %s\n' "$tool" "$input" "$(awk '{printf "%s%.3f", (NR > 1 ? ", " : ""), $1 / 1e6}' "$res")"
	done
done
echo
echo "</details>"
say "done"
