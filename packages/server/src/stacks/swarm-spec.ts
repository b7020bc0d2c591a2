import type { ComposeIssue } from '@phedds/shared';
import { listOrDict, nanoseconds, parseBytes, parseLongPort, parseShortPort, pyStr, shellSplit, text } from './service-process.ts';

/** The label docker stack writes on everything of a stack: `docker stack ls/ps` read it. */
export const STACK_NAMESPACE_LABEL = 'com.docker.stack.namespace';

const SWARM_KEYS = new Set(
  `image command entrypoint environment labels ports volumes tmpfs healthcheck hostname user working_dir tty stdin_open
  read_only init stop_signal stop_grace_period cap_add cap_drop dns dns_search dns_opt extra_hosts sysctls ulimits deploy
  networks secrets configs logging privileged devices security_opt pid ipc network_mode userns_mode`.split(/\s+/),
);
/** What docker stack deploy ignores, said as a warning. */
const STACK_IGNORES = new Set([
  'build',
  'depends_on',
  'restart',
  'container_name',
  'scale',
  'links',
  'develop',
  'profiles',
  'pull_policy',
  'env_file',
]);

/** What a Swarm deploy cannot do with this file (errors), and what it will ignore (warnings). */
export function swarmIssues(data: Record<string, unknown>): ComposeIssue[] {
  const issues: ComposeIssue[] = [];
  for (const [svc, s] of Object.entries((data.services ?? {}) as Record<string, Record<string, unknown> | null>)) {
    for (const k of Object.keys(s ?? {})) {
      if (k.startsWith('x-') || SWARM_KEYS.has(k)) continue;
      const path = `services.${svc}.${k}`;
      if (STACK_IGNORES.has(k))
        issues.push({
          severity: 'warning',
          code: 'unsupported',
          message: `"${k}" is ignored on a Swarm, as docker stack deploy does.`,
          path,
        });
      else issues.push({ severity: 'error', code: 'unsupported', message: `"${k}" is not supported for Swarm deploys.`, path });
    }
    if (s && s.image === undefined)
      issues.push({ severity: 'error', code: 'reference', message: `Service "${svc}" needs an "image".`, path: `services.${svc}` });
    for (const k of ['privileged', 'devices', 'security_opt', 'pid', 'ipc', 'network_mode', 'userns_mode'] as const) {
      if (s?.[k] !== undefined)
        issues.push({
          severity: 'error',
          code: 'unsupported',
          message: `"${k}" cannot be set on a Swarm service.`,
          path: `services.${svc}.${k}`,
        });
    }
    for (const n of networkKeys(s)) {
      if (!Object.hasOwn(data.networks ?? {}, n) && n !== 'default') {
        issues.push({
          severity: 'error',
          code: 'reference',
          message: `Service "${svc}" uses the network "${n}", which is not defined under "networks".`,
          path: `services.${svc}.networks`,
        });
      }
    }
  }
  for (const section of ['configs', 'secrets'] as const) {
    for (const [name, v] of Object.entries((data[section] ?? {}) as Record<string, Record<string, unknown> | null>)) {
      if (v?.external) continue;
      if (v?.file === undefined && v?.content === undefined && v?.environment === undefined) {
        issues.push({
          severity: 'error',
          code: 'reference',
          message: `${section === 'configs' ? 'Config' : 'Secret'} "${name}" needs "file", "content", "environment" or "external".`,
          path: `${section}.${name}`,
        });
      }
    }
  }
  return issues;
}

function networkKeys(s: Record<string, unknown> | null | undefined): string[] {
  const n = s?.networks;
  if (n === undefined) return ['default'];
  return Array.isArray(n) ? n.map(String) : Object.keys(n as object);
}

export interface SwarmObject {
  key: string;
  name: string;
  external: boolean;
  spec: Record<string, unknown>;
}

export interface SwarmPlanInput {
  namespace: string;
  data: Record<string, unknown>;
  /** Reads a config/secret `file:` (checked by the policy); undefined when unreadable. */
  readFile: (path: string) => Buffer | undefined;
  vars: ReadonlyMap<string, string>;
}

