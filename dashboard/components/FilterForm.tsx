/** The inbox's kind, page and text filters. */
import type { JSX } from 'preact';
import { useId, useState } from 'preact/hooks';
import { REPORT_KINDS } from '../../contract/report.js';
import { type Filters, hasFilters, isKind } from '../inbox/filters.js';
import { KIND_LABELS } from '../status-labels.js';

/** Applied on submit, and at once when the kind changes (with whatever text is typed). */
export function FilterForm({
  filters,
  onApply,
}: {
  filters: Filters;
  onApply: (next: Filters) => void;
}): JSX.Element {
  const kindId = useId();
  const [q, setQ] = useState(filters.q ?? '');
  const [url, setUrl] = useState(filters.url ?? '');
  const typed = { q: q.trim() || undefined, url: url.trim() || undefined };
  return (
    <form
      class="filters"
      aria-label="Filter reports"
      onSubmit={(event) => {
        event.preventDefault();
        onApply({ kind: filters.kind, ...typed });
      }}
    >
      <div class="field">
        <label for={kindId}>Kind</label>
        <select
          id={kindId}
          value={filters.kind ?? ''}
          onChange={(event) => {
            const value = event.currentTarget.value;
            onApply({ kind: isKind(value) ? value : undefined, ...typed });
          }}
        >
          <option value="">All kinds</option>
          {REPORT_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {KIND_LABELS[kind]}
            </option>
          ))}
        </select>
      </div>
      <label>
        Page
        <input
          type="search"
          value={url}
          placeholder="URL"
          onInput={(event) => setUrl(event.currentTarget.value)}
        />
      </label>
      <label>
        Text
        <input
          type="search"
          value={q}
          placeholder="Words in the report"
          onInput={(event) => setQ(event.currentTarget.value)}
        />
      </label>
      <button type="submit">Filter</button>
      {hasFilters(filters) && (
        <button
          type="button"
          class="secondary"
          onClick={() => {
            setQ('');
            setUrl('');
            onApply({});
          }}
        >
          Clear filters
        </button>
      )}
    </form>
  );
}
