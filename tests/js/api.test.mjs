// The public API of the `hedl` package, as a user calls it (npm/dist).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { loadHedl } from './helpers.mjs';

const hedl = await loadHedl();

const SAMPLE = `%VERSION: 1.0
%ALIAS: %region: "Europe"
%STRUCT: User: [id, name, age, active]
%STRUCT: Post: [id, title, views]
%NEST: User > Post
---
users: @User
  | alice, Alice, 30, true
    | p1, Hello, 10
    | p2, Again, ^
  | bob, "Bob ""B""", 2.5, false
settings:
  region: %region
  owner: @User:alice
  weights: [[1, 2], [3, 4.5]]
  note: ~
  formula: $(a + b)
`;

test('init is memoised and idempotent', async () => {
  const a = hedl.init();
  const b = hedl.init();
  assert.equal(a, b);
  await a;
  assert.equal(hedl.isInitialized(), true);
  assert.match(hedl.version(), /^\d+\.\d+\.\d+$/);
});

test('document metadata: version, counts, schemas, aliases, nests', () => {
  const doc = hedl.parse(SAMPLE);
  try {
    assert.equal(doc.version, '1.0');
    assert.equal(doc.schemaCount, 2);
    assert.equal(doc.aliasCount, 1);
    assert.equal(doc.nestCount, 1);
    assert.equal(doc.rootItemCount, 2);
    assert.deepEqual(doc.getSchemaNames(), ['User', 'Post']);
    assert.deepEqual(doc.getSchema('User'), ['id', 'name', 'age', 'active']);
    assert.equal(doc.getSchema('Nope'), undefined);
    assert.deepEqual(doc.getAliases(), { region: 'Europe' });
    assert.deepEqual(doc.getNests(), { User: 'Post' });
    assert.deepEqual(doc.getNestList(), [{ parent: 'User', child: 'Post' }]);
    assert.deepEqual(doc.getPrompts(), []);
    assert.deepEqual(doc.getCounts(), []);
    assert.deepEqual(doc.getExtensions(), []);
    assert.equal(doc.mode, 'strict');
    assert.ok(doc.memoryUsage > 0);
  } finally {
    doc.delete();
  }
});

test('HEDL 2.0 header data: prompts, %C counts, %X- extensions, mode, several child types', () => {
  const text = [
    '%V:2.0',
    '%NULL:~',
    '%QUOTE:"',
    '%MODE: lenient',
    '%S:User:[id,status]',
    '%S:Post:[id]',
    '%S:Tag:[id,label]',
    '%N:User>Post',
    '%N:User>Tag',
    '%C:User.total=3',
    '%C: User.status: active = 2 , inactive = 1',
    '%PROMPT: "Say ""hi"""',
    '%PROMPT: "Be brief"',
    '%X-Trace: abc 123',
    '---',
    'users:@User',
    ' |a,active',
    ' |b,active',
    ' |c,inactive',
    '',
  ].join('\n');
  const doc = hedl.parse(text);
  try {
    assert.equal(doc.version, '2.0');
    assert.equal(doc.mode, 'lenient');
    assert.deepEqual(doc.getPrompts(), ['Say "hi"', 'Be brief']);
    assert.deepEqual(doc.getCounts(), [
      { type: 'User', total: 3 },
      { type: 'User', field: 'status', counts: { active: 2, inactive: 1 } },
    ]);
    assert.deepEqual(doc.getExtensions(), [{ name: 'X-Trace', payload: 'abc 123' }]);
    assert.deepEqual(doc.getNestList(), [
      { parent: 'User', child: 'Post' },
      { parent: 'User', child: 'Tag' },
    ]);
    assert.deepEqual(doc.getNests(), { User: 'Post' });
    assert.equal(doc.nestCount, 2);
  } finally {
    doc.delete();
  }
});

test('toJSON gives plain values (D21); JSON.stringify(doc) and toJson() agree', () => {
  const doc = hedl.parse(SAMPLE);
  try {
    const v = doc.toJSON();
    assert.deepEqual(v, {
      users: [
        {
          id: 'alice',
          name: 'Alice',
          age: 30,
          active: true,
          Post: [
            { id: 'p1', title: 'Hello', views: 10 },
            { id: 'p2', title: 'Again', views: 10 },
          ],
        },
        { id: 'bob', name: 'Bob "B"', age: 2.5, active: false },
      ],
      settings: {
        region: 'Europe',
        owner: { '@ref': '@User:alice' },
        weights: [
          [1, 2],
          [3, 4.5],
        ],
        note: null,
        formula: '$(a + b)',
      },
    });
    assert.equal(Object.getPrototypeOf(v.users[0]), Object.prototype);
    assert.equal(JSON.stringify(doc), JSON.stringify(v));
    assert.deepEqual(doc.toJson(), v);
    assert.deepEqual(JSON.parse(doc.toJsonString()), v);
    assert.deepEqual(JSON.parse(doc.toJsonString(false)), v);
    assert.doesNotMatch(doc.toJsonString(false), /\n/);
    assert.match(doc.toJsonString(), /\n {2}"users"/);
  } finally {
    doc.delete();
  }
});

