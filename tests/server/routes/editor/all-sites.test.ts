import { beforeAll, expect, it } from 'vitest';
import type { Page, ReportItem, StatusCounts } from '../../../../contract/api.js';
import { describeEachDialect } from '../../../helpers/databases.js';
import {
  addMember,
  addReport,
  addSite,
  addUser,
  call,
  errorCode,
  type Harness,
  harness,
  type Session,
  signIn,
} from './harness.js';

describeEachDialect('the all-sites inbox', (t) => {
  let h: Harness;
  let session: Session;
  let siteA: string;
  let siteB: string;
  let siteC: string;
  let inB: string;
  beforeAll(async () => {
    h = harness(t);
    const owner = await addUser(t().db, 'owner');
    const member = await addUser(t().db, 'member');
    siteA = await addSite(t().db, owner.id, 'Alpha');
    siteB = await addSite(t().db, owner.id, 'Beta');
    siteC = await addSite(t().db, owner.id, 'Gamma (not a member)');
    await addMember(t().db, siteA, member.id, 'editor');
    await addMember(t().db, siteB, member.id, 'viewer');
    session = await signIn(h.app, member.email);
    // The same group key and time on both sites: only the site tells them apart.
    await addReport(t().db, siteA, { groupKey: 'same', receivedAt: '2026-05-01T10:00:00Z', exact: 'in A' });
    inB = await addReport(t().db, siteB, {
      groupKey: 'same',
      receivedAt: '2026-05-01T10:00:00Z',
      exact: 'in B',
    });
    await addReport(t().db, siteA, { groupKey: 'a2', receivedAt: '2026-05-01T12:00:00Z', exact: 'newest' });
    await addReport(t().db, siteC, { groupKey: 'c1', receivedAt: '2026-05-01T13:00:00Z', exact: 'foreign' });
    await addReport(t().db, siteB, {
      groupKey: 'b2',
      receivedAt: '2026-05-01T09:00:00Z',
      status: 'fixed',
      exact: 'b2',
    });
  });

  async function get<T>(path: string): Promise<T> {
    const response = await call(h.app, 'GET', path, { session });
    expect(response.status).toBe(200);
    return response.json();
  }

  it('lists the groups of every site the caller belongs to, each naming its site', async () => {
    const page = await get<Page<ReportItem>>('/v1/reports?status=new');
    // Newest first; the two groups that tie on time and key come in descending site id order.
    const tied =
      siteA > siteB
        ? [
            ['in A', 'Alpha', siteA],
            ['in B', 'Beta', siteB],
          ]
        : [
            ['in B', 'Beta', siteB],
            ['in A', 'Alpha', siteA],
          ];
    expect(page.items.map((item) => [item.quote.exact, item.siteName, item.siteId])).toEqual([
      ['newest', 'Alpha', siteA],
      ...tied,
    ]);
    expect(page.nextCursor).toBeNull();
  });

  it('pages across sites with each group once, ties on every key broken by the site', async () => {
    for (const sort of ['newest', 'oldest', 'priority']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Page<ReportItem> = await get(
          `/v1/reports?sort=${sort}&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        );
        seen.push(...page.items.map((item) => item.quote.exact));
        cursor = page.nextCursor;
      } while (cursor && seen.length < 10);
      expect(seen.sort()).toEqual(['b2', 'in A', 'in B', 'newest']);
    }
  });

  it('counts across the sites, with filters', async () => {
    expect(await get<StatusCounts>('/v1/reports/counts')).toEqual({
      new: 3,
      fixed: 1,
      dismissed: 0,
      spam: 0,
    });
    expect(await get<StatusCounts>('/v1/reports/counts?q=in')).toEqual({
      new: 2,
      fixed: 0,
      dismissed: 0,
      spam: 0,
    });
  });

  it('still checks each triage by site and role: a viewer’s site refuses', async () => {
    const refused = await call(h.app, 'PATCH', `/v1/reports/${inB}`, { session }, { status: 'fixed' });
    expect(refused.status).toBe(403);
    expect(await errorCode(refused)).toBe('forbidden');
    const bulk = await call(
      h.app,
      'POST',
      `/v1/sites/${siteB}/reports/bulk`,
      { session },
      { ids: [inB], status: 'fixed' },
    );
    expect(await errorCode(bulk)).toBe('forbidden');
    const foreign = await call(
      h.app,
      'POST',
      `/v1/sites/${siteC}/reports/bulk`,
      { session },
      { ids: [inB], status: 'fixed' },
    );
    expect(await errorCode(foreign)).toBe('not_found');
  });

  it('answers an empty page to someone with no sites', async () => {
    const loner = await addUser(t().db, 'loner');
    const lonerSession = await signIn(h.app, loner.email);
    const response = await call(h.app, 'GET', '/v1/reports', { session: lonerSession });
    expect(await response.json()).toEqual({ items: [], nextCursor: null });
  });
});
