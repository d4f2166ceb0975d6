// Types of the `hedl` package, written by hand to match js/ exactly
// (tests/js/types/usage.ts checks them with tsc).

/** A JSON value as toJSON() returns it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Where hedl.wasm comes from (see init()). */
export type WasmSource =
  WebAssembly.Module | ArrayBuffer | ArrayBufferView | Response | PromiseLike<Response> | URL | string;

export interface LeakInfo {
  /** Documents freed by garbage collection so far (leakedDocuments()). */
  leakedDocuments: number;
  /** wasm bytes the leaked document held. */
  memoryUsage: number;
}

export interface InitSyncOptions {
  /** The wasm module, or its bytes. */
  wasm?: WebAssembly.Module | ArrayBuffer | ArrayBufferView;
  /** As in InitOptions. */
  onLeak?: ((info: LeakInfo) => void) | null;
}

export interface InitOptions {
  /**
   * The wasm module or where to get it. Not needed in Node, Deno, Bun or
   * browsers (hedl.wasm is found next to the package's module); workers that
   * cannot fetch (workerd) pass a precompiled WebAssembly.Module.
   */
  wasm?: WasmSource;
  /** Told about every document that was garbage collected without delete(); null clears it. */
  onLeak?: ((info: LeakInfo) => void) | null;
}

/** Loads the wasm module. Memoised: every call returns the same promise. */
export function init(options?: InitOptions): Promise<void>;
/**
 * Loads the wasm module synchronously (no `await`): `wasm` is a WebAssembly.Module or the
 * module's bytes; without it, in Node, Bun and Deno, hedl.wasm is read from beside the package.
 * Idempotent, and with init(): whichever finishes first loads the module.
 */
export function initSync(options?: InitSyncOptions): void;
export default init;

/** True once init() has finished. */
export function isInitialized(): boolean;

/** The package version, e.g. "0.1.0". */
export function version(): string;

// Limits and MemoryStats below are plain field lists: alike in shape, not one thing.

/** The ten resource limits of docs/format.md (core/abi/abi.json); exceeding one is a SecurityError. */
export interface Limits {
  maxFileSize: number;
  maxLineLength: number;
  maxIndentDepth: number;
  maxNodes: number;
  maxAliases: number;
  maxColumns: number;
  maxNestDepth: number;
  maxBlockStringSize: number;
  maxObjectKeys: number;
  maxTotalKeys: number;
}

export interface ParseOptions {
  /** Unresolved or ambiguous references are errors (default true). */
  strict?: boolean;
  /** Limits to change; the others keep their defaults. */
  limits?: Partial<Limits>;
}

/** The default limits. */
export function defaultLimits(): Limits;

/**
 * Parses HEDL (a string, or UTF-8 bytes). Free the result with delete(),
 * [Symbol.dispose]() or `using`.
 * @throws {HedlError} when the text is not valid HEDL
 */
export function parse(input: string | Uint8Array, options?: ParseOptions): HedlDocument;

export type ErrorKind =
  | 'SyntaxError'
  | 'VersionError'
  | 'SchemaError'
  | 'AliasError'
  | 'ShapeError'
  | 'SemanticError'
  | 'OrphanRowError'
  | 'CollisionError'
  | 'ReferenceError'
  | 'SecurityError'
  | 'ConversionError'
  | 'OutOfMemory'
  | 'UseAfterDelete';

/** Every error hedl reports. message is "{Kind} at line {line}: {reason}". */
export class HedlError extends Error {
  /** `source`: the text that failed (for codeFrame); `codeFrame`: the frame, when already made. */
  constructor(
    kind: ErrorKind,
    message: string,
    line?: number,
    column?: number,
    source?: string | Uint8Array,
    codeFrame?: string,
  );
  readonly name: 'HedlError';
  readonly kind: ErrorKind;
  /** 1-based line, 0 when unknown. */
  readonly line: number;
  /** 1-based column, 0 when unknown. */
  readonly column: number;
  /** A stable number per kind. */
  /** The kind's code: the C API's HEDL_ERR_KIND_* of the same kind (UseAfterDelete: 100). */
  readonly code: number;
  /** The message without the "{Kind} at line {line}: " prefix. */
  readonly reason: string;
  /**
   * The place as plain text: the line with one line of context on each side,
   * numbered, the line marked with '>' and a caret under the column; '' when
   * unknown. The same text as the C API's hedl_error_code_frame.
   */
  readonly codeFrame: string;
  /** "HedlError: {Kind} at line {line}: {message}", then the code frame. */
  toString(): string;
  toJSON(): ValidationError;
}

