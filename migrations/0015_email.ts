import { type Kysely, sql } from 'kysely';

/**
 * E-mail notifications (DESIGN.md "Notifications", server/mail/):
 * - `email_preferences`: a member's own choice per site (`off`, `instant`, `daily`). No row means
 *   the default of the member's role (daily for owners and editors, off for viewers), so a new
 *   member needs no write and a changed default reaches everyone who never chose.
 * - `email_pending`: new groups waiting for a member's next instant mail. The `mail.instant` job of
 *   a (site, member) takes them (`job_id`) before it sends and deletes them after, so a retried job
 *   sends the same groups again and a group arriving meanwhile waits for the next mail.
 * - `email_instant_state`: per (site, member), when the last instant mail went out and when the
 *   next is scheduled (null: no job pending), which is what coalesces groups within 5 minutes.
 * - `email_digest_days`: per site, the last local day whose digests were enqueued (or found to
 *   have nothing to send), so the check every 5 minutes reads one row per site and does the work
 *   of a site once a day.
 * - `server_keys`: random keys the server signs with (the unsubscribe links), made once by
 *   whichever replica needs one first and shared by all.
 * Rows go with their site or user (ON DELETE CASCADE); a membership that ends leaves a preference
 * behind that only matters if the person is invited back.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE IF NOT EXISTS email_preferences (
      site_id uuid NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      email text NOT NULL CHECK (email IN ('off', 'instant', 'daily')),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (site_id, user_id)
    )`.execute(db);

  await sql`
    CREATE TABLE IF NOT EXISTS email_pending (
      site_id uuid NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      group_id uuid NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL,
      job_id bigint,
      PRIMARY KEY (site_id, user_id, group_id)
    )`.execute(db);

  await sql`
    CREATE TABLE IF NOT EXISTS email_instant_state (
      site_id uuid NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      last_sent_at timestamptz,
      scheduled_at timestamptz,
      PRIMARY KEY (site_id, user_id)
    )`.execute(db);

  await sql`
    CREATE TABLE IF NOT EXISTS email_digest_days (
      site_id uuid PRIMARY KEY REFERENCES sites (id) ON DELETE CASCADE,
      day text NOT NULL,
      checked_at timestamptz NOT NULL
    )`.execute(db);

  await sql`
    CREATE TABLE IF NOT EXISTS server_keys (
      name text PRIMARY KEY,
      key text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  // The digest reads a site's groups by arrival time.
  await sql`CREATE INDEX IF NOT EXISTS groups_site_created_idx ON groups (site_id, created_at)`.execute(db);
}
