import { formatDuration, type ContainerView } from '@phedds/shared';

/** One compose project (or the standalone containers) as the pane lists it. */
export interface ContainerGroup {
  /** Stable key: `project:<name>` or `standalone`, so a project called "Standalone" cannot collide. */
  key: string;
  title: string;
  project?: string;
  /** The group's containers that pass the filter, sorted by name. */
  containers: ContainerView[];
  /** Counts over the whole group, filtered or not: what the project is doing. */
  running: number;
  total: number;
}

export const STANDALONE_KEY = 'standalone';
export const STANDALONE_TITLE = 'Standalone';

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Natural order: web-2 before web-10. */
export function compareNames(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

function portTerms(c: ContainerView): string[] {
  return c.ports.map((p) => (p.hostPort !== undefined ? `${p.hostPort}:${p.privatePort}/${p.protocol}` : `${p.privatePort}/${p.protocol}`));
}

/** The text a filter query is matched against. */
export function searchText(c: ContainerView): string {
  const terms = [c.name, c.image, c.state, c.compose?.project ?? '', c.compose?.service ?? '', ...portTerms(c)];
  if (c.health !== 'none') terms.push(c.health);
  return terms.join('\n').toLowerCase();
}

/**
 * Whether a container matches a filter query: every whitespace-separated word must appear
 * (case-insensitive substring) in its name, image, compose project or service, state, health or ports.
 */
export function matchesFilter(c: ContainerView, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const text = searchText(c);
  return words.every((w) => text.includes(w));
}

/** Groups containers by compose project, projects alphabetically, standalone containers last. */
export function groupContainers(all: Iterable<ContainerView>, query = ''): ContainerGroup[] {
  const groups = new Map<string, ContainerGroup>();
  for (const c of all) {
    const project = c.compose?.project;
    const key = project !== undefined ? `project:${project}` : STANDALONE_KEY;
    let g = groups.get(key);
    if (!g) {
      g = { key, title: project ?? STANDALONE_TITLE, containers: [], running: 0, total: 0 };
      if (project !== undefined) g.project = project;
      groups.set(key, g);
    }
    g.total++;
    if (c.state === 'running') g.running++;
    if (matchesFilter(c, query)) g.containers.push(c);
  }
  const list = [...groups.values()].filter((g) => g.containers.length > 0);
  for (const g of list) g.containers.sort((a, b) => compareNames(a.name, b.name) || compareNames(a.id, b.id));
  return list.sort((a, b) => {
    if (a.key === STANDALONE_KEY) return 1;
    if (b.key === STANDALONE_KEY) return -1;
    return compareNames(a.title, b.title);
  });
}

export interface Summary {
  total: number;
  running: number;
  /** How many pass the filter. */
  shown: number;
}

export function summarize(all: Iterable<ContainerView>, query = ''): Summary {
  let total = 0;
  let running = 0;
  let shown = 0;
  for (const c of all) {
    total++;
    if (c.state === 'running') running++;
    if (matchesFilter(c, query)) shown++;
  }
  return { total, running, shown };
}

/** "12 containers · 9 running", with "· 3 shown" while a filter hides some. */
export function summaryText(s: Summary): string {
  const base = `${s.total} container${s.total === 1 ? '' : 's'} · ${s.running} running`;
  return s.shown < s.total ? `${base} · ${s.shown} shown` : base;
}

export type StateTone = 'green' | 'amber' | 'blue' | 'grey' | 'red';

/** Colour of a row's state dot. */
export function stateTone(c: Pick<ContainerView, 'state' | 'exitCode'>): StateTone {
  switch (c.state) {
    case 'running':
      return 'green';
    case 'paused':
      return 'amber';
    case 'restarting':
      return 'blue';
    case 'dead':
      return 'red';
    case 'exited':
      return c.exitCode !== undefined && c.exitCode !== 0 ? 'red' : 'grey';
    case 'created':
    case 'removing':
      return 'grey';
  }
}

/** The ticking status text: "up 4m 05s", "exited (137) 2m 10s ago", "created 5s ago"… */
export function uptimeText(c: ContainerView, now: number): string {
  const since = (t: number | undefined): string => (t === undefined ? '' : formatDuration(Math.max(0, now - t)));
  switch (c.state) {
    case 'running':
      return c.startedAt !== undefined ? `up ${since(c.startedAt)}` : 'running';
    case 'paused':
      return c.startedAt !== undefined ? `paused · up ${since(c.startedAt)}` : 'paused';
    case 'restarting':
      return 'restarting…';
    case 'removing':
      return 'removing…';
    case 'created':
      return `created ${since(c.createdAt)} ago`;
    case 'exited':
    case 'dead': {
      const code = c.exitCode !== undefined ? ` (${c.exitCode})` : '';
      const ago = c.finishedAt !== undefined ? ` ${since(c.finishedAt)} ago` : '';
      return `${c.state}${code}${ago}`;
    }
  }
}
