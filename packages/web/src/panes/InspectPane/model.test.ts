import { describe, expect, it } from 'vitest';
import { containerSections, isSecretEnv, jsonTokens, objectSections } from './model.ts';

const inspect = {
  Id: 'abc',
  Name: '/web-1',
  RestartCount: 2,
  State: {
    Status: 'running',
    Pid: 4242,
    StartedAt: '2025-01-01T00:00:00Z',
    FinishedAt: '0001-01-01T00:00:00Z',
    Health: { Status: 'healthy', FailingStreak: 0, Log: [{ Output: 'ok\n' }] },
  },
  Config: {
    Image: 'phedds/web:local',
    Cmd: ['/bin/phedds-web'],
    Env: ['PATH=/bin', 'DB_PASSWORD=hunter2', 'PHEDDS_NAME=<img src=x>'],
    Labels: { b: '2', a: '1' },
  },
  HostConfig: {
    RestartPolicy: { Name: 'unless-stopped' },
    Memory: 268435456,
    LogConfig: { Type: 'json-file', Config: { 'max-size': '10m' } },
  },
  NetworkSettings: {
    Ports: { '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8081' }], '443/tcp': null },
    Networks: { demo: { IPAddress: '172.20.0.2', IPPrefixLen: 16, Gateway: '172.20.0.1', Aliases: ['web'] } },
  },
  Mounts: [{ Type: 'volume', Name: 'data', Destination: '/data', RW: true }],
};

describe('inspect, readable', () => {
  it('shows state, configuration, host, networks and mounts in words', () => {
    const sections = containerSections(inspect, false);
    const flat = Object.fromEntries(sections.flatMap((s) => s.rows));
    expect(sections.map((s) => s.title)).toEqual(['State', 'Configuration', 'Host', 'Networks', 'Mounts']);
    expect(flat.Status).toBe('running');
    expect(flat.Finished).toBeUndefined(); // never
    expect(flat.Health).toBe('healthy');
    expect(flat['Last check']).toBe('ok');
    expect(flat.Restarts).toBe('2');
    expect(flat.Labels).toEqual(['a=1', 'b=2']);
    expect(flat.Ports).toEqual(['0.0.0.0:8081 → 80/tcp', '443/tcp (not published)']);
    expect(flat['Memory limit']).toBe('256 MiB');
    expect(flat['Log driver']).toBe('json-file (max-size=10m)');
    expect(flat.demo).toBe('172.20.0.2/16 · gateway 172.20.0.1 · aliases web');
    expect(flat['/data']).toBe('volume data');
  });

  it('masks secret-looking environment values unless asked, and keeps markup as text', () => {
    const env = (reveal: boolean) => Object.fromEntries(containerSections(inspect, reveal).flatMap((s) => s.rows)).Environment;
    expect(env(false)).toEqual(['PATH=/bin', 'DB_PASSWORD=••••••', 'PHEDDS_NAME=<img src=x>']);
    expect(env(true)).toContain('DB_PASSWORD=hunter2');
    expect(isSecretEnv('API_TOKEN=x')).toBe(true);
    expect(isSecretEnv('PATH=/bin')).toBe(false);
  });

  it('reads networks and volumes too', () => {
    const rows = objectSections('network', {
      Name: 'demo',
      Driver: 'bridge',
      IPAM: { Config: [{ Subnet: '10.0.0.0/24', Gateway: '10.0.0.1' }] },
    })[0]!.rows;
    expect(rows).toContainEqual(['Subnets', ['10.0.0.0/24 via 10.0.0.1']]);
  });

  it('colours JSON without changing its text', () => {
    const pretty = JSON.stringify({ a: 'x "y"', b: [1, -2.5, 1e21, true, null] }, null, 2);
    const tokens = jsonTokens(pretty);
    expect(tokens.map((t) => t.text).join('')).toBe(pretty);
    expect(tokens.filter((t) => t.cls === 'k').map((t) => t.text)).toEqual(['"a"', '"b"']);
    expect(tokens.filter((t) => t.cls === 'n').map((t) => t.text)).toEqual(['1', '-2.5', '1e+21']);
  });
});
