import type { Role } from '@phedds/shared';

/**
 * A mount as the engine's `HostConfig.Mounts` (`Type`, `Source`…) or a compose service's long
 * `volumes:` syntax (`type`, `source`…) spells it. Both spellings are read.
 */
export interface MountLike {
  Type?: string;
  Source?: string;
  VolumeOptions?: { DriverConfig?: { Name?: string; Options?: Record<string, string> } };
  type?: string;
  source?: string;
  volume?: { driver_opts?: Record<string, string> };
}

/** A named volume the request would create, with its driver options (compose top-level `volumes:`). */
export interface VolumeDefinition {
  name: string;
  driver?: string;
  driver_opts?: Record<string, string>;
}

/**
 * What a container create (engine API body) or a compose service asks for, in either spelling.
 * Give the request *after* normalisation (anchors, merges, `extends` and variables resolved): the
 * check reads exactly what would be sent to the engine. Unknown fields are ignored; every field
 * that can reach the host is read in both spellings, so a caller may pass an engine body, a compose
 * service, or one object holding both.
 */
export interface CreateRequest {
  /** Engine API container-create `HostConfig`. */
  HostConfig?: {
    Binds?: string[] | null;
    Mounts?: MountLike[] | null;
    Privileged?: boolean;
    PidMode?: string;
    IpcMode?: string;
    NetworkMode?: string;
    UsernsMode?: string;
    UTSMode?: string;
    CgroupnsMode?: string;
    CapAdd?: string[] | null;
    Devices?: unknown[] | null;
    DeviceRequests?: unknown[] | null;
    DeviceCgroupRules?: string[] | null;
    Sysctls?: Record<string, string> | null;
    SecurityOpt?: string[] | null;
    VolumesFrom?: string[] | null;
  };
  /** Compose service fields. */
  volumes?: (string | MountLike)[];
  privileged?: boolean;
  pid?: string;
  ipc?: string;
  network_mode?: string;
  userns_mode?: string;
  uts?: string;
  cgroup?: string;
  cap_add?: string[];
  devices?: unknown[];
  device_cgroup_rules?: string[];
  gpus?: unknown;
  sysctls?: Record<string, string> | string[];
  security_opt?: string[];
  volumes_from?: string[];
  /** Named volumes this request defines (compose top-level `volumes:`), checked for bind options. */
  volumeDefinitions?: VolumeDefinition[];
}

/** One reason a request is refused: `field` in the request's own spelling, `problem` for a person. */
export interface PolicyViolation {
  field: string;
  problem: string;
}

export type CreatePolicyResult = { allowed: true } | { allowed: false; violations: PolicyViolation[]; message: string };

/**
 * The host path a `src:dst[:opts]` spec (engine `Binds`, compose short `volumes:`) mounts, or
 * undefined when its source is a volume name, or when it is a lone container path (an anonymous volume).
 */
function hostSource(spec: string): string | undefined {
  const win = /^([A-Za-z]:[\\/][^:]*|\\\\[^:]*):/.exec(spec);
  if (win) return win[1];
  const parts = spec.split(':');
  if (parts.length < 2) return undefined;
  const src = parts[0] ?? '';
  // Absolute, relative (compose resolves `.` against the project folder) or home-relative.
  return /^(\/|\.|~)/.test(src) ? src : undefined;
}

/** The local driver's `o=bind` (or `type=none` with a device) turns a "volume" into a bind mount. */
function bindingDriverOpts(opts: Record<string, string> | undefined): string | undefined {
  if (!opts) return undefined;
  const o = Object.entries(opts).find(([k]) => k.toLowerCase() === 'o')?.[1];
  if (o !== undefined && o.split(',').some((x) => ['bind', 'rbind'].includes(x.trim().toLowerCase()))) return `o=${o}`;
  const type = Object.entries(opts).find(([k]) => k.toLowerCase() === 'type')?.[1];
  if (type !== undefined && type.trim().toLowerCase() === 'none') return `type=${type}`;
  return undefined;
}

const nonEmpty = (v: unknown): boolean =>
  v !== undefined &&
  v !== null &&
  v !== false &&
  (!Array.isArray(v) || v.length > 0) &&
  (typeof v !== 'object' || Object.keys(v).length > 0);

/** Security options that only take rights away. */
const HARMLESS_SECURITY_OPT = /^no-new-privileges(?:[:=]true)?$/;

function mountViolation(m: MountLike, field: string, out: PolicyViolation[]): void {
  const type = (m.Type ?? m.type ?? '').toLowerCase();
  if (type === 'bind' || type === 'npipe') {
    out.push({ field, problem: `mounts the host path "${m.Source ?? m.source ?? ''}" (type ${type})` });
    return;
  }
  const bind = bindingDriverOpts(m.VolumeOptions?.DriverConfig?.Options ?? m.volume?.driver_opts);
  if (bind) out.push({ field, problem: `a volume with driver option ${bind} is a bind mount of the host` });
}

