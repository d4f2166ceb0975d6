// The demo page: wires the editor, the worker that runs hedl, and the output
// tabs together. All text that comes from the user or from the library is
// put into the page with textContent or DOM nodes, never parsed as markup.
import { Editor } from './editor.js';
import { EXAMPLES } from './examples.js';
import { highlightHedl, highlightJson } from './highlight.js';
import { formatBytes, renderDiagnostics, renderStats } from './panels.js';

const DEBOUNCE_MS = 150;
/** Outputs longer than this are shown without colours (building spans would cost more than it shows). */
const HIGHLIGHT_LIMIT = 40 * 1024;
/** Show "Checking…" only when a run takes longer than this. */
const BUSY_DELAY_MS = 250;

const TABS = {
  hedl: [
    { name: 'json', label: 'JSON', file: 'json', ext: '.json', type: 'application/json' },
    { name: 'canonical', label: 'Canonical HEDL', file: 'canonical', ext: '.canonical.hedl', type: 'text/plain' },
    { name: 'diagnostics', label: 'Problems' },
    { name: 'stats', label: 'Stats' },
  ],
  json: [
    { name: 'hedl', label: 'HEDL', file: 'hedl', ext: '.hedl', type: 'text/plain' },
    { name: 'diagnostics', label: 'Problems' },
    { name: 'stats', label: 'Stats' },
  ],
};

const $ = (id) => document.getElementById(id);
const nf = new Intl.NumberFormat('en-US');

// ---------------------------------------------------------------- worker ---

const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
const calls = new Map();
let nextCall = 1;
let latestRunId = 0;

worker.addEventListener('message', (event) => {
  const msg = event.data;
  const call = calls.get(msg.id);
  if (call === undefined) return;
  calls.delete(msg.id);
  if (msg.type === 'failed') call.reject(msg.error);
  else call.resolve(msg);
});
worker.addEventListener('error', (event) => {
  event.preventDefault();
  fatal(`The hedl worker could not start (${event.message || 'module failed to load'}).`);
  for (const call of calls.values()) call.reject({ kind: 'InternalError', message: 'worker failed' });
  calls.clear();
});

/** Sends one request to the worker; resolves with its answer. */
function ask(message) {
  const id = nextCall++;
  return new Promise((resolve, reject) => {
    calls.set(id, { resolve, reject });
    worker.postMessage({ ...message, id });
  });
}

// ----------------------------------------------------------------- state ---

const state = {
  mode: 'hedl',
  buffers: { hedl: '', json: '' },
  example: EXAMPLES[0].id,
  strict: true,
  /** The HEDL version written ('' keeps the input's; JSON then gives 2.0). */
  version: '',
  tab: { hedl: 'json', json: 'hedl' },
  result: null,
  good: { hedl: null, json: null },
  revealProblems: false,
  fatal: false,
};

const editor = new Editor({
  textarea: $('input'),
  gutter: $('gutter'),
  highlight: $('highlight'),
  marks: $('marks'),
  onChange: () => schedule(),
  onCursor: (line, col) => {
    $('cursor-pos').textContent = `Ln ${line}, Col ${col}`;
  },
});

// ------------------------------------------------------------ scheduling ---

let timer = 0;
let inflight = false;
let dirty = false;
let busyTimer = 0;
let idleWaiters = [];
let firstResult;
const ready = new Promise((resolve) => {
  firstResult = resolve;
});

/** The debounce: 150 ms, longer when runs are slow (big documents), so a burst of keys is one run. */
function delay() {
  const last = state.result?.timings.roundTrip ?? 0;
  return last > DEBOUNCE_MS ? Math.min(1000, 1.5 * last) : DEBOUNCE_MS;
}

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(() => {
    timer = 0;
    run();
  }, delay());
}

/** Example loads and mode switches under way (they end in a run). */
let loading = 0;

function isIdle() {
  return timer === 0 && !inflight && !dirty && loading === 0;
}

function settle() {
  if (!isIdle()) return;
  const waiters = idleWaiters;
  idleWaiters = [];
  for (const resolve of waiters) resolve();
}

