#!/usr/bin/env bash
# run.sh SECONDS - builds build-fuzz and runs every fuzz target for SECONDS.
#
# Targets run side by side (one process each) over a fresh seed corpus plus
# whatever earlier runs kept in build-fuzz/corpus/<target>. Exits 1 if any
# target found a crash, leak, timeout or out-of-memory, and prints the
# reproducer (build-fuzz/artifacts/<target>-crash-…); 2 on a usage or build error.
# Environment: FUZZ_TARGETS (default "fuzz_split fuzz_lint fuzz_logread fuzz_lsp"), FUZZ_BUILD (build-fuzz),
# FUZZ_ARGS (extra libFuzzer flags).
set -uo pipefail
[[ $# -eq 1 && $1 =~ ^[0-9]+$ ]] || { echo "usage: $0 SECONDS" >&2; exit 2; }
secs=$1
root=$(cd "$(dirname "$0")/.." && pwd)
build=${FUZZ_BUILD:-$root/build-fuzz}
targets=${FUZZ_TARGETS:-fuzz_split fuzz_lint fuzz_logread fuzz_lsp}
export LC_ALL=C

command -v clang >/dev/null || { echo "run.sh: clang not found" >&2; exit 2; }
mkdir -p "$build"
log=$build/run-build.log
cmake -S "$root" -B "$build" -DDBL_FUZZ=ON -DCMAKE_C_COMPILER=clang -DBUILD_TESTING=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDBL_SANITIZE=address,undefined \
  -DCMAKE_C_FLAGS=-fsanitize=fuzzer-no-link >"$log" 2>&1 &&
  cmake --build "$build" -j"$(nproc)" --target $targets >>"$log" 2>&1 ||
  { cat "$log" >&2; echo "run.sh: build failed" >&2; exit 2; }

seeds=$(mktemp -d)
log_seeds=$(mktemp -d)
trap 'rm -rf "$seeds" "$log_seeds"' EXIT
"$root/fuzz/seeds.sh" "$seeds"
"$root/fuzz/seeds.sh" --logs "$log_seeds"
mkdir -p "$build/artifacts" "$build/logs"
stamp=$(mktemp "$build/artifacts/.stamp.XXXXXX")

# detect_leaks is on by default under ASan; say so anyway
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
declare -A pid
for t in $targets; do
  mkdir -p "$build/corpus/$t"
  # the log reader gets server logs as seeds and log words as its dictionary
  if [[ $t == fuzz_logread ]]; then tseeds=$log_seeds dict=log.dict; else tseeds=$seeds dict=sql.dict; fi
  "$build/fuzz/$t" "$build/corpus/$t" "$tseeds" -dict="$root/fuzz/$dict" \
    -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$build/artifacts/$t-" -print_final_stats=1 ${FUZZ_ARGS:-} \
    >"$build/logs/$t.log" 2>&1 &
  pid[$t]=$!
done

status=0
for t in $targets; do
  wait "${pid[$t]}"; rc=$?
  stats=$(grep -E '^stat::(number_of_executed_units|peak_rss_mb)' "$build/logs/$t.log" | tr '\n' ' ')
  found=$(find "$build/artifacts" -name "$t-*" -newer "$stamp" -type f)
  if [[ $rc -ne 0 || -n $found ]]; then
    status=1
    echo "FAIL $t (exit $rc) $stats"
    grep -E -m5 'ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:|ALARM: working on the last Unit|out-of-memory|invariant failed|not JSON' \
      "$build/logs/$t.log" | sed 's/^/  /'
    for f in $found; do echo "  reproducer: $f"; done
    echo "  log: $build/logs/$t.log"
  else
    echo "ok   $t $stats"
  fi
done
rm -f "$stamp"
exit $status
