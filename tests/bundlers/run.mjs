#!/usr/bin/env node
// Builds a tiny app (app/: the README's three lines) that imports the packed
// hedl tarball with each bundler's default production build and no
// configuration about hedl, then runs each build in headless Chromium over
// http on 127.0.0.1 (strict CSP, as tests/runtimes/ does). The bundlers and
// their exact versions are in package.json here; they are installed once
// into build/bundlers/ and the builds run one after another.
//
//   node tests/bundlers/run.mjs TARBALL
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../chromium-options.mjs';
import { serve } from '../runtimes/static-server.mjs';
import { workerdConfig } from '../runtimes/workerd.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const tarball = path.resolve(process.argv[2] ?? '');
if (!process.argv[2] || !fs.existsSync(tarball)) {
  console.error('usage: node tests/bundlers/run.mjs TARBALL (make pack prints its path)');
  process.exit(2);
}
const work = path.join(root, 'build', 'bundlers');
fs.mkdirSync(work, { recursive: true });

// One install for every bundler and the package.
const pkg = JSON.parse(fs.readFileSync(path.join(here, 'package.json'), 'utf8'));
const copy = path.join(work, 'hedl.tgz');
fs.copyFileSync(tarball, copy);
pkg.dependencies = { hedl: 'file:./hedl.tgz' };
fs.writeFileSync(path.join(work, 'package.json'), JSON.stringify(pkg, null, 2));
// The lock would pin the previous tarball's contents: always take this one.
fs.rmSync(path.join(work, 'node_modules', 'hedl'), { recursive: true, force: true });
fs.rmSync(path.join(work, 'package-lock.json'), { force: true });
const t0 = Date.now();
execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: work, stdio: 'inherit' });
console.log(`bundlers: installed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

const bin = (name) => path.join(work, 'node_modules', '.bin', name);
const PAGE = (script, module = true) =>
  `<!doctype html><meta charset="utf-8"><title>hedl</title><pre id="out">running</pre>` +
  `<script ${module ? 'type="module" ' : ''}src="${script}"></script>\n`;

// Each bundler: how to build app/ into <dir>/dist, and the page that loads the build.
const BUNDLERS = {
  esbuild: {
    build: (dir) => [bin('esbuild'), ['src/main.js', '--bundle', '--format=esm', '--minify', '--outdir=dist']],
    page: PAGE('/main.js'),
  },
  rollup: {
    build: () => [bin('rollup'), ['-c', '--silent']],
    page: PAGE('/main.js'),
  },
  webpack: {
    build: () => [bin('webpack'), ['--mode', 'production', '--entry', './src/main.js', '--output-path', 'dist']],
    page: PAGE('/main.js', false),
  },
  vite: {
    build: () => [bin('vite'), ['build', '--logLevel', 'warn']],
    page: null, // vite writes dist/index.html from app/index.html
  },
  // hedl/browser: the entry that fetches hedl.wasm, which vite emits as an asset.
  'vite (hedl/browser)': {
    import: 'hedl/browser',
    build: () => [bin('vite'), ['build', '--logLevel', 'warn']],
    page: null,
    version: pkg.devDependencies.vite,
  },
  // The app's work in a module Web Worker (worker-app/), built by vite.
  'vite-worker': {
    app: 'worker-app',
    build: () => [bin('vite'), ['build', '--logLevel', 'warn']],
    page: null,
    version: pkg.devDependencies.vite,
  },
  // A Cloudflare-style worker: esbuild with the workerd condition and wasm
  // files copied as modules (what wrangler does), run by workerd itself.
  // (With esbuild's defaults the worker gets the embedded copy, and workerd,
  // like Cloudflare, refuses to compile wasm from bytes at run time.)
  'esbuild-workerd': {
    workerd: ['--conditions=workerd,worker', '--loader:.wasm=copy'],
    version: pkg.devDependencies.esbuild,
  },
  // Parcel inlines a script in its HTML: that page runs without the CSP.
  parcel: {
    build: () => [bin('parcel'), ['build', 'index.html', '--no-cache', '--dist-dir', 'dist', '--no-source-maps']],
    page: null,
    csp: false,
  },
  // Next.js (next-app/: a client component), with webpack and with Turbopack, served by `next start`.
  'next (webpack)': {
    app: 'next-app',
    build: () => [bin('next'), ['build', '--webpack']],
    serve: (port) => [bin('next'), ['start', '-p', String(port), '-H', '127.0.0.1']],
    edgeRoute: true,
    version: pkg.devDependencies.next,
  },
  'next (Turbopack)': {
    app: 'next-app',
    build: () => [bin('next'), ['build']],
    serve: (port) => [bin('next'), ['start', '-p', String(port), '-H', '127.0.0.1']],
    edgeRoute: true,
    version: pkg.devDependencies.next,
  },
  // Dev servers: the page is served by the bundler itself (its pre-bundled copy of hedl).
  'vite-dev': {
    serve: (port) => [bin('vite'), ['--host', '127.0.0.1', '--port', String(port), '--strictPort']],
    version: pkg.devDependencies.vite,
  },
  'vite7-dev': {
    serve: (port) => [
      process.execPath,
      [
        path.join(work, 'node_modules', 'vite7', 'bin', 'vite.js'),
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
        '--strictPort',
      ],
    ],
    version: pkg.devDependencies.vite7,
  },
};

const ENV = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', NEXT_TELEMETRY_DISABLED: '1' };
const WANT = 'ok {"users":[{"id":"u1","name":"Ann"},{"id":"u2","name":"Bo"}]}';
// The edge route (next-app/app/api/hedl): a valid body, then an invalid one.
const EDGE_BODY = '%V:2.0\n%NULL:~\n%QUOTE:"\n%S:User:[id,name]\n---\nusers:@User\n |u1,Ann\n';
const EDGE_BAD = '%V:2.0\n%NULL:~\n%QUOTE:"\n%S:User:[id\n---\n';
const EDGE_WANT = '{"users":[{"id":"u1","name":"Ann"}]} 400 {"kind":"SyntaxError","line":4}';
const only = process.env.BUNDLERS ? process.env.BUNDLERS.split(',') : Object.keys(BUNDLERS);
const results = [];
let failed = 0;
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'hedl-bundlers-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM_PATH,
  headless: true,
  args: CHROMIUM_FLAGS,
});
try {
  for (const name of only) {
    const b = BUNDLERS[name];
    const dir = path.join(work, `app-${name.replace(/[^A-Za-z0-9-]+/g, '_')}`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.cpSync(path.join(here, b.app ?? 'app'), dir, { recursive: true });
    if (b.import) {
      const main = path.join(dir, 'src', 'main.js');
      fs.writeFileSync(main, fs.readFileSync(main, 'utf8').replace("from 'hedl'", `from '${b.import}'`));
    }
    const started = Date.now();
    if (b.workerd) {
      try {
        const text = await runWorkerdBuild(dir, b.workerd);
        if (text !== WANT) throw new Error(`the worker says: ${text}`);
        results.push({ bundler: name, version: b.version, workerd: true });
        console.log(`ok   ${name} ${b.version} (${Date.now() - started} ms): the worker answered`);
      } catch (e) {
        failed++;
        console.log(`FAIL ${name} (${Date.now() - started} ms): ${(e.stderr || '') + (e.stack ?? e)}`);
      }
      continue;
    }
    if (b.serve) {
      try {
        if (b.build) {
          const [cmd, args] = b.build(dir);
          execFileSync(cmd, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', env: ENV });
        }
        const { text, loaded, edge } = await runServer(dir, b.serve, b.edgeRoute);
        if (text !== WANT) throw new Error(`the page says: ${text}`);
        if (b.edgeRoute && edge !== EDGE_WANT) throw new Error(`the edge route says: ${edge}`);
        results.push({
          bundler: name,
          version: b.version,
          server: true,
          loadedJsBytes: loaded.js,
          loadedWasmBytes: loaded.wasm,
        });
        console.log(
          `ok   ${name} ${b.version} (${Date.now() - started} ms): served by the tool; wasm ${loaded.wasm ? 'file' : 'embedded'}; ` +
            (b.edgeRoute ? 'the edge route answered; ' : '') +
            `the page loaded ${loaded.js} B of JS and ${loaded.wasm} B of wasm`,
        );
      } catch (e) {
        failed++;
        console.log(`FAIL ${name} (${Date.now() - started} ms): ${(e.stderr || '') + (e.stack ?? e)}`);
      }
      continue;
    }
    try {
      const [cmd, args] = b.build(dir);
      execFileSync(cmd, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', env: ENV });
      const dist = path.join(dir, 'dist');
      if (b.page !== null) fs.writeFileSync(path.join(dist, 'index.html'), b.page);
      fs.writeFileSync(path.join(dist, 'favicon.ico'), '');
      const files = fs.readdirSync(dist, { recursive: true }).filter((f) => fs.statSync(path.join(dist, f)).isFile());
      const js = files.filter((f) => /\.m?js$/.test(f));
      const jsBytes = js.reduce((n, f) => n + fs.statSync(path.join(dist, f)).size, 0);
      const wasmFile = files.find((f) => f.endsWith('.wasm')) ?? null;
      for (const f of js)
        if (fs.readFileSync(path.join(dist, f), 'utf8').includes('node:fs'))
          throw new Error(`${f} imports node:fs: the browser build got the Node entry`);
      const { text, loaded } = await runPage(dist, null, b.csp ?? true);
      if (text !== WANT) throw new Error(`the page says: ${text}`);
      const r = {
        bundler: name,
        version: b.version ?? pkg.devDependencies[name],
        outputJsBytes: jsBytes,
        loadedJsBytes: loaded.js,
        loadedWasmBytes: loaded.wasm,
        wasm: loaded.wasm ? 'file' : 'embedded',
      };
      results.push(r);
      console.log(
        `ok   ${name} ${r.version} (${Date.now() - started} ms): wasm ${r.wasm}${wasmFile ? ` (${wasmFile})` : ''}; ` +
          `the page loaded ${loaded.js} B of JS and ${loaded.wasm} B of wasm (the build has ${jsBytes} B of JS)`,
      );
    } catch (e) {
      failed++;
      console.log(`FAIL ${name} (${Date.now() - started} ms): ${(e.stderr || '') + (e.stack ?? e)}`);
    }
  }
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
fs.writeFileSync(path.join(work, 'results.json'), JSON.stringify(results, null, 2) + '\n');
console.log(`bundlers: ${results.length} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

/** Bundles app/worker.js for workerd with esbuild, serves it with workerd, and returns its answer. */
async function runWorkerdBuild(dir, flags) {
  execFileSync(bin('esbuild'), ['worker.js', '--bundle', '--format=esm', ...flags, '--outdir=dist'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  const dist = path.join(dir, 'dist');
  const wasm = fs.readdirSync(dist).find((f) => f.endsWith('.wasm'));
  if (!wasm && flags.length) throw new Error('esbuild did not copy hedl.wasm');
  const port = await freePort();
  fs.writeFileSync(
    path.join(dist, 'config.capnp'),
    workerdConfig(port, [['worker.js', 'esModule', 'worker.js'], ...(wasm ? [[wasm, 'wasm', wasm]] : [])]),
  );
  const workerd = path.join(root, 'node_modules', '.bin', 'workerd');
  const child = spawn(workerd, ['serve', 'config.capnp'], { cwd: dist, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  try {
    for (let i = 0; i < 100; i++) {
      if (child.exitCode !== null) throw new Error(`workerd exited with ${child.exitCode}\n${log}`);
      try {
        const r = await fetch(`http://127.0.0.1:${port}/`);
        return await r.text();
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error(`workerd never answered\n${log}`);
  } finally {
    child.kill();
  }
}

/**
 * Starts a tool's server (serve(port) gives [cmd, args]) in `dir`, loads its
 * page, POSTs to the edge route when `edgeRoute`, and stops it.
 */
async function runServer(dir, serveCmd, edgeRoute = false) {
  const port = await freePort();
  const [cmd, args] = serveCmd(port);
  const child = spawn(cmd, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: ENV });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${log}`);
      if (i > 300) throw new Error(`the server did not answer:\n${log}`);
      try {
        await fetch(url);
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const page = await runPage(null, url);
    if (edgeRoute) {
      const post = async (body) => {
        const r = await fetch(`${url}/api/hedl`, { method: 'POST', body });
        return `${r.status === 200 ? '' : r.status + ' '}${await r.text()}`;
      };
      page.edge = `${await post(EDGE_BODY)} ${await post(EDGE_BAD)}`;
      if (!page.edge.startsWith('{')) page.edge += `\n${log}`;
    }
    return page;
  } finally {
    child.kill();
  }
}

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
}

/** Serves `dist` (or uses the server at `at`) and loads it in Chromium; returns the page's #out text and the bytes it loaded. */
async function runPage(dist, at = null, csp = true) {
  const { server, url } = at === null ? await serve(dist, { csp }) : { server: null, url: at };
  const page = await context.newPage();
  const problems = [];
  const loaded = { js: 0, wasm: 0 };
  page.on('response', async (res) => {
    if (res.status() !== 200) return;
    const kind = /\.m?js$/.test(new URL(res.url()).pathname) ? 'js' : res.url().endsWith('.wasm') ? 'wasm' : null;
    if (kind) loaded[kind] += (await res.body().catch(() => Buffer.alloc(0))).length;
  });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  try {
    await page.goto(`${url}/${at === null ? 'index.html' : ''}`);
    await page.waitForFunction(() => document.getElementById('out').textContent !== 'running', null, {
      timeout: 30_000,
    });
    const text = await page.textContent('#out');
    // A 404 for hedl.wasm before the embedded copy takes over is expected of bundlers that do not emit it.
    const unexpected = problems.filter((p) => !/404|Not Found/.test(p));
    if (unexpected.length) throw new Error(`${text}\n${unexpected.join('\n')}`);
    await page.waitForLoadState('networkidle');
    return { text, loaded };
  } catch (e) {
    throw new Error(`${e.message}\n${problems.join('\n')}`);
  } finally {
    await page.close();
    if (server) server.close();
  }
}
