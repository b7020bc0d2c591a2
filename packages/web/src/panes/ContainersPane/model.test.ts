import { describe, expect, it } from 'vitest';
import { STANDALONE_KEY, groupContainers, matchesFilter, stateTone, summarize, summaryText, uptimeText } from './model.ts';
import { container } from './test-fixtures.ts';

const shop = { project: 'shop' };
const all = [
  container({ name: 'solo-redis', image: 'redis:7', state: 'exited', exitCode: 0 }),
  container({ name: 'shop-web-10', image: 'nginx:local', compose: { ...shop, service: 'web', number: 10 } }),
  container({
    name: 'shop-web-2',
    image: 'nginx:local',
    compose: { ...shop, service: 'web', number: 2 },
    ports: [{ privatePort: 80, hostPort: 8080, hostIp: '0.0.0.0', protocol: 'tcp' }],
  }),
  container({ name: 'shop-db-1', image: 'postgres:16', state: 'paused', compose: { ...shop, service: 'db' } }),
  container({ name: 'alpha-api-1', image: 'api:dev', health: 'unhealthy', compose: { project: 'alpha' } }),
  container({ name: 'Standalone-lookalike', compose: { project: 'Standalone' } }),
];

describe('groupContainers', () => {
  it('groups by compose project, alphabetically, standalone containers last', () => {
    const groups = groupContainers(all);
    expect(groups.map((g) => g.key)).toEqual(['project:alpha', 'project:shop', 'project:Standalone', STANDALONE_KEY]);
    expect(groups.map((g) => g.title)).toEqual(['alpha', 'shop', 'Standalone', 'Standalone']);
    expect(groups.at(-1)?.containers.map((c) => c.name)).toEqual(['solo-redis']);
  });

  it('sorts rows by name in natural order', () => {
    const shopGroup = groupContainers(all).find((g) => g.project === 'shop');
    expect(shopGroup?.containers.map((c) => c.name)).toEqual(['shop-db-1', 'shop-web-2', 'shop-web-10']);
  });

  it('counts running and total over the whole group even when a filter hides rows', () => {
    const groups = groupContainers(all, 'web-2');
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ project: 'shop', running: 2, total: 3 });
    expect(groups[0]?.containers.map((c) => c.name)).toEqual(['shop-web-2']);
  });

  it('returns nothing for an empty inventory', () => {
    expect(groupContainers([])).toEqual([]);
  });
});

describe('matchesFilter', () => {
  const web = all[2]!;
  it('matches name, image, project, state and ports, case-insensitively', () => {
    for (const q of ['WEB-2', 'nginx', 'shop', 'RUNNING', '8080', '80/tcp', '8080:80']) {
      expect(matchesFilter(web, q), q).toBe(true);
    }
    for (const q of ['redis', 'paused', '9090', 'alpha']) expect(matchesFilter(web, q), q).toBe(false);
  });

  it('requires every word to match', () => {
    expect(matchesFilter(web, 'shop nginx')).toBe(true);
    expect(matchesFilter(web, 'shop redis')).toBe(false);
  });

  it('matches health only when the container has a health check', () => {
    expect(matchesFilter(all[4]!, 'unhealthy')).toBe(true);
    expect(matchesFilter(all[0]!, 'none')).toBe(false);
  });

  it('lets everything through an empty or blank query', () => {
    expect(all.every((c) => matchesFilter(c, '   '))).toBe(true);
  });
});

describe('summary', () => {
  it('counts containers, running ones and those shown', () => {
    expect(summarize(all)).toEqual({ total: 6, running: 4, shown: 6 });
    expect(summarize(all, 'shop')).toEqual({ total: 6, running: 4, shown: 3 });
  });

  it('reads as the pane header says it', () => {
    expect(summaryText({ total: 12, running: 9, shown: 12 })).toBe('12 containers · 9 running');
    expect(summaryText({ total: 1, running: 0, shown: 1 })).toBe('1 container · 0 running');
    expect(summaryText({ total: 12, running: 9, shown: 3 })).toBe('12 containers · 9 running · 3 shown');
  });
});

describe('stateTone', () => {
  it('colours each state', () => {
    expect(stateTone({ state: 'running' })).toBe('green');
    expect(stateTone({ state: 'paused' })).toBe('amber');
    expect(stateTone({ state: 'restarting' })).toBe('blue');
    expect(stateTone({ state: 'created' })).toBe('grey');
    expect(stateTone({ state: 'dead' })).toBe('red');
  });

  it('tells a clean exit from a failure by exit code', () => {
    expect(stateTone({ state: 'exited', exitCode: 0 })).toBe('grey');
    expect(stateTone({ state: 'exited', exitCode: 137 })).toBe('red');
    expect(stateTone({ state: 'exited' })).toBe('grey');
  });
});

describe('uptimeText', () => {
  const t0 = 1_700_000_000_000;
  it('ticks from startedAt while running', () => {
    const c = container({ name: 'x', startedAt: t0 });
    expect(uptimeText(c, t0 + 3_000)).toBe('up 3s');
    expect(uptimeText(c, t0 + 245_000)).toBe('up 4m 05s');
  });

  it('says how an exited container ended and how long ago', () => {
    const c = container({ name: 'x', state: 'exited', exitCode: 137, finishedAt: t0 });
    expect(uptimeText(c, t0 + 130_000)).toBe('exited (137) 2m 10s ago');
  });

  it('never shows a negative duration when clocks disagree', () => {
    const c = container({ name: 'x', startedAt: t0 + 5_000 });
    expect(uptimeText(c, t0)).toBe('up 0s');
  });

  it('covers the other states', () => {
    expect(uptimeText(container({ name: 'x', state: 'created', createdAt: t0 }), t0 + 5_000)).toBe('created 5s ago');
    expect(uptimeText(container({ name: 'x', state: 'paused', startedAt: t0 }), t0 + 61_000)).toBe('paused · up 1m 01s');
    expect(uptimeText(container({ name: 'x', state: 'restarting' }), t0)).toBe('restarting…');
  });
});
