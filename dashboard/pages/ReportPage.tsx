/** One report with its group's assignee and its history of status moves and assignments (who, when, note). */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { ReportDetail, ReportEvent, Role, User } from '../../contract/api.js';
import { canTriage, canViewSite } from '../../contract/permissions.js';
import { REPORT_STATUSES, type ReportStatus } from '../../contract/report.js';
import { announce } from '../announce.js';
import { api, errorMessage } from '../api.js';
import { InlineDiff } from '../components/InlineDiff.js';
import { QuoteInContext } from '../components/QuoteInContext.js';
import { ReaderText } from '../components/ReaderText.js';
import { ErrorNotice, Loading } from '../components/States.js';
import { TriageNotes } from '../components/TriageNotes.js';
import { openOnPageUrl, safeHttpUrl } from '../links.js';
import { useResource } from '../resource.js';
import { Link } from '../router.js';
import { KIND_LABELS, STATUS_ACTIONS, STATUS_DONE, STATUS_LABELS } from '../status-labels.js';
import { fullDate, timeAgo } from '../time.js';
import { useDocumentTitle } from '../title.js';

/** A person as the history names them. */
function who(user: User | null): string {
  return user ? user.name || user.email : 'nobody';
}

/** One history line's change: the status move, the assignment, or both. */
function changeText(event: ReportEvent): string {
  const parts: string[] = [];
  if (event.from !== event.to)
    parts.push(`moved it from ${STATUS_LABELS[event.from]} to ${STATUS_LABELS[event.to]}`);
  if (event.assignee)
    parts.push(
      event.assignee.to
        ? `assigned it to ${who(event.assignee.to)}`
        : `unassigned it from ${who(event.assignee.from)}`,
    );
  return parts.join(' and ') || 'changed nothing';
}

/** The detail page of `/reports/:reportId`. */
export function ReportPage({ reportId, me }: { reportId: string; me: User }): JSX.Element {
  const report = useResource(() => api.report(reportId), reportId);
  useDocumentTitle(report.state.status === 'ready' ? `Report: ${report.state.data.quote.exact}` : 'Report');
  const site = useResource(
    () => (report.state.status === 'ready' ? api.site(report.state.data.siteId) : Promise.resolve(null)),
    report.state.status === 'ready' ? report.state.data.siteId : '',
  );
  if (report.state.status === 'loading') return <Loading label="Loading the report…" />;
  if (report.state.status === 'error')
    return <ErrorNotice error={report.state.error} retry={report.reload} />;
  const role = site.state.status === 'ready' ? (site.state.data?.role ?? null) : null;
  return <Detail report={report.state.data} role={role} me={me} onChanged={report.reload} />;
}

