// The same smoke test in every runtime: parse, convert (to JSON, from JSON,
// canonical form), lint, validate, errors, and freeing. It uses only
// web-standard JS so that Node, Deno, Bun, Chromium and workerd all run it
// as is. Returns a summary; throws on the first mismatch.

const TEXT = `%VERSION: 1.0
%STRUCT: User: [id, name, city]
%STRUCT: Unused: [id]
---
users: @User
  | alice, Alice Smith, Köln
  | bob, Bob 🙂, ^
owner: @User:alice
`;

const WANT = {
  users: [
    { id: 'alice', name: 'Alice Smith', city: 'Köln' },
    { id: 'bob', name: 'Bob 🙂', city: 'Köln' },
  ],
  owner: { '@ref': '@User:alice' },
};

function check(cond, what) {
  if (!cond) throw new Error(`smoke: ${what}`);
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Runs the smoke test against `hedl` (the package's module namespace). */
export async function smoke(hedl, initOptions) {
  await hedl.init(initOptions);
  check(hedl.init(initOptions) === hedl.init(), 'init() is memoised');
  const doc = hedl.parse(TEXT);
  let json;
  try {
    check(doc.version === '1.0', 'version');
    check(same(doc.getSchemaNames(), ['User', 'Unused']), 'schema names');
    json = doc.toJSON();
    check(same(json, WANT), `toJSON: ${JSON.stringify(json)}`);
    check(same(JSON.parse(doc.toJsonString(false)), WANT), 'toJsonString');
    check(same(JSON.parse(JSON.stringify(doc)), WANT), 'JSON.stringify(doc)');
    const canonical = doc.toHedl();
    check(hedl.format(canonical) === canonical, 'canonical form is a fixed point');
    check(
      doc.lint().some((d) => d.rule === 'unused-schema' && d.line === 3),
      'lint finds the unused schema',
    );
    check(same(doc.countEntities(), { User: 2 }), 'countEntities');
  } finally {
    doc.delete();
  }
  check(doc.isDeleted, 'deleted');
  let kind = null;
  try {
    doc.toJSON();
  } catch (e) {
    kind = e.kind;
  }
  check(kind === 'UseAfterDelete', 'use after delete throws UseAfterDelete');
  const bytes = new TextEncoder().encode(TEXT);
  const fromBytes = hedl.parse(bytes);
  check(same(fromBytes.toJSON(), WANT), 'parse of Uint8Array');
  fromBytes[Symbol.dispose]();
  check(fromBytes.isDeleted, 'Symbol.dispose frees');

  let error = null;
  try {
    hedl.parse('%VERSION: 1.0\n---\ntags: [a, b]\n');
  } catch (e) {
    error = e;
  }
  check(error instanceof hedl.HedlError && error.kind === 'SyntaxError' && error.line === 3, 'HedlError');
  check(error.message.startsWith('SyntaxError at line 3: '), 'error message form');
  const v = hedl.validate('%VERSION: 1.0\n---\na: @nowhere\n');
  check(!v.valid && v.errors[0].kind === 'ReferenceError', 'validate');
  check(same(JSON.parse(hedl.toJson(TEXT, false)), WANT), 'toJson one-shot');
  const back = hedl.parse(hedl.fromJson(WANT));
  check(same(back.toJSON(), WANT), 'fromJson round trip');
  back.delete();
  const stats = hedl.getStats(TEXT);
  check(stats.entities.User === 2 && stats.hedlTokens > 0, 'getStats');
  return { version: hedl.version(), users: json.users.length, canonicalBytes: hedl.format(TEXT).length };
}
