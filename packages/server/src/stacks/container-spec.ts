import type { ProjectModel, ServiceModel } from './compose-model.ts';
import { COMPOSE_VERSION } from './config-hash.ts';
import { nanoseconds, parseBytes, pyStr, shellSplit, timeparse, type Py, text } from './service-process.ts';

/** The labels docker compose 1.29 writes on a service's container: `docker compose ps` finds it by them. */
export const LABELS = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  number: 'com.docker.compose.container-number',
  oneoff: 'com.docker.compose.oneoff',
  version: 'com.docker.compose.version',
  hash: 'com.docker.compose.config-hash',
  workingDir: 'com.docker.compose.project.working_dir',
  configFiles: 'com.docker.compose.project.config_files',
  network: 'com.docker.compose.network',
  volume: 'com.docker.compose.volume',
} as const;

export function containerName(p: ProjectModel, s: ServiceModel, n: number): string {
  return typeof s.raw.container_name === 'string' ? s.raw.container_name : `${p.name}_${s.name}_${n}`;
}

export interface ContainerPlan {
  name: string;
  body: Record<string, unknown>;
  /** Networks connected after create, before start (the engine takes one at create on API 1.41). */
  more: [string, Record<string, unknown>][];
}

export interface SpecContext {
  number: number;
  hash: string;
  configFiles: string;
  /** Ids of the containers a `network_mode: service:x` / `volumes_from` names. */
  serviceContainer: (service: string) => string | undefined;
}

