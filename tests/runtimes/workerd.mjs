// The edge-worker smoke test: workerd (npm `workerd`) serves a worker on
// 127.0.0.1 that imports the installed package's workerd entry (which
// imports its hedl.wasm statically, as wrangler bundles it: init() needs no
// arguments), runs smoke.mjs and converts request bodies. Node sends it a few
// requests and stops it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * A workerd config serving one worker on 127.0.0.1:`port`. `modules`:
 * [name, kind ("esModule" or "wasm"), file relative to the config].
 */
export function workerdConfig(port, modules) {
  const list = modules.map(([name, kind, file]) => `    (name = "${name}", ${kind} = embed "${file}"),`).join('\n');
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .worker)],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [
${list}
  ],
  compatibilityDate = "2024-09-23",
);
`;
}

export async function runWorkerd(work, workerdBin) {
  const port = await freePort();
  fs.writeFileSync(
    path.join(work, 'worker.mjs'),
    `import * as hedl from 'hedl';
import { smoke } from './smoke.mjs';

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/smoke') return Response.json(await smoke(hedl));
    await hedl.init();
    try {
      const doc = hedl.parse(await request.text());
      try {
        return Response.json({ json: doc.toJSON(), lint: doc.lint() });
      } finally {
        doc.delete();
      }
    } catch (e) {
      return Response.json({ error: e.kind, line: e.line }, { status: 400 });
    }
  },
};
`,
  );
  const dist = path.join(work, 'node_modules', 'hedl', 'dist');
  fs.writeFileSync(
    path.join(work, 'config.capnp'),
    workerdConfig(port, [
      ['worker.mjs', 'esModule', 'worker.mjs'],
      ['smoke.mjs', 'esModule', 'smoke.mjs'],
      ['hedl', 'esModule', path.relative(work, path.join(dist, 'workerd.mjs'))],
      ['hedl.wasm', 'wasm', path.relative(work, path.join(dist, 'hedl.wasm'))],
    ]),
  );
  const child = spawn(workerdBin, ['serve', 'config.capnp', '--experimental'], {
    cwd: work,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  try {
    const base = `http://127.0.0.1:${port}`;
    let smokeResult = null;
    for (let i = 0; i < 100 && smokeResult === null; i++) {
      if (child.exitCode !== null) throw new Error(`workerd exited with ${child.exitCode}\n${log}`);
      try {
        const r = await fetch(`${base}/smoke`);
        if (r.status !== 200) throw new Error(`/smoke answered ${r.status}: ${await r.text()}\n${log}`);
        smokeResult = await r.json();
      } catch (e) {
        if (e.message.startsWith('/smoke')) throw e;
        await sleep(100);
      }
    }
    if (smokeResult === null) throw new Error(`workerd never answered\n${log}`);
    const ok = await fetch(`${base}/convert`, {
      method: 'POST',
      body: '%VERSION: 1.0\n%STRUCT: T: [id]\n---\nt: @T\n  | x\n',
    });
    const body = await ok.json();
    if (ok.status !== 200 || JSON.stringify(body.json) !== '{"t":[{"id":"x"}]}' || body.lint[0].rule !== 'id-naming') {
      throw new Error(`convert: ${ok.status} ${JSON.stringify(body)}`);
    }
    const bad = await fetch(`${base}/convert`, { method: 'POST', body: '%VERSION: 1.0\n---\nx: [q]\n' });
    const err = await bad.json();
    if (bad.status !== 400 || err.error !== 'SyntaxError' || err.line !== 3)
      throw new Error(`bad input: ${JSON.stringify(err)}`);
    return JSON.stringify(smokeResult);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r() : child.once('close', r)));
  }
}
