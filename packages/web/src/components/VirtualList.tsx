import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import './virtual-list.css';

interface VirtualListProps {
  count: number;
  /** Every row's height in CSS pixels (rows are one line: long text is cut, not wrapped). */
  rowHeight: number;
  renderRow: (index: number) => ReactNode;
  /** A stable key per row (default: its index), so a row that moves keeps its element. */
  rowKey?: (index: number) => string | number;
  /** Keep the last row in view as rows arrive, while the reader is at the bottom. */
  stickToBottom?: boolean;
  /** Told when the reader reaches or leaves the bottom. */
  onAtBottomChange?: (atBottom: boolean) => void;
  /** Scroll to the bottom now (changing the value asks again). */
  scrollToBottomSignal?: number;
  label: string;
  testId?: string;
}

const OVERSCAN = 8;

/**
 * A list that puts only the visible rows (and a few around them) in the DOM, so ten thousand log
 * lines cost what forty do. Positions are set through the style object (allowed by the page's
 * CSP, unlike style attributes in markup).
 */
export function VirtualList({
  count,
  rowHeight,
  renderRow,
  rowKey,
  stickToBottom,
  onAtBottomChange,
  scrollToBottomSignal,
  label,
  testId,
}: VirtualListProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 0 });
  const atBottom = useRef(true);

  const measure = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    setView((v) => (v.top === el.scrollTop && v.height === el.clientHeight ? v : { top: el.scrollTop, height: el.clientHeight }));
    const bottom = el.scrollTop + el.clientHeight >= el.scrollHeight - rowHeight / 2;
    if (bottom !== atBottom.current) {
      atBottom.current = bottom;
      onAtBottomChange?.(bottom);
    }
  }, [rowHeight, onAtBottomChange]);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => {
      if (stickToBottom && atBottom.current) el.scrollTop = el.scrollHeight;
      measure();
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [measure, stickToBottom]);

  // Before paint: new rows never flash at the old scroll position.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (stickToBottom && atBottom.current) el.scrollTop = el.scrollHeight;
    measure();
  }, [count, stickToBottom, measure]);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || scrollToBottomSignal === undefined) return;
    el.scrollTop = el.scrollHeight;
    atBottom.current = true;
    onAtBottomChange?.(true);
    measure();
  }, [scrollToBottomSignal, measure, onAtBottomChange]);

  const first = Math.max(0, Math.floor(view.top / rowHeight) - OVERSCAN);
  const last = Math.min(count, Math.ceil((view.top + view.height) / rowHeight) + OVERSCAN);
  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    rows.push(
      <div key={rowKey ? rowKey(i) : i} className="vlist-row" role="listitem" style={{ top: i * rowHeight, height: rowHeight }}>
        {renderRow(i)}
      </div>,
    );
  }
  return (
    <div ref={ref} className="vlist" role="list" aria-label={label} data-testid={testId} data-rows={count} onScroll={measure} tabIndex={0}>
      <div className="vlist-inner" style={{ height: count * rowHeight }}>
        {rows}
      </div>
    </div>
  );
}
