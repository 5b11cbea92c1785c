import { beforeAll, expect, it } from 'vitest';
import type { Site } from '../../../contract/api.js';
import { describeEachDialect } from '../../helpers/databases.js';
import {
  addUser,
  call,
  errorCode,
  type Harness,
  harness,
  type Session,
  signIn,
} from '../routes/editor/harness.js';

describeEachDialect('CSRF protection', (t) => {
  let h: Harness;
  let session: Session;
  const body = { name: 'CSRF test', origins: ['https://news.example'] };
  beforeAll(async () => {
    h = harness(t, { PUBLIC_URL: 'https://typos.example' });
    session = await signIn(h.app, (await addUser(t().db, 'csrf')).email);
  });

  it('answers 403 forbidden to an unsafe cookie request without the X-CSRF-Token header', async () => {
    const response = await call(h.app, 'POST', '/v1/sites', { session, csrf: null }, body);
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe('forbidden');
  });

  it('answers 403 forbidden to a wrong CSRF token', async () => {
    const response = await call(
      h.app,
      'POST',
      '/v1/sites',
      { session, csrf: `${session.csrfToken.slice(1)}x` },
      body,
    );
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe('forbidden');
  });

  it('answers 403 forbidden to another session’s CSRF token', async () => {
    const other = await signIn(h.app, (await addUser(t().db, 'other')).email);
    const response = await call(h.app, 'POST', '/v1/sites', { session, csrf: other.csrfToken }, body);
    expect(response.status).toBe(403);
  });

  it('answers 403 forbidden to a cross-site Origin even with the right token', async () => {
    const response = await call(h.app, 'POST', '/v1/sites', { session }, body, {
      Origin: 'https://evil.example',
    });
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe('forbidden');
  });

  it('answers 403 forbidden when the browser marks the request cross-site', async () => {
    const response = await call(h.app, 'POST', '/v1/sites', { session }, body, {
      'Sec-Fetch-Site': 'cross-site',
    });
    expect(response.status).toBe(403);
  });

  it('accepts the token from the public origin and from the origin the request was made to', async () => {
    const fromPublic = await call(h.app, 'POST', '/v1/sites', { session }, body, {
      Origin: 'https://typos.example',
    });
    expect(fromPublic.status).toBe(201);
    const fromHost = await call(h.app, 'POST', '/v1/sites', { session }, body, {
      Origin: 'http://localhost',
    });
    expect(fromHost.status).toBe(201);
  });

  it('needs no token for reading', async () => {
    expect((await call(h.app, 'GET', '/v1/sites', { session })).status).toBe(200);
  });

  it('checks DELETE and PATCH as well as POST', async () => {
    const created = await call(h.app, 'POST', '/v1/sites', { session }, body);
    const { id }: Site = await created.json();
    expect(
      (await call(h.app, 'PATCH', `/v1/sites/${id}`, { session, csrf: null }, { name: 'x' })).status,
    ).toBe(403);
    expect((await call(h.app, 'DELETE', `/v1/sites/${id}`, { session, csrf: null })).status).toBe(403);
    expect((await call(h.app, 'DELETE', `/v1/sites/${id}`, { session })).status).toBe(204);
  });
});
