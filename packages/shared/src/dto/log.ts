/** Which of a container's output streams a log line came from (a TTY container has only stdout). */
export type LogStreamKind = 0 | 1;
export const LOG_STDOUT: LogStreamKind = 0;
export const LOG_STDERR: LogStreamKind = 1;

/**
 * One log line on the wire, as a tuple to keep a flood cheap:
 * `[time, stream, text]` or `[time, stream, text, cut]`.
 * - `time`: the engine's own timestamp of the line, epoch ms with the sub-ms fraction (so lines of
 *   several containers merge by time);
 * - `stream`: 0 stdout, 1 stderr;
 * - `text`: the line without its newline, ANSI escapes kept (the page renders SGR colours);
 * - `cut`: bytes dropped from the end because the line was longer than the line cap.
 */
export type LogTuple = [time: number, stream: LogStreamKind, text: string, cut?: number];

/**
 * Where a followed container's log stands:
 * - `following`: the engine stream is open, new lines arrive as they are written;
 * - `stopped`: the container is not running; its lines so far were sent, and following resumes
 *   by itself when it starts again;
 * - `removed`: the container was removed, nothing more will come;
 * - `missing`: no such container on this engine;
 * - `error`: the engine refused or failed; `message` says why, and it is retried while the
 *   container runs.
 */
export type LogFeedState = 'following' | 'stopped' | 'removed' | 'missing' | 'error';

/** Limits the server applies to a logs socket; sent in its `hello`. */
export interface LogLimits {
  /** Containers one socket can follow at once. */
  maxContainers: number;
  /** Most lines of history sent when a container is added (the engine's last lines of its log). */
  maxHistory: number;
  /** Bytes kept of one line; the rest is counted in `cut`. */
  maxLineBytes: number;
  /** Bytes of log text a second one socket receives on average; lines beyond are dropped and counted. */
  bytesPerSecond: number;
}