test('metadata: __type__ on rows, wrapped lists', () => {
  const doc = hedl.parse(SAMPLE);
  try {
    const m = doc.toJSON({ metadata: true });
    assert.equal(m.users.__type__, 'User');
    assert.deepEqual(m.users.__schema__, ['id', 'name', 'age', 'active']);
    assert.equal(m.users.items[0].__type__, 'User');
    assert.equal(m.users.items[0].Post[0].__type__, 'Post');
    assert.deepEqual(m, JSON.parse(doc.toJsonString({ metadata: true, pretty: false })));
  } finally {
    doc.delete();
  }
});

test('toHedl and format give the canonical form, a fixed point', () => {
  const doc = hedl.parse(SAMPLE);
  try {
    const canonical = doc.toHedl();
    assert.equal(hedl.format(canonical), canonical);
    assert.equal(hedl.format(SAMPLE), canonical);
    assert.ok(canonical.includes('^'));
    const noDitto = doc.toHedl({ ditto: false });
    assert.ok(!noDitto.includes('^'));
    assert.equal(hedl.format(SAMPLE, false), noDitto);
    const again = hedl.parse(canonical);
    assert.deepEqual(again.toJSON(), doc.toJSON());
    again.delete();
  } finally {
    doc.delete();
  }
});

test('lint: findings with rule, severity, message, line, column; config filters', () => {
  const text = '%VERSION: 1.0\n%STRUCT: Unused: [id]\n%STRUCT: T: [id]\n---\nitems: @T\n  | x\n';
  const doc = hedl.parse(text);
  try {
    const diags = doc.lint();
    const rules = diags.map((d) => d.rule).sort();
    assert.deepEqual(rules, ['id-naming', 'unused-schema']);
    for (const d of diags) {
      assert.ok(d.line >= 1);
      assert.ok(['hint', 'warning', 'error'].includes(d.severity));
      assert.equal(typeof d.message, 'string');
      assert.equal(typeof d.suggestion, 'string');
    }
    assert.deepEqual(
      doc.lint({ disabledRules: ['id-naming'] }).map((d) => d.rule),
      ['unused-schema'],
    );
    assert.deepEqual(
      doc.lint({ minSeverity: 'warning' }).map((d) => d.rule),
      ['unused-schema'],
    );
    assert.equal(doc.lint({ warningsAsErrors: true }).find((d) => d.rule === 'unused-schema').severity, 'error');
    assert.equal(doc.lint({ maxDiagnostics: 1 }).length, 1);
    assert.throws(() => doc.lint({ minSeverity: 'loud' }), TypeError);
    assert.deepEqual(hedl.lint(text), diags);
  } finally {
    doc.delete();
  }
});

test('countEntities and query (child rows keep their real column names)', () => {
  const doc = hedl.parse(SAMPLE);
  try {
    assert.deepEqual(doc.countEntities(), { User: 2, Post: 2 });
    assert.deepEqual(doc.query('Post', 'p2'), [
      { type: 'Post', id: 'p2', fields: { id: 'p2', title: 'Again', views: 10 } },
    ]);
    assert.equal(doc.query().length, 4);
    assert.deepEqual(
      doc.query('User').map((e) => e.id),
      ['alice', 'bob'],
    );
    assert.equal(doc.query('User')[0].fields.Post, undefined);
    assert.deepEqual(doc.query(undefined, 'bob')[0].fields, { id: 'bob', name: 'Bob "B"', age: 2.5, active: false });
    assert.deepEqual(doc.query('Nobody'), []);
  } finally {
    doc.delete();
  }
});

test('stats and getStats', () => {
  const doc = hedl.parse(SAMPLE);
  try {
    const s = doc.stats();
    assert.equal(s.hedlBytes, new TextEncoder().encode(SAMPLE).length);
    assert.equal(s.hedlLines, SAMPLE.split('\n').length - 1);
    assert.equal(s.jsonBytes, doc.toJsonString(false).length);
    assert.ok(s.hedlTokens > 0 && s.jsonTokens > 0);
    assert.equal(s.tokensSaved, s.jsonTokens - s.hedlTokens);
    assert.ok(Math.abs(s.savingsPercent - s.tokenSavings * 100) < 1e-9);
    assert.deepEqual(s.entities, { User: 2, Post: 2 });
    assert.equal(s.schemas, 2);
    assert.deepEqual(hedl.getStats(SAMPLE), s);
  } finally {
    doc.delete();
  }
});

