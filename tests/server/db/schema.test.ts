import { type InsertResult, sql } from 'kysely';
import { expect, it } from 'vitest';
import { DEFAULT_SITE_SETTINGS } from '../../../contract/api.js';
import { migrateToLatest } from '../../../server/db/migrate.js';
import { describeEachDialect } from '../../helpers/databases.js';

describeEachDialect('schema', (t) => {
  async function addSite(): Promise<string> {
    const site = await t()
      .db.insertInto('sites')
      .values({
        key: `k${Math.random().toString(36).slice(2)}`,
        name: 'News',
        origins: ['https://news.example'],
        settings: JSON.stringify(DEFAULT_SITE_SETTINGS),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return site.id;
  }

  async function addReport(siteId: string, groupKey: string, receivedAt: string): Promise<string> {
    const id = crypto.randomUUID();
    await t()
      .db.insertInto('reports')
      .values({
        id,
        site_id: siteId,
        url: 'https://news.example/a',
        quote_exact: 'recieved',
        group_key: groupKey,
        ip_hash: 'h',
        kind: 'typo',
        received_at: receivedAt,
      })
      .execute();
    return id;
  }

  it('runs the migrations again without applying anything', async () => {
    expect(await migrateToLatest(t().db)).toEqual([]);
  });

  it('returns counts as numbers on both dialects', async () => {
    const row = await sql<{ n: number }>`select count(*) as n from sites`.execute(t().db);
    expect(typeof row.rows[0]?.n).toBe('number');
  });

  it('keeps one report group per text and status with its size and newest report', async () => {
    const siteId = await addSite();
    await addReport(siteId, 'g1', '2026-01-01T00:00:00Z');
    const newest = await addReport(siteId, 'g1', '2026-01-02T00:00:00Z');
    const oldest = await addReport(siteId, 'g1', '2025-12-31T00:00:00Z');
    const groups = () =>
      t()
        .db.selectFrom('report_groups')
        .selectAll()
        .where('site_id', '=', siteId)
        .orderBy('status')
        .execute();
    expect((await groups()).map((g) => [g.status, g.report_count, g.latest_report_id])).toEqual([
      ['new', 3, newest],
    ]);

    await t().db.updateTable('reports').set({ status: 'fixed' }).where('id', '=', newest).execute();
    const moved = await groups();
    expect(moved.map((g) => [g.status, g.report_count])).toEqual([
      ['fixed', 1],
      ['new', 2],
    ]);
    expect(moved.find((g) => g.status === 'new')?.latest_report_id).not.toBe(oldest);

    const result = await t()
      .db.deleteFrom('reports')
      .where('site_id', '=', siteId)
      .where('status', '=', 'new')
      .executeTakeFirst();
    expect(result.numDeletedRows).toBe(2n);
    expect((await groups()).map((g) => g.status)).toEqual(['fixed']);
  });

  it('does not run another caller\u2019s query inside an open transaction', async () => {
    const siteId = await addSite();
    // Compiling is the last step before a query asks the driver for a connection; this plugin
    // tells when the outside query got there.
    let compiled!: () => void;
    const outsideCompiled = new Promise<void>((resolve) => {
      compiled = resolve;
    });
    const watched = t().db.withPlugin({
      transformQuery: (args) => {
        compiled();
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    let outside: Promise<InsertResult> | undefined;
    let outsideSettled = false;
    const tx = t()
      .db.transaction()
      .execute(async (trx) => {
        await trx.updateTable('sites').set({ name: 'Renamed' }).where('id', '=', siteId).execute();
        outside = watched
          .insertInto('reports')
          .values({
            id: crypto.randomUUID(),
            site_id: siteId,
            url: 'https://news.example/b',
            quote_exact: 'x',
            group_key: 'g2',
            ip_hash: 'h',
            kind: 'typo',
          })
          .executeTakeFirst();
        void outside.finally(() => {
          outsideSettled = true;
        });
        await outsideCompiled;
        // From compiling to asking for a connection is microtasks only, all run before the next
        // macrotask: the outside query is now at the driver, while this transaction is open.
        await new Promise((resolve) => setImmediate(resolve));
        // The embedded database has one session, which this transaction holds: the query waits.
        // (On PostgreSQL it runs on another pooled connection, done or not by now.)
        if (t().dialect === 'pglite') expect(outsideSettled).toBe(false);
        throw new Error('roll back');
      });
    await expect(tx).rejects.toThrow('roll back');
    expect((await outside!).numInsertedOrUpdatedRows).toBe(1n);
    const site = await t()
      .db.selectFrom('sites')
      .select('name')
      .where('id', '=', siteId)
      .executeTakeFirstOrThrow();
    expect(site.name).toBe('News');
    const kept = await t().db.selectFrom('reports').select('id').where('group_key', '=', 'g2').execute();
    expect(kept).toHaveLength(1);
  });
});
