// The wasm source of the browser entry, for bundlers that emit the files a
// module names with `new URL(..., import.meta.url)` (webpack, vite and others
// in production builds): fetch() of hedl.wasm beside this module. Bundlers
// that do not (esbuild, rollup, dev servers' pre-bundling) get hedl/inline
// through the package's export conditions instead. npm/build.mjs swaps this
// file for platform-node.js, platform-inline.js or platform-workerd.js in the
// other entries.

const MAGIC = [0x00, 0x61, 0x73, 0x6d]; // "\0asm"

function notFound(url, what) {
  return new Error(
    `hedl.init: ${url} is ${what}, not hedl.wasm: the bundler or server did not ship the file beside the package's ` +
      "module. Serve it there (as application/wasm), pass it in with init({ wasm }), or import from 'hedl/inline' " +
      '(the wasm embedded)',
  );
}

/** The module's source for init(): a Response or bytes. */
export async function defaultSource() {
  const url = new URL('./hedl.wasm', import.meta.url);
  const response = await fetch(url);
  if (!response.ok) throw notFound(url, `HTTP ${response.status}`);
  const type = response.headers.get('content-type') ?? '';
  if (type.startsWith('application/wasm')) return response;
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (!(bytes.length >= 4 && MAGIC.every((b, i) => bytes[i] === b))) throw notFound(url, `"${type || 'no type'}"`);
  return bytes;
}

/** The module's source for initSync(): none here (a fetch cannot be synchronous). */
export function defaultSourceSync() {
  throw new Error(
    "hedl.initSync: in a browser, pass {wasm: WebAssembly.Module or bytes}, import from 'hedl/inline' (the wasm embedded), or use await init()",
  );
}

/** The bytes of a file path or file: URL, or null where there are no files. */
export async function readFileUrl() {
  return null;
}
