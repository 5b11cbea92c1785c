import { type Kysely, sql } from 'kysely';

/**
 * The ingest path in one round trip: `misprint_ingest_report` replays a known id, enforces the
 * per-client limits exactly, claims a batch of the per-site budget when the calling process asks
 * for one, and stores the report, all in the single statement that calls it. A rejected report
 * writes nothing. Plus an index for "is this origin allowed by any site" (CORS preflights).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Preflights carry no site key: they ask whether any site allows the origin.
  await sql`CREATE INDEX IF NOT EXISTS sites_origins_idx ON sites USING gin (origins)`.execute(db);

  // Outcomes: inserted | replayed | foreign (the id belongs to another site's report) |
  // client_limited (o_retry_at says when a slot frees) | site_limited (this minute's budget is spent).
  // o_claimed is the per-site budget granted to the caller (its own report included when inserted).
  await sql`
    CREATE OR REPLACE FUNCTION misprint_ingest_report(
      p_id uuid, p_site uuid, p_url text, p_title text, p_lang text,
      p_exact text, p_prefix text, p_suffix text, p_position_start integer, p_position_end integer,
      p_suggestion text, p_comment text, p_kind text, p_group_key text, p_ip_hash text,
      p_now timestamptz, p_day_start timestamptz, p_client_per_minute integer, p_client_per_day integer,
      p_window_start timestamptz, p_site_limit integer, p_site_claim integer)
    RETURNS TABLE (o_outcome text, o_status text, o_duplicates integer, o_retry_at timestamptz, o_claimed integer)
    LANGUAGE plpgsql AS $$
    DECLARE
      existing record;
      minute_count integer;
      day_count integer;
      granted_now integer;
    BEGIN
      o_claimed := 0;
      o_duplicates := 0;
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
                             received_at, updated_at)
        VALUES (p_id, p_site, p_url, p_title, p_lang, p_exact, p_prefix, p_suffix,
                p_position_start, p_position_end, p_suggestion, p_comment, p_kind, p_group_key, p_ip_hash,
                p_now, p_now)
        ON CONFLICT (id) DO NOTHING;
        IF FOUND THEN
          -- report_groups (kept by the insert trigger) holds the group's size: no scan of its rows.
          SELECT coalesce(sum(g.report_count), 1)::integer - 1 INTO o_duplicates
            FROM report_groups g WHERE g.site_id = p_site AND g.group_key = p_group_key;
          o_outcome := 'inserted';
          o_status := 'new';
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
}
