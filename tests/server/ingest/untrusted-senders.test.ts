/**
 * Senders the ingest route cannot trust: a page that hides its origin (`Origin: null`, as any
 * sandboxed frame on any site sends) and a client replaying a stored report id. Both are limited
 * as the issue asks: null origins by their own, tighter budget per site, replays by the same
 * limits as new reports.
 */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { DEFAULT_SITE_SETTINGS } from '../../../contract/api.js';
import { describeEachDialect } from '../../helpers/databases.js';
import { addSite, clock, ingestApp, report, send, storedReports } from './fixtures.js';

describeEachDialect('ingest from untrusted senders', (t) => {
  it('accepts Origin: null from many readers only within the site’s null-origin budget, and marks those reports', async () => {
    const at = clock('2026-03-02T10:00:00.000Z');
    const app = ingestApp(t().db, t().dialect, at);
    const site = await addSite(t().db, { rateLimits: { nullOriginPerMinute: 3 } });
    const statuses: number[] = [];
    // Every reader a different address, so only the per-site null-origin budget can refuse.
    for (let i = 0; i < 5; i++) {
      at.advance(1000);
      statuses.push(
        (await send(app, report(site.key), { origin: 'null', ip: `198.51.100.${i + 1}` })).status,
      );
    }
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
    const refused = await send(app, report(site.key), { origin: 'null', ip: '198.51.100.99' });
    expect(refused.status).toBe(429);
    expect((await refused.json()).error.code).toBe('rate_limited');
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0);

    // The page's own origin, or none at all (a server-side sender), is not this budget's business.
    expect((await send(app, report(site.key), { ip: '198.51.100.50' })).status).toBe(201);
    expect((await send(app, report(site.key), { origin: null, ip: '198.51.100.51' })).status).toBe(201);

    const rows = await storedReports(t().db, site.id);
    expect(rows.map((r) => r.origin_null)).toEqual([true, true, true, false, false]);

    // A minute later the budget is back.
    at.advance(61_000);
    expect((await send(app, report(site.key), { origin: 'null', ip: '198.51.100.60' })).status).toBe(201);
  });

  it('keeps 60 a minute as the default null-origin budget and lets an owner refuse them all', async () => {
    expect(DEFAULT_SITE_SETTINGS.rateLimits.nullOriginPerMinute).toBe(60);
    const at = clock('2026-03-02T11:00:00.000Z');
    const app = ingestApp(t().db, t().dialect, at);
    const closed = await addSite(t().db, { rateLimits: { nullOriginPerMinute: 0 } });
    expect((await send(app, report(closed.key), { origin: 'null', ip: '198.51.101.1' })).status).toBe(429);
    expect((await send(app, report(closed.key), { ip: '198.51.101.1' })).status).toBe(201);
  });

  it('counts replays of a stored id against the client’s limits, as new reports are', async () => {
    const at = clock('2026-03-02T12:00:00.000Z');
    const app = ingestApp(t().db, t().dialect, at);
    const site = await addSite(t().db, { rateLimits: { clientPerMinute: 3, clientPerDay: 100 } });
    const id = randomUUID();
    const ip = '198.51.102.1';
    expect((await send(app, report(site.key, { id }), { ip })).status).toBe(201);
    const replays: number[] = [];
    for (let i = 0; i < 4; i++) {
      at.advance(1000);
      replays.push((await send(app, report(site.key, { id }), { ip })).status);
    }
    // One stored report and two replays fill the minute; then replays are refused like reports.
    expect(replays).toEqual([200, 200, 429, 429]);
    // And a new report from that client is refused too: the replays spent its minute.
    expect((await send(app, report(site.key), { ip })).status).toBe(429);
    expect(await storedReports(t().db, site.id)).toHaveLength(1);
    // Another client is untouched.
    expect((await send(app, report(site.key, { id }), { ip: '198.51.102.2' })).status).toBe(200);
  });

  it('spends the site’s minute on replays as on new reports', async () => {
    const at = clock('2026-03-02T14:00:00.000Z');
    const app = ingestApp(t().db, t().dialect, at);
    const site = await addSite(t().db, { rateLimits: { sitePerMinute: 2 } });
    const id = randomUUID();
    expect((await send(app, report(site.key, { id }), { ip: '198.51.104.1' })).status).toBe(201);
    expect((await send(app, report(site.key, { id }), { ip: '198.51.104.2' })).status).toBe(200);
    // The site's two reports a minute are spent: a third reader's replay waits like a new report.
    expect((await send(app, report(site.key, { id }), { ip: '198.51.104.3' })).status).toBe(429);
    expect((await send(app, report(site.key), { ip: '198.51.104.4' })).status).toBe(429);
    at.advance(60_000);
    expect((await send(app, report(site.key, { id }), { ip: '198.51.104.3' })).status).toBe(200);
  });

  it('counts replays against the client’s day as well', async () => {
    const at = clock('2026-03-02T13:00:00.000Z');
    const app = ingestApp(t().db, t().dialect, at);
    const site = await addSite(t().db, { rateLimits: { clientPerMinute: 100, clientPerDay: 3 } });
    const id = randomUUID();
    const ip = '198.51.103.1';
    expect((await send(app, report(site.key, { id }), { ip })).status).toBe(201);
    at.advance(120_000);
    expect((await send(app, report(site.key, { id }), { ip })).status).toBe(200);
    at.advance(120_000);
    expect((await send(app, report(site.key, { id }), { ip })).status).toBe(200);
    at.advance(120_000);
    const refused = await send(app, report(site.key, { id }), { ip });
    expect(refused.status).toBe(429);
  });
});
