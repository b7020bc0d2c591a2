import type { ComposeIssue } from '@phedds/shared';
import {
  isNamedVolume,
  listOrDict,
  nanoseconds,
  parseLongPort,
  parseShortPort,
  parseVolume,
  ProcessError,
  PyFloat,
  expandPath,
  type Py,
  type ServicePort,
  type VolumeEntry,
  text,
} from './service-process.ts';

/** A network or volume of the file, under the name the engine knows it by. */
export interface ResourceDef {
  key: string;
  /** `<project>_<key>`, or its `name:`, or the external name. */
  name: string;
  external: boolean;
  raw: Record<string, unknown>;
}

export type NetworkModeRef = { kind: 'networks' } | { kind: 'service'; service: string } | { kind: 'mode'; value: string };

export interface ServiceModel {
  name: string;
  /** The service as written (variables interpolated): swarm deploys and diffs read this. */
  raw: Record<string, unknown>;
  /** docker-compose 1.29's `Service.options`: the config hash is computed from it. */
  options: Record<string, Py>;
  image?: string;
  scale: number;
  dependsOn: Record<string, { condition: string }>;
  /** True network name → endpoint settings, in compose's order (first is the primary network). */
  networks: [string, Record<string, unknown>][];
  networkMode: NetworkModeRef;
  /** The `net` of the hash: the primary network's name, the mode, or the service shared. */
  net: string | null;
  ipcMode: string | null;
  volumes: VolumeEntry[];
  ports: ServicePort[];
  environment?: Record<string, Py>;
  volumesFrom: { service: string; mode: string }[];
}

export interface ProjectModel {
  name: string;
  workingDir: string;
  /** In dependency order: a service comes after everything it depends on. */
  services: ServiceModel[];
  networks: Map<string, ResourceDef>;
  volumes: Map<string, ResourceDef>;
  configs: Map<string, ResourceDef>;
  secrets: Map<string, ResourceDef>;
  issues: ComposeIssue[];
}

/** Keys a single-engine deploy understands; anything else in the schema is refused with a clear message. */
const ENGINE_KEYS = new Set(
  `image command entrypoint environment env_file labels ports expose volumes tmpfs healthcheck restart depends_on networks
  network_mode hostname domainname user working_dir tty stdin_open privileged read_only init stop_signal stop_grace_period
  cap_add cap_drop devices dns dns_search dns_opt extra_hosts sysctls security_opt ulimits pid ipc userns_mode mem_limit
  mem_reservation memswap_limit cpus cpu_shares cpuset shm_size logging container_name scale deploy pull_policy profiles
  group_add oom_score_adj pids_limit mac_address build volumes_from secrets configs platform uts cgroup use_api_socket
  cgroup_parent device_cgroup_rules`.split(/\s+/),
);
/** Accepted and ignored, with a warning: they change nothing that runs. */
const IGNORED_KEYS = new Set(['develop', 'annotations', 'attach', 'post_start', 'pre_stop']);

export interface ModelContext {
  project: string;
  workingDir: string;
  vars: ReadonlyMap<string, string>;
  /** Reads an env_file (already resolved and checked by the policy); undefined when unreadable. */
  readEnvFile: (path: string) => Map<string, string> | undefined;
}

type Issue = (message: string, path: (string | number)[], code?: string, severity?: 'error' | 'warning') => void;

/** Builds the project from schema-valid data. Problems are reported with the path they come from. */
export function buildModel(data: Record<string, unknown>, ctx: ModelContext): ProjectModel {
  const issues: ComposeIssue[] = [];
  const issue: Issue = (message, path, code = 'reference', severity = 'error') =>
    issues.push({ severity, code, message, path: path.join('.') });
  for (const k of ['include', 'models'])
    if (data[k] !== undefined) issue(`"${k}" is not supported by Phedds; put everything in one file.`, [k], 'unsupported');
  if (typeof data.name === 'string' && data.name !== ctx.project) {
    issue(
      `The file names its project "${data.name}" but it is deployed as the stack "${ctx.project}"; the stack name wins.`,
      ['name'],
      'reference',
      'warning',
    );
  }
  const services = (data.services ?? {}) as Record<string, Record<string, unknown> | null>;
  const networks = resources(data.networks, ctx.project, true);
  const volumes = resources(data.volumes, ctx.project, false);
  const model: ProjectModel = {
    name: ctx.project,
    workingDir: ctx.workingDir,
    services: [],
    networks,
    volumes,
    configs: resources(data.configs, ctx.project, false),
    secrets: resources(data.secrets, ctx.project, false),
    issues,
  };
  const names = Object.keys(services);
  const built = new Map<string, ServiceModel>();
  for (const name of names) {
    const raw = services[name] ?? {};
    if (Array.isArray(raw.profiles) && raw.profiles.length > 0) {
      issue(
        `Service "${name}" belongs to profiles (${raw.profiles.join(', ')}) and is not deployed: Phedds deploys services without a profile.`,
        ['services', name, 'profiles'],
        'unsupported',
        'warning',
      );
      continue;
    }
    try {
      const s = processService(name, raw, ctx, model, issue);
      if (s) built.set(name, s);
    } catch (err) {
      if (err instanceof ProcessError) issue(err.message, err.path, 'reference');
      else throw err;
    }
  }
  model.services = order(built, issue);
  return model;
}

