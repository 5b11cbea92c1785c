import { beforeAll, expect, it } from 'vitest';
import type { DailyStats } from '../../../../contract/api.js';
import { describeEachDialect } from '../../../helpers/databases.js';
import { addReport, addSite, addUser, call, type Harness, harness, type Session, signIn } from './harness.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describeEachDialect('desk figures', (t) => {
  let h: Harness;
  let session: Session;
  let siteId: string;
  let stats: DailyStats;
  beforeAll(async () => {
    h = harness(t);
    const owner = await addUser(t().db, 'owner');
    session = await signIn(h.app, owner.email);
    siteId = await addSite(t().db, owner.id);
    const start = new Date('2026-07-01T08:00:00Z').getTime();
    const at = (ms: number) => new Date(start + ms);
    const move = async (id: string, status: string, when: number) => {
      h.clock.current = at(when);
      const response = await call(h.app, 'PATCH', `/v1/reports/${id}`, { session }, { status });
      expect(response.status).toBe(200);
    };
    const seed = { url: 'https://news.example/a', receivedAt: at(0) };
    const g1 = await addReport(t().db, siteId, {
      ...seed,
      groupKey: 'g1',
      author: 'Jane Roe',
      section: 'Politics',
    });
    const g2 = await addReport(t().db, siteId, {
      ...seed,
      groupKey: 'g2',
      author: 'Jane Roe',
      section: 'Sport',
    });
    const g3 = await addReport(t().db, siteId, {
      ...seed,
      groupKey: 'g3',
      author: 'John Doe',
      section: 'Politics',
    });
    await addReport(t().db, siteId, { ...seed, groupKey: 'g3', receivedAt: at(4 * HOUR) });
    const undone = await addReport(t().db, siteId, { ...seed, groupKey: 'g4', author: 'Jane Roe' });
    const old = await addReport(t().db, siteId, {
      ...seed,
      groupKey: 'g5',
      receivedAt: at(-60 * DAY),
      author: 'Old',
    });
    await move(old, 'fixed', -45 * DAY);
    await move(g1, 'fixed', 1 * HOUR);
    await move(g2, 'fixed', 3 * HOUR);
    await move(g3, 'fixed', 5 * HOUR);
    await move(undone, 'fixed', 2 * HOUR);
    await move(undone, 'new', 2 * HOUR + 10_000);
    // Open groups on two pages.
    await addReport(t().db, siteId, { groupKey: 'o1', url: 'https://news.example/busy', title: 'Busy' });
    await addReport(t().db, siteId, { groupKey: 'o2', url: 'https://news.example/busy', title: 'Busy' });
    h.clock.current = at(6 * HOUR);
    const response = await call(h.app, 'GET', `/v1/sites/${siteId}/stats`, { session });
    expect(response.status).toBe(200);
    stats = await response.json();
  });

  it('answers time to fix over the 30 days’ fixed groups, from first report to fixed', () => {
    expect(stats.timeToFix.groups).toBe(3);
    expect(stats.timeToFix.median).toBeCloseTo(3 * 3600);
    // percentile_cont over 1 h, 3 h, 5 h: 3 h + 0.8 × 2 h.
    expect(stats.timeToFix.p90).toBeCloseTo(4.6 * 3600);
  });

  it('breaks time to fix down by author and section, groups without one left out', () => {
    expect(stats.timeToFix.byAuthor).toEqual([
      { name: 'Jane Roe', groups: 2, median: 2 * 3600, p90: expect.closeTo(2.8 * 3600) },
      { name: 'John Doe', groups: 1, median: 5 * 3600, p90: 5 * 3600 },
    ]);
    expect(stats.timeToFix.bySection).toEqual([
      { name: 'Politics', groups: 2, median: 3 * 3600, p90: expect.closeTo(4.6 * 3600) },
      { name: 'Sport', groups: 1, median: 3 * 3600, p90: 3 * 3600 },
    ]);
  });

  it('lists the pages with the most open groups', () => {
    expect(stats.openPages).toEqual([
      { url: 'https://news.example/busy', title: 'Busy', groups: 2 },
      { url: 'https://news.example/a', title: 'Budget', groups: 1 },
    ]);
  });
});
