// The package's size budget: wasm plus the JS a user loads (one of the ESM
// or CJS bundles) is at most 150 KB gzipped.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import zlib from 'node:zlib';
import { dist } from './helpers.mjs';

const gz = (file) => zlib.gzipSync(fs.readFileSync(path.join(dist, file)), { level: 9 }).length;

test('hedl.wasm + index.mjs (or index.cjs) stay within 150 KB gzipped', () => {
  const wasm = gz('hedl.wasm');
  for (const js of ['index.mjs', 'index.cjs']) {
    const total = wasm + gz(js);
    console.log(`size: hedl.wasm ${wasm} B + ${js} ${gz(js)} B = ${total} B gzipped`);
    assert.ok(total <= 150 * 1024, `${total} bytes gzipped is over the 150 KB budget`);
  }
});

test('the package ships no eval or new Function', () => {
  for (const js of ['index.mjs', 'index.cjs', 'cli.mjs']) {
    const code = fs.readFileSync(path.join(dist, js), 'utf8');
    assert.doesNotMatch(code, /\bnew Function\s*\(|\beval\s*\(/, js);
  }
});