/**
 * SECURITY item 6: may `role` create what `req` describes? Admins may create anything. Operators
 * may not reach the host: no bind mounts (`Binds` host paths, `Mounts`/`volumes` of type bind,
 * volumes whose driver options say `o=bind`), no privileged mode, no host pid/ipc/network/userns/uts/
 * cgroup namespaces, no added capabilities, devices, sysctls, security options (but
 * `no-new-privileges`), and no `VolumesFrom` (it could inherit another container's bind mounts).
 * Viewers may create nothing.
 *
 * Call it on every path that creates or updates a container or a service (container create,
 * compose deploy per service plus its volume definitions, swarm service create/update), on the
 * normalised request, and refuse the whole request when any part is refused.
 *
 * @returns `{allowed: true}`, or every violation (field in the request's own spelling, problem for a
 * person) and one `message` that lists them and says what to do.
 */
export function checkCreatePolicy(role: Role, req: CreateRequest): CreatePolicyResult {
  if (role === 'admin') return { allowed: true };
  if (role === 'viewer') {
    const violations = [{ field: 'role', problem: 'viewers cannot create or change containers' }];
    return { allowed: false, violations, message: 'Your role (viewer) is read-only: ask an operator or an admin to do this.' };
  }
  const v: PolicyViolation[] = [];
  const hc = req.HostConfig ?? {};

  (hc.Binds ?? []).forEach((b, i) => {
    const src = hostSource(b);
    if (src !== undefined) v.push({ field: `HostConfig.Binds[${i}]`, problem: `bind-mounts the host path "${src}"` });
  });
  (hc.Mounts ?? []).forEach((m, i) => mountViolation(m, `HostConfig.Mounts[${i}]`, v));
  (req.volumes ?? []).forEach((vol, i) => {
    if (typeof vol !== 'string') return mountViolation(vol, `volumes[${i}]`, v);
    const src = hostSource(vol);
    if (src !== undefined) v.push({ field: `volumes[${i}]`, problem: `bind-mounts the host path "${src}"` });
  });
  (req.volumeDefinitions ?? []).forEach((d) => {
    const bind = bindingDriverOpts(d.driver_opts);
    if (bind)
      v.push({ field: `volumes.${d.name}.driver_opts`, problem: `driver option ${bind} makes this volume a bind mount of the host` });
  });

  if (hc.Privileged === true) v.push({ field: 'HostConfig.Privileged', problem: 'privileged mode gives full access to the host' });
  if (req.privileged === true) v.push({ field: 'privileged', problem: 'privileged mode gives full access to the host' });

  const namespaces: [string, string | undefined][] = [
    ['HostConfig.PidMode', hc.PidMode],
    ['HostConfig.IpcMode', hc.IpcMode],
    ['HostConfig.NetworkMode', hc.NetworkMode],
    ['HostConfig.UsernsMode', hc.UsernsMode],
    ['HostConfig.UTSMode', hc.UTSMode],
    ['HostConfig.CgroupnsMode', hc.CgroupnsMode],
    ['pid', req.pid],
    ['ipc', req.ipc],
    ['network_mode', req.network_mode],
    ['userns_mode', req.userns_mode],
    ['uts', req.uts],
    ['cgroup', req.cgroup],
  ];
  for (const [field, mode] of namespaces) {
    if (mode !== undefined && mode.trim().toLowerCase() === 'host') v.push({ field, problem: "uses the host's namespace" });
  }

  const lists: [string, unknown, string][] = [
    ['HostConfig.CapAdd', hc.CapAdd, 'adds kernel capabilities'],
    ['cap_add', req.cap_add, 'adds kernel capabilities'],
    ['HostConfig.Devices', hc.Devices, "passes the host's devices in"],
    ['HostConfig.DeviceRequests', hc.DeviceRequests, "passes the host's devices (GPUs) in"],
    ['HostConfig.DeviceCgroupRules', hc.DeviceCgroupRules, "opens the host's devices"],
    ['devices', req.devices, "passes the host's devices in"],
    ['device_cgroup_rules', req.device_cgroup_rules, "opens the host's devices"],
    ['gpus', req.gpus, "passes the host's GPUs in"],
    ['HostConfig.Sysctls', hc.Sysctls, 'sets kernel parameters (sysctls)'],
    ['sysctls', req.sysctls, 'sets kernel parameters (sysctls)'],
    ['HostConfig.VolumesFrom', hc.VolumesFrom, "takes another container's mounts, which may reach the host"],
    ['volumes_from', req.volumes_from, "takes another container's mounts, which may reach the host"],
  ];
  for (const [field, value, problem] of lists) if (nonEmpty(value)) v.push({ field, problem });

  const secOpts: [string, string[] | null | undefined][] = [
    ['HostConfig.SecurityOpt', hc.SecurityOpt],
    ['security_opt', req.security_opt],
  ];
  for (const [field, opts] of secOpts) {
    (opts ?? []).forEach((o, i) => {
      if (!HARMLESS_SECURITY_OPT.test(o.trim())) v.push({ field: `${field}[${i}]`, problem: `changes the security profile ("${o}")` });
    });
  }

  if (v.length === 0) return { allowed: true };
  const list = v.map((x) => `${x.field} ${x.problem}`).join('; ');
  return {
    allowed: false,
    violations: v,
    message: `Only an admin may do this, because it reaches the host: ${list}. Remove ${v.length === 1 ? 'it' : 'them'}, or ask an admin.`,
  };
}
