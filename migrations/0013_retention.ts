import { type Kysely, sql } from 'kysely';

/**
 * Indexes behind retention (server/retention/):
 * - client hashes are cleared 48 hours after a report arrives; a partial index holds only the
 *   reports whose hash is still set, so the hourly sweep reads what it changes and nothing else
 *   (and the index empties as it works);
 * - expired sessions are deleted hourly, by their expiry.
 * Closed reports past a site's retention are found through reports_inbox_idx (site, status, time).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX IF NOT EXISTS reports_client_hash_age_idx ON reports (received_at) WHERE ip_hash <> ''`.execute(
    db,
  );
  await sql`CREATE INDEX IF NOT EXISTS sessions_expiry_idx ON sessions (expires_at)`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS login_attempts_window_idx ON login_attempts (window_start)`.execute(
    db,
  );
}
