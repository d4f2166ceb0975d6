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
 * fn(ptr, length, ascii), freeing the copy afterwards. `ascii` is true when
 * the input is known to be pure ASCII.
 */
export function withInput(M, input, fn) {
  let ptr = 0;
  let len = 0;
  let ascii = false;
  if (typeof input === 'string') {
    if (input.length > maxInputSize) throw tooLarge(input.length);
    // Optimistic: one byte per UTF-16 unit (ASCII). When the text is not
    // ASCII, grow by half again (at least what is left plus a fifth) and go
    // on encoding where encodeInto stopped: about 1.2x the UTF-8 size at the
    // peak instead of a worst-case 3x.
    let cap = input.length + 1;
    ptr = M._malloc(cap);
    if (ptr === 0) throw outOfMemory(cap);
    let r = encoder.encodeInto(input, M.HEAPU8.subarray(ptr, ptr + cap));
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
      r = encoder.encodeInto(input.slice(read), M.HEAPU8.subarray(ptr + len, ptr + cap));
      read += r.read;
      len += r.written;
    }
    ascii = len === input.length;
  } else if (input instanceof Uint8Array) {
    len = input.length;
    ptr = M._malloc(len + 1);
    if (ptr === 0) throw outOfMemory(len + 1);
    M.HEAPU8.set(input, ptr);
  } else {
    throw new TypeError('hedl: input must be a string or a Uint8Array of UTF-8');
  }
  try {
    if (len > maxInputSize) throw tooLarge(len);
    return fn(ptr, len, ascii);
  } finally {
    M._free(ptr);
  }
}

function outOfMemory(bytes) {
  return new HedlError('SecurityError', `out of wasm memory allocating ${bytes} bytes for the input`, 1, 0);
}

/** Decodes a byte view of wasm memory (UTF-8) to a string. */
export function decodeText(view) {
  return decoder.decode(view);
}

/** Decodes and parses a small JSON result of wasm. */
export function decodeJson(view) {
  return JSON.parse(decoder.decode(view));
}

/** Returns the HedlError for wasm's last error. */
export function lastError(M) {
  const e = M.lastError();
  return new HedlError(e.kind, e.message, e.line, e.column);
}
