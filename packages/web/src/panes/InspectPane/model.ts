/** A labelled value of the readable view; a list renders one item per line. */
export type Row = [label: string, value: string | string[]];

export interface Section {
  title: string;
  rows: Row[];
}

type Json = Record<string, unknown>;

const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? (v === '' ? undefined : v) : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;

/** The engine's zero time means "never". */
const time = (v: unknown): string | undefined => {
  const s = str(v);
  if (!s || s.startsWith('0001-01-01')) return undefined;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? s : d.toLocaleString();
};

const bytes = (n: unknown): string | undefined => {
  if (typeof n !== 'number' || n <= 0) return undefined;
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v % 1 === 0 ? v : v.toFixed(1)} ${units[u]}`;
};

/** Environment names whose values should not be shown on a projector without asking. */
const SECRET_NAME = /pass|secret|token|key|credential|auth/i;

export function isSecretEnv(entry: string): boolean {
  const name = entry.split('=', 1)[0] ?? '';
  return SECRET_NAME.test(name) && entry.includes('=');
}

export function maskEnv(entry: string): string {
  const i = entry.indexOf('=');
  return `${entry.slice(0, i + 1)}••••••`;
}

function push(rows: Row[], label: string, value: string | string[] | undefined): void {
  if (value === undefined) return;
  if (Array.isArray(value) && value.length === 0) return;
  rows.push([label, value]);
}

/** The parts of a container's inspect answer a person reads first, in words. */
export function containerSections(inspect: unknown, revealSecrets: boolean): Section[] {
  const j = obj(inspect);
  const state = obj(j.State);
  const config = obj(j.Config);
  const host = obj(j.HostConfig);
  const net = obj(j.NetworkSettings);
  const sections: Section[] = [];

  const s: Row[] = [];
  push(s, 'Status', str(state.Status));
  push(s, 'Started', time(state.StartedAt));
  push(s, 'Finished', time(state.FinishedAt));
  if (state.Status !== 'running') push(s, 'Exit code', str(state.ExitCode));
  push(s, 'Error', str(state.Error));
  if (state.OOMKilled === true) push(s, 'Out of memory', 'killed by the kernel');
  push(s, 'PID', state.Pid ? str(state.Pid) : undefined);
  push(s, 'Restarts', j.RestartCount ? str(j.RestartCount) : undefined);
  const health = obj(state.Health);
  if (health.Status) {
    push(s, 'Health', `${str(health.Status)}${health.FailingStreak ? ` (${str(health.FailingStreak)} failing in a row)` : ''}`);
    const last = arr(health.Log).slice(-1)[0];
    const out = str(obj(last).Output)?.trim();
    if (out) push(s, 'Last check', out.length > 300 ? `${out.slice(0, 300)}…` : out);
  }
  sections.push({ title: 'State', rows: s });

  const c: Row[] = [];
  push(c, 'Image', str(config.Image));
  push(c, 'Command', arr(config.Cmd).map(String).join(' ') || undefined);
  push(c, 'Entrypoint', arr(config.Entrypoint).map(String).join(' ') || undefined);
  push(c, 'Working dir', str(config.WorkingDir));
  push(c, 'User', str(config.User));
  push(c, 'Hostname', str(config.Hostname));
  if (config.Tty === true) push(c, 'TTY', 'yes');
  push(
    c,
    'Environment',
    arr(config.Env)
      .map(String)
      .map((e) => (!revealSecrets && isSecretEnv(e) ? maskEnv(e) : e)),
  );
  const labels = Object.entries(obj(config.Labels)).map(([k, v]) => `${k}=${String(v)}`);
  push(c, 'Labels', labels.sort());
  sections.push({ title: 'Configuration', rows: c });

  const h: Row[] = [];
  const restart = obj(host.RestartPolicy);
  push(
    h,
    'Restart policy',
    str(restart.Name) ? `${str(restart.Name)}${restart.MaximumRetryCount ? ` (max ${str(restart.MaximumRetryCount)})` : ''}` : undefined,
  );
  const ports = Object.entries(obj(net.Ports)).flatMap(([p, binds]) =>
    arr(binds).length === 0
      ? [`${p} (not published)`]
      : arr(binds).map((b) => `${str(obj(b).HostIp) || '*'}:${str(obj(b).HostPort)} → ${p}`),
  );
  push(h, 'Ports', ports);
  push(h, 'Memory limit', bytes(host.Memory));
  push(h, 'CPUs', typeof host.NanoCpus === 'number' && host.NanoCpus > 0 ? String(host.NanoCpus / 1e9) : undefined);
  if (host.Privileged === true) push(h, 'Privileged', 'yes');
  push(h, 'Added capabilities', arr(host.CapAdd).map(String));
  const log = obj(host.LogConfig);
  const logOpts = Object.entries(obj(log.Config)).map(([k, v]) => `${k}=${String(v)}`);
  push(h, 'Log driver', str(log.Type) ? `${str(log.Type)}${logOpts.length ? ` (${logOpts.join(', ')})` : ''}` : undefined);
  push(h, 'Auto-remove', host.AutoRemove === true ? 'yes (--rm)' : undefined);
  sections.push({ title: 'Host', rows: h });

  const n: Row[] = [];
  for (const [name, v] of Object.entries(obj(net.Networks))) {
    const e = obj(v);
    const parts = [
      str(e.IPAddress) ? `${str(e.IPAddress)}/${str(e.IPPrefixLen)}` : 'no address',
      str(e.Gateway) && `gateway ${str(e.Gateway)}`,
    ];
    const aliases = arr(e.Aliases).map(String);
    if (aliases.length) parts.push(`aliases ${aliases.join(', ')}`);
    push(n, name, parts.filter(Boolean).join(' · '));
  }
  sections.push({ title: 'Networks', rows: n });

  const m: Row[] = arr(j.Mounts).map((x) => {
    const e = obj(x);
    const src = e.Type === 'volume' ? `volume ${str(e.Name)}` : `${str(e.Type)} ${str(e.Source) ?? ''}`;
    return [str(e.Destination) ?? '?', `${src}${e.RW === false ? ' (read-only)' : ''}`];
  });
  sections.push({ title: 'Mounts', rows: m });
  return sections.filter((x) => x.rows.length > 0);
}

/** A network's or volume's inspect answer, the readable part. */
export function objectSections(kind: 'network' | 'volume', inspect: unknown): Section[] {
  const j = obj(inspect);
  const rows: Row[] = [];
  push(rows, 'Name', str(j.Name));
  push(rows, 'Driver', str(j.Driver));
  push(rows, 'Scope', str(j.Scope));
  if (kind === 'network') {
    push(rows, 'Id', str(j.Id));
    if (j.Internal === true) push(rows, 'Internal', 'yes: no route outside');
    push(
      rows,
      'Subnets',
      arr(obj(j.IPAM).Config).map((c) => `${str(obj(c).Subnet) ?? '?'}${str(obj(c).Gateway) ? ` via ${str(obj(c).Gateway)}` : ''}`),
    );
    push(
      rows,
      'Containers',
      Object.values(obj(j.Containers)).map((c) => `${str(obj(c).Name) ?? '?'} ${str(obj(c).IPv4Address) ?? ''}`.trim()),
    );
  } else {
    push(rows, 'Mountpoint', str(j.Mountpoint));
    push(rows, 'Created', time(j.CreatedAt));
  }
  push(
    rows,
    'Labels',
    Object.entries(obj(j.Labels)).map(([k, v]) => `${k}=${String(v)}`),
  );
  return [{ title: kind === 'network' ? 'Network' : 'Volume', rows }];
}

export type JsonToken = { text: string; cls?: 'k' | 's' | 'n' | 'l' };

/** Splits pretty-printed JSON into tokens to colour: keys, strings, numbers, literals. */
export function jsonTokens(pretty: string): JsonToken[] {
  const out: JsonToken[] = [];
  const re = /("(?:\\.|[^"\\])*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b/g;
  let last = 0;
  for (let m = re.exec(pretty); m; m = re.exec(pretty)) {
    if (m.index > last) out.push({ text: pretty.slice(last, m.index) });
    if (m[1]) {
      out.push({ text: m[1], cls: m[2] ? 'k' : 's' });
      if (m[2]) out.push({ text: m[2] });
    } else out.push({ text: m[0], cls: m[3] ? 'n' : 'l' });
    last = m.index + m[0].length;
  }
  if (last < pretty.length) out.push({ text: pretty.slice(last) });
  return out;
}
