#!/usr/bin/env node
// The streaming benchmark (make bench-stream, part of make bench): a users
// file of about 1 GB (HEDL, and the same data as JSON) read from disk by
//   hedl      records(fs.createReadStream(file))   (wasm, the npm package)
//   stream-json  parser() + pick('users') + streamArray()   (on the JSON)
// each in its own Node process, so that peak RSS is its own. Writes the
// figures (MB/s, rows, peak RSS, wasm heap) to OUT and prints a table.
//
//   node bench/js/stream.mjs DATADIR OUT.json [--mb 1000]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');

// ---- child: one measurement ----
if (process.argv[2] === '--child') {
  const [, , , which, file] = process.argv;
  const start = process.hrtime.bigint();
  let rows = 0;
  let heap = 0;
  if (which === 'hedl') {
    const hedl = await import(pathToFileURL(path.join(root, 'npm', 'dist', 'index.mjs')).href);
    await hedl.init();
    const big = Number.MAX_SAFE_INTEGER;
    const source = fs.createReadStream(file, { highWaterMark: 1 << 20 });
    for await (const row of hedl.records(source, { limits: { maxFileSize: big, maxNodes: big, maxTotalKeys: big } })) {
      if (row.id !== undefined) rows++;
    }
    heap = hedl.memoryStats().heapSize;
  } else {
    const { default: chain } = await import('stream-chain');
    const { parser } = await import('stream-json');
    const { pick } = await import('stream-json/filters/pick.js');
    const { streamArray } = await import('stream-json/streamers/stream-array.js');
    const pipeline = chain([
      fs.createReadStream(file, { highWaterMark: 1 << 20 }),
      parser(),
      pick({ filter: 'users' }),
      streamArray(),
    ]);
    for await (const { value } of pipeline) if (value.id !== undefined) rows++;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const rss = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(JSON.stringify({ rows, seconds, rss, heap }));
  process.exit(0);
}

// ---- the data: deterministic users rows, written to both files at once ----
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const FIRST = ['Ann', 'Amélie', 'Liam', 'Yusuf', 'Grace', 'Carol', 'Samir', 'Łukasz', 'Mei', 'Olu', 'Priya', 'Zoë'];
const LAST = ['Mensah', 'Patel', 'Kim', 'Brown', 'Okafor', 'García', 'Nguyen', 'Smith', 'Rossi', 'Sato'];
const DEPTS = ['Sales', 'Engineering', 'Finance', 'People', 'Sales, APAC', 'Legal'];

async function generate(hedlFile, jsonFile, bytes) {
  if (fs.existsSync(hedlFile) && fs.existsSync(jsonFile)) return;
  const rnd = mulberry32(12345);
  const pick = (a) => a[Math.floor(rnd() * a.length)];
  const h = fs.createWriteStream(`${hedlFile}.tmp`);
  const j = fs.createWriteStream(`${jsonFile}.tmp`);
  const put = async (stream, text) => {
    if (!stream.write(text)) await new Promise((r) => stream.once('drain', r));
  };
  await put(h, '%VERSION: 1.0\n%STRUCT: User: [id,name,email,age,active,department,joined]\n---\nusers: @User\n');
  await put(j, '{"users":[\n');
  let written = 0;
  for (let i = 1; written < bytes; i++) {
    let hb = '';
    let jb = '';
    for (let k = 0; k < 1000; k++, i++) {
      const first = pick(FIRST);
      const last = pick(LAST);
      const id = `u${String(i).padStart(8, '0')}`;
      const name = `${first} ${last}`;
      const email = `${first.toLowerCase()}.${last.toLowerCase()}${Math.floor(rnd() * 1000)}@example.org`;
      const age = 18 + Math.floor(rnd() * 60);
      const active = rnd() < 0.8;
      const dept = pick(DEPTS);
      const joined = `20${String(Math.floor(rnd() * 25)).padStart(2, '0')}-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}`;
      hb += `  |${id},${name},${email},${age},${active},${dept.includes(',') ? `"${dept}"` : dept},${joined}\n`;
      const obj = { id, name, email, age, active, department: dept, joined };
      jb += `${i > 1 ? ',\n' : ''}${JSON.stringify(obj)}`;
    }
    written += Buffer.byteLength(hb);
    await put(h, hb);
    await put(j, jb);
  }
  await put(j, '\n]}\n');
  await Promise.all([new Promise((r) => h.end(r)), new Promise((r) => j.end(r))]);
  fs.renameSync(`${hedlFile}.tmp`, hedlFile);
  fs.renameSync(`${jsonFile}.tmp`, jsonFile);
}

const args = process.argv.slice(2);
const dataDir = args[0] ?? path.join(root, 'bench', 'data');
const out = args[1] ?? path.join(root, 'bench', 'out', 'stream.json');
const mbAt = args.indexOf('--mb');
const mb = mbAt >= 0 ? Number(args[mbAt + 1]) : 1000;
fs.mkdirSync(dataDir, { recursive: true });
const hedlFile = path.join(dataDir, `stream-users-${mb}m.hedl`);
const jsonFile = path.join(dataDir, `stream-users-${mb}m.json`);
await generate(hedlFile, jsonFile, mb * 1e6);

function measure(which, file) {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', which, file], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`${which} failed:\n${r.stderr}`);
  const m = JSON.parse(r.stdout);
  const bytes = fs.statSync(file).size;
  return { ...m, bytes, mbPerSecond: bytes / 1e6 / m.seconds };
}

const hedl = measure('hedl', hedlFile);
const json = measure('stream-json', jsonFile);
if (hedl.rows !== json.rows) throw new Error(`row counts differ: hedl ${hedl.rows}, stream-json ${json.rows}`);
const result = {
  rows: hedl.rows,
  hedl,
  streamJson: json,
  // The same rows: hedl's time against stream-json's.
  speedup: json.seconds / hedl.seconds,
};
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
const row = (name, m) =>
  `${name.padEnd(12)} ${(m.bytes / 1e6).toFixed(0).padStart(6)} MB ${m.seconds.toFixed(2).padStart(7)} s ${m.mbPerSecond
    .toFixed(1)
    .padStart(
      7,
    )} MB/s  peak RSS ${(m.rss / 1048576).toFixed(0).padStart(5)} MiB${m.heap ? `  wasm heap ${(m.heap / 1048576).toFixed(0)} MiB` : ''}`;
console.log(`streaming ${hedl.rows} users rows`);
console.log(row('hedl', hedl));
console.log(row('stream-json', json));
console.log(`hedl records() is ${result.speedup.toFixed(1)}x stream-json on the same rows; written to ${out}`);
