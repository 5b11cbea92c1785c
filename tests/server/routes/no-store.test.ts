import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../helpers/databases.js';
import {
  addReport,
  addSite,
  addUser,
  call,
  type Harness,
  harness,
  PASSWORD,
  type Session,
  signIn,
  tokenFor,
} from './editor/harness.js';

describeEachDialect('Cache-Control on API answers', (t) => {
  let h: Harness;
  let session: Session;
  let token: string;
  let siteId: string;
  let reportId: string;
  let email: string;

  beforeAll(async () => {
    h = harness(t);
    const user = await addUser(t().db, 'owner');
    email = user.email;
    siteId = await addSite(t().db, user.id);
    reportId = await addReport(t().db, siteId);
    session = await signIn(h.app, user.email);
    token = await tokenFor(t().db, user.id);
  });

  it('sends no-store with the sign-in answer, which carries the CSRF token', async () => {
    const answer = await h.app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('Cache-Control')).toBe('no-store');
  });

  it.each([
    ['GET', () => '/v1/me'],
    ['GET', () => '/v1/sites'],
    ['GET', () => `/v1/sites/${siteId}/reports`],
    ['GET', () => `/v1/reports/${reportId}`],
    ['GET', () => `/v1/sites/${siteId}/reports/export?format=ndjson`],
    ['GET', () => '/v1/tokens'],
  ])('sends no-store with %s %s, by session and by token', async (method, path) => {
    for (const credentials of [{ session }, { token }]) {
      const answer = await call(h.app, method, path(), credentials);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('Cache-Control')).toBe('no-store');
      await answer.arrayBuffer();
    }
  });

  it('sends no-store with changes and with error answers', async () => {
    const patched = await call(h.app, 'PATCH', `/v1/reports/${reportId}`, { session }, { status: 'fixed' });
    expect(patched.status).toBe(200);
    expect(patched.headers.get('Cache-Control')).toBe('no-store');
    const anonymous = await call(h.app, 'GET', '/v1/me', {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('Cache-Control')).toBe('no-store');
    const invalid = await call(h.app, 'GET', `/v1/sites/${siteId}/reports?limit=0`, { session });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('Cache-Control')).toBe('no-store');
  });
});
