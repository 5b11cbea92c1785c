import { type Kysely, sql } from 'kysely';

/**
 * The data model (docs/architecture.md): sites, reports (one row per report received), users,
 * memberships, sessions, API tokens, report events, invitations, plus the bookkeeping behind the
 * inbox (report_groups, kept by triggers) and rate limiting. SQL is written to run on PostgreSQL 15
 * and on PGlite (PostgreSQL 18) alike.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE IF NOT EXISTS sites (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      key text NOT NULL UNIQUE,
      name text NOT NULL,
      origins text[] NOT NULL DEFAULT '{}',
      settings jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE TABLE IF NOT EXISTS users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email text NOT NULL UNIQUE CHECK (email = lower(email)),
      name text,
      password_hash text,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE TABLE IF NOT EXISTS memberships (
      site_id uuid NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      role text NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (site_id, user_id)
    )`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS memberships_user_idx ON memberships (user_id)`.execute(db);

  // Only hashes of secrets are stored: a leaked table must not sign anyone in.
  await sql`
    CREATE TABLE IF NOT EXISTS sessions (
      id_hash text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      csrf_token text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS sessions_user_idx ON sessions (user_id)`.execute(db);

  await sql`
    CREATE TABLE IF NOT EXISTS api_tokens (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      name text NOT NULL,
      token_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS api_tokens_user_idx ON api_tokens (user_id)`.execute(db);

  await sql`
    CREATE TABLE IF NOT EXISTS invitations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      site_id uuid NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
      role text NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
      email text,
      token_hash text NOT NULL UNIQUE,
      created_by uuid REFERENCES users (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      accepted_at timestamptz,
      accepted_by uuid REFERENCES users (id) ON DELETE SET NULL
    )`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS invitations_site_idx ON invitations (site_id)`.execute(db);

  // One row per report received. group_key joins duplicates (same text on the same page);
  // ip_hash is a salted hash that rotates daily, never the address.
  await sql`
    CREATE TABLE IF NOT EXISTS reports (
      id uuid PRIMARY KEY,
      site_id uuid NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
      url text NOT NULL,
      title text,
      lang text,
      quote_exact text NOT NULL,
      quote_prefix text NOT NULL DEFAULT '',
      quote_suffix text NOT NULL DEFAULT '',
      position_start integer,
      position_end integer,
      suggestion text,
      comment text,
      kind text NOT NULL DEFAULT 'typo' CHECK (kind IN ('typo', 'fact', 'link', 'other')),
      status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'fixed', 'dismissed', 'spam')),
      note text,
      group_key text NOT NULL,
      ip_hash text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS reports_inbox_idx ON reports (site_id, status, received_at DESC, id DESC)`.execute(
    db,
  );
  await sql`CREATE INDEX IF NOT EXISTS reports_group_idx ON reports (site_id, group_key, received_at)`.execute(
    db,
  );
  await sql`CREATE INDEX IF NOT EXISTS reports_client_idx ON reports (site_id, ip_hash, received_at)`.execute(
    db,
  );

  await sql`
    CREATE TABLE IF NOT EXISTS report_events (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      report_id uuid NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
      actor_id uuid REFERENCES users (id) ON DELETE SET NULL,
      from_status text NOT NULL,
      to_status text NOT NULL,
      note text,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS report_events_report_idx ON report_events (report_id, created_at)`.execute(
    db,
  );

  // The inbox lists duplicate groups, not rows: one row per (site, group, status) with its size and
  // newest report, kept exact by the triggers below so a page of groups is one index range scan.
  await sql`
    CREATE TABLE IF NOT EXISTS report_groups (
      site_id uuid NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
      group_key text NOT NULL,
      status text NOT NULL,
      report_count integer NOT NULL,
      last_received_at timestamptz NOT NULL,
      latest_report_id uuid NOT NULL,
      PRIMARY KEY (site_id, group_key, status)
    )`.execute(db);
  await sql`
    CREATE INDEX IF NOT EXISTS report_groups_inbox_idx
      ON report_groups (site_id, status, last_received_at DESC, group_key DESC)`.execute(db);

  await sql`
    CREATE OR REPLACE FUNCTION misprint_group_add(p_site uuid, p_key text, p_status text, p_at timestamptz, p_id uuid)
    RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO report_groups AS g (site_id, group_key, status, report_count, last_received_at, latest_report_id)
      VALUES (p_site, p_key, p_status, 1, p_at, p_id)
      ON CONFLICT (site_id, group_key, status) DO UPDATE SET
        report_count = g.report_count + 1,
        latest_report_id = CASE WHEN (EXCLUDED.last_received_at, EXCLUDED.latest_report_id) > (g.last_received_at, g.latest_report_id)
                                THEN EXCLUDED.latest_report_id ELSE g.latest_report_id END,
        last_received_at = GREATEST(g.last_received_at, EXCLUDED.last_received_at);
    END $$`.execute(db);

  await sql`
    CREATE OR REPLACE FUNCTION misprint_group_remove(p_site uuid, p_key text, p_status text, p_id uuid)
    RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      remaining integer;
      latest record;
    BEGIN
      UPDATE report_groups SET report_count = report_count - 1
       WHERE site_id = p_site AND group_key = p_key AND status = p_status
      RETURNING report_count INTO remaining;
      IF remaining IS NULL THEN
        RETURN;
      ELSIF remaining <= 0 THEN
        DELETE FROM report_groups WHERE site_id = p_site AND group_key = p_key AND status = p_status;
      ELSE
        SELECT r.id, r.received_at INTO latest FROM reports r
         WHERE r.site_id = p_site AND r.group_key = p_key AND r.status = p_status AND r.id <> p_id
         ORDER BY r.received_at DESC, r.id DESC LIMIT 1;
        IF FOUND THEN
          UPDATE report_groups SET latest_report_id = latest.id, last_received_at = latest.received_at
           WHERE site_id = p_site AND group_key = p_key AND status = p_status;
        END IF;
      END IF;
    END $$`.execute(db);

  await sql`
    CREATE OR REPLACE FUNCTION misprint_reports_groups() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        PERFORM misprint_group_add(NEW.site_id, NEW.group_key, NEW.status, NEW.received_at, NEW.id);
      ELSIF TG_OP = 'UPDATE' THEN
        IF NEW.status IS DISTINCT FROM OLD.status OR NEW.group_key IS DISTINCT FROM OLD.group_key THEN
          PERFORM misprint_group_remove(OLD.site_id, OLD.group_key, OLD.status, OLD.id);
          PERFORM misprint_group_add(NEW.site_id, NEW.group_key, NEW.status, NEW.received_at, NEW.id);
        END IF;
      ELSIF TG_OP = 'DELETE' THEN
        PERFORM misprint_group_remove(OLD.site_id, OLD.group_key, OLD.status, OLD.id);
      END IF;
      RETURN NULL;
    END $$`.execute(db);

  await sql`DROP TRIGGER IF EXISTS reports_groups_trg ON reports`.execute(db);
  await sql`
    CREATE TRIGGER reports_groups_trg AFTER INSERT OR DELETE OR UPDATE OF status, group_key ON reports
      FOR EACH ROW EXECUTE FUNCTION misprint_reports_groups()`.execute(db);

  // Salts for the rotating client hash: one random salt per UTC day, shared by every replica.
  await sql`
    CREATE TABLE IF NOT EXISTS ip_salts (
      day date PRIMARY KEY,
      salt text NOT NULL
    )`.execute(db);

  // Site-wide rate limit budget, handed out to server processes in batches (leases) so that the
  // common request needs no round trip for it while the sum over all replicas stays within the limit.
  await sql`
    CREATE TABLE IF NOT EXISTS rate_leases (
      site_id uuid NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
      window_start timestamptz NOT NULL,
      granted integer NOT NULL,
      PRIMARY KEY (site_id, window_start)
    )`.execute(db);

  // Failed sign-ins per key (account or client hash) and window, for sign-in throttling.
  await sql`
    CREATE TABLE IF NOT EXISTS login_attempts (
      key text NOT NULL,
      window_start timestamptz NOT NULL,
      failures integer NOT NULL,
      PRIMARY KEY (key, window_start)
    )`.execute(db);
}
