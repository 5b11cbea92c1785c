/**
 * The triage inbox: tabs per status with counts, filters, one card per duplicate group, keyset
 * "load more", selection with a bulk bar, and the keyboard shortcuts listed in INBOX_KEYS (components/KeysDialog.tsx).
 */
import type { JSX } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ReportItem, ReportQuery, Site } from '../../contract/api.js';
import { REPORT_KINDS, REPORT_STATUSES, type ReportKind, type ReportStatus } from '../../contract/report.js';
import { announce } from '../announce.js';
import { api, errorMessage } from '../api.js';
import { BulkBar } from '../components/BulkBar.js';
import { KeysDialog } from '../components/KeysDialog.js';
import { ReportCard } from '../components/ReportCard.js';
import { Empty, ErrorNotice, Loading } from '../components/States.js';
import { isTypingOrChord } from '../keyboard.js';
import { openOnPageUrl } from '../links.js';
import { useResource } from '../resource.js';
import { Link, navigate, useLocation } from '../router.js';
import { KIND_LABELS, STATUS_DONE, STATUS_KEYS, STATUS_LABELS } from '../status-labels.js';

/** Report groups fetched per page. */
export const PAGE_SIZE = 25;

type Filters = Pick<ReportQuery, 'kind' | 'q' | 'url'>;

function isStatus(value: string | null): value is ReportStatus {
  return REPORT_STATUSES.some((status) => status === value);
}

function isKind(value: string | null): value is ReportKind {
  return REPORT_KINDS.some((kind) => kind === value);
}

/** The inbox's URL: status and filters live in the query so reloads and shared links keep them. */
function inboxPath(siteId: string, status: ReportStatus, filters: Filters): string {
  const query = new URLSearchParams();
  if (status !== 'new') query.set('status', status);
  if (filters.kind) query.set('kind', filters.kind);
  if (filters.q) query.set('q', filters.q);
  if (filters.url) query.set('url', filters.url);
  const text = query.toString();
  return `/sites/${encodeURIComponent(siteId)}${text ? `?${text}` : ''}`;
}

interface Listing {
  items: ReportItem[];
  nextCursor: string | null;
  state: 'loading' | 'more' | 'ready' | 'error';
  error: unknown;
}

