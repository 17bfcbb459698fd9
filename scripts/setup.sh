#!/usr/bin/env bash
# Installs dbl's build dependencies (Debian 12 packages) and builds build/dbl.
# Usage: scripts/setup.sh [--test-deps]   (--test-deps also installs what the test suite uses)
set -euo pipefail
cd "$(dirname "$0")/.."

pkgs=(build-essential cmake pkg-config libpg-query-dev libjansson-dev zlib1g-dev postgresql-server-dev-15 libtree-sitter-dev)
if [[ "${1:-}" == "--test-deps" ]]; then
  pkgs+=(python3 clang libclang-rt-14-dev valgrind postgresql-15 postgresql-client-15 postgresql-15-postgis-3
    libpq-dev pgbadger postgresql-15-hypopg pre-commit git python3-jsonschema python3-yaml neovim)
  # npm comes with Node.js where it is installed from elsewhere (Debian's npm conflicts with it)
  command -v npm >/dev/null || pkgs+=(npm)
fi
command -v npm >/dev/null || pkgs+=(npm)  # fetches the tree-sitter SQL grammar (editors/lsp/fetch_grammar.sh)

missing=()
for p in "${pkgs[@]}"; do
  # npm may come with another nodejs (NodeSource's bundles it): any npm on PATH will do
  [[ "$p" == npm ]] && command -v npm >/dev/null 2>&1 && continue
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  echo "setup: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# the tests need python3 and ../shared (the corpus): only with --test-deps
testing=OFF
[[ "${1:-}" == "--test-deps" ]] && testing=ON
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=$testing >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
echo "setup: built build/dbl" >&2
