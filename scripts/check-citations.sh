#!/usr/bin/env bash
# Checks that every decision id (D1, D17, ...) and every spec section (§4,
# §9.2, ...) cited in core/, js/ and wasm/ has a heading in docs/format.md:
# a line like `### D17 ...` or `#### §9.2 ...` (the id is the heading's first
# word, followed by a space or the end of the line).
#
# Run from anywhere; it works on the tree it lives in (../ of this script).
# Exit 0: prints "citations: N decision ids and M sections resolve in
# docs/format.md" (N, M: distinct ids). Exit 1: lists each citation without a
# heading as file:line: id.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export LC_ALL=C

doc=docs/format.md
dirs=(core js wasm)

if [[ ! -f $doc ]]; then
  echo "check-citations: $doc not found" >&2
  exit 1
fi
for d in "${dirs[@]}"; do
  if [[ ! -d $d ]]; then
    echo "check-citations: directory $d not found" >&2
    exit 1
  fi
done

# The first word of every heading outside fenced code blocks.
anchors=$(awk '
  /^[[:space:]]*(```|~~~)/ { fence = !fence; next }
  !fence && /^#+[[:space:]]+[^[:space:]]/ { print $2 }
' "$doc" | sort -u)

# file:line:id for every citation. A decision id is a standalone word: not
# part of an identifier (HEDL_D12X, D3D) or of hex (0xD12).
decisions=$(grep -rnIoP '(?<![A-Za-z0-9_])D[0-9]{1,2}(?![A-Za-z0-9_])' "${dirs[@]}" || true)
sections=$(grep -rnIoE '§[0-9]+(\.[0-9]+)*' "${dirs[@]}" || true)

missing=0
check() {  # $1: newline-separated file:line:id lines
  local loc id
  while IFS= read -r hit; do
    [[ -z $hit ]] && continue
    id=${hit##*:}
    loc=${hit%:*}
    if ! grep -qxF -- "$id" <<<"$anchors"; then
      echo "$loc: $id has no heading in $doc (expected a line '#... $id ...')"
      missing=$((missing + 1))
    fi
  done <<<"$1"
}
check "$decisions"
check "$sections"

if ((missing > 0)); then
  echo "check-citations: $missing citation(s) without a heading in $doc" >&2
  exit 1
fi

count() { [[ -z $1 ]] && { echo 0; return; }; awk -F: '{print $NF}' <<<"$1" | sort -u | wc -l | tr -d ' '; }
echo "citations: $(count "$decisions") decision ids and $(count "$sections") sections resolve in $doc"
