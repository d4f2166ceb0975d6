// Streaming: HEDL of any size, read chunk by chunk, with wasm memory bounded
// by the pieces the core parses at a time (hedl/stream.hpp), not by the
// input. The source is pulled only as the consumer asks for more (the
// iterators are lazy), so a slow consumer slows the reading.
//
// Sources: a web ReadableStream, a Response or Blob, a Node Readable or any
// async iterable, or a sync iterable, of Uint8Array (or ArrayBuffer) and
// string chunks; a whole string or Uint8Array works too.
import { normalizeParseOptions } from './options.js';
import { getModule } from './wasm-loader.js';
import { decodeText, lastError } from './wasm-io.js';

const MODE_EVENTS = 0;
const MODE_RECORDS = 1;
const MODE_JSON = 2;
const MODE_JSON_LINES = 3;
/** Chunks go to wasm in slices of at most this many bytes. */
const SLICE = 1 << 20;

const encoder = new TextEncoder();

// A stream abandoned before its end (never finished, never closed by
// `break`/return()) frees its wasm parser when the iterator is collected.
const abandoned =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry((state) => {
        if (state.parser !== null) release(getModule(), state);
      })
    : null;

function release(M, state) {
  state.parser.delete();
  state.parser = null;
  if (state.buf !== 0) M._free(state.buf);
  state.buf = 0;
}

function asBytes(chunk) {
  if (chunk instanceof Uint8Array) return chunk;
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return null;
}

/** The chunks of `source`, as they come. */
async function* chunksOf(source) {
  if (typeof source === 'string' || asBytes(source) !== null) {
    yield source;
    return;
  }
  if (source === null || typeof source !== 'object') {
    throw new TypeError(
      `hedl: a stream source must be a ReadableStream, Response, Blob or (async) iterable, not ${source}`,
    );
  }
  if (typeof source.arrayBuffer === 'function' && 'body' in source) {
    if (source.body === null) return; // a Response without a body: empty input
    source = source.body;
  } else if (typeof source.stream === 'function' && typeof source.getReader !== 'function') {
    source = source.stream(); // a Blob or File
  }
  if (typeof source.getReader === 'function' && typeof source[Symbol.asyncIterator] !== 'function') {
    const reader = source.getReader();
    let done = false;
    try {
      for (;;) {
        const r = await reader.read();
        if (r.done) {
          done = true;
          return;
        }
        yield r.value;
      }
    } finally {
      if (!done) await reader.cancel().catch(() => {});
      reader.releaseLock();
    }
  }
  if (typeof source[Symbol.asyncIterator] === 'function' || typeof source[Symbol.iterator] === 'function') {
    yield* source;
    return;
  }
  throw new TypeError('hedl: a stream source must be a ReadableStream, Response, Blob or (async) iterable of chunks');
}

/**
 * Runs the stream parser over `source` in `mode`; yields the text of what
 * each chunk completed (already decoded: wasm memory may move after).
 */
