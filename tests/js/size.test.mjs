// The package's size budget: wasm plus the JS a user loads (one of the ESM
// or CJS bundles) is at most 150 KB gzipped.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import zlib from 'node:zlib';
import { dist } from './helpers.mjs';

const gz = (file) => zlib.gzipSync(fs.readFileSync(path.join(dist, file)), { level: 9 }).length;

test('hedl.wasm + the JS of each entry (Node ESM and CJS, browser, workerd, edge) stay within 150 KB gzipped', () => {
  const wasm = gz('hedl.wasm');
  for (const js of ['index.mjs', 'index.cjs', 'browser.mjs', 'workerd.mjs', 'edge.mjs']) {
    const total = wasm + gz(js);
    console.log(`size: hedl.wasm ${wasm} B + ${js} ${gz(js)} B = ${total} B gzipped`);
    assert.ok(total <= 150 * 1024, `${total} bytes gzipped is over the 150 KB budget`);
  }
});

test('hedl/inline (the wasm embedded) is one file of its own size', () => {
  // No budget: it is the wasm as base64 plus the same JS. Printed for the record.
  for (const js of ['inline.mjs', 'inline.cjs']) {
    const raw = fs.statSync(path.join(dist, js)).size;
    console.log(`size: ${js} ${raw} B raw, ${gz(js)} B gzipped`);
    assert.ok(raw > fs.statSync(path.join(dist, 'hedl.wasm')).size);
  }
});

test('the package ships no eval or new Function', () => {
  for (const js of ['index.mjs', 'index.cjs', 'browser.mjs', 'inline.mjs', 'inline.cjs', 'workerd.mjs', 'cli.mjs']) {
    const code = fs.readFileSync(path.join(dist, js), 'utf8');
    assert.doesNotMatch(code, /\bnew Function\s*\(|\beval\s*\(/, js);
  }
});
