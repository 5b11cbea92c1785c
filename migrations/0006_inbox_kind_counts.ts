import { type Kysely, sql } from 'kysely';

/**
 * The inbox's kind filter and status counts, found slow by bench/inbox.ts at 1,000,000 reports.
 *
 * - Kind: the filter applies to a group's newest report, so walking report_groups newest first and
 *   reading each newest report made a rare kind read ~2,500 groups per page (`kind=other` p95
 *   95 ms). report_groups now carries that report's kind (`latest_kind`), kept exact by the same
 *   triggers, and two indexes lead with it: one per tab, one for the all-statuses view.
 * - Counts: the dashboard asks for groups per status on every inbox load, and counting a site's
 *   groups read all of them (~200 ms). report_group_counts holds signed deltas per (site, status,
 *   kind), written by a trigger on report_groups and summed on read. Deltas are inserted, never
 *   updated: a counter row updated by every new group would serialise concurrent ingest on one row
 *   lock and deadlock two opposite triage moves (new→fixed against fixed→new). The reader folds a
 *   site's deltas into one row per (status, kind) once they pile up (countReportGroups).
 *
 * Ingest cost: a new group adds one delta row and two index entries on report_groups; a duplicate
 * adds two index entries (its upsert moves last_received_at, so it was never a HOT update).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // A constant default makes ADD COLUMN a catalogue change; the backfill then rewrites only the
  // groups whose newest report is not a typo. The default is dropped so no writer can omit it.
  await sql`ALTER TABLE report_groups ADD COLUMN IF NOT EXISTS latest_kind text NOT NULL DEFAULT 'typo'`.execute(
    db,
  );
  await sql`
    UPDATE report_groups g SET latest_kind = r.kind
      FROM reports r
     WHERE r.id = g.latest_report_id AND r.kind <> g.latest_kind`.execute(db);
  await sql`ALTER TABLE report_groups ALTER COLUMN latest_kind DROP DEFAULT`.execute(db);

  await sql`
    CREATE INDEX IF NOT EXISTS report_groups_kind_idx
      ON report_groups (site_id, status, latest_kind, last_received_at DESC, group_key DESC)`.execute(db);
  await sql`
    CREATE INDEX IF NOT EXISTS report_groups_kind_all_idx
      ON report_groups (site_id, latest_kind, last_received_at DESC, group_key DESC, status DESC)`.execute(
    db,
  );

  // 0001's functions with the newest report's kind carried along.
  await sql`
    CREATE OR REPLACE FUNCTION misprint_group_add(p_site uuid, p_key text, p_status text, p_at timestamptz, p_id uuid, p_kind text)
    RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO report_groups AS g (site_id, group_key, status, report_count, last_received_at, latest_report_id, latest_kind)
      VALUES (p_site, p_key, p_status, 1, p_at, p_id, p_kind)
      ON CONFLICT (site_id, group_key, status) DO UPDATE SET
        report_count = g.report_count + 1,
        latest_report_id = CASE WHEN (EXCLUDED.last_received_at, EXCLUDED.latest_report_id) > (g.last_received_at, g.latest_report_id)
                                THEN EXCLUDED.latest_report_id ELSE g.latest_report_id END,
        latest_kind = CASE WHEN (EXCLUDED.last_received_at, EXCLUDED.latest_report_id) > (g.last_received_at, g.latest_report_id)
                           THEN EXCLUDED.latest_kind ELSE g.latest_kind END,
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
        SELECT r.id, r.received_at, r.kind INTO latest FROM reports r
         WHERE r.site_id = p_site AND r.group_key = p_key AND r.status = p_status AND r.id <> p_id
         ORDER BY r.received_at DESC, r.id DESC LIMIT 1;
        IF FOUND THEN
          UPDATE report_groups SET latest_report_id = latest.id, last_received_at = latest.received_at,
                                   latest_kind = latest.kind
           WHERE site_id = p_site AND group_key = p_key AND status = p_status;
        END IF;
      END IF;
    END $$`.execute(db);

  // Nothing changes a report's kind today; should anything start to, the group's newest kind follows.
  await sql`
    CREATE OR REPLACE FUNCTION misprint_reports_groups() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        PERFORM misprint_group_add(NEW.site_id, NEW.group_key, NEW.status, NEW.received_at, NEW.id, NEW.kind);
      ELSIF TG_OP = 'UPDATE' THEN
        IF NEW.status IS DISTINCT FROM OLD.status OR NEW.group_key IS DISTINCT FROM OLD.group_key THEN
          PERFORM misprint_group_remove(OLD.site_id, OLD.group_key, OLD.status, OLD.id);
          PERFORM misprint_group_add(NEW.site_id, NEW.group_key, NEW.status, NEW.received_at, NEW.id, NEW.kind);
        ELSIF NEW.kind IS DISTINCT FROM OLD.kind THEN
          UPDATE report_groups SET latest_kind = NEW.kind
           WHERE site_id = NEW.site_id AND group_key = NEW.group_key AND status = NEW.status
             AND latest_report_id = NEW.id;
        END IF;
      ELSIF TG_OP = 'DELETE' THEN
        PERFORM misprint_group_remove(OLD.site_id, OLD.group_key, OLD.status, OLD.id);
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`DROP TRIGGER IF EXISTS reports_groups_trg ON reports`.execute(db);
  await sql`
    CREATE TRIGGER reports_groups_trg AFTER INSERT OR DELETE OR UPDATE OF status, group_key, kind ON reports
      FOR EACH ROW EXECUTE FUNCTION misprint_reports_groups()`.execute(db);
  // The five-argument version is no longer called by anything.
  await sql`DROP FUNCTION IF EXISTS misprint_group_add(uuid, text, text, timestamptz, uuid)`.execute(db);

  await sql`
    CREATE TABLE IF NOT EXISTS report_group_counts (
      site_id uuid NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
      status text NOT NULL,
      kind text NOT NULL,
      delta integer NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS report_group_counts_site_idx ON report_group_counts (site_id)`.execute(
    db,
  );

  // A site being deleted cascades to its groups after its own row is gone: a delta for it would
  // violate the foreign key, and the cascade removes the site's deltas anyway.
  await sql`
    CREATE OR REPLACE FUNCTION misprint_group_counts() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP <> 'INSERT' THEN
        IF NOT EXISTS (SELECT 1 FROM sites WHERE id = OLD.site_id) THEN
          RETURN NULL;
        END IF;
        INSERT INTO report_group_counts (site_id, status, kind, delta) VALUES (OLD.site_id, OLD.status, OLD.latest_kind, -1);
      END IF;
      IF TG_OP <> 'DELETE' THEN
        INSERT INTO report_group_counts (site_id, status, kind, delta) VALUES (NEW.site_id, NEW.status, NEW.latest_kind, 1);
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`DROP TRIGGER IF EXISTS report_groups_counts_trg ON report_groups`.execute(db);
  await sql`
    CREATE TRIGGER report_groups_counts_trg AFTER INSERT OR DELETE ON report_groups
      FOR EACH ROW EXECUTE FUNCTION misprint_group_counts()`.execute(db);
  // Every duplicate's upsert names these columns; only a real change is worth a delta.
  await sql`DROP TRIGGER IF EXISTS report_groups_counts_move_trg ON report_groups`.execute(db);
  await sql`
    CREATE TRIGGER report_groups_counts_move_trg AFTER UPDATE OF site_id, status, latest_kind ON report_groups
      FOR EACH ROW
      WHEN (OLD.site_id IS DISTINCT FROM NEW.site_id OR OLD.status IS DISTINCT FROM NEW.status
            OR OLD.latest_kind IS DISTINCT FROM NEW.latest_kind)
      EXECUTE FUNCTION misprint_group_counts()`.execute(db);

  // Backfill: one row per (site, status, kind), replacing whatever a rerun would otherwise double.
  await sql`DELETE FROM report_group_counts`.execute(db);
  await sql`
    INSERT INTO report_group_counts (site_id, status, kind, delta)
    SELECT site_id, status, latest_kind, count(*) FROM report_groups GROUP BY site_id, status, latest_kind`.execute(
    db,
  );
}
