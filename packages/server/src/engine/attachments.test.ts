import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AttachmentTracker, attachmentsOf, type AttachmentChange, type AttachmentInspect } from './attachments.ts';

const fixture = (name: string): AttachmentInspect & { Id: string } =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as AttachmentInspect & { Id: string };

const web = fixture('inspect-attach-web.json');
const legacy = fixture('inspect-attach-legacy.json');
const db = fixture('inspect-attach-db.json');

describe('attachmentsOf on recorded container inspects', () => {
  it('reads named and anonymous volume mounts, not bind mounts', () => {
    expect(attachmentsOf(db).mounts).toEqual([{ volume: 'fixproj_data', destination: '/data', readOnly: false }]);
    const mounts = attachmentsOf(web).mounts;
    expect(mounts).toHaveLength(2);
    expect(mounts).toContainEqual({ volume: 'fixvol', destination: '/cache', readOnly: true });
    expect(mounts.find((m) => m.destination === '/scratch')?.volume).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads a link given on a user network and a legacy link on the default bridge', () => {
    expect(attachmentsOf(web).links).toEqual([{ network: 'fixproj_back', target: 'fx-db', alias: 'database' }]);
    expect(attachmentsOf(legacy).links).toEqual([{ network: 'bridge', target: 'fx-cache', alias: 'cache' }]);
    expect(attachmentsOf(db).links).toEqual([]);
  });
});

describe('AttachmentTracker', () => {
  it('answers who uses a volume and which links a network carries, and reports what a change touched', () => {
    const t = new AttachmentTracker();
    const changes: AttachmentChange[] = [];
    t.onChange((c) => changes.push(c));
    t.observe(web.Id, web);
    t.observe(legacy.Id, legacy);
    t.observe(db.Id, db);
    expect(t.usersOf('fixvol')).toEqual([{ container: web.Id, destination: '/cache', readOnly: true }]);
    expect(t.linksOn('bridge')).toEqual([{ container: legacy.Id, target: 'fx-cache', alias: 'cache' }]);
    expect(changes).toHaveLength(3);
    expect([...changes[0]!.volumes].sort()).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/), 'fixvol'].sort());
    expect([...changes[0]!.networks]).toEqual(['fixproj_back']);

    // The same answer again changes nothing and says nothing.
    t.observe(db.Id, structuredClone(db));
    expect(changes).toHaveLength(3);

    // A container that is gone no longer uses anything.
    t.forget(web.Id);
    expect(t.usersOf('fixvol')).toEqual([]);
    expect(t.linksOn('fixproj_back')).toEqual([]);
    expect(changes.at(-1)!.volumes.has('fixvol')).toBe(true);
  });

  it('a container without mounts or links never reports a change', () => {
    const t = new AttachmentTracker();
    let calls = 0;
    t.onChange(() => calls++);
    t.observe('plain', { Mounts: [], HostConfig: { Links: null }, NetworkSettings: { Networks: { bridge: { Links: null } } } });
    t.forget('plain');
    expect(calls).toBe(0);
  });
});
