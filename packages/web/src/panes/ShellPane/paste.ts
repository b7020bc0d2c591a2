/** The bracketed-paste markers, with the 7-bit (ESC [) and the 8-bit (CSI) introducer. */
// eslint-disable-next-line no-control-regex -- matching control sequences is the point
const PASTE_MARKERS = /(?:\x1b\[|\x9b)20[01]~/g;

/**
 * Pasted text with every bracketed-paste marker removed. A shell in bracketed-paste mode treats
 * everything between `ESC[200~` and `ESC[201~` as text, not commands; a pasted `ESC[201~` would end
 * that early and let the rest of the clipboard run as typed commands (a web page can put anything
 * in a clipboard). Removal repeats until nothing changes, so a marker split around another one
 * (`ESC[20ESC[201~1~`) cannot reassemble itself.
 */
export function sanitizePaste(text: string): string {
  let out = text;
  for (;;) {
    const next = out.replace(PASTE_MARKERS, '');
    if (next === out) return out;
    out = next;
  }
}
