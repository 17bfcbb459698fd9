#!/usr/bin/env bash
# `cmake --install` puts the binary and the manual page in place, and the manual page, generated from
# the rule declarations, renders without warnings and documents every rule that `dbl rules` lists.
# Usage: tests/install.sh BUILD_DIR
set -euo pipefail
export LC_ALL=C NO_COLOR=1
build=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
dbl="$tmp/prefix/bin/dbl" page="$tmp/prefix/share/man/man1/dbl.1"
[[ -x "$dbl" ]] || { echo "FAIL: no bin/dbl"; exit 1; }
[[ -s "$page" ]] || { echo "FAIL: no share/man/man1/dbl.1"; exit 1; }
"$dbl" version | grep -q '^dbl ' || { echo "FAIL: the installed dbl does not run"; exit 1; }
if command -v groff >/dev/null; then
  warnings=$(groff -man -Tutf8 -ww -z "$page" 2>&1 || true)
  [[ -z "$warnings" ]] || { echo "$warnings"; echo "FAIL: groff warns about the manual page"; exit 1; }
  text=$(groff -man -Tascii -P-cbou -rLL=400n "$page" 2>/dev/null | tr -s ' \n' '  ')
else
  text=$(sed -e 's/\\-/-/g' -e 's/\\e/\\/g' -e 's/\\&//g' "$page" | tr -s ' \n' '  ')
fi
n=0
while read -r name severity summary; do
  grep -qF -- "$name Default severity: $severity" <<<"$text" || { echo "FAIL: $name is not in the manual page"; exit 1; }
  grep -qF -- "$(tr -s ' ' <<<"$summary")" <<<"$text" || { echo "FAIL: $name: its summary is not in the manual page"; exit 1; }
  n=$((n + 1))
done < <("$dbl" rules)
echo "ok   installed bin/dbl and share/man/man1/dbl.1; $n rules documented"