/** Runs the current text now; while a run is in flight, runs once more after it. */
async function run() {
  if (state.fatal) return;
  clearTimeout(timer);
  timer = 0;
  if (inflight) {
    dirty = true;
    return;
  }
  inflight = true;
  dirty = false;
  const mode = state.mode;
  const text = editor.value;
  clearTimeout(busyTimer);
  busyTimer = setTimeout(() => setStatus('busy', 'Checking…'), BUSY_DELAY_MS);
  const sent = performance.now();
  try {
    const id = nextCall;
    latestRunId = id;
    const answer = await ask({ type: 'run', mode, text, strict: state.strict, version: state.version });
    const result = answer.result;
    result.id = id;
    result.timings.roundTrip = performance.now() - sent - result.repeatMs;
    result.textLength = text.length;
    if (result.ok) state.good[mode] = result;
    if (mode === state.mode) {
      render(result);
      updateDocSize(result.inputBytes);
    }
    firstResult();
  } catch (error) {
    fatal(`hedl failed: ${error.message ?? error}`);
  } finally {
    clearTimeout(busyTimer);
    inflight = false;
    if (dirty) run();
    else settle();
  }
}

// ------------------------------------------------------------- rendering ---

function setStatus(kind, text) {
  const el = $('status');
  el.className = `status status-${kind}`;
  el.textContent = text;
}

function fatal(message) {
  state.fatal = true;
  setStatus('error', 'Not loaded');
  showNotice(
    `${message} The demo loads the package from pkg/: build it with "make build" and serve it with "node demo/serve.mjs".`,
    'error',
  );
  settle();
}

function showNotice(text, kind = 'info') {
  const el = $('notice');
  el.hidden = text === '';
  el.className = `notice notice-${kind}`;
  el.textContent = text;
}

function render(result) {
  state.result = result;
  const good = result.ok ? result : state.good[result.mode];
  renderOutputs();
  renderDiagnostics(result);
  renderStats(good, result);
  renderStatus(result);
  document.body.dataset.state = result.ok ? 'valid' : 'invalid';
  // A freshly loaded example that does not parse opens on its problems.
  if (state.revealProblems) {
    state.revealProblems = false;
    if (!result.ok) selectTab('diagnostics');
  }
}

function renderStatus(result) {
  const problem = $('problem');
  if (result.ok) {
    const counts = { error: 0, warning: 0, hint: 0 };
    for (const d of result.diagnostics) counts[d.severity]++;
    const extra = [];
    if (counts.error) extra.push(`${counts.error} lint error${counts.error > 1 ? 's' : ''}`);
    if (counts.warning) extra.push(`${counts.warning} warning${counts.warning > 1 ? 's' : ''}`);
    if (counts.hint) extra.push(`${counts.hint} hint${counts.hint > 1 ? 's' : ''}`);
    const what = result.mode === 'hedl' ? 'Valid HEDL' : 'Converted';
    setStatus(counts.error || counts.warning ? 'warn' : 'ok', extra.length ? `${what} · ${extra.join(', ')}` : what);
    problem.hidden = true;
  } else {
    const e = result.error;
    setStatus('error', e.line ? `${e.kind} at ${e.line}:${e.column}` : e.kind);
    problem.hidden = false;
    problem.replaceChildren();
    const badge = document.createElement('span');
    badge.className = 'problem-kind';
    badge.textContent = e.line ? `${e.kind} · ${e.line}:${e.column}` : e.kind;
    const msg = document.createElement('span');
    msg.className = 'problem-msg';
    msg.textContent = e.message;
    problem.append(badge, msg);
    problem.dataset.line = String(e.line);
    problem.dataset.column = String(e.column);
  }
  const marks = [];
  if (!result.ok && result.error.line) marks.push({ line: result.error.line, severity: 'error' });
  if (result.mode === 'hedl') {
    for (const d of result.diagnostics) {
      marks.push({ line: d.line, severity: d.severity });
    }
  }
  editor.setMarks(marks);
}

