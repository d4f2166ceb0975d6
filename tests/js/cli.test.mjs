// The `hedl` command (dist/cli.mjs) as a user runs it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { dist, root } from './helpers.mjs';

const cli = path.join(dist, 'cli.mjs');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hedl-cli-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const sample = path.join(root, 'examples', 'sample.hedl');
const write = (name, text) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
};
const run = (args, input) =>
  spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024 });

const bad = write('bad.hedl', '%VERSION: 1.0\n---\nok: 1\ntags: [a, b]\n');
const unresolved = write('unresolved.hedl', '%VERSION: 1.0\n---\na: @nowhere\n');
const unused = write('unused.hedl', '%VERSION: 1.0\n%STRUCT: U: [id]\n---\na: 1\n');

test('--help and --version', () => {
  const h = run(['--help']);
  assert.equal(h.status, 0);
  assert.match(h.stdout, /to-json FILE/);
  assert.match(h.stdout, /validate FILE/);
  const v = run(['--version']);
  assert.equal(v.status, 0);
  assert.equal(v.stdout.trim(), JSON.parse(fs.readFileSync(path.join(root, 'npm', 'package.json'), 'utf8')).version);
  assert.equal(run([]).status, 2);
  assert.equal(run(['frobnicate', sample]).status, 2);
  assert.equal(run(['to-json', sample, '--bogus']).status, 2);
});

