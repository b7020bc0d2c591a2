import type { HostInfo } from '@phedds/shared';
import type { Engine } from '../engine.ts';
import type { EngineStatsJson } from './api-counters.ts';
import { StatsSampler, type SamplerMode } from './sampler.ts';

/** `PHEDDS_STATS_SOURCE=auto|cgroup|api` chooses where figures come from (default auto). */
export function samplerModeFrom(env: NodeJS.ProcessEnv = process.env): SamplerMode {
  const v = env.PHEDDS_STATS_SOURCE;
  return v === 'cgroup' || v === 'api' ? v : 'auto';
}

/** The resource sampler of one engine, reading the engine's inventory and asking it what files cannot tell. */
export function createStatsSampler(engine: Engine, mode: SamplerMode = samplerModeFrom()): StatsSampler {
  const sampler = new StatsSampler(
    {
      containers: () =>
        engine.containers
          .list()
          .filter((c) => c.state === 'running' || c.state === 'paused')
          .map((c) => ({
            id: c.id,
            ...(c.startedAt !== undefined ? { startedAt: c.startedAt } : {}),
            hostNetwork: c.networks.includes('host'),
          })),
      pid: async (id) => {
        try {
          const j = await engine.docker.getContainer(id).inspect();
          return j.State.Running || j.State.Paused ? j.State.Pid : undefined;
        } catch (err) {
          if ((err as { statusCode?: number }).statusCode === 404) return undefined;
          throw err;
        }
      },
      // The engine's JSON has more than the typed subset the mapper reads.
      apiStats: async (id): Promise<EngineStatsJson> => await engine.docker.getContainer(id).stats({ stream: false, 'one-shot': true }),
      hostInfo: async (): Promise<HostInfo> => {
        const i = (await engine.docker.info()) as { NCPU?: number; MemTotal?: number };
        return { cpus: Number(i.NCPU) || 1, memTotal: Number(i.MemTotal) || 0 };
      },
    },
    { local: engine.address.startsWith('unix://'), mode },
  );
  // A removed container leaves the history at once; a stopped one keeps its past until it ages out.
  engine.containers.subscribe((d) => {
    for (const id of d.remove) sampler.forget(id);
  });
  return sampler;
}
