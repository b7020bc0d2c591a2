import type { LogEntry } from '../../stores/log-buffer.ts';

export type Range = readonly [number, number];

/** A compiled search: which lines match, and where. */
export interface Matcher {
  /** The ranges of the visible text that match; undefined when the line does not match. */
  ranges(plain: string): Range[] | undefined;
  /** Set when the query is not a valid regular expression. */
  error?: string;
  active: boolean;
}

const ALL: Matcher = { ranges: () => [], active: false };
/** Highlights stop after this many hits in a line (a one-character regex on a 16 KiB line). */
const MAX_HITS = 50;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A text search ignores case; a regular expression is used as written (case-sensitive). */
export function makeMatcher(query: string, regex: boolean): Matcher {
  const q = query.trim();
  if (q === '') return ALL;
  let re: RegExp;
  try {
    re = new RegExp(regex ? q : escapeRegExp(q), regex ? 'g' : 'gi');
  } catch (err) {
    return { ...ALL, error: err instanceof Error ? err.message.replace(/^Invalid regular expression: /, '') : String(err) };
  }
  return {
    active: true,
    ranges(plain) {
      re.lastIndex = 0;
      const out: Range[] = [];
      let matched = false;
      for (let m = re.exec(plain); m; m = re.exec(plain)) {
        matched = true;
        if (m[0] === '') {
          // An empty match (e.g. `a*`) matches the line but marks nothing; step on.
          re.lastIndex++;
          if (re.lastIndex > plain.length) break;
          continue;
        }
        out.push([m.index, m.index + m[0].length]);
        if (out.length >= MAX_HITS) break;
      }
      return matched ? out : undefined;
    },
  };
}

/** Indexes of the rows to show: every line that matches (gap markers stay, they say lines are missing). */
export function visibleRows(entries: readonly LogEntry[], matcher: Matcher): number[] {
  const out: number[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.gap || !matcher.active || matcher.ranges(e.plain) !== undefined) out.push(i);
  }
  return out;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** `14:03:07.123`, local time: what a presenter reads off a projector. */
export function clockTime(t: number): string {
  const d = new Date(t);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** The lines as a text file: ISO time, container, stream, text without escapes. */
export function downloadText(entries: readonly LogEntry[], nameOf: (id: string) => string): string {
  return entries
    .map((e) =>
      e.gap
        ? `${new Date(e.t).toISOString()} ${nameOf(e.id)} -- ${e.gap.dropped} lines dropped (${e.gap.reason === 'rate' ? 'written faster than the console sends' : 'read too slowly'}) --`
        : `${new Date(e.t).toISOString()} ${nameOf(e.id)} ${e.stream === 1 ? 'stderr' : 'stdout'} ${e.plain}${e.cut ? ` [+${e.cut} bytes cut]` : ''}`,
    )
    .join('\n')
    .concat('\n');
}

/** Colours given to followed containers, in order (classes log-c0…log-c7). */
export const CONTAINER_COLOURS = 8;
