#!/usr/bin/env bash
# Installs the VS Code extension's pinned dependencies (package-lock.json) and packages it as
# a .vsix with @vscode/vsce; checks that the client and vscode-languageclient are inside.
# Usage: tests/lsp_vscode_package.sh NPM EDITORS_VSCODE
set -euo pipefail
npm=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$src/package.json" "$src/package-lock.json" "$src/extension.js" "$src/.vscodeignore" "$src/README.md" "$tmp/"
cd "$tmp"
export HOME="$tmp" npm_config_cache="$tmp/.npm" npm_config_update_notifier=false
"$npm" ci --no-audit --no-fund >npm.log 2>&1 || { cat npm.log; exit 1; }
"$npm" run package >vsce.log 2>&1 || { cat vsce.log; exit 1; }
python3 - dbl.vsix <<'PY'
import sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
need = ["extension/extension.js", "extension/package.json",
        "extension/node_modules/vscode-languageclient/package.json"]
missing = [n for n in need if n not in names]
print("dbl.vsix: %d files%s" % (len(names), "; missing " + ", ".join(missing) if missing else ""))
print("%d passed, %d failed" % (0 if missing else 1, 1 if missing else 0))
sys.exit(1 if missing else 0)
PY
