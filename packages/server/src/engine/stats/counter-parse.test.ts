import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  countersV1,
  countersV2,
  flatKey,
  parseBlkioV1,
  parseIoStatV2,
  parseMeminfo,
  parseNetDev,
  parseProcStat,
  parseSingle,
  type V1Texts,
  type V2Texts,
} from './counter-parse.ts';

const fx = (p: string): string => readFileSync(new URL(`./fixtures/${p}`, import.meta.url), 'latin1');

describe('cgroup v1 files (recorded on this host)', () => {
  const texts: V1Texts = {
    'cpuacct.usage': fx('cgroup-v1/cpuacct.usage'),
    'memory.usage_in_bytes': fx('cgroup-v1/memory.usage_in_bytes'),
    'memory.limit_in_bytes': fx('cgroup-v1/memory.limit_in_bytes'),
    'memory.stat': fx('cgroup-v1/memory.stat'),
    'blkio.throttle.io_service_bytes_recursive': fx('cgroup-v1/blkio.throttle.io_service_bytes_recursive'),
    'pids.current': fx('cgroup-v1/pids.current'),
  };

  it('reads every counter', () => {
    expect(countersV1(7, texts, fx('proc/net-dev'))).toEqual({
      at: 7,
      cpuNs: 127_650_984,
      memUsage: 51_019_776,
      memLimit: 9_223_372_036_854_771_712,
      memInactiveFile: 20_480,
      memCache: 49_336_320,
      netRx: 656,
      netTx: 0,
      blkRead: 0,
      blkWrite: 0,
      pids: 1,
    });
  });

  it('leaves out what is missing instead of reporting zero', () => {
    const c = countersV1(1, { 'cpuacct.usage': '5\n' });
    expect(c).toEqual({ at: 1, cpuNs: 5 });
  });

  it('sums the blkio lines of every device, by operation', () => {
    const text = '8:0 Read 4096\n8:0 Write 8192\n8:0 Sync 100\n8:0 Async 0\n8:0 Total 12288\n8:16 Read 1\n8:16 Write 2\nTotal 12291\n';
    expect(parseBlkioV1(text)).toEqual({ read: 4097, write: 8194 });
    expect(parseBlkioV1('Total 0\n')).toEqual({ read: 0, write: 0 });
  });
});

describe('cgroup v2 files (kernel-documented formats)', () => {
  const texts: V2Texts = {
    'cpu.stat': fx('cgroup-v2/cpu.stat'),
    'memory.current': fx('cgroup-v2/memory.current'),
    'memory.max': fx('cgroup-v2/memory.max'),
    'memory.stat': fx('cgroup-v2/memory.stat'),
    'io.stat': fx('cgroup-v2/io.stat'),
    'pids.current': fx('cgroup-v2/pids.current'),
  };

  it('reads every counter, CPU from microseconds', () => {
    expect(countersV2(3, texts, fx('proc/net-dev'))).toEqual({
      at: 3,
      cpuNs: 8_342_156_000,
      memUsage: 157_286_400,
      memLimit: 536_870_912,
      memInactiveFile: 41_943_040,
      memCache: 50_331_648,
      netRx: 656,
      netTx: 0,
      blkRead: 1_459_200 + 90_430_464,
      blkWrite: 314_773_504 + 299_008_000,
      pids: 12,
    });
  });

  it('reads memory.max "max" as no limit', () => {
    expect(countersV2(0, { ...texts, 'memory.max': fx('cgroup-v2/memory.max-unlimited') }).memLimit).toBeUndefined();
  });

  it('sums io.stat over devices, ignoring other keys', () => {
    expect(parseIoStatV2('8:0 rbytes=10 wbytes=20 rios=1 wios=2 dbytes=5 dios=1\n')).toEqual({ read: 10, write: 20 });
    expect(parseIoStatV2('')).toEqual({ read: 0, write: 0 });
  });
});

describe('small parsers', () => {
  it('reads single-number files and refuses junk', () => {
    expect(parseSingle('42\n')).toBe(42);
    expect(parseSingle('max\n')).toBeUndefined();
    expect(parseSingle('')).toBeUndefined();
  });

  it('finds keys of flat-keyed files exactly, wherever they are', () => {
    const text = 'cache 1\ntotal_cache 2\ninactive_file 3\ntotal_inactive_file 4\n';
    expect(flatKey(text, 'cache')).toBe(1);
    expect(flatKey(text, 'total_cache')).toBe(2);
    expect(flatKey(text, 'inactive_file')).toBe(3);
    expect(flatKey(text, 'total_inactive_file')).toBe(4);
    expect(flatKey(text, 'file')).toBeUndefined();
    expect(flatKey('usage_usec 9', 'usage_usec')).toBe(9);
  });

  it('sums net/dev over interfaces without loopback', () => {
    const text = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo: 1000 10 0 0 0 0 0 0 1000 10 0 0 0 0 0 0
  eth0: 200 2 0 0 0 0 0 0 300 3 0 0 0 0 0 0
  eth1: 5 1 0 0 0 0 0 0 7 1 0 0 0 0 0 0
`;
    expect(parseNetDev(text)).toEqual({ rx: 205, tx: 307 });
    expect(parseNetDev(text.split('\n').slice(0, 3).join('\n'))).toEqual({ rx: 0, tx: 0 }); // only lo: network none
    expect(parseNetDev('')).toBeUndefined();
  });

  it('reads the host CPU times and memory', () => {
    const stat = parseProcStat(fx('proc/stat'));
    expect(stat?.cpus).toBe(2);
    expect(stat!.total).toBeGreaterThan(stat!.idle);
    expect(parseProcStat('cpu  10 0 10 70 10 0 0 0 5 0\ncpu0 1 2 3 4\n')).toEqual({ total: 100, idle: 80, cpus: 1 });
    expect(parseProcStat('intr 1 2 3')).toBeUndefined();
    const mem = parseMeminfo(fx('proc/meminfo'));
    expect(mem.total).toBe(24_683_656 * 1024);
    expect(mem.available).toBeGreaterThan(0);
    expect(mem.available).toBeLessThan(mem.total!);
  });
});