test('one-shot helpers: toJson, validate, compareTokens', () => {
  assert.deepEqual(JSON.parse(hedl.toJson(SAMPLE)), JSON.parse(hedl.toJson(SAMPLE, false)));
  assert.match(hedl.toJson(SAMPLE), /\n/);
  assert.doesNotMatch(hedl.toJson(SAMPLE, false), /\n/);

  const ok = hedl.validate(SAMPLE);
  assert.equal(ok.valid, true);
  assert.deepEqual(ok.errors, []);
  const bad = hedl.validate('%VERSION: 1.0\n---\na: 1\nb: @nowhere\n');
  assert.equal(bad.valid, false);
  assert.equal(bad.errors.length, 1);
  assert.deepEqual(Object.keys(bad.errors[0]).sort(), ['codeFrame', 'column', 'kind', 'line', 'message', 'type']);
  assert.match(bad.errors[0].codeFrame, /^ {2}3 \| a: 1\n> 4 \| b: @nowhere\n {4}\| {4}\^\n$/);
  assert.equal(bad.errors[0].kind, 'ReferenceError');
  assert.equal(bad.errors[0].type, 'ReferenceError');
  assert.equal(bad.errors[0].line, 4);
  assert.equal(hedl.validate('%VERSION: 1.0\n---\na: 1\nb: @nowhere\n', { strict: false }).valid, true);
  const warned = hedl.validate('%VERSION: 1.0\n%STRUCT: U: [id]\n---\na: 1\n');
  assert.equal(warned.valid, true);
  assert.equal(warned.warnings[0].rule, 'unused-schema');
  assert.deepEqual(hedl.validate('%VERSION: 1.0\n%STRUCT: U: [id]\n---\na: 1\n', false).warnings, []);
  assert.deepEqual(hedl.validate('%VERSION: 1.0\n%STRUCT: U: [id]\n---\na: 1\n', { lint: false }).warnings, []);

  const c = hedl.compareTokens(SAMPLE, hedl.toJson(SAMPLE, false));
  assert.equal(c.hedl.bytes, new TextEncoder().encode(SAMPLE).length);
  assert.equal(c.hedl.lines, SAMPLE.split('\n').length - 1);
  assert.ok(c.savings.tokens === c.json.tokens - c.hedl.tokens);
  assert.ok(c.savings.percent > 0);
});

/** The HedlError fn() throws (fails the test when it throws nothing or something else). */
function thrown(fn) {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof hedl.HedlError, String(e));
    return e;
  }
  assert.fail('expected a HedlError');
}

test('errors: codeFrame shows the place (parse, bytes, fromJson, toHedl, validate); toString() includes it', () => {
  const text = '%VERSION: 1.0\n---\na: 1\nb: [x]\nc: 2\n';
  const frame = '  3 | a: 1\n> 4 | b: [x]\n    |     ^\n  5 | c: 2\n';
  const e = thrown(() => hedl.parse(text));
  assert.equal(e.codeFrame, frame);
  assert.equal(String(e), `HedlError: ${e.message}\n${frame.slice(0, -1)}`);
  assert.equal(e.toJSON().codeFrame, frame);
  // The same from UTF-8 bytes, with columns in code points.
  const bytes = new TextEncoder().encode('%VERSION: 1.0\n---\nnote: "é€"\nb: [x]\n');
  const eb = thrown(() => hedl.parse(bytes));
  assert.equal(eb.codeFrame, '  3 | note: "é€"\n> 4 | b: [x]\n    |     ^\n');
  // A one-shot helper, and a late line of a big document (the excerpt is all that is kept).
  const late = `%VERSION: 1.0\n---\n${Array.from({ length: 5000 }, (_, i) => `k${i}: 1\n`).join('')}b: [x]\n`;
  const el = thrown(() => hedl.toJson(late));
  assert.equal(el.line, 5003);
  assert.equal(el.codeFrame, '  5002 | k4999: 1\n> 5003 | b: [x]\n       |     ^\n');
  // JSON errors point into the JSON.
  const ej = thrown(() => hedl.fromJson('{\n "a": [1,\n}'));
  assert.equal(ej.codeFrame, '  2 |  "a": [1,\n> 3 | }\n    | ^\n');
  // toHedl's conversion errors point into the document.
  const two = hedl.parse('%V:2.0\n%NULL:~\n%QUOTE:"\n---\nt: (a, b)\n');
  const ec = thrown(() => two.toHedl({ version: '1.0' }));
  assert.equal(ec.codeFrame, '  4 | ---\n> 5 | t: (a, b)\n');
  two.delete();
  // Without a place: no frame.
  const none = new hedl.HedlError('SyntaxError', 'x');
  assert.equal(none.codeFrame, '');
  assert.equal(String(none), 'HedlError: SyntaxError at line 0: x');
});

