import type { AddressInfo } from 'node:net';
import { buildApp, type AppConfig, type PhedsApp } from '../app.ts';
import { dockerHost } from './docker-cli.ts';

export interface TestConsole extends PhedsApp {
  /** `http://127.0.0.1:<port>` */
  base: string;
  /** `ws://127.0.0.1:<port>` */
  wsBase: string;
}

/** The console in-process on a free loopback port, connected to the test engine and ready. */
export async function startTestConsole(cfg: Partial<AppConfig> = {}): Promise<TestConsole> {
  const built = await buildApp({ engineAddress: dockerHost(), ...cfg });
  built.engine.start();
  await built.engine.ready;
  await built.app.listen({ host: '127.0.0.1', port: 0 });
  const port = (built.app.server.address() as AddressInfo).port;
  return { ...built, base: `http://127.0.0.1:${port}`, wsBase: `ws://127.0.0.1:${port}` };
}
