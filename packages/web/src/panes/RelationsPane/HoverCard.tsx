import type { GraphNode } from '@phedds/shared';

const KIND_TITLE: Record<GraphNode['kind'], string> = {
  container: 'Container',
  network: 'Network',
  volume: 'Volume',
  image: 'Image',
  project: 'Compose project',
  port: 'Published port',
};

interface HoverCardProps {
  node: GraphNode;
  /** Where the pointer's node is, in the canvas's CSS pixels. */
  x: number;
  y: number;
  /** The canvas's size, to keep the card inside it. */
  width: number;
  height: number;
}

const CARD_W = 300;
/** Heights of the card's title and of one details line (relations-pane.css), to place it before it is drawn. */
const TITLE_H = 44;
const LINE_H = 22;

/** What a node is, in words, beside the node under the pointer. */
export function HoverCard({ node, x, y, width, height }: HoverCardProps) {
  // Beside the node (right, or left near the right edge), vertically kept inside the canvas.
  const left = x + 28 + CARD_W <= width - 8 ? x + 28 : Math.max(8, x - 28 - CARD_W);
  const estimated = TITLE_H + LINE_H * node.details.length;
  const top = Math.max(8, Math.min(y - 60, height - 8 - estimated));
  return (
    <div
      className="relations-card"
      role="tooltip"
      data-testid="relations-card"
      data-kind={node.kind}
      style={{ left, top, maxHeight: height - 16 }}
    >
      <p className="relations-card-title">
        <span className={`relations-card-kind kind-${node.kind}${node.tone ? ` tone-${node.tone}` : ''}`}>{KIND_TITLE[node.kind]}</span>
        {node.label}
      </p>
      <dl className="relations-card-details">
        {node.details.map((d) => (
          <div key={d.label}>
            <dt>{d.label}</dt>
            <dd>{d.value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
