// The demo's Web Worker (a module worker): every parse, conversion and lint
// runs here, so a multi-megabyte document never blocks typing. One request at
// a time: the page sends the next text only after the previous answer came
// back, so there is never a backlog to work through.
//
// Big outputs are not posted whole on every edit: the page gets a preview
// (PREVIEW_CHARS) and asks for the full text ('full') only to copy or
// download it.
import * as hedl from './pkg/browser.mjs';

const PREVIEW_CHARS = 100 * 1024;

/** The full outputs of the last request, by name, for 'full' requests. */
let outputs = {};

// A few runs over a small document with every feature before the first real
// one, so that the first timing shown measures the parser and not the wasm
// engine compiling it.
const WARM_UP = `%VERSION: 1.0
%ALIAS: %on: "true"
%STRUCT: Team: [id, name, lead]
%STRUCT: Member: [id, name, active, skills]
%NEST: Team > Member
---
teams: @Team
  |[2] core, Core, @Member:m1
    |m1, "Ada, L.", %on, [1, 2.5]
    |m2, Bo, ^, $(skill("go"))
settings:
  retries: 3
  note: """
two lines
of text
"""
`;
const ready = hedl.init().then(() => {
  for (let i = 0; i < 20; i++) runHedl(WARM_UP, true);
  outputs = {};
});

const now = () => performance.now();

function errorInfo(e) {
  if (e instanceof hedl.HedlError) {
    return { kind: e.kind, line: e.line, column: e.column, message: e.reason ?? e.message };
  }
  return { kind: 'InternalError', line: 0, column: 0, message: String(e && e.message ? e.message : e) };
}

function preview(name, text) {
  outputs[name] = text;
  return text.length > PREVIEW_CHARS
    ? { text: text.slice(0, text.lastIndexOf('\n', PREVIEW_CHARS) + 1 || PREVIEW_CHARS), length: text.length }
    : { text, length: text.length };
}

/**
 * Calls fn() and records how long it took in timings[name]. A call quicker
 * than the clock can see (a worker without cross-origin isolation gets
 * 0.1 ms steps) is repeated for a few milliseconds and the mean recorded;
 * `dispose` frees the results of the repeats. Returns the first result.
 */
function timed(timings, name, fn, dispose) {
  const t0 = now();
  const value = fn();
  const once = now() - t0;
  if (once >= 1) {
    timings[name] = once;
    return value;
  }
  let runs = 0;
  const start = now();
  let elapsed = 0;
  try {
    do {
      const again = fn();
      if (dispose) dispose(again);
      runs++;
      elapsed = now() - start;
    } while (elapsed < 3 && runs < 5000);
  } catch {
    // A repeat failed (out of memory?): the first call succeeded, keep its result and time.
    timings[name] = once;
    return value;
  } finally {
    repeatMs += now() - start;
  }
  timings[name] = elapsed / runs;
  return value;
}

/** Time spent repeating quick calls in this request (the page leaves it out of its round trip). */
let repeatMs = 0;

function total(timings) {
  return Object.values(timings).reduce((a, b) => a + b, 0);
}

const freeDoc = (doc) => doc.delete();

/**
 * The canonical text in `version` ('' keeps the document's). A document the
 * version cannot hold (a 2.0 list written as 1.0, say) gets the reason as
 * HEDL comments instead: the input itself is fine.
 */
function canonicalText(doc, version) {
  try {
    return doc.toHedl(version ? { ditto: true, version } : { ditto: true });
  } catch (e) {
    if (!(e instanceof hedl.HedlError) || e.kind !== 'ConversionError') throw e;
    const where = e.line ? ` (line ${e.line})` : '';
    return `# HEDL ${version} cannot hold this document${where}:\n# ${e.reason ?? e.message}\n`;
  }
}

/** Parses, converts and lints one HEDL document; every document is freed whatever happens. */
function runHedl(text, strict, version = '') {
  const timings = {};
  const result = { mode: 'hedl', ok: false, error: null, outputs: {}, diagnostics: [], stats: null, timings };
  let doc = null;
  const t0 = now();
  try {
    doc = timed(timings, 'parse', () => hedl.parse(text, { strict }), freeDoc);
    const json = timed(timings, 'toJson', () => doc.toJsonString({ pretty: true }));
    result.outputs.json = preview('json', json);
    const canonical = timed(timings, 'format', () => canonicalText(doc, version));
    result.outputs.canonical = preview('canonical', canonical);
    result.diagnostics = timed(timings, 'lint', () => doc.lint());
    result.stats = timed(timings, 'stats', () => doc.stats());
    result.ok = true;
  } catch (e) {
    if (timings.parse === undefined) timings.parse = now() - t0;
    result.error = errorInfo(e);
  } finally {
    if (doc !== null) doc.delete();
  }
  timings.total = total(timings);
  return result;
}

/** Converts JSON text to HEDL, then parses that HEDL back for its stats and lint. */
function runJson(text, strict, version = '') {
  const timings = {};
  const result = { mode: 'json', ok: false, error: null, outputs: {}, diagnostics: [], stats: null, timings };
  const t0 = now();
  let doc = null;
  try {
    const converted = timed(timings, 'fromJson', () => hedl.fromJson(text, { ditto: true, version: version || '2.0' }));
    result.outputs.hedl = preview('hedl', converted);
    doc = timed(timings, 'parse', () => hedl.parse(converted, { strict }), freeDoc);
    result.diagnostics = timed(timings, 'lint', () => doc.lint());
    result.stats = timed(timings, 'stats', () => doc.stats());
    result.ok = true;
  } catch (e) {
    if (timings.fromJson === undefined) timings.fromJson = now() - t0;
    result.error = errorInfo(e);
  } finally {
    if (doc !== null) doc.delete();
  }
  timings.total = total(timings);
  return result;
}

/** Returns the UTF-8 size of `text` without encoding it. */
function utf8Length(text) {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 2;
      i++;
    } else n += 2;
  }
  return n;
}

function memory() {
  const m = hedl.memoryStats();
  return { heapSize: m.heapSize, heapInUse: m.heapInUse, liveDocuments: m.liveDocuments };
}

self.onmessage = async (event) => {
  const msg = event.data;
  try {
    await ready;
    switch (msg.type) {
      case 'run': {
        outputs = {};
        repeatMs = 0;
        const result =
          msg.mode === 'json' ? runJson(msg.text, msg.strict, msg.version) : runHedl(msg.text, msg.strict, msg.version);
        result.inputBytes = utf8Length(msg.text);
        result.repeatMs = repeatMs;
        self.postMessage({ type: 'result', id: msg.id, result });
        break;
      }
      case 'full':
        self.postMessage({ type: 'full', id: msg.id, text: outputs[msg.name] ?? '' });
        break;
      case 'memory':
        self.postMessage({ type: 'memory', id: msg.id, memory: memory() });
        break;
      case 'hello':
        self.postMessage({ type: 'hello', id: msg.id, version: hedl.version() });
        break;
      default:
        self.postMessage({ type: 'failed', id: msg.id, error: errorInfo(new Error(`unknown request ${msg.type}`)) });
    }
  } catch (e) {
    // init() failed, or something the library should never do: report it to
    // the page instead of dying silently.
    self.postMessage({ type: 'failed', id: msg.id, error: errorInfo(e) });
  }
};
