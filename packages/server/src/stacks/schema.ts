import type { ComposeIssue } from '@phedds/shared';
import schemaFile from '@phedds/shared/compose/compose-spec.schema.json' with { type: 'json' };
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { ParsedCompose } from './parse.ts';

let compiled: ValidateFunction | undefined;

/** Compiled once, on first use (~100 ms): the console starts without paying for it. */
function validator(): ValidateFunction {
  if (!compiled) {
    // Ajv 8 does not know draft-07's meta-schema URL form used here; the schema is draft-07 all the same.
    const schema: Record<string, unknown> = { ...(schemaFile as Record<string, unknown>) };
    delete schema.$schema;
    const ajv = new Ajv({ strict: false, allErrors: true, verbose: true, validateSchema: false });
    compiled = ajv.compile(schema);
  }
  return compiled;
}

/** Validates plain data against the compose-spec schema; every issue points at its line. */
export function schemaIssues(parsed: ParsedCompose): ComposeIssue[] {
  const validate = validator();
  if (validate(parsed.data)) return [];
  return simplify(validate.errors ?? [])
    .map((e) => toIssue(e, parsed))
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

type Err = ErrorObject & { at: string[] };

function pathOf(e: ErrorObject): string[] {
  const parts = e.instancePath === '' ? [] : e.instancePath.slice(1).split('/');
  const decoded = parts.map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (e.keyword === 'additionalProperties') decoded.push(String((e.params as { additionalProperty: string }).additionalProperty));
  return decoded;
}

const COMBINATORS = new Set(['oneOf', 'anyOf', 'if', 'then', 'else', 'not']);

/**
 * Ajv reports every branch of every `oneOf`; a person wants the one that matters. Keep an error
 * only when no other error sits deeper below it (the deeper one says more precisely what is
 * wrong), drop the combinators when anything else remains, and merge the alternatives of one spot.
 */
function simplify(errors: readonly ErrorObject[]): Err[] {
  const all: Err[] = errors.map((e) => ({ ...e, at: pathOf(e) }));
  const key = (p: string[]): string => p.join('\u0000');
  const deeper = (a: string[], b: string[]): boolean => b.length > a.length && a.every((x, i) => x === b[i]);
  const concrete = all.filter((e) => !COMBINATORS.has(e.keyword));
  const pool = concrete.length > 0 ? concrete : all;
  const kept = pool.filter((e) => !pool.some((o) => o !== e && deeper(e.at, o.at) && !isAlternative(o)));
  const byPlace = new Map<string, Err[]>();
  for (const e of kept) {
    const k = key(e.at) + '\u0001' + (e.keyword === 'type' || e.keyword === 'const' || e.keyword === 'enum' ? 'type' : e.keyword);
    byPlace.set(k, [...(byPlace.get(k) ?? []), e]);
  }
  const out: Err[] = [];
  for (const group of byPlace.values()) {
    const first = group[0]!;
    if (first.keyword === 'type' || first.keyword === 'enum' || first.keyword === 'const') {
      const types = new Set<string>();
      const values = new Set<string>();
      for (const g of group) {
        if (g.keyword === 'type') for (const t of [g.params.type as string | string[]].flat()) types.add(t);
        if (g.keyword === 'enum') for (const v of (g.params as { allowedValues: unknown[] }).allowedValues) values.add(JSON.stringify(v));
        if (g.keyword === 'const') values.add(JSON.stringify((g.params as { allowedValue: unknown }).allowedValue));
      }
      out.push({ ...first, keyword: types.size > 0 ? 'type' : 'enum', params: { type: [...types], allowedValues: [...values] } });
    } else {
      out.push(first);
    }
  }
  return out;
}

/** A `required` or `additionalProperties` error deeper down does not hide a wrong type higher up. */
function isAlternative(e: Err): boolean {
  return e.keyword === 'required';
}

const TYPE_WORDS: Record<string, string> = {
  array: 'a list',
  object: 'a mapping (key: value)',
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  null: 'empty',
};

function kindOf(v: unknown): string {
  if (v === null || v === undefined) return 'empty';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the string "${v.length > 40 ? v.slice(0, 40) + '…' : v}"`;
  return `${typeof v} ${JSON.stringify(v)}`;
}

/** `services.web.ports[0]` */
export function displayPath(path: readonly (string | number)[]): string {
  let s = '';
  for (const p of path) s += /^\d+$/.test(String(p)) ? `[${p}]` : s === '' ? String(p) : `.${String(p)}`;
  return s === '' ? 'the top level' : s;
}

function toIssue(e: Err, parsed: ParsedCompose): ComposeIssue {
  const at: (string | number)[] = e.at.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const where = displayPath(at);
  let message: string;
  let code = 'schema';
  let pointAtKey = false;
  switch (e.keyword) {
    case 'additionalProperties': {
      code = 'unknown_key';
      pointAtKey = true;
      const name = String(at[at.length - 1]);
      const parent = displayPath(at.slice(0, -1));
      const known = Object.keys((e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {});
      const guess = closest(name, known);
      message = `Unknown key "${name}" in ${parent}.${guess ? ` Did you mean "${guess}"?` : ''}`;
      break;
    }
    case 'type': {
      code = 'type';
      const types = (e.params as { type: string[] }).type;
      const values = (e.params as { allowedValues?: string[] }).allowedValues ?? [];
      const wants = [...types.map((t) => TYPE_WORDS[t] ?? t), ...values].join(' or ');
      message = `${where} must be ${wants}, not ${kindOf(e.data)}.`;
      break;
    }
    case 'enum':
      code = 'type';
      message = `${where} must be one of ${(e.params as { allowedValues: string[] }).allowedValues.join(', ')}, not ${kindOf(e.data)}.`;
      break;
    case 'required':
      message = `${where} needs the key "${(e.params as { missingProperty: string }).missingProperty}".`;
      break;
    case 'pattern':
      message = `${where} has an invalid value ${kindOf(e.data)} (expected the pattern ${(e.params as { pattern: string }).pattern}).`;
      break;
    case 'propertyNames':
      message = `${where} has an invalid key name.`;
      break;
    case 'minimum':
    case 'maximum':
    case 'minItems':
    case 'maxItems':
    case 'uniqueItems':
    case 'minProperties':
      message = `${where} ${e.message ?? 'is invalid'}.`;
      break;
    default:
      message = `${where}: ${e.message ?? 'is invalid'} (${e.keyword}).`;
  }
  const loc = parsed.locate(at, pointAtKey) ?? parsed.locate(at.slice(0, -1));
  return { severity: 'error', code, message, path: at.join('.'), ...loc };
}

/** The known key nearest to a typo, when it is near enough to be a typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best !== undefined && bestD <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
