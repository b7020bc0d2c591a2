import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dirsMatchContainer, parseMountinfo, parseProcCgroup, resolveCgroupDirs } from './cgroup-paths.ts';

const fx = (p: string): string => readFileSync(new URL(`./fixtures/${p}`, import.meta.url), 'latin1');
const V1_ID = 'bd62b30d43590f5bb549f9e178dd66c951c172836923678155d6e13e31be844e';
const V2_ID = '4b3c2a1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b';

describe('finding a container cgroup', () => {
  it('uses the v1 controllers on a hybrid host (recorded here: v2 holds no controller)', () => {
    const mounts = parseMountinfo(fx('cgroup-v1/mountinfo'));
    expect(mounts.find((m) => m.mountPoint === '/sys/fs/cgroup/cpuacct')?.controllers).toEqual(['cpuacct']);
    expect(mounts.find((m) => m.version === 2)?.mountPoint).toBe('/sys/fs/cgroup/unified');
    const procs = parseProcCgroup(fx('cgroup-v1/proc-pid-cgroup'));
    expect(procs.v2).toBe(`/docker/${V1_ID}`);
    const dirs = resolveCgroupDirs(procs, mounts);
    expect(dirs).toEqual({
      version: 1,
      cpuacct: `/sys/fs/cgroup/cpuacct/docker/${V1_ID}`,
      memory: `/sys/fs/cgroup/memory/docker/${V1_ID}`,
      blkio: `/sys/fs/cgroup/blkio/docker/${V1_ID}`,
      pids: `/sys/fs/cgroup/pids/docker/${V1_ID}`,
    });
    expect(dirsMatchContainer(dirs!, V1_ID)).toBe(true);
    expect(dirsMatchContainer(dirs!, V2_ID)).toBe(false);
  });

  it('handles controllers mounted together (cpu,cpuacct) as most v1 hosts do', () => {
    const mounts = parseMountinfo(
      '30 25 0:26 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid - cgroup cgroup rw,cpu,cpuacct\n31 25 0:27 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n',
    );
    const procs = parseProcCgroup('4:cpu,cpuacct:/custom/parent/abc\n3:memory:/custom/parent/abc\n0::/\n');
    expect(resolveCgroupDirs(procs, mounts)).toEqual({
      version: 1,
      cpuacct: '/sys/fs/cgroup/cpu,cpuacct/custom/parent/abc',
      memory: '/sys/fs/cgroup/memory/custom/parent/abc',
    });
  });

  it('uses the unified tree on a v2 host, systemd driver or cgroupfs driver', () => {
    const mounts = parseMountinfo(fx('cgroup-v2/mountinfo'));
    const systemd = resolveCgroupDirs(parseProcCgroup(fx('cgroup-v2/proc-pid-cgroup')), mounts);
    expect(systemd).toEqual({ version: 2, dir: `/sys/fs/cgroup/system.slice/docker-${V2_ID}.scope` });
    expect(dirsMatchContainer(systemd!, V2_ID)).toBe(true);
    const cgroupfs = resolveCgroupDirs(parseProcCgroup(fx('cgroup-v2/proc-pid-cgroup-cgroupfs')), mounts);
    expect(cgroupfs).toEqual({ version: 2, dir: `/sys/fs/cgroup/docker/${V2_ID}` });
  });

  it('maps through a mount that shows only a sub-tree, and refuses paths outside it', () => {
    const mounts = parseMountinfo('40 30 0:40 /docker /mnt/cg rw - cgroup2 cgroup2 rw\n');
    expect(resolveCgroupDirs(parseProcCgroup('0::/docker/abc\n'), mounts)).toEqual({ version: 2, dir: '/mnt/cg/abc' });
    expect(resolveCgroupDirs(parseProcCgroup('0::/other/abc\n'), mounts)).toBeUndefined();
  });

  it('unescapes mount points with spaces', () => {
    const [m] = parseMountinfo('40 30 0:40 / /mnt/my\\040cgroups rw - cgroup2 cgroup2 rw\n');
    expect(m?.mountPoint).toBe('/mnt/my cgroups');
  });

  it('finds nothing without a matching mount', () => {
    expect(resolveCgroupDirs(parseProcCgroup('0::/docker/abc\n'), [])).toBeUndefined();
    expect(resolveCgroupDirs(parseProcCgroup(''), parseMountinfo(fx('cgroup-v1/mountinfo')))).toBeUndefined();
  });
});
