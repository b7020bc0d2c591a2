import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkCreatePolicy } from '../auth/create-policy.ts';
import type { Engine } from '../engine/engine.ts';
import { EngineError } from '../engine/errors.ts';
import { createPolicyIssues, swarmCreatePolicyIssues, type CreateCheck } from './create-check.ts';
import { StackService } from './service.ts';
import { toSwarmSpecs } from './swarm-spec.ts';
import { validateStack } from './validate.ts';

const COMPOSE = `services:
  db:
    image: postgres:16
    volumes: [data:/var/lib/postgresql/data]
  web:
    image: nginx:1.27
    ports: ["8080:80"]
    depends_on: [db]
    volumes_from: [db]
    security_opt: []
  sidecar:
    image: busybox:1.36
    network_mode: service:web
volumes:
  data: {}
`;

const COMPOSE_SWARM = `services:
  db:
    image: postgres:16
    volumes: [data:/var/lib/postgresql/data]
  web:
    image: nginx:1.27
    ports: ["8080:80"]
    deploy:
      replicas: 2
volumes:
  data: {}
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'phedds-create-check-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function operatorModel() {
  const v = validateStack({ name: 'demo', compose: COMPOSE, env: '', role: 'operator', target: 'engine', workingDir: dir });
  expect(v.issues).toEqual([]);
  return v.model!;
}

describe('the create policy on the container create bodies of a stack', () => {
  it('lets an ordinary file through, named volumes, volumes_from and network_mode service: included', () => {
    expect(createPolicyIssues(operatorModel(), 'operator', checkCreatePolicy)).toEqual([]);
  });

  it('refuses a body that got past the compose-level check, naming the service and the option', () => {
    const model = operatorModel();
    // What the plan and the deploy build the bodies from, changed after the compose policy passed the file.
    const web = model.services.find((s) => s.name === 'web')!;
    web.options.privileged = true;
    web.options.cap_add = ['SYS_ADMIN'];
    web.volumes.push({ kind: 'spec', external: '/etc', internal: '/host-etc', mode: 'rw' });
    model.services.find((s) => s.name === 'sidecar')!.networkMode = { kind: 'mode', value: 'host' };

    const issues = createPolicyIssues(model, 'operator', checkCreatePolicy);
    expect(issues.map((i) => [i.path, i.code, i.severity])).toEqual([
      ['services.web', 'policy', 'error'],
      ['services.web', 'policy', 'error'],
      ['services.web', 'policy', 'error'],
      ['services.sidecar', 'policy', 'error'],
    ]);
    expect(issues.map((i) => i.message).join('\n')).toMatch(/Service "web" would create a container with HostConfig\.Binds\[0\]/);
    expect(issues.map((i) => i.message).join('\n')).toMatch(/Service "web" .*HostConfig\.Privileged/);
    expect(issues.map((i) => i.message).join('\n')).toMatch(/Service "web" .*HostConfig\.CapAdd/);
    expect(issues[3]!.message).toMatch(/Service "sidecar" .*HostConfig\.NetworkMode.*your role: operator/);
    expect(createPolicyIssues(model, 'admin', checkCreatePolicy)).toEqual([]);
  });
});

describe('the create policy on the Swarm services of a stack', () => {
  const swarmServices = () => {
    const v = validateStack({ name: 'demo', compose: COMPOSE_SWARM, env: '', role: 'operator', target: 'swarm', workingDir: dir });
    expect(v.issues).toEqual([]);
    return toSwarmSpecs({ namespace: 'demo', data: v.data!, vars: v.vars, readFile: () => undefined }).services;
  };

  it('lets an ordinary file through', () => {
    expect(swarmCreatePolicyIssues(swarmServices(), 'operator', checkCreatePolicy)).toEqual([]);
  });

  it('refuses a task container with a host mount, added capabilities or the host network, naming the service', () => {
    const services = swarmServices();
    const task = (key: string) =>
      services.find((s) => s.key === key)!.spec.TaskTemplate as { ContainerSpec: Record<string, unknown>; Networks: { Target: string }[] };
    (task('web').ContainerSpec.Mounts as unknown[]).push({ Type: 'bind', Source: '/etc', Target: '/host-etc' });
    task('web').ContainerSpec.CapabilityAdd = ['SYS_ADMIN'];
    task('db').Networks = [{ Target: 'host' }];

    const issues = swarmCreatePolicyIssues(services, 'operator', checkCreatePolicy);
    expect(issues.map((i) => i.path)).toEqual(['services.db', 'services.web', 'services.web']);
    const text = issues.map((i) => i.message).join('\n');
    expect(text).toMatch(/Service "db" .*HostConfig\.NetworkMode/);
    expect(text).toMatch(/Service "web" .*HostConfig\.Mounts/);
    expect(text).toMatch(/Service "web" .*HostConfig\.CapAdd/);
    expect(swarmCreatePolicyIssues(services, 'admin', checkCreatePolicy)).toEqual([]);
  });

  it('is applied by validation when the console passes the check in', () => {
    const refuseAll: CreateCheck = () => ({ allowed: false, violations: [{ field: 'HostConfig.Mounts', problem: 'refused here' }] });
    const v = validateStack({
      name: 'demo',
      compose: COMPOSE_SWARM,
      env: '',
      role: 'operator',
      target: 'swarm',
      workingDir: dir,
      checkCreate: refuseAll,
    });
    expect(v.ok).toBe(false);
    expect(v.issues.map((i) => i.path)).toEqual(['services.db', 'services.web']);
  });
});

describe('StackService with the create policy', () => {
  // Only what a refused deploy may touch: any other engine call would fail the test.
  const engine = { assertUp: () => undefined, containers: { list: () => [] } } as unknown as Engine;
  const refuseWeb: CreateCheck = (_role, body) =>
    body.Image === 'nginx:1.27'
      ? { allowed: false, violations: [{ field: 'HostConfig.Privileged', problem: 'privileged mode gives full access to the host' }] }
      : { allowed: true };

  it("refuses a non-admin's whole deploy up front, in the shape of any other refused file", async () => {
    const checked: string[] = [];
    const stacks = new StackService(engine, dir, undefined, (role, body) => {
      checked.push(`${role} ${String(body.Image)}`);
      return refuseWeb(role, body);
    });
    const err = await stacks
      .deploy('demo', { file: { compose: COMPOSE, env: '' }, role: 'operator', target: 'engine' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    const e = err as EngineError;
    expect([e.status, e.code]).toEqual([400, 'invalid_stack']);
    expect(e.message).toMatch(/^Service "web" would create a container with HostConfig\.Privileged.*Nothing was deployed\.$/);
    expect((e.details as { issues: { path: string; line: number }[] }).issues[0]).toMatchObject({ path: 'services.web', line: 6 });
    expect(checked).toEqual(['operator postgres:16', 'operator nginx:1.27', 'operator busybox:1.36']);
    expect(stacks.store.versions('demo')).toEqual([]);
    expect(stacks.progress.list()).toEqual([]);

    // The same answer before a deploy (validate and plan read it); an admin's file is not checked.
    expect(stacks.validate('demo', { compose: COMPOSE, env: '' }, 'operator', 'engine').ok).toBe(false);
    checked.length = 0;
    expect(stacks.validate('demo', { compose: COMPOSE, env: '' }, 'admin', 'engine').ok).toBe(true);
    expect(checked).toEqual([]);
  });
});
