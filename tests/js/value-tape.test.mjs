// The wasm side of stringify(): the hw_vtape_* functions take a simdjson DOM tape
// written by JS. The package only writes well-formed tapes, but the module is
// reachable by anyone who loads hedl.mjs, so a malformed tape must be a
// ConversionError, never a read outside the tape. These tests write tapes by
// hand into the raw module (build/wasm/wasm/hedl.mjs, what npm/dist embeds).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const built = path.join(root, 'build', 'wasm', 'wasm');
const { default: createHedlModule } = await import(pathToFileURL(path.join(built, 'hedl.mjs')).href);
const M = await createHedlModule({ wasmBinary: fs.readFileSync(path.join(built, 'hedl.wasm')) });
const decoder = new TextDecoder();

// The C ABI of wasm/bindings.cpp, called directly: the output view is the
// two words at hw_view(); the error is JSON in that view after hw_error().
const viewText = () => {
  const at = M._hw_view() >>> 2;
  const ptr = M.HEAPU32[at];
  return decoder.decode(M.HEAPU8.subarray(ptr, ptr + M.HEAPU32[at + 1]));
};
const lastError = () => {
  M._hw_error();
  return JSON.parse(viewText());
};
// Converts with the default limits; the text, or null (the error is set).
const toHedl = (t) => {
  M._hw_default_limits();
  return M._hw_vtape_to_hedl(t, 1, 1, 0, 0) ? viewText() : null;
};

const w = (c, payload = 0, hi = 0) => [payload >>> 0, ((c.charCodeAt(0) << 24) | hi) >>> 0];

/** Converts a tape given as [lo, hi] word pairs and a string buffer; returns the text or the error. */
function convert(words, strings = new Uint8Array(0)) {
  const tape = M._hw_vtape_new();
  try {
    assert.equal(M._hw_vtape_allocate(tape, words.length, strings.length), 1);
    M.HEAPU32.set(words.flat(), M._hw_vtape_tape(tape) / 4);
    M.HEAPU8.set(strings, M._hw_vtape_strings(tape));
    const text = toHedl(tape);
    return text === null ? lastError() : text;
  } finally {
    M._hw_vtape_free(tape);
  }
}

/** The string buffer of simdjson's DOM: each string is a u32 length, its bytes, a NUL. */
function strings(...list) {
  const out = [];
  const at = [];
  for (const s of list) {
    at.push(out.length);
    const b = new TextEncoder().encode(s);
    out.push(b.length & 0xff, (b.length >> 8) & 0xff, 0, 0, ...b, 0);
  }
  return { bytes: Uint8Array.from(out), at };
}

test('a well-formed tape converts: {"a": true}', () => {
  const s = strings('a');
  const text = convert([w('r', 6), w('{', 5, 1), w('"', s.at[0]), w('t'), w('}', 1), w('r', 0)], s.bytes);
  assert.equal(typeof text, 'string', JSON.stringify(text));
  assert.match(text, /^a: true$/m);
});

test('malformed tapes are ConversionErrors, not crashes', () => {
  const s = strings('a');
  const bad = {
    'root word count wrong': [w('r', 99), w('{', 5, 1), w('"', s.at[0]), w('t'), w('}', 1), w('r', 0)],
    'object end out of range': [w('r', 6), w('{', 9000, 1), w('"', s.at[0]), w('t'), w('}', 1), w('r', 0)],
    'member count wrong': [w('r', 6), w('{', 5, 7), w('"', s.at[0]), w('t'), w('}', 1), w('r', 0)],
    'string outside the buffer': [w('r', 6), w('{', 5, 1), w('"', 1 << 30), w('t'), w('}', 1), w('r', 0)],
    'key is not a string': [w('r', 6), w('{', 5, 1), w('t'), w('t'), w('}', 1), w('r', 0)],
    'unknown word type': [w('r', 6), w('{', 5, 1), w('"', s.at[0]), w('?'), w('}', 1), w('r', 0)],
    'end of the wrong kind': [w('r', 6), w('{', 5, 1), w('"', s.at[0]), w('t'), w(']', 1), w('r', 0)],
    'number without its word': [w('r', 4), w('l'), w('r', 0), w('r', 0)],
  };
  for (const [what, words] of Object.entries(bad)) {
    const r = convert(words, s.bytes);
    assert.equal(typeof r, 'object', `${what}: converted`);
    assert.equal(r.kind, 'ConversionError', `${what}: ${JSON.stringify(r)}`);
  }
  // A tape shorter than a root pair and one value is refused up front.
  const t = M._hw_vtape_new();
  assert.equal(M._hw_vtape_allocate(t, 2, 0), 0);
  assert.equal(toHedl(t), null);
  assert.equal(lastError().kind, 'OutOfMemory');
  M._hw_vtape_free(t);
  // A string whose length runs past the buffer, or without its NUL.
  const long = strings('a');
  long.bytes[0] = 200;
  const words = [w('r', 6), w('{', 5, 1), w('"', 0), w('t'), w('}', 1), w('r', 0)];
  assert.equal(convert(words, long.bytes).kind, 'ConversionError');
  const noNul = strings('a');
  noNul.bytes[5] = 0x41;
  assert.equal(convert(words, noNul.bytes).kind, 'ConversionError');
  // The module still works.
  assert.match(
    convert([w('r', 6), w('{', 5, 1), w('"', s.at[0]), w('t'), w('}', 1), w('r', 0)], s.bytes),
    /^a: true$/m,
  );
});
