// Every conformance case through wasm, compared as the native test does
// (tests/core/conformance_test.cpp): ok cases give `json` (and `json_meta`)
// as data, through both toJSON() (the tape) and toJsonString(); error cases
// give a HedlError of the expected kind at the expected line. Cases listed
// in expected-failures.txt must still fail (the list may only shrink).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { casesDir, casesDir2, findCases, jsonDiff, loadHedl, xfailFile, xfailFile2 } from './helpers.mjs';

const hedl = await loadHedl();

function readXfail(file) {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean);
}

/** Returns "" when the case behaves as expected, else why not. */
function runCase(bytes, expect) {
  const strict = expect.strict ?? true;
  let doc;
  try {
    doc = hedl.parse(bytes, { strict });
  } catch (e) {
    if (!(e instanceof hedl.HedlError)) return `threw a non-HedlError: ${e}`;
    if (expect.ok) return `expected ok, got ${e.message}`;
    const why = [];
    if (e.kind !== expect.kind) why.push(`kind ${e.kind}, expected ${expect.kind}`);
    if (expect.line !== null && expect.line !== undefined && e.line !== expect.line)
      why.push(`line ${e.line}, expected ${expect.line}`);
    // Its code frame marks its line (line 0: none).
    if (e.line > 0 ? !new RegExp(`^> +${e.line} \\|`, 'm').test(e.codeFrame) : e.codeFrame !== '')
      why.push(`code frame does not mark line ${e.line}: ${JSON.stringify(e.codeFrame)}`);
    if (!e.message.startsWith(`${e.kind} at line ${e.line}: `))
      why.push(`message not in the "{Kind} at line {line}: " form: ${e.message}`);
    return why.length ? `${why.join('; ')} (error was: ${e.message})` : '';
  }
  try {
    if (!expect.ok)
      return `expected ${expect.kind} at line ${expect.line}, but it parsed: ${doc.toJsonString(false).slice(0, 300)}`;
    for (const [field, metadata] of [
      ['json', false],
      ['json_meta', true],
    ]) {
      if (!(field in expect)) continue;
      const viaTape = doc.toJSON({ metadata });
      const viaText = JSON.parse(doc.toJsonString({ pretty: false, metadata }));
      let d = jsonDiff(viaTape, expect[field]);
      if (d) return `${field} (toJSON): ${d}`;
      d = jsonDiff(viaText, expect[field]);
      if (d) return `${field} (toJsonString): ${d}`;
      // Both paths must agree exactly, key order included.
      if (JSON.stringify(viaTape) !== JSON.stringify(viaText))
        return `${field}: toJSON and toJsonString differ in order or number form`;
    }
    return '';
  } finally {
    doc.delete();
  }
}

function runCorpus(casesDir, xfailFile, label) {
  const files = findCases(casesDir).sort();
  assert.ok(files.length > 100, `only ${files.length} cases found in ${casesDir}`);
  const xfail = new Set(readXfail(xfailFile));
  const known = new Set(
    files.map((f) =>
      path
        .relative(casesDir, f)
        .replace(/\.hedl$/, '')
        .split(path.sep)
        .join('/'),
    ),
  );
  for (const x of xfail) assert.ok(known.has(x), `expected-failures.txt lists ${x}, which is not a case`);
  const failures = [];
  let passed = 0;
  let expectedFailures = 0;
  for (const file of files) {
    const rel = path
      .relative(casesDir, file)
      .replace(/\.hedl$/, '')
      .split(path.sep)
      .join('/');
    const expect = JSON.parse(fs.readFileSync(file.replace(/\.hedl$/, '.expect.json'), 'utf8'));
    const why = runCase(fs.readFileSync(file), expect);
    if (xfail.has(rel)) {
      if (why === '') failures.push(`${rel}: passes but is listed in expected-failures.txt (remove it)`);
      else expectedFailures++;
    } else if (why === '') passed++;
    else failures.push(`${rel}: ${why}`);
  }
  console.log(`${label}: ${files.length} cases, ${passed} passed, ${expectedFailures} expected failures`);
  assert.deepEqual(failures, []);
}

test('every conformance case through wasm', () => runCorpus(casesDir, xfailFile, 'conformance 1.0 (wasm)'));

test('every HEDL 2.0 conformance case through wasm', () => runCorpus(casesDir2, xfailFile2, 'conformance 2.0 (wasm)'));

test('conformance cases read as strings give the same JSON as bytes', () => {
  // The string path slices the caller's own string; the bytes path decodes wasm's copy.
  for (const file of findCases(casesDir)) {
    const bytes = fs.readFileSync(file);
    const expect = JSON.parse(fs.readFileSync(file.replace(/\.hedl$/, '.expect.json'), 'utf8'));
    if (!expect.ok) continue;
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    const a = hedl.parse(bytes, { strict: expect.strict ?? true });
    const b = hedl.parse(text, { strict: expect.strict ?? true });
    try {
      assert.equal(JSON.stringify(b.toJSON()), JSON.stringify(a.toJSON()), file);
    } finally {
      a.delete();
      b.delete();
    }
  }
});
