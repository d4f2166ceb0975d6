// parseStream(), records() and toJsonStream() through the package as it
// ships: for every conformance case of both versions and the generated
// benchmark datasets, fed in chunks of 1 byte, of primes and whole, the
// stream gives exactly what the whole-document parse gives (the JSON text,
// the rows, the verdict with its kind and line); every kind of source works;
// the source is pulled only as the consumer asks; nothing stays allocated.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { casesDir, casesDir2, findCases, loadHedl, root } from './helpers.mjs';

const hedl = await loadHedl();

/** `bytes` in chunks of `size` bytes (0: whole). */
function* chunked(bytes, size) {
  if (size === 0) {
    yield bytes;
    return;
  }
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function collect(iterable) {
  const out = [];
  for await (const x of iterable) out.push(x);
  return out;
}

/** What the whole-document parse says: {json, rows} or {error: {kind, line}}. */
function whole(bytes, strict) {
  let doc;
  try {
    doc = hedl.parse(bytes, { strict });
  } catch (e) {
    return { error: { kind: e.kind, line: e.line } };
  }
  try {
    const rows = [];
    const walk = (o) => {
      for (const v of Object.values(o)) {
        if (
          Array.isArray(v) &&
          v.length &&
          v.every((r) => r !== null && typeof r === 'object' && !Array.isArray(r) && !('@ref' in r))
        )
          rows.push(...v);
        else if (v !== null && typeof v === 'object' && !Array.isArray(v) && !('@ref' in v)) walk(v);
      }
    };
    const json = doc.toJsonString({ pretty: false });
    walk(JSON.parse(json));
    return { json, rows };
  } finally {
    doc.delete();
  }
}

/** What a stream says: the same shape as whole(). */
async function streamed(bytes, strict, size, mode) {
  try {
    if (mode === 'json') return { json: (await collect(hedl.toJsonStream(chunked(bytes, size), { strict }))).join('') };
    return { rows: await collect(hedl.records(chunked(bytes, size), { strict })) };
  } catch (e) {
    assert.ok(e instanceof hedl.HedlError, `not a HedlError: ${e}`);
    return { error: { kind: e.kind, line: e.line } };
  }
}

async function checkDocument(name, bytes, strict, sizes) {
  const want = whole(bytes, strict);
  for (const size of sizes) {
    const json = await streamed(bytes, strict, size, 'json');
    if (want.error) {
      assert.deepEqual(json.error, want.error, `${name} in ${size}-byte chunks: the error`);
      const rows = await streamed(bytes, strict, size, 'rows');
      assert.deepEqual(rows.error, want.error, `${name} in ${size}-byte chunks: records()'s error`);
      continue;
    }
    assert.equal(json.json, want.json, `${name} in ${size}-byte chunks: toJsonStream()`);
    const rows = await streamed(bytes, strict, size, 'rows');
    assert.deepEqual(rows.rows, want.rows, `${name} in ${size}-byte chunks: records()`);
  }
}

test('every conformance case streams to the whole parse, in 1-byte, prime and whole chunks', async () => {
  let n = 0;
  for (const dir of [casesDir, casesDir2]) {
    for (const file of findCases(dir)) {
      const expect = JSON.parse(fs.readFileSync(file.replace(/\.hedl$/, '.expect.json'), 'utf8'));
      const bytes = new Uint8Array(fs.readFileSync(file));
      await checkDocument(path.relative(root, file), bytes, expect.strict ?? true, [1, 7, 61, 0]);
      n++;
    }
  }
  assert.ok(n > 400, `only ${n} cases`);
  assert.equal(hedl.memoryStats().liveDocuments, 0);
});

test('the benchmark datasets stream to the whole parse, also cut into small pieces', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hedl-stream-'));
  try {
    execFileSync(process.execPath, [path.join(root, 'bench', 'gen', 'generate.mjs'), dir, '--sizes', '10k']);
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.hedl'));
    assert.ok(files.length >= 5);
    for (const f of files) {
      const bytes = new Uint8Array(fs.readFileSync(path.join(dir, f)));
      await checkDocument(f, bytes, true, [1009, 4096, 0]);
      // Pieces of about 1 KB: the document is cut at hundreds of places.
      const want = whole(bytes, true);
      const text = (await collect(hedl.toJsonStream(chunked(bytes, 333), { pieceBytes: 1000 }))).join('');
      assert.equal(text, want.json, `${f} in 1 KB pieces`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const doc = [
  '%VERSION: 1.0',
  '%STRUCT: User: [id, name]',
  '%STRUCT: Post: [id, title]',
  '%NEST: User > Post',
  '---',
  'title: "caf\u00e9 \ud83d\ude00"',
  'users: @User',
  '  |u1, Ann',
  '    |p1, Hello',
  '    |p2, World',
  '  |u2, "B\u00f6b"',
  'best: @User:u2',
  '',
].join('\n');
const bytes = new TextEncoder().encode(doc);

test('parseStream() gives the header, every item and the end, with lines', async () => {
  const events = await collect(hedl.parseStream(doc));
  assert.deepEqual(
    events.map((e) => e.type),
    ['header', 'scalar', 'listStart', 'row', 'row', 'row', 'row', 'listEnd', 'scalar', 'end'],
  );
  const [header, title, listStart, u1, p1] = events;
  assert.equal(header.version, '1.0');
  assert.deepEqual(header.schemas, { User: ['id', 'name'], Post: ['id', 'title'] });
  assert.deepEqual(header.nests, [{ parent: 'User', child: 'Post' }]);
  assert.equal(header.mode, 'strict');
  assert.deepEqual(title, { type: 'scalar', line: 6, key: 'title', depth: 0, value: 'caf\u00e9 \ud83d\ude00' });
  assert.deepEqual(listStart.columns, ['id', 'name']);
  assert.equal(listStart.typeName, 'User');
  assert.deepEqual(u1.value, {
    id: 'u1',
    name: 'Ann',
    Post: [
      { id: 'p1', title: 'Hello' },
      { id: 'p2', title: 'World' },
    ],
  });
  assert.equal(u1.parent, null);
  assert.deepEqual(p1.parent, { type: 'User', id: 'u1' });
  assert.equal(p1.depth, 1);
  assert.equal(p1.line, 9);
  assert.equal(events[7].count, 2);
  assert.deepEqual(events[8].value, { '@ref': '@User:u2' });
});

test('records() of one type reaches %NEST children; the type may come in the options', async () => {
  assert.deepEqual(
    (await collect(hedl.records(doc, 'Post'))).map((r) => r.id),
    ['p1', 'p2'],
  );
  assert.deepEqual(
    (await collect(hedl.records(doc, { type: 'User' }))).map((r) => r.id),
    ['u1', 'u2'],
  );
  assert.deepEqual(await collect(hedl.records(doc, 'Nobody')), []);
});

test('every kind of source: ReadableStream, Response, Blob, Node Readable, (async) iterables, split UTF-8 and surrogates', async () => {
  const want = (await collect(hedl.records(doc))).map((r) => r.name);
  assert.deepEqual(want, ['Ann', 'B\u00f6b']);
  const names = async (source) => (await collect(hedl.records(source))).map((r) => r.name);
  const web = () =>
    new ReadableStream({
      start(c) {
        for (const part of chunked(bytes, 3)) c.enqueue(part);
        c.close();
      },
    });
  assert.deepEqual(await names(web()), want);
  assert.deepEqual(await names(new Response(web())), want);
  assert.deepEqual(await names(new Blob([bytes.subarray(0, 50), bytes.subarray(50)])), want);
  assert.deepEqual(await names(Readable.from(chunked(bytes, 5))), want);
  assert.deepEqual(await names(Readable.from([doc], { objectMode: true })), want);
  // Strings split between the halves of a surrogate pair, and bytes inside a UTF-8 sequence.
  assert.deepEqual(await names([...doc]), want);
  assert.deepEqual(await names(chunked(bytes, 1)), want);
  assert.deepEqual(await names([bytes.buffer.slice(0)]), want);
  // No body is an empty input, as for parse('').
  await assert.rejects(names(new Response(null)), (e) => e.kind === 'SyntaxError' && e.line === 1);
  const events = await collect(hedl.parseStream([...doc]));
  assert.equal(events[1].value, 'caf\u00e9 \ud83d\ude00');
  await assert.rejects(collect(hedl.records(42)), TypeError);
  await assert.rejects(collect(hedl.records([{}])), TypeError);
  assert.throws(() => hedl.records(doc, 7), TypeError);
  assert.throws(() => hedl.parseStream(doc, { limits: { nope: 1 } }), TypeError);
  assert.throws(() => hedl.parseStream(doc, { pieceBytes: -1 }), TypeError);
});

test('the parser pulls: a consumer that stops early reads little of the source and frees the parser', async () => {
  const rows = Array.from({ length: 20000 }, (_, i) => `  |u${i}, name ${i}\n`);
  let pulled = 0;
  async function* source() {
    yield '%VERSION: 1.0\n%STRUCT: User: [id, name]\n---\nusers: @User\n';
    for (let i = 0; i < rows.length; i += 100) {
      pulled++;
      yield rows.slice(i, i + 100).join('');
    }
  }
  const before = hedl.memoryStats().heapInUse;
  let seen = 0;
  for await (const r of hedl.records(source(), { pieceBytes: 4096 })) {
    assert.equal(r.id, `u${seen}`);
    if (++seen === 10) break;
  }
  assert.ok(pulled < 20, `pulled ${pulled} of 200 chunks for 10 rows`);
  assert.equal(hedl.memoryStats().heapInUse, before, 'the parser and its buffer are freed');
  // All of it, then an error half way: freed too.
  assert.equal((await collect(hedl.records(source()))).length, 20000);
  const bad = async function* () {
    yield* source();
    yield '  |u5, duplicate\n';
  };
  await assert.rejects(collect(hedl.records(bad())), (e) => e.kind === 'CollisionError' && e.line === 20005);
  assert.equal(hedl.memoryStats().heapInUse, before);
});

test('streams keep the limits: max_file_size over the whole input, max_line_length as the line arrives', async () => {
  const big = `%VERSION: 1.0\n---\n${'k: v\n'.repeat(0)}${Array.from({ length: 3000 }, (_, i) => `k${i}: ${i}`).join('\n')}\n`;
  await assert.rejects(
    collect(hedl.records(big, { limits: { maxFileSize: 10000 } })),
    (e) => e.kind === 'SecurityError',
  );
  assert.equal(
    (await collect(hedl.toJsonStream(big, { limits: { maxFileSize: big.length } }))).join('').length > 0,
    true,
  );
  let fed = 0;
  async function* endless() {
    yield '%VERSION: 1.0\n---\nk: "';
    for (;;) {
      fed++;
      yield 'x'.repeat(1000);
    }
  }
  await assert.rejects(collect(hedl.records(endless(), { limits: { maxLineLength: 50000 } })), (e) => {
    assert.equal(e.kind, 'SecurityError');
    assert.match(e.message, /max_line_length/);
    return true;
  });
  assert.ok(fed < 60, `read ${fed} KB of an endless line`);
});

test('toJsonStream(): the whole JSON, or JSON Lines, as it parses', async () => {
  const d = hedl.parse(doc);
  const want = d.toJsonString({ pretty: false });
  d.delete();
  assert.equal((await collect(hedl.toJsonStream(chunked(bytes, 2)))).join(''), want);
  const lines = (await collect(hedl.toJsonStream(doc, { jsonl: true }))).join('');
  assert.equal(lines, `${JSON.stringify(JSON.parse(want).users[0])}\n${JSON.stringify(JSON.parse(want).users[1])}\n`);
  const posts = (await collect(hedl.toJsonStream(doc, { jsonl: true, type: 'Post' }))).join('');
  assert.equal(posts.split('\n').length, 3);
});