test('errors: HedlError with kind, line, column, code and the upstream message form', () => {
  const e = assert.throws(() => hedl.parse('%VERSION: 1.0\n---\na: 1\n  b: [x]\n'), hedl.HedlError);
  let err;
  try {
    hedl.parse('%VERSION: 1.0\n---\nok: 1\ntags: [a, b]\n');
  } catch (x) {
    err = x;
  }
  assert.ok(err instanceof hedl.HedlError);
  assert.ok(err instanceof Error);
  assert.equal(err.name, 'HedlError');
  assert.equal(err.kind, 'SyntaxError');
  assert.equal(err.line, 4);
  assert.ok(err.column >= 1);
  assert.equal(typeof err.code, 'number');
  assert.ok(err.message.startsWith('SyntaxError at line 4: '));
  assert.equal(err.message, `SyntaxError at line 4: ${err.reason}`);
  assert.throws(
    () => hedl.parse('%VERSION: 3.0\n---\n'),
    (x) => x.kind === 'VersionError',
  );
  assert.throws(
    () => hedl.parse('%VERSION: 1.0\n---\nb: @x\n'),
    (x) => x.kind === 'ReferenceError' && x.line === 3,
  );
  void e;
});

test('parse options: strict, limits (SecurityError), bad options are TypeErrors', () => {
  const lenient = hedl.parse('%VERSION: 1.0\n---\nb: @x\n', { strict: false });
  assert.deepEqual(lenient.toJSON(), { b: { '@ref': '@x' } });
  lenient.delete();
  const deep = '%VERSION: 1.0\n---\na:\n  b:\n    c:\n      d: 1\n';
  assert.throws(
    () => hedl.parse(deep, { limits: { maxIndentDepth: 2 } }),
    (x) => x.kind === 'SecurityError' && /max_indent_depth/.test(x.message),
  );
  hedl.parse(deep, { limits: { maxIndentDepth: 10 } }).delete();
  assert.throws(
    () => hedl.parse('%VERSION: 1.0\n---\na: 1\n', { limits: { maxFileSize: 5 } }),
    (x) => x.kind === 'SecurityError',
  );
  assert.throws(() => hedl.parse('%VERSION: 1.0\n---\n', { limits: { maxWhatever: 1 } }), TypeError);
  assert.throws(() => hedl.parse('%VERSION: 1.0\n---\n', { limits: { maxNodes: -1 } }), TypeError);
  assert.throws(() => hedl.parse(42), TypeError);
  const d = hedl.defaultLimits();
  assert.equal(d.maxIndentDepth, 50);
  assert.equal(d.maxNestDepth, 100);
  assert.equal(Object.keys(d).length, 10);
});

test('setMaxInputSize / getMaxInputSize', () => {
  const before = hedl.getMaxInputSize();
  assert.equal(before, 500 * 1024 * 1024);
  try {
    hedl.setMaxInputSize(10);
    assert.equal(hedl.getMaxInputSize(), 10);
    assert.throws(
      () => hedl.parse('%VERSION: 1.0\n---\na: 1\n'),
      (x) => x.kind === 'SecurityError',
    );
    assert.equal(hedl.validate('%VERSION: 1.0\n---\na: 1\n').valid, false);
    assert.throws(() => hedl.setMaxInputSize(-1), TypeError);
  } finally {
    hedl.setMaxInputSize(before);
  }
});

test('input as Uint8Array, non-ASCII text, a BOM and lone surrogates', () => {
  const text =
    '%VERSION: 1.0\n%STRUCT: P: [id, name, city]\n---\npeople: @P\n  | a, Zoë 🙂, Köln\n  | b, "x, y", ^\nnote: naïve — ok\n';
  const want = {
    people: [
      { id: 'a', name: 'Zoë 🙂', city: 'Köln' },
      { id: 'b', name: 'x, y', city: 'Köln' },
    ],
    note: 'naïve — ok',
  };
  for (const input of [text, new TextEncoder().encode(text), '\uFEFF' + text]) {
    const doc = hedl.parse(input);
    assert.deepEqual(doc.toJSON(), want);
    doc.delete();
  }
  // A BOM before pure ASCII: offsets into the input must still count it as one unit.
  const ascii = '%VERSION: 1.0\n%STRUCT: P: [id, name]\n---\npeople: @P\n  | a, Ann\n  | b, Bo\nnote: plain\n';
  for (const input of ['\uFEFF' + ascii, new TextEncoder().encode('\uFEFF' + ascii)]) {
    const doc = hedl.parse(input);
    assert.deepEqual(doc.toJSON(), {
      people: [
        { id: 'a', name: 'Ann' },
        { id: 'b', name: 'Bo' },
      ],
      note: 'plain',
    });
    doc.delete();
  }
  const lone = hedl.parse('%VERSION: 1.0\n---\ns: a\uD800b\nt: \uD83D\uDE42 x\n');
  assert.deepEqual(lone.toJSON(), { s: 'a\uFFFDb', t: '\uD83D\uDE42 x' });
  lone.delete();
  const genuine = hedl.parse('%VERSION: 1.0\n---\ns: a\uFFFDb\nt: é\n');
  assert.deepEqual(genuine.toJSON(), { s: 'a\uFFFDb', t: 'é' });
  genuine.delete();
});

