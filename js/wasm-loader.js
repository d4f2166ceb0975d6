// Loading hedl.wasm, once per realm: init() is memoised and idempotent.
// Sources, in order: options.wasm when given; in Node (and Bun) the
// hedl.wasm file next to this module; elsewhere fetch() of that URL (browsers
// and bundlers). Workers that cannot fetch their own files (workerd) pass a
// precompiled WebAssembly.Module.
import createHedlModule from './hedl-glue.mjs';
import { setOnLeak } from './document-registry.js';
import { setCodeFrameFormatter } from './hedl-error.js';
import { codeFrameOf } from './wasm-io.js';

let wasmModule = null;
let loading = null;

const isNode =
  typeof process === 'object' && process !== null && process.versions != null && process.versions.node != null;

/** Returns the loaded emscripten module, or throws when init() has not finished. */
export function getModule() {
  if (wasmModule === null) throw new Error('hedl: call `await init()` before using the API');
  return wasmModule;
}

/** Returns true once init() has finished. */
export function isInitialized() {
  return wasmModule !== null;
}

/**
 * Loads the wasm module. Returns the same promise on every call; a failed
 * load may be retried.
 * @param {{wasm?: WebAssembly.Module | ArrayBuffer | ArrayBufferView | Response | Promise<Response> | URL | string, onLeak?: Function | null}} [options]
 */
export function init(options = {}) {
  if (options === null || typeof options !== 'object') throw new TypeError('hedl.init: options must be an object');
  if ('onLeak' in options) setOnLeak(options.onLeak);
  if (loading === null) {
    loading = load(options.wasm).then(
      (m) => {
        if (wasmModule === null) ready(m); // else initSync() won the race: keep its module
      },
      (e) => {
        loading = null;
        throw e;
      },
    );
  }
  return loading;
}

function ready(m) {
  wasmModule = m;
  setCodeFrameFormatter((text, line, column, firstLine) => codeFrameOf(m, text, line, column, firstLine));
}

/**
 * Loads the wasm module synchronously, so that a CommonJS module or a sync
 * code path needs no `await`. `options.wasm` is a WebAssembly.Module or the
 * module's bytes (ArrayBuffer or a view); without it, in Node, Bun and Deno,
 * the hedl.wasm file next to this module is read synchronously. Idempotent,
 * and with init() too: whichever finishes first loads the module, and the
 * other then does nothing (init() resolves). Browsers compile large modules
 * synchronously only off the main thread: there, use init() or pass a
 * WebAssembly.Module.
 * @param {{wasm?: WebAssembly.Module | ArrayBuffer | ArrayBufferView, onLeak?: Function | null}} [options]
 */
export function initSync(options = {}) {
  if (options === null || typeof options !== 'object') throw new TypeError('hedl.initSync: options must be an object');
  if ('onLeak' in options) setOnLeak(options.onLeak);
  if (wasmModule !== null) return;
  const source = options.wasm ?? readWasmSync();
  let module;
  if (source instanceof WebAssembly.Module) module = source;
  else if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) module = new WebAssembly.Module(source);
  else throw new TypeError('hedl.initSync: options.wasm must be a WebAssembly.Module, ArrayBuffer or Uint8Array');
  const m = {
    locateFile: (path) => path,
    instantiateWasm(imports, receive) {
      receive(new WebAssembly.Instance(module, imports));
      return {};
    },
    print: () => {},
    printErr: () => {},
  };
  // With the instance made synchronously, the glue finishes before it
  // returns: `m` is the module (its promise resolves to `m` later).
  createHedlModule(m).catch(() => {});
  if (typeof m._malloc !== 'function' || typeof m.parse !== 'function')
    throw new Error('hedl.initSync: the wasm module did not initialise synchronously');
  ready(m);
  if (loading === null) loading = Promise.resolve();
}

/** The bytes of the hedl.wasm next to this module, read synchronously (Node, Bun, Deno). */
function readWasmSync() {
  const url = new URL('./hedl.wasm', import.meta.url);
  if (url.protocol === 'file:') {
    const deno = globalThis.Deno;
    if (typeof deno === 'object' && deno !== null && typeof deno.readFileSync === 'function')
      return deno.readFileSync(url);
    const proc = typeof process === 'object' && process !== null ? process : null;
    if (typeof proc?.getBuiltinModule === 'function') return proc.getBuiltinModule('node:fs').readFileSync(url);
  }
  throw new Error(
    'hedl.initSync: cannot read hedl.wasm synchronously here; pass {wasm: WebAssembly.Module or bytes}, or use await init()',
  );
}

async function load(source) {
  const input = source ?? (await defaultSource());
  let fail;
  const failed = new Promise((_, reject) => {
    fail = reject;
  });
  const ready = createHedlModule({
    // We hand the module in ourselves: the glue never looks for files.
    locateFile: (path) => path,
    instantiateWasm(imports, receive) {
      instantiate(input, imports).then((instance) => receive(instance), fail);
      return {};
    },
    print: () => {},
    printErr: () => {},
  });
  return Promise.race([ready, failed]);
}

async function defaultSource() {
  const url = new URL('./hedl.wasm', import.meta.url);
  if (isNode && url.protocol === 'file:') return readFileBytes(url);
  return url;
}

async function readFileBytes(url) {
  // A computed specifier keeps bundlers for the web from resolving node:fs.
  const fsName = 'node:fs/promises';
  const fs = await import(/* webpackIgnore: true */ /* @vite-ignore */ fsName);
  return fs.readFile(url);
}

/** Returns a WebAssembly.Instance of `source` with `imports`. */
async function instantiate(source, imports) {
  if (source instanceof WebAssembly.Module) return WebAssembly.instantiate(source, imports);
  if (typeof source === 'string' || source instanceof URL) {
    const url = source instanceof URL ? source : toUrl(source);
    if (isNode && (url === null || url.protocol === 'file:'))
      return instantiate(await readFileBytes(url ?? source), imports);
    return instantiate(fetch(url ?? source), imports);
  }
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
    const { instance } = await WebAssembly.instantiate(source, imports);
    return instance;
  }
  if (typeof source === 'object' && source !== null && typeof source.then === 'function') {
    return instantiate(await source, imports);
  }
  if (typeof Response !== 'undefined' && source instanceof Response) {
    if (!source.ok) throw new Error(`hedl.init: fetching hedl.wasm failed with HTTP ${source.status} (${source.url})`);
    const type = source.headers.get('content-type') ?? '';
    if (typeof WebAssembly.instantiateStreaming === 'function' && type.startsWith('application/wasm')) {
      const { instance } = await WebAssembly.instantiateStreaming(source, imports);
      return instance;
    }
    return instantiate(await source.arrayBuffer(), imports);
  }
  throw new TypeError(
    'hedl.init: options.wasm must be a WebAssembly.Module, ArrayBuffer, Uint8Array, Response, URL or string',
  );
}

function toUrl(s) {
  try {
    return new URL(s);
  } catch {
    // A relative URL in a page, or a plain file path in Node.
    if (typeof location === 'object' && location !== null && typeof location.href === 'string')
      return new URL(s, location.href);
    return null;
  }
}
