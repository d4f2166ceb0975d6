#!/usr/bin/env node
// Assembles npm/dist/ from js/ (the API and CLI, ESM source) and the wasm
// build (hedl.mjs glue + hedl.wasm):
//   dist/index.mjs   ESM bundle (API + emscripten glue)
//   dist/index.cjs   CommonJS bundle of the same code
//   dist/index.d.mts, dist/index.d.cts   the hand-written types (js/index.d.ts)
//   dist/hedl.wasm   the module, found next to the bundles at run time
//   dist/cli.mjs     the `hedl` command
//
//   node npm/build.mjs [--wasm-dir build/wasm/wasm]
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);
const args = process.argv.slice(2);
const wasmDirArg = args.indexOf('--wasm-dir');
const wasmDir = path.resolve(root, wasmDirArg >= 0 ? args[wasmDirArg + 1] : 'build/wasm/wasm');
const dist = path.join(here, 'dist');

const glue = path.join(wasmDir, 'hedl.mjs');
const wasm = path.join(wasmDir, 'hedl.wasm');
for (const f of [glue, wasm]) {
  if (!fs.existsSync(f)) {
    console.error(`npm/build.mjs: missing ${f}: build the wasm preset first (make build-wasm)`);
    process.exit(1);
  }
}

// The version in js/version.js is what version() reports: it must be the package's.
const pkg = JSON.parse(fs.readFileSync(path.join(here, 'package.json'), 'utf8'));
const versionSource = fs.readFileSync(path.join(root, 'js', 'version.js'), 'utf8');
if (!versionSource.includes(`'${pkg.version}'`)) {
  console.error(`npm/build.mjs: js/version.js does not say '${pkg.version}' (npm/package.json)`);
  process.exit(1);
}

fs.rmSync(dist, { recursive: true, force: true });
fs.mkdirSync(dist, { recursive: true });

// js/ imports the glue as './hedl-glue.mjs'; it lives in the wasm build folder.
const gluePlugin = {
  name: 'hedl-glue',
  setup(b) {
    b.onResolve({ filter: /^\.\/hedl-glue\.mjs$/ }, () => ({ path: glue }));
  },
};

const common = {
  entryPoints: [path.join(root, 'js', 'index.js')],
  bundle: true,
  platform: 'neutral',
  target: 'es2022',
  plugins: [gluePlugin],
  logLevel: 'warning',
  legalComments: 'none',
  // Part of the size budget (150 KB gzipped for wasm + JS); exported names stay.
  minify: true,
};

await build({ ...common, format: 'esm', outfile: path.join(dist, 'index.mjs') });
await build({
  ...common,
  format: 'cjs',
  outfile: path.join(dist, 'index.cjs'),
  // CommonJS has no import.meta: the wasm sits next to this file.
  define: { 'import.meta.url': '__hedlModuleUrl' },
  banner: { js: 'const __hedlModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
});
// The CLI is a thin ESM file over the ESM bundle.
await build({
  entryPoints: [path.join(root, 'js', 'cli.js')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'es2022',
  outfile: path.join(dist, 'cli.mjs'),
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
  plugins: [
    {
      name: 'hedl-index-external',
      setup(b) {
        b.onResolve({ filter: /^\.\/index\.js$/ }, () => ({ path: './index.mjs', external: true }));
      },
    },
  ],
});
fs.chmodSync(path.join(dist, 'cli.mjs'), 0o755);

fs.copyFileSync(wasm, path.join(dist, 'hedl.wasm'));
const types = fs.readFileSync(path.join(root, 'js', 'index.d.ts'), 'utf8');
fs.writeFileSync(path.join(dist, 'index.d.mts'), types);
fs.writeFileSync(path.join(dist, 'index.d.cts'), types);
console.log(`npm/build.mjs: wrote ${path.relative(root, dist)}/ (${fs.readdirSync(dist).join(', ')})`);
