/** The bar that appears while reports are selected: move them all at once. */
import type { JSX } from 'preact';
import { REPORT_STATUSES, type ReportStatus } from '../../contract/report.js';
import { STATUS_ACTIONS } from '../status-labels.js';

/** Props of {@link BulkBar}. */
export interface BulkBarProps {
  count: number;
  /** The tab's status; moving there would change nothing, so it has no button. */
  current: ReportStatus;
  busy: boolean;
  onStatus: (status: ReportStatus) => void;
  onAssign: () => void;
  onClear: () => void;
}

/** "3 selected: Mark fixed · Dismiss · Mark spam · Assign to me · Clear". */
export function BulkBar(props: BulkBarProps): JSX.Element {
  return (
    <section class="bulk" aria-label="Selected reports">
      <span>{props.count} selected</span>
      {REPORT_STATUSES.filter((status) => status !== props.current).map((status) => (
        <button key={status} type="button" disabled={props.busy} onClick={() => props.onStatus(status)}>
          {STATUS_ACTIONS[status]} ({props.count})
        </button>
      ))}
      <button type="button" disabled={props.busy} onClick={props.onAssign}>
        Assign to me ({props.count})
      </button>
      <button type="button" class="secondary" onClick={props.onClear}>
        Clear selection
      </button>
    </section>
  );
}
