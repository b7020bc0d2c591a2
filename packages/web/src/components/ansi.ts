/**
 * ANSI SGR escapes (colours, bold…) parsed into spans the page renders as text with classes.
 * The page's CSP forbids style attributes in markup, so the 16 standard colours are classes
 * (themed for a projector in ansi.css); 256-colour and true-colour values are given as `fg`/`bg`
 * strings the view sets through the element's style object. Every other escape (cursor moves,
 * erase, titles) is dropped, as is text a carriage return overwrote.
 */
export interface AnsiSpan {
  text: string;
  /** Space-separated classes: `ansi-fg-N`, `ansi-bg-N` (N 0–15), `ansi-b`, `ansi-d`, `ansi-i`, `ansi-u`, `ansi-s`, `ansi-inv`. */
  cls: string;
  /** `rgb(…)` for a colour outside the 16 standard ones. */
  fg?: string;
  bg?: string;
}

type Color = { n: number } | { rgb: string } | undefined;

interface Style {
  fg: Color;
  bg: Color;
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: boolean;
  strike: boolean;
  inverse: boolean;
}

const plainStyle = (): Style => ({
  fg: undefined,
  bg: undefined,
  bold: false,
  dim: false,
  italic: false,
  underline: false,
  strike: false,
  inverse: false,
});

const CUBE = [0, 95, 135, 175, 215, 255];

/** A 256-colour palette index as a colour: 0–15 stay classes, the cube and greys become rgb. */
function color256(n: number): Color {
  if (!Number.isInteger(n) || n < 0 || n > 255) return undefined;
  if (n < 16) return { n };
  if (n >= 232) {
    const v = 8 + (n - 232) * 10;
    return { rgb: `rgb(${v}, ${v}, ${v})` };
  }
  const i = n - 16;
  return { rgb: `rgb(${CUBE[Math.floor(i / 36)]}, ${CUBE[Math.floor(i / 6) % 6]}, ${CUBE[i % 6]})` };
}

/** Reads an extended colour (`38;5;n` or `38;2;r;g;b`) at `params[i]`; returns it and the params used. */
function extended(params: number[], i: number): [Color, number] {
  const mode = params[i + 1];
  if (mode === 5) return [color256(params[i + 2] ?? -1), 2];
  if (mode === 2) {
    const [r, g, b] = [params[i + 2], params[i + 3], params[i + 4]];
    const ok = [r, g, b].every((v) => v !== undefined && v >= 0 && v <= 255);
    return [ok ? { rgb: `rgb(${r}, ${g}, ${b})` } : undefined, 4];
  }
  return [undefined, 0];
}

function applySgr(style: Style, raw: string): void {
  const params = raw === '' ? [0] : raw.split(/[;:]/).map((p) => (p === '' ? 0 : Number(p)));
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    if (p === 0) Object.assign(style, plainStyle());
    else if (p === 1) style.bold = true;
    else if (p === 2) style.dim = true;
    else if (p === 3) style.italic = true;
    else if (p === 4) style.underline = true;
    else if (p === 7) style.inverse = true;
    else if (p === 9) style.strike = true;
    else if (p === 22) style.bold = style.dim = false;
    else if (p === 23) style.italic = false;
    else if (p === 24) style.underline = false;
    else if (p === 27) style.inverse = false;
    else if (p === 29) style.strike = false;
    else if (p >= 30 && p <= 37) style.fg = { n: p - 30 };
    else if (p === 39) style.fg = undefined;
    else if (p >= 40 && p <= 47) style.bg = { n: p - 40 };
    else if (p === 49) style.bg = undefined;
    else if (p >= 90 && p <= 97) style.fg = { n: p - 90 + 8 };
    else if (p >= 100 && p <= 107) style.bg = { n: p - 100 + 8 };
    else if (p === 38 || p === 48) {
      const [c, used] = extended(params, i);
      if (p === 38) style.fg = c;
      else style.bg = c;
      i += used;
    }
  }
}

