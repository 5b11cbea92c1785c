import { type Kysely, sql } from 'kysely';

/**
 * Indexes behind the inbox's filters, found by bench/inbox.ts at 1,000,000 reports. The listing
 * walks report_groups newest first and filters each group's newest report; a filter that matches
 * few rows made that walk read most of the site (url: 354 ms, q: 2.3 s). These let the planner
 * start from the matching reports instead, with the listing's SQL unchanged:
 * - `url`: a page's reports by url, then their groups by `latest_report_id` (354 ms → 1.3 ms);
 * - `q`: trigram indexes answer `ILIKE '%…%'` on the four searched columns (2.3 s → 30 ms), on
 *   PostgreSQL only: PGlite ships pg_trgm as an optional extension the server does not load, and
 *   an embedded database is small enough to scan.
 * Cost on ingest, measured as backend CPU per report over 20,000 reports: the two b-trees ~0, the
 * trigram index +37 µs (~13 % of the database's share), the price of a usable search at scale.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX IF NOT EXISTS reports_url_idx ON reports (url)`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS report_groups_latest_idx ON report_groups (latest_report_id)`.execute(
    db,
  );
  // pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it without
  // superuser rights. Where it is unavailable, search keeps working, unindexed.
  await sql`
    DO $$
    BEGIN
      BEGIN
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
      EXCEPTION WHEN OTHERS THEN
        RAISE NOTICE 'pg_trgm unavailable (%); inbox search stays unindexed', SQLERRM;
      END;
      IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        -- Unqualified operator class: it resolves wherever the extension was installed.
        EXECUTE 'CREATE INDEX IF NOT EXISTS reports_search_trgm_idx ON reports USING gin '
             || '(quote_exact gin_trgm_ops, suggestion gin_trgm_ops, comment gin_trgm_ops, title gin_trgm_ops)';
      END IF;
    END $$`.execute(db);
}
