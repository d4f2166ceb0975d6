// Shared helpers of the JS tests: the package under test (npm/dist, as it
// ships), paths, and JSON comparison as data (numbers by value, object key
// order ignored), as tests/conformance/README.upstream.md prescribes.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '..', '..');
export const dist = path.join(root, 'npm', 'dist');
export const casesDir = path.join(root, 'tests', 'conformance', 'cases');
export const xfailFile = path.join(root, 'tests', 'conformance', 'expected-failures.txt');
export const casesDir2 = path.join(root, 'tests', 'conformance', 'cases-2.0');
export const xfailFile2 = path.join(root, 'tests', 'conformance', 'expected-failures-2.0.txt');

export async function loadHedl() {
  const hedl = await import(path.join(dist, 'index.mjs'));
  await hedl.init();
  return hedl;
}

/** Returns "" when `a` and `b` are equal as JSON data, else where they differ. */
export function jsonDiff(a, b, at = '$') {
  if (typeof a === 'number' && typeof b === 'number')
    return a === b || (Number.isNaN(a) && Number.isNaN(b)) ? '' : `${at}: ${a} != ${b}`;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return a === b ? '' : `${at}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return `${at}: array vs object`;
  if (Array.isArray(a)) {
    if (a.length !== b.length) return `${at}: length ${a.length} != ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = jsonDiff(a[i], b[i], `${at}[${i}]`);
      if (d) return d;
    }
    return '';
  }
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  if (ka.join('\u0000') !== kb.join('\u0000')) return `${at}: keys [${ka}] != [${kb}]`;
  for (const k of ka) {
    const d = jsonDiff(a[k], b[k], `${at}.${k}`);
    if (d) return d;
  }
  return '';
}

/** The .hedl files under `dir`, depth first. */
export function findCases(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) findCases(p, out);
    else if (e.name.endsWith('.hedl')) out.push(p);
  }
  return out;
}
