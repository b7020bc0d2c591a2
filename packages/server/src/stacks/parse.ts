import { interpolate, type ComposeIssue } from '@phedds/shared';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node, type Pair } from 'yaml';

/**
 * Limits on a compose file, checked before anything is expanded (SECURITY 8): a file is text a
 * person writes, so these are far above any real one and far below what could hurt the console.
 */
export const COMPOSE_LIMITS = {
  /** Bytes of YAML. */
  maxBytes: 256 * 1024,
  /** Alias nodes (`*name`) in the source. Real files use a handful for `<<: *defaults`. */
  maxAliases: 64,
  /** Nodes the expanded document may hold, aliases resolved (yaml's own exponential-expansion guard). */
  maxAliasExpansion: 1000,
  /** Nodes in the source. */
  maxNodes: 50_000,
} as const;

export interface ParsedCompose {
  /** The document as plain data (aliases and `<<` merges resolved, variables interpolated); undefined when unreadable. */
  data: unknown;
  issues: ComposeIssue[];
  /** Where a path of keys/indexes is in the text, for messages; `key` points at the key instead of the value. */
  locate(path: readonly (string | number)[], key?: boolean): Location | undefined;
}

export interface Location {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Parses and interpolates a compose file, keeping positions for every message. Never throws. */
export function parseCompose(text: string, vars: ReadonlyMap<string, string>): ParsedCompose {
  const lines = new LineCounter();
  const where = (start: number, end: number): Location => {
    const a = lines.linePos(start);
    const b = lines.linePos(Math.max(start, end));
    return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
  };
  const none: ParsedCompose = { data: undefined, issues: [], locate: () => undefined };
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > COMPOSE_LIMITS.maxBytes) {
    none.issues.push({
      severity: 'error',
      code: 'too_large',
      message: `The file is ${Math.ceil(bytes / 1024)} KiB; a compose file may be at most ${COMPOSE_LIMITS.maxBytes / 1024} KiB.`,
      line: 1,
      column: 1,
    });
    return none;
  }
  if (text.includes('\0')) {
    none.issues.push({
      severity: 'error',
      code: 'yaml',
      message: 'The file contains a NUL character; compose files are text.',
      line: 1,
      column: 1,
    });
    return none;
  }
  const doc = parseDocument(text, { lineCounter: lines, merge: true, uniqueKeys: true, prettyErrors: false, keepSourceTokens: false });
  const issues: ComposeIssue[] = [];
  for (const e of doc.errors) {
    const loc = where(e.pos[0], e.pos[1]);
    issues.push({ severity: 'error', code: 'yaml', message: yamlMessage(e.code, e.message), ...loc });
  }
  if (issues.length > 0) return { data: undefined, issues, locate: () => undefined };

  // Count before expanding anything: a billion-laughs file is refused here, in microseconds.
  let aliases = 0;
  let nodes = 0;
  let firstAlias: Node | undefined;
  visit(doc, {
    Alias(_k, n) {
      aliases++;
      firstAlias ??= n;
    },
    Node() {
      nodes++;
      if (nodes > COMPOSE_LIMITS.maxNodes) return visit.BREAK;
    },
  });
  if (nodes > COMPOSE_LIMITS.maxNodes) {
    issues.push({
      severity: 'error',
      code: 'too_large',
      message: `The file has more than ${COMPOSE_LIMITS.maxNodes} YAML nodes.`,
      line: 1,
      column: 1,
    });
    return { data: undefined, issues, locate: () => undefined };
  }
  if (aliases > COMPOSE_LIMITS.maxAliases) {
    issues.push({
      severity: 'error',
      code: 'aliases',
      message: `The file uses ${aliases} aliases (*name); at most ${COMPOSE_LIMITS.maxAliases} are allowed, which protects the console from files that expand exponentially ("billion laughs").`,
      ...(firstAlias?.range ? where(firstAlias.range[0], firstAlias.range[1]) : { line: 1, column: 1 }),
    });
    return { data: undefined, issues, locate: () => undefined };
  }

  interpolateScalars(doc, vars, issues, where);

  const locate = (path: readonly (string | number)[], key = false): Location | undefined => {
    const hit = findNode(doc, path, key);
    return hit?.range ? where(hit.range[0], hit.range[1]) : undefined;
  };

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: COMPOSE_LIMITS.maxAliasExpansion });
  } catch (err) {
    issues.push({
      severity: 'error',
      code: 'aliases',
      message: `The file's aliases expand too much (${(err as Error).message}); this protects the console from "billion laughs" files.`,
      ...(firstAlias?.range ? where(firstAlias.range[0], firstAlias.range[1]) : { line: 1, column: 1 }),
    });
    return { data: undefined, issues, locate };
  }
  return { data, issues, locate };
}

function yamlMessage(code: string, message: string): string {
  // yaml's first line is the useful part; the rest repeats the source.
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  if (code === 'DUPLICATE_KEY') return `${first}: each key may appear once in a mapping.`;
  if (code === 'TAB_AS_INDENT') return `${first}: YAML indents with spaces, never tabs.`;
  return `YAML: ${first}.`;
}

/** Interpolates `${VAR}` in every value scalar (never in keys), as compose does, keeping positions. */
function interpolateScalars(
  doc: Document,
  vars: ReadonlyMap<string, string>,
  issues: ComposeIssue[],
  where: (a: number, b: number) => Location,
): void {
  const missing = new Map<string, Location | undefined>();
  visit(doc, {
    Scalar(key, node) {
      if (key === 'key' || typeof node.value !== 'string' || !node.value.includes('$')) return;
      const r = interpolate(node.value, vars);
      const loc = node.range ? where(node.range[0], node.range[1]) : undefined;
      for (const p of r.problems) issues.push({ severity: 'error', code: 'variable', message: p.message, ...loc });
      for (const m of r.missing) if (!missing.has(m)) missing.set(m, loc);
      node.value = r.value;
    },
  });
  for (const [name, loc] of missing) {
    issues.push({
      severity: 'warning',
      code: 'variable',
      message: `Variable ${name} is not set; it is replaced by an empty string. Set it in the variables panel.`,
      ...loc,
    });
  }
}

/** The node at a path (or its key node), following aliases and `<<` merges when the key is not local. */
function findNode(doc: Document, path: readonly (string | number)[], key: boolean): Node | undefined {
  let node: unknown = doc.contents;
  let keyNode: Node | undefined;
  for (const step of path) {
    node = deref(doc, node);
    keyNode = undefined;
    if (isMap(node)) {
      const pair = findPair(doc, node.items, String(step));
      if (!pair) return isMap(node) ? node : undefined;
      keyNode = isScalar(pair.key) ? pair.key : undefined;
      node = pair.value;
    } else if (isSeq(node) && typeof step === 'number') {
      node = node.items[step];
    } else {
      return node as Node | undefined;
    }
  }
  if (key && keyNode) return keyNode;
  return (node ?? undefined) as Node | undefined;
}

function deref(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

function findPair(doc: Document, items: readonly Pair[], key: string): Pair | undefined {
  for (const p of items) if (isPair(p) && isScalar(p.key) && String(p.key.value) === key) return p;
  for (const p of items) {
    if (!isPair(p) || !isScalar(p.key) || p.key.value !== '<<') continue;
    const sources = isSeq(p.value) ? p.value.items : [p.value];
    for (const s of sources) {
      const m = deref(doc, s);
      if (isMap(m)) {
        const hit = findPair(doc, m.items, key);
        if (hit) return hit;
      }
    }
  }
  return undefined;
}
