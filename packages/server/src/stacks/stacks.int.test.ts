import type { ApiError, Role, ContainerView, DeployProgress, ServerMessage, StackView } from '@phedds/shared';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestConsole, type TestConsole } from '../test-support/app.ts';
import { docker, dockerHost, eventually } from '../test-support/docker-cli.ts';
import { LiveClient } from '../test-support/live-client.ts';

const run = promisify(execFile);
const ROOT = new URL('../../../../', import.meta.url).pathname;
let compose = '/usr/bin/docker-compose';
let built: TestConsole;
let dataDir: string;

/** Debian's docker-compose 1.29 against the test engine; argv only. */
async function dc(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(compose, args, { cwd, env: { ...process.env, DOCKER_HOST: dockerHost(), COMPOSE_INTERACTIVE_NO_CLI: '1' } });
  return stdout.trim();
}

/** A REST call as the console's admin, or as a signed-in user of another role. */
async function api(
  method: string,
  path: string,
  body?: unknown,
  as: Role = 'admin',
): Promise<{ status: number; json: Record<string, unknown> }> {
  const who = as === 'admin' ? built : await built.login(as);
  return who.api(method, path, body);
}

/** Ids of a project's containers by service, from the engine itself. */
async function idsByService(project: string): Promise<Map<string, string[]>> {
  const out = await docker(
    'ps',
    '-a',
    '--no-trunc',
    '--filter',
    `label=com.docker.compose.project=${project}`,
    '--format',
    '{{.ID}} {{.Label "com.docker.compose.service"}}',
  );
  const m = new Map<string, string[]>();
  for (const line of out.split('\n').filter(Boolean)) {
    const [id, svc] = line.split(' ') as [string, string];
    m.set(svc, [...(m.get(svc) ?? []), id].sort());
  }
  return m;
}

