/**
 * One service of a compose file processed the way docker-compose 1.29 processes it (its
 * `process_service`, `finalize_service` and `Project.from_config`), so that the config hash
 * computed from the result is the one docker-compose computes, and `docker-compose up` after a
 * Phedds deploy recreates nothing. Shapes that Python serialises as tuples are arrays here.
 */
import { posix } from 'node:path';

export type Py = string | number | boolean | null | PyFloat | Py[] | { [k: string]: Py };

/** A number Python holds as a float (serialised `1.0`, not `1`). */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** A long-syntax mount: compose serialises it through `MountSpec.repr()`. */
export interface MountSpec {
  kind: 'mount';
  type: string;
  source?: string;
  target: string;
  read_only?: boolean;
  consistency?: string;
  options?: Record<string, unknown>;
}

/** A short-syntax volume, `VolumeSpec(external, internal, mode)`. */
export interface VolumeSpec {
  kind: 'spec';
  external: string | null;
  internal: string;
  mode: string;
}

export type VolumeEntry = MountSpec | VolumeSpec;

/** `ServicePort(target, published, protocol, mode, external_ip)`. */
export interface ServicePort {
  target: number;
  published: number | string | null;
  protocol: string | null;
  mode: string | null;
  external_ip: string | null;
}

export class ProcessError extends Error {
  constructor(
    message: string,
    readonly path: (string | number)[],
  ) {
    super(message);
  }
}

const PORT_SPEC =
  /^((\[?(?<host>[a-fA-F\d.:]+)\]?:)?(?<ext>\d*)(-(?<extEnd>\d+))?:)?(?<int>\d+)(-(?<intEnd>\d+))?(?<proto>\/(udp|tcp|sctp))?$/;

function portRange(start: string | undefined, end: string | undefined, proto: string, single: boolean): string[] | undefined {
  if (!start) return undefined;
  if (!end) return [start + proto];
  if (single) return [`${start}-${end}${proto}`];
  const out: string[] = [];
  for (let p = Number(start); p <= Number(end); p++) out.push(`${p}${proto}`);
  return out;
}

/** docker-py's `build_port_bindings` + compose's `ServicePort.parse` for one short-syntax port. */
export function parseShortPort(spec: string | number, path: (string | number)[]): ServicePort[] {
  const m = PORT_SPEC.exec(text(spec));
  if (!m?.groups) throw new ProcessError(`Invalid port "${spec}": use [[host_ip:]host_port[-end]:]port[-end][/tcp|udp|sctp].`, path);
  const g = m.groups;
  const proto = g.proto ?? '';
  const internal = portRange(g.int, g.intEnd, proto, false)!;
  let external: (string | undefined)[] | undefined = portRange(g.ext, g.extEnd, '', internal.length === 1);
  if (external && external.length !== internal.length && !(internal.length === 1 && external.length === 1)) {
    throw new ProcessError(`Port ranges of "${spec}" do not have the same length.`, path);
  }
  if (g.host !== undefined && !external) external = internal.map(() => undefined);
  const out: ServicePort[] = [];
  // Grouped by internal port as docker-py's dict does (a port listed twice keeps its first place).
  const order: string[] = [];
  const pubs = new Map<string, (string | undefined | null)[]>();
  internal.forEach((k, i) => {
    if (!pubs.has(k)) {
      pubs.set(k, []);
      order.push(k);
    }
    pubs.get(k)!.push(external ? external[i] : null);
  });
  for (const k of order) {
    const [target, protocol] = k.includes('/') ? (k.split('/', 2) as [string, string]) : [k, null];
    for (const pub of pubs.get(k)!) {
      const published = pub === null || pub === undefined || pub === '' ? null : pub.includes('-') ? pub : Number(pub);
      out.push({ target: Number(target), published, protocol, mode: null, external_ip: g.host ?? null });
    }
  }
  return out;
}

export function parseLongPort(p: Record<string, unknown>): ServicePort {
  const pub = p.published;
  return {
    target: Number(p.target),
    published: pub === undefined || pub === null || pub === '' ? null : typeof pub === 'string' && pub.includes('-') ? pub : Number(pub),
    protocol: (p.protocol as string | undefined) ?? null,
    mode: (p.mode as string | undefined) ?? null,
    external_ip: null,
  };
}

/** Python's `os.path.normpath` for POSIX paths. */
export function normpath(p: string): string {
  if (p === '') return '.';
  const n = posix.normalize(p);
  const lead = p.startsWith('//') && !p.startsWith('///') ? '//' : '';
  const out = n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
  return lead && !out.startsWith('//') ? '/' + out : out;
}

/** compose's `expand_path`: relative to the working folder, `~` is not expanded (no home on the console's behalf). */
export function expandPath(workingDir: string, p: string): string {
  return posix.resolve(workingDir, p);
}

