import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { GraphFilter, GraphInventory, GraphNode } from '@phedds/shared';
import { PaneFrame } from '../../components/PaneFrame.tsx';
import { useConnection } from '../../stores/connection.ts';
import { useContainers } from '../../stores/containers.ts';
import { useEngine } from '../../stores/engine.ts';
import { useImages } from '../../stores/images.ts';
import { useNetworks } from '../../stores/networks.ts';
import { clearSelection, selectContainer, selectObject, useSelectedObject, useSelection } from '../../stores/selection.ts';
import { useVolumes } from '../../stores/volumes.ts';
import type { PaneProps } from '../types.ts';
import { GraphFilters } from './GraphFilters.tsx';
import { GraphView, type Hover } from './graph-view.ts';
import { HoverCard } from './HoverCard.tsx';
import { Legend } from './Legend.tsx';
import { countsText, projectNames, selectedNodeId, selectionFor } from './model.ts';
import './relations-pane.css';

/** A Map's values, readable more than once (the view reads them at the next frame). */
function valuesOf<T>(map: ReadonlyMap<string, T>): Iterable<T> {
  return { [Symbol.iterator]: () => map.values() };
}

export function RelationsPane({ id, title }: PaneProps) {
  const containers = useContainers();
  const networks = useNetworks();
  const volumes = useVolumes();
  const images = useImages();
  const engine = useEngine();
  const connection = useConnection();
  const selectedContainer = useSelection();
  const selectedObject = useSelectedObject();
  const [filter, setFilter] = useState<GraphFilter>({});
  const [hover, setHover] = useState<Hover>();
  const [legend, setLegend] = useState(false);
  const canvasRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<GraphView | undefined>(undefined);
  /** Set when the selection came from a tap in this graph: no need to bring it into view. */
  const tappedRef = useRef(false);

  const ready = containers.loaded && networks.loaded && volumes.loaded && images.loaded;
  const inventory = useMemo<GraphInventory>(
    () => ({
      containers: valuesOf(containers.byId),
      networks: valuesOf(networks.byKey),
      volumes: valuesOf(volumes.byKey),
      images: valuesOf(images.byKey),
    }),
    [containers.byId, networks.byKey, volumes.byKey, images.byKey],
  );
  const projects = useMemo(() => projectNames(containers.byId.values()), [containers.byId]);
  const selected = selectedNodeId(selectedContainer, selectedObject);

  const onTap = useCallback((node: GraphNode | undefined) => {
    tappedRef.current = true;
    if (!node) return clearSelection();
    const sel = selectionFor(node);
    if ('container' in sel) selectContainer(sel.container);
    else selectObject(sel.object);
  }, []);

  useEffect(() => {
    const el = canvasRef.current;
    if (!el) return;
    const view = new GraphView(el, { onTap, onHover: setHover });
    viewRef.current = view;
    return () => {
      viewRef.current = undefined;
      view.destroy();
    };
  }, [onTap]);

  useEffect(() => {
    if (ready) viewRef.current?.setSource(inventory, filter);
  }, [ready, inventory, filter]);

  useEffect(() => {
    viewRef.current?.select(selected, !tappedRef.current);
    tappedRef.current = false;
  }, [selected]);

  const engineDown = engine?.state === 'down';
  const disconnected = connection.state !== 'open' && connection.failures > 0;
  const empty = ready && containers.byId.size === 0 && networks.byKey.size === 0 && volumes.byKey.size === 0 && images.byKey.size === 0;
  const meta = ready
    ? countsText({
        containers: containers.byId.size,
        networks: networks.byKey.size,
        volumes: volumes.byKey.size,
        images: images.byKey.size,
      })
    : undefined;

  return (
    <PaneFrame id={id} title={title} meta={meta} tools={<GraphFilters filter={filter} projects={projects} onChange={setFilter} />}>
      <div
        className={`relations${engineDown || disconnected ? ' is-stale' : ''}`}
        data-testid="relations"
        data-ready={ready ? 'true' : 'false'}
      >
        <div
          ref={canvasRef}
          className="relations-canvas"
          data-testid="relations-canvas"
          role="img"
          aria-label={`Relations graph: ${meta ?? 'loading'}`}
        />
        {(engineDown || disconnected) && (
          <div className="relations-banner" role="status">
            {disconnected
              ? 'Console disconnected from its server, reconnecting…'
              : `Engine unreachable — ${engine?.error ?? 'it does not answer'}.`}{' '}
            The graph shows the last known state.
          </div>
        )}
        {!ready && (
          <p className="relations-empty">
            <span className="spinner" aria-hidden="true" /> Waiting for the engine’s containers, networks, volumes and images…
          </p>
        )}
        {empty && (
          <p className="relations-empty">
            Nothing on this engine yet. Run <code>docker network create demo</code> or <code>docker run -d busybox sleep 600</code> and
            watch it appear.
          </p>
        )}
        <div className="relations-zoom" role="toolbar" aria-label="Graph view">
          <button
            type="button"
            className="relations-btn"
            title="Zoom out"
            aria-label="Zoom out"
            onClick={() => viewRef.current?.zoomBy(1 / 1.3)}
          >
            −
          </button>
          <button type="button" className="relations-btn" title="Zoom in" aria-label="Zoom in" onClick={() => viewRef.current?.zoomBy(1.3)}>
            +
          </button>
          <button
            type="button"
            className="relations-btn"
            title="Show the whole graph"
            data-testid="relations-fit"
            onClick={() => viewRef.current?.fit()}
          >
            Fit
          </button>
          <button
            type="button"
            className="relations-btn"
            title="Lay the whole graph out again (every node may move)"
            onClick={() => viewRef.current?.rearrange()}
          >
            Re-arrange
          </button>
          <button
            type="button"
            className="relations-btn"
            aria-pressed={legend}
            title="What the colours and shapes mean"
            data-testid="relations-legend-toggle"
            onClick={() => setLegend((v) => !v)}
          >
            Legend
          </button>
        </div>
        {legend && <Legend />}
        {hover && <HoverCard node={hover.node} x={hover.x} y={hover.y} width={hover.width} height={hover.height} />}
      </div>
    </PaneFrame>
  );
}