test('to-json: compact, --pretty, --metadata, --lenient, stdin', () => {
  const compact = run(['to-json', sample]);
  assert.equal(compact.status, 0, compact.stderr);
  const data = JSON.parse(compact.stdout);
  assert.equal(compact.stdout.trim().includes('\n'), false);
  const pretty = run(['to-json', sample, '--pretty']);
  assert.deepEqual(JSON.parse(pretty.stdout), data);
  assert.match(pretty.stdout, /\n {2}"/);
  assert.match(run(['to-json', sample, '--metadata']).stdout, /"__type__"/);
  const stdin = run(['to-json', '-'], fs.readFileSync(sample, 'utf8'));
  assert.deepEqual(JSON.parse(stdin.stdout), data);
  assert.equal(run(['to-json', unresolved]).status, 1);
  assert.deepEqual(JSON.parse(run(['to-json', unresolved, '--lenient']).stdout), { a: { '@ref': '@nowhere' } });
});

test('to-json --stream and --jsonl: the same JSON, written as the file is read; rows one per line', () => {
  const whole = run(['to-json', sample]);
  const streamed = run(['to-json', sample, '--stream']);
  assert.equal(streamed.status, 0, streamed.stderr);
  assert.equal(streamed.stdout, whole.stdout);
  assert.equal(run(['to-json', '-', '--stream'], fs.readFileSync(sample, 'utf8')).stdout, whole.stdout);
  // A file of 30,000 rows, larger than one piece, with a %NEST child type.
  const rows = ['%VERSION: 1.0', '%STRUCT: U: [id, n]', '%STRUCT: P: [id]', '%NEST: U > P', '---', 'us: @U'];
  for (let i = 0; i < 30000; i++) rows.push(`  |u${i}, ${i}`, `    |p${i}`);
  const big = write('big.hedl', rows.join('\n') + '\n');
  const lines = run(['to-json', big, '--jsonl']);
  assert.equal(lines.status, 0, lines.stderr);
  const got = lines.stdout.split('\n');
  assert.equal(got.length, 30001);
  assert.deepEqual(JSON.parse(got[29999]), { id: 'u29999', n: 29999, P: [{ id: 'p29999' }] });
  const children = run(['to-json', big, '--jsonl', '--type', 'P']).stdout.split('\n');
  assert.deepEqual(JSON.parse(children[7]), { id: 'p7' });
  assert.equal(run(['to-json', big, '--stream']).stdout, run(['to-json', big]).stdout);
  // Errors: the kind and the line, exit 1; usage errors exit 2.
  const dup = run(['to-json', write('dup.hedl', rows.join('\n') + '\n  |u5, again\n'), '--jsonl']);
  assert.equal(dup.status, 1);
  assert.match(dup.stderr, /dup\.hedl:60007:\d+: CollisionError: duplicate ID 'u5'/);
  assert.equal(run(['to-json', sample, '--stream', '--pretty']).status, 2);
  assert.equal(run(['to-json', sample, '--type', 'U']).status, 2);
  assert.equal(run(['to-json', path.join(dir, 'missing.hedl'), '--stream']).status, 1);
});

test('errors go to stderr as FILE:LINE:COLUMN with exit 1', () => {
  const r = run(['to-json', bad]);
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:\\d+: SyntaxError: `));
  const missing = run(['to-json', path.join(dir, 'missing.hedl')]);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /cannot read/);
  const fromStdin = run(['to-json', '-'], '%VERSION: 1.0\n---\nx: [q]\n');
  assert.match(fromStdin.stderr, /^<stdin>:3:\d+: SyntaxError/);
});

test('format: output, --check, --no-ditto', () => {
  const f = run(['format', sample]);
  assert.equal(f.status, 0, f.stderr);
  const canonical = write('canonical.hedl', f.stdout);
  assert.equal(run(['format', canonical, '--check']).status, 0);
  const c = run(['format', sample, '--check']);
  if (f.stdout !== fs.readFileSync(sample, 'utf8')) {
    assert.equal(c.status, 1);
    assert.match(c.stderr, /not in canonical form/);
  }
  const ditto = write('ditto.hedl', '%VERSION: 1.0\n%STRUCT: T: [id, v]\n---\nt: @T\n  | a, 1\n  | b, 1\n');
  assert.match(run(['format', ditto]).stdout, /\^/);
  assert.doesNotMatch(run(['format', ditto, '--no-ditto']).stdout, /\^/);
});

test('format --to 2.0 and back to 1.0; a 2.0 list cannot go to 1.0', () => {
  const v1 = write('v1.hedl', '%VERSION: 1.0\n%STRUCT: T: [id, v]\n---\nt: @T\n  | a, 1\n  | b, ^\n');
  const two = run(['format', v1, '--to', '2.0']);
  assert.equal(two.status, 0, two.stderr);
  assert.equal(two.stdout, '%V:2.0\n%NULL:~\n%QUOTE:"\n%S:T:[id,v]\n---\nt:@T\n |a,1\n |b,1\n');
  const v2 = write('v2.hedl', two.stdout);
  assert.equal(run(['format', v2, '--check']).status, 0);
  const back = run(['format', v2, '--to=1.0']);
  assert.equal(back.status, 0, back.stderr);
  assert.match(back.stdout, /^%VERSION: 1\.0\n/);
  const list = write('list.hedl', '%V:2.0\n%NULL:~\n%QUOTE:"\n---\ntags: (a, b)\n');
  const bad = run(['format', list, '--to', '1.0']);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /ConversionError/);
  assert.match(bad.stderr, /5/);
  assert.equal(run(['format', list, '--to', '3.0']).status, 2);
  const json = write('in.json', '{"a": 1}');
  assert.equal(run(['from-json', json]).stdout, '%V:2.0\n%NULL:~\n%QUOTE:"\n---\na: 1\n');
  assert.equal(run(['from-json', json, '--to', '1.0']).stdout, '%VERSION: 1.0\n---\na: 1\n');
});

test('lint: text and json', () => {
  const t = run(['lint', unused]);
  assert.equal(t.status, 0);
  assert.match(t.stdout, /:2:\d+: warning: .*\[unused-schema\]/);
  const j = run(['lint', unused, '--format', 'json']);
  const diags = JSON.parse(j.stdout);
  assert.equal(diags[0].rule, 'unused-schema');
  assert.equal(diags[0].line, 2);
});

test('validate: exit codes, --lenient, --format json', () => {
  assert.equal(run(['validate', sample]).status, 0);
  const r = run(['validate', bad]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /:4:\d+: SyntaxError: /);
  const j = run(['validate', bad, '--format', 'json']);
  assert.equal(j.status, 1);
  const v = JSON.parse(j.stdout);
  assert.equal(v.valid, false);
  assert.equal(v.errors[0].kind, 'SyntaxError');
  assert.equal(v.errors[0].line, 4);
  assert.deepEqual(v.warnings, []);
  assert.equal(run(['validate', unresolved]).status, 1);
  assert.equal(run(['validate', unresolved, '--lenient']).status, 0);
  const ok = JSON.parse(run(['validate', unused, '--format=json']).stdout);
  assert.equal(ok.valid, true);
  assert.equal(ok.warnings[0].rule, 'unused-schema');
});

test('stats: text and json', () => {
  const t = run(['stats', sample]);
  assert.equal(t.status, 0, t.stderr);
  assert.match(t.stdout, /tokens/);
  assert.match(t.stdout, /^HEDL 1\.0\n/);
  const s = JSON.parse(run(['stats', sample, '--format', 'json']).stdout);
  assert.equal(s.hedlBytes, fs.statSync(sample).size);
  assert.equal(s.version, '1.0');
  assert.deepEqual(s.prompts, []);
  // A 2.0 document: its version and its 2.0 header data.
  const two = write(
    'two.hedl',
    '%V:2.0\n%NULL:~\n%QUOTE:"\n%MODE: lenient\n%S:T:[id]\n%C:T.total=1\n%PROMPT: "p"\n%X-Trace: x\n---\nt:@T\n |a\n',
  );
  const t2 = run(['stats', two]);
  assert.equal(t2.status, 0, t2.stderr);
  assert.match(t2.stdout, /^HEDL 2\.0 \(mode: lenient, prompts: 1, count directives: 1, extensions: X-Trace\)\n/);
  const s2 = JSON.parse(run(['stats', two, '--format', 'json']).stdout);
  assert.equal(s2.version, '2.0');
  assert.equal(s2.mode, 'lenient');
  assert.deepEqual(s2.prompts, ['p']);
  assert.deepEqual(s2.counts, [{ type: 'T', total: 1 }]);
  assert.deepEqual(s2.extensions, [{ name: 'X-Trace', payload: 'x' }]);
});

test('from-json: JSON file to HEDL; errors name the JSON path', () => {
  const json = write(
    'data.json',
    JSON.stringify({
      users: [
        { id: 'a', n: 1 },
        { id: 'b', n: 1 },
      ],
    }),
  );
  const r = run(['from-json', json]);
  assert.equal(r.status, 0, r.stderr);
  const back = write('back.hedl', r.stdout);
  assert.deepEqual(JSON.parse(run(['to-json', back]).stdout), {
    users: [
      { id: 'a', n: 1 },
      { id: 'b', n: 1 },
    ],
  });
  assert.equal(run(['from-json', json, '--no-ditto']).status, 0);
  const bad = write('bad.json', '{"tags": [["x"]]}');
  const e = run(['from-json', bad]);
  assert.equal(e.status, 1);
  assert.match(e.stderr, /:1:\d+: ConversionError: .*\$\.tags/);
  // Then the code frame, plain (stderr is not a terminal here).
  assert.match(e.stderr, /\n> 1 \| \{"tags": \[\["x"\]\]\}\n {4}\| {11}\^\n$/);
  assert.doesNotMatch(e.stderr, /\x1b\[/);
  assert.deepEqual(JSON.parse(run(['to-json', '-'], run(['from-json', '-'], '{"a": 1}').stdout).stdout), { a: 1 });
});
