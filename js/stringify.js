// stringify(): JS values to HEDL text without JSON text in between. The
// values are walked with JSON.stringify's rules (toJSON, a replacer function
// or property list, undefined/functions/symbols left out, non-finite numbers
// as null, a TypeError for BigInt and cycles) straight into a simdjson DOM
// tape in wasm memory, which the core converts as it converts JSON text, so
// stringify(v) gives fromJson(JSON.stringify(v)).
import { HedlError } from './hedl-error.js';
import { fromJsonOptions } from './options.js';
import { getModule } from './wasm-loader.js';
import { decodeText, lastError, withOutput } from './wasm-io.js';

const encoder = new TextEncoder();

// simdjson tape types (the high byte of a word).
const ROOT = 0x72; // r
const OBJ = 0x7b; // {
const OBJ_END = 0x7d; // }
const ARR = 0x5b; // [
const ARR_END = 0x5d; // ]
const STR = 0x22; // "
const I64 = 0x6c; // l
const U64 = 0x75; // u
const DBL = 0x64; // d
const TRUE = 0x74;
const FALSE = 0x66;
const NULL = 0x6e;
const TWO32 = 4294967296;
const TWO53 = 9007199254740992;

class TapeWriter {
  constructor(replacer, maxDepth) {
    this.maxDepth = maxDepth;
    this.w = new Uint32Array(2048); // two 32-bit halves per 64-bit word
    this.n = 0; // words
    this.s = new Uint8Array(8192);
    this.sn = 0;
    this.fn = typeof replacer === 'function' ? replacer : null;
    this.keys = Array.isArray(replacer) ? propertyList(replacer) : null;
    this.path = new Set();
    this.keyAt = new Map(); // key -> where its bytes are: records of one shape share their keys' bytes
    this.f64 = new Float64Array(1);
    this.u32 = new Uint32Array(this.f64.buffer);
  }

  word(type, payload, hi = 0) {
    if (this.n * 2 + 2 > this.w.length) {
      const bigger = new Uint32Array(this.w.length * 2);
      bigger.set(this.w);
      this.w = bigger;
    }
    this.w[this.n * 2] = payload >>> 0;
    this.w[this.n * 2 + 1] = ((type << 24) | hi) >>> 0;
    return this.n++;
  }

  raw(lo, hi) {
    this.word(0, lo);
    this.w[this.n * 2 - 1] = hi >>> 0;
  }

  string(str) {
    const len = str.length;
    // ASCII, the common case: bytes written here (encodeInto costs more for short strings).
    if (len < 64) {
      if (this.sn + 5 + len > this.s.length) this.grow(this.sn + 5 + len);
      const s = this.s;
      const at = this.sn;
      let i = 0;
      for (; i < len; i++) {
        const c = str.charCodeAt(i);
        if (c >= 0x80) break;
        s[at + 4 + i] = c;
      }
      if (i === len) {
        s[at] = len;
        s[at + 1] = 0;
        s[at + 2] = 0;
        s[at + 3] = 0;
        s[at + 4 + len] = 0;
        this.sn = at + 5 + len;
        this.word(STR, at);
        return;
      }
    }
    if (!str.isWellFormed())
      throw new HedlError(
        'ConversionError',
        'a string holds a lone UTF-16 surrogate, which no UTF-8 text can hold',
        0,
        0,
      );
    const need = this.sn + 5 + str.length * 3;
    if (need > this.s.length) this.grow(need);
    const at = this.sn;
    const { written } = encoder.encodeInto(str, this.s.subarray(at + 4));
    this.s[at] = written & 0xff;
    this.s[at + 1] = (written >>> 8) & 0xff;
    this.s[at + 2] = (written >>> 16) & 0xff;
    this.s[at + 3] = written >>> 24;
    this.s[at + 4 + written] = 0;
    this.sn = at + 5 + written;
    this.word(STR, at);
  }

  grow(need) {
    const bigger = new Uint8Array(Math.max(need, this.s.length * 2));
    bigger.set(this.s.subarray(0, this.sn));
    this.s = bigger;
  }

  number(v) {
    if (!Number.isFinite(v)) {
      this.word(NULL, 0);
      return;
    }
    // As simdjson reads JSON.stringify's digits: integers as int64 or uint64
    // while they fit, every other number as a double.
    if (Number.isInteger(v) && v > -TWO53 && v < TWO53) {
      this.word(I64, 0);
      const hi = Math.floor(v / TWO32);
      this.raw(v - hi * TWO32, hi);
      return;
    }
    if (Number.isInteger(v) && Math.abs(v) < 1e21) {
      // JSON.stringify writes the shortest digits that read back as v (2 ** 60
      // is 1152921504606847000): the integer those digits spell, if it fits.
      const b = BigInt(String(v));
      if (b >= -(2n ** 63n) && b < 2n ** 64n) {
        this.word(b < 2n ** 63n ? I64 : U64, 0);
        const u = BigInt.asUintN(64, b);
        this.raw(Number(u & 0xffffffffn), Number(u >> 32n));
        return;
      }
    }
    this.word(DBL, 0);
    this.f64[0] = v;
    this.raw(this.u32[0], this.u32[1]);
  }

