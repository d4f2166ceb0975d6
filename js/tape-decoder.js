// TapeDecoder: turns the tape that wasm/tape.cpp writes (layout in
// wasm/tape.hpp) into plain JS values, reading the arrays in place in wasm
// memory. This, not JSON.parse over wasm's JSON output, is how toJSON() beats
// JSON.parse: the text was scanned once in wasm, and here JS only allocates
// the values it returns. Rows of one list are built in one loop with their
// keys in schema order, so they all share one hidden class.
//
// The decoder recurses once per nesting level. The tape header carries the
// document's depth, and HedlDocument falls back to JSON.parse for documents
// deeper than MAX_RECURSION (only possible with raised parse limits).

import {
  HEADER_INPUT_FLAGS,
  INPUT_HAS_REPLACEMENT,
  SCHEMA_NESTED,
  VALUE_LIST,
  TAG_F64,
  TAG_FALSE,
  TAG_INT,
  TAG_LIST,
  TAG_NULL,
  TAG_OBJECT,
  TAG_REF_ARENA,
  TAG_REF_CACHED,
  TAG_REF_INPUT,
  TAG_REF_NEW,
  TAG_STR_ARENA,
  TAG_STR_CACHED,
  TAG_STR_INPUT,
  TAG_STR_NEW,
  TAG_TENSOR,
  TAG_TRUE,
} from './abi.js';

/** Deepest document the recursive decoder takes (far below engines' stack limits). */
export const MAX_RECURSION = 2000;

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

function setKey(o, k, v) {
  // "__proto__" is a valid HEDL key: make it an own property, as JSON.parse does.
  if (k === '__proto__')
    Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
  else o[k] = v;
}

// Row builders for 1..16 columns, unrolled so that each property store
// site sees one key: V8 keeps them monomorphic and every row of a list
// gets the same hidden class in one transition chain. (A loop over the
// columns makes one megamorphic store site: about 7x slower.)
//
// Rows are made by `new` of a per-arity constructor whose prototype is
// Object.prototype: the result is a plain object (same prototype and
// constructor as `{}`), but V8 sizes it for all of its properties in the
// object itself, where `{}` holds four and spills the rest to a second
// allocation.
function plainConstructor() {
  function Row() {}
  Row.prototype = Object.prototype;
  return Row;
}

