import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { engineTime, mapPorts, toContainerView, type EngineInspect } from './container-mapper.ts';

const fixture = (name: string): EngineInspect =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as EngineInspect;

describe('toContainerView on recorded engine JSON', () => {
  it('maps a running, healthy compose container with a published port', () => {
    const v = toContainerView(fixture('inspect-running-healthy-ports.json'));
    expect(v.name).toBe('fx-web');
    expect(v.id).toMatch(/^[0-9a-f]{64}$/);
    expect(v.state).toBe('running');
    expect(v.health).toBe('healthy');
    expect(v.status).toBe('Up (healthy)');
    expect(v.image).toBe('busybox:local');
    expect(v.imageId).toMatch(/^sha256:/);
    expect(v.command).toBe('httpd -f -p 80');
    // 0.0.0.0 and :: bindings of one -p collapse into one port
    expect(v.ports).toEqual([{ privatePort: 80, protocol: 'tcp', hostPort: 8091, hostIp: '0.0.0.0' }]);
    expect(v.networks).toEqual(['fixnet']);
    expect(v.compose).toEqual({ project: 'fixproj', service: 'web', number: 1 });
    expect(v.startedAt).toBe(Date.parse('2026-11-27T23:12:25.622173507Z'));
    expect(v.finishedAt).toBeUndefined();
    expect(v.exitCode).toBeUndefined();
  });

  it('maps an exited container with its exit code and times', () => {
    const v = toContainerView(fixture('inspect-exited.json'));
    expect(v.state).toBe('exited');
    expect(v.exitCode).toBe(3);
    expect(v.status).toBe('Exited (3)');
    expect(v.finishedAt).toBeGreaterThan(v.startedAt ?? Infinity);
    expect(v.compose).toBeUndefined();
    expect(v.health).toBe('none');
  });

  it('maps a paused and a never-started container', () => {
    expect(toContainerView(fixture('inspect-paused.json')).state).toBe('paused');
    const created = toContainerView(fixture('inspect-created.json'));
    expect(created.state).toBe('created');
    expect(created.startedAt).toBeUndefined();
    expect(created.status).toBe('Created');
  });
});

describe('mapPorts', () => {
  it('keeps exposed-only ports and distinct host bindings, sorted', () => {
    expect(
      mapPorts({
        '443/tcp': [{ HostIp: '127.0.0.1', HostPort: '8443' }],
        '53/udp': null,
        '80/tcp': [
          { HostIp: '0.0.0.0', HostPort: '8080' },
          { HostIp: '0.0.0.0', HostPort: '8081' },
        ],
      }),
    ).toEqual([
      { privatePort: 53, protocol: 'udp' },
      { privatePort: 80, protocol: 'tcp', hostPort: 8080, hostIp: '0.0.0.0' },
      { privatePort: 80, protocol: 'tcp', hostPort: 8081, hostIp: '0.0.0.0' },
      { privatePort: 443, protocol: 'tcp', hostPort: 8443, hostIp: '127.0.0.1' },
    ]);
  });
  it('survives null and junk', () => {
    expect(mapPorts(null)).toEqual([]);
    expect(mapPorts({ 'x/tcp': null, '80/tcp': [{ HostIp: '', HostPort: '' }] })).toEqual([]);
  });
});

describe('engineTime', () => {
  it('treats the zero time as absent', () => {
    expect(engineTime('0001-01-01T00:00:00Z')).toBeUndefined();
    expect(engineTime(undefined)).toBeUndefined();
    expect(engineTime('2026-11-27T23:12:25.5Z')).toBe(Date.parse('2026-11-27T23:12:25.5Z'));
  });
});
