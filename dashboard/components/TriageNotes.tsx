/** What triage help learned about a card's group: why it ranks there, the dictionary, the last page check. */
import type { JSX } from 'preact';
import { DICTIONARY_REASON, type PageCheckResult, type ReportItem } from '../../contract/api.js';
import { fullDate, shortAgo } from '../time.js';

/** How each re-check outcome reads after "checked 2 h ago:". */
export const CHECK_LABELS: Readonly<Record<PageCheckResult, string>> = {
  still_there: 'still on the page',
  fixed: 'no longer on the page',
  page_changed: 'page changed',
};

/**
 * Reasons as chips, the dictionary's verdict with its suggestions, the last re-check, and a
 * warning on a report sent with `Origin: null`, whose page no browser vouched for.
 */
export function TriageNotes({ report, now }: { report: ReportItem; now: number }): JSX.Element | null {
  const unknown = report.spelling?.known === false ? report.spelling : null;
  // The dictionary's reason is said by its own line, with the suggestions.
  const reasons = report.reasons.filter((reason) => !(unknown && reason === DICTIONARY_REASON));
  if (!unknown && !report.check && reasons.length === 0 && !report.originNull) return null;
  return (
    <div class="triage-notes">
      {report.originNull && (
        <p
          class="origin-null"
          title="Sent with Origin: null (a sandboxed frame or a privacy setting): any site could have sent it for this page."
        >
          Origin not verified
        </p>
      )}
      {reasons.length > 0 && (
        <ul class="reasons" aria-label="Why it ranks here">
          {reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
      {unknown && (
        <p class="spelling">
          Not in the dictionary
          {unknown.suggestions.length > 0 && (
            <>
              {' '}
              · did you mean{' '}
              {unknown.suggestions.map((suggestion, i) => (
                <span key={suggestion}>
                  {i > 0 && ', '}
                  <strong>{suggestion}</strong>
                </span>
              ))}
              ?
            </>
          )}
        </p>
      )}
      {report.check && (
        <p class={`check check-${report.check.result}`}>
          <time dateTime={report.check.at} title={fullDate(report.check.at)}>
            checked {shortAgo(report.check.at, now)}
          </time>
          : {CHECK_LABELS[report.check.result]}
        </p>
      )}
    </div>
  );
}
