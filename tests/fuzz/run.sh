#!/usr/bin/env bash
# Runs each libFuzzer harness for FUZZ_SECONDS (default 60) over a corpus
# seeded from the conformance cases (HEDL, and their JSON for from_json),
# with tests/fuzz/hedl.dict. New inputs go to build/fuzz/corpus/<harness>;
# a crash leaves crash-* in build/fuzz/findings and fails the run.
#   tests/fuzz/run.sh BUILD_DIR [harness ...]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="$(cd "$1" && pwd)"; shift
seconds="${FUZZ_SECONDS:-60}"
harnesses=("$@")
[ ${#harnesses[@]} -gt 0 ] || harnesses=(parse canonical from_json stream)
mkdir -p "$build/findings"
for h in "${harnesses[@]}"; do
  corpus="$build/corpus/$h"
  mkdir -p "$corpus"
  if [ "$h" = from_json ]; then
    find "$root/tests/conformance" -name '*.json' -size -64k -exec cp -n {} "$corpus/" \; 2>/dev/null || true
  else
    for f in $(find "$root/tests/conformance" -name '*.hedl' -size -64k); do
      cp -n "$f" "$corpus/$(basename "$(dirname "$f")")_$(basename "$f")" 2>/dev/null || true
    done
  fi
  # Findings of earlier runs, kept as regression inputs.
  [ -d "$root/tests/fuzz/regressions/$h" ] && cp -n "$root/tests/fuzz/regressions/$h"/* "$corpus/" 2>/dev/null || true
  echo "fuzz: $h for ${seconds}s"
  log="$build/findings/$h.log"
  if ! (cd "$build/findings" && "$build/tests/fuzz/fuzz_$h" -max_total_time="$seconds" -max_len=8192 -timeout=10 \
    -rss_limit_mb=2048 -dict="$root/tests/fuzz/hedl.dict" -print_final_stats=1 "$corpus" >"$log" 2>&1); then
    tail -40 "$log"
    echo "fuzz: $h found a failing input (build/fuzz/findings)"; exit 1
  fi
  grep -E "^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)|cov: " "$log" | tail -4
done
echo "fuzz: all harnesses ran clean"