test('a "__proto__" key is an own property, as with JSON.parse', () => {
  const doc = hedl.parse('%VERSION: 1.0\n%STRUCT: T: [id, __proto__]\n---\n__proto__: 1\nrows: @T\n  | a, 2\n');
  const v = doc.toJSON();
  doc.delete();
  assert.equal(Object.getPrototypeOf(v), Object.prototype);
  assert.deepEqual(Object.keys(v), ['__proto__', 'rows']);
  assert.equal(Object.getOwnPropertyDescriptor(v, '__proto__').value, 1);
  assert.equal(Object.getOwnPropertyDescriptor(v.rows[0], '__proto__').value, 2);
});

test('wide rows (more columns than the unrolled builders) and many schemas', () => {
  const cols = Array.from({ length: 20 }, (_, i) => `c${i}`);
  const text = `%VERSION: 1.0\n%STRUCT: W: [id, ${cols.join(', ')}]\n---\nw: @W\n  | r1, ${cols.map((_, i) => i).join(', ')}\n`;
  const doc = hedl.parse(text);
  const row = doc.toJSON().w[0];
  doc.delete();
  assert.equal(row.id, 'r1');
  assert.equal(row.c19, 19);
  assert.deepEqual(Object.keys(row), ['id', ...cols]);
});

test('HedlDocument cannot be constructed directly', () => {
  assert.throws(() => new hedl.HedlDocument(), TypeError);
});

test('large documents: toJSON (the tape) equals the JSON writer, string cache overflow included', () => {
  // 70k distinct short IDs overflow the 65536-slot string cache; repeated
  // short values, long values, escaped (arena) strings, non-ASCII text, ditto
  // copies and references all go through both paths.
  const lines = ['%VERSION: 1.0', '%STRUCT: R: [id, cat, long, quoted, n, ok, ref]', '---', 'rows: @R'];
  for (let i = 0; i < 70000; i++) {
    const cat = ['red', 'grün', 'blue'][i % 3];
    const quoted = i % 5 === 0 ? '"say ""hi"""' : i % 7 === 0 ? '^' : `"plain ${i % 11}"`;
    const ref = i > 0 ? `@r${i - 1}` : '~';
    lines.push(`  | r${i}, ${cat}, a-much-longer-value-${i}-éè, ${quoted}, ${i * 1.5}, ${i % 2 === 0}, ${ref}`);
  }
  const text = lines.join('\n') + '\n';
  for (const input of [text, new TextEncoder().encode(text)]) {
    const doc = hedl.parse(input);
    try {
      const viaTape = doc.toJSON();
      const viaText = JSON.parse(doc.toJsonString(false));
      assert.equal(viaTape.rows.length, 70000);
      assert.deepEqual(viaTape, viaText);
      assert.equal(viaTape.rows[69999].id, 'r69999');
      assert.equal(viaTape.rows[5].quoted, 'say "hi"');
      assert.equal(viaTape.rows[7].quoted, viaTape.rows[6].quoted);
    } finally {
      doc.delete();
    }
  }
});

