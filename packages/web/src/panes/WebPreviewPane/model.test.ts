import type { ContainerView, ProbeResult } from '@phedds/shared';
import { describe, expect, it } from 'vitest';
import { container } from '../ContainersPane/test-fixtures.ts';
import { backendColours, defaultTarget, frameUrl, previewTargets, shortNames, tally, validPath } from './model.ts';

const web = container({
  name: 'web-1',
  ports: [
    { privatePort: 80, hostPort: 8081, hostIp: '0.0.0.0', protocol: 'tcp' },
    { privatePort: 80, hostPort: 8081, hostIp: '::', protocol: 'tcp' },
    { privatePort: 53, hostPort: 5353, protocol: 'udp' },
  ],
});
const lb = container({
  name: 'lb-1',
  compose: { project: 'demo', service: 'lb' },
  ports: [{ privatePort: 80, hostPort: 8080, hostIp: '0.0.0.0', protocol: 'tcp' }],
});
const stopped = container({ name: 'old', state: 'exited', ports: [{ privatePort: 80, hostPort: 9000, protocol: 'tcp' }] });
const byId = new Map<string, ContainerView>([web, lb, stopped].map((c) => [c.id, c]));

describe('web preview model', () => {
  it('offers each published TCP port of running containers once', () => {
    expect(previewTargets(byId.values()).map((t) => `${t.name}:${t.hostPort}`)).toEqual(['lb-1:8080', 'web-1:8081']);
  });

  it('starts on the selected container, else on a balancer', () => {
    const targets = previewTargets(byId.values());
    expect(defaultTarget(targets, web.id, byId)?.name).toBe('web-1');
    expect(defaultTarget(targets, undefined, byId)?.name).toBe('lb-1');
    expect(defaultTarget(targets, stopped.id, byId)?.name).toBe('lb-1');
  });

  it('frames the port on the page’s host', () => {
    expect(frameUrl(previewTargets([lb])[0]!, 'console.example', '/cgi-bin/whoami')).toBe('http://console.example:8080/cgi-bin/whoami');
    expect(validPath('/a/b?x=1')).toBe(true);
    expect(validPath('//evil.example/')).toBe(true); // a path on the same host and port, never another host
    expect(validPath('http://x')).toBe(false);
    expect(validPath('/a b')).toBe(false);
  });

  it('shortens back end names to what tells them apart', () => {
    expect([...shortNames(['phedds-demo-web-1', 'phedds-demo-web-2', 'phedds-demo-web-1']).values()]).toEqual(['web-1', 'web-2']);
    expect([...shortNames(['demo-api', 'demo-web']).values()]).toEqual(['api', 'web']);
    expect([...shortNames(['api', 'web']).values()]).toEqual(['api', 'web']);
    expect([...shortNames(['only-one']).values()]).toEqual(['only-one']);
    expect([...backendColours(['web-2', 'web-1', 'web-2'])]).toEqual([
      ['web-1', 0],
      ['web-2', 1],
    ]);
  });

  it('counts answers per back end', () => {
    const r = (backend?: string): ProbeResult => ({ at: 0, url: '', ms: 1, status: 200, ...(backend ? { backend } : {}) });
    expect(tally([r('a'), r('b'), r('a'), r()])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
  });
});
