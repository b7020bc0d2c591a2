import type { ServerMessage, StackView } from '@phedds/shared';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestConsole, type TestConsole } from '../test-support/app.ts';
import { DOCKER_BIN, eventually } from '../test-support/docker-cli.ts';
import { LiveClient } from '../test-support/live-client.ts';

const run = promisify(execFile);
const ROOT = new URL('../../../../', import.meta.url).pathname;
/** A second private engine, made a single-node Swarm; the main test engine is never turned into one. */
const ENGINE_DIR = `/tmp/phedds-swarm-${process.pid}`;
let swarmHost = '';
let built: TestConsole;
let base = '';
let dataDir = '';

const engineEnv = {
  ...process.env,
  PHEDDS_PRIVATE_ENGINE: '1',
  PHEDDS_ENGINE_DIR: ENGINE_DIR,
  // It shares the host's network namespace with the test engine: its own address pool keeps its
  // bridges (docker_gwbridge) clear of the other engine's networks.
  PHEDDS_DOCKERD_ARGS: '--default-address-pool base=10.213.0.0/16,size=24',
};

async function sdocker(...args: string[]): Promise<string> {
  return (await run(DOCKER_BIN, ['-H', swarmHost, ...args], { maxBuffer: 16 << 20 })).stdout.trim();
}

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  return built.api(method, path, body);
}

const FILE = (replicas: number) => `version: "3.8"
services:
  web:
    image: busybox:local
    command: httpd -f -p 80 -h /bin
    labels: [phedds.test=1]
    networks: [front]
    ports:
      - {target: 80, published: 18093, mode: host}
    deploy:
      replicas: 1
      endpoint_mode: dnsrr
  worker:
    image: busybox:local
    command: sleep 600
    labels: [phedds.test=1]
    networks: [front]
    configs: [greeting]
    deploy:
      replicas: ${replicas}
      endpoint_mode: dnsrr
networks:
  front: {driver: overlay, attachable: true}
configs:
  greeting:
    content: hello
`;

function replicasOf(messages: ServerMessage[], stack: string): Record<string, string> | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    const list =
      m.op === 'snapshot' && m.topic === 'stacks' ? m.data.stacks : m.op === 'delta' && m.topic === 'stacks' ? m.data.stacks : undefined;
    if (!list) continue;
    const s = list.find((x) => x.name === stack);
    return s ? Object.fromEntries(s.services.map((x) => [x.name, `${x.replicas?.running}/${x.replicas?.desired}`])) : {};
  }
  return undefined;
}

beforeAll(async () => {
  const up = await run('bash', [`${ROOT}scripts/engine-up.sh`], { env: engineEnv, maxBuffer: 16 << 20 });
  swarmHost = up.stdout
    .trim()
    .split('\n')
    .pop()!
    .replace(/^DOCKER_HOST=/, '');
  // Loopback and private ports: no other engine's Swarm (or a real one) is disturbed.
  const port = 24000 + (process.pid % 1000);
  await sdocker(
    'swarm',
    'init',
    '--advertise-addr',
    `127.0.0.1:${port}`,
    '--listen-addr',
    `127.0.0.1:${port}`,
    '--data-path-port',
    String(port + 1000),
  );
  dataDir = mkdtempSync(join(tmpdir(), 'phedds-swarm-data-'));
  built = await startTestConsole({ engineAddress: swarmHost, dataDir });
  base = built.base;
}, 120_000);

afterAll(async () => {
  await built?.close();
  await run('bash', [`${ROOT}scripts/engine-down.sh`], { env: engineEnv }).catch(() => undefined);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, 120_000);

describe('stacks on a Swarm', () => {
  it('deploys services, networks and configs that docker stack sees, and shows the replicas converge live', async () => {
    const live = await LiveClient.open(`${base.replace('http', 'ws')}/api/live`, built);
    live.ws.send(JSON.stringify({ op: 'sub', topic: 'stacks' }));
    const r = await api('POST', '/api/stacks/int-swarm/deploy', { compose: FILE(2) });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect((r.json.plan as { target: string }).target).toBe('swarm');
    expect(await sdocker('stack', 'ls', '--format', '{{.Name}} {{.Services}}')).toBe('int-swarm 2');
    expect(
      await sdocker(
        'service',
        'inspect',
        '-f',
        '{{index .Spec.Labels "com.docker.stack.namespace"}} {{.Spec.EndpointSpec.Mode}}',
        'int-swarm_web',
      ),
    ).toBe('int-swarm dnsrr');
    expect(await sdocker('network', 'inspect', '-f', '{{.Driver}} {{index .Labels "com.docker.stack.namespace"}}', 'int-swarm_front')).toBe(
      'overlay int-swarm',
    );
    expect(await sdocker('config', 'inspect', '-f', '{{printf "%s" .Spec.Data}}', 'int-swarm_greeting')).toBe('hello');
    // The live topic follows the tasks until every replica runs.
    await eventually(
      () => JSON.stringify(replicasOf(live.messages, 'int-swarm')) === JSON.stringify({ web: '1/1', worker: '2/2' }),
      'replicas converge on the live topic',
      60_000,
    );
    const states = (await sdocker('stack', 'ps', 'int-swarm', '--filter', 'desired-state=running', '--format', '{{.CurrentState}}')).split(
      '\n',
    );
    expect(states).toHaveLength(3);
    for (const s of states) expect(s).toMatch(/^Running/);
    live.close();
  });

  it('plans an unchanged file as unchanged, then scales a service and converges', async () => {
    const plan = await api('POST', '/api/stacks/int-swarm/plan', { compose: FILE(2) });
    expect((plan.json.plan as { services: { action: string }[] }).services.map((s) => s.action)).toEqual(['keep', 'keep']);
    const r = await api('POST', '/api/stacks/int-swarm/services/worker/scale', { replicas: 3 });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    await eventually(
      async () => {
        const s = ((await api('GET', '/api/stacks')).json.stacks as StackView[]).find((x) => x.name === 'int-swarm');
        return s?.services.find((x) => x.name === 'worker')?.replicas?.running === 3;
      },
      'three workers running',
      60_000,
    );
    expect(await sdocker('service', 'inspect', '-f', '{{.Spec.Mode.Replicated.Replicas}}', 'int-swarm_worker')).toBe('3');
  });

  it('takes the stack down: services, network and config gone', async () => {
    const r = await api('POST', '/api/stacks/int-swarm/down', {});
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(await sdocker('stack', 'ls', '--format', '{{.Name}}')).toBe('');
    expect(await sdocker('config', 'ls', '-q', '--filter', 'label=com.docker.stack.namespace=int-swarm')).toBe('');
    const left = await sdocker('network', 'ls', '--filter', 'label=com.docker.stack.namespace=int-swarm', '--format', '{{.Name}} {{.ID}}');
    expect(left).toBe('');
  });
});