test('fromJson: JSON text or a value to HEDL that parses back to the same data (D24)', () => {
  const value = {
    users: [
      { id: 'alice', name: 'Alice', age: 30, Post: [{ id: 'p1', title: 'Hi' }] },
      { id: 'bob', name: 'Bob', age: 41 },
    ],
    settings: { region: 'eu', owner: { '@ref': '@User:alice' }, weights: [1.5, 2, 3] },
  };
  const text = hedl.fromJson(value);
  assert.equal(hedl.fromJson(JSON.stringify(value)), text);
  assert.ok(text.startsWith('%V:2.0\n%NULL:~\n%QUOTE:"\n'), text);
  const doc = hedl.parse(text);
  assert.equal(doc.version, '2.0');
  assert.deepEqual(doc.toJSON(), value);
  doc.delete();
  const one = hedl.fromJson(value, { version: '1.0' });
  assert.ok(one.startsWith('%VERSION: 1.0\n'));
  const doc1 = hedl.parse(one);
  assert.deepEqual(doc1.toJSON(), value);
  doc1.delete();
  assert.throws(() => hedl.fromJson(value, { version: '3.0' }), TypeError);
  assert.equal(typeof hedl.fromJson(value, false), 'string');
  assert.equal(typeof hedl.fromJson(value, { ditto: false, strict: true }), 'string');
  // Arrays of values are 2.0 list literals; 1.0 has none, and lists do not nest.
  const tags = { tags: ['a', 'b, c', '(x)', 1, true, null], rows: [{ id: 'r1', t: ['x'] }] };
  const listText = hedl.fromJson(tags);
  assert.match(listText, /^tags: \(a, "b, c", "\(x\)", 1, true, ~\)$/m);
  assert.match(listText, /^ \|r1,\(x\)$/m);
  const listDoc = hedl.parse(listText);
  assert.deepEqual(listDoc.toJSON(), tags);
  listDoc.delete();
  // Records with lists of several child types: 2.0 child blocks.
  const authors = {
    authors: [
      { id: 'a1', Book: [{ id: 'b1' }, { id: 'b2' }], Talk: [{ id: 't1', venue: 'RS' }] },
      { id: 'a2', Talk: [{ id: 't2', venue: 'X' }] },
    ],
  };
  const blockText = hedl.fromJson(authors);
  assert.match(blockText, /^ {2}@Book#2:\|b1\|b2$/m);
  const blockDoc = hedl.parse(blockText);
  assert.deepEqual(blockDoc.toJSON(), authors);
  assert.deepEqual(blockDoc.getNestList(), [
    { parent: 'Author', child: 'Book' },
    { parent: 'Author', child: 'Talk' },
  ]);
  blockDoc.delete();
  assert.throws(() => hedl.fromJson(authors, { version: '1.0' }), /HEDL 1\.0 gives each record type one child type/);
  assert.throws(
    () => hedl.fromJson('{"tags": ["a", "b"]}', { version: '1.0' }),
    (e) => e instanceof hedl.HedlError && e.kind === 'ConversionError' && e.message.includes('$.tags[0]'),
  );
  assert.throws(
    () => hedl.fromJson('{"tags": [["a"], "b"]}'),
    (e) =>
      e instanceof hedl.HedlError &&
      e.kind === 'ConversionError' &&
      e.message.includes('$.tags[0]') &&
      e.message.includes('cannot be nested') &&
      e.line === 1 &&
      e.column === 11,
  );
  assert.throws(
    () => hedl.fromJson('{"a": '),
    (e) => e.kind === 'ConversionError' && e.line === 1,
  );
  assert.throws(() => hedl.fromJson(undefined), TypeError);
});

test('deep documents (raised limits) decode without exhausting the stack', () => {
  for (const depth of [1500, 2600]) {
    const lines = ['%VERSION: 1.0', '---'];
    for (let i = 0; i < depth; i++) lines.push(`${'  '.repeat(i)}k${i}:`);
    lines.push(`${'  '.repeat(depth)}leaf: 1`);
    const doc = hedl.parse(lines.join('\n') + '\n', {
      limits: { maxIndentDepth: depth + 10, maxNestDepth: depth + 10 },
    });
    try {
      let v = doc.toJSON();
      for (let i = 0; i < depth; i++) v = v[`k${i}`];
      assert.deepEqual(v, { leaf: 1 });
    } finally {
      doc.delete();
    }
  }
});

test('countEntities lists types in the order they first appear in the document', () => {
  const text = `%VERSION: 1.0
%STRUCT: Zebra: [id]
%STRUCT: Apple: [id]
%STRUCT: Mango: [id]
%STRUCT: Kiwi: [id]
%STRUCT: Seed: [id]
%NEST: Apple > Seed
---
zebras: @Zebra
  | z1
apples: @Apple
  | a1
    | s1
    | s2
mangos: @Mango
  | m1
  | m2
box:
  kiwis: @Kiwi
    | k1
`;
  const doc = hedl.parse(text);
  try {
    const counts = doc.countEntities();
    // Key order matters here (deepEqual ignores it): document order, children after their parent type.
    assert.deepStrictEqual(Object.keys(counts), ['Zebra', 'Apple', 'Seed', 'Mango', 'Kiwi']);
    assert.deepStrictEqual(Object.values(counts), [1, 1, 2, 2, 1]);
    assert.deepStrictEqual(
      Object.keys(doc.stats().entities),
      Object.keys(counts),
      'stats() and countEntities() walk the document the same way',
    );
  } finally {
    doc.delete();
  }
});

test('one-shot names match the document methods; upstream names are aliases of them', () => {
  assert.equal(hedl.toJson, hedl.toJsonString);
  assert.equal(hedl.format, hedl.toHedl);
  assert.equal(hedl.getStats, hedl.stats);
  assert.equal(hedl.HedlDocument.prototype.toJson, hedl.HedlDocument.prototype.toJSON);
  const doc = hedl.parse(SAMPLE);
  try {
    assert.deepStrictEqual(hedl.toObject(SAMPLE), doc.toJSON());
    assert.deepStrictEqual(hedl.toObject(SAMPLE, { metadata: true }), doc.toJSON({ metadata: true }));
    assert.equal(hedl.toJsonString(SAMPLE, { metadata: true }), doc.toJsonString({ metadata: true }));
    assert.equal(hedl.toHedl(SAMPLE), doc.toHedl());
    assert.deepStrictEqual(hedl.stats(SAMPLE), doc.stats());
    assert.throws(() => doc.toJsonString('pretty'), TypeError); // the method stays strict
  } finally {
    doc.delete();
  }
  assert.equal(typeof hedl.toJsonString(SAMPLE), 'string');
  assert.deepStrictEqual(JSON.parse(hedl.toJsonString(SAMPLE, false)), hedl.toObject(SAMPLE));
  assert.equal(hedl.toJsonString(SAMPLE, { pretty: false }), hedl.toJsonString(SAMPLE, false));
  assert.equal(hedl.toJson(SAMPLE), hedl.toJsonString(SAMPLE, { pretty: true }));
  assert.equal(hedl.toHedl(SAMPLE, { ditto: false }), hedl.format(SAMPLE, false));
  assert.deepStrictEqual(hedl.stats(SAMPLE), hedl.getStats(SAMPLE));
  // toJson(text, pretty) reads any non-object as a flag, as it always did.
  const compact = hedl.toJsonString(SAMPLE, false);
  for (const flag of [null, 0, '']) assert.equal(hedl.toJson(SAMPLE, flag), compact);
  for (const flag of [undefined, 1, 'yes']) assert.equal(hedl.toJson(SAMPLE, flag), hedl.toJsonString(SAMPLE));
});

test('HedlError.code is the C API code of the kind (core/abi/abi.json)', () => {
  const codeOf = (text, options) => {
    try {
      hedl.parse(text, options).delete();
    } catch (e) {
      return [e.kind, e.code];
    }
    return null;
  };
  assert.deepStrictEqual(codeOf('%VERSION: 1.0\n---\na: [x]\n'), ['SyntaxError', 1]); // HEDL_ERR_KIND_SYNTAX
  assert.deepStrictEqual(codeOf('%VERSION: 1.0\n---\na: @nobody\n'), ['ReferenceError', 9]);
  assert.deepStrictEqual(codeOf('%VERSION: 1.0\n---\na: 1\n', { limits: { maxFileSize: 4 } }), ['SecurityError', 10]);
  assert.equal(new hedl.HedlError('OutOfMemory', 'x').code, 12); // HEDL_ERR_KIND_OUT_OF_MEMORY
  assert.equal(new hedl.HedlError('UseAfterDelete', 'x').code, 100);
  assert.deepStrictEqual(Object.keys(hedl.defaultLimits()), [
    'maxFileSize',
    'maxLineLength',
    'maxIndentDepth',
    'maxNodes',
    'maxAliases',
    'maxColumns',
    'maxNestDepth',
    'maxBlockStringSize',
    'maxObjectKeys',
    'maxTotalKeys',
  ]);
});

test('JSON.stringify of the module namespace does not call a one-shot helper', () => {
  assert.equal(typeof JSON.stringify(hedl), 'string');
});

test('HEDL 2.0: list literals, child blocks and several child types through wasm', () => {
  const text = [
    '%V:2.0',
    '%NULL:~',
    '%QUOTE:"',
    '%S:User:[id,name,tags]',
    '%S:Post:[id,title]',
    '%S:Comment:[id,text]',
    '%N:User>Post',
    '%N:User>Comment',
    '%PROMPT: "hi"',
    '---',
    'tags: (a, 1, true, ~)',
    'users:@User',
    ' |u1,Alice,(admin, "x,y")',
    '  @Post#2:|p1,Hello|p2,World',
    '  @Comment#1:',
    '  |c1,nice',
    ' |u2,Bob,()',
    '  |p3,Solo',
    '',
  ].join('\n');
  const want = {
    tags: ['a', 1, true, null],
    users: [
      {
        id: 'u1',
        name: 'Alice',
        tags: ['admin', 'x,y'],
        Post: [
          { id: 'p1', title: 'Hello' },
          { id: 'p2', title: 'World' },
        ],
        Comment: [{ id: 'c1', text: 'nice' }],
      },
      { id: 'u2', name: 'Bob', tags: [], Post: [{ id: 'p3', title: 'Solo' }] },
    ],
  };
  const doc = hedl.parse(text);
  try {
    assert.deepStrictEqual(doc.toJSON(), want);
    assert.deepStrictEqual(JSON.parse(doc.toJsonString()), want);
  } finally {
    doc.delete();
  }
  assert.throws(
    () => hedl.parse('%V:2.0\n%NULL:~\n%QUOTE:"\n%S:T:[id,v]\n---\nt:@T\n |a,1\n |b,^\n'),
    (x) => x.kind === 'SemanticError' && x.line === 8,
  );
  assert.throws(
    () => hedl.parse('%V:2.0\n---\n'),
    (x) => x.kind === 'SyntaxError' && x.line === 2,
  );
});

test('stringify: the text of fromJson(JSON.stringify(value)) without JSON text; replacer; errors', () => {
  // Every conformance JSON, and values JSON.stringify treats specially.
  const files = [];
  const walk = (d) => {
    for (const f of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, f.name);
      if (f.isDirectory()) walk(p);
      else if (f.name.endsWith('.expect.json')) files.push(p);
    }
  };
  walk(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'conformance'));
  let compared = 0;
  for (const f of files) {
    const e = JSON.parse(fs.readFileSync(f, 'utf8'));
    if (!e.ok || !e.json) continue;
    const viaJson = (() => {
      try {
        return hedl.fromJson(JSON.stringify(e.json));
      } catch (x) {
        return `${x.kind}: ${x.reason}`;
      }
    })();
    const direct = (() => {
      try {
        return hedl.stringify(e.json);
      } catch (x) {
        return `${x.kind}: ${x.reason}`;
      }
    })();
    assert.equal(direct, viaJson, f);
    compared++;
  }
  assert.ok(compared > 250);
  const special = {
    date: new Date(0),
    gone: undefined,
    fn() {},
    nan: NaN,
    inf: -Infinity,
    big: 2 ** 60,
    neg: -(2 ** 62),
    huge: 1.5e300,
    wrapped: [new Number(3), new String('s'), new Boolean(false)],
    holes: [1, undefined, () => 1],
    t: [
      [1, 2],
      [3, 4],
    ],
    s: 'é€\t"(x)',
    users: [{ id: 'u1', n: 1, tags: ['a', 'b'], Post: [{ id: 'p1' }] }],
    custom: { toJSON: (k) => `key ${k}` },
  };
  assert.equal(hedl.stringify(special), hedl.fromJson(JSON.stringify(special)));
  // Replacers, as JSON.stringify takes them.
  const v = { a: 1, b: 'x', c: { a: 3, d: 4 } };
  const double = (k, x) => (typeof x === 'number' ? x * 2 : x);
  assert.equal(hedl.stringify(v, double), hedl.fromJson(JSON.stringify(v, double)));
  assert.equal(hedl.stringify(v, ['a', 'c']), hedl.fromJson(JSON.stringify(v, ['a', 'c'])));
  assert.equal(
    hedl.stringify(v, { replacer: ['b'], version: '1.0' }),
    hedl.fromJson(JSON.stringify(v, ['b']), { version: '1.0' }),
  );
  // Errors: as JSON.stringify (TypeError), or as fromJson (HedlError naming the path).
  assert.throws(() => hedl.stringify(undefined), TypeError);
  assert.throws(() => hedl.stringify({ a: 1n }), TypeError);
  const cyclic = { a: {} };
  cyclic.a.self = cyclic;
  assert.throws(() => hedl.stringify(cyclic), /circular/);
  assert.throws(() => hedl.stringify(v, 'nope'), TypeError);
  assert.throws(
    () => hedl.stringify({ s: '\ud800' }),
    (e) => e.kind === 'ConversionError',
  );
  assert.throws(
    () => hedl.stringify({ tags: [['x']] }),
    (e) => e instanceof hedl.HedlError && e.kind === 'ConversionError' && e.reason.startsWith('$.tags[0]: '),
  );
  assert.throws(
    () => hedl.stringify([1, 2]),
    (e) => e.kind === 'ConversionError',
  );
  let deep = {};
  for (let i = 0; i < 20000; i++) deep = { d: deep };
  assert.throws(
    () => hedl.stringify(deep),
    (e) => e.kind === 'SecurityError',
  );
  // Nothing stays allocated.
  const before = hedl.memoryStats().heapInUse;
  for (let i = 0; i < 200; i++) {
    hedl.stringify(special);
    assert.throws(() => hedl.stringify({ tags: [['x']] }));
  }
  assert.equal(hedl.memoryStats().heapInUse, before);
});
