// A small HTTP service over the hedl package, for untrusted input: POST HEDL
// to /convert and get its JSON. Every answer is JSON: 200 with the data, or
// a 4xx {error: {kind, line, column, message}}. Bodies over the size cap are
// refused as they arrive (413, the connection closed), and the parser runs
// with explicit limits. GET /health reports the process's and the wasm
// heap's memory (what tests/server/load.mjs watches).
//
//   node examples/server/main.mjs [--port 8080]
//
// createServer(hedl, options) takes the package module (import * as hedl
// from 'hedl') so the same code runs against a checkout's build.
import http from 'node:http';

import { DEFAULT_LIMITS, convert, errorBody } from './convert.mjs';

export { DEFAULT_LIMITS };

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function error(res, status, kind, message) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(errorBody(kind, message));
}

/**
 * Returns an http.Server (not yet listening). `options.maxBodyBytes` caps a
 * request body (default: the maxFileSize limit); `options.limits` are the
 * parser's (default DEFAULT_LIMITS).
 */
export async function createServer(hedl, options = {}) {
  await hedl.init();
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const maxBody = options.maxBodyBytes ?? limits.maxFileSize;
  let served = 0;
  return http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/health') {
      globalThis.gc?.(); // under --expose-gc: the figures without garbage
      const m = hedl.memoryStats();
      send(res, 200, {
        served,
        rss: process.memoryUsage().rss,
        wasmHeapSize: m.heapSize,
        wasmHeapInUse: m.heapInUse,
        liveDocuments: m.liveDocuments,
      });
      return;
    }
    if (req.url !== '/convert') return error(res, 404, 'NotFound', 'POST HEDL text to /convert');
    if (req.method !== 'POST') return error(res, 405, 'MethodNotAllowed', 'POST HEDL text to /convert');
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBody) {
      res.setHeader('connection', 'close');
      error(res, 413, 'PayloadTooLarge', `the body is over ${maxBody} bytes`);
      req.resume();
      return;
    }
    const chunks = [];
    let size = 0;
    let refused = false;
    req.on('data', (c) => {
      if (refused) return;
      size += c.length;
      if (size > maxBody) {
        refused = true;
        res.setHeader('connection', 'close');
        error(res, 413, 'PayloadTooLarge', `the body is over ${maxBody} bytes`);
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (refused) return;
      served++;
      const { status, body } = convert(hedl, Buffer.concat(chunks), limits);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
    req.on('error', () => {});
  });
}
