import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../helpers/databases.js';

const SITE_ID = '00000000-0000-4000-8000-0000000000a1';

/**
 * The ingest function's and the preflight's queries, as PostgreSQL plans them with sequential scans
 * ruled out: each must be servable by the index it was written for.
 */
describeEachDialect('ingest query plans', (t) => {
  // Realistic statistics: one busy site, 300 groups, 1,000 clients over a day.
  beforeAll(async () => {
    await sql`INSERT INTO sites (id, key, name) VALUES (${SITE_ID}::uuid, 'plans', 'Plans')`.execute(t().db);
    await sql`
      INSERT INTO reports (id, site_id, url, quote_exact, group_key, ip_hash, received_at)
      SELECT gen_random_uuid(), ${SITE_ID}::uuid, 'https://news.example/' || (i % 300), 'x', 'g' || (i % 300),
             'h' || (i % 1000), now() - (i || ' seconds')::interval
        FROM generate_series(1, 5000) AS i`.execute(t().db);
    await sql`ANALYZE reports`.execute(t().db);
    await sql`ANALYZE report_groups`.execute(t().db);
  });

  async function plan(query: string): Promise<string> {
    return t()
      .db.transaction()
      .execute(async (trx) => {
        await sql`SET LOCAL enable_seqscan = off`.execute(trx);
        const result = await sql<{ 'QUERY PLAN': string }>`${sql.raw(`EXPLAIN ${query}`)}`.execute(trx);
        return result.rows.map((r) => r['QUERY PLAN']).join('\n');
      });
  }

  const site = `'${SITE_ID}'::uuid`;

  it('counts a client’s reports in its windows from reports_client_idx', async () => {
    expect(
      await plan(`SELECT count(*) FILTER (WHERE received_at > now() - interval '1 minute'), count(*) FROM reports
        WHERE site_id = ${site} AND ip_hash = 'h7' AND received_at >= date_trunc('day', now())`),
    ).toContain('reports_client_idx');
  });

  it('counts a replayed report’s earlier duplicates from reports_group_idx', async () => {
    expect(
      await plan(`SELECT count(*) FROM reports WHERE site_id = ${site} AND group_key = 'g7'
        AND received_at <= now() AND id <> gen_random_uuid()`),
    ).toContain('reports_group_idx');
  });

  it('reads a group’s size from the report_groups primary key', async () => {
    expect(
      await plan(`SELECT sum(report_count) FROM report_groups WHERE site_id = ${site} AND group_key = 'g7'`),
    ).toContain('report_groups_pkey');
  });

  it('answers “does any site allow this origin” from sites_origins_idx', async () => {
    expect(
      await plan(`SELECT 1 FROM sites WHERE origins @> array['https://news.example']::text[] LIMIT 1`),
    ).toContain('sites_origins_idx');
  });

  it('plans the ingest function with sequential scans ruled out, as above, whatever the statistics say', async () => {
    const result = await sql<{ proconfig: string[] | null }>`
      SELECT proconfig FROM pg_proc WHERE proname = 'misprint_ingest_report'`.execute(t().db);
    expect(result.rows.map((r) => r.proconfig)).toEqual([['enable_seqscan=off']]);
  });
});
