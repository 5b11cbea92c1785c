import { beforeAll, describe, expect, it } from 'vitest';
import type { DailyStats, ReportDetail } from '../../../../contract/api.js';
import type { ReportStatus } from '../../../../contract/report.js';
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

describeEachDialect('triage', (t) => {
  let h: Harness;
  let session: Session;
  let editor: { id: string; email: string };
  let siteId: string;
  beforeAll(async () => {
    h = harness(t);
    const owner = await addUser(t().db, 'owner');
    editor = await addUser(t().db, 'editor');
    siteId = await addSite(t().db, owner.id);
    await addMember(t().db, siteId, editor.id, 'editor');
    session = await signIn(h.app, editor.email);
  });

  async function statuses(ids: string[]): Promise<ReportStatus[]> {
    const rows = await t().db.selectFrom('reports').select(['id', 'status']).where('id', 'in', ids).execute();
    return ids.map((id) => rows.find((r) => r.id === id)?.status ?? 'new');
  }

  async function detail(id: string): Promise<ReportDetail> {
    const response = await call(h.app, 'GET', `/v1/reports/${id}`, { session });
    expect(response.status).toBe(200);
    return response.json();
  }

  describe('one report', () => {
    it('moves the whole duplicate group in the same status by default, recording each move', async () => {
      const a = await addReport(t().db, siteId, { groupKey: 'grp-1' });
      const b = await addReport(t().db, siteId, { groupKey: 'grp-1' });
      const dismissed = await addReport(t().db, siteId, { groupKey: 'grp-1', status: 'dismissed' });
      const other = await addReport(t().db, siteId, { groupKey: 'grp-other' });
      const response = await call(
        h.app,
        'PATCH',
        `/v1/reports/${a}`,
        { session },
        { status: 'fixed', note: 'corrected' },
      );
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ updated: 2 });
      expect(await statuses([a, b, dismissed, other])).toEqual(['fixed', 'fixed', 'dismissed', 'new']);

      const shown = await detail(b);
      expect(shown.status).toBe('fixed');
      expect(shown.note).toBe('corrected');
      expect(shown.groupCount).toBe(2);
      expect(shown.events).toEqual([
        {
          id: expect.any(String),
          reportId: b,
          actor: { id: editor.id, email: editor.email, name: 'editor' },
          from: 'new',
          to: 'fixed',
          note: 'corrected',
          at: h.clock.now().toISOString(),
        },
      ]);
    });

    it('moves only that report with group: false', async () => {
      const a = await addReport(t().db, siteId, { groupKey: 'grp-2' });
      const b = await addReport(t().db, siteId, { groupKey: 'grp-2' });
      const response = await call(
        h.app,
        'PATCH',
        `/v1/reports/${a}`,
        { session },
        { status: 'spam', group: false },
      );
      expect(await response.json()).toEqual({ updated: 1 });
      expect(await statuses([a, b])).toEqual(['spam', 'new']);
      expect((await detail(b)).events).toEqual([]);
    });

    it('keeps the history in order across changes, back to new included', async () => {
      const id = await addReport(t().db, siteId, { groupKey: 'grp-3' });
      for (const status of ['dismissed', 'new', 'fixed'] as const) {
        h.clock.advance(1000);
        expect((await call(h.app, 'PATCH', `/v1/reports/${id}`, { session }, { status })).status).toBe(200);
      }
      const events = (await detail(id)).events;
      expect(events.map((e) => [e.from, e.to])).toEqual([
        ['new', 'dismissed'],
        ['dismissed', 'new'],
        ['new', 'fixed'],
      ]);
      expect(events.map((e) => e.at)).toEqual([...events.map((e) => e.at)].sort());
    });

    it('changes nothing and records nothing when the report is already in that status', async () => {
      const id = await addReport(t().db, siteId, { groupKey: 'grp-4' });
      const response = await call(h.app, 'PATCH', `/v1/reports/${id}`, { session }, { status: 'new' });
      expect(await response.json()).toEqual({ updated: 0 });
      expect((await detail(id)).events).toEqual([]);
    });

    it('keeps the actor’s events when the actor is deleted, without an actor', async () => {
      const temp = await addUser(t().db, 'temp');
      await addMember(t().db, siteId, temp.id, 'editor');
      const tempSession = await signIn(h.app, temp.email);
      const id = await addReport(t().db, siteId, { groupKey: 'grp-5' });
      await call(h.app, 'PATCH', `/v1/reports/${id}`, { session: tempSession }, { status: 'spam' });
      await t().db.deleteFrom('users').where('id', '=', temp.id).execute();
      expect((await detail(id)).events.map((e) => e.actor)).toEqual([null]);
    });

    it('answers 400 invalid_request to an unknown status', async () => {
      const id = await addReport(t().db, siteId);
      const response = await call(h.app, 'PATCH', `/v1/reports/${id}`, { session }, { status: 'archived' });
      expect(response.status).toBe(400);
      expect(await errorCode(response)).toBe('invalid_request');
    });
  });

  describe('bulk', () => {
    it('moves each named report with its group and records every move', async () => {
      const a1 = await addReport(t().db, siteId, { groupKey: 'bulk-a' });
      const a2 = await addReport(t().db, siteId, { groupKey: 'bulk-a' });
      const b1 = await addReport(t().db, siteId, { groupKey: 'bulk-b' });
      const c1 = await addReport(t().db, siteId, { groupKey: 'bulk-c' });
      const alreadyFixed = await addReport(t().db, siteId, { groupKey: 'bulk-d', status: 'fixed' });
      const response = await call(
        h.app,
        'POST',
        `/v1/sites/${siteId}/reports/bulk`,
        { session },
        { ids: [a1, a2, b1, alreadyFixed], status: 'fixed', note: 'batch' },
      );
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ updated: 3 });
      expect(await statuses([a1, a2, b1, c1, alreadyFixed])).toEqual([
        'fixed',
        'fixed',
        'fixed',
        'new',
        'fixed',
      ]);
      for (const id of [a1, a2, b1]) {
        expect((await detail(id)).events.map((e) => [e.from, e.to, e.note, e.actor?.id])).toEqual([
          ['new', 'fixed', 'batch', editor.id],
        ]);
      }
      expect((await detail(alreadyFixed)).events).toEqual([]);
    });

    it('moves and records each report once when two editors change the same groups at the same time', async () => {
      const colleague = await addUser(t().db, 'colleague');
      await addMember(t().db, siteId, colleague.id, 'editor');
      const colleagueSession = await signIn(h.app, colleague.email);
      const ids: string[] = [];
      for (let i = 0; i < 30; i++) ids.push(await addReport(t().db, siteId, { groupKey: `race-${i % 3}` }));
      const [first, second] = await Promise.all([
        call(
          h.app,
          'POST',
          `/v1/sites/${siteId}/reports/bulk`,
          { session },
          { ids: ids.slice(0, 20), status: 'fixed' },
        ),
        call(
          h.app,
          'POST',
          `/v1/sites/${siteId}/reports/bulk`,
          { session: colleagueSession },
          { ids: ids.slice(10), status: 'spam' },
        ),
      ]);
      expect([first.status, second.status]).toEqual([200, 200]);
      const moved: Array<{ updated: number }> = [await first.json(), await second.json()];
      const events = await t()
        .db.selectFrom('report_events')
        .select(['report_id', 'from_status', 'to_status', 'actor_id'])
        .where('report_id', 'in', ids)
        .execute();
      // Whoever came second moved the groups again (fixed → spam) or found nothing left in `new`.
      expect(events.filter((e) => e.from_status === 'new')).toHaveLength(30);
      expect(events).toHaveLength(moved[0]!.updated + moved[1]!.updated);
      // Each move is recorded as its own editor's.
      for (const event of events) {
        expect(event.actor_id).toBe(event.to_status === 'fixed' ? editor.id : colleague.id);
      }
      const groups = await t()
        .db.selectFrom('report_groups')
        .select(['status', 'report_count'])
        .where('site_id', '=', siteId)
        .where('group_key', 'like', 'race-%')
        .execute();
      expect(groups.reduce((sum, g) => sum + g.report_count, 0)).toBe(30);
    });

    it('answers 400 invalid_request to ids that are not UUIDs or an empty list', async () => {
      for (const body of [
        { ids: ['x'], status: 'fixed' },
        { ids: [], status: 'fixed' },
      ]) {
        const response = await call(h.app, 'POST', `/v1/sites/${siteId}/reports/bulk`, { session }, body);
        expect(response.status).toBe(400);
        expect(await errorCode(response)).toBe('invalid_request');
      }
    });
  });

  describe('stats', () => {
    it('counts reports per UTC day for the last 30 days by current status, zero-filled', async () => {
      const owner = await addUser(t().db, 'stats');
      const site = await addSite(t().db, owner.id);
      const ownerSession = await signIn(h.app, owner.email);
      h.clock.current = new Date('2026-06-30T15:00:00Z');
      await addReport(t().db, site, { receivedAt: '2026-06-30T00:00:00Z' });
      await addReport(t().db, site, { receivedAt: '2026-06-30T23:59:59.999Z', status: 'fixed' });
      await addReport(t().db, site, { receivedAt: '2026-06-29T23:59:59Z', status: 'spam' });
      await addReport(t().db, site, { receivedAt: '2026-06-01T00:00:00Z', status: 'dismissed' });
      await addReport(t().db, site, { receivedAt: '2026-05-31T23:59:59Z' });
      const response = await call(h.app, 'GET', `/v1/sites/${site}/stats`, { session: ownerSession });
      h.clock.current = new Date();
      expect(response.status).toBe(200);
      const { days }: DailyStats = await response.json();
      expect(days).toHaveLength(30);
      expect(days[0]).toEqual({ date: '2026-06-01', new: 0, fixed: 0, dismissed: 1, spam: 0 });
      expect(days.at(-2)).toEqual({ date: '2026-06-29', new: 0, fixed: 0, dismissed: 0, spam: 1 });
      expect(days.at(-1)).toEqual({ date: '2026-06-30', new: 1, fixed: 1, dismissed: 0, spam: 0 });
      expect(days.slice(1, -2).every((d) => d.new + d.fixed + d.dismissed + d.spam === 0)).toBe(true);
    });
  });
});
