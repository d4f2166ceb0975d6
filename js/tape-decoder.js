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

const TAG_NULL = 0;
const TAG_FALSE = 1;
const TAG_TRUE = 2;
const TAG_INT = 3;
const TAG_F64 = 4;
const TAG_STR_INPUT = 5;
const TAG_STR_ARENA = 6;
const TAG_REF_INPUT = 7;
const TAG_REF_ARENA = 8;
const TAG_TENSOR = 9;
const TAG_OBJECT = 10;
const TAG_LIST = 11;
const TAG_STR_NEW = 12;
const TAG_STR_CACHED = 13;
const TAG_REF_NEW = 14;
const TAG_REF_CACHED = 15;

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
  ((R) => (d, k) => {
    const o = new R();
    o[k[0]] = d.cell();
    return o;
  })(plainConstructor()),
  ((R) => (d, k) => {
    const o = new R();
    o[k[0]] = d.cell();
    o[k[1]] = d.cell();
    return o;
  })(plainConstructor()),
  ((R) => (d, k) => {
    const o = new R();
    o[k[0]] = d.cell();
    o[k[1]] = d.cell();
    o[k[2]] = d.cell();
    return o;
  })(plainConstructor()),
  ((R) => (d, k) => {
    const o = new R();
    o[k[0]] = d.cell();
    o[k[1]] = d.cell();
    o[k[2]] = d.cell();
    o[k[3]] = d.cell();
    return o;
  })(plainConstructor()),
  ((R) => (d, k) => {
    const o = new R();
    o[k[0]] = d.cell();
    o[k[1]] = d.cell();
    o[k[2]] = d.cell();
    o[k[3]] = d.cell();
    o[k[4]] = d.cell();
    return o;
  })(plainConstructor()),
  ((R) => (d, k) => {
    const o = new R();
    o[k[0]] = d.cell();
    o[k[1]] = d.cell();
    o[k[2]] = d.cell();
    o[k[3]] = d.cell();
    o[k[4]] = d.cell();
    o[k[5]] = d.cell();
    return o;
  })(plainConstructor()),
  ((R) => (d, k) => {
    const o = new R();
    o[k[0]] = d.cell();
    o[k[1]] = d.cell();
    o[k[2]] = d.cell();
    o[k[3]] = d.cell();
    o[k[4]] = d.cell();
    o[k[5]] = d.cell();
    o[k[6]] = d.cell();
    return o;
  })(plainConstructor()),
  ((R) => (d, k) => {
    const o = new R();
    o[k[0]] = d.cell();
    o[k[1]] = d.cell();
    o[k[2]] = d.cell();
    o[k[3]] = d.cell();
    o[k[4]] = d.cell();
    o[k[5]] = d.cell();
    o[k[6]] = d.cell();
    o[k[7]] = d.cell();
    return o;
  })(plainConstructor()),
  ((R) => (d, k) => {
    const o = new R();
    o[k[0]] = d.cell();
    o[k[1]] = d.cell();
    o[k[2]] = d.cell();
    o[k[3]] = d.cell();
    o[k[4]] = d.cell();
    o[k[5]] = d.cell();
    o[k[6]] = d.cell();
    o[k[7]] = d.cell();
    o[k[8]] = d.cell();
    return o;
  })(plainConstructor()),
  ((R) => (d, k) => {
    const o = new R();
    o[k[0]] = d.cell();
    o[k[1]] = d.cell();
    o[k[2]] = d.cell();
    o[k[3]] = d.cell();
    o[k[4]] = d.cell();
    o[k[5]] = d.cell();
    o[k[6]] = d.cell();
    o[k[7]] = d.cell();
    o[k[8]] = d.cell();
    o[k[9]] = d.cell();
    return o;
  })(plainConstructor()),
  ((R) => (d, k) => {
    const o = new R();
    o[k[0]] = d.cell();
    o[k[1]] = d.cell();
    o[k[2]] = d.cell();
    o[k[3]] = d.cell();
    o[k[4]] = d.cell();
    o[k[5]] = d.cell();
    o[k[6]] = d.cell();
    o[k[7]] = d.cell();
    o[k[8]] = d.cell();
    o[k[9]] = d.cell();
    o[k[10]] = d.cell();
    return o;
  })(plainConstructor()),
  ((R) => (d, k) => {
    const o = new R();
    o[k[0]] = d.cell();
    o[k[1]] = d.cell();
    o[k[2]] = d.cell();
    o[k[3]] = d.cell();
    o[k[4]] = d.cell();
    o[k[5]] = d.cell();
    o[k[6]] = d.cell();
    o[k[7]] = d.cell();
    o[k[8]] = d.cell();
    o[k[9]] = d.cell();
    o[k[10]] = d.cell();
    o[k[11]] = d.cell();
    return o;
  })(plainConstructor()),
  ((R) => (d, k) => {
    const o = new R();
    o[k[0]] = d.cell();
    o[k[1]] = d.cell();
    o[k[2]] = d.cell();
    o[k[3]] = d.cell();
    o[k[4]] = d.cell();
    o[k[5]] = d.cell();
    o[k[6]] = d.cell();
    o[k[7]] = d.cell();
    o[k[8]] = d.cell();
    o[k[9]] = d.cell();
    o[k[10]] = d.cell();
    o[k[11]] = d.cell();
    o[k[12]] = d.cell();
    return o;
  })(plainConstructor()),
  ((R) => (d, k) => {
    const o = new R();
    o[k[0]] = d.cell();
    o[k[1]] = d.cell();
    o[k[2]] = d.cell();
    o[k[3]] = d.cell();
    o[k[4]] = d.cell();
    o[k[5]] = d.cell();
    o[k[6]] = d.cell();
    o[k[7]] = d.cell();
    o[k[8]] = d.cell();
    o[k[9]] = d.cell();
    o[k[10]] = d.cell();
    o[k[11]] = d.cell();
    o[k[12]] = d.cell();
    o[k[13]] = d.cell();
    return o;
  })(plainConstructor()),
  ((R) => (d, k) => {
    const o = new R();
    o[k[0]] = d.cell();
    o[k[1]] = d.cell();
    o[k[2]] = d.cell();
    o[k[3]] = d.cell();
    o[k[4]] = d.cell();
    o[k[5]] = d.cell();
    o[k[6]] = d.cell();
    o[k[7]] = d.cell();
    o[k[8]] = d.cell();
    o[k[9]] = d.cell();
    o[k[10]] = d.cell();
    o[k[11]] = d.cell();
    o[k[12]] = d.cell();
    o[k[13]] = d.cell();
    o[k[14]] = d.cell();
    return o;
  })(plainConstructor()),
  ((R) => (d, k) => {
    const o = new R();
    o[k[0]] = d.cell();
    o[k[1]] = d.cell();
    o[k[2]] = d.cell();
    o[k[3]] = d.cell();
    o[k[4]] = d.cell();
    o[k[5]] = d.cell();
    o[k[6]] = d.cell();
    o[k[7]] = d.cell();
    o[k[8]] = d.cell();
    o[k[9]] = d.cell();
    o[k[10]] = d.cell();
    o[k[11]] = d.cell();
    o[k[12]] = d.cell();
    o[k[13]] = d.cell();
    o[k[14]] = d.cell();
    o[k[15]] = d.cell();
    return o;
  })(plainConstructor()),
];

