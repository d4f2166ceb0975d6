// Syntax colouring for the editor and the outputs. Tokens become <span>s
// whose text is set with textContent (never parsed as markup), so nothing typed or
// pasted can turn into markup. The colouring is cosmetic: the real parser
// lives in wasm, and a line it misreads here is only drawn in the wrong
// colour.

const HEDL_VALUE = new RegExp(
  [
    '(?<comment>#.*$)',
    '(?<string>"(?:[^"]|"")*"?)',
    '(?<expr>\\$\\()',
    '(?<ref>@[A-Za-z_][A-Za-z0-9_-]*(?::[^\\s,\\]]+)?)',
    '(?<alias>%[A-Za-z_][A-Za-z0-9_]*)',
    '(?<num>-?[0-9]+(?:\\.[0-9]+)?(?=$|[\\s,\\]#]))',
    '(?<lit>(?:true|false)(?=$|[\\s,#])|[~^](?=$|[\\s,#]))',
    '(?<punct>[|,\\[\\]])',
  ].join('|'),
  'y',
);
// Text that starts no token: up to the next place where one could start.
const WORD = /[^\s,[\]#]+|\s+|./y;
const TOKEN_START = /[\s,[|(]/;

/** Appends `text` to `parent`, in a span of class `cls` when one is given. */
function put(parent, cls, text) {
  if (text === '') return;
  if (cls === null) {
    parent.append(text);
    return;
  }
  const span = document.createElement('span');
  span.className = cls;
  span.textContent = text;
  parent.append(span);
}

/** Returns the end of the $( ... ) expression that starts at `start` (balanced, quote-aware). */
function expressionEnd(line, start) {
  let depth = 0;
  let quoted = false;
  for (let i = start + 1; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  return line.length;
}

/** Colours the values of a body line from `from` on. */
function putValues(parent, line, from) {
  let i = from;
  while (i < line.length) {
    // A '#' starts a comment only at the start or after whitespace.
    if (line[i] === '#' && i > 0 && !/\s/.test(line[i - 1])) {
      put(parent, null, '#');
      i++;
      continue;
    }
    // Tokens start at the line start, after whitespace or after a delimiter:
    // the @ in alice@example.com is not a reference.
    HEDL_VALUE.lastIndex = i;
    const m = i === 0 || TOKEN_START.test(line[i - 1]) || '#,[]|'.includes(line[i]) ? HEDL_VALUE.exec(line) : null;
    if (m !== null) {
      const g = m.groups;
      if (g.expr !== undefined) {
        const end = expressionEnd(line, i);
        put(parent, 'tok-expr', line.slice(i, end));
        i = end;
        continue;
      }
      const cls =
        g.comment !== undefined
          ? 'tok-comment'
          : g.string !== undefined
            ? 'tok-string'
            : g.ref !== undefined
              ? 'tok-ref'
              : g.alias !== undefined
                ? 'tok-alias'
                : g.num !== undefined
                  ? 'tok-num'
                  : g.lit !== undefined
                    ? 'tok-lit'
                    : 'tok-punct';
      put(parent, cls, m[0]);
      i += m[0].length;
      continue;
    }
    WORD.lastIndex = i;
    const w = WORD.exec(line);
    put(parent, null, w[0]);
    i += w[0].length;
  }
}

/**
 * Appends the coloured tokens of one HEDL line to `parent`. `state` says
 * where the line stands: 'header', 'body' or 'block' (inside a """ string).
 */
export function highlightHedlLine(parent, line, state) {
  if (state === 'block') {
    put(parent, 'tok-string', line);
    return;
  }
  const trimmed = line.trimStart();
  if (trimmed.startsWith('#')) {
    put(parent, 'tok-comment', line);
    return;
  }
  if (/^---\s*(#.*)?$/.test(line)) {
    put(parent, 'tok-sep', line);
    return;
  }
  let m = /^(%[A-Z]+)(:)/.exec(line);
  if (m !== null) {
    put(parent, 'tok-directive', m[1]);
    put(parent, 'tok-punct', m[2]);
    const rest = line.slice(m[0].length);
    const t = /^(\s*)([A-Za-z_][A-Za-z0-9_]*)(\s*(?:\([0-9]+\))?\s*)(:|>)?/.exec(rest);
    if (m[1] !== '%ALIAS' && t !== null && t[2] !== undefined) {
      put(parent, null, t[1]);
      put(parent, 'tok-type', t[2]);
      put(parent, null, t[3]);
      if (t[4] !== undefined) put(parent, 'tok-punct', t[4]);
      const after = rest.slice(t[0].length);
      const child = /^(\s*)([A-Za-z_][A-Za-z0-9_]*)/.exec(after);
      if (m[1] === '%NEST' && child !== null) {
        put(parent, null, child[1]);
        put(parent, 'tok-type', child[2]);
        putValues(parent, after, child[0].length);
      } else {
        putColumns(parent, after);
      }
    } else {
      putValues(parent, rest, 0);
    }
    return;
  }
  m = /^(\s*)(\|)(\s*\[\s*[0-9]+\s*\])?/.exec(line);
  if (m !== null) {
    put(parent, null, m[1]);
    put(parent, 'tok-pipe', m[2]);
    if (m[3] !== undefined) put(parent, 'tok-hint', m[3]);
    // The first cell is the row's ID.
    const rest = line.slice(m[0].length);
    const id = /^(\s*)([^,#"\s]+)/.exec(rest);
    if (id !== null && !/^[@%$[~^]/.test(id[2])) {
      put(parent, null, id[1]);
      put(parent, 'tok-id', id[2]);
      putValues(parent, rest, id[0].length);
    } else {
      putValues(parent, rest, 0);
    }
    return;
  }
  m = /^(\s*)([A-Za-z_][A-Za-z0-9_-]*)(\s*\([0-9]+\))?(:)/.exec(line);
  if (m !== null && state !== 'header') {
    put(parent, null, m[1]);
    put(parent, 'tok-key', m[2]);
    if (m[3] !== undefined) put(parent, 'tok-hint', m[3]);
    put(parent, 'tok-punct', m[4]);
    const rest = line.slice(m[0].length);
    const list = /^(\s*)(@[A-Z][A-Za-z0-9]*)(?=\s*(\[|$|#))/.exec(rest);
    if (list !== null) {
      put(parent, null, list[1]);
      put(parent, 'tok-type', list[2]);
      putColumns(parent, rest.slice(list[0].length));
    } else {
      putValues(parent, line, m[0].length);
    }
    return;
  }
  putValues(parent, line, 0);
}

/** Colours a column list "[id, name]" and anything after it. */
function putColumns(parent, text) {
  const m = /^(\s*)(\[)([^\]]*)(\]?)/.exec(text);
  if (m === null) {
    putValues(parent, text, 0);
    return;
  }
  put(parent, null, m[1]);
  put(parent, 'tok-punct', m[2]);
  for (const part of m[3].split(/(,)/)) put(parent, part === ',' ? 'tok-punct' : 'tok-col', part);
  put(parent, 'tok-punct', m[4]);
  putValues(parent, text, m[0].length);
}

/**
 * Returns, for a HEDL text split into lines, the state each line starts in
 * ('header', 'body' or 'block'), as a Uint8Array (0, 1, 2). One pass; only
 * lines that can change the state are looked at closely.
 */
export function lineStates(text, lineStarts) {
  const n = lineStarts.length;
  const states = new Uint8Array(n);
  const sep = /^---[ \t]*(#.*)?\r?$/m.exec(text);
  // Without a separator there is no header to speak of: colour it all as body.
  let first = 0;
  if (sep !== null) {
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= sep.index) lo = mid;
      else hi = mid - 1;
    }
    first = lo + 1;
  }
  let state = 1;
  let pos = first < n ? text.indexOf('"""', lineStarts[first]) : -1;
  for (let line = first; line < n; line++) {
    states[line] = state;
    const end = line + 1 < n ? lineStarts[line + 1] : text.length;
    if (pos < 0 || pos >= end) continue;
    const content = text.slice(lineStarts[line], end).replace(/\r?\n$/, '');
    if (state === 2) {
      if (/^\s*"""\s*(#.*)?$/.test(content)) state = 1;
    } else if (/:\s*"""\s*(#.*)?$/.test(content)) {
      state = 2;
    }
    pos = text.indexOf('"""', end);
  }
  return states;
}

export const STATE_NAMES = ['header', 'body', 'block'];

const JSON_TOKEN =
  /("(?:[^"\\]|\\.)*")(\s*:)?|(-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)|(true|false|null)|([{}[\],])/g;

/** Appends coloured JSON tokens of `text` to `parent`. */
export function appendJson(parent, text) {
  let last = 0;
  for (const m of text.matchAll(JSON_TOKEN)) {
    if (m.index > last) parent.append(text.slice(last, m.index));
    if (m[1] !== undefined) {
      if (m[2] !== undefined) {
        put(parent, m[1] === '"@ref"' ? 'tok-ref' : 'tok-key', m[1]);
        put(parent, 'tok-punct', m[2]);
      } else {
        put(parent, /^"\$\(/.test(m[1]) ? 'tok-expr' : 'tok-string', m[1]);
      }
    } else if (m[3] !== undefined) put(parent, 'tok-num', m[3]);
    else if (m[4] !== undefined) put(parent, 'tok-lit', m[4]);
    else put(parent, 'tok-punct', m[5]);
    last = m.index + m[0].length;
  }
  if (last < text.length) parent.append(text.slice(last));
}

/** Fills `parent` with coloured JSON. */
export function highlightJson(parent, text) {
  const frag = document.createDocumentFragment();
  appendJson(frag, text);
  parent.replaceChildren(frag);
}

/** Fills `parent` with coloured HEDL, one line at a time. */
export function highlightHedl(parent, text) {
  const frag = document.createDocumentFragment();
  const lines = text.split('\n');
  const starts = new Array(lines.length);
  for (let i = 0, p = 0; i < lines.length; i++) {
    starts[i] = p;
    p += lines[i].length + 1;
  }
  const states = lineStates(text, starts);
  for (let i = 0; i < lines.length; i++) {
    highlightHedlLine(frag, lines[i], STATE_NAMES[states[i]]);
    if (i + 1 < lines.length) frag.append('\n');
  }
  parent.replaceChildren(frag);
}
