#!/usr/bin/env node
// The JS benchmarks (Node): the `hedl` package (npm/dist, as it ships)
// against JSON.parse, @toon-format/toon and js-yaml on the bench datasets,
// plus the wasm operations alone and the wasm heap high-water per MB of
// input. Appends records to the native benchmark's results file in its
// format {dataset, op, impl, bytes, median_ms, mb_per_s}, with records and
// records_per_s where rows are built, and ratio where one implementation is
// compared with another.
//
//   node bench/js/run.mjs DATA_DIR RESULTS_JSON [--filter SUBSTR] [--min-time S] [--max-bytes N]
//
// Datasets: every DATA_DIR/<name>.hedl with its <name>.json twin up to
// --max-bytes of HEDL (default 10 MB: the comparison libraries take seconds
// per MB), plus users-4m (about 50k rows), generated if missing.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const positional = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--')));
const dataDir = path.resolve(positional[0] ?? path.join(root, 'bench', 'data'));
const resultsFile = path.resolve(positional[1] ?? path.join(root, 'bench', 'out', 'results.json'));
const filter = opt('--filter', '');
const minTime = Number(opt('--min-time', '0.5'));
const maxBytes = Number(opt('--max-bytes', String(10e6)));

const hedl = await import(pathToFileURL(path.join(root, 'npm', 'dist', 'index.mjs')).href);
const toon = await import('@toon-format/toon');
const yaml = await import('js-yaml');
await hedl.init();

