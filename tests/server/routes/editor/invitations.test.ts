import { beforeAll, describe, expect, it } from 'vitest';
import type { Invitation, InvitationPreview, Me, Member } from '../../../../contract/api.js';
import { acceptInvitationAsNewUser } from '../../../../server/db/queries/invitations.js';
import { hashSecret } from '../../../../server/services/secrets.js';
import { describeEachDialect } from '../../../helpers/databases.js';
import {
  addMember,
  addSignedInOwner,
  addUser,
  call,
  errorCode,
  type Harness,
  harness,
  PASSWORD,
  type Session,
  sessionCookieOf,
  signIn,
  uniqueEmail,
} from './harness.js';

const DAY = 86_400_000;

describeEachDialect('invitations', (t) => {
  let h: Harness;
  let session: Session;
  let siteId: string;
  beforeAll(async () => {
    h = harness(t, { PUBLIC_URL: 'https://typos.example' });
    ({ siteId, session } = await addSignedInOwner(h, 'Gazette'));
  });

  async function invite(
    body: unknown = { role: 'editor' },
  ): Promise<{ invitation: Invitation; token: string }> {
    const response = await call(h.app, 'POST', `/v1/sites/${siteId}/invitations`, { session }, body);
    expect(response.status).toBe(201);
    const invitation: Invitation = await response.json();
    const token = invitation.url?.split('/').at(-1);
    if (!token) throw new Error('no link');
    return { invitation, token };
  }

  function accept(token: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return Promise.resolve(
      h.app.request(`/api/v1/invitations/${token}/accept`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify(body),
      }),
    );
  }

  async function roleOf(userId: string): Promise<string | undefined> {
    const members: Member[] = await (
      await call(h.app, 'GET', `/v1/sites/${siteId}/members`, { session })
    ).json();
    return members.find((m) => m.user.id === userId)?.role;
  }

  describe('creating', () => {
    it('answers the link once, stores only its hash, and lists the invitation without it', async () => {
      const { invitation, token } = await invite({
        role: 'viewer',
        email: 'Someone@Example.test',
        expiresInDays: 3,
      });
      expect(invitation.url).toBe(`https://typos.example/app/invite/${token}`);
      expect(invitation.email).toBe('someone@example.test');
      expect(new Date(invitation.expiresAt).getTime() - new Date(invitation.createdAt).getTime()).toBe(
        3 * DAY,
      );
      const row = await t()
        .db.selectFrom('invitations')
        .select('token_hash')
        .where('id', '=', invitation.id)
        .executeTakeFirstOrThrow();
      expect(row.token_hash).toBe(hashSecret(token));
      const listed: Invitation[] = await (
        await call(h.app, 'GET', `/v1/sites/${siteId}/invitations`, { session })
      ).json();
      const { url: _url, mailed, ...withoutLink } = invitation;
      expect(listed).toContainEqual(withoutLink);
      // No SMTP_URL in this harness: nothing was mailed, and the answer says so.
      expect(mailed).toBe(false);
    });

    it('answers 400 invalid_request to an unknown role or a lifetime over 30 days', async () => {
      for (const body of [
        { role: 'admin' },
        { role: 'viewer', expiresInDays: 31 },
        { role: 'viewer', email: 'nope' },
      ]) {
        const response = await call(h.app, 'POST', `/v1/sites/${siteId}/invitations`, { session }, body);
        expect(response.status).toBe(400);
        expect(await errorCode(response)).toBe('invalid_request');
      }
    });

    it('withdraws an invitation: the link then finds nothing', async () => {
      const { invitation, token } = await invite();
      expect(
        (await call(h.app, 'DELETE', `/v1/sites/${siteId}/invitations/${invitation.id}`, { session })).status,
      ).toBe(204);
      expect((await h.app.request(`/api/v1/invitations/${token}`)).status).toBe(404);
    });
  });

  describe('opening and accepting', () => {
    it('shows what a link offers to anyone who has it', async () => {
      const { invitation, token } = await invite({ role: 'editor' });
      const response = await h.app.request(`/api/v1/invitations/${token}`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        siteName: 'Gazette',
        role: 'editor',
        expiresAt: invitation.expiresAt,
      } satisfies InvitationPreview);
    });

    it('creates an account, makes it a member and signs it in', async () => {
      const { token } = await invite({ role: 'editor' });
      const email = uniqueEmail('newcomer');
      const response = await accept(token, { email, password: 'a long new password', name: 'Newcomer' });
      expect(response.status).toBe(200);
      const me: Me = await response.json();
      expect(me.user).toEqual({ id: expect.any(String), email, name: 'Newcomer' });
      expect(me.csrfToken).toEqual(expect.any(String));
      const cookie = sessionCookieOf(response);
      expect(cookie).toBeDefined();
      expect(await roleOf(me.user.id)).toBe('editor');
      const sites = await h.app.request('/api/v1/sites', { headers: { Cookie: cookie ?? '' } });
      expect(sites.status).toBe(200);
    });

    it('lets a signed-in user join with their session', async () => {
      const user = await addUser(t().db, 'joiner');
      const joinerSession = await signIn(h.app, user.email);
      const { token } = await invite({ role: 'viewer' });
      const response = await call(
        h.app,
        'POST',
        `/v1/invitations/${token}/accept`,
        { session: joinerSession },
        {},
      );
      expect(response.status).toBe(200);
      expect(await roleOf(user.id)).toBe('viewer');
    });

    it('lets an existing account join with its password, and refuses a wrong one', async () => {
      const user = await addUser(t().db, 'existing');
      const { token } = await invite({ role: 'viewer' });
      const wrong = await accept(token, { email: user.email, password: 'not my password' });
      expect(wrong.status).toBe(401);
      expect(await errorCode(wrong)).toBe('unauthenticated');
      expect(await roleOf(user.id)).toBeUndefined();
      const right = await accept(token, { email: user.email, password: PASSWORD });
      expect(right.status).toBe(200);
      expect(await roleOf(user.id)).toBe('viewer');
    });

    it('does not demote a member who accepts a weaker invitation', async () => {
      const user = await addUser(t().db, 'editor-already');
      await addMember(t().db, siteId, user.id, 'editor');
      const { token } = await invite({ role: 'viewer' });
      expect((await accept(token, { email: user.email, password: PASSWORD })).status).toBe(200);
      expect(await roleOf(user.id)).toBe('editor');
    });

    it('can be used once', async () => {
      const { token } = await invite();
      expect(
        (await accept(token, { email: uniqueEmail('first'), password: 'a long new password' })).status,
      ).toBe(200);
      const again = await accept(token, { email: uniqueEmail('second'), password: 'a long new password' });
      expect(again.status).toBe(404);
      expect(await errorCode(again)).toBe('not_found');
      expect((await h.app.request(`/api/v1/invitations/${token}`)).status).toBe(404);
    });

    it('expires: after its lifetime the link finds nothing and creates no account', async () => {
      const { token } = await invite({ role: 'editor', expiresInDays: 1 });
      h.clock.advance(DAY + 1000);
      try {
        expect((await h.app.request(`/api/v1/invitations/${token}`)).status).toBe(404);
        const email = uniqueEmail('late');
        const response = await accept(token, { email, password: 'a long new password' });
        expect(response.status).toBe(404);
        expect(await errorCode(response)).toBe('not_found');
        expect(
          await t().db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst(),
        ).toBeUndefined();
      } finally {
        h.clock.advance(-DAY - 1000);
      }
    });

    it('is refused (403 forbidden) to any other e-mail than the one it names', async () => {
      const { token } = await invite({ role: 'editor', email: 'named@example.test' });
      const response = await accept(token, {
        email: uniqueEmail('impostor'),
        password: 'a long new password',
      });
      expect(response.status).toBe(403);
      expect(await errorCode(response)).toBe('forbidden');
    });

    it('answers 401 unauthenticated to an anonymous acceptance without credentials, and 400 to a short or common password', async () => {
      const { token } = await invite();
      const anonymous = await accept(token, {});
      expect(anonymous.status).toBe(401);
      expect(await errorCode(anonymous)).toBe('unauthenticated');
      const short = await accept(token, { email: uniqueEmail('short'), password: 'short' });
      expect(short.status).toBe(400);
      expect(await errorCode(short)).toBe('invalid_request');
      const email = uniqueEmail('common');
      const common = await accept(token, { email, password: 'password1234' });
      expect(common.status).toBe(400);
      const body: { error: { issues: Array<{ path: string; message: string }> } } = await common.json();
      expect(body.error.issues).toEqual([
        { path: 'password', message: expect.stringContaining('most common') },
      ]);
      expect(await t().db.selectFrom('users').select('id').where('email', '=', email).execute()).toEqual([]);
    });

    it('creates no account and uses up nothing when the e-mail was taken in the meantime', async () => {
      const { invitation } = await invite();
      const taken = await addUser(t().db, 'racer');
      const result = await acceptInvitationAsNewUser(t().db, {
        invitationId: invitation.id,
        email: taken.email,
        passwordHash: 'x',
        name: null,
        now: h.clock.now(),
      });
      expect(result).toBe('email_taken');
      const row = await t()
        .db.selectFrom('invitations')
        .select('accepted_at')
        .where('id', '=', invitation.id)
        .executeTakeFirstOrThrow();
      expect(row.accepted_at).toBeNull();
    });

    it('answers 404 to a made-up link', async () => {
      expect((await h.app.request('/api/v1/invitations/made-up')).status).toBe(404);
    });
  });
});
