import type { ContainerView } from '@phedds/shared';
import { describe, expect, it } from 'vitest';
import { backendOf, probeHost, publishedPort } from './preview-probe.ts';

describe('preview probe helpers', () => {
  it('finds who answered: balancer header, then the demo image, then the page title', () => {
    expect(backendOf({ 'x-served-by': 'phedds-demo-web-2' }, 'hostname=x name=y')).toBe('phedds-demo-web-2');
    expect(backendOf({}, 'hostname=h1 name=phedds-demo-web-1 time=2025')).toBe('phedds-demo-web-1');
    expect(backendOf({}, 'hostname=h1 name= time=2025')).toBe('h1');
    expect(backendOf({}, '<html><head><title> My app </title>')).toBe('My app');
    expect(backendOf({}, 'just text')).toBeUndefined();
  });

  it('reaches a local engine’s ports on this machine, a remote engine’s on its host', () => {
    expect(probeHost('unix:///var/run/docker.sock', '0.0.0.0')).toBe('127.0.0.1');
    expect(probeHost('unix:///var/run/docker.sock', '::')).toBe('127.0.0.1');
    expect(probeHost('tcp://10.0.0.5:2375', '0.0.0.0')).toBe('10.0.0.5');
    expect(probeHost('unix:///x.sock', '127.0.0.2')).toBe('127.0.0.2');
  });

  it('accepts only a port the container publishes over TCP', () => {
    const c = {
      name: 'web',
      ports: [
        { privatePort: 80, hostPort: 8081, hostIp: '0.0.0.0', protocol: 'tcp' },
        { privatePort: 53, hostPort: 5353, protocol: 'udp' },
        { privatePort: 443, protocol: 'tcp' },
      ],
    } as unknown as ContainerView;
    expect(publishedPort(c, 8081)).toEqual({ hostIp: '0.0.0.0' });
    expect(() => publishedPort(c, 5353)).toThrow(/publishes 8081/);
    expect(() => publishedPort(c, 22)).toThrow(/does not publish TCP port 22/);
  });
});
