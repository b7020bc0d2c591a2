import { describe, expect, it } from 'vitest';
import { containerTone, formatBytes, withoutProject } from './nodes.ts';
import { parseDependsOn, portKey } from './rules.ts';

describe('node helpers', () => {
  it.each([
    ['running', 'none', 'running'],
    ['running', 'healthy', 'running'],
    ['running', 'starting', 'starting'],
    ['running', 'unhealthy', 'failed'],
    ['paused', 'none', 'paused'],
    ['restarting', 'none', 'restarting'],
    ['created', 'none', 'created'],
    ['exited', 'none', 'stopped'],
    ['removing', 'none', 'stopped'],
    ['dead', 'none', 'failed'],
  ] as const)('a %s container with health %s is %s', (state, health, tone) => {
    expect(containerTone({ state, health })).toBe(tone);
  });

  it('drops the project prefix, but never to an empty label', () => {
    expect(withoutProject('shop-web-1', 'shop')).toBe('web-1');
    expect(withoutProject('shop_back', 'shop')).toBe('back');
    expect(withoutProject('shop-', 'shop')).toBe('shop-');
    expect(withoutProject('other', 'shop')).toBe('other');
    expect(withoutProject('shop-web', undefined)).toBe('shop-web');
  });

  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1985594)).toBe('1.9 MiB');
    expect(formatBytes(300 * 1024 * 1024)).toBe('300 MiB');
  });
});

describe('rule helpers', () => {
  it('reads compose depends_on labels, old and new forms', () => {
    expect(parseDependsOn('db:service_started:false,cache:service_healthy:true')).toEqual([
      { service: 'db', condition: 'started' },
      { service: 'cache', condition: 'healthy' },
    ]);
    expect(parseDependsOn('migrate:service_completed_successfully:false')).toEqual([{ service: 'migrate', condition: 'completed' }]);
    expect(parseDependsOn('db')).toEqual([{ service: 'db' }]);
    expect(parseDependsOn('')).toEqual([]);
    expect(parseDependsOn(undefined)).toEqual([]);
  });

  it('keys a host port by address, port and protocol', () => {
    expect(portKey({ hostPort: 8080, protocol: 'tcp' })).toBe('0.0.0.0:8080/tcp');
    expect(portKey({ hostIp: '127.0.0.1', hostPort: 53, protocol: 'udp' })).toBe('127.0.0.1:53/udp');
  });
});
