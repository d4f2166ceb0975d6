// The Problems and Stats panels, and the hero's size comparison: DOM built
// from the worker's results with textContent only.

const $ = (id) => document.getElementById(id);
const nf = new Intl.NumberFormat('en-US');

export function formatBytes(n) {
  if (n < 1024) return `${nf.format(n)} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(2)} MB`;
}

export function formatMs(ms) {
  if (ms === undefined || ms === null) return '–';
  if (ms < 1) return `${nf.format(Math.round(ms * 1000))} µs`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  return `${nf.format(Math.round(ms))} ms`;
}

function diagnosticItem({ severity, location, kind, message, suggestion, line, column, clickable }) {
  const li = document.createElement('li');
  const el = document.createElement(clickable ? 'button' : 'div');
  el.className = `diag sev-${severity}`;
  if (clickable) {
    el.type = 'button';
    el.dataset.line = String(line);
    el.dataset.column = String(column);
    el.title = 'Go to this line in the editor';
  }
  const sev = document.createElement('span');
  sev.className = 'diag-sev';
  sev.textContent = severity;
  const loc = document.createElement('span');
  loc.className = 'diag-loc';
  loc.textContent = location;
  const body = document.createElement('span');
  body.className = 'diag-body';
  const k = document.createElement('span');
  k.className = 'diag-kind';
  k.textContent = kind;
  const m = document.createElement('span');
  m.className = 'diag-msg';
  m.textContent = message;
  body.append(k, m);
  if (suggestion) {
    const s = document.createElement('span');
    s.className = 'diag-fix';
    s.textContent = suggestion;
    body.append(s);
  }
  el.append(sev, loc, body);
  li.append(el);
  return li;
}

export function renderDiagnostics(result) {
  const list = $('diagnostics');
  const items = [];
  if (!result.ok) {
    const e = result.error;
    items.push(
      diagnosticItem({
        severity: 'error',
        location: e.line ? `${e.line}:${e.column}` : '—',
        kind: e.kind,
        message: e.message,
        line: e.line,
        column: e.column,
        clickable: e.line > 0,
      }),
    );
  }
  const inOutput = result.mode === 'json';
  for (const d of result.diagnostics) {
    items.push(
      diagnosticItem({
        severity: d.severity,
        location: `${inOutput ? 'HEDL ' : ''}${d.line}:${d.column}`,
        kind: d.rule,
        message: d.message,
        suggestion: d.suggestion,
        line: d.line,
        column: d.column,
        clickable: !inOutput,
      }),
    );
  }
  if (!result.ok && result.mode === 'hedl') {
    const li = document.createElement('li');
    li.className = 'diag-note';
    li.textContent =
      'Parsing stops at the first error. Fix it and the next one, if any, shows up; ' +
      'lint findings follow once the document parses.';
    items.push(li);
  }
  if (items.length === 0) {
    const li = document.createElement('li');
    li.className = 'diag-none';
    li.textContent =
      result.mode === 'hedl'
        ? 'No problems: the document parses and lints clean.'
        : 'No problems: the JSON converts to valid, lint-clean HEDL.';
    items.push(li);
  }
  list.replaceChildren(...items);
  const errors = (result.ok ? 0 : 1) + result.diagnostics.filter((d) => d.severity === 'error').length;
  const count = list.querySelectorAll('.diag').length;
  const badge = $('tab-diagnostics')?.querySelector('.badge');
  if (badge) {
    badge.textContent = String(count);
    badge.hidden = count === 0;
    badge.className = `badge ${errors ? 'badge-error' : count ? 'badge-warn' : ''}`;
  }
}

function row(cells, header = false) {
  const tr = document.createElement('tr');
  cells.forEach((text, i) => {
    const cell = document.createElement(header && i === 0 ? 'th' : 'td');
    if (header && i === 0) cell.scope = 'row';
    if (i > 0) cell.className = 'num';
    cell.textContent = text;
    tr.append(cell);
  });
  return tr;
}