export interface SwarmSpecs {
  networks: SwarmObject[];
  configs: SwarmObject[];
  secrets: SwarmObject[];
  services: { key: string; name: string; spec: Record<string, unknown> }[];
}

/** The file as docker stack deploy turns it into Swarm objects (cli/compose/convert). */
export function toSwarmSpecs(input: SwarmPlanInput): SwarmSpecs {
  const ns = input.namespace;
  const nsLabel = { [STACK_NAMESPACE_LABEL]: ns };
  const d = input.data;
  const used = new Set<string>();
  const services = (d.services ?? {}) as Record<string, Record<string, unknown>>;
  for (const s of Object.values(services)) for (const n of networkKeys(s)) used.add(n);
  const netDefs = (d.networks ?? {}) as Record<string, Record<string, unknown> | null>;
  const networks: SwarmObject[] = [...used].map((key) => {
    const def = netDefs[key] ?? {};
    const external = Boolean(def.external);
    const name = (def.name as string | undefined) ?? (external ? key : `${ns}_${key}`);
    return {
      key,
      name,
      external,
      spec: {
        Name: name,
        Driver: (def.driver as string | undefined) ?? 'overlay',
        ...(def.driver_opts ? { Options: def.driver_opts } : {}),
        Attachable: Boolean(def.attachable),
        Internal: Boolean(def.internal),
        Labels: { ...listOrDict(def.labels, ''), ...nsLabel },
      },
    };
  });
  const blobs = (section: 'configs' | 'secrets'): SwarmObject[] =>
    Object.entries((d[section] ?? {}) as Record<string, Record<string, unknown>>).map(([key, def]) => {
      const external = Boolean(def.external);
      const name = (def.name as string | undefined) ?? (external ? key : `${ns}_${key}`);
      let data: Buffer | undefined;
      if (typeof def.content === 'string') data = Buffer.from(def.content);
      else if (typeof def.environment === 'string') data = Buffer.from(input.vars.get(def.environment) ?? '');
      else if (typeof def.file === 'string') data = input.readFile(def.file);
      if (!external && data === undefined)
        throw new Error(`${section === 'configs' ? 'Config' : 'Secret'} "${key}": its file cannot be read.`);
      return {
        key,
        name,
        external,
        spec: { Name: name, Labels: { ...listOrDict(def.labels, ''), ...nsLabel }, Data: data?.toString('base64') ?? '' },
      };
    });
  const configs = blobs('configs');
  const secrets = blobs('secrets');
  const netByKey = new Map(networks.map((n) => [n.key, n.name]));
  const list = Object.entries(services).map(([key, s]) => {
    const deploy = (s.deploy ?? {}) as Record<string, unknown>;
    const name = `${ns}_${key}`;
    const env = listOrDict(s.environment, null);
    const hc = s.healthcheck as Record<string, unknown> | undefined;
    const res = (deploy.resources ?? {}) as Record<string, Record<string, unknown> | undefined>;
    const rp = deploy.restart_policy as Record<string, unknown> | undefined;
    const ports = ((s.ports as unknown[] | undefined) ?? []).flatMap((p, i) =>
      typeof p === 'object' && p !== null
        ? [{ ...parseLongPort(p as Record<string, unknown>), mode: (p as { mode?: string }).mode ?? 'ingress' }]
        : parseShortPort(p as string, ['ports', i]).map((x) => ({ ...x, mode: 'ingress' })),
    );
    const toArgs = (v: unknown): string[] | undefined =>
      v === undefined ? undefined : Array.isArray(v) ? v.map(String) : shellSplit(text(v));
    const ref = (section: 'configs' | 'secrets', objs: SwarmObject[]) =>
      ((s[section] as unknown[] | undefined) ?? []).map((r) => {
        const o = typeof r === 'string' ? { source: r } : (r as Record<string, unknown>);
        const obj = objs.find((x) => x.key === o.source);
        const target = (o.target as string | undefined) ?? (section === 'secrets' ? text(o.source) : `/${text(o.source)}`);
        return {
          [section === 'configs' ? 'ConfigName' : 'SecretName']: obj?.name ?? text(o.source),
          File: { Name: target, UID: text(o.uid ?? '0'), GID: text(o.gid ?? '0'), Mode: Number(o.mode ?? 0o444) },
        };
      });
    const spec: Record<string, unknown> = {
      Name: name,
      Labels: { ...listOrDict(deploy.labels, ''), 'com.docker.stack.image': text(s.image), ...nsLabel },
      TaskTemplate: {
        ContainerSpec: {
          Image: text(s.image),
          Labels: { ...listOrDict(s.labels, ''), ...nsLabel },
          ...(s.entrypoint !== undefined ? { Command: toArgs(s.entrypoint) } : {}),
          ...(s.command !== undefined ? { Args: toArgs(s.command) } : {}),
          ...(s.hostname !== undefined ? { Hostname: text(s.hostname) } : {}),
          ...(Object.keys(env).length
            ? {
                Env: Object.entries(env)
                  .map(([k, v]) => (v === null ? (input.vars.has(k) ? `${k}=${input.vars.get(k)}` : k) : `${k}=${v}`))
                  .sort(),
              }
            : {}),
          ...(s.working_dir !== undefined ? { Dir: text(s.working_dir) } : {}),
          ...(s.user !== undefined ? { User: text(s.user) } : {}),
          ...(s.tty !== undefined ? { TTY: Boolean(s.tty) } : {}),
          ...(s.stdin_open !== undefined ? { OpenStdin: Boolean(s.stdin_open) } : {}),
          ...(s.read_only !== undefined ? { ReadOnly: Boolean(s.read_only) } : {}),
          ...(s.init !== undefined ? { Init: Boolean(s.init) } : {}),
          ...(s.stop_signal !== undefined ? { StopSignal: text(s.stop_signal) } : {}),
          StopGracePeriod: s.stop_grace_period !== undefined ? nanoseconds(s.stop_grace_period) : 10_000_000_000,
          ...(hc ? { Healthcheck: healthcheck(hc) } : {}),
          ...(s.cap_add ? { CapabilityAdd: s.cap_add } : {}),
          ...(s.cap_drop ? { CapabilityDrop: s.cap_drop } : {}),
          ...(s.sysctls ? { Sysctls: listOrDict(s.sysctls, '') } : {}),
          ...(s.extra_hosts ? { Hosts: hosts(s.extra_hosts) } : {}),
          DNSConfig: {
            ...(s.dns ? { Nameservers: [s.dns].flat() } : {}),
            ...(s.dns_search ? { Search: [s.dns_search].flat() } : {}),
            ...(s.dns_opt ? { Options: s.dns_opt } : {}),
          },
          Mounts: mounts(s, ns, (d.volumes ?? {}) as Record<string, Record<string, unknown> | null>),
          Configs: ref('configs', configs),
          Secrets: ref('secrets', secrets),
        },
        Resources: {
          ...(res.limits
            ? {
                Limits: {
                  ...(res.limits.cpus !== undefined ? { NanoCPUs: Math.round(Number(res.limits.cpus) * 1e9) } : {}),
                  ...(res.limits.memory !== undefined ? { MemoryBytes: parseBytes(res.limits.memory) } : {}),
                },
              }
            : {}),
          ...(res.reservations
            ? {
                Reservations: {
                  ...(res.reservations.cpus !== undefined ? { NanoCPUs: Math.round(Number(res.reservations.cpus) * 1e9) } : {}),
                  ...(res.reservations.memory !== undefined ? { MemoryBytes: parseBytes(res.reservations.memory) } : {}),
                },
              }
            : {}),
        },
        RestartPolicy: {
          Condition: text(rp?.condition ?? 'any'),
          Delay: rp?.delay !== undefined ? nanoseconds(rp.delay) : 5_000_000_000,
          MaxAttempts: Number(rp?.max_attempts ?? 0),
          ...(rp?.window !== undefined ? { Window: nanoseconds(rp.window) } : {}),
        },
        Placement: placement(deploy.placement as Record<string, unknown> | undefined),
        Networks: networkKeys(s).map((k) => {
          const def =
            Array.isArray(s.networks) || s.networks === undefined
              ? undefined
              : ((s.networks as Record<string, Record<string, unknown> | null>)[k] ?? undefined);
          return { Target: netByKey.get(k) ?? k, Aliases: [key, ...((def?.aliases as string[] | undefined) ?? [])] };
        }),
        ...(s.logging
          ? {
              LogDriver: {
                Name: (s.logging as { driver?: string }).driver ?? 'json-file',
                Options: (s.logging as { options?: object }).options ?? {},
              },
            }
          : {}),
      },
      Mode: deploy.mode === 'global' ? { Global: {} } : { Replicated: { Replicas: Number(deploy.replicas ?? 1) } },
      EndpointSpec: {
        Mode: text(deploy.endpoint_mode ?? 'vip'),
        Ports: ports.map((p) => ({
          Protocol: p.protocol ?? 'tcp',
          TargetPort: p.target,
          ...(p.published !== null ? { PublishedPort: Number(p.published) } : {}),
          PublishMode: p.mode ?? 'ingress',
        })),
      },
    };
    return { key, name, spec };
  });
  return { networks, configs, secrets, services: list };
}

