import { beforeAll, expect, it } from 'vitest';
import type { RouteTestResult, Site } from '../../../../contract/api.js';
import { describeEachDialect } from '../../../helpers/databases.js';
import { FIXTURE_ORIGIN, validReport } from '../../../helpers/reports.js';
import {
  addStaffedSite,
  addUser,
  call,
  errorCode,
  type Harness,
  harness,
  type Session,
  signIn,
} from './harness.js';

describeEachDialect('routing rules', (t) => {
  let h: Harness;
  let session: Session;
  let editorSession: Session;
  let owner: { id: string; email: string };
  let ed: { id: string; email: string };
  let viewer: { id: string; email: string };
  let siteId: string;
  beforeAll(async () => {
    h = harness(t);
    ({ siteId, owner, editor: ed, viewer } = await addStaffedSite(t().db, 'Ed'));
    session = await signIn(h.app, owner.email);
    editorSession = await signIn(h.app, ed.email);
  });

  async function saveRoutes(routes: unknown, as: Session = session): Promise<Response> {
    return call(h.app, 'PATCH', `/v1/sites/${siteId}`, { session: as }, { settings: { routes } });
  }

  async function test(body: unknown, as: Session = session): Promise<RouteTestResult> {
    const response = await call(h.app, 'POST', `/v1/sites/${siteId}/routes/test`, { session: as }, body);
    expect(response.status).toBe(200);
    return response.json();
  }

  it('saves rules trimmed, in order, and keeps them when other settings change', async () => {
    const response = await saveRoutes([
      { author: '  Jane Roe ', assignee: ed.id.toUpperCase() },
      { section: 'Sport', author: '', assignee: owner.id },
    ]);
    expect(response.status).toBe(200);
    const site: Site = await response.json();
    expect(site.settings.routes).toEqual([
      { author: 'Jane Roe', assignee: ed.id },
      { section: 'Sport', assignee: owner.id },
    ]);
    const renamed: Site = await (
      await call(h.app, 'PATCH', `/v1/sites/${siteId}`, { session }, { settings: { maxSelection: 250 } })
    ).json();
    expect(renamed.settings.routes).toHaveLength(2);
  });

  it('refuses a rule without author or section, one naming a viewer or a stranger, and more than 100', async () => {
    const stranger = await addUser(t().db, 'stranger');
    const bad = await saveRoutes([
      { assignee: ed.id },
      { author: 'A', assignee: viewer.id },
      { section: 'B', assignee: stranger.id },
      { section: 'C', assignee: 'nobody' },
    ]);
    expect(bad.status).toBe(400);
    const body: { error: { issues: { path: string }[] } } = await bad.json();
    expect(body.error.issues.map((issue) => issue.path)).toEqual([
      'settings.routes.0.author',
      'settings.routes.3.assignee',
    ]);
    const roles = await saveRoutes([
      { author: 'A', assignee: viewer.id },
      { section: 'B', assignee: stranger.id },
    ]);
    const issues: { error: { issues: { path: string; message: string }[] } } = await roles.json();
    expect(issues.error.issues).toEqual([
      { path: 'settings.routes.0.assignee', message: 'must be an owner or editor of the site' },
      { path: 'settings.routes.1.assignee', message: 'must be an owner or editor of the site' },
    ]);
    const many = await saveRoutes(
      Array.from({ length: 101 }, (_, i) => ({ author: `A${i}`, assignee: ed.id })),
    );
    expect(await errorCode(many)).toBe('invalid_request');
    expect(await errorCode(await saveRoutes([{ author: 'A', assignee: ed.id }], editorSession))).toBe(
      'forbidden',
    );
  });

  it('tests the saved rules, or unsaved ones, against an example page', async () => {
    expect(await test({ author: 'JANE ROE' })).toEqual({
      rule: 0,
      assignee: { id: ed.id, email: ed.email, name: 'Ed' },
    });
    expect(await test({ author: 'John', section: ' sport ' }, editorSession)).toEqual({
      rule: 1,
      assignee: { id: owner.id, email: owner.email, name: 'owner' },
    });
    expect(await test({ author: 'John' })).toEqual({ rule: null, assignee: null });
    expect(await test({ section: 'Culture', routes: [{ section: 'culture', assignee: owner.id }] })).toEqual({
      rule: 0,
      assignee: { id: owner.id, email: owner.email, name: 'owner' },
    });
  });

  it('assigns a reported page’s new group by the first matching rule, as the test said', async () => {
    const site: Site = await (await call(h.app, 'GET', `/v1/sites/${siteId}`, { session })).json();
    const sent = await h.app.request('/api/v1/reports', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: FIXTURE_ORIGIN },
      body: JSON.stringify(validReport(site.key, 1, { page: { author: 'Jane Roe', section: 'Sport' } })),
    });
    expect(sent.status).toBe(201);
    const predicted = await test({ author: 'Jane Roe', section: 'Sport' });
    const group = await t()
      .db.selectFrom('groups')
      .select('assignee_id')
      .where('site_id', '=', siteId)
      .executeTakeFirstOrThrow();
    expect(group.assignee_id).toBe(predicted.assignee?.id);
    expect(group.assignee_id).toBe(ed.id);
  });

  it('lets a new site’s rules name only its creator', async () => {
    const create = (assignee: string) =>
      call(
        h.app,
        'POST',
        '/v1/sites',
        { session },
        {
          name: 'Routed',
          origins: [],
          settings: { routes: [{ section: 'X', assignee }] },
        },
      );
    expect((await create(owner.id)).status).toBe(201);
    expect(await errorCode(await create(ed.id))).toBe('invalid_request');
  });
});
