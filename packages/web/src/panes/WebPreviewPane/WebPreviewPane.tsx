import { useEffect, useMemo, useRef, useState } from 'react';
import '../../components/details.css';
import { PaneFrame } from '../../components/PaneFrame.tsx';
import { useContainers } from '../../stores/containers.ts';
import {
  choosePreview,
  PREVIEW_INTERVALS,
  refreshPreviewNow,
  setActivePreview,
  setPreviewInterval,
  setPreviewPath,
  usePreview,
} from '../../stores/preview.ts';
import { useSelection } from '../../stores/selection.ts';
import type { PaneProps } from '../types.ts';
import { backendColours, defaultTarget, frameUrl, previewTargets, shortNames, tally, targetKey, validPath } from './model.ts';
import './web-preview-pane.css';

/**
 * A container's published web port in a frame, reloaded on the presenter's timer, with a strip of
 * who answered each time (the console requests the port itself and reads the answer). Behind a
 * balancer, the strip shows the back ends taking turns.
 *
 * The frame is another origin, sandboxed without same-origin rights (its scripts cannot reach
 * this page, its cookies or storage) and loaded credentialless where the browser supports it, so
 * the console's cookies are not sent to the container.
 */
export function WebPreviewPane({ id, title }: PaneProps) {
  const preview = usePreview();
  const { byId, loaded } = useContainers();
  const selected = useSelection();
  const targets = useMemo(() => previewTargets(byId.values()), [byId]);
  const chosen = preview.choice ? targets.find((t) => targetKey(t) === targetKey(preview.choice!)) : undefined;
  const target = chosen ?? defaultTarget(targets, selected, byId);
  const key = target ? targetKey(target) : '';
  const url = target ? frameUrl(target, window.location.hostname, preview.path) : undefined;
  const frame = useRef<HTMLIFrameElement>(null);
  const [pathDraft, setPathDraft] = useState(preview.path);

  useEffect(() => {
    setActivePreview(target ? { containerId: target.containerId, hostPort: target.hostPort } : undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  useEffect(() => () => setActivePreview(undefined), []);

  // (Re)load the frame on each tick. The attribute must be there before the first navigation.
  useEffect(() => {
    const f = frame.current;
    if (!f || !url) return;
    if (!f.hasAttribute('credentialless')) f.setAttribute('credentialless', '');
    f.src = url;
  }, [url, preview.tick]);

  const results = preview.results.filter((r) => r.target === key);
  const names = shortNames(results.flatMap((r) => (r.backend ? [r.backend] : [])));
  const counts = tally(results);
  const colours = backendColours(names.keys());
  const pathOk = validPath(pathDraft);

  const tools = (
    <>
      <select
        className="pv-select"
        aria-label="Port to preview"
        data-testid="preview-target"
        value={key}
        onChange={(e) => {
          const t = targets.find((x) => targetKey(x) === e.target.value);
          choosePreview(t ? { containerId: t.containerId, hostPort: t.hostPort } : undefined);
        }}
      >
        {targets.length === 0 && <option value="">no published port</option>}
        {targets.map((t) => (
          <option key={targetKey(t)} value={targetKey(t)}>
            {t.name} :{t.hostPort}
          </option>
        ))}
      </select>
      <select
        className="pv-select"
        aria-label="Refresh every"
        title="Reload the frame and ask who answers, every…"
        data-testid="preview-interval"
        value={preview.intervalMs}
        onChange={(e) => setPreviewInterval(Number(e.target.value))}
      >
        {PREVIEW_INTERVALS.map((ms) => (
          <option key={ms} value={ms}>
            {ms === 0 ? 'manual' : `every ${ms / 1000} s`}
          </option>
        ))}
      </select>
      <button type="button" className="details-btn" onClick={() => refreshPreviewNow()} disabled={!target}>
        Reload
      </button>
    </>
  );

  return (
    <PaneFrame id={id} title={title} tools={tools}>
      <div className="details pv" data-testid="preview-pane" data-target={target?.name ?? ''}>
        {!target ? (
          <p className="details-empty">
            {loaded
              ? 'No running container publishes a TCP port. Start one with -p, e.g. docker run -d -p 8080:80 nginx, and preview it here.'
              : 'Waiting for the container list…'}
          </p>
        ) : (
          <>
            <form
              className="pv-bar"
              onSubmit={(e) => {
                e.preventDefault();
                if (pathOk) setPreviewPath(pathDraft);
              }}
            >
              <span className="pv-origin" title={url}>
                {url ? new URL(url).host : ''}
              </span>
              <input
                className="pv-path"
                aria-label="Path"
                aria-invalid={!pathOk}
                spellCheck={false}
                value={pathDraft}
                onChange={(e) => setPathDraft(e.target.value)}
                onBlur={() => pathOk && pathDraft !== preview.path && setPreviewPath(pathDraft)}
              />
              <a className="pv-open" href={url} target="_blank" rel="noopener noreferrer">
                open ↗
              </a>
            </form>
            <iframe
              ref={frame}
              className="pv-frame"
              title={`${target.name} port ${target.hostPort}`}
              sandbox="allow-scripts allow-forms"
              referrerPolicy="no-referrer"
              data-testid="preview-frame"
            />
            <div className="pv-strip" aria-label="Who answered, oldest first" data-testid="preview-strip">
              <span className="pv-caption">Who answered the console’s request:</span>
              {results.length === 0 && <span className="pv-none">waiting for the first answer…</span>}
              {results.map((r, i) => (
                <span
                  key={`${r.at}-${i}`}
                  className={`pv-result${r.backend ? ` pv-b${colours.get(r.backend) ?? 0}` : ' pv-unknown'}${r.error || (r.status ?? 0) >= 400 ? ' is-bad' : ''}`}
                  data-testid="preview-result"
                  data-backend={r.backend ?? ''}
                  title={`${new Date(r.at).toLocaleTimeString()} ${r.url}\n${r.error ?? `${r.status} in ${r.ms} ms`}${r.excerpt ? `\n${r.excerpt}` : ''}`}
                >
                  <span className="pv-backend">{r.backend ? names.get(r.backend) : r.error ? 'no answer' : 'unnamed'}</span>
                  <span className="pv-status">{r.error ? '✕' : r.status}</span>
                  <span className="pv-ms">{r.ms} ms</span>
                </span>
              ))}
            </div>
            {counts.length > 0 && (
              <p className="details-note pv-tally" data-testid="preview-tally">
                {counts.map(([b, n]) => (
                  <span key={b} className={`pv-count pv-b${colours.get(b) ?? 0}`}>
                    {names.get(b) ?? b} ×{n}
                  </span>
                ))}
              </p>
            )}
          </>
        )}
      </div>
    </PaneFrame>
  );
}
