import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../api/http.ts';

export interface Loaded<T> {
  data: T | undefined;
  error: string | undefined;
  /** Fetches again (after a change). */
  reload: () => void;
}

/**
 * Loads what `fetcher` returns, again whenever `fetcher` changes (wrap it in useCallback with its
 * inputs) or `reload` is called. An answer that arrives after a newer request is dropped.
 */
export function useLoad<T>(fetcher: () => Promise<T>): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: string }>({});
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let current = true;
    fetcher().then(
      (data) => current && setState({ data }),
      (err: unknown) => current && setState((s) => ({ ...s, error: errorMessage(err) })),
    );
    return () => {
      current = false;
    };
  }, [fetcher, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data: state.data, error: state.error, reload };
}