export type Severity = 'hint' | 'warning' | 'error';

export interface Diagnostic {
  rule: string;
  severity: Severity;
  message: string;
  /** What to do about it; may be empty. */
  suggestion: string;
  line: number;
  column: number;
}

export interface LintConfig {
  /** Rules not to run (unknown names are ignored). */
  disabledRules?: string[];
  /** Report warnings as errors. */
  warningsAsErrors?: boolean;
  /** Drop findings below this severity. */
  minSeverity?: Severity;
  /** Keep at most this many findings; 0 keeps all. */
  maxDiagnostics?: number;
}

export interface ToJsonOptions {
  /** Add __type__ to rows and wrap lists as {__type__, __schema__, items}. */
  metadata?: boolean;
}

export interface ToJsonStringOptions extends ToJsonOptions {
  /** Two-space indentation (default true). */
  pretty?: boolean;
}

export interface DittoOptions {
  /** Write `^` for a cell equal to the one above (default true; never in the 2.0 form, which has no ditto). */
  ditto?: boolean;
  /**
   * The version to write: the document's own by default; '2.0' converts a 1.0 document
   * (ditto expanded, count hints dropped); '1.0' converts back and throws a ConversionError
   * naming the line where 1.0 cannot hold the data (a list, several child types, %PROMPT...).
   */
  version?: '1.0' | '2.0';
}

export interface EntityResult {
  type: string;
  id: JsonValue;
  /** Every column of the row by its name (child rows are entities of their own). */
  fields: JsonObject;
}

export interface Stats {
  hedlBytes: number;
  hedlLines: number;
  hedlTokens: number;
  jsonBytes: number;
  jsonTokens: number;
  /** 1 - hedlTokens / jsonTokens. */
  tokenSavings: number;
  /** tokenSavings as a percentage (upstream's name). */
  savingsPercent: number;
  /** jsonTokens - hedlTokens (upstream's name). */
  tokensSaved: number;
  schemas: number;
  aliases: number;
  nests: number;
  rootItems: number;
  /** Rows per type, %NEST children included. */
  entities: Record<string, number>;
}

/** A `%C` directive: `%C:Type.total=N`, or `%C:Type.field:value=N,...`. */
export type CountDirective =
  { type: string; total: number } | { type: string; field: string; counts: Record<string, number> };

/** A parsed document in wasm memory. */
export class HedlDocument {
  private constructor();
  /** The %VERSION, e.g. "1.0". */
  readonly version: string;
  readonly schemaCount: number;
  readonly aliasCount: number;
  readonly nestCount: number;
  readonly rootItemCount: number;
  /** Bytes of wasm memory the document holds. */
  readonly memoryUsage: number;
  /** True after delete(). */
  readonly isDeleted: boolean;

  getSchemaNames(): string[];
  getSchema(typeName: string): string[] | undefined;
  getAliases(): Record<string, string>;
  /** {parent: child}; a 2.0 parent with several child types shows its first (see getNestList). */
  getNests(): Record<string, string>;
  /** Every %NEST rule, in declaration order. */
  getNestList(): Array<{ parent: string; child: string }>;
  /** The %PROMPT texts (HEDL 2.0), in document order. */
  getPrompts(): string[];
  /** The %C count directives (HEDL 2.0), in document order. */
  getCounts(): CountDirective[];
  /** The %X- extension directives (HEDL 2.0): name without '%', payload as written. */
  getExtensions(): Array<{ name: string; payload: string }>;
  /** 'lenient' when the document declares `%MODE: lenient` (HEDL 2.0), else 'strict'. */
  readonly mode: 'strict' | 'lenient';

  /** The document as plain JS values; also used by JSON.stringify(doc). */
  toJSON(options?: ToJsonOptions | string): JsonObject;
  /** Alias of toJSON() (upstream's name), the same function: JS values, unlike one-shot toJson(), which is text. */
  toJson(options?: ToJsonOptions): JsonObject;
  /** JSON text; pretty unless told otherwise. */
  toJsonString(options?: boolean | ToJsonStringOptions): string;
  /** The canonical HEDL text (C++ hedl::canonicalize, C hedl_canonicalize). */
  toHedl(options?: boolean | DittoOptions): string;
  lint(config?: LintConfig): Diagnostic[];
  countEntities(): Record<string, number>;
  query(typeName?: string | null, id?: string | null): EntityResult[];
  stats(): Stats;

