#!/usr/bin/env bash
# The core as an installed library: builds the project without tests and bench
# (build/install-lib), installs it into a fresh prefix (build/install-prefix),
# checks the installed files, then builds the consumer in this folder against
# that prefix only (build/install-consumer) and runs its C++ and C programs.
# `make test-install` runs it; JOBS sets the build's parallelism.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"

LIB_BUILD="$ROOT/build/install-lib"
PREFIX="$ROOT/build/install-prefix"
CONSUMER_BUILD="$ROOT/build/install-consumer"
JOBS="${JOBS:-$(nproc 2>/dev/null || echo 2)}"

fail() {
  echo "install: $*" >&2
  exit 1
}

# 1. Build and install the library.
nice -n 10 cmake -S "$ROOT" -B "$LIB_BUILD" -DHEDL_BUILD_TESTS=OFF -DHEDL_BUILD_BENCH=OFF \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$PREFIX" >/dev/null
nice -n 10 cmake --build "$LIB_BUILD" -j "$JOBS"
rm -rf "$PREFIX"
nice -n 10 cmake --install "$LIB_BUILD" --prefix "$PREFIX" >/dev/null

# 2. The installed files: the public headers, both static libraries and the
#    CMake package; nothing else (no tests, bench, hedl-native or simdjson headers).
expected=(include/hedl.h include/hedl.hpp include/hedl/abi.h)  # abi.h: generated from core/abi/abi.json
for header in core/include/hedl/*.hpp; do expected+=("include/hedl/$(basename "$header")"); done
expected+=(lib/libhedl_core.a lib/libhedl_simdjson.a
  lib/cmake/hedl/hedlConfig.cmake lib/cmake/hedl/hedlConfigVersion.cmake
  lib/cmake/hedl/hedlTargets.cmake lib/cmake/hedl/hedlTargets-release.cmake)
for file in "${expected[@]}"; do
  [ -f "$PREFIX/$file" ] || fail "missing $PREFIX/$file"
done
while IFS= read -r rel; do
  printf '%s\n' "${expected[@]}" | grep -qxF -- "$rel" || fail "unexpected installed file $rel"
done < <(cd "$PREFIX" && find . -type f -o -type l | sed 's|^\./||')
if grep -rIl simdjson "$PREFIX/include"; then fail "an installed header mentions simdjson"; fi
grep -q 'add_library(hedl::core STATIC IMPORTED)' "$PREFIX/lib/cmake/hedl/hedlTargets.cmake" ||
  fail "hedlTargets.cmake does not define hedl::core"
if grep -F "$ROOT/core" "$PREFIX/lib/cmake/hedl/"*.cmake; then fail "the package refers to the source tree"; fi

# 3. The consumer, against the prefix only (fresh, so nothing is cached).
rm -rf "$CONSUMER_BUILD"
nice -n 10 cmake -S "$ROOT/tests/install" -B "$CONSUMER_BUILD" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$PREFIX" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
found="$(sed -n 's/^hedl_DIR:PATH=//p' "$CONSUMER_BUILD/CMakeCache.txt")"
[ "$found" = "$PREFIX/lib/cmake/hedl" ] || fail "find_package(hedl) found '$found', not $PREFIX/lib/cmake/hedl"
if grep -E "$ROOT/(core|node_modules)" "$CONSUMER_BUILD/compile_commands.json"; then
  fail "the consumer compiles with the source tree on its include path"
fi
nice -n 10 cmake --build "$CONSUMER_BUILD" -j "$JOBS"
"$CONSUMER_BUILD/consumer_cpp"
"$CONSUMER_BUILD/consumer_c"
echo "install: consumer built against the installed hedl and passed"
