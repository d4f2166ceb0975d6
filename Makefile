# The project's entry points. The README's two commands are `make demo` and
# `make test`; both install what is missing first.
SHELL := /bin/bash
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
RELEASE := build/release
ASAN := build/asan

.PHONY: setup build build-release build-asan test test-native test-install test-asan test-format demo bench format format-check clean
.PHONY: test-nosimd build-wasm test-js test-runtimes test-bundlers pack test-demo test-differential test-long test-server fuzz

setup:
	@scripts/setup.sh

build: setup build-release build-wasm

build-release:
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)

build-asan:
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS)

# Every test: native (release), native under ASan+UBSan, and the format check.
test: setup build-release test-format test-native test-install test-nosimd test-asan test-js test-differential test-server test-runtimes test-bundlers test-demo
	@echo "make test: all suites passed"

test-native: build-release
	@ctest --preset release -j $(JOBS)

# The core as an installed library: `cmake --install` into build/install-prefix, then a
# consumer (tests/install/) built with find_package(hedl) against that prefix alone.
test-install: setup
	@JOBS=$(JOBS) bash tests/install/run.sh

# The core with its portable scalar code instead of SSE2 (what ARM builds), and its tests.
test-nosimd: setup
	@cmake --preset nosimd >/dev/null
	@cmake --build --preset nosimd -j $(JOBS)
	@ctest --preset nosimd -j $(JOBS)

test-asan: build-asan
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --preset asan -j $(JOBS)

# The wasm build (emcc, `wasm` preset) and the npm package assembled from it in npm/dist/.
build-wasm:
	@cmake --preset wasm >/dev/null
	@cmake --build --preset wasm -j $(JOBS)
	@node npm/build.mjs

# The JS API through wasm (node:test): API, types, conformance, memory, CLI, README examples.
test-js: build-wasm
	@node --expose-gc --test tests/js/

# The packed tarball installed in fresh folders and used from Node (ESM, CJS), Deno, Bun,
# headless Chromium and workerd.
test-runtimes: pack
	@node tests/runtimes/run.mjs "$$(ls -t build/pack/hedl-*.tgz | head -1)"

# The same 2,000 documents (conformance cases, documents from random JSON in
# both versions, and byte mutations of both) through the native C API and the
# npm package: identical JSON, canonical text, or error kind/line/column.
DIFF_DRIVER := $(RELEASE)/tests/core/hedl_differential_driver
test-differential: build-release build-wasm
	@node tests/differential/run.mjs $(DIFF_DRIVER) 2000

# libFuzzer harnesses (tests/fuzz/): clang 14 with fuzzer, ASan and UBSan,
# each run FUZZ_SECONDS (default 60) over corpora seeded from the
# conformance cases and tests/fuzz/regressions/.
FUZZ_BUILD = build/fuzz
fuzz: setup
	@cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 \
	  -DCMAKE_C_COMPILER=clang-14 -DHEDL_FUZZ=ON -DHEDL_SANITIZE=ON -DHEDL_BUILD_TESTS=OFF -DHEDL_BUILD_BENCH=OFF \
	  -DHEDL_INSTALL=OFF -DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link >/dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS)
	@bash tests/fuzz/run.sh $(FUZZ_BUILD)

# examples/server/ under load: 10,000 requests from 32 clients on 127.0.0.1.
test-server: build-wasm
	@node tests/server/load.mjs

# The long runs: the differential over 100,000 documents (several seeds).
test-long: build-release build-wasm
	@for seed in 1 2 3 4 5; do node tests/differential/run.mjs $(DIFF_DRIVER) 20000 $$seed || exit 1; done

# A tiny app importing the tarball, built by esbuild, rollup, webpack and vite
# (versions pinned in tests/bundlers/package.json; installed into build/bundlers/)
# with no configuration about hedl, and run in headless Chromium.
test-bundlers: pack
	@node tests/bundlers/run.mjs "$$(ls -t build/pack/hedl-*.tgz | head -1)"

# Builds everything and writes the `npm pack` tarball; its path is the last line printed.
pack: build-wasm
	@mkdir -p build/pack
	@cd npm && npm pack --silent --pack-destination ../build/pack >/dev/null
	@ls -t $(CURDIR)/build/pack/hedl-*.tgz | head -1

test-format: format-check
	@! grep -rIil emscripten core/ || { echo "core/ must stay free of Emscripten"; exit 1; }
	@bash scripts/check-citations.sh

# The main job: build, run the `hedl` CLI on a sample (its JSON, then its lint
# findings), then serve the browser demo on 127.0.0.1 and print its URL
# (PORT=8080 by default; the next free port when it is taken). Ctrl-C stops it.
demo: build
	@echo "== hedl to-json examples/sample.hedl --pretty =="
	@node npm/dist/cli.mjs to-json examples/sample.hedl --pretty
	@echo "== hedl lint examples/sample.hedl =="
	@findings="$$(node npm/dist/cli.mjs lint examples/sample.hedl)"; echo "$${findings:-no findings}"
	@node npm/dist/cli.mjs validate examples/sample.hedl
	@echo "== the demo page =="
	@node demo/serve.mjs $(PORT)

# The browser demo driven by Playwright in headless Chromium; screenshots in tests/demo/screenshots/.
test-demo: build-wasm
	@node --test tests/demo/

bench: build
	@bash bench/run.sh $(RELEASE)/bench/hedl_bench
	@node --expose-gc bench/js/run.mjs bench/data bench/out/results.json

FORMAT_FILES = $(shell git ls-files 'core/*.cpp' 'core/*.hpp' 'core/*.h' 'tests/*.cpp' 'tests/*.hpp' 'tests/*.c' 'bench/*.cpp' 'tools/*.cpp' 'wasm/*.cpp' 2>/dev/null)

JS_FORMAT_PATHS = js demo examples/server tests/js tests/runtimes tests/bundlers tests/differential tests/server tests/demo tests/chromium-options.mjs bench/js bench/gen npm/build.mjs

format:
	@clang-format -i $(FORMAT_FILES)
	@npx --no-install prettier --log-level warn --write $(JS_FORMAT_PATHS)

format-check:
	@clang-format --dry-run -Werror $(FORMAT_FILES)
	@npx --no-install prettier --log-level warn --check $(JS_FORMAT_PATHS)
	@echo "format: clean"

clean:
	rm -rf build
