#!/usr/bin/env bash
# SARIF that code scanning accepts: dbl's SARIF for every corpus schema, named by a relative and by an
# absolute path (and for a path that needs percent-encoding), must pass the official validator
# (@microsoft/sarif-multitool validate) with no error and no warning.
# Usage: tests/sarif_validate.sh DBL CORPUS_SCHEMAS NPM_PREFIX
set -euo pipefail
export LC_ALL=C NO_COLOR=1
dbl=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") schemas=$(cd "$2" && pwd) prefix=$3
version=5.7.0
tool="$prefix/node_modules/.bin/sarif-multitool"
if [[ ! -x "$tool" ]] || ! grep -q "\"version\": \"$version\"" "$prefix/node_modules/@microsoft/sarif-multitool/package.json"; then
  mkdir -p "$prefix"
  (cd "$prefix" && npm install --no-audit --no-fund --silent "@microsoft/sarif-multitool@$version" >/dev/null)
fi
# the package's postinstall makes the native binary executable; npm may not run it
chmod u+x "$prefix"/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool 2>/dev/null || true

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
for d in "$schemas"/*/; do
  name=$(basename "$d")
  # exit 0 or 1 (findings); anything else is a failure
  (cd "$schemas" && "$dbl" lint --no-config -f sarif "$name" >"$tmp/$name.rel.sarif") || [[ $? == 1 ]]
  "$dbl" lint --no-config -f sarif "$d" >"$tmp/$name.abs.sarif" || [[ $? == 1 ]]
  grep -q '"uriBaseId": "%SRCROOT%"' "$tmp/$name.rel.sarif" || { echo "FAIL $name: relative paths not against %SRCROOT%"; exit 1; }
  grep -q '"uri": "file:///' "$tmp/$name.abs.sarif" || { echo "FAIL $name: absolute paths not as file:// URIs"; exit 1; }
  n=$((n + 2))
done
# paths that need percent-encoding, a suppression that suppresses nothing (an edit fix) and a syntax error
mkdir -p "$tmp/odd dir %20/über"
printf -- '-- dbl-ignore redundant-index: stale\nCREATE TABLE users (id bigint PRIMARY KEY);\nCREATE TABLE orders (id bigint, user_id bigint REFERENCES users, price float);\nCREATE TABLE x (;\n' \
  >"$tmp/odd dir %20/über/0001 init,v1.sql"
(cd "$tmp" && "$dbl" lint --no-config -f sarif "odd dir %20" >"$tmp/odd.rel.sarif") || [[ $? == 1 ]]
"$dbl" lint --no-config -f sarif "$tmp/odd dir %20" >"$tmp/odd.abs.sarif" || [[ $? == 1 ]]
grep -q 'odd%20dir%20%2520/%C3%BCber/0001%20init%2Cv1.sql' "$tmp/odd.rel.sarif" || { echo "FAIL: path not percent-encoded"; exit 1; }
n=$((n + 2))

# dbl analyze's SARIF too: a corpus log and its schema
logs="$schemas/../querylogs/social"
if [[ -d "$logs" ]]; then
  (cd "$logs" && "$dbl" analyze -f sarif --schema schema.sql logs/pgbadger_prefix.stderr.log >"$tmp/analyze.rel.sarif") || [[ $? == 1 ]]
  "$dbl" analyze -f sarif --schema "$(cd "$logs" && pwd)/schema.sql" "$(cd "$logs" && pwd)/logs/pgbadger_prefix.stderr.log" \
    >"$tmp/analyze.abs.sarif" || [[ $? == 1 ]]
  n=$((n + 2))
fi

out=$("$tool" validate "$tmp"/*.sarif 2>&1) || { echo "$out"; echo "FAIL: the validator failed"; exit 1; }
if grep -E ': (error|warning) ' <<<"$out"; then
  echo "FAIL: the validator reports errors or warnings"
  exit 1
fi
grep -q "Analysis completed successfully" <<<"$out" || { echo "$out"; echo "FAIL: no verdict"; exit 1; }
echo "ok   $n SARIF files valid (sarif-multitool $version): no errors, no warnings"