/** Which output each <pre> shows, so that a tab is only drawn when it is visible and out of date. */
const drawn = new Map();

function renderOutputs() {
  const tab = currentTab();
  if (tab.file !== undefined) drawOutput(tab);
  updateNotice();
}

/** Draws the output of `tab` from the current result, unless it already shows it. */
function drawOutput(tab) {
  const result = state.result;
  if (result === null) return;
  const good = result.ok ? result : state.good[result.mode];
  const pre = $(`out-${tab.name}`);
  const out = good?.outputs[tab.file];
  const stale = !result.ok && good !== null;
  const key = `${good?.id}:${stale}`;
  if (drawn.get(tab.name) === key) return;
  drawn.set(tab.name, key);
  pre.classList.toggle('stale', stale);
  if (out === undefined) {
    pre.classList.add('empty');
    pre.textContent = result.ok ? '' : 'Fix the error on the left to see the output.';
    delete pre.dataset.length;
    return;
  }
  pre.classList.remove('empty');
  if (out.text.length <= HIGHLIGHT_LIMIT) {
    if (tab.name === 'json') highlightJson(pre, out.text);
    else highlightHedl(pre, out.text);
  } else {
    pre.textContent = out.text;
  }
  pre.dataset.length = String(out.length);
}

/** The notice above the outputs: stale output, or a preview of a big output. */
function updateNotice() {
  const result = state.result;
  if (state.fatal || result === null) return;
  const tab = currentTab();
  if (!result.ok && tab.file !== undefined && state.good[result.mode] !== null) {
    showNotice('The input has an error: this is the output of its last valid version.', 'warn');
    return;
  }
  const out = tab.file !== undefined ? state.good[result.mode]?.outputs[tab.file] : undefined;
  if (out !== undefined && out.text.length < out.length) {
    showNotice(
      `Showing the first ${formatBytes(out.text.length)} of ${formatBytes(
        out.length,
      )}. Copy and Download give the whole output.`,
      'info',
    );
    return;
  }
  showNotice('');
}

// ------------------------------------------------------------------ tabs ---

function currentTab() {
  const tabs = TABS[state.mode];
  return tabs.find((t) => t.name === state.tab[state.mode]) ?? tabs[0];
}

function buildTabs() {
  const bar = $('tabs');
  const buttons = TABS[state.mode].map((tab) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.setAttribute('role', 'tab');
    b.id = `tab-${tab.name}`;
    b.className = 'tab';
    b.setAttribute('aria-controls', `panel-${tab.name}`);
    b.dataset.tab = tab.name;
    b.append(tab.label);
    if (tab.name === 'diagnostics') {
      const badge = document.createElement('span');
      badge.className = 'badge';
      badge.hidden = true;
      b.append(badge);
    }
    b.addEventListener('click', () => selectTab(tab.name));
    return b;
  });
  bar.replaceChildren(...buttons);
  selectTab(state.tab[state.mode]);
}

function selectTab(name) {
  state.tab[state.mode] = name;
  const tab = currentTab();
  for (const b of $('tabs').children) {
    const on = b.dataset.tab === tab.name;
    b.classList.toggle('active', on);
    b.setAttribute('aria-selected', String(on));
    b.tabIndex = on ? 0 : -1;
  }
  for (const panel of document.querySelectorAll('.panel')) panel.hidden = panel.id !== `panel-${tab.name}`;
  if (tab.file !== undefined) drawOutput(tab);
  $('copy').disabled = false;
  $('download').disabled = false;
  updateNotice();
}

$('tabs').addEventListener('keydown', (e) => {
  if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
  const tabs = TABS[state.mode];
  const i = tabs.indexOf(currentTab());
  const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
  selectTab(next.name);
  $(`tab-${next.name}`).focus();
});

// ------------------------------------------------------- copy / download ---

