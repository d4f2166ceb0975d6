// Lifetime and memory: delete(), Symbol.dispose, use after delete, the
// FinalizationRegistry backstop (forced GC), and a flat wasm heap over long
// parse/delete loops.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import v8 from 'node:v8';
import vm from 'node:vm';
import { loadHedl } from './helpers.mjs';

const hedl = await loadHedl();

// Run under `node --expose-gc`; otherwise enable it here.
let gc = globalThis.gc;
if (typeof gc !== 'function') {
  v8.setFlagsFromString('--expose-gc');
  gc = vm.runInNewContext('gc');
}

const TEXT = '%VERSION: 1.0\n%STRUCT: U: [id, name]\n---\nusers: @U\n  | a, Alice\n  | b, Bob\nx: [1, 2, 3]\n';

test('use after delete throws UseAfterDelete; delete twice is a no-op', () => {
  const doc = hedl.parse(TEXT);
  assert.equal(doc.isDeleted, false);
  doc.delete();
  assert.equal(doc.isDeleted, true);
  doc.delete();
  for (const use of [
    () => doc.toJSON(),
    () => doc.toJsonString(),
    () => doc.toHedl(),
    () => doc.version,
    () => doc.schemaCount,
    () => doc.getSchemaNames(),
    () => doc.lint(),
    () => doc.query(),
    () => doc.countEntities(),
    () => doc.stats(),
  ]) {
    assert.throws(
      use,
      (e) => e instanceof hedl.HedlError && e.kind === 'UseAfterDelete' && /UseAfterDelete at line 0: /.test(e.message),
    );
  }
});

test('Symbol.dispose frees the document', () => {
  const doc = hedl.parse(TEXT);
  assert.equal(typeof doc[Symbol.dispose], 'function');
  const live = hedl.memoryStats().liveDocuments;
  doc[Symbol.dispose]();
  assert.equal(doc.isDeleted, true);
  assert.equal(hedl.memoryStats().liveDocuments, live - 1);
  doc[Symbol.dispose]();
});

test('100k parse/delete cycles leave the wasm heap flat', () => {
  // Warm up, then measure: bytes in use must return to the same figure and
  // wasm memory must not grow.
  for (let i = 0; i < 1000; i++) hedl.parse(TEXT).delete();
  const before = hedl.memoryStats();
  for (let i = 0; i < 100_000; i++) {
    const doc = hedl.parse(TEXT);
    if (i % 1000 === 0) doc.toJSON();
    doc.delete();
  }
  const after = hedl.memoryStats();
  assert.equal(after.heapInUse, before.heapInUse, `heap in use went from ${before.heapInUse} to ${after.heapInUse}`);
  assert.equal(after.heapSize, before.heapSize);
  assert.equal(after.liveDocuments, before.liveDocuments);
});

test('one-shot helpers leave nothing allocated, also when they fail', () => {
  for (let i = 0; i < 100; i++) hedl.toJson(TEXT);
  const before = hedl.memoryStats().heapInUse;
  for (let i = 0; i < 2000; i++) {
    hedl.toJson(TEXT);
    hedl.format(TEXT);
    hedl.validate(TEXT);
    hedl.lint(TEXT);
    hedl.getStats(TEXT);
    hedl.compareTokens(TEXT, '{"a":1}');
    hedl.fromJson('{"users":[{"id":"a","n":1}]}');
    assert.throws(() => hedl.fromJson('{"tags":[["x"]]}'), hedl.HedlError);
    assert.throws(() => hedl.toJson('%VERSION: 1.0\n---\na: [x]\n'), hedl.HedlError);
    hedl.validate('%VERSION: 1.0\n---\na: [x]\n');
  }
  assert.equal(hedl.memoryStats().heapInUse, before);
});