const ROW_BUILDERS = [
  null,
  ((R) => (v, k) => {
    const o = new R();
    o[k[0]] = v[0];
    return o;
  })(plainConstructor()),
  ((R) => (v, k) => {
    const o = new R();
    o[k[0]] = v[0];
    o[k[1]] = v[1];
    return o;
  })(plainConstructor()),
  ((R) => (v, k) => {
    const o = new R();
    o[k[0]] = v[0];
    o[k[1]] = v[1];
    o[k[2]] = v[2];
    return o;
  })(plainConstructor()),
  ((R) => (v, k) => {
    const o = new R();
    o[k[0]] = v[0];
    o[k[1]] = v[1];
    o[k[2]] = v[2];
    o[k[3]] = v[3];
    return o;
  })(plainConstructor()),
  ((R) => (v, k) => {
    const o = new R();
    o[k[0]] = v[0];
    o[k[1]] = v[1];
    o[k[2]] = v[2];
    o[k[3]] = v[3];
    o[k[4]] = v[4];
    return o;
  })(plainConstructor()),
  ((R) => (v, k) => {
    const o = new R();
    o[k[0]] = v[0];
    o[k[1]] = v[1];
    o[k[2]] = v[2];
    o[k[3]] = v[3];
    o[k[4]] = v[4];
    o[k[5]] = v[5];
    return o;
  })(plainConstructor()),
  ((R) => (v, k) => {
    const o = new R();
    o[k[0]] = v[0];
    o[k[1]] = v[1];
    o[k[2]] = v[2];
    o[k[3]] = v[3];
    o[k[4]] = v[4];
    o[k[5]] = v[5];
    o[k[6]] = v[6];
    return o;
  })(plainConstructor()),
  ((R) => (v, k) => {
    const o = new R();
    o[k[0]] = v[0];
    o[k[1]] = v[1];
    o[k[2]] = v[2];
    o[k[3]] = v[3];
    o[k[4]] = v[4];
    o[k[5]] = v[5];
    o[k[6]] = v[6];
    o[k[7]] = v[7];
    return o;
  })(plainConstructor()),
  ((R) => (v, k) => {
    const o = new R();
    o[k[0]] = v[0];
    o[k[1]] = v[1];
    o[k[2]] = v[2];
    o[k[3]] = v[3];
    o[k[4]] = v[4];
    o[k[5]] = v[5];
    o[k[6]] = v[6];
    o[k[7]] = v[7];
    o[k[8]] = v[8];
    return o;
  })(plainConstructor()),
  ((R) => (v, k) => {
    const o = new R();
    o[k[0]] = v[0];
    o[k[1]] = v[1];
    o[k[2]] = v[2];
    o[k[3]] = v[3];
    o[k[4]] = v[4];
    o[k[5]] = v[5];
    o[k[6]] = v[6];
    o[k[7]] = v[7];
    o[k[8]] = v[8];
    o[k[9]] = v[9];
    return o;
  })(plainConstructor()),
  ((R) => (v, k) => {
    const o = new R();
    o[k[0]] = v[0];
    o[k[1]] = v[1];
    o[k[2]] = v[2];
    o[k[3]] = v[3];
    o[k[4]] = v[4];
    o[k[5]] = v[5];
    o[k[6]] = v[6];
    o[k[7]] = v[7];
    o[k[8]] = v[8];
    o[k[9]] = v[9];
    o[k[10]] = v[10];
    return o;
  })(plainConstructor()),
  ((R) => (v, k) => {
    const o = new R();
    o[k[0]] = v[0];
    o[k[1]] = v[1];
    o[k[2]] = v[2];
    o[k[3]] = v[3];
    o[k[4]] = v[4];
    o[k[5]] = v[5];
    o[k[6]] = v[6];
    o[k[7]] = v[7];
    o[k[8]] = v[8];
    o[k[9]] = v[9];
    o[k[10]] = v[10];
    o[k[11]] = v[11];
    return o;
  })(plainConstructor()),
  ((R) => (v, k) => {
    const o = new R();
    o[k[0]] = v[0];
    o[k[1]] = v[1];
    o[k[2]] = v[2];
    o[k[3]] = v[3];
    o[k[4]] = v[4];
    o[k[5]] = v[5];
    o[k[6]] = v[6];
    o[k[7]] = v[7];
    o[k[8]] = v[8];
    o[k[9]] = v[9];
    o[k[10]] = v[10];
    o[k[11]] = v[11];
    o[k[12]] = v[12];
    return o;
  })(plainConstructor()),
  ((R) => (v, k) => {
    const o = new R();
    o[k[0]] = v[0];
    o[k[1]] = v[1];
    o[k[2]] = v[2];
    o[k[3]] = v[3];
    o[k[4]] = v[4];
    o[k[5]] = v[5];
    o[k[6]] = v[6];
    o[k[7]] = v[7];
    o[k[8]] = v[8];
    o[k[9]] = v[9];
    o[k[10]] = v[10];
    o[k[11]] = v[11];
    o[k[12]] = v[12];
    o[k[13]] = v[13];
    return o;
  })(plainConstructor()),
  ((R) => (v, k) => {
    const o = new R();
    o[k[0]] = v[0];
    o[k[1]] = v[1];
    o[k[2]] = v[2];
    o[k[3]] = v[3];
    o[k[4]] = v[4];
    o[k[5]] = v[5];
    o[k[6]] = v[6];
    o[k[7]] = v[7];
    o[k[8]] = v[8];
    o[k[9]] = v[9];
    o[k[10]] = v[10];
    o[k[11]] = v[11];
    o[k[12]] = v[12];
    o[k[13]] = v[13];
    o[k[14]] = v[14];
    return o;
  })(plainConstructor()),
  ((R) => (v, k) => {
    const o = new R();
    o[k[0]] = v[0];
    o[k[1]] = v[1];
    o[k[2]] = v[2];
    o[k[3]] = v[3];
    o[k[4]] = v[4];
    o[k[5]] = v[5];
    o[k[6]] = v[6];
    o[k[7]] = v[7];
    o[k[8]] = v[8];
    o[k[9]] = v[9];
    o[k[10]] = v[10];
    o[k[11]] = v[11];
    o[k[12]] = v[12];
    o[k[13]] = v[13];
    o[k[14]] = v[14];
    o[k[15]] = v[15];
    return o;
  })(plainConstructor()),
];

