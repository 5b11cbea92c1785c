/** The inbox's place in the URL: status tab, sort and filters live in the query, so reloads and shared links keep them. */
import { INBOX_SORTS, type InboxSort, type ReportQuery } from '../../contract/api.js';
import { REPORT_KINDS, REPORT_STATUSES, type ReportKind, type ReportStatus } from '../../contract/report.js';

/** The filters an editor can set besides the status tab and the sort. */
export type Filters = Pick<ReportQuery, 'kind' | 'q' | 'url' | 'assignee' | 'author' | 'section'>;

/** The dashboard's order when the URL names none (DESIGN.md: priority is the dashboard's default). */
export const DEFAULT_SORT: InboxSort = 'priority';

/** Whether a query value names a status. */
export function isStatus(value: string | null): value is ReportStatus {
  return REPORT_STATUSES.some((status) => status === value);
}

/** Whether a query value names a report kind. */
export function isKind(value: string | null): value is ReportKind {
  return REPORT_KINDS.some((kind) => kind === value);
}

/** Whether a query value names a sort. */
export function isSort(value: string | null): value is InboxSort {
  return INBOX_SORTS.some((sort) => sort === value);
}

/** The status tab, sort and filters from a location's query; unknown values are ignored. */
export function readInboxQuery(query: URLSearchParams): {
  status: ReportStatus;
  sort: InboxSort;
  filters: Filters;
} {
  const status = query.get('status');
  const kind = query.get('kind');
  const sort = query.get('sort');
  return {
    status: isStatus(status) ? status : 'new',
    sort: isSort(sort) ? sort : DEFAULT_SORT,
    filters: {
      kind: isKind(kind) ? kind : undefined,
      q: query.get('q') || undefined,
      url: query.get('url') || undefined,
      assignee: query.get('assignee') || undefined,
      author: query.get('author') || undefined,
      section: query.get('section') || undefined,
    },
  };
}

/** Which inbox: one site's, or every site of the caller's (null). */
export type InboxScope = string | null;

/** The app path of an inbox at a status, sort and filters. */
export function inboxPath(
  scope: InboxScope,
  status: ReportStatus,
  filters: Filters,
  sort: InboxSort = DEFAULT_SORT,
): string {
  const query = new URLSearchParams();
  if (status !== 'new') query.set('status', status);
  if (sort !== DEFAULT_SORT) query.set('sort', sort);
  for (const name of ['kind', 'q', 'url', 'assignee', 'author', 'section'] as const) {
    const value = filters[name];
    if (value) query.set(name, value);
  }
  const text = query.toString();
  const base = scope === null ? '/inbox' : `/sites/${encodeURIComponent(scope)}`;
  return `${base}${text ? `?${text}` : ''}`;
}

/** Whether any filter is set. */
export function hasFilters(filters: Filters): boolean {
  return Boolean(
    filters.kind || filters.q || filters.url || filters.assignee || filters.author || filters.section,
  );
}
