#!/usr/bin/env bash
# Installs what the build and the tests need, and only what is missing.
# Idempotent: a second run installs nothing. Debian packages via apt-get,
# the rest from the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

need_apt=()
have() { command -v "$1" >/dev/null 2>&1; }
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

have cmake || need_apt+=(cmake)
have g++ || need_apt+=(g++)
have make || need_apt+=(make)
have node || need_apt+=(nodejs)
have npm || need_apt+=(npm)
have clang-format || need_apt+=(clang-format)
have_pkg catch2 || need_apt+=(catch2)
# The wasm build (emcc; Debian's needs acorn from node-acorn) and the browser smoke test.
have_pkg emscripten || need_apt+=(emscripten)
have_pkg node-acorn || need_apt+=(node-acorn)
have_pkg chromium || need_apt+=(chromium)
for pkg in ${HEDL_EXTRA_APT:-}; do have_pkg "$pkg" || need_apt+=("$pkg"); done

if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing ${need_apt[*]} (apt)"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# simdjson's amalgamated sources come from the npm package @nozbe/simdjson; the
# JS tests' tools (typescript, esbuild, deno, bun, workerd, playwright-core,
# the benchmark's comparison libraries) are devDependencies too.
if [ ! -f node_modules/@nozbe/simdjson/src/simdjson.h ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm dependencies"
  npm ci --no-audit --no-fund --loglevel=error
fi
echo "setup: ok"
