// Loading hedl.wasm, once per realm: init() is memoised and idempotent.
// Sources, in order: options.wasm when given, else the platform's own
// (./platform.js, chosen per package entry by npm/build.mjs: the file beside
// the module in Node, Deno and Bun; fetch() of its URL in browsers, with the
// embedded copy when the bundler did not emit the file; the embedded copy in
// hedl/inline; the statically imported module in workerd).
import createHedlModule from './hedl-glue.mjs';
import { defaultSource, defaultSourceSync, readFileUrl } from './platform.js';
import { setOnLeak } from './document-registry.js';
import { setCodeFrameFormatter } from './hedl-error.js';
import { codeFrameOf } from './wasm-io.js';
import { wrapModule } from './wasm-api.js';

let wasmModule = null;
let loading = null;

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

function ready(raw) {
  const m = wrapModule(raw);
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
  const source = options.wasm ?? defaultSourceSync();
  let module;
  if (isModule(source)) module = source;
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
  if (typeof m._malloc !== 'function' || typeof m._hw_parse !== 'function')
    throw new Error('hedl.initSync: the wasm module did not initialise synchronously');
  ready(m);
  if (loading === null) loading = Promise.resolve();
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

/**
 * True for a WebAssembly.Module, also one from another realm (Next.js's edge
 * runtime runs routes in a vm context whose globals differ from the ones the
 * bundler's wasm import was compiled with).
 */
function isModule(x) {
  return x instanceof WebAssembly.Module || Object.prototype.toString.call(x) === '[object WebAssembly.Module]';
}

/** Returns a WebAssembly.Instance of `source` with `imports`. */
async function instantiate(source, imports) {
  if (isModule(source)) return WebAssembly.instantiate(source, imports);
  if (typeof source === 'string' || source instanceof URL) {
    const url = source instanceof URL ? source : toUrl(source);
    // A file (a path, or a file: URL) where the platform reads files.
    if (url === null || url.protocol === 'file:') {
      const bytes = await readFileUrl(url ?? source);
      if (bytes !== null) return instantiate(bytes, imports);
    }
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
    'hedl.init: options.wasm must be a WebAssembly.Module, ArrayBuffer, Uint8Array, Response, URL or string, not ' +
      describe(source),
  );
}

/** What a value is, for an error message: "an object ([object Foo], keys a, b)". */
function describe(x) {
  if (x === null || (typeof x !== 'object' && typeof x !== 'function')) return String(x);
  const keys = Object.keys(x).slice(0, 5);
  return `${Object.prototype.toString.call(x)}${keys.length ? ` with keys ${keys.join(', ')}` : ''}`;
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
