// The wasm source of hedl/inline: the module embedded in the JS (base64), so
// no bundler or server has to ship a separate file (see platform.js).
import { wasmBytes } from './hedl-wasm-inline.mjs';

export async function defaultSource() {
  return wasmBytes();
}

export function defaultSourceSync() {
  return wasmBytes();
}

export async function readFileUrl() {
  return null;
}
