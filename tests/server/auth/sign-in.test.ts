import { beforeAll, expect, it } from 'vitest';
import type { Invitation } from '../../../contract/api.js';
import { ACCOUNT_FAILURE_LIMIT, LOGIN_WINDOW_MS } from '../../../server/auth/login-throttle.js';
import { describeEachDialect } from '../../helpers/databases.js';
import {
  addSignedInOwner,
  addUser,
  call,
  errorCode,
  type Harness,
  harness,
  PASSWORD,
} from '../routes/editor/harness.js';

describeEachDialect('one sign-in with a password, throttled alike everywhere', (t) => {
  let h: Harness;
  let invitationToken: string;
  beforeAll(async () => {
    h = harness(t, { TRUST_PROXY: '1' });
    h.clock.current = new Date(Math.floor(Date.now() / LOGIN_WINDOW_MS) * LOGIN_WINDOW_MS + 60_000);
    const { siteId, session } = await addSignedInOwner(h);
    const invitation: Invitation = await (
      await call(h.app, 'POST', `/v1/sites/${siteId}/invitations`, { session }, { role: 'editor' })
    ).json();
    invitationToken = invitation.url?.split('/').at(-1) ?? '';
  });

  function post(path: string, body: unknown, address: string) {
    return h.app.request(`/api/v1${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': address },
      body: JSON.stringify(body),
    });
  }

  it('counts wrong passwords given to accept an invitation against the account, as sign-ins do', async () => {
    const user = await addUser(t().db, 'guessed');
    for (let i = 0; i < ACCOUNT_FAILURE_LIMIT - 1; i++) {
      expect(
        (await post('/auth/login', { email: user.email, password: `guess ${i}` }, `198.51.100.${i}`)).status,
      ).toBe(401);
    }
    const accept = `/invitations/${invitationToken}/accept`;
    const last = await post(accept, { email: user.email, password: 'one more guess' }, '198.51.100.100');
    expect(last.status).toBe(401);
    const locked = await post('/auth/login', { email: user.email, password: PASSWORD }, '198.51.100.101');
    expect(locked.status).toBe(429);
    const alsoLocked = await post(accept, { email: user.email, password: PASSWORD }, '198.51.100.102');
    expect(await errorCode(alsoLocked)).toBe('rate_limited');
  });
});
