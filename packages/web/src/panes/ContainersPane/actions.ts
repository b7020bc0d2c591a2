import { actionsFor, type ContainerAction, type ContainerView } from '@phedds/shared';

/** What a row offers: the lifecycle actions plus removal. */
export type RowAction = ContainerAction | 'remove';

/** The buttons of a row, in display order. */
export function rowActions(state: ContainerView['state']): RowAction[] {
  if (state === 'removing') return [];
  return [...actionsFor(state), 'remove'];
}

export interface Confirmation {
  title: string;
  body: string;
  confirmLabel: string;
}

function isLive(c: ContainerView): boolean {
  return c.state === 'running' || c.state === 'paused' || c.state === 'restarting';
}

/** Removing a live container needs `force`: the engine refuses otherwise. */
export function removeNeedsForce(c: ContainerView): boolean {
  return isLive(c);
}

/**
 * The question to ask before an action that loses something, or undefined when none is needed.
 * Kill and remove always ask. Stop asks only for a container started with `--rm`, which is
 * deleted once it stops; any other stop is undone by a start, so it stays one click on stage.
 */
export function confirmationFor(c: ContainerView, action: RowAction): Confirmation | undefined {
  switch (action) {
    case 'kill':
      return {
        title: `Kill ${c.name}?`,
        body: `${c.name} gets SIGKILL now, without a chance to shut down cleanly. Work it has not saved is lost.`,
        confirmLabel: 'Kill',
      };
    case 'remove':
      return {
        title: `Remove ${c.name}?`,
        body: isLive(c)
          ? `${c.name} is ${c.state}: it will be killed and deleted, with its writable layer. This cannot be undone.`
          : `${c.name} and its writable layer will be deleted. This cannot be undone.`,
        confirmLabel: 'Remove',
      };
    case 'stop':
      if (!c.autoRemove) return undefined;
      return {
        title: `Stop ${c.name}?`,
        body: `${c.name} was started with --rm: once it stops, the engine deletes it and its writable layer.`,
        confirmLabel: 'Stop',
      };
    default:
      return undefined;
  }
}