// The headline dataset: users with about 50k rows.
fs.mkdirSync(dataDir, { recursive: true });
execFileSync(
  process.execPath,
  [path.join(root, 'bench', 'gen', 'generate.mjs'), dataDir, '--sizes', '4m', '--shapes', 'users', '--skip-existing'],
  {
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);

/** Median wall time in ms of fn() over at least minTime seconds and 5 runs (3 for slow ones). */
function time(fn) {
  fn(); // warm-up (and JIT)
  const t0 = performance.now();
  fn();
  const first = performance.now() - t0;
  const runs = first > 1000 ? 3 : Math.max(5, Math.min(200, Math.ceil((minTime * 1000) / Math.max(first, 0.01))));
  const times = [first];
  for (let i = 1; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

/**
 * Median wall times in ms of several functions run in alternation (a, b, c,
 * a, b, c, ...). With --expose-gc the heap is collected (untimed) before
 * every call, so no function pays for the garbage the previous one left.
 * Five untimed rounds first: JS code (the tape decoder) reaches its optimised
 * steady state in a few calls, as it does in any long-running program.
 */
function timeInterleaved(fns) {
  for (let r = 0; r < 5; r++)
    for (const fn of fns) {
      collect();
      fn();
    }
  const t0 = performance.now();
  for (const fn of fns) fn();
  const round = performance.now() - t0;
  const rounds =
    round > 3000 ? 3 : Math.max(15, Math.min(100, Math.ceil((minTime * 1000 * fns.length) / Math.max(round, 0.01))));
  const times = fns.map(() => []);
  for (let r = 0; r < rounds; r++) {
    fns.forEach((fn, i) => {
      collect();
      const t = performance.now();
      fn();
      times[i].push(performance.now() - t);
    });
  }
  return times.map((t) => t.sort((a, b) => a - b)[t.length >> 1]);
}

const collect = typeof globalThis.gc === 'function' ? globalThis.gc : () => {};

const records = [];
function record(dataset, op, impl, bytes, ms, extra = {}) {
  const r = {
    dataset,
    op,
    impl,
    bytes,
    median_ms: Number(ms.toPrecision(6)),
    mb_per_s: Number((bytes / 1e6 / (ms / 1e3)).toPrecision(6)),
    ...extra,
  };
  records.push(r);
  const rate = extra.records_per_s ? `  ${(extra.records_per_s / 1e6).toFixed(3)} M records/s` : '';
  console.log(
    `${dataset.padEnd(14)} ${op.padEnd(16)} ${impl.padEnd(22)} ${ms.toFixed(3).padStart(10)} ms ${r.mb_per_s.toFixed(1).padStart(9)} MB/s${rate}`,
  );
  return r;
}

function heapHighWater(file) {
  // A fresh process: wasm memory only grows, so its size after the work is the high-water mark.
  const script = `
    const hedl = await import(${JSON.stringify(pathToFileURL(path.join(root, 'npm', 'dist', 'index.mjs')).href)});
    const fs = await import('node:fs');
    await hedl.init();
    const start = hedl.memoryStats().heapSize;
    const doc = hedl.parse(fs.readFileSync(${JSON.stringify(file)}, 'utf8'));
    doc.toJSON();
    doc.toJsonString(false);
    doc.delete();
    console.log(JSON.stringify({ start, end: hedl.memoryStats().heapSize }));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  return JSON.parse(out);
}

const names = fs
  .readdirSync(dataDir)
  .filter((f) => f.endsWith('.hedl') && fs.existsSync(path.join(dataDir, f.replace(/\.hedl$/, '.json'))))
  .map((f) => f.replace(/\.hedl$/, ''))
  .filter((n) => n.includes(filter) && fs.statSync(path.join(dataDir, n + '.hedl')).size <= maxBytes)
  .sort();

for (const name of names) {
  const hedlText = fs.readFileSync(path.join(dataDir, name + '.hedl'), 'utf8');
  const jsonText = fs.readFileSync(path.join(dataDir, name + '.json'), 'utf8');
  const hedlBytes = Buffer.byteLength(hedlText);
  const jsonBytes = Buffer.byteLength(jsonText);
  const probe = hedl.parse(hedlText);
  const rows = Object.values(probe.countEntities()).reduce((a, b) => a + b, 0);
  probe.delete();
  const perRecord = (ms) => ({ records: rows, records_per_s: Math.round(rows / (ms / 1e3)) });

  // HEDL text -> JS objects, against JSON.parse on the equivalent JSON (and
  // against the obvious path: wasm writes JSON, JS calls JSON.parse).
  collect();
  const [jsonMs, hMs, viaJsonMs] = timeInterleaved([
    () => JSON.parse(jsonText),
    () => {
      const d = hedl.parse(hedlText);
      d.toJSON();
      d.delete();
    },
    () => {
      const d = hedl.parse(hedlText);
      JSON.parse(d.toJsonString(false));
      d.delete();
    },
  ]);
  record(name, 'to_js', 'JSON.parse', jsonBytes, jsonMs, perRecord(jsonMs));
  record(name, 'to_js', 'hedl-wasm', hedlBytes, hMs, { ...perRecord(hMs), ratio: Number((jsonMs / hMs).toFixed(3)) });
  record(name, 'to_js', 'hedl-wasm-via-json', hedlBytes, viaJsonMs, {
    ...perRecord(viaJsonMs),
    ratio: Number((jsonMs / viaJsonMs).toFixed(3)),
  });
  collect();

  // The wasm operations alone.
  // With the same data as HEDL 2.0 (its canonical 2.0 form), timed in
  // alternation; time_ratio is 2.0's time over 1.0's.
  const v2Text = hedl.toHedl(hedlText, { version: '2.0' });
  const [parseMs, v2Ms] = timeInterleaved([() => hedl.parse(hedlText).delete(), () => hedl.parse(v2Text).delete()]);
  record(name, 'parse', 'hedl-wasm', hedlBytes, parseMs);
  record(name, 'parse_v2', 'hedl-wasm', Buffer.byteLength(v2Text), v2Ms, {
    time_ratio: Number((v2Ms / parseMs).toFixed(4)),
  });
  const doc = hedl.parse(hedlText);
  record(
    name,
    'to_js_only',
    'hedl-wasm',
    hedlBytes,
    time(() => doc.toJSON()),
  );
  record(
    name,
    'to_json',
    'hedl-wasm',
    hedlBytes,
    time(() => doc.toJsonString(false)),
  );
  record(
    name,
    'format',
    'hedl-wasm',
    hedlBytes,
    time(() => doc.toHedl()),
  );
  record(
    name,
    'lint',
    'hedl-wasm',
    hedlBytes,
    time(() => doc.lint()),
  );
  doc.delete();
  record(
    name,
    'from_json',
    'hedl-wasm',
    jsonBytes,
    time(() => hedl.fromJson(jsonText)),
  );
  record(
    name,
    'from_json_v1',
    'hedl-wasm',
    jsonBytes,
    time(() => hedl.fromJson(jsonText, { version: '1.0' })),
  );

  // The other formats, each on its own text of the same data.
  const value = JSON.parse(jsonText);
  const toonText = toon.encode(value);
  const toonMs = time(() => toon.decode(toonText));
  record(name, 'to_js', 'toon-decode', Buffer.byteLength(toonText), toonMs, {
    ...perRecord(toonMs),
    ratio_hedl: Number((toonMs / hMs).toFixed(3)),
  });
  // JS values to text: hedl.stringify against JSON.stringify, the JSON
  // route (fromJson of JSON.stringify) and toon encode; `ratio_stringify` is
  // the other's time / stringify's time.
  const stringifyMs = time(() => hedl.stringify(value));
  record(name, 'from_js', 'hedl-stringify', jsonBytes, stringifyMs, perRecord(stringifyMs));
  for (const [impl, fn] of [
    ['JSON.stringify', () => JSON.stringify(value)],
    ['hedl-fromJson-of-JSON.stringify', () => hedl.fromJson(JSON.stringify(value))],
    ['toon-encode', () => toon.encode(value)],
  ]) {
    const ms = time(fn);
    record(name, 'from_js', impl, jsonBytes, ms, {
      ...perRecord(ms),
      ratio_stringify: Number((ms / stringifyMs).toFixed(3)),
    });
  }
  const yamlText = yaml.dump(value);
  const yamlMs = time(() => yaml.load(yamlText));
  record(name, 'to_js', 'js-yaml-load', Buffer.byteLength(yamlText), yamlMs, {
    ...perRecord(yamlMs),
    ratio_hedl: Number((yamlMs / hMs).toFixed(3)),
  });

  const hw = heapHighWater(path.join(dataDir, name + '.hedl'));
  records.push({
    dataset: name,
    op: 'wasm_heap_high_water',
    impl: 'hedl-wasm',
    bytes: hedlBytes,
    median_ms: 0,
    mb_per_s: 0,
    peak_bytes: hw.end,
    growth_bytes: hw.end - hw.start,
    bytes_per_input_mb: Math.round((hw.end - hw.start) / (hedlBytes / 1e6)),
  });
  console.log(
    `${name.padEnd(14)} wasm heap: ${(hw.end / 1e6).toFixed(1)} MB after the work, ${((hw.end - hw.start) / 1e6).toFixed(1)} MB growth`,
  );
}

// Append to the results file in its one-record-per-line form.
let existing = [];
if (fs.existsSync(resultsFile)) {
  try {
    existing = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  } catch {
    existing = [];
  }
}
const all = existing
  .filter((r) => !records.some((n) => n.dataset === r.dataset && n.op === r.op && n.impl === r.impl))
  .concat(records);
fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
fs.writeFileSync(
  resultsFile,
  '[\n' + all.map((r) => '  ' + JSON.stringify(r).replace(/,"/g, ', "').replace(/":/g, '": ')).join(',\n') + '\n]\n',
);
console.log(`bench/js: ${records.length} records appended to ${path.relative(root, resultsFile)}`);
