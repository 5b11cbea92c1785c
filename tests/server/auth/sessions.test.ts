import { beforeAll, describe, expect, it } from 'vitest';
import type { Me } from '../../../contract/api.js';
import {
  SESSION_MAX_AGE_MS,
  SESSION_SLIDE_INTERVAL_MS,
  SESSION_TTL_MS,
} from '../../../server/auth/sessions.js';
import { hashSecret } from '../../../server/services/secrets.js';
import { describeEachDialect } from '../../helpers/databases.js';
import {
  addUser,
  call,
  errorCode,
  type Harness,
  harness,
  PASSWORD,
  sessionCookieOf,
  signIn,
} from '../routes/editor/harness.js';

const DAY = 86_400_000;

function login(h: Harness, body: unknown, init: { url?: string; headers?: Record<string, string> } = {}) {
  return h.app.request(init.url ?? '/api/v1/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...init.headers },
    body: JSON.stringify(body),
  });
}

function sessionHeader(response: Response): string {
  return response.headers.getSetCookie().find((h) => h.startsWith('misprint_session=')) ?? '';
}

describeEachDialect('sessions', (t) => {
  let h: Harness;
  let alice: { id: string; email: string };
  beforeAll(async () => {
    h = harness(t);
    alice = await addUser(t().db, 'alice');
  });

  describe('sign-in', () => {
    it('answers Me with a CSRF token and sets an HttpOnly, SameSite=Lax session cookie for the whole origin', async () => {
      const response = await login(h, { email: alice.email, password: PASSWORD });
      expect(response.status).toBe(200);
      const me: Me = await response.json();
      expect(me.user).toEqual({ id: alice.id, email: alice.email, name: 'alice' });
      expect(me.csrfToken).toMatch(/^[\w-]{40,}$/);
      const cookie = sessionHeader(response);
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; SameSite=Lax/);
      expect(cookie).toMatch(/; Path=\//);
      expect(cookie).toMatch(/; Expires=/);
      expect(cookie).not.toMatch(/; Secure/);
    });

    it('marks the cookie Secure when the request came over https', async () => {
      const response = await login(
        h,
        { email: alice.email, password: PASSWORD },
        { url: 'https://typos.example/api/v1/auth/login' },
      );
      expect(response.status).toBe(200);
      expect(sessionHeader(response)).toMatch(/; Secure/);
    });

    it('marks the cookie Secure when the public URL is https, even behind a plain-http proxy hop', async () => {
      const behindProxy = harness(t, { PUBLIC_URL: 'https://typos.example' });
      const response = await login(behindProxy, { email: alice.email, password: PASSWORD });
      expect(response.status).toBe(200);
      expect(sessionHeader(response)).toMatch(/; Secure/);
    });

    it('accepts the e-mail in any case', async () => {
      const response = await login(h, { email: alice.email.toUpperCase(), password: PASSWORD });
      expect(response.status).toBe(200);
    });

    it('answers a wrong password and an unknown e-mail alike, so accounts cannot be discovered', async () => {
      const wrong = await login(h, { email: alice.email, password: 'not the password' });
      const unknown = await login(h, { email: 'nobody@example.test', password: 'not the password' });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(await wrong.json()).toEqual(await unknown.json());
      expect(sessionCookieOf(wrong)).toBeUndefined();
    });

    it('answers 400 invalid_request with issues for a body without credentials', async () => {
      const response = await login(h, { email: alice.email });
      expect(response.status).toBe(400);
      const body: { error: { code: string; issues: Array<{ path: string }> } } = await response.json();
      expect(body.error.code).toBe('invalid_request');
      expect(body.error.issues.map((i) => i.path)).toContain('password');
    });

    it('refuses a sign-in posted from another site', async () => {
      const response = await login(
        h,
        { email: alice.email, password: PASSWORD },
        { headers: { Origin: 'https://evil.example' } },
      );
      expect(response.status).toBe(403);
      expect(await errorCode(response)).toBe('forbidden');
    });

    it('issues a new session id at every sign-in, whatever cookie the browser already had', async () => {
      const first = await signIn(h.app, alice.email);
      const response = await login(
        h,
        { email: alice.email, password: PASSWORD },
        { headers: { Cookie: first.cookie } },
      );
      const second = sessionCookieOf(response);
      expect(second).toBeDefined();
      expect(second).not.toBe(first.cookie);
    });

    it('stores only a hash of the session id', async () => {
      const session = await signIn(h.app, alice.email);
      const id = session.cookie.slice('misprint_session='.length);
      const rows = await t()
        .db.selectFrom('sessions')
        .select('id_hash')
        .where('user_id', '=', alice.id)
        .execute();
      const hashes = rows.map((r) => r.id_hash);
      expect(hashes).toContain(hashSecret(id));
      expect(hashes).not.toContain(id);
    });
  });

  describe('me and sign-out', () => {
    it('answers 401 unauthenticated without a session', async () => {
      const response = await call(h.app, 'GET', '/v1/me', {});
      expect(response.status).toBe(401);
      expect(await errorCode(response)).toBe('unauthenticated');
    });

    it('answers 401 for a made-up session cookie', async () => {
      const response = await call(h.app, 'GET', '/v1/me', {
        session: { cookie: 'misprint_session=forged', csrfToken: 'x' },
      });
      expect(response.status).toBe(401);
    });

    it('tells a signed-in user who they are and their CSRF token', async () => {
      const session = await signIn(h.app, alice.email);
      const response = await call(h.app, 'GET', '/v1/me', { session });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        user: { id: alice.id, email: alice.email, name: 'alice' },
        csrfToken: session.csrfToken,
      });
    });

    it('ends the session on sign-out: the cookie is cleared and no longer works', async () => {
      const session = await signIn(h.app, alice.email);
      const response = await call(h.app, 'POST', '/v1/auth/logout', { session });
      expect(response.status).toBe(204);
      expect(sessionHeader(response)).toMatch(/Max-Age=0/);
      expect((await call(h.app, 'GET', '/v1/me', { session })).status).toBe(401);
      const id = session.cookie.slice('misprint_session='.length);
      const row = await t()
        .db.selectFrom('sessions')
        .select('id_hash')
        .where('id_hash', '=', hashSecret(id))
        .executeTakeFirst();
      expect(row).toBeUndefined();
    });

    it('does not sign out without the CSRF token', async () => {
      const session = await signIn(h.app, alice.email);
      const response = await call(h.app, 'POST', '/v1/auth/logout', { session, csrf: null });
      expect(response.status).toBe(403);
      expect((await call(h.app, 'GET', '/v1/me', { session })).status).toBe(200);
    });
  });

  describe('expiry', () => {
    it('expires a session left unused for the whole lifetime, with 401 and the row deleted', async () => {
      const clocked = harness(t);
      const session = await signIn(clocked.app, alice.email);
      clocked.clock.advance(SESSION_TTL_MS + 1000);
      const response = await call(clocked.app, 'GET', '/v1/me', { session });
      expect(response.status).toBe(401);
      expect(await errorCode(response)).toBe('unauthenticated');
      const id = session.cookie.slice('misprint_session='.length);
      expect(
        await t()
          .db.selectFrom('sessions')
          .select('id_hash')
          .where('id_hash', '=', hashSecret(id))
          .executeTakeFirst(),
      ).toBeUndefined();
    });

    it('keeps a session alive while it is used (sliding expiry) and refreshes the cookie', async () => {
      const clocked = harness(t);
      const session = await signIn(clocked.app, alice.email);
      for (let week = 0; week < 2; week++) {
        clocked.clock.advance(7 * DAY);
        const response = await call(clocked.app, 'GET', '/v1/me', { session });
        expect(response.status).toBe(200);
        expect(sessionCookieOf(response)).toBe(session.cookie);
      }
      clocked.clock.advance(SESSION_TTL_MS - 1000);
      expect((await call(clocked.app, 'GET', '/v1/me', { session })).status).toBe(200);
    });

    it('ends a session 30 days after sign-in however active, and never slides its cookie past that', async () => {
      const clocked = harness(t);
      const session = await signIn(clocked.app, alice.email);
      const signedInAt = clocked.clock.now().getTime();
      for (let week = 0; week < 4; week++) {
        clocked.clock.advance(7 * DAY);
        const response = await call(clocked.app, 'GET', '/v1/me', { session });
        expect(response.status).toBe(200);
        const cookie = response.headers.getSetCookie().find((h) => h.startsWith('misprint_session='));
        const expires = cookie ? Date.parse(/Expires=([^;]+)/i.exec(cookie)?.[1] ?? '') : Number.NaN;
        if (cookie) expect(expires).toBeLessThanOrEqual(signedInAt + SESSION_MAX_AGE_MS);
      }
      clocked.clock.advance(SESSION_MAX_AGE_MS - 28 * DAY - 1000);
      expect((await call(clocked.app, 'GET', '/v1/me', { session })).status).toBe(200);
      clocked.clock.advance(2000);
      const ended = await call(clocked.app, 'GET', '/v1/me', { session });
      expect(ended.status).toBe(401);
      expect(await errorCode(ended)).toBe('unauthenticated');
    });

    it('writes the new expiry at most once per slide interval', async () => {
      const clocked = harness(t);
      const session = await signIn(clocked.app, alice.email);
      const id = hashSecret(session.cookie.slice('misprint_session='.length));
      const expiry = async () =>
        (
          await t()
            .db.selectFrom('sessions')
            .select('expires_at')
            .where('id_hash', '=', id)
            .executeTakeFirstOrThrow()
        ).expires_at.getTime();
      const initial = await expiry();
      clocked.clock.advance(SESSION_SLIDE_INTERVAL_MS - 1000);
      const quiet = await call(clocked.app, 'GET', '/v1/me', { session });
      expect(sessionCookieOf(quiet)).toBeUndefined();
      expect(await expiry()).toBe(initial);
      clocked.clock.advance(2000);
      await call(clocked.app, 'GET', '/v1/me', { session });
      expect(await expiry()).toBe(clocked.clock.now().getTime() + SESSION_TTL_MS);
    });
  });
});
