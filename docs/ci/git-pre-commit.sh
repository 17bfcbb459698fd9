#!/usr/bin/env bash
# A plain git pre-commit hook running dbl on the staged .sql files (no pre-commit framework needed).
# Install:  cp docs/ci/git-pre-commit.sh .git/hooks/pre-commit && chmod +x .git/hooks/pre-commit
# It lints what is staged, not the working tree: the staged .sql files and .dbl.json files are
# exported to a temporary folder, so "context" in .dbl.json (your migrations folder) judges a
# changed migration against the staged migrations before it. dbl is $DBL, or `dbl` on PATH.
# Skip once with: git commit --no-verify
set -euo pipefail
dbl=${DBL:-dbl}
changed=()
while IFS= read -r -d '' f; do
  changed+=("$f")
done < <(git diff --cached --name-only --diff-filter=ACMR -z -- '*.sql')
((${#changed[@]})) || exit 0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git ls-files -z -- '*.sql' '.dbl.json' '*/.dbl.json' | git checkout-index --prefix="$tmp/" -z --stdin
cd "$tmp" # git runs the hook at the top of the work tree: the paths above are relative to it
exec "$dbl" lint "${changed[@]}"
