// Every option the JS API takes, normalised in one place: parse options
// ({strict, limits}), toJsonString's {pretty, metadata}, toHedl's {ditto},
// lint configs, validate's and fromJson's options. Each throws a TypeError
// naming the option for a value of the wrong type.
import { LIMIT_NAMES } from './abi.js';

export { LIMIT_NAMES };

const SEVERITIES = ['hint', 'warning', 'error'];

let defaults = null;

/** Returns the core's default limits (docs/format.md) as a plain object. */
export function defaultLimits(M) {
  if (defaults === null) defaults = Object.freeze({ ...M.defaultLimits() });
  return { ...defaults };
}

/** Returns the limits filled in from the defaults and `given` ({maxFileSize, ...}). */
function limitsFrom(M, given, where) {
  const limits = defaultLimits(M);
  if (given === undefined || given === null) return limits;
  if (typeof given !== 'object') throw new TypeError(`${where}: options.limits must be an object`);
  for (const [name, value] of Object.entries(given)) {
    if (!LIMIT_NAMES.includes(name)) {
      throw new TypeError(`${where}: unknown limit "${name}" (known: ${LIMIT_NAMES.join(', ')})`);
    }
    if (value === undefined) continue;
    if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
      throw new TypeError(`${where}: limit ${name} must be a non-negative number`);
    }
    limits[name] = value;
  }
  return limits;
}

/**
 * Returns {strict, limits} with every limit filled in.
 * @throws {TypeError} for an unknown limit name or a value that is not a non-negative number
 */
export function normalizeParseOptions(M, options) {
  if (options === undefined || options === null) return { strict: true, limits: defaultLimits(M) };
  if (typeof options !== 'object') throw new TypeError('hedl.parse: options must be an object');
  const strict = options.strict === undefined ? true : Boolean(options.strict);
  return { strict, limits: limitsFrom(M, options.limits, 'hedl.parse') };
}

/** toJsonString: `true`/`false` (upstream's pretty flag) or {pretty = true, metadata = false}. */
export function jsonStringOptions(options) {
  if (typeof options === 'boolean') return { pretty: options, metadata: false };
  if (options === undefined || options === null) return { pretty: true, metadata: false };
  if (typeof options !== 'object') throw new TypeError('hedl: toJsonString options must be a boolean or an object');
  return { pretty: options.pretty === undefined ? true : Boolean(options.pretty), metadata: options.metadata === true };
}

/**
 * One-shot toJsonString (alias toJson): an object is toJsonString's options;
 * anything else is upstream's `pretty` argument, read as a flag (undefined
 * means true), as toJson(text, pretty = true) always did: `null` and `0` mean
 * compact, and nothing throws.
 */
export function oneShotJsonStringOptions(options) {
  if (options !== null && typeof options === 'object') return jsonStringOptions(options);
  return { pretty: options === undefined ? true : Boolean(options), metadata: false };
}

/** toJSON: {metadata = false}; anything else (JSON.stringify passes a key string) means no metadata. */
export function toJsonMetadata(options) {
  return options !== null && typeof options === 'object' && options.metadata === true;
}

/** toHedl: the `ditto` flag from `true`/`false` (upstream) or {ditto = true}. */
export function dittoOption(options) {
  if (typeof options === 'boolean') return options;
  if (options === undefined || options === null) return true;
  if (typeof options !== 'object') throw new TypeError('hedl: options must be a boolean or {ditto, version}');
  return options.ditto === undefined ? true : Boolean(options.ditto);
}

/** The `version` of toHedl options as wasm's code: 0 keep, 10 for '1.0', 20 for '2.0'. */
export function targetVersionOption(options) {
  if (options === undefined || options === null || typeof options !== 'object' || options.version === undefined)
    return 0;
  const v = String(options.version);
  if (v === '1.0' || v === '1') return 10;
  if (v === '2.0' || v === '2') return 20;
  throw new TypeError(`hedl: toHedl version must be '1.0' or '2.0', got ${JSON.stringify(options.version)}`);
}

/** Returns the lint arguments of wasm from a JS LintConfig. */
export function lintArguments(config) {
  if (config === undefined || config === null) return ['', false, 0, 0];
  if (typeof config !== 'object') throw new TypeError('hedl: lint config must be an object');
  const disabled = config.disabledRules ?? [];
  if (!Array.isArray(disabled) || disabled.some((r) => typeof r !== 'string')) {
    throw new TypeError('hedl: lint config disabledRules must be an array of rule names');
  }
  const min = SEVERITIES.indexOf(config.minSeverity ?? 'hint');
  if (min < 0) throw new TypeError('hedl: lint config minSeverity must be "hint", "warning" or "error"');
  const max = config.maxDiagnostics ?? 0;
  if (typeof max !== 'number' || !(max >= 0)) throw new TypeError('hedl: lint config maxDiagnostics must be >= 0');
  return [disabled.join('\n'), config.warningsAsErrors === true, min, Math.min(Math.floor(max), 0xffffffff)];
}

/** validate: `true`/`false` (upstream's runLint) or {lint = true, strict = true}, and the default limits. */
export function validateOptions(M, options) {
  let lint = true;
  let strict = true;
  let limits = defaultLimits(M);
  if (typeof options === 'boolean') lint = options;
  else if (options !== undefined && options !== null) {
    if (typeof options !== 'object') throw new TypeError('hedl.validate: options must be a boolean or an object');
    if (options.lint !== undefined) lint = Boolean(options.lint);
    if (options.strict !== undefined) strict = Boolean(options.strict);
    limits = limitsFrom(M, options.limits, 'hedl.validate');
  }
  return { lint, strict, limits };
}

/** fromJson: `true`/`false` (upstream's useDitto) or {ditto = true, strict = true, expressions = false, limits}. */
export function fromJsonOptions(M, options) {
  const o = { ditto: true, strict: true, expressions: false, limits: defaultLimits(M), v1: false };
  if (typeof options === 'boolean') o.ditto = options;
  else if (options !== undefined && options !== null) {
    if (typeof options !== 'object') throw new TypeError('hedl.fromJson: options must be a boolean or an object');
    if (options.ditto !== undefined) o.ditto = Boolean(options.ditto);
    if (options.strict !== undefined) o.strict = Boolean(options.strict);
    if (options.expressions !== undefined) o.expressions = Boolean(options.expressions);
    if (options.version !== undefined) {
      const v = String(options.version);
      if (v !== '1.0' && v !== '2.0')
        throw new TypeError(`hedl.fromJson: version must be '1.0' or '2.0', got ${JSON.stringify(options.version)}`);
      o.v1 = v === '1.0';
    }
    o.limits = limitsFrom(M, options.limits, 'hedl.fromJson');
  }
  return o;
}