async function cleanProject(project: string): Promise<void> {
  const ids = (await docker('ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`)).split('\n').filter(Boolean);
  if (ids.length) await docker('rm', '-f', '-v', ...ids);
  for (const kind of ['network', 'volume'] as const) {
    const names = (await docker(kind, 'ls', '-q', '--filter', `label=com.docker.compose.project=${project}`)).split('\n').filter(Boolean);
    if (names.length) await docker(kind, 'rm', ...names).catch(() => undefined);
  }
}

const THREE = (webCommand: string) => `services:
  db:
    image: busybox:local
    command: ["sh", "-c", "touch /data/ready; sleep 600"]
    init: true
    labels: ["phedds.test=1"]
    volumes: ["data:/data"]
    networks: [back]
    healthcheck:
      test: ["CMD-SHELL", "test -f /data/ready"]
      interval: 1s
      retries: 20
  api:
    image: busybox:local
    command: sleep 600
    init: true
    labels: {phedds.test: "1"}
    networks: [back]
    depends_on:
      db: {condition: service_healthy}
  web:
    image: phedds/web:local
    command: ${webCommand}
    init: true
    labels: {phedds.test: "1"}
    networks: [back]
    depends_on: [api]
networks:
  back: {}
volumes:
  data: {}
`;

beforeAll(async () => {
  compose = (await run('bash', [`${ROOT}scripts/ensure-compose.sh`])).stdout.trim().split('\n').pop()!;
  dataDir = mkdtempSync(join(tmpdir(), 'phedds-stacks-int-'));
  for (const p of ['int-shop', 'int-made', 'int-bad', 'int-race', 'int-fail']) await cleanProject(p);
  built = await startTestConsole({ dataDir });
  // A fresh machine installs docker-compose first (apt-get update and install take about a minute).
}, 180_000);

afterAll(async () => {
  await built?.close();
  for (const p of ['int-shop', 'int-made', 'int-bad', 'int-race', 'int-fail']) await cleanProject(p);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('stacks on one engine', () => {
  it('deploys three services in dependency order, with progress on the live topic, and docker-compose 1.29 sees the same project', async () => {
    const live = await LiveClient.open(`${built.wsBase}/api/live`, built);
    live.ws.send(JSON.stringify({ op: 'sub', topic: 'stacks' }));
    const r = await api('POST', '/api/stacks/int-shop/deploy', { compose: THREE('sleep 600'), target: 'engine' });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json.version).toBe(1);
    const ids = await idsByService('int-shop');
    expect([...ids.keys()].sort()).toEqual(['api', 'db', 'web']);
    // db was healthy before api started: the dependency was waited for.
    const started = async (svc: string): Promise<number> =>
      Date.parse(await docker('inspect', '-f', '{{.State.StartedAt}}', ids.get(svc)![0]!));
    expect(await docker('inspect', '-f', '{{.State.Health.Status}}', ids.get('db')![0]!)).toBe('healthy');
    expect(await started('api')).toBeGreaterThan(await started('db'));
    expect(await docker('network', 'inspect', '-f', '{{index .Labels "com.docker.compose.network"}}', 'int-shop_back')).toBe('back');
    expect(await docker('volume', 'inspect', '-f', '{{index .Labels "com.docker.compose.volume"}}', 'int-shop_data')).toBe('data');

    // docker-compose, run in the stack's folder, lists the same containers…
    const dir = join(dataDir, 'stacks', 'int-shop');
    const ps = await dc(dir, '-p', 'int-shop', 'ps', '--services', '--filter', 'status=running');
    expect(ps.split('\n').sort()).toEqual(['api', 'db', 'web']);
    // …and computes the same config hashes: its `up` recreates nothing.
    await dc(dir, '-p', 'int-shop', 'up', '-d');
    expect(await idsByService('int-shop')).toEqual(ids);

    // The live topic carried the deploy, step by step, per service.
    await eventually(() => live.messages.some((m) => isDeploy(m, 'int-shop', 'succeeded')), 'deploy finished on the live topic');
    const rec = lastDeploy(live.messages, 'int-shop')!;
    const steps = rec.events.map((e) => `${e.service ?? ''}:${e.step}:${e.status}`);
    expect(steps).toContain('db:create:done');
    expect(steps).toContain('api:wait:running');
    expect(steps.indexOf('db:start:done')).toBeLessThan(steps.indexOf('api:create:done'));
    live.close();
  });

  it('redeploys a changed service only, showing the diff first', async () => {
    const before = await idsByService('int-shop');
    const plan = await api('POST', '/api/stacks/int-shop/plan', { compose: THREE('sleep 601') });
    expect(plan.status).toBe(200);
    const p = plan.json.plan as {
      services: { service: string; action: string; changes?: string[] }[];
      diff: { op: string; text: string }[];
    };
    expect(p.services.find((s) => s.service === 'web')).toMatchObject({ action: 'recreate', changes: ['command'] });
    expect(
      p.services
        .filter((s) => s.action === 'keep')
        .map((s) => s.service)
        .sort(),
    ).toEqual(['api', 'db']);
    expect(p.diff.filter((l) => l.op !== ' ').map((l) => `${l.op}${l.text.trim()}`)).toEqual([
      '-command: sleep 600',
      '+command: sleep 601',
    ]);

    const r = await api('POST', '/api/stacks/int-shop/deploy', { compose: THREE('sleep 601') });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const after = await idsByService('int-shop');
    expect(after.get('db')).toEqual(before.get('db'));
    expect(after.get('api')).toEqual(before.get('api'));
    expect(after.get('web')).toHaveLength(1);
    expect(after.get('web')).not.toEqual(before.get('web'));
    expect(await docker('inspect', '-f', '{{.Name}} {{json .Config.Cmd}}', after.get('web')![0]!)).toBe('/int-shop_web_1 ["sleep","601"]');
  });

  it('scales a service, keeps the old containers, and scales back', async () => {
    const before = await idsByService('int-shop');
    let r = await api('POST', '/api/stacks/int-shop/services/api/scale', { replicas: 3 });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    let now = await idsByService('int-shop');
    expect(now.get('api')).toHaveLength(3);
    expect(now.get('api')).toEqual(expect.arrayContaining(before.get('api')!));
    expect(await docker('ps', '--filter', 'name=int-shop_api_3', '--format', '{{.Label "com.docker.compose.container-number"}}')).toBe('3');
    r = await api('POST', '/api/stacks/int-shop/services/api/scale', { replicas: 1 });
    expect(r.status).toBe(200);
    now = await idsByService('int-shop');
    expect(now.get('api')).toEqual(before.get('api'));
  });

  it('refuses invalid files with line numbers and creates nothing', async () => {
    const laughs = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      ...'bcdefghi'.split('').map(
        (x, i) =>
          `${x}: &${x} [${Array(9)
            .fill('*' + 'abcdefghi'[i])
            .join(',')}]`,
      ),
      'services: {}',
    ].join('\n');
    const cases: [string, string, string, number][] = [
      ['unknown key', 'services:\n  web:\n    image: busybox:local\n    imagee: busybox\n', 'Unknown key "imagee"', 4],
      ['wrong type', 'services:\n  web:\n    image: busybox:local\n    ports: "80:80"\n', 'must be a list', 4],
      ['bad YAML', 'services:\n  web:\n    image: [busybox\n', 'YAML', 4],
      ['billion laughs', laughs, 'billion laughs', 2],
      ['host path', 'services:\n  web:\n    image: busybox:local\n    volumes: ["../../etc:/host"]\n', 'host path', 4],
      ['privileged', 'services:\n  web:\n    image: busybox:local\n    privileged: true\n', 'privileged', 4],
      [
        'bind through driver_opts',
        'services:\n  web:\n    image: busybox:local\n    volumes: [x:/x]\nvolumes:\n  x:\n    driver_opts: {type: none, o: bind, device: /etc}\n',
        'binds a host folder',
        7,
      ],
    ];
    for (const [what, file, words, line] of cases) {
      const t0 = Date.now();
      const r = await api('POST', '/api/stacks/int-bad/deploy', { compose: file, target: 'engine' }, 'operator');
      const elapsed = Date.now() - t0;
      expect(r.status, what).toBe(400);
      const err = r.json as unknown as ApiError & { details: { issues: { line?: number; message: string }[] } };
      expect(err.error, what).toBe('invalid_stack');
      expect(err.message, what).toContain('Nothing was deployed');
      const issue = err.details.issues.find((i) => i.message.includes(words));
      expect(issue, `${what}: ${JSON.stringify(err.details.issues)}`).toBeDefined();
      expect(issue!.line, what).toBe(line);
      expect(elapsed, what).toBeLessThan(1000);
    }
    expect((await idsByService('int-bad')).size).toBe(0);
    expect(await docker('network', 'ls', '-q', '--filter', 'name=int-bad')).toBe('');
    expect(await docker('volume', 'ls', '-q', '--filter', 'name=int-bad')).toBe('');
  });

  it('applies the non-admin rules to an operator, and lets an admin bind a host folder', async () => {
    const file = 'services:\n  web:\n    image: busybox:local\n    volumes: ["/etc:/host:ro"]\n    cap_add: [NET_ADMIN]\n';
    const asOperator = await api('POST', '/api/stacks/validate', { name: 'int-bad', compose: file, target: 'engine' }, 'operator');
    const v = asOperator.json as { ok: boolean; issues: { line: number; code: string }[] };
    expect(v.ok).toBe(false);
    expect(v.issues.map((i) => `${i.line}:${i.code}`)).toEqual(['4:policy', '5:policy']);
    // The same file from an admin passes.
    expect((await api('POST', '/api/stacks/validate', { name: 'int-bad', compose: file, target: 'engine' })).json.ok).toBe(true);
    const viewer = await api('POST', '/api/stacks/int-bad/deploy', { compose: 'services: {a: {image: busybox:local}}' }, 'viewer');
    expect(viewer.status).toBe(403);
    expect((await idsByService('int-bad')).size).toBe(0);
  });

  it('fails a deploy whose service cannot start, says which and why, and leaves the previous version running', async () => {
    const before = await idsByService('int-shop');
    const broken = THREE('sleep 601').replace('command: sleep 600\n', 'command: /no/such/binary\n');
    expect(broken).toContain('/no/such/binary');
    const r = await api('POST', '/api/stacks/int-shop/deploy', { compose: broken });
    expect(r.status).toBe(422);
    const err = r.json as unknown as ApiError & { details: { service: string } };
    expect(err.error).toBe('deploy_failed');
    expect(err.details.service).toBe('api');
    expect(err.message).toMatch(/api.*no such file|api.*not found/i);
    expect(err.message).toContain('previous version is still running');
    const after = await idsByService('int-shop');
    expect(after).toEqual(before);
    for (const ids of after.values())
      for (const id of ids)
        expect(await docker('inspect', '-f', '{{.State.Status}} {{.Name}}', id)).toMatch(/^running \/int-shop_[a-z]+_1$/);
    const versions = (await api('GET', '/api/stacks/int-shop')).json.versions as { version: number; result: string }[];
    expect(versions.map((v) => `${v.version}:${v.result}`)).toEqual(['3:failed', '2:deployed', '1:deployed']);
  });

  it('rolls back to an earlier version', async () => {
    const r = await api('POST', '/api/stacks/int-shop/rollback', { version: 1 });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    const ids = await idsByService('int-shop');
    expect(await docker('inspect', '-f', '{{json .Config.Cmd}}', ids.get('web')![0]!)).toBe('["sleep","600"]');
    const v = (await api('GET', '/api/stacks/int-shop/versions/4')).json as { info: { rolledBackFrom: number }; file: { compose: string } };
    expect(v.info.rolledBackFrom).toBe(1);
    expect(v.file.compose).toBe(THREE('sleep 600'));
  });

  it('serialises two deploys of one stack: the second gets 409 and nothing interleaves', async () => {
    const slow =
      'services:\n  a:\n    image: busybox:local\n    command: sleep 600\n    init: true\n    labels: [phedds.test=1]\n    healthcheck: {test: "sleep 0.5 && true", interval: 1s}\n  b:\n    image: busybox:local\n    command: sleep 600\n    init: true\n    labels: [phedds.test=1]\n    depends_on: {a: {condition: service_healthy}}\n';
    const [one, two] = await Promise.all([
      api('POST', '/api/stacks/int-race/deploy', { compose: slow, target: 'engine' }),
      api('POST', '/api/stacks/int-race/deploy', { compose: slow, target: 'engine' }),
    ]);
    const statuses = [one.status, two.status].sort();
    expect(statuses).toEqual([200, 409]);
    const refused = one.status === 409 ? one : two;
    expect((refused.json as unknown as ApiError).error).toBe('stack_busy');
    const ids = await idsByService('int-race');
    expect(ids.get('a')).toHaveLength(1);
    expect(ids.get('b')).toHaveLength(1);
  });

  it('lists a project made with docker-compose up, and takes it down from Phedds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'phedds-made-'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'docker-compose.yml'),
      'version: "3.8"\nservices:\n  one:\n    image: busybox:local\n    command: sleep 600\n    init: true\n    labels: [phedds.test=1]\n  two:\n    image: busybox:local\n    command: sleep 600\n    init: true\n    labels: [phedds.test=1]\nvolumes:\n  keep: {}\n',
    );
    await dc(dir, '-p', 'int-made', 'up', '-d');
    await eventually(
      async () =>
        ((await api('GET', '/api/stacks')).json.stacks as StackView[]).some(
          (s) => s.name === 'int-made' && s.state === 'running' && s.services.length === 2,
        ),
      'int-made listed',
    );
    const made = ((await api('GET', '/api/stacks')).json.stacks as StackView[]).find((s) => s.name === 'int-made')!;
    expect(made.workingDir).toBe(dir);
    expect(made.version).toBeUndefined();
    const r = await api('POST', '/api/stacks/int-made/down', {});
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect((await idsByService('int-made')).size).toBe(0);
    expect(await docker('network', 'ls', '-q', '--filter', 'label=com.docker.compose.project=int-made')).toBe('');
    expect(await dc(dir, '-p', 'int-made', 'ps', '-q')).toBe('');
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes a Phedds stack down with its volumes, and keeps its file to deploy again', async () => {
    const r = await api('POST', '/api/stacks/int-shop/down', { volumes: true });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect((await idsByService('int-shop')).size).toBe(0);
    await expect(docker('volume', 'inspect', 'int-shop_data')).rejects.toThrow();
    const s = ((await api('GET', '/api/stacks')).json.stacks as StackView[]).find((x) => x.name === 'int-shop');
    expect(s).toMatchObject({ state: 'down', version: 4 });
  });

  it('refuses bad names and requests from other origins', async () => {
    for (const path of [
      '/api/stacks/..%2f..%2fetc/deploy',
      '/api/stacks/%2e%2e/deploy',
      '/api/stacks/Upper/deploy',
      '/api/stacks/a%00b/deploy',
    ]) {
      const r = await api('POST', path, { compose: 'services: {}' });
      // Either the name pattern refuses it (400) or no route matches once decoded (404).
      expect([400, 404], path).toContain(r.status);
    }
    const r = await built.api(
      'POST',
      '/api/stacks/int-bad/deploy',
      { compose: 'services: {a: {image: busybox:local}}' },
      { origin: 'http://evil.test' },
    );
    expect(r.status).toBe(403);
    expect((await idsByService('int-bad')).size).toBe(0);
  });
});

function isDeploy(m: ServerMessage, stack: string, state: DeployProgress['state']): boolean {
  return m.op === 'delta' && m.topic === 'stacks' && m.data.deploy?.stack === stack && m.data.deploy.state === state;
}

function lastDeploy(messages: ServerMessage[], stack: string): DeployProgress | undefined {
  let last: DeployProgress | undefined;
  for (const m of messages) if (m.op === 'delta' && m.topic === 'stacks' && m.data.deploy?.stack === stack) last = m.data.deploy;
  return last;
}

export type { ContainerView };