  /** Frees the wasm memory; a second call does nothing. */
  delete(): void;
  [Symbol.dispose](): void;
}

// One-shot helpers: each returns what the HedlDocument method of the same
// name returns, and frees everything before it returns or throws. Upstream's
// names are aliases (the same functions): toJson = toJsonString,
// format = toHedl, getStats = stats. toHedl is C++ hedl::canonicalize and C
// hedl_canonicalize.

/**
 * HEDL text to plain JS values (doc.toJSON()). Not named toJSON: JSON.stringify
 * would call that on the module namespace. @throws {HedlError}
 */
export function toObject(text: string | Uint8Array, options?: ToJsonOptions): JsonObject;
/**
 * HEDL text to JSON text, pretty by default (doc.toJsonString()). A boolean is
 * upstream's pretty flag. @throws {HedlError}
 */
export function toJsonString(text: string | Uint8Array, options?: boolean | ToJsonStringOptions): string;
/** Alias of toJsonString (upstream's name), the same function: JSON *text*, unlike doc.toJson(). */
export const toJson: typeof toJsonString;
export interface FromJsonOptions {
  /** Write `^` for a cell equal to the one above (default true; 1.0 only: 2.0 has no ditto). */
  ditto?: boolean;
  /**
   * The HEDL version written: '2.0' (default, the current version), where arrays of values that
   * are not tensors become list literals `(a, b)`, or '1.0', where they are a ConversionError.
   */
  version?: '1.0' | '2.0';
  /** Every {"@ref"} must name an existing record (default true). */
  strict?: boolean;
  /** Read strings that are one whole `$(...)` as expressions (default false). */
  expressions?: boolean;
  /** Limits for the conversion and the parse; the others keep their defaults. */
  limits?: Partial<Limits>;
}

/**
 * JSON to HEDL text: `json` is JSON text, or a value serialised with
 * JSON.stringify. `true`/`false` is upstream's useDitto.
 * @throws {HedlError} ConversionError naming the JSON path, or SecurityError
 */
export function fromJson(json: string | JsonObject, options?: boolean | FromJsonOptions): string;
/** A replacer, as JSON.stringify's second argument: a function or a property list. */
export type Replacer = ((this: any, key: string, value: any) => any) | Array<string | number>;
export interface StringifyOptions extends FromJsonOptions {
  replacer?: Replacer | null;
}
/**
 * JS values to HEDL text: the text fromJson(JSON.stringify(value, replacer)) gives, without
 * the JSON text (the values go to wasm as a tape). Errors name the path (no line or column).
 * @throws {TypeError} for a value with no JSON form, a BigInt or a cycle (as JSON.stringify)
 * @throws {HedlError} ConversionError naming the path, or SecurityError
 */
export function stringify(value: unknown, options?: Replacer | StringifyOptions): string;
/** HEDL text to canonical HEDL (doc.toHedl()). @throws {HedlError} */
/** One chunk of a stream: UTF-8 bytes (split anywhere) or text. */
export type StreamChunk = Uint8Array | ArrayBuffer | string;
/**
 * What the streaming functions read: a web ReadableStream, a Response or
 * Blob, a Node Readable or any (async) iterable of chunks, or the whole input.
 */
export type StreamSource =
  | ReadableStream<StreamChunk>
  | Response
  | Blob
  | AsyncIterable<StreamChunk>
  | Iterable<StreamChunk>
  | string
  | Uint8Array;

export interface StreamOptions extends ParseOptions {
  /** Bytes of HEDL the core parses at a time (default 256 KiB): the wasm memory bound for small rows. */
  pieceBytes?: number;
}

