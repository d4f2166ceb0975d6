// HedlError: every failure the hedl API reports. `kind` is one of the error
// kinds of docs/format.md ("SyntaxError", ..., "ConversionError", "OutOfMemory") or
// "UseAfterDelete" for a document used after delete().

import { ERROR_CODES } from './abi.js';

/** Formats a code frame of an excerpt (wasm's hedl::code_frame); set by wasm-io.js. */
let formatFrame = null;

/** @param {(text: string, line: number, column: number, firstLine: number) => string} fn */
export function setCodeFrameFormatter(fn) {
  formatFrame = fn;
}

const lineDecoder = new TextDecoder('utf-8');

/**
 * The lines `line - 1` to `line + 1` of `source` (a string or UTF-8 bytes) as
 * {text, firstLine}, or null when the source has no line `line`.
 */
function excerpt(source, line) {
  const bytes = typeof source !== 'string';
  const nl = bytes ? 10 : '\n';
  const firstLine = Math.max(1, line - 1);
  let start = 0;
  for (let l = 1; l < firstLine; l++) {
    const i = source.indexOf(nl, start);
    if (i < 0) return null;
    start = i + 1;
  }
  let end = start;
  for (let l = firstLine; l <= line + 1; l++) {
    const i = source.indexOf(nl, end);
    if (i < 0) {
      end = source.length;
      break;
    }
    end = i + 1;
  }
  const text = bytes ? lineDecoder.decode(source.subarray(start, end)) : source.slice(start, end);
  return { text, firstLine };
}

export class HedlError extends Error {
  #excerpt = null;
  #frame;

  /**
   * @param {string} kind error kind, e.g. "SyntaxError"
   * @param {string} message what went wrong, without the kind and line
   * @param {number} [line] 1-based line, 0 when unknown
   * @param {number} [column] 1-based column, 0 when unknown
   * @param {string | Uint8Array} [source] the text that failed (for codeFrame)
   * @param {string} [codeFrame] the code frame, when already made
   */
  constructor(kind, message, line = 0, column = 0, source = undefined, codeFrame = undefined) {
    super(`${kind} at line ${line}: ${message}`);
    this.name = 'HedlError';
    this.kind = kind;
    this.line = line;
    this.column = column;
    /** The kind's code: the C API's HEDL_ERR_KIND_* of the same kind (core/abi/abi.json). */
    this.code = ERROR_CODES[kind] ?? 0;
    /** The message without the "{Kind} at line {line}: " prefix. */
    this.reason = message;
    if (codeFrame !== undefined && codeFrame !== '') this.#frame = codeFrame;
    else if (source !== undefined && source !== null && line > 0) this.#excerpt = excerpt(source, line);
  }

  /**
   * The place of the error as plain text: the line with one line of context on
   * each side, numbered, the line marked with '>' and a caret under the
   * column; '' when the place is unknown. The same text as the C API's
   * hedl_error_code_frame.
   */
  get codeFrame() {
    if (this.#frame === undefined) {
      const ex = this.#excerpt;
      this.#frame =
        ex === null || formatFrame === null ? '' : formatFrame(ex.text, this.line, this.column, ex.firstLine);
      this.#excerpt = null;
    }
    return this.#frame;
  }

  /** "HedlError: {Kind} at line {line}: {message}", then the code frame when there is one. */
  toString() {
    const frame = this.codeFrame;
    return frame === '' ? `${this.name}: ${this.message}` : `${this.name}: ${this.message}\n${frame.slice(0, -1)}`;
  }

  /** Returns a plain object {kind, line, column, message, codeFrame} (what JSON output shows). */
  toJSON() {
    return { kind: this.kind, line: this.line, column: this.column, message: this.reason, codeFrame: this.codeFrame };
  }
}
