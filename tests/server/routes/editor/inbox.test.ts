import { beforeAll, describe, expect, it } from 'vitest';
import type { Page, ReportItem, StatusCounts } from '../../../../contract/api.js';
import { describeEachDialect } from '../../../helpers/databases.js';
import {
  addReport,
  addSite,
  addUser,
  call,
  errorCode,
  type Harness,
  harness,
  type ReportSeed,
  type Session,
  signIn,
} from './harness.js';

describeEachDialect('inbox', (t) => {
  let h: Harness;
  let session: Session;
  let ownerId: string;
  beforeAll(async () => {
    h = harness(t);
    const owner = await addUser(t().db, 'inbox');
    ownerId = owner.id;
    session = await signIn(h.app, owner.email);
  });

  async function page(siteId: string, query = ''): Promise<Page<ReportItem>> {
    const response = await call(h.app, 'GET', `/v1/sites/${siteId}/reports${query}`, { session });
    expect(response.status).toBe(200);
    return response.json();
  }

  async function counts(siteId: string, query = ''): Promise<StatusCounts> {
    const response = await call(h.app, 'GET', `/v1/sites/${siteId}/reports/counts${query}`, { session });
    expect(response.status).toBe(200);
    return response.json();
  }

  /** Every item of every page, following nextCursor. */
  async function allPages(siteId: string, query: string, limit: number): Promise<ReportItem[][]> {
    const pages: ReportItem[][] = [];
    let cursor: string | null = null;
    do {
      const suffix: string = `${query ? `${query}&` : '?'}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
      const current = await page(siteId, suffix);
      pages.push(current.items);
      cursor = current.nextCursor;
      if (pages.length > 100) throw new Error('cursor loops');
    } while (cursor);
    return pages;
  }

  describe('grouping', () => {
    let siteId: string;
    let newest: string;
    beforeAll(async () => {
      siteId = await addSite(t().db, ownerId);
      const base = {
        groupKey: 'same-typo',
        url: 'https://news.example/a',
        exact: 'recieved',
      } satisfies ReportSeed;
      await addReport(t().db, siteId, { ...base, receivedAt: '2026-01-01T10:00:00Z', comment: 'first' });
      newest = await addReport(t().db, siteId, {
        ...base,
        receivedAt: '2026-01-01T12:00:00Z',
        comment: 'newest',
      });
      await addReport(t().db, siteId, { ...base, receivedAt: '2026-01-01T11:00:00Z', comment: 'middle' });
      await addReport(t().db, siteId, {
        groupKey: 'other',
        exact: 'teh',
        receivedAt: '2026-01-01T09:00:00Z',
      });
    });

    it('shows the same text on the same page as one item: the newest report with the group’s size', async () => {
      const { items, nextCursor } = await page(siteId);
      expect(items.map((i) => [i.quote.exact, i.groupCount])).toEqual([
        ['recieved', 3],
        ['teh', 1],
      ]);
      expect(items[0]?.id).toBe(newest);
      expect(items[0]?.comment).toBe('newest');
      expect(nextCursor).toBeNull();
    });

    it('answers the report’s fields in the contract’s shape', async () => {
      const item = (await page(siteId)).items[0];
      expect(item).toEqual({
        id: newest,
        siteId,
        siteName: 'News',
        groupId: expect.any(String),
        url: 'https://news.example/a',
        title: 'Budget',
        lang: 'en',
        quote: { exact: 'recieved', prefix: 'the council has ', suffix: ' the draft' },
        position: null,
        suggestion: 'received',
        comment: 'newest',
        kind: 'typo',
        status: 'new',
        note: null,
        groupCount: 3,
        assignee: null,
        author: null,
        section: null,
        receivedAt: '2026-01-01T12:00:00.000Z',
        updatedAt: expect.any(String),
        priority: expect.any(Number),
        reasons: [],
        spelling: null,
        check: null,
        originNull: false,
      } satisfies ReportItem);
    });

    it('counts groups, not reports, per status', async () => {
      expect(await counts(siteId)).toEqual({ new: 2, fixed: 0, dismissed: 0, spam: 0 });
    });

    it('splits a group by status: the inbox tab of each status shows its own part', async () => {
      const site = await addSite(t().db, ownerId);
      await addReport(t().db, site, { groupKey: 'g', status: 'fixed', receivedAt: '2026-02-01T00:00:00Z' });
      await addReport(t().db, site, { groupKey: 'g', status: 'new', receivedAt: '2026-02-02T00:00:00Z' });
      await addReport(t().db, site, { groupKey: 'g', status: 'new', receivedAt: '2026-02-03T00:00:00Z' });
      expect((await page(site, '?status=new')).items.map((i) => i.groupCount)).toEqual([2]);
      expect((await page(site, '?status=fixed')).items.map((i) => i.groupCount)).toEqual([1]);
      expect((await page(site)).items.map((i) => [i.status, i.groupCount])).toEqual([
        ['new', 2],
        ['fixed', 1],
      ]);
      expect(await counts(site)).toEqual({ new: 1, fixed: 1, dismissed: 0, spam: 0 });
    });
  });

  describe('keyset pages', () => {
    let siteId: string;
    const groups = 23;
    beforeAll(async () => {
      siteId = await addSite(t().db, ownerId);
      // Ties on purpose: groups share timestamps (down to the microsecond), so only the group key orders them.
      for (let i = 0; i < groups; i++) {
        const at = `2026-03-01T00:00:0${i % 4}.123456Z`;
        await addReport(t().db, siteId, { groupKey: `k${String(i).padStart(2, '0')}`, receivedAt: at });
        if (i % 3 === 0)
          await addReport(t().db, siteId, { groupKey: `k${String(i).padStart(2, '0')}`, receivedAt: at });
        if (i % 5 === 0)
          await addReport(t().db, siteId, {
            groupKey: `k${String(i).padStart(2, '0')}`,
            receivedAt: at,
            status: 'spam',
          });
      }
    });

    for (const [title, query] of [
      ['one status', '?status=new'],
      ['all statuses', ''],
    ] as const) {
      it(`pages through ${title} without gaps or repeats, newest first`, async () => {
        const whole = (await page(siteId, `${query ? `${query}&` : '?'}limit=100`)).items;
        for (const limit of [1, 4, 7, 100]) {
          const pages = await allPages(siteId, query, limit);
          const flat = pages.flat();
          expect(flat.map((i) => i.id)).toEqual(whole.map((i) => i.id));
          expect(new Set(flat.map((i) => `${i.id}`)).size).toBe(flat.length);
          expect(pages.slice(0, -1).every((p) => p.length === limit)).toBe(true);
        }
        const times = whole.map((i) => i.receivedAt);
        expect([...times].sort().reverse()).toEqual(times);
      });
    }

    it('has one item per group and status', async () => {
      expect((await page(siteId, '?status=new&limit=100')).items).toHaveLength(groups);
      expect((await page(siteId, '?limit=100')).items).toHaveLength(groups + Math.ceil(groups / 5));
    });

    it('treats an empty status or kind as no filter', async () => {
      expect((await page(siteId, '?status=&kind=&q=&limit=100')).items).toHaveLength(
        (await page(siteId, '?limit=100')).items.length,
      );
    });

    it('answers 400 invalid_request to a cursor it did not make', async () => {
      for (const cursor of [
        'garbage',
        Buffer.from('[1,2]').toString('base64url'),
        Buffer.from('[1,"k","nope"]').toString('base64url'),
      ]) {
        const response = await call(h.app, 'GET', `/v1/sites/${siteId}/reports?cursor=${cursor}`, {
          session,
        });
        expect(response.status).toBe(400);
        expect(await errorCode(response)).toBe('invalid_request');
      }
    });

    it('answers 400 invalid_request to a limit out of range or an unknown status', async () => {
      for (const query of ['?limit=0', '?limit=101', '?limit=x', '?status=archived', '?kind=rant']) {
        const response = await call(h.app, 'GET', `/v1/sites/${siteId}/reports${query}`, { session });
        expect(response.status).toBe(400);
        expect(await errorCode(response)).toBe('invalid_request');
      }
    });
  });

  describe('filters', () => {
    let siteId: string;
    beforeAll(async () => {
      siteId = await addSite(t().db, ownerId);
      await addReport(t().db, siteId, {
        groupKey: 'a',
        url: 'https://news.example/one',
        exact: 'Recieved',
        kind: 'typo',
      });
      await addReport(t().db, siteId, {
        groupKey: 'b',
        url: 'https://news.example/two',
        exact: 'the mayor',
        suggestion: null,
        comment: 'Wrong NAME here',
        kind: 'fact',
      });
      await addReport(t().db, siteId, {
        groupKey: 'c',
        url: 'https://news.example/one',
        exact: '100% sure',
        title: 'Under_score',
        suggestion: null,
        kind: 'other',
        status: 'dismissed',
      });
      await addReport(t().db, siteId, {
        groupKey: 'd',
        url: 'https://news.example/two',
        exact: '100 percent',
        suggestion: null,
        title: 'Underscore',
      });
    });

    const exacts = async (query: string) =>
      (await page(siteId, query)).items.map((i) => i.quote.exact).sort();

    it('filters by kind', async () => {
      expect(await exacts('?kind=fact')).toEqual(['the mayor']);
    });

    it('filters by page URL', async () => {
      expect(await exacts(`?url=${encodeURIComponent('https://news.example/one')}`)).toEqual([
        '100% sure',
        'Recieved',
      ]);
    });

    it('finds text case-insensitively in the selection, suggestion, comment and title', async () => {
      expect(await exacts('?q=recie')).toEqual(['Recieved']);
      expect(await exacts('?q=name')).toEqual(['the mayor']);
      expect(await exacts('?q=RECEIVED')).toEqual(['Recieved']);
      expect(await exacts('?q=underscore')).toEqual(['100 percent']);
    });

    it('treats % and _ in the search text literally', async () => {
      expect(await exacts(`?q=${encodeURIComponent('100%')}`)).toEqual(['100% sure']);
      expect(await exacts('?q=under_')).toEqual(['100% sure']);
      expect(await exacts(`?q=${encodeURIComponent('%')}`)).toEqual(['100% sure']);
    });

    it('combines filters with the status', async () => {
      expect(await exacts(`?status=new&url=${encodeURIComponent('https://news.example/one')}`)).toEqual([
        'Recieved',
      ]);
    });

    it('counts per status under the same filters', async () => {
      expect(await counts(siteId, `?url=${encodeURIComponent('https://news.example/one')}`)).toEqual({
        new: 1,
        fixed: 0,
        dismissed: 1,
        spam: 0,
      });
      expect(await counts(siteId, '?q=100')).toEqual({ new: 1, fixed: 0, dismissed: 1, spam: 0 });
      expect(await counts(siteId, '?kind=fact')).toEqual({ new: 1, fixed: 0, dismissed: 0, spam: 0 });
    });
  });

  it('gives back HTML, script and javascript: payloads verbatim as JSON strings', async () => {
    const siteId = await addSite(t().db, ownerId);
    const payloads = {
      exact: '<img src=x onerror=alert(1)>',
      suggestion: '</script><script>alert(1)</script>',
      comment: 'javascript:alert(document.cookie)',
      title: '"><svg onload=alert(1)>',
      url: 'https://news.example/a?q=<b>&x="y"',
    };
    const id = await addReport(t().db, siteId, payloads);
    const response = await call(h.app, 'GET', `/v1/reports/${id}`, { session });
    expect(response.headers.get('Content-Type')).toMatch(/^application\/json/);
    const item: ReportItem = await response.json();
    expect([item.quote.exact, item.suggestion, item.comment, item.title, item.url]).toEqual([
      payloads.exact,
      payloads.suggestion,
      payloads.comment,
      payloads.title,
      payloads.url,
    ]);
    const listed = (await page(siteId)).items[0];
    expect(listed?.quote.exact).toBe(payloads.exact);
  });
});
