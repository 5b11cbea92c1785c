import type { Hono } from 'hono';
import { beforeAll, expect, it } from 'vitest';
import { DEFAULT_SITE_SETTINGS } from '../../../contract/api.js';
import { createApp } from '../../../server/app.js';
import { loadConfig } from '../../../server/config.js';
import { createLogger } from '../../../server/logger.js';
import { describeEachDialect } from '../../helpers/databases.js';
import { clientAddress, createFixtureSite, FIXTURE_ORIGIN, validReport } from '../../helpers/reports.js';

/**
 * Requests the flood sends: a count, not a duration, so the outcome is the same on any machine
 * (the suite's single instant means no window refills, so every figure below is exact).
 */
const FLOOD_REQUESTS = 160;
/** Requests the flooding address keeps in flight at once. */
const FLOOD_CONCURRENCY = 8;
const NORMAL_CLIENTS = 20;
/** Reports per normal reader: well under the per-client limit, as a busy human would send. */
const REPORTS_PER_CLIENT = 5;
const FLOOD_ADDRESS = '198.51.100.66';

describeEachDialect('a flood from one address', (t) => {
  let app: Hono;
  let siteKey: string;
  const limits = DEFAULT_SITE_SETTINGS.rateLimits;

  beforeAll(async () => {
    // Default limits: the point is that they protect everyone else without tuning.
    siteKey = (await createFixtureSite(t().db)).key;
    // One instant for the whole suite, so no minute boundary can refill a window mid-test.
    const now = new Date();
    app = createApp({
      db: t().db,
      dialect: t().dialect,
      config: loadConfig({ TRUST_PROXY: '1' }),
      logger: createLogger('silent'),
      now: () => now,
    });
  });

  async function post(address: string, url: string): Promise<Response> {
    return app.request('/api/v1/reports', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', Origin: FIXTURE_ORIGIN, 'X-Forwarded-For': address },
      body: JSON.stringify(validReport(siteKey, 0, { url })),
    });
  }

  it('answers the flood 429 past its limit, stores exactly its limit, and lets every normal reader through', async () => {
    const flood: Record<number, number> = {};
    let retryAfterMissing = 0;
    let sent = 0;
    let answered = 0;
    /** Readers waiting for the flood to reach a point: [answers, resolve]. */
    const waiting: Array<[number, () => void]> = [];
    const floodReached = (count: number) =>
      new Promise<void>((resolve) => {
        if (answered >= count) resolve();
        else waiting.push([count, resolve]);
      });
    const flooder = async () => {
      while (sent < FLOOD_REQUESTS) {
        const n = sent++;
        const res = await post(FLOOD_ADDRESS, `${FIXTURE_ORIGIN}/flood/${n}`);
        flood[res.status] = (flood[res.status] ?? 0) + 1;
        if (res.status === 429 && !res.headers.get('Retry-After')) retryAfterMissing++;
        await res.arrayBuffer();
        answered++;
        for (const [count, resolve] of waiting) if (answered >= count) resolve();
      }
    };

    const normal: number[] = [];
    const reader = async (client: number) => {
      for (let i = 0; i < REPORTS_PER_CLIENT; i++) {
        // Spread over the flood by its progress, so every report competes with it.
        await floodReached(Math.round((FLOOD_REQUESTS * (i + 1)) / (REPORTS_PER_CLIENT + 1)));
        const res = await post(clientAddress(client), `${FIXTURE_ORIGIN}/normal/${client}/${i}`);
        normal.push(res.status);
        await res.arrayBuffer();
      }
    };

    await Promise.all([
      ...Array.from({ length: FLOOD_CONCURRENCY }, flooder),
      ...Array.from({ length: NORMAL_CLIENTS }, (_, i) => reader(i)),
    ]);

    const floodStored = await t()
      .db.selectFrom('reports')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('url', 'like', '%/flood/%')
      .executeTakeFirstOrThrow();

    expect(flood).toEqual({ 201: limits.clientPerMinute, 429: FLOOD_REQUESTS - limits.clientPerMinute });
    expect(retryAfterMissing).toBe(0);
    expect(floodStored.n).toBe(limits.clientPerMinute);
    expect(normal).toEqual(Array(NORMAL_CLIENTS * REPORTS_PER_CLIENT).fill(201));
  });
});
