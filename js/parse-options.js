// Parse options from JS ({strict, limits}) to what wasm takes.

export const LIMIT_NAMES = [
  'maxFileSize',
  'maxLineLength',
  'maxIndentDepth',
  'maxNodes',
  'maxAliases',
  'maxColumns',
  'maxNestDepth',
  'maxBlockStringSize',
  'maxObjectKeys',
  'maxTotalKeys',
];

let defaults = null;

/** Returns the core's default limits (docs/format.md) as a plain object. */
export function defaultLimits(M) {
  if (defaults === null) defaults = Object.freeze({ ...M.defaultLimits() });
  return { ...defaults };
}

/**
 * Returns {strict, limits} with every limit filled in.
 * @throws {TypeError} for an unknown limit name or a value that is not a non-negative number
 */
export function normalizeParseOptions(M, options) {
  if (options === undefined || options === null) return { strict: true, limits: defaultLimits(M) };
  if (typeof options !== 'object') throw new TypeError('hedl.parse: options must be an object');
  const strict = options.strict === undefined ? true : Boolean(options.strict);
  const limits = defaultLimits(M);
  if (options.limits !== undefined && options.limits !== null) {
    if (typeof options.limits !== 'object') throw new TypeError('hedl.parse: options.limits must be an object');
    for (const [name, value] of Object.entries(options.limits)) {
      if (!LIMIT_NAMES.includes(name)) {
        throw new TypeError(`hedl.parse: unknown limit "${name}" (known: ${LIMIT_NAMES.join(', ')})`);
      }
      if (value === undefined) continue;
      if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
        throw new TypeError(`hedl.parse: limit ${name} must be a non-negative number`);
      }
      limits[name] = value;
    }
  }
  return { strict, limits };
}