export function renderStats(good, result) {
  const hero = $('hero');
  const s = good?.stats;
  hero.classList.toggle('stale', !result.ok && Boolean(s));
  hero.classList.toggle('empty', !s);
  if (!s) {
    for (const id of ['hedl-tokens', 'json-tokens', 'hedl-bytes', 'json-bytes', 'entity-total', 'parse-time']) {
      $(id).textContent = '–';
    }
    $('savings-value').textContent = '–';
    $('savings-label').textContent = 'nothing to measure until it parses';
    $('bar-hedl').style.width = '0';
    $('bar-json').style.width = '0';
    for (const id of ['entities', 'sizes', 'timings', 'doc-info']) $(id).replaceChildren();
    return;
  }
  const savings = s.tokenSavings;
  $('savings-value').textContent = `${Math.round(Math.abs(savings) * 100)}%`;
  $('savings-label').textContent = savings >= 0 ? 'fewer tokens than JSON' : 'more tokens than JSON';
  hero.classList.toggle('negative', savings < 0);
  const max = Math.max(s.hedlTokens, s.jsonTokens, 1);
  $('bar-hedl').style.width = `${(100 * s.hedlTokens) / max}%`;
  $('bar-json').style.width = `${(100 * s.jsonTokens) / max}%`;
  $('hedl-tokens').textContent = `${nf.format(s.hedlTokens)} tokens`;
  $('json-tokens').textContent = `${nf.format(s.jsonTokens)} tokens`;
  $('hedl-bytes').textContent = formatBytes(s.hedlBytes);
  $('json-bytes').textContent = formatBytes(s.jsonBytes);
  const entities = Object.entries(s.entities);
  const total = entities.reduce((n, [, c]) => n + c, 0);
  $('entity-total').textContent = entities.length
    ? `${nf.format(total)} in ${entities.length} type${entities.length > 1 ? 's' : ''}`
    : 'none';
  const t = good.timings;
  const hedlMode = good.mode === 'hedl';
  $('parse-time-label').textContent = hedlMode ? 'Parse time' : 'Convert time';
  $('parse-time').textContent = formatMs(hedlMode ? t.parse : t.fromJson);

  $('entities').replaceChildren(
    ...(entities.length
      ? entities.map(([type, count]) => row([type, nf.format(count)], true))
      : [row(['no typed rows', ''], true)]),
  );
  const pct = (part, whole) => `${((100 * part) / Math.max(1, whole)).toFixed(1)}%`;
  $('sizes').replaceChildren(
    row(['HEDL', formatBytes(s.hedlBytes), nf.format(s.hedlTokens)], true),
    row(['JSON (minified)', formatBytes(s.jsonBytes), nf.format(s.jsonTokens)], true),
    row(['Saved', pct(s.jsonBytes - s.hedlBytes, s.jsonBytes), pct(s.jsonTokens - s.hedlTokens, s.jsonTokens)], true),
  );
  const timings = hedlMode
    ? [
        ['Parse', t.parse],
        ['To JSON (pretty)', t.toJson],
        ['Canonical HEDL', t.format],
        ['Lint', t.lint],
        ['Stats', t.stats],
        ['Total in the worker', t.total],
        ['Round trip from the page', t.roundTrip],
      ]
    : [
        ['JSON → HEDL', t.fromJson],
        ['Parse the HEDL', t.parse],
        ['Lint', t.lint],
        ['Stats', t.stats],
        ['Total in the worker', t.total],
        ['Round trip from the page', t.roundTrip],
      ];
  const rows = timings.map(([name, ms]) => row([name, formatMs(ms)], true));
  // Throughput means little on a few hundred bytes, where timer resolution dominates.
  if (hedlMode && t.parse > 0 && s.hedlBytes >= 100000) {
    rows.splice(
      1,
      0,
      row(['Parse throughput', `${nf.format(Math.round(s.hedlBytes / 1e6 / (t.parse / 1000)))} MB/s`], true),
    );
  }
  $('timings').replaceChildren(...rows);
  $('doc-info').replaceChildren(
    row(['Lines', nf.format(s.hedlLines)], true),
    row(['%STRUCT schemas', nf.format(s.schemas)], true),
    row(['%ALIAS directives', nf.format(s.aliases)], true),
    row(['%NEST rules', nf.format(s.nests)], true),
    row(['Root keys', nf.format(s.rootItems)], true),
  );
}
