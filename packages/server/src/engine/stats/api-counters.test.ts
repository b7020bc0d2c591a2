import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countersFromApi, type EngineStatsJson } from './api-counters.ts';

describe("the engine's one-shot stats", () => {
  it('reads the same counters as the cgroup files (recorded, cgroup v1)', () => {
    const j = JSON.parse(readFileSync(new URL('./fixtures/api-stats-v1.json', import.meta.url), 'utf8')) as EngineStatsJson;
    expect(countersFromApi(5, j)).toEqual({
      at: 5,
      cpuNs: 127_650_984,
      memUsage: 51_019_776,
      memLimit: 25_276_063_744,
      memInactiveFile: 20_480,
      memCache: 49_336_320,
      netRx: 656,
      netTx: 0,
      blkRead: 0,
      blkWrite: 0,
      pids: 1,
    });
  });

  it('reads the cgroup v2 flavour (lower-case ops, file instead of cache)', () => {
    const c = countersFromApi(0, {
      cpu_stats: { cpu_usage: { total_usage: 10 } },
      memory_stats: { usage: 100, limit: 1000, stats: { inactive_file: 20, file: 30 } },
      networks: { eth0: { rx_bytes: 1, tx_bytes: 2 }, eth1: { rx_bytes: 3, tx_bytes: 4 } },
      blkio_stats: {
        io_service_bytes_recursive: [
          { op: 'read', value: 7 },
          { op: 'write', value: 9 },
          { op: 'read', value: 1 },
        ],
      },
      pids_stats: { current: 3 },
    });
    expect(c).toEqual({
      at: 0,
      cpuNs: 10,
      memUsage: 100,
      memLimit: 1000,
      memInactiveFile: 20,
      memCache: 30,
      netRx: 4,
      netTx: 6,
      blkRead: 8,
      blkWrite: 9,
      pids: 3,
    });
  });

  it('leaves out what a stopped container does not report', () => {
    expect(countersFromApi(1, { blkio_stats: { io_service_bytes_recursive: null }, memory_stats: {} })).toEqual({ at: 1 });
  });
});