async function* run(source, mode, type, { strict, limits, pieceBytes }, state) {
  const M = getModule();
  state.parser = new M.StreamParser(mode, type, strict, limits, pieceBytes);
  let cap = 0;
  let carry = ''; // a string chunk's last high surrogate, for the next one
  const room = (n) => {
    if (n <= cap) return;
    if (state.buf !== 0) M._free(state.buf);
    cap = Math.max(n, 64 * 1024);
    state.buf = M._malloc(cap);
    if (state.buf === 0) {
      cap = 0;
      throw new RangeError(`hedl: out of wasm memory for a ${n}-byte chunk`);
    }
  };
  const step = (view) => {
    if (view === null) throw lastError(M);
    return view.length === 0 ? '' : decodeText(view);
  };
  try {
    for await (const chunk of chunksOf(source)) {
      const bytes = asBytes(chunk);
      if (bytes !== null) {
        for (let at = 0; at < bytes.length; at += SLICE) {
          const part = bytes.subarray(at, Math.min(bytes.length, at + SLICE));
          room(part.length);
          M.HEAPU8.set(part, state.buf);
          const text = step(state.parser.feed(state.buf, part.length));
          if (text !== '') yield text;
        }
      } else if (typeof chunk === 'string') {
        let s = carry + chunk;
        carry = '';
        const last = s.charCodeAt(s.length - 1);
        if (last >= 0xd800 && last <= 0xdbff) {
          carry = s.slice(-1);
          s = s.slice(0, -1);
        }
        for (let at = 0; at < s.length; at += SLICE) {
          const part = s.slice(at, at + SLICE);
          room(part.length * 3);
          const { written } = encoder.encodeInto(part, M.HEAPU8.subarray(state.buf, state.buf + cap));
          const text = step(state.parser.feed(state.buf, written));
          if (text !== '') yield text;
        }
      } else {
        throw new TypeError(`hedl: stream chunks must be Uint8Array, ArrayBuffer or string, not ${typeof chunk}`);
      }
    }
    if (carry !== '') {
      room(3);
      const { written } = encoder.encodeInto(carry, M.HEAPU8.subarray(state.buf, state.buf + cap));
      const text = step(state.parser.feed(state.buf, written));
      if (text !== '') yield text;
    }
    const text = step(state.parser.finish());
    if (text !== '') yield text;
  } finally {
    release(M, state);
  }
}

/** An async iterable over run()'s output, mapped by `each` (a generator of the items of one text). */
function streamOf(source, mode, type, options, each) {
  // Options are checked now, not at the first next().
  const parse = normalizeParseOptions(getModule(), options);
  const pieceBytes = options?.pieceBytes ?? 0;
  if (typeof pieceBytes !== 'number' || !(pieceBytes >= 0)) {
    throw new TypeError('hedl: options.pieceBytes must be a non-negative number');
  }
  if (typeof type !== 'string') throw new TypeError('hedl: the row type must be a string');
  const state = { parser: null, buf: 0 };
  const it = (async function* () {
    for await (const text of run(source, mode, type, { ...parse, pieceBytes }, state)) yield* each(text);
  })();
  if (abandoned !== null) abandoned.register(it, state);
  return it;
}

function* parsed(text) {
  yield* JSON.parse(text);
}

function* asIs(text) {
  yield text;
}

// The header event's info, in the shapes HedlDocument's getters give.
function* events(text) {
  for (const e of JSON.parse(text)) {
    if (e.type === 'header') {
      const { schemas, aliases, nests, prompts, lenient } = e.info;
      delete e.info;
      e.schemas = {};
      for (const [type, columns] of schemas) e.schemas[type] = columns;
      e.aliases = {};
      for (const [k, v] of aliases) e.aliases[k] = v;
      e.nests = nests.map(([parent, child]) => ({ parent, child }));
      e.prompts = prompts;
      e.mode = lenient ? 'lenient' : 'strict';
    }
    yield e;
  }
}

/**
 * Parses HEDL from a stream: an async iterable of events (header,
 * objectStart, objectEnd, scalar, listStart, row, listEnd, end). Options:
 * {strict = true, limits, pieceBytes}.
 */
export function parseStream(source, options) {
  return streamOf(source, MODE_EVENTS, '', options, events);
}

/**
 * The rows of a HEDL stream as plain objects (as toJSON() gives them): every
 * list's rows, or with a type, every row of that type at any depth.
 * `records(source, 'User')`, `records(source, {type, strict, limits})`.
 */
export function records(source, type, options) {
  if (type !== null && typeof type === 'object') {
    options = type;
    type = type.type;
  }
  return streamOf(source, MODE_RECORDS, type ?? '', options, parsed);
}

/**
 * The JSON of a HEDL stream as text chunks, written as it parses: the whole
 * document, exactly toJsonString({pretty: false})'s text, or with
 * {jsonl: true} the rows, one JSON object per line (`type` as in records()).
 */
export function toJsonStream(source, options) {
  const lines = options?.jsonl === true;
  return streamOf(source, lines ? MODE_JSON_LINES : MODE_JSON, options?.type ?? '', options, asIs);
}
