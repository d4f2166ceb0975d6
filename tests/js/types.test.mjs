// The hand-written types (js/index.d.ts, shipped as dist/index.d.mts and
// .d.cts) compile against a typed usage file with tsc --noEmit, and name
// exactly what the module exports.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { dist, loadHedl, root } from './helpers.mjs';

test('tsc --noEmit over tests/js/types', () => {
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tests', 'js', 'types', 'tsconfig.json')], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

test('the .d.ts declares every runtime export and nothing more', async () => {
  const hedl = await loadHedl();
  const dts = fs.readFileSync(path.join(dist, 'index.d.mts'), 'utf8');
  const declared = new Set(
    [...dts.matchAll(/^export (?:declare )?(?:function|class|const) (\w+)/gm)].map((m) => m[1]).concat(['default']),
  );
  const runtime = new Set(Object.keys(hedl));
  assert.deepEqual([...runtime].sort(), [...declared].sort());
  const cjs = await import(path.join(dist, 'index.cjs'));
  assert.deepEqual(
    Object.keys(cjs.default ?? cjs)
      .filter((k) => k !== '__esModule')
      .sort(),
    [...declared].sort(),
  );
});
