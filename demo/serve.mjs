#!/usr/bin/env node
// A small static server for the demo: demo/ at /, the built package
// (npm/dist) at /pkg/. No dependencies. Binds to 127.0.0.1 only, sends a
// strict Content-Security-Policy with every response, and refuses any path
// that would leave the folder it maps to.
//
//   node demo/serve.mjs [PORT]        (or PORT=8080 node demo/serve.mjs)
//
// When the port is taken it tries the next ones. It prints the URL once it
// listens. A copy of npm/dist placed in demo/pkg/ is served in its place, so
// that demo/ alone can be published on any static host.
import { createServer } from 'node:http';
import { open, realpath, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const HOST = '127.0.0.1';
const DEMO_ROOT = fileURLToPath(new URL('.', import.meta.url));
const REPO_ROOT = resolve(DEMO_ROOT, '..');
const PKG_ROOT = existsSync(join(DEMO_ROOT, 'pkg')) ? join(DEMO_ROOT, 'pkg') : join(REPO_ROOT, 'npm', 'dist');
const PORT_ATTEMPTS = 20;

// 'wasm-unsafe-eval' is what Chromium (and Firefox, Safari) require before
// WebAssembly.compile/instantiate may run under a script-src policy; it allows
// no JavaScript eval. Everything else is same-origin only, and no inline
// script or style is allowed anywhere.
export const CSP = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.hedl': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/**
 * Maps a request path to a file under one of the two roots. Returns null for
 * anything that is not a plain path inside its root (encoded dots or
 * slashes, NUL, backslashes, "..").
 */
export function resolveRequestPath(urlPath, demoRoot = DEMO_ROOT, pkgRoot = PKG_ROOT) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').slice(1);
  if (segments.some((s) => s === '..' || s === '.')) return null;
  let root = demoRoot;
  let rest = segments;
  if (segments[0] === 'pkg') {
    root = pkgRoot;
    rest = segments.slice(1);
  }
  if (rest.length === 0 || rest[rest.length - 1] === '') rest = [...rest.filter((s) => s !== ''), 'index.html'];
  const file = resolve(root, ...rest.filter((s) => s !== ''));
  if (file !== root && !file.startsWith(root.endsWith(sep) ? root : root + sep)) return null;
  return { root, file };
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

async function handle(req, res) {
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cache-Control', 'no-cache');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, 405, 'method not allowed\n', { Allow: 'GET, HEAD' });
    return;
  }
  const path = (req.url ?? '/').split('?')[0].split('#')[0];
  const target = resolveRequestPath(path);
  if (target === null) {
    send(res, 400, 'bad path\n');
    return;
  }
  let file = target.file;
  let fh;
  try {
    // A symlink inside the root must not lead outside it either.
    const real = await realpath(file);
    const realRoot = await realpath(target.root);
    if (real !== realRoot && !real.startsWith(realRoot + sep)) {
      send(res, 403, 'forbidden\n');
      return;
    }
    let info = await stat(real);
    if (info.isDirectory()) {
      file = join(real, 'index.html');
      info = await stat(file);
    } else {
      file = real;
    }
    if (!info.isFile()) throw Object.assign(new Error('not a file'), { code: 'ENOENT' });
    fh = await open(file, 'r');
    const type = MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
    res.writeHead(200, { 'Content-Type': type, 'Content-Length': info.size });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = fh.createReadStream();
    fh = null; // the stream closes it
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  } catch (e) {
    if (e && (e.code === 'ENOENT' || e.code === 'ENOTDIR')) {
      const hint = target.root === PKG_ROOT ? ' (build the package first: the demo loads it from /pkg/)' : '';
      send(res, 404, `not found${hint}\n`);
    } else {
      send(res, 500, 'internal error\n');
    }
  } finally {
    if (fh) await fh.close();
  }
}

/**
 * Starts the server on `port`, or on the next free port after it. Resolves
 * to {server, port, url}.
 */
export function startServer(port = 8080, attempts = PORT_ATTEMPTS) {
  return new Promise((resolvePromise, reject) => {
    let tries = 0;
    const tryPort = (p) => {
      const server = createServer((req, res) => {
        handle(req, res).catch(() => res.destroy());
      });
      server.once('error', (e) => {
        if (e.code === 'EADDRINUSE' && ++tries < attempts && p !== 0) tryPort(p + 1);
        else reject(e);
      });
      server.listen(p, HOST, () => {
        const actual = server.address().port;
        resolvePromise({ server, port: actual, url: `http://${HOST}:${actual}/` });
      });
    };
    tryPort(port);
  });
}

function portFromArgs() {
  const raw = process.argv[2] ?? process.env.PORT ?? '8080';
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve: bad port "${raw}" (expected 0-65535)`);
    process.exit(2);
  }
  return port;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { url } = await startServer(portFromArgs());
  if (!existsSync(PKG_ROOT)) console.warn(`serve: ${PKG_ROOT} does not exist yet; build the package (make build)`);
  console.log(`HEDL demo: ${url}`);
  console.log('(Ctrl-C to stop)');
}
