// HedlError: every failure the hedl API reports. `kind` is one of the error
// kinds of docs/format.md ("SyntaxError", ..., "ConversionError", "OutOfMemory") or
// "UseAfterDelete" for a document used after delete().

import { ERROR_CODES } from './abi.js';

export class HedlError extends Error {
  /**
   * @param {string} kind error kind, e.g. "SyntaxError"
   * @param {string} message what went wrong, without the kind and line
   * @param {number} [line] 1-based line, 0 when unknown
   * @param {number} [column] 1-based column, 0 when unknown
   */
  constructor(kind, message, line = 0, column = 0) {
    super(`${kind} at line ${line}: ${message}`);
    this.name = 'HedlError';
    this.kind = kind;
    this.line = line;
    this.column = column;
    /** The kind's code: the C API's HEDL_ERR_KIND_* of the same kind (core/abi/abi.json). */
    this.code = ERROR_CODES[kind] ?? 0;
    /** The message without the "{Kind} at line {line}: " prefix. */
    this.reason = message;
  }

  /** Returns a plain object {kind, line, column, message} (what JSON output shows). */
  toJSON() {
    return { kind: this.kind, line: this.line, column: this.column, message: this.reason };
  }
}
