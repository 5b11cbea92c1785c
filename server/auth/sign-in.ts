import type { Context } from 'hono';
import type { User } from '../../contract/api.js';
import { normaliseEmail } from '../db/queries/users.js';
import type { AppDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { clientAddress } from '../services/client-address.js';
import { FairQueue, QueueFull } from '../services/fair-queue.js';
import { checkCredentials } from './credentials.js';
import { giveBackLoginAttempt, loginKeys, noteLoginSuccess, reserveLoginAttempt } from './login-throttle.js';

/**
 * Password checks running at once, and waiting. Each scrypt takes 32 MiB and a thread of libuv's
 * pool (4 by default, shared with file and DNS work); two keep a burst from taking the whole pool.
 * The queue takes turns between client addresses, so a flood from one address delays another
 * address's sign-in by about one check, not by the flood; and it is bounded (4 waiting per
 * address, 16 in all, about a second of checks), so a flood from many addresses is refused with
 * 429 rather than making every sign-in wait behind it.
 */
const passwordChecks = new FairQueue(2, { perKey: 4, total: 16 });

/**
 * The user an e-mail and password prove, throttled per account and per client address: every way
 * of signing in with a password (the sign-in form, accepting an invitation with an existing
 * account) goes through here, so none is a way around the throttle. The attempt is counted before
 * the password is checked. 429 rate_limited when throttled, 401 unauthenticated for a wrong e-mail
 * or password.
 */
export async function signInWithPassword(
  deps: AppDeps,
  c: Context,
  email: string,
  password: string,
): Promise<User> {
  const keys = loginKeys(normaliseEmail(email), clientAddress(c, deps.config.trustProxy));
  const reservation = await reserveLoginAttempt(deps, keys);
  const user = await passwordChecks
    .run(keys.client, () => checkCredentials(deps, email, password))
    .catch(async (error: unknown) => {
      if (!(error instanceof QueueFull)) throw error;
      // Not checked, so not counted.
      await giveBackLoginAttempt(deps, reservation);
      throw new ApiError('rate_limited', 'Too many sign-ins at once; try again in a moment.', {
        headers: { 'Retry-After': '1' },
      });
    });
  if (!user) throw new ApiError('unauthenticated', 'Wrong e-mail or password.');
  await noteLoginSuccess(deps, reservation);
  return user;
}
