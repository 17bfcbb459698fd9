#!/usr/bin/env bash
# Fetches the tree-sitter SQL grammar the server compiles in, from npm, at a pinned
# version whose tarball must match a pinned integrity hash.
# Usage: editors/lsp/fetch_grammar.sh DEST    (DEST/src/parser.c etc. on success)
# Exit 0 on success (or when DEST already holds the pinned version), 1 otherwise;
# the reason goes to stderr.
set -euo pipefail

name=@derekstride/tree-sitter-sql
version=0.3.11
integrity=sha512-YRtTXVWK4n7/3BUGchhGcW/IF1u2ldR2fd0t3Uw7ymbGXcRfiG3v1T6N43jQKXz2LwN+Nx+Ab96T0HtusBVH9g==

dest=${1:?usage: fetch_grammar.sh DEST}
stamp="$dest/.pinned"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$name@$version $integrity" && -f "$dest/src/parser.c" ]]; then
  exit 0
fi
command -v npm >/dev/null || { echo "fetch_grammar: npm not found" >&2; exit 1; }
command -v python3 >/dev/null || { echo "fetch_grammar: python3 not found" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! (cd "$tmp" && npm pack --silent "$name@$version" >pack.out 2>pack.err); then
  echo "fetch_grammar: npm pack $name@$version failed: $(tail -n 3 "$tmp/pack.err")" >&2
  exit 1
fi
tgz="$tmp/$(tail -n 1 "$tmp/pack.out")"
[[ -f "$tgz" ]] || { echo "fetch_grammar: npm pack produced no tarball" >&2; exit 1; }
got=$(python3 -c 'import base64, hashlib, sys
print("sha512-" + base64.b64encode(hashlib.sha512(open(sys.argv[1], "rb").read()).digest()).decode())' "$tgz")
if [[ "$got" != "$integrity" ]]; then
  echo "fetch_grammar: integrity mismatch for $name@$version: got $got, pinned $integrity" >&2
  exit 1
fi
mkdir -p "$tmp/x"
tar -xzf "$tgz" -C "$tmp/x"
abi=$(sed -n 's/^#define LANGUAGE_VERSION \([0-9]*\)$/\1/p' "$tmp/x/package/src/parser.c" | head -n 1)
echo "fetch_grammar: $name@$version (grammar ABI $abi)" >&2
rm -rf "$dest"
mkdir -p "$dest"
cp -R "$tmp/x/package/src" "$tmp/x/package/LICENSE" "$dest/"
echo "$name@$version $integrity" >"$stamp"
