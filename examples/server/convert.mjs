// The service's one operation, shared by the Node server (server.mjs) and
// the workerd worker (worker.mjs): HEDL bytes in, {status, body} out, where
// body is JSON text: the document's JSON (200) or
// {"error": {kind, line, column, message}} (400 bad input, 413 over a limit).

export const DEFAULT_LIMITS = {
  maxFileSize: 1 << 20,
  maxLineLength: 64 * 1024,
  maxIndentDepth: 32,
  maxNodes: 200_000,
  maxAliases: 100,
  maxColumns: 100,
  maxNestDepth: 16,
  maxBlockStringSize: 256 * 1024,
  maxObjectKeys: 1000,
  maxTotalKeys: 200_000,
};

export function errorBody(kind, message, line = 0, column = 0) {
  return JSON.stringify({ error: { kind, line, column, message } });
}

/** Converts `bytes` (a Uint8Array of HEDL) with `limits`; never throws for bad input. */
export function convert(hedl, bytes, limits) {
  let doc;
  try {
    doc = hedl.parse(bytes, { strict: true, limits });
    return { status: 200, body: doc.toJsonString(false) };
  } catch (e) {
    if (!(e instanceof hedl.HedlError))
      return { status: 500, body: errorBody('InternalError', String(e?.message ?? e)) };
    return { status: e.kind === 'SecurityError' ? 413 : 400, body: errorBody(e.kind, e.reason, e.line, e.column) };
  } finally {
    doc?.delete();
  }
}
