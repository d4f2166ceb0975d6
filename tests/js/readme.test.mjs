// Every ```js example of npm/README.md runs against the built package, each
// as its own ES module (in a temporary folder, with 'hedl' pointing at
// npm/dist/index.mjs).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import { dist, root } from './helpers.mjs';

const readme = fs.readFileSync(path.join(root, 'npm', 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);

test('the README has runnable examples', () => {
  assert.ok(blocks.length >= 4, `found ${blocks.length} js blocks`);
});

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hedl-readme-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const entry = pathToFileURL(path.join(dist, 'index.mjs')).href;
blocks.forEach((code, i) => {
  test(`README example ${i + 1}`, () => {
    const file = path.join(dir, `example-${i + 1}.mjs`);
    fs.writeFileSync(file, code.replaceAll("from 'hedl'", `from '${entry}'`));
    const r = spawnSync(process.execPath, [file], { encoding: 'utf8' });
    assert.equal(r.status, 0, `example ${i + 1} failed:\n${code}\n--- stderr:\n${r.stderr}`);
  });
});
