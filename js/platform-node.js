// The wasm source of the Node entry (also Deno and Bun): the hedl.wasm file
// beside this module, read with node:fs (see platform.js for the others).
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

const beside = () => new URL('./hedl.wasm', import.meta.url);

export async function defaultSource() {
  return readFile(beside());
}

export function defaultSourceSync() {
  return readFileSync(beside());
}

export async function readFileUrl(file) {
  return readFile(file);
}
