import { type Kysely, sql } from 'kysely';

/**
 * Triage help (issue 10): what the server learns about a duplicate group, the inbox priority
 * computed from it, and blocking a reader.
 *
 * - `groups` gains the facts: `readers` (distinct client hashes among its reports, counted as they
 *   arrive, since hashes are cleared after 48 hours), `spelling` (the dictionary's verdict, from the
 *   `group.created` job), `spam_signals` (codes from the same job, see server/triage/spam-signals.ts),
 *   and the last page re-check (`checked_at`, `check_result`).
 * - `misprint_priority` is THE priority formula, in one place (below). `report_groups.priority`
 *   is kept equal to it by a BEFORE trigger on report_groups (every insert or move of a bucket) and
 *   by an AFTER trigger on groups when a fact changes; a new reader updates the other buckets of
 *   its group in `misprint_reports_group_entity`. Nothing in it depends on the current time, so a
 *   group's priority changes only when something is learned about it and keyset pages stay stable.
 * - Blocking (DESIGN "Spam signals"): the daily client hash cannot recognise a reader for 30 days.
 *   Ingest therefore also computes a reader tag, an HMAC of the client address under a key that
 *   lives for two 32-day periods (`reader_keys`), and keeps it beside the day's client hash in
 *   `reader_tags` for 48 hours only (the client hash's own retention). An owner blocking the
 *   reader of a report copies that tag into `blocked_readers` for 30 days; later reports whose tag
 *   (under the current or the previous key) is blocked are stored as `spam` and not announced.
 *   See server/triage/reader-tags.ts for the privacy trade-off.
 * - `recheck_pacing`: per site, the earliest instant the next page fetch may start, shared by
 *   every replica, so a site's pages are fetched at most once a second in all.
 *
 * Restated here: `misprint_ingest_report` and `misprint_ingest_batch` (0007's, with the reader tag
 * and the arrival status as two defaulted parameters), and `misprint_reports_group_entity` (0007's,
 * counting readers and leaving spam arrivals unannounced).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE groups ADD COLUMN IF NOT EXISTS readers integer NOT NULL DEFAULT 1`.execute(db);
  await sql`ALTER TABLE groups ADD COLUMN IF NOT EXISTS spelling jsonb`.execute(db);
  await sql`ALTER TABLE groups ADD COLUMN IF NOT EXISTS spam_signals text[] NOT NULL DEFAULT '{}'`.execute(
    db,
  );
  await sql`ALTER TABLE groups ADD COLUMN IF NOT EXISTS checked_at timestamptz`.execute(db);
  await sql`ALTER TABLE groups ADD COLUMN IF NOT EXISTS check_result text`.execute(db);

  // The priority of a duplicate group's bucket, higher first, in hours: the bucket's newest report
  // time (hours since 2025), plus 6 for each doubling of distinct readers, plus 6 when a word is not
  // in the dictionary, plus up to 12 when the article was fresh when last reported (falling to 0
  // over 72 hours of age at that report), minus 24 for each spam signal. Every term is a fact about
  // the group, never the current time, so it is stable until something is learned. The weights
  // read as "worth that many hours of recency", as hot-ranking formulas do.
  // server/triage/reasons.ts phrases the same terms; tests/server/triage/priority.test.ts keeps both in step.
  await sql`
    CREATE OR REPLACE FUNCTION misprint_priority(p_readers integer, p_spelling jsonb, p_spam_signals text[],
                                                 p_published_at timestamptz, p_last_received_at timestamptz)
    RETURNS double precision LANGUAGE sql IMMUTABLE AS $$
      SELECT (extract(epoch FROM p_last_received_at - timestamptz '2025-01-01 00:00:00+00') / 3600)::float8
           + 6 * ln(GREATEST(coalesce(p_readers, 1), 1)::float8) / ln(2::float8)
           + CASE WHEN p_spelling->>'known' = 'false' THEN 6 ELSE 0 END
           + CASE WHEN p_published_at IS NULL THEN 0
                  ELSE 12 * GREATEST(0::float8, 1 - GREATEST(extract(epoch FROM p_last_received_at - p_published_at), 0)::float8
                                                  / (72 * 3600)) END
           - 24 * coalesce(cardinality(p_spam_signals), 0)
    $$`.execute(db);

  // A bucket's priority from its group's facts (defaults while the group row does not exist).
  await sql`
    CREATE OR REPLACE FUNCTION misprint_group_priority(p_site uuid, p_key text, p_last_received_at timestamptz)
    RETURNS double precision LANGUAGE sql STABLE AS $$
      SELECT coalesce(
        (SELECT misprint_priority(g.readers, g.spelling, g.spam_signals, g.page_published_at, p_last_received_at)
           FROM groups g WHERE g.site_id = p_site AND g.group_key = p_key),
        misprint_priority(1, NULL, '{}', NULL, p_last_received_at))
    $$`.execute(db);

  // Every new bucket and every change of a bucket's newest report (a report arriving or moving).
  await sql`
    CREATE OR REPLACE FUNCTION misprint_report_groups_priority() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.priority := misprint_group_priority(NEW.site_id, NEW.group_key, NEW.last_received_at);
      RETURN NEW;
    END $$`.execute(db);
  await sql`DROP TRIGGER IF EXISTS report_groups_priority_trg ON report_groups`.execute(db);
  await sql`
    CREATE TRIGGER report_groups_priority_trg BEFORE INSERT OR UPDATE OF last_received_at ON report_groups
      FOR EACH ROW EXECUTE FUNCTION misprint_report_groups_priority()`.execute(db);

  // A fact learned about a group (the dictionary, spam signals, the page's date) re-ranks its
  // buckets. `readers` is left out on purpose: it grows only in misprint_reports_group_entity, just
  // before the arriving report's bucket is upserted (which recomputes it), and that function
  // re-ranks the group's other buckets itself, so the arriving bucket is not written twice.
  await sql`
    CREATE OR REPLACE FUNCTION misprint_groups_rerank() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE report_groups rg
         SET priority = misprint_priority(NEW.readers, NEW.spelling, NEW.spam_signals, NEW.page_published_at,
                                          rg.last_received_at)
       WHERE rg.site_id = NEW.site_id AND rg.group_key = NEW.group_key;
      RETURN NULL;
    END $$`.execute(db);
  await sql`DROP TRIGGER IF EXISTS groups_rerank_trg ON groups`.execute(db);
  await sql`
    CREATE TRIGGER groups_rerank_trg AFTER UPDATE OF spelling, spam_signals, page_published_at ON groups
      FOR EACH ROW
      WHEN (OLD.spelling IS DISTINCT FROM NEW.spelling OR OLD.spam_signals IS DISTINCT FROM NEW.spam_signals
            OR OLD.page_published_at IS DISTINCT FROM NEW.page_published_at)
      EXECUTE FUNCTION misprint_groups_rerank()`.execute(db);

  // 0007's function, restated: a report that arrives as spam (a blocked reader) neither counts as
  // a reader nor announces anything; a group first announced by a later report gets its
  // group.created job then (readers 0 → 1). A report from a client hash the group has not seen
  // counts as a new reader. This trigger fires before reports_groups_trg (triggers of one event
  // fire in name order), so the arriving report's bucket is ranked with the new count.
  await sql`
    CREATE OR REPLACE FUNCTION misprint_reports_group_entity() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      group_id uuid;
      counted integer;
      announce boolean := NEW.status <> 'spam';
    BEGIN
      INSERT INTO groups (site_id, group_key, first_report_id, created_at, assignee_id,
                          page_author, page_section, page_published_at, readers)
      VALUES (NEW.site_id, NEW.group_key, NEW.id, NEW.received_at,
              misprint_route_assignee(NEW.site_id, NEW.page_author, NEW.page_section),
              NEW.page_author, NEW.page_section, NEW.page_published_at,
              CASE WHEN announce THEN 1 ELSE 0 END)
      ON CONFLICT (site_id, group_key) DO NOTHING
      RETURNING id INTO group_id;
      IF group_id IS NOT NULL THEN
        IF announce THEN
          PERFORM misprint_enqueue('group.created',
            jsonb_build_object('siteId', NEW.site_id, 'groupKey', NEW.group_key, 'groupId', group_id, 'reportId', NEW.id),
            NEW.received_at);
        END IF;
      ELSE
        SELECT g.id INTO group_id FROM groups g WHERE g.site_id = NEW.site_id AND g.group_key = NEW.group_key;
        IF announce AND NOT EXISTS (
             SELECT 1 FROM reports r
              WHERE r.site_id = NEW.site_id AND r.ip_hash = NEW.ip_hash AND r.group_key = NEW.group_key
                AND r.id <> NEW.id) THEN
          UPDATE groups SET readers = readers + 1
           WHERE site_id = NEW.site_id AND group_key = NEW.group_key
          RETURNING readers INTO counted;
          IF counted = 1 THEN
            PERFORM misprint_enqueue('group.created',
              jsonb_build_object('siteId', NEW.site_id, 'groupKey', NEW.group_key, 'groupId', group_id, 'reportId', NEW.id),
              NEW.received_at);
          END IF;
          UPDATE report_groups rg SET priority = misprint_group_priority(rg.site_id, rg.group_key, rg.last_received_at)
           WHERE rg.site_id = NEW.site_id AND rg.group_key = NEW.group_key AND rg.status <> NEW.status;
        END IF;
      END IF;
      IF announce THEN
        PERFORM misprint_emit(NEW.site_id, 'report.created',
          jsonb_build_object('groupKey', NEW.group_key, 'groupId', group_id, 'reportId', NEW.id), NEW.received_at);
      END IF;
      RETURN NULL;
    END $$`.execute(db);

  await sql`
    CREATE TABLE IF NOT EXISTS reader_keys (
      period integer PRIMARY KEY,
      key text NOT NULL
    )`.execute(db);
  // No foreign key to sites: ingest writes here per client and day, and the hourly sweep removes
  // a deleted site's tags with everyone else's after 48 hours.
  await sql`
    CREATE TABLE IF NOT EXISTS reader_tags (
      site_id uuid NOT NULL,
      ip_hash text NOT NULL,
      tag text NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (site_id, ip_hash)
    )`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS reader_tags_created_idx ON reader_tags (created_at)`.execute(db);
  await sql`
    CREATE TABLE IF NOT EXISTS blocked_readers (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      site_id uuid NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
      tag text NOT NULL,
      report_id uuid REFERENCES reports (id) ON DELETE SET NULL,
      blocked_by uuid REFERENCES users (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      UNIQUE (site_id, tag)
    )`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS blocked_readers_expiry_idx ON blocked_readers (expires_at)`.execute(
    db,
  );

  await sql`
    CREATE TABLE IF NOT EXISTS recheck_pacing (
      site_id uuid PRIMARY KEY REFERENCES sites (id) ON DELETE CASCADE,
      next_slot timestamptz NOT NULL
    )`.execute(db);

  await sql`DROP FUNCTION IF EXISTS misprint_ingest_batch(jsonb)`.execute(db);
  await sql`
    DROP FUNCTION IF EXISTS misprint_ingest_report(uuid, uuid, text, text, text, text, text, text, integer, integer,
      text, text, text, text, text, timestamptz, timestamptz, integer, integer, timestamptz, integer, integer,
      text, text, timestamptz)`.execute(db);

  // 0007's function with two defaulted parameters: p_reader_tag is kept beside the client hash in
  // reader_tags (for blocking), and p_status is the arrival status ('spam' for a blocked reader).
  await sql`
    CREATE FUNCTION misprint_ingest_report(
      p_id uuid, p_site uuid, p_url text, p_title text, p_lang text,
      p_exact text, p_prefix text, p_suffix text, p_position_start integer, p_position_end integer,
      p_suggestion text, p_comment text, p_kind text, p_group_key text, p_ip_hash text,
      p_now timestamptz, p_day_start timestamptz, p_client_per_minute integer, p_client_per_day integer,
      p_window_start timestamptz, p_site_limit integer, p_site_claim integer,
      p_page_author text, p_page_section text, p_page_published_at timestamptz,
      p_reader_tag text DEFAULT NULL, p_status text DEFAULT 'new')
    RETURNS TABLE (o_outcome text, o_status text, o_duplicates integer, o_retry_at timestamptz, o_claimed integer,
                   o_group_created boolean)
    LANGUAGE plpgsql
    SET enable_seqscan = off
    AS $$
    DECLARE
      existing record;
      minute_count integer;
      day_count integer;
      granted_now integer;
      arrival text := coalesce(p_status, 'new');
    BEGIN
      o_claimed := 0;
      o_duplicates := 0;
      o_group_created := false;
      -- One client of one site at a time: the count below and the insert after it cannot interleave
      -- with the same client's other requests on any server process. The two-key form keeps these
      -- locks apart from the single-key locks Kysely's migrator takes.
      PERFORM pg_advisory_xact_lock(hashtext(p_site::text), hashtext(p_ip_hash));

      SELECT r.site_id, r.status, r.group_key, r.received_at INTO existing FROM reports r WHERE r.id = p_id;
      IF NOT FOUND THEN
        -- The hash rotates at UTC midnight, so the day window is the UTC day.
        SELECT count(*) FILTER (WHERE r.received_at > p_now - interval '1 minute'), count(*)
          INTO minute_count, day_count
          FROM reports r
         WHERE r.site_id = p_site AND r.ip_hash = p_ip_hash AND r.received_at >= p_day_start;
        IF day_count >= p_client_per_day THEN
          o_outcome := 'client_limited';
          o_retry_at := p_day_start + interval '1 day';
          RETURN NEXT;
          RETURN;
        END IF;
        IF minute_count >= p_client_per_minute THEN
          -- A slot frees when enough of the oldest reports in the sliding minute have left it.
          SELECT r.received_at + interval '1 minute' INTO o_retry_at
            FROM reports r
           WHERE r.site_id = p_site AND r.ip_hash = p_ip_hash AND r.received_at > p_now - interval '1 minute'
           ORDER BY r.received_at
          OFFSET minute_count - p_client_per_minute LIMIT 1;
          o_outcome := 'client_limited';
          RETURN NEXT;
          RETURN;
        END IF;

        IF p_site_claim > 0 THEN
          LOOP
            SELECT l.granted INTO granted_now FROM rate_leases l
             WHERE l.site_id = p_site AND l.window_start = p_window_start FOR UPDATE;
            IF FOUND THEN
              o_claimed := GREATEST(0, LEAST(p_site_claim, p_site_limit - granted_now));
              EXIT WHEN o_claimed = 0;
              UPDATE rate_leases l SET granted = l.granted + o_claimed
               WHERE l.site_id = p_site AND l.window_start = p_window_start;
              EXIT;
            END IF;
            o_claimed := GREATEST(0, LEAST(p_site_claim, p_site_limit));
            EXIT WHEN o_claimed = 0;
            INSERT INTO rate_leases (site_id, window_start, granted) VALUES (p_site, p_window_start, o_claimed)
            ON CONFLICT (site_id, window_start) DO NOTHING;
            IF FOUND THEN
              -- Leases of past minutes are worthless; the first claim of a minute clears them.
              DELETE FROM rate_leases l
               WHERE l.site_id = p_site AND l.window_start < p_window_start - interval '10 minutes';
              EXIT;
            END IF;
          END LOOP;
          IF o_claimed = 0 THEN
            o_outcome := 'site_limited';
            RETURN NEXT;
            RETURN;
          END IF;
        END IF;

        INSERT INTO reports (id, site_id, url, title, lang, quote_exact, quote_prefix, quote_suffix,
                             position_start, position_end, suggestion, comment, kind, group_key, ip_hash,
                             received_at, updated_at, page_author, page_section, page_published_at, status)
        VALUES (p_id, p_site, p_url, p_title, p_lang, p_exact, p_prefix, p_suffix,
                p_position_start, p_position_end, p_suggestion, p_comment, p_kind, p_group_key, p_ip_hash,
                p_now, p_now, p_page_author, p_page_section, p_page_published_at, arrival)
        ON CONFLICT (id) DO NOTHING;
        IF FOUND THEN
          IF p_reader_tag IS NOT NULL THEN
            INSERT INTO reader_tags (site_id, ip_hash, tag, created_at) VALUES (p_site, p_ip_hash, p_reader_tag, p_now)
            ON CONFLICT (site_id, ip_hash) DO NOTHING;
          END IF;
          -- report_groups (kept by the insert trigger) holds the group's size: no scan of its rows.
          SELECT coalesce(sum(g.report_count), 1)::integer - 1 INTO o_duplicates
            FROM report_groups g WHERE g.site_id = p_site AND g.group_key = p_group_key;
          -- The insert trigger made the group (and its job) if this report is its first and not spam.
          SELECT g.first_report_id = p_id AND arrival <> 'spam' INTO o_group_created
            FROM groups g WHERE g.site_id = p_site AND g.group_key = p_group_key;
          o_outcome := 'inserted';
          o_status := arrival;
          RETURN NEXT;
          RETURN;
        END IF;
        -- Another client's request with the same id committed first: answer as its replay.
        SELECT r.site_id, r.status, r.group_key, r.received_at INTO existing FROM reports r WHERE r.id = p_id;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'report % vanished during ingest', p_id USING ERRCODE = '40001';
        END IF;
      END IF;

      IF existing.site_id <> p_site THEN
        o_outcome := 'foreign';
        RETURN NEXT;
        RETURN;
      END IF;
      -- The first answer counted the group's other rows at insert time; receipt time stands in for
      -- insertion order here, so a replay repeats that answer unless two reports share an instant.
      SELECT count(*)::integer INTO o_duplicates
        FROM reports r
       WHERE r.site_id = p_site AND r.group_key = existing.group_key
         AND r.received_at <= existing.received_at AND r.id <> p_id;
      o_outcome := 'replayed';
      o_status := existing.status;
      RETURN NEXT;
    END $$`.execute(db);

  // 0007's batch, passing the reader tag and arrival status through; still no logic of its own.
  await sql`
    CREATE FUNCTION misprint_ingest_batch(p_items jsonb)
    RETURNS TABLE (o_index integer, o_outcome text, o_status text, o_duplicates integer,
                   o_retry_at timestamptz, o_claimed integer, o_group_created boolean)
    LANGUAGE plpgsql AS $$
    DECLARE
      item record;
    BEGIN
      FOR item IN
        SELECT e.value AS v, e.n::integer AS n
          FROM jsonb_array_elements(p_items) WITH ORDINALITY AS e(value, n)
         ORDER BY e.n
      LOOP
        RETURN QUERY
          SELECT item.n, r.o_outcome, r.o_status, r.o_duplicates, r.o_retry_at, r.o_claimed, r.o_group_created
            FROM misprint_ingest_report(
              (item.v->>'id')::uuid, (item.v->>'siteId')::uuid, item.v->>'url', item.v->>'title',
              item.v->>'lang', item.v->>'exact', item.v->>'prefix', item.v->>'suffix',
              (item.v->>'positionStart')::integer, (item.v->>'positionEnd')::integer,
              item.v->>'suggestion', item.v->>'comment', item.v->>'kind', item.v->>'groupKey',
              item.v->>'ipHash', (item.v->>'now')::timestamptz, (item.v->>'dayStart')::timestamptz,
              (item.v->>'clientPerMinute')::integer, (item.v->>'clientPerDay')::integer,
              (item.v->>'windowStart')::timestamptz, (item.v->>'siteLimit')::integer,
              (item.v->>'siteClaim')::integer, item.v->>'pageAuthor', item.v->>'pageSection',
              (item.v->>'pagePublishedAt')::timestamptz, item.v->>'readerTag',
              coalesce(item.v->>'status', 'new')) r;
      END LOOP;
    END $$`.execute(db);

  // Backfill: readers from the client hashes still held, then every bucket's priority.
  await sql`
    UPDATE groups g SET readers = GREATEST(c.n, 1)
      FROM (SELECT site_id, group_key, count(DISTINCT ip_hash)::integer AS n FROM reports GROUP BY site_id, group_key) c
     WHERE c.site_id = g.site_id AND c.group_key = g.group_key AND g.readers IS DISTINCT FROM GREATEST(c.n, 1)`.execute(
    db,
  );
  await sql`
    UPDATE report_groups rg SET priority = misprint_group_priority(rg.site_id, rg.group_key, rg.last_received_at)`.execute(
    db,
  );
}
