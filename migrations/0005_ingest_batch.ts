import { type Kysely, sql } from 'kysely';

/**
 * Group commit for ingest: `misprint_ingest_batch` stores many reports in one statement, and so
 * one transaction and one WAL flush, by calling `misprint_ingest_report` (migrations/0002) for
 * each item in order. The per-report rules live only there; this function adds no logic of its
 * own, so an item sees every earlier item of its batch exactly as it would see an earlier request.
 *
 * Items are a jsonb array of objects keyed like `StoreReportInput` (server/db/queries/ingest.ts),
 * timestamps as ISO strings. One row comes back per item, `o_index`
 * being its 1-based position. Advisory locks and lease rows stay held until the batch commits,
 * which is why the caller sorts items by lock key. Any error fails the whole batch (nothing is
 * written) and the caller retries its items one by one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // PL/pgSQL caches a generic plan per statement for the whole session. Planned while `reports`
  // has the statistics of an empty table (a new install, or after TRUNCATE and ANALYZE), the
  // function's lookups became sequential scans that stayed cached as the table grew: 0.37 ms a
  // report at 1,000 rows, 1.5 ms at 5,000 (bench/ingest.ts). Each lookup has its index (see
  // tests/server/ingest/indexes.test.ts); inside the function the planner is told to use it.
  await sql`
    ALTER FUNCTION misprint_ingest_report(uuid, uuid, text, text, text, text, text, text, integer, integer,
      text, text, text, text, text, timestamptz, timestamptz, integer, integer, timestamptz, integer, integer)
    SET enable_seqscan = off`.execute(db);

  await sql`
    CREATE OR REPLACE FUNCTION misprint_ingest_batch(p_items jsonb)
    RETURNS TABLE (o_index integer, o_outcome text, o_status text, o_duplicates integer,
                   o_retry_at timestamptz, o_claimed integer)
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
          SELECT item.n, r.o_outcome, r.o_status, r.o_duplicates, r.o_retry_at, r.o_claimed
            FROM misprint_ingest_report(
              (item.v->>'id')::uuid, (item.v->>'siteId')::uuid, item.v->>'url', item.v->>'title',
              item.v->>'lang', item.v->>'exact', item.v->>'prefix', item.v->>'suffix',
              (item.v->>'positionStart')::integer, (item.v->>'positionEnd')::integer,
              item.v->>'suggestion', item.v->>'comment', item.v->>'kind', item.v->>'groupKey',
              item.v->>'ipHash', (item.v->>'now')::timestamptz, (item.v->>'dayStart')::timestamptz,
              (item.v->>'clientPerMinute')::integer, (item.v->>'clientPerDay')::integer,
              (item.v->>'windowStart')::timestamptz, (item.v->>'siteLimit')::integer,
              (item.v->>'siteClaim')::integer) r;
      END LOOP;
    END $$`.execute(db);
}
