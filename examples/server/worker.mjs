// The same service as a Cloudflare Worker / workerd module: POST /convert,
// GET /health (the wasm heap; the isolate's memory is the platform's).
// Bundle it as wrangler does (the `workerd` condition gives the package entry
// that imports hedl.wasm as a module); tests/server/load.mjs does it with
// esbuild and serves it with workerd.
import * as hedl from 'hedl';
import { DEFAULT_LIMITS, convert, errorBody } from './convert.mjs';

const MAX_BODY = DEFAULT_LIMITS.maxFileSize;
const json = (status, body) => new Response(body, { status, headers: { 'content-type': 'application/json' } });

/** The body, or null once it is over `max` bytes (read no further). */
async function readCapped(request, max) {
  if (Number(request.headers.get('content-length') ?? 0) > max) return null;
  const chunks = [];
  let size = 0;
  for await (const c of request.body ?? []) {
    size += c.length;
    if (size > max) return null;
    chunks.push(c);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export default {
  async fetch(request) {
    await hedl.init();
    const url = new URL(request.url);
    if (request.method === 'GET' && url.pathname === '/health') {
      globalThis.gc?.(); // workerd with v8Flags = ["--expose-gc"]: the figures without garbage
      const m = hedl.memoryStats();
      return json(
        200,
        JSON.stringify({ wasmHeapSize: m.heapSize, wasmHeapInUse: m.heapInUse, liveDocuments: m.liveDocuments }),
      );
    }
    if (url.pathname !== '/convert') return json(404, errorBody('NotFound', 'POST HEDL text to /convert'));
    if (request.method !== 'POST') return json(405, errorBody('MethodNotAllowed', 'POST HEDL text to /convert'));
    const bytes = await readCapped(request, MAX_BODY);
    if (bytes === null) return json(413, errorBody('PayloadTooLarge', `the body is over ${MAX_BODY} bytes`));
    const { status, body } = convert(hedl, bytes, DEFAULT_LIMITS);
    return json(status, body);
  },
};
