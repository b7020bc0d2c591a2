import type { ComposeIssue, StackRole } from '@phedds/shared';
import { posix } from 'node:path';
import { text } from './service-process.ts';

/**
 * The create policy for compose files (SECURITY 6 and 8), applied to what the file asks for, in
 * every syntax it can be written in. Only an admin may reach the host: non-admins may not mount host
 * paths (short or long volume syntax, or a named volume whose driver options bind a host folder),
 * run privileged, share the host's pid/ipc/network/uts/userns/cgroup namespaces, add capabilities,
 * devices, sysctls or security options, mount the engine's socket, or name files outside the stack's
 * folder (env_file, build context, configs and secrets files).
 *
 * It reads the schema-valid data (not the processed model), so nothing a later step drops or
 * rewrites can hide a forbidden option. When accounts provide `checkCreatePolicy`, this stays the
 * compose-specific half: it knows the compose spellings of the same rules.
 */
export function composePolicyIssues(data: Record<string, unknown>, role: StackRole): ComposeIssue[] {
  if (role === 'admin') return [];
  const issues: ComposeIssue[] = [];
  const refuse = (path: (string | number)[], what: string): void => {
    issues.push({
      severity: 'error',
      code: 'policy',
      message: `${what} Only an administrator may deploy this (your role: ${role}).`,
      path: path.join('.'),
    });
  };
  const volumes = (data.volumes ?? {}) as Record<string, Record<string, unknown> | null>;
  for (const [name, v] of Object.entries(volumes)) {
    const opts = (v?.driver_opts ?? {}) as Record<string, unknown>;
    const o = text(opts.o ?? '');
    if (
      o.split(',').some((x) => x.trim() === 'bind' || x.trim() === 'rbind') ||
      (opts.device !== undefined && text(opts.type ?? '') === 'none')
    ) {
      refuse(['volumes', name, 'driver_opts'], `Volume "${name}" binds a host folder through its driver options.`);
    }
    if (v?.driver !== undefined && v.driver !== 'local')
      refuse(['volumes', name, 'driver'], `Volume "${name}" uses the driver "${text(v.driver)}".`);
  }
  for (const section of ['configs', 'secrets'] as const) {
    for (const [name, v] of Object.entries((data[section] ?? {}) as Record<string, Record<string, unknown> | null>)) {
      if (typeof v?.file === 'string' && outsideFolder(v.file)) {
        refuse([section, name, 'file'], `${section === 'configs' ? 'Config' : 'Secret'} "${name}" reads the host file "${v.file}".`);
      }
    }
  }
  const services = (data.services ?? {}) as Record<string, Record<string, unknown> | null>;
  for (const [svc, s] of Object.entries(services)) {
    if (!s) continue;
    const at = (...p: (string | number)[]): (string | number)[] => ['services', svc, ...p];
    const name = `Service "${svc}"`;
    ((s.volumes as unknown[] | undefined) ?? []).forEach((v, i) => {
      if (typeof v === 'string') {
        const src = v.includes(':') ? v.slice(0, v.indexOf(':')) : '';
        if (/^[./~]/.test(src) || src.includes('/')) refuse(at('volumes', i), `${name} mounts the host path "${src}".`);
      } else if (typeof v === 'object' && v !== null) {
        const m = v as Record<string, unknown>;
        if (m.type === 'bind' || m.type === 'npipe')
          refuse(at('volumes', i), `${name} mounts the host path "${text(m.source ?? '')}" (type ${text(m.type)}).`);
        else if (m.type === 'volume' && typeof m.source === 'string' && /^[./~]|\//.test(m.source))
          refuse(at('volumes', i), `${name} mounts the host path "${m.source}".`);
      }
    });
    if (s.privileged === true) refuse(at('privileged'), `${name} runs privileged.`);
    for (const k of ['pid', 'ipc', 'network_mode', 'uts', 'cgroup', 'userns_mode'] as const) {
      const val = s[k];
      if (typeof val !== 'string') continue;
      if (val === 'host' || (k === 'userns_mode' && val !== '') || val.startsWith('container:')) {
        refuse(
          at(k),
          `${name} sets ${k}: ${val}, which reaches ${val.startsWith('container:') ? 'another container' : "the host's namespace"}.`,
        );
      }
    }
    for (const k of ['cap_add', 'devices', 'device_cgroup_rules', 'security_opt'] as const) {
      if (Array.isArray(s[k]) && s[k].length > 0) refuse(at(k), `${name} sets ${k}.`);
    }
    if (s.sysctls !== undefined && Object.keys(s.sysctls as object).length > 0) refuse(at('sysctls'), `${name} sets sysctls.`);
    if (s.use_api_socket === true) refuse(at('use_api_socket'), `${name} mounts the engine's API socket.`);
    if (s.cgroup_parent !== undefined) refuse(at('cgroup_parent'), `${name} sets cgroup_parent.`);
    if (Array.isArray(s.volumes_from) && s.volumes_from.some((v) => text(v).startsWith('container:'))) {
      refuse(at('volumes_from'), `${name} takes the volumes of a container outside the stack.`);
    }
    const envFiles = s.env_file === undefined ? [] : Array.isArray(s.env_file) ? s.env_file : [s.env_file];
    envFiles.forEach((e, i) => {
      const p = typeof e === 'string' ? e : text((e as { path?: string }).path ?? '');
      if (outsideFolder(p))
        refuse(at('env_file', ...(Array.isArray(s.env_file) ? [i] : [])), `${name} reads the env_file "${p}" outside the stack's folder.`);
    });
    const build = s.build;
    const ctx =
      typeof build === 'string' ? build : typeof build === 'object' && build !== null ? (build as { context?: string }).context : undefined;
    if (typeof ctx === 'string' && outsideFolder(ctx)) refuse(at('build'), `${name} builds from "${ctx}" outside the stack's folder.`);
    const deploy = (s.deploy ?? {}) as Record<string, unknown>;
    const devices = (((deploy.resources ?? {}) as Record<string, unknown>).reservations as Record<string, unknown> | undefined)?.devices;
    if (Array.isArray(devices) && devices.length > 0)
      refuse(at('deploy', 'resources', 'reservations', 'devices'), `${name} reserves devices.`);
    if (s.gpus !== undefined) refuse(at('gpus'), `${name} asks for GPUs.`);
  }
  return issues;
}

/** Absolute, home-relative or climbing out of the folder (`..` anywhere after normalising). */
export function outsideFolder(p: string): boolean {
  if (p.startsWith('/') || p.startsWith('~') || p.includes('\0') || /%2e|%2f/i.test(p)) return true;
  const n = posix.normalize(p);
  return n === '..' || n.startsWith('../');
}
