import { type Kysely, sql } from 'kysely';
import type { ExportRow } from '../../../contract/api.js';
import type { ReportStatus } from '../../../contract/report.js';
import type { Database } from '../schema.js';
import { groupConditions, type ReportFilters, reportConditions } from './inbox.js';

/**
 * The export's filters: the inbox's, applied to each report (its status, kind, page and text; its
 * group's assignee, author and section), and the receipt window `[from, to)`.
 */
export interface ExportFilters extends ReportFilters {
  status?: ReportStatus;
  from?: Date;
  to?: Date;
}

/** Where the next batch starts: the last report of the previous one, in receipt order. */
export interface ExportCursor {
  /** Microseconds since the epoch, exactly (a JS Date would round them away). */
  receivedMicros: number;
  id: string;
}

/** One batch of exported rows and the cursor after it (null after the last batch). */
export interface ExportBatch {
  rows: ExportRow[];
  next: ExportCursor | null;
}

/**
 * One keyset batch of a site's reports in receipt order, oldest first, as export rows. Each batch
 * is its own short statement (a range of reports_site_time_idx, 0010, or of reports_inbox_idx for
 * one status), so an export of a million rows holds no transaction, snapshot or connection between
 * batches and the embedded database serves other requests in between.
 */
export async function exportBatch(
  db: Kysely<Database>,
  input: { siteId: string; filters: ExportFilters; after: ExportCursor | null; limit: number },
): Promise<ExportBatch> {
  const { filters, after, limit } = input;
  const conditions = [sql`r.site_id = ${input.siteId}::uuid`];
  if (filters.status) conditions.push(sql`r.status = ${filters.status}`);
  if (filters.kind) conditions.push(sql`r.kind = ${filters.kind}`);
  if (filters.from) conditions.push(sql`r.received_at >= ${filters.from}::timestamptz`);
  if (filters.to) conditions.push(sql`r.received_at < ${filters.to}::timestamptz`);
  conditions.push(...reportConditions(filters), ...groupConditions(filters));
  if (after) {
    const at = sql`timestamptz 'epoch' + ${after.receivedMicros}::int8 * interval '1 microsecond'`;
    conditions.push(sql`(r.received_at, r.id) > (${at}, ${after.id}::uuid)`);
  }
  const needsGroup = filters.assignee !== undefined || Boolean(filters.author || filters.section);
  const result = await sql<{
    id: string;
    received_at: Date;
    status: string;
    kind: string;
    url: string;
    title: string | null;
    lang: string | null;
    quote_exact: string;
    quote_prefix: string;
    quote_suffix: string;
    suggestion: string | null;
    comment: string | null;
    page_author: string | null;
    page_section: string | null;
    group_id: string;
    report_count: number | null;
    assignee_email: string | null;
    updated_at: Date;
    r_micros: number;
  }>`
    SELECT r.id, r.received_at, r.status, r.kind, r.url, r.title, r.lang, r.quote_exact, r.quote_prefix,
           r.quote_suffix, r.suggestion, r.comment, r.page_author, r.page_section, gr.id AS group_id,
           g.report_count, u.email AS assignee_email, r.updated_at,
           (extract(epoch from r.received_at) * 1000000)::int8 AS r_micros
      FROM (SELECT r.* FROM reports r
              ${needsGroup ? sql`JOIN groups gr ON gr.site_id = r.site_id AND gr.group_key = r.group_key` : sql``}
             WHERE ${sql.join(conditions, sql` AND `)}
             ORDER BY r.received_at, r.id
             LIMIT ${limit}) AS r
      JOIN groups gr ON gr.site_id = r.site_id AND gr.group_key = r.group_key
      LEFT JOIN report_groups g ON g.site_id = r.site_id AND g.group_key = r.group_key AND g.status = r.status
      LEFT JOIN users u ON u.id = gr.assignee_id
     ORDER BY r.received_at, r.id`.execute(db);
  const rows = result.rows;
  const last = rows.at(-1);
  return {
    rows: rows.map((row) => ({
      id: row.id,
      received_at: row.received_at.toISOString(),
      status: row.status,
      kind: row.kind,
      url: row.url,
      title: row.title,
      lang: row.lang,
      exact: row.quote_exact,
      prefix: row.quote_prefix,
      suffix: row.quote_suffix,
      suggestion: row.suggestion,
      comment: row.comment,
      author: row.page_author,
      section: row.page_section,
      group_id: row.group_id,
      group_count: row.report_count ?? 1,
      assignee_email: row.assignee_email,
      updated_at: row.updated_at.toISOString(),
    })),
    next: rows.length === limit && last ? { receivedMicros: last.r_micros, id: last.id } : null,
  };
}
