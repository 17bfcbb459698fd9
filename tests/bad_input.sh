#!/usr/bin/env bash
# Bad input never crashes dbl: each case gets a clear message naming the file
# (and line and column where there is one) and the other inputs are still linted.
set -u
dbl=$1
tmp=$(mktemp -d)
trap 'chmod -R u+rwx "$tmp"; rm -rf "$tmp"' EXIT
export LC_ALL=C NO_COLOR=1
passed=0 failed=0

expect() {  # expect NAME WANT_EXIT GREP_PATTERN -- ARGS...
  local name=$1 want=$2 pattern=$3; shift 4
  local out code
  out=$("$dbl" "$@" 2>&1); code=$?
  if [[ $code -ne $want ]] || ! grep -zqE -- "$pattern" <<<"$out"; then
    echo "FAIL $name: exit $code (want $want), output:"; head -c 2000 <<<"$out"; echo
    failed=$((failed + 1))
  else
    echo "ok   $name"; passed=$((passed + 1))
  fi
}

good="$tmp/good.sql"
printf 'CREATE TABLE t (id int PRIMARY KEY, price real NOT NULL);\n' > "$good"
finding='good.sql:1:37: error: money column public.t.price'

printf 'CREATE TABLE caf\xe9 (id int);\nCREATE TABLE u (price real NOT NULL);\n' > "$tmp/latin1.sql"
expect invalid-utf8 1 'latin1.sql:1:17: error: invalid UTF-8 \(1 bad bytes.*latin1.sql:2:17: error: money column public.u.price' -- lint "$tmp/latin1.sql"

printf 'CREATE TABLE a (id int);\0\nCREATE TABLE u (price real NOT NULL);\n' > "$tmp/nul.sql"
expect nul-byte 1 'nul.sql:1:25: error: NUL byte.*nul.sql:2:17: error: money column' -- lint "$tmp/nul.sql"

head -c 20000 /dev/urandom > "$tmp/blob.sql"
printf '\0\0\0' >> "$tmp/blob.sql"
expect binary-file 1 "blob.sql:1:1: error: binary file.*skipped.*$finding" -- lint "$tmp/blob.sql" "$good"

: > "$tmp/empty.sql"
expect empty-file 1 "$finding" -- lint "$tmp/empty.sql" "$good"

expect missing-file 2 "dbl: $tmp/nope.sql: No such file or directory.*$finding" -- lint "$tmp/nope.sql" "$good"

printf 'CREATE TABLE x (id int);\n' > "$tmp/locked.sql"; chmod 000 "$tmp/locked.sql"
if [[ $(id -u) -ne 0 ]]; then
  expect unreadable-file 2 "locked.sql: Permission denied.*$finding" -- lint "$tmp/locked.sql" "$good"
else
  # root reads anything: a folder passed where a file is expected stands in for an unreadable path
  mkdir -p "$tmp/dir.sql"
  expect unreadable-file 2 "no .sql files in this folder.*$finding" -- lint "$tmp/dir.sql" "$good"
fi

mkdir -p "$tmp/nosql"; echo hi > "$tmp/nosql/readme.txt"
expect folder-without-sql 2 "nosql: no .sql files in this folder.*$finding" -- lint "$tmp/nosql" "$good"

# a 10 MB single statement, on one line
python3 - "$tmp/huge.sql" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("INSERT INTO t (a) VALUES ")
    f.write(",".join("(%d)" % i for i in range(1200000)))
    f.write(";\nCREATE TABLE u (price real NOT NULL);\n")
PY
expect huge-statement 1 'huge.sql:2:17: error: money column public.u.price' -- lint "$tmp/huge.sql"

# a 10 MB statement with a syntax error at its very end
python3 - "$tmp/huge_bad.sql" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("SELECT " + "+".join(["1"] * 3000000) + " FROM FROM;\nCREATE TABLE u (price real NOT NULL);\n")
PY
expect huge-syntax-error 1 'huge_bad.sql:1:[0-9]{7}: error: syntax error at or near "FROM".*\.\.\..*huge_bad.sql:2:17: error: money column' -- lint "$tmp/huge_bad.sql"

printf 'CREATE TABLE t (id int PRIMARY KEY, price real NOT NULL);\nCREATE TABLE v (a int' > "$tmp/truncated.sql"
expect truncated-statement 1 'truncated.sql:1:37: error: money.*truncated.sql:2:22: error: syntax error at end of input' -- lint "$tmp/truncated.sql"

printf "SELECT 'never closed;\nCREATE TABLE u (price real NOT NULL);\n" > "$tmp/unterminated.sql"
expect unterminated-string 1 'unterminated.sql:1:8: error: unterminated quoted string' -- lint "$tmp/unterminated.sql"

expect stdin-dash 1 '<stdin>:1:37: error: money column' -- lint - < "$good"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
