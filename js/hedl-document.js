// HedlDocument: a parsed document living in wasm memory. Free it with
// delete() or [Symbol.dispose]() (`using doc = parse(text)`); one that is
// garbage collected without either is freed by the FinalizationRegistry in
// document-registry.js and counted by leakedDocuments(). A deleted document
// throws HedlError kind "UseAfterDelete"; deleting twice does nothing.
import { track, untrack } from './document-registry.js';
import { HedlError } from './hedl-error.js';
import { HEADER_MAX_DEPTH } from './abi.js';
import { dittoOption, jsonStringOptions, lintArguments, targetVersionOption, toJsonMetadata } from './options.js';
import { MAX_RECURSION, collectEntities, decodeDocument } from './tape-decoder.js';
import { getModule } from './wasm-loader.js';
import { decodeJson, decodeText, lastError, withOutput } from './wasm-io.js';

const CONSTRUCT = Symbol('hedl.HedlDocument');
export const disposeSymbol = typeof Symbol.dispose === 'symbol' ? Symbol.dispose : Symbol.for('Symbol.dispose');

/** Converts the stats JSON of wasm to the JS shape (with upstream's TokenStats names). */
export function statsFromWasm(s) {
  const entities = {};
  for (const [type, count] of s.entities) entities[type] = count;
  return {
    hedlBytes: s.hedlBytes,
    hedlLines: s.hedlLines,
    hedlTokens: s.hedlTokens,
    jsonBytes: s.jsonBytes,
    jsonTokens: s.jsonTokens,
    tokenSavings: s.tokenSavings,
    savingsPercent: s.tokenSavings * 100,
    tokensSaved: s.jsonTokens - s.hedlTokens,
    schemas: s.schemas,
    aliases: s.aliases,
    nests: s.nests,
    rootItems: s.rootItems,
    entities,
  };
}

export class HedlDocument {
  #handle;
  #text;
  #info = null;

  /** Documents come from parse(); this constructor is not public. */
  constructor(token, handle, inputText) {
    if (token !== CONSTRUCT) throw new TypeError('hedl: HedlDocument is made by parse(), not new');
    this.#handle = handle;
    this.#text = inputText;
    track(this, handle, handle.memoryUsage());
  }

  /** @internal */
  static fromHandle(handle, inputText) {
    return new HedlDocument(CONSTRUCT, handle, inputText);
  }

