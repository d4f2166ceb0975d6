// init() with each kind of wasm source, each in a fresh process (init is
// memoised per process): bytes, ArrayBuffer, a compiled WebAssembly.Module,
// a file URL, a path string, a Response, and a failing source that can be
// retried.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { dist } from './helpers.mjs';

const entry = pathToFileURL(path.join(dist, 'index.mjs')).href;
const wasmPath = path.join(dist, 'hedl.wasm');

function runWith(sourceExpr) {
  const script = `
    import * as hedl from ${JSON.stringify(entry)};
    import fs from 'node:fs';
    const bytes = fs.readFileSync(${JSON.stringify(wasmPath)});
    await hedl.init({ wasm: ${sourceExpr} });
    const doc = hedl.parse('%VERSION: 1.0\\n---\\na: 1\\n');
    console.log(JSON.stringify(doc.toJSON()));
    doc.delete();`;
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
}

const sources = {
  'Uint8Array (Buffer)': 'bytes',
  ArrayBuffer: 'bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)',
  'WebAssembly.Module': 'new WebAssembly.Module(bytes)',
  'file URL': `new URL(${JSON.stringify(pathToFileURL(wasmPath).href)})`,
  'path string': JSON.stringify(wasmPath),
  Response: "new Response(bytes, { headers: { 'content-type': 'application/wasm' } })",
  'Promise<Response>': 'Promise.resolve(new Response(bytes))',
};

for (const [name, expr] of Object.entries(sources)) {
  test(`init({ wasm: ${name} })`, () => {
    const r = runWith(expr);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), '{"a":1}');
  });
}

test('a failed init rejects, and init can be retried', () => {
  const script = `
    import * as hedl from ${JSON.stringify(entry)};
    await assert.rejects(hedl.init({ wasm: new Uint8Array([0, 1, 2]) }));
    assert.equal(hedl.isInitialized(), false);
    assert.throws(() => hedl.parse('x'), /init/);
    await assert.rejects(hedl.init({ wasm: 42 }), TypeError);
    await hedl.init();
    assert.equal(hedl.isInitialized(), true);
    console.log('retried');`;
  const r = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', `import assert from 'node:assert/strict';\n${script}`],
    {
      encoding: 'utf8',
    },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'retried');
});