function spanOf(text: string, s: Style): AnsiSpan {
  const [fg, bg] = s.inverse ? [s.bg, s.fg] : [s.fg, s.bg];
  const cls: string[] = [];
  const span: AnsiSpan = { text, cls: '' };
  if (fg && 'n' in fg) cls.push(`ansi-fg-${fg.n}`);
  else if (fg) span.fg = fg.rgb;
  if (bg && 'n' in bg) cls.push(`ansi-bg-${bg.n}`);
  else if (bg) span.bg = bg.rgb;
  if (s.inverse && !fg && !bg) cls.push('ansi-inv');
  if (s.bold) cls.push('ansi-b');
  if (s.dim) cls.push('ansi-d');
  if (s.italic) cls.push('ansi-i');
  if (s.underline) cls.push('ansi-u');
  if (s.strike) cls.push('ansi-s');
  span.cls = cls.join(' ');
  return span;
}

// CSI (ESC [ … final byte), OSC (ESC ] … BEL or ESC \), other two-byte escapes, and C0 controls but tab.
const TOKEN =
  // eslint-disable-next-line no-control-regex
  /\u001b\[([0-9;:?<=>]*)([ -/]*[@-~])|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-Z\\-_]?|[\u0000-\u0008\u000b-\u001f\u007f]/g;

/** What a terminal would show of a line: the text after the last carriage return that left any. */
function afterCarriageReturn(line: string): string {
  if (!line.includes('\r')) return line;
  const parts = line.split('\r');
  for (let i = parts.length - 1; i >= 0; i--) if (parts[i] !== '') return parts[i]!;
  return '';
}

export function parseAnsi(line: string): AnsiSpan[] {
  const text = afterCarriageReturn(line);
  const spans: AnsiSpan[] = [];
  const style = plainStyle();
  let last = 0;
  const push = (s: string): void => {
    if (s === '') return;
    const span = spanOf(s, style);
    const prev = spans[spans.length - 1];
    if (prev && prev.cls === span.cls && prev.fg === span.fg && prev.bg === span.bg) prev.text += s;
    else spans.push(span);
  };
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
    push(text.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[2] === 'm') applySgr(style, m[1] ?? '');
  }
  push(text.slice(last));
  return spans;
}

/** The line's visible text: exactly the concatenation of `parseAnsi`'s spans. */
export function stripAnsi(line: string): string {
  return parseAnsi(line)
    .map((s) => s.text)
    .join('');
}

// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f]/;

/** Whether a line needs parsing at all (most lines have no escape or control character). */
export function hasControls(line: string): boolean {
  return CONTROLS.test(line);
}

export interface MarkedSpan extends AnsiSpan {
  /** Part of a search match. */
  mark?: boolean;
}

/**
 * Splits spans at the given ranges of their visible text (start inclusive, end exclusive, sorted,
 * not overlapping), marking the parts inside a range: search hits keep the line's colours.
 */
export function markSpans(spans: readonly AnsiSpan[], ranges: readonly (readonly [number, number])[]): MarkedSpan[] {
  if (ranges.length === 0) return [...spans];
  const out: MarkedSpan[] = [];
  let pos = 0;
  let r = 0;
  for (const span of spans) {
    let i = 0;
    const end = pos + span.text.length;
    while (i < span.text.length) {
      const at = pos + i;
      while (r < ranges.length && ranges[r]![1] <= at) r++;
      const range = ranges[r];
      if (!range || range[0] >= end) {
        out.push({ ...span, text: span.text.slice(i) });
        break;
      }
      if (range[0] > at) {
        out.push({ ...span, text: span.text.slice(i, range[0] - pos) });
        i = range[0] - pos;
        continue;
      }
      const stop = Math.min(range[1], end) - pos;
      out.push({ ...span, text: span.text.slice(i, stop), mark: true });
      i = stop;
    }
    pos = end;
  }
  return out;
}
