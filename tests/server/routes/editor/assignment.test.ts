import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReportDetail, StatusChangeResult } from '../../../../contract/api.js';
import { describeEachDialect } from '../../../helpers/databases.js';
import {
  addMember,
  addReport,
  addSite,
  addStaffedSite,
  call,
  errorCode,
  type Harness,
  harness,
  type Session,
  signIn,
} from './harness.js';

describeEachDialect('assignment', (t) => {
  let h: Harness;
  let owner: { id: string; email: string };
  let editor: { id: string; email: string };
  let viewer: { id: string; email: string };
  let siteId: string;
  let session: Session;
  let viewerSession: Session;
  beforeAll(async () => {
    h = harness(t);
    ({ siteId, owner, editor, viewer } = await addStaffedSite(t().db));
    session = await signIn(h.app, editor.email);
    viewerSession = await signIn(h.app, viewer.email);
  });

  async function assigneeOf(groupKey: string): Promise<string | null> {
    const row = await t()
      .db.selectFrom('groups')
      .select('assignee_id')
      .where('site_id', '=', siteId)
      .where('group_key', '=', groupKey)
      .executeTakeFirstOrThrow();
    return row.assignee_id;
  }

  async function detail(id: string): Promise<ReportDetail> {
    const response = await call(h.app, 'GET', `/v1/reports/${id}`, { session });
    expect(response.status).toBe(200);
    return response.json();
  }

  it('assigns the whole group, every status, and records it in each report’s history', async () => {
    const a = await addReport(t().db, siteId, { groupKey: 'as-1' });
    const b = await addReport(t().db, siteId, { groupKey: 'as-1', status: 'fixed' });
    await addReport(t().db, siteId, { groupKey: 'as-other' });
    const response = await call(h.app, 'PATCH', `/v1/reports/${a}`, { session }, { assignee: owner.id });
    expect(response.status).toBe(200);
    const result: StatusChangeResult = await response.json();
    expect(result).toEqual({ updated: 2, action: expect.any(String) });
    expect(await assigneeOf('as-1')).toBe(owner.id);
    expect(await assigneeOf('as-other')).toBeNull();

    const shown = await detail(b);
    expect(shown.assignee).toEqual({ id: owner.id, email: owner.email, name: 'owner' });
    expect(shown.status).toBe('fixed');
    expect(shown.events).toEqual([
      {
        id: expect.any(String),
        reportId: b,
        actor: { id: editor.id, email: editor.email, name: 'editor' },
        from: 'fixed',
        to: 'fixed',
        assignee: { from: null, to: { id: owner.id, email: owner.email, name: 'owner' } },
        note: null,
        at: h.clock.now().toISOString(),
      },
    ]);
  });

  it('changes status and assignee in one action, and unassigns with null', async () => {
    const a = await addReport(t().db, siteId, { groupKey: 'as-2' });
    const both = await call(
      h.app,
      'PATCH',
      `/v1/reports/${a}`,
      { session },
      { status: 'fixed', assignee: editor.id },
    );
    expect(await both.json()).toEqual({ updated: 1, action: expect.any(String) });
    const events = (await detail(a)).events;
    expect(events.map((e) => [e.from, e.to, e.assignee?.to?.id ?? null])).toEqual([
      ['new', 'fixed', null],
      ['fixed', 'fixed', editor.id],
    ]);
    const cleared = await call(h.app, 'PATCH', `/v1/reports/${a}`, { session }, { assignee: null });
    expect(await cleared.json()).toEqual({ updated: 1, action: expect.any(String) });
    expect(await assigneeOf('as-2')).toBeNull();
    const again = await call(h.app, 'PATCH', `/v1/reports/${a}`, { session }, { assignee: null });
    expect(await again.json()).toEqual({ updated: 0, action: null });
  });

  it('assigns the groups of a bulk selection', async () => {
    const ids = [
      await addReport(t().db, siteId, { groupKey: 'as-b1' }),
      await addReport(t().db, siteId, { groupKey: 'as-b2' }),
    ];
    await addReport(t().db, siteId, { groupKey: 'as-b2' });
    const response = await call(
      h.app,
      'POST',
      `/v1/sites/${siteId}/reports/bulk`,
      { session },
      { ids, assignee: editor.id },
    );
    expect(await response.json()).toEqual({ updated: 3, action: expect.any(String) });
    expect([await assigneeOf('as-b1'), await assigneeOf('as-b2')]).toEqual([editor.id, editor.id]);
  });

  it('refuses an assignee who does not own or edit the site, and a viewer who assigns', async () => {
    const a = await addReport(t().db, siteId, { groupKey: 'as-3' });
    const toViewer = await call(h.app, 'PATCH', `/v1/reports/${a}`, { session }, { assignee: viewer.id });
    expect(toViewer.status).toBe(400);
    expect(await toViewer.json()).toMatchObject({
      error: {
        code: 'invalid_request',
        issues: [{ path: 'assignee', message: 'must be an owner or editor of the site' }],
      },
    });
    const byViewer = await call(
      h.app,
      'PATCH',
      `/v1/reports/${a}`,
      { session: viewerSession },
      { assignee: viewer.id },
    );
    expect(await errorCode(byViewer)).toBe('forbidden');
    const empty = await call(h.app, 'PATCH', `/v1/reports/${a}`, { session }, {});
    expect(await errorCode(empty)).toBe('invalid_request');
    expect(await assigneeOf('as-3')).toBeNull();
  });

  it('emits group.updated with the change in the same transaction, for sites that listen', async () => {
    await sql`UPDATE sites SET notify_events = ARRAY['group.updated'] WHERE id = ${siteId}::uuid`.execute(
      t().db,
    );
    const a = await addReport(t().db, siteId, { groupKey: 'as-4' });
    const group = await t()
      .db.selectFrom('groups')
      .select('id')
      .where('site_id', '=', siteId)
      .where('group_key', '=', 'as-4')
      .executeTakeFirstOrThrow();
    await call(h.app, 'PATCH', `/v1/reports/${a}`, { session }, { assignee: editor.id });
    const jobs = await t().db.selectFrom('jobs').select('payload').where('kind', '=', 'event').execute();
    expect(jobs.map((job) => job.payload)).toContainEqual({
      type: 'group.updated',
      siteId,
      at: expect.any(String),
      groupKey: 'as-4',
      groupId: group.id,
      changes: { assignee: { from: null, to: editor.id } },
      actorId: editor.id,
    });
    await sql`UPDATE sites SET notify_events = '{}' WHERE id = ${siteId}::uuid`.execute(t().db);
  });

  describe('filters', () => {
    let filterSite: string;
    beforeAll(async () => {
      filterSite = await addSite(t().db, owner.id, 'Filters');
      await addMember(t().db, filterSite, editor.id, 'editor');
      await addReport(t().db, filterSite, { groupKey: 'f-mine', author: 'Jane Roe', section: 'Politics' });
      await addReport(t().db, filterSite, { groupKey: 'f-owner', author: 'jane roe', section: 'Sport' });
      await addReport(t().db, filterSite, { groupKey: 'f-none', author: 'John Doe', section: 'politics' });
      await t()
        .db.updateTable('groups')
        .set({ assignee_id: editor.id })
        .where('group_key', '=', 'f-mine')
        .execute();
      await t()
        .db.updateTable('groups')
        .set({ assignee_id: owner.id })
        .where('group_key', '=', 'f-owner')
        .execute();
    });

    async function keysFor(query: string): Promise<string[]> {
      const response = await call(h.app, 'GET', `/v1/sites/${filterSite}/reports?${query}`, { session });
      expect(response.status).toBe(200);
      const page: { items: { groupId: string; author: string | null }[] } = await response.json();
      const groups = await t().db.selectFrom('groups').select(['id', 'group_key']).execute();
      return page.items.map((item) => groups.find((g) => g.id === item.groupId)?.group_key ?? '?').sort();
    }

    async function countsFor(query: string) {
      const response = await call(h.app, 'GET', `/v1/sites/${filterSite}/reports/counts?${query}`, {
        session,
      });
      expect(response.status).toBe(200);
      return response.json();
    }

    it('filters by assignee: me, none, or someone', async () => {
      expect(await keysFor('assignee=me')).toEqual(['f-mine']);
      expect(await keysFor('assignee=none')).toEqual(['f-none']);
      expect(await keysFor(`assignee=${owner.id.toUpperCase()}`)).toEqual(['f-owner']);
      expect(await countsFor('assignee=me')).toEqual({ new: 1, fixed: 0, dismissed: 0, spam: 0 });
    });

    it('filters by author and section, trimmed and in any case', async () => {
      expect(await keysFor('author=%20JANE%20ROE%20')).toEqual(['f-mine', 'f-owner']);
      expect(await keysFor('section=Politics')).toEqual(['f-mine', 'f-none']);
      expect(await keysFor('author=jane%20roe&section=sport')).toEqual(['f-owner']);
      expect(await countsFor('section=POLITICS')).toEqual({ new: 2, fixed: 0, dismissed: 0, spam: 0 });
    });

    it('shows author, section and assignee on the items', async () => {
      const response = await call(h.app, 'GET', `/v1/sites/${filterSite}/reports?assignee=me`, { session });
      const page: { items: unknown[] } = await response.json();
      expect(page.items).toEqual([
        expect.objectContaining({
          author: 'Jane Roe',
          section: 'Politics',
          assignee: { id: editor.id, email: editor.email, name: 'editor' },
          siteName: 'Filters',
        }),
      ]);
    });

    it('answers 400 to an assignee filter that is neither me, none nor a user id', async () => {
      const response = await call(h.app, 'GET', `/v1/sites/${filterSite}/reports?assignee=ed`, { session });
      expect(await errorCode(response)).toBe('invalid_request');
    });
  });
});
