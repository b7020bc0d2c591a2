import { constants } from 'node:os';

export interface ProcessExit {
  code: number | null;
  signal?: string;
}

/** What a session needs from the thing behind the terminal: a host pty or a container exec. */
export interface TerminalProcess {
  readonly command: string[];
  onData(listener: (chunk: Buffer) => void): void;
  /** Called once, after the last output. */
  onExit(listener: (exit: ProcessExit) => void): void;
  /** False when the process is not keeping up with its input: wait for `onDrain` before writing more. */
  write(data: Uint8Array): boolean;
  onDrain(listener: () => void): void;
  resize(cols: number, rows: number): void;
  /** Stop reading output; the process blocks once its terminal's buffer is full. */
  pause(): void;
  resume(): void;
  /** Ends the process and whatever it started; resolves once they are gone. Safe to call again. */
  kill(): Promise<void>;
}

export function signalName(n: number): string | undefined {
  for (const [name, num] of Object.entries(constants.signals)) if (num === n) return name;
  return undefined;
}

/** The shell's convention for one number: the code, or 128 + the signal that ended it. */
export function exitStatus(e: ProcessExit): number {
  if (e.code !== null) return e.code;
  const n = e.signal ? (constants.signals as Record<string, number | undefined>)[e.signal] : undefined;
  return 128 + (n ?? 0);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
