/**
 * The triage inbox: tabs per status with counts, filters, one card per duplicate group, keyset
 * "load more", selection with a bulk bar, and keyboard shortcuts (inbox/keys.ts).
 */
import type { JSX } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ReportItem, Site } from '../../contract/api.js';
import { REPORT_STATUSES, type ReportStatus } from '../../contract/report.js';
import { announce } from '../announce.js';
import { api, errorMessage } from '../api.js';
import { BulkBar } from '../components/BulkBar.js';
import { FilterForm } from '../components/FilterForm.js';
import { KeysDialog } from '../components/KeysDialog.js';
import { ReportCard } from '../components/ReportCard.js';
import { Empty, ErrorNotice, Loading } from '../components/States.js';
import { hasFilters, inboxPath, readInboxQuery } from '../inbox/filters.js';
import { type InboxKeyTarget, useInboxKeys } from '../inbox/keys.js';
import { useReportList } from '../inbox/list.js';
import { openOnPageUrl } from '../links.js';
import { useResource } from '../resource.js';
import { Link, navigate, useLocation } from '../router.js';
import { STATUS_DONE, STATUS_LABELS } from '../status-labels.js';

/** The inbox of one site. */
export function Inbox({ site }: { site: Site }): JSX.Element {
  const { status, filters } = readInboxQuery(useLocation().query);
  const filterKey = JSON.stringify([site.id, filters]);
  const canTriage = site.role !== 'viewer';

  const counts = useResource(() => api.counts(site.id, filters), filterKey);
  const { listing, load, remove } = useReportList(site.id, status, filters, filterKey);
  const items = listing.items;
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [keysOpen, setKeysOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  // Focus is tracked in a ref (read by key handlers at once) and mirrored in state (for tabindex).
  const [focusIndex, setFocusState] = useState(-1);
  const focusRef = useRef(-1);
  const listRef = useRef<HTMLOListElement>(null);
  const refocus = useRef(false);

  const setFocusIndex = useCallback((index: number) => {
    focusRef.current = index;
    setFocusState(index);
  }, []);

  useEffect(() => {
    setSelected(new Set());
    setFocusIndex(-1);
    setFailure(null);
    load(null);
  }, [load, setFocusIndex]);

  const focusCard = useCallback(
    (index: number) => {
      const card = listRef.current?.querySelectorAll<HTMLElement>('[data-report]')[index];
      if (!card) return;
      setFocusIndex(index);
      card.focus();
    },
    [setFocusIndex],
  );

  // After triage removed the focused card, the card that took its place gets the focus.
  useEffect(() => {
    if (!refocus.current || items.length === 0) return;
    refocus.current = false;
    focusCard(Math.min(Math.max(focusRef.current, 0), items.length - 1));
  }, [items, focusCard]);

  // Everything shown was triaged but more pages exist: start again from the top.
  useEffect(() => {
    if (listing.state === 'ready' && items.length === 0 && listing.nextCursor) load(null);
  }, [listing.state, items.length, listing.nextCursor, load]);

  const changeStatus = async (ids: readonly string[], to: ReportStatus) => {
    if (ids.length === 0 || busy) return;
    setBusy(true);
    setFailure(null);
    try {
      const [only] = ids;
      const result =
        ids.length === 1 && only !== undefined
          ? await api.setStatus(only, { status: to })
          : await api.bulkStatus(site.id, { ids: [...ids], status: to });
      refocus.current = listRef.current?.contains(document.activeElement) ?? false;
      remove(ids);
      setSelected((prev) => new Set([...prev].filter((id) => !ids.includes(id))));
      counts.reload();
      announce(`${result.updated} ${result.updated === 1 ? 'report' : 'reports'} ${STATUS_DONE[to]}.`);
    } catch (error) {
      setFailure(`Nothing changed: ${errorMessage(error)}`);
    } finally {
      setBusy(false);
    }
  };

  const toggle = (id: string) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const keys = useRef<InboxKeyTarget>(null);
  keys.current = {
    items,
    focusIndex: () => focusRef.current,
    selected,
    keysOpen,
    canTriage,
    status,
    focusCard,
    toggle,
    clearSelection: () => setSelected(new Set()),
    setKeysOpen,
    changeStatus: (ids, to) => void changeStatus(ids, to),
    openOnPage: (report: ReportItem) => {
      const link = openOnPageUrl(report.url, report.quote);
      if (link) window.open(link, '_blank', 'noopener,noreferrer');
    },
    openDetail: (report: ReportItem) => navigate(`/reports/${encodeURIComponent(report.id)}`),
  };
  useInboxKeys(keys);

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
    const cursor = listing.nextCursor;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) load(cursor);
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, [listing.state, listing.nextCursor, load]);

  const now = Date.now();
  const countData = counts.state.status === 'ready' ? counts.state.data : null;
  const allSelected = items.length > 0 && items.every((item) => selected.has(item.id));

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
        key={filterKey}
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
      {failure && (
        <p role="alert" class="error">
          {failure}
        </p>
      )}
      {listing.state === 'loading' ? (
        <Loading label="Loading reports…" />
      ) : listing.state === 'error' && items.length === 0 ? (
        <ErrorNotice error={listing.error} retry={() => load(null)} />
      ) : items.length === 0 ? (
        <Empty>
          <p>
            {hasFilters(filters)
              ? 'No reports match these filters.'
              : status === 'new'
                ? 'No new reports. All clear!'
                : `No ${STATUS_LABELS[status].toLowerCase()} reports.`}
          </p>
        </Empty>
      ) : (
        <>
          <div class="list-head">
            {canTriage && (
              <label class="select-all">
                <input
                  type="checkbox"
                  checked={allSelected}
                  onChange={() =>
                    setSelected(allSelected ? new Set() : new Set(items.map((item) => item.id)))
                  }
                />
                Select all {items.length} shown
              </label>
            )}
            <p class="hint">
              Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>x</kbd> select, <kbd>f</kbd> fixed, <kbd>d</kbd>{' '}
              dismiss, <kbd>s</kbd> spam, <kbd>?</kbd> all keys.
            </p>
          </div>
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
      {keysOpen && <KeysDialog onClose={() => setKeysOpen(false)} />}
    </section>
  );
}
