/** The inbox's sort and its kind, person, page and text filters. */
import type { JSX } from 'preact';
import { useId, useState } from 'preact/hooks';
import { INBOX_SORTS, type InboxSort, type User } from '../../contract/api.js';
import { REPORT_KINDS } from '../../contract/report.js';
import { type Filters, hasFilters, isKind, isSort } from '../inbox/filters.js';
import { KIND_LABELS } from '../status-labels.js';

const SORT_LABELS: Readonly<Record<InboxSort, string>> = {
  priority: 'Priority',
  newest: 'Newest',
  oldest: 'Oldest',
};

/** Props of {@link FilterForm}. */
export interface FilterFormProps {
  filters: Filters;
  sort: InboxSort;
  /** Owners and editors to filter by, besides "me" and "nobody" (a site's inbox lists them). */
  people: readonly User[];
  onApply: (next: Filters, sort: InboxSort) => void;
}

/** Applied on submit, and at once when a list (sort, kind, assignee) changes, with whatever text is typed. */
export function FilterForm({ filters, sort, people, onApply }: FilterFormProps): JSX.Element {
  const ids = { sort: useId(), kind: useId(), assignee: useId() };
  const [q, setQ] = useState(filters.q ?? '');
  const [url, setUrl] = useState(filters.url ?? '');
  const [author, setAuthor] = useState(filters.author ?? '');
  const [section, setSection] = useState(filters.section ?? '');
  const typed = {
    q: q.trim() || undefined,
    url: url.trim() || undefined,
    author: author.trim() || undefined,
    section: section.trim() || undefined,
  };
  const lists = { kind: filters.kind, assignee: filters.assignee };
  const text = (label: string, value: string, set: (value: string) => void, placeholder: string) => (
    <label>
      {label}
      <input
        type="search"
        value={value}
        placeholder={placeholder}
        onInput={(event) => set(event.currentTarget.value)}
      />
    </label>
  );
  return (
    <form
      class="filters"
      aria-label="Filter reports"
      onSubmit={(event) => {
        event.preventDefault();
        onApply({ ...lists, ...typed }, sort);
      }}
    >
      <div class="field">
        <label for={ids.sort}>Sort</label>
        <select
          id={ids.sort}
          value={sort}
          onChange={(event) => {
            const value = event.currentTarget.value;
            onApply({ ...lists, ...typed }, isSort(value) ? value : sort);
          }}
        >
          {INBOX_SORTS.map((option) => (
            <option key={option} value={option}>
              {SORT_LABELS[option]}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for={ids.kind}>Kind</label>
        <select
          id={ids.kind}
          value={filters.kind ?? ''}
          onChange={(event) => {
            const value = event.currentTarget.value;
            onApply({ ...lists, ...typed, kind: isKind(value) ? value : undefined }, sort);
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
      <div class="field">
        <label for={ids.assignee}>Assigned to</label>
        <select
          id={ids.assignee}
          value={filters.assignee ?? ''}
          onChange={(event) =>
            onApply({ ...lists, ...typed, assignee: event.currentTarget.value || undefined }, sort)
          }
        >
          <option value="">Anyone</option>
          <option value="me">Me</option>
          <option value="none">Nobody</option>
          {people.map((person) => (
            <option key={person.id} value={person.id}>
              {person.name || person.email}
            </option>
          ))}
        </select>
      </div>
      {text('Author', author, setAuthor, 'Byline')}
      {text('Section', section, setSection, 'Section')}
      {text('Page', url, setUrl, 'URL')}
      {text('Text', q, setQ, 'Words in the report')}
      <button type="submit">Filter</button>
      {hasFilters(filters) && (
        <button
          type="button"
          class="secondary"
          onClick={() => {
            setQ('');
            setUrl('');
            setAuthor('');
            setSection('');
            onApply({}, sort);
          }}
        >
          Clear filters
        </button>
      )}
    </form>
  );
}
