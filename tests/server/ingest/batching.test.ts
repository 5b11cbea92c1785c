import { randomUUID } from 'node:crypto';
import type { Kysely, KyselyPlugin, RootOperationNode } from 'kysely';
import { expect, it } from 'vitest';
import type { StoreReportInput } from '../../../server/db/queries/ingest.js';
import type { Database } from '../../../server/db/schema.js';
import { createReportStore } from '../../../server/ingest/report-store.js';
import { describeEachDialect } from '../../helpers/databases.js';
import { addSite, clock, describeTwoProcesses, ingestApp, report, send, storedReports } from './fixtures.js';

const NOW = new Date('2026-03-05T10:00:30.000Z');

/** A report as the intake hands it to the store, for `siteId` from client `ipHash`. */
function input(siteId: string, ipHash: string, overrides: Partial<StoreReportInput> = {}): StoreReportInput {
  return {
    id: randomUUID(),
    siteId,
    url: 'https://news.example/budget-2027',
    title: 'Council passes the budget',
    lang: 'en',
    exact: 'recieved',
    prefix: 'the council has ',
    suffix: ' the draft budget',
    positionStart: 1234,
    positionEnd: 1242,
    suggestion: 'received',
    comment: null,
    kind: 'typo',
    groupKey: `group-${siteId}`,
    ipHash,
    now: NOW,
    dayStart: new Date('2026-03-05T00:00:00.000Z'),
    clientPerMinute: 10,
    clientPerDay: 100,
    windowStart: new Date('2026-03-05T10:00:00.000Z'),
    siteLimit: 600,
    siteClaim: 0,
    pageAuthor: null,
    pageSection: null,
    pagePublishedAt: null,
    ...overrides,
  };
}

/** Whether a statement calls the batch function (the only raw SQL that names it). */
function isBatch(node: RootOperationNode): boolean {
  return node.kind === 'RawNode' && node.sqlFragments.some((s) => s.includes('misprint_ingest_batch'));
}

/** A view of `db` that records each statement as 'batch' or 'other', and can fail batch statements. */
function observed(db: Kysely<Database>) {
  const statements: ('batch' | 'other')[] = [];
  let failBatch: (() => Error) | null = null;
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      const batch = isBatch(args.node);
      statements.push(batch ? 'batch' : 'other');
      if (batch && failBatch) throw failBatch();
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  return {
    db: db.withPlugin(plugin),
    statements,
    failBatchesWith: (make: () => Error) => {
      failBatch = make;
    },
  };
}

