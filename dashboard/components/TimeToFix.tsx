/** The overview's desk figures: time to fix (overall, by author, by section) and the pages with most open groups. */
import type { JSX } from 'preact';
import type { DailyStats, TimeToFixBy } from '../../contract/api.js';
import { duration } from '../time.js';

/** One table of time to fix by a page attribute. */
function ByTable({ caption, rows }: { caption: string; rows: readonly TimeToFixBy[] }): JSX.Element | null {
  if (rows.length === 0) return null;
  return (
    <table class="figures">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Fixed groups</th>
          <th scope="col">Median</th>
          <th scope="col">90th percentile</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.name}>
            <th scope="row">{row.name}</th>
            <td>{row.groups}</td>
            <td>{duration(row.median)}</td>
            <td>{duration(row.p90)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Time to fix and the busiest open pages, from `GET /sites/:siteId/stats`. */
export function DeskFigures({ stats }: { stats: DailyStats }): JSX.Element {
  const fix = stats.timeToFix;
  return (
    <>
      <section aria-labelledby="ttf-title">
        <h2 id="ttf-title">Time to fix</h2>
        {fix.groups === 0 ? (
          <p class="hint">No group was marked fixed in the last 30 days.</p>
        ) : (
          <>
            <p>
              From a group’s first report to fixed, over the {fix.groups}{' '}
              {fix.groups === 1 ? 'group' : 'groups'} fixed in the last 30 days: median{' '}
              <strong>{duration(fix.median)}</strong>, 90th percentile <strong>{duration(fix.p90)}</strong>.
            </p>
            <ByTable caption="By author" rows={fix.byAuthor} />
            <ByTable caption="By section" rows={fix.bySection} />
          </>
        )}
      </section>
      <section aria-labelledby="pages-title">
        <h2 id="pages-title">Pages with the most open reports</h2>
        {stats.openPages.length === 0 ? (
          <p class="hint">No open reports.</p>
        ) : (
          <ol class="open-pages">
            {stats.openPages.map((page) => (
              <li key={page.url}>
                <span class="page-title">{page.title || page.url}</span>{' '}
                <span class="hint">
                  {page.url} · {page.groups} open
                </span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