  #live() {
    if (this.#handle === null) {
      throw new HedlError('UseAfterDelete', 'this document was deleted; parse the text again to use it', 0, 0);
    }
    return this.#handle;
  }

  #infoData() {
    if (this.#info === null) {
      const h = this.#live();
      this.#info = withOutput(getModule(), () => decodeJson(h.info()));
    }
    return this.#info;
  }

  /** True once delete() (or [Symbol.dispose]()) ran. */
  get isDeleted() {
    return this.#handle === null;
  }

  /** Frees the document's wasm memory. Calling it again does nothing. */
  delete() {
    if (this.#handle === null) return;
    const h = this.#handle;
    this.#handle = null;
    this.#text = null;
    untrack(this);
    h.delete();
  }

  // One getter per handle property: each is the same one-line shape on purpose
  // (a table of names would hide them from the .d.ts and from readers).
  /** The %VERSION, e.g. "1.0". */
  get version() {
    return this.#live().version();
  }
  get schemaCount() {
    return this.#live().schemaCount();
  }
  get aliasCount() {
    return this.#live().aliasCount();
  }
  get nestCount() {
    return this.#live().nestCount();
  }
  get rootItemCount() {
    return this.#live().rootItemCount();
  }
  /** Bytes of wasm memory this document holds. */
  get memoryUsage() {
    return this.#live().memoryUsage();
  }

  /** Returns the %STRUCT type names in declaration order. */
  getSchemaNames() {
    return this.#infoData().schemas.map((s) => s[0]);
  }

  /** Returns the columns of a %STRUCT type, or undefined when it is not declared. */
  getSchema(typeName) {
    const s = this.#infoData().schemas.find((x) => x[0] === typeName);
    return s === undefined ? undefined : s[1].slice();
  }

  /** Returns the aliases as {key: value} (keys without '%'). */
  getAliases() {
    const out = {};
    for (const [k, v] of this.#infoData().aliases) out[k] = v;
    return out;
  }

  /**
   * Returns the %NEST rules as {parent: child}. A 2.0 parent with several child types shows its
   * first; getNestList() has every rule.
   */
  getNests() {
    const out = {};
    for (const [p, c] of this.#infoData().nests) if (!(p in out)) out[p] = c;
    return out;
  }

  /** Returns every %NEST rule as {parent, child}, in declaration order. */
  getNestList() {
    return this.#infoData().nests.map(([parent, child]) => ({ parent, child }));
  }

  /** Returns the %PROMPT texts (HEDL 2.0), in document order. */
  getPrompts() {
    return this.#infoData().prompts.slice();
  }

  /**
   * Returns the %C count directives (HEDL 2.0), in document order: {type, total} for
   * `%C:Type.total=N`, {type, field, counts: {value: N}} for `%C:Type.field:v=N,...`.
   */
  getCounts() {
    const out = [];
    let last = null;
    for (const [type, field, value, count] of this.#infoData().counts) {
      if (field === '') {
        last = null;
        out.push({ type, total: count });
      } else {
        if (last === null || last.type !== type || last.field !== field) {
          last = { type, field, counts: {} };
          out.push(last);
        }
        last.counts[value] = count;
      }
    }
    return out;
  }

  /** Returns the %X- extension directives (HEDL 2.0) as {name, payload}, in document order. */
  getExtensions() {
    return this.#infoData().extensions.map(([name, payload]) => ({ name, payload }));
  }

  /** 'lenient' when the document declares `%MODE: lenient` (HEDL 2.0), else 'strict'. */
  get mode() {
    return this.#infoData().lenient ? 'lenient' : 'strict';
  }

  /**
   * Returns the document as plain JS values (D21). Also what
   * JSON.stringify(doc) uses (it passes a string key, which is ignored).
   */
  toJSON(options) {
    const metadata = toJsonMetadata(options);
    const h = this.#live();
    const M = getModule();
    let deep = false;
    const value = withOutput(M, () => {
      const header = h.tape();
      deep = header[HEADER_MAX_DEPTH] > MAX_RECURSION;
      return deep ? null : decodeDocument(header, M.HEAPU8.buffer, this.#text, { metadata });
    });
    if (!deep) {
      // D21 extension: %PROMPT lines, with the metadata option only.
      if (metadata && this.#infoData().prompts.length) value._metadata = { prompts: this.#infoData().prompts.slice() };
      return value;
    }
    // Deeper than the tape decoder recurses: JSON.parse the JSON writer's text instead.
    return withOutput(M, () => JSON.parse(decodeText(h.toJson(false, metadata))));
  }

  /** Returns JSON text; `true`/`false` (upstream) or {pretty = true, metadata = false}. */
  toJsonString(options) {
    const o = jsonStringOptions(options);
    const h = this.#live();
    return withOutput(getModule(), () => decodeText(h.toJson(o.pretty, o.metadata)));
  }

  /**
   * Returns the canonical HEDL text (§13, D15); `true`/`false` (upstream) or {ditto = true}.
   * @throws {HedlError} ConversionError for a string HEDL cannot spell
   */
  toHedl(options) {
    const ditto = dittoOption(options);
    const version = targetVersionOption(options);
    const h = this.#live();
    const M = getModule();
    return withOutput(M, () => {
      const view = h.toHedl(ditto, version);
      if (view === null) throw lastError(M);
      return decodeText(view);
    });
  }

  /** Returns lint findings, most severe first: [{rule, severity, message, suggestion, line, column}]. */
  lint(config) {
    const args = lintArguments(config);
    const h = this.#live();
    return withOutput(getModule(), () => decodeJson(h.lint(...args)));
  }

  /** Returns {Type: rows} over every list, %NEST children included. */
  countEntities() {
    const h = this.#live();
    const pairs = withOutput(getModule(), () => decodeJson(h.countEntities()));
    const out = {};
    for (const [type, n] of pairs) out[type] = n;
    return out;
  }

  /**
   * Returns the rows (child rows too) whose type is `typeName` and whose ID is
   * `id`, either filter left out when undefined: [{type, id, fields}], with
   * fields keyed by the real column names.
   */
  query(typeName, id) {
    const h = this.#live();
    const M = getModule();
    const entities = withOutput(M, () => {
      const header = h.tape();
      if (header[HEADER_MAX_DEPTH] > MAX_RECURSION) {
        throw new HedlError(
          'SecurityError',
          `document nests deeper than ${MAX_RECURSION} levels: query() cannot walk it`,
          0,
          0,
        );
      }
      return collectEntities(header, M.HEAPU8.buffer, this.#text);
    });
    return entities.filter(
      (e) =>
        (typeName === undefined || typeName === null || e.type === typeName) &&
        (id === undefined || id === null || e.id === id),
    );
  }

  /** Returns size and token statistics and rows per type. */
  stats() {
    const h = this.#live();
    return withOutput(getModule(), () => statsFromWasm(decodeJson(h.stats())));
  }

  [disposeSymbol]() {
    this.delete();
  }
}

// Upstream's name for toJSON(), the same function (JS values; one-shot toJson is JSON text).
Object.defineProperty(HedlDocument.prototype, 'toJson', {
  value: HedlDocument.prototype.toJSON,
  writable: true,
  configurable: true,
});
