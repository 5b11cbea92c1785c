import { type Kysely, sql } from 'kysely';

/**
 * Indexes behind the editor API's queries that 0001 does not already cover.
 *
 * The inbox's "all statuses" view orders groups by (last_received_at, group_key, status) across
 * statuses; 0001's report_groups_inbox_idx leads with status, so it only serves one tab at a time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX IF NOT EXISTS report_groups_all_idx
      ON report_groups (site_id, last_received_at DESC, group_key DESC, status DESC)`.execute(db);
}
