#!/usr/bin/env bash
# The entry of the `dbl` hook in .pre-commit-hooks.yaml: `dbl lint` on the .sql files pre-commit passes
# (with the hook's args first, e.g. --context db/migrations; or set "context" in .dbl.json).
# dbl is $DBL if set, else `dbl` on PATH, else built once from this repository (pre-commit's clone of
# it) into build-pre-commit/, which needs cmake and the packages scripts/setup.sh lists.
set -euo pipefail
dbl=${DBL:-}
if [[ -z "$dbl" ]]; then
  if command -v dbl >/dev/null 2>&1; then
    dbl=dbl
  else
    src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
    dbl="$src/build-pre-commit/dbl"
    if [[ ! -x "$dbl" ]]; then
      echo "dbl: not on PATH; building it once in $src/build-pre-commit" >&2
      cmake -S "$src" -B "$src/build-pre-commit" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
      cmake --build "$src/build-pre-commit" -j"$(nproc 2>/dev/null || echo 2)" >/dev/null
    fi
  fi
fi
exec "$dbl" lint "$@"