/** compose's `resolve_volume_path` then `VolumeSpec.parse`/`MountSpec.parse`. */
export function parseVolume(v: unknown, workingDir: string, path: (string | number)[]): VolumeEntry {
  if (typeof v === 'object' && v !== null) {
    const d = { ...(v as Record<string, unknown>) };
    const type = text(d.type);
    let source = d.source as string | undefined;
    if (source && type === 'bind' && (source.startsWith('.') || source.startsWith('~'))) source = expandPath(workingDir, source);
    if (source && type === 'tmpfs') throw new ProcessError('A tmpfs mount cannot have a source.', path);
    if (source) source = normpath(source);
    const m: MountSpec = { kind: 'mount', type, target: text(d.target) };
    if (source) m.source = source;
    if (d.read_only !== undefined) m.read_only = Boolean(d.read_only);
    if (d.consistency !== undefined) m.consistency = text(d.consistency);
    if (d[type] !== undefined && typeof d[type] === 'object') m.options = d[type] as Record<string, unknown>;
    return m;
  }
  const s = text(v);
  let spec = s;
  const colon = s.indexOf(':');
  if (colon >= 0) {
    let host = s.slice(0, colon);
    let container = s.slice(colon + 1);
    let mode: string | undefined;
    const last = container.lastIndexOf(':');
    if (last >= 0) {
      mode = container.slice(last + 1);
      container = container.slice(0, last);
    }
    if (host.startsWith('.')) host = expandPath(workingDir, host);
    spec = `${host}:${container}${mode ? ':' + mode : ''}`;
  }
  const parts = spec.split(':');
  if (parts.length > 3) throw new ProcessError(`Volume "${s}" has an incorrect format: use source:target[:mode].`, path);
  if (parts.length === 1) return { kind: 'spec', external: null, internal: normpath(parts[0]!), mode: 'rw' };
  return { kind: 'spec', external: normpath(parts[0]!), internal: normpath(parts[1]!), mode: parts[2] ?? 'rw' };
}

/** What compose calls a named volume: a source that is not a path. */
export function isNamedVolume(v: VolumeEntry): boolean {
  if (v.kind === 'mount') return v.type === 'volume' && !!v.source;
  return !!v.external && !/^[./~]/.test(v.external);
}

export function isBind(v: VolumeEntry): boolean {
  if (v.kind === 'mount') return v.type === 'bind' || v.type === 'npipe';
  return !!v.external && /^[./~]/.test(v.external);
}

export function volumeTarget(v: VolumeEntry): string {
  return v.kind === 'mount' ? v.target : v.internal;
}

/** Go-like durations as compose's `timeparse` reads them, in seconds (int or float, as Python computes). */
export function timeparse(s: string): number | undefined {
  const m = /^\s*(?:([\d.]+)h)?(?:([\d.]+)m)?(?:([\d.]+)s)?(?:([\d.]+)ms)?(?:([\d.]+)(?:us|µs))?(?:([\d.]+)ns)?\s*$/i.exec(s);
  if (!m || m[0].trim() === '') return undefined;
  const mult = [3600, 60, 1, 1 / 1000, 1 / 1000 / 1000, 1 / 1000 / 1000 / 1000];
  let sum = 0;
  for (let i = 0; i < 6; i++) {
    const g = m[i + 1];
    if (g !== undefined) {
      const n = Number(g);
      if (!Number.isFinite(n)) return undefined;
      sum += mult[i]! * n;
    }
  }
  return sum;
}

/** compose's `parse_nanoseconds_int`: `int(seconds / 1e-9)`, the same float arithmetic. */
export function nanoseconds(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  const s = timeparse(text(v ?? ''));
  return s === undefined ? undefined : Math.trunc(s / (1 / 1000 / 1000 / 1000));
}

/** docker-py's `parse_bytes` (binary units). */
export function parseBytes(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  let s = text(v ?? '');
  if (s === '') return 0;
  if (/[a-z]{2}$/i.test(s) && /b$/i.test(s)) s = s.slice(0, -1);
  const units: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
  const suffix = s.slice(-1).toLowerCase();
  const digits = /\d/.test(suffix) ? s : s.slice(0, -1);
  const unit = /\d/.test(suffix) ? 1 : units[suffix];
  if (unit === undefined || !/^\d+(\.\d+)?$/.test(digits)) return undefined;
  return Math.trunc(Number(digits) * unit);
}

/** compose's `split_kv` / `split_env` for list forms of labels, sysctls and environment. */
export function listOrDict(v: unknown, missing: '' | null): Record<string, string | null> {
  if (v === undefined || v === null) return {};
  if (Array.isArray(v)) {
    const out: Record<string, string | null> = {};
    for (const item of v) {
      const s = text(item);
      const eq = s.indexOf('=');
      if (eq < 0) out[s] = missing;
      else out[s.slice(0, eq)] = s.slice(eq + 1);
    }
    return out;
  }
  const out: Record<string, string | null> = {};
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) out[k] = val === null || val === undefined ? null : pyStr(val);
  return out;
}

/** A YAML scalar as text (schema-valid data holds no objects where this is used). */
export function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return v === null || v === undefined ? '' : JSON.stringify(v);
}

/** Python's `str()` of a YAML scalar. */
export function pyStr(v: unknown): string {
  if (v === true) return 'True';
  if (v === false) return 'False';
  return text(v);
}

/** shlex.split, as docker-py splits a string command. */
export function shellSplit(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else cur += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && (s[i + 1] === '"' || s[i + 1] === '\\' || s[i + 1] === '$' || s[i + 1] === '`')) cur += s[++i];
      else cur += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      has = true;
    } else if (c === '\\' && i + 1 < s.length) {
      cur += s[++i];
      has = true;
    } else if (/\s/.test(c)) {
      if (has || cur) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
    }
  }
  if (quote) throw new Error(`unclosed ${quote} quote`);
  if (has || cur) out.push(cur);
  return out;
}
