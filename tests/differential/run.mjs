#!/usr/bin/env node
// The native <-> wasm differential: the same documents through the native C
// API (driver.c) and through the npm package must give byte-identical JSON
// and canonical text, or the same error kind, line and column.
//
//   node tests/differential/run.mjs DRIVER [COUNT] [SEED]
//
// Documents (COUNT in all, default 2000): every conformance case (HEDL 1.0
// and 2.0), documents made from random JSON values in both versions (nested
// objects, record lists with children of one and of two types, lists,
// tensors, references, hostile strings), and seeded byte mutations of both.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const [driver, countArg, seedArg] = process.argv.slice(2);
if (!driver || !fs.existsSync(driver)) {
  console.error('usage: node tests/differential/run.mjs DRIVER [COUNT] [SEED]');
  process.exit(2);
}
const COUNT = Number(countArg ?? 2000);
let seed = Number(seedArg ?? 20261203) >>> 0;
const hedl = await import(pathToFileURL(path.join(root, 'npm', 'dist', 'index.mjs')).href);
await hedl.init();

/** A small deterministic PRNG (xorshift32). */
function rnd(n) {
  seed ^= seed << 13;
  seed >>>= 0;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  seed >>>= 0;
  return seed % n;
}
const pick = (a) => a[rnd(a.length)];

const STRINGS = [
  '',
  'plain',
  'a, b',
  'quote "x"',
  '~',
  '^',
  '@x',
  '%a',
  '$(f(x))',
  '[1]',
  '(x)',
  ' lead',
  'trail ',
  'tab\there',
  'line\nbreak',
  'é€🙂',
  '#hash',
  'a|b',
  'true',
  '12',
  '-0.5',
  'x'.repeat(300),
];
function scalar(ids) {
  switch (rnd(9)) {
    case 0:
      return null;
    case 1:
      return rnd(2) === 0;
    case 2:
      return rnd(2000000) - 1000000;
    case 3:
      return (rnd(2000000) - 1000000) / 1000;
    case 4:
      return [rnd(9), rnd(9) / 4];
    case 5:
      return ids.length ? { '@ref': '@' + pick(ids) } : 1;
    case 6:
      return [pick(STRINGS), rnd(9), null];
    default:
      return pick(STRINGS);
  }
}
function records(ids, depth, kids) {
  const out = [];
  const n = 1 + rnd(4);
  for (let i = 0; i < n; i++) {
    const id = `r${ids.length}`;
    ids.push(id);
    const r = { id, a: scalar(ids), b: scalar(ids) };
    if (depth < 3) for (const k of kids) if (rnd(2)) r[k] = records(ids, depth + 1, rnd(3) === 0 ? ['Leaf'] : []);
    out.push(r);
  }
  return out;
}
function object(ids, depth) {
  const o = {};
  const n = 1 + rnd(5);
  for (let i = 0; i < n; i++) {
    const k = pick(['a', 'b', 'name', 'items', 'data', 'x_1', 'people', 'value']) + (rnd(3) ? '' : i);
    const kind = rnd(6);
    if (kind === 0 && depth < 6) o[k] = object(ids, depth + 1);
    else if (kind === 1) o[k] = records(ids, 0, pick([[], ['Kid'], ['Kid', 'Alt']]));
    else o[k] = scalar(ids);
  }
  return o;
}
const TOKENS = [
  '"',
  ',',
  '|',
  '^',
  '~',
  '@',
  '#',
  '(',
  ')',
  '[',
  ']',
  ':',
  ' ',
  '\n',
  '\t',
  '%',
  '$(',
  '""',
  '\\',
  'é',
  '\r\n',
  '@T#2:',
];
function mutate(t) {
  let m = t;
  for (let j = 0, k = 1 + rnd(3); j < k; j++) {
    const at = rnd(m.length + 1);
    const op = rnd(3);
    if (op === 0) m = m.slice(0, at) + m.slice(at + 1);
    else if (op === 1) m = m.slice(0, at) + pick(TOKENS) + m.slice(at);
    else m = m.slice(0, at) + pick(TOKENS) + m.slice(at + 1);
  }
  return m;
}

const docs = [];
const walk = (d) => {
  for (const f of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, f.name);
    if (f.isDirectory()) walk(p);
    else if (f.name.endsWith('.hedl')) docs.push(fs.readFileSync(p, 'utf8'));
  }
};
walk(path.join(root, 'tests', 'conformance'));
const corpus = docs.slice();
let made = 0;
while (docs.length < COUNT) {
  if (rnd(2)) {
    docs.push(mutate(pick(corpus)));
    continue;
  }
  try {
    const text = hedl.fromJson(object([], 0), { version: rnd(2) ? '2.0' : '1.0' });
    made++;
    docs.push(text);
    if (docs.length < COUNT) docs.push(mutate(text));
    corpus.push(text);
  } catch {
    // JSON HEDL cannot hold (a string no spelling keeps): not a document
  }
}
docs.length = COUNT;

// The native side: all documents through one driver process.
const native = await new Promise((resolve, reject) => {
  const child = spawn(driver, [], { stdio: ['pipe', 'pipe', 'inherit'] });
  const chunks = [];
  child.stdout.on('data', (d) => chunks.push(d));
  child.on('error', reject);
  child.on('exit', (code) => {
    if (code !== 0) reject(new Error(`the driver exited with ${code}`));
    else
      resolve(
        Buffer.concat(chunks)
          .toString('utf8')
          .trimEnd()
          .split('\n')
          .map((l) => JSON.parse(l)),
      );
  });
  for (const d of docs) {
    const b = Buffer.from(d, 'utf8');
    child.stdin.write(`${b.length}\n`);
    child.stdin.write(b);
  }
  child.stdin.end();
});
if (native.length !== docs.length) throw new Error(`the driver answered ${native.length} of ${docs.length} documents`);

let failures = 0;
let valid = 0;
for (let i = 0; i < docs.length; i++) {
  let wasm;
  let doc = null;
  try {
    doc = hedl.parse(docs[i]);
    wasm = { ok: true, json: doc.toJsonString(false), canonical: doc.toHedl() };
  } catch (e) {
    if (!(e instanceof hedl.HedlError)) throw e;
    wasm = { ok: false, kind: e.kind, line: e.line, column: e.column };
  } finally {
    if (doc) doc.delete();
  }
  if (wasm.ok) valid++;
  const a = JSON.stringify(native[i]);
  const b = JSON.stringify(wasm);
  if (a !== b) {
    failures++;
    if (failures <= 5)
      console.log(
        `DIFF document ${i}: ${JSON.stringify(docs[i]).slice(0, 300)}\n  native ${a.slice(0, 300)}\n  wasm   ${b.slice(0, 300)}`,
      );
  }
}
console.log(
  `differential: ${docs.length} documents (${made} made from random JSON, ${valid} valid), ${failures} differ`,
);
process.exit(failures ? 1 : 0);
