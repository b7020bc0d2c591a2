import type { DeployEvent, DeployProgress, StacksDelta } from '@phedds/shared';

const MAX_EVENTS = 300;
/** How long a finished deploy stays in the snapshot, so a page opened just after still shows it. */
const KEEP_MS = 10 * 60_000;

/** The deploys of every stack: the one running now and the last one finished. */
export class ProgressBook {
  private readonly records = new Map<string, DeployProgress>();

  constructor(private readonly notify: (d: StacksDelta) => void) {}

  begin(stack: string, kind: DeployProgress['kind']): (e: Omit<DeployEvent, 'time'>) => void {
    const rec: DeployProgress = { stack, kind, startedAt: Date.now(), state: 'running', events: [] };
    this.records.set(stack, rec);
    this.notify({ deploy: rec });
    return (e) => {
      const ev: DeployEvent = { time: Date.now(), ...e };
      rec.events = rec.events.length >= MAX_EVENTS ? [...rec.events.slice(1), ev] : [...rec.events, ev];
      this.notify({ deploy: { ...rec } });
    };
  }

  finish(stack: string, ok: boolean, error?: { service?: string; message: string }): DeployProgress | undefined {
    const rec = this.records.get(stack);
    if (!rec) return undefined;
    rec.state = ok ? 'succeeded' : 'failed';
    rec.finishedAt = Date.now();
    if (error) rec.error = error;
    this.notify({ deploy: { ...rec } });
    return rec;
  }

  list(): DeployProgress[] {
    const now = Date.now();
    for (const [k, r] of this.records) if (r.finishedAt !== undefined && now - r.finishedAt > KEEP_MS) this.records.delete(k);
    return [...this.records.values()].map((r) => ({ ...r }));
  }
}