/** The events of parseStream(); `line` is 1-based, `depth` the nesting of objects (0: the root's keys). */
export type StreamEvent =
  | {
      type: 'header';
      line: number;
      version: string;
      schemas: { [type: string]: string[] };
      aliases: { [key: string]: string };
      nests: { parent: string; child: string }[];
      prompts: string[];
      mode: 'strict' | 'lenient';
    }
  | { type: 'objectStart' | 'objectEnd'; line: number; key: string; depth: number }
  | { type: 'scalar'; line: number; key: string; depth: number; value: JsonValue }
  | { type: 'listStart'; line: number; key: string; depth: number; typeName: string; columns: string[] }
  | {
      type: 'row';
      line: number;
      /** The key of the list the row is in. */
      key: string;
      typeName: string;
      id: string;
      /** 0 for a list's own rows, +1 per %NEST level. */
      depth: number;
      parent: { type: string; id: string } | null;
      /** The row as toJSON() gives it, its %NEST children included. */
      value: JsonObject;
    }
  | { type: 'listEnd'; line: number; key: string; depth: number; typeName: string; count: number }
  | { type: 'end'; line: number };

/**
 * Parses HEDL of any size from a stream, pulling chunks as the events are
 * consumed; wasm memory stays bounded by the pieces parsed at a time.
 * @throws {HedlError} (from the iterator) at the first error, with its kind and line
 */
export function parseStream(source: StreamSource, options?: StreamOptions): AsyncIterableIterator<StreamEvent>;
export interface RecordsOptions extends StreamOptions {
  /** Only rows of this type, at any depth (%NEST children too). */
  type?: string;
}
/** The rows of a HEDL stream as the objects toJSON() gives: every list's rows, or those of one type. */
export function records(
  source: StreamSource,
  type?: string | RecordsOptions,
  options?: StreamOptions,
): AsyncIterableIterator<JsonObject>;
export interface JsonStreamOptions extends RecordsOptions {
  /** JSON Lines: the rows, one object per line, instead of the document. */
  jsonl?: boolean;
}
/** The JSON of a HEDL stream, as text chunks written while it parses (toJsonString({pretty: false})'s text). */
export function toJsonStream(source: StreamSource, options?: JsonStreamOptions): AsyncIterableIterator<string>;
export function toHedl(text: string | Uint8Array, options?: boolean | DittoOptions): string;
/** Alias of toHedl (upstream's name), the same function. */
export const format: typeof toHedl;
/** Lint findings of HEDL text. @throws {HedlError} when it does not parse */
export function lint(text: string | Uint8Array, config?: LintConfig): Diagnostic[];
/** Statistics of HEDL text (doc.stats()). @throws {HedlError} when it does not parse */
export function stats(text: string | Uint8Array): Stats;
/** Alias of stats (upstream's name), the same function. */
export const getStats: typeof stats;

export interface ValidationError {
  kind: ErrorKind;
  line: number;
  column: number;
  message: string;
  /** The place as plain text (HedlError.codeFrame); '' when unknown. */
  codeFrame: string;
}

export interface ValidationResult {
  /** No error and no lint finding of severity error. */
  valid: boolean;
  /** The parse error, if any; `type` repeats `kind` (upstream's name). */
  errors: Array<ValidationError & { type: ErrorKind }>;
  warnings: Diagnostic[];
}

export interface ValidateOptions {
  /** Run lint too (default true). */
  lint?: boolean;
  /** Strict references (default true). */
  strict?: boolean;
  /** Limits for the parse; the others keep their defaults (a limit exceeded is an error in the result). */
  limits?: Partial<Limits>;
}

/** Parses and lints; never throws for bad input. `true`/`false` is upstream's runLint. */
export function validate(text: string | Uint8Array, options?: boolean | ValidateOptions): ValidationResult;

export interface TokenComparison {
  hedl: { bytes: number; tokens: number; lines: number };
  json: { bytes: number; tokens: number };
  savings: { percent: number; tokens: number };
}

/** Estimated tokens of HEDL text against JSON text. */
export function compareTokens(hedl: string, json: string): TokenComparison;

/** Largest input in bytes any call accepts (default 500 MiB). */
export function setMaxInputSize(size: number): void;
export function getMaxInputSize(): number;

/** Documents freed by garbage collection instead of delete(). */
export function leakedDocuments(): number;

export interface MemoryStats {
  /** Size of wasm memory in bytes (it grows, never shrinks). */
  heapSize: number;
  /** Bytes malloc has handed out and not taken back. */
  heapInUse: number;
  liveDocuments: number;
  leakedDocuments: number;
}

export function memoryStats(): MemoryStats;
