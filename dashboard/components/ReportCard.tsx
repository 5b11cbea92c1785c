/** One inbox card: a duplicate group of reports, with its context, correction and triage buttons. */
import type { JSX } from 'preact';
import type { ReportItem } from '../../contract/api.js';
import { REPORT_STATUSES, type ReportStatus } from '../../contract/report.js';
import { cmsEditUrl, openOnPageUrl } from '../links.js';
import { Link } from '../router.js';
import { KIND_LABELS, STATUS_ACTIONS } from '../status-labels.js';
import { fullDate, timeAgo } from '../time.js';
import { InlineDiff } from './InlineDiff.js';
import { QuoteInContext } from './QuoteInContext.js';
import { ReaderText } from './ReaderText.js';
import { TriageNotes } from './TriageNotes.js';

/** What a card needs from the inbox around it. */
export interface ReportCardProps {
  report: ReportItem;
  cmsUrlTemplate: string | null;
  /** Whether this card holds the keyboard focus (roving tabindex). */
  focused: boolean;
  selected: boolean;
  /** False for viewers: no checkbox, no triage buttons. */
  canTriage: boolean;
  /** The all-sites inbox names each card's site. */
  showSite: boolean;
  /** The signed-in user, for "Assign to me". */
  meId: string;
  now: number;
  onFocus: () => void;
  onToggle: () => void;
  onStatus: (status: ReportStatus) => void;
  onAssign: (assignee: string | null) => void;
}

/** Who a user is to a reader of the card. */
function personName(user: { email: string; name: string | null }): string {
  return user.name || user.email;
}

/** A card; `data-report` lets the inbox move DOM focus between cards. */
export function ReportCard(props: ReportCardProps): JSX.Element {
  const { report } = props;
  const titleId = `report-${report.id}-title`;
  const pageLink = openOnPageUrl(report.url, report.quote);
  const cmsLink = cmsEditUrl(props.cmsUrlTemplate, report.url);
  return (
    <article
      class={`card${props.selected ? ' selected' : ''}`}
      data-report={report.id}
      tabIndex={props.focused ? 0 : -1}
      aria-labelledby={titleId}
      onFocus={props.onFocus}
    >
      <header class="card-head">
        {props.canTriage && (
          <input
            type="checkbox"
            checked={props.selected}
            onChange={props.onToggle}
            aria-label={`Select report of “${report.quote.exact}”`}
          />
        )}
        <h3 id={titleId} class="card-title">
          <span class="kind">{KIND_LABELS[report.kind]}</span>{' '}
          <ReaderText text={report.title || report.url} />
        </h3>
        {props.showSite && <ReaderText class="site-name" text={report.siteName} />}
        <span class="readers" title="Readers who reported the same text on this page">
          {report.groupCount === 1 ? '1 reader' : `${report.groupCount} readers`}
        </span>
      </header>
      <QuoteInContext quote={report.quote} />
      {report.suggestion !== null && report.suggestion !== '' && (
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
      <TriageNotes report={report} now={props.now} />
      <p class="meta">
        <ReaderText class="url" text={report.url} /> ·{' '}
        <time dateTime={report.receivedAt} title={fullDate(report.receivedAt)}>
          {timeAgo(report.receivedAt, props.now)}
        </time>
        {report.author && (
          <span class="byline">
            {' '}
            · by <ReaderText text={report.author} />
          </span>
        )}
        {report.section && (
          <span class="section">
            {' '}
            · <ReaderText text={report.section} />
          </span>
        )}
      </p>
      <p class="assignee">
        {report.assignee ? (
          <>
            Assigned to{' '}
            <strong>{report.assignee.id === props.meId ? 'you' : personName(report.assignee)}</strong>
          </>
        ) : (
          'Unassigned'
        )}
      </p>
      <div class="actions">
        {pageLink && (
          <a href={pageLink} target="_blank" rel="noopener noreferrer" data-open-on-page>
            Open on page
          </a>
        )}
        {cmsLink && (
          <a href={cmsLink} target="_blank" rel="noopener noreferrer">
            Edit in CMS
          </a>
        )}
        <Link to={`/reports/${encodeURIComponent(report.id)}`} data-detail>
          Details
        </Link>
        {props.canTriage &&
          (report.assignee?.id === props.meId ? (
            <button type="button" class="assign" onClick={() => props.onAssign(null)}>
              Unassign
            </button>
          ) : (
            <button type="button" class="assign" onClick={() => props.onAssign(props.meId)}>
              Assign to me
            </button>
          ))}
        {props.canTriage &&
          REPORT_STATUSES.filter((status) => status !== report.status).map((status) => (
            <button
              key={status}
              type="button"
              class={`status-${status}`}
              onClick={() => props.onStatus(status)}
            >
              {STATUS_ACTIONS[status]}
            </button>
          ))}
      </div>
    </article>
  );
}
