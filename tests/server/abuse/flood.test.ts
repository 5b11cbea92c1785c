import type { Hono } from 'hono';
import { beforeAll, expect, it } from 'vitest';
import { DEFAULT_SITE_SETTINGS } from '../../../contract/api.js';
import { createApp } from '../../../server/app.js';
import { loadConfig } from '../../../server/config.js';
import { createLogger } from '../../../server/logger.js';
import { describeEachDialect } from '../../helpers/databases.js';
import { clientAddress, createFixtureSite, FIXTURE_ORIGIN, validReport } from '../../helpers/reports.js';

/** How long the flood lasts: bounds the test's work, asserted on by nothing. */
const FLOOD_MS = 2000;
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

  it('answers the flood 429, stores at most its limit, and lets 99 % of normal readers through', async () => {
    const deadline = performance.now() + FLOOD_MS;
    const flood: Record<number, number> = {};
    let retryAfterMissing = 0;
    let n = 0;
    const flooder = async () => {
      while (performance.now() < deadline) {
        const res = await post(FLOOD_ADDRESS, `${FIXTURE_ORIGIN}/flood/${n++}`);
        flood[res.status] = (flood[res.status] ?? 0) + 1;
        if (res.status === 429 && !res.headers.get('Retry-After')) retryAfterMissing++;
        await res.arrayBuffer();
      }
    };

    const normal: number[] = [];
    const reader = async (client: number) => {
      for (let i = 0; i < REPORTS_PER_CLIENT; i++) {
        // Spread over the flood, so every report competes with it.
        await new Promise((resolve) => setTimeout(resolve, FLOOD_MS / (REPORTS_PER_CLIENT + 1)));
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
    const normalAccepted = normal.filter((status) => status === 201).length;

    expect(Object.keys(flood).sort(), JSON.stringify(flood)).toEqual(['201', '429']);
    expect(flood[201]).toBeGreaterThan(0);
    expect(flood[201]).toBeLessThanOrEqual(limits.clientPerMinute);
    expect(flood[429]).toBeGreaterThan(limits.clientPerMinute);
    expect(retryAfterMissing).toBe(0);
    expect(floodStored.n).toBeLessThanOrEqual(limits.clientPerMinute);
    expect(normal).toHaveLength(NORMAL_CLIENTS * REPORTS_PER_CLIENT);
    expect(normalAccepted / normal.length, JSON.stringify(normal)).toBeGreaterThanOrEqual(0.99);
  });
});
