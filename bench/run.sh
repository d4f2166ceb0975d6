#!/usr/bin/env bash
# Generates the benchmark datasets into bench/data (once per generator
# version) and runs the native benchmark, writing bench/out/results.json.
#
#   bench/run.sh [HEDL_BENCH_BINARY] [hedl_bench options: --filter SUBSTR --min-time S]
#
# HEDL_BENCH_BINARY defaults to build/release/bench/hedl_bench.
# SIZES (default 10k,1m,50m) and SHAPES (default: all) choose what to generate;
# the benchmark runs every dataset present in bench/data (use --filter).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
bin="$root/build/release/bench/hedl_bench"
if [[ $# -gt 0 && $1 != -* ]]; then
  bin="$1"
  shift
fi
data="$here/data"
out="$here/out"
sizes="${SIZES:-10k,1m,50m}"
shapes="${SHAPES:-users,products,nested,refs,config,blog}"

if [[ ! -x $bin ]]; then
  echo "run.sh: no benchmark binary at $bin (build the release preset first)" >&2
  exit 1
fi

# Datasets made by another version of the generator are stale: the stamp
# holds the hash of generate.mjs that made the files in bench/data.
mkdir -p "$data" "$out"
stamp="$data/.generator-stamp"
hash="$(sha256sum "$here/gen/generate.mjs" | cut -d' ' -f1)"
if [[ ! -f $stamp || "$(cat "$stamp")" != "$hash" ]]; then
  echo "run.sh: generator changed, regenerating datasets"
  rm -f "$data"/*.hedl "$data"/*.json "$data"/*.tmp "$stamp"
fi
# A larger young generation saves the generator some garbage-collection time.
node --max-semi-space-size=64 "$here/gen/generate.mjs" "$data" \
  --sizes "$sizes" --shapes "$shapes" --skip-existing
echo "$hash" >"$stamp"

exec "$bin" "$data" "$out/results.json" "$@"
