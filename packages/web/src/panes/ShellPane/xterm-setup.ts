import { FitAddon } from '@xterm/addon-fit';
import { Terminal, type ITheme } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { sanitizePaste } from './paste.ts';

/** Lines kept above the screen per terminal: enough to scroll back through a build, bounded in memory. */
export const SCROLLBACK_LINES = 5000;

/** Installed with fonts-dejavu-core on Debian, so it is there offline; the rest are fallbacks. */
const FONT = "'DejaVu Sans Mono', 'Liberation Mono', 'Noto Sans Mono', Menlo, Consolas, monospace";

/** Dark and saturated enough to read on a projector; matches the page's palette. */
const THEME: ITheme = {
  background: '#0b1016',
  foreground: '#e9eef5',
  cursor: '#5cb0ff',
  cursorAccent: '#0b1016',
  selectionBackground: '#2f5d8acc',
  black: '#1b222c',
  red: '#ff6b63',
  green: '#3fd07a',
  yellow: '#f2b53c',
  blue: '#5cb0ff',
  magenta: '#b792ff',
  cyan: '#4dd4d4',
  white: '#d5dde7',
  brightBlack: '#7a889a',
  brightRed: '#ff9089',
  brightGreen: '#74e6a0',
  brightYellow: '#ffd073',
  brightBlue: '#8ec9ff',
  brightMagenta: '#cfb6ff',
  brightCyan: '#86ecec',
  brightWhite: '#ffffff',
};

export function newTerminal(): { term: Terminal; fit: FitAddon } {
  const term = new Terminal({
    fontFamily: FONT,
    fontSize: 15,
    lineHeight: 1.15,
    theme: THEME,
    scrollback: SCROLLBACK_LINES,
    // A blinking cursor is a CSS animation that makes Chromium recalculate styles every frame, which
    // delays every echo by about a frame (measured with bench:terminal); a steady block is as visible.
    cursorBlink: false,
    allowProposedApi: false,
    // The shell gets what the user typed; xterm must not turn Alt into a menu key.
    macOptionIsMeta: true,
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  return { term, fit };
}

/**
 * A stand-in for a `<style>` element whose text goes into a constructed stylesheet. The console's
 * CSP (`style-src 'self'`) refuses every inline `<style>`, even an empty one, but not the CSSOM,
 * and xterm.js's renderer keeps its theme, font and geometry rules in such elements. The stand-in
 * is an inert `<template>` exposing the two members xterm uses: `textContent` and `remove()`.
 */
function cssomStyleElement(doc: Document, create: Document['createElement']): HTMLElement {
  const el = create.call(doc, 'template');
  el.dataset.xtermCss = '';
  const sheet = new CSSStyleSheet();
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  let text = '';
  Object.defineProperty(el, 'textContent', {
    get: () => text,
    set: (v: string | null) => {
      text = v ?? '';
      sheet.replaceSync(text);
    },
  });
  el.remove = () => {
    doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s !== sheet);
    Element.prototype.remove.call(el);
  };
  return el;
}

/** Opens the terminal in `parent` with its style elements routed through the CSSOM (see above). */
export function openUnderStrictCsp(term: Terminal, parent: HTMLElement): void {
  installStyleAttributeShim();
  const doc = parent.ownerDocument;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- always called with `.call(doc, …)`
  const create = Document.prototype.createElement;
  // xterm creates all of its style elements while opening; the override lasts only that long.
  const override = function (this: Document, tag: string, options?: ElementCreationOptions): HTMLElement {
    return tag.toLowerCase() === 'style' ? cssomStyleElement(doc, create) : create.call(doc, tag, options);
  };
  Object.defineProperty(doc, 'createElement', { value: override, configurable: true, writable: true });
  try {
    term.open(parent);
  } finally {
    delete (doc as { createElement?: unknown }).createElement;
  }
}

let shimmed = false;

/**
 * xterm.js colours a cell in 24-bit colour through `span.setAttribute('style', …)`, which the CSP
 * refuses; the same declarations set through `span.style.cssText` (the CSSOM) are allowed and
 * render the same. Only spans and only the `style` attribute are affected, and setting a style
 * attribute from script is not what the CSP protects against (injected markup is).
 */
function installStyleAttributeShim(): void {
  if (shimmed) return;
  shimmed = true;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- always called with `.call(this, …)`
  const original = HTMLSpanElement.prototype.setAttribute;
  HTMLSpanElement.prototype.setAttribute = function (this: HTMLSpanElement, name: string, value: string): void {
    if (name.toLowerCase() === 'style') this.style.cssText = value;
    else original.call(this, name, value);
  };
}

/**
 * Copy and paste. Selecting copies through xterm's own handler (and Ctrl+Shift+C); every paste
 * (Ctrl+Shift+V, Ctrl+V where the browser pastes, the context menu, middle click) is caught before
 * xterm sees it, cleaned of bracketed-paste markers, and handed to `term.paste()`, which brackets it
 * when the program asked for that. Returns a function that removes the listeners.
 */
export function installClipboard(term: Terminal, host: HTMLElement): () => void {
  const onPaste = (e: ClipboardEvent): void => {
    e.preventDefault();
    e.stopImmediatePropagation();
    const text = e.clipboardData?.getData('text/plain');
    if (text) term.paste(sanitizePaste(text));
  };
  // Capture on an ancestor runs before xterm's listeners on its textarea.
  host.addEventListener('paste', onPaste, { capture: true });
  term.attachCustomKeyEventHandler((e) => {
    if (e.type !== 'keydown' || !e.ctrlKey || !e.shiftKey || e.altKey || e.metaKey) return true;
    const key = e.key.toLowerCase();
    // Let the browser turn Ctrl+Shift+V into a paste event (handled above) instead of sending ^V.
    if (key === 'v') return false;
    if (key === 'c' && term.hasSelection()) {
      e.preventDefault();
      void navigator.clipboard?.writeText(term.getSelection()).catch(() => undefined);
      return false;
    }
    return true;
  });
  return () => host.removeEventListener('paste', onPaste, { capture: true });
}
