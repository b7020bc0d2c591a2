import type { ReactNode } from 'react';

interface PaneFrameProps {
  id: string;
  title: string;
  /** Short live facts beside the title, e.g. counts. */
  meta?: ReactNode;
  /** Controls on the right of the header (filters, buttons). */
  tools?: ReactNode;
  children: ReactNode;
}

/** The chrome every pane shares: a header line and a scrolling body. */
export function PaneFrame({ id, title, meta, tools, children }: PaneFrameProps) {
  const headingId = `pane-${id}-title`;
  return (
    <section className="pane" data-pane={id} aria-labelledby={headingId}>
      <header className="pane-head">
        <h2 id={headingId} className="pane-title">
          {title}
        </h2>
        {meta !== undefined && <span className="pane-meta">{meta}</span>}
        {tools !== undefined && <div className="pane-tools">{tools}</div>}
      </header>
      <div className="pane-body">{children}</div>
    </section>
  );
}
