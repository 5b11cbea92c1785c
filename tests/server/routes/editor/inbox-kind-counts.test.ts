import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page, ReportItem, StatusCounts } from '../../../../contract/api.js';
import { REPORT_KINDS, type ReportKind, type ReportStatus } from '../../../../contract/report.js';
import { describeEachDialect } from '../../../helpers/databases.js';
import { addReport, addSite, addUser, call, type Harness, harness, tokenFor } from './harness.js';

/**
 * The kind filter reads report_groups' copy of the newest report's kind and the counts read
 * report_group_counts (migrations/0006); both are kept by triggers, so every test here changes
 * reports the way the API and ingest do and compares against an answer computed from reports alone.
 */
describeEachDialect('inbox kind filter and group counts', (t) => {
  let h: Harness;
  let ownerId: string;
  let token: string;
  beforeAll(async () => {
    h = harness(t);
    const owner = await addUser(t().db, 'kinds');
    ownerId = owner.id;
    token = await tokenFor(t().db, owner.id);
  });

  async function get<T>(path: string): Promise<T> {
    const response = await call(h.app, 'GET', path, { token });
    expect(response.status).toBe(200);
    return response.json();
  }

  /** Ids on the first page of the inbox under `query`. */
  async function listed(siteId: string, query: string): Promise<string[]> {
    const page = await get<Page<ReportItem>>(`/v1/sites/${siteId}/reports?limit=100&${query}`);
    return page.items.map((item) => item.id);
  }

  function counts(siteId: string, query = ''): Promise<StatusCounts> {
    return get<StatusCounts>(`/v1/sites/${siteId}/reports/counts?${query}`);
  }

  /** Groups per status whose newest report matches, computed from reports without report_groups. */
  async function truth(
    siteId: string,
    filter: { kind?: ReportKind; url?: string } = {},
  ): Promise<StatusCounts> {
    const result = await sql<{ status: ReportStatus; n: number }>`
      SELECT status, count(*)::int AS n FROM (
        SELECT DISTINCT ON (group_key, status) status, kind, url FROM reports
         WHERE site_id = ${siteId}::uuid
         ORDER BY group_key, status, received_at DESC, id DESC) newest
       WHERE (${filter.kind ?? null}::text IS NULL OR kind = ${filter.kind ?? null}::text)
         AND (${filter.url ?? null}::text IS NULL OR url = ${filter.url ?? null}::text)
       GROUP BY status`.execute(t().db);
    const expected: StatusCounts = { new: 0, fixed: 0, dismissed: 0, spam: 0 };
    for (const row of result.rows) expected[row.status] = row.n;
    return expected;
  }

  /** Asserts the counts endpoint, unfiltered and for every kind, against {@link truth}. */
  async function expectExactCounts(siteId: string): Promise<void> {
    expect(await counts(siteId)).toEqual(await truth(siteId));
    for (const kind of REPORT_KINDS)
      expect(await counts(siteId, `kind=${kind}`)).toEqual(await truth(siteId, { kind }));
  }

  async function setStatus(id: string, status: ReportStatus): Promise<void> {
    await t().db.updateTable('reports').set({ status }).where('id', '=', id).execute();
  }

  async function deleteReport(id: string): Promise<void> {
    await t().db.deleteFrom('reports').where('id', '=', id).execute();
  }

  async function pendingDeltas(siteId: string): Promise<number> {
    const result = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM report_group_counts WHERE site_id = ${siteId}::uuid`.execute(t().db);
    return result.rows[0]?.n ?? -1;
  }

  const minutesAgo = (m: number): Date => new Date(Date.now() - m * 60_000);

  describe('kind filter', () => {
    it('lists a group under the kind of its newest report as reports arrive, move and go', async () => {
      const siteId = await addSite(t().db, ownerId);
      const older = await addReport(t().db, siteId, {
        groupKey: 'g',
        kind: 'typo',
        receivedAt: minutesAgo(30),
      });
      const newer = await addReport(t().db, siteId, {
        groupKey: 'g',
        kind: 'other',
        receivedAt: minutesAgo(20),
      });
      expect(await listed(siteId, 'status=new&kind=other')).toEqual([newer]);
      expect(await listed(siteId, 'status=new&kind=typo')).toEqual([]);

      // A report received earlier than the newest (a late retry) does not take the group over.
      const late = await addReport(t().db, siteId, {
        groupKey: 'g',
        kind: 'fact',
        receivedAt: minutesAgo(25),
      });
      expect(await listed(siteId, 'kind=fact')).toEqual([]);
      expect(await listed(siteId, 'kind=other')).toEqual([newer]);

      const newest = await addReport(t().db, siteId, {
        groupKey: 'g',
        kind: 'link',
        receivedAt: minutesAgo(10),
      });
      expect(await listed(siteId, 'status=new&kind=link')).toEqual([newest]);
      expect(await listed(siteId, 'status=new&kind=other')).toEqual([]);

      // Triage splits the group: the moved report heads its own group in the other status.
      await setStatus(newest, 'fixed');
      expect(await listed(siteId, 'status=new&kind=other')).toEqual([newer]);
      expect(await listed(siteId, 'status=fixed&kind=link')).toEqual([newest]);
      expect(await listed(siteId, 'kind=link')).toEqual([newest]);
      expect(await listed(siteId, 'status=new&kind=link')).toEqual([]);

      await deleteReport(newer);
      expect(await listed(siteId, 'status=new&kind=other')).toEqual([]);
      expect(await listed(siteId, 'status=new&kind=fact')).toEqual([late]);

      // Nothing in the API changes a report's kind, but the copy must not go stale if something does.
      await t()
        .db.updateTable('reports')
        .set({ kind: 'typo' })
        .where('group_key', '=', 'g')
        .where('site_id', '=', siteId)
        .execute();
      expect(await listed(siteId, 'status=new&kind=fact')).toEqual([]);
      expect(await listed(siteId, 'status=new&kind=typo')).toEqual([late]);
      expect(await listed(siteId, 'kind=typo')).toEqual([newest, late]);
      await deleteReport(late);
      expect(await listed(siteId, 'status=new&kind=typo')).toEqual([older]);
      await expectExactCounts(siteId);
    });

    it('pages through one kind newest first without skipping or repeating a group', async () => {
      const siteId = await addSite(t().db, ownerId);
      const kinds: ReportKind[] = ['other', 'typo', 'other', 'fact', 'other', 'other', 'typo', 'other'];
      const expected: string[] = [];
      for (const [i, kind] of kinds.entries()) {
        const id = await addReport(t().db, siteId, {
          kind,
          receivedAt: minutesAgo(100 - i),
          status: i % 3 ? 'new' : 'spam',
        });
        if (kind === 'other') expected.unshift(id);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Page<ReportItem> = await get(
          `/v1/sites/${siteId}/reports?kind=other&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(page.items.every((item) => item.kind === 'other')).toBe(true);
        seen.push(...page.items.map((item) => item.id));
        cursor = page.nextCursor;
      } while (cursor && seen.length < 20);
      expect(seen).toEqual(expected);
    });
  });

  describe('counts', () => {
    it('stay exact through inserts, duplicates, status changes, deletes and folding', async () => {
      const siteId = await addSite(t().db, ownerId);
      expect(await counts(siteId)).toEqual({ new: 0, fixed: 0, dismissed: 0, spam: 0 });
      const ids: string[] = [];
      for (let i = 0; i < 30; i++) {
        ids.push(
          await addReport(t().db, siteId, {
            groupKey: `g${i % 12}`,
            kind: REPORT_KINDS[i % REPORT_KINDS.length],
            receivedAt: minutesAgo(60 - i),
          }),
        );
      }
      // A late retry is older than its group's newest report and must not change the group's kind.
      await addReport(t().db, siteId, { groupKey: 'g1', kind: 'other', receivedAt: minutesAgo(90) });
      await expectExactCounts(siteId);

      await setStatus(ids[3] ?? '', 'fixed');
      await setStatus(ids[15] ?? '', 'fixed');
      await setStatus(ids[27] ?? '', 'spam');
      await expectExactCounts(siteId);

      // The whole group moves, as the API's default PATCH does, then part of it comes back.
      const response = await call(
        h.app,
        'PATCH',
        `/v1/reports/${ids[5]}`,
        { token },
        { status: 'dismissed' },
      );
      expect(response.status).toBe(200);
      await setStatus(ids[17] ?? '', 'new');
      await expectExactCounts(siteId);

      for (const i of [0, 12, 24, 3, 29]) await deleteReport(ids[i] ?? '');
      await expectExactCounts(siteId);

      // Enough churn that the reader folds the deltas; the sums survive the fold.
      for (let i = 0; i < 40; i++) {
        const id = await addReport(t().db, siteId, { kind: 'link', receivedAt: minutesAgo(5) });
        if (i % 2) await setStatus(id, 'spam');
      }
      expect(await pendingDeltas(siteId)).toBeGreaterThan(64);
      await expectExactCounts(siteId);
      expect(await pendingDeltas(siteId)).toBeLessThanOrEqual(16);
      await expectExactCounts(siteId);
    });

    it('count a page filter with a kind by the group’s newest report', async () => {
      const siteId = await addSite(t().db, ownerId);
      const url = 'https://news.example/budget-2027';
      await addReport(t().db, siteId, { groupKey: 'a', url, kind: 'typo', receivedAt: minutesAgo(9) });
      await addReport(t().db, siteId, { groupKey: 'a', url, kind: 'fact', receivedAt: minutesAgo(8) });
      await addReport(t().db, siteId, { groupKey: 'b', url, kind: 'typo', receivedAt: minutesAgo(7) });
      await addReport(t().db, siteId, { groupKey: 'c', url, kind: 'typo', status: 'fixed' });
      await addReport(t().db, siteId, { groupKey: 'd', kind: 'typo' });
      const query = `url=${encodeURIComponent(url)}`;
      expect(await counts(siteId, `${query}&kind=typo`)).toEqual({ new: 1, fixed: 1, dismissed: 0, spam: 0 });
      expect(await counts(siteId, `${query}&kind=typo`)).toEqual(await truth(siteId, { url, kind: 'typo' }));
      expect(await counts(siteId, `${query}&kind=fact`)).toEqual(await truth(siteId, { url, kind: 'fact' }));
      expect(await counts(siteId, query)).toEqual(await truth(siteId, { url }));
    });

    it('leave with a deleted site and leave other sites’ counts alone', async () => {
      const doomed = await addSite(t().db, ownerId);
      const kept = await addSite(t().db, ownerId);
      for (let i = 0; i < 6; i++) {
        await addReport(t().db, doomed, {
          groupKey: `g${i % 3}`,
          kind: REPORT_KINDS[i % 4],
          status: i % 2 ? 'new' : 'fixed',
        });
        await addReport(t().db, kept, { groupKey: `g${i % 3}`, kind: REPORT_KINDS[i % 4] });
      }
      const before = await counts(kept);
      const response = await call(h.app, 'DELETE', `/v1/sites/${doomed}`, { token });
      expect(response.status).toBe(204);
      expect(await pendingDeltas(doomed)).toBe(0);
      expect(await counts(kept)).toEqual(before);
      await expectExactCounts(kept);
    });
  });
});
