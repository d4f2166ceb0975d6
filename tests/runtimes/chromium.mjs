// The browser smoke test: headless Chromium (Debian's, driven by
// playwright-core) loads a page over http from static-server.mjs. The page
// imports the installed package by URL, lets init() fetch hedl.wasm next to
// it, and runs smoke.mjs. Any CSP violation fails the test.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from './static-server.mjs';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../chromium-options.mjs';

export async function runChromium(work) {
  fs.writeFileSync(
    path.join(work, 'index.html'),
    '<!doctype html><meta charset="utf-8"><title>hedl smoke</title><pre id="out">running</pre><script type="module" src="/page.mjs"></script>\n',
  );
  // An empty favicon: a 404 for it would show as a console error.
  fs.writeFileSync(path.join(work, 'favicon.ico'), '');
  fs.writeFileSync(
    path.join(work, 'page.mjs'),
    `import * as hedl from '/node_modules/hedl/dist/browser.mjs';
import { smoke } from '/smoke.mjs';
const out = document.getElementById('out');
const violations = [];
document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective + ' ' + e.blockedURI));
smoke(hedl).then(
  (r) => {
    // Only now probe the policy: eval must be refused on this page.
    let evalBlocked = false;
    try {
      new Function('return 1')();
    } catch {
      evalBlocked = true;
    }
    out.textContent = 'ok ' + JSON.stringify({ ...r, evalBlocked, violationsDuringSmoke: violations.length });
  },
  (e) => { out.textContent = 'error ' + (e && e.stack || e) + ' violations: ' + violations.join('; '); },
);
`,
  );
  const { server, url } = await serve(work);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'hedl-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_FLAGS,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const problems = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(`${url}/index.html`);
    await page.waitForFunction(() => document.getElementById('out').textContent !== 'running', null, {
      timeout: 30_000,
    });
    const text = await page.textContent('#out');
    if (!text.startsWith('ok ')) throw new Error(`page says: ${text}\n${problems.join('\n')}`);
    const result = JSON.parse(text.slice(3));
    if (result.violationsDuringSmoke !== 0) throw new Error(`CSP violations while the package ran: ${text}`);
    // The page really ran under the strict policy, so eval in the package would have failed it.
    if (!result.evalBlocked)
      throw new Error('the CSP did not forbid eval: the test would not catch eval in the package');
    const unexpected = problems.filter((p) => !/unsafe-eval|EvalError|Content Security Policy/.test(p));
    if (unexpected.length) throw new Error(unexpected.join('\n'));
    return text;
  } finally {
    if (context) await context.close();
    server.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}
