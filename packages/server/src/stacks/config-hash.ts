import { createHash } from 'node:crypto';
import type { ServiceModel } from './compose-model.ts';
import { PyFloat, type Py } from './service-process.ts';

/** The docker-compose version whose labels and hash Phedds writes, so both tools agree. */
export const COMPOSE_VERSION = '1.29.2';

/**
 * `json.dumps(obj, sort_keys=True, separators=(',', ':'))` as Python writes it: keys sorted,
 * non-ASCII escaped as `\uXXXX`, floats with a decimal point.
 */
export function pyJson(v: Py | undefined): string {
  if (v === null || v === undefined) return 'null';
  if (v instanceof PyFloat) return pyFloat(v.value);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : pyFloat(v);
  if (typeof v === 'string') return pyString(v);
  if (Array.isArray(v)) return `[${v.map(pyJson).join(',')}]`;
  const keys = Object.keys(v).sort();
  return `{${keys.map((k) => `${pyString(k)}:${pyJson(v[k])}`).join(',')}}`;
}

function pyString(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => (c === '\u007f' ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** Python's float repr: shortest digits, scientific below 1e-4 and from 1e16 (JavaScript switches elsewhere). */
function pyFloat(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : n < 0 ? '-Infinity' : 'NaN';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const [mant, expText] = n.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  const sign = mant.startsWith('-') ? '-' : '';
  const digits = mant.replace('-', '').replace('.', '');
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const int = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const frac = digits.slice(exp + 1);
  return `${sign}${int}.${frac || '0'}`;
}

/**
 * docker-compose 1.29's `Service.config_dict()`: what its config hash covers. `imageId` is the
 * engine's id of the service's image (`sha256:…`), or null when it is not there.
 */
export function configDict(s: ServiceModel, imageId: string | null): Py {
  return {
    options: s.options,
    image_id: imageId,
    links: [],
    net: s.net,
    ipc_mode: s.ipcMode,
    networks: Object.fromEntries(s.networks.map(([n, d]) => [n, d as Py])),
    secrets: [],
    volumes_from: s.volumesFrom.map((v) => [v.service, v.mode]),
  };
}

/** The `com.docker.compose.config-hash` label docker-compose 1.29 writes for this service. */
export function configHash(s: ServiceModel, imageId: string | null): string {
  return createHash('sha256')
    .update(pyJson(configDict(s, imageId)), 'utf8')
    .digest('hex');
}