/** The inbox of one site. */
export function Inbox({ site }: { site: Site }): JSX.Element {
  const { query } = useLocation();
  const rawStatus = query.get('status');
  const status: ReportStatus = isStatus(rawStatus) ? rawStatus : 'new';
  const rawKind = query.get('kind');
  const filters: Filters = {
    kind: isKind(rawKind) ? rawKind : undefined,
    q: query.get('q') ?? undefined,
    url: query.get('url') ?? undefined,
  };
  const filterKey = JSON.stringify([site.id, filters]);
  const canTriage = site.role !== 'viewer';

  const counts = useResource(() => api.counts(site.id, filters), filterKey);
  const [listing, setListing] = useState<Listing>({
    items: [],
    nextCursor: null,
    state: 'loading',
    error: null,
  });
  const generation = useRef(0);
  const [focusIndex, setFocusIndexState] = useState(-1);
  const focusRef = useRef(-1);
  const setFocusIndex = useCallback((index: number) => {
    focusRef.current = index;
    setFocusIndexState(index);
  }, []);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [showKeys, setShowKeys] = useState(false);
  const [busy, setBusy] = useState(false);
  const listRef = useRef<HTMLOListElement>(null);
  const refocus = useRef(false);

  const load = useCallback(
    (cursor: string | null) => {
      const round = cursor === null ? ++generation.current : generation.current;
      setListing((prev) => ({ ...prev, state: cursor === null ? 'loading' : 'more', error: null }));
      api.reports(site.id, { ...filters, status, cursor: cursor ?? undefined, limit: PAGE_SIZE }).then(
        (page) => {
          if (round !== generation.current) return;
          setListing((prev) => ({
            items:
              cursor === null
                ? page.items
                : [
                    ...prev.items,
                    ...page.items.filter((item) => !prev.items.some((old) => old.id === item.id)),
                  ],
            nextCursor: page.nextCursor,
            state: 'ready',
            error: null,
          }));
        },
        (error: unknown) => {
          if (round !== generation.current) return;
          setListing((prev) => ({ ...prev, state: 'error', error }));
        },
      );
    },
    [site.id, status, filterKey],
  );

  useEffect(() => {
    setSelected(new Set());
    setFocusIndex(-1);
    load(null);
  }, [load, setFocusIndex]);

  const items = listing.items;

  const focusCard = useCallback(
    (index: number) => {
      const card = listRef.current?.querySelectorAll<HTMLElement>('[data-report]')[index];
      if (card) {
        setFocusIndex(index);
        card.focus();
      }
    },
    [setFocusIndex],
  );

  useEffect(() => {
    if (!refocus.current) return;
    refocus.current = false;
    if (items.length > 0) focusCard(Math.min(Math.max(focusIndex, 0), items.length - 1));
  }, [items, focusIndex, focusCard]);

  const changeStatus = useCallback(
    async (ids: readonly string[], to: ReportStatus) => {
      if (ids.length === 0 || busy) return;
      setBusy(true);
      try {
        const result =
          ids.length === 1 && ids[0] !== undefined
            ? await api.setStatus(ids[0], { status: to })
            : await api.bulkStatus(site.id, { ids: [...ids], status: to });
        refocus.current = listRef.current?.contains(document.activeElement) ?? false;
        setListing((prev) => ({ ...prev, items: prev.items.filter((item) => !ids.includes(item.id)) }));
        setSelected((prev) => new Set([...prev].filter((id) => !ids.includes(id))));
        counts.reload();
        announce(`${result.updated} ${result.updated === 1 ? 'report' : 'reports'} ${STATUS_DONE[to]}.`);
      } catch (error) {
        announce(`Nothing changed: ${errorMessage(error)}`);
      } finally {
        setBusy(false);
      }
    },
    [busy, site.id, counts],
  );

  const toggle = useCallback((id: string) => {
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);

  // Keys read the latest render through a ref: a listener re-registered in an effect would miss key
  // presses that arrive between a render and its (deferred) effects.
  const latest = useRef({ items, selected, showKeys, canTriage, status, changeStatus, toggle, focusCard });
  latest.current = { items, selected, showKeys, canTriage, status, changeStatus, toggle, focusCard };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTypingOrChord(event)) return;
      const now = latest.current;
      if (now.showKeys) {
        if (event.key === 'Escape') setShowKeys(false);
        return;
      }
      const index = focusRef.current;
      const focused = now.items[index];
      const key = event.key;
      const to = STATUS_KEYS[key];
      if (key === '?') setShowKeys(true);
      else if (key === 'j') now.focusCard(Math.min(index + 1, now.items.length - 1));
      else if (key === 'k') now.focusCard(Math.max(index - 1, 0));
      else if (key === 'Escape') setSelected(new Set());
      else if (key === 'x' && now.canTriage && focused) now.toggle(focused.id);
      else if (key === 'o' && focused) {
        const link = openOnPageUrl(focused.url, focused.quote);
        if (link) window.open(link, '_blank', 'noopener,noreferrer');
      } else if (
        key === 'Enter' &&
        focused &&
        event.target instanceof HTMLElement &&
        event.target.dataset.report
      ) {
        navigate(`/reports/${encodeURIComponent(focused.id)}`);
      } else if (now.canTriage && to && to !== now.status) {
        const ids = now.selected.size > 0 ? [...now.selected] : focused ? [focused.id] : [];
        void now.changeStatus(ids, to);
      } else return;
      event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const sentinel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const node = sentinel.current;
    if (
      !node ||
      listing.state !== 'ready' ||
      !listing.nextCursor ||
      typeof IntersectionObserver === 'undefined'
    )
      return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) load(listing.nextCursor);
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, [listing.state, listing.nextCursor, load]);

  const now = Date.now();
  const countData = counts.state.status === 'ready' ? counts.state.data : null;

  return (
    <section class="inbox" aria-labelledby="inbox-title">
      <h2 id="inbox-title" class="sr-only">
        Inbox
      </h2>
      <nav class="tabs" aria-label="Report status">
        {REPORT_STATUSES.map((tab) => (
          <Link
            key={tab}
            to={inboxPath(site.id, tab, filters)}
            aria-current={tab === status ? 'page' : undefined}
          >
            {STATUS_LABELS[tab]} <span class="count">{countData ? countData[tab] : '…'}</span>
          </Link>
        ))}
      </nav>
      <FilterForm
        filters={filters}
        onApply={(next) => navigate(inboxPath(site.id, status, next), { replace: true })}
      />
      {canTriage && selected.size > 0 && (
        <BulkBar
          count={selected.size}
          current={status}
          busy={busy}
          onStatus={(to) => void changeStatus([...selected], to)}
          onClear={() => setSelected(new Set())}
        />
      )}
      {listing.state === 'loading' ? (
        <Loading label="Loading reports…" />
      ) : listing.state === 'error' && items.length === 0 ? (
        <ErrorNotice error={listing.error} retry={() => load(null)} />
      ) : items.length === 0 ? (
        <Empty>
          <p>
            {filters.kind || filters.q || filters.url
              ? 'No reports match these filters.'
              : status === 'new'
                ? 'No new reports. All clear!'
                : `No ${STATUS_LABELS[status].toLowerCase()} reports.`}
          </p>
        </Empty>
      ) : (
        <>
          <p class="hint">
            Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>x</kbd> select, <kbd>f</kbd> fixed, <kbd>d</kbd>{' '}
            dismiss, <kbd>s</kbd> spam, <kbd>?</kbd> all keys.
          </p>
          <ol class="cards" ref={listRef}>
            {items.map((report, index) => (
              <li key={report.id}>
                <ReportCard
                  report={report}
                  cmsUrlTemplate={site.settings.cmsUrlTemplate}
                  focused={index === focusIndex || (focusIndex === -1 && index === 0)}
                  selected={selected.has(report.id)}
                  canTriage={canTriage}
                  now={now}
                  onFocus={() => setFocusIndex(index)}
                  onToggle={() => toggle(report.id)}
                  onStatus={(to) => void changeStatus([report.id], to)}
                />
              </li>
            ))}
          </ol>
          {listing.state === 'error' && (
            <ErrorNotice error={listing.error} retry={() => load(listing.nextCursor)} />
          )}
          {listing.nextCursor && (
            <div ref={sentinel} class="more">
              <button
                type="button"
                disabled={listing.state === 'more'}
                onClick={() => load(listing.nextCursor)}
              >
                {listing.state === 'more' ? 'Loading…' : 'Load more'}
              </button>
            </div>
          )}
        </>
      )}
      {showKeys && <KeysDialog onClose={() => setShowKeys(false)} />}
    </section>
  );
}

/** Kind, page and text filters; applied on submit (and at once for the kind). */
function FilterForm({
  filters,
  onApply,
}: {
  filters: Filters;
  onApply: (next: Filters) => void;
}): JSX.Element {
  const [q, setQ] = useState(filters.q ?? '');
  const [url, setUrl] = useState(filters.url ?? '');
  const submit = (event: Event) => {
    event.preventDefault();
    onApply({ kind: filters.kind, q: q.trim() || undefined, url: url.trim() || undefined });
  };
  return (
    <form class="filters" aria-label="Filter reports" onSubmit={submit}>
      <label>
        Kind
        <select
          value={filters.kind ?? ''}
          onChange={(event) => {
            const value = event.currentTarget.value;
            onApply({
              kind: isKind(value) ? value : undefined,
              q: q.trim() || undefined,
              url: url.trim() || undefined,
            });
          }}
        >
          <option value="">All kinds</option>
          {REPORT_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {KIND_LABELS[kind]}
            </option>
          ))}
        </select>
      </label>
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
      {(filters.kind || filters.q || filters.url) && (
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
