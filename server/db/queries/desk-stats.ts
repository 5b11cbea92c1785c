import { type Kysely, sql } from 'kysely';
import type { DailyStats, OpenPage, TimeToFix, TimeToFixBy } from '../../../contract/api.js';
import type { Database } from '../schema.js';

/** Authors and sections listed in time to fix, busiest first; the rest are in the overall figure. */
export const TIME_TO_FIX_NAMES = 10;
/** Pages listed under "most open groups". */
export const OPEN_PAGES = 10;

/**
 * Time to fix over the site's groups fixed since `since`: from a group's first report to its move to
 * `fixed`, median and 90th percentile, overall and by the group's page author and section.
 *
 * A group is fixed when its reports that are `fixed` now got there: for each such report its latest
 * move to `fixed` counts (a fix that was undone and made again counts when it was made again), and
 * the group's fix is the first of those (a duplicate fixed days later does not stretch it). The
 * moves are read from report_events_fixed_idx (0010), the window's fixes only.
 */
export async function timeToFix(
  db: Kysely<Database>,
  siteId: string,
  since: Date,
): Promise<DailyStats['timeToFix']> {
  const result = await sql<{
    author: string | null;
    section: string | null;
    by_author: number;
    by_section: number;
    n: number;
    median: number | null;
    p90: number | null;
  }>`
    WITH report_fixes AS (
      SELECT r.group_key, max(e.created_at) AS fixed_at
        FROM report_events e
        JOIN reports r ON r.id = e.report_id
       WHERE e.to_status = 'fixed' AND e.from_status <> 'fixed' AND e.created_at >= ${since}::timestamptz
         AND r.site_id = ${siteId}::uuid AND r.status = 'fixed'
       GROUP BY r.group_key, r.id
    ),
    durations AS (
      SELECT gr.page_author AS author, gr.page_section AS section,
             greatest(0, extract(epoch from min(f.fixed_at) - gr.created_at))::float8 AS seconds
        FROM report_fixes f
        JOIN groups gr ON gr.site_id = ${siteId}::uuid AND gr.group_key = f.group_key
       GROUP BY gr.site_id, gr.group_key
    )
    SELECT author, section, 1 - GROUPING(author) AS by_author, 1 - GROUPING(section) AS by_section,
           count(*) AS n,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) AS median,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY seconds) AS p90
      FROM durations
     GROUP BY GROUPING SETS ((), (author), (section))`.execute(db);
  const figure = (row: { n: number; median: number | null; p90: number | null }): TimeToFix => ({
    groups: row.n,
    median: row.median,
    p90: row.p90,
  });
  const busiest = (rows: TimeToFixBy[]) =>
    rows.sort((a, b) => b.groups - a.groups || a.name.localeCompare(b.name)).slice(0, TIME_TO_FIX_NAMES);
  const overall = result.rows.find((row) => !row.by_author && !row.by_section);
  return {
    ...(overall ? figure(overall) : { groups: 0, median: null, p90: null }),
    byAuthor: busiest(
      result.rows.flatMap((row) =>
        row.by_author && row.author !== null ? [{ name: row.author, ...figure(row) }] : [],
      ),
    ),
    bySection: busiest(
      result.rows.flatMap((row) =>
        row.by_section && row.section !== null ? [{ name: row.section, ...figure(row) }] : [],
      ),
    ),
  };
}

/** The pages with the most open (`new`) groups, by the url of each group's newest report. */
export async function openPages(db: Kysely<Database>, siteId: string): Promise<OpenPage[]> {
  const result = await sql<{ url: string; title: string | null; groups: number }>`
    SELECT r.url, max(r.title) AS title, count(*) AS groups
      FROM report_groups g
      JOIN reports r ON r.id = g.latest_report_id
     WHERE g.site_id = ${siteId}::uuid AND g.status = 'new'
     GROUP BY r.url
     ORDER BY groups DESC, r.url
     LIMIT ${OPEN_PAGES}`.execute(db);
  return result.rows;
}
