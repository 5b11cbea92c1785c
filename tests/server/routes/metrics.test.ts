import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../server/app.js';
import { loadConfig } from '../../../server/config.js';
import { type DatabaseHandle, openDatabase } from '../../../server/db/connect.js';
import { createLogger } from '../../../server/logger.js';
import { createMetrics, type JobDepth } from '../../../server/metrics/metrics.js';
import { describeEachDialect } from '../../helpers/databases.js';
import { parseScrape, type Scrape, sampleCount, sampleValue, seriesCount } from '../../helpers/prometheus.js';
import { createFixtureSite, FIXTURE_ORIGIN, validReport } from '../../helpers/reports.js';

/** What `app.request` passes as Node's bindings, so the route sees a socket peer as it would live. */
function fromSocket(remoteAddress: string) {
  return { incoming: { socket: { remoteAddress, remotePort: 40000, remoteFamily: 'IPv4' } } };
}

const TOKEN = 'scrape-secret-4f1a';

describeEachDialect('GET /metrics', (t) => {
  let pool: DatabaseHandle | null = null;
  let jobs: JobDepth[] = [];

  /** An app over the suite's database; the pool gauges read a pool of its own on PostgreSQL. */
  function app(env: Record<string, string> = {}): Hono {
    return createApp({
      db: t().db,
      dialect: t().dialect,
      config: loadConfig(env),
      logger: createLogger('silent'),
      now: () => new Date(),
      metrics: createMetrics({ pool: pool?.poolStats ?? null, jobs: async () => jobs }),
    });
  }

  async function scrape(target: Hono, init: RequestInit = {}, peer = '127.0.0.1'): Promise<Scrape> {
    const response = await target.request('/metrics', init, fromSocket(peer));
    expect(response.status, await response.clone().text()).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return await parseScrape(await response.text());
  }

  beforeAll(async () => {
    const url = t().url;
    if (url) pool = await openDatabase({ kind: 'postgres', url, poolSize: 3 });
  });
  afterAll(async () => {
    await pool?.close();
  });

  describe('without METRICS_TOKEN', () => {
    it.each(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'])(
      'answers a client on %s',
      async (peer) => {
        const families = await scrape(app(), {}, peer);
        expect(families.misprint_reports_accepted_total?.type).toBe('counter');
      },
    );

    it.each(['10.0.0.7', '203.0.113.9', '::2', 'fe80::1'])('answers 403 forbidden to %s', async (peer) => {
      const response = await app().request('/metrics', {}, fromSocket(peer));
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ error: { code: 'forbidden', message: expect.any(String) } });
    });

    it('answers 403 to a loopback connection that a proxy forwards for someone else', async () => {
      for (const header of [
        ['X-Forwarded-For', '203.0.113.9'],
        ['Forwarded', 'for=203.0.113.9'],
      ] satisfies [string, string][]) {
        const response = await app({ TRUST_PROXY: '1' }).request(
          '/metrics',
          { headers: [header] },
          fromSocket('127.0.0.1'),
        );
        expect(response.status).toBe(403);
      }
    });

    it('answers 403 to a request that came through no socket at all', async () => {
      expect((await app().request('/metrics')).status).toBe(403);
    });
  });

  describe('with METRICS_TOKEN', () => {
    it('answers 401 unauthenticated without the token, even from loopback', async () => {
      const response = await app({ METRICS_TOKEN: TOKEN }).request('/metrics', {}, fromSocket('127.0.0.1'));
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      expect(await response.json()).toEqual({
        error: { code: 'unauthenticated', message: expect.any(String) },
      });
    });

    it.each([`Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, TOKEN, `Basic ${TOKEN}`])(
      'answers 401 to Authorization: %s',
      async (authorization) => {
        const response = await app({ METRICS_TOKEN: TOKEN }).request('/metrics', {
          headers: { Authorization: authorization },
        });
        expect(response.status).toBe(401);
      },
    );

    it('answers the token from any address', async () => {
      const families = await scrape(
        app({ METRICS_TOKEN: TOKEN }),
        { headers: { Authorization: `Bearer ${TOKEN}` } },
        '203.0.113.9',
      );
      expect(families.misprint_ingest_duration_seconds?.type).toBe('histogram');
    });
  });

  it('counts reports accepted and refused by code, and times them', async () => {
    const target = app({ TRUST_PROXY: '1' });
    const { key } = await createFixtureSite(t().db);
    const send = (body: unknown) =>
      target.request('/api/v1/reports', {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain', Origin: FIXTURE_ORIGIN, 'X-Forwarded-For': '198.51.100.4' },
        body: JSON.stringify(body),
      });
    const before = await scrape(target);
    expect(sampleValue(before, 'misprint_reports_accepted_total', { outcome: 'created' })).toBe(0);

    const report = validReport(key, 1);
    expect((await send(report)).status).toBe(201);
    expect((await send(report)).status).toBe(200);
    expect((await send({ ...report, id: 'not-a-uuid' })).status).toBe(400);
    expect((await send(validReport('no-such-site'))).status).toBe(404);
    expect((await send(validReport(key, 2, { url: 'https://elsewhere.example/' }))).status).toBe(201);

    const after = await scrape(target);
    expect(sampleValue(after, 'misprint_reports_accepted_total', { outcome: 'created' })).toBe(2);
    expect(sampleValue(after, 'misprint_reports_accepted_total', { outcome: 'replayed' })).toBe(1);
    expect(sampleValue(after, 'misprint_reports_refused_total', { code: 'invalid_report' })).toBe(1);
    expect(sampleValue(after, 'misprint_reports_refused_total', { code: 'unknown_site' })).toBe(1);
    expect(sampleCount(after, 'misprint_ingest_duration_seconds', { result: 'accepted' })).toBe(3);
    expect(sampleCount(after, 'misprint_ingest_duration_seconds', { result: 'refused' })).toBe(2);
  });

  it('reports the event loop’s lag and the process’s memory', async () => {
    const families = await scrape(app());
    expect(sampleValue(families, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(sampleValue(families, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('reports the pool’s use on PostgreSQL, and no pool on the embedded database', async () => {
    const families = await scrape(app());
    if (t().dialect === 'pglite') {
      expect(families.misprint_db_pool_connections).toBeUndefined();
      return;
    }
    expect(sampleValue(families, 'misprint_db_pool_max')).toBe(3);
    const busy = sampleValue(families, 'misprint_db_pool_connections', { state: 'busy' });
    const idle = sampleValue(families, 'misprint_db_pool_connections', { state: 'idle' });
    expect(busy + idle).toBe(pool!.poolStats!().total);
    expect(sampleValue(families, 'misprint_db_pool_waiting')).toBe(0);
  });

  it('reads the jobs waiting at scrape time, forgetting kinds that emptied', async () => {
    const target = app();
    jobs = [
      { kind: 'event', count: 4 },
      { kind: 'group.created', count: 1 },
    ];
    const busy = await scrape(target);
    expect(sampleValue(busy, 'misprint_jobs_pending', { kind: 'event' })).toBe(4);
    expect(sampleValue(busy, 'misprint_jobs_pending', { kind: 'group.created' })).toBe(1);
    jobs = [{ kind: 'event', count: 1 }];
    const calmer = await scrape(target);
    expect(sampleValue(calmer, 'misprint_jobs_pending', { kind: 'event' })).toBe(1);
    expect(seriesCount(calmer, 'misprint_jobs_pending')).toBe(1);
    jobs = [];
  });
});