const WideRow = plainConstructor();
function rowLoop(v, k) {
  const o = new WideRow();
  for (let c = 0; c < k.length; c++) o[k[c]] = v[c];
  return o;
}

// Optimised decoder code embeds the hidden classes (maps) of the rows it
// builds, and a map lives only while some object uses it. Once a caller's
// rows were garbage, the next full GC freed their maps and threw the
// optimised code away with them: every toJSON() after a major GC ran
// unoptimised, about twice as slow. One blank row per shape (strings
// emptied, numbers zeroed, references and tensors replaced) keeps each map
// alive without keeping any of the caller's data.
const MAX_SHAPES = 64;
const shapes = new Map();

function blank(v) {
  if (typeof v === 'string') return '';
  if (typeof v === 'number') return Number.isInteger(v) && (v | 0) === v ? 0 : 0.5;
  if (Array.isArray(v)) return [];
  if (v !== null && typeof v === 'object') return { '@ref': '' };
  return v; // null, true, false
}

function keepShape(build, cols, sample) {
  const key = cols.join('\n');
  if (shapes.has(key)) return;
  if (shapes.size >= MAX_SHAPES) shapes.clear();
  const vals = new Array(cols.length);
  for (let c = 0; c < cols.length; c++) vals[c] = blank(sample[cols[c]]);
  shapes.set(key, build(vals, cols));
}

const EMPTY_U32 = new Uint32Array(0);
const EMPTY_I32 = new Int32Array(0);
const EMPTY_F64 = new Float64Array(0);

// The decoder object is reused between calls (its fields cleared after each
// one), for the same reason: optimised code embeds the decoder's own map.
let spare = null;

function withDecoder(header, buffer, inputText, options, fn) {
  const d = spare ?? new TapeDecoder();
  spare = null;
  try {
    d.reset(header, buffer, inputText, options);
    return fn(d);
  } finally {
    d.clear();
    spare = d;
  }
}

/**
 * Returns the document the tape holds as plain JS values.
 * @param {Uint32Array} header the 16-word tape header (a view in wasm memory)
 * @param {ArrayBuffer} buffer wasm memory
 * @param {string | null} inputText the caller's input string, or null
 * @param {{metadata?: boolean}} options
 */
export function decodeDocument(header, buffer, inputText, options) {
  return withDecoder(header, buffer, inputText, options, (d) => d.document());
}

/** Returns every row of the tape (child rows too) as {type, id, fields}, in document order. */
export function collectEntities(header, buffer, inputText) {
  return withDecoder(header, buffer, inputText, { collect: true }, (d) => {
    d.document();
    return d.entities;
  });
}

class TapeDecoder {
  constructor() {
    // Every field gets a value of its final type here, so that all decoders
    // share one map (see withDecoder).
    this.w = EMPTY_U32;
    this.i = EMPTY_I32;
    this.f = EMPTY_F64;
    this.arena = '';
    this.keys = [];
    this.input = '';
    this.metadata = false;
    this.entities = null;
    this.p = 0;
    this.cache = [];
    this.schemas = [];
  }

