// The input editor: a plain <textarea> (so typing, undo, IME and paste are
// the browser's own), with three layers drawn behind or beside it: line
// numbers, line marks (diagnostics, the current line) and syntax colours.
// Every layer draws only the lines in view, so a 5 MB document costs the
// same per frame as a 50-line one. Lines never wrap, so line N sits at
// N * lineHeight and no measuring is needed.
import { appendJson, highlightHedlLine, lineStates, STATE_NAMES } from './highlight.js';

/** Above this size, or with a line this long, the text is drawn plain (by the textarea itself). */
const PLAIN_BYTES = 32 * 1024 * 1024;
const PLAIN_LINE = 20000;
const INDENT = '  ';

/** Returns the UTF-16 offset in `line` of the 1-based UTF-8 byte column `column`. */
export function offsetOfByteColumn(line, column) {
  let bytes = 0;
  let i = 0;
  while (i < line.length && bytes < column - 1) {
    const cp = line.codePointAt(i);
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    i += cp > 0xffff ? 2 : 1;
  }
  return i;
}

export class Editor {
  #ta;
  #gutter;
  #highlight;
  #marks;
  #language = 'hedl';
  #starts = [0];
  #states = new Uint8Array(1);
  #plain = false;
  #lineHeight = 20;
  #padTop = 0;
  #marksByLine = new Map();
  #focusLine = 0;
  #frame = 0;
  #escape = false;
  #caretLine = 1;
  #gutterWidth = '';
  #onChange;
  #onCursor;

