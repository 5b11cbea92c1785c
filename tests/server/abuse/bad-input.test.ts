import type { Hono } from 'hono';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ERROR_STATUS } from '../../../contract/errors.js';
import { createApp } from '../../../server/app.js';
import { loadConfig } from '../../../server/config.js';
import { createLogger } from '../../../server/logger.js';
import { newSiteKey } from '../../../server/services/secrets.js';
import { describeEachDialect } from '../../helpers/databases.js';
import {
  clientAddress,
  createFixtureSite,
  FIXTURE_ORIGIN,
  GENEROUS_RATE_LIMITS,
} from '../../helpers/reports.js';
import { type CorpusEntry, corpus } from './corpus.js';

/** The stored column behind each verbatim-checked wire field. */
const COLUMNS = {
  exact: 'quote_exact',
  prefix: 'quote_prefix',
  suffix: 'quote_suffix',
  suggestion: 'suggestion',
  comment: 'comment',
  title: 'title',
} as const;

describeEachDialect('ingest under hostile and broken input', (t) => {
  const siteKey = newSiteKey();
  const entries = corpus(siteKey);
  let app: Hono;
  let siteId: string;
  let client = 0;

  beforeAll(async () => {
    const site = await createFixtureSite(t().db, { rateLimits: GENEROUS_RATE_LIMITS, key: siteKey });
    siteId = site.id;
    app = createApp({
      db: t().db,
      dialect: t().dialect,
      config: loadConfig({ TRUST_PROXY: '1' }),
      logger: createLogger('silent'),
      now: () => new Date(),
    });
  });

  afterAll(() => {
    // Prototype-pollution payloads must stay data.
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  async function send(entry: CorpusEntry): Promise<Response> {
    const headers = new Headers({ Origin: FIXTURE_ORIGIN, 'X-Forwarded-For': clientAddress(client++) });
    if (entry.contentType !== null) headers.set('Content-Type', entry.contentType ?? 'application/json');
    for (const [name, value] of Object.entries(entry.headers ?? {})) headers.set(name, value);
    return app.request('/api/v1/reports', { method: 'POST', headers, body: entry.body });
  }

  async function storedCount(): Promise<number> {
    const row = await t()
      .db.selectFrom('reports')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('site_id', '=', siteId)
      .executeTakeFirstOrThrow();
    return row.n;
  }

  it.each(entries.map((entry) => [entry.name, entry] as const))(
    'answers %s as expected, never 5xx',
    async (_, entry) => {
      const before = await storedCount();
      const res = await send(entry);
      const text = await res.text();
      expect(res.status, text).toBeLessThan(500);
      // Whatever comes back is JSON, so nothing reflected can be rendered as a page.
      if (text) expect(res.headers.get('Content-Type')).toMatch(/^application\/json/);

      if (res.status >= 400) {
        const body: unknown = JSON.parse(text);
        expect(body).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
        const code = (body as { error: { code: keyof typeof ERROR_STATUS } }).error.code;
        expect(ERROR_STATUS[code]).toBe(res.status);
      }

      switch (entry.expect) {
        case 'rejected':
          expect(res.status, text).toBeGreaterThanOrEqual(400);
          expect(await storedCount()).toBe(before);
          break;
        case 'honeypot':
          expect(res.status, text).toBeLessThan(300);
          expect(await storedCount()).toBe(before);
          break;
        case 'stored': {
          expect(res.status, text).toBe(201);
          const row = await t()
            .db.selectFrom('reports')
            .selectAll()
            .where('id', '=', entry.id ?? '')
            .executeTakeFirstOrThrow();
          for (const [field, value] of Object.entries(entry.verbatim ?? {})) {
            expect(row[COLUMNS[field as keyof typeof COLUMNS]], field).toBe(value);
          }
          break;
        }
        case 'no-5xx':
          break;
      }
    },
  );

  it('still has its tables after the injection attempts', async () => {
    const tables = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM information_schema.tables
       WHERE table_name IN ('reports', 'sites', 'users') AND table_schema = current_schema()`.execute(t().db);
    expect(tables.rows[0]?.n).toBe(3);
    expect(await storedCount()).toBeGreaterThan(0);
  });
});
