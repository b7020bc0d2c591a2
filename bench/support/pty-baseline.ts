import { spawn as spawnPty } from 'node-pty';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import type { Baseline } from './wetty.ts';

const MODULES = fileURLToPath(new URL('../../node_modules/@xterm/', import.meta.url));

/** The page: the same xterm.js as Phedds, default options, one binary websocket, nothing else. */
const PAGE = `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="/xterm.css">
<style>html,body,#t{height:100%;margin:0;background:#000}</style></head>
<body><div id="t"></div><script src="/xterm.js"></script><script src="/fit.js"></script><script src="/client.js"></script></body></html>`;

const CLIENT = `(() => {
  const term = new Terminal({ scrollback: 5000, fontSize: 15 });
  const fit = new FitAddon.FitAddon();
  term.loadAddon(fit);
  term.open(document.getElementById('t'));
  fit.fit();
  const ws = new WebSocket('ws://' + location.host + '/pty');
  ws.binaryType = 'arraybuffer';
  const size = () => ws.readyState === 1 && ws.send(JSON.stringify({ cols: term.cols, rows: term.rows }));
  ws.onopen = size;
  term.onResize(size);
  window.addEventListener('resize', () => fit.fit());
  ws.onmessage = (e) => term.write(new Uint8Array(e.data));
  const enc = new TextEncoder();
  term.onData((d) => ws.send(enc.encode(d)));
  window.baselineTerm = term;
  term.focus();
})();`;

/**
 * The least a web terminal can do for an echo: a key sent as it is pressed over a plain WebSocket,
 * the output drawn as text on the next animation frame (as xterm.js draws), no terminal emulation
 * beyond lines. Its rows carry xterm.js's class names, so the benchmark watches it the same way.
 */
const FLOOR_PAGE = `<!doctype html><html><head><meta charset="utf-8">
<style>html,body{margin:0;background:#000;color:#ddd;font:15px monospace}.xterm-rows>div{white-space:pre;height:18px}</style></head>
<body><div id="floor"><div class="xterm-rows"></div></div><script src="/floor.js"></script></body></html>`;

const FLOOR_CLIENT = `(() => {
  const rows = document.querySelector('#floor .xterm-rows');
  const lines = [''];
  const dec = new TextDecoder();
  const enc = new TextEncoder();
  let drawing = false;
  const draw = () => {
    drawing = false;
    rows.replaceChildren(...lines.slice(-16).map((text, i, shown) => {
      const row = document.createElement('div');
      row.textContent = text;
      if (i === shown.length - 1) {
        const cursor = document.createElement('span');
        cursor.className = 'xterm-cursor';
        cursor.textContent = ' ';
        row.append(cursor);
      }
      return row;
    }));
  };
  const feed = (text) => {
    for (const ch of text.replace(/\\x1b(\\[[0-9;?]*[ -\\/]*[@-~]|\\][^\\x07]*\\x07|[()][0-9A-Za-z]|[=>])/g, '')) {
      if (ch === '\\n') lines.push('');
      else if (ch === '\\b') lines[lines.length - 1] = lines.at(-1).slice(0, -1);
      else if (ch >= ' ') lines[lines.length - 1] += ch;
    }
    if (lines.length > 64) lines.splice(0, lines.length - 16);
  };
  const ws = new WebSocket('ws://' + location.host + '/pty');
  ws.binaryType = 'arraybuffer';
  ws.onopen = () => ws.send(JSON.stringify({ cols: 85, rows: 16 }));
  ws.onmessage = (e) => {
    feed(dec.decode(e.data, { stream: true }));
    if (!drawing) {
      drawing = true;
      requestAnimationFrame(draw);
    }
  };
  document.addEventListener('keydown', (e) => {
    let data;
    if (e.key === 'Enter') data = '\\r';
    else if (e.ctrlKey && /^[a-z]$/i.test(e.key)) data = String.fromCharCode(e.key.toUpperCase().charCodeAt(0) - 64);
    else if (e.key.length === 1 && !e.altKey && !e.metaKey) data = e.key;
    if (data === undefined) return;
    e.preventDefault();
    ws.send(enc.encode(data));
  });
  draw();
})();`;

export interface PtyPages {
  /** The xterm.js page (the fallback baseline). */
  url: string;
  /** The minimal echo page (the floor). */
  floorUrl: string;
  stop: () => Promise<void>;
}

/**
 * The classic web terminal: node-pty behind a plain `ws` server, output sent as it comes, the
 * process paused while the socket is backed up. It serves two pages: the same xterm.js as Phedds
 * (used as the baseline when wetty cannot be installed or run) and the minimal echo page.
 */
export async function startPtyPages(): Promise<PtyPages> {
  const files: Record<string, [string, string | Buffer]> = {
    '/': ['text/html', PAGE],
    '/floor': ['text/html', FLOOR_PAGE],
    '/xterm.js': ['text/javascript', readFileSync(`${MODULES}xterm/lib/xterm.js`)],
    '/xterm.css': ['text/css', readFileSync(`${MODULES}xterm/css/xterm.css`)],
    '/fit.js': ['text/javascript', readFileSync(`${MODULES}addon-fit/lib/addon-fit.js`)],
    '/client.js': ['text/javascript', CLIENT],
    '/floor.js': ['text/javascript', FLOOR_CLIENT],
  };
  const http = createServer((req, res) => {
    const f = files[req.url ?? ''];
    if (!f) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': f[0] }).end(f[1]);
  });
  const wss = new WebSocketServer({ server: http, path: '/pty' });
  wss.on('connection', (ws) => {
    const pty = spawnPty('/bin/sh', [], {
      name: 'xterm-256color',
      cols: 80,
      rows: 24,
      cwd: '/tmp',
      env: { ...process.env, TERM: 'xterm-256color' },
    });
    let paused = false;
    pty.onData((d) => {
      ws.send(Buffer.from(d, 'utf8'));
      if (!paused && ws.bufferedAmount > 1024 * 1024) {
        paused = true;
        pty.pause();
        const poll = setInterval(() => {
          if (ws.bufferedAmount < 256 * 1024) {
            clearInterval(poll);
            paused = false;
            pty.resume();
          }
        }, 5);
      }
    });
    ws.on('message', (data: Buffer, isBinary) => {
      if (isBinary) pty.write(data.toString('utf8'));
      else {
        const { cols, rows } = JSON.parse(data.toString()) as { cols: number; rows: number };
        pty.resize(cols, rows);
      }
    });
    ws.on('close', () => pty.kill());
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const addr = http.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    floorUrl: `http://127.0.0.1:${port}/floor`,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        http.close(() => resolve());
      }),
  };
}

/** The xterm.js page as the baseline, when wetty cannot be installed or run here. */
export async function startPtyBaseline(): Promise<Baseline> {
  const pages = await startPtyPages();
  return { name: 'ws+node-pty', label: 'ws + node-pty (in-bench)', url: pages.url, stop: pages.stop };
}
