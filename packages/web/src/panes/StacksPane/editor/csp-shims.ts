/**
 * Monaco under the console's CSP (`style-src 'self'`, no 'unsafe-inline'), without weakening it.
 * Monaco writes styles three ways the CSP refuses, all routed here through the CSSOM, which the CSP
 * does not govern (it guards against injected markup, not against the page's own scripts):
 *
 * 1. `<style>` elements for themes and decorations: `document.createElement('style')` returns an
 *    inert `<template>` whose `sheet` is a constructed stylesheet adopted by the document, and whose
 *    `textContent` fills that sheet (the same idea as the Shell pane's xterm set-up).
 * 2. `style="…"` attributes inside the HTML it renders lines with (`innerHTML`,
 *    `insertAdjacentHTML`): the attribute is renamed before the browser parses the markup, then
 *    each element gets the same declarations through `element.style.cssText`.
 * 3. `setAttribute('style', …)`: the same declarations through `element.style.cssText`.
 *
 * Installed once, when the editor's chunk loads (importing this module installs it), before any
 * Monaco module runs: pages that never open the editor are untouched.
 */

const MARK = 'data-phedds-style';

function styleStandIn(doc: Document, create: (tag: string) => HTMLElement): HTMLElement {
  const el = create('template');
  el.dataset.monacoCss = '';
  const sheet = new CSSStyleSheet();
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  let text = '';
  Object.defineProperties(el, {
    sheet: { get: () => sheet },
    textContent: {
      get: () => text,
      set: (v: string | null) => {
        text = v ?? '';
        sheet.replaceSync(text);
      },
    },
    type: { value: 'text/css', writable: true },
    media: { value: 'screen', writable: true },
  });
  el.remove = () => {
    doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s !== sheet);
    Element.prototype.remove.call(el);
  };
  return el;
}

/** Renames `style="` inside tags only: rendered text is escaped by Monaco, so a tag is exactly `<…>`. */
export function renameStyleAttributes(html: string): string {
  if (!html.includes('style=')) return html;
  return html.replace(/<[a-zA-Z][^<>]*>/g, (tag) => tag.replace(/(\s)style=(["'])/g, `$1${MARK}=$2`));
}

function applyMarked(root: ParentNode | null): void {
  if (!root) return;
  for (const el of root.querySelectorAll<HTMLElement | SVGElement>(`[${MARK}]`)) {
    const css = el.getAttribute(MARK) ?? '';
    el.removeAttribute(MARK);
    el.style.cssText = css;
  }
}

let installed = false;

export function installMonacoCspShims(): void {
  if (installed) return;
  installed = true;
  const doc = document;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- always called with an explicit `this`
  const createElement = Document.prototype.createElement;
  Document.prototype.createElement = function (this: Document, tag: string, options?: ElementCreationOptions): HTMLElement {
    if (typeof tag === 'string' && tag.toLowerCase() === 'style' && this === doc)
      return styleStandIn(doc, (t) => createElement.call(this, t));
    return createElement.call(this, tag, options);
  };

  const inner = Object.getOwnPropertyDescriptor(Element.prototype, 'innerHTML')!;
  Object.defineProperty(Element.prototype, 'innerHTML', {
    ...inner,
    set(this: Element, value: unknown) {
      const html = typeof value === 'string' ? value : String(value);
      if (!html.includes('style=')) return inner.set!.call(this, value);
      inner.set!.call(this, renameStyleAttributes(html));
      applyMarked(this);
    },
  });

  // eslint-disable-next-line @typescript-eslint/unbound-method -- always called with an explicit `this`
  const insertAdjacent = Element.prototype.insertAdjacentHTML;
  Element.prototype.insertAdjacentHTML = function (this: Element, where: InsertPosition, value: string): void {
    const html = String(value);
    if (!html.includes('style=')) return insertAdjacent.call(this, where, value);
    insertAdjacent.call(this, where, renameStyleAttributes(html));
    applyMarked(where === 'beforebegin' || where === 'afterend' ? this.parentNode : this);
  };

  // eslint-disable-next-line @typescript-eslint/unbound-method -- always called with an explicit `this`
  const setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (this: Element, name: string, value: string): void {
    if (name.toLowerCase() === 'style' && (this instanceof HTMLElement || this instanceof SVGElement)) this.style.cssText = String(value);
    else setAttribute.call(this, name, value);
  };
}

installMonacoCspShims();
