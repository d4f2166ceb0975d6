// HedlError: every failure the hedl API reports. `kind` is one of the error
// kinds of DECISIONS.md ("SyntaxError", ..., "ConversionError") or
// "UseAfterDelete" for a document used after delete().

/** Numeric codes, stable across releases (upstream's C API order, then ours). */
const CODES = {
  SyntaxError: 1,
  VersionError: 2,
  SchemaError: 3,
  AliasError: 4,
  ShapeError: 5,
  SemanticError: 6,
  OrphanRowError: 7,
  CollisionError: 8,
  ReferenceError: 9,
  SecurityError: 10,
  ConversionError: 11,
  UseAfterDelete: 100,
};

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
    this.code = CODES[kind] ?? 0;
    /** The message without the "{Kind} at line {line}: " prefix. */
    this.reason = message;
  }

  /** Returns a plain object {kind, line, column, message} (what JSON output shows). */
  toJSON() {
    return { kind: this.kind, line: this.line, column: this.column, message: this.reason };
  }
}
