#!/usr/bin/env bash
# The hooks as users install them, in throwaway git repositories, without network:
#  - the real pre-commit tool with this repository's .pre-commit-hooks.yaml (a snapshot of the work
#    tree committed to a local repository, which pre-commit clones);
#  - the plain git hook docs/ci/git-pre-commit.sh.
# A commit adding a migration with an unindexed FK is refused with dbl's message; after adding the
# index it passes; with context configured, an FK indexed by an earlier migration passes and one
# indexed nowhere is refused. With DBL_TEST_HOOK_BUILD=1 the pre-commit hook also builds dbl itself.
# Usage: tests/precommit.sh DBL SOURCE_DIR
set -euo pipefail
export LC_ALL=C NO_COLOR=1
dbl=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PRE_COMMIT_HOME="$tmp/cache" HOME="$tmp/home" GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME" "$tmp/bin"
git config --global user.name test
git config --global user.email test@example.com
git config --global init.defaultBranch main
git config --global advice.detachedHead false
ln -s "$dbl" "$tmp/bin/dbl"
export PATH="$tmp/bin:$PATH"
failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
ok() { echo "ok   $*"; }

# this repository as pre-commit would clone it: the work tree's files, committed
mkdir "$tmp/hookrepo"
(cd "$src" && git ls-files -co --exclude-standard -z | xargs -0 tar cf - 2>/dev/null) | tar xf - -C "$tmp/hookrepo"
git -C "$tmp/hookrepo" init -q
git -C "$tmp/hookrepo" add -A
git -C "$tmp/hookrepo" commit -qm snapshot
rev=$(git -C "$tmp/hookrepo" rev-parse HEAD)

# expect NAME want(0|1) [grep pattern]: commits what is staged in $PWD, checks the outcome
expect() {
  local name=$1 want=$2 pattern=${3:-} got=0
  git commit -qm "$name" >"$tmp/out" 2>&1 || got=1
  if [[ $got != "$want" ]]; then
    fail "$name: commit $([[ $want == 0 ]] && echo refused || echo accepted)"
    sed 's/^/    /' "$tmp/out"
  elif [[ -n "$pattern" ]] && ! grep -q -- "$pattern" "$tmp/out"; then
    fail "$name: no \"$pattern\" in the hook's output"
    sed 's/^/    /' "$tmp/out"
  else
    ok "$name"
  fi
}

# the same story for either kind of hook, in the current folder
story() {
  local kind=$1
  mkdir -p db/migrations
  cat >db/migrations/0001_init.sql <<'SQL'
CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id));
SQL
  git add db/migrations/0001_init.sql
  expect "$kind: unindexed foreign key refused" 1 \
    "foreign key orders_user_id_fkey on public.orders (user_id) has no index with these leading columns \[fk-without-index\]"
  echo "CREATE INDEX orders_user_id_idx ON orders (user_id);" >>db/migrations/0001_init.sql
  git add db/migrations/0001_init.sql
  expect "$kind: indexed foreign key accepted" 0
  cat >db/migrations/0002_items.sql <<'SQL'
CREATE TABLE items (id bigint PRIMARY KEY, order_id bigint NOT NULL, sku text NOT NULL);
CREATE INDEX items_order_id_idx ON items (order_id);
SQL
  git add db/migrations/0002_items.sql
  expect "$kind: second migration accepted" 0
  printf '{"context": ["db/migrations"]}\n' >.dbl.json
  git add .dbl.json
  expect "$kind: configuration committed" 0
  # items.order_id is indexed by 0002: with context the FK is fine
  echo "ALTER TABLE items ADD CONSTRAINT items_order_fk FOREIGN KEY (order_id) REFERENCES orders (id);" \
    >db/migrations/0003_items_fk.sql
  git add db/migrations/0003_items_fk.sql
  expect "$kind: with context, an FK indexed by an earlier migration accepted" 0
  echo "ALTER TABLE items ADD COLUMN user_id bigint REFERENCES users (id);" >db/migrations/0004_items_user.sql
  git add db/migrations/0004_items_user.sql
  expect "$kind: with context, an FK indexed nowhere refused" 1 \
    "db/migrations/0004_items_user.sql:1:.*items_user_id_fkey on public.items (user_id) has no index"
  # what the context did: alone, 0004 names a table dbl has not seen, so it cannot be judged
  if dbl lint --no-config db/migrations/0004_items_user.sql >/dev/null 2>&1; then
    ok "$kind: without context the same file is not judged (the refusal came from the context)"
  else
    fail "$kind: without context the file was refused too: the test does not show the context"
  fi
}

# 1. the pre-commit framework
mkdir "$tmp/project" && cd "$tmp/project"
git init -q
cat >.pre-commit-config.yaml <<YAML
repos:
  - repo: $tmp/hookrepo
    rev: $rev
    hooks:
      - id: dbl
YAML
git add .pre-commit-config.yaml
git commit -qm init
pre-commit install -t pre-commit >/dev/null
story pre-commit

# 2. the plain git hook
mkdir "$tmp/plain" && cd "$tmp/plain"
git init -q
cp "$src/docs/ci/git-pre-commit.sh" .git/hooks/pre-commit
chmod +x .git/hooks/pre-commit
story git-hook
# it checks what is staged, not the working tree
git add db/migrations/0004_items_user.sql
echo "CREATE INDEX items_user_id_idx ON items (user_id);" >>db/migrations/0004_items_user.sql
expect "git-hook: an unstaged fix does not count" 1 "items_user_id_fkey"

# 3. the pre-commit hook without dbl on PATH builds it from its clone (slow: a whole build)
if [[ "${DBL_TEST_HOOK_BUILD:-}" == 1 ]]; then
  cd "$tmp/project"
  rm "$tmp/bin/dbl"
  expect "pre-commit: the hook builds dbl when none is on PATH" 1 "items_user_id_fkey"
  if grep -q "not on PATH; building it once" "$tmp/out"; then
    ok "pre-commit: it was the hook's own build"
  else
    fail "pre-commit: the hook did not build dbl"
  fi
fi

if ((failures)); then
  echo "$failures failed"
  exit 1
fi
echo "all passed"
