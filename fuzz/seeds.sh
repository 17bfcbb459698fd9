#!/usr/bin/env bash
# seeds.sh DIR - builds the seed corpus for the fuzz targets in DIR.
#
# Every .sql under testdata/ and under the shared corpus (schemas and
# pg-regress; ../shared/corpus, or $DBL_SHARED_CORPUS) is copied as is, named
# after its path. For fuzz_lint, whose first byte picks the options, each
# testdata file also gets one copy per option preset, and each folder of
# migrations one seed joining its first three files with 0x1E.
set -euo pipefail
logs=0
if [[ ${1:-} == --logs ]]; then logs=1; shift; fi
[[ $# -eq 1 ]] || { echo "usage: $0 [--logs] DIR" >&2; exit 2; }
out=$1
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${DBL_SHARED_CORPUS:-$root/../shared/corpus}
if [[ -d $shared ]]; then shared=$(cd "$shared" && pwd); else echo "seeds.sh: no shared corpus at $shared" >&2; fi
mkdir -p "$out"
export LC_ALL=C

# --logs: seeds for fuzz_logread, whose first byte picks format and prefix (see
# fuzz_logread.c): the first 8 KiB of every corpus query log, read as detected
# and as its own format, plus the regression inputs
if ((logs)); then
  n=0
  while IFS= read -r -d '' f; do
    base=$(basename "$(dirname "$(dirname "$f")")")-$(basename "$f")
    case $f in *.csv) own=22 ;; *.json) own=23 ;; *) own=21 ;; esac
    for p in 20 $own; do
      { printf "\\x$p"; head -c 8192 "$f"; } > "$out/log$p-$base"; n=$((n + 1))
    done
  done < <(find "$shared/querylogs" -path '*/logs/*' -type f \( -name '*.log' -o -name '*.csv' -o -name '*.json' \) -print0 2>/dev/null | sort -z)
  for f in "$root"/testdata/fuzz/logread/*; do
    [[ -f $f ]] && cp "$f" "$out/regress-$(basename "$f")" && n=$((n + 1))
  done
  echo "seeds.sh: $n log seeds in $out" >&2
  exit 0
fi

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