function resources(section: unknown, project: string, isNetwork: boolean): Map<string, ResourceDef> {
  const out = new Map<string, ResourceDef>();
  for (const [key, v] of Object.entries((section ?? {}) as Record<string, Record<string, unknown> | null>)) {
    const raw = v ?? {};
    const ext = raw.external;
    const external = ext === true || (typeof ext === 'object' && ext !== null);
    const extName = typeof ext === 'object' && ext !== null ? (ext as { name?: string }).name : undefined;
    const name = (raw.name as string | undefined) ?? extName ?? (external ? key : `${project}_${key}`);
    out.set(key, { key, name, external, raw });
  }
  if (isNetwork && !out.has('default')) out.set('default', { key: 'default', name: `${project}_default`, external: false, raw: {} });
  return out;
}

function processService(
  name: string,
  raw: Record<string, unknown>,
  ctx: ModelContext,
  model: ProjectModel,
  issue: Issue,
): ServiceModel | undefined {
  const at = (...p: (string | number)[]): (string | number)[] => ['services', name, ...p];
  let ok = true;
  for (const k of Object.keys(raw)) {
    if (k.startsWith('x-') || ENGINE_KEYS.has(k)) continue;
    if (IGNORED_KEYS.has(k)) issue(`"${k}" is ignored by Phedds deploys.`, at(k), 'unsupported', 'warning');
    else {
      issue(`"${k}" is not supported by Phedds deploys yet; remove it, or deploy this file with docker compose.`, at(k), 'unsupported');
      ok = false;
    }
  }
  if (raw.image === undefined) {
    issue(
      raw.build !== undefined
        ? `Service "${name}" has "build" but no "image": Phedds does not build images. Build it (docker compose build), name it with "image:", then deploy.`
        : `Service "${name}" needs an "image".`,
      at(),
      'reference',
    );
    ok = false;
  }
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) if (!k.startsWith('x-') && !IGNORED_KEYS.has(k)) o[k] = v;

  // process_service
  let envFiles: string[] = [];
  if (o.env_file !== undefined) {
    const list = Array.isArray(o.env_file) ? o.env_file : [o.env_file];
    envFiles = list.map((e) => expandPath(ctx.workingDir, typeof e === 'string' ? e : text((e as { path: string }).path)));
  }
  if (o.build !== undefined) {
    const b = typeof o.build === 'string' ? { context: o.build } : { ...(o.build as Record<string, unknown>) };
    if (typeof b.context === 'string' && !/^(https?|git):|^github\.com\//.test(b.context))
      b.context = expandPath(ctx.workingDir, b.context);
    o.build = typeof o.build === 'string' ? b.context : b;
  }
  const volumes = ((o.volumes as unknown[] | undefined) ?? []).map((v, i) => parseVolume(v, ctx.workingDir, at('volumes', i)));
  if (o.sysctls !== undefined) o.sysctls = Object.fromEntries(Object.entries(listOrDict(o.sysctls, '')).map(([k, v]) => [k, v ?? '']));
  if (o.labels !== undefined) o.labels = listOrDict(o.labels, ''); // label values become strings, unlike environment values
  if (o.depends_on !== undefined && Array.isArray(o.depends_on)) {
    o.depends_on = Object.fromEntries(o.depends_on.map((s) => [text(s), { condition: 'service_started' }]));
  }
  for (const f of ['dns', 'dns_search', 'tmpfs']) if (typeof o[f] === 'string') o[f] = [o[f]];
  if (o.healthcheck !== undefined) {
    const hc = { ...(o.healthcheck as Record<string, unknown>) };
    if ('disable' in hc) {
      delete hc.disable;
      hc.test = ['NONE'];
    }
    for (const f of ['interval', 'timeout', 'start_period']) {
      if (hc[f] === undefined || typeof hc[f] === 'number') continue;
      const ns = nanoseconds(hc[f]);
      if (ns === undefined)
        throw new ProcessError(`healthcheck.${f} "${text(hc[f])}" is not a duration (e.g. 10s, 1m30s).`, at('healthcheck', f));
      hc[f] = ns;
    }
    delete hc.start_interval;
    o.healthcheck = hc;
  }
  const ports: ServicePort[] = [];
  ((o.ports as unknown[] | undefined) ?? []).forEach((p, i) => {
    if (typeof p === 'object' && p !== null) ports.push(parseLongPort(p as Record<string, unknown>));
    else ports.push(...parseShortPort(p as string | number, at('ports', i)));
  });
  if (o.ports !== undefined) o.ports = ports.map((p) => [p.target, p.published, p.protocol, p.mode, p.external_ip]);
  if (o.security_opt !== undefined) {
    o.security_opt = (o.security_opt as string[]).map((s, i) => {
      if (/^seccomp[:=](?!unconfined$)/.test(s))
        throw new ProcessError(
          'seccomp profiles from files are not supported; use seccomp=unconfined or the default.',
          at('security_opt', i),
        );
      return [s, null];
    });
  }

  // finalize_service
  if (o.environment !== undefined || o.env_file !== undefined) {
    const env: Record<string, Py> = {};
    for (const f of envFiles) {
      const vars = ctx.readEnvFile(f);
      if (!vars) throw new ProcessError(`env_file "${f}" cannot be read; it must be a file inside the stack's folder.`, at('env_file'));
      for (const [k, v] of vars) env[k] = v;
    }
    for (const [k, v] of Object.entries(rawListOrDict(o.environment, null))) env[k] = v;
    for (const [k, v] of Object.entries(env)) if (v === null && ctx.vars.has(k)) env[k] = ctx.vars.get(k)!;
    o.environment = env;
    delete o.env_file;
  }
  const volumesFrom: { service: string; mode: string }[] = [];
  ((o.volumes_from as string[] | undefined) ?? []).forEach((vf, i) => {
    if (vf.startsWith('container:'))
      throw new ProcessError('volumes_from "container:…" is not supported; share a named volume instead.', at('volumes_from', i));
    const [src = '', mode = 'rw'] = (vf.startsWith('service:') ? vf.slice(8) : vf).split(':');
    volumesFrom.push({ service: src, mode });
  });
  if (o.restart !== undefined) {
    const parts = text(o.restart).split(':');
    if (parts.length > 2)
      throw new ProcessError(`restart "${text(o.restart)}" must be no, always, unless-stopped or on-failure[:N].`, at('restart'));
    o.restart = { Name: parts[0]!, MaximumRetryCount: Number(parts[1] ?? 0) };
  }

  // Project.from_config
  let networkMode: NetworkModeRef = { kind: 'networks' };
  let net: string | null = null;
  const nets: [string, Record<string, unknown>][] = [];
  if (o.network_mode !== undefined) {
    const nm = text(o.network_mode);
    if (nm.startsWith('service:')) {
      networkMode = { kind: 'service', service: nm.slice(8) };
      net = nm.slice(8);
    } else if (nm.startsWith('container:')) {
      throw new ProcessError('network_mode "container:…" is not supported; use "service:<name>" of this stack.', at('network_mode'));
    } else {
      networkMode = { kind: 'mode', value: nm };
      net = nm;
    }
  } else {
    const defs =
      o.networks === undefined
        ? { default: null }
        : Array.isArray(o.networks)
          ? Object.fromEntries(o.networks.map((n) => [text(n), null]))
          : (o.networks as Record<string, unknown>);
    for (const [key, def] of Object.entries(defs)) {
      const n = model.networks.get(key);
      if (!n)
        throw new ProcessError(
          `Service "${name}" uses the network "${key}", which is not defined under the top-level "networks".`,
          at('networks', key),
        );
      nets.push([n.name, (def ?? {}) as Record<string, unknown>]);
    }
    if (nets.some(([, d]) => d.priority)) nets.sort((a, b) => Number(b[1].priority ?? 0) - Number(a[1].priority ?? 0));
    else nets.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    net = nets[0]?.[0] ?? 'none';
  }
  const ipc = o.ipc !== undefined ? text(o.ipc) : null;
  if (ipc?.startsWith('service:') || (typeof o.pid === 'string' && o.pid.startsWith('service:'))) {
    throw new ProcessError(
      'Sharing the ipc or pid namespace of another service is not supported.',
      at(ipc?.startsWith('service:') ? 'ipc' : 'pid'),
    );
  }
  const namespaced = volumes.map((v, i) => {
    if (!isNamedVolume(v)) return v;
    const src = v.kind === 'mount' ? v.source! : v.external!;
    const def = model.volumes.get(src);
    if (!def)
      throw new ProcessError(
        `Service "${name}" uses the volume "${src}", which is not defined under the top-level "volumes".`,
        at('volumes', i),
      );
    return v.kind === 'mount' ? { ...v, source: def.name } : { ...v, external: def.name };
  });
  const deploy = o.deploy as Record<string, unknown> | undefined;
  let scale = o.scale !== undefined ? Number(o.scale) : 1;
  if (deploy) {
    if (o.scale !== undefined && deploy.replicas !== undefined)
      throw new ProcessError('Both "scale" and "deploy.replicas" are set; keep one.', at('scale'));
    if ((deploy.mode ?? 'replicated') === 'replicated' && deploy.replicas !== undefined) scale = Number(deploy.replicas);
    const rp = deploy.restart_policy as Record<string, unknown> | undefined;
    if (rp) {
      const cond = { any: 'always', none: 'no', 'on-failure': 'on-failure' }[text(rp.condition ?? 'any')] ?? text(rp.condition);
      o.restart = { Name: cond, MaximumRetryCount: Number(rp.max_attempts ?? 0) };
    }
    const res = (deploy.resources ?? {}) as Record<string, Record<string, unknown> | undefined>;
    if (res.limits) {
      o.mem_limit = res.limits.memory ?? null;
      if (res.limits.cpus !== undefined) o.cpus = new PyFloat(Number(res.limits.cpus));
    }
    if (res.reservations) o.mem_reservation = res.reservations.memory ?? null;
    delete o.deploy;
  }
  if (typeof o.cpus === 'number' && !Number.isInteger(o.cpus)) o.cpus = new PyFloat(o.cpus);
  delete o.credential_spec;
  delete o.configs;
  o.volumes = namespaced.map(volumeRepr);
  o.device_requests = null;
  o.platform = o.platform ?? null;
  const dependsOn = (o.depends_on ?? {}) as Record<string, { condition: string }>;
  for (const k of ['networks', 'links', 'network_mode', 'pid', 'ipc', 'volumes_from', 'secrets', 'scale']) delete o[k];
  if (!ok) return undefined;
  return {
    name,
    raw,
    options: o as Record<string, Py>,
    image: raw.image as string,
    scale,
    dependsOn,
    networks: nets,
    networkMode,
    net,
    ipcMode: ipc,
    volumes: namespaced,
    ports,
    ...(o.environment !== undefined ? { environment: o.environment as Record<string, Py> } : {}),
    volumesFrom,
  };
}

