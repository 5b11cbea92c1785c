/** Reports per day as stacked bars, drawn as inline SVG (no chart library fits the size budget). */
import type { JSX } from 'preact';
import type { DailyStats } from '../../contract/api.js';
import { REPORT_STATUSES } from '../../contract/report.js';
import { STATUS_LABELS } from '../status-labels.js';

const WIDTH = 600;
const HEIGHT = 200;
const AXIS = 24;

/** A stacked bar per day, one colour per status, with a title and a summary for screen readers. */
export function StatsChart({ stats }: { stats: DailyStats }): JSX.Element {
  const days = stats.days;
  const totals = days.map((day) => REPORT_STATUSES.reduce((sum, status) => sum + day[status], 0));
  const peak = Math.max(1, ...totals);
  const slot = (WIDTH - AXIS) / Math.max(days.length, 1);
  const scale = (HEIGHT - AXIS) / peak;
  const sum = totals.reduce((a, b) => a + b, 0);
  const busiest = days[totals.indexOf(Math.max(...totals))];
  return (
    <svg class="chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby="chart-title chart-desc">
      <title id="chart-title">Reports per day, last {days.length} days</title>
      <desc id="chart-desc">
        {sum} reports in total
        {busiest && sum > 0 ? `; the busiest day was ${busiest.date} with ${Math.max(...totals)}` : ''}.
      </desc>
      <text x={0} y={12} class="axis">
        {peak}
      </text>
      <text x={0} y={HEIGHT - AXIS} class="axis">
        0
      </text>
      {days.map((day, index) => {
        let top = HEIGHT - AXIS;
        return (
          <g key={day.date}>
            <title>
              {day.date}:{' '}
              {REPORT_STATUSES.map((status) => `${day[status]} ${STATUS_LABELS[status].toLowerCase()}`).join(
                ', ',
              )}
            </title>
            {REPORT_STATUSES.map((status) => {
              const height = day[status] * scale;
              top -= height;
              return height > 0 ? (
                <rect
                  key={status}
                  class={`bar status-${status}`}
                  x={AXIS + index * slot + 1}
                  y={top}
                  width={Math.max(slot - 2, 1)}
                  height={height}
                />
              ) : null;
            })}
          </g>
        );
      })}
      {days.length > 0 && (
        <>
          <text x={AXIS} y={HEIGHT - 6} class="axis">
            {days[0]?.date}
          </text>
          <text x={WIDTH} y={HEIGHT - 6} class="axis" text-anchor="end">
            {days[days.length - 1]?.date}
          </text>
        </>
      )}
    </svg>
  );
}
