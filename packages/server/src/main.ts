import { homedir } from 'node:os';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildApp } from './app.ts';
import { resolveEngineAddress } from './engine/client.ts';

const HELP = `phedds — a web console for Docker

Usage: phedds [options]

  --listen HOST:PORT      where to serve the console (env PHEDDS_LISTEN, default 127.0.0.1:7007)
  --engine ADDRESS        the Docker engine: unix:///path/docker.sock or tcp://host:port
                          (env DOCKER_HOST, default unix:///var/run/docker.sock)
  --allowed-origin URL    another origin allowed to open sockets and change state
                          (repeatable; env PHEDDS_ALLOWED_ORIGINS, comma-separated)
  --web-root DIR          the built web app (env PHEDDS_WEB_ROOT, default: packages/web/dist)
  --data-dir DIR          where stack files are kept, versioned (env PHEDDS_DATA_DIR,
                          default $XDG_DATA_HOME/phedds or ~/.local/share/phedds)
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
  let built;
  try {
    built = await buildApp({
      engineAddress: resolveEngineAddress(args.engine),
      webRoot: args['web-root'] ?? process.env.PHEDDS_WEB_ROOT ?? resolve(here, '../../web/dist'),
      dataDir: resolve(args['data-dir'] ?? process.env.PHEDDS_DATA_DIR ?? defaultDataDir()),
      allowedOrigins,
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
  process.stdout.write(`Phedds is running at http://${host}:${port}/ (engine ${engine.address})\n`);
  const shutdown = (): void => {
    void app.close().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

await main();
