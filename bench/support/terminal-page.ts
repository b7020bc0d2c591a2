import type { Page } from 'playwright-core';

/**
 * How a page's terminal is watched. `dom`: xterm.js's DOM renderer, watched with a MutationObserver
 * on its rows (what the person sees, the moment it is in the DOM). `render-event`: a canvas/WebGL
 * renderer has no text in the DOM, so the terminal object the page exposes is asked after each
 * of its render passes (`onRender`); only for a baseline that exposes one.
 */
export type WatchMode = { kind: 'dom'; root: string } | { kind: 'render-event'; termGlobal: string };

/**
 * One keystroke's echo, all on the page's clock from the keydown's timestamp: `arrive` when the
 * terminal's socket delivered the first message after the key (the echo's bytes are in the page),
 * `drawn` when the character is in the terminal's DOM (or its render pass), `frameLate` how far the
 * frame that drew it began after the key (`document.timeline` at the drawing).
 */
export interface EchoSample {
  arrive: number;
  drawn: number;
  frameLate: number;
}

declare global {
  interface Window {
    __termBench: {
      armEcho(expected: string): void;
      echoSeen: Promise<EchoSample | null>;
      armCat(marker: string): void;
      catSeen: Promise<number>;
      screen(): string;
    };
  }
}

/**
 * Installed in the page as source text: the TypeScript loader wraps named functions in helpers
 * that do not exist inside the page. Times are the page's own clock: from the keydown event's
 * timestamp to the moment the expected text is in the terminal.
 */
function watcherSource(mode: WatchMode): string {
  return `(() => {
  if (window.__termBench) return;
  const mode = ${JSON.stringify(mode)};
  const clean = (s) => s.replace(/\\u00a0/g, ' ').replace(/\\s+$/, '');
  let cursorLine;
  let screen;
  if (mode.kind === 'dom') {
    const rows = document.querySelector(mode.root + ' .xterm-rows');
    if (!rows) throw new Error('no .xterm-rows under ' + mode.root + ': is the terminal drawn by the DOM renderer?');
    cursorLine = () => {
      const c = rows.querySelector('.xterm-cursor');
      const row = c && c.closest('.xterm-rows > div');
      return row ? clean(row.textContent) : '';
    };
    screen = () => rows.textContent;
  } else {
    const term = window[mode.termGlobal];
    if (!term) throw new Error('the page exposes no terminal as window.' + mode.termGlobal);
    const buf = () => term.buffer.active;
    cursorLine = () => {
      const line = buf().getLine(buf().baseY + buf().cursorY);
      return line ? clean(line.translateToString(true)) : '';
    };
    screen = () => {
      let s = '';
      for (let y = 0; y < term.rows; y++) {
        const line = buf().getLine(buf().viewportY + y);
        if (line) s += line.translateToString(true) + '\\n';
      }
      return s;
    };
  }
  const st = { echo: null, cat: null };
  window.__termSocketHook = (t) => {
    if (st.echo && st.echo.t0 !== undefined && st.echo.arrive === undefined) st.echo.arrive = t - st.echo.t0;
  };
  window.addEventListener('keydown', (e) => {
    if (st.echo && st.echo.t0 === undefined && e.key.length === 1) st.echo.t0 = e.timeStamp;
    if (st.cat && st.cat.t0 === undefined && e.key === 'Enter') st.cat.t0 = e.timeStamp;
  }, true);
  const check = () => {
    const now = performance.now();
    if (st.echo && st.echo.t0 !== undefined && cursorLine() === st.echo.expected) {
      const e = st.echo; st.echo = null;
      const frame = document.timeline.currentTime;
      e.resolve({ arrive: e.arrive === undefined ? NaN : e.arrive, drawn: now - e.t0, frameLate: frame == null ? NaN : frame - e.t0 });
    }
    if (st.cat && st.cat.t0 !== undefined && screen().includes(st.cat.marker)) {
      const c = st.cat; st.cat = null; c.resolve(now - c.t0);
    }
  };
  if (mode.kind === 'dom') {
    new MutationObserver(check).observe(document.querySelector(mode.root + ' .xterm-rows'), { subtree: true, childList: true, characterData: true });
  } else {
    window[mode.termGlobal].onRender(check);
  }
  const arm = (slot, fields, limitMs) => {
    let resolve;
    const seen = new Promise((r) => (resolve = r));
    const timer = setTimeout(() => { if (st[slot] && st[slot].resolve === resolve) st[slot] = null; resolve(slot === 'echo' ? null : NaN); }, limitMs);
    st[slot] = { ...fields, t0: undefined, resolve: (v) => { clearTimeout(timer); resolve(v); } };
    return seen;
  };
  window.__termBench = {
    armEcho(expected) { this.echoSeen = arm('echo', { expected }, 5000); },
    armCat(marker) { this.catSeen = arm('cat', { marker }, 300000); },
    echoSeen: Promise.resolve(null),
    catSeen: Promise.resolve(NaN),
    screen,
  };
})()`;
}

