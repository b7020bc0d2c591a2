/**
 * Where a container's counters live. The container's init process says which cgroup it is in
 * (`/proc/<pid>/cgroup`), and our own mount table says where each hierarchy is mounted
 * (`/proc/self/mountinfo`). This works for cgroup v1, v2 and the hybrid layout, for any
 * `--cgroup-parent`, both cgroup drivers and private engines, without guessing path patterns.
 */

/** One cgroup hierarchy as mounted here. */
export interface CgroupMount {
  version: 1 | 2;
  /** The part of the hierarchy this mount shows (`/` unless a sub-tree was bind-mounted). */
  root: string;
  mountPoint: string;
  /** v1 controllers on this hierarchy (`cpu`, `cpuacct`, `memory`…); empty for v2. */
  controllers: string[];
}

/** A process's cgroup memberships: v1 paths by controller, and its v2 path when there is one. */
export interface ProcCgroups {
  v1: Map<string, string>;
  v2?: string;
}

/** The directories holding one container's counters. */
export type CgroupDirs = { version: 1; cpuacct: string; memory: string; blkio?: string; pids?: string } | { version: 2; dir: string };

/** Mountinfo escapes spaces, tabs, newlines and backslashes as octal. */
function unescapeMount(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_m, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** The cgroup mounts of a `/proc/<pid>/mountinfo` text. */
export function parseMountinfo(text: string): CgroupMount[] {
  const mounts: CgroupMount[] = [];
  for (const line of text.split('\n')) {
    const sep = line.indexOf(' - ');
    if (sep < 0) continue;
    const left = line.slice(0, sep).split(' ');
    const right = line.slice(sep + 3).split(' ');
    const fstype = right[0];
    if ((fstype !== 'cgroup' && fstype !== 'cgroup2') || left.length < 5) continue;
    const root = unescapeMount(left[3]!);
    const mountPoint = unescapeMount(left[4]!);
    if (fstype === 'cgroup2') {
      mounts.push({ version: 2, root, mountPoint, controllers: [] });
      continue;
    }
    // v1: the controllers are among the super options, e.g. "rw,cpu,cpuacct" or "rw,name=systemd".
    const superOptions = (right[2] ?? '').split(',');
    const controllers = superOptions.filter((o) => o !== 'rw' && o !== 'ro' && !o.includes('=') && !o.startsWith('no'));
    mounts.push({ version: 1, root, mountPoint, controllers });
  }
  return mounts;
}

/** A `/proc/<pid>/cgroup` text: `hierarchy-id:controllers:path` per line. */
export function parseProcCgroup(text: string): ProcCgroups {
  const out: ProcCgroups = { v1: new Map() };
  for (const line of text.split('\n')) {
    const a = line.indexOf(':');
    const b = a < 0 ? -1 : line.indexOf(':', a + 1);
    if (b < 0) continue;
    const controllers = line.slice(a + 1, b);
    const path = line.slice(b + 1);
    if (line.slice(0, a) === '0' && controllers === '') out.v2 = path;
    else for (const c of controllers.split(',')) if (c) out.v1.set(c, path);
  }
  return out;
}

/** Joins a mount and a cgroup path; undefined when the cgroup lies outside what the mount shows. */
function under(mount: CgroupMount, path: string): string | undefined {
  const root = mount.root === '/' ? '' : mount.root;
  if (root && path !== root && !path.startsWith(root + '/')) return undefined;
  const rest = path.slice(root.length);
  return (mount.mountPoint + rest).replace(/\/+$/, '') || '/';
}

function v1Dir(mounts: CgroupMount[], procs: ProcCgroups, controller: string): string | undefined {
  const path = procs.v1.get(controller);
  if (path === undefined) return undefined;
  const mount = mounts.find((m) => m.version === 1 && m.controllers.includes(controller));
  return mount ? under(mount, path) : undefined;
}

/**
 * The directories of a process's counters. cgroup v1 is used when its cpu accounting and memory
 * controllers are mounted (v1 hosts, and hybrid hosts whose v2 tree holds no controllers of
 * interest); otherwise the v2 tree.
 */
export function resolveCgroupDirs(procs: ProcCgroups, mounts: CgroupMount[]): CgroupDirs | undefined {
  const cpuacct = v1Dir(mounts, procs, 'cpuacct');
  const memory = v1Dir(mounts, procs, 'memory');
  if (cpuacct !== undefined && memory !== undefined) {
    const blkio = v1Dir(mounts, procs, 'blkio');
    const pids = v1Dir(mounts, procs, 'pids');
    return { version: 1, cpuacct, memory, ...(blkio !== undefined ? { blkio } : {}), ...(pids !== undefined ? { pids } : {}) };
  }
  if (procs.v2 === undefined) return undefined;
  const v2 = mounts.find((m) => m.version === 2);
  const dir = v2 ? under(v2, procs.v2) : undefined;
  return dir === undefined ? undefined : { version: 2, dir };
}

/**
 * Whether the directories belong to this container. Every cgroup driver and parent Docker knows
 * names the container's cgroup after its id (`/docker/<id>`, `…/docker-<id>.scope`,
 * `<parent>/<id>`); a pid from another pid namespace, or reused by another process, would point
 * somewhere else, and then the engine's API is asked instead.
 */
export function dirsMatchContainer(dirs: CgroupDirs, id: string): boolean {
  const leaf = (p: string): string => p.slice(p.lastIndexOf('/') + 1);
  const names = dirs.version === 1 ? [dirs.cpuacct, dirs.memory] : [dirs.dir];
  return names.every((p) => leaf(p).includes(id));
}
