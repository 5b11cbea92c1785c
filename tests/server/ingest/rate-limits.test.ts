import type { Hono } from 'hono';
import type { Kysely, KyselyPlugin } from 'kysely';
import { expect, it } from 'vitest';
import type { Database } from '../../../server/db/schema.js';
import { describeEachDialect } from '../../helpers/databases.js';
import { addSite, clock, describeTwoProcesses, ingestApp, report, send, storedReports } from './fixtures.js';

/** A view of `db` that counts the statements sent through it. */
function counted(db: Kysely<Database>): { db: Kysely<Database>; queries: () => number } {
  let n = 0;
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      n++;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  return { db: db.withPlugin(plugin), queries: () => n };
}

/** Sends `n` reports for `siteKey`, one second apart, and returns their statuses. */
async function sendMany(app: Hono, siteKey: string, n: number, ip: (i: number) => string, tick: () => void) {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) {
    tick();
    statuses.push((await send(app, report(siteKey), { ip: ip(i) })).status);
  }
  return statuses;
}

describeEachDialect('ingest rate limits', (t) => {
  it('costs one database round trip per report once the site and salt are known', async () => {
    const at = clock();
    const { db, queries } = counted(t().db);
    const app = ingestApp(db, t().dialect, at);
    const site = await addSite(t().db);
    expect((await send(app, report(site.key), { ip: '192.0.2.1' })).status).toBe(201);
    const before = queries();
    expect((await send(app, report(site.key), { ip: '192.0.2.2' })).status).toBe(201);
    expect((await send(app, report(site.key), { ip: '192.0.2.3' })).status).toBe(201);
    expect(queries() - before).toBe(2);
  });

  it('allows 10 reports a minute per client, then answers 429 with the seconds until a slot frees', async () => {
    const at = clock('2026-03-02T10:00:00.000Z');
    const app = ingestApp(t().db, t().dialect, at);
    const site = await addSite(t().db);
    const statuses = await sendMany(
      app,
      site.key,
      10,
      () => '192.0.2.10',
      () => at.advance(1000),
    );
    expect(statuses).toEqual(Array(10).fill(201));

    at.advance(5000); // 10:00:15; the oldest report (10:00:01) leaves the window at 10:01:01
    const refused = await send(app, report(site.key), { ip: '192.0.2.10' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('46');
    // The widget, on another origin, may read both the answer and how long to wait.
    expect(refused.headers.get('access-control-allow-origin')).toBe('https://news.example');
    expect(refused.headers.get('access-control-expose-headers')).toBe('Retry-After');
    expect((await refused.json()).error.code).toBe('rate_limited');
    // Other clients of the same site are not affected.
    expect((await send(app, report(site.key), { ip: '192.0.2.11' })).status).toBe(201);

    at.set('2026-03-02T10:01:01.000Z');
    expect((await send(app, report(site.key), { ip: '192.0.2.10' })).status).toBe(201);
    expect((await send(app, report(site.key), { ip: '192.0.2.10' })).status).toBe(429);
  });

  it('answers a refused client from memory, writing nothing, until a slot frees', async () => {
    const at = clock('2026-03-02T11:00:00.000Z');
    const { db, queries } = counted(t().db);
    const app = ingestApp(db, t().dialect, at);
    const site = await addSite(t().db, { rateLimits: { clientPerMinute: 2 } });
    await sendMany(
      app,
      site.key,
      2,
      () => '192.0.2.20',
      () => at.advance(1000),
    );
    const leases = await t()
      .db.selectFrom('rate_leases')
      .selectAll()
      .where('site_id', '=', site.id)
      .execute();

    expect((await send(app, report(site.key), { ip: '192.0.2.20' })).status).toBe(429);
    const afterFirstRefusal = queries();
    for (let i = 0; i < 20; i++) {
      const res = await send(app, report(site.key), { ip: '192.0.2.20' });
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(queries()).toBe(afterFirstRefusal);
    expect(await storedReports(t().db, site.id)).toHaveLength(2);
    expect(
      await t().db.selectFrom('rate_leases').selectAll().where('site_id', '=', site.id).execute(),
    ).toEqual(leases);

    at.set('2026-03-02T11:01:01.000Z');
    expect((await send(app, report(site.key), { ip: '192.0.2.20' })).status).toBe(201);
  });

  it('refuses a replay from a client at its limit, as it would a new report', async () => {
    const at = clock('2026-03-02T12:00:00.000Z');
    const app = ingestApp(t().db, t().dialect, at);
    const site = await addSite(t().db, { rateLimits: { clientPerMinute: 1 } });
    const body = report(site.key);
    expect((await send(app, body, { ip: '192.0.2.30' })).status).toBe(201);
    expect((await send(app, body, { ip: '192.0.2.30' })).status).toBe(429);
    expect((await send(app, report(site.key), { ip: '192.0.2.30' })).status).toBe(429);
    // Another client may still replay it.
    expect((await send(app, body, { ip: '192.0.2.31' })).status).toBe(200);
  });

  it('allows 100 reports a day per client and frees them at UTC midnight', async () => {
    const at = clock('2026-03-02T23:00:00.000Z');
    const app = ingestApp(t().db, t().dialect, at);
    const site = await addSite(t().db, { rateLimits: { clientPerDay: 3, clientPerMinute: 10 } });
    const statuses = await sendMany(
      app,
      site.key,
      4,
      () => '192.0.2.40',
      () => at.advance(10 * 60_000),
    );
    expect(statuses).toEqual([201, 201, 201, 429]);

    at.set('2026-03-02T23:59:00.000Z');
    const refused = await send(app, report(site.key), { ip: '192.0.2.40' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');

    at.set('2026-03-03T00:00:00.500Z');
    expect((await send(app, report(site.key), { ip: '192.0.2.40' })).status).toBe(201);
  });

  it('applies the daily default of 100 per client', async () => {
    const at = clock('2026-03-04T00:00:00.000Z');
    const app = ingestApp(t().db, t().dialect, at);
    const site = await addSite(t().db);
    const statuses = await sendMany(
      app,
      site.key,
      101,
      () => '192.0.2.50',
      () => at.advance(7000),
    );
    expect(statuses.slice(0, 100)).toEqual(Array(100).fill(201));
    expect(statuses[100]).toBe(429);
  });

  it('allows a site its reports per minute across all clients, then 429 until the next minute', async () => {
    const at = clock('2026-03-02T13:00:00.000Z');
    const { db, queries } = counted(t().db);
    const app = ingestApp(db, t().dialect, at);
    const site = await addSite(t().db, { rateLimits: { sitePerMinute: 5 } });
    const statuses = await sendMany(
      app,
      site.key,
      8,
      (i) => `192.0.2.${60 + i}`,
      () => at.advance(100),
    );
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429, 429]);

    // Once the database said the minute is spent, refusals come from memory.
    at.set('2026-03-02T13:00:05.200Z');
    const before = queries();
    const refused = await send(app, report(site.key), { ip: '192.0.2.99' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('55');
    expect(queries()).toBe(before);
    expect(await storedReports(t().db, site.id)).toHaveLength(5);

    at.set('2026-03-02T13:01:00.000Z');
    expect((await send(app, report(site.key), { ip: '192.0.2.99' })).status).toBe(201);
  });

  it('accepts limits beyond what the database stores as integers', async () => {
    const at = clock('2026-03-02T19:00:00.000Z');
    const app = ingestApp(t().db, t().dialect, at);
    const huge = 1e12;
    const site = await addSite(t().db, {
      rateLimits: { sitePerMinute: huge, clientPerMinute: huge, clientPerDay: huge },
    });
    expect((await send(app, report(site.key), { ip: '192.0.2.80' })).status).toBe(201);
  });

  it('never accepts more than the site limit under concurrent load', async () => {
    const at = clock('2026-03-02T14:00:00.000Z');
    const app = ingestApp(t().db, t().dialect, at);
    const site = await addSite(t().db, { rateLimits: { sitePerMinute: 30 } });
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) => send(app, report(site.key), { ip: `10.0.1.${i}` })),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(30);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30);
    expect(await storedReports(t().db, site.id)).toHaveLength(30);
  });
});

describeTwoProcesses('ingest rate limits with two server processes on one PostgreSQL database', (t) => {
  it('shares the per-client limit between the processes', async () => {
    const at = clock('2026-03-02T15:00:00.000Z');
    const apps = t().apps(at);
    const site = await addSite(t().db);
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) {
      at.advance(1000);
      statuses.push((await send(i % 2 ? apps[1] : apps[0], report(site.key), { ip: '192.0.2.70' })).status);
    }
    expect(statuses).toEqual([...Array(10).fill(201), ...Array(4).fill(429)]);
  });

  it('shares the per-client limit exactly under concurrent sends to both', async () => {
    const at = clock('2026-03-02T16:00:00.000Z');
    const apps = t().apps(at);
    const site = await addSite(t().db, { rateLimits: { sitePerMinute: 100_000 } });
    // Warm both processes (site, salt, a first lease) so the sends below reach the database together.
    await send(apps[0], report(site.key), { ip: '192.0.2.72' });
    await send(apps[1], report(site.key), { ip: '192.0.2.73' });
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        send(i % 2 ? apps[1] : apps[0], report(site.key), { ip: '192.0.2.71' }),
      ),
    );
    expect(answers.filter((r) => r.status === 201)).toHaveLength(10);
    expect(answers.filter((r) => r.status === 429)).toHaveLength(50);
  });

  it('keeps the sum over both processes within the per-site limit', async () => {
    const at = clock('2026-03-02T17:00:00.000Z');
    const apps = t().apps(at);
    const limit = 40;
    const site = await addSite(t().db, { rateLimits: { sitePerMinute: limit } });
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        send(i % 2 ? apps[1] : apps[0], report(site.key), { ip: `10.0.2.${i}` }),
      ),
    );
    const accepted = answers.filter((r) => r.status === 201).length;
    expect(accepted).toBeLessThanOrEqual(limit);
    // At most one batch (limit/20 = 2) per process may be claimed and left unspent.
    expect(accepted).toBeGreaterThanOrEqual(limit - 2);
    expect(answers.filter((r) => r.status === 429)).toHaveLength(100 - accepted);
    expect(await storedReports(t().db, site.id)).toHaveLength(accepted);

    at.set('2026-03-02T17:01:00.000Z');
    expect((await send(apps[1], report(site.key), { ip: '10.0.3.1' })).status).toBe(201);
  });

  it('hands the per-site budget to whichever process needs it', async () => {
    const at = clock('2026-03-02T18:00:00.000Z');
    const apps = t().apps(at);
    const site = await addSite(t().db, { rateLimits: { sitePerMinute: 10 } });
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) {
      statuses.push((await send(i % 2 ? apps[1] : apps[0], report(site.key), { ip: `10.0.4.${i}` })).status);
    }
    expect(statuses).toEqual([...Array(10).fill(201), ...Array(4).fill(429)]);
  });
});
