// One-shot helpers: text in, result out, nothing left allocated in wasm
// (every document they parse is deleted before they return or throw).
//
// Names: each returns what the HedlDocument method of the same name returns
// (toJsonString: JSON text, toHedl: canonical HEDL text, stats, lint). The
// one exception: JS values come from toObject(text), not toJSON(text), since
// JSON.stringify would call a toJSON export of the module itself. Upstream's names stay as aliases, the same functions:
// toJson = toJsonString (text, pretty by default), format = toHedl,
// getStats = stats.
import { HedlError } from './hedl-error.js';
import { dittoOption, fromJsonOptions, oneShotJsonStringOptions, validateOptions } from './options.js';
import { parse } from './parse.js';
import { getModule } from './wasm-loader.js';
import { decodeJson, decodeText, lastError, withInput, withOutput } from './wasm-io.js';

function withDocument(text, options, fn) {
  const doc = parse(text, options);
  try {
    return fn(doc);
  } finally {
    doc.delete();
  }
}

/** HEDL text to plain JS values (doc.toJSON()); options {metadata = false}. */
export function toObject(text, options) {
  return withDocument(text, undefined, (doc) => doc.toJSON(options));
}

/**
 * HEDL text to JSON text, pretty by default: {pretty = true, metadata = false},
 * or upstream's `pretty` flag (any non-object, read as a boolean, as toJson always did).
 */
export function toJsonString(text, options) {
  const o = oneShotJsonStringOptions(options);
  return withDocument(text, undefined, (doc) => doc.toJsonString(o));
}

/** HEDL text to its canonical form (C++ canonicalize); `true`/`false` (upstream) or {ditto = true}. */
export function toHedl(text, options) {
  const ditto = dittoOption(options);
  const version = options !== null && typeof options === 'object' ? options.version : undefined;
  return withDocument(text, undefined, (doc) => doc.toHedl({ ditto, version }));
}

/** Lints HEDL text (parsed with strict references). @throws {HedlError} when it does not parse */
export function lint(text, config) {
  return withDocument(text, undefined, (doc) => doc.lint(config));
}

/** Statistics of HEDL text (doc.stats()). @throws {HedlError} when it does not parse */
export function stats(text) {
  return withDocument(text, undefined, (doc) => doc.stats());
}

/**
 * Validates HEDL text: {valid, errors: [{kind, type, line, column, message, codeFrame}],
 * warnings: [{rule, severity, message, suggestion, line, column}]}. Never
 * throws for bad input. Options: `true`/`false` (upstream runLint) or {lint = true, strict = true, limits}.
 */
export function validate(text, options) {
  const M = getModule();
  const o = validateOptions(M, options);
  let result;
  try {
    result = withInput(M, text, (ptr, len) =>
      withOutput(M, () => decodeJson(M.validate(ptr, len, o.strict, o.lint, o.limits))),
    );
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
  const M = getModule();
  const o = fromJsonOptions(M, options);
  const text = typeof json === 'string' ? json : JSON.stringify(json);
  if (typeof text !== 'string')
    throw new TypeError('hedl.fromJson: json must be JSON text or a JSON-serialisable value');
  return withInput(M, text, (ptr, len) =>
    withOutput(M, () => {
      const view = M.fromJson(ptr, len, o.ditto, o.strict, o.expressions, o.limits, o.v1);
      if (view === null) throw lastError(M);
      return decodeText(view);
    }),
  );
}

// Upstream's names, kept as aliases (the same functions).
export { toJsonString as toJson, toHedl as format, stats as getStats };
