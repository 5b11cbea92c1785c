/** The inbox's report groups: keyset pages appended in order, stale answers dropped. */
import { useCallback, useRef, useState } from 'preact/hooks';
import type { InboxSort, ReportItem } from '../../contract/api.js';
import type { ReportStatus } from '../../contract/report.js';
import { api } from '../api.js';
import type { Filters, InboxScope } from './filters.js';

/** Report groups fetched per page. */
export const PAGE_SIZE = 25;

/** The list and what it is doing: first page, next page, idle, or failed. */
export interface Listing {
  items: ReportItem[];
  nextCursor: string | null;
  state: 'loading' | 'more' | 'ready' | 'error';
  error: unknown;
}

/** The list plus loading (null cursor: from the top) and removing triaged groups. */
export interface ReportList {
  listing: Listing;
  load: (cursor: string | null) => void;
  remove: (ids: readonly string[]) => void;
  /** Replaces items in place (an assignment changes a card without moving it). */
  update: (items: readonly ReportItem[]) => void;
}

/** Pages through one inbox at one status and sort under `filters` (`filterKey` identifies them). */
export function useReportList(
  scope: InboxScope,
  status: ReportStatus,
  sort: InboxSort,
  filters: Filters,
  filterKey: string,
): ReportList {
  const [listing, setListing] = useState<Listing>({
    items: [],
    nextCursor: null,
    state: 'loading',
    error: null,
  });
  // Each load from the top starts a new generation; answers of an older one are dropped.
  const generation = useRef(0);

  const load = useCallback(
    (cursor: string | null) => {
      const round = cursor === null ? ++generation.current : generation.current;
      setListing((prev) => ({ ...prev, state: cursor === null ? 'loading' : 'more', error: null }));
      const query = { ...filters, status, sort, cursor: cursor ?? undefined, limit: PAGE_SIZE };
      (scope === null ? api.allReports(query) : api.reports(scope, query)).then(
        (page) => {
          if (round !== generation.current) return;
          setListing((prev) => {
            const known = new Set(cursor === null ? [] : prev.items.map((item) => item.id));
            const base = cursor === null ? [] : prev.items;
            return {
              items: [...base, ...page.items.filter((item) => !known.has(item.id))],
              nextCursor: page.nextCursor,
              state: 'ready',
              error: null,
            };
          });
        },
        (error: unknown) => {
          if (round === generation.current) setListing((prev) => ({ ...prev, state: 'error', error }));
        },
      );
    },
    [scope, status, sort, filterKey],
  );

  const remove = useCallback((ids: readonly string[]) => {
    setListing((prev) => ({ ...prev, items: prev.items.filter((item) => !ids.includes(item.id)) }));
  }, []);

  const update = useCallback((changed: readonly ReportItem[]) => {
    const byId = new Map(changed.map((item) => [item.id, item]));
    setListing((prev) => ({ ...prev, items: prev.items.map((item) => byId.get(item.id) ?? item) }));
  }, []);

  return { listing, load, remove, update };
}