function healthcheck(hc: Record<string, unknown>): Record<string, unknown> {
  if (hc.disable) return { Test: ['NONE'] };
  const t = hc.test;
  return {
    Test: typeof t === 'string' ? ['CMD-SHELL', t] : t,
    ...(hc.interval !== undefined ? { Interval: nanoseconds(hc.interval) } : {}),
    ...(hc.timeout !== undefined ? { Timeout: nanoseconds(hc.timeout) } : {}),
    ...(hc.start_period !== undefined ? { StartPeriod: nanoseconds(hc.start_period) } : {}),
    ...(hc.retries !== undefined ? { Retries: Number(hc.retries) } : {}),
  };
}

function hosts(v: unknown): string[] {
  // The engine wants "IP host" (the order of /etc/hosts), compose writes "host:IP".
  const entries = Array.isArray(v)
    ? v.map(
        (e) =>
          text(e)
            .split(/[:=](.*)/s)
            .slice(0, 2) as [string, string],
      )
    : Object.entries(v as Record<string, string>);
  return entries.map(([h, ip]) => `${pyStr(ip)} ${h}`);
}

function placement(p: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!p) return {};
  return {
    ...(p.constraints ? { Constraints: p.constraints } : {}),
    ...(p.preferences
      ? { Preferences: (p.preferences as { spread: string }[]).map((x) => ({ Spread: { SpreadDescriptor: x.spread } })) }
      : {}),
    ...(p.max_replicas_per_node !== undefined ? { MaxReplicas: Number(p.max_replicas_per_node) } : {}),
  };
}

