# The project's entry points. The README's two commands are `make demo` and
# `make test`; both install what is missing first.
SHELL := /bin/bash
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
RELEASE := build/release
ASAN := build/asan

.PHONY: setup build build-release build-asan test test-native test-asan test-format demo bench format format-check clean

setup:
	@scripts/setup.sh

build: setup build-release

build-release:
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)

build-asan:
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS)

# Every test: native (release), native under ASan+UBSan, and the format check.
test: setup build-release test-format test-native test-asan
	@echo "make test: all suites passed"

test-native: build-release
	@ctest --preset release -j $(JOBS)

test-asan: build-asan
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --preset asan -j $(JOBS)

test-format: format-check
	@! grep -rIil emscripten core/ || { echo "core/ must stay free of Emscripten"; exit 1; }

# The main job: build, then convert a sample document to JSON.
demo: build
	@echo "== examples/sample.hedl as JSON =="
	@$(RELEASE)/hedl-native to-json examples/sample.hedl --pretty
	@$(RELEASE)/hedl-native validate examples/sample.hedl

bench: build
	@bash bench/run.sh $(RELEASE)/bench/hedl_bench

FORMAT_FILES = $(shell git ls-files 'core/*.cpp' 'core/*.hpp' 'core/*.h' 'tests/*.cpp' 'tests/*.hpp' 'tests/*.c' 'bench/*.cpp' 'tools/*.cpp' 'wasm/*.cpp' 2>/dev/null)

format:
	@clang-format -i $(FORMAT_FILES)

format-check:
	@clang-format --dry-run -Werror $(FORMAT_FILES) && echo "format: clean"

clean:
	rm -rf build