describeEachDialect('ingest group commit', (t) => {
  it('coalesces concurrent reports into fewer statements than reports, each answered as alone', async () => {
    const at = clock('2026-03-05T09:00:00.000Z');
    const { db, statements } = observed(t().db);
    const app = ingestApp(db, t().dialect, at);
    const site = await addSite(t().db, { rateLimits: { sitePerMinute: 10_000 } });
    // Warm the site, the salt and the site's budget so the reports below only need the store.
    expect((await send(app, report(site.key), { ip: '198.51.100.1' })).status).toBe(201);
    statements.length = 0;
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => send(app, report(site.key), { ip: `198.51.100.${10 + i}` })),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(30).fill(201));
    // Same quote on the same page: the 31 reports count 0..30 earlier ones, each exactly once.
    const duplicates = await Promise.all(answers.map(async (r) => (await r.json()).duplicates));
    expect(duplicates.sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(statements.length).toBeLessThan(30);
    expect(statements).toContain('batch');
    expect(await storedReports(t().db, site.id)).toHaveLength(31);
  });

  it('gives each report of one batch its own outcome, in order', async () => {
    const site = await addSite(t().db);
    const other = await addSite(t().db);
    const store = createReportStore(t().db);
    const known = input(site.id, 'client-known');
    const foreign = input(other.id, 'client-other');
    const limitedEarlier = input(site.id, 'client-limited', {
      clientPerMinute: 1,
      now: new Date('2026-03-05T10:00:10.000Z'),
    });
    for (const setup of [known, foreign, limitedEarlier]) {
      expect((await store.store(setup)).outcome).toBe('inserted');
    }

    const { db, statements } = observed(t().db);
    const batched = createReportStore(db);
    const twice = input(site.id, 'client-twice');
    const items = [
      input(site.id, 'client-new'),
      { ...known, now: NOW },
      input(site.id, 'client-limited', { clientPerMinute: 1 }),
      { ...input(site.id, 'client-foreign'), id: foreign.id },
      twice,
      { ...twice },
      input(site.id, 'client-site-limited', { siteLimit: 0, siteClaim: 1 }),
    ];
    const results = await Promise.all(items.map((item) => batched.store(item)));

    expect(statements).toEqual(['batch']);
    expect(results.map((r) => r.outcome)).toEqual([
      'inserted',
      'replayed',
      'client_limited',
      'foreign',
      'inserted',
      'replayed',
      'site_limited',
    ]);
    expect(results[1]?.status).toBe('new');
    expect(results[2]?.retryAt?.toISOString()).toBe('2026-03-05T10:01:10.000Z');
    const ids = (await storedReports(t().db, site.id)).map((r) => r.id);
    expect(ids.filter((id) => id === twice.id)).toHaveLength(1);
    // Setup rows (2) plus the new report and one row for the id sent twice.
    expect(ids).toHaveLength(4);
    expect(await storedReports(t().db, other.id)).toHaveLength(1);
  });

  it('answers a mix of new, replayed, foreign and honeypot reports sent at once as it would one by one', async () => {
    const at = clock('2026-03-05T11:00:00.000Z');
    const app = ingestApp(t().db, t().dialect, at);
    const site = await addSite(t().db);
    const other = await addSite(t().db);
    const earlier = report(site.key);
    const elsewhere = report(other.key);
    expect((await send(app, earlier, { ip: '198.51.100.50' })).status).toBe(201);
    expect((await send(app, elsewhere, { ip: '198.51.100.51' })).status).toBe(201);

    const fresh = report(site.key);
    const bot = report(site.key, { hp: 'http://spam.example' });
    const answers = await Promise.all([
      send(app, fresh, { ip: '198.51.100.52' }),
      send(app, earlier, { ip: '198.51.100.53' }),
      send(app, { ...report(site.key), id: elsewhere.id }, { ip: '198.51.100.54' }),
      send(app, bot, { ip: '198.51.100.55' }),
      send(app, fresh, { ip: '198.51.100.52' }),
    ]);
    expect(answers.map((r) => r.status).slice(1, 4)).toEqual([200, 400, 201]);
    // The same id twice at once: one of the two stored it, the other is its replay.
    expect([answers[0]?.status, answers[4]?.status].sort()).toEqual([200, 201]);
    expect(await answers[3]?.json()).toEqual({ id: bot.id, status: 'new', duplicates: 0 });
    const ids = (await storedReports(t().db, site.id)).map((r) => r.id).sort();
    expect(ids).toEqual([earlier.id, fresh.id].sort());
  });

  it('retries the reports of a batch one by one when the batch fails, so one bad report fails alone', async () => {
    const site = await addSite(t().db);
    const doomed = await addSite(t().db);
    const { db, statements } = observed(t().db);
    const store = createReportStore(db);
    const good = [input(site.id, 'client-a'), input(site.id, 'client-b'), input(site.id, 'client-c')];
    // The site is deleted after the intake cached it: its report violates the foreign key.
    await t().db.deleteFrom('sites').where('id', '=', doomed.id).execute();
    const [a, b, c] = good;
    const items = [a, input(doomed.id, 'client-d'), b, c].filter((item) => item !== undefined);
    const settled = await Promise.allSettled(items.map((item) => store.store(item)));

    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const failure = settled[1];
    expect(failure?.status === 'rejected' && failure.reason).toMatchObject({ code: '23503' });
    expect(statements).toEqual(['batch', 'other', 'other', 'other', 'other']);
    const ids = (await storedReports(t().db, site.id)).map((r) => r.id).sort();
    expect(ids).toEqual(good.map((g) => g.id).sort());
  });

  it('retries one by one after a deadlock, and fails every report of the batch when the database is down', async () => {
    const site = await addSite(t().db);
    const { db, statements, failBatchesWith } = observed(t().db);
    const store = createReportStore(db);

    failBatchesWith(() => Object.assign(new Error('deadlock detected'), { code: '40P01' }));
    const retried = [input(site.id, 'client-e'), input(site.id, 'client-f')];
    const outcomes = await Promise.all(retried.map((item) => store.store(item)));
    expect(outcomes.map((o) => o.outcome)).toEqual(['inserted', 'inserted']);
    expect(statements).toEqual(['batch', 'other', 'other']);

    statements.length = 0;
    failBatchesWith(() =>
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    );
    const lost = [input(site.id, 'client-g'), input(site.id, 'client-h')];
    const settled = await Promise.allSettled(lost.map((item) => store.store(item)));
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    expect(statements).toEqual(['batch']);
    expect(await storedReports(t().db, site.id)).toHaveLength(2);
  });
});

describeTwoProcesses('ingest group commit with two server processes on one PostgreSQL database', (t) => {
  it('keeps every client at exactly its limit while both processes batch them together', async () => {
    const at = clock('2026-03-05T12:00:00.000Z');
    const apps = t().apps(at);
    const site = await addSite(t().db, { rateLimits: { clientPerMinute: 4, sitePerMinute: 100_000 } });
    await send(apps[0], report(site.key), { ip: '198.51.100.200' });
    await send(apps[1], report(site.key), { ip: '198.51.100.201' });
    const clients = Array.from({ length: 6 }, (_, c) => `198.51.100.${210 + c}`);
    // 10 reports per client, interleaved over clients and processes, all in flight at once.
    const sends = Array.from({ length: 60 }, (_, i) => ({
      app: apps[i % 2] ?? apps[0],
      ip: clients[i % 6] ?? '',
    }));
    const answers = await Promise.all(sends.map((s) => send(s.app, report(site.key), { ip: s.ip })));
    for (const ip of clients) {
      const statuses = answers.filter((_, i) => sends[i]?.ip === ip).map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(4);
      expect(statuses.filter((s) => s === 429)).toHaveLength(6);
    }
    expect(await storedReports(t().db, site.id)).toHaveLength(2 + 6 * 4);
  });
});
