#!/usr/bin/env node
// Runs examples/server/server.mjs on 127.0.0.1 (--port N, default 8080; 0
// picks a free port). Prints "listening on http://127.0.0.1:PORT". `--hedl
// PATH` loads the package from a file (a checkout's npm/dist/index.mjs)
// instead of the installed `hedl`.
import { pathToFileURL } from 'node:url';
import { createServer } from './server.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const from = opt('--hedl', null);
const hedl = await import(from ? pathToFileURL(from).href : 'hedl');
const server = await createServer(hedl);
server.listen(Number(opt('--port', '8080')), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