function Detail({
  report,
  role,
  me,
  onChanged,
}: {
  report: ReportDetail;
  /** The caller's role on the report's site; null until the site has loaded. */
  role: Role | null;
  me: User;
  onChanged: () => void;
}): JSX.Element {
  const triages = canTriage(role);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const pageUrl = safeHttpUrl(report.url);
  const fragment = openOnPageUrl(report.url, report.quote);
  const assign = async (assignee: string | null) => {
    setError(null);
    try {
      await api.setStatus(report.id, { assignee });
      announce(assignee ? 'Assigned to you.' : 'Unassigned.');
      onChanged();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };
  const recheck = async () => {
    setError(null);
    try {
      const result = await api.recheck(report.siteId, { url: report.url });
      announce(
        result.unreachable > 0
          ? 'The page could not be reached.'
          : `Page checked: ${result.fixed} fixed, ${result.stillThere} still there, ${result.changed} changed.`,
      );
      onChanged();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };
  const block = async () => {
    setError(null);
    if (!window.confirm('Block this reader for 30 days? Their later reports will be kept as spam.')) return;
    try {
      const blocked = await api.blockReader(report.id);
      announce(`Reader blocked until ${fullDate(blocked.expiresAt)}.`);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };
  const move = async (status: ReportStatus) => {
    setError(null);
    try {
      const result = await api.setStatus(report.id, { status, note: note.trim() || undefined });
      announce(`${result.updated} ${result.updated === 1 ? 'report' : 'reports'} ${STATUS_DONE[status]}.`);
      setNote('');
      onChanged();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };
  return (
    <article class="detail" aria-labelledby="detail-title">
      <p>
        <Link
          to={`/sites/${encodeURIComponent(report.siteId)}${report.status === 'new' ? '' : `?status=${report.status}`}`}
        >
          ← Back to the inbox
        </Link>
      </p>
      <h2 id="detail-title">
        <ReaderText text={report.title || report.url} />
      </h2>
      <p class="meta">
        <span class={`badge status-${report.status}`}>{STATUS_LABELS[report.status]}</span> ·{' '}
        {KIND_LABELS[report.kind]} · {report.groupCount === 1 ? '1 reader' : `${report.groupCount} readers`} ·
        received{' '}
        <time dateTime={report.receivedAt} title={fullDate(report.receivedAt)}>
          {timeAgo(report.receivedAt)}
        </time>
      </p>
      <p class="meta">
        {report.author && (
          <>
            By <ReaderText text={report.author} /> ·{' '}
          </>
        )}
        {report.section && (
          <>
            <ReaderText text={report.section} /> ·{' '}
          </>
        )}
        Assigned to {report.assignee ? who(report.assignee) : 'nobody'}
      </p>
      <QuoteInContext quote={report.quote} />
      {report.suggestion && (
        <p class="suggestion">
          <span class="label">Correction:</span>{' '}
          <InlineDiff before={report.quote.exact} after={report.suggestion} />
        </p>
      )}
      {report.comment && (
        <p class="comment">
          <ReaderText text={report.comment} />
        </p>
      )}
      <TriageNotes report={report} now={Date.now()} />
      <p class="url">
        Page:{' '}
        {pageUrl ? (
          <a href={pageUrl} rel="noopener noreferrer" target="_blank">
            <ReaderText text={report.url} />
          </a>
        ) : (
          <ReaderText text={report.url} />
        )}
      </p>
      {fragment && (
        <p>
          <a href={fragment} target="_blank" rel="noopener noreferrer">
            Open on page
          </a>
        </p>
      )}
      {canViewSite(role) && !triages && (
        <p class="hint">As a viewer you can read reports; editors and owners triage them.</p>
      )}
      {triages && (
        <div class="triage">
          <label>
            Note (optional)
            <input
              type="text"
              value={note}
              maxLength={500}
              onInput={(event) => setNote(event.currentTarget.value)}
            />
          </label>
          <div class="actions">
            {report.assignee?.id === me.id ? (
              <button type="button" onClick={() => void assign(null)}>
                Unassign
              </button>
            ) : (
              <button type="button" onClick={() => void assign(me.id)}>
                Assign to me
              </button>
            )}
            {REPORT_STATUSES.filter((status) => status !== report.status).map((status) => (
              <button key={status} type="button" onClick={() => void move(status)}>
                {STATUS_ACTIONS[status]}
              </button>
            ))}
            {report.status === 'new' && (
              <button type="button" onClick={() => void recheck()}>
                Re-check the page
              </button>
            )}
            {role === 'owner' && (
              <button type="button" onClick={() => void block()}>
                Block this reader
              </button>
            )}
          </div>
          {error && (
            <p role="alert" class="error">
              {error}
            </p>
          )}
        </div>
      )}
      <h3 id="history-title">History</h3>
      {report.events.length === 0 ? (
        <p>No changes yet.</p>
      ) : (
        <ol class="history" aria-labelledby="history-title">
          {report.events.map((event) => (
            <li key={event.id}>
              <time dateTime={event.at}>{fullDate(event.at)}</time>:{' '}
              <strong>{event.actor ? event.actor.name || event.actor.email : 'Someone'}</strong>{' '}
              {changeText(event)}
              {event.note && <span class="note"> — “{event.note}”</span>}
            </li>
          ))}
        </ol>
      )}
    </article>
  );
}
