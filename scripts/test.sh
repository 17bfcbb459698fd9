#!/usr/bin/env bash
# Runs the whole test suite twice: a warnings-as-errors build, then the same
# tests under AddressSanitizer + UndefinedBehaviorSanitizer.
# Usage: scripts/test.sh [--quick]   (--quick: the first build only)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test-deps
export LC_ALL=C NO_COLOR=1

run() {  # run BUILD_DIR CMAKE_ARGS...
  local dir=$1; shift
  echo "== $dir: $*"
  cmake -S . -B "$dir" -DDBL_WERROR=ON -DBUILD_TESTING=ON "$@" >/dev/null
  cmake --build "$dir" -j"$(nproc)" >/dev/null
  (cd "$dir" && ctest --output-on-failure -j"$(nproc)")
}

run build-test -DCMAKE_BUILD_TYPE=Debug
if [[ "${1:-}" != "--quick" ]]; then
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    run build-asan -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang -DDBL_SANITIZE=address,undefined
  # a bounded libFuzzer run over the splitter and the whole pipeline (seeded with the corpus)
  echo "== fuzz: ${DBL_FUZZ_SECONDS:-60} s per target"
  FUZZ_ARGS="-seed=1 ${FUZZ_ARGS:-}" fuzz/run.sh "${DBL_FUZZ_SECONDS:-60}"
fi
