import { useCallback, useRef, useState } from 'react';
import type { ContainerView } from '@phedds/shared';
import { containerAction, errorMessage, removeContainer } from '../../api/http.ts';
import { removeNeedsForce, type RowAction } from './actions.ts';

export interface ActionError {
  action: RowAction;
  message: string;
}

export interface ContainerActions {
  /** The action running for each container id. */
  pending: ReadonlyMap<string, RowAction>;
  /** The last failure for each container id, until dismissed or another action starts. */
  errors: ReadonlyMap<string, ActionError>;
  run: (c: ContainerView, action: RowAction) => void;
  dismiss: (id: string) => void;
}

function withEntry<K, V>(map: ReadonlyMap<K, V>, key: K, value: V | undefined): Map<K, V> {
  const next = new Map(map);
  if (value === undefined) next.delete(key);
  else next.set(key, value);
  return next;
}

/**
 * Runs lifecycle actions through the REST API. The new state arrives through the live socket,
 * not from the answer, so the row changes when the engine says it did.
 */
export function useContainerActions(): ContainerActions {
  const [pending, setPending] = useState<ReadonlyMap<string, RowAction>>(new Map());
  const [errors, setErrors] = useState<ReadonlyMap<string, ActionError>>(new Map());
  // The state above lags a render behind; this guards against a double click sending twice.
  const inFlight = useRef(new Set<string>());

  const run = useCallback((c: ContainerView, action: RowAction) => {
    if (inFlight.current.has(c.id)) return;
    inFlight.current.add(c.id);
    setPending((m) => withEntry(m, c.id, action));
    setErrors((m) => withEntry(m, c.id, undefined));
    const call = action === 'remove' ? removeContainer(c.id, { force: removeNeedsForce(c) }) : containerAction(c.id, action);
    void call
      .catch((err: unknown) => {
        setErrors((m) => withEntry(m, c.id, { action, message: errorMessage(err) }));
      })
      .finally(() => {
        inFlight.current.delete(c.id);
        setPending((m) => withEntry(m, c.id, undefined));
      });
  }, []);

  const dismiss = useCallback((id: string) => setErrors((m) => withEntry(m, id, undefined)), []);

  return { pending, errors, run, dismiss };
}
