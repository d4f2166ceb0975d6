// The wasm source of the web entry (browsers, bundlers, web workers):
// fetch() of hedl.wasm beside this module, which bundlers that understand
// `new URL(..., import.meta.url)` (webpack, vite, parcel, Next.js) emit as an
// asset. Where the bundler did not emit it (esbuild, rollup, a dev server's
// pre-bundled copy) the fetch fails or returns something that is not wasm:
// then the embedded copy, a separate chunk that only such builds load.
// npm/build.mjs swaps this file for platform-node.js, platform-inline.js or
// platform-workerd.js in the other entries.

const MAGIC = [0x00, 0x61, 0x73, 0x6d]; // "\0asm"

function isWasm(bytes) {
  return bytes.length >= 4 && MAGIC.every((b, i) => bytes[i] === b);
}

/** The module's source for init(): a Response, bytes, or a WebAssembly.Module. */
export async function defaultSource() {
  let response = null;
  try {
    response = await fetch(new URL('./hedl.wasm', import.meta.url));
  } catch {
    response = null; // no such file, or no network: the embedded copy
  }
  if (response !== null && response.ok) {
    const type = response.headers.get('content-type') ?? '';
    if (type.startsWith('application/wasm')) return response;
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (isWasm(bytes)) return bytes;
  }
  const { wasmBytes } = await import('./hedl-wasm-inline.mjs');
  return wasmBytes();
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
