// Every limit at N and at N + 1 through the JS API (as tests/core/limits_test.cpp
// does natively): N parses, N + 1 is a SecurityError naming the limit (and the
// line, where the native test names one), through parse() and the one-shot
// helpers alike.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadHedl } from './helpers.mjs';

const hedl = await loadHedl();
const HEADER = '%VERSION: 1.0\n---\n';
const sp = (n) => ' '.repeat(n);

/** Asserts that `text` parses under `limits`, by parse() and by toObject(). */
function ok(text, limits) {
  const doc = hedl.parse(text, { limits });
  doc.delete();
  hedl.toObject(text, { limits });
}

/** Asserts a SecurityError naming `name` (at `line`, when given), by parse() and validate(). */
function refused(text, limits, name, line) {
  assert.throws(
    () => hedl.parse(text, { limits }),
    (e) => {
      assert.ok(e instanceof hedl.HedlError, String(e));
      assert.equal(e.kind, 'SecurityError', e.message);
      assert.ok(e.reason.includes(name), `${e.reason} names ${name}`);
      if (line !== undefined) assert.equal(e.line, line, e.message);
      return true;
    },
  );
  const v = hedl.validate(text, { limits });
  assert.equal(v.valid, false);
  assert.equal(v.errors[0].kind, 'SecurityError');
}

test('maxFileSize', () => {
  const fileOf = (n) => {
    const s = HEADER + 'a: ';
    return s + 'x'.repeat(n - s.length - 1) + '\n';
  };
  assert.equal(fileOf(64).length, 64);
  ok(fileOf(64), { maxFileSize: 64 });
  refused(fileOf(65), { maxFileSize: 64 }, 'max_file_size');
});

test('maxLineLength', () => {
  const l = { maxLineLength: 40 };
  const kv = (n) => 'a: ' + 'x'.repeat(n - 3);
  ok(HEADER + kv(40) + '\nb: 1\n', l);
  refused(HEADER + kv(41) + '\nb: 1\n', l, 'max_line_length', 3);
  ok('%VERSION: 1.0\r\n---\r\n' + kv(40) + '\r\n', l);
  refused('%VERSION: 1.0\r\n---\r\n' + kv(41) + '\r\n', l, 'max_line_length', 3);
});

test('maxIndentDepth', () => {
  const l = { maxIndentDepth: 4 };
  const nested = (d) => {
    let s = HEADER;
    for (let i = 0; i < d; i++) s += sp(2 * i) + `k${i}:\n`;
    return s + sp(2 * d) + 'v: 1\n';
  };
  ok(nested(4), l);
  refused(nested(5), l, 'max_indent_depth', 8);
});

test('maxNodes', () => {
  const l = { maxNodes: 10 };
  const doc = (extra) =>
    HEADER + 'o1:\n  a: 1\n  b: 2\no2:\n  c: 3\nl: @T[id,v]\n  |r1,1\n  |r2,2\n  |r3,3\nd: 4\ne: 5\n' + extra;
  ok(doc(''), l);
  refused(doc('f: 6\n'), l, 'max_nodes');
});

test('maxAliases', () => {
  const l = { maxAliases: 3 };
  const doc = (n) => {
    let s = '%VERSION: 1.0\n';
    for (let i = 0; i < n; i++) s += `%ALIAS: %a${i}: "${i}"\n`;
    s += '---\n';
    for (let i = 0; i < n; i++) s += `k${i}: %a${i}\n`;
    return s;
  };
  ok(doc(3), l);
  refused(doc(4), l, 'max_aliases', 5);
});

test('maxColumns', () => {
  const l = { maxColumns: 4 };
  const cols = (n) => '[' + Array.from({ length: n }, (_, i) => `c${i}`).join(', ') + ']';
  const row = (n) => '  |r1' + Array.from({ length: n - 1 }, (_, i) => `,${i + 1}`).join('') + '\n';
  ok(`%VERSION: 1.0\n%STRUCT: T: ${cols(4)}\n---\nl: @T\n${row(4)}`, l);
  refused(`%VERSION: 1.0\n%STRUCT: T: ${cols(5)}\n---\nl: @T\n${row(5)}`, l, 'max_columns', 2);
});

test('maxNestDepth', () => {
  const l = { maxNestDepth: 2 };
  const doc = (d) => {
    let s = '%VERSION: 1.0\n';
    for (let i = 0; i <= d; i++) s += `%STRUCT: T${i}: [id]\n`;
    for (let i = 0; i < d; i++) s += `%NEST: T${i} > T${i + 1}\n`;
    s += '---\nl: @T0\n';
    for (let i = 0; i <= d; i++) s += sp(2 * (i + 1)) + `|r${i}\n`;
    return s;
  };
  ok(doc(2), l);
  refused(doc(3), l, 'max_nest_depth');
});

test('maxBlockStringSize', () => {
  const l = { maxBlockStringSize: 10 };
  const block = (content) => HEADER + 't: """\n' + content + '\n"""\nafter: 1\n';
  ok(block('x'.repeat(10)), l);
  refused(block('x'.repeat(11)), l, 'max_block_string_size');
  ok(block('abcd\nefghi'), l);
  refused(block('abcd\nefghij'), l, 'max_block_string_size');
});

test('maxObjectKeys', () => {
  const l = { maxObjectKeys: 5 };
  const five = HEADER + 'a: 1\nb: 2\nc:\n  x: 1\nd: @T[id]\n  |r1\ne: 5\n';
  ok(five, l);
  refused(five + 'f: 6\n', l, 'max_object_keys', 10);
});

test('maxTotalKeys', () => {
  const l = { maxTotalKeys: 8 };
  const base =
    HEADER + 'o1:\n  a: 1\n  b: 2\n  l: @T[id, v, w]\n    |r1, 1, 2\n    |r2, 3, 4\no2:\n  c: 1\n  d: 2\n  e: 3\n';
  ok(base, l);
  refused(base + '  f: 4\n', l, 'max_total_keys');
});

test('the same limits bound fromJson', () => {
  const keys = (n) => JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i])));
  hedl.fromJson(keys(5), { limits: { maxObjectKeys: 5 } });
  assert.throws(
    () => hedl.fromJson(keys(6), { limits: { maxObjectKeys: 5 } }),
    (e) => e.kind === 'SecurityError' && e.reason.includes('max_object_keys'),
  );
  const big = JSON.stringify({ users: Array.from({ length: 20 }, (_, i) => ({ id: `u${i}`, name: 'Ann', n: i })) });
  hedl.fromJson(big, { limits: { maxFileSize: big.length } });
  assert.throws(
    () => hedl.fromJson(big, { limits: { maxFileSize: big.length - 1 } }),
    (e) => e.kind === 'SecurityError' && e.reason.includes('max_file_size'),
  );
  // The HEDL text is bounded too: its own message says so.
  const wide = keys(20);
  assert.throws(
    () => hedl.fromJson(wide, { limits: { maxFileSize: wide.length } }),
    (e) => e.kind === 'SecurityError' && e.reason.startsWith('the HEDL text made for this JSON: limit max_file_size'),
  );
});
