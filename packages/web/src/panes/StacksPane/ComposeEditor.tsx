import type { ComposeIssue } from '@phedds/shared';
import { useEffect, useRef, useState } from 'react';
import type { ComposeEditorHandle } from './editor/monaco-setup.ts';

interface ComposeEditorProps {
  /**
   * Text to show, replacing what is there, whenever `key` changes (a version loaded, an example
   * inserted). Typing never round-trips through it: the editor owns the text in between, so a
   * re-render with an older text cannot move the cursor or drop keystrokes.
   */
  load: { text: string; key: number };
  onChange: (text: string) => void;
  /** Problems from the server, marked in the text. */
  issues: ComposeIssue[];
  onReady?: (handle: ComposeEditorHandle) => void;
  onMarkers?: (counts: { errors: number; warnings: number }) => void;
}

/**
 * The editor's frame. Monaco itself (several MB with its workers) is a separate chunk, fetched the
 * first time a stack's file is opened, so the page's main bundle stays small.
 */
export function ComposeEditor({ load, onChange, issues, onReady, onMarkers }: ComposeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const handle = useRef<ComposeEditorHandle | undefined>(undefined);
  const changed = useRef(onChange);
  const markers = useRef(onMarkers);
  const ready = useRef(onReady);
  const initial = useRef(load.text);
  const loadedKey = useRef(load.key);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');
  const [failure, setFailure] = useState('');

  useEffect(() => {
    changed.current = onChange;
    markers.current = onMarkers;
    ready.current = onReady;
  });

  useEffect(() => {
    let cancelled = false;
    let offMarkers: (() => void) | undefined;
    import('./editor/monaco-setup.ts')
      .then((m) => {
        if (cancelled || !host.current) return;
        const h = m.createComposeEditor(host.current, initial.current, (t) => changed.current(t));
        handle.current = h;
        offMarkers = h.onMarkers(() => markers.current?.(h.markerCount()));
        setState('ready');
        ready.current?.(h);
      })
      .catch((err: unknown) => {
        setFailure(err instanceof Error ? err.message : String(err));
        setState('failed');
      });
    return () => {
      cancelled = true;
      offMarkers?.();
      handle.current?.dispose();
      handle.current = undefined;
    };
  }, []);

  useEffect(() => {
    if (!handle.current || loadedKey.current === load.key) return;
    loadedKey.current = load.key;
    handle.current.setValue(load.text);
  }, [load, state]);

  useEffect(() => {
    handle.current?.setServerIssues(issues);
  }, [issues, state]);

  return (
    <div className="stk-compose-editor" data-testid="compose-editor" data-state={state}>
      {state === 'loading' && (
        <p className="stk-compose-editor-note" role="status">
          <span className="spinner" aria-hidden="true" /> Loading the editor…
        </p>
      )}
      {state === 'failed' && (
        <p className="stk-compose-editor-note" role="alert">
          The editor could not load ({failure}). Reload the page to try again.
        </p>
      )}
      <div ref={host} className="stk-compose-editor-host" />
    </div>
  );
}
