import type { ContainerDelta } from '@phedds/shared';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ContainerInventory, type ContainerSource } from './container-inventory.ts';
import type { EngineInspect } from './container-mapper.ts';

const fixture = (name: string): EngineInspect =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as EngineInspect;

/** An engine stand-in made of recorded inspect answers, whose replies the test releases by hand. */
class RecordedEngine implements ContainerSource {
  readonly state = new Map<string, EngineInspect>();
  readonly calls: string[] = [];
  private held: (() => void)[] = [];
  hold = false;

  async listIds(): Promise<string[]> {
    return Promise.resolve([...this.state.keys()]);
  }
  async inspect(id: string): Promise<EngineInspect | null> {
    this.calls.push(id);
    // Read the state at call time, answer later: like a slow engine.
    const snapshot = this.state.get(id);
    const answer = snapshot ? structuredClone<EngineInspect>(snapshot) : null;
    if (!this.hold) return Promise.resolve(answer);
    return new Promise((resolve) => this.held.push(() => resolve(answer)));
  }
  release(): void {
    const h = this.held;
    this.held = [];
    for (const f of h) f();
  }
}

/** An inventory reconciled against a recorded engine that holds one running container. */
async function oneRunningContainer(): Promise<{ eng: RecordedEngine; web: EngineInspect; inv: ContainerInventory }> {
  const eng = new RecordedEngine();
  const web = fixture('inspect-running-healthy-ports.json');
  eng.state.set(web.Id, web);
  const inv = new ContainerInventory(eng);
  await inv.reconcile();
  return { eng, web, inv };
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

function withState(j: EngineInspect, status: string): EngineInspect {
  return { ...j, State: { ...j.State, Status: status } };
}

describe('ContainerInventory', () => {
  it('reconciles to exactly what the engine has, and emits deltas', async () => {
    const eng = new RecordedEngine();
    const web = fixture('inspect-running-healthy-ports.json');
    const exited = fixture('inspect-exited.json');
    eng.state.set(web.Id, web);
    eng.state.set(exited.Id, exited);
    const inv = new ContainerInventory(eng);
    const deltas: ContainerDelta[] = [];
    inv.subscribe((d) => deltas.push(d));
    await inv.reconcile();
    expect(
      inv
        .list()
        .map((c) => c.name)
        .sort(),
    ).toEqual(['fx-exited', 'fx-web']);
    expect(deltas.flatMap((d) => d.upsert).length).toBe(2);

    // The engine loses one container while we were not looking: reconcile removes it.
    eng.state.delete(exited.Id);
    await inv.reconcile();
    expect(inv.list().map((c) => c.name)).toEqual(['fx-web']);
    expect(deltas.at(-1)).toEqual({ upsert: [], remove: [exited.Id] });
  });

  it('does not emit when a refresh finds nothing changed', async () => {
    const { web, inv } = await oneRunningContainer();
    const deltas: ContainerDelta[] = [];
    inv.subscribe((d) => deltas.push(d));
    inv.refresh(web.Id);
    await inv.idle();
    expect(deltas).toEqual([]);
  });

  it('re-reads a container that changed while its inspect was in flight (last event wins)', async () => {
    const { eng, web, inv } = await oneRunningContainer();
    eng.hold = true;
    eng.state.set(web.Id, withState(web, 'paused'));
    inv.apply({ kind: 'refresh', id: web.Id }, { action: 'pause', id: web.Id, time: 1 });
    // While that inspect is held, the container is unpaused and another event arrives.
    eng.state.set(web.Id, withState(web, 'running'));
    inv.apply({ kind: 'refresh', id: web.Id }, { action: 'unpause', id: web.Id, time: 2 });
    await tick();
    expect(eng.calls.filter((c) => c === web.Id).length).toBe(2); // one from reconcile, one in flight
    eng.hold = false;
    eng.release(); // the stale "paused" answer lands, then the re-read sees "running"
    await inv.idle();
    expect(eng.calls.filter((c) => c === web.Id).length).toBe(3);
    expect(inv.get(web.Id)?.state).toBe('running');
  });

  it('a destroy during an in-flight inspect does not resurrect the container', async () => {
    const { eng, web, inv } = await oneRunningContainer();
    eng.hold = true;
    inv.apply({ kind: 'refresh', id: web.Id });
    await tick(); // the inspect has read "running"; its answer is held
    eng.state.delete(web.Id);
    inv.apply({ kind: 'remove', id: web.Id });
    expect(inv.get(web.Id)).toBeUndefined();
    await tick();
    eng.hold = false;
    eng.release(); // the stale "running" answer lands, and the re-read finds it gone
    await inv.idle();
    expect(inv.get(web.Id)).toBeUndefined();
  });

  it('shows what an event says at once, before the inspect that confirms it answers', async () => {
    const { eng, web, inv } = await oneRunningContainer();
    const deltas: ContainerDelta[] = [];
    inv.subscribe((d) => deltas.push(d));
    eng.hold = true; // the engine is busy tearing the container down
    eng.state.set(web.Id, { ...withState(web, 'exited'), State: { ...web.State, Status: 'exited', ExitCode: 137 } });
    const die = { Type: 'container', Action: 'die', Actor: { ID: web.Id, Attributes: { exitCode: '137' } }, timeNano: 1.8e18 };
    inv.apply({ kind: 'refresh', id: web.Id }, { action: 'die', id: web.Id, time: 1.8e12 }, die);
    expect(inv.get(web.Id)).toMatchObject({ state: 'exited', exitCode: 137 });
    expect(deltas).toHaveLength(1);
    expect(deltas[0]!.cause).toMatchObject({ action: 'die' });
    await tick();
    eng.hold = false;
    eng.release();
    await inv.idle();
    expect(inv.get(web.Id)?.state).toBe('exited');
  });

  it('finds by name, full id and unique prefix, not by an ambiguous one', async () => {
    const eng = new RecordedEngine();
    const a = fixture('inspect-running-healthy-ports.json');
    const b = { ...fixture('inspect-exited.json'), Id: a.Id.slice(0, 6) + 'f'.repeat(58) };
    eng.state.set(a.Id, a);
    eng.state.set(b.Id, b);
    const inv = new ContainerInventory(eng);
    await inv.reconcile();
    expect(inv.find('fx-web')?.id).toBe(a.Id);
    expect(inv.find(a.Id)?.id).toBe(a.Id);
    expect(inv.find(a.Id.slice(0, 12))?.id).toBe(a.Id);
    expect(inv.find(a.Id.slice(0, 6))).toBeUndefined();
    expect(inv.find('nope')).toBeUndefined();
  });

  it('settled(id) waits for that container only', async () => {
    const { eng, web, inv } = await oneRunningContainer();
    eng.hold = true;
    inv.refresh(web.Id);
    let done = false;
    const waiting = inv.settled(web.Id).then(() => (done = true));
    await inv.settled('some-other-id'); // nothing pending for it: resolves at once
    await tick();
    expect(done).toBe(false);
    eng.hold = false;
    eng.release();
    await waiting;
    expect(done).toBe(true);
  });

  it('never has more inspects in flight than its limit', async () => {
    const eng = new RecordedEngine();
    const web = fixture('inspect-running-healthy-ports.json');
    for (let i = 0; i < 50; i++) {
      const id = i.toString(16).padStart(64, '0');
      eng.state.set(id, { ...web, Id: id, Name: `/c${i}` });
    }
    let inFlight = 0;
    let peak = 0;
    const limited: ContainerSource = {
      listIds: () => eng.listIds(),
      inspect: async (id) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 1));
        inFlight--;
        return eng.inspect(id);
      },
    };
    const inv = new ContainerInventory(limited, 4);
    await inv.reconcile();
    expect(inv.list().length).toBe(50);
    expect(peak).toBe(4);
  });
});