  /** Writes holder[key]'s JSON form (`v` is its value); false when it has none (undefined, a function, a symbol). */
  value(holder, key, v, depth) {
    if (v !== null && (typeof v === 'object' || typeof v === 'bigint') && typeof v.toJSON === 'function')
      v = v.toJSON(key);
    if (this.fn !== null) v = this.fn.call(holder, key, v);
    if (v !== null && typeof v === 'object') {
      if (v instanceof Number) v = Number(v);
      else if (v instanceof String) v = String(v);
      else if (v instanceof Boolean) v = v.valueOf();
      else if (typeof BigInt === 'function' && v instanceof BigInt) v = v.valueOf();
    }
    switch (typeof v) {
      case 'string':
        this.string(v);
        return true;
      case 'number':
        this.number(v);
        return true;
      case 'boolean':
        this.word(v ? TRUE : FALSE, 0);
        return true;
      case 'bigint':
        throw new TypeError('hedl.stringify: a BigInt has no JSON form (as in JSON.stringify)');
      case 'object':
        if (v === null) {
          this.word(NULL, 0);
          return true;
        }
        if (depth >= this.maxDepth)
          throw new HedlError(
            'SecurityError',
            `limit max_indent_depth exceeded: the JSON nests more than ${this.maxDepth} levels deep; raise max_indent_depth in the limits if this input is trusted`,
            0,
            0,
          );
        if (this.path.has(v))
          throw new TypeError('hedl.stringify: converting a circular structure (as in JSON.stringify)');
        this.path.add(v);
        if (Array.isArray(v)) this.array(v, depth);
        else this.object(v, depth);
        this.path.delete(v);
        return true;
      default:
        return false;
    }
  }

  array(a, depth) {
    const start = this.word(ARR, 0);
    for (let i = 0; i < a.length; i++) if (!this.value(a, String(i), a[i], depth + 1)) this.word(NULL, 0);
    this.close(start, ARR, ARR_END, a.length);
  }

  object(o, depth) {
    const start = this.word(OBJ, 0);
    let count = 0;
    for (const k of this.keys ?? Object.keys(o)) {
      const n = this.n;
      const sn = this.sn;
      const at = this.keyAt.get(k);
      if (at === undefined) {
        this.string(k);
        this.keyAt.set(k, this.w[n * 2]);
      } else this.word(STR, at);
      if (this.value(o, k, o[k], depth + 1)) count++;
      else {
        this.n = n; // no value: no member
        if (this.sn !== sn) this.keyAt.delete(k);
        this.sn = sn;
      }
    }
    this.close(start, OBJ, OBJ_END, count);
  }

  close(start, open, end, count) {
    this.word(end, start);
    this.w[start * 2] = this.n;
    this.w[start * 2 + 1] = ((open << 24) | Math.min(count, 0xffffff)) >>> 0;
  }
}

/** A replacer array's property list: its strings and numbers as strings, each once (as JSON.stringify). */
function propertyList(list) {
  const keys = [];
  for (const x of list) {
    let k;
    if (typeof x === 'string') k = x;
    else if (typeof x === 'number' || x instanceof Number || x instanceof String) k = String(x);
    else continue;
    if (!keys.includes(k)) keys.push(k);
  }
  return keys;
}

/**
 * JS values to HEDL text, as fromJson(JSON.stringify(value, replacer)) gives
 * it, without the JSON text. `options`: a replacer function or array (as
 * JSON.stringify's second argument), or {replacer, ditto, version, strict,
 * expressions, limits} (fromJson's options).
 * @throws {TypeError} for a value with no JSON form, a BigInt, a cycle
 * @throws {HedlError} ConversionError naming the path, as fromJson
 */
export function stringify(value, options) {
  let replacer = null;
  let rest = options;
  if (typeof options === 'function' || Array.isArray(options)) {
    replacer = options;
    rest = undefined;
  } else if (options !== null && typeof options === 'object' && 'replacer' in options) {
    ({ replacer, ...rest } = options);
    if (replacer !== null && replacer !== undefined && typeof replacer !== 'function' && !Array.isArray(replacer))
      throw new TypeError('hedl.stringify: replacer must be a function or an array');
  }
  const M = getModule();
  const o = fromJsonOptions(M, rest);
  // The JSON nesting fromJson accepts (from_json's json_depth_limit): deeper
  // values fail here, before the walk can exhaust the JS stack.
  const t = new TapeWriter(replacer, Math.min(Math.max(2 * o.limits.maxIndentDepth + 80, 1024), 2 ** 24));
  const root = t.word(ROOT, 0);
  if (!t.value({ '': value }, '', value, 0))
    throw new TypeError('hedl.stringify: the value has no JSON form (undefined, a function or a symbol)');
  t.word(ROOT, 0);
  t.w[root * 2] = t.n;
  const tape = new M.ValueTape();
  try {
    if (!tape.allocate(t.n, t.sn))
      throw new HedlError('OutOfMemory', `out of wasm memory for ${t.n * 8 + t.sn} bytes of values`, 0, 0);
    M.HEAPU32.set(t.w.subarray(0, t.n * 2), tape.tapePtr() / 4);
    M.HEAPU8.set(t.s.subarray(0, t.sn), tape.stringsPtr());
    return withOutput(M, () => {
      const view = tape.toHedl(o.ditto, o.strict, o.expressions, o.limits, o.v1);
      if (view === null) throw lastError(M);
      return decodeText(view);
    });
  } finally {
    tape.delete();
  }
}