/** Returns the whole text of the current tab's output, fetching it from the worker when only a preview is here. */
async function currentOutputText() {
  const tab = currentTab();
  const result = state.result;
  if (result === null) return { text: '', name: 'output.txt', type: 'text/plain' };
  const base = state.mode === 'json' ? 'converted' : state.example;
  if (tab.name === 'diagnostics') {
    const lines = [];
    if (!result.ok) {
      lines.push(`${result.error.line}:${result.error.column} error ${result.error.kind}: ${result.error.message}`);
    }
    for (const d of result.diagnostics) {
      lines.push(
        `${d.line}:${d.column} ${d.severity} ${d.rule}: ${d.message}${d.suggestion ? ` (${d.suggestion})` : ''}`,
      );
    }
    return {
      text: lines.length ? `${lines.join('\n')}\n` : 'No problems.\n',
      name: `${base}.problems.txt`,
      type: 'text/plain',
    };
  }
  const good = result.ok ? result : state.good[state.mode];
  if (tab.name === 'stats') {
    const text = `${JSON.stringify({ stats: good?.stats ?? null, timingsMs: good?.timings ?? null }, null, 2)}\n`;
    return { text, name: `${base}.stats.json`, type: 'application/json' };
  }
  const out = good?.outputs[tab.file];
  let text = out?.text ?? '';
  if (out !== undefined && out.text.length < out.length && good.id === latestRunId) {
    text = (await ask({ type: 'full', name: tab.file })).text;
  }
  return { text, name: `${base}${tab.ext}`, type: tab.type };
}

function toast(message) {
  const el =
    $('toast') ??
    document.body.appendChild(Object.assign(document.createElement('div'), { id: 'toast', className: 'toast' }));
  el.setAttribute('role', 'status');
  el.textContent = message;
  el.classList.add('show');
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => el.classList.remove('show'), 1800);
}

async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard permission (or an older browser): the selection route.
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.className = 'offscreen';
    document.body.append(ta);
    ta.select();
    const ok = document.execCommand('copy');
    ta.remove();
    return ok;
  }
}

$('copy').addEventListener('click', async () => {
  const { text } = await currentOutputText();
  toast(
    (await copyText(text))
      ? `Copied ${formatBytes(new Blob([text]).size)}`
      : 'Copy failed: select the text and copy it by hand',
  );
});

$('download').addEventListener('click', async () => {
  const { text, name, type } = await currentOutputText();
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  toast(`Saved ${name}`);
});

// ------------------------------------------------------ modes & examples ---

async function setMode(mode) {
  if (mode === state.mode) return;
  state.buffers[state.mode] = editor.value;
  if (mode === 'json' && state.buffers.json === '') {
    loading++;
    try {
      state.buffers.json = await seedJson();
    } finally {
      loading--;
    }
    if (mode === state.mode) return settle();
  }
  state.mode = mode;
  for (const m of ['hedl', 'json']) {
    const b = $(`mode-${m}`);
    b.classList.toggle('active', m === mode);
    b.setAttribute('aria-checked', String(m === mode));
  }
  document.body.dataset.mode = mode;
  $('file-name').textContent = mode === 'hedl' ? 'input.hedl' : 'input.json';
  $('input').setAttribute('aria-label', mode === 'hedl' ? 'HEDL input' : 'JSON input');
  $('use-output').hidden = mode !== 'json';
  editor.setValue(state.buffers[mode], mode);
  updateDocSize();
  buildTabs();
  state.result = null;
  const good = state.good[mode];
  if (good !== null) render(good);
  run();
}

/** The JSON to start the JSON → HEDL direction with: the current document's JSON when there is one. */
async function seedJson() {
  const good = state.good.hedl;
  const out = good?.outputs.json;
  if (out === undefined) return '{\n  "hello": "world"\n}\n';
  if (out.text.length === out.length) return out.text;
  if (good.id === latestRunId) return (await ask({ type: 'full', name: 'json' })).text;
  return '{\n  "hello": "world"\n}\n';
}

let loadToken = 0;

