#!/usr/bin/env bash
# seeds.sh DIR - builds the seed corpus for the fuzz targets in DIR.
#
# Every .sql under testdata/ and under the shared corpus (schemas and
# pg-regress; ../shared/corpus, or $DBL_SHARED_CORPUS) is copied as is, named
# after its path. For fuzz_lint, whose first byte picks the options, each
# testdata file also gets one copy per option preset, and each folder of
# migrations one seed joining its first three files with 0x1E.
set -euo pipefail
[[ $# -eq 1 ]] || { echo "usage: $0 DIR" >&2; exit 2; }
out=$1
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${DBL_SHARED_CORPUS:-$root/../shared/corpus}
if [[ -d $shared ]]; then shared=$(cd "$shared" && pwd); else echo "seeds.sh: no shared corpus at $shared" >&2; fi
mkdir -p "$out"
export LC_ALL=C

name() { local p=${1#"$shared"/}; p=${p#"$root"/}; printf '%s' "${p//\//__}"; }

# option bytes (see fuzz_lint.c): json+catalog, sarif+[public]+all-info,
# github+[app,public], text+color+odd path+money words
presets=(09 51 23 f4)

n=0
while IFS= read -r -d '' f; do
  cp "$f" "$out/$(name "$f")"; n=$((n + 1))
  if [[ $f == "$root"/testdata/* ]]; then
    for p in "${presets[@]}"; do
      { printf "\\x$p"; cat "$f"; } > "$out/opt$p-$(name "$f")"; n=$((n + 1))
    done
  fi
done < <(find "$root/testdata" "$shared/schemas" "$shared/pg-regress" -name '*.sql' -type f -print0 2>/dev/null | sort -z)

# migrations: the first three files of each folder holding two or more .sql, as one input
i=0
while IFS= read -r -d '' d; do
  mapfile -t files < <(find "$d" -maxdepth 1 -name '*.sql' -type f | sort | head -3)
  [[ ${#files[@]} -ge 2 ]] || continue
  p=${presets[$((i % ${#presets[@]}))]}; i=$((i + 1))
  {
    printf "\\x$p"
    for k in "${!files[@]}"; do
      [[ $k -eq 0 ]] || printf '\x1e'
      cat "${files[$k]}"
    done
  } | head -c 65536 > "$out/mig-$(name "$d")"
  n=$((n + 1))
done < <(find "$root/testdata" "$shared/schemas" -type d -print0 2>/dev/null | sort -z)

echo "seeds.sh: $n seeds in $out" >&2
