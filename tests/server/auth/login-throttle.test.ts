import { beforeAll, expect, it } from 'vitest';
import {
  ACCOUNT_FAILURE_LIMIT,
  CLIENT_FAILURE_LIMIT,
  LOGIN_WINDOW_MS,
  loginKeys,
} from '../../../server/auth/login-throttle.js';
import { describeEachDialect } from '../../helpers/databases.js';
import { addUser, errorCode, type Harness, harness, PASSWORD } from '../routes/editor/harness.js';

describeEachDialect('sign-in throttling', (t) => {
  let h: Harness;
  beforeAll(() => {
    // Behind a proxy, so each test can be a different client address.
    h = harness(t, { TRUST_PROXY: '1' });
    // Far from a window boundary, so no test straddles two windows.
    h.clock.current = new Date(Math.floor(Date.now() / LOGIN_WINDOW_MS) * LOGIN_WINDOW_MS + 60_000);
  });

  function login(email: string, password: string, address: string) {
    return h.app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': `203.0.113.9, ${address}` },
      body: JSON.stringify({ email, password }),
    });
  }

  /** Records, in this window, one failure fewer from `address` than its limit allows. */
  async function oneFailureShort(address: string): Promise<void> {
    const windowStart = new Date(Math.floor(h.clock.now().getTime() / LOGIN_WINDOW_MS) * LOGIN_WINDOW_MS);
    await t()
      .db.insertInto('login_attempts')
      .values({
        key: loginKeys('x', address).client,
        window_start: windowStart,
        failures: CLIENT_FAILURE_LIMIT - 1,
      })
      .execute();
  }

  it('locks an account after too many wrong passwords, even for the right one, until the window ends', async () => {
    const user = await addUser(t().db, 'guessed');
    for (let i = 0; i < ACCOUNT_FAILURE_LIMIT; i++) {
      expect((await login(user.email, `guess ${i}`, `198.51.100.${i}`)).status).toBe(401);
    }
    const locked = await login(user.email, PASSWORD, '198.51.100.200');
    expect(locked.status).toBe(429);
    expect(await errorCode(locked)).toBe('rate_limited');
    const retryAfter = Number(locked.headers.get('Retry-After'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(LOGIN_WINDOW_MS / 1000);

    h.clock.advance(retryAfter * 1000);
    expect((await login(user.email, PASSWORD, '198.51.100.200')).status).toBe(200);
    h.clock.advance(-retryAfter * 1000);
  });

  it('locks an unknown e-mail the same way, so throttling does not reveal which accounts exist', async () => {
    for (let i = 0; i < ACCOUNT_FAILURE_LIMIT; i++) {
      expect((await login('ghost@example.test', `guess ${i}`, `198.51.101.${i}`)).status).toBe(401);
    }
    expect((await login('ghost@example.test', 'another', '198.51.101.200')).status).toBe(429);
  });

  it('forgets an account’s failures once it signs in', async () => {
    const user = await addUser(t().db, 'forgetful');
    for (let i = 0; i < ACCOUNT_FAILURE_LIMIT - 1; i++) await login(user.email, `typo ${i}`, '198.51.102.1');
    expect((await login(user.email, PASSWORD, '198.51.102.1')).status).toBe(200);
    expect((await login(user.email, 'one more typo', '198.51.102.1')).status).toBe(401);
    expect((await login(user.email, PASSWORD, '198.51.102.1')).status).toBe(200);
  });

  it('limits a client address across accounts', async () => {
    const address = '198.51.103.7';
    const user = await addUser(t().db, 'sprayed');
    // The failures a password spray from this address has already made, one per account.
    await oneFailureShort(address);
    expect((await login('other@example.test', 'spray', address)).status).toBe(401);
    const blocked = await login(user.email, PASSWORD, address);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('Retry-After')).toMatch(/^\d+$/);
    expect((await login(user.email, PASSWORD, '198.51.103.8')).status).toBe(200);
  });

  /**
   * Sends bursts of 100 parallel attempts until one has no 401 left (a 401 is an attempt whose
   * password was checked; a 429 was refused before scrypt ran), and answers the 401s of all bursts.
   */
  async function checkedInBursts(attempt: (i: number) => Response | Promise<Response>): Promise<number> {
    let checked = 0;
    for (let burst = 0; burst < 100; burst++) {
      const statuses = (
        await Promise.all(Array.from({ length: 100 }, (_, i) => attempt(burst * 100 + i)))
      ).map((a) => a.status);
      expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
      const burstChecked = statuses.filter((s) => s === 401).length;
      if (burstChecked === 0) return checked;
      checked += burstChecked;
    }
    throw new Error('attempts never ran out');
  }

  it('checks no more than the account’s limit of parallel attempts at one account', async () => {
    const user = await addUser(t().db, 'stormed');
    const checked = await checkedInBursts((i) =>
      login(user.email, `guess ${i}`, `198.51.${100 + (i % 100)}.${i % 250}`),
    );
    expect(checked).toBe(ACCOUNT_FAILURE_LIMIT);
    expect((await login(user.email, PASSWORD, '198.51.105.200')).status).toBe(429);
  });

  it('checks no more than the address’s limit of parallel attempts from one address', async () => {
    const address = '198.51.106.1';
    const checked = await checkedInBursts((i) => login(`sprayed-${i}@example.test`, 'Summer2026!', address));
    expect(checked).toBe(CLIENT_FAILURE_LIMIT);
  });

  it('gives a signed-in client its attempt back, so a newsroom behind one address can all sign in', async () => {
    const address = '198.51.107.1';
    await oneFailureShort(address);
    for (const label of ['desk1', 'desk2', 'desk3']) {
      const user = await addUser(t().db, label);
      expect((await login(user.email, PASSWORD, address)).status).toBe(200);
    }
  });

  it('stores neither e-mail addresses nor client addresses in the throttle table', async () => {
    const user = await addUser(t().db, 'private');
    await login(user.email, 'wrong', '198.51.104.1');
    const keys = (await t().db.selectFrom('login_attempts').select('key').execute())
      .map((r) => r.key)
      .join(' ');
    expect(keys).not.toContain(user.email);
    expect(keys).not.toContain('198.51.104.1');
  });
});
