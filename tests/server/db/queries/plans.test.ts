/**
 * The editors' day queries (0010) as PostgreSQL plans them: each must be servable by the index it
 * was written for. EXPLAIN runs on the statements the real query functions send (helpers/plans.ts).
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { timeToFix } from '../../../../server/db/queries/desk-stats.js';
import { exportBatch } from '../../../../server/db/queries/export.js';
import { countReportGroups, listReportGroups } from '../../../../server/db/queries/inbox.js';
import { actionSites } from '../../../../server/db/queries/undo.js';
import { createTestDatabase, isPostgresAvailable, type TestDatabase } from '../../../helpers/databases.js';
import { plansOf } from '../../../helpers/plans.js';
import { createFixtureSite } from '../../../helpers/reports.js';

describe.runIf(await isPostgresAvailable())('editors’ day query plans on PostgreSQL (0010)', () => {
  let database: TestDatabase;
  let siteA: string;
  let siteB: string;
  let userId: string;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    const { db } = database;
    siteA = (await createFixtureSite(db)).id;
    siteB = (await createFixtureSite(db)).id;
    userId = (await db.selectFrom('users').select('id').executeTakeFirstOrThrow()).id;
    // 20,000 reports over two sites, one in 200 of a rare kind, authors and sections spread thin.
    await sql`
      INSERT INTO reports (id, site_id, url, quote_exact, group_key, ip_hash, kind, status, received_at,
                           page_author, page_section)
      SELECT gen_random_uuid(), CASE WHEN g % 2 = 0 THEN ${siteA}::uuid ELSE ${siteB}::uuid END,
             'https://news.example/' || (g % 500), 'recieved ' || g, 'g' || g, 'h',
             CASE WHEN g % 200 = 0 THEN 'other' ELSE 'typo' END, CASE WHEN g % 4 = 0 THEN 'fixed' ELSE 'new' END,
             now() - g * interval '1 second', 'Author ' || (g % 400), 'Section ' || (g % 300)
        FROM generate_series(1, 20000) AS g`.execute(db);
    await sql`UPDATE report_groups SET priority = g.n FROM (SELECT group_key, hashtext(group_key) % 100 AS n FROM report_groups) g
               WHERE report_groups.group_key = g.group_key`.execute(db);
    await sql`
      INSERT INTO report_events (report_id, actor_id, from_status, to_status, created_at, action_id)
      SELECT id, ${userId}::uuid, 'new', 'fixed', received_at, gen_random_uuid() FROM reports WHERE status = 'fixed'`.execute(
      db,
    );
    for (const table of ['reports', 'report_groups', 'groups', 'report_events'])
      await sql`ANALYZE ${sql.table(table)}`.execute(db);
  }, 180_000);
  afterAll(async () => {
    await database?.close();
  });

  const page = (input: Partial<Parameters<typeof listReportGroups>[1]>) => (db: typeof database.db) =>
    listReportGroups(db, { siteIds: [siteA], filters: {}, after: null, limit: 50, ...input });

  it('reads a tab by priority from report_groups_priority_idx', async () => {
    const [plan] = await plansOf(database.db, page({ status: 'new', sort: 'priority' }));
    expect(plan).toContain('Index Scan using report_groups_priority_idx on report_groups g');
  });

  it('reads all statuses by priority from report_groups_priority_all_idx', async () => {
    const [plan] = await plansOf(database.db, page({ sort: 'priority' }));
    expect(plan).toContain('Index Scan using report_groups_priority_all_idx on report_groups g');
  });

  it('bounds a rare kind by priority through an index that leads with the kind', async () => {
    const [plan] = await plansOf(
      database.db,
      page({ status: 'new', sort: 'priority', filters: { kind: 'other' } }),
    );
    // A range scan of the kind-and-priority index, or a bitmap of the kind's few groups sorted after
    // (the planner's pick for a kind this rare): either way the kind bounds what is read.
    expect(plan).toMatch(/(Index Scan using|Bitmap Index Scan on) report_groups_kind(_priority)?(_all)?_idx/);
    expect(plan).not.toMatch(/Seq Scan on report_groups/);
    expect(plan).toMatch(/Index Cond: \(.*latest_kind = 'other'::text/);
  });

  it('reads oldest first by walking the newest-first index backwards', async () => {
    const [plan] = await plansOf(database.db, page({ status: 'new', sort: 'oldest' }));
    expect(plan).toContain('Index Scan Backward using report_groups_inbox_idx on report_groups g');
  });

  it('merges sites by one bounded range scan per site', async () => {
    const [plan] = await plansOf(
      database.db,
      page({ siteIds: [siteA, siteB], status: 'new', sort: 'newest' }),
    );
    expect(plan).toContain('Function Scan on unnest site');
    expect(plan).toMatch(
      /Limit[\s\S]*Index Scan using report_groups_inbox_idx on report_groups g[\s\S]*Index Cond: \(\(site_id = site\.id\)/,
    );
  });

  it('starts an author filter from groups_author_idx', async () => {
    const plans = await plansOf(database.db, (db) => countReportGroups(db, [siteA], { author: 'author 7' }), {
      seqscanOff: true,
    });
    expect(plans[0]).toContain('groups_author_idx');
  });

  it('stops counting a common word at the cap', async () => {
    const [plan] = await plansOf(database.db, (db) => countReportGroups(db, [siteA], { q: 'recieved' }));
    expect(plan?.match(/Limit/g)).toHaveLength(4);
  });

  it('walks an export in receipt order on reports_site_time_idx', async () => {
    const [plan] = await plansOf(
      database.db,
      (db) =>
        exportBatch(db, {
          siteId: siteA,
          filters: {},
          after: { receivedMicros: 0, id: randomUUID() },
          limit: 1000,
        }),
      { seqscanOff: true },
    );
    expect(plan).toContain('Index Scan using reports_site_time_idx on reports r');
  });

  it('finds an action’s rows for undo from report_events_action_idx', async () => {
    const [plan] = await plansOf(
      database.db,
      (db) => actionSites(db, { actorId: userId, actions: [randomUUID()], since: new Date(0) }),
      { seqscanOff: true },
    );
    expect(plan).toContain('report_events_action_idx');
  });

  it('reads the window’s fixes from report_events_fixed_idx', async () => {
    const [plan] = await plansOf(database.db, (db) => timeToFix(db, siteA, new Date(Date.now() - 3600_000)), {
      seqscanOff: true,
    });
    expect(plan).toContain('report_events_fixed_idx');
  });
});
