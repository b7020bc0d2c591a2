import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toNetworkView, type EngineNetwork } from './network-mapper.ts';

const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as T;

describe('toNetworkView on recorded engine JSON', () => {
  const list = fixture<EngineNetwork[]>('networks-list.json');
  const byName = new Map(list.map((n) => [n.Name, toNetworkView(n)]));

  it('marks the engine’s own networks as built in, and no other', () => {
    expect(
      [...byName.values()]
        .filter((n) => n.builtIn)
        .map((n) => n.name)
        .sort(),
    ).toEqual(['bridge', 'host', 'none']);
    expect(byName.get('host')).toMatchObject({ driver: 'host', subnets: [], internal: false });
  });

  it('maps a compose network with its subnet, gateway and compose key', () => {
    const back = byName.get('fixproj_back')!;
    expect(back.id).toMatch(/^[0-9a-f]{64}$/);
    expect(back).toMatchObject({
      driver: 'bridge',
      scope: 'local',
      builtIn: false,
      subnets: [{ subnet: '10.77.0.0/24', gateway: '10.77.0.1' }],
      compose: { project: 'fixproj', service: 'back' },
      links: [],
    });
    expect(back.createdAt).toBe(Date.parse('2026-11-28T01:17:59.677063907Z'));
  });

  it('maps an internal network without compose labels', () => {
    const internal = byName.get('fixnet-internal')!;
    expect(internal.internal).toBe(true);
    expect(internal.compose).toBeUndefined();
    expect(internal.labels).toEqual({ 'phedds.test': '1' });
  });

  it('maps an inspect answer like the list entry, with the links it is given', () => {
    const inspected = fixture<EngineNetwork>('network-inspect.json');
    const link = { container: 'c1', target: 'fx-db', alias: 'database' };
    expect(toNetworkView(inspected, [link])).toEqual({ ...byName.get('fixproj_back'), links: [link] });
  });
});
