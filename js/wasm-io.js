// Moving bytes across the wasm boundary: input is encoded straight into
// malloc'd wasm memory (TextEncoder.encodeInto), output is decoded once from
// a view of wasm memory (TextDecoder). Also the input-size cap.
import { HedlError } from './hedl-error.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

let maxInputSize = 500 * 1024 * 1024;

/** Sets the largest input (in bytes) any call accepts. */
export function setMaxInputSize(size) {
  if (typeof size !== 'number' || !(size >= 0) || !Number.isFinite(size)) {
    throw new TypeError('hedl.setMaxInputSize: size must be a non-negative finite number');
  }
  maxInputSize = Math.floor(size);
}

/** Returns the largest input (in bytes) any call accepts (default 500 MiB). */
export function getMaxInputSize() {
  return maxInputSize;
}

function tooLarge(bytes) {
  return new HedlError(
    'SecurityError',
    `input is ${bytes} bytes, over the maximum input size of ${maxInputSize} bytes; raise it with setMaxInputSize() if this input is trusted`,
    1,
    0,
  );
}

/**
 * Copies `input` (a string or UTF-8 bytes) into wasm memory and calls
 * fn(ptr, length, block), freeing the copy afterwards, unless `adopt` is
 * true: then fn hands the block (`block` > `length` bytes) to wasm, which
 * frees it.
 */
export function withInput(M, input, fn, adopt = false) {
  let ptr = 0;
  let len = 0;
  let cap = 0;
  if (typeof input === 'string') {
    if (input.length > maxInputSize) throw tooLarge(input.length);
    // Optimistic: one byte per UTF-16 unit and a sixteenth more, which
    // covers ASCII and most Latin-script text in one pass. When that is not
    // enough, grow by half again (at least what is left plus a fifth) and go
    // on encoding where encodeInto stopped: about 1.2x the UTF-8 size at the
    // peak instead of a worst-case 3x.
    cap = input.length + (input.length >>> 4) + 16;
    ptr = M._malloc(cap);
    if (ptr === 0) throw outOfMemory(cap);
    // One byte stays free past the text (wasm puts a NUL there).
    let r = encoder.encodeInto(input, M.HEAPU8.subarray(ptr, ptr + cap - 1));
    let read = r.read;
    len = r.written;
    while (read < input.length) {
      const rest = input.length - read;
      const bigger = Math.max(Math.ceil(cap * 1.5), len + rest + Math.ceil(rest / 5) + 16);
      const p2 = M._malloc(bigger);
      if (p2 === 0) {
        M._free(ptr);
        throw outOfMemory(bigger);
      }
      M.HEAPU8.copyWithin(p2, ptr, ptr + len);
      M._free(ptr);
      ptr = p2;
      cap = bigger;
      r = encoder.encodeInto(input.slice(read), M.HEAPU8.subarray(ptr + len, ptr + cap - 1));
      read += r.read;
      len += r.written;
    }
  } else if (input instanceof Uint8Array) {
    len = input.length;
    cap = len + 1;
    ptr = M._malloc(cap);
    if (ptr === 0) throw outOfMemory(cap);
    M.HEAPU8.set(input, ptr);
  } else {
    throw new TypeError('hedl: input must be a string or a Uint8Array of UTF-8');
  }
  let handedOver = false;
  try {
    if (len > maxInputSize) throw tooLarge(len);
    handedOver = adopt;
    return fn(ptr, len, cap);
  } finally {
    if (!handedOver) M._free(ptr);
  }
}

function outOfMemory(bytes) {
  return new HedlError('OutOfMemory', `out of wasm memory allocating ${bytes} bytes for the input`, 1, 0);
}

/**
 * Runs `fn` and then frees wasm's output buffers, whatever happens: every
 * view of wasm output (text, JSON, tape) must be decoded inside `fn`.
 */
export function withOutput(M, fn) {
  try {
    return fn();
  } finally {
    M.releaseOutput();
  }
}

/** Decodes a byte view of wasm memory (UTF-8) to a string. */
export function decodeText(view) {
  return decoder.decode(view);
}

/** Decodes and parses a small JSON result of wasm. */
export function decodeJson(view) {
  return JSON.parse(decoder.decode(view));
}

/**
 * Returns the HedlError for wasm's last error. `source`: the text that failed
 * (a string or bytes), for its code frame when wasm did not make one.
 */
export function lastError(M, source) {
  const e = M.lastError();
  return new HedlError(e.kind, e.message, e.line, e.column, source, e.codeFrame);
}

/** The code frame of an excerpt, made by wasm (hedl::code_frame): HedlError.codeFrame. */
export function codeFrameOf(M, text, line, column, firstLine) {
  return withInput(M, text, (ptr, len) =>
    withOutput(M, () => decodeText(M.codeFrame(ptr, len, line, column, firstLine))),
  );
}
