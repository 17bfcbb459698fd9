#!/usr/bin/env bash
# fuzz_regress.sh DBL [FUZZ_TARGET...] - replays testdata/fuzz/regress/*.sql.
#
# Each file is linted with `DBL lint --no-config --format json FILE`, which must
# exit 0 or 1, print valid JSON and leave no sanitizer report on stderr. Any
# fuzz targets named after DBL (build-fuzz/fuzz/fuzz_lint …) replay every file
# too and must exit 0. The last line is "N passed, N failed"; exit 1 on failure.
set -u
[[ $# -ge 1 ]] || { echo "usage: $0 DBL [FUZZ_TARGET...]" >&2; exit 2; }
dbl=$1; shift
dir=$(cd "$(dirname "$0")/../testdata/fuzz/regress" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export LC_ALL=C NO_COLOR=1
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
sanitizer='ERROR: (Address|Leak|Memory|Thread)Sanitizer|runtime error:|SUMMARY: [A-Za-z]+Sanitizer'
passed=0 failed=0

fail() {  # fail NAME WHY
  echo "FAIL $1: $2"
  head -c 3000 "$tmp/err" | sed 's/^/  /'
  failed=$((failed + 1))
}

for f in "$dir"/*.sql; do
  name=$(basename "$f" .sql)
  timeout 120 "$dbl" lint --no-config --format json "$f" >"$tmp/out" 2>"$tmp/err"; code=$?
  if [[ $code -ne 0 && $code -ne 1 ]]; then
    fail "$name" "exit $code (want 0 or 1)"
  elif grep -qE "$sanitizer" "$tmp/err"; then
    fail "$name" "sanitizer report"
  elif ! python3 -c 'import json, sys; json.load(sys.stdin)' <"$tmp/out" 2>>"$tmp/err"; then
    fail "$name" "stdout is not JSON"
  else
    echo "ok   $name"; passed=$((passed + 1))
  fi
  for t in "$@"; do
    timeout 120 "$t" -runs=1 "$f" >"$tmp/err" 2>&1; code=$?
    if [[ $code -ne 0 ]]; then
      fail "$name ($(basename "$t"))" "exit $code"
    else
      echo "ok   $name ($(basename "$t"))"; passed=$((passed + 1))
    fi
  done
done
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
