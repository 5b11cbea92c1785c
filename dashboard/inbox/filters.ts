/** The inbox's place in the URL: status tab and filters live in the query, so reloads and shared links keep them. */
import type { ReportQuery } from '../../contract/api.js';
import { REPORT_KINDS, REPORT_STATUSES, type ReportKind, type ReportStatus } from '../../contract/report.js';

/** The filters an editor can set besides the status tab. */
export type Filters = Pick<ReportQuery, 'kind' | 'q' | 'url'>;

/** Whether a query value names a status. */
export function isStatus(value: string | null): value is ReportStatus {
  return REPORT_STATUSES.some((status) => status === value);
}

/** Whether a query value names a report kind. */
export function isKind(value: string | null): value is ReportKind {
  return REPORT_KINDS.some((kind) => kind === value);
}

/** The status tab and filters from a location's query; unknown values are ignored. */
export function readInboxQuery(query: URLSearchParams): { status: ReportStatus; filters: Filters } {
  const status = query.get('status');
  const kind = query.get('kind');
  return {
    status: isStatus(status) ? status : 'new',
    filters: {
      kind: isKind(kind) ? kind : undefined,
      q: query.get('q') || undefined,
      url: query.get('url') || undefined,
    },
  };
}

/** The app path of a site's inbox at a status with filters. */
export function inboxPath(siteId: string, status: ReportStatus, filters: Filters): string {
  const query = new URLSearchParams();
  if (status !== 'new') query.set('status', status);
  if (filters.kind) query.set('kind', filters.kind);
  if (filters.q) query.set('q', filters.q);
  if (filters.url) query.set('url', filters.url);
  const text = query.toString();
  return `/sites/${encodeURIComponent(siteId)}${text ? `?${text}` : ''}`;
}

/** Whether any filter is set. */
export function hasFilters(filters: Filters): boolean {
  return Boolean(filters.kind || filters.q || filters.url);
}
