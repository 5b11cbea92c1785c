import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { COUNT_CAP, type InboxSort, type Page, type ReportItem } from '../../../../contract/api.js';
import { describeEachDialect } from '../../../helpers/databases.js';
import { addSite, addUser, call, errorCode, type Harness, harness, type Session, signIn } from './harness.js';

/** Groups in the site: enough that a keyset bug (a skipped or repeated tie) shows. */
const GROUPS = 10_000;

describeEachDialect('inbox sorts', (t) => {
  let h: Harness;
  let session: Session;
  let siteId: string;
  beforeAll(async () => {
    h = harness(t);
    const owner = await addUser(t().db, 'sorts');
    session = await signIn(h.app, owner.email);
    siteId = await addSite(t().db, owner.id);
    // Ties everywhere: 7 distinct times, 5 priorities, a fifth of the groups in other statuses.
    await sql`
      INSERT INTO reports (id, site_id, url, quote_exact, group_key, ip_hash, status, received_at)
      SELECT gen_random_uuid(), ${siteId}::uuid, 'https://news.example/' || (g % 50), 'word ' || g,
             'k' || lpad(g::text, 5, '0'), 'h', CASE WHEN g % 5 = 0 THEN 'fixed' ELSE 'new' END,
             timestamptz '2026-06-01 00:00:00.123456+00' + (g % 7) * interval '1 microsecond'
        FROM generate_series(1, ${GROUPS}) AS g`.execute(t().db);
    await sql`UPDATE report_groups SET priority = (hashtext(group_key) & 3) * 0.5 WHERE site_id = ${siteId}::uuid`.execute(
      t().db,
    );
    await sql`ANALYZE report_groups`.execute(t().db);
  }, 120_000);

  /** Every item of every page of `query`, following nextCursor. */
  async function walk(query: string): Promise<ReportItem[]> {
    const items: ReportItem[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages <= GROUPS / 100 + 1; pages++) {
      const response = await call(
        h.app,
        'GET',
        `/v1/sites/${siteId}/reports?${query}&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
        { session },
      );
      expect(response.status).toBe(200);
      const page: Page<ReportItem> = await response.json();
      items.push(...page.items);
      cursor = page.nextCursor;
      if (!cursor) return items;
    }
    throw new Error('the cursor never ends');
  }

  /**
   * The order each sort promises, computed from what the fixture made: group `g` ('word g', key
   * 'k0000g') was received `g % 7` microseconds after the base time.
   */
  function expectedOrder(sort: InboxSort, items: readonly ReportItem[]): ReportItem[] {
    const g = (item: ReportItem) => Number(item.quote.exact.slice('word '.length));
    const newestFirst = (a: ReportItem, b: ReportItem) => (g(b) % 7) - (g(a) % 7) || g(b) - g(a);
    return [...items].sort((a, b) =>
      sort === 'oldest'
        ? -newestFirst(a, b)
        : sort === 'priority'
          ? b.priority - a.priority || newestFirst(a, b)
          : newestFirst(a, b),
    );
  }

  for (const sort of ['priority', 'newest', 'oldest'] as const) {
    for (const [label, status, expected] of [
      ['all statuses', '', GROUPS],
      ['one status', 'new', (GROUPS * 4) / 5],
    ] as const) {
      it(`pages through ${GROUPS.toLocaleString('en')} groups by ${sort}, ${label}: each once, in order`, async () => {
        const items = await walk(`sort=${sort}${status ? `&status=${status}` : ''}`);
        expect(items).toHaveLength(expected);
        expect(new Set(items.map((item) => item.groupId)).size).toBe(expected);
        expect(items.map((item) => item.quote.exact)).toEqual(
          expectedOrder(sort, items).map((item) => item.quote.exact),
        );
      }, 120_000);
    }
  }

  it('counts exactly by status alone, and stops at COUNT_CAP under a text filter', async () => {
    const counts = async (query: string) =>
      (await call(h.app, 'GET', `/v1/sites/${siteId}/reports/counts${query}`, { session })).json();
    expect(await counts('')).toEqual({ new: (GROUPS * 4) / 5, fixed: GROUPS / 5, dismissed: 0, spam: 0 });
    expect(await counts('?q=word')).toEqual({ new: COUNT_CAP, fixed: COUNT_CAP, dismissed: 0, spam: 0 });
    expect(await counts('?q=word%201234')).toEqual({ new: 1, fixed: 0, dismissed: 0, spam: 0 });
  });

  it('refuses a cursor made for another sort', async () => {
    const first: Page<ReportItem> = await (
      await call(h.app, 'GET', `/v1/sites/${siteId}/reports?sort=priority&limit=5`, { session })
    ).json();
    const response = await call(
      h.app,
      'GET',
      `/v1/sites/${siteId}/reports?sort=oldest&cursor=${first.nextCursor}`,
      { session },
    );
    expect(await errorCode(response)).toBe('invalid_request');
  });

  it('answers the API’s default order, newest first, when no sort is named', async () => {
    const page: Page<ReportItem> = await (
      await call(h.app, 'GET', `/v1/sites/${siteId}/reports?limit=3`, { session })
    ).json();
    const newest: Page<ReportItem> = await (
      await call(h.app, 'GET', `/v1/sites/${siteId}/reports?sort=newest&limit=3`, { session })
    ).json();
    expect(page.items.map((i) => i.id)).toEqual(newest.items.map((i) => i.id));
  });
});