  /** Points the decoder at a tape (see decodeDocument). */
  reset(header, buffer, inputText, options) {
    // The first twelve header words, in the order of core/abi/abi.json's tape_header.
    const [wp, wl, fp, fl, ap, al, kp, kl, ip, il, so, sc] = header;
    this.w = new Uint32Array(buffer, wp, wl);
    this.i = new Int32Array(buffer, wp, wl);
    this.f = new Float64Array(buffer, fp, fl);
    this.arena = al ? utf8.decode(new Uint8Array(buffer, ap, al)) : '';
    this.keys = kl ? utf8.decode(new Uint8Array(buffer, kp, kl)).split('\n') : [];
    // Input slices are UTF-16 offsets into the input text: the caller's own
    // string when we have it, else wasm's input copy decoded once (keeping a
    // BOM, which the offsets count). Input bytes holding U+FFFD are decoded
    // too: the caller's string may have a lone surrogate there.
    const replaced = (header[HEADER_INPUT_FLAGS] & INPUT_HAS_REPLACEMENT) !== 0;
    this.input = inputText !== null && !replaced ? inputText : utf8.decode(new Uint8Array(buffer, ip, il));
    this.metadata = options.metadata === true;
    this.entities = options.collect ? [] : null;
    this.p = 0;
    this.cache = [];
    this.schemas = [];
    let q = so;
    for (let s = 0; s < sc; s++) {
      const type = this.keys[this.w[q]];
      const n = this.w[q + 1] % SCHEMA_NESTED;
      // The high bit: the type has a %NEST child, so its rows carry a children flag.
      const nested = this.w[q + 1] >= SCHEMA_NESTED;
      const columns = [];
      for (let c = 0; c < n; c++) columns.push(this.keys[this.w[q + 2 + c]]);
      q += 2 + n;
      this.schemas.push({
        type,
        columns,
        nested,
        plain: !columns.includes('__proto__') && !columns.includes('__type__'),
        kept: false,
      });
    }
  }

  /** Drops every reference to the tape, the input and the values made. */
  clear() {
    this.w = EMPTY_U32;
    this.i = EMPTY_I32;
    this.f = EMPTY_F64;
    this.arena = '';
    this.keys = [];
    this.input = '';
    this.entities = null;
    this.p = 0;
    this.cache = [];
    this.schemas = [];
  }

  /** Returns the root object. */
  document() {
    const w = this.w[this.p++];
    return this.object(w >>> 4);
  }

  object(count) {
    const o = {};
    const w = this.w;
    const keys = this.keys;
    for (let k = 0; k < count; k++) {
      const key = keys[w[this.p++]];
      const tag = w[this.p] & 15;
      let v;
      if (tag === TAG_LIST && w[this.p] >>> 4 !== VALUE_LIST) {
        const head = w[this.p];
        const rows = w[this.p + 1];
        this.p += 2;
        v = this.list(head >>> 4, rows, true);
      } else {
        v = this.value();
      }
      setKey(o, key, v);
    }
    return o;
  }

  /** Reads one value (a cell or an item's scalar/object). */
  value() {
    const w = this.w;
    const head = w[this.p++];
    switch (head & 15) {
      case TAG_NULL:
        return null;
      case TAG_FALSE:
        return false;
      case TAG_TRUE:
        return true;
      case TAG_INT:
        return this.i[this.p++];
      case TAG_F64:
        return this.f[w[this.p++]];
      case TAG_STR_INPUT:
      case TAG_REF_INPUT: {
        // A slice: [tag|length<<4][start].
        const start = w[this.p++];
        const s = this.input.slice(start, start + (head >>> 4));
        return (head & 15) === TAG_STR_INPUT ? s : { '@ref': s };
      }
      case TAG_STR_ARENA:
      case TAG_REF_ARENA: {
        const start = w[this.p++];
        const s = this.arena.slice(start, start + (head >>> 4));
        return (head & 15) === TAG_STR_ARENA ? s : { '@ref': s };
      }
      case TAG_STR_CACHED:
        return this.cache[head >>> 4];
      case TAG_STR_NEW: {
        const s = this.value();
        this.cache.push(s);
        return s;
      }
      case TAG_REF_CACHED:
        return { '@ref': this.cache[head >>> 4] };
      case TAG_REF_NEW: {
        // A REF_INPUT or REF_ARENA follows; the cache keeps its "@Type:id" string.
        const ref = this.value();
        this.cache.push(ref['@ref']);
        return ref;
      }
      case TAG_TENSOR:
        return this.tensor(head >>> 4);
      case TAG_OBJECT:
        return this.object(head >>> 4);
      case TAG_LIST: {
        // A list literal (a matrix list is read by object() and list()).
        const n = w[this.p++];
        const out = new Array(n);
        for (let j = 0; j < n; j++) out[j] = this.value();
        return out;
      }
      default:
        throw new Error(`hedl: corrupt tape (tag ${head & 15} at word ${this.p - 1})`);
    }
  }

