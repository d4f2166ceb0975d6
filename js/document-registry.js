// The FinalizationRegistry backstop: a HedlDocument that is garbage collected
// without delete() has its wasm memory freed here, is counted, and is
// reported to the onLeak callback when one is set.

let leaked = 0;
let live = 0;
let onLeak = null;

const registry =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry((held) => {
        // `held` is the wasm handle (js/wasm-api.js) (never the HedlDocument itself).
        held.handle.delete();
        live--;
        leaked++;
        if (onLeak !== null) {
          try {
            onLeak({ leakedDocuments: leaked, memoryUsage: held.memoryUsage });
          } catch {
            // A throwing callback must not break the finalizer.
          }
        }
      })
    : null;

/** Sets (or clears, with null) the callback told about each leaked document. */
export function setOnLeak(callback) {
  if (callback !== null && callback !== undefined && typeof callback !== 'function') {
    throw new TypeError('hedl: onLeak must be a function or null');
  }
  onLeak = callback ?? null;
}

/** Tracks `doc`, which owns `handle`, until it is released. */
export function track(doc, handle, memoryUsage) {
  live++;
  if (registry !== null) registry.register(doc, { handle, memoryUsage }, doc);
}

/** Stops tracking `doc`: its handle was freed explicitly. */
export function untrack(doc) {
  live--;
  if (registry !== null) registry.unregister(doc);
}

/** Returns how many documents were freed by garbage collection instead of delete(). */
export function leakedDocuments() {
  return leaked;
}

/** Returns how many documents are alive (neither deleted nor collected). */
export function liveDocuments() {
  return live;
}