/** The Engine API create body docker compose 1.29 would send for this container. */
export function containerSpec(p: ProjectModel, s: ServiceModel, ctx: SpecContext): ContainerPlan {
  const o = s.options as Record<string, Py | undefined>;
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries((o.labels ?? {}) as Record<string, Py>)) labels[k] = v === null ? '' : pyStr(v);
  Object.assign(labels, {
    [LABELS.project]: p.name,
    [LABELS.service]: s.name,
    [LABELS.oneoff]: 'False',
    [LABELS.number]: text(ctx.number),
    [LABELS.version]: COMPOSE_VERSION,
    [LABELS.hash]: ctx.hash,
    [LABELS.workingDir]: p.workingDir,
    [LABELS.configFiles]: ctx.configFiles,
  });
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const port of s.ports) {
    const key = `${port.target}/${port.protocol ?? 'tcp'}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: port.external_ip ?? '', HostPort: port.published === null ? '' : text(port.published) });
  }
  for (const e of (o.expose ?? []) as Py[]) exposed[text(e).includes('/') ? text(e) : `${text(e)}/tcp`] = {};
  const binds: string[] = [];
  const anon: Record<string, object> = {};
  const mounts: Record<string, unknown>[] = [];
  for (const v of s.volumes) {
    if (v.kind === 'spec') {
      if (v.external) binds.push(`${v.external}:${v.internal}:${v.mode}`);
      else anon[v.internal] = {};
    } else {
      const opt = v.options ?? {};
      mounts.push({
        Type: v.type,
        ...(v.source ? { Source: v.source } : {}),
        Target: v.target,
        ReadOnly: Boolean(v.read_only),
        ...(v.consistency ? { Consistency: v.consistency } : {}),
        ...(v.type === 'volume' && opt.nocopy !== undefined ? { VolumeOptions: { NoCopy: Boolean(opt.nocopy) } } : {}),
        ...(v.type === 'bind' && opt.propagation !== undefined ? { BindOptions: { Propagation: text(opt.propagation) } } : {}),
        ...(v.type === 'tmpfs' && opt.size !== undefined ? { TmpfsOptions: { SizeBytes: parseBytes(opt.size) } } : {}),
      });
    }
  }
  const env = s.environment ? Object.entries(s.environment).map(([k, v]) => (v === null ? k : `${k}=${pyStr(v)}`)) : undefined;
  const hc = o.healthcheck as Record<string, Py> | undefined;
  const args = (v: Py | undefined): string[] | undefined =>
    v === undefined || v === null ? undefined : Array.isArray(v) ? v.map((x) => pyStr(x)) : shellSplit(text(v));
  const restart = o.restart as { Name: string; MaximumRetryCount: number } | undefined;
  let networkMode: string;
  const endpoints: [string, Record<string, unknown>][] = s.networks.map(([net, def]) => [
    net,
    {
      Aliases: [s.name, ...((def.aliases as string[] | undefined) ?? [])],
      ...(def.ipv4_address || def.ipv6_address
        ? {
            IPAMConfig: {
              ...(def.ipv4_address ? { IPv4Address: def.ipv4_address } : {}),
              ...(def.ipv6_address ? { IPv6Address: def.ipv6_address } : {}),
            },
          }
        : {}),
    },
  ]);
  if (s.networkMode.kind === 'service') {
    const id = ctx.serviceContainer(s.networkMode.service);
    networkMode = `container:${id ?? s.networkMode.service}`;
  } else if (s.networkMode.kind === 'mode') networkMode = s.networkMode.value;
  else networkMode = endpoints[0]?.[0] ?? 'none';
  const ulimits = o.ulimits as Record<string, number | { soft: number; hard: number }> | undefined;
  const stopGrace = o.stop_grace_period !== undefined ? timeparse(text(o.stop_grace_period)) : undefined;
  const hostConfig: Record<string, unknown> = {
    NetworkMode: networkMode,
    ...(binds.length ? { Binds: binds } : {}),
    ...(mounts.length ? { Mounts: mounts } : {}),
    ...(Object.keys(bindings).length ? { PortBindings: bindings } : {}),
    ...(restart ? { RestartPolicy: restart } : {}),
    ...(o.privileged !== undefined ? { Privileged: Boolean(o.privileged) } : {}),
    ...(o.read_only !== undefined ? { ReadonlyRootfs: Boolean(o.read_only) } : {}),
    ...(o.init !== undefined ? { Init: Boolean(o.init) } : {}),
    ...(o.cap_add ? { CapAdd: o.cap_add } : {}),
    ...(o.cap_drop ? { CapDrop: o.cap_drop } : {}),
    ...(o.devices ? { Devices: (o.devices as Py[]).map(device) } : {}),
    ...(o.dns ? { Dns: o.dns } : {}),
    ...(o.dns_search ? { DnsSearch: o.dns_search } : {}),
    ...(o.dns_opt ? { DnsOptions: o.dns_opt } : {}),
    ...(o.extra_hosts
      ? {
          ExtraHosts: Array.isArray(o.extra_hosts)
            ? o.extra_hosts
            : Object.entries(o.extra_hosts as object).map(([h, ip]) => `${h}:${text(ip)}`),
        }
      : {}),
    ...(o.sysctls ? { Sysctls: o.sysctls } : {}),
    ...(o.security_opt ? { SecurityOpt: (o.security_opt as [string, null][]).map((x) => x[0]) } : {}),
    ...(ulimits
      ? {
          Ulimits: Object.entries(ulimits).map(([Name, v]) =>
            typeof v === 'number' ? { Name, Soft: v, Hard: v } : { Name, Soft: v.soft, Hard: v.hard },
          ),
        }
      : {}),
    ...(o.pid !== undefined ? { PidMode: o.pid } : s.raw.pid !== undefined ? { PidMode: text(s.raw.pid) } : {}),
    ...(s.ipcMode ? { IpcMode: s.ipcMode } : {}),
    ...(s.raw.userns_mode !== undefined ? { UsernsMode: text(s.raw.userns_mode) } : {}),
    ...(s.raw.uts !== undefined ? { UTSMode: text(s.raw.uts) } : {}),
    ...(s.raw.cgroup !== undefined ? { CgroupnsMode: text(s.raw.cgroup) } : {}),
    ...(s.raw.cgroup_parent !== undefined ? { CgroupParent: text(s.raw.cgroup_parent) } : {}),
    ...(o.mem_limit !== undefined && o.mem_limit !== null ? { Memory: parseBytes(o.mem_limit) } : {}),
    ...(o.mem_reservation !== undefined && o.mem_reservation !== null ? { MemoryReservation: parseBytes(o.mem_reservation) } : {}),
    ...(o.memswap_limit !== undefined ? { MemorySwap: parseBytes(o.memswap_limit) } : {}),
    ...(o.cpus !== undefined
      ? { NanoCpus: Math.round(Number(typeof o.cpus === 'object' && o.cpus !== null && 'value' in o.cpus ? o.cpus.value : o.cpus) * 1e9) }
      : {}),
    ...(o.cpu_shares !== undefined ? { CpuShares: Number(o.cpu_shares) } : {}),
    ...(o.cpuset !== undefined ? { CpusetCpus: text(o.cpuset) } : {}),
    ...(o.shm_size !== undefined ? { ShmSize: parseBytes(o.shm_size) } : {}),
    ...(o.logging
      ? {
          LogConfig: {
            Type: (o.logging as { driver?: string }).driver ?? 'json-file',
            Config: (o.logging as { options?: object }).options ?? {},
          },
        }
      : {}),
    ...(o.group_add ? { GroupAdd: (o.group_add as Py[]).map(String) } : {}),
    ...(o.oom_score_adj !== undefined ? { OomScoreAdj: Number(o.oom_score_adj) } : {}),
    ...(o.pids_limit !== undefined ? { PidsLimit: Number(o.pids_limit) } : {}),
    ...(o.tmpfs
      ? {
          Tmpfs: Object.fromEntries(
            (o.tmpfs as string[]).map((t) => {
              const [path, opts = ''] = t.split(/:(.*)/s);
              return [path!, opts];
            }),
          ),
        }
      : {}),
    ...(s.volumesFrom.length ? { VolumesFrom: s.volumesFrom.map((v) => `${ctx.serviceContainer(v.service) ?? v.service}:${v.mode}`) } : {}),
  };
  const body: Record<string, unknown> = {
    name: containerName(p, s, ctx.number),
    Image: s.image,
    Labels: labels,
    ...(args(o.command) ? { Cmd: args(o.command) } : {}),
    ...(args(o.entrypoint) ? { Entrypoint: args(o.entrypoint) } : {}),
    ...(env ? { Env: env } : {}),
    ...(Object.keys(exposed).length ? { ExposedPorts: exposed } : {}),
    ...(Object.keys(anon).length ? { Volumes: anon } : {}),
    ...(o.hostname !== undefined ? { Hostname: text(o.hostname) } : {}),
    ...(o.domainname !== undefined ? { Domainname: text(o.domainname) } : {}),
    ...(o.user !== undefined ? { User: text(o.user) } : {}),
    ...(o.working_dir !== undefined ? { WorkingDir: text(o.working_dir) } : {}),
    ...(o.tty !== undefined ? { Tty: Boolean(o.tty) } : {}),
    ...(o.stdin_open !== undefined ? { OpenStdin: Boolean(o.stdin_open) } : {}),
    ...(o.stop_signal !== undefined ? { StopSignal: text(o.stop_signal) } : {}),
    ...(stopGrace !== undefined ? { StopTimeout: Math.ceil(stopGrace) } : {}),
    ...(o.mac_address !== undefined ? { MacAddress: text(o.mac_address) } : {}),
    ...(hc ? { Healthcheck: healthcheck(hc) } : {}),
    HostConfig: hostConfig,
    ...(s.networkMode.kind === 'networks' && endpoints[0]
      ? { NetworkingConfig: { EndpointsConfig: { [endpoints[0][0]]: endpoints[0][1] } } }
      : {}),
  };
  return { name: body.name as string, body, more: s.networkMode.kind === 'networks' ? endpoints.slice(1) : [] };
}

function healthcheck(hc: Record<string, Py>): Record<string, unknown> {
  const t = hc.test;
  return {
    Test: typeof t === 'string' ? ['CMD-SHELL', t] : t,
    ...(hc.interval !== undefined ? { Interval: nanoseconds(hc.interval) } : {}),
    ...(hc.timeout !== undefined ? { Timeout: nanoseconds(hc.timeout) } : {}),
    ...(hc.start_period !== undefined ? { StartPeriod: nanoseconds(hc.start_period) } : {}),
    ...(hc.retries !== undefined ? { Retries: Number(hc.retries) } : {}),
  };
}

function device(d: Py): Record<string, string> {
  const [host = '', inner = host, perms = 'rwm'] = text(d).split(':');
  return { PathOnHost: host, PathInContainer: inner, CgroupPermissions: perms };
}

/** Seconds to wait when stopping, from stop_grace_period (compose's default is 10). */
export function stopTimeout(s: ServiceModel): number {
  const g = s.raw.stop_grace_period;
  const t = g !== undefined ? timeparse(text(g)) : undefined;
  return t === undefined ? 10 : Math.ceil(t);
}