function mounts(s: Record<string, unknown>, ns: string, defs: Record<string, Record<string, unknown> | null>): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const v of (s.volumes as unknown[] | undefined) ?? []) {
    let type: string;
    let source: string | undefined;
    let target: string;
    let readOnly = false;
    if (typeof v === 'string') {
      const parts = v.split(':');
      if (parts.length === 1) [type, target] = ['volume', parts[0]!];
      else {
        source = parts[0]!;
        target = parts[1]!;
        readOnly = parts[2]?.split(',').includes('ro') ?? false;
        type = /^[./~]/.test(source) ? 'bind' : 'volume';
      }
    } else {
      const m = v as Record<string, unknown>;
      type = text(m.type);
      source = m.source as string | undefined;
      target = text(m.target);
      readOnly = Boolean(m.read_only);
    }
    if (type === 'volume' && source) {
      const def = defs[source];
      source = (def?.name as string | undefined) ?? (def?.external ? source : `${ns}_${source}`);
      out.push({
        Type: 'volume',
        Source: source,
        Target: target,
        ReadOnly: readOnly,
        VolumeOptions: { Labels: { [STACK_NAMESPACE_LABEL]: ns } },
      });
    } else out.push({ Type: type, ...(source ? { Source: source } : {}), Target: target, ReadOnly: readOnly });
  }
  for (const t of [s.tmpfs ?? []].flat()) out.push({ Type: 'tmpfs', Target: text(t) });
  return out;
}
