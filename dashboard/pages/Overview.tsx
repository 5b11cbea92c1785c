/** A site's overview: the 30-day chart and totals per status, time to fix and the pages with most open groups. */
import type { JSX } from 'preact';
import type { Site } from '../../contract/api.js';
import { REPORT_STATUSES } from '../../contract/report.js';
import { api } from '../api.js';
import { Empty, ErrorNotice, Loading } from '../components/States.js';
import { StatsChart } from '../components/StatsChart.js';
import { DeskFigures } from '../components/TimeToFix.js';
import { useResource } from '../resource.js';
import { STATUS_LABELS } from '../status-labels.js';

/** Reports per day for the last 30 days, stacked by current status; time to fix; the busiest open pages. */
export function Overview({ site }: { site: Site }): JSX.Element {
  const stats = useResource(() => api.stats(site.id), site.id);
  if (stats.state.status === 'loading') return <Loading label="Loading statistics…" />;
  if (stats.state.status === 'error') return <ErrorNotice error={stats.state.error} retry={stats.reload} />;
  const { days } = stats.state.data;
  const totals = REPORT_STATUSES.map(
    (status) => [status, days.reduce((sum, day) => sum + day[status], 0)] as const,
  );
  const all = totals.reduce((sum, [, count]) => sum + count, 0);
  return (
    <section class="overview" aria-labelledby="overview-title">
      <h2 id="overview-title">Last 30 days</h2>
      <dl class="totals">
        {totals.map(([status, count]) => (
          <div key={status} class={`total status-${status}`}>
            <dt>{STATUS_LABELS[status]}</dt>
            <dd>{count}</dd>
          </div>
        ))}
      </dl>
      {all === 0 ? (
        <Empty>
          <p>
            No reports in the last 30 days. Once the script tag is on your pages, readers’ reports show up
            here.
          </p>
        </Empty>
      ) : (
        <>
          <StatsChart stats={stats.state.data} />
          <ul class="legend" aria-hidden="true">
            {REPORT_STATUSES.map((status) => (
              <li key={status} class={`status-${status}`}>
                {STATUS_LABELS[status]}
              </li>
            ))}
          </ul>
        </>
      )}
      <DeskFigures stats={stats.state.data} />
    </section>
  );
}
