// The wasm module as the rest of js/ uses it: the C ABI of wasm/bindings.cpp
// (numbers in, a [pointer, length] view of wasm memory out) wrapped into
// functions and handle objects. Every view returned here is a Uint8Array
// over wasm memory, valid until the next call that writes output.
import { LIMIT_NAMES } from './abi.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/** Wraps the emscripten module `raw` (hedl.mjs's, instantiated). */
export function wrapModule(raw) {
  const viewAt = raw._hw_view() >>> 2;
  const limitsAt = raw._hw_limits() >>> 3;
  // The last output as bytes, when `ok`; else null (the error is at hw_error()).
  const view = (ok) => {
    if (!ok) return null;
    const u32 = raw.HEAPU32;
    const ptr = u32[viewAt];
    return raw.HEAPU8.subarray(ptr, ptr + u32[viewAt + 1]);
  };
  const setLimits = (limits) => {
    const f64 = raw.HEAPF64;
    for (let i = 0; i < LIMIT_NAMES.length; i++) f64[limitsAt + i] = limits[LIMIT_NAMES[i]];
  };
  // A string argument as malloc'd UTF-8 bytes: fn(ptr, length), then freed.
  const withString = (s, fn) => {
    const bytes = encoder.encode(s);
    const ptr = raw._malloc(bytes.length + 1);
    if (ptr === 0) throw new RangeError('hedl: out of wasm memory');
    try {
      raw.HEAPU8.set(bytes, ptr);
      return fn(ptr, bytes.length);
    } finally {
      raw._free(ptr);
    }
  };

  class DocumentHandle {
    constructor(ptr) {
      this.ptr = ptr;
    }
    delete() {
      raw._hw_doc_free(this.ptr);
      this.ptr = 0;
    }
    version() {
      const v = raw._hw_doc_version(this.ptr);
      return `${v >>> 16}.${v & 0xffff}`;
    }
    schemaCount() {
      return raw._hw_doc_count(this.ptr, 0);
    }
    aliasCount() {
      return raw._hw_doc_count(this.ptr, 1);
    }
    nestCount() {
      return raw._hw_doc_count(this.ptr, 2);
    }
    rootItemCount() {
      return raw._hw_doc_count(this.ptr, 3);
    }
    memoryUsage() {
      return raw._hw_doc_memory(this.ptr);
    }
    info() {
      return view(raw._hw_doc_info(this.ptr));
    }
    toJson(pretty, metadata) {
      return view(raw._hw_doc_to_json(this.ptr, pretty, metadata));
    }
    toHedl(ditto, version) {
      return view(raw._hw_doc_to_hedl(this.ptr, ditto, version));
    }
    lint(disabled, warningsAsErrors, minSeverity, maxDiagnostics) {
      return withString(disabled, (p, n) =>
        view(raw._hw_doc_lint(this.ptr, p, n, warningsAsErrors, minSeverity, maxDiagnostics)),
      );
    }
    stats() {
      return view(raw._hw_doc_stats(this.ptr));
    }
    countEntities() {
      return view(raw._hw_doc_count_entities(this.ptr));
    }
    /** The tape's 16-word header (tape.hpp). */
    tape() {
      const at = raw._hw_doc_tape(this.ptr) >>> 2;
      return raw.HEAPU32.subarray(at, at + 16);
    }
  }

  class ValueTape {
    constructor() {
      this.ptr = raw._hw_vtape_new();
    }
    delete() {
      raw._hw_vtape_free(this.ptr);
    }
    allocate(words, stringBytes) {
      return raw._hw_vtape_allocate(this.ptr, words, stringBytes) !== 0;
    }
    tapePtr() {
      return raw._hw_vtape_tape(this.ptr) >>> 0;
    }
    stringsPtr() {
      return raw._hw_vtape_strings(this.ptr) >>> 0;
    }
    toHedl(ditto, strict, expressions, limits, v1) {
      setLimits(limits);
      return view(raw._hw_vtape_to_hedl(this.ptr, ditto, strict, expressions, v1));
    }
  }

  /** A stream parser (StreamHandle of bindings.cpp); `mode`: 0 events, 1 records, 2 JSON, 3 JSON Lines. */
  class StreamParser {
    constructor(mode, type, strict, limits, pieceBytes) {
      setLimits(limits);
      this.ptr = withString(type, (p, n) => raw._hw_stream_new(mode, p, n, strict, pieceBytes));
    }
    delete() {
      raw._hw_stream_free(this.ptr);
    }
    /** Feeds `len` bytes at `ptr`: the output they completed, or null on an error. */
    feed(ptr, len) {
      return view(raw._hw_stream_feed(this.ptr, ptr, len));
    }
    finish() {
      return view(raw._hw_stream_finish(this.ptr));
    }
    memoryUsage() {
      return raw._hw_stream_stat(this.ptr, 0);
    }
    idCount() {
      return raw._hw_stream_stat(this.ptr, 1);
    }
    idSetBytes() {
      return raw._hw_stream_stat(this.ptr, 2);
    }
  }

  return {
    get HEAPU8() {
      return raw.HEAPU8;
    },
    get HEAPU32() {
      return raw.HEAPU32;
    },
    get HEAPF64() {
      return raw.HEAPF64;
    },
    _malloc: (n) => raw._malloc(n),
    _free: (p) => raw._free(p),
    ValueTape,
    StreamParser,
    /** Parses the input block (adopted by wasm): a DocumentHandle, or null with lastError() set. */
    parse(ptr, len, block, strict, limits) {
      setLimits(limits);
      const p = raw._hw_parse(ptr, len, block, strict);
      return p === 0 ? null : new DocumentHandle(p);
    },
    validate(ptr, len, strict, runLint, limits) {
      setLimits(limits);
      return view(raw._hw_validate(ptr, len, strict, runLint));
    },
    fromJson(ptr, len, ditto, strict, expressions, limits, v1) {
      setLimits(limits);
      return view(raw._hw_from_json(ptr, len, ditto, strict, expressions, v1));
    },
    estimateTokens: (ptr, len) => raw._hw_estimate_tokens(ptr, len),
    codeFrame: (ptr, len, line, column, firstLine) => view(raw._hw_code_frame(ptr, len, line, column, firstLine)),
    /** The last error: {kind, code, message, line, column, codeFrame}. */
    lastError() {
      raw._hw_error();
      try {
        return JSON.parse(decoder.decode(view(1)));
      } finally {
        raw._hw_release_output();
      }
    },
    heapInUse: () => raw._hw_heap_in_use(),
    releaseOutput: () => raw._hw_release_output(),
    defaultLimits() {
      raw._hw_default_limits();
      const f64 = raw.HEAPF64;
      const out = {};
      for (let i = 0; i < LIMIT_NAMES.length; i++) out[LIMIT_NAMES[i]] = f64[limitsAt + i];
      return out;
    },
  };
}
