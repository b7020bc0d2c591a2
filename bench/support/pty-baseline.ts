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
 * The classic web terminal, written here when wetty cannot be installed or run: node-pty behind a
 * plain \`ws\` server, output sent as it comes, the process paused while the socket is backed up.
 */
export async function startPtyBaseline(): Promise<Baseline> {
  const files: Record<string, [string, string | Buffer]> = {
    '/': ['text/html', PAGE],
    '/xterm.js': ['text/javascript', readFileSync(`${MODULES}xterm/lib/xterm.js`)],
    '/xterm.css': ['text/css', readFileSync(`${MODULES}xterm/css/xterm.css`)],
    '/fit.js': ['text/javascript', readFileSync(`${MODULES}addon-fit/lib/addon-fit.js`)],
    '/client.js': ['text/javascript', CLIENT],
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
    name: 'ws+node-pty',
    label: 'ws + node-pty (in-bench)',
    url: `http://127.0.0.1:${port}/`,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        http.close(() => resolve());
      }),
  };
}
