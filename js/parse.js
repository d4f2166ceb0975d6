// parse(): HEDL text (a string or UTF-8 bytes) to a HedlDocument.
import { HedlDocument } from './hedl-document.js';
import { normalizeParseOptions } from './options.js';
import { getModule } from './wasm-loader.js';
import { lastError, withInput } from './wasm-io.js';

/**
 * Parses HEDL. Options: {strict = true, limits: {maxFileSize, ...}}.
 * @returns {HedlDocument} free it with delete() or [Symbol.dispose]()
 * @throws {HedlError} for any parse error (kind, line, column)
 */
export function parse(input, options) {
  const M = getModule();
  const { strict, limits } = normalizeParseOptions(M, options);
  return withInput(
    M,
    input,
    (ptr, len, block) => {
      // The document adopts the input block (wasm frees it, even on failure).
      const handle = M.parse(ptr, len, block, strict, limits);
      if (handle === null) throw lastError(M, input);
      // The input string doubles as the string table of toJSON() (the tape
      // says when it cannot: a U+FFFD in the bytes may stand for a lone
      // surrogate that encodeInto replaced).
      return HedlDocument.fromHandle(handle, typeof input === 'string' ? input : null);
    },
    true,
  );
}
