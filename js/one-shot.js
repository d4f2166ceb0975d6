// One-shot helpers: text in, result out, nothing left allocated in wasm
// (every document they parse is deleted before they return or throw).
import { HedlError } from './hedl-error.js';
import { dittoOption } from './hedl-document.js';
import { parse } from './parse.js';
import { normalizeParseOptions } from './parse-options.js';
import { getModule } from './wasm-loader.js';
import { decodeJson, decodeText, lastError, withInput } from './wasm-io.js';

function withDocument(text, options, fn) {
  const doc = parse(text, options);
  try {
    return fn(doc);
  } finally {
    doc.delete();
  }
}

/** HEDL text to JSON text (pretty by default, as upstream). */
export function toJson(text, pretty = true) {
  return withDocument(text, undefined, (doc) => doc.toJsonString({ pretty: Boolean(pretty) }));
}

/** HEDL text to its canonical form; `true`/`false` (upstream) or {ditto = true}. */
export function format(text, options) {
  const ditto = dittoOption(options);
  return withDocument(text, undefined, (doc) => doc.toHedl({ ditto }));
}

/** Lints HEDL text (parsed with strict references). @throws {HedlError} when it does not parse */
export function lint(text, config) {
  return withDocument(text, undefined, (doc) => doc.lint(config));
}

/** Statistics of HEDL text. @throws {HedlError} when it does not parse */
export function getStats(text) {
  return withDocument(text, undefined, (doc) => doc.stats());
}

/**
 * Validates HEDL text: {valid, errors: [{kind, type, line, column, message}],
 * warnings: [{rule, severity, message, suggestion, line, column}]}. Never
 * throws for bad input. Options: `true`/`false` (upstream runLint) or {lint = true, strict = true}.
 */
export function validate(text, options) {
  let runLint = true;
  let strict = true;
  if (typeof options === 'boolean') runLint = options;
  else if (options !== undefined && options !== null) {
    if (typeof options !== 'object') throw new TypeError('hedl.validate: options must be a boolean or an object');
    if (options.lint !== undefined) runLint = Boolean(options.lint);
    if (options.strict !== undefined) strict = Boolean(options.strict);
  }
  const M = getModule();
  const { limits } = normalizeParseOptions(M, undefined);
  let result;
  try {
    result = withInput(M, text, (ptr, len) => {
      try {
        return decodeJson(M.validate(ptr, len, strict, runLint, limits));
      } finally {
        M.releaseOutput();
      }
    });
  } catch (e) {
    if (!(e instanceof HedlError)) throw e;
    result = { valid: false, errors: [e.toJSON()], warnings: [] };
  }
  for (const e of result.errors) e.type = e.kind;
  return result;
}

function lineCount(text) {
  if (text.length === 0) return 0;
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') ? n : n + 1;
}

function measure(M, text) {
  return withInput(M, text, (ptr, len) => ({ bytes: len, tokens: M.estimateTokens(ptr, len) }));
}

/**
 * Compares the estimated tokens of HEDL text and JSON text (the estimate of
 * stats.hpp): {hedl: {bytes, tokens, lines}, json: {bytes, tokens}, savings: {percent, tokens}}.
 */
export function compareTokens(hedl, json) {
  if (typeof hedl !== 'string' || typeof json !== 'string')
    throw new TypeError('hedl.compareTokens: both arguments must be strings');
  const M = getModule();
  const h = measure(M, hedl);
  const j = measure(M, json);
  const percent = j.tokens === 0 ? 0 : (1 - h.tokens / j.tokens) * 100;
  return {
    hedl: { bytes: h.bytes, tokens: h.tokens, lines: lineCount(hedl) },
    json: { bytes: j.bytes, tokens: j.tokens },
    savings: { percent, tokens: j.tokens - h.tokens },
  };
}

/**
 * JSON to HEDL text (D24). `json` is JSON text, or a JS value
 * that is serialised with JSON.stringify first. Options: `true`/`false`
 * (upstream's useDitto) or {ditto = true, strict = true, expressions = false, limits}.
 * @throws {HedlError} ConversionError (naming the JSON path) or SecurityError
 */
export function fromJson(json, options) {
  let ditto = true;
  let strict = true;
  let expressions = false;
  let limitOptions;
  if (typeof options === 'boolean') ditto = options;
  else if (options !== undefined && options !== null) {
    if (typeof options !== 'object') throw new TypeError('hedl.fromJson: options must be a boolean or an object');
    if (options.ditto !== undefined) ditto = Boolean(options.ditto);
    if (options.strict !== undefined) strict = Boolean(options.strict);
    if (options.expressions !== undefined) expressions = Boolean(options.expressions);
    limitOptions = { limits: options.limits };
  }
  const text = typeof json === 'string' ? json : JSON.stringify(json);
  if (typeof text !== 'string')
    throw new TypeError('hedl.fromJson: json must be JSON text or a JSON-serialisable value');
  const M = getModule();
  const { limits } = normalizeParseOptions(M, limitOptions);
  return withInput(M, text, (ptr, len) => {
    try {
      const view = M.fromJson(ptr, len, ditto, strict, expressions, limits);
      if (view === null) throw lastError(M);
      return decodeText(view);
    } finally {
      M.releaseOutput();
    }
  });
}
