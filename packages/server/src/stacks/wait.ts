import type { ContainerView } from '@phedds/shared';
import type { Engine } from '../engine/engine.ts';
import { containerOutcome, hasHealthcheck } from '../engine/compose.ts';
import type { ServiceModel } from './compose-model.ts';
import { nanoseconds } from './service-process.ts';

export class DependencyError extends Error {}

/**
 * Waits until a dependency's containers meet a `depends_on` condition, reading the console's
 * event-fed inventory (no engine polling): `service_started` (running), `service_healthy` (its
 * healthcheck says healthy; unhealthy or stopped fails at once), `service_completed_successfully`
 * (exited with 0). The deadline comes from the service's own healthcheck timing.
 */
export async function waitForCondition(engine: Engine, dep: ServiceModel, ids: string[], condition: string): Promise<void> {
  const deadline = Date.now() + conditionBudgetMs(dep, condition);
  const check = (c: ContainerView | undefined): string => {
    if (!c) return 'wait';
    switch (condition) {
      case 'service_healthy':
        if (c.health === 'healthy') return 'ok';
        if (c.health === 'unhealthy') return `"${dep.name}" is unhealthy`;
        if (c.state === 'exited' || c.state === 'dead')
          return `"${dep.name}" stopped (exit code ${c.exitCode ?? '?'}) before it was healthy`;
        return 'wait';
      case 'service_completed_successfully':
        if (c.state === 'exited' || c.state === 'dead')
          return c.exitCode === 0 ? 'ok' : `"${dep.name}" exited with code ${c.exitCode ?? '?'}`;
        return 'wait';
      default:
        if (c.state === 'running' || c.state === 'exited') return 'ok';
        return 'wait';
    }
  };
  if (condition === 'service_healthy') {
    for (const id of ids) {
      if (!(await hasHealthcheck(engine, id))) {
        throw new DependencyError(
          `"${dep.name}" has no healthcheck, so it can never be healthy; add one or use condition: service_started`,
        );
      }
    }
  }
  for (;;) {
    const results = ids.map((id) => check(engine.containers.get(id)));
    const bad = results.find((r) => r !== 'ok' && r !== 'wait');
    if (bad) {
      const o = await containerOutcome(engine, ids[0]!, true);
      throw new DependencyError(`${bad}${o.logTail ? `; its last output: ${o.logTail}` : ''}`);
    }
    if (results.every((r) => r === 'ok')) return;
    if (Date.now() > deadline)
      throw new DependencyError(`"${dep.name}" did not become ${condition.replace('service_', '').replace(/_/g, ' ')} in time`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function conditionBudgetMs(s: ServiceModel, condition: string): number {
  if (condition !== 'service_healthy') return condition === 'service_completed_successfully' ? 10 * 60_000 : 30_000;
  const hc = (s.raw.healthcheck ?? {}) as Record<string, unknown>;
  const ms = (v: unknown, dflt: number): number => (v === undefined ? dflt : (nanoseconds(v) ?? dflt * 1e6) / 1e6);
  const interval = ms(hc.interval, 30_000);
  const timeout = ms(hc.timeout, 30_000);
  const start = ms(hc.start_period, 0);
  const retries = Number(hc.retries ?? 3);
  return Math.max(30_000, start + (retries + 1) * (interval + timeout) + 10_000);
}

/** How long new containers must stay up before a deploy counts as done. */
export const SETTLE_MS = 1500;

/**
 * A container that starts and dies at once (a missing binary behind an init, a crash on start)
 * does not make `start` fail; it would leave a broken version running. Every new container must
 * therefore still run after SETTLE_MS, or have exited with 0 (a one-shot job); the first one that
 * exits otherwise, or keeps restarting, fails the deploy with its last output.
 */
export async function settle(engine: Engine, started: { id: string; service: string }[]): Promise<void> {
  if (started.length === 0) return;
  const until = Date.now() + SETTLE_MS;
  for (;;) {
    for (const { id, service } of started) {
      const c = engine.containers.get(id);
      if (!c) continue;
      const died = (c.state === 'exited' || c.state === 'dead') && c.exitCode !== 0;
      if (died || c.state === 'restarting') {
        const o = await containerOutcome(engine, id, true);
        throw Object.assign(
          new DependencyError(
            `${c.name} ${died ? `exited with code ${c.exitCode ?? '?'}` : 'keeps restarting'} right after it started${o.logTail ? `: ${o.logTail}` : ''}`,
          ),
          { service },
        );
      }
    }
    if (Date.now() >= until) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}
