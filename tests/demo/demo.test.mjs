// Browser tests of the demo page (demo/), driven by playwright-core and the
// apt Chromium, against demo/serve.mjs on a free loopback port. Needs the
// built package in npm/dist (make build). Screenshots go to
// tests/demo/screenshots/ (git-ignored).
//
//   node --test tests/demo/
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CSP, startServer } from '../../demo/serve.mjs';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../chromium-options.mjs';

const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
const DEMO = fileURLToPath(new URL('../../demo/', import.meta.url));
const DESKTOP = { width: 1280, height: 800 };
const NARROW = { width: 390, height: 844 };

let server;
let base;
let browser;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const started = await startServer(0);
  server = started.server;
  base = started.url;
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_FLAGS,
  });
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
});

/** Opens the demo in a fresh page; `problems` collects console errors, page errors and CSP violations. */
async function open(viewport = DESKTOP) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`console ${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await page.goto(base);
  await page.evaluate(() => window.__hedlDemo.ready);
  await idle(page);
  return { page, problems, close: () => context.close() };
}

const idle = (page) => page.evaluate(() => window.__hedlDemo.idle());
const flush = (page) => page.evaluate(() => window.__hedlDemo.flush());
const editorText = (page) => page.$eval('#input', (ta) => ta.value);
const outputText = (page, name) => page.$eval(`#out-${name}`, (el) => el.textContent);

/** Replaces the editor's text the way a paste does (one input event). */
async function setEditorText(page, text) {
  await page.$eval(
    '#input',
    (ta, value) => {
      ta.focus();
      ta.select();
      ta.setRangeText(value, 0, ta.value.length, 'end');
      ta.dispatchEvent(new InputEvent('input', { inputType: 'insertFromPaste' }));
    },
    text,
  );
}

/** Returns the UTF-16 offset of 1-based line `line`, column `column` (ASCII) in `text`. */
function offsetOf(text, line, column) {
  let offset = 0;
  for (let l = 1; l < line; l++) offset = text.indexOf('\n', offset) + 1;
  return offset + column - 1;
}

