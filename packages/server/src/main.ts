import { homedir } from 'node:os';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildApp } from './app.ts';
import { setupLink } from './auth/setup.ts';
import { resolveEngineAddress } from './engine/client.ts';

const HELP = `phedds — a web console for Docker

Usage: phedds [options]

  --listen HOST:PORT      where to serve the console (env PHEDDS_LISTEN, default 127.0.0.1:7007)
  --engine ADDRESS        the Docker engine: unix:///path/docker.sock or tcp://host:port
                          (env DOCKER_HOST, default unix:///var/run/docker.sock)
  --allowed-origin URL    another origin allowed to open sockets and change state
                          (repeatable; env PHEDDS_ALLOWED_ORIGINS, comma-separated)
  --web-root DIR          the built web app (env PHEDDS_WEB_ROOT, default: packages/web/dist)
  --data-dir DIR          where accounts, the audit log and stack files are kept
                          (env PHEDDS_DATA_DIR, default $XDG_DATA_HOME/phedds or
                          ~/.local/share/phedds)
  --trusted-proxy ADDR    a reverse proxy whose X-Forwarded-For/-Proto are believed:
                          an address or CIDR range (repeatable; env
                          PHEDDS_TRUSTED_PROXIES, comma-separated)
  --session-idle MINUTES  sign out after this long without activity (default 30)
  --session-max HOURS     sign out this long after signing in, whatever happens
                          (default 12)
  --no-host-shell         refuse terminals on the console's own host; container shells
                          still work (env PHEDDS_NO_HOST_SHELL=1)
  --quiet                 log warnings and errors only
  -h, --help              this text
`;

/** The XDG data folder: `$XDG_DATA_HOME/phedds`, else `~/.local/share/phedds`. */
function defaultDataDir(): string {
  const xdg = process.env.XDG_DATA_HOME;
  return xdg && xdg.startsWith('/') ? resolve(xdg, 'phedds') : resolve(homedir(), '.local/share/phedds');
}

function fail(msg: string): never {
  process.stderr.write(`phedds: ${msg}\nRun phedds --help for the options.\n`);
  process.exit(2);
}

function parseListen(s: string): { host: string; port: number } {
  const m = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(s);
  const port = Number(m?.[2]);
  if (!m || port < 0 || port > 65535) fail(`--listen "${s}" must look like 127.0.0.1:7007`);
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: {
        listen: { type: 'string' },
        engine: { type: 'string' },
        'allowed-origin': { type: 'string', multiple: true },
        'web-root': { type: 'string' },
        'data-dir': { type: 'string' },
        'trusted-proxy': { type: 'string', multiple: true },
        'session-idle': { type: 'string' },
        'session-max': { type: 'string' },
        'no-host-shell': { type: 'boolean' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (err) {
    fail((err as Error).message);
  }
  if (args.help) {
    process.stdout.write(HELP);
    return;
  }
  const listen = parseListen(args.listen ?? process.env.PHEDDS_LISTEN ?? '127.0.0.1:7007');
  const here = dirname(fileURLToPath(import.meta.url));
  const allowedOrigins = [...(args['allowed-origin'] ?? []), ...(process.env.PHEDDS_ALLOWED_ORIGINS?.split(',').filter(Boolean) ?? [])];
  const trustedProxies = [...(args['trusted-proxy'] ?? []), ...(process.env.PHEDDS_TRUSTED_PROXIES?.split(',').filter(Boolean) ?? [])];
  const positive = (flag: string, v: string | undefined, unit: number): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) fail(`--${flag} "${v}" must be a positive number`);
    return Math.round(n * unit);
  };
  const idleMs = positive('session-idle', args['session-idle'], 60_000);
  const absoluteMs = positive('session-max', args['session-max'], 3600_000);
  let built;
  try {
    built = await buildApp({
      engineAddress: resolveEngineAddress(args.engine),
      webRoot: args['web-root'] ?? process.env.PHEDDS_WEB_ROOT ?? resolve(here, '../../web/dist'),
      dataDir: resolve(args['data-dir'] ?? process.env.PHEDDS_DATA_DIR ?? defaultDataDir()),
      allowedOrigins,
      trustedProxies,
      auth: { sessions: { ...(idleMs ? { idleMs } : {}), ...(absoluteMs ? { absoluteMs } : {}) } },
      hostShell: !(args['no-host-shell'] || process.env.PHEDDS_NO_HOST_SHELL === '1'),
      logger: true,
    });
  } catch (err) {
    fail((err as Error).message);
  }
  const { app, engine } = built;
  if (args.quiet) app.log.level = 'warn';
  engine.start();
  try {
    await app.listen({ host: listen.host, port: listen.port });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    fail(e.code === 'EADDRINUSE' ? `${listen.host}:${listen.port} is already in use; pick another with --listen` : e.message);
  }
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : listen.port;
  const host = listen.host.includes(':') ? `[${listen.host}]` : listen.host;
  const base = `http://${host}:${port}/`;
  // First run: no default password. Whoever reads this output may create the first admin, once.
  // One write with the address, so that whoever waits for the address has the link too.
  const token = built.auth.auth.issueSetupToken();
  process.stdout.write(
    `Phedds is running at ${base} (engine ${engine.address}; data in ${built.dataDir})\n` +
      (token
        ? `\nNo account exists yet. Create the first admin (this link works once, until the console restarts):\n  ${setupLink(base, token)}\n\n`
        : ''),
  );
  const shutdown = (): void => {
    void app.close().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

await main();
