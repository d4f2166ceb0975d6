#!/usr/bin/env node
// Runtime smoke tests of the packed package: installs the `npm pack`
// tarball into a fresh folder (offline: the package has no dependencies) and
// runs smoke.mjs in Node (ESM and CJS), the CLI, Deno, Bun, headless
// Chromium (a page served over http on 127.0.0.1 with a strict CSP that
// forbids unsafe-eval) and workerd (a worker serving requests on 127.0.0.1).
// Every runtime is real; none is mocked.
//
//   node tests/runtimes/run.mjs path/to/hedl-X.Y.Z.tgz
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runChromium } from './chromium.mjs';
import { runWorkerd } from './workerd.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

const tgz = process.argv[2];
if (!tgz || !fs.existsSync(tgz)) {
  console.error('usage: node tests/runtimes/run.mjs HEDL_TARBALL (make pack writes one)');
  process.exit(2);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hedl-runtimes-'));
fs.writeFileSync(
  path.join(work, 'package.json'),
  JSON.stringify({ name: 'hedl-smoke', private: true, type: 'module' }),
);
execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', path.resolve(tgz)], {
  cwd: work,
  stdio: ['ignore', 'inherit', 'inherit'],
});
fs.copyFileSync(path.join(here, 'smoke.mjs'), path.join(work, 'smoke.mjs'));

/** Runs a command in `work`; resolves with stdout, rejects with everything it printed. */
function run(cmd, args, { env = {}, timeoutMs = 60_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: work, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${cmd} ${args.join(' ')} exited with ${code ?? signal}\n${out}${err}`));
    });
  });
}

const write = (name, text) => fs.writeFileSync(path.join(work, name), text);

// `using` where the runtime has it (Deno, Bun): the document is freed at the block's end.
const USING = `
let kept;
{
  using doc = hedl.parse('%VERSION: 1.0\\n---\\na: 1\\n');
  kept = doc;
  if (doc.toJSON().a !== 1) throw new Error('using: wrong value');
}
if (!kept.isDeleted) throw new Error('using did not dispose the document');
`;

write(
  'node-esm.mjs',
  `import * as hedl from 'hedl';\nimport { smoke } from './smoke.mjs';\nconsole.log(JSON.stringify(await smoke(hedl)));\n`,
);
write(
  'node-cjs.cjs',
  `const hedl = require('hedl');
if (!require.resolve('hedl').endsWith('index.cjs')) throw new Error('require resolved ' + require.resolve('hedl'));
import('./smoke.mjs').then((m) => m.smoke(hedl)).then((r) => console.log(JSON.stringify(r)), (e) => { console.error(e); process.exit(1); });
`,
);
write(
  'deno.mjs',
  `import * as hedl from 'hedl';\nimport { smoke } from './smoke.mjs';\nconst r = await smoke(hedl);\n${USING}\nconsole.log(JSON.stringify({ ...r, using: true }));\n`,
);
write(
  'bun.mjs',
  `import * as hedl from 'hedl';\nimport { smoke } from './smoke.mjs';\nconst r = await smoke(hedl);\n${USING}\nconsole.log(JSON.stringify({ ...r, using: true }));\n`,
);
// initSync() with no arguments: the runtime reads hedl.wasm beside the package synchronously.
const SYNC = `hedl.initSync();
const synced = hedl.parse('%VERSION: 1.0\\n---\\na: 1\\n');
if (synced.toJSON().a !== 1) throw new Error('initSync: wrong value');
synced.delete();
console.log('initSync ok');
`;
write('sync.mjs', `import * as hedl from 'hedl';\n${SYNC}`);
write('sync.cjs', `const hedl = require('hedl');\n${SYNC}`);
write('inline.mjs', `import * as hedl from 'hedl/inline';\n${SYNC}`);
write('inline.cjs', `const hedl = require('hedl/inline');\n${SYNC}`);
write('sample.hedl', '%VERSION: 1.0\n%STRUCT: T: [id, v]\n---\nt: @T\n  | a, 1\n');

const checks = [
  ['node (ESM)', () => run(process.execPath, ['node-esm.mjs'])],
  ['node (CJS)', () => run(process.execPath, ['node-cjs.cjs'])],
  ['node (CJS, initSync)', () => run(process.execPath, ['sync.cjs'])],
  ['node (ESM, initSync)', () => run(process.execPath, ['sync.mjs'])],
  [
    'node (hedl/inline, ESM and CJS)',
    async () => (await run(process.execPath, ['inline.mjs'])) + (await run(process.execPath, ['inline.cjs'])),
  ],
  [
    'cli (node_modules/.bin/hedl)',
    async () => {
      const out = await run(path.join(work, 'node_modules', '.bin', 'hedl'), ['to-json', 'sample.hedl']);
      if (out.trim() !== '{"t":[{"id":"a","v":1}]}') throw new Error(`cli printed ${out}`);
      await run(path.join(work, 'node_modules', '.bin', 'hedl'), ['validate', 'sample.hedl']);
      return out;
    },
  ],
  [
    'deno',
    () =>
      run(bin('deno'), ['run', '--no-remote', '--allow-read', '--allow-env', 'deno.mjs'], {
        env: { DENO_DIR: path.join(work, '.deno'), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
      }),
  ],
  [
    'deno (initSync)',
    () =>
      run(bin('deno'), ['run', '--no-remote', '--allow-read', '--allow-env', 'sync.mjs'], {
        env: { DENO_DIR: path.join(work, '.deno'), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
      }),
  ],
  ['bun', () => run(bin('bun'), ['bun.mjs'], { env: { BUN_INSTALL_CACHE_DIR: path.join(work, '.bun') } })],
  ['bun (initSync)', () => run(bin('bun'), ['sync.mjs'], { env: { BUN_INSTALL_CACHE_DIR: path.join(work, '.bun') } })],
  ['chromium (http, strict CSP)', () => runChromium(work)],
  ['workerd', () => runWorkerd(work, bin('workerd'))],
];

let passed = 0;
let failed = 0;
for (const [name, fn] of checks) {
  const t0 = Date.now();
  try {
    const out = await fn();
    passed++;
    console.log(`ok   ${name} (${Date.now() - t0} ms): ${String(out).trim().split('\n').at(-1)}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name} (${Date.now() - t0} ms): ${e.stack ?? e}`);
  }
}
fs.rmSync(work, { recursive: true, force: true });
console.log(`runtimes: ${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