function get(path) {
  return new Promise((resolve, reject) => {
    const req = request(new URL(base), { path, method: 'GET' }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serve.mjs', () => {
  test('sends the CSP and the right MIME types, from 127.0.0.1', async () => {
    assert.match(base, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await get('/');
    assert.equal(page.status, 200);
    assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(page.headers['content-security-policy'], CSP);
    assert.doesNotMatch(CSP, /'unsafe-eval'|'unsafe-inline'/);
    assert.match(CSP, /script-src 'self' 'wasm-unsafe-eval'/);
    const wasm = await get('/pkg/hedl.wasm');
    assert.equal(wasm.status, 200);
    assert.equal(wasm.headers['content-type'], 'application/wasm');
    assert.equal(wasm.headers['content-security-policy'], CSP);
    assert.deepEqual([...wasm.body.subarray(0, 4)], [0, 0x61, 0x73, 0x6d]);
    assert.equal((await get('/pkg/browser.mjs')).headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal((await get('/app.js')).headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal((await get('/examples/users.hedl')).status, 200);
    const missing = await get('/nope.js');
    assert.equal(missing.status, 404);
    assert.equal(missing.headers['content-security-policy'], CSP);
  });

  test('moves to the next port when the asked one is taken', async () => {
    const taken = Number(new URL(base).port);
    const second = await startServer(taken, 5);
    try {
      assert.notEqual(second.port, taken);
      assert.ok(second.port > taken && second.port <= taken + 5);
      assert.equal(second.url, `http://127.0.0.1:${second.port}/`);
    } finally {
      await new Promise((resolve) => second.server.close(resolve));
    }
  });

  test('refuses path traversal', async () => {
    for (const path of [
      '/../package.json',
      '/%2e%2e/package.json',
      '/pkg/../../package.json',
      '/pkg/%2e%2e/%2e%2e/package.json',
      '/examples/..%2f..%2fpackage.json',
      '/..\\package.json',
      '/%00/index.html',
    ]) {
      const res = await get(path);
      assert.ok(res.status === 400 || res.status === 403 || res.status === 404, `${path} gave ${res.status}`);
      assert.ok(!res.body.toString().includes('"hedl-workspace"'), `${path} leaked a file`);
    }
  });
});

describe('the page', () => {
  test('never writes HTML from strings', () => {
    for (const file of readdirSync(DEMO).filter((f) => f.endsWith('.js'))) {
      const source = readFileSync(`${DEMO}${file}`, 'utf8');
      assert.doesNotMatch(source, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/, file);
    }
    const html = readFileSync(`${DEMO}index.html`, 'utf8');
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)/, 'inline script');
    assert.doesNotMatch(html, /\sstyle=|<style/, 'inline style');
  });

  test('loads with no console errors and shows the first example as JSON', async () => {
    const { page, problems, close } = await open();
    try {
      assert.match(await editorText(page), /^%VERSION: 1\.0/);
      const json = JSON.parse(await outputText(page, 'json'));
      assert.equal(json.company, 'Northwind Labs');
      assert.equal(json.users.length, 10);
      assert.equal(json.users[0].team, 'Engineering');
      assert.match(await page.textContent('#status'), /Valid HEDL/);
      assert.match(await page.textContent('#savings-value'), /^\d+%$/);
      const parseTime = await page.textContent('#parse-time');
      assert.match(parseTime, /^[\d.,]+ (ms|µs)$/);
      assert.ok(parseFloat(parseTime.replace(',', '')) > 0, parseTime);
      assert.match(await page.textContent('#version'), /^hedl \d+\.\d+\.\d+/);
      await page.screenshot({ path: `${SHOTS}desktop-users.png` });
      await page.click('#tab-canonical');
      assert.match(await outputText(page, 'canonical'), /%STRUCT: User: \[/);
      await page.click('#tab-stats');
      assert.match(await page.textContent('#entities'), /User\s*10/);
      await page.screenshot({ path: `${SHOTS}desktop-stats.png` });
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  test('typing a change updates the JSON', async () => {
    const { page, problems, close } = await open();
    try {
      const text = await editorText(page);
      const at = text.indexOf('Northwind Labs') + 'Northwind Labs'.length;
      await page.$eval(
        '#input',
        (ta, i) => {
          ta.focus();
          ta.setSelectionRange(i, i);
        },
        at,
      );
      await page.keyboard.type(' GmbH');
      // The debounce runs it on its own: wait for the output, do not flush.
      await page.waitForFunction(
        () => document.getElementById('out-json').textContent.includes('Northwind Labs GmbH'),
        null,
        {
          timeout: 5000,
        },
      );
      assert.equal(JSON.parse(await outputText(page, 'json')).company, 'Northwind Labs GmbH');
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  test('an error is listed with line:column, and clicking it moves the caret there', async () => {
    const { page, problems, close } = await open();
    try {
      const text = await editorText(page);
      // Drop the last column of bob's row (line 11): a ShapeError at 11:3.
      const broken = text.replace(
        'bob@northwind.dev, %eng, developer, true, 2021-06-01',
        'bob@northwind.dev, %eng, developer, true',
      );
      assert.notEqual(broken, text);
      await setEditorText(page, broken);
      await flush(page);
      assert.match(await page.textContent('#status'), /ShapeError at 11:3/);
      assert.equal(await page.getAttribute('body', 'data-state'), 'invalid');
      await page.click('#tab-diagnostics');
      const diag = page.locator('#diagnostics button.diag').first();
      assert.equal(await diag.locator('.diag-loc').textContent(), '11:3');
      assert.equal(await diag.locator('.diag-kind').textContent(), 'ShapeError');
      assert.match(await page.textContent('#tab-diagnostics'), /1/);
      // The last good output stays, marked stale.
      assert.match(await page.getAttribute('#out-json', 'class'), /stale/);

      await page.$eval('#input', (ta) => ta.setSelectionRange(0, 0));
      await page.click('#output-area');
      await diag.click();
      const caret = await page.$eval('#input', (ta) => ({
        start: ta.selectionStart,
        end: ta.selectionEnd,
        focused: document.activeElement === ta,
      }));
      assert.deepEqual(caret, { start: offsetOf(broken, 11, 3), end: offsetOf(broken, 11, 3), focused: true });
      assert.equal(await page.textContent('#cursor-pos'), 'Ln 11, Col 3');
      // The offending line is marked in the gutter and behind the text.
      await page.waitForSelector('.gutter .ln.is-error.is-focus[data-line="11"]');
      assert.equal(await page.locator('.marks .band.is-focus').count(), 1);
      await page.screenshot({ path: `${SHOTS}desktop-error.png` });

      // The bar under the editor does the same.
      await page.$eval('#input', (ta) => ta.setSelectionRange(0, 0));
      await page.click('#problem');
      assert.equal(await page.$eval('#input', (ta) => ta.selectionStart), offsetOf(broken, 11, 3));

      // Fixing it clears the error.
      await setEditorText(page, text);
      await flush(page);
      assert.match(await page.textContent('#status'), /Valid HEDL/);
      await page.waitForFunction(() => document.querySelectorAll('.gutter .ln.is-error').length === 0);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  test('text from the document is never turned into markup', async () => {
    const { page, problems, close } = await open();
    try {
      const evil = '%VERSION: 1.0\n---\nnote: "<img src=x id=pwned>"\nbad: <b id=pwned2>\n';
      await setEditorText(page, evil);
      await flush(page);
      assert.match(await outputText(page, 'json'), /<img src=x id=pwned>/);
      await setEditorText(page, `${evil}oops: [x]\n`);
      await flush(page);
      await page.click('#tab-diagnostics');
      assert.equal(await page.locator('#pwned, #pwned2, img[src="x"]').count(), 0);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  test('every example loads from the picker', async () => {
    const { page, problems, close } = await open();
    try {
      const expected = {
        users: { valid: true, json: (j) => j.users.length === 10 },
        'org-chart': { valid: true, json: (j) => j.organization[0].Team[0].Member.length === 3 },
        references: { valid: true, json: (j) => j.orders[3].replaces['@ref'] === '@o3' },
        config: { valid: true, json: (j) => j.service.listen.port === 8443 && j.endpoints.length === 4 },
        tensors: { valid: true, json: (j) => j.model.projection[1][1] === 0.91 && j.layers[1].init.startsWith('$(') },
        'hedl-2': {
          valid: true,
          version: 2,
          json: (j) =>
            j.authors[0].Book.length === 2 &&
            j.authors[0].Talk[0].venue === 'Royal Society' &&
            j.library.tags[2] === 'open late',
        },
        errors: { valid: false },
      };
      for (const [id, want] of Object.entries(expected)) {
        await page.selectOption('#example', id);
        await page.waitForFunction(
          (name) => window.__hedlDemo.lastResult() !== null && document.getElementById('example').value === name,
          id,
        );
        await idle(page);
        const text = await editorText(page);
        assert.match(text, want.version === 2 ? /^%V:2\.0\n/ : /^%VERSION: 1\.0\n/, id);
        if (want.valid) {
          assert.match(await page.textContent('#status'), /Valid HEDL/, id);
          await page.click('#tab-json');
          assert.ok(want.json(JSON.parse(await outputText(page, 'json'))), `${id}: JSON content`);
        } else {
          assert.match(await page.textContent('#status'), /Error at \d+:\d+/, id);
          // A broken example opens on its problems.
          assert.equal(await page.getAttribute('#tab-diagnostics', 'aria-selected'), 'true');
          assert.ok((await page.locator('#diagnostics button.diag').count()) >= 1);
          await page.screenshot({ path: `${SHOTS}desktop-errors-example.png` });
        }
      }
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  test('the version switch writes HEDL 2.0 or 1.0', async () => {
    const { page, problems, close } = await open();
    try {
      // A 1.0 example: as input it stays 1.0; 2.0 converts it.
      await page.selectOption('#example', 'users');
      await page.waitForFunction(() => document.getElementById('example').value === 'users');
      await idle(page);
      await page.click('#tab-canonical');
      assert.match(await outputText(page, 'canonical'), /^%VERSION: 1\.0\n/);
      await page.selectOption('#target-version', '2.0');
      await idle(page);
      const two = await outputText(page, 'canonical');
      assert.match(two, /^%V:2\.0\n%NULL:~\n%QUOTE:"\n/);
      assert.doesNotMatch(two, /\^/);
      // The 2.0 example written as 1.0: the canonical tab says why not, the input stays valid.
      await page.selectOption('#example', 'hedl-2');
      await page.waitForFunction(() => document.getElementById('example').value === 'hedl-2');
      await idle(page);
      await page.selectOption('#target-version', '1.0');
      await idle(page);
      await page.click('#tab-canonical');
      assert.match(await outputText(page, 'canonical'), /^# HEDL 1\.0 cannot hold this document \(line \d+\):\n# /);
      assert.match(await page.textContent('#status'), /Valid HEDL/);
      // JSON -> HEDL follows the switch too.
      await page.click('#mode-json');
      await idle(page);
      await setEditorText(page, '{"users": [{"id": "a", "n": 1}, {"id": "b", "n": 1}]}');
      await flush(page);
      assert.match(await outputText(page, 'hedl'), /^%VERSION: 1\.0\n/);
      await page.selectOption('#target-version', '');
      await idle(page);
      assert.match(await outputText(page, 'hedl'), /^%V:2\.0\n/);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  test('JSON in, HEDL out', async () => {
    const { page, problems, close } = await open();
    try {
      await page.click('#mode-json');
      await idle(page);
      // It starts from the current document's JSON.
      assert.equal(JSON.parse(await editorText(page)).company, 'Northwind Labs');
      assert.match(await page.textContent('#status'), /Converted/);
      const json = JSON.stringify(
        {
          team: 'Platform',
          members: [
            { id: 'ann', name: 'Ann Lee', role: 'lead' },
            { id: 'bo', name: 'Bo Diaz', role: 'dev' },
          ],
        },
        null,
        2,
      );
      await setEditorText(page, json);
      await flush(page);
      const hedlText = await outputText(page, 'hedl');
      assert.match(hedlText, /^%V:2\.0\n%NULL:~\n%QUOTE:"\n/);
      assert.match(hedlText, /\|ann, ?Ann Lee, ?lead/);
      assert.match(await page.textContent('#status'), /Converted/);
      await page.screenshot({ path: `${SHOTS}desktop-json-to-hedl.png` });

      // A JSON syntax error is reported with its place, and clicking it goes there.
      const bad = '{\n  "a": [1, 2,\n}';
      await setEditorText(page, bad);
      await flush(page);
      assert.equal(await page.getAttribute('body', 'data-state'), 'invalid');
      assert.match(await page.textContent('#status'), /ConversionError at 3:1/);
      await page.click('#tab-diagnostics');
      await page.$eval('#input', (ta) => ta.setSelectionRange(0, 0));
      await page.click('#diagnostics button.diag');
      assert.equal(await page.$eval('#input', (ta) => ta.selectionStart), offsetOf(bad, 3, 1));
      await page.click('#tab-hedl');

      // Back to the good JSON, then take the HEDL over into the HEDL editor.
      await setEditorText(page, json);
      await flush(page);
      await page.click('#use-output');
      await idle(page);
      assert.equal(await page.getAttribute('#mode-hedl', 'aria-checked'), 'true');
      assert.match(await editorText(page), /\|bo, ?Bo Diaz, ?dev/);
      const back = JSON.parse(await outputText(page, 'json'));
      assert.deepEqual(back.members[1], { id: 'bo', name: 'Bo Diaz', role: 'dev' });
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  test('the wasm heap stays flat over 200 edits, and every document is freed', async () => {
    const { page, problems, close } = await open();
    try {
      const edit = (count) =>
        page.evaluate(async (n) => {
          const ta = document.getElementById('input');
          const at = ta.value.indexOf('Northwind Labs') + 'Northwind Labs'.length;
          for (let i = 0; i < n; i++) {
            // Replace what the previous edit inserted, alternating a valid
            // edit with an invalid one (a ragged tensor: a SyntaxError).
            const insert = i % 2 ? ` v${i}` : '\nbad: [1, [2]]';
            ta.focus();
            ta.setSelectionRange(at, at + (window.__inserted ?? 0));
            document.execCommand('insertText', false, insert);
            window.__inserted = insert.length;
            await window.__hedlDemo.flush();
          }
        }, count);
      await edit(20);
      const before = await page.evaluate(() => window.__hedlDemo.memory());
      await edit(200);
      const after = await page.evaluate(() => window.__hedlDemo.memory());
      assert.equal(after.liveDocuments, 0, 'a document was left alive');
      assert.equal(after.heapSize, before.heapSize, 'the wasm heap grew');
      assert.ok(
        after.heapInUse <= before.heapInUse + 64 * 1024,
        `heap in use grew: ${before.heapInUse} -> ${after.heapInUse}`,
      );
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  test('a 5 MB document parses in the worker and the page stays responsive', async () => {
    const { page, problems, close } = await open();
    try {
      await page.selectOption('#example', 'large');
      await page.waitForFunction(() => window.__hedlDemo.lastResult()?.textLength > 5e6, null, { timeout: 30000 });
      await idle(page);
      assert.match(await page.textContent('#status'), /Valid HEDL/);
      // Run it again and watch a main-thread heartbeat meanwhile. (No edit:
      // what an edit costs inside a 5 MB <textarea> is the browser's own
      // layout, not this page's work.)
      const probe = await page.evaluate(async () => {
        let last = performance.now();
        let maxGap = 0;
        let beats = 0;
        const beat = setInterval(() => {
          const now = performance.now();
          maxGap = Math.max(maxGap, now - last);
          last = now;
          beats++;
        }, 5);
        await window.__hedlDemo.rerun();
        await new Promise((resolve) => setTimeout(resolve, 20));
        clearInterval(beat);
        const r = window.__hedlDemo.lastResult();
        return { maxGap, beats, timings: r.timings, ok: r.ok, bytes: r.inputBytes };
      });
      assert.ok(probe.ok);
      assert.ok(probe.bytes > 5e6);
      const mbps = probe.bytes / 1e6 / (probe.timings.parse / 1000);
      console.log(
        `5 MB: parse ${probe.timings.parse.toFixed(1)} ms (${mbps.toFixed(0)} MB/s), worker total ${probe.timings.total.toFixed(
          1,
        )} ms, ` +
          `round trip ${probe.timings.roundTrip.toFixed(1)} ms, longest main-thread stall ${probe.maxGap.toFixed(
            1,
          )} ms`,
      );
      // The work ran off the main thread: the page kept ticking all along.
      assert.ok(probe.maxGap < probe.timings.total, `main thread stalled ${probe.maxGap} ms`);
      assert.ok(probe.beats >= 5, `only ${probe.beats} heartbeats`);
      assert.match(await page.textContent('#doc-size'), /MB/);
      await page.click('#tab-stats');
      await page.screenshot({ path: `${SHOTS}desktop-large.png` });
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  test('copy and download give the whole output, also past the preview', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    const page = await context.newPage();
    const problems = [];
    page.on('console', (msg) => msg.type() === 'error' && problems.push(msg.text()));
    try {
      await page.goto(base);
      await page.evaluate(() => window.__hedlDemo.ready);
      await idle(page);
      await page.click('#copy');
      await page.waitForSelector('#toast.show');
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      assert.equal(copied, await outputText(page, 'json'));
      assert.equal(JSON.parse(copied).company, 'Northwind Labs');

      // 8,000 rows: about 1.2 MB of JSON, far past the 100 KB preview.
      const rows = Array.from(
        { length: 8000 },
        (_, i) => `  |u${i}, User number ${i}, user${i}@example.com, ${i % 7 === 0}\n`,
      );
      await setEditorText(
        page,
        `%VERSION: 1.0\n%STRUCT: User: [id, name, email, admin]\n---\nusers: @User\n${rows.join('')}`,
      );
      await flush(page);
      assert.match(await page.textContent('#notice'), /Showing the first/);
      const shown = await outputText(page, 'json');
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
      assert.equal(download.suggestedFilename(), 'users.json');
      const chunks = [];
      for await (const chunk of await download.createReadStream()) chunks.push(chunk);
      const full = Buffer.concat(chunks).toString('utf8');
      assert.ok(full.length > shown.length);
      const users = JSON.parse(full).users;
      assert.equal(users.length, 8000);
      assert.deepEqual(users[7999], {
        id: 'u7999',
        name: 'User number 7999',
        email: 'user7999@example.com',
        admin: false,
      });

      await page.click('#tab-canonical');
      await page.click('#copy');
      await page.waitForFunction(async () => (await navigator.clipboard.readText()).startsWith('%VERSION'));
      const canonical = await page.evaluate(() => navigator.clipboard.readText());
      assert.match(canonical, /%STRUCT: User: \[id, ?name, ?email, ?admin\]/);
      assert.equal(canonical.split('\n').filter((l) => l.trimStart().startsWith('|')).length, 8000);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  test('strict references can be switched off', async () => {
    const { page, problems, close } = await open();
    try {
      await page.selectOption('#example', 'references');
      await page.waitForFunction(() => document.getElementById('input').value.includes('@Customer:c2'));
      await idle(page);
      const text = await editorText(page);
      await setEditorText(page, text.replace('o2, @Customer:c2', 'o2, @Customer:c9'));
      await flush(page);
      assert.match(await page.textContent('#status'), /ReferenceError at 18:8/);
      await page.uncheck('#strict');
      await idle(page);
      assert.match(await page.textContent('#status'), /Valid HEDL/);
      const order = JSON.parse(await outputText(page, 'json')).orders[1];
      assert.deepEqual(order.customer, { '@ref': '@Customer:c9' });
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  test('says what to do when the package is missing', async () => {
    const context = await browser.newContext({ viewport: DESKTOP });
    try {
      const page = await context.newPage();
      await page.route('**/pkg/browser.mjs', (route) => route.fulfill({ status: 404, body: 'not found' }));
      await page.goto(base);
      await page.waitForSelector('#notice:not([hidden])');
      assert.match(await page.textContent('#notice'), /make build/);
      assert.match(await page.textContent('#status'), /Not loaded/);
    } finally {
      await context.close();
    }
  });

  test('a narrow screen stacks the panes', async () => {
    const { page, problems, close } = await open(NARROW);
    try {
      const editor = await page.locator('.editor-pane').boundingBox();
      const output = await page.locator('.output-pane').boundingBox();
      assert.ok(output.y >= editor.y + editor.height, 'output below the editor');
      assert.ok(editor.width > NARROW.width - 40 && output.width > NARROW.width - 40);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px`);
      // Every tab is reachable without scrolling the tab bar.
      for (const name of ['json', 'canonical', 'diagnostics', 'stats']) {
        const tab = await page.locator(`#tab-${name}`).boundingBox();
        assert.ok(tab.x >= 0 && tab.x + tab.width <= NARROW.width, `tab ${name} off screen`);
      }
      await page.screenshot({ path: `${SHOTS}narrow-users.png` });
      await page.screenshot({ path: `${SHOTS}narrow-users-full.png`, fullPage: true });
      await page.selectOption('#example', 'errors');
      await page.waitForFunction(() => document.body.dataset.state === 'invalid');
      await idle(page);
      await page.locator('#output-area').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}narrow-errors-full.png`, fullPage: true });
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });
});