test('parse frees its input block on every path (ASCII, non-ASCII, bytes, errors, limits)', () => {
  const latin = '%VERSION: 1.0\n---\nname: Amélie Łukasz Ørsted\n';
  const cjk = '%VERSION: 1.0\n---\nname: ' + '漢字かな'.repeat(500) + '\n';
  const bytes = new TextEncoder().encode(cjk);
  const bad = '%VERSION: 1.0\n---\nname: 漢字\na: [x]\n';
  const run = () => {
    for (const input of [TEXT, latin, cjk, bytes]) {
      const doc = hedl.parse(input);
      assert.equal(typeof doc.toJSON().name === 'string' || input === TEXT, true);
      doc.delete();
    }
    assert.throws(
      () => hedl.parse(bad),
      (e) => e instanceof hedl.HedlError && e.line === 4,
    );
    assert.throws(() => hedl.parse(new TextEncoder().encode(bad)), hedl.HedlError);
    assert.throws(
      () => hedl.parse(cjk, { limits: { maxFileSize: 100 } }),
      (e) => e instanceof hedl.HedlError && e.kind === 'SecurityError',
    );
  };
  for (let i = 0; i < 50; i++) run();
  const before = hedl.memoryStats().heapInUse;
  for (let i = 0; i < 2000; i++) run();
  assert.equal(hedl.memoryStats().heapInUse, before);
  const doc = hedl.parse(cjk);
  assert.deepEqual(doc.toJSON(), { name: '漢字かな'.repeat(500) });
  doc.delete();
});

async function collect() {
  // Finalizers run after a GC, on a later turn of the event loop.
  for (let i = 0; i < 10; i++) {
    gc();
    await sleep(10);
  }
}

test('documents dropped without delete() are freed by GC and counted; onLeak reports them', async () => {
  const reports = [];
  await hedl.init({ onLeak: (info) => reports.push(info) });
  await collect();
  const leakedBefore = hedl.leakedDocuments();
  const inUseBefore = hedl.memoryStats().heapInUse;
  (() => {
    for (let i = 0; i < 50; i++) hedl.parse(TEXT);
  })();
  assert.ok(hedl.memoryStats().heapInUse > inUseBefore);
  await collect();
  assert.equal(hedl.leakedDocuments() - leakedBefore, 50);
  assert.equal(hedl.memoryStats().heapInUse, inUseBefore);
  assert.equal(reports.length, 50);
  assert.equal(reports.at(-1).leakedDocuments, hedl.leakedDocuments());
  assert.ok(reports[0].memoryUsage > 0);
  await hedl.init({ onLeak: null });
});

test('deleted documents are not counted as leaks', async () => {
  await collect();
  const leakedBefore = hedl.leakedDocuments();
  (() => {
    for (let i = 0; i < 20; i++) hedl.parse(TEXT).delete();
  })();
  await collect();
  assert.equal(hedl.leakedDocuments(), leakedBefore);
});

test('toJSON() and query() keep nothing of the caller: the values they returned and the input text are collected', async () => {
  // The decoder keeps a blank row per shape and a cleared decoder object
  // between calls (for the JIT): neither may hold on to the caller's data.
  const collected = new Set();
  const registry = new FinalizationRegistry((name) => collected.add(name));
  const rows = 200_000;
  const heapBefore = (await collect(), process.memoryUsage().heapUsed);
  (() => {
    // A fresh input of about 20 MB of UTF-16 (non-ASCII, so slices of it are two-byte strings).
    const lines = [];
    for (let i = 0; i < rows; i++) lines.push(`  | r${i}, Zoë ${i} ${Math.random()}, ${i}, ${i % 2 === 0}, 2.5`);
    const text = `%VERSION: 1.0\n%STRUCT: T: [id, name, n, even, x]\n---\nrows: @T\n${lines.join('\n')}\nref: @T:r1\n`;
    const doc = hedl.parse(text);
    const value = doc.toJSON();
    const found = doc.query('T', 'r7');
    doc.delete();
    assert.equal(value.rows.length, rows);
    assert.equal(found[0].fields.n, 7);
    registry.register(value, 'value');
    registry.register(value.rows[0], 'first row');
    registry.register(value.ref, 'reference');
    registry.register(found[0], 'entity');
  })();
  await collect();
  assert.deepEqual([...collected].sort(), ['entity', 'first row', 'reference', 'value']);
  // The input text (tens of MB) is gone too: rows' strings were slices of it.
  const grown = process.memoryUsage().heapUsed - heapBefore;
  assert.ok(grown < 5e6, `heap grew by ${grown} bytes after the results were dropped`);
});
