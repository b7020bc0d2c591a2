import type { GraphFilter } from '@phedds/shared';

interface GraphFiltersProps {
  filter: GraphFilter;
  projects: readonly string[];
  onChange: (next: GraphFilter) => void;
}

const TOGGLES = [
  ['hideImages', 'Images'],
  ['hideVolumes', 'Volumes'],
  ['hidePorts', 'Ports'],
] as const;

/** Show or hide kinds of nodes, or keep one compose project. */
export function GraphFilters({ filter, projects, onChange }: GraphFiltersProps) {
  return (
    <div className="relations-filters">
      {TOGGLES.map(([key, text]) => {
        const shown = !filter[key];
        return (
          <button
            key={key}
            type="button"
            className="relations-toggle"
            aria-pressed={shown}
            data-testid={`relations-toggle-${text.toLowerCase()}`}
            title={`${shown ? 'Hide' : 'Show'} ${text.toLowerCase()}`}
            onClick={() => onChange({ ...filter, [key]: shown })}
          >
            {text}
          </button>
        );
      })}
      <select
        className="relations-project"
        aria-label="Compose project to show"
        data-testid="relations-project"
        value={filter.project ?? ''}
        onChange={(e) => {
          const next = { ...filter };
          if (e.target.value) next.project = e.target.value;
          else delete next.project;
          onChange(next);
        }}
      >
        <option value="">All projects</option>
        {projects.map((p) => (
          <option key={p} value={p}>
            {p}
          </option>
        ))}
        {filter.project && !projects.includes(filter.project) && <option value={filter.project}>{filter.project} (gone)</option>}
      </select>
    </div>
  );
}