  /**
   * @param {{textarea: HTMLTextAreaElement, gutter: HTMLElement, highlight: HTMLElement, marks: HTMLElement,
   *          onChange: () => void, onCursor: (line: number, col: number) => void}} parts
   */
  constructor({ textarea, gutter, highlight, marks, onChange, onCursor }) {
    this.#ta = textarea;
    this.#gutter = gutter;
    this.#highlight = highlight;
    this.#marks = marks;
    this.#onChange = onChange;
    this.#onCursor = onCursor;
    const style = getComputedStyle(textarea);
    this.#lineHeight = parseFloat(style.lineHeight) || 20;
    this.#padTop = parseFloat(style.paddingTop) || 0;
    textarea.addEventListener('input', () => {
      this.#reindex();
      this.#schedule();
      this.#cursor();
      this.#onChange();
    });
    textarea.addEventListener('scroll', () => this.#schedule());
    textarea.addEventListener('keydown', (e) => this.#keydown(e));
    for (const type of ['keyup', 'click', 'select', 'focus']) textarea.addEventListener(type, () => this.#cursor());
    new ResizeObserver(() => this.#schedule()).observe(textarea);
  }

  get value() {
    return this.#ta.value;
  }

  /** Replaces the text (no change event), puts the caret at the start and scrolls to the top. */
  setValue(text, language) {
    if (language !== undefined) this.#language = language;
    this.#ta.value = text;
    this.#ta.setSelectionRange(0, 0);
    this.#ta.scrollTop = 0;
    this.#ta.scrollLeft = 0;
    this.#marksByLine = new Map();
    this.#focusLine = 0;
    this.#reindex();
    this.#schedule();
    this.#cursor();
  }

  get lineCount() {
    return this.#starts.length;
  }

  /** Sets the marked lines: [{line, severity}], the most severe mark of a line wins. */
  setMarks(marks) {
    const rank = { hint: 1, warning: 2, error: 3 };
    const byLine = new Map();
    for (const { line, severity } of marks) {
      if (!(line >= 1)) continue;
      const old = byLine.get(line);
      if (old === undefined || rank[severity] > rank[old]) byLine.set(line, severity);
    }
    this.#marksByLine = byLine;
    if (this.#focusLine && !byLine.has(this.#focusLine)) this.#focusLine = 0;
    this.#schedule();
  }

  /** Moves the caret to 1-based `line` and UTF-8 byte `column` (0: line start), scrolls there and marks the line. */
  goTo(line, column) {
    const text = this.#ta.value;
    const n = this.#starts.length;
    const l = Math.min(Math.max(1, line), n);
    const start = this.#starts[l - 1];
    const end = l < n ? this.#starts[l] - 1 : text.length;
    const offset = start + offsetOfByteColumn(text.slice(start, end), column);
    this.#focusLine = l;
    this.#ta.focus({ preventScroll: true });
    this.#ta.setSelectionRange(offset, offset);
    const top = (l - 1) * this.#lineHeight;
    const view = this.#ta.clientHeight;
    if (top < this.#ta.scrollTop || top + this.#lineHeight > this.#ta.scrollTop + view - 2 * this.#padTop) {
      this.#ta.scrollTop = Math.max(0, top - view / 3);
    }
    this.#ta.scrollLeft = 0;
    this.#cursor();
    this.#schedule();
  }

  /** Returns the 1-based line of the caret. */
  caretLine() {
    return this.#lineOf(this.#ta.selectionStart);
  }

  #lineOf(offset) {
    const s = this.#starts;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  #reindex() {
    const text = this.#ta.value;
    const starts = [0];
    let longest = 0;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      longest = Math.max(longest, i + 1 - starts[starts.length - 1]);
      starts.push(i + 1);
    }
    longest = Math.max(longest, text.length - starts[starts.length - 1]);
    this.#starts = starts;
    this.#plain = text.length > PLAIN_BYTES || longest > PLAIN_LINE;
    this.#states = this.#language === 'hedl' && !this.#plain ? lineStates(text, starts) : new Uint8Array(starts.length);
    this.#ta.parentElement.classList.toggle('plain', this.#plain);
    // Wide enough for the largest line number.
    const width = `${Math.max(3, String(starts.length).length) + 2.5}ch`;
    if (width !== this.#gutterWidth) {
      this.#gutterWidth = width;
      this.#gutter.parentElement.style.width = width;
    }
  }

  #cursor() {
    const offset = this.#ta.selectionStart;
    const line = this.#lineOf(offset);
    const col = offset - this.#starts[line - 1] + 1;
    this.#onCursor(line, col);
    if (line !== this.#caretLine) {
      this.#caretLine = line;
      this.#schedule();
    }
  }

  #schedule() {
    if (this.#frame === 0) this.#frame = requestAnimationFrame(() => this.#render());
  }

  #render() {
    this.#frame = 0;
    const ta = this.#ta;
    const lh = this.#lineHeight;
    const text = ta.value;
    const n = this.#starts.length;
    const inner = Math.max(0, ta.scrollTop - this.#padTop);
    const first = Math.min(n - 1, Math.floor(inner / lh));
    const last = Math.min(n - 1, first + Math.ceil(ta.clientHeight / lh) + 1);
    const dy = this.#padTop + first * lh - ta.scrollTop;

    const gutter = document.createDocumentFragment();
    const marks = document.createDocumentFragment();
    const code = document.createDocumentFragment();
    for (let l = first; l <= last; l++) {
      const number = l + 1;
      const mark = this.#marksByLine.get(number);
      const num = document.createElement('div');
      num.className = 'ln';
      num.dataset.line = String(number);
      num.textContent = String(number);
      if (mark !== undefined) num.classList.add(`is-${mark}`);
      if (number === this.#focusLine) num.classList.add('is-focus');
      if (number === this.#caretLine) num.classList.add('is-caret');
      gutter.append(num);

      const band = document.createElement('div');
      band.className = 'band';
      if (mark !== undefined) band.classList.add(`is-${mark}`);
      if (number === this.#focusLine) band.classList.add('is-focus');
      if (number === this.#caretLine) band.classList.add('is-caret');
      marks.append(band);

      if (!this.#plain) {
        const end = l + 1 < n ? this.#starts[l + 1] - 1 : text.length;
        const line = text.slice(this.#starts[l], end).replace(/\r$/, '');
        const div = document.createElement('div');
        div.className = 'hl-line';
        if (this.#language === 'hedl') highlightHedlLine(div, line, STATE_NAMES[this.#states[l]]);
        else appendJson(div, line);
        code.append(div);
      }
    }
    this.#gutter.replaceChildren(gutter);
    this.#marks.replaceChildren(marks);
    this.#highlight.replaceChildren(code);
    this.#gutter.style.transform = `translateY(${dy}px)`;
    this.#marks.style.transform = `translateY(${dy}px)`;
    this.#highlight.style.transform = `translate(${-ta.scrollLeft}px, ${dy}px)`;
  }

  #keydown(e) {
    if (e.key === 'Escape') {
      this.#escape = true;
      return;
    }
    const escaped = this.#escape;
    this.#escape = false;
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'Tab' && !e.shiftKey && !escaped) {
      e.preventDefault();
      this.#insert(INDENT);
    } else if (e.key === 'Enter' && !e.shiftKey) {
      // Keep the indentation; one more level after "key:" (an object starts).
      const ta = this.#ta;
      const start = this.#starts[this.#lineOf(ta.selectionStart) - 1];
      const before = ta.value.slice(start, ta.selectionStart);
      let indent = /^[ \t]*/.exec(before)[0];
      if (/^\s*[A-Za-z_][A-Za-z0-9_-]*:\s*$/.test(before)) indent += INDENT;
      else if (/^\s*[A-Za-z_][A-Za-z0-9_-]*:\s*@[A-Za-z_]\w*(\[[^\]]*\])?\s*$/.test(before)) indent += `${INDENT}|`;
      e.preventDefault();
      this.#insert(`\n${indent}`);
    }
  }

  /** Inserts text at the caret, through the browser's editing so that undo works. */
  #insert(text) {
    const ta = this.#ta;
    if (!document.execCommand('insertText', false, text)) {
      ta.setRangeText(text, ta.selectionStart, ta.selectionEnd, 'end');
      ta.dispatchEvent(new Event('input'));
    }
  }
}
