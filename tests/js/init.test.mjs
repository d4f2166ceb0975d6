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

/** Runs `body` (ESM, with `hedl` and `assert` in scope) in a fresh Node process. */
function runScript(body, file = entry) {
  const script = `import * as hedl from ${JSON.stringify(file)};
    import assert from 'node:assert/strict';
    import fs from 'node:fs';
    ${body}`;
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
}

test('initSync(): no await, from the file beside the package, a Module or bytes; idempotent with init()', () => {
  const cases = {
    'no arguments': `hedl.initSync();`,
    'a WebAssembly.Module': `hedl.initSync({ wasm: new WebAssembly.Module(fs.readFileSync(${JSON.stringify(wasmPath)})) });`,
    bytes: `hedl.initSync({ wasm: fs.readFileSync(${JSON.stringify(wasmPath)}) });`,
  };
  for (const [name, call] of Object.entries(cases)) {
    const r = runScript(`
      assert.equal(hedl.isInitialized(), false);
      ${call}
      assert.equal(hedl.isInitialized(), true);
      const doc = hedl.parse('%VERSION: 1.0\\n---\\na: 1\\n');
      assert.deepEqual(doc.toJSON(), { a: 1 });
      doc.delete();
      hedl.initSync();               // again: nothing happens
      await hedl.init();             // and init() resolves at once
      assert.throws(() => hedl.parse('%VERSION: 1.0\\n---\\nb: [x]\\n'), (e) => e.codeFrame.includes('> 3 |'));
      console.log('ok');`);
    assert.equal(r.status, 0, `${name}: ${r.stderr}`);
    assert.equal(r.stdout.trim(), 'ok', name);
  }
  // init() first, then initSync(): one module.
  let r = runScript(`
    const p = hedl.init();
    hedl.initSync();
    await p;
    assert.equal(hedl.memoryStats().liveDocuments, 0);
    const doc = hedl.parse('%VERSION: 1.0\\n---\\na: 1\\n');
    assert.equal(hedl.memoryStats().liveDocuments, 1);
    doc.delete();
    console.log('ok');`);
  assert.equal(r.status, 0, r.stderr);
  // Bad arguments are TypeErrors; bad bytes throw and leave it unloaded.
  r = runScript(`
    assert.throws(() => hedl.initSync(null), TypeError);
    assert.throws(() => hedl.initSync({ wasm: 'hedl.wasm' }), TypeError);
    assert.throws(() => hedl.initSync({ wasm: new Uint8Array([0, 1, 2]) }), WebAssembly.CompileError);
    assert.equal(hedl.isInitialized(), false);
    hedl.initSync();
    assert.equal(hedl.isInitialized(), true);
    console.log('ok');`);
  assert.equal(r.status, 0, r.stderr);
  // CommonJS: require() and initSync(), no await anywhere.
  const cjs = spawnSync(
    process.execPath,
    [
      '-e',
      `const hedl = require(${JSON.stringify(path.join(dist, 'index.cjs'))});
       hedl.initSync();
       console.log(JSON.stringify(hedl.toObject('%VERSION: 1.0\\n---\\na: 1\\n')));`,
    ],
    { encoding: 'utf8' },
  );
  assert.equal(cjs.status, 0, cjs.stderr);
  assert.equal(cjs.stdout.trim(), '{"a":1}');
});