/**
 * Before the page's own scripts: every WebSocket whose address contains `socketPart` notes when it
 * delivers a message (its listener is the first one, so it runs at the start of the message task).
 */
export async function watchSockets(page: Page, socketPart: string): Promise<void> {
  await page.addInitScript(`(() => {
  const Native = window.WebSocket;
  window.__termSocketMessages = [];
  window.WebSocket = class extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      if (String(url).includes(${JSON.stringify(socketPart)})) {
        this.addEventListener('message', (e) => {
          // engine.io's one-byte keep-alives are not output.
          if (typeof e.data === 'string' && e.data.length < 2) return;
          const t = performance.now();
          if (window.__termSocketHook) window.__termSocketHook(t);
        });
      }
    }
  };
})()`);
}

/** Frame period of the page (median of 30 animation-frame intervals, ms), measured once before typing. */
export async function framePeriod(page: Page): Promise<number> {
  return page.evaluate(`new Promise((resolve) => {
    const t = [];
    const step = (ts) => { t.push(ts); if (t.length < 31) requestAnimationFrame(step); else {
      const d = t.slice(1).map((x, i) => x - t[i]).sort((a, b) => a - b); resolve(d[15]); } };
    requestAnimationFrame(step);
  })`);
}

export async function installWatcher(page: Page, mode: WatchMode): Promise<void> {
  await page.evaluate(watcherSource(mode));
}

/** What the terminal shows (needs `installWatcher` first). */
export async function screenText(page: Page): Promise<string> {
  return page.evaluate('window.__termBench.screen()');
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * Keystroke-to-echo latency: `cat > /dev/null` runs, so the tty itself echoes each key; one key at a
 * time, each measured from its keydown to its echo arriving on the terminal's socket and to its
 * character drawn on the cursor's line (null: never drawn within 5 s). Lines are kept short (Enter
 * every `lineLength` keys, not measured) so nothing wraps.
 */
export async function measureEcho(page: Page, keys: number, lineLength = 40): Promise<(EchoSample | null)[]> {
  await page.keyboard.type('cat > /dev/null');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(300);
  const samples: (EchoSample | null)[] = [];
  let line = '';
  for (let i = 0; i < keys; i++) {
    if (line.length === lineLength) {
      await page.keyboard.press('Enter');
      await page.waitForTimeout(20);
      line = '';
    }
    const ch = LETTERS[(i * 7 + 3) % LETTERS.length]!;
    line += ch;
    await page.evaluate(`window.__termBench.armEcho(${JSON.stringify(line)})`);
    await page.keyboard.type(ch);
    samples.push(await page.evaluate<EchoSample | null>('window.__termBench.echoSeen'));
  }
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+D');
  await page.waitForTimeout(200);
  return samples;
}

/** Seconds from pressing Enter on `cat FILE; echo marker` to the marker drawn on screen. */
export async function measureCat(page: Page, file: string, run: number): Promise<number> {
  const marker = `CAT-DONE-${run}-${40 + run}`;
  await page.keyboard.type(`clear; cat ${file}; echo CAT-DONE-${run}-$((40+${run}))`);
  await page.evaluate(`window.__termBench.armCat(${JSON.stringify(marker)})`);
  await page.keyboard.press('Enter');
  const ms = await page.evaluate('window.__termBench.catSeen');
  if (typeof ms !== 'number' || Number.isNaN(ms)) throw new Error(`the end marker of cat run ${run} never appeared`);
  await page.waitForTimeout(300);
  return ms / 1000;
}