  tensor(ndims) {
    const w = this.w;
    const f = this.f;
    if (ndims === 1) {
      // The common case (embeddings, vectors): no shape bookkeeping.
      const n = w[this.p];
      let at = w[this.p + 1];
      this.p += 2;
      const out = new Array(n);
      for (let j = 0; j < n; j++) out[j] = f[at++];
      return out;
    }
    const shape = [];
    for (let d = 0; d < ndims; d++) shape.push(w[this.p++]);
    let at = w[this.p++];
    // Build the nested arrays innermost first, dimension by dimension.
    const build = (d) => {
      const out = new Array(shape[d]);
      if (d === ndims - 1) {
        for (let j = 0; j < shape[d]; j++) out[j] = f[at++];
      } else {
        for (let j = 0; j < shape[d]; j++) out[j] = build(d + 1);
      }
      return out;
    };
    return build(0);
  }

  /** Reads `count` rows of schema `s`; `keyed` lists (a key's value) get the metadata wrapper. */
  list(s, count, keyed) {
    const schema = this.schemas[s];
    const cols = schema.columns;
    const n = cols.length;
    const meta = this.metadata;
    const rows = new Array(count);
    const w = this.w;
    const fast = schema.plain && !meta && this.entities === null;
    const build = n < ROW_BUILDERS.length ? ROW_BUILDERS[n] : rowLoop;
    const nested = schema.nested;
    const vals = new Array(n).fill(null);
    const input = this.input;
    const cache = this.cache;
    const ints = this.i;
    const f64 = this.f;
    let p = this.p;
    for (let r = 0; r < count; r++) {
      const kids = nested ? w[p++] : 0;
      // The cells, with the cursor in a local: the common tags inline, the
      // rest through value().
      for (let c = 0; c < n; c++) {
        const head = w[p];
        switch (head & 15) {
          case TAG_STR_CACHED:
            vals[c] = cache[head >>> 4];
            p += 1;
            break;
          case TAG_STR_INPUT: {
            const start = w[p + 1];
            vals[c] = input.slice(start, start + (head >>> 4));
            p += 2;
            break;
          }
          case TAG_INT:
            vals[c] = ints[p + 1];
            p += 2;
            break;
          case TAG_TRUE:
            vals[c] = true;
            p += 1;
            break;
          case TAG_FALSE:
            vals[c] = false;
            p += 1;
            break;
          case TAG_NULL:
            vals[c] = null;
            p += 1;
            break;
          case TAG_F64:
            vals[c] = f64[w[p + 1]];
            p += 2;
            break;
          default:
            this.p = p;
            vals[c] = this.value();
            p = this.p;
        }
      }
      let o;
      if (fast) {
        o = build(vals, cols);
      } else {
        o = {};
        if (meta) o.__type__ = schema.type;
        for (let c = 0; c < n; c++) setKey(o, cols[c], vals[c]);
        if (this.entities !== null) this.entities.push({ type: schema.type, id: o[cols[0]], fields: { ...o } });
      }
      for (let k = 0; k < kids; k++) {
        const head = w[p];
        const childRows = w[p + 1];
        this.p = p + 2;
        const child = this.schemas[head >>> 4];
        setKey(o, child.type, this.list(head >>> 4, childRows, false));
        p = this.p;
      }
      rows[r] = o;
    }
    this.p = p;
    if (fast && count > 0 && !schema.kept) {
      schema.kept = true;
      keepShape(build, cols, rows[0]);
    }
    if (keyed && meta) return { __type__: schema.type, __schema__: cols.slice(), items: rows };
    return rows;
  }
}
