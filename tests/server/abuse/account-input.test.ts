/**
 * Hostile input to the account routes (password change and reset, tokens): NUL and other control
 * characters, injection strings, wrong types, oversized values. Nothing may be a 5xx, what the
 * schemas refuse is a 400 (a made-up link a 404), and no password is set by any of it.
 */
import { beforeAll, expect, it } from 'vitest';
import { PASSWORD_MAX } from '../../../server/schemas/passwords.js';
import { describeEachDialect } from '../../helpers/databases.js';
import {
  addUser,
  call,
  type Harness,
  harness,
  PASSWORD,
  type Session,
  signIn,
} from '../routes/editor/harness.js';

const HOSTILE_STRINGS = [
  'nul\u0000inside',
  '\u0000',
  "' OR '1'='1",
  "'; DROP TABLE users; --",
  '<script>alert(1)</script>',
  '\u202Egnp.exe',
  '\uD800',
  'x'.repeat(PASSWORD_MAX + 1),
  '',
];

const NOT_STRINGS: unknown[] = [null, 42, true, [], {}, ['a'], { $gt: '' }];
const HOSTILE_VALUES: unknown[] = [...HOSTILE_STRINGS, ...NOT_STRINGS];

/** New passwords the rule refuses, each for another reason. */
const REFUSED_PASSWORDS: unknown[] = [
  'nul\u0000inside a long one',
  'a tab\tinside a long one',
  '\u0000'.repeat(12),
  'x'.repeat(PASSWORD_MAX + 1),
  '',
  'password123',
  'QWERTYUIOP',
  ...NOT_STRINGS,
];

describeEachDialect('hostile input to the account routes', (t) => {
  let h: Harness;
  let user: { id: string; email: string };
  let session: Session;

  beforeAll(async () => {
    h = harness(t);
    user = await addUser(t().db, 'target');
    session = await signIn(h.app, user.email);
  });

  it('answers 400 to every hostile address asking for a reset, 202 only to a well-formed one', async () => {
    for (const email of HOSTILE_VALUES) {
      // A fresh app each time: the per-client guard would otherwise answer 429 first.
      const response = await call(harness(t).app, 'POST', '/v1/auth/reset', {}, { email });
      expect(response.status, JSON.stringify(email)).toBe(400);
    }
  });

  it('answers 400 to hostile new passwords and 403 to hostile current ones, changing nothing', async () => {
    const hash = () =>
      t().db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
    const before = await hash();
    for (const value of REFUSED_PASSWORDS) {
      const asNew = await call(
        h.app,
        'POST',
        '/v1/me/password',
        { session },
        { current: PASSWORD, password: value },
      );
      expect(asNew.status, JSON.stringify(value)).toBe(400);
    }
    for (const value of HOSTILE_VALUES) {
      const asCurrent = await call(
        h.app,
        'POST',
        '/v1/me/password',
        { session },
        { current: value, password: 'a brand new passphrase' },
      );
      // Wrong (403) until the account's failures reach the sign-in throttle (429).
      expect([400, 403, 429], JSON.stringify(value)).toContain(asCurrent.status);
    }
    expect(await hash()).toEqual(before);
  });

  it('answers 404 to hostile reset links and 400 to hostile passwords sent with them', async () => {
    // A lone surrogate cannot be put in a URL at all.
    for (const token of HOSTILE_STRINGS.filter((s) => s !== '' && s !== '\uD800')) {
      const response = await call(
        h.app,
        'POST',
        `/v1/auth/reset/${encodeURIComponent(token)}`,
        {},
        { password: 'a brand new passphrase' },
      );
      expect(response.status, JSON.stringify(token)).toBe(404);
    }
    for (const password of REFUSED_PASSWORDS) {
      const response = await call(h.app, 'POST', '/v1/auth/reset/not-a-link', {}, { password });
      expect(response.status, JSON.stringify(password)).toBe(400);
    }
  });

  it('answers 400 to hostile token scopes and lifetimes', async () => {
    for (const value of HOSTILE_VALUES) {
      const scope = await call(h.app, 'POST', '/v1/tokens', { session }, { name: 'x', scope: value });
      expect(scope.status, JSON.stringify(value)).toBe(400);
      if (value === 42) continue;
      const days = await call(h.app, 'POST', '/v1/tokens', { session }, { name: 'x', expiresInDays: value });
      expect(days.status, JSON.stringify(value)).toBe(400);
    }
    for (const days of [-1, 0, 1e308, Number.MAX_SAFE_INTEGER, 0.5]) {
      const response = await call(
        h.app,
        'POST',
        '/v1/tokens',
        { session },
        { name: 'x', expiresInDays: days },
      );
      expect(response.status, String(days)).toBe(400);
    }
  });
});
