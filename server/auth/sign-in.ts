import type { Context } from 'hono';
import type { User } from '../../contract/api.js';
import { normaliseEmail } from '../db/queries/users.js';
import type { AppDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { clientAddress } from '../services/client-address.js';
import { checkCredentials } from './credentials.js';
import { assertLoginAllowed, loginKeys, noteLoginFailure, noteLoginSuccess } from './login-throttle.js';

/**
 * The user an e-mail and password prove, throttled per account and per client address: every way
 * of signing in with a password (the sign-in form, accepting an invitation with an existing
 * account) goes through here, so none is a way around the throttle. 429 rate_limited when
 * throttled, 401 unauthenticated for a wrong e-mail or password.
 */
export async function signInWithPassword(
  deps: AppDeps,
  c: Context,
  email: string,
  password: string,
): Promise<User> {
  const keys = loginKeys(normaliseEmail(email), clientAddress(c, deps.config.trustProxy));
  await assertLoginAllowed(deps, keys);
  const user = await checkCredentials(deps, email, password);
  if (!user) {
    await noteLoginFailure(deps, keys);
    throw new ApiError('unauthenticated', 'Wrong e-mail or password.');
  }
  await noteLoginSuccess(deps, keys);
  return user;
}
