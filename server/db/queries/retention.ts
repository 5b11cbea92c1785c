import { type Kysely, sql } from 'kysely';
import type { ReportStatus } from '../../../contract/report.js';
import type { Database } from '../schema.js';

/** Statuses whose reports retention may delete: everything but `new`. */
export const CLOSED_STATUSES: readonly ReportStatus[] = ['fixed', 'dismissed', 'spam'];

/** Sites that set a retention, with it. */
export async function sitesWithRetention(db: Kysely<Database>): Promise<{ id: string; days: number }[]> {
  const rows = await sql<{ id: string; days: number }>`
    SELECT id, (settings->>'retentionDays')::int AS days
      FROM sites
     WHERE jsonb_typeof(settings->'retentionDays') = 'number'`.execute(db);
  return rows.rows;
}

/**
 * Deletes up to `limit` closed reports of a site received before `before`, their history with them
 * (report_events cascades), and the groups left without any report, in one transaction. Returns
 * how many reports went; fewer than `limit` means the site is done.
 */
export async function deleteClosedReports(
  db: Kysely<Database>,
  siteId: string,
  before: Date,
  limit: number,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const gone = await sql<{ group_key: string }>`
      DELETE FROM reports r
       WHERE r.id IN (
             SELECT x.id FROM reports x
              WHERE x.site_id = ${siteId}::uuid AND x.status = ANY(${CLOSED_STATUSES}::text[])
                AND x.received_at < ${before}::timestamptz
              ORDER BY x.received_at
              LIMIT ${limit}
                FOR UPDATE SKIP LOCKED)
      RETURNING r.group_key`.execute(trx);
    const keys = [...new Set(gone.rows.map((row) => row.group_key))];
    if (keys.length > 0) {
      await sql`
        DELETE FROM groups g
         WHERE g.site_id = ${siteId}::uuid AND g.group_key = ANY(${keys}::text[])
           AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.site_id = g.site_id AND r.group_key = g.group_key)`.execute(
        trx,
      );
    }
    return gone.rows.length;
  });
}

/**
 * Clears the client hash of up to `limit` reports received before `before` (the hash exists for
 * rate limiting and abuse handling only, and neither looks further back). Returns how many.
 */
export async function clearClientHashes(db: Kysely<Database>, before: Date, limit: number): Promise<number> {
  const result = await sql`
    UPDATE reports SET ip_hash = ''
     WHERE id IN (SELECT id FROM reports
                   WHERE ip_hash <> '' AND received_at < ${before}::timestamptz
                   LIMIT ${limit}
                     FOR UPDATE SKIP LOCKED)`.execute(db);
  // Replays counted against a client's limits (migrations/0016) carry its hash too.
  await db.deleteFrom('report_replays').where('received_at', '<', before).execute();
  return Number(result.numAffectedRows ?? 0);
}

/** Deletes sessions past their expiry and sign-in throttle windows older than `windowsBefore`. */
export async function deleteExpiredSessions(
  db: Kysely<Database>,
  now: Date,
  windowsBefore: Date,
): Promise<{ sessions: number; loginWindows: number }> {
  const sessions = await db.deleteFrom('sessions').where('expires_at', '<', now).executeTakeFirst();
  const windows = await db
    .deleteFrom('login_attempts')
    .where('window_start', '<', windowsBefore)
    .executeTakeFirst();
  return { sessions: Number(sessions.numDeletedRows), loginWindows: Number(windows.numDeletedRows) };
}