/** parse_labels / parse_environment: list items split on "=", mapping values kept as written. */
function rawListOrDict(v: unknown, missing: '' | null): Record<string, Py> {
  if (Array.isArray(v)) return listOrDict(v, missing);
  const out: Record<string, Py> = {};
  for (const [k, val] of Object.entries((v ?? {}) as Record<string, unknown>)) out[k] = (val ?? null) as Py;
  return out;
}

function volumeRepr(v: VolumeEntry): Py {
  if (v.kind === 'spec') return [v.external, v.internal, v.mode];
  const r: Record<string, Py> = { type: v.type };
  if (v.source) r.source = v.source;
  r.target = v.target;
  if (v.read_only) r.read_only = true;
  if (v.consistency) r.consistency = v.consistency;
  if (v.options && Object.keys(v.options).length > 0) r[v.type] = v.options as Py;
  return r;
}

/** Dependency order (depends_on, network_mode service:, volumes_from); a cycle is an error. */
function order(services: Map<string, ServiceModel>, issue: Issue): ServiceModel[] {
  const out: ServiceModel[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const deps = (s: ServiceModel): string[] => [
    ...Object.keys(s.dependsOn),
    ...(s.networkMode.kind === 'service' ? [s.networkMode.service] : []),
    ...s.volumesFrom.map((v) => v.service),
  ];
  const visit = (s: ServiceModel, chain: string[]): void => {
    if (state.get(s.name) === 'done') return;
    if (state.get(s.name) === 'visiting') {
      issue(`Circular dependency: ${[...chain.slice(chain.indexOf(s.name)), s.name].join(' → ')}.`, ['services', s.name, 'depends_on']);
      return;
    }
    state.set(s.name, 'visiting');
    for (const d of deps(s)) {
      const t = services.get(d);
      if (!t)
        issue(`Service "${s.name}" depends on "${d}", which is not a service of this file (or is not deployed).`, [
          'services',
          s.name,
          'depends_on',
          d,
        ]);
      else visit(t, [...chain, s.name]);
    }
    state.set(s.name, 'done');
    out.push(s);
  };
  for (const s of services.values()) visit(s, []);
  return out;
}
