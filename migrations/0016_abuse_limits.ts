import { type Kysely, sql } from 'kysely';

/**
 * Abuse limits (issue 13):
 * - `reports.origin_null`: the report came with `Origin: null` (a sandboxed frame, or a privacy
 *   setting), so no browser vouched for the page it names; such reports count against a tighter
 *   per-site budget (site setting `rateLimits.nullOriginPerMinute`) and are marked in the inbox.
 *   A partial index holds only them, for the budget's count.
 * - `report_replays`: one row per replayed report id, so a replay counts against the client's
 *   limits as a new report does (and spends the site's budget); kept for the client's day only,
 *   and cleared with the client hashes (retention).
 *
 * Restated here: `misprint_ingest_report` and `misprint_ingest_batch`, 0011's with the two origin
 * parameters appended (defaulted) and the limits checked before a replay is answered.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE reports ADD COLUMN IF NOT EXISTS origin_null boolean NOT NULL DEFAULT false`.execute(
    db,
  );
  await sql`
    CREATE INDEX IF NOT EXISTS reports_origin_null_idx ON reports (site_id, received_at) WHERE origin_null`.execute(
    db,
  );
  await sql`
    CREATE TABLE IF NOT EXISTS report_replays (
      site_id uuid NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
      ip_hash text NOT NULL,
      received_at timestamptz NOT NULL
    )`.execute(db);
  await sql`
    CREATE INDEX IF NOT EXISTS report_replays_client_idx ON report_replays (site_id, ip_hash, received_at)`.execute(
    db,
  );
  await sql`CREATE INDEX IF NOT EXISTS report_replays_age_idx ON report_replays (received_at)`.execute(db);

  await sql`DROP FUNCTION IF EXISTS misprint_ingest_batch(jsonb)`.execute(db);
  await sql`
    DROP FUNCTION IF EXISTS misprint_ingest_report(uuid, uuid, text, text, text, text, text, text, integer, integer,
      text, text, text, text, text, timestamptz, timestamptz, integer, integer, timestamptz, integer, integer,
      text, text, timestamptz, text, text)`.execute(db);

  // 0011's function with two more defaulted parameters (p_origin_null, p_null_origin_limit), and
  // the limits checked before a replay is answered: a replay is counted (report_replays) and
  // limited as a new report is, and spends the site's budget.
  await sql`
    CREATE FUNCTION misprint_ingest_report(
      p_id uuid, p_site uuid, p_url text, p_title text, p_lang text,
      p_exact text, p_prefix text, p_suffix text, p_position_start integer, p_position_end integer,
      p_suggestion text, p_comment text, p_kind text, p_group_key text, p_ip_hash text,
      p_now timestamptz, p_day_start timestamptz, p_client_per_minute integer, p_client_per_day integer,
      p_window_start timestamptz, p_site_limit integer, p_site_claim integer,
      p_page_author text, p_page_section text, p_page_published_at timestamptz,
      p_reader_tag text DEFAULT NULL, p_status text DEFAULT 'new',
      p_origin_null boolean DEFAULT false, p_null_origin_limit integer DEFAULT NULL)
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
      null_count integer;
      replay boolean;
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
      replay := FOUND;
      IF replay AND existing.site_id <> p_site THEN
        o_outcome := 'foreign';
        RETURN NEXT;
        RETURN;
      END IF;

      -- The client's reports and replays of the UTC day (the hash rotates at UTC midnight).
      SELECT count(*) FILTER (WHERE t.received_at > p_now - interval '1 minute'), count(*)
        INTO minute_count, day_count
        FROM (SELECT r.received_at FROM reports r
               WHERE r.site_id = p_site AND r.ip_hash = p_ip_hash AND r.received_at >= p_day_start
              UNION ALL
              SELECT x.received_at FROM report_replays x
               WHERE x.site_id = p_site AND x.ip_hash = p_ip_hash AND x.received_at >= p_day_start) t;
      IF day_count >= p_client_per_day THEN
        o_outcome := 'client_limited';
        o_retry_at := p_day_start + interval '1 day';
        RETURN NEXT;
        RETURN;
      END IF;
      IF minute_count >= p_client_per_minute THEN
        -- A slot frees when enough of the oldest requests in the sliding minute have left it.
        SELECT t.received_at + interval '1 minute' INTO o_retry_at
          FROM (SELECT r.received_at FROM reports r
                 WHERE r.site_id = p_site AND r.ip_hash = p_ip_hash AND r.received_at > p_now - interval '1 minute'
                UNION ALL
                SELECT x.received_at FROM report_replays x
                 WHERE x.site_id = p_site AND x.ip_hash = p_ip_hash AND x.received_at > p_now - interval '1 minute') t
         ORDER BY t.received_at
        OFFSET minute_count - p_client_per_minute LIMIT 1;
        o_outcome := 'client_limited';
        RETURN NEXT;
        RETURN;
      END IF;

      -- Origin: null (a sandboxed frame on any site can send it): a tighter budget per site.
      IF p_origin_null AND p_null_origin_limit IS NOT NULL AND NOT replay THEN
        SELECT count(*) INTO null_count FROM reports r
         WHERE r.site_id = p_site AND r.origin_null AND r.received_at > p_now - interval '1 minute';
        IF null_count >= p_null_origin_limit THEN
          SELECT r.received_at + interval '1 minute' INTO o_retry_at FROM reports r
           WHERE r.site_id = p_site AND r.origin_null AND r.received_at > p_now - interval '1 minute'
           ORDER BY r.received_at
          OFFSET null_count - p_null_origin_limit LIMIT 1;
          o_outcome := 'null_origin_limited';
          RETURN NEXT;
          RETURN;
        END IF;
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

      IF NOT replay THEN
        INSERT INTO reports (id, site_id, url, title, lang, quote_exact, quote_prefix, quote_suffix,
                             position_start, position_end, suggestion, comment, kind, group_key, ip_hash,
                             received_at, updated_at, page_author, page_section, page_published_at, status,
                             origin_null)
        VALUES (p_id, p_site, p_url, p_title, p_lang, p_exact, p_prefix, p_suffix,
                p_position_start, p_position_end, p_suggestion, p_comment, p_kind, p_group_key, p_ip_hash,
                p_now, p_now, p_page_author, p_page_section, p_page_published_at, arrival,
                coalesce(p_origin_null, false))
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
      -- Counted against the client's limits like the report it repeats; older days are forgotten.
      INSERT INTO report_replays (site_id, ip_hash, received_at) VALUES (p_site, p_ip_hash, p_now);
      DELETE FROM report_replays x
       WHERE x.site_id = p_site AND x.ip_hash = p_ip_hash AND x.received_at < p_day_start;
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

  // 0011's batch, passing the origin facts through as well; still no logic of its own.
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
              coalesce(item.v->>'status', 'new'), coalesce((item.v->>'originNull')::boolean, false),
              (item.v->>'nullOriginLimit')::integer) r;
      END LOOP;
    END $$`.execute(db);
}
