import type { ResourceDelta } from '@phedds/shared';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toVolumeView, type EngineVolume } from './volume-mapper.ts';
import { ResourceInventory, type ResourceSource } from './resource-inventory.ts';
import type { VolumeView } from '@phedds/shared';

const recorded = (JSON.parse(readFileSync(new URL('./fixtures/volumes-list.json', import.meta.url), 'utf8')) as { Volumes: EngineVolume[] })
  .Volumes;

/** An engine stand-in made of recorded volumes, whose answers the test can hold and release. */
class RecordedVolumes implements ResourceSource<EngineVolume> {
  readonly state = new Map(recorded.map((v) => [v.Name, v]));
  readonly calls: string[] = [];
  hold = false;
  private held: (() => void)[] = [];

  list(): Promise<EngineVolume[]> {
    this.calls.push('list');
    const answer = [...this.state.values()].map((v) => structuredClone(v));
    return this.answer(answer);
  }
  get(key: string): Promise<EngineVolume | null> {
    this.calls.push(key);
    const v = this.state.get(key);
    return this.answer(v ? structuredClone(v) : null);
  }
  keyOf(v: EngineVolume): string {
    return v.Name;
  }
  release(): void {
    const h = this.held;
    this.held = [];
    for (const f of h) f();
  }
  /** Reads the state when asked, answers later when held: like a slow engine. */
  private answer<T>(value: T): Promise<T> {
    if (!this.hold) return Promise.resolve(value);
    return new Promise((resolve) => this.held.push(() => resolve(value)));
  }
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

function setup(): { eng: RecordedVolumes; inv: ResourceInventory<EngineVolume, VolumeView>; deltas: ResourceDelta<VolumeView>[] } {
  const eng = new RecordedVolumes();
  const inv = new ResourceInventory<EngineVolume, VolumeView>(eng, (v) => toVolumeView(v));
  const deltas: ResourceDelta<VolumeView>[] = [];
  inv.subscribe((d) => deltas.push(d));
  return { eng, inv, deltas };
}

describe('ResourceInventory', () => {
  it('reconciles from one list call, then matches the engine after it loses and gains volumes', async () => {
    const { eng, inv, deltas } = setup();
    await inv.reconcile();
    expect(eng.calls).toEqual(['list']);
    expect(
      inv
        .list()
        .map((v) => v.name)
        .sort(),
    ).toEqual(recorded.map((v) => v.Name).sort());
    expect(deltas.flatMap((d) => d.upsert)).toHaveLength(recorded.length);

    eng.state.delete('fixvol');
    eng.state.set('fresh', { ...recorded[0]!, Name: 'fresh' });
    await inv.reconcile();
    expect(inv.get('fixvol')).toBeUndefined();
    expect(inv.get('fresh')?.name).toBe('fresh');
    expect(deltas.slice(-2).map((d) => [d.upsert.map((v) => v.name), d.remove])).toEqual([
      [['fresh'], []],
      [[], ['fixvol']],
    ]);
  });

  it('emits nothing when a refresh finds the same volume', async () => {
    const { inv, deltas } = setup();
    await inv.reconcile();
    const before = deltas.length;
    inv.refresh('fixvol');
    await inv.idle();
    expect(deltas.length).toBe(before);
  });

  it('a list read before a destroy event does not bring the volume back', async () => {
    const { eng, inv } = setup();
    await inv.reconcile();
    eng.hold = true;
    const reconciling = inv.reconcile(); // the list is read now, with fixvol in it
    await tick();
    eng.state.delete('fixvol');
    inv.remove('fixvol', { action: 'destroy', id: 'fixvol', time: 1 });
    expect(inv.get('fixvol')).toBeUndefined();
    eng.release(); // the stale list lands: fixvol was touched meanwhile, so it is read again
    await tick();
    eng.hold = false;
    eng.release();
    await reconciling;
    expect(inv.get('fixvol')).toBeUndefined();
    expect(eng.calls.slice(-1)).toEqual(['fixvol']);
  });

  it('a volume created while the list was on its way is kept', async () => {
    const { eng, inv } = setup();
    eng.hold = true;
    const reconciling = inv.reconcile(); // this list does not have "late"
    await tick();
    eng.state.set('late', { ...recorded[0]!, Name: 'late' });
    inv.refresh('late', { action: 'create', id: 'late', time: 2 });
    eng.hold = false;
    eng.release();
    await reconciling;
    await inv.idle();
    expect(inv.get('late')?.name).toBe('late');
  });

  it('re-reads when asked again during a read, and credits the last event', async () => {
    const { eng, inv, deltas } = setup();
    await inv.reconcile();
    eng.hold = true;
    inv.refresh('fixvol', { action: 'create', id: 'fixvol', time: 1 });
    await tick();
    eng.state.set('fixvol', { ...eng.state.get('fixvol')!, Labels: { changed: 'yes' } });
    inv.refresh('fixvol', { action: 'create', id: 'fixvol', time: 2 });
    eng.hold = false;
    eng.release();
    await inv.idle();
    expect(eng.calls.filter((c) => c === 'fixvol')).toHaveLength(2);
    expect(inv.get('fixvol')?.labels).toEqual({ changed: 'yes' });
    expect(deltas.at(-1)?.cause).toEqual({ action: 'create', id: 'fixvol', time: 2 });
  });

  it('re-derives views from held answers without asking the engine', async () => {
    const eng = new RecordedVolumes();
    let users = 0;
    const inv = new ResourceInventory<EngineVolume, VolumeView>(eng, (v) =>
      toVolumeView(
        v,
        v.Name === 'fixvol' ? Array.from({ length: users }, (_, i) => ({ container: `c${i}`, destination: '/d', readOnly: false })) : [],
      ),
    );
    await inv.reconcile();
    const calls = eng.calls.length;
    users = 2;
    inv.remap(['fixvol', 'unknown']);
    expect(inv.get('fixvol')?.usedBy).toHaveLength(2);
    expect(eng.calls.length).toBe(calls);
  });

  it('an engine error keeps what it had', async () => {
    const { eng, inv } = setup();
    await inv.reconcile();
    const errors: unknown[] = [];
    const failing = new ResourceInventory<EngineVolume, VolumeView>(
      { ...eng, list: () => eng.list(), keyOf: (v) => v.Name, get: () => Promise.reject(new Error('boom')) },
      (v) => toVolumeView(v),
      (e) => errors.push(e),
    );
    await failing.reconcile();
    failing.refresh('fixvol');
    await failing.idle();
    expect(failing.get('fixvol')?.name).toBe('fixvol');
    expect(errors).toHaveLength(1);
  });
});
