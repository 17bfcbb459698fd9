#!/usr/bin/env bash
# Runs tests/lsp_nvim.lua in a headless Neovim on a copy of testdata/lsp/orders.sql.
# Usage: tests/lsp_nvim.sh DBL NVIM TESTDATA_LSP
set -eu
export LC_ALL=C NO_COLOR=1
dbl=$1 nvim=$2 data=$3
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$data/orders.sql" "$tmp/orders.sql"
export HOME="$tmp" XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" XDG_STATE_HOME="$tmp/state" \
  XDG_CACHE_HOME="$tmp/cache" DBL="$dbl" DBL_LSP_FILE="$tmp/orders.sql"
timeout 120 "$nvim" --headless --clean -n -c "luafile $here/lsp_nvim.lua" </dev/null
