import { beforeAll, expect, it } from 'vitest';
import type { ApiToken, CreatedApiToken, Me } from '../../../contract/api.js';
import { TOKEN_TOUCH_INTERVAL_MS } from '../../../server/auth/api-tokens.js';
import { hashSecret } from '../../../server/services/secrets.js';
import { describeEachDialect } from '../../helpers/databases.js';
import {
  addUser,
  call,
  errorCode,
  type Harness,
  harness,
  type Session,
  signIn,
  tokenFor,
} from '../routes/editor/harness.js';

describeEachDialect('API tokens', (t) => {
  let h: Harness;
  let user: { id: string; email: string };
  let session: Session;
  beforeAll(async () => {
    h = harness(t);
    user = await addUser(t().db, 'scripter');
    session = await signIn(h.app, user.email);
  });

  it('signs a request in with Authorization: Bearer, with no CSRF token to send', async () => {
    const token = await tokenFor(t().db, user.id);
    const me = await call(h.app, 'GET', '/v1/me', { token });
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({
      user: { id: user.id, email: user.email, name: 'scripter' },
      csrfToken: null,
    } satisfies Me);
    const created = await call(
      h.app,
      'POST',
      '/v1/sites',
      { token },
      { name: 'Scripted', origins: ['https://a.example'] },
    );
    expect(created.status).toBe(201);
  });

  it('answers 401 to an unknown token, a malformed header and a revoked token', async () => {
    expect(await errorCode(await call(h.app, 'GET', '/v1/me', { token: 'mp_madeup' }))).toBe(
      'unauthenticated',
    );
    const malformed = await h.app.request('/api/v1/me', { headers: { Authorization: 'Basic dXNlcjpwYXNz' } });
    expect(malformed.status).toBe(401);
    const token = await tokenFor(t().db, user.id);
    await t()
      .db.updateTable('api_tokens')
      .set({ revoked_at: new Date() })
      .where('token_hash', '=', hashSecret(token))
      .execute();
    const revoked = await call(h.app, 'GET', '/v1/me', { token });
    expect(revoked.status).toBe(401);
    expect(await errorCode(revoked)).toBe('unauthenticated');
  });

  it('does not fall back to the session cookie when the bearer token is bad', async () => {
    const response = await h.app.request('/api/v1/me', {
      headers: { Authorization: 'Bearer mp_madeup', Cookie: session.cookie },
    });
    expect(response.status).toBe(401);
  });

  it('records when a token was last used, at most once a minute', async () => {
    const token = await tokenFor(t().db, user.id);
    const lastUsed = async () =>
      (
        await t()
          .db.selectFrom('api_tokens')
          .select('last_used_at')
          .where('token_hash', '=', hashSecret(token))
          .executeTakeFirstOrThrow()
      ).last_used_at?.getTime();
    expect(await lastUsed()).toBeUndefined();
    const first = h.clock.now().getTime();
    await call(h.app, 'GET', '/v1/me', { token });
    expect(await lastUsed()).toBe(first);
    h.clock.advance(TOKEN_TOUCH_INTERVAL_MS - 1000);
    await call(h.app, 'GET', '/v1/me', { token });
    expect(await lastUsed()).toBe(first);
    h.clock.advance(1000);
    await call(h.app, 'GET', '/v1/me', { token });
    expect(await lastUsed()).toBe(h.clock.now().getTime());
  });

  it('creates a token in the dashboard, lists it without its secret, and revokes it', async () => {
    const response = await call(h.app, 'POST', '/v1/tokens', { session }, { name: 'Deploy script' });
    expect(response.status).toBe(201);
    const created: CreatedApiToken = await response.json();
    expect(created.token).toMatch(/^mp_/);
    expect((await call(h.app, 'GET', '/v1/me', { token: created.token })).status).toBe(200);

    const listed: ApiToken[] = await (await call(h.app, 'GET', '/v1/tokens', { session })).json();
    const mine = listed.find((x) => x.id === created.id);
    expect(mine).toEqual({
      id: created.id,
      name: 'Deploy script',
      scope: 'write',
      createdAt: created.createdAt,
      lastUsedAt: expect.any(String),
      expiresAt: null,
    });
    expect(JSON.stringify(listed)).not.toContain(created.token);

    expect((await call(h.app, 'DELETE', `/v1/tokens/${created.id}`, { session })).status).toBe(204);
    expect((await call(h.app, 'GET', '/v1/me', { token: created.token })).status).toBe(401);
    const after: ApiToken[] = await (await call(h.app, 'GET', '/v1/tokens', { session })).json();
    expect(after.map((x) => x.id)).not.toContain(created.id);
  });

  it('answers 404 to revoking another user’s token, which keeps working', async () => {
    const other = await addUser(t().db, 'other');
    const theirs = await tokenFor(t().db, other.id);
    const row = await t()
      .db.selectFrom('api_tokens')
      .select('id')
      .where('token_hash', '=', hashSecret(theirs))
      .executeTakeFirstOrThrow();
    const response = await call(h.app, 'DELETE', `/v1/tokens/${row.id}`, { session });
    expect(response.status).toBe(404);
    expect(await errorCode(response)).toBe('not_found');
    expect((await call(h.app, 'GET', '/v1/me', { token: theirs })).status).toBe(200);
  });

  it('answers 400 to a token without a name', async () => {
    const response = await call(h.app, 'POST', '/v1/tokens', { session }, { name: '  ' });
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe('invalid_request');
  });

  it('refuses every unsafe method to a read token (403) and answers its reads', async () => {
    const response = await call(h.app, 'POST', '/v1/tokens', { session }, { name: 'Reader', scope: 'read' });
    const created: CreatedApiToken = await response.json();
    expect(created.scope).toBe('read');
    const token = created.token;
    expect((await call(h.app, 'GET', '/v1/sites', { token })).status).toBe(200);
    for (const [method, path, body] of [
      ['POST', '/v1/sites', { name: 'Nope', origins: ['https://a.example'] }],
      ['DELETE', `/v1/tokens/${created.id}`, undefined],
      ['POST', '/v1/auth/logout', undefined],
    ] as const) {
      const refused = await call(h.app, method, path, { token }, body);
      expect(refused.status).toBe(403);
      expect(await errorCode(refused)).toBe('forbidden');
    }
    const sites = await t().db.selectFrom('sites').select('name').where('name', '=', 'Nope').execute();
    expect(sites).toEqual([]);
    expect((await call(h.app, 'GET', '/v1/me', { token })).status).toBe(200);
  });

  it('lets no token create tokens, whatever its scope: only a session can', async () => {
    const write = await tokenFor(t().db, user.id);
    const refused = await call(h.app, 'POST', '/v1/tokens', { token: write }, { name: 'Offspring' });
    expect(refused.status).toBe(403);
    expect(await errorCode(refused)).toBe('forbidden');
    const names = (await (await call(h.app, 'GET', '/v1/tokens', { session })).json()) as ApiToken[];
    expect(names.map((x) => x.name)).not.toContain('Offspring');
  });

  it('ends a token at its expiry: 401 from then on, and gone from the list', async () => {
    const response = await call(
      h.app,
      'POST',
      '/v1/tokens',
      { session },
      { name: 'Short-lived', expiresInDays: 7 },
    );
    expect(response.status).toBe(201);
    const created: CreatedApiToken = await response.json();
    expect(Date.parse(created.expiresAt ?? '')).toBe(h.clock.now().getTime() + 7 * 86_400_000);
    h.clock.advance(7 * 86_400_000 - 1000);
    expect((await call(h.app, 'GET', '/v1/me', { token: created.token })).status).toBe(200);
    const listed: ApiToken[] = await (await call(h.app, 'GET', '/v1/tokens', { session })).json();
    expect(listed.find((x) => x.id === created.id)?.lastUsedAt).toBe(h.clock.now().toISOString());
    h.clock.advance(1000);
    const expired = await call(h.app, 'GET', '/v1/me', { token: created.token });
    expect(expired.status).toBe(401);
    expect(await errorCode(expired)).toBe('unauthenticated');
    const after: ApiToken[] = await (await call(h.app, 'GET', '/v1/tokens', { session })).json();
    expect(after.map((x) => x.id)).not.toContain(created.id);
  });

  it.each([
    [{ name: 'x', scope: 'admin' }, 'scope'],
    [{ name: 'x', expiresInDays: 0 }, 'expiresInDays'],
    [{ name: 'x', expiresInDays: 1.5 }, 'expiresInDays'],
    [{ name: 'x', expiresInDays: 3651 }, 'expiresInDays'],
  ])('answers 400 to the token input %j', async (body, path) => {
    const response = await call(h.app, 'POST', '/v1/tokens', { session }, body);
    expect(response.status).toBe(400);
    const answer: { error: { issues: Array<{ path: string }> } } = await response.json();
    expect(answer.error.issues.map((i) => i.path)).toContain(path);
  });
});
