/**
 * The hostile-input corpus against the e-mail routes: a member's choice (signed in) and the
 * unsubscribe link (public, so anyone can send it anything). Every answer is a 4xx with the one
 * error shape or the documented page; nothing is a 5xx, nothing changes a choice but a valid link.
 */
import { beforeAll, expect, it } from 'vitest';
import { unsubscribeToken } from '../../../server/mail/unsubscribe.js';
import { describeEachDialect } from '../../helpers/databases.js';
import {
  addSignedInOwner,
  call,
  errorCode,
  type Harness,
  harness,
  type Session,
} from '../routes/editor/harness.js';
import { HOSTILE_TEXT } from './corpus.js';

/** Bodies a member's choice must refuse with 400 invalid_request. */
const BAD_CHOICES: unknown[] = [
  ...HOSTILE_TEXT.map((email) => ({ email })),
  { email: 'instant\u0000' },
  { email: 'INSTANT' },
  { email: ' instant ' },
  { email: ['instant'] },
  { email: { $ne: null } },
  { email: null },
  { email: 1 },
  {},
  [],
  'instant',
  { email: 'x'.repeat(10_000) },
];

describeEachDialect('e-mail routes under hostile input', (t) => {
  let h: Harness;
  let session: Session;
  let site: string;
  let token: string;

  beforeAll(async () => {
    h = harness(t, { PUBLIC_URL: 'https://typos.example' });
    const owner = await addSignedInOwner(h);
    site = owner.siteId;
    session = owner.session;
    token = await unsubscribeToken(t().db, site, owner.user.id);
  });

  it.each(BAD_CHOICES.map((body, i) => [i, body] as const))(
    'refuses choice body #%i with 400',
    async (_, body) => {
      const answer = await call(h.app, 'PATCH', `/v1/sites/${site}/notifications`, { session }, body);
      expect(answer.status).toBe(400);
      expect(await errorCode(answer)).toBe('invalid_request');
    },
  );

  it('refuses a body over the 64 KiB cap with 413 before reading it as a choice', async () => {
    const answer = await call(
      h.app,
      'PATCH',
      `/v1/sites/${site}/notifications`,
      { session },
      { email: 'x'.repeat(100_000) },
    );
    expect(answer.status).toBe(413);
    expect(await errorCode(answer)).toBe('payload_too_large');
  });

  it('refuses a malformed JSON body and keeps the choice', async () => {
    const answer = await h.app.request(`/api/v1/sites/${site}/notifications`, {
      method: 'PATCH',
      headers: {
        Cookie: session.cookie,
        'X-CSRF-Token': session.csrfToken,
        'Content-Type': 'application/json',
      },
      body: '{"email": "off"',
    });
    expect(answer.status).toBe(400);
    const now = await call(h.app, 'GET', `/v1/sites/${site}/notifications`, { session });
    expect(await now.json()).toMatchObject({ email: 'daily' });
  });

  const hostileTokens = [
    ...HOSTILE_TEXT.map((text) => encodeURIComponent(text)),
    `${'a'.repeat(36)}.${'b'.repeat(36)}.${'c'.repeat(43)}`,
    '%00',
    '..%2F..%2Fetc%2Fpasswd',
    'x'.repeat(5000),
  ];

  it.each(hostileTokens.map((bad, i) => [i, bad] as const))(
    'answers unsubscribe token #%i with 404 on GET and POST',
    async (_, bad) => {
      for (const method of ['GET', 'POST']) {
        const answer = await h.app.request(`/api/v1/unsubscribe/${bad}`, { method });
        expect(answer.status).toBe(404);
        expect(await errorCode(answer)).toBe('not_found');
      }
    },
  );

  it('ignores whatever body a one-click POST carries', async () => {
    const bodies = ['List-Unsubscribe=One-Click', '<script>alert(1)</script>', 'x'.repeat(50_000), '\u0000'];
    for (const body of bodies) {
      const answer = await h.app.request(`/api/v1/unsubscribe/${token}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body,
      });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('Content-Type')).toMatch(/^text\/html/);
    }
    const now = await call(h.app, 'GET', `/v1/sites/${site}/notifications`, { session });
    expect(await now.json()).toMatchObject({ email: 'off' });
  });
});
