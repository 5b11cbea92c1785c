import { type Kysely, sql } from 'kysely';
import type { ReaderStatus, ReportStatus } from '../../../contract/report.js';
import type { Database } from '../schema.js';

/** What a reader is told of each status: dismissed and spam read `closed` (docs/contract.md, "Readers told"). */
const READER_STATUS = Object.freeze({
  new: 'open',
  fixed: 'fixed',
  dismissed: 'closed',
  spam: 'closed',
} as const satisfies Record<ReportStatus, ReaderStatus>);

/** The query behind {@link readerStatuses}: one primary-key probe per id, filtered to the site. */
export function readerStatusesQuery(db: Kysely<Database>, siteId: string, ids: readonly string[]) {
  return db
    .selectFrom('reports')
    .select(['id', 'status'])
    .where(sql<boolean>`id = ANY(${ids}::uuid[])`)
    .where('site_id', '=', siteId);
}

/**
 * The reader-facing status of each of `ids` that is a report of `siteId`. Other sites' reports and
 * unknown ids are left out, so the answer says nothing about them.
 */
export async function readerStatuses(
  db: Kysely<Database>,
  siteId: string,
  ids: readonly string[],
): Promise<Record<string, ReaderStatus>> {
  if (ids.length === 0) return {};
  const rows = await readerStatusesQuery(db, siteId, ids).execute();
  return Object.fromEntries(rows.map((row) => [row.id, READER_STATUS[row.status]]));
}
