const TONES = [
  ['running', 'running'],
  ['starting', 'starting'],
  ['paused', 'paused'],
  ['restarting', 'restarting'],
  ['created', 'created'],
  ['stopped', 'stopped'],
  ['failed', 'failed / unhealthy'],
] as const;

const KINDS = [
  ['network', 'network'],
  ['volume', 'volume'],
  ['image', 'image'],
  ['port', 'host port'],
  ['project', 'compose project'],
] as const;

/** What the colours and shapes mean, for an audience seeing the graph for the first time. */
export function Legend() {
  return (
    <div className="relations-legend" aria-label="Legend">
      {TONES.map(([tone, text]) => (
        <span key={tone} className="legend-item">
          <i className={`legend-swatch tone-${tone}`} aria-hidden="true" />
          {text}
        </span>
      ))}
      {KINDS.map(([kind, text]) => (
        <span key={kind} className="legend-item">
          <i className={`legend-swatch kind-${kind}`} aria-hidden="true" />
          {text}
        </span>
      ))}
    </div>
  );
}