const WideRow = plainConstructor();
function rowLoop(d, k) {
  const o = new WideRow();
  for (let c = 0; c < k.length; c++) o[k[c]] = d.cell();
  return o;
}

export class TapeDecoder {
  /**
   * @param {Uint32Array} header the 16-word tape header (a view in wasm memory)
   * @param {ArrayBuffer} buffer wasm memory
   * @param {string | null} inputText the caller's input string, or null
   * @param {{metadata?: boolean, collect?: boolean}} options
   */
  constructor(header, buffer, inputText, options) {
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
    const replaced = (header[13] & 2) !== 0;
    this.input = inputText !== null && !replaced ? inputText : utf8.decode(new Uint8Array(buffer, ip, il));
    this.metadata = options.metadata === true;
    this.entities = options.collect ? [] : null;
    this.p = 0;
    this.cache = [];
    this.schemas = [];
    let q = so;
    for (let s = 0; s < sc; s++) {
      const type = this.keys[this.w[q]];
      const n = this.w[q + 1] & 0x7fffffff;
      // The high bit: the type has a %NEST child, so its rows carry a children flag.
      const nested = this.w[q + 1] >>> 31 === 1;
      const columns = [];
      for (let c = 0; c < n; c++) columns.push(this.keys[this.w[q + 2 + c]]);
      q += 2 + n;
      this.schemas.push({
        type,
        columns,
        nested,
        plain: !columns.includes('__proto__') && !columns.includes('__type__'),
      });
    }
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
      if (tag === TAG_LIST) {
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
    for (let r = 0; r < count; r++) {
      const hasChildren = nested && w[this.p++] !== 0;
      let o;
      if (fast) {
        o = build(this, cols);
      } else {
        o = {};
        if (meta) o.__type__ = schema.type;
        for (let c = 0; c < n; c++) setKey(o, cols[c], this.cell());
        if (this.entities !== null) this.entities.push({ type: schema.type, id: o[cols[0]], fields: { ...o } });
      }
      if (hasChildren) {
        const head = w[this.p];
        const childRows = w[this.p + 1];
        this.p += 2;
        const child = this.schemas[head >>> 4];
        setKey(o, child.type, this.list(head >>> 4, childRows, false));
      }
      rows[r] = o;
    }
    if (keyed && meta) return { __type__: schema.type, __schema__: cols.slice(), items: rows };
    return rows;
  }

  /** A cell: the common scalar tags inline, the rest through value(). */
  cell() {
    const w = this.w;
    const p = this.p;
    const head = w[p];
    switch (head & 15) {
      case TAG_STR_CACHED:
        this.p = p + 1;
        return this.cache[head >>> 4];
      case TAG_STR_INPUT: {
        this.p = p + 2;
        const start = w[p + 1];
        return this.input.slice(start, start + (head >>> 4));
      }
      case TAG_INT:
        this.p = p + 2;
        return this.i[p + 1];
      case TAG_TRUE:
        this.p = p + 1;
        return true;
      case TAG_FALSE:
        this.p = p + 1;
        return false;
      case TAG_NULL:
        this.p = p + 1;
        return null;
      case TAG_F64:
        this.p = p + 2;
        return this.f[w[p + 1]];
      default:
        return this.value();
    }
  }
}
