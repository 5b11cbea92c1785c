/**
 * The triage inbox of one site or of every site of the caller: tabs per status with counts, sort and
 * filters, one card per duplicate group, keyset "load more", selection with a bulk bar, keyboard
 * shortcuts (inbox/keys.ts), and "Marked fixed · Undo" after every triage action.
 */
import type { JSX } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import {
  COUNT_CAP,
  EXPORT_FORMATS,
  isCountCapped,
  type Me,
  type ReportItem,
  type Site,
  type User,
} from '../../contract/api.js';
import { canBeAssigned, canExport, canTriage as roleMayTriage } from '../../contract/permissions.js';
import { REPORT_STATUSES, type ReportStatus } from '../../contract/report.js';
import { announce } from '../announce.js';
import { api, errorMessage, exportUrl } from '../api.js';
import { BulkBar } from '../components/BulkBar.js';
import { FilterForm } from '../components/FilterForm.js';
import { KeysDialog } from '../components/KeysDialog.js';
import { ReportCard } from '../components/ReportCard.js';
import { Empty, ErrorNotice, Loading } from '../components/States.js';
import { hasFilters, inboxPath, readInboxQuery } from '../inbox/filters.js';
import { type InboxKeyTarget, useInboxKeys } from '../inbox/keys.js';
import { useReportList } from '../inbox/list.js';
import { sendTriage, type TriageChange } from '../inbox/triage.js';
import { useUndo } from '../inbox/undo.js';
import { openOnPageUrl } from '../links.js';
import { useResource } from '../resource.js';
import { Link, navigate, useLocation } from '../router.js';
import { STATUS_DONE, STATUS_LABELS } from '../status-labels.js';

/** Props of {@link Inbox}: one site's inbox (`site`), or every site in `sites` (`site` null). */
export interface InboxProps {
  me: Me;
  site: Site | null;
  sites: readonly Site[];
}

/** "5 reports" / "1 report". */
function reportsText(n: number): string {
  return `${n} ${n === 1 ? 'report' : 'reports'}`;
}