async function loadExample(id) {
  const example = EXAMPLES.find((e) => e.id === id) ?? EXAMPLES[0];
  const token = ++loadToken;
  state.example = example.id;
  $('example').value = example.id;
  loading++;
  try {
    let text;
    if (example.generate) {
      setStatus('busy', 'Generating…');
      await new Promise((r) => setTimeout(r, 0));
      text = example.generate();
    } else {
      const response = await fetch(example.file);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      text = await response.text();
    }
    // A later pick won the race.
    if (token !== loadToken) return;
    // The last valid output belonged to the previous document: never show it for this one.
    state.good.hedl = null;
    state.revealProblems = true;
    if (state.mode !== 'hedl') {
      state.buffers.hedl = text;
      await setMode('hedl');
      return;
    }
    editor.setValue(text, 'hedl');
    updateDocSize();
    run();
  } catch (error) {
    showNotice(`Could not load the example ${example.file} (${error.message}).`, 'error');
  } finally {
    loading--;
    settle();
  }
}

/** Shows the input's size: lines now, bytes as the worker counted them (encoding 5 MB here would cost a frame). */
function updateDocSize(bytes) {
  const size = bytes === undefined ? '' : `${formatBytes(bytes)} · `;
  // Lines as the parser counts them: a final newline ends a line, it does not start one.
  const lines = editor.lineCount - (editor.value.endsWith('\n') ? 1 : 0);
  $('doc-size').textContent = `${size}${nf.format(lines)} line${lines === 1 ? '' : 's'}`;
}

$('mode-hedl').addEventListener('click', () => setMode('hedl'));
$('mode-json').addEventListener('click', () => setMode('json'));
$('example').addEventListener('change', (e) => loadExample(e.target.value));
$('strict').addEventListener('change', (e) => {
  state.strict = e.target.checked;
  run();
});
$('target-version').addEventListener('change', (e) => {
  state.version = e.target.value;
  run();
});
$('use-output').addEventListener('click', async () => {
  if (state.result === null || !state.result.ok) return;
  const tab = currentTab();
  const saved = state.tab.json;
  state.tab.json = 'hedl';
  const { text } = await currentOutputText();
  state.tab.json = saved;
  selectTab(tab.name);
  state.buffers.hedl = text;
  await setMode('hedl');
});

function jumpTo(target) {
  const line = Number(target.dataset.line);
  if (!(line > 0)) return;
  editor.goTo(line, Number(target.dataset.column) || 0);
}

$('diagnostics').addEventListener('click', (e) => {
  const target = e.target.closest('button.diag');
  if (target) jumpTo(target);
});
$('problem').addEventListener('click', (e) => jumpTo(e.currentTarget));

// ------------------------------------------------------------------ boot ---

for (const example of EXAMPLES) {
  const option = document.createElement('option');
  option.value = example.id;
  option.textContent = example.title;
  $('example').append(option);
}
document.body.dataset.mode = 'hedl';
buildTabs();
setStatus('busy', 'Loading hedl…');
// The first run waits for the worker to load hedl, so that its timings are the run's alone.
ask({ type: 'hello' }).then(
  (answer) => {
    $('version').textContent = `hedl ${answer.version} (WebAssembly)`;
    loadExample(EXAMPLES[0].id);
  },
  (error) => fatal(`hedl did not load: ${error.message ?? error}`),
);

/** Hooks for tests and for the curious: window.__hedlDemo in the console. */
window.__hedlDemo = {
  /** Resolves once the first result is on screen. */
  ready,
  /** Resolves when no edit is waiting and no run is in flight. */
  idle: () => (isIdle() ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve))),
  /** Runs a pending edit now instead of after the debounce; resolves when idle. */
  flush: () => {
    if (timer !== 0) run();
    return isIdle() ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve));
  },
  /** Runs the current text again, edit or not; resolves when idle. */
  rerun: () => {
    run();
    return isIdle() ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve));
  },
  /** wasm memory of the worker: {heapSize, heapInUse, liveDocuments}. */
  memory: async () => (await ask({ type: 'memory' })).memory,
  /** The wasm heap's size in bytes (it only grows, so a leak shows as growth). */
  heapBytes: async () => (await ask({ type: 'memory' })).memory.heapSize,
  /** The last result shown (outputs are previews). */
  lastResult: () => state.result,
  loadExample,
  setMode,
};
