interface PanePlaceholderProps {
  /** What the pane will be, in one sentence. */
  feature: string;
  /** What it will show, as a short list. */
  points: string[];
  /** When it arrives. */
  coming: string;
}

/** An honest empty pane: what will live here, and no invented data. */
export function PanePlaceholder({ feature, points, coming }: PanePlaceholderProps) {
  return (
    <div className="placeholder">
      <p className="placeholder-feature">{feature}</p>
      <ul className="placeholder-points">
        {points.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
      <p className="placeholder-coming">{coming}</p>
    </div>
  );
}