/** A sentence's first letter in capitals ("marked fixed" → "Marked fixed"). */
function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The inbox. */
export function Inbox({ me, site, sites }: InboxProps): JSX.Element {
  const scope = site ? site.id : null;
  const { status, sort, filters } = readInboxQuery(useLocation().query);
  const filterKey = JSON.stringify([scope, sort, filters]);
  const roles = new Map(sites.map((s) => [s.id, s.role]));
  const canTriage = (report: ReportItem) => {
    const role = roles.get(report.siteId);
    return roleMayTriage(role ?? null);
  };
  const anyTriage = sites.some((s) => roleMayTriage(s.role));

  const counts = useResource(
    () => (scope === null ? api.allCounts(filters) : api.counts(scope, filters)),
    JSON.stringify([scope, filters]),
  );
  const people = useResource<User[]>(
    () =>
      scope === null
        ? Promise.resolve([])
        : api
            .members(scope)
            .then((members) => members.filter((m) => canBeAssigned(m.role)).map((m) => m.user)),
    scope ?? '',
  );
  const { listing, load, remove, update } = useReportList(scope, status, sort, filters, filterKey);
  const items = listing.items;
  const undo = useUndo();
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

  /** Sends one triage action for `reports`, then updates the list and offers to undo it. */
  const act = async (reports: readonly ReportItem[], change: TriageChange, done: string) => {
    if (reports.length === 0 || busy) return;
    setBusy(true);
    setFailure(null);
    try {
      const outcome = await sendTriage(reports, change);
      const ids = reports.map((report) => report.id);
      refocus.current = listRef.current?.contains(document.activeElement) ?? false;
      if (change.status !== undefined) remove(ids);
      else if (change.assignee !== undefined) {
        const assignee = change.assignee === me.user.id ? me.user : null;
        // A card that no longer matches the assignee filter leaves; the others show the new assignee.
        const stays = !filters.assignee || (filters.assignee === 'me') === (assignee !== null);
        if (stays) update(reports.map((report) => ({ ...report, assignee })));
        else remove(ids);
      }
      setSelected((prev) => new Set([...prev].filter((id) => !ids.includes(id))));
      counts.reload();
      announce(`${reportsText(outcome.updated)} ${done}.`);
      undo.make({ label: capitalised(done), actions: outcome.actions });
    } catch (error) {
      setFailure(`Nothing changed: ${errorMessage(error)}`);
    } finally {
      setBusy(false);
    }
  };

  const changeStatus = (reports: readonly ReportItem[], to: ReportStatus) =>
    void act(reports, { status: to }, STATUS_DONE[to]);
  const assign = (reports: readonly ReportItem[], to: string | null) =>
    void act(reports, { assignee: to }, to === null ? 'unassigned' : 'assigned to you');

  const takeUndo = async () => {
    setFailure(null);
    try {
      const restored = await undo.take();
      if (restored === null) return;
      announce(`Undone: ${reportsText(restored)} restored.`);
      load(null);
      counts.reload();
    } catch (error) {
      setFailure(`Not undone: ${errorMessage(error)}`);
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
    changeStatus,
    assignToMe: (reports) => assign(reports, me.user.id),
    undo: () => void takeUndo(),
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
  const capped = isCountCapped(filters);
  const countText = (n: number) =>
    capped && n >= COUNT_CAP ? `${COUNT_CAP.toLocaleString('en')}+` : n.toLocaleString('en');
  const selectedItems = items.filter((item) => selected.has(item.id));
  const allSelected = items.length > 0 && items.filter(canTriage).every((item) => selected.has(item.id));

  return (
    <section class="inbox" aria-labelledby="inbox-title">
      <h2 id="inbox-title" class="sr-only">
        Inbox
      </h2>
      <nav class="tabs" aria-label="Report status">
        {REPORT_STATUSES.map((tab) => (
          <Link
            key={tab}
            to={inboxPath(scope, tab, filters, sort)}
            aria-current={tab === status ? 'page' : undefined}
          >
            {STATUS_LABELS[tab]} <span class="count">{countData ? countText(countData[tab]) : '…'}</span>
          </Link>
        ))}
      </nav>
      {capped && countData && REPORT_STATUSES.some((tab) => countData[tab] >= COUNT_CAP) && (
        <p class="hint">Counts stop at {COUNT_CAP.toLocaleString('en')} while a filter is set.</p>
      )}
      <FilterForm
        key={filterKey}
        filters={filters}
        sort={sort}
        people={people.state.status === 'ready' ? people.state.data : []}
        onApply={(next, nextSort) => navigate(inboxPath(scope, status, next, nextSort), { replace: true })}
      />
      {site && canExport(site.role) && (
        <p class="export">
          Export what is shown:{' '}
          {EXPORT_FORMATS.map((format) => (
            <a key={format} href={exportUrl(site.id, format, { ...filters, status })} download>
              {format.toUpperCase()}
            </a>
          ))}
        </p>
      )}
      {undo.offer && (
        <fieldset class="undo" aria-label="Last action">
          <span>{undo.offer.label}</span> ·{' '}
          <button type="button" class="secondary" onClick={() => void takeUndo()}>
            Undo
          </button>{' '}
          <kbd>z</kbd>
        </fieldset>
      )}
      {anyTriage && selected.size > 0 && (
        <BulkBar
          count={selected.size}
          current={status}
          busy={busy}
          onStatus={(to) => changeStatus(selectedItems, to)}
          onAssign={() => assign(selectedItems, me.user.id)}
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
            {anyTriage && (
              <label class="select-all">
                <input
                  type="checkbox"
                  checked={allSelected}
                  onChange={() =>
                    setSelected(
                      allSelected ? new Set() : new Set(items.filter(canTriage).map((item) => item.id)),
                    )
                  }
                />
                Select all {items.length} shown
              </label>
            )}
            <p class="hint">
              Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>x</kbd> select, <kbd>f</kbd> fixed, <kbd>d</kbd>{' '}
              dismiss, <kbd>s</kbd> spam, <kbd>a</kbd> assign to me, <kbd>z</kbd> undo, <kbd>?</kbd> all keys.
            </p>
          </div>
          <ol class="cards" ref={listRef}>
            {items.map((report, index) => (
              <li key={report.id}>
                <ReportCard
                  report={report}
                  cmsUrlTemplate={sites.find((s) => s.id === report.siteId)?.settings.cmsUrlTemplate ?? null}
                  focused={index === focusIndex || (focusIndex === -1 && index === 0)}
                  selected={selected.has(report.id)}
                  canTriage={canTriage(report)}
                  showSite={scope === null}
                  meId={me.user.id}
                  now={now}
                  onFocus={() => setFocusIndex(index)}
                  onToggle={() => toggle(report.id)}
                  onStatus={(to) => changeStatus([report], to)}
                  onAssign={(to) => assign([report], to)}
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
