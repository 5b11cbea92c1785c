import { type Kysely, sql } from 'kysely';

/**
 * Notification channels (issue 8, DESIGN "Notifications"): webhooks, Slack, Telegram and GitHub.
 *
 * - `channels`: one per destination of a site, with the events it takes, an optional filter
 *   (kinds, authors, sections), its non-secret settings in `config` (URL, chat id, repository)
 *   and its credential in `secret` (the webhook signing secret, the bot token, the GitHub token),
 *   which the API shows once. `paused_at` + `paused_reason` (`owner`, or `failing` after 24 hours
 *   of failures counted from `failing_since`).
 * - `deliveries`: the outbox, one row per channel and event, unique on `(channel_id, event_key)`
 *   so an event fanned out twice (a retried job) is delivered once. The event itself is written in
 *   the reader's or editor's transaction as a job (`group.created` by the reports trigger of
 *   0007/0011, `event` by `misprint_emit`); the fan-out job writes these rows and one `delivery`
 *   job each, in one statement. `id` is the message id (`webhook-id`, the same on every retry).
 * - `delivery_attempts`: every attempt with its HTTP status, duration and explained error.
 * - `channel_issues`: the GitHub issue opened for a group, so leaving `new` closes it.
 * - `misprint_listeners` (view): the event types something listens to, per site. Channels are one
 *   source; the e-mail work adds its own by restating the view with a UNION. `sites.notify_events`
 *   is recomputed from it by `misprint_refresh_notify_events(site)`, which the channels trigger
 *   calls and any other listener table's trigger can call too.
 * - `moveAndRecord` (server/db/queries/reports.ts) now emits `group.updated` for status changes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE IF NOT EXISTS channels (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      site_id uuid NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
      type text NOT NULL CHECK (type IN ('webhook', 'slack', 'telegram', 'github')),
      name text NOT NULL,
      events text[] NOT NULL,
      filter jsonb NOT NULL DEFAULT '{}'::jsonb,
      config jsonb NOT NULL DEFAULT '{}'::jsonb,
      secret text,
      paused_at timestamptz,
      paused_reason text CHECK (paused_reason IN ('owner', 'failing')),
      failing_since timestamptz,
      created_by uuid REFERENCES users (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS channels_site_idx ON channels (site_id, created_at, id)`.execute(db);

  await sql`
    CREATE TABLE IF NOT EXISTS deliveries (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      channel_id uuid NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
      event_key text NOT NULL,
      type text NOT NULL,
      payload jsonb NOT NULL,
      test boolean NOT NULL DEFAULT false,
      state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      last_status integer,
      last_error text,
      next_attempt_at timestamptz,
      delivered_at timestamptz,
      created_at timestamptz NOT NULL,
      UNIQUE (channel_id, event_key)
    )`.execute(db);
  // The delivery log: a channel's deliveries, newest first, in keyset pages.
  await sql`
    CREATE INDEX IF NOT EXISTS deliveries_log_idx ON deliveries (channel_id, created_at DESC, id DESC)`.execute(
    db,
  );

  await sql`
    CREATE TABLE IF NOT EXISTS delivery_attempts (
      delivery_id uuid NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
      n integer NOT NULL,
      at timestamptz NOT NULL,
      status integer,
      duration_ms integer NOT NULL,
      error text,
      PRIMARY KEY (delivery_id, n)
    )`.execute(db);

  await sql`
    CREATE TABLE IF NOT EXISTS channel_issues (
      channel_id uuid NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
      group_id uuid NOT NULL,
      number integer NOT NULL,
      closed_at timestamptz,
      PRIMARY KEY (channel_id, group_id)
    )`.execute(db);

  // What listens to which event on a site. A GitHub channel also follows group.updated: its issue
  // closes when the group leaves `new`. Paused channels listen to nothing.
  await sql`
    CREATE OR REPLACE VIEW misprint_listeners AS
      SELECT c.site_id, e.type
        FROM channels c CROSS JOIN LATERAL unnest(c.events) AS e(type)
       WHERE c.paused_at IS NULL
      UNION
      SELECT c.site_id, 'group.updated' FROM channels c WHERE c.type = 'github' AND c.paused_at IS NULL`.execute(
    db,
  );

  await sql`
    CREATE OR REPLACE FUNCTION misprint_refresh_notify_events(p_site uuid) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      wanted text[];
    BEGIN
      SELECT coalesce(array_agg(DISTINCT l.type ORDER BY l.type), '{}') INTO wanted
        FROM misprint_listeners l WHERE l.site_id = p_site;
      UPDATE sites s SET notify_events = wanted WHERE s.id = p_site AND s.notify_events IS DISTINCT FROM wanted;
    END $$`.execute(db);

  await sql`
    CREATE OR REPLACE FUNCTION misprint_channels_listen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM misprint_refresh_notify_events(OLD.site_id);
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') AND (TG_OP = 'INSERT' OR NEW.site_id IS DISTINCT FROM OLD.site_id) THEN
        PERFORM misprint_refresh_notify_events(NEW.site_id);
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`DROP TRIGGER IF EXISTS channels_listen_trg ON channels`.execute(db);
  await sql`
    CREATE TRIGGER channels_listen_trg AFTER INSERT OR DELETE OR UPDATE OF site_id, type, events, paused_at
      ON channels FOR EACH ROW EXECUTE FUNCTION misprint_channels_listen()`.execute(db);
}
