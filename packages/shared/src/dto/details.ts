/** `GET /api/containers/:id/top`: the container's processes, as the engine's `ps` prints them. */
export interface ContainerTop {
  /** Full id of the container. */
  id: string;
  name: string;
  /** Column titles, e.g. `UID`, `PID`, `PPID`, `C`, `STIME`, `TTY`, `TIME`, `CMD`. */
  titles: string[];
  /** One row per process, one string per title. */
  processes: string[][];
  /** Epoch ms when the console read it. */
  at: number;
}

/** What happened to a path in the container's writable layer, relative to its image. */
export type ChangeKind = 'added' | 'changed' | 'deleted';

export interface ContainerChange {
  /** Absolute path inside the container. */
  path: string;
  kind: ChangeKind;
}

/** `GET /api/containers/:id/changes`: the container's filesystem diff (`docker diff`). */
export interface ContainerChanges {
  id: string;
  name: string;
  /** Sorted by path; at most `MAX_CHANGES`. */
  changes: ContainerChange[];
  /** How many changes the engine reported in all (more than `changes.length` when cut). */
  total: number;
  at: number;
}

/** The most changes one answer carries; a diff larger than this is cut (and says so). */
export const MAX_CHANGES = 5000;

/**
 * `GET /api/containers/:id/probe`: one request the console made to a published port, and who
 * answered. The console makes it (not the browser), so it can read the answer of any origin.
 */
export interface ProbeResult {
  /** Epoch ms when the request was sent. */
  at: number;
  /** The URL the console requested (the engine's host and the published port). */
  url: string;
  /** HTTP status; absent when no answer came (`error` says why). */
  status?: number;
  /** Milliseconds until the answer's body was read (or the failure). */
  ms: number;
  /**
   * Who answered, when the answer says it: an `X-Served-By` header (the demo's balancer adds
   * one), a `name=`/`hostname=` field (the demo's web image), or the page's `<title>`.
   */
  backend?: string;
  /** The start of the answer's body as text, for a tooltip (at most 200 characters). */
  excerpt?: string;
  /** Why no answer came: refused, timed out… */
  error?: string;
}
