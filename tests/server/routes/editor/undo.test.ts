import { beforeAll, expect, it } from 'vitest';
import { type ReportDetail, type StatusChangeResult, UNDO_WINDOW_MS } from '../../../../contract/api.js';
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

describeEachDialect('undo', (t) => {
  let h: Harness;
  let editor: { id: string; email: string };
  let other: { id: string; email: string };
  let siteId: string;
  let session: Session;
  let otherSession: Session;
  beforeAll(async () => {
    h = harness(t);
    const owner = await addUser(t().db, 'owner');
    editor = await addUser(t().db, 'editor');
    other = await addUser(t().db, 'other');
    siteId = await addSite(t().db, owner.id);
    await addMember(t().db, siteId, editor.id, 'editor');
    await addMember(t().db, siteId, other.id, 'editor');
    session = await signIn(h.app, editor.email);
    otherSession = await signIn(h.app, other.email);
  });

  async function statuses(ids: string[]): Promise<ReportStatus[]> {
    const rows = await t().db.selectFrom('reports').select(['id', 'status']).where('id', 'in', ids).execute();
    return ids.map((id) => rows.find((r) => r.id === id)?.status ?? 'new');
  }

  async function act(
    session: Session,
    method: string,
    path: string,
    body: unknown,
  ): Promise<StatusChangeResult> {
    const response = await call(h.app, method, path, { session }, body);
    expect(response.status).toBe(200);
    return response.json();
  }

  async function undo(actions: (string | null)[], as: Session = session): Promise<Response> {
    return call(h.app, 'POST', '/v1/undo', { session: as }, { actions });
  }

  it('puts a group move back: only the reports the action moved, recording both moves', async () => {
    const fixedBefore = await addReport(t().db, siteId, { groupKey: 'u-1', status: 'fixed' });
    const a = await addReport(t().db, siteId, { groupKey: 'u-1' });
    const b = await addReport(t().db, siteId, { groupKey: 'u-1' });
    const done = await act(session, 'PATCH', `/v1/reports/${a}`, { status: 'fixed' });
    expect(done.updated).toBe(2);
    h.clock.advance(2000);
    const undone = await undo([done.action]);
    expect(undone.status).toBe(200);
    expect(await undone.json()).toEqual({ updated: 2, action: expect.any(String) });
    expect(await statuses([fixedBefore, a, b])).toEqual(['fixed', 'new', 'new']);
    const detail: ReportDetail = await (await call(h.app, 'GET', `/v1/reports/${a}`, { session })).json();
    expect(detail.events.map((e) => [e.actor?.id, e.from, e.to])).toEqual([
      [editor.id, 'new', 'fixed'],
      [editor.id, 'fixed', 'new'],
    ]);
  });

  it('puts a bulk move and its assignee back', async () => {
    const a = await addReport(t().db, siteId, { groupKey: 'u-2' });
    const b = await addReport(t().db, siteId, { groupKey: 'u-3', status: 'dismissed' });
    await t()
      .db.updateTable('groups')
      .set({ assignee_id: other.id })
      .where('group_key', '=', 'u-2')
      .execute();
    const moved = await act(session, 'POST', `/v1/sites/${siteId}/reports/bulk`, {
      ids: [a, b],
      status: 'spam',
    });
    const assigned = await act(session, 'POST', `/v1/sites/${siteId}/reports/bulk`, {
      ids: [a, b],
      assignee: editor.id,
    });
    expect(await statuses([a, b])).toEqual(['spam', 'spam']);
    expect((await undo([moved.action, assigned.action])).status).toBe(200);
    expect(await statuses([a, b])).toEqual(['new', 'dismissed']);
    const groups = await t()
      .db.selectFrom('groups')
      .select(['group_key', 'assignee_id'])
      .where('group_key', 'in', ['u-2', 'u-3'])
      .orderBy('group_key')
      .execute();
    expect(groups).toEqual([
      { group_key: 'u-2', assignee_id: other.id },
      { group_key: 'u-3', assignee_id: null },
    ]);
  });

  it('leaves alone what changed since: a report moved again, a group assigned again', async () => {
    const a = await addReport(t().db, siteId, { groupKey: 'u-4' });
    const done = await act(session, 'PATCH', `/v1/reports/${a}`, { status: 'fixed', assignee: editor.id });
    await act(otherSession, 'PATCH', `/v1/reports/${a}`, { status: 'dismissed', assignee: other.id });
    expect(await (await undo([done.action])).json()).toEqual({ updated: 0, action: null });
    expect(await statuses([a])).toEqual(['dismissed']);
  });

  it('answers 404 for someone else’s action, an unknown one and one older than the window', async () => {
    const a = await addReport(t().db, siteId, { groupKey: 'u-5' });
    const done = await act(session, 'PATCH', `/v1/reports/${a}`, { status: 'fixed' });
    expect(await errorCode(await undo([done.action], otherSession))).toBe('not_found');
    expect(await errorCode(await undo([crypto.randomUUID()]))).toBe('not_found');
    h.clock.advance(UNDO_WINDOW_MS + 1000);
    expect(await errorCode(await undo([done.action]))).toBe('not_found');
    expect(await statuses([a])).toEqual(['fixed']);
  });

  it('refuses to undo on a site where the caller is now only a viewer', async () => {
    const a = await addReport(t().db, siteId, { groupKey: 'u-6' });
    const done = await act(otherSession, 'PATCH', `/v1/reports/${a}`, { status: 'fixed' });
    await t().db.updateTable('memberships').set({ role: 'viewer' }).where('user_id', '=', other.id).execute();
    expect(await errorCode(await undo([done.action], otherSession))).toBe('forbidden');
    await t().db.updateTable('memberships').set({ role: 'editor' }).where('user_id', '=', other.id).execute();
    expect(await statuses([a])).toEqual(['fixed']);
  });

  it('undoes an undo', async () => {
    const a = await addReport(t().db, siteId, { groupKey: 'u-7' });
    const done = await act(session, 'PATCH', `/v1/reports/${a}`, { status: 'spam' });
    const undone: StatusChangeResult = await (await undo([done.action])).json();
    expect(await statuses([a])).toEqual(['new']);
    await undo([undone.action]);
    expect(await statuses([a])).toEqual(['spam']);
  });
});
