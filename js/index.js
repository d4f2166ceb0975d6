// The public API of the `hedl` package.
import { HedlDocument } from './hedl-document.js';
import { HedlError } from './hedl-error.js';
import { leakedDocuments, liveDocuments } from './document-registry.js';
import { parse } from './parse.js';
import { defaultLimits as coreDefaultLimits } from './options.js';
import { VERSION } from './version.js';
import { getModule, init, initSync, isInitialized } from './wasm-loader.js';
import { getMaxInputSize, setMaxInputSize } from './wasm-io.js';

/** Returns the package version (also the version of the bundled core). */
export function version() {
  return VERSION;
}

/** Returns the default parse limits of docs/format.md. */
export function defaultLimits() {
  return coreDefaultLimits(getModule());
}

/** Returns wasm memory figures: heap size, bytes in use, live and leaked documents. */
export function memoryStats() {
  const M = getModule();
  return {
    heapSize: M.HEAPU8.length,
    heapInUse: M.heapInUse(),
    liveDocuments: liveDocuments(),
    leakedDocuments: leakedDocuments(),
  };
}

export {
  compareTokens,
  format,
  fromJson,
  getStats,
  lint,
  stats,
  toHedl,
  toObject,
  toJson,
  toJsonString,
  validate,
} from './one-shot.js';
export { stringify } from './stringify.js';
export { parseStream, records, toJsonStream } from './stream.js';
export {
  HedlDocument,
  HedlError,
  getMaxInputSize,
  init,
  initSync,
  isInitialized,
  leakedDocuments,
  parse,
  setMaxInputSize,
};

export default init;
