import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import { CompiledQuery, sql } from 'kysely';
import { expect, it } from 'vitest';
import type { ReportStatus } from '../../../contract/report.js';
import { readerStatusesQuery } from '../../../server/db/queries/report-status.js';
import { STATUS_PER_CLIENT_PER_MINUTE } from '../../../server/routes/report-status.js';
import { describeEachDialect } from '../../helpers/databases.js';
import { addSite, clock, ingestApp, ORIGIN, report, send } from '../ingest/fixtures.js';

/** How a status question is sent in these tests. */
interface AskOptions {
  origin?: string | null;
  ip?: string;
  contentType?: string;
}

/** POSTs a status question (an object is sent as JSON text, as the widget sends it). */
function ask(app: Hono, body: unknown, options: AskOptions = {}): Promise<Response> {
  const headers: Record<string, string> = {
    'Content-Type': options.contentType ?? 'text/plain;charset=UTF-8',
    'X-Forwarded-For': options.ip ?? '203.0.113.50',
  };
  const origin = options.origin === undefined ? ORIGIN : options.origin;
  if (origin !== null) headers.Origin = origin;
  return Promise.resolve(
    app.request('/api/v1/reports/status', {
      method: 'POST',
      headers,
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}

describeEachDialect('POST /api/v1/reports/status', (t) => {
  const at = clock();
  const app = () => ingestApp(t().db, t().dialect, at);
  let ip = 0;
  /** A fresh client address per test, so the per-client guard never couples tests. */
  const nextIp = () => `198.51.100.${++ip}`;

  /** Sends one report per status through ingest and moves it there; returns the ids by status. */
  async function reportsIn(siteKey: string, statuses: readonly ReportStatus[]): Promise<string[]> {
    const ids: string[] = [];
    for (const [n, status] of statuses.entries()) {
      const body = report(siteKey, { quote: { exact: `tpyo${n}`, prefix: 'a ', suffix: ' b' } });
      expect((await send(app(), body, { ip: nextIp() })).status).toBe(201);
      await t().db.updateTable('reports').set({ status }).where('id', '=', body.id).execute();
      ids.push(body.id);
    }
    return ids;
  }

  it('tells open, fixed or closed: dismissed and spam read closed', async () => {
    const site = await addSite(t().db);
    const [open, fixed, dismissed, spam] = await reportsIn(site.key, ['new', 'fixed', 'dismissed', 'spam']);
    const res = await ask(app(), { site: site.key, ids: [open, fixed, dismissed, spam] }, { ip: nextIp() });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      statuses: { [open!]: 'open', [fixed!]: 'fixed', [dismissed!]: 'closed', [spam!]: 'closed' },
    });
  });

  it('leaves out unknown ids and other sites’ reports', async () => {
    const site = await addSite(t().db);
    const other = await addSite(t().db);
    const [mine] = await reportsIn(site.key, ['fixed']);
    const [theirs] = await reportsIn(other.key, ['fixed']);
    const res = await ask(app(), { site: site.key, ids: [mine, theirs, randomUUID()] }, { ip: nextIp() });
    expect(await res.json()).toEqual({ statuses: { [mine!]: 'fixed' } });
  });

  it('matches ids whatever their case, names each once, and answers an empty list', async () => {
    const site = await addSite(t().db);
    const [id] = await reportsIn(site.key, ['new']);
    const res = await ask(app(), { site: site.key, ids: [id!.toUpperCase(), id] }, { ip: nextIp() });
    expect(await res.json()).toEqual({ statuses: { [id!]: 'open' } });
    const empty = await ask(app(), { site: site.key, ids: [] }, { ip: nextIp() });
    expect(await empty.json()).toEqual({ statuses: {} });
  });

  it('lets the site’s allowed origins read the answer, with no cookie and no caching', async () => {
    const site = await addSite(t().db, { origins: [ORIGIN, 'http://localhost:3000'] });
    const res = await ask(
      app(),
      { site: site.key, ids: [] },
      { origin: 'http://localhost:3000', ip: nextIp() },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('vary')).toContain('Origin');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('set-cookie')).toBeNull();
    // Without an Origin (not a browser) there is nothing to allow, and the answer is the same.
    const bare = await ask(app(), { site: site.key, ids: [] }, { origin: null, ip: nextIp() });
    expect(bare.status).toBe(200);
    expect(bare.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers 403 to an origin the site does not allow, unreadable there', async () => {
    const site = await addSite(t().db);
    const [id] = await reportsIn(site.key, ['fixed']);
    const res = await ask(
      app(),
      { site: site.key, ids: [id] },
      { origin: 'https://evil.example', ip: nextIp() },
    );
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('origin_not_allowed');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers 404 unknown_site for a key no site has', async () => {
    const res = await ask(app(), { site: 'key_nobody_has_this', ids: [randomUUID()] }, { ip: nextIp() });
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('unknown_site');
  });

  it('answers 400 invalid_request for more than 50 ids, ids that are no UUID, and broken bodies', async () => {
    const site = await addSite(t().db);
    const tooMany = Array.from({ length: 51 }, () => randomUUID());
    for (const [body, path] of [
      [{ site: site.key, ids: tooMany }, 'ids'],
      [{ site: site.key, ids: ['1; DROP TABLE reports'] }, 'ids.0'],
      [{ ids: [] }, 'site'],
      [{ site: site.key }, 'ids'],
      ['{"site":', ''],
      ['[]', ''],
    ] as const) {
      const res = await ask(app(), body, { ip: nextIp() });
      expect(res.status, JSON.stringify(body)).toBe(400);
      const { error } = await res.json();
      expect(error.code).toBe('invalid_request');
      expect(error.issues.map((issue: { path: string }) => issue.path)).toContain(path);
    }
    const fifty = await ask(app(), { site: site.key, ids: tooMany.slice(0, 50) }, { ip: nextIp() });
    expect(fifty.status).toBe(200);
  });

  it('answers 413 past 4 KiB and 415 for other media types, before reading the site', async () => {
    const site = await addSite(t().db);
    const big = JSON.stringify({ site: site.key, ids: [], pad: 'x'.repeat(4096) });
    const large = await ask(app(), big, { ip: nextIp() });
    expect(large.status).toBe(413);
    expect((await large.json()).error.code).toBe('payload_too_large');
    const form = await ask(
      app(),
      { site: site.key, ids: [] },
      { contentType: 'multipart/form-data', ip: nextIp() },
    );
    expect(form.status).toBe(415);
    expect((await form.json()).error.code).toBe('unsupported_media_type');
  });

  it('answers 429 with Retry-After to a client asking far more often than a widget would', async () => {
    const site = await addSite(t().db);
    at.set('2026-03-02T11:00:10.000Z');
    const client = nextIp();
    const application = app();
    for (let i = 0; i < STATUS_PER_CLIENT_PER_MINUTE; i++) {
      expect((await ask(application, { site: site.key, ids: [] }, { ip: client })).status).toBe(200);
    }
    const refused = await ask(application, { site: site.key, ids: [] }, { ip: client });
    expect(refused.status).toBe(429);
    expect((await refused.json()).error.code).toBe('rate_limited');
    expect(refused.headers.get('retry-after')).toBe('50');
    expect((await ask(application, { site: site.key, ids: [] }, { ip: nextIp() })).status).toBe(200);
    at.advance(50_000);
    expect((await ask(application, { site: site.key, ids: [] }, { ip: client })).status).toBe(200);
  });

  it('answers a preflight from an origin some site allows', async () => {
    await addSite(t().db, { origins: ['https://status-preflight.example'] });
    const res = await app().request('/api/v1/reports/status', {
      method: 'OPTIONS',
      headers: { Origin: 'https://status-preflight.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://status-preflight.example');
  });

  it('reads the statuses by the reports’ primary key', async () => {
    const site = await addSite(t().db);
    await sql`
      INSERT INTO reports (id, site_id, url, quote_exact, group_key, ip_hash)
      SELECT gen_random_uuid(), ${site.id}::uuid, 'https://news.example/' || i, 'x', 'g' || i, 'h'
        FROM generate_series(1, 2000) AS i`.execute(t().db);
    await sql`ANALYZE reports`.execute(t().db);
    const query = readerStatusesQuery(t().db, site.id, [randomUUID(), randomUUID()]).compile();
    const plan = await t()
      .db.transaction()
      .execute(async (trx) => {
        await sql`SET LOCAL enable_seqscan = off`.execute(trx);
        const result = await trx.executeQuery<{ 'QUERY PLAN': string }>(
          CompiledQuery.raw(`EXPLAIN ${query.sql}`, [...query.parameters]),
        );
        return result.rows.map((row) => row['QUERY PLAN']).join('\n');
      });
    expect(plan).toContain('reports_pkey');
  });
});
