/**
 * Password change, reset by e-mail (through the real job and a real SMTP listener) and signing out
 * everywhere, on both dialects.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PASSWORD_RESET_JOB,
  passwordResetHandler,
  RESET_TTL_MS,
} from '../../../../server/auth/password-reset.js';
import { createJobRunner } from '../../../../server/jobs/runner.js';
import { createLogger } from '../../../../server/logger.js';
import { RESET_REQUESTS_PER_MINUTE } from '../../../../server/routes/editor/account.js';
import { hashSecret } from '../../../../server/services/secrets.js';
import { describeEachDialect } from '../../../helpers/databases.js';
import { type ReceivedMail, startSmtpServer, type TestSmtpServer } from '../../../helpers/smtp.js';
import {
  addUser,
  call,
  errorCode,
  type Harness,
  harness,
  PASSWORD,
  type Session,
  sessionCookieOf,
  signIn,
  tokenFor,
} from './harness.js';

const NEW_PASSWORD = 'a brand new passphrase';

describeEachDialect('accounts', (t) => {
  let smtp: TestSmtpServer;
  let h: Harness;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    h = harness(t, { SMTP_URL: smtp.url, PUBLIC_URL: 'https://typos.example' });
  });
  afterAll(async () => {
    h.deps.mailer.close();
    await smtp.close();
  });

  /** Runs the due reset jobs, as a server process's runner would. */
  async function runJobs(): Promise<void> {
    const runner = createJobRunner({
      db: t().db,
      logger: createLogger('silent'),
      now: h.clock.now,
      handlers: [passwordResetHandler(h.deps)],
      periodic: false,
    });
    await runner.drain();
  }

  /** Whether a session still signs requests in. */
  async function alive(session: Session): Promise<boolean> {
    const status = (await call(h.app, 'GET', '/v1/me', { session })).status;
    if (status !== 200 && status !== 401) throw new Error(`unexpected ${status}`);
    return status === 200;
  }

  async function canSignIn(email: string, password: string): Promise<boolean> {
    const response = await call(h.app, 'POST', '/v1/auth/login', {}, { email, password });
    return response.status === 200;
  }

  /** The reset link's token in a mail. */
  function tokenIn(mail: ReceivedMail): string {
    const link = /https:\/\/typos\.example\/app\/reset\/([\w-]+)/.exec(mail.parsed.text ?? '');
    if (!link?.[1]) throw new Error('no reset link in the mail');
    return link[1];
  }

  async function mailedToken(email: string): Promise<string> {
    const before = smtp.messages.length;
    expect((await call(h.app, 'POST', '/v1/auth/reset', {}, { email })).status).toBe(202);
    await runJobs();
    const mail = await smtp.waitFor((m) => m.to.includes(email) && smtp.messages.indexOf(m) >= before);
    return tokenIn(mail);
  }

  describe('changing one’s password', () => {
    it('changes it with the current one, keeps this session and ends every other', async () => {
      const user = await addUser(t().db, 'changer');
      const here = await signIn(h.app, user.email);
      const elsewhere = await signIn(h.app, user.email);
      const response = await call(
        h.app,
        'POST',
        '/v1/me/password',
        { session: here },
        { current: PASSWORD, password: NEW_PASSWORD },
      );
      expect(response.status).toBe(204);
      expect(await alive(here)).toBe(true);
      expect(await alive(elsewhere)).toBe(false);
      expect(await canSignIn(user.email, PASSWORD)).toBe(false);
      expect(await canSignIn(user.email, NEW_PASSWORD)).toBe(true);
    });

    it('answers 403 to a wrong current password and changes nothing', async () => {
      const user = await addUser(t().db, 'forgetful');
      const session = await signIn(h.app, user.email);
      const other = await signIn(h.app, user.email);
      const response = await call(
        h.app,
        'POST',
        '/v1/me/password',
        { session },
        { current: 'not the password', password: NEW_PASSWORD },
      );
      expect(response.status).toBe(403);
      expect(await errorCode(response)).toBe('forbidden');
      expect(await alive(other)).toBe(true);
      expect(await canSignIn(user.email, PASSWORD)).toBe(true);
    });

    it('throttles wrong current passwords like failed sign-ins (429)', async () => {
      const user = await addUser(t().db, 'guessed');
      const session = await signIn(h.app, user.email);
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const response = await call(
          h.app,
          'POST',
          '/v1/me/password',
          { session },
          { current: `guess number ${i}`, password: NEW_PASSWORD },
        );
        statuses.push(response.status);
      }
      expect(statuses.slice(0, 10).every((s) => s === 403)).toBe(true);
      expect(statuses.at(-1)).toBe(429);
    });

    it.each([
      ['too short', 'nine char', 'must be at least 10 characters'],
      ['on the common-password list', 'qwertyuiop', 'most common passwords'],
      ['common in another case', 'Password123', 'most common passwords'],
    ])('answers 400 to a new password %s', async (_label, password, message) => {
      const user = await addUser(t().db, 'weak');
      const session = await signIn(h.app, user.email);
      const response = await call(
        h.app,
        'POST',
        '/v1/me/password',
        { session },
        { current: PASSWORD, password },
      );
      expect(response.status).toBe(400);
      const body: { error: { issues: Array<{ path: string; message: string }> } } = await response.json();
      expect(body.error.issues).toEqual([{ path: 'password', message: expect.stringContaining(message) }]);
      expect(await canSignIn(user.email, PASSWORD)).toBe(true);
    });

    it('refuses an API token (403), even a write one', async () => {
      const user = await addUser(t().db, 'scripted');
      const token = await tokenFor(t().db, user.id);
      const response = await call(
        h.app,
        'POST',
        '/v1/me/password',
        { token },
        { current: PASSWORD, password: NEW_PASSWORD },
      );
      expect(response.status).toBe(403);
      expect(await canSignIn(user.email, PASSWORD)).toBe(true);
    });
  });

  describe('signing out everywhere', () => {
    it('ends every session of the user, this one included, and clears the cookie', async () => {
      const user = await addUser(t().db, 'leaving');
      const bystander = await addUser(t().db, 'bystander');
      const here = await signIn(h.app, user.email);
      const elsewhere = await signIn(h.app, user.email);
      const theirs = await signIn(h.app, bystander.email);
      const response = await call(h.app, 'POST', '/v1/auth/logout-all', { session: here });
      expect(response.status).toBe(204);
      expect(sessionCookieOf(response)).toBe('misprint_session=');
      expect(await alive(here)).toBe(false);
      expect(await alive(elsewhere)).toBe(false);
      expect(await alive(theirs)).toBe(true);
    });

    it('needs the CSRF token like any unsafe request', async () => {
      const user = await addUser(t().db, 'forged');
      const session = await signIn(h.app, user.email);
      const response = await call(h.app, 'POST', '/v1/auth/logout-all', { session, csrf: null });
      expect(response.status).toBe(403);
      expect(await alive(session)).toBe(true);
    });
  });

  describe('resetting a forgotten password by e-mail', () => {
    it('mails a single-use link that sets a new password and ends every session', async () => {
      const user = await addUser(t().db, 'reset');
      const session = await signIn(h.app, user.email);
      const token = await mailedToken(user.email);
      const mail = smtp.messages.find((m) => m.to.includes(user.email));
      expect(mail?.parsed.subject).toBe('Reset your Misprint password');
      expect(mail?.parsed.html).toContain(`https://typos.example/app/reset/${token}`);

      const stored = await t()
        .db.selectFrom('password_resets')
        .select(['token_hash', 'expires_at', 'created_at'])
        .where('user_id', '=', user.id)
        .execute();
      expect(stored).toHaveLength(1);
      expect(stored[0]?.token_hash).toBe(hashSecret(token));
      expect(JSON.stringify(stored)).not.toContain(token);
      expect((stored[0]?.expires_at.getTime() ?? 0) - (stored[0]?.created_at.getTime() ?? 0)).toBe(
        RESET_TTL_MS,
      );

      const common = await call(h.app, 'POST', `/v1/auth/reset/${token}`, {}, { password: '1234567890' });
      expect(common.status).toBe(400);
      const reset = await call(h.app, 'POST', `/v1/auth/reset/${token}`, {}, { password: NEW_PASSWORD });
      expect(reset.status).toBe(204);
      expect(await alive(session)).toBe(false);
      expect(await canSignIn(user.email, PASSWORD)).toBe(false);
      expect(await canSignIn(user.email, NEW_PASSWORD)).toBe(true);

      const again = await call(
        h.app,
        'POST',
        `/v1/auth/reset/${token}`,
        {},
        { password: 'yet another passphrase' },
      );
      expect(again.status).toBe(404);
      expect(await errorCode(again)).toBe('not_found');
      expect(await canSignIn(user.email, NEW_PASSWORD)).toBe(true);
    });

    it('answers alike for an address without an account, and mails nothing', async () => {
      const user = await addUser(t().db, 'known');
      const known = await call(h.app, 'POST', '/v1/auth/reset', {}, { email: user.email });
      const unknown = await call(h.app, 'POST', '/v1/auth/reset', {}, { email: 'nobody-here@example.test' });
      expect(unknown.status).toBe(known.status);
      expect(await unknown.text()).toBe(await known.text());
      expect([...unknown.headers.keys()].sort()).toEqual([...known.headers.keys()].sort());
      await runJobs();
      await smtp.waitFor((m) => m.to.includes(user.email));
      expect(smtp.messages.some((m) => m.to.includes('nobody-here@example.test'))).toBe(false);
    });

    it('refuses a link after 30 minutes', async () => {
      const user = await addUser(t().db, 'slow');
      const token = await mailedToken(user.email);
      h.clock.advance(RESET_TTL_MS);
      const late = await call(h.app, 'POST', `/v1/auth/reset/${token}`, {}, { password: NEW_PASSWORD });
      expect(late.status).toBe(404);
      expect(await canSignIn(user.email, PASSWORD)).toBe(true);
    });

    it('answers 404 to a made-up link', async () => {
      const response = await call(h.app, 'POST', '/v1/auth/reset/made-up', {}, { password: NEW_PASSWORD });
      expect(response.status).toBe(404);
      expect(await errorCode(response)).toBe('not_found');
    });

    it('mails one link per address every 5 minutes however often it is asked', async () => {
      const user = await addUser(t().db, 'impatient');
      h.clock.advance(5 * 60 * 1000);
      for (let i = 0; i < 3; i++) {
        expect(
          (await call(h.app, 'POST', '/v1/auth/reset', {}, { email: user.email.toUpperCase() })).status,
        ).toBe(202);
      }
      await runJobs();
      await smtp.waitFor((m) => m.to.includes(user.email));
      const jobs = await t()
        .db.selectFrom('jobs')
        .select('id')
        .where('kind', '=', PASSWORD_RESET_JOB)
        .where('payload', '@>', JSON.stringify({ email: user.email }))
        .execute();
      expect(jobs).toHaveLength(1);
      expect(smtp.messages.filter((m) => m.to.includes(user.email))).toHaveLength(1);
    });

    it('ends the links not used yet when the password is changed', async () => {
      const user = await addUser(t().db, 'remembered');
      const token = await mailedToken(user.email);
      const session = await signIn(h.app, user.email);
      await call(
        h.app,
        'POST',
        '/v1/me/password',
        { session },
        { current: PASSWORD, password: NEW_PASSWORD },
      );
      const response = await call(
        h.app,
        'POST',
        `/v1/auth/reset/${token}`,
        {},
        { password: 'somebody else now' },
      );
      expect(response.status).toBe(404);
      expect(await canSignIn(user.email, NEW_PASSWORD)).toBe(true);
    });

    it('limits reset requests per client address (429 with Retry-After)', async () => {
      const fresh = harness(t, { SMTP_URL: smtp.url });
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i <= RESET_REQUESTS_PER_MINUTE; i++) {
        const response = await call(fresh.app, 'POST', '/v1/auth/reset', {}, { email: `x${i}@example.test` });
        statuses.push(response.status);
        retryAfter = response.headers.get('Retry-After');
      }
      fresh.deps.mailer.close();
      expect(statuses).toEqual([...Array(RESET_REQUESTS_PER_MINUTE).fill(202), 429]);
      expect(Number(retryAfter)).toBeGreaterThan(0);
    });
  });
});
